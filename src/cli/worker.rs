//! Hidden `kinerja worker`: the process `batch` reads files in. It takes jobs as JSON
//! lines on stdin and answers one report per line on stdout, with its memory capped so a
//! hostile file kills only this worker.

use super::{setup_error, CommonArgs, EXIT_OK, EXIT_SETUP};
use clap::Args;
use kinerja::batch::{self, BatchOptions, Isolation};
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct WorkerArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long, default_value_t = 2048)]
    pub max_memory: u64,
}

pub fn run(args: WorkerArgs) -> i32 {
    let schema = match args.common.load_schema() {
        Ok(s) => s,
        Err(e) => return setup_error(&e, args.common.lang),
    };
    // Without the cap a hostile file can take the machine's memory: refuse to serve
    // rather than read unprotected (the batch then reads that file as unreadable).
    if batch::limit_memory(args.max_memory).is_err() {
        return EXIT_SETUP;
    }
    let opts = BatchOptions {
        out: args.out,
        lang: args.common.lang,
        limits: args.common.limits(),
        threads: 1,
        isolation: Isolation::InProcess,
    };
    // The worker's stderr goes nowhere (the batch reads its reports only); an error here
    // (the batch closed the pipe because it ended or died) is a normal end.
    match batch::serve_worker(&schema, &opts) {
        Ok(()) => EXIT_OK,
        Err(_) => EXIT_SETUP,
    }
}
