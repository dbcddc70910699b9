//! Issue 13, "any regency, from its own documents": a schema drafted from the samples
//! passes the check and knows every row and office of a batch over the same files;
//! templates read back with their kecamatan and targets; a filled template gives
//! exactly the errors planted in it; targets are filled from PK workbooks.

mod common;

use common::{kinerja, read_csv, root, run};
use kinerja::model::{Rule, Severity};
use kinerja::normalize::State;
use kinerja::output::template::{write_template, Fill, FillValue, Periode};
use kinerja::pipeline::{process_file, DEFAULT_SCHEMA};
use kinerja::schema::{load_str, Kind, Matcher, Rollup, Schema, TargetValue};
use kinerja::workbook::Limits;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;

#[test]
fn a_schema_drafted_from_the_samples_knows_every_row_and_office() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("draft.toml");
    let out = run(kinerja()
        .arg("schema")
        .arg("init")
        .arg(root().join("samples"))
        .args(["--kabupaten", "Kabupaten Gowa", "--tahun", "2023", "--out"])
        .arg(&draft));
    assert!(out.status.success());
    let text = std::fs::read_to_string(&draft).unwrap();
    assert!(text.contains("# periksa:"));
    assert!(text.contains("Cahya DSN"), "the gazetteer's attribution");

    // It passes the check as written.
    let check = run(kinerja().args(["schema", "check"]).arg(&draft));
    assert!(check.status.success());
    let (schema, _) = load_str(&text, "draft.toml").unwrap();
    assert_eq!(schema.regency.name, "Kabupaten Gowa");
    assert_eq!(
        schema.kecamatan.len(),
        18,
        "every kecamatan of the gazetteer"
    );
    let negative: Vec<&str> = schema
        .nodes
        .iter()
        .filter(|n| n.polarity == kinerja::schema::Polarity::Negative)
        .map(|n| n.indicator.as_str())
        .collect();
    assert!(
        negative
            .iter()
            .any(|i| i.to_lowercase().contains("belum ditindaklanjuti")),
        "{negative:?}"
    );
    let ikm = schema
        .nodes
        .iter()
        .find(|n| n.indicator.contains("IKM"))
        .unwrap();
    assert_eq!(ikm.kind, Kind::Index);
    assert_eq!(
        ikm.targets.get("Bajeng"),
        Some(&TargetValue::Number(85.0)),
        "the target of Bajeng's own file"
    );
    let sakip = schema
        .nodes
        .iter()
        .find(|n| n.indicator.contains("SAKIP"))
        .unwrap();
    assert_eq!(sakip.kind, Kind::Grade);
    // The samples are flat tables: their statement columns headed "Sasaran" show a
    // level (the quarterly sample's "Program …" statements another), never a parent.
    let level_line = text
        .lines()
        .skip_while(|l| *l != format!("id = \"{}\"", ikm.id))
        .nth(1)
        .unwrap();
    assert_eq!(
        level_line,
        "level = \"sasaran\"  # periksa: tingkat: judul kolom \"Sasaran / Kinerja\" (5 dari 9 berkas); berkas lain: program (1); parent tidak tampak di berkas"
    );

    // A batch over the same files with the draft.
    let out_dir = dir.path().join("out");
    let batch = run(kinerja()
        .arg("batch")
        .arg(root().join("samples"))
        .arg("--schema")
        .arg(&draft)
        .arg("--out")
        .arg(&out_dir)
        .args(["--quiet", "--lang", "en"]));
    assert!(batch.status.success());
    let findings = read_csv(&out_dir.join("discrepancies.csv"));
    let unknown: Vec<_> = findings
        .iter()
        .filter(|f| f["rule"] == "unknown-indicator" || f["rule"] == "unknown-kecamatan")
        .collect();
    assert!(unknown.is_empty(), "{unknown:#?}");
    let rows = read_csv(&out_dir.join("consolidated.csv"));
    let by_file: BTreeMap<&str, &str> = rows
        .iter()
        .map(|r| (r["file"].as_str(), r["kecamatan"].as_str()))
        .collect();
    // The eight annual samples and the quarterly one (samples/triwulan/).
    assert_eq!(by_file.len(), 9, "{by_file:?}");
    for (file, kec) in &by_file {
        assert!(!kec.is_empty(), "{file} has no kecamatan");
    }
    assert_eq!(by_file["tombolo-pao-2023.ods"], "Tombolopao");
    assert_eq!(by_file["bajeng-barat-2023.xlsx"], "Bajeng Barat");
    assert!(rows.iter().all(|r| !r["indicator_id"].is_empty()));

    // The sarana rollup is inferred from the targets (6 = 4 + 2), so the draft finds
    // the three rollup errors the samples hold (samples/README.md).
    let sarana = schema
        .nodes
        .iter()
        .find(|n| n.indicator == "Jumlah sarana dan prasarana yang memadai")
        .unwrap();
    assert_eq!(sarana.rollup, Some(Rollup::Sum));
    assert_eq!(schema.children(&sarana.id).count(), 2);
    assert_eq!(
        schema.nodes.iter().filter(|n| n.parent.is_some()).count(),
        2,
        "only the rollup's children have a parent"
    );
    let rollups: BTreeSet<(&str, &str)> = findings
        .iter()
        .filter(|f| f["rule"] == "rollup-mismatch")
        .map(|f| (f["file"].as_str(), f["cell"].as_str()))
        .collect();
    assert_eq!(
        rollups,
        BTreeSet::from([
            ("bajeng-barat-2023.xlsx", "D10"),
            ("pallangga-2023.xlsx", "F10"),
            ("tinggimoncong-2023.xls", "F8"),
        ])
    );
}

/// The shipped schema with an agreed target for every node and kecamatan (sums for
/// rollup parents), so that templates carry targets.
fn schema_with_targets() -> Schema {
    let (mut s, _) = load_str(DEFAULT_SCHEMA, "gowa.toml").unwrap();
    let names: Vec<String> = s.kecamatan.iter().map(|k| k.name.clone()).collect();
    let mut per_node: BTreeMap<String, BTreeMap<String, TargetValue>> = BTreeMap::new();
    for (i, n) in s.nodes.iter().enumerate() {
        let mut t = BTreeMap::new();
        for (j, k) in names.iter().enumerate() {
            let v = match n.kind {
                Kind::Grade => TargetValue::Grade(if j % 2 == 0 { "BB" } else { "A" }.into()),
                Kind::Percent => TargetValue::Number(80.0 + ((i + j) % 20) as f64),
                Kind::Index => match n.max {
                    // The IPP is scored 0–5.
                    Some(max) if max < 50.0 => {
                        TargetValue::Number(max - 1.5 + (j % 3) as f64 * 0.25)
                    }
                    _ => TargetValue::Number(70.0 + ((i * 3 + j) % 25) as f64 + 0.5),
                },
                _ => TargetValue::Number(2.0 + ((i + 2 * j) % 9) as f64),
            };
            t.insert(k.clone(), v);
        }
        per_node.insert(n.id.clone(), t);
    }
    // Rollup parents: the sum of their children.
    for n in s.nodes.iter().filter(|n| n.rollup == Some(Rollup::Sum)) {
        let mut sums = BTreeMap::new();
        for k in &names {
            let sum: f64 = s
                .children(&n.id)
                .filter_map(|c| match per_node[&c.id].get(k) {
                    Some(TargetValue::Number(x)) => Some(*x),
                    _ => None,
                })
                .sum();
            sums.insert(k.clone(), TargetValue::Number(sum));
        }
        per_node.insert(n.id.clone(), sums);
    }
    for n in &mut s.nodes {
        n.targets = per_node.remove(&n.id).unwrap_or_default();
    }
    s
}

#[test]
fn a_template_for_every_kecamatan_reads_back_with_its_targets() {
    let dir = tempfile::tempdir().unwrap();
    let (shipped, _) = load_str(DEFAULT_SCHEMA, "gowa.toml").unwrap();
    let with_targets = schema_with_targets();
    for schema in [&shipped, &with_targets] {
        let matcher = Matcher::new(schema);
        for k in &schema.kecamatan {
            let path = dir.path().join(format!("t-{}.xlsx", k.bps));
            write_template(&path, schema, k, Periode::Tw2, None).unwrap();
            let p = process_file(&path, &matcher, &Limits::default());
            let r = &p.report;
            assert!(
                !r.findings.iter().any(|f| f.rule == Rule::NoTable),
                "{}",
                k.name
            );
            assert_eq!(r.kecamatan.as_deref(), Some(k.name.as_str()));
            let ids: Vec<&str> = r.records.iter().filter_map(|x| x.node_id()).collect();
            let expected: Vec<&str> = schema.nodes.iter().map(|n| n.id.as_str()).collect();
            assert_eq!(ids, expected, "{}: every node, in tree order", k.name);
            for rec in &r.records {
                let node = schema.node(rec.node_id().unwrap()).unwrap();
                match schema.agreed_target(node, Some(&k.name)) {
                    Some(TargetValue::Number(t)) => {
                        assert_eq!(rec.target.number, Some(t), "{} {}", k.name, node.id)
                    }
                    Some(TargetValue::Grade(g)) => {
                        assert_eq!(rec.target.grade.as_deref(), Some(g.as_str()))
                    }
                    None => assert_eq!(rec.target.state, State::Missing),
                }
                assert!(
                    !r.findings.iter().any(|f| f.rule == Rule::TargetMismatch),
                    "{}",
                    k.name
                );
            }
        }
    }
}

#[test]
fn a_template_is_protected_validated_and_printable() {
    let dir = tempfile::tempdir().unwrap();
    let s = schema_with_targets();
    let path = dir.path().join("t.xlsx");
    write_template(&path, &s, &s.kecamatan[0], Periode::Tahunan, None).unwrap();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    for needle in [
        "<sheetProtection",
        "<dataValidation ",
        "type=\"list\"",
        "orientation=\"landscape\"",
        "fitToPage=\"1\"",
        "state=\"frozen\"",
        "ROUND(F5/E5*100,2)",
    ] {
        assert!(xml.contains(needle), "{needle} not in the sheet");
    }
    // The negative node's capaian uses its formula (2t-r).
    assert!(xml.contains("(2*E"), "negative formula");
}

#[test]
fn a_filled_template_gives_exactly_the_planted_errors() {
    let dir = tempfile::tempdir().unwrap();
    let s = schema_with_targets();
    let k = s
        .kecamatan
        .iter()
        .find(|k| k.name == "Tombolo Pao")
        .unwrap()
        .clone();
    // Everything achieved exactly...
    let mut fill = Fill::default();
    for n in &s.nodes {
        let v = match s.agreed_target(n, Some(&k.name)).unwrap() {
            TargetValue::Number(t) => FillValue::Number(t),
            TargetValue::Grade(g) => FillValue::Text(g),
        };
        fill.realisasi.insert(n.id.clone(), v);
    }
    // ...but for four planted errors (rows 5.. follow the tree order).
    let row_of = |id: &str| 5 + s.nodes.iter().position(|n| n.id == id).unwrap();
    let counted: Vec<&str> = s
        .nodes
        .iter()
        .filter(|n| {
            let in_rollup = n
                .parent
                .as_deref()
                .and_then(|p| s.node(p))
                .is_some_and(|p| p.rollup.is_some());
            n.kind == Kind::Count && n.rollup.is_none() && !in_rollup && n.unit != "unsur"
        })
        .map(|n| n.id.as_str())
        .collect();
    let percent = s
        .nodes
        .iter()
        .find(|n| n.kind == Kind::Percent)
        .unwrap()
        .id
        .clone();
    let unparseable = counted[0].to_string();
    let blank = counted[1].to_string();
    let wrong_unit = s
        .nodes
        .iter()
        .find(|n| n.kind == Kind::Count && n.unit == "unsur")
        .unwrap()
        .id
        .clone();
    fill.realisasi
        .insert(unparseable.clone(), FillValue::Text("sepuluh".into()));
    fill.realisasi.remove(&blank);
    let t = match s.agreed_target(s.node(&wrong_unit).unwrap(), Some(&k.name)) {
        Some(TargetValue::Number(t)) => t,
        _ => unreachable!(),
    };
    fill.realisasi
        .insert(wrong_unit.clone(), FillValue::Text(format!("{t} orang")));
    fill.capaian
        .insert(percent.clone(), FillValue::Number(90.0));

    let path = dir.path().join("realisasi-tombolo-pao.xlsx");
    write_template(&path, &s, &k, Periode::Tahunan, Some(&fill)).unwrap();
    let p = process_file(&path, &Matcher::new(&s), &Limits::default());
    let got: BTreeSet<(String, String, String)> = p
        .report
        .findings
        .iter()
        .filter(|f| f.severity >= Severity::Warning)
        .map(|f| {
            (
                f.rule.code().to_string(),
                f.cell(),
                f.indicator_id.clone().unwrap_or_default(),
            )
        })
        .collect();
    let planted: BTreeSet<(String, String, String)> = [
        (
            "unparseable",
            format!("F{}", row_of(&unparseable)),
            unparseable,
        ),
        ("missing-value", format!("F{}", row_of(&blank)), blank),
        (
            "unit-mismatch",
            format!("F{}", row_of(&wrong_unit)),
            wrong_unit,
        ),
        (
            "capaian-mismatch",
            format!("G{}", row_of(&percent)),
            percent,
        ),
    ]
    .into_iter()
    .map(|(r, c, i)| (r.to_string(), c, i))
    .collect();
    assert_eq!(got, planted);
    assert_eq!(p.report.kecamatan.as_deref(), Some("Tombolo Pao"));

    // The batch (worker-free, same code path as `kinerja batch`) finds the same and
    // nothing else about the file; the other kecamatan only miss their upload.
    let out = dir.path().join("out");
    let opts = kinerja::batch::BatchOptions {
        out: out.clone(),
        lang: kinerja::model::Lang::Id,
        threads: 1,
        isolation: kinerja::batch::Isolation::InProcess,
        write_cleaned: true,
    };
    let files = [path];
    let outdir =
        kinerja::batch::prepare_out(&out, false, &kinerja::batch::cleaned_names(&files)).unwrap();
    let (reports, batch) =
        kinerja::batch::run_files(&files, &kinerja::Checker::new(&s), &opts, &|_| {}).unwrap();
    kinerja::batch::write_outputs(&reports, &batch, &s, &opts).unwrap();
    drop(outdir);
    let rows = read_csv(&out.join("discrepancies.csv"));
    let in_batch: BTreeSet<(String, String, String)> = rows
        .iter()
        .filter(|r| r["file"] == "realisasi-tombolo-pao.xlsx" && r["severity"] != "info")
        .map(|r| {
            (
                r["rule"].clone(),
                r["cell"].clone(),
                r["indicator_id"].clone(),
            )
        })
        .collect();
    assert_eq!(in_batch, planted);
    assert!(rows
        .iter()
        .filter(|r| r["file"].is_empty())
        .all(|r| r["rule"] == "missing-upload"));
}

#[test]
fn targets_come_from_pk_workbooks_and_dry_run_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("gowa.toml");
    std::fs::write(&schema, DEFAULT_SCHEMA).unwrap();
    let pk = [
        root().join("samples/bajeng-2023.xlsx"),
        root().join("samples/pallangga-2023.xlsx"),
    ];
    let dry = run(kinerja()
        .args(["schema", "targets"])
        .args(&pk)
        .arg("--schema")
        .arg(&schema)
        .args(["--dry-run", "--lang", "en"]));
    assert!(dry.status.success());
    let listed = String::from_utf8_lossy(&dry.stdout).to_string();
    assert!(listed.contains("ikm"), "{listed}");
    assert!(listed.contains("(none) -> 85"), "{listed}");
    assert!(listed.contains("bajeng-2023.xlsx!D5"), "{listed}");
    assert_eq!(std::fs::read_to_string(&schema).unwrap(), DEFAULT_SCHEMA);

    let wet = run(kinerja()
        .args(["schema", "targets"])
        .args(&pk)
        .arg("--schema")
        .arg(&schema));
    assert!(wet.status.success());
    let text = std::fs::read_to_string(&schema).unwrap();
    assert!(text.starts_with("# ===="), "comments kept");
    let (s, _) = load_str(&text, "gowa.toml").unwrap();
    let ikm = s.node("ikm").unwrap();
    assert_eq!(ikm.targets.get("Bajeng"), Some(&TargetValue::Number(85.0)));
    assert_eq!(
        ikm.targets.get("Pallangga"),
        Some(&TargetValue::Number(80.0))
    );
    assert_eq!(
        s.node("sakip").unwrap().targets.get("Bajeng"),
        Some(&TargetValue::Grade("BB".into()))
    );
    // Run again: nothing left to change.
    let again = run(kinerja()
        .args(["schema", "targets"])
        .args(&pk)
        .arg("--schema")
        .arg(&schema)
        .args(["--lang", "en"]));
    assert!(String::from_utf8_lossy(&again.stdout).contains("nothing to do"));
    // The same files checked against the filled schema: no target-mismatch.
    for f in &pk {
        let p = process_file(f, &Matcher::new(&s), &Limits::default());
        assert!(!p
            .report
            .findings
            .iter()
            .any(|x| x.rule == Rule::TargetMismatch));
    }
}

/// LibreOffice (a second, independent reader) opens every template and, recalculating
/// the live capaian formulas, shows the same capaian kinerja computes.
#[test]
fn libreoffice_opens_every_template() {
    use std::process::Command;
    let Some(soffice) = ["soffice", "libreoffice"].into_iter().find(|p| {
        Command::new(p)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    }) else {
        eprintln!("skipped: LibreOffice (soffice) is not installed");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let s = schema_with_targets();
    let mut paths = Vec::new();
    for k in &s.kecamatan {
        let mut fill = Fill::default();
        if k.name == "Bajeng" {
            for n in s.nodes.iter().filter(|n| n.kind != Kind::Grade) {
                if let Some(TargetValue::Number(t)) = s.agreed_target(n, Some(&k.name)) {
                    fill.realisasi
                        .insert(n.id.clone(), FillValue::Number(t / 2.0));
                }
            }
        }
        let path = dir.path().join(format!("k{}.xlsx", k.bps));
        write_template(&path, &s, k, Periode::Tw4, Some(&fill)).unwrap();
        paths.push(path);
    }
    let converted = dir.path().join("converted");
    let profile = format!("file://{}", dir.path().join("profile").display());
    let status = Command::new(soffice)
        .args(["--headless", "--norestore"])
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76"])
        .arg("--outdir")
        .arg(&converted)
        .args(&paths)
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    for (k, p) in s.kecamatan.iter().zip(&paths) {
        let name = p.file_stem().unwrap().to_string_lossy().to_string();
        let csv = std::fs::read_to_string(converted.join(format!("{name}.csv"))).unwrap();
        let first = csv.lines().next().unwrap();
        assert!(
            first.contains(&format!("KECAMATAN {}", k.name.to_uppercase())),
            "{first}"
        );
        assert!(csv.contains("TRIWULAN IV"));
        if k.name == "Bajeng" {
            // Positive counts at half their target: capaian 50 by LibreOffice's own
            // recalculation of the live formula.
            let line = csv
                .lines()
                .find(|l| l.contains("Jumlah SOP pelayanan yang disusun"))
                .unwrap();
            assert!(line.contains(",50"), "{line}");
        }
    }
}

/// With --kabupaten, any kecamatan of that kabupaten is known, by name or by code,
/// though the schema lists another regency's.
#[test]
fn kabupaten_option_identifies_any_kecamatan_of_that_regency() {
    let dir = tempfile::tempdir().unwrap();
    let rows = [[
        "1",
        "Meningkatnya kepuasan masyarakat",
        "Indeks Kepuasan Masyarakat (IKM)",
        "85",
        "86",
        "101,18%",
        "",
    ]];
    let by_name = dir.path().join("laporan.xlsx");
    common::write_table(
        &by_name,
        "Sheet1",
        "REALISASI KINERJA KECAMATAN GALESONG UTARA TAHUN 2023",
        &rows,
    );
    let by_code = dir.path().join("realisasi_73.05.10.xlsx");
    common::write_table(&by_code, "Sheet1", "REALISASI KINERJA 2023", &rows);
    let check = |file: &Path, extra: &[&str]| {
        let o = run(kinerja()
            .arg("check")
            .arg(file)
            .args(["--lang", "en"])
            .args(extra));
        String::from_utf8_lossy(&o.stdout).to_string()
    };
    let without = check(&by_name, &[]);
    assert!(without.contains("unknown-kecamatan"), "{without}");
    let with = check(&by_name, &["--kabupaten", "Takalar"]);
    assert!(with.contains("(kecamatan: Galesong Utara)"), "{with}");
    assert!(!with.contains("unknown-kecamatan"), "{with}");
    let coded = check(&by_code, &["--kabupaten", "73.05"]);
    assert!(coded.contains("(kecamatan: Kepulauan Tanakeke)"), "{coded}");
    // An unknown kabupaten is a setup error, said in the chosen language.
    let o =
        run(kinerja()
            .arg("check")
            .arg(&by_name)
            .args(["--kabupaten", "Atlantis", "--lang", "en"]));
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no kabupaten/kota \"Atlantis\""));
}

/// The command: a kecamatan named by the decree's spelling or its code, one file; with
/// --all one per kecamatan; --required-only leaves the tree-only nodes out.
#[test]
fn template_command_by_name_code_and_all() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("tpl.xlsx");
    let o = run(kinerja()
        .args(["template", "--kecamatan", "Tombolopao", "--periode", "TW1"])
        .arg("--out")
        .arg(&one)
        .arg("--required-only"));
    assert!(o.status.success());
    let (s, _) = load_str(DEFAULT_SCHEMA, "gowa.toml").unwrap();
    let p = process_file(&one, &Matcher::new(&s), &Limits::default());
    assert_eq!(p.report.kecamatan.as_deref(), Some("Tombolo Pao"));
    let required = s.nodes.iter().filter(|n| n.required).count();
    assert_eq!(p.report.records.len(), required);
    assert!(!p
        .report
        .findings
        .iter()
        .any(|f| f.rule == Rule::MissingIndicator || f.rule == Rule::UnknownIndicator));

    let coded = dir.path().join("coded.xlsx");
    let o = run(kinerja()
        .args(["template", "--kecamatan", "73.06.18", "--out"])
        .arg(&coded));
    assert!(o.status.success());
    let p = process_file(&coded, &Matcher::new(&s), &Limits::default());
    assert_eq!(p.report.kecamatan.as_deref(), Some("Bajeng Barat"));

    let all = dir.path().join("all");
    let o = run(kinerja().args(["template", "--all", "--out"]).arg(&all));
    assert!(o.status.success());
    assert_eq!(std::fs::read_dir(&all).unwrap().count(), 18);
    assert!(all
        .join("realisasi-tombolo-pao-2023-tahunan.xlsx")
        .is_file());

    let o = run(kinerja()
        .args([
            "template",
            "--kecamatan",
            "Atlantis",
            "--lang",
            "en",
            "--out",
        ])
        .arg(dir.path().join("x.xlsx")));
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no kecamatan \"Atlantis\""));
}

/// A generated set, one filled template per kecamatan of Gowa: the draft knows every
/// indicator and office (misspelt ones through aliases) and carries each office's
/// targets.
#[test]
fn a_schema_drafted_from_one_file_per_kecamatan() {
    let dir = tempfile::tempdir().unwrap();
    let s = schema_with_targets();
    let uploads = dir.path().join("uploads");
    for k in &s.kecamatan {
        let mut fill = Fill::default();
        for n in &s.nodes {
            let v = match s.agreed_target(n, Some(&k.name)) {
                Some(TargetValue::Number(t)) => FillValue::Number(t),
                Some(TargetValue::Grade(g)) => FillValue::Text(g),
                None => continue,
            };
            fill.realisasi.insert(n.id.clone(), v);
        }
        let path = uploads.join(format!("upload-{}.xlsx", k.bps));
        write_template(&path, &s, k, Periode::Tahunan, Some(&fill)).unwrap();
    }
    let draft = dir.path().join("draft.toml");
    let o = run(kinerja()
        .args(["schema", "init"])
        .arg(&uploads)
        .args(["--kabupaten", "gowa", "--tahun", "2023", "--out"])
        .arg(&draft));
    assert!(o.status.success());
    let (d, _) = load_str(&std::fs::read_to_string(&draft).unwrap(), "draft").unwrap();
    assert_eq!(d.nodes.len(), s.nodes.len(), "one node per indicator");
    let pattallasang = d
        .kecamatan
        .iter()
        .find(|k| k.name == "Pattallasang")
        .unwrap();
    assert!(
        pattallasang
            .aliases
            .iter()
            .any(|a| a.eq_ignore_ascii_case("Pattallassang")),
        "{pattallasang:?}"
    );
    let ikm = d
        .nodes
        .iter()
        .find(|n| n.indicator == "Indeks Kepuasan Masyarakat (IKM)")
        .unwrap();
    assert_eq!(
        ikm.targets.get("Pattallasang"),
        s.node("ikm").unwrap().targets.get("Pattallassang")
    );
    assert_eq!(ikm.targets.len(), 18);

    let out = dir.path().join("out");
    let o = run(kinerja()
        .arg("batch")
        .arg(&uploads)
        .arg("--schema")
        .arg(&draft)
        .arg("--out")
        .arg(&out)
        .args(["--quiet", "--lang", "en"]));
    assert!(o.status.success());
    let findings = read_csv(&out.join("discrepancies.csv"));
    let bad: Vec<_> = findings
        .iter()
        .filter(|f| f["severity"] != "info" || f["rule"] == "indicator-renamed")
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
    let rows = read_csv(&out.join("consolidated.csv"));
    let kec: BTreeSet<&str> = rows.iter().map(|r| r["kecamatan"].as_str()).collect();
    assert_eq!(kec.len(), 18, "{kec:?}");
    assert!(rows.iter().all(|r| !r["kode_kecamatan"].is_empty()));
}

/// `--partition` writes the consolidated Parquet into the hive layout by regency and
/// year, and a second run into the same folder accepts it as its own.
#[test]
fn partition_writes_the_parquet_by_kabupaten_and_tahun() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    for _ in 0..2 {
        let r = run(kinerja()
            .arg("batch")
            .arg(root().join("samples/bajeng-2023.xlsx"))
            .arg("--out")
            .arg(&out)
            .args(["--quiet", "--partition"]));
        assert_eq!(r.status.code(), Some(0));
    }
    let part = out.join("partisi/kabupaten=Kabupaten Gowa/tahun=2023/consolidated.parquet");
    let copy = std::fs::read(&part).expect("partitioned parquet");
    let whole = std::fs::read(out.join("consolidated.parquet")).unwrap();
    assert_eq!(copy, whole);
}

/// A Renja-style evaluation workbook (title, one header row, rows as given: a text that
/// parses as a number is written as a number).
fn write_renja(path: &Path, kecamatan: &str, header: &[&str], rows: &[Vec<&str>]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Evaluasi Renja").unwrap();
    ws.write_string(0, 0, format!("EVALUASI RENJA KECAMATAN {kecamatan}"))
        .unwrap();
    ws.write_string(1, 0, "KABUPATEN GOWA TAHUN 2023").unwrap();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(3, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (4 + r as u32, c as u16);
            match v.parse::<f64>() {
                Ok(n) if !v.contains('.') => ws.write_number(r, c, n).unwrap(),
                _ if v.is_empty() => ws,
                _ => ws.write_string(r, c, *v).unwrap(),
            };
        }
    }
    wb.save(path).unwrap();
}

fn tree_id<'a>(s: &'a Schema, indicator: &str) -> &'a str {
    s.nodes
        .iter()
        .find(|n| n.indicator == indicator)
        .map(|n| n.id.as_str())
        .unwrap()
}

/// Level and parent from the documents: two offices' Renja evaluations with section
/// headings (PROGRAM …, Kegiatan: …, Sub Kegiatan: …) and a third numbered as an outline
/// (1 / 1.1 / 1.1.1) with program and kegiatan names in the statement column. The draft
/// puts each indicator at the level the documents show, under the indicator row above
/// it, says why in a `# periksa:` comment, passes the check, and a batch over the same
/// files with it knows every row and office.
#[test]
fn a_draft_takes_level_and_parent_from_headings_outline_and_order() {
    let dir = tempfile::tempdir().unwrap();
    let uploads = dir.path().join("renja");
    std::fs::create_dir_all(&uploads).unwrap();
    let header = [
        "No",
        "Program/Kegiatan/Sub Kegiatan",
        "Indikator Kinerja",
        "Satuan",
        "Target",
        "Realisasi",
        "Capaian (%)",
    ];
    let ind = [
        "Persentase dokumen perencanaan yang tepat waktu",
        "Jumlah dokumen perencanaan yang disusun",
        "Jumlah dokumen Renja yang disusun",
        "Jumlah paket alat tulis kantor yang disediakan",
        "Indeks Kepuasan Masyarakat",
        "Persentase pengaduan yang ditindaklanjuti",
    ];
    let sections = |t: [&'static str; 6]| -> Vec<Vec<&'static str>> {
        vec![
            vec![
                "I",
                "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA",
            ],
            vec!["1", "", ind[0], "%", "100", t[0], t[0]],
            vec![
                "",
                "Kegiatan: Perencanaan, Penganggaran dan Evaluasi Kinerja",
            ],
            vec!["2", "", ind[1], "dokumen", "3", t[1], "100"],
            vec![
                "",
                "Sub Kegiatan: Penyusunan Dokumen Perencanaan Perangkat Daerah",
            ],
            vec!["3", "", ind[2], "dokumen", "1", t[2], "100"],
            vec!["", "Kegiatan: Administrasi Umum Perangkat Daerah"],
            vec!["4", "", ind[3], "paket", "12", t[3], "100"],
            vec![
                "II",
                "PROGRAM PENYELENGGARAAN PEMERINTAHAN DAN PELAYANAN PUBLIK",
            ],
            vec!["5", "", ind[4], "nilai", "80", t[4], "100"],
            vec!["", "Kegiatan: Peningkatan Kualitas Pelayanan Publik"],
            vec!["6", "", ind[5], "%", "100", t[5], t[5]],
        ]
    };
    write_renja(
        &uploads.join("renja-bajeng.xlsx"),
        "BAJENG",
        &header,
        &sections(["100", "3", "1", "12", "80", "100"]),
    );
    write_renja(
        &uploads.join("renja-pallangga.xlsx"),
        "PALLANGGA",
        &header,
        &sections(["100", "3", "1", "12", "80", "100"]),
    );
    write_renja(
        &uploads.join("renja-somba-opu.xlsx"),
        "SOMBA OPU",
        &header,
        &[
            vec![
                "1",
                "Program Penunjang Urusan Pemerintahan Daerah",
                ind[0],
                "%",
                "100",
                "100",
                "100",
            ],
            vec![
                "1.1",
                "Perencanaan, Penganggaran dan Evaluasi Kinerja",
                ind[1],
                "dokumen",
                "3",
                "3",
                "100",
            ],
            vec![
                "1.1.1",
                "Penyusunan Dokumen Perencanaan Perangkat Daerah",
                ind[2],
                "dokumen",
                "1",
                "1",
                "100",
            ],
            // This office puts the office supplies under the planning kegiatan.
            vec![
                "1.1.2",
                "Administrasi Umum Perangkat Daerah",
                ind[3],
                "paket",
                "12",
                "12",
                "100",
            ],
            vec![
                "2",
                "Program Penyelenggaraan Pemerintahan dan Pelayanan Publik",
                ind[4],
                "nilai",
                "80",
                "80",
                "100",
            ],
            vec![
                "2.1",
                "Peningkatan Kualitas Pelayanan Publik",
                ind[5],
                "%",
                "100",
                "100",
                "100",
            ],
        ],
    );

    let draft = dir.path().join("draft.toml");
    let o = run(kinerja()
        .args(["schema", "init"])
        .arg(&uploads)
        .args(["--kabupaten", "Kabupaten Gowa", "--tahun", "2023", "--out"])
        .arg(&draft));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(&draft).unwrap();
    let check = run(kinerja().args(["schema", "check"]).arg(&draft));
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let (d, _) = load_str(&text, "draft").unwrap();
    use kinerja::schema::Level;
    let tree: Vec<(&str, Level, Option<&str>)> = d
        .nodes
        .iter()
        .map(|n| {
            let parent = n
                .parent
                .as_deref()
                .and_then(|p| d.node(p))
                .map(|p| p.indicator.as_str());
            (n.indicator.as_str(), n.level, parent)
        })
        .collect();
    assert_eq!(
        tree,
        vec![
            (ind[0], Level::Program, None),
            (ind[1], Level::Kegiatan, Some(ind[0])),
            (ind[2], Level::Subkegiatan, Some(ind[1])),
            (ind[3], Level::Kegiatan, Some(ind[0])),
            (ind[4], Level::Program, None),
            (ind[5], Level::Kegiatan, Some(ind[4])),
        ]
    );
    // Each guess says what showed it, and in how many files.
    let renja = d.nodes.iter().find(|n| n.indicator == ind[2]).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == format!("id = \"{}\"", renja.id))
        .unwrap();
    assert_eq!(
        lines[at + 1],
        "level = \"subkegiatan\"  # periksa: tingkat: di bawah judul \"Sub Kegiatan: Penyusunan Dokumen Perencanaan Pera…\" (3 dari 3 berkas)"
    );
    assert_eq!(
        lines[at + 2],
        "parent = \"dokumen_perencanaan_disusun\"  # periksa: di bawah baris \"Jumlah dokumen perencanaan yang disusun\" (kegiatan) (3 dari 3 berkas)"
    );
    // Where the files disagree, most files win and the comment names the others.
    let atk = d.nodes.iter().find(|n| n.indicator == ind[3]).unwrap();
    let at = lines
        .iter()
        .position(|l| *l == format!("id = \"{}\"", atk.id))
        .unwrap();
    assert_eq!(
        lines[at + 1],
        "level = \"kegiatan\"  # periksa: tingkat: di bawah judul \"Kegiatan: Administrasi Umum Perangkat Daerah\" (2 dari 3 berkas); berkas lain: subkegiatan (1)"
    );
    assert_eq!(
        lines[at + 2],
        format!("parent = \"{}\"  # periksa: di bawah baris \"Persentase dokumen perencanaan yang tepat waktu\" (program) (2 dari 3 berkas); berkas lain: {} (1)", tree_id(&d, ind[0]), tree_id(&d, ind[1]))
    );

    let out = dir.path().join("out");
    let o = run(kinerja()
        .arg("batch")
        .arg(&uploads)
        .arg("--schema")
        .arg(&draft)
        .arg("--out")
        .arg(&out)
        .args(["--quiet", "--lang", "en"]));
    assert!(o.status.success());
    let findings = read_csv(&out.join("discrepancies.csv"));
    // Only the fifteen kecamatan that sent nothing.
    let bad: Vec<_> = findings
        .iter()
        .filter(|f| f["severity"] != "info" && f["rule"] != "missing-upload")
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
    assert_eq!(
        findings
            .iter()
            .filter(|f| f["rule"] == "missing-upload")
            .count(),
        15
    );
    let rows = read_csv(&out.join("consolidated.csv"));
    let kec: BTreeSet<&str> = rows.iter().map(|r| r["kecamatan"].as_str()).collect();
    assert_eq!(kec, BTreeSet::from(["Bajeng", "Pallangga", "Somba Opu"]));
    assert_eq!(rows.len(), 18);
    assert!(rows.iter().all(|r| !r["indicator_id"].is_empty()));
}
