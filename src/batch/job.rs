//! One file's job: the request a reader gets (`Job`), the checks made before any reader
//! sees the file (`precheck`), reading and checking it and writing its cleaned workbook
//! (`process_job`, in this process or in a worker), and the report of a file that could
//! not be read (`unreadable`).

use super::BatchOptions;
use crate::checker::Checker;
use crate::model::{Finding, Rule, Text};
use crate::output;
use crate::report::FileReport;
use crate::workbook::Limits;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// One request to whoever reads a file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Job {
    /// Sent as the path's raw bytes: a file name need not be UTF-8 (a cp1252 byte from
    /// an old Windows PC), and JSON strings must be, so a `PathBuf` could not be sent.
    #[serde(with = "path_bytes")]
    pub path: PathBuf,
    pub cleaned: String,
}

mod path_bytes {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::ffi::OsString;
    use std::os::unix::ffi::{OsStrExt, OsStringExt};
    use std::path::{Path, PathBuf};

    pub fn serialize<S: Serializer>(path: &Path, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(path.as_os_str().as_bytes())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<PathBuf, D::Error> {
        let bytes = Vec::<u8>::deserialize(d)?;
        Ok(PathBuf::from(OsString::from_vec(bytes)))
    }
}

/// What must hold before a file is handed to a reader, checked here so that no reader
/// (nor worker) ever blocks on it: it can be looked at, it is a plain file (not a
/// folder, a device such as `/dev/zero`, a FIFO or a socket, whatever its name or the
/// link leading to it), and it is within `--max-file-mb`. The reader checks the size
/// again on what it actually reads.
pub fn precheck(path: &Path, limits: &Limits) -> Option<FileReport> {
    let fail = |found: &str, message: Text| {
        let mut report = unreadable(path, message);
        if let Some(f) = report.findings.first_mut() {
            f.found = found.to_string();
        }
        Some(report)
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            return fail(
                "io-error",
                Text::new(
                    format!("berkas tidak dapat dibaca: {e}"),
                    format!("the file cannot be read: {e}"),
                ),
            )
        }
    };
    if meta.is_dir() {
        let why = match std::fs::read_dir(path) {
            Err(e) => e.to_string(),
            Ok(_) => "-".to_string(),
        };
        return fail(
            "io-error",
            Text::new(
                format!("folder tidak dapat dibaca ({why}); berkas di dalamnya tidak diperiksa"),
                format!("the folder cannot be read ({why}); the files in it were not checked"),
            ),
        );
    }
    if !meta.is_file() {
        return fail(
            "not-a-file",
            Text::new(
                "bukan berkas biasa (perangkat, FIFO atau soket); tidak dibaca",
                "not a regular file (a device, FIFO or socket); not read",
            ),
        );
    }
    if meta.len() > limits.max_file_bytes {
        return fail(
            "too-large",
            Text::new(
                format!("berkas melebihi batas ukuran yang diizinkan ({} bita; batas {} bita, --max-file-mb)", meta.len(), limits.max_file_bytes),
                format!("file exceeds a size limit: {} bytes; limit is {} bytes (--max-file-mb)", meta.len(), limits.max_file_bytes),
            ),
        );
    }
    None
}

/// Check one file and, with `opts.write_cleaned`, write its cleaned workbook. Used
/// in-process and by the worker.
pub fn process_job(job: &Job, checker: &Checker, opts: &BatchOptions) -> FileReport {
    let schema = checker.schema();
    let run = || {
        let mut report = checker.check_file(&job.path);
        // No cleaned workbook without a table: it would be empty (the discrepancy
        // report still lists the file through its unreadable-file or no-table finding).
        let readable = opts.write_cleaned
            && !report
                .findings
                .iter()
                .any(|f| matches!(f.rule, Rule::UnreadableFile | Rule::NoTable));
        if readable {
            report.cleaned = Some(job.cleaned.clone());
            if let Err(e) = output::write_cleaned(&report, schema, &opts.out, opts.lang) {
                // Not printed (a worker has no terminal): a finding, counted in the
                // summary and the exit code, so a missing workbook is never silent.
                report.cleaned = None;
                let f = Finding::new(
                    Rule::WriteFailed,
                    Text::new(
                        format!(
                            "buku kerja bersih {} tidak dapat ditulis: {}",
                            job.cleaned, e.cause
                        ),
                        format!(
                            "the cleaned workbook {} could not be written: {}",
                            job.cleaned, e.cause
                        ),
                    ),
                )
                .expected(job.cleaned.clone());
                report.add_findings([f], schema);
            }
        }
        report
    };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
        Ok(report) => report,
        Err(panic) => {
            let what = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            unreadable(
                &job.path,
                Text::new(
                    format!(
                        "pembaca berkas gagal secara internal ({what}); berkas kemungkinan rusak"
                    ),
                    format!("the reader failed internally ({what}); the file is probably corrupt"),
                ),
            )
        }
    }
}

/// A report holding only an `unreadable-file` finding.
pub fn unreadable(path: &Path, message: Text) -> FileReport {
    let mut report = FileReport::for_path(path);
    let mut finding = Finding::new(Rule::UnreadableFile, message).found("reader-failed");
    finding.file = report.file.clone();
    report.findings.push(finding);
    report
}
