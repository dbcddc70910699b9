//! The regency's figures, computed once per batch in the library (issue 10): per
//! kecamatan, its files, rows read, findings by severity and, per schema node, the values
//! of the first row that reports it; per node, the regency's capaian and its quarterly
//! realisasi. The batch builds them while it reads its reports back in output order and
//! hands them over in `BatchReport::figures`; the consolidated workbook only renders them
//! (and refuses figures that are not those of the reports it was given).
//!
//! Output order is `output::report_order`: kecamatan (the unknown one last), file name,
//! path, as every batch-wide output lists its files.

use crate::model::Severity;
use crate::report::FileReport;
use crate::schema::{Aggregation, Kind, Node, Schema};
use std::collections::BTreeMap;

/// What the pivot and the regency column need of a kecamatan's first row for a node.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeValue {
    /// Capaian recomputed by validate (percent points), when finite.
    pub capaian: Option<f64>,
    pub target: Option<f64>,
    pub realisasi: Option<f64>,
    /// Realisasi per triwulan, TW I..IV, as the upload has it.
    pub quarters: [Option<f64>; 4],
}

/// One kecamatan's line of the summary and column of the pivot.
#[derive(Debug, Clone, PartialEq)]
pub struct KecamatanFigures {
    /// None for the uploads whose kecamatan could not be told.
    pub kecamatan: Option<String>,
    /// Display names of its files, in output order.
    pub files: Vec<String>,
    pub rows_read: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Per schema node id: the first row (files in output order; within a file, schema
    /// tree order, then input row) that reports it.
    pub by_node: BTreeMap<String, NodeValue>,
}

impl KecamatanFigures {
    fn new(kecamatan: Option<&str>) -> Self {
        KecamatanFigures {
            kecamatan: kecamatan.map(str::to_string),
            files: Vec::new(),
            rows_read: 0,
            errors: 0,
            warnings: 0,
            infos: 0,
            by_node: BTreeMap::new(),
        }
    }

    /// The capaian of a node in this kecamatan, percent points.
    pub fn capaian(&self, id: &str) -> Option<f64> {
        self.by_node.get(id).and_then(|v| v.capaian)
    }

    /// Mean of this kecamatan's capaian over the schema's nodes that have one.
    pub fn mean_capaian(&self, schema: &Schema) -> Option<f64> {
        let values: Vec<f64> = schema
            .nodes
            .iter()
            .filter_map(|n| self.capaian(&n.id))
            .collect();
        (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
    }

    /// Required schema nodes no row of this kecamatan reports.
    pub fn missing(&self, schema: &Schema) -> usize {
        schema
            .nodes
            .iter()
            .filter(|n| n.required && !self.by_node.contains_key(n.id.as_str()))
            .count()
    }
}

/// The regency's figure of one schema node, over the known kecamatan (an upload whose
/// kecamatan could not be told belongs to no one's total).
#[derive(Debug, Clone, PartialEq)]
pub struct RegencyFigure {
    pub node_id: String,
    /// For counts and money the capaian of the sums (Σ realisasi against Σ target, with
    /// the node's polarity, formula and cap); for percents, indices and grades the mean
    /// of the kecamatan capaian. Percent points.
    pub capaian: Option<f64>,
    /// Each triwulan's realisasi by the node's aggregation (`Node::aggregation`): the
    /// sum where quarters add up (a growing count, money), else the mean.
    pub quarters: [Option<f64>; 4],
}

/// A batch's figures.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    /// Every kecamatan with an upload plus every schema kecamatan without one, sorted by
    /// name, the unknown kecamatan last.
    pub kecamatan: Vec<KecamatanFigures>,
    /// One per schema node, in tree order.
    pub regency: Vec<RegencyFigure>,
    /// The latest period any upload reports ("TW3").
    pub latest_periode: Option<String>,
}

impl Figures {
    /// The figures of `reports` taken in output order (see the module doc).
    pub fn of<'a>(reports: impl IntoIterator<Item = &'a FileReport>, schema: &Schema) -> Self {
        let mut tally = Tally::new(schema);
        for r in reports {
            tally.add(r);
        }
        tally.finish()
    }

    /// Kecamatan whose files had rows, in order (the pivot's columns).
    pub fn with_data(&self) -> impl Iterator<Item = &KecamatanFigures> {
        self.kecamatan.iter().filter(|k| k.rows_read > 0)
    }

    /// The regency's figure of a schema node.
    pub fn regency(&self, node_id: &str) -> Option<&RegencyFigure> {
        self.regency.iter().find(|r| r.node_id == node_id)
    }

    /// How many files the figures count.
    pub fn files(&self) -> usize {
        self.kecamatan.iter().map(|k| k.files.len()).sum()
    }
}

/// The figures, filled one report at a time. Reports must come in output order (see
/// the module doc): the first row of a node is the kecamatan's figure.
pub struct Tally<'s> {
    schema: &'s Schema,
    groups: BTreeMap<(bool, String), KecamatanFigures>,
    latest: Option<String>,
}

impl<'s> Tally<'s> {
    pub fn new(schema: &'s Schema) -> Self {
        let mut tally = Tally {
            schema,
            groups: BTreeMap::new(),
            latest: None,
        };
        for k in &schema.kecamatan {
            tally.entry(Some(&k.name));
        }
        tally
    }

    fn entry(&mut self, k: Option<&str>) -> &mut KecamatanFigures {
        let (none, name) = crate::output::kecamatan_key(k);
        self.groups
            .entry((none, name.to_string()))
            .or_insert_with(|| KecamatanFigures::new(k))
    }

    /// Count one report; reports must come in output order.
    pub fn add(&mut self, report: &FileReport) {
        let schema = self.schema;
        let g = self.entry(report.kecamatan.as_deref());
        g.files.push(report.file.clone());
        g.rows_read += report.records.len();
        for f in &report.findings {
            match f.severity {
                Severity::Error => g.errors += 1,
                Severity::Warning => g.warnings += 1,
                Severity::Info => g.infos += 1,
            }
        }
        // The long table's order within a file: schema tree order, input row, position.
        let mut rows: Vec<(usize, u32, usize)> = report
            .records
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.node_id().map(|id| (schema.order(id), r.row, i)))
            .collect();
        rows.sort_unstable();
        for (_, _, i) in rows {
            let Some(record) = report.records.get(i) else {
                continue;
            };
            let Some(id) = record.node_id() else {
                continue;
            };
            g.by_node.entry(id.to_string()).or_insert_with(|| {
                let tw = |q: usize| {
                    record
                        .quarters
                        .get(q)
                        .and_then(|v| v.realisasi.as_ref())
                        .and_then(|v| v.as_number())
                };
                NodeValue {
                    capaian: record.capaian_computed.filter(|c| c.is_finite()),
                    target: record.target.as_number(),
                    realisasi: record.realisasi.as_number(),
                    quarters: [tw(0), tw(1), tw(2), tw(3)],
                }
            });
        }
        let rank = |p: &Option<String>| p.as_deref().and_then(crate::normalize::periode_rank);
        if rank(&report.periode) > rank(&self.latest) {
            self.latest = report.periode.clone();
        }
    }

    /// The figures of every report added.
    pub fn finish(self) -> Figures {
        let schema = self.schema;
        let kecamatan: Vec<KecamatanFigures> = self.groups.into_values().collect();
        // The regency counts the known kecamatan only: an upload whose kecamatan could
        // not be told is shown in its own column but belongs to no one's total.
        let known: Vec<&KecamatanFigures> = kecamatan
            .iter()
            .filter(|g| g.rows_read > 0 && g.kecamatan.is_some())
            .collect();
        let regency = schema
            .nodes
            .iter()
            .map(|node| RegencyFigure {
                node_id: node.id.clone(),
                capaian: regency_capaian(node, &known),
                quarters: [0, 1, 2, 3].map(|q| regency_quarter(node, &known, q)),
            })
            .collect();
        Figures {
            kecamatan,
            regency,
            latest_periode: self.latest,
        }
    }
}

/// The regency value of a node across the known kecamatan: for counts and money the
/// capaian of the sums (Σ realisasi against Σ target, with the node's polarity and cap,
/// `measure::capaian`), for percents, indices and grades the mean of the kecamatan
/// capaian.
fn regency_capaian(node: &Node, groups: &[&KecamatanFigures]) -> Option<f64> {
    match node.kind {
        Kind::Count | Kind::Currency => {
            let pairs: Vec<(f64, f64)> = groups
                .iter()
                .filter_map(|g| g.by_node.get(node.id.as_str()))
                .filter_map(|v| Some((v.target?, v.realisasi?)))
                .collect();
            if pairs.is_empty() {
                return None;
            }
            let t: f64 = pairs.iter().map(|p| p.0).sum();
            let r: f64 = pairs.iter().map(|p| p.1).sum();
            crate::measure::capaian(node, t, r)
        }
        Kind::Percent | Kind::Index | Kind::Grade => {
            let values: Vec<f64> = groups.iter().filter_map(|g| g.capaian(&node.id)).collect();
            (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
        }
    }
}

/// A triwulan's realisasi of a node over the known kecamatan: the sum when the node's
/// quarters add up (`Node::aggregation`), else the mean.
fn regency_quarter(node: &Node, groups: &[&KecamatanFigures], q: usize) -> Option<f64> {
    let values: Vec<f64> = groups
        .iter()
        .filter_map(|g| g.by_node.get(node.id.as_str()))
        .filter_map(|v| v.quarters.get(q).copied().flatten())
        .collect();
    if values.is_empty() {
        return None;
    }
    let sum: f64 = values.iter().sum();
    Some(match node.aggregation() {
        Aggregation::Sum => sum,
        _ => sum / values.len() as f64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::fixtures::{num, sample_reports, schema, IKM_BAJENG};
    use crate::report::QuarterValues;

    fn figures() -> Figures {
        let reports = sample_reports();
        Figures::of(crate::output::sorted_reports(&reports), &schema())
    }

    fn group<'a>(f: &'a Figures, k: Option<&str>) -> &'a KecamatanFigures {
        f.kecamatan
            .iter()
            .find(|g| g.kecamatan.as_deref() == k)
            .unwrap()
    }

    #[test]
    fn kecamatan_lines_in_name_order_unknown_last_schema_ones_without_uploads_too() {
        let f = figures();
        let names: Vec<Option<&str>> = f.kecamatan.iter().map(|g| g.kecamatan.as_deref()).collect();
        assert_eq!(
            names,
            [Some("Bajeng"), Some("Pallangga"), Some("Somba Opu"), None]
        );
        let bajeng = group(&f, Some("Bajeng"));
        assert_eq!(bajeng.files, ["bajeng.xlsx"]);
        assert_eq!(bajeng.rows_read, 3);
        let counts = |g: &KecamatanFigures| (g.errors, g.warnings, g.infos);
        let severities = |file: &str| {
            let r = sample_reports()
                .into_iter()
                .find(|r| r.file == file)
                .unwrap();
            let n = |s| r.findings.iter().filter(|f| f.severity == s).count();
            (n(Severity::Error), n(Severity::Warning), n(Severity::Info))
        };
        assert_eq!(counts(bajeng), severities("bajeng.xlsx"));
        assert_eq!(counts(group(&f, None)), severities("rusak.xls"));
        assert_eq!(group(&f, None).files, ["rusak.xls"]);
        assert_eq!(group(&f, Some("Somba Opu")).files, Vec::<String>::new());
        let with_data: Vec<_> = f.with_data().map(|g| g.kecamatan.as_deref()).collect();
        assert_eq!(with_data, [Some("Bajeng"), Some("Pallangga")]);
    }

    #[test]
    fn node_values_mean_and_missing_per_kecamatan() {
        let (f, s) = (figures(), schema());
        let bajeng = group(&f, Some("Bajeng"));
        let ikm = &bajeng.by_node["ikm"];
        assert_eq!(ikm.capaian, Some(IKM_BAJENG));
        assert_eq!((ikm.target, ikm.realisasi), (Some(85.0), Some(82.71)));
        // The SOP row has a target and a blank realisasi; the grade row has no number.
        let sop = &bajeng.by_node["sop"];
        assert_eq!(
            (sop.target, sop.realisasi, sop.capaian),
            (Some(12.0), None, None)
        );
        assert_eq!(bajeng.by_node["sakip"].target, None);
        assert_eq!(bajeng.mean_capaian(&s), Some(IKM_BAJENG));
        assert_eq!(bajeng.missing(&s), 0);
        let pallangga = group(&f, Some("Pallangga"));
        // The unmatched (injected) row counts as read but reports no node.
        assert_eq!(pallangga.rows_read, 3);
        assert_eq!(pallangga.by_node.len(), 2);
        assert_eq!(pallangga.mean_capaian(&s), Some((95.0 + 80.0) / 2.0));
        assert_eq!(pallangga.missing(&s), 1); // sakip
    }

    #[test]
    fn regency_capaian_from_sums_for_counts_mean_for_indices() {
        let f = figures();
        let by_id = |id: &str| f.regency.iter().find(|r| r.node_id == id).unwrap();
        let ids: Vec<&str> = f.regency.iter().map(|r| r.node_id.as_str()).collect();
        assert_eq!(ids, ["ikm", "sop", "sakip", "aduan"]);
        assert_eq!(by_id("ikm").capaian, Some((IKM_BAJENG + 95.0) / 2.0));
        // Bajeng's SOP has no realisasi: only Pallangga's 8 of 10 counts.
        assert_eq!(by_id("sop").capaian, Some(80.0));
        assert_eq!(by_id("sakip").capaian, None);
        assert_eq!(by_id("aduan").capaian, None);
        assert_eq!(f.latest_periode, None);
    }

    #[test]
    fn first_row_in_tree_then_row_order_wins_and_quarters_aggregate_by_node() {
        let s = schema();
        let mut reports = sample_reports();
        let quarter = |v: f64| QuarterValues {
            realisasi: Some(num(v, &v.to_string(), "Realisasi", "I1")),
            ..Default::default()
        };
        for r in &mut reports {
            r.periode = Some(
                if r.file == "bajeng.xlsx" {
                    "TW2"
                } else {
                    "TW1"
                }
                .into(),
            );
            for rec in &mut r.records {
                let v = if r.file == "bajeng.xlsx" { 3.0 } else { 5.0 };
                rec.quarters = vec![quarter(v), QuarterValues::default()];
            }
        }
        // A second Bajeng ikm row, earlier in the sheet but later in the file's list:
        // the earlier row is the kecamatan's figure.
        let bajeng = reports
            .iter_mut()
            .find(|r| r.file == "bajeng.xlsx")
            .unwrap();
        let mut early = bajeng.records[0].clone();
        early.row = 2;
        early.capaian_computed = Some(50.0);
        bajeng.records.push(early);
        let f = Figures::of(crate::output::sorted_reports(&reports), &s);
        assert_eq!(group(&f, Some("Bajeng")).capaian("ikm"), Some(50.0));
        assert_eq!(f.latest_periode.as_deref(), Some("TW2"));
        let by_id = |id: &str| f.regency.iter().find(|r| r.node_id == id).unwrap();
        // SOP is a count whose quarters add up: 3 + 5; IKM is an index: their mean.
        assert_eq!(by_id("sop").quarters, [Some(8.0), None, None, None]);
        assert_eq!(by_id("ikm").quarters, [Some(4.0), None, None, None]);
        assert_eq!(by_id("aduan").quarters, [None; 4]);
    }
}
