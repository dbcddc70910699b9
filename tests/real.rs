//! The four real workbooks of ../shared/real, read as their README says a person reads
//! them: the sheet, the header rows, the role of each column, and every value quoted.

mod common;
use common::*;
use kinerja::model::col_letters;
use kinerja::pipeline;
use kinerja::report::Record;
use kinerja::schema::Matcher;
use kinerja::workbook::{self, Limits, Located, Role, Table};
use std::path::PathBuf;

fn real(name: &str) -> PathBuf {
    shared("real").join(name)
}

fn located(name: &str) -> Located {
    let wb = workbook::open(&real(name), &Limits::default()).expect("opens");
    workbook::locate(&wb)
}

fn table<'a>(l: &'a Located, sheet: &str) -> &'a Table {
    l.tables
        .iter()
        .find(|t| t.sheet == sheet)
        .unwrap_or_else(|| panic!("no table on {sheet}: skipped {:?}", l.skipped))
}

fn col(t: &Table, role: Role) -> String {
    t.column(role)
        .map(|c| col_letters(c.col))
        .unwrap_or_default()
}

fn records(name: &str) -> Vec<Record> {
    let schema = kinerja::schema::load_str(pipeline::DEFAULT_SCHEMA, "default")
        .expect("schema")
        .0;
    let p = pipeline::process_file(&real(name), &Matcher::new(&schema), &Limits::default());
    p.report.records
}

fn find<'a>(recs: &'a [Record], indicator: &str) -> &'a Record {
    recs.iter()
        .find(|r| r.indicator.text.trim() == indicator)
        .unwrap_or_else(|| panic!("no record {indicator:?}"))
}

fn num(v: &kinerja::normalize::Value) -> Option<f64> {
    v.number
}

fn a1(v: &kinerja::normalize::Value) -> String {
    v.at.as_ref().map(|c| c.a1()).unwrap_or_default()
}

#[test]
fn evaluasi_renja_sukabumi_is_the_permendagri_86_form() {
    let name = "evaluasi-renja-sukabumi-2018.xlsx";
    let l = located(name);
    let t = table(&l, "Sheet-1");
    assert_eq!(t.header_rows, vec![9, 10, 11, 12], "header rows 10–13");
    assert_eq!(col(t, Role::Indicator), "G");
    assert_eq!(col(t, Role::Unit), "I");
    assert_eq!(col(t, Role::Target), "M");
    assert_eq!(col(t, Role::Realisasi), "W");
    assert_eq!(col(t, Role::Capaian), "Y");
    assert_eq!(col(t, Role::Keterangan), "AF");

    let recs = records(name);
    let atk = find(&recs, "Tersedianya alat tulis kantor");
    assert_eq!(atk.unit.text, "jenis");
    assert_eq!(
        (num(&atk.target), a1(&atk.target)),
        (Some(52.0), "M18".into())
    );
    assert_eq!(
        (num(&atk.realisasi), a1(&atk.realisasi)),
        (Some(52.0), "W18".into())
    );
    assert_eq!(
        (num(&atk.capaian), a1(&atk.capaian)),
        (Some(100.0), "Y18".into())
    );
    let quarters: Vec<(Option<f64>, String, Option<f64>)> = atk
        .quarters
        .iter()
        .map(|q| {
            let k = q.realisasi.as_ref().expect("K");
            let rp = q.realisasi_anggaran.as_ref().expect("Rp");
            (k.number, a1(k), rp.number)
        })
        .collect();
    assert_eq!(
        quarters,
        vec![
            (Some(13.0), "O18".into(), Some(23437.0)),
            (Some(13.0), "Q18".into(), Some(23437.0)),
            (Some(13.0), "S18".into(), Some(23437.0)),
            (Some(13.0), "U18".into(), Some(23437.0)),
        ]
    );

    let dok = find(&recs, "Tersedianya penggandaan dokumen");
    assert_eq!(dok.unit.text, "lembar");
    assert_eq!(num(&dok.target), Some(50500.0));
    assert_eq!(num(&dok.realisasi), Some(50500.0));
    assert_eq!(num(&dok.capaian), Some(100.0));
    let q: Vec<Option<f64>> = dok
        .quarters
        .iter()
        .map(|q| q.realisasi.as_ref().and_then(|v| v.number))
        .collect();
    assert_eq!(q, vec![Some(12625.0); 4]);

    // Row 17: budget filled, the year's realisasi blank (a space): missing, not zero.
    let cakupan = find(&recs, "Cakupan layanan administrasi perkantoran");
    assert_eq!(cakupan.unit.text, "persen");
    assert_eq!(num(&cakupan.target), Some(100.0));
    assert_eq!(cakupan.realisasi.number, None);
    assert_eq!(a1(&cakupan.realisasi), "W17");
    // The summary rows ("Rata-rata capaian kinerja (%)") are not indicators.
    assert!(recs.iter().all(|r| !r.indicator.text.contains("Rata-rata")));
}

#[test]
fn renja_lampiran_jabar_reads_j1_and_j2_and_skips_the_plans() {
    let name = "renja-lampiran-jabar.xls";
    let l = located(name);
    let j1 = table(&l, "J-1");
    assert_eq!(col(j1, Role::Indicator), "I");
    assert_eq!(col(j1, Role::Target), "L");
    assert_eq!(col(j1, Role::Realisasi), "M");
    assert_eq!(col(j1, Role::Capaian), "N");
    let j2 = table(&l, "J-2");
    assert_eq!(
        j2.header_rows,
        vec![5, 6, 7],
        "header rows 6–8: years and (1)…(13)"
    );
    assert_eq!(col(j2, Role::Indicator), "C");
    assert_eq!(col(j2, Role::Target), "F");
    assert_eq!(col(j2, Role::Realisasi), "J");
    let skipped: Vec<&str> = l.skipped.iter().map(|s| s.sheet.as_str()).collect();
    assert_eq!(skipped, vec!["Sheet", "J-3"]);

    let recs = records(name);
    let r14 = recs
        .iter()
        .find(|r| r.sheet == "J-1" && r.row == 13)
        .expect("J-1 row 14");
    assert_eq!(
        (num(&r14.target), a1(&r14.target)),
        (Some(1.0), "L14".into())
    );
    assert_eq!(
        (num(&r14.realisasi), a1(&r14.realisasi)),
        (Some(1.0), "M14".into())
    );
    assert_eq!(
        (num(&r14.capaian), a1(&r14.capaian)),
        (Some(100.0), "N14".into())
    );
    let pertanian = recs
        .iter()
        .find(|r| r.sheet == "J-2" && r.row == 12)
        .expect("J-2 row 13");
    assert_eq!(pertanian.indicator.text, "a. Pertanian");
    assert_eq!(
        pertanian.statement.text,
        "Jumlah rumusan kebijakan bidang :"
    );
    assert_eq!(
        (num(&pertanian.target), a1(&pertanian.target)),
        (Some(3.0), "F13".into())
    );
    assert_eq!(
        (num(&pertanian.realisasi), a1(&pertanian.realisasi)),
        (Some(3.0), "J13".into())
    );
    // The parent label is not a row of its own.
    assert!(recs.iter().all(|r| !(r.sheet == "J-2" && r.row == 11)));
}

#[test]
fn capaian_output_template_sums_the_quarters_of_a_count() {
    let name = "capaian-output-template.xlsx";
    let l = located(name);
    let t = table(&l, "Sheet1");
    assert_eq!(t.header_rows, vec![4, 5], "header row 5, letters row 6");
    assert_eq!(col(t, Role::Indicator), "G");
    assert_eq!(col(t, Role::Unit), "I");
    assert_eq!(col(t, Role::Target), "H");
    let recs = records(name);
    assert_eq!(recs.len(), 1, "rows 8 on hold only a running number");
    let r = &recs[0];
    assert_eq!(r.indicator.text, "sub kegiatan a");
    assert_eq!(r.unit.text, "buah");
    assert_eq!((num(&r.target), a1(&r.target)), (Some(200.0), "H7".into()));
    assert_eq!(num(&r.realisasi), Some(198.0));
    assert_eq!(r.realisasi.raw, "50 + 50 + 50 + 48");
    let q: Vec<Option<f64>> = r
        .quarters
        .iter()
        .map(|q| q.realisasi.as_ref().and_then(|v| v.number))
        .collect();
    assert_eq!(q, vec![Some(50.0), Some(50.0), Some(50.0), Some(48.0)]);
}

#[test]
fn impor_sasaran_indikator_is_a_target_table() {
    let name = "impor-sasaran-indikator.xlsx";
    let l = located(name);
    let t = table(&l, "Sheet1");
    assert!(t.target_only);
    let recs = records(name);
    let got: Vec<(String, Option<f64>, String)> = recs
        .iter()
        .map(|r| {
            (
                r.indicator.text.clone(),
                r.target.number,
                r.unit.text.clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("Nilai SAKIP".into(), Some(80.01), "Nilai".into()),
            ("Opini atas Audit BPK".into(), Some(100.0), "WTP".into()),
            ("Tingkat Maturitas SPIP".into(), Some(3.3), "Level".into()),
        ]
    );
    let schema = kinerja::schema::load_str(pipeline::DEFAULT_SCHEMA, "default")
        .expect("schema")
        .0;
    let p = pipeline::process_file(&real(name), &Matcher::new(&schema), &Limits::default());
    let rules: Vec<(String, String)> = p
        .report
        .findings
        .iter()
        .filter(|f| f.rule.code() != "missing-indicator")
        .map(|f| (f.rule.code().to_string(), f.cell()))
        .collect();
    // One file-level word, at the target column's header; no missing realisasi per row.
    assert!(
        rules.contains(&("target-only".into(), "C1".into())),
        "{rules:?}"
    );
    assert!(
        rules
            .iter()
            .all(|(r, _)| r != "missing-value" && r != "below-target"),
        "{rules:?}"
    );
}

/// Old reports in a folder of uploads: the Sukabumi form is titled "Tahun 2018" and the
/// Jabar annex "s/d Tahun 2014"; the shipped schema is for 2023. One `other-year` each,
/// without a cell; the 2023 template names no year and says nothing.
#[test]
fn reports_of_another_year_say_so_once() {
    let schema = kinerja::schema::load_str(pipeline::DEFAULT_SCHEMA, "default")
        .expect("schema")
        .0;
    let matcher = Matcher::new(&schema);
    for (name, named) in [
        ("evaluasi-renja-sukabumi-2018.xlsx", Some("2018")),
        ("renja-lampiran-jabar.xls", Some("2014")),
        ("capaian-output-template.xlsx", None),
    ] {
        let p = pipeline::process_file(&real(name), &matcher, &Limits::default());
        let found: Vec<(String, String, String)> = p
            .report
            .findings
            .iter()
            .filter(|f| f.rule.code() == "other-year")
            .map(|f| (f.found.clone(), f.expected.clone(), f.cell()))
            .collect();
        match named {
            Some(y) => assert_eq!(
                found,
                vec![(y.into(), "2023".into(), String::new())],
                "{name}"
            ),
            None => assert!(found.is_empty(), "{name}: {found:?}"),
        }
    }
}
