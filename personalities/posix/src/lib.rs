//! The POSIX personality of Phantom: unmodified Linux x86-64 programs.
//!
//! This crate loads ELF binaries into ordinary protected address spaces and
//! implements the Linux x86-64 system-call ABI: processes and threads, memory
//! maps, files (a VFS with tmpfs, devfs and procfs), pipes, the terminal line
//! discipline, signals, futexes, advisory file locks and time.
//!
//! It is safe Rust and host-testable: the kernel provides threads, user
//! memory and address spaces through the traits in [`host`], and calls
//! [`posix::Posix::syscall`] for every system call of a POSIX thread.
//!
//! Where to start reading: `posix.rs` (the dispatcher), then the `sys_*`
//! modules by subject, `exec.rs` (program loading) and `vfs/`.
#![no_std]
#![deny(unsafe_code)]

extern crate alloc;

pub mod elf;
pub mod errno;
pub mod exec;
pub mod futex;
pub mod host;
pub mod locks;
pub mod mm;
pub mod nr;
pub mod pipe;
pub mod posix;
pub mod process;
pub mod procfs;
pub mod signal;
pub mod stack;
mod sys_events;
mod sys_fs;
mod sys_fsextra;
mod sys_locks;
mod sys_mem;
mod sys_misc;
mod sys_poll;
mod sys_proc;
mod sys_signal;
mod sys_time;
pub mod tty;
mod uaccess;
pub mod vfs;

#[cfg(test)]
mod testhost;
