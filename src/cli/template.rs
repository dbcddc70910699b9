//! `kinerja template --kecamatan NAME [--schema FILE] [--periode P] --out FILE [--all]`:
//! write the workbook an office fills, from the schema (see `output::template`).

use super::{load_schema, setup_error_in, Done, Outcome};
use clap::Args;
use kinerja::model::{Lang, Text};
use kinerja::output::template::{file_name, write_template, Periode};
use kinerja::schema::{identify_kecamatan, Kecamatan};
use std::io::Write as _;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct TemplateArgs {
    /// The kecamatan (its name, an alias or its Kemendagri/BPS code). Not with --all.
    #[arg(long, value_name = "NAME", required_unless_present = "all")]
    pub kecamatan: Option<String>,
    /// Cascade schema (TOML). Default: the shipped Gowa 2023 schema.
    #[arg(long, value_name = "FILE")]
    pub schema: Option<PathBuf>,
    /// The reporting period: TW1, TW2, TW3, TW4 or tahunan.
    #[arg(long, value_enum, default_value = "tahunan")]
    pub periode: Periode,
    /// The workbook to write (.xlsx); with --all, the folder to write one per kecamatan.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// One template for every kecamatan of the schema, into the --out folder.
    #[arg(long, conflicts_with = "kecamatan")]
    pub all: bool,
    /// Leave out the tree-only nodes (required = false): an office that does not
    /// report them would otherwise leave blank rows (missing-value warnings).
    #[arg(long)]
    pub required_only: bool,
    /// Language of messages: id (Bahasa Indonesia) or en (English).
    #[arg(long, value_enum, default_value = "id")]
    pub lang: Lang,
}

pub fn run(a: TemplateArgs) -> Outcome {
    let lang = a.lang;
    let mut schema = match load_schema(a.schema.as_deref()) {
        Ok(s) => s,
        Err(e) => return setup_error_in(e.get(lang)),
    };
    if a.required_only {
        schema.nodes.retain(|n| n.required);
    }
    let targets: Vec<(Kecamatan, PathBuf)> = if a.all {
        if schema.kecamatan.is_empty() {
            return setup_error_in(
                Text::new(
                    "skema tidak memuat daftar kecamatan",
                    "the schema lists no kecamatan",
                )
                .get(lang),
            );
        }
        schema
            .kecamatan
            .iter()
            .map(|k| (k.clone(), a.out.join(file_name(&schema, k, a.periode))))
            .collect()
    } else {
        let name = a.kecamatan.clone().unwrap_or_default();
        let Some(found) = identify_kecamatan(&schema, &[name.as_str()]) else {
            return setup_error_in(
                Text::new(
                    format!(
                        "kecamatan \"{name}\" tidak dikenal di {}",
                        schema.regency.name
                    ),
                    format!("no kecamatan \"{name}\" in {}", schema.regency.name),
                )
                .get(lang),
            );
        };
        // A kecamatan of the regency the schema does not list (from the gazetteer).
        let k = schema
            .kecamatan
            .iter()
            .find(|k| k.name == found)
            .cloned()
            .unwrap_or(Kecamatan {
                name: found,
                bps: String::new(),
                kemendagri: String::new(),
                aliases: Vec::new(),
            });
        vec![(k, a.out.clone())]
    };
    for (k, path) in &targets {
        if let Err(e) = write_template(path, &schema, k, a.periode, None) {
            return setup_error_in(e);
        }
        let _ = writeln!(std::io::stdout(), "{}", path.display());
    }
    if a.all {
        errln!(
            "{}",
            Text::new(
                format!("{} templat ditulis ke {}", targets.len(), a.out.display()),
                format!("{} templates written to {}", targets.len(), a.out.display()),
            )
            .get(lang)
        );
    }
    Ok(Done::Ran)
}
