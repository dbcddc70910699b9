//! The families of layout that real offices make (issue 8), each on a small grid built
//! here: the national evaluation form with quarters and K / Rp markers, years typed as
//! numbers, numbering rows with arithmetic, long and misspelt headers, extra columns,
//! months, a quarter's target beside the year's, sub-items under a parent, fragments,
//! summary rows and target-only tables.

use super::testkit::*;
use super::*;

/// The Permendagri 86 "Evaluasi Hasil Renja" form, cut down: plan columns (RPJMD), the
/// year's target with K and Rp, realisasi per triwulan (I–IV, each K and Rp), the year's
/// realisasi and tingkat capaian, a numbering row that states the arithmetic.
fn permendagri_86() -> Sheet {
    sheet(
        "Sheet-1",
        &[
            &["Evaluasi Hasil terhadap RENJA PD"],
            &["Tahun 2018"],
            &[
                "No",
                "Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan",
                "Indikator Kinerja Program (Outcome)/Kegiatan (Output)",
                "Target RPJMD pada Tahun 2016 s/d 2021 (Periode RPJMD)",
                "",
                "",
                "Target Kinerja dan Anggaran RKPD Tahun berjalan (tahun n-1) yang dievaluasi",
                "",
                "Realisasi Kinerja Pada Triwulan",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "Realisasi Capaian Kinerja dan Anggaran RKPD yang Dievaluasi (tahun n-1)",
                "",
                "Tingkat Capaian Kinerja dan Realisasi Anggaran RKPD Tahun n-1 (%)",
                "",
                "Perangkat Daerah Penanggung Jawab",
                "Keterangan",
            ],
            &[
                "", "", "", "", "", "", "", "", "I", "", "II", "", "III", "", "IV", "", "", "", "",
                "", "", "",
            ],
            &[
                "",
                "",
                "",
                "K",
                "",
                "Rp. (000)",
                "K",
                "Rp. (000)",
                "K",
                "Rp. (000)",
                "K",
                "Rp. (000)",
                "K",
                "Rp. (000)",
                "K",
                "Rp. (000)",
                "K",
                "Rp. (000)",
                "K",
                "Rp.",
                "",
                "",
            ],
            &[
                "1",
                "2",
                "3",
                "4",
                "",
                "",
                "5",
                "",
                "6",
                "",
                "7",
                "",
                "8",
                "",
                "9",
                "",
                "10 = 6+7+8+9",
                "",
                "11 = 10/5*100",
                "",
                "12",
                "13",
            ],
            &["3", "Fungsi Penunjang Urusan Pemerintahan Daerah"],
            &[
                "3",
                "Program Pelayanan Administrasi Perkantoran",
                "Cakupan layanan administrasi perkantoran",
                "100",
                "persen",
                "7500000",
                "100",
                "1874960",
                "",
                "468740",
                "",
                "468740",
                "",
                "468740",
                "",
                "468740",
                " ",
                "1874960",
                " ",
                "",
                "",
                "",
            ],
            &[
                "",
                "Pelayanan Administrasi Perkantoran",
                "Tersedianya alat tulis kantor",
                "260",
                "jenis",
                "375000",
                "52",
                "93748",
                "13",
                "23437",
                "13",
                "23437",
                "13",
                "23437",
                "13",
                "23437",
                "52",
                "93748",
                "100",
                "100",
                "BAPPEDA",
                "",
            ],
            &[
                "",
                "",
                "Tersedianya penggandaan dokumen",
                "252500",
                "lembar",
                "375000",
                "50500",
                "93748",
                "12625",
                "23437",
                "12625",
                "23437",
                "12625",
                "23437",
                "12625",
                "23437",
                "50500",
                "93748",
                "100",
                "100",
                "",
                "",
            ],
            &[
                "Rata-rata capaian kinerja (%)",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "100",
            ],
        ],
        &[
            "D3:F4", "I3:P3", "I4:J4", "K4:L4", "M4:N4", "O4:P4", "G3:H4", "Q3:R4", "S3:T4",
            "D5:E5", "A12:R12",
        ],
    )
}

#[test]
fn permendagri_86_form_reads_the_year_and_keeps_the_quarters() {
    let t = one_table(vec![permendagri_86()]);
    assert_eq!(t.header_rows, vec![2, 3, 4, 5]);
    assert_eq!(
        roles(&t),
        vec![
            r(Role::No, "A"),
            r(Role::Statement, "B"),
            r(Role::Indicator, "C"),
            r(Role::Unit, "E"),
            r(Role::Target, "G"),
            r(Role::Anggaran, "H"),
            r(Role::Realisasi, "Q"),
            r(Role::Capaian, "S"),
            r(Role::Keterangan, "V"),
        ]
    );
    assert_eq!(
        rows(&t),
        vec![
            (
                8,
                "Program Pelayanan Administrasi Perkantoran",
                "Cakupan layanan administrasi perkantoran",
                "100",
                "",
                ""
            ),
            (
                9,
                "Pelayanan Administrasi Perkantoran",
                "Tersedianya alat tulis kantor",
                "52",
                "52",
                "100"
            ),
            (
                10,
                "Pelayanan Administrasi Perkantoran",
                "Tersedianya penggandaan dokumen",
                "50500",
                "50500",
                "100"
            ),
        ]
    );
    let row = &t.rows[1];
    assert_eq!(row.quarters.len(), 4);
    let q: Vec<(u8, String, String)> = row
        .quarters
        .iter()
        .map(|q| (q.quarter, at(&q.realisasi), at(&q.realisasi_anggaran)))
        .collect();
    assert_eq!(
        q,
        vec![
            (1, "I9".into(), "J9".into()),
            (2, "K9".into(), "L9".into()),
            (3, "M9".into(), "N9".into()),
            (4, "O9".into(), "P9".into()),
        ]
    );
    assert_eq!(text(&row.unit), "jenis");
    // The plan's target (D) was a candidate and is shown as the alternative it is.
    let d = t
        .alternatives
        .iter()
        .find(|a| a.col == 3)
        .map(|a| a.why.as_str());
    assert_eq!(d, Some("a multi-year plan figure (RPJMD / Renstra)"));
}

/// Renstra targets and realisasi per year under misspelt group headers, the years typed
/// as numbers on their own row, "(1) … (9)" under them, and "a. / b." sub-items under a
/// parent label with no figures.
#[test]
fn years_as_numbers_misspelt_group_and_sub_items() {
    let t = one_table(vec![sheet(
        "J-2",
        &[
            &["Pencapaian Kinerja Biro Bina Produksi"],
            &[
                "No",
                "Indikator",
                "IKK",
                "Target Renstra SKPD",
                "",
                "Reaisasi Capaian",
                "",
                "Proyeksi",
                "Catatan Analisis",
            ],
            &["", "", "", "2014", "2015", "2014", "2015", "2016", ""],
            &[
                "(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)",
            ],
            &[
                "1",
                "Jumlah pegawai yang menempuh S2",
                "6",
                "-",
                "-",
                "-",
                "-",
                "4",
                "",
            ],
            &["2", "Jumlah rumusan kebijakan bidang :"],
            &["", "a. Pertanian", "12", "3", "3", "3", "-", "3", ""],
            &["", "b. Ketahanan Pangan", "4", "1", "1", "1", "-", "1", ""],
            &[
                "3",
                "Jumlah dokumen pendukung Tupoksi",
                "4",
                "1",
                "1",
                "1",
                "-",
                "1",
                "",
            ],
        ],
        &["D2:E2", "F2:G2"],
    )]);
    assert_eq!(t.header_rows, vec![1, 2, 3]);
    assert_eq!(
        roles(&t),
        vec![
            r(Role::No, "A"),
            r(Role::Indicator, "B"),
            r(Role::Target, "D"),
            r(Role::Realisasi, "F"),
            r(Role::Keterangan, "I"),
        ]
    );
    assert_eq!(
        rows(&t),
        vec![
            (
                5,
                "<none>",
                "Jumlah pegawai yang menempuh S2",
                "-",
                "-",
                "<none>"
            ),
            (
                7,
                "Jumlah rumusan kebijakan bidang :",
                "a. Pertanian",
                "3",
                "3",
                "<none>"
            ),
            (
                8,
                "Jumlah rumusan kebijakan bidang :",
                "b. Ketahanan Pangan",
                "1",
                "1",
                "<none>"
            ),
            (
                9,
                "<none>",
                "Jumlah dokumen pendukung Tupoksi",
                "1",
                "1",
                "<none>"
            ),
        ]
    );
    let realisasi = t.column(Role::Realisasi).map(|c| (c.term.as_str(), c.year));
    assert_eq!(realisasi, Some(("realisasi", Some(2014))));
}

/// Extra columns (PIC, Definisi Operasional, evidence, a mirrored block to the right)
/// do not hide the header; evidence never takes a value role.
#[test]
fn extra_columns_do_not_hide_the_header() {
    let t = one_table(vec![sheet(
        "IKU",
        &[
            &[
                "No",
                "Jenis IKU",
                "Definisi Operasional",
                "Formula",
                "PIC",
                "Target",
                "Realisasi",
                "Data Dukung Capaian",
                "Persentase Capaian",
                "Sumber Data",
                "Link",
                "Catatan",
            ],
            &[
                "1",
                "Indeks Kepuasan Masyarakat",
                "hasil survei",
                "rata-rata",
                "Kasi Pelayanan",
                "85",
                "82,71",
                "Laporan SKM",
                "97,31",
                "SKM",
                "http://x",
                "",
            ],
        ],
        &[],
    )]);
    assert_eq!(
        roles(&t),
        vec![
            r(Role::No, "A"),
            r(Role::Indicator, "B"),
            r(Role::Target, "F"),
            r(Role::Realisasi, "G"),
            r(Role::Capaian, "I"),
            r(Role::Keterangan, "L"),
        ]
    );
}

/// An English KPI sheet.
#[test]
fn kpi_sheet_in_english() {
    let t = one_table(vec![sheet(
        "KPI",
        &[
            &["KPI", "Unit", "Target", "Actual", "Achievement", "Remarks"],
            &["Public service index", "index", "4", "4,5", "112,5%", ""],
        ],
        &[],
    )]);
    assert_eq!(
        roles(&t),
        vec![
            r(Role::Indicator, "A"),
            r(Role::Unit, "B"),
            r(Role::Target, "C"),
            r(Role::Realisasi, "D"),
            r(Role::Capaian, "E"),
            r(Role::Keterangan, "F"),
        ]
    );
}

/// snake_case and digit-glued names as exporters write them.
#[test]
fn snake_case_and_digit_glued_names() {
    let t = one_table(vec![sheet(
        "data",
        &[
            &[
                "no",
                "indikator_intervensi",
                "satuan",
                "target_tahun1",
                "realisasi_tahun1",
                "capaian1",
            ],
            &["1", "Jumlah SOP yang disusun", "SOP", "10", "8", "80"],
        ],
        &[],
    )]);
    assert_eq!(
        roles(&t),
        vec![
            r(Role::No, "A"),
            r(Role::Indicator, "B"),
            r(Role::Unit, "C"),
            r(Role::Target, "D"),
            r(Role::Realisasi, "E"),
            r(Role::Capaian, "F"),
        ]
    );
}

/// Months under one merged "Realisasi": the cumulative "S.D. OKTOBER" column when there is
/// one, else the last month that holds figures (never January, silently).
#[test]
fn months_take_the_cumulative_else_the_last_filled_month() {
    let header: &[&str] = &["Indikator", "Target", "Realisasi", "", "", "", "Capaian"];
    let months: &[&str] = &["", "", "JAN", "FEB", "MAR", "APR", ""];
    let t = one_table(vec![sheet(
        "Bulanan",
        &[
            header,
            months,
            &["Jumlah SOP yang disusun", "12", "1", "2", "3", "", "25%"],
        ],
        &["C1:F1", "A1:A2", "B1:B2", "G1:G2"],
    )]);
    assert_eq!(t.column(Role::Realisasi).map(|c| c.col), Some(4));
    assert_eq!(
        t.column(Role::Realisasi).and_then(|c| c.period),
        Some(Period::Month(3))
    );
    // No column for the year: every month of the group makes it, in month order.
    assert_eq!(
        t.column(Role::Realisasi).map(|c| c.parts.clone()),
        Some(vec![2, 3, 4, 5])
    );
    let cells: Vec<&str> = t.rows[0]
        .realisasi_parts
        .iter()
        .map(|c| c.text.as_str())
        .collect();
    assert_eq!(cells, ["1", "2", "3"]);

    let t = one_table(vec![sheet(
        "Bulanan",
        &[
            &["Indikator", "Target", "Realisasi", "", "", "Capaian"],
            &["", "", "SEPTEMBER", "OKTOBER", "S.D. OKTOBER", ""],
            &["Jumlah SOP yang disusun", "12", "1", "1", "10", "83%"],
        ],
        &["C1:E1", "A1:A2", "B1:B2", "F1:F2"],
    )]);
    assert_eq!(t.column(Role::Realisasi).map(|c| c.col), Some(4));
    // The column to date is the year so far, as written.
    assert_eq!(t.column(Role::Realisasi).map(|c| c.parts.len()), Some(0));
}

/// "Capaian TW III" beside "Persentase Capaian TW III": the plain one is the achieved
/// quantity; a quarter's own target beside the year's: the year's is the target and the
/// quarter's is kept with the quarter.
#[test]
fn quarter_columns_beside_the_years() {
    let t = one_table(vec![sheet(
        "TW III",
        &[
            &[
                "Indikator",
                "Target PK",
                "Target TW III",
                "Capaian TW III",
                "Persentase Capaian TW III",
            ],
            &["Jumlah SOP yang disusun", "12", "9", "8", "88,89"],
        ],
        &[],
    )]);
    assert_eq!(
        roles(&t),
        vec![
            r(Role::Indicator, "A"),
            r(Role::Target, "B"),
            r(Role::Realisasi, "D"),
            r(Role::Capaian, "E"),
        ]
    );
    let q = t.rows[0]
        .quarters
        .iter()
        .find(|q| q.quarter == 3)
        .cloned()
        .unwrap_or_default();
    assert_eq!(at(&q.target), "C2");
    assert_eq!(at(&q.realisasi), "D2");
    assert_eq!(at(&q.persen), "E2");
}

/// Indikator on one header row, the value roles on the next.
#[test]
fn roles_split_over_two_header_rows() {
    let t = one_table(vec![sheet(
        "S",
        &[
            &["Indikator Kinerja", "Kinerja Tahun 2023", "", ""],
            &["", "Target Kinerja", "Realisasi", "Keterangan"],
            &["Jumlah SOP yang disusun", "10", "8", ""],
        ],
        &["A1:A2", "B1:C1"],
    )]);
    assert_eq!(t.header_rows, vec![0, 1]);
    assert_eq!(
        roles(&t),
        vec![
            r(Role::Indicator, "A"),
            r(Role::Target, "B"),
            r(Role::Realisasi, "C"),
            r(Role::Keterangan, "D"),
        ]
    );
}

/// A one-word fragment above the rest of its indicator joins it; a lower-case tail
/// under a row stays with that row; "Jumlah KPI" and "Total" rows are not indicators.
#[test]
fn fragments_join_the_right_row_and_totals_are_not_indicators() {
    let t = one_table(vec![sheet(
        "S",
        &[
            &["No", "Indikator", "Target", "Realisasi", "Capaian"],
            &["1", "Persentase layanan sesuai", "100", "100", "100"],
            &["", "Standar Pelayanan", "", "", ""],
            &["", "Jumlah", "", "", ""],
            &["2", "pengaduan yang ditindaklanjuti", "10", "9", "90"],
            &["3", "Jumlah SOP yang disusun", "10", "8", "80"],
            &["", "yang telah ditetapkan", "", "", ""],
            &["Jumlah KPI", "", "", "", ""],
            &["", "Total", "30", "27", ""],
        ],
        &[],
    )]);
    let ind: Vec<&str> = t.rows.iter().map(|r| text(&r.indicator)).collect();
    assert_eq!(
        ind,
        vec![
            "Persentase layanan sesuai Standar Pelayanan",
            "Jumlah pengaduan yang ditindaklanjuti",
            "Jumlah SOP yang disusun yang telah ditetapkan",
        ]
    );
    assert_eq!(at(&t.rows[1].indicator), "B4");
    assert_eq!(at(&t.rows[1].target), "C5");
}

/// A table of targets only (a PK): read, marked, not skipped; a planning table whose
/// targets are sentences beside a budget is skipped with that reason.
#[test]
fn target_only_tables() {
    let located = locate(&book(vec![
        sheet(
            "PK",
            &[
                &["No", "Indikator", "Target", "Satuan"],
                &["1", "Nilai SAKIP", "80,01", "Nilai"],
                &["2", "Tingkat Maturitas SPIP", "3,3", "Level"],
            ],
            &[],
        ),
        sheet(
            "J-3",
            &[
                &[
                    "No",
                    "Program/ Kegiatan",
                    "Indikator Kinerja",
                    "Target Capaian",
                    "Pagu Indikatif (Rp.)",
                ],
                &[
                    "1",
                    "Kegiatan A",
                    "Tersusunnya kebijakan",
                    "Dokumen kebijakan",
                    "900000000",
                ],
            ],
            &[],
        ),
    ]));
    assert_eq!(located.tables.len(), 1);
    let t = &located.tables[0];
    assert!(t.target_only);
    assert_eq!(t.rows.len(), 2);
    assert_eq!(located.skipped.len(), 1);
    assert!(
        located.skipped[0].reason.en.contains("planning table"),
        "{:?}",
        located.skipped
    );
}

/// What a test expects of one located table: its sheet, header rows (0-based), column
/// roles, rows (1-based row, statement, indicator, target, realisasi, capaian) and the
/// A1 cells of each row's indicator, target and realisasi.
struct Expect {
    sheet: &'static str,
    header_rows: &'static [u32],
    roles: &'static [(Role, &'static str)],
    rows: &'static [(
        u32,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    )],
    cells: &'static [(&'static str, &'static str, &'static str)],
}

fn assert_tables(case: &str, got: &[Table], want: &[Expect]) {
    assert_eq!(got.len(), want.len(), "{case}: tables {got:#?}");
    for (i, (t, w)) in got.iter().zip(want).enumerate() {
        assert_eq!(t.sheet, w.sheet, "{case}: table {i} sheet");
        assert_eq!(
            t.header_rows, w.header_rows,
            "{case}: table {i} header rows"
        );
        let want_roles: Vec<(Role, String)> = w.roles.iter().map(|(ro, l)| r(*ro, l)).collect();
        assert_eq!(roles(t), want_roles, "{case}: table {i} roles");
        assert_eq!(rows(t), w.rows.to_vec(), "{case}: table {i} rows");
        let cells: Vec<(String, String, String)> = t
            .rows
            .iter()
            .map(|row| (at(&row.indicator), at(&row.target), at(&row.realisasi)))
            .collect();
        let want_cells: Vec<(String, String, String)> = w
            .cells
            .iter()
            .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
            .collect();
        assert_eq!(cells, want_cells, "{case}: table {i} cells");
    }
}

/// Several tables on one sheet: side by side (with a gap column, without one, each with
/// its own group row and numbering row) and one below the other, each with its own
/// header and indicator column, each read as its own table.
#[test]
fn several_tables_per_sheet() {
    use Role::*;
    let left_right = [
        Expect {
            sheet: "S",
            header_rows: &[1],
            roles: &[
                (No, "A"),
                (Indicator, "B"),
                (Unit, "C"),
                (Target, "D"),
                (Realisasi, "E"),
                (Capaian, "F"),
            ],
            rows: &[
                (
                    3,
                    "<none>",
                    "Indeks Kepuasan Masyarakat",
                    "85",
                    "83",
                    "97,65",
                ),
                (4, "<none>", "Jumlah SOP yang disusun", "10", "10", "100"),
            ],
            cells: &[("B3", "D3", "E3"), ("B4", "D4", "E4")],
        },
        Expect {
            sheet: "S",
            header_rows: &[1],
            roles: &[
                (No, "H"),
                (Indicator, "I"),
                (Unit, "J"),
                (Target, "K"),
                (Realisasi, "L"),
                (Capaian, "M"),
            ],
            rows: &[
                (3, "<none>", "Nilai SAKIP", "70", "72", "102,86"),
                (
                    4,
                    "<none>",
                    "Persentase pengaduan yang ditindaklanjuti",
                    "100",
                    "90",
                    "90",
                ),
                (5, "<none>", "Jumlah inovasi pelayanan", "2", "1", "50"),
            ],
            cells: &[("I3", "K3", "L3"), ("I4", "K4", "L4"), ("I5", "K5", "L5")],
        },
    ];
    let side_by_side_gap = sheet(
        "S",
        &[
            &[
                "Tabel 3.1 Kecamatan Bajeng",
                "",
                "",
                "",
                "",
                "",
                "",
                "Tabel 3.2 Kecamatan Bajeng",
            ],
            &[
                "No",
                "Indikator",
                "Satuan",
                "Target",
                "Realisasi",
                "Capaian",
                "",
                "No",
                "Indikator",
                "Satuan",
                "Target",
                "Realisasi",
                "Capaian",
            ],
            &[
                "1",
                "Indeks Kepuasan Masyarakat",
                "indeks",
                "85",
                "83",
                "97,65",
                "",
                "1",
                "Nilai SAKIP",
                "nilai",
                "70",
                "72",
                "102,86",
            ],
            &[
                "2",
                "Jumlah SOP yang disusun",
                "dokumen",
                "10",
                "10",
                "100",
                "",
                "2",
                "Persentase pengaduan yang ditindaklanjuti",
                "persen",
                "100",
                "90",
                "90",
            ],
            &[
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "3",
                "Jumlah inovasi pelayanan",
                "inovasi",
                "2",
                "1",
                "50",
            ],
        ],
        &[],
    );
    let located = locate(&book(vec![side_by_side_gap]));
    assert_tables("side by side, gap column", &located.tables, &left_right);
    assert_eq!(located.tables[0].title, vec!["Tabel 3.1 Kecamatan Bajeng"]);
    assert_eq!(located.tables[1].title, vec!["Tabel 3.2 Kecamatan Bajeng"]);

    // No gap column; a group row over each block's values; each block numbers its
    // columns from (1) again; one title over both.
    let adjacent = sheet(
        "Gabung",
        &[
            &["CAPAIAN KINERJA KECAMATAN BAJENG TAHUN 2023"],
            &[
                "Sasaran",
                "IK",
                "Tahun 2023",
                "",
                "",
                "Program",
                "Indikator Program",
                "Tahun 2023",
                "",
                "",
            ],
            &[
                "",
                "",
                "Target",
                "Realisasi",
                "Capaian (%)",
                "",
                "",
                "Target",
                "Realisasi",
                "Capaian (%)",
            ],
            &[
                "(1)", "(2)", "(3)", "(4)", "(5)", "(1)", "(2)", "(3)", "(4)", "(5)",
            ],
            &[
                "Meningkatnya kualitas pelayanan",
                "Indeks Pelayanan Publik",
                "4",
                "4,2",
                "105",
                "Program Penunjang",
                "Persentase dokumen perencanaan tepat waktu",
                "100",
                "100",
                "100",
            ],
            &[
                "",
                "Indeks Kepuasan Masyarakat",
                "85",
                "80",
                "94,12",
                "Program Pelayanan",
                "Jumlah layanan administrasi",
                "12",
                "12",
                "100",
            ],
        ],
        &["A2:A3", "B2:B3", "C2:E2", "F2:F3", "G2:G3", "H2:J2"],
    );
    let t = locate(&book(vec![adjacent])).tables;
    assert_tables(
        "side by side, no gap, group rows, numbering per block",
        &t,
        &[
            Expect {
                sheet: "Gabung",
                header_rows: &[1, 2, 3],
                roles: &[
                    (Statement, "A"),
                    (Indicator, "B"),
                    (Target, "C"),
                    (Realisasi, "D"),
                    (Capaian, "E"),
                ],
                rows: &[
                    (
                        5,
                        "Meningkatnya kualitas pelayanan",
                        "Indeks Pelayanan Publik",
                        "4",
                        "4,2",
                        "105",
                    ),
                    (
                        6,
                        "Meningkatnya kualitas pelayanan",
                        "Indeks Kepuasan Masyarakat",
                        "85",
                        "80",
                        "94,12",
                    ),
                ],
                cells: &[("B5", "C5", "D5"), ("B6", "C6", "D6")],
            },
            Expect {
                sheet: "Gabung",
                header_rows: &[1, 2, 3],
                roles: &[
                    (Statement, "F"),
                    (Indicator, "G"),
                    (Target, "H"),
                    (Realisasi, "I"),
                    (Capaian, "J"),
                ],
                rows: &[
                    (
                        5,
                        "Program Penunjang",
                        "Persentase dokumen perencanaan tepat waktu",
                        "100",
                        "100",
                        "100",
                    ),
                    (
                        6,
                        "Program Pelayanan",
                        "Jumlah layanan administrasi",
                        "12",
                        "12",
                        "100",
                    ),
                ],
                cells: &[("G5", "H5", "I5"), ("G6", "H6", "I6")],
            },
        ],
    );
    assert_eq!(
        t[1].title,
        vec!["CAPAIAN KINERJA KECAMATAN BAJENG TAHUN 2023"]
    );
    let numbering: Vec<Vec<u32>> = t
        .iter()
        .map(|t| {
            t.numbering
                .as_ref()
                .map(|n| n.columns.iter().flat_map(|(_, c)| c.clone()).collect())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(numbering, vec![vec![0, 1, 2, 3, 4], vec![5, 6, 7, 8, 9]]);

    // One table below the other, each with its own header (the second with other
    // columns), a blank row and a caption between them.
    let stacked = sheet(
        "Atas Bawah",
        &[
            &["No", "Indikator", "Target", "Realisasi", "Capaian"],
            &["1", "Indeks Kepuasan Masyarakat", "85", "83", "97,65"],
            &["2", "Jumlah SOP yang disusun", "10", "10", "100"],
            &[],
            &["Kinerja Program"],
            &[
                "No",
                "Program",
                "Indikator Program",
                "Satuan",
                "Target",
                "Realisasi",
            ],
            &[
                "1",
                "Program Penunjang",
                "Persentase dokumen tepat waktu",
                "persen",
                "100",
                "95",
            ],
        ],
        &[],
    );
    let t = locate(&book(vec![stacked])).tables;
    assert_tables(
        "stacked",
        &t,
        &[
            Expect {
                sheet: "Atas Bawah",
                header_rows: &[0],
                roles: &[
                    (No, "A"),
                    (Indicator, "B"),
                    (Target, "C"),
                    (Realisasi, "D"),
                    (Capaian, "E"),
                ],
                rows: &[
                    (
                        2,
                        "<none>",
                        "Indeks Kepuasan Masyarakat",
                        "85",
                        "83",
                        "97,65",
                    ),
                    (3, "<none>", "Jumlah SOP yang disusun", "10", "10", "100"),
                ],
                cells: &[("B2", "C2", "D2"), ("B3", "C3", "D3")],
            },
            Expect {
                sheet: "Atas Bawah",
                header_rows: &[5],
                roles: &[
                    (No, "A"),
                    (Statement, "B"),
                    (Indicator, "C"),
                    (Unit, "D"),
                    (Target, "E"),
                    (Realisasi, "F"),
                ],
                rows: &[(
                    7,
                    "Program Penunjang",
                    "Persentase dokumen tepat waktu",
                    "100",
                    "95",
                    "<none>",
                )],
                cells: &[("C7", "E7", "F7")],
            },
        ],
    );
    assert_eq!(t[1].title, vec!["Kinerja Program"]);
}

/// Mirrored groups that are not separate tables: a year group repeated under merged
/// headers ("2022 | 2023", each over Target / Realisasi) shares one indicator column,
/// so it stays one table, the report year taken and the other kept as alternatives; a
/// budget block to the right of the values ("Program | Anggaran | Realisasi Anggaran")
/// has no value column of its own and stays with the table too.
#[test]
fn mirrored_groups_under_one_indicator_stay_one_table() {
    use Role::*;
    let t = one_table(vec![sheet(
        "Tahunan",
        &[
            &[
                "No",
                "Indikator",
                "2022",
                "",
                "2023",
                "",
                "Program",
                "Anggaran",
                "Realisasi Anggaran",
            ],
            &[
                "",
                "",
                "Target",
                "Realisasi",
                "Target",
                "Realisasi",
                "",
                "",
                "",
            ],
            &[
                "1",
                "Indeks Kepuasan Masyarakat",
                "80",
                "78",
                "85",
                "83",
                "Program A",
                "1000",
                "900",
            ],
        ],
        &[
            "A1:A2", "B1:B2", "C1:D1", "E1:F1", "G1:G2", "H1:H2", "I1:I2",
        ],
    )]);
    assert_tables(
        "year groups",
        std::slice::from_ref(&t),
        &[Expect {
            sheet: "Tahunan",
            header_rows: &[0, 1],
            roles: &[
                (No, "A"),
                (Indicator, "B"),
                (Target, "E"),
                (Realisasi, "F"),
                (Statement, "G"),
                (Anggaran, "H"),
            ],
            rows: &[(
                3,
                "Program A",
                "Indeks Kepuasan Masyarakat",
                "85",
                "83",
                "<none>",
            )],
            cells: &[("B3", "E3", "F3")],
        }],
    );
    let other_year: Vec<(u32, &str)> = t
        .alternatives
        .iter()
        .filter(|a| a.why.starts_with("another year"))
        .map(|a| (a.col, a.why.as_str()))
        .collect();
    assert_eq!(
        other_year,
        vec![
            (2, "another year (2022; the report is for 2023)"),
            (3, "another year (2022; the report is for 2023)"),
        ]
    );
}

/// A schema that knows a few wordings exactly (the pipeline's matcher also scores near
/// wordings; exact ones are enough here).
struct Knows(&'static [&'static str]);

impl Wording for Knows {
    fn score(&self, indicator: &str) -> f64 {
        let t = lines::collapse(indicator).to_lowercase();
        if self.0.iter().any(|k| k.to_lowercase() == t) {
            1.0
        } else {
            0.0
        }
    }
}

/// A fragment of a wrapped indicator joins the row above or below by whichever join
/// names the schema's indicators; where the schema knows neither way, the lines' reading
/// decides (the same as without a schema). Each case: the sheet's rows under the header
/// `No | Indikator | Target | Realisasi`, the schema's wordings, then (indicator, its
/// A1 cell, target's A1 cell) of every row read with the schema and without it.
#[test]
fn fragments_join_the_way_the_schema_names() {
    type Got = Vec<(String, String, String)>;
    let header: &[&str] = &["No", "Indikator", "Target", "Realisasi"];
    #[allow(clippy::type_complexity)]
    let cases: &[(
        &str,
        &[&[&str]],
        &[&str],
        &[(&str, &str, &str)],
        &[(&str, &str, &str)],
    )] = &[
        (
            // Two capitalised words under a finished row, over a row that does not
            // start an indicator word: read as the start of the row below; the schema
            // says they end the row above.
            "tail up",
            &[
                &[
                    "1",
                    "Persentase pelayanan administrasi terpadu",
                    "100",
                    "100",
                ],
                &["", "Kecamatan (PATEN)", "", ""],
                &["", "Dokumen perencanaan yang disusun tepat waktu", "1", "1"],
            ],
            &[
                "Persentase pelayanan administrasi terpadu Kecamatan (PATEN)",
                "Dokumen perencanaan yang disusun tepat waktu",
            ],
            &[
                (
                    "Persentase pelayanan administrasi terpadu Kecamatan (PATEN)",
                    "B2",
                    "C2",
                ),
                ("Dokumen perencanaan yang disusun tepat waktu", "B4", "C4"),
            ],
            &[
                ("Persentase pelayanan administrasi terpadu", "B2", "C2"),
                (
                    "Kecamatan (PATEN) Dokumen perencanaan yang disusun tepat waktu",
                    "B3",
                    "C4",
                ),
            ],
        ),
        (
            // A lone "Jumlah" over a capitalised rest: a total line by its reading,
            // the first word of the indicator below by the schema.
            "Jumlah down",
            &[
                &["1", "Indeks Kepuasan Masyarakat", "85", "83"],
                &["", "Jumlah", "", ""],
                &["2", "Pengaduan yang ditindaklanjuti", "10", "9"],
            ],
            &[
                "Indeks Kepuasan Masyarakat",
                "Jumlah pengaduan yang ditindaklanjuti",
            ],
            &[
                ("Indeks Kepuasan Masyarakat", "B2", "C2"),
                ("Jumlah Pengaduan yang ditindaklanjuti", "B3", "C4"),
            ],
            &[
                ("Indeks Kepuasan Masyarakat", "B2", "C2"),
                ("Pengaduan yang ditindaklanjuti", "B4", "C4"),
            ],
        ),
        (
            // An indicator wording with blank figures over a row in lower case: the
            // reading makes it a row of its own and the lower-case row another; the
            // schema knows it as one indicator over two lines.
            "indicator wording down",
            &[
                &["1", "Nilai SAKIP", "70", "72"],
                &["2", "Persentase sarana prasarana", "", ""],
                &["", "Kantor yang layak", "100", "80"],
            ],
            &[
                "Nilai SAKIP",
                "Persentase sarana prasarana kantor yang layak",
            ],
            &[
                ("Nilai SAKIP", "B2", "C2"),
                ("Persentase sarana prasarana Kantor yang layak", "B3", "C4"),
            ],
            &[
                ("Nilai SAKIP", "B2", "C2"),
                ("Persentase sarana prasarana", "B3", "C3"),
                ("Kantor yang layak", "B4", "C4"),
            ],
        ),
        (
            // The schema knows neither way: the reading stands (a lower-case tail
            // joins the row above).
            "unknown",
            &[
                &["1", "Jumlah SOP yang disusun", "10", "8"],
                &["", "yang telah ditetapkan", "", ""],
                &["2", "Nilai SAKIP", "70", "72"],
            ],
            &["Indeks Kepuasan Masyarakat"],
            &[
                ("Jumlah SOP yang disusun yang telah ditetapkan", "B2", "C2"),
                ("Nilai SAKIP", "B4", "C4"),
            ],
            &[
                ("Jumlah SOP yang disusun yang telah ditetapkan", "B2", "C2"),
                ("Nilai SAKIP", "B4", "C4"),
            ],
        ),
    ];
    let got = |t: &Table| -> Got {
        t.rows
            .iter()
            .map(|r| {
                (
                    text(&r.indicator).to_string(),
                    at(&r.indicator),
                    at(&r.target),
                )
            })
            .collect()
    };
    let want = |w: &[(&str, &str, &str)]| -> Got {
        w.iter()
            .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
            .collect()
    };
    for (name, body, known, with_schema, without) in cases {
        let mut grid: Vec<&[&str]> = vec![header];
        grid.extend(body.iter().copied());
        let wb = book(vec![sheet("S", &grid, &[])]);
        let schema = Knows(known);
        let located = locate_with(&wb, None, Some(&schema));
        assert_eq!(located.tables.len(), 1, "{name}");
        let t = &located.tables[0];
        assert_eq!(t.header_rows, vec![0], "{name}");
        assert_eq!(got(t), want(with_schema), "{name}: with the schema");
        let t = one_table(vec![sheet("S", &grid, &[])]);
        assert_eq!(got(&t), want(without), "{name}: without a schema");
    }
}

/// "Target", "Realisasi" and "Capaian" each merged over "Kinerja | Anggaran (Rp)" (the
/// PK and LKjIP habit of keeping the budget beside the indicator's quantity), and
/// "Target" / "Realisasi" each over "Volume | Satuan": the word under the group says
/// which of its figures a column holds; alone, "Kinerja" would be a statement column and
/// "Volume" a target.
#[test]
fn kinerja_or_volume_under_a_value_group_names_the_figure_not_a_role() {
    let t = one_table(vec![sheet(
        "PK 2023",
        &[
            &["PENGUKURAN KINERJA KECAMATAN PALLANGGA TAHUN 2023"],
            &[],
            &[
                "No",
                "Indikator Kinerja",
                "Satuan",
                "Target",
                "",
                "Realisasi",
                "",
                "Capaian (%)",
                "",
                "Ket.",
            ],
            &[
                "",
                "",
                "",
                "Kinerja",
                "Anggaran (Rp)",
                "Kinerja",
                "Anggaran (Rp)",
                "Kinerja",
                "Anggaran",
                "",
            ],
            &[
                "1",
                "Indeks Kepuasan Masyarakat (IKM)",
                "Nilai",
                "85,00",
                "150.000.000",
                "82,71",
                "142.500.000",
                "97,31%",
                "95,00%",
                "",
            ],
        ],
        &[
            "A1:J1", "A3:A4", "B3:B4", "C3:C4", "D3:E3", "F3:G3", "H3:I3", "J3:J4",
        ],
    )]);
    assert_eq!(
        roles(&t),
        vec![
            r(Role::No, "A"),
            r(Role::Indicator, "B"),
            r(Role::Unit, "C"),
            r(Role::Target, "D"),
            r(Role::Anggaran, "E"),
            r(Role::Realisasi, "F"),
            r(Role::Capaian, "H"),
            r(Role::Keterangan, "J"),
        ]
    );
    assert_eq!(
        rows(&t),
        vec![(
            5,
            "<none>",
            "Indeks Kepuasan Masyarakat (IKM)",
            "85,00",
            "82,71",
            "97,31%"
        )]
    );

    let t = one_table(vec![sheet(
        "LKjIP",
        &[
            &["No", "Indikator", "Target", "", "Realisasi", "", "Capaian"],
            &["", "", "Volume", "Satuan", "Volume", "Satuan", ""],
            &[
                "1",
                "Jumlah kuesioner yang disebarkan",
                "300",
                "Orang",
                "250",
                "Orang",
                "83,33",
            ],
        ],
        &["A1:A2", "B1:B2", "C1:D1", "E1:F1", "G1:G2"],
    )]);
    assert_eq!(
        roles(&t),
        vec![
            r(Role::No, "A"),
            r(Role::Indicator, "B"),
            r(Role::Target, "C"),
            r(Role::Unit, "D"),
            r(Role::Realisasi, "E"),
            r(Role::Capaian, "G"),
        ]
    );
    assert_eq!(
        rows(&t),
        vec![(
            3,
            "<none>",
            "Jumlah kuesioner yang disebarkan",
            "300",
            "250",
            "83,33"
        )]
    );
}

/// A budget recap to the right of the table, its header one row higher than the
/// table's: the table's header row also holds the recap's first figures. The table is
/// read from its own columns, with the title above it; the recap is not a table.
#[test]
fn a_side_table_whose_header_sits_a_row_higher_leaves_the_table_readable() {
    let located = locate(&book(vec![sheet(
        "Sheet1",
        &[
            &[
                "PENGUKURAN KINERJA KECAMATAN PALLANGGA TAHUN 2023",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "REKAPITULASI REALISASI ANGGARAN TAHUN 2023",
            ],
            &[
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "No",
                "Program",
                "Pagu (Rp)",
                "Realisasi (Rp)",
                "Persentase (%)",
            ],
            &[
                "No",
                "Indikator Kinerja",
                "Satuan",
                "Target",
                "Realisasi",
                "Capaian",
                "Keterangan",
                "",
                "",
                "1",
                "Program Penunjang Urusan Pemerintahan Daerah",
                "1.250.000.000",
                "1.180.500.000",
                "94,44",
            ],
            &[
                "1",
                "Indeks Kepuasan Masyarakat (IKM)",
                "Nilai",
                "85,00",
                "82,71",
                "97,31%",
                "",
                "",
                "",
                "2",
                "Program Pemberdayaan Masyarakat Desa",
                "200.000.000",
                "195.000.000",
                "97,50",
            ],
            &[
                "2",
                "Jumlah SOP pelayanan yang disusun",
                "SOP",
                "11",
                "11",
                "100%",
            ],
        ],
        &[],
    )]));
    assert_eq!(located.tables.len(), 1);
    let t = &located.tables[0];
    assert_eq!(t.header_rows, vec![2]);
    assert_eq!(
        t.title,
        vec!["PENGUKURAN KINERJA KECAMATAN PALLANGGA TAHUN 2023".to_string()]
    );
    assert_eq!(
        roles(t),
        vec![
            r(Role::No, "A"),
            r(Role::Indicator, "B"),
            r(Role::Unit, "C"),
            r(Role::Target, "D"),
            r(Role::Realisasi, "E"),
            r(Role::Capaian, "F"),
            r(Role::Keterangan, "G"),
        ]
    );
    assert_eq!(
        rows(t),
        vec![
            (
                4,
                "<none>",
                "Indeks Kepuasan Masyarakat (IKM)",
                "85,00",
                "82,71",
                "97,31%"
            ),
            (
                5,
                "<none>",
                "Jumlah SOP pelayanan yang disusun",
                "11",
                "11",
                "100%"
            ),
        ]
    );
}

/// A target revised during the year beside the original: the revised one is in force,
/// whichever side it stands on.
#[test]
fn the_revised_target_is_preferred_to_the_original() {
    for (header, want) in [
        (["Target Awal", "Target Perubahan"], ("E", "250")),
        (["Target setelah Perubahan", "Target Murni"], ("D", "250")),
    ] {
        let (d, e) = if want.0 == "E" {
            ("300", "250")
        } else {
            ("250", "300")
        };
        let t = one_table(vec![sheet(
            "S",
            &[
                &[
                    "No",
                    "Indikator",
                    "Satuan",
                    header[0],
                    header[1],
                    "Realisasi",
                    "Capaian",
                ],
                &[
                    "1",
                    "Jumlah kuesioner yang disebarkan",
                    "Orang",
                    d,
                    e,
                    "250",
                    "100",
                ],
            ],
            &[],
        )]);
        let target = t
            .column(Role::Target)
            .map(|c| crate::model::col_letters(c.col));
        assert_eq!(target.as_deref(), Some(want.0), "{header:?}");
        assert_eq!(rows(&t)[0].3, want.1, "{header:?}");
    }
    // A revised column left blank on one row (or "-", "Tetap"): the original is in
    // force on that row.
    let t = one_table(vec![sheet(
        "S",
        &[
            &[
                "No",
                "Indikator",
                "Target Awal",
                "Target Perubahan",
                "Realisasi",
            ],
            &["1", "Jumlah kuesioner yang disebarkan", "300", "250", "250"],
            &["2", "Jumlah SOP pelayanan yang disusun", "12", "", "10"],
            &["3", "Jumlah tim penyusunan SOP", "2", "-", "2"],
            &[
                "4",
                "Jumlah maklumat pelayanan yang tersedia",
                "1",
                "Tetap",
                "1",
            ],
        ],
        &[],
    )]);
    assert_eq!(
        t.column(Role::Target).map(|c| (c.col, c.fallback)),
        Some((3, Some(2)))
    );
    let targets: Vec<(String, &str)> = t
        .rows
        .iter()
        .filter_map(|r| r.target.as_ref())
        .map(|c| (c.at.a1(), c.text.as_str()))
        .collect();
    assert_eq!(
        targets,
        [
            ("D2".to_string(), "250"),
            ("C3".to_string(), "12"),
            ("C4".to_string(), "2"),
            ("C5".to_string(), "1")
        ]
    );
    // A revised column left empty is not the target.
    let t = one_table(vec![sheet(
        "S",
        &[
            &[
                "No",
                "Indikator",
                "Satuan",
                "Target Awal",
                "Target Perubahan",
                "Realisasi",
                "Capaian",
            ],
            &[
                "1",
                "Jumlah kuesioner yang disebarkan",
                "Orang",
                "300",
                "",
                "250",
                "83,33",
            ],
        ],
        &[],
    )]);
    assert_eq!(
        t.column(Role::Target).map(|c| c.col),
        Some(3),
        "{:?}",
        t.alternatives
    );
}

/// A note under a table ("Sumber: hasil SKM tahun 2022") is neither the end of the
/// indicator above it nor the next table's title (its year names no period).
#[test]
fn a_note_under_a_table_is_no_title() {
    let t = locate(&book(vec![sheet(
        "S",
        &[
            &["CAPAIAN KINERJA KECAMATAN BAJENG TAHUN 2023"],
            &["Indikator", "Target", "Realisasi"],
            &["Indeks Kepuasan Masyarakat", "85", "86"],
            &["Sumber: hasil SKM tahun 2022"],
            &["Indikator", "Target", "Realisasi"],
            &["Jumlah SOP yang disusun", "12", "12"],
            &[""],
            &["Keterangan :"],
            &["1. Realisasi tahun 2022 sebagai pembanding"],
            &["2. Data SKM Semester I tahun 2022"],
            &[""],
            &["Tabel 3. Kinerja Kegiatan"],
            &["Indikator", "Target", "Realisasi"],
            &["Jumlah tim penyusunan SOP", "2", "2"],
        ],
        &[],
    )]))
    .tables;
    assert_eq!(t.len(), 3);
    assert!(t[1].title.is_empty(), "{:?}", t[1].title);
    // A list under "Keterangan :" is the note's, not the next table's title.
    assert_eq!(t[2].title, ["Tabel 3. Kinerja Kegiatan"]);
    // Nor is it the wrapped end of the indicator above it.
    assert_eq!(
        rows(&t[0])[0].2,
        "Indeks Kepuasan Masyarakat",
        "{:?}",
        rows(&t[0])
    );
}

/// Sub-headers the vocabulary does not know under a merged group are header rows, so the
/// numbering row under them is no data row: "Awal" / "Perubahan" under "Target" (the
/// revised one in force, the original where it is blank), "Rata-rata" after the months
/// under "Realisasi" (the sheet's own year figure).
#[test]
fn unknown_sub_headers_under_a_group_are_header_rows() {
    let t = one_table(vec![sheet(
        "S",
        &[
            &["No", "Indikator", "Target", "", "Realisasi"],
            &["", "", "Awal", "Perubahan", ""],
            &["(1)", "(2)", "(3)", "(4)", "(5)"],
            &["1", "Jumlah SOP yang disusun", "12", "10", "10"],
            &["2", "Jumlah tim penyusunan SOP", "2", "", "2"],
        ],
        &["C1:D1", "A1:A2", "B1:B2", "E1:E2"],
    )]);
    assert_eq!(t.header_rows, vec![0, 1, 2]);
    let targets: Vec<String> = t
        .rows
        .iter()
        .filter_map(|r| r.target.as_ref())
        .map(|c| format!("{} {}", c.at.a1(), c.text))
        .collect();
    assert_eq!(targets, ["D4 10", "C5 2"]);

    let t = one_table(vec![sheet(
        "S",
        &[
            &["Indikator", "Target", "Realisasi", "", "", "Capaian"],
            &["", "", "Jan", "Feb", "Rata-rata", ""],
            &[
                "Persentase pengaduan yang ditindaklanjuti",
                "100",
                "90",
                "92",
                "91",
                "91",
            ],
        ],
        &["C1:E1", "A1:A2", "B1:B2", "F1:F2"],
    )]);
    assert_eq!(t.header_rows, vec![0, 1]);
    let realisasi = t.column(Role::Realisasi).map(|c| (c.col, c.parts.len()));
    assert_eq!(realisasi, Some((4, 0)));
}

/// Months typed to date ("Realisasi Kumulatif" over them): each month is a part of the
/// year, which is the last filled one (not their sum, not December when blank).
#[test]
fn months_to_date_are_parts_of_the_year() {
    let t = one_table(vec![sheet(
        "S",
        &[
            &["Indikator", "Target", "Realisasi Kumulatif", "", ""],
            &["", "", "Okt", "Nov", "Des"],
            &["Jumlah kuesioner yang disebarkan", "400", "300", "330", ""],
        ],
        &["C1:E1", "A1:A2", "B1:B2"],
    )]);
    let c = t.column(Role::Realisasi).cloned();
    assert_eq!(
        c.map(|c| (c.cumulative, c.parts)),
        Some((true, vec![2, 3, 4]))
    );
}

/// Months typed as dates over their columns ("Jan-23" stored as 2023-01-01 with the
/// format "mmm-yy", or an ods date cell): read as the months they name, so the header is
/// whole and the numbering row under it is no data row.
#[test]
fn months_typed_as_dates_are_months() {
    let mut s = sheet(
        "S",
        &[
            &["Indikator", "Target", "Realisasi", "", "", "Capaian"],
            &["", "", "44927", "44958", "44986", ""],
            &["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
            &["Jumlah SOP yang disusun", "12", "4", "4", "4", "100"],
        ],
        &["C1:E1", "A1:A2", "B1:B2", "F1:F2"],
    );
    // 44927 = 2023-01-01, 44958 = 2023-02-01, 44986 = 2023-03-01.
    for c in s.rows[1].iter_mut().skip(2).take(3) {
        c.format = Some("mmm-yy".into());
    }
    let t = one_table(vec![s]);
    assert_eq!(t.header_rows, vec![0, 1, 2]);
    let c = t.column(Role::Realisasi).cloned();
    assert_eq!(
        c.map(|c| (c.period, c.year, c.parts)),
        Some((Some(Period::Month(3)), Some(2023), vec![2, 3, 4]))
    );
    assert_eq!(t.rows.len(), 1);
}

/// A note's lines end where a line of the table's own starts: a section heading right
/// under a note ("SASARAN 2: …") keeps its indicators, and an indicator with no figures
/// yet is still a row.
#[test]
fn a_note_ends_at_the_tables_own_lines() {
    let t = one_table(vec![sheet(
        "S",
        &[
            &["Indikator", "Target", "Realisasi"],
            &["Indeks Kepuasan Masyarakat", "85", "86"],
            &["*) hasil SKM semester I"],
            &["SASARAN 2: MENINGKATNYA KUALITAS PELAYANAN"],
            &["Jumlah SOP yang disusun", "12", "12"],
            &["Catatan: angka sementara"],
            &["Jumlah tim penyusunan SOP", "", ""],
        ],
        &[],
    )]);
    let got: Vec<&str> = t.rows.iter().map(|r| text(&r.indicator)).collect();
    assert_eq!(
        got,
        [
            "Indeks Kepuasan Masyarakat",
            "Jumlah SOP yang disusun",
            "Jumlah tim penyusunan SOP"
        ]
    );
    assert_eq!(t.rows[1].sections.len(), 1, "{:?}", t.rows[1].sections);
}
