//! `cargo xtask run --exec CMD`: run one shell command in the guest and make
//! xtask look like that command (its output on stdout, its exit status).
//!
//! Not available yet: it needs the POSIX personality (`/bin/sh` from busybox
//! in the initramfs, and a way for the kernel to report CMD's status). The
//! plan, so that the pieces fit when it lands:
//!
//! 1. build with busybox added to the initramfs and the command line set to
//!    run CMD (`--append` and `--add` still apply);
//! 2. boot headless with the kernel log going to a file under
//!    `target/phantom/` (named on stderr), [`crate::qemu::Vm`] doing the
//!    capture;
//! 3. copy only CMD's output to stdout, framed on the serial port by markers
//!    the kernel prints around it, and exit with CMD's status as the kernel
//!    reports it.

use anyhow::Result;

use crate::cli::RunOptions;
use crate::paths::Paths;
use crate::Exit;

/// Exit status for an option that is accepted but cannot run yet.
pub const STATUS_UNSUPPORTED: i32 = 2;

pub fn run(_paths: &Paths, _options: &RunOptions, command: &str) -> Result<i32> {
    Err(Exit::new(
        STATUS_UNSUPPORTED,
        format!("--exec {command:?}: not yet supported: needs the POSIX personality"),
    )
    .into())
}
