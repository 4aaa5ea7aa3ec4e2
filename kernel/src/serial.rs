//! COM1, the 16550 UART: the kernel log goes out here and console input comes in.
//!
//! Hand-written rather than taken from a crate because the panic path must be able
//! to write with no lock held and the receive side is driven by our own interrupt
//! handler; the device itself needs only a handful of register writes.

use crate::arch::port;
use core::fmt;

const COM1: u16 = 0x3F8;
const COM2: u16 = 0x2F8;

/// Where the kernel log goes: COM1 normally, COM2 when the command line says
/// `log=ttyS1` (so COM1 carries only what programs write).
static LOG_PORT: core::sync::atomic::AtomicU16 = core::sync::atomic::AtomicU16::new(COM1);

pub fn log_to_com2() {
    init_port(COM2);
    LOG_PORT.store(COM2, core::sync::atomic::Ordering::Relaxed);
}
const DATA: u16 = COM1;
const INT_ENABLE: u16 = COM1 + 1;
const LINE_STATUS: u16 = COM1 + 5;

const LSR_DATA_READY: u8 = 1;
const LSR_THR_EMPTY: u8 = 1 << 5;

/// 115200 baud, 8N1, FIFOs on, receive interrupts off until `enable_rx_irq`.
pub fn init() {
    init_port(COM1);
}

fn init_port(base: u16) {
    port::outb(base + 1, 0x00);
    port::outb(base + 3, 0x80); // DLAB on: the next two writes set the divisor
    port::outb(base, 0x01); // 115200 / 1
    port::outb(base + 1, 0x00);
    port::outb(base + 3, 0x03); // 8 bits, no parity, one stop bit
    port::outb(base + 2, 0xC7); // enable and clear FIFOs, 14-byte threshold
    port::outb(base + 4, 0x0B); // DTR, RTS, OUT2 (OUT2 gates the IRQ line)
}

/// Raise IRQ 4 when a byte arrives.
pub fn enable_rx_irq() {
    set_rx_irq(true);
}

/// Turn the receive interrupt on or off (off: bytes wait in the UART and the
/// sender is held back, which is how input is throttled).
pub fn set_rx_irq(on: bool) {
    port::outb(INT_ENABLE, on as u8);
}

fn write_byte_to(base: u16, b: u8) {
    let mut spins = 0u32;
    while port::inb(base + 5) & LSR_THR_EMPTY == 0 && spins < 100_000 {
        spins += 1;
        core::hint::spin_loop();
    }
    port::outb(base, b);
}

/// A byte to the console port (COM1).
pub fn write_byte(b: u8) {
    write_byte_to(COM1, b);
}

/// Log text, to the log port, with \n as \r\n.
pub fn write_bytes(bytes: &[u8]) {
    let base = LOG_PORT.load(core::sync::atomic::Ordering::Relaxed);
    for &b in bytes {
        if b == b'\n' {
            write_byte_to(base, b'\r');
        }
        write_byte_to(base, b);
    }
}

/// A byte from the receive FIFO, if one is waiting.
pub fn try_read_byte() -> Option<u8> {
    if port::inb(LINE_STATUS) & LSR_DATA_READY != 0 {
        Some(port::inb(DATA))
    } else {
        None
    }
}

/// A lock-free writer: callers that need whole lines unbroken hold the log lock.
pub struct SerialWriter;

impl fmt::Write for SerialWriter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        write_bytes(s.as_bytes());
        Ok(())
    }
}

/// Bytes exactly as given (the terminal layer already did its output
/// processing, such as turning \n into \r\n).
pub fn write_raw(bytes: &[u8]) {
    let _g = crate::klog::line_lock();
    for &b in bytes {
        write_byte(b);
    }
}
