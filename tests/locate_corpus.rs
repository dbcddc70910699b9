//! The table locator against the labelled corpus (../shared/corpus): every readable
//! workbook is opened and located, and the table must sit on the truth sheet with every
//! column role in the truth column, the truth header rows, one table row per truth
//! indicator at the truth cells with the truth texts, and no rows beyond them (except the
//! unknown indicators and duplicates the truth lists).
//!
//! Set KINERJA_CORPUS to another corpus folder (with `workbooks/` and `truth/`) to judge
//! the locator on it. When no corpus is found the test fails saying so.

use kinerja::workbook::{locate, open, Limits, Role, RowCell, Table};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn corpus_dir() -> PathBuf {
    let dir = match std::env::var_os("KINERJA_CORPUS") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
    };
    // A missing corpus fails the test: it never passes unseen.
    assert!(
        dir.join("truth").is_dir(),
        "{} has no truth/: this test needs ../shared beside the repository (as CI lays \
         it) or KINERJA_CORPUS",
        dir.display()
    );
    dir
}

fn role_of(name: &str) -> Option<Role> {
    Some(match name {
        "no" => Role::No,
        "statement" => Role::Statement,
        "indicator" => Role::Indicator,
        "unit" => Role::Unit,
        "target" => Role::Target,
        "realisasi" => Role::Realisasi,
        "capaian" => Role::Capaian,
        "keterangan" => Role::Keterangan,
        "anggaran" => Role::Anggaran,
        _ => return None,
    })
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn letters(col: u32) -> String {
    kinerja::model::col_letters(col)
}

fn a1(rc: &Option<RowCell>) -> String {
    rc.as_ref().map_or_else(|| "-".to_string(), |c| c.at.a1())
}

fn text(rc: &Option<RowCell>) -> String {
    rc.as_ref().map_or_else(String::new, |c| collapse(&c.text))
}

fn rows_of(v: &Value) -> Vec<u64> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_u64).collect())
        .unwrap_or_default()
}

/// Every difference between the located tables and one truth file.
fn check(truth: &Value, tables: &[Table]) -> Vec<String> {
    let mut errs = Vec::new();
    let sheet = truth["sheet"].as_str().unwrap_or_default();
    let layout = &truth["layout"];
    let others: Vec<&str> = tables
        .iter()
        .filter(|t| t.sheet != sheet)
        .map(|t| t.sheet.as_str())
        .collect();
    if !others.is_empty() {
        errs.push(format!("tables returned on other sheets: {others:?}"));
    }
    let on_sheet: Vec<&Table> = tables.iter().filter(|t| t.sheet == sheet).collect();
    let table = match on_sheet.as_slice() {
        [t] => *t,
        [] => {
            errs.push(format!("no table on sheet {sheet:?}"));
            return errs;
        }
        many => {
            errs.push(format!("{} tables on sheet {sheet:?}", many.len()));
            many[0]
        }
    };

    // Columns: each truth role in its truth column, and no role the truth does not have.
    let mut truth_roles = BTreeSet::new();
    if let Some(cols) = layout["columns"].as_object() {
        for (name, letter) in cols {
            let Some(role) = role_of(name) else { continue };
            truth_roles.insert(role);
            let got = table.column(role).map(|c| letters(c.col));
            if got.as_deref() != letter.as_str() {
                errs.push(format!("column {name}: want {letter}, got {got:?}"));
            }
        }
    }
    for c in &table.columns {
        if !truth_roles.contains(&c.role) {
            errs.push(format!(
                "extra column role {:?} at {} ({:?})",
                c.role,
                letters(c.col),
                c.header
            ));
        }
    }

    // Header rows (1-based in the truth), the numbered-column row included.
    let mut want_header = rows_of(&layout["header_rows"]);
    if let Some(n) = layout["colnum_row"].as_u64() {
        want_header.push(n);
    }
    let got_header: Vec<u64> = table
        .header_rows
        .iter()
        .map(|&r| u64::from(r) + 1)
        .collect();
    if got_header != want_header {
        errs.push(format!(
            "header rows: want {want_header:?}, got {got_header:?}"
        ));
    }
    let want_titles = rows_of(&layout["title_rows"]).len();
    if table.title.len() != want_titles {
        errs.push(format!(
            "title lines: want {want_titles}, got {:?}",
            table.title
        ));
    }

    // Indicators: exactly one row each, at the truth cells, with the truth texts.
    let mut expected_rows = BTreeSet::new();
    let indicators = truth["indicators"].as_object().cloned().unwrap_or_default();
    for (id, ind) in &indicators {
        let row = ind["row"].as_u64().unwrap_or(0);
        expected_rows.insert(row);
        let found: Vec<_> = table
            .rows
            .iter()
            .filter(|r| u64::from(r.row) + 1 == row)
            .collect();
        let [got] = found.as_slice() else {
            errs.push(format!("{id}: {} table rows at row {row}", found.len()));
            continue;
        };
        let cells = [
            ("indicator_cell", a1(&got.indicator)),
            ("statement_cell", a1(&got.statement)),
            ("target_cell", a1(&got.target)),
            ("realisasi_cell", a1(&got.realisasi)),
            ("capaian_cell", a1(&got.capaian)),
            ("keterangan_cell", a1(&got.keterangan)),
        ];
        for (key, got_cell) in cells {
            if let Some(want) = ind[key].as_str() {
                if want != got_cell {
                    errs.push(format!("{id}: {key} want {want}, got {got_cell}"));
                }
            }
        }
        let want_ind = collapse(ind["indicator_text"].as_str().unwrap_or_default());
        if text(&got.indicator) != want_ind {
            errs.push(format!(
                "{id}: indicator text want {want_ind:?}, got {:?}",
                text(&got.indicator)
            ));
        }
        let want_st = collapse(ind["statement"].as_str().unwrap_or_default()).to_lowercase();
        if text(&got.statement).to_lowercase() != want_st {
            errs.push(format!(
                "{id}: statement want {want_st:?}, got {:?}",
                text(&got.statement)
            ));
        }
    }

    // No rows beyond the truth indicators, the unknown indicators (extra_rows) and the
    // duplicate rows the truth reports as problems.
    for extra in truth["extra_rows"].as_array().into_iter().flatten() {
        if let Some(r) = extra["row"].as_u64() {
            expected_rows.insert(r);
        }
    }
    for p in truth["problems"].as_array().into_iter().flatten() {
        if p["rule"] == "duplicate-indicator" {
            let cell = p["cell"].as_str().unwrap_or_default();
            let digits: String = cell.chars().filter(char::is_ascii_digit).collect();
            if let Ok(r) = digits.parse() {
                expected_rows.insert(r);
            }
        }
    }
    for r in &table.rows {
        if !expected_rows.contains(&(u64::from(r.row) + 1)) {
            errs.push(format!(
                "unexpected row {} ({:?})",
                r.row + 1,
                text(&r.indicator)
            ));
        }
    }
    errs
}

#[test]
fn every_corpus_table_is_located_as_the_truth_says() {
    let dir = corpus_dir();
    let mut truth_files: Vec<PathBuf> = std::fs::read_dir(dir.join("truth"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json")
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('_'))
        })
        .collect();
    truth_files.sort();
    let mut failed = Vec::new();
    let mut checked = 0;
    for path in &truth_files {
        let truth: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let file = truth["file"].as_str().unwrap_or_default().to_string();
        if truth["broken"].as_bool() == Some(true) {
            println!("skip  {file} (broken: {})", truth["kind"]);
            continue;
        }
        checked += 1;
        let errs = match open(&dir.join("workbooks").join(&file), &Limits::default()) {
            Ok(wb) => check(&truth, &locate(&wb).tables),
            Err(e) => vec![format!("cannot open: {e:?}")],
        };
        if errs.is_empty() {
            println!("pass  {file}");
        } else {
            println!("FAIL  {file}");
            for e in &errs {
                println!("        {e}");
            }
            failed.push(file);
        }
    }
    println!(
        "locate corpus: {} of {checked} files pass",
        checked - failed.len()
    );
    assert!(checked > 0, "no readable truth files in {}", dir.display());
    assert!(failed.is_empty(), "files failing: {failed:?}");
}
