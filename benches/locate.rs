//! Micro-benchmark of the table locator on every shipped sample (xlsx, xls and ods).
//! Each workbook is opened once, outside the measurement, so only
//! `kinerja::workbook::locate` is timed: finding the header, the column roles, the data
//! rows, merged cells and continuation rows. Run with `cargo bench --bench locate`.
//! A batch locates one table per file, so this must stay far below a millisecond.

use criterion::{criterion_group, criterion_main, Criterion};
use kinerja::workbook::{locate, open, Limits, Workbook};
use std::hint::black_box;
use std::path::{Path, PathBuf};

/// The sample workbooks, sorted by name.
fn samples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    matches!(
                        p.extension().and_then(|e| e.to_str()),
                        Some("xlsx" | "xls" | "ods")
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn bench_locate(c: &mut Criterion) {
    let limits = Limits::default();
    let books: Vec<(String, Workbook)> = samples()
        .into_iter()
        .filter_map(|path| {
            let name = path.file_name()?.to_string_lossy().into_owned();
            match open(&path, &limits) {
                Ok(book) => Some((name, book)),
                Err(e) => {
                    eprintln!("locate bench: skipping {name}: {}", e.message().en);
                    None
                }
            }
        })
        .collect();
    if books.is_empty() {
        eprintln!("locate bench: no readable workbook in samples/");
        return;
    }
    let mut group = c.benchmark_group("locate");
    for (name, book) in &books {
        group.bench_function(name.as_str(), |b| b.iter(|| locate(black_box(book))));
    }
    group.finish();
}

criterion_group!(benches, bench_locate);
criterion_main!(benches);
