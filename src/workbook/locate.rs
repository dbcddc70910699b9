//! Find the realization table in a workbook: the title rows above it, 1–4 header rows
//! (merged group headers, a numbered-column row) and the role of each column, then the
//! indicator rows with merged or blank statements filled down, wrapped text joined from
//! continuation rows (after or before the row of numbers), section, summary and blank rows
//! skipped, stopping at the signature block, a second table or a long blank gap.
//!
//! It only reads the grid it is given: it never interprets numbers (that is `normalize`),
//! never panics on any grid, and stays linear in the number of cells (regexes compiled
//! once, merges indexed once).

mod columns;
mod header;
mod join;
mod lines;
#[cfg(test)]
mod families;
#[cfg(test)]
pub(crate) mod testkit;
mod vocab;

use super::{Cell, Merge, Sheet, Workbook};
use crate::model::CellRef;
use columns::{ColStats, QuarterCols};
use header::HeaderCell;
pub use header::{Period, Scope};
pub use join::Wording;
pub(crate) use lines::is_sub_item;
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
    pub reason: String,
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
            located.skipped.push(skip(sheet, "hidden sheet"));
            continue;
        }
        if sheet.rows.iter().all(|row| row.iter().all(Cell::is_empty)) {
            located.skipped.push(skip(sheet, "empty sheet"));
            continue;
        }
        let hidden = workbook.hidden_rows.get(&sheet.name);
        let (tables, why_not) = locate_sheet(sheet, hidden, report_year, wording);
        if tables.is_empty() {
            located.skipped.push(skip(sheet, &why_not));
        } else {
            located.tables.extend(tables);
        }
    }
    located
}

fn skip(sheet: &Sheet, reason: &str) -> SkippedSheet {
    SkippedSheet {
        sheet: sheet.name.clone(),
        reason: reason.to_string(),
    }
}

/// Why a sheet with content gave no table, in the clerk's terms.
fn no_table_reason(sheet: &Sheet, saw: Saw) -> String {
    let name = sheet.name.to_lowercase();
    let kind = if name.contains("sampul") || name.contains("cover") {
        Some("cover sheet")
    } else if name.contains("petunjuk") || name.contains("instruksi") || name.contains("panduan") {
        Some("instructions sheet")
    } else {
        None
    };
    let what = match saw {
        Saw::Nothing => {
            "no realization table header (columns such as Indikator, Target, Realisasi, Capaian)"
        }
        Saw::NotRealization => {
            "only a table without indicator targets and realisasi (e.g. a budget/Anggaran table)"
        }
        Saw::NoRows => "a realization table header but no indicator rows under it",
        Saw::Planning => {
            "only a planning table (indicators with targets written as text, budget) and no realisasi column"
        }
    };
    match kind {
        Some(k) => format!("{k}: {what}"),
        None => what.to_string(),
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
) -> (Vec<Table>, String) {
    let mut grid = Grid::new(sheet);
    grid.hidden = hidden;
    let mut tables = Vec::new();
    let mut saw = Saw::Nothing;
    let mut from = 0u32;
    // Where the title of the next table may start: after the rows of the table above
    // (a caption that ended that table is the next one's title).
    let mut title_from = 0u32;
    while let Some(top) = grid.find_header_row(from) {
        let header_rows = grid.header_block(top, from);
        let first_header = header_rows.first().copied().unwrap_or(top);
        let after_header = header_rows.last().map_or(top, |r| r.saturating_add(1));
        // Under a table above, the title is the caption after the blank rows that end it
        // (never a total line of the table above).
        let title_start = if title_from == 0 {
            0
        } else {
            (title_from..first_header)
                .rev()
                .find(|&r| grid.is_blank_row(r))
                .map_or(title_from, |r| r.saturating_add(1))
        };
        let (candidates, no_role) = grid.header_columns(&header_rows, after_header);
        // Side-by-side tables under one header are read one block at a time.
        let starts = columns::block_starts(&candidates);
        let mut next = after_header;
        let mut next_title = after_header;
        for (i, &lo) in starts.iter().enumerate() {
            let span = Span {
                lo,
                hi: starts.get(i + 1).copied().unwrap_or(u32::MAX),
            };
            let title = grid.title(title_start.min(first_header), first_header, span);
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
                });
            }
        }
        from = next;
        title_from = next_title.min(next);
    }
    let why = if tables.is_empty() {
        no_table_reason(sheet, saw)
    } else {
        String::new()
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

/// The columns one table takes on its sheet, `lo..hi`: the whole width unless tables
/// stand side by side under one header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    lo: u32,
    hi: u32,
}

impl Span {
    const ALL: Span = Span {
        lo: 0,
        hi: u32::MAX,
    };

    fn contains(self, c: u32) -> bool {
        self.lo <= c && c < self.hi
    }
}

/// The sheet with its merges indexed once.
struct Grid<'a> {
    sheet: &'a Sheet,
    height: u32,
    /// Merges by their top-left cell.
    merge_at: HashMap<(u32, u32), Merge>,
    /// Well-formed merges sorted by first row (to find those starting in the header).
    by_row: Vec<Merge>,
    /// Vertical merges by column, each list sorted by first row (statement fill-down).
    vertical: HashMap<u32, Vec<Merge>>,
    /// Rows the sheet hides: never data, never a wrapped line of a row that is shown.
    hidden: Option<&'a std::collections::BTreeSet<u32>>,
}

impl<'a> Grid<'a> {
    fn new(sheet: &'a Sheet) -> Self {
        let height = sheet.height();
        let width = sheet.width();
        let mut merge_at = HashMap::with_capacity(sheet.merges.len());
        let mut by_row = Vec::with_capacity(sheet.merges.len());
        let mut vertical: HashMap<u32, Vec<Merge>> = HashMap::new();
        let mut budget = MAX_MERGE_SPREAD;
        for m in &sheet.merges {
            // Inverted merges and merges that start outside the grid say nothing.
            if m.first_row > m.last_row
                || m.first_col > m.last_col
                || m.first_row >= height
                || m.first_col >= width
            {
                continue;
            }
            merge_at.entry((m.first_row, m.first_col)).or_insert(*m);
            by_row.push(*m);
            if m.last_row > m.first_row {
                for c in m.first_col..=m.last_col.min(width.saturating_sub(1)) {
                    if budget == 0 {
                        break;
                    }
                    budget -= 1;
                    vertical.entry(c).or_default().push(*m);
                }
            }
        }
        by_row.sort_by_key(|m| (m.first_row, m.first_col));
        for list in vertical.values_mut() {
            list.sort_by_key(|m| (m.first_row, m.first_col));
        }
        Grid {
            sheet,
            height,
            merge_at,
            by_row,
            vertical,
            hidden: None,
        }
    }

    fn row(&self, r: u32) -> &'a [Cell] {
        self.sheet.rows.get(r as usize).map_or(&[], Vec::as_slice)
    }

    fn cell(&self, r: u32, c: u32) -> Option<&'a Cell> {
        self.sheet.cell(r, c)
    }

    fn filled(&self, r: u32, c: u32) -> bool {
        self.cell(r, c).is_some_and(|cell| !cell.is_empty())
    }

    /// The cell's text, whitespace collapsed ("" when empty).
    fn text(&self, r: u32, c: u32) -> String {
        self.cell(r, c)
            .map_or_else(String::new, |cell| lines::collapse(&cell.text()))
    }

    /// Text of an optional column.
    fn text_at(&self, r: u32, c: Option<u32>) -> String {
        c.map_or_else(String::new, |c| self.text(r, c))
    }

    fn is_blank_row(&self, r: u32) -> bool {
        self.row(r).iter().all(Cell::is_empty)
    }

    /// The header vocabulary of a row's text cells; `None` when the row holds data (a
    /// number that is not a year).
    fn header_cells(&self, r: u32) -> Option<Vec<(u32, HeaderCell)>> {
        // A number that is not a year makes a data row: decided before any text is read.
        let data = self
            .row(r)
            .iter()
            .any(|cell| matches!(cell.data, super::Data::Number(n) if !is_year_number(n)));
        if data {
            return None;
        }
        let mut out = Vec::new();
        for (c, cell) in self.row(r).iter().enumerate() {
            match &cell.data {
                super::Data::Text(t) => {
                    if t.trim().is_empty() || t.len() > MAX_HEADER_CHARS * 4 {
                        continue;
                    }
                    if let Some(h) = header::classify(t) {
                        out.push((c as u32, h));
                    }
                }
                // A year written as a number is a header word; any other number is data.
                super::Data::Number(n) if is_year_number(*n) => {
                    if let Some(h) = header::classify(&format!("{n}")) {
                        out.push((c as u32, h));
                    }
                }
                super::Data::Number(_) => return None,
                _ => {}
            }
        }
        Some(out)
    }

    /// A row that names at least three different column roles, each at the start of its
    /// cell ("Indikator …", "Tingkat Capaian …"). Cells without a role (PIC, Kode, a
    /// mirrored block) do not count against it.
    fn is_header_row(&self, r: u32) -> bool {
        let Some(mut roles) = self.header_roles(r) else {
            return false;
        };
        if roles.len() >= MIN_HEADER_ROLES {
            return true;
        }
        // Roles split over two rows ("No | Indikator | Tahun 2023" over "Target |
        // Realisasi"): the two rows together name them.
        let role_cells = self.row(r).iter().filter(|c| !c.is_empty()).count();
        if roles.is_empty() || role_cells < 2 || !self.is_header_continuation(r.saturating_add(1)) {
            return false;
        }
        roles.extend(self.header_roles(r.saturating_add(1)).unwrap_or_default());
        roles.sort();
        roles.dedup();
        roles.len() >= MIN_HEADER_ROLES
    }

    /// The distinct roles a row names at the start of its cells; `None` for a data row.
    fn header_roles(&self, r: u32) -> Option<Vec<Role>> {
        let cells = self.header_cells(r)?;
        let mut roles: Vec<Role> = cells
            .iter()
            .filter(|(_, h)| h.term_pos <= MAX_TERM_POS)
            .filter_map(|(_, h)| h.role)
            .collect();
        roles.sort();
        roles.dedup();
        Some(roles)
    }

    fn find_header_row(&self, from: u32) -> Option<u32> {
        (from..self.height).find(|&r| self.is_header_row(r))
    }

    /// A row above or under the header row made only of header vocabulary: group
    /// headers, sub-headers ("Real.", "Target"), quarters ("TW I", "I  II  III  IV"),
    /// months, markers ("K", "Rp. (000)", "%"), years typed as numbers. A section heading
    /// ("A. Tujuan", "PROGRAM PENUNJANG …") that follows the header directly is data.
    fn is_header_continuation(&self, r: u32) -> bool {
        let Some(cells) = self.header_cells(r) else {
            return false;
        };
        let texts: Vec<String> = self
            .row(r)
            .iter()
            .filter(|c| !c.is_empty())
            .map(|c| c.text())
            .collect();
        if cells.is_empty() || cells.len() != texts.len() {
            return false;
        }
        let heading = texts
            .iter()
            .any(|t| lines::is_section_heading(t) || lines::is_section_number(t) && t.len() > 4);
        // Every cell mostly vocabulary: "Realisasi Kinerja Pada Triwulan" is, "PROGRAM
        // PENUNJANG URUSAN PEMERINTAHAN DAERAH" is not.
        let mostly_vocabulary = cells.iter().all(|(_, h)| h.unknown <= h.known.max(1));
        let numerals = cells.iter().filter(|(_, h)| h.numeral.is_some()).count();
        (cells.len() >= 2 || numerals == 0) && mostly_vocabulary && !heading
    }

    /// "(1) (2) (3)", "1 2 3 4", "(a) (b) ©", "12 = 8+9+10+11": at least three cells,
    /// all column numbers, increasing; tables side by side number their columns each
    /// from 1 again ("(1) … (6)  (1) … (6)"), each run at least two cells long.
    fn is_colnum_row(&self, r: u32) -> bool {
        let mut last: Option<f64> = None;
        let mut count = 0;
        let mut run = 0;
        for cell in self.row(r) {
            let n = match &cell.data {
                super::Data::Empty => continue,
                super::Data::Number(n) if n.fract() == 0.0 && (0.0..100.0).contains(n) => *n,
                super::Data::Text(t) if t.trim().is_empty() => continue,
                super::Data::Text(t) => match lines::colnum_text(t) {
                    Some(n) => f64::from(n),
                    None => return false,
                },
                _ => return false,
            };
            if last.is_some_and(|l| n <= l) {
                if n != 1.0 || run < 2 {
                    return false;
                }
                run = 0;
            }
            last = Some(n);
            count += 1;
            run += 1;
        }
        count >= 3 && run >= 2
    }

    /// The numbered-column row of the header (its last row, when it is one): which
    /// sheet columns each number stands over, and the equations it states.
    fn numbering(&self, header_rows: &[u32], span: Span) -> Option<Numbering> {
        let &r = header_rows.last()?;
        if header_rows.len() < 2 || !self.is_colnum_row(r) {
            return None;
        }
        let sheet = self.sheet.name.as_str();
        let mut columns = Vec::new();
        let mut equations = Vec::new();
        for (c, cell) in self.row(r).iter().enumerate() {
            let c = c as u32;
            if !span.contains(c) {
                continue;
            }
            let n = match &cell.data {
                super::Data::Number(n) if n.fract() == 0.0 && *n >= 0.0 => *n as u32,
                super::Data::Text(t) => {
                    let Some(n) = lines::colnum_text(t) else {
                        continue;
                    };
                    if t.contains('=') {
                        equations.push((CellRef::new(sheet, r, c), lines::collapse(t)));
                    }
                    n
                }
                _ => continue,
            };
            let last = self.merge_at.get(&(r, c)).map_or(c, |m| m.last_col.max(c));
            columns.push((n, (c..=last).collect()));
        }
        Some(Numbering {
            row: r,
            columns,
            equations,
        })
    }

    /// The header rows around the header row `top`: group rows above, sub-header rows
    /// below, and a numbered-column row that ends the header.
    fn header_block(&self, top: u32, from: u32) -> Vec<u32> {
        let mut rows = vec![top];
        // A group row above that names fewer than three roles ("Indikator | Tahun 2023"
        // over "Target | Realisasi | Capaian") belongs to the header too.
        let mut up = top;
        while up > from && rows.len() < MAX_HEADER_ROWS - 1 {
            up -= 1;
            // A title line ("CAPAIAN KINERJA KECAMATAN PARIGI") is one cell; a group row
            // spans several columns with several cells.
            let cells = self.row(up).iter().filter(|c| !c.is_empty()).count();
            if cells < 2 || !self.is_header_continuation(up) {
                break;
            }
            rows.insert(0, up);
        }
        let mut r = top.saturating_add(1);
        while r < self.height && rows.len() < MAX_HEADER_ROWS {
            if self.is_colnum_row(r) {
                rows.push(r);
                break;
            }
            if !self.is_header_continuation(r) {
                break;
            }
            rows.push(r);
            r = r.saturating_add(1);
        }
        rows
    }

    /// Map from each header position covered by a merge to the merge's top-left cell, so
    /// "Tahun 2023" merged over three columns is seen above each of them.
    fn header_spread(&self, rows: &[u32]) -> HashMap<(u32, u32), (u32, u32)> {
        let (Some(&first), Some(&last)) = (rows.first(), rows.last()) else {
            return HashMap::new();
        };
        let width = rows
            .iter()
            .map(|&r| self.row(r).len() as u32)
            .max()
            .unwrap_or(0);
        let mut spread = HashMap::new();
        let mut budget = MAX_HEADER_SPREAD;
        let lo = self.by_row.partition_point(|m| m.first_row < first);
        let hi = self.by_row.partition_point(|m| m.first_row <= last);
        for m in self.by_row.get(lo..hi).unwrap_or(&[]) {
            let last_row = m.last_row.min(last);
            let last_col = m.last_col.min(width.saturating_sub(1));
            for r in m.first_row..=last_row {
                for c in m.first_col..=last_col {
                    if budget == 0 {
                        return spread;
                    }
                    budget -= 1;
                    spread.entry((r, c)).or_insert((m.first_row, m.first_col));
                }
            }
        }
        spread
    }

    /// What the cells under column `c` hold, from `start` on (a bounded sample).
    fn col_stats(&self, c: u32, start: u32) -> ColStats {
        let mut s = ColStats::default();
        let end = start.saturating_add(STATS_ROWS).min(self.height);
        for r in start..end {
            let Some(cell) = self.cell(r, c) else {
                continue;
            };
            match &cell.data {
                super::Data::Number(_) => {
                    s.numbers += 1;
                    s.filled += 1;
                }
                super::Data::Text(t) => {
                    let t = t.trim();
                    if t.is_empty() {
                        continue;
                    }
                    s.filled += 1;
                    let words = t.split_whitespace().count();
                    if t.chars().any(|ch| ch.is_ascii_digit()) {
                        if words <= 3 {
                            s.numbers += 1;
                        }
                    } else if words >= 3 {
                        s.long_texts += 1;
                    } else if t.chars().count() <= 20 && t.chars().any(char::is_alphabetic) {
                        s.short_words += 1;
                    }
                }
                super::Data::Empty => {}
                _ => s.filled += 1,
            }
        }
        s
    }

    /// Every column under the header with its header path read whole: a candidate for
    /// a role, or a column without one (see `columns.rs`), in column order.
    fn header_columns(
        &self,
        rows: &[u32],
        body: u32,
    ) -> (Vec<columns::Candidate>, Vec<columns::NoRole>) {
        let spread = self.header_spread(rows);
        let width = rows
            .iter()
            .map(|&r| self.row(r).len() as u32)
            .max()
            .unwrap_or(0);
        let mut candidates = Vec::new();
        let mut no_role = Vec::new();
        for c in 0..width {
            let mut path: Vec<((u32, u32), String, Option<HeaderCell>)> = Vec::new();
            for &r in rows {
                let origin = spread.get(&(r, c)).copied().unwrap_or((r, c));
                let Some(cell) = self.cell(origin.0, origin.1) else {
                    continue;
                };
                let t = match &cell.data {
                    super::Data::Text(t) => lines::collapse(t),
                    super::Data::Number(n) if is_year_number(*n) => format!("{n}"),
                    _ => continue,
                };
                if t.is_empty() || path.iter().any(|(o, _, _)| *o == origin) {
                    continue;
                }
                // The numbered-column row says nothing of the role.
                if lines::colnum_text(&t).is_some() && self.is_colnum_row(r) {
                    continue;
                }
                let h = header::classify(&t);
                path.push((origin, t, h));
            }
            if path.is_empty() {
                continue;
            }
            match columns::fold(c, &path, self.col_stats(c, body)) {
                Ok(cand) => candidates.push(cand),
                Err(n) => no_role.push(n),
            }
        }
        (candidates, no_role)
    }

    /// A table without a Satuan header often still has the units in a column of its own
    /// (the Permendagri 86 form keeps them under the plan's "K"): a column between the
    /// indicator and the first value column whose cells are short words ("persen",
    /// "jenis", "lembar") is the unit column.
    fn unit_by_content(&self, choice: &mut columns::Choice, body: u32) {
        if choice.columns.iter().any(|c| c.role == Role::Unit) {
            return;
        }
        let col_of = |role: Role| {
            choice
                .columns
                .iter()
                .find(|c| c.role == role)
                .map(|c| c.col)
        };
        let Some(indicator) = col_of(Role::Indicator) else {
            return;
        };
        let first_value = [Role::Target, Role::Realisasi, Role::Capaian]
            .into_iter()
            .filter_map(col_of)
            .min()
            .unwrap_or(u32::MAX);
        let taken: Vec<u32> = choice.columns.iter().map(|c| c.col).collect();
        let unit = (indicator.saturating_add(1)..first_value.min(self.sheet.width()))
            .filter(|c| !taken.contains(c))
            .find(|&c| {
                let s = self.col_stats(c, body);
                s.short_words >= 2 && s.short_words * 10 >= s.filled * 8
            });
        if let Some(col) = unit {
            let header = choice
                .alternatives
                .iter()
                .find(|a| a.col == col)
                .map(|a| a.header.clone())
                .unwrap_or_default();
            choice.alternatives.retain(|a| a.col != col);
            choice.columns.push(Column {
                role: Role::Unit,
                col,
                header,
                term: "(cells hold unit words)".into(),
                period: None,
                scope: Scope::Current,
                year: None,
            });
            choice.columns.sort_by_key(|c| c.col);
        }
    }
    /// Text of the non-blank rows between `from` and the header: the cells over the
    /// table's columns, or the whole rows when none of them stands over its columns (one
    /// title over tables side by side).
    fn title(&self, from: u32, top: u32, span: Span) -> Vec<String> {
        let lines = |span: Span| -> Vec<String> {
            (from..top)
                .filter_map(|r| {
                    let parts: Vec<String> = self
                        .row(r)
                        .iter()
                        .enumerate()
                        .filter(|(c, _)| span.contains(*c as u32))
                        .map(|(_, c)| lines::collapse(&c.text()))
                        .filter(|t| !t.is_empty())
                        .collect();
                    (!parts.is_empty()).then(|| parts.join(" "))
                })
                .collect()
        };
        let own = lines(span);
        if own.is_empty() && span != Span::ALL {
            lines(Span::ALL)
        } else {
            own
        }
    }

    /// The vertical merge that covers (r, c) from a row above, if any.
    fn covering_merge(&self, r: u32, c: u32) -> Option<Merge> {
        let merges = self.vertical.get(&c)?;
        // Sorted by first_row: the last one starting at or above r is the only candidate
        // in a well-formed sheet.
        let idx = merges.partition_point(|m| m.first_row <= r);
        let m = *merges.get(idx.checked_sub(1)?)?;
        (m.first_row < r && m.last_row >= r).then_some(m)
    }
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
        v.sort_unstable();
        v.dedup();
        v
    }
}

/// An indicator record being assembled: the sheet rows of its lines (first line first)
/// and the row that holds its numbers.
struct Rec {
    lines: Vec<u32>,
    values: Option<u32>,
    /// Statement inheritance stops at a section heading.
    after_section: bool,
    /// The row of the parent label a sub-item ("a. Pertanian") belongs to.
    parent: Option<u32>,
    /// Section heading rows seen since the record before this one.
    headings: Vec<u32>,
}

impl Rec {
    fn last_line(&self) -> u32 {
        self.lines.last().copied().unwrap_or(0)
    }
}

struct Body {
    rows: Vec<TableRow>,
    hidden_rows: Vec<TableRow>,
    /// First row after the table (where a next table may start).
    end: u32,
    /// The last sheet row that belongs to one of its rows (a caption between it and
    /// `end` is the next table's title).
    last: Option<u32>,
}

/// State of the body scan.
struct Scan<'g, 'a> {
    grid: &'g Grid<'a>,
    cols: &'g Cols,
    /// The schema's say on wordings, when the caller has a schema.
    wording: Option<&'g dyn Wording>,
    recs: Vec<Rec>,
    /// Text-only rows not yet given to a record (contiguous, ending at the row above).
    pending: Vec<u32>,
    /// Whether the last record may still take continuation lines.
    attach: bool,
    /// A section heading was seen since the last record.
    section: bool,
    /// The label row ("Jumlah rumusan kebijakan bidang :") whose sub-items ("a. …",
    /// "b. …") are being read.
    parent: Option<u32>,
    /// Section heading rows not yet given to a record.
    headings: Vec<u32>,
}

impl Scan<'_, '_> {
    fn indicator_text(&self, r: u32) -> String {
        self.grid.text_at(r, self.cols.indicator)
    }

    fn no_text(&self, r: u32) -> String {
        self.grid.text_at(r, self.cols.no)
    }

    fn push(&mut self, lines: Vec<u32>, values: Option<u32>) {
        let sub_item = lines
            .last()
            .is_some_and(|&r| lines::is_sub_item(&self.indicator_text(r)));
        if !sub_item {
            self.parent = None;
        }
        self.recs.push(Rec {
            lines,
            values,
            after_section: std::mem::take(&mut self.section),
            parent: self.parent,
            headings: std::mem::take(&mut self.headings),
        });
        self.attach = true;
    }

    /// Before the value row `r` is read: a text-only row right above it that is the
    /// label of sub-items ("Jumlah dokumen sub sektor :" over "a. Pertanian") becomes
    /// their parent, never a row of its own.
    fn take_parent(&mut self, r: u32) {
        if !lines::is_sub_item(&self.indicator_text(r)) {
            return;
        }
        let Some(&p) = self.pending.last() else {
            return;
        };
        if p.saturating_add(1) == r && !self.indicator_text(p).is_empty() {
            self.pending.pop();
            self.parent = Some(p);
        }
    }

    /// Before the value row `r` is read: a text-only fragment right above it that
    /// starts its indicator ("Jumlah" over "pengaduan yang ditindaklanjuti …") is its
    /// first line.
    fn take_lead_fragment(&mut self, r: u32) -> Option<u32> {
        if !self.lead_fragment_fits(r) {
            return None;
        }
        self.pending.pop()
    }

    /// Before the value row `r` is read, with a schema: the text-only lines right above
    /// it (up to `join::MAX_LINES`, each with indicator text) are placed the way that
    /// names the schema's indicators best (see `join.rs`), when that is plainly better
    /// than how the lines read. Lines joining the record above are joined to it, lines
    /// standing alone become records; returns the lines that start row `r`'s record
    /// (maybe none). `None`: the lines' reading decides, as without a schema.
    fn place_by_wording(&mut self, r: u32) -> Option<Vec<u32>> {
        let wording = self.wording?;
        let (&first, &last) = (self.pending.first()?, self.pending.last()?);
        let k = self.pending.len();
        let contiguous = last.saturating_add(1) == r
            && u32::try_from(k - 1).is_ok_and(|n| first.saturating_add(n) == last);
        if k > join::MAX_LINES || !contiguous || lines::is_sub_item(&self.indicator_text(r)) {
            return None;
        }
        let mut texts = Vec::with_capacity(k);
        for &p in &self.pending {
            let text = self.indicator_text(p);
            if text.is_empty() {
                return None;
            }
            texts.push(join::Line {
                indicator_like: lines::looks_like_indicator(&text),
                numbered: !self.no_text(p).is_empty(),
                text,
            });
        }
        let above = self
            .recs
            .last()
            .filter(|rec| self.attach && rec.last_line().saturating_add(1) == first)
            .map(|rec| {
                rec.lines
                    .iter()
                    .map(|&l| self.indicator_text(l))
                    .filter(|t| !t.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            });
        let below = self.indicator_text(r);
        let between = join::Between {
            above: above.as_deref(),
            lines: &texts,
            below: &below,
        };
        let reading = between.reading(self.lead_fragment_fits(r));
        // Lines that read as one phrase with the row above (each goes on in lower case
        // or on a connector) are its tail: the schema is not asked (it would be asked
        // for every wrapped line, the commonest kind, and costs a match per way).
        let plain_tail = reading.up == k && texts.iter().all(|l| lines::is_tail_fragment(&l.text));
        if plain_tail {
            return None;
        }
        let way = between.decide(&reading, wording)?;
        let pending = std::mem::take(&mut self.pending);
        if let Some(rec) = self.recs.last_mut() {
            rec.lines.extend(pending.iter().take(way.up));
        }
        for g in way.alone {
            self.push(pending.get(g).unwrap_or(&[]).to_vec(), None);
        }
        Some(pending.get(way.down..).unwrap_or(&[]).to_vec())
    }

    /// With a schema: whether the text-only row `r` (a "Jumlah" that would otherwise be
    /// a total line) starts the indicator of the row below, its wording naming one of
    /// the schema's indicators plainly better joined than apart.
    fn starts_the_row_below(&self, r: u32) -> bool {
        let Some(wording) = self.wording else {
            return false;
        };
        let (text, below) = (
            self.indicator_text(r),
            self.indicator_text(r.saturating_add(1)),
        );
        if text.is_empty() || below.is_empty() {
            return false;
        }
        let joined = wording.score(&format!("{text} {below}"));
        joined > 0.0 && joined > wording.score(&below) + join::MARGIN
    }

    /// Whether the last pending row reads as the first line of the value row `r`.
    fn lead_fragment_fits(&self, r: u32) -> bool {
        let Some(&p) = self.pending.last() else {
            return false;
        };
        let text = self.indicator_text(p);
        // A line that reads as the tail of the record right above it ("yang
        // ditindaklanjuti") stays with that record.
        let after_record = self.attach
            && self.pending.len() == 1
            && self
                .recs
                .last()
                .is_some_and(|rec| rec.last_line().saturating_add(1) == p);
        let record_open = self
            .recs
            .last()
            .is_some_and(|rec| lines::ends_open(&self.indicator_text(rec.last_line())));
        if after_record && (lines::is_tail_fragment(&text) || record_open) {
            return false;
        }
        // A numbered row starts its own text; an unnumbered line above it is not its lead,
        // unless the row's text plainly goes on from it (starts in lower case).
        let below = self.indicator_text(r);
        let numbering_fits = !self.no_text(p).is_empty()
            || self.no_text(r).is_empty()
            || below.chars().next().is_some_and(char::is_lowercase);
        p.saturating_add(1) == r && numbering_fits && lines::is_lead_fragment(&text, &below)
    }

    /// Give pending text-only rows away: an indicator wording starts its own record (its
    /// numbers are blank), other text continues the record directly above; a numbered
    /// line is never a wrapped tail, and text that belongs to nothing (a caption between
    /// tables) is dropped.
    fn flush(&mut self) {
        for p in std::mem::take(&mut self.pending) {
            let ind = self.indicator_text(p);
            if lines::looks_like_indicator(&ind) {
                self.push(vec![p], None);
                continue;
            }
            if !self.no_text(p).is_empty() {
                self.attach = false;
                continue;
            }
            let adjacent = self.attach
                && self
                    .recs
                    .last()
                    .is_some_and(|rec| rec.last_line().saturating_add(1) == p);
            match self.recs.last_mut() {
                Some(rec) if adjacent => rec.lines.push(p),
                _ => self.attach = false,
            }
        }
    }

    /// Whether row `r` could be the wrapped tail of the record above.
    fn continues_above(&self, r: u32) -> bool {
        let last = self
            .pending
            .last()
            .copied()
            .or_else(|| self.recs.last().map(Rec::last_line));
        self.attach && !self.recs.is_empty() && last.is_some_and(|l| l.saturating_add(1) == r)
    }

    /// The row's label: the first text in the numbering, statement or indicator column.
    fn label(&self, r: u32) -> String {
        self.cols
            .label_cols()
            .into_iter()
            .map(|c| self.grid.text(r, c))
            .find(|t| !t.is_empty())
            .unwrap_or_default()
    }

    fn is_section(&self, r: u32) -> bool {
        let label = self.label(r);
        if label.is_empty() {
            return false;
        }
        if let Some(no) = self.cols.no {
            let n = self.grid.text(r, no);
            if !n.is_empty() && lines::is_section_number(&n) {
                return true;
            }
        }
        if lines::is_section_heading(&label) {
            return true;
        }
        // A heading merged across the value columns.
        let span = self.cols.span;
        let first_text_col = self
            .grid
            .row(r)
            .iter()
            .enumerate()
            .skip(span.lo as usize)
            .find(|(c, cell)| span.contains(*c as u32) && !cell.is_empty())
            .map(|(c, _)| c as u32);
        if let Some(c) = first_text_col {
            if let Some(m) = self.grid.merge_at.get(&(r, c)) {
                let reaches_values = self
                    .cols
                    .values()
                    .into_iter()
                    .any(|v| m.first_col <= v && v <= m.last_col);
                if m.last_col > m.first_col && reaches_values {
                    return true;
                }
            }
        }
        lines::starts_with_level_word(&label)
            && (lines::is_upper(&label) || !self.continues_above(r))
    }

    fn is_footer(&self, r: u32) -> bool {
        let footer = self
            .grid
            .row(r)
            .iter()
            .any(|cell| matches!(&cell.data, super::Data::Text(t) if lines::is_footer_text(t)));
        footer && !lines::looks_like_indicator(&self.indicator_text(r))
    }
}

/// Read the indicator rows under the header, from `start` until the table ends.
fn read_body(grid: &Grid, cols: &Cols, start: u32, wording: Option<&dyn Wording>) -> Body {
    let mut scan = Scan {
        grid,
        cols,
        wording,
        recs: Vec::new(),
        pending: Vec::new(),
        attach: false,
        section: false,
        parent: None,
        headings: Vec::new(),
    };
    let table_cols = cols.all();
    let mut blank_run = 0u32;
    let mut end = grid.height;
    let mut r = start;
    let mut hidden_recs: Vec<Rec> = Vec::new();
    while r < grid.height {
        if grid.hidden.is_some_and(|h| h.contains(&r)) {
            // Skipped whole: a hidden row is neither data nor a wrapped line; one with
            // figures is kept aside to be reported.
            if cols.values().into_iter().any(|c| grid.filled(r, c)) {
                hidden_recs.push(Rec {
                    lines: vec![r],
                    values: Some(r),
                    after_section: false,
                    parent: None,
                    headings: Vec::new(),
                });
            }
            r = r.saturating_add(1);
            continue;
        }
        let blank = table_cols.iter().all(|&c| !grid.filled(r, c));
        if blank {
            // Content outside the table columns (a signature far right) still ends it.
            if !grid.is_blank_row(r) && scan.is_footer(r) {
                end = r;
                break;
            }
            scan.flush();
            scan.attach = false;
            blank_run += 1;
            if blank_run >= MAX_BLANK_GAP {
                end = r.saturating_add(1);
                break;
            }
            r = r.saturating_add(1);
            continue;
        }
        blank_run = 0;
        if scan.is_footer(r) || grid.is_header_row(r) {
            end = r;
            break;
        }
        // A total or average line ("Jumlah", "Rata-rata capaian") is not an indicator;
        // a lone "Jumlah" with no figures over a line that goes on in lower case is the
        // first word of the indicator below.
        let fragment = || {
            !cols.values().into_iter().any(|c| grid.filled(r, c))
                && (scan
                    .indicator_text(r.saturating_add(1))
                    .chars()
                    .next()
                    .is_some_and(char::is_lowercase)
                    || scan.starts_the_row_below(r))
        };
        if lines::is_summary_text(&scan.label(r)) && !fragment() {
            scan.flush();
            scan.attach = false;
            r = r.saturating_add(1);
            continue;
        }
        let has_values = cols.values().into_iter().any(|c| grid.filled(r, c));
        if !has_values {
            if scan.is_section(r) {
                scan.flush();
                scan.attach = false;
                scan.section = true;
                scan.headings.push(r);
            } else {
                scan.pending.push(r);
            }
            r = r.saturating_add(1);
            continue;
        }
        if !scan.indicator_text(r).is_empty() {
            scan.take_parent(r);
            if let Some(mut lead) = scan.place_by_wording(r) {
                lead.push(r);
                scan.push(lead, Some(r));
                r = r.saturating_add(1);
                continue;
            }
            if let Some(lead) = scan.take_lead_fragment(r) {
                scan.flush();
                scan.push(vec![lead, r], Some(r));
                r = r.saturating_add(1);
                continue;
            }
            // A numbered line above an unnumbered row of numbers is that row's first line
            // (its statement sits one row higher than its indicator).
            let numbered_first = if cols.no.is_some() && scan.no_text(r).is_empty() {
                scan.pending
                    .iter()
                    .position(|&p| !scan.no_text(p).is_empty() && scan.indicator_text(p).is_empty())
            } else {
                None
            };
            match numbered_first {
                Some(k) => {
                    let mut lead = scan.pending.split_off(k);
                    scan.flush();
                    lead.push(r);
                    scan.push(lead, Some(r));
                }
                None => {
                    scan.flush();
                    scan.push(vec![r], Some(r));
                }
            }
        } else if let Some(k) = scan
            .pending
            .iter()
            .position(|&p| !scan.indicator_text(p).is_empty())
        {
            // The indicator's first line sits above its numbers: those pending lines
            // start this record, the ones before them end the record above.
            let mut lead = scan.pending.split_off(k);
            scan.flush();
            lead.push(r);
            scan.push(lead, Some(r));
        } else {
            // Numbers without any indicator text: not an indicator row.
            scan.flush();
            scan.attach = false;
        }
        r = r.saturating_add(1);
    }
    scan.flush();
    let rows = build_rows(grid, cols, &scan.recs);
    hidden_recs.retain(|rec| rec.lines.iter().all(|&l| l < end));
    let hidden_rows = build_rows(grid, cols, &hidden_recs);
    let last = scan.recs.iter().map(Rec::last_line).max();
    Body {
        rows,
        hidden_rows,
        end,
        last,
    }
}

/// Turn records into table rows: join text lines, fill blank statements down.
fn build_rows(grid: &Grid, cols: &Cols, recs: &[Rec]) -> Vec<TableRow> {
    let sheet = grid.sheet.name.as_str();

    let text_cell = |rec: &Rec, col: Option<u32>| -> Option<RowCell> {
        let col = col?;
        let mut first: Option<u32> = None;
        let mut parts: Vec<String> = Vec::new();
        for &line in &rec.lines {
            let t = grid.text(line, col);
            if !t.is_empty() {
                first.get_or_insert(line);
                parts.push(t);
            }
        }
        let at_row = first.unwrap_or_else(|| {
            rec.values
                .unwrap_or(rec.lines.first().copied().unwrap_or(0))
        });
        Some(RowCell {
            at: CellRef::new(sheet, at_row, col),
            cell: grid.cell(at_row, col).cloned().unwrap_or_default(),
            text: parts.join(" "),
        })
    };
    let value_cell = |row: u32, col: Option<u32>| -> Option<RowCell> {
        let col = col?;
        let cell = grid.cell(row, col).cloned().unwrap_or_default();
        Some(RowCell {
            at: CellRef::new(sheet, row, col),
            text: cell.text().trim().to_string(),
            cell,
        })
    };

    // A section heading: its label cells' texts joined, at the first of them.
    let heading = |r: u32| -> Option<RowCell> {
        let cells: Vec<(u32, String)> = cols
            .label_cols()
            .into_iter()
            .map(|c| (c, grid.text(r, c)))
            .filter(|(_, t)| !t.is_empty())
            .collect();
        let &(col, _) = cells.first()?;
        Some(RowCell {
            at: CellRef::new(sheet, r, col),
            cell: grid.cell(r, col).cloned().unwrap_or_default(),
            text: cells
                .iter()
                .map(|(_, t)| t.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        })
    };
    let mut rows = Vec::with_capacity(recs.len());
    let mut previous_statement: Option<RowCell> = None;
    for rec in recs {
        if rec.after_section {
            previous_statement = None;
        }
        let first_line = rec.lines.first().copied().unwrap_or(0);
        let row = rec.values.unwrap_or(first_line);
        let mut statement = text_cell(rec, cols.statement);
        if let Some(st) = statement.as_mut() {
            if st.text.is_empty() {
                if let Some(filled) =
                    fill_statement(grid, first_line, st.at.col, previous_statement.as_ref())
                {
                    *st = filled;
                }
            }
            if !st.text.is_empty() {
                previous_statement = Some(st.clone());
            }
        }
        // A sub-item's parent label is its statement where the row has none.
        let parent = rec.parent.and_then(|p| {
            let col = cols.indicator?;
            Some(RowCell {
                at: CellRef::new(sheet, p, col),
                cell: grid.cell(p, col).cloned().unwrap_or_default(),
                text: grid.text(p, col),
            })
        });
        if statement.as_ref().is_none_or(|s| s.text.is_empty()) && parent.is_some() {
            statement = parent.clone();
        }
        let quarters = cols
            .quarters
            .iter()
            .map(|q| QuarterCells {
                quarter: q.quarter,
                target: value_cell(row, q.target),
                realisasi: value_cell(row, q.realisasi),
                realisasi_anggaran: value_cell(row, q.realisasi_anggaran),
                persen: value_cell(row, q.persen),
            })
            .collect();
        rows.push(TableRow {
            row,
            no: text_cell(rec, cols.no),
            statement,
            indicator: text_cell(rec, cols.indicator),
            unit: text_cell(rec, cols.unit),
            target: value_cell(row, cols.target),
            realisasi: value_cell(row, cols.realisasi),
            capaian: value_cell(row, cols.capaian),
            keterangan: text_cell(rec, cols.keterangan),
            quarters,
            target_anggaran: value_cell(row, cols.money[0]),
            realisasi_anggaran: value_cell(row, cols.money[1]),
            capaian_anggaran: value_cell(row, cols.money[2]),
            parent,
            sections: rec.headings.iter().filter_map(|&h| heading(h)).collect(),
        });
    }
    rows
}

/// The statement of a row whose own statement cell is blank: the merged cell over it, or
/// the statement of the row above (a statement shared by several indicators).
fn fill_statement(grid: &Grid, row: u32, col: u32, previous: Option<&RowCell>) -> Option<RowCell> {
    if let Some(m) = grid.covering_merge(row, col) {
        let origin = CellRef::new(grid.sheet.name.as_str(), m.first_row, m.first_col);
        if let Some(prev) = previous.filter(|p| p.at == origin) {
            return Some(prev.clone());
        }
        let text = grid.text(m.first_row, m.first_col);
        if !text.is_empty() {
            return Some(RowCell {
                at: origin,
                cell: grid
                    .cell(m.first_row, m.first_col)
                    .cloned()
                    .unwrap_or_default(),
                text,
            });
        }
    }
    previous.cloned()
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
            .map(|s| (s.sheet.as_str(), s.reason.as_str()))
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
