//! Stage 6, `write`: the cleaned workbook per input (`cleaned.rs`), the discrepancy
//! report (`discrepancies.rs`) and the consolidated regency workbook, CSV and Parquet
//! (`consolidated.rs`). Every file is written to a temporary file in the output folder and
//! renamed into place (`atomic.rs`). Text that came from an input is never written as a
//! formula, and names derived from it never leave the output folder (`sanitize.rs`).
//! This stage reads only the reports it is given; it never opens an input file.
//! The files, sheets and columns are documented in docs/outputs.md.

mod atomic;
mod cleaned;
mod consolidated;
mod discrepancies;
mod sanitize;

pub use atomic::atomic_write;
pub use cleaned::write_cleaned;
pub use consolidated::write_consolidated;
pub use discrepancies::write_discrepancies;
pub use sanitize::{csv_text, safe_file_stem, safe_relative_path, safe_sheet_name};

use crate::model::{Lang, Severity};
use crate::report::FileReport;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};
use std::fmt;
use std::path::{Path, PathBuf};

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
pub(crate) fn severity_label(severity: Severity, lang: Lang) -> &'static str {
    match severity {
        Severity::Error => tr(lang, "galat", "error"),
        Severity::Warning => tr(lang, "peringatan", "warning"),
        Severity::Info => tr(lang, "info", "info"),
    }
}

/// A fresh workbook whose document properties carry a fixed creation date, so that
/// writing the same reports twice gives byte-identical files.
pub(crate) fn new_workbook() -> Result<Workbook, OutputCause> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    let props = DocProperties::new()
        .set_author("kinerja")
        .set_creation_datetime(&created);
    workbook.set_properties(&props);
    Ok(workbook)
}

/// Save a workbook into `path` atomically.
pub(crate) fn save_workbook(workbook: &mut Workbook, path: &Path) -> Result<(), OutputError> {
    atomic_write(path, |w| {
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
    sorted.sort_by(|(ia, a), (ib, b)| {
        kecamatan_key(a.kecamatan.as_deref())
            .cmp(&kecamatan_key(b.kecamatan.as_deref()))
            .then_with(|| a.file.cmp(&b.file))
            .then_with(|| a.path.cmp(&b.path))
            .then_with(|| ia.cmp(ib))
    });
    sorted.into_iter().map(|(_, r)| r).collect()
}

/// Sort key putting a missing kecamatan after every named one.
pub(crate) fn kecamatan_key(k: Option<&str>) -> (bool, &str) {
    (k.is_none(), k.unwrap_or(""))
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
