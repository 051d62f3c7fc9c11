//! One variant's figures over a household file: class counts and shares per cluster (table and chart)
//! and per group, the Alkire–Foster figures of weighted rule sets, and the rows that could not be
//! assessed. Every figure is the engine's (`timbang summary` prints the same).

use std::rc::Rc;

use timbang_engine::format::{approx, int, num};
use timbang_engine::stats::{Block, Report};
use timbang_engine::table::RowCode;
use timbang_engine::{Lang, RuleSet};
use yew::prelude::*;

use super::class_chart::ClassChart;
use crate::i18n::{t, tf, use_lang};
use crate::state::library::Entry;

/// Properties of [`VariantReport`].
#[derive(Properties, PartialEq)]
pub struct VariantReportProps {
    /// The variant.
    pub entry: Rc<Entry>,
    /// Its figures.
    pub report: Rc<Report>,
    /// Whether households are weighted (then people are counted beside households).
    pub weighted: bool,
    /// How many of its [`PARTS`] to draw, in order: the counts, then the chart and the groups, then
    /// the Alkire–Foster figures and the rows not assessed. The view draws them a task each.
    pub parts: usize,
}

/// The parts of a variant's report, drawn one task at a time: the largest shipped rule set's report
/// in one piece (about 280 elements) held the page for 95 ms.
pub const PARTS: usize = 3;

fn cluster_label(rules: &RuleSet, id: &str, lang: Lang) -> String {
    if id.is_empty() {
        return t(lang, "file.report.unknown_cluster");
    }
    rules
        .clusters
        .iter()
        .find(|c| c.id == id)
        .map_or(id.to_owned(), |c| c.label.get(lang).to_owned())
}

fn block_label(rules: &RuleSet, block: &Block, lang: Lang) -> String {
    match (&block.cluster, &block.group) {
        (None, None) => t(lang, "file.report.all"),
        (Some(c), None) => cluster_label(rules, c, lang),
        (None, Some(g)) => g.join(" / "),
        (Some(c), Some(g)) => format!("{} · {}", cluster_label(rules, c, lang), g.join(" / ")),
    }
}

/// A table of blocks (rows) by class (columns).
fn class_table(
    rules: &RuleSet,
    blocks: &[&Block],
    weighted: bool,
    caption: String,
    lang: Lang,
) -> Html {
    let cell = |households: u64, weight: timbang_engine::Num| {
        if weighted {
            format!("{} ({})", int(households, lang), approx(weight, 1, lang))
        } else {
            int(households, lang)
        }
    };
    html! {
        <div class="table-scroll">
            <table class="class-table">
                <caption>{ caption }</caption>
                <thead><tr>
                    <th scope="col"></th>
                    { for rules.classes.iter().map(|c| html! { <th scope="col">{ c.label.get(lang) }</th> }) }
                    <th scope="col">{ t(lang, "file.report.unassessable") }</th>
                    <th scope="col">{ t(lang, "file.report.total") }</th>
                </tr></thead>
                <tbody>
                    { for blocks.iter().map(|b| html! {
                        <tr>
                            <th scope="row">{ block_label(rules, b, lang) }</th>
                            { for b.classes.iter().map(|c| html! {
                                <td>
                                    <span class="count">{ cell(c.households, c.weight) }</span>
                                    if let Some(share) = c.share {
                                        <span class="share">{ share.percent(lang) }</span>
                                    }
                                </td>
                            }) }
                            <td><span class="count">{ cell(b.unassessable.households, b.unassessable.weight) }</span></td>
                            <td><span class="count">{ cell(b.households, b.weight) }</span></td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// The Alkire–Foster figures of the whole file.
fn af_figures(rules: &RuleSet, report: &Report, lang: Lang) -> Html {
    let Some(af) = &report.total.af else {
        return html! {};
    };
    let fig = |f: Option<timbang_engine::stats::Figure>| {
        f.map_or("–".to_owned(), |f| approx(f.value, 3, lang))
    };
    let indicator = |id: &str| {
        rules
            .indicators
            .iter()
            .find(|i| i.id == id)
            .map_or(id.to_owned(), |i| i.label.get(lang).to_owned())
    };
    html! {
        <section class="af" aria-label={t(lang, "file.af.title")}>
            <h4>{ t(lang, "file.af.title") }</h4>
            <dl class="af-figures">
                <dt>{ t(lang, "file.af.k") }</dt><dd>{ format!("{} {}", if af.k.inclusive { "≥" } else { ">" }, num(af.k.value, lang)) }</dd>
                <dt>{ t(lang, "file.af.h") }</dt><dd>{ fig(af.h) }</dd>
                <dt>{ t(lang, "file.af.a") }</dt><dd>{ fig(af.a) }</dd>
                <dt>{ t(lang, "file.af.m0") }</dt><dd>{ fig(af.m0) }</dd>
            </dl>
            <div class="table-scroll">
                <table>
                    <caption>{ t(lang, "file.af.indicators") }</caption>
                    <thead><tr>
                        <th scope="col">{ t(lang, "file.af.indicator") }</th>
                        <th scope="col">{ t(lang, "file.af.weight") }</th>
                        <th scope="col">{ t(lang, "file.af.censored") }</th>
                        <th scope="col">{ t(lang, "file.af.contribution") }</th>
                    </tr></thead>
                    <tbody>
                        { for af.indicators.iter().map(|i| html! {
                            <tr>
                                <th scope="row">{ indicator(&i.indicator) }</th>
                                <td>{ i.weight.map_or("–".to_owned(), |w| num(w, lang)) }</td>
                                <td>{ fig(i.censored_headcount) }</td>
                                <td>{ i.contribution.map_or("–".to_owned(), |c| c.percent(lang)) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// A reason's name in a list of counts.
fn code_label(code: RowCode, lang: Lang) -> String {
    match code {
        RowCode::FieldCount => t(lang, "file.code.field_count"),
        RowCode::InvalidText => t(lang, "file.code.invalid_text"),
        RowCode::ClusterMissing => t(lang, "file.code.cluster_missing"),
        RowCode::ClusterUnknown => t(lang, "file.code.cluster_unknown"),
        RowCode::InvalidAnswer => t(lang, "file.code.invalid_answer"),
        RowCode::MissingAnswer => t(lang, "file.code.missing_answer"),
        RowCode::OutOfRange => t(lang, "file.code.out_of_range"),
        RowCode::DivisionByZero => t(lang, "file.code.division_by_zero"),
        RowCode::Overflow => t(lang, "file.code.overflow"),
        RowCode::InvalidWeight => t(lang, "file.code.invalid_weight"),
        RowCode::Other => t(lang, "file.code.other"),
    }
}

/// The rows that could not be assessed: counts per reason, then the first rows with line and reason.
fn unassessable(report: &Report, lang: Lang) -> Html {
    let u = &report.unassessable;
    if u.by_code.is_empty() {
        return html! {};
    }
    const LISTED: usize = 50;
    let more = u.problems.len().saturating_sub(LISTED) as u64 + u.problems_omitted;
    html! {
        <details class="unassessable">
            <summary>{ tf(lang, "file.problems.title", &[("count", &int(report.total.unassessable.households, lang))]) }</summary>
            <ul>
                { for u.by_code.iter().map(|(code, tally)| html! {
                    <li>{ format!("{}: {}", code_label(*code, lang), int(tally.households, lang)) }</li>
                }) }
            </ul>
            <ol class="problem-rows">
                { for u.problems.iter().take(LISTED).map(|p| html! {
                    <li>{ tf(lang, "file.problems.row", &[("line", &p.line.to_string()), ("reason", &p.message(lang))]) }</li>
                }) }
            </ol>
            if more > 0 {
                <p>{ tf(lang, "file.problems.more", &[("count", &int(more, lang))]) }</p>
            }
        </details>
    }
}

/// One variant's section of the results.
#[component]
pub fn VariantReport(props: &VariantReportProps) -> Html {
    let lang = use_lang();
    let rules = props.entry.rules();
    let r = &props.report;
    let mut by_cluster: Vec<&Block> = vec![&r.total];
    by_cluster.extend(r.by_cluster.iter());
    let bars: Vec<(String, Block)> = match props.parts > 1 {
        true => by_cluster
            .iter()
            .map(|b| (block_label(rules, b, lang), (*b).clone()))
            .collect(),
        false => Vec::new(),
    };
    let name = format!("{} {}", rules.name.get(lang), rules.version);
    let groups: Vec<&Block> = r.by_group.iter().collect();
    html! {
        <section class="variant-report" aria-label={name.clone()}>
            <h3>{ name.clone() }</h3>
            <p class="totals">{ tf(lang, "file.report.totals", &[
                ("households", &int(r.total.households, lang)),
                ("assessed", &int(r.total.assessed.households, lang)),
                ("unassessable", &int(r.total.unassessable.households, lang)),
            ]) }</p>
            if props.weighted {
                <p class="hint">{ t(lang, "file.report.weighted") }</p>
            }
            { class_table(rules, &by_cluster, props.weighted, tf(lang, "file.report.by_cluster", &[("name", &name)]), lang) }
            if props.parts > 1 {
                <ClassChart entry={props.entry.clone()} bars={bars} title={tf(lang, "file.chart.title", &[("name", &name)])} />
                if !groups.is_empty() {
                    { class_table(rules, &groups, props.weighted, tf(lang, "file.report.by_group", &[("columns", &r.by.join(" / "))]), lang) }
                }
            }
            if props.parts > 2 {
                { af_figures(rules, r, lang) }
                { unassessable(r, lang) }
            }
        </section>
    }
}
