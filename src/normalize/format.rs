//! What a cell's number format code says about its number: `0.00%` stores 0.9731 for
//! 97,31 %; `0 "unit"` shows 4 as "4 unit"; `[$Rp-421] #,##0` shows Rupiah. Only the
//! first section of the code (positive numbers) is read. This module never changes the
//! number itself; `parse_cell` applies what it says.

/// The parts of a number format that matter for a value.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct NumFormat {
    /// A `%` outside quotes: Excel shows the stored number × 100.
    pub percent: bool,
    /// Literal text with letters (or a quoted "%"), trimmed: `0 "unit"` → "unit".
    pub unit: Option<String>,
    /// Whether the literal comes before the number (`"Rp" #,##0`).
    pub unit_first: bool,
    /// Decimal places shown (`0.00%` → 2); None for "General".
    pub decimals: Option<usize>,
}

/// Read a number format code. "General", "@" and empty codes say nothing.
pub(crate) fn parse_format(code: &str) -> NumFormat {
    let mut f = NumFormat::default();
    let trimmed = code.trim();
    if trimmed.is_empty() || trimmed.eq_ignore_ascii_case("general") || trimmed == "@" {
        return f;
    }
    let mut literal = String::new();
    let mut literal_first = false;
    let mut seen_digit = false;
    let mut in_decimals = false;
    let mut decimals = 0usize;
    let mut any_placeholder = false;
    let mut chars = trimmed.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ';' => break,
            '"' => {
                let start_len = literal.len();
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                    literal.push(q);
                }
                if !seen_digit && literal.len() > start_len {
                    literal_first = true;
                }
                literal.push(' ');
            }
            '\\' => {
                if let Some(q) = chars.next() {
                    if !seen_digit {
                        literal_first = true;
                    }
                    literal.push(q);
                }
            }
            // Padding (`_)`) and fill (`* `) take the next character as an argument.
            '_' | '*' => {
                chars.next();
            }
            '[' => {
                let mut inner = String::new();
                for q in chars.by_ref() {
                    if q == ']' {
                        break;
                    }
                    inner.push(q);
                }
                // `[$Rp-421]`: a currency symbol, then a locale after the dash.
                if let Some(sym) = inner.strip_prefix('$') {
                    let sym = sym.split('-').next().unwrap_or_default();
                    if !sym.is_empty() {
                        if !seen_digit {
                            literal_first = true;
                        }
                        literal.push_str(sym);
                        literal.push(' ');
                    }
                }
            }
            '%' => f.percent = true,
            '0' | '#' | '?' => {
                seen_digit = true;
                any_placeholder = true;
                if in_decimals {
                    decimals += 1;
                }
            }
            '.' if seen_digit || chars.peek().is_some_and(|n| matches!(n, '0' | '#' | '?')) => {
                in_decimals = true;
                seen_digit = true;
            }
            'E' | 'e' if seen_digit => {
                // Scientific notation: the exponent digits are not decimals.
                in_decimals = false;
                while chars
                    .peek()
                    .is_some_and(|n| matches!(n, '+' | '-' | '0' | '#'))
                {
                    chars.next();
                }
            }
            _ => {}
        }
    }
    let literal = literal.split_whitespace().collect::<Vec<_>>().join(" ");
    if literal == "%" {
        // `0.00"%"` shows the stored number followed by a percent sign, not × 100.
        f.unit = Some(literal);
    } else if literal.chars().any(char::is_alphabetic) {
        f.unit_first = literal_first;
        f.unit = Some(
            if literal.eq_ignore_ascii_case("rp") || literal.eq_ignore_ascii_case("rp.") {
                "Rp".to_string()
            } else {
                literal
            },
        );
    }
    if any_placeholder {
        f.decimals = Some(decimals);
    }
    f
}

/// What a date or time number format shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateKind {
    /// Only a time of day or a duration (`h:mm`, `[h]:mm:ss`).
    Time,
    /// A calendar date, with or without a time (`dd/mm/yyyy`, `d-mmm`).
    Date,
}

/// Whether a format code shows its number as a date or a time. Only unquoted letters of
/// the first section count: `0 "hari"` is a unit, `[$Rp-421]` a currency, `[Red]` a
/// colour, while `[h]` (elapsed hours) is a time. A lone `m` is minutes next to `h` or
/// `s` and months otherwise, as Excel reads it.
pub(crate) fn date_kind(code: &str) -> Option<DateKind> {
    let code = code.trim();
    if code.is_empty() || code.eq_ignore_ascii_case("general") || code == "@" {
        return None;
    }
    let (mut date, mut time, mut month_or_minute) = (false, false, false);
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c.to_ascii_lowercase() {
            ';' => break,
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                }
            }
            '\\' | '_' | '*' => {
                chars.next();
            }
            '[' => {
                let inner: String = chars.by_ref().take_while(|q| *q != ']').collect();
                let inner = inner.to_ascii_lowercase();
                if !inner.is_empty() && inner.chars().all(|q| matches!(q, 'h' | 'm' | 's')) {
                    time = true;
                }
            }
            'd' | 'y' => date = true,
            'h' | 's' => time = true,
            'm' => month_or_minute = true,
            'a' if code.to_ascii_lowercase().contains("am/pm") => time = true,
            _ => {}
        }
    }
    if month_or_minute && !time {
        date = true;
    }
    if date {
        Some(DateKind::Date)
    } else if time {
        Some(DateKind::Time)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(percent: bool, unit: Option<&str>, decimals: Option<usize>) -> NumFormat {
        NumFormat {
            percent,
            unit: unit.map(str::to_string),
            unit_first: false,
            decimals,
        }
    }

    #[test]
    fn format_codes() {
        assert_eq!(parse_format("0.00%"), fmt(true, None, Some(2)));
        assert_eq!(parse_format("0%"), fmt(true, None, Some(0)));
        assert_eq!(parse_format("0.00"), fmt(false, None, Some(2)));
        assert_eq!(parse_format("#,##0"), fmt(false, None, Some(0)));
        assert_eq!(parse_format("General"), fmt(false, None, None));
        assert_eq!(parse_format("@"), fmt(false, None, None));
        assert_eq!(
            parse_format("0 \"unit\""),
            fmt(false, Some("unit"), Some(0))
        );
        assert_eq!(
            parse_format("#,##0 \"orang\""),
            fmt(false, Some("orang"), Some(0))
        );
        assert_eq!(
            parse_format("0 \"unsur masyarakat\""),
            fmt(false, Some("unsur masyarakat"), Some(0))
        );
        assert_eq!(parse_format("0.00 \"%\""), fmt(false, Some("%"), Some(2)));
        assert_eq!(
            parse_format("0\\ \\u\\n\\i\\t"),
            fmt(false, Some("unit"), Some(0))
        );
        assert_eq!(parse_format("0.00%;[Red]-0.00%"), fmt(true, None, Some(2)));
        assert_eq!(parse_format("0.0_);(0.0)"), fmt(false, None, Some(1)));
        let rp = parse_format("[$Rp-421]#,##0.00");
        assert_eq!(rp.unit.as_deref(), Some("Rp"));
        assert!(rp.unit_first);
        assert_eq!(rp.decimals, Some(2));
        let rp = parse_format("_(\"Rp\"* #,##0_)");
        assert_eq!(rp.unit.as_deref(), Some("Rp"));
        assert!(rp.unit_first);
        assert_eq!(parse_format("0.00E+00"), fmt(false, None, Some(2)));
    }

    #[test]
    fn date_and_time_codes() {
        let cases: &[(&str, Option<DateKind>)] = &[
            ("h:mm", Some(DateKind::Time)),
            ("hh:mm:ss", Some(DateKind::Time)),
            ("[h]:mm", Some(DateKind::Time)),
            ("mm:ss", Some(DateKind::Time)),
            ("h:mm AM/PM", Some(DateKind::Time)),
            ("dd/mm/yyyy", Some(DateKind::Date)),
            ("d-mmm", Some(DateKind::Date)),
            ("mmm-yy", Some(DateKind::Date)),
            ("[$-421]dd mmmm yyyy", Some(DateKind::Date)),
            ("dd/mm/yyyy hh:mm", Some(DateKind::Date)),
            ("yyyy-mm-dd", Some(DateKind::Date)),
            ("0.00%", None),
            ("0 \"hari\"", None),
            ("#,##0 \"dokumen\"", None),
            ("[$Rp-421]#,##0.00", None),
            ("[Red]0.00", None),
            ("0.00E+00", None),
            ("General", None),
            ("@", None),
        ];
        for (code, want) in cases {
            assert_eq!(date_kind(code), *want, "{code}");
        }
    }
}
