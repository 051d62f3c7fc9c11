//! The rule sets a person can use: the shipped ones and those they imported.

use std::rc::Rc;

use timbang_engine::load::{compile_loaded, load, Loaded};
use timbang_engine::{content_hash, Diagnostic, RuleSet};
use yew::Reducible;

use crate::shipped::{self, Shipped, SHIPPED};

/// The storage key of the imported rule sets (their texts, as imported).
pub const IMPORTED_KEY: &str = "timbang.rulesets";

/// One usable rule set.
#[derive(Debug)]
pub struct Entry {
    /// The short content hash: identifies exactly these rules.
    pub hash: String,
    /// Shipped with the app (true) or imported by the person.
    pub shipped: bool,
    /// The loaded rule set: engine, warnings, test results.
    pub loaded: Loaded,
    /// The text it was loaded from, kept so that storage holds what the person gave.
    pub text: String,
}

impl Entry {
    /// Loads an imported rule set from its text: read, checked (meaning and test households) and
    /// compiled. One call site of the engine's (large) `load`, so the app's wasm holds one copy of it.
    #[inline(never)]
    pub fn load(text: &str) -> Result<Entry, Vec<Diagnostic>> {
        let loaded = load(text)?;
        Ok(Entry {
            hash: content_hash(loaded.engine.rules()),
            shipped: false,
            loaded,
            text: text.to_owned(),
        })
    }

    /// Compiles a shipped rule set, whose hash is known already. Its meaning and its test households
    /// are not checked again on every visit: the host tests check every shipped file exactly as an
    /// import is checked (`shipped::tests`), and the embedded text cannot change after the build.
    /// Checking them took three quarters of the time the page spends loading the rule set it opens on.
    pub fn shipped(s: &Shipped) -> Result<Entry, Vec<Diagnostic>> {
        let engine = compile_loaded(s.text)?;
        Ok(Entry {
            hash: s.hash.to_owned(),
            shipped: true,
            loaded: Loaded {
                engine,
                warnings: Vec::new(),
                tests: Vec::new(),
            },
            text: s.text.to_owned(),
        })
    }

    /// Its rules.
    pub fn rules(&self) -> &RuleSet {
        self.loaded.engine.rules()
    }
}

impl PartialEq for Entry {
    fn eq(&self, other: &Entry) -> bool {
        self.hash == other.hash && self.shipped == other.shipped
    }
}

/// Every usable rule set, shipped ones first.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Library {
    /// The rule sets, in picker order.
    pub entries: Vec<Rc<Entry>>,
    /// The shipped rule sets not loaded yet (indices into [`SHIPPED`]), loaded one at a time after
    /// the first paint ([`LibraryAction::LoadShipped`]).
    pending: Vec<usize>,
}

/// What can happen to the library.
pub enum LibraryAction {
    /// Add an imported rule set (or, when the same rules are there already, nothing).
    Add(Rc<Entry>),
    /// Remove an imported rule set by hash.
    Remove(String),
    /// Load the next shipped rule set still pending.
    LoadShipped,
}

impl Library {
    /// The shipped rule sets plus the imported texts that still load. Texts that no longer load are
    /// returned with their errors, so the caller can say so (they stay in storage, untouched).
    pub fn new(imported: &[String]) -> (Library, Vec<(String, Vec<Diagnostic>)>) {
        let (mut library, broken) = Library::starting_with(imported, None);
        while library.load_next_shipped() {}
        (library, broken)
    }

    /// What the first paint needs: the imported rule sets and one shipped rule set, the one with hash
    /// `active` (else the first). The other shipped ones are left pending: loading all four before
    /// the form appears took more than a third of the start-up time.
    pub fn starting_with(
        imported: &[String],
        active: Option<&str>,
    ) -> (Library, Vec<(String, Vec<Diagnostic>)>) {
        let first = active.and_then(shipped::by_hash).map_or(0, |(i, _)| i);
        let mut library = Library {
            entries: Vec::new(),
            pending: (0..SHIPPED.len()).collect(),
        };
        library.load_shipped(first);
        let mut broken = Vec::new();
        for text in imported {
            match Entry::load(text) {
                Ok(entry) => library.insert(Rc::new(entry)),
                Err(errors) => broken.push((text.clone(), errors)),
            }
        }
        (library, broken)
    }

    /// Whether shipped rule sets are still to be loaded.
    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    /// Loads the next pending shipped rule set; false when none was pending.
    fn load_next_shipped(&mut self) -> bool {
        match self.pending.first() {
            Some(&i) => {
                self.load_shipped(i);
                true
            }
            None => false,
        }
    }

    /// Loads `SHIPPED[index]` into its place among the shipped entries (picker order is [`SHIPPED`]
    /// order, then the imported ones).
    fn load_shipped(&mut self, index: usize) {
        self.pending.retain(|&i| i != index);
        let Some(s) = SHIPPED.get(index) else {
            return;
        };
        // The shipped files are checked by the engine's tests; one that failed anyway is skipped
        // rather than taking the page down.
        let Ok(entry) = Entry::shipped(s) else {
            return;
        };
        // The same rules imported meanwhile become the shipped entry again, as when all loaded at once.
        self.entries.retain(|e| e.hash != entry.hash);
        let before = self
            .entries
            .iter()
            .take_while(|e| e.shipped && shipped::by_hash(&e.hash).is_some_and(|(j, _)| j < index))
            .count();
        self.entries.insert(before, Rc::new(entry));
    }

    fn insert(&mut self, entry: Rc<Entry>) {
        if !self.entries.iter().any(|e| e.hash == entry.hash) {
            self.entries.push(entry);
        }
    }

    /// The entry with this hash.
    pub fn get(&self, hash: &str) -> Option<&Rc<Entry>> {
        self.entries.iter().find(|e| e.hash == hash)
    }

    /// The entry a first visit opens on.
    pub fn default_entry(&self) -> Option<&Rc<Entry>> {
        self.entries.first()
    }

    /// The texts of the imported rule sets, to store.
    pub fn imported_texts(&self) -> Vec<String> {
        self.entries
            .iter()
            .filter(|e| !e.shipped)
            .map(|e| e.text.clone())
            .collect()
    }
}

impl Reducible for Library {
    type Action = LibraryAction;

    fn reduce(self: Rc<Self>, action: LibraryAction) -> Rc<Self> {
        match action {
            LibraryAction::Add(entry) => {
                if self.get(&entry.hash).is_some() {
                    return self;
                }
                let mut next = (*self).clone();
                next.entries.push(entry);
                Rc::new(next)
            }
            LibraryAction::Remove(hash) => {
                if !self.entries.iter().any(|e| e.hash == hash && !e.shipped) {
                    return self;
                }
                let mut next = (*self).clone();
                next.entries.retain(|e| e.shipped || e.hash != hash);
                Rc::new(next)
            }
            LibraryAction::LoadShipped => {
                if self.pending.is_empty() {
                    return self;
                }
                let mut next = (*self).clone();
                next.load_next_shipped();
                Rc::new(next)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_rule_set_loads_and_bantaeng_comes_first() {
        let (library, broken) = Library::new(&[]);
        assert!(broken.is_empty());
        assert_eq!(library.entries.len(), SHIPPED.len());
        let first = library.default_entry().expect("a default rule set");
        assert_eq!(first.rules().id, "bantaeng-draft");
    }

    #[test]
    fn a_first_paint_loads_the_active_shipped_rule_set_and_the_rest_follow_in_order() {
        let active = SHIPPED[2].hash;
        let (library, broken) = Library::starting_with(&[], Some(active));
        assert!(broken.is_empty());
        let ids = |l: &Library| l.entries.iter().map(|e| e.hash.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&library), [active]);
        assert_eq!(library.pending(), 3);

        let mut library = Rc::new(library);
        for _ in 0..3 {
            library = library.reduce(LibraryAction::LoadShipped);
        }
        assert_eq!(library.pending(), 0);
        let all: Vec<String> = SHIPPED.iter().map(|s| s.hash.to_owned()).collect();
        assert_eq!(ids(&library), all);
        let same = library.clone().reduce(LibraryAction::LoadShipped);
        assert!(Rc::ptr_eq(&same, &library), "nothing left to load");
    }

    #[test]
    fn without_an_active_shipped_rule_set_the_first_paint_has_the_default_and_the_imports() {
        let text = SHIPPED[1].text.replace("\"version\":\"", "\"version\":\"x");
        let (library, _) = Library::starting_with(&[text], Some("00000000"));
        assert_eq!(library.entries.len(), 2);
        assert_eq!(library.entries[0].rules().id, "bantaeng-draft");
        assert!(!library.entries[1].shipped);
    }

    #[test]
    fn imports_are_added_once_and_broken_ones_reported() {
        let text = SHIPPED[1].text.replace("\"version\":\"", "\"version\":\"x");
        let (library, broken) = Library::new(&[text.clone(), text, "{".to_owned()]);
        assert_eq!(library.entries.len(), SHIPPED.len() + 1);
        assert_eq!(broken.len(), 1);
        assert_eq!(broken[0].1[0].code.as_str(), "json_syntax");
        let imported = library.entries.last().unwrap().clone();
        assert!(!imported.shipped);

        let library = Rc::new(library);
        let same = library.clone().reduce(LibraryAction::Add(imported.clone()));
        assert!(
            Rc::ptr_eq(&same, &library),
            "adding the same rules changes nothing"
        );
        let removed = library.reduce(LibraryAction::Remove(imported.hash.clone()));
        assert_eq!(removed.entries.len(), SHIPPED.len());
    }
}
