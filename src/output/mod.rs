//! Stage 6, `write`: the cleaned workbook per input (`cleaned.rs`), the discrepancy
//! report (`discrepancies.rs`) and the consolidated regency workbook, CSV and Parquet
//! (`consolidated.rs`). Every file is written to a temporary file in the output folder and
//! renamed into place (`atomic.rs`). Text that came from an input is never written as a
//! formula, and names derived from it never leave the output folder (`sanitize.rs`).
//! This stage reads only the reports it is given; it never opens an input file.
//! The batch-wide files are written by streaming writers (`DiscrepanciesWriter`,
//! `ConsolidatedWriter`) fed one report at a time in `sorted_reports` order, so a batch
//! never holds every report; `write_discrepancies` / `write_consolidated` sort and feed.
//! The files, sheets and columns are documented in docs/outputs.md.

mod atomic;
mod cleaned;
mod consolidated;
mod discrepancies;
mod long_table;
mod sanitize;
pub mod template;

pub use atomic::{atomic_write, Staged};
pub use cleaned::write_cleaned;
pub use consolidated::{
    write_consolidated, ConsolidatedTables, ConsolidatedWorkbook, ConsolidatedWriter,
};
pub use discrepancies::{write_discrepancies, DiscrepanciesWriter};
pub use sanitize::{csv_text, safe_file_stem, safe_relative_path, safe_sheet_name};

use crate::model::{Lang, Severity};
use crate::report::{BatchReport, FileReport};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};
use std::fmt;
use std::path::{Path, PathBuf};

/// A batch-wide output written one report at a time: `add` each report in
/// `sorted_reports` order (`report_order`), then `finish` with the batch's report (its
/// counts, batch-level findings and figures, as the batch or `BatchReport::of` makes it).
/// Nothing appears under the final names before `finish`: it completes the files under
/// temporary names and returns them `Staged`, and the batch renames every sink's files
/// into place only once all have finished (a sink that writes nothing returns
/// `Staged::default()`).
/// Writers fed the same reports, each on its own thread (`batch::run_batch_into`).
pub type Sinks<'a> = Vec<Box<dyn Sink + Send + 'a>>;

pub trait Sink {
    fn add(&mut self, report: &FileReport) -> Result<(), OutputError>;
    fn finish(self: Box<Self>, batch: &BatchReport) -> Result<Staged, OutputError>;
}

impl Sink for DiscrepanciesWriter {
    fn add(&mut self, report: &FileReport) -> Result<(), OutputError> {
        DiscrepanciesWriter::add(self, report)
    }
    fn finish(self: Box<Self>, batch: &BatchReport) -> Result<Staged, OutputError> {
        DiscrepanciesWriter::stage(*self, batch)
    }
}

impl Sink for ConsolidatedTables<'_> {
    fn add(&mut self, report: &FileReport) -> Result<(), OutputError> {
        ConsolidatedTables::add(self, report)
    }
    fn finish(self: Box<Self>, _batch: &BatchReport) -> Result<Staged, OutputError> {
        ConsolidatedTables::stage(*self)
    }
}

impl Sink for ConsolidatedWorkbook<'_> {
    fn add(&mut self, report: &FileReport) -> Result<(), OutputError> {
        ConsolidatedWorkbook::add(self, report)
    }
    fn finish(self: Box<Self>, batch: &BatchReport) -> Result<Staged, OutputError> {
        ConsolidatedWorkbook::stage(*self, batch)
    }
}

impl Sink for ConsolidatedWriter<'_> {
    fn add(&mut self, report: &FileReport) -> Result<(), OutputError> {
        ConsolidatedWriter::add(self, report)
    }
    fn finish(self: Box<Self>, batch: &BatchReport) -> Result<Staged, OutputError> {
        ConsolidatedWriter::stage(*self, batch)
    }
}

/// What went wrong while writing one output file.
#[derive(Debug)]
pub enum OutputCause {
    Io(std::io::Error),
    Xlsx(rust_xlsxwriter::XlsxError),
    Csv(csv::Error),
    Parquet(polars::error::PolarsError),
    /// Something about the data or the path that cannot be written.
    Invalid(String),
}

impl fmt::Display for OutputCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputCause::Io(e) => write!(f, "{e}"),
            OutputCause::Xlsx(e) => write!(f, "xlsx: {e}"),
            OutputCause::Csv(e) => write!(f, "csv: {e}"),
            OutputCause::Parquet(e) => write!(f, "parquet: {e}"),
            OutputCause::Invalid(s) => f.write_str(s),
        }
    }
}

impl From<std::io::Error> for OutputCause {
    fn from(e: std::io::Error) -> Self {
        OutputCause::Io(e)
    }
}

impl From<rust_xlsxwriter::XlsxError> for OutputCause {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        OutputCause::Xlsx(e)
    }
}

impl From<csv::Error> for OutputCause {
    fn from(e: csv::Error) -> Self {
        OutputCause::Csv(e)
    }
}

impl From<polars::error::PolarsError> for OutputCause {
    fn from(e: polars::error::PolarsError) -> Self {
        OutputCause::Parquet(e)
    }
}

/// An output file that could not be written: which file, and why.
#[derive(Debug)]
pub struct OutputError {
    pub path: PathBuf,
    pub cause: OutputCause,
}

impl OutputError {
    pub fn new(path: &Path, cause: OutputCause) -> Self {
        OutputError {
            path: path.to_path_buf(),
            cause,
        }
    }
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot write {}: {}", self.path.display(), self.cause)
    }
}

impl std::error::Error for OutputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.cause {
            OutputCause::Io(e) => Some(e),
            OutputCause::Xlsx(e) => Some(e),
            OutputCause::Csv(e) => Some(e),
            OutputCause::Parquet(e) => Some(e),
            OutputCause::Invalid(_) => None,
        }
    }
}

/// Pick the Indonesian or English wording.
pub(crate) fn tr(lang: Lang, id: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

/// A severity as a clerk reads it.
pub fn severity_label(severity: Severity, lang: Lang) -> &'static str {
    match severity {
        Severity::Error => tr(lang, "galat", "error"),
        Severity::Warning => tr(lang, "peringatan", "warning"),
        Severity::Info => tr(lang, "info", "info"),
    }
}

/// A fresh workbook whose document properties carry a fixed creation date, so that
/// writing the same reports twice gives byte-identical files. Zip level 3 instead of 6:
/// a few percent larger files, about a third less time compressing (rust_xlsxwriter's
/// own measurements), which matters when a batch writes thousands of workbooks.
pub(crate) fn new_workbook() -> Result<Workbook, OutputCause> {
    let mut workbook = Workbook::new();
    workbook.set_zip_compression_level(3);
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    let props = DocProperties::new()
        .set_author("kinerja")
        .set_creation_datetime(&created);
    workbook.set_properties(&props);
    Ok(workbook)
}

/// Save a workbook into `path` atomically (`stage_workbook`, then renamed into place).
pub(crate) fn save_workbook(workbook: &mut Workbook, path: &Path) -> Result<(), OutputError> {
    stage_workbook(workbook, path)?.commit()
}

/// A workbook complete under a temporary name beside `path`, every sheet set up to
/// print as the regency prints reports: A4 landscape, one page wide, the header row
/// repeated on every page; a chart sheet on one page.
pub(crate) fn stage_workbook(
    workbook: &mut Workbook,
    path: &Path,
) -> Result<atomic::AtomicFile, OutputError> {
    for ws in workbook.worksheets_mut() {
        ws.set_landscape();
        ws.set_paper_size(9);
        if ws.name() == "Grafik" {
            ws.set_print_fit_to_pages(1, 1);
        } else {
            ws.set_print_fit_to_pages(1, 0);
            // A sheet too small for a header row refuses the range; printing goes on.
            let _ = ws.set_repeat_rows(0, 0);
        }
    }
    atomic::AtomicFile::written(path, |w| {
        workbook.save_to_writer(w)?;
        Ok(())
    })
}

/// A number as written in CSV: shortest text that reads back as the same f64, dot
/// decimal, no exponent ("97.31", "6", "0.648"); empty for none or non-finite.
pub(crate) fn csv_number(n: Option<f64>) -> String {
    match n {
        Some(v) if v.is_finite() => {
            // -0 is written as 0 so equal values give equal bytes.
            if v == 0.0 {
                "0".to_string()
            } else {
                format!("{v}")
            }
        }
        _ => String::new(),
    }
}

/// Reports in the order every output lists them: kecamatan (unknown last), then file,
/// then path, then their position in the input (so ties stay deterministic).
pub(crate) fn sorted_reports(reports: &[FileReport]) -> Vec<&FileReport> {
    let mut sorted: Vec<(usize, &FileReport)> = reports.iter().enumerate().collect();
    sorted.sort_by_key(|&(i, r)| (report_order(r.kecamatan.as_deref(), &r.file, &r.path), i));
    sorted.into_iter().map(|(_, r)| r).collect()
}

/// The order reports take in every batch-wide output: kecamatan (a missing one last),
/// then file name, then path. The streaming batch sorts its spill index by the same key.
pub fn report_order<'a>(
    kecamatan: Option<&'a str>,
    file: &'a str,
    path: &'a str,
) -> ((bool, &'a str), &'a str, &'a str) {
    (kecamatan_key(kecamatan), file, path)
}

/// Sort key putting a missing kecamatan after every named one.
pub(crate) fn kecamatan_key(k: Option<&str>) -> (bool, &str) {
    (k.is_none(), k.unwrap_or(""))
}

/// Column widths measured while writing, for sheets written in constant-memory mode
/// (rows are flushed to disk as they are written, so Excel-side autofit cannot see
/// them). Widths are in characters, at least the header's, at most `MAX_WIDTH`.
pub(crate) struct Widths(Vec<usize>);

impl Widths {
    const MAX_WIDTH: usize = 60;

    pub(crate) fn new(headers: &[&str]) -> Self {
        Widths(headers.iter().map(|h| h.chars().count() + 2).collect())
    }

    pub(crate) fn see(&mut self, col: usize, text: &str) {
        let n = text.chars().count().min(Self::MAX_WIDTH);
        if let Some(w) = self.0.get_mut(col) {
            *w = (*w).max(n + 1);
        }
    }

    pub(crate) fn apply(&self, ws: &mut rust_xlsxwriter::Worksheet) -> Result<(), OutputCause> {
        for (col, w) in self.0.iter().enumerate() {
            ws.set_column_width(col as u16, *w as f64)?;
        }
        Ok(())
    }
}

/// How an unidentified kecamatan is shown in sheets.
pub(crate) fn unknown_kecamatan(lang: Lang) -> &'static str {
    tr(lang, "(tidak dikenal)", "(unknown)")
}

#[cfg(test)]
pub(crate) mod fixtures;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_numbers_are_shortest_round_trip() {
        assert_eq!(csv_number(Some(97.31)), "97.31");
        assert_eq!(csv_number(Some(6.0)), "6");
        assert_eq!(csv_number(Some(0.648)), "0.648");
        assert_eq!(csv_number(Some(1_250_000.0)), "1250000");
        assert_eq!(csv_number(Some(-0.0)), "0");
        assert_eq!(csv_number(Some(760.0 / 13.0)), "58.46153846153846");
        assert_eq!("58.46153846153846".parse::<f64>().unwrap(), 760.0 / 13.0);
        assert_eq!(csv_number(Some(f64::NAN)), "");
        assert_eq!(csv_number(None), "");
    }

    #[test]
    fn output_error_names_the_file() {
        let e = OutputError::new(
            Path::new("out/discrepancies.csv"),
            OutputCause::Io(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                "permission denied",
            )),
        );
        assert_eq!(
            e.to_string(),
            "cannot write out/discrepancies.csv: permission denied"
        );
        assert!(std::error::Error::source(&e).is_some());
    }
}

/// The xlsx outputs open in LibreOffice (a second, independent reader): converted
/// headless to CSV, they show the values written, and injected text as plain text.
#[cfg(test)]
mod libreoffice {
    use super::fixtures::*;
    use super::*;
    use std::process::Command;

    #[test]
    fn outputs_open_in_libreoffice() {
        let Some(soffice) = ["soffice", "libreoffice"].into_iter().find(|p| {
            Command::new(p)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        }) else {
            eprintln!("skipped: LibreOffice (soffice) is not installed");
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let schema = schema();
        let reports = sample_reports();
        for r in &reports {
            write_cleaned(r, &schema, &out, Lang::Id).unwrap();
        }
        write_discrepancies(&reports, &BatchReport::default(), &out, Lang::Id).unwrap();
        let batch = BatchReport::of(&reports, Vec::new(), &schema);
        write_consolidated(&reports, &batch, &schema, &out, Lang::Id).unwrap();

        let converted = dir.path().join("converted");
        let profile = format!("file://{}", dir.path().join("profile").display());
        let status = Command::new(soffice)
            .args(["--headless", "--norestore"])
            .arg(format!("-env:UserInstallation={profile}"))
            .args(["--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76"])
            .arg("--outdir")
            .arg(&converted)
            .arg(out.join("cleaned/pallangga.xlsx"))
            .arg(out.join("cleaned/bajeng.xlsx"))
            .arg(out.join("consolidated.xlsx"))
            .output()
            .unwrap();
        assert!(status.status.success(), "{status:?}");
        let read = |name: &str| std::fs::read_to_string(converted.join(name)).unwrap();

        let pallangga = read("pallangga.csv");
        let lines: Vec<&str> = pallangga.lines().collect();
        assert_eq!(
            lines[0],
            "No,Sasaran,Indikator,ID indikator,Kecocokan,Satuan,Target,Realisasi,\
             Capaian (tertulis),Capaian (dihitung),Keterangan,Sel asal"
        );
        // The injected texts come back as typed: LibreOffice did not evaluate them.
        assert!(
            lines[1].contains("\"=HYPERLINK(\"\"http://x\"\")\""),
            "{}",
            lines[1]
        );
        assert!(lines[1].contains("+cmd|' /C calc'!A0"), "{}", lines[1]);
        assert!(lines[1].contains(",80,84.50,105.63 %,"), "{}", lines[1]);

        let bajeng = read("bajeng.csv");
        let row1 = bajeng.lines().nth(1).unwrap();
        assert!(row1.contains(",85.00,82.71,97.31 %,97.31 %,"), "{row1}");
        let row3 = bajeng.lines().nth(3).unwrap();
        assert!(row3.contains(",BB,BB,"), "{row3}");

        let ringkasan = read("consolidated.csv");
        assert!(
            ringkasan
                .lines()
                .any(|l| l.starts_with("Pallangga,pallangga.xlsx,1,3,2,1,1,1,1,87.50 %,Baik")),
            "{ringkasan}"
        );
    }
}
