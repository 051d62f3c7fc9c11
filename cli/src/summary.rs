//! `timbang summary`: counts per class × cluster × group, Alkire–Foster figures for weighted rule sets,
//! and the transition matrix between the first rule set and each other one.

use std::io::Write;
use std::path::Path;

use timbang_engine::batch::{Batch, BatchOptions};
use timbang_engine::model::Bound;
use timbang_engine::stats::{Block, Report, Transition};
use timbang_engine::{Engine, Lang, Method, Num, RuleSet};

use crate::households::{self, load_map, load_rule_sets, open};
use crate::msg::{pick, Fail};
use crate::render::{figure, int, num, percent, Table};
use crate::rules::notice;

/// How many unassessable rows the text report lists (the JSON report has up to
/// [`timbang_engine::stats::DEFAULT_PROBLEM_LIMIT`]).
const LISTED_PROBLEMS: usize = 20;

/// The options of `summary` beyond the household file.
pub struct Options {
    pub by: Vec<String>,
    pub weight: Option<String>,
    pub k: Option<String>,
    pub json: bool,
}

pub fn run(table: &households::Options, opts: &Options, lang: Lang) -> Result<(), Fail> {
    let k = match &opts.k {
        None => None,
        Some(text) => match Num::parse(text) {
            Ok(value) => Some(Bound {
                value,
                inclusive: true,
            }),
            Err(_) => {
                return Err(Fail::invalid(vec![format!(
                    "--k {text}: {}",
                    pick(
                        lang,
                        "bukan angka (contoh: 1/3 atau 0,4)",
                        "not a number (e.g. 1/3 or 0.4)"
                    )
                )]))
            }
        },
    };
    let loaded = load_rule_sets(table, lang)?;
    let map = load_map(table, &loaded, lang)?;
    let mut reader = open(&table.input, lang)?;
    let engines: Vec<&Engine> = loaded.iter().map(|l| &l.engine).collect();
    let mut batch = Batch::new(
        &engines,
        reader.headers(),
        BatchOptions {
            map,
            cluster: table.cluster.clone(),
            weight: opts.weight.clone(),
            by: opts.by.clone(),
            k,
        },
    )
    .map_err(|e| Fail::table(&table.input, &e, lang))?;
    while let Some(row) = reader
        .next_row()
        .map_err(|e| Fail::table(&table.input, &[e], lang))?
    {
        batch.add_row(&row);
    }
    let output = batch.finish();
    let mut out = std::io::stdout().lock();
    let text = if opts.json {
        serde_json::to_string_pretty(&output).unwrap_or_default() + "\n"
    } else {
        let mut text = String::new();
        for (report, l) in output.rulesets.iter().zip(&loaded) {
            text.push_str(&render_report(
                report,
                l.engine.rules(),
                notice(l, lang),
                opts.weight.as_deref(),
                lang,
            ));
        }
        for t in &output.transitions {
            text.push_str(&render_transition(t, opts.weight.is_some(), lang));
        }
        text
    };
    out.write_all(text.as_bytes())
        .map_err(|e| Fail::io(Path::new("-"), e, lang))?;
    if output.overflowed() {
        return Err(Fail::invalid(vec![
            timbang_engine::stats::StatsError::Overflow
                .message(lang)
                .to_owned(),
        ]));
    }
    Ok(())
}

/// The label of a class, by id.
fn class_label<'r>(rules: &'r RuleSet, id: &'r str, lang: Lang) -> &'r str {
    rules
        .classes
        .iter()
        .find(|c| c.id == id)
        .map_or(id, |c| c.label.get(lang))
}

fn tally_cell(households: u64, weight: Num, weighted: bool, lang: Lang) -> String {
    if weighted {
        format!("{} ({})", int(households, lang), num(weight, lang))
    } else {
        int(households, lang)
    }
}

/// One rule set's figures as readable tables.
fn render_report(
    r: &Report,
    rules: &RuleSet,
    notice: Option<String>,
    weight: Option<&str>,
    lang: Lang,
) -> String {
    let weighted = weight.is_some();
    let mut s = String::new();
    s.push_str(&format!(
        "== {} — {} ({}) ==\n",
        r.ruleset,
        rules.name.get(lang),
        r.method
    ));
    if let Some(n) = notice {
        s.push_str(&format!("{}: {n}\n", pick(lang, "Catatan", "Notice")));
    }
    let t = &r.total;
    s.push_str(&match lang {
        Lang::Id => format!(
            "Rumah tangga: {} — dinilai {}, tidak dapat dinilai {}\n",
            int(t.households, lang),
            int(t.assessed.households, lang),
            int(t.unassessable.households, lang)
        ),
        Lang::En => format!(
            "Households: {} — assessed {}, not assessable {}\n",
            int(t.households, lang),
            int(t.assessed.households, lang),
            int(t.unassessable.households, lang)
        ),
    });
    if let Some(w) = weight {
        s.push_str(&match lang {
            Lang::Id => format!(
                "Bobot (kolom \"{w}\"): jumlah {}, dinilai {}\n",
                num(t.weight, lang),
                num(t.assessed.weight, lang)
            ),
            Lang::En => format!(
                "Weight (column \"{w}\"): total {}, assessed {}\n",
                num(t.weight, lang),
                num(t.assessed.weight, lang)
            ),
        });
    }
    s.push('\n');

    // Classes overall.
    let mut header = vec![
        pick(lang, "Kelas", "Class").to_owned(),
        pick(lang, "Rumah tangga", "Households").to_owned(),
    ];
    if weighted {
        header.push(pick(lang, "Bobot", "Weight").to_owned());
    }
    header.push(pick(lang, "Bagian", "Share").to_owned());
    let mut table = Table::new(header);
    for c in &t.classes {
        let mut row = vec![
            format!("{} ({})", class_label(rules, &c.class, lang), c.class),
            int(c.households, lang),
        ];
        if weighted {
            row.push(num(c.weight, lang));
        }
        row.push(percent(c.share, lang));
        table.row(row);
    }
    let mut row = vec![
        pick(lang, "(tidak dapat dinilai)", "(not assessable)").to_owned(),
        int(t.unassessable.households, lang),
    ];
    if weighted {
        row.push(num(t.unassessable.weight, lang));
    }
    table.row(row);
    s.push_str(&table.render());
    s.push('\n');

    // Per cluster, per group, per cluster × group: classes as columns.
    let blocks_table =
        |title: &str, first: &str, blocks: &[Block], name: &dyn Fn(&Block) -> String| {
            let mut header = vec![first.to_owned()];
            header.extend(r.classes.iter().cloned());
            header.push(pick(lang, "tidak dapat dinilai", "not assessable").to_owned());
            header.push(pick(lang, "Jumlah", "Total").to_owned());
            let mut table = Table::new(header);
            for b in blocks {
                let mut row = vec![name(b)];
                row.extend(
                    b.classes
                        .iter()
                        .map(|c| tally_cell(c.households, c.weight, weighted, lang)),
                );
                row.push(tally_cell(
                    b.unassessable.households,
                    b.unassessable.weight,
                    weighted,
                    lang,
                ));
                row.push(tally_cell(b.households, b.weight, weighted, lang));
                table.row(row);
            }
            format!("{title}\n{}\n", table.render())
        };
    let cluster_name = |b: &Block| match b.cluster.as_deref() {
        Some("") | None => pick(lang, "(klaster tidak dikenal)", "(unknown cluster)").to_owned(),
        Some(id) => id.to_owned(),
    };
    let group_name = |b: &Block| b.group.clone().unwrap_or_default().join(" / ");
    if r.clusters.len() > 1 || r.by_cluster.len() > 1 {
        s.push_str(&blocks_table(
            pick(lang, "Per klaster", "By cluster"),
            pick(lang, "Klaster", "Cluster"),
            &r.by_cluster,
            &cluster_name,
        ));
    }
    if !r.by.is_empty() {
        let by = r.by.join(" / ");
        s.push_str(&blocks_table(
            &format!("{} {by}", pick(lang, "Per", "By")),
            &by,
            &r.by_group,
            &group_name,
        ));
        if r.clusters.len() > 1 {
            s.push_str(&blocks_table(
                &format!(
                    "{} {by} × {}",
                    pick(lang, "Per", "By"),
                    pick(lang, "klaster", "cluster")
                ),
                &format!("{by} × {}", pick(lang, "klaster", "cluster")),
                &r.by_cluster_group,
                &|b: &Block| format!("{} × {}", group_name(b), cluster_name(b)),
            ));
        }
    }

    // Alkire–Foster.
    if let (Method::Weighted, Some(k)) = (r.method, r.poverty_cutoff) {
        s.push_str(&render_af(r, rules, k, lang));
    }

    // Not assessable.
    let u = &r.unassessable;
    if !u.by_code.is_empty() {
        let mut table = Table::new(vec![
            pick(
                lang,
                "Tidak dapat dinilai — alasan",
                "Not assessable — reason",
            )
            .to_owned(),
            pick(lang, "Rumah tangga", "Households").to_owned(),
        ]);
        for (code, tally) in &u.by_code {
            table.row(vec![code.as_str().to_owned(), int(tally.households, lang)]);
        }
        s.push_str(&table.render());
        for p in u.problems.iter().take(LISTED_PROBLEMS) {
            s.push_str(&format!(
                "  {} {}: {}\n",
                pick(lang, "baris", "line"),
                p.line,
                p.message(lang)
            ));
        }
        let more = (u.problems.len().saturating_sub(LISTED_PROBLEMS) as u64)
            .saturating_add(u.problems_omitted);
        if more > 0 {
            s.push_str(&format!(
                "  … {} {}\n",
                int(more, lang),
                pick(
                    lang,
                    "lagi (semua baris ada di kolom *_reason keluaran `timbang classify`)",
                    "more (every line is in the *_reason columns of `timbang classify`)"
                )
            ));
        }
        s.push('\n');
    }
    s
}

fn render_af(r: &Report, rules: &RuleSet, k: Bound, lang: Lang) -> String {
    let mut s = format!(
        "Alkire–Foster (k: {} {}; {})\n",
        if k.inclusive { "≥" } else { ">" },
        num(k.value, lang),
        pick(
            lang,
            "H = bagian miskin, A = intensitas, M0 = H × A",
            "H = headcount ratio, A = intensity, M0 = H × A"
        )
    );
    let mut table = Table::new(vec![
        String::new(),
        "n".into(),
        "q".into(),
        "H".into(),
        "A".into(),
        "M0".into(),
    ]);
    let mut blocks: Vec<(String, &Block)> = vec![(pick(lang, "Semua", "All").to_owned(), &r.total)];
    if r.clusters.len() > 1 {
        blocks.extend(
            r.by_cluster
                .iter()
                .filter(|b| b.cluster.as_deref() != Some(""))
                .map(|b| (b.cluster.clone().unwrap_or_default(), b)),
        );
    }
    blocks.extend(
        r.by_group
            .iter()
            .map(|b| (b.group.clone().unwrap_or_default().join(" / "), b)),
    );
    for (name, b) in &blocks {
        if let Some(af) = &b.af {
            table.row(vec![
                name.clone(),
                num(af.n, lang),
                num(af.q, lang),
                figure(af.h, lang),
                figure(af.a, lang),
                figure(af.m0, lang),
            ]);
        }
    }
    s.push_str(&table.render());
    s.push('\n');
    if let Some(af) = &r.total.af {
        let mut table = Table::new(vec![
            pick(lang, "Indikator", "Indicator").to_owned(),
            pick(lang, "Bobot", "Weight").to_owned(),
            pick(lang, "Headcount tersensor", "Censored headcount").to_owned(),
            pick(lang, "Kontribusi", "Contribution").to_owned(),
        ]);
        for i in &af.indicators {
            let label = rules
                .indicators
                .iter()
                .find(|x| x.id == i.indicator)
                .map_or("", |x| x.label.get(lang));
            table.row(vec![
                format!("{} ({})", label, i.indicator),
                i.weight.map_or_else(
                    || pick(lang, "beragam", "varies").to_owned(),
                    |w| num(w, lang),
                ),
                figure(i.censored_headcount, lang),
                percent(i.contribution, lang),
            ]);
        }
        s.push_str(&table.render());
        s.push('\n');
    }
    s
}

fn render_transition(t: &Transition, weighted: bool, lang: Lang) -> String {
    let not = pick(lang, "tidak dapat dinilai", "not assessable");
    let mut header = vec![format!("{} \\ {}", t.a, t.b)];
    header.extend(t.b_classes.iter().cloned());
    header.push(not.to_owned());
    header.push(pick(lang, "Jumlah", "Total").to_owned());
    let mut table = Table::new(header);
    let names = t
        .a_classes
        .iter()
        .cloned()
        .chain(std::iter::once(not.to_owned()));
    for (name, row) in names.zip(&t.cells) {
        let mut cells = vec![name];
        let mut households = 0u64;
        let mut weight = Num::ZERO;
        for c in row {
            cells.push(tally_cell(c.households, c.weight, weighted, lang));
            households = households.saturating_add(c.households);
            weight = weight.checked_add(c.weight).unwrap_or(weight);
        }
        cells.push(tally_cell(households, weight, weighted, lang));
        table.row(cells);
    }
    format!(
        "== {} {} → {} ==\n{}\n",
        pick(lang, "Transisi", "Transition"),
        t.a,
        t.b,
        table.render()
    )
}
