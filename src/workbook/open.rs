//! Open any spreadsheet: sniff the format from the bytes, check declared sizes against
//! `Limits` before calamine allocates, and turn every failure into a specific reason.
//!
//! This module must never panic on input, never let calamine allocate without bound, and
//! never decide the format from a file name: uploads are renamed, truncated and hostile.

use super::formula::Evaluator;
use super::limits::{check_xls, check_zip};
use super::rows::ZipFacts;
use super::sniff::{sniff, Sniffed};
use super::{Cell, Data, Format, Merge, Sheet, Workbook};
use crate::model::Text;
use calamine::{Reader, SheetType, SheetVisible};
use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;

/// Resource limits that keep a hostile upload from exhausting memory.
///
/// Each limit is adjustable (the CLI exposes them as flags such as `--max-cells`); the
/// defaults fit a realization workbook many times over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest cell count (rows × columns) a sheet may declare or hold.
    pub max_cells: u64,
    /// Largest file size read, in bytes.
    pub max_file_bytes: u64,
    /// Largest total uncompressed size of a zip container, in bytes.
    pub max_unzipped_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_cells: 5_000_000,
            max_file_bytes: 100 * 1024 * 1024,
            max_unzipped_bytes: 1024 * 1024 * 1024,
        }
    }
}

/// Why a file could not be read. Every variant says what is wrong in words a clerk reads.
#[derive(Debug, Clone, PartialEq)]
pub enum OpenError {
    Io(String),
    Empty,
    Encrypted,
    Html,
    Csv,
    Truncated(String),
    NotSpreadsheet(String),
    TooLarge(String),
    Corrupt(String),
    /// A real spreadsheet in a format the reader cannot open (raw BIFF2–5, Excel 2003 XML).
    Unsupported(String),
}

impl OpenError {
    /// A short, language-neutral name of what was found ("html", "encrypted"), for the
    /// `found` column of a finding, where scripts can filter on it.
    pub fn kind(&self) -> &'static str {
        match self {
            OpenError::Io(_) => "io-error",
            OpenError::Empty => "empty",
            OpenError::Encrypted => "encrypted",
            OpenError::Html => "html",
            OpenError::Csv => "csv",
            OpenError::Truncated(_) => "truncated",
            OpenError::NotSpreadsheet(_) => "not-a-spreadsheet",
            OpenError::TooLarge(_) => "too-large",
            OpenError::Corrupt(_) => "corrupt",
            OpenError::Unsupported(_) => "unsupported-format",
        }
    }

    pub fn message(&self) -> Text {
        match self {
            OpenError::Io(e) => Text::new(
                format!("berkas tidak dapat dibaca; periksa apakah berkasnya ada dan boleh dibaca (rincian teknis: {e})"),
                format!("file cannot be read: {e}"),
            ),
            OpenError::Empty => Text::new("berkas kosong (0 byte)", "file is empty (0 bytes)"),
            OpenError::Encrypted => Text::new(
                "berkas dienkripsi dengan kata sandi; simpan ulang tanpa kata sandi",
                "file is encrypted with a password; save it again without a password",
            ),
            OpenError::Html => Text::new(
                "berkas adalah halaman HTML yang disimpan dengan nama spreadsheet, bukan spreadsheet",
                "file is an HTML page saved with a spreadsheet name, not a spreadsheet",
            ),
            OpenError::Csv => Text::new(
                "berkas adalah teks CSV yang disimpan dengan nama spreadsheet, bukan spreadsheet",
                "file is CSV text saved with a spreadsheet name, not a spreadsheet",
            ),
            OpenError::Truncated(d) => Text::new(
                format!("berkas terpotong (tidak lengkap), mungkin unggahan atau salinannya terputus; kirim ulang berkas aslinya (rincian teknis: {d})"),
                format!("file is truncated (cut off part-way): {d}"),
            ),
            OpenError::NotSpreadsheet(d) => Text::new(
                format!("bukan berkas spreadsheet; kirim tabel realisasi sebagai berkas Excel (.xlsx) (rincian teknis: {d})"),
                format!("not a spreadsheet file: {d}"),
            ),
            OpenError::TooLarge(d) => Text::new(
                format!("berkas melebihi batas ukuran yang diizinkan; hapus baris atau kolom kosong yang berlebihan lalu simpan ulang (rincian teknis: {d})"),
                format!("file exceeds a size limit: {d}"),
            ),
            OpenError::Corrupt(d) => Text::new(
                format!("berkas rusak dan tidak dapat dibuka; buka di Excel atau LibreOffice, simpan ulang sebagai .xlsx, lalu kirim ulang (rincian teknis: {d})"),
                format!("file is corrupt: {d}"),
            ),
            OpenError::Unsupported(d) => Text::new(
                format!("format spreadsheet lama yang tidak didukung; buka di Excel atau LibreOffice dan simpan ulang sebagai .xlsx (rincian teknis: {d})"),
                format!("unsupported spreadsheet format: {d}"),
            ),
        }
    }
}

/// Read a file from disk and open it. The size is checked before the file is read.
pub fn open(path: &Path, limits: &Limits) -> Result<Workbook, OpenError> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let meta = std::fs::metadata(path).map_err(|e| OpenError::Io(e.to_string()))?;
    // A device (`/dev/zero` linked as x.xlsx) or a FIFO has no size to check and no end.
    if !meta.is_file() {
        return Err(OpenError::Io(
            "not a regular file (a folder, device, FIFO or socket)".into(),
        ));
    }
    check_file_size(meta.len(), limits)?;
    // O_NONBLOCK: should the path have become a FIFO since, opening must not wait.
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| OpenError::Io(e.to_string()))?;
    // The limit holds on what is read, whatever the file became after the check.
    let mut bytes = Vec::new();
    file.take(limits.max_file_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| OpenError::Io(e.to_string()))?;
    open_bytes(&bytes, limits)
}

/// Open a workbook held in memory: sniff, pre-check declared sizes, then read with
/// calamine under `catch_unwind`.
pub fn open_bytes(bytes: &[u8], limits: &Limits) -> Result<Workbook, OpenError> {
    check_file_size(bytes.len() as u64, limits)?;
    match sniff(bytes)? {
        Sniffed::Zip(format, mut zip) => {
            check_zip(&mut zip, format, limits)?;
            let facts = super::rows::zip_facts(&mut zip, format);
            drop(zip);
            read_workbook(bytes, format, facts, limits)
        }
        Sniffed::Xls(stream) => {
            check_xls(&stream, limits)?;
            drop(stream);
            read_workbook(bytes, Format::Xls, ZipFacts::default(), limits)
        }
    }
}

fn check_file_size(size: u64, limits: &Limits) -> Result<(), OpenError> {
    if size > limits.max_file_bytes {
        return Err(OpenError::TooLarge(format!(
            "the file is {} bytes; limit is {} bytes",
            size, limits.max_file_bytes
        )));
    }
    Ok(())
}

/// Run one calamine read; a panic inside calamine becomes `Corrupt`, never a crash.
fn guarded<T>(f: impl FnOnce() -> Result<T, OpenError>) -> Result<T, OpenError> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(OpenError::Corrupt(format!("reader failed: {what}")))
        }
    }
}

fn read_workbook(
    bytes: &[u8],
    format: Format,
    mut facts: ZipFacts,
    limits: &Limits,
) -> Result<Workbook, OpenError> {
    let sheets = guarded(|| match format {
        Format::Xlsx | Format::Xlsm => read_xlsx(bytes, limits, &mut facts),
        Format::Xlsb => read_xlsb(bytes, limits),
        Format::Xls => read_xls(bytes, limits),
        Format::Ods => read_ods(bytes, limits, &mut facts),
    })?;
    Ok(Workbook {
        format,
        sheets,
        hidden_rows: facts.hidden,
    })
}

/// Name a calamine error: a password, a cut-off stream, or damage with calamine's words.
fn reader_error(e: impl std::fmt::Display) -> OpenError {
    let text = e.to_string();
    let lower = text.to_ascii_lowercase();
    if lower.contains("password") {
        OpenError::Encrypted
    } else if lower.contains("failed to fill whole buffer")
        || lower.contains("unexpected end of file")
        || lower.contains("unexpectedeof")
        || lower.contains("could not find eocd")
    {
        OpenError::Truncated(format!("a part of the file ends early ({text})"))
    } else {
        OpenError::Corrupt(format!("reader failed: {text}"))
    }
}

/// Worksheet names with their hidden flag, in workbook order. Chart, dialog and macro
/// sheets hold no cells and are left out.
fn sheet_list(meta: &[calamine::Sheet]) -> Vec<(String, bool)> {
    meta.iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| (s.name.clone(), !matches!(s.visible, SheetVisible::Visible)))
        .collect()
}

fn read_xlsx(bytes: &[u8], limits: &Limits, facts: &mut ZipFacts) -> Result<Vec<Sheet>, OpenError> {
    let mut wb = calamine::Xlsx::new(Cursor::new(bytes)).map_err(reader_error)?;
    let mut out = Vec::new();
    for (name, hidden) in sheet_list(wb.sheets_metadata()) {
        let merges = match facts.merges.remove(&name) {
            Some(merges) => merges,
            None => wb
                .merge_cells_by_sheet_name(&name)
                .map_err(reader_error)?
                .iter()
                .map(merge_of)
                .collect(),
        };
        let mut grid = GridBuilder::new(&name, limits);
        // Formats of cells with no value: a formula saved without its result is one.
        let mut valueless: HashMap<(u32, u32), Option<Arc<str>>> = HashMap::new();
        {
            let mut reader = wb.worksheet_cells_reader(&name).map_err(reader_error)?;
            // Format codes shared per style id so a column of percents holds one Arc.
            let mut formats: HashMap<usize, Option<Arc<str>>> = HashMap::new();
            while let Some((cell, style_id)) =
                reader.next_cell_with_style_id().map_err(reader_error)?
            {
                let data = data_of_ref(cell.get_value());
                let format = formats
                    .entry(style_id)
                    .or_insert_with(|| format_code(reader.styles(), style_id))
                    .clone();
                let (row, col) = cell.get_position();
                if data == Data::Empty || matches!(&data, Data::Text(t) if t.is_empty()) {
                    valueless.insert((row, col), format);
                    continue;
                }
                grid.push(row, col, Cell { data, format })?;
            }
        }
        // Empty styled cells are common; only a sheet that holds formulas can have one
        // saved without its result.
        if !valueless.is_empty() && facts.formula_sheets.contains(&name) {
            unsaved_formulas(&mut wb, &name, &mut grid, &valueless)?;
        }
        out.push(grid.finish(name, hidden, merges)?);
    }
    Ok(out)
}

/// Formulas of cells that hold no saved result: evaluated over the sheet where possible
/// (see `formula`), kept as `Data::Formula` either way so a later stage can say so.
fn unsaved_formulas(
    wb: &mut calamine::Xlsx<Cursor<&[u8]>>,
    name: &str,
    grid: &mut GridBuilder,
    valueless: &HashMap<(u32, u32), Option<Arc<str>>>,
) -> Result<(), OpenError> {
    let Ok(range) = wb.worksheet_formula(name) else {
        // The values were read; formulas are only a refinement.
        return Ok(());
    };
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let formulas: HashMap<(u32, u32), String> = range
        .used_cells()
        .filter(|(_, _, f)| !f.trim().is_empty())
        .map(|(r, c, f)| {
            let row = r0.saturating_add(u32::try_from(r).unwrap_or(u32::MAX));
            let col = c0.saturating_add(u32::try_from(c).unwrap_or(u32::MAX));
            ((row, col), f.clone())
        })
        .filter(|(at, _)| valueless.contains_key(at))
        .collect();
    if formulas.is_empty() {
        return Ok(());
    }
    let values: Vec<((u32, u32), Option<f64>)> = {
        let ev = Evaluator::new(&grid.rows, &formulas);
        formulas
            .keys()
            .map(|&(r, c)| ((r, c), ev.value_at(r, c)))
            .collect()
    };
    for ((row, col), value) in values {
        let formula = formulas.get(&(row, col)).cloned().unwrap_or_default();
        let format = valueless.get(&(row, col)).cloned().flatten();
        grid.push(
            row,
            col,
            Cell {
                data: Data::Formula { formula, value },
                format,
            },
        )?;
    }
    Ok(())
}

/// The number format code of a style, or None for the default "General".
fn format_code(styles: &[calamine::Style], style_id: usize) -> Option<Arc<str>> {
    if style_id == 0 {
        return None;
    }
    let code = &styles.get(style_id)?.number_format.as_ref()?.format_code;
    if code.is_empty() || code.eq_ignore_ascii_case("general") {
        None
    } else {
        Some(Arc::from(code.as_str()))
    }
}

fn read_xlsb(bytes: &[u8], limits: &Limits) -> Result<Vec<Sheet>, OpenError> {
    let mut wb = calamine::Xlsb::new(Cursor::new(bytes)).map_err(reader_error)?;
    let mut out = Vec::new();
    for (name, hidden) in sheet_list(wb.sheets_metadata()) {
        let mut grid = GridBuilder::new(&name, limits);
        {
            let mut reader = wb.worksheet_cells_reader(&name).map_err(reader_error)?;
            while let Some(cell) = reader.next_cell().map_err(reader_error)? {
                let data = data_of_ref(cell.get_value());
                if data == Data::Empty {
                    continue;
                }
                let (row, col) = cell.get_position();
                grid.push(row, col, Cell { data, format: None })?;
            }
        }
        out.push(grid.finish(name, hidden, Vec::new())?);
    }
    Ok(out)
}

fn read_xls(bytes: &[u8], limits: &Limits) -> Result<Vec<Sheet>, OpenError> {
    let mut wb = calamine::Xls::new(Cursor::new(bytes)).map_err(reader_error)?;
    let mut out = Vec::new();
    for (name, hidden) in sheet_list(wb.sheets_metadata()) {
        let range = wb.worksheet_range(&name).map_err(reader_error)?;
        let merges = wb
            .merge_cells_by_sheet_name(&name)
            .map(|m| m.iter().map(merge_of).collect())
            .unwrap_or_default();
        out.push(sheet_of_range(&name, hidden, &range, merges, limits)?);
    }
    Ok(out)
}

/// The ods sheets; their merged ranges come from the look at content.xml (`facts`),
/// as calamine reports none for ods.
fn read_ods(bytes: &[u8], limits: &Limits, facts: &mut ZipFacts) -> Result<Vec<Sheet>, OpenError> {
    let mut wb = calamine::Ods::new(Cursor::new(bytes)).map_err(reader_error)?;
    let mut out = Vec::new();
    for (name, hidden) in sheet_list(wb.sheets_metadata()) {
        let range = wb.worksheet_range(&name).map_err(reader_error)?;
        let merges = facts.merges.remove(&name).unwrap_or_default();
        out.push(sheet_of_range(&name, hidden, &range, merges, limits)?);
    }
    Ok(out)
}

fn sheet_of_range(
    name: &str,
    hidden: bool,
    range: &calamine::Range<calamine::Data>,
    merges: Vec<Merge>,
    limits: &Limits,
) -> Result<Sheet, OpenError> {
    let mut grid = GridBuilder::new(name, limits);
    let (r0, c0) = range.start().unwrap_or((0, 0));
    for (r, c, v) in range.used_cells() {
        let data = data_of(v);
        if data == Data::Empty {
            continue;
        }
        let row = r0.saturating_add(u32::try_from(r).unwrap_or(u32::MAX));
        let col = c0.saturating_add(u32::try_from(c).unwrap_or(u32::MAX));
        grid.push(
            row,
            col,
            Cell {
                data,
                format: date_format_of(v),
            },
        )?;
    }
    grid.finish(name.to_string(), hidden, merges)
}

fn merge_of(d: &calamine::Dimensions) -> Merge {
    Merge::spanning(d.start, d.end)
}

/// xls, xlsb and ods keep no number formats here, but calamine marks date and time
/// cells: give them a date or time format code, so that a 3,12 Excel turned into 03:12
/// is never read as the number 0,13 (see `normalize::format::date_kind`).
fn date_format_of(v: &calamine::Data) -> Option<Arc<str>> {
    let time = Some(Arc::from("h:mm"));
    let date = Some(Arc::from("dd/mm/yyyy"));
    match v {
        calamine::Data::DateTime(dt) if dt.is_duration() || dt.as_f64().abs() < 1.0 => time,
        calamine::Data::DateTime(_) => date,
        // ods gives ISO text: a time ("PT03H12M00S") or a date ("1900-01-05").
        calamine::Data::DurationIso(s) => iso_duration_days(s).and(time),
        calamine::Data::DateTimeIso(s) => iso_date_serial(s).and(date),
        _ => None,
    }
}

/// "PT03H12M00S" as a fraction of a day (0,1333…), as Excel stores a time.
fn iso_duration_days(s: &str) -> Option<f64> {
    let rest = s.trim().strip_prefix("PT")?;
    let (h, rest) = rest.split_once('H')?;
    let (m, rest) = rest.split_once('M')?;
    let sec = rest.strip_suffix('S')?;
    let (h, m, sec): (f64, f64, f64) = (h.parse().ok()?, m.parse().ok()?, sec.parse().ok()?);
    Some((h * 3600.0 + m * 60.0 + sec) / 86_400.0)
}

/// "2023-12-03" or "1900-01-05T00:00:00" as an Excel serial day number (days since
/// 1899-12-30, the convention every spreadsheet shares after February 1900).
fn iso_date_serial(s: &str) -> Option<f64> {
    let date = s.trim().get(..10)?;
    let mut parts = date.split('-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Days from the civil date (Howard Hinnant's algorithm), relative to 1899-12-30.
    let days = |y: i64, m: i64, d: i64| {
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe
    };
    Some((days(y, m, d) - days(1899, 12, 30)) as f64)
}

fn data_of(v: &calamine::Data) -> Data {
    use calamine::Data as D;
    match v {
        D::Int(i) => Data::Number(*i as f64),
        D::Float(f) => Data::Number(*f),
        D::String(s) => Data::Text(s.clone()),
        D::Bool(b) => Data::Bool(*b),
        D::DateTime(dt) => Data::Number(dt.as_f64()),
        D::DurationIso(s) => {
            iso_duration_days(s).map_or_else(|| Data::Text(s.clone()), Data::Number)
        }
        D::DateTimeIso(s) => iso_date_serial(s).map_or_else(|| Data::Text(s.clone()), Data::Number),
        D::Error(e) => Data::Error(e.to_string()),
        D::Empty => Data::Empty,
    }
}

fn data_of_ref(v: &calamine::DataRef<'_>) -> Data {
    use calamine::DataRef as D;
    match v {
        D::Int(i) => Data::Number(*i as f64),
        D::Float(f) => Data::Number(*f),
        D::String(s) => Data::Text(s.clone()),
        D::SharedString(s) => Data::Text((*s).to_string()),
        D::Bool(b) => Data::Bool(*b),
        D::DateTime(dt) => Data::Number(dt.as_f64()),
        D::DateTimeIso(s) | D::DurationIso(s) => Data::Text(s.clone()),
        D::Error(e) => Data::Error(e.to_string()),
        D::Empty => Data::Empty,
    }
}

/// Lays a sheet's non-empty cells out as ragged rows anchored at A1, as they stream in.
/// Every row runs only to its last filled cell, so trailing empty rows and columns never
/// exist. The laid-out size (cells plus one per row) is counted before each growth and
/// bounded by `Limits::max_cells`: a sheet that holds or spreads over a huge range is
/// refused before the memory is taken.
struct GridBuilder {
    sheet: String,
    max_cells: u64,
    rows: Vec<Vec<Cell>>,
    laid_out: u64,
}

impl GridBuilder {
    fn new(sheet: &str, limits: &Limits) -> Self {
        GridBuilder {
            sheet: sheet.to_string(),
            max_cells: limits.max_cells,
            rows: Vec::new(),
            laid_out: 0,
        }
    }

    fn push(&mut self, row: u32, col: u32, cell: Cell) -> Result<(), OpenError> {
        // Empty and blank-text cells extend nothing, formatted or not.
        if cell.is_empty() {
            return Ok(());
        }
        let (r, c) = (row as usize, col as usize);
        let grow_rows = (u64::from(row) + 1).saturating_sub(self.rows.len() as u64);
        let row_len = self.rows.get(r).map_or(0, Vec::len) as u64;
        let grow_cols = (u64::from(col) + 1).saturating_sub(row_len);
        let needed = self.laid_out + grow_rows + grow_cols;
        if needed > self.max_cells {
            return Err(OpenError::TooLarge(format!(
                "sheet '{}' has a cell at {} beyond {} cells laid out from A1; limit is {}",
                self.sheet,
                crate::model::a1(row, col),
                self.laid_out,
                self.max_cells
            )));
        }
        self.laid_out = needed;
        if grow_rows > 0 {
            self.rows.resize_with(r + 1, Vec::new);
        }
        if let Some(cells) = self.rows.get_mut(r) {
            if grow_cols > 0 {
                cells.resize_with(c + 1, Cell::default);
            }
            if let Some(slot) = cells.get_mut(c) {
                *slot = cell;
            }
        }
        Ok(())
    }

    fn finish(self, name: String, hidden: bool, merges: Vec<Merge>) -> Result<Sheet, OpenError> {
        let height = self.rows.len() as u32;
        let width = self.rows.iter().map(Vec::len).max().unwrap_or(0) as u32;
        Ok(Sheet {
            name,
            hidden,
            rows: self.rows,
            merges: clip_merges(merges, height, width),
        })
    }
}

/// Keep merges that touch the grid, clipped to it: a merge declared over a whole sheet
/// must not make later stages fill a billion cells.
fn clip_merges(merges: Vec<Merge>, height: u32, width: u32) -> Vec<Merge> {
    if height == 0 || width == 0 {
        return Vec::new();
    }
    merges
        .into_iter()
        .filter(|m| m.first_row < height && m.first_col < width)
        .map(|m| Merge {
            last_row: m.last_row.min(height - 1),
            last_col: m.last_col.min(width - 1),
            ..m
        })
        .filter(|m| m.last_row > m.first_row || m.last_col > m.first_col)
        .collect()
}

#[cfg(test)]
mod iso_tests {
    use super::*;

    #[test]
    fn ods_dates_and_times_become_serials() {
        assert_eq!(
            iso_duration_days("PT03H12M00S"),
            Some(0.133_333_333_333_333_33)
        );
        assert_eq!(iso_date_serial("1900-01-05"), Some(6.0));
        assert_eq!(iso_date_serial("2023-12-03T00:00:00"), Some(45263.0));
        assert_eq!(iso_date_serial("2023-13-03"), None);
        assert_eq!(iso_duration_days("3:12"), None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::{Format as XFormat, Formula, Workbook as XWorkbook};

    fn text(s: &str) -> Data {
        Data::Text(s.to_string())
    }

    /// A realization-like sheet: title merged over B1:D1, header, a percent-formatted
    /// capaian fraction, a count with a unit format, a formula with a cached result, and
    /// a hidden lookup sheet.
    fn sample_xlsx() -> Vec<u8> {
        let mut wb = XWorkbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("Realisasi").unwrap();
        ws.merge_range(0, 1, 0, 3, "Kinerja", &XFormat::new())
            .unwrap();
        ws.write_string(1, 0, "Indikator").unwrap();
        ws.write_string(1, 1, "Target").unwrap();
        ws.write_string(1, 2, "Realisasi").unwrap();
        ws.write_string(1, 3, "Capaian").unwrap();
        ws.write_string(2, 0, "Indeks Kepuasan Masyarakat").unwrap();
        ws.write_number(2, 1, 85.0).unwrap();
        ws.write_number(2, 2, 82.71).unwrap();
        let percent = XFormat::new().set_num_format("0.00%");
        ws.write_number_with_format(2, 3, 0.9731, &percent).unwrap();
        ws.write_string(3, 0, "Jumlah sarana").unwrap();
        let unit = XFormat::new().set_num_format("0 \"unit\"");
        ws.write_number_with_format(3, 1, 6.0, &unit).unwrap();
        ws.write_formula(3, 2, Formula::new("=4+2").set_result("6"))
            .unwrap();
        let hidden = wb.add_worksheet();
        hidden.set_name("Ref").unwrap();
        hidden.write_string(0, 0, "Baik").unwrap();
        hidden.set_hidden(true);
        wb.save_to_buffer().unwrap()
    }

    #[test]
    fn xlsx_values_merges_formats_and_hidden_sheet() {
        let wb = open_bytes(&sample_xlsx(), &Limits::default()).unwrap();
        assert_eq!(wb.format, Format::Xlsx);
        assert_eq!(wb.sheets.len(), 2);
        let s = &wb.sheets[0];
        assert_eq!((s.name.as_str(), s.hidden), ("Realisasi", false));
        let grid: Vec<Vec<Data>> = s
            .rows
            .iter()
            .map(|r| r.iter().map(|c| c.data.clone()).collect())
            .collect();
        assert_eq!(
            grid,
            vec![
                vec![Data::Empty, text("Kinerja")],
                vec![
                    text("Indikator"),
                    text("Target"),
                    text("Realisasi"),
                    text("Capaian")
                ],
                vec![
                    text("Indeks Kepuasan Masyarakat"),
                    Data::Number(85.0),
                    Data::Number(82.71),
                    Data::Number(0.9731)
                ],
                vec![text("Jumlah sarana"), Data::Number(6.0), Data::Number(6.0)],
            ]
        );
        assert_eq!(
            s.merges,
            vec![Merge {
                first_row: 0,
                first_col: 1,
                last_row: 0,
                last_col: 3
            }]
        );
        assert_eq!(s.cell(2, 3).unwrap().format.as_deref(), Some("0.00%"));
        assert_eq!(s.cell(3, 1).unwrap().format.as_deref(), Some("0 \"unit\""));
        assert_eq!(s.cell(2, 1).unwrap().format, None);
        let hidden = &wb.sheets[1];
        assert_eq!((hidden.name.as_str(), hidden.hidden), ("Ref", true));
        assert_eq!(
            hidden.rows,
            vec![vec![Cell {
                data: text("Baik"),
                format: None
            }]]
        );
    }

    #[test]
    fn cells_sharing_a_format_share_one_string() {
        let mut wb = XWorkbook::new();
        let ws = wb.add_worksheet();
        let percent = XFormat::new().set_num_format("0.00%");
        ws.write_number_with_format(0, 0, 0.5, &percent).unwrap();
        ws.write_number_with_format(1, 0, 0.25, &percent).unwrap();
        let wb = open_bytes(&wb.save_to_buffer().unwrap(), &Limits::default()).unwrap();
        let s = &wb.sheets[0];
        let a = s.cell(0, 0).unwrap().format.clone().unwrap();
        let b = s.cell(1, 0).unwrap().format.clone().unwrap();
        assert!(Arc::ptr_eq(&a, &b));
    }

    #[test]
    fn grid_is_anchored_at_a1_and_trailing_blanks_are_trimmed() {
        let mut wb = XWorkbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(4, 2, "Capaian").unwrap();
        ws.write_string(5, 7, "   ").unwrap();
        ws.write_string(9, 9, "").unwrap();
        let wb = open_bytes(&wb.save_to_buffer().unwrap(), &Limits::default()).unwrap();
        let s = &wb.sheets[0];
        assert_eq!((s.height(), s.width()), (5, 3));
        assert_eq!(s.cell(4, 2).unwrap().data, text("Capaian"));
        assert_eq!(s.cell(0, 0), None);
    }

    #[test]
    fn error_values_are_kept_as_errors() {
        let mut wb = XWorkbook::new();
        let ws = wb.add_worksheet();
        ws.write_formula(0, 0, Formula::new("=1/0").set_result("#DIV/0!"))
            .unwrap();
        let wb = open_bytes(&wb.save_to_buffer().unwrap(), &Limits::default()).unwrap();
        assert_eq!(
            wb.sheets[0].cell(0, 0).unwrap().data,
            Data::Error("#DIV/0!".into())
        );
    }

    #[test]
    fn a_far_corner_cell_costs_one_slot_per_row_not_a_dense_range() {
        // A1 and XFD1048576 filled: a dense range would be 17 billion cells; the ragged
        // grid holds 1 048 576 empty row headers and one 16 384-cell row.
        let mut wb = XWorkbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "Indikator").unwrap();
        ws.write_string(1_048_575, 16_383, "x").unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let Ok(wb) = open_bytes(&bytes, &Limits::default()) else {
            panic!("a two-cell sheet must open");
        };
        let s = &wb.sheets[0];
        assert_eq!((s.height(), s.width()), (1_048_576, 16_384));
        assert_eq!(s.rows[1].len(), 0);
        assert_eq!(s.cell(1_048_575, 16_383).unwrap().data, text("x"));
        // With a tighter limit the same sheet is refused, naming the cell.
        let limits = Limits {
            max_cells: 1_000_000,
            ..Limits::default()
        };
        match open_bytes(&bytes, &limits) {
            Err(e) => assert_eq!(
                e,
                OpenError::TooLarge(
                    "sheet 'Sheet1' has a cell at XFD1048576 beyond 2 cells laid out from A1; \
                     limit is 1000000"
                        .into()
                )
            ),
            Ok(_) => panic!("must be refused"),
        }
    }

    #[test]
    fn a_sheet_holding_more_cells_than_the_limit_is_refused() {
        let mut wb = XWorkbook::new();
        let ws = wb.add_worksheet();
        for r in 0..40 {
            for c in 0..30 {
                ws.write_number(r, c, f64::from(r) * 30.0 + f64::from(c))
                    .unwrap();
            }
        }
        let limits = Limits {
            max_cells: 1000,
            ..Limits::default()
        };
        match open_bytes(&wb.save_to_buffer().unwrap(), &limits) {
            Err(OpenError::TooLarge(m)) => assert_eq!(
                m,
                "sheet 'Sheet1' has a cell at H33 beyond 1000 cells laid out from A1; limit is 1000"
            ),
            other => panic!("expected TooLarge, got {:?}", other.map(|w| w.sheets.len())),
        }
    }

    #[test]
    fn file_size_limit_is_checked_first() {
        let limits = Limits {
            max_file_bytes: 10,
            ..Limits::default()
        };
        assert_eq!(
            open_bytes(b"0123456789AB", &limits),
            Err(OpenError::TooLarge(
                "the file is 12 bytes; limit is 10 bytes".into()
            ))
        );
    }

    #[test]
    fn merges_are_clipped_to_the_grid() {
        let m = |a, b, c, d| Merge {
            first_row: a,
            first_col: b,
            last_row: c,
            last_col: d,
        };
        let clipped = clip_merges(
            vec![m(0, 0, 1_048_575, 16_383), m(9, 0, 12, 0), m(2, 2, 2, 5)],
            5,
            3,
        );
        // The whole-sheet merge shrinks to the grid, the one below the grid goes, and a
        // merge reduced to a single cell is no merge.
        assert_eq!(clipped, vec![m(0, 0, 4, 2)]);
    }

    /// Rewrite one entry of a zip package (the others are copied unchanged).
    fn replace_entry(zip_bytes: &[u8], name: &str, data: &[u8]) -> Vec<u8> {
        use std::io::{Read, Write};
        let mut src = zip::ZipArchive::new(Cursor::new(zip_bytes)).unwrap();
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        for i in 0..src.len() {
            let mut entry = src.by_index(i).unwrap();
            let entry_name = entry.name().unwrap().into_owned();
            let mut body = Vec::new();
            entry.read_to_end(&mut body).unwrap();
            w.start_file(entry_name.as_str(), opts).unwrap();
            w.write_all(if entry_name == name { data } else { &body })
                .unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn billion_laughs_and_broken_xml_are_corrupt_not_expanded() {
        let mut wb = XWorkbook::new();
        wb.add_worksheet().write_string(0, 0, "Capaian").unwrap();
        let good = wb.save_to_buffer().unwrap();
        let laughs = b"<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">\
            <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\
            <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>\
            <sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
            count=\"1\" uniqueCount=\"1\"><si><t>&lol3;</t></si></sst>";
        let bomb = replace_entry(&good, "xl/sharedStrings.xml", laughs);
        match open_bytes(&bomb, &Limits::default()) {
            Err(OpenError::Corrupt(m)) => assert!(m.starts_with("reader failed: "), "{m}"),
            other => panic!("expected Corrupt, got {other:?}"),
        }
        let broken = replace_entry(
            &good,
            "xl/worksheets/sheet1.xml",
            b"<worksheet><sheetData><row><c r=",
        );
        match open_bytes(&broken, &Limits::default()) {
            Err(OpenError::Corrupt(m)) => assert!(m.starts_with("reader failed: "), "{m}"),
            other => panic!("expected Corrupt, got {other:?}"),
        }
    }

    #[test]
    fn every_error_has_both_languages() {
        let all = [
            OpenError::Io("x".into()),
            OpenError::Empty,
            OpenError::Encrypted,
            OpenError::Html,
            OpenError::Csv,
            OpenError::Truncated("x".into()),
            OpenError::NotSpreadsheet("x".into()),
            OpenError::TooLarge("x".into()),
            OpenError::Corrupt("x".into()),
            OpenError::Unsupported("x".into()),
        ];
        for e in all {
            let m = e.message();
            assert!(m.id.len() > 10 && m.en.len() > 10 && m.id != m.en, "{e:?}");
        }
    }

    #[test]
    fn reader_errors_are_named() {
        assert_eq!(
            reader_error("Workbook is password protected"),
            OpenError::Encrypted
        );
        assert_eq!(
            reader_error("I/O error: failed to fill whole buffer"),
            OpenError::Truncated(
                "a part of the file ends early (I/O error: failed to fill whole buffer)".into()
            )
        );
    }
}
