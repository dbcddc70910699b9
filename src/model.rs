//! Types every stage shares: where a value came from (`CellRef`), what is wrong with it
//! (`Finding`, `Rule`, `Severity`) and the words a clerk reads (`Text`, `Lang`).
//! Plain data with serde, so any of it can be built by hand in a test or dumped as JSON.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A cell of an input workbook: sheet name plus 0-based row and column.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CellRef {
    pub sheet: String,
    pub row: u32,
    pub col: u32,
}

impl CellRef {
    pub fn new(sheet: impl Into<String>, row: u32, col: u32) -> Self {
        CellRef {
            sheet: sheet.into(),
            row,
            col,
        }
    }

    /// The A1 reference a clerk types into Excel's name box ("D22").
    pub fn a1(&self) -> String {
        a1(self.row, self.col)
    }
}

/// Column letters of a 0-based column index: 0 → "A", 25 → "Z", 26 → "AA".
pub fn col_letters(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A1 reference of a 0-based (row, col).
pub fn a1(row: u32, col: u32) -> String {
    format!("{}{}", col_letters(col), row as u64 + 1)
}

/// Language of the messages a clerk reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
pub enum Lang {
    /// Bahasa Indonesia (default).
    #[default]
    Id,
    /// English.
    En,
}

/// A message in both languages; the output picks one with `Lang`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Text {
    pub id: String,
    pub en: String,
}

impl Text {
    pub fn new(id: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            id: id.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Id => &self.id,
            Lang::En => &self.en,
        }
    }
}

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn code(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

macro_rules! rules {
    ($( $variant:ident = $code:literal, $sev:ident; )*) => {
        /// The stable rule codes of the contract (design.md), plus the batch-level ones.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum Rule {
            $( #[serde(rename = $code)] $variant, )*
        }

        impl Rule {
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The code written in every output ("capaian-mismatch").
            pub fn code(self) -> &'static str {
                match self { $(Rule::$variant => $code,)* }
            }

            /// Default severity; a schema may override it.
            pub fn default_severity(self) -> Severity {
                match self { $(Rule::$variant => Severity::$sev,)* }
            }

            pub fn from_code(code: &str) -> Option<Rule> {
                match code { $($code => Some(Rule::$variant),)* _ => None }
            }
        }
    };
}

rules! {
    UnreadableFile = "unreadable-file", Error;
    NoTable = "no-table", Error;
    UnknownKecamatan = "unknown-kecamatan", Warning;
    Unparseable = "unparseable", Error;
    AmbiguousNumber = "ambiguous-number", Warning;
    MissingValue = "missing-value", Warning;
    NotAvailable = "not-available", Info;
    CapaianMismatch = "capaian-mismatch", Error;
    KeteranganConflict = "keterangan-conflict", Warning;
    UnitMismatch = "unit-mismatch", Error;
    OutOfRange = "out-of-range", Error;
    LabelMismatch = "label-mismatch", Warning;
    UnknownIndicator = "unknown-indicator", Warning;
    MissingIndicator = "missing-indicator", Error;
    DuplicateIndicator = "duplicate-indicator", Error;
    RollupMismatch = "rollup-mismatch", Error;
    TargetMismatch = "target-mismatch", Error;
    IndicatorRenamed = "indicator-renamed", Info;
    BelowTarget = "below-target", Info;
    HiddenRow = "hidden-row", Info;
    DuplicateUpload = "duplicate-upload", Warning;
    MissingUpload = "missing-upload", Warning;
    TargetOnly = "target-only", Info;
    QuarterSumMismatch = "quarter-sum-mismatch", Error;
    QuarterDecrease = "quarter-decrease", Error;
    QuarterInconsistent = "quarter-inconsistent", Warning;
    ArithmeticMismatch = "arithmetic-mismatch", Error;
    AnggaranOverPagu = "anggaran-over-pagu", Warning;
    RevisedQuarter = "revised-quarter", Warning;
    OtherYear = "other-year", Warning;
    WriteFailed = "write-failed", Error;
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One thing a clerk must look at, pointed at the input cell to fix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    /// File name of the input (as shown to the user; the batch sets it).
    pub file: String,
    /// Kecamatan the file belongs to, when identified.
    pub kecamatan: Option<String>,
    /// The cell in the INPUT file (None for file-level findings).
    pub at: Option<CellRef>,
    /// Schema node id (None for file-level findings and unknown rows).
    pub indicator_id: Option<String>,
    pub message: Text,
    /// The value as found (original text where there is one).
    pub found: String,
    /// What was expected instead.
    pub expected: String,
}

impl Finding {
    /// A finding with the rule's default severity; set the rest with the builder methods.
    pub fn new(rule: Rule, message: Text) -> Self {
        Finding {
            rule,
            severity: rule.default_severity(),
            file: String::new(),
            kecamatan: None,
            at: None,
            indicator_id: None,
            message,
            found: String::new(),
            expected: String::new(),
        }
    }

    pub fn at(mut self, at: &CellRef) -> Self {
        self.at = Some(at.clone());
        self
    }

    pub fn indicator(mut self, id: &str) -> Self {
        self.indicator_id = Some(id.to_string());
        self
    }

    pub fn found(mut self, found: impl Into<String>) -> Self {
        self.found = found.into();
        self
    }

    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = expected.into();
        self
    }

    pub fn sheet(&self) -> &str {
        self.at.as_ref().map(|c| c.sheet.as_str()).unwrap_or("")
    }

    pub fn cell(&self) -> String {
        self.at.as_ref().map(|c| c.a1()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_references() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(21, 3), "D22");
        assert_eq!(col_letters(25), "Z");
        assert_eq!(col_letters(26), "AA");
        assert_eq!(col_letters(16383), "XFD");
    }

    #[test]
    fn rule_codes_round_trip() {
        for r in Rule::ALL {
            assert_eq!(Rule::from_code(r.code()), Some(*r));
        }
        assert_eq!(
            serde_json::to_string(&Rule::CapaianMismatch).unwrap(),
            "\"capaian-mismatch\""
        );
    }
}
