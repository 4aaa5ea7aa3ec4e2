//! tmpfs rename: moving an entry between directories with Linux's
//! replacement rules, under the file system's rename lock.

use super::*;

impl Inode {
    /// [`Node::rename`] of a tmpfs directory.
    pub(super) fn rename_entry(
        &self,
        old_name: &str,
        new_dir: &NodeRef,
        new_name: &str,
    ) -> Result<(), Errno> {
        self.dir()?;
        let target = as_inode(new_dir)
            .filter(|t| t.same_fs(self))
            .ok_or(Errno::EXDEV)?;
        target.dir()?;
        if is_dot(old_name) || is_dot(new_name) {
            return Err(Errno::EBUSY);
        }
        check_name(new_name)?;
        let _serial = self.fs.rename_lock.lock();
        let source = self.lookup(old_name)?;
        if let Some(src) = as_inode(&source) {
            if src.kind() == FileKind::Directory && src.is_ancestor_of(target) {
                return Err(Errno::EINVAL); // a directory into itself
            }
        }
        if source.kind() == FileKind::Directory {
            // A directory victim that contains the source is not empty. Decide
            // that now: locking it below, while holding the source's directory
            // (its descendant), would invert the parent-before-child order.
            if let Ok(victim) = target.lookup(new_name) {
                let holds_source = as_inode(&victim).is_some_and(|v| v.is_ancestor_of(self));
                if holds_source && victim.kind() == FileKind::Directory {
                    return Err(Errno::ENOTEMPTY);
                }
            }
        }
        let same_dir = core::ptr::eq(self, target);
        let replaced = if same_dir {
            let mut data = self.dir()?.lock();
            Inode::still_there(&data, old_name, &source)?;
            if let Some(victim) = data.entries.get(new_name) {
                if same_node(victim, &source) {
                    return Ok(()); // two names of one file: nothing to do
                }
                self.may_replace(&source, victim, self)?;
            }
            let node = data.entries.remove(old_name).ok_or(Errno::ENOENT)?;
            data.entries.insert(new_name.to_string(), node)
        } else {
            let (mut from, mut to) = Inode::lock_two(self, target)?;
            Inode::still_there(&from, old_name, &source)?;
            if to.removed {
                return Err(Errno::ENOENT);
            }
            if let Some(victim) = to.entries.get(new_name) {
                if same_node(victim, &source) {
                    return Ok(());
                }
                self.may_replace(&source, victim, self)?;
            }
            let node = from.entries.remove(old_name).ok_or(Errno::ENOENT)?;
            if let Some(moved) = as_inode(&node) {
                if let Content::Dir(d) = &moved.content {
                    d.lock().parent = target.this.clone();
                }
            }
            to.entries.insert(new_name.to_string(), node)
        };
        if let Some(victim) = &replaced {
            Inode::forget_replaced(target, victim);
        }
        if !same_dir && source.kind() == FileKind::Directory {
            self.add_links(-1);
            target.add_links(1);
        }
        if let Some(src) = as_inode(&source) {
            src.touch_changed();
        }
        self.touch_modified();
        target.touch_modified();
        Ok(())
    }

    fn parent(&self) -> Option<Arc<Inode>> {
        self.dir().ok()?.lock().parent.upgrade()
    }

    /// Whether `self` is `dir` or one of its ancestors.
    fn is_ancestor_of(&self, dir: &Inode) -> bool {
        let mut cur = match dir.this.upgrade() {
            Some(d) => d,
            None => return false,
        };
        loop {
            if core::ptr::eq(&*cur, self) {
                return true;
            }
            match cur.parent() {
                Some(p) => cur = p,
                None => return false,
            }
        }
    }

    /// Lock the directories `a` and `b` (distinct), ancestor first.
    fn lock_two<'a>(
        a: &'a Inode,
        b: &'a Inode,
    ) -> Result<(MutexGuard<'a, DirData>, MutexGuard<'a, DirData>), Errno> {
        if b.is_ancestor_of(a) {
            let gb = b.dir()?.lock();
            let ga = a.dir()?.lock();
            Ok((ga, gb))
        } else {
            let ga = a.dir()?.lock();
            let gb = b.dir()?.lock();
            Ok((ga, gb))
        }
    }

    /// Check whether `victim` (an entry of the target directory) may be
    /// replaced by `source`; for a directory victim, mark it removed.
    fn may_replace(
        &self,
        source: &NodeRef,
        victim: &NodeRef,
        old_dir: &Inode,
    ) -> Result<(), Errno> {
        let source_is_dir = source.kind() == FileKind::Directory;
        match (source_is_dir, victim.kind() == FileKind::Directory) {
            (false, true) => Err(Errno::EISDIR),
            (true, false) => Err(Errno::ENOTDIR),
            (false, false) => Ok(()),
            (true, true) => {
                let victim = as_inode(victim).ok_or(Errno::EXDEV)?;
                if core::ptr::eq(victim, old_dir) {
                    return Err(Errno::ENOTEMPTY); // it holds the source
                }
                let mut data = victim.dir()?.lock();
                if !data.entries.is_empty() {
                    return Err(Errno::ENOTEMPTY);
                }
                data.removed = true;
                Ok(())
            }
        }
    }

    /// `ENOENT` unless `name` in `dir` is still `source` (an unlink may have
    /// raced with the rename's lookup).
    fn still_there(dir: &DirData, name: &str, source: &NodeRef) -> Result<(), Errno> {
        match dir.entries.get(name) {
            Some(node) if same_node(node, source) => Ok(()),
            _ => Err(Errno::ENOENT),
        }
    }

    /// Bookkeeping after `victim` was replaced in directory `dir`.
    fn forget_replaced(dir: &Inode, victim: &NodeRef) {
        if let Some(v) = as_inode(victim) {
            if v.kind() == FileKind::Directory {
                v.meta.lock().nlink = 0;
                dir.add_links(-1);
            } else {
                v.add_links(-1);
            }
            v.touch_changed();
        }
    }
}
