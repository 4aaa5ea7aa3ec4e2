//! The native, persistent personality of Phantom.
//!
//! This crate will hold the object model, the persistent heap, the bytecode with its
//! verifier and interpreter, the garbage collector and the snapshot engine: a world of
//! objects in one global address space that is written to disk continuously, so that
//! programs (threads included) simply go on after a reboot or a power cut.
//!
//! Nothing of it exists yet; the kernel core it will stand on does.
#![no_std]
#![deny(unsafe_code)]
