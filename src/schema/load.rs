//! Load a schema file and check it before anything is validated against it.
//!
//! The schema is edited by hand once a year by a planning officer, so every mistake
//! must be reported at once, each with the file and the line of the offending table
//! (the `id = "..."` line of a node, the alias inside a `[[kecamatan]]`), in words the
//! officer can act on. Errors make the schema unusable (the CLI exits 2); warnings are
//! legal but suspicious (near-duplicate nodes, targets for an unknown kecamatan).
//! This module never guesses a fix and never changes the schema it checks.

use super::matcher::{compact_name, normalize_text};
use super::{Kind, Polarity, Scale, Schema};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// An error that makes the schema unusable: names the file and line.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for SchemaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.file, l, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Something suspicious but legal (near-duplicate nodes).
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaWarning {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for SchemaWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.file, l, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Indicator wordings at least this similar (normalized Levenshtein, after
/// normalization) belong to near-duplicate nodes.
pub const NEAR_DUPLICATE_SIMILARITY: f64 = 0.92;

pub fn load(path: &Path) -> Result<(Schema, Vec<SchemaWarning>), Vec<SchemaError>> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        vec![SchemaError {
            file: path.display().to_string(),
            line: None,
            message: format!("cannot read the schema file: {e}"),
        }]
    })?;
    load_str(&text, &path.display().to_string())
}

/// Parse `text` (the content of `file`) and check it; all errors come back together.
pub fn load_str(text: &str, file: &str) -> Result<(Schema, Vec<SchemaWarning>), Vec<SchemaError>> {
    let schema = toml::from_str::<Schema>(text).map_err(|e| {
        vec![SchemaError {
            file: file.to_string(),
            line: e.span().map(|s| line_of_offset(text, s.start)),
            message: format!("not a valid schema: {}", e.message().trim()),
        }]
    })?;
    let (errors, warnings) = check(&schema, text, file);
    if errors.is_empty() {
        Ok((schema, warnings))
    } else {
        Err(errors)
    }
}

/// 1-based line of a byte offset (clamped to the text).
fn line_of_offset(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.bytes().take(end).filter(|&b| b == b'\n').count() + 1
}

/// Where each `[[node]]` and `[[kecamatan]]` table sits in the text, in file order
/// (the same order serde gives the arrays), so a check can name a line.
#[derive(Debug, Default)]
struct Lines {
    /// Per node: the line of its `id = ` key, else of its `[[node]]` header.
    nodes: Vec<usize>,
    /// Per kecamatan: (line of `name = ` or the header, first line, last line).
    kecamatan: Vec<(usize, usize, usize)>,
    /// The text's lines, for finding an alias inside a kecamatan table.
    text: Vec<String>,
}

#[derive(PartialEq)]
enum Section {
    Node,
    Kecamatan,
    Other,
}

impl Lines {
    fn scan(text: &str) -> Lines {
        let mut lines = Lines {
            text: text.lines().map(str::to_string).collect(),
            ..Lines::default()
        };
        let mut section = Section::Other;
        for (i, raw) in text.lines().enumerate() {
            let n = i + 1;
            let line = raw.trim();
            if line.starts_with('[') {
                if let Some((_, _, last)) = lines.kecamatan.last_mut() {
                    if section == Section::Kecamatan {
                        *last = n - 1;
                    }
                }
                let header: String = line.chars().filter(|c| !c.is_whitespace()).collect();
                section = if header.starts_with("[[node]]") {
                    lines.nodes.push(n);
                    Section::Node
                } else if header.starts_with("[[kecamatan]]") {
                    lines.kecamatan.push((n, n, n));
                    Section::Kecamatan
                } else {
                    Section::Other
                };
                continue;
            }
            match section {
                Section::Node if key_of(line) == Some("id") => {
                    if let Some(l) = lines.nodes.last_mut() {
                        *l = n;
                    }
                }
                Section::Kecamatan => {
                    if let Some((name_line, _, last)) = lines.kecamatan.last_mut() {
                        if key_of(line) == Some("name") {
                            *name_line = n;
                        }
                        *last = n;
                    }
                }
                _ => {}
            }
        }
        lines
    }

    fn node(&self, index: usize) -> Option<usize> {
        self.nodes.get(index).copied()
    }

    fn kecamatan(&self, index: usize) -> Option<usize> {
        self.kecamatan.get(index).map(|k| k.0)
    }

    /// The line inside kecamatan `index`'s table that holds `alias` in quotes.
    fn kecamatan_alias(&self, index: usize, alias: &str) -> Option<usize> {
        let (name_line, first, last) = *self.kecamatan.get(index)?;
        let quoted = [format!("\"{alias}\""), format!("'{alias}'")];
        (first..=last)
            .find(|&n| {
                self.text
                    .get(n.wrapping_sub(1))
                    .is_some_and(|l| quoted.iter().any(|q| l.contains(q.as_str())))
            })
            .or(Some(name_line))
    }
}

/// The bare key of a `key = value` line ("id" for `id = "ikm"`).
fn key_of(line: &str) -> Option<&str> {
    let (key, _) = line.split_once('=')?;
    let key = key.trim().trim_matches('"').trim_matches('\'');
    Some(key)
}

/// Every check on a parsed schema. `text` is the file content the schema came from
/// (for line numbers; pass "" for a schema built in code).
pub fn check(schema: &Schema, text: &str, file: &str) -> (Vec<SchemaError>, Vec<SchemaWarning>) {
    let lines = Lines::scan(text);
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let err = |line: Option<usize>, message: String| SchemaError {
        file: file.to_string(),
        line,
        message,
    };
    let warn = |line: Option<usize>, message: String| SchemaWarning {
        file: file.to_string(),
        line,
        message,
    };

    // Nodes: ids first, since every other node check refers to them.
    let mut first_of: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, node) in schema.nodes.iter().enumerate() {
        if node.id.trim().is_empty() {
            errors.push(err(lines.node(i), "a node has an empty id".to_string()));
            continue;
        }
        match first_of.get(node.id.as_str()) {
            Some(&first) => errors.push(err(
                lines.node(i),
                format!(
                    "duplicate node id \"{}\" (first defined at line {})",
                    node.id,
                    lines.node(first).map_or("?".to_string(), |l| l.to_string())
                ),
            )),
            None => {
                first_of.insert(node.id.as_str(), i);
            }
        }
    }

    for (i, node) in schema.nodes.iter().enumerate() {
        let line = lines.node(i);
        if let Some(parent) = &node.parent {
            if parent == &node.id {
                errors.push(err(line, format!("node \"{}\" is its own parent", node.id)));
            } else if !first_of.contains_key(parent.as_str()) {
                errors.push(err(
                    line,
                    format!(
                        "node \"{}\" has an unknown parent \"{}\" (no node has that id)",
                        node.id, parent
                    ),
                ));
            }
        }
        if node.polarity == Polarity::Negative && node.formula.is_none() {
            errors.push(err(
                line,
                format!(
                    "node \"{}\" has negative polarity but no formula: add formula = \"2t-r\" or formula = \"t/r\"",
                    node.id
                ),
            ));
        }
        if node.polarity == Polarity::Positive && node.formula.is_some() {
            warnings.push(warn(
                line,
                format!(
                    "node \"{}\" has a formula but positive polarity: the formula is ignored",
                    node.id
                ),
            ));
        }
        let unit = schema
            .canonical_unit(&node.unit)
            .unwrap_or(node.unit.as_str());
        let is_percent_unit = unit.trim() == "%";
        if node.kind == Kind::Percent && !is_percent_unit {
            errors.push(err(
                line,
                format!(
                    "node \"{}\" is a percent but its unit is \"{}\": a percent's unit must be \"%\"",
                    node.id, node.unit
                ),
            ));
        }
        if node.kind != Kind::Percent && is_percent_unit {
            errors.push(err(
                line,
                format!(
                    "node \"{}\" has unit \"%\" but kind \"{}\": use kind = \"percent\"",
                    node.id,
                    kind_name(node.kind)
                ),
            ));
        }
        if node.kind != Kind::Percent && normalize_text(&node.indicator).starts_with("persentase ")
        {
            warnings.push(warn(
                line,
                format!(
                    "node \"{}\": the indicator says \"Persentase\" but its kind is \"{}\"",
                    node.id,
                    kind_name(node.kind)
                ),
            ));
        }
        if !schema.units.is_empty() && schema.canonical_unit(&node.unit).is_none() {
            warnings.push(warn(
                line,
                format!(
                    "node \"{}\": unit \"{}\" is not listed in [units]",
                    node.id, node.unit
                ),
            ));
        }
        if let Some(scale) = &node.label_scale {
            match schema.scales.get(scale) {
                None => errors.push(err(
                    line,
                    format!(
                        "node \"{}\" names an unknown label_scale \"{}\" (scales: {})",
                        node.id,
                        scale,
                        schema.scales.keys().cloned().collect::<Vec<_>>().join(", ")
                    ),
                )),
                Some(Scale::Grades { .. }) if node.kind != Kind::Grade => errors.push(err(
                    line,
                    format!(
                        "node \"{}\" uses the grade scale \"{}\" but its kind is \"{}\": use kind = \"grade\"",
                        node.id,
                        scale,
                        kind_name(node.kind)
                    ),
                )),
                Some(_) => {}
            }
        }
        if let (Some(min), Some(max)) = (node.min, node.max) {
            if min > max {
                errors.push(err(
                    line,
                    format!(
                        "node \"{}\" has min {} greater than max {}",
                        node.id, min, max
                    ),
                ));
            }
        }
        if let Some(cap) = node.cap {
            if cap.is_nan() || cap <= 0.0 {
                errors.push(err(
                    line,
                    format!(
                        "node \"{}\" has cap {}: a cap must be a positive percentage",
                        node.id, cap
                    ),
                ));
            }
        }
        for key in node.targets.keys() {
            if !schema.kecamatan.iter().any(|k| &k.name == key) {
                let hint = schema
                    .kecamatan
                    .iter()
                    .find(|k| {
                        compact_name(&k.name) == compact_name(key)
                            || k.aliases
                                .iter()
                                .any(|a| compact_name(a) == compact_name(key))
                    })
                    .map(|k| format!(": write it as \"{}\"", k.name))
                    .unwrap_or_default();
                warnings.push(warn(
                    line,
                    format!(
                        "node \"{}\" has a target for unknown kecamatan \"{}\"{}; it is never used",
                        node.id, key, hint
                    ),
                ));
            }
        }
    }

    check_cycles(schema, &lines, &mut errors, file);
    check_rollups(schema, &lines, &mut errors, &mut warnings, file);
    check_near_duplicates(schema, &lines, &mut warnings, file);
    check_kecamatan(schema, &lines, &mut errors, file);
    check_scales(schema, &mut errors, file);
    (errors, warnings)
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Percent => "percent",
        Kind::Count => "count",
        Kind::Index => "index",
        Kind::Grade => "grade",
        Kind::Currency => "currency",
    }
}

/// A parent chain that comes back to where it started. Each cycle is reported once,
/// at the first of its nodes in the file.
fn check_cycles(schema: &Schema, lines: &Lines, errors: &mut Vec<SchemaError>, file: &str) {
    let index: BTreeMap<&str, usize> = schema
        .nodes
        .iter()
        .enumerate()
        .rev()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let mut reported: BTreeSet<usize> = BTreeSet::new();
    for start in 0..schema.nodes.len() {
        if reported.contains(&start) {
            continue;
        }
        let mut path: Vec<usize> = vec![start];
        let mut current = start;
        while let Some(parent) = schema
            .nodes
            .get(current)
            .and_then(|n| n.parent.as_deref())
            .and_then(|p| index.get(p).copied())
        {
            if parent == current {
                // Own parent: reported with the node checks.
                break;
            }
            if let Some(pos) = path.iter().position(|&p| p == parent) {
                let cycle: Vec<usize> = path.get(pos..).map(<[usize]>::to_vec).unwrap_or_default();
                if cycle.iter().all(|c| !reported.contains(c)) {
                    let first = cycle.iter().copied().min().unwrap_or(parent);
                    let mut ids: Vec<&str> = Vec::new();
                    // Walk from the first node in file order so the message is stable.
                    let mut at = first;
                    for _ in 0..cycle.len() {
                        if let Some(n) = schema.nodes.get(at) {
                            ids.push(&n.id);
                            at = n
                                .parent
                                .as_deref()
                                .and_then(|p| index.get(p).copied())
                                .unwrap_or(at);
                        }
                    }
                    ids.push(ids.first().copied().unwrap_or(""));
                    errors.push(SchemaError {
                        file: file.to_string(),
                        line: lines.node(first),
                        message: format!("the parents form a cycle: {}", ids.join(" -> ")),
                    });
                }
                reported.extend(cycle);
                break;
            }
            if path.len() > schema.nodes.len() {
                break;
            }
            path.push(parent);
            current = parent;
        }
    }
}

/// A sum rollup adds its children's numbers: that only means something when every
/// child is counted in the parent's unit.
fn check_rollups(
    schema: &Schema,
    lines: &Lines,
    errors: &mut Vec<SchemaError>,
    warnings: &mut Vec<SchemaWarning>,
    file: &str,
) {
    let canon = |u: &str| schema.canonical_unit(u).unwrap_or(u).trim().to_lowercase();
    for (i, node) in schema.nodes.iter().enumerate() {
        if node.rollup.is_none() {
            continue;
        }
        let children: Vec<_> = schema.children(&node.id).collect();
        if children.is_empty() {
            warnings.push(SchemaWarning {
                file: file.to_string(),
                line: lines.node(i),
                message: format!(
                    "node \"{}\" has rollup = \"sum\" but no children: nothing to add up",
                    node.id
                ),
            });
            continue;
        }
        let parent_unit = canon(&node.unit);
        let odd: Vec<String> = children
            .iter()
            .filter(|c| canon(&c.unit) != parent_unit)
            .map(|c| format!("{} ({})", c.id, c.unit))
            .collect();
        if !odd.is_empty() {
            let all: Vec<String> = children
                .iter()
                .map(|c| format!("{} ({})", c.id, c.unit))
                .collect();
            errors.push(SchemaError {
                file: file.to_string(),
                line: lines.node(i),
                message: format!(
                    "node \"{}\" ({}) sums children with different units: {}",
                    node.id,
                    node.unit,
                    all.join(", ")
                ),
            });
        }
    }
}

/// Nodes a reader cannot tell apart: same indicator wording, or nearly the same.
fn check_near_duplicates(
    schema: &Schema,
    lines: &Lines,
    warnings: &mut Vec<SchemaWarning>,
    file: &str,
) {
    let texts: Vec<(String, String)> = schema
        .nodes
        .iter()
        .map(|n| (normalize_text(&n.indicator), normalize_text(&n.statement)))
        .collect();
    for (j, b) in schema.nodes.iter().enumerate() {
        for (i, a) in schema.nodes.iter().enumerate().take(j) {
            if a.id == b.id {
                continue; // a duplicate id, already an error
            }
            let (Some((ind_a, st_a)), Some((ind_b, st_b))) = (texts.get(i), texts.get(j)) else {
                continue;
            };
            let message = if ind_a == ind_b && st_a == st_b {
                format!(
                    "node \"{}\" repeats node \"{}\" (same statement and indicator)",
                    b.id, a.id
                )
            } else if ind_a == ind_b {
                format!(
                    "node \"{}\" has the same indicator as node \"{}\" (\"{}\"); only the statement tells their rows apart",
                    b.id, a.id, b.indicator
                )
            } else {
                let sim = strsim::normalized_levenshtein(ind_a, ind_b);
                if sim < NEAR_DUPLICATE_SIMILARITY {
                    continue;
                }
                format!(
                    "node \"{}\" has nearly the same indicator as node \"{}\" ({:.0}% similar): \"{}\" / \"{}\"",
                    b.id,
                    a.id,
                    sim * 100.0,
                    b.indicator,
                    a.indicator
                )
            };
            warnings.push(SchemaWarning {
                file: file.to_string(),
                line: lines.node(j),
                message,
            });
        }
    }
}

/// Two kecamatan must never answer to the same spelling, or a file could be filed
/// under the wrong office.
fn check_kecamatan(schema: &Schema, lines: &Lines, errors: &mut Vec<SchemaError>, file: &str) {
    let mut owner: BTreeMap<String, usize> = BTreeMap::new();
    for (i, kec) in schema.kecamatan.iter().enumerate() {
        let key = compact_name(&kec.name);
        if key.is_empty() {
            errors.push(SchemaError {
                file: file.to_string(),
                line: lines.kecamatan(i),
                message: "a kecamatan has an empty name".to_string(),
            });
            continue;
        }
        match owner.get(&key) {
            Some(&first) if first != i => errors.push(SchemaError {
                file: file.to_string(),
                line: lines.kecamatan(i),
                message: format!(
                    "kecamatan \"{}\" is listed twice (also at line {})",
                    kec.name,
                    lines
                        .kecamatan(first)
                        .map_or("?".to_string(), |l| l.to_string())
                ),
            }),
            _ => {
                owner.insert(key, i);
            }
        }
    }
    for (i, kec) in schema.kecamatan.iter().enumerate() {
        for alias in &kec.aliases {
            let key = compact_name(alias);
            if key.is_empty() {
                continue;
            }
            match owner.get(&key) {
                Some(&other) if other != i => {
                    let other_name = schema.kecamatan.get(other).map_or("?", |k| k.name.as_str());
                    errors.push(SchemaError {
                        file: file.to_string(),
                        line: lines.kecamatan_alias(i, alias),
                        message: format!(
                            "alias \"{}\" of kecamatan \"{}\" also names kecamatan \"{}\"",
                            alias, kec.name, other_name
                        ),
                    });
                }
                Some(_) => {}
                None => {
                    owner.insert(key, i);
                }
            }
        }
    }
}

/// Scales and capaian bands are data the validator trusts: they must be ordered.
fn check_scales(schema: &Schema, errors: &mut Vec<SchemaError>, file: &str) {
    let mut err = |message: String| {
        errors.push(SchemaError {
            file: file.to_string(),
            line: None,
            message,
        })
    };
    let bands = &schema.capaian.bands;
    for pair in bands.windows(2) {
        if let [a, b] = pair {
            if a.min <= b.min {
                err(format!(
                    "capaian bands must be listed highest first: \"{}\" (min {}) comes before \"{}\" (min {})",
                    a.label, a.min, b.label, b.min
                ));
            }
        }
    }
    for (name, scale) in &schema.scales {
        match scale {
            Scale::Bands { bands } => {
                if bands.is_empty() {
                    err(format!("scale \"{name}\" has no bands"));
                }
                for b in bands {
                    if b.min > b.max {
                        err(format!(
                            "scale \"{}\": band \"{}\" has min {} greater than max {}",
                            name, b.label, b.min, b.max
                        ));
                    }
                }
            }
            Scale::Grades { order } => {
                if order.is_empty() {
                    err(format!("scale \"{name}\" has no grades"));
                }
                let mut seen = BTreeSet::new();
                for g in order {
                    if !seen.insert(g.trim().to_uppercase()) {
                        err(format!("scale \"{name}\" lists grade \"{g}\" twice"));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small valid schema; tests append or replace pieces of it.
    const BASE: &str = r#"[regency]
name = "Kabupaten Gowa"
tahun = 2023

[scales.ikm]
kind = "bands"
bands = [{ min = 76.61, max = 88.30, label = "Baik", mutu = "B" }]

[scales.sakip]
kind = "grades"
order = ["AA", "A", "BB"]

[units]
"%" = ["persen"]
unit = ["buah"]
dokumen = ["dok"]

[[kecamatan]]
name = "Bajeng"
aliases = ["Bajeng Induk"]

[[kecamatan]]
name = "Bajeng Barat"
aliases = ["Bajeng Brt"]

[[node]]
id = "sarana"
level = "program"
statement = "Meningkatnya sarana pelayanan"
indicator = "Jumlah sarana dan prasarana yang memadai"
unit = "unit"
kind = "count"
rollup = "sum"

[[node]]
id = "sarana_pelayanan"
level = "kegiatan"
parent = "sarana"
statement = "Tersedianya sarana pelayanan"
indicator = "Jumlah sarana pelayanan yang tersedia"
unit = "buah"
kind = "count"

[[node]]
id = "sarana_rentan"
level = "kegiatan"
parent = "sarana"
statement = "Tersedianya sarana bagi kelompok rentan"
indicator = "Jumlah sarana bagi kelompok rentan"
unit = "unit"
kind = "count"
"#;

    fn errors_of(text: &str) -> Vec<(Option<usize>, String)> {
        match load_str(text, "t.toml") {
            Ok(_) => Vec::new(),
            Err(es) => es.into_iter().map(|e| (e.line, e.message)).collect(),
        }
    }

    fn warnings_of(text: &str) -> Vec<(Option<usize>, String)> {
        match load_str(text, "t.toml") {
            Ok((_, ws)) => ws.into_iter().map(|w| (w.line, w.message)).collect(),
            Err(es) => panic!("unexpected errors: {es:?}"),
        }
    }

    fn node(id: &str, parent: Option<&str>, extra: &str) -> String {
        let parent = parent
            .map(|p| format!("parent = \"{p}\"\n"))
            .unwrap_or_default();
        format!(
            "\n[[node]]\nid = \"{id}\"\nlevel = \"kegiatan\"\n{parent}statement = \"Pernyataan {id}\"\nindicator = \"Jumlah {id}{id}{id} {id}{id}\"\nunit = \"dokumen\"\nkind = \"count\"\n{extra}"
        )
    }

    /// 1-based line of the n-th (0-based) line equal to `needle` after trimming.
    fn line_of(text: &str, needle: &str, nth: usize) -> Option<usize> {
        text.lines()
            .enumerate()
            .filter(|(_, l)| l.trim() == needle)
            .nth(nth)
            .map(|(i, _)| i + 1)
    }

    #[test]
    fn base_schema_loads_clean() {
        let (schema, warnings) = load_str(BASE, "t.toml").unwrap();
        assert_eq!(schema.nodes.len(), 3);
        assert_eq!(warnings, vec![]);
    }

    #[test]
    fn toml_syntax_error_names_its_line() {
        let text = format!("{BASE}\n[[node]]\nid = \"x\nlevel = \"kegiatan\"\n");
        let errs = errors_of(&text);
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].0, line_of(&text, "id = \"x", 0));
        assert!(
            errs[0].1.starts_with("not a valid schema: "),
            "{}",
            errs[0].1
        );
    }

    #[test]
    fn unknown_field_is_a_syntax_error_at_its_line() {
        let text = BASE.replace("rollup = \"sum\"", "rolup = \"sum\"");
        let errs = errors_of(&text);
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].0, line_of(&text, "rolup = \"sum\"", 0));
        assert!(errs[0].1.contains("rolup"), "{}", errs[0].1);
    }

    #[test]
    fn unknown_parent_fires_and_known_parent_does_not() {
        let text = format!("{BASE}{}", node("x", Some("nowhere"), ""));
        assert_eq!(
            errors_of(&text),
            vec![(
                line_of(&text, "id = \"x\"", 0),
                "node \"x\" has an unknown parent \"nowhere\" (no node has that id)".to_string()
            )]
        );
        let text = format!("{BASE}{}", node("x", Some("sarana_rentan"), ""));
        assert_eq!(errors_of(&text), vec![]);
    }

    #[test]
    fn duplicate_id_names_the_second_definition() {
        let text = format!(
            "{BASE}{}",
            node("sarana_rentan", Some("sarana"), "unit = \"unit\"\n")
                .replace("unit = \"dokumen\"\n", "")
        );
        let first = line_of(&text, "id = \"sarana_rentan\"", 0).unwrap();
        let second = line_of(&text, "id = \"sarana_rentan\"", 1);
        assert_eq!(
            errors_of(&text),
            vec![(
                second,
                format!("duplicate node id \"sarana_rentan\" (first defined at line {first})")
            )]
        );
    }

    #[test]
    fn cycle_is_reported_once_at_its_first_node() {
        let text = format!(
            "{BASE}{}{}{}",
            node("a", Some("c"), ""),
            node("b", Some("a"), ""),
            node("c", Some("b"), "")
        );
        assert_eq!(
            errors_of(&text),
            vec![(
                line_of(&text, "id = \"a\"", 0),
                "the parents form a cycle: a -> c -> b -> a".to_string()
            )]
        );
        let text = format!("{BASE}{}", node("a", Some("a"), ""));
        assert_eq!(
            errors_of(&text),
            vec![(
                line_of(&text, "id = \"a\"", 0),
                "node \"a\" is its own parent".to_string()
            )]
        );
    }

    #[test]
    fn negative_polarity_needs_a_formula() {
        let text = format!("{BASE}{}", node("x", None, "polarity = \"negative\"\n"));
        assert_eq!(
            errors_of(&text),
            vec![(
                line_of(&text, "id = \"x\"", 0),
                "node \"x\" has negative polarity but no formula: add formula = \"2t-r\" or formula = \"t/r\"".to_string()
            )]
        );
        let text = format!(
            "{BASE}{}",
            node("x", None, "polarity = \"negative\"\nformula = \"t/r\"\n")
        );
        assert_eq!(errors_of(&text), vec![]);
        assert_eq!(warnings_of(&text), vec![]);
    }

    #[test]
    fn rollup_over_children_of_different_units_fires() {
        // "buah" is a spelling of "unit": same unit, no error (BASE).
        assert_eq!(errors_of(BASE), vec![]);
        let text = format!("{BASE}{}", node("x", Some("sarana"), ""));
        assert_eq!(
            errors_of(&text),
            vec![(
                line_of(&text, "id = \"sarana\"", 0),
                "node \"sarana\" (unit) sums children with different units: sarana_pelayanan (buah), sarana_rentan (unit), x (dokumen)".to_string()
            )]
        );
    }

    #[test]
    fn rollup_without_children_is_a_warning() {
        let text = format!("{BASE}{}", node("x", None, "rollup = \"sum\"\n"));
        assert_eq!(
            warnings_of(&text),
            vec![(
                line_of(&text, "id = \"x\"", 0),
                "node \"x\" has rollup = \"sum\" but no children: nothing to add up".to_string()
            )]
        );
    }

    #[test]
    fn percent_with_a_count_unit_fires_and_with_percent_does_not() {
        let text = format!(
            "{BASE}{}",
            node("x", None, "").replace("kind = \"count\"", "kind = \"percent\"")
        );
        assert_eq!(
            errors_of(&text),
            vec![(
                line_of(&text, "id = \"x\"", 0),
                "node \"x\" is a percent but its unit is \"dokumen\": a percent's unit must be \"%\"".to_string()
            )]
        );
        let text = format!(
            "{BASE}{}",
            node("x", None, "")
                .replace("kind = \"count\"", "kind = \"percent\"")
                .replace("unit = \"dokumen\"", "unit = \"persen\"")
        );
        assert_eq!(errors_of(&text), vec![]);
        let text = format!(
            "{BASE}{}",
            node("x", None, "").replace("unit = \"dokumen\"", "unit = \"%\"")
        );
        assert_eq!(
            errors_of(&text),
            vec![(
                line_of(&text, "id = \"x\"", 0),
                "node \"x\" has unit \"%\" but kind \"count\": use kind = \"percent\"".to_string()
            )]
        );
    }

    #[test]
    fn unknown_label_scale_fires_and_known_does_not() {
        let text = format!("{BASE}{}", node("x", None, "label_scale = \"skm\"\n"));
        assert_eq!(
            errors_of(&text),
            vec![(
                line_of(&text, "id = \"x\"", 0),
                "node \"x\" names an unknown label_scale \"skm\" (scales: ikm, sakip)".to_string()
            )]
        );
        let text = format!("{BASE}{}", node("x", None, "label_scale = \"ikm\"\n"));
        assert_eq!(errors_of(&text), vec![]);
    }

    #[test]
    fn shared_kecamatan_alias_is_an_error_at_the_alias_line() {
        let text = BASE.replace(
            "aliases = [\"Bajeng Brt\"]",
            "aliases = [\"Bajeng Brt\", \"BAJENG\"]",
        );
        assert_eq!(
            errors_of(&text),
            vec![(
                line_of(&text, "aliases = [\"Bajeng Brt\", \"BAJENG\"]", 0),
                "alias \"BAJENG\" of kecamatan \"Bajeng Barat\" also names kecamatan \"Bajeng\""
                    .to_string()
            )]
        );
        // An alias that only contains another name is fine: the longest match wins.
        assert_eq!(errors_of(BASE), vec![]);
    }

    #[test]
    fn same_indicator_text_is_a_near_duplicate_warning() {
        let text = format!(
            "{BASE}{}{}",
            node("a", None, ""),
            node("b", None, "")
                .replace("Pernyataan b", "Pernyataan lain")
                .replace("Jumlah bbb bb", "JUMLAH  aaa, aa")
        );
        assert_eq!(
            warnings_of(&text),
            vec![(
                line_of(&text, "id = \"b\"", 0),
                "node \"b\" has the same indicator as node \"a\" (\"JUMLAH  aaa, aa\"); only the statement tells their rows apart".to_string()
            )]
        );
    }

    #[test]
    fn same_statement_and_indicator_is_a_repeat_warning() {
        let text = format!(
            "{BASE}{}{}",
            node("a", None, ""),
            node("b", None, "")
                .replace("Pernyataan b", "Pernyataan a")
                .replace("Jumlah bbb bb", "Jumlah aaa aa")
        );
        assert_eq!(
            warnings_of(&text),
            vec![(
                line_of(&text, "id = \"b\"", 0),
                "node \"b\" repeats node \"a\" (same statement and indicator)".to_string()
            )]
        );
    }

    #[test]
    fn similar_indicator_text_is_a_warning_and_different_text_is_not() {
        let text = format!(
            "{BASE}{}{}",
            node("a", None, "").replace(
                "Jumlah aaa aa",
                "Jumlah laporan penyelenggaraan rapat koordinasi"
            ),
            node("b", None, "").replace(
                "Jumlah bbb bb",
                "Jumlah laporan penyelenggaraan rapat koordinasii"
            )
        );
        let ws = warnings_of(&text);
        assert_eq!(ws.len(), 1);
        assert_eq!(ws[0].0, line_of(&text, "id = \"b\"", 0));
        assert_eq!(
            ws[0].1,
            "node \"b\" has nearly the same indicator as node \"a\" (98% similar): \"Jumlah laporan penyelenggaraan rapat koordinasii\" / \"Jumlah laporan penyelenggaraan rapat koordinasi\""
        );
        let text = format!("{BASE}{}{}", node("a", None, ""), node("b", None, ""));
        assert_eq!(warnings_of(&text), vec![]);
    }

    #[test]
    fn target_for_unknown_kecamatan_is_a_warning() {
        let text = format!(
            "{BASE}{}",
            node(
                "x",
                None,
                "targets = { \"Bajeng\" = 2.0, \"bajeng brt\" = 3.0, \"Makassar\" = 1.0 }\n"
            )
        );
        let line = line_of(&text, "id = \"x\"", 0);
        assert_eq!(
            warnings_of(&text),
            vec![
                (line, "node \"x\" has a target for unknown kecamatan \"Makassar\"; it is never used".to_string()),
                (line, "node \"x\" has a target for unknown kecamatan \"bajeng brt\": write it as \"Bajeng Barat\"; it is never used".to_string()),
            ]
        );
    }

    #[test]
    fn all_errors_come_back_together() {
        let text = format!(
            "{BASE}{}{}",
            node("x", Some("nowhere"), "polarity = \"negative\"\n"),
            node("y", None, "label_scale = \"nope\"\n")
        );
        let errs = errors_of(&text);
        let x = line_of(&text, "id = \"x\"", 0);
        let y = line_of(&text, "id = \"y\"", 0);
        assert_eq!(errs.iter().map(|e| e.0).collect::<Vec<_>>(), vec![x, x, y]);
    }

    #[test]
    fn display_names_file_and_line() {
        let e = SchemaError {
            file: "schemas/a.toml".to_string(),
            line: Some(12),
            message: "boom".to_string(),
        };
        assert_eq!(e.to_string(), "schemas/a.toml:12: boom");
    }

    #[test]
    fn unreadable_file_is_an_error_without_line() {
        let errs = load(Path::new("/nonexistent/kinerja/schema.toml")).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].line, None);
        assert!(errs[0].message.starts_with("cannot read the schema file: "));
    }

    #[test]
    fn bands_out_of_order_fire() {
        let text = format!("{BASE}\n[[capaian.bands]]\nmin = 50.0\nlabel = \"Kurang\"\n\n[[capaian.bands]]\nmin = 90.0\nlabel = \"Baik\"\n")
            .replace("[regency]", "[capaian]\ndecimals = 2\ntolerance = 0.01\nbelow_target_under = 100.0\n\n[regency]");
        // The [capaian] table must come before its bands in TOML; build it that way.
        let errs = errors_of(&text);
        assert_eq!(
            errs,
            vec![(None, "capaian bands must be listed highest first: \"Kurang\" (min 50) comes before \"Baik\" (min 90)".to_string())]
        );
    }
}
