//! The commands other than batch, through the binary: check, inspect, schema check,
//! exit codes and languages.

mod common;
use common::*;

fn table(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("bajeng-barat.xlsx");
    write_table(
        &path,
        "Tabel 3.1",
        "REALISASI KINERJA KECAMATAN BAJENG BARAT TAHUN 2023",
        &[
            [
                "1",
                "Meningkatnya kepuasan masyarakat terhadap pelayanan publik",
                "Indeks Kepuasan Masyarakat (IKM)",
                "85,00 (Baik)",
                "70,10 (Baik)",
                "82,47%",
                "Hasil SKM",
            ],
            [
                "2",
                "Meningkatkan akuntabilitas penyelenggaraan pemerintahan kecamatan",
                "Nilai SAKIP",
                "BB",
                "N/A",
                "N/A",
                "Belum ada nilai LHE",
            ],
        ],
    );
    path
}

#[test]
fn check_prints_findings_with_cells_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let path = table(dir.path());
    let o = run(kinerja()
        .arg("check")
        .arg(&path)
        .arg("--format")
        .arg("json"));
    assert_eq!(o.status.code(), Some(0));
    let findings: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let list: Vec<(String, String)> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let cell = f["at"].as_object().map(|_| {
                let col = f["at"]["col"].as_u64().unwrap() as u32;
                let row = f["at"]["row"].as_u64().unwrap() as u32;
                kinerja::model::a1(row, col)
            });
            (
                f["rule"].as_str().unwrap().to_string(),
                cell.unwrap_or_default(),
            )
        })
        .collect();
    // The A1 cell rides along with `at` (0-based row and col).
    assert!(findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["at"].is_object())
        .all(|f| {
            let a1 = kinerja::model::a1(
                f["at"]["row"].as_u64().unwrap() as u32,
                f["at"]["col"].as_u64().unwrap() as u32,
            );
            f["cell"] == a1.as_str()
        }));
    // 70,10 is "Kurang Baik" on the IKM scale, not "Baik"; SAKIP realisasi is N/A.
    assert!(
        list.contains(&("label-mismatch".into(), "E4".into())),
        "{list:?}"
    );
    assert!(
        list.contains(&("not-available".into(), "E5".into())),
        "{list:?}"
    );
    assert!(
        list.contains(&("below-target".into(), "E4".into())),
        "{list:?}"
    );

    let o = run(kinerja().arg("check").arg(&path));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("Tabel 3.1!E4"), "{text}");
    assert!(text.contains("label-mismatch"), "{text}");
    assert!(text.contains("Bajeng Barat"), "{text}");
}

#[test]
fn check_speaks_english_on_request_and_fails_on_threshold() {
    let dir = tempfile::tempdir().unwrap();
    let path = table(dir.path());
    let id = run(kinerja().arg("check").arg(&path));
    let en = run(kinerja().arg("check").arg(&path).arg("--lang").arg("en"));
    assert_ne!(id.stdout, en.stdout);
    assert!(String::from_utf8_lossy(&en.stdout).contains("findings"));
    assert!(String::from_utf8_lossy(&id.stdout).contains("temuan"));
    // Severities in the chosen language too.
    assert!(String::from_utf8_lossy(&id.stdout).contains("peringatan"));
    assert!(!String::from_utf8_lossy(&id.stdout).contains("warning"));
    // A path that does not exist is said as such.
    let missing = run(kinerja()
        .arg("check")
        .arg(dir.path().join("tidak-ada.xlsx"))
        .args(["--lang", "en"]));
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("file not found"));
    let o = run(kinerja()
        .arg("check")
        .arg(&path)
        .arg("--fail-on")
        .arg("warning"));
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn inspect_shows_roles_and_normalized_values() {
    let dir = tempfile::tempdir().unwrap();
    let path = table(dir.path());
    let o = run(kinerja().arg("inspect").arg(&path));
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("sheet 'Tabel 3.1': header rows 3"), "{text}");
    assert!(text.contains("column D   target"), "{text}");
    assert!(text.contains("column E   realisasi"), "{text}");
    assert!(
        text.contains("target 85 (Baik) [D4 \"85,00 (Baik)\"]"),
        "{text}"
    );
    assert!(
        text.contains("realisasi 70.1 (Baik) [E4 \"70,10 (Baik)\"]"),
        "{text}"
    );

    let o = run(kinerja()
        .arg("inspect")
        .arg(&path)
        .arg("--format")
        .arg("json"));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["kecamatan"], "Bajeng Barat");
    assert_eq!(json["records"][0]["realisasi"]["number"], 70.1);
    assert_eq!(json["records"][1]["target"]["grade"], "BB");
}

#[test]
fn schema_check_accepts_the_shipped_schema_and_rejects_a_broken_one() {
    let o = run(kinerja()
        .arg("schema")
        .arg("check")
        .arg(root().join("schemas/gowa-kecamatan-2023.toml")));
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains("OK"));

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "[regency]\nname = \"X\"\ntahun = 2023\n\n[[node]]\nid = \"a\"\nlevel = \"sasaran\"\nparent = \"nope\"\nstatement = \"s\"\nindicator = \"i\"\nunit = \"%\"\nkind = \"percent\"\n",
    )
    .unwrap();
    let o = run(kinerja().arg("schema").arg("check").arg(&bad));
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bad.toml:6"), "{err}");
    assert!(err.contains("nope"), "{err}");
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(run(kinerja().arg("frobnicate")).status.code(), Some(2));
    assert_eq!(
        run(kinerja().arg("check").arg("/no/such/file.xlsx"))
            .status
            .code(),
        Some(2)
    );
    let o = run(kinerja()
        .arg("batch")
        .arg("x")
        .arg("--out")
        .arg("y")
        .arg("--schema")
        .arg("/no/such/schema.toml"));
    assert_eq!(o.status.code(), Some(2));
}
