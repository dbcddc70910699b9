//! Hidden `kinerja worker`: the process `batch` reads files in. It takes jobs as JSON
//! lines on stdin and answers one report per line on stdout, with its memory capped so a
//! hostile file kills only this worker.

use super::{setup_error, setup_error_in, CommonArgs, Done, Failure, Outcome};
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
    /// The last period's consolidated table (see `batch --previous`).
    #[arg(long)]
    pub previous: Option<PathBuf>,
}

pub fn run(args: WorkerArgs) -> Outcome {
    let schema = match args.common.load_schema() {
        Ok(s) => s,
        Err(e) => return setup_error(&e, args.common.lang),
    };
    // Without the cap a hostile file can take the machine's memory: refuse to serve
    // rather than read unprotected (the batch then reads that file as unreadable).
    if batch::limit_memory(args.max_memory).is_err() {
        return Err(Failure::Reported);
    }
    let mut checker = kinerja::Checker::new(&schema).with_limits(worker_limits(&args));
    if let Some(path) = &args.previous {
        checker = match checker.with_previous(path) {
            Ok(c) => c,
            Err(e) => return setup_error_in(e.message(args.common.lang)),
        };
    }
    let opts = BatchOptions {
        out: args.out,
        lang: args.common.lang,
        threads: 1,
        isolation: Isolation::InProcess,
        write_cleaned: true,
    };
    // The worker's stderr goes nowhere (the batch reads its reports only); an error here
    // (the batch closed the pipe because it ended or died) is a normal end.
    match batch::serve_worker(&checker, &opts) {
        Ok(()) => Ok(Done::Ran),
        Err(_) => Err(Failure::Reported),
    }
}

/// Address space one laid-out cell may take in a worker, reading it and writing its
/// cleaned workbook. Measured: about 650 bytes resident per cell reading a 200,000-row,
/// 7-column sheet; address space runs above resident memory, hence the round-up.
const BYTES_PER_CELL: u64 = 1024;

/// The worker's limits: `--max-cells`, lowered so that the cells a sheet lays out fit
/// the worker's memory cap. A sheet beyond it is refused as it is read, before the
/// memory is taken, instead of killing the worker at the cap.
fn worker_limits(args: &WorkerArgs) -> kinerja::workbook::Limits {
    let mut limits = args.common.limits();
    if args.max_memory > 0 {
        let fits = args.max_memory.saturating_mul(1024 * 1024) / BYTES_PER_CELL;
        limits.max_cells = limits.max_cells.min(fits);
    }
    limits
}
