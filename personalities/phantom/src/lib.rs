//! The native, persistent personality of Phantom.
//!
//! This crate will hold the object model, the persistent heap, the bytecode with its
//! verifier and interpreter, the garbage collector and the snapshot engine: a world of
//! objects in one global address space that is written to disk continuously, so that
//! programs (threads included) simply go on after a reboot or a power cut.
//!
//! The first piece exists: `store/` (crate `phantom-store`), the crash-safe
//! on-disk store that snapshots are committed to (a copy-on-write page map
//! under a checksummed ring of roots). The object model, bytecode, VM and
//! snapshot engine are still to come.
#![no_std]
#![deny(unsafe_code)]
