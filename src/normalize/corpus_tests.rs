//! Test-only: compiled under #[cfg(test)] (see its `mod` line), so it may unwrap.
//!
//! The labelled corpus (`../shared/corpus/truth/*.json`) as a test of this stage: every
//! indicator row's target, realisasi and capaian cells are rebuilt from their recorded
//! raw value (and number format, for xlsx files only: xls and ods keep none), run
//! through `parse_cell` and `resolve_table_with`, and compared with the expected values.
//! Skipped (with a note) when the corpus is not beside the repository.

use super::{
    normalize_unit, parse_cell, resolve_table_with, row_hint, Field, RowValues, State, Value,
};
use crate::workbook::{Cell, Data};
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

fn truth_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/truth")
}

fn cell_of(ind: &Json, field: &str, xlsx: bool) -> Cell {
    let raw = ind.get(format!("{field}_raw")).unwrap_or(&Json::Null);
    let data = match raw {
        Json::Null => Data::Empty,
        Json::String(s) => Data::Text(s.clone()),
        Json::Number(n) => Data::Number(n.as_f64().unwrap()),
        Json::Bool(b) => Data::Bool(*b),
        other => panic!("unexpected raw {other}"),
    };
    let format = if xlsx {
        ind.get(format!("{field}_numfmt"))
            .and_then(Json::as_str)
            .map(Arc::from)
    } else {
        None
    };
    Cell { data, format }
}

/// Does the value match the expectation (number ±0.005, grade by string, null = none)?
fn agrees(v: &Value, expected: &Json) -> bool {
    match expected {
        Json::Null => v.number.is_none() && v.grade.is_none(),
        Json::Number(n) => v
            .number
            .is_some_and(|x| (x - n.as_f64().unwrap()).abs() <= 0.005),
        Json::String(g) => v.state == State::Grade && v.grade.as_deref() == Some(g.as_str()),
        _ => false,
    }
}

/// Where the unit is written in the cell (text, or an xlsx number format), the parsed
/// unit must name the expected one: same normalized unit, or the expected one as its
/// first word ("unsur masyarakat" for "unsur").
fn unit_agrees(v: &Value, expected: &Json) -> bool {
    let Some(want) = expected.as_str() else {
        return true;
    };
    let Some(got) = v.unit.as_deref() else {
        return false;
    };
    let got = normalize_unit(got);
    let want = normalize_unit(want);
    got == want || got.split(' ').next() == Some(want.as_str())
}

struct Row {
    file: String,
    id: String,
    ind: Json,
}

#[test]
fn corpus_truth_values() {
    let dir = truth_dir();
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| {
        panic!(
            "{} cannot be read ({e}): this test needs ../shared beside the repository (as CI lays it)",
            dir.display()
        )
    });
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "json")
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('_'))
        })
        .collect();
    files.sort();
    let (mut checked, mut failures) = (0usize, Vec::new());
    for path in &files {
        let truth: Json = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let Some(indicators) = truth.get("indicators").and_then(Json::as_object) else {
            continue;
        };
        let file = truth["file"].as_str().unwrap_or_default().to_string();
        let xlsx = truth["format"].as_str() == Some("xlsx");
        // Every row of a sheet is one table: the indicators, their duplicate rows and
        // the rows that match no indicator all take part in the column decisions.
        let mut sheets: BTreeMap<String, Vec<(u64, Row)>> = BTreeMap::new();
        let mut push = |id: &str, ind: &Json| {
            let sheet = ind["sheet"].as_str().unwrap_or_default().to_string();
            let row = ind["row"].as_u64().unwrap_or(0);
            sheets.entry(sheet).or_default().push((
                row,
                Row {
                    file: file.clone(),
                    id: id.to_string(),
                    ind: ind.clone(),
                },
            ));
        };
        for (id, ind) in indicators {
            push(id, ind);
            for dup in ind["duplicates"].as_array().into_iter().flatten() {
                push(&format!("{id} (duplicate)"), dup);
            }
        }
        for extra in truth["extra_rows"].as_array().into_iter().flatten() {
            push("(extra row)", extra);
        }
        for (_, mut rows) in sheets {
            rows.sort_by_key(|(r, _)| *r);
            let mut values: Vec<RowValues> = rows
                .iter()
                .map(|(_, r)| RowValues {
                    target: parse_cell(&cell_of(&r.ind, "target", xlsx), Field::Target, None),
                    realisasi: parse_cell(
                        &cell_of(&r.ind, "realisasi", xlsx),
                        Field::Realisasi,
                        None,
                    ),
                    capaian: parse_cell(&cell_of(&r.ind, "capaian", xlsx), Field::Capaian, None),
                })
                .collect();
            let hints: Vec<_> = rows
                .iter()
                .map(|(_, r)| row_hint(r.ind["indicator_text"].as_str().unwrap_or_default(), ""))
                .collect();
            resolve_table_with(&mut values, &hints);
            for ((_, r), v) in rows.iter().zip(&values) {
                for (field, value, key) in [
                    ("target", &v.target, "target"),
                    ("realisasi", &v.realisasi, "realisasi"),
                    ("capaian", &v.capaian, "capaian_stated"),
                ] {
                    let Some(expected) = r.ind.get(key) else {
                        continue;
                    };
                    checked += 1;
                    let unit_key = format!("{field}_unit");
                    let unit_visible = matches!(r.ind[format!("{field}_raw")], Json::String(_))
                        || (xlsx && !r.ind[format!("{field}_numfmt")].is_null());
                    let unit_ok = !unit_visible || unit_agrees(value, &r.ind[unit_key.as_str()]);
                    let label_key = format!("{field}_label");
                    let label_ok = match r.ind.get(&label_key).and_then(Json::as_str) {
                        Some(l) => value.label.as_deref() == Some(l),
                        None => value.label.is_none(),
                    };
                    if !agrees(value, expected) || !unit_ok || !label_ok {
                        failures.push(format!(
                            "{} / {} / {field}: raw {} fmt {} → {:?} {:?} unit {:?} label {:?} amb {}; expected {} unit {} label {}",
                            r.file,
                            r.id,
                            r.ind[format!("{field}_raw")],
                            r.ind[format!("{field}_numfmt")],
                            value.state,
                            value.number.or(None),
                            value.unit,
                            value.label,
                            value.ambiguous,
                            expected,
                            r.ind[unit_key.as_str()],
                            r.ind[label_key.as_str()],
                        ));
                    }
                }
            }
        }
    }
    let passed = checked - failures.len();
    eprintln!(
        "corpus: {passed}/{checked} values as expected ({:.2} %)",
        passed as f64 * 100.0 / checked.max(1) as f64
    );
    for f in &failures {
        eprintln!("  {f}");
    }
    assert!(checked > 2000, "only {checked} values checked");
    assert!(
        failures.is_empty(),
        "{} corpus values differ",
        failures.len()
    );
}
