//! Load a schema file and check it. (helper-owned)

use super::Schema;
use std::path::Path;

/// An error that makes the schema unusable: names the file and line.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for SchemaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.file, l, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Something suspicious but legal (near-duplicate nodes).
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaWarning {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

pub fn load(path: &Path) -> Result<(Schema, Vec<SchemaWarning>), Vec<SchemaError>> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        vec![SchemaError {
            file: path.display().to_string(),
            line: None,
            message: e.to_string(),
        }]
    })?;
    load_str(&text, &path.display().to_string())
}

pub fn load_str(text: &str, file: &str) -> Result<(Schema, Vec<SchemaWarning>), Vec<SchemaError>> {
    toml::from_str::<Schema>(text)
        .map(|s| (s, Vec::new()))
        .map_err(|e| {
            vec![SchemaError {
                file: file.to_string(),
                line: None,
                message: e.to_string(),
            }]
        })
}
