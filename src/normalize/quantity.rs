//! Numbers inside free text (the Keterangan remarks): "65 usulan terealisasi dari target
//! 38 usulan" → 65 usulan, 38 usulan. Used to check remarks against the row's numbers, so
//! it must not invent quantities out of years ("Tahun 2023"), dates, periods ("Semester
//! 2"), regulation numbers ("Perbup No. 5") or codes ("7.01.01", "SP4N").

use super::number::{interpret, lex_at};
use super::Quantity;

/// Words after which a number is a period, a year or a reference, not a quantity.
const NOT_QUANTITY_AFTER: &[&str] = &[
    "tahun",
    "ta",
    "t.a",
    "semester",
    "triwulan",
    "tw",
    "bulan",
    "tanggal",
    "tgl",
    "periode",
    "no",
    "nomor",
    "nomer",
    "pasal",
    "ayat",
    "perbup",
    "perpres",
    "perda",
    "permen",
    "pp",
    "uu",
    "permendagri",
    "permenpan",
    "permenpanrb",
    "kode",
    "rt",
    "rw",
    "lampiran",
    "tabel",
];

/// Words that follow a number without being its unit.
const NOT_UNIT: &[&str] = &[
    "dari",
    "dan",
    "dengan",
    "atau",
    "yang",
    "di",
    "ke",
    "pada",
    "untuk",
    "sebesar",
    "sebanyak",
    "target",
    "realisasi",
    "capaian",
    "sampai",
    "hingga",
    "s/d",
    "sd",
    "of",
    "from",
    "to",
    "and",
    "the",
    "telah",
    "sudah",
    "belum",
    "tidak",
    "adalah",
    "yaitu",
    "terdiri",
    "dalam",
    "oleh",
    "karena",
    "namun",
    "tetapi",
    "sehingga",
    "atas",
    "per",
];

/// Two-word units that the first word alone would misname.
const TWO_WORD_UNITS: &[&str] = &["unsur masyarakat"];

/// The word right before byte `at` (lower-cased, trailing ':' and '.' dropped) and the
/// byte where it starts.
fn word_before(text: &str, at: usize) -> (String, usize) {
    let head = text.get(..at).unwrap_or_default().trim_end();
    let start = head
        .rfind(|c: char| c.is_whitespace() || c == '(' || c == ',')
        .map_or(0, |p| {
            p + head
                .get(p..)
                .and_then(|r| r.chars().next())
                .map_or(1, char::len_utf8)
        });
    let word = head.get(start..).unwrap_or_default();
    (word.trim_end_matches([':', '.']).to_lowercase(), start)
}

/// The word starting at `at` (letters, and '/' or '-' inside): (word, end).
fn word_at(text: &str, at: usize) -> Option<(&str, usize)> {
    let rest = text.get(at..)?;
    let len = rest
        .char_indices()
        .find(|&(_, c)| !(c.is_alphabetic() || c == '/' || c == '-'))
        .map_or(rest.len(), |(i, _)| i);
    let word = rest.get(..len)?.trim_end_matches(['/', '-']);
    (!word.is_empty() && word.chars().next().is_some_and(char::is_alphabetic))
        .then_some((word, at + word.len()))
}

/// Skip spaces (any Unicode space, including no-break spaces) from `at`.
fn skip_spaces(text: &str, at: usize) -> usize {
    let rest = text.get(at..).unwrap_or_default();
    at + rest
        .char_indices()
        .find(|&(_, c)| !(c.is_whitespace() || c == '\u{00A0}' || c == '\u{202F}'))
        .map_or(rest.len(), |(i, _)| i)
}

/// Every number (with the unit word after it) in a text, left to right.
pub fn quantities(text: &str) -> Vec<Quantity> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let Some(&c) = bytes.get(i) else { break };
        if !c.is_ascii_digit() {
            i += 1;
            continue;
        }
        let lex = lex_at(text, i);
        let next = lex.end.max(i + 1);
        if let Some(q) = quantity_at(text, i, &lex.body, lex.end) {
            i = q.end.max(next);
            out.push(q);
        } else {
            // Skip the whole run of digits and letters ("SP4N", "7.01.01").
            i = next;
            while bytes
                .get(i)
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'.')
            {
                i += 1;
            }
        }
    }
    out
}

fn quantity_at(text: &str, start: usize, body: &str, end: usize) -> Option<Quantity> {
    let before = text.get(..start)?;
    let prev = before.chars().next_back();
    // Glued to a letter, digit or slash: a code ("SP4N", "29/2014"), not a quantity.
    if prev.is_some_and(|c| c.is_alphanumeric() || c == '/' || c == '.' || c == ',') {
        return None;
    }
    let after_char = text.get(end..).and_then(|r| r.chars().next());
    if after_char.is_some_and(|c| c.is_alphanumeric() || c == '/') {
        return None;
    }
    let reading = interpret(body)?;
    let mut number = reading.value;
    let mut q_start = start;

    // Sign glued to the number at the start of a word: "-5".
    if before.ends_with('-') {
        let head = before.get(..before.len() - 1).unwrap_or_default();
        if head.chars().next_back().is_none_or(char::is_whitespace) {
            number = -number;
            q_start = start - 1;
        }
    }
    let (prev_word, prev_start) = word_before(text, q_start);
    if NOT_QUANTITY_AFTER.contains(&prev_word.as_str()) {
        return None;
    }
    let is_year = reading.alt.is_none() && (1900.0..=2100.0).contains(&number) && body.len() == 4;
    if is_year && super::period::month_number(&prev_word).is_some() {
        return None;
    }
    let mut unit = None;
    if prev_word == "rp" || prev_word == "rp." {
        unit = Some("Rp".to_string());
        q_start = prev_start;
    }

    let mut q_end = end;
    let after = skip_spaces(text, end);
    if text.get(after..).is_some_and(|r| r.starts_with('%')) {
        unit = Some("%".to_string());
        q_end = after + 1;
    } else if let Some((word, word_end)) = word_at(text, after) {
        let lower = word.to_lowercase();
        if super::period::month_number(&lower).is_some() {
            // A day of a date: "31 Desember 2023".
            return None;
        }
        if lower == "persen" {
            unit = Some("%".to_string());
            q_end = word_end;
        } else if unit.is_none() && !NOT_UNIT.contains(&lower.as_str()) {
            let mut u_end = word_end;
            let second_at = skip_spaces(text, word_end);
            if let Some((second, second_end)) = word_at(text, second_at) {
                let pair = format!("{lower} {}", second.to_lowercase());
                if TWO_WORD_UNITS.contains(&pair.as_str()) {
                    u_end = second_end;
                }
            }
            let written = text.get(after..u_end).unwrap_or(word);
            unit = Some(written.split_whitespace().collect::<Vec<_>>().join(" "));
            q_end = u_end;
        }
    }
    if unit.is_none() && is_year && reading.style.is_none() {
        // A bare year ("laporan 2023") is never a quantity the remarks report.
        return None;
    }
    Some(Quantity {
        number,
        unit,
        start: q_start,
        end: q_end,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Vec<(f64, Option<String>, &str)> {
        quantities(text)
            .into_iter()
            .map(|q| (q.number, q.unit, text.get(q.start..q.end).unwrap()))
            .collect()
    }

    fn s(x: &str) -> Option<String> {
        Some(x.to_string())
    }

    #[test]
    fn remarks_of_the_seed() {
        assert_eq!(
            q("65 usulan terealisasi dari target 38 usulan"),
            vec![
                (65.0, s("usulan"), "65 usulan"),
                (38.0, s("usulan"), "38 usulan")
            ]
        );
        assert_eq!(
            q("Jumlah usulan 58,46% dari usulan yang masuk"),
            vec![(58.46, s("%"), "58,46%")]
        );
        assert_eq!(
            q("11 Layanan dengan 11 SOP"),
            vec![
                (11.0, s("Layanan"), "11 Layanan"),
                (11.0, s("SOP"), "11 SOP")
            ]
        );
    }

    #[test]
    fn years_periods_and_codes_are_not_quantities() {
        assert_eq!(
            q("Tahun 2023 tercapai 5 dokumen"),
            vec![(5.0, s("dokumen"), "5 dokumen")]
        );
        assert_eq!(q("TA 2023"), vec![]);
        assert_eq!(q("TA. 2023: 3 unit"), vec![(3.0, s("unit"), "3 unit")]);
        assert_eq!(q("Semester II 2023"), vec![]);
        assert_eq!(q("Semester 2"), vec![]);
        assert_eq!(q("laporan 2023"), vec![]);
        assert_eq!(q("per 31 Desember 2023"), vec![]);
        assert_eq!(q("Perbup No. 5 tahun 2020"), vec![]);
        assert_eq!(q("program 7.01.01 dan SP4N"), vec![]);
        assert_eq!(q("Perpres 29/2014"), vec![]);
    }

    #[test]
    fn units_percent_money_and_signs() {
        assert_eq!(
            q("hadir 5 unsur masyarakat"),
            vec![(5.0, s("unsur masyarakat"), "5 unsur masyarakat")]
        );
        assert_eq!(q("capaian 97,31 %"), vec![(97.31, s("%"), "97,31 %")]);
        assert_eq!(q("naik 10 persen"), vec![(10.0, s("%"), "10 persen")]);
        assert_eq!(
            q("Rp 1.250.000,00 terserap"),
            vec![(1_250_000.0, s("Rp"), "Rp 1.250.000,00")]
        );
        assert_eq!(q("selisih -5 unit"), vec![(-5.0, s("unit"), "-5 unit")]);
        assert_eq!(q("nilai 82, 71 (Baik)"), vec![(82.71, None, "82, 71")]);
        assert_eq!(q("sebanyak 38."), vec![(38.0, None, "38")]);
        assert_eq!(
            q("38 dari 40"),
            vec![(38.0, None, "38"), (40.0, None, "40")]
        );
        assert_eq!(
            q("1.500\u{a0}orang"),
            vec![(1500.0, s("orang"), "1.500\u{a0}orang")]
        );
        assert_eq!(q(""), vec![]);
    }
}
