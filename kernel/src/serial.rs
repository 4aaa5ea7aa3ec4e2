//! COM1, the 16550 UART: the kernel log goes out here and console input comes in.
//!
//! Hand-written rather than taken from a crate because the panic path must be able
//! to write with no lock held and the receive side is driven by our own interrupt
//! handler; the device itself needs only a handful of register writes.

use crate::arch::port;
use core::fmt;

const COM1: u16 = 0x3F8;
const DATA: u16 = COM1;
const INT_ENABLE: u16 = COM1 + 1;
const FIFO_CTRL: u16 = COM1 + 2;
const LINE_CTRL: u16 = COM1 + 3;
const MODEM_CTRL: u16 = COM1 + 4;
const LINE_STATUS: u16 = COM1 + 5;

const LSR_DATA_READY: u8 = 1;
const LSR_THR_EMPTY: u8 = 1 << 5;

/// 115200 baud, 8N1, FIFOs on, receive interrupts off until `enable_rx_irq`.
pub fn init() {
    port::outb(INT_ENABLE, 0x00);
    port::outb(LINE_CTRL, 0x80); // DLAB on: the next two writes set the divisor
    port::outb(DATA, 0x01); // 115200 / 1
    port::outb(INT_ENABLE, 0x00);
    port::outb(LINE_CTRL, 0x03); // 8 bits, no parity, one stop bit
    port::outb(FIFO_CTRL, 0xC7); // enable and clear FIFOs, 14-byte threshold
    port::outb(MODEM_CTRL, 0x0B); // DTR, RTS, OUT2 (OUT2 gates the IRQ line)
}

/// Raise IRQ 4 when a byte arrives.
pub fn enable_rx_irq() {
    port::outb(INT_ENABLE, 0x01);
}

pub fn write_byte(b: u8) {
    let mut spins = 0u32;
    while port::inb(LINE_STATUS) & LSR_THR_EMPTY == 0 && spins < 100_000 {
        spins += 1;
        core::hint::spin_loop();
    }
    port::outb(DATA, b);
}

pub fn write_bytes(bytes: &[u8]) {
    for &b in bytes {
        if b == b'\n' {
            write_byte(b'\r');
        }
        write_byte(b);
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
