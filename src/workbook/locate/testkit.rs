//! Grids built from literals for the locator's tests: "" is an empty cell, a plain
//! number a numeric cell, anything else text; merges as "A3:C4". Test code only: the
//! module is declared `#[cfg(test)]` in locate.rs, so its unwraps never meet an upload.

use super::*;
use crate::model::col_letters;
use crate::workbook::{Data, Format};

/// A cell from a literal: "" is empty, a plain number is a numeric cell, anything
/// else is text.
pub(crate) fn cell(s: &str) -> Cell {
    let data = if s.is_empty() {
        Data::Empty
    } else if let Ok(n) = s.parse::<f64>() {
        Data::Number(n)
    } else {
        Data::Text(s.to_string())
    };
    Cell { data, format: None }
}

pub(crate) fn sheet(name: &str, rows: &[&[&str]], merges: &[&str]) -> Sheet {
    Sheet {
        name: name.to_string(),
        hidden: false,
        rows: rows
            .iter()
            .map(|r| r.iter().map(|s| cell(s)).collect())
            .collect(),
        merges: merges.iter().map(|m| merge(m)).collect(),
    }
}

/// "A3:C4" → a merge.
pub(crate) fn merge(a1: &str) -> Merge {
    let (from, to) = a1.split_once(':').unwrap();
    let (r0, c0) = pos(from);
    let (r1, c1) = pos(to);
    Merge {
        first_row: r0,
        first_col: c0,
        last_row: r1,
        last_col: c1,
    }
}

pub(crate) fn pos(a1: &str) -> (u32, u32) {
    let letters: String = a1.chars().filter(char::is_ascii_alphabetic).collect();
    let digits: String = a1.chars().filter(char::is_ascii_digit).collect();
    let col = letters
        .bytes()
        .fold(0u32, |acc, b| acc * 26 + u32::from(b - b'A' + 1))
        - 1;
    (digits.parse::<u32>().unwrap() - 1, col)
}

pub(crate) fn book(sheets: Vec<Sheet>) -> Workbook {
    Workbook {
        format: Format::Xlsx,
        sheets,
        hidden_rows: Default::default(),
    }
}

pub(crate) fn one_table(sheets: Vec<Sheet>) -> Table {
    let located = locate(&book(sheets));
    assert_eq!(located.tables.len(), 1, "skipped: {:?}", located.skipped);
    located.tables.into_iter().next().unwrap()
}

/// Column roles as (role, letter), in column order.
pub(crate) fn roles(t: &Table) -> Vec<(Role, String)> {
    t.columns
        .iter()
        .map(|c| (c.role, col_letters(c.col)))
        .collect()
}

pub(crate) fn text(c: &Option<RowCell>) -> &str {
    c.as_ref().map_or("<none>", |c| c.text.as_str())
}

pub(crate) fn at(c: &Option<RowCell>) -> String {
    c.as_ref().map_or_else(|| "<none>".into(), |c| c.at.a1())
}

/// (1-based row, statement, indicator, target, realisasi, capaian) of every row.
pub(crate) fn rows(t: &Table) -> Vec<(u32, &str, &str, &str, &str, &str)> {
    t.rows
        .iter()
        .map(|r| {
            (
                r.row + 1,
                text(&r.statement),
                text(&r.indicator),
                text(&r.target),
                text(&r.realisasi),
                text(&r.capaian),
            )
        })
        .collect()
}

pub(crate) fn r(role: Role, letter: &str) -> (Role, String) {
    (role, letter.to_string())
}
