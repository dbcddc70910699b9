//! The output folder: refuse one that is not ours, mark it as ours.

use super::*;
use std::path::Path;

/// Marker the batch leaves in its output folder, so a later run knows the folder is
/// its own and may overwrite it.
pub const MARKER: &str = ".kinerja-output";

/// Make sure `out` can take the outputs before any work is done: create it, refuse a
/// non-empty folder this tool did not write (unless `force`), and prove it writable.
pub fn prepare_out(out: &Path, force: bool) -> Result<(), SetupError> {
    let cannot = |e: std::io::Error| {
        SetupError(format!(
            "output folder {} is not writable: {e}",
            out.display()
        ))
    };
    if out.exists() && !out.is_dir() {
        return Err(SetupError(format!(
            "--out {} exists and is not a folder",
            out.display()
        )));
    }
    std::fs::create_dir_all(out).map_err(cannot)?;
    let marker = out.join(MARKER);
    let non_empty = std::fs::read_dir(out).map_err(cannot)?.next().is_some();
    if non_empty && !marker.exists() && !force {
        return Err(SetupError(format!(
            "output folder {} already holds files that kinerja did not write; choose an empty folder or pass --force",
            out.display()
        )));
    }
    std::fs::write(
        &marker,
        "This folder holds kinerja outputs; kinerja may overwrite them.\n",
    )
    .map_err(cannot)?;
    std::fs::create_dir_all(out.join("cleaned")).map_err(cannot)?;
    Ok(())
}
