//! The library's front door for one file or many: a `Checker` holds what checking needs
//! besides the file (the schema's matcher, the resource limits, an earlier period's
//! figures) and checks files without writing anything.
//!
//! ```no_run
//! use kinerja::{Checker, Schema};
//! let schema = Schema::load("schemas/gowa-kecamatan-2023.toml".as_ref())?;
//! let checker = Checker::new(&schema);
//! let report = checker.check_file("uploads/bajeng.xlsx".as_ref());
//! for f in &report.findings {
//!     println!("{} {} {}", f.cell(), f.rule, f.message.id);
//! }
//! # Ok::<(), kinerja::Error>(())
//! ```

use crate::error::Error;
use crate::pipeline;
use crate::report::FileReport;
use crate::schema::{Matcher, Schema};
use crate::validate::Previous;
use crate::workbook::Limits;
use std::path::Path;
use std::sync::Arc;

pub struct Checker<'s> {
    matcher: Matcher<'s>,
    limits: Limits,
    previous: Option<Arc<Previous>>,
}

impl<'s> Checker<'s> {
    /// A checker for `schema` with the default resource limits (`Limits::default()`).
    pub fn new(schema: &'s Schema) -> Self {
        Checker {
            matcher: Matcher::new(schema),
            limits: Limits::default(),
            previous: None,
        }
    }

    /// The same checker with other resource limits (cells, file and unzipped sizes).
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The same checker comparing each file with an earlier period's consolidated table
    /// (`revised-quarter`, `quarter-decrease`; see `validate::Previous::load`).
    ///
    /// Errors: `Error::Previous` when the table cannot be read or is not kinerja's.
    pub fn with_previous(mut self, path: &Path) -> Result<Self, Error> {
        let previous = Previous::load(path, self.schema().regency.tahun).map_err(|message| {
            Error::Previous {
                path: path.to_path_buf(),
                message,
            }
        })?;
        self.previous = Some(Arc::new(previous));
        Ok(self)
    }

    /// The same checker with earlier figures already loaded (shared between threads).
    pub fn with_previous_loaded(mut self, previous: Arc<Previous>) -> Self {
        self.previous = Some(previous);
        self
    }

    pub fn schema(&self) -> &'s Schema {
        self.matcher.schema
    }

    /// The resource limits each file is read within.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Check one file: open → locate → normalize → match → validate (→ compare with the
    /// earlier period). Writes nothing and never fails: a file that cannot be read
    /// gives a report whose only finding is `unreadable-file`.
    pub fn check_file(&self, path: &Path) -> FileReport {
        let mut report = pipeline::process_file(path, &self.matcher, &self.limits).report;
        if let Some(previous) = &self.previous {
            previous.check(&mut report, self.schema());
        }
        report
    }
}

impl Schema {
    /// Load and check a schema file (TOML, docs/schema.md). Warnings (legal but
    /// suspicious entries) are dropped here; `schema::load` returns them.
    ///
    /// Errors: `Error::Schema` with every problem and its line.
    pub fn load(path: &Path) -> Result<Schema, Error> {
        crate::schema::load(path)
            .map(|(schema, _warnings)| schema)
            .map_err(|errors| Error::Schema {
                path: path.to_path_buf(),
                errors,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Rule;

    #[test]
    fn a_file_is_checked_without_writing_and_a_bad_path_is_a_finding() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let schema = Schema::load(&root.join("schemas/gowa-kecamatan-2023.toml")).unwrap();
        let checker = Checker::new(&schema);
        let report = checker.check_file(&root.join("samples/bajeng-2023.xlsx"));
        assert_eq!(report.kecamatan.as_deref(), Some("Bajeng"));
        assert!(report.cleaned.is_none());
        assert!(!report.records.is_empty());
        let missing = checker.check_file(&root.join("samples/tidak-ada.xlsx"));
        assert_eq!(missing.findings.len(), 1);
        assert_eq!(missing.findings[0].rule, Rule::UnreadableFile);
    }

    #[test]
    fn an_earlier_period_is_read_or_refused_with_its_path() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let schema = Schema::load(&root.join("schemas/gowa-kecamatan-2023.toml")).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let bogus = dir.path().join("consolidated.csv");
        std::fs::write(&bogus, "a,b\n").unwrap();
        match Checker::new(&schema).with_previous(&bogus) {
            Err(Error::Previous { path, message }) => {
                assert_eq!(path, bogus);
                assert!(
                    message.en.contains("has no column kecamatan"),
                    "{}",
                    message.en
                );
            }
            Err(e) => panic!("{e}"),
            Ok(_) => panic!("a table without kinerja's columns was accepted"),
        }
        // Bajeng's sop_disusun reported 99 to date before: the sample's lower figure fell.
        std::fs::write(
            &bogus,
            "file,kecamatan,indicator_id,realisasi,tahun,periode,realisasi_tw1,realisasi_tw2,realisasi_tw3,realisasi_tw4\n\
             lalu.xlsx,Bajeng,sop_disusun,99,2023,TW3,,,,\n",
        )
        .unwrap();
        let checker = Checker::new(&schema).with_previous(&bogus).unwrap();
        let report = checker.check_file(&root.join("samples/bajeng-2023.xlsx"));
        let fell: Vec<&str> = report
            .findings
            .iter()
            .filter(|f| f.rule == Rule::QuarterDecrease)
            .map(|f| f.expected.as_str())
            .collect();
        assert_eq!(fell, ["≥ 99"]);
    }

    #[test]
    fn a_schema_with_errors_names_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("skema.toml");
        std::fs::write(&path, "[regency]\nname = 3\n").unwrap();
        match Schema::load(&path) {
            Err(Error::Schema { path: p, errors }) => {
                assert_eq!(p, path);
                assert!(!errors.is_empty());
            }
            other => panic!("{other:?}"),
        }
    }
}
