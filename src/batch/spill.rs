//! The streaming run: reports spill to a file in the output folder, then are read back
//! once, in output order, and fed to every batch-wide writer (each on its own thread).

use super::*;
use crate::output;
use crate::report::FileReport;
use std::io::Write;
use std::path::PathBuf;

/// Where one report sits in the spill file, and what the batch needs of it without
/// reading it back: its output order and its batch-level findings. Only this stays in
/// memory per file (its counts go into the batch's summary as it arrives), so the
/// index is a few hundred bytes a file.
struct Spilled {
    file: String,
    path: String,
    kecamatan: Option<String>,
    offset: u64,
    len: usize,
}

/// The whole batch with memory that does not grow with the number of files: each report
/// is written to a spill file in the output folder as soon as it is done (JSON, the
/// same encoding the workers answer in)
/// and only a small index stays in memory; then the reports are read back one by one
/// in output order, given their batch-level findings, and fed to the streaming writers.
/// Outputs are byte-identical to `run_files` followed by `write_outputs`.
pub fn run_batch(
    files: &[PathBuf],
    checker: &Checker,
    opts: &BatchOptions,
    progress: &(dyn Fn(&FileDone) + Sync),
) -> Result<BatchReport, SetupError> {
    let schema = checker.schema();
    // The batch-wide outputs: the discrepancy report, the long table (consolidated.csv
    // and .parquet) and the regency workbook (consolidated.xlsx).
    let outputs = || -> Result<output::Sinks, output::OutputError> {
        let discrepancies = output::DiscrepanciesWriter::new(&opts.out, opts.lang)?;
        let (tables, workbook) =
            output::ConsolidatedWriter::new(&opts.out, schema, opts.lang)?.split();
        Ok(vec![
            Box::new(discrepancies),
            Box::new(tables),
            Box::new(workbook),
        ])
    };
    run_batch_into(files, checker, opts, progress, outputs)
}

/// `run_batch` with the caller's outputs: `sinks` is called once every file is read
/// and returns the writers, each fed every report in output order on its own thread and
/// finished with the `BatchReport`.
pub fn run_batch_into<'s>(
    files: &[PathBuf],
    checker: &Checker<'s>,
    opts: &BatchOptions,
    progress: &(dyn Fn(&FileDone) + Sync),
    sinks: impl FnOnce() -> Result<output::Sinks<'s>, output::OutputError>,
) -> Result<BatchReport, SetupError> {
    let schema = checker.schema();
    use std::io::{Read, Seek, SeekFrom};
    use std::sync::Mutex;
    let spill_error = |e: std::io::Error| {
        SetupError::new(
            format!(
                "berkas sementara di {} tidak dapat dipakai: {e}",
                opts.out.display()
            ),
            format!("cannot use a temporary file in {}: {e}", opts.out.display()),
        )
    };
    // Removed when dropped, whatever happens.
    let spill = tempfile::Builder::new()
        .prefix(SPILL_PREFIX)
        .suffix(".tmp")
        .tempfile_in(&opts.out)
        .map_err(spill_error)?;
    // The spill file, its length so far, and the counts of every file spilled.
    let sink = Mutex::new((
        std::io::BufWriter::new(spill.as_file().try_clone().map_err(spill_error)?),
        0u64,
        Summary::default(),
    ));
    let spilled = process_each(files, checker, opts, &|reply| -> Result<Spilled, String> {
        // A worker's answer is stored as it came (one encoding per report); a report
        // made here is encoded now. serde_json is built with float_roundtrip, so every
        // f64 comes back bit for bit and the outputs equal the in-memory path's.
        let (done, bytes) = match reply {
            Reply::Worker { done, json } => (done, json.into_bytes()),
            Reply::Here(report) => (
                FileDone::of(&report),
                serde_json::to_vec(&report).map_err(|e| e.to_string())?,
            ),
        };
        progress(&done);
        let mut guard = sink
            .lock()
            .map_err(|_| "spill file lock poisoned".to_string())?;
        let (writer, end, summary) = &mut *guard;
        let offset = *end;
        writer.write_all(&bytes).map_err(|e| e.to_string())?;
        *end += bytes.len() as u64;
        summary.merge(&done.summary);
        Ok(Spilled {
            file: done.file,
            path: done.path,
            kecamatan: done.kecamatan,
            offset,
            len: bytes.len(),
        })
    })?;
    let spilled: Vec<Spilled> = spilled.into_iter().collect::<Result<_, _>>().map_err(|e| {
        SetupError::new(
            format!("berkas sementara (spill) tidak dapat ditulis: {e}"),
            format!("cannot write the temporary spill file: {e}"),
        )
    })?;
    let (mut writer, _, mut summary) = sink
        .into_inner()
        .map_err(|_| SetupError::new("kunci berkas spill rusak", "spill file lock poisoned"))?;
    writer.flush().map_err(spill_error)?;
    drop(writer);

    // Batch-level findings, per input position.
    let keys: Vec<(&str, Option<&str>)> = spilled
        .iter()
        .map(|s| (s.file.as_str(), s.kecamatan.as_deref()))
        .collect();
    // Each file's `duplicate-upload` finding is made when its report is read back, never
    // held for every file at once; here they are only counted.
    let uploads = Uploads::of(&keys, schema);
    uploads.count_into(&mut summary);
    // The figures are added as the reports are read back, in output order.
    let mut batch = BatchReport {
        summary,
        findings: uploads.missing.clone(),
        figures: Default::default(),
    };
    let mut tally = crate::figures::Tally::new(schema);

    // Output order: as `output::sorted_reports`.
    let mut order: Vec<(usize, &Spilled)> = spilled.iter().enumerate().collect();
    order.sort_by_key(|&(i, s)| {
        (
            output::report_order(s.kecamatan.as_deref(), &s.file, &s.path),
            i,
        )
    });

    // One pass over the spill: each report is read and decoded once, here, and handed to
    // every output family (sink), each writing on its own thread, so the families' work
    // overlaps instead of following one another. A bounded queue per family keeps at most
    // a few reports waiting in memory.
    let mut reader = spill.reopen().map_err(spill_error)?;
    let mut next_report =
        |i: usize, s: &Spilled, buf: &mut Vec<u8>| -> Result<FileReport, SetupError> {
            buf.resize(s.len, 0);
            reader
                .seek(SeekFrom::Start(s.offset))
                .map_err(spill_error)?;
            reader.read_exact(buf).map_err(spill_error)?;
            let mut report: FileReport = serde_json::from_slice(buf).map_err(|e| {
                SetupError::new(
                    format!("berkas sementara (spill) tidak dapat dibaca kembali: {e}"),
                    format!("cannot read back the temporary spill file: {e}"),
                )
            })?;
            report.findings.extend(uploads.finding_of(i, &s.file));
            Ok(report)
        };
    // The outputs, each a sink on its own thread. rust_xlsxwriter panics when its
    // temporary files cannot be written (a full disk): that is an output that could not
    // be written, said as such, never a crash.
    let sinks = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(sinks)) {
        Ok(made) => made.map_err(output_error)?,
        Err(_) => return Err(outputs_unwritable(&opts.out)),
    };
    // The whole batch's report, shared with every sink's `finish` once all is read.
    let mut finished: Option<std::sync::Arc<BatchReport>> = None;
    // Each sink's files, complete under temporary names: renamed into place together
    // once every sink has finished, so a failed output never leaves this run's other
    // outputs beside the previous run's.
    let written: Result<output::Staged, SetupError> = std::thread::scope(|scope| {
        let mut queues = Vec::new();
        let mut writers = Vec::new();
        for mut sink in sinks {
            let (send, receive) = std::sync::mpsc::sync_channel::<Feed>(16);
            queues.push(send);
            let writer = std::thread::Builder::new().spawn_scoped(
                scope,
                move || -> Result<output::Staged, SetupError> {
                    let write = move || -> Result<output::Staged, output::OutputError> {
                        for feed in receive {
                            match feed {
                                Feed::Report(report) => sink.add(&report)?,
                                Feed::End(batch) => return sink.finish(&batch),
                            }
                        }
                        // The reading stopped before the end (its error is the batch's):
                        // the sink is dropped unfinished, so nothing incomplete appears
                        // under a final name.
                        Ok(output::Staged::default())
                    };
                    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(write)) {
                        Ok(result) => result.map_err(output_error),
                        Err(_) => Err(outputs_unwritable(&opts.out)),
                    }
                },
            );
            match writer {
                Ok(w) => writers.push(w),
                // No thread for this output: stop before reading; the sinks already
                // started are dropped unfinished when their queues close without `End`.
                Err(e) => {
                    return Err(SetupError::new(
                        format!("thread penulis hasil tidak dapat dimulai: {e}"),
                        format!("cannot start an output writer thread: {e}"),
                    ))
                }
            }
        }
        let mut buf = Vec::new();
        let mut read = Ok(());
        for &(i, s) in &order {
            match next_report(i, s, &mut buf) {
                Ok(report) => {
                    tally.add(&report);
                    let report = std::sync::Arc::new(report);
                    // A sink that stopped (its error is collected below) takes no more.
                    for queue in &queues {
                        let _ = queue.send(Feed::Report(report.clone()));
                    }
                }
                Err(e) => {
                    read = Err(e);
                    break;
                }
            }
        }
        if read.is_ok() {
            batch.figures = tally.finish();
            let done = std::sync::Arc::new(std::mem::take(&mut batch));
            for queue in &queues {
                let _ = queue.send(Feed::End(done.clone()));
            }
            finished = Some(done);
        }
        drop(queues);
        let mut staged = output::Staged::default();
        let mut result = read;
        for writer in writers {
            let done = writer
                .join()
                .unwrap_or_else(|_| Err(outputs_unwritable(&opts.out)));
            match done {
                Ok(files) => staged.extend(files),
                Err(e) => {
                    if result.is_ok() {
                        result = Err(e);
                    }
                }
            }
        }
        // On any error the staged files are dropped here: removed, never renamed.
        result.map(|()| staged)
    });
    written?.commit().map_err(output_error)?;
    spill.close().map_err(spill_error)?;
    // Every sink thread has ended, and its share of the report with it.
    Ok(finished
        .map(|done| std::sync::Arc::try_unwrap(done).unwrap_or_else(|shared| (*shared).clone()))
        .unwrap_or(batch))
}

/// What the spill reader hands each output sink: every report in output order, then the
/// end, after which the sink finishes its files. A queue that closes without `End`
/// means the reading failed.
enum Feed {
    Report(std::sync::Arc<FileReport>),
    /// Every report was fed: finish with the whole batch's report (figures included).
    End(std::sync::Arc<BatchReport>),
}

/// The batch-wide outputs could not be written at all (a writer gave up mid-way).
fn outputs_unwritable(out: &std::path::Path) -> SetupError {
    SetupError::new(
        format!(
            "hasil gabungan tidak dapat ditulis di {} (ruang disk penuh atau folder tidak dapat ditulisi?)",
            out.display()
        ),
        format!(
            "the batch-wide outputs could not be written in {} (disk full or folder not writable?)",
            out.display()
        ),
    )
}
