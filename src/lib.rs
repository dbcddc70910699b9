//! kinerja: clean, validate and consolidate the realization workbooks of Indonesian
//! kecamatan. The pipeline runs one direction, one module per stage:
//!
//! file bytes ─open─▶ `workbook::Workbook` ─locate─▶ `workbook::Table`
//! ─normalize─▶ `normalize::Value` ─match─▶ `report::Record` ─validate─▶ `model::Finding`
//! ─write─▶ `output` (cleaned workbook, discrepancy report, consolidated workbook).

pub mod model;
pub mod workbook;
pub mod normalize;
pub mod schema;
pub mod report;
pub mod measure;
pub mod validate;
pub mod output;
pub mod pipeline;
pub mod batch;
