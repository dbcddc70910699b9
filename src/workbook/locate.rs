//! Find the realization table in a workbook: the title rows above it, 1–4 header rows
//! (merged group headers, a numbered-column row) and the role of each column, then the
//! indicator rows with merged or blank statements filled down, wrapped text joined from
//! continuation rows (after or before the row of numbers), section, summary and blank rows
//! skipped, stopping at the signature block, a second table or a long blank gap.
//!
//! It only reads the grid it is given: it never interprets numbers (that is `normalize`),
//! never panics on any grid, and stays linear in the number of cells (regexes compiled
//! once, merges indexed once).

mod header;
mod lines;

use super::{Cell, Merge, Sheet, Workbook};
use crate::model::CellRef;
use header::HeaderWord;
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

/// Most header rows a table has (group header, sub-header, a third level, the
/// numbered-column row).
const MAX_HEADER_ROWS: usize = 4;

/// This many blank rows in a row end the table: what follows is something else.
const MAX_BLANK_GAP: u32 = 3;

/// Distinct column roles a row must name to be read as a header row.
const MIN_HEADER_ROLES: usize = 3;

/// Cells longer than this are data, never header words (saves classifying long text).
const MAX_HEADER_CHARS: usize = 60;

/// Upper bound on merged-cell positions spread over the header, so a hostile file with
/// huge or overlapping merges cannot make header reading quadratic.
const MAX_HEADER_SPREAD: usize = 200_000;

/// Locate the realization table(s) of a workbook: every visible sheet is searched, hidden,
/// empty and table-less sheets are listed in `skipped` with the reason.
pub fn locate(workbook: &Workbook) -> Located {
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
        let (tables, why_not) = locate_sheet(sheet);
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
    NoRows,
}

fn locate_sheet(sheet: &Sheet) -> (Vec<Table>, String) {
    let grid = Grid::new(sheet);
    let mut tables = Vec::new();
    let mut saw = Saw::Nothing;
    let mut from = 0u32;
    while let Some(top) = grid.find_header_row(from) {
        let header_rows = grid.header_block(top);
        let after_header = header_rows.last().map_or(top, |r| r.saturating_add(1));
        let columns = grid.columns(&header_rows);
        let cols = Cols::from(&columns);
        if !cols.is_realization() {
            saw = saw.max(Saw::NotRealization);
            from = after_header;
            continue;
        }
        let body = read_body(&grid, &cols, after_header);
        let end = body.end.max(after_header);
        if body.rows.is_empty() {
            saw = saw.max(Saw::NoRows);
        } else {
            tables.push(Table {
                sheet: sheet.name.clone(),
                title: grid.title(from, top),
                header_rows,
                columns,
                rows: body.rows,
            });
        }
        from = end;
    }
    let why = if tables.is_empty() {
        no_table_reason(sheet, saw)
    } else {
        String::new()
    };
    (tables, why)
}

/// The sheet with its merges indexed once.
struct Grid<'a> {
    sheet: &'a Sheet,
    height: u32,
    /// Merges by their top-left cell.
    merge_at: HashMap<(u32, u32), Merge>,
}

impl<'a> Grid<'a> {
    fn new(sheet: &'a Sheet) -> Self {
        let mut merge_at = HashMap::with_capacity(sheet.merges.len());
        for m in &sheet.merges {
            if m.first_row <= m.last_row && m.first_col <= m.last_col {
                merge_at.entry((m.first_row, m.first_col)).or_insert(*m);
            }
        }
        Grid {
            sheet,
            height: sheet.height(),
            merge_at,
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

    /// Header words of a row's short text cells; `None` when the row holds a number that
    /// is not a year (a data row).
    fn header_words(&self, r: u32) -> Option<Vec<(u32, HeaderWord)>> {
        let mut out = Vec::new();
        for (c, cell) in self.row(r).iter().enumerate() {
            match &cell.data {
                super::Data::Text(t) => {
                    if t.trim().is_empty() || t.len() > MAX_HEADER_CHARS * 4 {
                        continue;
                    }
                    if let Some(w) = header::classify(t) {
                        out.push((c as u32, w));
                    }
                }
                super::Data::Number(n) => {
                    if !(1990.0..=2100.0).contains(n) || n.fract() != 0.0 {
                        return None;
                    }
                }
                _ => {}
            }
        }
        Some(out)
    }

    /// A row that names at least three different column roles.
    fn is_header_row(&self, r: u32) -> bool {
        let Some(words) = self.header_words(r) else {
            return false;
        };
        let mut roles: Vec<Role> = words
            .iter()
            .filter_map(|(_, w)| match w {
                HeaderWord::Role { role, .. } => Some(*role),
                _ => None,
            })
            .collect();
        roles.sort();
        roles.dedup();
        roles.len() >= MIN_HEADER_ROLES
    }

    fn find_header_row(&self, from: u32) -> Option<u32> {
        (from..self.height).find(|&r| self.is_header_row(r))
    }

    /// A row under the header whose every cell is a header word ("Real.", "Target",
    /// "TW I", "Tahun 2023"), at least two of them; a section heading ("A. Tujuan") that
    /// follows the header directly is data, not a sub-header.
    fn is_header_continuation(&self, r: u32) -> bool {
        let Some(words) = self.header_words(r) else {
            return false;
        };
        let texts: Vec<String> = self
            .row(r)
            .iter()
            .filter(|c| !c.is_empty() && !matches!(c.data, super::Data::Number(_)))
            .map(|c| c.text())
            .collect();
        let heading = texts
            .iter()
            .any(|t| lines::is_section_heading(t) || lines::is_section_number(t));
        words.len() >= 2 && words.len() == texts.len() && !heading
    }

    /// "(1) (2) (3)" or "1 2 3 4": at least three cells, all column numbers, increasing.
    fn is_colnum_row(&self, r: u32) -> bool {
        let mut last: Option<f64> = None;
        let mut count = 0;
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
                return false;
            }
            last = Some(n);
            count += 1;
        }
        count >= 3
    }

    /// The header rows starting at `top`: sub-header rows and a numbered-column row below.
    fn header_block(&self, top: u32) -> Vec<u32> {
        let mut rows = vec![top];
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
        for m in self.merge_at.values() {
            if m.first_row < first || m.first_row > last {
                continue;
            }
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

    /// The role of every column under the header, one column per role.
    fn columns(&self, rows: &[u32]) -> Vec<Column> {
        let spread = self.header_spread(rows);
        let width = rows
            .iter()
            .map(|&r| self.row(r).len() as u32)
            .max()
            .unwrap_or(0);
        let mut candidates: Vec<Candidate> = Vec::new();
        for c in 0..width {
            let mut texts: Vec<String> = Vec::new();
            let mut role = None;
            let mut quarter = false;
            let mut total = false;
            for &r in rows.iter().rev() {
                let (sr, sc) = spread.get(&(r, c)).copied().unwrap_or((r, c));
                let Some(super::Data::Text(t)) = self.cell(sr, sc).map(|cell| &cell.data) else {
                    continue;
                };
                let t = lines::collapse(t);
                if t.is_empty() {
                    continue;
                }
                match header::classify(&t) {
                    Some(HeaderWord::Role {
                        role: found,
                        quarter: q,
                        total: tot,
                    }) => {
                        quarter |= q;
                        total |= tot;
                        // The lowest header row is the most specific: "T" under
                        // "Realisasi Kinerja 2023" is the target.
                        if role.is_none() {
                            role = Some(found);
                        }
                    }
                    Some(HeaderWord::Quarter) => quarter = true,
                    Some(HeaderWord::Total) => total = true,
                    _ => {}
                }
                if !texts.contains(&t) {
                    texts.push(t);
                }
            }
            texts.reverse();
            if let Some(role) = role {
                let header = texts.join(" / ");
                candidates.push(Candidate {
                    col: c,
                    role,
                    quarter,
                    total,
                    year: header::year_in(&header),
                    header,
                });
            }
        }
        choose_columns(candidates)
    }

    /// Text of the non-blank rows between `from` and the header.
    fn title(&self, from: u32, top: u32) -> Vec<String> {
        (from..top)
            .filter_map(|r| {
                let parts: Vec<String> = self
                    .row(r)
                    .iter()
                    .map(|c| lines::collapse(&c.text()))
                    .filter(|t| !t.is_empty())
                    .collect();
                (!parts.is_empty()).then(|| parts.join(" "))
            })
            .collect()
    }

    /// The merge that covers (r, c) from a row above, if any.
    fn covering_merge(&self, merges: &[Merge], r: u32) -> Option<Merge> {
        // `merges` is sorted by first_row; the last one starting at or above r is the
        // only candidate in a well-formed sheet.
        let idx = merges.partition_point(|m| m.first_row <= r);
        let m = *merges.get(idx.checked_sub(1)?)?;
        (m.first_row < r && m.last_row >= r).then_some(m)
    }
}

/// A column that names a role, before one column per role is chosen.
struct Candidate {
    col: u32,
    role: Role,
    quarter: bool,
    total: bool,
    year: Option<u32>,
    header: String,
}

impl Candidate {
    /// 0 for an annual column, 1 for a total/cumulative one, 2 for a single quarter.
    fn period_rank(&self) -> u8 {
        match (self.quarter, self.total) {
            (false, false) => 0,
            (_, true) => 1,
            (true, false) => 2,
        }
    }
}

/// One column per role: annual over total over quarter (the last quarter among quarters),
/// the latest year, then the leftmost. Without an indicator column the statement column
/// (or the second of two) holds the indicators.
fn choose_columns(mut candidates: Vec<Candidate>) -> Vec<Column> {
    if !candidates.iter().any(|c| c.role == Role::Indicator) {
        let statements: Vec<usize> = candidates
            .iter()
            .enumerate()
            .filter(|(_, c)| c.role == Role::Statement)
            .map(|(i, _)| i)
            .collect();
        if let Some(&i) = statements.get(1).or(statements.first()) {
            if let Some(c) = candidates.get_mut(i) {
                c.role = Role::Indicator;
            }
        }
    }
    let mut chosen: Vec<Column> = Vec::new();
    let mut roles: Vec<Role> = candidates.iter().map(|c| c.role).collect();
    roles.sort();
    roles.dedup();
    for role in roles {
        let best = candidates.iter().filter(|c| c.role == role).min_by(|a, b| {
            let rank = a.period_rank().cmp(&b.period_rank());
            let year = b.year.cmp(&a.year);
            let col = if a.period_rank() == 2 {
                b.col.cmp(&a.col)
            } else {
                a.col.cmp(&b.col)
            };
            rank.then(year).then(col)
        });
        if let Some(best) = best {
            chosen.push(Column {
                role,
                col: best.col,
                header: best.header.clone(),
            });
        }
    }
    chosen.sort_by_key(|c| c.col);
    chosen
}

/// The chosen column of each role.
#[derive(Debug, Clone, Copy, Default)]
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
}

impl Cols {
    fn from(columns: &[Column]) -> Self {
        let mut cols = Cols::default();
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

    /// Indicators with a target, or with a realisasi that is not only money: a budget
    /// table (program, anggaran, realisasi Rp, %) is not a realization table.
    fn is_realization(&self) -> bool {
        self.indicator.is_some()
            && (self.target.is_some() || (self.realisasi.is_some() && self.anggaran.is_none()))
    }

    fn values(&self) -> [Option<u32>; 3] {
        [self.target, self.realisasi, self.capaian]
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
        v.sort_unstable();
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
}

impl Rec {
    fn last_line(&self) -> u32 {
        self.lines.last().copied().unwrap_or(0)
    }
}

struct Body {
    rows: Vec<TableRow>,
    /// First row after the table (where a next table may start).
    end: u32,
}

/// State of the body scan.
struct Scan<'g, 'a> {
    grid: &'g Grid<'a>,
    cols: &'g Cols,
    recs: Vec<Rec>,
    /// Text-only rows not yet given to a record (contiguous, ending at the row above).
    pending: Vec<u32>,
    /// Whether the last record may still take continuation lines.
    attach: bool,
    /// A section heading was seen since the last record.
    section: bool,
}

impl Scan<'_, '_> {
    fn indicator_text(&self, r: u32) -> String {
        self.grid.text_at(r, self.cols.indicator)
    }

    fn push(&mut self, lines: Vec<u32>, values: Option<u32>) {
        self.recs.push(Rec {
            lines,
            values,
            after_section: std::mem::take(&mut self.section),
        });
        self.attach = true;
    }

    /// Give pending text-only rows away: an indicator wording starts its own record (its
    /// numbers are blank), other text continues the record directly above; text that
    /// belongs to nothing (a caption between tables) is dropped.
    fn flush(&mut self) {
        for p in std::mem::take(&mut self.pending) {
            let ind = self.indicator_text(p);
            if lines::looks_like_indicator(&ind) {
                self.push(vec![p], None);
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
        let first_text_col = self
            .grid
            .row(r)
            .iter()
            .position(|c| !c.is_empty())
            .map(|c| c as u32);
        if let Some(c) = first_text_col {
            if let Some(m) = self.grid.merge_at.get(&(r, c)) {
                let reaches_values = self
                    .cols
                    .values()
                    .into_iter()
                    .flatten()
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
        let footer = self.grid.row(r).iter().enumerate().any(|(c, cell)| {
            Some(c as u32) != self.cols.indicator
                && matches!(&cell.data, super::Data::Text(t) if lines::is_footer_text(t))
        });
        footer && !lines::looks_like_indicator(&self.indicator_text(r))
    }
}

/// Read the indicator rows under the header, from `start` until the table ends.
fn read_body(grid: &Grid, cols: &Cols, start: u32) -> Body {
    let mut scan = Scan {
        grid,
        cols,
        recs: Vec::new(),
        pending: Vec::new(),
        attach: false,
        section: false,
    };
    let table_cols = cols.all();
    let mut blank_run = 0u32;
    let mut end = grid.height;
    let mut r = start;
    while r < grid.height {
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
        if lines::is_summary_text(&scan.label(r)) {
            scan.flush();
            scan.attach = false;
            r = r.saturating_add(1);
            continue;
        }
        let has_values = cols
            .values()
            .into_iter()
            .flatten()
            .any(|c| grid.filled(r, c));
        if !has_values {
            if scan.is_section(r) {
                scan.flush();
                scan.attach = false;
                scan.section = true;
            } else {
                scan.pending.push(r);
            }
            r = r.saturating_add(1);
            continue;
        }
        if !scan.indicator_text(r).is_empty() {
            scan.flush();
            scan.push(vec![r], Some(r));
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
    Body { rows, end }
}

/// Turn records into table rows: join text lines, fill blank statements down.
fn build_rows(grid: &Grid, cols: &Cols, recs: &[Rec]) -> Vec<TableRow> {
    let sheet = grid.sheet.name.as_str();
    let mut statement_merges: Vec<Merge> = match cols.statement {
        Some(sc) => grid
            .merge_at
            .values()
            .filter(|m| m.first_col <= sc && sc <= m.last_col && m.last_row > m.first_row)
            .copied()
            .collect(),
        None => Vec::new(),
    };
    statement_merges.sort_by_key(|m| (m.first_row, m.first_col));

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
                if let Some(filled) = fill_statement(
                    grid,
                    &statement_merges,
                    first_line,
                    st.at.col,
                    previous_statement.as_ref(),
                ) {
                    *st = filled;
                }
            }
            if !st.text.is_empty() {
                previous_statement = Some(st.clone());
            }
        }
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
        });
    }
    rows
}

/// The statement of a row whose own statement cell is blank: the merged cell over it, or
/// the statement of the row above (a statement shared by several indicators).
fn fill_statement(
    grid: &Grid,
    merges: &[Merge],
    row: u32,
    col: u32,
    previous: Option<&RowCell>,
) -> Option<RowCell> {
    if let Some(m) = grid.covering_merge(merges, row) {
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
    let _ = col;
    previous.cloned()
}
