//! Small preferences: the language shown.

use crate::i18n::Lang;
use crate::storage;

/// The key of the remembered language.
pub const LANG_KEY: &str = "timbang.lang";

/// The remembered language, or Indonesian. An unreadable entry is kept aside by [`storage::load`].
pub fn load_lang() -> Lang {
    storage::load::<Lang>(LANG_KEY)
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// Remembers the language.
pub fn save_lang(lang: Lang) -> Result<(), storage::SaveError> {
    storage::save(LANG_KEY, &lang)
}
