//! The output folder: what kinerja may write there and what it must leave alone.
//!
//! - A non-empty folder without the marker is refused unless `--force`.
//! - The marker (`.kinerja-output`) is also the manifest: the list of files kinerja
//!   created there. A file is overwritten only if the manifest names it and it is still a
//!   plain file (not a link); any other file under a name this run would write is a
//!   collision, refused unless `--force`. The marker alone proves nothing about the rest.
//! - `cleaned/` must be a real folder, never a link, `--force` or not.
//! - An exclusive lock (`flock` on `.kinerja-lock`) is held for the whole run, so two
//!   batches never write into one folder at once; holding it also proves that the spill
//!   and temporary files found there belong to dead runs, which are removed.
//! - `KINERJA-INCOMPLETE.txt` is written before anything else and removed only once the
//!   whole set of outputs is in place: a run that dies leaves it, visibly.

use super::*;
use crate::output::atomic_write;
use std::collections::BTreeSet;
use std::fs::File;
use std::os::unix::fs::OpenOptionsExt;
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};

/// Marker and manifest the batch leaves in its output folder.
pub const MARKER: &str = ".kinerja-output";
/// Lock file held while a batch writes into the folder.
pub const LOCK: &str = ".kinerja-lock";
/// Present while a run is writing, and left behind by a run that died.
pub const INCOMPLETE: &str = "KINERJA-INCOMPLETE.txt";
/// The batch-wide outputs, replaced as one set.
pub const BATCH_OUTPUTS: &[&str] = &[
    "discrepancies.csv",
    "discrepancies.xlsx",
    "consolidated.csv",
    "consolidated.parquet",
    "consolidated.xlsx",
];
/// Prefix of the spill file of a run.
pub const SPILL_PREFIX: &str = ".kinerja-spill.";

const MARKER_HEADER: &str =
    "This folder holds kinerja outputs. kinerja overwrites only the files listed below, which it created.\n";

/// The output folder of a running batch, locked for the run.
pub struct OutDir {
    path: PathBuf,
    /// Held open for the run: the lock lives as long as this file descriptor.
    _lock: File,
    /// Every relative path kinerja may have created here (old manifest and this run).
    ours: BTreeSet<String>,
}

fn err(id: String, en: String) -> SetupError {
    SetupError(Text::new(id, en))
}

/// Make sure `out` can take the outputs of a run that will write the cleaned workbooks
/// `cleaned` (relative paths) before any work is done; see the module comment.
pub fn prepare_out(out: &Path, force: bool, cleaned: &[String]) -> Result<OutDir, SetupError> {
    let shown = out.display();
    let cannot = |e: std::io::Error| {
        err(
            format!("folder hasil {shown} tidak dapat ditulisi: {e}"),
            format!("output folder {shown} is not writable: {e}"),
        )
    };
    if out.exists() && !out.is_dir() {
        return Err(err(
            format!("--out {shown} sudah ada dan bukan folder"),
            format!("--out {shown} exists and is not a folder"),
        ));
    }
    std::fs::create_dir_all(out).map_err(cannot)?;
    let lock = take_lock(out).map_err(|e| match e {
        LockError::Busy => err(
            format!("batch kinerja lain sedang menulis ke {shown}; tunggu sampai selesai atau pilih folder --out lain"),
            format!("another kinerja batch is writing into {shown}; wait for it to finish or choose another --out folder"),
        ),
        LockError::Io(e) => cannot(e),
    })?;

    let marker = out.join(MARKER);
    let old = read_manifest(&marker);
    let has_marker = old.is_some();
    let mut ours = old.unwrap_or_default();

    let entries: Vec<String> = std::fs::read_dir(out)
        .map_err(cannot)?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != LOCK)
        .collect();
    if !entries.is_empty() && !has_marker && !force {
        return Err(err(
            format!("folder hasil {shown} sudah berisi berkas yang tidak ditulis kinerja; pilih folder kosong atau gunakan --force"),
            format!("output folder {shown} already holds files that kinerja did not write; choose an empty folder or pass --force"),
        ));
    }

    // `cleaned/` is written into by name: a link there would send the workbooks into a
    // foreign folder. No --force makes that acceptable.
    let cleaned_dir = out.join("cleaned");
    if let Ok(meta) = std::fs::symlink_metadata(&cleaned_dir) {
        if !meta.is_dir() {
            return Err(err(
                format!("{} bukan folder biasa (tautan atau berkas); kinerja tidak menulis melaluinya. Hapus atau pindahkan dulu", cleaned_dir.display()),
                format!("{} is not a plain folder (a link or a file); kinerja does not write through it. Remove or move it first", cleaned_dir.display()),
            ));
        }
    }

    // File by file: every name this run writes must be free, or a plain file kinerja
    // created.
    let mut planned: Vec<String> = BATCH_OUTPUTS.iter().map(|s| s.to_string()).collect();
    planned.push(MARKER.to_string());
    planned.push(INCOMPLETE.to_string());
    planned.extend(cleaned.iter().cloned());
    let collisions: Vec<&String> = planned
        .iter()
        .filter(
            |rel| match std::fs::symlink_metadata(out.join(rel.as_str())) {
                Ok(meta) => !(meta.file_type().is_file() && ours.contains(rel.as_str())),
                Err(_) => false,
            },
        )
        .collect();
    if !collisions.is_empty() && !force {
        let names: Vec<&str> = collisions.iter().take(5).map(|s| s.as_str()).collect();
        let more = collisions.len().saturating_sub(5);
        let list = if more > 0 {
            format!("{} (+{more})", names.join(", "))
        } else {
            names.join(", ")
        };
        return Err(err(
            format!("folder hasil {shown} berisi berkas yang bukan buatan kinerja di nama yang akan ditulis ({list}); kinerja tidak menimpanya tanpa --force"),
            format!("output folder {shown} holds files kinerja did not create under names it would write ({list}); kinerja does not overwrite them without --force"),
        ));
    }

    // We hold the lock: whatever spill or temporary file of ours is here belongs to a
    // run that died.
    remove_leftovers(out, |name| {
        (name.starts_with(SPILL_PREFIX) && name.ends_with(".tmp"))
            || BATCH_OUTPUTS
                .iter()
                .chain([MARKER, INCOMPLETE].iter())
                .any(|o| is_temp_of(name, o))
    });
    if cleaned_dir.is_dir() {
        remove_leftovers(&cleaned_dir, |name| {
            name.starts_with('.') && name.ends_with(".tmp") && name.contains(".xlsx.")
        });
    }

    ours.extend(planned);
    write_manifest(&marker, &ours).map_err(|e| cannot(std::io::Error::other(e)))?;
    std::fs::create_dir_all(&cleaned_dir).map_err(cannot)?;
    atomic_write(&out.join(INCOMPLETE), |w| {
        w.write_all(
            "Run kinerja belum selesai atau terhenti di tengah jalan: berkas di folder ini bisa berasal dari dua run berbeda. Jalankan ulang batch.\n\
             A kinerja run has not finished or died mid-way: the files in this folder may come from two different runs. Run the batch again.\n"
                .as_bytes(),
        )?;
        Ok(())
    })
    .map_err(|e| cannot(std::io::Error::other(e.to_string())))?;
    Ok(OutDir {
        path: out.to_path_buf(),
        _lock: lock,
        ours,
    })
}

impl OutDir {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The run is complete: cleaned workbooks of earlier runs that this run did not write
    /// (their input is gone, unreadable, or could not be written) are removed so that none
    /// looks current, the manifest lists what is there, and the incomplete mark goes.
    pub fn finish(self, written: &BTreeSet<String>) -> Result<(), SetupError> {
        let cannot = |e: String| {
            err(
                format!(
                    "folder hasil {} tidak dapat diperbarui: {e}",
                    self.path.display()
                ),
                format!(
                    "output folder {} cannot be updated: {e}",
                    self.path.display()
                ),
            )
        };
        for rel in &self.ours {
            if rel.starts_with("cleaned/") && !written.contains(rel) {
                let path = self.path.join(rel);
                if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file()) {
                    // Best effort: a failure leaves a stale workbook, still listed below.
                    let _ = std::fs::remove_file(&path);
                }
            }
        }
        let present: BTreeSet<String> = self
            .ours
            .iter()
            .filter(|rel| {
                std::fs::symlink_metadata(self.path.join(rel.as_str()))
                    .is_ok_and(|m| m.file_type().is_file())
            })
            .cloned()
            .collect();
        write_manifest(&self.path.join(MARKER), &present).map_err(cannot)?;
        std::fs::remove_file(self.path.join(INCOMPLETE)).map_err(|e| cannot(e.to_string()))?;
        Ok(())
    }
}

enum LockError {
    Busy,
    Io(std::io::Error),
}

/// Open (never through a link) and lock `out/.kinerja-lock`, without waiting.
fn take_lock(out: &Path) -> Result<File, LockError> {
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(out.join(LOCK))
        .map_err(LockError::Io)?;
    // SAFETY: flock only takes the descriptor of a file this function owns; it is
    // released when the file is closed (at the end of the run or when the process dies).
    let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if rc == 0 {
        return Ok(file);
    }
    let e = std::io::Error::last_os_error();
    if e.raw_os_error() == Some(libc::EWOULDBLOCK) {
        Err(LockError::Busy)
    } else {
        Err(LockError::Io(e))
    }
}

/// The manifest of a marker that is a plain file (a link is no marker), or None.
fn read_manifest(marker: &Path) -> Option<BTreeSet<String>> {
    let meta = std::fs::symlink_metadata(marker).ok()?;
    if !meta.file_type().is_file() {
        return None;
    }
    let text = std::fs::read_to_string(marker).ok()?;
    Some(
        text.lines()
            .skip(1)
            .map(str::trim)
            .filter(|l| !l.is_empty() && is_safe_relative(l))
            .map(str::to_string)
            .collect(),
    )
}

/// A manifest line may only name a file below the folder (a hand-edited manifest must
/// not make kinerja delete or overwrite files elsewhere).
fn is_safe_relative(rel: &str) -> bool {
    let p = Path::new(rel);
    p.is_relative()
        && p.components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}

fn write_manifest(marker: &Path, ours: &BTreeSet<String>) -> Result<(), String> {
    atomic_write(marker, |w| {
        w.write_all(MARKER_HEADER.as_bytes())?;
        for rel in ours {
            writeln!(w, "{rel}")?;
        }
        Ok(())
    })
    .map_err(|e| e.to_string())
}

/// `.<name>.<random>.tmp`, the temporary file `atomic_write` uses for `name`.
fn is_temp_of(file: &str, name: &str) -> bool {
    file.strip_prefix('.')
        .and_then(|f| f.strip_prefix(name))
        .is_some_and(|rest| rest.starts_with('.') && rest.ends_with(".tmp"))
}

/// Remove the plain files of `dir` whose name `matches` (never links, never folders).
fn remove_leftovers(dir: &Path, matches: impl Fn(&str) -> bool) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in rd.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if matches(&name) && entry.file_type().is_ok_and(|t| t.is_file()) {
            // Best effort: a leftover that cannot be removed costs disk space only.
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_own_temporary_names_are_leftovers() {
        assert!(is_temp_of(
            ".consolidated.csv.a1B2c3.tmp",
            "consolidated.csv"
        ));
        assert!(!is_temp_of("consolidated.csv", "consolidated.csv"));
        assert!(!is_temp_of(
            ".consolidated.csv.tmp.keep",
            "consolidated.csv"
        ));
        assert!(!is_temp_of(".consolidated.csvx.1.tmp", "consolidated.csv"));
    }

    #[test]
    fn a_manifest_never_names_a_file_outside_the_folder() {
        assert!(is_safe_relative("cleaned/a.xlsx"));
        assert!(!is_safe_relative("../a.xlsx"));
        assert!(!is_safe_relative("/etc/passwd"));
        assert!(!is_safe_relative("cleaned/../../a"));
    }

    #[test]
    fn stale_cleaned_workbooks_go_and_the_manifest_lists_what_is_there() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let names = vec!["cleaned/a.xlsx".to_string(), "cleaned/b.xlsx".to_string()];
        let o = prepare_out(&out, false, &names).unwrap();
        for n in &names {
            std::fs::write(out.join(n), "x").unwrap();
        }
        o.finish(&names.iter().cloned().collect()).unwrap();
        // The next run has only `a`: `b` is ours and stale.
        let o = prepare_out(&out, false, &names[..1]).unwrap();
        assert!(out.join(INCOMPLETE).is_file());
        o.finish(&names[..1].iter().cloned().collect()).unwrap();
        assert!(out.join("cleaned/a.xlsx").is_file());
        assert!(!out.join("cleaned/b.xlsx").exists());
        assert!(!out.join(INCOMPLETE).exists());
        let manifest = read_manifest(&out.join(MARKER)).unwrap();
        assert!(manifest.contains("cleaned/a.xlsx"));
        assert!(!manifest.contains("cleaned/b.xlsx"));
    }
}
