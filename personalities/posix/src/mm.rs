//! A process's memory map: which ranges are valid (VMAs), with what
//! protection, the program break, and where new mappings go.
//!
//! Anonymous memory is demand-paged: mapping only records a VMA, and the
//! first touch of a page faults into [`Mm::fault`], which maps a zeroed page
//! if a VMA allows the access. Fork copies the pages present at the time.

use crate::errno::Errno;
use crate::host::{Prot, Space};
use alloc::collections::BTreeMap;
use alloc::sync::Arc;
use alloc::vec::Vec;

pub const PAGE: u64 = 4096;
/// Highest user address + 1 (47-bit canonical lower half).
pub const USER_TOP: u64 = 0x0000_7FFF_FFFF_F000;
/// The main thread's stack: top and maximum size.
pub const STACK_TOP: u64 = 0x0000_7FFF_FFFF_0000;
pub const STACK_MAX: u64 = 8 * 1024 * 1024;
/// New mappings are placed top-down below this.
pub const MMAP_TOP: u64 = 0x0000_7F00_0000_0000;
/// Lowest address mmap will choose or accept (no mappings near NULL).
pub const MMAP_MIN: u64 = 0x10000;

pub fn page_up(x: u64) -> Option<u64> {
    x.checked_add(PAGE - 1).map(|v| v & !(PAGE - 1))
}

pub fn page_down(x: u64) -> u64 {
    x & !(PAGE - 1)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VmaKind {
    Anon,
    Stack,
    Heap,
    /// From a file: program segments (filled from `backing` on first touch)
    /// or private file mappings (filled when mapped).
    File,
}

/// Where the bytes of a demand-loaded program come from: the file and its
/// PT_LOAD pieces (address, length in the file, file offset). Bytes of a
/// page that no piece covers are zero (.bss).
pub struct Backing {
    pub node: crate::vfs::NodeRef,
    pub pieces: Vec<(u64, u64, u64)>,
    /// Where the file's address 0 was placed (the load bias).
    pub bias: u64,
    /// An mmap of the file (not a program segment): pages are keyed by file
    /// offset, and a page wholly past the end of the file is a bus error.
    pub file_mapping: bool,
}

impl Backing {
    /// Identifies the contents of the page at `va`: the same file (and
    /// version of it) at the same place relative to its load address.
    fn cache_key(&self, va: u64) -> [u64; 4] {
        let st = self.node.stat();
        let id = alloc::sync::Arc::as_ptr(&self.node) as *const () as usize as u64;
        let kind = (self.file_mapping as u64) << 63;
        [id, st.mtime.sec, st.mtime.nsec as u64 ^ (st.ino << 32) ^ kind, va.wrapping_sub(self.bias)]
    }
}

impl Backing {
    /// The contents of the page at `va`.
    fn page(&self, va: u64) -> Result<Vec<u8>, Errno> {
        let mut buf = alloc::vec![0u8; PAGE as usize];
        for &(vaddr, filesz, offset) in &self.pieces {
            let s = vaddr.max(va);
            let e = (vaddr + filesz).min(va + PAGE);
            if s >= e {
                continue;
            }
            let mut got = 0usize;
            let want = (e - s) as usize;
            let dst = (s - va) as usize;
            while got < want {
                let n = self.node.read_at(offset + (s - vaddr) + got as u64, &mut buf[dst + got..dst + want])?;
                if n == 0 {
                    break;
                }
                got += n;
            }
        }
        Ok(buf)
    }
}

/// A shared anonymous memory object (MAP_SHARED | MAP_ANONYMOUS): its pages
/// live in the kernel under `id` until the last mapping of it is gone.
pub struct SharedMemory {
    pub id: u64,
    pub host: Arc<dyn crate::host::Host>,
}

impl Drop for SharedMemory {
    fn drop(&mut self) {
        self.host.release_shared(self.id);
    }
}

#[derive(Clone)]
pub struct Vma {
    pub start: u64,
    pub end: u64,
    pub prot: Prot,
    pub kind: VmaKind,
    pub backing: Option<Arc<Backing>>,
    /// For shared anonymous memory: the object and the object offset of `start`.
    pub shared: Option<(Arc<SharedMemory>, u64)>,
}

pub struct Mm {
    pub space: Arc<dyn Space>,
    vmas: BTreeMap<u64, Vma>,
    pub brk_start: u64,
    pub brk: u64,
}

impl Mm {
    pub fn new(space: Arc<dyn Space>) -> Mm {
        Mm { space, vmas: BTreeMap::new(), brk_start: 0, brk: 0 }
    }

    pub fn vmas(&self) -> impl Iterator<Item = &Vma> {
        self.vmas.values()
    }

    pub fn find(&self, addr: u64) -> Option<&Vma> {
        self.vmas.range(..=addr).next_back().map(|(_, v)| v).filter(|v| addr < v.end)
    }

    fn overlaps(&self, start: u64, end: u64) -> bool {
        self.vmas.range(..end).next_back().is_some_and(|(_, v)| v.end > start)
    }

    /// Record [start, end) as a VMA, cutting away anything it overlaps.
    pub fn insert(&mut self, start: u64, end: u64, prot: Prot, kind: VmaKind) {
        self.remove_range(start, end);
        self.vmas.insert(start, Vma { start, end, prot, kind, backing: None, shared: None });
    }

    /// A program segment range filled from `backing` when first touched.
    pub fn insert_backed(&mut self, start: u64, end: u64, prot: Prot, backing: Arc<Backing>) {
        self.remove_range(start, end);
        self.vmas.insert(start, Vma { start, end, prot, kind: VmaKind::File, backing: Some(backing), shared: None });
    }

    /// Cut [start, end) out of the VMA list (no page changes).
    fn remove_range(&mut self, start: u64, end: u64) {
        let hit: Vec<Vma> = self
            .vmas
            .range(..end)
            .map(|(_, v)| v.clone())
            .filter(|v| v.end > start)
            .collect();
        for v in hit {
            self.vmas.remove(&v.start);
            if v.start < start {
                self.vmas.insert(v.start, Vma { end: start, ..v.clone() });
            }
            if v.end > end {
                let shared = v.shared.clone().map(|(o, off)| (o, off + (end - v.start)));
                self.vmas.insert(end, Vma { start: end, shared, ..v });
            }
        }
    }

    /// A free range of `len` bytes, top-down below MMAP_TOP.
    pub fn find_free(&self, len: u64) -> Option<u64> {
        let mut top = MMAP_TOP;
        for v in self.vmas.values().rev() {
            if v.start >= top {
                continue;
            }
            if v.end <= top && top - v.end >= len {
                return Some(top - len);
            }
            top = top.min(v.start);
        }
        let low = page_up(self.brk.max(MMAP_MIN))? + 64 * 1024 * 1024;
        (top >= low + len).then(|| top - len)
    }

    /// mmap for anonymous memory (and the address choice for file maps).
    pub fn map_anon(&mut self, hint: u64, len: u64, prot: Prot, fixed: bool, noreplace: bool) -> Result<u64, Errno> {
        let len = page_up(len).filter(|&l| l > 0).ok_or(Errno::EINVAL)?;
        let start = if fixed {
            if !hint.is_multiple_of(PAGE) {
                return Err(Errno::EINVAL);
            }
            let end = hint.checked_add(len).ok_or(Errno::ENOMEM)?;
            if hint < MMAP_MIN || end > USER_TOP {
                return Err(if noreplace { Errno::EPERM } else { Errno::ENOMEM });
            }
            if self.overlaps(hint, end) {
                if noreplace {
                    return Err(Errno::EEXIST);
                }
                self.space.unmap(hint, len);
            }
            hint
        } else {
            let h = page_down(hint);
            match h.checked_add(len) {
                Some(end) if h >= MMAP_MIN && end <= MMAP_TOP && !self.overlaps(h, end) => h,
                _ => self.find_free(len).ok_or(Errno::ENOMEM)?,
            }
        };
        self.insert(start, start + len, prot, VmaKind::Anon);
        Ok(start)
    }

    pub fn unmap(&mut self, start: u64, len: u64) -> Result<(), Errno> {
        if !start.is_multiple_of(PAGE) || len == 0 {
            return Err(Errno::EINVAL);
        }
        let len = page_up(len).ok_or(Errno::EINVAL)?;
        let end = start.checked_add(len).filter(|&e| e <= USER_TOP).ok_or(Errno::EINVAL)?;
        self.remove_range(start, end);
        self.space.unmap(start, len);
        Ok(())
    }

    pub fn protect(&mut self, start: u64, len: u64, prot: Prot) -> Result<(), Errno> {
        if !start.is_multiple_of(PAGE) {
            return Err(Errno::EINVAL);
        }
        let len = page_up(len).ok_or(Errno::EINVAL)?;
        let end = start.checked_add(len).ok_or(Errno::ENOMEM)?;
        // Every page must be mapped.
        let mut at = start;
        while at < end {
            let v = self.find(at).ok_or(Errno::ENOMEM)?;
            at = v.end;
        }
        let hit: Vec<Vma> = self.vmas.range(..end).map(|(_, v)| v.clone()).filter(|v| v.end > start).collect();
        for v in hit {
            let s = v.start.max(start);
            let e = v.end.min(end);
            self.remove_range(s, e);
            let shared = v.shared.clone().map(|(o, off)| (o, off + (s - v.start)));
            self.vmas.insert(s, Vma { start: s, end: e, prot, shared, ..v });
        }
        self.space.protect(start, len, prot);
        Ok(())
    }

    /// Make the VMA at `start` shared anonymous memory backed by `obj`.
    pub fn make_shared(&mut self, start: u64, obj: Arc<SharedMemory>) {
        if let Some(v) = self.vmas.get_mut(&start) {
            v.shared = Some((obj, 0));
        }
    }

    /// mremap(2) growing `[old, old+old_len)` to `new_len` (all page aligned):
    /// in place when the following range is free, else moved if allowed.
    pub fn grow(&mut self, old: u64, old_len: u64, new_len: u64, may_move: bool) -> Result<u64, Errno> {
        let v = self.find(old).ok_or(Errno::EFAULT)?.clone();
        if old + old_len > v.end {
            return Err(Errno::EFAULT);
        }
        let end = old.checked_add(new_len).ok_or(Errno::ENOMEM)?;
        if end <= MMAP_TOP && !self.overlaps(old + old_len, end) {
            let shared = v.shared.clone().map(|(o, off)| (o, off + (old + old_len - v.start)));
            self.vmas.insert(old + old_len, Vma { start: old + old_len, end, shared, ..v.clone() });
            return Ok(old);
        }
        if !may_move {
            return Err(Errno::ENOMEM);
        }
        let new = self.find_free(new_len).ok_or(Errno::ENOMEM)?;
        self.insert(new, new + new_len, v.prot, VmaKind::Anon);
        let mut page = alloc::vec![0u8; PAGE as usize];
        let mut off = 0;
        while off < old_len {
            if self.space.read(old + off, &mut page).is_ok() {
                self.space.map_zero(new + off, PAGE, v.prot)?;
                self.space.write(new + off, &page)?;
            }
            off += PAGE;
        }
        self.unmap(old, old_len)?;
        Ok(new)
    }

    /// brk(2): returns the new break (or the old one if the request fails).
    pub fn set_brk(&mut self, want: u64) -> u64 {
        if want < self.brk_start {
            return self.brk;
        }
        let old_end = page_up(self.brk).unwrap_or(self.brk);
        let Some(new_end) = page_up(want) else { return self.brk };
        if new_end > old_end {
            if new_end - self.brk_start > 1 << 32 || self.overlaps(old_end, new_end) {
                return self.brk;
            }
            self.insert(old_end, new_end, Prot::READ | Prot::WRITE, VmaKind::Heap);
        } else if new_end < old_end {
            self.remove_range(new_end, old_end);
            self.space.unmap(new_end, old_end - new_end);
        }
        self.brk = want;
        self.brk
    }

    /// A page fault at `addr` (write/exec as the CPU said). Ok if a page was
    /// mapped and the access can be retried.
    pub fn fault(&mut self, addr: u64, write: bool, exec: bool, present: bool) -> Result<(), Errno> {
        let v = self.find(addr).ok_or(Errno::EFAULT)?.clone();
        if present || (write && !v.prot.contains(Prot::WRITE)) || (exec && !v.prot.contains(Prot::EXEC)) || v.prot.is_empty() {
            return Err(Errno::EFAULT);
        }
        let page = page_down(addr);
        if let Some(b) = &v.backing {
            if b.file_mapping && page.wrapping_sub(b.bias) >= page_up(b.node.stat().size).unwrap_or(u64::MAX) {
                return Err(Errno::EIO); // past the end of the file: SIGBUS
            }
        }
        if let Some((obj, off)) = &v.shared {
            return self.space.map_shared(page, v.prot, obj.id, (off + (page - v.start)) / PAGE);
        }
        match &v.backing {
            // Read-only program pages are shared by every process running the
            // program. (Not pages of mmap'ed files: those change more often
            // than a cache keyed by modification time can tell.)
            Some(b) if !v.prot.contains(Prot::WRITE) && !b.file_mapping => {
                self.space.map_cached(page, v.prot, b.cache_key(page), &mut || b.page(page))
            }
            Some(b) => {
                self.space.map_zero(page, PAGE, v.prot)?;
                let data = b.page(page)?;
                self.space.write(page, &data)
            }
            None => self.space.map_zero(page, PAGE, v.prot),
        }
    }

    /// Copy for fork.
    pub fn fork(&self) -> Result<Mm, Errno> {
        Ok(Mm { space: self.space.fork()?, vmas: self.vmas.clone(), brk_start: self.brk_start, brk: self.brk })
    }

    /// /proc/PID/maps lines.
    pub fn maps_text(&self) -> alloc::string::String {
        use core::fmt::Write;
        let mut s = alloc::string::String::new();
        for v in self.vmas.values() {
            let p = v.prot;
            let _ = writeln!(
                s,
                "{:08x}-{:08x} {}{}{}p 00000000 00:00 0 {}",
                v.start,
                v.end,
                if p.contains(Prot::READ) { 'r' } else { '-' },
                if p.contains(Prot::WRITE) { 'w' } else { '-' },
                if p.contains(Prot::EXEC) { 'x' } else { '-' },
                match v.kind {
                    VmaKind::Stack => "[stack]",
                    VmaKind::Heap => "[heap]",
                    _ => "",
                }
            );
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testhost::MemSpace;

    fn mm() -> Mm {
        Mm::new(Arc::new(MemSpace::default()))
    }

    #[test]
    fn anon_maps_do_not_overlap_and_unmap_splits() {
        let mut m = mm();
        let a = m.map_anon(0, 3 * PAGE, Prot::READ | Prot::WRITE, false, false).unwrap();
        let b = m.map_anon(0, PAGE, Prot::READ, false, false).unwrap();
        assert!(b + PAGE <= a || a + 3 * PAGE <= b);
        m.unmap(a + PAGE, PAGE).unwrap();
        assert!(m.find(a).is_some());
        assert!(m.find(a + PAGE).is_none());
        assert!(m.find(a + 2 * PAGE).is_some());
    }

    #[test]
    fn fixed_noreplace_refuses_overlap() {
        let mut m = mm();
        let a = m.map_anon(0x100000, PAGE, Prot::READ, true, false).unwrap();
        assert_eq!(a, 0x100000);
        assert_eq!(m.map_anon(0x100000, PAGE, Prot::READ, true, true), Err(Errno::EEXIST));
        assert_eq!(m.map_anon(0x100001, PAGE, Prot::READ, true, false), Err(Errno::EINVAL));
    }

    #[test]
    fn fault_respects_protection() {
        let mut m = mm();
        let a = m.map_anon(0, PAGE, Prot::READ, false, false).unwrap();
        assert!(m.fault(a, false, false, false).is_ok());
        assert_eq!(m.fault(a, true, false, false), Err(Errno::EFAULT));
        assert_eq!(m.fault(a - PAGE * 1000, false, false, false), Err(Errno::EFAULT));
        m.protect(a, PAGE, Prot::READ | Prot::WRITE).unwrap();
        assert!(m.fault(a, true, false, false).is_ok());
        assert_eq!(m.protect(a + PAGE * 5, PAGE, Prot::READ), Err(Errno::ENOMEM));
    }

    #[test]
    fn brk_grows_and_shrinks() {
        let mut m = mm();
        m.brk_start = 0x60_0000;
        m.brk = 0x60_0000;
        assert_eq!(m.set_brk(0x60_2000), 0x60_2000);
        assert!(m.find(0x60_1000).is_some());
        assert_eq!(m.set_brk(0x60_0800), 0x60_0800);
        assert!(m.find(0x60_1000).is_none());
        assert_eq!(m.set_brk(0x10), 0x60_0800);
    }
}
