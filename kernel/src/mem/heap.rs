//! The kernel heap: `linked_list_allocator` over a virtual range that grows
//! on demand, page by page, from the frame allocator.

use super::paging::{kernel_map, Flags};
use super::{alloc_frame, HEAP_BASE, PAGE_SIZE};
use crate::sync::IrqLock;
use core::alloc::{GlobalAlloc, Layout};
use linked_list_allocator::Heap;

const INITIAL_SIZE: u64 = 4 * 1024 * 1024;
/// The heap never grows past this (the rest of its 1 TiB slot stays unmapped).
const MAX_SIZE: u64 = 1 << 40;
const GROW_MIN: u64 = 1024 * 1024;

struct State {
    heap: Heap,
    mapped_end: u64,
}

pub struct KernelHeap {
    state: IrqLock<State>,
}

#[global_allocator]
static HEAP: KernelHeap = KernelHeap { state: IrqLock::new(State { heap: Heap::empty(), mapped_end: HEAP_BASE }) };

fn map_range(from: u64, to: u64) -> bool {
    let mut va = from;
    while va < to {
        let Some(pa) = alloc_frame() else { return false };
        if kernel_map(va, pa, Flags::WRITABLE | Flags::NO_EXECUTE).is_err() {
            super::free_frame(pa);
            return false;
        }
        va += PAGE_SIZE;
    }
    true
}

pub fn init() -> Result<(), &'static str> {
    let mut s = HEAP.state.lock();
    if !map_range(HEAP_BASE, HEAP_BASE + INITIAL_SIZE) {
        return Err("out of memory for the initial heap");
    }
    // SAFETY: [HEAP_BASE, +INITIAL_SIZE) was just mapped writable and is used by
    // nothing else; the heap owns it from now on.
    unsafe { s.heap.init(HEAP_BASE as *mut u8, INITIAL_SIZE as usize) };
    s.mapped_end = HEAP_BASE + INITIAL_SIZE;
    Ok(())
}

/// (used, size) in bytes.
pub fn stats() -> (usize, usize) {
    let s = HEAP.state.lock();
    (s.heap.used(), s.heap.size())
}

// SAFETY: all access to the heap goes through the IrqLock, so it is never
// entered twice on a CPU (interrupts are masked while it is held).
unsafe impl GlobalAlloc for KernelHeap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let mut s = self.state.lock();
        if let Ok(p) = s.heap.allocate_first_fit(layout) {
            return p.as_ptr();
        }
        let want = (layout.size() as u64 + layout.align() as u64 + PAGE_SIZE).max(GROW_MIN);
        let grow = (want + PAGE_SIZE - 1) & !(PAGE_SIZE - 1);
        let end = s.mapped_end;
        if end + grow > HEAP_BASE + MAX_SIZE || !map_range(end, end + grow) {
            return core::ptr::null_mut();
        }
        // SAFETY: the pages right after the heap's end were just mapped.
        unsafe { s.heap.extend(grow as usize) };
        s.mapped_end = end + grow;
        s.heap.allocate_first_fit(layout).map_or(core::ptr::null_mut(), |p| p.as_ptr())
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if let Some(p) = core::ptr::NonNull::new(ptr) {
            // SAFETY (caller): `ptr` came from `alloc` with this layout.
            unsafe { self.state.lock().heap.deallocate(p, layout) }
        }
    }
}
