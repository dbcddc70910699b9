//! The cleaned workbook of one input (`cleaned/<stem>.xlsx`): the located table with
//! normalized numbers as numeric cells, the unit and schema node id beside each row, and
//! every cell a finding points at filled by severity and carrying a note with the finding
//! and the original text. It also decides where each record and finding lands in that
//! workbook (`Layout`), so the discrepancy report can link to the very cell.
//! It never writes input text as a formula and never writes outside the output folder.

use super::sanitize::{clip_cell, quote_sheet, safe_relative_path, unique_sheet_names};
use super::{new_workbook, save_workbook, severity_label, tr, OutputCause, OutputError};
use crate::model::{a1, CellRef, Finding, Lang, Severity};
use crate::normalize::{State, Value};
use crate::report::{FileReport, Record};
use crate::schema::{Kind, MatchKind, Schema};
use rust_xlsxwriter::{Format, FormatBorder, Note, Workbook, Worksheet};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

// Columns of a cleaned sheet, 0-based.
pub(crate) const COL_NO: u16 = 0;
pub(crate) const COL_STATEMENT: u16 = 1;
pub(crate) const COL_INDICATOR: u16 = 2;
pub(crate) const COL_NODE_ID: u16 = 3;
pub(crate) const COL_MATCH: u16 = 4;
pub(crate) const COL_UNIT: u16 = 5;
pub(crate) const COL_TARGET: u16 = 6;
pub(crate) const COL_REALISASI: u16 = 7;
pub(crate) const COL_CAPAIAN_STATED: u16 = 8;
pub(crate) const COL_CAPAIAN_COMPUTED: u16 = 9;
pub(crate) const COL_KETERANGAN: u16 = 10;
pub(crate) const COL_SOURCE: u16 = 11;

/// Excel's last row index; data rows stop before it.
const MAX_ROW: u32 = 1_048_575;

/// Number format of capaian: percent points, not fractions ("97.31 %").
pub(crate) const CAPAIAN_FORMAT: &str = "0.00\" %\"";

fn headers(lang: Lang) -> [&'static str; 12] {
    [
        tr(lang, "No", "No"),
        tr(lang, "Sasaran", "Objective (sasaran)"),
        tr(lang, "Indikator", "Indicator"),
        tr(lang, "ID indikator", "Indicator ID"),
        tr(lang, "Kecocokan", "Match"),
        tr(lang, "Satuan", "Unit"),
        tr(lang, "Target", "Target"),
        tr(lang, "Realisasi", "Realization (realisasi)"),
        tr(lang, "Capaian (tertulis)", "Achievement (stated)"),
        tr(lang, "Capaian (dihitung)", "Achievement (computed)"),
        tr(lang, "Keterangan", "Remarks (keterangan)"),
        tr(lang, "Sel asal", "Source cell"),
    ]
}

/// Where one input's records and findings land in its cleaned workbook.
pub(crate) struct Layout<'a> {
    /// Path relative to the output folder, sanitized ("cleaned/x.xlsx").
    pub rel_path: String,
    /// Sheet names, in order, each with the indices of its records.
    pub sheets: Vec<(String, Vec<usize>)>,
    /// For each record: (sheet index, 0-based row in the cleaned sheet).
    pub record_pos: Vec<(usize, u32)>,
    /// Input cell → (record index, cleaned column). The keys borrow from the report:
    /// the layout is built for every report by each writer that links to it.
    by_cell: HashMap<&'a CellRef, (usize, u16)>,
    /// (input sheet, input row) → record index.
    by_row: HashMap<(&'a str, u32), usize>,
    /// Schema node id → first record reporting it.
    by_node: HashMap<&'a str, usize>,
}

impl<'a> Layout<'a> {
    /// The layout of a report's cleaned workbook, or None when it has none.
    pub(crate) fn of(report: &'a FileReport) -> Option<Layout<'a>> {
        let cleaned = report.cleaned.as_deref()?;
        let mut rel_path = safe_relative_path(cleaned);
        if !rel_path.to_ascii_lowercase().ends_with(".xlsx") {
            rel_path.push_str(".xlsx");
        }
        // One cleaned sheet per input sheet, in order of first appearance.
        let mut input_sheets: Vec<&str> = Vec::new();
        let mut members: Vec<Vec<usize>> = Vec::new();
        let mut record_pos = Vec::with_capacity(report.records.len());
        for (i, r) in report.records.iter().enumerate() {
            let s = match input_sheets.iter().position(|s| *s == r.sheet) {
                Some(s) => s,
                None => {
                    input_sheets.push(&r.sheet);
                    members.push(Vec::new());
                    input_sheets.len() - 1
                }
            };
            let list = members.get_mut(s);
            let row = list.as_ref().map(|l| l.len()).unwrap_or(0) as u32 + 1;
            if let Some(list) = list {
                list.push(i);
            }
            record_pos.push((s, row));
        }
        if input_sheets.is_empty() {
            // No rows: still one sheet, named after the sheet the findings point at.
            let first = report
                .findings
                .iter()
                .find_map(|f| f.at.as_ref().map(|c| c.sheet.as_str()))
                .unwrap_or("Tabel");
            input_sheets.push(first);
            members.push(Vec::new());
        }
        let names = unique_sheet_names(&input_sheets);
        let sheets = names.into_iter().zip(members).collect();

        let mut by_cell = HashMap::new();
        let mut by_row = HashMap::new();
        let mut by_node = HashMap::new();
        for (i, r) in report.records.iter().enumerate() {
            for (at, col) in record_cells(r) {
                by_cell.entry(at).or_insert((i, col));
            }
            by_row.entry((r.sheet.as_str(), r.row)).or_insert(i);
            if let Some(id) = r.node_id() {
                by_node.entry(id).or_insert(i);
            }
        }
        Some(Layout {
            rel_path,
            sheets,
            record_pos,
            by_cell,
            by_row,
            by_node,
        })
    }

    /// The record and cleaned column a finding points at: the record cell it names, else
    /// the indicator cell of the record on its input row, else the indicator cell of the
    /// first record of its schema node. None for file-level findings.
    pub(crate) fn finding_target(&self, finding: &Finding) -> Option<(usize, u16)> {
        if let Some(at) = &finding.at {
            if let Some(hit) = self.by_cell.get(at) {
                return Some(*hit);
            }
            if let Some(i) = self.by_row.get(&(at.sheet.as_str(), at.row)) {
                return Some((*i, COL_INDICATOR));
            }
        }
        let id = finding.indicator_id.as_deref()?;
        self.by_node.get(id).map(|i| (*i, COL_INDICATOR))
    }

    /// The hyperlink target of a finding in the cleaned workbook, relative to the output
    /// folder: "cleaned/x.xlsx#'Sheet'!G12"; the first sheet's A1 when the finding points
    /// at no record.
    pub(crate) fn link(&self, finding: &Finding) -> String {
        let (sheet, row, col) = match self.finding_target(finding) {
            Some((rec, col)) => match self.record_pos.get(rec) {
                Some((s, row)) => (*s, *row, col),
                None => (0, 0, 0),
            },
            None => (0, 0, 0),
        };
        let name = self
            .sheets
            .get(sheet)
            .map(|(n, _)| n.as_str())
            .unwrap_or("");
        format!(
            "{}#{}!{}",
            self.rel_path,
            quote_sheet(name),
            a1(row, u32::from(col))
        )
    }
}

/// Every input cell of a record with the cleaned column it is shown in.
fn record_cells(r: &Record) -> Vec<(&CellRef, u16)> {
    [
        (r.target.at.as_ref(), COL_TARGET),
        (r.realisasi.at.as_ref(), COL_REALISASI),
        (r.capaian.at.as_ref(), COL_CAPAIAN_STATED),
        (r.indicator.at.as_ref(), COL_INDICATOR),
        (r.unit.at.as_ref(), COL_UNIT),
        (r.keterangan.at.as_ref(), COL_KETERANGAN),
        (r.statement.at.as_ref(), COL_STATEMENT),
    ]
    .into_iter()
    .filter_map(|(at, col)| at.map(|at| (at, col)))
    .collect()
}

/// The original text of a record's cell shown in a cleaned column.
fn original_text(r: &Record, col: u16) -> &str {
    match col {
        COL_STATEMENT => &r.statement.text,
        COL_UNIT => &r.unit.text,
        COL_TARGET => &r.target.raw,
        COL_REALISASI => &r.realisasi.raw,
        COL_CAPAIAN_STATED => &r.capaian.raw,
        COL_KETERANGAN => &r.keterangan.text,
        _ => &r.indicator.text,
    }
}

/// The unit shown for a record: normalized, else the Satuan column, else the one typed
/// with the numbers.
pub(crate) fn record_unit(r: &Record) -> Option<&str> {
    r.unit_normalized
        .as_deref()
        .or_else(|| Some(r.unit.text.trim()).filter(|u| !u.is_empty()))
        .or(r.realisasi.unit.as_deref())
        .or(r.target.unit.as_deref())
}

/// The input cell that stands for a whole row: its indicator text, else the first cell
/// it has, else column A of its row.
pub(crate) fn source_cell(r: &Record) -> String {
    r.indicator
        .at
        .as_ref()
        .or(r.statement.at.as_ref())
        .or(r.target.at.as_ref())
        .or(r.realisasi.at.as_ref())
        .or(r.capaian.at.as_ref())
        .map(CellRef::a1)
        .unwrap_or_else(|| a1(r.row, 0))
}

/// How a row was matched, as a clerk reads it.
pub(crate) fn match_label(r: &Record, lang: Lang) -> String {
    match &r.matched {
        None => tr(lang, "tidak cocok", "no match").to_string(),
        Some(m) => match m.kind {
            MatchKind::Exact => tr(lang, "tepat", "exact").to_string(),
            MatchKind::Alias => "alias".to_string(),
            MatchKind::Fuzzy => format!("{} {:.2}", tr(lang, "mirip", "fuzzy"), m.confidence),
        },
    }
}

/// How a row was matched, as a stable code for machine-read tables.
pub(crate) fn match_label_code(r: &Record) -> Option<&'static str> {
    r.matched.as_ref().map(|m| match m.kind {
        MatchKind::Exact => "exact",
        MatchKind::Alias => "alias",
        MatchKind::Fuzzy => "fuzzy",
    })
}

/// Fill colour of a flagged cell.
fn fill(severity: Severity) -> u32 {
    match severity {
        Severity::Error => 0xF8CBAD,
        Severity::Warning => 0xFFE699,
        Severity::Info => 0xBDD7EE,
    }
}

/// Number format of a target or realisasi: two decimals for percents and indices,
/// thousands for money, whole numbers for whole counts, else up to four decimals.
pub(crate) fn value_format(kind: Option<Kind>, n: f64) -> &'static str {
    match kind {
        Some(Kind::Percent) | Some(Kind::Index) => "0.00",
        Some(Kind::Currency) if n.fract() == 0.0 => "#,##0",
        Some(Kind::Currency) => "#,##0.00",
        _ if n.fract() == 0.0 => "0",
        _ => "0.00##",
    }
}

/// The findings on one cleaned cell and the text of its note.
struct Flag<'a> {
    findings: Vec<&'a Finding>,
}

impl Flag<'_> {
    fn severity(&self) -> Severity {
        self.findings
            .iter()
            .map(|f| f.severity)
            .max()
            .unwrap_or(Severity::Info)
    }

    fn note(&self, original: &str, lang: Lang) -> String {
        let mut parts = Vec::new();
        for f in &self.findings {
            let mut block = format!(
                "{} · {}\n{}",
                severity_label(f.severity, lang),
                f.rule.code(),
                f.message.get(lang)
            );
            if !f.found.is_empty() {
                block.push_str(&format!(
                    "\n{}: {}",
                    tr(lang, "Ditemukan", "Found"),
                    f.found
                ));
            }
            if !f.expected.is_empty() {
                block.push_str(&format!(
                    "\n{}: {}",
                    tr(lang, "Seharusnya", "Expected"),
                    f.expected
                ));
            }
            parts.push(block);
        }
        let mut text = parts.join("\n\n");
        let at = self
            .findings
            .iter()
            .find_map(|f| f.at.as_ref())
            .map(|c| format!(" ({}!{})", c.sheet, c.a1()))
            .unwrap_or_default();
        text.push_str(&format!(
            "\n\n{}: \"{}\"{}",
            tr(lang, "Teks asli", "Original text"),
            original,
            at
        ));
        // Keep well inside Excel's note limit.
        clip_cell(&text).chars().take(30_000).collect()
    }
}

/// Write `out_dir/<report.cleaned>`: one sheet per input sheet that has rows (named
/// after it, made valid for Excel) with the located table cleaned. Does nothing when the
/// report has no cleaned path (unreadable input).
pub fn write_cleaned(
    report: &FileReport,
    schema: &Schema,
    out_dir: &Path,
    lang: Lang,
) -> Result<(), OutputError> {
    let Some(layout) = Layout::of(report) else {
        return Ok(());
    };
    let path = out_dir.join(&layout.rel_path);
    let mut workbook =
        build_cleaned(report, schema, &layout, lang).map_err(|e| OutputError::new(&path, e))?;
    save_workbook(&mut workbook, &path)
}

fn build_cleaned(
    report: &FileReport,
    schema: &Schema,
    layout: &Layout,
    lang: Lang,
) -> Result<Workbook, OutputCause> {
    let mut workbook = new_workbook()?;

    // Findings per cleaned cell (sheet, row, col), in report order.
    let mut flags: BTreeMap<(usize, u32, u16), Flag> = BTreeMap::new();
    for f in &report.findings {
        if let Some((rec, col)) = layout.finding_target(f) {
            if let Some((sheet, row)) = layout.record_pos.get(rec) {
                flags
                    .entry((*sheet, *row, col))
                    .or_insert_with(|| Flag {
                        findings: Vec::new(),
                    })
                    .findings
                    .push(f);
            }
        }
    }

    let header = Format::new()
        .set_bold()
        .set_background_color(0xD9E1F2)
        .set_border_bottom(FormatBorder::Thin);
    for (sheet_idx, (name, records)) in layout.sheets.iter().enumerate() {
        let ws = workbook.add_worksheet();
        ws.set_name(name)?;
        for (col, h) in headers(lang).iter().enumerate() {
            ws.write_string_with_format(0, col as u16, *h, &header)?;
        }
        let mut last_row = 0;
        for (n, rec_idx) in records.iter().enumerate() {
            let (Some(r), Some((_, row))) = (
                report.records.get(*rec_idx),
                layout.record_pos.get(*rec_idx),
            ) else {
                continue;
            };
            if *row > MAX_ROW {
                return Err(OutputCause::Invalid(format!(
                    "sheet {name} has more rows than Excel allows"
                )));
            }
            last_row = *row;
            let cell_flag = |col: u16| flags.get(&(sheet_idx, *row, col));
            write_record(ws, *row, n + 1, r, schema, lang, &cell_flag)?;
        }
        ws.set_freeze_panes(1, 0)?;
        ws.autofilter(0, 0, last_row, COL_SOURCE)?;
        ws.set_autofit_max_width(400);
        ws.autofit();
    }
    Ok(workbook)
}

/// One record on one cleaned row; `flag(col)` gives the findings on a column's cell.
fn write_record<'a>(
    ws: &mut Worksheet,
    row: u32,
    no: usize,
    r: &Record,
    schema: &Schema,
    lang: Lang,
    flag: &dyn Fn(u16) -> Option<&'a Flag<'a>>,
) -> Result<(), OutputCause> {
    let kind = r.node_id().and_then(|id| schema.node(id)).map(|n| n.kind);
    let style = |col: u16, num_format: Option<&str>| -> Option<Format> {
        let flag = flag(col);
        if num_format.is_none() && flag.is_none() {
            return None;
        }
        let mut f = Format::new();
        if let Some(nf) = num_format {
            f = f.set_num_format(nf);
        }
        if let Some(flag) = flag {
            f = f.set_background_color(fill(flag.severity()));
        }
        Some(f)
    };
    let text = |ws: &mut Worksheet, col: u16, s: &str| -> Result<(), OutputCause> {
        // write_string stores text as text, whatever it starts with: "=..." stays inert.
        write_text(ws, row, col, s.trim(), &style)
    };

    ws.write_number(row, COL_NO, no as f64)?;
    text(ws, COL_STATEMENT, &r.statement.text)?;
    text(ws, COL_INDICATOR, &r.indicator.text)?;
    text(ws, COL_NODE_ID, r.node_id().unwrap_or(""))?;
    text(ws, COL_MATCH, &match_label(r, lang))?;
    text(ws, COL_UNIT, record_unit(r).unwrap_or(""))?;
    write_value(
        ws,
        row,
        COL_TARGET,
        &r.target,
        |n| value_format(kind, n),
        &style,
    )?;
    write_value(
        ws,
        row,
        COL_REALISASI,
        &r.realisasi,
        |n| value_format(kind, n),
        &style,
    )?;
    write_value(
        ws,
        row,
        COL_CAPAIAN_STATED,
        &r.capaian,
        |_| CAPAIAN_FORMAT,
        &style,
    )?;
    match r.capaian_computed.filter(|c| c.is_finite()) {
        Some(c) => {
            ws.write_number_with_format(
                row,
                COL_CAPAIAN_COMPUTED,
                c,
                &style(COL_CAPAIAN_COMPUTED, Some(CAPAIAN_FORMAT)).unwrap_or_default(),
            )?;
        }
        None => {
            if flag(COL_CAPAIAN_COMPUTED).is_some() {
                ws.write_blank(
                    row,
                    COL_CAPAIAN_COMPUTED,
                    &style(COL_CAPAIAN_COMPUTED, None).unwrap_or_default(),
                )?;
            }
        }
    }
    text(ws, COL_KETERANGAN, &r.keterangan.text)?;
    text(ws, COL_SOURCE, &source_cell(r))?;

    for col in COL_NO..=COL_SOURCE {
        if let Some(f) = flag(col) {
            let note = Note::new(f.note(original_text(r, col), lang))
                .add_author_prefix(false)
                .set_author("kinerja")
                .set_width(320)
                .set_height(160);
            ws.insert_note(row, col, &note)?;
        }
    }
    Ok(())
}

/// The format of a cleaned cell by its column and number format, filled when flagged;
/// None for a plain cell (no number format, no finding), written without a format.
type Style<'a> = &'a dyn Fn(u16, Option<&str>) -> Option<Format>;

/// A normalized value: numbers as numeric cells, grades as text, other text (N/A,
/// unparseable) as the text typed, missing as a blank cell.
fn write_value(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    v: &Value,
    num_format: impl Fn(f64) -> &'static str,
    style: Style,
) -> Result<(), OutputCause> {
    let format = |nf: Option<&str>| style(col, nf).unwrap_or_default();
    match (v.state, v.number.filter(|n| n.is_finite())) {
        (State::Value, Some(n)) => {
            ws.write_number_with_format(row, col, n, &format(Some(num_format(n))))?;
        }
        (State::Grade, _) => {
            let g = v.grade.as_deref().unwrap_or(v.raw.trim());
            write_text(ws, row, col, g, style)?;
        }
        (State::Missing, _) => {
            ws.write_blank(row, col, &format(None))?;
        }
        _ => {
            write_text(ws, row, col, v.raw.trim(), style)?;
        }
    }
    Ok(())
}

/// A text cell, filled when flagged. A plain one is written without a format: the same
/// cell in the file, without building and looking up a default format for each of the
/// many plain text cells.
fn write_text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    style: Style,
) -> Result<(), OutputCause> {
    match style(col, None) {
        Some(format) => ws.write_string_with_format(row, col, clip_cell(text), &format)?,
        None => ws.write_string(row, col, clip_cell(text))?,
    };
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::fixtures::*;
    use calamine::{Data, Reader, Xlsx};
    use std::path::PathBuf;

    /// The cleaned workbook of one sample report, written in a fresh folder: the folder
    /// (the workbook lives as long as it does) and the workbook's path.
    fn cleaned(file: &str, lang: Lang) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        write_cleaned(&report(file), &schema(), dir.path(), lang).unwrap();
        let path = dir.path().join("cleaned").join(file);
        (dir, path)
    }

    #[test]
    fn value_formats_by_kind() {
        assert_eq!(value_format(Some(Kind::Percent), 100.0), "0.00");
        assert_eq!(value_format(Some(Kind::Count), 6.0), "0");
        assert_eq!(value_format(Some(Kind::Count), 6.5), "0.00##");
        assert_eq!(value_format(Some(Kind::Currency), 1_250_000.0), "#,##0");
        assert_eq!(value_format(None, 0.648), "0.00##");
    }

    #[test]
    fn layout_links_findings_to_cleaned_cells() {
        let bajeng = &report("bajeng.xlsx");
        let layout = Layout::of(bajeng).unwrap();
        assert_eq!(layout.rel_path, "cleaned/bajeng.xlsx");
        assert_eq!(layout.sheets[0].0, "Realisasi");
        // Finding on the realisasi cell of the second record.
        let f = &bajeng.findings[0];
        assert_eq!(layout.finding_target(f), Some((1, COL_REALISASI)));
        assert_eq!(layout.link(f), "cleaned/bajeng.xlsx#'Realisasi'!H3");
        // A file-level finding links to the sheet's A1.
        let file_level = Finding::new(crate::model::Rule::UnknownKecamatan, Default::default());
        assert_eq!(layout.finding_target(&file_level), None);
        assert_eq!(
            layout.link(&file_level),
            "cleaned/bajeng.xlsx#'Realisasi'!A1"
        );
    }

    #[test]
    fn escaping_cleaned_path_is_contained() {
        let mut report = report("bajeng.xlsx");
        report.cleaned = Some("../../evil/../x".into());
        let layout = Layout::of(&report).unwrap();
        assert_eq!(layout.rel_path, "evil/x.xlsx");
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        write_cleaned(&report, &schema(), &out, Lang::Id).unwrap();
        assert!(out.join("evil/x.xlsx").exists());
        assert!(!dir.path().join("x.xlsx").exists());
    }

    #[test]
    fn cleaned_workbook_reads_back() {
        let (_dir, path) = cleaned("bajeng.xlsx", Lang::Id);
        let mut wb: Xlsx<_> = calamine::open_workbook(&path).unwrap();
        assert_eq!(wb.sheet_names(), vec!["Realisasi".to_string()]);
        let range = wb.worksheet_range("Realisasi").unwrap();
        let row = |r: usize| -> Vec<Data> {
            (0..12)
                .map(|c| {
                    range
                        .get_value((r as u32, c as u32))
                        .cloned()
                        .unwrap_or(Data::Empty)
                })
                .collect()
        };
        let s = |t: &str| Data::String(t.to_string());
        assert_eq!(
            row(0),
            vec![
                s("No"),
                s("Sasaran"),
                s("Indikator"),
                s("ID indikator"),
                s("Kecocokan"),
                s("Satuan"),
                s("Target"),
                s("Realisasi"),
                s("Capaian (tertulis)"),
                s("Capaian (dihitung)"),
                s("Keterangan"),
                s("Sel asal"),
            ]
        );
        assert_eq!(
            row(1),
            vec![
                Data::Float(1.0),
                s("Meningkatnya kualitas pelayanan"),
                s("Indeks Kepuasan Masyarakat"),
                s("ikm"),
                s("tepat"),
                s("indeks"),
                Data::Float(85.0),
                Data::Float(82.71),
                Data::Float(97.31),
                Data::Float(IKM_BAJENG),
                Data::Empty,
                s("C12"),
            ]
        );
        assert_eq!(
            row(2),
            vec![
                Data::Float(2.0),
                s("Meningkatnya kualitas pelayanan"),
                s("Jumlah SOP yang disusun"),
                s("sop"),
                s("mirip 0.87"),
                s("SOP"),
                Data::Float(12.0),
                Data::Empty,
                Data::Empty,
                Data::Empty,
                s("belum dilaporkan"),
                s("C13"),
            ]
        );
        assert_eq!(
            row(3),
            vec![
                Data::Float(3.0),
                s("Meningkatnya akuntabilitas"),
                s("Nilai SAKIP"),
                s("sakip"),
                s("alias"),
                s("predikat"),
                s("BB"),
                s("BB"),
                Data::Empty,
                Data::Empty,
                Data::Empty,
                s("C14"),
            ]
        );

        // Number formats, fills and notes, straight from the package XML.
        let sheet = read_zip_entry(&path, "xl/worksheets/sheet1.xml");
        assert!(sheet.contains("<pane ySplit=\"1\""), "frozen header");
        assert!(sheet.contains("<autoFilter ref=\"A1:L4\"/>"));
        let styles = read_zip_entry(&path, "xl/styles.xml");
        assert!(styles.contains("formatCode=\"0.00&quot; %&quot;\""));
        assert!(styles.contains("FFFFE699"), "warning fill");
        assert!(styles.contains("FFBDD7EE"), "info fill");
        let notes = read_zip_entry(&path, "xl/comments1.xml");
        assert!(notes.contains("<comment ref=\"H3\""));
        assert!(notes.contains("<comment ref=\"C3\""));
        assert!(notes.contains("peringatan · missing-value"));
        assert!(notes.contains("Realisasi kosong"));
        assert!(notes.contains("Teks asli: \"-\" (Realisasi!F13)"));
        assert!(notes.contains("info · indicator-renamed"));
    }

    #[test]
    fn cleaned_headers_in_english() {
        let (_dir, path) = cleaned("bajeng.xlsx", Lang::En);
        let mut wb: Xlsx<_> = calamine::open_workbook(&path).unwrap();
        let range = wb.worksheet_range("Realisasi").unwrap();
        assert_eq!(
            range.get_value((0, 7)),
            Some(&Data::String("Realization (realisasi)".into()))
        );
        assert_eq!(
            range.get_value((2, 4)),
            Some(&Data::String("fuzzy 0.87".into()))
        );
        let notes = read_zip_entry(&path, "xl/comments1.xml");
        assert!(notes.contains("warning · missing-value"));
        assert!(notes.contains("Realisasi is blank"));
        assert!(notes.contains("Original text: \"-\""));
    }

    #[test]
    fn injected_text_stays_text_in_cleaned() {
        let (_dir, path) = cleaned("pallangga.xlsx", Lang::Id);
        let mut wb: Xlsx<_> = calamine::open_workbook(&path).unwrap();
        // The input sheet name "../Data:1" becomes a valid sheet name.
        assert_eq!(wb.sheet_names(), vec![".._Data_1".to_string()]);
        let range = wb.worksheet_range(".._Data_1").unwrap();
        assert_eq!(
            range.get_value((1, 2)),
            Some(&Data::String(INJECTED_INDICATOR.into()))
        );
        assert_eq!(
            range.get_value((1, 10)),
            Some(&Data::String(INJECTED_KETERANGAN.into()))
        );
        let formulas = wb.worksheet_formula(".._Data_1").unwrap();
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
        let sheet = read_zip_entry(&path, "xl/worksheets/sheet1.xml");
        assert!(!sheet.contains("<f>"), "no formula element in the sheet");
    }

    #[test]
    fn cleaned_is_deterministic_and_skips_unreadable() {
        let bajeng = report("bajeng.xlsx");
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        write_cleaned(&bajeng, &schema(), a.path(), Lang::Id).unwrap();
        write_cleaned(&bajeng, &schema(), b.path(), Lang::Id).unwrap();
        assert_eq!(
            std::fs::read(a.path().join("cleaned/bajeng.xlsx")).unwrap(),
            std::fs::read(b.path().join("cleaned/bajeng.xlsx")).unwrap()
        );
        // The unreadable file has no cleaned path: nothing is written.
        let c = tempfile::tempdir().unwrap();
        write_cleaned(&report("rusak.xls"), &schema(), c.path(), Lang::Id).unwrap();
        assert_eq!(std::fs::read_dir(c.path()).unwrap().count(), 0);
    }
}
