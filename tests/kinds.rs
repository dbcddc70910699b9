//! Issue 9's kinds of cell meaning, end to end on workbooks built here and read with the
//! shipped schema: one table-driven test per kind, each case an input and the exact rule
//! at the exact cell it gives (or none), and the value read. Cases where the kind differs
//! by format (ods percentage cells, ods hidden rows) are converted with LibreOffice when
//! `soffice` is installed, and skipped with a message otherwise.

mod common;
use common::*;
use kinerja::model::Finding;
use kinerja::normalize::State;
use kinerja::pipeline::{self, Processed};
use kinerja::report::Record;
use kinerja::schema::Matcher;
use kinerja::workbook::Limits;
use rust_xlsxwriter::{Format, Formula, Workbook};
use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

/// One cell of a built table.
#[derive(Clone, Copy)]
enum C {
    /// Text as the clerk typed it.
    T(&'static str),
    /// A plain number.
    N(f64),
    /// A number with a number format code ("dd/mm/yyyy", "h:mm", "0.00%").
    Fmt(f64, &'static str),
    /// A formula saved without its result (as scripts write them).
    F(&'static str),
    /// A formula with a saved result (an error value such as "#REF!").
    Fr(&'static str, &'static str),
    /// Nothing.
    E,
}
use C::{Fmt, Fr, E, F, N, T};

const SHEET: &str = "Pengukuran Kinerja";
const TITLE: &str = "PENGUKURAN KINERJA KECAMATAN BAJENG TAHUN 2023";

/// A data row: No | Sasaran | Indikator Kinerja | Target | Realisasi | Capaian | Keterangan.
fn row(no: f64, indicator: &'static str, target: C, realisasi: C, capaian: C, ket: C) -> [C; 7] {
    [N(no), E, T(indicator), target, realisasi, capaian, ket]
}

/// Write the table: title in row 1, header in row 3, data from row 4 (Excel numbering),
/// so data row i is Excel row 4 + i. `hidden` lists data row indexes to hide.
fn build(path: &Path, rows: &[[C; 7]], hidden: &[usize]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(SHEET).unwrap();
    // A formula written without set_result gets rust_xlsxwriter's default cached
    // result "0" (and set_result("") falls back to that default): an empty default
    // writes `<v></v>`, i.e. no saved result, as scripts that skip it do.
    ws.set_formula_result_default("");
    ws.write_string(0, 0, TITLE).unwrap();
    let header = [
        "No",
        "Sasaran",
        "Indikator Kinerja",
        "Target",
        "Realisasi",
        "Capaian",
        "Keterangan",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    for (i, cells) in rows.iter().enumerate() {
        let r = 3 + i as u32;
        for (c, cell) in cells.iter().enumerate() {
            let c = c as u16;
            match *cell {
                T(t) => {
                    ws.write_string(r, c, t).unwrap();
                }
                N(n) => {
                    ws.write_number(r, c, n).unwrap();
                }
                Fmt(n, code) => {
                    ws.write_number_with_format(r, c, n, &Format::new().set_num_format(code))
                        .unwrap();
                }
                F(f) => {
                    ws.write_formula(r, c, Formula::new(f)).unwrap();
                }
                Fr(f, result) => {
                    ws.write_formula(r, c, Formula::new(f).set_result(result))
                        .unwrap();
                }
                E => {}
            }
        }
    }
    for &i in hidden {
        ws.set_row_hidden(3 + i as u32).unwrap();
    }
    wb.save(path).unwrap();
}

fn process(path: &Path) -> Processed {
    let schema = kinerja::schema::load_str(pipeline::DEFAULT_SCHEMA, "default")
        .expect("schema")
        .0;
    pipeline::process_file(path, &Matcher::new(&schema), &Limits::default())
}

/// Rules every partial table implies and no case here is about: the shipped schema's
/// other required indicators are missing, and matching by alias is noted.
const IMPLIED: &[&str] = &["missing-indicator", "indicator-renamed"];

/// Findings as (rule, cell), leaving out `IMPLIED` and the rules in `also_ignore`.
fn got(p: &Processed, also_ignore: &[&str]) -> BTreeSet<(String, String)> {
    p.report
        .findings
        .iter()
        .filter(|f| !IMPLIED.contains(&f.rule.code()) && !also_ignore.contains(&f.rule.code()))
        .map(|f| (f.rule.code().to_string(), f.cell()))
        .collect()
}

/// The findings a failing case shows: rule, cell, found, expected, message.
fn show(p: &Processed) -> String {
    p.report
        .findings
        .iter()
        .filter(|f| !IMPLIED.contains(&f.rule.code()))
        .map(|f| {
            format!(
                "\n  {} {} found={:?} expected={:?}: {}",
                f.rule.code(),
                f.cell(),
                f.found,
                f.expected,
                f.message.en
            )
        })
        .collect()
}

fn set(items: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    items
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn find<'a>(p: &'a Processed, rule: &str, cell: &str) -> &'a Finding {
    p.report
        .findings
        .iter()
        .find(|f| f.rule.code() == rule && f.cell() == cell)
        .unwrap_or_else(|| panic!("no {rule} at {cell}: {:#?}", show(p)))
}

fn records<'a>(p: &'a Processed, id: &str) -> Vec<&'a Record> {
    p.report
        .records
        .iter()
        .filter(|r| r.node_id() == Some(id))
        .collect()
}

fn record<'a>(p: &'a Processed, id: &str) -> &'a Record {
    let r = records(p, id);
    assert_eq!(r.len(), 1, "one record for {id}: {:#?}", p.report.records);
    r[0]
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-6,
        (None, None) => true,
        _ => false,
    }
}

/// `path` converted to `ext` by LibreOffice, or None (with a message) when `soffice` is
/// not installed or the conversion fails.
fn convert(path: &Path, ext: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join("soffice").is_file()));
    if !found {
        eprintln!(
            "soffice (LibreOffice) is not installed: the {ext} case of {} is skipped",
            path.display()
        );
        return None;
    }
    let dir = path.parent().unwrap();
    let profile = dir.join("lo-profile");
    let status = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", ext, "--outdir"])
        .arg(dir)
        .arg(path)
        .output();
    let out = path.with_extension(ext);
    match status {
        Ok(o) if o.status.success() && out.exists() => Some(out),
        other => {
            eprintln!(
                "soffice could not convert {}: {other:?}; case skipped",
                path.display()
            );
            None
        }
    }
}

// ---------------------------------------------------------------------------------------
// 1. Dates and times in value cells
// ---------------------------------------------------------------------------------------

#[test]
fn dates_and_times_in_value_cells_are_unparseable_never_numbers() {
    const IKM: &str = "Indeks Kepuasan Masyarakat (IKM)";
    // (case, target, realisasi, expected finding (rule, cell), shown, typed, realisasi read)
    type Case = (
        &'static str,
        C,
        C,
        Option<(&'static str, &'static str)>,
        &'static str,
        &'static str,
        Option<f64>,
    );
    let cases: &[Case] = &[
        (
            "5 formatted as a date",
            N(85.0),
            Fmt(5.0, "dd/mm/yyyy"),
            Some(("unparseable", "E4")),
            "05/01/1900",
            "5",
            None,
        ),
        (
            "3.12 read as 3 December 2023",
            N(85.0),
            Fmt(45263.0, "dd/mm/yyyy"),
            Some(("unparseable", "E4")),
            "03/12/2023",
            "3,12",
            None,
        ),
        (
            "3.12 read as the time 03:12",
            N(85.0),
            Fmt(192.0 / 1440.0, "h:mm"),
            Some(("unparseable", "E4")),
            "03:12",
            "3,12",
            None,
        ),
        (
            "a target formatted as a date",
            Fmt(85.0, "dd/mm/yyyy"),
            N(82.71),
            Some(("unparseable", "D4")),
            "25/03/1900",
            "85",
            Some(82.71),
        ),
        (
            "a plain number",
            N(85.0),
            N(82.71),
            None,
            "",
            "",
            Some(82.71),
        ),
        (
            "a number formatted 0.00",
            N(85.0),
            Fmt(82.71, "0.00"),
            None,
            "",
            "",
            Some(82.71),
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (i, (case, target, realisasi, want, shown, typed, value)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("date{i}.xlsx"));
        build(&path, &[row(1.0, IKM, *target, *realisasi, E, E)], &[]);
        let p = process(&path);
        let expected: Vec<(&str, &str)> = want.iter().copied().collect();
        assert_eq!(
            got(&p, &["below-target"]),
            set(&expected),
            "{case}: {:#?}",
            show(&p)
        );
        let rec = record(&p, "ikm");
        assert!(
            close(rec.realisasi.number, *value),
            "{case}: realisasi read as {:?}",
            rec.realisasi.number
        );
        if let Some((rule, cell)) = want {
            let f = find(&p, rule, cell);
            assert!(
                f.message.en.contains("formatted as a date/time") && f.message.en.contains(shown),
                "{case}: {}",
                f.message.en
            );
            assert!(
                f.message.id.contains("berformat tanggal/jam") && f.message.id.contains(shown),
                "{case}: {}",
                f.message.id
            );
            assert_eq!(f.expected, *typed, "{case}: what was probably typed");
            let v = if *cell == "D4" {
                &rec.target
            } else {
                &rec.realisasi
            };
            assert_eq!(v.state, State::Unparseable, "{case}");
            assert_eq!(v.number, None, "{case}: never a number");
            assert_eq!(rec.capaian_computed, None, "{case}: no capaian from a date");
        }
    }
}

/// xls, xlsb and ods keep no number formats for kinerja, but their date and time cells
/// are marked as such: the same 03:12 and 05/01/1900 saved by LibreOffice as .xls and
/// .ods are unparseable too, never the numbers 0,13 and 5.
#[test]
fn dates_and_times_in_xls_and_ods_are_unparseable_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tanggal.xlsx");
    build(
        &path,
        &[
            row(
                1.0,
                "Indeks Kepuasan Masyarakat (IKM)",
                N(85.0),
                Fmt(0.133_333_333_333_333_33, "h:mm"),
                E,
                E,
            ),
            row(
                2.0,
                "Jumlah SOP pelayanan yang disusun",
                N(12.0),
                Fmt(5.0, "dd/mm/yyyy"),
                E,
                E,
            ),
        ],
        &[],
    );
    for ext in ["xls", "ods"] {
        let Some(converted) = convert(&path, ext) else {
            continue;
        };
        let p = process(&converted);
        for (id, cell) in [("ikm", "E4"), ("sop_disusun", "E5")] {
            let rec = record(&p, id);
            assert_eq!(rec.realisasi.number, None, "{ext} {id}: never a number");
            let f = find(&p, "unparseable", cell);
            assert!(
                f.message.en.contains("formatted as a date/time"),
                "{ext} {id}: {}",
                f.message.en
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// 2. Formulas without a saved result, cached error values
// ---------------------------------------------------------------------------------------

/// The sheet part of a built workbook, to see what rust_xlsxwriter stored.
fn sheet_xml(path: &Path) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

#[test]
fn formulas_without_a_saved_result_and_cached_errors() {
    const SARANA: &str = "Jumlah sarana dan prasarana yang memadai";
    // The two children of `sarana` (rollup = sum) in rows 4 and 5; the case is row 6.
    let context = [
        row(
            1.0,
            "Jumlah sarana pelayanan yang tersedia",
            N(4.0),
            N(4.0),
            E,
            E,
        ),
        row(
            2.0,
            "Jumlah sarana bagi kelompok rentan",
            N(3.0),
            N(3.0),
            E,
            E,
        ),
    ];
    // (case, target, realisasi, capaian, expected findings, message words, target, realisasi read)
    type Case = (
        &'static str,
        C,
        C,
        C,
        &'static [(&'static str, &'static str)],
        &'static [&'static str],
        Option<f64>,
        Option<f64>,
    );
    let cases: &[Case] = &[
        (
            "realisasi =E4+E5 unsaved",
            N(7.0),
            F("=E4+E5"),
            E,
            &[("missing-value", "E6")],
            &[
                "no saved result",
                "=E4+E5",
                "computed it as 7",
                "Open and save",
            ],
            Some(7.0),
            Some(7.0),
        ),
        (
            "realisasi =SUM(E4:E5) unsaved",
            N(7.0),
            F("=SUM(E4:E5)"),
            E,
            &[("missing-value", "E6")],
            &["no saved result", "computed it as 7"],
            Some(7.0),
            Some(7.0),
        ),
        (
            "realisasi =ROUND(AVERAGE(E4:E5)*2,0) unsaved",
            N(7.0),
            F("=ROUND(AVERAGE(E4:E5)*2,0)"),
            E,
            &[("missing-value", "E6")],
            &["computed it as 7"],
            Some(7.0),
            Some(7.0),
        ),
        (
            "target =D4+D5 unsaved",
            F("=D4+D5"),
            N(7.0),
            E,
            &[("missing-value", "D6")],
            &["Target", "no saved result", "computed it as 7"],
            Some(7.0),
            Some(7.0),
        ),
        (
            "realisasi formula it cannot evaluate",
            N(7.0),
            F("=VLOOKUP(1,A4:B5,2,FALSE)"),
            E,
            &[("unparseable", "E6")],
            &["no saved result", "cannot be evaluated", "Open and save"],
            Some(7.0),
            None,
        ),
        (
            "cached #REF!",
            N(7.0),
            Fr("=#REF!+1", "#REF!"),
            E,
            &[("unparseable", "E6")],
            &["#REF!", "deleted"],
            Some(7.0),
            None,
        ),
        (
            "cached #DIV/0! realisasi",
            N(7.0),
            Fr("=E4/0", "#DIV/0!"),
            E,
            &[("unparseable", "E6")],
            &["#DIV/0!", "divides by zero"],
            Some(7.0),
            None,
        ),
        (
            "cached #N/A",
            N(7.0),
            Fr("=VLOOKUP(9,A4:B5,2,FALSE)", "#N/A"),
            E,
            &[("not-available", "E6")],
            &["#N/A", "lookup"],
            Some(7.0),
            None,
        ),
        (
            // A stale capaian: 5 / 7 would be 71,43 %. An error value is no stated
            // capaian, so never a capaian-mismatch; the cell itself is named.
            "cached #DIV/0! capaian",
            N(7.0),
            N(7.0),
            Fr("=E6/0", "#DIV/0!"),
            &[("unparseable", "F6")],
            &["#DIV/0!"],
            Some(7.0),
            Some(7.0),
        ),
        (
            "unsaved capaian formula: no stated capaian, nothing to compare",
            N(7.0),
            N(7.0),
            F("=E6/D6*100"),
            &[],
            &[],
            Some(7.0),
            Some(7.0),
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (i, (case, target, realisasi, capaian, want, words, t, r)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("formula{i}.xlsx"));
        let mut rows = context.to_vec();
        rows.push(row(3.0, SARANA, *target, *realisasi, *capaian, E));
        build(&path, &rows, &[]);
        if let Some(f) = [target, realisasi, capaian].iter().find_map(|c| match c {
            F(f) => Some(f.trim_start_matches('=')),
            _ => None,
        }) {
            let xml = sheet_xml(&path);
            let cell = xml
                .split("<c ")
                .find(|c| c.contains(&format!("<f>{}</f>", f.replace('"', "&quot;"))))
                .unwrap_or_else(|| panic!("{case}: formula not in {xml}"));
            assert!(
                cell.contains("<v></v>") || !cell.contains("<v>"),
                "{case}: rust_xlsxwriter stored a cached result: {cell}"
            );
        }
        let p = process(&path);
        assert_eq!(
            got(&p, &["below-target"]),
            set(want),
            "{case}: {:#?}",
            show(&p)
        );
        for (rule, cell) in want.iter() {
            let f = find(&p, rule, cell);
            for w in words.iter() {
                assert!(
                    f.message.en.contains(w),
                    "{case}: {w:?} not in {}",
                    f.message.en
                );
            }
            assert!(
                !f.message.en.contains("blank or \"-\""),
                "{case}: an unsaved formula is never blank: {}",
                f.message.en
            );
        }
        let rec = record(&p, "sarana");
        assert!(
            close(rec.target.number, *t),
            "{case}: target {:?}",
            rec.target.number
        );
        assert!(
            close(rec.realisasi.number, *r),
            "{case}: realisasi {:?}",
            rec.realisasi.number
        );
    }
}

// ---------------------------------------------------------------------------------------
// 3. Hidden rows
// ---------------------------------------------------------------------------------------

#[test]
fn hidden_rows_are_left_out_with_one_info_finding() {
    const SOP: &str = "Jumlah SOP pelayanan yang disusun";
    const RENTAN: &str = "Jumlah sarana bagi kelompok rentan";
    // (case, rows, hidden data rows, expected findings, sop_disusun records' realisasi)
    type Case = (
        &'static str,
        Vec<[C; 7]>,
        &'static [usize],
        &'static [(&'static str, &'static str)],
        &'static [f64],
    );
    let cases: Vec<Case> = vec![
        (
            "a hidden row repeats the indicator below the visible one",
            vec![
                row(1.0, SOP, N(15.0), N(12.0), E, E),
                row(1.0, SOP, N(15.0), N(10.0), E, E),
            ],
            &[1],
            &[("hidden-row", "C5")],
            &[12.0],
        ),
        (
            "a hidden row repeats the indicator above the visible one",
            vec![
                row(1.0, SOP, N(14.0), N(9.0), E, E),
                row(1.0, SOP, N(15.0), N(12.0), E, E),
            ],
            &[0],
            &[("hidden-row", "C4")],
            &[12.0],
        ),
        (
            "a hidden row of another indicator is not read",
            vec![
                row(1.0, SOP, N(15.0), N(12.0), E, E),
                row(2.0, RENTAN, N(3.0), N(3.0), E, E),
            ],
            &[1],
            &[("hidden-row", "C5")],
            &[12.0],
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (i, (case, rows, hidden, want, values)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("hidden{i}.xlsx"));
        build(&path, rows, hidden);
        check_hidden(&process(&path), case, want, values);
        if i == 0 {
            if let Some(ods) = convert(&path, "ods") {
                check_hidden(&process(&ods), &format!("{case} (ods)"), want, values);
            }
        }
    }
}

#[test]
fn a_hidden_row_without_figures_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hidden-text.xlsx");
    build(
        &path,
        &[
            row(
                1.0,
                "Jumlah SOP pelayanan yang disusun",
                N(15.0),
                N(12.0),
                E,
                E,
            ),
            [E, E, T("catatan lama"), E, E, E, E],
        ],
        &[1],
    );
    check_hidden(
        &process(&path),
        "a hidden row without figures",
        &[],
        &[12.0],
    );
}

fn check_hidden(p: &Processed, case: &str, want: &[(&str, &str)], values: &[f64]) {
    assert_eq!(
        got(p, &["below-target"]),
        set(want),
        "{case}: {:#?}",
        show(p)
    );
    for (rule, cell) in want {
        let f = find(p, rule, cell);
        assert_eq!(f.severity.code(), "info", "{case}");
        let row_no = &cell[1..];
        assert!(
            f.message.en.contains(&format!("Row {row_no} is hidden")),
            "{case}: {}",
            f.message.en
        );
    }
    let read: Vec<Option<f64>> = records(p, "sop_disusun")
        .iter()
        .map(|r| r.realisasi.number)
        .collect();
    let values: Vec<Option<f64>> = values.iter().map(|v| Some(*v)).collect();
    assert_eq!(read, values, "{case}: the visible row's values are used");
    assert!(
        records(p, "sarana_rentan").is_empty(),
        "{case}: a hidden row is no record"
    );
}

#[test]
fn a_visible_repeat_is_still_a_duplicate() {
    // The control of the hidden-row table: the same two rows, none hidden.
    const SOP: &str = "Jumlah SOP pelayanan yang disusun";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("visible.xlsx");
    build(
        &path,
        &[
            row(1.0, SOP, N(15.0), N(12.0), E, E),
            row(1.0, SOP, N(15.0), N(10.0), E, E),
        ],
        &[],
    );
    let p = process(&path);
    let rules: BTreeSet<String> = got(&p, &["below-target"])
        .into_iter()
        .map(|f| f.0)
        .collect();
    assert!(rules.contains("duplicate-indicator"), "{:#?}", show(&p));
    assert!(!rules.contains("hidden-row"), "{:#?}", show(&p));
}

// ---------------------------------------------------------------------------------------
// 4. Remarks: only claims of this year's target or realisasi
// ---------------------------------------------------------------------------------------

#[test]
fn remarks_conflict_only_where_they_claim_this_years_figure() {
    const SOP: &str = "Jumlah SOP pelayanan yang disusun";
    const FKP: &str = "Jumlah unsur masyarakat yang hadir dalam FKP";
    // (indicator, target, realisasi, keterangan, is a contradicting claim)
    remark_cases(&[
        // Claims that contradict the cells.
        (
            SOP,
            15.0,
            10.0,
            "realisasi baru mencapai 10 dari 12 SOP",
            true,
        ),
        (SOP, 12.0, 10.0, "Realisasi 6 SOP", true),
        (SOP, 12.0, 10.0, "target sebanyak 14 SOP", true),
        (SOP, 12.0, 10.0, "ditargetkan 20 SOP", true),
        (FKP, 12.0, 10.0, "FKP dihadiri 8 unsur masyarakat", true),
        // Claims that agree with the cells.
        (SOP, 12.0, 10.0, "terealisasi 10 dari target 12", false),
        (
            SOP,
            12.0,
            10.0,
            "realisasi baru mencapai 10 dari 12 SOP",
            false,
        ),
        (FKP, 12.0, 10.0, "FKP dihadiri 10 unsur masyarakat", false),
        // Not claims: other years, next year, invited vs attended, sub-items,
        // regulation numbers, place names.
        (
            SOP,
            12.0,
            10.0,
            "dibanding tahun 2022 yang hanya 5 SOP",
            false,
        ),
        (SOP, 12.0, 10.0, "tahun lalu 7 SOP", false),
        (SOP, 12.0, 10.0, "realisasi tahun lalu 7 SOP", false),
        (SOP, 12.0, 10.0, "target tahun depan 15 SOP", false),
        (SOP, 12.0, 10.0, "target tahun 2024 sebanyak 15 SOP", false),
        (
            FKP,
            10.0,
            10.0,
            "10 unsur dari 12 unsur yang diundang",
            false,
        ),
        (FKP, 10.0, 10.0, "mengundang 15 unsur masyarakat", false),
        (
            SOP,
            12.0,
            10.0,
            "terdiri dari 3 SOP administrasi dan 2 SOP pengaduan",
            false,
        ),
        (SOP, 12.0, 10.0, "sesuai Perbup Nomor 12 tahun 2021", false),
        (
            SOP,
            12.0,
            10.0,
            "SOP Pelayanan Kec. Bajeng 2 berjumlah 10 SOP",
            false,
        ),
    ]);
}

#[test]
fn a_remark_claim_without_a_unit_word() {
    remark_cases(&[(
        "Jumlah SOP pelayanan yang disusun",
        12.0,
        9.0,
        "terealisasi 10 dari target 12",
        true,
    )]);
}

/// Each remark case: a contradicting claim is one keterangan-conflict at G4, else none.
fn remark_cases(cases: &[(&'static str, f64, f64, &'static str, bool)]) {
    let dir = tempfile::tempdir().unwrap();
    let mut failed = Vec::new();
    for (i, (indicator, t, r, ket, claim)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("remark{i}.xlsx"));
        build(&path, &[row(1.0, indicator, N(*t), N(*r), E, T(ket))], &[]);
        let p = process(&path);
        let want: &[(&str, &str)] = if *claim {
            &[("keterangan-conflict", "G4")]
        } else {
            &[]
        };
        if got(&p, &["below-target"]) != set(want) {
            failed.push(format!(
                "{ket:?} (target {t}, realisasi {r}, claim {claim}): {}",
                show(&p)
            ));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

// ---------------------------------------------------------------------------------------
// 5. Percent on one scale
// ---------------------------------------------------------------------------------------

/// No message, found or expected shows a percent as its fraction.
fn assert_percent_points(p: &Processed, case: &str, fractions: &[&str]) {
    for f in &p.report.findings {
        for text in [&f.message.id, &f.message.en, &f.found, &f.expected] {
            for frac in fractions {
                assert!(
                    !text.contains(frac),
                    "{case}: {frac:?} in {text:?} ({})",
                    f.rule.code()
                );
            }
        }
    }
}

#[test]
fn percents_stored_as_fractions_are_shown_in_percent_points() {
    const SOP_PCT: &str = "Persentase layanan yang memiliki SOP";
    // (case, target, realisasi, capaian, expected findings, realisasi, capaian computed,
    //  (rule, cell, found contains, expected contains))
    type Case = (
        &'static str,
        C,
        C,
        C,
        &'static [(&'static str, &'static str)],
        f64,
        f64,
        Option<(&'static str, &'static str, &'static str, &'static str)>,
    );
    let cases: &[Case] = &[
        (
            "0.45 formatted 0.00% against \"60%\"",
            T("60%"),
            Fmt(0.45, "0.00%"),
            E,
            &[("below-target", "E4")],
            45.0,
            75.0,
            Some(("below-target", "E4", "45", "60")),
        ),
        (
            "fraction target and realisasi",
            Fmt(0.6, "0%"),
            Fmt(0.45, "0.00%"),
            E,
            &[("below-target", "E4")],
            45.0,
            75.0,
            Some(("below-target", "E4", "45", "60")),
        ),
        (
            "a stated capaian 0.75 formatted % agrees",
            T("60%"),
            Fmt(0.45, "0.00%"),
            Fmt(0.75, "0.00%"),
            &[("below-target", "E4")],
            45.0,
            75.0,
            None,
        ),
        (
            "a stated capaian 0.9731 formatted % is wrong, shown in points",
            T("60%"),
            Fmt(0.45, "0.00%"),
            Fmt(0.9731, "0.00%"),
            &[("below-target", "E4"), ("capaian-mismatch", "F4")],
            45.0,
            75.0,
            Some(("capaian-mismatch", "F4", "97,31", "75")),
        ),
    ];
    let fractions = [
        "0,45", "0.45", "0,6 ", "0.6 ", "0,9731", "0.9731", "0,75", "0.75",
    ];
    let dir = tempfile::tempdir().unwrap();
    for (i, (case, t, r, c, want, real, cap, shown)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("pct{i}.xlsx"));
        build(&path, &[row(1.0, SOP_PCT, *t, *r, *c, E)], &[]);
        let mut books = vec![(case.to_string(), path.clone())];
        if i == 0 {
            // ods stores a percent cell as the fraction with a percentage type.
            if let Some(ods) = convert(&path, "ods") {
                books.push((format!("{case} (ods)"), ods));
            }
        }
        for (case, book) in &books {
            let p = process(book);
            assert_eq!(got(&p, &[]), set(want), "{case}: {:#?}", show(&p));
            let rec = record(&p, "sop_pct");
            assert!(
                close(rec.realisasi.number, Some(*real)),
                "{case}: realisasi {:?}",
                rec.realisasi.number
            );
            assert!(
                close(rec.capaian_computed, Some(*cap)),
                "{case}: capaian {:?}",
                rec.capaian_computed
            );
            assert_percent_points(&p, case, &fractions);
            if let Some((rule, cell, found, expected)) = shown {
                let f = find(&p, rule, cell);
                assert!(f.found.contains(found), "{case}: found {:?}", f.found);
                assert!(
                    f.expected.contains(expected),
                    "{case}: expected {:?}",
                    f.expected
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// 6. Range targets
// ---------------------------------------------------------------------------------------

#[test]
fn range_targets_are_targets_with_the_range_rule_for_capaian() {
    const SOP_PCT: &str = "Persentase layanan yang memiliki SOP";
    const BELUM_TL: &str = "Jumlah pengaduan yang belum ditindaklanjuti";
    // (indicator, node, target, realisasi, capaian computed, below target)
    let cases: &[(&str, &str, &str, f64, f64, bool)] = &[
        (SOP_PCT, "sop_pct", "80 - 90%", 85.0, 100.0, false),
        (
            SOP_PCT,
            "sop_pct",
            "80 - 90%",
            92.0,
            92.0 / 90.0 * 100.0,
            false,
        ),
        (
            SOP_PCT,
            "sop_pct",
            "80 - 90%",
            70.0,
            70.0 / 80.0 * 100.0,
            true,
        ),
        (SOP_PCT, "sop_pct", "80–90", 85.0, 100.0, false),
        (
            SOP_PCT,
            "sop_pct",
            "80–90",
            95.0,
            95.0 / 90.0 * 100.0,
            false,
        ),
        (
            SOP_PCT,
            "sop_pct",
            "80 s.d. 90",
            75.0,
            75.0 / 80.0 * 100.0,
            true,
        ),
        (SOP_PCT, "sop_pct", "min. 80", 80.0, 100.0, false),
        // Lower is better, "2t-r": above the bound, (2 × 5 − 7) / 5.
        (BELUM_TL, "pengaduan_belum_tl", "maks. 5", 3.0, 100.0, false),
        (BELUM_TL, "pengaduan_belum_tl", "maks. 5", 7.0, 60.0, true),
    ];
    range_cases(cases);
}

#[test]

fn range_targets_written_with_a_sign() {
    const SOP_PCT: &str = "Persentase layanan yang memiliki SOP";
    const BELUM_TL: &str = "Jumlah pengaduan yang belum ditindaklanjuti";
    range_cases(&[
        (SOP_PCT, "sop_pct", "≥ 85", 90.0, 100.0, false),
        (SOP_PCT, "sop_pct", "≥ 85", 80.0, 80.0 / 85.0 * 100.0, true),
        (BELUM_TL, "pengaduan_belum_tl", "≤ 5", 5.0, 100.0, false),
    ]);
}

/// Each range case: no unparseable, a range target, capaian by the range rule.
fn range_cases(cases: &[(&'static str, &str, &'static str, f64, f64, bool)]) {
    let dir = tempfile::tempdir().unwrap();
    let mut failed = Vec::new();
    for (i, (indicator, node, target, r, cap, below)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("range{i}.xlsx"));
        build(&path, &[row(1.0, indicator, T(target), N(*r), E, E)], &[]);
        let p = process(&path);
        let case = format!("target {target:?}, realisasi {r}");
        let want: &[(&str, &str)] = if *below {
            &[("below-target", "E4")]
        } else {
            &[]
        };
        let rec = record(&p, node);
        if got(&p, &[]) != set(want)
            || rec.target.state != State::Value
            || rec.target.range.is_none()
            || !close(rec.capaian_computed, Some(*cap))
        {
            failed.push(format!(
                "{case}: target read {:?} range {:?}, capaian {:?} (want {cap}){}",
                rec.target.number,
                rec.target.range,
                rec.capaian_computed,
                show(&p)
            ));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

// ---------------------------------------------------------------------------------------
// 7. Findings that follow from another
// ---------------------------------------------------------------------------------------

#[test]
fn no_finding_that_only_follows_from_another() {
    const RENTAN: &str = "Jumlah sarana bagi kelompok rentan";
    const BELUM_TL: &str = "Jumlah pengaduan yang belum ditindaklanjuti";
    const MAKLUMAT: &str = "Jumlah maklumat pelayanan yang tersedia";
    // (case, indicator, node, target, realisasi, capaian, expected (rule, cell),
    //  capaian computed)
    type Case = (
        &'static str,
        &'static str,
        &'static str,
        C,
        C,
        C,
        &'static [(&'static str, &'static str)],
        Option<f64>,
    );
    let cases: &[Case] = &[
        (
            "\"2 Unit\" / \"1 buah\" with a capaian that their ratio contradicts",
            RENTAN,
            "sarana_rentan",
            T("2 Unit"),
            T("1 buah"),
            T("100%"),
            &[("unit-mismatch", "E4")],
            // Two figures in different units make no capaian (and no below-target).
            None,
        ),
        (
            "\"1 Unit\" / \"1 buah\"",
            RENTAN,
            "sarana_rentan",
            T("1 Unit"),
            T("1 buah"),
            T("100%"),
            &[("unit-mismatch", "E4")],
            // Two figures in different units make no capaian (and no below-target).
            None,
        ),
        (
            "\"2 pengaduan\" / \"0 kasus\"",
            BELUM_TL,
            "pengaduan_belum_tl",
            T("2 pengaduan"),
            T("0 kasus"),
            T("100%"),
            &[("unit-mismatch", "E4")],
            // Two figures in different units make no capaian (and no below-target).
            None,
        ),
        (
            "control: \"1 dok\" / \"1 Dok\" is one unit word",
            MAKLUMAT,
            "maklumat",
            T("1 dok"),
            T("1 Dok"),
            T("100%"),
            &[],
            Some(100.0),
        ),
        (
            "realisasi \"-\"",
            RENTAN,
            "sarana_rentan",
            T("2 unit"),
            T("-"),
            E,
            &[("missing-value", "E4")],
            None,
        ),
        (
            "realisasi blank with a stated capaian",
            RENTAN,
            "sarana_rentan",
            T("2 unit"),
            E,
            T("0%"),
            &[("missing-value", "E4")],
            None,
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (i, (case, indicator, node, t, r, c, want, cap)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("follow{i}.xlsx"));
        build(&path, &[row(1.0, indicator, *t, *r, *c, E)], &[]);
        let p = process(&path);
        // below-target follows the capaian, asserted below where there is one.
        assert_eq!(
            got(&p, &["below-target"]),
            set(want),
            "{case}: {:#?}",
            show(&p)
        );
        let rec = record(&p, node);
        if want.iter().any(|w| w.0 == "missing-value") {
            assert!(
                !p.report
                    .findings
                    .iter()
                    .any(|f| f.rule.code() == "below-target"),
                "{case}: no below-target without a realisasi"
            );
        }
        if want.iter().any(|w| w.0 == "unit-mismatch") {
            let f = find(&p, "unit-mismatch", "E4");
            assert!(
                f.message.en.contains("different unit words") || f.message.en.contains("unit"),
                "{case}: {}",
                f.message.en
            );
        }
        if want.iter().any(|w| w.0 == "missing-value") {
            assert_eq!(rec.realisasi.state, State::Missing, "{case}");
        }
        if *cap != ANY {
            assert!(
                close(rec.capaian_computed, *cap),
                "{case}: capaian {:?}",
                rec.capaian_computed
            );
        }
    }
}

/// Any computed capaian: two unit words for the node's one unit may still be divided.
const ANY: Option<f64> = Some(-1.0);

// ---------------------------------------------------------------------------------------
// 8. A file with no table
// ---------------------------------------------------------------------------------------

#[test]
fn a_file_with_no_table_is_reported_and_gets_no_cleaned_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("uploads");
    std::fs::create_dir(&input).unwrap();
    let empty = input.join("surat-pengantar.xlsx");
    {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "SURAT PENGANTAR").unwrap();
        ws.write_string(
            2,
            0,
            "Bersama ini kami kirimkan laporan kinerja Kecamatan Bajeng.",
        )
        .unwrap();
        ws.write_string(4, 0, "Camat Bajeng").unwrap();
        wb.save(&empty).unwrap();
    }
    let good = input.join("bajeng.xlsx");
    build(
        &good,
        &[row(
            1.0,
            "Indeks Kepuasan Masyarakat (IKM)",
            N(85.0),
            N(86.0),
            E,
            E,
        )],
        &[],
    );

    let p = process(&empty);
    let rules: Vec<&str> = p
        .report
        .findings
        .iter()
        .map(|f| f.rule.code())
        .filter(|r| *r != "unknown-kecamatan")
        .collect();
    assert_eq!(rules, ["no-table"], "{:#?}", show(&p));
    assert!(p.report.records.is_empty());

    let out = dir.path().join("out");
    let o = run(kinerja()
        .arg("batch")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .arg("--quiet"));
    assert_eq!(o.status.code(), Some(0));
    assert!(
        !out.join("cleaned").join("surat-pengantar.xlsx").exists(),
        "a file with no table gets no cleaned workbook"
    );
    assert!(
        out.join("cleaned").join("bajeng.xlsx").exists(),
        "the readable file beside it does"
    );
    let rows = read_csv(&out.join("discrepancies.csv"));
    let listed: Vec<&String> = rows
        .iter()
        .filter(|r| r["file"].contains("surat-pengantar"))
        .map(|r| &r["rule"])
        .collect();
    assert!(
        listed.iter().any(|r| *r == "no-table"),
        "discrepancies.csv lists the file with no-table: {listed:?}"
    );
}

// ---------------------------------------------------------------------------------------
// Counts against their whole, and a capaian in words
// ---------------------------------------------------------------------------------------

/// "3 dari 4" is 75 % for a percent indicator and 3 for a count; "Tercapai" in the capaian
/// column is the clerk's verdict: borne out, nothing; contradicted, capaian-mismatch at its
/// cell. None of them is unparseable.
#[test]
fn ratios_and_verdicts_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rasio.xlsx");
    build(
        &path,
        &[
            row(
                1.0,
                "Persentase pengaduan yang ditindaklanjuti",
                T("100%"),
                T("3 dari 4"),
                T("75%"),
                E,
            ),
            row(
                2.0,
                "Jumlah SOP pelayanan yang disusun",
                N(12.0),
                T("12 dari 12 SOP"),
                T("Tercapai"),
                E,
            ),
            row(
                3.0,
                "Jumlah tim penyusunan SOP",
                N(3.0),
                N(2.0),
                T("Tercapai"),
                E,
            ),
        ],
        &[],
    );
    let p = process(&path);
    assert!(close(
        record(&p, "pengaduan_tl_pct").realisasi.number,
        Some(75.0)
    ));
    assert!(close(
        record(&p, "sop_disusun").realisasi.number,
        Some(12.0)
    ));
    assert_eq!(record(&p, "sop_disusun").realisasi.raw, "12 dari 12 SOP");
    assert_eq!(
        got(&p, &[]),
        set(&[
            ("below-target", "E4"),
            ("capaian-mismatch", "F6"),
            ("below-target", "E6")
        ]),
        "{}",
        show(&p)
    );
    assert_eq!(find(&p, "capaian-mismatch", "F6").expected, "66,67%");
}
