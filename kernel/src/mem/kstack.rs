//! Kernel thread stacks, each with an unmapped guard page below it, so an
//! overflow faults (and is reported on the double-fault stack) instead of
//! silently overwriting a neighbour.

use super::paging::{kernel_map, kernel_unmap, Flags};
use super::{alloc_frame, free_frame, KSTACK_BASE, PAGE_SIZE};
use crate::sync::IrqLock;
use alloc::vec::Vec;

pub const STACK_PAGES: u64 = 16; // 64 KiB
/// Each slot: one guard page, then the stack; the rest of the slot unmapped.
const SLOT_SIZE: u64 = 128 * 1024;

struct Slots {
    next: u64,
    free: Vec<u64>,
}

static SLOTS: IrqLock<Slots> = IrqLock::new(Slots { next: 0, free: Vec::new() });

pub struct KernelStack {
    slot: u64,
}

impl KernelStack {
    pub fn new() -> Option<KernelStack> {
        let slot = {
            let mut s = SLOTS.lock();
            match s.free.pop() {
                Some(i) => i,
                None => {
                    s.next += 1;
                    s.next - 1
                }
            }
        };
        let ks = KernelStack { slot };
        for p in 0..STACK_PAGES {
            let pa = alloc_frame()?;
            let va = ks.bottom() + p * PAGE_SIZE;
            if kernel_map(va, pa, Flags::WRITABLE | Flags::NO_EXECUTE).is_err() {
                free_frame(pa);
                return None;
            }
        }
        Some(ks)
    }

    /// Lowest usable address (the guard page is just below it).
    pub fn bottom(&self) -> u64 {
        KSTACK_BASE + self.slot * SLOT_SIZE + PAGE_SIZE
    }

    pub fn top(&self) -> u64 {
        self.bottom() + STACK_PAGES * PAGE_SIZE
    }
}

impl Drop for KernelStack {
    fn drop(&mut self) {
        for p in 0..STACK_PAGES {
            if let Some(pa) = kernel_unmap(self.bottom() + p * PAGE_SIZE) {
                free_frame(pa);
            }
        }
        SLOTS.lock().free.push(self.slot);
    }
}

/// Is `addr` inside some kernel stack's guard page?
pub fn is_guard_page(addr: u64) -> bool {
    (KSTACK_BASE..KSTACK_BASE + (1 << 39)).contains(&addr) && (addr - KSTACK_BASE) % SLOT_SIZE < PAGE_SIZE
}
