//! The shipped Gowa schema against the corpus it must serve: every indicator of
//! `indicators.json` with the same unit, kind and polarity; the 18 kecamatan; every
//! indicator wording of the labelled corpus bound to its node; every injected
//! unknown indicator left unmatched; every file name giving its kecamatan.
//!
//! The corpus lives in `../shared/corpus` beside the repository; when it is absent
//! (a checkout without shared/), the corpus tests fail saying so.

use kinerja::schema::matcher::FUZZY_THRESHOLD;
use kinerja::schema::{identify_kecamatan, load, Kind, MatchKind, Matcher, Polarity, Schema};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn schema() -> Schema {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/gowa-kecamatan-2023.toml");
    match load(&path) {
        Ok((schema, warnings)) => {
            assert_eq!(
                warnings.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
                Vec::<String>::new(),
                "the shipped schema should load without warnings"
            );
            schema
        }
        Err(errors) => panic!(
            "schema errors:\n{}",
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

/// The labelled corpus; a missing one fails the test (it never passes unseen).
fn corpus() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    assert!(
        dir.join("indicators.json").exists(),
        "{} is missing: this test needs ../shared beside the repository (as CI lays it)",
        dir.display()
    );
    dir
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn truth_files(corpus: &Path) -> Vec<Value> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(corpus.join("truth"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json")
                && !p.file_name().unwrap().to_string_lossy().starts_with('_')
        })
        .collect();
    paths.sort();
    paths.iter().map(|p| json(p)).collect()
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

#[test]
fn shipped_schema_holds_every_corpus_indicator_unchanged() {
    let schema = schema();
    assert_eq!(schema.regency.name, "Kabupaten Gowa");
    assert_eq!(schema.regency.tahun, 2023);
    let corpus = corpus();
    let indicators = json(&corpus.join("indicators.json"));
    let list = indicators["indicators"].as_array().unwrap();
    assert_eq!(list.len(), 23);
    for ind in list {
        let id = s(&ind["id"]);
        let node = schema
            .node(id)
            .unwrap_or_else(|| panic!("node {id} missing"));
        assert_eq!(node.unit, s(&ind["unit"]), "{id} unit");
        let kind = match s(&ind["kind"]) {
            "percent" => Kind::Percent,
            "count" => Kind::Count,
            "index" => Kind::Index,
            "grade" => Kind::Grade,
            other => panic!("unexpected kind {other}"),
        };
        assert_eq!(node.kind, kind, "{id} kind");
        let polarity = if s(&ind["polarity"]) == "negative" {
            Polarity::Negative
        } else {
            Polarity::Positive
        };
        assert_eq!(node.polarity, polarity, "{id} polarity");
        assert_eq!(
            node.parent.as_deref(),
            ind["parent"].as_str(),
            "{id} parent"
        );
        assert_eq!(node.statement, s(&ind["statement"]), "{id} statement");
        // The agreed wording is the corpus's, or the tree's with the corpus's as an alias
        // (kuesioner: the tree says "Jumlah kuesioner yang disebarkan").
        assert!(
            node.indicator == s(&ind["indicator"])
                || node.aliases.iter().any(|a| a == s(&ind["indicator"])),
            "{id} indicator"
        );
        for alias in ind["aliases"].as_array().unwrap() {
            assert!(
                node.aliases.iter().any(|a| a == s(alias)) || node.indicator == s(alias),
                "{id} alias {alias}"
            );
        }
        assert!(node.required, "{id} is reported by every office");
        let range = ind["range"].as_array();
        assert_eq!(node.min, range.and_then(|r| r[0].as_f64()), "{id} min");
        assert_eq!(node.max, range.and_then(|r| r[1].as_f64()), "{id} max");
    }
    let belum = schema.node("pengaduan_belum_tl").unwrap();
    assert_eq!(
        belum.formula,
        Some(kinerja::schema::NegativeFormula::TwiceTargetMinus)
    );
    assert_eq!(
        schema.node("sarana").unwrap().rollup,
        Some(kinerja::schema::Rollup::Sum)
    );
    assert_eq!(
        schema.node("ikm").unwrap().label_scale.as_deref(),
        Some("ikm")
    );
    assert_eq!(
        schema.node("sakip").unwrap().label_scale.as_deref(),
        Some("sakip")
    );
    // Tree-only nodes of the seed are there, and optional.
    for id in [
        "dok_perencanaan_pelayanan",
        "laporan_spm",
        "data_pengaduan_masuk",
        "laporan_partisipasi",
        "lembaga_musrenbang",
    ] {
        assert!(
            !schema.node(id).unwrap_or_else(|| panic!("{id}")).required,
            "{id}"
        );
    }
    assert_eq!(schema.nodes.len(), 40);
}

#[test]
fn shipped_schema_has_the_18_kecamatan_with_codes() {
    let schema = schema();
    let names: Vec<&str> = schema.kecamatan.iter().map(|k| k.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        vec![
            "Bajeng",
            "Bajeng Barat",
            "Barombong",
            "Biringbulu",
            "Bontolempangan",
            "Bontomarannu",
            "Bontonompo",
            "Bontonompo Selatan",
            "Bungaya",
            "Manuju",
            "Pallangga",
            "Parangloe",
            "Parigi",
            "Pattallassang",
            "Somba Opu",
            "Tinggimoncong",
            "Tombolo Pao",
            "Tompobulu"
        ]
    );
    let k = |n: &str| schema.kecamatan.iter().find(|k| k.name == n).unwrap();
    assert_eq!(
        (
            k("Bontonompo Selatan").bps.as_str(),
            k("Bontonompo Selatan").kemendagri.as_str()
        ),
        ("7306011", "73.06.16")
    );
    assert_eq!(
        (
            k("Bajeng Barat").bps.as_str(),
            k("Bajeng Barat").kemendagri.as_str()
        ),
        ("7306021", "73.06.18")
    );
    assert_eq!(
        (
            k("Biringbulu").bps.as_str(),
            k("Biringbulu").kemendagri.as_str()
        ),
        ("7306091", "73.06.11")
    );
    assert!(schema
        .kecamatan
        .iter()
        .all(|k| k.bps.len() == 7 && k.kemendagri.len() == 8));
}

#[test]
fn every_corpus_indicator_wording_matches_its_node() {
    let schema = schema();
    let corpus = corpus();
    let matcher = Matcher::new(&schema);
    let (mut total, mut ok) = (0, 0);
    let mut misses = Vec::new();
    for truth in truth_files(&corpus) {
        let Some(indicators) = truth["indicators"].as_object() else {
            continue;
        };
        for (id, row) in indicators {
            total += 1;
            let text = s(&row["indicator_text"]);
            let statement = s(&row["statement"]);
            match matcher.match_row(text, statement) {
                Some(m) if &m.node_id == id => ok += 1,
                other => misses.push(format!(
                    "{} {id}: {text:?} / {statement:?} -> {other:?}",
                    s(&truth["file"])
                )),
            }
        }
    }
    eprintln!("corpus indicator rows matched: {ok}/{total}");
    assert!(total > 700, "{total}");
    assert_eq!(misses, Vec::<String>::new(), "{ok}/{total} matched");
}

#[test]
fn corpus_unknown_indicators_stay_unmatched() {
    let schema = schema();
    let corpus = corpus();
    let matcher = Matcher::new(&schema);
    let mut seen = 0;
    for truth in truth_files(&corpus) {
        let extra: Vec<&Value> = truth["extra_rows"]
            .as_array()
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        for problem in truth["problems"].as_array().into_iter().flatten() {
            if s(&problem["rule"]) != "unknown-indicator" {
                continue;
            }
            let text = s(&problem["text"]);
            let statement = extra
                .iter()
                .find(|r| s(&r["indicator_text"]) == text)
                .map(|r| s(&r["statement"]))
                .unwrap_or("");
            seen += 1;
            for st in [statement, ""] {
                eprintln!("{text:?} / {st:?}: nearest {:?}", matcher.nearest(text, st));
                let m = matcher.match_row(text, st);
                assert!(
                    m.as_ref().is_none_or(|m| m.confidence < FUZZY_THRESHOLD),
                    "{text:?} / {st:?} matched {m:?}"
                );
            }
        }
    }
    assert_eq!(seen, 6);
}

#[test]
fn every_corpus_file_name_gives_its_kecamatan() {
    let schema = schema();
    let corpus = corpus();
    let mut checked = 0;
    for truth in truth_files(&corpus) {
        let file = s(&truth["file"]);
        let stem = Path::new(file)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let expected = s(&truth["kecamatan_base"]);
        assert_eq!(
            identify_kecamatan(&schema, &[&stem]).as_deref(),
            Some(expected),
            "{file}"
        );
        // Sheet names never name an office in this corpus: they must not decide.
        let sheets: Vec<&str> = truth["sheets"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|sh| s(&sh["name"]))
            .collect();
        let mut texts = sheets.clone();
        texts.push(&stem);
        assert_eq!(
            identify_kecamatan(&schema, &texts).as_deref(),
            Some(expected),
            "{file} with sheets {sheets:?}"
        );
        checked += 1;
    }
    assert_eq!(checked, 40);
}

#[test]
fn corpus_style_titles_give_their_kecamatan() {
    let schema = schema();
    for (title, expected) in [
        (
            "CAPAIAN KINERJA KEC. BONTONOMPO SELATAN",
            "Bontonompo Selatan",
        ),
        (
            "Lampiran IV. Pengukuran Kinerja Kecamatan Bontonompo Selatan 2 Tahun 2023",
            "Bontonompo Selatan",
        ),
        (
            "LAPORAN KINERJA INSTANSI PEMERINTAH (LKjIP) KECAMATAN TOMBOLO PAO 2 TAHUN 2023",
            "Tombolo Pao",
        ),
        (
            "Tabel 3.7 Realisasi Kinerja Kecamatan Bontomarannu Tahun 2023",
            "Bontomarannu",
        ),
        ("CAPAIAN KINERJA KEC. BAJENG BARAT 3", "Bajeng Barat"),
        ("CAMAT BAJENG 2", "Bajeng"),
        (
            "\u{a0}CAPAIAN KINERJA KEC.\u{a0}PATTALLASSANG 2",
            "Pattallassang",
        ),
        ("Kecamatan Tombolopao", "Tombolo Pao"),
        ("KEC. PATTALLASANG", "Pattallassang"),
        ("Kec. Patallassang", "Pattallassang"),
        ("Kecamatan Bontolempangang", "Bontolempangan"),
        ("KECAMATAN BONTO NOMPO", "Bontonompo"),
        ("Kecamatan Sombaopu", "Somba Opu"),
        ("Kec. Tinggi Moncong", "Tinggimoncong"),
        ("KEC. BONTO MARANNU", "Bontomarannu"),
        ("Kec Bajeng Brt", "Bajeng Barat"),
    ] {
        assert_eq!(
            identify_kecamatan(&schema, &["PEMERINTAH KABUPATEN GOWA", title]).as_deref(),
            Some(expected),
            "{title}"
        );
    }
    assert_eq!(
        identify_kecamatan(
            &schema,
            &["PEMERINTAH KABUPATEN GOWA", "Sheet1", "rekap_2023"]
        ),
        None
    );
}

#[test]
fn seed_wordings_bind_to_the_right_nodes() {
    let schema = schema();
    let matcher = Matcher::new(&schema);
    let cases = [
        // The seed table (000) and tree (002) wordings, with the tree's "IK :" prefix.
        (
            "IK : Jumlah kuesioner yang disebarkan",
            "terlaksananya survei kepuasan masyarakat :",
            "kuesioner",
            MatchKind::Exact,
        ),
        (
            "IK : IKM",
            "Meningkatkan kualitas pelayanan publik",
            "ikm",
            MatchKind::Alias,
        ),
        (
            "IK : Jumlah sarana pelayanan",
            "Meningkatnya sarana dan prasana pelayanan publik memadai",
            "sarana",
            MatchKind::Alias,
        ),
        (
            "IK : Jumlah data pengaduan yang akan ditindaklannjuti",
            "Tersedianya data pengaduan yang akan ditindaklanjuti",
            "data_pengaduan_tl",
            MatchKind::Exact,
        ),
        (
            "IK : Jumlah bahan-bahan lapora koordinasi penyusunan SOP",
            "Tersedianya bahan-bahan laporan koorinasi penyusunan SOP",
            "bahan_koordinasi_sop",
            MatchKind::Exact,
        ),
        (
            "IK : Jumlah laporan",
            "Tersedianya laporan partisipasi masyarakat",
            "laporan_partisipasi",
            MatchKind::Alias,
        ),
        (
            "IK : Jumlah laporan",
            "Tersedianya laporan pemberdayaan masyarakat",
            "laporan_pemberdayaan",
            MatchKind::Alias,
        ),
        (
            "IK : Jumlah data pengaduan",
            "Tersedianya data laporan pengaduan yang masuk",
            "data_pengaduan_masuk",
            MatchKind::Exact,
        ),
        (
            "Jumlah Dokumen Perencanaan Kegiatan Pelayanan kepada Masyarakat di Kecamatan",
            "",
            "dok_perencanaan_pelayanan",
            MatchKind::Exact,
        ),
        (
            "Jumlah pengguna layanan yang mengisi kuesioner",
            "Terlaksananya survei kepuasan masyarakat",
            "kuesioner",
            MatchKind::Alias,
        ),
    ];
    for (text, statement, id, kind) in cases {
        let m = matcher
            .match_row(text, statement)
            .unwrap_or_else(|| panic!("{text}"));
        assert_eq!(
            (m.node_id.as_str(), m.kind, m.confidence),
            (id, kind, 1.0),
            "{text}"
        );
    }
}

#[test]
fn retyped_wordings_match_fuzzily_and_never_across_persentase_and_jumlah() {
    let schema = schema();
    let matcher = Matcher::new(&schema);
    let fuzzy = [
        (
            "Jumlah sarana pelayanan yang telah tersedia",
            "Tersedianya sarana pelayanan yang memadai",
            "sarana_pelayanan",
        ),
        ("Jumlah SOP pelayanan yg telah disusun", "", "sop_disusun"),
        ("Jumlah maklumat pelayanan yg sdh tersedia", "", "maklumat"),
        (
            "Persentase layanan yang sudah memiliki SOP",
            "Tersedianya prosedur pelayanan yang efisien",
            "sop_pct",
        ),
        (
            "Persentase pengaduan masyarakat yang ditindaklanjuti",
            "Terlaksananya tindak lanjut pengaduan masyarakat",
            "pengaduan_tl_pct",
        ),
        (
            "Jumlah pengaduan masyarakat yang belum ditindaklanjuti",
            "Terlaksananya tindak lanjut pengaduan masyarakat",
            "pengaduan_belum_tl",
        ),
        (
            "Jumlah unsur masyarakat yg hadir dlm Forum Konsultasi Publik (FKP)",
            "",
            "fkp_unsur",
        ),
        ("Jumlah tim penyusun SOP pelayanan publik", "", "tim_sop"),
        (
            "Indeks Kepuasan Masyarakat Kecamatan",
            "Meningkatnya kepuasan masyarakat terhadap pelayanan publik",
            "ikm",
        ),
        (
            "Jumlah usulan masyarakat yang tersalurkan ke kecamatan",
            "",
            "usulan_jumlah",
        ),
        (
            "Jumlah instrumen survei kepuasan masyarakat (SKM)",
            "",
            "instrumen_survei",
        ),
        ("Nilai Evaluasi AKIP", "", "sakip"),
    ];
    let mut failures = Vec::new();
    for (text, statement, id) in fuzzy {
        let m = matcher.match_row(text, statement);
        eprintln!("{text:?} -> {m:?}");
        match m {
            Some(m)
                if m.node_id == id
                    && m.kind == MatchKind::Fuzzy
                    && m.confidence >= FUZZY_THRESHOLD => {}
            other => failures.push(format!("{text:?} -> {other:?} (want {id})")),
        }
    }
    assert_eq!(failures, Vec::<String>::new());
    // Same words, other head: a different indicator, not a typo. Never bound to the
    // node whose words they share.
    for (text, never) in [
        ("Jumlah layanan yang memiliki SOP", "sop_pct"),
        ("Persentase SOP pelayanan yang disusun", "sop_disusun"),
        ("Persentase sarana bagi kelompok rentan", "sarana_rentan"),
        ("Jumlah pengaduan yang diverifikasi", "pengaduan_verif_pct"),
        ("Jumlah usulan masyarakat yang diakomodir", "usulan_pct"),
        (
            "Persentase usulan masyarakat yang tersalurkan",
            "usulan_jumlah",
        ),
        ("Jumlah pengaduan yang ditindaklanjuti", "pengaduan_tl_pct"),
    ] {
        let m = matcher.match_row(text, "");
        assert_ne!(
            m.as_ref().map(|m| m.node_id.as_str()),
            Some(never),
            "{text}"
        );
    }
    // And the counted-but-not-followed-up complaints are not the followed-up ones.
    let st = "Terlaksananya tindak lanjut pengaduan masyarakat";
    assert_eq!(
        matcher.match_row("Jumlah pengaduan yang ditindaklanjuti", st),
        None
    );
    assert_eq!(
        matcher.match_row("Persentase pengaduan yang belum ditindaklanjuti", st),
        None
    );
}
