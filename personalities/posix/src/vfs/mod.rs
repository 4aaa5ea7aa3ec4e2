//! The virtual file system: the file tree every POSIX program sees.
//!
//! # How it fits
//!
//! - A [`Node`] is one file system object (inode). File systems implement
//!   the trait: [`tmpfs`] (the root and `/tmp`), [`devfs`] (`/dev`, a tmpfs
//!   whose device nodes lead to registered device objects), [`synthetic`]
//!   (closure-backed nodes the syscall layer assembles into `/proc`), and
//!   pipes ([`crate::pipe`]).
//! - [`Vfs`] is the namespace: a root, mounts, and the path walk
//!   ([`Vfs::resolve`], [`Vfs::resolve_parent`]), plus the path operations
//!   (`open`, `mkdir`, `unlink`, `rename`, ...) and [`Vfs::unpack_cpio`].
//! - A [`File`] is an open file description (node, offset, flags); an
//!   [`FdTable`] maps a process's descriptors to files.
//!
//! Nothing here blocks or knows about processes: permission checks,
//! waiting on `EAGAIN`, `SIGPIPE` and copying to user memory are the
//! syscall layer's. Paths and names are UTF-8 strings.
//!
//! # Usage
//!
//! ```
//! # extern crate alloc;
//! use alloc::sync::Arc;
//! use phantom_posix::vfs::{consts::*, Vfs};
//! let vfs = Vfs::new(Arc::new(|| (1_700_000_000, 0)));
//! vfs.mkdir("/", "/etc", 0o755).unwrap();
//! let f = vfs.open("/", "/etc/motd", O_CREAT | O_WRONLY, 0o644).unwrap();
//! f.write(b"welcome\n").unwrap();
//! let f = vfs.open("/etc", "motd", O_RDONLY, 0).unwrap();
//! let mut buf = [0u8; 16];
//! assert_eq!(f.read(&mut buf).unwrap(), 8);
//! ```
//!
//! Start reading at `node.rs` (the trait), then `namespace.rs` (the walk).

pub mod consts;
pub mod devfs;
mod fdtable;
mod file;
mod initramfs;
mod namespace;
mod node;
mod ops;
pub mod synthetic;
pub mod tmpfs;

pub use consts::*;
pub use devfs::DeviceRegistry;
pub use fdtable::FdTable;
pub use file::File;
pub use namespace::Vfs;
pub use node::{
    anon_dev, new_anon_dev, new_anon_ino, same_node, Clock, CreateKind, DirEntry, FileKind, Node,
    NodeRef, PollMask, SetTime, Stat, Timespec, STAT_SIZE,
};

#[cfg(test)]
mod tests;
