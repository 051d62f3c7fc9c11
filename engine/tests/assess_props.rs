//! Properties over random rule sets and households.

mod assess_support;

use assess_support::*;
use proptest::prelude::*;
use timbang_engine::model::QuestionType;
use timbang_engine::{Direction, Engine, Method, Num, RuleSet, Value};

/// Classes most severe first over a score where higher is poorer: the cut-offs `cuts` (ascending)
/// make `cuts.len() + 1` bands; `inclusive[i]` says whether a score equal to `cuts[i]` is in the band
/// above it.
fn bands(cuts: &[Num], inclusive: &[bool]) -> String {
    let k = cuts.len();
    let mut classes = Vec::new();
    for band in (0..=k).rev() {
        // Band `band` lies between cuts[band - 1] and cuts[band].
        let from = band
            .checked_sub(1)
            .map(|i| (cuts[i].to_string(), inclusive[i]));
        let to = cuts.get(band).map(|c| (c.to_string(), !inclusive[band]));
        classes.push(class(
            &format!("c{}", k - band),
            from.as_ref().map(|(v, i)| (v.as_str(), *i)),
            to.as_ref().map(|(v, i)| (v.as_str(), *i)),
        ));
    }
    format!("[{}]", classes.join(","))
}

fn weighted_engine(ks: &[u32], cuts: &[Num], inclusive: &[bool], method: Method) -> Engine {
    let total: u32 = ks.iter().sum();
    let weights: Vec<String> = ks.iter().map(|k| format!("{k}/{total}")).collect();
    let weights: Vec<&str> = weights.iter().map(String::as_str).collect();
    let json = weighted_json(&weights, &bands(cuts, inclusive));
    let mut rules: RuleSet = serde_json::from_str(&json).unwrap();
    if method == Method::Count {
        rules.method = Method::Count;
        for ci in &mut rules.clusters[0].indicators {
            ci.weight = None;
        }
    }
    Engine::new(rules).unwrap()
}

fn class_of(e: &Engine, count: usize, met: u64) -> usize {
    let a = e.assess("semua", &weighted_answers(count, met)).unwrap();
    e.class_index(a.class.as_deref().unwrap()).unwrap()
}

fn weighted_case() -> impl Strategy<Value = (Vec<u32>, Vec<Num>, Vec<bool>, u64, usize)> {
    (1usize..=10)
        .prop_flat_map(|n| {
            (
                prop::collection::vec(1u32..=20, n),
                prop::collection::btree_set((1i128..=36, 1i128..=36), 1..=4),
                prop::collection::vec(any::<bool>(), 4),
                any::<u64>(),
                0..n,
            )
        })
        .prop_map(|(ks, cuts, inclusive, met, extra)| {
            let mut cuts: Vec<Num> = cuts
                .into_iter()
                .filter_map(|(p, q)| Num::ratio(p.min(q), q))
                .collect();
            cuts.sort();
            cuts.dedup();
            let n = ks.len();
            (ks, cuts, inclusive, met & ((1u64 << n) - 1), extra)
        })
}

fn count_case() -> impl Strategy<Value = (usize, Vec<Num>, Vec<bool>, u64, usize)> {
    (1usize..=14)
        .prop_flat_map(|n| {
            (
                Just(n),
                prop::collection::btree_set(1i64..=(n as i64), 1..=4),
                prop::collection::vec(any::<bool>(), 4),
                any::<u64>(),
                0..n,
            )
        })
        .prop_map(|(n, cuts, inclusive, met, extra)| {
            let cuts: Vec<Num> = cuts.into_iter().map(Num::int).collect();
            (n, cuts, inclusive, met & ((1u64 << n) - 1), extra)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Under weighted, meeting one more indicator never gives a less severe class (classes are
    /// listed most severe first, so the class index never grows).
    #[test]
    fn weighted_one_more_never_less_severe((ks, cuts, inclusive, met, extra) in weighted_case()) {
        let e = weighted_engine(&ks, &cuts, &inclusive, Method::Weighted);
        let n = ks.len();
        let before = class_of(&e, n, met);
        let after = class_of(&e, n, met | (1 << extra));
        prop_assert!(after <= before, "met {met:b} + {extra}: class {before} -> {after}");
    }

    /// The same under count.
    #[test]
    fn count_one_more_never_less_severe((n, cuts, inclusive, met, extra) in count_case()) {
        let ks = vec![1; n];
        let e = weighted_engine(&ks, &cuts, &inclusive, Method::Count);
        let before = class_of(&e, n, met);
        let after = class_of(&e, n, met | (1 << extra));
        prop_assert!(after <= before, "met {met:b} + {extra}: class {before} -> {after}");
        let score = e.assess("semua", &weighted_answers(n, met)).unwrap().score.unwrap();
        prop_assert_eq!(score, Num::int(i64::from(met.count_ones())));
    }

    /// `classify_row` and `assess` agree on class and score, and the met mask matches.
    #[test]
    fn fast_path_agrees_with_assess(met in 0u16..(1 << 14), drop in prop::collection::vec(0usize..15, 0..3)) {
        let e = engine(&bps_json(None));
        let mut answers = bps_answers(met);
        let ids: Vec<String> = answers.keys().cloned().collect();
        for d in &drop {
            answers.remove(&ids[*d]);
        }
        let a = e.assess("semua", &answers).unwrap();
        let c = e.classify_row(0, &row(&e, &answers));
        match (&a.class, c) {
            (Some(id), Ok(c)) => {
                prop_assert_eq!(&e.classes()[usize::from(c.class)].id, id);
                prop_assert_eq!(Some(c.score), a.score);
                for (bit, ind) in a.indicators.iter().enumerate() {
                    prop_assert_eq!(Some(c.is_met(bit)), ind.met);
                }
            }
            (None, Err(_)) => {}
            (class, c) => prop_assert!(false, "assess {:?} but classify_row {:?}", class, c),
        }
    }

    /// Whatever the unanswered questions turn out to be, the completed household's class was listed
    /// as possible and its score lies in the range.
    #[test]
    fn completed_household_is_within_the_range(met in 0u16..(1 << 14), drop in prop::collection::vec(0usize..15, 0..6)) {
        let four = format!(
            "[{}, {}, {}, {}]",
            class("sangat_miskin", Some(("12", true)), None),
            class("miskin", Some(("9", true)), Some(("12", false))),
            class("hampir_miskin", Some(("6", true)), Some(("9", false))),
            class("tidak_miskin", None, Some(("6", false)))
        );
        let e = engine(&bps_json(Some(&four)));
        let full = bps_answers(met);
        let mut partial = full.clone();
        let ids: Vec<String> = full.keys().cloned().collect();
        for d in &drop {
            partial.remove(&ids[*d]);
        }
        let done = e.assess("semua", &full).unwrap();
        let open = e.assess("semua", &partial).unwrap();
        let class = done.class.unwrap();
        prop_assert!(open.possible_classes.contains(&class), "{class} not in {:?}", open.possible_classes);
        let s = done.score.unwrap();
        prop_assert!(open.score_range.lo <= s && s <= open.score_range.hi);
    }

    /// Every change the what-if lists does give the class it names; and for numbers, the value just
    /// short of it (on the household's side) does not.
    #[test]
    fn what_if_changes_hold(met in 0u16..(1 << 14)) {
        let e = engine(&bps_json(None));
        let answers = bps_answers(met);
        let a = e.assess("semua", &answers).unwrap();
        let original = a.class.clone().unwrap();
        let changes = a.what_if.unwrap().changes;
        // Every other answer to a yes/no or choice question is listed exactly when it changes the class.
        for q in &e.rules().questions {
            let alternatives: Vec<Value> = match q.kind {
                QuestionType::YesNo => vec![Value::Bool(true), Value::Bool(false)],
                QuestionType::Choice => q.options.iter().map(|o| Value::Text(o.id.clone())).collect(),
                QuestionType::Number => continue,
            };
            for alt in alternatives {
                if answers.get(&q.id) == Some(&alt) {
                    continue;
                }
                let mut changed = answers.clone();
                changed.insert(q.id.clone(), alt.clone());
                let class = e.assess("semua", &changed).unwrap().class.unwrap();
                let listed = changes.iter().find(|c| c.question == q.id && c.value == alt);
                if class == original {
                    prop_assert!(listed.is_none(), "{} = {} listed", q.id, alt);
                } else {
                    prop_assert_eq!(listed.map(|c| c.class.as_str()), Some(class.as_str()), "{} = {}", q.id, alt);
                }
            }
        }
        for c in changes {
            let mut changed = answers.clone();
            let value = match (&c.value, c.inclusive, c.direction) {
                (Value::Num(v), false, Some(Direction::Up)) => Value::Num(v.checked_add(n("1/1000")).unwrap()),
                (Value::Num(v), false, Some(Direction::Down)) => Value::Num(v.checked_sub(n("1/1000")).unwrap()),
                (v, _, _) => v.clone(),
            };
            changed.insert(c.question.clone(), value);
            let b = e.assess("semua", &changed).unwrap();
            prop_assert_eq!(b.class.as_deref(), Some(c.class.as_str()), "{:?}", c);
            if let (Value::Num(v), Some(dir)) = (&c.value, c.direction) {
                let q = &e.rules().questions[e.question_index(&c.question).unwrap()];
                let step = if q.integer { Num::ONE } else { n("1/1000") };
                let short = if c.inclusive {
                    match dir {
                        Direction::Up => v.checked_sub(step).unwrap(),
                        Direction::Down => v.checked_add(step).unwrap(),
                    }
                } else {
                    *v
                };
                let mut near = answers.clone();
                near.insert(c.question.clone(), Value::Num(short));
                let b = e.assess("semua", &near).unwrap();
                prop_assert_eq!(b.class.as_deref(), Some(original.as_str()), "{:?} at {}", c, short);
            }
        }
    }
}
