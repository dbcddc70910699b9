//! Stage 5, `validate`: check each record of one file against the schema and add
//! findings, each pointed at the input cell a kecamatan clerk must fix. One file per
//! family of rules (values, capaian, remarks, labels, tree); this module runs them in a
//! fixed order and owns the helpers they share. No I/O, no panics on any input, and it
//! never changes what the sheet said: it only sets the derived fields
//! `Record::capaian_computed` and `Record::unit_normalized` and appends findings.
//!
//! Rules are judged on the FIRST row of each schema node: a second row reporting the
//! same node gets only `duplicate-indicator` (the answer key of the corpus does the same,
//! and two sets of findings for one indicator would only confuse the clerk).

mod capaian;
mod labels;
mod remarks;
mod tree;
mod values;

pub use capaian::compute_capaian;

use crate::model::{CellRef, Finding, Rule, Text};
use crate::normalize::{format_id, Value};
use crate::report::{FileReport, Record, TextCell};
use crate::schema::{Node, Schema};
use std::collections::HashMap;

/// Run every rule over one file's records: sets `Record::capaian_computed` and
/// `Record::unit_normalized` and appends findings (file and kecamatan filled in),
/// ordered by sheet, row, column, then rule; findings without a cell (missing
/// indicators) come last, in schema order.
pub fn validate(report: &mut FileReport, schema: &Schema) {
    for rec in report.records.iter_mut() {
        let node = rec.node_id().and_then(|id| schema.node(id));
        rec.capaian_computed = node.and_then(|n| compute_capaian(n, &rec.target, &rec.realisasi));
        rec.unit_normalized = values::normalized_unit(rec, node, schema);
    }

    let mut ctx = Ctx {
        schema,
        kecamatan: report.kecamatan.as_deref(),
        findings: Vec::new(),
    };
    let first = first_rows(&report.records);
    for (i, rec) in report.records.iter().enumerate() {
        let node = rec.node_id().and_then(|id| schema.node(id));
        let row = Row { rec, node };
        if !first.get(i).copied().unwrap_or(true) {
            // A second row of a node: only duplicate-indicator, found by tree::file.
            continue;
        }
        values::check(&row, &mut ctx);
        capaian::check(&row, &mut ctx);
        remarks::check(&row, &mut ctx);
        labels::check(&row, &mut ctx);
        tree::row(&row, &mut ctx);
    }
    tree::file(&report.records, &mut ctx);

    let mut findings = ctx.findings;
    for f in findings.iter_mut() {
        f.file = report.file.clone();
        f.kecamatan = report.kecamatan.clone();
        f.severity = schema.severity(f.rule);
    }
    sort_findings(&mut findings, &report.records, schema);
    report.findings.extend(findings);
}

/// For each record, whether it is the first row of its node (unmatched rows count as
/// first: each is its own indicator).
fn first_rows(records: &[Record]) -> Vec<bool> {
    let mut seen: HashMap<&str, ()> = HashMap::new();
    records
        .iter()
        .map(|r| match r.node_id() {
            Some(id) => seen.insert(id, ()).is_none(),
            None => true,
        })
        .collect()
}

/// Deterministic order: sheets in the order their rows appear, then row, column, rule;
/// file-level findings (no cell) last, in schema order.
fn sort_findings(findings: &mut [Finding], records: &[Record], schema: &Schema) {
    let mut sheets: Vec<&str> = Vec::new();
    for r in records {
        if !sheets.contains(&r.sheet.as_str()) {
            sheets.push(&r.sheet);
        }
    }
    let sheet_pos = |s: &str| sheets.iter().position(|x| *x == s).unwrap_or(usize::MAX);
    findings.sort_by_key(|f| {
        let at =
            f.at.as_ref()
                .map(|c| (sheet_pos(&c.sheet), c.sheet.clone(), c.row, c.col));
        let order = f
            .indicator_id
            .as_deref()
            .map(|id| schema.order(id))
            .unwrap_or(usize::MAX);
        (at.is_none(), at, f.rule, order)
    });
}

/// What every rule family works with: the findings so far and the file's context.
pub(crate) struct Ctx<'a> {
    pub schema: &'a Schema,
    pub kecamatan: Option<&'a str>,
    pub findings: Vec<Finding>,
}

impl Ctx<'_> {
    /// Add a finding about a row, pointed at `at`, with the row's node id.
    pub fn push(
        &mut self,
        rule: Rule,
        row: &Row<'_>,
        at: CellRef,
        message: Text,
        found: impl Into<String>,
        expected: impl Into<String>,
    ) {
        let mut f = Finding::new(rule, message)
            .at(&at)
            .found(found)
            .expected(expected);
        if let Some(id) = row.node_id() {
            f = f.indicator(id);
        }
        self.findings.push(f);
    }
}

/// One record with the node it reports (None when unmatched or the id is unknown).
pub(crate) struct Row<'a> {
    pub rec: &'a Record,
    pub node: Option<&'a Node>,
}

impl Row<'_> {
    pub fn node_id(&self) -> Option<&str> {
        self.node.map(|n| n.id.as_str())
    }

    /// The cell a value came from; a value without an origin (a blank cell the reader
    /// did not keep) falls back to the row's indicator cell, so the finding still
    /// points at the right row.
    pub fn cell_of(&self, v: &Value) -> CellRef {
        v.at.clone().unwrap_or_else(|| self.indicator_cell())
    }

    /// The cell of a text column, with the same fallback.
    pub fn text_cell(&self, t: &TextCell) -> CellRef {
        t.at.clone().unwrap_or_else(|| self.indicator_cell())
    }

    /// The indicator cell, else the row's first column.
    pub fn indicator_cell(&self) -> CellRef {
        self.rec
            .indicator
            .at
            .clone()
            .unwrap_or_else(|| CellRef::new(self.rec.sheet.clone(), self.rec.row, 0))
    }

    /// The indicator's name as a clerk knows it: the sheet's wording, else the schema's.
    pub fn name(&self) -> String {
        let t = self.rec.indicator.text.trim();
        if !t.is_empty() {
            return t.to_string();
        }
        self.node.map(|n| n.indicator.clone()).unwrap_or_default()
    }
}

/// A number the Indonesian way for messages: integers without decimals ("6"),
/// others with two ("82,71").
pub(crate) fn num(n: f64) -> String {
    let r = round_half_up(n, 2);
    if (r - r.round()).abs() < 1e-9 {
        format_id(r.round(), 0)
    } else {
        format_id(r, 2)
    }
}

/// A number with a unit for messages ("38 usulan", "100%").
pub(crate) fn num_unit(n: f64, unit: &str) -> String {
    let unit = unit.trim();
    if unit.is_empty() {
        num(n)
    } else if unit == "%" {
        format!("{}%", num(n))
    } else {
        format!("{} {unit}", num(n))
    }
}

/// Round half away from zero at `decimals` places, immune to the binary noise that
/// makes 58.465 read as 58.46499…: sheets and clerks round by the decimal digits.
pub(crate) fn round_half_up(x: f64, decimals: u32) -> f64 {
    let p = 10f64.powi(decimals.min(12) as i32);
    let scaled = x * p;
    let nudged = scaled + scaled.signum() * 1e-7;
    nudged.round() / p
}

/// The canonical spelling of a unit as written: the schema's canonical unit, else the
/// schema's canonical unit of its first word ("unsur masyarakat" → "unsur"), else the
/// text lower-cased. "persen" is "%" even in a schema that forgot to say so. None for
/// blank text.
pub(crate) fn canon_unit(schema: &Schema, written: &str) -> Option<String> {
    let w = written.trim().trim_end_matches('.').trim();
    if w.is_empty() {
        return None;
    }
    if let Some(c) = schema.canonical_unit(w) {
        return Some(c.to_string());
    }
    if let Some(first) = w.split_whitespace().next() {
        if let Some(c) = schema.canonical_unit(first) {
            return Some(c.to_string());
        }
    }
    let lower = w.to_lowercase();
    if lower == "persen" || lower == "prosen" || lower == "percent" {
        return Some("%".to_string());
    }
    Some(lower)
}

/// Two canonical units are the same unit (case-insensitive: "SOP" and "sop").
pub(crate) fn same_unit(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

#[cfg(test)]
pub(crate) mod testkit;

#[cfg(test)]
mod tests {
    use super::testkit::*;
    use super::*;
    use crate::model::Severity;

    #[test]
    fn rounding_is_half_up_by_decimal_digits() {
        assert_eq!(round_half_up(58.465, 2), 58.47);
        assert_eq!(round_half_up(58.4615, 2), 58.46);
        assert_eq!(round_half_up(97.5, 0), 98.0);
        assert_eq!(round_half_up(-1.005, 2), -1.01);
    }

    #[test]
    fn units_are_canonicalized_through_the_schema() {
        let s = schema();
        assert_eq!(canon_unit(&s, "Dok.").as_deref(), Some("dokumen"));
        assert_eq!(canon_unit(&s, "unsur masyarakat").as_deref(), Some("unsur"));
        assert_eq!(canon_unit(&s, "persen").as_deref(), Some("%"));
        assert_eq!(canon_unit(&s, "Kegiatan").as_deref(), Some("kegiatan"));
        assert_eq!(canon_unit(&s, "  "), None);
        assert!(same_unit("SOP", "sop"));
    }

    #[test]
    fn findings_carry_file_kecamatan_and_schema_severity_in_order() {
        let mut s = schema();
        for n in s.nodes.iter_mut() {
            n.required = false;
        }
        s.severity.insert(Rule::BelowTarget, Severity::Warning);
        let mut report = file(vec![
            rec(10, "sarana", "6 unit", "5 unit", "83,33%"),
            rec(8, "fkp_unsur", "5 unsur", "-", "0%"),
        ]);
        validate(&mut report, &s);
        let got: Vec<(String, Rule, Severity)> = report
            .findings
            .iter()
            .map(|f| (f.cell(), f.rule, f.severity))
            .collect();
        assert_eq!(
            got,
            vec![
                ("E8".to_string(), Rule::MissingValue, Severity::Warning),
                ("E8".to_string(), Rule::BelowTarget, Severity::Warning),
                ("E10".to_string(), Rule::BelowTarget, Severity::Warning),
            ]
        );
        for f in &report.findings {
            assert_eq!(f.file, "uji.xlsx");
            assert_eq!(f.kecamatan.as_deref(), Some("Bajeng"));
        }
    }

    #[test]
    fn derived_fields_are_set_on_every_matched_record() {
        let mut report = file(vec![
            rec(5, "fkp_unsur", "8 unsur masyarakat", "6 Unsur", "75%"),
            rec(6, "sop_pct", "100%", "90", "90%"),
            unmatched(7, "Jumlah surat keluar", "8 surat", "5 surat", "62,5%"),
        ]);
        validate(&mut report, &schema());
        let r = &report.records;
        assert_eq!(r[0].capaian_computed, Some(75.0));
        assert_eq!(r[0].unit_normalized.as_deref(), Some("unsur"));
        assert_eq!(r[1].capaian_computed, Some(90.0));
        assert_eq!(r[1].unit_normalized.as_deref(), Some("%"));
        assert_eq!(r[2].capaian_computed, None);
        assert_eq!(r[2].unit_normalized.as_deref(), Some("surat"));
    }
}
