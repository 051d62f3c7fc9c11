//! Derived values in a row program (see [`super::program`]): exact fractions kept out of lowest
//! terms, number tests on them, and a derived value's expression in postfix order over value slots.
//! Every operation is checked: on a division by zero or a number too large, the row program gives
//! up on the row and the general path, with [`Num`], says what happened.

use std::cmp::Ordering;

use crate::compile::{Engine, Test};
use crate::expr::{BinOp, FoldNode, Func};
use crate::num::{mul_checked as mul, Num};

/// The deepest stack a derived value's expression may need in a row program.
pub(super) const STACK: usize = 8;

/// An exact fraction `n / d` with `d > 0`, not necessarily in lowest terms (reducing costs a gcd per
/// operation, and comparisons by cross-multiplication do not need it). Every operation is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Frac {
    pub(super) n: i128,
    pub(super) d: i128,
}

impl Frac {
    pub(super) const ZERO: Frac = Frac { n: 0, d: 1 };

    fn of(n: Num) -> Frac {
        Frac {
            n: n.numer(),
            d: n.denom(),
        }
    }

    /// Compares `self` with `other`; `None` when a cross product does not fit.
    #[inline]
    fn cmp(self, other: Frac) -> Option<Ordering> {
        if self.d == other.d {
            // Whole numbers, or decimals with as many places.
            return Some(self.n.cmp(&other.n));
        }
        Some(mul(self.n, other.d)?.cmp(&mul(other.n, self.d)?))
    }

    #[inline]
    fn add(self, other: Frac) -> Option<Frac> {
        if self.d == other.d {
            return Some(Frac {
                n: self.n.checked_add(other.n)?,
                d: self.d,
            });
        }
        Some(Frac {
            n: mul(self.n, other.d)?.checked_add(mul(other.n, self.d)?)?,
            d: mul(self.d, other.d)?,
        })
    }

    #[inline]
    fn neg(self) -> Option<Frac> {
        Some(Frac {
            n: self.n.checked_neg()?,
            d: self.d,
        })
    }

    #[inline]
    fn mul(self, other: Frac) -> Option<Frac> {
        Some(Frac {
            n: mul(self.n, other.n)?,
            d: mul(self.d, other.d)?,
        })
    }

    /// `None` also for a division by zero: the general path reports it.
    #[inline]
    fn div(self, other: Frac) -> Option<Frac> {
        let (n, d) = (mul(self.n, other.d)?, mul(self.d, other.n)?);
        match d.cmp(&0) {
            Ordering::Greater => Some(Frac { n, d }),
            Ordering::Less => Some(Frac {
                n: n.checked_neg()?,
                d: d.checked_neg()?,
            }),
            Ordering::Equal => None,
        }
    }
}

/// A number test compiled for fractions: [`Test`] on numbers, its bounds as [`Frac`]s.
#[derive(Debug, Clone, Copy)]
pub(super) enum Cut {
    Lt(Frac),
    Le(Frac),
    Gt(Frac),
    Ge(Frac),
    Eq(Frac),
    Ne(Frac),
    Between(Frac, Frac),
    /// A test of yes/no answers or choices: never holds for a number.
    Never,
}

impl Cut {
    pub(super) fn of(test: &Test) -> Cut {
        let f = |n: &Num| Frac::of(*n);
        match test {
            Test::Lt(b) => Cut::Lt(f(b)),
            Test::Le(b) => Cut::Le(f(b)),
            Test::Gt(b) => Cut::Gt(f(b)),
            Test::Ge(b) => Cut::Ge(f(b)),
            Test::EqNum(b) => Cut::Eq(f(b)),
            Test::NeNum(b) => Cut::Ne(f(b)),
            Test::Between(lo, hi) => Cut::Between(f(lo), f(hi)),
            Test::IsBool(_)
            | Test::EqChoice(_)
            | Test::NeChoice(_)
            | Test::OneOf(_)
            | Test::OneOfMask(_) => Cut::Never,
        }
    }

    /// Whether the test holds for `v`, as [`Test::holds`] says of the same number; `None` when the
    /// comparison overflows.
    #[inline]
    pub(super) fn holds(&self, v: Frac) -> Option<bool> {
        use Ordering::{Equal, Greater, Less};
        Some(match *self {
            Cut::Lt(b) => v.cmp(b)? == Less,
            Cut::Le(b) => v.cmp(b)? != Greater,
            Cut::Gt(b) => v.cmp(b)? == Greater,
            Cut::Ge(b) => v.cmp(b)? != Less,
            Cut::Eq(b) => v.cmp(b)? == Equal,
            Cut::Ne(b) => v.cmp(b)? != Equal,
            Cut::Between(lo, hi) => v.cmp(lo)? != Less && v.cmp(hi)? != Greater,
            Cut::Never => false,
        })
    }
}

/// One operation of a derived value's expression, in postfix order.
#[derive(Debug, Clone, Copy)]
pub(super) enum Op {
    Lit(Frac),
    Value(usize),
    Neg,
    Bin(BinOp),
    Call(Func, usize),
}

/// Derived value `d`'s expression in postfix order over value slots; `None` when it reads something
/// without a slot or needs a deeper stack than [`STACK`].
pub(super) fn postfix(
    engine: &Engine,
    d: usize,
    slot_of_question: &[Option<usize>],
    slot_of_derived: &[Option<usize>],
) -> Option<Vec<Op>> {
    let nq = engine.questions.len();
    let mut ops = Vec::new();
    let mut depth = 0usize;
    let mut deepest = 0usize;
    engine
        .derived
        .get(d)?
        .expr
        .fold(&mut |node: FoldNode<'_, ()>| -> Result<(), ()> {
            let (op, pops) = match node {
                FoldNode::Lit(n) => (Op::Lit(Frac::of(n)), 0),
                FoldNode::Slot(s) => {
                    let s = s as usize;
                    let slot = if s < nq {
                        slot_of_question.get(s)
                    } else {
                        slot_of_derived.get(s - nq)
                    };
                    (Op::Value(slot.copied().flatten().ok_or(())?), 0)
                }
                FoldNode::Neg(()) => (Op::Neg, 1),
                FoldNode::Bin(op, (), ()) => (Op::Bin(op), 2),
                FoldNode::Call(f, args) if !args.is_empty() => {
                    (Op::Call(f, args.len()), args.len())
                }
                FoldNode::Call(..) => return Err(()),
            };
            depth = depth.checked_sub(pops).ok_or(())? + 1;
            deepest = deepest.max(depth);
            ops.push(op);
            Ok(())
        })
        .ok()?;
    (depth == 1 && deepest <= STACK).then_some(ops)
}

/// `a op b`; `None` on a division by zero or a number too large.
#[inline]
fn binary(op: BinOp, a: Frac, b: Frac) -> Option<Frac> {
    match op {
        BinOp::Add => a.add(b),
        BinOp::Sub => a.add(b.neg()?),
        BinOp::Mul => a.mul(b),
        BinOp::Div => a.div(b),
    }
}

/// Evaluates a postfix expression; `None` on a division by zero or a number too large.
#[inline]
pub(super) fn eval(ops: &[Op], values: &[Frac]) -> Option<Frac> {
    // The usual derived value, one answer over another (`luas_lantai / jumlah_anggota`), without
    // the stack machine: no zeroed stack, no jump per operation.
    if let [Op::Value(a), Op::Value(b), Op::Bin(op)] = *ops {
        return binary(op, *values.get(a)?, *values.get(b)?);
    }
    let mut stack = [Frac::ZERO; STACK];
    let mut top = 0usize;
    for op in ops {
        let v = match *op {
            Op::Lit(f) => f,
            Op::Value(slot) => *values.get(slot)?,
            Op::Neg => {
                top = top.checked_sub(1)?;
                stack.get(top)?.neg()?
            }
            Op::Bin(op, ..) => {
                top = top.checked_sub(2)?;
                binary(op, *stack.get(top)?, *stack.get(top + 1)?)?
            }
            Op::Call(f, n) => {
                top = top.checked_sub(n)?;
                let args = stack.get(top..top + n)?;
                let mut best = *args.first()?;
                for &x in args.get(1..)? {
                    let order = x.cmp(best)?;
                    let better = match f {
                        Func::Min => order == Ordering::Less,
                        Func::Max => order == Ordering::Greater,
                    };
                    if better {
                        best = x;
                    }
                }
                best
            }
        };
        *stack.get_mut(top)? = v;
        top += 1;
    }
    (top == 1).then_some(*stack.first()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frac(n: i128, d: i128) -> Frac {
        Frac { n, d }
    }

    #[test]
    fn fractions_compare_and_compute_exactly() {
        assert_eq!(frac(638, 10).cmp(frac(8, 1)), Some(Ordering::Greater));
        assert_eq!(frac(1, 3).cmp(frac(2, 6)), Some(Ordering::Equal));
        assert_eq!(frac(638, 10).div(frac(5, 1)), Some(frac(638, 50)));
        assert_eq!(frac(1, 2).div(frac(-3, 1)), Some(frac(-1, 6)));
        assert_eq!(frac(1, 2).div(frac(0, 7)), None);
        assert_eq!(frac(i128::MAX, 1).add(frac(1, 1)), None);
        assert_eq!(frac(i128::MAX, 1).mul(frac(2, 1)), None);
        assert_eq!(frac(i128::MIN, 1).neg(), None);
        // 12/8 < 8 per person; 64/8 is not.
        let below_8 = Cut::of(&Test::Lt(Num::int(8)));
        assert_eq!(
            below_8.holds(frac(63, 1).div(frac(8, 1)).unwrap()),
            Some(true)
        );
        assert_eq!(
            below_8.holds(frac(64, 1).div(frac(8, 1)).unwrap()),
            Some(false)
        );
        assert_eq!(Cut::of(&Test::IsBool(true)).holds(frac(1, 1)), Some(false));
        let one_to_three = Cut::of(&Test::Between(Num::int(1), Num::int(3)));
        assert_eq!(one_to_three.holds(frac(30, 10)), Some(true));
        assert_eq!(one_to_three.holds(frac(31, 10)), Some(false));
    }

    #[test]
    fn postfix_expressions_evaluate_like_the_engine() {
        let ops = [
            Op::Value(0),
            Op::Value(1),
            Op::Lit(frac(1, 2)),
            Op::Call(Func::Max, 2),
            Op::Bin(BinOp::Sub),
            Op::Neg,
        ];
        let values = [frac(3, 1), frac(1, 4)];
        // -(3 - max(1/4, 1/2)) = -5/2
        let v = eval(&ops, &values).unwrap();
        assert_eq!(v.cmp(frac(-5, 2)), Some(Ordering::Equal));
        // One value over another takes the short way, with the same checks.
        let over = [Op::Value(0), Op::Value(1), Op::Bin(BinOp::Div)];
        assert_eq!(eval(&over, &values), Some(frac(12, 1)));
        assert_eq!(eval(&over, &[frac(1, 1), frac(0, 3)]), None);
        assert_eq!(eval(&over, &[frac(1, 1)]), None);
        assert_eq!(eval(&[Op::Neg], &values), None);
        assert_eq!(eval(&[Op::Value(5)], &values), None);
    }
}
