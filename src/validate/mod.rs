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

mod arithmetic;
mod capaian;
mod labels;
mod previous;
mod quarters;
mod remarks;
mod tree;
mod values;

pub use capaian::compute_capaian;
pub use previous::Previous;

use crate::model::{CellRef, Finding, Rule, Text};
use crate::normalize::{format_id, Value};
use crate::report::{FileReport, Record, TextCell};
use crate::schema::{Aggregation, Node, Schema};
use crate::workbook::{Sheet, Table};
use std::collections::HashSet;

/// Run every rule over one file's records: sets `Record::capaian_computed` and
/// `Record::unit_normalized` and appends findings (file and kecamatan filled in),
/// ordered by sheet, row, column, then rule; findings without a cell (missing
/// indicators) come last, in schema order.
pub fn validate(report: &mut FileReport, schema: &Schema) {
    validate_tables(report, schema, &[]);
}

/// `validate`, plus the rules that need the located tables and their grids: the
/// arithmetic each sheet states in its numbered-column row.
pub fn validate_tables(report: &mut FileReport, schema: &Schema, tables: &[(&Table, &Sheet)]) {
    for rec in report.records.iter_mut() {
        let node = rec.node_id().and_then(|id| schema.node(id));
        // No capaian from two figures in different units (unit-mismatch says so).
        let comparable = !values::pair_units_differ(schema, rec);
        rec.capaian_computed = node
            .and_then(|n| compute_capaian(n, &rec.target, &rec.realisasi))
            .filter(|_| comparable);
        rec.unit_normalized = values::normalized_unit(rec, node, schema);
    }

    let mut ctx = Ctx {
        schema,
        kecamatan: report.kecamatan.as_deref(),
        findings: Vec::new(),
    };
    let first = first_rows(&report.records);
    // How each row's quarters make its year: the rule the schema sets for the node; the
    // sum when the sheet states one ("11 = 7+8+9+10": the form the clerk filled says so)
    // for a count or money the schema sets no rule for, and for a row no node speaks
    // for; else the node's default (counts add up, percentages and stocks are the last).
    let stated_sum: Vec<&str> = tables
        .iter()
        .filter(|(t, _)| arithmetic::states_quarter_sum(t))
        .map(|(t, _)| t.sheet.as_str())
        .collect();
    let aggregation = |rec: &Record| -> Option<Aggregation> {
        let states_sum = stated_sum.contains(&rec.sheet.as_str());
        match rec.node_id().and_then(|id| schema.node(id)) {
            Some(n)
                if states_sum
                    && n.aggregation.is_none()
                    && matches!(
                        n.kind,
                        crate::schema::Kind::Count | crate::schema::Kind::Currency
                    ) =>
            {
                Some(Aggregation::Sum)
            }
            Some(n) => Some(n.aggregation()),
            None if states_sum => Some(Aggregation::Sum),
            None => None,
        }
    };
    // Whether each sheet's quarters are typed cumulatively, decided once per sheet.
    let mut sheets: Vec<&str> = report.records.iter().map(|r| r.sheet.as_str()).collect();
    sheets.dedup();
    // A header that says so ("Realisasi Kumulatif s/d Triwulan") settles it; otherwise
    // the figures do.
    let cumulative: Vec<(&str, bool)> = sheets
        .iter()
        .map(|&s| {
            let recs: Vec<&Record> = report.records.iter().filter(|r| r.sheet == s).collect();
            let said = recs
                .iter()
                .any(|r| r.quarters_typed.as_deref() == Some("cumulative"));
            (s, said || quarters::cumulative_table(&recs, &aggregation))
        })
        .collect();
    let cumulative: Vec<(String, bool)> = cumulative
        .into_iter()
        .map(|(s, c)| (s.to_string(), c))
        .collect();
    for rec in report.records.iter_mut() {
        let has_quarters = rec
            .quarters
            .iter()
            .any(|q| q.realisasi.as_ref().is_some_and(|v| v.number.is_some()));
        if has_quarters {
            let c = cumulative.iter().any(|(s, c)| *c && *s == rec.sheet);
            rec.quarters_typed = Some(if c { "cumulative" } else { "per-quarter" }.into());
        }
    }
    for (i, rec) in report.records.iter().enumerate() {
        let node = rec.node_id().and_then(|id| schema.node(id));
        let row = Row { rec, node };
        if !first.get(i).copied().unwrap_or(true) {
            // A second row of a node: only duplicate-indicator, found by tree::file.
            continue;
        }
        let cumulative = cumulative.iter().any(|(s, c)| *c && *s == rec.sheet);
        quarters::check(&row, aggregation(rec), cumulative, &mut ctx);
        values::check(&row, &mut ctx);
        capaian::check(&row, &mut ctx);
        remarks::check(&row, &mut ctx);
        labels::check(&row, &mut ctx);
        tree::row(&row, &mut ctx);
    }
    tree::file(&report.records, &mut ctx);
    let node_of = |rec: &Record| rec.node_id().and_then(|id| schema.node(id)).cloned();
    for (table, sheet) in tables {
        arithmetic::check(table, sheet, &report.records, &node_of, &mut ctx);
    }

    let mut findings = ctx.findings;
    sort_findings(&mut findings, &report.records, schema);
    report.add_findings(findings, schema);
}

/// For each record, whether it is the first row of its node (unmatched rows count as
/// first: each is its own indicator).
fn first_rows(records: &[Record]) -> Vec<bool> {
    let mut seen: HashSet<&str> = HashSet::new();
    records
        .iter()
        .map(|r| match r.node_id() {
            Some(id) => seen.insert(id),
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

/// A number the Indonesian way for messages and expected values: rounded to two
/// decimals, trailing zeros dropped ("6", "82,71", "1.241", "88,3").
pub(crate) fn num(n: f64) -> String {
    num_dec(n, 2)
}

/// A number rounded to at most `decimals` decimals, written the Indonesian way with
/// trailing zeros dropped.
pub(crate) fn num_dec(n: f64, decimals: u32) -> String {
    let r = round_half_up(n, decimals);
    let mut d = decimals;
    while d > 0 && (round_half_up(r, d - 1) - r).abs() < 1e-9 {
        d -= 1;
    }
    format_id(r, d as usize)
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

pub(crate) use crate::measure::round_half_up;

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
    fn numbers_are_written_the_indonesian_way() {
        assert_eq!(num(6.0), "6");
        assert_eq!(num(82.71), "82,71");
        assert_eq!(num(97.305_882), "97,31");
        assert_eq!(num(88.3), "88,3");
        assert_eq!(num(1241.0), "1.241");
        assert_eq!(num_dec(1.5, 3), "1,5");
        assert_eq!(num_unit(38.0, "usulan"), "38 usulan");
        assert_eq!(num_unit(58.4615, "%"), "58,46%");
        assert_eq!(num_unit(4.03, ""), "4,03");
    }

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

/// The seed's Bajeng 2023 table (seed 000), row by row, with the nodes its rows report.
#[cfg(test)]
mod seed {
    use super::testkit::*;
    use crate::report::Record;
    use crate::schema::MatchKind;

    const ROWS: &[(&str, &str, &str, &str, &str)] = &[
        ("ikm", "85,00 (Baik)", "82, 71 (Baik)", "97,31%", "Hasil SKM Tahun 2023"),
        ("sakip", "BB", "N/A", "N/A", "Belum ada nilai LHE dari Inspektorat"),
        ("sarana", "6  unit", "6 unit", "100%", "ruang pelayanan, loket pelayanan, ruang tunggu, area parkir, jalan landai, dan toilet ramah disabilitas"),
        ("sop_pct", "100%", "100%", "100%", "11 Layanan dengan 11 SOP"),
        ("sp_pct", "100%", "100%", "100%", "Pelayanan berdasarkan Standar Pelayanan"),
        ("pengaduan_tl_tersedia_pct", "100%", "100%", "100%", "Jumlah pengaduan sebanyak 1 pengaduan yang telah ditindaklanjuti."),
        ("usulan_pct", "65 usulan", "38 usulan", "58,46%", "65 usulan terealisasi dari target 38 usulan"),
        ("skm_tl_pct", "100%", "100%", "100%", "Hasil SKM telah ditindaklanjuti"),
        ("sarana_pelayanan", "4 unit", "4 unit", "100%", "Ruang pelayanan, loket pelayanan, ruang tunggu, area parkir."),
        ("sarana_rentan", "2 unit", "2 unit", "100%", "Jalan landai dan toilet ramah disabilitas"),
        ("tim_sop", "1 tim", "1 tim", "100%", "Tim penyusun SOP berdasarkan SK"),
        ("sop_disusun", "11 SOP", "11 SOP", "100%", "SOP Pelayanan Kec. Bajeng berjumlah 11 SOP sesuai dengan jumlah layanan."),
        ("maklumat", "1 dokumen", "-", "0%", "Penanggung jawab bagian pelayanan belum menyusun maklumat pelayanan."),
        ("fkp_unsur", "5 unsur masyarakat", "-", "0%", "FKP tidak dilaksanakan karena tidak ada penambahan SP atau revisi SP."),
        ("pengaduan_verif_pct", "100%", "100%", "100%", "Pengaduan langsung maupun online"),
        ("pengaduan_tl_pct", "100%", "100%", "100%", "Jumlah pengaduan sebanyak 1 pengaduan yang telah ditindaklanjuti."),
        ("usulan_jumlah", "65 usulan", "38 usulan", "58,46%", "Jumlah usulan 58,46% dari jumlah usulan yang ditargetkan"),
        ("kuesioner", "300 orang", "300 orang", "100,00%", "300 orang pengguna layanan yang mengisi kuesioner"),
    ];

    /// The 18 rows on Excel rows 5–22; the kuesioner row is matched through its alias
    /// (the sheet's wording, not the tree's).
    fn records() -> Vec<Record> {
        ROWS.iter()
            .enumerate()
            .map(|(i, (id, t, r, c, k))| {
                let row = ket(rec(5 + i as u32, id, t, r, c), k);
                if *id == "kuesioner" {
                    let text = "Jumlah pengguna layanan yang mengisi kuesioner";
                    renamed(row, text, MatchKind::Alias, 1.0, text)
                } else {
                    row
                }
            })
            .collect()
    }

    fn expected() -> Vec<(String, String, String)> {
        vec![
            b("below-target", "E5", "ikm"),
            b("not-available", "E6", "sakip"),
            b("unit-mismatch", "E11", "usulan_pct"),
            b("below-target", "E11", "usulan_pct"),
            b("keterangan-conflict", "G11", "usulan_pct"),
            b("missing-value", "E17", "maklumat"),
            b("missing-value", "E18", "fkp_unsur"),
            b("below-target", "E21", "usulan_jumlah"),
            b("indicator-renamed", "B22", "kuesioner"),
        ]
    }

    fn required() -> Vec<&'static str> {
        ROWS.iter().map(|r| r.0).collect()
    }

    #[test]
    fn bajeng_table_gives_exactly_the_issues_findings() {
        let r = run(records(), &required());
        assert_eq!(brief(&r), expected());
        assert!(r
            .findings
            .iter()
            .all(|f| f.rule.code() != "capaian-mismatch"));
        let um = &r.findings[2];
        assert_eq!(
            (um.found.as_str(), um.expected.as_str()),
            ("38 usulan", "%")
        );
        let kc = &r.findings[4];
        assert_eq!(kc.found, "65 usulan terealisasi dari target 38 usulan");
        assert_eq!(kc.expected, "realisasi 38 usulan; target 65 usulan");
        let renamed = &r.findings[8];
        assert_eq!(renamed.expected, "Jumlah kuesioner yang disebarkan");
        // Capaian recomputed for every row; none for the N/A and the "-" rows.
        let caps: Vec<Option<f64>> = r
            .records
            .iter()
            .map(|x| x.capaian_computed.map(|c| super::round_half_up(c, 2)))
            .collect();
        assert_eq!(caps[0], Some(97.31));
        assert_eq!(caps[1], None);
        assert_eq!(caps[6], Some(58.46));
        assert_eq!(caps[12], None);
        assert_eq!(r.records[6].unit_normalized.as_deref(), Some("usulan"));
        assert_eq!(r.records[13].unit_normalized.as_deref(), Some("unsur"));
    }

    /// The same table with values from the real normalizer instead of the test reader.
    #[test]
    fn bajeng_table_with_the_real_parser() {
        let mut recs = records();
        for r in recs.iter_mut() {
            for v in [&mut r.target, &mut r.realisasi, &mut r.capaian] {
                let at = v.at.clone();
                *v = crate::normalize::parse_text(&v.raw);
                v.at = at;
            }
        }
        let r = run(recs, &required());
        assert_eq!(brief(&r), expected());
    }
}
