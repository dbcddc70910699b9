//! `kinerja inspect <FILE>`: show what the tool saw: each located table with its header
//! rows and the role of each column, then every data row with its normalized values and
//! their cells. `--format json` prints the same as JSON.

use super::{setup_error, untranslated, CommonArgs, Done, Format, Outcome};
use clap::Args;
use kinerja::model::col_letters;
use kinerja::normalize::{State, Value};
use kinerja::pipeline;
use kinerja::report::Record;
use std::fmt::Write as _;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct InspectArgs {
    /// The workbook to inspect.
    pub file: PathBuf,
    #[command(flatten)]
    pub common: CommonArgs,
    /// table (readable) or json.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

pub fn run(args: InspectArgs) -> Outcome {
    let schema = match args.common.setup_for_file(&args.file) {
        Ok(s) => s,
        Err(e) => return setup_error(&e, args.common.lang),
    };
    let processed = pipeline::process_file(
        &args.file,
        &kinerja::schema::Matcher::new(&schema),
        &args.common.limits(),
    );
    match args.format {
        Format::Json => {
            let json = serde_json::json!({
                "file": processed.report.file,
                "format": processed.report.format,
                "kecamatan": processed.report.kecamatan,
                "periode": processed.report.periode,
                "located": processed.located,
                "records": processed.report.records,
            });
            match serde_json::to_string_pretty(&json) {
                Ok(s) => outln!("{s}"),
                Err(e) => return setup_error(&untranslated(e), args.common.lang),
            }
        }
        Format::Table => out!("{}", render(&processed, args.common.lang)),
    }
    Ok(Done::Ran)
}

/// The located tables and their rows. Findings are in `lang`; the locator's own words
/// (roles, "not used" reasons, skipped sheets) are developer vocabulary, in English.
fn render(p: &pipeline::Processed, lang: kinerja::model::Lang) -> String {
    let r = &p.report;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "file: {}\nformat: {}\nkecamatan: {}",
        r.file,
        r.format
            .map(|f| format!("{f:?}").to_lowercase())
            .unwrap_or_else(|| "-".into()),
        r.kecamatan.as_deref().unwrap_or("-")
    );
    let _ = writeln!(out, "periode: {}", r.periode.as_deref().unwrap_or("-"));
    for f in r.findings.iter().filter(|f| f.at.is_none()) {
        let _ = writeln!(out, "{}: {}", f.rule, f.message.get(lang));
    }
    let Some(located) = &p.located else {
        return out;
    };
    for s in &located.skipped {
        let _ = writeln!(out, "skipped sheet '{}': {}", s.sheet, s.reason.en);
    }
    for t in &located.tables {
        let header: Vec<String> = t.header_rows.iter().map(|h| (h + 1).to_string()).collect();
        let _ = writeln!(
            out,
            "\nsheet '{}': header rows {}",
            t.sheet,
            header.join(", ")
        );
        for line in &t.title {
            let _ = writeln!(out, "  title: {line}");
        }
        let typed = r
            .records
            .iter()
            .filter(|rec| rec.sheet == t.sheet)
            .find_map(|rec| rec.quarters_typed.as_deref());
        if let Some(typed) = typed {
            let _ = writeln!(
                out,
                "  quarters: TW I–IV kept; typed {typed} (from the rows whose year and quarters tell)"
            );
        }
        if t.target_only {
            let _ = writeln!(out, "  targets only: no realisasi column");
        }
        for c in &t.columns {
            let mut how = format!("by \"{}\"", c.term);
            if let Some(p) = c.period {
                let _ = write!(how, ", {}", p.label());
            }
            if let Some(y) = c.year {
                let _ = write!(how, ", {y}");
            }
            if !c.parts.is_empty() {
                let cols: Vec<String> = c.parts.iter().map(|&p| col_letters(p)).collect();
                let _ = write!(how, ", the year from {}", cols.join(" "));
            }
            if let Some(f) = c.fallback {
                let _ = write!(how, ", {} where blank", col_letters(f));
            }
            let _ = writeln!(
                out,
                "  column {:<3} {:<11} \"{}\"  ({how})",
                col_letters(c.col),
                format!("{:?}", c.role).to_lowercase(),
                c.header
            );
        }
        for a in &t.alternatives {
            let role = a
                .role
                .map(|r| format!("{r:?}").to_lowercase())
                .unwrap_or_else(|| "-".into());
            let part = t
                .columns
                .iter()
                .any(|c| c.parts.contains(&a.col) || c.fallback == Some(a.col));
            let _ = writeln!(
                out,
                "  {} {:<3} {:<11} \"{}\": {}",
                if part { "used too" } else { "not used" },
                col_letters(a.col),
                role,
                a.header,
                a.why
            );
        }
        let _ = writeln!(out, "  rows:");
        // Only this table's rows: a sheet may hold several tables.
        let of_table =
            |rec: &&Record| rec.sheet == t.sheet && t.holds(rec.row, rec.indicator.at.as_ref());
        for rec in r.records.iter().filter(of_table) {
            let _ = writeln!(out, "{}", row_line(rec));
        }
    }
    out
}

fn row_line(rec: &Record) -> String {
    let id = rec.node_id().unwrap_or("?");
    let mut text: String = rec.indicator.text.chars().take(48).collect();
    if rec.indicator.text.chars().count() > 48 {
        text.push('…');
    }
    format!(
        "  {:>4}  {:<20} {:<49}  target {}  realisasi {}  capaian {}",
        rec.row + 1,
        id,
        text,
        value(&rec.target),
        value(&rec.realisasi),
        capaian(&rec.capaian)
    )
}

/// A capaian as `value` shows it, or a verdict in words ("Tercapai"), which validate
/// checks against the figures.
fn capaian(v: &Value) -> String {
    match (v.state, kinerja::normalize::verdict(&v.raw)) {
        (State::Unparseable, Some(_)) => {
            let cell = v.at.as_ref().map(|c| c.a1()).unwrap_or_else(|| "-".into());
            format!("verdict [{cell} {:?}]", v.raw)
        }
        _ => value(v),
    }
}

/// "85 [D8 \"85,00 (Baik)\"]": the normalized value, its cell and the original text.
fn value(v: &Value) -> String {
    let shown = match v.state {
        State::Value => {
            let n = v.number.map(|n| format!("{n}")).unwrap_or_default();
            let unit = v
                .unit
                .as_deref()
                .map(|u| format!(" {u}"))
                .unwrap_or_default();
            let label = v
                .label
                .as_deref()
                .map(|l| format!(" ({l})"))
                .unwrap_or_default();
            let amb = if v.ambiguous { " ambiguous" } else { "" };
            format!("{n}{unit}{label}{amb}")
        }
        State::Missing => "missing".into(),
        State::NotAvailable => "n/a".into(),
        State::Grade => v.grade.clone().unwrap_or_default(),
        State::Unparseable => "unparseable".into(),
    };
    let cell = v.at.as_ref().map(|c| c.a1()).unwrap_or_else(|| "-".into());
    format!("{shown} [{cell} {:?}]", v.raw)
}
