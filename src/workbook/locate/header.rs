//! Header words: what a short header cell says about its column ("Target 2023" → target,
//! "Capaian (%)" → capaian, "Realisasi Anggaran" → anggaran, "TW IV" → a quarter label).
//! Matching is on normalized words (case, spaces, punctuation and years ignored) so that
//! every spelling offices use lands on one role. This module is pure text: it never looks
//! at a grid and never allocates more than the words of the one cell it is given.

use super::Role;

/// What one header cell says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HeaderWord {
    /// The cell names a column role; `quarter` marks a triwulan/semester column and
    /// `total` an annual or cumulative one ("Realisasi s.d. TW IV", "Total").
    Role {
        role: Role,
        quarter: bool,
        total: bool,
    },
    /// A sub-header that only names a period ("TW I", "Triwulan II", "Semester 1").
    Quarter,
    /// A sub-header that names a total ("Total", "Jumlah", "s.d. TW IV", "Tahunan").
    Total,
    /// A group header that only names the year ("Tahun 2023", "2023").
    Year,
}

/// Longest header cell, in words, that is still read as a header word; longer cells are
/// data (statements and indicators also contain "kinerja" or "sasaran").
const MAX_HEADER_WORDS: usize = 5;

/// Lowercased words of a cell: letters and digits kept, "%" kept as its own word,
/// everything else a separator.
pub(crate) fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for ch in text.chars() {
        if ch.is_alphanumeric() {
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

fn is_year(w: &str) -> bool {
    w.len() == 4
        && (w.starts_with("19") || w.starts_with("20"))
        && w.bytes().all(|b| b.is_ascii_digit())
}

fn is_roman_or_digit(w: &str) -> bool {
    matches!(w, "i" | "ii" | "iii" | "iv" | "1" | "2" | "3" | "4")
}

fn is_quarter_word(w: &str) -> bool {
    matches!(
        w,
        "tw" | "triwulan" | "trw" | "tri" | "semester" | "smt" | "q"
    ) || w.strip_prefix("tw").is_some_and(|rest| {
        !rest.is_empty()
            && rest.len() <= 3
            && rest
                .chars()
                .all(|c| c.is_ascii_digit() || c == 'i' || c == 'v')
    })
}

fn is_total_word(w: &str) -> bool {
    matches!(
        w,
        "total" | "jumlah" | "akhir" | "tahunan" | "sd" | "kumulatif" | "akumulasi"
    )
}

/// Classify one header cell; `None` when it is not a header word at all (empty, long
/// text, a number).
pub(crate) fn classify(text: &str) -> Option<HeaderWord> {
    let all = words(text);
    if all.is_empty() || all.len() > MAX_HEADER_WORDS + 2 {
        return None;
    }
    // Years and "tahun" say which year, not what the column holds.
    let w: Vec<&str> = all
        .iter()
        .map(String::as_str)
        .filter(|w| !is_year(w) && !matches!(*w, "tahun" | "th" | "thn"))
        .collect();
    if w.is_empty() {
        return Some(HeaderWord::Year);
    }
    if w.len() > MAX_HEADER_WORDS {
        return None;
    }
    let has = |x: &str| w.contains(&x);
    // "s.d." splits into "s" "d": read it as one total marker.
    let sd = w.windows(2).any(|p| p == ["s", "d"]);
    let quarter = w.iter().any(|x| is_quarter_word(x));
    let total = sd || w.iter().any(|x| is_total_word(x));
    let first = w.first().copied().unwrap_or("");
    let joined = w.join(" ");

    let role = if w
        .iter()
        .any(|x| matches!(*x, "anggaran" | "pagu" | "rp" | "dana" | "biaya"))
    {
        // Before realisasi: "Realisasi Anggaran" / "Realisasi (Rp)" is money, not the
        // indicator's realisasi.
        Some(Role::Anggaran)
    } else if matches!(first, "ket" | "keterangan" | "catatan" | "ket.") {
        Some(Role::Keterangan)
    } else if has("satuan") {
        Some(Role::Unit)
    } else if has("indikator") || matches!(first, "ik" | "iku" | "ikk") {
        Some(Role::Indicator)
    } else if has("capaian") || joined == "%" {
        Some(Role::Capaian)
    } else if matches!(first, "target" | "t" | "tgt" | "trgt") {
        Some(Role::Target)
    } else if matches!(first, "realisasi" | "real" | "r" | "rel" | "realisai") {
        Some(Role::Realisasi)
    } else if matches!(joined.as_str(), "no" | "nomor" | "no urut" | "nmr" | "nr") {
        Some(Role::No)
    } else if w.iter().any(|x| {
        matches!(
            *x,
            "sasaran" | "kinerja" | "uraian" | "program" | "kegiatan" | "tujuan"
        )
    }) {
        Some(Role::Statement)
    } else {
        None
    };
    match role {
        Some(role) => Some(HeaderWord::Role {
            role,
            quarter,
            total,
        }),
        None if w.iter().all(|x| is_quarter_word(x) || is_roman_or_digit(x)) && quarter => {
            Some(HeaderWord::Quarter)
        }
        None if w.iter().all(|x| {
            is_total_word(x)
                || matches!(*x, "s" | "d")
                || is_quarter_word(x)
                || is_roman_or_digit(x)
        }) && total =>
        {
            Some(HeaderWord::Total)
        }
        None => None,
    }
}

/// Largest year (19xx/20xx) written in a header, used to prefer "Realisasi 2023" over
/// "Realisasi 2022" when both are present.
pub(crate) fn year_in(text: &str) -> Option<u32> {
    words(text)
        .iter()
        .filter(|w| is_year(w))
        .filter_map(|w| w.parse().ok())
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(text: &str) -> Option<Role> {
        match classify(text) {
            Some(HeaderWord::Role { role, .. }) => Some(role),
            _ => None,
        }
    }

    #[test]
    fn every_header_spelling_of_the_corpus_maps_to_its_role() {
        let cases: &[(&str, Role)] = &[
            ("No", Role::No),
            ("No.", Role::No),
            ("NO", Role::No),
            ("No  ", Role::No),
            ("Sasaran", Role::Statement),
            ("Sasaran Strategis", Role::Statement),
            ("Sasaran/Program/Kegiatan", Role::Statement),
            ("Sasaran / Kinerja", Role::Statement),
            ("Kinerja", Role::Statement),
            ("Kinerja Utama\u{a0}", Role::Statement),
            ("Uraian Kinerja ", Role::Statement),
            ("IK", Role::Indicator),
            ("Indikator", Role::Indicator),
            ("INDIKATOR KINERJA", Role::Indicator),
            ("Indikator Kinerja Utama", Role::Indicator),
            ("Target", Role::Target),
            ("TARGET", Role::Target),
            ("Target 2023", Role::Target),
            ("\u{a0}Target 2023", Role::Target),
            ("Target Tahun 2023", Role::Target),
            ("Target Kinerja", Role::Target),
            ("T", Role::Target),
            ("Realisasi", Role::Realisasi),
            ("Real.", Role::Realisasi),
            ("R", Role::Realisasi),
            ("REALISASI", Role::Realisasi),
            ("Realisasi Tahun 2023", Role::Realisasi),
            ("Realisasi Kinerja 2023", Role::Realisasi),
            ("Capaian", Role::Capaian),
            ("Capaian (%)", Role::Capaian),
            ("Capaian (%) ", Role::Capaian),
            ("% Capaian", Role::Capaian),
            ("Capaian Kinerja", Role::Capaian),
            ("%", Role::Capaian),
            ("Ket.", Role::Keterangan),
            ("KET", Role::Keterangan),
            ("\u{a0}KET", Role::Keterangan),
            ("Keterangan", Role::Keterangan),
            ("Catatan", Role::Keterangan),
            ("Satuan", Role::Unit),
            ("Anggaran", Role::Anggaran),
            ("Pagu", Role::Anggaran),
            ("Pagu Anggaran (Rp)", Role::Anggaran),
            ("Realisasi Anggaran", Role::Anggaran),
            ("Realisasi (Rp)", Role::Anggaran),
            ("Anggaran (Rp)", Role::Anggaran),
        ];
        for (text, want) in cases {
            assert_eq!(role(text), Some(*want), "header {text:?}");
        }
    }

    #[test]
    fn data_text_and_group_labels_are_not_roles() {
        assert_eq!(
            role("Meningkatnya kualitas pelayanan publik yang memadai"),
            None
        );
        assert_eq!(role("Indeks Pelayanan Publik"), None);
        assert_eq!(role("4,00"), None);
        assert_eq!(role(""), None);
        assert_eq!(classify("Tahun 2023"), Some(HeaderWord::Year));
        assert_eq!(classify("2023"), Some(HeaderWord::Year));
        assert_eq!(classify("TW I"), Some(HeaderWord::Quarter));
        assert_eq!(classify("Triwulan IV"), Some(HeaderWord::Quarter));
        assert_eq!(classify("Total"), Some(HeaderWord::Total));
        assert_eq!(classify("s.d. TW IV"), Some(HeaderWord::Total));
    }

    #[test]
    fn quarter_and_total_flags_are_read_with_the_role() {
        assert_eq!(
            classify("Realisasi TW III"),
            Some(HeaderWord::Role {
                role: Role::Realisasi,
                quarter: true,
                total: false
            })
        );
        assert_eq!(
            classify("Realisasi s.d. TW IV"),
            Some(HeaderWord::Role {
                role: Role::Realisasi,
                quarter: true,
                total: true
            })
        );
        assert_eq!(year_in("Realisasi 2022 / 2023"), Some(2023));
        assert_eq!(year_in("Realisasi"), None);
    }
}
