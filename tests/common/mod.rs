//! Helpers shared by the integration tests: run the binary, read its CSV outputs.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn kinerja() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kinerja"))
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/<sub>` beside the repository. CI lays it there; a test that needs it fails
/// loudly without it rather than passing having checked nothing.
pub fn shared(sub: &str) -> PathBuf {
    let p = root().join("..").join("shared").join(sub);
    assert!(
        p.exists(),
        "{} is missing: this test needs ../shared beside the repository (as CI lays it)",
        p.display()
    );
    p
}

pub fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("run kinerja");
    if !out.status.success() {
        eprintln!(
            "kinerja exited {:?}\nstdout:\n{}\nstderr:\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    out
}

/// A CSV file as rows of column → value.
pub fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).expect("open csv");
    let headers = r.headers().expect("headers").clone();
    r.records()
        .map(|rec| {
            let rec = rec.expect("record");
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// Write a small realization workbook: a title row, a header row
/// (No | Sasaran | Indikator Kinerja | Target | Realisasi | Capaian | Keterangan) and
/// the given data rows, all as typed text (numbers as the clerk typed them).
pub fn write_table(path: &Path, sheet: &str, title: &str, rows: &[[&str; 7]]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet).expect("sheet name");
    ws.write_string(0, 0, title).expect("title");
    let header = [
        "No",
        "Sasaran",
        "Indikator Kinerja",
        "Target",
        "Realisasi",
        "Capaian",
        "Keterangan",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(2, c as u16, *h).expect("header");
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(3 + r as u32, c as u16, *v).expect("cell");
            }
        }
    }
    wb.save(path).expect("save workbook");
}
