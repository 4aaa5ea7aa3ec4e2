//! 4-level page tables: the kernel's tables and user address spaces.
//!
//! Tables are reached through the direct map. The kernel half (PML4 slots
//! 256..512) is created once at boot with every PDPT present, so each user
//! address space copies those 256 entries and sees every later kernel mapping.

use super::{alloc_frame, free_frame, phys_to_virt, user_page_alloc, user_page_get, user_page_put, user_page_refs, PAGE_SIZE, PHYS_OFFSET};
use crate::sync::IrqLock;
use bitflags::bitflags;
use core::sync::atomic::{AtomicU64, Ordering};

bitflags! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct Flags: u64 {
        const PRESENT = 1;
        const WRITABLE = 1 << 1;
        const USER = 1 << 2;
        const WRITE_THROUGH = 1 << 3;
        const NO_CACHE = 1 << 4;
        const ACCESSED = 1 << 5;
        const DIRTY = 1 << 6;
        const HUGE = 1 << 7;
        const GLOBAL = 1 << 8;
        /// Software bit: a shared page to copy on the next write.
        const COW = 1 << 9;
        /// Software bit: shared memory, shared (not copied) across fork.
        const SHARED = 1 << 10;
        /// Software bit: PROT_NONE. The page stays (with its contents) but is
        /// a supervisor page, so any user access faults.
        const NO_ACCESS = 1 << 11;
        const NO_EXECUTE = 1 << 63;
    }
}

const ADDR_MASK: u64 = 0x000F_FFFF_FFFF_F000;
const LARGE: u64 = 2 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapError {
    OutOfMemory,
    AlreadyMapped,
    /// The range is covered by a large page.
    HugePage,
}

static KERNEL_ROOT: AtomicU64 = AtomicU64::new(0);
/// Serialises changes to the shared kernel half.
static KERNEL_PT_LOCK: IrqLock<()> = IrqLock::new(());

fn table(pa: u64) -> &'static mut [u64; 512] {
    // SAFETY: `pa` is a page-table frame owned by the page-table code (allocated
    // zeroed by alloc_frame); the direct map covers it. Callers serialise
    // changes per root (the kernel lock, or the owner of a user space).
    unsafe { &mut *(phys_to_virt(pa) as *mut [u64; 512]) }
}

fn index(va: u64, level: u32) -> usize {
    ((va >> (12 + 9 * level)) & 0x1FF) as usize
}

/// The entry for `va` at `level` (0 = PT, 1 = PD, 2 = PDPT), creating missing
/// tables on the way down.
fn walk_create(root: u64, va: u64, level: u32, user: bool) -> Result<&'static mut u64, MapError> {
    let mut t = table(root);
    for l in (level + 1..=3).rev() {
        let e = &mut t[index(va, l)];
        if *e & Flags::PRESENT.bits() == 0 {
            let f = alloc_frame().ok_or(MapError::OutOfMemory)?;
            let mut fl = Flags::PRESENT | Flags::WRITABLE;
            if user {
                fl |= Flags::USER;
            }
            *e = f | fl.bits();
        } else if *e & Flags::HUGE.bits() != 0 {
            return Err(MapError::HugePage);
        } else if user {
            *e |= Flags::USER.bits();
        }
        t = table(*e & ADDR_MASK);
    }
    Ok(&mut t[index(va, level)])
}

/// The leaf entry for `va` and its level, if mapped.
fn walk(root: u64, va: u64) -> Option<(&'static mut u64, u32)> {
    let mut t = table(root);
    for l in (0..=3).rev() {
        let e = &mut t[index(va, l)];
        if *e & Flags::PRESENT.bits() == 0 {
            return None;
        }
        if l == 0 || (l <= 2 && *e & Flags::HUGE.bits() != 0) {
            return Some((e, l));
        }
        t = table(*e & ADDR_MASK);
    }
    None
}

fn flush(va: u64) {
    // SAFETY: invalidating a TLB entry is always safe.
    unsafe { x86::tlb::flush(va as usize) }
}

pub fn map_4k(root: u64, va: u64, pa: u64, flags: Flags) -> Result<(), MapError> {
    let e = walk_create(root, va, 0, flags.contains(Flags::USER))?;
    if *e & Flags::PRESENT.bits() != 0 {
        return Err(MapError::AlreadyMapped);
    }
    *e = (pa & ADDR_MASK) | (flags | Flags::PRESENT).bits();
    Ok(())
}

fn map_2m(root: u64, va: u64, pa: u64, flags: Flags) -> Result<(), MapError> {
    let e = walk_create(root, va, 1, false)?;
    *e = (pa & ADDR_MASK) | (flags | Flags::PRESENT | Flags::HUGE).bits();
    Ok(())
}

/// Remove the 4 KiB mapping at `va`; the frame is returned, not freed.
pub fn unmap_4k(root: u64, va: u64) -> Option<u64> {
    let (e, level) = walk(root, va)?;
    if level != 0 {
        return None;
    }
    let pa = *e & ADDR_MASK;
    *e = 0;
    flush(va);
    Some(pa)
}

/// Physical address and flags of `va` in the tables at `root`.
pub fn translate(root: u64, va: u64) -> Option<(u64, Flags)> {
    let (e, level) = walk(root, va)?;
    let page = 1u64 << (12 + 9 * level);
    let pa = (*e & ADDR_MASK & !(page - 1)) + (va & (page - 1));
    Some((pa, Flags::from_bits_truncate(*e)))
}

pub fn kernel_root() -> u64 {
    KERNEL_ROOT.load(Ordering::Relaxed)
}

pub fn kernel_translate(va: u64) -> Option<(u64, Flags)> {
    translate(kernel_root(), va)
}

/// Map a 4 KiB page in the kernel half.
pub fn kernel_map(va: u64, pa: u64, flags: Flags) -> Result<(), MapError> {
    let _g = KERNEL_PT_LOCK.lock();
    let r = map_4k(kernel_root(), va, pa, flags | Flags::GLOBAL);
    flush(va);
    r
}

pub fn kernel_unmap(va: u64) -> Option<u64> {
    let _g = KERNEL_PT_LOCK.lock();
    unmap_4k(kernel_root(), va)
}

extern "C" {
    static __text_start: u8;
    static __text_end: u8;
    static __rodata_start: u8;
    static __rodata_end: u8;
    static __data_start: u8;
    static __data_end: u8;
}

/// Build the kernel's own tables (direct map of `0..direct_map_end`, the image
/// with per-section rights, every kernel-half PDPT present) and switch to them.
/// The boot identity map is gone afterwards.
pub fn init(direct_map_end: u64) -> Result<(), MapError> {
    let root = alloc_frame().ok_or(MapError::OutOfMemory)?;
    let t = table(root);
    for e in t.iter_mut().skip(256) {
        let f = alloc_frame().ok_or(MapError::OutOfMemory)?;
        *e = f | (Flags::PRESENT | Flags::WRITABLE).bits();
    }
    let end = (direct_map_end + LARGE - 1) & !(LARGE - 1);
    let direct = Flags::WRITABLE | Flags::NO_EXECUTE | Flags::GLOBAL;
    let mut pa = 0;
    while pa < end {
        map_2m(root, PHYS_OFFSET + pa, pa, direct)?;
        pa += LARGE;
    }
    // SAFETY: linker-script symbols; only their addresses are used.
    let sections = unsafe {
        [
            (&__text_start as *const u8 as u64, &__text_end as *const u8 as u64, Flags::GLOBAL),
            (
                &__rodata_start as *const u8 as u64,
                &__rodata_end as *const u8 as u64,
                Flags::GLOBAL | Flags::NO_EXECUTE,
            ),
            (
                &__data_start as *const u8 as u64,
                &__data_end as *const u8 as u64,
                Flags::GLOBAL | Flags::NO_EXECUTE | Flags::WRITABLE,
            ),
        ]
    };
    for (start, end, flags) in sections {
        let mut va = start;
        while va < end {
            map_4k(root, va, va - super::KERNEL_VMA, flags)?;
            va += PAGE_SIZE;
        }
    }
    KERNEL_ROOT.store(root, Ordering::Relaxed);
    // SAFETY: the new tables map everything the kernel is using now: its image
    // (where this code and the boot stack are), the direct map (the frame
    // bitmap, the boot information already copied out) at the same virtual
    // addresses as the boot tables did.
    unsafe { x86::controlregs::cr3_write(root) };
    Ok(())
}

/// A user address space: its own lower half, the shared kernel upper half.
pub struct AddressSpace {
    root: u64,
}

impl AddressSpace {
    pub fn new() -> Option<AddressSpace> {
        let root = alloc_frame()?;
        let k = table(kernel_root());
        let t = table(root);
        t[256..].copy_from_slice(&k[256..]);
        Some(AddressSpace { root })
    }

    /// Map a fresh zeroed page at `va` (user, optionally writable/executable).
    pub fn map_new_page(&self, va: u64, writable: bool, exec: bool) -> Result<u64, MapError> {
        let pa = user_page_alloc().ok_or(MapError::OutOfMemory)?;
        let mut f = Flags::USER;
        if writable {
            f |= Flags::WRITABLE;
        }
        if !exec {
            f |= Flags::NO_EXECUTE;
        }
        if let Err(e) = map_4k(self.root, va & !(PAGE_SIZE - 1), pa, f) {
            user_page_put(pa);
            return Err(e);
        }
        Ok(pa)
    }

    pub fn translate(&self, va: u64) -> Option<(u64, Flags)> {
        translate(self.root, va)
    }

    /// Map a fresh zeroed user page at `va`, replacing what was there.
    pub fn map_zeroed(&self, va: u64, flags: Flags) -> Result<(), MapError> {
        let pa = user_page_alloc().ok_or(MapError::OutOfMemory)?;
        if let Some(old) = unmap_4k(self.root, va) {
            user_page_put(old);
        }
        map_4k(self.root, va, pa, flags | Flags::USER).inspect_err(|_| user_page_put(pa))
    }

    /// Map an existing user frame (taking a reference), replacing what was there.
    pub fn map_frame(&self, va: u64, pa: u64, flags: Flags) -> Result<(), MapError> {
        if let Some(old) = unmap_4k(self.root, va) {
            user_page_put(old);
        }
        user_page_get(pa);
        map_4k(self.root, va, pa, flags | Flags::USER).inspect_err(|_| user_page_put(pa))
    }

    /// Unmap `va` and drop its frame.
    pub fn unmap_free(&self, va: u64) {
        if let Some(old) = unmap_4k(self.root, va) {
            user_page_put(old);
        }
    }

    /// Change the rights of a mapped page (the frame stays). A shared page
    /// asked to become writable stays read-only and is copied on the first write.
    pub fn set_flags(&self, va: u64, flags: Flags) {
        if let Some((e, 0)) = walk(self.root, va) {
            let pa = *e & ADDR_MASK;
            if flags.contains(Flags::NO_ACCESS) {
                let keep = Flags::from_bits_truncate(*e) & (Flags::SHARED | Flags::COW);
                *e = pa | (Flags::PRESENT | Flags::NO_EXECUTE | Flags::NO_ACCESS | keep).bits();
                flush(va);
                return;
            }
            let mut f = flags | Flags::PRESENT | Flags::USER;
            let shared = *e & Flags::SHARED.bits() != 0;
            if shared {
                f |= Flags::SHARED;
            } else if f.contains(Flags::WRITABLE) && (*e & Flags::COW.bits() != 0 || user_page_refs(pa) > 1) {
                f = (f - Flags::WRITABLE) | Flags::COW;
            }
            *e = pa | f.bits();
            flush(va);
        }
    }

    /// A copy-on-write child: every user page is shared read-only between the
    /// two spaces and copied by whichever writes to it first.
    pub fn fork_cow(&self) -> Option<AddressSpace> {
        let child = AddressSpace::new()?;
        for (va, pa, flags) in self.user_pages() {
            let mut f = flags & (Flags::USER | Flags::WRITABLE | Flags::NO_EXECUTE | Flags::COW | Flags::SHARED | Flags::NO_ACCESS);
            if !f.contains(Flags::SHARED) && f.intersects(Flags::WRITABLE | Flags::COW) {
                f = (f - Flags::WRITABLE) | Flags::COW;
                if let Some((e, 0)) = walk(self.root, va) {
                    *e = pa | (f | Flags::PRESENT).bits();
                }
            }
            user_page_get(pa);
            if map_4k(child.root, va, pa, f).is_err() {
                user_page_put(pa);
                return None; // the child drops what it got so far
            }
        }
        // The parent's mappings lost their write right: forget cached ones.
        if crate::arch::cpu::read_cr3() & ADDR_MASK == self.root {
            // SAFETY: reloading CR3 with its own value only flushes the TLB.
            unsafe { x86::controlregs::cr3_write(self.root) };
        }
        Some(child)
    }

    /// If `va` is a copy-on-write page, give this space its own writable
    /// copy. Returns whether it was one.
    pub fn break_cow(&self, va: u64) -> Result<bool, MapError> {
        let Some((e, 0)) = walk(self.root, va) else { return Ok(false) };
        if *e & Flags::COW.bits() == 0 {
            return Ok(false);
        }
        let pa = *e & ADDR_MASK;
        let keep = (*e & !ADDR_MASK & !Flags::COW.bits()) | Flags::WRITABLE.bits();
        if user_page_refs(pa) == 1 {
            *e = pa | keep;
        } else {
            let copy = user_page_alloc().ok_or(MapError::OutOfMemory)?;
            // SAFETY: both frames are reached through the direct map; `copy` is fresh.
            unsafe {
                core::ptr::copy_nonoverlapping(phys_to_virt(pa) as *const u8, phys_to_virt(copy) as *mut u8, PAGE_SIZE as usize)
            };
            *e = copy | keep;
            user_page_put(pa);
        }
        flush(va);
        Ok(true)
    }

    /// Every mapped 4 KiB user page: (virtual address, frame, flags).
    pub fn user_pages(&self) -> alloc::vec::Vec<(u64, u64, Flags)> {
        let mut out = alloc::vec::Vec::new();
        collect(self.root, 3, 0, &mut out);
        out
    }

    pub fn activate(&self) {
        if crate::arch::cpu::read_cr3() & ADDR_MASK != self.root {
            // SAFETY: the kernel half is shared, so the code and stack running now
            // stay mapped across the switch.
            unsafe { x86::controlregs::cr3_write(self.root) };
        }
    }
}

fn collect(table_pa: u64, level: u32, base: u64, out: &mut alloc::vec::Vec<(u64, u64, Flags)>) {
    let t = table(table_pa);
    let limit = if level == 3 { 256 } else { 512 };
    for (i, e) in t.iter().enumerate().take(limit) {
        if *e & Flags::PRESENT.bits() == 0 {
            continue;
        }
        let va = base | ((i as u64) << (12 + 9 * level));
        if level == 0 {
            out.push((va, *e & ADDR_MASK, Flags::from_bits_truncate(*e)));
        } else if *e & Flags::HUGE.bits() == 0 {
            collect(*e & ADDR_MASK, level - 1, va, out);
        }
    }
}

fn free_table(pa: u64, level: u32) {
    let t = table(pa);
    for e in t.iter_mut() {
        if *e & Flags::PRESENT.bits() != 0 {
            let child = *e & ADDR_MASK;
            if level == 0 || *e & Flags::HUGE.bits() != 0 {
                user_page_put(child);
            } else {
                free_table(child, level - 1);
            }
            *e = 0;
        }
    }
    free_frame(pa);
}

impl Drop for AddressSpace {
    fn drop(&mut self) {
        // Never free the tables the CPU is using.
        if crate::arch::cpu::read_cr3() & ADDR_MASK == self.root {
            // SAFETY: the kernel tables map all kernel memory.
            unsafe { x86::controlregs::cr3_write(kernel_root()) };
        }
        let t = table(self.root);
        for e in t[..256].iter_mut() {
            if *e & Flags::PRESENT.bits() != 0 {
                free_table(*e & ADDR_MASK, 2);
                *e = 0;
            }
        }
        free_frame(self.root);
    }
}
