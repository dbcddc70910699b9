//! Writes `samples/triwulan/manuju-evaluasi-renja-2023.xlsx`: Kecamatan Manuju's 2023
//! realization in the national evaluation form of Permendagri 86/2017 ("Evaluasi
//! terhadap Hasil Renja Perangkat Daerah"): the year's target (K and Rp), realisasi per
//! triwulan I–IV (K and Rp), the year's realisasi and tingkat capaian, and a numbered
//! row that states the sheet's arithmetic ("11 = 7+8+9+10", "12 = 11/6*100"). A few
//! figures are wrong on purpose; `samples/triwulan/README.md` and `expected.json` (also
//! written here) list them. Deterministic: the same bytes every run.
//!
//!     cargo run --example gen_renja86 -- --out samples/triwulan

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use std::path::PathBuf;

/// How the quarters make the year for a row (the schema's default for its kind).
#[derive(Clone, Copy, PartialEq)]
enum Agg {
    Sum,
    Last,
}

struct Row {
    id: &'static str,
    indicator: &'static str,
    unit: &'static str,
    agg: Agg,
    target: f64,
    k: [Option<f64>; 4],
    pagu: Option<f64>,
    rp: [Option<f64>; 4],
    /// The year's K as typed when it is not what the quarters make (a planted error).
    year_k: Option<f64>,
    /// The year's Rp as typed when it is not the quarters' sum (a planted error).
    year_rp: Option<f64>,
}

const PROGRAM: &str = "Program Penyelenggaraan Pemerintahan dan Pelayanan Publik";

fn rows() -> Vec<Row> {
    let q = |a: f64, b: f64, c: f64, d: f64| [Some(a), Some(b), Some(c), Some(d)];
    let none = [None; 4];
    let r = |id, indicator, unit, agg, target, k, pagu, rp| Row {
        id,
        indicator,
        unit,
        agg,
        target,
        k,
        pagu,
        rp,
        year_k: None,
        year_rp: None,
    };
    let m = 1_000_000.0;
    vec![
        r(
            "ipp",
            "Indeks Pelayanan Publik",
            "nilai",
            Agg::Last,
            4.0,
            q(3.8, 3.9, 4.0, 4.1),
            None,
            none,
        ),
        r(
            "ikm",
            "Indeks Kepuasan Masyarakat (IKM)",
            "nilai",
            Agg::Last,
            85.0,
            q(82.0, 83.5, 84.0, 86.2),
            None,
            none,
        ),
        r(
            "sarana",
            "Jumlah sarana dan prasarana yang memadai",
            "unit",
            Agg::Sum,
            6.0,
            q(1.0, 2.0, 1.0, 2.0),
            None,
            none,
        ),
        r(
            "sop_pct",
            "Persentase layanan yang memiliki SOP",
            "%",
            Agg::Last,
            100.0,
            q(100.0, 100.0, 100.0, 100.0),
            None,
            none,
        ),
        Row {
            // Planted: the year typed 95 where the last quarter is 100.
            year_k: Some(95.0),
            ..r(
                "sp_pct",
                "Persentase layanan sesuai SP",
                "%",
                Agg::Last,
                100.0,
                q(90.0, 95.0, 100.0, 100.0),
                None,
                none,
            )
        },
        r(
            "pengaduan_tl_tersedia_pct",
            "Persentase tindak lanjut pengaduan yang tersedia",
            "%",
            Agg::Last,
            100.0,
            q(100.0, 100.0, 100.0, 100.0),
            None,
            none,
        ),
        r(
            "usulan_pct",
            "Persentase usulan masyarakat yang diakomodir",
            "%",
            Agg::Last,
            100.0,
            q(0.0, 0.0, 60.0, 70.0),
            None,
            none,
        ),
        r(
            "skm_tl_pct",
            "Persentase hasil SKM yang ditindaklanjuti",
            "%",
            Agg::Last,
            100.0,
            q(50.0, 100.0, 100.0, 100.0),
            None,
            none,
        ),
        r(
            "sarana_pelayanan",
            "Jumlah sarana pelayanan yang tersedia",
            "unit",
            Agg::Sum,
            4.0,
            q(1.0, 1.0, 1.0, 1.0),
            Some(40.0 * m),
            q(10.0 * m, 10.0 * m, 10.0 * m, 10.0 * m),
        ),
        r(
            "sarana_rentan",
            "Jumlah sarana bagi kelompok rentan",
            "unit",
            Agg::Sum,
            2.0,
            q(0.0, 1.0, 0.0, 1.0),
            Some(8.0 * m),
            q(0.0, 4.0 * m, 0.0, 4.0 * m),
        ),
        r(
            "tim_sop",
            "Jumlah tim penyusunan SOP",
            "tim",
            Agg::Sum,
            1.0,
            q(1.0, 0.0, 0.0, 0.0),
            Some(2.0 * m),
            q(2.0 * m, 0.0, 0.0, 0.0),
        ),
        Row {
            // Planted: the year typed 14 where the quarters add up to 12.
            year_k: Some(14.0),
            ..r(
                "sop_disusun",
                "Jumlah SOP pelayanan yang disusun",
                "SOP",
                Agg::Sum,
                12.0,
                q(3.0, 3.0, 4.0, 2.0),
                Some(6.0 * m),
                q(1.5 * m, 1.5 * m, 1.5 * m, 1.5 * m),
            )
        },
        // Planted: 5.400.000 spent on a pagu of 5.000.000.
        r(
            "maklumat",
            "Jumlah maklumat pelayanan yang tersedia",
            "dokumen",
            Agg::Sum,
            1.0,
            q(0.0, 0.0, 0.0, 1.0),
            Some(5.0 * m),
            q(0.0, 0.0, 0.0, 5.4 * m),
        ),
        r(
            "fkp_unsur",
            "Jumlah unsur masyarakat yang hadir dalam FKP",
            "unsur",
            Agg::Sum,
            10.0,
            q(0.0, 10.0, 0.0, 0.0),
            Some(3.0 * m),
            q(0.0, 3.0 * m, 0.0, 0.0),
        ),
        r(
            "pengaduan_verif_pct",
            "Persentase pengaduan yang diverifikasi",
            "%",
            Agg::Last,
            100.0,
            q(100.0, 100.0, 100.0, 100.0),
            None,
            none,
        ),
        r(
            "pengaduan_tl_pct",
            "Persentase pengaduan yang ditindaklanjuti",
            "%",
            Agg::Last,
            100.0,
            q(100.0, 100.0, 100.0, 100.0),
            None,
            none,
        ),
        r(
            "usulan_jumlah",
            "Jumlah usulan masyarakat",
            "usulan",
            Agg::Sum,
            80.0,
            q(80.0, 0.0, 0.0, 0.0),
            Some(4.0 * m),
            q(4.0 * m, 0.0, 0.0, 0.0),
        ),
        Row {
            // Planted: the year's Rp typed 9.500.000 where the quarters add up to 10.000.000.
            year_rp: Some(9.5 * m),
            ..r(
                "kuesioner",
                "Jumlah kuesioner yang disebarkan",
                "orang",
                Agg::Sum,
                400.0,
                q(100.0, 100.0, 100.0, 100.0),
                Some(10.0 * m),
                q(2.5 * m, 2.5 * m, 2.5 * m, 2.5 * m),
            )
        },
        r(
            "bahan_dok_sop",
            "Jumlah bahan-bahan penyusunan dokumen SOP",
            "dokumen",
            Agg::Sum,
            1.0,
            q(1.0, 0.0, 0.0, 0.0),
            Some(1.0 * m),
            q(1.0 * m, 0.0, 0.0, 0.0),
        ),
        r(
            "bahan_maklumat",
            "Jumlah bahan-bahan penyusunan maklumat pelayanan",
            "dokumen",
            Agg::Sum,
            1.0,
            q(0.0, 1.0, 0.0, 0.0),
            Some(1.0 * m),
            q(0.0, 1.0 * m, 0.0, 0.0),
        ),
        r(
            "instrumen_survei",
            "Jumlah instrumen survei kepuasan",
            "dokumen",
            Agg::Sum,
            1.0,
            q(1.0, 0.0, 0.0, 0.0),
            Some(1.0 * m),
            q(1.0 * m, 0.0, 0.0, 0.0),
        ),
    ]
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn year_k(r: &Row) -> f64 {
    r.year_k.unwrap_or_else(|| {
        let filled: Vec<f64> = r.k.iter().flatten().copied().collect();
        match r.agg {
            Agg::Sum => filled.iter().sum(),
            Agg::Last => filled.last().copied().unwrap_or(0.0),
        }
    })
}

fn year_rp(r: &Row) -> Option<f64> {
    r.pagu?;
    Some(r.year_rp.unwrap_or_else(|| r.rp.iter().flatten().sum()))
}

/// Columns: A No, B Kode, C Program, D Indikator, E Satuan, F/G target K/Rp, H–O the
/// four quarters (K, Rp each), P/Q the year's realisasi, R/S tingkat capaian, T PD, U Ket.
fn write(path: &PathBuf) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Evaluasi Renja")?;
    let title = Format::new().set_bold();
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin);
    let cell = Format::new().set_border(FormatBorder::Thin);
    let text = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
    let rp = Format::new()
        .set_border(FormatBorder::Thin)
        .set_num_format("#,##0");
    let pct = Format::new()
        .set_border(FormatBorder::Thin)
        .set_num_format("0.00");

    ws.write_with_format(
        0,
        0,
        "EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH",
        &title,
    )?;
    ws.write_with_format(1, 0, "KECAMATAN MANUJU KABUPATEN GOWA", &title)?;
    ws.write_with_format(
        2,
        0,
        "Periode Pelaksanaan: Triwulan I s.d. IV Tahun 2023",
        &title,
    )?;

    // Header rows 5–8 (0-based 4–7).
    // Single columns span the three header rows; groups span two over their K / Rp row;
    // the quarters' group spans one, over the numerals I–IV.
    let singles: [(u16, &str); 7] = [
        (0, "No"),
        (1, "Kode"),
        (
            2,
            "Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan",
        ),
        (3, "Indikator Kinerja Program (Outcome)/Kegiatan (Output)"),
        (4, "Satuan"),
        (19, "Perangkat Daerah Penanggung Jawab"),
        (20, "Keterangan"),
    ];
    for (c, t) in singles {
        ws.merge_range(4, c, 6, c, t, &head)?;
    }
    let groups: [(u16, &str); 3] = [
        (
            5,
            "Target Kinerja dan Anggaran Renja Perangkat Daerah Tahun Berjalan yang Dievaluasi",
        ),
        (
            15,
            "Realisasi Capaian Kinerja dan Anggaran Renja Perangkat Daerah yang Dievaluasi",
        ),
        (
            17,
            "Tingkat Capaian Kinerja dan Realisasi Anggaran Renja Perangkat Daerah (%)",
        ),
    ];
    for (c, t) in groups {
        ws.merge_range(4, c, 5, c + 1, t, &head)?;
    }
    ws.merge_range(4, 7, 4, 14, "Realisasi Kinerja Pada Triwulan", &head)?;
    for (i, tw) in ["I", "II", "III", "IV"].iter().enumerate() {
        let c = 7 + 2 * i as u16;
        ws.merge_range(5, c, 5, c + 1, tw, &head)?;
    }
    for c in 5..=18u16 {
        ws.write_with_format(6, c, if c % 2 == 1 { "K" } else { "Rp" }, &head)?;
    }
    // The numbered row: column numbers and the sheet's own arithmetic.
    let numbers: [(u16, u16, &str); 14] = [
        (0, 0, "1"),
        (1, 1, "2"),
        (2, 2, "3"),
        (3, 3, "4"),
        (4, 4, "5"),
        (5, 6, "6"),
        (7, 8, "7"),
        (9, 10, "8"),
        (11, 12, "9"),
        (13, 14, "10"),
        (15, 16, "11 = 7+8+9+10"),
        (17, 18, "12 = 11/6*100"),
        (19, 19, "13"),
        (20, 20, "14"),
    ];
    for (first, last, t) in numbers {
        if first == last {
            ws.write_with_format(7, first, t, &head)?;
        } else {
            ws.merge_range(7, first, 7, last, t, &head)?;
        }
    }

    let data = rows();
    for (i, r) in data.iter().enumerate() {
        let row = 8 + i as u32;
        ws.write_with_format(row, 0, (i + 1) as f64, &cell)?;
        ws.write_with_format(row, 1, format!("7.01.01.2.{:02}", i + 1), &cell)?;
        ws.write_with_format(row, 2, PROGRAM, &text)?;
        ws.write_with_format(row, 3, r.indicator, &text)?;
        ws.write_with_format(row, 4, r.unit, &cell)?;
        ws.write_with_format(row, 5, r.target, &cell)?;
        if let Some(p) = r.pagu {
            ws.write_with_format(row, 6, p, &rp)?;
        }
        for tw in 0..4u16 {
            if let Some(k) = r.k[tw as usize] {
                ws.write_with_format(row, 7 + 2 * tw, k, &cell)?;
            }
            if let Some(m) = r.rp[tw as usize] {
                ws.write_with_format(row, 8 + 2 * tw, m, &rp)?;
            }
        }
        let yk = year_k(r);
        ws.write_with_format(row, 15, yk, &cell)?;
        ws.write_with_format(row, 17, round2(yk / r.target * 100.0), &pct)?;
        if let (Some(y), Some(p)) = (year_rp(r), r.pagu) {
            ws.write_with_format(row, 16, y, &rp)?;
            ws.write_with_format(row, 18, round2(y / p * 100.0), &pct)?;
        }
        ws.write_with_format(row, 19, "Kecamatan Manuju", &cell)?;
        ws.write_with_format(row, 20, "", &cell)?;
    }
    let end = 8 + data.len() as u32 + 2;
    ws.write(end, 15, "Manuju, 10 Januari 2024")?;
    ws.write(end + 1, 15, "CAMAT MANUJU")?;
    ws.write(end + 4, 15, "NIP. 19700101 199003 1 010")?;
    ws.set_column_width(3, 40)?;
    ws.set_column_width(2, 30)?;
    wb.save(path)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut out = PathBuf::from("samples/triwulan");
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--out" {
            out = args
                .next()
                .map(PathBuf::from)
                .ok_or("--out needs a folder")?;
        }
    }
    std::fs::create_dir_all(&out)?;
    let file = "manuju-evaluasi-renja-2023.xlsx";
    write(&out.join(file))?;
    let planted = [
        (
            "quarter-sum-mismatch",
            "P13",
            "sp_pct",
            "the year's 95 where the last quarter (the rule for a percentage) is 100",
        ),
        (
            "quarter-sum-mismatch",
            "P20",
            "sop_disusun",
            "the year's 14 where the quarters add up to 12",
        ),
        (
            "anggaran-over-pagu",
            "Q21",
            "maklumat",
            "5.400.000 spent on a pagu of 5.000.000",
        ),
        (
            "arithmetic-mismatch",
            "Q26",
            "kuesioner",
            "the year's Rp 9.500.000 where \"11 = 7+8+9+10\" gives 10.000.000",
        ),
    ];
    let json = serde_json::json!({
        "file": file,
        "kecamatan": "Manuju",
        "sheet": "Evaluasi Renja",
        "header_rows": [5, 6, 7, 8],
        "rows": rows().iter().enumerate().map(|(i, r)| serde_json::json!({
            "indicator_id": r.id,
            "row": 9 + i,
            "target": r.target,
            "realisasi": year_k(r),
            "quarters": r.k,
            "realisasi_anggaran": year_rp(r),
        })).collect::<Vec<_>>(),
        "deliberate": planted.iter().map(|(rule, cell, id, _)| serde_json::json!({
            "rule": rule, "cell": cell, "indicator_id": id,
        })).collect::<Vec<_>>(),
    });
    std::fs::write(
        out.join("expected.json"),
        serde_json::to_string_pretty(&json)? + "\n",
    )?;
    let mut readme = String::from(
        "# A quarterly sample in the Permendagri 86 form\n\n\
         `manuju-evaluasi-renja-2023.xlsx` is Kecamatan Manuju's 2023 realization in the\n\
         national evaluation form (\"Evaluasi terhadap Hasil Renja Perangkat Daerah\",\n\
         Permendagri 86/2017): the year's target (K and Rp), realisasi per triwulan I–IV\n\
         (K and Rp), the year's realisasi and tingkat capaian, and a numbered row stating\n\
         the sheet's arithmetic (\"11 = 7+8+9+10\", \"12 = 11/6*100\"). Counts add their\n\
         quarters up; percentages and indices take the last quarter (the schema's\n\
         `aggregation` defaults), so \"11 = 7+8+9+10\" is checked on the Rp columns and on\n\
         counts, not on a percentage. Written by `examples/gen_renja86.rs` with\n\
         `expected.json` (do not edit by hand).\n\n\
         Deliberate discrepancies (pengaduan_belum_tl and sakip have no row: implied\n\
         `missing-indicator`; usulan_pct at 70 % gives an implied `below-target`):\n\n\
         | rule | cell | indicator | what |\n|---|---|---|---|\n",
    );
    for (rule, cell, id, what) in planted {
        readme.push_str(&format!("| `{rule}` | {cell} | {id} | {what} |\n"));
    }
    std::fs::write(out.join("README.md"), readme)?;
    Ok(())
}
