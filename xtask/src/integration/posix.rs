//! The POSIX personality, driven the way a person drives it: through
//! `run --exec` ([`crate::exec`]), busybox's `sh -c` runs a command in the
//! guest, and its output (byte for byte) and status are checked.
//!
//! `posix-scripts` runs each `tests/posix/*.sh` with `busybox sh` twice: in
//! the guest, and on the host with the same busybox binary, and wants the
//! same output and status from both. The host is the reference: a script
//! does not test busybox, it tests that the guest runs busybox as Linux does.
//!
//! Both sides run the same wrapper ([`wrapper`]): from the scripts'
//! directory, `busybox sh ./NAME.sh WORKDIR` with stdin from /dev/null and
//! stdout and stderr into one pipe, so nothing depends on where a file lives
//! or on whether output goes to a terminal (busybox `ls` prints columns
//! there). The work directory, `$1`, is `/tmp/work` in the guest and an
//! empty temporary directory on the host; a script starts with `cd "$1"`.
//! On the host, `$PATH` has only busybox's applets, in the guest's layout,
//! and the environment is the guest's.
//!
//! Each script's files are kept in `target/phantom/test-logs/posix-scripts/`:
//! `NAME.log` (the kernel log), `NAME.guest.out`, `NAME.host.out`.

use std::ffi::OsStr;

use super::host::{self, HostRun};
use super::*;
use crate::busybox::{self, Busybox};
use crate::diff;

/// Where `tests/posix` goes in the guest.
const GUEST_SCRIPTS: &str = "/tests";
/// The scripts' work directory in the guest.
const GUEST_WORK: &str = "/tmp/work";
/// The most a script may take on the host.
const HOST_LIMIT: Duration = Duration::from_secs(60);
/// Lines of diff shown for a script whose output differs.
const DIFF_LINES: usize = 40;

/// `echo hello` prints exactly `hello\n` and exits 0.
pub fn echo(context: &TestContext) -> Result<()> {
    let run = context.exec("echo hello", &[], &context.log())?;
    let status = run.status()?;
    ensure!(
        run.output == b"hello\n",
        "the output was {:?}, want \"hello\\n\"{}",
        String::from_utf8_lossy(&run.output),
        run.unimplemented_note()
    );
    ensure!(
        status == 0,
        "status {status}, want 0{}",
        run.unimplemented_note()
    );
    Ok(())
}

/// `exit 7` gives status 7 and prints nothing.
pub fn status(context: &TestContext) -> Result<()> {
    let run = context.exec("exit 7", &[], &context.log())?;
    let status = run.status()?;
    ensure!(
        status == 7,
        "status {status}, want 7{}",
        run.unimplemented_note()
    );
    ensure!(
        run.output.is_empty(),
        "the output was {:?}, want nothing",
        String::from_utf8_lossy(&run.output)
    );
    Ok(())
}

/// Input given to `run --exec` reaches the command, and its end is the end
/// of the command's input: `cat` copies it exactly (no echo, no line-end
/// changes), a last line without `\n` included, and then finishes.
pub fn stdin(context: &TestContext) -> Result<()> {
    let input = b"first line\nsecond\tline\nno newline at the end".to_vec();
    let run = context.exec_with(
        "cat; echo \"[cat: $?]\"",
        &[],
        &context.log(),
        Input::Stream(Box::new(std::io::Cursor::new(input.clone()))),
        TEST_LIMIT,
    )?;
    let status = run.status()?;
    let mut want = input;
    want.extend_from_slice(b"[cat: 0]\n");
    ensure!(
        run.output == want,
        "the output was {:?}, want {:?}{}",
        String::from_utf8_lossy(&run.output),
        String::from_utf8_lossy(&want),
        run.unimplemented_note()
    );
    ensure!(status == 0, "status {status}, want 0");
    Ok(())
}

/// Every `tests/posix/*.sh` gives the same output and status in the guest
/// as on the host.
pub fn scripts(context: &TestContext) -> Result<()> {
    let dir = context.paths.root.join("tests").join("posix");
    let scripts = list_files(&dir, ".sh")?;
    ensure!(!scripts.is_empty(), "no scripts in {}", dir.display());
    let out = context.files_dir()?;
    let busybox = Busybox::load(context.paths)?;
    let host_path =
        std::env::join_paths(busybox.host_applet_dir(&context.paths.out.join("busybox-host"))?)
            .context("the applet directory cannot go on $PATH")?;
    let adds = [AddSpec {
        host: dir.clone(),
        guest: GUEST_SCRIPTS.trim_start_matches('/').to_string(),
    }];

    let mut failed = Vec::new();
    for script in &scripts {
        let stem = script.trim_end_matches(".sh");
        let started = Instant::now();
        let files = ScriptFiles { dir: &out, stem };
        let verdict = compare(context, script, &dir, &adds, &host_path, &files);
        let seconds = format!("{:.1} s", started.elapsed().as_secs_f64());
        let report = match verdict {
            Ok(report) => report,
            Err(err) => Some(format!("{err:#}")),
        };
        print_part(
            script,
            &seconds,
            report.is_none(),
            report.as_deref().unwrap_or_default(),
        );
        if report.is_some() {
            failed.push(script.as_str());
        }
    }
    ensure!(
        failed.is_empty(),
        "{} of {} scripts differ between guest and host: {} (files in {})",
        failed.len(),
        scripts.len(),
        failed.join(", "),
        out.display()
    );
    Ok(())
}

/// Where one script's files are kept: `DIR/STEM.log` and so on.
struct ScriptFiles<'a> {
    dir: &'a Path,
    stem: &'a str,
}

impl ScriptFiles<'_> {
    fn file(&self, extension: &str) -> PathBuf {
        self.dir.join(format!("{}.{extension}", self.stem))
    }
}

/// Runs one script in the guest and on the host; `None` if they agree,
/// else a report.
fn compare(
    context: &TestContext,
    script: &str,
    dir: &Path,
    adds: &[AddSpec],
    host_path: &OsStr,
    files: &ScriptFiles,
) -> Result<Option<String>> {
    let log = files.file("log");
    let guest = context.exec(&wrapper(GUEST_SCRIPTS, script, GUEST_WORK), adds, &log)?;
    let host = run_on_host(script, dir, host_path, &files.file("host-work"))?;
    for (extension, output) in [("guest.out", &guest.output), ("host.out", &host.output)] {
        let path = files.file(extension);
        std::fs::write(&path, output)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }

    let guest_status = match &guest.ending {
        exec::Ending::Status(status) => Some(*status),
        exec::Ending::NoStatus(_) => None,
    };
    if guest_status == Some(host.status) && guest.output == host.output {
        return Ok(None);
    }
    let mut report = Vec::new();
    match &guest.ending {
        exec::Ending::Status(status) if *status == host.status => {
            report.push(format!("status {status} on both; the output differs:"));
        }
        exec::Ending::Status(status) => {
            report.push(format!("status: host {}, guest {status}", host.status));
        }
        exec::Ending::NoStatus(why) => {
            report.push(format!("status: host {}, guest none: {why}", host.status));
        }
    }
    let diff = diff::unified(&host.output, &guest.output, "host", "guest", DIFF_LINES);
    if !diff.is_empty() {
        report.push(diff);
    }
    let unimplemented = exec::unimplemented_syscalls(&guest.log_text);
    for (message, count) in &unimplemented {
        report.push(format!("log: {message} (x{count})"));
    }
    if guest_status.is_none() {
        report.push(format!("the last lines of {}:", log.display()));
        report.extend(guest.log_tail());
    }
    report.push(format!(
        "files: {}",
        ["log", "guest.out", "host.out"]
            .map(|e| files.file(e).display().to_string())
            .join(" ")
    ));
    Ok(Some(report.join("\n")))
}

/// The command both sides run: `script` from `scripts_dir`, with `work` as
/// its argument, created first, stdin from /dev/null, stdout and stderr into
/// one pipe; the status is the script's (`pipefail`).
fn wrapper(scripts_dir: &str, script: &str, work: &str) -> String {
    format!(
        "mkdir -p {work} && cd {dir} && set -o pipefail && \
         busybox sh ./{script} {work} </dev/null 2>&1 | cat",
        work = shell_quote(work),
        dir = shell_quote(scripts_dir),
        script = shell_quote(script),
    )
}

/// Runs `script` from `dir` with the host's busybox (see [`host::run`]).
fn run_on_host(script: &str, dir: &Path, path: &OsStr, work: &Path) -> Result<HostRun> {
    let dir_text = dir
        .to_str()
        .context("the scripts' directory is not UTF-8")?;
    let work_text = work.to_str().context("the work directory is not UTF-8")?;
    let mut command = Command::new(busybox::HOST_BINARY);
    command.args(["sh", "-c", &wrapper(dir_text, script, work_text)]);
    host::run(command, work, path, script, HOST_LIMIT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wrapper_runs_the_script_from_its_directory() {
        assert_eq!(
            wrapper("/tests", "basics.sh", "/tmp/work"),
            "mkdir -p /tmp/work && cd /tests && set -o pipefail && \
             busybox sh ./basics.sh /tmp/work </dev/null 2>&1 | cat"
        );
    }

    /// The host side with the host's busybox, if it has one: output and
    /// status come back, stderr is in the output, stdin is empty.
    #[test]
    fn host_runs_capture_output_and_status() {
        if !busybox::host_has_static_busybox() {
            eprintln!("skipped: no static {}", busybox::HOST_BINARY);
            return;
        }
        let base = std::env::temp_dir().join(format!("xtask-posix-{}", std::process::id()));
        let scripts = base.join("scripts");
        create_dir(&scripts).unwrap();
        std::fs::write(
            scripts.join("t.sh"),
            "cd \"$1\" || exit 9\necho out; echo err >&2; cat; pwd | grep -c host-work; exit 3\n",
        )
        .unwrap();
        let path = OsStr::new("/usr/bin:/bin");
        let run = run_on_host("t.sh", &scripts, path, &base.join("host-work")).unwrap();
        std::fs::remove_dir_all(&base).unwrap();
        assert_eq!(String::from_utf8_lossy(&run.output), "out\nerr\n1\n");
        assert_eq!(run.status, 3);
    }
}
