//! The one capaian formula (issue 10): achievement from a target and a realisasi with the
//! indicator's polarity, negative formula and cap, in percent points. Validation, the
//! consolidated workbook's regency column and the templates' live formulas all use it, so
//! they can never disagree. Rounding is `normalize::round_half_up` (decimal, half away
//! from zero on the number as written: 58.465 → 58.47, 58.4649999999 → 58.46).
//!
//! Sources: positive indicators realisasi / target × 100; negative ones either
//! (2·target − realisasi) / target × 100 (PermenPAN-RB, LKjIP practice) or
//! target / realisasi × 100 (e-SAKIP systems), chosen per node in the schema, never
//! guessed; the cap (110, 120, 200) bounds the result.

pub use crate::normalize::round_half_up;
use crate::schema::{NegativeFormula, Node, Polarity};

/// Capaian of `realisasi` against `target` for `node`, in percent points. `None` when it
/// cannot be computed: a zero target (positive, 2t−r), a negative node without a formula,
/// or a non-finite result. For t/r with realisasi 0 (nothing of what should be low
/// happened) the answer is the cap, or `None` without one.
pub fn capaian(node: &Node, target: f64, realisasi: f64) -> Option<f64> {
    let raw = match node.polarity {
        Polarity::Positive => (target != 0.0).then(|| realisasi / target * 100.0)?,
        Polarity::Negative => match node.formula? {
            NegativeFormula::TwiceTargetMinus => {
                (target != 0.0).then(|| (2.0 * target - realisasi) / target * 100.0)?
            }
            NegativeFormula::TargetOverRealisasi => {
                if realisasi == 0.0 {
                    return node.cap;
                }
                target / realisasi * 100.0
            }
        },
    };
    if !raw.is_finite() {
        return None;
    }
    Some(node.cap.map_or(raw, |cap| raw.min(cap)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Kind, Level};

    fn node(polarity: Polarity, formula: Option<NegativeFormula>, cap: Option<f64>) -> Node {
        let toml = "[regency]\nname = \"X\"\ntahun = 2023\n[[node]]\nid = \"n\"\nlevel = \"sasaran\"\nstatement = \"s\"\nindicator = \"i\"\nunit = \"unit\"\nkind = \"count\"\n";
        let mut n = crate::schema::load_str(toml, "t")
            .map(|(s, _)| s.nodes[0].clone())
            .unwrap_or_else(|e| panic!("{e:?}"));
        n.level = Level::Sasaran;
        n.kind = Kind::Count;
        n.polarity = polarity;
        n.formula = formula;
        n.cap = cap;
        n
    }

    #[test]
    fn one_formula_for_every_polarity_and_cap() {
        let pos = node(Polarity::Positive, None, None);
        assert_eq!(capaian(&pos, 80.0, 76.0), Some(95.0));
        assert_eq!(capaian(&pos, 0.0, 76.0), None);
        let twice = node(
            Polarity::Negative,
            Some(NegativeFormula::TwiceTargetMinus),
            None,
        );
        assert_eq!(capaian(&twice, 10.0, 5.0), Some(150.0));
        let capped = node(
            Polarity::Negative,
            Some(NegativeFormula::TwiceTargetMinus),
            Some(120.0),
        );
        assert_eq!(capaian(&capped, 10.0, 5.0), Some(120.0));
        let ratio = node(
            Polarity::Negative,
            Some(NegativeFormula::TargetOverRealisasi),
            None,
        );
        assert_eq!(capaian(&ratio, 10.0, 8.0), Some(125.0));
        assert_eq!(capaian(&ratio, 10.0, 0.0), None);
        // The case issue 10 found: t/r, cap 120, target 10, realisasi 0 → the cap,
        // in validation and in the regency column alike.
        let ratio_capped = node(
            Polarity::Negative,
            Some(NegativeFormula::TargetOverRealisasi),
            Some(120.0),
        );
        assert_eq!(capaian(&ratio_capped, 10.0, 0.0), Some(120.0));
        let none = node(Polarity::Negative, None, None);
        assert_eq!(capaian(&none, 10.0, 8.0), None);
    }

    #[test]
    fn rounding_is_decimal_half_up() {
        assert_eq!(round_half_up(58.465, 2), 58.47);
        assert_eq!(round_half_up(58.464_999_999_9, 2), 58.46);
        assert_eq!(round_half_up(58.4615, 2), 58.46);
        assert_eq!(round_half_up(97.5, 0), 98.0);
        assert_eq!(round_half_up(-1.005, 2), -1.01);
    }
}
