//! The kernel heap: the `talc` allocator (binned free lists, constant-time
//! allocation and coalescing) over a virtual range that grows on demand,
//! page by page, from the frame allocator.

use super::paging::{kernel_map, Flags};
use super::{alloc_frame, HEAP_BASE, PAGE_SIZE};
use crate::sync::IrqLock;
use core::alloc::{GlobalAlloc, Layout};
use core::ptr::{null_mut, NonNull};
use talc::{ErrOnOom, Span, Talc};

const INITIAL_SIZE: u64 = 4 * 1024 * 1024;
/// The heap never grows past this (the rest of its 1 TiB slot stays unmapped).
const MAX_SIZE: u64 = 1 << 40;
const GROW_MIN: u64 = 1024 * 1024;

struct State {
    talc: Talc<ErrOnOom>,
    /// The heap's extent as the allocator knows it.
    span: Span,
    mapped_end: u64,
}

// SAFETY: the allocator's raw pointers point into the kernel heap range,
// which every thread may use; the state is only reached through the IrqLock.
unsafe impl Send for State {}

pub struct KernelHeap {
    state: IrqLock<State>,
}

#[global_allocator]
static HEAP: KernelHeap =
    KernelHeap { state: IrqLock::new(State { talc: Talc::new(ErrOnOom), span: Span::empty(), mapped_end: HEAP_BASE }) };

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
    let memory = Span::from_base_size(HEAP_BASE as *mut u8, INITIAL_SIZE as usize);
    // SAFETY: [HEAP_BASE, +INITIAL_SIZE) was just mapped writable and is used by
    // nothing else; the allocator owns it from now on.
    s.span = unsafe { s.talc.claim(memory) }.map_err(|()| "the heap allocator refused its memory")?;
    s.mapped_end = HEAP_BASE + INITIAL_SIZE;
    Ok(())
}

/// (used, size) in bytes.
pub fn stats() -> (usize, usize) {
    let s = HEAP.state.lock();
    let c = s.talc.get_counters();
    (c.allocated_bytes, c.claimed_bytes)
}

impl State {
    /// Maps more pages after the heap's end, enough for `layout`, and gives
    /// them to the allocator.
    fn grow(&mut self, layout: Layout) -> bool {
        let want = (layout.size() as u64 + layout.align() as u64 + PAGE_SIZE).max(GROW_MIN);
        let grow = (want + PAGE_SIZE - 1) & !(PAGE_SIZE - 1);
        let end = self.mapped_end;
        if end + grow > HEAP_BASE + MAX_SIZE || !map_range(end, end + grow) {
            return false;
        }
        self.mapped_end = end + grow;
        let wanted = Span::new(HEAP_BASE as *mut u8, self.mapped_end as *mut u8);
        // SAFETY: the new pages right after the heap's end were just mapped
        // writable, belong to nothing else, and `wanted` contains the heap.
        self.span = unsafe { self.talc.extend(self.span, wanted) };
        true
    }
}

// SAFETY: all access to the allocator goes through the IrqLock, so it is
// never entered twice on a CPU (interrupts are masked while it is held).
unsafe impl GlobalAlloc for KernelHeap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.size() == 0 {
            return layout.align() as *mut u8;
        }
        let mut s = self.state.lock();
        loop {
            // SAFETY: the size is not zero.
            if let Ok(p) = unsafe { s.talc.malloc(layout) } {
                return p.as_ptr();
            }
            if !s.grow(layout) {
                return null_mut();
            }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if layout.size() == 0 {
            return;
        }
        if let Some(p) = NonNull::new(ptr) {
            // SAFETY (caller): `ptr` came from `alloc` with this layout.
            unsafe { self.state.lock().talc.free(p, layout) }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let Some(p) = NonNull::new(ptr) else { return null_mut() };
        if layout.size() == 0 || new_size == 0 {
            // Zero-sized blocks were never the allocator's: move by hand.
            // SAFETY (caller): the usual GlobalAlloc contract.
            let new = unsafe { self.alloc(Layout::from_size_align_unchecked(new_size.max(1), layout.align())) };
            if !new.is_null() {
                // SAFETY: both blocks are valid for the smaller size.
                unsafe { core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size)) };
                // SAFETY (caller): `ptr` came from `alloc` with `layout`.
                unsafe { self.dealloc(ptr, layout) };
            }
            return new;
        }
        let mut s = self.state.lock();
        if new_size <= layout.size() {
            // SAFETY (caller): `ptr` came from `alloc` with `layout`.
            unsafe { s.talc.shrink(p, layout, new_size) };
            return ptr;
        }
        loop {
            // SAFETY (caller): `ptr` came from `alloc` with `layout`, and
            // the new size is larger.
            if let Ok(q) = unsafe { s.talc.grow(p, layout, new_size) } {
                return q.as_ptr();
            }
            // SAFETY: the layout of the grown block is valid (caller contract).
            if !s.grow(unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) }) {
                return null_mut();
            }
        }
    }
}
