//! The native world's heap memory: a fixed virtual range, mapped on demand.
//!
//! The VM sees one slice of words at [`VM_HEAP_BASE`]. A page is mapped the
//! first time it is touched, by the page-fault handler: zeroed, or — after a
//! restart — read from the store's disk (and checked against its checksum)
//! if the restored generation has it. So a restart only reads the pages the
//! world touches to resume; a low-priority thread reads the rest in the
//! background, and snapshots wait until it has verified them all (a
//! damaged page must be found while the generation before is still whole).
//!
//! A page that fails its checksum is mapped zeroed and recorded in
//! [`damaged`]; the VM thread then falls back to the generation before.

use alloc::collections::BTreeMap;
use core::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use phantom_store::PageRef;

use crate::drivers::virtio_blk;
use crate::mem::paging::{self, Flags};
use crate::sync::IrqLock;

/// Where the heap lives (its own 1 TiB of the kernel half).
pub const VM_HEAP_BASE: u64 = 0xFFFF_F000_0000_0000;

/// Bytes of the range in use (set once).
static LEN: AtomicU64 = AtomicU64::new(0);
/// Pages still to be read from the disk: page number -> where.
static TO_LOAD: IrqLock<BTreeMap<u64, PageRef>> = IrqLock::new(BTreeMap::new());
/// Page number + 1 of a page that failed its checksum (0: none).
static DAMAGED: AtomicU64 = AtomicU64::new(0);
/// Pages mapped so far (statistics).
static MAPPED: AtomicU64 = AtomicU64::new(0);
static LOADED: AtomicU64 = AtomicU64::new(0);
static PREFETCH_DONE: AtomicBool = AtomicBool::new(true);
/// A prefetch thread is running.
static PREFETCHING: AtomicBool = AtomicBool::new(false);

/// The heap memory: `words` words at [`VM_HEAP_BASE`].
///
/// # Safety
///
/// At most one slice from this function may be alive at a time: call it
/// again only after the world holding the previous one is dropped, with
/// [`reset`] in between.
pub unsafe fn memory(words: usize) -> &'static mut [u64] {
    let bytes = (words as u64) * 8;
    assert!(bytes <= 1 << 40, "VM heap larger than its range");
    LEN.store(bytes, Ordering::SeqCst);
    // SAFETY: the range [VM_HEAP_BASE, +bytes) is reserved for this slice
    // (nothing else maps there); every page of it is mapped, writable, by
    // `fault` before the first access completes, and stays mapped while the
    // slice lives (`reset` runs only when the world using it is gone, as
    // the caller promises). Words are 8-byte aligned.
    unsafe { core::slice::from_raw_parts_mut(VM_HEAP_BASE as *mut u64, words) }
}

/// Pages to read from the disk when touched (a restored generation).
pub fn set_pages(pages: alloc::vec::Vec<(u64, PageRef)>) {
    let mut map = TO_LOAD.lock();
    map.clear();
    map.extend(pages);
    PREFETCH_DONE.store(map.is_empty(), Ordering::SeqCst);
}

/// The page that failed its checksum, if one did.
pub fn damaged() -> Option<u64> {
    DAMAGED.load(Ordering::SeqCst).checked_sub(1)
}

/// Whether every page of the restored generation has been read and checked.
pub fn all_loaded() -> bool {
    PREFETCH_DONE.load(Ordering::SeqCst)
}

/// (pages mapped, pages read from the disk).
pub fn stats() -> (u64, u64) {
    (MAPPED.load(Ordering::Relaxed), LOADED.load(Ordering::Relaxed))
}

/// Unmaps the whole range and forgets the pages to load (before a world is
/// restored again from another generation).
pub fn reset() {
    let len = LEN.load(Ordering::SeqCst);
    let mut va = VM_HEAP_BASE;
    while va < VM_HEAP_BASE + len {
        if let Some(pa) = paging::kernel_unmap(va) {
            crate::mem::free_frame(pa);
        }
        va += 4096;
    }
    MAPPED.store(0, Ordering::SeqCst);
    LOADED.store(0, Ordering::SeqCst);
    DAMAGED.store(0, Ordering::SeqCst);
    TO_LOAD.lock().clear();
    PREFETCH_DONE.store(true, Ordering::SeqCst);
}

/// The page-fault hook: maps the page of `addr` if it is in the heap range.
pub fn fault(addr: u64) -> bool {
    let len = LEN.load(Ordering::Relaxed);
    if !(VM_HEAP_BASE..VM_HEAP_BASE + len).contains(&addr) {
        return false;
    }
    map_page((addr - VM_HEAP_BASE) / 4096);
    true
}

/// Maps page `pno` (if it is not mapped yet) with its contents.
fn map_page(pno: u64) {
    let va = VM_HEAP_BASE + pno * 4096;
    if paging::translate(paging::kernel_root(), va).is_some() {
        return;
    }
    let Some(pa) = crate::mem::alloc_frame() else {
        // Nothing sensible can go on without memory for the world.
        panic!("out of memory for the VM heap (page {pno})");
    };
    // SAFETY: `pa` is a frame just taken from the allocator, so nothing
    // else uses it; it is reached through the direct map, 4096 bytes.
    let page = unsafe { &mut *(crate::mem::phys_to_virt(pa) as *mut [u8; 4096]) };
    let stored = TO_LOAD.lock().get(&pno).copied();
    match stored {
        Some(r) => {
            let ok = virtio_blk::read_block(r.block * 8, page).is_ok() && r.check(pno, page);
            if !ok {
                page.fill(0);
                let _ = DAMAGED.compare_exchange(0, pno + 1, Ordering::SeqCst, Ordering::SeqCst);
            }
            LOADED.fetch_add(1, Ordering::Relaxed);
        }
        None => page.fill(0),
    }
    match paging::kernel_map(va, pa, Flags::WRITABLE | Flags::NO_EXECUTE) {
        Ok(()) => {
            TO_LOAD.lock().remove(&pno);
            MAPPED.fetch_add(1, Ordering::Relaxed);
        }
        // Mapped meanwhile (by the prefetcher or a fault while this one
        // waited for the disk): theirs stands.
        Err(_) => crate::mem::free_frame(pa),
    }
}

/// Starts the background reading of the pages not touched yet.
pub fn start_prefetch() {
    if all_loaded() {
        return;
    }
    PREFETCHING.store(true, Ordering::SeqCst);
    if crate::sched::spawn("phantom-prefetch", crate::sched::Priority::Low, prefetch).is_none() {
        PREFETCHING.store(false, Ordering::SeqCst);
    }
}

/// Waits until no prefetch thread runs (before [`reset`]).
pub fn stop_prefetch() {
    while PREFETCHING.load(Ordering::SeqCst) {
        crate::sched::sleep_ns(1_000_000);
    }
}

/// Reads every page still to load, in order (a background thread).
fn prefetch() {
    log::info!("phantom: reading the rest of the heap ({} pages) in the background", TO_LOAD.lock().len());
    loop {
        let next = TO_LOAD.lock().keys().next().copied();
        let Some(pno) = next else { break };
        map_page(pno);
        // `map_page` removes it once mapped; if another path mapped it, drop it too.
        TO_LOAD.lock().remove(&pno);
        if damaged().is_some() {
            PREFETCHING.store(false, Ordering::SeqCst);
            return;
        }
    }
    log::info!("phantom: every page of the restored generation read and checked");
    PREFETCH_DONE.store(true, Ordering::SeqCst);
    PREFETCHING.store(false, Ordering::SeqCst);
}
