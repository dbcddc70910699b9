//! Formulas saved without a result (workbooks written by scripts such as openpyxl carry
//! `<f>E9+E10</f><v/>`: Excel shows 6, a reader sees nothing). Plain arithmetic over the
//! same sheet is evaluated with `xlformula_engine` (+ − × ÷, comparisons, IF, SUM,
//! AVERAGE, ABS, cell references); this module only adds what that engine lacks: `$`
//! anchors, ranges (`E9:E12` becomes the list `{E9,E10,E11,E12}`), ROUND, and references
//! to other unsaved formulas (evaluated first, with cycles refused). Anything else
//! (other sheets, names, unknown functions, text) is not evaluated: the cell then keeps
//! only its formula text and validation asks the clerk to open and save the file.
//!
//! The engine computes in `f32`; results are rounded to six significant digits, which
//! restores what was typed (82.71, 1 241, 1 250 000) and is far finer than any capaian
//! tolerance.

use super::{Cell, Data};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use xlformula_engine::{calculate, parse_formula, types, NoCustomFunction};

/// Formulas longer than this are not evaluated (the engine's parser recurses).
const MAX_LEN: usize = 2_000;
/// How deep unsaved formulas may refer to one another.
const MAX_DEPTH: usize = 32;
/// Largest range expanded into a list.
const MAX_RANGE_CELLS: usize = 10_000;

/// Evaluates the unsaved formulas of one sheet over its grid.
pub(crate) struct Evaluator<'a> {
    rows: &'a [Vec<Cell>],
    formulas: &'a HashMap<(u32, u32), String>,
    memo: RefCell<HashMap<(u32, u32), Option<f64>>>,
    visiting: RefCell<HashSet<(u32, u32)>>,
}

impl<'a> Evaluator<'a> {
    pub(crate) fn new(rows: &'a [Vec<Cell>], formulas: &'a HashMap<(u32, u32), String>) -> Self {
        Evaluator {
            rows,
            formulas,
            memo: RefCell::new(HashMap::new()),
            visiting: RefCell::new(HashSet::new()),
        }
    }

    /// The result of the unsaved formula at (row, col), None when it cannot be evaluated.
    pub(crate) fn value_at(&self, row: u32, col: u32) -> Option<f64> {
        self.formula_cell(row, col, 0)
    }

    fn formula_cell(&self, row: u32, col: u32, depth: usize) -> Option<f64> {
        if let Some(v) = self.memo.borrow().get(&(row, col)) {
            return *v;
        }
        let text = self.formulas.get(&(row, col))?;
        if depth > MAX_DEPTH || !self.visiting.borrow_mut().insert((row, col)) {
            return None;
        }
        let v = self.expr(text, depth);
        self.visiting.borrow_mut().remove(&(row, col));
        self.memo.borrow_mut().insert((row, col), v);
        v
    }

    /// One expression (a whole formula or a ROUND argument).
    fn expr(&self, text: &str, depth: usize) -> Option<f64> {
        let text = text.trim().trim_start_matches('=');
        if text.len() > MAX_LEN || text.contains(['!', '[', '\'']) {
            return None;
        }
        let text = text.replace('$', "");
        let text = self.rounds(&text, depth)?;
        let text = expand_ranges(&text)?;
        let data = |name: String| self.reference(&name, depth);
        // The engine is third-party code on input text: a panic in it means "cannot
        // evaluate", never a failed file.
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let formula = parse_formula::parse_string_to_formula(
                &format!("={text}"),
                None::<NoCustomFunction>,
            );
            calculate::calculate_formula(formula, Some(&data))
        }))
        .ok()?;
        match result {
            types::Value::Number(n) if n.is_finite() => Some(six_digits(f64::from(n))),
            types::Value::Blank => Some(0.0),
            _ => None,
        }
    }

    /// What a reference evaluates to for the engine.
    fn reference(&self, name: &str, depth: usize) -> types::Value {
        let Some((row, col)) = parse_a1(name) else {
            return types::Value::Error(types::Error::Reference);
        };
        if self.formulas.contains_key(&(row, col)) {
            return match self.formula_cell(row, col, depth + 1) {
                Some(n) => types::Value::Number(n as f32),
                None => types::Value::Error(types::Error::Value),
            };
        }
        let cell = self
            .rows
            .get(row as usize)
            .and_then(|r| r.get(col as usize));
        match cell.map(|c| &c.data) {
            None | Some(Data::Empty) => types::Value::Blank,
            Some(Data::Number(n)) => types::Value::Number(*n as f32),
            Some(Data::Text(t)) if t.trim().is_empty() => types::Value::Blank,
            // Text is never handed to the engine (it would parse it as a formula).
            _ => types::Value::Error(types::Error::Value),
        }
    }

    /// Replace every `ROUND(x, n)` by its value, innermost first through recursion.
    fn rounds(&self, text: &str, depth: usize) -> Option<String> {
        let mut out = text.to_string();
        while let Some(start) = find_call(&out, "ROUND(") {
            let open = start + "ROUND".len();
            let close = matching_paren(&out, open)?;
            let args = split_args(out.get(open + 1..close)?);
            let [x, n] = args.as_slice() else { return None };
            let x = self.expr(x, depth + 1)?;
            let n = self.expr(n, depth + 1)?;
            let digits = n.trunc().clamp(0.0, 10.0) as u32;
            let rounded = crate::normalize::round_half_up(x, digits);
            out = format!("{}({rounded}){}", out.get(..start)?, out.get(close + 1..)?);
        }
        Some(out)
    }
}

/// Six significant digits.
fn six_digits(x: f64) -> f64 {
    if x == 0.0 {
        return 0.0;
    }
    let magnitude = x.abs().log10().floor() as i32;
    let scale = 10f64.powi(5 - magnitude);
    (x * scale).round() / scale
}

/// Position of `name` (e.g. "ROUND(") not preceded by a letter ("XROUND(" is not it).
fn find_call(text: &str, name: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(pos) = text.get(from..)?.find(name) {
        let at = from + pos;
        let before = text.get(..at)?.chars().last();
        if !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.') {
            return Some(at);
        }
        from = at + name.len();
    }
    None
}

/// Index of the ')' closing the '(' at `open`, skipping quoted text.
fn matching_paren(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quoted = false;
    for (i, c) in text.char_indices().skip_while(|(i, _)| *i < open) {
        match c {
            '"' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Arguments split at top-level commas.
fn split_args(text: &str) -> Vec<String> {
    let mut args = vec![String::new()];
    let mut depth = 0i32;
    for c in text.chars() {
        match c {
            '(' | '{' => depth += 1,
            ')' | '}' => depth -= 1,
            ',' if depth == 0 => {
                args.push(String::new());
                continue;
            }
            _ => {}
        }
        if let Some(last) = args.last_mut() {
            last.push(c);
        }
    }
    args
}

/// `E9:E12` → `{E9,E10,E11,E12}`; None for a range too large to list.
fn expand_ranges(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(colon) = rest.find(':') {
        let (left, right) = (rest.get(..colon)?, rest.get(colon + 1..)?);
        let start_len = left
            .chars()
            .rev()
            .take_while(char::is_ascii_alphanumeric)
            .count();
        let end_len = right
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .count();
        let from = left.get(left.len() - start_len..)?;
        let to = right.get(..end_len)?;
        let ((r0, c0), (r1, c1)) = (parse_a1(from)?, parse_a1(to)?);
        let (r0, r1, c0, c1) = (r0.min(r1), r0.max(r1), c0.min(c1), c0.max(c1));
        let count = (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1);
        if count > MAX_RANGE_CELLS as u64 {
            return None;
        }
        let cells: Vec<String> = (r0..=r1)
            .flat_map(|r| (c0..=c1).map(move |c| crate::model::a1(r, c)))
            .collect();
        out.push_str(left.get(..left.len() - start_len)?);
        out.push('{');
        out.push_str(&cells.join(","));
        out.push('}');
        rest = right.get(end_len..)?;
    }
    out.push_str(rest);
    Some(out)
}

/// "E9" → (8, 4), 0-based; None for anything but a plain A1 reference.
pub(crate) fn parse_a1(name: &str) -> Option<(u32, u32)> {
    let letters = name.chars().take_while(char::is_ascii_alphabetic).count();
    let (col_part, row_part) = (name.get(..letters)?, name.get(letters..)?);
    if !(1..=3).contains(&letters)
        || row_part.is_empty()
        || !row_part.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let mut col = 0u32;
    for b in col_part.bytes() {
        col = col * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1;
    }
    let row: u32 = row_part.parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(cells: &[(u32, u32, f64)]) -> Vec<Vec<Cell>> {
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        for &(r, c, n) in cells {
            let (r, c) = (r as usize, c as usize);
            if rows.len() <= r {
                rows.resize_with(r + 1, Vec::new);
            }
            if rows[r].len() <= c {
                rows[r].resize_with(c + 1, Cell::default);
            }
            rows[r][c] = Cell {
                data: Data::Number(n),
                format: None,
            };
        }
        rows
    }

    #[test]
    fn formulas_evaluate_or_refuse() {
        // E9 = 4, E10 = 2, F9 = 82.71, F10 = 85, G9 = 1241
        let rows = grid(&[
            (8, 4, 4.0),
            (9, 4, 2.0),
            (8, 5, 82.71),
            (9, 5, 85.0),
            (8, 6, 1241.0),
        ]);
        let cases: &[(&str, Option<f64>)] = &[
            ("E9+E10", Some(6.0)),
            ("=$E$9*E10", Some(8.0)),
            ("SUM(E9:E10)", Some(6.0)),
            ("AVERAGE(E9:E10)", Some(3.0)),
            ("E9-E10/2", Some(3.0)),
            ("ROUND(F9/F10*100,2)", Some(97.31)),
            ("ROUND(ROUND(F9,0)/F10*100, 1)", Some(97.6)),
            ("IF(E9=0,0,E10/E9*100)", Some(50.0)),
            ("F9", Some(82.71)),
            ("G9", Some(1241.0)),
            ("Z99", Some(0.0)),
            ("E9/0", None),
            ("Sheet2!E9", None),
            ("VLOOKUP(E9,A1:B2,2,FALSE)", None),
            ("A1:ZZZ999999", None),
            ("ROUND(E9)", None),
        ];
        let formulas = HashMap::new();
        let ev = Evaluator::new(&rows, &formulas);
        for (f, want) in cases {
            assert_eq!(ev.expr(f, 0), *want, "{f}");
        }
    }

    #[test]
    fn unsaved_formulas_refer_to_each_other_and_cycles_fail() {
        let rows = grid(&[(8, 4, 4.0), (9, 4, 2.0)]);
        let formulas: HashMap<(u32, u32), String> = [
            ((7, 4), "E9+E10".to_string()),
            ((7, 5), "E8*2".to_string()),
            ((0, 0), "B1+1".to_string()),
            ((0, 1), "A1+1".to_string()),
        ]
        .into_iter()
        .collect();
        let ev = Evaluator::new(&rows, &formulas);
        assert_eq!(ev.value_at(7, 5), Some(12.0));
        assert_eq!(ev.value_at(0, 0), None);
        assert_eq!(ev.value_at(3, 3), None);
    }

    #[test]
    fn a1_references() {
        assert_eq!(parse_a1("E9"), Some((8, 4)));
        assert_eq!(parse_a1("AA1"), Some((0, 26)));
        assert_eq!(parse_a1("E0"), None);
        assert_eq!(parse_a1("TRUE"), None);
        assert_eq!(parse_a1("ABCD1"), None);
    }
}
