//! Pre-checks of declared sizes, run before calamine sees a file. calamine trusts what a
//! file declares: an xls DIMENSIONS record makes it reserve rows × columns cells up front
//! (a crafted one asks for gigabytes and the allocation failure aborts the process, which
//! `catch_unwind` cannot stop), an ods row repeated a million times is expanded cell by
//! cell, and a zip entry may unpack to gigabytes. Each check here reads only headers,
//! records and tags, in time linear in the file and memory bounded by a few kilobytes
//! (plus the xls workbook stream, which is never larger than the file).
//!
//! A check must never reject a file on a guess: it refuses only what would make calamine
//! allocate past `Limits`, and says which sheet declares how much.

use super::open::{Limits, OpenError};
use super::sniff::Zip;
use super::Format;
use std::collections::HashMap;
use std::io::{BufRead, BufReader};

/// Decompression ratio above which a large zip entry counts as a bomb.
const BOMB_RATIO: u64 = 200;
/// Entries smaller than this are never called bombs, whatever their ratio.
const BOMB_FLOOR: u64 = 50 * 1024 * 1024;

fn mib(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.0} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// Zip containers: total unpacked size, per-entry ratio, and for ods the cells the sheets
/// declare through row and column repeats.
pub(crate) fn check_zip(
    zip: &mut Zip<'_>,
    format: Format,
    limits: &Limits,
) -> Result<(), OpenError> {
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index_raw(i) else {
            continue;
        };
        let (size, packed) = (entry.size(), entry.compressed_size());
        total = total.saturating_add(size);
        if size > BOMB_FLOOR && size / packed.max(1) > BOMB_RATIO {
            return Err(OpenError::TooLarge(format!(
                "zip entry '{}' unpacks {} into {} (ratio {}:1), a decompression bomb",
                entry.name().map(|n| n.into_owned()).unwrap_or_default(),
                mib(packed),
                mib(size),
                size / packed.max(1)
            )));
        }
    }
    if total > limits.max_unzipped_bytes {
        return Err(OpenError::TooLarge(format!(
            "the zip container unpacks to {}; limit is {}",
            mib(total),
            mib(limits.max_unzipped_bytes)
        )));
    }
    if format == Format::Ods {
        if let Ok(content) = zip.by_name("content.xml") {
            // The zip reader stops at the declared size, which was checked above.
            check_ods_content(BufReader::new(content), limits)?;
        }
    }
    Ok(())
}

/// One sheet's extent as calamine's ods reader would lay it out.
#[derive(Default)]
struct OdsTable {
    name: String,
    rows_seen: u64,
    first_row: Option<u64>,
    last_row_end: u64,
    min_col: u64,
    max_col_end: u64,
    /// Cells calamine stores before expanding row repeats.
    stored: u64,
}

/// Scan content.xml tag by tag (attributes only, no text) and refuse a sheet whose
/// filled area, with row and column repeats expanded, exceeds `max_cells`.
fn check_ods_content(mut xml: impl BufRead, limits: &Limits) -> Result<(), OpenError> {
    // calamine's own caps on an ods sheet.
    const MAX_ROWS: u64 = 1_048_576;
    const MAX_COLS: u64 = 16_384;
    let mut table = OdsTable {
        min_col: u64::MAX,
        ..OdsTable::default()
    };
    let mut row_repeat = 1u64;
    let mut col = 0u64;
    let mut row_first: Option<u64> = None;
    let mut row_end = 0u64;
    // An open (not self-closing) cell: its repeat count and whether it holds a value.
    let mut open_cell: Option<(u64, bool)> = None;

    let finish_cell = |repeat: u64,
                       filled: bool,
                       col: &mut u64,
                       row_first: &mut Option<u64>,
                       row_end: &mut u64| {
        let repeat = repeat.min(MAX_COLS.saturating_sub(*col));
        if filled {
            row_first.get_or_insert(*col);
            *row_end = *col + repeat;
        }
        *col += repeat;
    };

    let mut tags = TagReader::default();
    while let Some(tag) = tags.next(&mut xml) {
        let Tag {
            name,
            closing,
            self_closing,
            attrs,
        } = tag;
        match (name.as_str(), closing) {
            ("table:table", false) => {
                table = OdsTable {
                    name: attr(&attrs, "table:name").unwrap_or_default(),
                    min_col: u64::MAX,
                    ..OdsTable::default()
                };
            }
            ("table:table", true) => {
                let height = table
                    .first_row
                    .map(|f| table.last_row_end.saturating_sub(f))
                    .unwrap_or(0);
                let width = table
                    .max_col_end
                    .saturating_sub(table.min_col.min(table.max_col_end));
                let cells = height.saturating_mul(width);
                if cells > limits.max_cells || table.stored > limits.max_cells {
                    return Err(OpenError::TooLarge(format!(
                        "sheet '{}' declares {}×{} cells; limit is {}",
                        table.name, width, height, limits.max_cells
                    )));
                }
            }
            ("table:table-row", false) => {
                row_repeat = attr(&attrs, "table:number-rows-repeated")
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .unwrap_or(1)
                    .max(1)
                    .min(MAX_ROWS.saturating_sub(table.rows_seen));
                col = 0;
                row_first = None;
                row_end = 0;
                if self_closing {
                    table.rows_seen = table.rows_seen.saturating_add(row_repeat);
                }
            }
            ("table:table-row", true) => {
                if let Some(first) = row_first {
                    table.first_row.get_or_insert(table.rows_seen);
                    table.last_row_end = table.rows_seen.saturating_add(row_repeat);
                    table.min_col = table.min_col.min(first);
                    table.max_col_end = table.max_col_end.max(row_end);
                    table.stored = table.stored.saturating_add(row_end);
                }
                table.rows_seen = table.rows_seen.saturating_add(row_repeat);
            }
            ("table:table-cell" | "table:covered-table-cell", false) => {
                let repeat = attr(&attrs, "table:number-columns-repeated")
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .unwrap_or(1)
                    .max(1);
                let filled = attrs.contains("office:value-type");
                if self_closing {
                    finish_cell(repeat, filled, &mut col, &mut row_first, &mut row_end);
                } else {
                    open_cell = Some((repeat, filled));
                }
            }
            ("table:table-cell" | "table:covered-table-cell", true) => {
                if let Some((repeat, filled)) = open_cell.take() {
                    finish_cell(repeat, filled, &mut col, &mut row_first, &mut row_end);
                }
            }
            (_, false) => {
                // Text inside a cell (text:p and friends) makes it non-empty.
                if let Some((_, filled)) = open_cell.as_mut() {
                    if name.starts_with("text:") {
                        *filled = true;
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The value of `name="value"` (or single quotes) in a tag's attribute text. The text
/// is read pair by pair, so a name inside another attribute's value (`a="ref='B2'"`)
/// is never taken for an attribute; malformed text ends the search.
pub(super) fn attr(attrs: &str, name: &str) -> Option<String> {
    let mut rest = attrs;
    loop {
        let eq = rest.find('=')?;
        let key = rest.get(..eq)?.trim();
        let value = rest.get(eq + 1..)?.trim_start();
        let quote = value.chars().next().filter(|q| *q == '"' || *q == '\'')?;
        let body = value.get(1..)?;
        let end = body.find(quote)?;
        if key == name {
            return Some(body.get(..end)?.to_string());
        }
        rest = body.get(end + 1..)?;
    }
}

pub(super) struct Tag {
    pub(super) name: String,
    pub(super) closing: bool,
    pub(super) self_closing: bool,
    /// Attribute text, at most `TagReader::MAX_ATTRS` bytes of it.
    pub(super) attrs: String,
}

/// A minimal streaming XML tag reader: yields start, end and empty-element tags with
/// their attribute text; skips text, comments, CDATA and processing instructions.
/// Memory is bounded by `MAX_ATTRS` whatever the input.
#[derive(Default)]
pub(super) struct TagReader {
    buf: Vec<u8>,
}

impl TagReader {
    const MAX_ATTRS: usize = 4096;

    pub(super) fn next(&mut self, r: &mut impl BufRead) -> Option<Tag> {
        loop {
            // Skip to the next '<'.
            self.buf.clear();
            r.read_until(b'<', &mut self.buf).ok()?;
            if self.buf.last() != Some(&b'<') {
                return None;
            }
            // Read the tag body up to an unquoted '>', keeping at most MAX_ATTRS bytes.
            self.buf.clear();
            let mut quote: Option<u8> = None;
            let mut last_non_space = 0u8;
            let mut byte = [0u8; 1];
            loop {
                if r.read(&mut byte).ok()? == 0 {
                    return None;
                }
                let b = byte[0];
                match quote {
                    Some(q) if b == q => quote = None,
                    Some(_) => {}
                    None if b == b'"' || b == b'\'' => quote = Some(b),
                    None if b == b'>' => break,
                    None => {}
                }
                if !b.is_ascii_whitespace() {
                    last_non_space = b;
                }
                if self.buf.len() < Self::MAX_ATTRS {
                    self.buf.push(b);
                }
                // Comments and CDATA may hold '>' and quotes: skip them whole.
                if self.buf.starts_with(b"!--") && self.buf.len() == 3 {
                    skip_past(r, b"-->")?;
                    break;
                }
                if self.buf.starts_with(b"![CDATA[") && self.buf.len() == 8 {
                    skip_past(r, b"]]>")?;
                    break;
                }
            }
            let first = *self.buf.first()?;
            if first == b'!' || first == b'?' {
                continue;
            }
            let text = String::from_utf8_lossy(&self.buf);
            let closing = first == b'/';
            let body = if closing { text.get(1..)? } else { &text };
            let name_end = body
                .find(|c: char| c.is_whitespace() || c == '/')
                .unwrap_or(body.len());
            return Some(Tag {
                name: body.get(..name_end)?.to_string(),
                closing,
                self_closing: last_non_space == b'/',
                attrs: body.get(name_end..)?.to_string(),
            });
        }
    }
}

/// Read until just past `end` (which ends with '>').
fn skip_past(r: &mut impl BufRead, end: &[u8]) -> Option<()> {
    let mut tail: Vec<u8> = Vec::with_capacity(end.len());
    let mut chunk = Vec::new();
    loop {
        chunk.clear();
        r.read_until(b'>', &mut chunk).ok()?;
        if chunk.is_empty() {
            return None;
        }
        tail.extend_from_slice(&chunk);
        if tail.ends_with(end) {
            return Some(());
        }
        let keep = tail.len().saturating_sub(end.len());
        tail.drain(..keep);
    }
}

// ---------------------------------------------------------------------------------------
// xls (BIFF5/BIFF8 workbook stream)

/// Per-sheet facts gathered from the cell records.
struct BiffSheet {
    name: String,
    declared: Option<(u64, u64)>,
    min: (u32, u32),
    max: (u32, u32),
    any: bool,
}

/// Walk the workbook stream's records: refuse a password-protected workbook (FILEPASS),
/// a sheet whose DIMENSIONS record declares more than `max_cells`, and a sheet whose cell
/// records spread over more than `max_cells` (calamine lays each sheet out densely over
/// the bounding box of its cells).
pub(crate) fn check_xls(stream: &[u8], limits: &Limits) -> Result<(), OpenError> {
    let mut names: HashMap<usize, String> = HashMap::new();
    let mut pos = 0usize;
    let mut biff8 = true;
    let mut depth = 0usize;
    let mut sheet: Option<BiffSheet> = None;
    let mut sheet_count = 0usize;
    while let (Some(typ), Some(len)) = (u16_at(stream, pos), u16_at(stream, pos + 2)) {
        let start = pos + 4;
        let Some(data) = stream.get(start..start + usize::from(len)) else {
            break;
        };
        let here = pos;
        pos = start + usize::from(len);
        match typ {
            // BOF: a substream starts (globals, a sheet, or a chart nested in a sheet).
            0x0809 => {
                if depth == 0 {
                    if here == 0 {
                        biff8 = u16_at(data, 0) == Some(0x0600);
                    } else {
                        sheet_count += 1;
                        let name = names
                            .get(&here)
                            .cloned()
                            .unwrap_or_else(|| format!("#{sheet_count}"));
                        sheet = Some(BiffSheet {
                            name,
                            declared: None,
                            min: (u32::MAX, u32::MAX),
                            max: (0, 0),
                            any: false,
                        });
                    }
                }
                depth += 1;
            }
            // EOF: a substream ends.
            0x000A => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    if let Some(s) = sheet.take() {
                        check_biff_sheet(&s, limits)?;
                    }
                }
            }
            // FILEPASS: the workbook is encrypted.
            0x002F => return Err(OpenError::Encrypted),
            // BOUNDSHEET: a sheet's name and where its substream starts.
            0x0085 => {
                if let Some(offset) = u32_at(data, 0) {
                    names.insert(offset as usize, boundsheet_name(data, biff8));
                }
            }
            _ if depth == 1 => {
                if let Some(s) = sheet.as_mut() {
                    biff_cell_record(s, typ, data);
                }
            }
            _ => {}
        }
    }
    if let Some(s) = sheet.take() {
        check_biff_sheet(&s, limits)?;
    }
    Ok(())
}

fn biff_cell_record(s: &mut BiffSheet, typ: u16, data: &[u8]) {
    let mut mark = |row: u16, col: u16| {
        let (r, c) = (u32::from(row), u32::from(col));
        s.min = (s.min.0.min(r), s.min.1.min(c));
        s.max = (s.max.0.max(r), s.max.1.max(c));
        s.any = true;
    };
    match typ {
        // DIMENSIONS, read as calamine reads it (first/last+1 rows and columns).
        0x0200 => {
            let dims = match data.len() {
                10 => (|| {
                    Some((
                        u32::from(u16_at(data, 0)?),
                        u32::from(u16_at(data, 2)?),
                        u32::from(u16_at(data, 4)?),
                        u32::from(u16_at(data, 6)?),
                    ))
                })(),
                14 | 16 => (|| {
                    Some((
                        u32_at(data, 0)?,
                        u32_at(data, 4)?,
                        u32::from(u16_at(data, 8)?),
                        u32::from(u16_at(data, 10)?),
                    ))
                })(),
                _ => None,
            };
            if let Some((rf, rl, mut cf, cl)) = dims {
                if cf > 0xFF || cl < cf {
                    cf = 0;
                }
                // calamine computes (last - first + 1) in u32; a last row before the first
                // wraps around to billions, so mirror the wrapping to see what it reserves.
                if rl >= 1 && cl >= 1 {
                    let rows = (rl - 1).wrapping_sub(rf).wrapping_add(1);
                    let cols = (cl - 1).wrapping_sub(cf).wrapping_add(1);
                    s.declared = Some((u64::from(cols), u64::from(rows)));
                }
            }
        }
        // Number, Label, RString, BoolErr, Rk, LabelSst, Formula: row, column first.
        0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
            if let (Some(r), Some(c)) = (u16_at(data, 0), u16_at(data, 2)) {
                mark(r, c);
            }
        }
        // MulRk: row, first column, ..., last column.
        0x00BD => {
            if let (Some(r), Some(c0), Some(c1)) = (
                u16_at(data, 0),
                u16_at(data, 2),
                data.len().checked_sub(2).and_then(|at| u16_at(data, at)),
            ) {
                mark(r, c0);
                mark(r, c1.max(c0));
            }
        }
        _ => {}
    }
}

fn check_biff_sheet(s: &BiffSheet, limits: &Limits) -> Result<(), OpenError> {
    if let Some((cols, rows)) = s.declared {
        if cols.saturating_mul(rows) > limits.max_cells {
            return Err(OpenError::TooLarge(format!(
                "sheet '{}' declares {}×{} cells; limit is {}",
                s.name, cols, rows, limits.max_cells
            )));
        }
    }
    if s.any {
        let cols = u64::from(s.max.1 - s.min.1) + 1;
        let rows = u64::from(s.max.0 - s.min.0) + 1;
        if cols.saturating_mul(rows) > limits.max_cells {
            return Err(OpenError::TooLarge(format!(
                "sheet '{}' has cells spread over {}×{} cells; limit is {}",
                s.name, cols, rows, limits.max_cells
            )));
        }
    }
    Ok(())
}

/// The sheet name in a BOUNDSHEET record (BIFF8: flagged UTF-16 or Latin-1; BIFF5: bytes).
fn boundsheet_name(data: &[u8], biff8: bool) -> String {
    let cch = usize::from(data.get(6).copied().unwrap_or(0));
    if biff8 {
        let high = data.get(7).copied().unwrap_or(0) & 1 == 1;
        if high {
            let units: Vec<u16> = data
                .get(8..)
                .unwrap_or(&[])
                .chunks_exact(2)
                .take(cch)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            return String::from_utf16_lossy(&units);
        }
        let bytes = data.get(8..).unwrap_or(&[]);
        return bytes.iter().take(cch).map(|&b| char::from(b)).collect();
    }
    let bytes = data.get(7..).unwrap_or(&[]);
    bytes.iter().take(cch).map(|&b| char::from(b)).collect()
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(
        b.get(at..at.checked_add(2)?)?.try_into().ok()?,
    ))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        b.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::{Cursor, Write};

    fn check_zip_bytes(bytes: &[u8], limits: &Limits) -> Result<(), OpenError> {
        check_zip(
            &mut super::super::sniff::open_zip(bytes)?,
            Format::Ods,
            limits,
        )
    }

    /// An ods container holding only its mimetype and this content.xml.
    pub(crate) fn ods_with(content: &str) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        w.start_file("mimetype", opts).unwrap();
        w.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
            .unwrap();
        w.start_file("content.xml", opts).unwrap();
        w.write_all(content.as_bytes()).unwrap();
        w.finish().unwrap().into_inner()
    }

    fn table(rows: &str) -> String {
        format!(
            "<?xml version=\"1.0\"?><office:document-content><office:body>\
             <office:spreadsheet><table:table table:name=\"Realisasi\">{rows}\
             </table:table></office:spreadsheet></office:body></office:document-content>"
        )
    }

    const CELL: &str = "<table:table-cell office:value-type=\"float\" office:value=\"1\">\
                        <text:p>1</text:p></table:table-cell>";

    #[test]
    fn ods_repeats_of_filled_cells_count_but_blank_repeats_do_not() {
        let limits = Limits::default();
        // LibreOffice pads every sheet with a million blank repeated rows: harmless.
        let padded = table(&format!(
            "<table:table-row>{CELL}<table:table-cell table:number-columns-repeated=\"16383\"/>\
             </table:table-row><table:table-row table:number-rows-repeated=\"1048575\">\
             <table:table-cell table:number-columns-repeated=\"16384\"/></table:table-row>"
        ));
        assert_eq!(check_zip_bytes(&ods_with(&padded), &limits), Ok(()));
        // A filled cell repeated across every column of a million rows is not.
        let bomb = table(
            "<table:table-row table:number-rows-repeated=\"1048576\">\
             <table:table-cell table:number-columns-repeated=\"16384\" \
             office:value-type=\"float\" office:value=\"1\"/></table:table-row>",
        );
        assert_eq!(
            check_zip_bytes(&ods_with(&bomb), &limits),
            Err(OpenError::TooLarge(
                "sheet 'Realisasi' declares 16384×1048576 cells; limit is 5000000".into()
            ))
        );
    }

    #[test]
    fn ods_text_cells_count_as_filled_and_quoted_gt_does_not_end_a_tag() {
        let limits = Limits {
            max_cells: 10,
            ..Limits::default()
        };
        let rows = format!(
            "<!-- a comment with > and \" --><table:table-row table:number-rows-repeated=\"3\">\
             <table:table-cell table:formula=\"of:=[.A1]>0\" table:number-columns-repeated=\"4\">\
             <text:p>Baik</text:p></table:table-cell></table:table-row>{CELL}"
        );
        assert_eq!(
            check_zip_bytes(&ods_with(&table(&rows)), &limits),
            Err(OpenError::TooLarge(
                "sheet 'Realisasi' declares 4×3 cells; limit is 10".into()
            ))
        );
    }

    #[test]
    fn zip_total_size_is_limited() {
        let content = table(CELL);
        let limits = Limits {
            max_unzipped_bytes: 100,
            ..Limits::default()
        };
        let total = 46 + content.len() as u64;
        assert_eq!(
            check_zip_bytes(&ods_with(&content), &limits),
            Err(OpenError::TooLarge(format!(
                "the zip container unpacks to {}; limit is 1 KB",
                mib(total)
            )))
        );
    }

    /// A workbook stream: globals with one BOUNDSHEET, then one sheet substream.
    fn biff(sheet_records: &[(u16, Vec<u8>)]) -> Vec<u8> {
        let rec = |typ: u16, data: &[u8]| {
            let mut v = typ.to_le_bytes().to_vec();
            v.extend((data.len() as u16).to_le_bytes());
            v.extend_from_slice(data);
            v
        };
        let bof = rec(0x0809, &[0x00, 0x06, 0x05, 0x00, 0, 0, 0, 0]);
        let name = b"Tabel 3.1";
        let mut bs = vec![0u8; 6];
        bs.push(name.len() as u8);
        bs.push(0);
        bs.extend_from_slice(name);
        let globals_len = bof.len() + 4 + bs.len() + 4;
        bs[..4].copy_from_slice(&(globals_len as u32).to_le_bytes());
        let mut out = bof.clone();
        out.extend(rec(0x0085, &bs));
        out.extend(rec(0x000A, &[]));
        out.extend(rec(0x0809, &[0x00, 0x06, 0x10, 0x00, 0, 0, 0, 0]));
        for (typ, data) in sheet_records {
            out.extend(rec(*typ, data));
        }
        out.extend(rec(0x000A, &[]));
        out
    }

    fn dimensions(rf: u32, rl: u32, cf: u16, cl: u16) -> (u16, Vec<u8>) {
        let mut d = rf.to_le_bytes().to_vec();
        d.extend(rl.to_le_bytes());
        d.extend(cf.to_le_bytes());
        d.extend(cl.to_le_bytes());
        d.extend([0, 0]);
        (0x0200, d)
    }

    fn number(row: u16, col: u16) -> (u16, Vec<u8>) {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend([0u8; 10]);
        (0x0203, d)
    }

    #[test]
    fn xls_sane_sheet_passes() {
        let s = biff(&[dimensions(0, 38, 0, 6), number(0, 0), number(37, 5)]);
        assert_eq!(check_xls(&s, &Limits::default()), Ok(()));
    }

    #[test]
    fn xls_huge_or_wrapping_dimensions_are_refused_before_calamine_reserves_them() {
        let huge = biff(&[dimensions(0, 1_048_576, 0, 256)]);
        assert_eq!(
            check_xls(&huge, &Limits::default()),
            Err(OpenError::TooLarge(
                "sheet 'Tabel 3.1' declares 256×1048576 cells; limit is 5000000".into()
            ))
        );
        // A last row before the first wraps around in calamine's u32 arithmetic.
        let wrapping = biff(&[dimensions(10, 5, 0, 4)]);
        assert_eq!(
            check_xls(&wrapping, &Limits::default()),
            Err(OpenError::TooLarge(
                "sheet 'Tabel 3.1' declares 4×4294967291 cells; limit is 5000000".into()
            ))
        );
    }

    #[test]
    fn xls_cells_spread_over_a_huge_box_are_refused() {
        let spread = biff(&[number(0, 0), number(65_535, 255)]);
        assert_eq!(
            check_xls(&spread, &Limits::default()),
            Err(OpenError::TooLarge(
                "sheet 'Tabel 3.1' has cells spread over 256×65536 cells; limit is 5000000".into()
            ))
        );
    }

    #[test]
    fn xls_filepass_means_encrypted() {
        let mut s = biff(&[]);
        // Insert FILEPASS right after the globals BOF (12 bytes).
        let filepass = [0x2F, 0x00, 0x02, 0x00, 0x01, 0x00];
        s.splice(12..12, filepass);
        assert_eq!(check_xls(&s, &Limits::default()), Err(OpenError::Encrypted));
    }

    #[test]
    fn attribute_lookup_needs_a_whole_name() {
        let attrs = " xtable:name=\"no\" table:name='Sheet 1'";
        assert_eq!(attr(attrs, "table:name"), Some("Sheet 1".into()));
        assert_eq!(attr(" a=\"1\"", "table:name"), None);
        // A name inside another attribute's value is not an attribute.
        let tricky = r#" x="ref='B2' r=&quot;" r = 'C3' s="1""#;
        assert_eq!(attr(tricky, "ref"), None);
        assert_eq!(attr(tricky, "r"), Some("C3".into()));
        assert_eq!(attr(tricky, "s"), Some("1".into()));
        assert_eq!(attr(r#" r="A1"#, "r"), None); // cut off: no closing quote
    }
}
