//! The local APIC (timer, end-of-interrupt) and the I/O APIC (device IRQs).
//! The legacy 8259 PICs are remapped out of the exception range and masked.

use crate::arch::port;
use crate::mem::mmio;
use core::sync::atomic::{AtomicU64, Ordering};

/// Vector of I/O APIC input (GSI) n is IRQ_BASE + n.
pub const IRQ_BASE: u8 = 32;
pub const TIMER_VECTOR: u8 = 0x40;
pub const SPURIOUS_VECTOR: u8 = 0xFF;
pub const TIMER_HZ: u64 = 1000;

static LAPIC: AtomicU64 = AtomicU64::new(0);
static IOAPIC: AtomicU64 = AtomicU64::new(0);

const REG_ID: u32 = 0x20;
const REG_EOI: u32 = 0xB0;
const REG_SVR: u32 = 0xF0;
const REG_LVT_TIMER: u32 = 0x320;
const REG_TIMER_INIT: u32 = 0x380;
const REG_TIMER_CURRENT: u32 = 0x390;
const REG_TIMER_DIV: u32 = 0x3E0;

fn lapic_write(reg: u32, v: u32) {
    let base = LAPIC.load(Ordering::Relaxed);
    // SAFETY: `base` maps the 4 KiB local APIC register page (uncached) and
    // `reg` is one of its 32-bit registers.
    unsafe { core::ptr::write_volatile((base + reg as u64) as *mut u32, v) }
}

fn lapic_read(reg: u32) -> u32 {
    let base = LAPIC.load(Ordering::Relaxed);
    // SAFETY: as for lapic_write.
    unsafe { core::ptr::read_volatile((base + reg as u64) as *const u32) }
}

fn disable_pic() {
    // Remap to 0x20/0x28 (so a stray IRQ is not taken for an exception), then mask all.
    for (cmd, data, offset, cascade) in [(0x20u16, 0x21u16, 0x20u8, 4u8), (0xA0, 0xA1, 0x28, 2)] {
        port::outb(cmd, 0x11);
        port::outb(data, offset);
        port::outb(data, cascade);
        port::outb(data, 0x01);
        port::outb(data, 0xFF);
    }
}

pub fn init(lapic_phys: u64, ioapic_phys: u64) -> Result<(), &'static str> {
    disable_pic();
    let l = mmio::map(lapic_phys, 4096, false).map_err(|_| "cannot map the local APIC")?;
    LAPIC.store(l, Ordering::Relaxed);
    let io = mmio::map(ioapic_phys, 4096, false).map_err(|_| "cannot map the I/O APIC")?;
    IOAPIC.store(io, Ordering::Relaxed);
    lapic_write(REG_SVR, 0x100 | SPURIOUS_VECTOR as u32);
    // Mask every I/O APIC input until a driver asks for it.
    let count = ((ioapic_read(1) >> 16) & 0xFF) + 1;
    for gsi in 0..count {
        ioapic_write(0x10 + 2 * gsi, 1 << 16);
        ioapic_write(0x11 + 2 * gsi, 0);
    }
    log::info!(
        "apic: local APIC id {} at {:#x}, I/O APIC at {:#x} with {} inputs",
        lapic_read(REG_ID) >> 24,
        lapic_phys,
        ioapic_phys,
        count
    );
    Ok(())
}

/// Periodic timer at TIMER_HZ, calibrated against the TSC clock.
pub fn start_timer() {
    lapic_write(REG_TIMER_DIV, 0x3); // divide by 16
    lapic_write(REG_LVT_TIMER, 1 << 16); // masked while measuring
    lapic_write(REG_TIMER_INIT, u32::MAX);
    crate::time::spin_ns(10_000_000);
    let elapsed = u32::MAX - lapic_read(REG_TIMER_CURRENT);
    let per_tick = (elapsed as u64 * 100 / TIMER_HZ).max(1) as u32;
    lapic_write(REG_LVT_TIMER, (1 << 17) | TIMER_VECTOR as u32); // periodic
    lapic_write(REG_TIMER_INIT, per_tick);
    log::info!("apic: timer {} Hz ({} APIC ticks per interrupt)", TIMER_HZ, per_tick);
}

pub fn eoi() {
    lapic_write(REG_EOI, 0);
}

fn ioapic_write(reg: u32, v: u32) {
    let base = IOAPIC.load(Ordering::Relaxed);
    // SAFETY: `base` maps the I/O APIC's index (0x00) and data (0x10) registers.
    unsafe {
        core::ptr::write_volatile(base as *mut u32, reg);
        core::ptr::write_volatile((base + 0x10) as *mut u32, v);
    }
}

fn ioapic_read(reg: u32) -> u32 {
    let base = IOAPIC.load(Ordering::Relaxed);
    // SAFETY: as for ioapic_write.
    unsafe {
        core::ptr::write_volatile(base as *mut u32, reg);
        core::ptr::read_volatile((base + 0x10) as *const u32)
    }
}

/// Route GSI `gsi` to vector IRQ_BASE + gsi on the boot CPU and unmask it.
pub fn enable_gsi(gsi: u32, level_triggered: bool, active_low: bool) {
    let mut low = IRQ_BASE as u32 + gsi;
    if active_low {
        low |= 1 << 13;
    }
    if level_triggered {
        low |= 1 << 15;
    }
    let dest = lapic_read(REG_ID) >> 24;
    ioapic_write(0x11 + 2 * gsi, dest << 24);
    ioapic_write(0x10 + 2 * gsi, low);
}
