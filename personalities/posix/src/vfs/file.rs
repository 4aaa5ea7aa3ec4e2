//! Open file descriptions: what a descriptor refers to. `dup` and `fork`
//! share one [`File`] (offset and status flags included); each `open` makes
//! a new one.

use super::consts::*;
use super::node::*;
use crate::errno::Errno;
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicU32, Ordering};
use spin::Mutex;

/// An open file description.
pub struct File {
    /// The inode that was opened: stat, chmod, truncate, getdents go here.
    node: NodeRef,
    /// Where I/O goes: the node itself, or the handle its `open` returned
    /// (a pipe end for a fifo, the device for a device node, ...).
    io: NodeRef,
    /// Canonical path at open time, for `*at` calls and `/proc/*/fd`.
    path: Option<String>,
    /// Access mode and status flags (`F_GETFL`).
    flags: AtomicU32,
    /// File position; for a directory, the index of the next entry.
    offset: Mutex<u64>,
}

impl File {
    /// Open `node` with `flags` (the `open(2)` flags; `O_CREAT`, `O_TRUNC`
    /// and the like are the caller's business and are not kept). `path` is
    /// the canonical path, if it has one (a `String`, or `None`). With
    /// `O_PATH`, the node's own `open` is not called and no I/O is allowed.
    pub fn open(
        node: NodeRef,
        flags: u32,
        path: impl Into<Option<String>>,
    ) -> Result<Arc<File>, Errno> {
        let path = path.into();
        let io = if flags & O_PATH != 0 {
            node.clone()
        } else {
            node.open(flags)?.unwrap_or_else(|| node.clone())
        };
        Ok(Arc::new(File {
            node,
            io,
            path,
            flags: AtomicU32::new(flags & !OPEN_ONLY_FLAGS),
            offset: Mutex::new(0),
        }))
    }

    /// The inode that was opened: for `fstat`, `fchmod`, `fchown`,
    /// `futimens`, `ftruncate` and "is it a directory?". Reads, writes,
    /// `poll` and `ioctl` must go through the `File` methods instead: for a
    /// fifo or a device node they reach a different object (the pipe end,
    /// the device), see [`File::io_node`].
    pub fn inode(&self) -> &NodeRef {
        &self.node
    }

    /// The node I/O goes to: the inode itself, or the handle its
    /// [`Node::open`] returned (a pipe end, a device such as a tty, a
    /// snapshot of a synthetic file). Downcast it to reach the concrete type.
    pub fn io_node(&self) -> &NodeRef {
        &self.io
    }

    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// Access mode and status flags, for `fcntl(F_GETFL)`.
    pub fn flags(&self) -> u32 {
        self.flags.load(Ordering::Relaxed)
    }

    /// `fcntl(F_SETFL)`: only the bits of `SETFL_MASK` change.
    pub fn set_flags(&self, flags: u32) {
        let _ = self
            .flags
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |old| {
                Some((old & !SETFL_MASK) | (flags & SETFL_MASK))
            });
    }

    pub fn is_nonblocking(&self) -> bool {
        self.flags() & O_NONBLOCK != 0
    }

    pub fn is_readable(&self) -> bool {
        let flags = self.flags();
        flags & O_PATH == 0 && matches!(flags & O_ACCMODE, O_RDONLY | O_RDWR)
    }

    pub fn is_writable(&self) -> bool {
        let flags = self.flags();
        flags & O_PATH == 0 && matches!(flags & O_ACCMODE, O_WRONLY | O_RDWR)
    }

    /// The current position.
    pub fn offset(&self) -> u64 {
        *self.offset.lock()
    }

    pub fn stat(&self) -> Stat {
        self.node.stat()
    }

    /// Readiness of the open file (of its I/O handle).
    pub fn poll(&self) -> PollMask {
        self.io.poll()
    }

    /// The I/O handle's event count (see `Node::events`).
    pub fn events(&self) -> u64 {
        self.io.events()
    }

    pub fn ioctl(&self, cmd: u32, arg: u64) -> Result<u64, Errno> {
        if self.flags() & O_PATH != 0 {
            return Err(Errno::EBADF);
        }
        self.io.ioctl(cmd, arg)
    }

    /// `read(2)`: at the position, advancing it (for seekable files).
    pub fn read(&self, buf: &mut [u8]) -> Result<usize, Errno> {
        if !self.is_readable() {
            return Err(Errno::EBADF);
        }
        if !self.io.is_seekable() {
            return self.io.read_at(0, buf);
        }
        let mut offset = self.offset.lock();
        let n = self.io.read_at(*offset, buf)?;
        *offset += n as u64;
        Ok(n)
    }

    /// `write(2)`: at the position, or at the end with `O_APPEND`.
    pub fn write(&self, buf: &[u8]) -> Result<usize, Errno> {
        if !self.is_writable() {
            return Err(Errno::EBADF);
        }
        if !self.io.is_seekable() {
            return self.io.write_at(0, buf);
        }
        let mut offset = self.offset.lock();
        if self.flags() & O_APPEND != 0 {
            let (n, end) = self.io.append(buf)?;
            *offset = end;
            return Ok(n);
        }
        let n = self.io.write_at(*offset, buf)?;
        *offset += n as u64;
        Ok(n)
    }

    /// `pread64(2)`: at `offset`, leaving the position alone.
    pub fn pread(&self, buf: &mut [u8], offset: u64) -> Result<usize, Errno> {
        if !self.is_readable() {
            return Err(Errno::EBADF);
        }
        if !self.io.is_seekable() {
            return Err(Errno::ESPIPE);
        }
        self.io.read_at(offset, buf)
    }

    /// `pwrite64(2)`: at `offset` (at the end with `O_APPEND`, as Linux
    /// does), leaving the position alone.
    pub fn pwrite(&self, buf: &[u8], offset: u64) -> Result<usize, Errno> {
        if !self.is_writable() {
            return Err(Errno::EBADF);
        }
        if !self.io.is_seekable() {
            return Err(Errno::ESPIPE);
        }
        if self.flags() & O_APPEND != 0 {
            return Ok(self.io.append(buf)?.0);
        }
        self.io.write_at(offset, buf)
    }

    /// `ftruncate(2)`: `EINVAL` unless open for writing.
    pub fn truncate(&self, len: u64) -> Result<(), Errno> {
        if !self.is_writable() {
            return Err(if self.flags() & O_PATH != 0 {
                Errno::EBADF
            } else {
                Errno::EINVAL
            });
        }
        self.node.truncate(len)
    }

    /// `lseek(2)`: `ESPIPE` for pipes, fifos and terminals; `EINVAL` for a
    /// negative result or an unknown `whence`; `ENXIO` for `SEEK_DATA` and
    /// `SEEK_HOLE` at or past the end. A directory takes only `SEEK_SET`
    /// and `SEEK_CUR` (its position counts entries).
    pub fn seek(&self, offset: i64, whence: u32) -> Result<u64, Errno> {
        if self.flags() & O_PATH != 0 {
            return Err(Errno::EBADF);
        }
        if !self.io.is_seekable() {
            return Err(Errno::ESPIPE);
        }
        let is_dir = self.node.kind() == FileKind::Directory;
        let mut pos = self.offset.lock();
        let target = match whence {
            SEEK_SET => offset as i128,
            SEEK_CUR => *pos as i128 + offset as i128,
            SEEK_END if !is_dir => self.io.stat().size as i128 + offset as i128,
            SEEK_DATA | SEEK_HOLE if !is_dir => {
                let size = self.io.stat().size as i128;
                if offset < 0 || offset as i128 >= size {
                    return Err(Errno::ENXIO);
                }
                // No holes are tracked: all data, one hole at the end.
                if whence == SEEK_DATA {
                    offset as i128
                } else {
                    size
                }
            }
            _ => return Err(Errno::EINVAL),
        };
        if target < 0 || target > i64::MAX as i128 {
            return Err(Errno::EINVAL);
        }
        *pos = target as u64;
        Ok(*pos)
    }

    /// `getdents64(2)`: `linux_dirent64` records that fit in `buf_len`
    /// bytes, starting at the position, which advances past them. The
    /// listing starts with `.` and `..`; `d_off` of a record is the position
    /// after it. `Ok(empty)` at the end; `EINVAL` if the next record does
    /// not fit at all. Positions are indices into the listing, so entries
    /// added or removed between calls may shift it by one (as on some
    /// Linux file systems).
    pub fn getdents64(&self, buf_len: usize) -> Result<Vec<u8>, Errno> {
        if self.flags() & O_PATH != 0 {
            return Err(Errno::EBADF);
        }
        if self.node.kind() != FileKind::Directory {
            return Err(Errno::ENOTDIR);
        }
        let mut pos = self.offset.lock();
        let own_ino = self.node.ino();
        let parent_ino = self.node.lookup("..").map_or(own_ino, |p| p.ino());
        let entries = self.node.readdir()?;
        let listing = [(".", own_ino), ("..", parent_ino)]
            .into_iter()
            .map(|(name, ino)| (name, ino, DT_DIR))
            .chain(
                entries
                    .iter()
                    .map(|e| (e.name.as_str(), e.ino, e.kind.dirent_type())),
            );
        let start = usize::try_from(*pos).unwrap_or(usize::MAX);
        let mut out = Vec::new();
        let mut next = start;
        for (index, (name, ino, kind)) in listing.enumerate().skip(start) {
            let reclen = dirent_len(name);
            if out.len() + reclen > buf_len {
                if out.is_empty() {
                    return Err(Errno::EINVAL);
                }
                break;
            }
            push_dirent(&mut out, ino, index as u64 + 1, kind, name);
            next = index + 1;
        }
        *pos = next as u64;
        Ok(out)
    }
}

/// Size of a `linux_dirent64` record: 19 header bytes, the name and its
/// NUL, rounded up to 8.
fn dirent_len(name: &str) -> usize {
    (19 + name.len() + 1).next_multiple_of(8)
}

fn push_dirent(out: &mut Vec<u8>, ino: u64, next_off: u64, kind: u8, name: &str) {
    let reclen = dirent_len(name);
    let start = out.len();
    out.extend_from_slice(&ino.to_le_bytes());
    out.extend_from_slice(&next_off.to_le_bytes());
    out.extend_from_slice(&(reclen as u16).to_le_bytes());
    out.push(kind);
    out.extend_from_slice(name.as_bytes());
    out.resize(start + reclen, 0); // NUL and padding
}
