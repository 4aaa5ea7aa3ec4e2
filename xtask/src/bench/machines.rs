//! The two systems a benchmark runs on, booted the same way: Phantom
//! through `run --exec` ([`crate::exec`]), Linux through its own `/init`
//! ([`crate::linux`]), both in Phantom's QEMU machine with the same
//! accelerator and both with `quiet` on the kernel command line.
//!
//! Either way the first user process prints [`MARKER`] as its first action,
//! then runs the command with `/bin/sh -c`. The marker's arrival on the
//! serial port, timed on the host from just before QEMU is started, is the
//! boot time. (For Phantom the clock starts just before [`Exec::run`], which
//! first writes the image if it changed: a few milliseconds, once.) Every run leaves its console output (`NAME.SYSTEM.out`), its
//! log and its image in `target/phantom/bench/`.

use std::fs::File;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use super::console::Console;
use crate::build::Built;
use crate::busybox::Busybox;
use crate::exec::{self, Exec, Input};
use crate::fsutil::{create_dir, tail_lines, write_if_changed};
use crate::initramfs::Initramfs;
use crate::linux::{self, LinuxImage, LinuxKernel};
use crate::qemu::Accel;
use crate::vm::{self, Vm};

/// What the first user process prints first, on a line of its own.
pub const MARKER: &str = "phantom-bench: first user process";
/// What Linux's /init prints when the command has finished (the status
/// follows).
const LINUX_STATUS: &str = "init: exit status ";
/// Lines of a log quoted when a run ended without a status.
const LOG_LINES: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum System {
    Phantom,
    Linux,
}

impl System {
    pub fn label(self) -> &'static str {
        match self {
            System::Phantom => "Phantom",
            System::Linux => "Linux",
        }
    }

    fn file_word(self) -> &'static str {
        match self {
            System::Phantom => "phantom",
            System::Linux => "linux",
        }
    }
}

/// A file put into both images.
pub struct GuestFile {
    /// Guest path without the leading `/`, e.g. `bin/lmbench`.
    pub path: &'static str,
    pub perm: u32,
    pub data: Vec<u8>,
}

/// What to run: a command, with files in the image, within a time.
pub struct Job<'a> {
    /// Run with `/bin/sh -c` after the marker.
    pub command: &'a str,
    pub files: &'a [GuestFile],
    pub timeout: Duration,
    /// Show result lines on stderr as they come.
    pub progress: bool,
}

/// How one run went.
pub struct Run {
    /// Everything the guest printed on its console.
    pub console: String,
    /// From just before QEMU started to the marker line.
    pub marker_after: Option<Duration>,
    /// The command's exit status, or why there is none (a crash, the time
    /// running out).
    pub status: Result<u8, String>,
}

/// Everything needed to boot either system.
pub struct Machines {
    pub phantom: Built,
    pub busybox: Busybox,
    pub linux: LinuxKernel,
    pub accel: Accel,
    /// Where runs leave their files: `target/phantom/bench/`.
    pub dir: PathBuf,
}

impl Machines {
    /// Boots `system`, does `job` there and returns what it printed.
    /// `name` names the run's files.
    pub fn run(&self, system: System, name: &str, job: &Job) -> Result<Run> {
        create_dir(&self.dir)?;
        let stem = format!("{name}.{}", system.file_word());
        let run = match system {
            System::Phantom => self.run_phantom(&stem, job)?,
            System::Linux => self.run_linux(&stem, job)?,
        };
        let out = self.dir.join(format!("{stem}.out"));
        std::fs::write(&out, &run.console)
            .with_context(|| format!("cannot write {}", out.display()))?;
        Ok(run)
    }

    fn run_phantom(&self, stem: &str, job: &Job) -> Result<Run> {
        let mut image: Initramfs = self.phantom.image.clone();
        for file in job.files {
            image.add_file(file.path, file.perm, file.data.clone())?;
        }
        let log = self.dir.join(format!("{stem}.log"));
        let command = format!("echo '{MARKER}'; {}", job.command);
        let exec = Exec {
            memory_mib: 512,
            command: &command,
            kernel: &self.phantom.kernel,
            image: &image,
            append: "quiet",
            accel: self.accel,
            disk: None,
            timeout: job.timeout,
            log: &log,
        };
        let stderr_path = log.with_extension("stderr");
        let stderr = File::create(&stderr_path)
            .with_context(|| format!("cannot create {}", stderr_path.display()))?;
        let mut console = Console::new(
            System::Phantom.label(),
            MARKER,
            Instant::now(),
            job.progress,
        );
        let ending = exec.run(Input::Nothing, &mut console, stderr.into())?;
        let status = match ending {
            exec::Ending::Status(status) => Ok(status),
            exec::Ending::NoStatus(why) => {
                let text =
                    String::from_utf8_lossy(&std::fs::read(&log).unwrap_or_default()).into_owned();
                Err(with_log_tail(why, &text, &log))
            }
        };
        Ok(Run {
            console: console.text(),
            marker_after: console.marker_after(),
            status,
        })
    }

    fn run_linux(&self, stem: &str, job: &Job) -> Result<Run> {
        let mut image = LinuxImage::new(&self.busybox, MARKER, job.command)?;
        for file in job.files {
            image.add_file(file.path, file.perm, file.data.clone())?;
        }
        let cpio = self.dir.join(format!("{stem}.cpio"));
        write_if_changed(&cpio, &image.to_cpio())?;
        let config = linux::machine(&self.linux, &cpio, self.accel);
        let log = self.dir.join(format!("{stem}.log"));

        let mut console = Console::new(System::Linux.label(), MARKER, Instant::now(), job.progress);
        let mut vm = Vm::start(&config, &log, job.timeout)?;
        // Line by line as it comes, so the marker is timed on arrival; the
        // wait ends when QEMU exits or the time is up.
        let mut seen = 0;
        while let Ok(end) = vm.wait_for("\n", seen) {
            let output = vm.output();
            console.feed(output.get(seen..end).unwrap_or_default().as_bytes());
            seen = end;
        }
        let ending = vm.wait_exit()?;
        let output = vm.output();
        console.feed(output.get(seen..).unwrap_or_default().as_bytes());

        let text = console.text();
        let status = match linux_status(&text) {
            Some(status) => Ok(status),
            None => {
                let why = match ending {
                    vm::Ending::TimedOut => format!(
                        "no exit status within {} s (stopped QEMU)",
                        job.timeout.as_secs_f64()
                    ),
                    vm::Ending::Exited(code) => format!(
                        "QEMU exited ({}) before /init reported the command's status",
                        code.map_or("killed".to_string(), |c| format!("status {c}"))
                    ),
                };
                Err(with_log_tail(why, &text, &log))
            }
        };
        Ok(Run {
            console: text,
            marker_after: console.marker_after(),
            status,
        })
    }
}

/// The status in Linux's `init: exit status N` line.
fn linux_status(console: &str) -> Option<u8> {
    console.lines().find_map(|line| {
        let at = line.find(LINUX_STATUS)?;
        line[at + LINUX_STATUS.len()..].trim().parse().ok()
    })
}

/// `why`, then the last lines of the log that shows it.
fn with_log_tail(why: String, log_text: &str, log: &std::path::Path) -> String {
    let tail: Vec<&str> = tail_lines(log_text, LOG_LINES)
        .into_iter()
        .map(|line| line.trim_end_matches('\r'))
        .filter(|line| !line.trim().is_empty())
        .collect();
    if tail.is_empty() {
        return format!("{why} (log: {})", log.display());
    }
    format!("{why}; the end of {}: {}", log.display(), tail.join(" | "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linux_status_comes_from_init() {
        assert_eq!(linux_status("x\r\ninit: exit status 0\r\n"), Some(0));
        assert_eq!(linux_status("init: exit status 139\n"), Some(139));
        assert_eq!(linux_status("init: exit status\n"), None);
        assert_eq!(linux_status("Kernel panic\n"), None);
    }

    #[test]
    fn a_missing_status_quotes_the_log() {
        let log = std::path::Path::new("/b/x.log");
        assert_eq!(
            with_log_tail("timed out".into(), "", log),
            "timed out (log: /b/x.log)"
        );
        assert_eq!(
            with_log_tail("timed out".into(), "a\r\n\nb\n", log),
            "timed out; the end of /b/x.log: a | b"
        );
    }
}
