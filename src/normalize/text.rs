//! One typed cell text → a `Value`: "82, 71", "58,46%", "85,00 (Baik)", "6  unit",
//! "Rp 1.250.000,00", "-", "N/A", "BB". Pure and total: any string gives a `Value`,
//! never a panic, and the original text is kept in `raw`. It must never read a number
//! out of text that holds more than one number or words it does not know as a unit or a
//! label position ("65 usulan dari 38" is unparseable, not 65).

use super::number::{interpret, lex_at, Reading};
use super::{State, Value};
use regex::Regex;
use std::sync::LazyLock;

/// Spaces an office types or pastes: the no-break spaces of Word and the web count as
/// spaces, and runs of spaces count as one.
pub(crate) fn clean_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        let is_space = c.is_whitespace() || matches!(c, '\u{00A0}' | '\u{202F}' | '\u{2007}');
        if is_space {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        // Invisible characters pasted from the web would split numbers and words.
        if matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}') {
            continue;
        }
        // Full-width forms typed with an East Asian input method ("３００", "８５％")
        // are their ASCII characters.
        let c = if ('\u{FF01}'..='\u{FF5E}').contains(&c) {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        } else {
            c
        };
        out.push(c);
    }
    out
}

const DASHES: &[char] = &[
    '-', '\u{2010}', '\u{2011}', '\u{2012}', '\u{2013}', '\u{2014}', '\u{2212}',
];

/// "Not available" as offices write it (compared lower-cased, spaces collapsed).
const NOT_AVAILABLE: &[&str] = &[
    "n/a",
    "na",
    "#n/a",
    "n.a",
    "n.a.",
    "n / a",
    "tidak ada data",
    "belum ada data",
    "data tidak tersedia",
    "data belum tersedia",
    "belum tersedia",
    "tidak tersedia",
    "not available",
];

/// SAKIP grades (PermenPAN-RB 88/2021) and BPK audit opinions.
pub(crate) const GRADES: &[&str] = &[
    "AA", "A", "BB", "B", "CC", "C", "D", "WTP", "WDP", "TW", "TMP",
];

/// Words written next to a number that judge it ("85,00 (Baik)"), lower-cased.
const LABEL_WORDS: &[&str] = &[
    "sangat baik",
    "baik",
    "cukup baik",
    "cukup",
    "kurang baik",
    "kurang",
    "tidak baik",
    "sangat kurang",
    "buruk",
    "sangat buruk",
    "memuaskan",
    "sangat memuaskan",
    "kurang memuaskan",
    "tidak memuaskan",
    "tercapai",
    "tidak tercapai",
    "belum tercapai",
    "terlampaui",
    "melampaui target",
    "sesuai target",
    "excellent",
    "very good",
    "good",
    "fair",
    "poor",
];

/// Units that count whole things: "1.500 orang" is 1500 people, never 1,5.
const COUNT_UNITS: &[&str] = &[
    "orang",
    "unit",
    "dokumen",
    "sop",
    "usulan",
    "pengaduan",
    "tim",
    "unsur",
    "layanan",
    "kegiatan",
    "berkas",
    "laporan",
    "kali",
    "desa",
    "kelurahan",
    "buah",
    "paket",
    "lembaga",
    "kelompok",
    "kk",
    "jiwa",
    "rumah",
    "sarana",
    "kuesioner",
    "responden",
    "peserta",
    "surat",
    "keluarga",
    "titik",
    "lokasi",
    "rt",
    "rw",
    "pos",
    "dusun",
    "jenis",
    "naskah",
    "set",
    "eksemplar",
    "forum",
    "rapat",
    "sekolah",
    "ekor",
    "lembar",
    "perkara",
    "program",
    "sp",
    "maklumat",
    "instrumen",
    "inovasi",
    "produk",
    "agenda",
    "bidang",
    "pegawai",
    "asn",
];

pub(crate) fn is_label(words: &str) -> bool {
    let lower = clean_spaces(words).to_lowercase();
    LABEL_WORDS.contains(&lower.as_str())
        || GRADES.contains(&words.trim())
        || verdict(words).is_some()
}

/// Whether a unit counts whole things (its first word is a known count noun).
pub(crate) fn is_count_unit(unit: &str) -> bool {
    let lower = unit.trim().to_lowercase();
    let first = lower.split([' ', '/']).next().unwrap_or_default();
    COUNT_UNITS.contains(&first) || lower == "rp"
}

fn is_currency(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "rp" | "rp." | "rp," | "idr" | "rp:"
    )
}

/// The grade of a text that is a grade alone ("BB", " bb", "WTP"), upper-cased.
pub(crate) fn grade_of(clean: &str) -> Option<String> {
    let upper = clean.trim().to_uppercase();
    GRADES.contains(&upper.as_str()).then_some(upper)
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(Reading),
    Percent,
    Open,
    Close,
    Sign(bool),
    Word(String),
}

/// Split a cleaned text into tokens. Returns None for a number lexeme with no valid
/// reading ("12,3,4").
fn tokenize(s: &str) -> Option<Vec<Tok>> {
    let mut toks = Vec::new();
    let mut i = 0;
    let b = s.as_bytes();
    while i < s.len() {
        let Some(c) = s.get(i..).and_then(|r| r.chars().next()) else {
            break;
        };
        let next = i + c.len_utf8();
        if c == ' ' {
            i = next;
        } else if c.is_ascii_digit() {
            let lex = lex_at(s, i);
            toks.push(Tok::Num(interpret(&lex.body)?));
            i = lex.end.max(next);
        } else if c == '%' {
            toks.push(Tok::Percent);
            i = next;
        } else if c == '(' || c == '[' {
            toks.push(Tok::Open);
            i = next;
        } else if c == ')' || c == ']' {
            toks.push(Tok::Close);
            i = next;
        } else if c == '+' || DASHES.contains(&c) {
            toks.push(Tok::Sign(c != '+'));
            i = next;
        } else if c == '.' && b.get(next).is_some_and(u8::is_ascii_digit) {
            // ".5": a decimal with no leading zero.
            let lex = lex_at(s, next);
            toks.push(Tok::Num(interpret(&format!("0.{}", lex.body))?));
            i = lex.end.max(next);
        } else {
            let start = i;
            let mut j = i;
            while let Some(ch) = s.get(j..).and_then(|r| r.chars().next()) {
                if ch == ' ' || ch.is_ascii_digit() || matches!(ch, '%' | '(' | ')' | '[' | ']') {
                    break;
                }
                j += ch.len_utf8();
            }
            let word = s.get(start..j).unwrap_or_default();
            // Lone punctuation between parts ("85,00, Baik", "80 :") carries nothing.
            if word
                .chars()
                .any(|ch| ch.is_alphanumeric() || ch == '/' || ch == '#')
            {
                toks.push(Tok::Word(word.to_string()));
            }
            i = j.max(next);
        }
    }
    Some(toks)
}

/// The parts of a number text before they become a `Value`.
#[derive(Debug, Default)]
struct Parts {
    negative: bool,
    unit: Option<String>,
    label: Option<String>,
}

/// Words up to the next non-word token, joined with single spaces.
fn take_words(toks: &[Tok], mut i: usize) -> (String, usize) {
    let mut words: Vec<&str> = Vec::new();
    while let Some(Tok::Word(w)) = toks.get(i) {
        words.push(w);
        i += 1;
    }
    (words.join(" "), i)
}

/// Words that spell a number out in Indonesian ("empat", "dua belas", "seratus lima
/// puluh"), as written beside the figure on official forms.
fn is_spelled_number(words: &str) -> bool {
    const WORDS: &[&str] = &[
        "nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
        "sepuluh", "sebelas", "belas", "puluh", "seratus", "ratus", "seribu", "ribu", "juta",
        "miliar", "koma",
    ];
    let mut any = false;
    for w in words.split_whitespace() {
        if !WORDS.contains(&w.to_lowercase().as_str()) {
            return false;
        }
        any = true;
    }
    any
}

/// A "(words)" group at `i`: the words and the index after the closing paren.
fn paren_words(toks: &[Tok], i: usize) -> Option<(String, usize)> {
    if toks.get(i) != Some(&Tok::Open) {
        return None;
    }
    let (words, j) = take_words(toks, i + 1);
    (!words.is_empty() && toks.get(j) == Some(&Tok::Close)).then_some((words, j + 1))
}

fn parse_number(clean: &str) -> Option<(Reading, Parts)> {
    let toks = tokenize(clean)?;
    let at = toks.iter().position(|t| matches!(t, Tok::Num(_)))?;
    if toks.iter().filter(|t| matches!(t, Tok::Num(_))).count() != 1 {
        return None;
    }
    let Some(Tok::Num(reading)) = toks.get(at) else {
        return None;
    };
    let mut parts = Parts::default();

    // Before the number: [label "(B)" | label words] [Rp] [sign] ["("].
    let before = toks.get(..at)?;
    let mut i = 0;
    if let Some((words, j)) = paren_words(before, 0) {
        parts.label = Some(words);
        i = j;
    }
    let (words, j) = take_words(before, i);
    if !words.is_empty() {
        if is_currency(&words) {
            parts.unit = Some("Rp".to_string());
        } else if parts.label.is_none() && is_label(&words) {
            parts.label = Some(words);
        } else {
            return None;
        }
        i = j;
    }
    if let Some(Tok::Sign(neg)) = before.get(i) {
        parts.negative = *neg;
        i += 1;
    }
    let open = before.get(i) == Some(&Tok::Open);
    if open {
        i += 1;
    }
    if i != before.len() {
        return None;
    }

    // After the number: ["%"] [")" if opened] [unit words] [label words | "(label)"].
    let after = toks.get(at + 1..)?;
    let mut i = 0;
    if after.first() == Some(&Tok::Percent) {
        parts.unit = Some("%".to_string());
        i = 1;
    }
    let mut closed = !open;
    if open && after.get(i) == Some(&Tok::Close) {
        closed = true;
        i += 1;
    }
    let (words, j) = take_words(after, i);
    if !words.is_empty() {
        i = j;
        if is_label(&words) && parts.label.is_none() {
            parts.label = Some(words);
        } else if parts.unit.is_none() {
            // "5 unsur masyarakat": everything up to a label is the unit, as written.
            let persen = words.eq_ignore_ascii_case("persen");
            parts.unit = Some(if persen { "%".to_string() } else { words });
        } else {
            return None;
        }
    }
    if open && !closed && after.get(i) == Some(&Tok::Close) {
        // "(5 unit)": the unit sits inside the accounting parens.
        closed = true;
        i += 1;
    }
    if let Some((words, j)) = paren_words(after, i) {
        if parts.label.is_some() {
            return None;
        }
        parts.label = Some(words);
        i = j;
        // "4 (empat) unit": the number spelled out, then the unit.
        let spelled = parts.label.as_deref().is_some_and(is_spelled_number);
        let (words, j) = take_words(after, i);
        if spelled && !words.is_empty() && parts.unit.is_none() && !is_label(&words) {
            parts.unit = Some(words);
            i = j;
        }
    }
    if i != after.len() || !closed {
        return None;
    }
    // "(5)" alone is accounting for -5; "Baik (85,00)" and "(B) 85" are labels.
    if open && parts.label.is_none() {
        parts.negative = !parts.negative;
    }
    Some((*reading, parts))
}

/// A value's text as its number is read from it: spaces cleaned, and a footnote marker
/// after the figure ("350*)", "82,71 **") dropped: it points at a note under the
/// table, the figure is what was reported. Every reading of a raw text goes through it.
fn value_text(text: &str) -> String {
    let clean = clean_spaces(text);
    match clean.trim_end_matches(')').trim_end() {
        t if t.ends_with('*') && (clean.ends_with('*') || clean.ends_with("*)")) => {
            t.trim_end_matches('*').trim_end().to_string()
        }
        _ => clean,
    }
}

/// Parse a typed text ("82, 71", "58,46%", "6  unit", "-", "BB"). See the module docs of
/// `normalize` for every form.
pub fn parse_text(text: &str) -> Value {
    let mut v = Value::missing();
    v.raw = text.to_string();
    let clean = value_text(text);
    if clean.is_empty() || clean.chars().all(|c| c == ' ' || DASHES.contains(&c)) {
        return v;
    }
    let lower = clean.to_lowercase();
    if NOT_AVAILABLE.contains(&lower.as_str()) {
        v.state = State::NotAvailable;
        return v;
    }
    if let Some(grade) = grade_of(&clean) {
        v.state = State::Grade;
        v.grade = Some(grade);
        return v;
    }
    v.state = State::Unparseable;
    if clean.starts_with('#') {
        // A spreadsheet error (#REF!, #DIV/0!, #VALUE!) typed or pasted as text.
        return v;
    }
    let Some((reading, parts)) = parse_number(&clean) else {
        return ratio(&clean, text).unwrap_or(v);
    };
    let mut number = reading.value;
    let mut ambiguous = reading.alt.is_some();
    if ambiguous && parts.unit.as_deref().is_some_and(is_count_unit) {
        if let Some(thousands) = reading.thousands() {
            number = thousands;
            ambiguous = false;
        }
    }
    v.state = State::Value;
    v.number = Some(if parts.negative { -number } else { number });
    v.unit = parts.unit;
    v.label = parts.label;
    v.ambiguous = ambiguous;
    v
}

static RATIO: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?i)^([^/]+?)\s*(?:\s(?:dari|of)\s|/)\s*([^/]+)$").ok());

/// A count written against its whole: "3 dari 4", "3 dari 4 kelurahan", "12/12 bulan",
/// "7 of 8". `number` is the count, the unit either side's, and `Cause::Ratio` keeps the
/// whole, so a percent indicator reads it as 75 % (`resolve_table_with`). Both sides must
/// be plain numbers (no label, no range) and the whole above zero; a date "12/12/2023"
/// is no ratio.
fn ratio(clean: &str, raw: &str) -> Option<Value> {
    let caps = RATIO.as_ref()?.captures(clean)?;
    let side = |i: usize| caps.get(i).map(|m| parse_text(m.as_str().trim()));
    let (part, whole) = (side(1)?, side(2)?);
    let plain = |v: &Value| {
        v.state == State::Value && v.label.is_none() && v.cause.is_none() && v.range.is_none()
    };
    // A month and its year ("12/2023") is a date, not 12 of 2023.
    // Two years ("2023/2024") are a period, not 2023 of 2024.
    let year = |n: f64| (1900.0..=2100.0).contains(&n) && n.fract() == 0.0;
    let month_year = |p: f64, w: f64| ((1.0..=12.0).contains(&p) || year(p)) && year(w);
    if let (Some(p), Some(w)) = (part.number, whole.number) {
        if month_year(p, w) {
            return None;
        }
    }
    // "Out of" never gives more than the whole: "65 dari 38" is two figures, not one.
    let of = whole
        .number
        .filter(|w| *w > 0.0 && plain(&whole) && plain(&part))
        .filter(|w| part.number.is_some_and(|p| (0.0..=*w).contains(&p)))?;
    Some(Value {
        unit: part.unit.or(whole.unit),
        raw: raw.to_string(),
        cause: Some(super::Cause::Ratio { of }),
        ..part
    })
}

/// An ambiguous value ("1.250") summed with others of a count or an amount: the thousands
/// reading, settled (nobody counts a third of a person, nor writes three decimals of a
/// Rupiah). Any other value is left as it is.
pub fn settle_as_count(v: &mut Value) {
    if !v.ambiguous {
        return;
    }
    if let Some((reading, parts)) = parse_number(&value_text(&v.raw)) {
        if let Some(t) = reading.thousands() {
            v.number = Some(if parts.negative { -t } else { t });
            v.ambiguous = false;
        }
    }
}

/// Both readings of an ambiguous value's text, sign applied: (default, other).
pub(crate) fn readings_of(raw: &str) -> Option<(f64, f64)> {
    let (reading, parts) = parse_number(&value_text(raw))?;
    let alt = reading.alt?;
    let sign = if parts.negative { -1.0 } else { 1.0 };
    Some((sign * reading.value, sign * alt))
}

/// The separator style and decimals a value's text shows, for column evidence.
pub(crate) fn reading_of(raw: &str) -> Option<Reading> {
    parse_number(&value_text(raw)).map(|(r, _)| r)
}

/// Verdicts a clerk writes in a capaian cell instead of a percent, lower-cased: whether
/// each says the target was met. A cell's words must be one of them whole.
const VERDICTS: &[(&str, bool)] = &[
    ("tidak mencapai target", false),
    ("belum mencapai target", false),
    ("tidak sesuai target", false),
    ("target tidak tercapai", false),
    ("target belum tercapai", false),
    ("target terlampaui", true),
    ("sudah mencapai target", true),
    ("mencapai target", true),
    ("sudah tercapai", true),
    ("tdk tercapai", false),
    ("blm tercapai", false),
    ("di bawah target", false),
    ("dibawah target", false),
    ("tidak tercapai", false),
    ("belum tercapai", false),
    ("melampaui target", true),
    ("melebihi target", true),
    ("sesuai target", true),
    ("target tercapai", true),
    ("terlampaui", true),
    ("tercapai", true),
    ("not achieved", false),
    ("achieved", true),
];

/// A capaian written as a verdict instead of a percent ("Tercapai", "Tidak Tercapai",
/// "Melampaui target"): `Some(true)` when it says the target was met, `Some(false)`
/// when not, `None` for any other text (a number, a band label such as "Baik").
pub fn verdict(text: &str) -> Option<bool> {
    let label = normalize_label(text);
    VERDICTS
        .iter()
        .find(|(words, _)| label == *words)
        .map(|(_, met)| *met)
}

/// Lower-case, single spaces, no brackets, common typos fixed: "Sangat  baik " →
/// "sangat baik", "(Baik)" → "baik", "sangat baek" → "sangat baik". For comparing labels
/// with a scale, never for display.
pub fn normalize_label(label: &str) -> String {
    let cleaned: String = label
        .chars()
        .map(|c| {
            if matches!(c, '(' | ')' | '[' | ']' | '.' | ',' | ':' | ';') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let lower = clean_spaces(&cleaned).to_lowercase();
    let fixed: Vec<String> = lower.split(' ').map(fix_label_word).collect();
    let joined = fixed.join(" ");
    match joined.as_str() {
        "sangatbaik" => "sangat baik".to_string(),
        "kurangbaik" => "kurang baik".to_string(),
        "tidakbaik" => "tidak baik".to_string(),
        "cukupbaik" => "cukup baik".to_string(),
        "sangatkurang" => "sangat kurang".to_string(),
        _ => joined,
    }
}

/// One word of a label with the usual slips fixed (one letter off a known word).
fn fix_label_word(word: &str) -> String {
    const KNOWN: &[&str] = &[
        "sangat",
        "baik",
        "kurang",
        "tidak",
        "cukup",
        "buruk",
        "memuaskan",
    ];
    if word.len() < 4 || KNOWN.contains(&word) {
        return word.to_string();
    }
    KNOWN
        .iter()
        .find(|k| strsim::levenshtein(word, k) == 1 && k.len() >= 4)
        .map_or_else(|| word.to_string(), |k| k.to_string())
}

/// A unit for comparison: lower-case, single spaces, trailing dot dropped ("Unit " →
/// "unit", "SOP" → "sop", "Orang." → "orang", "persen" → "%").
pub fn normalize_unit(unit: &str) -> String {
    let lower = clean_spaces(unit).to_lowercase();
    let trimmed = lower.trim_end_matches('.').trim();
    match trimmed {
        "persen" | "prosen" | "percent" | "(%)" => "%".to_string(),
        "rp" | "rupiah" | "idr" => "rp".to_string(),
        _ => trimmed.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_against_its_whole() {
        let r = |t: &str| {
            let v = parse_text(t);
            let of = match v.cause {
                Some(crate::normalize::Cause::Ratio { of }) => Some(of),
                _ => None,
            };
            (v.state, v.number, v.unit, of)
        };
        let v = State::Value;
        assert_eq!(r("3 dari 4"), (v, Some(3.0), None, Some(4.0)));
        assert_eq!(
            r("3 dari 4 Kelurahan"),
            (v, Some(3.0), Some("Kelurahan".into()), Some(4.0))
        );
        assert_eq!(
            r("12/12 bulan"),
            (v, Some(12.0), Some("bulan".into()), Some(12.0))
        );
        assert_eq!(r("7 of 8"), (v, Some(7.0), None, Some(8.0)));
        assert_eq!(r("1.250 / 2.500"), (v, Some(1250.0), None, Some(2500.0)));
        // No ratio: a date, a whole of zero, words on a side.
        assert_eq!(r("12/12/2023").0, State::Unparseable);
        assert_eq!(r("12/2023").0, State::Unparseable);
        assert_eq!(r("2023/2024").0, State::Unparseable);
        assert_eq!(r("3 dari 0").0, State::Unparseable);
        assert_eq!(r("Rp 1.000/bulan").0, State::Unparseable);
    }

    #[test]
    fn a_footnote_marker_after_a_figure() {
        for (t, n) in [("350*)", 350.0), ("82,71 *)", 82.71), ("12**", 12.0)] {
            let v = parse_text(t);
            assert_eq!((v.state, v.number), (State::Value, Some(n)), "{t}");
            assert_eq!(v.raw, t);
        }
        assert_eq!(parse_text("(5)").number, Some(-5.0));
        assert_eq!(parse_text("*)").state, State::Missing);
    }

    #[test]
    fn verdicts_in_words() {
        assert_eq!(verdict("Tercapai"), Some(true));
        assert_eq!(verdict(" TIDAK  TERCAPAI "), Some(false));
        assert_eq!(verdict("(Belum tercapai)"), Some(false));
        assert_eq!(verdict("Melampaui Target"), Some(true));
        assert_eq!(verdict("Sudah Tercapai"), Some(true));
        assert_eq!(verdict("Tdk Tercapai"), Some(false));
        assert_eq!(verdict("Tidak mencapai target"), Some(false));
        // Beside a figure it is the figure's label.
        let v = parse_text("95% Sudah Tercapai");
        assert_eq!(
            (v.number, v.label.as_deref()),
            (Some(95.0), Some("Sudah Tercapai"))
        );
        assert_eq!(verdict("Baik"), None);
        assert_eq!(verdict("97,31%"), None);
        assert_eq!(verdict("tercapai 98 orang"), None);
    }

    /// (text, state, number, unit, label, grade, ambiguous)
    type Case = (
        &'static str,
        State,
        Option<f64>,
        Option<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
        bool,
    );

    const V: State = State::Value;
    const M: State = State::Missing;
    const NA: State = State::NotAvailable;
    const G: State = State::Grade;
    const U: State = State::Unparseable;

    const CASES: &[Case] = &[
        // The seed and the issue.
        ("82, 71", V, Some(82.71), None, None, None, false),
        ("58,46%", V, Some(58.46), Some("%"), None, None, false),
        ("100,00%", V, Some(100.0), Some("%"), None, None, false),
        (
            "85,00 (Baik)",
            V,
            Some(85.0),
            None,
            Some("Baik"),
            None,
            false,
        ),
        ("85,00 Baik", V, Some(85.0), None, Some("Baik"), None, false),
        ("(B) 85", V, Some(85.0), None, Some("B"), None, false),
        (
            "Baik (85,00)",
            V,
            Some(85.0),
            None,
            Some("Baik"),
            None,
            false,
        ),
        (
            "82, 71 (Baik)",
            V,
            Some(82.71),
            None,
            Some("Baik"),
            None,
            false,
        ),
        (
            "85, 00 (Sangat Baik)",
            V,
            Some(85.0),
            None,
            Some("Sangat Baik"),
            None,
            false,
        ),
        ("6  unit", V, Some(6.0), Some("unit"), None, None, false),
        ("11 SOP", V, Some(11.0), Some("SOP"), None, None, false),
        (
            "300 orang",
            V,
            Some(300.0),
            Some("orang"),
            None,
            None,
            false,
        ),
        (
            "5 unsur masyarakat",
            V,
            Some(5.0),
            Some("unsur masyarakat"),
            None,
            None,
            false,
        ),
        ("1.234,5", V, Some(1234.5), None, None, None, false),
        ("1.250.000", V, Some(1_250_000.0), None, None, None, false),
        (
            "Rp 1.250.000,00",
            V,
            Some(1_250_000.0),
            Some("Rp"),
            None,
            None,
            false,
        ),
        (
            "Rp. 5.000,-",
            V,
            Some(5000.0),
            Some("Rp"),
            None,
            None,
            false,
        ),
        ("Rp1.500", V, Some(1500.0), Some("Rp"), None, None, false),
        (
            "1.000 orang",
            V,
            Some(1000.0),
            Some("orang"),
            None,
            None,
            false,
        ),
        ("0,648", V, Some(0.648), None, None, None, false),
        ("0.648", V, Some(0.648), None, None, None, false),
        ("12.5", V, Some(12.5), None, None, None, false),
        ("4.00", V, Some(4.0), None, None, None, false),
        ("1.500", V, Some(1500.0), None, None, None, true),
        ("1,500", V, Some(1.5), None, None, None, true),
        (
            "1.500 orang",
            V,
            Some(1500.0),
            Some("orang"),
            None,
            None,
            false,
        ),
        (
            "1,500 orang",
            V,
            Some(1500.0),
            Some("orang"),
            None,
            None,
            false,
        ),
        ("1.500%", V, Some(1500.0), Some("%"), None, None, true),
        ("1,234.5", V, Some(1234.5), None, None, None, false),
        ("1,234,567", V, Some(1_234_567.0), None, None, None, false),
        // Spaces of every kind.
        (
            "\u{a0}1 Unit",
            V,
            Some(1.0),
            Some("Unit"),
            None,
            None,
            false,
        ),
        ("100%\u{a0}", V, Some(100.0), Some("%"), None, None, false),
        (
            "97,31\u{202f}%",
            V,
            Some(97.31),
            Some("%"),
            None,
            None,
            false,
        ),
        ("1\u{a0}250\u{a0}000", U, None, None, None, None, false),
        ("  15 SOP ", V, Some(15.0), Some("SOP"), None, None, false),
        ("91,32%  ", V, Some(91.32), Some("%"), None, None, false),
        ("100 %", V, Some(100.0), Some("%"), None, None, false),
        ("92,31 %", V, Some(92.31), Some("%"), None, None, false),
        ("83.33%", V, Some(83.33), Some("%"), None, None, false),
        ("10 persen", V, Some(10.0), Some("%"), None, None, false),
        (
            "100% tercapai",
            V,
            Some(100.0),
            Some("%"),
            Some("tercapai"),
            None,
            false,
        ),
        (
            "5 unit (Baik)",
            V,
            Some(5.0),
            Some("unit"),
            Some("Baik"),
            None,
            false,
        ),
        // Signs and accounting.
        ("-5", V, Some(-5.0), None, None, None, false),
        ("(5)", V, Some(-5.0), None, None, None, false),
        ("(1.250,50)", V, Some(-1250.5), None, None, None, false),
        ("-100,00%", V, Some(-100.0), Some("%"), None, None, false),
        ("\u{2212}2,5", V, Some(-2.5), None, None, None, false),
        ("+3", V, Some(3.0), None, None, None, false),
        (
            "Rp (5.000)",
            V,
            Some(-5000.0),
            Some("Rp"),
            None,
            None,
            false,
        ),
        (".5", V, Some(0.5), None, None, None, false),
        // The number spelled out in parens, then the unit.
        (
            "4 (empat) unit",
            V,
            Some(4.0),
            Some("unit"),
            Some("empat"),
            None,
            false,
        ),
        (
            "12 (dua belas)",
            V,
            Some(12.0),
            None,
            Some("dua belas"),
            None,
            false,
        ),
        // Full-width digits and signs (an East Asian input method).
        ("３００", V, Some(300.0), None, None, None, false),
        ("８５，５％", V, Some(85.5), Some("%"), None, None, false),
        // Nothing reported.
        ("", M, None, None, None, None, false),
        ("   ", M, None, None, None, None, false),
        ("\u{a0}", M, None, None, None, None, false),
        ("-", M, None, None, None, None, false),
        ("–", M, None, None, None, None, false),
        ("—", M, None, None, None, None, false),
        (" - ", M, None, None, None, None, false),
        ("--", M, None, None, None, None, false),
        // Not available.
        ("N/A", NA, None, None, None, None, false),
        ("n/a", NA, None, None, None, None, false),
        ("NA", NA, None, None, None, None, false),
        ("#N/A", NA, None, None, None, None, false),
        ("N/A\u{a0}", NA, None, None, None, None, false),
        ("tidak ada data", NA, None, None, None, None, false),
        ("Belum ada data", NA, None, None, None, None, false),
        // Grades and opinions, any case, alone.
        ("AA", G, None, None, None, Some("AA"), false),
        ("A", G, None, None, None, Some("A"), false),
        ("BB", G, None, None, None, Some("BB"), false),
        (" B", G, None, None, None, Some("B"), false),
        ("cc", G, None, None, None, Some("CC"), false),
        ("C", G, None, None, None, Some("C"), false),
        ("D", G, None, None, None, Some("D"), false),
        ("bb", G, None, None, None, Some("BB"), false),
        ("WTP", G, None, None, None, Some("WTP"), false),
        ("WDP", G, None, None, None, Some("WDP"), false),
        ("TW", G, None, None, None, Some("TW"), false),
        ("TMP", G, None, None, None, Some("TMP"), false),
        ("5 A", V, Some(5.0), None, Some("A"), None, false),
        // Spreadsheet errors and other text.
        ("#REF!", U, None, None, None, None, false),
        ("#DIV/0!", U, None, None, None, None, false),
        ("#VALUE!", U, None, None, None, None, false),
        ("#NAME?", U, None, None, None, None, false),
        ("tiga puluh", U, None, None, None, None, false),
        ("dua", U, None, None, None, None, false),
        ("Baik", U, None, None, None, None, false),
        ("12,3,4", U, None, None, None, None, false),
        ("99,9,9", U, None, None, None, None, false),
        ("1.2.3", U, None, None, None, None, false),
        ("65 usulan dari 38 usulan", U, None, None, None, None, false),
        ("target 38", U, None, None, None, None, false),
        ("5-", U, None, None, None, None, false),
        ("(5", U, None, None, None, None, false),
        ("5)", U, None, None, None, None, false),
        ("% 58", U, None, None, None, None, false),
        ("80 (Baik) lagi", U, None, None, None, None, false),
        ("TRUE", U, None, None, None, None, false),
    ];

    #[test]
    fn every_typed_form() {
        for &(text, state, number, unit, label, grade, ambiguous) in CASES {
            let v = parse_text(text);
            let got = (
                v.state,
                v.number,
                v.unit.as_deref(),
                v.label.as_deref(),
                v.grade.as_deref(),
                v.ambiguous,
            );
            assert_eq!(
                got,
                (state, number, unit, label, grade, ambiguous),
                "{text:?}"
            );
            assert_eq!(v.raw, text, "raw of {text:?}");
            assert_eq!(v.at, None);
        }
    }

    #[test]
    fn labels_normalize_for_comparison() {
        assert_eq!(normalize_label("Sangat  baik "), "sangat baik");
        assert_eq!(normalize_label("(Baik)"), "baik");
        assert_eq!(normalize_label("SANGAT BAEK"), "sangat baik");
        assert_eq!(normalize_label("Baikk"), "baik");
        assert_eq!(normalize_label("sangatbaik"), "sangat baik");
        assert_eq!(normalize_label("Kurang\u{a0}Baik"), "kurang baik");
        assert_eq!(normalize_label("Cukup"), "cukup");
        assert_eq!(normalize_label("B"), "b");
    }

    #[test]
    fn units_normalize_for_comparison() {
        assert_eq!(normalize_unit("Unit "), "unit");
        assert_eq!(normalize_unit("SOP"), "sop");
        assert_eq!(normalize_unit("Orang."), "orang");
        assert_eq!(normalize_unit("persen"), "%");
        assert_eq!(normalize_unit("Rp"), "rp");
        assert_eq!(normalize_unit("unsur  masyarakat"), "unsur masyarakat");
    }
}
