//! The performance floor for `kinerja batch`: the least work any tool that reads these
//! workbooks and writes cleaned copies must do. For every file in a folder it opens the
//! workbook with calamine, reads every cell of every sheet, and writes the same cells with
//! rust_xlsxwriter to OUTDIR/<stem>.xlsx, with no validation, in parallel with rayon as a
//! batch would. It prints the file count and the wall time; `bench/run.sh` divides the
//! batch's time by this one.
//!
//! It never modifies its inputs, and an unreadable file is counted and skipped, never a
//! reason to stop.
//!
//! Usage: cargo run --release --example floor -- DIR OUTDIR

use calamine::{open_workbook_auto, Data, Reader};
use rayon::prelude::*;
use rust_xlsxwriter::Workbook;
use std::path::{Path, PathBuf};
use std::time::Instant;

type Res<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// Spreadsheet files directly inside `dir` (by extension, as a batch walking a folder would
/// pick them), sorted so runs are comparable.
fn inputs(dir: &Path) -> Res<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        if path.is_file() && matches!(ext.as_str(), "xlsx" | "xlsm" | "xlsb" | "xls" | "ods") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Copy every cell of every sheet of `input` into a new workbook at `output`.
/// Returns the number of non-empty cells copied.
fn copy_cells(input: &Path, output: &Path) -> Res<u64> {
    let mut book = open_workbook_auto(input)?;
    let mut out = Workbook::new();
    let mut cells = 0u64;
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name)?;
        let ws = out.add_worksheet();
        // A name calamine read from a valid workbook is valid here too; if not, keep the
        // default "SheetN" rather than fail the copy.
        let _ = ws.set_name(&name);
        let (row0, col0) = range.start().unwrap_or((0, 0));
        for (r, c, v) in range.used_cells() {
            let row = row0 + r as u32;
            let Ok(col) = u16::try_from(col0 as usize + c) else {
                continue;
            };
            match v {
                Data::Int(i) => {
                    ws.write_number(row, col, *i as f64)?;
                }
                Data::Float(f) => {
                    ws.write_number(row, col, *f)?;
                }
                Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
                    ws.write_string(row, col, s)?;
                }
                Data::Bool(b) => {
                    ws.write_boolean(row, col, *b)?;
                }
                Data::DateTime(d) => {
                    ws.write_number(row, col, d.as_f64())?;
                }
                Data::Error(e) => {
                    ws.write_string(row, col, e.to_string())?;
                }
                Data::Empty => continue,
            }
            cells += 1;
        }
    }
    out.save(output)?;
    Ok(cells)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(outdir)) = (args.first(), args.get(1)) else {
        eprintln!("usage: floor DIR OUTDIR");
        std::process::exit(2);
    };
    let (dir, outdir) = (PathBuf::from(dir), PathBuf::from(outdir));
    let files = match inputs(&dir) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("floor: cannot list {}: {e}", dir.display());
            std::process::exit(2);
        }
    };
    if let Err(e) = std::fs::create_dir_all(&outdir) {
        eprintln!("floor: cannot create {}: {e}", outdir.display());
        std::process::exit(2);
    }
    let start = Instant::now();
    let results: Vec<Result<u64, String>> = files
        .par_iter()
        .map(|input| {
            let stem = input.file_stem().and_then(|s| s.to_str()).unwrap_or("out");
            copy_cells(input, &outdir.join(format!("{stem}.xlsx")))
                .map_err(|e| format!("{}: {e}", input.display()))
        })
        .collect();
    let secs = start.elapsed().as_secs_f64();
    let mut cells = 0u64;
    let mut failed = 0usize;
    for r in results {
        match r {
            Ok(n) => cells += n,
            Err(e) => {
                failed += 1;
                eprintln!("floor: {e}");
            }
        }
    }
    println!(
        "floor: {} files ({failed} unreadable), {cells} cells, {secs:.3} s, {:.1} files/s",
        files.len(),
        files.len() as f64 / secs.max(1e-9)
    );
}
