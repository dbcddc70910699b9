//! Layout families end to end, through the binary: what `inspect` shows and what a
//! batch reports for workbooks whose table is not one block at the top of a sheet.

mod common;
use common::*;
use rust_xlsxwriter::Workbook;
use std::collections::BTreeSet;
use std::path::Path;

/// `kinerja inspect FILE --format json`, which must succeed.
fn inspect_json(path: &Path) -> serde_json::Value {
    let o = run(kinerja()
        .arg("inspect")
        .arg(path)
        .args(["--format", "json"]));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

/// Two tables side by side on one sheet (IKU left, a second table right, a blank column
/// between), each with its own No / Indikator / Target / Realisasi / Capaian.
fn side_by_side(path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write(0, 0, "PENGUKURAN KINERJA KECAMATAN BAJENG TAHUN 2023")
        .unwrap();
    let header = ["No", "Indikator", "Target", "Realisasi", "Capaian (%)"];
    for first in [0u16, 6] {
        for (i, h) in header.iter().enumerate() {
            ws.write(2, first + i as u16, *h).unwrap();
        }
    }
    let left: [(&str, f64, f64, f64); 2] = [
        ("Jumlah SOP pelayanan yang disusun", 14.0, 12.0, 85.71),
        ("Jumlah usulan masyarakat", 80.0, 80.0, 100.0),
    ];
    let right: [(&str, f64, f64, f64); 2] = [
        ("Persentase layanan yang memiliki SOP", 100.0, 90.0, 90.0),
        ("Indeks Kepuasan Masyarakat (IKM)", 85.0, 82.71, 97.31),
    ];
    for (first, rows) in [(0u16, left), (6u16, right)] {
        for (r, (ind, t, re, c)) in rows.iter().enumerate() {
            let r = 3 + r as u32;
            ws.write(r, first, (r - 2) as f64).unwrap();
            ws.write(r, first + 1, *ind).unwrap();
            ws.write(r, first + 2, *t).unwrap();
            ws.write(r, first + 3, *re).unwrap();
            ws.write(r, first + 4, *c).unwrap();
        }
    }
    wb.save(path).unwrap();
}

#[test]
fn side_by_side_tables_are_two_tables_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bajeng-2023.xlsx");
    side_by_side(&path);

    let json = inspect_json(&path);
    let tables = json["located"]["tables"].as_array().unwrap();
    assert_eq!(tables.len(), 2);
    let got: BTreeSet<(String, String, String)> = json["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["matched"]["node_id"].as_str().unwrap_or("?").to_string(),
                format!("{}", r["realisasi"]["at"]["col"].as_u64().unwrap_or(99)),
                format!("{}", r["realisasi"]["number"].as_f64().unwrap_or(f64::NAN)),
            )
        })
        .collect();
    let want: BTreeSet<(String, String, String)> = [
        ("sop_disusun", "3", "12"),
        ("usulan_jumlah", "3", "80"),
        ("sop_pct", "9", "90"),
        ("ikm", "9", "82.71"),
    ]
    .iter()
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    .collect();
    assert_eq!(got, want);

    // The table view lists each table's own rows only.
    let o = run(kinerja().arg("inspect").arg(&path));
    let text = String::from_utf8_lossy(&o.stdout).to_string();
    let second = text.split("sheet '").nth(2).unwrap_or_default();
    assert!(
        second.contains("sop_pct") && !second.contains("sop_disusun"),
        "{text}"
    );

    // A batch reads four rows of one kecamatan, none a duplicate, capaian as stated.
    let out = dir.path().join("out");
    let o = run(kinerja()
        .arg("batch")
        .arg(&path)
        .arg("--out")
        .arg(&out)
        .arg("--quiet"));
    assert_eq!(o.status.code(), Some(0));
    let rows = read_csv(&out.join("consolidated.csv"));
    let cells: BTreeSet<String> = rows.iter().map(|r| r["cell"].clone()).collect();
    assert_eq!(
        cells,
        ["D4", "D5", "J4", "J5"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    );
    let rules: BTreeSet<String> = read_csv(&out.join("discrepancies.csv"))
        .iter()
        .filter(|r| r["file"] == "bajeng-2023.xlsx")
        .map(|r| r["rule"].clone())
        .collect();
    for wrong in [
        "duplicate-indicator",
        "capaian-mismatch",
        "unknown-indicator",
    ] {
        assert!(!rules.contains(wrong), "{rules:?}");
    }
}

/// A one-row table titled without a kecamatan: "PENGUKURAN KINERJA TAHUN 2023", the
/// header on row 3, "Jumlah SOP pelayanan yang disusun" 14 of 14 on row 4.
fn sop_table(ws: &mut rust_xlsxwriter::Worksheet) {
    ws.write(0, 0, "PENGUKURAN KINERJA TAHUN 2023").unwrap();
    for (c, h) in ["No", "Indikator", "Target", "Realisasi", "Capaian (%)"]
        .iter()
        .enumerate()
    {
        ws.write(2, c as u16, *h).unwrap();
    }
    ws.write(3, 0, 1.0).unwrap();
    ws.write(3, 1, "Jumlah SOP pelayanan yang disusun").unwrap();
    ws.write(3, 2, 14.0).unwrap();
    ws.write(3, 3, 14.0).unwrap();
    ws.write(3, 4, 100.0).unwrap();
}

/// A cover sheet that names the office ("KECAMATAN PALLANGGA") before a table whose own
/// title does not, in a file whose name does not either: the kecamatan is the cover's.
/// A hidden sheet or an instruction sheet naming another kecamatan is not read for it.
#[test]
fn the_kecamatan_named_only_on_the_cover_page_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("laporan-kinerja-2023.xlsx");
    let mut wb = Workbook::new();
    let hidden = wb.add_worksheet();
    hidden.set_name("Ref").unwrap();
    hidden.write(0, 0, "KECAMATAN BAJENG").unwrap();
    hidden.set_hidden(true);
    let example = wb.add_worksheet();
    example.set_name("Petunjuk").unwrap();
    example
        .write(0, 0, "Contoh pengisian: KECAMATAN BAJENG")
        .unwrap();
    let cover = wb.add_worksheet();
    cover.set_name("Sampul").unwrap();
    cover
        .write(3, 1, "LAPORAN KINERJA INSTANSI PEMERINTAH")
        .unwrap();
    cover.write(5, 1, "KECAMATAN PALLANGGA").unwrap();
    cover.write(6, 1, "TAHUN 2023").unwrap();
    cover.set_active(true);
    let ws = wb.add_worksheet();
    ws.set_name("Pengukuran").unwrap();
    sop_table(ws);
    wb.save(&path).unwrap();

    let json = inspect_json(&path);
    assert_eq!(json["kecamatan"], "Pallangga", "{json}");
}

/// A performance agreement (PK: targets only) on the sheet before the measurement
/// sheet, the same indicators on both: the realisasi is read from the measurement sheet,
/// the PK is context (skipped, with why), and nothing is reported twice.
#[test]
fn a_pk_sheet_before_the_measurement_sheet_is_context_not_a_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bajeng-barat-2023.xlsx");
    let mut wb = Workbook::new();
    let rows = [
        ("Indeks Kepuasan Masyarakat (IKM)", "85", "86,5", "101,76"),
        (
            "Jumlah SOP pelayanan yang disusun",
            "11 SOP",
            "9 SOP",
            "81,82",
        ),
    ];
    for (name, realized) in [("PK", false), ("Pengukuran", true)] {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        ws.write(0, 0, "KINERJA KECAMATAN BAJENG BARAT TAHUN 2023")
            .unwrap();
        let header: &[&str] = if realized {
            &["No", "Indikator Kinerja", "Target", "Realisasi", "%"]
        } else {
            &["No", "Indikator Kinerja", "Target"]
        };
        for (c, h) in header.iter().enumerate() {
            ws.write(2, c as u16, *h).unwrap();
        }
        for (i, (ind, t, r, c)) in rows.iter().enumerate() {
            let row = 3 + i as u32;
            ws.write(row, 0, (i + 1) as f64).unwrap();
            ws.write(row, 1, *ind).unwrap();
            ws.write(row, 2, *t).unwrap();
            if realized {
                ws.write(row, 3, *r).unwrap();
                ws.write(row, 4, *c).unwrap();
            }
        }
    }
    wb.save(&path).unwrap();

    let json = inspect_json(&path);
    let got: Vec<(String, String, String)> = json["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["sheet"].as_str().unwrap_or("?").to_string(),
                r["matched"]["node_id"].as_str().unwrap_or("?").to_string(),
                r["realisasi"]["raw"].as_str().unwrap_or("?").to_string(),
            )
        })
        .collect();
    let s = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
    assert_eq!(
        got,
        vec![
            s("Pengukuran", "ikm", "86,5"),
            s("Pengukuran", "sop_disusun", "9 SOP")
        ]
    );
    assert_eq!(json["located"]["skipped"][0]["sheet"], "PK");

    let o = run(kinerja().arg("check").arg(&path).args(["--lang", "en"]));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(!out.contains("duplicate-indicator"), "{out}");
    assert!(!out.contains("target-only"), "{out}");
    assert!(out.contains("below-target"), "{out}");
}

/// Last year's table beside this year's: stacked above it on one sheet (its caption,
/// then a blank row, then its header), or on a sheet of its own named for its year.
/// Only the report year's table (2023, the schema's) is read; nothing is reported twice.
#[test]
fn last_years_table_beside_this_years_is_context() {
    let dir = tempfile::tempdir().unwrap();
    let header = [
        "No",
        "Indikator Kinerja",
        "Target",
        "Realisasi",
        "Capaian (%)",
    ];
    let write_table =
        |ws: &mut rust_xlsxwriter::Worksheet, top: u32, title: &str, t: f64, r: f64| {
            ws.write(top, 0, title).unwrap();
            for (c, h) in header.iter().enumerate() {
                ws.write(top + 2, c as u16, *h).unwrap();
            }
            ws.write(top + 3, 0, 1.0).unwrap();
            ws.write(top + 3, 1, "Jumlah SOP pelayanan yang disusun")
                .unwrap();
            ws.write(top + 3, 2, t).unwrap();
            ws.write(top + 3, 3, r).unwrap();
            ws.write(top + 3, 4, r / t * 100.0).unwrap();
        };
    let stacked = dir.path().join("stacked.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    write_table(
        ws,
        0,
        "PENGUKURAN KINERJA KECAMATAN BONTONOMPO TAHUN 2022",
        8.0,
        6.0,
    );
    write_table(
        ws,
        7,
        "PENGUKURAN KINERJA KECAMATAN BONTONOMPO TAHUN 2023",
        11.0,
        11.0,
    );
    wb.save(&stacked).unwrap();
    let by_sheet = dir.path().join("by-sheet.xlsx");
    let mut wb = Workbook::new();
    for (name, t, r) in [("2022", 8.0, 6.0), ("2023", 11.0, 11.0)] {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        write_table(ws, 0, "PENGUKURAN KINERJA KECAMATAN BONTONOMPO", t, r);
    }
    wb.save(&by_sheet).unwrap();

    // A table of other indicators whose title names another year (a regulation's) is
    // not last year's table: it is read.
    let other_indicators = dir.path().join("other-indicators.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    write_table(
        ws,
        0,
        "PENGUKURAN KINERJA KECAMATAN BONTONOMPO TAHUN 2023",
        11.0,
        11.0,
    );
    ws.write(7, 0, "RENCANA AKSI (PERMENPAN RB NOMOR 53 TAHUN 2014)")
        .unwrap();
    for (c, h) in header.iter().enumerate() {
        ws.write(9, c as u16, *h).unwrap();
    }
    ws.write(10, 0, 1.0).unwrap();
    ws.write(10, 1, "Jumlah tim penyusunan SOP").unwrap();
    for c in 2..=3 {
        ws.write(10, c, 1.0).unwrap();
    }
    ws.write(10, 4, 100.0).unwrap();
    wb.save(&other_indicators).unwrap();
    let json = inspect_json(&other_indicators);
    assert_eq!(json["records"].as_array().map(Vec::len), Some(2), "{json}");

    for (path, cell) in [(&stacked, "D11"), (&by_sheet, "D4")] {
        let json = inspect_json(path);
        let records = json["records"].as_array().unwrap();
        assert_eq!(records.len(), 1, "{path:?}: {json}");
        assert_eq!(records[0]["realisasi"]["number"], 11.0, "{path:?}");
        let at = &records[0]["realisasi"]["at"];
        let a1 = format!(
            "{}{}",
            (b'A' + at["col"].as_u64().unwrap() as u8) as char,
            at["row"].as_u64().unwrap() + 1
        );
        assert_eq!(a1, cell, "{path:?}");
        let o = run(kinerja().arg("check").arg(path).args(["--lang", "en"]));
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(!out.contains("duplicate-indicator"), "{out}");
        assert!(!out.contains("other-year"), "{out}");
    }
}

/// The kecamatan named only in the signature under the table, in a file whose title and
/// name do not say it: "CAMAT BUNGAYA" names the office, the place and date above it
/// ("Somba Opu, 10 Januari 2024", where the letter was signed) does not.
#[test]
fn the_kecamatan_named_only_in_the_signature_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("laporan_kinerja_2023.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    sop_table(ws);
    ws.write(6, 3, "Somba Opu, 10 Januari 2024").unwrap();
    ws.write(7, 3, "CAMAT BUNGAYA").unwrap();
    ws.write(10, 3, "H. SYAMSUL, S.Sos").unwrap();
    wb.save(&path).unwrap();

    let json = inspect_json(&path);
    assert_eq!(json["kecamatan"], "Bungaya", "{json}");
}

/// Sub-items under a total written with bullets and short wordings ("- sarana
/// pelayanan") name the total's children, not the total again: the rollup of the total
/// is checked (6 is not 4 + 1) and nothing is a duplicate.
#[test]
fn bulleted_sub_items_are_the_totals_children() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("parangloe-2023.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write(0, 0, "PENGUKURAN KINERJA KECAMATAN PARANGLOE TAHUN 2023")
        .unwrap();
    for (c, h) in [
        "No",
        "Indikator Kinerja",
        "Satuan",
        "Target",
        "Realisasi",
        "Capaian (%)",
    ]
    .iter()
    .enumerate()
    {
        ws.write(2, c as u16, *h).unwrap();
    }
    let rows: [(&str, &str, f64, f64); 3] = [
        ("1", "Jumlah sarana dan prasarana yang memadai", 6.0, 6.0),
        ("", "- sarana pelayanan", 4.0, 4.0),
        ("", "\u{2022} sarana bagi kelompok rentan", 2.0, 1.0),
    ];
    for (i, (no, ind, t, r)) in rows.iter().enumerate() {
        let row = 3 + i as u32;
        if !no.is_empty() {
            ws.write(row, 0, *no).unwrap();
        }
        ws.write(row, 1, *ind).unwrap();
        ws.write(row, 2, "Unit").unwrap();
        ws.write(row, 3, *t).unwrap();
        ws.write(row, 4, *r).unwrap();
        ws.write(row, 5, r / t * 100.0).unwrap();
    }
    wb.save(&path).unwrap();

    let json = inspect_json(&path);
    let ids: Vec<&str> = json["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["matched"]["node_id"].as_str().unwrap_or("?"))
        .collect();
    assert_eq!(ids, ["sarana", "sarana_pelayanan", "sarana_rentan"]);
    let o = run(kinerja().arg("check").arg(&path).args(["--lang", "en"]));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("rollup-mismatch"), "{out}");
    assert!(!out.contains("duplicate-indicator"), "{out}");
}

/// Month columns under no "Realisasi" heading, beside a target and a capaian: the
/// realisasi are not read (months under "Realisasi" are), and the file says so once
/// instead of passing in silence.
#[test]
fn a_table_whose_realisasi_is_not_read_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("parangloe-2023.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write(0, 0, "REKAP KINERJA BULANAN KECAMATAN PARANGLOE TAHUN 2023")
        .unwrap();
    let header = [
        "No",
        "Indikator Kinerja",
        "Target",
        "Jan",
        "Feb",
        "Mar",
        "Capaian (%)",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write(2, c as u16, *h).unwrap();
    }
    for (c, v) in [1.0, 0.0, 12.0, 1.0, 1.0, 1.0, 25.0].iter().enumerate() {
        if c != 1 {
            ws.write(3, c as u16, *v).unwrap();
        }
    }
    ws.write(3, 1, "Jumlah SOP pelayanan yang disusun").unwrap();
    wb.save(&path).unwrap();

    let o = run(kinerja().arg("check").arg(&path).args(["--lang", "en"]));
    let out = String::from_utf8_lossy(&o.stdout);
    let said: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("no column read as the realisasi"))
        .collect();
    assert_eq!(said.len(), 1, "{out}");
    assert!(said[0].starts_with("Sheet1!C3"), "{out}");
}
