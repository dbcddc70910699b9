//! One header cell read with the vocabulary (`vocab.rs`): the role it names and the term
//! that decided it, whether it speaks of money or of the indicator's quantity, of a plan,
//! last year or a projection, of a period (TW I–IV, a semester, a month, "s.d."), of a
//! year. Long official headers are read whole ("Tingkat Capaian Kinerja dan Realisasi
//! Anggaran RKPD Tahun n-1 (%)" → capaian, in percent, kinerja and money mixed).
//! This module is pure text: it never looks at a grid.

use super::vocab::{self, Meaning};
use super::Role;
use serde::{Deserialize, Serialize};

/// Whose figure a column holds: this year's, or context around it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// This year's (or this period's) figure.
    #[default]
    Current,
    /// A realisasi to date over several years ("s/d Tahun 2014").
    ToDate,
    /// Last year or an earlier period ("Tahun Lalu", "n-2").
    Previous,
    /// A projection or estimate ("Proyeksi", "Perkiraan").
    Projection,
    /// A multi-year plan (RPJMD, Renstra).
    Plan,
}

/// The period a column covers when it is not the whole year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// Triwulan 1–4.
    Quarter(u8),
    /// Semester 1–2.
    Semester(u8),
    /// Month 1–12.
    Month(u8),
}

impl Period {
    /// "TW II", "Semester 1", "bulan 3", as offices write them.
    pub fn label(self) -> String {
        match self {
            Period::Quarter(n) => format!("TW {}", roman(n)),
            Period::Semester(n) => format!("Semester {n}"),
            Period::Month(n) => format!("bulan {n}"),
        }
    }
}

fn roman(n: u8) -> &'static str {
    match n {
        1 => "I",
        2 => "II",
        3 => "III",
        4 => "IV",
        _ => "?",
    }
}

/// What one header cell says. Every field is optional: a sub-header "K" says only
/// `money: Some(false)`, a group "Realisasi Kinerja Pada Triwulan" says the role and
/// that its sub-columns are quarters.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct HeaderCell {
    pub role: Option<Role>,
    /// The vocabulary term that decided the role.
    pub term: Option<&'static str>,
    /// Index (in words, years left out) of the deciding term: headers start with it.
    pub term_pos: usize,
    /// A capaian named as a percent ("Tingkat Capaian", "Persentase Capaian", "%").
    pub percent: bool,
    /// The bare word "Capaian"/"Pencapaian" with nothing saying percent: beside a
    /// "Persentase Capaian" column it holds the achieved quantity.
    pub plain_capaian: bool,
    /// Some(true): money only; Some(false): the indicator's quantity only; None: neither
    /// said, or both ("Target Kinerja dan Anggaran").
    pub money: Option<bool>,
    pub evidence: bool,
    /// A known column without a role (Kode, PIC, Definisi Operasional).
    pub other: bool,
    pub scope: Scope,
    pub period: Option<Period>,
    /// "Triwulan" or "TW" without a number: the sub-headers say which.
    pub quarter_word: bool,
    pub semester_word: bool,
    /// A bare numeral cell ("I", "II", "3") under a period group.
    pub numeral: Option<u8>,
    pub cumulative: bool,
    /// The cell says the figure is to date in so many words ("s.d.", "sampai dengan",
    /// "kumulatif", "akumulasi"), not only a total ("Jumlah", "Tahunan", "Akhir").
    pub so_far: bool,
    pub year: Option<u32>,
    /// Words of the cell that are vocabulary (terms, months, numerals, years) and words
    /// that are not: a header is mostly vocabulary, a section heading is not.
    pub known: usize,
    pub unknown: usize,
}

/// Cells with more words than this are text, not headers (the longest official header
/// seen is about fifteen words).
const MAX_WORDS: usize = 24;

/// Single-letter terms ("T", "R", "K", "Q") count only in a cell this short.
const SHORT_CELL: usize = 3;

fn is_year(w: &str) -> bool {
    w.len() == 4
        && (w.starts_with("19") || w.starts_with("20"))
        && w.bytes().all(|b| b.is_ascii_digit())
}

fn is_year_word(w: &str) -> bool {
    matches!(w, "tahun" | "th" | "thn" | "year")
}

/// "s/d Tahun 2014", "s.d. 2021": a figure to date over years, not within the year.
fn to_date(all: &[String]) -> bool {
    all.windows(3).any(|w| {
        let until = (w[0] == "s" && w[1] == "d") || (w[0] == "sampai" && w[1] == "dengan");
        until && (is_year(&w[2]) || is_year_word(&w[2]))
    }) || all
        .windows(2)
        .any(|w| w[0] == "sd" && (is_year(&w[1]) || is_year_word(&w[1])))
}

/// Read one header cell; `None` when nothing in it is header vocabulary (data text, a
/// number, an empty cell).
pub(crate) fn classify(text: &str) -> Option<HeaderCell> {
    let all = vocab::words(text);
    if all.is_empty() || all.len() > MAX_WORDS {
        return None;
    }
    let mut cell = HeaderCell {
        year: all
            .iter()
            .filter(|w| is_year(w))
            .filter_map(|w| w.parse().ok())
            .max(),
        ..HeaderCell::default()
    };
    // Years and "tahun" say which year, never what the column holds.
    let ws: Vec<&str> = all
        .iter()
        .map(String::as_str)
        .filter(|w| !is_year(w) && !is_year_word(w))
        .collect();
    if ws.is_empty() {
        return cell.year.is_some().then_some(cell);
    }
    // A cell of numerals only ("I", "II", "3"): the quarter under a period group.
    if ws.len() == 1 {
        if let Some(n) = vocab::quarter_number(ws[0]) {
            if !ws[0].chars().all(|c| c.is_ascii_digit()) || all.len() == 1 {
                cell.numeral = Some(n);
                return Some(cell);
            }
        }
    }
    let short = ws.len() <= SHORT_CELL;
    let mut strong: Option<(usize, Role, &'static str)> = None;
    let mut first_role: Option<(usize, Role, &'static str)> = None;
    let mut level: Option<(usize, &'static str)> = None;
    let mut percent: Option<(usize, &'static str)> = None;
    let mut money = false;
    let mut kinerja = false;
    let mut any = false;
    let mut i = 0;
    while i < ws.len() {
        let Some((term, meaning, n)) = vocab::term_at(&ws, i) else {
            if let Some(m) = vocab::month(ws[i]) {
                cell.period = Some(Period::Month(m));
                cell.known += 1;
                any = true;
            } else if ws[i].chars().all(|c| c.is_ascii_digit()) {
                // "(000)", "n-1": numbers say nothing either way.
            } else {
                cell.unknown += 1;
            }
            i += 1;
            continue;
        };
        if term.len() == 1 && term != "%" && !short {
            cell.unknown += 1;
            i += n;
            continue;
        }
        cell.known += n;
        any = true;
        let next = ws.get(i + n).copied();
        match meaning {
            Meaning::Strong(role) => {
                strong.get_or_insert((i, role, term));
            }
            Meaning::Role(role) => {
                first_role.get_or_insert((i, role, term));
                if role == Role::Capaian {
                    cell.plain_capaian = true;
                }
            }
            Meaning::Level => {
                level.get_or_insert((i, term));
                if term == "kinerja" {
                    kinerja = true;
                }
            }
            Meaning::Percent => {
                percent.get_or_insert((i, term));
            }
            Meaning::Money => {
                money = true;
                // The pagu is the budget's target.
                if term.starts_with("pagu") {
                    first_role.get_or_insert((i, Role::Target, term));
                }
            }
            Meaning::Kinerja => kinerja = true,
            Meaning::Evidence => cell.evidence = true,
            Meaning::Other => cell.other = true,
            Meaning::Plan => cell.scope = cell.scope.max(Scope::Plan),
            Meaning::Previous => cell.scope = cell.scope.max(Scope::Previous),
            Meaning::Projection => cell.scope = cell.scope.max(Scope::Projection),
            Meaning::Cumulative => {
                cell.cumulative = true;
                cell.so_far |= matches!(
                    term,
                    "s d" | "sd" | "sampai dengan" | "kumulatif" | "akumulasi" | "ytd"
                );
                if to_date(&all) {
                    cell.scope = cell.scope.max(Scope::ToDate);
                }
            }
            Meaning::QuarterWord => match next.and_then(vocab::quarter_number) {
                Some(q) => {
                    cell.period = Some(Period::Quarter(q));
                    cell.known += 1;
                    i += 1;
                }
                None => cell.quarter_word = true,
            },
            Meaning::SemesterWord => match next.and_then(vocab::quarter_number) {
                Some(s @ (1 | 2)) => {
                    cell.period = Some(Period::Semester(s));
                    cell.known += 1;
                    i += 1;
                }
                _ => cell.semester_word = true,
            },
        }
        i += n;
    }
    if !any {
        return None;
    }
    cell.money = match (money, kinerja) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    };
    let decided = if cell.evidence {
        None
    } else if let Some((pos, term)) = percent {
        cell.percent = true;
        cell.plain_capaian = false;
        Some((pos, Role::Capaian, term))
    } else if strong.is_some() {
        strong
    } else if first_role.is_some() {
        first_role
    } else if let Some((pos, term)) = level {
        Some((pos, Role::Statement, term))
    } else if money {
        Some((0, Role::Anggaran, "anggaran"))
    } else {
        None
    };
    if let Some((pos, role, term)) = decided {
        cell.role = Some(role);
        cell.term = Some(term);
        cell.term_pos = pos;
        if role != Role::Capaian {
            cell.plain_capaian = false;
        }
    }
    Some(cell)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(text: &str) -> Option<Role> {
        classify(text).and_then(|c| c.role)
    }

    /// Every header text quoted in issue 8 and the real workbooks, and every spelling of
    /// the labelled corpus, with the role it names.
    #[test]
    fn header_texts_map_to_their_roles() {
        use Role::*;
        let cases: &[(&str, Role)] = &[
            ("No", No),
            ("No.", No),
            ("NO", No),
            ("Nomor", No),
            ("Sasaran", Statement),
            ("Sasaran Strategis", Statement),
            ("Sasaran/Program/Kegiatan", Statement),
            ("Sasaran / Kinerja", Statement),
            ("Kinerja", Statement),
            ("Kinerja Utama\u{a0}", Statement),
            ("Uraian Kinerja ", Statement),
            ("Program", Statement),
            ("Sub kegiatan", Statement),
            (
                "Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan",
                Statement,
            ),
            ("IK", Indicator),
            ("Indikator", Indicator),
            ("INDIKATOR KINERJA", Indicator),
            ("Indikator Kinerja Utama", Indicator),
            (
                "Indikator Kinerja Program (Outcome)/Kegiatan (Output)",
                Indicator,
            ),
            (
                "Indikator Kinerja Program (outcomes)/ Kegiatan (output)",
                Indicator,
            ),
            ("KPI", Indicator),
            ("Jenis IKU", Indicator),
            ("IKK", Indicator),
            ("Indicator", Indicator),
            ("indikator_intervensi", Indicator),
            ("Target", Target),
            ("TARGET", Target),
            ("Target 2023", Target),
            ("\u{a0}Target 2023", Target),
            ("Target Tahun 2023", Target),
            ("Target Kinerja", Target),
            ("T", Target),
            ("target_tahun1", Target),
            (
                "Target Kinerja dan Anggaran Renja Perangkat Daerah Tahun Berjalan",
                Target,
            ),
            (
                "Target RPJMD pada\nTahun 2016 s/d 2021\n(Periode RPJMD)",
                Target,
            ),
            (
                "Target Kinerja dan Anggaran\nRKPD Tahun berjalan\n(tahun n-1) yang dievaluasi\n",
                Target,
            ),
            ("Target Volume Sub Kegiatan Tw 1", Target),
            ("Volume Sub Kegiatan DPA dalam setahun", Target),
            (
                "Target Kinerja Capaian Program (Renstra SKPD) Tahun 2013",
                Target,
            ),
            ("Target Capaian", Target),
            ("Realisasi", Realisasi),
            ("Real.", Realisasi),
            ("R", Realisasi),
            ("REALISASI", Realisasi),
            ("Realisasi Tahun 2023", Realisasi),
            ("Realisasi Kinerja 2023", Realisasi),
            ("Realisasi Kinerja Pada Triwulan", Realisasi),
            (
                "Realisasi Capaian Kinerja dan Anggaran RKPD yang Dievaluasi\n(tahun n-1)\n",
                Realisasi,
            ),
            (
                "Realisasi Capaian Kinerja RPJMD s/d RKPD Tahun Lalu (n-2) \n",
                Realisasi,
            ),
            ("Realisasi Pencapaian Sub Kegiatan di Tw 1", Realisasi),
            ("Reaisasi Capaian", Realisasi),
            ("Realisasi Capaian", Realisasi),
            ("Realisasi Capaian Kinerja Tahun Berjalan", Realisasi),
            ("Actual", Realisasi),
            ("realisasi_tw3", Realisasi),
            ("Capaian", Capaian),
            ("Capaian (%)", Capaian),
            ("% Capaian", Capaian),
            ("Capaian Kinerja", Capaian),
            ("%", Capaian),
            ("PENCAPAIAN", Capaian),
            ("Persentase Capaian", Capaian),
            ("Persentase Capaian TW III", Capaian),
            ("Tingkat Capaian Kinerja (%)", Capaian),
            (
                "Tingkat Capaian Kinerja dan Realisasi Anggaran RKPD Tahun n-1 (%)\n",
                Capaian,
            ),
            ("Tingkat Realisasi (%)", Capaian),
            ("Achievement", Capaian),
            ("capaian1", Capaian),
            ("Ket.", Keterangan),
            ("KET", Keterangan),
            ("Keterangan", Keterangan),
            ("Catatan", Keterangan),
            ("Catatan Analisis", Keterangan),
            ("Remarks", Keterangan),
            ("Satuan", Unit),
            ("Sat.", Unit),
            ("Anggaran", Anggaran),
            // The pagu is the budget's target: money, never the indicator's target.
            ("Pagu", Target),
            ("Pagu Anggaran (Rp)", Target),
            ("Anggaran (Rp)", Anggaran),
            ("Pagu Indikatif (Rp.)", Target),
        ];
        for (text, want) in cases {
            assert_eq!(role(text), Some(*want), "header {text:?}");
        }
    }

    #[test]
    fn money_columns_say_so() {
        for t in [
            "Realisasi Anggaran",
            "Realisasi (Rp)",
            "Rp. (000)",
            "Realisasi Anggaran (Rp)",
            "Pagu",
            "Pagu Anggaran (Rp)",
        ] {
            assert_eq!(classify(t).and_then(|c| c.money), Some(true), "{t}");
        }
        assert_eq!(classify("K").and_then(|c| c.money), Some(false));
        assert_eq!(
            classify("Realisasi Kinerja Pada Triwulan").and_then(|c| c.money),
            Some(false)
        );
        // Both said: the sub-header decides.
        assert_eq!(
            classify("Target Kinerja dan Anggaran RKPD").and_then(|c| c.money),
            None
        );
    }

    #[test]
    fn evidence_and_known_columns_have_no_value_role() {
        for t in [
            "Data Dukung Capaian",
            "Bukti Dukung",
            "Dokumen/Foto",
            "Link",
        ] {
            let c = classify(t).unwrap_or_default();
            assert!(c.evidence && c.role.is_none(), "{t}");
        }
        for t in ["Kode", "PIC", "Definisi Operasional", "SKPD", "Proyeksi"] {
            let c = classify(t).unwrap_or_default();
            assert!(c.role.is_none(), "{t}");
            assert!(classify(t).is_some(), "{t} is header vocabulary");
        }
    }

    #[test]
    fn scope_period_and_year() {
        let c = |t: &str| classify(t).unwrap_or_default();
        assert_eq!(
            c("Target RPJMD pada Tahun 2016 s/d 2021").scope,
            Scope::Plan
        );
        assert_eq!(
            c("Realisasi Capaian Kinerja RPJMD s/d RKPD Tahun Lalu (n-2)").scope,
            Scope::Plan
        );
        assert_eq!(
            c("Realisasi Target Kinerja Hasil Program dan Keluaran Kegiatan s/d Tahun 2014").scope,
            Scope::ToDate
        );
        assert_eq!(
            c("Perkiraan Realisasi Capaian Target Renstra").scope,
            Scope::Plan
        );
        assert_eq!(c("Realisasi s.d. TW IV").scope, Scope::Current);
        assert!(c("Realisasi s.d. TW IV").cumulative);
        assert_eq!(c("Realisasi s.d. TW IV").period, Some(Period::Quarter(4)));
        assert_eq!(c("TW I").period, Some(Period::Quarter(1)));
        assert_eq!(c("Triwulan III").period, Some(Period::Quarter(3)));
        assert_eq!(c("tw2").period, Some(Period::Quarter(2)));
        assert_eq!(c("Semester 1").period, Some(Period::Semester(1)));
        assert_eq!(c("JAN").period, Some(Period::Month(1)));
        assert_eq!(c("S.D. OKTOBER").period, Some(Period::Month(10)));
        assert!(c("S.D. OKTOBER").cumulative);
        assert_eq!(c("II").numeral, Some(2));
        assert_eq!(c("3").numeral, Some(3));
        assert!(c("Realisasi Kinerja Pada Triwulan").quarter_word);
        assert_eq!(c("Tahun 2023").year, Some(2023));
        assert_eq!(c("Realisasi 2022 / 2023").year, Some(2023));
        assert!(classify("2023").is_some());
        assert!(c("Persentase Capaian TW III").percent);
        assert!(c("Capaian TW III").plain_capaian);
        assert!(!c("Capaian (%)").plain_capaian);
    }

    #[test]
    fn data_text_is_not_a_header() {
        assert_eq!(
            role("Meningkatnya kualitas pelayanan publik yang memadai"),
            None
        );
        assert_eq!(role("4,00"), None);
        assert_eq!(role(""), None);
        assert!(classify("Tersedianya alat tulis kantor").is_none());
        // Long text that mentions a role word late is not decided by it.
        let c = classify("Jumlah dokumen perencanaan yang disusun tepat waktu sesuai target")
            .unwrap_or_default();
        assert!(c.role.is_none() || c.term_pos > 3);
    }
}
