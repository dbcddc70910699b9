//! The sheet's own arithmetic: the numbered-column row of an evaluation form states how
//! its columns relate ("12 = 8+9+10+11", "13 = 12/7*100", "8=(7/6)",
//! "(7) = (6) : (5) x 100"). Every such statement is parsed, its numbers mapped to the
//! sheet columns under them (a number merged over a K and an Rp column holds for both),
//! and checked on every indicator row; a row that breaks it is `arithmetic-mismatch` at
//! the cell of the result.
//!
//! Pure: it reads the located table, the grid and the records, never the file.

use super::{num, Ctx, Row};
use crate::model::{CellRef, Rule, Text};
use crate::normalize::{self, Field};
use crate::report::Record;
use crate::schema::Node;
use crate::workbook::{Role, Sheet, Table};

/// An arithmetic expression over column numbers.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    Col(u32),
    Const(f64),
    Add(Box<Expr>, Box<Expr>),
    Sub(Box<Expr>, Box<Expr>),
    Mul(Box<Expr>, Box<Expr>),
    Div(Box<Expr>, Box<Expr>),
}

impl Expr {
    fn cols(&self, out: &mut Vec<u32>) {
        match self {
            Expr::Col(n) => out.push(*n),
            Expr::Const(_) => {}
            Expr::Add(a, b) | Expr::Sub(a, b) | Expr::Mul(a, b) | Expr::Div(a, b) => {
                a.cols(out);
                b.cols(out);
            }
        }
    }

    /// Columns added and nothing else ("8+9+10+11").
    fn is_sum(&self) -> bool {
        match self {
            Expr::Col(_) => true,
            Expr::Add(a, b) => a.is_sum() && b.is_sum(),
            _ => false,
        }
    }

    /// A ratio stated without its "× 100": "8=(7/6)" under a percent column.
    fn is_bare_ratio(&self) -> bool {
        matches!(self, Expr::Div(..))
    }

    fn eval(&self, value: &dyn Fn(u32) -> Option<f64>) -> Option<f64> {
        Some(match self {
            Expr::Col(n) => value(*n)?,
            Expr::Const(c) => *c,
            Expr::Add(a, b) => a.eval(value)? + b.eval(value)?,
            Expr::Sub(a, b) => a.eval(value)? - b.eval(value)?,
            Expr::Mul(a, b) => a.eval(value)? * b.eval(value)?,
            Expr::Div(a, b) => {
                let d = b.eval(value)?;
                if d == 0.0 {
                    return None;
                }
                a.eval(value)? / d
            }
        })
    }
}

/// One stated equation: column `result` = `expr`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Equation {
    pub result: u32,
    pub expr: Expr,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok {
    Num(f64, bool),
    Op(char),
    Open,
    Close,
}

fn tokens(text: &str) -> Option<Vec<Tok>> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        match c {
            ' ' | '\u{a0}' => {}
            '0'..='9' => {
                let start = i;
                while chars
                    .get(i + 1)
                    .is_some_and(|d| d.is_ascii_digit() || *d == '.' || *d == ',')
                {
                    i += 1;
                }
                let s: String = chars.get(start..=i)?.iter().collect();
                let n: f64 = s.replace(',', ".").parse().ok()?;
                // "(6)": a number alone in brackets is a column reference.
                let bracketed = start > 0
                    && chars.get(start - 1) == Some(&'(')
                    && chars.get(i + 1) == Some(&')');
                out.push(Tok::Num(n, bracketed));
            }
            '+' | '-' => out.push(Tok::Op(c)),
            '*' | 'x' | 'X' | '×' => out.push(Tok::Op('*')),
            '/' | ':' | '÷' => out.push(Tok::Op('/')),
            '(' | '[' => out.push(Tok::Open),
            ')' | ']' => out.push(Tok::Close),
            _ => return None,
        }
        i += 1;
    }
    Some(out)
}

/// Recursive descent over the tokens; numbers that name a column of the sheet are
/// references, others (the 100 of "× 100") constants.
struct Parser<'a> {
    toks: &'a [Tok],
    at: usize,
    is_col: &'a dyn Fn(u32) -> bool,
}

impl Parser<'_> {
    fn peek(&self) -> Option<Tok> {
        self.toks.get(self.at).copied()
    }

    fn expr(&mut self) -> Option<Expr> {
        let mut left = self.term()?;
        while let Some(Tok::Op(op @ ('+' | '-'))) = self.peek() {
            self.at += 1;
            let right = self.term()?;
            left = if op == '+' {
                Expr::Add(Box::new(left), Box::new(right))
            } else {
                Expr::Sub(Box::new(left), Box::new(right))
            };
        }
        Some(left)
    }

    fn term(&mut self) -> Option<Expr> {
        let mut left = self.factor()?;
        while let Some(Tok::Op(op @ ('*' | '/'))) = self.peek() {
            self.at += 1;
            let right = self.factor()?;
            left = if op == '*' {
                Expr::Mul(Box::new(left), Box::new(right))
            } else {
                Expr::Div(Box::new(left), Box::new(right))
            };
        }
        Some(left)
    }

    fn factor(&mut self) -> Option<Expr> {
        match self.peek()? {
            Tok::Num(n, bracketed) => {
                self.at += 1;
                let whole = n.fract() == 0.0 && (0.0..10_000.0).contains(&n);
                if whole && (bracketed || (self.is_col)(n as u32)) {
                    Some(Expr::Col(n as u32))
                } else {
                    Some(Expr::Const(n))
                }
            }
            Tok::Open => {
                self.at += 1;
                let e = self.expr()?;
                if self.peek() == Some(Tok::Close) {
                    self.at += 1;
                }
                Some(e)
            }
            _ => None,
        }
    }
}

/// Parse "12 = 8+9+10+11", "(7) = (6) : (5) x 100", "8=(7/6)". `None` when the text
/// states no equation over known columns.
pub(crate) fn parse(text: &str, is_col: &dyn Fn(u32) -> bool) -> Option<Equation> {
    let (left, right) = text.split_once('=')?;
    let result: u32 = left
        .trim()
        .trim_matches(|c| c == '(' || c == ')' || c == '[' || c == ']')
        .trim()
        .parse()
        .ok()?;
    let toks = tokens(right)?;
    let mut p = Parser {
        toks: &toks,
        at: 0,
        is_col,
    };
    let expr = p.expr()?;
    if p.at != toks.len() {
        return None;
    }
    let mut cols = Vec::new();
    expr.cols(&mut cols);
    (!cols.is_empty() && !cols.contains(&result)).then_some(Equation { result, expr })
}

/// The sheet columns of the quarters' own realisasi (TW I..IV, K).
fn quarter_realisasi_cols(table: &Table) -> Vec<u32> {
    table
        .rows
        .first()
        .map(|r| {
            r.quarters
                .iter()
                .filter_map(|q| q.realisasi.as_ref().map(|c| c.at.col))
                .collect()
        })
        .unwrap_or_default()
}

/// Whether the table states that the quarters add up to the year's realisasi
/// ("12 = 8+9+10+11" over the TW I–IV columns and the year's).
pub(crate) fn states_quarter_sum(table: &Table) -> bool {
    let Some(numbering) = &table.numbering else {
        return false;
    };
    let realisasi = table.column(Role::Realisasi).map(|c| c.col);
    let quarter_cols = quarter_realisasi_cols(table);
    let is_col = |n: u32| numbering.columns.iter().any(|(k, _)| *k == n);
    let first_col = |n: u32| {
        numbering
            .columns
            .iter()
            .find(|(k, _)| *k == n)
            .and_then(|(_, cols)| cols.first().copied())
    };
    numbering.equations.iter().any(|(_, text)| {
        let Some(eq) = parse(text, &is_col) else {
            return false;
        };
        let mut refs = Vec::new();
        eq.expr.cols(&mut refs);
        eq.expr.is_sum()
            && first_col(eq.result) == realisasi
            && refs.len() >= 2
            && refs
                .iter()
                .all(|&n| first_col(n).is_some_and(|c| quarter_cols.contains(&c)))
    })
}

/// Check every stated equation of `table` on each of its records. The equation that adds
/// the quarters into the year's realisasi is left to the quarter rules, which know
/// whether the indicator's quarters add up at all (a percentage's do not).
pub(crate) fn check(
    table: &Table,
    sheet: &Sheet,
    records: &[Record],
    nodes: &dyn Fn(&Record) -> Option<Node>,
    ctx: &mut Ctx<'_>,
) {
    let Some(numbering) = &table.numbering else {
        return;
    };
    // Text columns under a number (the Satuan under the plan's "K") hold no figures.
    let text_cols: Vec<u32> = table
        .columns
        .iter()
        .filter(|c| {
            matches!(
                c.role,
                Role::No | Role::Statement | Role::Indicator | Role::Unit | Role::Keterangan
            )
        })
        .map(|c| c.col)
        .collect();
    let cols_of = |n: u32| -> Vec<u32> {
        numbering
            .columns
            .iter()
            .find(|(k, _)| *k == n)
            .map(|(_, cols)| {
                cols.iter()
                    .copied()
                    .filter(|c| !text_cols.contains(c))
                    .collect()
            })
            .unwrap_or_default()
    };
    let is_col = |n: u32| numbering.columns.iter().any(|(k, _)| *k == n);
    let realisasi = table.column(Role::Realisasi).map(|c| c.col);
    let quarter_cols = quarter_realisasi_cols(table);

    for (at, text) in &numbering.equations {
        let Some(eq) = parse(text, &is_col) else {
            continue;
        };
        let result_cols = cols_of(eq.result);
        let mut refs = Vec::new();
        eq.expr.cols(&mut refs);
        for (offset, &rcol) in result_cols.iter().enumerate() {
            // Each referenced number's column at the same offset (or its only column).
            let col_at = |n: u32| -> Option<u32> {
                let cols = cols_of(n);
                match cols.len() {
                    1 => cols.first().copied(),
                    k if k == result_cols.len() => cols.get(offset).copied(),
                    _ => None,
                }
            };
            let sources: Vec<u32> = refs.iter().filter_map(|&n| col_at(n)).collect();
            if sources.len() != refs.len() {
                continue;
            }
            let quarters_into_year = Some(rcol) == realisasi
                && !sources.is_empty()
                && sources.iter().all(|c| quarter_cols.contains(c));
            if quarters_into_year {
                continue;
            }
            let rows_of_table = records
                .iter()
                .filter(|r| r.sheet == table.sheet && table.holds(r.row, r.indicator.at.as_ref()));
            let capaian = table.column(Role::Capaian).map(|c| c.col);
            for rec in rows_of_table {
                // A matched row's capaian is judged by `capaian-mismatch` with the
                // indicator's own polarity and formula; the sheet's "12/7*100" would say
                // the same thing twice (and wrongly for a lower-is-better indicator).
                if Some(rcol) == capaian && rec.matched.is_some() {
                    continue;
                }
                let r = rec.row;
                let value = |c: u32| -> Option<f64> {
                    let cell = sheet.cell(r, c)?;
                    normalize::parse_cell(cell, Field::Target, None).number
                };
                let Some(stated) = value(rcol) else { continue };
                let Some(computed) = eq.expr.eval(&|n| col_at(n).and_then(value)) else {
                    continue;
                };
                let agrees = |c: f64| close(stated, c);
                if agrees(computed) || (eq.expr.is_bare_ratio() && agrees(computed * 100.0)) {
                    continue;
                }
                let shown = if eq.expr.is_bare_ratio()
                    && (stated - computed * 100.0).abs() < (stated - computed).abs()
                {
                    computed * 100.0
                } else {
                    computed
                };
                let cell = CellRef::new(table.sheet.as_str(), r, rcol);
                let a1 = cell.a1();
                let raw = sheet.cell(r, rcol).map(|c| c.text()).unwrap_or_default();
                let node = nodes(rec);
                let row = Row {
                    rec,
                    node: node.as_ref(),
                };
                let msg = Text::new(
                    format!(
                        "Sel {a1} berisi {}, tetapi menurut rumus yang tertulis di baris nomor kolom ({text}, sel {}) hasilnya {}. Periksa angka di sel {a1} dan sel-sel yang dijumlahkan/dibagi.",
                        num(stated),
                        at.a1(),
                        num(shown)
                    ),
                    format!(
                        "Cell {a1} holds {}, but the formula the sheet states in its column-number row ({text}, cell {}) gives {}. Check {a1} and the cells it is made from.",
                        num(stated),
                        at.a1(),
                        num(shown)
                    ),
                );
                ctx.push(
                    Rule::ArithmeticMismatch,
                    &row,
                    cell,
                    msg,
                    raw.trim(),
                    num(shown),
                );
            }
        }
    }
}

/// Equal up to how sheets round: within 0.01, 0.1 % of the value, or the whole number a
/// clerk rounded to.
fn close(stated: f64, computed: f64) -> bool {
    let d = (stated - computed).abs();
    d <= 0.011 || d <= computed.abs() * 0.001 || (stated.fract() == 0.0 && d < 0.5)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eq(text: &str, max: u32) -> Option<Equation> {
        parse(text, &|n| n >= 1 && n <= max)
    }

    fn add(a: Expr, b: Expr) -> Expr {
        Expr::Add(Box::new(a), Box::new(b))
    }

    #[test]
    fn stated_equations_parse() {
        use Expr::*;
        assert_eq!(
            eq("12 = 8+9+10+11", 17),
            Some(Equation {
                result: 12,
                expr: add(add(add(Col(8), Col(9)), Col(10)), Col(11))
            })
        );
        assert_eq!(
            eq("13 = 12/7*100", 17),
            Some(Equation {
                result: 13,
                expr: Mul(
                    Box::new(Div(Box::new(Col(12)), Box::new(Col(7)))),
                    Box::new(Const(100.0))
                )
            })
        );
        assert_eq!(
            eq("8=(7/6)", 11),
            Some(Equation {
                result: 8,
                expr: Div(Box::new(Col(7)), Box::new(Col(6)))
            })
        );
        assert_eq!(eq("(7) = (6) : (5) x 100", 9).map(|e| e.result), Some(7));
        assert_eq!(eq("15 = 14 / 6 x 100", 17).map(|e| e.result), Some(15));
        assert_eq!(eq("10=(5+7+9)", 11).map(|e| e.result), Some(10));
        assert_eq!(eq("14 = 6 + 12", 17).map(|e| e.result), Some(14));
        assert_eq!(eq("12", 17), None);
        assert_eq!(eq("Jumlah = total", 17), None);
        assert_eq!(eq("5 = 5", 17), None);
    }

    #[test]
    fn evaluation_and_rounding() {
        let e = eq("13 = 12/7*100", 17).map(|e| e.expr);
        let v = |n: u32| match n {
            12 => Some(38.0),
            7 => Some(65.0),
            _ => None,
        };
        let got = e.and_then(|e| e.eval(&v)).unwrap_or_default();
        assert!((got - 58.461_538).abs() < 1e-5);
        assert!(close(58.46, got));
        assert!(!close(60.0, got));
        assert!(close(53.0, 53.33));
        assert_eq!(
            eq("11=(10/4)", 11).and_then(|e| e.expr.eval(&|n| if n == 4 {
                Some(0.0)
            } else {
                Some(1.0)
            })),
            None,
            "division by zero says nothing"
        );
    }
}
