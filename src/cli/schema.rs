//! `kinerja schema check <FILE>`: load a schema and report its errors and warnings
//! without reading any workbook. Exit 2 when it has errors.
//! `kinerja schema init`: draft a schema from a regency's own workbooks.
//! `kinerja schema targets`: fill per-kecamatan targets from PK workbooks.

use super::{setup_error_in, Done, Failure, Outcome};
use clap::{Args, Subcommand};
use kinerja::model::{Lang, Text};
use kinerja::output::atomic_write;
use kinerja::schema::{self, wilayah};
use kinerja::workbook::Limits;
use std::path::{Path, PathBuf};

#[derive(Subcommand, Debug)]
pub enum SchemaCommand {
    /// Check a schema file: syntax, unknown parents, cycles, duplicate ids, units,
    /// rollups; warn about near-duplicate nodes.
    Check {
        /// The schema file (TOML).
        file: PathBuf,
    },
    /// Draft a schema from a regency's workbooks (realization uploads, PK target
    /// tables, pohon kinerja sheets): one node per indicator, aliases, targets, the
    /// kabupaten's kecamatan from the Kemendagri 2025 list. Every guess is marked
    /// "# periksa:".
    Init(InitArgs),
    /// Fill or update per-kecamatan targets of a schema from signed PK workbooks;
    /// lists every change. --dry-run only shows them.
    Targets(TargetsArgs),
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// Workbooks and folders of workbooks.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// The kabupaten/kota: "Kabupaten Gowa", "Kota Makassar", "Gowa" or its code "73.06".
    #[arg(long, value_name = "NAME")]
    pub kabupaten: String,
    /// The year the indicators and targets belong to.
    #[arg(long, value_name = "YEAR")]
    pub tahun: i32,
    /// The schema file to write.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Overwrite --out if it exists.
    #[arg(long)]
    pub force: bool,
    /// Language of messages: id (Bahasa Indonesia) or en (English).
    #[arg(long, value_enum, default_value = "id")]
    pub lang: Lang,
}

#[derive(Args, Debug)]
pub struct TargetsArgs {
    /// PK workbooks and folders of them.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// The schema file to update (written in place, atomically).
    #[arg(long, value_name = "FILE")]
    pub schema: PathBuf,
    /// Show the changes, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Language of messages: id (Bahasa Indonesia) or en (English).
    #[arg(long, value_enum, default_value = "id")]
    pub lang: Lang,
}

pub fn run(cmd: SchemaCommand) -> Outcome {
    match cmd {
        SchemaCommand::Check { file } => check(&file),
        SchemaCommand::Init(a) => init(a),
        SchemaCommand::Targets(a) => targets(a),
    }
}

fn check(file: &Path) -> Outcome {
    match schema::load(file) {
        Ok((s, warnings)) => {
            for w in &warnings {
                let line = w.line.map(|l| format!(":{l}")).unwrap_or_default();
                errln!("warning: {}{line}: {}", w.file, w.message);
            }
            outln!(
                "{}: OK, {} nodes, {} kecamatan, {} warnings",
                file.display(),
                s.nodes.len(),
                s.kecamatan.len(),
                warnings.len()
            );
            outln!("{}", aggregations(&s));
            Ok(Done::Ran)
        }
        Err(errors) => {
            for e in &errors {
                errln!("error: {e}");
            }
            errln!("{}: {} errors", file.display(), errors.len());
            Err(Failure::Reported)
        }
    }
}

fn say(lang: Lang, id: String, en: String) -> String {
    Text::new(id, en).get(lang).to_string()
}

fn write_text(path: &Path, text: &str) -> Result<(), String> {
    atomic_write(path, |w| {
        w.write_all(text.as_bytes())?;
        Ok(())
    })
    .map_err(|e| e.to_string())
}

fn init(a: InitArgs) -> Outcome {
    let lang = a.lang;
    let kab = match wilayah::find_kabupaten(&a.kabupaten) {
        Ok(k) => k,
        Err(e) => return setup_error_in(wilayah::lookup_message(&a.kabupaten, &e).get(lang)),
    };
    if a.out.exists() && !a.force {
        return setup_error_in(say(
            lang,
            format!(
                "{} sudah ada; pakai --force untuk menimpanya",
                a.out.display()
            ),
            format!("{} exists; use --force to overwrite it", a.out.display()),
        ));
    }
    let files = match schema::init::inputs(&a.inputs) {
        Ok(f) => f,
        Err(e) => return setup_error_in(e.get(lang)),
    };
    let draft = schema::init::draft(&files, kab, a.tahun, &Limits::default());
    for n in &draft.notes {
        errln!("{}", n.get(lang));
    }
    // The draft must pass the check as written; never write one that does not.
    if let Err(errors) = schema::load_str(&draft.toml, &a.out.display().to_string()) {
        for e in &errors {
            errln!("error: {e}");
        }
        return setup_error_in(say(
            lang,
            "draf skema tidak lolos pemeriksaan (kesalahan kinerja; mohon dilaporkan)".into(),
            "the drafted schema does not pass the check (a kinerja bug; please report it)".into(),
        ));
    }
    if let Err(e) = write_text(&a.out, &draft.toml) {
        return setup_error_in(e);
    }
    let periksa = draft.toml.matches("# periksa:").count();
    outln!(
        "{}",
        say(
            lang,
            format!(
                "{}: {} indikator, {} kecamatan ({}), dari {} berkas ({} bertabel); {} catatan \"# periksa:\" untuk dicek",
                a.out.display(),
                draft.schema.nodes.len(),
                draft.schema.kecamatan.len(),
                kab.nama,
                draft.files,
                draft.files_with_table,
                periksa
            ),
            format!(
                "{}: {} indicators, {} kecamatan ({}), from {} files ({} with a table); {} \"# periksa:\" notes to check",
                a.out.display(),
                draft.schema.nodes.len(),
                draft.schema.kecamatan.len(),
                kab.nama,
                draft.files,
                draft.files_with_table,
                periksa
            ),
        )
    );
    Ok(Done::Ran)
}

fn targets(a: TargetsArgs) -> Outcome {
    let lang = a.lang;
    let text = match std::fs::read_to_string(&a.schema) {
        Ok(t) => t,
        Err(e) => {
            return setup_error_in(say(
                lang,
                format!("tidak dapat membaca {}: {e}", a.schema.display()),
                format!("cannot read {}: {e}", a.schema.display()),
            ))
        }
    };
    let name = a.schema.display().to_string();
    let s = match schema::load_str(&text, &name) {
        Ok((s, _)) => s,
        Err(errors) => {
            for e in &errors {
                errln!("error: {e}");
            }
            return Err(Failure::Reported);
        }
    };
    let files = match schema::init::inputs(&a.inputs) {
        Ok(f) => f,
        Err(e) => return setup_error_in(e.get(lang)),
    };
    let collected = schema::targets::collect(&files, &s, &Limits::default());
    for n in &collected.notes {
        errln!("{}", n.get(lang));
    }
    let mut out = String::new();
    for c in &collected.changes {
        let old = c
            .old
            .as_ref()
            .map(schema::targets::show)
            .unwrap_or_else(|| say(lang, "(kosong)".into(), "(none)".into()));
        out.push_str(&format!(
            "{:<28} {:<22} {old} -> {}   ({})\n",
            c.node_id,
            c.kecamatan,
            schema::targets::show(&c.new),
            c.source
        ));
    }
    print!("{out}");
    let summary = |verb_id: &str, verb_en: &str| {
        say(
            lang,
            format!(
                "{} target {verb_id}, {} sudah sama, dari {} berkas",
                collected.changes.len(),
                collected.unchanged,
                files.len()
            ),
            format!(
                "{} targets {verb_en}, {} already equal, from {} files",
                collected.changes.len(),
                collected.unchanged,
                files.len()
            ),
        )
    };
    if collected.changes.is_empty() {
        outln!(
            "{}",
            summary("diubah: tidak ada perubahan", "changed: nothing to do")
        );
        return Ok(Done::Ran);
    }
    if a.dry_run {
        outln!(
            "{}",
            summary(
                "akan diubah (--dry-run: tidak ada yang ditulis)",
                "to change (--dry-run: nothing written)"
            )
        );
        return Ok(Done::Ran);
    }
    let updated = match schema::targets::apply(&text, &collected.changes) {
        Ok(t) => t,
        Err(e) => return setup_error_in(e),
    };
    if let Err(errors) = schema::load_str(&updated, &name) {
        for e in &errors {
            errln!("error: {e}");
        }
        return Err(Failure::Reported);
    }
    if let Err(e) = write_text(&a.schema, &updated) {
        return setup_error_in(e);
    }
    outln!("{}", summary("diubah", "changed"));
    Ok(Done::Ran)
}

/// How each node's quarters make its year, set in the schema or defaulted from its kind
/// ("(default)" marks the defaults), so a planner sees what `quarter-sum-mismatch` uses.
fn aggregations(s: &schema::Schema) -> String {
    use kinerja::schema::Aggregation;
    let mut out = String::from("quarters → year:");
    for (agg, name) in [
        (Aggregation::Sum, "sum"),
        (Aggregation::Last, "last"),
        (Aggregation::Average, "average"),
    ] {
        let ids: Vec<String> = s
            .nodes
            .iter()
            .filter(|n| n.aggregation() == agg)
            .map(|n| {
                if n.aggregation.is_some() {
                    n.id.clone()
                } else {
                    format!("{} (default)", n.id)
                }
            })
            .collect();
        if !ids.is_empty() {
            out.push_str(&format!("\n  {name}: {}", ids.join(", ")));
        }
    }
    out
}
