//! The last period's uploads (`batch --previous <consolidated.parquet>`): each kecamatan's
//! rows compared with what the same kecamatan reported before, for the same indicator
//! and year. Two rules:
//! - `revised-quarter`: a quarter the earlier upload already reported now holds another
//!   figure. Quarters are compared as each quarter's own figure, whatever typing
//!   (per quarter or cumulative) either sheet used, so one revised quarter is one
//!   finding, not one per later cumulative cell. A revision the keterangan explains
//!   ("revisi", "koreksi", "ralat", …) is said as info.
//! - `quarter-decrease`: a to-date figure of a counted (sum) indicator fell below what the
//!   earlier upload of an earlier or equal period reported, with no revised quarter to
//!   explain it (an upload with only an "s.d. TW" column shows the fall here).
//!
//! The earlier figures come from kinerja's own consolidated table (Parquet or CSV): the
//! columns `kecamatan`, `indicator_id`, `tahun`, `periode`, `file`, `realisasi` and
//! `realisasi_tw1` … `realisasi_tw4` (docs/outputs.md). Rows of another year are not
//! compared.

use super::quarters::same;
use super::{first_rows, num, Ctx, Row};
use crate::model::{CellRef, Rule, Severity, Text};
use crate::normalize::State;
use crate::report::FileReport;
use crate::schema::{Aggregation, Schema};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What one kecamatan reported for one indicator in the earlier upload.
#[derive(Debug, Clone, PartialEq)]
struct Earlier {
    file: String,
    periode: Option<String>,
    realisasi: Option<f64>,
    /// TW I..IV as the earlier sheet typed them.
    quarters: [Option<f64>; 4],
}

/// The earlier uploads of a batch's year, by (kecamatan, indicator id).
#[derive(Debug, Clone, Default)]
pub struct Previous {
    rows: HashMap<(String, String), Earlier>,
    /// Rows of the table that were of another year (not compared).
    pub other_years: usize,
    /// Rows with no kecamatan or no indicator id (not compared).
    pub unnamed: usize,
}

/// The columns `Previous` reads, in the order `Table` holds them.
const NEEDED: [&str; 10] = [
    "kecamatan",
    "indicator_id",
    "file",
    "periode",
    "tahun",
    "realisasi",
    "realisasi_tw1",
    "realisasi_tw2",
    "realisasi_tw3",
    "realisasi_tw4",
];

/// The needed columns of a consolidated table, read from either format.
#[derive(Default)]
struct Table {
    text: [Vec<Option<String>>; 5],
    numbers: [Vec<Option<f64>>; 5],
}

impl Previous {
    /// Read the consolidated table of an earlier batch: a `consolidated.parquet` or
    /// `consolidated.csv` file, or the output folder holding them. Keeps the rows of
    /// `tahun` that name a kecamatan and an indicator; the first row of a pair wins.
    ///
    /// Errors (both languages): the file cannot be read, is neither Parquet nor CSV, or
    /// lacks a column kinerja writes (so it is not a consolidated table).
    pub fn load(path: &Path, tahun: i32) -> Result<Previous, Text> {
        let path = resolve(path);
        let table = match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("parquet") => read_parquet(&path),
            Some(e) if e.eq_ignore_ascii_case("csv") => read_csv(&path),
            _ => Err(Text::new(
                format!(
                    "{}: --previous harus berupa consolidated.parquet atau consolidated.csv dari batch sebelumnya",
                    path.display()
                ),
                format!(
                    "{}: --previous must be the consolidated.parquet or consolidated.csv of an earlier batch",
                    path.display()
                ),
            )),
        }?;
        let mut previous = Previous::default();
        let [kecamatan, indicator, file, periode, tahun_text] = &table.text;
        let [realisasi, tw1, tw2, tw3, tw4] = &table.numbers;
        for i in 0..kecamatan.len() {
            let text = |c: &Vec<Option<String>>| c.get(i).cloned().flatten();
            let number = |c: &Vec<Option<f64>>| c.get(i).copied().flatten();
            let (Some(k), Some(id)) = (text(kecamatan), text(indicator)) else {
                previous.unnamed += 1;
                continue;
            };
            if text(tahun_text).and_then(|t| t.trim().parse::<i32>().ok()) != Some(tahun) {
                previous.other_years += 1;
                continue;
            }
            previous.rows.entry((k, id)).or_insert(Earlier {
                file: text(file).unwrap_or_default(),
                periode: text(periode),
                realisasi: number(realisasi),
                quarters: [number(tw1), number(tw2), number(tw3), number(tw4)],
            });
        }
        Ok(previous)
    }

    /// Rows that will be compared (this year's, with kecamatan and indicator).
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Compare each first row of a node in `report` with the same kecamatan's earlier
    /// figures and append `revised-quarter` / `quarter-decrease` findings (file,
    /// kecamatan and severity filled in). Needs `validate` to have run (it reads
    /// `Record::quarters_typed`). A report with no kecamatan is not compared.
    pub fn check(&self, report: &mut FileReport, schema: &Schema) {
        let Some(kecamatan) = report.kecamatan.clone() else {
            return;
        };
        let mut ctx = Ctx {
            schema,
            kecamatan: Some(&kecamatan),
            findings: Vec::new(),
        };
        let mut explained = Vec::new();
        let first = first_rows(&report.records);
        for (i, rec) in report.records.iter().enumerate() {
            if !first.get(i).copied().unwrap_or(false) {
                continue;
            }
            let Some(node) = rec.node_id().and_then(|id| schema.node(id)) else {
                continue;
            };
            let Some(earlier) = self.rows.get(&(kecamatan.clone(), node.id.clone())) else {
                continue;
            };
            let before = ctx.findings.len();
            let row = Row {
                rec,
                node: Some(node),
            };
            compare(
                &row,
                node.aggregation(),
                earlier,
                report.periode.as_deref(),
                &mut ctx,
            );
            let says_revised = mentions_revision(&rec.keterangan.text);
            explained.extend(std::iter::repeat_n(
                says_revised,
                ctx.findings.len() - before,
            ));
        }
        let start = report.findings.len();
        report.add_findings(ctx.findings, schema);
        for (f, explained) in report.findings.iter_mut().skip(start).zip(explained) {
            if explained && f.rule == Rule::RevisedQuarter {
                f.severity = Severity::Info;
            }
        }
    }
}

/// A folder means the consolidated table in it (Parquet, else CSV).
fn resolve(path: &Path) -> PathBuf {
    if !path.is_dir() {
        return path.to_path_buf();
    }
    let parquet = path.join("consolidated.parquet");
    if parquet.is_file() {
        parquet
    } else {
        path.join("consolidated.csv")
    }
}

fn cannot_read(path: &Path, e: impl std::fmt::Display) -> Text {
    Text::new(
        format!("{} tidak dapat dibaca: {e}", path.display()),
        format!("cannot read {}: {e}", path.display()),
    )
}

fn missing_column(path: &Path, column: &str) -> Text {
    Text::new(
        format!(
            "{} tidak memiliki kolom {column}: ini bukan tabel consolidated yang ditulis kinerja",
            path.display()
        ),
        format!(
            "{} has no column {column}: it is not a consolidated table kinerja wrote",
            path.display()
        ),
    )
}

fn read_parquet(path: &Path) -> Result<Table, Text> {
    use polars::prelude::*;
    let file = std::fs::File::open(path).map_err(|e| cannot_read(path, e))?;
    let df = ParquetReader::new(file)
        .finish()
        .map_err(|e| cannot_read(path, e))?;
    let mut table = Table::default();
    for (k, name) in NEEDED.iter().enumerate() {
        let column = df.column(name).map_err(|_| missing_column(path, name))?;
        if k < 5 {
            // Text columns; `tahun` is an integer column, read as its text.
            let cast = column
                .cast(&DataType::String)
                .map_err(|e| cannot_read(path, e))?;
            let values = cast.str().map_err(|e| cannot_read(path, e))?;
            if let Some(slot) = table.text.get_mut(k) {
                *slot = values.iter().map(|v| v.map(str::to_string)).collect();
            }
        } else {
            let cast = column
                .cast(&DataType::Float64)
                .map_err(|e| cannot_read(path, e))?;
            let values = cast.f64().map_err(|e| cannot_read(path, e))?;
            if let Some(slot) = table.numbers.get_mut(k - 5) {
                *slot = values.iter().collect();
            }
        }
    }
    Ok(table)
}

fn read_csv(path: &Path) -> Result<Table, Text> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| cannot_read(path, e))?;
    let headers = reader.headers().map_err(|e| cannot_read(path, e))?.clone();
    let mut at = Vec::new();
    for name in NEEDED {
        at.push(
            headers
                .iter()
                .position(|h| h.trim_start_matches('\u{feff}') == name)
                .ok_or_else(|| missing_column(path, name))?,
        );
    }
    let mut table = Table::default();
    for record in reader.records() {
        let record = record.map_err(|e| cannot_read(path, e))?;
        let field = |k: usize| {
            at.get(k)
                .and_then(|&i| record.get(i))
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        for (k, slot) in table.text.iter_mut().enumerate() {
            slot.push(field(k).map(str::to_string));
        }
        for (k, slot) in table.numbers.iter_mut().enumerate() {
            slot.push(field(k + 5).and_then(|s| s.parse::<f64>().ok()));
        }
    }
    Ok(table)
}

fn rank(periode: Option<&str>) -> Option<u8> {
    crate::normalize::periode_rank(periode?)
}

/// The quarters typed cumulatively, judged from the earlier row's own figures: the year
/// equal to the last filled quarter and not to their sum.
fn typed_cumulative(e: &Earlier) -> bool {
    let filled: Vec<f64> = e.quarters.iter().flatten().copied().collect();
    let (Some(year), Some(&last)) = (e.realisasi, filled.last()) else {
        return false;
    };
    let sum: f64 = filled.iter().sum();
    filled.len() >= 2 && same(year, last) && !same(sum, last)
}

/// Each quarter's own figure from cumulative ones (TW n minus TW n−1; a quarter after a
/// gap cannot be told and is None).
fn own_figures(q: [Option<f64>; 4], cumulative: bool) -> [Option<f64>; 4] {
    if !cumulative {
        return q;
    }
    let mut out = [None; 4];
    let mut before = Some(0.0);
    for (o, v) in out.iter_mut().zip(q) {
        *o = v.zip(before).map(|(v, b)| v - b);
        before = v;
    }
    out
}

/// Quarters' own figures typed as running totals (None after a gap).
fn running(q: [Option<f64>; 4]) -> [Option<f64>; 4] {
    let mut out = [None; 4];
    let mut total = Some(0.0);
    for (o, v) in out.iter_mut().zip(q) {
        total = total.zip(v).map(|(t, v)| t + v);
        *o = total;
    }
    out
}

fn compare(
    row: &Row<'_>,
    aggregation: Aggregation,
    earlier: &Earlier,
    periode: Option<&str>,
    ctx: &mut Ctx<'_>,
) {
    let rec = row.rec;
    let cells: Vec<Option<(f64, CellRef)>> = (0..4)
        .map(|q| {
            let v = rec.quarters.get(q)?.realisasi.as_ref()?;
            if v.state != State::Value {
                return None;
            }
            Some((v.number?, v.at.clone()?))
        })
        .collect();
    let now: [Option<f64>; 4] =
        std::array::from_fn(|q| cells.get(q).and_then(|c| c.as_ref().map(|c| c.0)));
    // Counted indicators add up over quarters, so typing matters; a percent or index is
    // the same figure either way.
    let summed = aggregation == Aggregation::Sum;
    let now_cumulative = rec.quarters_typed.as_deref() == Some("cumulative");
    let then_cumulative = typed_cumulative(earlier);
    let (now_own, then_own) = if summed {
        (
            own_figures(now, now_cumulative),
            own_figures(earlier.quarters, then_cumulative),
        )
    } else {
        (now, earlier.quarters)
    };
    // The earlier figure as this sheet types it, for the message.
    let then_shown = if summed && now_cumulative {
        running(then_own)
    } else if summed {
        then_own
    } else {
        earlier.quarters
    };
    let then_period = earlier.periode.as_deref().unwrap_or("?");
    let name = row.name();
    let mut revised = false;
    for q in 0..4 {
        let (Some(a), Some(b)) = (
            now_own.get(q).copied().flatten(),
            then_own.get(q).copied().flatten(),
        ) else {
            continue;
        };
        let Some(Some((typed, at))) = cells.get(q) else {
            continue;
        };
        if same(a, b) {
            continue;
        }
        revised = true;
        let shown = then_shown.get(q).copied().flatten().unwrap_or(b);
        let cell = at.a1();
        let tw = q + 1;
        let msg = Text::new(
            format!(
                "Realisasi TW {tw} {name} di sel {cell} adalah {}, tetapi unggahan sebelumnya ({}, periode {then_period}) melaporkan {}. Triwulan yang sudah dilaporkan berubah: periksa sel ini, atau jelaskan revisinya di keterangan.",
                num(*typed),
                earlier.file,
                num(shown)
            ),
            format!(
                "The TW {tw} realisasi of {name} in cell {cell} is {}, but the earlier upload ({}, period {then_period}) reported {}. A quarter already reported has changed: check this cell, or explain the revision in the keterangan.",
                num(*typed),
                earlier.file,
                num(shown)
            ),
        );
        ctx.push(
            Rule::RevisedQuarter,
            row,
            at.clone(),
            msg,
            num(*typed),
            num(shown),
        );
    }
    if revised || !summed {
        return;
    }
    // A later (or the same) period's to-date figure cannot be below an earlier one's.
    if let (Some(now_rank), Some(then_rank)) = (rank(periode), rank(earlier.periode.as_deref())) {
        if now_rank < then_rank {
            return;
        }
    }
    let (Some(now_total), Some(then_total)) = (
        (rec.realisasi.state == State::Value)
            .then_some(rec.realisasi.number)
            .flatten(),
        earlier.realisasi,
    ) else {
        return;
    };
    if now_total + 1e-9 >= then_total || same(now_total, then_total) {
        return;
    }
    let at = row.cell_of(&rec.realisasi);
    let cell = at.a1();
    let now_period = periode.unwrap_or("?");
    let msg = Text::new(
        format!(
            "Realisasi {name} sampai dengan periode ini ({now_period}) di sel {cell} adalah {}, lebih kecil dari {} yang dilaporkan pada unggahan sebelumnya ({}, periode {then_period}). Angka kumulatif tidak boleh turun: periksa sel ini.",
            num(now_total),
            num(then_total),
            earlier.file
        ),
        format!(
            "The to-date realisasi of {name} ({now_period}) in cell {cell} is {}, below the {} the earlier upload reported ({}, period {then_period}). A to-date figure cannot fall: check this cell.",
            num(now_total),
            num(then_total),
            earlier.file
        ),
    );
    ctx.push(
        Rule::QuarterDecrease,
        row,
        at,
        msg,
        num(now_total),
        format!("≥ {}", num(then_total)),
    );
}

/// The keterangan says the figure was revised on purpose.
fn mentions_revision(keterangan: &str) -> bool {
    let k = keterangan.to_lowercase();
    [
        "revisi",
        "koreksi",
        "ralat",
        "perbaikan",
        "diperbaiki",
        "pemutakhiran",
        "dimutakhirkan",
    ]
    .iter()
    .any(|w| k.contains(w))
}

/// An earlier upload's row for tests: (kecamatan, indicator id, periode, realisasi,
/// quarters).
#[cfg(test)]
type EarlierRow<'a> = (&'a str, &'a str, &'a str, Option<f64>, [Option<f64>; 4]);

/// The earlier uploads made of rows, for tests.
#[cfg(test)]
pub(crate) fn previous_of(rows: &[EarlierRow]) -> Previous {
    let mut p = Previous::default();
    for (k, id, periode, realisasi, quarters) in rows {
        p.rows.insert(
            (k.to_string(), id.to_string()),
            Earlier {
                file: format!("{}-lalu.xlsx", k.to_lowercase()),
                periode: Some(periode.to_string()),
                realisasi: *realisasi,
                quarters: *quarters,
            },
        );
    }
    p
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;
    use crate::report::{QuarterValues, Record};

    /// A record of `node` on Excel row 4 with quarters in columns H..K (TW I..IV) and the
    /// year in E, typed as `typed`.
    fn quartered(node: &str, year: &str, tw: [&str; 4], typed: &str) -> Record {
        let mut r = rec(4, node, "14", year, "");
        r.quarters = tw
            .iter()
            .enumerate()
            .map(|(i, t)| QuarterValues {
                realisasi: (!t.is_empty()).then(|| cell_val(t, 4, 7 + i as u32)),
                ..Default::default()
            })
            .collect();
        r.quarters_typed = Some(typed.to_string());
        r
    }

    fn checked(records: Vec<Record>, periode: &str, previous: &Previous) -> FileReport {
        let mut report = file(records);
        report.periode = Some(periode.to_string());
        previous.check(&mut report, &schema());
        report
    }

    #[test]
    fn a_revised_closed_quarter_is_one_finding_at_its_cell() {
        let previous = previous_of(&[(
            "Bajeng",
            "sop_disusun",
            "TW2",
            Some(6.0),
            [Some(3.0), Some(3.0), None, None],
        )]);
        // TW I was 3, now 5; TW II unchanged; TW III new.
        let report = checked(
            vec![quartered(
                "sop_disusun",
                "12",
                ["5", "3", "4", ""],
                "per-quarter",
            )],
            "TW3",
            &previous,
        );
        assert_eq!(
            brief(&report),
            vec![b("revised-quarter", "H4", "sop_disusun")]
        );
        let f = &report.findings[0];
        assert_eq!((f.found.as_str(), f.expected.as_str()), ("5", "3"));
        assert_eq!(f.severity, Severity::Warning);
        assert_eq!(
            f.message.id,
            "Realisasi TW 1 sop_disusun di sel H4 adalah 5, tetapi unggahan sebelumnya (bajeng-lalu.xlsx, periode TW2) melaporkan 3. Triwulan yang sudah dilaporkan berubah: periksa sel ini, atau jelaskan revisinya di keterangan."
        );
    }

    #[test]
    fn typing_changed_between_uploads_is_not_a_revision() {
        // Earlier per quarter 3, 3; now cumulative 3, 6, 10: the same quarters.
        let previous = previous_of(&[(
            "Bajeng",
            "sop_disusun",
            "TW2",
            Some(6.0),
            [Some(3.0), Some(3.0), None, None],
        )]);
        let report = checked(
            vec![quartered(
                "sop_disusun",
                "10",
                ["3", "6", "10", ""],
                "cumulative",
            )],
            "TW3",
            &previous,
        );
        assert_eq!(brief(&report), vec![]);
        // Earlier cumulative (3, 6 with the year 6); now cumulative with TW II revised
        // to 7: one finding, at TW II, shown as this sheet types it.
        let previous = previous_of(&[(
            "Bajeng",
            "sop_disusun",
            "TW2",
            Some(6.0),
            [Some(3.0), Some(6.0), None, None],
        )]);
        let report = checked(
            vec![quartered(
                "sop_disusun",
                "11",
                ["3", "7", "11", ""],
                "cumulative",
            )],
            "TW3",
            &previous,
        );
        assert_eq!(
            brief(&report),
            vec![b("revised-quarter", "I4", "sop_disusun")]
        );
        assert_eq!(report.findings[0].expected, "6");
    }

    #[test]
    fn a_revision_the_keterangan_explains_is_info() {
        let previous = previous_of(&[(
            "Bajeng",
            "sop_disusun",
            "TW1",
            Some(3.0),
            [Some(3.0), None, None, None],
        )]);
        let r = ket(
            quartered("sop_disusun", "9", ["4", "5", "", ""], "per-quarter"),
            "TW I direvisi: koreksi data SOP",
        );
        let report = checked(vec![r], "TW2", &previous);
        assert_eq!(
            brief(&report),
            vec![b("revised-quarter", "H4", "sop_disusun")]
        );
        assert_eq!(report.findings[0].severity, Severity::Info);
    }

    #[test]
    fn a_to_date_count_that_fell_since_the_earlier_upload() {
        // Only a to-date column (no quarters): 9 at TW II, 7 at TW III.
        let previous = previous_of(&[("Bajeng", "sop_disusun", "TW2", Some(9.0), [None; 4])]);
        let report = checked(vec![rec(4, "sop_disusun", "14", "7", "")], "TW3", &previous);
        assert_eq!(
            brief(&report),
            vec![b("quarter-decrease", "E4", "sop_disusun")]
        );
        let f = &report.findings[0];
        assert_eq!((f.found.as_str(), f.expected.as_str()), ("7", "≥ 9"));
        // Silent: risen, an earlier period than the earlier upload, another kecamatan,
        // a percentage (the last quarter's figure may fall).
        for (records, periode, kecamatan) in [
            (vec![rec(4, "sop_disusun", "14", "11", "")], "TW3", "Bajeng"),
            (vec![rec(4, "sop_disusun", "14", "7", "")], "TW1", "Bajeng"),
            (
                vec![rec(4, "sop_disusun", "14", "7", "")],
                "TW3",
                "Pallangga",
            ),
        ] {
            let mut report = file(records);
            report.periode = Some(periode.into());
            report.kecamatan = Some(kecamatan.into());
            previous.check(&mut report, &schema());
            assert_eq!(brief(&report), vec![], "{periode} {kecamatan}");
        }
        let previous = previous_of(&[("Bajeng", "sop_pct", "TW2", Some(90.0), [None; 4])]);
        let report = checked(vec![rec(4, "sop_pct", "100", "80", "")], "TW3", &previous);
        assert_eq!(brief(&report), vec![]);
    }

    #[test]
    fn the_consolidated_csv_is_read_by_column_name_and_year() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("consolidated.csv");
        std::fs::write(
            &path,
            "file,kecamatan,indicator_id,realisasi,tahun,periode,realisasi_tw1,realisasi_tw2,realisasi_tw3,realisasi_tw4\n\
             bajeng.xlsx,Bajeng,sop_disusun,6,2023,TW2,3,3,,\n\
             bajeng.xlsx,Bajeng,sop_pct,80,2022,TW4,,,,\n\
             x.xlsx,,sop_disusun,6,2023,TW2,,,,\n",
        )
        .unwrap();
        // The folder stands for its consolidated table.
        let p = Previous::load(dir.path(), 2023).unwrap();
        assert_eq!((p.len(), p.other_years, p.unnamed), (1, 1, 1));
        assert_eq!(
            p.rows
                .get(&("Bajeng".to_string(), "sop_disusun".to_string())),
            Some(&Earlier {
                file: "bajeng.xlsx".into(),
                periode: Some("TW2".into()),
                realisasi: Some(6.0),
                quarters: [Some(3.0), Some(3.0), None, None],
            })
        );
        std::fs::write(&path, "file,kecamatan\n").unwrap();
        let e = Previous::load(&path, 2023).unwrap_err();
        assert!(e.en.contains("has no column indicator_id"), "{}", e.en);
        let e = Previous::load(&dir.path().join("x.xlsx"), 2023).unwrap_err();
        assert!(
            e.en.contains("must be the consolidated.parquet"),
            "{}",
            e.en
        );
    }
}
