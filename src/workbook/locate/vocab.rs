//! The header vocabulary, as data: every term offices use in a header cell, in Indonesian
//! and English, abbreviated, snake_case or digit-glued, with what it says about its
//! column. One table, one test per row (below); `header.rs` reads a cell with it.
//!
//! Terms are sequences of normalized words (lowercase letters and digits, "%" its own
//! word, letters and digits split: "capaian1" → "capaian 1"). A term matches wherever it
//! stands in a long header ("Tingkat Capaian Kinerja dan Realisasi Anggaran RKPD (%)");
//! `header.rs` decides between several.

use super::Role;
use std::collections::HashMap;
use std::sync::LazyLock;

/// What one vocabulary term says about a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Meaning {
    /// The column's role, unless a term further left names another role.
    Role(Role),
    /// The column's role whatever else the cell names ("Indikator Kinerja Program
    /// (Outcome)/Kegiatan (Output)" is the indicator, not a statement).
    Strong(Role),
    /// A level of the performance tree ("Program", "Sub kegiatan"): a statement column,
    /// only when nothing else in the cell names a role.
    Level,
    /// The cell is the capaian in percent whatever else it names ("Tingkat Capaian",
    /// "Persentase Capaian", "Tingkat Realisasi").
    Percent,
    /// Money: Rupiah, budget, pagu.
    Money,
    /// The indicator's own quantity ("K", "Kinerja", "Fisik").
    Kinerja,
    /// Supporting evidence: never a value column ("Data Dukung", "Bukti", "Link").
    Evidence,
    /// A column that is known and has no role (Kode, PIC, Definisi Operasional, Bobot).
    Other,
    /// A multi-year plan figure (RPJMD, Renstra): context, not this year's.
    Plan,
    /// Last year's figure or an earlier period ("Tahun Lalu", "n-2").
    Previous,
    /// A projection or estimate ("Proyeksi", "Perkiraan").
    Projection,
    /// Within-year cumulative or annual total ("s.d.", "Kumulatif", "Total", "Tahunan").
    Cumulative,
    /// A period word: the number after it (or the month) says which.
    QuarterWord,
    SemesterWord,
}

use Meaning::*;

/// The vocabulary. Longer terms are tried first at each position, so "sub kegiatan" wins
/// over "kegiatan" and "tingkat capaian" over "capaian".
pub(crate) const TERMS: &[(&str, Meaning)] = &[
    // indicator
    ("indikator", Strong(Role::Indicator)),
    ("indicator", Strong(Role::Indicator)),
    ("indikator kinerja", Strong(Role::Indicator)),
    ("ik", Strong(Role::Indicator)),
    ("iku", Strong(Role::Indicator)),
    ("ikk", Strong(Role::Indicator)),
    ("ikd", Strong(Role::Indicator)),
    ("kpi", Strong(Role::Indicator)),
    ("key performance indicator", Strong(Role::Indicator)),
    ("tolok ukur", Strong(Role::Indicator)),
    ("tolak ukur", Strong(Role::Indicator)),
    ("ukuran keberhasilan", Strong(Role::Indicator)),
    ("jenis iku", Strong(Role::Indicator)),
    // statement: levels of the tree
    ("sasaran", Level),
    ("sasaran strategis", Level),
    ("tujuan", Level),
    ("program", Level),
    ("kegiatan", Level),
    ("sub kegiatan", Level),
    ("subkegiatan", Level),
    ("uraian", Level),
    ("kinerja", Level),
    ("urusan", Level),
    ("bidang urusan", Level),
    ("objective", Level),
    ("goal", Level),
    ("outcome", Level),
    ("output", Level),
    // unit
    ("satuan", Strong(Role::Unit)),
    ("sat", Strong(Role::Unit)),
    ("satuan kinerja", Strong(Role::Unit)),
    ("unit", Strong(Role::Unit)),
    ("unit kerja", Other),
    // target
    ("target", Role(Role::Target)),
    ("tgt", Role(Role::Target)),
    ("trgt", Role(Role::Target)),
    ("t", Role(Role::Target)),
    ("volume", Role(Role::Target)),
    ("vol", Role(Role::Target)),
    ("rencana", Role(Role::Target)),
    ("sasaran target", Role(Role::Target)),
    // realisasi
    ("realisasi", Role(Role::Realisasi)),
    ("real", Role(Role::Realisasi)),
    ("rel", Role(Role::Realisasi)),
    ("r", Role(Role::Realisasi)),
    ("realisasi pencapaian", Role(Role::Realisasi)),
    ("actual", Role(Role::Realisasi)),
    ("aktual", Role(Role::Realisasi)),
    ("realization", Role(Role::Realisasi)),
    ("terealisasi", Role(Role::Realisasi)),
    // capaian
    ("capaian", Role(Role::Capaian)),
    ("pencapaian", Role(Role::Capaian)),
    ("achievement", Percent),
    ("persentase capaian", Percent),
    ("prosentase capaian", Percent),
    ("presentase capaian", Percent),
    ("persen capaian", Percent),
    ("tingkat capaian", Percent),
    ("tingkat realisasi", Percent),
    ("tingkat pencapaian", Percent),
    ("capaian %", Percent),
    ("%", Percent),
    ("persentase", Percent),
    ("prosentase", Percent),
    ("persen", Percent),
    // keterangan
    ("keterangan", Role(Role::Keterangan)),
    ("ket", Role(Role::Keterangan)),
    ("catatan", Role(Role::Keterangan)),
    ("catatan analisis", Role(Role::Keterangan)),
    ("analisis", Role(Role::Keterangan)),
    ("remarks", Role(Role::Keterangan)),
    ("remark", Role(Role::Keterangan)),
    ("notes", Role(Role::Keterangan)),
    ("penjelasan", Role(Role::Keterangan)),
    // numbering
    ("no", Role(Role::No)),
    ("nomor", Role(Role::No)),
    ("no urut", Role(Role::No)),
    ("nmr", Role(Role::No)),
    ("nr", Role(Role::No)),
    // money
    ("anggaran", Money),
    ("pagu", Money),
    ("pagu anggaran", Money),
    ("rp", Money),
    ("rupiah", Money),
    ("dana", Money),
    ("biaya", Money),
    ("keuangan", Money),
    ("budget", Money),
    ("kebutuhan dana", Money),
    // the indicator's quantity
    ("k", Kinerja),
    ("fisik", Kinerja),
    // evidence
    ("data dukung", Evidence),
    ("bukti", Evidence),
    ("bukti dukung", Evidence),
    ("dokumen", Evidence),
    ("foto", Evidence),
    ("link", Evidence),
    ("url", Evidence),
    ("tautan", Evidence),
    ("evidence", Evidence),
    ("lampiran", Evidence),
    // known columns without a role
    ("kode", Other),
    ("kode rekening", Other),
    ("pic", Other),
    ("penanggung jawab", Other),
    ("perangkat daerah", Other),
    ("definisi operasional", Other),
    ("formula", Other),
    ("rumus", Other),
    ("cara perhitungan", Other),
    ("sumber data", Other),
    ("bobot", Other),
    ("skpd", Other),
    ("opd", Other),
    ("lokasi", Other),
    ("spm", Other),
    ("klasifikasi", Other),
    // scope
    ("rpjmd", Plan),
    ("rpjm", Plan),
    ("renstra", Plan),
    ("periode", Plan),
    ("tahun lalu", Previous),
    ("lalu", Previous),
    ("sebelumnya", Previous),
    ("n 2", Previous),
    ("proyeksi", Projection),
    ("perkiraan", Projection),
    // periods
    ("s d", Cumulative),
    ("sd", Cumulative),
    ("sampai dengan", Cumulative),
    ("kumulatif", Cumulative),
    ("akumulasi", Cumulative),
    ("total", Cumulative),
    ("jumlah", Cumulative),
    ("tahunan", Cumulative),
    ("setahun", Cumulative),
    ("akhir", Cumulative),
    ("ytd", Cumulative),
    ("tw", QuarterWord),
    ("trw", QuarterWord),
    ("triwulan", QuarterWord),
    ("tri", QuarterWord),
    ("q", QuarterWord),
    ("quarter", QuarterWord),
    ("semester", SemesterWord),
    ("smt", SemesterWord),
    ("sem", SemesterWord),
];

/// Misspellings of long role words are common ("Reaisasi", "Realisai", "Indkator",
/// "Taget", "Trget"): a word of five letters or more within one edit of one of these
/// (each six letters or more) is read as it.
pub(crate) const FUZZY: &[&str] = &[
    "realisasi",
    "indikator",
    "capaian",
    "pencapaian",
    "keterangan",
    "target",
    "satuan",
];

/// Month names and abbreviations, Indonesian and English, with the month number.
pub(crate) const MONTHS: &[(&str, u8)] = &[
    ("januari", 1),
    ("jan", 1),
    ("january", 1),
    ("februari", 2),
    ("pebruari", 2),
    ("feb", 2),
    ("peb", 2),
    ("february", 2),
    ("maret", 3),
    ("mar", 3),
    ("mrt", 3),
    ("march", 3),
    ("april", 4),
    ("apr", 4),
    ("mei", 5),
    ("may", 5),
    ("juni", 6),
    ("jun", 6),
    ("june", 6),
    ("juli", 7),
    ("jul", 7),
    ("july", 7),
    ("agustus", 8),
    ("agust", 8),
    ("agst", 8),
    ("agu", 8),
    ("agt", 8),
    ("ags", 8),
    ("aug", 8),
    ("august", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("oktober", 10),
    ("okt", 10),
    ("oct", 10),
    ("october", 10),
    ("november", 11),
    ("nopember", 11),
    ("nov", 11),
    ("nop", 11),
    ("desember", 12),
    ("des", 12),
    ("dec", 12),
    ("december", 12),
];

/// A month's full name ("Januari" for 1), as a header would write it.
pub(crate) fn month_name(month: u8) -> Option<String> {
    let (word, _) = MONTHS.iter().find(|(_, m)| *m == month)?;
    let mut chars = word.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().chain(chars).collect())
}

/// A header cell holding a date ("Jan-23" stored as 2023-01-01): the month it names, as
/// a header reads it ("Januari 2023"). None for any cell that is not a date.
pub(crate) fn month_header(cell: &crate::workbook::Cell) -> Option<String> {
    let (year, month) = crate::normalize::date_month(cell)?;
    Some(format!("{} {year}", month_name(month)?))
}

/// The month a word names.
pub(crate) fn month(word: &str) -> Option<u8> {
    MONTHS.iter().find(|(w, _)| *w == word).map(|(_, m)| *m)
}

/// Quarter numeral or digit ("i".."iv", "1".."4").
pub(crate) fn quarter_number(word: &str) -> Option<u8> {
    match word {
        "i" | "1" => Some(1),
        "ii" | "2" => Some(2),
        "iii" | "3" => Some(3),
        "iv" | "4" => Some(4),
        _ => None,
    }
}

/// Lowercased words of a header cell: letters and digits kept, "%" its own word, every
/// other character a separator, and a run of letters split from a run of digits
/// ("capaian1" → "capaian", "1"; "TW1" → "tw", "1"), so snake_case and digit-glued
/// column names read like typed headers.
pub(crate) fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut cur_digit = false;
    for ch in text.chars() {
        if ch.is_alphanumeric() {
            let digit = ch.is_ascii_digit();
            if !cur.is_empty() && digit != cur_digit {
                out.push(std::mem::take(&mut cur));
            }
            cur_digit = digit;
            cur.extend(ch.to_lowercase());
        } else {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            if ch == '%' {
                out.push("%".to_string());
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A term, its words and what it means.
type Indexed = (&'static str, Vec<&'static str>, Meaning);

/// The terms indexed by their first word, longest first, built once: a header row of a
/// large sheet is classified cell by cell, so the lookup must not scan the whole table.
static BY_FIRST: LazyLock<HashMap<&'static str, Vec<Indexed>>> = LazyLock::new(|| {
    let mut map: HashMap<&'static str, Vec<Indexed>> = HashMap::new();
    for (term, meaning) in TERMS {
        let parts: Vec<&'static str> = term.split(' ').collect();
        if let Some(first) = parts.first() {
            map.entry(*first)
                .or_default()
                .push((*term, parts, *meaning));
        }
    }
    for list in map.values_mut() {
        list.sort_by_key(|(_, parts, _)| std::cmp::Reverse(parts.len()));
    }
    map
});

/// The longest term that starts at `words[at]`, with its length in words.
pub(crate) fn term_at(words: &[&str], at: usize) -> Option<(&'static str, Meaning, usize)> {
    let w = words.get(at)?;
    if let Some(list) = BY_FIRST.get(w) {
        for (term, parts, meaning) in list {
            let n = parts.len();
            if words
                .get(at..at + n)
                .is_some_and(|slice| slice == parts.as_slice())
            {
                return Some((term, *meaning, n));
            }
        }
    }
    let len = w.chars().count();
    if len >= 5 && w.chars().all(char::is_alphabetic) {
        for target in FUZZY {
            if target.len().abs_diff(len) <= 1 && strsim::damerau_levenshtein(w, target) == 1 {
                return term_at(&[target], 0).map(|(t, m, _)| (t, m, 1));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every term of the table is found by `term_at` with its own meaning (no term is
    /// shadowed by another of the same words).
    #[test]
    fn every_term_reads_as_itself() {
        for (term, meaning) in TERMS {
            let ws: Vec<&str> = term.split(' ').collect();
            let got = term_at(&ws, 0);
            assert_eq!(
                got.map(|(t, m, _)| (t, m)),
                Some((*term, *meaning)),
                "{term}"
            );
        }
    }

    #[test]
    fn every_term_is_in_normalized_form() {
        for (term, _) in TERMS {
            assert_eq!(words(term).join(" "), *term, "{term}");
        }
    }

    #[test]
    fn words_split_case_snake_and_digits() {
        assert_eq!(words("indikator_intervensi"), ["indikator", "intervensi"]);
        assert_eq!(words("capaian1"), ["capaian", "1"]);
        assert_eq!(words("tahun1"), ["tahun", "1"]);
        assert_eq!(words("Capaian (%)"), ["capaian", "%"]);
        assert_eq!(words("s.d. TW IV"), ["s", "d", "tw", "iv"]);
        assert_eq!(words("Rp. (000)"), ["rp", "000"]);
    }

    #[test]
    fn misspelt_role_words_are_read() {
        let got = |w: &str| term_at(&[w], 0).map(|(t, _, _)| t);
        assert_eq!(got("reaisasi"), Some("realisasi"));
        assert_eq!(got("realisai"), Some("realisasi"));
        assert_eq!(got("indkator"), Some("indikator"));
        assert_eq!(got("taget"), Some("target"));
        assert_eq!(got("trget"), Some("target"));
        assert_eq!(got("satun"), Some("satuan"));
        assert_eq!(got("meningkatnya"), None);
        // Short words are not stretched to a term two letters away.
        assert_eq!(got("capai"), None);
        assert_eq!(got("tahun"), None);
    }

    #[test]
    fn months_and_quarters() {
        assert_eq!(month("jan"), Some(1));
        assert_eq!(month("desember"), Some(12));
        assert_eq!(month("nopember"), Some(11));
        assert_eq!(quarter_number("iv"), Some(4));
        assert_eq!(quarter_number("v"), None);
    }
}
