//! Where an upload names its office when the table's title does not: the top of its
//! sheets (a cover page, the lines above the first table) and the signature under each
//! table, lines that name the office ("KECAMATAN X", "CAMAT X") first.

use crate::workbook::{self, note_line, Located};

/// Lines that name the office ("KECAMATAN PALLANGGA", "CAMAT BAROMBONG") before the
/// others of a cover or signature (a place and date, "Benteng Somba Opu, 15 Januari
/// 2024", may name another kecamatan's village).
pub(super) fn office_first(mut texts: Vec<&str>) -> Vec<&str> {
    // "camat" is in "kecamatan"; "kec." is the short form.
    texts.sort_by_cached_key(|t| {
        let lower = t.to_lowercase();
        !(lower.contains("camat") || lower.contains("kec."))
    });
    texts
}

/// The text cells at the top of each visible sheet (a cover, a title page, or the
/// lines above a sheet's first table: "KECAMATAN BAJENG" over a budget recap), short
/// ones only: where an office names itself when the table's own title does not.
/// Instruction sheets ("Petunjuk", "Contoh") name examples, not the office, and are
/// not read.
pub(super) fn cover_texts<'a>(workbook: &'a workbook::Workbook, located: &Located) -> Vec<&'a str> {
    const TOP_ROWS: u32 = 15;
    const INSTRUCTIONS: &[&str] = &["petunjuk", "panduan", "instruksi", "contoh", "cara", "ref"];
    let mut out = Vec::new();
    for s in workbook.sheets.iter().filter(|s| !s.hidden) {
        let name = s.name.to_lowercase();
        if INSTRUCTIONS.iter().any(|w| name.contains(w)) {
            continue;
        }
        // Above the sheet's first table only: its rows are the table's own.
        let first_table = located
            .tables
            .iter()
            .filter(|t| t.sheet == s.name)
            .filter_map(|t| t.header_rows.first().copied())
            .min();
        let end = first_table.map_or(TOP_ROWS, |h| h.min(TOP_ROWS));
        out.extend(
            s.rows
                .iter()
                .take(end as usize)
                .flat_map(|r| short_texts(r)),
        );
    }
    out
}

/// The text cells of the rows under each table (the signature block: "Bungaya, 10
/// Januari 2024", "CAMAT BUNGAYA"), short ones only.
pub(super) fn signature_texts<'a>(
    workbook: &'a workbook::Workbook,
    located: &Located,
) -> Vec<&'a str> {
    const ROWS_UNDER: u32 = 12;
    let mut out = Vec::new();
    for t in &located.tables {
        let (Some(sheet), Some(last)) = (
            workbook.sheets.iter().find(|s| s.name == t.sheet),
            t.rows.iter().map(|r| r.row).max(),
        ) else {
            continue;
        };
        // A note under the table ("Sumber: hasil SKM Semester I tahun 2023") and the lines
        // that go on it, in its own column, name no period and no office; the signature
        // beside it on the same rows still does.
        let mut note: Option<(usize, &str)> = None;
        for r in last.saturating_add(1)..=last.saturating_add(ROWS_UNDER) {
            let Some(row) = sheet.rows.get(r as usize) else {
                break;
            };
            let line = |c: usize| match row.get(c).map(|cell| &cell.data) {
                Some(workbook::Data::Text(t)) if !t.trim().is_empty() => Some(t.as_str()),
                _ => None,
            };
            // The note goes on in its column, or ends.
            note = note
                .and_then(|(c, prev)| line(c).filter(|t| note_line(Some(prev), t)).map(|t| (c, t)))
                .or_else(|| {
                    (0..row.len())
                        .find_map(|c| line(c).filter(|t| note_line(None, t)).map(|t| (c, t)))
                });
            let skip = note.map(|(c, _)| c);
            out.extend(
                row.iter()
                    .enumerate()
                    .filter(|(c, _)| Some(*c) != skip)
                    .flat_map(|(_, cell)| short_texts(std::slice::from_ref(cell))),
            );
        }
    }
    out
}

/// A row's text cells short enough to be a name line (not a paragraph of remarks).
fn short_texts(row: &[workbook::Cell]) -> impl Iterator<Item = &str> {
    const MAX_CHARS: usize = 200;
    row.iter().filter_map(|c| match &c.data {
        workbook::Data::Text(t) if t.len() <= MAX_CHARS => Some(t.as_str()),
        _ => None,
    })
}
