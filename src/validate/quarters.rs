//! Quarters against the year (the Permendagri 86 form, triwulan reports): the year's
//! realisasi against the aggregate of its quarters (`quarter-sum-mismatch`, by the
//! node's `aggregation`: sum, last or average), a cumulative figure that falls
//! (`quarter-decrease`), a quarter's percent that its K does not give
//! (`quarter-inconsistent`), and money spent beyond the pagu (`anggaran-over-pagu`).
//! Pure: reads records, writes findings.

use super::{num, Ctx, Row};
use crate::model::{CellRef, Rule, Text};
use crate::normalize;
use crate::report::Record;
use crate::schema::Aggregation;

/// A quarter's figure: TW number (1–4), the number, its cell.
struct Q {
    tw: usize,
    n: f64,
    at: Option<CellRef>,
}

fn filled(rec: &Record) -> Vec<Q> {
    rec.quarters
        .iter()
        .enumerate()
        .filter_map(|(i, q)| {
            let v = q.realisasi.as_ref()?;
            Some(Q {
                tw: i + 1,
                n: v.number?,
                at: v.at.clone(),
            })
        })
        .collect()
}

/// Two figures of one quantity typed in two places (a year and its quarters, two
/// uploads): equal within 0,011 or 0,1 % (rounding in the sheet).
pub(super) fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 0.011 || (a - b).abs() <= b.abs() * 0.001
}

/// How the quarters of a table are typed: cumulatively ("s.d." figures, the year equal
/// to the last quarter) or per quarter. Decided by the rows that can tell: counts whose
/// quarters add up to the year say per quarter; counts whose last quarter is the year
/// (and whose sum is not) say cumulative.
pub(crate) fn cumulative_table(
    records: &[&Record],
    aggregation: &dyn Fn(&Record) -> Option<Aggregation>,
) -> bool {
    let (mut cum, mut per) = (0, 0);
    for rec in records {
        if aggregation(rec) != Some(Aggregation::Sum) {
            continue;
        }
        let q = filled(rec);
        let Some(year) = rec.realisasi.number else {
            continue;
        };
        if q.len() < 2 || year_is_a_quarter(rec, &q) {
            continue;
        }
        let sum: f64 = q.iter().map(|x| x.n).sum();
        let last = q.last().map_or(0.0, |x| x.n);
        if same(year, sum) && !same(sum, last) {
            per += 1;
        } else if same(year, last) && !same(sum, last) {
            cum += 1;
        }
    }
    cum > per
}

/// The year's realisasi was made from the quarters (the table has no year column).
fn year_is_a_quarter(rec: &Record, q: &[Q]) -> bool {
    rec.realisasi.at.is_some() && q.iter().any(|x| x.at == rec.realisasi.at)
}

/// `aggregation` is the node's (or the sheet's stated sum); `None` for a row no schema
/// node or sheet rule speaks for: then any usual reading (sum, last, average) is
/// accepted and only a year that agrees with none is reported.
pub(crate) fn check(
    row: &Row<'_>,
    aggregation: Option<Aggregation>,
    cumulative: bool,
    ctx: &mut Ctx<'_>,
) {
    let rec = row.rec;
    let q = filled(rec);
    let name = row.name();
    if !q.is_empty() {
        year_against_quarters(row, &q, aggregation, cumulative, ctx);
        if cumulative {
            decrease(row, &q, &name, ctx);
        }
        percents(row, &q, cumulative, ctx);
    }
    year_against_periods(row, aggregation, ctx);
    pagu(row, &name, ctx);
}

/// The year's own realisasi against its months or semesters beside it
/// (`Record::periods`): `quarter-sum-mismatch` at the year's cell when it is none of
/// their sum, last filled or average (a "Jumlah" or a "Rata-rata" column are both the
/// sheet's own reading); `expected` is what the node's aggregation makes of them.
fn year_against_periods(row: &Row<'_>, aggregation: Option<Aggregation>, ctx: &mut Ctx<'_>) {
    let rec = row.rec;
    let filled: Vec<f64> = rec.periods.iter().filter_map(|v| v.as_number()).collect();
    let (Some(year), Some(&last), true) =
        (rec.realisasi.as_number(), filled.last(), filled.len() >= 2)
    else {
        return;
    };
    let sum: f64 = filled.iter().sum();
    let average = sum / filled.len() as f64;
    if [sum, last, average].iter().any(|r| same(year, *r)) {
        return;
    }
    let expected = match aggregation {
        Some(Aggregation::Sum) => sum,
        Some(Aggregation::Average) => average,
        Some(Aggregation::Last) => last,
        None if normalize::row_hint(&rec.indicator.text, &rec.unit.text).count => sum,
        None => last,
    };
    let shown: Vec<String> = filled.iter().map(|n| num(*n)).collect();
    let shown = shown.join(" + ");
    year_mismatch(
        row,
        expected,
        (
            format!("nilai dari bulan atau semesternya ({shown})"),
            format!("what its months or semesters make ({shown})"),
        ),
        (
            "Samakan realisasi tahunan dengan rinciannya, atau perbaiki angka rinciannya.",
            "Make the year agree with them, or fix their figures.",
        ),
        ctx,
    );
}

/// `quarter-sum-mismatch` at the year's realisasi cell: `what` names in words (id, en)
/// what makes the year and shows its figures, `expected` is what they make, `fix` says
/// what to do (id, en).
fn year_mismatch(
    row: &Row<'_>,
    expected: f64,
    what: (String, String),
    fix: (&str, &str),
    ctx: &mut Ctx<'_>,
) {
    let rec = row.rec;
    let year = rec.realisasi.number.unwrap_or_default();
    let at = row.cell_of(&rec.realisasi);
    let cell = at.a1();
    let msg = Text::new(
        format!(
            "Realisasi tahunan {name} di sel {cell} adalah {}, tetapi {} adalah {}. {}",
            num(year),
            what.0,
            num(expected),
            fix.0,
            name = row.name()
        ),
        format!(
            "The year's realisasi of {name} in cell {cell} is {}, but {} is {}. {}",
            num(year),
            what.1,
            num(expected),
            fix.1,
            name = row.name()
        ),
    );
    ctx.push(
        Rule::QuarterSumMismatch,
        row,
        at,
        msg,
        rec.realisasi.raw.trim(),
        num(expected),
    );
}

fn year_against_quarters(
    row: &Row<'_>,
    q: &[Q],
    aggregation: Option<Aggregation>,
    cumulative: bool,
    ctx: &mut Ctx<'_>,
) {
    let rec = row.rec;
    let Some(year) = rec.realisasi.number else {
        return;
    };
    if year_is_a_quarter(rec, q) {
        return;
    }
    let sum: f64 = q.iter().map(|x| x.n).sum();
    let last = q.last().map_or(0.0, |x| x.n);
    let average = sum / q.len() as f64;
    let sum_reading = (sum, "jumlah realisasi triwulan", "the sum of the quarters");
    let last_reading = (
        last,
        "realisasi triwulan terakhir yang terisi",
        "the last filled quarter",
    );
    let (expected, how_id, how_en) = match (aggregation, cumulative) {
        (Some(Aggregation::Sum), false) => sum_reading,
        (Some(Aggregation::Average), _) => (average, "rata-rata triwulan", "the quarters' average"),
        (Some(_), _) => last_reading,
        (None, _) => {
            if [sum, last, average].iter().any(|r| same(year, *r)) {
                return;
            }
            if normalize::row_hint(&rec.indicator.text, &rec.unit.text).count {
                sum_reading
            } else {
                last_reading
            }
        }
    };
    if same(year, expected) {
        return;
    }
    let quarters: Vec<String> = q
        .iter()
        .map(|x| format!("TW {}: {}", x.tw, num(x.n)))
        .collect();
    let quarters = quarters.join(", ");
    year_mismatch(
        row,
        expected,
        (
            format!("{how_id} ({quarters})"),
            format!("{how_en} ({quarters})"),
        ),
        (
            "Samakan realisasi tahunan dengan triwulannya, atau perbaiki angka triwulan.",
            "Make the year agree with its quarters, or fix the quarter figures.",
        ),
        ctx,
    );
}

/// A cumulative figure that falls from one filled quarter to the next.
fn decrease(row: &Row<'_>, q: &[Q], name: &str, ctx: &mut Ctx<'_>) {
    for pair in q.windows(2) {
        let [a, b] = pair else { continue };
        if b.n + 1e-9 >= a.n {
            continue;
        }
        let at = b.at.clone().unwrap_or_else(|| row.indicator_cell());
        let cell = at.a1();
        let msg = Text::new(
            format!(
                "Realisasi kumulatif {name} turun dari {} (TW {}) menjadi {} (TW {}) di sel {cell}. Angka sampai dengan triwulan tidak boleh turun: periksa sel ini.",
                num(a.n), a.tw, num(b.n), b.tw
            ),
            format!(
                "The cumulative realisasi of {name} falls from {} (TW {}) to {} (TW {}) in cell {cell}. A to-date figure cannot fall: check this cell.",
                num(a.n), a.tw, num(b.n), b.tw
            ),
        );
        ctx.push(
            Rule::QuarterDecrease,
            row,
            at,
            msg,
            num(b.n),
            format!("≥ {}", num(a.n)),
        );
    }
}

/// A quarter's percent that none of the usual readings of its K gives: the quarter's K
/// over the quarter's own target, over the year's target, or the K to date over the
/// year's target.
fn percents(row: &Row<'_>, q: &[Q], cumulative: bool, ctx: &mut Ctx<'_>) {
    let rec = row.rec;
    let year_target = rec.target.number.filter(|t| *t != 0.0);
    let mut to_date = 0.0;
    for (i, quarter) in rec.quarters.iter().enumerate() {
        let k = q.iter().find(|x| x.tw == i + 1).map(|x| x.n);
        if let Some(k) = k {
            to_date = if cumulative { k } else { to_date + k };
        }
        let (Some(k), Some(p)) = (k, quarter.persen.as_ref().and_then(|v| v.number)) else {
            continue;
        };
        // The quarter's own target first ("Target TW III"), where the table has one;
        // the year's target, for the quarter and to date, are also usual readings.
        let own_target = quarter
            .target
            .as_ref()
            .and_then(|v| v.number)
            .filter(|t| *t != 0.0);
        let mut readings: Vec<(f64, f64)> = Vec::new();
        if let Some(t) = own_target {
            readings.push((k / t * 100.0, t));
        }
        if let Some(t) = year_target {
            readings.push((k / t * 100.0, t));
            readings.push((to_date / t * 100.0, t));
        }
        if readings.is_empty() || readings.iter().any(|(r, _)| close_pct(p, *r)) {
            continue;
        }
        let (expected, against) = readings.first().copied().unwrap_or_default();
        let Some(pv) = quarter.persen.as_ref() else {
            continue;
        };
        let at = row.cell_of(pv);
        let cell = at.a1();
        let msg = Text::new(
            format!(
                "Persentase TW {} {} di sel {cell} adalah {}%, tetapi realisasi triwulan itu ({}) terhadap target ({}) adalah {}%. Periksa persentase atau realisasinya.",
                i + 1,
                row.name(),
                num(p),
                num(k),
                num(against),
                num(expected)
            ),
            format!(
                "The TW {} percent of {} in cell {cell} is {}%, but that quarter's realisasi ({}) against the target ({}) is {}%. Check the percent or the realisasi.",
                i + 1,
                row.name(),
                num(p),
                num(k),
                num(against),
                num(expected)
            ),
        );
        ctx.push(
            Rule::QuarterInconsistent,
            row,
            at,
            msg,
            pv.raw.trim(),
            format!("{}%", num(expected)),
        );
    }
}

fn close_pct(stated: f64, computed: f64) -> bool {
    let d = (stated - computed).abs();
    d <= 0.5 || (stated * 100.0 - computed).abs() <= 0.5
}

/// Money spent beyond the pagu.
fn pagu(row: &Row<'_>, name: &str, ctx: &mut Ctx<'_>) {
    let a = &row.rec.anggaran;
    let (Some(t), Some(r)) = (
        a.target.as_ref().and_then(|v| v.number),
        a.realisasi.as_ref(),
    ) else {
        return;
    };
    let Some(spent) = r.number else { return };
    if spent <= t + 0.5 {
        return;
    }
    let at = row.cell_of(r);
    let cell = at.a1();
    let rp = |n: f64| normalize::format_id(n, if n.fract() == 0.0 { 0 } else { 2 });
    let msg = Text::new(
        format!(
            "Realisasi anggaran {name} di sel {cell} ({}) melebihi pagunya ({}). Periksa angka realisasi anggaran.",
            rp(spent),
            rp(t)
        ),
        format!(
            "The budget spent on {name} in cell {cell} ({}) is more than its pagu ({}). Check the realisasi anggaran.",
            rp(spent),
            rp(t)
        ),
    );
    ctx.push(
        Rule::AnggaranOverPagu,
        row,
        at,
        msg,
        r.raw.trim(),
        format!("≤ {}", rp(t)),
    );
}
