//! The namespace: one root, file systems mounted over directories, and the
//! path walk that turns a path into a node.
//!
//! The walk keeps the chain of directories it went through (names and
//! nodes), so `..` simply steps back along it. That makes `..` physical
//! (the parent of where a symlink led, as on Linux), makes `..` at the root
//! of a mounted file system go to the parent of its mount point, and gives
//! the canonical path of the result for free (for `chdir` and `getcwd`).
//! Working directories are canonical path strings; relative paths are
//! walked from there.

use super::consts::*;
use super::devfs::{self, DeviceRegistry};
use super::node::*;
use super::tmpfs;
use crate::errno::Errno;
use alloc::string::{String, ToString};
use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;
use spin::RwLock;

/// A file system mounted over a directory.
struct Mount {
    /// Canonical path of the mount point, at mount time.
    path: String,
    fstype: String,
    root: NodeRef,
    /// The directory the mount hides.
    covered: NodeRef,
}

/// The directories a walk went through: `(name, node)`, the root first
/// (with an empty name).
pub(super) type Chain = Vec<(String, NodeRef)>;

/// The file namespace of the POSIX world.
pub struct Vfs {
    root: NodeRef,
    root_fstype: String,
    mounts: RwLock<Vec<Mount>>,
    clock: Clock,
    devices: Arc<DeviceRegistry>,
}

impl Vfs {
    /// A namespace whose root is a new, empty tmpfs ("rootfs"), stamping
    /// times with `clock`.
    pub fn new(clock: Clock) -> Vfs {
        let devices = DeviceRegistry::new();
        let root = tmpfs::new(clock.clone(), devices.clone(), tmpfs::Limits::default());
        Vfs::with_root(clock, devices, root, "rootfs")
    }

    /// A namespace over an existing root directory.
    pub fn with_root(
        clock: Clock,
        devices: Arc<DeviceRegistry>,
        root: NodeRef,
        fstype: &str,
    ) -> Vfs {
        Vfs {
            root,
            root_fstype: fstype.to_string(),
            mounts: RwLock::new(Vec::new()),
            clock,
            devices,
        }
    }

    pub fn root(&self) -> NodeRef {
        self.root.clone()
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// The registry consulted when a device special file is opened.
    pub fn devices(&self) -> &Arc<DeviceRegistry> {
        &self.devices
    }

    /// A new tmpfs sharing this namespace's clock and device registry, to
    /// mount somewhere (e.g. `/tmp`).
    pub fn new_tmpfs(&self, limits: tmpfs::Limits) -> NodeRef {
        tmpfs::new(self.clock.clone(), self.devices.clone(), limits)
    }

    /// A new `/dev` (see [`devfs`]) sharing this namespace's clock and
    /// device registry; `seed` seeds `/dev/urandom`.
    pub fn new_devfs(&self, seed: u64) -> NodeRef {
        devfs::with(seed, self.clock.clone(), self.devices.clone())
    }

    /// Mount `root`, a file system of type `fstype` (as `/proc/mounts`
    /// shows it), over the directory `path` (walked from `/`). `EBUSY` if
    /// something is already mounted there or `path` is `/`.
    pub fn mount(&self, path: &str, root: NodeRef, fstype: &str) -> Result<(), Errno> {
        let chain = self.walk("/", path, true)?;
        let (_, covered) = chain.last().ok_or(Errno::ENOENT)?;
        if covered.kind() != FileKind::Directory || root.kind() != FileKind::Directory {
            return Err(Errno::ENOTDIR);
        }
        if chain.len() == 1 || self.is_mount_point(covered) {
            return Err(Errno::EBUSY);
        }
        self.mounts.write().push(Mount {
            path: chain_path(&chain),
            fstype: fstype.to_string(),
            root,
            covered: covered.clone(),
        });
        Ok(())
    }

    /// Unmount the file system mounted at `path`; returns its root.
    /// `EINVAL` if nothing is mounted there, `EBUSY` if something is
    /// mounted below it. (Open files on it do not keep it busy.)
    pub fn umount(&self, path: &str) -> Result<NodeRef, Errno> {
        let chain = self.walk("/", path, true)?;
        let (_, node) = chain.last().ok_or(Errno::ENOENT)?;
        let mut mounts = self.mounts.write();
        let index = mounts
            .iter()
            .position(|m| same_node(&m.root, node))
            .ok_or(Errno::EINVAL)?;
        let prefix = alloc::format!("{}/", mounts[index].path);
        if mounts.iter().any(|m| m.path.starts_with(&prefix)) {
            return Err(Errno::EBUSY);
        }
        Ok(mounts.remove(index).root)
    }

    /// `(mount point, file system type)` of every mount, `/` first.
    pub fn mounts(&self) -> Vec<(String, String)> {
        let mut list = vec![("/".to_string(), self.root_fstype.clone())];
        list.extend(
            self.mounts
                .read()
                .iter()
                .map(|m| (m.path.clone(), m.fstype.clone())),
        );
        list
    }

    /// Whether `node` is the root, a mounted root, or a directory covered
    /// by a mount: such nodes cannot be removed or renamed (`EBUSY`).
    pub fn is_mount_point(&self, node: &NodeRef) -> bool {
        same_node(node, &self.root)
            || self
                .mounts
                .read()
                .iter()
                .any(|m| same_node(&m.root, node) || same_node(&m.covered, node))
    }

    /// The node `path` names. Relative paths start at `cwd` (an absolute,
    /// canonical path). A symlink as the last component is followed only if
    /// `follow_last`; a trailing slash requires a directory (and follows).
    pub fn resolve(&self, cwd: &str, path: &str, follow_last: bool) -> Result<NodeRef, Errno> {
        let mut chain = self.walk(cwd, path, follow_last)?;
        Ok(chain.pop().ok_or(Errno::ENOENT)?.1)
    }

    /// Like [`Vfs::resolve`], also returning the node's canonical absolute
    /// path (no `.`, `..`, symlinks or repeated slashes).
    pub fn resolve_canonical(
        &self,
        cwd: &str,
        path: &str,
        follow_last: bool,
    ) -> Result<(NodeRef, String), Errno> {
        let chain = self.walk(cwd, path, follow_last)?;
        let canonical = chain_path(&chain);
        let (_, node) = chain.into_iter().last().ok_or(Errno::ENOENT)?;
        Ok((node, canonical))
    }

    /// The canonical path of `path` (the real path, symlinks resolved), as
    /// `chdir` stores and `getcwd` reports it.
    pub fn normalize(&self, cwd: &str, path: &str) -> Result<String, Errno> {
        Ok(self.resolve_canonical(cwd, path, true)?.1)
    }

    /// The directory that would hold `path`, and the last component's name,
    /// for create, unlink and rename. Trailing slashes are dropped (callers
    /// that care check `path.ends_with('/')`); `/` gives `(root, ".")`. The
    /// name may be `.` or `..`, which the operations refuse.
    pub fn resolve_parent(&self, cwd: &str, path: &str) -> Result<(NodeRef, String), Errno> {
        let (mut chain, name) = self.walk_parent(cwd, path)?;
        Ok((chain.pop().ok_or(Errno::ENOENT)?.1, name))
    }

    /// [`Vfs::resolve_parent`], keeping the directory's chain.
    pub(super) fn walk_parent(&self, cwd: &str, path: &str) -> Result<(Chain, String), Errno> {
        check_path(path)?;
        let trimmed = path.trim_end_matches('/');
        if trimmed.is_empty() {
            return Ok((vec![(String::new(), self.root.clone())], ".".to_string()));
        }
        let (dir, name) = match trimmed.rfind('/') {
            Some(i) => (&trimmed[..=i], &trimmed[i + 1..]),
            None => (".", trimmed),
        };
        if name.len() > NAME_MAX {
            return Err(Errno::ENAMETOOLONG);
        }
        let chain = self.walk(cwd, dir, true)?;
        Ok((chain, name.to_string()))
    }

    /// The mounted root if a file system is mounted over `node`.
    pub(super) fn mounted_on(&self, node: NodeRef) -> NodeRef {
        let mounts = self.mounts.read();
        let mut node = node;
        // Mounts cannot stack (mount refuses a mount point), but stay bounded.
        for _ in 0..=mounts.len() {
            match mounts.iter().find(|m| same_node(&m.covered, &node)) {
                Some(m) => node = m.root.clone(),
                None => break,
            }
        }
        node
    }

    /// Walk `path` from `cwd` (or `/`), returning the chain of nodes.
    pub(super) fn walk(&self, cwd: &str, path: &str, follow_last: bool) -> Result<Chain, Errno> {
        check_path(path)?;
        let mut chain: Chain = if path.starts_with('/') {
            vec![(String::new(), self.root.clone())]
        } else if cwd.starts_with('/') {
            self.walk("/", cwd, true)?
        } else {
            return Err(Errno::ENOENT); // not a working directory
        };
        // Components still to walk, the next one last.
        let mut pending: Vec<String> = Vec::new();
        push_components(&mut pending, path);
        let mut links_followed = 0;
        while let Some(name) = pending.pop() {
            let top = &chain.last().ok_or(Errno::ENOENT)?.1;
            match name.as_str() {
                "." | ".." => {
                    if top.kind() != FileKind::Directory {
                        return Err(Errno::ENOTDIR);
                    }
                    if name == ".." && chain.len() > 1 {
                        chain.pop();
                    }
                }
                _ => {
                    if name.len() > NAME_MAX {
                        return Err(Errno::ENAMETOOLONG);
                    }
                    let child = self.mounted_on(top.lookup(&name)?);
                    let is_last = pending.is_empty();
                    if child.kind() == FileKind::Symlink && (follow_last || !is_last) {
                        links_followed += 1;
                        if links_followed > SYMLOOP_MAX {
                            return Err(Errno::ELOOP);
                        }
                        let target = child.readlink()?;
                        check_path(&target)?;
                        if target.starts_with('/') {
                            chain.truncate(1);
                        }
                        push_components(&mut pending, &target);
                    } else {
                        chain.push((name, child));
                    }
                }
            }
        }
        Ok(chain)
    }
}

/// `ENOENT` for an empty path, `ENAMETOOLONG` for one of `PATH_MAX` bytes
/// or more (the limit counts the NUL).
fn check_path(path: &str) -> Result<(), Errno> {
    if path.is_empty() {
        Err(Errno::ENOENT)
    } else if path.len() >= PATH_MAX {
        Err(Errno::ENAMETOOLONG)
    } else {
        Ok(())
    }
}

/// Queue the components of `path` in front of `pending` (which is popped
/// from the end). A trailing slash becomes a final `.`, which makes the
/// walk require (and follow into) a directory there.
fn push_components(pending: &mut Vec<String>, path: &str) {
    let has_components = path.split('/').any(|c| !c.is_empty());
    if path.ends_with('/') && has_components {
        pending.push(".".to_string());
    }
    for component in path.split('/').rev().filter(|c| !c.is_empty()) {
        pending.push(component.to_string());
    }
}

/// The canonical path of a chain: `/` and the names, joined by `/`.
pub(super) fn chain_path(chain: &Chain) -> String {
    if chain.len() <= 1 {
        return "/".to_string();
    }
    let mut path = String::new();
    for (name, _) in &chain[1..] {
        path.push('/');
        path.push_str(name);
    }
    path
}
