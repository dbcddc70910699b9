//! `kinerja batch <INPUT>... --out DIR`: the main job.
//!
//! Reads every file (folders are walked for spreadsheet extensions), in parallel, each
//! in a worker process that is replaced if a hostile file crashes or hangs it; writes
//! `cleaned/<stem>.xlsx` per readable input, `discrepancies.{xlsx,csv}` and
//! `consolidated.{xlsx,csv,parquet}`; prints a progress bar on a terminal, one line per
//! file otherwise, nothing with --quiet, and a short summary at the end.

use super::{lang_pick, setup_error, CommonArgs, FailOn, Failure, Outcome};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use kinerja::batch::{self, BatchOptions, Isolation};
use kinerja::model::{Lang, Rule, Text};
use kinerja::report::FileDone;
use kinerja::validate::Previous;
use std::collections::BTreeSet;
use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

#[derive(Args, Debug)]
pub struct BatchArgs {
    /// Files or folders of uploads (folders are walked).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Output folder (created if needed).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    #[command(flatten)]
    pub common: CommonArgs,
    /// Parallel workers; 0 = one per CPU core.
    #[arg(long, short = 'j', value_name = "N", default_value_t = 0)]
    pub threads: usize,
    /// No progress output and no summary.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Write into --out even if it holds files kinerja did not write.
    #[arg(long)]
    pub force: bool,
    /// Exit with 1 when a finding of this severity or worse exists.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_on: Option<FailOn>,
    /// Give up on a file after this many seconds (it becomes unreadable-file).
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    pub file_timeout: u64,
    /// Memory limit of each worker process in megabytes (0 = none).
    #[arg(long, value_name = "MB", default_value_t = 2048)]
    pub max_memory: u64,
    /// Read files inside this process instead of worker processes (debugging; a file
    /// that crashes the reader then stops the batch).
    #[arg(long)]
    pub no_isolation: bool,
    /// Also write the consolidated Parquet partitioned by regency and year
    /// (`partisi/kabupaten=…/tahun=…/consolidated.parquet`), so the tables of many regencies
    /// and years stack into one dataset that DuckDB or Spark read with hive partitioning.
    #[arg(long)]
    pub partition: bool,
    /// The consolidated.parquet (or .csv, or the output folder) of the last period's
    /// batch: each kecamatan's quarters are compared with what it reported then
    /// (`revised-quarter`, `quarter-decrease`).
    #[arg(long, value_name = "FILE")]
    pub previous: Option<PathBuf>,
}

pub fn run(args: BatchArgs) -> Outcome {
    let started = Instant::now();
    let lang = args.common.lang;
    let fail = |e: batch::SetupError| setup_error(&e.0, lang);
    let schema = match args.common.load_schema() {
        Ok(s) => s,
        Err(e) => return setup_error(&e, lang),
    };
    let previous = match &args.previous {
        Some(path) => match Previous::load(path, schema.regency.tahun) {
            Ok(p) => {
                if p.is_empty() && !args.quiet {
                    let (n, u, tahun) = (p.other_years, p.unnamed, schema.regency.tahun);
                    match lang {
                        Lang::Id => errln!("kinerja: --previous tidak memuat baris tahun {tahun} dengan kecamatan dan indikator yang dikenal ({n} baris tahun lain, {u} baris tanpa kecamatan atau indikator): tidak ada yang dibandingkan"),
                        Lang::En => errln!("kinerja: --previous holds no rows of year {tahun} with a known kecamatan and indicator ({n} rows of other years, {u} without kecamatan or indicator): nothing is compared"),
                    }
                }
                Some(std::sync::Arc::new(p))
            }
            Err(e) => return setup_error(&e, lang),
        },
        None => None,
    };
    // Before anything is read or written: an --out among the inputs could overwrite an
    // upload, and a later run would read the outputs as uploads.
    if let Err(e) = batch::check_overlap(&args.inputs, &args.out) {
        return fail(e);
    }
    let files = match batch::collect_inputs(&args.inputs, Some(&args.out)) {
        Ok(f) => f,
        Err(e) => return fail(e),
    };
    let mut names = batch::cleaned_names(&files);
    // The partitioned copy is one more file this run names and creates (so the output
    // folder's checks and manifest cover it like every other output).
    let partition = args.partition.then(|| partition_path(&schema));
    names.extend(partition.clone());
    // Locked until `outdir` is dropped, at the end of this function.
    let outdir = match batch::prepare_out(&args.out, args.force, &names) {
        Ok(o) => o,
        Err(e) => return fail(e),
    };
    // rust_xlsxwriter (and anything else) puts its temporary files in $TMPDIR: keep them
    // in --out, which was just proved writable and is where the space is planned, and
    // let the workers inherit it. No other thread runs yet, so setting it is sound.
    if let Ok(abs) = std::path::absolute(&args.out) {
        std::env::set_var("TMPDIR", abs);
    }
    let isolation = if args.no_isolation {
        Isolation::InProcess
    } else {
        match worker_command(&args) {
            Ok(command) => Isolation::Workers {
                command,
                timeout: Duration::from_secs(args.file_timeout.max(1)),
            },
            Err(e) => return setup_error(&e, lang),
        }
    };
    // How each file is checked; the workers build the same from their command line.
    let mut checker = kinerja::Checker::new(&schema).with_limits(args.common.limits());
    if let Some(p) = previous {
        checker = checker.with_previous_loaded(p);
    }
    let opts = BatchOptions {
        out: args.out.clone(),
        lang,
        threads: args.threads,
        isolation,
        write_cleaned: true,
    };

    let total = files.len();
    let done = AtomicUsize::new(0);
    let bar = (!args.quiet && std::io::stderr().is_terminal()).then(|| progress_bar(total, lang));
    let plain = !args.quiet && bar.is_none();
    let on_file = |file: &FileDone| {
        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
        if let Some(bar) = &bar {
            bar.set_message(file.file.clone());
            bar.inc(1);
        } else if plain {
            errln!("[{n}/{total}] {}: {}", file.file, file_line(file, lang));
        }
    };
    let summary = batch::run_batch(&files, &checker, &opts, &on_file);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let summary = match summary {
        Ok(batch) => batch.summary,
        // The incomplete mark stays in --out, visibly.
        Err(e) => return Err(Failure::Output(e.message(lang).to_string())),
    };
    let mut written = summary.cleaned.clone();
    if let Some(rel) = &partition {
        if let Err(e) = write_partition(&args.out, rel) {
            return Err(Failure::Output(e.get(lang).to_string()));
        }
        written.insert(rel.clone());
    }
    if let Err(e) = outdir.finish(&written) {
        return Err(Failure::Output(e.message(lang).to_string()));
    }
    if !args.quiet {
        let secs = started.elapsed().as_secs_f64();
        match lang {
            Lang::Id => outln!(
                "{} berkas dibaca dalam {secs:.1} dtk: {} tidak terbaca, {} tanpa tabel; temuan: {} galat, {} peringatan, {} info.\nHasil: {}",
                summary.files, summary.unreadable, summary.no_table, summary.errors, summary.warnings, summary.infos, args.out.display()
            ),
            Lang::En => outln!(
                "{} files read in {secs:.1} s: {} unreadable, {} without a table; findings: {} errors, {} warnings, {} info.\nOutputs: {}",
                summary.files, summary.unreadable, summary.no_table, summary.errors, summary.warnings, summary.infos, args.out.display()
            ),
        }
    }
    // Uploads of different periods side by side are rarely meant: say which. A TW IV
    // report and an annual one are the same year-end period.
    let year_end = |p: &str| if p == "TW4" { "tahunan" } else { p }.to_string();
    let distinct: BTreeSet<String> = summary.periodes.keys().map(|p| year_end(p)).collect();
    if distinct.len() > 1 {
        let list: Vec<String> = summary
            .periodes
            .iter()
            .map(|(p, n)| format!("{p} ({n})"))
            .collect();
        match lang {
            Lang::Id => errln!(
                "kinerja: berkas dalam batch ini melaporkan periode yang berbeda: {}; lihat kolom periode di consolidated.csv",
                list.join(", ")
            ),
            Lang::En => errln!(
                "kinerja: the files of this batch report different periods: {}; see the periode column of consolidated.csv",
                list.join(", ")
            ),
        }
    }
    if summary.write_failed > 0 {
        // Said even with --quiet: the folder is not the complete set the user expects.
        let n = summary.write_failed;
        return Err(Failure::Output(match lang {
            Lang::Id => format!(
                "{n} hasil tidak dapat ditulis (temuan write-failed); lihat discrepancies.csv"
            ),
            Lang::En => format!(
                "{n} outputs could not be written (write-failed findings); see discrepancies.csv"
            ),
        }));
    }
    Ok(FailOn::done(args.fail_on, &summary))
}

/// The command that starts a worker: this same binary with the hidden `worker`
/// subcommand and the options that shape reading and writing.
fn worker_command(args: &BatchArgs) -> Result<Vec<OsString>, Text> {
    // /proc/self/exe still starts this very binary if the file was replaced meanwhile
    // (a rebuild during a long batch); elsewhere the path is the best there is.
    let proc_exe = std::path::Path::new("/proc/self/exe");
    let exe = if proc_exe.exists() {
        proc_exe.to_path_buf()
    } else {
        std::env::current_exe().map_err(|e| {
            Text::new(
                format!("berkas program kinerja sendiri tidak ditemukan: {e}"),
                format!("cannot find own executable: {e}"),
            )
        })?
    };
    let mut cmd: Vec<OsString> = vec![exe.into(), "worker".into()];
    let mut push = |k: &str, v: OsString| {
        cmd.push(k.into());
        cmd.push(v);
    };
    if let Some(s) = &args.common.schema {
        push("--schema", s.clone().into());
    }
    if let Some(k) = &args.common.kabupaten {
        push("--kabupaten", k.into());
    }
    push(
        "--lang",
        match args.common.lang {
            Lang::Id => "id",
            Lang::En => "en",
        }
        .into(),
    );
    push("--out", args.out.clone().into());
    if let Some(p) = &args.previous {
        push("--previous", p.clone().into());
    }
    push("--max-cells", args.common.max_cells.to_string().into());
    push("--max-file-mb", args.common.max_file_mb.to_string().into());
    push(
        "--max-unzipped-mb",
        args.common.max_unzipped_mb.to_string().into(),
    );
    push("--max-memory", args.max_memory.to_string().into());
    Ok(cmd)
}

fn progress_bar(total: usize, lang: Lang) -> ProgressBar {
    let bar = ProgressBar::new(total as u64);
    let template = lang_pick(
        lang,
        "{bar:30} {pos}/{len} berkas  {elapsed_precise} (sisa ~{eta})  {wide_msg}",
        "{bar:30} {pos}/{len} files  {elapsed_precise} (ETA {eta})  {wide_msg}",
    );
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// One line about a finished file: "3 galat, 1 peringatan" or the unreadable reason.
fn file_line(file: &FileDone, lang: Lang) -> String {
    if let Some(message) = &file.unreadable {
        return format!("{}: {}", Rule::UnreadableFile, message.get(lang));
    }
    let s = &file.summary;
    format!(
        "{} {}, {} {}, {} info",
        s.errors,
        lang_pick(lang, "galat", "errors"),
        s.warnings,
        lang_pick(lang, "peringatan", "warnings"),
        s.infos,
    )
}

/// `partisi/kabupaten=<regency>/tahun=<year>/consolidated.parquet`: the hive layout
/// DuckDB (`read_parquet('…/partisi/*/*/*.parquet', hive_partitioning = true)`) and Spark
/// read as columns. The regency is the Kemendagri name where the schema designates one.
fn partition_path(schema: &kinerja::schema::Schema) -> String {
    let kab = kinerja::schema::wilayah::kabupaten_name(schema);
    // A folder name: no separators, nothing that climbs out of the folder.
    let safe: String = kab
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | '\0') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let safe = safe.trim().trim_matches('.').to_string();
    format!(
        "partisi/kabupaten={}/tahun={}/consolidated.parquet",
        if safe.is_empty() { "-" } else { &safe },
        schema.regency.tahun
    )
}

/// Copy `consolidated.parquet` to its partition, atomically; a link anywhere on the way
/// is refused (kinerja never writes through one).
fn write_partition(out: &std::path::Path, rel: &str) -> Result<(), Text> {
    let target = out.join(rel);
    let mut dir = out.to_path_buf();
    for part in std::path::Path::new(rel)
        .parent()
        .into_iter()
        .flat_map(|p| p.components())
    {
        dir.push(part);
        match std::fs::symlink_metadata(&dir) {
            Ok(m) if !m.is_dir() => {
                return Err(Text::new(
                    format!(
                        "{} bukan folder biasa; partisi tidak ditulis",
                        dir.display()
                    ),
                    format!(
                        "{} is not a plain folder; the partition was not written",
                        dir.display()
                    ),
                ))
            }
            Ok(_) => {}
            Err(_) => std::fs::create_dir(&dir).map_err(|e| {
                Text::new(
                    format!("tidak dapat membuat {}: {e}", dir.display()),
                    format!("cannot create {}: {e}", dir.display()),
                )
            })?,
        }
    }
    let source = out.join("consolidated.parquet");
    kinerja::output::atomic_write(&target, |w| {
        let mut f = std::fs::File::open(&source)?;
        std::io::copy(&mut f, w)?;
        Ok(())
    })
    .map_err(|e| Text::new(e.to_string(), e.to_string()))
}
