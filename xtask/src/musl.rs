//! Static Linux programs for the guest, built on the host with musl: C with
//! `musl-gcc` (the benchmark program, the C conformance tests) and Rust for
//! the `x86_64-unknown-linux-musl` target (`tests/rust-hello`). A static
//! musl binary needs nothing from the image but itself, and runs the same
//! on the host, which is what makes the host a reference for the guest.
//!
//! [`crate::prereq`] makes sure the compiler and the Rust target are there.

use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};

use crate::build::stderr_as_stdio;

/// The C compiler, and the Debian package that has it.
pub const GCC: &str = "musl-gcc";
pub const PACKAGE: &str = "musl-tools";
/// The Rust target for static Linux programs.
pub const RUST_TARGET: &str = "x86_64-unknown-linux-musl";

/// `musl-gcc -static FLAGS -o PROGRAM SOURCE`; the compiler's messages go to
/// stderr.
pub fn compile(source: &Path, program: &Path, flags: &[&str]) -> Result<()> {
    eprintln!(
        "xtask: {GCC} -static {} {}",
        flags.join(" "),
        source.display()
    );
    let status = Command::new(GCC)
        .arg("-static")
        .args(flags)
        .arg("-o")
        .arg(program)
        .arg(source)
        .stdin(Stdio::null())
        .stdout(stderr_as_stdio()?)
        .status()
        .with_context(|| format!("cannot start {GCC}"))?;
    if !status.success() {
        bail!("{} did not compile ({GCC}: {status})", source.display());
    }
    Ok(())
}
