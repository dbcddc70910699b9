//! Which rows of each sheet are hidden. calamine does not report row attributes, so the
//! sheet XML is read here with the bounded tag reader of `limits` (the zip has already
//! passed `check_zip`, so its parts are of sane size): xlsx `<row r="25" hidden="1">`,
//! ods `<table:table-row table:visibility="collapse">` (with its repeat count). A hidden
//! row is one the clerk cannot see, so its figures are not data (see `pipeline`).
//! xls and xlsb keep the flag in binary records this reader does not parse: their rows
//! all count as visible. The same look at each xlsx sheet part also tells which sheets
//! hold formulas and the sheet's merged ranges (see `ZipFacts`); it reads the container
//! `sniff` opened, so the package is opened once before calamine reads the cells.

use super::formula::parse_a1;
use super::limits::{attr, TagReader};
use super::sniff::{contains, Zip};
use super::{Format, Merge};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::{BufReader, Cursor, Read};

/// Hidden rows (0-based) per sheet name; sheets without hidden rows are left out.
pub type HiddenRows = HashMap<String, BTreeSet<u32>>;

/// What one look at a zip workbook's sheet parts tells beyond calamine: the hidden rows,
/// (xlsx) which sheets hold formulas at all, so formulas are read a second time only
/// where there are some, and (xlsx) each sheet's merged ranges, so calamine need not
/// unpack and parse the whole sheet a second time to find them at its end.
#[derive(Debug, Default)]
pub(crate) struct ZipFacts {
    pub hidden: HiddenRows,
    pub formula_sheets: HashSet<String>,
    /// Merged ranges by sheet name. xlsx: a sheet whose merges could not all be read
    /// here is left out (calamine reads them then, and says what is wrong). ods: the
    /// only source (calamine reads none); a sheet without merges is left out.
    pub merges: HashMap<String, Vec<Merge>>,
}

/// The facts of a zip-based workbook; empty for other formats or when a part cannot be
/// read (they only refine a reading, they never make a file unreadable).
pub(crate) fn zip_facts(zip: &mut Zip<'_>, format: Format) -> ZipFacts {
    match format {
        Format::Xlsx | Format::Xlsm => xlsx(zip),
        Format::Ods => {
            let (hidden, merges) = ods(zip);
            ZipFacts {
                hidden,
                merges,
                ..ZipFacts::default()
            }
        }
        Format::Xls | Format::Xlsb => ZipFacts::default(),
    }
}

/// The `<mergeCell ref="A1:C2"/>` ranges of a sheet's first `<mergeCells>` block (as
/// calamine reads them); an empty list when the sheet has none; None when a reference is
/// not a plain A1 cell or range, the sheet's cell data has no end to start from, or no
/// block follows it though the sheet names "mergeCell" (calamine reads the merges then).
fn merges_of(xml: &[u8]) -> Option<Vec<Merge>> {
    if !contains(xml, b"mergeCell") {
        return Some(Vec::new());
    }
    // `<mergeCells>` follows the cell data in a worksheet: read tags from the end of
    // `sheetData`, so that the words inside cell text, comments or CDATA sections are
    // never taken for tags.
    let end = memchr::memmem::rfind(xml, b"sheetData>")
        .or_else(|| memchr::memmem::rfind(xml, b"sheetData/>"))?;
    let start = memchr::memrchr(b'<', xml.get(..end)?)?;
    let mut merges = Vec::new();
    let mut seen = false;
    let mut inside = false;
    let mut bad = false;
    each_tag_in(xml.get(start..)?, |tag| match local(&tag.name) {
        // An empty `<mergeCells/>` is a block without merges, as calamine reads it.
        "mergeCells" if tag.self_closing => {
            seen = true;
            false
        }
        "mergeCells" if tag.closing => !inside,
        "mergeCells" => {
            seen = true;
            inside = true;
            true
        }
        "mergeCell" if inside && !tag.closing => {
            match attr(&tag.attrs, "ref").as_deref().and_then(merge_ref) {
                Some(m) => {
                    merges.push(m);
                    true
                }
                None => {
                    bad = true;
                    false
                }
            }
        }
        _ => true,
    });
    // No block after the cell data, though the sheet names "mergeCell" somewhere: an
    // unusual layout, which calamine (reading from the top) decides.
    (seen && !bad).then_some(merges)
}

/// "B2:D3" (or one cell "B2") as a merged range, 0-based.
fn merge_ref(text: &str) -> Option<Merge> {
    let mut parts = text.split(':');
    let start = parse_a1(parts.next()?)?;
    let end = match parts.next() {
        Some(p) => parse_a1(p)?,
        None => start,
    };
    if parts.next().is_some() {
        return None;
    }
    Some(Merge::spanning(start, end))
}

/// Sheet names with their part paths (workbook.xml + its relationships), then from each
/// sheet's XML: whether it holds formulas, its merged ranges and its hidden rows.
fn xlsx(zip: &mut Zip<'_>) -> ZipFacts {
    let mut targets: HashMap<String, String> = HashMap::new();
    each_tag(zip, "xl/_rels/workbook.xml.rels", |tag| {
        if local(&tag.name) == "Relationship" {
            if let (Some(id), Some(target)) = (attr(&tag.attrs, "Id"), attr(&tag.attrs, "Target")) {
                targets.insert(id, target);
            }
        }
        true
    });
    let mut sheets: Vec<(String, String)> = Vec::new();
    each_tag(zip, "xl/workbook.xml", |tag| {
        if local(&tag.name) == "sheet" && !tag.closing {
            let name = attr(&tag.attrs, "name").map(|n| unescape(&n));
            let id = attr(&tag.attrs, "r:id");
            if let (Some(name), Some(target)) = (name, id.and_then(|id| targets.get(&id))) {
                let path = match target.strip_prefix('/') {
                    Some(abs) => abs.to_string(),
                    None => format!("xl/{target}"),
                };
                sheets.push((name, path));
            }
        }
        true
    });
    let mut out = ZipFacts::default();
    for (name, path) in sheets {
        // Each sheet part is decompressed once; the tags of its cell data are read only
        // when it can hold a hidden row at all (merges are read from after the cell data).
        let Some(xml) = part(zip, &path) else {
            continue;
        };
        if contains(&xml, b"<f>") || contains(&xml, b"<f ") || contains(&xml, b":f>") {
            out.formula_sheets.insert(name.clone());
        }
        if let Some(merges) = merges_of(&xml) {
            out.merges.insert(name.clone(), merges);
        }
        if !contains(&xml, b"hidden=") {
            continue;
        }
        let mut hidden = BTreeSet::new();
        let mut next_row = 0u32;
        each_tag_in(&xml, |tag| {
            if tag.closing || local(&tag.name) != "row" {
                // Rows end with sheetData: nothing after it is a row.
                return local(&tag.name) != "sheetData" || !tag.closing;
            }
            // `r` is 1-based and optional (then the row follows the previous one).
            let row = attr(&tag.attrs, "r")
                .and_then(|r| r.trim().parse::<u32>().ok())
                .and_then(|r| r.checked_sub(1))
                .unwrap_or(next_row);
            next_row = row.saturating_add(1);
            if attr(&tag.attrs, "hidden").is_some_and(|h| is_true(&h)) {
                hidden.insert(row);
            }
            true
        });
        if !hidden.is_empty() {
            out.hidden.insert(name, hidden);
        }
    }
    out
}

/// One zip part, decompressed (the zip passed `check_zip`, so its parts are of sane size).
fn part(zip: &mut Zip<'_>, name: &str) -> Option<Vec<u8>> {
    let mut entry = zip.by_name(name).ok()?;
    let mut out = Vec::new();
    entry.read_to_end(&mut out).ok()?;
    Some(out)
}

/// Feed every tag of an XML text to `f` until it returns false.
fn each_tag_in(xml: &[u8], mut f: impl FnMut(&super::limits::Tag) -> bool) {
    let mut reader = BufReader::new(Cursor::new(xml));
    let mut tags = TagReader::default();
    while let Some(tag) = tags.next(&mut reader) {
        if !f(&tag) {
            break;
        }
    }
}

/// content.xml: rows counted per `<table:table>`, repeats included; a collapsed or
/// filtered row is hidden. A repeat of hidden rows past the used area is never data, so
/// repeats are capped to keep the set small. A cell spanning columns or rows
/// (`table:number-columns-spanned`, `table:number-rows-spanned`) is a merged range:
/// calamine does not report them for ods, and a group header merged over its
/// sub-columns ("Realisasi" over TW I–IV, "2023" over Target / Realisasi) must be seen
/// above each of them, as in xlsx.
fn ods(zip: &mut Zip<'_>) -> (HiddenRows, HashMap<String, Vec<Merge>>) {
    const MAX_REPEAT: u32 = 10_000;
    /// More merges than any header needs: the rest of a sheet is not read for them.
    const MAX_MERGES: usize = 100_000;
    struct Table {
        name: String,
        next_row: u32,
        row: u32,
        col: u32,
        hidden: BTreeSet<u32>,
        merges: Vec<Merge>,
    }
    let mut hidden_rows = HiddenRows::new();
    let mut all_merges = HashMap::new();
    let mut current: Option<Table> = None;
    let number = |tag: &super::limits::Tag, name: &str| {
        attr(&tag.attrs, name)
            .and_then(|n| n.trim().parse::<u32>().ok())
            .unwrap_or(1)
            .max(1)
    };
    each_tag(zip, "content.xml", |tag| {
        match (local(&tag.name), tag.closing) {
            ("table", false) if tag.name.starts_with("table:") => {
                let name = attr(&tag.attrs, "table:name").map(|n| unescape(&n));
                current = Some(Table {
                    name: name.unwrap_or_default(),
                    next_row: 0,
                    row: 0,
                    col: 0,
                    hidden: BTreeSet::new(),
                    merges: Vec::new(),
                });
            }
            ("table", true) if tag.name.starts_with("table:") => {
                if let Some(t) = current.take() {
                    if !t.hidden.is_empty() {
                        hidden_rows.insert(t.name.clone(), t.hidden);
                    }
                    if !t.merges.is_empty() {
                        all_merges.insert(t.name, t.merges);
                    }
                }
            }
            ("table-row", false) => {
                if let Some(t) = current.as_mut() {
                    let repeat = number(tag, "table:number-rows-repeated");
                    let collapsed = attr(&tag.attrs, "table:visibility")
                        .is_some_and(|v| v == "collapse" || v == "filter");
                    if collapsed {
                        for r in 0..repeat.min(MAX_REPEAT) {
                            t.hidden.insert(t.next_row.saturating_add(r));
                        }
                    }
                    t.row = t.next_row;
                    t.col = 0;
                    t.next_row = t.next_row.saturating_add(repeat);
                }
            }
            ("table-cell" | "covered-table-cell", false) => {
                if let Some(t) = current.as_mut() {
                    let cols = number(tag, "table:number-columns-spanned");
                    let rows = number(tag, "table:number-rows-spanned");
                    if (cols > 1 || rows > 1) && t.merges.len() < MAX_MERGES {
                        t.merges.push(Merge {
                            first_row: t.row,
                            first_col: t.col,
                            last_row: t.row.saturating_add(rows - 1),
                            last_col: t.col.saturating_add(cols - 1),
                        });
                    }
                    let repeat = number(tag, "table:number-columns-repeated");
                    t.col = t.col.saturating_add(repeat);
                }
            }
            _ => {}
        }
        true
    });
    (hidden_rows, all_merges)
}

/// Feed every tag of one zip part to `f` until it returns false.
fn each_tag(zip: &mut Zip<'_>, part: &str, mut f: impl FnMut(&super::limits::Tag) -> bool) {
    let Ok(entry) = zip.by_name(part) else { return };
    let mut reader = BufReader::new(entry.take(u64::MAX));
    let mut tags = TagReader::default();
    while let Some(tag) = tags.next(&mut reader) {
        if !f(&tag) {
            break;
        }
    }
}

/// A tag name without its namespace prefix ("x:row" → "row").
fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

fn is_true(v: &str) -> bool {
    matches!(v.trim(), "1" | "true")
}

/// The five XML entities, enough for sheet names ("Data & Capaian").
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(first_row: u32, first_col: u32, last_row: u32, last_col: u32) -> Merge {
        Merge {
            first_row,
            first_col,
            last_row,
            last_col,
        }
    }

    #[test]
    fn merged_ranges_are_read_from_the_sheet_xml_as_calamine_reads_them() {
        let xml = br#"<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData><mergeCells count="3"><mergeCell ref="A1:C1"/><mergeCell ref="D3:B2"/><mergeCell ref="AA10"/></mergeCells><mergeCells><mergeCell ref="Z9:Z10"/></mergeCells></worksheet>"#;
        assert_eq!(
            merges_of(xml),
            Some(vec![m(0, 0, 0, 2), m(1, 1, 2, 3), m(9, 26, 9, 26)])
        );
        // A namespace prefix, as some writers use.
        let xml = br#"<x:worksheet><x:sheetData/><x:mergeCells><x:mergeCell ref="B2:C3"></x:mergeCell></x:mergeCells></x:worksheet>"#;
        assert_eq!(merges_of(xml), Some(vec![m(1, 1, 2, 2)]));
        // No merges at all.
        assert_eq!(
            merges_of(b"<worksheet><sheetData/></worksheet>"),
            Some(vec![])
        );
        // The words in cell text, a CDATA section or a comment are not tags.
        let xml = br#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[<b>mergeCells <mergeCell ref="A1:Z99"/>]]></t></is></c></row></sheetData><!-- <b it's mergeCells --><mergeCells><mergeCell ref="B2:C3"/></mergeCells></worksheet>"#;
        assert_eq!(merges_of(xml), Some(vec![m(1, 1, 2, 2)]));
        // An empty first block is the sheet's merges (none), as calamine reads it.
        let xml = br#"<worksheet><sheetData/><mergeCells count="0"/><mergeCells><mergeCell ref="B2:C3"/></mergeCells></worksheet>"#;
        assert_eq!(merges_of(xml), Some(vec![]));
        // No end of the cell data to start from: calamine decides.
        let xml = br#"<worksheet><mergeCells><mergeCell ref="B2:C3"/></mergeCells></worksheet>"#;
        assert_eq!(merges_of(xml), None);
        // A block before the cell data (out of the schema's order, but seen): calamine,
        // reading from the top, decides; so does cell text naming merges with no block.
        let xml = br#"<worksheet><mergeCells><mergeCell ref="B2:C3"/></mergeCells><sheetData/></worksheet>"#;
        assert_eq!(merges_of(xml), None);
        let xml = br#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>mergeCell</t></is></c></row></sheetData></worksheet>"#;
        assert_eq!(merges_of(xml), None);
    }

    /// ods keeps a merged header as a cell that spans columns or rows, followed by
    /// covered cells; repeated cells count their repeats.
    #[test]
    fn ods_spanned_cells_are_merged_ranges_at_their_place() {
        let content = r#"<office:document-content><office:body><office:spreadsheet>
            <table:table table:name="Data &amp; Capaian">
              <table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="3"/></table:table-row>
              <table:table-row>
                <table:table-cell table:number-rows-spanned="2"><text:p>No</text:p></table:table-cell>
                <table:table-cell table:number-columns-repeated="2"/>
                <table:table-cell table:number-columns-spanned="4" table:number-rows-spanned="1"><text:p>Realisasi</text:p></table:table-cell>
                <table:covered-table-cell table:number-columns-repeated="3"/>
                <table:table-cell table:number-columns-spanned="2"><text:p>Ket</text:p></table:table-cell>
                <table:covered-table-cell/>
              </table:table-row>
              <table:table-row>
                <table:covered-table-cell/><table:table-cell/><table:table-cell/>
                <table:table-cell><text:p>I</text:p></table:table-cell>
              </table:table-row>
            </table:table>
            <table:table table:name="Plain"><table:table-row><table:table-cell/></table:table-row></table:table>
            </office:spreadsheet></office:body></office:document-content>"#;
        let bytes = super::super::limits::tests::ods_with(content);
        let mut zip = super::super::sniff::open_zip(&bytes).unwrap();
        let facts = zip_facts(&mut zip, Format::Ods);
        assert_eq!(
            facts.merges.get("Data & Capaian"),
            Some(&vec![m(2, 0, 3, 0), m(2, 3, 2, 6), m(2, 7, 2, 8)])
        );
        assert!(!facts.merges.contains_key("Plain"));
    }

    #[test]
    fn a_merge_reference_that_is_not_plain_a1_leaves_the_sheet_to_calamine() {
        for bad in ["$A$1:B2", "A1:B2:C3", "A0:B2", "1A:B2", "ABCD1:B2", ""] {
            let xml = format!(
                r#"<worksheet><sheetData/><mergeCells><mergeCell ref="{bad}"/></mergeCells></worksheet>"#
            );
            assert_eq!(merges_of(xml.as_bytes()), None, "{bad}");
        }
    }
}
