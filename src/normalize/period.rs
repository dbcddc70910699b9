//! The reporting period of an upload, from what its title, sheet names or file name say
//! ("Triwulan III", "TW 2", "Semester I", "s.d. Juni", "Tahunan"): "TW1".."TW4" or
//! "tahunan". Pure text; the caller falls back to the last quarter that holds figures.

use regex::Regex;
use std::sync::LazyLock;

static QUARTER: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?:\btriwulan|\btrw|\btw)\s*\.?\s*(iv|iii|ii|i|[1-4])\b").ok());

/// "Triwulan I s.d. IV": a range's end.
static QUARTER_RANGE_END: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?:\btriwulan|\btrw|\btw)\s*\.?\s*(?:iv|iii|ii|i|[1-4])\s*(?:s\.?\s*/?\s*d\.?|sampai dengan|-|–)\s*(iv|iii|ii|i|[1-4])\b").ok()
});

static SEMESTER: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\bsemester\s*(ii|i|[12])\b").ok());

static UNTIL_MONTH: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"\bs\.?\s*/?\s*d\.?\s*(?:bulan\s+)?(januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober|nopember|november|desember)\b").ok()
});

static ANNUAL: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\b(?:tahunan|lkjip|lakip)\b").ok());

fn number(s: &str) -> Option<u8> {
    match s {
        "i" | "1" => Some(1),
        "ii" | "2" => Some(2),
        "iii" | "3" => Some(3),
        "iv" | "4" => Some(4),
        _ => None,
    }
}

/// Indonesian month words, full, in their older spellings and abbreviated, with their
/// number: the one month table of the normalizer (periods here, dates in remarks).
const MONTHS: [(&str, u8); 26] = [
    ("januari", 1),
    ("februari", 2),
    ("pebruari", 2),
    ("maret", 3),
    ("april", 4),
    ("mei", 5),
    ("juni", 6),
    ("juli", 7),
    ("agustus", 8),
    ("september", 9),
    ("oktober", 10),
    ("nopember", 11),
    ("november", 11),
    ("desember", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("agu", 8),
    ("agt", 8),
    ("sep", 9),
    ("okt", 10),
    ("nov", 11),
    ("des", 12),
];

/// The month (1–12) a lower-case word names, if any.
pub(super) fn month_number(word: &str) -> Option<u8> {
    MONTHS.iter().find(|(w, _)| *w == word).map(|(_, n)| *n)
}

/// The quarter (1–4) a month word falls in.
fn month_quarter(m: &str) -> Option<u8> {
    month_number(m).map(|n| (n - 1) / 3 + 1)
}

/// The period the texts name, latest first found: `Some("TW3")`, `Some("tahunan")`, or
/// `None` when none names one.
pub fn periode_of(texts: &[&str]) -> Option<String> {
    let mut best: Option<u8> = None;
    let mut annual = false;
    for t in texts {
        let t = t.to_lowercase().replace('_', " ");
        let mut see = |q: Option<u8>| {
            if let Some(q) = q {
                best = Some(best.map_or(q, |b| b.max(q)));
            }
        };
        for re in [&QUARTER, &QUARTER_RANGE_END] {
            if let Some(re) = re.as_ref() {
                for c in re.captures_iter(&t) {
                    see(c.get(1).and_then(|m| number(m.as_str())));
                }
            }
        }
        if let Some(re) = SEMESTER.as_ref() {
            for c in re.captures_iter(&t) {
                see(c.get(1).and_then(|m| number(m.as_str())).map(|s| s * 2));
            }
        }
        if let Some(re) = UNTIL_MONTH.as_ref() {
            for c in re.captures_iter(&t) {
                see(c.get(1).and_then(|m| month_quarter(m.as_str())));
            }
        }
        annual |= ANNUAL.as_ref().is_some_and(|re| re.is_match(&t));
    }
    match (best, annual) {
        (Some(q), _) => Some(format!("TW{q}")),
        (None, true) => Some("tahunan".into()),
        (None, false) => None,
    }
}

/// Whether the texts name a year (1990–2100) at all, and whether they name `year`,
/// directly or inside a span ("2019-2023", "2021 s.d. 2026", "2019–2024"). Returns
/// `(named, includes)`: the latest year named, and whether `year` is among them.
pub fn years_named(texts: &[&str], year: u32) -> (Option<u32>, bool) {
    static SPAN: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(
            r"\b((?:19|20)\d\d)\s*(?:-|–|—|s\.?\s*/?\s*d\.?|sampai|hingga|to)\s*((?:19|20)\d\d)\b",
        )
        .ok()
    });
    static YEAR: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r"\b((?:19|20)\d\d)\b").ok());
    let (mut latest, mut includes) = (None::<u32>, false);
    for t in texts {
        let t = t.to_lowercase();
        if let Some(re) = SPAN.as_ref() {
            for c in re.captures_iter(&t) {
                let a = c.get(1).and_then(|m| m.as_str().parse::<u32>().ok());
                let b = c.get(2).and_then(|m| m.as_str().parse::<u32>().ok());
                if let (Some(a), Some(b)) = (a, b) {
                    includes |= (a.min(b)..=a.max(b)).contains(&year);
                }
            }
        }
        if let Some(re) = YEAR.as_ref() {
            for c in re.captures_iter(&t) {
                if let Some(y) = c.get(1).and_then(|m| m.as_str().parse::<u32>().ok()) {
                    if (1990..=2100).contains(&y) {
                        latest = Some(latest.map_or(y, |l| l.max(y)));
                        includes |= y == year;
                    }
                }
            }
        }
    }
    (latest, includes)
}

/// Where a period stands in the year: "TW1".."TW4" → 1..4, "tahunan" → 4 (the year's
/// end); None for anything else.
pub fn periode_rank(periode: &str) -> Option<u8> {
    match periode {
        "tahunan" => Some(4),
        p => p
            .strip_prefix("TW")?
            .parse()
            .ok()
            .filter(|q| (1..=4).contains(q)),
    }
}

/// A period as a clerk reads it: "s.d. TW III" (to date), "tahunan" / "annual".
pub fn periode_label(periode: &str, english: bool) -> String {
    match periode_rank(periode) {
        Some(_) if periode == "tahunan" => if english { "annual" } else { "tahunan" }.into(),
        Some(q) => {
            let roman = ["I", "II", "III", "IV"];
            let r = roman.get(usize::from(q) - 1).copied().unwrap_or("?");
            if english {
                format!("to TW {r}")
            } else {
                format!("s.d. TW {r}")
            }
        }
        None => periode.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_named_in_titles() {
        let cases: &[(&str, (Option<u32>, bool))] = &[
            (
                "Laporan Kinerja Kecamatan Bajeng Tahun 2023",
                (Some(2023), true),
            ),
            ("Evaluasi Renja Tahun 2018", (Some(2018), false)),
            ("Renstra 2021-2026 Kecamatan Bajeng", (Some(2026), true)),
            ("RPJMD 2019 s.d. 2024", (Some(2024), true)),
            ("Realisasi s/d Tahun 2014", (Some(2014), false)),
            ("Pengukuran Kinerja Kecamatan Bajeng", (None, false)),
            ("Nomor 800/1234/2023", (Some(2023), true)),
        ];
        for (t, want) in cases {
            assert_eq!(years_named(&[t], 2023), *want, "{t}");
        }
    }

    #[test]
    fn ranks_and_labels_of_periods() {
        assert_eq!(periode_rank("TW3"), Some(3));
        assert_eq!(periode_rank("tahunan"), Some(4));
        assert_eq!(periode_rank("TW5"), None);
        assert_eq!(periode_rank("S1"), None);
        assert_eq!(periode_label("TW3", false), "s.d. TW III");
        assert_eq!(periode_label("TW1", true), "to TW I");
        assert_eq!(periode_label("tahunan", false), "tahunan");
    }

    #[test]
    fn periods_from_titles_sheets_and_file_names() {
        let cases: &[(&[&str], Option<&str>)] = &[
            (
                &["Laporan Realisasi Kinerja Triwulan III Tahun 2023"],
                Some("TW3"),
            ),
            (&["Realisasi TW 2"], Some("TW2")),
            (&["capaian_tw1_2023.xlsx"], Some("TW1")),
            (
                &["Periode Pelaksanaan: Triwulan I s.d. IV Tahun 2023"],
                Some("TW4"),
            ),
            (&["Semester I"], Some("TW2")),
            (&["Semester II 2023"], Some("TW4")),
            (&["Realisasi s.d. Juni 2023"], Some("TW2")),
            (&["Realisasi S.D. OKTOBER"], Some("TW4")),
            (&["LKjIP Kecamatan Bajeng 2023"], Some("tahunan")),
            (&["Pengukuran Kinerja Kecamatan Bajeng 2023"], None),
            (&["Twitter"], None),
        ];
        for (texts, want) in cases {
            assert_eq!(periode_of(texts).as_deref(), *want, "{texts:?}");
        }
    }
}
