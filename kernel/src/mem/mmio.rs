//! Device memory: physical ranges mapped uncached into the MMIO window.

use super::paging::{kernel_map, Flags, MapError};
use super::{MMIO_BASE, PAGE_SIZE};
use crate::sync::IrqLock;
use alloc::vec::Vec;

struct Window {
    next: u64,
    /// (phys start, len, virt start) of every mapping made, so a range asked
    /// for twice is mapped once.
    maps: Vec<(u64, u64, u64)>,
}

static WINDOW: IrqLock<Window> = IrqLock::new(Window { next: MMIO_BASE, maps: Vec::new() });

/// Map `[phys, phys+len)`; `cached` for framebuffers, uncached for registers.
pub fn map(phys: u64, len: u64, cached: bool) -> Result<u64, MapError> {
    let mut w = WINDOW.lock();
    if let Some(&(p, _, v)) = w.maps.iter().find(|&&(p, l, _)| phys >= p && phys + len <= p + l) {
        return Ok(v + (phys - p));
    }
    let start = phys & !(PAGE_SIZE - 1);
    let end = (phys + len + PAGE_SIZE - 1) & !(PAGE_SIZE - 1);
    let virt = w.next;
    let mut flags = Flags::WRITABLE | Flags::NO_EXECUTE;
    if !cached {
        flags |= Flags::NO_CACHE | Flags::WRITE_THROUGH;
    }
    let mut pa = start;
    while pa < end {
        kernel_map(virt + (pa - start), pa, flags)?;
        pa += PAGE_SIZE;
    }
    w.next = virt + (end - start) + PAGE_SIZE; // a hole between mappings
    w.maps.push((start, end - start, virt));
    Ok(virt + (phys - start))
}
