//! The digits of one number as an Indonesian office types them: "1.234,5", "82, 71",
//! "0,648", "1.500". This module reads the digits and separators only (no unit, sign or
//! label) and says which readings they allow; it also writes numbers back the
//! Indonesian way. It must never guess silently: when the separators allow two readings
//! ("1.500" = 1500 or 1,5) it returns both and the caller decides.

/// How a number's text uses its separators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// Decimal comma, dot for thousands: "1.234,5".
    Indonesian,
    /// Decimal dot, comma for thousands: "1,234.5".
    English,
}

/// What the digits of one number say.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Reading {
    /// The reading taken when nothing else decides: the Indonesian one ("1.500" = 1500,
    /// "1,500" = 1,5), so that `format_id` output always reads back to itself.
    pub value: f64,
    /// The other reading when the text allows two ("1.500" could be 1,5).
    pub alt: Option<f64>,
    /// Which separator style the text proves, if any ("4,66" proves Indonesian, "4.66"
    /// proves English, "1.500" and "100" prove nothing).
    pub style: Option<Style>,
    /// Digits after the decimal separator in `value`'s reading (2 for "58,46").
    pub decimals: usize,
}

impl Reading {
    /// The reading that takes the separator for thousands, when the text allows two.
    /// Counts and Rupiah take it: "1.500 orang" is 1500 people and "1.000 orang" 1000,
    /// never 1,5 or 1,000 (nobody writes three decimals of a person or a Rupiah).
    pub fn thousands(&self) -> Option<f64> {
        let alt = self.alt?;
        Some(if alt.abs() > self.value.abs() {
            alt
        } else {
            self.value
        })
    }
}

/// A number lexeme found in a text: byte range and its digits and separators with any
/// stray space after a decimal comma removed ("82, 71" → "82,71").
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Lexeme {
    pub start: usize,
    pub end: usize,
    pub body: String,
}

/// Read the number lexeme that starts at byte `start` of `s` (which must be an ASCII
/// digit). Separators are taken only when a digit follows them; a comma followed by
/// spaces and one or two digits is the stray-space typo "82, 71"; a trailing ",-" or
/// ".-" (Rupiah "Rp 5.000,-") belongs to the number.
pub(crate) fn lex_at(s: &str, start: usize) -> Lexeme {
    let b = s.as_bytes();
    let mut body = String::new();
    let mut i = start;
    while let Some(&c) = b.get(i) {
        if c.is_ascii_digit() {
            body.push(c as char);
            i += 1;
            continue;
        }
        if c == b'.' || c == b',' {
            if b.get(i + 1).is_some_and(u8::is_ascii_digit) {
                body.push(c as char);
                i += 1;
                continue;
            }
            if c == b',' {
                if let Some((digits_at, after)) = stray_space_decimals(b, i + 1) {
                    body.push(',');
                    body.push_str(s.get(digits_at..after).unwrap_or_default());
                    i = after;
                    // Nothing may follow the joined decimals: "82, 71" ends here.
                    break;
                }
            }
            if b.get(i + 1) == Some(&b'-') && !b.get(i + 2).is_some_and(u8::is_ascii_digit) {
                i += 2;
            }
        }
        break;
    }
    Lexeme {
        start,
        end: i,
        body,
    }
}

/// After a comma at `from - 1`: one or more spaces, then one or two digits that are not
/// followed by another digit or separator-and-digit. Returns (digits start, digits end).
fn stray_space_decimals(b: &[u8], from: usize) -> Option<(usize, usize)> {
    let mut i = from;
    while b.get(i) == Some(&b' ') {
        i += 1;
    }
    if i == from {
        return None;
    }
    let digits_at = i;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    let n = i - digits_at;
    if n == 0 || n > 2 {
        return None;
    }
    let sep_digit =
        matches!(b.get(i), Some(b'.') | Some(b',')) && b.get(i + 1).is_some_and(u8::is_ascii_digit);
    if sep_digit {
        return None;
    }
    Some((digits_at, i))
}

/// Interpret digits and separators ("1.234,5"). None when no reading is valid
/// ("12,3,4", "1.2.3", "1,234,56").
pub(crate) fn interpret(body: &str) -> Option<Reading> {
    if body.is_empty()
        || !body
            .bytes()
            .all(|c| c.is_ascii_digit() || c == b'.' || c == b',')
    {
        return None;
    }
    let dots = body.bytes().filter(|&c| c == b'.').count();
    let commas = body.bytes().filter(|&c| c == b',').count();
    match (dots, commas) {
        (0, 0) => plain(body, "", None, 0),
        (_, 0) => one_kind(body, '.'),
        (0, _) => one_kind(body, ','),
        _ => mixed(body),
    }
}

/// Only one kind of separator.
fn one_kind(body: &str, sep: char) -> Option<Reading> {
    let groups: Vec<&str> = body.split(sep).collect();
    let (first, rest) = groups.split_first()?;
    if rest.len() > 1 {
        // Several separators of one kind can only be thousands: "1.250.000".
        if !thousands_groups(first, rest) {
            return None;
        }
        let style = if sep == '.' {
            Style::Indonesian
        } else {
            Style::English
        };
        return plain(&groups.concat(), "", Some(style), 0);
    }
    let frac = rest.first()?;
    let decimal_style = if sep == ',' {
        Style::Indonesian
    } else {
        Style::English
    };
    let could_be_thousands = frac.len() == 3 && thousands_head(first);
    if !could_be_thousands {
        // "12.5", "0,648", "4.00", "1234.567": only a decimal reading is possible.
        return plain(first, frac, Some(decimal_style), frac.len());
    }
    let thousands = to_f64(&format!("{first}{frac}"), "")?;
    let decimal = to_f64(first, frac)?;
    // Default to the Indonesian reading: "1.500" = 1500, "1,500" = 1,5.
    if sep == '.' {
        Some(Reading {
            value: thousands,
            alt: Some(decimal),
            style: None,
            decimals: 0,
        })
    } else {
        Some(Reading {
            value: decimal,
            alt: Some(thousands),
            style: None,
            decimals: 3,
        })
    }
}

/// Both separators: the last one is the decimal separator and every earlier one must be
/// the other kind, in valid thousands groups ("1.234,5", "1,234.56").
fn mixed(body: &str) -> Option<Reading> {
    let last = body.rfind(['.', ','])?;
    let dec_sep = body.get(last..=last)?;
    let (int_part, frac) = (body.get(..last)?, body.get(last + 1..)?);
    let thou_sep = if dec_sep == "," { '.' } else { ',' };
    if int_part.contains(if dec_sep == "," { ',' } else { '.' }) {
        return None;
    }
    let groups: Vec<&str> = int_part.split(thou_sep).collect();
    let (first, rest) = groups.split_first()?;
    if !thousands_groups(first, rest) {
        return None;
    }
    let style = if dec_sep == "," {
        Style::Indonesian
    } else {
        Style::English
    };
    plain(&groups.concat(), frac, Some(style), frac.len())
}

/// A valid first thousands group: 1–3 digits, not starting with 0.
fn thousands_head(first: &str) -> bool {
    (1..=3).contains(&first.len()) && !first.starts_with('0')
}

fn thousands_groups(first: &str, rest: &[&str]) -> bool {
    thousands_head(first) && rest.iter().all(|g| g.len() == 3)
}

fn plain(int: &str, frac: &str, style: Option<Style>, decimals: usize) -> Option<Reading> {
    Some(Reading {
        value: to_f64(int, frac)?,
        alt: None,
        style,
        decimals,
    })
}

fn to_f64(int: &str, frac: &str) -> Option<f64> {
    let text = if frac.is_empty() {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    };
    text.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// The exact decimal digits of `x` as its shortest round-trip text ("1.005" for 1.005):
/// (negative, integer digits, fraction digits). Rounding on these digits is what a clerk
/// expects (Excel does the same), not rounding on the binary value.
fn decimal_digits(x: f64) -> (bool, Vec<u8>, Vec<u8>) {
    let text = format!("{}", x.abs());
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, f),
        None => (text.as_str(), ""),
    };
    (
        x.is_sign_negative(),
        int.bytes().map(|c| c.wrapping_sub(b'0')).collect(),
        frac.bytes().map(|c| c.wrapping_sub(b'0')).collect(),
    )
}

/// Round the decimal digits of `x` to `decimals`, half away from zero. Returns (negative,
/// integer digits, exactly `decimals` fraction digits).
fn rounded_digits(x: f64, decimals: usize) -> (bool, Vec<u8>, Vec<u8>) {
    let (neg, mut int, mut frac) = decimal_digits(x);
    let round_up = frac.get(decimals).is_some_and(|&d| d >= 5);
    frac.resize(decimals, 0);
    if round_up {
        // Carry from the last kept digit leftwards through the fraction and integer.
        let mut carry = true;
        for d in frac.iter_mut().rev().chain(int.iter_mut().rev()) {
            if !carry {
                break;
            }
            if *d == 9 {
                *d = 0;
            } else {
                *d += 1;
                carry = false;
            }
        }
        if carry {
            int.insert(0, 1);
        }
    }
    let zero = int.iter().chain(frac.iter()).all(|&d| d == 0);
    (neg && !zero, int, frac)
}

fn digits_str(d: &[u8]) -> String {
    d.iter().map(|&c| (c + b'0') as char).collect()
}

/// Round half away from zero on the decimal digits as written: `round_half_up(1.005, 2)`
/// is 1.01 and `round_half_up(-2.5, 0)` is -3. Used when comparing capaian at 2
/// decimals. Non-finite input is returned as is.
pub fn round_half_up(x: f64, decimals: u32) -> f64 {
    if !x.is_finite() {
        return x;
    }
    let (neg, int, frac) = rounded_digits(x, decimals as usize);
    let text = format!(
        "{}{}.{}",
        if neg { "-" } else { "" },
        digits_str(&int),
        digits_str(&frac)
    );
    text.parse::<f64>().unwrap_or(x)
}

/// A number written the Indonesian way: "1.234,5" for 1234.5 with `decimals` = 1; no
/// thousands separator below 1000; `decimals` = 0 gives "1.234". Rounds half away from
/// zero; never writes "-0". Non-finite numbers are written as Rust does ("NaN", "inf").
pub fn format_id(n: f64, decimals: usize) -> String {
    if !n.is_finite() {
        return format!("{n}");
    }
    let (neg, int, frac) = rounded_digits(n, decimals);
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    let len = int.len();
    for (i, &d) in int.iter().enumerate() {
        if i > 0 && (len - i) % 3 == 0 {
            out.push('.');
        }
        out.push((d + b'0') as char);
    }
    if decimals > 0 {
        out.push(',');
        out.push_str(&digits_str(&frac));
    }
    out
}

/// Decimals needed to write `n` exactly (at most `max`): 2 for 4.03, 0 for 100.
pub(crate) fn decimals_needed(n: f64, max: usize) -> usize {
    if !n.is_finite() {
        return 0;
    }
    // Round first: 0.30000000000000004 needs 1 decimal, not `max`.
    let (_, _, frac) = rounded_digits(n, max);
    frac.iter().rposition(|&d| d != 0).map_or(0, |p| p + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (default reading, other reading, style proved)
    type Read = Option<(f64, Option<f64>, Option<Style>)>;

    fn read(body: &str) -> Read {
        interpret(body).map(|r| (r.value, r.alt, r.style))
    }

    #[test]
    fn readings_of_separators() {
        use Style::*;
        let cases: &[(&str, Read)] = &[
            ("100", Some((100.0, None, None))),
            ("82,71", Some((82.71, None, Some(Indonesian)))),
            ("1.234,5", Some((1234.5, None, Some(Indonesian)))),
            ("1.250.000", Some((1_250_000.0, None, Some(Indonesian)))),
            ("1.250.000,00", Some((1_250_000.0, None, Some(Indonesian)))),
            ("0,648", Some((0.648, None, Some(Indonesian)))),
            ("0.648", Some((0.648, None, Some(English)))),
            ("12.5", Some((12.5, None, Some(English)))),
            ("4.00", Some((4.0, None, Some(English)))),
            ("1234.567", Some((1234.567, None, Some(English)))),
            ("1.500", Some((1500.0, Some(1.5), None))),
            ("1,500", Some((1.5, Some(1500.0), None))),
            ("1,234,567", Some((1_234_567.0, None, Some(English)))),
            ("1,234.5", Some((1234.5, None, Some(English)))),
            ("12,3,4", None),
            ("99,9,9", None),
            ("1.2.3", None),
            ("1,234,56", None),
            ("1.234.5", None),
            ("1.234,5,6", None),
            ("1,23.456,7", None),
            ("", None),
        ];
        for (body, want) in cases {
            assert_eq!(read(body), *want, "{body}");
        }
    }

    #[test]
    fn thousands_reading_settles_counts() {
        assert_eq!(interpret("1.500").unwrap().thousands(), Some(1500.0));
        assert_eq!(interpret("1,500").unwrap().thousands(), Some(1500.0));
        assert_eq!(interpret("1.000").unwrap().thousands(), Some(1000.0));
        assert_eq!(interpret("12.5").unwrap().thousands(), None);
    }

    #[test]
    fn lexing_joins_stray_space_and_stops_at_punctuation() {
        let lex = |s: &str| {
            let l = lex_at(s, s.find(|c: char| c.is_ascii_digit()).unwrap());
            (l.body, l.end)
        };
        assert_eq!(lex("82, 71"), ("82,71".into(), 6));
        assert_eq!(lex("85, 00 (Baik)"), ("85,00".into(), 6));
        assert_eq!(lex("65, dan"), ("65".into(), 2));
        assert_eq!(lex("38."), ("38".into(), 2));
        assert_eq!(lex("Rp 5.000,-"), ("5.000".into(), 10));
        assert_eq!(lex("1, 2, 3"), ("1,2".into(), 4));
        assert_eq!(lex("1, 234"), ("1".into(), 1));
        assert_eq!(lex("1.234,5 unit"), ("1.234,5".into(), 7));
    }

    #[test]
    fn indonesian_formatting() {
        assert_eq!(format_id(1234.5, 2), "1.234,50");
        assert_eq!(format_id(0.65, 2), "0,65");
        assert_eq!(format_id(-1000.0, 0), "-1.000");
        assert_eq!(format_id(1234.4, 0), "1.234");
        assert_eq!(format_id(999.5, 0), "1.000");
        assert_eq!(format_id(0.125, 2), "0,13");
        assert_eq!(format_id(1.005, 2), "1,01");
        assert_eq!(format_id(-2.5, 0), "-3");
        assert_eq!(format_id(-0.004, 2), "0,00");
        assert_eq!(format_id(1_250_000.0, 2), "1.250.000,00");
        assert_eq!(format_id(12.0, 0), "12");
        assert_eq!(format_id(f64::NAN, 2), "NaN");
    }

    #[test]
    fn rounding_half_away_from_zero() {
        assert_eq!(round_half_up(97.305, 2), 97.31);
        assert_eq!(round_half_up(1.005, 2), 1.01);
        assert_eq!(round_half_up(-1.005, 2), -1.01);
        assert_eq!(round_half_up(2.5, 0), 3.0);
        assert_eq!(round_half_up(97.30999999999999, 2), 97.31);
        assert_eq!(round_half_up(0.1 + 0.2, 10), 0.3);
        assert_eq!(round_half_up(5.0, 3), 5.0);
    }

    #[test]
    fn decimals_needed_counts_written_digits() {
        assert_eq!(decimals_needed(4.03, 10), 2);
        assert_eq!(decimals_needed(100.0, 10), 0);
        assert_eq!(decimals_needed(0.9731, 2), 2);
        assert_eq!(decimals_needed(0.1 + 0.2, 10), 1);
        assert_eq!(decimals_needed(0.999, 2), 0);
    }
}
