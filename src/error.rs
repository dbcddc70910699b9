//! One error type for the library's calls (`Schema::load`, `Previous::load` through
//! `Checker::with_previous`, `batch::run_files`, the writers). A broken input workbook
//! is never an `Error`: it is an `unreadable-file` finding in its report, and the rest
//! of the batch goes on. Every variant names the path it is about, and its message
//! exists in both languages (`message(lang)`); `Display` is the English one.

use crate::batch::SetupError;
use crate::model::{Lang, Text};
use crate::output::OutputError;
use crate::schema::SchemaError;
use std::path::PathBuf;

#[derive(Debug)]
pub enum Error {
    /// The schema file cannot be used: every problem with its file and line.
    Schema {
        path: PathBuf,
        errors: Vec<SchemaError>,
    },
    /// A batch that cannot start, or whose batch-wide outputs cannot be written (the
    /// output folder, its lock, worker threads, the spill file): exit code 2 or 3.
    Setup(SetupError),
    /// One output file could not be written.
    Output(OutputError),
    /// An earlier period's consolidated table (`--previous`) cannot be read.
    Previous { path: PathBuf, message: Text },
}

impl Error {
    /// The message a user reads, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Error::Schema { errors, .. } => {
                let lines: Vec<String> = errors.iter().map(|e| format!("  {e}")).collect();
                let lines = lines.join("\n");
                Text::new(
                    format!("skema mengandung kesalahan:\n{lines}"),
                    format!("the schema has errors:\n{lines}"),
                )
                .get(lang)
                .to_string()
            }
            Error::Setup(e) => e.message(lang).to_string(),
            Error::Output(e) => match lang {
                Lang::Id => format!("tidak dapat menulis {}: {}", e.path.display(), e.cause),
                Lang::En => e.to_string(),
            },
            Error::Previous { message, .. } => message.get(lang).to_string(),
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Output(e) => Some(e),
            _ => None,
        }
    }
}

impl From<SetupError> for Error {
    fn from(e: SetupError) -> Self {
        Error::Setup(e)
    }
}

impl From<OutputError> for Error {
    fn from(e: OutputError) -> Self {
        Error::Output(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_in_both_languages_name_the_path() {
        let e = Error::Schema {
            path: "skema.toml".into(),
            errors: vec![SchemaError {
                file: "skema.toml".into(),
                line: Some(3),
                message: "unknown kind".into(),
            }],
        };
        assert_eq!(
            e.message(Lang::Id),
            "skema mengandung kesalahan:\n  skema.toml:3: unknown kind"
        );
        assert_eq!(
            e.to_string(),
            "the schema has errors:\n  skema.toml:3: unknown kind"
        );
    }
}
