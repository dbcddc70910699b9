//! Bind sheet rows to schema nodes and identify the kecamatan of a file.
//!
//! Offices retype indicator wordings every year: case, spacing, punctuation, a leading
//! "IK :" or "1.", abbreviations ("yg") and typos ("ditindaklannjuti") must not matter;
//! a genuinely different wording must still be recognised with a confidence; and an
//! indicator the tree does not hold must come back as no match rather than be forced
//! onto the nearest node. This module never treats "Persentase X" and "Jumlah X" (or
//! "Jumlah X yang belum ...") as the same indicator, and never lets one kecamatan's
//! alias name another: the longest name found in a text wins.

use super::Schema;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchKind {
    /// Same wording as the schema's indicator after normalization.
    Exact,
    /// One of the node's aliases.
    Alias,
    /// Similar wording; see the confidence.
    Fuzzy,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Match {
    pub node_id: String,
    pub kind: MatchKind,
    /// 0..=1; 1 for exact.
    pub confidence: f64,
    /// The schema wording it matched (indicator or alias).
    pub matched: String,
}

/// A fuzzy match below this confidence is no match (`unknown-indicator`).
pub const FUZZY_THRESHOLD: f64 = 0.78;
/// Least similarity for a sub-item among its parent's children only (`match_child`):
/// few candidates, and the sub-item's words leave out what the parent says.
pub const CHILD_THRESHOLD: f64 = 0.5;

/// How much the statement column counts when ranking fuzzy candidates: enough to
/// break a near tie between two nodes, too little to pull an unrelated indicator
/// over the threshold.
const STATEMENT_WEIGHT: f64 = 0.12;

/// A statement must beat the runner-up by this much to decide between nodes that
/// share an indicator wording.
const STATEMENT_MARGIN: f64 = 0.05;

/// Credit for an indicator word found only in the candidate node's statement.
const CONTEXT_CREDIT: f64 = 0.7;

/// Lowercase, NBSP and punctuation to spaces, spaces collapsed, a leading "IK :",
/// "Indikator Kinerja:" or numbering ("1.", "a)", "(2)", "-") stripped, spelled-out
/// acronyms joined ("S.O.P" → "sop") and common typos and abbreviations folded
/// ("yg" → "yang", "ditindaklannjuti" → "ditindaklanjuti"). Pure; never fails.
pub fn normalize_text(s: &str) -> String {
    let lower = s.to_lowercase();
    let stripped = strip_prefixes(lower.trim());
    let spaced: String = stripped
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let raw: Vec<&str> = spaced.split_whitespace().collect();

    // "s o p" (from "S.O.P") back into one token; a lone letter stays.
    let mut tokens: Vec<String> = Vec::with_capacity(raw.len());
    let mut run = String::new();
    let mut run_len = 0;
    for t in raw {
        if t.chars().count() == 1 && t.chars().all(char::is_alphabetic) {
            run.push_str(t);
            run_len += 1;
            continue;
        }
        if run_len > 0 {
            tokens.push(std::mem::take(&mut run));
            run_len = 0;
        }
        tokens.push(t.to_string());
    }
    if run_len > 0 {
        tokens.push(run);
    }

    // Two-word spellings of one word.
    let mut joined: Vec<String> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while let Some(t) = tokens.get(i) {
        let next = tokens.get(i + 1).map(String::as_str);
        let pair = match (t.as_str(), next) {
            ("ditindak", Some("lanjuti")) | ("di", Some("tindaklanjuti")) => {
                Some("ditindaklanjuti")
            }
            ("tindak", Some("lanjuti")) => Some("tindaklanjuti"),
            _ => None,
        };
        match pair {
            Some(p) => {
                joined.push(p.to_string());
                i += 2;
            }
            None => {
                joined.push(fold_typo(t).to_string());
                i += 1;
            }
        }
    }
    joined.join(" ")
}

/// Typos and abbreviations seen in kecamatan sheets and the seed tree, one token each.
fn fold_typo(t: &str) -> &str {
    match t {
        "yg" => "yang",
        "dgn" | "dg" => "dengan",
        "utk" => "untuk",
        "dlm" => "dalam",
        "pd" => "pada",
        "thd" => "terhadap",
        "tdk" => "tidak",
        "blm" => "belum",
        "tlh" => "telah",
        "sdh" => "sudah",
        "jml" | "jmlh" | "jumlh" => "jumlah",
        "masy" | "msy" => "masyarakat",
        "kec" => "kecamatan",
        "prosentase" | "presentase" | "persentasi" | "prosentasi" | "persentasse" => "persentase",
        "ditindaklannjuti" | "ditindaklanjut" | "ditidaklanjuti" | "ditindaklajuti" => {
            "ditindaklanjuti"
        }
        "kuisioner" | "kuisoner" | "kuesoner" | "quesioner" | "questioner" | "kwesioner" => {
            "kuesioner"
        }
        "survey" | "survai" => "survei",
        "koorinasi" | "kordinasi" | "koordinas" => "koordinasi",
        "lapora" | "laporam" => "laporan",
        "prasana" | "prasaran" => "prasarana",
        "efektivitas" => "efektifitas",
        "pelayaan" | "pelayan" => "pelayanan",
        other => other,
    }
}

/// Leading "IK :", "Indikator Kinerja :", numbering and bullets, repeatedly
/// ("1. IK : Jumlah ..."). Expects lowercase input.
fn strip_prefixes(s: &str) -> &str {
    static PREFIX: OnceLock<Option<Regex>> = OnceLock::new();
    let re = PREFIX.get_or_init(|| {
        Regex::new(
            r"^(?:(?:ik|iku|indikator(?:\s+kinerja)?(?:\s+utama)?)\s*[:.\-–]\s*|\(?(?:\d{1,3}|[a-z]|[ivx]{1,4})\s*[.)]\s+|\((?:\d{1,3}|[a-z])\)\s*|\d{1,3}\s*[.)]|[-–•*·]\s*)",
        )
        .ok()
    });
    let Some(re) = re else { return s };
    let mut rest = s;
    for _ in 0..4 {
        match re.find(rest) {
            Some(m) if m.end() > 0 => rest = rest.get(m.end()..).unwrap_or("").trim_start(),
            _ => break,
        }
    }
    rest
}

/// The matcher's key for an indicator or statement: `normalize_text` after "%" and
/// "persen" are read as "persentase" (so "% layanan" = "Persentase layanan").
fn key(s: &str) -> String {
    let with_word = s.replace('%', " persentase ");
    normalize_text(&with_word)
        .split(' ')
        .map(|t| if t == "persen" { "persentase" } else { t })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Words that carry no meaning for telling indicators apart.
const STOPWORDS: &[&str] = &[
    "yang", "dan", "di", "dalam", "pada", "untuk", "bagi", "ke", "dari", "atau", "dengan",
    "terhadap", "oleh", "telah", "sudah", "akan", "serta", "setiap", "tahun", "kepada",
];

/// Acronyms written either way in sheets, read as their words.
fn expand(t: &str) -> &[&'static str] {
    match t {
        "ikm" => &["indeks", "kepuasan", "masyarakat"],
        "skm" => &["survei", "kepuasan", "masyarakat"],
        "ipp" => &["indeks", "pelayanan", "publik"],
        "fkp" => &["forum", "konsultasi", "publik"],
        "sp" => &["standar", "pelayanan"],
        "spm" => &["standar", "pelayanan", "minimal"],
        "akip" => &["sakip"],
        "pokmas" => &["kelompok", "masyarakat"],
        "ormas" => &["organisasi", "masyarakat"],
        "sarpras" => &["sarana", "prasarana"],
        "musrenbang" => &["musyawarah", "perencanaan", "pembangunan"],
        "tl" => &["tindak", "lanjut"],
        _ => &[],
    }
}

/// Content tokens of a key: stopwords and qualifiers out, acronyms expanded,
/// negations unified, duplicates removed.
fn tokens(key: &str, ignore: &BTreeSet<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in key.split(' ').filter(|t| !t.is_empty()) {
        if STOPWORDS.contains(&t) || QUALIFIERS.contains(&t) || ignore.contains(t) {
            continue;
        }
        if t.chars().all(|c| c.is_ascii_digit()) || is_roman(t) {
            continue; // "2023", "II": a period or a year, not what is measured
        }
        let words: Vec<&str> = match expand(t) {
            [] => vec![if t == "tidak" { "belum" } else { t }],
            many => many.to_vec(),
        };
        for w in words {
            if !out.iter().any(|o| o == w) {
                out.push(w.to_string());
            }
        }
    }
    out
}

/// Words that say when or where, not what: "Nilai IKM Semester II Kecamatan Bajeng"
/// is still the IKM. (Kecamatan names are added from the schema.)
const QUALIFIERS: &[&str] = &[
    "semester",
    "triwulan",
    "tw",
    "kecamatan",
    "kabupaten",
    "kab",
    "kelurahan",
    "desa",
];

fn is_roman(t: &str) -> bool {
    matches!(t, "i" | "ii" | "iii" | "iv" | "v" | "vi")
}

/// What an indicator counts, read from its first word: never confuse them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Head {
    Count,
    Percent,
    Index,
}

fn head(key: &str) -> Option<Head> {
    match key.split(' ').next()? {
        "jumlah" | "banyaknya" | "total" => Some(Head::Count),
        "persentase" | "rasio" | "proporsi" => Some(Head::Percent),
        "indeks" | "nilai" | "skor" | "predikat" => Some(Head::Index),
        _ => None,
    }
}

fn negated(tokens: &[String]) -> bool {
    tokens.iter().any(|t| t == "belum")
}

/// Similarity of two words: exact, a typo, or one a stem of the other ("tersedia" /
/// "tersedianya", "penyusun" / "penyusunan").
fn word_similarity(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la.min(lb) >= 5 && (a.starts_with(b) || b.starts_with(a)) {
        return 0.85;
    }
    if la.min(lb) >= 4 {
        let s = strsim::normalized_levenshtein(a, b);
        if s >= 0.8 {
            return s;
        }
    }
    match (root(a), root(b)) {
        (Some(ra), Some(rb)) if ra == rb => 0.8,
        _ => 0.0,
    }
}

/// A rough Indonesian root: one verb/noun prefix and one suffix off, so
/// "diakomodir" / "terakomodir" and "disusun" / "tersusun" meet. None when too
/// little is left to mean anything.
fn root(w: &str) -> Option<&str> {
    const PREFIXES: &[&str] = &[
        "memper", "diper", "meng", "meny", "mem", "men", "ter", "ber", "per", "di", "me", "pe",
        "ke",
    ];
    const SUFFIXES: &[&str] = &["nya", "kan", "an", "i"];
    let mut r = w;
    if let Some(rest) = PREFIXES.iter().find_map(|p| r.strip_prefix(p)) {
        if rest.chars().count() >= 4 {
            r = rest;
        }
    }
    if let Some(rest) = SUFFIXES.iter().find_map(|s| r.strip_suffix(s)) {
        if rest.chars().count() >= 4 {
            r = rest;
        }
    }
    (r.chars().count() >= 4).then_some(r)
}

/// How much each word tells nodes apart: words in every wording ("jumlah") weigh
/// little, words the tree never uses weigh most, so "Jumlah laporan keuangan" is
/// not "Jumlah laporan" with a typo but another indicator.
#[derive(Debug, Clone, Default)]
struct Vocabulary {
    /// Number of nodes whose indicator wordings use the word.
    df: BTreeMap<String, usize>,
    nodes: usize,
    /// Kecamatan and regency name words, ignored like qualifiers.
    ignore: BTreeSet<String>,
}

impl Vocabulary {
    fn weight(&self, word: &str) -> f64 {
        let df = self.df.get(word).copied().unwrap_or(0);
        1.0 + ((self.nodes as f64 + 1.0) / (df as f64 + 1.0)).ln()
    }

    /// Weighted soft Dice over content tokens: each word scores its best partner on
    /// the other side, times its weight.
    ///
    /// `context` are words of the candidate node's statements: a word of `a` found
    /// only there earns part credit, since an indicator often restates its statement
    /// ("Jumlah usulan yang tersalurkan" under "Tersalurkannya usulan ...").
    fn token_similarity(&self, a: &[String], b: &[String], context: &[String]) -> f64 {
        if a.is_empty() || b.is_empty() {
            return 0.0;
        }
        let best = |x: &String, ys: &[String]| {
            ys.iter()
                .map(|y| word_similarity(x, y))
                .fold(0.0_f64, f64::max)
        };
        let (got_a, total_a) = a.iter().fold((0.0, 0.0), |(got, total), x| {
            let w = self.weight(x);
            let score = best(x, b).max(CONTEXT_CREDIT * best(x, context));
            (got + w * score, total + w)
        });
        let (got_b, total_b) = b.iter().fold((0.0, 0.0), |(got, total), y| {
            let w = self.weight(y);
            (got + w * best(y, a), total + w)
        });
        let total = total_a + total_b;
        if total > 0.0 {
            (got_a + got_b) / total
        } else {
            0.0
        }
    }

    /// Similarity of two wordings: mostly their words, partly their letters (which
    /// forgives typos the word measure misses).
    fn similarity(&self, a: &Prepared, b: &Prepared) -> f64 {
        self.similarity_in_context(a, b, &[])
    }

    fn similarity_in_context(&self, a: &Prepared, b: &Prepared, context: &[String]) -> f64 {
        0.65 * self.token_similarity(&a.tokens, &b.tokens, context)
            + 0.35 * strsim::sorensen_dice(&a.key, &b.key)
    }

    fn prepare(&self, text: &str) -> Prepared {
        let key = key(text);
        let tokens = tokens(&key, &self.ignore);
        Prepared {
            original: text.to_string(),
            head: head(&key),
            negated: negated(&tokens),
            key,
            tokens,
        }
    }
}

/// A wording, prepared once.
#[derive(Debug, Clone)]
struct Prepared {
    original: String,
    key: String,
    tokens: Vec<String>,
    head: Option<Head>,
    negated: bool,
}

impl Prepared {
    /// Two wordings that cannot name the same indicator whatever their similarity.
    fn incompatible(&self, other: &Prepared) -> bool {
        let heads_differ = matches!((self.head, other.head), (Some(a), Some(b)) if a != b);
        heads_differ || self.negated != other.negated
    }
}

/// One node's wordings.
#[derive(Debug, Clone)]
struct Entry {
    node_id: String,
    indicator: Prepared,
    aliases: Vec<Prepared>,
    statements: Vec<Prepared>,
    /// Every content word of the statements.
    statement_words: Vec<String>,
}

/// Prepared once per schema, used for every row of every file.
pub struct Matcher<'a> {
    pub schema: &'a Schema,
    vocabulary: Vocabulary,
    entries: Vec<Entry>,
    /// Answers already given, by (indicator, statement) as written: the uploads of one
    /// regency repeat the same wordings file after file, and the fuzzy search over every
    /// node costs more than reading a small file. Emptied when it reaches `MEMO_LIMIT`
    /// entries, so memory stays flat however many files a batch holds.
    memo: std::sync::Mutex<HashMap<(String, String), Option<Match>>>,
    /// The kecamatan's spellings, for `identify_kecamatan`.
    kecamatan: KecamatanNames,
}

/// Most answers `Matcher::nearest` keeps (a regency's wordings are a few hundred).
const MEMO_LIMIT: usize = 20_000;
/// Longest (indicator + statement) wording, in bytes, that `Matcher::nearest` keeps.
const MEMO_KEY_BYTES: usize = 512;

impl<'a> Matcher<'a> {
    pub fn new(schema: &'a Schema) -> Self {
        let mut vocabulary = Vocabulary {
            nodes: schema.nodes.len(),
            ..Vocabulary::default()
        };
        let names = schema
            .kecamatan
            .iter()
            .flat_map(|k| std::iter::once(&k.name).chain(k.aliases.iter()))
            .chain(std::iter::once(&schema.regency.name));
        for name in names {
            for w in normalize_text(name).split(' ').filter(|w| w.len() > 2) {
                vocabulary.ignore.insert(w.to_string());
            }
        }
        let empty = Vocabulary {
            ignore: vocabulary.ignore.clone(),
            ..Vocabulary::default()
        };
        for n in &schema.nodes {
            let words: BTreeSet<String> = std::iter::once(&n.indicator)
                .chain(n.aliases.iter())
                .flat_map(|w| empty.prepare(w).tokens)
                .collect();
            for w in words {
                *vocabulary.df.entry(w).or_insert(0) += 1;
            }
        }
        let entries = schema
            .nodes
            .iter()
            .map(|n| {
                let statements: Vec<Prepared> = std::iter::once(&n.statement)
                    .chain(n.statement_aliases.iter())
                    .map(|s| vocabulary.prepare(s))
                    .collect();
                let statement_words: BTreeSet<String> =
                    statements.iter().flat_map(|s| s.tokens.clone()).collect();
                Entry {
                    node_id: n.id.clone(),
                    indicator: vocabulary.prepare(&n.indicator),
                    aliases: n.aliases.iter().map(|a| vocabulary.prepare(a)).collect(),
                    statements,
                    statement_words: statement_words.into_iter().collect(),
                }
            })
            .collect();
        Matcher {
            schema,
            vocabulary,
            entries,
            memo: std::sync::Mutex::new(HashMap::new()),
            kecamatan: KecamatanNames::of(schema),
        }
    }

    /// The child of node `parent` a sub-item names ("- sarana pelayanan" under "Jumlah
    /// sarana dan prasarana yang memadai"): the closest of its children's wordings, when
    /// it is close enough for a wording that leaves out what the parent already says
    /// (`CHILD_THRESHOLD`). None when the parent has no children.
    pub fn match_child(&self, indicator: &str, parent: &str) -> Option<Match> {
        let query = self.vocabulary.prepare(indicator);
        if query.key.is_empty() {
            return None;
        }
        let children: Vec<&str> = self
            .schema
            .children(parent)
            .map(|n| n.id.as_str())
            .collect();
        let mut best: Option<(f64, &Entry, &Prepared)> = None;
        for e in self
            .entries
            .iter()
            .filter(|e| children.contains(&e.node_id.as_str()))
        {
            if let Some((sim, w)) = self.closest_wording(e, &query) {
                if best.is_none_or(|(b, _, _)| sim > b) {
                    best = Some((sim, e, w));
                }
            }
        }
        let (sim, e, w) = best.filter(|(sim, _, _)| *sim >= CHILD_THRESHOLD)?;
        Some(Match {
            node_id: e.node_id.clone(),
            kind: MatchKind::Fuzzy,
            confidence: (sim * 1000.0).round() / 1000.0,
            matched: w.original.clone(),
        })
    }

    /// The node's wording (indicator or alias) most like the query, with its
    /// similarity; None when every wording is incompatible with it.
    fn closest_wording<'e>(&self, e: &'e Entry, query: &Prepared) -> Option<(f64, &'e Prepared)> {
        std::iter::once(&e.indicator)
            .chain(e.aliases.iter())
            .filter(|w| !w.incompatible(query))
            .map(|w| {
                (
                    self.vocabulary
                        .similarity_in_context(query, w, &e.statement_words),
                    w,
                )
            })
            .max_by(|a, b| a.0.total_cmp(&b.0))
    }

    /// `identify_kecamatan` with the spellings this matcher built once.
    pub fn identify_kecamatan(&self, texts: &[&str]) -> Option<String> {
        self.kecamatan.identify(self.schema, texts)
    }

    /// Best node for a row's indicator text, with its statement as context; None when
    /// nothing is similar enough, or when two nodes share the wording and the
    /// statement cannot tell them apart.
    pub fn match_row(&self, indicator: &str, statement: &str) -> Option<Match> {
        self.nearest(indicator, statement)
            .filter(|m| m.confidence >= FUZZY_THRESHOLD)
    }

    /// How well a wording names one of the schema's indicators, whichever node: 1 for an
    /// indicator's or alias's exact wording (even one several nodes share), the fuzzy
    /// confidence when it reaches the threshold, else 0. The locator asks it where the
    /// lines of a wrapped indicator join.
    pub fn wording_score(&self, indicator: &str) -> f64 {
        let query = self.vocabulary.prepare(indicator);
        if query.key.is_empty() {
            return 0.0;
        }
        let exact = self
            .entries
            .iter()
            .any(|e| e.indicator.key == query.key || e.aliases.iter().any(|a| a.key == query.key));
        if exact {
            return 1.0;
        }
        self.match_row(indicator, "").map_or(0.0, |m| m.confidence)
    }

    /// Like `match_row`, without the threshold: the closest node even when it is not
    /// close enough, so a message can say "not in the tree; nearest is ...".
    pub fn nearest(&self, indicator: &str, statement: &str) -> Option<Match> {
        // Only wordings of a usual length are remembered, so the memo stays small
        // (at most `MEMO_LIMIT` × `MEMO_KEY_BYTES`) whatever a file holds.
        if indicator.len() + statement.len() > MEMO_KEY_BYTES {
            return self.search(indicator, statement);
        }
        let key = (indicator.to_string(), statement.to_string());
        if let Ok(memo) = self.memo.lock() {
            if let Some(known) = memo.get(&key) {
                return known.clone();
            }
        }
        let found = self.search(indicator, statement);
        if let Ok(mut memo) = self.memo.lock() {
            if memo.len() >= MEMO_LIMIT {
                memo.clear();
            }
            memo.insert(key, found.clone());
        }
        found
    }

    /// `nearest` without the memo.
    fn search(&self, indicator: &str, statement: &str) -> Option<Match> {
        let query = self.vocabulary.prepare(indicator);
        if query.key.is_empty() {
            return None;
        }
        let statement = self.vocabulary.prepare(statement);
        let context = |e: &Entry| -> Option<f64> {
            if statement.key.is_empty() {
                return None;
            }
            e.statements
                .iter()
                .map(|s| {
                    if s.key == statement.key {
                        1.0
                    } else {
                        self.vocabulary.similarity(&statement, s)
                    }
                })
                .reduce(f64::max)
        };

        // Exact wording of an indicator, then of an alias. Shared wordings are
        // decided by the statement.
        let mut exact: Vec<(&Entry, MatchKind, &Prepared)> = Vec::new();
        for e in &self.entries {
            if e.indicator.key == query.key {
                exact.push((e, MatchKind::Exact, &e.indicator));
            } else if let Some(a) = e.aliases.iter().find(|a| a.key == query.key) {
                exact.push((e, MatchKind::Alias, a));
            }
        }
        if !exact.is_empty() {
            let chosen = match exact.as_slice() {
                [one] => Some(*one),
                many => {
                    let mut scored: Vec<(f64, (&Entry, MatchKind, &Prepared))> = many
                        .iter()
                        .map(|c| (context(c.0).unwrap_or(0.0), *c))
                        .collect();
                    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
                    match scored.as_slice() {
                        [(best, c), (second, _), ..] if best - second >= STATEMENT_MARGIN => {
                            Some(*c)
                        }
                        _ => None,
                    }
                }
            };
            return chosen.map(|(e, kind, wording)| Match {
                node_id: e.node_id.clone(),
                kind,
                confidence: 1.0,
                matched: wording.original.clone(),
            });
        }

        // Fuzzy: every wording of every compatible node; the statement nudges the rank.
        let mut best: Option<(f64, f64, &Entry, &Prepared)> = None;
        for e in &self.entries {
            let Some((sim, wording)) = self.closest_wording(e, &query) else {
                continue;
            };
            let ctx = context(e);
            let rank = sim + STATEMENT_WEIGHT * ctx.unwrap_or(0.0);
            // The confidence rewards a statement that agrees and costs one that does
            // not, but no statement at all costs nothing.
            let confidence = match ctx {
                Some(c) => {
                    sim * (1.0 - STATEMENT_WEIGHT) + STATEMENT_WEIGHT * c.max(sim.min(1.0) * 0.5)
                }
                None => sim,
            };
            if best.is_none_or(|(r, _, _, _)| rank > r) {
                best = Some((rank, confidence, e, wording));
            }
        }
        let (_, confidence, e, wording) = best?;
        Some(Match {
            node_id: e.node_id.clone(),
            kind: MatchKind::Fuzzy,
            confidence: (confidence * 1000.0).round() / 1000.0,
            matched: wording.original.clone(),
        })
    }
}

/// A kecamatan name reduced to its letters and digits ("Tombolo' Pao" → "tombolopao"),
/// so spacing, case and punctuation never decide. Used to compare names and aliases.
pub fn compact_name(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Words of a title, sheet name or file name: split at anything not a letter or
/// digit and between letters and digits ("Bajeng2" → "bajeng", "2").
fn name_tokens(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev_digit: Option<bool> = None;
    for c in s.chars().flat_map(char::to_lowercase) {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_digit = None;
            continue;
        }
        let digit = c.is_ascii_digit();
        if prev_digit.is_some_and(|p| p != digit) && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        cur.push(c);
        prev_digit = Some(digit);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The longest name a window of consecutive words spells, as (compact length, index).
const MAX_WINDOW: usize = 4;

fn kecamatan_in(text: &str, names: &BTreeMap<String, usize>) -> Option<usize> {
    let words = name_tokens(text);
    let mut best: Option<(usize, usize)> = None;
    for start in 0..words.len() {
        let mut spelled = String::new();
        for w in words.iter().skip(start).take(MAX_WINDOW) {
            spelled.push_str(w);
            // "KecBajeng", "KECAMATANBAJENG": the prefix glued to the name.
            let candidates = [
                Some(spelled.as_str()),
                spelled.strip_prefix("kecamatan"),
                spelled.strip_prefix("kec"),
            ];
            for c in candidates.into_iter().flatten() {
                if let Some(&k) = names.get(c) {
                    let len = c.chars().count();
                    if best.is_none_or(|(l, _)| len > l) {
                        best = Some((len, k));
                    }
                }
            }
        }
    }
    best.map(|(_, k)| k)
}

/// The kecamatan named in any of these texts (title rows, sheet names, file name), in
/// the order given: the first text that names one wins; within a text the longest
/// name wins ("Bontonompo Selatan" over "Bontonompo"). Returns the canonical name.
/// A batch asks once per file: `Matcher::identify_kecamatan` keeps the spellings.
pub fn identify_kecamatan(schema: &Schema, texts: &[&str]) -> Option<String> {
    KecamatanNames::of(schema).identify(schema, texts)
}

/// Every spelling that names a kecamatan, compacted, with its index: the schema's
/// kecamatan first, then the national list's (`wilayah::national_names`), built once
/// per schema.
struct KecamatanNames {
    names: BTreeMap<String, usize>,
    /// (spelling, canonical name) of the national list, indexed after the schema's.
    national: Vec<(String, String)>,
}

impl KecamatanNames {
    fn of(schema: &Schema) -> Self {
        let mut names: BTreeMap<String, usize> = BTreeMap::new();
        for (i, k) in schema.kecamatan.iter().enumerate() {
            for spelling in std::iter::once(&k.name).chain(k.aliases.iter()) {
                let c = compact_name(spelling);
                if !c.is_empty() {
                    names.entry(c).or_insert(i);
                }
            }
        }
        // Codes, the decree's spellings and the kecamatan of the regency the schema does
        // not list (issue 13): after the schema's own spellings, which always win.
        let national = super::wilayah::national_names(schema);
        let first_extra = schema.kecamatan.len();
        for (j, (spelling, _)) in national.iter().enumerate() {
            names.entry(spelling.clone()).or_insert(first_extra + j);
        }
        KecamatanNames { names, national }
    }

    fn identify(&self, schema: &Schema, texts: &[&str]) -> Option<String> {
        let i = texts.iter().find_map(|t| kecamatan_in(t, &self.names))?;
        match schema.kecamatan.get(i) {
            Some(k) => Some(k.name.clone()),
            None => self
                .national
                .get(i - schema.kecamatan.len())
                .map(|(_, name)| name.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Kecamatan, Kind, Level, Node, Polarity, Regency};
    use std::collections::BTreeMap;

    fn node(id: &str, statement: &str, indicator: &str, aliases: &[&str]) -> Node {
        Node {
            id: id.to_string(),
            level: Level::Kegiatan,
            parent: None,
            statement: statement.to_string(),
            statement_aliases: vec![],
            indicator: indicator.to_string(),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            unit: "unit".to_string(),
            kind: if indicator.starts_with("Persentase") {
                Kind::Percent
            } else {
                Kind::Count
            },
            polarity: Polarity::Positive,
            formula: None,
            cap: None,
            min: None,
            max: None,
            rollup: None,
            aggregation: None,
            required: true,
            label_scale: None,
            target: None,
            targets: BTreeMap::new(),
        }
    }

    fn kec(name: &str, aliases: &[&str]) -> Kecamatan {
        Kecamatan {
            name: name.to_string(),
            bps: String::new(),
            kemendagri: String::new(),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn schema() -> Schema {
        Schema {
            regency: Regency {
                name: "Kabupaten Gowa".to_string(),
                tahun: 2023,
            },
            kecamatan: vec![
                kec("Bontonompo", &["Bonto Nompo"]),
                kec("Bontonompo Selatan", &["Bontonompo Sel"]),
                kec("Bajeng", &[]),
                kec("Bajeng Barat", &["Bajeng Brt"]),
                kec("Tombolo Pao", &["Tombolopao", "Tombolo-Pao"]),
                kec("Parigi", &[]),
            ],
            capaian: Default::default(),
            scales: BTreeMap::new(),
            units: BTreeMap::new(),
            severity: BTreeMap::new(),
            nodes: vec![
                node(
                    "ikm",
                    "Meningkatnya kepuasan masyarakat terhadap pelayanan publik",
                    "Indeks Kepuasan Masyarakat (IKM)",
                    &["IKM", "Nilai IKM"],
                ),
                node(
                    "pengaduan_tl_pct",
                    "Terlaksananya tindak lanjut pengaduan masyarakat",
                    "Persentase pengaduan yang ditindaklanjuti",
                    &["Persentase pengaduan yang ditindaklannjuti"],
                ),
                node(
                    "pengaduan_belum_tl",
                    "Terlaksananya tindak lanjut pengaduan masyarakat",
                    "Jumlah pengaduan yang belum ditindaklanjuti",
                    &["Jumlah tunggakan pengaduan"],
                ),
                node(
                    "usulan_pct",
                    "Meningkatnya usulan masyarakat yang diakomodir",
                    "Persentase usulan masyarakat yang diakomodir",
                    &[],
                ),
                node(
                    "usulan_jumlah",
                    "Tersalurkannya usulan masyarakat dalam perencanaan pembangunan",
                    "Jumlah usulan masyarakat",
                    &[],
                ),
                node(
                    "laporan_partisipasi",
                    "Tersedianya laporan partisipasi masyarakat",
                    "Jumlah laporan partisipasi masyarakat",
                    &["Jumlah laporan"],
                ),
                node(
                    "laporan_pemberdayaan",
                    "Tersedianya laporan pemberdayaan masyarakat",
                    "Jumlah laporan pemberdayaan masyarakat",
                    &["Jumlah laporan"],
                ),
                node(
                    "bahan_dok_sop",
                    "Tersedianya bahan-bahan penyusunan dokumen",
                    "Jumlah bahan-bahan penyusunan dokumen SOP",
                    &[],
                ),
            ],
        }
    }

    #[test]
    fn normalize_text_strips_case_punctuation_prefixes_and_typos() {
        assert_eq!(
            normalize_text("IK : Jumlah  SOP\u{a0}pelayanan yg disusun."),
            "jumlah sop pelayanan yang disusun"
        );
        assert_eq!(
            normalize_text("IK: Persentase layanan sesuai SP"),
            "persentase layanan sesuai sp"
        );
        assert_eq!(
            normalize_text("1. Jumlah usulan masyarakat"),
            "jumlah usulan masyarakat"
        );
        assert_eq!(normalize_text("a. Jumlah usulan"), "jumlah usulan");
        assert_eq!(normalize_text("(2) Jumlah usulan"), "jumlah usulan");
        assert_eq!(normalize_text("- Jumlah usulan"), "jumlah usulan");
        assert_eq!(normalize_text("3. IK : Nilai SAKIP"), "nilai sakip");
        assert_eq!(
            normalize_text("Jumlah bahan-bahan penyusunan dokumen S.O.P"),
            "jumlah bahan bahan penyusunan dokumen sop"
        );
        assert_eq!(
            normalize_text("Persentase pengaduan yang ditindak lanjuti"),
            "persentase pengaduan yang ditindaklanjuti"
        );
        assert_eq!(
            normalize_text("PROSENTASE pengaduan yg ditindaklannjuti"),
            "persentase pengaduan yang ditindaklanjuti"
        );
        assert_eq!(
            normalize_text("Jumlah bahan-bahan lapora koorinasi penyusunan SOP"),
            "jumlah bahan bahan laporan koordinasi penyusunan sop"
        );
        assert_eq!(
            normalize_text("Indeks Kepuasan Masyarakat (IKM)"),
            "indeks kepuasan masyarakat ikm"
        );
        // "Indikator" as a word, without a separator, is kept; so is a lone "a".
        assert_eq!(normalize_text("Indikator Kinerja Utama: IKM"), "ikm");
        assert_eq!(normalize_text("  "), "");
        assert_eq!(normalize_text("SOP"), "sop");
    }

    #[test]
    fn remembered_answers_equal_fresh_ones_and_long_wordings_are_not_kept() {
        let s = schema();
        let m = Matcher::new(&s);
        let memo_len = || m.memo.lock().map(|memo| memo.len()).unwrap_or(usize::MAX);
        for (indicator, statement) in [
            ("Nilai IKM", ""),
            ("Persentase pengaduan yg ditindaklannjuti", ""),
            ("Jumlah sesuatu yang lain sama sekali", "x"),
        ] {
            let fresh = m.search(indicator, statement);
            assert_eq!(m.nearest(indicator, statement), fresh);
            assert_eq!(m.nearest(indicator, statement), fresh, "remembered");
        }
        assert_eq!(memo_len(), 3);
        let long = "Indeks Kepuasan Masyarakat ".repeat(40);
        assert_eq!(m.nearest(&long, ""), m.search(&long, ""));
        assert_eq!(memo_len(), 3, "a long wording is answered, not kept");
    }

    #[test]
    fn exact_and_alias_matches_have_confidence_one() {
        let s = schema();
        let m = Matcher::new(&s);
        let hit = m
            .match_row("  INDEKS KEPUASAN MASYARAKAT (IKM) ", "")
            .unwrap();
        assert_eq!(
            (hit.node_id.as_str(), hit.kind, hit.confidence),
            ("ikm", MatchKind::Exact, 1.0)
        );
        assert_eq!(hit.matched, "Indeks Kepuasan Masyarakat (IKM)");
        let hit = m.match_row("IK : Nilai IKM", "whatever").unwrap();
        assert_eq!(
            (hit.node_id.as_str(), hit.kind, hit.confidence),
            ("ikm", MatchKind::Alias, 1.0)
        );
        assert_eq!(hit.matched, "Nilai IKM");
        // A typo folded by normalization is still exact.
        let hit = m
            .match_row("Persentase pengaduan yg ditindaklannjuti", "")
            .unwrap();
        assert_eq!(
            (hit.node_id.as_str(), hit.kind),
            ("pengaduan_tl_pct", MatchKind::Exact)
        );
    }

    #[test]
    fn wording_score_says_whether_a_wording_names_any_indicator() {
        let s = schema();
        let m = Matcher::new(&s);
        // Exact wordings and aliases, even one two nodes share ("Jumlah laporan").
        assert_eq!(
            m.wording_score("Jumlah pengaduan yang belum ditindaklanjuti"),
            1.0
        );
        assert_eq!(m.wording_score("JUMLAH  TUNGGAKAN PENGADUAN"), 1.0);
        assert_eq!(m.wording_score("Jumlah laporan"), 1.0);
        // A near wording scores its confidence; a fragment or another indicator none.
        let near = m.wording_score("Persentase pengaduan yang sudah ditindaklanjuti");
        assert!((FUZZY_THRESHOLD..1.0).contains(&near), "{near}");
        assert_eq!(m.wording_score("Jumlah"), 0.0);
        assert_eq!(m.wording_score("yang belum ditindaklanjuti"), 0.0);
        assert_eq!(m.wording_score("Nilai SAKIP"), 0.0);
        assert_eq!(m.wording_score(""), 0.0);
    }

    #[test]
    fn shared_wording_is_decided_by_the_statement() {
        let s = schema();
        let m = Matcher::new(&s);
        let hit = m
            .match_row(
                "Jumlah laporan",
                "Tersedianya laporan pemberdayaan masyarakat",
            )
            .unwrap();
        assert_eq!(
            (hit.node_id.as_str(), hit.kind),
            ("laporan_pemberdayaan", MatchKind::Alias)
        );
        let hit = m
            .match_row(
                "Jumlah laporan",
                "tersedianya laporan partisipasi masyarakat :",
            )
            .unwrap();
        assert_eq!(hit.node_id, "laporan_partisipasi");
        // Without a statement nothing tells them apart: no guess.
        assert_eq!(m.match_row("Jumlah laporan", ""), None);
    }

    #[test]
    fn shared_statement_is_decided_by_the_indicator() {
        let s = schema();
        let m = Matcher::new(&s);
        let st = "Terlaksananya tindak lanjut pengaduan masyarakat";
        assert_eq!(
            m.match_row("Persentase pengaduan yang telah ditindaklanjuti", st)
                .unwrap()
                .node_id,
            "pengaduan_tl_pct"
        );
        assert_eq!(
            m.match_row("Jumlah pengaduan yg blm ditindak lanjuti", st)
                .unwrap()
                .node_id,
            "pengaduan_belum_tl"
        );
        // "belum" is not a detail: a count of followed-up complaints is neither node.
        assert_eq!(
            m.match_row("Jumlah pengaduan yang ditindaklanjuti", st),
            None
        );
    }

    #[test]
    fn persentase_and_jumlah_are_never_confused() {
        let s = schema();
        let m = Matcher::new(&s);
        let id = |ind: &str, st: &str| m.match_row(ind, st).map(|h| h.node_id);
        assert_eq!(
            id("% usulan masyarakat yg terakomodir", "").as_deref(),
            Some("usulan_pct")
        );
        assert_eq!(
            id("Persentase usulan masyarakat yang telah diakomodir", "").as_deref(),
            Some("usulan_pct")
        );
        assert_eq!(
            id("Jumlah usulan masyarakat yang tersalurkan", "").as_deref(),
            Some("usulan_jumlah")
        );
        // The words of one, the head of the other: never bound across.
        assert_ne!(
            id("Jumlah usulan masyarakat yang diakomodir", "").as_deref(),
            Some("usulan_pct")
        );
        assert_eq!(
            id(
                "Persentase usulan masyarakat",
                "Tersalurkannya usulan masyarakat dalam perencanaan pembangunan"
            ),
            None
        );
    }

    #[test]
    fn fuzzy_match_reports_its_confidence() {
        let s = schema();
        let m = Matcher::new(&s);
        let hit = m
            .match_row("Jumlah bahan penyusunan dokumen SOP pelayanan", "")
            .unwrap();
        assert_eq!(
            (hit.node_id.as_str(), hit.kind),
            ("bahan_dok_sop", MatchKind::Fuzzy)
        );
        assert!(
            hit.confidence >= FUZZY_THRESHOLD && hit.confidence < 1.0,
            "{}",
            hit.confidence
        );
        assert_eq!(hit.matched, "Jumlah bahan-bahan penyusunan dokumen SOP");
    }

    #[test]
    fn unrelated_indicators_do_not_match() {
        let s = schema();
        let m = Matcher::new(&s);
        for (ind, st) in [
            (
                "Jumlah surat keluar yang diarsipkan",
                "Tertibnya administrasi perkantoran",
            ),
            (
                "Persentase pegawai yang mengikuti diklat",
                "Meningkatnya kapasitas aparatur kecamatan",
            ),
            (
                "Jumlah kendaraan dinas yang dipelihara",
                "Terpeliharanya kendaraan dinas operasional",
            ),
            ("Persentase ruang kantor yang bersih", ""),
            (
                "",
                "Meningkatnya kepuasan masyarakat terhadap pelayanan publik",
            ),
            ("-", ""),
        ] {
            assert_eq!(m.match_row(ind, st), None, "{ind}");
        }
    }

    #[test]
    fn identify_kecamatan_longest_name_wins() {
        let s = schema();
        let id = |texts: &[&str]| identify_kecamatan(&s, texts);
        assert_eq!(
            id(&["BONTONOMPO_SELATAN"]).as_deref(),
            Some("Bontonompo Selatan")
        );
        assert_eq!(
            id(&["realisasi_bontonompo_selatan_2"]).as_deref(),
            Some("Bontonompo Selatan")
        );
        assert_eq!(
            id(&["Realisasi Kinerja Kec. Bontonompo 2023"]).as_deref(),
            Some("Bontonompo")
        );
        assert_eq!(
            id(&["PK_BAJENG_BARAT_2023"]).as_deref(),
            Some("Bajeng Barat")
        );
        assert_eq!(
            id(&["lkjip-bajeng-barat-3-2023"]).as_deref(),
            Some("Bajeng Barat")
        );
        assert_eq!(id(&["lkjip-bajeng-2-2023"]).as_deref(), Some("Bajeng"));
        assert_eq!(id(&["Kec.Bajeng Brt."]).as_deref(), Some("Bajeng Barat"));
        assert_eq!(id(&["KECAMATANBAJENG"]).as_deref(), Some("Bajeng"));
        assert_eq!(
            id(&["TOMBOLO PAO - Capaian"]).as_deref(),
            Some("Tombolo Pao")
        );
        assert_eq!(id(&["TOMBOLOPAO"]).as_deref(), Some("Tombolo Pao"));
        assert_eq!(id(&["CAMAT BAJENG 2"]).as_deref(), Some("Bajeng"));
        assert_eq!(
            id(&["CAPAIAN\u{a0}KINERJA KEC.\u{a0}BONTONOMPO\u{a0}SELATAN"]).as_deref(),
            Some("Bontonompo Selatan")
        );
    }

    #[test]
    fn identify_kecamatan_takes_the_first_text_that_names_one() {
        let s = schema();
        // The title names the office; the file name (someone else's) does not count.
        assert_eq!(
            identify_kecamatan(
                &s,
                &[
                    "PEMERINTAH KABUPATEN GOWA",
                    "LKjIP KECAMATAN PARIGI TAHUN 2023",
                    "Sheet1",
                    "realisasi_bajeng"
                ]
            )
            .as_deref(),
            Some("Parigi")
        );
        assert_eq!(
            identify_kecamatan(&s, &["Sheet1", "Tabel 3.1", "realisasi_bajeng"]).as_deref(),
            Some("Bajeng")
        );
        // A name inside another word is not a name.
        assert_eq!(
            identify_kecamatan(&s, &["Kabupaten Gowa", "Tabel 3.1", "parigiku"]),
            None
        );
        assert_eq!(identify_kecamatan(&s, &[]), None);
    }
}
