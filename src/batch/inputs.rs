//! Which files a batch reads, and the promise that inputs and outputs never overlap.
//!
//! Folders are walked without following links to folders (a link to `.` would make every
//! file appear once per link, two such links an endless walk), each file is taken once
//! (by device and inode, so hard links and links to files count once), the output folder
//! is never read, and a folder that cannot be read becomes an entry of its own that the
//! batch reports as an `unreadable-file` finding instead of stopping.

use super::*;
use crate::pipeline::display_name;
use std::collections::HashSet;
use std::os::unix::fs::MetadataExt;
use std::path::{Component, Path, PathBuf};

/// Extensions picked up when a folder is walked. Files named on the command line are
/// always read, whatever their name: a mislabeled upload must become a finding.
pub const SPREADSHEET_EXTENSIONS: &[&str] = &[
    "xlsx", "xlsm", "xlsb", "xls", "xla", "xlam", "xltx", "xltm", "ods", "ots", "csv",
];

/// A file or folder's identity on disk.
type Id = (u64, u64);

fn id_of(meta: &std::fs::Metadata) -> Id {
    (meta.dev(), meta.ino())
}

/// Files to read: named files as given, folders walked (sorted, recursively) for
/// spreadsheet extensions; hidden files and Excel lock files (`~$x.xlsx`) skipped. A
/// folder that cannot be listed is returned as an entry too: reading it fails, and that
/// failure is its finding. `out`, when given, is never walked into nor read.
pub fn collect_inputs(inputs: &[PathBuf], out: Option<&Path>) -> Result<Vec<PathBuf>, SetupError> {
    let out_id = out
        .and_then(|o| std::fs::metadata(o).ok())
        .map(|m| id_of(&m));
    let mut walker = Walker {
        files: Vec::new(),
        seen: HashSet::new(),
        out: out_id,
    };
    for input in inputs {
        // A named input is followed if it is a link: the user pointed at it.
        match std::fs::metadata(input) {
            Ok(meta) if meta.is_dir() => walker.walk(input, &meta),
            Ok(meta) => walker.add(input, &meta),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(SetupError(Text::new(
                    format!("masukan tidak ditemukan: {}", input.display()),
                    format!("input not found: {}", input.display()),
                )));
            }
            // Present but not even stat-able (a folder on the way is closed to us):
            // reading it will fail and say why, as a finding.
            Err(_) => walker.files.push(input.clone()),
        }
    }
    Ok(walker.files)
}

struct Walker {
    files: Vec<PathBuf>,
    /// Folders and files already taken.
    seen: HashSet<Id>,
    out: Option<Id>,
}

impl Walker {
    fn add(&mut self, path: &Path, meta: &std::fs::Metadata) {
        let id = id_of(meta);
        if Some(id) == self.out {
            return;
        }
        if self.seen.insert(id) {
            self.files.push(path.to_path_buf());
        }
    }

    fn walk(&mut self, dir: &Path, meta: &std::fs::Metadata) {
        let id = id_of(meta);
        if Some(id) == self.out || !self.seen.insert(id) {
            return;
        }
        let listing = std::fs::read_dir(dir).and_then(|rd| rd.collect::<Result<Vec<_>, _>>());
        let mut entries = match listing {
            Ok(entries) => entries,
            Err(_) => {
                // Read as a file later, this fails with the folder's own error message.
                self.files.push(dir.to_path_buf());
                return;
            }
        };
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let path = entry.path();
            let name = display_name(&path);
            if name.starts_with('.') || name.starts_with("~$") {
                continue;
            }
            // The entry's own type, links not followed.
            let Ok(kind) = entry.file_type() else {
                self.files.push(path);
                continue;
            };
            if kind.is_dir() {
                match std::fs::symlink_metadata(&path) {
                    Ok(meta) => self.walk(&path, &meta),
                    Err(_) => self.files.push(path),
                }
            } else if has_spreadsheet_extension(&path) {
                if kind.is_symlink() {
                    // A link to a file is read (once); a link to a folder is never
                    // followed, so the walk cannot leave the tree or loop back into it.
                    match std::fs::metadata(&path) {
                        Ok(meta) if meta.is_dir() => {}
                        Ok(meta) => self.add(&path, &meta),
                        // A dangling link: reading it says so, as a finding.
                        Err(_) => self.files.push(path),
                    }
                } else {
                    match entry.metadata() {
                        Ok(meta) => self.add(&path, &meta),
                        Err(_) => self.files.push(path),
                    }
                }
            }
        }
    }
}

fn has_spreadsheet_extension(path: &Path) -> bool {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .is_some_and(|e| SPREADSHEET_EXTENSIONS.contains(&e.as_str()))
}

/// `path` made absolute with links resolved, also when its last components do not exist
/// yet (an `--out` folder about to be created).
fn resolved(path: &Path) -> Option<PathBuf> {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(path)
    };
    let mut missing = Vec::new();
    let mut existing = abs.as_path();
    loop {
        if let Ok(c) = existing.canonicalize() {
            let mut full = c;
            for part in missing.iter().rev() {
                match part {
                    Component::ParentDir => {
                        full.pop();
                    }
                    Component::CurDir => {}
                    other => full.push(other),
                }
            }
            return Some(full);
        }
        missing.push(existing.components().next_back()?);
        existing = existing.parent()?;
    }
}

/// Refuse an output folder that overlaps an input: the same folder, one inside the
/// other. Writing there could overwrite an upload, and a later run would read its own
/// outputs as uploads. Disjoint folders are the only layout that is provably harmless.
pub fn check_overlap(inputs: &[PathBuf], out: &Path) -> Result<(), SetupError> {
    let Some(out_abs) = resolved(out) else {
        return Ok(());
    };
    for input in inputs {
        let Ok(input_abs) = input.canonicalize() else {
            continue;
        };
        let is_dir = input_abs.is_dir();
        let clash = input_abs == out_abs
            || (is_dir && out_abs.starts_with(&input_abs))
            || input_abs.starts_with(&out_abs);
        if clash {
            return Err(SetupError(Text::new(
                format!(
                    "folder hasil --out {} bertumpang tindih dengan masukan {}: kinerja tidak menulis di antara berkas masukan dan tidak membaca hasilnya sendiri; pilih folder --out di luar folder masukan",
                    out.display(),
                    input.display()
                ),
                format!(
                    "the --out folder {} overlaps the input {}: kinerja never writes among its inputs nor reads its own outputs; choose an --out folder outside the input folders",
                    out.display(),
                    input.display()
                ),
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap_is_found_through_missing_folders_and_dot_dot() {
        let dir = tempfile::tempdir().unwrap();
        let up = dir.path().join("up");
        std::fs::create_dir_all(&up).unwrap();
        std::fs::write(up.join("a.xlsx"), "x").unwrap();
        let inputs = vec![up.clone()];
        // Not yet existing, and spelled with `..`: still inside the inputs.
        assert!(check_overlap(&inputs, &up.join("x/../hasil/baru")).is_err());
        assert!(check_overlap(&inputs, &up).is_err());
        assert!(check_overlap(&inputs, dir.path()).is_err());
        assert!(check_overlap(&inputs, &dir.path().join("out")).is_ok());
        assert!(check_overlap(&inputs, &dir.path().join("up-2")).is_ok());
        // A named file: only --out around it overlaps.
        let file = vec![up.join("a.xlsx")];
        assert!(check_overlap(&file, &up).is_err());
        assert!(check_overlap(&file, &up.join("hasil")).is_ok());
    }

    #[test]
    fn a_missing_input_is_a_setup_error_in_the_users_language() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("gone");
        let err = collect_inputs(std::slice::from_ref(&missing), None).unwrap_err();
        assert_eq!(
            err.message(Lang::Id),
            format!("masukan tidak ditemukan: {}", missing.display())
        );
    }
}
