//! Stage 1, `open` and `locate`: file bytes → `Workbook` (any format, sniffed by content)
//! → `Table` (header, column roles, data rows with merged cells filled and continuation
//! rows joined). This stage reads files but never writes them, and never interprets numbers:
//! cells come out as calamine gave them, with their number format where the format has one.

mod formula;
mod limits;
pub mod locate;
pub mod open;
mod rows;
mod sniff;

pub(crate) use locate::{is_sub_item, note_line};
pub use locate::{
    locate, locate_for_year, locate_with, Alternative, Column, Located, Period, QuarterCells, Role,
    RowCell, Scope, SkippedSheet, Table, TableRow, Wording,
};
pub use open::{open, open_bytes, Limits, OpenError};
pub use rows::HiddenRows;

use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Container format, decided from the bytes, never from the extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Xlsx,
    Xlsm,
    Xlsb,
    Xls,
    Ods,
}

/// A cell value as read. Dates become their serial number; formulas their cached value.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub enum Data {
    #[default]
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A spreadsheet error value such as "#REF!" or "#DIV/0!".
    Error(String),
    /// A formula saved without its result (xlsx written by a script): the formula text
    /// without "=", and its value when it could be evaluated over the sheet.
    Formula {
        formula: String,
        value: Option<f64>,
    },
}

/// One cell: its value and, where the format stores one (xlsx), its number format code
/// (e.g. `0.00%` or `0 "unit"`), which tells a percent fraction or a unit.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Cell {
    pub data: Data,
    pub format: Option<Arc<str>>,
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match &self.data {
            Data::Empty => true,
            Data::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text (numbers in plain Rust formatting), for header and label matching.
    pub fn text(&self) -> String {
        match &self.data {
            Data::Empty => String::new(),
            Data::Text(s) => s.clone(),
            Data::Number(n) => format!("{n}"),
            Data::Bool(b) => b.to_string(),
            Data::Error(e) => e.clone(),
            Data::Formula { value: Some(n), .. } => format!("{n}"),
            Data::Formula { formula, .. } => format!("={formula}"),
        }
    }
}

/// A merged region, 0-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merge {
    pub first_row: u32,
    pub first_col: u32,
    pub last_row: u32,
    pub last_col: u32,
}

impl Merge {
    /// The region spanned by two opposite corners (row, col), in either order.
    pub fn spanning(a: (u32, u32), b: (u32, u32)) -> Merge {
        Merge {
            first_row: a.0.min(b.0),
            first_col: a.1.min(b.1),
            last_row: a.0.max(b.0),
            last_col: a.1.max(b.1),
        }
    }
}

/// One worksheet as a dense grid anchored at A1 (row 0, col 0).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Sheet {
    pub name: String,
    pub hidden: bool,
    /// `rows[r][c]`; rows may be shorter than the widest row.
    pub rows: Vec<Vec<Cell>>,
    pub merges: Vec<Merge>,
}

impl Sheet {
    pub fn cell(&self, row: u32, col: u32) -> Option<&Cell> {
        self.rows.get(row as usize)?.get(col as usize)
    }

    pub fn height(&self) -> u32 {
        self.rows.len() as u32
    }

    pub fn width(&self) -> u32 {
        self.rows.iter().map(|r| r.len()).max().unwrap_or(0) as u32
    }
}

/// Every sheet of one input file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workbook {
    pub format: Format,
    pub sheets: Vec<Sheet>,
    /// Rows each sheet hides (xlsx, ods), 0-based, by sheet name.
    #[serde(default)]
    pub hidden_rows: HiddenRows,
}
