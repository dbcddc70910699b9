//! `kinerja check <FILE>`: validate one file and print its findings as a readable table
//! (or JSON with `--format json`). Writes nothing.

use super::{lang_pick, setup_error, untranslated, CommonArgs, FailOn, Format, Outcome};
use clap::Args;
use kinerja::model::{Finding, Lang};
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// The workbook to check.
    pub file: PathBuf,
    #[command(flatten)]
    pub common: CommonArgs,
    /// table (readable) or json (for scripts).
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Exit with 1 when a finding of this severity or worse exists.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_on: Option<FailOn>,
}

pub fn run(args: CheckArgs) -> Outcome {
    let schema = match args.common.setup_for_file(&args.file) {
        Ok(s) => s,
        Err(e) => return setup_error(&e, args.common.lang),
    };
    let report = kinerja::Checker::new(&schema)
        .with_limits(args.common.limits())
        .check_file(&args.file);
    let lang = args.common.lang;
    match args.format {
        // Each finding as the report holds it (`at`: sheet, 0-based row and col), plus
        // its A1 cell for people and scripts that address cells the Excel way.
        Format::Json => match serde_json::to_value(&report.findings).map(|mut v| {
            if let Some(list) = v.as_array_mut() {
                for (j, f) in list.iter_mut().zip(&report.findings) {
                    if let Some(obj) = j.as_object_mut() {
                        obj.insert("cell".into(), f.cell().into());
                    }
                }
            }
            v
        }) {
            Ok(v) => match serde_json::to_string_pretty(&v) {
                Ok(s) => outln!("{s}"),
                Err(e) => return setup_error(&untranslated(e), args.common.lang),
            },
            Err(e) => return setup_error(&untranslated(e), args.common.lang),
        },
        Format::Table => out!(
            "{}",
            render_table(
                &report.file,
                report.kecamatan.as_deref(),
                &report.findings,
                lang
            )
        ),
    }
    let summary = kinerja::batch::summarize(std::slice::from_ref(&report));
    Ok(FailOn::done(args.fail_on, &summary))
}

/// Findings as an aligned text table: cell, severity, rule, indicator, message.
pub fn render_table(
    file: &str,
    kecamatan: Option<&str>,
    findings: &[Finding],
    lang: Lang,
) -> String {
    let mut out = format!(
        "{file} ({}: {})\n",
        lang_pick(lang, "kecamatan", "kecamatan"),
        kecamatan.unwrap_or(lang_pick(lang, "tidak dikenali", "not identified"))
    );
    if findings.is_empty() {
        out.push_str(lang_pick(lang, "Tidak ada temuan.\n", "No findings.\n"));
        return out;
    }
    let header = [
        lang_pick(lang, "Sel", "Cell"),
        lang_pick(lang, "Tingkat", "Severity"),
        lang_pick(lang, "Aturan", "Rule"),
        lang_pick(lang, "Indikator", "Indicator"),
        lang_pick(lang, "Pesan", "Message"),
    ];
    let rows: Vec<[String; 5]> = findings
        .iter()
        .map(|f| {
            let cell = match &f.at {
                Some(at) => format!("{}!{}", at.sheet, at.a1()),
                None => "-".into(),
            };
            [
                cell,
                kinerja::output::severity_label(f.severity, lang).to_string(),
                f.rule.to_string(),
                f.indicator_id.clone().unwrap_or_else(|| "-".into()),
                f.message.get(lang).to_string(),
            ]
        })
        .collect();
    let width = |i: usize| {
        rows.iter()
            .map(|r| r.get(i).map_or(0, |s| s.chars().count()))
            .chain(header.get(i).map(|h| h.chars().count()))
            .max()
            .unwrap_or(0)
    };
    let widths = [width(0), width(1), width(2), width(3)];
    let line = |cols: [&str; 5]| {
        let [a, b, c, d, e] = cols;
        format!(
            "{a:<w0$}  {b:<w1$}  {c:<w2$}  {d:<w3$}  {e}\n",
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
            w3 = widths[3]
        )
    };
    out.push_str(&line(header));
    for r in &rows {
        out.push_str(&line([&r[0], &r[1], &r[2], &r[3], &r[4]]));
    }
    let n = findings.len();
    out.push_str(&format!(
        "{n} {}\n",
        match (lang, n) {
            (Lang::Id, _) => "temuan",
            (Lang::En, 1) => "finding",
            (Lang::En, _) => "findings",
        }
    ));
    out
}
