//! Phantom's managed VM: the persistent object world of the native personality.
//!
//! Programs are modules of register bytecode ([`insn`], [`module`]), loaded
//! after a verifier ([`verify`]) has proved them type-safe, and run by an
//! interpreter whose every object, class static and thread lives in one
//! persistent heap. The heap is snapshotted continuously to a
//! [`phantom_store::Store`], so after a reboot or a power cut the world goes
//! on from the last durable snapshot, threads included.
//!
//! This crate is `no_std` + `alloc` and safe Rust; the kernel binds it to
//! memory, a clock, the console and a virtio-blk disk, and the host runs it
//! over a file for tests.
#![no_std]
#![deny(unsafe_code)]

extern crate alloc;
#[cfg(any(test, feature = "std"))]
extern crate std;

pub mod insn;
pub mod module;
pub mod heap;
pub mod object;
pub mod program;
pub mod natives;
pub mod natives_java;
pub mod gc;
pub mod world;
pub mod asm;
pub mod verify;
pub mod persist;
