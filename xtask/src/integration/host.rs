//! The host side of the tests that hold the guest to Linux (`posix-scripts`,
//! `posix-c`): a program run on the host as the reference, the way the
//! guest runs it. It starts in a fresh empty work directory with the
//! environment the guest's first shell has, stdin from /dev/null and stdout
//! and stderr into one pipe (so nothing depends on a terminal), and it has a
//! time limit, after which it and everything it started are killed.

use std::ffi::OsStr;
use std::io::Read;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::fsutil::fresh_dir;
use crate::qemu;

/// The guest's `$PATH`, as the kernel gives it to its first shell.
pub const GUEST_PATH: &str = "/bin:/sbin:/usr/bin:/usr/sbin";

/// What a program did on the host.
pub struct HostRun {
    /// Its stdout and stderr, interleaved as written.
    pub output: Vec<u8>,
    /// Its exit status, or 128 + the signal that ended it, as a shell says.
    pub status: u8,
}

/// Runs `command` from a fresh empty `work` directory (removed afterwards),
/// with the guest's environment and `path` as `$PATH`, for at most `limit`;
/// `what` names it in errors.
pub fn run(
    command: Command,
    work: &Path,
    path: &OsStr,
    what: &str,
    limit: Duration,
) -> Result<HostRun> {
    fresh_dir(work)?;
    let result = run_in(command, work, path, what, limit);
    let _ = std::fs::remove_dir_all(work);
    result
}

fn run_in(
    mut command: Command,
    work: &Path,
    path: &OsStr,
    what: &str,
    limit: Duration,
) -> Result<HostRun> {
    let (mut reader, writer) = std::io::pipe().context("cannot make a pipe")?;
    command
        .current_dir(work)
        .env_clear()
        .env("HOME", "/")
        .env("PATH", path)
        .env("TERM", "vt100")
        .env("SHELL", "/bin/sh")
        .stdin(Stdio::null())
        .stdout(writer.try_clone().context("cannot duplicate a pipe")?)
        .stderr(writer)
        // Its own process group, so that a timeout stops all of it.
        .process_group(0);
    let spawned = command.spawn();
    // `command` holds our copies of the pipe's write end: without them, the
    // reader sees the end once the program's side closes it.
    drop(command);
    let mut child = spawned.with_context(|| format!("cannot start {what}"))?;
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        let mut output = Vec::new();
        let _ = reader.read_to_end(&mut output);
        let _ = sender.send(output);
    });
    let deadline = Instant::now() + limit;
    let exited = qemu::wait_until(&mut child, deadline)?;
    let output = receiver
        .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        .ok();
    if exited.is_none() || output.is_none() {
        kill_group(&mut child);
    }
    let Some(status) = exited else {
        bail!(
            "{what} did not finish on the host within {} s",
            limit.as_secs()
        );
    };
    let Some(output) = output else {
        bail!("{what} left processes holding its output open on the host");
    };
    let status = match (status.code(), status.signal()) {
        (Some(code), _) => code,
        (None, Some(signal)) => 128 + signal,
        (None, None) => 255,
    };
    Ok(HostRun {
        output,
        status: u8::try_from(status).unwrap_or(255),
    })
}

/// Kills the process group `child` leads (it was started as its leader).
fn kill_group(child: &mut Child) {
    if let Ok(pid) = libc::pid_t::try_from(child.id()) {
        // SAFETY: kill(2) on the process group of our own child, which we
        // made its leader; not yet reaped, so the id is still ours.
        unsafe { libc::kill(-pid, libc::SIGKILL) };
    }
    let _ = child.wait();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Output and status come back, stderr is in the output, stdin is
    /// empty, the work directory is the current one and is gone afterwards,
    /// and the environment is the guest's.
    #[test]
    fn runs_capture_output_and_status() {
        let work = std::env::temp_dir().join(format!("xtask-host-{}", std::process::id()));
        let script = "echo out; echo err >&2; cat; pwd | grep -c xtask-host; \
                      echo \"$HOME $TERM\"; exit 3";
        let mut sh = Command::new("/bin/sh");
        sh.args(["-c", script]);
        let run = run(
            sh,
            &work,
            OsStr::new("/usr/bin:/bin"),
            "sh",
            Duration::from_secs(20),
        )
        .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&run.output),
            "out\nerr\n1\n/ vt100\n"
        );
        assert_eq!(run.status, 3);
        assert!(!work.exists());
    }

    #[test]
    fn a_signal_is_128_plus_its_number_and_a_hang_is_stopped() {
        let work = std::env::temp_dir().join(format!("xtask-host-kill-{}", std::process::id()));
        let path = OsStr::new("/usr/bin:/bin");
        let limit = Duration::from_secs(20);
        let sh = |script: &str| {
            let mut command = Command::new("/bin/sh");
            command.args(["-c", script]);
            command
        };
        let killed = run(sh("kill -9 $$"), &work, path, "sh", limit).unwrap();
        assert_eq!(killed.status, 128 + 9);
        let hang = run(
            sh("sleep 30"),
            &work,
            path,
            "the sleeper",
            Duration::from_millis(300),
        );
        let err = format!("{:#}", hang.err().unwrap());
        assert!(err.contains("the sleeper did not finish"), "{err}");
    }
}
