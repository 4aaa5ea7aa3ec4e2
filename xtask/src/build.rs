//! Building what QEMU boots, in order: the kernel ELF (cargo), its symbol
//! table, the initramfs (the symbol table, busybox and its applet links, the
//! `phantom` command from `libc-shim/`, the built ports of
//! `target/ports/root/`, and what `--add` names), and, when wanted, the GRUB
//! ISO.
//!
//! Outputs are rewritten only when their content changes, so a second build
//! with nothing changed is quick and does not rebuild the ISO.

use std::os::fd::AsFd;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use anyhow::{Context, Result};

use crate::busybox::Busybox;
use crate::cli::ImageOptions;
use crate::fsutil::write_if_changed;
use crate::initramfs::Initramfs;
use crate::paths::{Paths, KERNEL_PACKAGE, KERNEL_TARGET};
use crate::{iso, java, ports, shim, symbols};

/// Whether the ISO is needed too (the direct boot path does without).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    Everything,
    DirectBoot,
}

/// What was built: paths, and the initramfs contents for images derived
/// from it (`--exec` adds one file).
#[derive(Debug, Clone)]
pub struct Built {
    pub kernel: PathBuf,
    pub symbols: PathBuf,
    pub initramfs: PathBuf,
    pub iso: Option<PathBuf>,
    pub image: Initramfs,
}

pub fn build_all(paths: &Paths, image: &ImageOptions, want: Want) -> Result<Built> {
    let kernel = build_kernel(paths)?;

    let table = symbols::table_for(&kernel)?;
    let symbols = paths.symbols();
    write_if_changed(&symbols, table.as_bytes())?;

    let mut initramfs = Initramfs::base(table.as_bytes());
    Busybox::load(paths)?.install(&mut initramfs)?;
    // The bridge to the native world.
    let phantom = shim::build(paths)?;
    let data = std::fs::read(&phantom).with_context(|| format!("reading {}", phantom.display()))?;
    initramfs.add_file("bin/phantom", 0o755, data)?;
    // The Java class library every new native world loads.
    let (library, _) = java::library(paths)?;
    let data = std::fs::read(&library).with_context(|| format!("reading {}", library.display()))?;
    initramfs.add_file("lib/phantom/java.phm", 0o644, data)?;
    // Built ports (`cargo xtask ports`), after busybox so a port can replace
    // an applet, before `--add` so that can replace a port's file.
    ports::add_to_image(paths, &mut initramfs)?;
    // After busybox, so that an added file can replace an applet.
    for add in &image.adds {
        initramfs.add_host(add)?;
    }
    let initramfs_path = paths.initramfs();
    write_if_changed(&initramfs_path, &initramfs.to_cpio())?;

    let iso = match want {
        Want::Everything => Some(iso::build(paths, &kernel, &initramfs_path, &image.append)?),
        Want::DirectBoot => None,
    };
    Ok(Built {
        kernel,
        symbols,
        initramfs: initramfs_path,
        iso,
        image: initramfs,
    })
}

/// `cargo build` of the kernel for bare metal, release profile.
///
/// cargo's progress goes to stderr, and so does anything it would print on
/// stdout: xtask's stdout is kept for what runs in the guest (`--exec`).
pub fn build_kernel(paths: &Paths) -> Result<PathBuf> {
    eprintln!("xtask: building the kernel ({KERNEL_TARGET}, release)");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(&paths.root)
        .args([
            "build",
            "--package",
            KERNEL_PACKAGE,
            "--target",
            KERNEL_TARGET,
            "--release",
        ])
        .stdin(Stdio::null())
        .stdout(stderr_as_stdio()?)
        .status()
        .context("cannot start cargo")?;
    if !status.success() {
        anyhow::bail!("the kernel did not build (cargo: {status})");
    }
    let kernel = paths.kernel_elf();
    if !kernel.is_file() {
        anyhow::bail!(
            "cargo built the kernel but {} is not there",
            kernel.display()
        );
    }
    Ok(kernel)
}

/// A handle to our stderr, to give a child as its stdout.
pub fn stderr_as_stdio() -> Result<Stdio> {
    let fd = std::io::stderr()
        .as_fd()
        .try_clone_to_owned()
        .context("cannot duplicate stderr")?;
    Ok(Stdio::from(fd))
}
