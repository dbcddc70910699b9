//! `label-mismatch`: a label written beside a number ("85,00 (Sangat Baik)") that the
//! node's banded scale (IKM) gives to another band. Labels are compared after
//! normalization (case, spaces, punctuation), by band label or mutu letter. A label the
//! scale does not know ("Tercapai") contradicts nothing and is left alone.

use super::{num, round_half_up, Ctx, Row};
use crate::model::{Rule, Text};
use crate::normalize::{format_id, State, Value};
use crate::schema::{Scale, ScaleBand};

pub(super) fn check(row: &Row<'_>, ctx: &mut Ctx<'_>) {
    let Some(node) = row.node else { return };
    let Some(Scale::Bands { bands }) = node
        .label_scale
        .as_ref()
        .and_then(|s| ctx.schema.scales.get(s))
    else {
        return;
    };
    let rec = row.rec;
    for (field_id, field_en, v) in [
        ("Target", "Target", &rec.target),
        ("Realisasi", "Realisasi", &rec.realisasi),
    ] {
        check_value(row, bands, field_id, field_en, v, ctx);
    }
}

fn check_value(
    row: &Row<'_>,
    bands: &[ScaleBand],
    field_id: &str,
    field_en: &str,
    v: &Value,
    ctx: &mut Ctx<'_>,
) {
    if v.state != State::Value {
        return;
    }
    let (Some(n), Some(label)) = (v.number, v.label.as_deref()) else {
        return;
    };
    let written = norm(label);
    let by_label = bands.iter().any(|b| norm(&b.label) == written);
    let by_mutu = bands
        .iter()
        .any(|b| b.mutu.as_deref().is_some_and(|m| norm(m) == written));
    if !(by_label || by_mutu) {
        return;
    }
    let Some(band) = band_of(bands, n) else {
        return;
    };
    let right = if by_label {
        band.label.clone()
    } else {
        band.mutu.clone().unwrap_or_else(|| band.label.clone())
    };
    if norm(&right) == written {
        return;
    }
    let at = row.cell_of(v);
    let cell = at.a1();
    let msg = Text::new(
        format!(
            "{field_id} {} di sel {cell} bernilai {} dengan keterangan \"{}\", padahal \
             menurut skala nilai {} termasuk \"{right}\" ({}–{}). Perbaiki angka atau \
             keterangannya.",
            row.name(),
            num(n),
            label.trim(),
            num(n),
            format_id(band.min, 2),
            format_id(band.max, 2),
        ),
        format!(
            "{field_en} of {} in cell {cell} is {} labelled \"{}\", but on the scale {} is \
             \"{right}\" ({}–{}). Correct the number or the label.",
            row.name(),
            num(n),
            label.trim(),
            num(n),
            format_id(band.min, 2),
            format_id(band.max, 2),
        ),
    );
    ctx.push(Rule::LabelMismatch, row, at, msg, v.raw.trim(), right);
}

/// The band of a number: the one whose [min, max] holds it; a number in the gap
/// between two bands (88.305 between 88.30 and 88.31) is rounded to the two decimals
/// the scale is written with, else it gets the highest band it reaches.
fn band_of(bands: &[ScaleBand], n: f64) -> Option<&ScaleBand> {
    let holds = |x: f64| bands.iter().find(|b| b.min <= x && x <= b.max);
    holds(n).or_else(|| holds(round_half_up(n, 2))).or_else(|| {
        bands
            .iter()
            .filter(|b| b.min <= n)
            .max_by(|a, b| a.min.total_cmp(&b.min))
    })
}

/// Lower case, letters and digits only, single spaces: "Sangat  baik." → "sangat baik".
fn norm(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;

    #[test]
    fn label_contradicting_the_ikm_scale_fires_on_its_cell() {
        let r = run(
            vec![rec(
                7,
                "ikm",
                "86, 00 (Sangat Baik)",
                "89,22 (Sangat Baik)",
                "103,74%",
            )],
            &[],
        );
        assert_eq!(brief(&r), vec![b("label-mismatch", "D7", "ikm")]);
        let f = &r.findings[0];
        assert_eq!(f.found, "86, 00 (Sangat Baik)");
        assert_eq!(f.expected, "Baik");
        assert!(
            f.message.id.contains("termasuk \"Baik\" (76,61–88,30)"),
            "{}",
            f.message.id
        );
    }

    #[test]
    fn labels_agreeing_with_the_scale_or_unknown_are_fine() {
        for (t, re) in [
            ("85,00 (Baik)", "82, 71 (baik)"),
            ("75,49 (Kurang Baik)", "88,305 (Sangat Baik)"),
            ("88,30 (Baik)", "64,99 (Tidak  Baik.)"),
        ] {
            let report = run(vec![rec(8, "ikm", t, re, "")], &[]);
            assert!(of(&report, "label-mismatch").is_empty(), "{t} {re}");
        }
        let r = run(
            vec![rec(8, "ikm", "85 (Tercapai)", "90 (A)", "105,88%")],
            &[],
        );
        assert!(r.findings.is_empty(), "{:?}", brief(&r));
    }

    #[test]
    fn mutu_letter_is_checked_as_a_letter() {
        let r = run(vec![rec(8, "ikm", "85 (B)", "90 (B)", "105,88%")], &[]);
        assert_eq!(brief(&r), vec![b("label-mismatch", "E8", "ikm")]);
        assert_eq!(r.findings[0].expected, "A");
    }

    #[test]
    fn nodes_without_a_banded_scale_are_not_checked() {
        let r = run(
            vec![rec(10, "sarana", "6 (Baik)", "6 (Sangat Baik)", "100%")],
            &[],
        );
        assert!(r.findings.is_empty(), "{:?}", brief(&r));
    }
}
