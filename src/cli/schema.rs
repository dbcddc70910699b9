//! `kinerja schema check <FILE>`: load a schema and report its errors and warnings
//! without reading any workbook. Exit 2 when it has errors.

use super::{EXIT_OK, EXIT_SETUP};
use clap::Subcommand;
use kinerja::schema;
use std::path::PathBuf;

#[derive(Subcommand, Debug)]
pub enum SchemaCommand {
    /// Check a schema file: syntax, unknown parents, cycles, duplicate ids, units,
    /// rollups; warn about near-duplicate nodes.
    Check {
        /// The schema file (TOML).
        file: PathBuf,
    },
}

pub fn run(cmd: SchemaCommand) -> i32 {
    match cmd {
        SchemaCommand::Check { file } => match schema::load(&file) {
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
                EXIT_OK
            }
            Err(errors) => {
                for e in &errors {
                    errln!("error: {e}");
                }
                errln!("{}: {} errors", file.display(), errors.len());
                EXIT_SETUP
            }
        },
    }
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
