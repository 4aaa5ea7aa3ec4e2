//! The Linux anchor: Debian's own kernel (package `linux-image-amd64`) booted
//! in the same QEMU machine as Phantom, with an initramfs of the same static
//! busybox, so a benchmark can be run on both and compared.
//!
//! The kernel comes from the package the metapackage `linux-image-amd64`
//! depends on (`linux-image-6.1.0-NN-amd64` on Debian 12), fetched with
//! `apt-get download`; only `boot/vmlinuz-*` is taken out of it. It is kept
//! in `target/phantom/linux/` and fetched only when that is empty.
//!
//! A [`LinuxImage`] is busybox, some files, and an `/init` script that
//! prints a marker, mounts /proc and a tmpfs on /tmp (Phantom's /tmp is a
//! tmpfs too), runs one command and powers off. The console is `ttyS0`, the
//! first serial port, which is QEMU's stdout as for Phantom. Debian's kernel
//! has the 8250 serial driver, tmpfs and the initramfs unpacker built in, so
//! the image needs no modules.
//!
//! Usage:
//!
//! ```ignore
//! let kernel = linux::kernel(paths)?;
//! let image = LinuxImage::new(&busybox, "ready", "echo hi")?;
//! std::fs::write(&cpio, image.to_cpio())?;
//! let config = linux::machine(&kernel, &cpio, accel);
//! ```

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};

use crate::build::stderr_as_stdio;
use crate::busybox::Busybox;
use crate::fsutil::create_dir;
use crate::initramfs::Initramfs;
use crate::paths::Paths;
use crate::qemu::{Accel, Boot, Display, QemuConfig};

/// The Debian metapackage that names the current kernel package.
pub const METAPACKAGE: &str = "linux-image-amd64";
/// The kernel command line: console on the first serial port, few messages,
/// and a panic (say, /init exiting) ends the machine at once (with
/// `-no-reboot`, a reboot is QEMU exiting).
pub const CMDLINE: &str = "console=ttyS0 quiet panic=-1";
/// The file in the cache that names the package the kernel came from.
const PACKAGE_FILE: &str = "package";

/// Debian's kernel, unpacked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinuxKernel {
    pub vmlinuz: PathBuf,
    /// The kernel release, e.g. `6.1.0-56-amd64`.
    pub release: String,
    /// The Debian package and its version, e.g. `linux-image-6.1.0-56-amd64
    /// 6.1.192-2`.
    pub package: String,
}

impl LinuxKernel {
    /// How the anchor is named in reports.
    pub fn describe(&self) -> String {
        match self.package.split_once(' ') {
            Some((_, version)) => format!("Linux {} (Debian {version})", self.release),
            None => format!("Linux {}", self.release),
        }
    }
}

/// The kernel from the cache, or fetched into it.
pub fn kernel(paths: &Paths) -> Result<LinuxKernel> {
    let dir = cache_dir(paths);
    if let Some(kernel) = cached(&dir)? {
        return Ok(kernel);
    }
    fetch(&dir)?;
    cached(&dir)?.with_context(|| {
        format!(
            "the kernel package was unpacked but {} has no vmlinuz",
            dir.display()
        )
    })
}

fn cache_dir(paths: &Paths) -> PathBuf {
    paths.out.join("linux")
}

/// The kernel in `dir`, if a `vmlinuz-*` and the package note are there.
fn cached(dir: &Path) -> Result<Option<LinuxKernel>> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(None);
    };
    let mut releases: Vec<String> = entries
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter_map(|name| name.strip_prefix("vmlinuz-").map(str::to_string))
        .collect();
    releases.sort();
    let Some(release) = releases.pop() else {
        return Ok(None);
    };
    let package = fs::read_to_string(dir.join(PACKAGE_FILE))
        .map(|text| text.trim().to_string())
        .unwrap_or_default();
    Ok(Some(LinuxKernel {
        vmlinuz: dir.join(format!("vmlinuz-{release}")),
        release,
        package,
    }))
}

/// Downloads the kernel package into `dir` and keeps only its vmlinuz.
fn fetch(dir: &Path) -> Result<()> {
    let package = kernel_package()?;
    eprintln!("xtask: fetching Debian's kernel: {package} (apt-get download)");
    let download = dir.join("download");
    if download.exists() {
        fs::remove_dir_all(&download)
            .with_context(|| format!("cannot clear {}", download.display()))?;
    }
    create_dir(&download)?;
    let status = Command::new("apt-get")
        .args(["download", "-q", &package])
        .current_dir(&download)
        .stdin(Stdio::null())
        .stdout(stderr_as_stdio()?)
        .status()
        .context("cannot start apt-get (the Linux anchor needs Debian's apt)")?;
    if !status.success() {
        bail!("`apt-get download {package}` failed ({status})");
    }
    let deb = fs::read_dir(&download)?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|ext| ext == "deb"))
        .with_context(|| format!("apt-get download left no .deb in {}", download.display()))?;
    let version = command_output("dpkg-deb", &["--field", path_str(&deb)?, "Version"])?;
    // Only the kernel image: the package's modules (hundreds of MiB) are
    // not needed, so `dpkg-deb --fsys-tarfile | tar` rather than `-x`.
    let script = "dpkg-deb --fsys-tarfile \"$1\" | tar -x -C \"$2\" --wildcards './boot/vmlinuz-*'";
    let status = Command::new("sh")
        .args(["-c", script, "sh", path_str(&deb)?, path_str(&download)?])
        .stdin(Stdio::null())
        .status()
        .context("cannot start sh for dpkg-deb | tar")?;
    if !status.success() {
        bail!(
            "cannot unpack boot/vmlinuz-* from {} ({status})",
            deb.display()
        );
    }
    let boot = download.join("boot");
    let vmlinuz = fs::read_dir(&boot)
        .with_context(|| format!("{} has no boot/", deb.display()))?
        .filter_map(|entry| entry.ok())
        .find(|entry| entry.file_name().to_string_lossy().starts_with("vmlinuz-"))
        .with_context(|| format!("{} has no boot/vmlinuz-*", deb.display()))?;
    fs::rename(vmlinuz.path(), dir.join(vmlinuz.file_name()))
        .context("cannot move vmlinuz into the cache")?;
    fs::write(
        dir.join(PACKAGE_FILE),
        format!("{package} {}\n", version.trim()),
    )?;
    fs::remove_dir_all(&download)
        .with_context(|| format!("cannot remove {}", download.display()))?;
    Ok(())
}

/// The versioned kernel package the metapackage depends on. Runs
/// `apt-get update` first when apt knows no such package (fresh machines
/// have no package lists) and we are allowed to.
fn kernel_package() -> Result<String> {
    let depends = || command_output("apt-cache", &["depends", METAPACKAGE]).unwrap_or_default();
    if let Some(package) = kernel_package_from(&depends()) {
        return Ok(package);
    }
    if crate::prereq::is_root() {
        eprintln!("xtask: apt knows no {METAPACKAGE}: apt-get update");
        let _ = Command::new("apt-get")
            .args(["update", "-q"])
            .stdin(Stdio::null())
            .stdout(stderr_as_stdio()?)
            .status();
        if let Some(package) = kernel_package_from(&depends()) {
            return Ok(package);
        }
    }
    bail!("apt knows no {METAPACKAGE} (run `apt-get update`; the Linux anchor is Debian's kernel)")
}

/// The `Depends: linux-image-*` line of `apt-cache depends`.
fn kernel_package_from(depends: &str) -> Option<String> {
    depends
        .lines()
        .filter_map(|line| line.trim().strip_prefix("Depends:"))
        .map(str::trim)
        .find(|name| name.starts_with("linux-image-") && *name != METAPACKAGE)
        .map(str::to_string)
}

fn command_output(program: &str, args: &[&str]) -> Result<String> {
    let output = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("cannot start {program}"))?;
    if !output.status.success() {
        bail!(
            "`{program} {}` failed ({}): {}",
            args.join(" "),
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn path_str(path: &Path) -> Result<&str> {
    path.to_str()
        .with_context(|| format!("{} is not a UTF-8 path", path.display()))
}

/// The QEMU machine for the anchor: Phantom's (q35, the same CPU model,
/// memory, accelerator, no network, headless), booting `kernel` with
/// `initramfs` through QEMU's Linux loader.
pub fn machine(kernel: &LinuxKernel, initramfs: &Path, accel: Accel) -> QemuConfig {
    QemuConfig {
        boot: Boot::Direct {
            kernel: kernel.vmlinuz.clone(),
            initramfs: initramfs.to_path_buf(),
            cmdline: CMDLINE.to_string(),
        },
        accel,
        display: Display::Headless,
        disk: None,
        qmp: None,
        serial_log: None,
        terminal: false,
        memory_mib: 512,
    }
}

/// An initramfs for Debian's kernel: busybox, extra files, and an `/init`
/// that runs one command.
pub struct LinuxImage {
    tree: Initramfs,
}

impl LinuxImage {
    /// Busybox and an `/init` that prints `marker` (on a line of its own) as
    /// its first action, runs `command` with `/bin/sh -c`, and powers off.
    pub fn new(busybox: &Busybox, marker: &str, command: &str) -> Result<LinuxImage> {
        let mut tree = Initramfs::default();
        for (dir, perm) in [
            ("dev", 0o755),
            ("proc", 0o555),
            ("tmp", 0o1777),
            ("etc", 0o755),
        ] {
            tree.add_dir(dir, perm)?;
        }
        busybox.install(&mut tree)?;
        tree.add_file("init", 0o755, init_script(marker, command).into_bytes())?;
        Ok(LinuxImage { tree })
    }

    /// Adds (or replaces) a file.
    pub fn add_file(&mut self, path: &str, perm: u32, data: Vec<u8>) -> Result<()> {
        self.tree.add_file(path, perm, data)
    }

    /// The archive: the tree, then a second archive with the device nodes
    /// (the kernel unpacks concatenated archives in turn). `/dev/console`
    /// must be there before /init starts: the kernel opens it for init's
    /// standard input and output.
    pub fn to_cpio(&self) -> Vec<u8> {
        let mut archive = self.tree.to_cpio();
        archive.extend(device_nodes(&[("dev/console", 5, 1), ("dev/null", 1, 3)]));
        archive
    }
}

/// The `/init` of a [`LinuxImage`]. The command is run by a shell of its
/// own, as Phantom's `run --exec` does, so `exit` in it ends only it.
pub fn init_script(marker: &str, command: &str) -> String {
    format!(
        "#!/bin/sh\n\
         echo {marker}\n\
         export PATH=/sbin:/usr/sbin:/bin:/usr/bin HOME=/\n\
         mount -t proc proc /proc\n\
         mount -t tmpfs tmpfs /tmp\n\
         cd /\n\
         /bin/sh -c {command}\n\
         echo \"init: exit status $?\"\n\
         poweroff -f\n",
        marker = shell_word(marker),
        command = shell_word(command),
    )
}

/// `text` as one shell word, in single quotes.
fn shell_word(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// A cpio (newc) archive of character devices `(path, major, minor)`, each
/// 0600 and owned by root, with its trailer. `phantom_cpio::Writer` writes
/// no device nodes: Phantom's initramfs needs none.
fn device_nodes(nodes: &[(&str, u32, u32)]) -> Vec<u8> {
    const S_IFCHR: u32 = 0o020000;
    let mut out = Vec::new();
    let mut entry = |ino: u32, mode: u32, rdev: (u32, u32), name: &str| {
        // magic, then 13 fields: ino mode uid gid nlink mtime filesize
        // devmajor devminor rdevmajor rdevminor namesize check.
        let fields = [
            ino,
            mode,
            0,
            0,
            1,
            0,
            0,
            0,
            0,
            rdev.0,
            rdev.1,
            name.len() as u32 + 1,
            0,
        ];
        out.extend_from_slice(b"070701");
        for field in fields {
            out.extend_from_slice(format!("{field:08x}").as_bytes());
        }
        out.extend_from_slice(name.as_bytes());
        out.push(0);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    };
    for (index, &(path, major, minor)) in nodes.iter().enumerate() {
        // Inode numbers far from the first archive's, which count from 1.
        entry(
            0x10_0000 + index as u32,
            S_IFCHR | 0o600,
            (major, minor),
            path,
        );
    }
    entry(0, 0, (0, 0), "TRAILER!!!");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kernel_package_comes_from_apt_cache_depends() {
        let depends = "linux-image-amd64\n  Depends: linux-image-6.1.0-56-amd64\n";
        assert_eq!(
            kernel_package_from(depends).as_deref(),
            Some("linux-image-6.1.0-56-amd64")
        );
        assert_eq!(
            kernel_package_from("linux-image-amd64\n  Recommends: firmware\n"),
            None
        );
        assert_eq!(kernel_package_from(""), None);
    }

    #[test]
    fn the_cache_is_found_and_described() {
        let dir = std::env::temp_dir().join(format!("xtask-linux-{}", std::process::id()));
        assert_eq!(cached(&dir).unwrap(), None, "no directory yet");
        create_dir(&dir).unwrap();
        assert_eq!(cached(&dir).unwrap(), None, "no vmlinuz yet");
        fs::write(dir.join("vmlinuz-6.1.0-56-amd64"), b"bzImage").unwrap();
        fs::write(
            dir.join(PACKAGE_FILE),
            "linux-image-6.1.0-56-amd64 6.1.192-2\n",
        )
        .unwrap();
        let kernel = cached(&dir).unwrap().unwrap();
        fs::remove_dir_all(&dir).unwrap();
        assert_eq!(kernel.release, "6.1.0-56-amd64");
        assert_eq!(kernel.vmlinuz, dir.join("vmlinuz-6.1.0-56-amd64"));
        assert_eq!(kernel.describe(), "Linux 6.1.0-56-amd64 (Debian 6.1.192-2)");
    }

    #[test]
    fn init_prints_the_marker_first_and_powers_off() {
        let script = init_script("boot-mark", "echo 'it''s'; exit 3");
        let lines: Vec<&str> = script.lines().collect();
        assert_eq!(lines[0], "#!/bin/sh");
        assert_eq!(lines[1], "echo 'boot-mark'");
        assert!(script.contains("mount -t tmpfs tmpfs /tmp\n"));
        assert!(script.contains(r"/bin/sh -c 'echo '\''it'\'''\''s'\''; exit 3'"));
        assert_eq!(lines.last(), Some(&"poweroff -f"));
    }

    #[test]
    fn the_machine_is_phantoms_with_the_linux_loader() {
        let kernel = LinuxKernel {
            vmlinuz: "/c/vmlinuz-6.1".into(),
            release: "6.1".into(),
            package: String::new(),
        };
        let args: Vec<String> = machine(&kernel, Path::new("/c/i.cpio"), Accel::Tcg)
            .args()
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        let joined = args.join(" ");
        for part in [
            "-machine q35 -m 512M -smp 1 -no-reboot",
            "-nic none",
            "-accel tcg -cpu max",
            "-display none",
            "-serial stdio",
            "-kernel /c/vmlinuz-6.1 -initrd /c/i.cpio -append console=ttyS0 quiet panic=-1",
        ] {
            assert!(joined.contains(part), "{part} not in {joined}");
        }
    }

    /// The image reads back as two archives: the tree with busybox and
    /// /init, then the device nodes, each with its trailer.
    #[test]
    fn the_image_has_init_busybox_and_a_console() {
        let busybox = Busybox {
            binary: b"\x7fELF".to_vec(),
            applets: vec!["bin/sh".into(), "sbin/poweroff".into()],
        };
        let mut image = LinuxImage::new(&busybox, "m", "true").unwrap();
        image.add_file("bin/tool", 0o755, b"tool".to_vec()).unwrap();
        let archive = image.to_cpio();
        let first = phantom_cpio::entries(&archive)
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        for name in [
            "init",
            "bin/busybox",
            "bin/sh",
            "sbin/poweroff",
            "bin/tool",
            "tmp",
            "proc",
        ] {
            assert!(first.iter().any(|e| e.name == name), "{name} missing");
        }
        let trailer = b"TRAILER!!!\0";
        let end = archive
            .windows(trailer.len())
            .position(|w| w == trailer)
            .unwrap()
            + trailer.len();
        let second = &archive[end.next_multiple_of(4)..];
        assert!(second.starts_with(b"070701"));
        let header = std::str::from_utf8(&second[..110]).unwrap();
        let field = |index: usize| u32::from_str_radix(&header[6 + index * 8..][..8], 16).unwrap();
        assert_eq!(field(1), 0o020600, "a character device, 0600");
        assert_eq!((field(9), field(10)), (5, 1), "rdev 5:1");
        assert_eq!(&second[110..122], b"dev/console\0");
        assert_eq!(second.len() % 4, 0);
        assert!(second.ends_with(&[0]) && second.windows(10).any(|w| w == b"TRAILER!!!"));
    }
}
