//! Bind sheet rows to schema nodes (exact, alias, fuzzy with a confidence) and identify
//! the kecamatan. (helper-owned)

use super::Schema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchKind {
    /// Same wording as the schema's indicator after normalization.
    Exact,
    /// One of the node's aliases.
    Alias,
    /// Similar wording; see the confidence.
    Fuzzy,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Match {
    pub node_id: String,
    pub kind: MatchKind,
    /// 0..=1; 1 for exact.
    pub confidence: f64,
    /// The schema wording it matched (indicator or alias).
    pub matched: String,
}

/// Prepared once per schema, used for every row of every file.
pub struct Matcher<'a> {
    pub schema: &'a Schema,
}

impl<'a> Matcher<'a> {
    pub fn new(schema: &'a Schema) -> Self {
        Matcher { schema }
    }

    /// Best node for a row's indicator text, with its statement as context; None when
    /// nothing is similar enough.
    pub fn match_row(&self, _indicator: &str, _statement: &str) -> Option<Match> {
        None
    }
}

/// The kecamatan named in any of these texts (title rows, sheet names, file name), in
/// the order given: the first text that names one wins.
pub fn identify_kecamatan(_schema: &Schema, _texts: &[&str]) -> Option<String> {
    None
}
