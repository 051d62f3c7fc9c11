//! The rule sets the app ships, embedded at build time from `rulesets/`.

/// (file name, text) of every shipped rule set; the first is the one a first visit opens on.
pub const SHIPPED: [(&str, &str); 4] = [
    (
        "bantaeng-draft.json",
        include_str!("../rulesets/bantaeng-draft.json"),
    ),
    ("bps-14.json", include_str!("../rulesets/bps-14.json")),
    (
        "global-mpi.json",
        include_str!("../rulesets/global-mpi.json"),
    ),
    (
        "ppi-indonesia-2012.json",
        include_str!("../rulesets/ppi-indonesia-2012.json"),
    ),
];
