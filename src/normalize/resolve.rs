//! What one cell cannot tell but the table can. Runs after `parse_cell` on every row of
//! one located table, in three steps, each deciding per COLUMN from all rows and then
//! per CELL with the row's own numbers when they decide:
//!
//! 1. **Ambiguous numbers** ("1.500": 1500 or 1,5). In order, the first that decides:
//!    - the row: the readings (of every ambiguous cell of the row together) for which the
//!      stated capaian equals realisasi / target × 100 (or a negative-polarity formula,
//!      (2·target − realisasi) / target or target / realisasi); decided when all such
//!      readings agree on the cell;
//!    - the column: if its other cells write decimals only with a comma ("4,66") the dot
//!      is a thousands separator; if only with a dot ("4.66") it is the decimal; mixed or
//!      no evidence in the column falls back to the whole table the same way;
//!    - the row hint (`RowHint::count`, from the indicator or its unit): a count takes
//!      the thousands reading (nobody writes three decimals of a count).
//!
//!    Otherwise the Indonesian reading stays and `ambiguous` stays true. Numeric cells
//!    count as Indonesian evidence (their `raw` is written by `format_id`), so a column
//!    mixing numeric cells with typed "4.66" is mixed and decides nothing.
//! 2. **Percent targets stored as fractions** (xls/ods lose the `0%` format, so 100 %
//!    arrives as 1): a target or realisasi cell with no unit and no "%" is scaled × 100
//!    when the other one of the pair is written with "%" and only the scaled reading
//!    makes the stated capaian right; or when the row is a percent indicator
//!    (`RowHint::percent`) and most unit-less target/realisasi numbers of the percent
//!    rows are fractions (≤ 2), unless the row's capaian proves the unscaled reading.
//! 3. **Capaian fractions** (0.9731 meaning 97,31 %): capaian cells with no unit and no
//!    "%" vote: "fraction" when the value matches the row's ratio, "percent" when it
//!    matches ratio × 100. The column is a fraction column when fraction votes win (with
//!    no votes: when most of its nonzero values are ≤ 2). Then per cell: the row's own
//!    vote decides when it has one; otherwise a fraction column scales values up to
//!    10 (1000 %) and leaves larger ones, so a single 100 typed among fractions stays 100
//!    (and is reported by validation), never 10000.
//!
//! It never changes a value that carries an explicit unit or percent sign, never touches
//! grades or missing values, and keeps `raw` as the clerk wrote it, except that a
//! fraction scaled to percent is shown as the percent the clerk saw ("45%" for 0.45).

use super::number::Style;
use super::text::{clean_spaces, is_count_unit, reading_of, readings_of};
use super::{normalize_unit, round_half_up, Cause, RowValues, State, Value};

/// What the row's indicator says about its numbers, from outside the three cells.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RowHint {
    /// The indicator is a percentage ("Persentase …", unit "%").
    pub percent: bool,
    /// The indicator counts whole things ("Jumlah …", unit "orang").
    pub count: bool,
}

/// A hint from the row's indicator text and its unit (Satuan column or schema; "" when
/// unknown).
pub fn row_hint(indicator: &str, unit: &str) -> RowHint {
    let ind = clean_spaces(indicator).to_lowercase();
    let unit = normalize_unit(unit);
    let words: Vec<&str> = ind
        .split(|c: char| !c.is_alphanumeric() && c != '%')
        .filter(|w| !w.is_empty())
        .collect();
    let percent = unit == "%"
        || ind.contains('%')
        || words
            .iter()
            .any(|w| matches!(*w, "persentase" | "prosentase" | "presentase" | "persen"));
    let count = !percent
        && ((!unit.is_empty() && unit != "rp" && is_count_unit(&unit))
            || words
                .first()
                .is_some_and(|w| matches!(*w, "jumlah" | "banyaknya")));
    RowHint { percent, count }
}

/// Settle what single cells cannot: a capaian column of unformatted fractions (0.9731
/// meaning 97.31 % in xls/ods, which carry no number formats), and ambiguous numbers such
/// as "1.500", from the row (capaian ≈ realisasi / target) and the column (how its other
/// cells write decimals). What stays undecided keeps `ambiguous = true`.
pub fn resolve_table(rows: &mut [RowValues]) {
    resolve_table_with(rows, &[]);
}

/// `resolve_table` with what each row's indicator says (`hints[i]` for `rows[i]`; missing
/// hints count as none).
pub fn resolve_table_with(rows: &mut [RowValues], hints: &[RowHint]) {
    let hint = |i: usize| hints.get(i).copied().unwrap_or_default();
    ratios_as_percent(rows, &hint);
    settle_ambiguous(rows, &hint);
    scale_percent_pairs(rows, &hint);
    scale_capaian_fractions(rows);
}

/// A count against its whole ("3 dari 4 kelurahan") is that percent (75 %) in a capaian
/// cell and in the target or realisasi of a percent indicator; in the target or
/// realisasi of any other indicator it stays the count.
fn ratios_as_percent(rows: &mut [RowValues], hint: &dyn Fn(usize) -> RowHint) {
    for (i, row) in rows.iter_mut().enumerate() {
        let percent = hint(i).percent;
        for (v, as_percent) in [
            (&mut row.target, percent),
            (&mut row.realisasi, percent),
            (&mut row.capaian, true),
        ] {
            if let (true, Some(Cause::Ratio { of }), Some(n)) = (as_percent, &v.cause, v.number) {
                v.number = Some(n / of * 100.0);
                v.unit = Some("%".to_string());
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Target,
    Realisasi,
    Capaian,
}

const COLS: [Col; 3] = [Col::Target, Col::Realisasi, Col::Capaian];

fn cell(row: &RowValues, col: Col) -> &Value {
    match col {
        Col::Target => &row.target,
        Col::Realisasi => &row.realisasi,
        Col::Capaian => &row.capaian,
    }
}

fn cell_mut(row: &mut RowValues, col: Col) -> &mut Value {
    match col {
        Col::Target => &mut row.target,
        Col::Realisasi => &mut row.realisasi,
        Col::Capaian => &mut row.capaian,
    }
}

fn num(v: &Value) -> Option<f64> {
    (v.state == State::Value).then_some(v.number).flatten()
}

/// Capaian (in percent) that a target and realisasi give under the formulas in use.
fn achievements(target: f64, realisasi: f64) -> Vec<f64> {
    let mut out = Vec::with_capacity(3);
    if target != 0.0 {
        out.push(realisasi / target * 100.0);
        out.push((2.0 * target - realisasi) / target * 100.0);
    }
    if realisasi != 0.0 {
        out.push(target / realisasi * 100.0);
    }
    out.retain(|x| x.is_finite());
    out
}

/// Decimals the value is written with ("97,31%" → 2); how precise a match can be.
fn shown_decimals(v: &Value) -> usize {
    reading_of(&v.raw).map_or(0, |r| r.decimals)
}

/// Tolerance, in percent points, for a capaian written with `decimals` decimals and read
/// at `scale` (1 for percent, 100 for a fraction): half a unit of the last digit shown,
/// at least 0.005 and at most 0.5.
fn tolerance(decimals: usize, scale: f64) -> f64 {
    let unit = 10f64.powi(-(decimals.min(12) as i32)) * scale;
    (0.5 * unit).clamp(0.005, 0.5) + 1e-9
}

fn matches_any(capaian: f64, tol: f64, target: f64, realisasi: f64) -> bool {
    achievements(target, realisasi)
        .iter()
        .any(|a| (capaian - a).abs() <= tol)
}

/// A capaian stated as a number: (value in percent, tolerance) readings to try. A capaian
/// with no unit may be a fraction, so both scales are tried for it.
fn capaian_readings(c: &Value) -> Vec<(f64, f64)> {
    let Some(v) = num(c) else {
        return Vec::new();
    };
    let d = shown_decimals(c);
    let mut out = vec![(v, tolerance(d, 1.0))];
    if c.unit.is_none() && v.abs() <= FRACTION_MAX {
        out.push((v * 100.0, tolerance(d, 100.0)));
    }
    out
}

fn is_plain_number(v: &Value) -> bool {
    v.state == State::Value && v.unit.is_none() && !v.raw.contains('%')
}

// ---------------------------------------------------------------- 1. ambiguous numbers

fn settle_ambiguous(rows: &mut [RowValues], hint: &dyn Fn(usize) -> RowHint) {
    let table_style = style_of(rows, &COLS);
    let col_style: Vec<Option<Style>> = COLS
        .iter()
        .map(|&c| style_of(rows, &[c]).or(table_style))
        .collect();
    for (i, row) in rows.iter_mut().enumerate() {
        let amb: Vec<(Col, f64, f64)> = COLS
            .iter()
            .filter(|&&c| cell(row, c).ambiguous)
            .filter_map(|&c| readings_of(&cell(row, c).raw).map(|(d, a)| (c, d, a)))
            .collect();
        if amb.is_empty() {
            continue;
        }
        let by_row = decide_by_row(row, &amb);
        for (k, &(col, default, alt)) in amb.iter().enumerate() {
            let idx = COLS.iter().position(|&c| c == col).unwrap_or(0);
            let decided = by_row.get(k).copied().flatten().or_else(|| {
                match col_style.get(idx).copied().flatten() {
                    Some(Style::Indonesian) => Some(default),
                    Some(Style::English) => Some(alt),
                    // Counts are whole and never written with three decimals.
                    None if hint(i).count && col != Col::Capaian => {
                        Some(if alt.abs() > default.abs() {
                            alt
                        } else {
                            default
                        })
                    }
                    None => None,
                }
            });
            if let Some(n) = decided {
                let v = cell_mut(row, col);
                v.number = Some(n);
                v.ambiguous = false;
            }
        }
    }
}

/// For each ambiguous cell of the row, the reading that every consistent combination
/// agrees on (None when no combination fits or they disagree).
fn decide_by_row(row: &RowValues, amb: &[(Col, f64, f64)]) -> Vec<Option<f64>> {
    let n = amb.len();
    let mut agreed: Vec<Option<Option<f64>>> = vec![None; n];
    for mask in 0..(1u32 << n) {
        let mut values = [num(&row.target), num(&row.realisasi), None];
        let mut cap = row.capaian.clone();
        for (k, &(col, d, a)) in amb.iter().enumerate() {
            let v = if mask & (1 << k) == 0 { d } else { a };
            match col {
                Col::Target => values[0] = Some(v),
                Col::Realisasi => values[1] = Some(v),
                Col::Capaian => cap.number = Some(v),
            }
        }
        let (Some(t), Some(r)) = (values[0], values[1]) else {
            return vec![None; n];
        };
        let caps = capaian_readings(&cap);
        if caps.is_empty() {
            return vec![None; n];
        }
        if !caps.iter().any(|&(c, tol)| matches_any(c, tol, t, r)) {
            continue;
        }
        for (k, (&(_, d, a), seen)) in amb.iter().zip(agreed.iter_mut()).enumerate() {
            let v = if mask & (1 << k) == 0 { d } else { a };
            *seen = match *seen {
                None => Some(Some(v)),
                Some(Some(prev)) if prev == v => Some(Some(v)),
                _ => Some(None),
            };
        }
    }
    agreed.into_iter().map(Option::flatten).collect()
}

/// The decimal style the given columns' unambiguous cells show, if they agree.
fn style_of(rows: &[RowValues], cols: &[Col]) -> Option<Style> {
    let (mut id, mut en) = (0, 0);
    for row in rows {
        for &c in cols {
            let v = cell(row, c);
            if v.state != State::Value || v.ambiguous {
                continue;
            }
            match reading_of(&v.raw).and_then(|r| r.style) {
                Some(Style::Indonesian) => id += 1,
                Some(Style::English) => en += 1,
                None => {}
            }
        }
    }
    match (id, en) {
        (0, 0) => None,
        (_, 0) => Some(Style::Indonesian),
        (0, _) => Some(Style::English),
        _ => None,
    }
}

// ------------------------------------------------------- 2. percent targets as fractions

/// Largest target or realisasi read as a fraction of 100 % (realisasi may pass 100 %).
const PAIR_FRACTION_MAX: f64 = 2.0;

fn pair_candidate(v: &Value) -> bool {
    is_plain_number(v) && num(v).is_some_and(|n| n.abs() <= PAIR_FRACTION_MAX)
}

fn scale_percent_pairs(rows: &mut [RowValues], hint: &dyn Fn(usize) -> RowHint) {
    // Do the percent rows store fractions? Count their unit-less numbers by size.
    let (mut small, mut large) = (0, 0);
    for (i, row) in rows.iter().enumerate() {
        if !hint(i).percent {
            continue;
        }
        for v in [&row.target, &row.realisasi] {
            match num(v) {
                Some(n) if is_plain_number(v) && n != 0.0 => {
                    if n.abs() <= PAIR_FRACTION_MAX {
                        small += 1;
                    } else {
                        large += 1;
                    }
                }
                _ => {}
            }
        }
    }
    let fraction_rows = small > large;
    for (i, row) in rows.iter_mut().enumerate() {
        let t_cand = pair_candidate(&row.target);
        let r_cand = pair_candidate(&row.realisasi);
        if !t_cand && !r_cand {
            continue;
        }
        let (scale_t, scale_r) = decide_pair(row, t_cand, r_cand, hint(i).percent && fraction_rows);
        if scale_t {
            to_percent(&mut row.target);
        }
        if scale_r {
            to_percent(&mut row.realisasi);
        }
    }
}

/// Whether to scale target and realisasi of one row.
fn decide_pair(row: &RowValues, t_cand: bool, r_cand: bool, percent_row: bool) -> (bool, bool) {
    let (Some(t), Some(r)) = (num(&row.target), num(&row.realisasi)) else {
        // Only one number: a percent row with fraction style scales it.
        return (t_cand && percent_row, r_cand && percent_row);
    };
    let caps = capaian_readings(&row.capaian);
    let fits = |st: bool, sr: bool| {
        let t = if st { t * 100.0 } else { t };
        let r = if sr { r * 100.0 } else { r };
        caps.iter().any(|&(c, tol)| matches_any(c, tol, t, r))
    };
    let explicit_t = row.target.unit.as_deref() == Some("%");
    let explicit_r = row.realisasi.unit.as_deref() == Some("%");
    // One of the pair written with "%": the other must be on its scale if that is the
    // only reading that makes the capaian right.
    if t_cand && explicit_r && fits(true, false) && !fits(false, false) {
        return (true, false);
    }
    if r_cand && explicit_t && fits(false, true) && !fits(false, false) {
        return (false, true);
    }
    if !percent_row {
        return (false, false);
    }
    let st = t_cand;
    let sr = r_cand;
    // The capaian proves the numbers as they are and not the scaled ones: keep them.
    if !caps.is_empty() && fits(false, false) && !fits(st, sr) {
        return (false, false);
    }
    (st, sr)
}

/// Scale a fraction to percent points. `raw` follows: a percent stored as a fraction is
/// shown as a percent by the program that wrote it (ods percentage cells, an xls whose
/// `0%` format the reader cannot see), so messages, `found` and `expected` speak of
/// "45%", never "0,45" beside a target of "≥ 60%".
fn to_percent(v: &mut Value) {
    if let Some(n) = v.number {
        let scaled = round_half_up(n * 100.0, 10);
        v.number = Some(scaled);
        v.unit = Some("%".to_string());
        let decimals = super::number::decimals_needed(scaled, 10);
        v.raw = format!("{}%", super::format_id(scaled, decimals));
    }
}

// ------------------------------------------------------------------ 3. capaian fractions

/// Largest capaian read as a fraction (1000 %); larger values are percents as typed.
const FRACTION_MAX: f64 = 10.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scale {
    Fraction,
    Percent,
}

/// What the row's own target and realisasi say about its capaian's scale.
fn row_vote(row: &RowValues) -> Option<Scale> {
    let c = num(&row.capaian)?;
    let (t, r) = (num(&row.target)?, num(&row.realisasi)?);
    let d = shown_decimals(&row.capaian);
    let fraction = matches_any(c * 100.0, tolerance(d, 100.0), t, r);
    let percent = matches_any(c, tolerance(d, 1.0), t, r);
    match (fraction, percent) {
        (true, false) => Some(Scale::Fraction),
        (false, true) => Some(Scale::Percent),
        _ => None,
    }
}

fn scale_capaian_fractions(rows: &mut [RowValues]) {
    let candidate = |row: &RowValues| {
        is_plain_number(&row.capaian) && num(&row.capaian).is_some_and(|n| n != 0.0)
    };
    let (mut frac_votes, mut pct_votes, mut small, mut total) = (0, 0, 0, 0);
    for row in rows.iter().filter(|r| candidate(r)) {
        total += 1;
        if num(&row.capaian).is_some_and(|n| n.abs() <= 2.0) {
            small += 1;
        }
        match row_vote(row) {
            Some(Scale::Fraction) => frac_votes += 1,
            Some(Scale::Percent) => pct_votes += 1,
            None => {}
        }
    }
    let fraction_column = frac_votes > pct_votes || (frac_votes == pct_votes && small * 2 > total);
    for row in rows.iter_mut() {
        if !is_plain_number(&row.capaian) {
            continue;
        }
        let Some(c) = num(&row.capaian) else { continue };
        let scale = match row_vote(row) {
            Some(Scale::Fraction) => true,
            Some(Scale::Percent) => false,
            None => fraction_column && c.abs() <= FRACTION_MAX,
        };
        if scale {
            to_percent(&mut row.capaian);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{parse_text, Value};
    use super::*;

    fn number(n: f64, raw: &str) -> Value {
        Value {
            state: State::Value,
            number: Some(n),
            raw: raw.to_string(),
            ..Value::missing()
        }
    }

    fn row(t: Value, r: Value, c: Value) -> RowValues {
        RowValues {
            target: t,
            realisasi: r,
            capaian: c,
        }
    }

    /// A row as an xls file gives it: plain numbers, no formats.
    fn xls_row(t: f64, r: f64, c: f64) -> RowValues {
        let show =
            |x: f64| super::super::format_id(x, super::super::number::decimals_needed(x, 10));
        row(
            number(t, &show(t)),
            number(r, &show(r)),
            number(c, &show(c)),
        )
    }

    fn capaian(rows: &[RowValues]) -> Vec<Option<f64>> {
        rows.iter().map(|r| r.capaian.number).collect()
    }

    /// "3 dari 4" is 75 % for a percent indicator and the count 3 for any other.
    #[test]
    fn a_ratio_is_a_percent_only_for_a_percent_indicator() {
        let mut rows = vec![
            row(
                parse_text("100%"),
                parse_text("3 dari 4"),
                parse_text("75%"),
            ),
            row(
                parse_text("4"),
                parse_text("3 dari 4 kelurahan"),
                parse_text("3/4"),
            ),
        ];
        let hints = [
            row_hint("Persentase kelurahan yang melaksanakan musrenbang", "%"),
            row_hint("Jumlah kelurahan yang melaksanakan musrenbang", "kelurahan"),
        ];
        resolve_table_with(&mut rows, &hints);
        let got: Vec<(Option<f64>, Option<&str>)> = rows
            .iter()
            .map(|r| (r.realisasi.number, r.realisasi.unit.as_deref()))
            .collect();
        assert_eq!(
            got,
            [(Some(75.0), Some("%")), (Some(3.0), Some("kelurahan"))]
        );
        // A capaian is a percent whatever the indicator.
        assert_eq!(rows[1].capaian.number, Some(75.0));
        assert_eq!(rows[0].realisasi.raw, "3 dari 4");
    }

    #[test]
    fn fraction_column_is_scaled() {
        let mut rows = vec![
            xls_row(49.0, 48.0, 0.9796),
            xls_row(4.0, 4.0, 1.0),
            xls_row(40.0, 33.0, 0.825),
            xls_row(2.0, 0.0, 2.0), // negative polarity: (2·2 − 0) / 2 = 200 %
        ];
        resolve_table(&mut rows);
        assert_eq!(
            capaian(&rows),
            vec![Some(97.96), Some(100.0), Some(82.5), Some(200.0)]
        );
        assert!(rows.iter().all(|r| r.capaian.unit.as_deref() == Some("%")));
        // Shown as the percent the clerk saw, not the stored fraction.
        assert_eq!(rows[0].capaian.raw, "97,96%");
    }

    #[test]
    fn one_injected_hundred_among_fractions_stays_hundred() {
        let mut rows = vec![
            xls_row(49.0, 48.0, 0.9796),
            xls_row(40.0, 33.0, 100.0), // wrong: 82,5 % is right; reported by validation
            xls_row(8.0, 2.0, 0.25),
            xls_row(1500.0, 1241.0, 0.8273),
        ];
        resolve_table(&mut rows);
        assert_eq!(
            capaian(&rows),
            vec![Some(97.96), Some(100.0), Some(25.0), Some(82.73)]
        );
        assert_eq!(rows[1].capaian.unit, None);
    }

    #[test]
    fn fractions_without_ratios_follow_the_column() {
        // Grades and missing targets give no ratio: the column's sizes decide.
        let mut rows = vec![
            row(parse_text("BB"), parse_text("A"), number(0.95, "0,95")),
            row(Value::missing(), number(3.0, "3"), number(1.0, "1")),
            row(Value::missing(), number(3.0, "3"), number(0.5, "0,5")),
        ];
        resolve_table(&mut rows);
        assert_eq!(capaian(&rows), vec![Some(95.0), Some(100.0), Some(50.0)]);
    }

    #[test]
    fn percent_column_stays() {
        let mut rows = vec![
            xls_row(4.0, 4.03, 100.75),
            xls_row(10.0, 10.0, 100.0),
            // A fraction among percents that its row proves: scaled by the row.
            xls_row(40.0, 33.0, 0.825),
            // A stray 1 with a ratio of 1: the row votes for the fraction.
            xls_row(1.0, 1.0, 1.0),
            xls_row(50.0, 25.0, 1.0), // neither: left as typed
            xls_row(8.0, 2.0, 25.0),
        ];
        resolve_table(&mut rows);
        assert_eq!(
            capaian(&rows),
            vec![
                Some(100.75),
                Some(100.0),
                Some(82.5),
                Some(100.0),
                Some(1.0),
                Some(25.0)
            ]
        );
    }

    #[test]
    fn explicit_percent_capaian_is_never_rescaled() {
        let mut rows = vec![
            row(number(4.0, "4"), number(4.0, "4"), parse_text("1%")),
            xls_row(40.0, 33.0, 0.825),
            xls_row(8.0, 2.0, 0.25),
        ];
        resolve_table(&mut rows);
        assert_eq!(capaian(&rows), vec![Some(1.0), Some(82.5), Some(25.0)]);
    }

    #[test]
    fn ambiguous_settled_by_the_row() {
        // Target "1.500" (1500 or 1,5), realisasi 1200: 80 % fits only 1500.
        let mut rows = vec![row(
            parse_text("1.500"),
            number(1200.0, "1.200"),
            parse_text("80%"),
        )];
        assert!(rows[0].target.ambiguous);
        resolve_table(&mut rows);
        assert_eq!(rows[0].target.number, Some(1500.0));
        assert!(!rows[0].target.ambiguous);

        // realisasi "1.250" with target 1,25 and capaian 100 %: the decimal reading.
        let mut rows = vec![row(
            parse_text("1,25"),
            parse_text("1.250"),
            parse_text("100,00%"),
        )];
        resolve_table(&mut rows);
        assert_eq!(rows[0].realisasi.number, Some(1.25));
        assert!(!rows[0].realisasi.ambiguous);
    }

    #[test]
    fn ambiguous_settled_by_the_column() {
        // No capaian: the column writes dot decimals, so "1.500" is 1,5.
        let mut rows = vec![
            row(parse_text("4.66"), parse_text("4.75"), Value::missing()),
            row(parse_text("1.500"), parse_text("1.25"), Value::missing()),
        ];
        resolve_table(&mut rows);
        assert_eq!(rows[1].target.number, Some(1.5));
        assert!(!rows[1].target.ambiguous);

        // The column writes comma decimals, so "1.500" is 1500.
        let mut rows = vec![
            row(parse_text("4,66"), parse_text("4"), Value::missing()),
            row(parse_text("1.500"), parse_text("7"), Value::missing()),
        ];
        resolve_table(&mut rows);
        assert_eq!(rows[1].target.number, Some(1500.0));
        assert!(!rows[1].target.ambiguous);
    }

    #[test]
    fn ambiguous_stays_when_nothing_decides() {
        // Both readings fit the row, and the column shows no decimals at all.
        let mut rows = vec![
            row(parse_text("1.500"), parse_text("1.500"), parse_text("100%")),
            row(parse_text("12"), parse_text("10"), parse_text("83%")),
        ];
        resolve_table(&mut rows);
        assert_eq!(rows[0].target.number, Some(1500.0));
        assert!(rows[0].target.ambiguous);
        assert!(rows[0].realisasi.ambiguous);

        // A mixed column decides nothing either.
        let mut rows = vec![
            row(parse_text("4,66"), parse_text("1"), Value::missing()),
            row(parse_text("4.66"), parse_text("1"), Value::missing()),
            row(parse_text("1.500"), parse_text("1"), Value::missing()),
        ];
        resolve_table(&mut rows);
        assert!(rows[2].target.ambiguous);
    }

    #[test]
    fn ambiguous_settled_by_a_count_hint() {
        let mut rows = vec![row(
            parse_text("1.500"),
            parse_text("1.500"),
            parse_text("100%"),
        )];
        resolve_table_with(&mut rows, &[row_hint("Jumlah pengguna layanan", "")]);
        assert_eq!(rows[0].target.number, Some(1500.0));
        assert!(!rows[0].target.ambiguous);
        assert!(!rows[0].realisasi.ambiguous);
    }

    #[test]
    fn percent_targets_stored_as_fractions() {
        let hints = [
            row_hint("Persentase layanan yang memiliki SOP", ""),
            row_hint("Persentase pengaduan yang ditindaklanjuti", ""),
            row_hint("Jumlah dokumen", ""),
            row_hint("Persentase usulan yang diakomodir", ""),
        ];
        let mut rows = vec![
            row(number(1.0, "1"), number(1.0, "1"), parse_text("100%")),
            row(
                number(1.0, "1"),
                number(0.875, "0,875"),
                parse_text("87,50%"),
            ),
            row(number(1.0, "1"), number(1.0, "1"), parse_text("100%")),
            row(number(1.0, "1"), parse_text("84,29%"), parse_text("84,29%")),
        ];
        resolve_table_with(&mut rows, &hints);
        let tr: Vec<_> = rows
            .iter()
            .map(|r| (r.target.number, r.realisasi.number))
            .collect();
        assert_eq!(
            tr,
            vec![
                (Some(100.0), Some(100.0)),
                (Some(100.0), Some(87.5)),
                (Some(1.0), Some(1.0)),
                (Some(100.0), Some(84.29)),
            ]
        );
        assert_eq!(rows[0].target.unit.as_deref(), Some("%"));
        assert_eq!(rows[2].target.unit, None);
    }

    #[test]
    fn explicit_percent_partner_scales_without_a_hint() {
        let mut rows = vec![row(
            number(1.0, "1"),
            parse_text("84,29%"),
            parse_text("84,29%"),
        )];
        resolve_table(&mut rows);
        assert_eq!(rows[0].target.number, Some(100.0));
        // A count row with a wrong capaian is never rescaled to fit it.
        let mut rows = vec![row(number(1.0, "1"), number(1.0, "1"), parse_text("1%"))];
        resolve_table(&mut rows);
        assert_eq!(rows[0].target.number, Some(1.0));
        assert_eq!(rows[0].realisasi.number, Some(1.0));
    }

    #[test]
    fn hints_from_indicator_text() {
        let h = |i: &str, u: &str| {
            let h = row_hint(i, u);
            (h.percent, h.count)
        };
        assert_eq!(h("Persentase layanan yang memiliki SOP", ""), (true, false));
        assert_eq!(h("PERSENTASE PENGADUAN", ""), (true, false));
        assert_eq!(h("% usulan masyarakat yang diakomodir", ""), (true, false));
        assert_eq!(h("Jumlah usulan masyarakat", ""), (false, true));
        assert_eq!(h("Indeks Kepuasan Masyarakat", ""), (false, false));
        assert_eq!(h("Kuesioner", "orang"), (false, true));
        assert_eq!(h("Capaian", "%"), (true, false));
        assert_eq!(h("Anggaran", "Rp"), (false, false));
    }
}
