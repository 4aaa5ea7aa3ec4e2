//! The bootable image a person gets: a GRUB (BIOS) ISO that loads the kernel
//! through Multiboot2, with the initramfs as a module.
//!
//! `grub-mkrescue` turns a staging directory into the ISO:
//!
//! ```text
//! target/phantom/iso/boot/kernel.elf
//! target/phantom/iso/boot/initramfs.cpio
//! target/phantom/iso/boot/grub/grub.cfg
//! ```
//!
//! It takes a second or two, so the ISO is rebuilt only when the staged
//! files changed: a fingerprint of their contents is kept next to it.
//! GRUB's own output goes to the screen only, never the serial port: the serial
//! log belongs to the kernel.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};

use crate::fsutil::{fingerprint, write_if_changed};
use crate::paths::Paths;

/// The GRUB configuration: boot Phantom at once with `cmdline`.
pub fn grub_cfg(cmdline: &str) -> String {
    let mut kernel_line = String::from("multiboot2 /boot/kernel.elf");
    for word in cmdline.split_whitespace() {
        kernel_line.push(' ');
        kernel_line.push_str(&grub_quote(word));
    }
    format!(
        "set timeout=0\n\
         set default=0\n\
         insmod all_video\n\
         \n\
         menuentry \"Phantom\" {{\n\
         \x20   {kernel_line}\n\
         \x20   module2 /boot/initramfs.cpio initramfs\n\
         \x20   boot\n\
         }}\n"
    )
}

/// Quotes one word for GRUB's shell-like script language, which would
/// otherwise expand `$`, split at `;` and so on.
fn grub_quote(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "_-=,./:+@%".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        return word.to_string();
    }
    format!("'{}'", word.replace('\'', r"'\''"))
}

/// Builds `phantom.iso` from the kernel and initramfs, unless an up-to-date
/// one is already there. Returns its path.
pub fn build(paths: &Paths, kernel_elf: &Path, initramfs: &Path, cmdline: &str) -> Result<PathBuf> {
    let staging = paths.iso_staging();
    let kernel =
        fs::read(kernel_elf).with_context(|| format!("cannot read {}", kernel_elf.display()))?;
    let initrd =
        fs::read(initramfs).with_context(|| format!("cannot read {}", initramfs.display()))?;
    let config = grub_cfg(cmdline);

    let iso = paths.iso();
    let stamp = iso.with_extension("iso.inputs");
    let inputs = fingerprint([kernel.as_slice(), initrd.as_slice(), config.as_bytes()]);
    let up_to_date = iso.exists()
        && fs::read_to_string(&stamp)
            .map(|old| old == inputs)
            .unwrap_or(false);
    if up_to_date {
        return Ok(iso);
    }

    let kernel_changed = write_if_changed(&staging.join("boot/kernel.elf"), &kernel)?;
    write_if_changed(&staging.join("boot/initramfs.cpio"), &initrd)?;
    write_if_changed(&staging.join("boot/grub/grub.cfg"), config.as_bytes())?;
    if kernel_changed {
        check_multiboot2(&staging.join("boot/kernel.elf"));
    }

    eprintln!("xtask: building {}", iso.display());
    let _ = fs::remove_file(&stamp);
    let output = Command::new("grub-mkrescue")
        .arg("-o")
        .arg(&iso)
        .arg(&staging)
        .output()
        .context("cannot start grub-mkrescue")?;
    if !output.status.success() {
        anyhow::bail!(
            "grub-mkrescue failed ({}):\n{}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    fs::write(&stamp, inputs).with_context(|| format!("cannot write {}", stamp.display()))?;
    Ok(iso)
}

/// Warns (only) when GRUB would not recognise the kernel as Multiboot2: the
/// direct boot path does not need it, so it must not stop the build.
fn check_multiboot2(kernel: &Path) {
    match Command::new("grub-file")
        .arg("--is-x86-multiboot2")
        .arg(kernel)
        .status()
    {
        Ok(status) if status.success() => {}
        Ok(_) => eprintln!(
            "xtask: warning: grub-file says {} has no Multiboot2 header; the ISO will not boot",
            kernel.display()
        ),
        Err(err) => eprintln!("xtask: warning: cannot run grub-file to check the kernel: {err}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_boots_phantom_at_once() {
        let cfg = grub_cfg("selftest quiet");
        let lines: Vec<&str> = cfg.lines().map(str::trim).collect();
        for expected in [
            "set timeout=0",
            "set default=0",
            "insmod all_video",
            "menuentry \"Phantom\" {",
            "multiboot2 /boot/kernel.elf selftest quiet",
            "module2 /boot/initramfs.cpio initramfs",
            "boot",
            "}",
        ] {
            assert!(lines.contains(&expected), "missing `{expected}` in\n{cfg}");
        }
        assert!(
            !cfg.contains("serial"),
            "GRUB must stay off the serial port"
        );
    }

    #[test]
    fn empty_cmdline_leaves_only_the_kernel() {
        assert!(grub_cfg("").contains("    multiboot2 /boot/kernel.elf\n"));
        assert!(grub_cfg("   ").contains("    multiboot2 /boot/kernel.elf\n"));
    }

    #[test]
    fn special_characters_are_quoted() {
        assert_eq!(grub_quote("selftest=fault"), "selftest=fault");
        assert_eq!(grub_quote("$x"), "'$x'");
        assert_eq!(grub_quote("a;b"), "'a;b'");
        assert_eq!(grub_quote("it's"), r"'it'\''s'");
        assert!(grub_cfg("init=/bin/sh x$y")
            .contains("multiboot2 /boot/kernel.elf init=/bin/sh 'x$y'\n"));
    }
}
