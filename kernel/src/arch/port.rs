//! Port I/O as safe calls.
//!
//! Port access cannot break memory safety by itself; what it can do to devices is
//! the business of each driver, which owns its ports.

pub fn outb(port: u16, val: u8) {
    // SAFETY: port writes touch device state only, never memory Rust owns.
    unsafe { x86::io::outb(port, val) }
}

pub fn inb(port: u16) -> u8 {
    // SAFETY: as for `outb`.
    unsafe { x86::io::inb(port) }
}

pub fn outw(port: u16, val: u16) {
    // SAFETY: as for `outb`.
    unsafe { x86::io::outw(port, val) }
}

pub fn inw(port: u16) -> u16 {
    // SAFETY: as for `outb`.
    unsafe { x86::io::inw(port) }
}

pub fn outl(port: u16, val: u32) {
    // SAFETY: as for `outb`.
    unsafe { x86::io::outl(port, val) }
}

pub fn inl(port: u16) -> u32 {
    // SAFETY: as for `outb`.
    unsafe { x86::io::inl(port) }
}
