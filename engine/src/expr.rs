//! Derived-value expressions: `+ - * /`, unary minus, parentheses, `min(…)`, `max(…)`, decimal
//! literals and ids, e.g. `luas_lantai / jumlah_anggota`.
//!
//! [`parse`] reads the text once, when a rule set loads, and reports the 1-based column of the first
//! problem. [`Expr::eval`] evaluates in exact [`Num`] arithmetic; division by zero and overflow are
//! reported outcomes ([`EvalError`]), never a panic or a NaN. The engine's hot path uses
//! [`IndexedExpr`], the same tree with every id replaced by a slot number, evaluated without allocating.

use std::fmt;

use crate::num::Num;
use crate::text::{Lang, Text};

/// The deepest expression tree accepted. Evaluation recurses over the tree, so its depth is bounded to
/// keep the stack small (WebAssembly stacks are small); real rule sets need a handful of levels.
pub const MAX_DEPTH: usize = 64;

/// A binary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
}

/// A function an expression may call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Func {
    /// The smallest argument (two or more).
    Min,
    /// The largest argument (two or more).
    Max,
}

impl Func {
    fn from_name(name: &str) -> Option<Func> {
        match name {
            "min" => Some(Func::Min),
            "max" => Some(Func::Max),
            _ => None,
        }
    }

    /// The name as written.
    pub fn name(self) -> &'static str {
        match self {
            Func::Min => "min",
            Func::Max => "max",
        }
    }
}

/// One node of an expression tree. Children are indices into the node list, so a tree is one
/// allocation and can be cloned and re-indexed cheaply.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Lit(Num),
    /// An id: in an [`Expr`] an index into its names, in an [`IndexedExpr`] a slot.
    Var(u32),
    Neg(u32),
    Bin(BinOp, u32, u32),
    /// A call: the function and the range `start..start + len` of its arguments in `args`.
    Call(Func, u32, u32),
}

/// A parsed expression.
///
/// ```
/// use timbang_engine::expr::parse;
/// use timbang_engine::Num;
/// let e = parse("luas_lantai / jumlah_anggota").unwrap();
/// assert_eq!(e.idents(), vec!["luas_lantai", "jumlah_anggota"]);
/// let v = e.eval(&|id| match id {
///     "luas_lantai" => Some(Num::int(36)),
///     "jumlah_anggota" => Some(Num::int(5)),
///     _ => None,
/// });
/// assert_eq!(v, Ok(Num::ratio(36, 5).unwrap()));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    nodes: Vec<Node>,
    args: Vec<u32>,
    names: Vec<String>,
    root: u32,
}

/// An expression whose ids are resolved to slot numbers (question or derived-value indices), for
/// evaluation without allocation or string look-ups.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexedExpr {
    nodes: Vec<Node>,
    args: Vec<u32>,
    slots: Vec<u32>,
    root: u32,
    /// The shape of most derived values, `a / b` or `a * 1000` of two leaves, evaluated without
    /// walking the tree.
    binary: Option<(BinOp, Leaf, Leaf)>,
}

/// A literal or a slot.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Leaf {
    Lit(Num),
    Slot(u32),
}

/// What is wrong with an expression's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExprErrorKind {
    /// Nothing but spaces.
    Empty,
    /// A character that has no place in an expression (e.g. `%`, an upper-case letter).
    UnexpectedChar(char),
    /// A token where it does not fit (e.g. the second `*` in `a * * b`, or `b` in `a b`).
    UnexpectedToken(String),
    /// The text ends where more is needed (e.g. `a +`).
    UnexpectedEnd,
    /// A `(` that is never closed; the column is the `(`'s.
    UnclosedParen,
    /// A call of a function other than `min` and `max`.
    UnknownFunction(String),
    /// A call with too few arguments.
    WrongArity {
        /// The function.
        function: String,
        /// Fewest arguments it takes.
        min: usize,
        /// Arguments given.
        found: usize,
    },
    /// A literal that is not a decimal number, or too large to hold exactly.
    BadNumber(String),
    /// The expression nests deeper than [`MAX_DEPTH`].
    TooDeep,
}

/// An expression that does not parse, with the 1-based column (in characters) of the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    /// What is wrong.
    pub kind: ExprErrorKind,
    /// 1-based column, counted in characters.
    pub column: usize,
}

impl ExprErrorKind {
    /// A stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            ExprErrorKind::Empty => "empty",
            ExprErrorKind::UnexpectedChar(_) => "unexpected_char",
            ExprErrorKind::UnexpectedToken(_) => "unexpected_token",
            ExprErrorKind::UnexpectedEnd => "unexpected_end",
            ExprErrorKind::UnclosedParen => "unclosed_paren",
            ExprErrorKind::UnknownFunction(_) => "unknown_function",
            ExprErrorKind::WrongArity { .. } => "wrong_arity",
            ExprErrorKind::BadNumber(_) => "bad_number",
            ExprErrorKind::TooDeep => "too_deep",
        }
    }

    /// The kind's parameters, as (name, value) pairs, for diagnostics.
    pub fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            ExprErrorKind::UnexpectedChar(c) => vec![("char", c.to_string())],
            ExprErrorKind::UnexpectedToken(t) => vec![("token", t.clone())],
            ExprErrorKind::UnknownFunction(f) => vec![("function", f.clone())],
            ExprErrorKind::WrongArity {
                function,
                min,
                found,
            } => vec![
                ("function", function.clone()),
                ("min", min.to_string()),
                ("found", found.to_string()),
            ],
            ExprErrorKind::BadNumber(t) => vec![("number", t.clone())],
            ExprErrorKind::TooDeep => vec![("max_depth", MAX_DEPTH.to_string())],
            _ => Vec::new(),
        }
    }
}

impl ExprError {
    /// The problem in Indonesian and English.
    pub fn text(&self) -> Text {
        let col = self.column;
        match &self.kind {
            ExprErrorKind::Empty => Text::new("Ekspresi kosong.", "The expression is empty."),
            ExprErrorKind::UnexpectedChar(c) => Text::new(
                format!("Karakter '{c}' tidak dikenal di kolom {col}."),
                format!("Unexpected character '{c}' at column {col}."),
            ),
            ExprErrorKind::UnexpectedToken(t) => Text::new(
                format!("'{t}' tidak pada tempatnya di kolom {col}."),
                format!("'{t}' is out of place at column {col}."),
            ),
            ExprErrorKind::UnexpectedEnd => Text::new(
                format!("Ekspresi berakhir terlalu cepat (kolom {col})."),
                format!("The expression ends too early (column {col})."),
            ),
            ExprErrorKind::UnclosedParen => Text::new(
                format!("Kurung '(' di kolom {col} tidak ditutup."),
                format!("The '(' at column {col} is never closed."),
            ),
            ExprErrorKind::UnknownFunction(f) => Text::new(
                format!("Fungsi '{f}' tidak dikenal di kolom {col}; yang ada: min, max."),
                format!("Unknown function '{f}' at column {col}; known: min, max."),
            ),
            ExprErrorKind::WrongArity {
                function,
                min,
                found,
            } => Text::new(
                format!(
                    "'{function}' di kolom {col} perlu sedikitnya {min} argumen, diberi {found}."
                ),
                format!(
                    "'{function}' at column {col} takes at least {min} arguments, got {found}."
                ),
            ),
            ExprErrorKind::BadNumber(t) => Text::new(
                format!("Angka '{t}' di kolom {col} tidak sah atau terlalu besar."),
                format!("The number '{t}' at column {col} is invalid or too large."),
            ),
            ExprErrorKind::TooDeep => Text::new(
                format!("Ekspresi terlalu bertingkat (lebih dari {MAX_DEPTH} tingkat)."),
                format!("The expression nests too deeply (more than {MAX_DEPTH} levels)."),
            ),
        }
    }

    /// The problem in one language.
    pub fn message(&self, lang: Lang) -> String {
        self.text().get(lang).to_owned()
    }
}

impl fmt::Display for ExprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text().get(Lang::En))
    }
}

impl std::error::Error for ExprError {}

/// An arithmetic failure while evaluating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArithError {
    /// A division by zero.
    DivisionByZero,
    /// A result too large to hold exactly.
    Overflow,
}

/// Why an expression has no value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum EvalError {
    /// A division by zero: a defined, reported outcome for the household.
    DivisionByZero,
    /// A result too large to hold exactly.
    Overflow,
    /// The id has no value (e.g. the question is not answered).
    Missing(String),
}

impl From<ArithError> for EvalError {
    fn from(e: ArithError) -> EvalError {
        match e {
            ArithError::DivisionByZero => EvalError::DivisionByZero,
            ArithError::Overflow => EvalError::Overflow,
        }
    }
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvalError::DivisionByZero => f.write_str("division by zero"),
            EvalError::Overflow => f.write_str("number too large"),
            EvalError::Missing(id) => write!(f, "no value for '{id}'"),
        }
    }
}

impl std::error::Error for EvalError {}

/// Parses an expression.
///
/// ```
/// use timbang_engine::expr::{parse, ExprErrorKind};
/// let err = parse("a + * b").unwrap_err();
/// assert_eq!(err.column, 5);
/// assert_eq!(err.kind, ExprErrorKind::UnexpectedToken("*".into()));
/// ```
pub fn parse(src: &str) -> Result<Expr, ExprError> {
    let tokens = lex(src)?;
    let end_col = src.chars().count() + 1;
    if tokens.is_empty() {
        return Err(ExprError {
            kind: ExprErrorKind::Empty,
            column: 1,
        });
    }
    let mut p = Parser {
        tokens,
        pos: 0,
        end_col,
        expr: Expr {
            nodes: Vec::new(),
            args: Vec::new(),
            names: Vec::new(),
            root: 0,
        },
        depth: Vec::new(),
        nesting: 0,
    };
    let root = p.sum()?;
    if let Some(t) = p.tokens.get(p.pos) {
        return Err(ExprError {
            kind: ExprErrorKind::UnexpectedToken(t.tok.text()),
            column: t.col,
        });
    }
    p.expr.root = root;
    Ok(p.expr)
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(Num),
    Ident(String),
    Plus,
    Minus,
    Star,
    Slash,
    LParen,
    RParen,
    Comma,
}

impl Tok {
    fn text(&self) -> String {
        match self {
            Tok::Num(n) => n.to_string(),
            Tok::Ident(s) => s.clone(),
            Tok::Plus => "+".into(),
            Tok::Minus => "-".into(),
            Tok::Star => "*".into(),
            Tok::Slash => "/".into(),
            Tok::LParen => "(".into(),
            Tok::RParen => ")".into(),
            Tok::Comma => ",".into(),
        }
    }
}

struct Token {
    tok: Tok,
    col: usize,
}

fn lex(src: &str) -> Result<Vec<Token>, ExprError> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let col = i + 1;
        let simple = match c {
            '+' => Some(Tok::Plus),
            '-' => Some(Tok::Minus),
            '*' => Some(Tok::Star),
            '/' => Some(Tok::Slash),
            '(' => Some(Tok::LParen),
            ')' => Some(Tok::RParen),
            ',' => Some(Tok::Comma),
            _ => None,
        };
        if let Some(tok) = simple {
            out.push(Token { tok, col });
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() || c == '.' {
            let start = i;
            while chars
                .get(i)
                .is_some_and(|c| c.is_ascii_digit() || *c == '.' || c.is_ascii_alphanumeric())
            {
                i += 1;
            }
            let text: String = chars.get(start..i).unwrap_or_default().iter().collect();
            let bad = || ExprError {
                kind: ExprErrorKind::BadNumber(text.clone()),
                column: col,
            };
            // Only digits with at most one decimal point, with digits on both sides of it.
            let ok_shape = {
                let mut parts = text.split('.');
                let int = parts.next().unwrap_or("");
                let frac = parts.next();
                parts.next().is_none()
                    && !int.is_empty()
                    && int.bytes().all(|b| b.is_ascii_digit())
                    && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
            };
            if !ok_shape {
                return Err(bad());
            }
            let n = Num::parse(&text).map_err(|_| bad())?;
            out.push(Token {
                tok: Tok::Num(n),
                col,
            });
        } else if c.is_ascii_lowercase() || c == '_' {
            let start = i;
            while chars
                .get(i)
                .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
            {
                i += 1;
            }
            let text: String = chars.get(start..i).unwrap_or_default().iter().collect();
            out.push(Token {
                tok: Tok::Ident(text),
                col,
            });
        } else {
            return Err(ExprError {
                kind: ExprErrorKind::UnexpectedChar(c),
                column: col,
            });
        }
    }
    Ok(out)
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    end_col: usize,
    expr: Expr,
    /// The depth of each node, parallel to `expr.nodes`.
    depth: Vec<usize>,
    /// Open parentheses, calls and unary minuses around the current position.
    nesting: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos).map(|t| &t.tok)
    }

    fn col(&self) -> usize {
        self.tokens.get(self.pos).map_or(self.end_col, |t| t.col)
    }

    fn push(&mut self, node: Node, children: &[u32], col: usize) -> Result<u32, ExprError> {
        let depth = 1 + children
            .iter()
            .filter_map(|c| self.depth.get(*c as usize))
            .max()
            .copied()
            .unwrap_or(0);
        if depth > MAX_DEPTH {
            return Err(ExprError {
                kind: ExprErrorKind::TooDeep,
                column: col,
            });
        }
        self.expr.nodes.push(node);
        self.depth.push(depth);
        Ok((self.expr.nodes.len() - 1) as u32)
    }

    fn sum(&mut self) -> Result<u32, ExprError> {
        let mut left = self.product()?;
        loop {
            let op = match self.peek() {
                Some(Tok::Plus) => BinOp::Add,
                Some(Tok::Minus) => BinOp::Sub,
                _ => return Ok(left),
            };
            let col = self.col();
            self.pos += 1;
            let right = self.product()?;
            left = self.push(Node::Bin(op, left, right), &[left, right], col)?;
        }
    }

    fn product(&mut self) -> Result<u32, ExprError> {
        let mut left = self.unary()?;
        loop {
            let op = match self.peek() {
                Some(Tok::Star) => BinOp::Mul,
                Some(Tok::Slash) => BinOp::Div,
                _ => return Ok(left),
            };
            let col = self.col();
            self.pos += 1;
            let right = self.unary()?;
            left = self.push(Node::Bin(op, left, right), &[left, right], col)?;
        }
    }

    fn unary(&mut self) -> Result<u32, ExprError> {
        if self.peek() == Some(&Tok::Minus) {
            let col = self.col();
            self.pos += 1;
            self.enter(col)?;
            let inner = self.unary()?;
            self.nesting -= 1;
            return self.push(Node::Neg(inner), &[inner], col);
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<u32, ExprError> {
        let col = self.col();
        let Some(tok) = self.peek().cloned() else {
            return Err(ExprError {
                kind: ExprErrorKind::UnexpectedEnd,
                column: col,
            });
        };
        self.pos += 1;
        match tok {
            Tok::Num(n) => self.push(Node::Lit(n), &[], col),
            Tok::Ident(name) => {
                if self.peek() == Some(&Tok::LParen) {
                    let Some(func) = Func::from_name(&name) else {
                        return Err(ExprError {
                            kind: ExprErrorKind::UnknownFunction(name),
                            column: col,
                        });
                    };
                    let open_col = self.col();
                    self.pos += 1;
                    self.call(func, col, open_col)
                } else {
                    let index = match self.expr.names.iter().position(|n| *n == name) {
                        Some(i) => i,
                        None => {
                            self.expr.names.push(name);
                            self.expr.names.len() - 1
                        }
                    };
                    self.push(Node::Var(index as u32), &[], col)
                }
            }
            Tok::LParen => {
                self.enter(col)?;
                let inner = self.sum()?;
                match self.peek() {
                    Some(Tok::RParen) => {
                        self.pos += 1;
                        self.nesting -= 1;
                        Ok(inner)
                    }
                    Some(t) => Err(ExprError {
                        kind: ExprErrorKind::UnexpectedToken(t.text()),
                        column: self.col(),
                    }),
                    None => Err(ExprError {
                        kind: ExprErrorKind::UnclosedParen,
                        column: col,
                    }),
                }
            }
            other => Err(ExprError {
                kind: ExprErrorKind::UnexpectedToken(other.text()),
                column: col,
            }),
        }
    }

    /// Parentheses, calls and unary minus recurse before any node is built, so their nesting is counted
    /// on the way in: `((((…))))` ten thousand deep must be an error, not a stack overflow.
    fn enter(&mut self, col: usize) -> Result<(), ExprError> {
        self.nesting += 1;
        if self.nesting > MAX_DEPTH {
            return Err(ExprError {
                kind: ExprErrorKind::TooDeep,
                column: col,
            });
        }
        Ok(())
    }

    fn call(&mut self, func: Func, col: usize, open_col: usize) -> Result<u32, ExprError> {
        self.enter(open_col)?;
        let mut args = Vec::new();
        if self.peek() == Some(&Tok::RParen) {
            self.pos += 1;
        } else {
            loop {
                args.push(self.sum()?);
                match self.peek() {
                    Some(Tok::Comma) => self.pos += 1,
                    Some(Tok::RParen) => {
                        self.pos += 1;
                        break;
                    }
                    Some(t) => {
                        return Err(ExprError {
                            kind: ExprErrorKind::UnexpectedToken(t.text()),
                            column: self.col(),
                        })
                    }
                    None => {
                        return Err(ExprError {
                            kind: ExprErrorKind::UnclosedParen,
                            column: open_col,
                        })
                    }
                }
            }
        }
        if args.len() < 2 {
            return Err(ExprError {
                kind: ExprErrorKind::WrongArity {
                    function: func.name().to_owned(),
                    min: 2,
                    found: args.len(),
                },
                column: col,
            });
        }
        self.nesting -= 1;
        let start = self.expr.args.len() as u32;
        self.expr.args.extend_from_slice(&args);
        self.push(Node::Call(func, start, args.len() as u32), &args, col)
    }
}

impl Expr {
    /// The ids the expression refers to, in order of first appearance, each once.
    pub fn idents(&self) -> Vec<&str> {
        self.names.iter().map(String::as_str).collect()
    }

    /// Evaluates with `lookup` giving the value of each id; an id without value is
    /// [`EvalError::Missing`].
    ///
    /// ```
    /// use timbang_engine::expr::{parse, EvalError};
    /// use timbang_engine::Num;
    /// let e = parse("a / (b - 2)").unwrap();
    /// let r = e.eval(&|_| Some(Num::int(2)));
    /// assert_eq!(r, Err(EvalError::DivisionByZero));
    /// ```
    pub fn eval(&self, lookup: &dyn Fn(&str) -> Option<Num>) -> Result<Num, EvalError> {
        eval_node(&self.nodes, &self.args, self.root, &|i: u32| {
            let name = self
                .names
                .get(i as usize)
                .ok_or_else(|| EvalError::Missing(String::new()))?;
            lookup(name).ok_or_else(|| EvalError::Missing(name.clone()))
        })
    }

    /// The same expression with every id replaced by the slot `slot` gives it; `Err(id)` for the
    /// first id without a slot.
    ///
    /// ```
    /// use timbang_engine::expr::parse;
    /// use timbang_engine::Num;
    /// let e = parse("max(a, b) * 2").unwrap().index(|id| if id == "a" { Some(0) } else { Some(1) }).unwrap();
    /// let values = [Num::int(3), Num::int(5)];
    /// let v: Result<Num, timbang_engine::expr::EvalError> =
    ///     e.eval(&|slot| Ok(values[slot as usize]));
    /// assert_eq!(v, Ok(Num::int(10)));
    /// ```
    pub fn index(&self, mut slot: impl FnMut(&str) -> Option<u32>) -> Result<IndexedExpr, String> {
        let slots = self
            .names
            .iter()
            .map(|n| slot(n).ok_or_else(|| n.clone()))
            .collect::<Result<Vec<u32>, String>>()?;
        let nodes: Vec<Node> = self
            .nodes
            .iter()
            .map(|n| match n {
                Node::Var(i) => Node::Var(slots.get(*i as usize).copied().unwrap_or(u32::MAX)),
                other => other.clone(),
            })
            .collect();
        let mut distinct: Vec<u32> = Vec::with_capacity(slots.len());
        for s in slots {
            if !distinct.contains(&s) {
                distinct.push(s);
            }
        }
        let leaf = |i: &u32| match nodes.get(*i as usize) {
            Some(Node::Lit(n)) => Some(Leaf::Lit(*n)),
            Some(Node::Var(s)) => Some(Leaf::Slot(*s)),
            _ => None,
        };
        let binary = match nodes.get(self.root as usize) {
            Some(Node::Bin(op, a, b)) => leaf(a).zip(leaf(b)).map(|(a, b)| (*op, a, b)),
            _ => None,
        };
        Ok(IndexedExpr {
            nodes,
            args: self.args.clone(),
            slots: distinct,
            root: self.root,
            binary,
        })
    }
}

impl IndexedExpr {
    /// The slots the expression reads, in order of first appearance.
    pub fn slots(&self) -> &[u32] {
        &self.slots
    }

    /// Evaluates with `value` giving the value of each slot. Allocation-free; generic over the error so
    /// the caller can say which slot was missing without building a string.
    pub fn eval<E, F>(&self, value: &F) -> Result<Num, E>
    where
        E: From<ArithError>,
        F: Fn(u32) -> Result<Num, E>,
    {
        if let Some((op, a, b)) = self.binary {
            let get = |l: Leaf| match l {
                Leaf::Lit(n) => Ok(n),
                Leaf::Slot(s) => value(s),
            };
            let a = get(a)?;
            let b = get(b)?;
            return apply(op, a, b).map_err(E::from);
        }
        eval_node(&self.nodes, &self.args, self.root, value)
    }

    /// A bottom-up fold over the tree, for analyses such as solving for one slot.
    pub(crate) fn fold<T, E>(
        &self,
        f: &mut impl FnMut(FoldNode<'_, T>) -> Result<T, E>,
    ) -> Result<T, E> {
        fold_node(&self.nodes, &self.args, self.root, f)
    }
}

/// A node seen by [`IndexedExpr::fold`], with its children already folded.
pub(crate) enum FoldNode<'a, T> {
    Lit(Num),
    Slot(u32),
    Neg(T),
    Bin(BinOp, T, T),
    Call(Func, &'a [T]),
}

fn fold_node<T, E>(
    nodes: &[Node],
    args: &[u32],
    i: u32,
    f: &mut impl FnMut(FoldNode<'_, T>) -> Result<T, E>,
) -> Result<T, E> {
    match nodes.get(i as usize) {
        Some(Node::Lit(n)) => f(FoldNode::Lit(*n)),
        Some(Node::Var(s)) => f(FoldNode::Slot(*s)),
        Some(Node::Neg(a)) => {
            let a = fold_node(nodes, args, *a, f)?;
            f(FoldNode::Neg(a))
        }
        Some(Node::Bin(op, a, b)) => {
            let a = fold_node(nodes, args, *a, f)?;
            let b = fold_node(nodes, args, *b, f)?;
            f(FoldNode::Bin(*op, a, b))
        }
        Some(Node::Call(func, start, len)) => {
            let mut vals = Vec::with_capacity(*len as usize);
            for a in call_args(args, *start, *len) {
                vals.push(fold_node(nodes, args, *a, f)?);
            }
            f(FoldNode::Call(*func, &vals))
        }
        // Unreachable for a tree built by `parse`; a literal zero keeps it total.
        None => f(FoldNode::Lit(Num::ZERO)),
    }
}

fn call_args(args: &[u32], start: u32, len: u32) -> &[u32] {
    args.get(start as usize..(start as usize).saturating_add(len as usize))
        .unwrap_or_default()
}

/// Applies a binary operator exactly.
pub(crate) fn apply(op: BinOp, a: Num, b: Num) -> Result<Num, ArithError> {
    if let Some(r) = apply_small_integers(op, a, b) {
        return r;
    }
    match op {
        BinOp::Add => a.checked_add(b).ok_or(ArithError::Overflow),
        BinOp::Sub => a.checked_sub(b).ok_or(ArithError::Overflow),
        BinOp::Mul => a.checked_mul(b).ok_or(ArithError::Overflow),
        BinOp::Div => {
            if b.is_zero() {
                Err(ArithError::DivisionByZero)
            } else {
                a.checked_div(b).ok_or(ArithError::Overflow)
            }
        }
    }
}

/// Integers below 2^62 (answers such as areas, counts and rupiah): computed in machine integers, with
/// a 64-bit gcd for division, instead of the general 128-bit rational arithmetic (several times
/// faster on the classify hot path). `None` when the operands are not such integers.
#[inline]
fn apply_small_integers(op: BinOp, a: Num, b: Num) -> Option<Result<Num, ArithError>> {
    const LIMIT: i128 = 1 << 62;
    if a.denom() != 1 || b.denom() != 1 {
        return None;
    }
    let (x, y) = (a.numer(), b.numer());
    if !(-LIMIT < x && x < LIMIT && -LIMIT < y && y < LIMIT) {
        return None;
    }
    // Sums, differences and products of two numbers below 2^62 fit in i128 without overflow.
    let int = |n: i128| Num::from_lowest_terms(n, 1);
    Some(match op {
        BinOp::Add => Ok(int(x + y)),
        BinOp::Sub => Ok(int(x - y)),
        BinOp::Mul => Ok(int(x * y)),
        BinOp::Div => {
            if y == 0 {
                return Some(Err(ArithError::DivisionByZero));
            }
            let (x, y) = (x as i64, y as i64);
            let g = crate::num::gcd_u64(x.unsigned_abs(), y.unsigned_abs()) as i64;
            let (mut n, mut d) = (x / g, y / g);
            if d < 0 {
                n = -n;
                d = -d;
            }
            Ok(Num::from_lowest_terms(i128::from(n), i128::from(d)))
        }
    })
}

fn eval_node<E, F>(nodes: &[Node], args: &[u32], i: u32, value: &F) -> Result<Num, E>
where
    E: From<ArithError>,
    F: Fn(u32) -> Result<Num, E>,
{
    match nodes.get(i as usize) {
        Some(Node::Lit(n)) => Ok(*n),
        Some(Node::Var(s)) => value(*s),
        Some(Node::Neg(a)) => {
            let a = eval_node(nodes, args, *a, value)?;
            Num::ZERO
                .checked_sub(a)
                .ok_or(E::from(ArithError::Overflow))
        }
        Some(Node::Bin(op, a, b)) => {
            let a = eval_node(nodes, args, *a, value)?;
            let b = eval_node(nodes, args, *b, value)?;
            apply(*op, a, b).map_err(E::from)
        }
        Some(Node::Call(func, start, len)) => {
            let mut best: Option<Num> = None;
            for a in call_args(args, *start, *len) {
                let v = eval_node(nodes, args, *a, value)?;
                best = Some(match (best, func) {
                    (None, _) => v,
                    (Some(b), Func::Min) => b.min(v),
                    (Some(b), Func::Max) => b.max(v),
                });
            }
            Ok(best.unwrap_or(Num::ZERO))
        }
        None => Ok(Num::ZERO),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Num {
        Num::parse(s).unwrap()
    }

    fn env(id: &str) -> Option<Num> {
        match id {
            "a" => Some(n("3")),
            "b" => Some(n("4")),
            "zero" => Some(Num::ZERO),
            "luas_lantai" => Some(n("36")),
            "jumlah_anggota" => Some(n("5")),
            "big" => Some(Num::ratio(i128::MAX / 2, 1).unwrap()),
            _ => None,
        }
    }

    #[test]
    fn evaluates_table() {
        let cases: &[(&str, &str)] = &[
            ("1", "1"),
            ("0.5", "1/2"),
            ("a + b", "7"),
            ("a - b", "-1"),
            ("a * b", "12"),
            ("a / b", "3/4"),
            ("-a", "-3"),
            ("- -a", "3"),
            ("a - -b", "7"),
            ("1 + 2 * 3", "7"),
            ("(1 + 2) * 3", "9"),
            ("8 - 2 - 1", "5"),
            ("8 / 2 / 2", "2"),
            ("-a * b", "-12"),
            ("min(a, b)", "3"),
            ("max(a, b, 10)", "10"),
            ("min(a, b, -1.5)", "-1.5"),
            ("max(min(a, b), 2) + 1", "4"),
            ("luas_lantai / jumlah_anggota", "36/5"),
            ("  a+b*2  ", "11"),
            ("0.1 + 0.2", "0.3"),
            ("a_1", "ERR:missing a_1"),
            ("a / zero", "ERR:div"),
            ("a / (b - 4)", "ERR:div"),
            ("big * 4", "ERR:overflow"),
            ("big + big + big", "ERR:overflow"),
        ];
        for (src, want) in cases {
            let e = parse(src).unwrap_or_else(|err| panic!("{src}: {err}"));
            let got = e.eval(&env);
            let want_res = match *want {
                "ERR:div" => Err(EvalError::DivisionByZero),
                "ERR:overflow" => Err(EvalError::Overflow),
                w if w.starts_with("ERR:missing ") => {
                    Err(EvalError::Missing(w["ERR:missing ".len()..].to_owned()))
                }
                w => Ok(n(w)),
            };
            assert_eq!(got, want_res, "{src}");
        }
    }

    #[test]
    fn parse_errors_table() {
        use ExprErrorKind as K;
        let cases: Vec<(&str, K, usize)> = vec![
            ("", K::Empty, 1),
            ("   ", K::Empty, 1),
            ("a +", K::UnexpectedEnd, 4),
            ("a + * b", K::UnexpectedToken("*".into()), 5),
            ("a b", K::UnexpectedToken("b".into()), 3),
            ("(a + b", K::UnclosedParen, 1),
            ("a + b)", K::UnexpectedToken(")".into()), 6),
            ("a % b", K::UnexpectedChar('%'), 3),
            ("Luas", K::UnexpectedChar('L'), 1),
            ("a + lu€", K::UnexpectedChar('€'), 7),
            ("sqrt(a)", K::UnknownFunction("sqrt".into()), 1),
            (
                "1 + min(a)",
                K::WrongArity {
                    function: "min".into(),
                    min: 2,
                    found: 1,
                },
                5,
            ),
            (
                "max()",
                K::WrongArity {
                    function: "max".into(),
                    min: 2,
                    found: 0,
                },
                1,
            ),
            ("min(a, b", K::UnclosedParen, 4),
            ("min(a b)", K::UnexpectedToken("b".into()), 7),
            ("1.2.3", K::BadNumber("1.2.3".into()), 1),
            ("a * 5.", K::BadNumber("5.".into()), 5),
            (".5", K::BadNumber(".5".into()), 1),
            ("2x", K::BadNumber("2x".into()), 1),
            ("a, b", K::UnexpectedToken(",".into()), 2),
            ("()", K::UnexpectedToken(")".into()), 2),
            (
                "99999999999999999999999999999999999999999",
                K::BadNumber("99999999999999999999999999999999999999999".into()),
                1,
            ),
        ];
        for (src, kind, col) in cases {
            let err = parse(src).expect_err(src);
            assert_eq!(err.kind, kind, "{src}");
            assert_eq!(err.column, col, "{src}");
            assert!(!err.message(Lang::Id).is_empty());
            assert_ne!(err.message(Lang::Id), err.message(Lang::En));
        }
    }

    #[test]
    fn small_integer_fast_path_matches_rationals() {
        let values = [
            0i64,
            1,
            -1,
            2,
            3,
            -4,
            6,
            7,
            12,
            -36,
            600_000,
            1 << 40,
            (1 << 62) - 1,
        ];
        for &x in &values {
            for &y in &values {
                for op in [BinOp::Add, BinOp::Sub, BinOp::Mul, BinOp::Div] {
                    let (a, b) = (Num::int(x), Num::int(y));
                    let fast = apply_small_integers(op, a, b).unwrap();
                    let slow = match op {
                        BinOp::Add => a.checked_add(b).ok_or(ArithError::Overflow),
                        BinOp::Sub => a.checked_sub(b).ok_or(ArithError::Overflow),
                        BinOp::Mul => a.checked_mul(b).ok_or(ArithError::Overflow),
                        BinOp::Div if y == 0 => Err(ArithError::DivisionByZero),
                        BinOp::Div => a.checked_div(b).ok_or(ArithError::Overflow),
                    };
                    assert_eq!(fast, slow, "{x} {op:?} {y}");
                    if let Ok(v) = fast {
                        // Same representation (lowest terms, positive denominator), so == and hash agree.
                        assert_eq!(Num::ratio(v.numer(), v.denom()), Some(v));
                    }
                }
            }
        }
        assert!(apply_small_integers(BinOp::Add, Num::int(1 << 62), Num::ONE).is_none());
        assert!(apply_small_integers(BinOp::Add, Num::ratio(1, 2).unwrap(), Num::ONE).is_none());
    }

    #[test]
    fn depth_is_bounded() {
        let deep = format!("{}a{}", "(".repeat(200), ")".repeat(200));
        assert_eq!(parse(&deep).unwrap_err().kind, ExprErrorKind::TooDeep);
        let calls = format!("{}a{}", "min(".repeat(100_000), ", 1)".repeat(100_000));
        assert_eq!(parse(&calls).unwrap_err().kind, ExprErrorKind::TooDeep);
        let negs = format!("{}a", "-".repeat(100_000));
        assert_eq!(parse(&negs).unwrap_err().kind, ExprErrorKind::TooDeep);
        let parens = format!("{}a{}", "(".repeat(100_000), ")".repeat(100_000));
        assert_eq!(parse(&parens).unwrap_err().kind, ExprErrorKind::TooDeep);
        let negs = format!("{}a", "-".repeat(200));
        assert_eq!(parse(&negs).unwrap_err().kind, ExprErrorKind::TooDeep);
        let chain = vec!["a"; 200].join(" + ");
        assert_eq!(parse(&chain).unwrap_err().kind, ExprErrorKind::TooDeep);
        let ok = vec!["a"; 30].join(" + ");
        assert_eq!(parse(&ok).unwrap().eval(&env), Ok(n("90")));
    }

    #[test]
    fn idents_in_order_without_duplicates() {
        let e = parse("b + a * b - max(c, a)").unwrap();
        assert_eq!(e.idents(), vec!["b", "a", "c"]);
        assert!(parse("1 + 2").unwrap().idents().is_empty());
    }

    #[test]
    fn indexed_matches_named() {
        let srcs = [
            "luas_lantai / jumlah_anggota",
            "max(a, b) - min(a, -b)",
            "-(a + b) * 2 / 3",
        ];
        let ids = ["luas_lantai", "jumlah_anggota", "a", "b"];
        for src in srcs {
            let e = parse(src).unwrap();
            let ix = e
                .index(|id| ids.iter().position(|x| *x == id).map(|p| p as u32))
                .unwrap();
            let v: Result<Num, EvalError> = ix.eval(&|s| {
                ids.get(s as usize)
                    .and_then(|id| env(id))
                    .ok_or(EvalError::Missing(String::new()))
            });
            assert_eq!(v, e.eval(&env), "{src}");
        }
        let e = parse("a + c").unwrap();
        assert_eq!(e.index(|id| (id == "a").then_some(0)), Err("c".to_owned()));
    }
}
