//! Where things live: the workspace root and everything xtask writes under
//! `target/phantom/`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// The target triple the kernel is built for.
pub const KERNEL_TARGET: &str = "x86_64-unknown-none";
/// The kernel's cargo package (and binary) name.
pub const KERNEL_PACKAGE: &str = "phantom-kernel";

#[derive(Debug, Clone)]
pub struct Paths {
    /// The workspace root (where the top `Cargo.toml` is).
    pub root: PathBuf,
    /// cargo's target directory.
    pub target: PathBuf,
    /// xtask's own output: `target/phantom`.
    pub out: PathBuf,
}

impl Paths {
    /// Finds the workspace from where xtask was built: `xtask/..`.
    pub fn discover() -> Result<Paths> {
        let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let root = manifest_dir
            .parent()
            .context("xtask is not inside a workspace")?
            .to_path_buf();
        let target = match std::env::var_os("CARGO_TARGET_DIR") {
            Some(dir) if !dir.is_empty() => root.join(dir),
            _ => root.join("target"),
        };
        Ok(Paths::new(root, target))
    }

    pub fn new(root: PathBuf, target: PathBuf) -> Paths {
        let out = target.join("phantom");
        Paths { root, target, out }
    }

    /// The kernel ELF that `cargo build --release` leaves.
    pub fn kernel_elf(&self) -> PathBuf {
        self.target
            .join(KERNEL_TARGET)
            .join("release")
            .join(KERNEL_PACKAGE)
    }

    pub fn symbols(&self) -> PathBuf {
        self.out.join("kernel.sym")
    }

    pub fn initramfs(&self) -> PathBuf {
        self.out.join("initramfs.cpio")
    }

    pub fn iso(&self) -> PathBuf {
        self.out.join("phantom.iso")
    }

    /// The directory grub-mkrescue turns into the ISO.
    pub fn iso_staging(&self) -> PathBuf {
        self.out.join("iso")
    }

    pub fn test_logs(&self) -> PathBuf {
        self.out.join("test-logs")
    }

    /// The kernel log of the last `run --exec` (its image is `exec.cpio`).
    pub fn exec_log(&self) -> PathBuf {
        self.out.join("exec.log")
    }

    pub fn selftest_disk(&self) -> PathBuf {
        self.out.join("selftest-disk.img")
    }
}
