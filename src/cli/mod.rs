//! The command line: one file per command (xsv style). Each parses its own arguments
//! and calls the library; no pipeline logic lives here.
//!
//! Printing goes through `outln!`/`out!`/`errln!`, which ignore write errors: a closed
//! stdout or stderr (`kinerja batch … | head -2`) means "stop printing", never a crash,
//! and the work (the outputs) is still done.

/// `println!` that never panics: a closed stdout is ignored.
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($t)*);
    }};
}

/// `print!` that never panics.
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout(), $($t)*);
    }};
}

/// `eprintln!` that never panics: a closed stderr is ignored.
macro_rules! errln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($t)*);
    }};
}

pub mod batch;
pub mod check;
pub mod inspect;
pub mod schema;
pub mod template;
pub mod worker;

use clap::{Args, Parser, Subcommand, ValueEnum};
use kinerja::batch::Summary;
use kinerja::model::{Lang, Text};
use kinerja::pipeline::{DEFAULT_SCHEMA, DEFAULT_SCHEMA_NAME};
use kinerja::schema::Schema;
use kinerja::workbook::Limits;
use std::path::{Path, PathBuf};

/// Exit codes of the contract.
pub const EXIT_OK: i32 = 0;
pub const EXIT_THRESHOLD: i32 = 1;
pub const EXIT_SETUP: i32 = 2;
/// The batch ran, but some outputs could not be written (`write-failed` findings, or the
/// batch-wide files): the output folder is not a complete, current set.
pub const EXIT_OUTPUT: i32 = 3;
/// A bug: a panic outside the per-file guards. One line is printed, never panic text.
pub const EXIT_INTERNAL: i32 = 101;

/// How a command ended. Every command returns one; `main` prints a failure's message
/// and turns the outcome into the exit code of the contract (`finish`).
pub type Outcome = Result<Done, Failure>;

/// A command that did its work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Done {
    /// Findings or not (exit 0).
    Ran,
    /// The `--fail-on` threshold was met (exit 1).
    ThresholdMet,
}

/// A command that could not do (all of) its work. Messages are in the language asked
/// for and are printed as `kinerja: <message>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Usage or setup (a bad schema, an unwritable --out, a missing file): nothing was
    /// done (exit 2).
    Setup(String),
    /// The job ran but outputs could not be written: the output folder is not a
    /// complete, current set (exit 3).
    Output(String),
    /// A setup problem with nothing (more) to print: its reasons were printed as they
    /// were found (a schema's errors, one line each), or there is no one to tell (a
    /// worker, whose stderr goes nowhere). Exit 2.
    Reported,
}

/// The exit code of an outcome, after printing a failure's message on stderr.
pub fn finish(outcome: Outcome) -> i32 {
    match outcome {
        Ok(Done::Ran) => EXIT_OK,
        Ok(Done::ThresholdMet) => EXIT_THRESHOLD,
        Err(Failure::Setup(message)) => {
            errln!("kinerja: {message}");
            EXIT_SETUP
        }
        Err(Failure::Output(message)) => {
            errln!("kinerja: {message}");
            EXIT_OUTPUT
        }
        Err(Failure::Reported) => EXIT_SETUP,
    }
}

#[derive(Parser, Debug)]
#[command(
    name = "kinerja",
    version,
    about = "Clean, validate and consolidate kecamatan performance realization workbooks",
    long_about = "kinerja reads the realization workbooks (xlsx, xlsm, xlsb, xls, ods) that \
kecamatan offices send their regency, normalizes Indonesian numbers, checks every row \
against the regency's cascade schema (pohon kinerja) and writes cleaned workbooks, a \
discrepancy report and one consolidated regency workbook.\n\nExit codes: 0 ran (with or \
without findings), 1 the --fail-on threshold was met, 2 usage or setup error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Commands,
}

#[derive(Subcommand, Debug)]
pub enum Commands {
    /// Process files and folders of uploads; write cleaned workbooks, the discrepancy
    /// report and the consolidated regency workbook into --out.
    Batch(batch::BatchArgs),
    /// Validate one file and print its findings.
    Check(check::CheckArgs),
    /// Show the table as located and normalized: what the tool saw.
    Inspect(inspect::InspectArgs),
    /// Work with schema files.
    #[command(subcommand)]
    Schema(schema::SchemaCommand),
    /// Write the workbook an office fills: the tree's rows, locked targets, validated
    /// realisasi cells, live capaian formulas.
    Template(template::TemplateArgs),
    /// Internal: read files on behalf of `batch` (JSON lines on stdin/stdout).
    #[command(hide = true)]
    Worker(worker::WorkerArgs),
}

/// Options every command that reads workbooks shares.
#[derive(Args, Debug, Clone)]
pub struct CommonArgs {
    /// Cascade schema (TOML). Default: the shipped Gowa 2023 schema.
    #[arg(long, value_name = "FILE")]
    pub schema: Option<PathBuf>,
    /// Language of messages: id (Bahasa Indonesia) or en (English).
    #[arg(long, value_enum, default_value = "id")]
    pub lang: Lang,
    /// The kabupaten/kota the files come from, instead of the schema's [regency] name:
    /// any of its kecamatan (Kemendagri 2025 list) is identified by name or code.
    #[arg(long, value_name = "NAME")]
    pub kabupaten: Option<String>,
    /// Largest number of cells a sheet may declare or hold.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_cells)]
    pub max_cells: u64,
    /// Largest input file read, in megabytes.
    #[arg(long, value_name = "MB", default_value_t = Limits::default().max_file_bytes / (1024 * 1024))]
    pub max_file_mb: u64,
    /// Largest total uncompressed size of an xlsx/ods container, in megabytes.
    #[arg(long, value_name = "MB", default_value_t = Limits::default().max_unzipped_bytes / (1024 * 1024))]
    pub max_unzipped_mb: u64,
}

impl CommonArgs {
    pub fn limits(&self) -> Limits {
        Limits {
            max_cells: self.max_cells,
            max_file_bytes: self.max_file_mb.saturating_mul(1024 * 1024),
            max_unzipped_bytes: self.max_unzipped_mb.saturating_mul(1024 * 1024),
        }
    }

    /// Load the schema or explain why not (the caller exits with 2).
    pub fn load_schema(&self) -> Result<Schema, Text> {
        let mut schema = load_schema(self.schema.as_deref())?;
        if let Some(name) = &self.kabupaten {
            let kab = kinerja::schema::wilayah::find_kabupaten(name)
                .map_err(|e| kinerja::schema::wilayah::lookup_message(name, &e))?;
            schema.regency.name = kab.nama.clone();
        }
        Ok(schema)
    }
}

impl CommonArgs {
    /// The set-up of a command about one file (`check`, `inspect`): the schema, and the
    /// file, which must be a file.
    pub fn setup_for_file(&self, file: &Path) -> Result<Schema, Text> {
        let schema = self.load_schema()?;
        if !file.exists() {
            let shown = file.display();
            return Err(Text::new(
                format!("berkas tidak ditemukan: {shown}"),
                format!("file not found: {shown}"),
            ));
        }
        if !file.is_file() {
            let shown = file.display();
            return Err(Text::new(
                format!("bukan berkas: {shown}"),
                format!("not a file: {shown}"),
            ));
        }
        Ok(schema)
    }
}

/// The given schema file, or the shipped one.
pub fn load_schema(path: Option<&Path>) -> Result<Schema, Text> {
    let loaded = match path {
        Some(p) => Schema::load(p),
        None => kinerja::schema::load_str(DEFAULT_SCHEMA, DEFAULT_SCHEMA_NAME)
            .map(|(s, _warnings)| s)
            .map_err(|errors| kinerja::Error::Schema {
                path: DEFAULT_SCHEMA_NAME.into(),
                errors,
            }),
    };
    loaded.map_err(|e| error_text(&e))
}

/// A library error as the two-language text every message is.
pub fn error_text(e: &kinerja::Error) -> Text {
    Text::new(e.message(Lang::Id), e.message(Lang::En))
}

/// `--fail-on` threshold.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    Error,
    Warning,
}

impl FailOn {
    /// How a command that ran ends: `ThresholdMet` (exit 1) when any finding is at or
    /// above the threshold, else `Ran`.
    pub fn done(fail_on: Option<FailOn>, summary: &Summary) -> Done {
        let met = match fail_on {
            None => false,
            Some(FailOn::Error) => summary.errors > 0,
            Some(FailOn::Warning) => summary.errors + summary.warnings > 0,
        };
        if met {
            Done::ThresholdMet
        } else {
            Done::Ran
        }
    }
}

/// Output format of `check` and `inspect`.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Table,
    Json,
}

/// A setup error the user can act on, in the user's language (exit 2).
pub fn setup_error(message: &Text, lang: Lang) -> Outcome {
    Err(Failure::Setup(message.get(lang).to_string()))
}

/// A setup error whose message is already in the language asked for (exit 2).
pub fn setup_error_in(message: impl std::fmt::Display) -> Outcome {
    Err(Failure::Setup(message.to_string()))
}

/// The same text in both languages (technical detail that has no translation).
pub fn untranslated(s: impl std::fmt::Display) -> Text {
    let s = s.to_string();
    Text::new(s.clone(), s)
}

/// The language asked for on a command line that may not parse: `--lang en` or
/// `--lang=en` anywhere, else the default, Bahasa Indonesia.
pub fn lang_of_args(args: &[std::ffi::OsString]) -> Lang {
    let mut it = args.iter().map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        if a == "--lang=en" || (a == "--lang" && it.next().is_some_and(|v| v == "en")) {
            return Lang::En;
        }
    }
    Lang::Id
}

/// A usage error in Bahasa Indonesia (clap writes English): what is wrong, and where help
/// is.
pub fn usage_error_id(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ErrorKind};
    let ctx = |k| e.get(k).map(|v| v.to_string()).unwrap_or_default();
    let what = match e.kind() {
        ErrorKind::UnknownArgument => {
            format!("argumen tidak dikenal: {}", ctx(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidSubcommand => format!(
            "perintah tidak dikenal: {}",
            ctx(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::MissingRequiredArgument => format!(
            "argumen wajib belum diberikan: {}",
            ctx(ContextKind::InvalidArg)
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => format!(
            "nilai {:?} tidak sah untuk {}",
            ctx(ContextKind::InvalidValue),
            ctx(ContextKind::InvalidArg)
        ),
        ErrorKind::MissingSubcommand => "perintah belum diberikan".to_string(),
        ErrorKind::ArgumentConflict => format!(
            "argumen {} tidak dapat dipakai bersama argumen lain yang diberikan",
            ctx(ContextKind::InvalidArg)
        ),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("jumlah nilai salah untuk {}", ctx(ContextKind::InvalidArg))
        }
        _ => "perintah tidak dapat dipahami".to_string(),
    };
    format!(
        "kinerja: {what}\nLihat `kinerja --help` (perintah: batch, check, inspect, schema init, schema check, schema targets, template)."
    )
}

pub fn lang_pick(lang: Lang, id: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_outcome_has_its_exit_code_of_the_contract() {
        assert_eq!(finish(Ok(Done::Ran)), 0);
        assert_eq!(finish(Ok(Done::ThresholdMet)), 1);
        assert_eq!(finish(Err(Failure::Setup("skema tidak ada".into()))), 2);
        assert_eq!(finish(Err(Failure::Reported)), 2);
        assert_eq!(finish(Err(Failure::Output("disk penuh".into()))), 3);
        let text = Text::new("berkas tidak ada", "file not found");
        assert_eq!(
            setup_error(&text, Lang::En),
            Err(Failure::Setup("file not found".into()))
        );
    }
}
