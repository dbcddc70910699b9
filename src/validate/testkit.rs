//! Test-only: compiled under #[cfg(test)] (see its `mod` line), so it may unwrap.
//!
//! Test-only builders: a small schema (the Bajeng indicators of seed 000 plus the
//! negative-polarity indicator of the corpus) and records and values built by hand, so
//! the rules are tested without the reader, the normalizer or the matcher.

use crate::model::CellRef;
use crate::normalize::{State, Value};
use crate::report::{FileReport, Record, TextCell};
use crate::schema::{Match, MatchKind, Schema};

pub const SHEET: &str = "Tabel 3.1";
/// Columns of the hand-built table: B indicator, C unit, D target, E realisasi,
/// F capaian, G keterangan.
pub const COL_INDICATOR: u32 = 1;
pub const COL_UNIT: u32 = 2;
pub const COL_TARGET: u32 = 3;
pub const COL_REALISASI: u32 = 4;
pub const COL_CAPAIAN: u32 = 5;
pub const COL_KET: u32 = 6;

pub const SCHEMA: &str = r##"
[regency]
name = "Kabupaten Gowa"
tahun = 2023

[[kecamatan]]
name = "Bajeng"

[[kecamatan]]
name = "Pallangga"

[capaian]
decimals = 2
tolerance = 0.01
below_target_under = 100.0

[scales.ikm]
kind = "bands"
bands = [
  { min = 88.31, max = 100.0, label = "Sangat Baik", mutu = "A" },
  { min = 76.61, max = 88.30, label = "Baik", mutu = "B" },
  { min = 65.00, max = 76.60, label = "Kurang Baik", mutu = "C" },
  { min = 25.00, max = 64.99, label = "Tidak Baik", mutu = "D" },
]

[scales.sakip]
kind = "grades"
order = ["AA", "A", "BB", "B", "CC", "C", "D"]

[units]
"%" = ["persen"]
unit = []
usulan = []
orang = ["org"]
dokumen = ["dok", "dok."]
tim = []
SOP = ["sop"]
unsur = ["unsur masyarakat"]
pengaduan = []
nilai = ["poin"]
predikat = []

[[node]]
id = "ikm"
level = "sasaran"
statement = "Meningkatnya kepuasan masyarakat terhadap pelayanan publik"
indicator = "Indeks Kepuasan Masyarakat (IKM)"
unit = "nilai"
kind = "index"
min = 0
max = 100
label_scale = "ikm"

[[node]]
id = "sakip"
level = "sasaran"
statement = "Meningkatkan akuntabilitas penyelenggaraan pemerintahan kecamatan"
indicator = "Nilai SAKIP"
unit = "predikat"
kind = "grade"
label_scale = "sakip"

[[node]]
id = "sarana"
level = "program"
parent = "ikm"
statement = "Meningkatnya sarana dan prasana pelayanan publik memadai"
indicator = "Jumlah sarana dan prasarana yang memadai"
unit = "unit"
kind = "count"
min = 0
rollup = "sum"

[[node]]
id = "sop_pct"
level = "program"
parent = "ikm"
statement = "Tersedianya prosedur pelayanan yang efisien"
indicator = "Persentase layanan yang memiliki SOP"
unit = "%"
kind = "percent"
min = 0
max = 100

[[node]]
id = "sp_pct"
level = "program"
parent = "ikm"
statement = "Meningkatnya pelayanan kepada masyarakat sesuai standar pelayanan"
indicator = "Persentase layanan sesuai SP"
unit = "%"
kind = "percent"
min = 0
max = 100

[[node]]
id = "pengaduan_tl_tersedia_pct"
level = "program"
parent = "ikm"
statement = "Meningkatnya tindak lanjut pengaduan masyarakat"
indicator = "Persentase tindak lanjut pengaduan yang tersedia"
unit = "%"
kind = "percent"
min = 0
max = 100

[[node]]
id = "usulan_pct"
level = "program"
parent = "ikm"
statement = "Meningkatnya usulan masyarakat yang diakomodir"
indicator = "Persentase usulan masyarakat yang diakomodir"
unit = "%"
kind = "percent"
min = 0
max = 100

[[node]]
id = "skm_tl_pct"
level = "program"
parent = "ikm"
statement = "Meningkatnya evaluasi pelayanan"
indicator = "Persentase hasil SKM yang ditindaklanjuti"
unit = "%"
kind = "percent"
min = 0
max = 100

[[node]]
id = "sarana_pelayanan"
level = "kegiatan"
parent = "sarana"
statement = "Tersedianya sarana pelayanan yang memadai"
indicator = "Jumlah sarana pelayanan yang tersedia"
unit = "unit"
kind = "count"
min = 0

[[node]]
id = "sarana_rentan"
level = "kegiatan"
parent = "sarana"
statement = "Tersedianya sarana bagi kelompok rentan"
indicator = "Jumlah sarana bagi kelompok rentan"
unit = "unit"
kind = "count"
min = 0

[[node]]
id = "tim_sop"
level = "kegiatan"
parent = "sop_pct"
statement = "Terbentuknya tim penyusun SOP"
indicator = "Jumlah tim penyusunan SOP"
unit = "tim"
kind = "count"
min = 0

[[node]]
id = "sop_disusun"
level = "kegiatan"
parent = "sop_pct"
statement = "Tersedianya SOP pelayanan di setiap jenis pelayanan"
indicator = "Jumlah SOP pelayanan yang disusun"
unit = "SOP"
kind = "count"
min = 0

[[node]]
id = "maklumat"
level = "kegiatan"
parent = "sp_pct"
statement = "Tersedianya maklumat pelayanan"
indicator = "Jumlah maklumat pelayanan yang tersedia"
unit = "dokumen"
kind = "count"
min = 0

[[node]]
id = "fkp_unsur"
level = "kegiatan"
parent = "sp_pct"
statement = "Terlaksananya forum konsultasi publik"
indicator = "Jumlah unsur masyarakat yang hadir dalam FKP"
unit = "unsur"
kind = "count"
min = 0

[[node]]
id = "pengaduan_verif_pct"
level = "kegiatan"
parent = "pengaduan_tl_tersedia_pct"
statement = "Terverifikasinya pengaduan masyarakat"
indicator = "Persentase pengaduan yang diverifikasi"
unit = "%"
kind = "percent"
min = 0
max = 100

[[node]]
id = "pengaduan_tl_pct"
level = "kegiatan"
parent = "pengaduan_tl_tersedia_pct"
statement = "Terlaksananya tindak lanjut pengaduan masyarakat"
indicator = "Persentase pengaduan yang ditindaklanjuti"
unit = "%"
kind = "percent"
min = 0
max = 100

[[node]]
id = "pengaduan_belum_tl"
level = "kegiatan"
parent = "pengaduan_tl_tersedia_pct"
statement = "Terlaksananya tindak lanjut pengaduan masyarakat"
indicator = "Jumlah pengaduan yang belum ditindaklanjuti"
unit = "pengaduan"
kind = "count"
polarity = "negative"
formula = "2t-r"
min = 0
required = false

[[node]]
id = "usulan_jumlah"
level = "kegiatan"
parent = "usulan_pct"
statement = "Tersalurkannya usulan masyarakat dalam perencanaan pembangunan"
indicator = "Jumlah usulan masyarakat"
unit = "usulan"
kind = "count"
min = 0

[[node]]
id = "kuesioner"
level = "kegiatan"
parent = "skm_tl_pct"
statement = "Terlaksananya survei kepuasan masyarakat"
indicator = "Jumlah kuesioner yang disebarkan"
aliases = ["Jumlah pengguna layanan yang mengisi kuesioner"]
unit = "orang"
kind = "count"
min = 0
"##;

pub fn schema() -> Schema {
    toml::from_str::<Schema>(SCHEMA).unwrap()
}

/// A value as the normalizer would give it, parsed here by a deliberately small
/// test-only reader: "" and "-" missing, "N/A" not available, "BB" a grade, else a
/// number with Indonesian decimals ("82, 71", "58,46%", "6  unit", "85,00 (Baik)").
/// Unparseable text: anything else.
pub fn val(raw: &str) -> Value {
    let mut v = Value::missing();
    v.raw = raw.to_string();
    let t = raw.trim();
    if t.is_empty() || t == "-" {
        return v;
    }
    if t.eq_ignore_ascii_case("n/a") {
        v.state = State::NotAvailable;
        return v;
    }
    if t.len() <= 3 && t.chars().all(|c| c.is_ascii_uppercase()) {
        v.state = State::Grade;
        v.grade = Some(t.to_string());
        return v;
    }
    let (body, label) = match (t.find('('), t.rfind(')')) {
        (Some(a), Some(b)) if a < b => (t[..a].trim(), Some(t[a + 1..b].trim().to_string())),
        _ => (t, None),
    };
    let body = body.replace(", ", ",");
    let end = body
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.' || c == '-'))
        .unwrap_or(body.len());
    let digits = &body[..end];
    let number = if digits.contains(',') {
        digits.replace('.', "").replace(',', ".")
    } else {
        digits.to_string()
    };
    match number.parse::<f64>() {
        Ok(n) => {
            v.state = State::Value;
            v.number = Some(n);
            let unit = body[end..].trim();
            v.unit = (!unit.is_empty()).then(|| unit.to_string());
            v.label = label;
        }
        Err(_) => v.state = State::Unparseable,
    }
    v
}

/// A value of a cell of the hand-built table (`row` is the Excel row, 1-based).
pub fn cell_val(raw: &str, row: u32, col: u32) -> Value {
    let mut v = val(raw);
    v.at = Some(CellRef::new(SHEET, row - 1, col));
    v
}

pub fn text_cell(text: &str, row: u32, col: u32) -> TextCell {
    TextCell {
        text: text.to_string(),
        at: Some(CellRef::new(SHEET, row - 1, col)),
    }
}

/// A record on Excel row `row`, matched exactly to `node_id`.
pub fn rec(row: u32, node_id: &str, target: &str, realisasi: &str, capaian: &str) -> Record {
    let mut r = unmatched(row, node_id, target, realisasi, capaian);
    r.matched = Some(Match {
        node_id: node_id.to_string(),
        kind: MatchKind::Exact,
        confidence: 1.0,
        matched: node_id.to_string(),
    });
    r
}

/// A record on Excel row `row` that matched no node.
pub fn unmatched(
    row: u32,
    indicator: &str,
    target: &str,
    realisasi: &str,
    capaian: &str,
) -> Record {
    Record {
        sheet: SHEET.to_string(),
        row: row - 1,
        statement: text_cell("", row, 0),
        indicator: text_cell(indicator, row, COL_INDICATOR),
        unit: TextCell::default(),
        target: cell_val(target, row, COL_TARGET),
        realisasi: cell_val(realisasi, row, COL_REALISASI),
        capaian: cell_val(capaian, row, COL_CAPAIAN),
        keterangan: TextCell::default(),
        matched: None,
        capaian_computed: None,
        unit_normalized: None,
        quarters: Vec::new(),
        anggaran: Default::default(),
        quarters_typed: None,
        periods: Vec::new(),
    }
}

/// The same record with a keterangan cell.
pub fn ket(mut r: Record, text: &str) -> Record {
    r.keterangan = text_cell(text, r.row + 1, COL_KET);
    r
}

/// The same record with a Satuan cell.
pub fn unit_col(mut r: Record, text: &str) -> Record {
    r.unit = text_cell(text, r.row + 1, COL_UNIT);
    r
}

/// The same record with its indicator text changed and matched with `kind`.
pub fn renamed(
    mut r: Record,
    text: &str,
    kind: MatchKind,
    confidence: f64,
    matched: &str,
) -> Record {
    r.indicator.text = text.to_string();
    if let Some(m) = r.matched.as_mut() {
        m.kind = kind;
        m.confidence = confidence;
        m.matched = matched.to_string();
    }
    r
}

pub fn file(records: Vec<Record>) -> FileReport {
    FileReport {
        file: "uji.xlsx".to_string(),
        path: "uji.xlsx".to_string(),
        format: None,
        kecamatan: Some("Bajeng".to_string()),
        periode: None,
        cleaned: None,
        records,
        findings: Vec::new(),
    }
}

/// Run `validate` with the test schema, made not to require any node unless `required`
/// lists it (so a test of one rule is not drowned in missing-indicator findings).
pub fn run(records: Vec<Record>, required: &[&str]) -> FileReport {
    let mut s = schema();
    for n in s.nodes.iter_mut() {
        n.required = required.contains(&n.id.as_str());
    }
    run_with(records, &s)
}

pub fn run_with(records: Vec<Record>, s: &Schema) -> FileReport {
    let mut report = file(records);
    super::validate(&mut report, s);
    report
}

/// (rule code, cell, indicator id) of every finding, in order.
pub fn brief(report: &FileReport) -> Vec<(String, String, String)> {
    report
        .findings
        .iter()
        .map(|f| {
            (
                f.rule.code().to_string(),
                f.cell(),
                f.indicator_id.clone().unwrap_or_default(),
            )
        })
        .collect()
}

/// The findings of one rule.
pub fn of(report: &FileReport, code: &str) -> Vec<crate::model::Finding> {
    report
        .findings
        .iter()
        .filter(|f| f.rule.code() == code)
        .cloned()
        .collect()
}

/// (cell, found, expected) of the findings of one rule, in order: what a rule's tests
/// compare when the cell alone does not say the finding is right.
pub fn cell_found_expected(report: &FileReport, code: &str) -> Vec<(String, String, String)> {
    of(report, code)
        .iter()
        .map(|f| (f.cell(), f.found.clone(), f.expected.clone()))
        .collect()
}

/// Owned triple for comparing with `brief`.
pub fn b(code: &str, cell: &str, id: &str) -> (String, String, String) {
    (code.to_string(), cell.to_string(), id.to_string())
}
