//! tmpfs: a file system in memory, the root file system of the POSIX world.
//!
//! Every object is an [`Inode`] whose `content` says what it is: a directory
//! (a sorted map of names to nodes, plus a link to its parent), a regular
//! file (a byte vector), a symlink, a fifo (a [`Pipe`]) or a device special
//! file (a device number, resolved through the [`DeviceRegistry`] at open).
//! A directory may also hold nodes of other kinds (devfs puts its devices in
//! a tmpfs directory); those can be listed, looked up and unlinked, not
//! hard-linked.
//!
//! Locking: a directory's entries are under its own lock. Operations that
//! hold two directories lock a parent before its child; `rename` first takes
//! the file system's rename lock, so parent links cannot change while it
//! checks that a directory is not being moved into itself (Linux's
//! `s_vfs_rename_mutex`; see `rename.rs`). Metadata locks are leaves.

use super::consts::*;
use super::devfs::DeviceRegistry;
use super::node::*;
use crate::errno::Errno;
use crate::pipe::Pipe;
use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::sync::{Arc, Weak};
use alloc::vec::Vec;
use core::any::Any;
use core::sync::atomic::{AtomicU64, Ordering};
use spin::{Mutex, MutexGuard};

mod rename;

/// Size limits of one tmpfs instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest file; writes and truncates beyond it fail with `EFBIG`.
    pub max_file_size: u64,
    /// Total bytes of file data; growth beyond it fails with `ENOSPC` (as
    /// does running out of heap, whatever this says).
    pub capacity: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_size: i64::MAX as u64, // Linux's MAX_LFS_FILESIZE
            capacity: u64::MAX,
        }
    }
}

/// A directory's size as tmpfs reports it: 20 bytes per entry, `.` and `..`
/// included (Linux's BOGO_DIRENT_SIZE).
const DIRENT_SIZE: u64 = 20;

/// A new, empty tmpfs; returns its root directory (mode `0o755`).
pub fn new(clock: Clock, devices: Arc<DeviceRegistry>, limits: Limits) -> NodeRef {
    let fs = Arc::new(Fs {
        dev: new_anon_dev(),
        next_ino: AtomicU64::new(1),
        clock,
        devices,
        limits,
        used: AtomicU64::new(0),
        rename_lock: Mutex::new(()),
    });
    Inode::new(&fs, S_IFDIR | 0o755, 2, |_| {
        Content::Dir(Mutex::new(DirData {
            entries: BTreeMap::new(),
            parent: Weak::new(),
            removed: false,
        }))
    })
}

/// Put a node of any kind (e.g. a device) into tmpfs directory `dir` under
/// `name`. `EEXIST` if the name is taken, `ENOTDIR` if `dir` is not a
/// tmpfs directory.
pub fn insert(dir: &NodeRef, name: &str, node: NodeRef) -> Result<(), Errno> {
    let dir = as_inode(dir).ok_or(Errno::ENOTDIR)?;
    check_name(name)?;
    if name == "." || name == ".." {
        return Err(Errno::EEXIST);
    }
    let mut data = dir.dir()?.lock();
    if data.removed {
        return Err(Errno::ENOENT);
    }
    if data.entries.contains_key(name) {
        return Err(Errno::EEXIST);
    }
    if let Some(child) = as_inode(&node) {
        // A tmpfs node moved in this way is one more link to it.
        child.meta.lock().nlink += 1;
    }
    data.entries.insert(name.to_string(), node);
    drop(data);
    dir.touch_modified();
    Ok(())
}

/// The device registry of the tmpfs that `node` belongs to.
pub fn devices_of(node: &NodeRef) -> Option<Arc<DeviceRegistry>> {
    as_inode(node).map(|inode| inode.fs.devices.clone())
}

/// Bytes of file data held by the tmpfs that `node` belongs to.
pub fn bytes_used(node: &NodeRef) -> Option<u64> {
    as_inode(node).map(|inode| inode.fs.used.load(Ordering::Relaxed))
}

struct Fs {
    dev: u64,
    next_ino: AtomicU64,
    clock: Clock,
    devices: Arc<DeviceRegistry>,
    limits: Limits,
    /// Bytes of file data, for `Limits::capacity`.
    used: AtomicU64,
    rename_lock: Mutex<()>,
}

impl Fs {
    fn now(&self) -> Timespec {
        (self.clock)().into()
    }

    /// Reserve `bytes` of capacity; `ENOSPC` if they do not fit.
    fn reserve(&self, bytes: u64) -> Result<(), Errno> {
        let capacity = self.limits.capacity;
        self.used
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |used| {
                used.checked_add(bytes).filter(|&total| total <= capacity)
            })
            .map(|_| ())
            .map_err(|_| Errno::ENOSPC)
    }

    /// Capacity left.
    fn room(&self) -> u64 {
        self.limits
            .capacity
            .saturating_sub(self.used.load(Ordering::Relaxed))
    }

    fn release(&self, bytes: u64) {
        self.used.fetch_sub(bytes, Ordering::Relaxed);
    }
}

/// One tmpfs object.
pub struct Inode {
    fs: Arc<Fs>,
    ino: u64,
    this: Weak<Inode>,
    meta: Mutex<Meta>,
    content: Content,
}

struct Meta {
    /// Type and permission bits.
    mode: u32,
    nlink: u64,
    uid: u32,
    gid: u32,
    atime: Timespec,
    mtime: Timespec,
    ctime: Timespec,
}

enum Content {
    Dir(Mutex<DirData>),
    File(Mutex<Vec<u8>>),
    Symlink(String),
    Fifo(Arc<Pipe>),
    Device(u64),
}

struct DirData {
    entries: BTreeMap<String, NodeRef>,
    /// Empty for the root, whose `..` is itself.
    parent: Weak<Inode>,
    /// Set by rmdir: a removed directory stays empty.
    removed: bool,
}

fn as_inode(node: &NodeRef) -> Option<&Inode> {
    node.as_any().downcast_ref::<Inode>()
}

/// A name a directory can hold (`.` and `..` are the callers' business).
fn check_name(name: &str) -> Result<(), Errno> {
    if name.is_empty() {
        Err(Errno::ENOENT)
    } else if name.len() > NAME_MAX {
        Err(Errno::ENAMETOOLONG)
    } else if name.contains(['/', '\0']) {
        Err(Errno::EINVAL)
    } else {
        Ok(())
    }
}

fn is_dot(name: &str) -> bool {
    name == "." || name == ".."
}

impl Inode {
    fn new(
        fs: &Arc<Fs>,
        mode: u32,
        nlink: u64,
        content: impl FnOnce(&Weak<Inode>) -> Content,
    ) -> Arc<Inode> {
        let now = fs.now();
        Arc::new_cyclic(|this| Inode {
            fs: fs.clone(),
            ino: fs.next_ino.fetch_add(1, Ordering::Relaxed),
            this: this.clone(),
            meta: Mutex::new(Meta {
                mode,
                nlink,
                uid: 0,
                gid: 0,
                atime: now,
                mtime: now,
                ctime: now,
            }),
            content: content(this),
        })
    }

    fn node_ref(&self) -> NodeRef {
        // `self` is alive, so its Arc is too.
        self.this.upgrade().expect("tmpfs inode outlived its Arc")
    }

    fn dir(&self) -> Result<&Mutex<DirData>, Errno> {
        match &self.content {
            Content::Dir(d) => Ok(d),
            _ => Err(Errno::ENOTDIR),
        }
    }

    fn same_fs(&self, other: &Inode) -> bool {
        Arc::ptr_eq(&self.fs, &other.fs)
    }

    /// A content change: mtime and ctime to now.
    fn touch_modified(&self) {
        let now = self.fs.now();
        let mut m = self.meta.lock();
        m.mtime = now;
        m.ctime = now;
    }

    /// A metadata change (links, mode, owner): ctime to now.
    fn touch_changed(&self) {
        let now = self.fs.now();
        self.meta.lock().ctime = now;
    }

    fn add_links(&self, delta: i64) {
        let mut m = self.meta.lock();
        m.nlink = m.nlink.saturating_add_signed(delta);
    }

    /// Make a new entry in this directory from `make(parent_weak)`.
    fn add_entry(
        &self,
        name: &str,
        make: impl FnOnce(&Arc<Fs>, &Weak<Inode>) -> Arc<Inode>,
    ) -> Result<NodeRef, Errno> {
        check_name(name)?;
        if is_dot(name) {
            return Err(Errno::EEXIST);
        }
        let mut data = self.dir()?.lock();
        if data.removed {
            return Err(Errno::ENOENT);
        }
        if data.entries.contains_key(name) {
            return Err(Errno::EEXIST);
        }
        let child: NodeRef = make(&self.fs, &self.this);
        if child.kind() == FileKind::Directory {
            self.add_links(1); // the child's `..`
        }
        data.entries.insert(name.to_string(), child.clone());
        drop(data);
        self.touch_modified();
        Ok(child)
    }

    /// Write `buf` at `offset` (`None`: at the end); returns the bytes
    /// written and the offset after them. Writes what fits below the size
    /// limit; `EFBIG` if nothing does.
    fn write_file(
        &self,
        data: &Mutex<Vec<u8>>,
        offset: Option<u64>,
        buf: &[u8],
    ) -> Result<(usize, u64), Errno> {
        let mut bytes = data.lock();
        let offset = offset.unwrap_or(bytes.len() as u64);
        if buf.is_empty() {
            return Ok((0, offset));
        }
        let limits = self.fs.limits;
        if offset >= limits.max_file_size {
            return Err(Errno::EFBIG);
        }
        let mut end = offset
            .saturating_add(buf.len() as u64)
            .min(limits.max_file_size);
        let len = bytes.len() as u64;
        if end > len {
            // Write what the capacity still allows, like a full disk.
            let fits = len.saturating_add(self.fs.room());
            if fits <= offset {
                return Err(Errno::ENOSPC);
            }
            end = end.min(fits);
        }
        self.resize_for(&mut bytes, end, false)?;
        let (start, end) = (offset as usize, end as usize);
        bytes[start..end].copy_from_slice(&buf[..end - start]);
        drop(bytes);
        self.touch_modified();
        Ok((end - start, end as u64))
    }

    /// Make `bytes` `len` long: grow with zeros (accounted against the
    /// capacity) or, if `shrink`, cut.
    fn resize_for(&self, bytes: &mut Vec<u8>, len: u64, shrink: bool) -> Result<(), Errno> {
        let old = bytes.len() as u64;
        if len <= old {
            if shrink && len < old {
                bytes.truncate(len as usize);
                bytes.shrink_to(len as usize);
                self.fs.release(old - len);
            }
            return Ok(());
        }
        let len_usize = usize::try_from(len).map_err(|_| Errno::EFBIG)?;
        let grow = len - old;
        self.fs.reserve(grow)?;
        if bytes.try_reserve(len_usize - bytes.len()).is_err() {
            self.fs.release(grow);
            return Err(Errno::ENOSPC);
        }
        bytes.resize(len_usize, 0);
        Ok(())
    }

    fn open_fifo(&self, pipe: &Arc<Pipe>, flags: u32) -> Result<NodeRef, Errno> {
        let (reads, writes) = match flags & O_ACCMODE {
            O_RDONLY => (true, false),
            O_WRONLY => (false, true),
            O_RDWR => (true, true),
            _ => return Err(Errno::EINVAL),
        };
        if writes && !reads && flags & O_NONBLOCK != 0 && pipe.readers() == 0 {
            return Err(Errno::ENXIO);
        }
        Ok(Arc::new(pipe.open_end(reads, writes)))
    }
}

impl Drop for Inode {
    fn drop(&mut self) {
        if let Content::File(data) = &self.content {
            self.fs.release(data.lock().len() as u64);
        }
    }
}

impl Node for Inode {
    fn ino(&self) -> u64 {
        self.ino
    }

    fn stat(&self) -> Stat {
        let (size, rdev) = match &self.content {
            Content::Dir(d) => ((d.lock().entries.len() as u64 + 2) * DIRENT_SIZE, 0),
            Content::File(f) => (f.lock().len() as u64, 0),
            Content::Symlink(target) => (target.len() as u64, 0),
            Content::Fifo(_) => (0, 0),
            Content::Device(rdev) => (0, *rdev),
        };
        let blocks = match &self.content {
            Content::File(_) => size.div_ceil(4096) * 8,
            _ => 0,
        };
        let m = self.meta.lock();
        Stat {
            dev: self.fs.dev,
            ino: self.ino,
            mode: m.mode,
            nlink: m.nlink,
            uid: m.uid,
            gid: m.gid,
            rdev,
            size,
            blksize: 4096,
            blocks,
            atime: m.atime,
            mtime: m.mtime,
            ctime: m.ctime,
        }
    }

    fn kind(&self) -> FileKind {
        match &self.content {
            Content::Dir(_) => FileKind::Directory,
            Content::File(_) => FileKind::Regular,
            Content::Symlink(_) => FileKind::Symlink,
            Content::Fifo(_) => FileKind::Fifo,
            Content::Device(_) => FileKind::CharDevice,
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn open(&self, flags: u32) -> Result<Option<NodeRef>, Errno> {
        match &self.content {
            Content::Fifo(pipe) => self.open_fifo(pipe, flags).map(Some),
            Content::Device(rdev) => {
                let device = self.fs.devices.get(*rdev).ok_or(Errno::ENXIO)?;
                Ok(Some(device.open(flags)?.unwrap_or(device)))
            }
            _ => Ok(None),
        }
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<usize, Errno> {
        let Content::File(data) = &self.content else {
            return Err(not_a_file(self.kind()));
        };
        let bytes = data.lock();
        let Ok(start) = usize::try_from(offset) else {
            return Ok(0);
        };
        let Some(avail) = bytes.get(start..) else {
            return Ok(0);
        };
        let n = avail.len().min(buf.len());
        buf[..n].copy_from_slice(&avail[..n]);
        Ok(n)
    }

    fn write_at(&self, offset: u64, buf: &[u8]) -> Result<usize, Errno> {
        match &self.content {
            Content::File(data) => Ok(self.write_file(data, Some(offset), buf)?.0),
            _ => Err(not_a_file(self.kind())),
        }
    }

    fn append(&self, buf: &[u8]) -> Result<(usize, u64), Errno> {
        match &self.content {
            Content::File(data) => self.write_file(data, None, buf),
            _ => Err(not_a_file(self.kind())),
        }
    }

    fn truncate(&self, len: u64) -> Result<(), Errno> {
        let Content::File(data) = &self.content else {
            return Err(not_a_file(self.kind()));
        };
        if len > self.fs.limits.max_file_size {
            return Err(Errno::EFBIG);
        }
        self.resize_for(&mut data.lock(), len, true)?;
        self.touch_modified();
        Ok(())
    }

    fn lookup(&self, name: &str) -> Result<NodeRef, Errno> {
        let data = self.dir()?.lock();
        match name {
            "." => Ok(self.node_ref()),
            ".." => Ok(match data.parent.upgrade() {
                Some(parent) => parent,
                None => self.node_ref(),
            }),
            _ => {
                if name.len() > NAME_MAX {
                    return Err(Errno::ENAMETOOLONG);
                }
                data.entries.get(name).cloned().ok_or(Errno::ENOENT)
            }
        }
    }

    fn create(&self, name: &str, kind: CreateKind, mode: u32) -> Result<NodeRef, Errno> {
        let perm = mode & S_IALLUGO;
        self.add_entry(name, |fs, parent| match kind {
            CreateKind::Regular => Inode::new(fs, S_IFREG | perm, 1, |_| {
                Content::File(Mutex::new(Vec::new()))
            }),
            CreateKind::Directory => Inode::new(fs, S_IFDIR | perm, 2, |_| {
                Content::Dir(Mutex::new(DirData {
                    entries: BTreeMap::new(),
                    parent: parent.clone(),
                    removed: false,
                }))
            }),
            CreateKind::Fifo => Inode::new(fs, S_IFIFO | perm, 1, |_| Content::Fifo(Pipe::new())),
            CreateKind::CharDevice { rdev } => {
                Inode::new(fs, S_IFCHR | perm, 1, |_| Content::Device(rdev))
            }
        })
    }

    fn symlink(&self, name: &str, target: &str) -> Result<NodeRef, Errno> {
        if target.is_empty() {
            return Err(Errno::ENOENT);
        }
        if target.len() >= PATH_MAX {
            return Err(Errno::ENAMETOOLONG);
        }
        self.add_entry(name, |fs, _| {
            Inode::new(fs, S_IFLNK | 0o777, 1, |_| {
                Content::Symlink(target.to_string())
            })
        })
    }

    fn link(&self, name: &str, target: &NodeRef) -> Result<(), Errno> {
        let dir = self.dir()?;
        let inode = as_inode(target)
            .filter(|t| t.same_fs(self))
            .ok_or(Errno::EXDEV)?;
        if inode.kind() == FileKind::Directory {
            return Err(Errno::EPERM);
        }
        check_name(name)?;
        if is_dot(name) {
            return Err(Errno::EEXIST);
        }
        let mut data = dir.lock();
        if data.removed {
            return Err(Errno::ENOENT);
        }
        if data.entries.contains_key(name) {
            return Err(Errno::EEXIST);
        }
        {
            let mut m = inode.meta.lock();
            if m.nlink == 0 {
                return Err(Errno::ENOENT); // unlinked but still open
            }
            m.nlink += 1;
        }
        data.entries.insert(name.to_string(), target.clone());
        drop(data);
        inode.touch_changed();
        self.touch_modified();
        Ok(())
    }

    fn unlink(&self, name: &str) -> Result<(), Errno> {
        let mut data = self.dir()?.lock();
        if is_dot(name) {
            return Err(Errno::EISDIR);
        }
        let entry = data.entries.get(name).ok_or(Errno::ENOENT)?;
        if entry.kind() == FileKind::Directory {
            return Err(Errno::EISDIR);
        }
        let entry = data.entries.remove(name).ok_or(Errno::ENOENT)?;
        drop(data);
        if let Some(inode) = as_inode(&entry) {
            inode.add_links(-1);
            inode.touch_changed();
        }
        self.touch_modified();
        Ok(())
    }

    fn rmdir(&self, name: &str) -> Result<(), Errno> {
        let mut data = self.dir()?.lock();
        match name {
            "." => return Err(Errno::EINVAL),
            ".." => return Err(Errno::ENOTEMPTY),
            _ => {}
        }
        let entry = data.entries.get(name).ok_or(Errno::ENOENT)?;
        if entry.kind() != FileKind::Directory {
            return Err(Errno::ENOTDIR);
        }
        if let Some(child) = as_inode(entry) {
            let mut child_data = child.dir()?.lock();
            if !child_data.entries.is_empty() {
                return Err(Errno::ENOTEMPTY);
            }
            child_data.removed = true;
            drop(child_data);
            child.meta.lock().nlink = 0;
            child.touch_changed();
            self.add_links(-1);
        }
        data.entries.remove(name);
        drop(data);
        self.touch_modified();
        Ok(())
    }

    fn rename(&self, old_name: &str, new_dir: &NodeRef, new_name: &str) -> Result<(), Errno> {
        self.rename_entry(old_name, new_dir, new_name)
    }

    fn readdir(&self) -> Result<Vec<DirEntry>, Errno> {
        let data = self.dir()?.lock();
        Ok(data
            .entries
            .iter()
            .map(|(name, node)| DirEntry {
                name: name.clone(),
                ino: node.ino(),
                kind: node.kind(),
            })
            .collect())
    }

    fn readlink(&self) -> Result<String, Errno> {
        match &self.content {
            Content::Symlink(target) => Ok(target.clone()),
            _ => Err(Errno::EINVAL),
        }
    }

    fn set_mode(&self, mode: u32) -> Result<(), Errno> {
        {
            let mut m = self.meta.lock();
            m.mode = (m.mode & S_IFMT) | (mode & S_IALLUGO);
        }
        self.touch_changed();
        Ok(())
    }

    fn set_owner(&self, uid: Option<u32>, gid: Option<u32>) -> Result<(), Errno> {
        {
            let mut m = self.meta.lock();
            m.uid = uid.unwrap_or(m.uid);
            m.gid = gid.unwrap_or(m.gid);
        }
        self.touch_changed();
        Ok(())
    }

    fn set_times(&self, atime: SetTime, mtime: SetTime) -> Result<(), Errno> {
        let now = self.fs.now();
        let pick = |t: SetTime, old: Timespec| match t {
            SetTime::Omit => old,
            SetTime::Now => now,
            SetTime::At(t) => t,
        };
        let mut m = self.meta.lock();
        m.atime = pick(atime, m.atime);
        m.mtime = pick(mtime, m.mtime);
        m.ctime = now;
        Ok(())
    }

    fn is_seekable(&self) -> bool {
        !matches!(self.content, Content::Fifo(_))
    }
}
