//! Errors and warnings about a rule set, in the person's language, each with where it is: the JSON
//! path and the line and column.

use timbang_engine::{Diagnostic, Severity};
use yew::prelude::*;

use crate::i18n::{t, tf, use_lang};

/// Properties of [`DiagnosticList`].
#[derive(Properties, PartialEq)]
pub struct DiagnosticListProps {
    /// The diagnostics.
    pub items: Vec<Diagnostic>,
}

/// The list of diagnostics.
#[component]
pub fn DiagnosticList(props: &DiagnosticListProps) -> Html {
    let lang = use_lang();
    html! {
        <ul class="diagnostics">
            for d in props.items.iter() {
                <li class={if d.severity == Severity::Error { "error" } else { "warning" }} data-code={d.code.as_str()}>
                    <strong>{ if d.severity == Severity::Error { t(lang, "diag.error") } else { t(lang, "diag.warning") } }</strong>
                    { " " }{ d.message(lang) }
                    <span class="where">
                        { tf(lang, "diag.path", &[("path", &d.path)]) }
                        if let (Some(line), Some(col)) = (d.line, d.column) {
                            { ", " }{ tf(lang, "diag.line_col", &[("line", &line.to_string()), ("col", &col.to_string())]) }
                        }
                    </span>
                </li>
            }
        </ul>
    }
}
