//! Atomic file writes: every output is written to a temporary file in the folder it will
//! live in and renamed over its final name only once complete, so a crash, a SIGKILL or
//! a failed write never leaves a half-written file under a name a user or script reads.
//! It must never write to the final name directly.
//!
//! What it does not promise: durability after a power cut (no fsync, for speed on batches
//! of thousands of files), and a process killed mid-write leaves its temporary file
//! (`.<name>.<random>.tmp`) behind, which is safe to delete.

use super::{OutputCause, OutputError};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Write `path` atomically: `write` fills a temporary file in the same folder (created if
/// missing); on success the file is renamed into place (replacing an older one), on error
/// the temporary file is removed and nothing appears under `path`.
pub fn atomic_write<F>(path: &Path, write: F) -> Result<(), OutputError>
where
    F: FnOnce(&mut (dyn Write + Send)) -> Result<(), OutputCause>,
{
    AtomicFile::written(path, write)?.commit()
}

/// Files complete under their temporary names, renamed into place together by
/// `commit`; dropped uncommitted, every one is removed and nothing appears under their
/// final names. A batch stages each batch-wide writer's files and commits them only once
/// every writer has finished, so one run's outputs are never mixed with another's when
/// one of them cannot be written.
#[derive(Default)]
pub struct Staged(Vec<AtomicFile>);

impl Staged {
    pub(crate) fn push(&mut self, file: AtomicFile) {
        self.0.push(file);
    }

    /// A CSV output complete: its writer flushed, its file staged.
    pub(crate) fn csv(
        mut csv: csv::Writer<BufWriter<File>>,
        file: AtomicFile,
    ) -> Result<Staged, OutputError> {
        csv.flush()
            .map_err(|e| OutputError::new(file.path(), e.into()))?;
        drop(csv);
        Ok(Staged(vec![file]))
    }

    /// Add another writer's staged files.
    pub fn extend(&mut self, other: Staged) {
        self.0.extend(other.0);
    }

    /// Rename every file into place, in the order staged. Errors: the first file that
    /// cannot be renamed (the ones before it are in place, the ones after it removed).
    pub fn commit(self) -> Result<(), OutputError> {
        for file in self.0 {
            file.commit()?;
        }
        Ok(())
    }
}

/// A file written over time (a streaming writer's output): it lives as a temporary file
/// in the folder of `path` until `commit` renames it into place; dropped uncommitted, it
/// is removed and nothing appears under `path`.
pub(crate) struct AtomicFile {
    path: PathBuf,
    tmp: tempfile::NamedTempFile,
}

impl AtomicFile {
    pub(crate) fn create(path: &Path) -> Result<Self, OutputError> {
        let fail = |cause: OutputCause| OutputError::new(path, cause);
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| fail(OutputCause::Invalid("the path has no file name".into())))?;
        std::fs::create_dir_all(&dir).map_err(|e| fail(e.into()))?;
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .tempfile_in(&dir)
            .map_err(|e| fail(e.into()))?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            tmp,
        })
    }

    /// A temporary file for `path` filled completely by `write`, not yet renamed.
    pub(crate) fn written<F>(path: &Path, write: F) -> Result<Self, OutputError>
    where
        F: FnOnce(&mut (dyn Write + Send)) -> Result<(), OutputCause>,
    {
        let file = AtomicFile::create(path)?;
        let fail = |cause: OutputCause| OutputError::new(path, cause);
        let mut out = file.writer()?;
        write(&mut out).map_err(fail)?;
        out.flush().map_err(|e| fail(e.into()))?;
        drop(out);
        Ok(file)
    }

    /// A buffered handle writing into the temporary file.
    pub(crate) fn writer(&self) -> Result<BufWriter<File>, OutputError> {
        let file = self
            .tmp
            .as_file()
            .try_clone()
            .map_err(|e| OutputError::new(&self.path, e.into()))?;
        Ok(BufWriter::new(file))
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Rename the complete file into place. Every writer must have been flushed.
    pub(crate) fn commit(self) -> Result<(), OutputError> {
        let path = self.path;
        let fail = |cause: OutputCause| OutputError::new(&path, cause);
        // tempfile creates files readable by the owner only; outputs are ordinary files.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(self.tmp.path(), std::fs::Permissions::from_mode(0o644))
                .map_err(|e| fail(e.into()))?;
        }
        self.tmp.persist(&path).map_err(|e| fail(e.error.into()))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn complete_write_lands_under_final_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/out.csv");
        atomic_write(&path, |w| {
            w.write_all(b"a,b\n1,2\n")?;
            Ok(())
        })
        .unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"a,b\n1,2\n");
        assert_eq!(entries(&dir.path().join("sub")), vec!["out.csv"]);
    }

    #[test]
    fn failed_write_leaves_nothing_and_keeps_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        let err = atomic_write(&path, |w| {
            w.write_all(b"partial")?;
            Err(OutputCause::Invalid("stopped on purpose".into()))
        })
        .unwrap_err();
        assert!(!path.exists());
        assert!(entries(dir.path()).is_empty(), "temp file left behind");
        assert_eq!(
            err.to_string(),
            format!("cannot write {}: stopped on purpose", path.display())
        );

        // An older complete file survives a failed rewrite untouched.
        std::fs::write(&path, b"old").unwrap();
        let _ = atomic_write(&path, |w| {
            w.write_all(b"new but broken")?;
            Err(OutputCause::Invalid("no".into()))
        });
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        assert_eq!(entries(dir.path()), vec!["out.csv"]);
    }

    #[cfg(unix)]
    #[test]
    fn outputs_are_world_readable() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.csv");
        atomic_write(&path, |w| Ok(w.write_all(b"x")?)).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o644);
    }
}
