//! Busybox in every image: Debian's static build (package `busybox-static`)
//! at `/bin/busybox`, and a symbolic link to it for each applet it has
//! (`bin/sh`, `usr/bin/awk`, `sbin/ifconfig`, ...), so the POSIX personality
//! has a shell and the usual commands.
//!
//! The applet list comes from `busybox --list-full` on the host. It is kept
//! in `target/phantom/busybox.applets` with a fingerprint of the binary, so
//! the binary is run only when it changes.
//!
//! The same binary runs on the host too: [`Busybox::host_applet_dir`] makes
//! the same links in a host directory, for tests that compare a script's
//! behaviour in the guest with its behaviour on the host.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};

use crate::fsutil::{create_dir, fingerprint, write_if_changed};
use crate::initramfs::{normalize_guest_path, Initramfs};
use crate::paths::Paths;

/// Where Debian's `busybox-static` puts the binary.
pub const HOST_BINARY: &str = "/bin/busybox";
/// The Debian package that provides a static [`HOST_BINARY`].
pub const PACKAGE: &str = "busybox-static";
/// Where the binary goes in the guest; every applet link points here.
pub const GUEST_BINARY: &str = "bin/busybox";
/// The directories the applets live in, as `--list-full` names them.
pub const APPLET_DIRS: &[&str] = &["bin", "sbin", "usr/bin", "usr/sbin"];

/// The busybox binary and the guest paths of its applets.
#[derive(Debug, Clone)]
pub struct Busybox {
    pub binary: Vec<u8>,
    /// Guest paths such as `bin/ls` and `usr/bin/awk`, without `bin/busybox`.
    pub applets: Vec<String>,
}

impl Busybox {
    /// Reads the host's busybox and its applet list (from the cache when the
    /// binary is unchanged). Fails, naming the package, when there is no
    /// static busybox.
    pub fn load(paths: &Paths) -> Result<Busybox> {
        Busybox::load_from(paths, Path::new(HOST_BINARY))
    }

    fn load_from(paths: &Paths, host_binary: &Path) -> Result<Busybox> {
        let shown = host_binary.display();
        let install =
            format!("install the Debian package {PACKAGE} (`sudo apt-get install -y {PACKAGE}`)");
        let binary = fs::read(host_binary)
            .map_err(|err| anyhow::anyhow!("cannot read {shown} ({err}): {install}"))?;
        let is_static =
            is_static(&binary).map_err(|err| anyhow::anyhow!("{shown}: {err}: {install}"))?;
        if !is_static {
            bail!("{shown} is dynamically linked and cannot run in the guest: {install}");
        }
        let applets = cached_applets(paths, host_binary, &binary)?;
        Ok(Busybox { binary, applets })
    }

    /// Puts the binary at `bin/busybox` (0755) and a link to `/bin/busybox`
    /// at each applet's path, creating `sbin`, `usr/bin` and `usr/sbin`.
    pub fn install(&self, image: &mut Initramfs) -> Result<()> {
        for dir in APPLET_DIRS {
            image.add_dir(dir, 0o755)?;
        }
        image.add_file(GUEST_BINARY, 0o755, self.binary.clone())?;
        let target = format!("/{GUEST_BINARY}");
        for applet in &self.applets {
            image.add_symlink(applet, &target)?;
        }
        Ok(())
    }

    /// Makes `dir` hold the guest's applet layout on the host: `dir/bin/ls`
    /// and so on, each a link to [`HOST_BINARY`], plus `dir/bin/busybox`.
    /// Returns the directories to put on `$PATH`, in the guest's order.
    pub fn host_applet_dir(&self, dir: &Path) -> Result<Vec<PathBuf>> {
        if dir.exists() {
            fs::remove_dir_all(dir).with_context(|| format!("cannot clear {}", dir.display()))?;
        }
        let links = self
            .applets
            .iter()
            .map(String::as_str)
            .chain([GUEST_BINARY]);
        for applet in links {
            let link = dir.join(applet);
            if let Some(parent) = link.parent() {
                create_dir(parent)?;
            }
            std::os::unix::fs::symlink(HOST_BINARY, &link)
                .with_context(|| format!("cannot create the link {}", link.display()))?;
        }
        Ok(APPLET_DIRS.iter().map(|sub| dir.join(sub)).collect())
    }
}

/// Whether an ELF file needs no dynamic loader (has no `PT_INTERP`).
pub fn is_static(elf: &[u8]) -> Result<bool> {
    let parsed = goblin::elf::Elf::parse(elf).context("busybox is not an ELF file")?;
    Ok(parsed.interpreter.is_none())
}

/// Whether the host has a static busybox where we look for it.
pub fn host_has_static_busybox() -> bool {
    fs::read(HOST_BINARY).is_ok_and(|binary| is_static(&binary).unwrap_or(false))
}

/// The applet list for `binary`, from the cache file if it was made for the
/// same binary, else from `busybox --list-full` (and cached).
fn cached_applets(paths: &Paths, host_binary: &Path, binary: &[u8]) -> Result<Vec<String>> {
    let cache = paths.out.join("busybox.applets");
    let stamp = format!("# {} {}", host_binary.display(), fingerprint([binary]));
    if let Ok(text) = fs::read_to_string(&cache) {
        if let Some(list) = text.strip_prefix(&stamp).and_then(|t| t.strip_prefix('\n')) {
            if let Ok(applets) = parse_applet_list(list) {
                return Ok(applets);
            }
        }
    }
    let shown = host_binary.display();
    let output = Command::new(host_binary)
        .arg("--list-full")
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("cannot run {shown} --list-full"))?;
    if !output.status.success() {
        bail!("{shown} --list-full failed ({})", output.status);
    }
    let list = String::from_utf8(output.stdout)
        .with_context(|| format!("{shown} --list-full printed non-UTF-8 names"))?;
    let applets = parse_applet_list(&list)?;
    let mut text = format!("{stamp}\n");
    for applet in &applets {
        text.push_str(applet);
        text.push('\n');
    }
    write_if_changed(&cache, text.as_bytes())?;
    Ok(applets)
}

/// The guest paths in a `--list-full` listing, sorted, without the binary
/// itself. Nearly all are in [`APPLET_DIRS`]; `linuxrc` is at the root.
fn parse_applet_list(list: &str) -> Result<Vec<String>> {
    let mut applets = Vec::new();
    for line in list.lines().map(str::trim).filter(|line| !line.is_empty()) {
        let path = normalize_guest_path(line)
            .map_err(|why| anyhow::anyhow!("busybox --list-full: {why}"))?;
        if path != GUEST_BINARY {
            applets.push(path);
        }
    }
    if applets.is_empty() {
        bail!("busybox --list-full listed no applets");
    }
    applets.sort();
    applets.dedup();
    Ok(applets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_is_parsed_sorted_and_without_busybox() {
        let list =
            "usr/bin/awk\nbin/busybox\nlinuxrc\nbin/sh\n\nsbin/ifconfig\nusr/sbin/chroot\nbin/sh\n";
        assert_eq!(
            parse_applet_list(list).unwrap(),
            [
                "bin/sh",
                "linuxrc",
                "sbin/ifconfig",
                "usr/bin/awk",
                "usr/sbin/chroot"
            ]
        );
        assert!(parse_applet_list("bin/../etc/passwd\n").is_err());
        assert!(parse_applet_list("bin/busybox\n").is_err());
    }

    #[test]
    fn install_links_every_applet_to_the_binary() {
        let busybox = Busybox {
            binary: b"\x7fELF".to_vec(),
            applets: vec!["bin/sh".into(), "usr/bin/awk".into(), "sbin/ip".into()],
        };
        let mut image = Initramfs::base(b"");
        busybox.install(&mut image).unwrap();
        let archive = image.to_cpio();
        let find =
            |name: &str| phantom_cpio::find(&archive, name).unwrap_or_else(|| panic!("{name}"));
        assert!(find("bin/busybox").is_file());
        assert_eq!(find("bin/busybox").permissions(), 0o755);
        for applet in ["bin/sh", "usr/bin/awk", "sbin/ip"] {
            assert!(find(applet).is_symlink());
            assert_eq!(find(applet).data, b"/bin/busybox");
        }
        for dir in ["usr", "usr/bin", "usr/sbin", "sbin"] {
            assert!(find(dir).is_dir(), "{dir}");
        }
    }

    #[test]
    fn a_shell_script_is_not_an_elf() {
        assert!(is_static(b"#!/bin/sh\n").is_err());
    }

    /// Whatever is wrong with the host's busybox, the message names the
    /// package that fixes it.
    #[test]
    fn a_missing_or_unusable_busybox_names_the_package() {
        let dir = std::env::temp_dir().join(format!("xtask-busybox-{}", std::process::id()));
        let paths = Paths::new(dir.clone(), dir.join("target"));
        let script = dir.join("script");
        create_dir(&dir).unwrap();
        fs::write(&script, "#!/bin/sh\n").unwrap();
        let mut candidates = vec![dir.join("missing"), script];
        // A dynamically linked program, where the host has one.
        let dynamic = ["sh", "ls", "cargo"]
            .into_iter()
            .filter_map(crate::prereq::find_command)
            .find(|path| fs::read(path).is_ok_and(|elf| is_static(&elf).is_ok_and(|s| !s)));
        candidates.extend(dynamic);
        for candidate in candidates {
            let err = Busybox::load_from(&paths, &candidate).unwrap_err();
            let message = format!("{err:#}");
            assert!(message.contains("busybox-static"), "{message}");
            assert!(
                message.contains(&candidate.display().to_string()),
                "{message}"
            );
        }
        fs::remove_dir_all(&dir).unwrap();
    }
}
