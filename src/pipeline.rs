//! One file through every stage: open → locate → normalize → match → validate.
//! No output is written here; the batch and the commands decide what to write.

use crate::model::{Finding, Rule, Text};
use crate::normalize::{self, Field, RowHint, RowValues};
use crate::report::{FileReport, Record, TextCell};
use crate::schema::{identify_kecamatan, Matcher, Schema};
use crate::validate;
use crate::workbook::{self, HiddenRows, Limits, Located, RowCell, Table};
use std::path::Path;

/// The schema shipped with the tool, used when no `--schema` is given, so that
/// `kinerja batch samples/ --out out/` works from any folder.
pub const DEFAULT_SCHEMA: &str = include_str!("../schemas/gowa-kecamatan-2023.toml");
pub const DEFAULT_SCHEMA_NAME: &str = "schemas/gowa-kecamatan-2023.toml";

pub use crate::report::display_name;

/// Everything the tool saw in one file, for `inspect` and for the batch.
pub struct Processed {
    pub report: FileReport,
    /// The located tables (None when the file could not be opened).
    pub located: Option<Located>,
}

/// Run one file through every stage. Never fails: an unreadable file or a file without
/// a table becomes a finding in the report. The matcher (built once per schema, since
/// preparing its vocabulary costs more than reading a small file) carries the schema.
pub fn process_file(path: &Path, matcher: &Matcher, limits: &Limits) -> Processed {
    let schema = matcher.schema;
    let mut report = FileReport::for_path(path);
    let (workbook, hidden_rows) = match workbook::open_with_rows(path, limits) {
        Ok(opened) => opened,
        Err(e) => {
            report
                .findings
                .push(Finding::new(Rule::UnreadableFile, e.message()).found(e.kind()));
            finish(&mut report, schema);
            return Processed {
                report,
                located: None,
            };
        }
    };
    report.format = Some(workbook.format);
    let mut located = workbook::locate(&workbook);
    report
        .findings
        .extend(drop_hidden_rows(&mut located, &hidden_rows));
    if located.tables.is_empty() {
        report.findings.push(no_table(&located));
    }

    // The kecamatan: title rows first (the office wrote it), then sheet names, then the
    // file name (often typed by whoever collected the uploads).
    let mut texts: Vec<&str> = located
        .tables
        .iter()
        .flat_map(|t| t.title.iter().map(String::as_str))
        .collect();
    texts.extend(workbook.sheets.iter().map(|s| s.name.as_str()));
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    texts.push(&stem);
    report.kecamatan = identify_kecamatan(schema, &texts);
    if report.kecamatan.is_none() && !located.tables.is_empty() {
        report.findings.push(Finding::new(
            Rule::UnknownKecamatan,
            Text::new(
                "kecamatan tidak dapat dikenali dari judul tabel, nama sheet, maupun nama berkas; tuliskan nama kecamatan pada judul tabel",
                "the kecamatan could not be identified from the table title, sheet names or file name; write the kecamatan's name in the table title",
            ),
        ));
    }

    for table in &located.tables {
        report.records.extend(records_of(table, matcher));
    }
    validate::validate(&mut report, schema);
    finish(&mut report, schema);
    Processed {
        report,
        located: Some(located),
    }
}

/// Take the rows a clerk cannot see out of every table: a hidden row is usually last
/// year's figures kept "just in case", and reading it would report the indicator twice
/// or with the wrong numbers. One info finding per hidden row that holds figures, so the
/// clerk knows it was left out.
fn drop_hidden_rows(located: &mut Located, hidden: &HiddenRows) -> Vec<Finding> {
    let mut findings = Vec::new();
    for table in &mut located.tables {
        let Some(rows) = hidden.get(&table.sheet) else {
            continue;
        };
        table.rows.retain(|r| {
            if !rows.contains(&r.row) {
                return true;
            }
            let figures: Vec<&RowCell> = [&r.target, &r.realisasi, &r.capaian]
                .into_iter()
                .flatten()
                .filter(|c| !c.cell.is_empty())
                .collect();
            if let Some(first) = figures.first() {
                let at = r
                    .indicator
                    .as_ref()
                    .map_or_else(|| first.at.clone(), |c| c.at.clone());
                let shown: Vec<String> =
                    figures.iter().map(|c| c.text.trim().to_string()).collect();
                let row_no = r.row + 1;
                let name = text_of(&r.indicator).trim();
                findings.push(
                    Finding::new(
                        Rule::HiddenRow,
                        Text::new(
                            format!(
                                "Baris {row_no} disembunyikan (hidden) dan berisi angka \
                                 ({name}: {}). Baris tersembunyi tidak dibaca sebagai data. \
                                 Hapus baris itu bila memang tidak dipakai, atau tampilkan \
                                 (unhide) bila termasuk laporan ini.",
                                shown.join(" / ")
                            ),
                            format!(
                                "Row {row_no} is hidden and holds figures ({name}: {}). Hidden \
                                 rows are not read as data. Delete the row if it is not used, \
                                 or unhide it if it belongs to this report.",
                                shown.join(" / ")
                            ),
                        ),
                    )
                    .at(&at)
                    .found(shown.join(" / ")),
                );
            }
            false
        });
    }
    findings
}

/// Normalize and match every row of a located table. Rows are matched first, so that
/// what the schema knows of each indicator (a percent, a count) can settle numbers a
/// cell alone cannot, such as the unformatted fraction 1 meaning 100 % in an xls file.
pub fn records_of(table: &Table, matcher: &Matcher) -> Vec<Record> {
    let value = |c: &Option<RowCell>, field: Field| match c {
        Some(rc) => normalize::parse_cell(&rc.cell, field, Some(rc.at.clone())),
        None => normalize::Value::missing(),
    };
    let matches: Vec<_> = table
        .rows
        .iter()
        .map(|r| matcher.match_row(text_of(&r.indicator), text_of(&r.statement)))
        .collect();
    // What the schema (or, unmatched, the row itself) says the numbers are.
    let hints: Vec<RowHint> = table
        .rows
        .iter()
        .zip(&matches)
        .map(
            |(r, m)| match m.as_ref().and_then(|m| matcher.schema.node(&m.node_id)) {
                Some(n) => normalize::row_hint(&n.indicator, &n.unit),
                None => normalize::row_hint(text_of(&r.indicator), text_of(&r.unit)),
            },
        )
        .collect();
    let mut values: Vec<RowValues> = table
        .rows
        .iter()
        .map(|r| RowValues {
            target: value(&r.target, Field::Target),
            realisasi: value(&r.realisasi, Field::Realisasi),
            capaian: value(&r.capaian, Field::Capaian),
        })
        .collect();
    normalize::resolve_table_with(&mut values, &hints);
    table
        .rows
        .iter()
        .zip(matches)
        .zip(values)
        .map(|((r, matched), v)| Record {
            sheet: table.sheet.clone(),
            row: r.row,
            statement: text_cell(&r.statement),
            indicator: text_cell(&r.indicator),
            unit: text_cell(&r.unit),
            target: v.target,
            realisasi: v.realisasi,
            capaian: v.capaian,
            keterangan: text_cell(&r.keterangan),
            matched,
            capaian_computed: None,
            unit_normalized: None,
        })
        .collect()
}

fn text_of(c: &Option<RowCell>) -> &str {
    c.as_ref().map_or("", |rc| rc.text.as_str())
}

fn text_cell(c: &Option<RowCell>) -> TextCell {
    match c {
        Some(rc) => TextCell {
            text: rc.text.clone(),
            at: Some(rc.at.clone()),
        },
        None => TextCell::default(),
    }
}

fn no_table(located: &Located) -> Finding {
    let reasons: Vec<String> = located
        .skipped
        .iter()
        .map(|s| format!("'{}': {}", s.sheet, s.reason))
        .collect();
    let detail = if reasons.is_empty() {
        String::from("-")
    } else {
        reasons.join("; ")
    };
    Finding::new(
        Rule::NoTable,
        Text::new(
            format!("tidak ditemukan tabel realisasi kinerja (kolom Indikator, Target, Realisasi) di sheet mana pun ({detail})"),
            format!("no realization table (Indicator, Target, Realisasi columns) found in any sheet ({detail})"),
        ),
    )
    .found(detail)
}

/// Stamp every finding with the file, kecamatan and the schema's severity.
fn finish(report: &mut FileReport, schema: &Schema) {
    for f in &mut report.findings {
        f.file = report.file.clone();
        if f.kecamatan.is_none() {
            f.kecamatan = report.kecamatan.clone();
        }
        f.severity = schema.severity(f.rule);
    }
}
