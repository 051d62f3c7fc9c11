//! "What would change the class": for a household with a class, the answers that, changed alone, move
//! it to another class, and how far its score is from the next band up and down.
//!
//! - yes/no: the other answer; choice: every other option — each tried.
//! - numbers: the nearest value below and above the current one at which the class changes, found
//!   exactly. The class, as a function of one answer with the others fixed, can only change where a
//!   condition on that answer changes: at the thresholds of conditions on the question itself, and for
//!   a derived value (e.g. `luas_lantai / jumlah_anggota < 8`) where the expression crosses a threshold.
//!   Expressions of the form `(a·x + b) / (c·x + d)` in the answer `x` — every ratio, sum and scaling of
//!   answers — are solved exactly for `x`; between those break points every condition keeps its
//!   outcome, so testing one value per piece, nearest first, finds the nearest change exactly. For other
//!   expressions (e.g. `min` of two answers) the change is searched for by doubling then bisection, and
//!   marked `exact: false`.

use serde::Serialize;

use crate::answers::Input;
use crate::assess::band_of;
use crate::compile::{contribution, derived_value, CCluster, CIndicator, Engine, Source};
use crate::expr::{apply, BinOp, FoldNode, Func};
use crate::model::{QuestionType, Value};
use crate::num::Num;

/// Steps of the bisection used when an expression cannot be solved exactly.
const BISECTION_STEPS: u32 = 60;

/// What would change a household's class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WhatIf {
    /// Answers that, changed alone, give another class: in the cluster's question order; for a number,
    /// the change downwards before the one upwards; for a choice, in option order.
    pub changes: Vec<Change>,
    /// The nearest band with higher scores, if any household in the cluster can reach one.
    pub up: Option<Distance>,
    /// The nearest band with lower scores, if any household in the cluster can reach one.
    pub down: Option<Distance>,
}

/// Which way a number answer moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// To a smaller value.
    Down,
    /// To a larger value.
    Up,
}

/// One answer that, changed alone, moves the household to another class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The question's id.
    pub question: String,
    /// The current answer.
    pub current: Value,
    /// For numbers: which way.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// The new answer. For a number: the nearest value that changes the class when `inclusive`; when
    /// not `inclusive`, the class changes for every value strictly beyond this one (in `direction`).
    pub value: Value,
    /// Whether `value` itself gives the new class (always true for yes/no, choices and whole numbers).
    pub inclusive: bool,
    /// Whether the value was found exactly (false only for expressions that could not be solved).
    pub exact: bool,
    /// The class the household moves to.
    pub class: String,
}

/// How far the score is from a neighbouring band.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Distance {
    /// The neighbouring band's class.
    pub class: String,
    /// Its cut-off on the score.
    pub cutoff: Num,
    /// Whether a score equal to the cut-off is in that band.
    pub inclusive: bool,
    /// The exact difference between the cut-off and the score (never negative).
    pub difference: Num,
}

/// Computes the what-if for a classed household. `row` holds its typed answers, `class` its class
/// index and `units` its score in the cluster's units.
pub(crate) fn what_if(
    engine: &Engine,
    cluster: usize,
    row: &[Option<Input>],
    class: usize,
    units: i128,
) -> WhatIf {
    let Some(c) = engine.clusters.get(cluster) else {
        return WhatIf {
            changes: Vec::new(),
            up: None,
            down: None,
        };
    };
    let mut trial = Trial::new(engine, c, row);
    let mut changes = Vec::new();
    for &q in &c.questions {
        let Some(Some(current)) = row.get(q).copied() else {
            continue;
        };
        let Some(question) = engine.rules.questions.get(q) else {
            continue;
        };
        let mut push = |new: Input, direction, inclusive, exact, k: usize| {
            if let Some(cl) = engine.rules.classes.get(k) {
                changes.push(Change {
                    question: question.id.clone(),
                    current: current.to_value(question),
                    direction,
                    value: new.to_value(question),
                    inclusive,
                    exact,
                    class: cl.id.clone(),
                });
            }
        };
        match (question.kind, current) {
            (QuestionType::YesNo, Input::Bool(b)) => {
                if let Some(k) = trial.class_with(q, Input::Bool(!b)) {
                    if k != class {
                        push(Input::Bool(!b), None, true, true, k);
                    }
                }
            }
            (QuestionType::Choice, Input::Choice(cur)) => {
                for o in 0..question.options.len().min(usize::from(u16::MAX)) {
                    let o = o as u16;
                    if o == cur {
                        continue;
                    }
                    if let Some(k) = trial.class_with(q, Input::Choice(o)) {
                        if k != class {
                            push(Input::Choice(o), None, true, true, k);
                        }
                    }
                }
            }
            (QuestionType::Number, Input::Num(v)) => {
                let search = NumberSearch {
                    engine,
                    c,
                    q,
                    v,
                    class,
                    min: question.min,
                    max: question.max,
                    integer: question.integer,
                };
                let points = search.break_points(row);
                for dir in [Direction::Down, Direction::Up] {
                    let found = match &points {
                        Some(p) => search.walk(&mut trial, p, dir),
                        None => search.bisect(&mut trial, dir),
                    };
                    if let Some(found) = found {
                        push(
                            Input::Num(found.value),
                            Some(dir),
                            found.inclusive,
                            found.exact,
                            found.class,
                        );
                    }
                }
            }
            _ => {}
        }
    }
    let (up, down) = distances(engine, c, class, units);
    WhatIf { changes, up, down }
}

/// A classed household with one answer at a time changed: only the indicators that read that answer
/// are evaluated again (a full `classify_row` per trial value made the what-if the bulk of `assess`).
struct Trial<'a> {
    engine: &'a Engine,
    c: &'a CCluster,
    row: Vec<Option<Input>>,
    /// Each indicator's contribution (score units) with the household's own answers.
    base: Vec<i128>,
    /// The household's score in units.
    units: i128,
}

impl<'a> Trial<'a> {
    fn new(engine: &'a Engine, c: &'a CCluster, row: &[Option<Input>]) -> Trial<'a> {
        let base: Vec<i128> = c
            .indicators
            .iter()
            .map(|ind| contribution_in(engine, ind, row).unwrap_or(0))
            .collect();
        let units = base
            .iter()
            .try_fold(0i128, |s, u| s.checked_add(*u))
            .unwrap_or(0);
        Trial {
            engine,
            c,
            row: row.to_vec(),
            base,
            units,
        }
    }

    /// The class with answer `q` replaced by `v`; `None` when it cannot be computed (e.g. a derived
    /// value divides by zero).
    fn class_with(&mut self, q: usize, v: Input) -> Option<usize> {
        let old = self.row.get_mut(q)?.replace(v);
        let mut units = Some(self.units);
        for (ind, base) in self.c.indicators.iter().zip(&self.base) {
            let reads = match ind.source {
                Source::Question(x) => x == q,
                Source::Derived(d) => self
                    .engine
                    .derived
                    .get(d)
                    .is_some_and(|i| i.questions.contains(&q)),
            };
            if reads {
                units = match (units, contribution_in(self.engine, ind, &self.row)) {
                    (Some(u), Some(new)) => u.checked_sub(*base).and_then(|u| u.checked_add(new)),
                    _ => None,
                };
            }
        }
        if let Some(slot) = self.row.get_mut(q) {
            *slot = old;
        }
        band_of(self.c, units?).ok().map(usize::from)
    }
}

/// An indicator's contribution for a row of answers: 0 when its answer is missing (an optional
/// question), `None` when a derived value cannot be computed.
fn contribution_in(engine: &Engine, ind: &CIndicator, row: &[Option<Input>]) -> Option<i128> {
    let derived;
    let v = match ind.source {
        Source::Question(q) => match row.get(q) {
            Some(Some(v)) => v,
            _ => return Some(0),
        },
        Source::Derived(d) => match derived_value(engine, d, row) {
            Ok(Some(n)) => {
                derived = Input::Num(n);
                &derived
            }
            Ok(None) => return Some(0),
            Err(_) => return None,
        },
    };
    Some(
        contribution(
            engine.rules.method,
            ind.test.as_ref(),
            ind.units,
            &ind.cases,
            v,
        )
        .0,
    )
}

struct Found {
    value: Num,
    inclusive: bool,
    exact: bool,
    class: usize,
}

struct NumberSearch<'a> {
    engine: &'a Engine,
    c: &'a CCluster,
    q: usize,
    v: Num,
    class: usize,
    min: Option<Num>,
    max: Option<Num>,
    integer: bool,
}

impl NumberSearch<'_> {
    fn in_domain(&self, x: Num) -> bool {
        self.min.is_none_or(|m| x >= m)
            && self.max.is_none_or(|m| x <= m)
            && (!self.integer || x.is_integer())
    }

    /// A different class at `x`, if any.
    fn other_class(&self, trial: &mut Trial, x: Num) -> Option<usize> {
        if !self.in_domain(x) {
            return None;
        }
        trial
            .class_with(self.q, Input::Num(x))
            .filter(|k| *k != self.class)
    }

    /// Every value of the answer at which a condition of the cluster may change its outcome; `None`
    /// when a derived value reading it cannot be solved exactly.
    fn break_points(&self, row: &[Option<Input>]) -> Option<Vec<Num>> {
        let mut points: Vec<Num> = Vec::new();
        points.extend(self.min);
        points.extend(self.max);
        let mut th = Vec::new();
        for ind in &self.c.indicators {
            let derived = match ind.source {
                Source::Question(q) if q == self.q => None,
                Source::Question(_) => continue,
                Source::Derived(d) => {
                    let reads = self
                        .engine
                        .derived
                        .get(d)
                        .is_some_and(|info| info.questions.contains(&self.q));
                    if !reads {
                        continue;
                    }
                    Some(d)
                }
            };
            th.clear();
            if let Some(t) = &ind.test {
                t.thresholds(&mut th);
            }
            for (t, _, _) in &ind.cases {
                t.thresholds(&mut th);
            }
            match derived {
                None => points.extend(th.iter().copied()),
                Some(d) => {
                    let m = mobius(self.engine, d, self.q, row)?;
                    if let Some(pole) = m.pole() {
                        points.push(pole);
                    }
                    for t in &th {
                        points.extend(m.solve(*t));
                    }
                }
            }
        }
        points.sort();
        points.dedup();
        Some(points)
    }

    /// Tests one value per piece between break points, nearest first.
    fn walk(&self, trial: &mut Trial, points: &[Num], dir: Direction) -> Option<Found> {
        let v = self.v;
        let ahead: Vec<Num> = match dir {
            Direction::Up => points.iter().copied().filter(|p| *p > v).collect(),
            Direction::Down => points.iter().rev().copied().filter(|p| *p < v).collect(),
        };
        let mut a = v;
        for i in 0..=ahead.len() {
            let b = ahead.get(i).copied();
            // The open piece between a and b (b = None: unbounded).
            if let Some(r) = self.inside(a, b, dir) {
                if let Some(k) = self.other_class(trial, r) {
                    return Some(if self.integer {
                        Found {
                            value: r,
                            inclusive: true,
                            exact: true,
                            class: k,
                        }
                    } else {
                        Found {
                            value: a,
                            inclusive: false,
                            exact: true,
                            class: k,
                        }
                    });
                }
            }
            let b = b?;
            if let Some(k) = self.other_class(trial, b) {
                return Some(Found {
                    value: b,
                    inclusive: true,
                    exact: true,
                    class: k,
                });
            }
            a = b;
        }
        None
    }

    /// A value strictly between `a` and `b` (in `dir`), nearest to `a` for whole numbers.
    fn inside(&self, a: Num, b: Option<Num>, dir: Direction) -> Option<Num> {
        let r = if self.integer {
            match dir {
                Direction::Up => a.floor().checked_add(Num::ONE)?,
                Direction::Down => a.ceil().checked_sub(Num::ONE)?,
            }
        } else {
            match (b, dir) {
                (Some(b), _) => a.checked_add(b)?.checked_div(Num::int(2))?,
                (None, Direction::Up) => a.checked_add(Num::ONE)?,
                (None, Direction::Down) => a.checked_sub(Num::ONE)?,
            }
        };
        let strictly = match (b, dir) {
            (Some(b), Direction::Up) => r > a && r < b,
            (Some(b), Direction::Down) => r < a && r > b,
            (None, Direction::Up) => r > a,
            (None, Direction::Down) => r < a,
        };
        strictly.then_some(r)
    }

    /// For expressions that cannot be solved: doubling steps away from the answer until the class
    /// changes, then bisection back to the nearest change.
    fn bisect(&self, trial: &mut Trial, dir: Direction) -> Option<Found> {
        let sign = match dir {
            Direction::Up => Num::ONE,
            Direction::Down => Num::int(-1),
        };
        let limit = match dir {
            Direction::Up => self.max,
            Direction::Down => self.min,
        };
        let mut same = self.v;
        let mut step = Num::ONE;
        let mut far: Option<(Num, usize)> = None;
        for _ in 0..64 {
            let mut x = self.v.checked_add(step.checked_mul(sign)?)?;
            if let Some(l) = limit {
                let beyond = match dir {
                    Direction::Up => x > l,
                    Direction::Down => x < l,
                };
                if beyond {
                    x = l;
                }
            }
            if let Some(k) = self.other_class(trial, x) {
                far = Some((x, k));
                break;
            }
            same = x;
            if Some(x) == limit {
                break;
            }
            step = step.checked_mul(Num::int(2))?;
        }
        let (mut diff, mut class) = far?;
        for _ in 0..BISECTION_STEPS {
            let gap = diff.checked_sub(same)?.abs();
            if self.integer && gap <= Num::ONE {
                break;
            }
            let mid = same.checked_add(diff)?.checked_div(Num::int(2))?;
            let mid = if self.integer { mid.floor() } else { mid };
            if mid == same || mid == diff {
                break;
            }
            match self.other_class(trial, mid) {
                Some(k) => {
                    diff = mid;
                    class = k;
                }
                None => same = mid,
            }
        }
        Some(Found {
            value: diff,
            inclusive: true,
            exact: self.integer,
            class,
        })
    }
}

/// `(a·x + b) / (c·x + d)`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Mobius {
    a: Num,
    b: Num,
    c: Num,
    d: Num,
}

impl Mobius {
    fn constant(k: Num) -> Mobius {
        Mobius {
            a: Num::ZERO,
            b: k,
            c: Num::ZERO,
            d: Num::ONE,
        }
    }

    fn is_constant(&self) -> bool {
        self.a.is_zero() && self.c.is_zero()
    }

    /// The value of `x` where the denominator is zero.
    fn pole(&self) -> Option<Num> {
        if self.c.is_zero() {
            return None;
        }
        Num::ZERO.checked_sub(self.d)?.checked_div(self.c)
    }

    /// The `x` where the expression equals `t`: `a x + b = t (c x + d)`.
    fn solve(&self, t: Num) -> Option<Num> {
        let coef = self.a.checked_sub(t.checked_mul(self.c)?)?;
        if coef.is_zero() {
            return None;
        }
        t.checked_mul(self.d)?
            .checked_sub(self.b)?
            .checked_div(coef)
    }

    /// Divides through by a constant denominator, keeping the numbers small.
    fn normal(self) -> Option<Mobius> {
        if self.c.is_zero() && !self.d.is_zero() && self.d != Num::ONE {
            return Some(Mobius {
                a: self.a.checked_div(self.d)?,
                b: self.b.checked_div(self.d)?,
                c: Num::ZERO,
                d: Num::ONE,
            });
        }
        Some(self)
    }
}

/// `(p x + q)(r x + s)` when it stays of degree one.
fn mul_lin(p: Num, q: Num, r: Num, s: Num) -> Option<(Num, Num)> {
    if !p.is_zero() && !r.is_zero() {
        return None;
    }
    Some((add(mul(p, s)?, mul(r, q)?)?, mul(q, s)?))
}

/// Products and sums with the zeros and ones these coefficients mostly are, without rational
/// arithmetic.
fn mul(a: Num, b: Num) -> Option<Num> {
    if a.is_zero() || b.is_zero() {
        Some(Num::ZERO)
    } else if a == Num::ONE {
        Some(b)
    } else if b == Num::ONE {
        Some(a)
    } else {
        a.checked_mul(b)
    }
}

fn add(a: Num, b: Num) -> Option<Num> {
    if a.is_zero() {
        Some(b)
    } else if b.is_zero() {
        Some(a)
    } else {
        a.checked_add(b)
    }
}

/// A derived value as a function of answer `q`, the other answers fixed.
fn mobius(engine: &Engine, d: usize, q: usize, row: &[Option<Input>]) -> Option<Mobius> {
    let nq = engine.questions.len();
    let info = engine.derived.get(d)?;
    info.expr
        .fold(&mut |node: FoldNode<'_, Mobius>| -> Result<Mobius, ()> {
            let m = match node {
                FoldNode::Lit(k) => Mobius::constant(k),
                FoldNode::Slot(s) => {
                    let s = s as usize;
                    if s == q {
                        Mobius {
                            a: Num::ONE,
                            b: Num::ZERO,
                            c: Num::ZERO,
                            d: Num::ONE,
                        }
                    } else if s < nq {
                        match row.get(s) {
                            Some(Some(Input::Num(n))) => Mobius::constant(*n),
                            _ => return Err(()),
                        }
                    } else {
                        let inner = s - nq;
                        let reads = engine
                            .derived
                            .get(inner)
                            .is_some_and(|i| i.questions.contains(&q));
                        if reads {
                            mobius(engine, inner, q, row).ok_or(())?
                        } else {
                            match derived_value(engine, inner, row) {
                                Ok(Some(n)) => Mobius::constant(n),
                                _ => return Err(()),
                            }
                        }
                    }
                }
                FoldNode::Neg(m) => Mobius {
                    a: Num::ZERO.checked_sub(m.a).ok_or(())?,
                    b: Num::ZERO.checked_sub(m.b).ok_or(())?,
                    ..m
                },
                FoldNode::Bin(op, f, g) => combine(op, f, g).ok_or(())?,
                FoldNode::Call(func, args) => {
                    // Only constant arguments: min/max of a varying one is piecewise, not solved here.
                    let mut best: Option<Num> = None;
                    for m in args {
                        if !m.is_constant() {
                            return Err(());
                        }
                        let v = m.b.checked_div(m.d).ok_or(())?;
                        best = Some(match (best, func) {
                            (None, _) => v,
                            (Some(b), Func::Min) => b.min(v),
                            (Some(b), Func::Max) => b.max(v),
                        });
                    }
                    Mobius::constant(best.ok_or(())?)
                }
            };
            m.normal().ok_or(())
        })
        .ok()
}

fn combine(op: BinOp, f: Mobius, g: Mobius) -> Option<Mobius> {
    if f.is_constant() && g.is_constant() {
        let x = f.b.checked_div(f.d)?;
        let y = g.b.checked_div(g.d)?;
        return apply(op, x, y).ok().map(Mobius::constant);
    }
    let (na, nb, da, db) = match op {
        BinOp::Add | BinOp::Sub => {
            // f.n g.d ± g.n f.d over f.d g.d
            let (p1, q1) = mul_lin(f.a, f.b, g.c, g.d)?;
            let (p2, q2) = mul_lin(g.a, g.b, f.c, f.d)?;
            let (na, nb) = if op == BinOp::Add {
                (p1.checked_add(p2)?, q1.checked_add(q2)?)
            } else {
                (p1.checked_sub(p2)?, q1.checked_sub(q2)?)
            };
            let (da, db) = mul_lin(f.c, f.d, g.c, g.d)?;
            (na, nb, da, db)
        }
        BinOp::Mul => {
            let (na, nb) = mul_lin(f.a, f.b, g.a, g.b)?;
            let (da, db) = mul_lin(f.c, f.d, g.c, g.d)?;
            (na, nb, da, db)
        }
        BinOp::Div => {
            let (na, nb) = mul_lin(f.a, f.b, g.c, g.d)?;
            let (da, db) = mul_lin(f.c, f.d, g.a, g.b)?;
            (na, nb, da, db)
        }
    };
    if da.is_zero() && db.is_zero() {
        return None;
    }
    Some(Mobius {
        a: na,
        b: nb,
        c: da,
        d: db,
    })
}

/// The nearest reachable bands above and below the household's.
fn distances(
    engine: &Engine,
    c: &CCluster,
    class: usize,
    units: i128,
) -> (Option<Distance>, Option<Distance>) {
    let classes = &engine.rules.classes;
    let Some(current) = classes.get(class) else {
        return (None, None);
    };
    let Some(score) = Num::ratio(units, c.scale) else {
        return (None, None);
    };
    let reachable = |k: usize| {
        c.bands
            .get(k)
            .is_some_and(|b| crate::assess::band_meets(b, c.min_units, c.max_units))
    };
    let up = current.to.and_then(|top| {
        classes
            .iter()
            .enumerate()
            .filter(|(k, _)| *k != class && reachable(*k))
            .filter_map(|(k, cl)| cl.from.map(|f| (k, f)))
            .filter(|(_, f)| f.value >= top.value)
            .min_by_key(|(_, f)| (f.value, !f.inclusive))
            .and_then(|(k, f)| {
                Some(Distance {
                    class: classes.get(k)?.id.clone(),
                    cutoff: f.value,
                    inclusive: f.inclusive,
                    difference: f.value.checked_sub(score)?,
                })
            })
    });
    let down = current.from.and_then(|bottom| {
        classes
            .iter()
            .enumerate()
            .filter(|(k, _)| *k != class && reachable(*k))
            .filter_map(|(k, cl)| cl.to.map(|t| (k, t)))
            .filter(|(_, t)| t.value <= bottom.value)
            .max_by_key(|(_, t)| (t.value, t.inclusive))
            .and_then(|(k, t)| {
                Some(Distance {
                    class: classes.get(k)?.id.clone(),
                    cutoff: t.value,
                    inclusive: t.inclusive,
                    difference: score.checked_sub(t.value)?,
                })
            })
    });
    (up, down)
}
