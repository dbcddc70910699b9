//! Find the realization table in a workbook: header rows and the role of each column,
//! data rows with merged cells filled down and continuation rows joined, stopping at the
//! signature block. (helper-owned: the workbook helper fills this in)

use super::{Cell, Workbook};
use crate::model::CellRef;
use serde::{Deserialize, Serialize};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    No,
    Statement,
    Indicator,
    Unit,
    Target,
    Realisasi,
    Capaian,
    Keterangan,
    Anggaran,
}

/// A column of the located table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub role: Role,
    pub col: u32,
    /// The header text that gave the role (header rows joined with " / ").
    pub header: String,
}

/// One cell of a data row: where it is, what it holds, and its text with any
/// continuation-row text joined (for text columns) or merged-cell fill applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowCell {
    pub at: CellRef,
    pub cell: Cell,
    /// Display text: for text columns the joined statement/indicator/remarks, with
    /// continuation rows appended after a space; for number columns the cell text.
    pub text: String,
}

/// One indicator row of the table (continuation rows already joined into it).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TableRow {
    /// 0-based sheet row of the row's first line.
    pub row: u32,
    pub no: Option<RowCell>,
    pub statement: Option<RowCell>,
    pub indicator: Option<RowCell>,
    pub unit: Option<RowCell>,
    pub target: Option<RowCell>,
    pub realisasi: Option<RowCell>,
    pub capaian: Option<RowCell>,
    pub keterangan: Option<RowCell>,
}

/// A located realization table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub sheet: String,
    /// Text of the rows above the header (titles), top to bottom; used to identify the
    /// kecamatan.
    pub title: Vec<String>,
    /// 0-based rows that make up the header.
    pub header_rows: Vec<u32>,
    pub columns: Vec<Column>,
    pub rows: Vec<TableRow>,
}

impl Table {
    pub fn column(&self, role: Role) -> Option<&Column> {
        self.columns.iter().find(|c| c.role == role)
    }
}

/// Sheets skipped and why (hidden, empty, no table), reported by `inspect`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkippedSheet {
    pub sheet: String,
    pub reason: String,
}

/// Every realization table found in the workbook's visible sheets, in sheet order, and
/// the sheets that had none.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Located {
    pub tables: Vec<Table>,
    pub skipped: Vec<SkippedSheet>,
}

/// Locate the realization table(s) of a workbook.
pub fn locate(_workbook: &Workbook) -> Located {
    let _ = Cell::default();
    Located::default()
}
