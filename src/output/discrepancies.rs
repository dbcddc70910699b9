//! The discrepancy report: every finding of every file, one row each, as
//! `discrepancies.csv` (RFC 4180, UTF-8, columns fixed by the contract) and
//! `discrepancies.xlsx` (sheet "Temuan" with a hyperlink from each finding to its cell in
//! the cleaned workbook, sheet "Ringkasan" with counts per kecamatan). The finding rows
//! and the "Temuan" sheet are shared with the consolidated workbook.
//! It never writes input text as a formula: xlsx cells are strings, CSV fields are
//! neutralized with a leading quote. The one formula it writes is each finding's link,
//! `=HYPERLINK("cleaned/x.xlsx#'Sheet'!H3", …)`, built by kinerja: the only input text in
//! it (the cleaned file's and sheet's names) stands inside its string literals with every
//! quote doubled, so no input can become formula code. A HYPERLINK cell is streamed to
//! disk with its row; a worksheet hyperlink (`write_url`) stays in memory until the save,
//! which at national scale (~60,000 findings, twice: here and in the consolidated
//! workbook) was most of the batch's memory, and Excel ignores those past 65,530 a sheet.

use super::atomic::{AtomicFile, Staged};
use super::cleaned::Layout;
use super::sanitize::{clip_cell, csv_text};
use super::{
    new_workbook, severity_label, sorted_reports, stage_workbook, tr, unknown_kecamatan,
    OutputCause, OutputError, Widths,
};
use crate::model::{Finding, Lang, Rule, Severity};
use crate::report::{BatchReport, FileReport};
use rust_xlsxwriter::{Color, Format, FormatBorder, FormatUnderline, Formula, Workbook, Worksheet};
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

/// The columns of `discrepancies.csv` and of every "Temuan" sheet, declared once: the
/// CSV's name (the machine contract, never translated) and the sheet's header in
/// Bahasa Indonesia and English (a "Temuan" sheet is for people and speaks `--lang`).
/// The first ten are the contract; `cleaned` (the finding's cell in the cleaned
/// workbook) is added after them.
pub(crate) const FINDING_COLUMNS: [(&str, &str, &str); 11] = [
    ("file", "Berkas", "File"),
    ("kecamatan", "Kecamatan", "Kecamatan"),
    ("sheet", "Sheet", "Sheet"),
    ("cell", "Sel", "Cell"),
    ("indicator_id", "ID indikator", "Indicator ID"),
    ("rule", "Aturan", "Rule"),
    ("severity", "Tingkat", "Severity"),
    ("message", "Pesan", "Message"),
    ("found", "Ditemukan", "Found"),
    ("expected", "Seharusnya", "Expected"),
    ("cleaned", "Buku kerja bersih", "Cleaned workbook"),
];

/// The CSV's column names.
fn finding_names() -> [&'static str; 11] {
    FINDING_COLUMNS.map(|(name, _, _)| name)
}

/// Excel's HYPERLINK takes a link of at most this many characters; a longer one (a very
/// long file name) is written as plain text.
const MAX_HYPERLINK_CHARS: usize = 255;

/// One finding with the report it came from (None for a batch-level finding) and its
/// link into the cleaned workbook.
pub(crate) struct FindingRow<'a> {
    pub report: Option<&'a FileReport>,
    pub finding: &'a Finding,
    /// "cleaned/x.xlsx#'Sheet'!H3", relative to the output folder; None without a
    /// cleaned workbook.
    pub link: Option<String>,
}

impl FindingRow<'_> {
    /// The file and kecamatan of the finding, falling back to its report's. A
    /// batch-level finding (a kecamatan with no upload) belongs to no file.
    pub(crate) fn file(&self) -> &str {
        match self.report {
            Some(r) if self.finding.file.is_empty() => &r.file,
            _ => &self.finding.file,
        }
    }

    pub(crate) fn kecamatan(&self) -> Option<&str> {
        self.finding
            .kecamatan
            .as_deref()
            .or(self.report.and_then(|r| r.kecamatan.as_deref()))
    }

    /// The row's fields in `FINDING_COLUMNS` order, unescaped.
    pub(crate) fn fields(&self, lang: Lang) -> [String; 11] {
        let f = self.finding;
        [
            self.file().to_string(),
            self.kecamatan().unwrap_or("").to_string(),
            f.sheet().to_string(),
            f.cell(),
            f.indicator_id.clone().unwrap_or_default(),
            f.rule.code().to_string(),
            f.severity.code().to_string(),
            f.message.get(lang).to_string(),
            f.found.clone(),
            f.expected.clone(),
            self.link.clone().unwrap_or_default(),
        ]
    }
}

/// Every finding in output order: reports sorted (kecamatan, file), within a file the
/// file-level findings first, then by sheet, row and column; ties keep report order.
pub(crate) fn finding_rows(reports: &[FileReport]) -> Vec<FindingRow<'_>> {
    let mut rows = Vec::new();
    for report in sorted_reports(reports) {
        let layout = Layout::of(report);
        let mut findings: Vec<&Finding> = report.findings.iter().collect();
        findings.sort_by(|a, b| position_key(a).cmp(&position_key(b)));
        for finding in findings {
            let link = layout.as_ref().map(|l| l.link(finding));
            rows.push(FindingRow {
                report: Some(report),
                finding,
                link,
            });
        }
    }
    rows
}

/// The rows of the batch-level findings, which belong to no file and link nowhere.
pub(crate) fn batch_rows(batch: &BatchReport) -> Vec<FindingRow<'_>> {
    batch
        .findings
        .iter()
        .map(|finding| FindingRow {
            report: None,
            finding,
            link: None,
        })
        .collect()
}

fn position_key(f: &Finding) -> (bool, &str, u32, u32) {
    match &f.at {
        None => (false, "", 0, 0),
        Some(c) => (true, c.sheet.as_str(), c.row, c.col),
    }
}

/// The link cell of a finding: `=HYPERLINK("<link>","<link>")` with its text as the
/// stored result (shown before any recalculation); None when Excel would refuse it.
fn hyperlink(link: &str) -> Option<Formula> {
    hyperlink_text(link).map(|f| Formula::new(f).set_result(link))
}

/// The formula text of `hyperlink`.
fn hyperlink_text(link: &str) -> Option<String> {
    if link.is_empty() || link.chars().count() > MAX_HYPERLINK_CHARS {
        return None;
    }
    // Inside an Excel string literal only the double quote is special; doubling it
    // keeps any file or sheet name text, never code.
    let literal = link.replace('"', "\"\"");
    Some(format!("=HYPERLINK(\"{literal}\",\"{literal}\")"))
}

pub(crate) fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(0xD9E1F2)
        .set_border_bottom(FormatBorder::Thin)
}

/// A "Temuan" sheet being filled: header, one row per finding, the last column a
/// hyperlink to the cleaned workbook; `finish` freezes the header, adds the autofilter
/// and fits the widths. Rows are written in order, so the sheet may be in
/// constant-memory mode (thousands of files).
pub(crate) struct FindingsSheet {
    widths: Widths,
    /// The last row written (0: the header only).
    last: u32,
    /// Blue and underlined, as Excel shows a link.
    link_format: Format,
}

impl FindingsSheet {
    const LINK_COL: u16 = (FINDING_COLUMNS.len() - 1) as u16;

    pub(crate) fn start(ws: &mut Worksheet, lang: Lang) -> Result<Self, OutputCause> {
        let header = header_format();
        let names = FINDING_COLUMNS.map(|(_, id, en)| tr(lang, id, en));
        for (col, name) in names.iter().enumerate() {
            ws.write_string_with_format(0, col as u16, *name, &header)?;
        }
        Ok(FindingsSheet {
            widths: Widths::new(&names),
            last: 0,
            link_format: Format::new()
                .set_font_color(Color::RGB(0x0563C1))
                .set_underline(FormatUnderline::Single),
        })
    }

    pub(crate) fn add(
        &mut self,
        ws: &mut Worksheet,
        row: &FindingRow,
        lang: Lang,
    ) -> Result<(), OutputCause> {
        let link_col = Self::LINK_COL;
        let r = Some(self.last + 1)
            .filter(|r| *r <= 1_048_575)
            .ok_or_else(|| OutputCause::Invalid("more findings than Excel rows".into()))?;
        self.last = r;
        let fields = row.fields(lang);
        for (col, value) in fields.iter().enumerate().take(link_col as usize) {
            // Input text goes in as a string: never a formula.
            ws.write_string(r, col as u16, clip_cell(value))?;
            self.widths.see(col, value);
        }
        if let Some(link) = &row.link {
            self.widths.see(link_col as usize, link);
            match hyperlink(link) {
                Some(formula) => {
                    ws.write_formula_with_format(r, link_col, formula, &self.link_format)?;
                }
                None => {
                    ws.write_string(r, link_col, clip_cell(link))?;
                }
            }
        }
        Ok(())
    }

    pub(crate) fn finish(&self, ws: &mut Worksheet) -> Result<(), OutputCause> {
        ws.set_freeze_panes(1, 0)?;
        ws.autofilter(0, 0, self.last, Self::LINK_COL)?;
        self.widths.apply(ws)
    }
}

/// Counts of one kecamatan's findings.
pub(crate) struct Tally {
    pub kecamatan: Option<String>,
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Count per rule, in `Rule::ALL` order.
    pub per_rule: Vec<usize>,
}

/// Count one report (given in `sorted_reports` order) into the tallies: one per
/// kecamatan seen, sorted by name, unknown last.
pub(crate) fn tally(out: &mut Vec<Tally>, report: &FileReport) {
    let same = out.last().is_some_and(|t| t.kecamatan == report.kecamatan);
    if !same {
        out.push(Tally {
            kecamatan: report.kecamatan.clone(),
            files: 0,
            errors: 0,
            warnings: 0,
            infos: 0,
            per_rule: vec![0; Rule::ALL.len()],
        });
    }
    if let Some(t) = out.last_mut() {
        t.files += 1;
        for f in &report.findings {
            match f.severity {
                Severity::Error => t.errors += 1,
                Severity::Warning => t.warnings += 1,
                Severity::Info => t.infos += 1,
            }
            if let Some(slot) = Rule::ALL
                .iter()
                .position(|r| *r == f.rule)
                .and_then(|i| t.per_rule.get_mut(i))
            {
                *slot += 1;
            }
        }
    }
}

fn write_summary_sheet(
    ws: &mut Worksheet,
    tallies: &[Tally],
    lang: Lang,
) -> Result<(), OutputCause> {
    let header = header_format();
    let mut columns: Vec<String> = vec![
        "Kecamatan".into(),
        tr(lang, "Berkas", "Files").into(),
        severity_label(Severity::Error, lang).into(),
        severity_label(Severity::Warning, lang).into(),
        severity_label(Severity::Info, lang).into(),
    ];
    // Capitalized severity headers read better as column titles.
    for c in columns.iter_mut().skip(2) {
        *c = capitalize(c);
    }
    columns.extend(Rule::ALL.iter().map(|r| r.code().to_string()));
    for (col, name) in columns.iter().enumerate() {
        ws.write_string_with_format(0, col as u16, name.as_str(), &header)?;
    }
    for (i, t) in tallies.iter().enumerate() {
        let r = i as u32 + 1;
        let name = t.kecamatan.as_deref().unwrap_or(unknown_kecamatan(lang));
        ws.write_string(r, 0, clip_cell(name))?;
        let counts = [t.files, t.errors, t.warnings, t.infos]
            .into_iter()
            .chain(t.per_rule.iter().copied());
        for (j, n) in counts.enumerate() {
            ws.write_number(r, j as u16 + 1, n as f64)?;
        }
    }
    ws.set_freeze_panes(1, 1)?;
    ws.autofilter(0, 0, tallies.len() as u32, (columns.len() - 1) as u16)?;
    ws.autofit();
    Ok(())
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Write `discrepancies.csv` and `discrepancies.xlsx` into `out_dir`.
pub fn write_discrepancies(
    reports: &[FileReport],
    batch: &BatchReport,
    out_dir: &Path,
    lang: Lang,
) -> Result<(), OutputError> {
    let mut writer = DiscrepanciesWriter::new(out_dir, lang)?;
    for report in sorted_reports(reports) {
        writer.add(report)?;
    }
    writer.finish(batch)
}

/// `discrepancies.csv` and `discrepancies.xlsx` written one report at a time: reports
/// must come in `sorted_reports` order. CSV rows and the "Temuan" sheet go to disk as
/// they come; only the per-kecamatan counts stay in memory. Nothing appears under the
/// final names before `finish`.
pub struct DiscrepanciesWriter {
    lang: Lang,
    csv_file: AtomicFile,
    csv: csv::Writer<BufWriter<File>>,
    xlsx_path: PathBuf,
    workbook: Workbook,
    sheet: FindingsSheet,
    tallies: Vec<Tally>,
}

impl DiscrepanciesWriter {
    pub fn new(out_dir: &Path, lang: Lang) -> Result<Self, OutputError> {
        let csv_file = AtomicFile::create(&out_dir.join("discrepancies.csv"))?;
        let mut csv = csv::Writer::from_writer(csv_file.writer()?);
        csv.write_record(finding_names())
            .map_err(|e| OutputError::new(csv_file.path(), e.into()))?;
        let xlsx_path = out_dir.join("discrepancies.xlsx");
        let xlsx_err = |e: OutputCause| OutputError::new(&xlsx_path, e);
        let mut workbook = new_workbook().map_err(xlsx_err)?;
        let ws = workbook
            .add_worksheet_with_constant_memory()
            .map_err(|e| xlsx_err(e.into()))?;
        ws.set_name("Temuan").map_err(|e| xlsx_err(e.into()))?;
        let sheet = FindingsSheet::start(ws, lang).map_err(xlsx_err)?;
        Ok(DiscrepanciesWriter {
            lang,
            csv_file,
            csv,
            xlsx_path,
            workbook,
            sheet,
            tallies: Vec::new(),
        })
    }

    /// Add one report's findings (reports in `sorted_reports` order).
    pub fn add(&mut self, report: &FileReport) -> Result<(), OutputError> {
        self.rows(&finding_rows(std::slice::from_ref(report)))?;
        tally(&mut self.tallies, report);
        Ok(())
    }

    fn rows(&mut self, rows: &[FindingRow]) -> Result<(), OutputError> {
        for row in rows {
            let fields = row.fields(self.lang);
            self.csv
                .write_record(fields.iter().map(|f| csv_text(f).into_owned()))
                .map_err(|e| OutputError::new(self.csv_file.path(), e.into()))?;
        }
        let xlsx_err = |e: OutputCause| OutputError::new(&self.xlsx_path, e);
        let ws = self
            .workbook
            .worksheet_from_index(0)
            .map_err(|e| xlsx_err(e.into()))?;
        for row in rows {
            self.sheet.add(ws, row, self.lang).map_err(xlsx_err)?;
        }
        Ok(())
    }

    /// Write the batch-level findings after every file's, complete both files and
    /// rename them into place.
    pub fn finish(self, batch: &BatchReport) -> Result<(), OutputError> {
        self.stage(batch)?.commit()
    }

    /// `finish` without the renaming: both files complete under temporary names.
    pub fn stage(mut self, batch: &BatchReport) -> Result<Staged, OutputError> {
        self.rows(&batch_rows(batch))?;
        let DiscrepanciesWriter {
            lang,
            csv_file,
            csv,
            xlsx_path,
            mut workbook,
            sheet,
            tallies,
        } = self;
        let mut staged = Staged::csv(csv, csv_file)?;
        let build = |workbook: &mut Workbook| -> Result<(), OutputCause> {
            sheet.finish(workbook.worksheet_from_index(0)?)?;
            let ws = workbook.add_worksheet();
            ws.set_name("Ringkasan")?;
            write_summary_sheet(ws, &tallies, lang)
        };
        build(&mut workbook).map_err(|e| OutputError::new(&xlsx_path, e))?;
        staged.push(stage_workbook(&mut workbook, &xlsx_path)?);
        Ok(staged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::fixtures::*;
    use calamine::{Data, Reader, Xlsx};

    fn csv_rows(path: &Path) -> Vec<Vec<String>> {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_path(path)
            .unwrap();
        rdr.records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    }

    fn strs(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn discrepancies_csv_exact() {
        let dir = tempfile::tempdir().unwrap();
        write_discrepancies(
            &sample_reports(),
            &BatchReport::default(),
            dir.path(),
            Lang::Id,
        )
        .unwrap();
        let rows = csv_rows(&dir.path().join("discrepancies.csv"));
        assert_eq!(
            rows,
            vec![
                strs(&finding_names()),
                strs(&[
                    "bajeng.xlsx",
                    "Bajeng",
                    "Realisasi",
                    "C13",
                    "sop",
                    "indicator-renamed",
                    "info",
                    "Cocok mirip dengan \"Jumlah SOP\"",
                    "Jumlah SOP yang disusun",
                    "Jumlah SOP",
                    "cleaned/bajeng.xlsx#'Realisasi'!C3",
                ]),
                strs(&[
                    "bajeng.xlsx",
                    "Bajeng",
                    "Realisasi",
                    "F13",
                    "sop",
                    "missing-value",
                    "warning",
                    "Realisasi kosong",
                    "-",
                    "angka",
                    "cleaned/bajeng.xlsx#'Realisasi'!H3",
                ]),
                strs(&[
                    "pallangga.xlsx",
                    "Pallangga",
                    "",
                    "",
                    "sakip",
                    "missing-indicator",
                    "error",
                    "Indikator wajib tidak ada",
                    "",
                    "Nilai SAKIP",
                    "cleaned/pallangga.xlsx#'.._Data_1'!A1",
                ]),
                strs(&[
                    "pallangga.xlsx",
                    "Pallangga",
                    "../Data:1",
                    "C6",
                    "",
                    "unknown-indicator",
                    "warning",
                    "Indikator tidak dikenal",
                    "'=HYPERLINK(\"http://x\")",
                    "",
                    "cleaned/pallangga.xlsx#'.._Data_1'!C2",
                ]),
                strs(&[
                    "pallangga.xlsx",
                    "Pallangga",
                    "../Data:1",
                    "G8",
                    "sop",
                    "below-target",
                    "info",
                    "Capaian di bawah target",
                    "80",
                    "100",
                    "cleaned/pallangga.xlsx#'.._Data_1'!I4",
                ]),
                strs(&[
                    "rusak.xls",
                    "",
                    "",
                    "",
                    "",
                    "unreadable-file",
                    "error",
                    "berkas HTML yang diberi nama .xls",
                    "",
                    "",
                    "",
                ]),
            ]
        );
        // RFC 4180: quotes doubled inside quoted fields; header line exact.
        let raw = std::fs::read_to_string(dir.path().join("discrepancies.csv")).unwrap();
        assert!(raw.starts_with(
            "file,kecamatan,sheet,cell,indicator_id,rule,severity,message,found,expected,cleaned\n"
        ));
        assert!(raw.contains(",\"'=HYPERLINK(\"\"http://x\"\")\","));
    }

    #[test]
    fn discrepancies_csv_is_deterministic_and_english() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let mut reversed = sample_reports();
        reversed.reverse();
        write_discrepancies(
            &sample_reports(),
            &BatchReport::default(),
            a.path(),
            Lang::En,
        )
        .unwrap();
        write_discrepancies(&reversed, &BatchReport::default(), b.path(), Lang::En).unwrap();
        for name in ["discrepancies.csv", "discrepancies.xlsx"] {
            assert_eq!(
                std::fs::read(a.path().join(name)).unwrap(),
                std::fs::read(b.path().join(name)).unwrap(),
                "{name} differs with input order"
            );
        }
        let rows = csv_rows(&a.path().join("discrepancies.csv"));
        assert_eq!(rows[6][7], "file is HTML saved with an .xls name");
        // The CSV keeps its machine names; the sheet, for people, speaks English here.
        assert_eq!(rows[0][0], "file");
        let mut wb: Xlsx<_> = calamine::open_workbook(a.path().join("discrepancies.xlsx")).unwrap();
        let temuan = wb.worksheet_range("Temuan").unwrap();
        let header: Vec<String> = (0..11)
            .map(|c| {
                temuan
                    .get_value((0, c))
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            })
            .collect();
        assert_eq!(
            header,
            [
                "File",
                "Kecamatan",
                "Sheet",
                "Cell",
                "Indicator ID",
                "Rule",
                "Severity",
                "Message",
                "Found",
                "Expected",
                "Cleaned workbook"
            ]
        );
    }

    #[test]
    fn discrepancies_xlsx_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        write_discrepancies(
            &sample_reports(),
            &BatchReport::default(),
            dir.path(),
            Lang::Id,
        )
        .unwrap();
        let path = dir.path().join("discrepancies.xlsx");
        let mut wb: Xlsx<_> = calamine::open_workbook(&path).unwrap();
        assert_eq!(wb.sheet_names(), vec!["Temuan", "Ringkasan"]);

        let temuan = wb.worksheet_range("Temuan").unwrap();
        assert_eq!(temuan.height(), 7);
        let s = |t: &str| Data::String(t.to_string());
        assert_eq!(temuan.get_value((0, 0)), Some(&s("Berkas")));
        assert_eq!(temuan.get_value((0, 10)), Some(&s("Buku kerja bersih")));
        // The injected text is stored as the string itself, not neutralized and not a
        // formula.
        assert_eq!(temuan.get_value((4, 8)), Some(&s(INJECTED_INDICATOR)));
        assert_eq!(
            temuan.get_value((4, 10)),
            Some(&s("cleaned/pallangga.xlsx#'.._Data_1'!C2"))
        );
        // The only formulas are the links, in the last column: HYPERLINK to the cleaned
        // workbook, relative, with the cell as location; input text (the injected
        // indicator) is never in one.
        let formulas = wb.worksheet_formula("Temuan").unwrap();
        let (r0, c0) = formulas.start().unwrap();
        let links: Vec<(u32, String)> = formulas
            .used_cells()
            .filter(|(_, _, f)| !f.is_empty())
            .map(|(r, c, f)| {
                assert_eq!(
                    c0 as usize + c,
                    10,
                    "a formula outside the link column: {f}"
                );
                (r0 + r as u32, f.clone())
            })
            .collect();
        assert_eq!(links.len(), 5, "{links:?}");
        assert!(
            links.contains(&(
                2,
                "HYPERLINK(\"cleaned/bajeng.xlsx#'Realisasi'!H3\",\"cleaned/bajeng.xlsx#'Realisasi'!H3\")"
                    .to_string()
            )),
            "{links:?}"
        );
        assert!(links.iter().all(|(_, f)| !f.contains("HYPERLINK(\"http")));
        let sheet = read_zip_entry(&path, "xl/worksheets/sheet1.xml");
        assert!(
            !sheet.contains("<hyperlink"),
            "no worksheet hyperlinks are held"
        );

        let ringkasan = wb.worksheet_range("Ringkasan").unwrap();
        let row = |r: u32| -> Vec<Data> {
            (0..5)
                .map(|c| ringkasan.get_value((r, c)).cloned().unwrap())
                .collect()
        };
        assert_eq!(
            row(0),
            vec![
                s("Kecamatan"),
                s("Berkas"),
                s("Galat"),
                s("Peringatan"),
                s("Info")
            ]
        );
        assert_eq!(
            row(1),
            vec![
                s("Bajeng"),
                Data::Float(1.0),
                Data::Float(0.0),
                Data::Float(1.0),
                Data::Float(1.0)
            ]
        );
        assert_eq!(
            row(2),
            vec![
                s("Pallangga"),
                Data::Float(1.0),
                Data::Float(1.0),
                Data::Float(1.0),
                Data::Float(1.0)
            ]
        );
        assert_eq!(
            row(3),
            vec![
                s("(tidak dikenal)"),
                Data::Float(1.0),
                Data::Float(1.0),
                Data::Float(0.0),
                Data::Float(0.0)
            ]
        );
        // Per-rule columns follow, in Rule::ALL order.
        assert_eq!(ringkasan.get_value((0, 5)), Some(&s("unreadable-file")));
        assert_eq!(ringkasan.get_value((3, 5)), Some(&Data::Float(1.0)));
        let missing_value = 5 + Rule::ALL
            .iter()
            .position(|r| *r == Rule::MissingValue)
            .unwrap();
        assert_eq!(
            ringkasan.get_value((1, missing_value as u32)),
            Some(&Data::Float(1.0))
        );
    }

    #[test]
    fn a_link_keeps_quotes_in_names_inside_its_string_and_a_too_long_one_is_text() {
        let f = hyperlink_text("cleaned/a\"b.xlsx#'x=1'!C2").unwrap();
        assert_eq!(
            f,
            "=HYPERLINK(\"cleaned/a\"\"b.xlsx#'x=1'!C2\",\"cleaned/a\"\"b.xlsx#'x=1'!C2\")"
        );
        assert!(hyperlink(&"x".repeat(256)).is_none());
        assert!(hyperlink("").is_none());
    }

    #[test]
    fn unwritable_folder_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("out");
        std::fs::write(&blocker, b"not a folder").unwrap();
        let err = write_discrepancies(
            &sample_reports(),
            &BatchReport::default(),
            &blocker,
            Lang::Id,
        )
        .unwrap_err();
        assert_eq!(err.path, blocker.join("discrepancies.csv"));
        assert!(err.to_string().starts_with(&format!(
            "cannot write {}: ",
            blocker.join("discrepancies.csv").display()
        )));
    }
}
