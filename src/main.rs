//! The kinerja binary: parse the command line, call the library, set the exit code.

mod cli;

use clap::Parser;
use cli::{Cli, Commands};
use kinerja::model::Lang;

fn main() {
    // No panic text ever reaches the terminal, whatever RUST_BACKTRACE says: panics on a
    // hostile file are caught and become findings, and a panic anywhere else is reported
    // below in one line. The hook is per process, so workers are silent too.
    std::panic::set_hook(Box::new(|_| {}));
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = cli::lang_of_args(&args);
    let cli = match Cli::try_parse_from(&args) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { cli::EXIT_SETUP } else { 0 };
            use clap::error::ErrorKind;
            let help_like = matches!(
                e.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            );
            if lang == Lang::Id && !help_like {
                use std::io::Write as _;
                let _ = writeln!(std::io::stderr(), "{}", cli::usage_error_id(&e));
            } else {
                // Help text, or English on request; a closed pipe is not an error.
                let _ = e.print();
            }
            std::process::exit(code);
        }
    };
    let run = move || match cli.command {
        Commands::Batch(a) => cli::batch::run(a),
        Commands::Check(a) => cli::check::run(a),
        Commands::Inspect(a) => cli::inspect::run(a),
        Commands::Schema(c) => cli::schema::run(c),
        Commands::Template(a) => cli::template::run(a),
        Commands::Worker(a) => cli::worker::run(a),
    };
    let code = match std::panic::catch_unwind(run) {
        Ok(outcome) => cli::finish(outcome),
        Err(_) => {
            use std::io::Write as _;
            let message = match lang {
                Lang::Id => "kinerja: kesalahan internal (bug); laporkan perintah dan berkas yang memicunya",
                Lang::En => "kinerja: internal error (a bug); please report the command and the file that caused it",
            };
            let _ = writeln!(std::io::stderr(), "{message}");
            cli::EXIT_INTERNAL
        }
    };
    std::process::exit(code);
}
