//! The long table: one row per file and record, the regency's data in one table. Its
//! columns are declared once, in `COLUMNS` (machine name, Indonesian and English
//! header, how to read the value), and `consolidated.csv`, `consolidated.parquet` and
//! the "Data" sheet of `consolidated.xlsx` all iterate that declaration. CSV and
//! Parquet keep the machine names (a contract: columns are only ever appended); the
//! sheet a person reads is headed in the `--lang` language.

use super::cleaned::{match_label_code, record_unit, CAPAIAN_FORMAT};
use super::sanitize::{clip_cell, csv_text};
use super::{csv_number, sorted_reports, tr, OutputCause, Widths};
use crate::model::Lang;
use crate::normalize::{State, Value};
use crate::report::{FileReport, Record};
use crate::schema::{Band, Node, Schema};
use polars::prelude::{Column, DataFrame};
use rust_xlsxwriter::{Format, Worksheet};

/// One row of the long table.
pub(crate) struct LongRow<'a> {
    pub report: &'a FileReport,
    pub record: &'a Record,
    pub node: Option<&'a Node>,
    pub band: Option<&'a Band>,
    /// The regency, the kecamatan's Kemendagri code and the year (issue 13).
    /// Shared by every row of a kecamatan (`Regions`).
    pub region: std::sync::Arc<Region>,
}

/// Where and when a row belongs, for stacking regencies and years.
#[derive(Clone)]
pub(crate) struct Region {
    pub kabupaten: String,
    pub kode_kecamatan: Option<String>,
    pub tahun: i32,
}

impl Region {
    fn of(schema: &Schema, kecamatan: Option<&str>) -> Region {
        Region {
            kabupaten: crate::schema::wilayah::kabupaten_name(schema),
            kode_kecamatan: kecamatan
                .and_then(|k| crate::schema::wilayah::kode_kecamatan(schema, k)),
            tahun: schema.regency.tahun,
        }
    }
}

/// How a column's value is read from a row, by type: the type decides the CSV text,
/// the Parquet dtype and the cell written in the sheet.
enum Get {
    /// Text (Parquet String; None is null there and empty elsewhere).
    Text(fn(&LongRow<'_>) -> Option<String>),
    /// A number (Parquet Float64).
    Number(fn(&LongRow<'_>) -> Option<f64>),
    /// A capaian in percent: a number shown with the capaian format in the sheet.
    Percent(fn(&LongRow<'_>) -> Option<f64>),
    /// Target or realisasi: a number, else a grade as text in CSV and the sheet; Parquet
    /// keeps the number (the grade has its own column).
    Figure(for<'a, 'b> fn(&'a LongRow<'b>) -> &'a Value),
    /// A whole number (Parquet UInt32 / Int32 as `Whole::Row` / `Whole::Year`).
    Whole(Whole, fn(&LongRow<'_>) -> i64),
}

#[derive(Clone, Copy)]
enum Whole {
    Row,
    Year,
}

/// Where a column is written.
#[derive(Clone, Copy, PartialEq)]
enum Sinks {
    All,
    /// Parquet only: the grades beside target and realisasi, which CSV and the sheet
    /// write in the figure's own column.
    ParquetOnly,
}

/// One column of the long table.
struct LongColumn {
    name: &'static str,
    id: &'static str,
    en: &'static str,
    sinks: Sinks,
    get: Get,
}

const fn col(name: &'static str, id: &'static str, en: &'static str, get: Get) -> LongColumn {
    LongColumn {
        name,
        id,
        en,
        sinks: Sinks::All,
        get,
    }
}

fn quarter(r: &LongRow<'_>, q: usize) -> Option<f64> {
    r.quarterly().get(q).copied().flatten()
}

/// Empty text is no value.
fn non_empty(s: String) -> Option<String> {
    Some(s).filter(|s| !s.is_empty())
}

/// The long table's columns, in order. The first ten are the contract; the rest
/// describe the row further; later rounds only append.
const COLUMNS: [LongColumn; 36] = [
    col(
        "file",
        "Berkas",
        "File",
        Get::Text(|r| Some(r.report.file.clone())),
    ),
    col(
        "kecamatan",
        "Kecamatan",
        "Kecamatan",
        Get::Text(|r| r.kecamatan().map(str::to_string)),
    ),
    col(
        "indicator_id",
        "ID indikator",
        "Indicator ID",
        Get::Text(|r| r.record.node_id().map(str::to_string)),
    ),
    col(
        "target",
        "Target",
        "Target",
        Get::Figure(|r| &r.record.target),
    ),
    col(
        "realisasi",
        "Realisasi",
        "Realisasi",
        Get::Figure(|r| &r.record.realisasi),
    ),
    col(
        "capaian_stated",
        "Capaian tertulis (%)",
        "Capaian as stated (%)",
        Get::Percent(|r| r.record.capaian.as_number()),
    ),
    col(
        "capaian",
        "Capaian dihitung (%)",
        "Capaian computed (%)",
        Get::Percent(|r| r.capaian()),
    ),
    col(
        "unit",
        "Satuan",
        "Unit",
        Get::Text(|r| record_unit(r.record).map(str::to_string)),
    ),
    col(
        "sheet",
        "Sheet",
        "Sheet",
        Get::Text(|r| Some(r.record.sheet.clone())),
    ),
    col("cell", "Sel", "Cell", Get::Text(|r| non_empty(r.cell()))),
    col(
        "indicator",
        "Indikator (tertulis)",
        "Indicator (as written)",
        Get::Text(|r| Some(r.record.indicator.text.trim().to_string())),
    ),
    col(
        "statement",
        "Sasaran/pernyataan",
        "Statement",
        Get::Text(|r| Some(r.record.statement.text.trim().to_string())),
    ),
    col(
        "level",
        "Tingkat",
        "Level",
        Get::Text(|r| r.node.map(|n| n.level.code().to_string())),
    ),
    col(
        "match",
        "Cara cocok",
        "Match",
        Get::Text(|r| match_label_code(r.record).map(str::to_string)),
    ),
    col(
        "confidence",
        "Keyakinan cocok",
        "Match confidence",
        Get::Number(|r| r.record.matched.as_ref().map(|m| m.confidence)),
    ),
    col(
        "band",
        "Predikat",
        "Band",
        Get::Text(|r| r.band.map(|b| b.label.clone())),
    ),
    col(
        "target_raw",
        "Target (teks asli)",
        "Target (original text)",
        Get::Text(|r| Some(r.record.target.raw.clone())),
    ),
    col(
        "realisasi_raw",
        "Realisasi (teks asli)",
        "Realisasi (original text)",
        Get::Text(|r| Some(r.record.realisasi.raw.clone())),
    ),
    col(
        "capaian_raw",
        "Capaian (teks asli)",
        "Capaian (original text)",
        Get::Text(|r| Some(r.record.capaian.raw.clone())),
    ),
    col(
        "keterangan",
        "Keterangan",
        "Keterangan",
        Get::Text(|r| Some(r.record.keterangan.text.trim().to_string())),
    ),
    col(
        "target_cell",
        "Sel target",
        "Target cell",
        Get::Text(|r| r.record.target.at.as_ref().map(|c| c.a1())),
    ),
    col(
        "capaian_cell",
        "Sel capaian",
        "Capaian cell",
        Get::Text(|r| r.record.capaian.at.as_ref().map(|c| c.a1())),
    ),
    col(
        "row",
        "Baris",
        "Row",
        Get::Whole(Whole::Row, |r| i64::from(r.input_row())),
    ),
    LongColumn {
        name: "target_grade",
        id: "",
        en: "",
        sinks: Sinks::ParquetOnly,
        get: Get::Text(|r| grade(&r.record.target).map(str::to_string)),
    },
    LongColumn {
        name: "realisasi_grade",
        id: "",
        en: "",
        sinks: Sinks::ParquetOnly,
        get: Get::Text(|r| grade(&r.record.realisasi).map(str::to_string)),
    },
    // Issue 13: so the tables of many regencies and years stack into one.
    col(
        "kabupaten",
        "Kabupaten/Kota",
        "Regency",
        Get::Text(|r| Some(r.region.kabupaten.clone())),
    ),
    col(
        "kode_kecamatan",
        "Kode kecamatan",
        "Kecamatan code",
        Get::Text(|r| r.region.kode_kecamatan.clone()),
    ),
    col(
        "tahun",
        "Tahun",
        "Year",
        Get::Whole(Whole::Year, |r| i64::from(r.region.tahun)),
    ),
    // Issue 12: the period of the upload, the quarters and the year's budget.
    col(
        "periode",
        "Periode",
        "Period",
        Get::Text(|r| r.report.periode.clone()),
    ),
    col(
        "realisasi_tw1",
        "Realisasi TW I",
        "Realisasi TW I",
        Get::Number(|r| quarter(r, 0)),
    ),
    col(
        "realisasi_tw2",
        "Realisasi TW II",
        "Realisasi TW II",
        Get::Number(|r| quarter(r, 1)),
    ),
    col(
        "realisasi_tw3",
        "Realisasi TW III",
        "Realisasi TW III",
        Get::Number(|r| quarter(r, 2)),
    ),
    col(
        "realisasi_tw4",
        "Realisasi TW IV",
        "Realisasi TW IV",
        Get::Number(|r| quarter(r, 3)),
    ),
    col(
        "target_anggaran",
        "Target anggaran (Rp)",
        "Budget (Rp)",
        Get::Number(|r| quarter(r, 4)),
    ),
    col(
        "realisasi_anggaran",
        "Realisasi anggaran (Rp)",
        "Budget spent (Rp)",
        Get::Number(|r| quarter(r, 5)),
    ),
    col(
        "capaian_anggaran",
        "Capaian anggaran (%)",
        "Budget capaian (%)",
        Get::Number(|r| quarter(r, 6)),
    ),
];

/// The columns of `consolidated.csv` and the "Data" sheet, in order.
fn shown() -> impl Iterator<Item = &'static LongColumn> {
    COLUMNS.iter().filter(|c| c.sinks == Sinks::All)
}

/// The header of `consolidated.csv`: the machine names.
pub(crate) fn csv_header() -> Vec<&'static str> {
    shown().map(|c| c.name).collect()
}

/// The headers of the "Data" sheet, in `lang`.
pub(crate) fn sheet_header(lang: Lang) -> Vec<&'static str> {
    shown().map(|c| tr(lang, c.id, c.en)).collect()
}

/// A grade when the value is one.
pub(crate) fn grade(v: &Value) -> Option<&str> {
    match v.state {
        State::Grade => v.grade.as_deref().or(Some(v.raw.trim())),
        _ => None,
    }
}

impl LongRow<'_> {
    pub(crate) fn kecamatan(&self) -> Option<&str> {
        self.report.kecamatan.as_deref()
    }

    pub(crate) fn capaian(&self) -> Option<f64> {
        self.record.capaian_computed.filter(|c| c.is_finite())
    }

    /// A1 of the realisasi in the input, else of the target.
    fn cell(&self) -> String {
        self.record
            .realisasi
            .at
            .as_ref()
            .or(self.record.target.at.as_ref())
            .map(|c| c.a1())
            .unwrap_or_default()
    }

    /// 1-based row of the record in its input sheet.
    fn input_row(&self) -> u32 {
        self.record.row.saturating_add(1)
    }

    /// CSV fields in column order, neutralized against formula injection.
    pub(crate) fn csv_fields(&self) -> Vec<String> {
        shown()
            .map(|c| match &c.get {
                Get::Text(f) => f(self)
                    .map(|s| csv_text(&s).into_owned())
                    .unwrap_or_default(),
                Get::Number(f) | Get::Percent(f) => csv_number(f(self)),
                Get::Figure(f) => {
                    let v = f(self);
                    match (v.as_number(), grade(v)) {
                        (Some(n), _) => csv_number(Some(n)),
                        (None, Some(g)) => csv_text(g).into_owned(),
                        _ => String::new(),
                    }
                }
                Get::Whole(_, f) => f(self).to_string(),
            })
            .collect()
    }

    /// `realisasi_tw1` … `realisasi_tw4`, `target_anggaran`, `realisasi_anggaran`,
    /// `capaian_anggaran`: numbers or nothing.
    pub(crate) fn quarterly(&self) -> [Option<f64>; 7] {
        let r = self.record;
        let tw = |i: usize| {
            r.quarters
                .get(i)
                .and_then(|q| q.realisasi.as_ref())
                .and_then(Value::as_number)
        };
        let money = |v: &Option<Value>| v.as_ref().and_then(Value::as_number);
        [
            tw(0),
            tw(1),
            tw(2),
            tw(3),
            money(&r.anggaran.target),
            money(&r.anggaran.realisasi),
            money(&r.anggaran.capaian),
        ]
    }
}

/// The band a capaian falls in: the one with the highest `min` not above it.
pub(crate) fn band_of(bands: &[Band], capaian: f64) -> Option<&Band> {
    bands
        .iter()
        .filter(|b| capaian >= b.min)
        .max_by(|a, b| a.min.total_cmp(&b.min))
}

/// Each kecamatan's region, looked up in the gazetteer once per writer, not once per
/// file (a batch's files name a few dozen kecamatan at most).
#[derive(Default)]
pub(crate) struct Regions(std::collections::HashMap<Option<String>, std::sync::Arc<Region>>);

impl Regions {
    fn of(&mut self, schema: &Schema, kecamatan: Option<&str>) -> std::sync::Arc<Region> {
        self.0
            .entry(kecamatan.map(str::to_string))
            .or_insert_with(|| std::sync::Arc::new(Region::of(schema, kecamatan)))
            .clone()
    }
}

/// Every record of every report, sorted: kecamatan (unknown last), file, schema tree
/// order (unmatched rows after matched ones), input row. `regions` holds the regions a
/// writer has already looked up.
pub(crate) fn long_rows<'a>(
    reports: &'a [FileReport],
    schema: &'a Schema,
    regions: &mut Regions,
) -> Vec<LongRow<'a>> {
    let mut keyed: Vec<((usize, usize, u32, usize), LongRow)> = Vec::new();
    for (rank, report) in sorted_reports(reports).into_iter().enumerate() {
        // One region per kecamatan: the gazetteer lookup is not repeated for every row.
        let region = regions.of(schema, report.kecamatan.as_deref());
        for (i, record) in report.records.iter().enumerate() {
            let node = record.node_id().and_then(|id| schema.node(id));
            let band = record
                .capaian_computed
                .filter(|c| c.is_finite())
                .and_then(|c| band_of(&schema.capaian.bands, c));
            let order = record
                .node_id()
                .map(|id| schema.order(id))
                .unwrap_or(usize::MAX);
            keyed.push((
                (rank, order, record.row, i),
                LongRow {
                    report,
                    record,
                    node,
                    band,
                    region: region.clone(),
                },
            ));
        }
    }
    keyed.sort_by_key(|(k, _)| *k);
    keyed.into_iter().map(|(_, r)| r).collect()
}

/// The long table as a typed polars DataFrame: every column (the grades too), text as
/// String, numbers as Float64 (target and realisasi too), `row` UInt32, `tahun` Int32;
/// missing values are null.
pub(crate) fn long_frame(rows: &[LongRow]) -> Result<DataFrame, OutputCause> {
    let mut frame = FrameRows::new();
    frame.push(rows);
    frame.take_front(rows.len())
}

/// Rows of the long table waiting to become a Parquet row group, held column by column
/// as plain vectors: appending a file's rows copies only those rows, where stacking
/// DataFrames and rechunking them copied every waiting row again for each file.
pub(crate) struct FrameRows {
    columns: Vec<Buffer>,
    len: usize,
}

/// One column's values, typed as `long_frame` declares them.
enum Buffer {
    Text(Vec<Option<String>>),
    Number(Vec<Option<f64>>),
    Row(Vec<u32>),
    Year(Vec<i32>),
}

impl FrameRows {
    pub(crate) fn new() -> Self {
        let columns = COLUMNS
            .iter()
            .map(|c| match &c.get {
                Get::Text(_) => Buffer::Text(Vec::new()),
                Get::Number(_) | Get::Percent(_) | Get::Figure(_) => Buffer::Number(Vec::new()),
                Get::Whole(Whole::Row, _) => Buffer::Row(Vec::new()),
                Get::Whole(Whole::Year, _) => Buffer::Year(Vec::new()),
            })
            .collect();
        FrameRows { columns, len: 0 }
    }

    /// Rows waiting.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn push(&mut self, rows: &[LongRow]) {
        for (c, buffer) in COLUMNS.iter().zip(&mut self.columns) {
            match (&c.get, buffer) {
                (Get::Text(f), Buffer::Text(v)) => v.extend(rows.iter().map(f)),
                (Get::Number(f) | Get::Percent(f), Buffer::Number(v)) => {
                    v.extend(rows.iter().map(f))
                }
                (Get::Figure(f), Buffer::Number(v)) => {
                    v.extend(rows.iter().map(|r| f(r).as_number()))
                }
                (Get::Whole(Whole::Row, f), Buffer::Row(v)) => {
                    v.extend(rows.iter().map(|r| u32::try_from(f(r)).unwrap_or(u32::MAX)))
                }
                (Get::Whole(Whole::Year, f), Buffer::Year(v)) => {
                    v.extend(rows.iter().map(|r| i32::try_from(f(r)).unwrap_or(0)))
                }
                // `new` made each buffer from the same declaration.
                _ => {}
            }
        }
        self.len += rows.len();
    }

    /// The first `n` waiting rows (all of them if fewer wait) as a DataFrame; the rest
    /// keep waiting.
    pub(crate) fn take_front(&mut self, n: usize) -> Result<DataFrame, OutputCause> {
        let n = n.min(self.len);
        // The waiting vectors keep their capacity (about one row group), so memory
        // stays the same from the first row group to the last.
        fn front<T>(v: &mut Vec<T>, n: usize) -> Vec<T> {
            v.drain(..n).collect()
        }
        let columns: Vec<Column> = COLUMNS
            .iter()
            .zip(&mut self.columns)
            .map(|(c, buffer)| {
                let name = c.name.into();
                match buffer {
                    Buffer::Text(v) => Column::new(name, front(v, n)),
                    Buffer::Number(v) => Column::new(name, front(v, n)),
                    Buffer::Row(v) => Column::new(name, front(v, n)),
                    Buffer::Year(v) => Column::new(name, front(v, n)),
                }
            })
            .collect();
        self.len -= n;
        Ok(DataFrame::new(n, columns)?)
    }
}

/// The "Data" sheet being filled: the long table with real numbers and grades as text,
/// rows written in order (the sheet is in constant-memory mode).
pub(crate) struct DataSheet {
    widths: Widths,
    last: u32,
    count: usize,
    capaian_format: Format,
}

impl DataSheet {
    pub(crate) fn start(ws: &mut Worksheet, lang: Lang) -> Result<Self, OutputCause> {
        let header = super::discrepancies::header_format();
        let names = sheet_header(lang);
        for (col, name) in names.iter().enumerate() {
            ws.write_string_with_format(0, col as u16, *name, &header)?;
        }
        Ok(DataSheet {
            widths: Widths::new(&names),
            last: 0,
            count: 0,
            capaian_format: Format::new().set_num_format(CAPAIAN_FORMAT),
        })
    }

    pub(crate) fn add(&mut self, ws: &mut Worksheet, row: &LongRow) -> Result<(), OutputCause> {
        let r = u32::try_from(self.count + 1)
            .ok()
            .filter(|r| *r <= 1_048_575)
            .ok_or_else(|| OutputCause::Invalid("more rows than Excel allows".into()))?;
        self.count += 1;
        self.last = r;
        // Rows are written in order: the sheet is in constant-memory mode.
        for (col, c) in shown().enumerate() {
            let col16 = col as u16;
            match &c.get {
                Get::Text(f) => {
                    let s = f(row).unwrap_or_default();
                    ws.write_string(r, col16, clip_cell(&s))?;
                    self.widths.see(col, &s);
                }
                Get::Number(f) => {
                    if let Some(n) = f(row) {
                        ws.write_number(r, col16, n)?;
                    }
                }
                Get::Percent(f) => {
                    if let Some(n) = f(row) {
                        ws.write_number_with_format(r, col16, n, &self.capaian_format)?;
                    }
                }
                Get::Figure(f) => {
                    let v = f(row);
                    match (v.as_number(), grade(v)) {
                        (Some(n), _) => {
                            ws.write_number(r, col16, n)?;
                        }
                        (None, Some(g)) => {
                            ws.write_string(r, col16, clip_cell(g))?;
                        }
                        _ => {}
                    }
                }
                Get::Whole(_, f) => {
                    ws.write_number(r, col16, f(row) as f64)?;
                }
            }
        }
        Ok(())
    }

    pub(crate) fn finish(&self, ws: &mut Worksheet) -> Result<(), OutputCause> {
        ws.set_freeze_panes(1, 0)?;
        let last_col = shown().count().saturating_sub(1);
        ws.autofilter(0, 0, self.last, last_col as u16)?;
        self.widths.apply(ws)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_column_is_declared_once_with_both_headers() {
        let mut names: Vec<&str> = COLUMNS.iter().map(|c| c.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), COLUMNS.len());
        assert_eq!(csv_header().len(), 34);
        assert_eq!(
            csv_header()[..10],
            [
                "file",
                "kecamatan",
                "indicator_id",
                "target",
                "realisasi",
                "capaian_stated",
                "capaian",
                "unit",
                "sheet",
                "cell"
            ]
        );
        for c in shown() {
            assert!(!c.id.is_empty() && !c.en.is_empty(), "{}", c.name);
        }
        assert_eq!(sheet_header(Lang::Id)[0], "Berkas");
        assert_eq!(sheet_header(Lang::En)[2], "Indicator ID");
    }
}
