//! The C side of the SDK (`libc-shim/`): the `phantom` command, built with
//! `musl-gcc` from `libc-shim/tools/phantom.c` and the bridge library
//! `libc-shim/src/phantom.c`, goes into every image as `/bin/phantom`; the
//! library itself as `target/phantom/shim/libphantom.a` for ports.
//!
//! Both are rebuilt only when a source is newer than the output.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};

use crate::build::stderr_as_stdio;
use crate::musl;
use crate::paths::Paths;

fn newest_source(dir: &Path) -> Result<std::time::SystemTime> {
    let mut newest = std::time::SystemTime::UNIX_EPOCH;
    for sub in ["include", "src", "tools"] {
        for entry in fs::read_dir(dir.join(sub)).with_context(|| format!("reading {}", dir.join(sub).display()))? {
            let m = entry?.metadata()?.modified()?;
            newest = newest.max(m);
        }
    }
    Ok(newest)
}

fn stale(output: &Path, newest: std::time::SystemTime) -> bool {
    fs::metadata(output).and_then(|m| m.modified()).map_or(true, |t| t < newest)
}

fn run(cmd: &mut Command, what: &str) -> Result<()> {
    let status = cmd
        .stdin(Stdio::null())
        .stdout(stderr_as_stdio()?)
        .status()
        .with_context(|| format!("cannot start {what}"))?;
    if !status.success() {
        bail!("{what} failed ({status})");
    }
    Ok(())
}

/// Builds `/bin/phantom` and `libphantom.a`; returns the command's path.
pub fn build(paths: &Paths) -> Result<PathBuf> {
    let src = paths.root.join("libc-shim");
    let out = paths.out.join("shim");
    fs::create_dir_all(&out)?;
    let newest = newest_source(&src)?;
    let include = src.join("include");
    let object = out.join("phantom.o");
    let library = out.join("libphantom.a");
    if stale(&library, newest) {
        eprintln!("xtask: building libc-shim (libphantom.a)");
        run(
            Command::new(musl::GCC)
                .args(["-static", "-O2", "-Wall", "-Werror", "-c", "-I"])
                .arg(&include)
                .arg("-o")
                .arg(&object)
                .arg(src.join("src/phantom.c")),
            musl::GCC,
        )?;
        let _ = fs::remove_file(&library);
        run(Command::new("ar").arg("rcs").arg(&library).arg(&object), "ar")?;
    }
    let command = out.join("phantom");
    if stale(&command, newest) {
        eprintln!("xtask: building the phantom command");
        run(
            Command::new(musl::GCC)
                .args(["-static", "-O2", "-Wall", "-Werror", "-I"])
                .arg(&include)
                .arg("-o")
                .arg(&command)
                .arg(src.join("tools/phantom.c"))
                .arg(&library),
            musl::GCC,
        )?;
    }
    Ok(command)
}
