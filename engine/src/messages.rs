//! The Indonesian and English sentence for every diagnostic code.
//!
//! Kept apart from [`crate::diagnostic`] so that translators find every sentence in one place. Each
//! sentence names the ids and values in the diagnostic's parameters; a missing parameter shows as `?`
//! rather than failing, because a message must never be the thing that breaks.

use crate::diagnostic::{Code, Diagnostic};
use crate::text::Lang;

/// The sentence for `d` in `lang`.
pub(crate) fn message(d: &Diagnostic, lang: Lang) -> String {
    let (id, en) = sentences(d);
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

/// A parameter, or `?` when absent.
fn p<'a>(d: &'a Diagnostic, key: &str) -> &'a str {
    d.params.get(key).map(String::as_str).unwrap_or("?")
}

/// What kind of thing an id names, in both languages (`kind` parameters).
fn kind(d: &Diagnostic, key: &str) -> (&'static str, &'static str) {
    match p(d, key) {
        "question" => ("pertanyaan", "question"),
        "derived" => ("nilai turunan", "derived value"),
        "question_or_derived" => ("pertanyaan atau nilai turunan", "question or derived value"),
        "number_input" => (
            "pertanyaan angka atau nilai turunan",
            "number question or derived value",
        ),
        "indicator" => ("indikator", "indicator"),
        "cluster" => ("klaster", "cluster"),
        "cluster_indicator" => ("indikator dalam klaster", "indicator in a cluster"),
        "class" => ("kelas", "class"),
        "option" => ("opsi", "option"),
        "rule_set" => ("aturan", "rule set"),
        _ => ("hal", "item"),
    }
}

/// A question type or expected kind of value, in both languages.
fn type_name(d: &Diagnostic, key: &str) -> (&'static str, &'static str) {
    match p(d, key) {
        "yes_no" => ("ya/tidak", "yes/no"),
        "number" => ("angka", "number"),
        "choice" => ("pilihan", "choice"),
        "derived" => ("nilai turunan (angka)", "derived value (a number)"),
        "option" => ("id opsi", "option id"),
        "integer" => ("bilangan bulat", "whole number"),
        _ => ("?", "?"),
    }
}

/// serde_json's syntax messages in Indonesian; anything unknown stays as serde wrote it.
fn syntax_id(detail: &str) -> String {
    const TABLE: &[(&str, &str)] = &[
        ("trailing comma", "ada koma berlebih sebelum penutup"),
        ("expected `,` or `}`", "seharusnya `,` atau `}`"),
        ("expected `,` or `]`", "seharusnya `,` atau `]`"),
        ("expected `:`", "seharusnya `:`"),
        ("expected value", "seharusnya ada nilai"),
        (
            "expected ident",
            "kata kunci tidak dikenal (true, false atau null?)",
        ),
        (
            "key must be a string",
            "nama kolom harus berupa teks dalam tanda kutip",
        ),
        (
            "EOF while parsing a value",
            "teks berakhir sebelum nilai selesai",
        ),
        (
            "EOF while parsing an object",
            "teks berakhir sebelum objek ditutup dengan `}`",
        ),
        (
            "EOF while parsing a list",
            "teks berakhir sebelum daftar ditutup dengan `]`",
        ),
        (
            "EOF while parsing a string",
            "teks berakhir sebelum tanda kutip penutup",
        ),
        ("trailing characters", "ada teks setelah akhir JSON"),
        ("invalid escape", "urutan escape `\\` tidak sah"),
        ("invalid number", "angka tidak sah"),
        ("number out of range", "angka terlalu besar"),
        ("control character", "ada karakter kontrol di dalam teks"),
        ("recursion limit exceeded", "bertingkat terlalu dalam"),
    ];
    TABLE
        .iter()
        .find(|(en, _)| detail.starts_with(en))
        .map_or_else(|| detail.to_owned(), |(_, id)| (*id).to_owned())
}

/// The kinds of value serde names in `wrong_type` messages, in Indonesian.
fn serde_id(text: &str) -> String {
    const TABLE: &[(&str, &str)] = &[
        (
            "a number, or a string holding a number",
            "angka, atau teks berisi angka atau pecahan seperti \"1/18\"",
        ),
        (
            "true, false, a number or a text",
            "true, false, angka atau teks",
        ),
        ("boolean", "nilai true/false"),
        ("a boolean", "nilai true/false"),
        ("integer", "bilangan bulat"),
        ("floating point", "angka desimal"),
        ("a number", "angka"),
        ("string", "teks"),
        ("a string", "teks"),
        ("sequence", "daftar"),
        ("a sequence", "daftar"),
        ("an array", "daftar"),
        ("map", "objek"),
        ("an object", "objek"),
        ("struct", "objek"),
        ("internally tagged enum", "objek kondisi dengan `op`"),
        ("null", "null"),
        ("unit value", "null"),
    ];
    TABLE
        .iter()
        .filter(|(en, _)| text.starts_with(en))
        .max_by_key(|(en, _)| en.len())
        .map_or_else(
            || text.to_owned(),
            |(en, id)| {
                // Keep a literal serde quotes (e.g. boolean `true`), drop a type name.
                let rest = text.get(en.len()..).unwrap_or("").trim();
                if rest.starts_with('`') || rest.starts_with('"') {
                    format!("{id} {rest}")
                } else {
                    (*id).to_owned()
                }
            },
        )
}

/// An English noun phrase with its indefinite article.
fn a_an(noun: &str) -> String {
    let vowel = noun
        .chars()
        .next()
        .is_some_and(|c| "aeiouAEIOU".contains(c));
    if vowel {
        format!("an {noun}")
    } else {
        format!("a {noun}")
    }
}

/// `s` ending with a full stop.
fn full_stop(s: &str) -> String {
    if s.ends_with('.') {
        s.to_owned()
    } else {
        format!("{s}.")
    }
}

fn sentences(d: &Diagnostic) -> (String, String) {
    match d.code {
        Code::JsonSyntax => (
            format!(
                "Teks ini bukan JSON yang sah: {}.",
                syntax_id(p(d, "detail"))
            ),
            format!("This text is not valid JSON: {}.", p(d, "detail")),
        ),
        Code::MissingFormat => (
            format!(
                "Kolom `format` tidak ada; aturan versi ini harus memuat \"format\": \"{}\".",
                p(d, "supported")
            ),
            format!(
                "The `format` field is missing; a rule set of this version must contain \"format\": \"{}\".",
                p(d, "supported")
            ),
        ),
        Code::UnsupportedFormat => (
            format!(
                "Format \"{}\" tidak didukung; Timbang membaca \"{}\".",
                p(d, "found"),
                p(d, "supported")
            ),
            format!(
                "The format \"{}\" is not supported; Timbang reads \"{}\".",
                p(d, "found"),
                p(d, "supported")
            ),
        ),
        Code::UnknownField => (
            format!(
                "Kolom `{}` tidak dikenal di sini; kolom yang dikenal: {}.",
                p(d, "field"),
                p(d, "expected")
            ),
            format!(
                "The field `{}` is not known here; known fields: {}.",
                p(d, "field"),
                p(d, "expected")
            ),
        ),
        Code::MissingField => (
            format!("Kolom wajib `{}` tidak ada.", p(d, "field")),
            format!("The required field `{}` is missing.", p(d, "field")),
        ),
        Code::DuplicateField => (
            format!("Kolom `{}` muncul dua kali dalam objek yang sama.", p(d, "field")),
            format!("The field `{}` appears twice in the same object.", p(d, "field")),
        ),
        Code::WrongType => (
            format!(
                "Jenis nilai salah: ditemukan {}, seharusnya {}.",
                serde_id(p(d, "found")),
                serde_id(p(d, "expected"))
            ),
            format!(
                "Wrong kind of value: found {}, expected {}.",
                p(d, "found"),
                p(d, "expected")
            ),
        ),
        Code::UnknownVariant => (
            format!(
                "Kata kunci `{}` tidak dikenal; pilihan yang sah: {}.",
                p(d, "found"),
                p(d, "expected")
            ),
            format!(
                "The keyword `{}` is not known; valid choices: {}.",
                p(d, "found"),
                p(d, "expected")
            ),
        ),
        Code::InvalidNumber => (
            format!(
                "Nilai ini bukan angka yang bisa dibaca (bilangan, desimal, atau pecahan seperti \"1/18\"): {}.",
                p(d, "detail")
            ),
            format!(
                "This value is not a readable number (integer, decimal, or fraction such as \"1/18\"): {}.",
                p(d, "detail")
            ),
        ),
        Code::InvalidField => (
            format!("Nilai ini tidak bisa dibaca: {}.", p(d, "detail")),
            format!("This value cannot be read: {}.", p(d, "detail")),
        ),
        Code::InvalidId => {
            let (ki, ke) = kind(d, "kind");
            if p(d, "reason") == "reserved" {
                (
                    format!(
                        "Id {ki} \"{}\" tidak boleh dipakai karena merupakan nama fungsi dalam ekspresi.",
                        p(d, "id")
                    ),
                    format!(
                        "The {ke} id \"{}\" cannot be used because it is the name of a function in expressions.",
                        p(d, "id")
                    ),
                )
            } else {
                (
                    format!(
                        "Id {ki} \"{}\" tidak sah: gunakan huruf kecil, angka dan `_`, diawali huruf.",
                        p(d, "id")
                    ),
                    format!(
                        "The {ke} id \"{}\" is not valid: use lower-case letters, digits and `_`, starting with a letter.",
                        p(d, "id")
                    ),
                )
            }
        }
        Code::DuplicateId => {
            let (ki, ke) = kind(d, "kind");
            (
                format!(
                    "Id {ki} \"{}\" sudah dipakai di {}.",
                    p(d, "id"),
                    p(d, "first")
                ),
                format!(
                    "The {ke} id \"{}\" is already used at {}.",
                    p(d, "id"),
                    p(d, "first")
                ),
            )
        }
        Code::UnknownReference => {
            let (ki, ke) = kind(d, "kind");
            (
                format!("Tidak ada {ki} dengan id \"{}\".", p(d, "id")),
                format!("There is no {ke} with the id \"{}\".", p(d, "id")),
            )
        }
        Code::UnknownOption => (
            format!(
                "Pertanyaan pilihan \"{}\" tidak punya opsi \"{}\".",
                p(d, "question"),
                p(d, "option")
            ),
            format!(
                "The choice question \"{}\" has no option \"{}\".",
                p(d, "question"),
                p(d, "option")
            ),
        ),
        Code::ExprSyntax => {
            // The parser's own sentence in each language, when load put it there.
            let reason_id = d.params.get("reason_id").map(String::as_str);
            let reason_en = d.params.get("reason_en").map(String::as_str);
            (
                format!(
                    "Ekspresi nilai turunan \"{}\" (\"{}\") tidak bisa dibaca pada kolom {}: {}",
                    p(d, "id"),
                    p(d, "expr"),
                    p(d, "column"),
                    full_stop(reason_id.unwrap_or(p(d, "reason")))
                ),
                format!(
                    "The expression of the derived value \"{}\" (\"{}\") cannot be read at column {}: {}",
                    p(d, "id"),
                    p(d, "expr"),
                    p(d, "column"),
                    full_stop(reason_en.unwrap_or(p(d, "reason")))
                ),
            )
        }
        Code::DerivedCycle => (
            format!(
                "Nilai turunan \"{}\" bergantung pada dirinya sendiri: {}.",
                p(d, "id"),
                p(d, "cycle")
            ),
            format!(
                "The derived value \"{}\" depends on itself: {}.",
                p(d, "id"),
                p(d, "cycle")
            ),
        ),
        Code::TypeMismatch => {
            let (ti, te) = type_name(d, "on_type");
            let (ei, ee) = type_name(d, "expected");
            if p(d, "op") == "expression" {
                // An id of a yes/no or choice question used in arithmetic.
                return (
                    format!(
                        "Ekspresi nilai turunan \"{}\" memakai \"{}\" ({ti}), padahal hitungan memerlukan {ei}.",
                        p(d, "derived"),
                        p(d, "on")
                    ),
                    format!(
                        "The expression of the derived value \"{}\" uses \"{}\" ({te}), but arithmetic needs {}.",
                        p(d, "derived"),
                        p(d, "on"),
                        a_an(ee)
                    ),
                );
            }
            match d.params.get("value") {
                Some(v) => (
                    format!(
                        "Nilai {v} dalam `{}` tidak cocok dengan \"{}\" ({ti}): seharusnya {ei}.",
                        p(d, "op"),
                        p(d, "on")
                    ),
                    format!(
                        "The value {v} in `{}` does not fit \"{}\" ({te}): expected {}.",
                        p(d, "op"),
                        p(d, "on"),
                        a_an(ee)
                    ),
                ),
                None => (
                    format!(
                        "`{}` tidak bisa dipakai pada \"{}\" ({ti}); `{}` memerlukan {ei}.",
                        p(d, "op"),
                        p(d, "on"),
                        p(d, "op")
                    ),
                    format!(
                        "`{}` cannot be used on \"{}\" ({te}); `{}` needs {}.",
                        p(d, "op"),
                        p(d, "on"),
                        p(d, "op"),
                        a_an(ee)
                    ),
                ),
            }
        }
        Code::FieldNotAllowed => {
            let (ti, te) = type_name(d, "type");
            (
                format!(
                    "Kolom `{}` tidak berlaku untuk pertanyaan jenis {ti}.",
                    p(d, "field")
                ),
                format!(
                    "The field `{}` does not apply to a question of type {te}.",
                    p(d, "field")
                ),
            )
        }
        Code::TooFewOptions => (
            format!(
                "Pertanyaan pilihan \"{}\" hanya punya {} opsi; perlu paling sedikit dua.",
                p(d, "question"),
                p(d, "count")
            ),
            format!(
                "The choice question \"{}\" has only {} option(s); it needs at least two.",
                p(d, "question"),
                p(d, "count")
            ),
        ),
        Code::MinGreaterThanMax => (
            format!(
                "Batas bawah {} lebih besar dari batas atas {}.",
                p(d, "min"),
                p(d, "max")
            ),
            format!(
                "The lower end {} is greater than the upper end {}.",
                p(d, "min"),
                p(d, "max")
            ),
        ),
        Code::OutOfRange => (
            format!(
                "Nilai {} berada di luar rentang {} sampai {}.",
                p(d, "value"),
                p(d, "min"),
                p(d, "max")
            ),
            format!(
                "The value {} lies outside the range {} to {}.",
                p(d, "value"),
                p(d, "min"),
                p(d, "max")
            ),
        ),
        Code::InvalidAnswer => {
            let (ei, ee) = type_name(d, "expected");
            let (ri, re) = if d.params.contains_key("min") || d.params.contains_key("max") {
                let min = d.params.get("min").map(String::as_str).unwrap_or("…");
                let max = d.params.get("max").map(String::as_str).unwrap_or("…");
                (
                    format!(" dari {min} sampai {max}"),
                    format!(" from {min} to {max}"),
                )
            } else {
                (String::new(), String::new())
            };
            (
                format!(
                    "Jawaban {} untuk pertanyaan \"{}\" tidak sah: seharusnya {ei}{ri}.",
                    p(d, "value"),
                    p(d, "question")
                ),
                format!(
                    "The answer {} to the question \"{}\" is not valid: expected {}{re}.",
                    p(d, "value"),
                    p(d, "question"),
                    a_an(ee)
                ),
            )
        }
        Code::MissingCondition => (
            format!(
                "Indikator \"{}\" berlaku di klaster \"{}\" tetapi tidak punya kondisi (`condition`).",
                p(d, "indicator"),
                p(d, "cluster")
            ),
            format!(
                "The indicator \"{}\" applies in the cluster \"{}\" but has no `condition`.",
                p(d, "indicator"),
                p(d, "cluster")
            ),
        ),
        Code::MissingPoints => (
            format!(
                "Indikator \"{}\" berlaku di klaster \"{}\" tetapi tidak punya kasus poin (`points`).",
                p(d, "indicator"),
                p(d, "cluster")
            ),
            format!(
                "The indicator \"{}\" applies in the cluster \"{}\" but has no `points` cases.",
                p(d, "indicator"),
                p(d, "cluster")
            ),
        ),
        Code::MissingWeight => (
            format!(
                "Indikator \"{}\" di klaster \"{}\" tidak punya bobot (`weight`), padahal metodenya `weighted`.",
                p(d, "indicator"),
                p(d, "cluster")
            ),
            format!(
                "The indicator \"{}\" in the cluster \"{}\" has no `weight`, but the method is `weighted`.",
                p(d, "indicator"),
                p(d, "cluster")
            ),
        ),
        Code::InvalidWeight => (
            format!(
                "Bobot {} untuk indikator \"{}\" di klaster \"{}\" harus lebih dari 0 dan paling besar 1.",
                p(d, "value"),
                p(d, "indicator"),
                p(d, "cluster")
            ),
            format!(
                "The weight {} of the indicator \"{}\" in the cluster \"{}\" must be above 0 and at most 1.",
                p(d, "value"),
                p(d, "indicator"),
                p(d, "cluster")
            ),
        ),
        Code::WeightsNotOne => (
            format!(
                "Jumlah bobot di klaster \"{}\" adalah {}, bukan tepat 1.",
                p(d, "cluster"),
                p(d, "sum")
            ),
            format!(
                "The weights in the cluster \"{}\" add up to {}, not exactly 1.",
                p(d, "cluster"),
                p(d, "sum")
            ),
        ),
        Code::IgnoredField => (
            format!(
                "Kolom `{}` tidak dipakai oleh metode `{}` dan diabaikan.",
                p(d, "field"),
                p(d, "method")
            ),
            format!(
                "The field `{}` is not used by the `{}` method and is ignored.",
                p(d, "field"),
                p(d, "method")
            ),
        ),
        Code::EmptyList => (
            format!("Daftar `{}` tidak boleh kosong.", p(d, "field")),
            format!("The list `{}` must not be empty.", p(d, "field")),
        ),
        Code::InvalidColour => (
            format!(
                "Warna \"{}\" tidak sah; tulis sebagai #rrggbb, misalnya #b22222.",
                p(d, "value")
            ),
            format!(
                "The colour \"{}\" is not valid; write it as #rrggbb, e.g. #b22222.",
                p(d, "value")
            ),
        ),
        Code::InvalidDate => (
            format!(
                "Tanggal \"{}\" tidak sah; tulis tanggal yang ada sebagai TTTT-BB-HH, misalnya 2020-07-17.",
                p(d, "value")
            ),
            format!(
                "The date \"{}\" is not valid; write a real date as YYYY-MM-DD, e.g. 2020-07-17.",
                p(d, "value")
            ),
        ),
        Code::MissingTranslation => {
            let (li, le) = match p(d, "missing") {
                "id" => ("bahasa Indonesia", "Indonesian"),
                _ => ("bahasa Inggris", "English"),
            };
            (
                format!("Teks ini belum punya versi {li}."),
                format!("This text has no {le} form yet."),
            )
        }
        Code::EmptyBand => (
            format!(
                "Rentang kelas \"{}\" tidak memuat satu skor pun.",
                p(d, "class")
            ),
            format!("The band of the class \"{}\" holds no score.", p(d, "class")),
        ),
        Code::BandGap => (
            format!(
                "Di klaster \"{}\", skor {} (dari {} sampai {}) tidak masuk kelas mana pun.",
                p(d, "cluster"),
                p(d, "interval"),
                p(d, "from"),
                p(d, "to")
            ),
            format!(
                "In the cluster \"{}\", the scores {} (from {} to {}) fall in no class.",
                p(d, "cluster"),
                p(d, "interval"),
                p(d, "from"),
                p(d, "to")
            ),
        ),
        Code::BandOverlap => (
            format!(
                "Rentang kelas \"{}\" dan \"{}\" tumpang tindih (skor {} sampai {}).",
                p(d, "class"),
                p(d, "other"),
                p(d, "from"),
                p(d, "to")
            ),
            format!(
                "The bands of the classes \"{}\" and \"{}\" overlap (scores {} to {}).",
                p(d, "class"),
                p(d, "other"),
                p(d, "from"),
                p(d, "to")
            ),
        ),
        Code::UnreachableClass => (
            format!(
                "Tidak ada rumah tangga di klaster mana pun yang bisa masuk kelas \"{}\".",
                p(d, "class")
            ),
            format!(
                "No household in any cluster can reach the class \"{}\".",
                p(d, "class")
            ),
        ),
        Code::ClassOrder => {
            let (oi, oe) = if p(d, "method") == "points" {
                ("skor naik", "rising score")
            } else {
                ("skor turun", "falling score")
            };
            (
                format!(
                    "Kelas \"{}\" tercantum setelah \"{}\", padahal kelas harus diurutkan dari yang paling parah ({oi}).",
                    p(d, "class"),
                    p(d, "previous")
                ),
                format!(
                    "The class \"{}\" is listed after \"{}\", but classes must run from the most severe ({oe}).",
                    p(d, "class"),
                    p(d, "previous")
                ),
            )
        }
        Code::LikelihoodOverlap => (
            format!(
                "Baris {} dan {} tabel kemungkinan tumpang tindih.",
                p(d, "row"),
                p(d, "other")
            ),
            format!(
                "The rows {} and {} of the likelihood table overlap.",
                p(d, "row"),
                p(d, "other")
            ),
        ),
        Code::UnusedQuestion => (
            format!(
                "Pertanyaan \"{}\" tidak dipakai oleh indikator atau nilai turunan mana pun.",
                p(d, "id")
            ),
            format!(
                "The question \"{}\" is not used by any indicator or derived value.",
                p(d, "id")
            ),
        ),
        Code::UnusedIndicator => (
            format!(
                "Indikator \"{}\" tidak dipakai di klaster mana pun.",
                p(d, "id")
            ),
            format!("The indicator \"{}\" is not used in any cluster.", p(d, "id")),
        ),
        Code::UnusedDerived => (
            format!(
                "Nilai turunan \"{}\" tidak dipakai oleh indikator atau nilai turunan mana pun.",
                p(d, "id")
            ),
            format!(
                "The derived value \"{}\" is not used by any indicator or derived value.",
                p(d, "id")
            ),
        ),
        Code::TestHouseholdFailed => {
            // The household's name and the reason it has no class come in both languages.
            let name_en = d.params.get("name_en").map(String::as_str);
            let detail = |key: &str| {
                d.params
                    .get(key)
                    .or_else(|| d.params.get("detail"))
                    .map(|x| format!(" ({})", x.trim_end_matches('.')))
                    .unwrap_or_default()
            };
            (
                format!(
                    "Rumah tangga uji \"{}\" di klaster \"{}\" seharusnya masuk kelas \"{}\", tetapi hasilnya \"{}\"{}.",
                    p(d, "name"),
                    p(d, "cluster"),
                    p(d, "expected"),
                    p(d, "actual"),
                    detail("detail_id")
                ),
                format!(
                    "The test household \"{}\" in the cluster \"{}\" should be in the class \"{}\", but it got \"{}\"{}.",
                    name_en.unwrap_or(p(d, "name")),
                    p(d, "cluster"),
                    p(d, "expected"),
                    p(d, "actual"),
                    detail("detail_en")
                ),
            )
        }
        Code::Overflow => (
            format!(
                "Angka terlalu besar untuk dihitung secara tepat: {}.",
                p(d, "detail")
            ),
            format!("Numbers too large to compute exactly: {}.", p(d, "detail")),
        ),
        Code::Internal => (
            format!(
                "Aturan ini lolos pemeriksaan tetapi tidak bisa disiapkan; ini kesalahan Timbang: {}.",
                p(d, "detail")
            ),
            format!(
                "This rule set passed the checks but could not be prepared; this is a bug in Timbang: {}.",
                p(d, "detail")
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code, with every parameter any message uses filled in.
    fn sample(code: Code) -> Diagnostic {
        let mut d = Diagnostic::new(code, "$");
        for key in [
            "detail",
            "supported",
            "found",
            "field",
            "expected",
            "id",
            "kind",
            "first",
            "option",
            "question",
            "expr",
            "column",
            "reason",
            "cycle",
            "on",
            "on_type",
            "op",
            "type",
            "count",
            "min",
            "max",
            "value",
            "indicator",
            "cluster",
            "sum",
            "method",
            "missing",
            "class",
            "from",
            "to",
            "interval",
            "other",
            "previous",
            "row",
            "name",
            "actual",
            "derived",
        ] {
            d = d.with(key, format!("<{key}>"));
        }
        d
    }

    #[test]
    fn every_code_has_two_different_sentences() {
        for &code in Code::ALL {
            let d = sample(code);
            let id = d.message(Lang::Id);
            let en = d.message(Lang::En);
            assert!(!id.trim().is_empty(), "{code}: empty Indonesian");
            assert!(!en.trim().is_empty(), "{code}: empty English");
            assert_ne!(id, en, "{code}: same text in both languages");
            assert!(en.ends_with('.'), "{code}: not a sentence: {en}");
            assert!(id.ends_with('.'), "{code}: not a sentence: {id}");
        }
    }

    #[test]
    fn messages_name_their_parameters() {
        let cases = [
            (
                Diagnostic::new(Code::WeightsNotOne, "$.clusters[0]")
                    .with("cluster", "pesisir")
                    .with("sum", "17/18"),
                ["pesisir", "17/18"],
            ),
            (
                Diagnostic::new(Code::BandOverlap, "$.classes[1]")
                    .with("class", "miskin")
                    .with("other", "hampir_miskin")
                    .with("from", "1/3")
                    .with("to", "1/2"),
                ["miskin", "hampir_miskin"],
            ),
            (
                Diagnostic::new(Code::TestHouseholdFailed, "$.tests[0]")
                    .with("expected", "miskin")
                    .with("actual", "rentan"),
                ["miskin", "rentan"],
            ),
        ];
        for (d, words) in cases {
            for lang in [Lang::Id, Lang::En] {
                let m = d.message(lang);
                for w in words {
                    assert!(m.contains(w), "{m} lacks {w}");
                }
            }
        }
    }

    #[test]
    fn serde_fragments_in_indonesian() {
        let cases = [
            ("boolean `true`", "nilai true/false `true`"),
            ("a sequence", "daftar"),
            ("struct Text", "objek"),
            ("string \"x\"", "teks \"x\""),
            ("an array", "daftar"),
            ("something else", "something else"),
        ];
        for (en, id) in cases {
            assert_eq!(serde_id(en), id, "{en}");
        }
        assert_eq!(
            syntax_id("trailing comma"),
            "ada koma berlebih sebelum penutup"
        );
        assert_eq!(syntax_id("odd"), "odd");
    }

    #[test]
    fn missing_parameters_do_not_panic() {
        for &code in Code::ALL {
            let d = Diagnostic::new(code, "$");
            assert!(!d.message(Lang::Id).is_empty());
        }
    }
}
