//! Issue 11: kinerja never loses or overwrites a file that is not its own, and survives
//! pipes, links, kills and full disks. One test (or more) per numbered case of the issue,
//! each in a fresh temporary folder, through the binary.
//!
//! The machine may run tests as root, which no permission bit stops: the cases about an
//! unreadable folder or an unwritable `cleaned/` then run kinerja as the unprivileged
//! uid 65534 (nobody), or are skipped with a printed message if that is impossible.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Generous: only a hang or a loop reaches it.
const DEADLINE: Duration = Duration::from_secs(180);

fn sample(name: &str) -> PathBuf {
    root().join("samples").join(name)
}

/// A folder `uploads` with two good samples.
fn uploads(dir: &Path) -> PathBuf {
    let up = dir.join("uploads");
    std::fs::create_dir_all(&up).unwrap();
    std::fs::copy(sample("bajeng-2023.xlsx"), up.join("bajeng-2023.xlsx")).unwrap();
    std::fs::copy(
        sample("pallangga-2023.xlsx"),
        up.join("pallangga-2023.xlsx"),
    )
    .unwrap();
    up
}

fn batch_cmd(inputs: &[&Path], out: &Path, extra: &[&str]) -> Command {
    let mut cmd = kinerja();
    cmd.arg("batch");
    for i in inputs {
        cmd.arg(i);
    }
    cmd.arg("--out").arg(out).arg("--quiet").args(extra);
    cmd
}

/// Run to the end, but never longer than DEADLINE (the child is killed then).
fn finish(mut cmd: Command) -> Output {
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let child = cmd.spawn().expect("start kinerja");
    wait_output(child)
}

fn wait_output(mut child: Child) -> Output {
    let started = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let out = child.wait_with_output().expect("output");
            panic!(
                "kinerja did not finish within {DEADLINE:?}; stderr:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn batch(inputs: &[&Path], out: &Path, extra: &[&str]) -> Output {
    finish(batch_cmd(inputs, out, extra))
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file below `dir` with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let t = e.file_type().unwrap();
            if t.is_dir() {
                stack.push(p);
            } else if t.is_file() {
                out.push((p.clone(), std::fs::read(&p).unwrap()));
            } else {
                out.push((p.clone(), Vec::new()));
            }
        }
    }
    out.sort();
    out
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn rules_of(out: &Path) -> Vec<(String, String, String)> {
    read_csv(&out.join("discrepancies.csv"))
        .into_iter()
        .map(|r| (r["file"].clone(), r["rule"].clone(), r["found"].clone()))
        .collect()
}

fn files_in_consolidated(out: &Path) -> std::collections::BTreeSet<String> {
    read_csv(&out.join("consolidated.csv"))
        .into_iter()
        .map(|r| r["file"].clone())
        .collect()
}

const BATCH_OUTPUTS: &[&str] = &[
    "consolidated.csv",
    "consolidated.parquet",
    "consolidated.xlsx",
    "discrepancies.csv",
    "discrepancies.xlsx",
];

fn assert_complete(out: &Path) {
    for name in BATCH_OUTPUTS {
        assert!(out.join(name).is_file(), "{name} missing");
    }
    assert!(
        !out.join("KINERJA-INCOMPLETE.txt").exists(),
        "incomplete mark left"
    );
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// Make kinerja run unprivileged, so that permission bits apply to it. False (with a
/// message) when that is impossible here.
fn unprivileged(cmd: &mut Command, dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    if !is_root() {
        return true;
    }
    // The nobody user must be able to enter the test folder and create --out in it.
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o777)).unwrap();
    let probe = Command::new("true")
        .uid(65534)
        .gid(65534)
        .status()
        .is_ok_and(|s| s.success());
    if !probe {
        eprintln!("skipped: running as root and cannot drop to uid 65534");
        return false;
    }
    // The built binary may live where nobody cannot reach it (CI keeps the target folder
    // under /root/.cache): run a copy from the test folder instead, same arguments.
    let bin = dir.join("kinerja-bin");
    if !bin.exists() {
        std::fs::copy(env!("CARGO_BIN_EXE_kinerja"), &bin).unwrap();
        std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let mut copy = Command::new(&bin);
    copy.args(cmd.get_args());
    if let Some(cwd) = cmd.get_current_dir() {
        copy.current_dir(cwd);
    }
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => copy.env(k, v),
            None => copy.env_remove(k),
        };
    }
    copy.uid(65534).gid(65534);
    *cmd = copy;
    true
}

use std::os::unix::process::CommandExt;

// ---- 1, 2: --out and inputs overlap -----------------------------------------------

#[test]
fn case01_out_equal_to_the_input_folder_is_refused_even_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let up = uploads(dir.path());
    // A user's own files under names kinerja writes.
    std::fs::write(up.join("consolidated.csv"), "mine").unwrap();
    std::fs::create_dir_all(up.join("cleaned")).unwrap();
    std::fs::copy(
        sample("bajeng-2023.xlsx"),
        up.join("cleaned/bajeng-2023.xlsx"),
    )
    .unwrap();
    let before = snapshot(&up);
    for extra in [&["--force"][..], &[]] {
        let o = batch(&[&up], &up, extra);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("bertumpang tindih"), "{}", stderr(&o));
    }
    let o = batch(&[&up], &up, &["--force", "--lang", "en"]);
    assert!(stderr(&o).contains("overlaps the input"), "{}", stderr(&o));
    assert_eq!(snapshot(&up), before, "an input changed");

    // An input file inside --out is an overlap too.
    let o = batch(&[&up.join("bajeng-2023.xlsx")], &up, &["--force"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(snapshot(&up), before, "an input changed");
}

#[test]
fn case02_out_inside_the_input_folder_is_refused_and_never_read() {
    let dir = tempfile::tempdir().unwrap();
    let up = uploads(dir.path());
    let before = snapshot(&up);
    let inner = up.join("hasil");
    let o = batch(&[&up], &inner, &["--force"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!inner.exists(), "--out was created inside the inputs");
    assert_eq!(snapshot(&up), before);

    // Beside the inputs, runs repeat with the same number of files (no output is read
    // back as an upload).
    let out = dir.path().join("out");
    for _ in 0..2 {
        let o = batch(&[&up], &out, &[]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(
            files_in_consolidated(&out).len(),
            2,
            "{:?}",
            files_in_consolidated(&out)
        );
    }
    assert_eq!(snapshot(&up), before);
}

// ---- 3, 4: links and foreign files in --out ------------------------------------------

#[test]
fn case03_a_linked_marker_or_cleaned_folder_is_never_followed() {
    let dir = tempfile::tempdir().unwrap();
    let up = uploads(dir.path());
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();

    // The marker as a link: no marker, so the folder is not ours.
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::os::unix::fs::symlink(&victim, out.join(".kinerja-output")).unwrap();
    let o = batch(&[&up], &out, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // With --force the link itself is replaced, never written through.
    let o = batch(&[&up], &out, &["--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert!(!std::fs::symlink_metadata(out.join(".kinerja-output"))
        .unwrap()
        .file_type()
        .is_symlink());

    // cleaned/ as a link to a foreign folder: refused, --force or not.
    let foreign = dir.path().join("foreign");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("bajeng-2023.xlsx"), "not a workbook of ours").unwrap();
    std::fs::remove_dir_all(out.join("cleaned")).unwrap();
    std::os::unix::fs::symlink(&foreign, out.join("cleaned")).unwrap();
    let before = snapshot(&foreign);
    for extra in [&[][..], &["--force"]] {
        let o = batch(&[&up], &out, extra);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("cleaned"), "{}", stderr(&o));
    }
    assert_eq!(snapshot(&foreign), before);
}

#[test]
fn case04_the_marker_does_not_make_other_files_ours() {
    let dir = tempfile::tempdir().unwrap();
    let up = uploads(dir.path());
    let out = dir.path().join("out");
    assert_eq!(batch(&[&up], &out, &[]).status.code(), Some(0));

    // A user's files in a kinerja folder: one under a name the next run writes (a new
    // upload's cleaned workbook), one unrelated.
    std::fs::copy(
        sample("somba-opu-2023.xlsx"),
        up.join("somba-opu-2023.xlsx"),
    )
    .unwrap();
    std::fs::write(out.join("cleaned/somba-opu-2023.xlsx"), "user's own file").unwrap();
    std::fs::write(out.join("catatan.txt"), "notes").unwrap();
    let o = batch(&[&up], &out, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("cleaned/somba-opu-2023.xlsx"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(out.join("cleaned/somba-opu-2023.xlsx")).unwrap(),
        "user's own file"
    );

    // Without the collision the run goes on and leaves the unrelated file alone.
    std::fs::remove_file(out.join("cleaned/somba-opu-2023.xlsx")).unwrap();
    let o = batch(&[&up], &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(out.join("catatan.txt")).unwrap(),
        "notes"
    );
    assert!(out.join("cleaned/somba-opu-2023.xlsx").is_file());
    // And our own outputs are overwritten without --force.
    let o = batch(&[&up], &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

// ---- 5, 6: kills, locks, leftovers --------------------------------------------------

/// Children of `pid` whose command line holds `worker`.
fn workers_of(pid: u32) -> Vec<u32> {
    let mut found = Vec::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(child) = e.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{child}/stat")) else {
            continue;
        };
        // pid (comm) state ppid ...
        let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r.to_string()) else {
            continue;
        };
        let ppid = rest
            .split_whitespace()
            .nth(1)
            .and_then(|p| p.parse::<u32>().ok());
        let cmdline = std::fs::read(format!("/proc/{child}/cmdline")).unwrap_or_default();
        if ppid == Some(pid) && cmdline.split(|&b| b == 0).any(|a| a == b"worker") {
            found.push(child);
        }
    }
    found
}

/// Alive and not a zombie.
fn alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => !stat.rsplit_once(')').is_some_and(|(_, r)| {
            r.trim_start().starts_with('Z') || r.trim_start().starts_with('X')
        }),
        Err(_) => false,
    }
}

#[test]
fn case05_06_workers_die_with_a_killed_batch_and_the_next_run_cleans_up() {
    let dir = tempfile::tempdir().unwrap();
    let up = dir.path().join("many");
    std::fs::create_dir_all(&up).unwrap();
    for i in 0..150 {
        std::fs::copy(sample("bajeng-2023.xlsx"), up.join(format!("{i:03}.xlsx"))).unwrap();
    }
    let out = dir.path().join("out");
    let mut cmd = batch_cmd(&[&up], &out, &["-j", "1", "--file-timeout", "3600"]);
    cmd.stdout(Stdio::null()).stderr(Stdio::null());
    let mut first = cmd.spawn().unwrap();

    // Catch its worker and freeze it: the batch now waits, mid-run, as long as we like.
    let started = Instant::now();
    let worker = loop {
        if let Some(&w) = workers_of(first.id()).first() {
            break w;
        }
        assert!(
            first.try_wait().unwrap().is_none(),
            "the batch ended before its worker was seen"
        );
        assert!(started.elapsed() < DEADLINE, "no worker started");
        std::thread::sleep(Duration::from_millis(5));
    };
    // SAFETY: signalling a process this test started (a child of its child).
    unsafe { libc::kill(worker as i32, libc::SIGSTOP) };

    // Case 6: a second batch into the same folder is refused while the first runs.
    let o = batch(&[&up], &out, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("sedang menulis"), "{}", stderr(&o));
    let o = batch(&[&up], &out, &["--lang", "en", "--force"]);
    assert!(
        stderr(&o).contains("another kinerja batch is writing"),
        "{}",
        stderr(&o)
    );

    // Case 5: kill -9 the batch; its worker must not live on.
    first.kill().unwrap();
    first.wait().unwrap();
    let started = Instant::now();
    while alive(worker) {
        assert!(
            started.elapsed() < DEADLINE,
            "worker {worker} outlived its batch"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let left = names(&out);
    assert!(
        left.iter().any(|n| n == "KINERJA-INCOMPLETE.txt"),
        "no incomplete mark after a killed run: {left:?}"
    );
    assert!(
        left.iter().any(|n| n.starts_with(".kinerja-spill.")),
        "{left:?}"
    );

    // The next run needs no --force, removes the dead run's spill and temporary files,
    // and leaves a complete set.
    std::fs::write(out.join("cleaned/.x.xlsx.abc123.tmp"), "dead run's").unwrap();
    let small = uploads(dir.path());
    let o = batch(&[&small], &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_complete(&out);
    let left = names(&out);
    assert!(
        !left.iter().any(|n| n.ends_with(".tmp")),
        "leftovers: {left:?}"
    );
    assert_eq!(
        names(&out.join("cleaned")),
        vec!["bajeng-2023.xlsx", "pallangga-2023.xlsx"],
        "stale or temporary files in cleaned/"
    );
}

// ---- 7: closed pipes ---------------------------------------------------------------

#[test]
fn case07_closed_stdout_and_stderr_stop_printing_not_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let up = uploads(dir.path());
    let out = dir.path().join("out");
    let mut cmd = kinerja();
    // Not --quiet: one line per file and the summary go to closed pipes.
    cmd.arg("batch").arg(&up).arg("--out").arg(&out);
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    drop(child.stdout.take());
    drop(child.stderr.take());
    let status = wait_output(child).status;
    assert_eq!(status.code(), Some(0));
    assert_complete(&out);
    assert_eq!(files_in_consolidated(&out).len(), 2);
}

// ---- 8, 9, 10: walking ---------------------------------------------------------------

#[test]
fn case08_links_to_folders_are_not_followed_each_file_once() {
    let dir = tempfile::tempdir().unwrap();
    let up = dir.path().join("up");
    std::fs::create_dir_all(up.join("sub")).unwrap();
    std::fs::copy(sample("bajeng-2023.xlsx"), up.join("bajeng-2023.xlsx")).unwrap();
    std::os::unix::fs::symlink(".", up.join("loop")).unwrap();
    std::os::unix::fs::symlink("..", up.join("sub/back")).unwrap();
    std::os::unix::fs::symlink(dir.path(), up.join("out-of-tree")).unwrap();
    // A hard link and a link to a file are the same upload.
    std::fs::hard_link(up.join("bajeng-2023.xlsx"), up.join("sub/again.xlsx")).unwrap();
    std::os::unix::fs::symlink("../bajeng-2023.xlsx", up.join("sub/link.xlsx")).unwrap();
    let out = dir.path().join("out");
    let o = batch(&[&up], &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        files_in_consolidated(&out),
        ["bajeng-2023.xlsx".to_string()].into_iter().collect()
    );
    assert!(!rules_of(&out).iter().any(|r| r.1 == "duplicate-upload"));
}

#[test]
fn case09_an_unreadable_folder_is_a_finding_and_the_batch_goes_on() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let up = uploads(dir.path());
    let closed = up.join("tertutup");
    std::fs::create_dir_all(&closed).unwrap();
    std::fs::copy(sample("somba-opu-2023.xlsx"), closed.join("somba-opu.xlsx")).unwrap();
    for p in [dir.path(), &up] {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o000)).unwrap();
    let out = dir.path().join("out");
    let mut cmd = batch_cmd(&[&up], &out, &[]);
    if !unprivileged(&mut cmd, dir.path()) {
        return;
    }
    let o = finish(cmd);
    std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rules = rules_of(&out);
    assert!(
        rules.contains(&(
            "tertutup".to_string(),
            "unreadable-file".to_string(),
            "io-error".to_string()
        )),
        "{rules:?}"
    );
    assert_eq!(files_in_consolidated(&out).len(), 2);
}

#[test]
fn case10_a_file_name_that_is_not_utf8_is_read_and_shown_lossily() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let up = dir.path().join("up");
    std::fs::create_dir_all(&up).unwrap();
    // "béjeng.xlsx" as an old Windows PC (cp1252) writes it.
    let name = std::ffi::OsStr::from_bytes(b"b\xe9jeng-2023.xlsx");
    std::fs::copy(sample("bajeng-2023.xlsx"), up.join(name)).unwrap();
    let out = dir.path().join("out");
    let o = batch(&[&up], &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        !rules_of(&out).iter().any(|r| r.1 == "unreadable-file"),
        "{:?}",
        rules_of(&out)
    );
    assert_eq!(
        files_in_consolidated(&out),
        ["b\u{FFFD}jeng-2023.xlsx".to_string()]
            .into_iter()
            .collect()
    );
    assert_eq!(names(&out.join("cleaned")).len(), 1);
}

// ---- 11, 12: writing failures -------------------------------------------------------

#[test]
fn case11_an_unwritable_cleaned_folder_is_a_finding_and_exit_code_3() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let up = uploads(dir.path());
    for p in [dir.path(), &up] {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let out = dir.path().join("out");
    let mut cmd = batch_cmd(&[&up], &out, &[]);
    if !unprivileged(&mut cmd, dir.path()) {
        return;
    }
    assert_eq!(finish(cmd).status.code(), Some(0));
    std::fs::set_permissions(out.join("cleaned"), std::fs::Permissions::from_mode(0o555)).unwrap();
    let mut cmd = batch_cmd(&[&up], &out, &[]);
    assert!(unprivileged(&mut cmd, dir.path()));
    let o = finish(cmd);
    std::fs::set_permissions(out.join("cleaned"), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("2 hasil tidak dapat ditulis"),
        "{}",
        stderr(&o)
    );
    let failed: Vec<_> = rules_of(&out)
        .into_iter()
        .filter(|r| r.1 == "write-failed")
        .map(|r| r.0)
        .collect();
    assert_eq!(failed, vec!["bajeng-2023.xlsx", "pallangga-2023.xlsx"]);
}

#[test]
fn case12_temporary_files_live_in_out_not_tmpdir() {
    let dir = tempfile::tempdir().unwrap();
    let up = uploads(dir.path());
    let not_a_dir = dir.path().join("tmp-is-a-file");
    std::fs::write(&not_a_dir, "x").unwrap();
    for tmpdir in [dir.path().join("no/such/tmp"), not_a_dir] {
        let out = dir.path().join("out");
        let mut cmd = batch_cmd(&[&up], &out, &[]);
        cmd.env("TMPDIR", &tmpdir);
        let o = finish(cmd);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_complete(&out);
    }
}

// ---- 13: sizes of what is read -------------------------------------------------------

#[test]
fn case13_devices_fifos_and_oversized_files_are_refused_by_type_and_size() {
    let dir = tempfile::tempdir().unwrap();
    let up = uploads(dir.path());
    std::os::unix::fs::symlink("/dev/zero", up.join("zero.xlsx")).unwrap();
    let fifo = std::ffi::CString::new(up.join("pipa.xlsx").as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: mkfifo reads a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    std::fs::write(up.join("besar.xlsx"), vec![b'x'; 2 * 1024 * 1024]).unwrap();
    let out = dir.path().join("out");
    let o = batch(&[&up], &out, &["--max-file-mb", "1"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rules = rules_of(&out);
    for (file, found) in [
        ("zero.xlsx", "not-a-file"),
        ("pipa.xlsx", "not-a-file"),
        ("besar.xlsx", "too-large"),
    ] {
        assert!(
            rules.contains(&(file.into(), "unreadable-file".into(), found.into())),
            "{file}: {rules:?}"
        );
    }
    assert_eq!(files_in_consolidated(&out).len(), 2);

    // `check` refuses what is not a file before reading it.
    for name in ["zero.xlsx", "pipa.xlsx"] {
        let o = finish({
            let mut c = kinerja();
            c.arg("check").arg(up.join(name)).args(["--lang", "en"]);
            c
        });
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("not a file"), "{}", stderr(&o));
    }
}

#[test]
fn case13_a_sheet_that_would_not_fit_the_worker_memory_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let up = dir.path().join("up");
    std::fs::create_dir_all(&up).unwrap();
    // 4 KB on disk, 600,001 rows laid out: about 600 MB at 1 KB a cell.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "PENGUKURAN KINERJA KECAMATAN BAJENG")
        .unwrap();
    ws.write_string(600_000, 0, "akhir").unwrap();
    wb.save(up.join("panjang.xlsx")).unwrap();
    let out = dir.path().join("out");
    let o = batch(&[&up], &out, &["--max-memory", "512"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rules = rules_of(&out);
    assert!(
        rules.contains(&(
            "panjang.xlsx".into(),
            "unreadable-file".into(),
            "too-large".into()
        )),
        "{rules:?}"
    );
    // With room for it (no cap), the same file is read: the refusal came from the cap.
    let o = batch(&[&up], &out, &["--max-memory", "0"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!rules_of(&out).iter().any(|r| r.1 == "unreadable-file"));
}

// ---- 14: messages -------------------------------------------------------------------

#[test]
fn case14_setup_and_usage_errors_speak_the_chosen_language() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let missing = dir.path().join("tidak-ada");
    let o = batch(&[&missing], &out, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("masukan tidak ditemukan"),
        "{}",
        stderr(&o)
    );
    let o = batch(&[&missing], &out, &["--lang", "en"]);
    assert!(stderr(&o).contains("input not found"), "{}", stderr(&o));

    let o = finish({
        let mut c = kinerja();
        c.args(["batch", "--bogus"]);
        c
    });
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("kinerja: argumen tidak dikenal: --bogus"),
        "{}",
        stderr(&o)
    );
    let o = finish({
        let mut c = kinerja();
        c.args(["batch", "--bogus", "--lang=en"]);
        c
    });
    assert!(stderr(&o).contains("unexpected argument"), "{}", stderr(&o));
}

#[test]
fn case14_no_panic_or_allocator_text_reaches_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let up = uploads(dir.path());
    let out = dir.path().join("out");
    // Workers capped at 1 MB die on their first allocation, the way a memory bomb
    // kills them; with backtraces asked for in the environment.
    let mut cmd = kinerja();
    cmd.arg("batch")
        .arg(&up)
        .arg("--out")
        .arg(&out)
        .args(["--max-memory", "1"])
        .env("RUST_BACKTRACE", "full");
    let o = finish(cmd);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    for bad in [
        "panicked",
        "memory allocation",
        "Broken pipe",
        "stack backtrace",
        "worker:",
        "RUST_BACKTRACE",
    ] {
        assert!(!err.contains(bad), "{bad:?} on the terminal:\n{err}");
    }
    let rules = rules_of(&out);
    assert_eq!(
        rules.iter().filter(|r| r.1 == "unreadable-file").count(),
        2,
        "{rules:?}"
    );
}
