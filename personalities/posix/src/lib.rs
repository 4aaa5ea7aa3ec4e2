//! The POSIX personality of Phantom.
//!
//! This crate will load ELF binaries (with `goblin`) into ordinary protected address
//! spaces and implement the Linux x86-64 system-call ABI on top of the kernel's
//! user-mode, user-memory and scheduler services: processes, files (VFS, devfs,
//! procfs, tmpfs), the tty line discipline, pipes, signals and futexes.
//!
//! Nothing of it exists yet; the kernel plugs personalities in through its
//! `Personality` trait (see `kernel/src/user.rs`).
#![no_std]
#![deny(unsafe_code)]
