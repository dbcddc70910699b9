//! Stage 2, `normalize`: a cell as typed by an Indonesian office → a `Value`: number,
//! unit, label and state, with the original text and cell kept. Pure functions, no I/O.
//! (helper-owned: the normalize helper fills this in)

use crate::model::CellRef;
use crate::workbook::Cell;
use serde::{Deserialize, Serialize};

/// What kind of thing a cell held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// A number (see `Value::number`).
    Value,
    /// Blank or "-": nothing reported.
    Missing,
    /// "N/A", "n/a", "tidak ada data": deliberately not reported.
    NotAvailable,
    /// A letter grade such as "BB" or an opinion such as "WTP" (see `Value::grade`).
    Grade,
    /// Text that is none of the above.
    Unparseable,
}

/// One normalized value with its origin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Value {
    pub state: State,
    /// The number in plain units: 82.71 for "82, 71", 97.31 for a percent-formatted
    /// 0.9731, 1234.5 for "1.234,5".
    pub number: Option<f64>,
    /// Unit written with the number ("unit", "SOP", "orang", "%"), as written, trimmed.
    pub unit: Option<String>,
    /// A label written with the number ("Baik" in "85,00 (Baik)").
    pub label: Option<String>,
    /// The grade for `State::Grade`, upper-cased ("BB").
    pub grade: Option<String>,
    /// True when thousands-vs-decimal could not be decided from the text alone
    /// ("1.500"); context may settle it later.
    pub ambiguous: bool,
    /// The original text as the clerk sees it.
    pub raw: String,
    /// Where it came from (None for values built in tests or from remarks).
    pub at: Option<CellRef>,
}

impl Value {
    pub fn missing() -> Self {
        Value {
            state: State::Missing,
            number: None,
            unit: None,
            label: None,
            grade: None,
            ambiguous: false,
            raw: String::new(),
            at: None,
        }
    }
}

/// Which column a cell came from: a capaian cell formatted as percent holding 0.9731
/// means 97.31; a target cell does not get that treatment unless its format says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Target,
    Realisasi,
    Capaian,
}

/// Parse a typed text ("82, 71", "58,46%", "6  unit", "-", "BB").
pub fn parse_text(text: &str) -> Value {
    let mut v = Value::missing();
    v.raw = text.to_string();
    v
}

/// Normalize a cell of the given field, using its number format where it has one.
pub fn parse_cell(cell: &Cell, _field: Field, at: Option<CellRef>) -> Value {
    let mut v = parse_text(&cell.text());
    v.at = at;
    v
}

/// The three numbers of one table row, normalized cell by cell and then settled together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowValues {
    pub target: Value,
    pub realisasi: Value,
    pub capaian: Value,
}

/// Settle what single cells cannot: a capaian column of unformatted fractions (0.9731
/// meaning 97.31 % in xls/ods, which carry no number formats), and ambiguous numbers such
/// as "1.500", from the row (capaian ≈ realisasi / target) and the column (how its other
/// cells write decimals). What stays undecided keeps `ambiguous = true`.
pub fn resolve_table(_rows: &mut [RowValues]) {}

/// A number found inside free text (remarks): "65 usulan", "58,46%", "11 SOP".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    pub number: f64,
    /// Unit word right after the number, if any ("usulan"); "%" for percents.
    pub unit: Option<String>,
    /// Byte range of the quantity in the text.
    pub start: usize,
    pub end: usize,
}

/// Every number (with the unit word after it) in a text, left to right.
pub fn quantities(_text: &str) -> Vec<Quantity> {
    Vec::new()
}

/// A number written the Indonesian way: "1.234,5" for 1234.5 with `decimals` = 1; no
/// thousands separator below 1000; `decimals` = 0 gives "1.234".
pub fn format_id(n: f64, decimals: usize) -> String {
    format!("{n:.decimals$}")
}
