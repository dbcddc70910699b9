//! Decide what a file is from its bytes alone: a zip container (xlsx, xlsm, xlsb, ods),
//! an OLE2 compound file (xls, or an encrypted OOXML package), an old raw BIFF file, or
//! something that is not a spreadsheet at all (HTML, CSV, PDF, an image, plain text).
//!
//! The sniffer must never trust the file name, never panic and never allocate more than
//! the file's own size: it reads headers and directories, not cell data. The OLE2 reader
//! here also validates sector chains (bounds, loops) so that calamine, which trusts them,
//! is only handed containers it can walk in bounded time and memory.

use super::open::OpenError;
use super::Format;
use std::io::{Cursor, Read};

/// The OLE2 compound-file signature.
pub(crate) const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// What the bytes are, as far as opening goes.
#[derive(Debug)]
pub(crate) enum Sniffed<'a> {
    /// A zip package calamine reads with the given reader, with its directory as read
    /// here (the pre-checks and the row facts use it, so the container is opened once
    /// before calamine opens it for the cells).
    Zip(Format, Zip<'a>),
    /// An OLE2 file with a Workbook/Book stream; the stream is returned for the
    /// pre-checks (it is never larger than the file).
    Xls(Vec<u8>),
}

/// Sniff the container and, for zip and OLE2, look inside far enough to name the format.
pub(crate) fn sniff(bytes: &[u8]) -> Result<Sniffed<'_>, OpenError> {
    if bytes.is_empty() {
        return Err(OpenError::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return sniff_zip(bytes).map(|(format, zip)| Sniffed::Zip(format, zip));
    }
    if bytes.starts_with(&OLE_MAGIC) {
        return sniff_ole(bytes);
    }
    if OLE_MAGIC.starts_with(bytes) {
        return Err(OpenError::Truncated(
            "the OLE container (xls) is cut off inside its header".into(),
        ));
    }
    Err(sniff_other(bytes))
}

// ---------------------------------------------------------------------------------------
// zip

fn sniff_zip(bytes: &[u8]) -> Result<(Format, Zip<'_>), OpenError> {
    let mut zip = open_zip(bytes)?;
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.replace('\\', "/")))
        .collect();
    // Some writers use Windows separators in entry names; calamine accepts them too.
    let has = |want: &str| names.iter().any(|n| n.eq_ignore_ascii_case(want));
    if has("mimetype") {
        let mime = read_entry_prefix(&mut zip, "mimetype", 256);
        let mime = String::from_utf8_lossy(&mime).trim().to_ascii_lowercase();
        if mime.starts_with("application/vnd.oasis.opendocument.spreadsheet") {
            return Ok((Format::Ods, zip));
        }
        if let Some(kind) = mime.strip_prefix("application/vnd.oasis.opendocument.") {
            return Err(OpenError::NotSpreadsheet(format!(
                "OpenDocument {} file, not a spreadsheet",
                kind.split(['-', '.']).next().unwrap_or(kind)
            )));
        }
    }
    if has("content.xml") && !has("xl/workbook.xml") && !has("xl/workbook.bin") {
        // An ods whose mimetype entry is missing still has its content.xml.
        let head = read_entry_prefix(&mut zip, "content.xml", 4096);
        if contains(&head, b"office:spreadsheet") || contains(&head, b"office:document-content") {
            return Ok((Format::Ods, zip));
        }
    }
    let main_part = office_document_target(&mut zip);
    let is_bin =
        has("xl/workbook.bin") || main_part.as_deref().is_some_and(|t| t.ends_with(".bin"));
    let is_xml = has("xl/workbook.xml")
        || main_part
            .as_deref()
            .is_some_and(|t| t.ends_with("workbook.xml"));
    if is_bin {
        return Ok((Format::Xlsb, zip));
    }
    if is_xml {
        let types = read_entry_prefix(&mut zip, "[Content_Types].xml", 64 * 1024);
        let macro_enabled = contains_ignore_case(&types, b"macroEnabled")
            || names
                .iter()
                .any(|n| n.to_ascii_lowercase().ends_with("vbaproject.bin"));
        let format = if macro_enabled {
            Format::Xlsm
        } else {
            Format::Xlsx
        };
        return Ok((format, zip));
    }
    let what = if has("word/document.xml") {
        "Word document (.docx), not a spreadsheet"
    } else if has("ppt/presentation.xml") {
        "PowerPoint presentation (.pptx), not a spreadsheet"
    } else {
        "zip archive without a workbook"
    };
    Err(OpenError::NotSpreadsheet(what.into()))
}

/// A zip container held in memory.
pub(crate) type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// Open a zip from memory, naming a missing end-of-central-directory as truncation.
pub(crate) fn open_zip(bytes: &[u8]) -> Result<Zip<'_>, OpenError> {
    zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        let text = e.to_string();
        if text.contains("EOCD") || text.contains("end of central directory") {
            OpenError::Truncated(
                "the zip container is cut off: its end-of-central-directory record is missing"
                    .into(),
            )
        } else if matches!(e, zip::result::ZipError::Io(_)) {
            OpenError::Truncated(format!("the zip container is cut off ({text})"))
        } else {
            OpenError::Corrupt(format!("the zip container is damaged ({text})"))
        }
    })
}

/// The first `max` bytes of a zip entry (empty if absent or unreadable).
fn read_entry_prefix(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str, max: u64) -> Vec<u8> {
    let mut out = Vec::new();
    let Some(index) = zip.index_for_name(name).or_else(|| {
        (0..zip.len()).find(|&i| {
            zip.name_for_index(i)
                .is_some_and(|n| n.is_ok_and(|n| n.replace('\\', "/").eq_ignore_ascii_case(name)))
        })
    }) else {
        return out;
    };
    if let Ok(entry) = zip.by_index(index) {
        // A damaged entry reads as far as it can; the caller only looks for markers.
        let _ = entry.take(max).read_to_end(&mut out);
    }
    out
}

/// The main part named by `_rels/.rels` (the officeDocument relationship), if any.
fn office_document_target(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Option<String> {
    let rels = read_entry_prefix(zip, "_rels/.rels", 64 * 1024);
    let text = String::from_utf8_lossy(&rels);
    text.split('<')
        .filter(|tag| tag.contains("officeDocument") && tag.contains("Target="))
        .find_map(|tag| {
            let after = tag.split("Target=").nth(1)?;
            let quote = after.chars().next()?;
            let value = after.get(1..)?.split(quote).next()?;
            Some(value.to_ascii_lowercase())
        })
}

// ---------------------------------------------------------------------------------------
// OLE2 compound file

fn sniff_ole(bytes: &[u8]) -> Result<Sniffed<'_>, OpenError> {
    let ole = Ole::parse(bytes)?;
    let has = |n: &str| ole.entry(n).is_some();
    if has("EncryptionInfo") || has("EncryptedPackage") {
        return Err(OpenError::Encrypted);
    }
    if let Some(entry) = ole.entry("Workbook").or_else(|| ole.entry("Book")) {
        return ole.read_stream(entry).map(Sniffed::Xls);
    }
    let what = if has("WordDocument") {
        "Word 97-2003 document (.doc), not a spreadsheet"
    } else if has("PowerPoint Document") {
        "PowerPoint 97-2003 presentation (.ppt), not a spreadsheet"
    } else {
        "OLE compound file without a workbook stream (not an Excel file)"
    };
    Err(OpenError::NotSpreadsheet(what.into()))
}

const MAX_REGULAR: u32 = 0xFFFF_FFFA;
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const FREE_SECTOR: u32 = 0xFFFF_FFFF;

/// A directory entry of an OLE2 file.
#[derive(Debug, Clone)]
pub(crate) struct OleEntry {
    pub(crate) name: String,
    start: u32,
    size: u64,
}

/// A validated OLE2 compound file: every chain it reads is checked for sectors past the
/// end of the file (truncation) and for loops (which make naive readers spin forever).
pub(crate) struct Ole<'a> {
    bytes: &'a [u8],
    sector_size: usize,
    mini_cutoff: u64,
    fat: Vec<u32>,
    minifat: Vec<u32>,
    ministream: Vec<u8>,
    entries: Vec<OleEntry>,
    /// Sectors the FAT describes: a link below this but past the end of the file means
    /// the file was cut off; a link beyond it is damage.
    declared_sectors: u64,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn cut_off(what: &str) -> OpenError {
    OpenError::Truncated(format!("the OLE container (xls) is cut off: {what}"))
}

fn damaged(what: &str) -> OpenError {
    OpenError::Corrupt(format!("the OLE container (xls) is damaged: {what}"))
}

impl<'a> Ole<'a> {
    pub(crate) fn parse(bytes: &'a [u8]) -> Result<Self, OpenError> {
        if bytes.len() < 512 {
            return Err(cut_off(&format!(
                "only {} bytes of its 512-byte header",
                bytes.len()
            )));
        }
        let sector_size = match u16_at(bytes, 30) {
            Some(9) => 512,
            Some(12) => 4096,
            other => {
                return Err(damaged(&format!(
                    "sector shift {} is neither 9 nor 12",
                    other.unwrap_or(0)
                )))
            }
        };
        let field = |at| u32_at(bytes, at).ok_or_else(|| damaged("header too short"));
        let dir_start = field(48)?;
        let mini_cutoff = u64::from(field(56)?);
        let minifat_start = field(60)?;
        let mut difat_next = field(68)?;
        let minifat_count = field(64)?;
        let mut ole = Ole {
            bytes,
            sector_size,
            mini_cutoff,
            fat: Vec::new(),
            minifat: Vec::new(),
            ministream: Vec::new(),
            entries: Vec::new(),
            declared_sectors: u64::from(field(44)?).saturating_mul(sector_size as u64 / 4),
        };
        // FAT sector ids: 109 in the header, the rest in a chain of DIFAT sectors.
        let mut fat_sectors: Vec<u32> = (0..109)
            .filter_map(|i| u32_at(bytes, 76 + i * 4))
            .filter(|&id| id < MAX_REGULAR)
            .collect();
        let mut seen_difat = 0u64;
        while difat_next < MAX_REGULAR {
            seen_difat += 1;
            if seen_difat > ole.sectors_in_file() {
                return Err(damaged("its DIFAT chain loops"));
            }
            let sector = ole.sector(difat_next)?;
            let per = sector_size / 4;
            fat_sectors.extend(
                (0..per - 1)
                    .filter_map(|i| u32_at(sector, i * 4))
                    .filter(|&id| id < MAX_REGULAR),
            );
            difat_next = u32_at(sector, (per - 1) * 4).unwrap_or(END_OF_CHAIN);
        }
        if fat_sectors.len() as u64 > ole.sectors_in_file() + 1 {
            return Err(damaged("it lists more FAT sectors than the file holds"));
        }
        ole.declared_sectors = ole
            .declared_sectors
            .max(fat_sectors.len() as u64 * (sector_size as u64 / 4));
        let mut fat = Vec::with_capacity(fat_sectors.len() * sector_size / 4);
        for id in fat_sectors {
            let sector = ole.sector(id)?;
            fat.extend((0..sector_size / 4).filter_map(|i| u32_at(sector, i * 4)));
        }
        ole.fat = fat;
        // Directory entries, 128 bytes each.
        let dir = ole.read_chain(dir_start, None, "directory")?;
        for raw in dir.chunks_exact(128) {
            let kind = raw.get(66).copied().unwrap_or(0);
            if kind == 0 {
                continue;
            }
            let name_len = usize::from(u16_at(raw, 64).unwrap_or(0)).min(64);
            let units: Vec<u16> = raw
                .get(..name_len.saturating_sub(2))
                .unwrap_or(&[])
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            let start = u32_at(raw, 116).unwrap_or(END_OF_CHAIN);
            let low = u64::from(u32_at(raw, 120).unwrap_or(0));
            let high = u64::from(u32_at(raw, 124).unwrap_or(0));
            // Version 3 files leave the high half undefined.
            let size = if sector_size == 512 {
                low
            } else {
                low | high << 32
            };
            ole.entries.push(OleEntry {
                name: String::from_utf16_lossy(&units),
                start,
                size,
            });
        }
        let Some(root) = ole.entries.first().cloned() else {
            return Err(damaged("its directory is empty"));
        };
        // The mini stream (root entry's chain) and the mini FAT hold the small streams.
        // Like calamine, only when the header says there is a mini FAT.
        if minifat_count > 0 && root.start < MAX_REGULAR && root.size > 0 {
            ole.ministream = ole.read_chain(root.start, Some(root.size), "mini stream")?;
        }
        if minifat_count > 0 && minifat_start < MAX_REGULAR {
            let limit = u64::from(minifat_count) * sector_size as u64;
            let raw = ole.read_chain(minifat_start, Some(limit), "mini FAT")?;
            ole.minifat = raw
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect();
        }
        Ok(ole)
    }

    /// Full sectors after the header.
    fn sectors_in_file(&self) -> u64 {
        (self.bytes.len().saturating_sub(self.sector_size) / self.sector_size) as u64
    }

    fn sector(&self, id: u32) -> Result<&'a [u8], OpenError> {
        let start = (id as usize)
            .checked_add(1)
            .and_then(|n| n.checked_mul(self.sector_size))
            .ok_or_else(|| damaged("a sector number overflows"))?;
        let end = start.saturating_add(self.sector_size);
        match self.bytes.get(start..end) {
            Some(s) => Ok(s),
            // The last sector may be short when a writer omits padding.
            None if start < self.bytes.len() => Ok(self.bytes.get(start..).unwrap_or(&[])),
            None if u64::from(id) >= self.declared_sectors => Err(damaged(&format!(
                "sector number {id} points far past the end of the {}-byte file",
                self.bytes.len()
            ))),
            None => Err(cut_off(&format!(
                "sector {id} lies past the end of the {}-byte file",
                self.bytes.len()
            ))),
        }
    }

    /// Follow a FAT chain, refusing loops and out-of-range links; stop at `limit` bytes.
    fn read_chain(&self, start: u32, limit: Option<u64>, what: &str) -> Result<Vec<u8>, OpenError> {
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0usize;
        let limit = limit.unwrap_or(u64::MAX);
        while id != END_OF_CHAIN && id != FREE_SECTOR && (out.len() as u64) < limit {
            steps += 1;
            if steps > self.fat.len() {
                return Err(damaged(&format!("the {what} chain loops")));
            }
            let sector = self.sector(id)?;
            let room = usize::try_from(limit - out.len() as u64).unwrap_or(usize::MAX);
            out.extend_from_slice(sector.get(..room.min(sector.len())).unwrap_or(sector));
            id = match self.fat.get(id as usize) {
                Some(&next) => next,
                None => return Err(damaged(&format!("the {what} chain leaves the FAT"))),
            };
        }
        Ok(out)
    }

    /// Follow a mini FAT chain inside the mini stream, with the same checks.
    fn read_mini_chain(&self, start: u32, limit: u64) -> Result<Vec<u8>, OpenError> {
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0usize;
        while id != END_OF_CHAIN && id != FREE_SECTOR && (out.len() as u64) < limit {
            steps += 1;
            if steps > self.minifat.len() {
                return Err(damaged("a mini stream chain loops"));
            }
            let at = (id as usize).saturating_mul(64);
            let Some(chunk) = self
                .ministream
                .get(at..at.saturating_add(64).min(self.ministream.len()))
            else {
                return Err(cut_off(
                    "a small stream lies past the end of the mini stream",
                ));
            };
            let room = usize::try_from(limit - out.len() as u64).unwrap_or(usize::MAX);
            out.extend_from_slice(chunk.get(..room.min(chunk.len())).unwrap_or(chunk));
            id = match self.minifat.get(id as usize) {
                Some(&next) => next,
                None => return Err(damaged("a mini stream chain leaves the mini FAT")),
            };
        }
        Ok(out)
    }

    pub(crate) fn entry(&self, name: &str) -> Option<&OleEntry> {
        self.entries
            .iter()
            .skip(1)
            .find(|e| e.name.eq_ignore_ascii_case(name))
    }

    /// The bytes of a stream (never more than the file holds).
    pub(crate) fn read_stream(&self, entry: &OleEntry) -> Result<Vec<u8>, OpenError> {
        if entry.size < self.mini_cutoff {
            self.read_mini_chain(entry.start, entry.size)
        } else {
            let data = self.read_chain(entry.start, Some(entry.size), &entry.name)?;
            if (data.len() as u64) < entry.size && data.len() + self.sector_size >= self.bytes.len()
            {
                return Err(cut_off(&format!(
                    "stream '{}' declares {} bytes but the file ends first",
                    entry.name, entry.size
                )));
            }
            Ok(data)
        }
    }
}

// ---------------------------------------------------------------------------------------
// everything that is not a container

/// Name what a non-container file is, as an error: old BIFF, HTML, CSV or something else.
fn sniff_other(bytes: &[u8]) -> OpenError {
    if let Some(version) = raw_biff_version(bytes) {
        return OpenError::Unsupported(format!(
            "old Excel {version} worksheet (raw BIFF, before Excel 97), which the reader \
             cannot open; open it in Excel or LibreOffice and save it as .xlsx"
        ));
    }
    for (magic, what) in [
        (&b"%PDF"[..], "PDF document"),
        (b"\x89PNG", "PNG image"),
        (b"\xFF\xD8\xFF", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"Rar!", "RAR archive"),
        (b"7z\xBC\xAF\x27\x1C", "7-Zip archive"),
        (b"\x1F\x8B", "gzip archive"),
        (b"{\\rtf", "RTF document"),
        (b"MZ", "Windows program"),
        (b"\x7FELF", "Linux program"),
    ] {
        if bytes.starts_with(magic) {
            return OpenError::NotSpreadsheet(what.into());
        }
    }
    let Some(text) = as_text(bytes) else {
        let head: Vec<String> = bytes.iter().take(8).map(|b| format!("{b:02X}")).collect();
        return OpenError::NotSpreadsheet(format!(
            "unrecognised binary data (starts with {})",
            head.join(" ")
        ));
    };
    let start = text.trim_start().to_ascii_lowercase();
    let looks_html = [
        "<!doctype html",
        "<html",
        "<table",
        "<head",
        "<body",
        "<meta",
    ]
    .iter()
    .any(|m| start.starts_with(m))
        || (start.starts_with('<') && (start.contains("<html") || start.contains("<table")));
    if looks_html {
        return OpenError::Html;
    }
    if start.starts_with("mime-version:") && start.contains("text/html") {
        return OpenError::Html;
    }
    if start.starts_with("<?xml") {
        if start.contains("urn:schemas-microsoft-com:office:spreadsheet") {
            return OpenError::Unsupported(
                "Excel 2003 XML spreadsheet, which the reader cannot open; save it as .xlsx".into(),
            );
        }
        return OpenError::NotSpreadsheet("XML document".into());
    }
    if looks_like_csv(&text) {
        return OpenError::Csv;
    }
    OpenError::NotSpreadsheet("plain text".into())
}

/// A raw BIFF2–BIFF5 stream starts with a BOF record (0x0009, 0x0209, 0x0409, 0x0809).
fn raw_biff_version(bytes: &[u8]) -> Option<&'static str> {
    let typ = u16_at(bytes, 0)?;
    let len = u16_at(bytes, 2)?;
    if !(4..=32).contains(&len) {
        return None;
    }
    match typ {
        0x0009 => Some("2.x (BIFF2)"),
        0x0209 => Some("3.0 (BIFF3)"),
        0x0409 => Some("4.0 (BIFF4)"),
        0x0809 => Some("5.0 (BIFF5)"),
        _ => None,
    }
}

/// The first 8 KB as text if it is text: UTF-8 (with or without BOM), UTF-16 with a BOM,
/// or a single-byte encoding without control characters.
fn as_text(bytes: &[u8]) -> Option<String> {
    let head = bytes.get(..bytes.len().min(8192)).unwrap_or(bytes);
    let utf16 = |le: bool| {
        let units: Vec<u16> = head
            .get(2..)
            .unwrap_or(&[])
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16_lossy(&units)
    };
    let text = if head.starts_with(b"\xFF\xFE") {
        utf16(true)
    } else if head.starts_with(b"\xFE\xFF") {
        utf16(false)
    } else {
        let body = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        String::from_utf8_lossy(body).into_owned()
    };
    let bad = text
        .chars()
        .filter(|c| {
            (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0C')) || *c == '\u{FFFD}'
        })
        .count();
    // A cut multi-byte character at the 8 KB edge is one replacement character, not binary.
    (bad <= 1 + text.chars().count() / 100).then_some(text)
}

/// Text whose first lines are cut by one separator (`;`, `,`, tab or `|`): nearly every
/// line holds it, and at least half the lines hold it the same number of times (a title
/// row such as `TITLE;;;;;` may have one fewer than the header and data rows).
fn looks_like_csv(text: &str) -> bool {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty())
        .take(20)
        .collect();
    // The last line of an 8 KB window may be cut.
    let lines = if lines.len() > 2 {
        lines.get(..lines.len() - 1).unwrap_or(&lines)
    } else {
        &lines[..]
    };
    if lines.is_empty() {
        return false;
    }
    [';', ',', '\t', '|'].iter().any(|&sep| {
        let counts: Vec<usize> = lines.iter().map(|l| l.matches(sep).count()).collect();
        let with_sep = counts.iter().filter(|&&n| n > 0).count();
        let mut tally: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
        for &n in counts.iter().filter(|&&n| n > 0) {
            *tally.entry(n).or_insert(0) += 1;
        }
        let (mode, mode_lines) = tally
            .into_iter()
            .max_by_key(|&(n, k)| (k, n))
            .unwrap_or((0, 0));
        if lines.len() == 1 {
            return mode >= 2;
        }
        with_sep * 10 >= lines.len() * 8 && mode_lines * 2 >= lines.len() && mode_lines >= 2
    })
}

/// Whether a non-empty `needle` occurs in `hay`.
pub(crate) fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && memchr::memmem::find(hay, needle).is_some()
}

fn contains_ignore_case(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty()
        && hay
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn xlsx_bytes() -> Vec<u8> {
        let mut wb = rust_xlsxwriter::Workbook::new();
        wb.add_worksheet().write_string(0, 0, "Capaian").unwrap();
        wb.save_to_buffer().unwrap()
    }

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, data) in entries {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    fn err(bytes: &[u8]) -> OpenError {
        match sniff(bytes) {
            Err(e) => e,
            Ok(s) => panic!("expected an error, got {s:?}"),
        }
    }

    #[test]
    fn empty_file() {
        assert_eq!(err(b""), OpenError::Empty);
    }

    #[test]
    fn html_in_its_usual_disguises() {
        for page in [
            &b"<!DOCTYPE html><html><body><table><tr><td>1</td></tr></table>"[..],
            b"\xEF\xBB\xBF\r\n  <html xmlns:x=\"urn:schemas-microsoft-com:office:excel\">",
            b"<table border=1><tr><td>Target</td></tr></table>",
            b"\n\n<HTML><HEAD><META charset=utf-8>",
            b"\xFF\xFE<\x00h\x00t\x00m\x00l\x00>\x00",
        ] {
            assert_eq!(
                err(page),
                OpenError::Html,
                "{:?}",
                String::from_utf8_lossy(page)
            );
        }
    }

    #[test]
    fn csv_with_semicolons_commas_or_tabs() {
        let semi = "PENGUKURAN KINERJA;;;;\r\nNo;Indikator;Target;Realisasi;Capaian\r\n\
                    1;IKM;86,00;76,36;88,79%\r\n2;SAKIP;BB;BB;N/A\r\n";
        assert_eq!(err(semi.as_bytes()), OpenError::Csv);
        assert_eq!(err(b"a,b,c\n1,2,3\n4,5,6\n"), OpenError::Csv);
        assert_eq!(err(b"No\tTarget\n1\t85\n"), OpenError::Csv);
    }

    #[test]
    fn prose_is_plain_text() {
        let prose = "Laporan ini disusun sebagai bentuk pertanggungjawaban.\n\
                     Capaian kinerja, secara umum, baik.\nTerima kasih.\n";
        assert_eq!(
            err(prose.as_bytes()),
            OpenError::NotSpreadsheet("plain text".into())
        );
    }

    #[test]
    fn known_non_spreadsheets_are_named() {
        assert_eq!(
            err(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj"),
            OpenError::NotSpreadsheet("PDF document".into())
        );
        assert_eq!(
            err(b"\x89PNG\r\n\x1A\n\0\0\0\rIHDR"),
            OpenError::NotSpreadsheet("PNG image".into())
        );
        assert_eq!(
            err(&[0x3F, 0x00, 0x9C, 0xFE, 0x01, 0x02, 0x80, 0x00, 0x11]),
            OpenError::NotSpreadsheet(
                "unrecognised binary data (starts with 3F 00 9C FE 01 02 80 00)".into()
            )
        );
    }

    #[test]
    fn zips_are_named_by_their_entries() {
        assert!(matches!(
            sniff(&xlsx_bytes()),
            Ok(Sniffed::Zip(Format::Xlsx, _))
        ));
        let ods = zip_of(&[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
            ("content.xml", b"<office:document-content/>"),
        ]);
        assert!(matches!(sniff(&ods), Ok(Sniffed::Zip(Format::Ods, _))));
        let xlsb = zip_of(&[("xl/workbook.bin", b"\0")]);
        assert!(matches!(sniff(&xlsb), Ok(Sniffed::Zip(Format::Xlsb, _))));
        let xlsm = zip_of(&[
            (
                "[Content_Types].xml",
                b"<Override ContentType=\"application/vnd.ms-excel.sheet.macroEnabled.main+xml\"/>",
            ),
            ("xl/workbook.xml", b"<workbook/>"),
        ]);
        assert!(matches!(sniff(&xlsm), Ok(Sniffed::Zip(Format::Xlsm, _))));
        let backslashes = zip_of(&[("xl\\workbook.xml", b"<workbook/>")]);
        assert!(matches!(
            sniff(&backslashes),
            Ok(Sniffed::Zip(Format::Xlsx, _))
        ));
        let odt = zip_of(&[("mimetype", b"application/vnd.oasis.opendocument.text")]);
        assert_eq!(
            err(&odt),
            OpenError::NotSpreadsheet("OpenDocument text file, not a spreadsheet".into())
        );
        let docx = zip_of(&[("word/document.xml", b"<w:document/>")]);
        assert_eq!(
            err(&docx),
            OpenError::NotSpreadsheet("Word document (.docx), not a spreadsheet".into())
        );
        let other = zip_of(&[("foto.jpg", b"\xFF\xD8\xFF")]);
        assert_eq!(
            err(&other),
            OpenError::NotSpreadsheet("zip archive without a workbook".into())
        );
    }

    #[test]
    fn a_cut_zip_is_truncated() {
        let full = xlsx_bytes();
        let cut = &full[..full.len() / 2];
        assert_eq!(
            err(cut),
            OpenError::Truncated(
                "the zip container is cut off: its end-of-central-directory record is missing"
                    .into()
            )
        );
        // Even a bare local-file header with nothing after it.
        assert!(matches!(err(b"PK\x03\x04\x14\0"), OpenError::Truncated(_)));
    }

    #[test]
    fn a_cut_ole_is_truncated() {
        assert_eq!(
            err(&OLE_MAGIC[..5]),
            OpenError::Truncated("the OLE container (xls) is cut off inside its header".into())
        );
        let mut short = OLE_MAGIC.to_vec();
        short.resize(300, 0);
        assert_eq!(
            err(&short),
            OpenError::Truncated(
                "the OLE container (xls) is cut off: only 300 bytes of its 512-byte header".into()
            )
        );
    }

    /// A minimal OLE2 file (512-byte sectors): header, one FAT sector, one directory
    /// sector, and one 4096-byte stream of `data_sectors` sectors named `stream`.
    fn ole_with_stream(stream: &str, payload: &[u8]) -> Vec<u8> {
        let data_sectors = payload.len().div_ceil(512).max(8) as u32;
        let mut h = vec![0u8; 512];
        h[..8].copy_from_slice(&OLE_MAGIC);
        h[24..26].copy_from_slice(&0x3Eu16.to_le_bytes());
        h[26..28].copy_from_slice(&3u16.to_le_bytes());
        h[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
        h[30..32].copy_from_slice(&9u16.to_le_bytes());
        h[32..34].copy_from_slice(&6u16.to_le_bytes());
        h[44..48].copy_from_slice(&1u32.to_le_bytes()); // one FAT sector
        h[48..52].copy_from_slice(&1u32.to_le_bytes()); // directory at sector 1
        h[56..60].copy_from_slice(&4096u32.to_le_bytes());
        h[60..64].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
        h[68..72].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
        for i in 0..109 {
            h[76 + i * 4..80 + i * 4].copy_from_slice(&FREE_SECTOR.to_le_bytes());
        }
        h[76..80].copy_from_slice(&0u32.to_le_bytes()); // FAT in sector 0
                                                        // FAT: 0 = FAT sector, 1 = directory (end), 2.. = the stream chain.
        let mut fat = vec![FREE_SECTOR; 128];
        fat[0] = 0xFFFF_FFFD;
        fat[1] = END_OF_CHAIN;
        for i in 0..data_sectors {
            fat[(2 + i) as usize] = if i + 1 == data_sectors {
                END_OF_CHAIN
            } else {
                3 + i
            };
        }
        let mut out = h;
        out.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
        let mut dir = vec![0u8; 512];
        let mut entry = |slot: usize, name: &str, kind: u8, start: u32, size: u32| {
            let e = &mut dir[slot * 128..slot * 128 + 128];
            let units: Vec<u8> = name.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
            e[..units.len()].copy_from_slice(&units);
            e[64..66].copy_from_slice(&((units.len() + 2) as u16).to_le_bytes());
            e[66] = kind;
            e[116..120].copy_from_slice(&start.to_le_bytes());
            e[120..124].copy_from_slice(&size.to_le_bytes());
        };
        entry(0, "Root Entry", 5, END_OF_CHAIN, 0);
        entry(1, stream, 2, 2, data_sectors * 512);
        out.extend(dir);
        let mut data = payload.to_vec();
        data.resize(data_sectors as usize * 512, 0);
        out.extend(data);
        out
    }

    #[test]
    fn ole_streams_decide_xls_encrypted_or_other() {
        let xls = ole_with_stream("Workbook", b"\x09\x08\x10\x00");
        match sniff(&xls) {
            Ok(Sniffed::Xls(stream)) => assert_eq!(&stream[..4], b"\x09\x08\x10\x00"),
            other => panic!("expected xls, got {other:?}"),
        }
        let encrypted = ole_with_stream("EncryptedPackage", b"");
        assert_eq!(err(&encrypted), OpenError::Encrypted);
        let doc = ole_with_stream("WordDocument", b"");
        assert_eq!(
            err(&doc),
            OpenError::NotSpreadsheet("Word 97-2003 document (.doc), not a spreadsheet".into())
        );
    }

    #[test]
    fn ole_chains_that_loop_or_run_off_the_file_are_caught() {
        // The directory chain points back at itself: calamine follows it with no length
        // bound and would spin forever, growing memory.
        let mut looping = ole_with_stream("Workbook", b"");
        let fat_at = 512 + 4; // FAT entry of the directory sector (1)
        looping[fat_at..fat_at + 4].copy_from_slice(&1u32.to_le_bytes());
        assert_eq!(
            err(&looping),
            OpenError::Corrupt(
                "the OLE container (xls) is damaged: the directory chain loops".into()
            )
        );
        // The file is cut in the middle of the stream.
        let full = ole_with_stream("Workbook", b"");
        let cut = &full[..512 * 6];
        assert!(
            matches!(err(cut), OpenError::Truncated(ref m) if m.contains("cut off")),
            "{:?}",
            err(cut)
        );
    }

    #[test]
    fn raw_biff_and_excel_2003_xml_are_unsupported_spreadsheets() {
        let biff4 = [0x09, 0x04, 0x06, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00];
        assert!(matches!(err(&biff4), OpenError::Unsupported(ref m) if m.contains("4.0 (BIFF4)")));
        let xml = b"<?xml version=\"1.0\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">";
        assert!(matches!(err(xml), OpenError::Unsupported(ref m) if m.contains("2003 XML")));
    }
}
