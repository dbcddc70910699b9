//! Where a worker's time goes, per file: reads every workbook of a folder one after the
//! other, in this process, and prints the mean milliseconds per file of each stage a batch
//! worker runs (open, locate, the whole `process_file`, the cleaned workbook, the report's
//! JSON both ways). A tool for finding what to speed up, next to `bench/run.sh`, which
//! measures the batch as a user runs it.
//!
//! Usage: cargo run --release --example stages -- DIR [SCRATCH]
//! Cleaned workbooks go to SCRATCH/cleaned (default: a temporary folder, removed after).
//! Open and locate are also inside `process_file`: their lines show its parts.

use kinerja::model::Lang;
use kinerja::schema::{Matcher, Schema};
use kinerja::workbook::{self, Limits};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn main() -> Res<()> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().ok_or("usage: stages DIR [SCRATCH]")?);
    let scratch = tempfile::tempdir()?;
    let out = args
        .next()
        .map_or_else(|| scratch.path().to_path_buf(), PathBuf::from);
    std::fs::create_dir_all(out.join("cleaned"))?;

    let schema = Schema::load(Path::new("schemas/gowa-kecamatan-2023.toml"))?;
    let matcher = Matcher::new(&schema);
    let limits = Limits::default();
    let year = u32::try_from(schema.regency.tahun).ok();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no .xlsx files in {}", dir.display()).into());
    }

    let mut time = [Duration::ZERO; 6];
    let mut timed = |i: usize, t: Instant| time[i] += t.elapsed();
    for f in &files {
        let t = Instant::now();
        let book = workbook::open(f, &limits).map_err(|e| format!("{}: {e:?}", f.display()))?;
        timed(0, t);
        let t = Instant::now();
        let _ = workbook::locate_with(&book, year, Some(&matcher));
        timed(1, t);
        let t = Instant::now();
        let mut report = kinerja::pipeline::process_file(f, &matcher, &limits).report;
        timed(2, t);
        let stem = f
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        report.cleaned = Some(format!("cleaned/{stem}.xlsx"));
        let t = Instant::now();
        kinerja::output::write_cleaned(&report, &schema, &out, Lang::Id)?;
        timed(3, t);
        let t = Instant::now();
        let json = serde_json::to_string(&report)?;
        timed(4, t);
        let t = Instant::now();
        let _: kinerja::FileReport = serde_json::from_str(&json)?;
        timed(5, t);
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0 / files.len() as f64;
    println!("{} files, mean ms per file:", files.len());
    for (name, d) in [
        "open",
        "locate",
        "process_file (all)",
        "cleaned workbook",
        "report to JSON",
        "JSON to report",
    ]
    .iter()
    .zip(time)
    {
        println!("  {name:<20} {:.3}", ms(d));
    }
    Ok(())
}
