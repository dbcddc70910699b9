//! A batch over ~280 odd third-party spreadsheets (../shared/robust: encrypted, BIFF2–5,
//! strict OOXML, huge declared ranges, DoS cases) finishes, exits 0, and gives every file
//! either its located table (rows in consolidated.csv) or a specific unreadable-file /
//! no-table finding.

mod common;
use common::*;
use std::collections::BTreeSet;

#[test]
fn batch_over_odd_spreadsheets_accounts_for_every_file() {
    let robust = shared("robust");
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    let output = run(kinerja()
        .arg("batch")
        .arg(&robust)
        .arg("--out")
        .arg(&out)
        .arg("--file-timeout")
        .arg("120")
        .env("RUST_BACKTRACE", "1"));
    assert_eq!(output.status.code(), Some(0));
    // Files that make calamine panic inside a worker are findings, never text on the
    // user's terminal (issue 10).
    let stderr = String::from_utf8_lossy(&output.stderr);
    for bad in ["panicked", "stack backtrace", "RUST_BACKTRACE"] {
        assert!(!stderr.contains(bad), "{bad:?} on the terminal:\n{stderr}");
    }

    let inputs: BTreeSet<String> = std::fs::read_dir(&robust)
        .expect("read robust")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".md"))
        .collect();
    let data = read_csv(&out.join("consolidated.csv"));
    let finds = read_csv(&out.join("discrepancies.csv"));
    let with_rows: BTreeSet<&str> = data.iter().map(|r| r["file"].as_str()).collect();
    let mut unreadable = 0;
    for name in &inputs {
        let file_level: Vec<_> = finds
            .iter()
            .filter(|f| {
                &f["file"] == name && (f["rule"] == "unreadable-file" || f["rule"] == "no-table")
            })
            .collect();
        assert!(
            with_rows.contains(name.as_str()) || !file_level.is_empty(),
            "{name}: neither a table nor an unreadable-file/no-table finding"
        );
        for f in &file_level {
            assert!(
                f["message"].len() > 20,
                "{name}: vague message {:?}",
                f["message"]
            );
        }
        if file_level.iter().any(|f| f["rule"] == "unreadable-file") {
            unreadable += 1;
        }
    }
    eprintln!(
        "{} files: {} with rows, {} unreadable",
        inputs.len(),
        with_rows.len(),
        unreadable
    );
    // Password-protected files must say so, not give a generic error.
    for name in [
        "calamine__tests_pass_protected.xlsx",
        "excelize__test_encryptAES.xlsx",
        "excelize__test_encryptSHA1.xlsx",
    ] {
        if inputs.contains(name) {
            assert!(
                finds.iter().any(|f| f["file"] == name
                    && f["rule"] == "unreadable-file"
                    && f["message"].contains("kata sandi")),
                "{name} must be reported as encrypted"
            );
        }
    }
    // The files crafted to make calamine allocate without bound are survived: each is
    // refused before the allocation or read without it.
    for name in [
        "calamine__tests_OOM_alloc.xls",
        "calamine__tests_OOM_alloc2.xls",
        "calamine__tests_OOM_alloc3.xls",
        "calamine__tests_issue_594_dos.ods",
    ] {
        assert!(
            !inputs.contains(name)
                || finds.iter().any(|f| f["file"] == name
                    && (f["rule"] == "unreadable-file" || f["rule"] == "no-table")),
            "{name} must be accounted for"
        );
    }
}
