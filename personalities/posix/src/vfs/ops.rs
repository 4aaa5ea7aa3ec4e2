//! Path operations of the namespace: what `open`, `mkdir`, `mknod`,
//! `unlink`, `rmdir`, `rename`, `symlink`, `link` and `readlink` do after
//! the syscall layer has fetched their arguments. They add to the nodes'
//! own checks the rules that need the namespace: trailing slashes, `.` and
//! `..` as last component, and mount points (`EBUSY`).
//!
//! `cwd` is always the caller's working directory (canonical, absolute);
//! for the `*at` calls with a directory descriptor, pass that descriptor's
//! [`File::path`].

use super::consts::*;
use super::file::File;
use super::namespace::{chain_path, Vfs};
use super::node::*;
use crate::errno::Errno;
use alloc::format;
use alloc::string::String;
use alloc::sync::Arc;

impl Vfs {
    /// `open(2)`: resolve (or create, with `O_CREAT`; `mode` is the
    /// permission bits after umask) and open.
    pub fn open(&self, cwd: &str, path: &str, flags: u32, mode: u32) -> Result<Arc<File>, Errno> {
        if flags & O_TMPFILE == O_TMPFILE {
            return Err(Errno::EOPNOTSUPP);
        }
        let follow = flags & O_NOFOLLOW == 0;
        let (node, canonical) = if flags & O_CREAT != 0 {
            self.open_create(cwd, path, follow, flags & O_EXCL != 0, mode)?
        } else {
            self.resolve_canonical(cwd, path, follow)?
        };
        let kind = node.kind();
        if flags & O_PATH != 0 {
            if flags & O_DIRECTORY != 0 && kind != FileKind::Directory {
                return Err(Errno::ENOTDIR);
            }
            return File::open(node, flags, Some(canonical));
        }
        if kind == FileKind::Symlink {
            return Err(Errno::ELOOP); // O_NOFOLLOW on a symlink
        }
        if flags & O_DIRECTORY != 0 && kind != FileKind::Directory {
            return Err(Errno::ENOTDIR);
        }
        if kind == FileKind::Directory && (flags & O_ACCMODE != O_RDONLY || flags & O_CREAT != 0) {
            return Err(Errno::EISDIR);
        }
        if flags & O_TRUNC != 0 && kind == FileKind::Regular {
            node.truncate(0)?;
        }
        File::open(node, flags, Some(canonical))
    }

    /// The `O_CREAT` half of open: find or make the last component.
    fn open_create(
        &self,
        cwd: &str,
        path: &str,
        follow: bool,
        exclusive: bool,
        mode: u32,
    ) -> Result<(NodeRef, String), Errno> {
        if path.ends_with('/') {
            return Err(Errno::EISDIR);
        }
        let (chain, name) = self.walk_parent(cwd, path)?;
        let dir_path = chain_path(&chain);
        let dir = &chain.last().ok_or(Errno::ENOENT)?.1;
        if name == "." || name == ".." {
            return Err(Errno::EISDIR);
        }
        let full = join(&dir_path, &name);
        // Twice: a racing creator may make the name between lookup and create.
        for _ in 0..2 {
            match dir.lookup(&name) {
                Ok(_) if exclusive => return Err(Errno::EEXIST),
                Ok(existing) => {
                    if existing.kind() == FileKind::Symlink && follow {
                        return self.resolve_canonical(&dir_path, &name, true);
                    }
                    return Ok((self.mounted_on(existing), full));
                }
                Err(Errno::ENOENT) => match dir.create(&name, CreateKind::Regular, mode) {
                    Ok(node) => return Ok((node, full)),
                    Err(Errno::EEXIST) if !exclusive => continue,
                    Err(e) => return Err(e),
                },
                Err(e) => return Err(e),
            }
        }
        Err(Errno::EEXIST)
    }

    /// `mkdir(2)`.
    pub fn mkdir(&self, cwd: &str, path: &str, mode: u32) -> Result<NodeRef, Errno> {
        self.mknod(cwd, path, CreateKind::Directory, mode)
    }

    /// `mknod(2)` (and `mkdir` with `CreateKind::Directory`).
    pub fn mknod(
        &self,
        cwd: &str,
        path: &str,
        kind: CreateKind,
        mode: u32,
    ) -> Result<NodeRef, Errno> {
        let (dir, name) = self.resolve_parent(cwd, path)?;
        if name == "." || name == ".." {
            return Err(Errno::EEXIST);
        }
        if path.ends_with('/') && kind != CreateKind::Directory {
            return Err(Errno::ENOENT);
        }
        dir.create(&name, kind, mode)
    }

    /// `symlink(2)`: make `path` a symlink to `target`.
    pub fn symlink(&self, cwd: &str, target: &str, path: &str) -> Result<NodeRef, Errno> {
        let (dir, name) = self.resolve_parent(cwd, path)?;
        if name == "." || name == ".." || path.ends_with('/') {
            return Err(Errno::EEXIST);
        }
        dir.symlink(&name, target)
    }

    /// `link(2)`/`linkat(2)`: a new name `new_path` for `old_path`
    /// (following a final symlink of `old_path` only if `follow`).
    pub fn link(
        &self,
        cwd: &str,
        old_path: &str,
        new_path: &str,
        follow: bool,
    ) -> Result<(), Errno> {
        let target = self.resolve(cwd, old_path, follow)?;
        if target.kind() == FileKind::Directory {
            return Err(Errno::EPERM);
        }
        let (dir, name) = self.resolve_parent(cwd, new_path)?;
        if name == "." || name == ".." || new_path.ends_with('/') {
            return Err(Errno::EEXIST);
        }
        dir.link(&name, &target)
    }

    /// `unlink(2)`.
    pub fn unlink(&self, cwd: &str, path: &str) -> Result<(), Errno> {
        let (dir, name) = self.resolve_parent(cwd, path)?;
        if name == "." || name == ".." {
            return Err(Errno::EISDIR);
        }
        let victim = dir.lookup(&name)?;
        if path.ends_with('/') {
            // "file/" names a directory that is not there.
            return Err(match victim.kind() {
                FileKind::Directory => Errno::EISDIR,
                _ => Errno::ENOTDIR,
            });
        }
        if self.is_mount_point(&victim) {
            return Err(Errno::EBUSY);
        }
        dir.unlink(&name)
    }

    /// `rmdir(2)`.
    pub fn rmdir(&self, cwd: &str, path: &str) -> Result<(), Errno> {
        if path.trim_end_matches('/').is_empty() && !path.is_empty() {
            return Err(Errno::EBUSY); // the root
        }
        let (dir, name) = self.resolve_parent(cwd, path)?;
        match name.as_str() {
            "." => return Err(Errno::EINVAL),
            ".." => return Err(Errno::ENOTEMPTY),
            _ => {}
        }
        let victim = dir.lookup(&name)?;
        if victim.kind() != FileKind::Directory {
            return Err(Errno::ENOTDIR);
        }
        if self.is_mount_point(&victim) {
            return Err(Errno::EBUSY);
        }
        dir.rmdir(&name)
    }

    /// `rename(2)`.
    pub fn rename(&self, cwd: &str, old_path: &str, new_path: &str) -> Result<(), Errno> {
        let (old_dir, old_name) = self.resolve_parent(cwd, old_path)?;
        let (new_dir, new_name) = self.resolve_parent(cwd, new_path)?;
        let dots = |n: &str| n == "." || n == "..";
        if dots(&old_name) || dots(&new_name) {
            return Err(Errno::EBUSY);
        }
        let source = old_dir.lookup(&old_name)?;
        if self.is_mount_point(&source) {
            return Err(Errno::EBUSY);
        }
        let trailing = old_path.ends_with('/') || new_path.ends_with('/');
        if trailing && source.kind() != FileKind::Directory {
            return Err(Errno::ENOTDIR);
        }
        match new_dir.lookup(&new_name) {
            Ok(victim) if self.is_mount_point(&victim) => return Err(Errno::EBUSY),
            Ok(_) | Err(Errno::ENOENT) => {}
            Err(e) => return Err(e),
        }
        old_dir.rename(&old_name, &new_dir, &new_name)
    }

    /// `readlink(2)`: the target of the symlink `path` (`EINVAL` if it is
    /// not one).
    pub fn readlink(&self, cwd: &str, path: &str) -> Result<String, Errno> {
        self.resolve(cwd, path, false)?.readlink()
    }
}

/// `dir` (canonical) joined with `name`.
pub(super) fn join(dir: &str, name: &str) -> String {
    if dir == "/" {
        format!("/{name}")
    } else {
        format!("{dir}/{name}")
    }
}
