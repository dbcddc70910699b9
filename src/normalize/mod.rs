//! Stage 2, `normalize`: a cell as typed by an Indonesian office → a `Value`: number,
//! unit, label and state, with the original text and cell kept. Pure functions, no I/O;
//! nothing here may panic on any input, and nothing may drop the original text.
//!
//! # What a single text means (`parse_text`)
//! - Spaces: no-break spaces (U+00A0, U+202F, U+2007) are spaces; runs count as one.
//! - Blank, "-", "–", "—" → `Missing`. "N/A", "n/a", "NA", "#N/A", "tidak ada data",
//!   "belum ada data" → `NotAvailable`. A grade alone ("AA A BB B CC C D", opinions
//!   "WTP WDP TW TMP", any case) → `Grade`, upper-cased. "5 A" is the number 5 with the
//!   label "A", never a grade. Spreadsheet errors ("#REF!", "#DIV/0!") → `Unparseable`.
//! - A number is exactly one run of digits and separators, with around it at most: a
//!   currency "Rp" before it (unit "Rp"), a sign ("-5") or accounting parens ("(5)" =
//!   -5), a "%" (unit "%"), unit words ("6 unit", "5 unsur masyarakat") and a label,
//!   in parens or as known words ("85,00 (Baik)", "85,00 Baik", "(B) 85", "Baik (85,00)").
//!   Anything else (two numbers, unknown words before the number) → `Unparseable`.
//! - Separators: "1.234,5" and "1,234.5" both read 1234.5; "1.250.000" = 1250000;
//!   a comma, a space and one or two digits is a typo for a decimal ("82, 71" = 82.71);
//!   a separator followed by anything but exactly three digits is a decimal ("12.5",
//!   "4,00"); "0.648" and "0,648" are decimals (a thousands group never starts a number
//!   with 0). One separator followed by exactly three digits ("1.500", "1,500") is
//!   ambiguous: the Indonesian reading is taken (1500 and 1,5) and `ambiguous` is set,
//!   unless the unit counts whole things ("1.500 orang", "Rp 1.500"), which settles the
//!   thousands reading (nobody writes three decimals of a person or a Rupiah).
//!
//! # What a cell means (`parse_cell`)
//! A numeric cell is taken as stored, never ambiguous. Its number format decides the
//! rest: a `%` in the code (`0.00%`, `0%`) means the stored fraction 0.9731 is 97,31 %;
//! quoted text (`0 "unit"`, `#,##0 "orang"`) is the unit; a quoted `"%"` is a percent
//! sign without scaling. `raw` is what Excel shows ("97,31%", "4 unit", "4,03").
//! Text cells go through `parse_text`; errors are `Unparseable` except "#N/A", which is
//! `NotAvailable` like the typed text; booleans are `Unparseable`; empty is `Missing`.
//!
//! # What a table settles (`resolve_table`)
//! See `resolve.rs`: fractions in capaian columns of xls/ods files (which keep no number
//! formats), percent targets stored as fractions, and ambiguous "1.500" from the row
//! (capaian ≈ realisasi / target) and the column (how its other cells write decimals).

mod date;
mod format;
mod number;
mod period;
mod range;
mod quantity;
mod resolve;
mod text;

#[cfg(test)]
mod corpus_tests;

pub use number::{format_id, round_half_up};
pub use period::{periode_label, periode_of, periode_rank, years_named};
pub use quantity::quantities;
pub use resolve::{resolve_table, resolve_table_with, row_hint, RowHint};
pub use text::{normalize_label, normalize_unit, parse_text, settle_as_count, verdict};

/// The (year, month) of a date-formatted number (a clerk typed "Jan-23" over a month's
/// column and Excel stored 2023-01-01), for years 1990–2100; None for any other cell.
pub(crate) fn date_month(cell: &Cell) -> Option<(i64, u8)> {
    let Data::Number(n) = cell.data else {
        return None;
    };
    if format::date_kind(cell.format.as_deref()?) != Some(format::DateKind::Date) {
        return None;
    }
    let (year, month, _) = date::civil(n).filter(|(y, _, _)| (1990..=2100).contains(y))?;
    Some((year, u8::try_from(month).ok()?))
}

use crate::model::CellRef;
use crate::workbook::{Cell, Data};
use serde::{Deserialize, Serialize};

/// What kind of thing a cell held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// A number (see `Value::number`).
    Value,
    /// Blank or "-": nothing reported.
    Missing,
    /// "N/A", "n/a", "tidak ada data": deliberately not reported.
    NotAvailable,
    /// A letter grade such as "BB" or an opinion such as "WTP" (see `Value::grade`).
    Grade,
    /// Text that is none of the above.
    Unparseable,
}

/// One normalized value with its origin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Value {
    pub state: State,
    /// The number in plain units: 82.71 for "82, 71", 97.31 for a percent-formatted
    /// 0.9731, 1234.5 for "1.234,5".
    pub number: Option<f64>,
    /// Unit written with the number ("unit", "SOP", "orang", "%"), as written, trimmed.
    pub unit: Option<String>,
    /// A label written with the number ("Baik" in "85,00 (Baik)").
    pub label: Option<String>,
    /// The grade for `State::Grade`, upper-cased ("BB").
    pub grade: Option<String>,
    /// True when thousands-vs-decimal could not be decided from the text alone
    /// ("1.500"); context may settle it later.
    pub ambiguous: bool,
    /// The original text as the clerk sees it.
    pub raw: String,
    /// Where it came from (None for values built in tests or from remarks).
    pub at: Option<CellRef>,
    /// Why a cell that looks like a number is not one, or where a number came from when
    /// the file did not store it (a date-formatted number, a formula with no saved
    /// result, an error value). Validation words its message from this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<Cause>,
    /// A target written as a range ("80 - 90%", "≥ 85", "maks. 5"): `number` is None and
    /// capaian follows the range rule (see `validate::compute_capaian`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<Range>,
}

/// What made a cell's value what it is, beyond its text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Cause {
    /// A number shown as a date or time (5 shown as 05/01/1900, 3,12 become 03:12):
    /// `shown` is what Excel shows, `typed` what the clerk most likely typed.
    DateTime { shown: String, typed: String },
    /// A formula saved without its result (files written by scripts). `computed` is
    /// the result of evaluating it over the sheet, when that was possible.
    Formula {
        formula: String,
        computed: Option<f64>,
    },
    /// A spreadsheet error value (#DIV/0!, #REF!, #N/A, #VALUE!) stored as the result.
    ErrorValue { code: String },
    /// A count written against its whole ("3 dari 4 kelurahan", "12/12"): `number` is
    /// the count; for a percent indicator it becomes count / whole × 100.
    Ratio { of: f64 },
}

/// A target range; an open side is None ("≥ 85" has no upper bound).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Range {
    pub low: Option<f64>,
    pub high: Option<f64>,
}

impl Value {
    /// The number, when the cell holds one (state `Value`, finite); None for grades,
    /// text, N/A and blanks.
    pub fn as_number(&self) -> Option<f64> {
        match self.state {
            State::Value => self.number.filter(|n| n.is_finite()),
            _ => None,
        }
    }

    pub fn missing() -> Self {
        Value {
            state: State::Missing,
            number: None,
            unit: None,
            label: None,
            grade: None,
            ambiguous: false,
            raw: String::new(),
            at: None,
            cause: None,
            range: None,
        }
    }
}

/// Which column a cell came from: a capaian cell formatted as percent holding 0.9731
/// means 97.31; a target cell does not get that treatment unless its format says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Target,
    Realisasi,
    Capaian,
}

/// The three numbers of one table row, normalized cell by cell and then settled together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowValues {
    pub target: Value,
    pub realisasi: Value,
    pub capaian: Value,
}

/// A number found inside free text (remarks): "65 usulan", "58,46%", "11 SOP".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    pub number: f64,
    /// Unit word right after the number, if any ("usulan"); "%" for percents.
    pub unit: Option<String>,
    /// Byte range of the quantity in the text.
    pub start: usize,
    pub end: usize,
}

/// Normalize a cell of the given field, using its number format where it has one. The
/// field does not change how a single cell reads (a percent format means × 100 in any
/// column); it is for the table-level decisions of `resolve_table`.
pub fn parse_cell(cell: &Cell, field: Field, at: Option<CellRef>) -> Value {
    let mut v = match &cell.data {
        // A formula saved without its result: evaluated at open when possible.
        Data::Formula { formula, value } => formula_value(formula, *value, cell, field),
        Data::Empty => Value::missing(),
        // A target is read as a range first: "≥ 85" and "≤ 5" also read as the plain
        // numbers 85 and 5, which would silently drop the bound's direction.
        Data::Text(s) if field == Field::Target => {
            range::parse_range(s).unwrap_or_else(|| parse_text(s))
        }
        Data::Text(s) => parse_text(s),
        Data::Number(n) => match cell.format.as_deref().and_then(format::date_kind) {
            Some(kind) => date_value(*n, kind),
            None => parse_number_cell(*n, cell.format.as_deref()),
        },
        Data::Bool(b) => Value {
            state: State::Unparseable,
            raw: if *b { "TRUE" } else { "FALSE" }.to_string(),
            ..Value::missing()
        },
        Data::Error(e) => {
            // "#N/A" (a failed lookup, or typed) means "not available" either way; every
            // other error value is a broken formula.
            let parsed = parse_text(e);
            let state = if parsed.state == State::NotAvailable {
                State::NotAvailable
            } else {
                State::Unparseable
            };
            Value {
                state,
                raw: e.clone(),
                cause: Some(Cause::ErrorValue { code: e.clone() }),
                ..Value::missing()
            }
        }
    };
    v.at = at;
    v
}

/// A formula cell that had no saved result. A target or realisasi the formula yields
/// is used (the clerk sees it in Excel) but keeps its cause, so validation can ask for
/// the file to be saved; a capaian formula is no stated capaian at all (kinerja computes
/// its own), so it can never disagree with the computed one.
fn formula_value(formula: &str, value: Option<f64>, cell: &Cell, field: Field) -> Value {
    let formula = formula.to_string();
    let computed = value.filter(|n| n.is_finite());
    if field == Field::Capaian {
        return Value {
            raw: format!("={formula}"),
            ..Value::missing()
        };
    }
    let mut v = match computed {
        Some(n) => parse_number_cell(n, cell.format.as_deref()),
        None => Value {
            state: State::Unparseable,
            ..Value::missing()
        },
    };
    v.raw = format!("={formula}");
    v.cause = Some(Cause::Formula { formula, computed });
    v
}

/// A number shown as a date or a time: never a value. Says what Excel shows and what
/// the clerk most likely typed: a time 03:12 is "3,12" typed where "." separates hours
/// from minutes; a date in January 1900 is the day count itself (5 → 05/01/1900); a
/// later date is day and month typed as "3.12" (3 December).
fn date_value(n: f64, kind: format::DateKind) -> Value {
    let (shown, typed) = match (kind, date::civil(n)) {
        (format::DateKind::Time, _) | (format::DateKind::Date, None) => {
            let minutes = (n.fract().abs() * 1440.0).round() as i64;
            let hours = (n.trunc().abs() as i64) * 24 + minutes / 60;
            let m = minutes % 60;
            (format!("{hours:02}:{m:02}"), format!("{hours},{m:02}"))
        }
        (format::DateKind::Date, Some((y, mo, d))) => {
            let shown = format!("{d:02}/{mo:02}/{y}");
            let typed = if y == 1900 && n < 367.0 {
                format_id(n.trunc(), 0)
            } else {
                format!("{d},{mo:02}")
            };
            (shown, typed)
        }
    };
    Value {
        state: State::Unparseable,
        raw: shown.clone(),
        cause: Some(Cause::DateTime { shown, typed }),
        ..Value::missing()
    }
}

/// Most decimals a stored number is shown with when its format does not say.
const MAX_SHOWN_DECIMALS: usize = 10;

fn parse_number_cell(n: f64, format: Option<&str>) -> Value {
    let mut v = Value::missing();
    if !n.is_finite() {
        v.state = State::Unparseable;
        v.raw = format!("{n}");
        return v;
    }
    let f = format.map(format::parse_format).unwrap_or_default();
    let number = if f.percent {
        // 0.9731 × 100 is 97.30999999999999 in binary; the clerk typed 97,31.
        round_half_up(n * 100.0, MAX_SHOWN_DECIMALS as u32)
    } else {
        n
    };
    let decimals = f
        .decimals
        .unwrap_or_else(|| number::decimals_needed(number, MAX_SHOWN_DECIMALS));
    let shown = format_id(number, decimals);
    v.state = State::Value;
    v.number = Some(number);
    if f.percent {
        v.unit = Some("%".to_string());
        v.raw = format!("{shown}%");
    } else if let Some(unit) = f.unit {
        v.raw = if unit == "%" {
            format!("{shown}%")
        } else if f.unit_first {
            format!("{unit} {shown}")
        } else {
            format!("{shown} {unit}")
        };
        v.unit = Some(unit);
    } else {
        v.raw = shown;
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cell(data: Data, format: Option<&str>) -> Cell {
        Cell {
            data,
            format: format.map(Arc::from),
        }
    }

    fn at() -> Option<CellRef> {
        Some(CellRef::new("Tabel 3.1", 21, 3))
    }

    /// (state, number, unit, raw)
    type Summary<'a> = (State, Option<f64>, Option<&'a str>, &'a str);

    fn summary(v: &Value) -> Summary<'_> {
        (v.state, v.number, v.unit.as_deref(), v.raw.as_str())
    }

    use std::sync::Arc;

    #[test]
    fn numeric_cells_use_their_format() {
        let cases: &[(f64, Option<&str>, Summary<'static>)] = &[
            (
                0.9731,
                Some("0.00%"),
                (State::Value, Some(97.31), Some("%"), "97,31%"),
            ),
            (
                1.0,
                Some("0%"),
                (State::Value, Some(100.0), Some("%"), "100%"),
            ),
            (
                0.875,
                Some("0%"),
                (State::Value, Some(87.5), Some("%"), "88%"),
            ),
            (
                1.05,
                Some("0%"),
                (State::Value, Some(105.0), Some("%"), "105%"),
            ),
            (
                97.31,
                Some("0.00 \"%\""),
                (State::Value, Some(97.31), Some("%"), "97,31%"),
            ),
            (
                4.0,
                Some("0 \"unit\""),
                (State::Value, Some(4.0), Some("unit"), "4 unit"),
            ),
            (
                1500.0,
                Some("#,##0 \"orang\""),
                (State::Value, Some(1500.0), Some("orang"), "1.500 orang"),
            ),
            (
                5.0,
                Some("0 \"unsur masyarakat\""),
                (
                    State::Value,
                    Some(5.0),
                    Some("unsur masyarakat"),
                    "5 unsur masyarakat",
                ),
            ),
            (
                1_250_000.0,
                Some("[$Rp-421]#,##0"),
                (State::Value, Some(1_250_000.0), Some("Rp"), "Rp 1.250.000"),
            ),
            (4.03, Some("0.00"), (State::Value, Some(4.03), None, "4,03")),
            (4.0, Some("0.00"), (State::Value, Some(4.0), None, "4,00")),
            (
                1200.0,
                Some("#,##0"),
                (State::Value, Some(1200.0), None, "1.200"),
            ),
            (1.0075, None, (State::Value, Some(1.0075), None, "1,0075")),
            (
                1.0075,
                Some("General"),
                (State::Value, Some(1.0075), None, "1,0075"),
            ),
            (1500.0, None, (State::Value, Some(1500.0), None, "1.500")),
            (-1.0, None, (State::Value, Some(-1.0), None, "-1")),
            (
                0.1 + 0.2,
                None,
                (State::Value, Some(0.1 + 0.2), None, "0,3"),
            ),
        ];
        for (n, fmt, want) in cases {
            let v = parse_cell(&cell(Data::Number(*n), *fmt), Field::Capaian, at());
            assert_eq!(summary(&v), *want, "{n} {fmt:?}");
            assert!(!v.ambiguous);
            assert_eq!(v.at, at());
        }
        // A number in any column: the format decides, not the field.
        let v = parse_cell(&cell(Data::Number(1.0), Some("0%")), Field::Target, None);
        assert_eq!(v.number, Some(100.0));
        let v = parse_cell(&cell(Data::Number(0.9731), None), Field::Capaian, None);
        assert_eq!(v.number, Some(0.9731));
    }

    #[test]
    fn other_cells() {
        let v = parse_cell(
            &cell(Data::Text("82, 71 (Baik)".into()), Some("0.00%")),
            Field::Realisasi,
            at(),
        );
        assert_eq!(
            summary(&v),
            (State::Value, Some(82.71), None, "82, 71 (Baik)")
        );
        assert_eq!(v.label.as_deref(), Some("Baik"));
        assert_eq!(v.at, at());

        let v = parse_cell(&cell(Data::Text("1.500".into()), None), Field::Target, None);
        assert!(v.ambiguous);

        let v = parse_cell(&cell(Data::Empty, Some("0.00%")), Field::Capaian, at());
        assert_eq!(summary(&v), (State::Missing, None, None, ""));
        assert_eq!(v.at, at());

        let v = parse_cell(
            &cell(Data::Error("#DIV/0!".into()), None),
            Field::Capaian,
            None,
        );
        assert_eq!(summary(&v), (State::Unparseable, None, None, "#DIV/0!"));
        let v = parse_cell(
            &cell(Data::Error("#REF!".into()), None),
            Field::Target,
            None,
        );
        assert_eq!(summary(&v), (State::Unparseable, None, None, "#REF!"));
        let v = parse_cell(
            &cell(Data::Error("#N/A".into()), None),
            Field::Realisasi,
            None,
        );
        assert_eq!(summary(&v), (State::NotAvailable, None, None, "#N/A"));

        let v = parse_cell(&cell(Data::Bool(true), None), Field::Target, None);
        assert_eq!(summary(&v), (State::Unparseable, None, None, "TRUE"));

        let v = parse_cell(&cell(Data::Number(f64::NAN), None), Field::Target, None);
        assert_eq!(v.state, State::Unparseable);

        let v = parse_cell(&cell(Data::Text("BB".into()), None), Field::Target, None);
        assert_eq!((v.state, v.grade.as_deref()), (State::Grade, Some("BB")));
    }

    fn unit_strategy() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec!["unit", "orang", "SOP", "unsur masyarakat", "dokumen"])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn parse_text_never_panics(s in any::<String>()) {
            let v = parse_text(&s);
            prop_assert_eq!(v.raw, s);
        }

        #[test]
        fn parse_text_never_panics_on_number_like_text(
            s in "[0-9.,%() \u{a0}\u{202f}RpN/A#!+-]{0,24}[a-zA-Z ]{0,8}"
        ) {
            let v = parse_text(&s);
            prop_assert_eq!(v.state == State::Value, v.number.is_some());
        }

        #[test]
        fn quantities_never_panic(s in any::<String>()) {
            for q in quantities(&s) {
                prop_assert!(q.start < q.end && q.end <= s.len());
                prop_assert!(s.is_char_boundary(q.start) && s.is_char_boundary(q.end));
            }
        }

        /// Formatting a number the Indonesian way and parsing it back gives the number
        /// rounded as written. Ambiguous texts ("1.500", "1,500") read back too, because
        /// the default reading is the Indonesian one `format_id` writes.
        #[test]
        fn format_then_parse_round_trips(n in -1.0e9f64..1.0e9, d in 0usize..=4) {
            let text = format_id(n, d);
            let v = parse_text(&text);
            prop_assert_eq!(v.state, State::Value, "{}", text);
            prop_assert_eq!(v.number, Some(round_half_up(n, d as u32)), "{}", text);
            // Ambiguity only where the text allows two readings.
            let one_sep = text.matches(['.', ',']).count() == 1;
            let three_after = text.rsplit(['.', ',']).next().is_some_and(|t| t.len() == 3);
            let lead = text.trim_start_matches('-');
            let could = one_sep && three_after && !lead.starts_with("0");
            prop_assert_eq!(v.ambiguous, could, "{}", text);
        }

        #[test]
        fn percents_round_trip(n in -1.0e6f64..1.0e6, d in 0usize..=4, space in any::<bool>()) {
            let text = format!("{}{}%", format_id(n, d), if space { " " } else { "" });
            let v = parse_text(&text);
            prop_assert_eq!(v.number, Some(round_half_up(n, d as u32)), "{}", text);
            prop_assert_eq!(v.unit.as_deref(), Some("%"));
        }

        /// Counts are whole: any count with its unit reads back exactly, unambiguous.
        #[test]
        fn counts_with_units_round_trip(n in 0u64..100_000_000, unit in unit_strategy(), nbsp in any::<bool>()) {
            let sep = if nbsp { "\u{a0}" } else { "  " };
            let text = format!("{}{sep}{unit}", format_id(n as f64, 0));
            let v = parse_text(&text);
            prop_assert_eq!(v.number, Some(n as f64), "{}", text);
            prop_assert_eq!(v.unit.as_deref(), Some(unit));
            prop_assert!(!v.ambiguous);
        }

        #[test]
        fn rupiah_round_trips(n in 0u64..10_000_000_000, cents in any::<bool>()) {
            let text = format!("Rp {}", format_id(n as f64, if cents { 2 } else { 0 }));
            let v = parse_text(&text);
            prop_assert_eq!(v.number, Some(n as f64), "{}", text);
            prop_assert_eq!(v.unit.as_deref(), Some("Rp"));
            prop_assert!(!v.ambiguous);
        }

        /// A percent-formatted fraction reads as the percent the clerk sees.
        #[test]
        fn percent_formatted_fractions(basis in 0u32..=20_000) {
            let fraction = basis as f64 / 10_000.0;
            let v = parse_cell(
                &cell(Data::Number(fraction), Some("0.00%")),
                Field::Capaian,
                None,
            );
            prop_assert_eq!(v.number, Some(basis as f64 / 100.0));
            prop_assert_eq!(parse_text(&v.raw).number, v.number);
        }
    }
}
