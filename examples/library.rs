//! kinerja as a library: check every upload of a folder without writing any workbook,
//! count the findings with a sink of one's own, and print the figures the batch report
//! carries (per kecamatan, and the regency's per indicator).
//!
//! Usage: cargo run --release --example library -- [FOLDER] [SCHEMA]
//! (defaults: samples/ and schemas/gowa-kecamatan-2023.toml). Writes only a temporary
//! spill file, in a temporary folder removed at the end.

use kinerja::batch::{self, BatchOptions, Isolation};
use kinerja::model::Lang;
use kinerja::output::{OutputError, Sink, Staged};
use kinerja::{BatchReport, Checker, FileReport, Schema};
use std::path::PathBuf;

/// A sink that writes nothing: it counts each file's findings, then says them.
struct FindingCount {
    in_files: usize,
}

impl Sink for FindingCount {
    fn add(&mut self, report: &FileReport) -> Result<(), OutputError> {
        self.in_files += report.findings.len();
        Ok(())
    }

    fn finish(self: Box<Self>, batch: &BatchReport) -> Result<Staged, OutputError> {
        println!(
            "{} files: {} findings in them, {} for the whole batch",
            batch.summary.files,
            self.in_files,
            batch.findings.len()
        );
        // Nothing written, nothing to rename into place.
        Ok(Staged::default())
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let folder = PathBuf::from(args.next().unwrap_or_else(|| "samples".into()));
    let schema_path = args
        .next()
        .unwrap_or_else(|| "schemas/gowa-kecamatan-2023.toml".into());

    let schema = Schema::load(schema_path.as_ref())?;
    let checker = Checker::new(&schema);
    let files = batch::collect_inputs(&[folder], None)?;
    let scratch = tempfile::tempdir()?;
    let options = BatchOptions {
        out: scratch.path().to_path_buf(),
        lang: Lang::En,
        threads: 0,
        isolation: Isolation::InProcess,
        write_cleaned: false,
    };
    let sinks = || -> Result<kinerja::output::Sinks, OutputError> {
        Ok(vec![Box::new(FindingCount { in_files: 0 })])
    };
    let report = batch::run_batch_into(&files, &checker, &options, &|_| {}, sinks)?;

    println!("\nkecamatan             files  rows  errors  mean capaian");
    for k in &report.figures.kecamatan {
        let mean = k
            .mean_capaian(&schema)
            .map_or_else(|| "-".to_string(), |m| format!("{m:.2} %"));
        println!(
            "{:<20} {:>6} {:>5} {:>7}  {mean}",
            k.kecamatan.as_deref().unwrap_or("(unknown)"),
            k.files.len(),
            k.rows_read,
            k.errors
        );
    }
    println!("\nregency capaian per indicator");
    for r in &report.figures.regency {
        if let Some(c) = r.capaian {
            println!("  {:<40} {c:.2} %", r.node_id);
        }
    }
    Ok(())
}
