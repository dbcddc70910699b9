//! The shipped samples through the batch: every indicator row's values and cells as
//! samples/expected.json (written by the generator) says, every deliberate discrepancy
//! found at its cell and nothing else of warning or error level; and the exact list of
//! findings for the seed's Bajeng table.

mod common;
use common::*;
use serde_json::Value as Json;
use std::collections::{BTreeMap, BTreeSet};

type Rows = Vec<BTreeMap<String, String>>;

/// Run the batch over samples/ and read back consolidated.csv and discrepancies.csv.
fn batch_samples() -> (tempfile::TempDir, Rows, Rows) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = run(kinerja()
        .arg("batch")
        .arg(root().join("samples"))
        .arg("--out")
        .arg(&out)
        .arg("--quiet"));
    assert_eq!(o.status.code(), Some(0));
    let data = read_csv(&out.join("consolidated.csv"));
    let finds = read_csv(&out.join("discrepancies.csv"));
    (dir, data, finds)
}

/// The expected value of a target/realisasi as the CSV writes it.
fn expected_text(v: &Json) -> Option<String> {
    match v["state"].as_str()? {
        "value" => v["value"].as_f64().map(|n| format!("{n}")),
        "grade" => v["grade"].as_str().map(str::to_string),
        _ => None,
    }
}

fn same_number(got: &str, want: Option<String>) -> bool {
    match (got.parse::<f64>(), want.as_deref().map(str::parse::<f64>)) {
        (Ok(g), Some(Ok(w))) => (g - w).abs() < 0.005,
        _ => Some(got.to_string()).filter(|s| !s.is_empty()) == want,
    }
}

#[test]
fn every_sample_reads_as_its_generator_says() {
    let expected: Json = serde_json::from_str(
        &std::fs::read_to_string(root().join("samples/expected.json")).unwrap(),
    )
    .unwrap();
    let (_dir, data, finds) = batch_samples();
    let samples = expected["samples"].as_array().unwrap();
    assert!(samples.len() >= 8);
    for s in samples {
        let file = s["file"].as_str().unwrap();
        let kec = s["kecamatan"].as_str().unwrap();
        for r in s["rows"].as_array().unwrap() {
            let id = r["indicator_id"].as_str().unwrap_or("");
            let cell = r["cells"]["realisasi"]
                .as_str()
                .or(r["cells"]["target"].as_str())
                .unwrap();
            let row = data
                .iter()
                .find(|d| d["file"] == file && d["indicator_id"] == id && d["cell"] == cell)
                .unwrap_or_else(|| panic!("{file}: no row for {id:?} at {cell}"));
            assert_eq!(row["kecamatan"], kec, "{file}");
            if id.is_empty() {
                continue; // an unknown indicator: its values are not the point
            }
            for field in ["target", "realisasi"] {
                let want = expected_text(&r[field]);
                assert!(
                    same_number(&row[field], want.clone()),
                    "{file} {id} {field}: got {:?} want {want:?}",
                    row[field]
                );
            }
            let want = r["capaian_stated"].as_f64().map(|n| format!("{n}"));
            assert!(
                same_number(&row["capaian_stated"], want.clone()),
                "{file} {id} capaian: got {:?} want {want:?}",
                row["capaian_stated"]
            );
        }

        let listed = |key: &str| -> BTreeSet<(String, String, String)> {
            s[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| {
                    (
                        p["rule"].as_str().unwrap().to_string(),
                        p["cell"].as_str().unwrap_or("").to_string(),
                        p["indicator_id"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        };
        let got: BTreeSet<(String, String, String)> = finds
            .iter()
            .filter(|f| f["file"] == file)
            .map(|f| {
                (
                    f["rule"].clone(),
                    f["cell"].clone(),
                    f["indicator_id"].clone(),
                )
            })
            .collect();
        let deliberate = listed("deliberate");
        for p in deliberate.iter().chain(listed("implied").iter()) {
            assert!(got.contains(p), "{file}: missing {p:?}; got {got:?}");
        }
        // Nothing of warning or error level beyond what was put in on purpose (tree-level
        // findings about rows the sample does not have are checked for Bajeng below).
        let serious: BTreeSet<_> = finds
            .iter()
            .filter(|f| f["file"] == file && f["severity"] != "info")
            .filter(|f| !["missing-indicator", "duplicate-upload"].contains(&f["rule"].as_str()))
            .map(|f| {
                (
                    f["rule"].clone(),
                    f["cell"].clone(),
                    f["indicator_id"].clone(),
                )
            })
            .collect();
        let extra: Vec<_> = serious.difference(&deliberate).collect();
        assert!(extra.is_empty(), "{file}: unexpected findings {extra:?}");
    }
}

#[test]
fn the_seed_bajeng_table_gives_exactly_its_known_findings() {
    let (_dir, _data, finds) = batch_samples();
    let mut got: Vec<(String, String, String)> = finds
        .iter()
        .filter(|f| f["file"] == "bajeng-2023.xlsx")
        .map(|f| {
            (
                f["rule"].clone(),
                f["cell"].clone(),
                f["indicator_id"].clone(),
            )
        })
        .collect();
    got.sort();
    let t = |r: &str, c: &str, i: &str| (r.to_string(), c.to_string(), i.to_string());
    let mut want = vec![
        t("not-available", "E6", "sakip"),
        t("unit-mismatch", "E11", "usulan_pct"),
        t("keterangan-conflict", "G11", "usulan_pct"),
        t("below-target", "E5", "ikm"),
        t("below-target", "E11", "usulan_pct"),
        t("below-target", "E21", "usulan_jumlah"),
        t("missing-value", "E17", "maklumat"),
        t("missing-value", "E18", "fkp_unsur"),
        t("indicator-renamed", "C22", "kuesioner"),
        // Rows the schema requires that the seed table does not have.
        t("missing-indicator", "", "ipp"),
        t("missing-indicator", "", "pengaduan_belum_tl"),
        t("missing-indicator", "", "bahan_dok_sop"),
        t("missing-indicator", "", "bahan_maklumat"),
        t("missing-indicator", "", "instrumen_survei"),
    ];
    want.sort();
    assert_eq!(got, want);
    // The seed's capaian values are all arithmetically right.
    assert!(!finds
        .iter()
        .any(|f| f["rule"] == "capaian-mismatch" && f["file"] == "bajeng-2023.xlsx"));
}

/// `kinerja inspect --format json` on every sample: the rows it shows sit at the cells
/// and carry the values the generator wrote.
#[test]
fn inspect_shows_every_sample_row_at_its_cells() {
    let expected: Json = serde_json::from_str(
        &std::fs::read_to_string(root().join("samples/expected.json")).unwrap(),
    )
    .unwrap();
    for s in expected["samples"].as_array().unwrap() {
        let file = s["file"].as_str().unwrap();
        let o = run(kinerja()
            .arg("inspect")
            .arg(root().join("samples").join(file))
            .arg("--format")
            .arg("json"));
        assert_eq!(o.status.code(), Some(0));
        let seen: Json = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(seen["kecamatan"], s["kecamatan"], "{file}");
        let table = &seen["located"]["tables"][0];
        for (role, letter) in s["columns"].as_object().unwrap() {
            let col = table["columns"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["role"] == role.as_str())
                .unwrap_or_else(|| panic!("{file}: no {role} column"));
            let at = kinerja::model::col_letters(col["col"].as_u64().unwrap() as u32);
            assert_eq!(&at, letter.as_str().unwrap(), "{file} {role}");
        }
        let records = seen["records"].as_array().unwrap();
        for r in s["rows"].as_array().unwrap() {
            let cell = r["cells"]["realisasi"].as_str().unwrap();
            let rec = records
                .iter()
                .find(|rec| {
                    let at = &rec["realisasi"]["at"];
                    at.is_object()
                        && kinerja::model::a1(
                            at["row"].as_u64().unwrap() as u32,
                            at["col"].as_u64().unwrap() as u32,
                        ) == cell
                })
                .unwrap_or_else(|| panic!("{file}: no record with realisasi at {cell}"));
            let id = r["indicator_id"].as_str();
            assert_eq!(rec["matched"]["node_id"].as_str(), id, "{file} {cell}");
            for field in ["target", "realisasi"] {
                let want = &r[field];
                let got = &rec[field];
                match want["state"].as_str().unwrap() {
                    "value" => {
                        let (g, w) = (
                            got["number"].as_f64().unwrap(),
                            want["value"].as_f64().unwrap(),
                        );
                        assert!((g - w).abs() < 0.005, "{file} {cell} {field}: {g} vs {w}");
                    }
                    "grade" => assert_eq!(got["grade"], want["grade"], "{file} {cell}"),
                    state => assert_eq!(
                        got["state"].as_str().unwrap(),
                        state,
                        "{file} {cell} {field}"
                    ),
                }
            }
        }
    }
}

/// consolidated.xlsx read back: the five sheets and one per quarter the quarterly sample
/// reports, and the pivot's capaian for Bajeng.
#[test]
fn consolidated_workbook_has_its_sheets_and_pivot() {
    use calamine::{Data, Reader};
    let (dir, data, _finds) = batch_samples();
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook(dir.path().join("out/consolidated.xlsx")).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec![
            "Ringkasan",
            "Capaian",
            "Data",
            "Temuan",
            "Grafik",
            "TW I",
            "TW II",
            "TW III",
            "TW IV"
        ]
    );
    let pivot = wb.worksheet_range("Capaian").unwrap();
    let header: Vec<String> = (0..pivot.width())
        .map(|c| {
            pivot
                .get_value((0, c as u32))
                .map(|d| d.to_string())
                .unwrap_or_default()
        })
        .collect();
    let bajeng = header
        .iter()
        .position(|h| h == "Bajeng")
        .expect("Bajeng column") as u32;
    let row_of = |id: &str| {
        (1..pivot.height() as u32)
            .find(|&r| pivot.get_value((r, 0)) == Some(&Data::String(id.into())))
            .unwrap_or_else(|| panic!("no pivot row {id}"))
    };
    let value = |id: &str| match pivot.get_value((row_of(id), bajeng)) {
        Some(Data::Float(f)) => Some(*f),
        _ => None,
    };
    // 82,71 of 85 and 38 of 65: the computed capaian, as in consolidated.csv.
    assert!((value("ikm").unwrap() - 97.305_882).abs() < 1e-3);
    assert!((value("usulan_jumlah").unwrap() - 58.461_538).abs() < 1e-3);
    assert_eq!(value("sarana"), Some(100.0));
    assert_eq!(value("sakip"), None, "N/A has no capaian");
    let csv_ikm = data
        .iter()
        .find(|r| r["file"] == "bajeng-2023.xlsx" && r["indicator_id"] == "ikm")
        .unwrap();
    assert!((csv_ikm["capaian"].parse::<f64>().unwrap() - value("ikm").unwrap()).abs() < 1e-9);
    // The long table on "Data" has one row per consolidated.csv row (plus its header).
    let long = wb.worksheet_range("Data").unwrap();
    assert_eq!(long.height(), data.len() + 1);
}
