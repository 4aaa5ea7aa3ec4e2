//! x86-64 CPU glue: segments, interrupts, per-CPU data, control registers.

pub mod cpu;
pub mod gdt;
pub mod port;
pub mod trap;
