//! `open` over every odd third-party spreadsheet in ../shared/robust (encrypted, BIFF2–5,
//! strict OOXML, huge declared ranges, DoS cases) and every labelled corpus workbook, in
//! this process: no panic escapes, nothing aborts, each file gives a Workbook or a
//! specific OpenError, and the known hostile files give the known answers.

use kinerja::workbook::{open, Format, Limits, OpenError, Workbook};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// A folder of ../shared; a missing one fails the test (it never passes unseen).
fn shared(dir: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(dir);
    assert!(
        path.is_dir(),
        "{} is missing: this test needs ../shared beside the repository (as CI lays it)",
        path.display()
    );
    path
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e != "md"))
        .collect();
    out.sort();
    out
}

fn kind(r: &Result<Workbook, OpenError>) -> &'static str {
    match r {
        Ok(_) => "ok",
        Err(OpenError::Io(_)) => "io",
        Err(OpenError::Empty) => "empty",
        Err(OpenError::Encrypted) => "encrypted",
        Err(OpenError::Html) => "html",
        Err(OpenError::Csv) => "csv",
        Err(OpenError::Truncated(_)) => "truncated",
        Err(OpenError::NotSpreadsheet(_)) => "not-spreadsheet",
        Err(OpenError::TooLarge(_)) => "too-large",
        Err(OpenError::Corrupt(_)) => "corrupt",
        Err(OpenError::Unsupported(_)) => "unsupported",
    }
}

#[test]
fn every_odd_spreadsheet_opens_or_gives_a_specific_reason() {
    let dir = shared("robust");
    let limits = Limits::default();
    let start = Instant::now();
    let mut outcomes: BTreeMap<String, Result<Workbook, OpenError>> = BTreeMap::new();
    let mut slowest = (0u128, String::new());
    for path in files(&dir) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let t = Instant::now();
        // open() catches calamine's panics itself; this catch proves none escapes.
        let result = std::panic::catch_unwind(|| open(&path, &limits))
            .unwrap_or_else(|_| panic!("{name}: a panic escaped open()"));
        let ms = t.elapsed().as_millis();
        if ms > slowest.0 {
            slowest = (ms, name.clone());
        }
        if let Err(e) = &result {
            let m = e.message();
            assert!(m.en.len() >= 15 && m.id.len() >= 15, "{name}: vague {e:?}");
            assert!(!matches!(e, OpenError::Io(_)), "{name}: {e:?}");
        }
        outcomes.insert(name, result);
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for r in outcomes.values() {
        *counts.entry(kind(r)).or_insert(0) += 1;
    }
    eprintln!(
        "open_robust: {} files in {:.1}s (slowest {} ms: {}): {:?}",
        outcomes.len(),
        start.elapsed().as_secs_f64(),
        slowest.0,
        slowest.1,
        counts
    );
    for (name, r) in &outcomes {
        if let Err(e) = r {
            eprintln!("  {name}: {}", e.message().en);
        }
    }

    let get = |n: &str| outcomes.get(n);
    // Password-protected: OOXML packages in OLE, an xls with FILEPASS, an ods.
    for name in [
        "calamine__tests_pass_protected.xlsx",
        "calamine__tests_pass_protected.xlsb",
        "calamine__tests_pass_protected.ods",
        "calamine__tests_issue_385.xls",
        "excelize__test_encryptAES.xlsx",
        "excelize__test_encryptSHA1.xlsx",
    ] {
        if let Some(r) = get(name) {
            assert_eq!(r.as_ref().err(), Some(&OpenError::Encrypted), "{name}");
        }
    }
    // calamine's OOM regression files: the first two are valid workbooks (calamine's own
    // test reads "Colsale (Aug" from the second); the third has a FAT link far past the
    // end of the file. None may abort the process.
    if let Some(Ok(wb)) = get("calamine__tests_OOM_alloc2.xls") {
        assert_eq!(wb.format, Format::Xls);
        assert_eq!(wb.sheets.len(), 1);
        assert_eq!(wb.sheets[0].name, "Colsale (Aug");
    } else if get("calamine__tests_OOM_alloc2.xls").is_some() {
        panic!("OOM_alloc2.xls must open");
    }
    if let Some(r) = get("calamine__tests_OOM_alloc.xls") {
        let wb = r.as_ref().expect("OOM_alloc.xls must open");
        assert_eq!(wb.sheets.len(), 10);
        assert_eq!(wb.sheets[0].name, "Weekly Report");
        assert!(!wb.sheets[0].hidden && wb.sheets[1].hidden);
    }
    if let Some(r) = get("calamine__tests_OOM_alloc3.xls") {
        assert!(
            matches!(r, Err(OpenError::Corrupt(m)) if m.contains("points far past the end")),
            "{:?}",
            r.as_ref().err()
        );
    }
    // The ods that declares a full sheet of repeated cells.
    if let Some(r) = get("calamine__tests_issue_594_dos.ods") {
        assert_eq!(
            r.as_ref().err(),
            Some(&OpenError::TooLarge(
                "sheet 'Sheet1' declares 16384×1048576 cells; limit is 5000000".into()
            ))
        );
    }
    if let Some(r) = get("xlrd__tests_samples_biff4_no_format_no_window2.xls") {
        assert!(matches!(r, Err(OpenError::Unsupported(m)) if m.contains("BIFF4")));
    }
    // Chart sheets are skipped, not fatal.
    if let Some(r) = get("calamine__tests_any_sheets.xlsx") {
        let wb = r.as_ref().expect("any_sheets.xlsx must open");
        assert!(wb.sheets.iter().all(|s| !s.name.is_empty()));
    }
    assert!(
        start.elapsed().as_secs() < 120,
        "opening the robust folder took {:?}",
        start.elapsed()
    );
}

#[test]
fn corpus_workbooks_open_and_the_five_broken_ones_say_why() {
    let dir = shared("corpus/workbooks");
    let limits = Limits::default();
    let expected_broken: BTreeMap<&str, &str> = [
        ("003", "truncated"),
        ("010", "csv"),
        ("020", "empty"),
        ("030", "html"),
        ("036", "truncated"),
    ]
    .into_iter()
    .collect();
    let mut opened = 0;
    for path in files(&dir) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let r = open(&path, &limits);
        match expected_broken.get(&name[..3]) {
            Some(want) => assert_eq!(kind(&r), *want, "{name}: {:?}", r.err()),
            None => {
                let wb = r.unwrap_or_else(|e| panic!("{name}: {e:?}"));
                assert!(
                    wb.sheets.iter().any(|s| !s.hidden && s.height() >= 10),
                    "{name}: no visible sheet with a table"
                );
                opened += 1;
            }
        }
    }
    assert_eq!(opened, 35);
}

#[test]
fn bajeng_xls_keeps_its_merges_and_cells() {
    let dir = shared("corpus/workbooks");
    let wb = open(&dir.join("001_lkjip-bajeng-2023.xls"), &Limits::default()).unwrap();
    assert_eq!(wb.format, Format::Xls);
    assert_eq!(wb.sheets.len(), 1);
    let s = &wb.sheets[0];
    assert_eq!(s.name, "Tabel 3.1");
    assert_eq!((s.height(), s.width()), (38, 6));
    assert_eq!(s.merges.len(), 5);
}
