//! The initramfs: the guest's first filesystem, a cpio (newc) archive.
//!
//! An [`Initramfs`] is a sorted tree of guest paths; [`Initramfs::to_cpio`]
//! writes it with `phantom_cpio::Writer`. Every image starts from
//! [`Initramfs::base`] (the top directories and `boot/kernel.sym`); host files
//! come in through `--add HOST:GUEST` ([`AddSpec`]) with their permission bits
//! kept. Later producers (busybox and its links, ported programs) add their
//! files the same way, through [`Initramfs::add_host`], [`Initramfs::add_file`]
//! and [`Initramfs::add_symlink`].

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

/// The top-level directories every image has, with their permissions.
const BASE_DIRS: &[(&str, u32)] = &[
    ("boot", 0o755),
    ("bin", 0o755),
    ("etc", 0o755),
    ("tmp", 0o1777),
    ("dev", 0o755),
    ("proc", 0o555),
];

/// Where the kernel finds its symbol table.
pub const SYMBOLS_GUEST_PATH: &str = "boot/kernel.sym";

/// One `--add HOST:GUEST`: a host file or directory and where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddSpec {
    pub host: PathBuf,
    /// Normalised guest path: relative to the root, no `.`/`..`/empty parts.
    pub guest: String,
}

impl AddSpec {
    /// Parses `HOST:GUEST`, split at the last `:` (guest paths are ours and
    /// have none; host paths might).
    pub fn parse(text: &str) -> Result<AddSpec, String> {
        let Some((host, guest)) = text.rsplit_once(':') else {
            return Err(format!("--add wants HOST:GUEST, got `{text}`"));
        };
        if host.is_empty() {
            return Err(format!("--add `{text}` names no host file"));
        }
        let guest = normalize_guest_path(guest).map_err(|why| format!("--add `{text}`: {why}"))?;
        Ok(AddSpec {
            host: PathBuf::from(host),
            guest,
        })
    }
}

/// Turns `/usr//bin/x` into `usr/bin/x`; refuses `..`, `.` and the root itself.
pub fn normalize_guest_path(path: &str) -> Result<String, String> {
    let mut parts = Vec::new();
    for part in path.split('/') {
        match part {
            "" => {}
            "." | ".." => return Err(format!("guest path `{path}` may not contain `{part}`")),
            part => parts.push(part),
        }
    }
    if parts.is_empty() {
        return Err(format!("guest path `{path}` names no file"));
    }
    Ok(parts.join("/"))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Dir { perm: u32 },
    File { perm: u32, data: Vec<u8> },
    Symlink { target: String },
}

/// The contents of an initramfs, keyed by guest path.
///
/// A `BTreeMap` keeps paths sorted, and a path sorts after all of its
/// prefixes, so every directory is written before what it contains.
#[derive(Debug, Clone, Default)]
pub struct Initramfs {
    nodes: BTreeMap<String, Node>,
}

impl Initramfs {
    /// The top directories and the kernel's symbol table.
    pub fn base(kernel_symbols: &[u8]) -> Initramfs {
        let mut image = Initramfs::default();
        for &(dir, perm) in BASE_DIRS {
            image.nodes.insert(dir.to_string(), Node::Dir { perm });
        }
        image.nodes.insert(
            SYMBOLS_GUEST_PATH.to_string(),
            Node::File {
                perm: 0o644,
                data: kernel_symbols.to_vec(),
            },
        );
        image
    }

    /// Adds a directory and its missing parents, or sets the permissions of
    /// one that is already there.
    pub fn add_dir(&mut self, path: &str, perm: u32) -> Result<()> {
        self.add_parents(path)?;
        match self.nodes.get(path) {
            None | Some(Node::Dir { .. }) => {
                self.nodes.insert(path.to_string(), Node::Dir { perm });
                Ok(())
            }
            Some(_) => bail!("`{path}` is already in the image as a file"),
        }
    }

    /// Adds (or replaces) a regular file, creating missing parents as 0755.
    pub fn add_file(&mut self, path: &str, perm: u32, data: Vec<u8>) -> Result<()> {
        self.add_leaf(path, Node::File { perm, data })
    }

    /// Adds (or replaces) a symbolic link.
    pub fn add_symlink(&mut self, path: &str, target: &str) -> Result<()> {
        self.add_leaf(
            path,
            Node::Symlink {
                target: target.to_string(),
            },
        )
    }

    /// Adds what `--add` names: a file, a symlink or a whole directory tree,
    /// keeping permission bits. A symlink given as HOST is followed; symlinks
    /// inside a directory are kept as links.
    pub fn add_host(&mut self, spec: &AddSpec) -> Result<()> {
        let meta = fs::metadata(&spec.host)
            .with_context(|| format!("--add: cannot read {}", spec.host.display()))?;
        if meta.is_dir() {
            self.add_host_tree(&spec.host, &spec.guest, mode_of(&meta))
        } else if meta.is_file() {
            let data = fs::read(&spec.host)
                .with_context(|| format!("--add: cannot read {}", spec.host.display()))?;
            self.add_file(&spec.guest, mode_of(&meta), data)
        } else {
            bail!(
                "--add: {} is neither a file nor a directory",
                spec.host.display()
            )
        }
    }

    fn add_host_tree(&mut self, host_dir: &Path, guest_dir: &str, perm: u32) -> Result<()> {
        self.add_dir(guest_dir, perm)?;
        let mut entries = fs::read_dir(host_dir)
            .with_context(|| format!("--add: cannot list {}", host_dir.display()))?
            .collect::<Result<Vec<_>, _>>()
            .with_context(|| format!("--add: cannot list {}", host_dir.display()))?;
        entries.sort_by_key(|entry| entry.file_name());
        for entry in entries {
            let host = entry.path();
            let Some(name) = entry.file_name().to_str().map(str::to_string) else {
                bail!("--add: {} is not a UTF-8 name", host.display());
            };
            let guest = format!("{guest_dir}/{name}");
            let meta = fs::symlink_metadata(&host)
                .with_context(|| format!("--add: cannot read {}", host.display()))?;
            if meta.file_type().is_symlink() {
                let target = fs::read_link(&host)
                    .with_context(|| format!("--add: cannot read {}", host.display()))?;
                let Some(target) = target.to_str() else {
                    bail!("--add: the link {} has a non-UTF-8 target", host.display());
                };
                self.add_symlink(&guest, target)?;
            } else if meta.is_dir() {
                self.add_host_tree(&host, &guest, mode_of(&meta))?;
            } else if meta.is_file() {
                let data = fs::read(&host)
                    .with_context(|| format!("--add: cannot read {}", host.display()))?;
                self.add_file(&guest, mode_of(&meta), data)?;
            } else {
                eprintln!(
                    "xtask: --add: skipping {} (not a file, directory or link)",
                    host.display()
                );
            }
        }
        Ok(())
    }

    fn add_leaf(&mut self, path: &str, node: Node) -> Result<()> {
        self.add_parents(path)?;
        if let Some(Node::Dir { .. }) = self.nodes.get(path) {
            bail!("`{path}` is already in the image as a directory");
        }
        self.nodes.insert(path.to_string(), node);
        Ok(())
    }

    fn add_parents(&mut self, path: &str) -> Result<()> {
        let mut end = 0;
        while let Some(slash) = path[end..].find('/') {
            let parent = &path[..end + slash];
            match self.nodes.get(parent) {
                None => {
                    self.nodes
                        .insert(parent.to_string(), Node::Dir { perm: 0o755 });
                }
                Some(Node::Dir { .. }) => {}
                Some(_) => bail!("cannot put `{path}` in the image: `{parent}` is not a directory"),
            }
            end += slash + 1;
        }
        Ok(())
    }

    /// The archive in cpio newc format.
    pub fn to_cpio(&self) -> Vec<u8> {
        let mut writer = phantom_cpio::Writer::new();
        for (path, node) in &self.nodes {
            match node {
                Node::Dir { perm } => writer.add_dir(path, *perm),
                Node::File { perm, data } => writer.add_file(path, *perm, data),
                Node::Symlink { target } => writer.add_symlink(path, target),
            }
        }
        writer.finish()
    }
}

fn mode_of(meta: &fs::Metadata) -> u32 {
    meta.permissions().mode() & 0o7777
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(image: &Initramfs) -> Vec<&str> {
        image.nodes.keys().map(String::as_str).collect()
    }

    #[test]
    fn base_has_the_top_dirs_and_the_symbols() {
        let image = Initramfs::base(b"syms");
        for dir in ["boot", "bin", "etc", "tmp", "dev", "proc"] {
            assert!(
                matches!(image.nodes.get(dir), Some(Node::Dir { .. })),
                "{dir} missing"
            );
        }
        assert_eq!(
            image.nodes.get("boot/kernel.sym"),
            Some(&Node::File {
                perm: 0o644,
                data: b"syms".to_vec()
            })
        );
    }

    #[test]
    fn parents_come_first_and_are_created() {
        let mut image = Initramfs::base(b"");
        image
            .add_file("usr/share/x-y/z", 0o600, b"z".to_vec())
            .unwrap();
        image.add_file("usr/share/x", 0o644, b"x".to_vec()).unwrap();
        let order = paths(&image);
        let pos = |p: &str| order.iter().position(|q| *q == p).unwrap();
        assert!(pos("usr") < pos("usr/share"));
        assert!(pos("usr/share") < pos("usr/share/x-y"));
        assert!(pos("usr/share/x-y") < pos("usr/share/x-y/z"));
        assert_eq!(
            image.nodes.get("usr/share"),
            Some(&Node::Dir { perm: 0o755 })
        );
    }

    #[test]
    fn files_and_dirs_do_not_replace_each_other() {
        let mut image = Initramfs::base(b"");
        assert!(image.add_file("bin", 0o755, vec![]).is_err());
        image.add_file("etc/motd", 0o644, vec![]).unwrap();
        assert!(image.add_dir("etc/motd", 0o755).is_err());
        assert!(image.add_file("etc/motd/x", 0o644, vec![]).is_err());
        image.add_file("etc/motd", 0o600, b"new".to_vec()).unwrap();
        assert_eq!(
            image.nodes.get("etc/motd"),
            Some(&Node::File {
                perm: 0o600,
                data: b"new".to_vec()
            })
        );
    }

    #[test]
    fn add_spec_parsing() {
        let spec = AddSpec::parse("out/hello:/bin//hello").unwrap();
        assert_eq!(spec.host, PathBuf::from("out/hello"));
        assert_eq!(spec.guest, "bin/hello");
        assert_eq!(
            AddSpec::parse("C:stuff:etc/x").unwrap().host,
            PathBuf::from("C:stuff")
        );
        assert!(AddSpec::parse("nocolon").is_err());
        assert!(AddSpec::parse(":etc/x").is_err());
        assert!(AddSpec::parse("a:/").is_err());
        assert!(AddSpec::parse("a:../x").is_err());
        assert!(AddSpec::parse("a:etc/./x").is_err());
    }

    #[test]
    fn host_files_and_trees_keep_their_modes() {
        let dir = std::env::temp_dir().join(format!("xtask-initramfs-{}", std::process::id()));
        let tree = dir.join("tree");
        fs::create_dir_all(tree.join("sub")).unwrap();
        fs::write(tree.join("run.sh"), b"#!/bin/sh\n").unwrap();
        fs::set_permissions(tree.join("run.sh"), fs::Permissions::from_mode(0o750)).unwrap();
        fs::write(tree.join("sub/data"), b"data").unwrap();
        fs::set_permissions(tree.join("sub/data"), fs::Permissions::from_mode(0o640)).unwrap();
        std::os::unix::fs::symlink("run.sh", tree.join("link")).unwrap();

        let mut image = Initramfs::base(b"");
        image
            .add_host(&AddSpec::parse(&format!("{}:/opt/t", tree.display())).unwrap())
            .unwrap();
        image
            .add_host(
                &AddSpec::parse(&format!("{}:/bin/one", tree.join("run.sh").display())).unwrap(),
            )
            .unwrap();
        fs::remove_dir_all(&dir).unwrap();

        assert_eq!(
            image.nodes.get("opt/t/run.sh"),
            Some(&Node::File {
                perm: 0o750,
                data: b"#!/bin/sh\n".to_vec()
            })
        );
        assert_eq!(
            image.nodes.get("opt/t/sub/data"),
            Some(&Node::File {
                perm: 0o640,
                data: b"data".to_vec()
            })
        );
        assert_eq!(
            image.nodes.get("opt/t/link"),
            Some(&Node::Symlink {
                target: "run.sh".to_string()
            })
        );
        assert_eq!(
            image.nodes.get("bin/one"),
            Some(&Node::File {
                perm: 0o750,
                data: b"#!/bin/sh\n".to_vec()
            })
        );
        assert!(matches!(
            image.nodes.get("opt/t/sub"),
            Some(Node::Dir { .. })
        ));
    }

    #[test]
    fn missing_host_file_is_an_error() {
        let mut image = Initramfs::base(b"");
        let spec = AddSpec::parse("/nonexistent/xtask/file:etc/x").unwrap();
        let err = image.add_host(&spec).unwrap_err();
        assert!(format!("{err:#}").contains("/nonexistent/xtask/file"));
    }

    /// The archive, read back with the kernel's own reader, holds every node
    /// with its type, mode and contents.
    #[test]
    fn cpio_round_trip() {
        let mut image = Initramfs::base(b"ffffffff80000000 10 start\n");
        image.add_file("bin/hello", 0o755, b"hi".to_vec()).unwrap();
        image.add_symlink("bin/sh", "hello").unwrap();
        let archive = image.to_cpio();
        let entries: Vec<phantom_cpio::Entry> = phantom_cpio::entries(&archive)
            .collect::<Result<_, _>>()
            .expect("archive reads back");
        assert_eq!(entries.len(), image.nodes.len());
        let find = |name: &str| {
            *entries
                .iter()
                .find(|e| e.name == name)
                .unwrap_or_else(|| panic!("{name} missing"))
        };
        assert!(find("boot").is_dir());
        assert_eq!(find("boot").permissions(), 0o755);
        assert_eq!(find("tmp").permissions(), 0o1777);
        assert!(find("boot/kernel.sym").is_file());
        assert_eq!(find("boot/kernel.sym").permissions(), 0o644);
        assert_eq!(find("boot/kernel.sym").data, b"ffffffff80000000 10 start\n");
        assert_eq!(find("bin/hello").permissions(), 0o755);
        assert_eq!(find("bin/hello").data, b"hi");
        assert!(find("bin/sh").is_symlink());
        assert_eq!(find("bin/sh").data, b"hello");
        assert!(phantom_cpio::find(&archive, "/bin/hello").is_some());
    }
}
