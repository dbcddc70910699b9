//! The regency outputs: the long table (one row per file and record) as
//! `consolidated.csv` and `consolidated.parquet`, and `consolidated.xlsx` with a summary
//! per kecamatan ("Ringkasan"), a pivot of capaian coloured by achievement band
//! ("Capaian"), the long table ("Data"), every finding ("Temuan") and a bar chart of mean
//! capaian per kecamatan ("Grafik").
//! Rows are sorted deterministically (kecamatan, file, schema tree order, row), so the
//! same reports give the same bytes whatever order or thread count produced them.
//! It never writes input text as a formula and never reads an input file.

use super::atomic::{AtomicFile, Staged};
use super::cleaned::CAPAIAN_FORMAT;
use super::discrepancies::{batch_rows, finding_rows, header_format, FindingsSheet};
use super::long_table::{band_of, long_frame, long_rows, DataSheet, FrameRows, Regions};
use super::sanitize::clip_cell;
use super::{
    new_workbook, sorted_reports, stage_workbook, tr, unknown_kecamatan, OutputCause, OutputError,
};
use crate::figures::{Figures, KecamatanFigures};
use crate::model::Lang;
use crate::report::{BatchReport, FileReport};
use crate::schema::{Band, Node, Schema};
use polars::prelude::{BatchedWriter, ParquetWriter};
use rust_xlsxwriter::{
    Chart, ChartType, ConditionalFormatBlank, ConditionalFormatCell, ConditionalFormatCellRule,
    Format, Workbook, Worksheet,
};
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

/// Fill colour of a band: its own "#RRGGBB", else a default by rank (green, yellow,
/// orange, red for the lowest).
fn band_color(band: &Band, rank: usize) -> u32 {
    band.color
        .as_deref()
        .and_then(|c| u32::from_str_radix(c.trim().trim_start_matches('#'), 16).ok())
        .filter(|c| *c <= 0xFF_FFFF)
        .unwrap_or(match rank {
            0 => 0x63BE7B,
            1 => 0xFFEB84,
            2 => 0xFFB26B,
            _ => 0xF8696B,
        })
}

/// Colour a range by the schema's capaian bands: blanks stay white, then each band from
/// the highest `min` down, first match wins.
fn add_band_colors(
    ws: &mut Worksheet,
    bands: &[Band],
    (first_row, first_col, last_row, last_col): (u32, u16, u32, u16),
) -> Result<(), OutputCause> {
    if last_row < first_row || last_col < first_col || bands.is_empty() {
        return Ok(());
    }
    let blank = ConditionalFormatBlank::new()
        .set_format(Format::new())
        .set_stop_if_true(true);
    ws.add_conditional_format(first_row, first_col, last_row, last_col, &blank)?;
    let mut sorted: Vec<&Band> = bands.iter().collect();
    sorted.sort_by(|a, b| b.min.total_cmp(&a.min));
    for (rank, band) in sorted.iter().enumerate() {
        let format = Format::new().set_background_color(band_color(band, rank));
        let rule = ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::GreaterThanOrEqualTo(band.min))
            .set_format(format)
            .set_stop_if_true(true);
        ws.add_conditional_format(first_row, first_col, last_row, last_col, &rule)?;
    }
    Ok(())
}

/// Rows per Parquet row group (and per polars frame built at a time).
const PARQUET_CHUNK: usize = 20_000;

/// Write `consolidated.csv`, `consolidated.parquet` and `consolidated.xlsx` into
/// `out_dir`. `batch` is the batch's report as `BatchReport::of(reports, …)` makes it:
/// its figures fill the summary, pivot and quarter sheets.
pub fn write_consolidated(
    reports: &[FileReport],
    batch: &BatchReport,
    schema: &Schema,
    out_dir: &Path,
    lang: Lang,
) -> Result<(), OutputError> {
    let mut writer = ConsolidatedWriter::new(out_dir, schema, lang)?;
    for report in sorted_reports(reports) {
        writer.add(report)?;
    }
    writer.finish(batch)
}

/// Sheet indices of `consolidated.xlsx`.
const SHEET_SUMMARY: usize = 0;
const SHEET_PIVOT: usize = 1;
const SHEET_DATA: usize = 2;
const SHEET_FINDINGS: usize = 3;
const SHEET_CHART: usize = 4;

/// `consolidated.{csv,parquet,xlsx}` written one report at a time: reports must come in
/// `sorted_reports` order. Nothing appears under the final names before `finish`. The
/// two halves (`ConsolidatedTables`, `ConsolidatedWorkbook`) are sinks of their own, so
/// a batch can write them on two threads (`split`).
pub struct ConsolidatedWriter<'s> {
    tables: ConsolidatedTables<'s>,
    workbook: ConsolidatedWorkbook<'s>,
}

impl<'s> ConsolidatedWriter<'s> {
    pub fn new(out_dir: &Path, schema: &'s Schema, lang: Lang) -> Result<Self, OutputError> {
        Self::with_chunk(out_dir, schema, lang, PARQUET_CHUNK)
    }

    /// As `new`, with `chunk` rows per Parquet row group.
    pub(crate) fn with_chunk(
        out_dir: &Path,
        schema: &'s Schema,
        lang: Lang,
        chunk: usize,
    ) -> Result<Self, OutputError> {
        Ok(ConsolidatedWriter {
            tables: ConsolidatedTables::with_chunk(out_dir, schema, chunk)?,
            workbook: ConsolidatedWorkbook::new(out_dir, schema, lang)?,
        })
    }

    /// The two halves, to be fed the same reports separately.
    pub fn split(self) -> (ConsolidatedTables<'s>, ConsolidatedWorkbook<'s>) {
        (self.tables, self.workbook)
    }

    /// Add one report's rows and findings (reports in `sorted_reports` order).
    pub fn add(&mut self, report: &FileReport) -> Result<(), OutputError> {
        self.tables.add(report)?;
        self.workbook.add(report)
    }

    /// Complete the three files and rename them into place; the workbook's summary,
    /// pivot, chart and quarter sheets render `batch.figures`, which must be those of
    /// the reports added (`ConsolidatedWorkbook::finish`).
    pub fn finish(self, batch: &BatchReport) -> Result<(), OutputError> {
        self.stage(batch)?.commit()
    }

    /// `finish` without the renaming: the three files complete under temporary names.
    pub fn stage(self, batch: &BatchReport) -> Result<Staged, OutputError> {
        let mut staged = self.tables.stage()?;
        staged.extend(self.workbook.stage(batch)?);
        Ok(staged)
    }
}

/// `consolidated.csv` and `consolidated.parquet`: the long table, CSV rows and Parquet
/// row groups written as reports come; at most one row group waits in memory.
pub struct ConsolidatedTables<'s> {
    schema: &'s Schema,
    csv_file: AtomicFile,
    csv: csv::Writer<BufWriter<File>>,
    parquet_file: AtomicFile,
    parquet: BatchedWriter<BufWriter<File>>,
    /// Rows not yet written as a row group.
    pending: FrameRows,
    /// Rows per row group.
    chunk: usize,
    regions: Regions,
}

impl<'s> ConsolidatedTables<'s> {
    fn with_chunk(out_dir: &Path, schema: &'s Schema, chunk: usize) -> Result<Self, OutputError> {
        let csv_file = AtomicFile::create(&out_dir.join("consolidated.csv"))?;
        let mut csv = csv::Writer::from_writer(csv_file.writer()?);
        csv.write_record(super::long_table::csv_header())
            .map_err(|e| OutputError::new(csv_file.path(), e.into()))?;

        // A frame is a full copy of the rows it holds: write the table in row groups of
        // `chunk` rows so that at national scale only one group is in memory at once.
        let parquet_file = AtomicFile::create(&out_dir.join("consolidated.parquet"))?;
        let parquet_err = |e: OutputCause| OutputError::new(parquet_file.path(), e);
        let empty = long_frame(&[]).map_err(parquet_err)?;
        let parquet = ParquetWriter::new(parquet_file.writer()?)
            .batched(empty.schema())
            .map_err(|e| parquet_err(e.into()))?;
        Ok(ConsolidatedTables {
            schema,
            csv_file,
            csv,
            parquet_file,
            parquet,
            pending: FrameRows::new(),
            chunk: chunk.max(1),
            regions: Regions::default(),
        })
    }

    /// Add one report's rows (reports in `sorted_reports` order).
    pub fn add(&mut self, report: &FileReport) -> Result<(), OutputError> {
        let rows = long_rows(std::slice::from_ref(report), self.schema, &mut self.regions);
        for row in &rows {
            self.csv
                .write_record(row.csv_fields())
                .map_err(|e| OutputError::new(self.csv_file.path(), e.into()))?;
        }
        self.pending.push(&rows);
        self.write_row_groups()
            .map_err(|e| OutputError::new(self.parquet_file.path(), e))
    }

    /// Write every full row group of the waiting rows.
    fn write_row_groups(&mut self) -> Result<(), OutputCause> {
        while self.pending.len() >= self.chunk {
            let head = self.pending.take_front(self.chunk)?;
            self.parquet.write_batch(&head)?;
        }
        Ok(())
    }

    /// Complete both files and rename them into place.
    pub fn finish(self) -> Result<(), OutputError> {
        self.stage()?.commit()
    }

    /// `finish` without the renaming: both files complete under temporary names.
    pub fn stage(self) -> Result<Staged, OutputError> {
        let ConsolidatedTables {
            csv_file,
            csv,
            parquet_file,
            mut parquet,
            pending,
            ..
        } = self;
        let mut staged = Staged::csv(csv, csv_file)?;

        let mut end = |mut pending: FrameRows| -> Result<(), OutputCause> {
            if pending.len() > 0 {
                parquet.write_batch(&pending.take_front(pending.len())?)?;
            }
            parquet.finish()?;
            Ok(())
        };
        end(pending).map_err(|e| OutputError::new(parquet_file.path(), e))?;
        staged.push(parquet_file);
        Ok(staged)
    }
}

/// `consolidated.xlsx`: the two long sheets ("Data", "Temuan") go to disk as reports come
/// (constant-memory mode); the summary, pivot, chart and quarter sheets are filled at
/// `finish` from the batch's figures (`BatchReport::figures`).
pub struct ConsolidatedWorkbook<'s> {
    schema: &'s Schema,
    lang: Lang,
    xlsx_path: PathBuf,
    workbook: Workbook,
    data: DataSheet,
    findings: FindingsSheet,
    regions: Regions,
    /// Reports added, to check the batch's figures are theirs.
    files: usize,
}

impl<'s> ConsolidatedWorkbook<'s> {
    fn new(out_dir: &Path, schema: &'s Schema, lang: Lang) -> Result<Self, OutputError> {
        let xlsx_path = out_dir.join("consolidated.xlsx");
        let build = || -> Result<(Workbook, DataSheet, FindingsSheet), OutputCause> {
            let mut workbook = new_workbook()?;
            workbook.add_worksheet().set_name("Ringkasan")?;
            workbook.add_worksheet().set_name("Capaian")?;
            // The two long sheets are streamed to disk row by row: at national scale
            // they hold millions of cells, which would otherwise sit in memory.
            let ws = workbook.add_worksheet_with_constant_memory()?;
            ws.set_name("Data")?;
            let data = DataSheet::start(ws, lang)?;
            let ws = workbook.add_worksheet_with_constant_memory()?;
            ws.set_name("Temuan")?;
            let findings = FindingsSheet::start(ws, lang)?;
            workbook.add_worksheet().set_name("Grafik")?;
            Ok((workbook, data, findings))
        };
        let (workbook, data, findings) = build().map_err(|e| OutputError::new(&xlsx_path, e))?;
        Ok(ConsolidatedWorkbook {
            schema,
            lang,
            xlsx_path,
            workbook,
            data,
            findings,
            regions: Regions::default(),
            files: 0,
        })
    }

    /// Add one report's rows and findings (reports in `sorted_reports` order).
    pub fn add(&mut self, report: &FileReport) -> Result<(), OutputError> {
        let one = std::slice::from_ref(report);
        let rows = long_rows(one, self.schema, &mut self.regions);
        let xlsx_err = |e: OutputCause| OutputError::new(&self.xlsx_path, e);
        let ws = self
            .workbook
            .worksheet_from_index(SHEET_DATA)
            .map_err(|e| xlsx_err(e.into()))?;
        for row in &rows {
            self.data.add(ws, row).map_err(xlsx_err)?;
        }
        let ws = self
            .workbook
            .worksheet_from_index(SHEET_FINDINGS)
            .map_err(|e| xlsx_err(e.into()))?;
        for row in &finding_rows(one) {
            self.findings.add(ws, row, self.lang).map_err(xlsx_err)?;
        }
        self.files += 1;
        Ok(())
    }

    /// Add the batch-level findings to the "Temuan" sheet after every file's (a
    /// kecamatan that sent nothing already shows "0 files" in its row), fill the
    /// aggregate sheets and save the workbook into place.
    ///
    /// Errors: `batch.figures` that do not count the reports added (a `BatchReport` not
    /// made by the batch or `BatchReport::of` from these reports) are refused, rather
    /// than a workbook whose summary and pivot disagree with its Data sheet.
    pub fn finish(self, batch: &BatchReport) -> Result<(), OutputError> {
        self.stage(batch)?.commit()
    }

    /// `finish` without the renaming: the workbook complete under a temporary name.
    pub fn stage(mut self, batch: &BatchReport) -> Result<Staged, OutputError> {
        let xlsx_err = |e: OutputCause| OutputError::new(&self.xlsx_path, e);
        if batch.figures.files() != self.files {
            return Err(xlsx_err(OutputCause::Invalid(format!(
                "the batch report's figures count {} files, {} were written",
                batch.figures.files(),
                self.files
            ))));
        }
        let ws = self
            .workbook
            .worksheet_from_index(SHEET_FINDINGS)
            .map_err(|e| xlsx_err(e.into()))?;
        for row in &batch_rows(batch) {
            self.findings.add(ws, row, self.lang).map_err(xlsx_err)?;
        }
        let ConsolidatedWorkbook {
            schema,
            lang,
            xlsx_path,
            mut workbook,
            data,
            findings,
            ..
        } = self;
        let figures = &batch.figures;
        let build = |workbook: &mut Workbook| -> Result<(), OutputCause> {
            let summary_rows = write_summary(
                workbook.worksheet_from_index(SHEET_SUMMARY)?,
                figures,
                schema,
                lang,
            )?;
            write_pivot(
                workbook.worksheet_from_index(SHEET_PIVOT)?,
                figures,
                schema,
                lang,
            )?;
            data.finish(workbook.worksheet_from_index(SHEET_DATA)?)?;
            findings.finish(workbook.worksheet_from_index(SHEET_FINDINGS)?)?;
            if summary_rows > 0 {
                write_chart(
                    workbook.worksheet_from_index(SHEET_CHART)?,
                    summary_rows,
                    figures.latest_periode.as_deref(),
                    schema.regency.tahun,
                    lang,
                )?;
            }
            // A sheet per quarter that any upload reports (after the chart, so the
            // sheets before keep their places).
            for (q, name) in QUARTER_SHEETS.iter().enumerate() {
                let reported = figures.kecamatan.iter().any(|g| {
                    g.by_node
                        .values()
                        .any(|v| v.quarters.get(q).is_some_and(Option::is_some))
                });
                if reported {
                    let ws = workbook.add_worksheet();
                    ws.set_name(*name)?;
                    write_quarter(ws, figures, schema, q, lang)?;
                }
            }
            Ok(())
        };
        build(&mut workbook).map_err(|e| OutputError::new(&xlsx_path, e))?;
        let mut staged = Staged::default();
        staged.push(stage_workbook(&mut workbook, &xlsx_path)?);
        Ok(staged)
    }
}

/// The header row of a nodes × kecamatan sheet (the pivot, the quarter sheets): ID,
/// indicator, unit, one column per kecamatan with data, the regency. Returns the first
/// kecamatan column and the regency column.
fn node_by_kecamatan_header(
    ws: &mut Worksheet,
    with_data: &[&KecamatanFigures],
    schema: &Schema,
    lang: Lang,
) -> Result<(u16, u16), OutputCause> {
    let header = header_format();
    let fixed = [
        tr(lang, "ID indikator", "Indicator ID"),
        tr(lang, "Indikator", "Indicator"),
        tr(lang, "Satuan", "Unit"),
    ];
    for (col, name) in fixed.iter().enumerate() {
        ws.write_string_with_format(0, col as u16, *name, &header)?;
    }
    let first = fixed.len() as u16;
    for (j, g) in with_data.iter().enumerate() {
        let name = g.kecamatan.as_deref().unwrap_or(unknown_kecamatan(lang));
        ws.write_string_with_format(0, first + j as u16, clip_cell(name), &header)?;
    }
    let regency_col = first + with_data.len() as u16;
    // The schema's name usually says "Kabupaten"/"Kota" already ("Kabupaten Gowa"): the
    // column is headed by it alone, never "Kabupaten Kabupaten Gowa".
    let name = schema.regency.name.trim();
    let lower = name.to_lowercase();
    let regency = if lower.starts_with("kabupaten") || lower.starts_with("kota") {
        name.to_string()
    } else {
        format!("{} {name}", tr(lang, "Kabupaten", "Regency"))
    };
    ws.write_string_with_format(0, regency_col, clip_cell(&regency), &header)?;
    Ok((first, regency_col))
}

/// The fixed cells of a node's row in a nodes × kecamatan sheet, under the header's
/// first three columns: ID, indicator, unit.
fn node_cells(ws: &mut Worksheet, r: u32, node: &Node) -> Result<(), OutputCause> {
    ws.write_string(r, 0, clip_cell(&node.id))?;
    ws.write_string(r, 1, clip_cell(&node.indicator))?;
    ws.write_string(r, 2, clip_cell(&node.unit))?;
    Ok(())
}

/// Names of the per-quarter sheets.
const QUARTER_SHEETS: [&str; 4] = ["TW I", "TW II", "TW III", "TW IV"];

/// A quarter's sheet: indicators × kecamatan holding that triwulan's realisasi as the
/// upload has it, and the regency's figure by the node's aggregation (the sum of a
/// count, the mean of a percentage or an index).
fn write_quarter(
    ws: &mut Worksheet,
    figures: &Figures,
    schema: &Schema,
    q: usize,
    lang: Lang,
) -> Result<(), OutputCause> {
    let with_data: Vec<&KecamatanFigures> = figures.with_data().collect();
    let (first, regency_col) = node_by_kecamatan_header(ws, &with_data, schema, lang)?;
    let mut r = 0u32;
    for node in &schema.nodes {
        r += 1;
        node_cells(ws, r, node)?;
        for (j, g) in with_data.iter().enumerate() {
            let v = g
                .by_node
                .get(node.id.as_str())
                .and_then(|v| v.quarters.get(q).copied().flatten());
            if let Some(v) = v {
                ws.write_number(r, first + j as u16, v)?;
            }
        }
        let regency = figures.regency(&node.id);
        if let Some(v) = regency.and_then(|f| f.quarters.get(q).copied().flatten()) {
            ws.write_number(r, regency_col, v)?;
        }
    }
    ws.set_freeze_panes(1, first)?;
    Ok(())
}

/// The "Grafik" sheet: a bar chart of the summary's mean capaian, each kecamatan's from
/// its upload's to-date figures; the title names the latest period reported and the year.
fn write_chart(
    ws: &mut Worksheet,
    summary_rows: u32,
    latest: Option<&str>,
    tahun: i32,
    lang: Lang,
) -> Result<(), OutputCause> {
    let mut chart = Chart::new(ChartType::Column);
    chart
        .add_series()
        .set_name(tr(lang, "Rata-rata capaian (%)", "Mean capaian (%)"))
        .set_categories(("Ringkasan", 1, 0, summary_rows, 0))
        .set_values((
            "Ringkasan",
            1,
            SUMMARY_MEAN_COL,
            summary_rows,
            SUMMARY_MEAN_COL,
        ));
    let when = match latest {
        Some(p) => format!(
            "{} {tahun}",
            crate::normalize::periode_label(p, lang == Lang::En)
        ),
        None => tahun.to_string(),
    };
    chart.title().set_name(&format!(
        "{}, {when}",
        tr(
            lang,
            "Rata-rata capaian per kecamatan",
            "Mean capaian per kecamatan"
        )
    ));
    chart.x_axis().set_name("Kecamatan");
    chart
        .y_axis()
        .set_name(tr(lang, "Capaian (%)", "Capaian (%)"));
    chart.legend().set_hidden();
    chart.set_width(960).set_height(480);
    ws.insert_chart(1, 1, &chart)?;
    Ok(())
}

/// Column of the mean capaian in "Ringkasan" (the chart reads it).
const SUMMARY_MEAN_COL: u16 = 9;

/// The "Ringkasan" sheet; returns the number of kecamatan rows.
fn write_summary(
    ws: &mut Worksheet,
    figures: &Figures,
    schema: &Schema,
    lang: Lang,
) -> Result<u32, OutputCause> {
    let header = header_format();
    let columns = [
        "Kecamatan",
        tr(lang, "Berkas", "Files"),
        tr(lang, "Jumlah berkas", "File count"),
        tr(lang, "Baris dibaca", "Rows read"),
        tr(lang, "Indikator cocok", "Indicators matched"),
        tr(lang, "Indikator hilang", "Indicators missing"),
        tr(lang, "Galat", "Errors"),
        tr(lang, "Peringatan", "Warnings"),
        "Info",
        tr(lang, "Rata-rata capaian (%)", "Mean capaian (%)"),
        tr(lang, "Predikat", "Band"),
    ];
    for (col, name) in columns.iter().enumerate() {
        ws.write_string_with_format(0, col as u16, *name, &header)?;
    }
    let capaian_format = Format::new().set_num_format(CAPAIAN_FORMAT);
    let mut r = 0u32;
    for g in &figures.kecamatan {
        r += 1;
        let name = g.kecamatan.as_deref().unwrap_or(unknown_kecamatan(lang));
        ws.write_string(r, 0, clip_cell(name))?;
        ws.write_string(r, 1, clip_cell(&g.files.join(", ")))?;
        let counts = [
            g.files.len(),
            g.rows_read,
            g.by_node.len(),
            g.missing(schema),
            g.errors,
            g.warnings,
            g.infos,
        ];
        for (j, n) in counts.iter().enumerate() {
            ws.write_number(r, j as u16 + 2, *n as f64)?;
        }
        if let Some(mean) = g.mean_capaian(schema) {
            ws.write_number_with_format(r, SUMMARY_MEAN_COL, mean, &capaian_format)?;
            if let Some(band) = band_of(&schema.capaian.bands, mean) {
                ws.write_string(r, SUMMARY_MEAN_COL + 1, band.label.as_str())?;
            }
        }
    }
    add_band_colors(
        ws,
        &schema.capaian.bands,
        (1, SUMMARY_MEAN_COL, r, SUMMARY_MEAN_COL),
    )?;
    ws.set_freeze_panes(1, 1)?;
    ws.autofilter(0, 0, r, (columns.len() - 1) as u16)?;
    ws.set_autofit_max_width(400);
    ws.autofit();
    Ok(r)
}

/// The "Capaian" pivot: schema nodes in tree order × kecamatan whose files had rows,
/// then the regency column.
fn write_pivot(
    ws: &mut Worksheet,
    figures: &Figures,
    schema: &Schema,
    lang: Lang,
) -> Result<(), OutputCause> {
    let with_data: Vec<&KecamatanFigures> = figures.with_data().collect();
    let (first_kec_col, regency_col) = node_by_kecamatan_header(ws, &with_data, schema, lang)?;

    let capaian_format = Format::new().set_num_format(CAPAIAN_FORMAT);
    let mut r = 0u32;
    for node in &schema.nodes {
        r += 1;
        node_cells(ws, r, node)?;
        for (j, g) in with_data.iter().enumerate() {
            if let Some(c) = g.capaian(&node.id) {
                ws.write_number_with_format(r, first_kec_col + j as u16, c, &capaian_format)?;
            }
        }
        if let Some(c) = figures.regency(&node.id).and_then(|f| f.capaian) {
            ws.write_number_with_format(r, regency_col, c, &capaian_format)?;
        }
    }
    add_band_colors(
        ws,
        &schema.capaian.bands,
        (1, first_kec_col, r, regency_col),
    )?;
    ws.set_freeze_panes(1, first_kec_col)?;
    ws.autofilter(0, 0, r, regency_col)?;
    ws.set_autofit_max_width(400);
    ws.autofit();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::csv_number;
    use super::super::long_table::csv_header;
    use super::*;
    use crate::output::fixtures::*;
    use calamine::{Data, Reader, Xlsx};
    use polars::prelude::{DataType, ParquetReader, SerReader};

    fn strs(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    /// A fresh folder holding the consolidated outputs (csv, parquet, xlsx) of these
    /// reports against the fixtures' schema, with their batch report (no batch-level
    /// findings).
    fn consolidated(reports: &[FileReport], lang: Lang) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        write_consolidated(
            reports,
            &BatchReport::of(reports, Vec::new(), &schema()),
            &schema(),
            dir.path(),
            lang,
        )
        .unwrap();
        dir
    }

    #[test]
    fn capaian_formulas_and_bands() {
        let schema = schema();
        let ikm = schema.node("ikm").unwrap();
        assert_eq!(crate::measure::capaian(ikm, 80.0, 76.0), Some(95.0));
        assert_eq!(crate::measure::capaian(ikm, 0.0, 76.0), None);
        let mut aduan = schema.node("aduan").unwrap().clone();
        assert_eq!(crate::measure::capaian(&aduan, 10.0, 5.0), Some(150.0));
        aduan.cap = Some(120.0);
        assert_eq!(crate::measure::capaian(&aduan, 10.0, 5.0), Some(120.0));
        aduan.formula = Some(crate::schema::NegativeFormula::TargetOverRealisasi);
        aduan.cap = None;
        assert_eq!(crate::measure::capaian(&aduan, 10.0, 8.0), Some(125.0));
        assert_eq!(crate::measure::capaian(&aduan, 10.0, 0.0), None);
        aduan.formula = None;
        assert_eq!(crate::measure::capaian(&aduan, 10.0, 8.0), None);

        let bands = &schema.capaian.bands;
        assert_eq!(band_of(bands, 91.0).unwrap().label, "Sangat Baik");
        assert_eq!(band_of(bands, 90.99).unwrap().label, "Baik");
        assert_eq!(band_of(bands, 0.0).unwrap().label, "Kurang");
        assert!(band_of(bands, -1.0).is_none());
        assert_eq!(band_color(&bands[0], 0), 0x63BE7B);
        assert_eq!(band_color(&bands[2], 2), 0xFFB26B);
    }

    #[test]
    fn consolidated_csv_exact() {
        let dir = consolidated(&sample_reports(), Lang::Id);
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_path(dir.path().join("consolidated.csv"))
            .unwrap();
        let rows: Vec<Vec<String>> = rdr
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
        let ikm = csv_number(Some(IKM_BAJENG));
        let p = "../Data:1";
        assert_eq!(
            rows.iter()
                .map(|r| r[..26.min(r.len())].to_vec())
                .collect::<Vec<_>>(),
            vec![
                strs(&csv_header()[..26]),
                strs(&[
                    "bajeng.xlsx",
                    "Bajeng",
                    "ikm",
                    "85",
                    "82.71",
                    "97.31",
                    &ikm,
                    "indeks",
                    "Realisasi",
                    "F12",
                    "Indeks Kepuasan Masyarakat",
                    "Meningkatnya kualitas pelayanan",
                    "sasaran",
                    "exact",
                    "1",
                    "Sangat Baik",
                    "85",
                    "82, 71",
                    "97,31",
                    "",
                    "E12",
                    "G12",
                    "12",
                    "Kabupaten Gowa",
                    "73.06.02",
                    "2023",
                ]),
                strs(&[
                    "bajeng.xlsx",
                    "Bajeng",
                    "sop",
                    "12",
                    "",
                    "",
                    "",
                    "SOP",
                    "Realisasi",
                    "F13",
                    "Jumlah SOP yang disusun",
                    "Meningkatnya kualitas pelayanan",
                    "program",
                    "fuzzy",
                    "0.87",
                    "",
                    "12 SOP",
                    "-",
                    "",
                    "belum dilaporkan",
                    "E13",
                    "G13",
                    "13",
                    "Kabupaten Gowa",
                    "73.06.02",
                    "2023",
                ]),
                strs(&[
                    "bajeng.xlsx",
                    "Bajeng",
                    "sakip",
                    "BB",
                    "BB",
                    "",
                    "",
                    "predikat",
                    "Realisasi",
                    "F14",
                    "Nilai SAKIP",
                    "Meningkatnya akuntabilitas",
                    "sasaran",
                    "alias",
                    "0.95",
                    "",
                    "BB",
                    "BB",
                    "",
                    "",
                    "E14",
                    "G14",
                    "14",
                    "Kabupaten Gowa",
                    "73.06.02",
                    "2023",
                ]),
                strs(&[
                    "pallangga.xlsx",
                    "Pallangga",
                    "ikm",
                    "80",
                    "76",
                    "95",
                    "95",
                    "indeks",
                    p,
                    "F7",
                    "Indeks Kepuasan Masyarakat",
                    "Meningkatnya kualitas pelayanan",
                    "sasaran",
                    "exact",
                    "1",
                    "Sangat Baik",
                    "80",
                    "76",
                    "95",
                    "",
                    "E7",
                    "G7",
                    "7",
                    "Kabupaten Gowa",
                    "73.06.07",
                    "2023",
                ]),
                strs(&[
                    "pallangga.xlsx",
                    "Pallangga",
                    "sop",
                    "10",
                    "8",
                    "80",
                    "80",
                    "SOP",
                    p,
                    "F8",
                    "Jumlah SOP",
                    "Program penataan pelayanan",
                    "program",
                    "exact",
                    "1",
                    "Baik",
                    "10",
                    "8",
                    "80%",
                    "",
                    "E8",
                    "G8",
                    "8",
                    "Kabupaten Gowa",
                    "73.06.07",
                    "2023",
                ]),
                strs(&[
                    "pallangga.xlsx",
                    "Pallangga",
                    "",
                    "80",
                    "84.5",
                    "105.63",
                    "",
                    "indeks",
                    p,
                    "F6",
                    "'=HYPERLINK(\"http://x\")",
                    "Meningkatnya kualitas pelayanan",
                    "",
                    "",
                    "",
                    "",
                    "80",
                    "84,5",
                    "105,63",
                    "'+cmd|' /C calc'!A0",
                    "E6",
                    "G6",
                    "6",
                    "Kabupaten Gowa",
                    "73.06.07",
                    "2023",
                ]),
            ]
        );
        // The annual fixtures have no periode, quarters or budget: those columns are empty.
        assert!(rows
            .iter()
            .skip(1)
            .all(|r| r.len() == csv_header().len() && r[26..].iter().all(String::is_empty)));
    }

    #[test]
    fn consolidated_parquet_reads_back() {
        let dir = consolidated(&sample_reports(), Lang::Id);
        let file = std::fs::File::open(dir.path().join("consolidated.parquet")).unwrap();
        let df = ParquetReader::new(file).finish().unwrap();
        let names: Vec<String> = df
            .get_column_names()
            .iter()
            .map(|n| n.to_string())
            .collect();
        let mut expected: Vec<String> = strs(&csv_header());
        expected.truncate(23);
        expected.extend(strs(&["target_grade", "realisasi_grade"]));
        expected.extend(strs(&["kabupaten", "kode_kecamatan", "tahun"]));
        expected.extend(strs(&csv_header()[26..]));
        assert_eq!(names, expected);
        assert_eq!(df.height(), 6);
        let dtype = |c: &str| df.column(c).unwrap().dtype().clone();
        assert_eq!(dtype("target"), DataType::Float64);
        assert_eq!(dtype("capaian"), DataType::Float64);
        assert_eq!(dtype("confidence"), DataType::Float64);
        assert_eq!(dtype("row"), DataType::UInt32);
        assert_eq!(dtype("file"), DataType::String);
        assert_eq!(dtype("target_grade"), DataType::String);

        let f64s = |c: &str| -> Vec<Option<f64>> {
            let ca = df.column(c).unwrap().f64().unwrap();
            (0..ca.len()).map(|i| ca.get(i)).collect()
        };
        let texts = |c: &str| -> Vec<Option<String>> {
            let ca = df.column(c).unwrap().str().unwrap();
            (0..ca.len())
                .map(|i| ca.get(i).map(str::to_string))
                .collect()
        };
        assert_eq!(
            f64s("target"),
            vec![
                Some(85.0),
                Some(12.0),
                None,
                Some(80.0),
                Some(10.0),
                Some(80.0)
            ]
        );
        assert_eq!(
            f64s("realisasi"),
            vec![Some(82.71), None, None, Some(76.0), Some(8.0), Some(84.5)]
        );
        assert_eq!(
            f64s("capaian"),
            vec![Some(IKM_BAJENG), None, None, Some(95.0), Some(80.0), None]
        );
        let some = |s: &str| Some(s.to_string());
        assert_eq!(
            texts("target_grade"),
            vec![None, None, some("BB"), None, None, None]
        );
        assert_eq!(
            texts("indicator_id"),
            vec![
                some("ikm"),
                some("sop"),
                some("sakip"),
                some("ikm"),
                some("sop"),
                None
            ]
        );
        // Parquet keeps input text exactly; it is not neutralized.
        assert_eq!(texts("indicator")[5], some(INJECTED_INDICATOR));
        assert_eq!(texts("keterangan")[5], some(INJECTED_KETERANGAN));
        assert_eq!(texts("cell")[0], some("F12"));
        let ca = df.column("row").unwrap().u32().unwrap();
        let rows: Vec<Option<u32>> = (0..ca.len()).map(|i| ca.get(i)).collect();
        assert_eq!(
            rows,
            vec![Some(12), Some(13), Some(14), Some(7), Some(8), Some(6)]
        );
    }

    #[test]
    fn consolidated_xlsx_reads_back() {
        let dir = consolidated(&sample_reports(), Lang::Id);
        let path = dir.path().join("consolidated.xlsx");
        let mut wb: Xlsx<_> = calamine::open_workbook(&path).unwrap();
        assert_eq!(
            wb.sheet_names(),
            vec!["Ringkasan", "Capaian", "Data", "Temuan", "Grafik"]
        );
        let s = |t: &str| Data::String(t.to_string());
        let f = Data::Float;
        let e = Data::Empty;
        let grid = |range: &calamine::Range<Data>, rows: u32, cols: u32| -> Vec<Vec<Data>> {
            (0..rows)
                .map(|r| {
                    (0..cols)
                        .map(|c| range.get_value((r, c)).cloned().unwrap_or(Data::Empty))
                        .collect()
                })
                .collect()
        };

        let ringkasan = wb.worksheet_range("Ringkasan").unwrap();
        assert_eq!(
            grid(&ringkasan, 5, 11),
            vec![
                vec![
                    s("Kecamatan"),
                    s("Berkas"),
                    s("Jumlah berkas"),
                    s("Baris dibaca"),
                    s("Indikator cocok"),
                    s("Indikator hilang"),
                    s("Galat"),
                    s("Peringatan"),
                    s("Info"),
                    s("Rata-rata capaian (%)"),
                    s("Predikat"),
                ],
                vec![
                    s("Bajeng"),
                    s("bajeng.xlsx"),
                    f(1.0),
                    f(3.0),
                    f(3.0),
                    f(0.0),
                    f(0.0),
                    f(1.0),
                    f(1.0),
                    f(IKM_BAJENG),
                    s("Sangat Baik"),
                ],
                vec![
                    s("Pallangga"),
                    s("pallangga.xlsx"),
                    f(1.0),
                    f(3.0),
                    f(2.0),
                    f(1.0),
                    f(1.0),
                    f(1.0),
                    f(1.0),
                    f(87.5),
                    s("Baik"),
                ],
                vec![
                    s("Somba Opu"),
                    e.clone(),
                    f(0.0),
                    f(0.0),
                    f(0.0),
                    f(3.0),
                    f(0.0),
                    f(0.0),
                    f(0.0),
                    e.clone(),
                    e.clone(),
                ],
                vec![
                    s("(tidak dikenal)"),
                    s("rusak.xls"),
                    f(1.0),
                    f(0.0),
                    f(0.0),
                    f(3.0),
                    f(1.0),
                    f(0.0),
                    f(0.0),
                    e.clone(),
                    e.clone(),
                ],
            ]
        );

        let capaian = wb.worksheet_range("Capaian").unwrap();
        assert_eq!(
            grid(&capaian, 5, 6),
            vec![
                vec![
                    s("ID indikator"),
                    s("Indikator"),
                    s("Satuan"),
                    s("Bajeng"),
                    s("Pallangga"),
                    s("Kabupaten Gowa"),
                ],
                vec![
                    s("ikm"),
                    s("Indeks Kepuasan Masyarakat"),
                    s("indeks"),
                    f(IKM_BAJENG),
                    f(95.0),
                    f((IKM_BAJENG + 95.0) / 2.0),
                ],
                // Count node: the regency value is Σr/Σt over kecamatan with both numbers.
                vec![
                    s("sop"),
                    s("Jumlah SOP"),
                    s("SOP"),
                    e.clone(),
                    f(80.0),
                    f(80.0)
                ],
                vec![
                    s("sakip"),
                    s("Nilai SAKIP"),
                    s("predikat"),
                    e.clone(),
                    e.clone(),
                    e.clone()
                ],
                vec![
                    s("aduan"),
                    s("Jumlah pengaduan yang belum ditindaklanjuti"),
                    s("aduan"),
                    e.clone(),
                    e.clone(),
                    e.clone(),
                ],
            ]
        );

        let data = wb.worksheet_range("Data").unwrap();
        assert_eq!(data.height(), 7);
        // Headed in the --lang language (Indonesian here), not with the CSV names.
        assert_eq!(data.get_value((0, 9)), Some(&s("Sel")));
        assert_eq!(data.get_value((0, 0)), Some(&s("Berkas")));
        assert_eq!(data.get_value((1, 3)), Some(&f(85.0)));
        assert_eq!(data.get_value((3, 3)), Some(&s("BB")));
        assert_eq!(data.get_value((6, 10)), Some(&s(INJECTED_INDICATOR)));
        assert_eq!(data.get_value((6, 19)), Some(&s(INJECTED_KETERANGAN)));
        assert_eq!(data.get_value((6, 22)), Some(&f(6.0)));

        let temuan = wb.worksheet_range("Temuan").unwrap();
        assert_eq!(temuan.height(), 7);
        assert_eq!(temuan.get_value((4, 8)), Some(&s(INJECTED_INDICATOR)));

        // No formulas but the findings' links (HYPERLINK, in Temuan's last column).
        for sheet in ["Ringkasan", "Capaian", "Data", "Temuan"] {
            let formulas = wb.worksheet_formula(sheet).unwrap();
            let (_, c0) = formulas.start().unwrap_or((0, 0));
            assert!(
                formulas.used_cells().all(|(_, c, f)| f.is_empty()
                    || (sheet == "Temuan"
                        && c0 as usize + c == 10
                        && f.starts_with("HYPERLINK(\"cleaned/"))),
                "formula in {sheet}"
            );
        }

        // Band colours on the pivot, the chart on Grafik reading Ringkasan.
        let pivot_xml = read_zip_entry(&path, "xl/worksheets/sheet2.xml");
        assert!(pivot_xml.contains("<conditionalFormatting sqref=\"D2:F5\">"));
        assert!(pivot_xml.contains("<formula>91</formula>"));
        // The streamed Data sheet still gets column widths.
        let data_xml = read_zip_entry(&path, "xl/worksheets/sheet3.xml");
        // "pallangga.xlsx" is the longest file name: 14 characters + 1.
        assert!(data_xml.contains("<col min=\"1\" max=\"1\" width=\"15.7109375\""));
        let chart = read_zip_entry(&path, "xl/charts/chart1.xml");
        assert!(chart.contains("Ringkasan!$J$2:$J$5"));
        assert!(
            chart.contains("Rata-rata capaian per kecamatan, 2023"),
            "{chart}"
        );
        assert!(chart.contains("Ringkasan!$A$2:$A$5"));
    }

    /// The streaming writer cuts row groups across reports exactly where the one-shot
    /// table cut them: same bytes as framing every `chunk` rows of the whole table.
    #[test]
    fn streamed_parquet_row_groups_equal_the_whole_table_cut() {
        let schema = schema();
        let reports = sample_reports();
        for chunk in [1, 2, 3, 5, 1000] {
            let dir = tempfile::tempdir().unwrap();
            let mut w =
                ConsolidatedWriter::with_chunk(dir.path(), &schema, Lang::Id, chunk).unwrap();
            for r in sorted_reports(&reports) {
                w.add(r).unwrap();
            }
            w.finish(&BatchReport::of(&reports, Vec::new(), &schema))
                .unwrap();
            let streamed = std::fs::read(dir.path().join("consolidated.parquet")).unwrap();

            let rows = long_rows(&reports, &schema, &mut Regions::default());
            assert!(rows.len() > 3);
            let mut whole = Vec::new();
            let mut chunks = rows.chunks(chunk);
            let first = long_frame(chunks.next().unwrap_or(&[])).unwrap();
            let mut writer = ParquetWriter::new(&mut whole)
                .batched(first.schema())
                .unwrap();
            writer.write_batch(&first).unwrap();
            for c in chunks {
                writer.write_batch(&long_frame(c).unwrap()).unwrap();
            }
            writer.finish().unwrap();
            assert!(streamed == whole, "chunk {chunk}: parquet bytes differ");
        }
    }

    #[test]
    fn figures_of_other_reports_are_refused_and_nothing_is_written() {
        let schema = schema();
        let reports = sample_reports();
        let dir = tempfile::tempdir().unwrap();
        let mut w = ConsolidatedWriter::new(dir.path(), &schema, Lang::En).unwrap();
        for r in sorted_reports(&reports) {
            w.add(r).unwrap();
        }
        // A default batch report counts no file: its summary and pivot would be empty
        // beside a full Data sheet.
        let err = w.finish(&BatchReport::default()).unwrap_err();
        assert!(
            err.path.ends_with("consolidated.xlsx"),
            "{}",
            err.path.display()
        );
        assert!(
            err.cause
                .to_string()
                .contains("figures count 0 files, 3 were written"),
            "{}",
            err.cause
        );
        assert!(!dir.path().join("consolidated.xlsx").exists());
    }

    #[test]
    fn consolidated_is_deterministic() {
        let mut reversed = sample_reports();
        reversed.reverse();
        let a = consolidated(&sample_reports(), Lang::Id);
        let b = consolidated(&reversed, Lang::Id);
        for name in [
            "consolidated.csv",
            "consolidated.parquet",
            "consolidated.xlsx",
        ] {
            assert_eq!(
                std::fs::read(a.path().join(name)).unwrap(),
                std::fs::read(b.path().join(name)).unwrap(),
                "{name} differs with input order"
            );
        }
    }

    #[test]
    fn every_sheet_prints_landscape_one_page_wide_with_its_header_repeated() {
        use std::io::Read;
        let dir = consolidated(&sample_reports(), Lang::Id);
        let file = std::fs::File::open(dir.path().join("consolidated.xlsx")).unwrap();
        let mut zip = zip::ZipArchive::new(file).unwrap();
        let mut part = |name: &str| {
            let mut s = String::new();
            zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
            s
        };
        for i in 1..=5 {
            let xml = part(&format!("xl/worksheets/sheet{i}.xml"));
            assert!(xml.contains(r#"orientation="landscape""#), "sheet{i}");
            assert!(xml.contains(r#"fitToPage="1""#), "sheet{i}");
            assert!(xml.contains(r#"paperSize="9""#), "sheet{i}");
        }
        let wb = part("xl/workbook.xml");
        assert!(wb.contains("_xlnm.Print_Titles"), "{wb}");
    }

    #[test]
    fn empty_batch_writes_headers_only() {
        let dir = consolidated(&[], Lang::En);
        let csv = std::fs::read_to_string(dir.path().join("consolidated.csv")).unwrap();
        assert_eq!(csv, format!("{}\n", csv_header().join(",")));
        let file = std::fs::File::open(dir.path().join("consolidated.parquet")).unwrap();
        let df = ParquetReader::new(file).finish().unwrap();
        assert_eq!(df.height(), 0);
        assert_eq!(df.width(), csv_header().len() + 2);
        let mut wb: Xlsx<_> =
            calamine::open_workbook(dir.path().join("consolidated.xlsx")).unwrap();
        let ringkasan = wb.worksheet_range("Ringkasan").unwrap();
        // The schema's three kecamatan, nothing uploaded.
        assert_eq!(ringkasan.height(), 4);
        assert_eq!(
            ringkasan.get_value((0, 1)),
            Some(&Data::String("Files".into()))
        );
    }
}
