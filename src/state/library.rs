//! The rule sets a person can use: the shipped ones and those they imported.

use std::rc::Rc;

use timbang_engine::load::{load, Loaded};
use timbang_engine::{content_hash, Diagnostic, RuleSet};
use yew::Reducible;

use crate::shipped::SHIPPED;

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
    /// Loads a rule set from its text.
    pub fn load(text: &str, shipped: bool) -> Result<Entry, Vec<Diagnostic>> {
        let loaded = load(text)?;
        Ok(Entry {
            hash: content_hash(loaded.engine.rules()),
            shipped,
            loaded,
            text: text.to_owned(),
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
}

/// What can happen to the library.
pub enum LibraryAction {
    /// Add an imported rule set (or, when the same rules are there already, nothing).
    Add(Rc<Entry>),
    /// Remove an imported rule set by hash.
    Remove(String),
}

impl Library {
    /// The shipped rule sets plus the imported texts that still load. Texts that no longer load are
    /// returned with their errors, so the caller can say so (they stay in storage, untouched).
    pub fn new(imported: &[String]) -> (Library, Vec<(String, Vec<Diagnostic>)>) {
        let mut entries = Vec::new();
        for (_, text) in SHIPPED {
            // The shipped files are checked by the engine's tests; one that failed anyway is skipped
            // rather than taking the page down.
            if let Ok(entry) = Entry::load(text, true) {
                entries.push(Rc::new(entry));
            }
        }
        let mut broken = Vec::new();
        let mut library = Library { entries };
        for text in imported {
            match Entry::load(text, false) {
                Ok(entry) => library.insert(Rc::new(entry)),
                Err(errors) => broken.push((text.clone(), errors)),
            }
        }
        (library, broken)
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
                let mut entries = self.entries.clone();
                entries.push(entry);
                Rc::new(Library { entries })
            }
            LibraryAction::Remove(hash) => {
                if !self.entries.iter().any(|e| e.hash == hash && !e.shipped) {
                    return self;
                }
                let entries = self
                    .entries
                    .iter()
                    .filter(|e| e.shipped || e.hash != hash)
                    .cloned()
                    .collect();
                Rc::new(Library { entries })
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
    fn imports_are_added_once_and_broken_ones_reported() {
        let text = SHIPPED[1].1.replace("\"version\": \"", "\"version\": \"x");
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
