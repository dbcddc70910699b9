//! Stage 5, `validate`: check each record against the schema and add findings. One file
//! per family of rules; no I/O. (helper-owned)

use crate::report::FileReport;
use crate::schema::Schema;

/// Run every rule over one file's records: sets `Record::capaian_computed` and
/// `Record::unit_normalized` and appends findings (file and kecamatan filled in).
pub fn validate(_report: &mut FileReport, _schema: &Schema) {}
