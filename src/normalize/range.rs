//! Targets written as a range: "80 - 90%", "80–90", "80 s.d. 90", "≥ 85", "min. 80",
//! "maks. 5", "≤ 5". Read only in the target column (a realisasi is one number). Each
//! bound is read with `parse_text`, so "80,5" and "1.500" mean what they mean elsewhere.

use super::text::parse_text;
use super::{Range, State, Value};

/// Words and signs that open a one-sided target, lower-cased, longest first.
const AT_LEAST: &[&str] = &[
    "sekurang-kurangnya",
    "paling sedikit",
    "minimal",
    "minimum",
    "min.",
    "min",
    ">=",
    "≥",
    ">",
];
const AT_MOST: &[&str] = &[
    "sebanyak-banyaknya",
    "paling banyak",
    "maksimal",
    "maksimum",
    "maximum",
    "maks.",
    "maks",
    "max.",
    "max",
    "<=",
    "≤",
    "<",
];
/// What separates the two bounds of "80 - 90".
const BETWEEN: &[&str] = &[
    " s.d. ", " s.d ", " s/d ", " sd ", " sampai ", " hingga ", "-", "–", "—", "~",
];

/// A range target, or None when the text is not one.
pub(crate) fn parse_range(text: &str) -> Option<Value> {
    let clean = text.trim();
    let lower = clean.to_lowercase();
    let bound = |t: &str| -> Option<(f64, Option<String>)> {
        let v = parse_text(t.trim());
        match (v.state, v.number) {
            (State::Value, Some(n)) if !v.ambiguous => Some((n, v.unit)),
            _ => None,
        }
    };
    let (low, high, unit) = if let Some(rest) = strip_any(&lower, AT_LEAST) {
        let (n, unit) = bound(rest)?;
        (Some(n), None, unit)
    } else if let Some(rest) = strip_any(&lower, AT_MOST) {
        let (n, unit) = bound(rest)?;
        (None, Some(n), unit)
    } else {
        let (a, b) = BETWEEN.iter().find_map(|sep| {
            // Split at the separator after the first digit, so "-5" is never a range.
            let first_digit = lower.find(|c: char| c.is_ascii_digit())?;
            let pos = lower.get(first_digit..)?.find(sep)? + first_digit;
            Some((lower.get(..pos)?, lower.get(pos + sep.len()..)?))
        })?;
        let (lo, lo_unit) = bound(a)?;
        let (hi, hi_unit) = bound(b)?;
        if lo > hi {
            return None;
        }
        (Some(lo), Some(hi), hi_unit.or(lo_unit))
    };
    Some(Value {
        state: State::Value,
        raw: text.to_string(),
        unit,
        range: Some(Range { low, high }),
        ..Value::missing()
    })
}

fn strip_any<'a>(text: &'a str, prefixes: &[&str]) -> Option<&'a str> {
    prefixes
        .iter()
        .find_map(|p| text.strip_prefix(p))
        .map(str::trim_start)
        .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        type Bounds<'a> = Option<(Option<f64>, Option<f64>, Option<&'a str>)>;
        let cases: &[(&str, Bounds)] = &[
            ("80 - 90%", Some((Some(80.0), Some(90.0), Some("%")))),
            ("80–90", Some((Some(80.0), Some(90.0), None))),
            ("80% - 90%", Some((Some(80.0), Some(90.0), Some("%")))),
            ("80 s.d. 90 %", Some((Some(80.0), Some(90.0), Some("%")))),
            ("80 s/d 90", Some((Some(80.0), Some(90.0), None))),
            ("87,5 - 92,5", Some((Some(87.5), Some(92.5), None))),
            ("≥ 85", Some((Some(85.0), None, None))),
            (">= 85 %", Some((Some(85.0), None, Some("%")))),
            ("min. 80", Some((Some(80.0), None, None))),
            ("Minimal 80%", Some((Some(80.0), None, Some("%")))),
            ("maks. 5", Some((None, Some(5.0), None))),
            (
                "Maksimal 5 pengaduan",
                Some((None, Some(5.0), Some("pengaduan"))),
            ),
            ("≤ 5", Some((None, Some(5.0), None))),
            ("90 - 80", None),
            ("-5", None),
            ("80 - abc", None),
            ("target 80", None),
            ("min.", None),
            ("", None),
        ];
        for (text, want) in cases {
            let got = parse_range(text).map(|v| {
                let r = v.range.unwrap();
                (r.low, r.high, v.unit)
            });
            let want = want.map(|(l, h, u)| (l, h, u.map(str::to_string)));
            assert_eq!(got, want, "{text}");
        }
    }
}
