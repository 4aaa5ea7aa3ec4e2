//! Memory: physical frames, page tables, the kernel heap, kernel stacks and
//! device (MMIO) mappings.
//!
//! Virtual layout (kernel half, shared by every address space):
//!
//! | range start              | what                                         |
//! |--------------------------|----------------------------------------------|
//! | `0xFFFF_8000_0000_0000`  | direct map of physical memory (2 MiB pages, NX) |
//! | `0xFFFF_C000_0000_0000`  | kernel thread stacks, each under a guard page |
//! | `0xFFFF_D000_0000_0000`  | device memory (uncached)                      |
//! | `0xFFFF_E000_0000_0000`  | the kernel heap (grows on demand)             |
//! | `0xFFFF_FFFF_8000_0000`  | the kernel image (text R-X, rodata R, data RW-NX) |
//!
//! The user half is `0 .. USER_END`.

pub mod heap;
pub mod kstack;
pub mod mmio;
pub mod paging;

use crate::sync::IrqLock;
use phantom_bootinfo::{BootInfo, RegionKind};
use phantom_frames::FrameAllocator;

pub const PAGE_SIZE: u64 = 4096;
pub const PHYS_OFFSET: u64 = 0xFFFF_8000_0000_0000;
pub const KSTACK_BASE: u64 = 0xFFFF_C000_0000_0000;
pub const MMIO_BASE: u64 = 0xFFFF_D000_0000_0000;
pub const HEAP_BASE: u64 = 0xFFFF_E000_0000_0000;
pub const KERNEL_VMA: u64 = 0xFFFF_FFFF_8000_0000;
pub const USER_END: u64 = 0x0000_8000_0000_0000;

static FRAMES: IrqLock<Option<FrameAllocator<'static>>> = IrqLock::new(None);

/// Where the direct map lets the kernel reach physical address `pa`.
pub fn phys_to_virt(pa: u64) -> u64 {
    pa + PHYS_OFFSET
}

/// The physical address behind a direct-map or kernel-image address.
pub fn virt_to_phys(va: u64) -> Option<u64> {
    if va >= KERNEL_VMA {
        Some(va - KERNEL_VMA)
    } else if (PHYS_OFFSET..KSTACK_BASE).contains(&va) {
        Some(va - PHYS_OFFSET)
    } else {
        paging::kernel_translate(va).map(|(pa, _)| pa)
    }
}

extern "C" {
    static __boot_start: u8;
    static __kernel_end: u8;
}

fn kernel_phys_range() -> (u64, u64) {
    // Linker-script symbols; only their addresses are used.
    let start = core::ptr::addr_of!(__boot_start) as u64;
    let end = core::ptr::addr_of!(__kernel_end) as u64 - KERNEL_VMA;
    (start, end)
}

/// Build the frame allocator from the boot memory map. The boot tables map
/// the first 4 GiB at PHYS_OFFSET, which is where the bitmap must live.
pub fn init_frames(boot: &BootInfo) -> Result<(), &'static str> {
    let max = boot.max_usable_addr();
    let words = FrameAllocator::words_for(max);
    let bytes = (words * 8) as u64;
    let (kstart, kend) = kernel_phys_range();
    let busy = |s: u64, e: u64| -> bool {
        let overlaps = |a: u64, b: u64| s < b && a < e;
        overlaps(kstart, kend)
            || boot.modules().iter().any(|m| overlaps(m.start, m.end))
            || s < 0x10_0000
    };
    // First fit for the bitmap in a usable region below 4 GiB.
    let mut storage_at = None;
    for r in boot.regions().iter().filter(|r| r.kind == RegionKind::Usable) {
        let mut s = (r.start + PAGE_SIZE - 1) & !(PAGE_SIZE - 1);
        let end = r.start + r.len;
        while s + bytes <= end && s + bytes <= 0x1_0000_0000 {
            if !busy(s, s + bytes) {
                storage_at = Some(s);
                break;
            }
            s += PAGE_SIZE;
        }
        if storage_at.is_some() {
            break;
        }
    }
    let at = storage_at.ok_or("no room for the frame bitmap")?;
    // SAFETY: [at, at+bytes) is usable RAM below 4 GiB that overlaps neither the
    // kernel image nor a boot module (checked above); it is reserved in the
    // allocator below so nothing else will ever own it.
    let bitmap: &'static mut [u64] =
        unsafe { core::slice::from_raw_parts_mut(phys_to_virt(at) as *mut u64, words) };
    let mut fa = FrameAllocator::new(bitmap);
    for r in boot.regions().iter().filter(|r| r.kind == RegionKind::Usable) {
        fa.add_free_range(r.start, r.start + r.len);
    }
    fa.reserve_range(0, 0x10_0000);
    fa.reserve_range(kstart, kend);
    for m in boot.modules() {
        fa.reserve_range(m.start, m.end);
    }
    fa.reserve_range(at, at + bytes);
    log::info!(
        "mem: {} MiB usable, {} MiB free, frame bitmap {} KiB at {:#x}",
        (fa.total_frames() * 4096) >> 20,
        (fa.free_frames() * 4096) >> 20,
        bytes / 1024,
        at
    );
    *FRAMES.lock() = Some(fa);
    Ok(())
}

/// One 4 KiB frame, zero-filled.
pub fn alloc_frame() -> Option<u64> {
    let pa = FRAMES.lock().as_mut()?.alloc()?;
    zero_frames(pa, 1);
    Some(pa)
}

/// `count` physically contiguous zeroed frames aligned to `align` bytes.
pub fn alloc_frames_contiguous(count: usize, align: u64) -> Option<u64> {
    let pa = FRAMES.lock().as_mut()?.alloc_contiguous(count, align)?;
    zero_frames(pa, count);
    Some(pa)
}

fn zero_frames(pa: u64, count: usize) {
    // SAFETY: the frames were just handed out by the allocator, so nothing else
    // refers to them, and the direct map covers all usable RAM.
    unsafe { core::ptr::write_bytes(phys_to_virt(pa) as *mut u8, 0, count * PAGE_SIZE as usize) };
}

pub fn free_frame(pa: u64) {
    if let Some(fa) = FRAMES.lock().as_mut() {
        if let Err(e) = fa.free(pa) {
            log::error!("mem: bad frame free {:?}", e);
        }
    }
}

pub fn free_frames_contiguous(pa: u64, count: usize) {
    if let Some(fa) = FRAMES.lock().as_mut() {
        if let Err(e) = fa.free_contiguous(pa, count) {
            log::error!("mem: bad frame free {:?}", e);
        }
    }
}

/// (free, total) frames.
pub fn frame_stats() -> (usize, usize) {
    FRAMES.lock().as_ref().map_or((0, 0), |f| (f.free_frames(), f.total_frames()))
}

/// Reference counts of frames mapped into user address spaces (shared after
/// fork until a write copies them). Indexed by frame number.
static PAGE_REFS: spin::Once<alloc::vec::Vec<core::sync::atomic::AtomicU32>> = spin::Once::new();

/// Make the reference-count table (after the heap is up).
pub fn init_page_refs() {
    let frames = FRAMES.lock().as_ref().map_or(0, |f| f.max_phys() / PAGE_SIZE) as usize;
    PAGE_REFS.call_once(|| (0..frames).map(|_| core::sync::atomic::AtomicU32::new(0)).collect());
}

fn page_ref(pa: u64) -> Option<&'static core::sync::atomic::AtomicU32> {
    PAGE_REFS.get()?.get((pa / PAGE_SIZE) as usize)
}

/// A zeroed frame for user memory, with one reference.
pub fn user_page_alloc() -> Option<u64> {
    let pa = alloc_frame()?;
    if let Some(r) = page_ref(pa) {
        r.store(1, core::sync::atomic::Ordering::Release);
    }
    Some(pa)
}

/// One more address space maps the user frame `pa`.
pub fn user_page_get(pa: u64) {
    if let Some(r) = page_ref(pa) {
        r.fetch_add(1, core::sync::atomic::Ordering::AcqRel);
    }
}

/// One mapping of the user frame `pa` is gone; the last one frees it.
pub fn user_page_put(pa: u64) {
    match page_ref(pa) {
        Some(r) => {
            let before = r.fetch_sub(1, core::sync::atomic::Ordering::AcqRel);
            if before == 1 {
                free_frame(pa);
            } else if before == 0 {
                r.store(0, core::sync::atomic::Ordering::Release);
                log::error!("mem: user frame {:#x} released more often than taken", pa);
            }
        }
        None => free_frame(pa),
    }
}

pub fn user_page_refs(pa: u64) -> u32 {
    page_ref(pa).map_or(1, |r| r.load(core::sync::atomic::Ordering::Acquire))
}
