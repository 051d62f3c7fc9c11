//! Reading a [`Condition`] in one pass, with the results and errors of serde's derived reader for
//! `#[serde(tag = "op", deny_unknown_fields)]`.
//!
//! The derived reader of an internally tagged enum first reads the whole object into serde's
//! private `Content` tree (the tag may come last), then reads the variant out of that tree. The
//! tree, and a second reader of every field type working from it, cost the web app ~20 KB of
//! optimised wasm (~5.5 KB gzip). This reader keeps each member's value as a [`Raw`] while it reads, and types it
//! with the field type's own reader once `op` is known.
//!
//! Errors come in the derived reader's order: first those of reading the object (syntax, a
//! repeated or unknown `op`, no `op`), then those of the variant (an unknown or repeated field or a
//! value of the wrong type, in member order, then a missing field). Like the derived reader's,
//! the variant's errors are only raised once the whole condition is read, so serde_json places
//! them just after it (the load reports them at the condition's path).
//!
//! `tests/condition_de.rs` checks this reader against the derived one.

use std::fmt;

use serde::de::{
    value, DeserializeOwned, DeserializeSeed, Error, MapAccess, SeqAccess, Unexpected, Visitor,
};
use serde::{Deserialize, Deserializer};

use crate::model::{Condition, Value};
use crate::num::Num;

/// The operators as written, in declaration order (a variant index also names one).
const OPS: &[&str] = &["<", "<=", ">", ">=", "=", "!=", "between", "one_of"];

/// A condition's operator: its variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
    Between,
    OneOf,
}

impl Op {
    /// In the order of [`OPS`].
    const ALL: [Op; 8] = [
        Op::Lt,
        Op::Le,
        Op::Gt,
        Op::Ge,
        Op::Eq,
        Op::Ne,
        Op::Between,
        Op::OneOf,
    ];

    /// The variant's fields, as written.
    fn fields(self) -> &'static [&'static str] {
        match self {
            Op::Between => &["min", "max"],
            Op::OneOf => &["values"],
            _ => &["value"],
        }
    }

    /// What serde's messages call a variant read from an array, e.g. `struct variant
    /// Condition::Between with 2 elements`.
    fn expecting(self) -> &'static str {
        match self {
            Op::Lt => "struct variant Condition::Lt with 1 element",
            Op::Le => "struct variant Condition::Le with 1 element",
            Op::Gt => "struct variant Condition::Gt with 1 element",
            Op::Ge => "struct variant Condition::Ge with 1 element",
            Op::Eq => "struct variant Condition::Eq with 1 element",
            Op::Ne => "struct variant Condition::Ne with 1 element",
            Op::Between => "struct variant Condition::Between with 2 elements",
            Op::OneOf => "struct variant Condition::OneOf with 1 element",
        }
    }
}

impl<'de> Deserialize<'de> for Op {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Op, D::Error> {
        struct OpVisitor;
        impl Visitor<'_> for OpVisitor {
            type Value = Op;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("variant identifier")
            }
            fn visit_u64<E: Error>(self, v: u64) -> Result<Op, E> {
                usize::try_from(v)
                    .ok()
                    .and_then(|i| Op::ALL.get(i).copied())
                    .ok_or_else(|| {
                        E::invalid_value(Unexpected::Unsigned(v), &"variant index 0 <= i < 8")
                    })
            }
            fn visit_str<E: Error>(self, v: &str) -> Result<Op, E> {
                OPS.iter()
                    .zip(Op::ALL)
                    .find(|(name, _)| **name == v)
                    .map(|(_, op)| op)
                    .ok_or_else(|| E::unknown_variant(v, OPS))
            }
            fn visit_bytes<E: Error>(self, v: &[u8]) -> Result<Op, E> {
                self.visit_str(&String::from_utf8_lossy(v))
            }
        }
        d.deserialize_identifier(OpVisitor)
    }
}

/// A member's value as read before its type is known: what serde's `Content` would hold, as far as
/// a condition's fields can tell (an array keeps its elements, which keep no elements of theirs).
#[derive(Debug, Clone, PartialEq)]
enum Raw {
    Bool(bool),
    U64(u64),
    I64(i64),
    F64(f64),
    Str(String),
    Unit,
    Seq(Vec<Raw>),
    Map,
}

impl Raw {
    /// How serde's messages name the value.
    fn unexpected(&self) -> Unexpected<'_> {
        match self {
            Raw::Bool(v) => Unexpected::Bool(*v),
            Raw::U64(v) => Unexpected::Unsigned(*v),
            Raw::I64(v) => Unexpected::Signed(*v),
            Raw::F64(v) => Unexpected::Float(*v),
            Raw::Str(v) => Unexpected::Str(v),
            Raw::Unit => Unexpected::Unit,
            Raw::Seq(_) => Unexpected::Seq,
            Raw::Map => Unexpected::Map,
        }
    }

    /// The value read by `T`'s own reader, from serde's value deserializers. A number or an answer
    /// is never an array or an object, so their contents do not matter there.
    fn read<T: DeserializeOwned, E: Error>(self) -> Result<T, E> {
        match self {
            Raw::Bool(v) => T::deserialize(value::BoolDeserializer::new(v)),
            Raw::U64(v) => T::deserialize(value::U64Deserializer::new(v)),
            Raw::I64(v) => T::deserialize(value::I64Deserializer::new(v)),
            Raw::F64(v) => T::deserialize(value::F64Deserializer::new(v)),
            Raw::Str(v) => T::deserialize(value::StringDeserializer::new(v)),
            Raw::Unit => T::deserialize(value::UnitDeserializer::new()),
            Raw::Seq(_) => T::deserialize(value::SeqDeserializer::new(std::iter::empty::<()>())),
            Raw::Map => T::deserialize(value::MapDeserializer::new(std::iter::empty::<((), ())>())),
        }
    }

    /// The value read as a list of option ids (`Vec<String>`).
    fn strings<E: Error>(self) -> Result<Vec<String>, E> {
        match self {
            Raw::Seq(items) => items.into_iter().map(Raw::read).collect(),
            other => Err(E::invalid_type(other.unexpected(), &"a sequence")),
        }
    }
}

/// Reads a [`Raw`]; `deep` keeps an array's elements, else they are only read (and checked).
#[derive(Clone, Copy)]
struct Capture {
    deep: bool,
}

impl<'de> DeserializeSeed<'de> for Capture {
    type Value = Raw;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Capture {
    type Value = Raw;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Raw, E> {
        Ok(Raw::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Raw, E> {
        Ok(Raw::I64(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Raw, E> {
        Ok(Raw::U64(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Raw, E> {
        Ok(Raw::F64(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw::Str(v.to_owned()))
    }
    fn visit_unit<E>(self) -> Result<Raw, E> {
        Ok(Raw::Unit)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut items = Vec::new();
        if self.deep {
            while let Some(item) = seq.next_element_seed(Capture { deep: false })? {
                items.push(item);
            }
        } else {
            while seq.next_element::<Drain>()?.is_some() {}
        }
        Ok(Raw::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Raw, A::Error> {
        Drain.visit_map(map).map(|_| Raw::Map)
    }
}

/// Reads any value and keeps nothing, with every check a reader that keeps the value makes (with
/// serde_json: numbers in range, no lone surrogates, nesting not too deep) and the same messages,
/// unlike the more lenient `serde::de::IgnoredAny`.
pub(crate) struct Drain;

impl<'de> Deserialize<'de> for Drain {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Drain, D::Error> {
        d.deserialize_any(Drain)
    }
}

impl<'de> Visitor<'de> for Drain {
    type Value = Drain;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Drain, E> {
        Ok(Drain)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Drain, E> {
        Ok(Drain)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Drain, E> {
        Ok(Drain)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Drain, E> {
        Ok(Drain)
    }
    fn visit_str<E>(self, _: &str) -> Result<Drain, E> {
        Ok(Drain)
    }
    fn visit_unit<E>(self) -> Result<Drain, E> {
        Ok(Drain)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Drain, A::Error> {
        while seq.next_element::<Drain>()?.is_some() {}
        Ok(Drain)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Drain, A::Error> {
        while map.next_key::<Drain>()?.is_some() {
            map.next_value::<Drain>()?;
        }
        Ok(Drain)
    }
}

impl<'de> Deserialize<'de> for Condition {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Condition, D::Error> {
        d.deserialize_any(ConditionVisitor)
    }
}

struct ConditionVisitor;

impl<'de> Visitor<'de> for ConditionVisitor {
    type Value = Condition;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("internally tagged enum Condition")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Condition, A::Error> {
        let mut op = None;
        let mut members = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == "op" {
                if op.is_some() {
                    return Err(A::Error::duplicate_field("op"));
                }
                op = Some(map.next_value::<Op>()?);
            } else {
                members.push((key, map.next_value_seed(Capture { deep: true })?));
            }
        }
        let op = op.ok_or_else(|| A::Error::missing_field("op"))?;
        from_members(op, members)
    }

    /// `[op, field, …]`: the derived reader takes an array too, fields in declaration order.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Condition, A::Error> {
        let op = seq
            .next_element::<Op>()?
            .ok_or_else(|| A::Error::missing_field("op"))?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(Capture { deep: true })? {
            items.push(item);
        }
        let count = op.fields().len();
        let mut items = items.into_iter();
        let mut slots: [Option<Typed>; 2] = [None, None];
        for (i, slot) in slots.iter_mut().take(count).enumerate() {
            let raw = items
                .next()
                .ok_or_else(|| A::Error::invalid_length(i, &op.expecting()))?;
            *slot = Some(typed(op, raw)?);
        }
        let more = items.count();
        if more > 0 {
            let expected = if count == 1 {
                "1 element in sequence"
            } else {
                "2 elements in sequence"
            };
            return Err(A::Error::invalid_length(count + more, &expected));
        }
        build(op, slots)
    }
}

/// A member's value, typed for its field.
enum Typed {
    Num(Num),
    Value(Value),
    Strings(Vec<String>),
}

/// A member's value typed for a field of `op`.
fn typed<E: Error>(op: Op, raw: Raw) -> Result<Typed, E> {
    Ok(match op {
        Op::Eq | Op::Ne => Typed::Value(raw.read()?),
        Op::OneOf => Typed::Strings(raw.strings()?),
        _ => Typed::Num(raw.read()?),
    })
}

/// The condition from its members other than `op`, typed in member order as the derived variant
/// reader does: the first unknown or repeated field or value of the wrong type is the error.
fn from_members<E: Error>(op: Op, members: Vec<(String, Raw)>) -> Result<Condition, E> {
    let names = op.fields();
    let mut slots: [Option<Typed>; 2] = [None, None];
    for (key, raw) in members {
        let found = names.iter().position(|n| *n == key);
        let Some((slot, name)) = found.and_then(|i| slots.get_mut(i).zip(names.get(i))) else {
            return Err(E::unknown_field(&key, names));
        };
        if slot.is_some() {
            return Err(E::duplicate_field(name));
        }
        *slot = Some(typed(op, raw)?);
    }
    build(op, slots)
}

/// The condition from its typed fields, in the order of [`Op::fields`]; a missing one is the error.
fn build<E: Error>(op: Op, [first, second]: [Option<Typed>; 2]) -> Result<Condition, E> {
    let num = |t: Option<Typed>, name: &'static str| match t {
        Some(Typed::Num(n)) => Ok(n),
        _ => Err(E::missing_field(name)),
    };
    Ok(match op {
        Op::Lt => Condition::Lt {
            value: num(first, "value")?,
        },
        Op::Le => Condition::Le {
            value: num(first, "value")?,
        },
        Op::Gt => Condition::Gt {
            value: num(first, "value")?,
        },
        Op::Ge => Condition::Ge {
            value: num(first, "value")?,
        },
        Op::Eq | Op::Ne => {
            let Some(Typed::Value(value)) = first else {
                return Err(E::missing_field("value"));
            };
            if op == Op::Eq {
                Condition::Eq { value }
            } else {
                Condition::Ne { value }
            }
        }
        Op::Between => Condition::Between {
            min: num(first, "min")?,
            max: num(second, "max")?,
        },
        Op::OneOf => {
            let Some(Typed::Strings(values)) = first else {
                return Err(E::missing_field("values"));
            };
            Condition::OneOf { values }
        }
    })
}
