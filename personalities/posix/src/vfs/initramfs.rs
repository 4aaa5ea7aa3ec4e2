//! Populating the namespace from a cpio "newc" initramfs.

use super::consts::*;
use super::namespace::Vfs;
use super::node::*;
use crate::errno::Errno;
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;

impl Vfs {
    /// Unpack `archive` (cpio newc, as the boot loader hands it over) into
    /// the namespace, from `/`: directories, regular files, symlinks and
    /// fifos, with their permissions, owners and mtimes. Missing parent
    /// directories are made (mode `0o755`); an existing entry of the same
    /// name is replaced, except that directories merge. Regular files that
    /// share an inode number (`nlink > 1`) become hard links, the data
    /// coming from whichever entry carries it. Device and socket entries
    /// are skipped (the reader does not expose device numbers; `/dev` is
    /// devfs). Returns the number of entries made.
    ///
    /// A malformed archive stops the unpacking with `EINVAL`; what was
    /// unpacked before stays.
    pub fn unpack_cpio(&self, archive: &[u8]) -> Result<usize, Errno> {
        let mut made = 0;
        let mut linked: BTreeMap<u32, NodeRef> = BTreeMap::new();
        for entry in phantom_cpio::entries(archive) {
            let entry = entry.map_err(|_| Errno::EINVAL)?;
            let name = strip_root(entry.name);
            let node = if name.is_empty() {
                self.root() // the archive's "." entry: the root's metadata
            } else {
                let path = format!("/{name}");
                match self.unpack_one(&path, &entry, &mut linked)? {
                    Some(node) => node,
                    None => continue,
                }
            };
            if !entry.is_symlink() {
                node.set_mode(entry.mode & S_IALLUGO)?;
                node.set_owner(Some(entry.uid), Some(entry.gid))?;
                let mtime = SetTime::At(Timespec::new(entry.mtime as u64, 0));
                node.set_times(mtime, mtime)?;
            }
            made += 1;
        }
        Ok(made)
    }

    fn unpack_one(
        &self,
        path: &str,
        entry: &phantom_cpio::Entry<'_>,
        linked: &mut BTreeMap<u32, NodeRef>,
    ) -> Result<Option<NodeRef>, Errno> {
        let (dir, name) = match self.resolve_parent("/", path) {
            Err(Errno::ENOENT) => {
                self.make_parents(path)?;
                self.resolve_parent("/", path)?
            }
            other => other?,
        };
        let existing = dir.lookup(&name).ok();
        let kind = FileKind::from_mode(entry.mode);
        if kind == Some(FileKind::Directory) {
            if let Some(node) = existing
                .as_ref()
                .filter(|n| n.kind() == FileKind::Directory)
            {
                return Ok(Some(node.clone()));
            }
        }
        if let Some(old) = existing {
            if old.kind() == FileKind::Directory {
                dir.rmdir(&name)?;
            } else {
                dir.unlink(&name)?;
            }
        }
        let perm = entry.mode & S_IALLUGO;
        let node = match kind {
            Some(FileKind::Directory) => dir.create(&name, CreateKind::Directory, perm)?,
            Some(FileKind::Symlink) => {
                let target = core::str::from_utf8(entry.data).map_err(|_| Errno::EINVAL)?;
                dir.symlink(&name, target)?
            }
            Some(FileKind::Fifo) => dir.create(&name, CreateKind::Fifo, perm)?,
            Some(FileKind::Regular) => {
                let node = match linked.get(&entry.ino) {
                    Some(first) if entry.nlink > 1 => {
                        dir.link(&name, first)?;
                        first.clone()
                    }
                    _ => dir.create(&name, CreateKind::Regular, perm)?,
                };
                if entry.nlink > 1 {
                    linked.insert(entry.ino, node.clone());
                }
                if !entry.data.is_empty() {
                    node.truncate(0)?;
                    write_all(&node, entry.data)?;
                }
                node
            }
            _ => return Ok(None),
        };
        Ok(Some(node))
    }

    /// `mkdir -p` of the directories above `path`.
    fn make_parents(&self, path: &str) -> Result<(), Errno> {
        let mut prefix = String::new();
        let components: alloc::vec::Vec<&str> = path.split('/').filter(|c| !c.is_empty()).collect();
        for component in components.iter().take(components.len().saturating_sub(1)) {
            prefix.push('/');
            prefix.push_str(component);
            match self.resolve("/", &prefix, true) {
                Ok(node) if node.kind() == FileKind::Directory => {}
                Ok(_) => return Err(Errno::ENOTDIR),
                Err(Errno::ENOENT) => {
                    self.mkdir("/", &prefix, 0o755)?;
                }
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

/// The archive name relative to the root: without leading `/` and `./`;
/// empty for the root itself.
fn strip_root(mut name: &str) -> &str {
    loop {
        if let Some(rest) = name.strip_prefix("./").or_else(|| name.strip_prefix('/')) {
            name = rest;
        } else if name == "." {
            return "";
        } else {
            return name.trim_end_matches('/');
        }
    }
}

fn write_all(node: &NodeRef, mut data: &[u8]) -> Result<(), Errno> {
    let mut offset = 0u64;
    while !data.is_empty() {
        let n = node.write_at(offset, data)?;
        if n == 0 {
            return Err(Errno::ENOSPC);
        }
        offset += n as u64;
        data = &data[n..];
    }
    Ok(())
}
