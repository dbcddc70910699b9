//! Writes the realization workbooks kinerja ships in `samples/` and the large seeded corpora
//! the benchmark runs on. Everything is made with rust_xlsxwriter in the layouts real
//! kecamatan offices use (title rows, merged two-row headers, numbered-column rows, permuted
//! columns, a Satuan column, merged sasaran cells, continuation rows, signature blocks,
//! hidden helper sheets) with a few deliberate discrepancies per file.
//!
//! Sample mode (`--out samples/`) is fully deterministic: the same bytes of every .xlsx, plus
//! `README.md` and `expected.json` that state each sample's layout, values and deliberate
//! discrepancies (rule code, A1 cell, indicator id), so tests can assert them. Bench mode
//! (`--bench N --seed S --out DIR`) writes N random-but-seeded workbooks cycling through
//! Gowa's 18 kecamatan. This program never reads or changes any other file, and it never
//! uses a random source other than its own seeded splitmix64.
//!
//! Usage:
//!   cargo run --release --example gen_samples -- --out samples/
//!   cargo run --release --example gen_samples -- --bench 7285 --seed 1 --out target/bench/corpus-7285

use rayon::prelude::*;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
};
use serde_json::{json, Value as Json};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

type Res<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

// ───────────────────────────── deterministic randomness ─────────────────────────────

/// splitmix64: tiny, fast and good enough to vary layouts; seeded so corpora are reproducible
/// without a new crate.
#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }

    /// Uniform integer in lo..=hi.
    fn int(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    fn pick<T: Copy>(&mut self, xs: &[T], fallback: T) -> T {
        xs.get(self.below(xs.len() as u64) as usize)
            .copied()
            .unwrap_or(fallback)
    }

    fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            xs.swap(i, j);
        }
    }
}

// ───────────────────────────── the indicator tree ─────────────────────────────

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Index,
    Grade,
    Percent,
    Count,
}

/// One node of the Gowa kecamatan tree (../shared/corpus/indicators.json), with the words
/// an office writes for it.
#[derive(Debug)]
struct Ind {
    id: &'static str,
    statement: &'static str,
    indicator: &'static str,
    /// A wording from the schema's aliases, used where a sample words it differently.
    alias: &'static str,
    /// The unit word typed after the number ("6 unit").
    unit: &'static str,
    /// The text of the Satuan column.
    satuan: &'static str,
    kind: Kind,
    negative: bool,
}

const fn ind(
    id: &'static str,
    statement: &'static str,
    indicator: &'static str,
    alias: &'static str,
    unit: &'static str,
    satuan: &'static str,
    kind: Kind,
) -> Ind {
    Ind {
        id,
        statement,
        indicator,
        alias,
        unit,
        satuan,
        kind,
        negative: false,
    }
}

#[rustfmt::skip]
const INDS: &[Ind] = &[
    ind("ipp", "Meningkatnya kualitas pelayanan publik", "Indeks Pelayanan Publik", "Nilai Indeks Pelayanan Publik", "", "Nilai", Kind::Index),
    ind("ikm", "Meningkatnya kepuasan masyarakat terhadap pelayanan publik", "Indeks Kepuasan Masyarakat (IKM)", "Nilai IKM", "", "Nilai", Kind::Index),
    ind("sakip", "Meningkatkan akuntabilitas penyelenggaraan pemerintahan kecamatan", "Nilai SAKIP", "Predikat SAKIP", "", "Predikat", Kind::Grade),
    ind("sarana", "Meningkatnya sarana dan prasana pelayanan publik memadai", "Jumlah sarana dan prasarana yang memadai", "Jumlah sarana dan prasarana pelayanan yang memadai", "unit", "Unit", Kind::Count),
    ind("sop_pct", "Tersedianya prosedur pelayanan yang efisien", "Persentase layanan yang memiliki SOP", "Persentase jenis layanan yang memiliki SOP", "%", "%", Kind::Percent),
    ind("sp_pct", "Meningkatnya pelayanan kepada masyarakat sesuai standar pelayanan", "Persentase layanan sesuai SP", "Persentase layanan sesuai Standar Pelayanan", "%", "%", Kind::Percent),
    ind("pengaduan_tl_tersedia_pct", "Meningkatnya tindak lanjut pengaduan masyarakat", "Persentase tindak lanjut pengaduan yang tersedia", "Persentase tindak lanjut pengaduan", "%", "%", Kind::Percent),
    ind("usulan_pct", "Meningkatnya usulan masyarakat yang diakomodir", "Persentase usulan masyarakat yang diakomodir", "Persentase usulan masyarakat yang terakomodir", "%", "%", Kind::Percent),
    ind("skm_tl_pct", "Meningkatnya evaluasi pelayanan", "Persentase hasil SKM yang ditindaklanjuti", "Persentase tindak lanjut hasil SKM", "%", "%", Kind::Percent),
    ind("sarana_pelayanan", "Tersedianya sarana pelayanan yang memadai", "Jumlah sarana pelayanan yang tersedia", "Jumlah sarana pelayanan yang disediakan", "unit", "Unit", Kind::Count),
    ind("sarana_rentan", "Tersedianya sarana bagi kelompok rentan", "Jumlah sarana bagi kelompok rentan", "Jumlah sarana ramah kelompok rentan", "unit", "Unit", Kind::Count),
    ind("tim_sop", "Terbentuknya tim penyusun SOP", "Jumlah tim penyusunan SOP", "Jumlah tim penyusun SOP", "tim", "Tim", Kind::Count),
    ind("sop_disusun", "Tersedianya SOP pelayanan di setiap jenis pelayanan", "Jumlah SOP pelayanan yang disusun", "Jumlah SOP yang disusun", "SOP", "SOP", Kind::Count),
    ind("maklumat", "Tersedianya maklumat pelayanan", "Jumlah maklumat pelayanan yang tersedia", "Jumlah dokumen maklumat pelayanan", "dokumen", "Dokumen", Kind::Count),
    ind("fkp_unsur", "Terlaksananya forum konsultasi publik", "Jumlah unsur masyarakat yang hadir dalam FKP", "Jumlah unsur masyarakat yang hadir pada FKP", "unsur masyarakat", "Unsur", Kind::Count),
    ind("pengaduan_verif_pct", "Terverifikasinya pengaduan masyarakat", "Persentase pengaduan yang diverifikasi", "Persentase pengaduan terverifikasi", "%", "%", Kind::Percent),
    ind("pengaduan_tl_pct", "Terlaksananya tindak lanjut pengaduan masyarakat", "Persentase pengaduan yang ditindaklanjuti", "Persentase pengaduan yang telah ditindaklanjuti", "%", "%", Kind::Percent),
    Ind {
        negative: true,
        ..ind("pengaduan_belum_tl", "Terlaksananya tindak lanjut pengaduan masyarakat", "Jumlah pengaduan yang belum ditindaklanjuti", "Jumlah tunggakan pengaduan", "pengaduan", "Pengaduan", Kind::Count)
    },
    ind("usulan_jumlah", "Tersalurkannya usulan masyarakat dalam perencanaan pembangunan", "Jumlah usulan masyarakat", "Jumlah usulan masyarakat yang tersalurkan", "usulan", "Usulan", Kind::Count),
    ind("kuesioner", "Terlaksananya survei kepuasan masyarakat", "Jumlah pengguna layanan yang mengisi kuesioner", "Jumlah kuesioner yang disebarkan", "orang", "Orang", Kind::Count),
    ind("bahan_dok_sop", "Tersedianya bahan-bahan penyusunan dokumen perencanaan pelayanan", "Jumlah bahan-bahan penyusunan dokumen SOP", "Jumlah bahan penyusunan dokumen SOP", "dokumen", "Dokumen", Kind::Count),
    ind("bahan_maklumat", "Tersedianya bahan-bahan penyusunan dokumen perencanaan pelayanan", "Jumlah bahan-bahan penyusunan maklumat pelayanan", "Jumlah bahan penyusunan maklumat pelayanan", "dokumen", "Dokumen", Kind::Count),
    ind("instrumen_survei", "Tersedianya instrumen survei", "Jumlah instrumen survei kepuasan", "Jumlah instrumen SKM", "dokumen", "Dokumen", Kind::Count),
];

/// Rows that are in no schema: an office reports something of its own.
#[rustfmt::skip]
const UNKNOWN: &[Ind] = &[
    ind("", "Terpeliharanya kendaraan dinas operasional", "Jumlah kendaraan dinas yang dipelihara", "", "unit", "Unit", Kind::Count),
    ind("", "Meningkatnya kapasitas aparatur kecamatan", "Persentase pegawai yang mengikuti diklat", "", "%", "%", Kind::Percent),
    ind("", "Tertibnya administrasi perkantoran", "Jumlah surat keluar yang diarsipkan", "", "surat", "Surat", Kind::Count),
    ind("", "Meningkatnya ketentraman dan ketertiban umum", "Persentase gangguan trantibum yang ditangani", "", "%", "%", Kind::Percent),
];

/// Schema order (tujuan, sasaran, program, kegiatan, sub kegiatan), as most tables list them.
#[rustfmt::skip]
const LEVEL_ORDER: &[&str] = &[
    "ipp", "ikm", "sakip", "sarana", "sop_pct", "sp_pct", "pengaduan_tl_tersedia_pct",
    "usulan_pct", "skm_tl_pct", "sarana_pelayanan", "sarana_rentan", "tim_sop", "sop_disusun",
    "maklumat", "fkp_unsur", "pengaduan_verif_pct", "pengaduan_tl_pct", "pengaduan_belum_tl",
    "usulan_jumlah", "kuesioner", "bahan_dok_sop", "bahan_maklumat", "instrumen_survei",
];

/// Depth-first tree order, as offices that copy the pohon kinerja list them.
#[rustfmt::skip]
const TREE_ORDER: &[&str] = &[
    "ipp", "ikm", "sarana", "sarana_pelayanan", "sarana_rentan", "sop_pct", "tim_sop",
    "sop_disusun", "bahan_dok_sop", "sp_pct", "maklumat", "bahan_maklumat", "fkp_unsur",
    "pengaduan_tl_tersedia_pct", "pengaduan_verif_pct", "pengaduan_tl_pct", "pengaduan_belum_tl",
    "usulan_pct", "usulan_jumlah", "skm_tl_pct", "kuesioner", "instrumen_survei", "sakip",
];

#[rustfmt::skip]
const KECAMATAN: &[&str] = &[
    "Bontonompo", "Bontonompo Selatan", "Bajeng", "Bajeng Barat", "Pallangga", "Barombong",
    "Somba Opu", "Bontomarannu", "Pattallassang", "Parangloe", "Manuju", "Tinggimoncong",
    "Tombolo Pao", "Parigi", "Bungaya", "Bontolempangan", "Tompobulu", "Biringbulu",
];

const GRADES: &[&str] = &["AA", "A", "BB", "B", "CC", "C", "D"];

/// Nodes whose usual table wording (the `indicator` above) is only an alias in the shipped
/// schema (schemas/gowa-kecamatan-2023.toml agrees on the tree's wording), so a row worded
/// the usual way gets an indicator-renamed note and a row worded with `alias` does not.
const SCHEMA_ALIASED: &[&str] = &["kuesioner"];

fn ind_by_id(id: &str) -> Option<&'static Ind> {
    INDS.iter().find(|i| i.id == id)
}

fn grade_rank(g: &str) -> Option<usize> {
    GRADES.iter().position(|x| *x == g.trim())
}

/// IKM scale of PermenPAN-RB 14/2017 (half-open bands).
fn ikm_label(x: f64) -> &'static str {
    if x >= 88.31 {
        "Sangat Baik"
    } else if x >= 76.61 {
        "Baik"
    } else if x >= 65.0 {
        "Kurang Baik"
    } else {
        "Tidak Baik"
    }
}

// ───────────────────────────── figures and their rendering ─────────────────────────────

/// A target or realisasi as the office meant it.
#[derive(Clone, Debug, PartialEq)]
enum Val {
    Num(f64),
    Grade(&'static str),
    /// "-" or blank.
    Missing(&'static str),
    /// "N/A", "n/a", "tidak ada data".
    Na(&'static str),
}

impl Val {
    fn num(&self) -> Option<f64> {
        match self {
            Val::Num(x) => Some(*x),
            _ => None,
        }
    }
}

/// The capaian as stated in the sheet.
#[derive(Clone, Debug, PartialEq)]
enum Cap {
    /// Stated correctly: computed from target and realisasi with the indicator's polarity.
    Auto,
    Stated(f64),
    Text(&'static str),
    Blank,
}

/// Everything one indicator row says.
#[derive(Clone, Debug)]
struct Fig {
    t: Val,
    r: Val,
    cap: Cap,
    t_label: Option<&'static str>,
    r_label: Option<&'static str>,
    /// Realisasi typed with a unit other than the indicator's.
    r_unit: Option<&'static str>,
    ket: String,
    use_alias: bool,
}

fn fig(t: Val, r: Val) -> Fig {
    Fig {
        t,
        r,
        cap: Cap::Auto,
        t_label: None,
        r_label: None,
        r_unit: None,
        ket: String::new(),
        use_alias: false,
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Capaian computed with the indicator's polarity, rounded to 2 decimals.
fn computed_capaian(ind: &Ind, t: &Val, r: &Val) -> Option<f64> {
    let (t, r) = (t.num()?, r.num()?);
    if t == 0.0 {
        return None;
    }
    Some(round2(if ind.negative {
        (2.0 * t - r) / t * 100.0
    } else {
        r / t * 100.0
    }))
}

fn stated_capaian(ind: &Ind, f: &Fig) -> Option<f64> {
    match f.cap {
        Cap::Auto => computed_capaian(ind, &f.t, &f.r),
        Cap::Stated(x) => Some(x),
        Cap::Text(_) | Cap::Blank => None,
    }
}

/// A number the Indonesian way: dot for thousands, comma for decimals.
fn id_num(x: f64, dec: usize) -> String {
    let s = format!("{:.*}", dec, x.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), f.to_string()),
        None => (s.clone(), String::new()),
    };
    let digits: Vec<char> = int.chars().collect();
    let mut grouped = String::new();
    for (i, ch) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(*ch);
    }
    let sign = if x < 0.0 { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{frac}")
    }
}

fn is_int(x: f64) -> bool {
    x.fract() == 0.0
}

/// A cell to write.
#[derive(Clone, Debug, PartialEq)]
enum V {
    Blank,
    Text(String),
    Num(f64, Option<String>),
}

/// How an office types target and realisasi.
#[derive(Clone, Copy, Debug, PartialEq)]
enum NumStyle {
    /// Text with units: "6 unit", "100%", "85,00".
    Text,
    /// Plain numeric cells; the unit is in the Satuan column.
    Plain,
    /// Numeric cells whose number format shows the unit: 6 with `0 "unit"`, 1 with `0%`.
    NumFmt,
}

/// How an office types the capaian.
#[derive(Clone, Copy, Debug, PartialEq)]
enum CapStyle {
    /// "97,31%"
    PctText,
    /// 0.9731 formatted `0.00%`
    PctFrac,
    /// 97.31 formatted `0.00`
    PlainNum,
    /// "97,31"
    PlainText,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Case {
    AsIs,
    Upper,
    Lower,
}

#[derive(Clone, Debug)]
struct Style {
    num: NumStyle,
    cap: CapStyle,
    /// IKM values carry their scale label: "85,00 (Baik)".
    labels: bool,
    /// Stray spaces, doubled spaces and non-breaking spaces in typed text.
    messy: bool,
    case: Case,
}

fn messy_text(s: String, rng: &mut Rng) -> String {
    let mut s = s;
    if rng.chance(0.25) {
        s = s.replacen(' ', "  ", 1);
    }
    if rng.chance(0.2) {
        s.push('\u{a0}');
    }
    if rng.chance(0.1) {
        s.insert(0, ' ');
    }
    s
}

fn pct_text(x: f64) -> String {
    if is_int(x) {
        format!("{}%", id_num(x, 0))
    } else {
        format!("{}%", id_num(x, 2))
    }
}

fn count_fmt(x: f64, unit: &str) -> String {
    let base = if x >= 1000.0 { "#,##0" } else { "0" };
    if unit.is_empty() {
        base.to_string()
    } else {
        format!("{base} \"{unit}\"")
    }
}

fn render_val(
    ind: &Ind,
    v: &Val,
    label: Option<&str>,
    unit_override: Option<&str>,
    style: &Style,
    rng: &mut Rng,
) -> V {
    match v {
        Val::Grade(g) => V::Text((*g).to_string()),
        Val::Missing("") => V::Blank,
        Val::Missing(s) | Val::Na(s) => V::Text((*s).to_string()),
        Val::Num(x) => {
            let x = *x;
            let forced_text = label.is_some() || unit_override.is_some();
            let num = if forced_text {
                NumStyle::Text
            } else {
                style.num
            };
            let v = match (num, ind.kind) {
                (NumStyle::Text, Kind::Index) => V::Text(match label {
                    Some(l) => format!("{} ({l})", id_num(x, 2)),
                    None => id_num(x, 2),
                }),
                (NumStyle::Text, Kind::Percent) if unit_override.is_none() => V::Text(pct_text(x)),
                (NumStyle::Text, _) => {
                    let unit = unit_override.unwrap_or(ind.unit);
                    V::Text(format!(
                        "{} {unit}",
                        id_num(x, if is_int(x) { 0 } else { 2 })
                    ))
                }
                (NumStyle::Plain, Kind::Index) | (NumStyle::NumFmt, Kind::Index) => {
                    V::Num(x, Some("0.00".into()))
                }
                (NumStyle::Plain, Kind::Count) => {
                    V::Num(x, (x >= 1000.0).then(|| "#,##0".to_string()))
                }
                (NumStyle::Plain, _) => V::Num(x, None),
                (NumStyle::NumFmt, Kind::Percent) => V::Num(
                    (x * 100.0).round() / 10000.0,
                    Some(if is_int(x) { "0%" } else { "0.00%" }.into()),
                ),
                (NumStyle::NumFmt, _) => V::Num(x, Some(count_fmt(x, ind.unit))),
            };
            match v {
                V::Text(s) if style.messy => V::Text(messy_text(s, rng)),
                other => other,
            }
        }
    }
}

fn render_cap(stated: Option<f64>, cap: &Cap, style: &Style) -> V {
    match cap {
        Cap::Text(s) => return V::Text((*s).to_string()),
        Cap::Blank => return V::Blank,
        Cap::Auto | Cap::Stated(_) => {}
    }
    let Some(c) = stated else {
        return V::Text("-".into());
    };
    match style.cap {
        CapStyle::PctText => V::Text(pct_text(c)),
        CapStyle::PctFrac => V::Num((c * 100.0).round() / 10000.0, Some("0.00%".into())),
        CapStyle::PlainNum => V::Num(c, Some("0.00".into())),
        CapStyle::PlainText => V::Text(id_num(c, 2)),
    }
}

fn apply_case(s: &str, case: Case) -> String {
    match case {
        Case::AsIs => s.to_string(),
        Case::Upper => s.to_uppercase(),
        Case::Lower => s.to_lowercase(),
    }
}

// ───────────────────────────── base figures per kecamatan ─────────────────────────────

fn base_figs(rng: &mut Rng) -> HashMap<&'static str, Fig> {
    let mut m = HashMap::new();
    let n = |x: i64| Val::Num(x as f64);
    let ipp_t = rng.pick(&[3.5, 3.75, 4.0], 4.0);
    let ipp_r = (round2(ipp_t + rng.int(-25, 60) as f64 / 100.0)).min(5.0);
    m.insert("ipp", fig(Val::Num(ipp_t), Val::Num(ipp_r)));
    let ikm_t = rng.pick(&[80.0, 82.5, 85.0, 86.0], 85.0);
    let ikm_r = rng.int(7800, 9300) as f64 / 100.0;
    m.insert("ikm", fig(Val::Num(ikm_t), Val::Num(ikm_r)));
    let gt = rng.pick(&["B", "BB", "A"], "BB");
    let gr = match (grade_rank(gt), rng.chance(0.5)) {
        (Some(i), true) if i > 0 => GRADES.get(i - 1).copied().unwrap_or(gt),
        _ => gt,
    };
    m.insert("sakip", fig(Val::Grade(gt), Val::Grade(gr)));
    let (sp_t, sr_t) = (rng.int(3, 6), rng.int(1, 3));
    let sp_r = if rng.chance(0.2) { sp_t - 1 } else { sp_t };
    m.insert("sarana_pelayanan", fig(n(sp_t), n(sp_r)));
    m.insert("sarana_rentan", fig(n(sr_t), n(sr_t)));
    m.insert("sarana", fig(n(sp_t + sr_t), n(sp_r + sr_t)));
    for id in [
        "sop_pct",
        "sp_pct",
        "pengaduan_tl_tersedia_pct",
        "pengaduan_verif_pct",
        "pengaduan_tl_pct",
    ] {
        m.insert(id, fig(n(100), n(100)));
    }
    let skm = rng.pick(&[100.0, 100.0, 100.0, 90.0, 85.5], 100.0);
    m.insert("skm_tl_pct", fig(n(100), Val::Num(skm)));
    let usulan = rng.int(6000, 10000) as f64 / 100.0;
    m.insert("usulan_pct", fig(n(100), Val::Num(usulan)));
    m.insert("tim_sop", fig(n(1), n(1)));
    let sop = rng.int(8, 15);
    m.insert("sop_disusun", fig(n(sop), n(sop)));
    m.insert("maklumat", fig(n(1), n(1)));
    let fkp = rng.int(5, 8);
    m.insert("fkp_unsur", fig(n(fkp), n(fkp - rng.int(0, 2))));
    let bt = rng.int(1, 3);
    m.insert("pengaduan_belum_tl", fig(n(bt), n(rng.int(0, bt))));
    let ut = rng.int(40, 90);
    m.insert("usulan_jumlah", fig(n(ut), n(ut * rng.int(60, 100) / 100)));
    let kt = rng.pick(&[150, 300, 400, 1200, 1500], 300);
    m.insert("kuesioner", fig(n(kt), n(kt * rng.int(85, 110) / 100)));
    m.insert("bahan_dok_sop", fig(n(2), n(2)));
    m.insert("bahan_maklumat", fig(n(1), n(1)));
    m.insert("instrumen_survei", fig(n(1), n(1)));
    for (id, f) in m.iter_mut() {
        f.ket = keterangan(id, f);
    }
    m
}

/// Remarks consistent with the figures (numbers only where they match the realisasi).
fn keterangan(id: &str, f: &Fig) -> String {
    let r = f.r.num();
    match id {
        "ipp" => "Hasil evaluasi pelayanan publik".into(),
        "ikm" => "Hasil SKM Tahun 2023".into(),
        "sakip" => "Hasil evaluasi Inspektorat".into(),
        "sarana" => "Ruang pelayanan, loket pelayanan, ruang tunggu, area parkir, jalan landai, dan toilet ramah disabilitas".into(),
        "sop_pct" => "Seluruh layanan memiliki SOP".into(),
        "sp_pct" => "Pelayanan berdasarkan Standar Pelayanan".into(),
        "pengaduan_tl_tersedia_pct" => "Seluruh pengaduan telah ditindaklanjuti".into(),
        "usulan_pct" => "Usulan diakomodir dalam Musrenbang kecamatan".into(),
        "skm_tl_pct" => "Hasil SKM telah ditindaklanjuti".into(),
        "sarana_pelayanan" => "Ruang pelayanan, loket pelayanan, ruang tunggu, area parkir.".into(),
        "sarana_rentan" => "Jalan landai dan toilet ramah disabilitas".into(),
        "tim_sop" => "Tim penyusun SOP berdasarkan SK Camat".into(),
        "sop_disusun" => "SOP ditetapkan dengan SK Camat".into(),
        "maklumat" => match r {
            Some(_) => "Maklumat pelayanan telah ditetapkan".into(),
            None => "Maklumat pelayanan belum disusun".into(),
        },
        "fkp_unsur" => match r {
            Some(x) => format!("FKP dihadiri {} unsur masyarakat", id_num(x, 0)),
            None => "FKP tidak dilaksanakan".into(),
        },
        "pengaduan_verif_pct" => "Pengaduan langsung maupun online".into(),
        "pengaduan_tl_pct" => "Pengaduan ditindaklanjuti sesuai SOP".into(),
        "pengaduan_belum_tl" => match r {
            Some(0.0) => "Seluruh pengaduan telah ditindaklanjuti".into(),
            _ => "Sisa pengaduan masih dalam proses".into(),
        },
        "usulan_jumlah" => match (f.t.num(), r) {
            (Some(t), Some(r)) => format!(
                "{} usulan terealisasi dari target {} usulan",
                id_num(r, 0),
                id_num(t, 0)
            ),
            _ => String::new(),
        },
        "kuesioner" => match r {
            Some(x) => format!("{} orang pengguna layanan mengisi kuesioner", id_num(x, 0)),
            None => String::new(),
        },
        "bahan_dok_sop" => "Bahan penyusunan SOP tersedia".into(),
        "bahan_maklumat" => "Bahan penyusunan maklumat tersedia".into(),
        "instrumen_survei" => "Instrumen survei tersedia".into(),
        _ => String::new(),
    }
}

// ───────────────────────────── deliberate discrepancies ─────────────────────────────

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Field {
    Target,
    Realisasi,
    Capaian,
    Keterangan,
    Indicator,
}

impl Field {
    fn name(self) -> &'static str {
        match self {
            Field::Target => "target",
            Field::Realisasi => "realisasi",
            Field::Capaian => "capaian",
            Field::Keterangan => "keterangan",
            Field::Indicator => "indicator",
        }
    }
}

#[derive(Clone, Debug)]
enum Disc {
    /// Stated capaian that the figures do not give.
    CapaianWrong(&'static str),
    /// Realisasi "-" (capaian written 0 %), as the seed does.
    MissingDash(&'static str),
    /// Realisasi left blank.
    MissingBlank(&'static str),
    NotAvailable(&'static str, &'static str),
    /// An IKM label that contradicts the scale, on target or realisasi.
    LabelWrong(Field),
    /// sarana ≠ sarana_pelayanan + sarana_rentan on target or realisasi.
    RollupBroken(Field),
    /// pengaduan_belum_tl (lower is better) with capaian stated as r/t instead of (2t−r)/t.
    NegWrongFormula,
    /// Realisasi typed with another unit than the indicator's.
    UnitWrong(&'static str, &'static str),
    /// A row that is in no schema, placed after the given indicator.
    Unknown(&'static str, usize),
}

/// A discrepancy as it lands in the workbook, resolved to a cell after layout.
#[derive(Clone, Debug)]
struct Planned {
    rule: &'static str,
    id: Option<&'static str>,
    /// Which logical row: the indicator id, or the unknown row's indicator text.
    key: String,
    field: Field,
    note: String,
}

/// An extra row in no schema.
#[derive(Clone, Debug)]
struct Extra {
    after: &'static str,
    ind: &'static Ind,
    fig: Fig,
}

fn fig_mut<'a>(figs: &'a mut HashMap<&'static str, Fig>, id: &str) -> Res<&'a mut Fig> {
    figs.get_mut(id)
        .ok_or_else(|| format!("no figures for indicator {id}").into())
}

fn apply_disc(
    d: &Disc,
    figs: &mut HashMap<&'static str, Fig>,
    extras: &mut Vec<Extra>,
    rng: &mut Rng,
) -> Res<Planned> {
    let planned = |rule, id: &'static str, field, note: String| Planned {
        rule,
        id: Some(id),
        key: id.to_string(),
        field,
        note,
    };
    Ok(match d {
        Disc::CapaianWrong(id) => {
            let ind = ind_by_id(id).ok_or("unknown indicator")?;
            let f = fig_mut(figs, id)?;
            let c = computed_capaian(ind, &f.t, &f.r).ok_or("capaian-mismatch needs numbers")?;
            let wrong = if c < 100.0 {
                100.0
            } else {
                round2(c - 20.0 + rng.int(0, 1000) as f64 / 100.0)
            };
            f.cap = Cap::Stated(wrong);
            planned(
                "capaian-mismatch",
                id,
                Field::Capaian,
                format!("stated {wrong} vs computed {c}"),
            )
        }
        Disc::MissingDash(id) => {
            let f = fig_mut(figs, id)?;
            f.r = Val::Missing("-");
            f.cap = Cap::Stated(0.0);
            f.ket = keterangan(id, f);
            planned(
                "missing-value",
                id,
                Field::Realisasi,
                "realisasi \"-\" (capaian written 0 %)".into(),
            )
        }
        Disc::MissingBlank(id) => {
            let f = fig_mut(figs, id)?;
            f.r = Val::Missing("");
            f.cap = Cap::Blank;
            f.ket = keterangan(id, f);
            planned(
                "missing-value",
                id,
                Field::Realisasi,
                "realisasi blank".into(),
            )
        }
        Disc::NotAvailable(id, text) => {
            let f = fig_mut(figs, id)?;
            f.r = Val::Na(text);
            f.cap = Cap::Text("-");
            if *id == "sakip" {
                f.ket = "Belum ada nilai LHE dari Inspektorat".into();
            } else {
                f.ket = keterangan(id, f);
            }
            planned(
                "not-available",
                id,
                Field::Realisasi,
                format!("realisasi \"{text}\""),
            )
        }
        Disc::LabelWrong(field) => {
            let f = fig_mut(figs, "ikm")?;
            let x = match field {
                Field::Target => f.t.num(),
                _ => f.r.num(),
            }
            .ok_or("label-mismatch needs a number")?;
            let right = ikm_label(x);
            let wrong = if right == "Baik" {
                "Sangat Baik"
            } else {
                "Baik"
            };
            match field {
                Field::Target => f.t_label = Some(wrong),
                _ => f.r_label = Some(wrong),
            }
            planned(
                "label-mismatch",
                "ikm",
                *field,
                format!(
                    "{} labelled ({wrong}); the IKM scale says {right}",
                    id_num(x, 2)
                ),
            )
        }
        Disc::RollupBroken(field) => {
            let pick = |f: &Fig| match field {
                Field::Target => f.t.num(),
                _ => f.r.num(),
            };
            let a = figs
                .get("sarana_pelayanan")
                .and_then(pick)
                .ok_or("no sarana_pelayanan")?;
            let b = figs
                .get("sarana_rentan")
                .and_then(pick)
                .ok_or("no sarana_rentan")?;
            let sum = a + b;
            let bad = if rng.chance(0.5) || sum <= 1.0 {
                sum + 1.0
            } else {
                sum - 1.0
            };
            let f = fig_mut(figs, "sarana")?;
            match field {
                Field::Target => f.t = Val::Num(bad),
                _ => f.r = Val::Num(bad),
            }
            planned(
                "rollup-mismatch",
                "sarana",
                *field,
                format!(
                    "{} {} ≠ sarana_pelayanan {} + sarana_rentan {}",
                    field.name(),
                    id_num(bad, 0),
                    id_num(a, 0),
                    id_num(b, 0)
                ),
            )
        }
        Disc::NegWrongFormula => {
            let id = "pengaduan_belum_tl";
            let ind = ind_by_id(id).ok_or("unknown indicator")?;
            let f = fig_mut(figs, id)?;
            let t = f.t.num().ok_or("needs a number")?;
            if f.r.num() == Some(t) {
                f.r = Val::Num(t - 1.0);
            }
            let r = f.r.num().ok_or("needs a number")?;
            let wrong = round2(r / t * 100.0);
            let right = computed_capaian(ind, &f.t, &f.r).ok_or("needs numbers")?;
            f.cap = Cap::Stated(wrong);
            f.ket = keterangan(id, f);
            planned(
                "capaian-mismatch",
                id,
                Field::Capaian,
                format!("negative polarity: stated {wrong} = r/t, (2t−r)/t gives {right}"),
            )
        }
        Disc::UnitWrong(id, unit) => {
            let f = fig_mut(figs, id)?;
            f.r_unit = Some(unit);
            let expected = ind_by_id(id).map(|i| i.satuan).unwrap_or("");
            let r = f.r.num().map(|x| id_num(x, 0)).unwrap_or_default();
            planned(
                "unit-mismatch",
                id,
                Field::Realisasi,
                format!("realisasi typed \"{r} {unit}\"; the indicator counts in {expected}"),
            )
        }
        Disc::Unknown(after, which) => {
            let u = UNKNOWN.get(*which).ok_or("no such unknown row")?;
            let f = if u.kind == Kind::Percent {
                let mut f = fig(Val::Num(100.0), Val::Num(rng.int(90, 100) as f64));
                f.ket = String::new();
                f
            } else {
                let t = rng.int(8, 30);
                fig(
                    Val::Num(t as f64),
                    Val::Num(t as f64 - rng.int(0, 2) as f64),
                )
            };
            extras.push(Extra {
                after,
                ind: u,
                fig: f,
            });
            Planned {
                rule: "unknown-indicator",
                id: None,
                key: u.indicator.to_string(),
                field: Field::Indicator,
                note: format!("\"{}\" is in no schema", u.indicator),
            }
        }
    })
}

// ───────────────────────────── logical rows ─────────────────────────────

/// What a test may expect from one target or realisasi cell.
#[derive(Clone, Debug)]
struct ExpVal {
    state: &'static str,
    value: Option<f64>,
    grade: Option<String>,
    text: Option<String>,
    label: Option<String>,
    unit_written: Option<String>,
}

fn exp_val(v: &Val, label: Option<&str>, unit: Option<&str>) -> ExpVal {
    let (state, value, grade, text) = match v {
        Val::Num(x) => ("value", Some(*x), None, None),
        Val::Grade(g) => ("grade", None, Some(g.to_string()), None),
        Val::Missing(s) => ("missing", None, None, Some(s.to_string())),
        Val::Na(s) => ("not-available", None, None, Some(s.to_string())),
    };
    ExpVal {
        state,
        value,
        grade,
        text,
        label: label.map(str::to_string),
        unit_written: if matches!(v, Val::Num(_)) {
            unit.filter(|u| !u.is_empty()).map(str::to_string)
        } else {
            None
        },
    }
}

fn exp_json(e: &ExpVal) -> Json {
    without_nulls(
        json!({"state": e.state, "value": e.value, "grade": e.grade, "text": e.text,
           "label": e.label, "unit_written": e.unit_written}),
    )
}

/// Drop null members so expected.json stays short to read.
fn without_nulls(v: Json) -> Json {
    match v {
        Json::Object(m) => Json::Object(
            m.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        other => other,
    }
}

/// One indicator row of the table, before layout.
#[derive(Clone, Debug)]
struct LRow {
    id: Option<&'static str>,
    no: String,
    statement: String,
    indicator: String,
    /// Indicator text wrapped into a continuation row with no numbers.
    cont: Option<String>,
    unit: String,
    target: V,
    realisasi: V,
    capaian: V,
    keterangan: V,
    anggaran: V,
    // For the manifest.
    exp_t: ExpVal,
    exp_r: ExpVal,
    cap_stated: Option<f64>,
    negative: bool,
    renamed: bool,
}

/// Split a text near its middle at a space: the part that stays and the wrapped rest.
fn split_wrap(s: &str) -> (String, String) {
    let words: Vec<&str> = s.split(' ').collect();
    let keep = (words.len() / 2).max(1);
    let head = words
        .iter()
        .take(keep)
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let tail = words
        .iter()
        .skip(keep)
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    (head, tail)
}

#[allow(clippy::too_many_arguments)]
fn make_lrow(
    ind: &Ind,
    f: &Fig,
    no: usize,
    style: &Style,
    wrap: bool,
    anggaran: Option<f64>,
    rng: &mut Rng,
) -> LRow {
    let indicator_text = if f.use_alias && !ind.alias.is_empty() {
        ind.alias
    } else {
        ind.indicator
    };
    let mut indicator = apply_case(indicator_text, style.case);
    let mut statement = apply_case(ind.statement, style.case);
    if style.messy && rng.chance(0.3) {
        statement.push(' ');
    }
    if style.messy && rng.chance(0.2) {
        indicator.push('\u{a0}');
    }
    // Short texts (e.g. an alias of three words) never wrap in a real sheet.
    let cont = if wrap && indicator.split(' ').count() >= 4 {
        let (head, tail) = split_wrap(&indicator);
        indicator = head;
        Some(tail)
    } else {
        None
    };
    let t_label = f
        .t_label
        .or((style.labels && ind.kind == Kind::Index && ind.id == "ikm")
            .then(|| f.t.num().map(ikm_label))
            .flatten());
    let r_label = f
        .r_label
        .or((style.labels && ind.kind == Kind::Index && ind.id == "ikm")
            .then(|| f.r.num().map(ikm_label))
            .flatten());
    let target = render_val(ind, &f.t, t_label, None, style, rng);
    let realisasi = render_val(ind, &f.r, r_label, f.r_unit, style, rng);
    let cap_stated = stated_capaian(ind, f);
    let capaian = render_cap(cap_stated, &f.cap, style);
    let unit_of = |v: &V, ov: Option<&str>| -> Option<String> {
        if let Some(u) = ov {
            return Some(u.to_string());
        }
        match (v, ind.kind) {
            (_, Kind::Grade) => None,
            (V::Text(_), Kind::Index) => None,
            (V::Text(_), _) => Some(ind.unit.to_string()),
            (V::Num(_, Some(fmt)), Kind::Percent) if fmt.contains('%') => Some("%".into()),
            (V::Num(_, Some(fmt)), Kind::Count) if fmt.contains('"') => Some(ind.unit.to_string()),
            _ => None,
        }
    };
    LRow {
        id: (!ind.id.is_empty()).then_some(ind.id),
        no: no.to_string(),
        statement,
        indicator,
        cont,
        unit: ind.satuan.to_string(),
        exp_t: exp_val(&f.t, t_label, unit_of(&target, None).as_deref()),
        exp_r: exp_val(&f.r, r_label, unit_of(&realisasi, f.r_unit).as_deref()),
        target,
        realisasi,
        capaian,
        keterangan: if f.ket.is_empty() {
            V::Blank
        } else {
            V::Text(f.ket.clone())
        },
        anggaran: match anggaran {
            Some(a) => V::Num(a, Some("#,##0".into())),
            None => V::Blank,
        },
        cap_stated,
        negative: ind.negative,
        renamed: f.use_alias != SCHEMA_ALIASED.contains(&ind.id),
    }
}

// ───────────────────────────── layout ─────────────────────────────

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Role {
    No,
    Statement,
    Indicator,
    Unit,
    Target,
    Realisasi,
    Capaian,
    Keterangan,
    Anggaran,
    /// An empty column between two others.
    Spacer,
}

impl Role {
    fn name(self) -> &'static str {
        match self {
            Role::No => "no",
            Role::Statement => "statement",
            Role::Indicator => "indicator",
            Role::Unit => "unit",
            Role::Target => "target",
            Role::Realisasi => "realisasi",
            Role::Capaian => "capaian",
            Role::Keterangan => "keterangan",
            Role::Anggaran => "anggaran",
            Role::Spacer => "spacer",
        }
    }

    fn of_field(f: Field) -> Role {
        match f {
            Field::Target => Role::Target,
            Field::Realisasi => Role::Realisasi,
            Field::Capaian => Role::Capaian,
            Field::Keterangan => Role::Keterangan,
            Field::Indicator => Role::Indicator,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum StmtMode {
    /// The statement repeated on every row.
    Repeat,
    /// One cell merged vertically over the rows that share the statement.
    Merge,
    /// Written on the first row only; the rows below are blank (fill down).
    BlankBelow,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum PreSheet {
    Cover,
    Instructions,
    Empty,
}

#[derive(Clone, Debug)]
struct Layout {
    sheet: String,
    pre: Vec<(PreSheet, String)>,
    helper: Option<String>,
    title: Vec<String>,
    title_merged: bool,
    left_pad: u16,
    /// Columns left to right with their header text.
    cols: Vec<(Role, String)>,
    /// A group header (e.g. "Kinerja") over Target / Realisasi / Capaian on a first header
    /// row; the other headers are merged over both rows.
    group: Option<String>,
    /// The numbered-column row under the header, one text per non-spacer column.
    colnum: Option<Vec<String>>,
    stmt: StmtMode,
    program_table: Option<Vec<(String, V, V)>>,
    signature: Option<Vec<String>>,
}

/// Where the layout put things (0-based rows and columns).
struct Placed {
    rows: Vec<u32>,
    col: HashMap<Role, u16>,
    title_rows: Vec<u32>,
    header_rows: Vec<u32>,
    colnum_row: Option<u32>,
    last_data_row: u32,
    signature_rows: Vec<u32>,
}

fn col_letters(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut out = Vec::new();
    while n > 0 {
        out.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn a1(row: u32, col: u16) -> String {
    format!("{}{}", col_letters(col as u32), row + 1)
}

/// The formats one workbook uses, built once (rust_xlsxwriter deduplicates by value, but
/// building a Format per cell costs time in bench mode).
struct Formats {
    title: Format,
    head: Format,
    cell: Format,
    plain: Format,
    by_numfmt: HashMap<String, Format>,
}

impl Formats {
    fn new() -> Self {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::Top);
        Formats {
            title: Format::new().set_bold().set_align(FormatAlign::Center),
            head: Format::new()
                .set_bold()
                .set_border(FormatBorder::Thin)
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            cell,
            plain: Format::new(),
            by_numfmt: HashMap::new(),
        }
    }

    fn num(&mut self, fmt: &str) -> Format {
        if let Some(f) = self.by_numfmt.get(fmt) {
            return f.clone();
        }
        let f = self.cell.clone().set_num_format(fmt);
        self.by_numfmt.insert(fmt.to_string(), f.clone());
        f
    }
}

fn put(ws: &mut Worksheet, fm: &mut Formats, row: u32, col: u16, v: &V) -> Res<()> {
    match v {
        V::Blank => {
            let f = fm.cell.clone();
            ws.write_blank(row, col, &f)?;
        }
        V::Text(s) => {
            let f = fm.cell.clone();
            ws.write_string_with_format(row, col, s, &f)?;
        }
        V::Num(x, None) => {
            let f = fm.cell.clone();
            ws.write_number_with_format(row, col, *x, &f)?;
        }
        V::Num(x, Some(nf)) => {
            let f = fm.num(nf);
            ws.write_number_with_format(row, col, *x, &f)?;
        }
    }
    Ok(())
}

fn write_table(ws: &mut Worksheet, fm: &mut Formats, lay: &Layout, rows: &[LRow]) -> Res<Placed> {
    let first_col = lay.left_pad;
    let mut col = HashMap::new();
    for (i, (role, _)) in lay.cols.iter().enumerate() {
        col.insert(*role, first_col + i as u16);
    }
    let last_col = first_col + lay.cols.len().saturating_sub(1) as u16;
    let mut r: u32 = 0;
    let mut title_rows = Vec::new();
    for t in &lay.title {
        if lay.title_merged && last_col > first_col {
            ws.merge_range(r, first_col, r, last_col, t, &fm.title)?;
        } else {
            ws.write_string_with_format(r, first_col, t, &fm.title)?;
        }
        title_rows.push(r);
        r += 1;
    }
    if !lay.title.is_empty() {
        r += 1;
    }
    let mut header_rows = vec![r];
    let grouped = |role: Role| matches!(role, Role::Target | Role::Realisasi | Role::Capaian);
    match &lay.group {
        None => {
            for (role, text) in &lay.cols {
                if let Some(c) = col.get(role) {
                    if *role == Role::Spacer {
                        continue;
                    }
                    ws.write_string_with_format(r, *c, text, &fm.head)?;
                }
            }
            r += 1;
        }
        Some(group) => {
            header_rows.push(r + 1);
            let gcols: Vec<u16> = lay
                .cols
                .iter()
                .filter(|(role, _)| grouped(*role))
                .filter_map(|(role, _)| col.get(role).copied())
                .collect();
            let (gmin, gmax) = (
                gcols.iter().min().copied().unwrap_or(first_col),
                gcols.iter().max().copied().unwrap_or(first_col),
            );
            if gmax > gmin {
                ws.merge_range(r, gmin, r, gmax, group, &fm.head)?;
            } else {
                ws.write_string_with_format(r, gmin, group, &fm.head)?;
            }
            for (role, text) in &lay.cols {
                let Some(c) = col.get(role).copied() else {
                    continue;
                };
                if *role == Role::Spacer {
                    continue;
                }
                if grouped(*role) {
                    ws.write_string_with_format(r + 1, c, text, &fm.head)?;
                } else {
                    ws.merge_range(r, c, r + 1, c, text, &fm.head)?;
                }
            }
            r += 2;
        }
    }
    let mut colnum_row = None;
    if let Some(nums) = &lay.colnum {
        let mut i = 0usize;
        for (role, _) in &lay.cols {
            if *role == Role::Spacer {
                continue;
            }
            let text = nums
                .get(i)
                .cloned()
                .unwrap_or_else(|| format!("({})", i + 1));
            if let Some(c) = col.get(role) {
                ws.write_string_with_format(r, *c, &text, &fm.head)?;
            }
            i += 1;
        }
        colnum_row = Some(r);
        r += 1;
    }

    // Physical rows of each logical row (a continuation adds one).
    let mut starts = Vec::with_capacity(rows.len());
    let mut next = r;
    for lr in rows {
        starts.push(next);
        next += 1 + u32::from(lr.cont.is_some());
    }
    let end_excl = next;

    // Statements: groups of consecutive rows sharing the text.
    if let Some(sc) = col.get(&Role::Statement).copied() {
        let mut i = 0usize;
        while i < rows.len() {
            let mut j = i + 1;
            while j < rows.len()
                && rows.get(j).map(|x| &x.statement) == rows.get(i).map(|x| &x.statement)
            {
                j += 1;
            }
            let first = starts.get(i).copied().unwrap_or(r);
            let last = starts.get(j).copied().unwrap_or(end_excl).saturating_sub(1);
            let text = rows.get(i).map(|x| x.statement.clone()).unwrap_or_default();
            match lay.stmt {
                StmtMode::Merge if last > first => {
                    ws.merge_range(first, sc, last, sc, &text, &fm.cell)?;
                }
                StmtMode::Merge | StmtMode::BlankBelow => {
                    put(ws, fm, first, sc, &V::Text(text))?;
                }
                StmtMode::Repeat => {
                    for k in i..j {
                        if let (Some(s), Some(lr)) = (starts.get(k), rows.get(k)) {
                            put(ws, fm, *s, sc, &V::Text(lr.statement.clone()))?;
                        }
                    }
                }
            }
            i = j;
        }
    }

    for (lr, start) in rows.iter().zip(starts.iter().copied()) {
        for (role, _) in &lay.cols {
            let Some(c) = col.get(role).copied() else {
                continue;
            };
            let v = match role {
                Role::No => match lr.no.parse::<f64>() {
                    Ok(n) => V::Num(n, None),
                    Err(_) => V::Text(lr.no.clone()),
                },
                Role::Indicator => V::Text(lr.indicator.clone()),
                Role::Unit => V::Text(lr.unit.clone()),
                Role::Target => lr.target.clone(),
                Role::Realisasi => lr.realisasi.clone(),
                Role::Capaian => lr.capaian.clone(),
                Role::Keterangan => lr.keterangan.clone(),
                Role::Anggaran => lr.anggaran.clone(),
                Role::Statement | Role::Spacer => continue,
            };
            put(ws, fm, start, c, &v)?;
        }
        if let (Some(cont), Some(c)) = (&lr.cont, col.get(&Role::Indicator)) {
            put(ws, fm, start + 1, *c, &V::Text(cont.clone()))?;
        }
    }
    let last_data_row = end_excl.saturating_sub(1);
    r = end_excl;

    if let Some(programs) = &lay.program_table {
        r += 1;
        let pc = col.get(&Role::Statement).copied().unwrap_or(first_col);
        ws.write_string_with_format(r, pc, "PROGRAM", &fm.head)?;
        ws.write_string_with_format(r, pc + 1, "ANGGARAN", &fm.head)?;
        // The seed's table names the programs only; a realisasi column when there are amounts.
        let with_spent = programs.iter().any(|(_, _, spent)| *spent != V::Blank);
        if with_spent {
            ws.write_string_with_format(r, pc + 2, "REALISASI ANGGARAN", &fm.head)?;
        }
        r += 1;
        for (name, budget, spent) in programs {
            put(ws, fm, r, pc, &V::Text(name.clone()))?;
            put(ws, fm, r, pc + 1, budget)?;
            if with_spent {
                put(ws, fm, r, pc + 2, spent)?;
            }
            r += 1;
        }
    }
    let mut signature_rows = Vec::new();
    if let Some(lines) = &lay.signature {
        r += 1;
        let sc = last_col.saturating_sub(1).max(first_col);
        for line in lines {
            if !line.is_empty() {
                ws.write_string_with_format(r, sc, line, &fm.plain)?;
            }
            signature_rows.push(r);
            r += 1;
        }
    }

    // Column widths a clerk would set.
    for (role, _) in &lay.cols {
        if let Some(c) = col.get(role).copied() {
            let w = match role {
                Role::No => 5.0,
                Role::Statement | Role::Indicator => 38.0,
                Role::Keterangan => 30.0,
                Role::Anggaran => 16.0,
                Role::Spacer => 2.0,
                _ => 12.0,
            };
            ws.set_column_width(c, w)?;
        }
    }
    Ok(Placed {
        rows: starts,
        col,
        title_rows,
        header_rows,
        colnum_row,
        last_data_row,
        signature_rows,
    })
}

fn write_pre_sheet(wb: &mut Workbook, kind: PreSheet, name: &str, kec: &str) -> Res<()> {
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    let bold = Format::new().set_bold();
    match kind {
        PreSheet::Cover => {
            let lines = [
                (2, "LAPORAN KINERJA INSTANSI PEMERINTAH".to_string()),
                (3, "(LKjIP)".to_string()),
                (5, format!("KECAMATAN {}", kec.to_uppercase())),
                (6, "KABUPATEN GOWA".to_string()),
                (8, "TAHUN 2023".to_string()),
            ];
            for (r, t) in lines {
                ws.write_string_with_format(r, 1, &t, &bold)?;
            }
        }
        PreSheet::Instructions => {
            let lines = [
                "PETUNJUK PENGISIAN",
                "",
                "1. Isi kolom Realisasi sesuai data dukung yang sah.",
                "2. Capaian = Realisasi / Target x 100%.",
                "3. Untuk indikator negatif: Capaian = (2 x Target - Realisasi) / Target x 100%.",
                "4. Kirim ke Bagian Organisasi Setda Kab. Gowa paling lambat 15 Januari 2024.",
            ];
            for (r, t) in lines.iter().enumerate() {
                if !t.is_empty() {
                    ws.write_string(r as u32, 0, *t)?;
                }
            }
        }
        PreSheet::Empty => {}
    }
    Ok(())
}

fn write_helper_sheet(wb: &mut Workbook, name: &str) -> Res<()> {
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    ws.set_hidden(true);
    ws.write_string(0, 0, "Satuan")?;
    for (i, s) in [
        "Unit", "Dokumen", "Orang", "Usulan", "Tim", "SOP", "%", "Nilai", "Predikat",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(i as u32 + 1, 0, *s)?;
    }
    ws.write_string(0, 1, "Predikat")?;
    for (i, g) in GRADES.iter().enumerate() {
        ws.write_string(i as u32 + 1, 1, *g)?;
    }
    Ok(())
}

fn doc_props(kec: &str) -> Res<DocProperties> {
    // A fixed creation time keeps sample files byte-identical between runs.
    let when = ExcelDateTime::from_ymd(2024, 1, 15)?.and_hms(8, 0, 0)?;
    Ok(DocProperties::new()
        .set_author(format!("Kecamatan {kec}"))
        .set_creation_datetime(&when))
}

/// Write one workbook: optional sheets before, the table sheet, an optional hidden helper.
fn write_workbook(path: &Path, lay: &Layout, rows: &[LRow], kec: &str) -> Res<Placed> {
    let mut wb = Workbook::new();
    wb.set_properties(&doc_props(kec)?);
    for (kind, name) in &lay.pre {
        write_pre_sheet(&mut wb, *kind, name, kec)?;
    }
    let mut fm = Formats::new();
    let placed = {
        let ws = wb.add_worksheet();
        ws.set_name(&lay.sheet)?;
        write_table(ws, &mut fm, lay, rows)?
    };
    if let Some(h) = &lay.helper {
        write_helper_sheet(&mut wb, h)?;
    }
    wb.save(path)?;
    Ok(placed)
}

fn signature(kec: &str, rng: &mut Rng) -> Vec<String> {
    const FIRST: &[&str] = &[
        "ANDI", "MUHAMMAD", "ABDUL", "SITTI", "NUR", "AHMAD", "HASNAH", "RAHMAT",
    ];
    const LAST: &[&str] = &[
        "RAHMAN", "SYARIF", "HALIM", "AMIR", "JUFRI", "SALEH", "MAKKA", "BASRI",
    ];
    let name = format!(
        "{} {}, S.STP., M.Si",
        rng.pick(FIRST, "ANDI"),
        rng.pick(LAST, "RAHMAN")
    );
    let nip = format!(
        "NIP. 19{:02}{:02}{:02} {}{:02} {} {:03}",
        rng.int(68, 85),
        rng.int(1, 12),
        rng.int(1, 28),
        rng.int(1992, 2008),
        rng.int(1, 12),
        rng.int(1, 2),
        rng.int(1, 20)
    );
    vec![
        format!("Gowa, {} Januari 2024", rng.int(8, 20)),
        format!("CAMAT {},", kec.to_uppercase()),
        String::new(),
        String::new(),
        String::new(),
        name,
        "Pembina Tk. I (IV/b)".into(),
        nip,
    ]
}

// ───────────────────────────── one workbook from figures ─────────────────────────────

/// All choices for one generated workbook.
#[derive(Clone, Debug)]
struct Spec {
    stem: String,
    ship: &'static str,
    kec: String,
    layout: Layout,
    style: Style,
    order: &'static [&'static str],
    wraps: Vec<&'static str>,
    aliases: Vec<&'static str>,
    anggaran: bool,
    discs: Vec<Disc>,
    /// Per-sample figure overrides applied before the discrepancies.
    overrides: Vec<(&'static str, Val, Val)>,
    notes: Vec<String>,
}

/// What a generated workbook holds, for README.md and expected.json.
struct Made {
    spec_stem: String,
    file: String,
    kec: String,
    sheet: String,
    sheets: Vec<(String, bool)>,
    placed: Placed,
    rows: Vec<LRow>,
    planned: Vec<Planned>,
    variations: Vec<String>,
}

fn generate(spec: &Spec, dir: &Path, rng: &mut Rng) -> Res<Made> {
    let mut figs = base_figs(rng);
    for (id, t, r) in &spec.overrides {
        let f = fig_mut(&mut figs, id)?;
        f.t = t.clone();
        f.r = r.clone();
    }
    if spec
        .overrides
        .iter()
        .any(|(id, _, _)| *id == "sarana_pelayanan" || *id == "sarana_rentan")
    {
        let sum = |field: fn(&Fig) -> Option<f64>| -> Option<f64> {
            Some(field(figs.get("sarana_pelayanan")?)? + field(figs.get("sarana_rentan")?)?)
        };
        let (t, r) = (sum(|f| f.t.num()), sum(|f| f.r.num()));
        if let (Some(t), Some(r)) = (t, r) {
            let f = fig_mut(&mut figs, "sarana")?;
            f.t = Val::Num(t);
            f.r = Val::Num(r);
        }
    }
    for (id, f) in figs.iter_mut() {
        f.ket = keterangan(id, f);
        f.use_alias = spec.aliases.contains(id);
    }
    let mut extras = Vec::new();
    let mut planned = Vec::new();
    for d in &spec.discs {
        planned.push(apply_disc(d, &mut figs, &mut extras, rng)?);
    }
    let mut rows = Vec::new();
    let mut no = 0usize;
    for id in spec.order {
        let ind = ind_by_id(id).ok_or("unknown id in order")?;
        let f = figs.get(id).ok_or("no figures")?;
        no += 1;
        let ang = (spec.anggaran && rng.chance(0.7)).then(|| rng.int(5, 250) as f64 * 1_000_000.0);
        rows.push(make_lrow(
            ind,
            f,
            no,
            &spec.style,
            spec.wraps.contains(id),
            ang,
            rng,
        ));
        for e in extras.iter().filter(|e| e.after == *id) {
            no += 1;
            let ang = spec.anggaran.then(|| rng.int(5, 50) as f64 * 1_000_000.0);
            rows.push(make_lrow(e.ind, &e.fig, no, &spec.style, false, ang, rng));
        }
    }
    let path = dir.join(format!("{}.xlsx", spec.stem));
    let placed = write_workbook(&path, &spec.layout, &rows, &spec.kec)?;
    let mut sheets: Vec<(String, bool)> = spec
        .layout
        .pre
        .iter()
        .map(|(_, n)| (n.clone(), false))
        .collect();
    sheets.push((spec.layout.sheet.clone(), false));
    if let Some(h) = &spec.layout.helper {
        sheets.push((h.clone(), true));
    }
    let variations = describe(spec);
    Ok(Made {
        spec_stem: spec.stem.clone(),
        file: format!("{}.{}", spec.stem, spec.ship),
        kec: spec.kec.clone(),
        sheet: spec.layout.sheet.clone(),
        sheets,
        placed,
        rows,
        planned,
        variations,
    })
}

/// The layout variations of a spec, in words, for README.md.
fn describe(spec: &Spec) -> Vec<String> {
    let lay = &spec.layout;
    let mut v = Vec::new();
    if !lay.pre.is_empty() {
        let names: Vec<String> = lay
            .pre
            .iter()
            .map(|(k, n)| format!("'{n}' ({k:?})"))
            .collect();
        v.push(format!(
            "table not on the first sheet: sheets before it: {}",
            names.join(", ")
        ));
    }
    if let Some(h) = &lay.helper {
        v.push(format!(
            "hidden helper sheet '{h}' (lists of satuan and predikat)"
        ));
    }
    if !lay.title.is_empty() {
        v.push(format!(
            "{} title row(s){}: {}",
            lay.title.len(),
            if lay.title_merged {
                ", merged across the table"
            } else {
                ""
            },
            lay.title
                .iter()
                .map(|t| format!("\"{t}\""))
                .collect::<Vec<_>>()
                .join(" / ")
        ));
    }
    if lay.left_pad > 0 {
        v.push("blank first column (table starts in column B)".into());
    }
    let heads: Vec<String> = lay
        .cols
        .iter()
        .map(|(r, t)| {
            if *r == Role::Spacer {
                "(blank spacer column)".to_string()
            } else {
                format!("\"{t}\"")
            }
        })
        .collect();
    v.push(format!("columns: {}", heads.join(" | ")));
    if let Some(g) = &lay.group {
        v.push(format!("two-row merged header: \"{g}\" over the target/realisasi/capaian headers; the other headers merged over both rows"));
    }
    if let Some(nums) = &lay.colnum {
        v.push(format!("numbered-column row: {}", nums.join(" ")));
    }
    v.push(
        match lay.stmt {
            StmtMode::Repeat => "statement repeated on every row",
            StmtMode::Merge => "statement cell merged vertically over the rows that share it (and over continuation rows)",
            StmtMode::BlankBelow => "statement written once, blank on the following rows that share it (fill down)",
        }
        .to_string(),
    );
    if !spec.wraps.is_empty() {
        v.push(format!(
            "continuation rows: the indicator text of {} wraps into the next row, which has no numbers",
            spec.wraps.join(", ")
        ));
    }
    v.push(format!(
        "values: {}",
        match spec.style.num {
            NumStyle::Text => "typed as text with units (\"6 unit\", \"100%\", \"85,00\", thousands \"1.241 orang\")",
            NumStyle::Plain => "plain numeric cells; the unit is in the Satuan column",
            NumStyle::NumFmt => "numeric cells whose number format carries the unit (6 with 0 \"unit\"; percent indicators 1 with 0%)",
        }
    ));
    v.push(format!(
        "capaian: {}",
        match spec.style.cap {
            CapStyle::PctText => "text \"97,31%\"",
            CapStyle::PctFrac => "fraction 0.9731 in a 0.00% formatted cell",
            CapStyle::PlainNum => "number 97.31 (format 0.00)",
            CapStyle::PlainText => "text \"97,31\" without %",
        }
    ));
    if spec.style.labels {
        v.push("IKM values carry their scale label: \"85,00 (Baik)\"".into());
    }
    if spec.style.messy {
        v.push("stray, doubled and non-breaking spaces in typed text".into());
    }
    match spec.style.case {
        Case::Upper => v.push("statements and indicators in UPPER CASE".into()),
        Case::Lower => v.push("statements and indicators in lower case".into()),
        Case::AsIs => {}
    }
    if spec.order.first() == TREE_ORDER.first() && spec.order.get(2) == TREE_ORDER.get(2) {
        v.push("rows in tree order (each parent followed by its children)".into());
    }
    if !spec.aliases.is_empty() {
        v.push(format!(
            "indicators worded with their other wording in the schema (not the seed table's): {}",
            spec.aliases.join(", ")
        ));
    }
    if spec.anggaran {
        v.push("Anggaran (Rp) column with numeric amounts (#,##0)".into());
    }
    if lay.program_table.is_some() {
        v.push("program/anggaran table below the realization table".into());
    }
    if lay.signature.is_some() {
        v.push("signature block (Camat, NIP) below".into());
    }
    v.extend(spec.notes.iter().cloned());
    v
}

// ───────────────────────────── the Bajeng 2023 seed table ─────────────────────────────

/// The Bajeng 2023 realization table of seed 000, typed exactly as the office typed it,
/// errors included.
fn bajeng(dir: &Path) -> Res<Made> {
    let t = |s: &str| V::Text(s.to_string());
    let num = Val::Num;
    // (id, statement, indicator, target, realisasi, capaian, keterangan,
    //  expected target, expected realisasi, stated capaian, unit written, labels)
    #[allow(clippy::type_complexity)]
    let seed: Vec<(&str, &str, &str, &str, &str, &str, &str, Val, Val, Option<f64>, Option<&str>, Option<&str>)> = vec![
        ("ikm", "Meningkatnya kepuasan masyarakat terhadap \npelayanan publik", "Indeks Kepuasan Masyarakat (IKM)", "85,00 (Baik)", "82, 71 (Baik)", "97,31%", "Hasil SKM Tahun 2023", num(85.0), num(82.71), Some(97.31), None, Some("Baik")),
        ("sakip", "Meningkatkan akuntabilitas penyelenggaraan \npemerintahan kecamatan", "Nilai SAKIP", "BB", "N/A", "N/A", "Belum ada nilai LHE dari \nInspektorat", Val::Grade("BB"), Val::Na("N/A"), None, None, None),
        ("sarana", "Meningkatnya sarana dan prasana pelayanan \npublik memadai", "Jumlah sarana dan prasarana yang \nmemadai", "6  unit", "6 unit", "100%", "ruang pelayanan, loket pelayanan, \nruang tunggu, area parkir, jalan \nlandai, dan toilet ramah disabilitas", num(6.0), num(6.0), Some(100.0), Some("unit"), None),
        ("sop_pct", "Tersedianya prosedur pelayanan yang efisien", "Persentase layanan yang memiliki SOP", "100%", "100%", "100%", "11 Layanan dengan 11 SOP", num(100.0), num(100.0), Some(100.0), Some("%"), None),
        ("sp_pct", "Meningkatnya pelayanan kepada masyarakat \nsesuai standar pelayanan", "Persentase layanan sesuai SP", "100%", "100%", "100%", "Pelayanan berdasarkan Standar \nPelayanan", num(100.0), num(100.0), Some(100.0), Some("%"), None),
        ("pengaduan_tl_tersedia_pct", "Meningkatnya tindak lanjut pengaduan \nmasyarakat", "Persentase tindak lanjut pengaduan \nyang tersedia", "100%", "100%", "100%", "Jumlah pengaduan sebanyak 1 \npengaduan yang telah \nditindaklanjuti.", num(100.0), num(100.0), Some(100.0), Some("%"), None),
        ("usulan_pct", "Meningkatnya usulan masyarakat yang \ndiakomodir", "Persentase usulan masyarakat yang \ndiakomodir", "65 usulan", "38 usulan", "58,46%", "65 usulan terealisasi dari target 38 \nusulan", num(65.0), num(38.0), Some(58.46), Some("usulan"), None),
        ("skm_tl_pct", "Meningkatnya evaluasi pelayanan", "Persentase hasil SKM yang \nditindaklanjuti", "100%", "100%", "100%", "Hasil SKM telah ditindaklanjuti", num(100.0), num(100.0), Some(100.0), Some("%"), None),
        ("sarana_pelayanan", "Tersedianya sarana pelayanan yang memadai", "Jumlah sarana pelayanan yang tersedia", "4 unit", "4 unit", "100%", "Ruang pelayanan, loket pelayanan, \nruang tunggu, area parkir.", num(4.0), num(4.0), Some(100.0), Some("unit"), None),
        ("sarana_rentan", "Tersedianya sarana bagi kelompok rentan", "Jumlah sarana bagi kelompok rentan", "2 unit", "2 unit", "100%", "Jalan landai dan toilet ramah \ndisabilitas", num(2.0), num(2.0), Some(100.0), Some("unit"), None),
        ("tim_sop", "Terbentuknya tim penyusun SOP", "Jumlah tim penyusunan SOP", "1 tim", "1 tim", "100%", "Tim penyusun SOP berdasarkan SK", num(1.0), num(1.0), Some(100.0), Some("tim"), None),
        ("sop_disusun", " Tersedianya SOP pelayanan di setiap jenis \npelayanan", "Jumlah SOP pelayanan yang disusun", "11 SOP", "11 SOP", "100%", "SOP Pelayanan Kec. Bajeng \nberjumlah 11 SOP sesuai dengan \njumlah layanan.", num(11.0), num(11.0), Some(100.0), Some("SOP"), None),
        ("maklumat", "Tersedianya maklumat pelayanan", "Jumlah maklumat pelayanan yang \ntersedia", "1 dokumen", "-", "0%", "Penanggung jawab bagian \npelayanan belum menyusun \nmaklumat pelayanan.", num(1.0), Val::Missing("-"), Some(0.0), Some("dokumen"), None),
        ("fkp_unsur", "Terlaksananya forum konsultasi publik", "Jumlah unsur masyarakat yang hadir \ndalam FKP", "5 unsur masyarakat", "-", "0%", "FKP tidak dilaksanakan karena \ntidak ada penambahan SP atau \nrevisi SP.", num(5.0), Val::Missing("-"), Some(0.0), Some("unsur masyarakat"), None),
        ("pengaduan_verif_pct", " Terverifikasinya pengaduan masyarakat", "Persentase pengaduan yang diverifikasi", "100%", "100%", "100%", "Pengaduan langsung maupun \nonline", num(100.0), num(100.0), Some(100.0), Some("%"), None),
        ("pengaduan_tl_pct", "Terlaksananya tindak lanjut pengaduan \nmasyarakat", "Persentase pengaduan yang \nditindaklanjuti", "100%", "100%", "100%", "Jumlah pengaduan sebanyak 1 \npengaduan yang telah \nditindaklanjuti.", num(100.0), num(100.0), Some(100.0), Some("%"), None),
        ("usulan_jumlah", "Tersalurkannya usulan masyarakat dalam \nperencanaan pembangunan", "Jumlah usulan masyarakat", "65 usulan", "38 usulan", "58,46%", "Jumlah usulan 58,46% dari jumlah \nusulan yang ditargetkan", num(65.0), num(38.0), Some(58.46), Some("usulan"), None),
        ("kuesioner", "Terlaksananya survei kepuasan masyarakat", "Jumlah pengguna layanan yang mengisi \nkuesioner", "300 orang", "300 orang", "100,00%", "300 orang pengguna layanan yang \nmengisi kuesioner", num(300.0), num(300.0), Some(100.0), Some("orang"), None),
    ];
    let mut rows = Vec::new();
    for (i, (id, st, ik, tg, re, ca, ke, et, er, cs, unit, label)) in seed.into_iter().enumerate() {
        let ind = ind_by_id(id).ok_or("unknown seed id")?;
        let unit_r = if matches!(er, Val::Num(_)) {
            unit
        } else {
            None
        };
        rows.push(LRow {
            id: Some(ind.id),
            no: (i + 1).to_string(),
            statement: st.to_string(),
            indicator: ik.to_string(),
            cont: None,
            unit: String::new(),
            target: t(tg),
            realisasi: t(re),
            capaian: t(ca),
            keterangan: t(ke),
            anggaran: V::Blank,
            exp_t: exp_val(&et, label, unit),
            exp_r: exp_val(&er, label, unit_r),
            cap_stated: cs,
            negative: false,
            renamed: SCHEMA_ALIASED.contains(&ind.id),
        });
    }
    let lay = Layout {
        sheet: "Pengukuran Kinerja".into(),
        pre: vec![],
        helper: None,
        title: vec![
            "PENGUKURAN KINERJA KECAMATAN BAJENG TAHUN 2023".into(),
            "KABUPATEN GOWA".into(),
        ],
        title_merged: true,
        left_pad: 0,
        cols: vec![
            (Role::No, "No".into()),
            (Role::Statement, "Sasaran / Kinerja".into()),
            (Role::Indicator, "Indikator Kinerja".into()),
            (Role::Target, "Target".into()),
            (Role::Realisasi, "Realisasi".into()),
            (Role::Capaian, "Capaian".into()),
            (Role::Keterangan, "Keterangan".into()),
        ],
        group: None,
        colnum: None,
        stmt: StmtMode::Repeat,
        program_table: Some(vec![
            (
                "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota".into(),
                V::Blank,
                V::Blank,
            ),
            (
                "Program Pemberdayaan Masyarakat Desa dan Kelurahan".into(),
                V::Blank,
                V::Blank,
            ),
        ]),
        signature: Some(vec![
            "Bajeng, 15 Januari 2024".into(),
            "CAMAT BAJENG,".into(),
            String::new(),
            String::new(),
            String::new(),
            "MUHAMMAD RAHMAT, S.STP., M.Si".into(),
            "Pembina (IV/a)".into(),
            "NIP. 19800412 200212 1 003".into(),
        ]),
    };
    let path = dir.join("bajeng-2023.xlsx");
    let placed = write_workbook(&path, &lay, &rows, "Bajeng")?;
    let p = |rule, id: &'static str, field, note: &str| Planned {
        rule,
        id: Some(id),
        key: id.to_string(),
        field,
        note: note.to_string(),
    };
    let planned = vec![
        p(
            "not-available",
            "sakip",
            Field::Realisasi,
            "realisasi \"N/A\" (no LHE score from the Inspektorat yet)",
        ),
        p(
            "unit-mismatch",
            "usulan_pct",
            Field::Realisasi,
            "a Persentase indicator filled with counts: \"65 usulan\" / \"38 usulan\"",
        ),
        p(
            "keterangan-conflict",
            "usulan_pct",
            Field::Keterangan,
            "keterangan says 65 realised of a target of 38: target and realisasi swapped",
        ),
        p(
            "missing-value",
            "maklumat",
            Field::Realisasi,
            "realisasi \"-\" (capaian written 0%)",
        ),
        p(
            "missing-value",
            "fkp_unsur",
            Field::Realisasi,
            "realisasi \"-\" (capaian written 0%)",
        ),
    ];
    Ok(Made {
        spec_stem: "bajeng-2023".into(),
        file: "bajeng-2023.xlsx".into(),
        kec: "Bajeng".into(),
        sheet: lay.sheet.clone(),
        sheets: vec![(lay.sheet.clone(), false)],
        placed,
        rows,
        planned,
        variations: vec![
            "the seed's table exactly: 18 rows in the seed's order, every value typed as text as the office typed it (\"85,00 (Baik)\", \"82, 71 (Baik)\", \"6  unit\", \"58,46%\", \"BB\", \"N/A\", \"-\")".into(),
            "2 title rows merged across the table: \"PENGUKURAN KINERJA KECAMATAN BAJENG TAHUN 2023\" / \"KABUPATEN GOWA\"".into(),
            "columns: \"No\" | \"Sasaran / Kinerja\" | \"Indikator Kinerja\" | \"Target\" | \"Realisasi\" | \"Capaian\" | \"Keterangan\"".into(),
            "line breaks inside statement, indicator and keterangan cells where the seed has them; leading spaces on two statements as in the seed".into(),
            "program/anggaran table below the realization table (program names only, no amounts, as in the seed)".into(),
            "signature block (Camat Bajeng, NIP) below".into(),
            "the seed has no rows for ipp, pengaduan_belum_tl, bahan_dok_sop, bahan_maklumat, instrumen_survei".into(),
        ],
    })
}

// ───────────────────────────── the shipped samples ─────────────────────────────

fn cols(spec: &[(Role, &str)]) -> Vec<(Role, String)> {
    spec.iter().map(|(r, t)| (*r, t.to_string())).collect()
}

fn colnums(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("({i})")).collect()
}

fn sample_specs(rng: &mut Rng) -> Vec<Spec> {
    use Role::*;
    let base_style = Style {
        num: NumStyle::Text,
        cap: CapStyle::PctText,
        labels: false,
        messy: false,
        case: Case::AsIs,
    };
    let n = Val::Num;
    vec![
        Spec {
            stem: "pallangga-2023".into(),
            ship: "xlsx",
            kec: "Pallangga".into(),
            layout: Layout {
                sheet: "Capaian Kinerja".into(),
                pre: vec![(PreSheet::Instructions, "Petunjuk".into())],
                helper: Some("Ref".into()),
                title: vec!["CAPAIAN KINERJA KECAMATAN PALLANGGA".into(), "KABUPATEN GOWA TAHUN 2023".into()],
                title_merged: true,
                left_pad: 0,
                cols: cols(&[(No, "No"), (Statement, "Sasaran"), (Indicator, "Indikator Kinerja"), (Unit, "Satuan"), (Target, "Target"), (Realisasi, "Realisasi"), (Capaian, "Capaian (%)"), (Keterangan, "Keterangan")]),
                group: Some("Kinerja".into()),
                colnum: Some(colnums(8)),
                stmt: StmtMode::Merge,
                program_table: None,
                signature: Some(signature("Pallangga", rng)),
            },
            style: Style { num: NumStyle::Plain, cap: CapStyle::PctFrac, ..base_style.clone() },
            order: LEVEL_ORDER,
            wraps: vec![],
            aliases: vec![],
            anggaran: false,
            discs: vec![Disc::CapaianWrong("sop_disusun"), Disc::RollupBroken(Field::Realisasi)],
            overrides: vec![("pengaduan_belum_tl", n(2.0), n(1.0))],
            notes: vec!["negative-polarity row pengaduan_belum_tl (target 2, realisasi 1) with capaian 150% = (2t−r)/t, correct".into()],
        },
        Spec {
            stem: "somba-opu-2023".into(),
            ship: "xlsx",
            kec: "Somba Opu".into(),
            layout: Layout {
                sheet: "Lamp. 3".into(),
                pre: vec![],
                helper: None,
                title: vec!["Tabel 3.1".into(), "Realisasi Kinerja Kecamatan Somba Opu Tahun 2023".into()],
                title_merged: false,
                left_pad: 0,
                cols: cols(&[(No, "NO"), (Statement, "Sasaran / Kinerja"), (Indicator, "IK"), (Realisasi, "Real."), (Target, "\u{a0}Target 2023"), (Capaian, "% Capaian"), (Keterangan, "Ket. ")]),
                group: None,
                colnum: None,
                stmt: StmtMode::BlankBelow,
                program_table: None,
                signature: Some(signature("Somba Opu", rng)),
            },
            style: Style { labels: true, messy: true, ..base_style.clone() },
            order: LEVEL_ORDER,
            wraps: vec!["pengaduan_tl_tersedia_pct", "kuesioner"],
            aliases: vec!["kuesioner"],
            anggaran: false,
            discs: vec![Disc::LabelWrong(Field::Realisasi), Disc::MissingDash("maklumat"), Disc::Unknown("sarana_rentan", 0)],
            overrides: vec![("ikm", n(85.0), n(75.4)), ("kuesioner", n(1500.0), n(1241.0))],
            notes: vec!["kuesioner typed with thousands: \"1.500 orang\" / \"1.241 orang\"".into()],
        },
        Spec {
            stem: "bontonompo-2023".into(),
            ship: "xlsx",
            kec: "Bontonompo".into(),
            layout: Layout {
                sheet: "Tabel 3.1".into(),
                pre: vec![],
                helper: Some("Data".into()),
                title: vec!["LAPORAN KINERJA INSTANSI PEMERINTAH (LKjIP)".into(), "KECAMATAN BONTONOMPO KABUPATEN GOWA".into(), "TAHUN 2023".into()],
                title_merged: true,
                left_pad: 0,
                cols: cols(&[(No, "No."), (Statement, "Sasaran Strategis"), (Indicator, "Indikator Kinerja"), (Target, "Target 2023"), (Realisasi, "Realisasi 2023"), (Capaian, "Capaian (%)"), (Anggaran, "Anggaran (Rp)"), (Keterangan, "Keterangan")]),
                group: None,
                colnum: None,
                stmt: StmtMode::Merge,
                program_table: None,
                signature: Some(signature("Bontonompo", rng)),
            },
            style: Style { num: NumStyle::NumFmt, cap: CapStyle::PctFrac, ..base_style.clone() },
            order: LEVEL_ORDER,
            wraps: vec![],
            aliases: vec![],
            anggaran: true,
            discs: vec![Disc::NegWrongFormula, Disc::NotAvailable("sakip", "N/A")],
            overrides: vec![("pengaduan_belum_tl", n(3.0), n(1.0))],
            notes: vec![],
        },
        Spec {
            stem: "tinggimoncong-2023".into(),
            ship: "xls",
            kec: "Tinggimoncong".into(),
            layout: Layout {
                sheet: "Pengukuran Kinerja".into(),
                pre: vec![(PreSheet::Cover, "Sampul".into())],
                helper: None,
                title: vec!["PENGUKURAN KINERJA TAHUN 2023".into(), "KECAMATAN TINGGIMONCONG".into()],
                title_merged: true,
                left_pad: 1,
                cols: cols(&[(No, "No"), (Statement, "Kinerja Utama"), (Indicator, "IK"), (Spacer, ""), (Target, "Target"), (Realisasi, "Real."), (Capaian, "Capaian"), (Keterangan, "Ket.")]),
                group: Some("Tahun 2023".into()),
                colnum: None,
                stmt: StmtMode::Repeat,
                program_table: None,
                signature: Some(signature("Tinggimoncong", rng)),
            },
            style: Style { num: NumStyle::Text, cap: CapStyle::PlainText, ..base_style.clone() },
            order: TREE_ORDER,
            wraps: vec!["sarana"],
            aliases: vec![],
            anggaran: false,
            discs: vec![Disc::RollupBroken(Field::Target), Disc::CapaianWrong("usulan_pct"), Disc::MissingBlank("fkp_unsur")],
            overrides: vec![("usulan_pct", n(100.0), n(71.62))],
            notes: vec!["shipped as .xls (converted with LibreOffice): calamine reads no number formats from .xls, so every value is typed as text".into()],
        },
        Spec {
            stem: "parangloe-2023".into(),
            ship: "xls",
            kec: "Parangloe".into(),
            layout: Layout {
                sheet: "Realisasi Kinerja".into(),
                pre: vec![],
                helper: None,
                title: vec!["REALISASI KINERJA KECAMATAN PARANGLOE".into(), "TAHUN 2023".into()],
                title_merged: true,
                left_pad: 0,
                cols: cols(&[(No, "No"), (Statement, "Uraian Kinerja"), (Indicator, "Indikator Kinerja"), (Unit, "Satuan"), (Target, "Target"), (Realisasi, "Realisasi"), (Capaian, "Capaian (%)"), (Keterangan, "Keterangan")]),
                group: Some("Kinerja".into()),
                colnum: Some(colnums(8)),
                stmt: StmtMode::Merge,
                program_table: Some(vec![
                    ("Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota".into(), V::Num(412_350_000.0, Some("#,##0".into())), V::Num(398_117_500.0, Some("#,##0".into()))),
                    ("Program Pemberdayaan Masyarakat Desa dan Kelurahan".into(), V::Num(177_877_000.0, Some("#,##0".into())), V::Num(162_019_000.0, Some("#,##0".into()))),
                ]),
                signature: Some(signature("Parangloe", rng)),
            },
            style: Style { num: NumStyle::Plain, cap: CapStyle::PlainNum, ..base_style.clone() },
            order: LEVEL_ORDER,
            wraps: vec!["fkp_unsur", "pengaduan_tl_pct"],
            aliases: vec![],
            anggaran: false,
            discs: vec![Disc::Unknown("skm_tl_pct", 1), Disc::MissingDash("maklumat")],
            overrides: vec![],
            notes: vec!["shipped as .xls (converted with LibreOffice)".into()],
        },
        Spec {
            stem: "tombolo-pao-2023".into(),
            ship: "ods",
            kec: "Tombolo Pao".into(),
            layout: Layout {
                sheet: "Tabel 3.1".into(),
                pre: vec![(PreSheet::Empty, "Sheet1".into())],
                helper: Some("Ref".into()),
                title: vec!["Pengukuran Kinerja Kecamatan Tombolo Pao Tahun 2023".into()],
                title_merged: false,
                left_pad: 0,
                cols: cols(&[(No, "no"), (Statement, "sasaran"), (Indicator, "indikator kinerja"), (Unit, "satuan"), (Realisasi, "realisasi"), (Target, "target tahun 2023"), (Capaian, "capaian"), (Keterangan, "keterangan"), (Anggaran, "pagu anggaran (rp)")]),
                group: None,
                colnum: None,
                stmt: StmtMode::Merge,
                program_table: None,
                signature: Some(signature("Tombolo Pao", rng)),
            },
            style: Style { num: NumStyle::Plain, cap: CapStyle::PlainNum, case: Case::Lower, ..base_style.clone() },
            order: TREE_ORDER,
            wraps: vec![],
            aliases: vec![],
            anggaran: true,
            discs: vec![Disc::UnitWrong("fkp_unsur", "orang"), Disc::NotAvailable("usulan_pct", "n/a")],
            overrides: vec![],
            notes: vec!["shipped as .ods (converted with LibreOffice): calamine reads no merged regions from ods, so the merged statements must be filled down from the layout".into()],
        },
        Spec {
            stem: "bajeng-barat-2023".into(),
            ship: "xlsx",
            kec: "Bajeng Barat".into(),
            layout: Layout {
                sheet: "PK 2023".into(),
                pre: vec![],
                helper: None,
                title: vec!["PEMERINTAH KABUPATEN GOWA".into(), "KECAMATAN BAJENG BARAT".into(), "PENGUKURAN KINERJA TAHUN 2023".into()],
                title_merged: true,
                left_pad: 0,
                cols: cols(&[(No, "No."), (Statement, "Sasaran/Program/Kegiatan"), (Indicator, "Indikator Kinerja"), (Target, "Target"), (Realisasi, "Realisasi"), (Capaian, "Capaian (%)"), (Keterangan, "Keterangan")]),
                group: None,
                colnum: Some(vec!["(1)".into(), "(2)".into(), "(3)".into(), "(4)".into(), "(5)".into(), "(6 = 5/4 x 100)".into(), "(7)".into()]),
                stmt: StmtMode::Merge,
                program_table: None,
                signature: Some(signature("Bajeng Barat", rng)),
            },
            style: Style { num: NumStyle::NumFmt, cap: CapStyle::PctFrac, case: Case::Upper, ..base_style.clone() },
            order: LEVEL_ORDER,
            wraps: vec!["sarana_pelayanan"],
            aliases: vec![],
            anggaran: false,
            discs: vec![Disc::LabelWrong(Field::Target), Disc::CapaianWrong("kuesioner"), Disc::RollupBroken(Field::Target)],
            overrides: vec![("ikm", n(85.0), n(86.12)), ("kuesioner", n(1500.0), n(1241.0))],
            notes: vec!["kuesioner 1500 / 1241 as numbers formatted #,##0 \"orang\" (shown \"1.500 orang\" in an Indonesian locale)".into()],
        },
    ]
}

// ───────────────────────────── manifest and README ─────────────────────────────

/// Findings the figures imply without being deliberate: below-target (realisasi worse than
/// target; not for a missing realisasi, as in the corpus answer key), indicator-renamed
/// (wording that is an alias in the shipped schema) and missing-indicator (a node of the
/// tree with no row).
fn implied(m: &Made) -> Vec<(String, String, String, String)> {
    let mut out = Vec::new();
    for id in LEVEL_ORDER {
        if !m.rows.iter().any(|lr| lr.id == Some(*id)) {
            out.push((
                "missing-indicator".into(),
                String::new(),
                id.to_string(),
                "no row for this node".into(),
            ));
        }
    }
    for (lr, row) in m.rows.iter().zip(m.placed.rows.iter()) {
        let Some(id) = lr.id else { continue };
        let cell = |role: Role| {
            m.placed
                .col
                .get(&role)
                .map(|c| a1(*row, *c))
                .unwrap_or_default()
        };
        let below = match (&lr.exp_t, &lr.exp_r) {
            (t, r) if t.value.is_some() && r.value.is_some() => {
                let (t, r) = (t.value.unwrap_or(0.0), r.value.unwrap_or(0.0));
                if lr.negative {
                    r > t
                } else {
                    r < t
                }
            }
            (t, r) => match (
                t.grade.as_deref().and_then(grade_rank),
                r.grade.as_deref().and_then(grade_rank),
            ) {
                (Some(t), Some(r)) => r > t,
                _ => false,
            },
        };
        if below {
            out.push((
                "below-target".into(),
                cell(Role::Realisasi),
                id.to_string(),
                "realisasi below target".into(),
            ));
        }
        if lr.renamed {
            let text = match &lr.cont {
                Some(c) => format!("{} {c}", lr.indicator),
                None => lr.indicator.clone(),
            };
            out.push((
                "indicator-renamed".into(),
                cell(Role::Indicator),
                id.to_string(),
                format!("worded \"{}\"", text.trim()),
            ));
        }
    }
    out
}

fn resolve(m: &Made, p: &Planned) -> String {
    let idx = m.rows.iter().position(|lr| match p.id {
        Some(id) => lr.id == Some(id),
        None => {
            lr.id.is_none()
                && lr
                    .indicator
                    .to_lowercase()
                    .starts_with(&p.key.to_lowercase())
        }
    });
    match (
        idx.and_then(|i| m.placed.rows.get(i)),
        m.placed.col.get(&Role::of_field(p.field)),
    ) {
        (Some(r), Some(c)) => a1(*r, *c),
        _ => String::new(),
    }
}

fn manifest(made: &[Made]) -> Json {
    let samples: Vec<Json> = made
        .iter()
        .map(|m| {
            let cols: serde_json::Map<String, Json> = m
                .placed
                .col
                .iter()
                .filter(|(r, _)| **r != Role::Spacer)
                .map(|(r, c)| (r.name().to_string(), Json::String(col_letters(*c as u32))))
                .collect();
            let rows: Vec<Json> = m
                .rows
                .iter()
                .zip(m.placed.rows.iter())
                .map(|(lr, row)| {
                    let cell = |role: Role| m.placed.col.get(&role).map(|c| a1(*row, *c));
                    let join = |a: &str, b: &Option<String>| match b {
                        Some(b) => format!("{a} {b}"),
                        None => a.to_string(),
                    };
                    json!({
                        "indicator_id": lr.id,
                        "row": row + 1,
                        "rows": if lr.cont.is_some() { vec![row + 1, row + 2] } else { vec![row + 1] },
                        "statement": lr.statement,
                        "indicator": join(&lr.indicator, &lr.cont),
                        "cells": without_nulls(json!({
                            "statement": cell(Role::Statement), "indicator": cell(Role::Indicator),
                            "unit": cell(Role::Unit),
                            "target": cell(Role::Target), "realisasi": cell(Role::Realisasi),
                            "capaian": cell(Role::Capaian), "keterangan": cell(Role::Keterangan),
                        })),
                        "target": exp_json(&lr.exp_t),
                        "realisasi": exp_json(&lr.exp_r),
                        "capaian_stated": lr.cap_stated,
                    })
                })
                .collect();
            let deliberate: Vec<Json> = m
                .planned
                .iter()
                .map(|p| json!({"rule": p.rule, "cell": resolve(m, p), "indicator_id": p.id, "field": p.field.name(), "note": p.note}))
                .collect();
            let implied: Vec<Json> = implied(m)
                .into_iter()
                .map(|(rule, cell, id, note)| json!({"rule": rule, "cell": cell, "indicator_id": id, "note": note}))
                .collect();
            json!({
                "file": m.file,
                "kecamatan": m.kec,
                "sheet": m.sheet,
                "sheets": m.sheets.iter().map(|(n, h)| json!({"name": n, "hidden": h})).collect::<Vec<_>>(),
                "title_rows": m.placed.title_rows.iter().map(|r| r + 1).collect::<Vec<_>>(),
                "header_rows": m.placed.header_rows.iter().map(|r| r + 1).collect::<Vec<_>>(),
                "colnum_row": m.placed.colnum_row.map(|r| r + 1),
                "first_data_row": m.placed.rows.first().map(|r| r + 1),
                "last_data_row": m.placed.last_data_row + 1,
                "signature_rows": m.placed.signature_rows.iter().map(|r| r + 1).collect::<Vec<_>>(),
                "columns": cols,
                "rows": rows,
                "deliberate": deliberate,
                "implied": implied,
            })
        })
        .collect();
    json!({
        "generator": "examples/gen_samples.rs",
        "note": "1-based rows, A1 cells in the shipped file. 'deliberate' are the discrepancies put in on purpose; 'implied' are findings the figures and the shipped schema imply (below-target, indicator-renamed, missing-indicator); below-target is not implied for a missing realisasi, as in the corpus answer key.",
        "samples": samples,
    })
}

/// JSON laid out for reading and diffing: objects one member per line, arrays of objects
/// one compact object per line, arrays of scalars inline.
fn layout_json(v: &Json, depth: usize) -> String {
    let pad = "  ".repeat(depth + 1);
    let end = "  ".repeat(depth);
    match v {
        Json::Object(m) if !m.is_empty() => {
            let items: Vec<String> = m
                .iter()
                .map(|(k, v)| {
                    format!(
                        "{pad}{}: {}",
                        Json::String(k.clone()),
                        layout_json(v, depth + 1)
                    )
                })
                .collect();
            format!("{{\n{}\n{end}}}", items.join(",\n"))
        }
        Json::Array(a) if a.iter().any(Json::is_object) => {
            let items: Vec<String> = a
                .iter()
                .map(|x| {
                    if depth == 0 || x.get("file").is_some() {
                        format!("{pad}{}", layout_json(x, depth + 1))
                    } else {
                        format!("{pad}{x}")
                    }
                })
                .collect();
            format!("[\n{}\n{end}]", items.join(",\n"))
        }
        other => other.to_string(),
    }
}

fn readme(made: &[Made]) -> String {
    let mut s = String::new();
    s.push_str("# Sample realization workbooks\n\n");
    s.push_str(
        "Realization (realisasi) workbooks of kecamatan in Kabupaten Gowa for 2023, in the\n",
    );
    s.push_str("layouts real offices use, to run kinerja on right after cloning:\n\n");
    s.push_str("    cargo run --release -- batch samples/ --out out/\n    cargo run --release -- check samples/bajeng-2023.xlsx\n\n");
    s.push_str("They are made by `examples/gen_samples.rs` (rust_xlsxwriter, deterministic) and\n");
    s.push_str(
        "`samples/make.sh`, which regenerates them and converts two to .xls and one to .ods\n",
    );
    s.push_str(
        "with LibreOffice headless (`bash samples/make.sh`). `bajeng-2023.xlsx` reproduces the\n",
    );
    s.push_str("Bajeng 2023 table of the seed document exactly, errors included; the others are\n");
    s.push_str(
        "invented figures for other kecamatan. `expected.json` holds, per sample, the layout\n",
    );
    s.push_str(
        "(sheet, title/header/data rows, column letters), every indicator row with its cells\n",
    );
    s.push_str(
        "and expected values, and the findings listed below. This file and expected.json are\n",
    );
    s.push_str("written by the generator: do not edit them by hand.\n\n");
    s.push_str("Cells are A1 references in the shipped file. \"Deliberate\" findings are the\n");
    s.push_str(
        "discrepancies put in on purpose; \"implied\" are findings the figures and the shipped\n",
    );
    s.push_str(
        "schema (schemas/gowa-kecamatan-2023.toml) imply: below-target (not for a missing\n",
    );
    s.push_str(
        "realisasi, as in the corpus answer key), indicator-renamed and missing-indicator.\n\n",
    );
    s.push_str(
        "| file | kecamatan | deliberate discrepancies (rule cell indicator) |\n|---|---|---|\n",
    );
    for m in made {
        let d: Vec<String> = m
            .planned
            .iter()
            .map(|p| format!("{} {} {}", p.rule, resolve(m, p), p.id.unwrap_or("-")))
            .collect();
        s.push_str(&format!(
            "| `{}` | {} | {} |\n",
            m.file,
            m.kec,
            d.join("; ")
        ));
    }
    s.push('\n');
    for m in made {
        s.push_str(&format!("## {} ({})\n\n", m.file, m.kec));
        s.push_str(&format!(
            "Table on sheet '{}'; header row(s) {}; data rows {}–{}.\n\n",
            m.sheet,
            m.placed
                .header_rows
                .iter()
                .map(|r| (r + 1).to_string())
                .collect::<Vec<_>>()
                .join(", "),
            m.placed.rows.first().map(|r| r + 1).unwrap_or(0),
            m.placed.last_data_row + 1
        ));
        s.push_str("Variations:\n");
        for v in &m.variations {
            s.push_str(&format!("- {v}\n"));
        }
        s.push_str("\nDeliberate discrepancies:\n\n| rule | cell | indicator | what |\n|---|---|---|---|\n");
        for p in &m.planned {
            s.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                p.rule,
                resolve(m, p),
                p.id.unwrap_or("-"),
                p.note
            ));
        }
        let imp = implied(m);
        if !imp.is_empty() {
            s.push_str(
                "\nImplied findings:\n\n| rule | cell | indicator | what |\n|---|---|---|---|\n",
            );
            for (rule, cell, id, note) in imp {
                let cell = if cell.is_empty() {
                    "-".to_string()
                } else {
                    cell
                };
                s.push_str(&format!("| {rule} | {cell} | {id} | {note} |\n"));
            }
        }
        s.push('\n');
    }
    s
}

fn run_samples(out: &Path) -> Res<()> {
    std::fs::create_dir_all(out)?;
    let mut rng = Rng::new(2023);
    let mut made = vec![bajeng(out)?];
    for spec in sample_specs(&mut rng) {
        // Each sample has its own stream so editing one does not change the others.
        let mut r = Rng::new(fnv(&spec.stem));
        made.push(generate(&spec, out, &mut r)?);
    }
    std::fs::write(
        out.join("expected.json"),
        layout_json(&manifest(&made), 0) + "\n",
    )?;
    std::fs::write(out.join("README.md"), readme(&made))?;
    for m in &made {
        println!("{}.xlsx -> ship as {}", m.spec_stem, m.file);
    }
    Ok(())
}

fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    })
}

// ───────────────────────────── bench mode ─────────────────────────────

fn random_spec(i: usize, seed: u64, rng: &mut Rng) -> Spec {
    use Role::*;
    let kec = KECAMATAN
        .get(i % KECAMATAN.len())
        .copied()
        .unwrap_or("Bajeng");
    let up = kec.to_uppercase();
    let title_sets: [Vec<String>; 4] = [
        vec![
            format!("PENGUKURAN KINERJA KECAMATAN {up} TAHUN 2023"),
            "KABUPATEN GOWA".into(),
        ],
        vec![format!("Realisasi Kinerja Kecamatan {kec} Tahun 2023")],
        vec![
            "LAPORAN KINERJA INSTANSI PEMERINTAH (LKjIP)".into(),
            format!("KECAMATAN {up} KABUPATEN GOWA"),
            "TAHUN 2023".into(),
        ],
        vec![
            "Tabel 3.1".into(),
            format!("Capaian Kinerja Kecamatan {kec} Tahun 2023"),
        ],
    ];
    let title = title_sets
        .get(rng.below(4) as usize)
        .cloned()
        .unwrap_or_default();
    let has_unit = rng.chance(0.3);
    let has_no = rng.chance(0.8);
    let has_ang = rng.chance(0.15);
    let group = rng.chance(0.3);
    let mut trc: Vec<(Role, String)> = vec![
        (
            Target,
            rng.pick(
                &[
                    "Target",
                    "Target 2023",
                    "TARGET",
                    "Target Tahun 2023",
                    "\u{a0}Target 2023",
                ],
                "Target",
            )
            .into(),
        ),
        (
            Realisasi,
            rng.pick(
                &[
                    "Realisasi",
                    "Real.",
                    "REALISASI",
                    "Realisasi 2023",
                    "Realisasi Tahun 2023",
                ],
                "Realisasi",
            )
            .into(),
        ),
        (
            Capaian,
            rng.pick(
                &[
                    "Capaian",
                    "Capaian (%)",
                    "% Capaian",
                    "Capaian Kinerja",
                    "Capaian (%) ",
                ],
                "Capaian",
            )
            .into(),
        ),
    ];
    if rng.chance(0.4) {
        rng.shuffle(&mut trc);
    }
    let mut c: Vec<(Role, String)> = Vec::new();
    if has_no {
        c.push((No, rng.pick(&["No", "NO", "No.", "No  "], "No").into()));
    }
    let stmt_h = rng.pick(
        &[
            "Sasaran",
            "Sasaran / Kinerja",
            "Sasaran Strategis",
            "Kinerja Utama",
            "Uraian Kinerja",
            "Sasaran/Program/Kegiatan",
        ],
        "Sasaran",
    );
    let ind_h = rng.pick(
        &[
            "Indikator Kinerja",
            "IK",
            "INDIKATOR KINERJA",
            "Indikator",
            "Indikator Kinerja Utama",
        ],
        "IK",
    );
    if rng.chance(0.15) {
        c.push((Indicator, ind_h.into()));
        c.push((Statement, stmt_h.into()));
    } else {
        c.push((Statement, stmt_h.into()));
        c.push((Indicator, ind_h.into()));
    }
    if has_unit {
        c.push((Unit, "Satuan".into()));
    }
    if rng.chance(0.1) {
        c.push((Spacer, String::new()));
    }
    let ket = (
        Keterangan,
        rng.pick(
            &["Keterangan", "Ket.", "KET", "Catatan", "\u{a0}KET"],
            "Keterangan",
        )
        .to_string(),
    );
    let ket_first = !group && rng.chance(0.2);
    if ket_first {
        c.push(ket.clone());
    }
    c.extend(trc);
    if !ket_first {
        c.push(ket);
    }
    if has_ang {
        c.push((
            Anggaran,
            rng.pick(
                &["Anggaran (Rp)", "Pagu Anggaran (Rp)", "Anggaran"],
                "Anggaran",
            )
            .into(),
        ));
    }
    let ncols = c.iter().filter(|(r, _)| *r != Spacer).count();
    let mut pre = Vec::new();
    if rng.chance(0.3) {
        let kind = rng.pick(
            &[PreSheet::Cover, PreSheet::Instructions, PreSheet::Empty],
            PreSheet::Empty,
        );
        let name = match kind {
            PreSheet::Cover => "Sampul",
            PreSheet::Instructions => "Petunjuk",
            PreSheet::Empty => "Sheet1",
        };
        pre.push((kind, name.to_string()));
    }
    let sheet = rng
        .pick(
            &[
                "Tabel 3.1",
                "Capaian Kinerja",
                "Realisasi",
                "PK 2023",
                "Lamp. 3",
                "Pengukuran Kinerja",
            ],
            "Tabel 3.1",
        )
        .to_string();
    let num = if has_unit {
        rng.pick(
            &[
                NumStyle::Plain,
                NumStyle::Plain,
                NumStyle::Text,
                NumStyle::NumFmt,
            ],
            NumStyle::Plain,
        )
    } else {
        rng.pick(&[NumStyle::Text, NumStyle::NumFmt], NumStyle::Text)
    };
    let style = Style {
        num,
        cap: rng.pick(
            &[
                CapStyle::PctText,
                CapStyle::PctFrac,
                CapStyle::PlainNum,
                CapStyle::PlainText,
            ],
            CapStyle::PctText,
        ),
        labels: rng.chance(0.3),
        messy: rng.chance(0.5),
        case: rng.pick(
            &[Case::AsIs, Case::AsIs, Case::Upper, Case::Lower],
            Case::AsIs,
        ),
    };
    let order = if rng.chance(0.5) {
        LEVEL_ORDER
    } else {
        TREE_ORDER
    };
    let mut wraps = Vec::new();
    // Only long indicator texts wrap into a continuation row, as in real sheets.
    let long: Vec<&'static str> = INDS
        .iter()
        .filter(|i| i.indicator.split(' ').count() >= 4)
        .map(|i| i.id)
        .collect();
    for _ in 0..rng.int(0, 2) {
        wraps.push(rng.pick(&long, "sarana"));
    }
    let mut discs = Vec::new();
    let mut used = Vec::new();
    for _ in 0..rng.int(0, 3) {
        let d = match rng.below(9) {
            0 => Disc::CapaianWrong(rng.pick(
                &[
                    "sop_disusun",
                    "skm_tl_pct",
                    "kuesioner",
                    "sp_pct",
                    "fkp_unsur",
                    "ipp",
                ],
                "sp_pct",
            )),
            1 => Disc::MissingDash(
                rng.pick(&["maklumat", "fkp_unsur", "sp_pct", "tim_sop"], "maklumat"),
            ),
            2 => Disc::MissingBlank(
                rng.pick(&["maklumat", "fkp_unsur", "bahan_maklumat"], "fkp_unsur"),
            ),
            3 => Disc::NotAvailable(
                rng.pick(&["sakip", "usulan_pct", "maklumat"], "sakip"),
                rng.pick(&["N/A", "n/a", "NA", "tidak ada data"], "N/A"),
            ),
            4 => Disc::LabelWrong(if rng.chance(0.5) {
                Field::Target
            } else {
                Field::Realisasi
            }),
            5 => Disc::RollupBroken(if rng.chance(0.5) {
                Field::Target
            } else {
                Field::Realisasi
            }),
            6 => Disc::NegWrongFormula,
            7 => Disc::UnitWrong(
                rng.pick(&["fkp_unsur", "sarana_pelayanan", "maklumat"], "fkp_unsur"),
                rng.pick(&["orang", "kegiatan", "berkas"], "orang"),
            ),
            _ => Disc::Unknown(
                rng.pick(LEVEL_ORDER, "sarana"),
                rng.below(UNKNOWN.len() as u64) as usize,
            ),
        };
        // One discrepancy per indicator keeps the figures coherent.
        let key = match &d {
            Disc::CapaianWrong(id)
            | Disc::MissingDash(id)
            | Disc::MissingBlank(id)
            | Disc::NotAvailable(id, _)
            | Disc::UnitWrong(id, _) => id.to_string(),
            Disc::LabelWrong(_) => "ikm".into(),
            Disc::RollupBroken(_) => "sarana".into(),
            Disc::NegWrongFormula => "pengaduan_belum_tl".into(),
            Disc::Unknown(..) => "unknown".into(),
        };
        if !used.contains(&key) {
            used.push(key);
            discs.push(d);
        }
    }
    let stmt = rng.pick(
        &[StmtMode::Repeat, StmtMode::Merge, StmtMode::BlankBelow],
        StmtMode::Merge,
    );
    let colnum = rng.chance(0.3).then(|| colnums(ncols));
    let slug = kec.to_lowercase().replace(' ', "-");
    Spec {
        stem: format!("{i:05}-{slug}-2023-s{seed}"),
        ship: "xlsx",
        kec: kec.to_string(),
        layout: Layout {
            sheet,
            pre,
            helper: rng.chance(0.25).then(|| "Ref".to_string()),
            title,
            title_merged: rng.chance(0.5),
            left_pad: u16::from(rng.chance(0.2)),
            cols: c,
            group: group.then(|| {
                rng.pick(
                    &["Kinerja", "Tahun 2023", "Realisasi Kinerja 2023"],
                    "Kinerja",
                )
                .to_string()
            }),
            colnum,
            stmt,
            program_table: None,
            signature: rng.chance(0.6).then(|| signature(kec, rng)),
        },
        style,
        order,
        wraps,
        aliases: if rng.chance(0.2) {
            vec![rng.pick(LEVEL_ORDER, "kuesioner")]
        } else {
            vec![]
        },
        anggaran: has_ang,
        discs,
        overrides: vec![],
        notes: vec![],
    }
}

fn run_bench(n: usize, seed: u64, out: &Path) -> Res<()> {
    std::fs::create_dir_all(out)?;
    let start = Instant::now();
    let results: Vec<Result<usize, String>> = (0..n)
        .into_par_iter()
        .map(|i| {
            let mut rng = Rng::new(seed ^ (i as u64).wrapping_mul(0xA076_1D64_78BD_642F));
            let spec = random_spec(i, seed, &mut rng);
            generate(&spec, out, &mut rng)
                .map(|m| m.planned.len())
                .map_err(|e| format!("file {i}: {e}"))
        })
        .collect();
    let mut planned = 0usize;
    for r in results {
        planned += r?;
    }
    println!(
        "wrote {n} workbooks ({planned} deliberate discrepancies) to {} in {:.2} s",
        out.display(),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

// ───────────────────────────── command line ─────────────────────────────

fn main() {
    if let Err(e) = real_main() {
        eprintln!("gen_samples: {e}");
        std::process::exit(2);
    }
}

fn real_main() -> Res<()> {
    let mut out: Option<PathBuf> = None;
    let mut bench: Option<usize> = None;
    let mut seed: u64 = 1;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--out" => out = args.next().map(PathBuf::from),
            "--bench" => bench = Some(args.next().ok_or("--bench needs N")?.parse()?),
            "--seed" => seed = args.next().ok_or("--seed needs S")?.parse()?,
            "-h" | "--help" => {
                println!("usage: gen_samples --out DIR            (the shipped samples)\n       gen_samples --bench N [--seed S] --out DIR   (a benchmark corpus)");
                return Ok(());
            }
            other => return Err(format!("unknown argument {other:?} (try --help)").into()),
        }
    }
    let out = out.ok_or("--out DIR is required (try --help)")?;
    match bench {
        Some(n) => run_bench(n, seed, &out),
        None => run_samples(&out),
    }
}
