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
        r"^(?:(?:jumlah|total|sub\s*total|grand\s*total)(?:\s+(?:capaian|keseluruhan|seluruhnya|kinerja))?\s*:?$|(?:rata\W*rata|rerata|rata2)\b|(?:capaian|nilai)\s+rata\W*rata\b)",
    )
    .ok()
});

/// "A. Tujuan", "I. PROGRAM …", "b) Sasaran": an enumerated heading.
static SECTION_ENUM: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(?:[ivx]{1,4}|[a-h])[.)]\s*\p{L}").ok());

/// "Kinerja Tujuan", "Kinerja Sub Kegiatan", or a level word alone ("Sasaran").
static SECTION_KINERJA: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"^(?:kinerja\s+(?:tujuan|sasaran|program|kegiatan|sub\s*kegiatan|subkegiatan)\b|(?:tujuan|sasaran(?:\s+strategis)?|program|kegiatan|sub\s*kegiatan|subkegiatan)\s*:?$)",
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
    !t.is_empty() && (matches(&FOOTER_START, &t) || matches(&DATE_LINE, &t))
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

/// The column number a numbered-column cell shows, if it is one.
pub(crate) fn colnum_text(text: &str) -> Option<u32> {
    let t = collapse(text);
    let re = COLNUM_TEXT.as_ref()?;
    re.captures(&t)?.get(1)?.as_str().parse().ok()
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
        assert_eq!(colnum_text("4,00"), None);
        assert_eq!(colnum_text("Target"), None);
        assert_eq!(collapse(" a\n b\u{a0} c "), "a b c");
        assert!(is_upper("MENINGKATNYA SOP"));
        assert!(!is_upper("Meningkatnya"));
    }
}
