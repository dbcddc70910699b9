//! Micro-benchmark of `parse_text` over the forms offices really type (from the seed and
//! the labelled corpus), plus `quantities` over a typical remark. Run with
//! `cargo bench --bench parser`; a batch parses three cells per indicator row, so the
//! parser must stay far below a microsecond per cell.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kinerja::normalize::{format_id, parse_text, quantities};
use std::hint::black_box;

const TYPICAL: &[&str] = &[
    "82, 71",
    "58,46%",
    "100,00%",
    "85,00 (Baik)",
    "89, 75 (Sangat Baik)",
    "6  unit",
    "11 SOP",
    "300 orang",
    "5 unsur masyarakat",
    "1.234,5",
    "1.250.000",
    "Rp 1.250.000,00",
    "0,648",
    "0.648",
    "12.5",
    "1.500",
    "1.500 orang",
    "\u{a0}1 Unit",
    "100%\u{a0}",
    "-",
    "",
    "N/A",
    "#N/A",
    "tidak ada data",
    "BB",
    "WTP",
    "#DIV/0!",
    "tiga puluh",
    "12,3,4",
    "100",
    "4,00",
    "(5)",
];

fn bench_parse_text(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse_text");
    group.throughput(Throughput::Elements(TYPICAL.len() as u64));
    group.bench_function("typical_cells", |b| {
        b.iter(|| {
            for text in TYPICAL {
                black_box(parse_text(black_box(text)));
            }
        })
    });
    group.finish();

    c.bench_function("format_id", |b| {
        b.iter(|| black_box(format_id(black_box(1_234_567.891), 2)))
    });

    let remark = "65 usulan terealisasi dari target 38 usulan pada Tahun 2023 (58,46%)";
    c.bench_function("quantities_remark", |b| {
        b.iter(|| black_box(quantities(black_box(remark))))
    });
}

criterion_group!(benches, bench_parse_text);
criterion_main!(benches);
