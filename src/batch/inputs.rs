//! Which files a batch reads.

use super::*;
use crate::pipeline::display_name;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Extensions picked up when a folder is walked. Files named on the command line are
/// always read, whatever their name: a mislabeled upload must become a finding.
pub const SPREADSHEET_EXTENSIONS: &[&str] = &[
    "xlsx", "xlsm", "xlsb", "xls", "xla", "xlam", "xltx", "xltm", "ods", "ots", "csv",
];

/// Files to read: named files as given, folders walked (sorted, recursively) for
/// spreadsheet extensions; hidden files and Excel lock files (`~$x.xlsx`) skipped.
pub fn collect_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, SetupError> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            walk(input, &mut files)
                .map_err(|e| SetupError(format!("cannot read folder {}: {e}", input.display())))?;
        } else if input.exists() {
            files.push(input.clone());
        } else {
            return Err(SetupError(format!("input not found: {}", input.display())));
        }
    }
    let mut seen = HashSet::new();
    files.retain(|f| seen.insert(f.clone()));
    Ok(files)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        let name = display_name(&path);
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        if path.is_dir() {
            walk(&path, files)?;
        } else if has_spreadsheet_extension(&path) {
            files.push(path);
        }
    }
    Ok(())
}

fn has_spreadsheet_extension(path: &Path) -> bool {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .is_some_and(|e| SPREADSHEET_EXTENSIONS.contains(&e.as_str()))
}
