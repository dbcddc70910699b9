//! Words that tell what a row of the table body is: a signature-block line ("Camat …",
//! "NIP. …", "Sungguminasa, 15 Januari 2024"), a summary line ("Rata-rata capaian",
//! "Jumlah"), a section heading ("A. Tujuan", "Kinerja Sasaran", "PROGRAM …"), an
//! indicator wording ("Jumlah …", "Persentase …") or a numbered-column row ("(1) (2) (3)").
//! Pure text tests; every regex is compiled once, never per cell.

use regex::Regex;
use std::sync::LazyLock;

/// Whitespace collapsed to single spaces (newlines, tabs and non-breaking spaces
/// included), trimmed.
pub(crate) fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn lower(text: &str) -> String {
    collapse(text).to_lowercase()
}

static FOOTER_START: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"^(?:camat\b|plt\.?\s*camat|plh\.?\s*camat|a\.?\s*n\.?\s+camat|an\.\s*camat|sekretaris\s+camat|kepala\s+kecamatan|mengetahui|menyetujui|disetujui|disahkan|nip\b|nip\.|pembina\b|penata\b|dibuat\s+oleh|diperiksa\s+oleh)",
    )
    .ok()
});

/// A date line "Sungguminasa, 15 Januari 2024" (place, day, month name, year).
static DATE_LINE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"^[\p{L} .'-]{2,40},\s*\d{1,2}\s+(?:januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober|november|nopember|desember|jan|feb|mar|apr|jun|jul|agu|agt|ags|sep|okt|nov|des)\w*\.?\s+\d{4}\b",
    )
    .ok()
});

static SUMMARY: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?:jumlah|total|sub\s*total|grand\s*total)(?:\s+(?:capaian|keseluruhan|seluruhnya|kinerja|kpi|iku|ik|indikator|nilai|skor))*\s*:?$|(?:rata\W*rata|rerata|rata2|average)\b|(?:capaian|nilai|skor)\s+(?:rata\W*rata|akhir|total)\b)",
    )
    .ok()
});

/// "a. Pertanian", "b) Perikanan", "- sarana pelayanan", "• sarana rentan": a lettered
/// or bulleted sub-item of the row above.
static SUB_ITEM: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^(?:[a-z][.)]|[-\u{2013}\u{2022}\u{00B7}\u{25AA}*])\s*\p{L}").ok()
});

/// Words a wrapped line can end on when the phrase goes on below it.
const CONNECTORS: &[&str] = &[
    "yang", "dan", "atau", "di", "ke", "dari", "dalam", "terhadap", "untuk", "pada", "oleh",
    "dengan", "bagi", "serta", "tentang", "per", "se", "sesuai", "melalui", "antara", "atas",
];

/// A line that ends on a connector: its phrase goes on on the next line.
pub(crate) fn ends_open(text: &str) -> bool {
    let t = collapse(text);
    let last = t.split(' ').next_back().unwrap_or("").to_lowercase();
    CONNECTORS.contains(&last.as_str()) || t.ends_with(',')
}

/// "A. Tujuan", "I. PROGRAM …", "b) Sasaran": an enumerated heading.
static SECTION_ENUM: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(?:[ivx]{1,4}|[a-h])[.)]\s*\p{L}").ok());

/// "Kinerja Tujuan", "Kinerja Sub Kegiatan", a level word alone ("Sasaran"), or a level
/// word with a colon before the name ("Kegiatan: Administrasi Keuangan").
static SECTION_KINERJA: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"^(?:kinerja\s+(?:tujuan|sasaran|program|kegiatan|sub\s*kegiatan|subkegiatan)\b|(?:tujuan|sasaran(?:\s+strategis)?|program|kegiatan|sub\s*kegiatan|subkegiatan)\s*(?::?$|:\s*\S))",
    )
    .ok()
});

/// A heading that starts with a level word: "PROGRAM PENUNJANG …", "Sasaran 1: …".
static SECTION_LEVEL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^(?:tujuan|sasaran|program|kegiatan|sub\s*kegiatan|subkegiatan)\b").ok()
});

static INDICATOR_START: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"^(?:%|(?:jumlah|persentase|prosentase|presentase|indeks|nilai|predikat|rasio|tingkat|angka|cakupan|rata\W*rata|opini|skor|ikm|ipp|sakip)\b)",
    )
    .ok()
});

static ROMAN_OR_LETTER: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(?:[ivx]{1,5}|[a-h])[.)]?$").ok());

/// A numbered-column cell: "1", "(1)", "1.", "[2]", "(5)=(4)/(3)".
static COLNUM_TEXT: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^[(\[]?(\d{1,2})[)\]]?\.?(?:\s*[=x×/*+-].*)?$").ok());

fn matches(re: &LazyLock<Option<Regex>>, text: &str) -> bool {
    re.as_ref().is_some_and(|re| re.is_match(text))
}

/// A line of the signature block under the table.
pub(crate) fn is_footer_text(text: &str) -> bool {
    let t = lower(text);
    // A date line always has its comma; the test runs on every cell below a table, and
    // the comma is far cheaper to look for than the date pattern.
    !t.is_empty() && (matches(&FOOTER_START, &t) || (t.contains(',') && matches(&DATE_LINE, &t)))
}

static NOTE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^(?:\*+\)?\s*\S|(?:sumber(?:\s+data)?|catatan|ket|keterangan|nb|note|notes|source)\s*(?:[:.=]\s*\S|:\s*$))")
        .ok()
});

/// A note written under a table or over one ("Sumber: hasil SKM tahun 2022", "Catatan:
/// …", "Ket. : …", "*) angka sementara", or a heading "Keterangan :" over a list of
/// them): never a title, so its years and words name no period and no office.
pub(crate) fn is_note_text(text: &str) -> bool {
    matches(&NOTE, &lower(text))
}

static LIST_ITEM: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(?:\d{1,2}\s*[.)]\s+|[-\u{2022}*]\s*)\S").ok());

/// A line that goes on a note: the note ended on a connector ("… dilaksanakan pada") or
/// a colon ("Keterangan :" over its list), the line starts in lower case, or it is an
/// item of the note's list ("1. Realisasi tahun 2022 sebagai pembanding", "2) …",
/// "- …"). A line in capitals or naming a level of the tree ("2. CAPAIAN KINERJA
/// PROGRAM", "Sasaran 2"), or an indicator's wording outside a list ("Jumlah SOP …"),
/// is a line of its own, never a note's.
pub(crate) fn continues_note(note: &str, line: &str) -> bool {
    let line = collapse(line);
    let item = matches(&LIST_ITEM, &line);
    let words = line.trim_start_matches(|c: char| !c.is_alphabetic());
    if is_upper(&line) || starts_with_level_word(words) || !item && looks_like_indicator(&line) {
        return false;
    }
    ends_open(note)
        || collapse(note).ends_with(':')
        || line.chars().next().is_some_and(char::is_lowercase)
        || item
}

/// Whether `line` belongs to a note: a note line itself, or one that goes on `last`,
/// the note's line above it (None when the line above is no note's).
pub(crate) fn note_line(last: Option<&str>, line: &str) -> bool {
    is_note_text(line) || last.is_some_and(|n| continues_note(n, line))
}

/// A total or average line ("Rata-rata Capaian Kinerja", "Jumlah").
pub(crate) fn is_summary_text(text: &str) -> bool {
    matches(&SUMMARY, &lower(text))
}

/// An enumerated or "Kinerja …" heading, always a section whatever surrounds it.
pub(crate) fn is_section_heading(text: &str) -> bool {
    let t = lower(text);
    matches(&SECTION_ENUM, &t) || matches(&SECTION_KINERJA, &t)
}

/// A heading that starts with a level word ("PROGRAM …"); only a section when it cannot
/// be the wrapped tail of the row above, which the caller decides.
pub(crate) fn starts_with_level_word(text: &str) -> bool {
    matches(&SECTION_LEVEL, &lower(text))
}

/// Roman numeral or single letter used to number section rows ("I", "II", "A.").
pub(crate) fn is_section_number(text: &str) -> bool {
    matches(&ROMAN_OR_LETTER, &lower(text))
}

/// Wording that names an indicator by itself, so a row with it is an indicator row even
/// when its numbers are blank.
pub(crate) fn looks_like_indicator(text: &str) -> bool {
    matches(&INDICATOR_START, &lower(text))
}

/// A lettered or bulleted sub-item ("a. Pertanian", "b) Perikanan", "- sarana").
pub(crate) fn is_sub_item(text: &str) -> bool {
    matches(&SUB_ITEM, &lower(text))
}

/// Whether `above`, a line with no numbers, is the start of the indicator whose rest is
/// `below` (the row with the numbers): a one- or two-word fragment ("Jumlah",
/// "Persentase capaian"), a line ending on a connector ("… yang"), or a line followed by
/// one that starts in lower case. A complete indicator wording above another is not.
pub(crate) fn is_lead_fragment(above: &str, below: &str) -> bool {
    let a = collapse(above);
    let b = collapse(below);
    if a.is_empty() || b.is_empty() || is_section_heading(&a) || is_sub_item(&b) {
        return false;
    }
    if ends_open(&a) {
        return true;
    }
    // A row whose own text starts an indicator ("Persentase …") has its start already.
    if looks_like_indicator(&b) {
        return false;
    }
    let continues_lower = b.chars().next().is_some_and(char::is_lowercase);
    a.split(' ').count() <= 2 || continues_lower
}

/// A line that continues the phrase above it: it starts in lower case or on a connector
/// ("yang tersedia", "YANG TERSEDIA", "dan sarana …").
pub(crate) fn is_tail_fragment(text: &str) -> bool {
    let t = collapse(text);
    let first = t.split(' ').next().unwrap_or("").to_lowercase();
    t.chars().next().is_some_and(char::is_lowercase) || CONNECTORS.contains(&first.as_str())
}

/// The column number a numbered-column cell shows, if it is one: "3", "(3)", "4.",
/// "12 = 8+9+10+11", "(7) = (6) : (5) x 100", or a letter "(a)", "b", "©" (an
/// autocorrected "(c)") counted from a = 1.
pub(crate) fn colnum_text(text: &str) -> Option<u32> {
    let t = collapse(text);
    if let Some(n) = COLNUM_TEXT
        .as_ref()
        .and_then(|re| re.captures(&t))
        .and_then(|c| c.get(1))
        .and_then(|m| m.as_str().parse().ok())
    {
        return Some(n);
    }
    if t == "\u{a9}" {
        return Some(3);
    }
    let inner = t
        .strip_prefix('(')
        .and_then(|x| x.strip_suffix(')'))
        .unwrap_or(&t);
    let mut chars = inner.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_lowercase() => Some(u32::from(c) - u32::from('a') + 1),
        _ => None,
    }
}

/// True when every letter of the text is uppercase (and it has at least one letter).
pub(crate) fn is_upper(text: &str) -> bool {
    let mut any = false;
    for ch in text.chars().filter(|c| c.is_alphabetic()) {
        if ch.is_lowercase() {
            return false;
        }
        any = true;
    }
    any
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_that_go_on_a_note() {
        assert!(continues_note(
            "Keterangan :",
            "1. Realisasi tahun 2022 sebagai pembanding"
        ));
        assert!(continues_note("Keterangan :", "Data SKM Semester I"));
        assert!(continues_note(
            "*) hasil SKM yang dilaksanakan pada",
            "Semester II 2022"
        ));
        assert!(continues_note(
            "Sumber: SKM 2022",
            "2) Data SKM Semester I tahun 2022"
        ));
        assert!(continues_note("1. Data IKM", "2. *) angka sementara"));
        assert!(!continues_note(
            "Sumber: hasil SKM 2022.",
            "Tabel 2. Capaian Kinerja"
        ));
        assert!(!continues_note(
            "Sumber: hasil SKM 2022.",
            "B. CAPAIAN KINERJA PROGRAM"
        ));
        for title in [
            "2. CAPAIAN KINERJA PROGRAM",
            "1.1 Sasaran Strategis",
            "1.250 responden",
            "Sasaran 2: Meningkatnya pelayanan",
            "Jumlah SOP pelayanan yang disusun",
        ] {
            assert!(!continues_note("Sumber: hasil SKM 2022.", title), "{title}");
        }
    }

    #[test]
    fn notes_are_not_titles() {
        for t in [
            "Sumber: hasil SKM tahun 2022",
            "Sumber Data : Bagian Organisasi",
            "Catatan: angka sementara",
            "Ket. : TW = Triwulan",
            "*) data s.d. November 2023",
            "NB: diisi oleh kecamatan",
            "Keterangan :",
            "Catatan:",
        ] {
            assert!(is_note_text(t), "{t}");
        }
        for t in [
            "LAPORAN KINERJA KECAMATAN BAJENG TAHUN 2023",
            "Keterangan",
            "Ket.",
            "Sumber daya aparatur kecamatan",
            "Capaian Kinerja Tahun 2022",
        ] {
            assert!(!is_note_text(t), "{t}");
        }
    }

    #[test]
    fn lettered_and_bulleted_sub_items() {
        for t in [
            "a. Pertanian",
            "b) Perikanan",
            "- sarana pelayanan",
            "\u{2022} sarana rentan",
            "\u{2013} kelompok rentan",
            "* maklumat",
        ] {
            assert!(is_sub_item(t), "{t}");
        }
        for t in ["-", "- 5", "Jumlah sarana", "ab. x", "-5 unit", ""] {
            assert!(!is_sub_item(t), "{t}");
        }
    }

    #[test]
    fn signature_block_lines_are_footer() {
        for t in [
            "Sungguminasa, 15 Januari 2024",
            "Sungguminasa,  7 Januari 2024",
            "CAMAT BONTOLEMPANGAN",
            "Camat Bajeng",
            "NIP. 19660320 199102 2 126",
            "NIP 19660320",
            "Mengetahui,",
            "Plt. Camat Parigi",
            "Pembina Tk. I",
        ] {
            assert!(is_footer_text(t), "{t:?}");
        }
        for t in [
            "SOP ditetapkan dengan SK Camat",
            "Jumlah pengaduan yang belum ditindaklanjuti",
            "Hasil LHE Inspektorat Tahun 2023",
            "",
        ] {
            assert!(!is_footer_text(t), "{t:?}");
        }
    }

    #[test]
    fn summary_lines_are_told_from_indicators() {
        assert!(is_summary_text("Rata-rata Capaian Kinerja"));
        assert!(is_summary_text("Rata - rata"));
        assert!(is_summary_text("Jumlah"));
        assert!(is_summary_text("JUMLAH"));
        assert!(is_summary_text("Total"));
        assert!(is_summary_text("Capaian rata-rata"));
        assert!(!is_summary_text("Jumlah usulan masyarakat"));
        assert!(!is_summary_text(
            "Jumlah pengaduan yang belum ditindaklanjuti"
        ));
    }

    #[test]
    fn section_headings() {
        assert!(is_section_heading("A. Tujuan"));
        assert!(is_section_heading("E. Sub Kegiatan"));
        assert!(is_section_heading("Kinerja Sub Kegiatan"));
        assert!(is_section_heading("Kinerja Tujuan"));
        assert!(!is_section_heading("Kinerja"));
        assert!(is_section_heading("Sasaran"));
        assert!(is_section_heading("PROGRAM:"));
        assert!(is_section_heading("Kegiatan: Administrasi Keuangan"));
        assert!(is_section_heading("Sub Kegiatan : Penyediaan Gaji"));
        assert!(!is_section_heading("Program pelayanan"));
        assert!(!is_section_heading("pelayanan publik"));
        assert!(starts_with_level_word(
            "PROGRAM PENUNJANG URUSAN PEMERINTAHAN"
        ));
        assert!(!starts_with_level_word("Meningkatnya program"));
        assert!(is_section_number("II"));
        assert!(is_section_number("iv"));
        assert!(is_section_number("B."));
        assert!(!is_section_number("12"));
        assert!(!is_section_number("Ini"));
    }

    #[test]
    fn indicator_wordings_and_column_numbers() {
        assert!(looks_like_indicator("Jumlah SOP yang disusun"));
        assert!(looks_like_indicator("% usulan masyarakat yang diakomodir"));
        assert!(looks_like_indicator(" Nilai SAKIP"));
        assert!(!looks_like_indicator("maklumat pelayanan yang tersedia"));
        assert!(!looks_like_indicator("(IKM)"));
        assert_eq!(colnum_text("(3)"), Some(3));
        assert_eq!(colnum_text("3"), Some(3));
        assert_eq!(colnum_text("4."), Some(4));
        assert_eq!(colnum_text("(5)=(4)/(3)"), Some(5));
        // The numbering rows quoted in issue 8 and the real forms.
        for (text, n) in [
            ("1", 1),
            ("(1)", 1),
            ("(a)", 1),
            ("(e) ", 5),
            ("\u{a9}", 3),
            ("13 = 9 + 10 + 11 + 12", 13),
            ("12 = 8+9+10+11", 12),
            ("8=(7/6)", 8),
            ("(7) = (6) : (5) x 100", 7),
            ("15 = 14 / 6 x 100", 15),
            ("10=(5+7+9)", 10),
        ] {
            assert_eq!(colnum_text(text), Some(n), "{text:?}");
        }
        assert_eq!(colnum_text("4,00"), None);
        assert_eq!(colnum_text("Target"), None);
        assert_eq!(collapse(" a\n b\u{a0} c "), "a b c");
        assert!(is_upper("MENINGKATNYA SOP"));
        assert!(!is_upper("Meningkatnya"));
    }
}
