//! Fill or update the per-kecamatan targets of a schema from signed PK (Perjanjian
//! Kinerja) workbooks (`kinerja schema targets`). Each workbook goes through the
//! ordinary pipeline against the schema, so its rows are matched to nodes and its
//! kecamatan identified as in a batch; every target that differs from the schema's (or
//! that the schema lacks) becomes a `Change`. The schema file is edited in place with
//! `toml_edit`, so the officer's comments, order and layout stay as they were.

use super::{Kind, Matcher, Schema, TargetValue};
use crate::model::Text;
use crate::normalize::{State, Value};
use crate::pipeline::process_file;
use crate::workbook::Limits;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One target to write.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub node_id: String,
    pub kecamatan: String,
    /// The schema's target before (None: it had none).
    pub old: Option<TargetValue>,
    pub new: TargetValue,
    /// Where it was read: "pk-bajeng.xlsx!D7".
    pub source: String,
}

/// What reading the PK workbooks gave: the changes, and notes (a file without a
/// table, an office not identified, two files disagreeing).
#[derive(Debug, Clone, Default)]
pub struct Collected {
    pub changes: Vec<Change>,
    pub notes: Vec<Text>,
    /// Targets read that equal the schema's already.
    pub unchanged: usize,
}

fn target_of(v: &Value, kind: Kind) -> Option<TargetValue> {
    match (v.state, kind) {
        (State::Grade, Kind::Grade) => v.grade.clone().map(TargetValue::Grade),
        (State::Value, k) if k != Kind::Grade && v.range.is_none() => {
            v.number.filter(|n| n.is_finite()).map(TargetValue::Number)
        }
        _ => None,
    }
}

fn same(a: &TargetValue, b: &TargetValue) -> bool {
    match (a, b) {
        (TargetValue::Number(x), TargetValue::Number(y)) => (x - y).abs() < 1e-9,
        (TargetValue::Grade(x), TargetValue::Grade(y)) => x.eq_ignore_ascii_case(y),
        _ => false,
    }
}

/// Shown in messages: "85", "12,5", "BB".
pub fn show(t: &TargetValue) -> String {
    match t {
        TargetValue::Number(n) => crate::output::csv_number(Some(*n)).replace('.', ","),
        TargetValue::Grade(g) => g.clone(),
    }
}

/// Read the PK workbooks and list the targets that differ from the schema's.
pub fn collect(files: &[PathBuf], schema: &Schema, limits: &Limits) -> Collected {
    let matcher = Matcher::new(schema);
    let mut out = Collected::default();
    // (node, kecamatan) → index of its change or the source of an unchanged target.
    let mut first: BTreeMap<(String, String), (TargetValue, String)> = BTreeMap::new();
    for path in files {
        let processed = process_file(path, &matcher, limits);
        let r = &processed.report;
        if processed
            .located
            .as_ref()
            .is_none_or(|l| l.tables.is_empty())
        {
            out.notes.push(Text::new(
                format!("{}: tidak ada tabel target yang terbaca, dilewati", r.file),
                format!("{}: no target table could be read, skipped", r.file),
            ));
            continue;
        }
        let Some(kec) = r.kecamatan.clone() else {
            out.notes.push(Text::new(
                format!(
                    "{}: kecamatan tidak dikenali (tulis namanya di judul atau nama berkas), dilewati",
                    r.file
                ),
                format!(
                    "{}: kecamatan not identified (write its name in the title or file name), skipped",
                    r.file
                ),
            ));
            continue;
        };
        let mut unmatched = 0;
        for rec in &r.records {
            let Some(node) = rec.node_id().and_then(|id| schema.node(id)) else {
                unmatched += 1;
                continue;
            };
            let Some(new) = target_of(&rec.target, node.kind) else {
                continue;
            };
            let at = rec
                .target
                .at
                .as_ref()
                .map(|c| format!("{}!{}", r.file, c.a1()))
                .unwrap_or_else(|| r.file.clone());
            let key = (node.id.clone(), kec.clone());
            if let Some((earlier, from)) = first.get(&key) {
                if !same(earlier, &new) {
                    out.notes.push(Text::new(
                        format!(
                            "{at}: target {} untuk {} ({kec}) berbeda dengan {} di {from}; yang pertama dipakai",
                            show(&new),
                            node.id,
                            show(earlier)
                        ),
                        format!(
                            "{at}: target {} for {} ({kec}) differs from {} in {from}; the first is used",
                            show(&new),
                            node.id,
                            show(earlier)
                        ),
                    ));
                }
                continue;
            }
            first.insert(key, (new.clone(), at.clone()));
            let old = node.targets.get(&kec).cloned();
            if old.as_ref().is_some_and(|o| same(o, &new)) {
                out.unchanged += 1;
                continue;
            }
            out.changes.push(Change {
                node_id: node.id.clone(),
                kecamatan: kec.clone(),
                old,
                new,
                source: at,
            });
        }
        if unmatched > 0 {
            out.notes.push(Text::new(
                format!(
                    "{}: {unmatched} baris tidak cocok dengan indikator skema (lihat `kinerja check`)",
                    r.file
                ),
                format!(
                    "{}: {unmatched} rows match no indicator of the schema (see `kinerja check`)",
                    r.file
                ),
            ));
        }
    }
    out
}

/// The schema text with the changes written into each node's `targets`, keeping
/// everything else (comments, order, layout) as it was.
pub fn apply(text: &str, changes: &[Change]) -> Result<String, String> {
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| e.to_string())?;
    let nodes = doc
        .get_mut("node")
        .and_then(|n| n.as_array_of_tables_mut())
        .ok_or_else(|| "the schema has no [[node]] tables".to_string())?;
    for c in changes {
        let table = nodes
            .iter_mut()
            .find(|t| t.get("id").and_then(|v| v.as_str()) == Some(c.node_id.as_str()))
            .ok_or_else(|| format!("node \"{}\" not found", c.node_id))?;
        if !table.contains_key("targets") {
            table.insert("targets", toml_edit::value(toml_edit::InlineTable::new()));
        }
        let targets = table
            .get_mut("targets")
            .and_then(|t| t.as_table_like_mut())
            .ok_or_else(|| format!("node \"{}\": targets is not a table", c.node_id))?;
        let value = match &c.new {
            TargetValue::Number(n) => toml_edit::value(*n),
            TargetValue::Grade(g) => toml_edit::value(g.as_str()),
        };
        targets.insert(&c.kecamatan, value);
    }
    Ok(doc.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMA: &str = r#"# the officer's comment stays
[regency]
name = "Kabupaten Gowa"
tahun = 2024

[[kecamatan]]
name = "Bajeng"

[[kecamatan]]
name = "Parigi"

[[node]]
id = "ikm"  # and this one
level = "sasaran"
statement = "Meningkatnya kepuasan"
indicator = "Indeks Kepuasan Masyarakat"
unit = "nilai"
kind = "index"
targets = { "Bajeng" = 85.0 }

[[node]]
id = "sakip"
level = "sasaran"
statement = "Akuntabilitas"
indicator = "Nilai SAKIP"
unit = "predikat"
kind = "grade"
"#;

    #[test]
    fn changes_are_written_and_comments_kept() {
        let changes = vec![
            Change {
                node_id: "ikm".into(),
                kecamatan: "Bajeng".into(),
                old: Some(TargetValue::Number(85.0)),
                new: TargetValue::Number(86.5),
                source: "pk.xlsx!D5".into(),
            },
            Change {
                node_id: "sakip".into(),
                kecamatan: "Parigi".into(),
                old: None,
                new: TargetValue::Grade("BB".into()),
                source: "pk.xlsx!D6".into(),
            },
        ];
        let text = apply(SCHEMA, &changes).unwrap();
        assert!(text.contains("# the officer's comment stays"));
        assert!(text.contains("# and this one"));
        let (s, _) = crate::schema::load_str(&text, "t.toml").unwrap();
        assert_eq!(
            s.node("ikm").unwrap().targets.get("Bajeng"),
            Some(&TargetValue::Number(86.5))
        );
        assert_eq!(
            s.node("sakip").unwrap().targets.get("Parigi"),
            Some(&TargetValue::Grade("BB".into()))
        );
    }

    #[test]
    fn an_unknown_node_is_an_error_not_a_panic() {
        let c = Change {
            node_id: "nope".into(),
            kecamatan: "Bajeng".into(),
            old: None,
            new: TargetValue::Number(1.0),
            source: String::new(),
        };
        assert!(apply(SCHEMA, &[c]).is_err());
        assert!(apply("not toml [", &[]).is_err());
    }
}
