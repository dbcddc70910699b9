//! Test-only: compiled under #[cfg(test)] (see its `mod` line), so it may unwrap.
//!
//! Hand-built reports and schema shared by the output tests: a Bajeng file with a grade
//! indicator and a missing realisasi, a Pallangga file whose sheet name, indicator and
//! remarks try path escape and formula injection, and an unreadable file.

use crate::model::{CellRef, Finding, Rule, Text};
use crate::normalize::{State, Value};
use crate::report::{FileReport, Record, TextCell};
use crate::schema::{Match, MatchKind, Schema};
use std::io::Read;
use std::path::Path;

pub const INJECTED_INDICATOR: &str = "=HYPERLINK(\"http://x\")";
pub const INJECTED_KETERANGAN: &str = "+cmd|' /C calc'!A0";
pub const PALLANGGA_SHEET: &str = "../Data:1";

pub fn schema() -> Schema {
    toml::from_str(
        r##"
[regency]
name = "Gowa"
tahun = 2023

[[kecamatan]]
name = "Bajeng"

[[kecamatan]]
name = "Pallangga"

[[kecamatan]]
name = "Somba Opu"

[capaian]
decimals = 2
tolerance = 0.01
below_target_under = 100.0
bands = [
  { min = 91.0, label = "Sangat Baik", color = "#63BE7B" },
  { min = 76.0, label = "Baik", color = "#FFEB84" },
  { min = 0.0, label = "Kurang" },
]

[[node]]
id = "ikm"
level = "sasaran"
statement = "Meningkatnya kualitas pelayanan"
indicator = "Indeks Kepuasan Masyarakat"
unit = "indeks"
kind = "index"

[[node]]
id = "sop"
level = "program"
parent = "ikm"
statement = "Program penataan pelayanan"
indicator = "Jumlah SOP"
unit = "SOP"
kind = "count"

[[node]]
id = "sakip"
level = "sasaran"
statement = "Meningkatnya akuntabilitas"
indicator = "Nilai SAKIP"
unit = "predikat"
kind = "grade"

[[node]]
id = "aduan"
level = "kegiatan"
parent = "sop"
statement = "Penanganan pengaduan"
indicator = "Jumlah pengaduan yang belum ditindaklanjuti"
unit = "aduan"
kind = "count"
polarity = "negative"
formula = "2t-r"
required = false
"##,
    )
    .unwrap()
}

fn at(sheet: &str, a1: &str) -> CellRef {
    let col = a1.chars().next().unwrap() as u32 - 'A' as u32;
    let row: u32 = a1[1..].parse::<u32>().unwrap() - 1;
    CellRef::new(sheet, row, col)
}

pub fn num(n: f64, raw: &str, sheet: &str, cell: &str) -> Value {
    Value {
        state: State::Value,
        number: Some(n),
        raw: raw.into(),
        at: Some(at(sheet, cell)),
        ..Value::missing()
    }
}

pub fn grade(g: &str, sheet: &str, cell: &str) -> Value {
    Value {
        state: State::Grade,
        grade: Some(g.into()),
        raw: g.into(),
        at: Some(at(sheet, cell)),
        ..Value::missing()
    }
}

pub fn blank(raw: &str, sheet: &str, cell: &str) -> Value {
    Value {
        raw: raw.into(),
        at: Some(at(sheet, cell)),
        ..Value::missing()
    }
}

pub fn text(t: &str, sheet: &str, cell: &str) -> TextCell {
    TextCell {
        text: t.into(),
        at: Some(at(sheet, cell)),
    }
}

fn matched(id: &str, kind: MatchKind, confidence: f64, wording: &str) -> Option<Match> {
    Some(Match {
        node_id: id.into(),
        kind,
        confidence,
        matched: wording.into(),
    })
}

#[allow(clippy::too_many_arguments)]
fn record(
    sheet: &str,
    row: u32,
    statement: TextCell,
    indicator: TextCell,
    unit: TextCell,
    values: (Value, Value, Value),
    keterangan: TextCell,
    m: Option<Match>,
    computed: Option<f64>,
    unit_normalized: Option<&str>,
) -> Record {
    Record {
        sheet: sheet.into(),
        row,
        statement,
        indicator,
        unit,
        target: values.0,
        realisasi: values.1,
        capaian: values.2,
        keterangan,
        matched: m,
        capaian_computed: computed,
        unit_normalized: unit_normalized.map(str::to_string),
        quarters: Vec::new(),
        anggaran: Default::default(),
        quarters_typed: None,
        periods: Vec::new(),
    }
}

#[allow(clippy::too_many_arguments)]
fn finding(
    rule: Rule,
    file: &str,
    kecamatan: Option<&str>,
    cell: Option<CellRef>,
    id: Option<&str>,
    msg: (&str, &str),
    found: &str,
    expected: &str,
) -> Finding {
    let mut f = Finding::new(rule, Text::new(msg.0, msg.1))
        .found(found)
        .expected(expected);
    f.file = file.into();
    f.kecamatan = kecamatan.map(str::to_string);
    f.at = cell;
    f.indicator_id = id.map(str::to_string);
    f
}

pub const IKM_BAJENG: f64 = 82.71 / 85.0 * 100.0;

/// Bajeng, Pallangga (hostile text), and an unreadable file — deliberately not in sorted
/// order so the writers' sorting is exercised.
pub fn sample_reports() -> Vec<FileReport> {
    let s = "Realisasi";
    let bajeng = FileReport {
        file: "bajeng.xlsx".into(),
        path: "uploads/bajeng.xlsx".into(),
        format: Some(crate::workbook::Format::Xlsx),
        kecamatan: Some("Bajeng".into()),
        periode: None,
        cleaned: Some("cleaned/bajeng.xlsx".into()),
        records: vec![
            record(
                s,
                11,
                text("Meningkatnya kualitas pelayanan", s, "B12"),
                text("Indeks Kepuasan Masyarakat", s, "C12"),
                text("indeks", s, "D12"),
                (
                    num(85.0, "85", s, "E12"),
                    num(82.71, "82, 71", s, "F12"),
                    num(97.31, "97,31", s, "G12"),
                ),
                TextCell::default(),
                matched("ikm", MatchKind::Exact, 1.0, "Indeks Kepuasan Masyarakat"),
                Some(IKM_BAJENG),
                Some("indeks"),
            ),
            record(
                s,
                12,
                // The sasaran cell is merged over both rows: filled down from B12.
                text("Meningkatnya kualitas pelayanan", s, "B12"),
                text("Jumlah SOP yang disusun", s, "C13"),
                text("SOP", s, "D13"),
                (
                    num(12.0, "12 SOP", s, "E13"),
                    blank("-", s, "F13"),
                    blank("", s, "G13"),
                ),
                text("belum dilaporkan", s, "H13"),
                matched("sop", MatchKind::Fuzzy, 0.87, "Jumlah SOP"),
                None,
                Some("SOP"),
            ),
            record(
                s,
                13,
                text("Meningkatnya akuntabilitas", s, "B14"),
                text("Nilai SAKIP", s, "C14"),
                text("predikat", s, "D14"),
                (
                    grade("BB", s, "E14"),
                    grade("BB", s, "F14"),
                    blank("", s, "G14"),
                ),
                TextCell::default(),
                matched("sakip", MatchKind::Alias, 0.95, "SAKIP"),
                None,
                Some("predikat"),
            ),
        ],
        findings: vec![
            finding(
                Rule::MissingValue,
                "bajeng.xlsx",
                Some("Bajeng"),
                Some(at(s, "F13")),
                Some("sop"),
                ("Realisasi kosong", "Realisasi is blank"),
                "-",
                "angka",
            ),
            finding(
                Rule::IndicatorRenamed,
                "bajeng.xlsx",
                Some("Bajeng"),
                Some(at(s, "C13")),
                Some("sop"),
                (
                    "Cocok mirip dengan \"Jumlah SOP\"",
                    "Fuzzy match of \"Jumlah SOP\"",
                ),
                "Jumlah SOP yang disusun",
                "Jumlah SOP",
            ),
        ],
    };

    let p = PALLANGGA_SHEET;
    let pallangga = FileReport {
        file: "pallangga.xlsx".into(),
        path: "uploads/pallangga.xlsx".into(),
        format: Some(crate::workbook::Format::Xlsx),
        kecamatan: Some("Pallangga".into()),
        periode: None,
        cleaned: Some("cleaned/pallangga.xlsx".into()),
        records: vec![
            record(
                p,
                5,
                text("Meningkatnya kualitas pelayanan", p, "B6"),
                text(INJECTED_INDICATOR, p, "C6"),
                text("indeks", p, "D6"),
                (
                    num(80.0, "80", p, "E6"),
                    num(84.5, "84,5", p, "F6"),
                    num(105.63, "105,63", p, "G6"),
                ),
                text(INJECTED_KETERANGAN, p, "H6"),
                None,
                None,
                None,
            ),
            record(
                p,
                6,
                text("Meningkatnya kualitas pelayanan", p, "B7"),
                text("Indeks Kepuasan Masyarakat", p, "C7"),
                text("indeks", p, "D7"),
                (
                    num(80.0, "80", p, "E7"),
                    num(76.0, "76", p, "F7"),
                    num(95.0, "95", p, "G7"),
                ),
                TextCell::default(),
                matched("ikm", MatchKind::Exact, 1.0, "Indeks Kepuasan Masyarakat"),
                Some(95.0),
                Some("indeks"),
            ),
            record(
                p,
                7,
                text("Program penataan pelayanan", p, "B8"),
                text("Jumlah SOP", p, "C8"),
                text("SOP", p, "D8"),
                (
                    num(10.0, "10", p, "E8"),
                    num(8.0, "8", p, "F8"),
                    num(80.0, "80%", p, "G8"),
                ),
                TextCell::default(),
                matched("sop", MatchKind::Exact, 1.0, "Jumlah SOP"),
                Some(80.0),
                Some("SOP"),
            ),
        ],
        findings: vec![
            finding(
                Rule::UnknownIndicator,
                "pallangga.xlsx",
                Some("Pallangga"),
                Some(at(p, "C6")),
                None,
                ("Indikator tidak dikenal", "Unknown indicator"),
                INJECTED_INDICATOR,
                "",
            ),
            finding(
                Rule::BelowTarget,
                "pallangga.xlsx",
                Some("Pallangga"),
                Some(at(p, "G8")),
                Some("sop"),
                ("Capaian di bawah target", "Achievement below target"),
                "80",
                "100",
            ),
            finding(
                Rule::MissingIndicator,
                "pallangga.xlsx",
                Some("Pallangga"),
                None,
                Some("sakip"),
                ("Indikator wajib tidak ada", "Required indicator missing"),
                "",
                "Nilai SAKIP",
            ),
        ],
    };

    let broken = FileReport {
        file: "rusak.xls".into(),
        path: "uploads/rusak.xls".into(),
        format: None,
        kecamatan: None,
        periode: None,
        cleaned: None,
        records: vec![],
        findings: vec![finding(
            Rule::UnreadableFile,
            "rusak.xls",
            None,
            None,
            None,
            (
                "berkas HTML yang diberi nama .xls",
                "file is HTML saved with an .xls name",
            ),
            "",
            "",
        )],
    };
    vec![pallangga, broken, bajeng]
}

/// The sample report of one file.
pub fn report(file: &str) -> FileReport {
    sample_reports()
        .into_iter()
        .find(|r| r.file == file)
        .unwrap()
}

/// One entry of an xlsx package as text.
pub fn read_zip_entry(path: &Path, name: &str) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut entry = zip.by_name(name).unwrap();
    let mut s = String::new();
    entry.read_to_string(&mut s).unwrap();
    s
}
