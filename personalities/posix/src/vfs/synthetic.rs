//! Synthetic nodes, whose content is computed when asked: the building
//! blocks of procfs (which the syscall layer assembles, since it knows the
//! processes).
//!
//! - [`SyntheticFile`]: read-only; its text is produced by a closure when
//!   the file is opened, and the open file reads that snapshot, so a reader
//!   going through it in several `read`s sees one consistent text.
//! - [`SyntheticDir`]: its entries come from a closure at each lookup or
//!   listing (e.g. one directory per live process).
//! - [`SyntheticLink`]: a symlink whose target is computed (`/proc/self`).
//!
//! # Usage
//!
//! ```
//! use phantom_posix::vfs::synthetic::{self, SyntheticFile};
//! # extern crate alloc;
//! use alloc::{string::String, sync::Arc, vec};
//! let version = synthetic::file(|| b"Phantom 0.1\n".to_vec());
//! let proc_root = synthetic::dir(move || {
//!     vec![(String::from("version"), version.clone())]
//! });
//! assert!(proc_root.lookup("version").is_ok());
//! ```

use super::consts::*;
use super::node::*;
use crate::errno::Errno;
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::any::Any;

/// Produces a synthetic file's content.
pub type Generator = Arc<dyn Fn() -> Vec<u8> + Send + Sync>;
/// Produces a synthetic directory's entries.
pub type Lister = Arc<dyn Fn() -> Vec<(String, NodeRef)> + Send + Sync>;
/// Produces a synthetic symlink's target.
pub type Target = Arc<dyn Fn() -> String + Send + Sync>;

/// A read-only file (mode `0o444` unless set) whose content is made by a
/// closure. Its size is reported as 0, as procfs does.
pub struct SyntheticFile {
    ino: u64,
    perm: u32,
    generate: Generator,
}

impl SyntheticFile {
    pub fn new(generate: impl Fn() -> Vec<u8> + Send + Sync + 'static) -> SyntheticFile {
        SyntheticFile {
            ino: new_anon_ino(),
            perm: 0o444,
            generate: Arc::new(generate),
        }
    }

    /// Use a stable inode number instead of a fresh one.
    pub fn with_ino(mut self, ino: u64) -> Self {
        self.ino = ino;
        self
    }

    pub fn with_perm(mut self, perm: u32) -> Self {
        self.perm = perm & S_IALLUGO;
        self
    }

    pub fn into_node(self) -> NodeRef {
        Arc::new(self)
    }
}

/// A synthetic file with a fresh inode number and mode `0o444`.
pub fn file(generate: impl Fn() -> Vec<u8> + Send + Sync + 'static) -> NodeRef {
    SyntheticFile::new(generate).into_node()
}

fn read_slice(data: &[u8], offset: u64, buf: &mut [u8]) -> usize {
    let start = usize::try_from(offset)
        .unwrap_or(usize::MAX)
        .min(data.len());
    let n = (data.len() - start).min(buf.len());
    buf[..n].copy_from_slice(&data[start..start + n]);
    n
}

fn synthetic_stat(ino: u64, mode: u32, nlink: u64, size: u64) -> Stat {
    Stat {
        dev: anon_dev(),
        ino,
        mode,
        nlink,
        size,
        blksize: 4096,
        ..Stat::default()
    }
}

impl Node for SyntheticFile {
    fn ino(&self) -> u64 {
        self.ino
    }

    fn stat(&self) -> Stat {
        synthetic_stat(self.ino, S_IFREG | self.perm, 1, 0)
    }

    fn kind(&self) -> FileKind {
        FileKind::Regular
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn open(&self, flags: u32) -> Result<Option<NodeRef>, Errno> {
        if flags & O_ACCMODE != O_RDONLY {
            return Err(Errno::EACCES);
        }
        Ok(Some(Arc::new(Snapshot {
            ino: self.ino,
            data: (self.generate)(),
        })))
    }

    /// Without an open, each read computes the content afresh.
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<usize, Errno> {
        Ok(read_slice(&(self.generate)(), offset, buf))
    }

    fn write_at(&self, _offset: u64, _buf: &[u8]) -> Result<usize, Errno> {
        Err(Errno::EACCES)
    }

    fn truncate(&self, _len: u64) -> Result<(), Errno> {
        Err(Errno::EACCES)
    }
}

/// The content of a synthetic file as it was when opened.
struct Snapshot {
    ino: u64,
    data: Vec<u8>,
}

impl Node for Snapshot {
    fn ino(&self) -> u64 {
        self.ino
    }

    fn stat(&self) -> Stat {
        synthetic_stat(self.ino, S_IFREG | 0o444, 1, self.data.len() as u64)
    }

    fn kind(&self) -> FileKind {
        FileKind::Regular
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<usize, Errno> {
        Ok(read_slice(&self.data, offset, buf))
    }

    fn write_at(&self, _offset: u64, _buf: &[u8]) -> Result<usize, Errno> {
        Err(Errno::EACCES)
    }
}

/// A directory (mode `0o555`) whose entries a closure lists on demand.
/// Nothing can be created or removed in it (`EPERM`).
pub struct SyntheticDir {
    ino: u64,
    list: Lister,
}

impl SyntheticDir {
    pub fn new(list: impl Fn() -> Vec<(String, NodeRef)> + Send + Sync + 'static) -> SyntheticDir {
        SyntheticDir {
            ino: new_anon_ino(),
            list: Arc::new(list),
        }
    }

    pub fn with_ino(mut self, ino: u64) -> Self {
        self.ino = ino;
        self
    }

    pub fn into_node(self) -> NodeRef {
        Arc::new(self)
    }
}

/// A synthetic directory with a fresh inode number.
pub fn dir(list: impl Fn() -> Vec<(String, NodeRef)> + Send + Sync + 'static) -> NodeRef {
    SyntheticDir::new(list).into_node()
}

impl Node for SyntheticDir {
    fn ino(&self) -> u64 {
        self.ino
    }

    fn stat(&self) -> Stat {
        synthetic_stat(self.ino, S_IFDIR | 0o555, 2, 0)
    }

    fn kind(&self) -> FileKind {
        FileKind::Directory
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn lookup(&self, name: &str) -> Result<NodeRef, Errno> {
        (self.list)()
            .into_iter()
            .find(|(n, _)| n == name)
            .map(|(_, node)| node)
            .ok_or(Errno::ENOENT)
    }

    fn readdir(&self) -> Result<Vec<DirEntry>, Errno> {
        Ok((self.list)()
            .into_iter()
            .map(|(name, node)| DirEntry {
                name,
                ino: node.ino(),
                kind: node.kind(),
            })
            .collect())
    }
}

/// A symlink whose target a closure computes at each readlink.
pub struct SyntheticLink {
    ino: u64,
    target: Target,
}

impl SyntheticLink {
    pub fn new(target: impl Fn() -> String + Send + Sync + 'static) -> SyntheticLink {
        SyntheticLink {
            ino: new_anon_ino(),
            target: Arc::new(target),
        }
    }

    pub fn with_ino(mut self, ino: u64) -> Self {
        self.ino = ino;
        self
    }

    pub fn into_node(self) -> NodeRef {
        Arc::new(self)
    }
}

/// A synthetic symlink with a fresh inode number.
pub fn symlink(target: impl Fn() -> String + Send + Sync + 'static) -> NodeRef {
    SyntheticLink::new(target).into_node()
}

impl Node for SyntheticLink {
    fn ino(&self) -> u64 {
        self.ino
    }

    fn stat(&self) -> Stat {
        let size = (self.target)().len() as u64;
        synthetic_stat(self.ino, S_IFLNK | 0o777, 1, size)
    }

    fn kind(&self) -> FileKind {
        FileKind::Symlink
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn readlink(&self) -> Result<String, Errno> {
        Ok((self.target)())
    }
}
