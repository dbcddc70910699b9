//! The main job: every upload of a regency at once. Files are processed in parallel
//! (rayon), each in a worker process by default, so that a reader crash, an allocation
//! failure or a hang on one hostile file costs that file only: the worker is restarted
//! and the file becomes an `unreadable-file` finding. Results come back in input order,
//! whatever the thread count, so outputs are deterministic.

use crate::model::{Finding, Lang, Rule, Severity, Text};
use crate::output;
use crate::pipeline::{self, display_name};
use crate::report::FileReport;
use crate::schema::{Matcher, Schema};
use crate::workbook::Limits;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::ffi::OsString;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

/// Extensions picked up when a folder is walked. Files named on the command line are
/// always read, whatever their name: a mislabeled upload must become a finding.
pub const SPREADSHEET_EXTENSIONS: &[&str] = &[
    "xlsx", "xlsm", "xlsb", "xls", "xla", "xlam", "xltx", "xltm", "ods", "ots", "csv",
];

/// Marker the batch leaves in its output folder, so a later run knows the folder is
/// its own and may overwrite it.
pub const MARKER: &str = ".kinerja-output";

/// How each file is read.
#[derive(Debug, Clone)]
pub enum Isolation {
    /// In this process (tests, `check`): panics are caught, aborts are not.
    InProcess,
    /// In worker processes started with `command` (the kinerja binary with its hidden
    /// `worker` subcommand); a worker that dies or exceeds `timeout` on a file is
    /// replaced and the file reported unreadable.
    Workers {
        command: Vec<OsString>,
        timeout: Duration,
    },
}

#[derive(Debug, Clone)]
pub struct BatchOptions {
    pub out: PathBuf,
    pub lang: Lang,
    pub limits: Limits,
    /// Worker threads; 0 = one per core.
    pub threads: usize,
    pub isolation: Isolation,
}

/// A setup problem that stops the batch before any work (exit code 2).
#[derive(Debug, Clone, PartialEq)]
pub struct SetupError(pub String);

impl std::fmt::Display for SetupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What the batch did, for the closing summary.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    pub files: usize,
    pub unreadable: usize,
    pub no_table: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

/// Files to read: named files as given, folders walked (sorted, recursively) for
/// spreadsheet extensions; hidden files and Excel lock files (`~$x.xlsx`) skipped.
pub fn collect_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, SetupError> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            walk(input, &mut files)
                .map_err(|e| SetupError(format!("cannot read folder {}: {e}", input.display())))?;
        } else if input.exists() {
            files.push(input.clone());
        } else {
            return Err(SetupError(format!("input not found: {}", input.display())));
        }
    }
    let mut seen = HashSet::new();
    files.retain(|f| seen.insert(f.clone()));
    Ok(files)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        let name = display_name(&path);
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        if path.is_dir() {
            walk(&path, files)?;
        } else if has_spreadsheet_extension(&path) {
            files.push(path);
        }
    }
    Ok(())
}

fn has_spreadsheet_extension(path: &Path) -> bool {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .is_some_and(|e| SPREADSHEET_EXTENSIONS.contains(&e.as_str()))
}

/// Make sure `out` can take the outputs before any work is done: create it, refuse a
/// non-empty folder this tool did not write (unless `force`), and prove it writable.
pub fn prepare_out(out: &Path, force: bool) -> Result<(), SetupError> {
    let cannot = |e: std::io::Error| {
        SetupError(format!(
            "output folder {} is not writable: {e}",
            out.display()
        ))
    };
    if out.exists() && !out.is_dir() {
        return Err(SetupError(format!(
            "--out {} exists and is not a folder",
            out.display()
        )));
    }
    std::fs::create_dir_all(out).map_err(cannot)?;
    let marker = out.join(MARKER);
    let non_empty = std::fs::read_dir(out).map_err(cannot)?.next().is_some();
    if non_empty && !marker.exists() && !force {
        return Err(SetupError(format!(
            "output folder {} already holds files that kinerja did not write; choose an empty folder or pass --force",
            out.display()
        )));
    }
    std::fs::write(
        &marker,
        "This folder holds kinerja outputs; kinerja may overwrite them.\n",
    )
    .map_err(cannot)?;
    std::fs::create_dir_all(out.join("cleaned")).map_err(cannot)?;
    Ok(())
}

/// Relative path of each input's cleaned workbook: `cleaned/<stem>.xlsx`, with
/// `-2`, `-3` … appended when two inputs share a stem. Deterministic in input order.
pub fn cleaned_names(files: &[PathBuf]) -> Vec<String> {
    let mut used = BTreeSet::new();
    files
        .iter()
        .map(|f| {
            let stem = f
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let stem = output::safe_file_stem(&stem);
            let mut name = stem.clone();
            let mut n = 2;
            while !used.insert(name.to_lowercase()) {
                name = format!("{stem}-{n}");
                n += 1;
            }
            format!("cleaned/{name}.xlsx")
        })
        .collect()
}

/// One request to whoever reads a file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Job {
    pub path: PathBuf,
    pub cleaned: String,
}

/// Read one file and write its cleaned workbook. Used in-process and by the worker.
pub fn process_job(job: &Job, matcher: &Matcher, opts: &BatchOptions) -> FileReport {
    let schema = matcher.schema;
    let run = || {
        let mut report = pipeline::process_file(&job.path, matcher, &opts.limits).report;
        // No cleaned workbook without a table: it would be empty (the discrepancy
        // report still lists the file through its unreadable-file or no-table finding).
        let readable = !report
            .findings
            .iter()
            .any(|f| matches!(f.rule, Rule::UnreadableFile | Rule::NoTable));
        if readable {
            report.cleaned = Some(job.cleaned.clone());
            if let Err(e) = output::write_cleaned(&report, schema, &opts.out, opts.lang) {
                report.cleaned = None;
                eprintln!("kinerja: {e}");
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

/// Read every file in parallel, handing each report to `each` as soon as it is done (from
/// any thread); the results come back in input order.
fn process_each<T: Send>(
    files: &[PathBuf],
    schema: &Schema,
    opts: &BatchOptions,
    each: &(dyn Fn(FileReport) -> T + Sync),
) -> Result<Vec<T>, SetupError> {
    let names = cleaned_names(files);
    let jobs: Vec<Job> = files
        .iter()
        .zip(names)
        .map(|(path, cleaned)| Job {
            path: path.clone(),
            cleaned,
        })
        .collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads)
        .build()
        .map_err(|e| SetupError(format!("cannot start worker threads: {e}")))?;
    let matcher = Matcher::new(schema);
    let results: Vec<T> = pool.install(|| {
        jobs.par_iter()
            .map(|job| {
                let report = match &opts.isolation {
                    Isolation::InProcess => process_job(job, &matcher, opts),
                    Isolation::Workers { command, timeout } => {
                        in_worker(job, command, *timeout).unwrap_or_else(|| {
                            // No worker could be started (a sandbox that forbids it): read
                            // here rather than lose the file.
                            process_job(job, &matcher, opts)
                        })
                    }
                };
                each(report)
            })
            .collect()
    });
    // Each rayon thread's worker ends when its pool does.
    drop(pool);
    Ok(results)
}

/// Process every file, calling `progress` after each (from any thread), and return the
/// reports in input order. Adds the batch-level findings (`duplicate-upload`,
/// `missing-upload`). Holds every report in memory: the CLI uses `run_batch`.
pub fn run_files(
    files: &[PathBuf],
    schema: &Schema,
    opts: &BatchOptions,
    progress: &(dyn Fn(&FileReport) + Sync),
) -> Result<Vec<FileReport>, SetupError> {
    let mut reports = process_each(files, schema, opts, &|report| {
        progress(&report);
        report
    })?;
    add_upload_findings(&mut reports, schema);
    Ok(reports)
}

/// Where one report sits in the spill file, and what the batch needs of it without
/// reading it back.
struct Spilled {
    file: String,
    path: String,
    kecamatan: Option<String>,
    offset: u64,
    len: usize,
    summary: Summary,
}

/// The whole batch with memory that does not grow with the number of files: each report
/// is written to a spill file in the output folder as soon as it is done (JSON, the
/// same encoding the workers answer in)
/// and only a small index stays in memory; then the reports are read back one at a time
/// in output order, given their batch-level findings, and fed to the streaming writers.
/// Outputs are byte-identical to `run_files` followed by `write_outputs`.
pub fn run_batch(
    files: &[PathBuf],
    schema: &Schema,
    opts: &BatchOptions,
    progress: &(dyn Fn(&FileReport) + Sync),
) -> Result<Summary, SetupError> {
    use std::io::{Read, Seek, SeekFrom};
    use std::sync::Mutex;
    let spill_error = |e: std::io::Error| {
        SetupError(format!(
            "cannot use a temporary file in {}: {e}",
            opts.out.display()
        ))
    };
    // Removed when dropped, whatever happens.
    let spill = tempfile::Builder::new()
        .prefix(".kinerja-spill.")
        .suffix(".tmp")
        .tempfile_in(&opts.out)
        .map_err(spill_error)?;
    let sink = Mutex::new((
        std::io::BufWriter::new(spill.as_file().try_clone().map_err(spill_error)?),
        0u64,
    ));
    let spilled = process_each(files, schema, opts, &|report| -> Result<Spilled, String> {
        progress(&report);
        // serde_json is built with float_roundtrip, so every f64 comes back bit for bit
        // and the outputs equal the in-memory path's.
        let bytes = serde_json::to_vec(&report).map_err(|e| e.to_string())?;
        let mut guard = sink
            .lock()
            .map_err(|_| "spill file lock poisoned".to_string())?;
        let (writer, end) = &mut *guard;
        let offset = *end;
        writer.write_all(&bytes).map_err(|e| e.to_string())?;
        *end += bytes.len() as u64;
        Ok(Spilled {
            summary: summarize(std::slice::from_ref(&report)),
            file: report.file,
            path: report.path,
            kecamatan: report.kecamatan,
            offset,
            len: bytes.len(),
        })
    })?;
    let spilled: Vec<Spilled> = spilled
        .into_iter()
        .collect::<Result<_, _>>()
        .map_err(|e| SetupError(format!("cannot write the temporary spill file: {e}")))?;
    let (mut writer, _) = sink
        .into_inner()
        .map_err(|_| SetupError("spill file lock poisoned".into()))?;
    writer.flush().map_err(spill_error)?;
    drop(writer);

    // Batch-level findings, per input position.
    let keys: Vec<(&str, Option<&str>)> = spilled
        .iter()
        .map(|s| (s.file.as_str(), s.kecamatan.as_deref()))
        .collect();
    let mut extra: Vec<Vec<Finding>> = vec![Vec::new(); spilled.len()];
    for (i, f) in upload_findings(&keys, schema) {
        if let Some(v) = extra.get_mut(i) {
            v.push(f);
        }
    }

    let mut summary = Summary::default();
    for s in &spilled {
        summary.merge(&s.summary);
    }
    for f in extra.iter().flatten() {
        summary.add_finding(f);
    }

    // Output order: as `output::sorted_reports`.
    let mut order: Vec<(usize, &Spilled)> = spilled.iter().enumerate().collect();
    order.sort_by_key(|&(i, s)| {
        (
            output::report_order(s.kecamatan.as_deref(), &s.file, &s.path),
            i,
        )
    });

    // Two passes over the spill, one per output family, so that only one family's
    // writer state (chiefly the hyperlinks of a "Temuan" sheet) is in memory at a time.
    let mut reader = spill.reopen().map_err(spill_error)?;
    let mut buf = Vec::new();
    let mut read_back = |feed: &mut dyn FnMut(&FileReport) -> Result<(), output::OutputError>|
     -> Result<(), SetupError> {
        for &(i, s) in &order {
            buf.resize(s.len, 0);
            reader
                .seek(SeekFrom::Start(s.offset))
                .map_err(spill_error)?;
            reader.read_exact(&mut buf).map_err(spill_error)?;
            let mut report: FileReport = serde_json::from_slice(&buf).map_err(|e| {
                SetupError(format!("cannot read back the temporary spill file: {e}"))
            })?;
            if let Some(findings) = extra.get(i) {
                report.findings.extend(findings.iter().cloned());
            }
            feed(&report).map_err(|e| SetupError(e.to_string()))?;
        }
        Ok(())
    };
    let out_error = |e: output::OutputError| SetupError(e.to_string());
    let mut discrepancies =
        output::DiscrepanciesWriter::new(&opts.out, opts.lang).map_err(out_error)?;
    read_back(&mut |r| discrepancies.add(r))?;
    discrepancies.finish().map_err(out_error)?;
    release_free_memory();
    let mut consolidated =
        output::ConsolidatedWriter::new(&opts.out, schema, opts.lang).map_err(out_error)?;
    read_back(&mut |r| consolidated.add(r))?;
    consolidated.finish().map_err(out_error)?;
    spill.close().map_err(spill_error)?;
    Ok(summary)
}

/// Hand memory freed by one output family back to the system before the next, so the
/// batch's peak is the larger family's, not their sum (glibc keeps freed heap otherwise).
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free heap pages to the kernel; it touches no
    // live allocation.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Two uploads for one kecamatan, and kecamatan of the schema with no upload.
fn add_upload_findings(reports: &mut [FileReport], schema: &Schema) {
    let found = {
        let keys: Vec<(&str, Option<&str>)> = reports
            .iter()
            .map(|r| (r.file.as_str(), r.kecamatan.as_deref()))
            .collect();
        upload_findings(&keys, schema)
    };
    for (i, f) in found {
        if let Some(r) = reports.get_mut(i) {
            r.findings.push(f);
        }
    }
}

/// The batch-level findings for reports known by (file, kecamatan) in input order, each
/// with the position of the report it rides on, in the order they are added.
fn upload_findings(reports: &[(&str, Option<&str>)], schema: &Schema) -> Vec<(usize, Finding)> {
    let mut out = Vec::new();
    let mut by_kecamatan: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, (_, k)) in reports.iter().enumerate() {
        if let Some(k) = k {
            by_kecamatan.entry(k).or_default().push(i);
        }
    }
    for (k, idx) in &by_kecamatan {
        if idx.len() < 2 {
            continue;
        }
        // Name a few files, not all: a re-run over a folder holding every old upload must
        // not make each finding carry hundreds of names.
        const NAMED: usize = 5;
        let files: Vec<&str> = idx
            .iter()
            .take(NAMED)
            .filter_map(|&i| reports.get(i).map(|r| r.0))
            .collect();
        let more = idx.len().saturating_sub(NAMED);
        let list = if more > 0 {
            format!("{} (+{more})", files.join(", "))
        } else {
            files.join(", ")
        };
        for &i in idx.iter().skip(1) {
            if let Some((file, _)) = reports.get(i) {
                let mut f = Finding::new(
                    Rule::DuplicateUpload,
                    Text::new(
                        format!("kecamatan {k} mengirim lebih dari satu berkas ({list}); pastikan hanya satu yang berlaku"),
                        format!("kecamatan {k} sent more than one file ({list}); make sure only one is current"),
                    ),
                )
                .found(list.clone());
                f.severity = schema.severity(Rule::DuplicateUpload);
                f.file = file.to_string();
                f.kecamatan = Some(k.to_string());
                out.push((i, f));
            }
        }
    }
    let readable = reports.iter().any(|r| r.1.is_some());
    if !readable || reports.is_empty() {
        return out;
    }
    for k in &schema.kecamatan {
        if by_kecamatan.contains_key(k.name.as_str()) {
            continue;
        }
        // A batch-level finding has no file of its own; it rides on the first report so
        // that every writer sees it, with an empty file name.
        let mut f = Finding::new(
            Rule::MissingUpload,
            Text::new(
                format!("tidak ada berkas dari kecamatan {}", k.name),
                format!("no file was received from kecamatan {}", k.name),
            ),
        )
        .expected(k.name.clone());
        f.severity = schema.severity(Rule::MissingUpload);
        f.kecamatan = Some(k.name.clone());
        out.push((0, f));
    }
    out
}

/// Count what a batch found.
pub fn summarize(reports: &[FileReport]) -> Summary {
    let mut s = Summary::default();
    for r in reports {
        s.add_report(r);
    }
    s
}

impl Summary {
    /// One more file with its findings.
    pub fn add_report(&mut self, report: &FileReport) {
        self.files += 1;
        let has = |rule| report.findings.iter().any(|f| f.rule == rule);
        self.unreadable += usize::from(has(Rule::UnreadableFile));
        self.no_table += usize::from(has(Rule::NoTable));
        for f in &report.findings {
            self.add_finding(f);
        }
    }

    /// One more finding, counted by its severity.
    pub fn add_finding(&mut self, finding: &Finding) {
        match finding.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }

    /// Add another summary's counts to this one.
    pub fn merge(&mut self, other: &Summary) {
        self.files += other.files;
        self.unreadable += other.unreadable;
        self.no_table += other.no_table;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
    }
}

/// Write the batch-wide outputs: discrepancy report and consolidated workbook.
pub fn write_outputs(
    reports: &[FileReport],
    schema: &Schema,
    opts: &BatchOptions,
) -> Result<(), SetupError> {
    output::write_discrepancies(reports, &opts.out, opts.lang)
        .map_err(|e| SetupError(e.to_string()))?;
    output::write_consolidated(reports, schema, &opts.out, opts.lang)
        .map_err(|e| SetupError(e.to_string()))?;
    Ok(())
}

// ---- worker processes ------------------------------------------------------------

/// A running worker: requests go to its stdin as JSON lines, reports come back the same
/// way through a reader thread, so that a hang can be timed out.
struct Worker {
    child: Child,
    stdin: ChildStdin,
    replies: Receiver<String>,
}

impl Worker {
    fn start(command: &[OsString]) -> std::io::Result<Worker> {
        let (program, args) = command
            .split_first()
            .ok_or_else(|| std::io::Error::other("empty worker command"))?;
        let mut child = Command::new(program)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        let stdin = child
            .stdin
            .take()
            .ok_or_else(|| std::io::Error::other("worker has no stdin"))?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| std::io::Error::other("worker has no stdout"))?;
        let (tx, replies) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                match line {
                    Ok(l) => {
                        if tx.send(l).is_err() {
                            break;
                        }
                    }
                    Err(_) => break,
                }
            }
        });
        Ok(Worker {
            child,
            stdin,
            replies,
        })
    }

    fn stop(mut self) -> String {
        let _ = self.child.kill();
        match self.child.wait() {
            Ok(status) => describe_exit(status),
            Err(e) => e.to_string(),
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Closing stdin ends a healthy worker; kill covers a stuck one.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn describe_exit(status: std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match status.signal() {
        Some(6) => "aborted (SIGABRT), typically an allocation beyond the memory limit".into(),
        Some(9) => "killed (SIGKILL), typically out of memory".into(),
        Some(11) => "crashed (SIGSEGV)".into(),
        Some(s) => format!("killed by signal {s}"),
        None => format!("exited with {status}"),
    }
}

thread_local! {
    static WORKER: RefCell<Option<Worker>> = const { RefCell::new(None) };
}

/// Read one job in this thread's worker, starting it if needed. None when no worker can
/// be started at all (the caller then reads the file itself).
fn in_worker(job: &Job, command: &[OsString], timeout: Duration) -> Option<FileReport> {
    WORKER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            match Worker::start(command) {
                Ok(w) => *slot = Some(w),
                Err(e) => {
                    warn_once(&format!(
                        "kinerja: cannot start a worker process ({e}); reading files in this process"
                    ));
                    return None;
                }
            }
        }
        let worker = slot.as_mut()?;
        let reply = match serde_json::to_string(job) {
            Ok(request) => writeln!(worker.stdin, "{request}")
                .and_then(|_| worker.stdin.flush())
                .map_err(|_| RecvTimeoutError::Disconnected)
                .and_then(|_| worker.replies.recv_timeout(timeout)),
            Err(_) => Err(RecvTimeoutError::Disconnected),
        };
        let report = match reply {
            Ok(line) => serde_json::from_str::<FileReport>(&line).unwrap_or_else(|e| {
                unreadable(
                    &job.path,
                    Text::new(
                        format!("jawaban proses pembaca tidak terbaca: {e}"),
                        format!("the reader process answered garbage: {e}"),
                    ),
                )
            }),
            Err(RecvTimeoutError::Timeout) => {
                if let Some(w) = slot.take() {
                    w.stop();
                }
                let secs = timeout.as_secs_f64();
                unreadable(
                    &job.path,
                    Text::new(
                        format!("pembacaan berkas dihentikan setelah {secs} detik (batas --file-timeout); berkas kemungkinan dirancang untuk membuat pembaca macet"),
                        format!("reading stopped after {secs} s (the --file-timeout limit); the file probably makes the reader hang"),
                    ),
                )
            }
            Err(RecvTimeoutError::Disconnected) => {
                let why = slot.take().map(Worker::stop).unwrap_or_default();
                unreadable(
                    &job.path,
                    Text::new(
                        format!("pembaca berkas berhenti mendadak saat membaca berkas ini: {why}; berkas kemungkinan rusak atau terlalu besar"),
                        format!("the reader stopped abruptly on this file: {why}; the file is probably corrupt or too large"),
                    ),
                )
            }
        };
        Some(report)
    })
}

fn warn_once(message: &str) {
    static WARNED: std::sync::Once = std::sync::Once::new();
    WARNED.call_once(|| eprintln!("{message}"));
}

/// The worker side: read jobs from stdin, answer reports on stdout, one JSON line each,
/// until stdin closes.
pub fn serve_worker(schema: &Schema, opts: &BatchOptions) -> std::io::Result<()> {
    let matcher = Matcher::new(schema);
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let report = match serde_json::from_str::<Job>(&line) {
            Ok(job) => process_job(&job, &matcher, opts),
            Err(e) => unreadable(Path::new("?"), Text::new(e.to_string(), e.to_string())),
        };
        let json = serde_json::to_string(&report).map_err(std::io::Error::other)?;
        writeln!(stdout, "{json}")?;
        stdout.flush()?;
    }
    Ok(())
}

/// Cap this process's address space at `mb` megabytes, so that a file which makes the
/// reader allocate without bound fails this worker (which the batch replaces) instead of
/// exhausting the machine. Called by the worker on start; a no-op when `mb` is 0.
pub fn limit_memory(mb: u64) -> std::io::Result<()> {
    if mb == 0 {
        return Ok(());
    }
    let bytes = mb.saturating_mul(1024 * 1024) as libc::rlim_t;
    let limit = libc::rlimit {
        rlim_cur: bytes,
        rlim_max: bytes,
    };
    // SAFETY: setrlimit reads a fully initialised struct and changes only this
    // process's own limit.
    let rc = unsafe { libc::setrlimit(libc::RLIMIT_AS, &limit) };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{DEFAULT_SCHEMA, DEFAULT_SCHEMA_NAME};

    fn schema() -> Schema {
        crate::schema::load_str(DEFAULT_SCHEMA, DEFAULT_SCHEMA_NAME)
            .unwrap()
            .0
    }

    fn opts(out: &Path, isolation: Isolation) -> BatchOptions {
        BatchOptions {
            out: out.to_path_buf(),
            lang: Lang::En,
            limits: Limits::default(),
            threads: 1,
            isolation,
        }
    }

    fn sh(script: &str) -> Vec<OsString> {
        vec!["sh".into(), "-c".into(), script.into()]
    }

    fn only_finding(reports: &[FileReport]) -> &Finding {
        assert_eq!(reports.len(), 1);
        assert_eq!(reports[0].findings.len(), 1, "{:?}", reports[0].findings);
        &reports[0].findings[0]
    }

    #[test]
    fn a_worker_that_hangs_is_stopped_and_the_file_reported() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("slow.xlsx");
        std::fs::write(&file, b"x").unwrap();
        let iso = Isolation::Workers {
            command: sh("sleep 30"),
            timeout: Duration::from_millis(300),
        };
        let started = std::time::Instant::now();
        let reports = run_files(&[file], &schema(), &opts(dir.path(), iso), &|_| {}).unwrap();
        let f = only_finding(&reports);
        assert_eq!(f.rule, Rule::UnreadableFile);
        assert_eq!(f.file, "slow.xlsx");
        assert!(
            f.message.en.starts_with("reading stopped after 0.3 s"),
            "{}",
            f.message.en
        );
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the hung worker was not killed"
        );
    }

    #[test]
    fn a_worker_that_dies_costs_only_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("crash.xlsx");
        std::fs::write(&file, b"x").unwrap();
        let iso = Isolation::Workers {
            command: sh("read line; kill -ABRT $$"),
            timeout: Duration::from_secs(30),
        };
        let reports = run_files(&[file], &schema(), &opts(dir.path(), iso), &|_| {}).unwrap();
        let f = only_finding(&reports);
        assert_eq!(f.rule, Rule::UnreadableFile);
        assert!(f.message.en.contains("SIGABRT"), "{}", f.message.en);
    }

    #[test]
    fn no_worker_at_all_falls_back_to_reading_here() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("page.xls");
        std::fs::write(&file, b"<html><table><tr><td>1</td></tr></table></html>").unwrap();
        let iso = Isolation::Workers {
            command: vec!["/no/such/kinerja-binary".into()],
            timeout: Duration::from_secs(30),
        };
        let reports = run_files(&[file], &schema(), &opts(dir.path(), iso), &|_| {}).unwrap();
        let f = only_finding(&reports);
        assert_eq!(f.rule, Rule::UnreadableFile);
        assert!(f.message.en.contains("HTML"), "{}", f.message.en);
    }

    /// Every output file of a folder, by name, with its bytes (cleaned workbooks aside).
    fn outputs(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .map(|p| (display_name(&p), std::fs::read(&p).unwrap()))
            .collect()
    }

    #[test]
    fn streaming_batch_equals_the_in_memory_path_and_leaves_no_spill() {
        let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let mut files = collect_inputs(&[samples]).unwrap();
        // A second upload of one kecamatan: duplicate-upload findings, and the schema's
        // other kecamatan give missing-upload findings.
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("bajeng-2023-revisi.xlsx");
        std::fs::copy(&files[0], &copy).unwrap();
        files.push(copy);
        assert!(files.len() >= 5);
        let schema = schema();

        let old = dir.path().join("old");
        prepare_out(&old, false).unwrap();
        let o = opts(&old, Isolation::InProcess);
        let reports = run_files(&files, &schema, &o, &|_| {}).unwrap();
        write_outputs(&reports, &schema, &o).unwrap();
        assert!(reports
            .iter()
            .flat_map(|r| &r.findings)
            .any(|f| f.rule == Rule::DuplicateUpload));
        assert!(reports
            .iter()
            .flat_map(|r| &r.findings)
            .any(|f| f.rule == Rule::MissingUpload));

        let new = dir.path().join("new");
        prepare_out(&new, false).unwrap();
        let seen = std::sync::atomic::AtomicUsize::new(0);
        let summary = run_batch(&files, &schema, &opts(&new, Isolation::InProcess), &|_| {
            seen.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        })
        .unwrap();
        assert_eq!(seen.into_inner(), files.len());
        assert_eq!(summary, summarize(&reports));

        let (a, b) = (outputs(&old), outputs(&new));
        assert_eq!(
            a.keys().collect::<Vec<_>>(),
            b.keys().collect::<Vec<_>>(),
            "a spill or temporary file was left behind"
        );
        for name in [
            "discrepancies.csv",
            "discrepancies.xlsx",
            "consolidated.csv",
            "consolidated.parquet",
            "consolidated.xlsx",
        ] {
            assert!(a.contains_key(name), "{name} missing");
            assert!(a.get(name) == b.get(name), "{name} differs");
        }
        let leftovers: Vec<String> = std::fs::read_dir(&new)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".kinerja-spill") || n.ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn cleaned_names_never_collide() {
        let files: Vec<PathBuf> = ["a/x.xlsx", "b/x.xls", "b/X.ods", "c/y.xlsx"]
            .iter()
            .map(PathBuf::from)
            .collect();
        assert_eq!(
            cleaned_names(&files),
            vec![
                "cleaned/x.xlsx",
                "cleaned/x-2.xlsx",
                "cleaned/X-3.xlsx",
                "cleaned/y.xlsx"
            ]
        );
    }

    #[test]
    fn two_uploads_of_one_kecamatan_and_a_missing_one_are_findings() {
        let schema = schema();
        let report = |file: &str, kec: Option<&str>| FileReport {
            file: file.into(),
            path: file.into(),
            format: None,
            kecamatan: kec.map(str::to_string),
            cleaned: None,
            records: Vec::new(),
            findings: Vec::new(),
        };
        let mut reports = vec![
            report("a.xlsx", Some("Bajeng")),
            report("b.xlsx", Some("Bajeng")),
        ];
        for k in &schema.kecamatan {
            if k.name != "Bajeng" && k.name != "Parigi" {
                reports.push(report(&format!("{}.xlsx", k.name), Some(&k.name)));
            }
        }
        add_upload_findings(&mut reports, &schema);
        let dup: Vec<_> = reports
            .iter()
            .flat_map(|r| &r.findings)
            .filter(|f| f.rule == Rule::DuplicateUpload)
            .collect();
        assert_eq!(dup.len(), 1);
        assert_eq!(dup[0].file, "b.xlsx");
        assert_eq!(dup[0].found, "a.xlsx, b.xlsx");
        let missing: Vec<_> = reports
            .iter()
            .flat_map(|r| &r.findings)
            .filter(|f| f.rule == Rule::MissingUpload)
            .collect();
        assert_eq!(missing.len(), 1);
        assert_eq!(missing[0].kecamatan.as_deref(), Some("Parigi"));
    }
}
