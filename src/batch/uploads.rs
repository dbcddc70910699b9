//! The findings about the uploads as a set: `duplicate-upload` for the second and later
//! upload of a kecamatan, `missing-upload` for a kecamatan of the schema that sent nothing.

use crate::model::{Finding, Rule, Severity, Text};
use crate::schema::Schema;
use std::collections::BTreeMap;

/// The findings about uploads as a set, for reports known by (file, kecamatan) in input
/// order: `duplicate-upload` for the second and later upload of a kecamatan, and the
/// batch's `missing-upload` findings for each kecamatan of the schema that sent nothing.
/// A `duplicate-upload` finding is built when it is asked for (`finding_of`), so a batch
/// holds one line of text per kecamatan, not one finding per file.
pub(crate) struct Uploads {
    /// Per input position: the duplicate group of a second or later upload.
    duplicate: Vec<Option<usize>>,
    /// Per duplicate group: its kecamatan and the files it names.
    groups: Vec<(String, String)>,
    severity: Severity,
    /// `missing-upload`, in schema order (batch-level: no file).
    pub missing: Vec<Finding>,
}

impl Uploads {
    pub(crate) fn of(reports: &[(&str, Option<&str>)], schema: &Schema) -> Uploads {
        let mut duplicate = vec![None; reports.len()];
        let mut groups = Vec::new();
        let mut by_kecamatan: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, (_, k)) in reports.iter().enumerate() {
            if let Some(k) = k {
                by_kecamatan.entry(k).or_default().push(i);
            }
        }
        for (k, idx) in &by_kecamatan {
            if idx.len() < 2 {
                continue;
            }
            // Name a few files, not all: a re-run over a folder holding every old upload
            // must not make each finding carry hundreds of names.
            const NAMED: usize = 5;
            let files: Vec<&str> = idx
                .iter()
                .take(NAMED)
                .filter_map(|&i| reports.get(i).map(|r| r.0))
                .collect();
            let more = idx.len().saturating_sub(NAMED);
            let list = if more > 0 {
                format!("{} (+{more})", files.join(", "))
            } else {
                files.join(", ")
            };
            for &i in idx.iter().skip(1) {
                if let Some(d) = duplicate.get_mut(i) {
                    *d = Some(groups.len());
                }
            }
            groups.push((k.to_string(), list));
        }
        let mut missing = Vec::new();
        let readable = reports.iter().any(|r| r.1.is_some());
        if readable {
            for k in &schema.kecamatan {
                if by_kecamatan.contains_key(k.name.as_str()) {
                    continue;
                }
                let mut f = Finding::new(
                    Rule::MissingUpload,
                    Text::new(
                        format!("tidak ada berkas dari kecamatan {}", k.name),
                        format!("no file was received from kecamatan {}", k.name),
                    ),
                )
                .expected(k.name.clone());
                f.severity = schema.severity(Rule::MissingUpload);
                f.kecamatan = Some(k.name.clone());
                missing.push(f);
            }
        }
        Uploads {
            duplicate,
            groups,
            severity: schema.severity(Rule::DuplicateUpload),
            missing,
        }
    }

    /// Count every finding about the uploads into a batch's summary, without building
    /// the `duplicate-upload` ones (each file's is built when its report is read back).
    pub(crate) fn count_into(&self, summary: &mut crate::report::Summary) {
        for _ in self.duplicate.iter().flatten() {
            summary.add_severity(self.severity);
        }
        for f in &self.missing {
            summary.add_finding(f);
        }
    }

    /// The `duplicate-upload` finding of the file at input position `i` (named `file`),
    /// if it is a second or later upload of its kecamatan.
    pub(crate) fn finding_of(&self, i: usize, file: &str) -> Option<Finding> {
        let (k, list) = self.groups.get((*self.duplicate.get(i)?)?)?;
        let mut f = Finding::new(
            Rule::DuplicateUpload,
            Text::new(
                format!("kecamatan {k} mengirim lebih dari satu berkas ({list}); pastikan hanya satu yang berlaku"),
                format!("kecamatan {k} sent more than one file ({list}); make sure only one is current"),
            ),
        )
        .found(list.clone());
        f.severity = self.severity;
        f.file = file.to_string();
        f.kecamatan = Some(k.clone());
        Some(f)
    }
}

/// `Uploads` built out: each file's `duplicate-upload` finding with its input position,
/// and the batch-level `missing-upload` findings.
pub(crate) fn upload_findings(
    reports: &[(&str, Option<&str>)],
    schema: &Schema,
) -> (Vec<(usize, Finding)>, Vec<Finding>) {
    let uploads = Uploads::of(reports, schema);
    let per_file = reports
        .iter()
        .enumerate()
        .filter_map(|(i, (file, _))| uploads.finding_of(i, file).map(|f| (i, f)))
        .collect();
    (per_file, uploads.missing)
}
