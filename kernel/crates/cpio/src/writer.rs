//! Writing an archive, for the build side (xtask) and for tests.

use alloc::vec::Vec;

use crate::{align4, HEADER_LEN, MAGIC_NEWC, S_IFDIR, S_IFLNK, S_IFREG, TRAILER};

/// Builds a "newc" archive in memory.
///
/// Entries get inode numbers counting up from 1, mtime 0, uid and gid 0,
/// nlink 2 for directories and 1 otherwise. Paths are stored as given; Linux
/// archives use relative names such as `bin/sh`. Add directories before
/// their contents, as an unpacker creates entries in order.
///
/// The format has no room for some inputs; rather than panic, the writer
/// stores a name only up to its first NUL byte, and a file only up to
/// `u32::MAX` bytes.
#[derive(Clone, Debug)]
pub struct Writer {
    out: Vec<u8>,
    next_ino: u32,
}

impl Default for Writer {
    fn default() -> Self {
        Self::new()
    }
}

impl Writer {
    pub fn new() -> Self {
        Writer {
            out: Vec::new(),
            next_ino: 1,
        }
    }

    /// A directory; `perm` is the permission bits, e.g. `0o755`.
    pub fn add_dir(&mut self, path: &str, perm: u32) {
        self.add_entry(path, S_IFDIR | perm, 2, &[]);
    }

    /// A regular file; `perm` is the permission bits, e.g. `0o644`.
    pub fn add_file(&mut self, path: &str, perm: u32, data: &[u8]) {
        self.add_entry(path, S_IFREG | perm, 1, data);
    }

    /// A symbolic link to `target`, with permissions `0o777`.
    pub fn add_symlink(&mut self, path: &str, target: &str) {
        self.add_entry(path, S_IFLNK | 0o777, 1, target.as_bytes());
    }

    /// Append the `TRAILER!!!` entry and return the archive.
    pub fn finish(mut self) -> Vec<u8> {
        self.write_entry(0, 0, 1, TRAILER, &[]);
        self.out
    }

    fn add_entry(&mut self, path: &str, mode: u32, nlink: u32, data: &[u8]) {
        let ino = self.next_ino;
        self.next_ino = self.next_ino.wrapping_add(1);
        self.write_entry(ino, mode, nlink, path, data);
    }

    fn write_entry(&mut self, ino: u32, mode: u32, nlink: u32, name: &str, data: &[u8]) {
        let name = name.split('\0').next().unwrap_or_default();
        let data = &data[..data.len().min(u32::MAX as usize)];
        // Both lengths fit in u32 (the name is far shorter than the data cap).
        let namesize = (name.len() + 1) as u32;
        let filesize = data.len() as u32;

        let start = self.out.len();
        self.out.extend_from_slice(MAGIC_NEWC);
        let fields = [ino, mode, 0, 0, nlink, 0, filesize, 0, 0, 0, 0, namesize, 0];
        for value in fields {
            push_hex8(&mut self.out, value);
        }
        debug_assert_eq!(self.out.len() - start, HEADER_LEN);
        self.out.extend_from_slice(name.as_bytes());
        self.out.push(0);
        self.pad();
        self.out.extend_from_slice(data);
        self.pad();
    }

    /// Pad the output to a multiple of 4. Entries start 4-aligned, so the
    /// absolute length is the right thing to align.
    fn pad(&mut self) {
        let target = align4(self.out.len()).unwrap_or(self.out.len());
        self.out.resize(target, 0);
    }
}

fn push_hex8(out: &mut Vec<u8>, value: u32) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for shift in (0..8).rev() {
        out.push(DIGITS[(value >> (shift * 4)) as usize & 0xf]);
    }
}
