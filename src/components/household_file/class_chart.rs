//! Class shares per cluster as horizontal stacked bars, in SVG: drawn from the report's figures (floats
//! only for drawing), with the numbers also in the table beside it and a legend, so it reads in print
//! and in black and white.

use std::rc::Rc;

use timbang_engine::format::int;
use timbang_engine::stats::Block;
use yew::prelude::*;

use crate::fixed::fixed;
use crate::i18n::{tf, use_lang};
use crate::state::library::Entry;

const WIDTH: f64 = 640.0;
const LABEL: f64 = 150.0;
const BAR: f64 = 22.0;
const GAP: f64 = 10.0;

/// Properties of [`ClassChart`].
#[derive(Properties, PartialEq)]
pub struct ClassChartProps {
    /// The rule set (class labels and colours), compared by its hash, not cloned.
    pub entry: Rc<Entry>,
    /// One bar per block, with its label.
    pub bars: Vec<(String, Block)>,
    /// The chart's accessible name.
    pub title: AttrValue,
}

/// The chart.
#[component]
pub fn ClassChart(props: &ClassChartProps) -> Html {
    let lang = use_lang();
    let height = props.bars.len() as f64 * (BAR + GAP) + GAP;
    let span = WIDTH - LABEL - 10.0;
    let bars = props.bars.iter().enumerate().map(|(i, (label, block))| {
        let y = GAP + i as f64 * (BAR + GAP);
        let total = block.assessed.households.max(1) as f64;
        let mut x = LABEL;
        let segments = block.classes.iter().filter(|c| c.households > 0).map(|c| {
            let w = span * c.households as f64 / total;
            let class = props.entry.rules().classes.iter().find(|k| k.id == c.class);
            let colour = class.map_or("#888".to_owned(), |k| k.colour.clone());
            let name = class.map_or(c.class.as_str(), |k| k.label.get(lang));
            let share = c.share.map(|s| s.percent(lang)).unwrap_or_default();
            let tip = tf(lang, "file.chart.segment", &[("class", name), ("count", &int(c.households, lang)), ("share", &share)]);
            let seg = html! {
                <g>
                    <rect x={fixed(x, 1)} y={fixed(y, 1)} width={fixed(w, 1)} height={fixed(BAR, 0)}
                        fill={colour} stroke="#fff" stroke-width="1"><title>{ tip }</title></rect>
                    if w > 44.0 {
                        <text x={fixed(x + w / 2.0, 1)} y={fixed(y + BAR / 2.0 + 4.0, 1)}
                            text-anchor="middle" class="chart-share">{ share.clone() }</text>
                    }
                </g>
            };
            x += w;
            seg
        });
        html! {
            <g>
                <text x={fixed(LABEL - 6.0, 0)} y={fixed(y + BAR / 2.0 + 4.0, 1)} text-anchor="end" class="chart-label">{ label.clone() }</text>
                { for segments }
            </g>
        }
    });
    html! {
        <figure class="class-chart">
            <svg viewBox={format!("0 0 {} {}", fixed(WIDTH, 0), fixed(height, 0))} role="img" aria-label={props.title.clone()}
                preserveAspectRatio="xMinYMin meet">
                { for bars }
            </svg>
            <figcaption>
                <ul class="legend">
                    { for props.entry.rules().classes.iter().map(|c| html! {
                        <li><span class="swatch" style={format!("background:{}", c.colour)}></span>{ c.label.get(lang) }</li>
                    }) }
                </ul>
            </figcaption>
        </figure>
    }
}
