//! `cargo xtask test`: the host unit tests, then the QEMU integration tests.
//!
//! Each integration test boots one machine (or, for `posix-scripts`, one per
//! script), bounded by [`TEST_LIMIT`] (`posix-c`, which runs many programs
//! in its one boot, sets its own), with its serial output kept in
//! `target/phantom/test-logs/<name>.log`. A test passes or fails on what the
//! kernel prints and on QEMU's exit status (33: the kernel's self-tests
//! passed, 35: something failed, 0: powered off). The `posix-*` tests run
//! commands through `run --exec` instead ([`posix`], [`ctests`]); their log
//! is the kernel's, and the command's output is compared, for
//! `posix-scripts` and `posix-c` with what the same programs do on the host
//! ([`host`]).
//!
//! Tests that talk to the kernel console boot with `console=kernel`: every
//! image has busybox, and the kernel would otherwise start `/bin/sh`.
//!
//! To add a test: write a `fn(&TestContext) -> Result<()>` that starts a
//! machine with [`TestContext::start`] (or runs a command with
//! [`TestContext::exec`]), and list it in [`TESTS`].

mod ctests;
mod host;
mod java;
mod luatestes;
mod native;
mod ports;
mod posix;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context, Result};

use crate::build::{self, Built, Want};
use crate::cli::{ImageOptions, TestOptions};
use crate::exec::{self, Exec, Input};
use crate::fsutil::{create_dir, fresh_dir, tail_lines};
use crate::initramfs::AddSpec;
use crate::paths::{Paths, KERNEL_PACKAGE};
use crate::qemu::{self, Accel, Boot, Display, QemuConfig, STATUS_FAILED, STATUS_PASSED};
use crate::qmp::Qmp;
use crate::vm::{Ending, Vm};
use crate::{disk, ppm, prereq, Exit};

/// The most any one test machine may take; a boot takes about a second.
pub const TEST_LIMIT: Duration = Duration::from_secs(60);
/// Lines of the log shown when a test fails.
const TAIL: usize = 40;
/// The kernel prints this when its console waits for input.
const READY: &str = "ready";
/// The command-line word for the kernel console even though `/bin/sh` exists.
const KERNEL_CONSOLE: &str = "console=kernel";

/// An integration test: its name and what it does.
type Test = (&'static str, fn(&TestContext) -> Result<()>);

const TESTS: &[Test] = &[
    ("selftest", selftest),
    ("fault-report", fault_report),
    ("iso-boot", iso_boot),
    ("keyboard", keyboard),
    ("screen", screen),
    ("posix-echo", posix::echo),
    ("posix-status", posix::status),
    ("posix-stdin", posix::stdin),
    ("posix-scripts", posix::scripts),
    ("posix-c", ctests::run),
    ("ports-lua", ports::lua),
    ("ports-lua-testes", luatestes::run),
    ("ports-lua-embed", ports::lua_embed),
    ("ports-sqlite", ports::sqlite),
    ("ports-zlib", ports::zlib),
    ("ports-make", ports::make),
    ("ports-wordfreq", ports::wordfreq),
    ("native-run", native::run),
    ("native-persist", native::persist),
    ("native-fallback", native::fallback),
    ("native-call", native::call),
    ("java-programs", java::programs),
    ("java-persist", java::persist),
];

pub fn run_all(paths: &Paths, options: &TestOptions) -> Result<i32> {
    let selected: Vec<&Test> = TESTS
        .iter()
        .filter(|test| {
            options
                .filter
                .as_deref()
                .is_none_or(|filter| test.0.contains(filter))
        })
        .collect();
    if selected.is_empty() {
        let names: Vec<&str> = TESTS.iter().map(|test| test.0).collect();
        let filter = options.filter.as_deref().unwrap_or_default();
        return Err(Exit::new(
            2,
            format!(
                "no integration test matches `{filter}` (there are: {})",
                names.join(", ")
            ),
        )
        .into());
    }

    let host_ok = !options.host_tests || run_host_tests(paths)?;

    prereq::ensure(paths)?;
    // The ISO's command line is fixed when it is built; the tests that boot
    // it (iso-boot, screen) want the kernel console.
    let image = ImageOptions {
        append: KERNEL_CONSOLE.to_string(),
        adds: Vec::new(),
    };
    let built = build::build_all(paths, &image, Want::Everything)?;
    let accel = qemu::resolve_and_report(options.accel);
    create_dir(&paths.test_logs())?;

    let mut passed = 0;
    let mut failed = 0;
    for &(name, run) in selected {
        let context = TestContext {
            name,
            paths,
            built: &built,
            accel,
        };
        let started = Instant::now();
        let result = run(&context);
        let seconds = started.elapsed().as_secs_f64();
        match result {
            Ok(()) => {
                passed += 1;
                println!("test {name} ... ok ({seconds:.1} s)");
            }
            Err(err) => {
                failed += 1;
                println!("test {name} ... FAILED ({seconds:.1} s): {err:#}");
                context.show_log();
            }
        }
    }
    if !host_ok {
        println!("host unit tests: FAILED (see above)");
    }
    println!("integration: {passed} passed, {failed} failed");
    Ok(if failed == 0 && host_ok { 0 } else { 1 })
}

/// `cargo test` for every crate but the kernel (which builds only for bare
/// metal). True if they passed.
fn run_host_tests(paths: &Paths) -> Result<bool> {
    eprintln!("xtask: host unit tests");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(&paths.root)
        .args(["test", "--workspace", "--exclude", KERNEL_PACKAGE])
        .stdin(Stdio::null())
        .status()
        .context("cannot start cargo test")?;
    Ok(status.success())
}

/// What a test needs: where things are and how to start a machine.
pub struct TestContext<'a> {
    name: &'static str,
    paths: &'a Paths,
    built: &'a Built,
    accel: Accel,
}

impl TestContext<'_> {
    fn log(&self) -> PathBuf {
        self.paths.test_logs().join(format!("{}.log", self.name))
    }

    /// A headless machine booting the kernel ELF directly with `cmdline`.
    fn direct(&self, cmdline: &str) -> QemuConfig {
        self.machine(Boot::Direct {
            kernel: self.built.kernel.clone(),
            initramfs: self.built.initramfs.clone(),
            cmdline: cmdline.to_string(),
        })
    }

    /// A headless machine booting the GRUB ISO.
    fn iso(&self) -> Result<QemuConfig> {
        let iso = self.built.iso.clone().context("the ISO was not built")?;
        Ok(self.machine(Boot::Iso(iso)))
    }

    fn machine(&self, boot: Boot) -> QemuConfig {
        QemuConfig {
            boot,
            accel: self.accel,
            display: Display::Headless,
            disk: None,
            qmp: None,
            serial_log: None,
            terminal: false,
            memory_mib: 512,
        }
    }

    /// A fresh path for this test's QMP socket (Unix socket paths are short,
    /// so it moves to the temporary directory if target/ is deep).
    fn qmp_socket(&self) -> PathBuf {
        let mut socket = self.paths.out.join(format!("qmp-{}.sock", self.name));
        if socket.as_os_str().len() > 100 {
            socket = std::env::temp_dir().join(format!(
                "phantom-qmp-{}-{}.sock",
                self.name,
                std::process::id()
            ));
        }
        let _ = std::fs::remove_file(&socket);
        socket
    }

    fn start(&self, config: &QemuConfig) -> Result<Vm> {
        Vm::start(config, &self.log(), TEST_LIMIT)
    }

    /// This test's folder of files, `test-logs/NAME/`, emptied (so no file
    /// there is left from a part of the test since removed).
    fn files_dir(&self) -> Result<PathBuf> {
        let dir = self.paths.test_logs().join(self.name);
        fresh_dir(&dir)?;
        Ok(dir)
    }

    /// Runs `command` in the guest as `run --exec` does, with `adds` in the
    /// image, the kernel log in `log` and QEMU's own messages next to it.
    fn exec(&self, command: &str, adds: &[AddSpec], log: &Path) -> Result<GuestRun> {
        self.exec_with(command, adds, log, Input::Nothing, TEST_LIMIT)
    }

    /// [`TestContext::exec`] with something on the guest's console input
    /// and a time limit of its own.
    fn exec_with(
        &self,
        command: &str,
        adds: &[AddSpec],
        log: &Path,
        input: Input,
        limit: Duration,
    ) -> Result<GuestRun> {
        self.exec_full(command, adds, log, input, limit, None)
    }

    /// [`TestContext::exec`] with `disk` attached (the native world's store).
    fn exec_on_disk(&self, command: &str, adds: &[AddSpec], log: &Path, disk: &Path) -> Result<GuestRun> {
        self.exec_full(command, adds, log, Input::Nothing, TEST_LIMIT, Some(disk))
    }

    fn exec_full(
        &self,
        command: &str,
        adds: &[AddSpec],
        log: &Path,
        input: Input,
        limit: Duration,
        disk: Option<&Path>,
    ) -> Result<GuestRun> {
        let mut image = self.built.image.clone();
        for add in adds {
            image.add_host(add)?;
        }
        let exec = Exec {
            memory_mib: 512,
            command,
            kernel: &self.built.kernel,
            image: &image,
            append: "",
            accel: self.accel,
            disk,
            timeout: limit,
            log,
        };
        let stderr_path = log.with_extension("stderr");
        let stderr = File::create(&stderr_path)
            .with_context(|| format!("cannot create {}", stderr_path.display()))?;
        let mut output = Vec::new();
        let ending = exec.run(input, &mut output, stderr.into())?;
        let log_text =
            String::from_utf8_lossy(&std::fs::read(log).unwrap_or_default()).into_owned();
        Ok(GuestRun {
            output,
            ending,
            log_text,
        })
    }

    /// The end of the test's log (if it has one of its own).
    fn show_log(&self) {
        let log = self.log();
        if !log.exists() {
            return;
        }
        println!("    log: {}", log.display());
        if let Ok(bytes) = std::fs::read(&log) {
            let text = String::from_utf8_lossy(&bytes);
            for line in tail_lines(&text, TAIL) {
                println!("    | {}", line.trim_end_matches('\r'));
            }
        }
    }
}

/// Direct boot with `selftest` and the self-test disk: every in-kernel test
/// passes, and the virtio-blk test wrote sector 2.
fn selftest(context: &TestContext) -> Result<()> {
    let disk = context.paths.selftest_disk();
    disk::write_selftest_disk(&disk)?;
    let mut config = context.direct("selftest");
    config.disk = Some(disk.clone());
    let mut vm = context.start(&config)?;
    let ending = vm.wait_exit()?;
    let output = vm.output();
    if ending == Ending::Exited(Some(STATUS_FAILED)) {
        let failures: Vec<&str> = output
            .lines()
            .filter(|line| line.contains("FAILED"))
            .collect();
        bail!(
            "the kernel reported failure (QEMU status 35): {}",
            failures.join(" | ")
        );
    }
    expect_exit(ending, STATUS_PASSED)?;
    let (passed, failed) =
        selftest_summary(&output).context("no `selftests: N passed, M failed` line")?;
    ensure!(failed == 0, "{failed} self-tests failed");
    ensure!(passed >= 1, "no self-test ran");
    ensure!(
        disk::selftest_disk_was_written(&disk)?,
        "sector 2 of {} does not start with {}",
        disk.display(),
        String::from_utf8_lossy(disk::SELFTEST_WRITTEN)
    );
    Ok(())
}

/// A deliberate page fault in a kernel thread gives a full report with a
/// symbolised backtrace, and QEMU status 35.
fn fault_report(context: &TestContext) -> Result<()> {
    let mut vm = context.start(&context.direct("selftest=fault"))?;
    let ending = vm.wait_exit()?;
    let output = vm.output();
    expect_exit(ending, STATUS_FAILED)?;
    expect_in(&output, &["page fault", "CR2=", "backtrace:"])?;
    let backtrace = &output[output.find("backtrace:").unwrap_or(0)..];
    ensure!(
        backtrace.contains("phantom_kernel::"),
        "the backtrace names no `phantom_kernel::` function"
    );
    Ok(())
}

/// GRUB boots the ISO (made with `console=kernel`); the kernel gets as far as
/// its console and powers off when told to on the serial port.
fn iso_boot(context: &TestContext) -> Result<()> {
    let mut vm = context.start(&context.iso()?)?;
    vm.wait_for(READY, 0)?;
    vm.send("poweroff\n")?;
    let ending = vm.wait_exit()?;
    expect_exit(ending, 0)?;
    expect_in(&vm.output(), &["Phantom", "framebuffer"])
}

/// Keys pressed on the PS/2 keyboard reach the kernel console: `uptime`
/// answers, `poweroff` powers off.
fn keyboard(context: &TestContext) -> Result<()> {
    let socket = context.qmp_socket();
    let mut config = context.direct(KERNEL_CONSOLE);
    config.qmp = Some(socket.clone());
    let mut vm = context.start(&config)?;
    vm.wait_for(READY, 0)?;
    let mut qmp = Qmp::connect(&socket, Duration::from_secs(5))?;
    let typed_at = vm.output_len();
    qmp.type_text("uptime\n", Duration::from_millis(40))?;
    vm.wait_for("uptime:", typed_at)
        .context("typed `uptime` on the keyboard")?;
    qmp.type_text("poweroff\n", Duration::from_millis(40))?;
    let ending = vm.wait_exit()?;
    let _ = std::fs::remove_file(&socket);
    expect_exit(ending, 0)
}

/// Booted from the ISO, the kernel draws on the framebuffer: a screenshot is
/// not all black.
fn screen(context: &TestContext) -> Result<()> {
    let socket = context.qmp_socket();
    let mut config = context.iso()?;
    config.qmp = Some(socket.clone());
    let mut vm = context.start(&config)?;
    vm.wait_for(READY, 0)?;
    let mut qmp = Qmp::connect(&socket, Duration::from_secs(5))?;
    let shot = context.paths.test_logs().join("screen.ppm");
    let _ = std::fs::remove_file(&shot);
    qmp.screendump(&shot)?;
    qmp.quit()?;
    vm.wait_exit()?;
    let _ = std::fs::remove_file(&socket);
    let bytes = std::fs::read(&shot)
        .with_context(|| format!("QEMU wrote no screenshot at {}", shot.display()))?;
    let picture = ppm::parse(&bytes).with_context(|| format!("cannot read {}", shot.display()))?;
    let lit = picture.non_black_fraction();
    ensure!(
        lit >= 0.01,
        "only {:.2}% of the {}x{} screen is not black (want 1%): {}",
        lit * 100.0,
        picture.width,
        picture.height,
        shot.display()
    );
    Ok(())
}

/// What a command run in the guest did.
struct GuestRun {
    /// Everything it wrote on the console.
    output: Vec<u8>,
    ending: exec::Ending,
    /// The kernel log of the run.
    log_text: String,
}

impl GuestRun {
    /// The status, or an error that says why there is none, with the
    /// unimplemented system calls the log names.
    fn status(&self) -> Result<u8> {
        match &self.ending {
            exec::Ending::Status(status) => Ok(*status),
            exec::Ending::NoStatus(why) => bail!("{why}{}", self.unimplemented_note()),
        }
    }

    /// The last lines of the kernel log, each as `| LINE`.
    fn log_tail(&self) -> Vec<String> {
        tail_lines(&self.log_text, LOG_TAIL)
            .iter()
            .map(|line| format!("| {}", line.trim_end_matches('\r')))
            .collect()
    }

    /// If the guest stopped without a status: says why, and prints the end
    /// of its log.
    fn print_no_status(&self) {
        if let exec::Ending::NoStatus(why) = &self.ending {
            println!("    the guest: {why}; the last lines of its log:");
            for line in self.log_tail() {
                println!("    {line}");
            }
        }
    }

    /// `; unimplemented: a, b` for the syscalls the log complains about.
    fn unimplemented_note(&self) -> String {
        let found = exec::unimplemented_syscalls(&self.log_text);
        if found.is_empty() {
            return String::new();
        }
        let names: Vec<String> = found
            .iter()
            .map(|(message, count)| format!("{message} (x{count})"))
            .collect();
        format!("; the log has: {}", names.join(", "))
    }
}

/// Lines of a kernel log shown when a guest run goes wrong.
const LOG_TAIL: usize = 15;

/// Writes a file of a test's outputs.
fn write_file(path: &Path, data: &[u8]) -> Result<()> {
    std::fs::write(path, data).with_context(|| format!("cannot write {}", path.display()))
}

/// Prints the line of one part of a test (a script, a program):
/// `    NAME ... ok (NOTE)` or `... FAILED (NOTE)`, and `details` under it.
fn print_part(name: &str, note: &str, passed: bool, details: &str) {
    let verdict = if passed { "ok" } else { "FAILED" };
    println!("    {name} ... {verdict} ({note})");
    for line in details.lines() {
        println!("        {line}");
    }
}

/// The names of the files in `dir` whose names end with `suffix`, sorted.
fn list_files(dir: &Path, suffix: &str) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(suffix) && entry.path().is_file() {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

/// `text` as one shell word.
fn shell_quote(text: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "_-=,./:+@%".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        return text.to_string();
    }
    format!("'{}'", text.replace('\'', r"'\''"))
}

fn expect_exit(ending: Ending, want: i32) -> Result<()> {
    match ending {
        Ending::Exited(Some(code)) if code == want => Ok(()),
        Ending::Exited(Some(code)) => bail!("QEMU exited with status {code}, expected {want}"),
        Ending::Exited(None) => bail!("QEMU was killed by a signal, expected status {want}"),
        Ending::TimedOut => bail!("timed out after {} s (killed QEMU)", TEST_LIMIT.as_secs()),
    }
}

fn expect_in(output: &str, needles: &[&str]) -> Result<()> {
    let missing: Vec<&str> = needles
        .iter()
        .copied()
        .filter(|needle| !output.contains(needle))
        .collect();
    ensure!(
        missing.is_empty(),
        "the serial log lacks {}",
        missing
            .iter()
            .map(|m| format!("`{m}`"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}

/// The counts from the last `selftests: N passed, M failed` line.
fn selftest_summary(output: &str) -> Option<(u32, u32)> {
    output.lines().rev().find_map(|line| {
        let start = line.find("selftests: ")? + "selftests: ".len();
        let words: Vec<&str> = line[start..].split_whitespace().collect();
        match words.as_slice() {
            [passed, "passed,", failed, "failed", ..] => {
                Some((passed.parse().ok()?, failed.parse().ok()?))
            }
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_line_is_found() {
        let log = "[    0.1] INFO  selftest frames ... ok\nselftests: 7 passed, 0 failed\n";
        assert_eq!(selftest_summary(log), Some((7, 0)));
        let logged = "[    0.2] INFO  kernel: selftests: 3 passed, 2 failed\r\n";
        assert_eq!(selftest_summary(logged), Some((3, 2)));
        assert_eq!(selftest_summary("selftests: lots passed, 0 failed"), None);
        assert_eq!(selftest_summary("selftests: 1 passed, 0 flaky"), None);
        assert_eq!(selftest_summary("nothing here"), None);
    }

    #[test]
    fn expected_exit() {
        assert!(expect_exit(Ending::Exited(Some(33)), 33).is_ok());
        assert!(expect_exit(Ending::Exited(Some(35)), 33).is_err());
        assert!(expect_exit(Ending::TimedOut, 0).is_err());
        assert!(expect_exit(Ending::Exited(None), 0).is_err());
    }

    #[test]
    fn missing_words_are_named() {
        let err = expect_in("Phantom booted", &["Phantom", "framebuffer", "CR2="]).unwrap_err();
        assert_eq!(
            format!("{err}"),
            "the serial log lacks `framebuffer`, `CR2=`"
        );
    }

    #[test]
    fn shell_words_are_quoted_when_needed() {
        assert_eq!(shell_quote("/tmp/work"), "/tmp/work");
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote(""), "''");
    }

    #[test]
    fn test_names_are_unique() {
        let mut names: Vec<&str> = TESTS.iter().map(|t| t.0).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), TESTS.len());
    }
}
