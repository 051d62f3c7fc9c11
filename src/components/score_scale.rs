//! The score on a scale that shows every band and its cut-offs, with a marker at the household's score
//! (or its possible range). Positions use floats for drawing only; classes come from the engine.

use timbang_engine::assess::Assessment;
use timbang_engine::{format, Num};
use yew::prelude::*;

use crate::components::same::same;
use crate::fixed::fixed;
use crate::i18n::{t, use_lang};

/// Properties of [`ScoreScale`].
#[derive(Properties)]
pub struct ScoreScaleProps {
    /// The assessment.
    pub assessment: std::rc::Rc<Assessment>,
    /// The cluster's lowest and highest reachable score.
    pub bounds: (Num, Num),
}

impl PartialEq for ScoreScaleProps {
    fn eq(&self, other: &Self) -> bool {
        self.bounds == other.bounds && same(&self.assessment, &other.assessment)
    }
}

/// The score scale.
#[component]
pub fn ScoreScale(props: &ScoreScaleProps) -> Html {
    let lang = use_lang();
    let a = &props.assessment;
    let (lo, hi) = props.bounds;
    let span = (hi.to_f64() - lo.to_f64()).max(f64::EPSILON);
    let at = |n: Num| ((n.to_f64() - lo.to_f64()) / span * 100.0).clamp(0.0, 100.0);

    let segments = a.bands.iter().filter(|b| b.reachable).map(|b| {
        let start = b.from.map_or(0.0, |f| at(f.value));
        let end = b.to.map_or(100.0, |t| at(t.value));
        let style = format!(
            "left:{}%;width:{}%;background:{}",
            fixed(start, 3),
            fixed((end - start).max(0.0), 3),
            b.colour
        );
        html! { <div class="scale-band" {style} title={b.label.get(lang).to_owned()}></div> }
    });
    let ticks = a
        .bands
        .iter()
        .filter_map(|b| b.from)
        .filter(|f| f.value > lo && f.value < hi)
        .map(|f| {
            let style = format!("left:{}%", fixed(at(f.value), 3));
            html! { <span class="scale-tick" {style}>{ format::num(f.value, lang) }</span> }
        });
    let marker = match a.score {
        Some(score) => {
            let style = format!("left:{}%", fixed(at(score), 3));
            html! { <div class="scale-marker" {style} aria-hidden="true"></div> }
        }
        None => {
            let (s, e) = (at(a.score_range.lo), at(a.score_range.hi));
            let style = format!(
                "left:{}%;width:{}%",
                fixed(s, 3),
                fixed((e - s).max(0.5), 3)
            );
            html! { <div class="scale-range" {style} aria-hidden="true"></div> }
        }
    };
    html! {
        <figure class="scale" aria-label={t(lang, "result.scale")}>
            <div class="scale-bar">
                { for segments }
                { marker }
            </div>
            <div class="scale-ticks">
                <span class="scale-tick scale-end" style="left:0%">{ format::num(lo, lang) }</span>
                { for ticks }
                <span class="scale-tick scale-end" style="left:100%">{ format::num(hi, lang) }</span>
            </div>
        </figure>
    }
}
