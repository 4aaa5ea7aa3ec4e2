//! `cargo xtask`: the one way to build, boot and test Phantom.
//!
//! Everything a person, a test or CI does with the system goes through this
//! program (see the run/test contract in the design brief):
//!
//! - `cargo xtask build` builds the kernel, its symbol table, the initramfs and
//!   the GRUB ISO under `target/phantom/`.
//! - `cargo xtask run` boots the result in QEMU, by default from the ISO as a
//!   person would, or straight from the kernel ELF with `--direct`;
//!   `run --exec CMD` runs one command in the guest and exits with its status.
//! - `cargo xtask test` runs the host unit tests and then boots the kernel in
//!   QEMU for each integration test, with logs kept under
//!   `target/phantom/test-logs/`.
//! - `cargo xtask bench` measures Phantom side by side with its anchors
//!   (Debian's Linux kernel in the same QEMU machine) and writes the ratios
//!   under `target/bench/`.
//! - `cargo xtask ports [NAME...]` builds third-party programs from Debian
//!   source packages ([`ports`]); every image then carries them.
//!
//! Where to start reading: [`cli`] for the commands and flags, [`build`] for
//! what gets built and where (with [`busybox`] in every image), [`qemu`] for
//! how a machine is started, [`vm`] for how a test drives one, [`exec`] for
//! running one command in the guest, [`integration`] for the tests and
//! [`bench`] for the benchmarks (with [`linux`] for the Linux anchor). The
//! kernel reports test results through the isa-debug-exit device: QEMU exits
//! 33 for success and 35 for failure.

mod bench;
mod build;
mod busybox;
mod cli;
mod diff;
mod disk;
mod exec;
mod fsutil;
mod initramfs;
mod integration;
mod iso;
mod java;
mod linux;
mod musl;
mod paths;
mod ports;
mod ppm;
mod prereq;
mod qemu;
mod qmp;
mod shim;
mod symbols;
mod vm;

use std::fmt;

use anyhow::Result;

use cli::Command;
use paths::Paths;

/// An error that ends xtask with a specific exit status.
///
/// Every other error ends it with status 1.
#[derive(Debug)]
pub struct Exit {
    pub code: i32,
    pub message: String,
}

impl Exit {
    pub fn new(code: i32, message: impl Into<String>) -> Exit {
        Exit {
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for Exit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Exit {}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = match dispatch(&args) {
        Ok(code) => code,
        Err(err) => match err.downcast_ref::<Exit>() {
            Some(exit) => {
                if !exit.message.is_empty() {
                    eprintln!("xtask: {}", exit.message);
                }
                exit.code
            }
            None => {
                eprintln!("xtask: error: {err:#}");
                1
            }
        },
    };
    std::process::exit(code);
}

/// Runs one command and returns the exit status for xtask.
fn dispatch(args: &[String]) -> Result<i32> {
    let command = cli::parse(args)
        .map_err(|usage| Exit::new(2, format!("{usage} (see `cargo xtask help`)")))?;
    let paths = Paths::discover()?;
    match command {
        Command::Help => {
            print!("{}", cli::USAGE);
            Ok(0)
        }
        Command::Build(image) => {
            prereq::ensure(&paths)?;
            let built = build::build_all(&paths, &image, build::Want::Everything)?;
            eprintln!("xtask: kernel    {}", built.kernel.display());
            eprintln!("xtask: symbols   {}", built.symbols.display());
            eprintln!("xtask: initramfs {}", built.initramfs.display());
            if let Some(iso) = &built.iso {
                eprintln!("xtask: iso       {}", iso.display());
            }
            Ok(0)
        }
        Command::Run(options) => {
            if let Some(command) = &options.exec {
                return exec::run(&paths, &options, command);
            }
            prereq::ensure(&paths)?;
            qemu::run_interactive(&paths, &options)
        }
        Command::Test(options) => integration::run_all(&paths, &options),
        Command::Bench(options) => bench::run(&paths, &options),
        Command::Ports(names) => ports::run(&paths, &names),
        Command::Java { inputs, output } => java::run(&paths, &inputs, &output),
    }
}
