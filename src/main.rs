//! The kinerja binary: parse the command line, call the library, set the exit code.

mod cli;

use clap::Parser;
use cli::{Cli, Commands};

fn main() {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { cli::EXIT_SETUP } else { 0 };
            let _ = e.print();
            std::process::exit(code);
        }
    };
    let code = match cli.command {
        Commands::Batch(a) => cli::batch::run(a),
        Commands::Check(a) => cli::check::run(a),
        Commands::Inspect(a) => cli::inspect::run(a),
        Commands::Schema(c) => cli::schema::run(c),
        Commands::Template(a) => cli::template::run(a),
        Commands::Worker(a) => cli::worker::run(a),
    };
    std::process::exit(code);
}
