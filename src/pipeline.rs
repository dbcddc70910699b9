//! One file through every stage: open → locate → normalize → match → validate.
//! No output is written here; the batch and the commands decide what to write.

use crate::model::{Finding, Lang, Rule, Text};
use crate::normalize::{self, Field, RowHint, RowValues};
use crate::report::{Anggaran, FileReport, QuarterValues, Record, TextCell};
use crate::schema::{Aggregation, Match, Matcher, Schema};
use crate::validate;
use crate::workbook::{self, Limits, Located, Role, RowCell, Table, TableRow};
use std::path::Path;

mod office;
mod tables;
use office::{cover_texts, office_first, signature_texts};
use tables::{no_realisasi, realisasi_unread, set_aside_other_years, set_aside_plans, target_only};

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
    let workbook = match workbook::open(path, limits) {
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
    let year = u32::try_from(schema.regency.tahun).ok().filter(|y| *y > 0);
    let mut located = workbook::locate_with(&workbook, year, Some(matcher));
    // Tables that are context, not the report, go first: nothing of them is reported.
    set_aside_plans(&mut located);
    set_aside_other_years(&mut located, schema);
    report.findings.extend(hidden_row_findings(&mut located));
    if located.tables.is_empty() {
        report.findings.push(no_table(&located));
    }
    for table in located.tables.iter().filter(|t| t.target_only) {
        report.findings.push(target_only(table));
    }
    for table in located.tables.iter().filter(|t| no_realisasi(t)) {
        report.findings.push(realisasi_unread(table));
    }

    // The kecamatan: title rows first (the office wrote it), then sheet names, then the
    // top of the sheets (a cover: "KECAMATAN PALLANGGA"), then the
    // signature under the table ("CAMAT BUNGAYA"), then the file name (often typed by
    // whoever collected the uploads).
    let mut texts: Vec<&str> = located
        .tables
        .iter()
        .flat_map(|t| t.title.iter().map(String::as_str))
        .collect();
    texts.extend(workbook.sheets.iter().map(|s| s.name.as_str()));
    texts.extend(office_first(cover_texts(&workbook, &located)));
    texts.extend(office_first(signature_texts(&workbook, &located)));
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    texts.push(&stem);
    report.kecamatan = matcher.identify_kecamatan(&texts);
    if report.kecamatan.is_none() && !located.tables.is_empty() {
        report.findings.push(Finding::new(
            Rule::UnknownKecamatan,
            Text::new(
                "kecamatan tidak dapat dikenali dari judul tabel, nama sheet, halaman sampul, tanda tangan, maupun nama berkas; tuliskan nama kecamatan pada judul tabel",
                "the kecamatan could not be identified from the table title, sheet names, cover page, signature or file name; write the kecamatan's name in the table title",
            ),
        ));
    }
    report.findings.extend(other_year(&located, schema));

    for table in &located.tables {
        report.records.extend(records_of(table, matcher));
    }
    report.periode = normalize::periode_of(&texts).or_else(|| {
        let last = report
            .records
            .iter()
            .filter_map(|r| {
                r.quarters
                    .iter()
                    .rposition(|q| q.realisasi.as_ref().is_some_and(|v| v.number.is_some()))
            })
            .max();
        match last {
            Some(i) => Some(format!("TW{}", i + 1)),
            None => (!report.records.is_empty()).then(|| "tahunan".to_string()),
        }
    });
    let tables: Vec<(&Table, &workbook::Sheet)> = located
        .tables
        .iter()
        .filter_map(|t| {
            let sheet = workbook.sheets.iter().find(|s| s.name == t.sheet)?;
            Some((t, sheet))
        })
        .collect();
    validate::validate_tables(&mut report, schema, &tables);
    finish(&mut report, schema);
    Processed {
        report,
        located: Some(located),
    }
}

/// The schema's say on where a wrapped indicator's lines join (see `workbook::Wording`).
impl workbook::Wording for Matcher<'_> {
    fn score(&self, indicator: &str) -> f64 {
        self.wording_score(indicator)
    }
}

/// The rows a clerk cannot see were left out of every table by the locator (a hidden row
/// is usually last year's figures kept "just in case", and reading it would report the
/// indicator twice or with the wrong numbers): one info finding per hidden row that
/// holds figures, so the clerk knows it was left out.
fn hidden_row_findings(located: &mut Located) -> Vec<Finding> {
    let mut findings = Vec::new();
    for table in &mut located.tables {
        // The locator left hidden rows out of the table; those with figures are said.
        for r in std::mem::take(&mut table.hidden_rows) {
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
        }
    }
    findings
}

/// Normalize and match every row of a located table. Rows are matched first, so that
/// what the schema knows of each indicator (a percent, a count) can settle numbers a
/// cell alone cannot, such as the unformatted fraction 1 meaning 100 % in an xls file.
pub fn records_of(table: &Table, matcher: &Matcher) -> Vec<Record> {
    let value = |c: &Option<RowCell>, field: Field| {
        optional_value(c, field).unwrap_or_else(normalize::Value::missing)
    };
    let mut matches: Vec<_> = table
        .rows
        .iter()
        .map(|r| matcher.match_row(text_of(&r.indicator), text_of(&r.statement)))
        .collect();
    prefer_children(table, matcher, &mut matches);
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
    // How each row's periods make its year: the node's aggregation (sum for a count that
    // grows; the last for a percentage, an index or a count that should fall), else, for
    // a row no node speaks for, the sum of a count and the last of anything else.
    let how: Vec<Aggregation> = matches
        .iter()
        .zip(&hints)
        .map(
            |(m, hint)| match m.as_ref().and_then(|m| matcher.schema.node(&m.node_id)) {
                Some(n) => n.aggregation(),
                None if hint.count => Aggregation::Sum,
                None => Aggregation::Last,
            },
        )
        .collect();
    // Where the table has no column for the year's realisasi (only quarters, or the
    // chosen one is a single quarter), the year's figure is made from the quarters. A
    // column to date ("Realisasi s.d. TW II") is the year so far: it is read as written.
    let from_quarters = table
        .column(Role::Realisasi)
        .is_none_or(|c| c.period.is_some() && !c.cumulative);
    // Each row's quarter cells, read once: kept on the record and, where needed, made
    // into the year's realisasi.
    let quarters: Vec<Vec<QuarterValues>> = table.rows.iter().map(quarter_values).collect();
    // Months typed to date ("Realisasi Kumulatif" over them): the last filled is the year.
    let to_date = |role: Role| table.column(role).is_some_and(|c| c.cumulative);
    let mut values: Vec<RowValues> = table
        .rows
        .iter()
        .zip(&how)
        .zip(&quarters)
        .map(|((r, &how), q)| RowValues {
            target: year_of_parts(&r.target_parts, Field::Target, how, to_date(Role::Target))
                .unwrap_or_else(|| value(&r.target, Field::Target)),
            realisasi: year_of_parts(
                &r.realisasi_parts,
                Field::Realisasi,
                how,
                to_date(Role::Realisasi),
            )
            .or_else(|| {
                let filled = q.iter().filter_map(|q| q.realisasi.clone());
                from_quarters
                    .then(|| year_of_periods(filled, how, table.quarters_cumulative))
                    .flatten()
            })
            .unwrap_or_else(|| value(&r.realisasi, Field::Realisasi)),
            capaian: value(&r.capaian, Field::Capaian),
        })
        .collect();
    normalize::resolve_table_with(&mut values, &hints);
    // The months beside the year's own column, to check the year by.
    let periods: Vec<Vec<normalize::Value>> = table
        .rows
        .iter()
        .map(|r| values_of(&r.realisasi_periods, Field::Realisasi))
        .collect();
    table
        .rows
        .iter()
        .zip(matches)
        .zip(values)
        .zip(quarters)
        .zip(periods)
        .map(|((((r, matched), v), quarters), periods)| Record {
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
            quarters,
            anggaran: Anggaran {
                target: optional_value(&r.target_anggaran, Field::Target),
                realisasi: optional_value(&r.realisasi_anggaran, Field::Realisasi),
                capaian: optional_value(&r.capaian_anggaran, Field::Capaian),
            },
            // What the header says; validate decides from the figures otherwise.
            quarters_typed: table.quarters_cumulative.then(|| "cumulative".to_string()),
            periods,
        })
        .collect()
}

/// Sub-items under a row ("- sarana pelayanan", "b. sarana bagi kelompok rentan" under
/// "Jumlah sarana dan prasarana yang memadai") name the parent's children: one that
/// matched no node, or the parent itself (its words are the parent's), is matched
/// among the parent's children.
fn prefer_children(table: &Table, matcher: &Matcher, matches: &mut [Option<Match>]) {
    let mut parent: Option<String> = None;
    for (row, m) in table.rows.iter().zip(matches.iter_mut()) {
        let text = text_of(&row.indicator);
        if !workbook::is_sub_item(text) {
            parent = m.as_ref().map(|m| m.node_id.clone());
            continue;
        }
        let Some(p) = parent.as_deref() else {
            continue;
        };
        let names_parent = m.as_ref().is_none_or(|m| m.node_id == p);
        if names_parent {
            if let Some(child) = matcher.match_child(text, p) {
                *m = Some(child);
            }
        }
    }
}

/// Cells of a row normalized, each keeping its cell.
fn values_of(cells: &[RowCell], field: Field) -> Vec<normalize::Value> {
    cells
        .iter()
        .map(|rc| normalize::parse_cell(&rc.cell, field, Some(rc.at.clone())))
        .collect()
}

/// An optional cell normalized: None when the table has no such column (a budget
/// column, a quarter's K, Rp or %).
fn optional_value(c: &Option<RowCell>, field: Field) -> Option<normalize::Value> {
    c.as_ref()
        .map(|rc| normalize::parse_cell(&rc.cell, field, Some(rc.at.clone())))
}

/// A row's quarter cells normalized, TW I..IV (empty when the table has no quarters).
fn quarter_values(row: &TableRow) -> Vec<QuarterValues> {
    if row.quarters.is_empty() {
        return Vec::new();
    }
    (1..=4u8)
        .map(|n| match row.quarters.iter().find(|q| q.quarter == n) {
            Some(q) => QuarterValues {
                realisasi: optional_value(&q.realisasi, Field::Realisasi),
                realisasi_anggaran: optional_value(&q.realisasi_anggaran, Field::Realisasi),
                persen: optional_value(&q.persen, Field::Capaian),
                target: optional_value(&q.target, Field::Target),
            },
            None => QuarterValues::default(),
        })
        .collect()
}

/// The year's figure from its periods (quarters, months, semesters), in period order, by
/// `how` (the node's aggregation): their sum (each period adds to the year; an
/// ambiguous "1.250" among counted things is 1250), their average, or the last period
/// that holds a figure (a percentage, an index, a count that should fall, and every
/// period under a header that says "kumulatif" or "s/d": `cumulative`). `None` when no
/// period holds a number. The value points at the last period's cell; its text shows
/// the arithmetic ("1 + 2 + 3", "(80 + 90) / 2").
fn year_of_periods(
    periods: impl Iterator<Item = normalize::Value>,
    how: Aggregation,
    cumulative: bool,
) -> Option<normalize::Value> {
    let mut filled: Vec<normalize::Value> = periods.filter(|v| v.number.is_some()).collect();
    let last = filled.last()?.clone();
    if how == Aggregation::Last || cumulative || filled.len() == 1 {
        return Some(last);
    }
    if how == Aggregation::Sum {
        filled.iter_mut().for_each(normalize::settle_as_count);
    }
    let sum: f64 = filled.iter().filter_map(|v| v.number).sum();
    let joined = filled
        .iter()
        .map(|v| v.raw.trim().to_string())
        .collect::<Vec<_>>()
        .join(" + ");
    let (number, raw) = match how {
        Aggregation::Average => (
            sum / filled.len() as f64,
            format!("({joined}) / {}", filled.len()),
        ),
        _ => (sum, joined),
    };
    // Made from several cells: no one cell's cause (a ratio, an unsaved formula) is its.
    Some(normalize::Value {
        number: Some(number),
        raw,
        ambiguous: filled.iter().any(|v| v.ambiguous),
        cause: None,
        ..last
    })
}

/// The year's target or realisasi from the months or semesters that stand for it where
/// the table has no column for the year (`TableRow::target_parts`, `realisasi_parts`),
/// each to date when `cumulative`. `None` when the table has no such parts or none holds
/// a number (the chosen column's own cell is then read as usual and says what is wrong).
fn year_of_parts(
    parts: &[RowCell],
    field: Field,
    how: Aggregation,
    cumulative: bool,
) -> Option<normalize::Value> {
    if parts.is_empty() {
        return None;
    }
    let values = values_of(parts, field);
    // A month that cannot be read ("lima") is the value: its cell is reported, never
    // left out of the sum in silence.
    if let Some(bad) = values
        .iter()
        .find(|v| v.state == normalize::State::Unparseable)
    {
        return Some(bad.clone());
    }
    year_of_periods(values.into_iter(), how, cumulative)
}

/// A file whose table titles name years, none of them the batch's (an old report in the
/// folder of uploads): said once; its figures are still read, as the batch's year.
fn other_year(located: &Located, schema: &Schema) -> Option<Finding> {
    let tahun = u32::try_from(schema.regency.tahun).ok()?;
    let titles: Vec<&str> = located
        .tables
        .iter()
        .flat_map(|t| t.title.iter().map(String::as_str))
        .collect();
    let (Some(named), false) = normalize::years_named(&titles, tahun) else {
        return None;
    };
    Some(Finding::new(
        Rule::OtherYear,
        Text::new(
            format!(
                "Judul tabel menyebut tahun {named}, sedangkan laporan ini untuk tahun {tahun}: pastikan berkas yang dikirim adalah laporan tahun {tahun}. Angkanya tetap dibaca dan dicatat sebagai tahun {tahun}."
            ),
            format!(
                "The table title names the year {named}, but this report is for {tahun}: make sure the file sent is the {tahun} report. Its figures are still read, and recorded as {tahun}."
            ),
        ),
    )
    .found(named.to_string())
    .expected(tahun.to_string()))
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
    let detail = |lang: Lang| {
        let reasons: Vec<String> = located
            .skipped
            .iter()
            .map(|s| format!("'{}': {}", s.sheet, s.reason.get(lang)))
            .collect();
        if reasons.is_empty() {
            String::from("-")
        } else {
            reasons.join("; ")
        }
    };
    let (id, en) = (detail(Lang::Id), detail(Lang::En));
    Finding::new(
        Rule::NoTable,
        Text::new(
            format!("tidak ditemukan tabel realisasi kinerja (kolom Indikator, Target, Realisasi) di sheet mana pun ({id})"),
            format!("no realization table (Indicator, Target, Realisasi columns) found in any sheet ({en})"),
        ),
    )
    .found(en)
}

/// Stamp every finding with the file, kecamatan and the schema's severity.
fn finish(report: &mut FileReport, schema: &Schema) {
    report.stamp_findings(schema);
}
