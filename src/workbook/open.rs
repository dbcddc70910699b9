//! Open any spreadsheet: sniff the format from the bytes, check declared sizes against
//! `Limits` before calamine allocates, and turn every failure into a specific reason.
//! (helper-owned: the workbook helper fills this in)

use super::Workbook;
use crate::model::Text;
use std::path::Path;

/// Resource limits that keep a hostile upload from exhausting memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest cell count (rows × columns) a sheet may declare or hold.
    pub max_cells: u64,
    /// Largest file size read, in bytes.
    pub max_file_bytes: u64,
    /// Largest total uncompressed size of a zip container, in bytes.
    pub max_unzipped_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_cells: 5_000_000,
            max_file_bytes: 100 * 1024 * 1024,
            max_unzipped_bytes: 1024 * 1024 * 1024,
        }
    }
}

/// Why a file could not be read. Every variant says what is wrong in words a clerk reads.
#[derive(Debug, Clone, PartialEq)]
pub enum OpenError {
    Io(String),
    Empty,
    Encrypted,
    Html,
    Csv,
    Truncated(String),
    NotSpreadsheet(String),
    TooLarge(String),
    Corrupt(String),
}

impl OpenError {
    pub fn message(&self) -> Text {
        match self {
            OpenError::Io(e) => Text::new(
                format!("berkas tidak dapat dibaca: {e}"),
                format!("file cannot be read: {e}"),
            ),
            OpenError::Empty => Text::new("berkas kosong (0 byte)", "file is empty (0 bytes)"),
            OpenError::Encrypted => Text::new(
                "berkas dienkripsi dengan kata sandi; simpan ulang tanpa kata sandi",
                "file is encrypted with a password; save it again without a password",
            ),
            OpenError::Html => Text::new(
                "berkas adalah halaman HTML yang disimpan dengan nama spreadsheet, bukan spreadsheet",
                "file is an HTML page saved with a spreadsheet name, not a spreadsheet",
            ),
            OpenError::Csv => Text::new(
                "berkas adalah teks CSV yang disimpan dengan nama spreadsheet, bukan spreadsheet",
                "file is CSV text saved with a spreadsheet name, not a spreadsheet",
            ),
            OpenError::Truncated(d) => Text::new(
                format!("berkas terpotong (tidak lengkap): {d}"),
                format!("file is truncated (cut off part-way): {d}"),
            ),
            OpenError::NotSpreadsheet(d) => Text::new(
                format!("bukan berkas spreadsheet: {d}"),
                format!("not a spreadsheet file: {d}"),
            ),
            OpenError::TooLarge(d) => Text::new(
                format!("berkas melebihi batas ukuran: {d}"),
                format!("file exceeds a size limit: {d}"),
            ),
            OpenError::Corrupt(d) => Text::new(
                format!("berkas rusak: {d}"),
                format!("file is corrupt: {d}"),
            ),
        }
    }
}

/// Read a file from disk and open it.
pub fn open(path: &Path, limits: &Limits) -> Result<Workbook, OpenError> {
    let bytes = std::fs::read(path).map_err(|e| OpenError::Io(e.to_string()))?;
    open_bytes(&bytes, limits)
}

/// Open a workbook held in memory.
pub fn open_bytes(bytes: &[u8], _limits: &Limits) -> Result<Workbook, OpenError> {
    if bytes.is_empty() {
        return Err(OpenError::Empty);
    }
    Err(OpenError::NotSpreadsheet("not implemented yet".into()))
}
