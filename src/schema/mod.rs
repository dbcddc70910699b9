//! The cascade schema: the regency's performance tree (pohon kinerja), its kecamatan,
//! scales and units, as a human-edited TOML file in `schemas/`. This module holds the
//! types, loading with checks (`load`), and binding sheet rows to nodes (`matcher`).
//! (helper-owned: the schema helper fills in load.rs and matcher.rs)

pub mod load;
pub mod matcher;
pub mod wilayah;
pub mod init;
pub(crate) mod place;
pub mod targets;

pub use load::{load, load_str, SchemaError, SchemaWarning};
pub use matcher::{identify_kecamatan, Match, MatchKind, Matcher};

use crate::model::{Rule, Severity};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A whole schema file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    pub regency: Regency,
    #[serde(default)]
    pub kecamatan: Vec<Kecamatan>,
    #[serde(default)]
    pub capaian: CapaianRules,
    /// Named scales: "ikm" (bands) and "sakip" (grades) at least.
    #[serde(default)]
    pub scales: BTreeMap<String, Scale>,
    /// Canonical unit → spellings seen in sheets ("dokumen" → ["dok", "dok."]).
    #[serde(default)]
    pub units: BTreeMap<String, Vec<String>>,
    /// Severity overrides by rule code.
    #[serde(default)]
    pub severity: BTreeMap<Rule, Severity>,
    /// The tree, in tree order (parents before children).
    #[serde(default, rename = "node")]
    pub nodes: Vec<Node>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Regency {
    pub name: String,
    pub tahun: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kecamatan {
    pub name: String,
    #[serde(default)]
    pub bps: String,
    #[serde(default)]
    pub kemendagri: String,
    /// Other spellings ("Tombolopao", "Pattallasang").
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// How capaian is judged across the schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapaianRules {
    /// Decimals the stated and computed capaian are rounded to before comparing.
    pub decimals: u32,
    /// Largest allowed difference after rounding.
    pub tolerance: f64,
    /// Achievement under this percentage is `below-target`.
    pub below_target_under: f64,
    /// Achievement bands, highest first ("≥ 91 Sangat Baik").
    #[serde(default)]
    pub bands: Vec<Band>,
}

impl Default for CapaianRules {
    fn default() -> Self {
        CapaianRules {
            decimals: 2,
            tolerance: 0.01,
            below_target_under: 100.0,
            bands: Vec::new(),
        }
    }
}

/// A capaian band: achievement ≥ `min` gets `label` (and `color`, "#RRGGBB", in outputs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub min: f64,
    pub label: String,
    #[serde(default)]
    pub color: Option<String>,
}

/// A scale that labels written beside numbers must agree with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum Scale {
    /// Numeric bands (IKM): a number in [min, max] gets `label` (or `mutu`, the letter).
    Bands { bands: Vec<ScaleBand> },
    /// Letter grades, best first (SAKIP: AA, A, BB, B, CC, C, D).
    Grades { order: Vec<String> },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleBand {
    pub min: f64,
    pub max: f64,
    pub label: String,
    #[serde(default)]
    pub mutu: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Tujuan,
    Sasaran,
    Program,
    Kegiatan,
    Subkegiatan,
}

impl Level {
    /// The level as the schema file and the outputs spell it ("subkegiatan").
    pub fn code(self) -> &'static str {
        match self {
            Level::Tujuan => "tujuan",
            Level::Sasaran => "sasaran",
            Level::Program => "program",
            Level::Kegiatan => "kegiatan",
            Level::Subkegiatan => "subkegiatan",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Percent,
    Count,
    Index,
    Grade,
    Currency,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Polarity {
    #[default]
    Positive,
    Negative,
}

/// The formula for a negative (lower is better) indicator; never guessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NegativeFormula {
    /// (2·target − realisasi) / target × 100 (PermenPAN-RB).
    #[serde(rename = "2t-r")]
    TwiceTargetMinus,
    /// target / realisasi × 100 (several e-SAKIP systems).
    #[serde(rename = "t/r")]
    TargetOverRealisasi,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rollup {
    /// The parent's target and realisasi are the sums of its children's.
    Sum,
}

/// How an indicator's quarters make its year (SIPD's rule): a count that grows over
/// the year adds up (Tren Positif); a percentage, an index, a grade or a count that
/// should fall (Tren Negatif) is read at its last quarter; some are averaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Aggregation {
    Sum,
    Last,
    Average,
}

/// An agreed target: a number, or a grade for grade indicators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum TargetValue {
    Number(f64),
    Grade(String),
}

/// One node of the performance tree with its indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    pub id: String,
    pub level: Level,
    #[serde(default)]
    pub parent: Option<String>,
    /// The statement (sasaran/program/kegiatan wording).
    pub statement: String,
    #[serde(default)]
    pub statement_aliases: Vec<String>,
    /// The indicator (IK) wording.
    pub indicator: String,
    /// Other wordings of the indicator seen in sheets.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Canonical unit (a key of `Schema::units`, or any text).
    pub unit: String,
    pub kind: Kind,
    #[serde(default)]
    pub polarity: Polarity,
    /// Required when polarity is negative.
    #[serde(default)]
    pub formula: Option<NegativeFormula>,
    /// Capaian cap in percent (110, 120, 200); none when absent.
    #[serde(default)]
    pub cap: Option<f64>,
    /// Possible values of target and realisasi: [min, max], either may be absent.
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default)]
    pub rollup: Option<Rollup>,
    /// How the quarters make the year; default from `kind` and `polarity`
    /// (see `Node::aggregation`).
    #[serde(default)]
    pub aggregation: Option<Aggregation>,
    /// Every office must report it (else `missing-indicator`).
    #[serde(default = "yes")]
    pub required: bool,
    /// Name of a scale in `Schema::scales` that labels must agree with.
    #[serde(default)]
    pub label_scale: Option<String>,
    /// The agreed target for every kecamatan, unless overridden in `targets`.
    #[serde(default)]
    pub target: Option<TargetValue>,
    /// Per-kecamatan agreed targets, keyed by kecamatan name.
    #[serde(default)]
    pub targets: BTreeMap<String, TargetValue>,
}

fn yes() -> bool {
    true
}

impl Node {
    /// How this indicator's quarters make its year: the schema's `aggregation`, else a
    /// count or an amount of money that grows adds up (sum), and everything else (a
    /// percentage, an index, a grade, a count that should fall) is its last quarter.
    pub fn aggregation(&self) -> Aggregation {
        self.aggregation
            .unwrap_or(match (self.kind, self.polarity) {
                (Kind::Count | Kind::Currency, Polarity::Positive) => Aggregation::Sum,
                _ => Aggregation::Last,
            })
    }
}

impl Schema {
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }

    pub fn children<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.nodes
            .iter()
            .filter(move |n| n.parent.as_deref() == Some(id))
    }

    /// Severity of a rule here: the schema's override, else the rule's default.
    pub fn severity(&self, rule: Rule) -> Severity {
        self.severity
            .get(&rule)
            .copied()
            .unwrap_or_else(|| rule.default_severity())
    }

    /// Canonical unit for a unit as written ("Dok." → "dokumen"); None if unknown.
    pub fn canonical_unit(&self, written: &str) -> Option<&str> {
        // Compared char by char, lower-cased on the fly: this runs for every unit cell
        // of every upload, and lower-casing each spelling into a new string cost more
        // than the rest of the unit check.
        let w = written.trim().to_lowercase();
        let same = |s: &str| same_spelling(s, &w);
        self.units.iter().find_map(|(canon, spellings)| {
            (same(canon) || spellings.iter().any(|s| same(s))).then_some(canon.as_str())
        })
    }

    /// The agreed target of a node for a kecamatan, if the schema holds one.
    pub fn agreed_target(&self, node: &Node, kecamatan: Option<&str>) -> Option<TargetValue> {
        kecamatan
            .and_then(|k| node.targets.get(k))
            .or(node.target.as_ref())
            .cloned()
    }

    /// Position of each node in tree order, for sorting outputs.
    pub fn order(&self, id: &str) -> usize {
        self.nodes
            .iter()
            .position(|n| n.id == id)
            .unwrap_or(usize::MAX)
    }
}

/// A schema spelling equals a unit as written, already lower-cased: the spelling is
/// lower-cased char by char on the fly. This runs for every spelling of every unit cell
/// of every upload, so an ASCII spelling (nearly all) is compared bytewise: it
/// lower-cases to ASCII of the same length, and most spellings differ in length.
fn same_spelling(spelling: &str, lower_written: &str) -> bool {
    if spelling.is_ascii() {
        spelling.eq_ignore_ascii_case(lower_written)
    } else {
        spelling
            .chars()
            .flat_map(char::to_lowercase)
            .eq(lower_written.chars())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn units_are_found_by_any_spelling_in_any_case() {
        let mut schema = crate::output::fixtures::schema();
        schema
            .units
            .insert("dokumen".into(), vec!["Dok.".into(), "dok".into()]);
        schema
            .units
            .insert("m²".into(), vec!["meter persegi".into(), "M²".into()]);
        assert_eq!(schema.canonical_unit("  DOK. "), Some("dokumen"));
        assert_eq!(schema.canonical_unit("Dokumen"), Some("dokumen"));
        assert_eq!(schema.canonical_unit("m²"), Some("m²"));
        assert_eq!(schema.canonical_unit("M²"), Some("m²"));
        assert_eq!(schema.canonical_unit("Meter Persegi"), Some("m²"));
        assert_eq!(schema.canonical_unit("doku"), None);
        assert_eq!(schema.canonical_unit("dök"), None);
    }

    proptest! {
        /// The bytewise shortcut answers as lower-casing every char would.
        #[test]
        fn same_spelling_is_char_by_char_lowercase_equality(
            spelling in "[a-zA-Z²Öö. ]{0,6}",
            written in "[a-zA-Z²Öö. ]{0,6}",
        ) {
            let lower = written.to_lowercase();
            let reference = spelling.chars().flat_map(char::to_lowercase).eq(lower.chars());
            prop_assert_eq!(same_spelling(&spelling, &lower), reference);
            let own = spelling.to_lowercase();
            prop_assert!(same_spelling(&spelling, &own));
        }
    }
}
