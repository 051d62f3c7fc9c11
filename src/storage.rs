//! What the app keeps in the browser's local storage, and how it never loses any of it.
//!
//! Every entry is JSON under a key that starts with [`PREFIX`], wrapped in an [`Envelope`] that carries the
//! storage schema version. An entry that cannot be read (broken JSON, another schema) is not dropped: its
//! raw text is moved under a `quarantine` key, the person is told, and can download it. A write the browser
//! refuses (quota full, storage disabled) comes back as a [`SaveError`] for the UI to show.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Every key of the app starts with this, so "delete my data" can find them all.
pub const PREFIX: &str = "timbang.";
/// The storage schema version written into every entry.
pub const SCHEMA: u32 = 1;
const QUARANTINE: &str = "timbang.quarantine.";

/// A stored value with the schema version it was written with.
#[derive(Serialize, Deserialize)]
pub struct Envelope<T> {
    /// The storage schema version.
    pub schema: u32,
    /// The value.
    pub data: T,
}

/// An entry that could not be read; its raw text has been kept under `kept_as`.
#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable {
    /// The key it was stored under.
    pub key: String,
    /// The key its raw text is now kept under.
    pub kept_as: String,
    /// The raw text.
    pub raw: String,
}

/// Why a write did not happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveError {
    /// The browser has no local storage here (e.g. some private modes).
    Unavailable,
    /// The browser refused the write, most likely because its storage quota is full.
    Refused,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Reads the entry at `key`: `Ok(None)` when there is none; `Err` when it is unreadable (then its raw
/// text has been moved aside and the entry removed, so the app can start clean without losing it).
pub fn load<T: DeserializeOwned>(key: &str) -> Result<Option<T>, Unreadable> {
    let Some(store) = storage() else {
        return Ok(None);
    };
    let Ok(Some(raw)) = store.get_item(key) else {
        return Ok(None);
    };
    match serde_json::from_str::<Envelope<T>>(&raw) {
        Ok(envelope) if envelope.schema == SCHEMA => Ok(Some(envelope.data)),
        _ => Err(quarantine(&store, key, raw)),
    }
}

fn quarantine(store: &web_sys::Storage, key: &str, raw: String) -> Unreadable {
    let stamp = js_sys::Date::now() as u64;
    let kept_as = format!("{QUARANTINE}{stamp}.{}", key.trim_start_matches(PREFIX));
    // If even this write fails, the entry stays where it was: reading it fails again next time, but it
    // is never lost.
    if store.set_item(&kept_as, &raw).is_ok() {
        let _ = store.remove_item(key);
    }
    Unreadable {
        key: key.to_owned(),
        kept_as,
        raw,
    }
}

/// Writes `value` at `key`.
pub fn save<T: Serialize>(key: &str, value: &T) -> Result<(), SaveError> {
    let store = storage().ok_or(SaveError::Unavailable)?;
    let text = serde_json::to_string(&Envelope {
        schema: SCHEMA,
        data: value,
    })
    .map_err(|_| SaveError::Refused)?;
    store.set_item(key, &text).map_err(|_| SaveError::Refused)
}

/// Removes the entry at `key`.
pub fn remove(key: &str) {
    if let Some(store) = storage() {
        let _ = store.remove_item(key);
    }
}

/// The raw texts kept aside from unreadable entries, oldest first: (key, text).
pub fn quarantined() -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(store) = storage() {
        let len = store.length().unwrap_or(0);
        for i in 0..len {
            if let Ok(Some(key)) = store.key(i) {
                if key.starts_with(QUARANTINE) {
                    if let Ok(Some(raw)) = store.get_item(&key) {
                        out.push((key, raw));
                    }
                }
            }
        }
    }
    out.sort();
    out
}

/// Deletes every entry of the app ("Hapus data saya"), the quarantined ones included.
pub fn clear_all() {
    let Some(store) = storage() else { return };
    let len = store.length().unwrap_or(0);
    let keys: Vec<String> = (0..len)
        .filter_map(|i| store.key(i).ok().flatten())
        .filter(|k| k.starts_with(PREFIX))
        .collect();
    for key in keys {
        let _ = store.remove_item(&key);
    }
}
