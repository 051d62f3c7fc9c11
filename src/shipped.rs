//! The rule sets the app ships, embedded at build time from `rulesets/` (by `build.rs`, which drops the
//! whitespace between their JSON tokens).

/// One shipped rule set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shipped {
    /// Its file name in `rulesets/`.
    pub file: &'static str,
    /// The file's text, without the whitespace between tokens.
    pub text: &'static str,
    /// Its content hash ([`timbang_engine::content_hash`]), written here so that the app knows which
    /// shipped rule set a stored hash names without loading them all first (a first visit then loads
    /// one rule set before the form appears, not four). A host test fails when a hash is stale.
    pub hash: &'static str,
}

/// Every shipped rule set; the first is the one a first visit opens on.
pub const SHIPPED: [Shipped; 4] = [
    Shipped {
        file: "bantaeng-draft.json",
        text: include_str!(concat!(env!("OUT_DIR"), "/bantaeng-draft.json")),
        hash: "f688b37a",
    },
    Shipped {
        file: "bps-14.json",
        text: include_str!(concat!(env!("OUT_DIR"), "/bps-14.json")),
        hash: "a489b9ed",
    },
    Shipped {
        file: "global-mpi.json",
        text: include_str!(concat!(env!("OUT_DIR"), "/global-mpi.json")),
        hash: "308b9386",
    },
    Shipped {
        file: "ppi-indonesia-2012.json",
        text: include_str!(concat!(env!("OUT_DIR"), "/ppi-indonesia-2012.json")),
        hash: "71a1553a",
    },
];

/// The shipped rule set with this content hash.
pub fn by_hash(hash: &str) -> Option<(usize, &'static Shipped)> {
    SHIPPED.iter().enumerate().find(|(_, s)| s.hash == hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page compiles the shipped rule sets without checking them again (`Entry::shipped`): this
    /// is where they are checked as an import is, meaning, lint and test households.
    #[test]
    fn every_shipped_rule_set_passes_every_check_an_import_gets() {
        for s in &SHIPPED {
            let loaded = timbang_engine::load(s.text).expect("a shipped rule set loads");
            assert_eq!(loaded.warnings, [], "{}", s.file);
            assert!(!loaded.tests.is_empty(), "{} has test households", s.file);
            assert!(loaded.tests.iter().all(|t| t.passed), "{}", s.file);
        }
    }

    #[test]
    fn every_written_hash_is_the_content_hash_of_its_file() {
        for s in &SHIPPED {
            let loaded = timbang_engine::load(s.text).expect("a shipped rule set loads");
            let hash = timbang_engine::content_hash(loaded.engine.rules());
            assert_eq!(
                s.hash, hash,
                "src/shipped.rs: the hash of {} is now {hash}",
                s.file
            );
        }
    }
}
