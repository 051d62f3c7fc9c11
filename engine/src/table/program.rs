//! A cluster's indicators compiled against one household file's columns: from the bytes of a row's
//! cells straight to the indicators met and the score, without typing answers first.
//!
//! [`Layout::read_answers`](super::Layout::read_answers) then [`Engine::classify_row`] is the general
//! path: it reads every cell into an [`Input`], then tests every indicator. A [`RowProgram`] does the
//! same work for the usual row in one pass over its cells:
//!
//! - a yes/no or choice cell is found by its bytes in a copy of the question's table of usual answers
//!   ([`super::Lookup`]) where each text already holds what its answer does to the cluster: the bits
//!   of the indicators it meets and the score units they add;
//! - a plain number cell (`63,8`, `5`) is read as whole digits over a power of ten and tested against
//!   ranges of digits worked out once per number of decimal places ([`super::decimal`]): exact, no
//!   floats, no [`Num`];
//! - derived values are computed on exact fractions kept out of lowest terms, in dependency order
//!   ([`super::derived`]);
//! - the class and score of each reachable total are looked up in a table made once.
//!
//! The program only says yes to rows it is sure of. Anything else (a cell not in the table, a
//! number it does not read, a required answer missing, an answer out of range, a division by zero,
//! numbers too large for its checked arithmetic) gives `None`, and the caller takes the general
//! path, which classes the row or says exactly why not. So a row gets the same class, score and
//! indicators either way; the program only makes the usual row cheaper.

use super::bytes::ByteTable;
use super::decimal::{Decimal, DigitRange, POWERS_OF_TEN};
use super::derived::{eval, postfix, Cut, Frac, Op};
use super::Row;
use crate::answers::Input;
use crate::assess::Classified;
use crate::compile::{contribution, CCluster, Engine, Source, Test};
use crate::model::{Method, QuestionType};
use crate::num::Num;

/// The most numbers a row program keeps at once: answers read by derived values, and derived values.
const VALUE_SLOTS: usize = 8;

/// The most totals a row program tabulates the class and score of.
const MAX_TABULATED_TOTALS: i128 = 4096;

/// What an answer does to a cluster: the bits of the indicators it meets and the units they add
/// (64 bits are enough: [`RowProgram::new`] checks that any total fits).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Effect {
    bits: u64,
    units: i64,
}

impl Effect {
    /// Adds indicator `bit` and its `units` when `hit`, without a branch on it (left to itself, the
    /// compiler makes one).
    #[inline(always)]
    fn add(&mut self, bit: u32, hit: bool, units: i64) {
        let (bits, units) =
            std::hint::select_unpredictable(hit, (1u64 << (bit & 63), units), (0, 0));
        self.bits |= bits;
        self.units = self.units.wrapping_add(units);
    }
}

/// The effect of one usual text of a yes/no or choice cell; `usual` is false for a text the general
/// path must judge (e.g. an empty cell of a required question), and in the table's free slots.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct CellEffect {
    effect: Effect,
    usual: bool,
}

/// An indicator on a number: its bit and its cases, the first that holds giving its units (one case
/// under count and weighted, the points list under points).
#[derive(Debug, Clone)]
struct NumIndicator {
    bit: u32,
    cases: Vec<(Cut, i64)>,
}

impl NumIndicator {
    /// Adds the indicator's effect for value `v`; `None` when a comparison overflows.
    #[inline(always)]
    fn apply(&self, v: Frac, effect: &mut Effect) -> Option<()> {
        // One case (count and weighted): no branch on whether it holds, which for households
        // drawn at random is a coin toss the processor cannot predict.
        if let [(cut, units)] = self.cases.as_slice() {
            effect.add(self.bit, cut.holds(v)?, *units);
            return Some(());
        }
        for (cut, units) in &self.cases {
            if cut.holds(v)? {
                effect.add(self.bit, true, *units);
                return Some(());
            }
        }
        Some(())
    }
}

/// A yes/no or choice question's cell: the question's usual texts (see [`super::Lookup`]), each with
/// its effect on the cluster.
#[derive(Debug, Clone)]
struct ChoiceStep {
    column: usize,
    effects: ByteTable<CellEffect>,
}

/// An indicator on a number question: its bit and its cases as ranges of a plain decimal cell's
/// digits, the first that holds giving its units.
#[derive(Debug, Clone)]
struct DigitIndicator {
    bit: u32,
    cases: Vec<(DigitRange, i64)>,
}

/// A number question's cell.
#[derive(Debug, Clone)]
struct NumberStep {
    column: usize,
    /// A money question: a lone separator may group thousands (`600.000` is six hundred thousand).
    money: bool,
    integer: bool,
    /// The question's `min` and `max`.
    valid: DigitRange,
    /// Whether an empty cell is for the general path (a required question, or one a derived value
    /// reads); otherwise it meets none of the indicators.
    empty_unusual: bool,
    indicators: Vec<DigitIndicator>,
    /// Where derived values find this answer.
    slot: Option<usize>,
}

/// A derived value the cluster uses: its expression, where it is kept, the indicators on it.
#[derive(Debug, Clone)]
struct DerivedStep {
    ops: Vec<Op>,
    slot: usize,
    indicators: Vec<NumIndicator>,
}

/// One cluster of one rule set compiled against the columns of one household file (see the module
/// documentation). Built by [`RowProgram::new`] when the cluster's indicators and derived values fit
/// its forms; a cluster that does not have one always takes the general path.
#[derive(Debug, Clone)]
pub(crate) struct RowProgram {
    cluster: usize,
    choices: Vec<ChoiceStep>,
    numbers: Vec<NumberStep>,
    derived: Vec<DerivedStep>,
    /// The class and score of each total from `min_units` (`None`: for the general path to say).
    totals: Vec<Option<(u16, Num)>>,
    min_units: i128,
}

impl RowProgram {
    /// Compiles cluster `cluster` of `engine` for a file whose column `column` answers question `q`,
    /// for every `(q, column)` in `reads` (every question the cluster uses, as
    /// [`super::Layout`] finds them). `None` when something is beyond the program's forms.
    pub(crate) fn new(
        engine: &Engine,
        cluster: usize,
        reads: &[(usize, usize)],
    ) -> Option<RowProgram> {
        let c = engine.clusters.get(cluster)?;
        let method = engine.rules.method;
        // The total of the largest contributions must fit with room to spare, so that adding them in
        // any order cannot overflow (the general path adds them in indicator order).
        let mut largest: i128 = 0;
        for ind in &c.indicators {
            let most = ind
                .cases
                .iter()
                .map(|(_, _, u)| u.checked_abs())
                .chain([ind.units.checked_abs()])
                .try_fold(0i128, |m, u| Some(m.max(u?)))?;
            largest = largest.checked_add(most)?;
        }
        if largest > 1i128 << 62 {
            return None;
        }
        if c.questions.len() != reads.len() {
            return None;
        }

        // Slots for the answers derived values read, then for the derived values.
        let nq = engine.questions.len();
        let mut slot_of_question: Vec<Option<usize>> = vec![None; nq];
        let mut slot_of_derived: Vec<Option<usize>> = vec![None; engine.derived.len()];
        let mut slots = 0usize;
        for &d in &c.derived {
            for &q in &engine.derived.get(d)?.questions {
                if engine.questions.get(q)?.kind != QuestionType::Number {
                    return None;
                }
                let slot = slot_of_question.get_mut(q)?;
                if slot.is_none() {
                    *slot = Some(slots);
                    slots += 1;
                }
            }
        }
        for &d in &c.derived {
            *slot_of_derived.get_mut(d)? = Some(slots);
            slots += 1;
        }
        if slots > VALUE_SLOTS {
            return None;
        }

        // Every contribution fits 64 bits: the total of the largest ones does.
        let cases = |ind: &crate::compile::CIndicator| -> Vec<(Test, i64)> {
            let units = |u: i128| i64::try_from(u).unwrap_or(0);
            match method {
                Method::Count | Method::Weighted => ind
                    .test
                    .iter()
                    .map(|t| (t.clone(), units(ind.units)))
                    .collect(),
                Method::Points => ind
                    .cases
                    .iter()
                    .map(|(t, _, u)| (t.clone(), units(*u)))
                    .collect(),
            }
        };
        let on = |source: Source| {
            c.indicators
                .iter()
                .enumerate()
                .filter(move |(_, ind)| ind.source == source)
        };

        let mut choices = Vec::new();
        let mut numbers = Vec::new();
        for &(q, column) in reads {
            let info = engine.questions.get(q)?;
            let question = engine.rules.questions.get(q)?;
            let any_required = info.required || on(Source::Question(q)).any(|(_, i)| i.required);
            match info.kind {
                QuestionType::YesNo | QuestionType::Choice => {
                    let effect = |answer: &Option<Input>| {
                        let effect = match answer {
                            None if any_required => None,
                            None => Some(Effect::default()),
                            Some(answer) => choice_effect(c, method, q, answer),
                        };
                        effect.map_or(CellEffect::default(), |effect| CellEffect {
                            effect,
                            usual: true,
                        })
                    };
                    choices.push(ChoiceStep {
                        column,
                        effects: engine.lookup(q)?.table().map(effect),
                    });
                }
                QuestionType::Number => {
                    let slot = slot_of_question.get(q).copied().flatten();
                    let mut indicators = Vec::new();
                    for (bit, ind) in on(Source::Question(q)) {
                        let cases = cases(ind)
                            .into_iter()
                            .map(|(test, units)| Some((DigitRange::of_test(&test)?, units)))
                            .collect::<Option<_>>()?;
                        indicators.push(DigitIndicator {
                            bit: bit as u32,
                            cases,
                        });
                    }
                    numbers.push(NumberStep {
                        column,
                        money: question.money,
                        integer: question.integer,
                        valid: DigitRange::within(question.min, question.max)?,
                        empty_unusual: any_required || slot.is_some(),
                        indicators,
                        slot,
                    });
                }
            }
        }

        let mut derived = Vec::new();
        for &d in &c.derived {
            let ops = postfix(engine, d, &slot_of_question, &slot_of_derived)?;
            derived.push(DerivedStep {
                ops,
                slot: slot_of_derived.get(d).copied().flatten()?,
                indicators: on(Source::Derived(d))
                    .map(|(bit, ind)| NumIndicator {
                        bit: bit as u32,
                        cases: cases(ind)
                            .iter()
                            .map(|(test, units)| (Cut::of(test), *units))
                            .collect(),
                    })
                    .collect(),
            });
        }
        // Every indicator must be on a question read here or on a derived value computed here.
        let covered = c.indicators.iter().all(|ind| match ind.source {
            Source::Question(q) => reads.iter().any(|&(r, _)| r == q),
            Source::Derived(d) => c.derived.contains(&d),
        });
        if !covered {
            return None;
        }

        let (min_units, max_units) = (c.min_units, c.max_units);
        let totals = if max_units.checked_sub(min_units)? < MAX_TABULATED_TOTALS {
            (min_units..=max_units)
                .map(|u| engine.classified(c, u, 0).ok().map(|k| (k.class, k.score)))
                .collect()
        } else {
            Vec::new()
        };
        Some(RowProgram {
            cluster,
            choices,
            numbers,
            derived,
            totals,
            min_units,
        })
    }

    /// Classes `row` (whose width and cluster were checked), or `None` when the row is for the general
    /// path.
    #[inline]
    pub(crate) fn run<R: Row + ?Sized>(&self, engine: &Engine, row: &R) -> Option<Classified> {
        let mut effect = Effect::default();
        for step in &self.choices {
            let (bytes, len) = row.cell_with_slack(step.column)?;
            let found = step.effects.find(bytes, len)?;
            if !found.usual {
                return None;
            }
            effect.bits |= found.effect.bits;
            effect.units = effect.units.wrapping_add(found.effect.units);
        }
        let mut values = [Frac::ZERO; VALUE_SLOTS];
        for step in &self.numbers {
            let cell = row.cell(step.column)?;
            if cell.is_empty() {
                if step.empty_unusual {
                    return None;
                }
                continue;
            }
            let v = Decimal::read(cell, step.money)?;
            if !step.valid.holds(v) || (step.integer && !v.is_integer()) {
                return None;
            }
            if let Some(slot) = step.slot {
                *values.get_mut(slot)? = Frac {
                    n: i128::from(v.digits),
                    d: i128::from(*POWERS_OF_TEN.get(v.places)?),
                };
            }
            for ind in &step.indicators {
                // As `NumIndicator::apply`: one case without a branch on it, else the first that holds.
                if let [(range, units)] = ind.cases.as_slice() {
                    effect.add(ind.bit, range.holds(v), *units);
                } else if let Some((_, units)) = ind.cases.iter().find(|(range, _)| range.holds(v))
                {
                    effect.add(ind.bit, true, *units);
                }
            }
        }
        for step in &self.derived {
            let v = eval(&step.ops, &values)?;
            *values.get_mut(step.slot)? = v;
            for ind in &step.indicators {
                ind.apply(v, &mut effect)?;
            }
        }
        let units = i128::from(effect.units);
        let tabulated = units
            .checked_sub(self.min_units)
            .and_then(|i| usize::try_from(i).ok())
            .and_then(|i| self.totals.get(i));
        match tabulated {
            Some(found) => {
                let (class, score) = (*found)?;
                Some(Classified {
                    class,
                    score,
                    met: effect.bits,
                })
            }
            None => {
                let c = engine.clusters.get(self.cluster)?;
                engine.classified(c, units, effect.bits).ok()
            }
        }
    }
}

/// What answer `answer` to yes/no or choice question `q` does to cluster `c`, as
/// [`Engine::classify_row`] counts it; `None` when it would not accept the answer's type.
fn choice_effect(c: &CCluster, method: Method, q: usize, answer: &Input) -> Option<Effect> {
    let mut effect = Effect::default();
    for (bit, ind) in c.indicators.iter().enumerate() {
        if ind.source != Source::Question(q) {
            continue;
        }
        let typed = match (ind.kind, answer) {
            (QuestionType::YesNo, Input::Bool(_)) => true,
            (QuestionType::Choice, Input::Choice(i)) => usize::from(*i) < ind.options,
            _ => false,
        };
        if !typed || bit >= 64 {
            return None;
        }
        let (units, hit) = contribution(method, ind.test.as_ref(), ind.units, &ind.cases, answer);
        if hit.is_some() {
            effect.bits |= 1u64 << bit;
            effect.units = effect.units.checked_add(i64::try_from(units).ok()?)?;
        }
    }
    Some(effect)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{ClusterChoice, CsvReader, Layout};

    /// Cells for question `q`: usual ones (its options in several spellings, yes/no words, plain
    /// numbers at and around the cut-offs), and odd ones the general path must judge (empty,
    /// padded, quoted, signed, grouped, nonsense, too long).
    fn cells(e: &Engine, q: usize) -> (Vec<String>, Vec<String>) {
        let question = &e.rules().questions[q];
        let own = |cells: &[&str]| cells.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
        let mut usual = own(&[
            "ya", "Ya", "TIDAK", "tidak", "0", "1", "2", "3", "8", "9", "8,0", "7,99", "63,8",
            "12.5", "50", "500000", "499999",
        ]);
        for o in &question.options {
            usual.extend([
                o.id.clone(),
                o.id.to_uppercase(),
                o.label.id.clone(),
                o.label.en.to_lowercase(),
            ]);
        }
        // Usual: answers the question accepts, without CSV quoting.
        usual.retain(|c| {
            !c.contains([';', '\n', '"'])
                && crate::answers::parse_cell(question, c).is_ok_and(|a| a.is_some())
        });
        let odd = own(&[
            "",
            " ",
            "51",
            "-1",
            "+5",
            "1.000",
            "600.000",
            "abc",
            " 4",
            "4 ",
            "\"ya\"",
            "\"63,8\"",
            "99999999999999999999",
            "0,0000000000000000001",
        ]);
        (usual, odd)
    }

    /// Every shipped rule set, on pseudo-random rows: when the row program classes a row, it gives
    /// what reading the answers and [`Engine::classify_row`] give; and it classes most usual rows.
    #[test]
    fn the_program_classes_as_the_general_path() {
        let files = [
            include_str!("../../../rulesets/bps-14.json"),
            include_str!("../../../rulesets/bantaeng-draft.json"),
            include_str!("../../../rulesets/global-mpi.json"),
            include_str!("../../../rulesets/ppi-indonesia-2012.json"),
        ];
        for json in files {
            let e = Engine::new(serde_json::from_str(json).unwrap()).unwrap();
            let nq = e.question_count();
            let pools: Vec<(Vec<String>, Vec<String>)> = (0..nq).map(|q| cells(&e, q)).collect();
            let clusters: Vec<&str> = e.cluster_ids().collect();
            let mut text = e
                .rules()
                .questions
                .iter()
                .map(|q| q.id.as_str())
                .chain(["klaster"])
                .collect::<Vec<_>>()
                .join(";");
            text.push('\n');
            // A linear congruential sequence: the same rows every run.
            let mut state: u64 = 42;
            let mut next = |n: usize| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                (state >> 33) as usize % n
            };
            for _ in 0..20_000 {
                // Mostly usual cells, sometimes an odd one.
                let mut row = Vec::new();
                for (usual, odd) in &pools {
                    let cell = if next(8) != 0 {
                        &usual[next(usual.len())]
                    } else {
                        &odd[next(odd.len())]
                    };
                    row.push(cell.as_str());
                }
                row.push(clusters[next(clusters.len())]);
                text.push_str(&row.join(";"));
                text.push('\n');
            }
            let mut reader = CsvReader::new(text.as_bytes()).unwrap();
            let layout = Layout::new(&e, reader.headers(), None, &ClusterChoice::Auto).unwrap();
            let mut answers = vec![None; nq];
            let (mut quick, mut rows) = (0, 0);
            while let Some(row) = reader.next_row().unwrap() {
                rows += 1;
                let Ok(c) = layout.read_cluster(&row) else {
                    continue;
                };
                let general = layout
                    .read_answers(&row, c, &mut answers)
                    .ok()
                    .map(|()| e.classify_row(c, &answers));
                if let Some(got) = layout.classify_quick(&row, c) {
                    quick += 1;
                    assert_eq!(
                        general,
                        Some(Ok(got)),
                        "{}: line {}",
                        e.rules().id,
                        row.line()
                    );
                }
            }
            // Enough rows with only usual cells go the quick way.
            assert!(quick * 50 > rows, "{}: {quick} of {rows}", e.rules().id);
        }
    }
}
