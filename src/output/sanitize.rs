//! Making text that came from an input safe to put in an output: file names that cannot
//! leave the output folder, sheet names Excel accepts, CSV fields a spreadsheet will not
//! run as formulas (OWASP "CSV injection"), and strings within Excel's length limits.
//! Pure functions; they never touch the disk and never drop a value silently except by
//! the documented replacements.

use std::borrow::Cow;
use std::collections::BTreeSet;

/// Longest file stem we produce (bytes, on a char boundary): well under every file
/// system's 255-byte name limit, and keeps hyperlinks far below Excel's 2,080 characters.
const MAX_STEM_BYTES: usize = 100;

/// Longest text written into one xlsx cell. Excel's limit is 32,767 UTF-16 units;
/// a margin is kept for the truncation marker.
const MAX_CELL_UTF16: usize = 32_000;

/// Names Windows refuses as files whatever the extension.
const WINDOWS_RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// A file name (one path component) derived from input text that can never escape the
/// output folder: path separators split the text and only its last meaningful part is
/// kept ("../../x" → "x", "a/b" → "b"), "." and ".." vanish, characters Windows forbids
/// (`<>:"|?*`), `#` and `%` (they would break hyperlinks to the file) and control
/// characters become "_", leading dots and trailing dots/spaces
/// are removed (no hidden files, no Windows surprises), reserved device names get a "_"
/// prefix, and the result is at most 100 bytes. Never empty ("file"). Idempotent:
/// `safe_file_stem(&safe_file_stem(s)) == safe_file_stem(s)`.
pub fn safe_file_stem(name: &str) -> String {
    let last = name
        .split(['/', '\\'])
        .map(str::trim)
        .rfind(|part| !part.is_empty() && *part != "." && *part != "..")
        .unwrap_or("");
    let mut out: String = last
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*' | '#' | '%') {
                '_'
            } else {
                c
            }
        })
        .collect();
    // Trim in a loop: removing trailing dots can expose spaces and the other way round.
    loop {
        let trimmed = out
            .trim_start_matches(|c: char| c == '.' || c.is_whitespace())
            .trim_end_matches(|c: char| c == '.' || c.is_whitespace());
        if trimmed.len() == out.len() {
            break;
        }
        out = trimmed.to_string();
    }
    if out.len() > MAX_STEM_BYTES {
        let mut end = MAX_STEM_BYTES;
        while !out.is_char_boundary(end) {
            end -= 1;
        }
        out.truncate(end);
        out = out
            .trim_end_matches(|c: char| c == '.' || c.is_whitespace())
            .to_string();
    }
    if out.is_empty() {
        return "file".to_string();
    }
    let base = out.split('.').next().unwrap_or("").to_ascii_uppercase();
    if WINDOWS_RESERVED.contains(&base.as_str()) {
        out.insert(0, '_');
    }
    out
}

/// A relative output path such as "cleaned/x.xlsx" chosen elsewhere (the batch), made
/// safe component by component with `safe_file_stem`, so it stays under the output
/// folder whatever it holds. Always uses "/" as separator.
pub fn safe_relative_path(path: &str) -> String {
    let parts: Vec<String> = path
        .split(['/', '\\'])
        .map(str::trim)
        .filter(|p| !p.is_empty() && *p != "." && *p != "..")
        .map(safe_file_stem)
        .collect();
    if parts.is_empty() {
        "file".to_string()
    } else {
        parts.join("/")
    }
}

/// An Excel sheet name from input text: at most 31 characters, none of `[]:*?/\`,
/// no apostrophe at either end, not empty, not Excel's reserved "History".
pub fn safe_sheet_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let trimmed = cleaned.trim().trim_matches('\'').trim();
    let mut out = take_utf16(trimmed, 31)
        .trim_end()
        .trim_end_matches('\'')
        .to_string();
    if out.is_empty() {
        out = "Sheet".to_string();
    }
    if out.eq_ignore_ascii_case("history") {
        out.push('_');
    }
    out
}

/// Sheet names for `wanted`, made safe and unique (Excel compares them ignoring case):
/// a repeated name gets " (2)", " (3)" … within the 31-character limit.
pub fn unique_sheet_names(wanted: &[&str]) -> Vec<String> {
    let mut used = BTreeSet::new();
    wanted
        .iter()
        .map(|w| {
            let base = safe_sheet_name(w);
            let mut name = base.clone();
            let mut n = 2u32;
            while !used.insert(name.to_lowercase()) {
                let suffix = format!(" ({n})");
                let room = 31usize.saturating_sub(suffix.len());
                name = format!("{}{suffix}", take_utf16(&base, room).trim_end());
                n += 1;
            }
            name
        })
        .collect()
}

/// A sheet name quoted for a cell reference: `'It''s'!A1` style, always quoted (valid for
/// every name) with inner apostrophes doubled.
pub fn quote_sheet(name: &str) -> String {
    format!("'{}'", name.replace('\'', "''"))
}

/// The longest prefix of `s` with at most `max` UTF-16 units (Excel counts in those).
fn take_utf16(s: &str, max: usize) -> &str {
    let mut units = 0;
    for (i, c) in s.char_indices() {
        units += c.len_utf16();
        if units > max {
            return s.get(..i).unwrap_or("");
        }
    }
    s
}

/// Text clipped to what one xlsx cell holds; a clipped text ends with "…" so a reader
/// sees it was cut (the CSV and Parquet outputs keep it whole).
pub fn clip_cell(s: &str) -> Cow<'_, str> {
    let head = take_utf16(s, MAX_CELL_UTF16);
    if head.len() == s.len() {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(format!("{head}…"))
    }
}

/// Characters that make a spreadsheet treat a field as a formula (OWASP), including the
/// full-width forms some East-Asian input methods produce and Excel also accepts.
fn is_formula_trigger(c: char) -> bool {
    matches!(
        c,
        '=' | '+' | '-' | '@' | '\t' | '\r' | '＝' | '＋' | '－' | '＠'
    )
}

/// A text that is only a (signed) number or the "-" placeholder, e.g. "-5", "+3",
/// "-1.234,5", "-12%", "-": a spreadsheet reads these as a number or as text, never as a
/// formula, so they are left alone to keep raw values readable.
fn is_inert_number(s: &str) -> bool {
    let t = s.trim();
    if t == "-" {
        return true;
    }
    let body = t.strip_prefix(['-', '+']).unwrap_or(t);
    let body = body.strip_suffix('%').unwrap_or(body);
    !body.is_empty()
        && body.chars().any(|c| c.is_ascii_digit())
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// A text field for CSV output, neutralized against formula injection as OWASP
/// recommends: a field whose first character, or first character after leading
/// whitespace, is `= + - @`, a TAB or a CR is prefixed with a single quote `'`, so a
/// spreadsheet shows it as text. Plain signed numbers and the lone "-" are left as they
/// are (they cannot run anything). Numbers written by kinerja never pass through here.
pub fn csv_text(s: &str) -> Cow<'_, str> {
    let first = s.chars().next();
    let first_visible = s.trim_start().chars().next();
    let risky =
        first.is_some_and(is_formula_trigger) || first_visible.is_some_and(is_formula_trigger);
    if risky && !is_inert_number(s) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_stems_never_escape() {
        assert_eq!(safe_file_stem("../../x"), "x");
        assert_eq!(safe_file_stem("..\\..\\evil"), "evil");
        assert_eq!(safe_file_stem("/etc/passwd"), "passwd");
        assert_eq!(safe_file_stem("a/b/.."), "b");
        assert_eq!(safe_file_stem(".."), "file");
        assert_eq!(safe_file_stem(""), "file");
        assert_eq!(safe_file_stem("   "), "file");
        assert_eq!(safe_file_stem(".hidden"), "hidden");
        assert_eq!(safe_file_stem("laporan. . "), "laporan");
        assert_eq!(safe_file_stem("Kec: Bajeng?*"), "Kec_ Bajeng__");
        assert_eq!(safe_file_stem("x\u{0}y"), "x_y");
        assert_eq!(safe_file_stem("a#b%20c"), "a_b_20c");
        assert_eq!(safe_file_stem("con"), "_con");
        assert_eq!(safe_file_stem("NUL.tar"), "_NUL.tar");
        assert_eq!(safe_file_stem("bajeng.xlsx"), "bajeng.xlsx");
        assert_eq!(
            safe_file_stem("Realisasi Bajeng 2023"),
            "Realisasi Bajeng 2023"
        );
        let long = "é".repeat(80);
        let s = safe_file_stem(&long);
        assert_eq!(s.len(), 100);
        for input in ["../../x", ". .a. .", "con", &long, "a<b>c", "..\\x/y/", ""] {
            let once = safe_file_stem(input);
            assert_eq!(safe_file_stem(&once), once, "not idempotent for {input:?}");
            assert!(!once.contains('/') && !once.contains('\\') && once != "..");
        }
    }

    #[test]
    fn relative_paths_stay_inside() {
        assert_eq!(safe_relative_path("cleaned/x.xlsx"), "cleaned/x.xlsx");
        assert_eq!(safe_relative_path("cleaned/../../x.xlsx"), "cleaned/x.xlsx");
        assert_eq!(safe_relative_path("/abs/x.xlsx"), "abs/x.xlsx");
        assert_eq!(safe_relative_path(".."), "file");
    }

    #[test]
    fn sheet_names_are_valid_for_excel() {
        assert_eq!(safe_sheet_name("Sheet1"), "Sheet1");
        assert_eq!(safe_sheet_name("a[b]:c*d?e/f\\g"), "a_b__c_d_e_f_g");
        assert_eq!(safe_sheet_name("'quoted'"), "quoted");
        assert_eq!(safe_sheet_name(""), "Sheet");
        assert_eq!(safe_sheet_name("History"), "History_");
        let long = "Realisasi Kinerja Kecamatan Bontonompo Selatan";
        assert_eq!(safe_sheet_name(long), "Realisasi Kinerja Kecamatan Bon");
        assert_eq!(
            unique_sheet_names(&["Data", "data", "DATA"]),
            vec!["Data", "data (2)", "DATA (3)"]
        );
        let names = unique_sheet_names(&[long, long]);
        assert_eq!(names[1], "Realisasi Kinerja Kecamatan (2)");
        assert_eq!(quote_sheet("It's"), "'It''s'");
    }

    #[test]
    fn csv_fields_are_neutralized() {
        assert_eq!(
            csv_text("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(csv_text("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
        assert_eq!(csv_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(
            csv_text("-2+3+cmd|' /C calc'!A0"),
            "'-2+3+cmd|' /C calc'!A0"
        );
        assert_eq!(csv_text("\t=1"), "'\t=1");
        assert_eq!(csv_text("\r=1"), "'\r=1");
        assert_eq!(csv_text("  =1+1"), "'  =1+1");
        assert_eq!(csv_text("＝1+1"), "'＝1+1");
        // Inert values stay readable.
        assert_eq!(csv_text("-"), "-");
        assert_eq!(csv_text("-5"), "-5");
        assert_eq!(csv_text("-1.234,5"), "-1.234,5");
        assert_eq!(csv_text("+12%"), "+12%");
        assert_eq!(csv_text("Jumlah SOP"), "Jumlah SOP");
        assert_eq!(csv_text("a=b"), "a=b");
        assert_eq!(csv_text(""), "");
    }

    #[test]
    fn cells_are_clipped_to_excel_limit() {
        let short = "abc";
        assert_eq!(clip_cell(short), "abc");
        let long = "x".repeat(40_000);
        let clipped = clip_cell(&long);
        assert_eq!(clipped.chars().count(), 32_001);
        assert!(clipped.ends_with('…'));
    }
}
