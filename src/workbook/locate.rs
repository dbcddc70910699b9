//! Find the realization table in a workbook: the title rows above it, 1–4 header rows
//! (merged group headers, a numbered-column row) and the role of each column, then the
//! indicator rows with merged or blank statements filled down, wrapped text joined from
//! continuation rows (after or before the row of numbers), section, summary and blank rows
//! skipped, stopping at the signature block, a second table or a long blank gap.
//!
//! It only reads the grid it is given: it never interprets numbers (that is `normalize`),
//! never panics on any grid, and stays linear in the number of cells (regexes compiled
//! once, merges indexed once).

mod body;
mod columns;
mod grid;
mod header;
mod join;
mod lines;
#[cfg(test)]
mod families;
#[cfg(test)]
pub(crate) mod testkit;
mod vocab;

use super::{Cell, Merge, Sheet, Workbook};
use crate::model::{CellRef, Text};
use body::read_body;
use columns::{ColStats, QuarterCols};
use grid::{Grid, Span};
use header::HeaderCell;
pub use header::{Period, Scope};
pub use join::Wording;
pub(crate) use lines::{is_sub_item, note_line};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

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
    /// The column's header path, top to bottom, joined with " / " ("Realisasi Kinerja
    /// Pada Triwulan / II / K").
    pub header: String,
    /// The vocabulary term that decided the role ("tingkat capaian", "reaisasi" read as
    /// "realisasi").
    #[serde(default)]
    pub term: String,
    /// The period the column covers, when not the year (a quarter, a month).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// This year's figure, or context (plan, last year, projection).
    #[serde(default)]
    pub scope: Scope,
    /// The year its header names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u32>,
    /// The header says the figure is to date ("Realisasi s.d. TW II", "Kumulatif"):
    /// with a period, it is the year so far, not that period's own figure.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cumulative: bool,
    /// The year typed only by its months or semesters ("Realisasi" over Januari–Desember,
    /// no column for the year): the columns of all of them, in period order, whose
    /// figures make the year's by the node's aggregation (the sum of a count that grows,
    /// else the last filled; the last filled when they are typed to date). This column
    /// is one of them. Empty when the column is the year's own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<u32>,
    /// The year's own realisasi column beside its months or semesters under one heading
    /// ("Realisasi" over Januari–Desember and "Jumlah"): their columns, in period order;
    /// the year must agree with what they make (`quarter-sum-mismatch`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub periods: Vec<u32>,
    /// A revised target ("Target Perubahan") beside the original ("Target Awal"): the
    /// original's column, read on the rows where the revised one is left blank (the
    /// target was not revised there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback: Option<u32>,
}

/// A column that could have taken a role and did not, or that has none, with why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alternative {
    pub col: u32,
    /// The role it could have taken (None: a column without a role).
    pub role: Option<Role>,
    pub header: String,
    pub why: String,
}

/// The cells of one quarter (triwulan) of a row, where the table has per-quarter
/// columns: the indicator's realisasi (K), its budget (Rp), the percent of the target,
/// and the quarter's own target.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct QuarterCells {
    /// 1–4.
    pub quarter: u8,
    pub target: Option<RowCell>,
    pub realisasi: Option<RowCell>,
    pub realisasi_anggaran: Option<RowCell>,
    pub persen: Option<RowCell>,
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
    /// 0-based sheet row that holds the indicator's numbers (target, realisasi,
    /// capaian). It is the row's first line except when the indicator's text starts one
    /// row above its numbers; the text cells' own positions are in their `at`.
    pub row: u32,
    pub no: Option<RowCell>,
    pub statement: Option<RowCell>,
    pub indicator: Option<RowCell>,
    pub unit: Option<RowCell>,
    pub target: Option<RowCell>,
    pub realisasi: Option<RowCell>,
    pub capaian: Option<RowCell>,
    pub keterangan: Option<RowCell>,
    /// The filled cells of the months or semesters that make the year's target where
    /// the table has no column for the year (`Column::parts`), in period order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub target_parts: Vec<RowCell>,
    /// The same for the realisasi.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub realisasi_parts: Vec<RowCell>,
    /// The filled cells of the months or semesters beside the year's own realisasi
    /// (`Column::periods`), in period order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub realisasi_periods: Vec<RowCell>,
    /// Per-quarter cells, TW I..IV in order, when the table has quarter columns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quarters: Vec<QuarterCells>,
    /// The year's budget (Rp) beside the indicator's target, realisasi and capaian, where
    /// the table has them (the Permendagri 86 form's "Rp" sub-columns).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_anggaran: Option<RowCell>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub realisasi_anggaran: Option<RowCell>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capaian_anggaran: Option<RowCell>,
    /// The text of the parent row a sub-item ("a. Pertanian") belongs to
    /// ("Jumlah rumusan kebijakan bidang :"), used as its statement when it has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<RowCell>,
    /// Section heading rows ("PROGRAM PENUNJANG …", "Kegiatan: …", "B. Sasaran") between
    /// the previous indicator row and this one, top to bottom: the text of their label
    /// cells (numbering, statement, indicator) joined, at the first of them. They are
    /// not rows of their own; `schema init` reads the tree's levels from them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<RowCell>,
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
    /// Columns not chosen for a role (another year, a plan, money, a single period…)
    /// and columns without a role, with why.
    #[serde(default)]
    pub alternatives: Vec<Alternative>,
    /// A table of targets with no realisasi column (a PK or Renstra plan).
    #[serde(default)]
    pub target_only: bool,
    /// The numbered-column row, when the header has one: each number with the sheet
    /// columns it stands over ("8" merged over K and Rp), and the equations it states
    /// ("12 = 8+9+10+11").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numbering: Option<Numbering>,
    pub rows: Vec<TableRow>,
    /// Hidden rows inside the table that hold figures: left out of `rows` (a clerk cannot
    /// see them), kept here so they can be reported.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hidden_rows: Vec<TableRow>,
    /// The header says the quarters' realisasi is to date ("Realisasi Kumulatif s/d
    /// Triwulan" over I–IV): the year so far is the last filled quarter, never their sum.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub quarters_cumulative: bool,
}

/// The numbered-column row of a header ("(1) (2) … 12 = 8+9+10+11 | 13 = 12/7*100").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Numbering {
    /// 0-based sheet row.
    pub row: u32,
    /// Column number → the sheet columns under it, left to right.
    pub columns: Vec<(u32, Vec<u32>)>,
    /// Every cell that states an equation: its cell and text ("12 = 8+9+10+11").
    pub equations: Vec<(CellRef, String)>,
}

impl Table {
    pub fn column(&self, role: Role) -> Option<&Column> {
        self.columns.iter().find(|c| c.role == role)
    }

    /// Whether the row read at sheet row `row` with its indicator text at `indicator`
    /// is one of this table's: tables side by side share their sheet rows, never their
    /// indicator cells.
    pub fn holds(&self, row: u32, indicator: Option<&CellRef>) -> bool {
        self.rows
            .iter()
            .any(|r| r.row == row && r.indicator.as_ref().map(|c| &c.at) == indicator)
    }
}

/// Sheets skipped and why (hidden, empty, no table), reported by `inspect`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkippedSheet {
    pub sheet: String,
    /// Why, in the clerk's terms (it reaches the `no-table` finding).
    pub reason: crate::model::Text,
}

/// Every realization table found in the workbook's visible sheets, in sheet order, and
/// the sheets that had none.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Located {
    pub tables: Vec<Table>,
    pub skipped: Vec<SkippedSheet>,
}

/// Most header rows a table has (group header, sub-header, a third level, the
/// numbered-column row).
const MAX_HEADER_ROWS: usize = 6;

/// This many blank rows in a row end the table: what follows is something else.
const MAX_BLANK_GAP: u32 = 3;

/// Distinct column roles a row must name to be read as a header row.
const MIN_HEADER_ROLES: usize = 3;

/// A role counts toward a header row only when its term stands among the first words of
/// its cell: headers start with what they are ("Tingkat Capaian …"), data text does not.
const MAX_TERM_POS: usize = 3;

/// Rows under the header sampled to see what each column holds.
const STATS_ROWS: u32 = 300;

/// A whole number that reads as a year in a header ("2023" typed as a number).
fn is_year_number(n: f64) -> bool {
    (1990.0..=2100.0).contains(&n) && n.fract() == 0.0
}

/// Cells longer than this are data, never header words (saves classifying long text).
const MAX_HEADER_CHARS: usize = 60;

/// Upper bound on merged-cell positions spread over the header, so a hostile file with
/// huge or overlapping merges cannot make header reading quadratic.
const MAX_HEADER_SPREAD: usize = 200_000;

/// Upper bound on (column, merge) entries indexed for statement fill-down.
const MAX_MERGE_SPREAD: usize = 1_000_000;

/// Locate the realization table(s) of a workbook: every visible sheet is searched, hidden,
/// empty and table-less sheets are listed in `skipped` with the reason.
pub fn locate(workbook: &Workbook) -> Located {
    locate_for_year(workbook, None)
}

/// `locate`, knowing the year the report is for (the schema's `tahun`): where a table has
/// columns for several years, that year's are taken. Without it, the year in the title
/// rows decides, else the latest year whose realisasi holds figures.
pub fn locate_for_year(workbook: &Workbook, report_year: Option<u32>) -> Located {
    locate_with(workbook, report_year, None)
}

/// `locate_for_year`, with the schema's say on wordings: where text-only lines sit
/// between two indicator rows (a wrapped indicator), each joins the row above or below
/// (or stands alone) by whichever way names the schema's indicators, when that is
/// plainly better than how the lines read; without `wording`, how they read decides.
pub fn locate_with(
    workbook: &Workbook,
    report_year: Option<u32>,
    wording: Option<&dyn Wording>,
) -> Located {
    let mut located = Located::default();
    for sheet in &workbook.sheets {
        if sheet.hidden {
            located
                .skipped
                .push(skip(sheet, Text::new("sheet tersembunyi", "hidden sheet")));
            continue;
        }
        if sheet.rows.iter().all(|row| row.iter().all(Cell::is_empty)) {
            located
                .skipped
                .push(skip(sheet, Text::new("sheet kosong", "empty sheet")));
            continue;
        }
        let hidden = workbook.hidden_rows.get(&sheet.name);
        let (tables, why_not) = locate_sheet(sheet, hidden, report_year, wording);
        if tables.is_empty() {
            located.skipped.push(skip(sheet, why_not));
        } else {
            located.tables.extend(tables);
        }
    }
    located
}

fn skip(sheet: &Sheet, reason: Text) -> SkippedSheet {
    SkippedSheet {
        sheet: sheet.name.clone(),
        reason,
    }
}

/// Why a sheet with content gave no table, in the clerk's terms.
fn no_table_reason(sheet: &Sheet, saw: Saw) -> Text {
    let name = sheet.name.to_lowercase();
    let kind = if name.contains("sampul") || name.contains("cover") {
        Some(("sheet sampul", "cover sheet"))
    } else if name.contains("petunjuk") || name.contains("instruksi") || name.contains("panduan") {
        Some(("sheet petunjuk", "instructions sheet"))
    } else {
        None
    };
    let (id, en) = match saw {
        Saw::Nothing => (
            "tidak ada kepala tabel realisasi (kolom seperti Indikator, Target, Realisasi, Capaian)",
            "no realization table header (columns such as Indikator, Target, Realisasi, Capaian)",
        ),
        Saw::NotRealization => (
            "hanya ada tabel tanpa target dan realisasi indikator (misalnya tabel anggaran)",
            "only a table without indicator targets and realisasi (e.g. a budget/Anggaran table)",
        ),
        Saw::NoRows => (
            "ada kepala tabel realisasi, tetapi tidak ada baris indikator di bawahnya",
            "a realization table header but no indicator rows under it",
        ),
        Saw::Planning => (
            "hanya ada tabel perencanaan (indikator dengan target berupa teks, anggaran) tanpa kolom realisasi",
            "only a planning table (indicators with targets written as text, budget) and no realisasi column",
        ),
    };
    match kind {
        Some((kid, ken)) => Text::new(format!("{kid}: {id}"), format!("{ken}: {en}")),
        None => Text::new(id, en),
    }
}

/// The most telling thing seen on a sheet that gave no table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Saw {
    Nothing,
    NotRealization,
    Planning,
    NoRows,
}

fn locate_sheet(
    sheet: &Sheet,
    hidden: Option<&std::collections::BTreeSet<u32>>,
    report_year: Option<u32>,
    wording: Option<&dyn Wording>,
) -> (Vec<Table>, Text) {
    let mut grid = Grid::new(sheet);
    grid.hidden = hidden;
    let mut tables = Vec::new();
    let mut saw = Saw::Nothing;
    let mut from = 0u32;
    // Where the title of the next table may start: after the rows of the table above
    // (a caption that ended that table is the next one's title).
    let mut title_from = 0u32;
    while let Some((top, header_span)) = grid.find_header_row(from) {
        let tables_before = tables.len();
        let header_rows = grid.header_block(top, from, header_span);
        let first_header = header_rows.first().copied().unwrap_or(top);
        let after_header = header_rows.last().map_or(top, |r| r.saturating_add(1));
        // Under a table above, the title is the caption after the blank rows that end it
        // (never a total line of the table above).
        // The caption may itself be followed by a blank row before its header.
        let title_start = if title_from == 0 {
            0
        } else {
            match (title_from..first_header).find(|&r| grid.is_blank_row(r)) {
                Some(blank) => (blank..first_header)
                    .find(|&r| !grid.is_blank_row(r))
                    .unwrap_or(first_header),
                None => title_from,
            }
        };
        let (mut candidates, mut no_role) = grid.header_columns(&header_rows, after_header);
        candidates.retain(|c| header_span.contains(c.col));
        no_role.retain(|n| header_span.contains(n.col));
        // Side-by-side tables under one header are read one block at a time.
        let starts = columns::block_starts(&candidates);
        let mut next = after_header;
        let mut next_title = after_header;
        for (i, &lo) in starts.iter().enumerate() {
            let span = Span {
                lo: lo.max(header_span.lo),
                hi: starts
                    .get(i + 1)
                    .copied()
                    .unwrap_or(u32::MAX)
                    .min(header_span.hi),
            };
            // A title is text: a row above the header that holds figures (another
            // table's data) ends it.
            let from_title = title_start.min(first_header);
            let from_title = (from_title..first_header)
                .rev()
                .find(|&r| grid.holds_figures(r))
                .map_or(from_title, |r| r.saturating_add(1));
            let title = grid.title(from_title, first_header, span);
            let years: Vec<u32> = report_year.into_iter().chain(title_year(&title)).collect();
            let mut choice = columns::choose(
                candidates
                    .iter()
                    .filter(|c| span.contains(c.col))
                    .cloned()
                    .collect(),
                no_role
                    .iter()
                    .filter(|n| span.contains(n.col))
                    .cloned()
                    .collect(),
                &years,
            );
            grid.unit_by_content(&mut choice, after_header);
            let cols = Cols::from(&choice, span);
            if !cols.is_realization() {
                saw = saw.max(Saw::NotRealization);
                continue;
            }
            let target_only = cols.is_target_only();
            if target_only
                && cols
                    .target
                    .is_some_and(|t| grid.col_stats(t, after_header).numbers == 0)
            {
                // Targets typed as sentences beside a budget: a plan, not a table of figures.
                saw = saw.max(Saw::Planning);
                continue;
            }
            let body = read_body(&grid, &cols, after_header, wording);
            next = next.max(body.end);
            next_title = next_title.max(body.last.map_or(after_header, |l| l.saturating_add(1)));
            if body.rows.is_empty() {
                saw = saw.max(Saw::NoRows);
            } else {
                tables.push(Table {
                    sheet: sheet.name.clone(),
                    title,
                    columns: choice.columns,
                    alternatives: choice.alternatives,
                    target_only,
                    numbering: grid.numbering(&header_rows, span),
                    header_rows: header_rows.clone(),
                    rows: body.rows,
                    hidden_rows: body.hidden_rows,
                    quarters_cumulative: choice.quarters.iter().any(|q| q.cumulative),
                });
            }
        }
        from = next;
        // A header that gave no table (a budget recap beside the table, its header a
        // row higher) ends no table: the title above it still belongs to the next one.
        if tables.len() > tables_before {
            title_from = next_title.min(next);
        }
    }
    let why = if tables.is_empty() {
        no_table_reason(sheet, saw)
    } else {
        Text::new("", "")
    };
    (tables, why)
}

/// The latest year (1990–2100) written in the title rows ("Tahun 2018", "s/d Tahun 2014").
fn title_year(title: &[String]) -> Option<u32> {
    title
        .iter()
        .flat_map(|line| vocab::words(line))
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse::<u32>().ok())
        .filter(|y| (1990..=2100).contains(y))
        .max()
}

/// The chosen column of each role, and the quarter columns.
#[derive(Debug, Clone, Default)]
struct Cols {
    no: Option<u32>,
    statement: Option<u32>,
    indicator: Option<u32>,
    unit: Option<u32>,
    target: Option<u32>,
    realisasi: Option<u32>,
    capaian: Option<u32>,
    keterangan: Option<u32>,
    anggaran: Option<u32>,
    quarters: Vec<QuarterCols>,
    /// The original target, read where the revised one is blank.
    target_fallback: Option<u32>,
    /// The months or semesters that make the year's target and realisasi.
    target_parts: Vec<u32>,
    realisasi_parts: Vec<u32>,
    /// The months or semesters beside the year's own realisasi.
    realisasi_periods: Vec<u32>,
    /// The year's money beside target, realisasi and capaian.
    money: [Option<u32>; 3],
    /// The sheet columns the table takes.
    span: Span,
}

impl Default for Span {
    fn default() -> Self {
        Span::ALL
    }
}

impl Cols {
    fn from(choice: &columns::Choice, span: Span) -> Self {
        let columns = &choice.columns;
        let mut cols = Cols {
            quarters: choice.quarters.clone(),
            money: choice.anggaran,
            span,
            ..Cols::default()
        };
        for c in columns {
            let slot = match c.role {
                Role::No => &mut cols.no,
                Role::Statement => &mut cols.statement,
                Role::Indicator => &mut cols.indicator,
                Role::Unit => &mut cols.unit,
                Role::Target => &mut cols.target,
                Role::Realisasi => &mut cols.realisasi,
                Role::Capaian => &mut cols.capaian,
                Role::Keterangan => &mut cols.keterangan,
                Role::Anggaran => &mut cols.anggaran,
            };
            *slot = Some(c.col);
            match c.role {
                Role::Target => {
                    cols.target_parts.clone_from(&c.parts);
                    cols.target_fallback = c.fallback;
                }
                Role::Realisasi => {
                    cols.realisasi_parts.clone_from(&c.parts);
                    cols.realisasi_periods.clone_from(&c.periods);
                }
                _ => {}
            }
        }
        cols
    }

    /// Indicators with a target or a realisasi of their own (money columns never count:
    /// a budget table of program, anggaran, realisasi Rp and % is not a realization
    /// table).
    fn is_realization(&self) -> bool {
        self.indicator.is_some()
            && (self.target.is_some() || self.realisasi.is_some() || self.has_quarter_realisasi())
    }

    fn has_quarter_realisasi(&self) -> bool {
        self.quarters.iter().any(|q| q.realisasi.is_some())
    }

    /// Targets and nothing to compare them with: a PK or Renstra plan.
    fn is_target_only(&self) -> bool {
        self.target.is_some()
            && self.realisasi.is_none()
            && self.capaian.is_none()
            && !self.has_quarter_realisasi()
    }

    /// Columns whose filled cells make a row a data row: target, realisasi, capaian and
    /// the quarters' own figures (never money alone).
    fn values(&self) -> Vec<u32> {
        let mut v: Vec<u32> = [self.target, self.realisasi, self.capaian]
            .into_iter()
            .flatten()
            .collect();
        for q in &self.quarters {
            v.extend([q.target, q.realisasi, q.persen].into_iter().flatten());
        }
        v.extend(self.target_parts.iter().chain(&self.realisasi_parts));
        v.extend(&self.realisasi_periods);
        v.extend(self.target_fallback);
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Columns whose text belongs to the row label (numbering, statement, indicator), in
    /// sheet order.
    fn label_cols(&self) -> Vec<u32> {
        let mut v: Vec<u32> = [self.no, self.statement, self.indicator]
            .into_iter()
            .flatten()
            .collect();
        v.sort_unstable();
        v
    }

    fn all(&self) -> Vec<u32> {
        let mut v: Vec<u32> = [
            self.no,
            self.statement,
            self.indicator,
            self.unit,
            self.target,
            self.realisasi,
            self.capaian,
            self.keterangan,
            self.anggaran,
        ]
        .into_iter()
        .flatten()
        .collect();
        for q in &self.quarters {
            v.extend(
                [q.target, q.realisasi, q.realisasi_anggaran, q.persen]
                    .into_iter()
                    .flatten(),
            );
        }
        v.extend(self.target_parts.iter().chain(&self.realisasi_parts));
        v.extend(&self.realisasi_periods);
        v.extend(self.target_fallback);
        v.sort_unstable();
        v.dedup();
        v
    }
}

#[cfg(test)]
mod tests {
    use super::testkit::*;
    use super::*;
    use crate::workbook::Data;

    #[test]
    fn two_row_merged_header_with_title() {
        let t = one_table(vec![sheet(
            "Tabel 3.1",
            &[
                &["PENGUKURAN KINERJA KECAMATAN BAJENG TAHUN 2023"],
                &[],
                &[
                    "No",
                    "Sasaran",
                    "Indikator Kinerja",
                    "Kinerja",
                    "",
                    "",
                    "Ket.",
                ],
                &["", "", "", "Target", "Realisasi", "Capaian (%)", ""],
                &[
                    "1",
                    "Meningkatnya kepuasan",
                    "Indeks Kepuasan Masyarakat",
                    "85",
                    "83.27",
                    "97,96%",
                    "Hasil SKM",
                ],
                &[
                    "2",
                    "Tersedianya SOP",
                    "Jumlah SOP yang disusun",
                    "10",
                    "10 SOP",
                    "100",
                    "",
                ],
            ],
            &["A3:A4", "B3:B4", "C3:C4", "D3:F3", "G3:G4"],
        )]);
        assert_eq!(t.sheet, "Tabel 3.1");
        assert_eq!(
            t.title,
            vec!["PENGUKURAN KINERJA KECAMATAN BAJENG TAHUN 2023"]
        );
        assert_eq!(t.header_rows, vec![2, 3]);
        assert_eq!(
            roles(&t),
            vec![
                r(Role::No, "A"),
                r(Role::Statement, "B"),
                r(Role::Indicator, "C"),
                r(Role::Target, "D"),
                r(Role::Realisasi, "E"),
                r(Role::Capaian, "F"),
                r(Role::Keterangan, "G"),
            ]
        );
        assert_eq!(t.column(Role::Target).unwrap().header, "Kinerja / Target");
        assert_eq!(
            rows(&t),
            vec![
                (
                    5,
                    "Meningkatnya kepuasan",
                    "Indeks Kepuasan Masyarakat",
                    "85",
                    "83.27",
                    "97,96%"
                ),
                (
                    6,
                    "Tersedianya SOP",
                    "Jumlah SOP yang disusun",
                    "10",
                    "10 SOP",
                    "100"
                ),
            ]
        );
        assert_eq!(text(&t.rows[0].keterangan), "Hasil SKM");
        assert_eq!(at(&t.rows[0].realisasi), "E5");
    }

    #[test]
    fn group_header_over_real_target_capaian_in_permuted_order() {
        // "Tahun 2023" over "Real." / "Target" / "Capaian", as in LKjIP tables.
        let t = one_table(vec![sheet(
            "S",
            &[
                &["Sasaran/Program/Kegiatan", "IK", "Catatan", "Tahun 2023"],
                &["", "", "", "Real.", "Target", "Capaian"],
                &[
                    "Meningkatnya kualitas",
                    "Indeks Pelayanan Publik",
                    "Hasil evaluasi",
                    "4.03",
                    "4",
                    "1.0075",
                ],
            ],
            &["A1:A2", "B1:B2", "C1:C2", "D1:F1"],
        )]);
        assert_eq!(
            roles(&t),
            vec![
                r(Role::Statement, "A"),
                r(Role::Indicator, "B"),
                r(Role::Keterangan, "C"),
                r(Role::Realisasi, "D"),
                r(Role::Target, "E"),
                r(Role::Capaian, "F"),
            ]
        );
        assert_eq!(
            rows(&t),
            vec![(
                3,
                "Meningkatnya kualitas",
                "Indeks Pelayanan Publik",
                "4",
                "4.03",
                "1.0075"
            )]
        );
    }

    #[test]
    fn a_group_row_above_the_role_row_is_part_of_the_header() {
        let t = one_table(vec![sheet(
            "S",
            &[
                &["CAPAIAN KINERJA KECAMATAN PARIGI"],
                &["Indikator Kinerja", "Tahun 2023", "", ""],
                &["", "Target", "Realisasi", "Capaian"],
                &["Indeks Pelayanan Publik", "4", "4.5", "112,5%"],
            ],
            &["A2:A3", "B2:D2"],
        )]);
        assert_eq!(t.header_rows, vec![1, 2]);
        assert_eq!(t.title, vec!["CAPAIAN KINERJA KECAMATAN PARIGI"]);
        assert_eq!(
            roles(&t),
            vec![
                r(Role::Indicator, "A"),
                r(Role::Target, "B"),
                r(Role::Realisasi, "C"),
                r(Role::Capaian, "D"),
            ]
        );
        assert_eq!(
            rows(&t),
            vec![(4, "<none>", "Indeks Pelayanan Publik", "4", "4.5", "112,5%")]
        );
    }

    #[test]
    fn numbered_column_row_is_header_not_data() {
        for colnums in [
            ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
            ["1", "2", "3", "4", "5", "6"],
        ] {
            let t = one_table(vec![sheet(
                "S",
                &[
                    &[
                        "No",
                        "Sasaran Strategis",
                        "IK",
                        "Target 2023",
                        "Realisasi 2023",
                        "Capaian",
                    ],
                    &colnums,
                    &[
                        "1",
                        "Meningkatnya kualitas",
                        "Indeks Pelayanan Publik",
                        "3,75",
                        "4,36",
                        "116,27%",
                    ],
                ],
                &[],
            )]);
            assert_eq!(t.header_rows, vec![0, 1], "{colnums:?}");
            assert_eq!(
                rows(&t),
                vec![(
                    3,
                    "Meningkatnya kualitas",
                    "Indeks Pelayanan Publik",
                    "3,75",
                    "4,36",
                    "116,27%"
                )]
            );
        }
    }

    #[test]
    fn permuted_columns_and_spacer_column_get_their_roles() {
        let t = one_table(vec![sheet(
            "S",
            &[
                &[
                    "",
                    "NO",
                    "",
                    "Sasaran",
                    "INDIKATOR KINERJA",
                    "REALISASI",
                    "Target Tahun 2023",
                    "% Capaian",
                    "KET",
                    "Pagu Anggaran (Rp)",
                ],
                &[
                    "",
                    "1",
                    "",
                    "meningkatnya kualitas",
                    "indeks Pelayanan Publik",
                    "4,30",
                    "4",
                    "107,50%",
                    "ok",
                    "Rp 1.000.000",
                ],
            ],
            &[],
        )]);
        assert_eq!(
            roles(&t),
            vec![
                r(Role::No, "B"),
                r(Role::Statement, "D"),
                r(Role::Indicator, "E"),
                r(Role::Realisasi, "F"),
                r(Role::Target, "G"),
                r(Role::Capaian, "H"),
                r(Role::Keterangan, "I"),
                r(Role::Anggaran, "J"),
            ]
        );
        assert_eq!(
            rows(&t),
            vec![(
                2,
                "meningkatnya kualitas",
                "indeks Pelayanan Publik",
                "4",
                "4,30",
                "107,50%"
            )]
        );
    }

    #[test]
    fn realisasi_anggaran_is_money_and_annual_total_beats_quarters() {
        let t = one_table(vec![sheet(
            "S",
            &[
                &[
                    "Indikator",
                    "Target",
                    "Realisasi",
                    "",
                    "",
                    "",
                    "",
                    "Capaian",
                    "Realisasi Anggaran",
                ],
                &["", "", "TW I", "TW II", "TW III", "TW IV", "Total", "", ""],
                &[
                    "Jumlah SOP",
                    "10",
                    "2",
                    "5",
                    "8",
                    "10",
                    "10",
                    "100%",
                    "Rp 5.000",
                ],
            ],
            &["A1:A2", "B1:B2", "C1:G1", "H1:H2", "I1:I2"],
        )]);
        assert_eq!(
            roles(&t),
            vec![
                r(Role::Indicator, "A"),
                r(Role::Target, "B"),
                r(Role::Realisasi, "G"),
                r(Role::Capaian, "H"),
                r(Role::Anggaran, "I"),
            ]
        );
        assert_eq!(
            t.column(Role::Realisasi).unwrap().header,
            "Realisasi / Total"
        );
        // Only quarters: the last quarter stands for the year.
        let t = one_table(vec![sheet(
            "S",
            &[
                &[
                    "Indikator",
                    "Target",
                    "Realisasi TW I",
                    "Realisasi TW II",
                    "Realisasi TW III",
                    "Realisasi TW IV",
                ],
                &["Jumlah SOP", "10", "2", "5", "8", "10"],
            ],
            &[],
        )]);
        assert_eq!(t.column(Role::Realisasi).map(|c| c.col), Some(5));
    }

    #[test]
    fn merged_statement_is_filled_down_from_its_cell() {
        let t = one_table(vec![sheet(
            "S",
            &[
                &[
                    "No",
                    "Sasaran",
                    "Indikator",
                    "Target",
                    "Realisasi",
                    "Capaian",
                ],
                &[
                    "1",
                    "Terlaksananya tindak lanjut pengaduan",
                    "Persentase pengaduan yang ditindaklanjuti",
                    "100",
                    "100",
                    "100",
                ],
                &[
                    "",
                    "",
                    "Jumlah pengaduan yang belum ditindaklanjuti",
                    "2",
                    "0",
                    "200",
                ],
                &[
                    "2",
                    "Tersedianya maklumat",
                    "Jumlah maklumat",
                    "1",
                    "1",
                    "100",
                ],
                &["", "", "Jumlah bahan maklumat", "1", "0", "0"],
            ],
            // Rows 2-3 merged; rows 4-5 share the statement by leaving it blank (ods
            // keeps no merges, offices also just leave it blank).
            &["B2:B3", "A2:A3"],
        )]);
        let st: Vec<(String, &str)> = t
            .rows
            .iter()
            .map(|r| (at(&r.statement), text(&r.statement)))
            .collect();
        assert_eq!(
            st,
            vec![
                ("B2".to_string(), "Terlaksananya tindak lanjut pengaduan"),
                ("B2".to_string(), "Terlaksananya tindak lanjut pengaduan"),
                ("B4".to_string(), "Tersedianya maklumat"),
                ("B4".to_string(), "Tersedianya maklumat"),
            ]
        );
        assert_eq!(at(&t.rows[1].indicator), "C3");
        assert_eq!(t.rows[1].row, 2);
    }

    #[test]
    fn continuation_rows_are_joined_to_the_row_above() {
        let t = one_table(vec![sheet(
            "S",
            &[
                &["Sasaran", "IK", "Target", "Realisasi", "Capaian", "Ket"],
                &[
                    "Meningkatnya kualitas",
                    "Indeks Pelayanan\nPublik",
                    "4",
                    "4.03",
                    "100,75%",
                    "Hasil",
                ],
                &["pelayanan publik", "", "", "", "", "evaluasi"],
                &["Tersedianya maklumat", "Jumlah", "1", "1", "100%", ""],
                &["", "maklumat pelayanan yang tersedia", "", "", "", ""],
                &[],
                &["Tersedianya SOP", "Jumlah SOP", "10", "10", "100%", ""],
            ],
            &["A4:A5"],
        )]);
        assert_eq!(
            rows(&t),
            vec![
                (
                    2,
                    "Meningkatnya kualitas pelayanan publik",
                    "Indeks Pelayanan Publik",
                    "4",
                    "4.03",
                    "100,75%"
                ),
                (
                    4,
                    "Tersedianya maklumat",
                    "Jumlah maklumat pelayanan yang tersedia",
                    "1",
                    "1",
                    "100%"
                ),
                (7, "Tersedianya SOP", "Jumlah SOP", "10", "10", "100%"),
            ]
        );
        assert_eq!(text(&t.rows[0].keterangan), "Hasil evaluasi");
        assert_eq!(at(&t.rows[0].statement), "A2");
        assert_eq!(at(&t.rows[1].indicator), "B4");
    }

    #[test]
    fn continuation_row_before_the_numbers() {
        // The first line of the text sits one row above the row of numbers.
        let t = one_table(vec![sheet(
            "S",
            &[
                &[
                    "No",
                    "Sasaran",
                    "IK",
                    "Target",
                    "R",
                    "Capaian (%)",
                    "Keterangan",
                ],
                &[
                    "11",
                    "tersedianya maklumat pelayanan",
                    "jumlah maklumat pelayanan",
                    "1",
                    "0",
                    "0",
                    "",
                ],
                &[
                    "12",
                    "tersedianya bahan-bahan penyusunan dokumen",
                    "jumlah bahan penyusunan maklumat pelayanan",
                    "",
                    "",
                    "",
                    "",
                ],
                &[
                    "",
                    "perencanaan pelayanan",
                    "",
                    "1 dokumen",
                    "1 dokumen",
                    "1",
                    "Bahan tersedia",
                ],
                &[
                    "13",
                    "terlaksananya forum",
                    "jumlah unsur masyarakat",
                    "4",
                    "3",
                    "75",
                    "",
                ],
            ],
            &[],
        )]);
        assert_eq!(
            rows(&t),
            vec![
                (
                    2,
                    "tersedianya maklumat pelayanan",
                    "jumlah maklumat pelayanan",
                    "1",
                    "0",
                    "0"
                ),
                (
                    4,
                    "tersedianya bahan-bahan penyusunan dokumen perencanaan pelayanan",
                    "jumlah bahan penyusunan maklumat pelayanan",
                    "1 dokumen",
                    "1 dokumen",
                    "1"
                ),
                (
                    5,
                    "terlaksananya forum",
                    "jumlah unsur masyarakat",
                    "4",
                    "3",
                    "75"
                ),
            ]
        );
        let before = &t.rows[1];
        assert_eq!(
            (
                at(&before.no),
                at(&before.statement),
                at(&before.indicator),
                at(&before.target),
                at(&before.keterangan)
            ),
            (
                "A3".into(),
                "B3".into(),
                "C3".into(),
                "D4".into(),
                "G4".into()
            )
        );
    }

    #[test]
    fn a_numbered_statement_line_above_its_indicator_starts_the_row() {
        let t = one_table(vec![sheet(
            "S",
            &[
                &["No", "Sasaran", "Indikator", "Target", "Realisasi"],
                &[
                    "1",
                    "Meningkatnya kualitas",
                    "Indeks Pelayanan Publik",
                    "4",
                    "4",
                ],
                &["2", "Meningkatnya kepuasan masyarakat", "", "", ""],
                &["", "", "Indeks Kepuasan Masyarakat", "85", "83"],
                &["", "", "Jumlah responden SKM", "150", "159"],
            ],
            &[],
        )]);
        let got: Vec<(u32, String, &str, String, &str)> = t
            .rows
            .iter()
            .map(|r| {
                (
                    r.row + 1,
                    at(&r.statement),
                    text(&r.statement),
                    at(&r.no),
                    text(&r.indicator),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    2,
                    "B2".into(),
                    "Meningkatnya kualitas",
                    "A2".into(),
                    "Indeks Pelayanan Publik"
                ),
                (
                    4,
                    "B3".into(),
                    "Meningkatnya kepuasan masyarakat",
                    "A3".into(),
                    "Indeks Kepuasan Masyarakat"
                ),
                (
                    5,
                    "B3".into(),
                    "Meningkatnya kepuasan masyarakat",
                    "A5".into(),
                    "Jumlah responden SKM"
                ),
            ]
        );
    }

    #[test]
    fn signature_block_ends_the_table() {
        let t = one_table(vec![sheet(
            "S",
            &[
                &[
                    "No",
                    "Sasaran",
                    "Indikator",
                    "Target",
                    "Realisasi",
                    "Capaian",
                ],
                &["1", "Meningkatnya kualitas", "Nilai SAKIP", "BB", "A", "-"],
                &[],
                &["", "", "", "", "", "Sungguminasa, 15 Januari 2024"],
                &["", "", "", "", "", "CAMAT BAJENG"],
                &[],
                &["", "", "", "", "", "Drs. H. Abd. Rahman"],
                &["", "", "", "", "", "Pembina Tk. I"],
                &["", "", "", "", "", "NIP. 19691028 199110 1 789"],
            ],
            &[],
        )]);
        assert_eq!(
            rows(&t),
            vec![(2, "Meningkatnya kualitas", "Nilai SAKIP", "BB", "A", "-")]
        );
    }

    #[test]
    fn second_table_below_is_not_part_of_the_realization_table() {
        let located = locate(&book(vec![sheet(
            "S",
            &[
                &["Sasaran", "IK", "Catatan", "Real.", "Target", "Capaian"],
                &[
                    "Meningkatnya kualitas",
                    "Indeks Pelayanan Publik",
                    "",
                    "4.03",
                    "4",
                    "1",
                ],
                &[],
                &["", "REALISASI ANGGARAN PER PROGRAM"],
                &["No", "Program", "Anggaran (Rp)", "Realisasi (Rp)", "%"],
                &[
                    "1",
                    "Program Pemberdayaan Masyarakat",
                    "Rp. 177.877.000",
                    "162.019.000,0",
                    "91,08%",
                ],
                &["", "Jumlah", "556952000", "525949000"],
            ],
            &[],
        )]));
        assert_eq!(located.tables.len(), 1);
        assert_eq!(
            rows(&located.tables[0]),
            vec![(
                2,
                "Meningkatnya kualitas",
                "Indeks Pelayanan Publik",
                "4",
                "4.03",
                "1"
            )]
        );
        assert!(located.skipped.is_empty());
    }

    #[test]
    fn hidden_empty_cover_and_budget_sheets_are_skipped_with_a_reason() {
        let mut hidden = sheet("Ref", &[&["Satuan", "Predikat"], &["%", "AA"]], &[]);
        hidden.hidden = true;
        let located = locate(&book(vec![
            sheet("Sheet1", &[], &[]),
            sheet(
                "Sampul",
                &[
                    &["", "LAPORAN KINERJA INSTANSI PEMERINTAH"],
                    &["", "KECAMATAN BAJENG"],
                ],
                &[],
            ),
            sheet(
                "Petunjuk",
                &[
                    &["PETUNJUK PENGISIAN"],
                    &["1. Isi kolom Target sesuai Perjanjian Kinerja."],
                ],
                &[],
            ),
            sheet(
                "Anggaran",
                &[
                    &["No", "Program", "Anggaran (Rp)", "Realisasi (Rp)", "%"],
                    &["1", "Program Pemberdayaan", "1000", "900", "90%"],
                ],
                &[],
            ),
            sheet(
                "Tabel 3.1",
                &[
                    &[
                        "No",
                        "Kinerja",
                        "Indikator Kinerja",
                        "Target 2023",
                        "Realisasi",
                        "Capaian Kinerja",
                    ],
                    &[
                        "1",
                        "Meningkatnya kualitas",
                        "Indeks Pelayanan Publik",
                        "3.5",
                        "4,19",
                        "119,71%",
                    ],
                ],
                &[],
            ),
            hidden,
        ]));
        assert_eq!(located.tables.len(), 1);
        assert_eq!(located.tables[0].sheet, "Tabel 3.1");
        let skipped: Vec<(&str, &str)> = located
            .skipped
            .iter()
            .map(|s| (s.sheet.as_str(), s.reason.en.as_str()))
            .collect();
        assert_eq!(
            skipped,
            vec![
                ("Sheet1", "empty sheet"),
                ("Sampul", "cover sheet: no realization table header (columns such as Indikator, Target, Realisasi, Capaian)"),
                ("Petunjuk", "instructions sheet: no realization table header (columns such as Indikator, Target, Realisasi, Capaian)"),
                ("Anggaran", "only a table without indicator targets and realisasi (e.g. a budget/Anggaran table)"),
                ("Ref", "hidden sheet"),
            ]
        );
        // The clerk reads the same in Indonesian.
        assert_eq!(
            located.skipped[2].reason.id,
            "sheet petunjuk: tidak ada kepala tabel realisasi (kolom seperti Indikator, Target, Realisasi, Capaian)"
        );
        assert_eq!(
            located.skipped[3].reason.id,
            "hanya ada tabel tanpa target dan realisasi indikator (misalnya tabel anggaran)"
        );
    }

    #[test]
    fn every_sheet_with_a_table_is_returned_in_sheet_order() {
        let table_sheet = |name: &str, ind: &str| {
            sheet(
                name,
                &[
                    &["Sasaran", "Indikator", "Target", "Realisasi"],
                    &["Meningkatnya kualitas", ind, "4", "4"],
                ],
                &[],
            )
        };
        let located = locate(&book(vec![
            table_sheet("B", "Nilai SAKIP"),
            table_sheet("A", "Indeks Pelayanan Publik"),
        ]));
        let got: Vec<(&str, &str)> = located
            .tables
            .iter()
            .map(|t| (t.sheet.as_str(), text(&t.rows[0].indicator)))
            .collect();
        assert_eq!(
            got,
            vec![("B", "Nilai SAKIP"), ("A", "Indeks Pelayanan Publik")]
        );
    }

    #[test]
    fn section_rows_are_headings_not_indicators() {
        let t = one_table(vec![sheet(
            "S",
            &[
                &[
                    "No",
                    "Kinerja Utama",
                    "Indikator",
                    "Target",
                    "Realisasi",
                    "Capaian",
                ],
                &["I", "Kinerja Tujuan"],
                &[
                    "1",
                    "Meningkatnya kualitas",
                    "Indeks Pelayanan Publik",
                    "4",
                    "4",
                    "100",
                ],
                &["", "B. Sasaran"],
                &[
                    "2",
                    "Meningkatnya kepuasan",
                    "Indeks Kepuasan Masyarakat",
                    "85",
                    "83",
                    "97",
                ],
                &["", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH"],
                &["", "", "Jumlah SOP", "10", "10", "100"],
            ],
            &["B4:F4"],
        )]);
        assert_eq!(
            rows(&t),
            vec![
                (
                    3,
                    "Meningkatnya kualitas",
                    "Indeks Pelayanan Publik",
                    "4",
                    "4",
                    "100"
                ),
                (
                    5,
                    "Meningkatnya kepuasan",
                    "Indeks Kepuasan Masyarakat",
                    "85",
                    "83",
                    "97"
                ),
                // A section heading ends the shared statement above it.
                (7, "", "Jumlah SOP", "10", "10", "100"),
            ]
        );
    }

    #[test]
    fn section_headings_are_kept_with_the_row_below_them() {
        let t = one_table(vec![sheet(
            "S",
            &[
                &["No", "Program/Kegiatan", "Indikator", "Target", "Realisasi"],
                &["I", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH"],
                &["1", "", "Persentase layanan", "100", "90"],
                &["", "Kegiatan: Administrasi Keuangan"],
                &["", "Sub Kegiatan: Penyediaan Gaji"],
                &["2", "", "Jumlah dokumen", "12", "12"],
                &["3", "", "Jumlah laporan", "4", "4"],
            ],
            &[],
        )]);
        let sections: Vec<Vec<(String, String)>> = t
            .rows
            .iter()
            .map(|r| {
                r.sections
                    .iter()
                    .map(|c| (c.at.a1(), c.text.clone()))
                    .collect()
            })
            .collect();
        assert_eq!(
            sections,
            vec![
                vec![(
                    "A2".to_string(),
                    "I PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH".to_string()
                )],
                vec![
                    (
                        "B4".to_string(),
                        "Kegiatan: Administrasi Keuangan".to_string()
                    ),
                    (
                        "B5".to_string(),
                        "Sub Kegiatan: Penyediaan Gaji".to_string()
                    ),
                ],
                vec![],
            ]
        );
    }

    #[test]
    fn summary_rows_are_not_indicators() {
        let t = one_table(vec![sheet(
            "S",
            &[
                &["No", "Sasaran", "IK", "Target", "Capaian", "Realisasi"],
                &[
                    "1",
                    "Meningkatnya kualitas",
                    "Indeks Pelayanan Publik",
                    "3,75",
                    "116%",
                    "4,36",
                ],
                &["", "Rata-rata Capaian Kinerja", "", "", "97,03%", ""],
                &["", "", "Jumlah", "", "", "100"],
            ],
            &[],
        )]);
        assert_eq!(
            rows(&t),
            vec![(
                2,
                "Meningkatnya kualitas",
                "Indeks Pelayanan Publik",
                "3,75",
                "4,36",
                "116%"
            )]
        );
    }

    #[test]
    fn an_indicator_with_blank_numbers_is_still_a_row() {
        let t = one_table(vec![sheet(
            "S",
            &[
                &["Sasaran", "Indikator", "Target", "Realisasi", "Capaian"],
                &[
                    "Tersedianya maklumat",
                    "Jumlah maklumat pelayanan",
                    "1",
                    "-",
                    "",
                ],
                &[
                    "Tersedianya SOP",
                    "Persentase layanan yang memiliki SOP",
                    "",
                    "",
                    "",
                ],
                &[
                    "Tersedianya instrumen",
                    "Jumlah instrumen survei",
                    "1",
                    "1",
                    "100%",
                ],
            ],
            &[],
        )]);
        assert_eq!(
            rows(&t),
            vec![
                (
                    2,
                    "Tersedianya maklumat",
                    "Jumlah maklumat pelayanan",
                    "1",
                    "-",
                    ""
                ),
                (
                    3,
                    "Tersedianya SOP",
                    "Persentase layanan yang memiliki SOP",
                    "",
                    "",
                    ""
                ),
                (
                    4,
                    "Tersedianya instrumen",
                    "Jumlah instrumen survei",
                    "1",
                    "1",
                    "100%"
                ),
            ]
        );
        assert_eq!(at(&t.rows[1].realisasi), "D3");
    }

    #[test]
    fn blank_rows_inside_the_table_are_spacers_but_a_long_gap_ends_it() {
        let t = one_table(vec![sheet(
            "S",
            &[
                &["Sasaran", "Indikator", "Target", "Realisasi"],
                &["A", "Nilai SAKIP", "B", "BB"],
                &[],
                &["B", "Indeks Kepuasan Masyarakat", "85", "83"],
                &[],
                &[],
                &[],
                &["C", "Jumlah pengguna layanan", "150", "159"],
            ],
            &[],
        )]);
        let got: Vec<u32> = t.rows.iter().map(|r| r.row).collect();
        assert_eq!(got, vec![1, 3]);
    }

    #[test]
    fn a_large_sheet_and_a_flood_of_merges_are_read_whole() {
        // 60 000 indicator rows and 100 000 overlapping merges over the header and the
        // statement column: every row is found. The time is printed, never asserted
        // (tests never depend on timing; `cargo bench --bench locate` measures it).
        let mut rows: Vec<Vec<Cell>> = vec![[
            "No",
            "Sasaran",
            "Indikator",
            "Target",
            "Realisasi",
            "Capaian",
        ]
        .iter()
        .map(|s| cell(s))
        .collect()];
        for i in 0..60_000 {
            rows.push(vec![
                cell(&format!("{}", i + 1)),
                cell(if i % 3 == 0 {
                    "Meningkatnya kualitas"
                } else {
                    ""
                }),
                cell(&format!("Jumlah dokumen {i}")),
                cell("10"),
                cell("9"),
                cell("90%"),
            ]);
        }
        let merges = (0..100_000u32)
            .map(|i| Merge {
                first_row: 1 + i % 7,
                first_col: 1 + i % 2,
                last_row: 60_000,
                last_col: 5 + i % 3,
            })
            .collect();
        let big = Sheet {
            name: "Big".into(),
            hidden: false,
            rows,
            merges,
        };
        let started = std::time::Instant::now();
        let located = locate(&book(vec![big]));
        eprintln!(
            "60 000 rows, 100 000 merges located in {:?}",
            started.elapsed()
        );
        assert_eq!(located.tables.len(), 1);
        assert_eq!(located.tables[0].rows.len(), 60_000);
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        const WORDS: &[&str] = &[
            "",
            "",
            "",
            "No",
            "Sasaran",
            "IK",
            "Indikator Kinerja",
            "Target",
            "Realisasi",
            "Real.",
            "Capaian (%)",
            "%",
            "Ket.",
            "Kinerja",
            "Tahun 2023",
            "TW I",
            "Total",
            "Anggaran",
            "(1)",
            "(2)",
            "1",
            "2",
            "3",
            "4,00",
            "-",
            "N/A",
            "Jumlah",
            "Rata-rata",
            "A. Tujuan",
            "Kinerja Sasaran",
            "PROGRAM X",
            "I",
            "Jumlah SOP",
            "Persentase",
            "Camat",
            "NIP. 1",
            "Sungguminasa, 1 Januari 2024",
            "pelayanan publik",
            "\u{a0}",
        ];

        fn any_cell() -> impl Strategy<Value = Cell> {
            prop_oneof![
                (0..WORDS.len()).prop_map(|i| cell(WORDS[i])),
                any::<f64>().prop_map(|n| Cell {
                    data: Data::Number(n),
                    format: None
                }),
                Just(Cell {
                    data: Data::Error("#REF!".into()),
                    format: None
                }),
            ]
        }

        fn any_sheet() -> impl Strategy<Value = Sheet> {
            (
                prop::collection::vec(prop::collection::vec(any_cell(), 0..9), 0..14),
                prop::collection::vec((0u32..16, 0u32..10, 0u32..16, 0u32..10), 0..6),
                any::<bool>(),
            )
                .prop_map(|(rows, merges, hidden)| Sheet {
                    name: "P".into(),
                    hidden,
                    rows,
                    // Merges may be inverted, overlapping or outside the grid.
                    merges: merges
                        .into_iter()
                        .map(|(a, b, c, d)| Merge {
                            first_row: a,
                            first_col: b,
                            last_row: c,
                            last_col: d,
                        })
                        .collect(),
                })
        }

        proptest! {
            #[test]
            fn never_panics_and_rows_point_inside_the_sheet(mut sheets in prop::collection::vec(any_sheet(), 0..3)) {
                // Tables name their sheet: keep names unique so each maps back to one.
                for (i, s) in sheets.iter_mut().enumerate() {
                    s.name = format!("{}{i}", s.name);
                }
                let wb = book(sheets.clone());
                let located = locate(&wb);
                prop_assert_eq!(located.tables.len() + located.skipped.len() >= wb.sheets.len(), true);
                for t in &located.tables {
                    let sheet = wb.sheets.iter().find(|s| s.name == t.sheet).unwrap();
                    let mut roles: Vec<Role> = t.columns.iter().map(|c| c.role).collect();
                    let n = roles.len();
                    roles.dedup();
                    prop_assert_eq!(roles.len(), n);
                    for row in &t.rows {
                        prop_assert!(row.row < sheet.height());
                        prop_assert!(!t.header_rows.contains(&row.row));
                    }
                }
            }
        }
    }
}
