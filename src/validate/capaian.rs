//! Capaian (achievement): recomputed from target and realisasi with the node's polarity,
//! formula and cap, then compared with the capaian the sheet states (`capaian-mismatch`)
//! and with the schema's threshold (`below-target`). Never guesses a formula the schema
//! does not name, and never calls a difference that is only the sheet's rounding a
//! mismatch.
//!
//! Rounding rule: the stated and computed values are rounded half-up to the decimals the
//! sheet wrote, capped at the schema's `capaian.decimals`, then compared with the
//! schema's tolerance. "97%" is thus right for 97.31 (both round to 97), "97,31%" is
//! right for 82,71 / 85 = 97.3058…, and "98%" is wrong for it. A percent-formatted
//! fraction (raw 0.9731 read as 97.31) has two decimals fewer than its raw text.

use super::{num, num_unit, round_half_up, Ctx, Row};
use crate::model::{Rule, Text};
use crate::normalize::{State, Value};
use crate::schema::{Kind, NegativeFormula, Node, Polarity, Scale, Schema};

/// Capaian in percent for a node: positive r/t×100; negative "2t-r" (2t−r)/t×100 or
/// "t/r" t/r×100; then the node's cap (min(value, cap)). None when it cannot be
/// assessed: a value that is not a number (missing "-", N/A, a grade), a grade
/// indicator, a zero target, a negative indicator without a formula, or "t/r" with a
/// zero realisasi and no cap (with a cap, zero complaints is the capped best).
pub fn compute_capaian(node: &Node, target: &Value, realisasi: &Value) -> Option<f64> {
    if node.kind == Kind::Grade {
        return None;
    }
    let r = realisasi.as_number()?;
    let t = match (target.as_number(), target.range) {
        (Some(t), _) => t,
        // PermenPAN-RB rule for a target range: realisasi inside the range is 100 %;
        // above it, capaian is computed against the upper bound; below it, against the
        // lower bound (each with the node's polarity, formula and cap).
        (None, Some(range)) if target.state == State::Value => {
            let above = range.high.is_some_and(|h| r > h);
            let below = range.low.is_some_and(|l| r < l);
            match (above, below) {
                (true, _) => range.high?,
                (_, true) => range.low?,
                _ => return Some(node.cap.map_or(100.0, |c| c.min(100.0))),
            }
        }
        _ => return None,
    };
    crate::measure::capaian(node, t, r)
}

/// capaian-mismatch and below-target for one (first) row.
pub(super) fn check(row: &Row<'_>, ctx: &mut Ctx<'_>) {
    let Some(node) = row.node else { return };
    let rec = row.rec;
    // Set once by `validate`: None also where target and realisasi are in different
    // units (unit-mismatch says it; their ratio is no capaian to compare or to judge).
    let computed = rec.capaian_computed;
    let mut figure_wrong = false;
    if let (Some(c), Some(stated)) = (computed, rec.capaian.as_number()) {
        let rules = &ctx.schema.capaian;
        let d = sheet_decimals(&rec.capaian.raw, stated).min(rules.decimals);
        let agrees = |c: f64| {
            (round_half_up(stated, d) - round_half_up(c, d)).abs() <= rules.tolerance + 1e-9
        };
        figure_wrong = !agrees(c) && !bound_readings(node, rec).into_iter().any(agrees);
        if figure_wrong {
            let shown = round_half_up(c, rules.decimals);
            let msg = Text::new(
                format!(
                    "Capaian \"{}\" di sel {} tidak sesuai perhitungan: {} seharusnya {}% \
                     (realisasi {} dibanding target {}{}). Periksa angka target, realisasi \
                     dan capaian, lalu perbaiki yang salah.",
                    rec.capaian.raw.trim(),
                    row.cell_of(&rec.capaian).a1(),
                    row.name(),
                    num(shown),
                    rec.realisasi.raw.trim(),
                    rec.target.raw.trim(),
                    formula_id(node),
                ),
                format!(
                    "Capaian \"{}\" in cell {} does not match the computation: {} should be \
                     {}% (realisasi {} against target {}{}). Check target, realisasi and \
                     capaian and correct the wrong one.",
                    rec.capaian.raw.trim(),
                    row.cell_of(&rec.capaian).a1(),
                    row.name(),
                    num(shown),
                    rec.realisasi.raw.trim(),
                    rec.target.raw.trim(),
                    formula_en(node),
                ),
            );
            ctx.push(
                Rule::CapaianMismatch,
                row,
                row.cell_of(&rec.capaian),
                msg,
                rec.capaian.raw.trim(),
                format!("{}%", num(shown)),
            );
        }
    }

    // One finding per capaian cell: its verdict is checked where its figure agrees.
    if let (Some(c), false) = (computed, figure_wrong) {
        check_verdict(row, c, ctx);
    }
    below_target(row, node, computed, ctx);
}

/// A capaian written as a verdict, alone ("Tercapai", "Tidak Tercapai") or beside its
/// percent ("95% Tercapai"), that the figures contradict: "Tercapai" under 100 %, or
/// "Tidak Tercapai" at 100 % or more, by the computed capaian (polarity and formula
/// applied) rounded to the schema's decimals. A verdict the figures bear out is the
/// clerk's capaian in words: no finding.
fn check_verdict(row: &Row<'_>, computed: f64, ctx: &mut Ctx<'_>) {
    let rec = row.rec;
    let raw = rec.capaian.raw.trim();
    let words = match rec.capaian.as_number() {
        Some(_) => rec.capaian.label.as_deref().unwrap_or(""),
        None => raw,
    };
    let Some(met) = crate::normalize::verdict(words) else {
        return;
    };
    let shown = round_half_up(computed, ctx.schema.capaian.decimals);
    if met == (shown >= 100.0) {
        return;
    }
    let cell = row.cell_of(&rec.capaian);
    let msg = Text::new(
        format!(
            "Capaian {} di sel {} ditulis \"{raw}\", tetapi angkanya memberi capaian {}% \
             (realisasi {} dibanding target {}{}), jadi target {}. Periksa target, realisasi \
             dan capaian, lalu perbaiki yang salah.",
            row.name(),
            cell.a1(),
            num(shown),
            rec.realisasi.raw.trim(),
            rec.target.raw.trim(),
            row.node.map_or("", formula_id),
            if met { "belum tercapai" } else { "tercapai" },
        ),
        format!(
            "Capaian of {} in cell {} is written \"{raw}\", but the figures give {}% \
             (realisasi {} against target {}{}), so the target was {}. Check target, \
             realisasi and capaian and correct the wrong one.",
            row.name(),
            cell.a1(),
            num(shown),
            rec.realisasi.raw.trim(),
            rec.target.raw.trim(),
            row.node.map_or("", formula_en),
            if met { "not met" } else { "met" },
        ),
    );
    ctx.push(
        Rule::CapaianMismatch,
        row,
        cell,
        msg,
        raw,
        format!("{}%", num(shown)),
    );
}

/// A one-bound target's capaian as offices also compute it: realisasi against the bound
/// ("≥ 80" with realisasi 90 written as 112,5 %, not the range rule's 100 %). A stated
/// capaian that is this is the sheet's own reading, not a mismatch. Empty for a single
/// target and for a range with two bounds.
fn bound_readings(node: &Node, rec: &crate::report::Record) -> Vec<f64> {
    let (None, Some(range), Some(r)) = (
        rec.target.as_number(),
        rec.target.range,
        rec.realisasi.as_number(),
    ) else {
        return Vec::new();
    };
    // A range with two bounds ("80 - 90%") is judged by the range rule alone: inside it,
    // 100 %.
    let ((Some(bound), None) | (None, Some(bound))) = (range.low, range.high) else {
        return Vec::new();
    };
    crate::measure::capaian(node, bound, r)
        .into_iter()
        .collect()
}

/// The polarity wording of a message, in Indonesian.
fn formula_id(node: &Node) -> &'static str {
    match (node.polarity, node.formula) {
        (Polarity::Positive, _) => "",
        (Polarity::Negative, Some(NegativeFormula::TwiceTargetMinus)) => {
            "; indikator negatif: (2×target − realisasi) / target × 100"
        }
        (Polarity::Negative, _) => "; indikator negatif: target / realisasi × 100",
    }
}

fn formula_en(node: &Node) -> &'static str {
    match (node.polarity, node.formula) {
        (Polarity::Positive, _) => "",
        (Polarity::Negative, Some(NegativeFormula::TwiceTargetMinus)) => {
            "; negative indicator: (2×target − realisasi) / target × 100"
        }
        (Polarity::Negative, _) => "; negative indicator: target / realisasi × 100",
    }
}

/// Decimals the sheet wrote in a capaian's raw text: digits after the last decimal
/// separator of its first number, minus two when the raw number is the fraction of the
/// stated percent (0.9731 for 97.31). A raw text with no number (a value built by
/// hand) counts as fully precise.
fn sheet_decimals(raw: &str, stated: f64) -> u32 {
    let t = raw.trim();
    let Some(start) = t.find(|c: char| c.is_ascii_digit()) else {
        return u32::MAX;
    };
    let rest = t.get(start..).unwrap_or("");
    let token: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.' || *c == ' ')
        .filter(|c| *c != ' ')
        .collect();
    let token = token.trim_end_matches([',', '.']);
    let decimals = token
        .rfind([',', '.'])
        .map(|i| token.len().saturating_sub(i + 1))
        .unwrap_or(0) as u32;
    // The raw number read plainly: comma decimals if there is a comma, else dot decimals.
    let plain = if token.contains(',') {
        token.replace('.', "").replace(',', ".")
    } else {
        token.to_string()
    };
    match plain.parse::<f64>() {
        Ok(rv) if (rv * 100.0 - stated).abs() < (rv - stated).abs() => decimals.saturating_sub(2),
        _ => decimals,
    }
}

/// below-target (info, on the realisasi cell): achievement under the schema's
/// threshold. Numbers: the computed capaian, else (zero target, no formula) the plain
/// comparison by polarity. A positive indicator whose realisasi is missing ("-") with a
/// target above zero is below target too: nothing was realized (the sheets state 0 %).
/// N/A is not judged. Grades: realisasi worse than target on the grade scale.
fn below_target(row: &Row<'_>, node: &Node, computed: Option<f64>, ctx: &mut Ctx<'_>) {
    let rec = row.rec;
    let threshold = ctx.schema.capaian.below_target_under;
    let t_raw = rec.target.raw.trim();
    let r_raw = rec.realisasi.raw.trim();

    if rec.target.state == State::Grade && rec.realisasi.state == State::Grade {
        let (Some(tg), Some(rg)) = (rec.target.grade.as_deref(), rec.realisasi.grade.as_deref())
        else {
            return;
        };
        let Some((ti, ri)) = grade_ranks(ctx.schema, node, tg, rg) else {
            return;
        };
        if ri > ti {
            let msg = Text::new(
                format!(
                    "{}: predikat {} di bawah target {} (sel {}). Informasi saja: jelaskan \
                     penyebabnya di kolom keterangan.",
                    row.name(),
                    rg,
                    tg,
                    row.cell_of(&rec.realisasi).a1()
                ),
                format!(
                    "{}: grade {} is worse than the target {} (cell {}). Information only: \
                     explain why in the remarks.",
                    row.name(),
                    rg,
                    tg,
                    row.cell_of(&rec.realisasi).a1()
                ),
            );
            ctx.push(
                Rule::BelowTarget,
                row,
                row.cell_of(&rec.realisasi),
                msg,
                r_raw,
                format!("≥ {tg}"),
            );
        }
        return;
    }

    let negative = node.polarity == Polarity::Negative;
    let unit = node_unit_shown(node);
    // A range target ("80 - 90%"): judged on the range rule's capaian; the clerk must
    // reach the range's near side.
    let (below, shown, expected) = match (rec.target.as_number(), rec.target.range) {
        (Some(t), _) => {
            // Without a realisasi there is nothing to judge: missing-value says it.
            let (below, shown) = match (computed, rec.realisasi.as_number()) {
                (Some(c), _) => (c < threshold, Some(c)),
                (None, Some(r)) => (if negative { r > t } else { r < t }, None),
                (None, None) => (false, None),
            };
            let expected = if negative {
                format!("≤ {}", num_unit(t, &unit))
            } else {
                format!("≥ {}", num_unit(t, &unit))
            };
            (below, shown, expected)
        }
        (None, Some(range)) => {
            let near = if negative { range.high } else { range.low };
            let expected = match (negative, near) {
                (true, Some(h)) => format!("≤ {}", num_unit(h, &unit)),
                (false, Some(l)) => format!("≥ {}", num_unit(l, &unit)),
                _ => String::new(),
            };
            (computed.is_some_and(|c| c < threshold), computed, expected)
        }
        (None, None) => return,
    };
    if !below {
        return;
    }
    let found = if r_raw.is_empty() { "-" } else { r_raw };
    let pct_id = shown
        .map(|c| format!(" (capaian {}%)", num(round_half_up(c, 2))))
        .unwrap_or_default();
    let msg = Text::new(
        format!(
            "{}: realisasi {} belum mencapai target {}{}{}. Informasi saja: jelaskan \
             penyebabnya di kolom keterangan.",
            row.name(),
            found,
            t_raw,
            pct_id,
            if negative {
                "; indikator negatif, makin kecil makin baik"
            } else {
                ""
            },
        ),
        format!(
            "{}: realisasi {} falls short of the target {}{}{}. Information only: explain \
             why in the remarks.",
            row.name(),
            found,
            t_raw,
            pct_id,
            if negative {
                "; negative indicator, lower is better"
            } else {
                ""
            },
        ),
    );
    ctx.push(
        Rule::BelowTarget,
        row,
        row.cell_of(&rec.realisasi),
        msg,
        found,
        expected,
    );
}

/// The unit shown in an expected value: "%" for percents, else the node's unit, except
/// units that read oddly after a number ("nilai", "predikat").
fn node_unit_shown(node: &Node) -> String {
    match node.kind {
        Kind::Percent => "%".to_string(),
        Kind::Index | Kind::Grade => String::new(),
        _ => node.unit.clone(),
    }
}

/// Positions of two grades on the node's grade scale (0 = best), else on any grades
/// scale of the schema that knows both.
fn grade_ranks(
    schema: &Schema,
    node: &Node,
    target: &str,
    realisasi: &str,
) -> Option<(usize, usize)> {
    let find = |order: &[String]| {
        let pos = |g: &str| order.iter().position(|o| o.eq_ignore_ascii_case(g.trim()));
        Some((pos(target)?, pos(realisasi)?))
    };
    if let Some(Scale::Grades { order }) =
        node.label_scale.as_ref().and_then(|s| schema.scales.get(s))
    {
        if let Some(r) = find(order) {
            return Some(r);
        }
    }
    schema.scales.values().find_map(|s| match s {
        Scale::Grades { order } => find(order),
        Scale::Bands { .. } => None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;
    use crate::schema::MatchKind;

    fn node(id: &str) -> Node {
        schema().node(id).unwrap().clone()
    }

    #[test]
    fn positive_capaian_is_realisasi_over_target() {
        let n = node("ikm");
        let c = compute_capaian(&n, &val("85,00 (Baik)"), &val("82, 71 (Baik)")).unwrap();
        assert!((c - 97.305_882_352_9).abs() < 1e-9);
        assert_eq!(compute_capaian(&n, &val("0"), &val("5")), None);
        assert_eq!(compute_capaian(&n, &val("85"), &val("-")), None);
        assert_eq!(compute_capaian(&n, &val("85"), &val("N/A")), None);
        assert_eq!(compute_capaian(&node("sakip"), &val("BB"), &val("A")), None);
    }

    #[test]
    fn negative_formulas_and_caps() {
        let mut n = node("pengaduan_belum_tl");
        // 2t−r: target 2, realisasi 1 → (4 − 1) / 2 = 150 %; realisasi 0 → 200 %.
        assert_eq!(compute_capaian(&n, &val("2"), &val("1")), Some(150.0));
        assert_eq!(compute_capaian(&n, &val("2"), &val("0")), Some(200.0));
        assert_eq!(compute_capaian(&n, &val("2"), &val("5")), Some(-50.0));
        n.cap = Some(120.0);
        assert_eq!(compute_capaian(&n, &val("2"), &val("0")), Some(120.0));
        // t/r: target 2, realisasi 4 → 50 %; realisasi 0 → the cap, or None without one.
        n.formula = Some(NegativeFormula::TargetOverRealisasi);
        assert_eq!(compute_capaian(&n, &val("2"), &val("4")), Some(50.0));
        assert_eq!(compute_capaian(&n, &val("2"), &val("1")), Some(120.0));
        assert_eq!(compute_capaian(&n, &val("2"), &val("0")), Some(120.0));
        n.cap = None;
        assert_eq!(compute_capaian(&n, &val("2"), &val("1")), Some(200.0));
        assert_eq!(compute_capaian(&n, &val("2"), &val("0")), None);
        n.formula = None;
        assert_eq!(compute_capaian(&n, &val("2"), &val("1")), None);
        // A cap on a positive indicator.
        let mut p = node("sarana");
        assert_eq!(
            compute_capaian(&p, &val("4 unit"), &val("6 unit")),
            Some(150.0)
        );
        p.cap = Some(110.0);
        assert_eq!(
            compute_capaian(&p, &val("4 unit"), &val("6 unit")),
            Some(110.0)
        );
    }

    #[test]
    fn decimals_are_read_from_the_raw_text() {
        assert_eq!(sheet_decimals("97,31%", 97.31), 2);
        assert_eq!(sheet_decimals("97%", 97.0), 0);
        assert_eq!(sheet_decimals("100,00%", 100.0), 2);
        assert_eq!(sheet_decimals("0.9731", 97.31), 2);
        assert_eq!(sheet_decimals("1", 100.0), 0);
        assert_eq!(sheet_decimals("0.9796470588235293", 97.96), 14);
        assert_eq!(sheet_decimals("116.91", 116.91), 2);
        assert_eq!(sheet_decimals("", 50.0), u32::MAX);
    }

    #[test]
    fn capaian_mismatch_fires_on_a_wrong_stated_capaian() {
        let r = run(
            vec![rec(12, "sop_disusun", "11 SOP", "11 SOP", "91,32%")],
            &[],
        );
        assert_eq!(brief(&r), vec![b("capaian-mismatch", "F12", "sop_disusun")]);
        let f = &r.findings[0];
        assert_eq!(f.found, "91,32%");
        assert_eq!(f.expected, "100%");
        assert!(f.message.id.contains("seharusnya 100%"), "{}", f.message.id);
        assert!(f.message.id.contains("F12"));
    }

    #[test]
    fn capaian_within_the_sheets_rounding_is_not_a_mismatch() {
        let r = run(
            vec![
                rec(8, "ikm", "85,00 (Baik)", "82, 71 (Baik)", "97,31%"),
                rec(10, "usulan_jumlah", "65 usulan", "38 usulan", "58,46%"),
                rec(11, "tim_sop", "3 tim", "2 tim", "67%"),
                rec(12, "maklumat", "1 dokumen", "-", "0%"),
            ],
            &[],
        );
        assert!(of(&r, "capaian-mismatch").is_empty(), "{:?}", brief(&r));
        // Same numbers stated one percent off at 0 decimals: a mismatch.
        let r = run(vec![rec(11, "tim_sop", "3 tim", "2 tim", "68%")], &[]);
        assert_eq!(of(&r, "capaian-mismatch")[0].expected, "66,67%");
    }

    /// A verdict in the capaian cell is read, not unparseable: borne out, nothing;
    /// contradicted by the figures, a capaian-mismatch at its cell.
    #[test]
    fn a_verdict_is_checked_against_the_figures() {
        let r = run(
            vec![
                rec(10, "sop_disusun", "12 SOP", "12 SOP", "Tercapai"),
                rec(11, "tim_sop", "3 tim", "2 tim", "Tidak Tercapai"),
            ],
            &[],
        );
        // Only the shortfall itself (below-target, info) is said.
        assert_eq!(brief(&r), vec![b("below-target", "E11", "tim_sop")]);
        let r = run(
            vec![
                rec(10, "sop_disusun", "12 SOP", "10 SOP", "Tercapai"),
                rec(11, "tim_sop", "3 tim", "3 tim", "belum tercapai"),
            ],
            &[],
        );
        let mismatches = of(&r, "capaian-mismatch");
        let got: Vec<(String, &str, &str)> = mismatches
            .iter()
            .map(|f| (f.cell(), f.found.as_str(), f.expected.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("F10".to_string(), "Tercapai", "83,33%"),
                ("F11".to_string(), "belum tercapai", "100%"),
            ]
        );
        assert!(mismatches[0].message.id.contains("belum tercapai"));
        // Beside its percent: the figure is checked first, then the verdict; one finding
        // per cell.
        let r = run(
            vec![
                rec(10, "sop_disusun", "12 SOP", "10 SOP", "83,33% (Tercapai)"),
                rec(11, "tim_sop", "3 tim", "2 tim", "90% (Tercapai)"),
                rec(12, "maklumat", "1 dokumen", "1 dokumen", "100% (Tercapai)"),
            ],
            &[],
        );
        let got: Vec<(String, String)> = of(&r, "capaian-mismatch")
            .iter()
            .map(|f| (f.cell(), f.expected.clone()))
            .collect();
        assert_eq!(
            got,
            [
                ("F10".to_string(), "83,33%".to_string()),
                ("F11".to_string(), "66,67%".to_string())
            ]
        );
    }

    /// A one-bound target ("≥ 80"): the range rule's 100 % and the plain ratio against
    /// the bound (90 / 80 = 112,5 %) are both the sheet's reading; anything else is not.
    #[test]
    fn capaian_against_a_range_bound_is_a_reading_not_a_mismatch() {
        // The target as the normalizer reads "≥ 80%" or "80 - 90%".
        let ranged = |low: f64, high: Option<f64>, stated: &str, realisasi: &str| {
            let mut r = rec(12, "sop_pct", "", realisasi, stated);
            r.target = Value {
                state: State::Value,
                range: Some(crate::normalize::Range {
                    low: Some(low),
                    high,
                }),
                raw: "≥ 80%".into(),
                at: r.target.at.clone(),
                ..Value::missing()
            };
            r
        };
        for stated in ["100%", "112,5%", "112,50"] {
            let r = run(vec![ranged(80.0, None, stated, "90%")], &[]);
            assert!(r.findings.is_empty(), "{stated}: {:?}", brief(&r));
        }
        // Two bounds: the range rule alone (inside the range, 100 %).
        let r = run(vec![ranged(80.0, Some(90.0), "100%", "85%")], &[]);
        assert!(r.findings.is_empty(), "{:?}", brief(&r));
        let r = run(vec![ranged(80.0, Some(90.0), "106,25%", "85%")], &[]);
        assert_eq!(brief(&r), vec![b("capaian-mismatch", "F12", "sop_pct")]);
        let r = run(vec![ranged(80.0, None, "95%", "90%")], &[]);
        assert_eq!(brief(&r), vec![b("capaian-mismatch", "F12", "sop_pct")]);
        assert_eq!(r.findings[0].expected, "100%");
    }

    #[test]
    fn negative_indicator_capaian_is_checked_with_its_formula() {
        let ok = run(
            vec![rec(
                26,
                "pengaduan_belum_tl",
                "2 pengaduan",
                "1 pengaduan",
                "150%",
            )],
            &[],
        );
        assert!(ok.findings.is_empty(), "{:?}", brief(&ok));
        let bad = run(
            vec![rec(
                26,
                "pengaduan_belum_tl",
                "2 pengaduan",
                "1 pengaduan",
                "50%",
            )],
            &[],
        );
        assert_eq!(
            brief(&bad),
            vec![b("capaian-mismatch", "F26", "pengaduan_belum_tl")]
        );
        assert_eq!(bad.findings[0].expected, "150%");
    }

    #[test]
    fn below_target_positive_negative_missing_and_grades() {
        let r = run(
            vec![
                rec(8, "ikm", "85,00", "83,27", "97,96%"),
                rec(9, "sakip", "BB", "CC", ""),
                rec(10, "sarana", "6 unit", "6 unit", "100%"),
                rec(11, "pengaduan_belum_tl", "1 pengaduan", "2 pengaduan", "0%"),
                rec(12, "maklumat", "1 dokumen", "-", "0%"),
                rec(13, "tim_sop", "1 tim", "N/A", ""),
                rec(14, "kuesioner", "0 orang", "0 orang", ""),
            ],
            &[],
        );
        let bt = of(&r, "below-target");
        let got: Vec<(String, &str, &str, &str)> = bt
            .iter()
            .map(|f| {
                (
                    f.cell(),
                    f.indicator_id.as_deref().unwrap_or(""),
                    f.found.as_str(),
                    f.expected.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("E8".to_string(), "ikm", "83,27", "≥ 85"),
                ("E9".to_string(), "sakip", "CC", "≥ BB"),
                (
                    "E11".to_string(),
                    "pengaduan_belum_tl",
                    "2 pengaduan",
                    "≤ 1 pengaduan"
                ),
                // E12 (maklumat, realisasi "-"): no realisasi, so only missing-value.
            ]
        );
        assert!(bt[2].message.id.contains("makin kecil makin baik"));
    }

    #[test]
    fn better_grade_and_met_negative_target_are_not_below_target() {
        let r = run(
            vec![
                rec(9, "sakip", "B", "A", ""),
                rec(
                    11,
                    "pengaduan_belum_tl",
                    "2 pengaduan",
                    "0 pengaduan",
                    "200%",
                ),
                rec(12, "sop_pct", "100%", "100%", "100%"),
            ],
            &[],
        );
        assert!(r.findings.is_empty(), "{:?}", brief(&r));
    }

    #[test]
    fn renamed_rows_are_still_checked() {
        let r = run(
            vec![renamed(
                rec(28, "kuesioner", "300 orang", "300 orang", "90%"),
                "Jumlah pengguna layanan",
                MatchKind::Fuzzy,
                0.8,
                "Jumlah kuesioner yang disebarkan",
            )],
            &[],
        );
        assert_eq!(
            brief(&r),
            vec![
                b("indicator-renamed", "B28", "kuesioner"),
                b("capaian-mismatch", "F28", "kuesioner"),
            ]
        );
    }
}
