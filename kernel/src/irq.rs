//! Device and timer interrupt dispatch.
//!
//! Drivers register a handler for an ISA IRQ or a GSI; the handler runs with
//! interrupts off and must not block or allocate much. After it, the end of
//! interrupt is signalled and the scheduler may switch threads.

use crate::arch::trap::TrapFrame;
use crate::{acpi, apic, sched, time};
use core::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

const SLOTS: usize = 224;
static HANDLERS: [AtomicUsize; SLOTS] = [const { AtomicUsize::new(0) }; SLOTS];
static TICKS: AtomicU64 = AtomicU64::new(0);

/// Handle ISA IRQ `irq` (keyboard 1, COM1 4, ...) with `handler`.
pub fn register_isa(irq: u8, handler: fn()) {
    let (gsi, level, low) = acpi::isa_irq_to_gsi(irq);
    register_gsi(gsi, level, low, handler);
}

/// Handle I/O APIC input `gsi` (PCI INTx lines are level-triggered, active low).
pub fn register_gsi(gsi: u32, level: bool, active_low: bool, handler: fn()) {
    let v = apic::IRQ_BASE as usize + gsi as usize;
    if !(32..0x40).contains(&v) {
        log::warn!("irq: GSI {} out of range", gsi);
        return;
    }
    HANDLERS[v - 32].store(handler as usize, Ordering::Release);
    apic::enable_gsi(gsi, level, active_low);
}

pub fn ticks() -> u64 {
    TICKS.load(Ordering::Relaxed)
}

pub fn dispatch(vector: u8, frame: &mut TrapFrame) {
    if vector == apic::TIMER_VECTOR {
        TICKS.fetch_add(1, Ordering::Relaxed);
        apic::eoi();
        sched::tick(time::monotonic_ns());
    } else {
        let h = HANDLERS.get(vector as usize - 32).map_or(0, |h| h.load(Ordering::Acquire));
        if h != 0 {
            // SAFETY: only `fn()` pointers are ever stored in HANDLERS.
            let f: fn() = unsafe { core::mem::transmute::<usize, fn()>(h) };
            f();
        }
        apic::eoi();
    }
    sched::preempt_point();
    if frame.from_user() {
        crate::user::interrupt_return(frame);
    }
}
