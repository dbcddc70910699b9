//! The input template an office fills (`kinerja template`): one sheet with a title
//! naming kabupaten, kecamatan, tahun and periode; the schema's nodes in tree order
//! (statement, indicator, satuan); the agreed targets, locked; realisasi cells unlocked
//! with data validation (numbers ≥ 0, 0–100 for percents, the grade list for grades);
//! capaian as a live formula with the node's polarity, formula and cap; a keterangan
//! column; frozen header; landscape, fit to width.
//!
//! The layout is one kinerja reads back (title, one header row, one row per node), so
//! a filled template goes through `batch` with no finding beyond the real ones.
//! `Fill` writes the same layout with figures, for tests and examples.

use super::{new_workbook, save_workbook, OutputCause, OutputError};
use crate::normalize::{State, Value};
use crate::schema::{Kecamatan, Kind, NegativeFormula, Node, Polarity, Scale, Schema, TargetValue};
use crate::validate::compute_capaian;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, Format, FormatAlign,
    FormatBorder, Formula, Workbook, Worksheet,
};
use std::collections::BTreeMap;
use std::path::Path;

/// The reporting period a template is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Periode {
    #[value(name = "TW1", alias = "tw1")]
    Tw1,
    #[value(name = "TW2", alias = "tw2")]
    Tw2,
    #[value(name = "TW3", alias = "tw3")]
    Tw3,
    #[value(name = "TW4", alias = "tw4")]
    Tw4,
    #[value(name = "tahunan", alias = "TAHUNAN")]
    Tahunan,
}

impl Periode {
    /// As written in the title ("Triwulan II", "Tahunan").
    pub fn title(self) -> &'static str {
        match self {
            Periode::Tw1 => "Triwulan I",
            Periode::Tw2 => "Triwulan II",
            Periode::Tw3 => "Triwulan III",
            Periode::Tw4 => "Triwulan IV",
            Periode::Tahunan => "Tahunan",
        }
    }

    /// For file names ("tw2", "tahunan").
    pub fn slug(self) -> &'static str {
        match self {
            Periode::Tw1 => "tw1",
            Periode::Tw2 => "tw2",
            Periode::Tw3 => "tw3",
            Periode::Tw4 => "tw4",
            Periode::Tahunan => "tahunan",
        }
    }
}

/// A figure an office writes in a realisasi (or, to plant an error, capaian) cell.
#[derive(Debug, Clone, PartialEq)]
pub enum FillValue {
    Number(f64),
    Text(String),
}

/// Figures to write into the template, by node id (a filled template).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fill {
    pub realisasi: BTreeMap<String, FillValue>,
    /// A capaian written as a value instead of the live formula.
    pub capaian: BTreeMap<String, FillValue>,
    pub keterangan: BTreeMap<String, String>,
}

/// Where things are in the template (0-based), for tests and readers.
pub const HEADER_ROW: u32 = 3;
pub const FIRST_DATA_ROW: u32 = 4;
pub const SHEET_NAME: &str = "Realisasi Kinerja";
const COL_NO: u16 = 0;
const COL_STATEMENT: u16 = 1;
const COL_INDICATOR: u16 = 2;
const COL_UNIT: u16 = 3;
pub const COL_TARGET: u16 = 4;
pub const COL_REALISASI: u16 = 5;
pub const COL_CAPAIAN: u16 = 6;
const COL_KETERANGAN: u16 = 7;

const HEADERS: [(&str, f64); 8] = [
    ("No", 5.0),
    ("Sasaran / Kegiatan", 40.0),
    ("Indikator Kinerja", 45.0),
    ("Satuan", 12.0),
    ("Target", 12.0),
    ("Realisasi", 12.0),
    ("Capaian (%)", 12.0),
    ("Keterangan", 30.0),
];

/// The file name of a kecamatan's template ("realisasi-tombolo-pao-2023-tw2.xlsx").
pub fn file_name(schema: &Schema, kecamatan: &Kecamatan, periode: Periode) -> String {
    let slug: String = kecamatan
        .name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    format!(
        "realisasi-{slug}-{}-{}.xlsx",
        schema.regency.tahun,
        periode.slug()
    )
}

/// Write the template (filled with `fill`, when given) to `path`, atomically.
pub fn write_template(
    path: &Path,
    schema: &Schema,
    kecamatan: &Kecamatan,
    periode: Periode,
    fill: Option<&Fill>,
) -> Result<(), OutputError> {
    let mut wb = template_workbook(schema, kecamatan, periode, fill)
        .map_err(|e| OutputError::new(path, e))?;
    save_workbook(&mut wb, path)
}

/// The template as a workbook.
pub fn template_workbook(
    schema: &Schema,
    kecamatan: &Kecamatan,
    periode: Periode,
    fill: Option<&Fill>,
) -> Result<Workbook, OutputCause> {
    let mut wb = new_workbook()?;
    let ws = wb.add_worksheet();
    ws.set_name(SHEET_NAME)?;
    write_sheet(ws, schema, kecamatan, periode, fill)?;
    Ok(wb)
}

fn write_sheet(
    ws: &mut Worksheet,
    schema: &Schema,
    kecamatan: &Kecamatan,
    periode: Periode,
    fill: Option<&Fill>,
) -> Result<(), OutputCause> {
    let last_col = COL_KETERANGAN;
    let title = Format::new()
        .set_bold()
        .set_font_size(13)
        .set_align(FormatAlign::Center);
    let subtitle = Format::new().set_bold().set_align(FormatAlign::Center);
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(Color::RGB(0xD9E1F2))
        .set_border(FormatBorder::Thin);
    let locked_text = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let locked_num = Format::new()
        .set_num_format("#,##0.##")
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xF2F2F2));
    let open_num = Format::new()
        .set_unlocked()
        .set_num_format("#,##0.##")
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xFFF2CC));
    let open_text = Format::new()
        .set_unlocked()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xFFF2CC));
    let capaian_fmt = Format::new()
        .set_num_format("0.00")
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);

    ws.merge_range(
        0,
        0,
        0,
        last_col,
        &format!(
            "PENGUKURAN KINERJA KECAMATAN {} TAHUN {}",
            kecamatan.name.to_uppercase(),
            schema.regency.tahun
        ),
        &title,
    )?;
    ws.merge_range(
        1,
        0,
        1,
        last_col,
        &format!(
            "{} — PERIODE: {}",
            schema.regency.name.to_uppercase(),
            periode.title().to_uppercase()
        ),
        &subtitle,
    )?;
    for (col, (name, width)) in HEADERS.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, col as u16, *name, &header)?;
        ws.set_column_width(col as u16, *width)?;
    }
    ws.set_row_height(HEADER_ROW, 30)?;

    for (row, (i, node)) in (FIRST_DATA_ROW..).zip(schema.nodes.iter().enumerate()) {
        let target = schema.agreed_target(node, Some(&kecamatan.name));
        ws.write_number_with_format(row, COL_NO, (i + 1) as f64, &locked_text)?;
        ws.write_string_with_format(row, COL_STATEMENT, &node.statement, &locked_text)?;
        ws.write_string_with_format(row, COL_INDICATOR, &node.indicator, &locked_text)?;
        ws.write_string_with_format(row, COL_UNIT, &node.unit, &locked_text)?;
        match &target {
            Some(TargetValue::Number(t)) => {
                ws.write_number_with_format(row, COL_TARGET, *t, &locked_num)?;
            }
            Some(TargetValue::Grade(g)) => {
                ws.write_string_with_format(row, COL_TARGET, g, &locked_num)?;
            }
            // No agreed target: the office writes the one of its PK.
            None => {
                ws.write_blank(row, COL_TARGET, &open_num)?;
            }
        }
        let realisasi = fill.and_then(|f| f.realisasi.get(&node.id));
        match realisasi {
            Some(FillValue::Number(n)) => {
                ws.write_number_with_format(row, COL_REALISASI, *n, &open_num)?;
            }
            Some(FillValue::Text(t)) => {
                ws.write_string_with_format(row, COL_REALISASI, t, &open_num)?;
            }
            None => {
                ws.write_blank(row, COL_REALISASI, &open_num)?;
            }
        }
        ws.add_data_validation(
            row,
            COL_REALISASI,
            row,
            COL_REALISASI,
            &validation(schema, node)?,
        )?;
        match fill.and_then(|f| f.capaian.get(&node.id)) {
            Some(FillValue::Number(n)) => {
                ws.write_number_with_format(row, COL_CAPAIAN, *n, &capaian_fmt)?;
            }
            Some(FillValue::Text(t)) => {
                ws.write_string_with_format(row, COL_CAPAIAN, t, &capaian_fmt)?;
            }
            None => {
                if let Some(f) = capaian_formula(node, row) {
                    let mut formula = Formula::new(f);
                    // The result Excel would show, so readers that do not recalculate
                    // see it too (empty while realisasi is blank).
                    let cached = cached_capaian(node, target.as_ref(), realisasi);
                    formula = formula
                        .set_result(cached.map_or_else(|| " ".to_string(), |c| c.to_string()));
                    ws.write_formula_with_format(row, COL_CAPAIAN, formula, &capaian_fmt)?;
                } else {
                    ws.write_blank(row, COL_CAPAIAN, &capaian_fmt)?;
                }
            }
        }
        match fill.and_then(|f| f.keterangan.get(&node.id)) {
            Some(k) => {
                ws.write_string_with_format(row, COL_KETERANGAN, k, &open_text)?;
            }
            None => {
                ws.write_blank(row, COL_KETERANGAN, &open_text)?;
            }
        }
    }

    ws.set_freeze_panes(HEADER_ROW + 1, 0)?;
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    ws.protect();
    Ok(())
}

/// Numbers ≥ 0; 0–100 for a percent (unless the node allows more); the grade list for
/// a grade. Warning style: an office may still confirm "N/A" or "-".
fn validation(schema: &Schema, node: &Node) -> Result<DataValidation, OutputCause> {
    let v = match node.kind {
        Kind::Grade => {
            let order: Vec<String> = node
                .label_scale
                .as_ref()
                .and_then(|s| schema.scales.get(s))
                .and_then(|s| match s {
                    Scale::Grades { order } => Some(order.clone()),
                    Scale::Bands { .. } => None,
                })
                .unwrap_or_else(|| {
                    ["AA", "A", "BB", "B", "CC", "C", "D"]
                        .iter()
                        .map(|s| s.to_string())
                        .collect()
                });
            DataValidation::new()
                .allow_list_strings(&order)?
                .set_input_title("Predikat")?
                .set_input_message(format!("Pilih salah satu: {}", order.join(", ")))?
        }
        Kind::Percent => {
            let max = node.max.unwrap_or(100.0);
            DataValidation::new()
                .allow_decimal_number(DataValidationRule::Between(node.min.unwrap_or(0.0), max))
                .set_input_title("Realisasi (%)")?
                .set_input_message(format!("Angka 0 sampai {max}, tanpa tanda %"))?
        }
        _ => {
            let rule = match node.max {
                Some(max) => DataValidationRule::Between(node.min.unwrap_or(0.0), max),
                None => DataValidationRule::GreaterThanOrEqualTo(node.min.unwrap_or(0.0)),
            };
            DataValidation::new()
                .allow_decimal_number(rule)
                .set_input_title("Realisasi")?
                .set_input_message(format!("Angka ≥ 0, dalam satuan {}", node.unit))?
        }
    };
    Ok(v.set_error_style(DataValidationErrorStyle::Warning)
        .set_error_title("Periksa isian")?
        .set_error_message("Isian di luar yang diharapkan untuk indikator ini.")?)
}

/// The live capaian formula of a row; None for grades (compared by rank, not divided).
pub fn capaian_formula(node: &Node, row: u32) -> Option<String> {
    if node.kind == Kind::Grade {
        return None;
    }
    let t = format!(
        "{}{}",
        crate::model::col_letters(u32::from(COL_TARGET)),
        row + 1
    );
    let r = format!(
        "{}{}",
        crate::model::col_letters(u32::from(COL_REALISASI)),
        row + 1
    );
    let raw = match (node.polarity, node.formula) {
        (Polarity::Positive, _) => format!("{r}/{t}*100"),
        (Polarity::Negative, Some(NegativeFormula::TwiceTargetMinus)) => {
            format!("(2*{t}-{r})/{t}*100")
        }
        (Polarity::Negative, Some(NegativeFormula::TargetOverRealisasi)) => {
            format!(
                "IF({r}=0,{},{t}/{r}*100)",
                node.cap.map_or("\"\"".to_string(), |c| c.to_string())
            )
        }
        // A negative node without formula does not pass the schema check.
        (Polarity::Negative, None) => return None,
    };
    let capped = match node.cap {
        Some(cap) => format!("MIN({cap},{raw})"),
        None => raw,
    };
    Some(format!(
        "=IF(OR(ISBLANK({r}),ISBLANK({t}),NOT(ISNUMBER({r})),NOT(ISNUMBER({t}))),\"\",IF({t}=0,\"\",ROUND({capped},2)))"
    ))
}

fn cached_capaian(
    node: &Node,
    target: Option<&TargetValue>,
    realisasi: Option<&FillValue>,
) -> Option<f64> {
    let number = |n: f64| Value {
        state: State::Value,
        number: Some(n),
        ..Value::missing()
    };
    let t = match target? {
        TargetValue::Number(t) => number(*t),
        TargetValue::Grade(_) => return None,
    };
    let r = match realisasi? {
        FillValue::Number(r) => number(*r),
        FillValue::Text(_) => return None,
    };
    compute_capaian(node, &t, &r).map(|c| (c * 100.0).round() / 100.0)
}
