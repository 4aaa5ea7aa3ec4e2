//! Raw disk images for the virtio-blk device.
//!
//! - The self-test disk (1 MiB): sector 0 starts with [`SELFTEST_MAGIC`],
//!   sector 1 is all `0xA5`. The kernel's `virtio_blk` self-test reads both
//!   and writes [`SELFTEST_WRITTEN`] at the start of sector 2, which xtask
//!   checks after the run ([`selftest_disk_was_written`]).
//! - A person's `--disk FILE`: 64 MiB, sparse, created empty if missing; the
//!   native personality formats it.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use anyhow::{Context, Result};

pub const SECTOR: usize = 512;
pub const SELFTEST_DISK_SIZE: usize = 1 << 20;
pub const SELFTEST_MAGIC: &[u8] = b"PHANTOM-SELFTEST-DISK";
pub const SELFTEST_FILL: u8 = 0xA5;
pub const SELFTEST_WRITTEN: &[u8] = b"PHANTOM-WROTE-THIS";
pub const USER_DISK_SIZE: u64 = 64 << 20;

/// The self-test disk's contents, before the kernel writes to it.
pub fn selftest_disk_image() -> Vec<u8> {
    let mut image = vec![0u8; SELFTEST_DISK_SIZE];
    image[..SELFTEST_MAGIC.len()].copy_from_slice(SELFTEST_MAGIC);
    image[SECTOR..2 * SECTOR].fill(SELFTEST_FILL);
    image
}

/// Writes a fresh self-test disk (sector 2 blank again).
pub fn write_selftest_disk(path: &Path) -> Result<()> {
    if let Some(parent) = path.parent() {
        crate::fsutil::create_dir(parent)?;
    }
    fs::write(path, selftest_disk_image())
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Whether the kernel left its mark in sector 2.
pub fn selftest_disk_was_written(path: &Path) -> Result<bool> {
    let mut file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut sector = vec![0u8; SECTOR];
    file.seek(SeekFrom::Start(2 * SECTOR as u64))?;
    file.read_exact(&mut sector)
        .with_context(|| format!("cannot read sector 2 of {}", path.display()))?;
    Ok(sector.starts_with(SELFTEST_WRITTEN))
}

/// Makes sure `path` exists as a disk: creates a sparse 64 MiB file if not.
pub fn ensure_user_disk(path: &Path) -> Result<()> {
    if path.exists() {
        return Ok(());
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        crate::fsutil::create_dir(parent)?;
    }
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.set_len(USER_DISK_SIZE)
        .with_context(|| format!("cannot size {}", path.display()))?;
    eprintln!("xtask: created {} (64 MiB, empty)", path.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn temp(name: &str) -> std::path::PathBuf {
        std::env::temp_dir().join(format!("xtask-disk-{}-{name}", std::process::id()))
    }

    #[test]
    fn selftest_image_layout() {
        let image = selftest_disk_image();
        assert_eq!(image.len(), 1 << 20);
        assert!(image.starts_with(b"PHANTOM-SELFTEST-DISK"));
        assert!(image[512..1024].iter().all(|&b| b == 0xA5));
        assert!(image[1024..].iter().all(|&b| b == 0));
    }

    #[test]
    fn detects_the_kernels_write() {
        let path = temp("selftest");
        write_selftest_disk(&path).unwrap();
        assert!(!selftest_disk_was_written(&path).unwrap());
        let mut file = OpenOptions::new().write(true).open(&path).unwrap();
        file.seek(SeekFrom::Start(1024)).unwrap();
        file.write_all(b"PHANTOM-WROTE-THIS").unwrap();
        drop(file);
        assert!(selftest_disk_was_written(&path).unwrap());
        fs::remove_file(&path).unwrap();
    }

    #[test]
    fn user_disk_is_created_once() {
        let path = temp("user");
        ensure_user_disk(&path).unwrap();
        assert_eq!(fs::metadata(&path).unwrap().len(), 64 << 20);
        fs::write(&path, b"kept").unwrap();
        ensure_user_disk(&path).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"kept");
        fs::remove_file(&path).unwrap();
    }
}
