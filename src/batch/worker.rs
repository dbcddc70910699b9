//! Worker processes: each file is read in a child process with its memory capped.

use super::*;
use crate::model::Text;
use crate::report::FileDone;
use std::cell::RefCell;
use std::ffi::OsString;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

// ---- worker processes ------------------------------------------------------------

/// A running worker: requests go to its stdin as JSON lines (a `Job` each); each answer
/// is two JSON lines, the file's `FileDone` then its `FileReport`, read through a reader
/// thread so that a hang can be timed out. The batch parses only the first line; the
/// second goes to the spill as it came.
struct Worker {
    child: Child,
    stdin: ChildStdin,
    replies: Receiver<String>,
}

impl Worker {
    fn start(command: &[OsString]) -> std::io::Result<Worker> {
        let (program, args) = command
            .split_first()
            .ok_or_else(|| std::io::Error::other("empty worker command"))?;
        let mut command = Command::new(program);
        // The worker has nothing to say on the terminal: every outcome comes back as a
        // report. Its stderr would only carry what the runtime prints as it dies
        // ("memory allocation of N bytes failed", panic text), which is not for users.
        command
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        #[cfg(target_os = "linux")]
        {
            use std::os::unix::process::CommandExt;
            // SAFETY: getpid is async-signal-safe and called before the fork.
            let parent = unsafe { libc::getpid() };
            // SAFETY: the closure runs in the forked child before exec and only calls
            // prctl, getppid and _exit, which are async-signal-safe.
            unsafe {
                command.pre_exec(move || {
                    // The worker dies with the batch (even on `kill -9`), so no orphan
                    // keeps reading, and none writes into a folder after its run ended.
                    // The signal fires when the spawning *thread* ends; that is fine, as
                    // a worker is owned by its thread (thread-local) and ends with it.
                    if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL, 0, 0, 0) != 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                    // The batch may have died between fork and prctl.
                    if libc::getppid() != parent {
                        libc::_exit(1);
                    }
                    Ok(())
                });
            }
        }
        let mut child = command.spawn()?;
        let stdin = child
            .stdin
            .take()
            .ok_or_else(|| std::io::Error::other("worker has no stdin"))?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| std::io::Error::other("worker has no stdout"))?;
        let (tx, replies) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                match line {
                    Ok(l) => {
                        if tx.send(l).is_err() {
                            break;
                        }
                    }
                    Err(_) => break,
                }
            }
        });
        Ok(Worker {
            child,
            stdin,
            replies,
        })
    }

    fn stop(mut self) -> String {
        let _ = self.child.kill();
        match self.child.wait() {
            Ok(status) => describe_exit(status),
            Err(e) => e.to_string(),
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Closing stdin ends a healthy worker; kill covers a stuck one.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn describe_exit(status: std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match status.signal() {
        Some(6) => "aborted (SIGABRT), typically an allocation beyond the memory limit".into(),
        Some(9) => "killed (SIGKILL), typically out of memory".into(),
        Some(11) => "crashed (SIGSEGV)".into(),
        Some(s) => format!("killed by signal {s}"),
        None => format!("exited with {status}"),
    }
}

thread_local! {
    static WORKER: RefCell<Option<Worker>> = const { RefCell::new(None) };
}

/// Read one job in this thread's worker, starting it if needed. None when no worker can
/// be started at all (the caller then reads the file itself).
pub(super) fn in_worker(
    job: &Job,
    command: &[OsString],
    timeout: Duration,
    lang: Lang,
) -> Option<Reply> {
    WORKER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            match Worker::start(command) {
                Ok(w) => *slot = Some(w),
                Err(e) => {
                    warn_once(&match lang {
                        Lang::Id => format!("kinerja: proses pembaca tidak dapat dimulai ({e}); berkas dibaca di proses ini"),
                        Lang::En => format!("kinerja: cannot start a worker process ({e}); reading files in this process"),
                    });
                    return None;
                }
            }
        }
        let worker = slot.as_mut()?;
        let request = match serde_json::to_string(job) {
            Ok(r) => r,
            // Cannot happen since paths travel as bytes; if it did, the worker is fine
            // and only this file is lost, said as such.
            Err(e) => {
                return Some(Reply::Here(unreadable(
                    &job.path,
                    Text::new(
                        format!("permintaan ke proses pembaca tidak dapat disusun: {e}"),
                        format!("the request to the reader process could not be built: {e}"),
                    ),
                )))
            }
        };
        let reply = writeln!(worker.stdin, "{request}")
            .and_then(|_| worker.stdin.flush())
            .map_err(|_| RecvTimeoutError::Disconnected)
            .and_then(|_| worker.replies.recv_timeout(timeout));
        // The answer is two lines: the file as the batch needs it now, then its report.
        let reply = reply.and_then(|head| Ok((head, worker.replies.recv_timeout(timeout)?)));
        let report = match reply {
            Ok((head, json)) => {
                // The report is checked to be whole JSON (without building it): a worker
                // killed mid-line leaves a cut-off line, which must be this file's
                // finding here, not a spill that cannot be read back at the end.
                let whole = |json: &str| serde_json::from_str::<serde::de::IgnoredAny>(json);
                return Some(match serde_json::from_str::<FileDone>(&head) {
                    Ok(done) => match whole(&json) {
                        Ok(_) => Reply::Worker { done, json },
                        Err(e) => {
                            if let Some(w) = slot.take() {
                                w.stop();
                            }
                            Reply::Here(unreadable(&job.path, garbled(e)))
                        }
                    },
                    Err(e) => Reply::Here(unreadable(&job.path, garbled(e))),
                })
            }
            Err(RecvTimeoutError::Timeout) => {
                if let Some(w) = slot.take() {
                    w.stop();
                }
                let secs = timeout.as_secs_f64();
                unreadable(
                    &job.path,
                    Text::new(
                        format!("pembacaan berkas dihentikan setelah {secs} detik (batas --file-timeout); berkas kemungkinan dirancang untuk membuat pembaca macet"),
                        format!("reading stopped after {secs} s (the --file-timeout limit); the file probably makes the reader hang"),
                    ),
                )
            }
            Err(RecvTimeoutError::Disconnected) => {
                let why = slot.take().map(Worker::stop).unwrap_or_default();
                unreadable(
                    &job.path,
                    Text::new(
                        format!("pembaca berkas berhenti mendadak saat membaca berkas ini: {why}; berkas kemungkinan rusak atau terlalu besar"),
                        format!("the reader stopped abruptly on this file: {why}; the file is probably corrupt or too large"),
                    ),
                )
            }
        };
        Some(Reply::Here(report))
    })
}

/// A worker's answer that does not parse.
pub(super) fn garbled(e: serde_json::Error) -> Text {
    Text::new(
        format!("jawaban proses pembaca tidak terbaca: {e}"),
        format!("the reader process answered garbage: {e}"),
    )
}

fn warn_once(message: &str) {
    static WARNED: std::sync::Once = std::sync::Once::new();
    // A closed stderr is no reason to stop the batch.
    WARNED.call_once(|| {
        let _ = writeln!(std::io::stderr(), "{message}");
    });
}

/// The worker side: read jobs from stdin, answer reports on stdout, one JSON line each,
/// until stdin closes.
pub fn serve_worker(checker: &Checker, opts: &BatchOptions) -> std::io::Result<()> {
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let report = match serde_json::from_str::<Job>(&line) {
            Ok(job) => process_job(&job, checker, opts),
            Err(e) => unreadable(Path::new("?"), Text::new(e.to_string(), e.to_string())),
        };
        let done = serde_json::to_string(&FileDone::of(&report)).map_err(std::io::Error::other)?;
        let json = serde_json::to_string(&report).map_err(std::io::Error::other)?;
        // A closed pipe means the batch is gone: stop quietly (the caller treats
        // BrokenPipe as a normal end).
        writeln!(stdout, "{done}")?;
        writeln!(stdout, "{json}")?;
        stdout.flush()?;
    }
    Ok(())
}

/// Cap this process's address space at `mb` megabytes, so that a file which makes the
/// reader allocate without bound fails this worker (which the batch replaces) instead of
/// exhausting the machine. Called by the worker on start; a no-op when `mb` is 0.
pub fn limit_memory(mb: u64) -> std::io::Result<()> {
    if mb == 0 {
        return Ok(());
    }
    let bytes = mb.saturating_mul(1024 * 1024) as libc::rlim_t;
    let limit = libc::rlimit {
        rlim_cur: bytes,
        rlim_max: bytes,
    };
    // SAFETY: setrlimit reads a fully initialised struct and changes only this
    // process's own limit.
    let rc = unsafe { libc::setrlimit(libc::RLIMIT_AS, &limit) };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}
