//! kinerja: clean, validate and consolidate the realization workbooks of Indonesian
//! kecamatan. The pipeline runs one direction, one module per stage:
//!
//! file bytes ─open─▶ `workbook::Workbook` ─locate─▶ `workbook::Table`
//! ─normalize─▶ `normalize::Value` ─match─▶ `report::Record` ─validate─▶ `model::Finding`
//! ─write─▶ `output` (cleaned workbook, discrepancy report, consolidated workbook).
//!
//! As a library: `Schema::load`, then `Checker::new(&schema).check_file(path)` for a
//! `FileReport` (writes nothing); `batch::run_files` for many files at once with the
//! batch's own `BatchReport` (its counts, batch-level findings and the per-kecamatan and
//! regency `figures`); `output::Sink` writers for the batch-wide files; one
//! `Error` type for what can fail.

pub mod model;
pub mod workbook;
pub mod normalize;
pub mod schema;
pub mod report;
pub mod measure;
pub mod validate;
pub mod figures;
pub mod output;
pub mod pipeline;
pub mod checker;
pub mod batch;
pub mod error;

pub use checker::Checker;
pub use error::Error;
pub use report::{BatchReport, FileReport};
pub use schema::Schema;
