//! What the host needs before anything is built: the Rust targets (bare
//! metal for the kernel, static musl for test programs), QEMU, GRUB with its
//! ISO tools, a static busybox for the guest, and musl-gcc for the C test
//! and benchmark programs.
//!
//! What is missing is installed when that can be done without asking (rustup
//! for the targets; apt-get when running as root). Otherwise xtask stops with
//! one message that names everything to install.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result};

use crate::build::stderr_as_stdio;
use crate::paths::{Paths, KERNEL_TARGET};
use crate::Exit;
use crate::{busybox, musl};

/// The Rust targets the workspace's toolchain must have.
const RUST_TARGETS: &[&str] = &[KERNEL_TARGET, musl::RUST_TARGET];

/// A host requirement and the Debian package that provides it.
struct Requirement {
    needs: Need,
    package: &'static str,
}

/// What must be on the host.
#[derive(Debug, Clone, Copy)]
enum Need {
    /// A command on $PATH.
    Command(&'static str),
    /// A directory.
    Dir(&'static str),
    /// Busybox at [`busybox::HOST_BINARY`], statically linked (a dynamic one,
    /// from the Debian package `busybox`, would not run in the guest).
    StaticBusybox,
}

const REQUIREMENTS: &[Requirement] = &[
    Requirement {
        needs: Need::Command("qemu-system-x86_64"),
        package: "qemu-system-x86",
    },
    Requirement {
        needs: Need::Command("grub-mkrescue"),
        package: "grub-common",
    },
    Requirement {
        needs: Need::Command("grub-file"),
        package: "grub-common",
    },
    Requirement {
        needs: Need::Dir("/usr/lib/grub/i386-pc"),
        package: "grub-pc-bin",
    },
    Requirement {
        needs: Need::Command("xorriso"),
        package: "xorriso",
    },
    Requirement {
        needs: Need::Command("mformat"),
        package: "mtools",
    },
    Requirement {
        needs: Need::StaticBusybox,
        package: busybox::PACKAGE,
    },
    Requirement {
        needs: Need::Command(musl::GCC),
        package: musl::PACKAGE,
    },
    Requirement {
        needs: Need::Command("javac"),
        package: crate::java::PACKAGE,
    },
];

/// Checks (and where it can, installs) everything; an error names what is
/// still missing.
pub fn ensure(paths: &Paths) -> Result<()> {
    let mut problems = Vec::new();
    for target in RUST_TARGETS {
        if let Err(problem) = ensure_rust_target(paths, target) {
            problems.push(problem);
        }
    }
    if let Err(problem) = ensure_packages() {
        problems.push(problem);
    }
    if problems.is_empty() {
        return Ok(());
    }
    Err(Exit::new(
        1,
        format!("missing prerequisites:\n  {}", problems.join("\n  ")),
    )
    .into())
}

fn ensure_rust_target(paths: &Paths, target: &str) -> Result<(), String> {
    if rust_target_installed(paths, target) {
        return Ok(());
    }
    let advice = format!("the Rust target {target}: run `rustup target add {target}`");
    if find_command("rustup").is_none() {
        return Err(advice);
    }
    eprintln!("xtask: installing the Rust target {target}");
    let added = Command::new("rustup")
        .current_dir(&paths.root)
        .args(["target", "add", target])
        .stdin(Stdio::null())
        .stdout(stderr_as_stdio().map_err(|e| e.to_string())?)
        .status()
        .is_ok_and(|status| status.success());
    if added && rust_target_installed(paths, target) {
        Ok(())
    } else {
        Err(advice)
    }
}

/// Whether the toolchain that builds this workspace has the target's std.
fn rust_target_installed(paths: &Paths, target: &str) -> bool {
    let output = Command::new("rustc")
        .current_dir(&paths.root)
        .args(["--print", "sysroot"])
        .stdin(Stdio::null())
        .output();
    let Ok(output) = output else { return false };
    let sysroot = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
    output.status.success() && sysroot.join("lib/rustlib").join(target).is_dir()
}

fn ensure_packages() -> Result<(), String> {
    let missing = missing_packages();
    if missing.is_empty() {
        return Ok(());
    }
    let list = missing.join(" ");
    let advice =
        format!("Debian packages: run `sudo apt-get install -y --no-install-recommends {list}`");
    if !is_root() || find_command("apt-get").is_none() {
        return Err(advice);
    }
    eprintln!("xtask: installing {list} (apt-get)");
    if let Err(err) = apt_install(&missing) {
        return Err(format!("{advice}\n  (apt-get failed: {err:#})"));
    }
    let still_missing = missing_packages();
    if still_missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "Debian packages {} (installed, but still not found)",
            still_missing.join(" ")
        ))
    }
}

/// The packages to install for the requirements not met, without repeats.
fn missing_packages() -> Vec<&'static str> {
    let mut packages: Vec<&'static str> = Vec::new();
    for requirement in REQUIREMENTS {
        if !is_met(requirement.needs) && !packages.contains(&requirement.package) {
            packages.push(requirement.package);
        }
    }
    packages
}

fn is_met(needs: Need) -> bool {
    match needs {
        Need::Command(name) => find_command(name).is_some(),
        Need::Dir(path) => Path::new(path).is_dir(),
        Need::StaticBusybox => busybox::host_has_static_busybox(),
    }
}

pub fn apt_install(packages: &[&str]) -> Result<()> {
    let apt = |args: &[&str]| -> Result<()> {
        let mut command = Command::new("apt-get");
        command
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .stdin(Stdio::null())
            .stdout(stderr_as_stdio()?);
        run_checked(&mut command)
    };
    apt(&["update", "-q"]).context("apt-get update")?;
    let mut install = vec!["install", "-y", "-q", "--no-install-recommends"];
    install.extend_from_slice(packages);
    apt(&install).context("apt-get install")
}

/// Runs a host command to completion and fails with its name if it fails.
fn run_checked(command: &mut Command) -> Result<()> {
    let program = command.get_program().to_string_lossy().into_owned();
    let status = command
        .status()
        .with_context(|| format!("cannot start `{program}`"))?;
    if !status.success() {
        anyhow::bail!("`{program}` failed ({status})");
    }
    Ok(())
}

pub fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// The full path of an executable `name` on $PATH.
pub fn find_command(name: &str) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| {
            candidate
                .metadata()
                .is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_commands_on_path() {
        assert!(find_command("sh").is_some());
        assert!(find_command("no-such-command-for-xtask").is_none());
    }

    #[test]
    fn every_requirement_names_a_package() {
        for requirement in REQUIREMENTS {
            assert!(!requirement.package.is_empty());
        }
        assert!(is_met(Need::Dir("/")));
        assert!(!is_met(Need::Dir("/nonexistent/xtask")));
        assert!(is_met(Need::Command("sh")));
        assert!(REQUIREMENTS
            .iter()
            .any(|r| r.package == "busybox-static" && matches!(r.needs, Need::StaticBusybox)));
        assert!(REQUIREMENTS
            .iter()
            .any(|r| r.package == "musl-tools" && matches!(r.needs, Need::Command("musl-gcc"))));
    }
}
