//! The batch end to end, through the binary: outputs, broken uploads, determinism,
//! nothing lost, formula injection, setup errors.

mod common;
use common::*;
use std::path::Path;

fn batch(inputs: &[&Path], out: &Path, extra: &[&str]) -> std::process::Output {
    let mut cmd = kinerja();
    cmd.arg("batch");
    for i in inputs {
        cmd.arg(i);
    }
    cmd.arg("--out").arg(out).arg("--quiet").args(extra);
    run(&mut cmd)
}

const OUTPUTS: &[&str] = &[
    "discrepancies.xlsx",
    "discrepancies.csv",
    "consolidated.xlsx",
    "consolidated.csv",
    "consolidated.parquet",
];

/// A folder with one good upload, a corrupt file and an HTML page named .xls.
fn uploads(dir: &Path) -> std::path::PathBuf {
    let up = dir.join("uploads");
    std::fs::create_dir_all(&up).unwrap();
    write_table(
        &up.join("pallangga.xlsx"),
        "Realisasi",
        "PENGUKURAN KINERJA KECAMATAN PALLANGGA TAHUN 2023",
        &[
            [
                "1",
                "Meningkatnya kepuasan masyarakat terhadap pelayanan publik",
                "Indeks Kepuasan Masyarakat (IKM)",
                "85,00",
                "82, 71",
                "97,31%",
                "Hasil SKM Tahun 2023",
            ],
            [
                "2",
                "Tersedianya maklumat pelayanan",
                "Jumlah maklumat pelayanan yang tersedia",
                "1 dokumen",
                "-",
                "0%",
                "Belum disusun",
            ],
            [
                "3",
                "Tersedianya SOP pelayanan di setiap jenis pelayanan",
                "Jumlah SOP pelayanan yang disusun",
                "11 SOP",
                "11 SOP",
                "90%",
                "=HYPERLINK(\"http://evil\",\"klik\")",
            ],
        ],
    );
    std::fs::write(up.join("rusak.xlsx"), b"PK\x03\x04 this zip is cut off").unwrap();
    std::fs::write(
        up.join("export.xls"),
        b"<html><body><table><tr><td>IKM</td><td>85</td></tr></table></body></html>",
    )
    .unwrap();
    up
}

#[test]
fn batch_writes_every_output_and_reports_broken_files() {
    let dir = tempfile::tempdir().unwrap();
    let up = uploads(dir.path());
    let out = dir.path().join("out");
    let o = batch(&[&up], &out, &[]);
    assert_eq!(o.status.code(), Some(0));
    for name in OUTPUTS {
        assert!(out.join(name).is_file(), "{name} missing");
    }
    assert!(out.join("cleaned/pallangga.xlsx").is_file());
    assert!(
        !out.join("cleaned/rusak.xlsx").exists(),
        "no cleaned workbook for an unreadable file"
    );

    let finds = read_csv(&out.join("discrepancies.csv"));
    let rule_of = |file: &str| -> Vec<String> {
        finds
            .iter()
            .filter(|f| f["file"] == file)
            .map(|f| f["rule"].clone())
            .collect()
    };
    assert!(rule_of("rusak.xlsx").contains(&"unreadable-file".to_string()));
    let html = finds
        .iter()
        .find(|f| f["file"] == "export.xls" && f["rule"] == "unreadable-file")
        .expect("HTML file reported");
    assert!(html["message"].contains("HTML"), "{}", html["message"]);

    let data = read_csv(&out.join("consolidated.csv"));
    let ikm = data
        .iter()
        .find(|r| r["file"] == "pallangga.xlsx" && r["indicator_id"] == "ikm")
        .expect("ikm row");
    assert_eq!(ikm["kecamatan"], "Pallangga");
    assert_eq!(ikm["target"], "85");
    assert_eq!(ikm["realisasi"], "82.71");
    assert_eq!(ikm["capaian_stated"], "97.31");
    assert_eq!(ikm["cell"], "E4");
    assert_eq!(ikm["sheet"], "Realisasi");

    // The SOP row states 90 % where 11/11 is 100 %; the maklumat row has no realisasi.
    let has = |rule: &str, cell: &str| {
        finds
            .iter()
            .any(|f| f["file"] == "pallangga.xlsx" && f["rule"] == rule && f["cell"] == cell)
    };
    assert!(has("capaian-mismatch", "F6"));
    assert!(has("missing-value", "E5"));
}

#[test]
fn outputs_are_identical_with_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let up = uploads(dir.path());
    let samples = root().join("samples");
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    assert_eq!(
        batch(&[&up, &samples], &a, &["--threads", "1"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        batch(&[&up, &samples], &b, &["--threads", "2"])
            .status
            .code(),
        Some(0)
    );
    for name in ["consolidated.csv", "discrepancies.csv"] {
        let x = std::fs::read(a.join(name)).unwrap();
        let y = std::fs::read(b.join(name)).unwrap();
        assert!(x == y, "{name} differs between 1 and 2 threads");
    }
}

#[test]
fn inputs_are_never_modified() {
    let dir = tempfile::tempdir().unwrap();
    let up = uploads(dir.path());
    let before: Vec<(std::path::PathBuf, Vec<u8>)> = std::fs::read_dir(&up)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    batch(&[&up], &dir.path().join("out"), &[]);
    for (p, bytes) in before {
        assert_eq!(std::fs::read(&p).unwrap(), bytes, "{} changed", p.display());
    }
}

#[test]
fn formula_text_from_inputs_is_neutralized() {
    let dir = tempfile::tempdir().unwrap();
    let up = uploads(dir.path());
    let out = dir.path().join("out");
    batch(&[&up], &out, &[]);
    let csv = std::fs::read_to_string(out.join("discrepancies.csv")).unwrap()
        + &std::fs::read_to_string(out.join("consolidated.csv")).unwrap();
    assert!(
        !csv.contains(",=HYPERLINK") && !csv.contains("\"=HYPERLINK"),
        "raw formula in CSV"
    );
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook(out.join("cleaned/pallangga.xlsx")).unwrap();
    let sheet = wb.sheet_names().first().cloned().unwrap();
    let formulas = wb.worksheet_formula(&sheet).unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "a formula was written"
    );
    let values = wb.worksheet_range(&sheet).unwrap();
    assert!(values
        .used_cells()
        .any(|(_, _, v)| v.to_string().starts_with("=HYPERLINK")));
}

#[test]
fn unwritable_out_is_a_setup_error_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let up = uploads(dir.path());
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let o = batch(&[&up], &file.join("out"), &["--lang", "en"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("not writable") || err.contains("not a folder"),
        "{err}"
    );
}

#[test]
fn refuses_a_folder_it_did_not_write_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let up = uploads(dir.path());
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("laporan-penting.docx"), "keep me").unwrap();
    assert_eq!(batch(&[&up], &out, &[]).status.code(), Some(2));
    assert_eq!(batch(&[&up], &out, &["--force"]).status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(out.join("laporan-penting.docx")).unwrap(),
        "keep me"
    );
    // Once the folder is kinerja's own, a re-run needs no --force.
    assert_eq!(batch(&[&up], &out, &[]).status.code(), Some(0));
}

/// Without --quiet and without a terminal, each file gets a progress line (stderr) and
/// the run a closing summary (stdout), in the chosen language throughout: "galat" as in the workbooks'
/// Tingkat column, never the English "error" in an Indonesian line.
#[test]
fn progress_and_summary_lines_speak_one_language() {
    let dir = tempfile::tempdir().unwrap();
    let up = uploads(dir.path());
    for (lang, severity, summary) in [
        ("id", " galat, ", "berkas dibaca dalam"),
        ("en", " errors, ", "files read in"),
    ] {
        let out = dir.path().join(format!("out-{lang}"));
        let o = run(kinerja()
            .arg("batch")
            .arg(&up)
            .arg("--out")
            .arg(&out)
            .args(["--lang", lang]));
        let err = String::from_utf8_lossy(&o.stderr);
        let progress: Vec<&str> = err.lines().filter(|l| l.starts_with('[')).collect();
        assert!(!progress.is_empty(), "{err}");
        // A readable file's line counts its findings by severity.
        assert!(progress.iter().any(|l| l.contains(severity)), "{err}");
        let stdout = String::from_utf8_lossy(&o.stdout);
        let last = stdout.lines().find(|l| l.contains(summary));
        assert!(
            last.is_some_and(|l| l.contains(severity.trim_end_matches(", "))),
            "{stdout}"
        );
        if lang == "id" {
            assert!(
                !err.contains(" error,") && !stdout.contains(" error,"),
                "{err}{stdout}"
            );
        }
    }
}

#[test]
fn fail_on_sets_exit_code_one() {
    let dir = tempfile::tempdir().unwrap();
    let up = uploads(dir.path());
    let o = batch(&[&up], &dir.path().join("out"), &["--fail-on", "error"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn killed_batch_leaves_no_partial_output() {
    use std::time::Duration;
    let dir = tempfile::tempdir().unwrap();
    let up = dir.path().join("many");
    std::fs::create_dir_all(&up).unwrap();
    let samples: Vec<_> = std::fs::read_dir(root().join("samples"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    for i in 0..40 {
        for s in &samples {
            let name = format!("{i:02}-{}", s.file_name().unwrap().to_string_lossy());
            std::fs::copy(s, up.join(name)).unwrap();
        }
    }
    let out = dir.path().join("out");
    for delay_ms in [300u64, 1500] {
        let mut child = kinerja()
            .arg("batch")
            .arg(&up)
            .arg("--out")
            .arg(&out)
            .arg("--quiet")
            .arg("--force")
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        std::thread::sleep(Duration::from_millis(200));
        // Whatever exists under a final name is complete: every xlsx opens, every CSV parses.
        for entry in walk(&out) {
            let name = entry.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue; // temporary files and the marker
            }
            match entry.extension().and_then(|e| e.to_str()) {
                Some("xlsx") => {
                    let opened: Result<calamine::Xlsx<_>, _> = calamine::open_workbook(&entry);
                    assert!(opened.is_ok(), "partial workbook {}", entry.display());
                }
                Some("csv") => {
                    let rows = csv::Reader::from_path(&entry).unwrap().records().count();
                    let _ = rows;
                }
                _ => {}
            }
        }
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

#[test]
fn worker_processes_and_in_process_reading_give_the_same_bytes() {
    // Reports cross a process boundary as JSON; exact float parsing keeps every
    // computed capaian to the last bit, so the two modes must agree.
    let dir = tempfile::tempdir().unwrap();
    let samples = root().join("samples");
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    assert_eq!(batch(&[&samples], &a, &[]).status.code(), Some(0));
    assert_eq!(
        batch(&[&samples], &b, &["--no-isolation"]).status.code(),
        Some(0)
    );
    for name in ["consolidated.csv", "discrepancies.csv"] {
        let x = std::fs::read(a.join(name)).unwrap();
        let y = std::fs::read(b.join(name)).unwrap();
        assert!(
            x == y,
            "{name} differs between worker and in-process reading"
        );
    }
}

#[test]
fn lang_en_writes_english_messages_under_the_same_columns() {
    let dir = tempfile::tempdir().unwrap();
    let up = uploads(dir.path());
    let (id, en) = (dir.path().join("id"), dir.path().join("en"));
    batch(&[&up], &id, &[]);
    batch(&[&up], &en, &["--lang", "en"]);
    let msg = |out: &Path| -> String {
        read_csv(&out.join("discrepancies.csv"))
            .into_iter()
            .find(|f| f["file"] == "export.xls" && f["rule"] == "unreadable-file")
            .map(|f| f["message"].clone())
            .unwrap()
    };
    assert!(
        msg(&id).starts_with("berkas adalah halaman HTML"),
        "{}",
        msg(&id)
    );
    assert!(msg(&en).starts_with("file is an HTML page"), "{}", msg(&en));
    let header = |out: &Path| {
        std::fs::read_to_string(out.join("discrepancies.csv"))
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(header(&id), header(&en));
}
