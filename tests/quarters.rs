//! Quarterly realization end to end: the Permendagri 86 sample gives exactly its
//! deliberate discrepancies, and each quarterly rule fires on a built workbook at the
//! exact cell and stays silent on a consistent one.

mod common;
use common::*;
use kinerja::pipeline;
use kinerja::schema::Matcher;
use kinerja::workbook::Limits;
use rust_xlsxwriter::Workbook;
use std::collections::BTreeSet;
use std::path::Path;

/// Findings of one file as (rule, cell, indicator), leaving out what the figures and the
/// schema merely imply (below-target, missing-indicator, indicator-renamed).
fn findings(path: &Path) -> BTreeSet<(String, String, String)> {
    let schema = kinerja::schema::load_str(pipeline::DEFAULT_SCHEMA, "default")
        .expect("schema")
        .0;
    let p = pipeline::process_file(path, &Matcher::new(&schema), &Limits::default());
    p.report
        .findings
        .iter()
        .filter(|f| {
            !matches!(
                f.rule.code(),
                "below-target" | "missing-indicator" | "indicator-renamed"
            )
        })
        .map(|f| {
            (
                f.rule.code().to_string(),
                f.cell(),
                f.indicator_id.clone().unwrap_or_default(),
            )
        })
        .collect()
}

/// Each record's year realisasi as read: (number, cell, how its quarters are typed).
fn year_read(path: &Path) -> Vec<(Option<f64>, String, Option<String>)> {
    let schema = kinerja::schema::load_str(pipeline::DEFAULT_SCHEMA, "default")
        .expect("schema")
        .0;
    let p = pipeline::process_file(path, &Matcher::new(&schema), &Limits::default());
    p.report
        .records
        .iter()
        .map(|r| {
            (
                r.realisasi.number,
                r.realisasi.at.as_ref().map(|a| a.a1()).unwrap_or_default(),
                r.quarters_typed.clone(),
            )
        })
        .collect()
}

fn set(items: &[(&str, &str, &str)]) -> BTreeSet<(String, String, String)> {
    items
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

#[test]
fn the_permendagri_86_sample_gives_exactly_its_deliberate_discrepancies() {
    let dir = root().join("samples/triwulan");
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let want: BTreeSet<(String, String, String)> = expected["deliberate"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["cell"].as_str().unwrap().to_string(),
                d["indicator_id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let file = dir.join(expected["file"].as_str().unwrap());
    assert_eq!(findings(&file), want);
}

/// One table: No | Indikator | Satuan | Target | TW I..IV realisasi (with optional %
/// columns) | Realisasi | Capaian, every figure a number.
struct Built {
    headers: Vec<&'static str>,
    rows: Vec<Vec<Cell>>,
}

enum Cell {
    T(&'static str),
    N(f64),
    E,
}

fn write(path: &Path, b: &Built) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write(
        0,
        0,
        "REALISASI KINERJA TRIWULAN KECAMATAN BAJENG TAHUN 2023",
    )
    .unwrap();
    for (c, h) in b.headers.iter().enumerate() {
        ws.write(2, c as u16, *h).unwrap();
    }
    for (r, row) in b.rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (3 + r as u32, c as u16);
            match v {
                Cell::T(t) => {
                    ws.write(r, c, *t).unwrap();
                }
                Cell::N(n) => {
                    ws.write(r, c, *n).unwrap();
                }
                Cell::E => {}
            }
        }
    }
    wb.save(path).unwrap();
}

use Cell::{E, N, T};

#[test]
fn quarter_sum_mismatch_by_the_nodes_aggregation() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tw.xlsx");
    let headers = vec![
        "No",
        "Indikator",
        "Satuan",
        "Target",
        "Realisasi TW I",
        "Realisasi TW II",
        "Realisasi TW III",
        "Realisasi TW IV",
        "Realisasi",
        "Capaian",
    ];
    write(
        &path,
        &Built {
            headers: headers.clone(),
            rows: vec![
                // A count: the quarters add up (12); 14 is wrong.
                vec![
                    N(1.0),
                    T("Jumlah SOP pelayanan yang disusun"),
                    T("SOP"),
                    N(14.0),
                    N(3.0),
                    N(3.0),
                    N(4.0),
                    N(2.0),
                    N(14.0),
                    N(100.0),
                ],
                // A percentage: the last quarter is the year; 100 is right, not 400.
                vec![
                    N(2.0),
                    T("Persentase layanan yang memiliki SOP"),
                    T("%"),
                    N(100.0),
                    N(100.0),
                    N(100.0),
                    N(100.0),
                    N(100.0),
                    N(100.0),
                    N(100.0),
                ],
                // A count typed right.
                vec![
                    N(3.0),
                    T("Jumlah usulan masyarakat"),
                    T("usulan"),
                    N(80.0),
                    N(80.0),
                    N(0.0),
                    N(0.0),
                    N(0.0),
                    N(80.0),
                    N(100.0),
                ],
            ],
        },
    );
    assert_eq!(
        findings(&path),
        set(&[("quarter-sum-mismatch", "I4", "sop_disusun")])
    );
}

#[test]
fn quarter_decrease_in_a_cumulatively_typed_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kumulatif.xlsx");
    write(
        &path,
        &Built {
            headers: vec![
                "No",
                "Indikator",
                "Satuan",
                "Target",
                "Realisasi s.d. TW I",
                "Realisasi s.d. TW II",
                "Realisasi s.d. TW III",
                "Realisasi s.d. TW IV",
                "Realisasi",
                "Capaian",
            ],
            rows: vec![
                // Cumulative figures: the year is the last quarter.
                vec![
                    N(1.0),
                    T("Jumlah usulan masyarakat"),
                    T("usulan"),
                    N(80.0),
                    N(20.0),
                    N(40.0),
                    N(60.0),
                    N(80.0),
                    N(80.0),
                    N(100.0),
                ],
                vec![
                    N(2.0),
                    T("Jumlah kuesioner yang disebarkan"),
                    T("orang"),
                    N(400.0),
                    N(100.0),
                    N(200.0),
                    N(300.0),
                    N(400.0),
                    N(400.0),
                    N(100.0),
                ],
                // Falls from 6 to 5 in TW III.
                vec![
                    N(3.0),
                    T("Jumlah SOP pelayanan yang disusun"),
                    T("SOP"),
                    N(12.0),
                    N(3.0),
                    N(6.0),
                    N(5.0),
                    N(12.0),
                    N(12.0),
                    N(100.0),
                ],
            ],
        },
    );
    assert_eq!(
        findings(&path),
        set(&[("quarter-decrease", "G6", "sop_disusun")])
    );
}

/// Quarters under headers that say they are to date, with no year column: the year so
/// far is the last filled quarter (11 of 12, 91,67 %), never their sum (29), and a
/// to-date figure that falls is still found.
#[test]
fn quarters_said_to_be_cumulative_give_the_last_quarter_as_the_year() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kumulatif-tanpa-tahun.xlsx");
    write(
        &path,
        &Built {
            headers: vec![
                "No",
                "Indikator",
                "Satuan",
                "Target",
                "Realisasi Kumulatif s/d Triwulan I",
                "Realisasi Kumulatif s/d Triwulan II",
                "Realisasi Kumulatif s/d Triwulan III",
                "Realisasi Kumulatif s/d Triwulan IV",
                "Capaian",
            ],
            rows: vec![
                vec![
                    N(1.0),
                    T("Jumlah SOP pelayanan yang disusun"),
                    T("SOP"),
                    N(12.0),
                    N(3.0),
                    N(6.0),
                    N(9.0),
                    N(11.0),
                    N(91.67),
                ],
                // Falls from 40 to 30 in TW III.
                vec![
                    N(2.0),
                    T("Jumlah usulan masyarakat"),
                    T("usulan"),
                    N(80.0),
                    N(20.0),
                    N(40.0),
                    N(30.0),
                    N(80.0),
                    N(100.0),
                ],
            ],
        },
    );
    assert_eq!(
        year_read(&path),
        vec![
            (Some(11.0), "H4".to_string(), Some("cumulative".to_string())),
            (Some(80.0), "H5".to_string(), Some("cumulative".to_string())),
        ]
    );
    assert_eq!(
        findings(&path),
        set(&[("quarter-decrease", "G5", "usulan_jumlah")])
    );
}

/// Only words that say "to date" make quarters cumulative: "Realisasi Tahunan" or
/// "Jumlah Realisasi" over the quarters are per-quarter figures that add up to the year.
#[test]
fn a_total_word_over_the_quarters_is_not_to_date() {
    let dir = tempfile::tempdir().unwrap();
    let groups: [(&str, [&'static str; 4]); 2] = [
        (
            "Realisasi Tahunan",
            [
                "Realisasi Tahunan TW I",
                "Realisasi Tahunan TW II",
                "Realisasi Tahunan TW III",
                "Realisasi Tahunan TW IV",
            ],
        ),
        (
            "Jumlah Realisasi",
            [
                "Jumlah Realisasi TW I",
                "Jumlah Realisasi TW II",
                "Jumlah Realisasi TW III",
                "Jumlah Realisasi TW IV",
            ],
        ),
    ];
    for (group, quarters) in groups {
        let path = dir.path().join(format!("{group}.xlsx"));
        let mut headers = vec!["No", "Indikator", "Satuan", "Target"];
        headers.extend(quarters);
        headers.push("Capaian");
        write(
            &path,
            &Built {
                headers,
                rows: vec![vec![
                    N(1.0),
                    T("Jumlah SOP pelayanan yang disusun"),
                    T("SOP"),
                    N(12.0),
                    N(3.0),
                    N(3.0),
                    N(3.0),
                    N(3.0),
                    N(100.0),
                ]],
            },
        );
        assert_eq!(
            year_read(&path),
            vec![(
                Some(12.0),
                "H4".to_string(),
                Some("per-quarter".to_string())
            )],
            "{group}"
        );
    }
}

/// A report at TW II with per-quarter columns and a "Realisasi s.d. TW II" column: the
/// to-date column is the year so far as written (never rebuilt from the quarters), it
/// is checked against them, and "Capaian s.d. TW II" is not read as TW II's own percent.
#[test]
fn a_to_date_column_is_the_year_so_far_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tw2.xlsx");
    write(
        &path,
        &Built {
            headers: vec![
                "No",
                "Indikator",
                "Satuan",
                "Target",
                "Realisasi TW I",
                "Realisasi TW II",
                "Realisasi s.d. TW II",
                "Capaian s.d. TW II (%)",
            ],
            rows: vec![
                // 3 + 2 = 5 to date: consistent.
                vec![
                    N(1.0),
                    T("Jumlah kuesioner yang disebarkan"),
                    T("orang"),
                    N(400.0),
                    N(120.0),
                    N(90.0),
                    N(210.0),
                    N(52.5),
                ],
                // 3 + 2 is 5, not the 6 written to date.
                vec![
                    N(2.0),
                    T("Jumlah SOP pelayanan yang disusun"),
                    T("SOP"),
                    N(12.0),
                    N(3.0),
                    N(2.0),
                    N(6.0),
                    N(50.0),
                ],
            ],
        },
    );
    assert_eq!(
        year_read(&path),
        vec![
            (
                Some(210.0),
                "G4".to_string(),
                Some("per-quarter".to_string())
            ),
            (Some(6.0), "G5".to_string(), Some("per-quarter".to_string())),
        ]
    );
    assert_eq!(
        findings(&path),
        set(&[("quarter-sum-mismatch", "G5", "sop_disusun")])
    );
}

/// The Permendagri 86 form states the year as the sum of the quarters in its numbering
/// row ("11 = 7+8+9+10"): a count the schema sets no rule for follows the form, even one
/// whose default is the last quarter (a negative count); a year that is not the form's
/// sum is still found.
#[test]
fn the_sum_the_form_states_is_the_year_of_a_count_without_a_rule() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("renja86.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write(0, 0, "EVALUASI RENJA KECAMATAN BAJENG TAHUN 2023")
        .unwrap();
    let header = [
        "No",
        "Indikator",
        "Satuan",
        "Target",
        "Realisasi TW I",
        "Realisasi TW II",
        "Realisasi TW III",
        "Realisasi TW IV",
        "Realisasi",
        "Capaian",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write(2, c as u16, *h).unwrap();
    }
    let numbering = ["1", "2", "3", "4", "5", "6", "7", "8", "9 = 5+6+7+8", "10"];
    for (c, h) in numbering.iter().enumerate() {
        ws.write(3, c as u16, *h).unwrap();
    }
    let rows: [(&str, &str, [f64; 7]); 2] = [
        // Negative count: 2 + 1 + 1 + 0 = 4, as the form says (not the last, 0).
        (
            "Jumlah pengaduan yang belum ditindaklanjuti",
            "pengaduan",
            [5.0, 2.0, 1.0, 1.0, 0.0, 4.0, 120.0],
        ),
        // 3 + 3 + 4 + 2 = 12, not 14.
        (
            "Jumlah SOP pelayanan yang disusun",
            "SOP",
            [14.0, 3.0, 3.0, 4.0, 2.0, 14.0, 100.0],
        ),
    ];
    for (i, (ind, unit, v)) in rows.iter().enumerate() {
        let r = 4 + i as u32;
        ws.write(r, 0, (i + 1) as f64).unwrap();
        ws.write(r, 1, *ind).unwrap();
        ws.write(r, 2, *unit).unwrap();
        for (j, x) in v.iter().enumerate() {
            ws.write(r, 3 + j as u16, *x).unwrap();
        }
    }
    wb.save(&path).unwrap();
    assert_eq!(
        findings(&path),
        set(&[("quarter-sum-mismatch", "I6", "sop_disusun")])
    );
}

#[test]
fn quarter_percent_that_its_k_does_not_give() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("persen.xlsx");
    write(
        &path,
        &Built {
            headers: vec![
                "No",
                "Indikator",
                "Satuan",
                "Target",
                "Realisasi TW I",
                "% TW I",
                "Realisasi TW II",
                "% TW II",
                "Realisasi",
                "Capaian",
            ],
            rows: vec![
                // 3 of 12 is 25 %; 6 to date is 50 %: both right.
                vec![
                    N(1.0),
                    T("Jumlah SOP pelayanan yang disusun"),
                    T("SOP"),
                    N(12.0),
                    N(3.0),
                    N(25.0),
                    N(3.0),
                    N(50.0),
                    N(6.0),
                    N(50.0),
                ],
                // 40 of 80 is 50 %, not 75 %.
                vec![
                    N(2.0),
                    T("Jumlah usulan masyarakat"),
                    T("usulan"),
                    N(80.0),
                    N(40.0),
                    N(75.0),
                    N(0.0),
                    N(50.0),
                    N(40.0),
                    N(50.0),
                ],
            ],
        },
    );
    assert_eq!(
        findings(&path),
        set(&[("quarter-inconsistent", "F5", "usulan_jumlah")])
    );
}

#[test]
fn anggaran_over_pagu_and_a_consistent_budget() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("anggaran.xlsx");
    write(
        &path,
        &Built {
            headers: vec![
                "No",
                "Indikator",
                "Satuan",
                "Target",
                "Pagu Anggaran (Rp)",
                "Realisasi",
                "Realisasi Anggaran (Rp)",
                "Capaian",
            ],
            rows: vec![
                vec![
                    N(1.0),
                    T("Jumlah SOP pelayanan yang disusun"),
                    T("SOP"),
                    N(12.0),
                    N(6_000_000.0),
                    N(12.0),
                    N(6_500_000.0),
                    N(100.0),
                ],
                vec![
                    N(2.0),
                    T("Jumlah usulan masyarakat"),
                    T("usulan"),
                    N(80.0),
                    N(4_000_000.0),
                    N(80.0),
                    N(4_000_000.0),
                    N(100.0),
                ],
                vec![
                    N(3.0),
                    T("Jumlah kuesioner yang disebarkan"),
                    T("orang"),
                    N(400.0),
                    E,
                    N(400.0),
                    N(1_000.0),
                    N(100.0),
                ],
            ],
        },
    );
    assert_eq!(
        findings(&path),
        set(&[("anggaran-over-pagu", "G4", "sop_disusun")])
    );
}

#[test]
fn consolidated_outputs_carry_the_period_the_quarters_and_the_budget() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let status = run(kinerja()
        .arg("batch")
        .arg(root().join("samples/triwulan"))
        .arg("--out")
        .arg(&out)
        .arg("--quiet"))
    .status;
    assert_eq!(status.code(), Some(0));
    let rows = read_csv(&out.join("consolidated.csv"));
    let row = |id: &str| {
        rows.iter()
            .find(|r| r["indicator_id"] == id)
            .unwrap_or_else(|| panic!("no row {id}"))
    };
    let sop = row("sop_disusun");
    assert_eq!(sop["periode"], "TW4");
    let q: Vec<&str> = [
        "realisasi_tw1",
        "realisasi_tw2",
        "realisasi_tw3",
        "realisasi_tw4",
    ]
    .iter()
    .map(|c| sop[*c].as_str())
    .collect();
    assert_eq!(q, ["3", "3", "4", "2"]);
    assert_eq!(sop["realisasi"], "14");
    let maklumat = row("maklumat");
    assert_eq!(maklumat["target_anggaran"], "5000000");
    assert_eq!(maklumat["realisasi_anggaran"], "5400000");
    assert_eq!(maklumat["capaian_anggaran"], "108");
    // A percentage has no budget column in this form: empty, not zero.
    assert_eq!(row("sop_pct")["target_anggaran"], "");
}

#[test]
fn a_batch_mixing_periods_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let up = dir.path().join("up");
    std::fs::create_dir(&up).unwrap();
    for (file, title) in [
        (
            "bajeng-tw2.xlsx",
            "REALISASI KINERJA TRIWULAN II KECAMATAN BAJENG TAHUN 2023",
        ),
        (
            "pallangga-tw3.xlsx",
            "REALISASI KINERJA TRIWULAN III KECAMATAN PALLANGGA TAHUN 2023",
        ),
    ] {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        sop_table(ws, title, 6.0, 50.0);
        wb.save(up.join(file)).unwrap();
    }
    let out = run(kinerja()
        .arg("batch")
        .arg(&up)
        .arg("--out")
        .arg(dir.path().join("out"))
        .args(["--quiet", "--lang", "en"]));
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("different periods: TW2 (1), TW3 (1)"), "{err}");
    let rows = read_csv(&dir.path().join("out/consolidated.csv"));
    let periods: BTreeSet<&str> = rows.iter().map(|r| r["periode"].as_str()).collect();
    assert_eq!(periods, BTreeSet::from(["TW2", "TW3"]));
}

#[test]
fn the_consolidated_workbook_has_a_sheet_per_reported_quarter() {
    use calamine::{DataType, Reader, Xlsx};
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let status = run(kinerja()
        .arg("batch")
        .arg(root().join("samples/triwulan"))
        .arg("--out")
        .arg(&out)
        .arg("--quiet"))
    .status;
    assert_eq!(status.code(), Some(0));
    let mut wb: Xlsx<_> = calamine::open_workbook(out.join("consolidated.xlsx")).unwrap();
    let names = wb.sheet_names();
    for q in ["TW I", "TW II", "TW III", "TW IV"] {
        assert!(names.iter().any(|n| n == q), "{names:?}");
    }
    let tw3 = wb.worksheet_range("TW III").unwrap();
    let row = tw3
        .rows()
        .find(|r| r.first().map(|c| c.to_string()) == Some("sop_disusun".into()))
        .expect("sop_disusun row");
    // Columns: ID, Indikator, Satuan, Manuju, Kabupaten.
    assert_eq!(row.get(3).and_then(|c| c.get_float()), Some(4.0));
    assert_eq!(row.get(4).and_then(|c| c.get_float()), Some(4.0));
    // The chart names the latest period the uploads report.
    let file = std::fs::File::open(out.join("consolidated.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut chart = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/charts/chart1.xml").unwrap(),
        &mut chart,
    )
    .unwrap();
    assert!(
        chart.contains("Rata-rata capaian per kecamatan, s.d. TW IV 2023"),
        "{chart}"
    );
}

/// One kecamatan's quarterly upload: title naming the period, Indikator | Satuan |
/// Target, then the given quarter headers and figures, then "Realisasi" (the to-date
/// figure).
fn upload(path: &Path, kecamatan: &str, tw: &str, quarters: &[(&str, f64)], to_date: f64) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write(
        0,
        0,
        format!("REALISASI KINERJA TRIWULAN {tw} KECAMATAN {kecamatan} TAHUN 2023"),
    )
    .unwrap();
    let mut headers = vec!["No", "Indikator", "Satuan", "Target"];
    headers.extend(quarters.iter().map(|q| q.0));
    headers.push("Realisasi");
    for (c, h) in headers.iter().enumerate() {
        ws.write(2, c as u16, *h).unwrap();
    }
    ws.write(3, 0, 1.0).unwrap();
    ws.write(3, 1, "Jumlah SOP pelayanan yang disusun").unwrap();
    ws.write(3, 2, "SOP").unwrap();
    ws.write(3, 3, 14.0).unwrap();
    for (i, (_, v)) in quarters.iter().enumerate() {
        ws.write(3, 4 + i as u16, *v).unwrap();
    }
    ws.write(3, 4 + quarters.len() as u16, to_date).unwrap();
    wb.save(path).unwrap();
}

/// (file, rule, cell, found, expected) of the findings of `rules` in a batch's
/// discrepancies.csv.
fn found_rows(out: &Path, rules: &[&str]) -> BTreeSet<(String, String, String, String, String)> {
    read_csv(&out.join("discrepancies.csv"))
        .into_iter()
        .filter(|r| rules.contains(&r["rule"].as_str()))
        .map(|r| {
            (
                r["file"].clone(),
                r["rule"].clone(),
                r["cell"].clone(),
                r["found"].clone(),
                r["expected"].clone(),
            )
        })
        .collect()
}

#[test]
fn previous_period_revised_quarters_and_falling_to_date_figures() {
    let dir = tempfile::tempdir().unwrap();
    let (tw2, tw3) = (dir.path().join("tw2"), dir.path().join("tw3"));
    std::fs::create_dir_all(&tw2).unwrap();
    std::fs::create_dir_all(&tw3).unwrap();
    // TW II: Bajeng per quarter 3 + 3; Pallangga only a to-date column, 9.
    upload(
        &tw2.join("bajeng.xlsx"),
        "BAJENG",
        "II",
        &[("Realisasi TW I", 3.0), ("Realisasi TW II", 3.0)],
        6.0,
    );
    upload(&tw2.join("pallangga.xlsx"), "PALLANGGA", "II", &[], 9.0);
    let batch = |input: &Path, out: &Path, extra: &[&std::ffi::OsStr]| {
        let o = run(kinerja()
            .arg("batch")
            .arg(input)
            .arg("--out")
            .arg(out)
            .arg("--quiet")
            .args(extra));
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    let out2 = dir.path().join("out-tw2");
    batch(&tw2, &out2, &[]);

    // TW III: Bajeng's TW I (cell E4) revised from 3 to 5; Pallangga's to-date fell to 7.
    upload(
        &tw3.join("bajeng.xlsx"),
        "BAJENG",
        "III",
        &[
            ("Realisasi TW I", 5.0),
            ("Realisasi TW II", 3.0),
            ("Realisasi TW III", 4.0),
        ],
        12.0,
    );
    upload(&tw3.join("pallangga.xlsx"), "PALLANGGA", "III", &[], 7.0);
    let rules = ["revised-quarter", "quarter-decrease"];
    let want: BTreeSet<_> = [
        ("bajeng.xlsx", "revised-quarter", "E4", "5", "3"),
        ("pallangga.xlsx", "quarter-decrease", "E4", "7", "≥ 9"),
    ]
    .iter()
    .map(|(a, b, c, d, e)| {
        (
            a.to_string(),
            b.to_string(),
            c.to_string(),
            d.to_string(),
            e.to_string(),
        )
    })
    .collect();
    // The Parquet, the CSV and the folder all stand for the earlier batch.
    for previous in [
        out2.join("consolidated.parquet"),
        out2.join("consolidated.csv"),
        out2.clone(),
    ] {
        let out3 = dir.path().join("out-tw3");
        batch(
            &tw3,
            &out3,
            &[
                "--previous".as_ref(),
                previous.as_os_str(),
                "--force".as_ref(),
            ],
        );
        assert_eq!(found_rows(&out3, &rules), want, "{}", previous.display());
    }
    // Without --previous, and with a consistent TW III, nothing of the kind.
    let out3 = dir.path().join("out-plain");
    batch(&tw3, &out3, &[]);
    assert_eq!(found_rows(&out3, &rules), BTreeSet::new());
    upload(
        &tw3.join("bajeng.xlsx"),
        "BAJENG",
        "III",
        &[
            ("Realisasi TW I", 3.0),
            ("Realisasi TW II", 3.0),
            ("Realisasi TW III", 4.0),
        ],
        10.0,
    );
    upload(&tw3.join("pallangga.xlsx"), "PALLANGGA", "III", &[], 11.0);
    let out3 = dir.path().join("out-consistent");
    batch(
        &tw3,
        &out3,
        &[
            "--previous".as_ref(),
            out2.join("consolidated.parquet").as_os_str(),
        ],
    );
    assert_eq!(found_rows(&out3, &rules), BTreeSet::new());
}

#[test]
fn a_previous_that_is_not_a_consolidated_table_stops_the_batch_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let bogus = dir.path().join("consolidated.csv");
    std::fs::write(&bogus, "a,b\n1,2\n").unwrap();
    let out = dir.path().join("out");
    let o = run(kinerja()
        .arg("batch")
        .arg(root().join("samples/triwulan"))
        .arg("--out")
        .arg(&out)
        .args(["--quiet", "--lang", "en", "--previous"])
        .arg(&bogus));
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("has no column kecamatan"), "{err}");
    assert!(!out.exists());
}

#[test]
fn a_previous_of_another_year_is_said_and_compares_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("consolidated.csv");
    std::fs::write(
        &old,
        "file,kecamatan,indicator_id,realisasi,tahun,periode,realisasi_tw1,realisasi_tw2,realisasi_tw3,realisasi_tw4\n\
         manuju.xlsx,Manuju,sop_disusun,1,2022,TW4,1,,,\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = run(kinerja()
        .arg("batch")
        .arg(root().join("samples/triwulan"))
        .arg("--out")
        .arg(&out)
        .args(["--lang", "en", "--previous"])
        .arg(&old));
    assert_eq!(o.status.code(), Some(0));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("--previous holds no rows of year 2023 with a known kecamatan and indicator (1 rows of other years, 0 without kecamatan or indicator)"),
        "{err}"
    );
    assert!(!read_csv(&out.join("discrepancies.csv"))
        .iter()
        .any(|r| r["rule"] == "revised-quarter"));
}

#[test]
fn a_quarters_percent_is_measured_against_its_own_target_where_the_table_has_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("target-tw.xlsx");
    write(
        &path,
        &Built {
            headers: vec![
                "No",
                "Indikator",
                "Satuan",
                "Target",
                "Target TW I",
                "Realisasi TW I",
                "% TW I",
                "Target TW II",
                "Realisasi TW II",
                "% TW II",
                "Realisasi",
                "Capaian",
            ],
            rows: vec![vec![
                N(1.0),
                T("Jumlah usulan masyarakat"),
                T("usulan"),
                N(100.0),
                // TW I: 10 of its own target 20 is 50 % (of the year's 100 it would be 10).
                N(20.0),
                N(10.0),
                N(50.0),
                // TW II: 15 of 30 is 50 %, not the 40 stated.
                N(30.0),
                N(15.0),
                N(40.0),
                N(25.0),
                N(25.0),
            ]],
        },
    );
    assert_eq!(
        findings(&path),
        set(&[("quarter-inconsistent", "J4", "usulan_jumlah")])
    );
    let schema = kinerja::schema::load_str(pipeline::DEFAULT_SCHEMA, "default")
        .expect("schema")
        .0;
    let p = pipeline::process_file(&path, &Matcher::new(&schema), &Limits::default());
    let f = p
        .report
        .findings
        .iter()
        .find(|f| f.rule.code() == "quarter-inconsistent")
        .unwrap();
    assert_eq!(f.expected, "50%");
    assert!(
        f.message.en.contains("against the target (30) is 50%"),
        "{}",
        f.message.en
    );
    let tw1 = &p.report.records[0].quarters[0];
    assert_eq!(tw1.target.as_ref().and_then(|v| v.number), Some(20.0));
}

/// Months (or semesters) with no column for the year: a count is their sum, a percent
/// the last month that holds a figure; the value points at that month's cell and the
/// stated capaian is checked against the year so made (none of them is a finding here).
#[test]
fn months_with_no_year_column_make_the_year() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bulanan.xlsx");
    write(
        &path,
        &Built {
            headers: vec![
                "No",
                "Indikator",
                "Satuan",
                "Target",
                "Realisasi Januari",
                "Realisasi Februari",
                "Realisasi Maret",
                "Realisasi April",
                "Capaian (%)",
            ],
            rows: vec![
                vec![
                    N(1.0),
                    T("Jumlah SOP pelayanan yang disusun"),
                    T("SOP"),
                    N(12.0),
                    N(1.0),
                    N(2.0),
                    N(3.0),
                    E,
                    N(50.0),
                ],
                vec![
                    N(2.0),
                    T("Persentase pengaduan yang ditindaklanjuti"),
                    T("%"),
                    N(100.0),
                    N(80.0),
                    N(85.0),
                    N(90.0),
                    E,
                    N(90.0),
                ],
            ],
        },
    );
    assert_eq!(
        year_read(&path),
        vec![
            (Some(6.0), "G4".to_string(), None),
            (Some(90.0), "G5".to_string(), None),
        ]
    );
    assert_eq!(findings(&path), set(&[]));

    // Two semesters: the same.
    let path = dir.path().join("semester.xlsx");
    write(
        &path,
        &Built {
            headers: vec![
                "No",
                "Indikator",
                "Satuan",
                "Target",
                "Realisasi Semester I",
                "Realisasi Semester II",
                "Capaian (%)",
            ],
            rows: vec![vec![
                N(1.0),
                T("Jumlah SOP pelayanan yang disusun"),
                T("SOP"),
                N(12.0),
                N(5.0),
                N(7.0),
                N(100.0),
            ]],
        },
    );
    assert_eq!(year_read(&path), vec![(Some(12.0), "F4".to_string(), None)]);
    assert_eq!(findings(&path), set(&[]));
}

/// Months typed to date give the year as the last filled month; a note under the table
/// ("Sumber: hasil SKM Semester I tahun 2023", over two lines) names no period: the upload
/// is the annual report its title says.
#[test]
fn months_to_date_and_a_note_under_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kumulatif-bulanan.xlsx");
    write(
        &path,
        &Built {
            headers: vec![
                "No",
                "Indikator",
                "Satuan",
                "Target",
                "Realisasi Kumulatif s.d. Oktober",
                "Realisasi Kumulatif s.d. November",
                "Realisasi Kumulatif s.d. Desember",
                "Capaian (%)",
            ],
            rows: vec![
                vec![
                    N(1.0),
                    T("Jumlah kuesioner yang disebarkan"),
                    T("orang"),
                    N(400.0),
                    N(300.0),
                    N(330.0),
                    E,
                    N(82.5),
                ],
                vec![E, T("*) Sumber: hasil SKM yang dilaksanakan pada")],
                vec![E, T("Semester I tahun 2023")],
            ],
        },
    );
    assert_eq!(
        year_read(&path),
        vec![(Some(330.0), "F4".to_string(), None)]
    );
    assert_eq!(findings(&path), set(&[]));
    let schema = kinerja::schema::load_str(pipeline::DEFAULT_SCHEMA, "default")
        .expect("schema")
        .0;
    let p = pipeline::process_file(&path, &Matcher::new(&schema), &Limits::default());
    assert_eq!(p.report.periode.as_deref(), Some("tahunan"));
}

/// How periods make a year follows the node: a count that should fall ("Jumlah pengaduan
/// yang belum ditindaklanjuti", lower is better) is its last period, never their sum; a
/// count that grows is their sum, where "1.250" among counted people is 1250, settled.
#[test]
fn periods_make_the_year_by_the_nodes_aggregation() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tw-tanpa-tahun.xlsx");
    write(
        &path,
        &Built {
            headers: vec![
                "No",
                "Indikator",
                "Satuan",
                "Target",
                "Realisasi TW I",
                "Realisasi TW II",
                "Realisasi TW III",
                "Realisasi TW IV",
            ],
            rows: vec![
                vec![
                    N(1.0),
                    T("Jumlah pengaduan yang belum ditindaklanjuti"),
                    T("pengaduan"),
                    N(5.0),
                    N(2.0),
                    N(2.0),
                    N(2.0),
                    N(1.0),
                ],
                vec![
                    N(2.0),
                    T("Jumlah kuesioner yang disebarkan"),
                    T("orang"),
                    N(1400.0),
                    T("30"),
                    T("35"),
                    T("1.250"),
                    E,
                ],
            ],
        },
    );
    assert_eq!(
        year_read(&path),
        vec![
            (Some(1.0), "H4".to_string(), Some("per-quarter".to_string())),
            (
                Some(1315.0),
                "G5".to_string(),
                Some("per-quarter".to_string())
            ),
        ]
    );
    assert_eq!(findings(&path), set(&[]));
}

/// A note under the table names no period, and the signature beside it on the same rows
/// still names the office ("CAMAT BAJENG" to the right of "Keterangan :" and its list).
#[test]
fn a_note_beside_the_signature() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tanpa-nama.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    sop_table(ws, "PENGUKURAN KINERJA TAHUN 2023", 12.0, 100.0);
    ws.write(5, 1, "Keterangan :").unwrap();
    ws.write(5, 4, "Sungguminasa, 5 Januari 2024").unwrap();
    ws.write(6, 1, "1. Data SKM Semester I tahun 2023").unwrap();
    ws.write(6, 4, "CAMAT BAJENG").unwrap();
    wb.save(&path).unwrap();
    let schema = kinerja::schema::load_str(pipeline::DEFAULT_SCHEMA, "default")
        .expect("schema")
        .0;
    let p = pipeline::process_file(&path, &Matcher::new(&schema), &Limits::default());
    assert_eq!(p.report.periode.as_deref(), Some("tahunan"));
    assert_eq!(p.report.kecamatan.as_deref(), Some("Bajeng"));
}

/// A title in A1 and one table "No | Indikator | Satuan | Target | Realisasi | Capaian"
/// (header in row 3) with one row: the SOP count, target 12.
fn sop_table(ws: &mut rust_xlsxwriter::Worksheet, title: &str, realisasi: f64, capaian: f64) {
    ws.write(0, 0, title).unwrap();
    for (c, h) in [
        "No",
        "Indikator",
        "Satuan",
        "Target",
        "Realisasi",
        "Capaian",
    ]
    .iter()
    .enumerate()
    {
        ws.write(2, c as u16, *h).unwrap();
    }
    ws.write(3, 0, 1.0).unwrap();
    ws.write(3, 1, "Jumlah SOP pelayanan yang disusun").unwrap();
    ws.write(3, 2, "SOP").unwrap();
    ws.write(3, 3, 12.0).unwrap();
    ws.write(3, 4, realisasi).unwrap();
    ws.write(3, 5, capaian).unwrap();
}

/// A year column beside its months: the year must be their sum, their last filled or
/// their average ("Jumlah" or "Rata-rata"); none of them is `quarter-sum-mismatch` at
/// the year's cell, with what the node's aggregation makes as expected.
#[test]
fn a_year_column_against_its_months() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bulan-dan-jumlah.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write(0, 0, "REALISASI KINERJA KECAMATAN BAJENG TAHUN 2023")
        .unwrap();
    let merged = rust_xlsxwriter::Format::new();
    ws.merge_range(2, 3, 2, 6, "Realisasi", &merged).unwrap();
    for (c, h) in [
        (0, "Indikator"),
        (1, "Satuan"),
        (2, "Target"),
        (7, "Capaian"),
    ] {
        ws.write(2, c, h).unwrap();
    }
    for (c, h) in [(3, "Jan"), (4, "Feb"), (5, "Mar"), (6, "Jumlah")] {
        ws.write(3, c, h).unwrap();
    }
    let rows: [(&str, &str, [f64; 6]); 3] = [
        (
            "Jumlah SOP pelayanan yang disusun",
            "SOP",
            [12.0, 4.0, 4.0, 4.0, 12.0, 100.0],
        ),
        (
            "Jumlah kuesioner yang disebarkan",
            "orang",
            [400.0, 100.0, 100.0, 100.0, 250.0, 62.5],
        ),
        (
            "Persentase pengaduan yang ditindaklanjuti",
            "%",
            [100.0, 90.0, 95.0, 100.0, 95.0, 95.0],
        ),
    ];
    for (i, (ind, unit, n)) in rows.iter().enumerate() {
        let r = 4 + i as u32;
        ws.write(r, 0, *ind).unwrap();
        ws.write(r, 1, *unit).unwrap();
        ws.write(r, 2, n[0]).unwrap();
        for (k, v) in n[1..].iter().enumerate() {
            ws.write(r, 3 + k as u16, *v).unwrap();
        }
    }
    wb.save(&path).unwrap();
    // SOP: 4 + 4 + 4 = 12, as stated. Kuesioner: 300, not 250. Percent: 95 is the average.
    assert_eq!(
        findings(&path),
        set(&[("quarter-sum-mismatch", "G6", "kuesioner")])
    );
}
