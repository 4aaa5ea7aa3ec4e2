//! Host tests of the VFS, one file per area.

extern crate std;

mod concurrency;
mod devices;
mod fdtable;
mod file;
mod initramfs;
mod path;
mod synthetic_nodes;
mod tmpfs_rules;

use super::consts::*;
use super::*;
use crate::errno::Errno;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicU64, Ordering};

/// A clock that advances one second at each reading, so every change gets
/// a distinct timestamp.
fn ticking_clock() -> Clock {
    let t = Arc::new(AtomicU64::new(1_000));
    Arc::new(move || (t.fetch_add(1, Ordering::Relaxed), 0))
}

fn new_vfs() -> Vfs {
    Vfs::new(ticking_clock())
}

fn write_file(vfs: &Vfs, path: &str, data: &[u8]) {
    let f = vfs
        .open("/", path, O_CREAT | O_WRONLY | O_TRUNC, 0o644)
        .unwrap();
    assert_eq!(f.write(data).unwrap(), data.len());
}

fn read_file(vfs: &Vfs, path: &str) -> Vec<u8> {
    let f = vfs.open("/", path, O_RDONLY, 0).unwrap();
    let mut out = Vec::new();
    let mut buf = [0u8; 1000];
    loop {
        match f.read(&mut buf).unwrap() {
            0 => return out,
            n => out.extend_from_slice(&buf[..n]),
        }
    }
}

fn ino_of(vfs: &Vfs, path: &str) -> u64 {
    vfs.resolve("/", path, false).unwrap().ino()
}

fn nlink(vfs: &Vfs, path: &str) -> u64 {
    vfs.resolve("/", path, false).unwrap().stat().nlink
}

fn err<T>(r: Result<T, Errno>) -> Errno {
    match r {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    }
}
