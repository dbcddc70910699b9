//! What the pipeline knows about one input file after matching: its rows bound to schema
//! nodes (`Record`) and its findings. Validation adds to it; the writers read it.

use crate::model::Rule;
use crate::model::Severity;
use crate::model::{CellRef, Finding};
use crate::normalize::Value;
use crate::schema::{Match, Schema};
use crate::workbook::Format;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A text cell of a row (statement, indicator, unit, keterangan) with its origin.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TextCell {
    pub text: String,
    pub at: Option<CellRef>,
}

/// One indicator row of an input table, normalized and matched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub sheet: String,
    /// 0-based row of the row's first line in the input sheet.
    pub row: u32,
    pub statement: TextCell,
    pub indicator: TextCell,
    /// The Satuan column, when the table has one.
    pub unit: TextCell,
    pub target: Value,
    pub realisasi: Value,
    /// Capaian as stated in the sheet.
    pub capaian: Value,
    pub keterangan: TextCell,
    /// The schema node this row reports, when matched.
    pub matched: Option<Match>,
    /// Capaian recomputed with the node's polarity, formula and cap (set by validate).
    pub capaian_computed: Option<f64>,
    /// The unit of the row after normalization: the schema's canonical spelling of what
    /// the sheet wrote (unit column, or units typed with the numbers), else the schema's.
    pub unit_normalized: Option<String>,
    /// TW I..IV in order when the table has quarter columns (four entries), else empty.
    #[serde(default)]
    pub quarters: Vec<QuarterValues>,
    /// The year's budget beside the indicator's figures (Rp), where the table has it.
    #[serde(default)]
    pub anggaran: Anggaran,
    /// How the sheet types its quarters, decided by validation from the rows' figures:
    /// "per-quarter" (each quarter its own) or "cumulative" (to date); None without
    /// quarter figures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quarters_typed: Option<String>,
    /// The months or semesters beside the year's own realisasi, in period order, where
    /// the table has both: the year must agree with what they make.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub periods: Vec<Value>,
}

/// The year's budget of a row: the pagu (target anggaran), what was spent (realisasi
/// anggaran) and the percent the sheet states; each `None` without such a column.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Anggaran {
    pub target: Option<Value>,
    pub realisasi: Option<Value>,
    pub capaian: Option<Value>,
}

/// One quarter (triwulan) of a row: the indicator's realisasi (K), its budget (Rp), the
/// percent of the target the sheet states and the quarter's own target, each
/// normalized with its cell; `None` where the table has no such column.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct QuarterValues {
    pub realisasi: Option<Value>,
    pub realisasi_anggaran: Option<Value>,
    pub persen: Option<Value>,
    /// The quarter's own target ("Target TW III") where the table has one: the target
    /// that quarter's percent is measured against (the year's stays `Record::target`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Value>,
}

impl Record {
    pub fn node_id(&self) -> Option<&str> {
        self.matched.as_ref().map(|m| m.node_id.as_str())
    }
}

/// Everything learned from one input file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    /// The file name shown in outputs (no directories).
    pub file: String,
    /// Path as given, for messages.
    pub path: String,
    pub format: Option<Format>,
    pub kecamatan: Option<String>,
    /// Path of this file's cleaned workbook relative to the output folder
    /// (`cleaned/<stem>.xlsx`), chosen by the batch so names never collide; None when
    /// the file was unreadable or no cleaned workbook is written.
    pub cleaned: Option<String>,
    pub records: Vec<Record>,
    pub findings: Vec<Finding>,
    /// The reporting period ("TW1".."TW4", "tahunan"): what the title, sheet or file name
    /// says, else the last quarter that holds figures.
    #[serde(default)]
    pub periode: Option<String>,
}

impl FileReport {
    /// An empty report for an input: its file name for outputs, its path as given.
    pub fn for_path(path: &Path) -> Self {
        FileReport {
            file: display_name(path),
            path: path.display().to_string(),
            format: None,
            kecamatan: None,
            cleaned: None,
            records: Vec::new(),
            findings: Vec::new(),
            periode: None,
        }
    }
}

impl FileReport {
    /// Add findings about this file, each stamped as `stamp_findings` does. The one
    /// place findings made after the pipeline (the earlier period, a failed write) get
    /// their file, kecamatan and severity.
    pub fn add_findings(
        &mut self,
        findings: impl IntoIterator<Item = Finding>,
        schema: &crate::schema::Schema,
    ) {
        for mut f in findings {
            stamp(&mut f, &self.file, self.kecamatan.as_deref(), schema);
            self.findings.push(f);
        }
    }

    /// Stamp every finding of the report with the file's name, its kecamatan (unless
    /// the finding names one) and the severity the schema gives its rule.
    pub fn stamp_findings(&mut self, schema: &crate::schema::Schema) {
        for f in &mut self.findings {
            stamp(f, &self.file, self.kecamatan.as_deref(), schema);
        }
    }
}

fn stamp(f: &mut Finding, file: &str, kecamatan: Option<&str>, schema: &crate::schema::Schema) {
    file.clone_into(&mut f.file);
    if f.kecamatan.is_none() {
        f.kecamatan = kecamatan.map(str::to_string);
    }
    f.severity = schema.severity(f.rule);
}

/// File name shown in outputs: the last path component.
pub fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// What the batch did, for the closing summary.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub files: usize,
    pub unreadable: usize,
    pub no_table: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Outputs that could not be written (`write-failed` findings).
    pub write_failed: usize,
    /// The cleaned workbooks written (relative paths), so that stale ones can go.
    pub cleaned: BTreeSet<String>,
    /// Files per reporting period ("TW2" → 3): more than one key means the batch mixes
    /// periods, which the summary says.
    pub periodes: BTreeMap<String, usize>,
}

/// A finished file as the batch sees it before its outputs are written: which file, its
/// counts, and the unreadable-file message its progress line shows. A worker sends it
/// ahead of the full report, so the batch parses each report once, when it writes the
/// outputs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileDone {
    pub file: String,
    pub path: String,
    pub kecamatan: Option<String>,
    /// This file's counts (`files` is 1).
    pub summary: Summary,
    /// The message of its `unreadable-file` finding, if it has one.
    pub unreadable: Option<crate::model::Text>,
}

impl FileDone {
    pub fn of(report: &FileReport) -> Self {
        FileDone {
            file: report.file.clone(),
            path: report.path.clone(),
            kecamatan: report.kecamatan.clone(),
            summary: summarize(std::slice::from_ref(report)),
            unreadable: report
                .findings
                .iter()
                .find(|f| f.rule == Rule::UnreadableFile)
                .map(|f| f.message.clone()),
        }
    }
}

/// What a batch found beyond its files: the counts of the whole batch, the findings
/// that belong to no file (`missing-upload`: a kecamatan of the schema that sent
/// nothing) and the per-kecamatan and regency figures of its reports. Writers get it
/// when they finish (`output::Sink::finish`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BatchReport {
    pub summary: Summary,
    /// Batch-level findings, in schema order of their kecamatan; file name empty.
    pub findings: Vec<Finding>,
    /// Per-kecamatan and regency figures, computed once (`figures`).
    pub figures: crate::figures::Figures,
}

impl BatchReport {
    /// The batch report of `reports` (each with its batch-level findings already added,
    /// as `batch::run_files` returns them) and the batch's own `findings`: counts of
    /// both, and the figures of the reports in output order.
    pub fn of(reports: &[FileReport], findings: Vec<Finding>, schema: &Schema) -> Self {
        let mut summary = summarize(reports);
        for f in &findings {
            summary.add_finding(f);
        }
        BatchReport {
            summary,
            findings,
            figures: crate::figures::Figures::of(crate::output::sorted_reports(reports), schema),
        }
    }
}

/// Count what a batch found.
pub fn summarize(reports: &[FileReport]) -> Summary {
    let mut s = Summary::default();
    for r in reports {
        s.add_report(r);
    }
    s
}

impl Summary {
    /// One more file with its findings.
    pub fn add_report(&mut self, report: &FileReport) {
        self.files += 1;
        let has = |rule| report.findings.iter().any(|f| f.rule == rule);
        self.unreadable += usize::from(has(Rule::UnreadableFile));
        self.no_table += usize::from(has(Rule::NoTable));
        if let Some(c) = &report.cleaned {
            self.cleaned.insert(c.clone());
        }
        if let Some(p) = &report.periode {
            *self.periodes.entry(p.clone()).or_default() += 1;
        }
        for f in &report.findings {
            self.add_finding(f);
        }
    }

    /// One more finding, counted by its severity.
    pub fn add_finding(&mut self, finding: &Finding) {
        self.write_failed += usize::from(finding.rule == Rule::WriteFailed);
        self.add_severity(finding.severity);
    }

    /// One more finding of this severity (for findings counted without being built).
    pub fn add_severity(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }

    /// Add another summary's counts to this one.
    pub fn merge(&mut self, other: &Summary) {
        self.files += other.files;
        self.unreadable += other.unreadable;
        self.no_table += other.no_table;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
        self.write_failed += other.write_failed;
        self.cleaned.extend(other.cleaned.iter().cloned());
        for (p, n) in &other.periodes {
            *self.periodes.entry(p.clone()).or_default() += n;
        }
    }
}
