//! Which located tables are the report's, and what a table as a whole says: a plan
//! beside the realization table and last year's table are set aside as context (listed
//! as skipped, with why); a table of targets only, or one whose realisasi are not read,
//! gets one note at its target header instead of a finding per row.

use super::text_of;
use crate::model::{CellRef, Finding, Rule, Text};
use crate::normalize;
use crate::schema::Schema;
use crate::workbook::{self, Located, Role, Table, TableRow};

/// A workbook that has a realization table keeps its plan (a PK sheet of targets before
/// the measurement sheet) as context: its rows are not the report's, and would only
/// repeat every indicator without a realisasi.
pub(super) fn set_aside_plans(located: &mut Located) {
    if !located.tables.iter().any(|t| !t.target_only) {
        return;
    }
    let mut plans = Vec::new();
    located.tables.retain(|t| {
        if t.target_only {
            plans.push(t.sheet.clone());
        }
        !t.target_only
    });
    for sheet in plans {
        skip_sheet(
            located,
            sheet,
            Text::new(
                "hanya tabel target (rencana atau perjanjian kinerja); realisasi dibaca dari tabel realisasi",
                "a table of targets only (a plan or performance agreement); the realisasi is read from the realization table",
            ),
        );
    }
}

/// Last year's table beside this year's (an LKjIP comparison stacked above it, a sheet
/// per year): when some table's title or sheet names the report year, a table whose
/// title and sheet name only other years, and whose indicators are mostly the same
/// ones, is context, not the report, rather than rows read as duplicates. A table of
/// other indicators is kept, whatever years its title names (a regulation's, a
/// letter's).
pub(super) fn set_aside_other_years(located: &mut Located, schema: &Schema) {
    let Some(tahun) = u32::try_from(schema.regency.tahun).ok().filter(|y| *y > 0) else {
        return;
    };
    let years = |t: &Table| {
        let mut texts: Vec<&str> = t.title.iter().map(String::as_str).collect();
        texts.push(&t.sheet);
        normalize::years_named(&texts, tahun)
    };
    let wording = |r: &TableRow| normalize::normalize_label(text_of(&r.indicator));
    let current: std::collections::HashSet<String> = located
        .tables
        .iter()
        .filter(|t| years(t).1)
        .flat_map(|t| t.rows.iter().map(wording))
        .collect();
    if current.is_empty() {
        return;
    }
    let repeats = |t: &Table| {
        let shared = t
            .rows
            .iter()
            .filter(|r| current.contains(&wording(r)))
            .count();
        shared * 2 >= t.rows.len().max(1)
    };
    let mut other: Vec<(String, u32)> = Vec::new();
    located.tables.retain(|t| match years(t) {
        (Some(y), false) if repeats(t) => {
            other.push((t.sheet.clone(), y));
            false
        }
        _ => true,
    });
    for (sheet, y) in other {
        skip_sheet(
            located,
            sheet,
            Text::new(
                format!("tabel tahun {y}, bukan tahun laporan {tahun}"),
                format!("a table of {y}, not the report year {tahun}"),
            ),
        );
    }
}

/// List a sheet whose tables were set aside among the skipped ones, with why, unless a
/// table of it is still read or it is listed already.
fn skip_sheet(located: &mut Located, sheet: String, reason: Text) {
    if !located.tables.iter().any(|t| t.sheet == sheet)
        && !located.skipped.iter().any(|s| s.sheet == sheet)
    {
        located
            .skipped
            .push(workbook::SkippedSheet { sheet, reason });
    }
}

/// One note for a table of targets without a realisasi column (a PK or Renstra plan),
/// at the header of its target column, instead of a missing realisasi on every row.
pub(super) fn target_only(table: &Table) -> Finding {
    let finding = Finding::new(
        Rule::TargetOnly,
        Text::new(
            format!(
                "Tabel di sheet '{}' hanya berisi target, tanpa kolom realisasi: capaian tidak dapat dihitung. Bila ini laporan realisasi, tambahkan kolom Realisasi.",
                table.sheet
            ),
            format!(
                "The table on sheet '{}' holds targets only, with no realisasi column: no capaian can be computed. If this is a realization report, add a Realisasi column.",
                table.sheet
            ),
        ),
    );
    at_target_header(finding, table)
}

/// A table with targets and capaian but no column the locator takes for the
/// realisasi, not even per quarter (months under no "Realisasi" heading, a heading it
/// does not know): its realisasi are not read, which must not pass in silence.
pub(super) fn no_realisasi(table: &Table) -> bool {
    !table.target_only
        && table.column(Role::Realisasi).is_none()
        && table.column(Role::Target).is_some()
        && !table
            .rows
            .iter()
            .any(|r| r.quarters.iter().any(|q| q.realisasi.is_some()))
}

/// One note for a table whose realisasi are not read (`no_realisasi`), at the header of
/// its target column.
pub(super) fn realisasi_unread(table: &Table) -> Finding {
    let finding = Finding::new(
        Rule::TargetOnly,
        Text::new(
            format!(
                "Tabel di sheet '{}' berisi target dan capaian, tetapi tidak ada kolom yang dikenali sebagai realisasi: realisasinya tidak terbaca. Beri judul kolom realisasi \"Realisasi\" (misalnya \"Realisasi\" di atas kolom bulan atau triwulan).",
                table.sheet
            ),
            format!(
                "The table on sheet '{}' holds targets and capaian but no column read as the realisasi: its realisasi are not read. Head the realisasi column \"Realisasi\" (for instance \"Realisasi\" over the month or quarter columns).",
                table.sheet
            ),
        ),
    );
    at_target_header(finding, table)
}

/// A table-wide note placed at the header of the table's target column (none when the
/// table has no target column).
fn at_target_header(finding: Finding, table: &Table) -> Finding {
    let at = table
        .column(Role::Target)
        .zip(table.header_rows.first())
        .map(|(c, &r)| CellRef::new(table.sheet.as_str(), r, c.col));
    match at {
        Some(at) => finding.at(&at),
        None => finding,
    }
}
