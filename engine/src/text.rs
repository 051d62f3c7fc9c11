//! Human text in the two languages every rule set carries.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A language Timbang speaks. Indonesian comes first everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Bahasa Indonesia.
    #[default]
    Id,
    /// English.
    En,
}

impl Lang {
    /// The two-letter code (`id`, `en`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    /// Reads `id` or `en` (case-insensitive).
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "id" => Some(Lang::Id),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A text with an Indonesian and an English form.
///
/// ```
/// use timbang_engine::{Lang, Text};
/// let t = Text::new("Lantai tanah", "Earth floor");
/// assert_eq!(t.get(Lang::En), "Earth floor");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// Bahasa Indonesia.
    pub id: String,
    /// English.
    pub en: String,
}

impl Text {
    /// A text from its two forms.
    pub fn new(id: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            id: id.into(),
            en: en.into(),
        }
    }

    /// The form in `lang`, falling back to the other form when that one is empty.
    pub fn get(&self, lang: Lang) -> &str {
        let (first, second) = match lang {
            Lang::Id => (&self.id, &self.en),
            Lang::En => (&self.en, &self.id),
        };
        if first.is_empty() {
            second
        } else {
            first
        }
    }
}
