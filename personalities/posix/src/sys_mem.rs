//! Memory system calls: brk, mmap, munmap, mprotect, mremap.

use crate::errno::Errno;
use crate::host::Prot;
use crate::mm::{page_up, PAGE};
use crate::posix::{Posix, SysResult};
use crate::process::Task;
use alloc::sync::Arc;

const MAP_SHARED: u64 = 0x01;
const MAP_PRIVATE: u64 = 0x02;
const MAP_FIXED: u64 = 0x10;
const MAP_ANONYMOUS: u64 = 0x20;
const MAP_FIXED_NOREPLACE: u64 = 0x10_0000;

fn prot(p: u64) -> Result<Prot, Errno> {
    Prot::from_bits(p as u32).ok_or(Errno::EINVAL)
}

impl Posix {
    pub(crate) fn sys_brk(&self, t: &Arc<Task>, want: u64) -> u64 {
        t.process.mm.lock().set_brk(want)
    }

    pub(crate) fn sys_mmap(&self, t: &Arc<Task>, addr: u64, len: u64, p: u64, flags: u64, fd: u64, off: u64) -> SysResult {
        let prot = prot(p)?;
        if len == 0 || !off.is_multiple_of(PAGE) {
            return Err(Errno::EINVAL);
        }
        let kind = flags & 0x03;
        if kind != MAP_SHARED && kind != MAP_PRIVATE {
            return Err(Errno::EINVAL);
        }
        let fixed = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE) != 0;
        let noreplace = flags & MAP_FIXED_NOREPLACE != 0;
        if flags & MAP_ANONYMOUS != 0 {
            let mut mm = t.process.mm.lock();
            let start = mm.map_anon(addr, len, prot, fixed, noreplace)?;
            if kind == MAP_SHARED {
                let id = self.next_shared_id.fetch_add(1, core::sync::atomic::Ordering::Relaxed);
                mm.make_shared(start, Arc::new(crate::mm::SharedMemory { id, host: self.host.clone() }));
            }
            return Ok(start);
        }
        // File mapping: a private copy of the file's bytes.
        let file = t.process.fds.lock().get(fd as i32)?;
        if !file.is_readable() {
            return Err(Errno::EACCES);
        }
        if kind == MAP_SHARED && prot.contains(Prot::WRITE) && !file.is_writable() {
            return Err(Errno::EACCES);
        }
        let size = page_up(len).ok_or(Errno::ENOMEM)?;
        let node = file.inode().clone();
        if node.kind() != crate::vfs::FileKind::Regular {
            // Devices (/dev/zero and the like) map as zero-filled memory.
            let mut mm = t.process.mm.lock();
            return mm.map_anon(addr, size, prot, fixed, noreplace);
        }
        // Demand-loaded from the file, page by page; a page wholly past the
        // end of the file gives SIGBUS, as on Linux. MAP_SHARED file mappings
        // are private copies for now: writes do not reach the file.
        let mut mm = t.process.mm.lock();
        let start = mm.map_anon(addr, size, prot, fixed, noreplace)?;
        let backing = Arc::new(crate::mm::Backing {
            node,
            pieces: alloc::vec![(start, size, off)],
            bias: start.wrapping_sub(off),
            file_mapping: true,
        });
        mm.insert_backed(start, start + size, prot, backing);
        Ok(start)
    }

    /// madvise: MADV_DONTNEED drops the pages (private anonymous memory reads
    /// as zero afterwards, program pages are read from the file again); the
    /// other advice is accepted and changes nothing.
    pub(crate) fn sys_madvise(&self, t: &Arc<Task>, addr: u64, len: u64, advice: u64) -> SysResult {
        const MADV_DONTNEED: u64 = 4;
        if !addr.is_multiple_of(PAGE) {
            return Err(Errno::EINVAL);
        }
        let len = page_up(len).ok_or(Errno::EINVAL)?;
        if advice == MADV_DONTNEED {
            let mm = t.process.mm.lock();
            let end = addr.checked_add(len).ok_or(Errno::EINVAL)?;
            let mut at = addr;
            while at < end {
                let v = mm.find(at).ok_or(Errno::ENOMEM)?;
                let stop = v.end.min(end);
                if v.shared.is_none() {
                    mm.space.unmap(at, stop - at);
                }
                at = stop;
            }
        }
        Ok(0)
    }

    pub(crate) fn sys_munmap(&self, t: &Arc<Task>, addr: u64, len: u64) -> SysResult {
        t.process.mm.lock().unmap(addr, len)?;
        Ok(0)
    }

    pub(crate) fn sys_mprotect(&self, t: &Arc<Task>, addr: u64, len: u64, p: u64) -> SysResult {
        // PROT_GROWSDOWN/GROWSUP are accepted and ignored; other bits are errors.
        if p & !(7 | 0x0100_0000 | 0x0200_0000) != 0 {
            return Err(Errno::EINVAL);
        }
        t.process.mm.lock().protect(addr, len, prot(p & 7)?)?;
        Ok(0)
    }

    /// mremap: shrink in place, grow in place, or move (copying the pages).
    pub(crate) fn sys_mremap(&self, t: &Arc<Task>, old: u64, old_len: u64, new_len: u64, flags: u64) -> SysResult {
        const MREMAP_MAYMOVE: u64 = 1;
        let old_len = page_up(old_len).ok_or(Errno::EINVAL)?;
        let new_len = page_up(new_len).ok_or(Errno::EINVAL)?;
        if !old.is_multiple_of(PAGE) || new_len == 0 || flags & !MREMAP_MAYMOVE != 0 {
            return Err(Errno::EINVAL);
        }
        let mut mm = t.process.mm.lock();
        if new_len <= old_len {
            if new_len < old_len {
                mm.unmap(old + new_len, old_len - new_len)?;
            }
            return Ok(old);
        }
        mm.grow(old, old_len, new_len, flags & MREMAP_MAYMOVE != 0)
    }
}
