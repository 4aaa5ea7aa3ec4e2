//! Starting QEMU: the command line, the accelerator, the display, and running
//! a machine interactively (`cargo xtask run`). A machine under a test's
//! control is a [`crate::vm::Vm`].
//!
//! Every machine is a q35 PC with one CPU, 512 MiB, the isa-debug-exit device
//! at port 0xf4 (the kernel writes 0x10 for "self-tests passed", QEMU exits
//! 33; 0x11 for "failed", QEMU exits 35), no monitor, no network, the first
//! serial port on stdio and, when asked for, the second one into a file
//! (where the kernel logs with `log=ttyS1`).

use std::ffi::OsString;
use std::fs::OpenOptions;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::str::FromStr;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::build::{self, Want};
use crate::cli::{BootPath, RunOptions};
use crate::paths::Paths;
use crate::{disk, Exit};

pub const QEMU: &str = "qemu-system-x86_64";

/// QEMU's exit status when the kernel reports success (0x10 to port 0xf4).
pub const STATUS_PASSED: i32 = 33;
/// QEMU's exit status when the kernel reports failure (0x11 to port 0xf4).
pub const STATUS_FAILED: i32 = 35;
/// xtask's exit status when `--timeout` ran out (as timeout(1)).
pub const STATUS_TIMED_OUT: i32 = 124;

/// The accelerator, as asked for on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accel {
    /// KVM when the CPU really has hardware virtualisation, else TCG.
    Auto,
    Kvm,
    Tcg,
}

impl FromStr for Accel {
    type Err = String;

    fn from_str(text: &str) -> Result<Accel, String> {
        match text {
            "auto" => Ok(Accel::Auto),
            "kvm" => Ok(Accel::Kvm),
            "tcg" => Ok(Accel::Tcg),
            _ => Err(format!("--accel wants auto, kvm or tcg, not `{text}`")),
        }
    }
}

impl Accel {
    /// Decides `Auto`. `/dev/kvm` alone is not enough: on machines whose CPU
    /// flags lack vmx/svm it is emulated, and guests run ~1000x slower than
    /// under TCG.
    pub fn resolve(self) -> Accel {
        match self {
            Accel::Auto if kvm_is_real() => Accel::Kvm,
            Accel::Auto => Accel::Tcg,
            forced => forced,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Accel::Auto => "auto",
            Accel::Kvm => "kvm",
            Accel::Tcg => "tcg",
        }
    }
}

fn kvm_is_real() -> bool {
    let device_opens = OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/kvm")
        .is_ok();
    device_opens
        && std::fs::read_to_string("/proc/cpuinfo").is_ok_and(|info| cpu_has_virtualization(&info))
}

/// Whether a `/proc/cpuinfo` text lists `vmx` (Intel) or `svm` (AMD).
pub fn cpu_has_virtualization(cpuinfo: &str) -> bool {
    cpuinfo
        .lines()
        .filter_map(|line| line.split_once(':'))
        .filter(|(key, _)| key.trim() == "flags")
        .any(|(_, flags)| {
            flags
                .split_whitespace()
                .any(|flag| flag == "vmx" || flag == "svm")
        })
}

/// Where the guest's screen goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Display {
    /// `-display none`: only the serial port.
    Headless,
    /// A window with this QEMU display backend (`gtk` or `sdl`).
    Window(&'static str),
}

/// The window backend this QEMU has, gtk preferred.
pub fn window_backend() -> Option<&'static str> {
    let output = Command::new(QEMU)
        .args(["-display", "help"])
        .stdin(Stdio::null())
        .output()
        .ok()?;
    backend_from_display_help(&String::from_utf8_lossy(&output.stdout))
}

/// Picks gtk or sdl from the output of `qemu-system-x86_64 -display help`.
pub fn backend_from_display_help(help: &str) -> Option<&'static str> {
    let listed: Vec<&str> = help.lines().map(str::trim).collect();
    ["gtk", "sdl"]
        .into_iter()
        .find(|backend| listed.contains(backend))
}

/// How the machine boots.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Boot {
    /// QEMU loads the kernel ELF itself (PVH note), with the initramfs and
    /// command line.
    Direct {
        kernel: PathBuf,
        initramfs: PathBuf,
        cmdline: String,
    },
    /// SeaBIOS boots the GRUB ISO from the CD drive.
    Iso(PathBuf),
}

/// Everything that varies between machines; [`QemuConfig::args`] makes the
/// command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QemuConfig {
    pub boot: Boot,
    /// `Kvm` or `Tcg` (resolve `Auto` first).
    pub accel: Accel,
    pub display: Display,
    /// A raw disk image for the virtio-blk device.
    pub disk: Option<PathBuf>,
    /// A Unix socket for QMP (a test drives the machine through it).
    pub qmp: Option<PathBuf>,
    /// A file that receives the second serial port (COM2).
    pub serial_log: Option<PathBuf>,
    /// A person at the terminal: Ctrl-C, Ctrl-Z and friends go to the guest
    /// (its shell's job control), and Ctrl-A X leaves QEMU.
    pub terminal: bool,
    /// Guest memory in MiB.
    pub memory_mib: u32,
}

impl QemuConfig {
    pub fn args(&self) -> Vec<OsString> {
        let mut args: Vec<OsString> = Vec::new();
        let mut push = |items: &[&str]| args.extend(items.iter().map(OsString::from));
        let memory = format!("{}M", self.memory_mib);
        push(&["-machine", "q35", "-m", &memory, "-smp", "1", "-no-reboot"]);
        push(&[
            "-device",
            "isa-debug-exit,iobase=0xf4,iosize=0x04",
            "-monitor",
            "none",
        ]);
        // No network until net/ brings a restricted one: QEMU's default NIC
        // would otherwise give the guest unrestricted user networking.
        push(&["-nic", "none"]);
        match self.accel {
            Accel::Kvm => push(&["-accel", "kvm", "-cpu", "host"]),
            _ => push(&["-accel", "tcg", "-cpu", "max"]),
        }
        match self.display {
            Display::Headless => push(&["-display", "none"]),
            Display::Window(backend) => push(&["-display", backend]),
        }
        if self.terminal {
            push(&["-chardev", "stdio,id=console,mux=on,signal=off", "-serial", "chardev:console"]);
        } else {
            push(&["-serial", "stdio"]);
        }
        if let Some(log) = &self.serial_log {
            // The legacy `file:` syntax takes the rest of the word as the
            // path, commas included.
            let mut file = OsString::from("file:");
            file.push(log);
            args.extend(["-serial".into(), file]);
        }
        match &self.boot {
            Boot::Direct {
                kernel,
                initramfs,
                cmdline,
            } => {
                args.push("-kernel".into());
                args.push(kernel.into());
                args.push("-initrd".into());
                args.push(initramfs.into());
                if !cmdline.trim().is_empty() {
                    args.push("-append".into());
                    args.push(cmdline.into());
                }
            }
            Boot::Iso(iso) => {
                args.push("-cdrom".into());
                args.push(iso.into());
                args.push("-boot".into());
                args.push("order=d".into());
            }
        }
        if let Some(disk) = &self.disk {
            let mut drive = OsString::from("file=");
            drive.push(option_path(disk));
            drive.push(",if=none,id=disk0,format=raw");
            args.extend([
                "-drive".into(),
                drive,
                "-device".into(),
                "virtio-blk-pci,drive=disk0".into(),
            ]);
        }
        if let Some(socket) = &self.qmp {
            let mut qmp = OsString::from("unix:");
            qmp.push(option_path(socket));
            qmp.push(",server=on,wait=off");
            args.extend(["-qmp".into(), qmp]);
        }
        args
    }

    pub fn command(&self) -> Command {
        let mut command = Command::new(QEMU);
        command.args(self.args());
        command
    }
}

/// A path inside a QEMU `-drive`/`-qmp` option string, where `,` separates
/// options and a literal comma is written twice.
fn option_path(path: &Path) -> OsString {
    path.to_string_lossy().replace(',', ",,").into()
}

/// Shows a command line on stderr, as a person could paste it.
pub fn show_command(command: &Command) {
    let mut line = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        let arg = arg.to_string_lossy();
        let plain = !arg.is_empty()
            && arg
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-=,./:+@%".contains(c));
        line.push(' ');
        if plain {
            line.push_str(&arg);
        } else {
            line.push_str(&format!("'{}'", arg.replace('\'', r"'\''")));
        }
    }
    eprintln!("xtask: {line}");
}

/// `cargo xtask run` (without `--exec`): build, boot, hand stdio to QEMU.
pub fn run_interactive(paths: &Paths, options: &RunOptions) -> Result<i32> {
    let want = match options.boot {
        BootPath::Iso => Want::Everything,
        BootPath::Direct => Want::DirectBoot,
    };
    let built = build::build_all(paths, &options.image, want)?;
    if let Some(disk) = &options.disk {
        disk::ensure_user_disk(disk)?;
    }
    let boot = match options.boot {
        BootPath::Iso => Boot::Iso(built.iso.context("the ISO was not built")?),
        BootPath::Direct => Boot::Direct {
            kernel: built.kernel,
            initramfs: built.initramfs,
            cmdline: options.image.append.clone(),
        },
    };
    let config = QemuConfig {
        boot,
        accel: resolve_and_report(options.accel),
        display: choose_display(options.headless),
        disk: options.disk.clone(),
        qmp: None,
        serial_log: None,
        terminal: std::io::IsTerminal::is_terminal(&std::io::stdin()),
        memory_mib: 512,
    };
    let mut command = config.command();
    show_command(&command);
    if config.terminal {
        eprintln!("xtask: Ctrl-C goes to the guest; Ctrl-A X leaves QEMU");
    }
    leave_interrupts_to_qemu();
    let mut child = command
        .spawn()
        .with_context(|| format!("cannot start {QEMU}"))?;
    let status = match options.timeout {
        None => child.wait().context("lost QEMU")?,
        Some(limit) => match wait_until(&mut child, Instant::now() + limit)? {
            Some(status) => status,
            None => {
                terminate(&mut child);
                return Err(Exit::new(
                    STATUS_TIMED_OUT,
                    format!(
                        "stopped QEMU after the --timeout of {} s",
                        limit.as_secs_f64()
                    ),
                )
                .into());
            }
        },
    };
    Ok(run_status(status))
}

/// xtask's exit status for the way QEMU ended.
pub fn run_status(status: ExitStatus) -> i32 {
    match (status.code(), status.signal()) {
        (Some(code), _) => map_exit_code(code),
        (None, Some(signal)) => 128 + signal,
        (None, None) => 1,
    }
}

/// 33 (self-tests passed) is success, 35 (failed) is 1, the rest as is.
pub fn map_exit_code(code: i32) -> i32 {
    match code {
        STATUS_PASSED => 0,
        STATUS_FAILED => 1,
        other => other,
    }
}

/// Decides `--accel auto` and says what it chose.
pub fn resolve_and_report(accel: Accel) -> Accel {
    let resolved = accel.resolve();
    if accel == Accel::Auto {
        let why = if resolved == Accel::Kvm {
            "the CPU has vmx/svm"
        } else {
            "no usable hardware virtualisation"
        };
        eprintln!("xtask: accel {} ({why})", resolved.name());
    }
    resolved
}

/// A window when there is a display to put it on and a backend to draw it.
fn choose_display(headless: bool) -> Display {
    if headless {
        return Display::Headless;
    }
    let has_display = ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|var| std::env::var_os(var).is_some_and(|v| !v.is_empty()));
    if !has_display {
        eprintln!("xtask: no $DISPLAY or $WAYLAND_DISPLAY: running headless (serial console on this terminal)");
        return Display::Headless;
    }
    match window_backend() {
        Some(backend) => Display::Window(backend),
        None => {
            eprintln!("xtask: this QEMU has neither gtk nor sdl: running headless");
            Display::Headless
        }
    }
}

/// Ctrl-C on the terminal reaches xtask and QEMU alike. QEMU handles it (it
/// shuts down and restores the terminal); xtask stays to report how QEMU
/// ended instead of dying first. A handler, unlike ignoring the signal, is
/// not inherited by QEMU.
pub fn leave_interrupts_to_qemu() {
    extern "C" fn ignore(_signal: libc::c_int) {}
    // SAFETY: installs a handler that does nothing, which is async-signal
    // safe; xtask has no other use for SIGINT.
    unsafe {
        libc::signal(
            libc::SIGINT,
            ignore as extern "C" fn(libc::c_int) as libc::sighandler_t,
        )
    };
}

/// Waits for the child until `deadline`; `None` if it is still running then.
pub fn wait_until(child: &mut Child, deadline: Instant) -> Result<Option<ExitStatus>> {
    loop {
        if let Some(status) = child.try_wait().context("lost QEMU")? {
            return Ok(Some(status));
        }
        let now = Instant::now();
        if now >= deadline {
            return Ok(None);
        }
        thread::sleep((deadline - now).min(Duration::from_millis(20)));
    }
}

/// Stops QEMU by its pid: SIGTERM first, so it restores the terminal it put
/// in raw mode, then SIGKILL if it does not go within two seconds.
pub fn terminate(child: &mut Child) {
    if let Ok(pid) = libc::pid_t::try_from(child.id()) {
        // SAFETY: kill(2) with the pid of our own child, which we have not
        // reaped yet, so the pid cannot have been reused.
        unsafe { libc::kill(pid, libc::SIGTERM) };
        if let Ok(Some(_)) = wait_until(child, Instant::now() + Duration::from_secs(2)) {
            return;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[OsString]) -> Vec<String> {
        args.iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    fn has_pair(args: &[String], flag: &str, value: &str) -> bool {
        args.windows(2).any(|w| w[0] == flag && w[1] == value)
    }

    #[test]
    fn cpuinfo_flags_decide_kvm() {
        let intel = "processor\t: 0\nflags\t\t: fpu vme vmx sse\n";
        let amd = "flags\t\t: fpu svm\n";
        let none = "flags\t\t: fpu sse hypervisor\nvmx flags\t: ept\n";
        assert!(cpu_has_virtualization(intel));
        assert!(cpu_has_virtualization(amd));
        assert!(!cpu_has_virtualization(none));
        assert!(!cpu_has_virtualization(""));
    }

    #[test]
    fn forced_accel_is_kept() {
        assert_eq!(Accel::Tcg.resolve(), Accel::Tcg);
        assert_eq!(Accel::Kvm.resolve(), Accel::Kvm);
        assert_ne!(Accel::Auto.resolve(), Accel::Auto);
        assert_eq!("tcg".parse(), Ok(Accel::Tcg));
        assert!("KVM".parse::<Accel>().is_err());
    }

    #[test]
    fn display_help_picks_gtk_then_sdl() {
        let help = "Available display backend types:\nnone\ngtk\nsdl\negl-headless\ncurses\n";
        assert_eq!(backend_from_display_help(help), Some("gtk"));
        assert_eq!(backend_from_display_help("none\nsdl\n"), Some("sdl"));
        assert_eq!(
            backend_from_display_help("none\ncurses\negl-headless\n"),
            None
        );
    }

    #[test]
    fn direct_boot_command_line() {
        let config = QemuConfig {
            boot: Boot::Direct {
                kernel: "k.elf".into(),
                initramfs: "i.cpio".into(),
                cmdline: "selftest quiet".into(),
            },
            accel: Accel::Tcg,
            display: Display::Headless,
            disk: Some("/tmp/a,b.img".into()),
            qmp: Some("/tmp/q.sock".into()),
            serial_log: Some("/tmp/k,1.log".into()),
            terminal: false,
            memory_mib: 512,
        };
        let args = strings(&config.args());
        assert!(has_pair(&args, "-machine", "q35"));
        assert!(has_pair(&args, "-cpu", "max"));
        assert!(has_pair(&args, "-accel", "tcg"));
        assert!(has_pair(&args, "-m", "512M"));
        assert!(has_pair(&args, "-smp", "1"));
        assert!(args.contains(&"-no-reboot".to_string()));
        assert!(has_pair(
            &args,
            "-device",
            "isa-debug-exit,iobase=0xf4,iosize=0x04"
        ));
        assert!(has_pair(&args, "-monitor", "none"));
        assert!(has_pair(&args, "-nic", "none"));
        assert!(has_pair(&args, "-display", "none"));
        assert!(has_pair(&args, "-serial", "stdio"));
        assert!(has_pair(&args, "-serial", "file:/tmp/k,1.log"));
        let serials: Vec<&String> = args
            .windows(2)
            .filter(|w| w[0] == "-serial")
            .map(|w| &w[1])
            .collect();
        assert_eq!(
            serials,
            ["stdio", "file:/tmp/k,1.log"],
            "COM1 first, then COM2"
        );
        assert!(has_pair(&args, "-kernel", "k.elf"));
        assert!(has_pair(&args, "-initrd", "i.cpio"));
        assert!(has_pair(&args, "-append", "selftest quiet"));
        assert!(has_pair(
            &args,
            "-drive",
            "file=/tmp/a,,b.img,if=none,id=disk0,format=raw"
        ));
        assert!(has_pair(&args, "-device", "virtio-blk-pci,drive=disk0"));
        assert!(has_pair(
            &args,
            "-qmp",
            "unix:/tmp/q.sock,server=on,wait=off"
        ));
    }

    #[test]
    fn iso_boot_with_kvm_in_a_window() {
        let config = QemuConfig {
            boot: Boot::Iso("p.iso".into()),
            accel: Accel::Kvm,
            display: Display::Window("gtk"),
            disk: None,
            qmp: None,
            serial_log: None,
            terminal: false,
            memory_mib: 512,
        };
        let args = strings(&config.args());
        assert!(has_pair(&args, "-accel", "kvm"));
        assert!(has_pair(&args, "-cpu", "host"));
        assert!(!args.contains(&"max".to_string()));
        assert!(has_pair(&args, "-display", "gtk"));
        assert!(has_pair(&args, "-serial", "stdio"));
        assert!(has_pair(&args, "-cdrom", "p.iso"));
        assert!(!args.contains(&"-kernel".to_string()));
        assert!(!args.contains(&"-drive".to_string()));
    }

    #[test]
    fn empty_cmdline_is_not_appended() {
        let config = QemuConfig {
            boot: Boot::Direct {
                kernel: "k".into(),
                initramfs: "i".into(),
                cmdline: String::new(),
            },
            accel: Accel::Tcg,
            display: Display::Headless,
            disk: None,
            qmp: None,
            serial_log: None,
            terminal: false,
            memory_mib: 512,
        };
        assert!(!strings(&config.args()).contains(&"-append".to_string()));
    }

    #[test]
    fn exit_codes_map_to_run_status() {
        assert_eq!(map_exit_code(33), 0);
        assert_eq!(map_exit_code(35), 1);
        assert_eq!(map_exit_code(0), 0);
        assert_eq!(map_exit_code(3), 3);
        assert_eq!(run_status(ExitStatus::from_raw(33 << 8)), 0);
        assert_eq!(run_status(ExitStatus::from_raw(35 << 8)), 1);
        assert_eq!(run_status(ExitStatus::from_raw(libc::SIGINT)), 130);
    }
}
