//! The initramfs format: cpio "newc" archives, as Linux uses them.
//!
//! # How it fits
//!
//! The boot loader hands the kernel an initramfs as a boot module (see
//! `phantom-bootinfo`). The kernel walks it with [`entries`] (or picks one
//! file with [`find`]) to populate its root file system; neither needs a
//! heap, and both borrow names and file contents straight from the archive
//! bytes. On the build side, xtask packs the initramfs with [`Writer`].
//!
//! The archive comes from outside the kernel, so the reader treats it as
//! untrusted: every length is checked, and a malformed archive yields an
//! [`Error`] naming the offset where parsing stopped, never a panic.
//!
//! # Format
//!
//! Each entry is a 110-byte ASCII header, `070701` (or `070702`, "with
//! checksum") followed by 13 fields of 8 hex digits: ino, mode, uid, gid,
//! nlink, mtime, filesize, devmajor, devminor, rdevmajor, rdevminor, namesize
//! (including the NUL) and check. Then comes the name and its NUL, padded so
//! header plus name is a multiple of 4, then the file data, padded to 4. An
//! entry named `TRAILER!!!` ends the archive. A symlink's data is its target.
//!
//! # Usage
//!
//! ```
//! let mut w = phantom_cpio::Writer::new();
//! w.add_dir("bin", 0o755);
//! w.add_file("bin/hello", 0o755, b"\x7fELF...");
//! let archive = w.finish();
//!
//! for entry in phantom_cpio::entries(&archive) {
//!     let entry = entry.expect("malformed initramfs");
//!     assert!(entry.is_dir() || entry.is_file());
//! }
//! assert!(phantom_cpio::find(&archive, "/bin/hello").is_some());
//! ```
//!
//! Start reading at [`entries`] in `reader.rs`; `writer.rs` is its mirror.

#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;

mod reader;
mod writer;

pub use reader::{entries, find, Entries, Entry, Error};
pub use writer::Writer;

/// Magic of a "newc" header.
pub const MAGIC_NEWC: &[u8; 6] = b"070701";
/// Magic of a "newc with checksum" header (same layout).
pub const MAGIC_CRC: &[u8; 6] = b"070702";
/// Size of the fixed ASCII header.
pub const HEADER_LEN: usize = 110;
/// Name of the entry that ends an archive.
pub const TRAILER: &str = "TRAILER!!!";

/// File type bits of `st_mode`.
pub const S_IFMT: u32 = 0o170000;
/// Directory.
pub const S_IFDIR: u32 = 0o040000;
/// Regular file.
pub const S_IFREG: u32 = 0o100000;
/// Symbolic link.
pub const S_IFLNK: u32 = 0o120000;

/// Round `n` up to a multiple of 4, the archive's alignment; `None` on overflow.
const fn align4(n: usize) -> Option<usize> {
    match n.checked_add(3) {
        Some(m) => Some(m & !3),
        None => None,
    }
}

#[cfg(test)]
mod tests;
