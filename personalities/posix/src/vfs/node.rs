//! The inode interface every file system implements, and the plain data that
//! crosses it (`Stat`, `DirEntry`, `PollMask`, ...).
//!
//! A [`Node`] is one file system object. Its methods have defaults that fail
//! with the errno Linux gives for an operation that does not apply to that
//! kind of object (`ENOTDIR` for a lookup in a file, `EISDIR` for a read of a
//! directory, ...), so a file system implements only what it supports.
//!
//! Nothing here blocks: an operation that would wait returns `EAGAIN`, and
//! the caller (the syscall layer) waits until [`Node::poll`] reports the
//! node ready, then retries.

use super::consts::*;
use crate::errno::Errno;
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::any::Any;
use core::sync::atomic::{AtomicU32, AtomicU64, Ordering};

/// A shared reference to an inode.
pub type NodeRef = Arc<dyn Node>;

/// The realtime clock a file system stamps its inodes with: (seconds since
/// the epoch, nanoseconds).
pub type Clock = Arc<dyn Fn() -> (u64, u32) + Send + Sync>;

/// A point in time, as `struct timespec` (never before the epoch here).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timespec {
    pub sec: u64,
    pub nsec: u32,
}

impl Timespec {
    pub const fn new(sec: u64, nsec: u32) -> Self {
        Timespec { sec, nsec }
    }
}

impl From<(u64, u32)> for Timespec {
    fn from((sec, nsec): (u64, u32)) -> Self {
        Timespec { sec, nsec }
    }
}

/// One timestamp argument of `utimensat`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetTime {
    /// Leave it (`UTIME_OMIT`).
    Omit,
    /// The file system's clock (`UTIME_NOW`, or a NULL `times` pointer).
    Now,
    At(Timespec),
}

impl SetTime {
    /// Decode one `struct timespec` of `utimensat`, honouring `UTIME_NOW`
    /// and `UTIME_OMIT`; `EINVAL` for a negative or out-of-range value.
    pub fn from_linux(sec: i64, nsec: i64) -> Result<SetTime, Errno> {
        match nsec as u64 {
            UTIME_NOW => Ok(SetTime::Now),
            UTIME_OMIT => Ok(SetTime::Omit),
            n if n < 1_000_000_000 && sec >= 0 => {
                Ok(SetTime::At(Timespec::new(sec as u64, n as u32)))
            }
            _ => Err(Errno::EINVAL),
        }
    }
}

/// The type of a file system object (the `S_IFMT` part of its mode).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FileKind {
    Regular,
    Directory,
    Symlink,
    Fifo,
    CharDevice,
    BlockDevice,
    Socket,
}

impl FileKind {
    /// The kind encoded in `mode`, if its `S_IFMT` bits name one.
    pub fn from_mode(mode: u32) -> Option<FileKind> {
        Some(match mode & S_IFMT {
            S_IFREG => FileKind::Regular,
            S_IFDIR => FileKind::Directory,
            S_IFLNK => FileKind::Symlink,
            S_IFIFO => FileKind::Fifo,
            S_IFCHR => FileKind::CharDevice,
            S_IFBLK => FileKind::BlockDevice,
            S_IFSOCK => FileKind::Socket,
            _ => return None,
        })
    }

    /// The `S_IF*` bits of this kind.
    pub fn mode_bits(self) -> u32 {
        match self {
            FileKind::Regular => S_IFREG,
            FileKind::Directory => S_IFDIR,
            FileKind::Symlink => S_IFLNK,
            FileKind::Fifo => S_IFIFO,
            FileKind::CharDevice => S_IFCHR,
            FileKind::BlockDevice => S_IFBLK,
            FileKind::Socket => S_IFSOCK,
        }
    }

    /// The `d_type` of a `linux_dirent64` for this kind.
    pub fn dirent_type(self) -> u8 {
        match self {
            FileKind::Regular => DT_REG,
            FileKind::Directory => DT_DIR,
            FileKind::Symlink => DT_LNK,
            FileKind::Fifo => DT_FIFO,
            FileKind::CharDevice => DT_CHR,
            FileKind::BlockDevice => DT_BLK,
            FileKind::Socket => DT_SOCK,
        }
    }
}

/// What [`Node::create`] makes (mknod, mkdir, open with `O_CREAT`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CreateKind {
    Regular,
    Directory,
    Fifo,
    /// A device special file; opening it reaches the device registered
    /// under `rdev` (see [`super::DeviceRegistry`]).
    CharDevice {
        rdev: u64,
    },
}

/// Linux `struct stat`, field for field, as plain integers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stat {
    pub dev: u64,
    pub ino: u64,
    /// File type (`S_IF*`) and permission bits.
    pub mode: u32,
    pub nlink: u64,
    pub uid: u32,
    pub gid: u32,
    pub rdev: u64,
    pub size: u64,
    pub blksize: u64,
    /// Allocated size in 512-byte units.
    pub blocks: u64,
    pub atime: Timespec,
    pub mtime: Timespec,
    pub ctime: Timespec,
}

/// Size of the x86-64 `struct stat`.
pub const STAT_SIZE: usize = 144;

impl Stat {
    pub fn kind(&self) -> Option<FileKind> {
        FileKind::from_mode(self.mode)
    }

    /// The x86-64 `struct stat` image, ready to copy to user memory.
    pub fn to_bytes(&self) -> [u8; STAT_SIZE] {
        let words: [u64; 15] = [
            self.dev,
            self.ino,
            self.nlink,
            self.mode as u64 | (self.uid as u64) << 32,
            self.gid as u64, // then 4 bytes of padding
            self.rdev,
            self.size,
            self.blksize,
            self.blocks,
            self.atime.sec,
            self.atime.nsec as u64,
            self.mtime.sec,
            self.mtime.nsec as u64,
            self.ctime.sec,
            self.ctime.nsec as u64,
        ];
        let mut out = [0u8; STAT_SIZE];
        for (chunk, word) in out.chunks_exact_mut(8).zip(words) {
            chunk.copy_from_slice(&word.to_le_bytes());
        }
        out
    }
}

/// One entry of a directory listing (`.` and `..` are never listed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirEntry {
    pub name: String,
    pub ino: u64,
    pub kind: FileKind,
}

bitflags::bitflags! {
    /// Readiness, with the Linux `POLL*` values.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct PollMask: u32 {
        /// Data to read (or EOF, or a listening socket's pending connection).
        const IN = 0x001;
        /// Urgent data.
        const PRI = 0x002;
        /// Room to write.
        const OUT = 0x004;
        /// Error; for a pipe's write end, no reader is left.
        const ERR = 0x008;
        /// Hang-up; for a pipe's read end, no writer is left.
        const HUP = 0x010;
        /// The descriptor is not open (poll only).
        const NVAL = 0x020;
        const RDNORM = 0x040;
        const WRNORM = 0x100;
        const RDHUP = 0x2000;
    }
}

/// A file system object: regular file, directory, symlink, fifo, device...
///
/// Object safe; hold it as a [`NodeRef`]. Implementors override what
/// applies to them and must provide `ino`, `stat` and `as_any`.
pub trait Node: Send + Sync {
    /// Inode number, unique within the node's file system.
    fn ino(&self) -> u64;

    fn stat(&self) -> Stat;

    /// The node's type; override when `stat` is costly.
    fn kind(&self) -> FileKind {
        FileKind::from_mode(self.stat().mode).unwrap_or(FileKind::Regular)
    }

    /// For downcasting to the concrete type (a file system recognises its own
    /// nodes this way, e.g. to refuse a cross-device rename).
    fn as_any(&self) -> &dyn Any;

    /// Called when the node is opened. `Ok(None)`: I/O goes to the node
    /// itself. `Ok(Some(handle))`: reads, writes, poll and ioctl of this
    /// open file go to `handle` (a fifo returns one end of its pipe, a
    /// synthetic file a snapshot of its content, a device node the device),
    /// while stat and metadata calls still go to the node.
    fn open(&self, _flags: u32) -> Result<Option<NodeRef>, Errno> {
        Ok(None)
    }

    fn read_at(&self, _offset: u64, _buf: &mut [u8]) -> Result<usize, Errno> {
        Err(not_a_file(self.kind()))
    }

    fn write_at(&self, _offset: u64, _buf: &[u8]) -> Result<usize, Errno> {
        Err(not_a_file(self.kind()))
    }

    /// Write at the end of the file, atomically with respect to other
    /// appends (`O_APPEND`); returns the bytes written and the new end.
    fn append(&self, buf: &[u8]) -> Result<(usize, u64), Errno> {
        let end = self.stat().size;
        let n = self.write_at(end, buf)?;
        Ok((n, end + n as u64))
    }

    /// Set the size, cutting or zero-extending.
    fn truncate(&self, _len: u64) -> Result<(), Errno> {
        Err(not_a_file(self.kind()))
    }

    /// The entry `name` of this directory. The path walker passes one
    /// component, never `.`, `..` or empty; a directory may still answer
    /// `..` with its parent (`getdents64` takes that entry's inode number
    /// from it, falling back to the directory's own).
    fn lookup(&self, _name: &str) -> Result<NodeRef, Errno> {
        Err(not_a_dir(self.kind(), Errno::ENOENT))
    }

    /// Make a new entry; `EEXIST` if `name` exists. `mode` holds the
    /// permission bits (umask already applied by the caller).
    fn create(&self, _name: &str, _kind: CreateKind, _mode: u32) -> Result<NodeRef, Errno> {
        Err(not_a_dir(self.kind(), Errno::EPERM))
    }

    fn symlink(&self, _name: &str, _target: &str) -> Result<NodeRef, Errno> {
        Err(not_a_dir(self.kind(), Errno::EPERM))
    }

    /// A hard link `name` to `target`, which must be on the same file system
    /// (`EXDEV`) and not a directory (`EPERM`).
    fn link(&self, _name: &str, _target: &NodeRef) -> Result<(), Errno> {
        Err(not_a_dir(self.kind(), Errno::EPERM))
    }

    /// Remove a non-directory entry (`EISDIR` for a directory).
    fn unlink(&self, _name: &str) -> Result<(), Errno> {
        Err(not_a_dir(self.kind(), Errno::EPERM))
    }

    /// Remove an empty directory entry (`ENOTEMPTY`, `ENOTDIR`).
    fn rmdir(&self, _name: &str) -> Result<(), Errno> {
        Err(not_a_dir(self.kind(), Errno::EPERM))
    }

    /// Move entry `old_name` of this directory to `new_name` in `new_dir`,
    /// with Linux's replacement rules; `EXDEV` if `new_dir` belongs to
    /// another file system.
    fn rename(&self, _old_name: &str, _new_dir: &NodeRef, _new_name: &str) -> Result<(), Errno> {
        Err(not_a_dir(self.kind(), Errno::EPERM))
    }

    /// A symlink's target; `EINVAL` for anything else.
    fn readlink(&self) -> Result<String, Errno> {
        Err(Errno::EINVAL)
    }

    /// The entries of this directory, without `.` and `..`.
    fn readdir(&self) -> Result<Vec<DirEntry>, Errno> {
        Err(not_a_dir(self.kind(), Errno::EPERM))
    }

    /// chmod: `mode` holds the bits of `S_IALLUGO`; the type is kept.
    fn set_mode(&self, _mode: u32) -> Result<(), Errno> {
        Err(Errno::EPERM)
    }

    /// chown: `None` leaves that id unchanged (the `-1` of the syscall).
    fn set_owner(&self, _uid: Option<u32>, _gid: Option<u32>) -> Result<(), Errno> {
        Err(Errno::EPERM)
    }

    /// utimensat: set access and modification times; ctime becomes now.
    fn set_times(&self, _atime: SetTime, _mtime: SetTime) -> Result<(), Errno> {
        Err(Errno::EPERM)
    }

    /// Readiness for `poll`/`select`. Regular files are always ready.
    fn poll(&self) -> PollMask {
        PollMask::IN | PollMask::OUT
    }

    /// A count that grows with every event a waiter could care about (data
    /// arriving, room freed): edge-triggered epoll reports a new edge when
    /// it changes even if the readiness bits stay the same. 0 if not tracked.
    fn events(&self) -> u64 {
        0
    }

    /// Whether the file has a position (`lseek`, `pread`); pipes, fifos and
    /// terminals do not (`ESPIPE`).
    fn is_seekable(&self) -> bool {
        true
    }

    fn ioctl(&self, _cmd: u32, _arg: u64) -> Result<u64, Errno> {
        Err(Errno::ENOTTY)
    }
}

/// The errno of a data operation (read, write, truncate) on something
/// that holds no data: `EISDIR` for a directory, else `EINVAL`.
pub(super) fn not_a_file(kind: FileKind) -> Errno {
    if kind == FileKind::Directory {
        Errno::EISDIR
    } else {
        Errno::EINVAL
    }
}

/// The errno of a directory operation: `ENOTDIR` on a non-directory,
/// `unsupported` on a directory that does not implement it.
pub(super) fn not_a_dir(kind: FileKind, unsupported: Errno) -> Errno {
    if kind == FileKind::Directory {
        unsupported
    } else {
        Errno::ENOTDIR
    }
}

/// Whether `a` and `b` are the same object (pointer identity, ignoring the
/// vtable, which may differ between codegen units).
pub fn same_node(a: &NodeRef, b: &NodeRef) -> bool {
    core::ptr::eq(Arc::as_ptr(a) as *const u8, Arc::as_ptr(b) as *const u8)
}

static NEXT_ANON_MINOR: AtomicU32 = AtomicU32::new(1);
static NEXT_ANON_INO: AtomicU64 = AtomicU64::new(1);

/// A fresh device number (major 0, as Linux gives memory file systems) for
/// a new file system instance's `st_dev`.
pub fn new_anon_dev() -> u64 {
    makedev(0, NEXT_ANON_MINOR.fetch_add(1, Ordering::Relaxed))
}

/// An inode number for objects outside any file system (pipes, synthetic
/// files), unique among them.
pub fn new_anon_ino() -> u64 {
    NEXT_ANON_INO.fetch_add(1, Ordering::Relaxed)
}

/// The device number shared by all objects numbered by [`new_anon_ino`].
pub fn anon_dev() -> u64 {
    static DEV: AtomicU64 = AtomicU64::new(0);
    match DEV.load(Ordering::Relaxed) {
        0 => {
            let fresh = new_anon_dev();
            match DEV.compare_exchange(0, fresh, Ordering::Relaxed, Ordering::Relaxed) {
                Ok(_) => fresh,
                Err(existing) => existing,
            }
        }
        dev => dev,
    }
}
