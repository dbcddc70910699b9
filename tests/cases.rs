//! The public bug-report cases (`../shared/cases/`): every workbook is run through the
//! pipeline with the shipped schema and checked against its `expect.json`: each expected
//! finding at its exact cell, each absent finding absent, and what the named cells mean.
//! A missing `../shared` fails the test: these cases are the acceptance bar of issue 9.

use kinerja::model::{Finding, Lang};
use kinerja::normalize::{Cause, State, Value};
use kinerja::pipeline::{process_file, DEFAULT_SCHEMA, DEFAULT_SCHEMA_NAME};
use kinerja::report::{FileReport, Record};
use kinerja::schema::{load_str, Matcher};
use kinerja::workbook::Limits;
use serde_json::Value as Json;
use std::path::{Path, PathBuf};

fn cases_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/cases");
    assert!(
        dir.is_dir(),
        "the shared cases folder {} is missing: these tests need ../shared beside the \
         repository (they are the acceptance bar, so they do not skip)",
        dir.display()
    );
    dir
}

/// Every case: (workbook path, its expect.json).
fn cases() -> Vec<(PathBuf, Json)> {
    let dir = cases_dir();
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read cases folder")
        .map(|e| e.expect("dir entry").path())
        .collect();
    entries.sort();
    for expect in entries
        .iter()
        .filter(|p| p.to_string_lossy().ends_with(".expect.json"))
    {
        let stem = expect
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".expect.json"))
            .expect("case name");
        let book = ["xlsx", "xls", "ods", "xlsm"]
            .iter()
            .map(|ext| dir.join(format!("{stem}.{ext}")))
            .find(|p| p.exists())
            .unwrap_or_else(|| panic!("no workbook for {}", expect.display()));
        let text = std::fs::read_to_string(expect).expect("read expect.json");
        let json: Json = serde_json::from_str(&text).expect("parse expect.json");
        out.push((book, json));
    }
    assert!(
        out.len() >= 12,
        "expected at least 12 cases, found {}",
        out.len()
    );
    out
}

fn report_of(path: &Path) -> FileReport {
    let (schema, _) = load_str(DEFAULT_SCHEMA, DEFAULT_SCHEMA_NAME).expect("shipped schema");
    let matcher = Matcher::new(&schema);
    process_file(path, &matcher, &Limits::default()).report
}

fn describe(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| format!("  {} {} {}", f.cell(), f.rule, f.message.get(Lang::En)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The rule codes a `rule` field allows: "unparseable|missing-value" → both; a field
/// with prose after the code ("duplicate-indicator (unless …)") → the code.
fn rule_codes(rule: &str) -> Vec<String> {
    rule.split('|')
        .map(|r| {
            r.split(|c: char| c.is_whitespace() || c == '(')
                .next()
                .unwrap_or("")
                .to_string()
        })
        .collect()
}

/// Which cells a `cell` field names: None for any cell.
fn cell_filter(cell: &str) -> Option<CellSel> {
    let cell = cell.trim();
    if cell.starts_with("any") || cell == "-" || cell.is_empty() {
        return None;
    }
    if let Some(n) = cell.strip_prefix("row ") {
        return Some(CellSel::Row(n.trim().parse().expect("row number")));
    }
    Some(CellSel::Cells(
        cell.split('/').map(|c| c.trim().to_string()).collect(),
    ))
}

enum CellSel {
    /// 1-based row.
    Row(u32),
    Cells(Vec<String>),
}

impl CellSel {
    fn matches(&self, f: &Finding) -> bool {
        match self {
            CellSel::Row(r) => f.at.as_ref().is_some_and(|a| a.row + 1 == *r),
            CellSel::Cells(cells) => cells.iter().any(|c| *c == f.cell()),
        }
    }
}

fn all_values(records: &[Record]) -> impl Iterator<Item = &Value> {
    records
        .iter()
        .flat_map(|r| [&r.target, &r.realisasi, &r.capaian])
}

fn value_at<'a>(records: &'a [Record], a1: &str) -> Option<&'a Value> {
    all_values(records).find(|v| v.at.as_ref().is_some_and(|at| at.a1() == a1))
}

fn is_a1(key: &str) -> bool {
    let letters = key.chars().take_while(char::is_ascii_uppercase).count();
    letters > 0
        && letters <= 3
        && key.len() > letters
        && key[letters..].chars().all(|c| c.is_ascii_digit())
}

fn col_index(letters: &str) -> u32 {
    letters
        .bytes()
        .fold(0u32, |acc, b| acc * 26 + u32::from(b - b'A') + 1)
        - 1
}

fn check_cell(name: &str, report: &FileReport, key: &str, want: &Json) {
    let records = &report.records;
    if is_a1(key) {
        let v = value_at(records, key)
            .unwrap_or_else(|| panic!("{name}: no target/realisasi/capaian value at {key}"));
        match want {
            Json::Number(n) => {
                let n = n.as_f64().expect("number");
                let got = v.number.unwrap_or(f64::NAN);
                assert!(
                    (got - n).abs() < 0.006,
                    "{name}: {key} should read {n}, reads {:?} (raw {:?})",
                    v.number,
                    v.raw
                );
            }
            Json::String(s) => check_described_cell(name, key, v, s, records),
            other => panic!("{name}: {key}: unsupported expectation {other}"),
        }
        return;
    }
    let want_s = want.as_str().map(str::to_string).unwrap_or_default();
    if key == "rows" {
        let n = want.as_u64().expect("rows count") as usize;
        assert_eq!(records.len(), n, "{name}: number of indicator rows");
    } else if let Some(row) = key.strip_prefix("row ") {
        let row: u32 = row.trim().parse().expect("row number");
        assert!(
            !records.iter().any(|r| r.row + 1 == row),
            "{name}: row {row} ({want_s}) must not be read as an indicator row"
        );
    } else if let Some(field) = key.strip_suffix(" column") {
        let field = field.to_lowercase();
        let pick = |r: &Record| -> Option<Value> {
            match field.as_str() {
                "target" => Some(r.target.clone()),
                "realisasi" => Some(r.realisasi.clone()),
                "capaian" => Some(r.capaian.clone()),
                _ => None,
            }
        };
        let letters: String = want_s
            .chars()
            .take_while(char::is_ascii_uppercase)
            .collect();
        let col_named = !letters.is_empty() && want_s[letters.len()..].starts_with([' ', ',', '(']);
        if col_named {
            let col = col_index(&letters);
            for r in records {
                let v = pick(r).unwrap_or_else(|| panic!("{name}: unknown column {key}"));
                if let Some(at) = &v.at {
                    assert_eq!(
                        at.col,
                        col,
                        "{name}: {key} must be {letters}, row {} reads it from {}",
                        r.row + 1,
                        at.a1()
                    );
                }
            }
        } else if want_s.contains("no stated capaian") {
            for r in records.iter().filter(|r| r.capaian.raw.starts_with('=')) {
                assert_eq!(
                    r.capaian.state,
                    State::Missing,
                    "{name}: capaian formula with no saved result at row {} must not be a stated capaian",
                    r.row + 1
                );
            }
        } else {
            panic!("{name}: unrecognised expectation {key}: {want_s}");
        }
    } else {
        panic!("{name}: unrecognised cell key {key}");
    }
}

/// A cell described in words: a range ("80..90 %"), a number with a unit ("6 unit"),
/// a formula with no stored value, or "not a number".
fn check_described_cell(name: &str, key: &str, v: &Value, s: &str, records: &[Record]) {
    if let Some((lo, rest)) = s.split_once("..") {
        let hi: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let (lo, hi): (f64, f64) = (lo.trim().parse().expect("low"), hi.parse().expect("high"));
        let range = v
            .range
            .unwrap_or_else(|| panic!("{name}: {key} should be the range {s}, reads {v:?}"));
        assert_eq!(
            (range.low, range.high),
            (Some(lo), Some(hi)),
            "{name}: {key}"
        );
        return;
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    if let [n, unit] = words.as_slice() {
        if let Ok(n) = n.parse::<f64>() {
            assert_eq!(v.number, Some(n), "{name}: {key} should read {s}");
            let rec = records
                .iter()
                .find(|r| [&r.target, &r.realisasi, &r.capaian].contains(&v))
                .expect("record of value");
            assert_eq!(
                rec.unit_normalized.as_deref(),
                Some(*unit),
                "{name}: {key} unit should be {unit}"
            );
            return;
        }
    }
    if s.starts_with("formula") {
        assert!(
            matches!(v.cause, Some(Cause::Formula { .. })),
            "{name}: {key} should be known as a formula with no saved result: {v:?}"
        );
        return;
    }
    if s.contains("not a number") || s.contains("never a number") || s.contains("NOT ") {
        assert!(
            v.state != State::Value || v.number.is_none(),
            "{name}: {key} must not be read as a number ({s}), reads {:?}",
            v.number
        );
        return;
    }
    panic!("{name}: unrecognised expectation for {key}: {s}");
}

#[test]
fn every_shared_case_reads_as_its_expect_json_says() {
    let mut failures = Vec::new();
    for (book, expect) in cases() {
        let name = book
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let report = report_of(&book);
        let result = std::panic::catch_unwind(|| check_case(&name, &report, &expect));
        if let Err(e) = result {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            failures.push(format!(
                "{msg}\n findings of {name}:\n{}",
                describe(&report.findings)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn check_case(name: &str, report: &FileReport, expect: &Json) {
    let findings = &report.findings;
    for f in expect["findings"].as_array().expect("findings array") {
        let rule = f["rule"].as_str().expect("rule");
        if let Some(cell) = rule.strip_prefix("any finding at ") {
            let at: Vec<&Finding> = findings.iter().filter(|x| x.cell() == cell).collect();
            assert!(!at.is_empty(), "{name}: expected a finding at {cell}");
            let why = f["why"].as_str().unwrap_or("");
            if why.contains("formula with no saved result")
                || why.contains("formula with no saved")
                || why.contains("is a formula")
            {
                assert!(
                    at.iter().any(|x| x
                        .message
                        .get(Lang::En)
                        .contains("formula with no saved result")),
                    "{name}: the finding at {cell} must say it is a formula with no saved result"
                );
            }
            continue;
        }
        let codes = rule_codes(rule);
        let cell = f["cell"].as_str().expect("cell");
        let sel = cell_filter(cell);
        assert!(
            findings
                .iter()
                .any(|x| codes.iter().any(|c| c == x.rule.code())
                    && sel.as_ref().is_none_or(|s| s.matches(x))),
            "{name}: expected {rule} at {cell}"
        );
    }
    for f in expect["absent_findings"].as_array().expect("absent array") {
        let codes = rule_codes(f["rule"].as_str().expect("rule"));
        let cell = f["cell"].as_str().expect("cell");
        let sel = cell_filter(cell);
        let bad: Vec<&Finding> = findings
            .iter()
            .filter(|x| {
                codes.iter().any(|c| c == x.rule.code())
                    && sel.as_ref().is_none_or(|s| s.matches(x))
            })
            .collect();
        assert!(
            bad.is_empty(),
            "{name}: {} must not be reported at {cell}, got:\n{}",
            codes.join("|"),
            describe(&bad.into_iter().cloned().collect::<Vec<_>>())
        );
    }
    if let Some(cells) = expect["cells"].as_object() {
        for (key, want) in cells {
            check_cell(name, report, key, want);
        }
    }
}
