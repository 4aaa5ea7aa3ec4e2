//! `cargo xtask run --exec CMD`: run one shell command in the guest and make
//! xtask look like that command: its output on stdout, its exit status.
//!
//! How it works, with the kernel's side of the contract:
//!
//! - the image gets `etc/phantom-exec` holding CMD; the kernel then runs
//!   `/bin/sh -c CMD` (busybox) as pid 1 on the console terminal, which does
//!   no output processing in this mode;
//! - the machine boots directly (PVH), headless, with `log=ttyS1`: the kernel
//!   logs on the second serial port, which QEMU writes to a file, so the
//!   first one (QEMU's stdout) carries only what programs write, byte for
//!   byte;
//! - when pid 1 exits the kernel logs `phantom: exit status N` and powers
//!   off; N becomes xtask's status. Without that line (a crash, or a hang
//!   until the timeout) xtask exits [`STATUS_NO_EXIT_STATUS`] and shows the
//!   end of the log.
//!
//! Standard input reaches the guest only when it is a pipe or a file
//! (/dev/null counts as an empty one); a terminal is not handed to QEMU (it
//! would take it over), so the guest then gets no input at all. Input goes through
//! the guest's terminal, so it is sent once the shell has started (the kernel
//! logs `posix: started /bin/sh`), and its end is sent as the terminal's
//! end-of-file key (Ctrl-D), which is how `echo hi | cargo xtask run --exec
//! cat` lets `cat` finish.
//!
//! An [`Exec`] is one such boot; `run --exec` and the POSIX integration
//! tests both use it.

use std::fs::{self, File};
use std::io::{ErrorKind, Read, Seek, SeekFrom, Write};
use std::os::fd::AsFd;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::build::{self, Want};
use crate::cli::RunOptions;
use crate::fsutil::{tail_lines, write_if_changed};
use crate::initramfs::Initramfs;
use crate::paths::Paths;
use crate::qemu::{self, Accel, Boot, Display, QemuConfig, QEMU};
use crate::{disk, prereq};

/// How long a `--exec` run may take unless `--timeout` says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);
/// xtask's status when the kernel did not report one.
pub const STATUS_NO_EXIT_STATUS: i32 = 125;
/// The file in the image that holds the command.
pub const EXEC_FILE: &str = "etc/phantom-exec";
/// The kernel command-line word that moves its log to COM2.
pub const LOG_ON_COM2: &str = "log=ttyS1";
/// What the kernel logs when pid 1 has exited; the status follows.
const STATUS_LINE: &str = "phantom: exit status ";
/// What the kernel logs once the shell runs and the terminal takes input.
const SHELL_STARTED: &str = "posix: started /bin/sh";
/// What the POSIX personality logs for a system call it does not have.
pub const UNIMPLEMENTED_SYSCALL: &str = "posix: unimplemented syscall";
/// Lines of the log shown when there is no status.
const LOG_TAIL: usize = 30;
/// How long the machine has to power off once the status is logged.
const POWEROFF_GRACE: Duration = Duration::from_secs(5);
/// How long input waits for [`SHELL_STARTED`] (which `quiet` hides) before
/// it is sent anyway.
const INPUT_PATIENCE: Duration = Duration::from_secs(10);
/// The terminal's end-of-file key, Ctrl-D.
const EOF_KEY: u8 = 0x04;
const POLL: Duration = Duration::from_millis(20);

/// `cargo xtask run --exec CMD`: returns CMD's exit status.
pub fn run(paths: &Paths, options: &RunOptions, command: &str) -> Result<i32> {
    prereq::ensure(paths)?;
    let built = build::build_all(paths, &options.image, Want::DirectBoot)?;
    if let Some(disk) = &options.disk {
        disk::ensure_user_disk(disk)?;
    }
    let log = paths.exec_log();
    let exec = Exec {
        memory_mib: 512,
        command,
        kernel: &built.kernel,
        image: &built.image,
        append: &options.image.append,
        accel: options.accel.resolve(),
        disk: options.disk.as_deref(),
        timeout: options.timeout.unwrap_or(DEFAULT_TIMEOUT),
        log: &log,
    };
    eprintln!("xtask: kernel log: {}", log.display());
    qemu::leave_interrupts_to_qemu();
    let mut stdout = std::io::stdout();
    match exec.run(input_from_stdin(), &mut stdout, Stdio::inherit())? {
        Ending::Status(status) => Ok(i32::from(status)),
        Ending::NoStatus(why) => {
            eprintln!("xtask: {why}; the last lines of {}:", log.display());
            let text = String::from_utf8_lossy(&fs::read(&log).unwrap_or_default()).into_owned();
            for line in tail_lines(&text, LOG_TAIL) {
                eprintln!("    | {}", line.trim_end_matches('\r'));
            }
            Ok(STATUS_NO_EXIT_STATUS)
        }
    }
}

/// Our stdin for the guest, if it is a pipe, a socket or a file. /dev/null
/// is an empty file (the guest reads end-of-file at once); a terminal, or
/// anything else, gives the guest no input at all.
fn input_from_stdin() -> Input {
    let stdin = std::io::stdin();
    let Ok(meta) = stdin
        .as_fd()
        .try_clone_to_owned()
        .map(File::from)
        .and_then(|file| file.metadata())
    else {
        return Input::Nothing;
    };
    let kind = meta.file_type();
    if kind.is_fifo() || kind.is_socket() || kind.is_file() {
        return Input::Stream(Box::new(stdin));
    }
    let is_dev_null = fs::metadata("/dev/null")
        .is_ok_and(|null| null.dev() == meta.dev() && null.ino() == meta.ino());
    if is_dev_null {
        return Input::Stream(Box::new(std::io::empty()));
    }
    Input::Nothing
}

/// One boot that runs a command in the guest.
pub struct Exec<'a> {
    /// Run with `/bin/sh -c`.
    pub command: &'a str,
    pub kernel: &'a Path,
    /// The image to add [`EXEC_FILE`] to (busybox and `--add` files are in it).
    pub image: &'a Initramfs,
    /// More of the kernel command line, after [`LOG_ON_COM2`].
    pub append: &'a str,
    /// `Kvm` or `Tcg`.
    pub accel: Accel,
    pub disk: Option<&'a Path>,
    /// Guest memory (512 for everything but benchmarks with big heaps).
    pub memory_mib: u32,
    pub timeout: Duration,
    /// Where the kernel log (COM2) goes; the image is written next to it,
    /// with the extension `cpio`.
    pub log: &'a Path,
}

/// What the guest reads on its console.
pub enum Input {
    /// Nothing: QEMU's stdin is /dev/null.
    Nothing,
    /// This stream, then the end-of-file key.
    Stream(Box<dyn Read + Send>),
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    /// The kernel reported pid 1's exit status.
    Status(u8),
    /// It did not; why (QEMU exited early, or the time ran out).
    NoStatus(String),
}

impl Exec<'_> {
    /// The kernel command line.
    pub fn cmdline(&self) -> String {
        format!("{LOG_ON_COM2} {}", self.append.trim())
            .trim_end()
            .to_string()
    }

    /// The initramfs written for the run.
    pub fn initramfs_path(&self) -> PathBuf {
        self.log.with_extension("cpio")
    }

    fn config(&self) -> QemuConfig {
        QemuConfig {
            boot: Boot::Direct {
                kernel: self.kernel.to_path_buf(),
                initramfs: self.initramfs_path(),
                cmdline: self.cmdline(),
            },
            accel: self.accel,
            display: Display::Headless,
            disk: self.disk.map(Path::to_path_buf),
            qmp: None,
            serial_log: Some(self.log.to_path_buf()),
            terminal: false,
            memory_mib: self.memory_mib,
        }
    }

    /// Boots, copies what the guest writes on its console to `output` as it
    /// comes, and returns how it ended. QEMU's own messages go to
    /// `qemu_stderr`.
    pub fn run(
        &self,
        input: Input,
        output: &mut (dyn Write + Send),
        qemu_stderr: Stdio,
    ) -> Result<Ending> {
        let mut image = self.image.clone();
        image.add_file(EXEC_FILE, 0o644, format!("{}\n", self.command).into_bytes())?;
        write_if_changed(&self.initramfs_path(), &image.to_cpio())?;
        // A log left from an earlier run must not be mistaken for this one's.
        match fs::remove_file(self.log) {
            Ok(()) => {}
            Err(err) if err.kind() == ErrorKind::NotFound => {}
            Err(err) => {
                return Err(err).with_context(|| format!("cannot remove {}", self.log.display()))
            }
        }

        let mut command = self.config().command();
        let stdin = match &input {
            Input::Nothing => Stdio::null(),
            Input::Stream(_) => Stdio::piped(),
        };
        let mut child = command
            .stdin(stdin)
            .stdout(Stdio::piped())
            .stderr(qemu_stderr)
            .spawn()
            .with_context(|| format!("cannot start {QEMU}"))?;
        let deadline = Instant::now() + self.timeout;
        let console = child.stdout.take().context("no stdout pipe from QEMU")?;
        if let (Input::Stream(source), Some(sink)) = (input, child.stdin.take()) {
            // Not joined: it may wait forever on a stream that never ends,
            // and it stops by itself once QEMU is gone.
            let log = self.log.to_path_buf();
            thread::spawn(move || feed_input(source, sink, &log, deadline));
        }
        let ended = thread::scope(|scope| {
            let copier = scope.spawn(move || copy_console(console, output));
            let ended = watch(&mut child, self.log, deadline);
            let _ = copier.join();
            ended
        })?;

        let log = String::from_utf8_lossy(&fs::read(self.log).unwrap_or_default()).into_owned();
        if let Some(status) = exit_status(&log) {
            return Ok(Ending::Status(status));
        }
        let why = match ended {
            Ended::Exited(status) => {
                format!("QEMU exited ({status}) without the kernel reporting an exit status")
            }
            Ended::TimedOut => format!(
                "no exit status within {} s (stopped QEMU)",
                self.timeout.as_secs_f64()
            ),
            Ended::StoppedAfterStatus => "the exit status line vanished from the log".into(),
        };
        Ok(Ending::NoStatus(why))
    }
}

/// How the watch over QEMU ended.
enum Ended {
    Exited(ExitStatus),
    TimedOut,
    /// The status was logged but the machine did not power off.
    StoppedAfterStatus,
}

/// Waits for QEMU to exit, stopping it at the deadline, or a while after the
/// status is logged if it does not power off by itself.
fn watch(child: &mut Child, log: &Path, deadline: Instant) -> Result<Ended> {
    let mut watcher = LogWatcher::new(log);
    let mut status_seen: Option<Instant> = None;
    loop {
        if let Some(status) = child.try_wait().context("lost QEMU")? {
            return Ok(Ended::Exited(status));
        }
        let now = Instant::now();
        if status_seen.is_none() && watcher.contains(STATUS_LINE) {
            status_seen = Some(now);
        }
        if status_seen.is_some_and(|seen| now >= seen + POWEROFF_GRACE) {
            qemu::terminate(child);
            return Ok(Ended::StoppedAfterStatus);
        }
        if now >= deadline {
            qemu::terminate(child);
            return Ok(Ended::TimedOut);
        }
        thread::sleep(POLL);
    }
}

/// Copies the console to `output` until QEMU closes it. If `output` fails
/// (say, a closed pipe), the rest is read and dropped, so QEMU never blocks.
fn copy_console(mut console: impl Read, output: &mut (dyn Write + Send)) {
    let mut chunk = [0u8; 4096];
    let mut writing = true;
    loop {
        let count = match console.read(&mut chunk) {
            Ok(0) => break,
            Ok(count) => count,
            Err(err) if err.kind() == ErrorKind::Interrupted => continue,
            Err(_) => break,
        };
        if writing {
            writing = output
                .write_all(&chunk[..count])
                .and_then(|()| output.flush())
                .is_ok();
        }
    }
}

/// Sends `source` to the guest's console once the shell is there, then the
/// end-of-file key: once after a complete line, twice after a partial one
/// (the first hands the partial line to the reader).
fn feed_input(
    mut source: Box<dyn Read + Send>,
    mut sink: ChildStdin,
    log: &Path,
    deadline: Instant,
) {
    let mut watcher = LogWatcher::new(log);
    let give_up = (Instant::now() + INPUT_PATIENCE).min(deadline);
    while !watcher.contains(SHELL_STARTED) && Instant::now() < give_up {
        thread::sleep(POLL);
    }
    let mut chunk = [0u8; 4096];
    let mut last = b'\n';
    loop {
        let count = match source.read(&mut chunk) {
            Ok(0) => break,
            Ok(count) => count,
            Err(err) if err.kind() == ErrorKind::Interrupted => continue,
            Err(_) => break,
        };
        if sink
            .write_all(&chunk[..count])
            .and_then(|()| sink.flush())
            .is_err()
        {
            return;
        }
        last = chunk[count - 1];
    }
    let eof: &[u8] = if last == b'\n' {
        &[EOF_KEY]
    } else {
        &[EOF_KEY, EOF_KEY]
    };
    let _ = sink.write_all(eof).and_then(|()| sink.flush());
}

/// Follows a log file as QEMU writes it.
struct LogWatcher<'a> {
    path: &'a Path,
    text: Vec<u8>,
}

impl<'a> LogWatcher<'a> {
    fn new(path: &'a Path) -> LogWatcher<'a> {
        LogWatcher {
            path,
            text: Vec::new(),
        }
    }

    /// Whether the log holds `needle` by now.
    fn contains(&mut self, needle: &str) -> bool {
        self.read_more();
        self.text
            .windows(needle.len())
            .any(|window| window == needle.as_bytes())
    }

    fn read_more(&mut self) {
        let Ok(mut file) = File::open(self.path) else {
            return;
        };
        if file.seek(SeekFrom::Start(self.text.len() as u64)).is_ok() {
            let _ = file.read_to_end(&mut self.text);
        }
    }
}

/// The status in the last `phantom: exit status N` line of a log.
pub fn exit_status(log: &str) -> Option<u8> {
    log.lines().rev().find_map(|line| {
        let after = &line[line.find(STATUS_LINE)? + STATUS_LINE.len()..];
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        let rest = &after[digits.len()..];
        if !rest.trim().is_empty() {
            return None;
        }
        digits.parse().ok()
    })
}

/// The distinct `posix: unimplemented syscall ...` messages in a log, each
/// with how often it came, in order of first appearance.
pub fn unimplemented_syscalls(log: &str) -> Vec<(String, usize)> {
    let mut found: Vec<(String, usize)> = Vec::new();
    for line in log.lines() {
        let Some(at) = line.find(UNIMPLEMENTED_SYSCALL) else {
            continue;
        };
        let message = line[at..].trim_end().to_string();
        match found.iter_mut().find(|(seen, _)| *seen == message) {
            Some((_, count)) => *count += 1,
            None => found.push((message, 1)),
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_comes_from_the_last_status_line() {
        assert_eq!(exit_status("boot\nphantom: exit status 0\n"), Some(0));
        assert_eq!(exit_status("phantom: exit status 7\r\n"), Some(7));
        assert_eq!(
            exit_status("[ 1.0] phantom: exit status 3\nphantom: exit status 255\n"),
            Some(255)
        );
        assert_eq!(exit_status("[    0.91] phantom: exit status 42"), Some(42));
        assert_eq!(exit_status("phantom: exit status 256\n"), None);
        assert_eq!(exit_status("phantom: exit status \n"), None);
        assert_eq!(exit_status("phantom: exit status 1 or so\n"), None);
        assert_eq!(exit_status("panic: page fault\n"), None);
    }

    #[test]
    fn unimplemented_syscalls_are_counted_once_each() {
        let log = "[ 0.1] WARN posix: unimplemented syscall rseq (334) answered ENOSYS\r\n\
                   [ 0.2] INFO posix: started /bin/sh as pid 1\n\
                   [ 0.3] WARN posix: unimplemented syscall rseq (334) answered ENOSYS\n\
                   [ 0.4] WARN posix: unimplemented syscall statx (332) answered ENOSYS\n";
        assert_eq!(
            unimplemented_syscalls(log),
            [
                (
                    "posix: unimplemented syscall rseq (334) answered ENOSYS".to_string(),
                    2
                ),
                (
                    "posix: unimplemented syscall statx (332) answered ENOSYS".to_string(),
                    1
                ),
            ]
        );
    }

    fn exec<'a>(append: &'a str, image: &'a Initramfs, log: &'a Path) -> Exec<'a> {
        Exec {
            memory_mib: 512,
            command: "echo hi",
            kernel: Path::new("k.elf"),
            image,
            append,
            accel: Accel::Tcg,
            disk: None,
            timeout: DEFAULT_TIMEOUT,
            log,
        }
    }

    #[test]
    fn the_log_goes_to_com2_and_the_image_next_to_it() {
        let image = Initramfs::base(b"");
        let log = Path::new("/out/exec.log");
        assert_eq!(exec("", &image, log).cmdline(), "log=ttyS1");
        assert_eq!(exec(" quiet ", &image, log).cmdline(), "log=ttyS1 quiet");
        let run = exec("quiet", &image, log);
        assert_eq!(run.initramfs_path(), Path::new("/out/exec.cpio"));
        let args: Vec<String> = run
            .config()
            .args()
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        let joined = args.join(" ");
        assert!(joined.contains("-display none"));
        assert!(joined.contains("-serial stdio -serial file:/out/exec.log"));
        assert!(joined.contains("-kernel k.elf -initrd /out/exec.cpio -append log=ttyS1 quiet"));
    }

    #[test]
    fn the_watcher_sees_what_is_appended() {
        let path = std::env::temp_dir().join(format!("xtask-exec-{}.log", std::process::id()));
        let _ = fs::remove_file(&path);
        let mut watcher = LogWatcher::new(&path);
        assert!(!watcher.contains("started"), "no file yet");
        fs::write(&path, "posix: sta").unwrap();
        assert!(!watcher.contains(SHELL_STARTED));
        let mut file = fs::OpenOptions::new().append(true).open(&path).unwrap();
        file.write_all(b"rted /bin/sh as pid 1\n").unwrap();
        assert!(watcher.contains(SHELL_STARTED));
        fs::remove_file(&path).unwrap();
    }

    /// A reader that fails after its data, like a closed pipe would not:
    /// the copy stops at the error without panicking.
    struct Failing(Vec<u8>);

    impl Read for Failing {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0.is_empty() {
                return Err(std::io::Error::other("gone"));
            }
            let count = self.0.len().min(buf.len());
            buf[..count].copy_from_slice(&self.0[..count]);
            self.0.drain(..count);
            Ok(count)
        }
    }

    #[test]
    fn console_bytes_are_copied_exactly() {
        let mut output = Vec::new();
        copy_console(Failing(b"a\r\nb\n\x1b[0m".to_vec()), &mut output);
        assert_eq!(output, b"a\r\nb\n\x1b[0m");
    }
}
