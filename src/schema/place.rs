//! Where an indicator row sits in the performance tree, as far as its own table shows
//! (for `kinerja schema init`): its level (tujuan, sasaran, program, kegiatan,
//! subkegiatan) and the row above it that is its parent.
//!
//! A parent here means what it means in a schema: the node one step up the cascade
//! whose indicator this one serves (a kegiatan's output under its program's outcome).
//! Only a row with figures of its own (an indicator row, so a node) can be a parent; a
//! heading without figures gives a level to the rows under it, never a parent.
//!
//! The evidence, strongest first:
//! - a lettered sub-item ("a. Pertanian") under the row it details: the row above it
//!   that is not a sub-item, or the label the locator gave it as its statement;
//! - the row's own statement starting with a level word ("Program Pelayanan
//!   Administrasi Perkantoran", "Kegiatan: …");
//! - a numbered outline (1 / 1.1 / 1.1.1): the parent is the row numbered by the
//!   prefix; the level steps down from the parent's, or follows the header's terms;
//! - section heading rows above the row ("PROGRAM …", "Kegiatan: …", "B. Sasaran"); a
//!   row naming something of its own under a heading is the next level the header
//!   names ("Program/Kegiatan": a kegiatan under its program's heading);
//! - the order of rows: a row after an indicator row of a level the header names
//!   ("Program/Kegiatan"), with another statement, is the next level the header names,
//!   and that row is its parent; another indicator of the same statement is its sibling;
//! - the header of the statement or indicator column naming one level ("Sasaran",
//!   "Sasaran Strategis", "Sub Kegiatan").
//!
//! A row with a level whose parent is not said otherwise gets the nearest indicator row
//! above it of a higher level in the same section. Nothing here reads numbers.

use super::Level;
use crate::workbook::{is_sub_item, Role, RowCell, Table};
use std::collections::HashMap;

/// Where a row's parent is: another indicator row of the same table (its sheet row), or
/// the label of a sub-item's group ("Jumlah rumusan kebijakan bidang :"), to be found
/// among the indicators of every file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ParentRef {
    Row(u32),
    Label(String),
}

/// A row's level and parent as its table shows them, each with why (in Indonesian, for
/// the draft's `# periksa:` comments).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Place {
    pub level: Option<(Level, String)>,
    pub parent: Option<(ParentRef, String)>,
}

/// Tujuan 0 … Subkegiatan 4: a smaller rank is higher in the tree.
pub(crate) fn rank(l: Level) -> u8 {
    match l {
        Level::Tujuan => 0,
        Level::Sasaran => 1,
        Level::Program => 2,
        Level::Kegiatan => 3,
        Level::Subkegiatan => 4,
    }
}

/// The level one step down (Subkegiatan has none).
pub(crate) fn below(l: Level) -> Option<Level> {
    match l {
        Level::Tujuan => Some(Level::Sasaran),
        Level::Sasaran => Some(Level::Program),
        Level::Program => Some(Level::Kegiatan),
        Level::Kegiatan => Some(Level::Subkegiatan),
        Level::Subkegiatan => None,
    }
}

fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The level a word names, and how many words it takes ("sub kegiatan" is two).
fn level_at(words: &[String], i: usize) -> Option<(Level, usize)> {
    let w = words.get(i)?.as_str();
    let next = words.get(i + 1).map(String::as_str);
    match (w, next) {
        ("sub", Some("kegiatan")) => Some((Level::Subkegiatan, 2)),
        ("subkegiatan", _) => Some((Level::Subkegiatan, 1)),
        ("kegiatan", _) => Some((Level::Kegiatan, 1)),
        ("program", _) => Some((Level::Program, 1)),
        ("sasaran", _) => Some((Level::Sasaran, 1)),
        ("tujuan", _) => Some((Level::Tujuan, 1)),
        _ => None,
    }
}

/// The levels a column header names, highest first, each once: "Sasaran/Program/
/// Kegiatan" → sasaran, program, kegiatan; "Indikator Kinerja Program (Outcome)/
/// Kegiatan (Output)" → program, kegiatan; "Sub Kegiatan" → subkegiatan only.
pub(crate) fn header_levels(text: &str) -> Vec<Level> {
    let w = words(text);
    let mut found = Vec::new();
    let mut i = 0;
    while i < w.len() {
        match level_at(&w, i) {
            Some((l, n)) => {
                if !found.contains(&l) {
                    found.push(l);
                }
                i += n;
            }
            None => i += 1,
        }
    }
    found.sort_by_key(|l| rank(*l));
    found
}

/// An enumerator before a heading's words: "I", "iv", "B", "1", "12".
fn is_enumerator(w: &str) -> bool {
    let roman = w.len() <= 4 && w.chars().all(|c| matches!(c, 'i' | 'v' | 'x'));
    let letter = w.chars().count() == 1 && w.chars().all(|c| c.is_ascii_alphabetic());
    let number = w.len() <= 3 && w.chars().all(|c| c.is_ascii_digit());
    roman || letter || number
}

/// The level a label starts with, after its numbering: "PROGRAM PENUNJANG …",
/// "Kegiatan: Administrasi Keuangan", "I Kinerja Tujuan", "B. Sasaran", "Sub Kegiatan
/// Penyediaan Gaji". None when it starts with anything else.
pub(crate) fn leading_level(text: &str) -> Option<Level> {
    let w = words(text);
    let mut i = 0;
    while i < 3 && w.get(i).is_some_and(|x| is_enumerator(x)) {
        i += 1;
    }
    if w.get(i).is_some_and(|x| x == "kinerja") {
        i += 1;
    }
    level_at(&w, i).map(|(l, _)| l)
}

/// A numbered outline "1", "1.2", "1.2.3." as its parts; None for anything else.
pub(crate) fn outline(no: &str) -> Option<Vec<u32>> {
    let t = no.trim().trim_end_matches('.');
    if t.is_empty() {
        return None;
    }
    t.split('.')
        .map(|p| {
            (!p.is_empty() && p.len() <= 3 && p.chars().all(|c| c.is_ascii_digit()))
                .then(|| p.parse::<u32>().ok())
                .flatten()
        })
        .collect()
}

fn quote(text: &str) -> String {
    let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.chars().count() > 50 {
        format!("\"{}…\"", t.chars().take(49).collect::<String>())
    } else {
        format!("\"{t}\"")
    }
}

fn key(text: &str) -> String {
    words(text).join(" ")
}

/// An indicator row with a level, that rows below it may hang from.
struct Anchor {
    level: Level,
    row: u32,
    /// The statement (else the indicator) as written, and as compared.
    text: String,
    statement: String,
    parent: Option<(ParentRef, String)>,
}

/// The next level after `l` among those the header names.
fn next_in(header: &[Level], l: Level) -> Option<Level> {
    header.iter().copied().find(|h| rank(*h) > rank(l))
}

/// Each row of the table with its place, in the table's order.
pub(crate) fn places(table: &Table) -> Vec<Place> {
    let header_of = |role: Role| {
        table
            .column(role)
            .map(|c| (c.header.clone(), header_levels(&c.header)))
    };
    let mut header: Vec<Level> = Vec::new();
    let mut header_text = String::new();
    for (text, levels) in [header_of(Role::Statement), header_of(Role::Indicator)]
        .into_iter()
        .flatten()
    {
        if !levels.is_empty() {
            if !header_text.is_empty() {
                header_text.push_str(" / ");
            }
            header_text.push_str(&text);
        }
        header.extend(levels);
    }
    header.sort_by_key(|l| rank(*l));
    header.dedup();
    let text_of = |c: &Option<RowCell>| {
        c.as_ref()
            .map(|c| c.text.trim().to_string())
            .unwrap_or_default()
    };
    // The outline counts only where some row is numbered below the top ("1.1").
    let outlined = table
        .rows
        .iter()
        .any(|r| outline(&text_of(&r.no)).is_some_and(|p| p.len() >= 2));

    let mut out = Vec::with_capacity(table.rows.len());
    let mut sections: Vec<(Level, String)> = Vec::new();
    let mut anchors: Vec<Anchor> = Vec::new();
    // Outline numbers seen (the latest row of each) with the row's level.
    let mut numbered: HashMap<Vec<u32>, (u32, Option<Level>)> = HashMap::new();
    // Each row's level, by sheet row.
    let mut level_at_row: HashMap<u32, Level> = HashMap::new();
    // The last row that is not a sub-item, with its level, while no heading intervenes.
    let mut last_plain: Option<(u32, Option<Level>, String)> = None;

    for r in &table.rows {
        if !r.sections.is_empty() {
            last_plain = None;
        }
        for h in &r.sections {
            if let Some(l) = leading_level(&h.text) {
                sections.retain(|(s, _)| rank(*s) < rank(l));
                sections.push((l, h.text.clone()));
                anchors.retain(|a| rank(a.level) < rank(l));
            }
        }
        let statement = text_of(&r.statement);
        let indicator = text_of(&r.indicator);
        let no = text_of(&r.no);
        let number = if outlined { outline(&no) } else { None };
        let sub = is_sub_item(&indicator);

        let mut level: Option<(Level, String)> = None;
        let mut parent: Option<(ParentRef, String)> = None;

        // A lettered sub-item details the row above it.
        if sub {
            if let Some(label) = r.parent.as_ref().filter(|p| !p.text.trim().is_empty()) {
                parent = Some((
                    ParentRef::Label(label.text.clone()),
                    format!("sub-butir di bawah {}", quote(&label.text)),
                ));
            } else if let Some((row, pl, text)) = &last_plain {
                parent = Some((
                    ParentRef::Row(*row),
                    format!("sub-butir di bawah baris {}", quote(text)),
                ));
                if let Some(l) = pl.and_then(below) {
                    level = Some((
                        l,
                        format!("sub-butir satu tingkat di bawah baris {}", quote(text)),
                    ));
                }
            }
        }
        // An outline number: the parent is the row numbered by its prefix.
        if parent.is_none() {
            if let Some(p) = number.as_ref().filter(|p| p.len() >= 2) {
                let prefix = p.get(..p.len() - 1).unwrap_or_default();
                if let Some((row, pl)) = numbered.get(prefix) {
                    let shown = prefix
                        .iter()
                        .map(u32::to_string)
                        .collect::<Vec<_>>()
                        .join(".");
                    parent = Some((
                        ParentRef::Row(*row),
                        format!("nomor {no} di bawah nomor {shown}"),
                    ));
                    if level.is_none() {
                        let l = pl.and_then(|pl| next_in(&header, pl).or_else(|| below(pl)));
                        if let Some(l) = l {
                            level = Some((
                                l,
                                format!("nomor {no}: satu tingkat di bawah nomor {shown}"),
                            ));
                        }
                    }
                }
            }
        }
        if level.is_none() {
            level = if let Some(l) = leading_level(&statement) {
                Some((l, format!("uraian {}", quote(&statement))))
            } else if let Some(l) = number
                .as_ref()
                .and_then(|p| header.get(p.len().saturating_sub(1)).copied())
                .filter(|_| header.len() >= 2)
            {
                Some((l, format!("nomor {no} di kolom {}", quote(&header_text))))
            } else if let Some((l, text)) = sections.last() {
                // A row naming something of its own under the heading ("Penyelenggaraan
                // Administrasi Perkantoran" under "Program Pelayanan Administrasi
                // Perkantoran") is a part of it: the next level the header names.
                let own = !statement.is_empty() && !key(text).contains(&key(&statement));
                match next_in(&header, *l).filter(|_| own) {
                    Some(lower) => Some((
                        lower,
                        format!(
                            "uraian {} di bawah judul {} ({}) di kolom {}",
                            quote(&statement),
                            quote(text),
                            l.code(),
                            quote(&header_text)
                        ),
                    )),
                    None => Some((*l, format!("di bawah judul {}", quote(text)))),
                }
            } else if let [one] = header.as_slice() {
                Some((*one, format!("judul kolom {}", quote(&header_text))))
            } else if let Some((l, a)) = after_anchor(&anchors, &statement, &header) {
                if a.statement == key(&statement) {
                    parent = parent.or_else(|| a.parent.clone());
                    Some((l, format!("uraian sama dengan baris {}", quote(&a.text))))
                } else {
                    parent = parent.or_else(|| {
                        Some((
                            ParentRef::Row(a.row),
                            format!("baris sesudah {} ({})", quote(&a.text), a.level.code()),
                        ))
                    });
                    Some((
                        l,
                        format!(
                            "baris sesudah uraian {} di kolom {}",
                            a.level.code(),
                            quote(&header_text)
                        ),
                    ))
                }
            } else {
                None
            };
        }
        // A row with a level hangs from the nearest indicator row above it of a
        // higher level in the same section.
        if parent.is_none() {
            if let Some((l, _)) = &level {
                if let Some(a) = anchors.iter().rev().find(|a| rank(a.level) < rank(*l)) {
                    parent = Some((
                        ParentRef::Row(a.row),
                        format!("di bawah baris {} ({})", quote(&a.text), a.level.code()),
                    ));
                }
            }
        }
        // A parent row whose level is known and is not above this row's: the level
        // steps down from it.
        if let (Some((ParentRef::Row(pr), _)), Some((l, _))) = (&parent, &level) {
            let pl = level_at_row.get(pr).copied();
            if pl.is_some_and(|pl| rank(pl) >= rank(*l)) && !sub {
                parent = None;
            }
        }

        if let Some((l, _)) = &level {
            level_at_row.insert(r.row, *l);
            let text = if statement.is_empty() {
                indicator.clone()
            } else {
                statement.clone()
            };
            anchors.retain(|a| rank(a.level) < rank(*l));
            anchors.push(Anchor {
                level: *l,
                row: r.row,
                statement: key(&text),
                text,
                parent: parent.clone(),
            });
        }
        if let Some(n) = number {
            numbered.insert(n, (r.row, level.as_ref().map(|(l, _)| *l)));
        }
        if !sub {
            last_plain = Some((r.row, level.as_ref().map(|(l, _)| *l), indicator.clone()));
        }
        out.push(Place { level, parent });
    }
    out
}

/// The indicator row the order of rows puts this one under: the last anchor whose level
/// the header follows with a lower one (its next level, when this row has another
/// statement), or the last anchor itself when this row shares its statement.
fn after_anchor<'a>(
    anchors: &'a [Anchor],
    statement: &str,
    header: &[Level],
) -> Option<(Level, &'a Anchor)> {
    let k = key(statement);
    let last = anchors.last()?;
    if !k.is_empty() && last.statement == k {
        return Some((last.level, last));
    }
    if header.len() < 2 {
        return None;
    }
    anchors
        .iter()
        .rev()
        .find_map(|a| next_in(header, a.level).map(|l| (l, a)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbook::locate::testkit::{one_table, sheet};

    /// Each row as (sheet row 1-based, level, parent's sheet row 1-based or label).
    fn tree(rows: &[&[&str]]) -> Vec<(u32, Option<Level>, Option<String>)> {
        let t = one_table(vec![sheet("S", rows, &[])]);
        for r in &t.rows {
            eprintln!(
                "{} {:?} {:?}",
                r.row,
                r.statement.as_ref().map(|c| c.text.clone()),
                r.sections
                    .iter()
                    .map(|c| c.text.clone())
                    .collect::<Vec<_>>()
            );
        }
        t.rows
            .iter()
            .zip(places(&t))
            .map(|(r, p)| {
                let parent = p.parent.map(|(pr, _)| match pr {
                    ParentRef::Row(row) => (row + 1).to_string(),
                    ParentRef::Label(l) => l,
                });
                (r.row + 1, p.level.map(|(l, _)| l), parent)
            })
            .collect()
    }

    fn some(s: &str) -> Option<String> {
        Some(s.to_string())
    }

    #[test]
    fn words_of_headers_and_labels() {
        use Level::*;
        assert_eq!(
            header_levels("Sasaran/Program/Kegiatan"),
            vec![Sasaran, Program, Kegiatan]
        );
        assert_eq!(
            header_levels("Indikator Kinerja Program (Outcome)/Kegiatan (Output)"),
            vec![Program, Kegiatan]
        );
        assert_eq!(header_levels("Sub Kegiatan"), vec![Subkegiatan]);
        assert_eq!(header_levels("Sasaran Strategis"), vec![Sasaran]);
        assert_eq!(header_levels("Kinerja Utama"), vec![]);
        assert_eq!(leading_level("PROGRAM PENUNJANG URUSAN"), Some(Program));
        assert_eq!(
            leading_level("Kegiatan: Administrasi Keuangan"),
            Some(Kegiatan)
        );
        assert_eq!(leading_level("I Kinerja Tujuan"), Some(Tujuan));
        assert_eq!(leading_level("B. Sasaran"), Some(Sasaran));
        assert_eq!(
            leading_level("Sub Kegiatan Penyediaan Gaji"),
            Some(Subkegiatan)
        );
        assert_eq!(leading_level("Meningkatnya kualitas program"), None);
        assert_eq!(outline("1.2.3"), Some(vec![1, 2, 3]));
        assert_eq!(outline("4."), Some(vec![4]));
        assert_eq!(outline("a."), None);
        assert_eq!(outline("1..2"), None);
    }

    #[test]
    fn section_headings_give_levels_and_indicator_rows_parents() {
        use Level::*;
        let got = tree(&[
            &["No", "Program/Kegiatan", "Indikator", "Target", "Realisasi"],
            &["I", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH"],
            &["1", "", "Persentase layanan administrasi", "100", "90"],
            &["", "Kegiatan: Administrasi Keuangan"],
            &["2", "", "Jumlah laporan keuangan", "12", "12"],
            &["", "Sub Kegiatan: Penyediaan Gaji"],
            &["3", "", "Jumlah bulan gaji dibayar", "12", "12"],
            &["", "Kegiatan: Administrasi Umum"],
            &["4", "", "Jumlah paket alat tulis", "5", "5"],
            &["II", "PROGRAM PELAYANAN MASYARAKAT"],
            &["5", "", "Indeks kepuasan masyarakat", "80", "82"],
        ]);
        assert_eq!(
            got,
            vec![
                (3, Some(Program), None),
                (5, Some(Kegiatan), some("3")),
                (7, Some(Subkegiatan), some("5")),
                (9, Some(Kegiatan), some("3")),
                (11, Some(Program), None),
            ]
        );
    }

    #[test]
    fn rows_naming_their_own_kegiatan_under_a_program_heading() {
        use Level::*;
        // The Permendagri 54 recap (J-1): program rows without figures as headings, each
        // kegiatan's name in the statement column of its indicator rows.
        let got = tree(&[
            &[
                "Kode",
                "Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan",
                "Indikator Kinerja Program (outcomes)/ Kegiatan (output)",
                "Target",
                "Realisasi",
            ],
            &[
                "1.20.03.59",
                "Program Peningkatan Pengembangan Sistem Pelaporan Capaian Kinerja",
            ],
            &[
                "1.20.03.59.04",
                "Perencanaan, Evaluasi dan Pelaporan",
                "Penyusunan rencana kerja",
                "1",
                "1",
            ],
            &["", "", "Penyusunan LAKIP", "1", "1"],
            &[],
            &["1.20.03.53", "Program Pelayanan Administrasi Perkantoran"],
            &["", "", "Cakupan pelayanan administrasi", "100", "100"],
        ]);
        assert_eq!(
            got,
            vec![
                (3, Some(Kegiatan), None),
                (4, Some(Kegiatan), None),
                (7, Some(Program), None),
            ]
        );
    }

    #[test]
    fn a_numbered_outline_gives_parents_and_steps_down_the_header() {
        use Level::*;
        let got = tree(&[
            &[
                "No",
                "Sasaran/Program/Kegiatan",
                "Indikator",
                "Target",
                "Realisasi",
            ],
            &[
                "1",
                "Meningkatnya kualitas pelayanan",
                "Indeks kepuasan",
                "80",
                "82",
            ],
            &[
                "1.1",
                "Peningkatan pelayanan",
                "Persentase layanan sesuai SP",
                "100",
                "100",
            ],
            &["1.1.1", "Penyusunan SOP", "Jumlah SOP disusun", "10", "10"],
            &[
                "1.2",
                "Penanganan pengaduan",
                "Persentase pengaduan selesai",
                "100",
                "90",
            ],
            &["2", "Meningkatnya akuntabilitas", "Nilai SAKIP", "BB", "BB"],
        ]);
        assert_eq!(
            got,
            vec![
                (2, Some(Sasaran), None),
                (3, Some(Program), some("2")),
                (4, Some(Kegiatan), some("3")),
                (5, Some(Program), some("2")),
                (6, Some(Sasaran), None),
            ]
        );
    }

    #[test]
    fn the_order_of_rows_under_a_program_row_makes_its_kegiatan() {
        use Level::*;
        // The Permendagri 86 evaluation form: a program row with its outcome, then its
        // kegiatan with their outputs (blank statements belong to the kegiatan above).
        let got = tree(&[
            &[
                "No",
                "Program/Kegiatan",
                "Indikator Kinerja Program (Outcome)/Kegiatan (Output)",
                "Target",
                "Realisasi",
            ],
            &[
                "1",
                "Program Pelayanan Administrasi",
                "Cakupan layanan administrasi",
                "100",
                "100",
            ],
            &[
                "",
                "Penyediaan Alat Tulis",
                "Tersedianya alat tulis kantor",
                "12",
                "12",
            ],
            &["", "", "Tersedianya barang cetakan", "12", "12"],
            &[
                "",
                "Pelayanan Administrasi Aset",
                "Jumlah laporan aset",
                "1",
                "1",
            ],
            &[
                "2",
                "Program Peningkatan Kapasitas",
                "Cakupan peningkatan kapasitas",
                "100",
                "100",
            ],
            &[
                "",
                "Pendidikan dan Pelatihan",
                "Jumlah aparatur dilatih",
                "5",
                "5",
            ],
        ]);
        assert_eq!(
            got,
            vec![
                (2, Some(Program), None),
                (3, Some(Kegiatan), some("2")),
                (4, Some(Kegiatan), some("2")),
                (5, Some(Kegiatan), some("2")),
                (6, Some(Program), None),
                (7, Some(Kegiatan), some("6")),
            ]
        );
    }

    #[test]
    fn lettered_sub_items_hang_from_the_row_or_label_above() {
        use Level::*;
        let got = tree(&[
            &["No", "Sasaran", "Indikator", "Target", "Realisasi"],
            &[
                "1",
                "Meningkatnya sarana",
                "Jumlah sarana dan prasarana",
                "7",
                "7",
            ],
            &["", "", "a. Sarana pelayanan", "4", "4"],
            &["", "", "b. Sarana kelompok rentan", "3", "3"],
            &[
                "2",
                "Meningkatnya kebijakan",
                "Jumlah rumusan kebijakan bidang :",
            ],
            &["", "", "a. Pertanian", "3", "3"],
            &["", "", "b. Perikanan", "2", "2"],
        ]);
        assert_eq!(
            got,
            vec![
                (2, Some(Sasaran), None),
                (3, Some(Program), some("2")),
                (4, Some(Program), some("2")),
                (6, Some(Sasaran), some("Jumlah rumusan kebijakan bidang :")),
                (7, Some(Sasaran), some("Jumlah rumusan kebijakan bidang :")),
            ]
        );
    }

    #[test]
    fn a_flat_table_shows_no_parent_and_an_unnamed_column_no_level() {
        let got = tree(&[
            &["No", "Kinerja Utama", "Indikator", "Target", "Realisasi"],
            &[
                "1",
                "Meningkatnya kualitas",
                "Indeks pelayanan publik",
                "4",
                "4",
            ],
            &[
                "2",
                "Meningkatnya kepuasan",
                "Indeks kepuasan masyarakat",
                "80",
                "82",
            ],
        ]);
        assert_eq!(got, vec![(2, None, None), (3, None, None)]);
    }
}
