//! A machine under a test's control: QEMU with its serial output captured
//! into a log file and searchable while it runs, its serial input writable,
//! and one deadline for all of it.

use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::qemu::{wait_until, QemuConfig, QEMU};

/// The serial output of a running machine, growing as QEMU writes it.
#[derive(Default)]
struct Serial {
    state: Mutex<SerialState>,
    grew: Condvar,
}

#[derive(Default)]
struct SerialState {
    bytes: Vec<u8>,
    closed: bool,
}

/// A machine under a test's control: serial output captured into a log file
/// and searchable while it runs, serial input through [`Vm::send`], and one
/// deadline for everything. Dropping it kills QEMU.
pub struct Vm {
    child: Child,
    stdin: Option<ChildStdin>,
    serial: Arc<Serial>,
    readers: Vec<JoinHandle<()>>,
    deadline: Instant,
    started: Instant,
}

/// How a [`Vm`] ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// QEMU exited with this status (`None`: killed by a signal).
    Exited(Option<i32>),
    /// The deadline passed; QEMU was killed.
    TimedOut,
}

impl Vm {
    /// Starts QEMU with `config`; serial output (and QEMU's stderr) go to
    /// `log`. The machine gets `limit` to do everything asked of it.
    pub fn start(config: &QemuConfig, log: &Path, limit: Duration) -> Result<Vm> {
        Vm::start_command(&mut config.command(), log, limit)
    }

    fn start_command(command: &mut Command, log: &Path, limit: Duration) -> Result<Vm> {
        let log_file =
            File::create(log).with_context(|| format!("cannot create {}", log.display()))?;
        let log_file = Arc::new(Mutex::new(log_file));
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .with_context(|| format!("cannot start {QEMU}"))?;
        let started = Instant::now();
        let serial = Arc::new(Serial::default());
        let stdout = child.stdout.take().context("no stdout pipe")?;
        let stderr = child.stderr.take().context("no stderr pipe")?;
        let readers = vec![
            spawn_reader(stdout, log_file.clone(), Some(serial.clone())),
            spawn_reader(stderr, log_file, None),
        ];
        Ok(Vm {
            stdin: child.stdin.take(),
            child,
            serial,
            readers,
            deadline: started + limit,
            started,
        })
    }

    /// How many bytes of serial output there are so far.
    pub fn output_len(&self) -> usize {
        self.serial.state.lock().map(|s| s.bytes.len()).unwrap_or(0)
    }

    /// The serial output so far, as text.
    pub fn output(&self) -> String {
        let state = self.serial.state.lock().unwrap_or_else(|e| e.into_inner());
        String::from_utf8_lossy(&state.bytes).into_owned()
    }

    /// Waits until `needle` appears, as a word, in the serial output at or
    /// after byte `from`; returns the offset just past it.
    pub fn wait_for(&self, needle: &str, from: usize) -> Result<usize> {
        let mut state = self.serial.state.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(at) = find(&state.bytes, needle.as_bytes(), from) {
                return Ok(at + needle.len());
            }
            if state.closed {
                bail!("QEMU exited before `{needle}` appeared on the serial port");
            }
            let now = Instant::now();
            if now >= self.deadline {
                bail!(
                    "`{needle}` did not appear on the serial port within {:.0} s",
                    (self.deadline - self.started).as_secs_f64()
                );
            }
            state = self
                .serial
                .grew
                .wait_timeout(state, self.deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// Types on the serial port.
    pub fn send(&mut self, text: &str) -> Result<()> {
        let stdin = self.stdin.as_mut().context("QEMU's stdin is closed")?;
        stdin
            .write_all(text.as_bytes())
            .and_then(|_| stdin.flush())
            .context("cannot write to QEMU's serial port")
    }

    /// Pulls the plug: SIGKILL, as a power cut (nothing in the guest runs
    /// after it), then collects the remaining output.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        for reader in self.readers.drain(..) {
            let _ = reader.join();
        }
    }

    /// Waits for QEMU to exit until the deadline; kills it after that.
    pub fn wait_exit(&mut self) -> Result<Ending> {
        let ending = match wait_until(&mut self.child, self.deadline)? {
            Some(status) => Ending::Exited(status.code()),
            None => {
                let _ = self.child.kill();
                let _ = self.child.wait();
                Ending::TimedOut
            }
        };
        // The reader threads end at EOF; joining them flushes the log.
        for reader in self.readers.drain(..) {
            let _ = reader.join();
        }
        Ok(ending)
    }
}

impl Drop for Vm {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        for reader in self.readers.drain(..) {
            let _ = reader.join();
        }
    }
}

/// Copies a QEMU output pipe into the log file and, for the serial port, into
/// the searchable buffer.
fn spawn_reader(
    mut pipe: impl Read + Send + 'static,
    log: Arc<Mutex<File>>,
    serial: Option<Arc<Serial>>,
) -> JoinHandle<()> {
    thread::spawn(move || {
        let mut chunk = [0u8; 4096];
        loop {
            let count = match pipe.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(count) => count,
            };
            if let Ok(mut file) = log.lock() {
                let _ = file.write_all(&chunk[..count]);
            }
            if let Some(serial) = &serial {
                let mut state = serial.state.lock().unwrap_or_else(|e| e.into_inner());
                state.bytes.extend_from_slice(&chunk[..count]);
                serial.grew.notify_all();
            }
        }
        if let Some(serial) = &serial {
            serial
                .state
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .closed = true;
            serial.grew.notify_all();
        }
    })
}

/// The first place at or after `from` where `needle` stands as a word: an
/// end of the needle that is a letter or digit must not continue into more
/// letters or digits (so `ready` does not match `already`).
fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let (first, last) = (needle.first()?, needle.last()?);
    let word = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
    let starts_clean = |at: usize| !word(Some(first)) || at == 0 || !word(haystack.get(at - 1));
    let ends_clean = |at: usize| !word(Some(last)) || !word(haystack.get(at + needle.len()));
    (from..=haystack.len().checked_sub(needle.len())?).find(|&at| {
        &haystack[at..at + needle.len()] == needle && starts_clean(at) && ends_clean(at)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_respects_the_start_offset() {
        assert_eq!(find(b"ready ready", b"ready", 0), Some(0));
        assert_eq!(find(b"ready ready", b"ready", 1), Some(6));
        assert_eq!(find(b"ready", b"ready", 1), None);
        assert_eq!(find(b"abc", b"c", 9), None);
        assert_eq!(find(b"already ready", b"ready", 0), Some(8));
        assert_eq!(find(b"console: ready; type", b"ready", 0), Some(9));
        assert_eq!(find(b"readyness", b"ready", 0), None);
        assert_eq!(find(b"uptime\r\nuptime: 1 s", b"uptime:", 0), Some(8));
        assert_eq!(find(b"x", b"", 0), None);
    }

    /// A stand-in for QEMU: `Vm`'s capture, search, input and exit handling
    /// work on any child process; `sh` echoes a line back, then exits 33.
    #[test]
    fn vm_captures_and_answers() {
        let log = std::env::temp_dir().join(format!("xtask-vm-{}.log", std::process::id()));
        let script =
            "echo booting; echo ready; read line; echo \"got $line\"; echo oops >&2; exit 33";
        let mut vm = Vm::start_command(
            Command::new("sh").args(["-c", script]),
            &log,
            Duration::from_secs(10),
        )
        .unwrap();
        let after_ready = vm.wait_for("ready", 0).unwrap();
        vm.send("poweroff\n").unwrap();
        vm.wait_for("got poweroff", after_ready).unwrap();
        assert_eq!(vm.wait_exit().unwrap(), Ending::Exited(Some(33)));
        let logged = std::fs::read_to_string(&log).unwrap();
        // The two pipes are copied by separate threads, so stderr may land
        // anywhere between serial lines.
        for line in ["booting\n", "ready\n", "got poweroff\n", "oops\n"] {
            assert!(logged.contains(line), "{line:?} not in {logged:?}");
        }
        assert!(
            !vm.output().contains("oops"),
            "stderr is logged but not searched"
        );
        assert!(vm.wait_for("never", 0).is_err());
        std::fs::remove_file(&log).unwrap();
    }

    #[test]
    fn vm_deadline_kills() {
        let log = std::env::temp_dir().join(format!("xtask-vm-slow-{}.log", std::process::id()));
        let started = Instant::now();
        let mut vm = Vm::start_command(
            Command::new("sleep").arg("30"),
            &log,
            Duration::from_millis(200),
        )
        .unwrap();
        assert!(vm.wait_for("ready", 0).is_err());
        assert_eq!(vm.wait_exit().unwrap(), Ending::TimedOut);
        assert!(started.elapsed() < Duration::from_secs(5));
        std::fs::remove_file(&log).unwrap();
    }
}
