//! Draft a schema for any regency from its own workbooks (`kinerja schema init`):
//! realization uploads, PK target tables or a pohon kinerja sheet, in every layout the
//! locator reads. Each file goes through the ordinary pipeline against a schema that
//! holds only the regency's kecamatan (from the Kemendagri gazetteer), so every row
//! comes back with its statement, indicator, unit and normalized target; rows are then
//! grouped into nodes, one per distinct indicator, with the other wordings as aliases.
//!
//! Every guess carries a `# periksa:` comment saying what to check, and the draft is
//! loaded and checked before it is returned: it passes `kinerja schema check` as
//! written. Nothing here is random and files are read in the order given (folders
//! sorted), so the same inputs draft the same bytes.

use super::matcher::{compact_name, normalize_text, FUZZY_THRESHOLD};
use super::place::{self, ParentRef, Place};
use super::wilayah::{Kabupaten, ATTRIBUTION};
use super::{
    Band, CapaianRules, Kecamatan, Kind, Level, Matcher, NegativeFormula, Node, Polarity, Regency,
    Scale, ScaleBand, Schema, TargetValue,
};
use crate::model::Text;
use crate::normalize::{State, Value};
use crate::pipeline::process_file;
use crate::workbook::Limits;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// A drafted schema: the TOML text as it should be written, the schema it parses to,
/// and notes for the officer (files without a table, offices not identified).
#[derive(Debug, Clone)]
pub struct Draft {
    pub toml: String,
    pub schema: Schema,
    pub notes: Vec<Text>,
    /// Files read, and of those the files that held a table.
    pub files: usize,
    pub files_with_table: usize,
}

/// One indicator row seen in a file.
#[derive(Debug, Clone)]
struct Seen {
    file: usize,
    sheet: String,
    row: u32,
    kecamatan: Option<String>,
    statement: String,
    indicator: String,
    unit: String,
    target: Value,
    realisasi: Value,
    /// Level and parent as the row's table shows them.
    place: Place,
}

/// One wording of an indicator and how it joined its group.
#[derive(Debug, Clone)]
struct Wording {
    text: String,
    /// None for the first wording of the group; the matcher's confidence otherwise,
    /// with the wording it was compared to.
    score: Option<(f64, String)>,
    count: usize,
}

#[derive(Debug, Clone, Default)]
struct Group {
    wordings: Vec<Wording>,
    seen: Vec<usize>,
}

impl Group {
    fn files(&self, seen: &[Seen]) -> BTreeSet<usize> {
        self.seen
            .iter()
            .filter_map(|&i| seen.get(i))
            .map(|s| s.file)
            .collect()
    }
}

/// Words that say lower is better ("Jumlah pengaduan yang belum ditindaklanjuti",
/// "Angka kematian ibu", "kasus").
const NEGATIVE_WORDS: [&str; 9] = [
    " belum ",
    "angka ",
    "kasus",
    "tunggakan",
    "pelanggaran",
    "kemiskinan",
    "pengangguran",
    "kematian",
    "stunting",
];

/// Canonical units every draft starts with, and the usual spellings.
const UNITS: [(&str, &[&str]); 9] = [
    ("%", &["%", "persen", "prosen", "persentase"]),
    ("nilai", &["nilai", "poin", "indeks", "skor"]),
    ("predikat", &["predikat", "kategori", "grade"]),
    ("unit", &["unit", "buah", "bh", "paket"]),
    ("orang", &["orang", "org", "responden", "jiwa"]),
    ("dokumen", &["dokumen", "dok", "dok.", "berkas"]),
    ("laporan", &["laporan", "lap", "lap."]),
    ("kegiatan", &["kegiatan", "keg", "keg.", "kali"]),
    ("rupiah", &["rupiah", "rp", "rp."]),
];

/// Every spreadsheet under the inputs, in a stable order (the batch's own walker).
pub fn inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Text> {
    crate::batch::collect_inputs(paths, None).map_err(|e| e.0)
}

/// The empty schema of a regency: its kecamatan from the gazetteer, the usual capaian
/// bands, the IKM and SAKIP scales and the usual units; no nodes.
pub fn base_schema(kab: &Kabupaten, tahun: i32) -> Schema {
    let band = |min: f64, label: &str, color: &str| Band {
        min,
        label: label.to_string(),
        color: Some(color.to_string()),
    };
    let mut scales = BTreeMap::new();
    let sb = |min: f64, max: f64, label: &str, mutu: &str| ScaleBand {
        min,
        max,
        label: label.to_string(),
        mutu: Some(mutu.to_string()),
    };
    scales.insert(
        "ikm".to_string(),
        Scale::Bands {
            bands: vec![
                sb(88.31, 100.0, "Sangat Baik", "A"),
                sb(76.61, 88.30, "Baik", "B"),
                sb(65.00, 76.60, "Kurang Baik", "C"),
                sb(25.00, 64.99, "Tidak Baik", "D"),
            ],
        },
    );
    scales.insert(
        "sakip".to_string(),
        Scale::Grades {
            order: ["AA", "A", "BB", "B", "CC", "C", "D"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        },
    );
    Schema {
        regency: Regency {
            name: kab.nama.clone(),
            tahun,
        },
        kecamatan: kab
            .kecamatan
            .iter()
            .map(|k| Kecamatan {
                name: k.nama.clone(),
                bps: String::new(),
                kemendagri: k.kode.clone(),
                aliases: Vec::new(),
            })
            .collect(),
        capaian: CapaianRules {
            bands: vec![
                band(91.0, "Sangat Baik", "#63BE7B"),
                band(76.0, "Baik", "#B5D98A"),
                band(66.0, "Cukup", "#FFEB84"),
                band(51.0, "Kurang", "#F8A36B"),
                band(0.0, "Sangat Kurang", "#F8696B"),
            ],
            ..CapaianRules::default()
        },
        scales,
        units: UNITS
            .iter()
            .map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect()))
            .collect(),
        severity: BTreeMap::new(),
        nodes: Vec::new(),
    }
}

/// Draft a schema from the workbooks at `files` (already walked, see `inputs`).
pub fn draft(files: &[PathBuf], kab: &Kabupaten, tahun: i32, limits: &Limits) -> Draft {
    let mut schema = base_schema(kab, tahun);
    let mut notes: Vec<Text> = Vec::new();
    let mut seen: Vec<Seen> = Vec::new();
    let mut files_with_table = 0;
    // Spellings of kecamatan found in files that the decree spells otherwise.
    let mut found_aliases: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();

    for (fi, path) in files.iter().enumerate() {
        let base = schema.clone();
        let matcher = Matcher::new(&base);
        let processed = process_file(path, &matcher, limits);
        let Some(located) = processed.located.as_ref().filter(|l| !l.tables.is_empty()) else {
            notes.push(Text::new(
                format!("{}: tidak ada tabel yang terbaca, dilewati", path.display()),
                format!("{}: no table could be read, skipped", path.display()),
            ));
            continue;
        };
        files_with_table += 1;
        let mut kecamatan = processed.report.kecamatan.clone();
        if kecamatan.is_none() {
            let mut texts: Vec<String> = located
                .tables
                .iter()
                .flat_map(|t| t.title.iter().cloned())
                .collect();
            texts.extend(located.tables.iter().map(|t| t.sheet.clone()));
            texts.push(stem(path));
            if let Some((ki, spelling, score)) = fuzzy_kecamatan(kab, &texts) {
                let name = kab.kecamatan[ki].nama.clone();
                notes.push(Text::new(
                    format!(
                        "{}: kecamatan \"{spelling}\" dibaca sebagai {name} (kemiripan {score:.2})",
                        path.display()
                    ),
                    format!(
                        "{}: kecamatan \"{spelling}\" read as {name} (similarity {score:.2})",
                        path.display()
                    ),
                ));
                found_aliases
                    .entry(ki)
                    .or_default()
                    .insert(spelling.clone());
                if let Some(k) = schema.kecamatan.get_mut(ki) {
                    k.aliases.push(spelling);
                }
                kecamatan = Some(name);
            } else {
                notes.push(Text::new(
                    format!(
                        "{}: kecamatan tidak dikenali; targetnya tidak dimasukkan",
                        path.display()
                    ),
                    format!(
                        "{}: kecamatan not identified; its targets are left out",
                        path.display()
                    ),
                ));
            }
        }
        // Where each row sits in its table's tree (rows of one sheet are distinct rows).
        let mut places: HashMap<(&str, u32), Place> = HashMap::new();
        for t in &located.tables {
            for (row, p) in t.rows.iter().zip(place::places(t)) {
                places.insert((t.sheet.as_str(), row.row), p);
            }
        }
        for r in &processed.report.records {
            let indicator = r.indicator.text.trim();
            if normalize_text(indicator).is_empty() {
                continue;
            }
            seen.push(Seen {
                file: fi,
                sheet: r.sheet.clone(),
                row: r.row,
                place: places
                    .remove(&(r.sheet.as_str(), r.row))
                    .unwrap_or_default(),
                kecamatan: kecamatan.clone(),
                statement: r.statement.text.trim().to_string(),
                indicator: indicator.to_string(),
                unit: r.unit.text.trim().to_string(),
                target: r.target.clone(),
                realisasi: r.realisasi.clone(),
            });
        }
    }

    let groups = group(&seen, &schema);
    let mut comments: BTreeMap<String, NodeNotes> = BTreeMap::new();
    let mut ids: BTreeSet<String> = BTreeSet::new();
    for g in &groups {
        let (node, note) = node_of(g, &seen, &mut schema, files_with_table, &mut ids);
        comments.insert(node.id.clone(), note);
        schema.nodes.push(node);
    }
    infer_tree(&groups, &seen, &mut schema, &mut comments);
    infer_rollups(&groups, &seen, &mut schema, &mut comments);
    tree_order(&mut schema);
    let sources: Vec<String> = files.iter().map(|p| display(p)).collect();
    let toml = render(&schema, &comments, &found_aliases, &sources);
    Draft {
        toml,
        schema,
        notes,
        files: files.len(),
        files_with_table,
    }
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn display(path: &Path) -> String {
    path.file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The kecamatan a text names in a spelling the decree does not use ("Pattallassang"
/// for "Pattallasang"): windows of one to three words compared with every kecamatan
/// name of the regency; the best at or above 0.85 wins. (index, spelling, score)
fn fuzzy_kecamatan(kab: &Kabupaten, texts: &[String]) -> Option<(usize, String, f64)> {
    let names: Vec<String> = kab
        .kecamatan
        .iter()
        .map(|k| compact_name(&k.nama))
        .collect();
    let mut best: Option<(usize, String, f64)> = None;
    for t in texts {
        let words: Vec<&str> = t
            .split(|c: char| !c.is_alphabetic() && c != '\'')
            .filter(|w| !w.is_empty())
            .collect();
        for start in 0..words.len() {
            for len in 1..=3 {
                let Some(window) = words.get(start..start + len) else {
                    break;
                };
                let spelled = compact_name(&window.concat());
                if spelled.chars().count() < 5 {
                    continue;
                }
                for (i, n) in names.iter().enumerate() {
                    let score = strsim::normalized_levenshtein(&spelled, n);
                    if score >= 0.85 && best.as_ref().is_none_or(|b| score > b.2) {
                        best = Some((i, title_case(&window.join(" ")), score));
                    }
                }
            }
        }
        if best.is_some() {
            break;
        }
    }
    best
}

fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(c.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// Rows grouped into indicators: the same wording after normalization is one group;
/// a wording the matcher finds similar enough (the batch's own threshold, never across
/// "Persentase"/"Jumlah" or "yang belum") joins the closest group, unless that group
/// already has a row from the same file (one file does not report one indicator twice).
fn group(seen: &[Seen], base: &Schema) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut by_key: BTreeMap<String, usize> = BTreeMap::new();
    for (i, s) in seen.iter().enumerate() {
        let key = normalize_text(&s.indicator);
        if let Some(&gi) = by_key.get(&key) {
            let g = &mut groups[gi];
            g.seen.push(i);
            if let Some(w) = g
                .wordings
                .iter_mut()
                .find(|w| normalize_text(&w.text) == key)
            {
                w.count += 1;
                // Show the wording as a sentence, not in capitals, when a file has it so.
                if is_shouting(&w.text) && !is_shouting(&s.indicator) {
                    w.text = s.indicator.clone();
                }
            }
            continue;
        }
        // The groups so far as a schema, for the matcher.
        let mut probe = base.clone();
        probe.nodes = groups
            .iter()
            .enumerate()
            .map(|(gi, g)| probe_node(gi, g, seen))
            .collect();
        let matcher = Matcher::new(&probe);
        let joined = matcher
            .nearest(&s.indicator, &s.statement)
            .filter(|m| m.confidence >= FUZZY_THRESHOLD)
            .and_then(|m| {
                let gi: usize = m.node_id.strip_prefix('g')?.parse().ok()?;
                let g = groups.get(gi)?;
                (!g.files(seen).contains(&s.file)).then_some((gi, m))
            });
        let gi = match joined {
            Some((gi, m)) => {
                groups[gi].wordings.push(Wording {
                    text: s.indicator.clone(),
                    score: Some((m.confidence, m.matched.clone())),
                    count: 1,
                });
                groups[gi].seen.push(i);
                gi
            }
            None => {
                groups.push(Group {
                    wordings: vec![Wording {
                        text: s.indicator.clone(),
                        score: None,
                        count: 1,
                    }],
                    seen: vec![i],
                });
                groups.len() - 1
            }
        };
        by_key.insert(key, gi);
    }
    groups
}

fn is_shouting(s: &str) -> bool {
    s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase)
}

fn probe_node(gi: usize, g: &Group, seen: &[Seen]) -> Node {
    let statements: Vec<String> = g
        .seen
        .iter()
        .filter_map(|&i| seen.get(i))
        .map(|s| s.statement.clone())
        .filter(|s| !s.is_empty())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    Node {
        id: format!("g{gi}"),
        level: Level::Sasaran,
        parent: None,
        statement: statements.first().cloned().unwrap_or_default(),
        statement_aliases: statements.iter().skip(1).cloned().collect(),
        indicator: g
            .wordings
            .first()
            .map(|w| w.text.clone())
            .unwrap_or_default(),
        aliases: g.wordings.iter().skip(1).map(|w| w.text.clone()).collect(),
        unit: String::new(),
        kind: Kind::Count,
        polarity: Polarity::Positive,
        formula: None,
        cap: None,
        min: None,
        max: None,
        rollup: None,
        aggregation: None,
        required: false,
        label_scale: None,
        target: None,
        targets: BTreeMap::new(),
    }
}

/// What a node's comments say, field by field.
#[derive(Debug, Clone, Default)]
struct NodeNotes {
    head: Vec<String>,
    fields: BTreeMap<&'static str, String>,
    /// Per alias (by index in `aliases`): how it joined.
    aliases: Vec<String>,
}

/// The most frequent entry, the first seen on a tie.
fn most_frequent(items: &[String]) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for it in items {
        match counts.iter_mut().find(|(k, _)| k == it) {
            Some((_, c)) => *c += 1,
            None => counts.push((it.clone(), 1)),
        }
    }
    let max = counts.iter().map(|(_, c)| *c).max()?;
    counts.into_iter().find(|(_, c)| *c == max).map(|(k, _)| k)
}

fn node_of(
    g: &Group,
    seen: &[Seen],
    schema: &mut Schema,
    files_with_table: usize,
    ids: &mut BTreeSet<String>,
) -> (Node, NodeNotes) {
    let rows: Vec<&Seen> = g.seen.iter().filter_map(|&i| seen.get(i)).collect();
    let mut note = NodeNotes::default();

    // Indicator: the most frequent wording; the others are aliases.
    let mut wordings = g.wordings.clone();
    wordings.sort_by_key(|w| std::cmp::Reverse(w.count));
    let first = wordings.first();
    let indicator = first.map(|w| w.text.clone()).unwrap_or_default();
    let aliases: Vec<String> = wordings.iter().skip(1).map(|w| w.text.clone()).collect();
    for w in wordings.iter().skip(1) {
        note.aliases.push(match &w.score {
            Some((score, to)) => format!(
                "periksa: kemiripan {score:.2} dengan \"{}\" ({}x)",
                short(to),
                w.count
            ),
            None => format!("periksa: ejaan lain ({}x)", w.count),
        });
    }
    if first.is_some_and(|w| w.score.is_some()) || wordings.len() > 1 {
        // The first wording seen may have become an alias: say how often each was used.
        note.fields.insert(
            "indicator",
            format!(
                "ejaan terbanyak ({}x); ejaan lain di aliases",
                first.map_or(0, |w| w.count)
            ),
        );
    }

    // Statement: the most frequent non-empty one.
    let statements: Vec<String> = rows
        .iter()
        .map(|r| r.statement.clone())
        .filter(|s| !normalize_text(s).is_empty())
        .collect();
    let statement = match most_frequent(&statements) {
        Some(s) => s,
        None => {
            note.fields.insert(
                "statement",
                "periksa: tabel tidak memuat sasaran/kegiatan; diisi dengan indikatornya"
                    .to_string(),
            );
            indicator.clone()
        }
    };
    let mut statement_aliases: Vec<String> = Vec::new();
    let mut keys: BTreeSet<String> = BTreeSet::from([normalize_text(&statement)]);
    for s in &statements {
        if keys.insert(normalize_text(s)) {
            statement_aliases.push(s.clone());
        }
    }

    // Kind, from the wording and the values.
    let key = normalize_text(&indicator);
    let grades = rows
        .iter()
        .filter(|r| r.target.state == State::Grade || r.realisasi.state == State::Grade)
        .count();
    let units_written: Vec<String> = rows
        .iter()
        .flat_map(|r| {
            let unit = (!r.unit.is_empty()).then(|| r.unit.clone());
            unit.into_iter()
                .chain(r.target.unit.clone())
                .chain(r.realisasi.unit.clone())
        })
        .filter(|u| !u.trim().is_empty())
        .collect();
    let canon: Vec<String> = units_written
        .iter()
        .map(|u| {
            schema
                .canonical_unit(u)
                .map(str::to_string)
                .unwrap_or_else(|| u.trim().to_string())
        })
        .collect();
    let written_unit = most_frequent(&canon);
    let has = |w: &str| key.split(' ').any(|t| t == w);
    let (kind, why) = if grades * 2 > rows.len() {
        (Kind::Grade, "nilainya berupa huruf (AA, A, BB, …)")
    } else if has("persentase") || has("prosentase") || has("presentase") || has("rasio") {
        (Kind::Percent, "kata \"Persentase\"")
    } else if written_unit.as_deref() == Some("%") {
        (Kind::Percent, "satuan \"%\"")
    } else if has("indeks") || has("nilai") || has("ikm") || has("skor") {
        (Kind::Index, "kata \"Indeks\"/\"Nilai\"")
    } else if written_unit.as_deref() == Some("rupiah") || has("anggaran") {
        (Kind::Currency, "satuan rupiah / kata \"anggaran\"")
    } else {
        (Kind::Count, "tidak ada kata Persentase/Indeks/Nilai")
    };
    note.fields
        .insert("kind", format!("periksa: ditebak dari {why}"));

    // Unit.
    let (unit, unit_note) = match kind {
        Kind::Percent => ("%".to_string(), None),
        Kind::Grade => (
            "predikat".to_string(),
            Some("periksa: satuan untuk predikat"),
        ),
        Kind::Currency => ("rupiah".to_string(), None),
        Kind::Index => (
            written_unit
                .filter(|u| u != "%")
                .unwrap_or_else(|| "nilai".to_string()),
            Some("periksa: satuan indeks"),
        ),
        Kind::Count => match written_unit.filter(|u| u != "%") {
            Some(u) => (u, Some("dari kolom Satuan / nilai yang ditulis")),
            None => (
                count_unit(&key, schema),
                Some("periksa: tidak ada satuan tertulis; ditebak dari kata setelah \"Jumlah\""),
            ),
        },
    };
    if let Some(n) = unit_note {
        note.fields.insert("unit", n.to_string());
    }
    // Spellings the files use for this unit: unknown words that start like it
    // ("Unsur" for "unsur masyarakat"); a known other unit ("orang") stays another unit.
    if !matches!(kind, Kind::Percent | Kind::Grade) {
        let first = |u: &str| {
            u.split_whitespace()
                .next()
                .map(str::to_lowercase)
                .unwrap_or_default()
        };
        let mut spellings: BTreeSet<String> = schema
            .units
            .get(&unit)
            .map(|v| v.iter().cloned().collect())
            .unwrap_or_default();
        spellings.insert(unit.clone());
        for u in &units_written {
            let u = u.trim();
            if schema.canonical_unit(u).is_none() && first(u) == first(&unit) {
                spellings.insert(u.to_string());
            }
        }
        let canon = schema.canonical_unit(&unit).map(str::to_string);
        let key = canon.unwrap_or_else(|| unit.clone());
        schema.units.insert(key, spellings.into_iter().collect());
    }

    // Polarity from the wording.
    let padded = format!(" {key} ");
    let negative = NEGATIVE_WORDS.iter().find(|w| padded.contains(*w));
    let (polarity, formula) = match negative {
        Some(w) => {
            note.fields.insert(
                "polarity",
                format!(
                    "periksa: \"{}\" biasanya berarti makin kecil makin baik",
                    w.trim()
                ),
            );
            note.fields.insert(
                "formula",
                "periksa: rumus capaian PermenPAN-RB (2t-r); ganti \"t/r\" bila e-SAKIP daerah memakai target/realisasi"
                    .to_string(),
            );
            (Polarity::Negative, Some(NegativeFormula::TwiceTargetMinus))
        }
        None => (Polarity::Positive, None),
    };

    let label_scale = match kind {
        Kind::Grade => {
            note.fields
                .insert("label_scale", "periksa: skala SAKIP (AA … D)".to_string());
            Some("sakip".to_string())
        }
        Kind::Index if has("ikm") || (has("kepuasan") && has("masyarakat")) => {
            note.fields.insert(
                "label_scale",
                "periksa: skala IKM PermenPAN-RB 14/2017".to_string(),
            );
            Some("ikm".to_string())
        }
        _ => None,
    };

    // Required: reported by at least half of the files with a table.
    let files = g.files(seen).len();
    let required = files * 2 >= files_with_table.max(1);
    note.fields.insert(
        "required",
        format!(
            "periksa: dilaporkan oleh {files} dari {files_with_table} berkas{}",
            if required { "" } else { "; bukan wajib" }
        ),
    );

    // Targets per kecamatan, the first readable one of each.
    let mut targets: BTreeMap<String, TargetValue> = BTreeMap::new();
    let mut conflicts: Vec<String> = Vec::new();
    for r in &rows {
        let (Some(k), Some(t)) = (&r.kecamatan, target_value(&r.target, kind)) else {
            continue;
        };
        match targets.get(k) {
            None => {
                targets.insert(k.clone(), t);
            }
            Some(old) if *old != t => conflicts.push(k.clone()),
            Some(_) => {}
        }
    }
    if !targets.is_empty() {
        let mut n = "periksa: target dari kolom Target tiap berkas".to_string();
        if !conflicts.is_empty() {
            conflicts.dedup();
            let _ = write!(
                n,
                "; berkas {} memuat target berbeda, yang pertama dipakai",
                conflicts.join(", ")
            );
        }
        note.fields.insert("targets", n);
    }

    let id = unique_id(&slug(&indicator, kind), ids);
    note.head.push(format!(
        "{} (dari {} baris, {} berkas)",
        short(&indicator),
        rows.len(),
        files
    ));
    note.fields.insert("level", UNKNOWN.to_string());
    let node = Node {
        id,
        level: Level::Sasaran,
        parent: None,
        statement,
        statement_aliases,
        indicator,
        aliases,
        unit,
        kind,
        polarity,
        formula,
        cap: None,
        min: None,
        max: (label_scale.as_deref() == Some("ikm")).then_some(100.0),
        rollup: None,
        aggregation: None,
        required,
        label_scale,
        target: None,
        targets,
    };
    (node, note)
}

/// A count whose target is, in at least three quarters of the files that have it (at
/// least two, with targets that differ between files), the sum of the targets of two to four other counts in the
/// same unit that share a word with it ("Jumlah sarana dan prasarana" 6 = "sarana
/// pelayanan" 4 + "sarana bagi kelompok rentan" 2): a `rollup = "sum"` parent of
/// those. When several sets would fit, nothing is guessed.
fn infer_rollups(
    groups: &[Group],
    seen: &[Seen],
    schema: &mut Schema,
    comments: &mut BTreeMap<String, NodeNotes>,
) {
    // Each file's target per node.
    let mut targets: BTreeMap<usize, BTreeMap<usize, f64>> = BTreeMap::new();
    for (gi, g) in groups.iter().enumerate() {
        for &i in &g.seen {
            let Some(s) = seen.get(i) else { continue };
            if s.target.state == State::Value && s.target.range.is_none() {
                if let Some(t) = s.target.number.filter(|t| t.is_finite()) {
                    targets.entry(s.file).or_default().entry(gi).or_insert(t);
                }
            }
        }
    }
    let words = |text: &str| -> BTreeSet<String> {
        normalize_text(text)
            .split(' ')
            .filter(|w| w.chars().count() >= 4 && !STOP.contains(w) && *w != "jumlah")
            .map(str::to_string)
            .collect()
    };
    let unit_of = |n: &Node| -> String {
        schema
            .canonical_unit(&n.unit)
            .unwrap_or(n.unit.as_str())
            .to_string()
    };
    let mut found: Vec<(usize, Vec<usize>)> = Vec::new();
    let mut skipped: Vec<(String, String)> = Vec::new();
    for (p, pn) in schema.nodes.iter().enumerate() {
        if pn.kind != Kind::Count {
            continue;
        }
        let files: Vec<&BTreeMap<usize, f64>> =
            targets.values().filter(|t| t.contains_key(&p)).collect();
        let values: BTreeSet<u64> = files
            .iter()
            .filter_map(|t| t.get(&p).map(|v| v.to_bits()))
            .collect();
        if files.len() < 2 || values.len() < 2 {
            continue;
        }
        let pw = words(&pn.indicator);
        let candidates: Vec<usize> = schema
            .nodes
            .iter()
            .enumerate()
            .filter(|(c, n)| {
                // Parents before children, as the tree is written.
                // A row the tables put under another node is not added up here.
                *c > p
                    && n.parent.as_ref().is_none_or(|q| *q == pn.id)
                    && n.kind == Kind::Count
                    && unit_of(n) == unit_of(pn)
                    && !words(&n.indicator).is_disjoint(&pw)
                    && files.iter().all(|t| t.contains_key(c))
            })
            .map(|(c, _)| c)
            .take(12)
            .collect();
        // Files whose targets add up; a set must fit at least three quarters of them (a
        // file may hold the very rollup error kinerja is there to find).
        let fits = |set: &[usize]| {
            files
                .iter()
                .filter(|t| {
                    let sum: f64 = set.iter().filter_map(|c| t.get(c)).sum();
                    t.get(&p)
                        .is_some_and(|pt| *pt > 0.0 && (pt - sum).abs() < 1e-9)
                })
                .count()
                * 4
                >= files.len() * 3
        };
        let mut sets: Vec<Vec<usize>> = Vec::new();
        let n = candidates.len();
        for mask in 1u32..(1u32 << n) {
            let size = mask.count_ones();
            if !(2..=4).contains(&size) {
                continue;
            }
            let set: Vec<usize> = (0..n)
                .filter(|b| mask & (1 << b) != 0)
                .filter_map(|b| candidates.get(b).copied())
                .collect();
            if fits(&set) {
                sets.push(set);
            }
        }
        if let [one] = sets.as_slice() {
            // The tables put other rows under it too: a sum of these would count them.
            let others: Vec<String> = schema
                .nodes
                .iter()
                .enumerate()
                .filter(|(c, n)| n.parent.as_ref() == Some(&pn.id) && !one.contains(c))
                .map(|(_, n)| n.id.clone())
                .collect();
            if others.is_empty() {
                found.push((p, one.clone()));
            } else {
                let names: Vec<String> = one
                    .iter()
                    .filter_map(|&c| schema.nodes.get(c).map(|n| n.id.clone()))
                    .collect();
                skipped.push((
                    pn.id.clone(),
                    format!(
                        "periksa: targetnya = jumlah target {} di sebagian besar berkas, tetapi {} juga di bawahnya; rollup tidak dipasang",
                        names.join(" + "),
                        others.join(", ")
                    ),
                ));
            }
        }
    }
    for (id, why) in skipped {
        comments.entry(id).or_default().head.push(why);
    }
    // A node is the child of one parent only, and a parent is nobody's child.
    let mut taken: BTreeSet<usize> = BTreeSet::new();
    for (p, children) in found {
        if taken.contains(&p) || children.iter().any(|c| taken.contains(c)) {
            continue;
        }
        taken.insert(p);
        taken.extend(children.iter().copied());
        let Some(parent_id) = schema.nodes.get(p).map(|n| n.id.clone()) else {
            continue;
        };
        let names: Vec<String> = children
            .iter()
            .filter_map(|&c| schema.nodes.get(c).map(|n| n.id.clone()))
            .collect();
        if let Some(n) = schema.nodes.get_mut(p) {
            n.rollup = Some(super::Rollup::Sum);
        }
        comments
            .entry(parent_id.clone())
            .or_default()
            .fields
            .insert(
                "rollup",
                format!(
                    "periksa: di sebagian besar berkas targetnya = jumlah target {}",
                    names.join(" + ")
                ),
            );
        for &c in &children {
            if let Some(n) = schema.nodes.get_mut(c) {
                n.parent = Some(parent_id.clone());
                let note = comments.entry(n.id.clone()).or_default();
                note.fields.insert(
                    "parent",
                    format!("periksa: dijumlahkan ke {parent_id} (rollup)"),
                );
                // The level's comment no longer says the parent is unknown.
                if let Some(l) = note.fields.get_mut("level") {
                    if let Some(rest) = l.strip_suffix(NO_PARENT) {
                        *l = rest.to_string();
                    } else if l == UNKNOWN {
                        *l = UNKNOWN_LEVEL.to_string();
                    }
                }
            }
        }
    }
}

/// The level's comment where no file shows level or parent (the default stays).
const UNKNOWN: &str =
    "periksa: tingkat (tujuan/sasaran/program/kegiatan/subkegiatan) dan parent belum diketahui";
/// … where a parent is known but no level.
const UNKNOWN_LEVEL: &str = "periksa: tingkat belum diketahui dari berkas (sasaran hanya bawaan)";
/// Said after a level when no file shows the parent.
const NO_PARENT: &str = "; parent tidak tampak di berkas";

/// Each node's level and parent from where its rows sit in their tables (`place`): the
/// level most of its files show, and the parent most of them show (the node of that
/// row, or of an indicator worded like a sub-item's label). Each guess says in its
/// comment what showed it and in how many files; a node without such evidence keeps
/// `sasaran` without parent and says so. A parent never makes a cycle: where files
/// disagree so that one would, the link is left out.
fn infer_tree(
    groups: &[Group],
    seen: &[Seen],
    schema: &mut Schema,
    comments: &mut BTreeMap<String, NodeNotes>,
) {
    let mut group_of: Vec<Option<usize>> = vec![None; seen.len()];
    let mut by_wording: HashMap<String, usize> = HashMap::new();
    for (gi, g) in groups.iter().enumerate() {
        for &i in &g.seen {
            if let Some(slot) = group_of.get_mut(i) {
                *slot = Some(gi);
            }
        }
        for w in &g.wordings {
            by_wording.entry(normalize_text(&w.text)).or_insert(gi);
        }
    }
    let by_row: HashMap<(usize, &str, u32), usize> = seen
        .iter()
        .enumerate()
        .map(|(i, s)| ((s.file, s.sheet.as_str(), s.row), i))
        .collect();
    let ids: Vec<String> = schema.nodes.iter().map(|n| n.id.clone()).collect();

    for (gi, g) in groups.iter().enumerate() {
        let Some(id) = ids.get(gi) else { continue };
        let total = g.files(seen).len();
        // Votes: what each file shows, counted once per file, first reason kept.
        let mut levels: Vec<(Level, BTreeSet<usize>, String)> = Vec::new();
        let mut parents: Vec<(usize, BTreeSet<usize>, String)> = Vec::new();
        for &i in &g.seen {
            let Some(s) = seen.get(i) else { continue };
            if let Some((l, why)) = &s.place.level {
                match levels.iter_mut().find(|(x, _, _)| x == l) {
                    Some((_, files, _)) => {
                        files.insert(s.file);
                    }
                    None => levels.push((*l, BTreeSet::from([s.file]), why.clone())),
                }
            }
            let Some((pref, why)) = &s.place.parent else {
                continue;
            };
            let pg = match pref {
                ParentRef::Row(r) => by_row
                    .get(&(s.file, s.sheet.as_str(), *r))
                    .and_then(|&pi| group_of.get(pi).copied().flatten()),
                ParentRef::Label(label) => by_wording.get(&normalize_text(label)).copied(),
            };
            let Some(pg) = pg.filter(|&pg| pg != gi) else {
                continue;
            };
            match parents.iter_mut().find(|(x, _, _)| *x == pg) {
                Some((_, files, _)) => {
                    files.insert(s.file);
                }
                None => parents.push((pg, BTreeSet::from([s.file]), why.clone())),
            }
        }
        // The most files win; on a tie, the first seen.
        let best_level = levels
            .iter()
            .enumerate()
            .max_by_key(|(k, (_, files, _))| (files.len(), std::cmp::Reverse(*k)))
            .map(|(_, v)| v.clone());
        let best_parent = parents
            .iter()
            .enumerate()
            .max_by_key(|(k, (_, files, _))| (files.len(), std::cmp::Reverse(*k)))
            .map(|(_, v)| v.clone());
        let parent_id = best_parent
            .as_ref()
            .and_then(|(pg, _, _)| ids.get(*pg).cloned());
        let note = comments.entry(id.clone()).or_default();
        let others = |chosen: usize, names: Vec<(String, usize)>| -> String {
            let rest: Vec<String> = names
                .into_iter()
                .enumerate()
                .filter(|(k, _)| *k != chosen)
                .map(|(_, (name, n))| format!("{name} ({n})"))
                .collect();
            if rest.is_empty() {
                String::new()
            } else {
                format!("; berkas lain: {}", rest.join(", "))
            }
        };
        let level_note = match &best_level {
            Some((l, files, why)) => {
                let chosen = levels.iter().position(|(x, _, _)| x == l).unwrap_or(0);
                let names = levels
                    .iter()
                    .map(|(x, f, _)| (x.code().to_string(), f.len()))
                    .collect();
                let mut n = format!(
                    "periksa: tingkat: {why} ({} dari {total} berkas){}",
                    files.len(),
                    others(chosen, names)
                );
                if parent_id.is_none() {
                    n.push_str(NO_PARENT);
                }
                n
            }
            None if parent_id.is_some() => UNKNOWN_LEVEL.to_string(),
            None => UNKNOWN.to_string(),
        };
        note.fields.insert("level", level_note);
        if let (Some((pg, files, why)), Some(pid)) = (&best_parent, &parent_id) {
            let chosen = parents.iter().position(|(x, _, _)| x == pg).unwrap_or(0);
            let names = parents
                .iter()
                .map(|(x, f, _)| (ids.get(*x).cloned().unwrap_or_default(), f.len()))
                .collect();
            note.fields.insert(
                "parent",
                format!(
                    "periksa: {why} ({} dari {total} berkas){}",
                    files.len(),
                    others(chosen, names)
                ),
            );
            if let Some(n) = schema.nodes.get_mut(gi) {
                n.parent = Some(pid.clone());
            }
        }
        if let (Some((l, _, _)), Some(n)) = (&best_level, schema.nodes.get_mut(gi)) {
            n.level = *l;
        }
    }

    // Files that disagree can make a cycle (a under b in one, b under a in another):
    // the link that closes it is left out.
    for i in 0..schema.nodes.len() {
        let Some(start) = schema.nodes.get(i).map(|n| n.id.clone()) else {
            continue;
        };
        let mut current = schema.nodes.get(i).and_then(|n| n.parent.clone());
        let mut steps = 0;
        while let Some(p) = current {
            if p == start {
                if let Some(n) = schema.nodes.get_mut(i) {
                    n.parent = None;
                }
                comments.entry(start.clone()).or_default().fields.insert(
                    "level",
                    "periksa: berkas-berkas menyusun baris ini dan induknya saling terbalik; parent dikosongkan".to_string(),
                );
                break;
            }
            steps += 1;
            if steps > schema.nodes.len() {
                break;
            }
            current = schema.node(&p).and_then(|n| n.parent.clone());
        }
    }
}

/// Nodes in tree order: each after its parent, otherwise in the order drafted.
fn tree_order(schema: &mut Schema) {
    let mut pending = std::mem::take(&mut schema.nodes);
    let mut placed: BTreeSet<String> = BTreeSet::new();
    while !pending.is_empty() {
        let before = pending.len();
        let mut rest = Vec::new();
        for n in pending {
            let ready = n
                .parent
                .as_ref()
                .is_none_or(|p| placed.contains(p) || p == &n.id);
            if ready {
                placed.insert(n.id.clone());
                schema.nodes.push(n);
            } else {
                rest.push(n);
            }
        }
        if rest.len() == before {
            // A cycle or an unknown parent (never drafted): keep the rest as they are.
            schema.nodes.extend(rest);
            break;
        }
        pending = rest;
    }
}

fn short(s: &str) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > 70 {
        format!("{}…", s.chars().take(69).collect::<String>())
    } else {
        s
    }
}

/// A count's unit from its wording: the word after "Jumlah" when it is a known unit
/// or plausible ("Jumlah SOP yang disusun" → "SOP"), else "unit".
fn count_unit(key: &str, schema: &Schema) -> String {
    let mut words = key.split(' ');
    while let Some(w) = words.next() {
        if w == "jumlah" || w == "banyaknya" {
            if let Some(next) = words.next() {
                if let Some(c) = schema.canonical_unit(next) {
                    return c.to_string();
                }
                if next.len() >= 3 && next.chars().all(char::is_alphabetic) {
                    return next.to_string();
                }
            }
        }
    }
    "unit".to_string()
}

fn target_value(v: &Value, kind: Kind) -> Option<TargetValue> {
    match (v.state, kind) {
        (State::Grade, Kind::Grade) => v.grade.clone().map(TargetValue::Grade),
        (State::Value, k) if k != Kind::Grade && v.range.is_none() => {
            v.number.filter(|n| n.is_finite()).map(TargetValue::Number)
        }
        _ => None,
    }
}

const STOP: [&str; 14] = [
    "yang",
    "dan",
    "di",
    "dari",
    "ke",
    "pada",
    "dalam",
    "untuk",
    "oleh",
    "atau",
    "dengan",
    "se",
    "tahun",
    "kecamatan",
];

/// A short id from the indicator's words ("Persentase usulan masyarakat yang
/// diakomodir" → "usulan_masyarakat_diakomodir_pct").
fn slug(indicator: &str, kind: Kind) -> String {
    let key = normalize_text(indicator);
    let words: Vec<String> = key
        .split(' ')
        .filter(|w| !STOP.contains(w))
        .filter(|w| !matches!(*w, "persentase" | "jumlah" | "prosentase" | "presentase"))
        .map(|w| {
            w.chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .take(4)
        .collect();
    let mut id = if words.is_empty() {
        "indikator".to_string()
    } else {
        words.join("_")
    };
    if id.starts_with(|c: char| c.is_ascii_digit()) {
        id = format!("ik_{id}");
    }
    if kind == Kind::Percent {
        id.push_str("_pct");
    }
    id
}

fn unique_id(base: &str, ids: &mut BTreeSet<String>) -> String {
    let mut id = base.to_string();
    let mut n = 2;
    while ids.contains(&id) {
        id = format!("{base}_{n}");
        n += 1;
    }
    ids.insert(id.clone());
    id
}

/// A TOML basic string.
pub(crate) fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A TOML float that reads back as the same number.
pub(crate) fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.1}")
    } else {
        format!("{x}")
    }
}

pub(crate) fn target_toml(t: &TargetValue) -> String {
    match t {
        TargetValue::Number(n) => num(*n),
        TargetValue::Grade(g) => q(g),
    }
}

/// Targets as an inline table (`{ "Bajeng" = 85.0, … }`).
pub(crate) fn targets_toml(targets: &BTreeMap<String, TargetValue>) -> String {
    let items: Vec<String> = targets
        .iter()
        .map(|(k, v)| format!("{} = {}", q(k), target_toml(v)))
        .collect();
    format!("{{ {} }}", items.join(", "))
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Percent => "percent",
        Kind::Count => "count",
        Kind::Index => "index",
        Kind::Grade => "grade",
        Kind::Currency => "currency",
    }
}

fn list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|s| q(s)).collect();
    format!("[{}]", items.join(", "))
}

/// The rule over and under the draft's title.
const TITLE_RULE: &str =
    "# =============================================================================";
/// The rule over and under each section's heading.
const SECTION_RULE: &str =
    "# -----------------------------------------------------------------------------";

/// A heading of the draft: its comment lines between two rules, so that every part the
/// reviewer must check stands out from the TOML around it the same way.
fn banner(o: &mut String, rule: &str, comments: &[&str]) {
    let _ = writeln!(o, "{rule}");
    for c in comments {
        let _ = writeln!(o, "# {c}");
    }
    let _ = writeln!(o, "{rule}");
}

fn render(
    s: &Schema,
    notes: &BTreeMap<String, NodeNotes>,
    found_aliases: &BTreeMap<usize, BTreeSet<String>>,
    sources: &[String],
) -> String {
    let mut o = String::new();
    let title = format!(
        "Pohon kinerja {} tahun {} — DRAF",
        s.regency.name, s.regency.tahun
    );
    banner(&mut o, TITLE_RULE, &[&title]);
    let _ = writeln!(
        o,
        "# Dibuat oleh `kinerja schema init` dari {} berkas:",
        sources.len()
    );
    for src in sources {
        let _ = writeln!(o, "#   {src}");
    }
    let _ = writeln!(
        o,
        "# Setiap tebakan diberi komentar `# periksa:`: cocokkan dengan Renstra/PK/pohon"
    );
    let _ = writeln!(
        o,
        "# kinerja, lalu hapus komentarnya. Setelah diedit: `kinerja schema check FILE`."
    );
    let _ = writeln!(o, "# Panduan tiap kolom: docs/schema.md.");
    let _ = writeln!(o, "# {ATTRIBUTION}.");
    let _ = writeln!(o);
    let _ = writeln!(o, "[regency]");
    let _ = writeln!(o, "name = {}", q(&s.regency.name));
    let _ = writeln!(o, "tahun = {}", s.regency.tahun);
    let _ = writeln!(o);
    banner(
        &mut o,
        SECTION_RULE,
        &["periksa: pita capaian (Permendagri 86/2017 yang umum dipakai); sesuaikan."],
    );
    let _ = writeln!(o, "[capaian]");
    let _ = writeln!(o, "decimals = {}", s.capaian.decimals);
    let _ = writeln!(o, "tolerance = {}", num(s.capaian.tolerance));
    let _ = writeln!(
        o,
        "below_target_under = {}",
        num(s.capaian.below_target_under)
    );
    for b in &s.capaian.bands {
        let _ = writeln!(o, "\n[[capaian.bands]]");
        let _ = writeln!(o, "min = {}", num(b.min));
        let _ = writeln!(o, "label = {}", q(&b.label));
        if let Some(c) = &b.color {
            let _ = writeln!(o, "color = {}", q(c));
        }
    }
    let _ = writeln!(o);
    banner(
        &mut o,
        SECTION_RULE,
        &["Skala: IKM (PermenPAN-RB 14/2017) dan SAKIP (PermenPAN-RB 88/2021)."],
    );
    for (name, scale) in &s.scales {
        let _ = writeln!(o, "[scales.{name}]");
        match scale {
            Scale::Bands { bands } => {
                let _ = writeln!(o, "kind = \"bands\"\nbands = [");
                for b in bands {
                    let mutu = b
                        .mutu
                        .as_ref()
                        .map(|m| format!(", mutu = {}", q(m)))
                        .unwrap_or_default();
                    let _ = writeln!(
                        o,
                        "    {{ min = {}, max = {}, label = {}{mutu} }},",
                        num(b.min),
                        num(b.max),
                        q(&b.label)
                    );
                }
                let _ = writeln!(o, "]\n");
            }
            Scale::Grades { order } => {
                let _ = writeln!(o, "kind = \"grades\"\norder = {}\n", list(order));
            }
        }
    }
    banner(
        &mut o,
        SECTION_RULE,
        &[
            "Satuan: nama baku = [ejaan yang ditemukan di berkas]. Huruf besar/kecil tidak",
            "berpengaruh. periksa: satuan baru dari berkas ditambahkan apa adanya.",
        ],
    );
    let _ = writeln!(o, "[units]");
    for (k, v) in &s.units {
        let _ = writeln!(o, "{} = {}", q(k), list(v));
    }
    let _ = writeln!(o);
    let kecamatan = format!(
        "Kecamatan {} menurut Kepmendagri 300.2.2-2138/2025.",
        s.regency.name
    );
    banner(
        &mut o,
        SECTION_RULE,
        &[
            &kecamatan,
            "periksa: kode BPS (bps) belum diisi; aliases = ejaan lain yang dipakai kantor.",
        ],
    );
    for (i, k) in s.kecamatan.iter().enumerate() {
        let _ = writeln!(o, "[[kecamatan]]");
        let _ = writeln!(o, "name = {}", q(&k.name));
        let _ = writeln!(o, "bps = {}", q(&k.bps));
        let _ = writeln!(o, "kemendagri = {}", q(&k.kemendagri));
        if found_aliases.contains_key(&i) {
            let _ = writeln!(
                o,
                "# periksa: ejaan ini ditemukan di berkas, mirip nama resmi"
            );
        }
        let _ = writeln!(o, "aliases = {}\n", list(&k.aliases));
    }
    banner(
        &mut o,
        SECTION_RULE,
        &["Pohon kinerja: satu [[node]] per indikator, urutan seperti di berkas."],
    );
    for n in &s.nodes {
        let empty = NodeNotes::default();
        let note = notes.get(&n.id).unwrap_or(&empty);
        let c = |field: &str| {
            note.fields
                .get(field)
                .map(|t| format!("  # {t}"))
                .unwrap_or_default()
        };
        let _ = writeln!(o);
        for h in &note.head {
            let _ = writeln!(o, "# {h}");
        }
        let _ = writeln!(o, "[[node]]");
        let _ = writeln!(o, "id = {}", q(&n.id));
        let _ = writeln!(o, "level = {}{}", q(n.level.code()), c("level"));
        if let Some(p) = &n.parent {
            let _ = writeln!(o, "parent = {}{}", q(p), c("parent"));
        }
        let _ = writeln!(o, "statement = {}{}", q(&n.statement), c("statement"));
        if !n.statement_aliases.is_empty() {
            let _ = writeln!(o, "statement_aliases = {}", list(&n.statement_aliases));
        }
        let _ = writeln!(o, "indicator = {}{}", q(&n.indicator), c("indicator"));
        if !n.aliases.is_empty() {
            let _ = writeln!(o, "aliases = [");
            for (i, a) in n.aliases.iter().enumerate() {
                let why = note
                    .aliases
                    .get(i)
                    .map(|w| format!("  # {w}"))
                    .unwrap_or_default();
                let _ = writeln!(o, "    {},{why}", q(a));
            }
            let _ = writeln!(o, "]");
        }
        let _ = writeln!(o, "unit = {}{}", q(&n.unit), c("unit"));
        let _ = writeln!(o, "kind = {}{}", q(kind_name(n.kind)), c("kind"));
        if n.polarity == Polarity::Negative {
            let _ = writeln!(o, "polarity = \"negative\"{}", c("polarity"));
        }
        if let Some(f) = n.formula {
            let f = match f {
                NegativeFormula::TwiceTargetMinus => "2t-r",
                NegativeFormula::TargetOverRealisasi => "t/r",
            };
            let _ = writeln!(o, "formula = {}{}", q(f), c("formula"));
        }
        if let Some(m) = n.min {
            let _ = writeln!(o, "min = {}", num(m));
        }
        if let Some(m) = n.max {
            let _ = writeln!(o, "max = {}", num(m));
        }
        if n.rollup.is_some() {
            let _ = writeln!(o, "rollup = \"sum\"{}", c("rollup"));
        }
        if let Some(l) = &n.label_scale {
            let _ = writeln!(o, "label_scale = {}{}", q(l), c("label_scale"));
        }
        let _ = writeln!(o, "required = {}{}", n.required, c("required"));
        if !n.targets.is_empty() {
            if let Some(t) = note.fields.get("targets") {
                let _ = writeln!(o, "# {t}");
            }
            let _ = writeln!(o, "targets = {}", targets_toml(&n.targets));
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_short_and_unique() {
        let mut ids = BTreeSet::new();
        assert_eq!(
            unique_id(
                &slug(
                    "Persentase usulan masyarakat yang diakomodir",
                    Kind::Percent
                ),
                &mut ids
            ),
            "usulan_masyarakat_diakomodir_pct"
        );
        assert_eq!(
            unique_id(&slug("Jumlah SOP yang disusun", Kind::Count), &mut ids),
            "sop_disusun"
        );
        assert_eq!(
            unique_id(&slug("Jumlah SOP yang disusun", Kind::Count), &mut ids),
            "sop_disusun_2"
        );
        assert_eq!(unique_id(&slug("2023", Kind::Count), &mut ids), "ik_2023");
    }

    #[test]
    fn units_of_counts_from_their_wording() {
        let kab = crate::schema::wilayah::find_kabupaten("Kabupaten Gowa").unwrap();
        let s = base_schema(kab, 2024);
        assert_eq!(count_unit("jumlah dokumen yang disusun", &s), "dokumen");
        assert_eq!(count_unit("jumlah sop yang disusun", &s), "sop");
        assert_eq!(count_unit("terlaksananya rapat", &s), "unit");
    }

    fn seen(file: usize, indicator: &str) -> Seen {
        Seen {
            file,
            sheet: "S".into(),
            row: 0,
            place: Place::default(),
            kecamatan: None,
            statement: "Meningkatnya kualitas pelayanan".into(),
            indicator: indicator.into(),
            unit: String::new(),
            target: Value::missing(),
            realisasi: Value::missing(),
        }
    }

    #[test]
    fn wordings_of_one_indicator_group_with_their_score() {
        let kab = crate::schema::wilayah::find_kabupaten("Kabupaten Gowa").unwrap();
        let base = base_schema(kab, 2024);
        let rows = vec![
            seen(0, "Jumlah SOP pelayanan yang disusun"),
            seen(0, "Persentase SOP pelayanan yang disusun"),
            seen(1, "Jumlah S.O.P pelayanan yg disusun"),
            seen(2, "Jumlah SOP pelayanan yang telah disusun"),
            seen(2, "Jumlah SOP pelayanan yang belum disusun"),
            // The same file twice: two indicators, not one.
            seen(3, "Jumlah SOP pelayanan yang disusun"),
            seen(3, "Jumlah SOP pelayanan yang telah disusun oleh kecamatan"),
        ];
        let groups = group(&rows, &base);
        let texts: Vec<Vec<&str>> = groups
            .iter()
            .map(|g| g.wordings.iter().map(|w| w.text.as_str()).collect())
            .collect();
        // "Jumlah" with its spellings; "Persentase" apart; "belum" apart.
        assert_eq!(texts[0][0], "Jumlah SOP pelayanan yang disusun");
        assert!(texts[0].contains(&"Jumlah SOP pelayanan yang telah disusun"));
        assert_eq!(groups[0].seen.len(), 4, "{texts:?}");
        assert!(texts
            .iter()
            .any(|t| t == &vec!["Persentase SOP pelayanan yang disusun"]));
        assert!(texts
            .iter()
            .any(|t| t == &vec!["Jumlah SOP pelayanan yang belum disusun"]));
        let fuzzy = groups[0]
            .wordings
            .iter()
            .find(|w| w.text == "Jumlah SOP pelayanan yang telah disusun")
            .unwrap();
        let (score, _) = fuzzy.score.clone().unwrap();
        assert!((FUZZY_THRESHOLD..1.0).contains(&score), "{score}");
    }

    /// Rows as (file, sheet row, indicator, target, parent row in the same file), drafted
    /// into nodes with their level and parent inferred.
    fn drafted(
        rows: &[(usize, u32, &str, f64, Option<u32>)],
    ) -> (Schema, BTreeMap<String, NodeNotes>) {
        let kab = crate::schema::wilayah::find_kabupaten("Kabupaten Gowa").unwrap();
        let mut schema = base_schema(kab, 2024);
        let seen: Vec<Seen> = rows
            .iter()
            .map(|&(file, row, indicator, target, parent)| Seen {
                row,
                target: Value {
                    state: State::Value,
                    number: Some(target),
                    ..Value::missing()
                },
                unit: "unit".into(),
                place: Place {
                    level: None,
                    parent: parent.map(|p| (ParentRef::Row(p), format!("di bawah baris {p}"))),
                },
                ..seen(file, indicator)
            })
            .collect();
        let groups = group(&seen, &schema);
        let mut comments = BTreeMap::new();
        let mut ids = BTreeSet::new();
        for g in &groups {
            let (node, note) = node_of(g, &seen, &mut schema, 2, &mut ids);
            comments.insert(node.id.clone(), note);
            schema.nodes.push(node);
        }
        infer_tree(&groups, &seen, &mut schema, &mut comments);
        infer_rollups(&groups, &seen, &mut schema, &mut comments);
        tree_order(&mut schema);
        (schema, comments)
    }

    fn parents(s: &Schema) -> Vec<(String, Option<String>)> {
        s.nodes
            .iter()
            .map(|n| (n.id.clone(), n.parent.clone()))
            .collect()
    }

    #[test]
    fn files_that_disagree_make_no_loop() {
        // File 0 puts the SOP under the documents, file 1 the documents under the SOP.
        let (s, notes) = drafted(&[
            (0, 0, "Jumlah dokumen perencanaan", 3.0, None),
            (0, 1, "Jumlah SOP pelayanan", 2.0, Some(0)),
            (1, 0, "Jumlah SOP pelayanan", 2.0, None),
            (1, 1, "Jumlah dokumen perencanaan", 3.0, Some(0)),
        ]);
        assert_eq!(
            parents(&s),
            vec![
                ("dokumen_perencanaan".to_string(), None),
                (
                    "sop_pelayanan".to_string(),
                    Some("dokumen_perencanaan".to_string())
                ),
            ]
        );
        assert_eq!(
            notes["dokumen_perencanaan"].fields["level"],
            "periksa: berkas-berkas menyusun baris ini dan induknya saling terbalik; parent dikosongkan"
        );
        assert_eq!(
            notes["sop_pelayanan"].fields["parent"],
            "periksa: di bawah baris 0 (1 dari 2 berkas)"
        );
    }

    #[test]
    fn a_child_drafted_before_its_parent_is_written_after_it() {
        let (s, _) = drafted(&[
            (0, 0, "Jumlah SOP pelayanan", 2.0, None),
            (1, 0, "Jumlah dokumen perencanaan", 3.0, None),
            (1, 1, "Jumlah SOP pelayanan", 2.0, Some(0)),
        ]);
        assert_eq!(
            parents(&s),
            vec![
                ("dokumen_perencanaan".to_string(), None),
                (
                    "sop_pelayanan".to_string(),
                    Some("dokumen_perencanaan".to_string())
                ),
            ]
        );
    }

    #[test]
    fn no_rollup_where_the_tables_put_other_rows_under_the_node() {
        // Targets add up (6 = 4 + 2, 7 = 5 + 2), but the tables also put the sports
        // fields under the total: a sum of its children would count them.
        let rows = |sport_parent: Option<u32>| {
            let mut v = Vec::new();
            for (f, total, a) in [(0, 6.0, 4.0), (1, 7.0, 5.0)] {
                v.push((f, 0, "Jumlah sarana dan prasarana", total, None));
                v.push((f, 1, "Jumlah sarana pelayanan", a, None));
                v.push((f, 2, "Jumlah sarana bagi kelompok rentan", 2.0, None));
                v.push((f, 3, "Jumlah sarana olahraga", 1.0, sport_parent));
            }
            v
        };
        let (s, notes) = drafted(&rows(Some(0)));
        assert_eq!(s.nodes.iter().filter(|n| n.rollup.is_some()).count(), 0);
        assert_eq!(
            notes["sarana_prasarana"].head.last().map(String::as_str),
            Some("periksa: targetnya = jumlah target sarana_pelayanan + sarana_bagi_kelompok_rentan di sebagian besar berkas, tetapi sarana_olahraga juga di bawahnya; rollup tidak dipasang")
        );
        // Without that, the total is the rollup of the two.
        let (s, _) = drafted(&rows(None));
        let total = s.node("sarana_prasarana").unwrap();
        assert_eq!(total.rollup, Some(crate::schema::Rollup::Sum));
        let children: Vec<&str> = s
            .children("sarana_prasarana")
            .map(|n| n.id.as_str())
            .collect();
        assert_eq!(
            children,
            vec!["sarana_pelayanan", "sarana_bagi_kelompok_rentan"]
        );
    }

    #[test]
    fn a_misspelt_kecamatan_in_a_title() {
        let kab = crate::schema::wilayah::find_kabupaten("Kabupaten Gowa").unwrap();
        let (i, spelling, score) =
            fuzzy_kecamatan(kab, &["REALISASI KINERJA KECAMATAN PATTALLASSANG".into()]).unwrap();
        assert_eq!(kab.kecamatan[i].nama, "Pattallasang");
        assert_eq!(spelling, "Pattallassang");
        assert!(score >= 0.85);
    }
}
