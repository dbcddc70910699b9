//! The main job: every upload of a regency at once. Files are processed in parallel
//! (rayon), each in a worker process by default, so that a reader crash, an allocation
//! failure or a hang on one hostile file costs that file only: the worker is restarted
//! and the file becomes an `unreadable-file` finding. Results come back in input order,
//! whatever the thread count, so outputs are deterministic.
//!
//! Modules: `inputs` (which files are read), `outdir` (the output folder: ownership,
//! lock, marker), `job` (one file: prechecks, reading, its cleaned workbook), `worker`
//! (isolation in worker processes), `uploads` (duplicate and missing uploads), `spill`
//! (the streaming run).

mod inputs;
mod job;
mod outdir;
mod spill;
mod uploads;
mod worker;

pub use crate::report::{summarize, BatchReport, FileDone, Summary};
pub use inputs::{check_overlap, collect_inputs, SPREADSHEET_EXTENSIONS};
pub use job::{precheck, process_job, unreadable, Job};
pub use outdir::{prepare_out, OutDir, BATCH_OUTPUTS, INCOMPLETE, LOCK, MARKER, SPILL_PREFIX};
pub use spill::{run_batch, run_batch_into};
pub(crate) use uploads::{upload_findings, Uploads};
use worker::in_worker;
pub use worker::{limit_memory, serve_worker};

use crate::checker::Checker;
use crate::model::{Lang, Text};
use crate::output;
use crate::report::FileReport;
use crate::schema::Schema;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

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

/// How a batch runs. How each file is checked (schema, limits, the earlier period's
/// figures) is the `Checker` the batch is given; worker processes build their own from
/// their command line (`Isolation::Workers`), which must say the same.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    pub out: PathBuf,
    pub lang: Lang,
    /// Worker threads; 0 = one per core.
    pub threads: usize,
    pub isolation: Isolation,
    /// Write each readable input's cleaned workbook into `out/cleaned/` (the CLI
    /// always does); false checks the files and writes nothing per file.
    pub write_cleaned: bool,
}

/// A setup problem that stops the batch before any work (exit code 2), or a batch-wide
/// output that could not be written; in both languages, as every message.
#[derive(Debug, Clone, PartialEq)]
pub struct SetupError(pub Text);

impl SetupError {
    pub fn new(id: impl Into<String>, en: impl Into<String>) -> Self {
        SetupError(Text::new(id, en))
    }

    pub fn message(&self, lang: Lang) -> &str {
        self.0.get(lang)
    }
}

impl std::fmt::Display for SetupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.en)
    }
}

impl std::error::Error for SetupError {}

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

/// One file's report as it comes back.
pub(crate) enum Reply {
    /// Made in this process.
    Here(FileReport),
    /// From a worker: what the batch needs of the file now, and the report as the JSON
    /// the worker wrote, which the spill stores as it came (never parsed here, never
    /// encoded twice).
    Worker { done: FileDone, json: String },
}

impl Reply {
    /// The whole report; a worker's is parsed now, and one that does not parse is the
    /// file's `unreadable-file` report.
    fn into_report(self) -> FileReport {
        match self {
            Reply::Here(report) => report,
            Reply::Worker { done, json } => serde_json::from_str(&json)
                .unwrap_or_else(|e| unreadable(Path::new(&done.path), worker::garbled(e))),
        }
    }
}

/// Read every file in parallel, handing each report to `each` as soon as it is done (from
/// any thread); the results come back in input order.
fn process_each<T: Send>(
    files: &[PathBuf],
    checker: &Checker,
    opts: &BatchOptions,
    each: &(dyn Fn(Reply) -> T + Sync),
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
        .map_err(|e| {
            SetupError::new(
                format!("thread pekerja tidak dapat dimulai: {e}"),
                format!("cannot start worker threads: {e}"),
            )
        })?;
    let results: Vec<T> = pool.install(|| {
        jobs.par_iter()
            .map(|job| {
                if let Some(report) = precheck(&job.path, checker.limits()) {
                    return each(Reply::Here(report));
                }
                let reply = match &opts.isolation {
                    Isolation::InProcess => Reply::Here(process_job(job, checker, opts)),
                    Isolation::Workers { command, timeout } => {
                        in_worker(job, command, *timeout, opts.lang).unwrap_or_else(|| {
                            // No worker could be started (a sandbox that forbids it): read
                            // here rather than lose the file.
                            Reply::Here(process_job(job, checker, opts))
                        })
                    }
                };
                each(reply)
            })
            .collect()
    });
    // Each rayon thread's worker ends when its pool does.
    drop(pool);
    Ok(results)
}

/// Process every file, calling `progress` after each (from any thread), and return the
/// reports in input order with the batch's own report. Adds `duplicate-upload` to the
/// second and later upload of a kecamatan; `missing-upload` findings go to the batch
/// report. Holds every report in memory: the CLI uses `run_batch`.
pub fn run_files(
    files: &[PathBuf],
    checker: &Checker,
    opts: &BatchOptions,
    progress: &(dyn Fn(&FileReport) + Sync),
) -> Result<(Vec<FileReport>, BatchReport), SetupError> {
    let schema = checker.schema();
    let mut reports = process_each(files, checker, opts, &|reply| {
        let report = reply.into_report();
        progress(&report);
        report
    })?;
    let keys: Vec<(&str, Option<&str>)> = reports
        .iter()
        .map(|r| (r.file.as_str(), r.kecamatan.as_deref()))
        .collect();
    let (per_file, findings) = upload_findings(&keys, schema);
    for (i, f) in per_file {
        if let Some(r) = reports.get_mut(i) {
            r.findings.push(f);
        }
    }
    let batch = BatchReport::of(&reports, findings, schema);
    Ok((reports, batch))
}

/// Write the batch-wide outputs: discrepancy report and consolidated workbook.
pub fn write_outputs(
    reports: &[FileReport],
    batch: &BatchReport,
    schema: &Schema,
    opts: &BatchOptions,
) -> Result<(), SetupError> {
    output::write_discrepancies(reports, batch, &opts.out, opts.lang).map_err(output_error)?;
    output::write_consolidated(reports, batch, schema, &opts.out, opts.lang)
        .map_err(output_error)?;
    Ok(())
}

/// A batch-wide output that could not be written.
pub(crate) fn output_error(e: output::OutputError) -> SetupError {
    SetupError::new(
        format!("tidak dapat menulis {}: {}", e.path.display(), e.cause),
        e.to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Finding, Rule};
    use crate::pipeline::{DEFAULT_SCHEMA, DEFAULT_SCHEMA_NAME};
    use std::collections::BTreeMap;

    fn schema() -> Schema {
        crate::schema::load_str(DEFAULT_SCHEMA, DEFAULT_SCHEMA_NAME)
            .unwrap()
            .0
    }

    fn opts(out: &Path, isolation: Isolation) -> BatchOptions {
        BatchOptions {
            out: out.to_path_buf(),
            lang: Lang::En,
            threads: 1,
            isolation,
            write_cleaned: true,
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

    /// The report of one file read under `iso`, outputs in `out`.
    fn run_one(file: PathBuf, out: &Path, iso: Isolation) -> Vec<FileReport> {
        let schema = schema();
        let (reports, _) =
            run_files(&[file], &Checker::new(&schema), &opts(out, iso), &|_| {}).unwrap();
        reports
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
        let reports = run_one(file, dir.path(), iso);
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
        let reports = run_one(file, dir.path(), iso);
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
        let reports = run_one(file, dir.path(), iso);
        let f = only_finding(&reports);
        assert_eq!(f.rule, Rule::UnreadableFile);
        assert!(f.message.en.contains("HTML"), "{}", f.message.en);
    }

    /// A caller's own output: records what it is fed, in order, and the batch it ends with.
    struct Recorder(std::sync::Arc<std::sync::Mutex<Vec<String>>>);

    impl output::Sink for Recorder {
        fn add(&mut self, report: &FileReport) -> Result<(), output::OutputError> {
            let rules: Vec<&str> = report.findings.iter().map(|f| f.rule.code()).collect();
            let line = format!("{} {}", report.file, rules.contains(&"duplicate-upload"));
            self.0.lock().unwrap().push(line);
            Ok(())
        }
        fn finish(
            self: Box<Self>,
            batch: &BatchReport,
        ) -> Result<output::Staged, output::OutputError> {
            let with_data: Vec<&str> = batch
                .figures
                .with_data()
                .filter_map(|k| k.kecamatan.as_deref())
                .collect();
            let line = format!("end {} files {with_data:?}", batch.summary.files);
            self.0.lock().unwrap().push(line);
            Ok(output::Staged::default())
        }
    }

    #[test]
    fn a_batch_feeds_the_callers_own_sinks_every_report_in_output_order_then_the_end() {
        let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let all = collect_inputs(&[samples], None).unwrap();
        let dir = tempfile::tempdir().unwrap();
        // Two uploads of Bajeng (the second a duplicate) and one of Pallangga, given out
        // of order.
        let bajeng = all
            .iter()
            .find(|p| p.ends_with("bajeng-2023.xlsx"))
            .unwrap();
        let pallangga = all
            .iter()
            .find(|p| p.ends_with("pallangga-2023.xlsx"))
            .unwrap();
        let copy = dir.path().join("bajeng-2023-revisi.xlsx");
        std::fs::copy(bajeng, &copy).unwrap();
        let files = vec![pallangga.clone(), copy, bajeng.clone()];
        let out = dir.path().join("out");
        let _out = prepare_out(&out, false, &cleaned_names(&files)).unwrap();
        let new_log = || std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let (log_a, log_b) = (new_log(), new_log());
        let (a, b) = (Recorder(log_a.clone()), Recorder(log_b.clone()));
        let schema = schema();
        let batch = run_batch_into(
            &files,
            &Checker::new(&schema),
            &opts(&out, Isolation::InProcess),
            &|_| {},
            || Ok(vec![Box::new(a), Box::new(b)]),
        )
        .unwrap();
        assert_eq!(batch.summary.files, 3);
        // Each sink is fed the three reports in output order (kecamatan, then file name),
        // the later Bajeng upload with its duplicate-upload finding, then the end with
        // the batch's figures.
        for log in [log_a, log_b] {
            assert_eq!(
                *log.lock().unwrap(),
                [
                    "bajeng-2023-revisi.xlsx false",
                    "bajeng-2023.xlsx true",
                    "pallangga-2023.xlsx false",
                    "end 3 files [\"Bajeng\", \"Pallangga\"]",
                ]
            );
        }
        // Nothing of the default outputs was written.
        assert!(!out.join("discrepancies.csv").exists());
    }

    /// An output that cannot be written: it fails when it finishes.
    struct Broken;

    impl output::Sink for Broken {
        fn add(&mut self, _: &FileReport) -> Result<(), output::OutputError> {
            Ok(())
        }
        fn finish(self: Box<Self>, _: &BatchReport) -> Result<output::Staged, output::OutputError> {
            Err(output::OutputError::new(
                Path::new("broken.out"),
                output::OutputCause::Invalid("disk full".into()),
            ))
        }
    }

    #[test]
    fn one_output_that_fails_leaves_the_previous_runs_outputs_all_in_place() {
        let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let files = collect_inputs(&[samples], None).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let _out = prepare_out(&out, false, &cleaned_names(&files)).unwrap();
        // The previous run's outputs.
        for name in ["discrepancies.csv", "consolidated.csv"] {
            std::fs::write(out.join(name), "previous run\n").unwrap();
        }
        let schema = schema();
        let options = opts(&out, Isolation::InProcess);
        let err = run_batch_into(&files, &Checker::new(&schema), &options, &|_| {}, || {
            let discrepancies = output::DiscrepanciesWriter::new(&out, Lang::En)?;
            let (tables, workbook) =
                output::ConsolidatedWriter::new(&out, &schema, Lang::En)?.split();
            Ok(vec![
                Box::new(discrepancies),
                Box::new(tables),
                Box::new(Broken),
                Box::new(workbook),
            ])
        })
        .unwrap_err();
        assert!(err.message(Lang::En).contains("disk full"), "{err}");
        // No output of this run was renamed into place, none is left half-made: the
        // previous run's stay as they were, and no temporary file remains.
        for name in ["discrepancies.csv", "consolidated.csv"] {
            assert_eq!(
                std::fs::read_to_string(out.join(name)).unwrap(),
                "previous run\n"
            );
        }
        for name in [
            "discrepancies.xlsx",
            "consolidated.xlsx",
            "consolidated.parquet",
        ] {
            assert!(!out.join(name).exists(), "{name} was written");
        }
        let temporary: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(temporary.is_empty(), "{temporary:?}");
    }

    /// Every output file of a folder, by name, with its bytes (cleaned workbooks aside).
    fn outputs(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .map(|p| {
                (
                    crate::pipeline::display_name(&p),
                    std::fs::read(&p).unwrap(),
                )
            })
            .collect()
    }

    #[test]
    fn streaming_batch_equals_the_in_memory_path_and_leaves_no_spill() {
        let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let mut files = collect_inputs(&[samples], None).unwrap();
        // A second upload of one kecamatan: duplicate-upload findings, and the schema's
        // other kecamatan give missing-upload findings.
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("bajeng-2023-revisi.xlsx");
        std::fs::copy(&files[0], &copy).unwrap();
        files.push(copy);
        assert!(files.len() >= 5);
        let schema = schema();

        let old = dir.path().join("old");
        let _old_dir = prepare_out(&old, false, &cleaned_names(&files)).unwrap();
        let o = opts(&old, Isolation::InProcess);
        let checker = Checker::new(&schema);
        let (reports, batch) = run_files(&files, &checker, &o, &|_| {}).unwrap();
        write_outputs(&reports, &batch, &schema, &o).unwrap();
        assert!(reports
            .iter()
            .flat_map(|r| &r.findings)
            .any(|f| f.rule == Rule::DuplicateUpload));
        // Missing uploads belong to the batch, not to any file.
        assert!(!reports
            .iter()
            .flat_map(|r| &r.findings)
            .any(|f| f.rule == Rule::MissingUpload));
        assert!(batch
            .findings
            .iter()
            .all(|f| f.rule == Rule::MissingUpload && f.file.is_empty()));
        assert!(!batch.findings.is_empty());

        let new = dir.path().join("new");
        let new_dir = prepare_out(&new, false, &cleaned_names(&files)).unwrap();
        let seen = std::sync::atomic::AtomicUsize::new(0);
        let streamed = run_batch(&files, &checker, &opts(&new, Isolation::InProcess), &|_| {
            seen.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        })
        .unwrap();
        assert_eq!(seen.into_inner(), files.len());
        assert_eq!(streamed, batch);
        let summary = streamed.summary;
        _old_dir.finish(&batch.summary.cleaned).unwrap();
        new_dir.finish(&summary.cleaned).unwrap();

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
            periode: None,
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
        let keys: Vec<(&str, Option<&str>)> = reports
            .iter()
            .map(|r| (r.file.as_str(), r.kecamatan.as_deref()))
            .collect();
        let (per_file, missing) = upload_findings(&keys, &schema);
        let dup: Vec<_> = per_file
            .iter()
            .filter(|(_, f)| f.rule == Rule::DuplicateUpload)
            .collect();
        assert_eq!(dup.len(), 1);
        assert_eq!(dup[0].0, 1);
        assert_eq!(dup[0].1.file, "b.xlsx");
        assert_eq!(dup[0].1.found, "a.xlsx, b.xlsx");
        assert_eq!(per_file.len(), 1);
        assert_eq!(missing.len(), 1);
        assert_eq!(missing[0].rule, Rule::MissingUpload);
        assert_eq!(missing[0].file, "");
        assert_eq!(missing[0].kecamatan.as_deref(), Some("Parigi"));
    }
}
