//! The persistent heap: words, pages, allocation, and the snapshot write barrier.
//!
//! The heap is one array of 64-bit words. A reference is a word index (0 is
//! null), so references mean the same thing wherever the array is mapped and
//! across reboots: the kernel maps it at a fixed virtual range, the host
//! keeps it in a `Vec`. Page `p` is words `p * 512 .. (p + 1) * 512`, and
//! pages are what the snapshot store keeps.
//!
//! # Snapshots without a pause that grows with the heap
//!
//! Every store into the heap goes through [`Heap::set`], whose fast path is one
//! compare: is this page's epoch the current one? The first write to a page in
//! an epoch takes the slow path, which appends the page to the epoch's dirty
//! list. Taking a snapshot ([`Heap::freeze`]) moves the dirty list aside and
//! starts a new epoch: constant time, whatever the number of dirty pages.
//! The frozen pages are then handed to the store in small batches
//! ([`Heap::pump`]) while programs run. A program that writes a frozen page
//! before it was handed over first copies the page's frozen contents aside
//! (the shadow); so every page reaches the store exactly as it was at the
//! freeze. This is copy-on-write done by the write barrier instead of the MMU,
//! which keeps it portable and testable on the host.
//!
//! # Allocation
//!
//! Free memory is kept in the heap itself, so it persists with the objects:
//! segregated free lists for chunks of 2..=64 words, one first-fit list for
//! larger chunks, and a bump pointer. The list heads and the bump pointer live
//! in the superblock (the first words of page 0).

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::vec::Vec;

use phantom_store::Block;

/// Words per page (4 KiB pages).
pub const PAGE_WORDS: usize = 512;
/// A heap reference: a word index; 0 is null.
pub type Ref = u64;

/// Largest size served by an exact-size free list.
pub const SMALL_MAX: usize = 64;

// Superblock layout (words of page 0).
pub const SB_MAGIC: usize = 0;
pub const SB_VERSION: usize = 1;
pub const SB_BUMP: usize = 2;
pub const SB_CAPACITY: usize = 3;
/// The world object (see `world/mod.rs`).
pub const SB_WORLD: usize = 4;
/// Snapshot generation this heap image was taken as (set at every freeze).
pub const SB_GENERATION: usize = 5;
/// Words allocated since start (statistics).
pub const SB_ALLOCATED: usize = 6;
/// Head of the large-chunk free list.
pub const SB_FREE_LARGE: usize = 7;
/// Heads of the small free lists: `SB_FREE_SMALL + size` for size 2..=64.
pub const SB_FREE_SMALL: usize = 8;
/// First word available to objects.
pub const HEAP_START: usize = 80;

pub const MAGIC: u64 = u64::from_le_bytes(*b"PHANTOM1");
/// 2: statics objects got a monitor word.
pub const VERSION: u64 = 3;

/// Class id of a free chunk.
pub const FREE_CLASS: u32 = 0;

/// The memory the heap lives in: a `Vec<u64>` on the host, the fixed virtual
/// range in the kernel.
pub trait Memory: core::ops::DerefMut<Target = [u64]> {}
impl<T: core::ops::DerefMut<Target = [u64]>> Memory for T {}

/// Packs an object header word: class id and size in words (header included).
#[inline]
pub fn header(class: u32, size: usize) -> u64 {
    class as u64 | ((size as u64) << 32)
}

#[inline]
pub fn header_class(h: u64) -> u32 {
    h as u32
}

#[inline]
pub fn header_size(h: u64) -> usize {
    (h >> 32) as usize
}

/// A list of page numbers that grows in fixed chunks: appending never
/// copies what is there (a `Vec` that doubles would copy the whole list now
/// and then, inside a snapshot's pause).
#[derive(Default)]
struct PageList {
    chunks: Vec<Box<[u32; CHUNK]>>,
    len: usize,
}

const CHUNK: usize = 4096;

impl PageList {
    /// Appends `p`, taking a new chunk from `spare` if there is one (the
    /// chunks of handed-over snapshots are kept for reuse, so a snapshot in
    /// a steady state allocates nothing).
    #[inline]
    fn push(&mut self, p: u32, spare: &mut Vec<Box<[u32; CHUNK]>>) {
        if self.len == self.chunks.len() * CHUNK {
            let chunk = spare.pop().unwrap_or_else(|| Box::new([0; CHUNK]));
            if self.chunks.len() == self.chunks.capacity() {
                // Room for the chunk pointers ahead of need (small).
                self.chunks.reserve(self.chunks.len().max(8));
            }
            self.chunks.push(chunk);
        }
        self.chunks[self.len / CHUNK][self.len % CHUNK] = p;
        self.len += 1;
    }
    #[inline]
    fn get(&self, i: usize) -> u32 {
        self.chunks[i / CHUNK][i % CHUNK]
    }
    fn len(&self) -> usize {
        self.len
    }
    fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.len).map(|i| self.get(i))
    }
}

/// A snapshot being handed to the store.
struct Frozen {
    /// The epoch whose dirty pages this snapshot holds.
    epoch: u32,
    pages: PageList,
    next: usize,
    /// Frozen contents of pages written since the freeze, before they were handed over.
    shadow: BTreeMap<u32, Box<Block>>,
}

/// Page buffers kept for reuse, at most (4 MiB).
const MAX_SPARE_BLOCKS: usize = 1024;

/// Page epoch value of a page already handed to the store for the frozen snapshot.
const HANDED: u32 = u32::MAX;

pub struct Heap<M: Memory> {
    mem: M,
    page_epoch: Vec<u32>,
    epoch: u32,
    dirty: PageList,
    spare: Vec<Box<[u32; CHUNK]>>,
    /// Page buffers given back by the store once written, for the next
    /// copies (see [`Heap::give_blocks`]).
    blocks: Vec<Box<Block>>,
    frozen: Option<Frozen>,
    /// Copy-on-write copies made by the barrier (statistics).
    pub shadowed: u64,
}

impl<M: Memory> Heap<M> {
    /// A fresh, empty heap over `mem` (which must be zeroed).
    pub fn format(mem: M) -> Heap<M> {
        let mut h = Heap::attach(mem);
        let cap = h.capacity();
        h.set(SB_MAGIC, MAGIC);
        h.set(SB_VERSION, VERSION);
        h.set(SB_BUMP, HEAP_START as u64);
        h.set(SB_CAPACITY, cap as u64);
        h
    }

    /// A heap over memory that already holds an image (restored from a snapshot).
    /// Nothing is dirty. Check [`Heap::valid`] before trusting it.
    pub fn attach(mem: M) -> Heap<M> {
        let pages = mem.len().div_ceil(PAGE_WORDS);
        Heap {
            mem,
            page_epoch: alloc::vec![0; pages],
            epoch: 1,
            dirty: PageList::default(),
            spare: Vec::new(),
            blocks: Vec::new(),
            frozen: None,
            shadowed: 0,
        }
    }

    /// Whether the superblock describes a heap this code can run.
    pub fn valid(&self) -> Result<(), &'static str> {
        if self.mem.len() < HEAP_START {
            return Err("heap memory too small");
        }
        if self.get(SB_MAGIC) != MAGIC {
            return Err("no Phantom heap (bad magic)");
        }
        if self.get(SB_VERSION) != VERSION {
            return Err("heap format version not supported");
        }
        let bump = self.get(SB_BUMP) as usize;
        if bump < HEAP_START || bump > self.mem.len() {
            return Err("heap allocation pointer out of range");
        }
        Ok(())
    }

    /// All of the heap's memory, read-only (tests compare images).
    pub fn memory(&self) -> &[u64] {
        &self.mem
    }

    /// Words of memory.
    pub fn capacity(&self) -> usize {
        self.mem.len()
    }

    /// Words handed out so far (the high-water mark).
    pub fn bump(&self) -> usize {
        self.get(SB_BUMP) as usize
    }

    #[inline]
    pub fn get(&self, w: usize) -> u64 {
        self.mem[w]
    }

    /// Stores `v` at word `w`, through the snapshot write barrier.
    #[inline]
    pub fn set(&mut self, w: usize, v: u64) {
        let p = w / PAGE_WORDS;
        if self.page_epoch[p] != self.epoch {
            self.touch(p);
        }
        self.mem[w] = v;
    }

    /// The words of a range, read-only.
    #[inline]
    pub fn words(&self, from: usize, len: usize) -> &[u64] {
        &self.mem[from..from + len]
    }

    /// The barrier's slow path: first write to page `p` in this epoch.
    #[cold]
    fn touch(&mut self, p: usize) {
        if let Some(f) = &mut self.frozen {
            if self.page_epoch[p] == f.epoch {
                // Part of the snapshot being written and not handed over yet.
                let mut copy = self.blocks.pop().unwrap_or_else(|| Box::new([0u8; 4096]));
                page_bytes(&self.mem, p, &mut copy);
                f.shadow.insert(p as u32, copy);
                self.shadowed += 1;
            }
        }
        self.page_epoch[p] = self.epoch;
        self.dirty.push(p as u32, &mut self.spare);
    }

    /// Pages written since the last freeze.
    pub fn dirty_pages(&self) -> usize {
        self.dirty.len()
    }

    /// Whether a frozen snapshot is still being handed over.
    pub fn freezing(&self) -> bool {
        self.frozen.is_some()
    }

    /// Freezes the current contents as a snapshot: O(1). Returns false if the
    /// previous snapshot has not been handed over completely yet.
    pub fn freeze(&mut self) -> bool {
        if self.frozen.is_some() {
            return false;
        }
        let pages = core::mem::take(&mut self.dirty);
        self.frozen = Some(Frozen {
            epoch: self.epoch,
            pages,
            next: 0,
            shadow: BTreeMap::new(),
        });
        self.epoch += 1;
        true
    }

    /// Takes page buffers back (their contents do not matter) for the
    /// copies of later pages: a snapshot then copies into the same few
    /// buffers instead of allocating one per page.
    pub fn give_blocks(&mut self, blocks: impl IntoIterator<Item = Box<Block>>) {
        for b in blocks {
            if self.blocks.len() >= MAX_SPARE_BLOCKS {
                break;
            }
            self.blocks.push(b);
        }
    }

    /// Number of frozen pages not yet handed over.
    pub fn frozen_left(&self) -> usize {
        self.frozen.as_ref().map_or(0, |f| f.pages.len() - f.next)
    }

    /// Hands up to `max` frozen pages to `out` as (page number, contents).
    /// Returns true when the whole frozen snapshot has been handed over; the
    /// snapshot then ends with [`Heap::committed`] or, if it could not be
    /// made durable, [`Heap::thaw`].
    pub fn pump(&mut self, max: usize, out: &mut impl FnMut(u64, Box<Block>)) -> bool {
        let Some(f) = &mut self.frozen else {
            return true;
        };
        let mut n = 0;
        while n < max && f.next < f.pages.len() {
            let p = f.pages.get(f.next) as usize;
            f.next += 1;
            n += 1;
            let page = match f.shadow.remove(&(p as u32)) {
                Some(copy) => copy,
                None => {
                    let mut copy = self.blocks.pop().unwrap_or_else(|| Box::new([0u8; 4096]));
                    page_bytes(&self.mem, p, &mut copy);
                    // Later writes need no shadow: the store has this version.
                    self.page_epoch[p] = HANDED;
                    copy
                }
            };
            out(p as u64, page);
        }
        f.next == f.pages.len()
    }

    /// The frozen snapshot is durable: the heap is ready for the next freeze.
    pub fn committed(&mut self) {
        if let Some(f) = self.frozen.take() {
            self.spare.extend(f.pages.chunks);
            // Keep what a snapshot of this size needs, not more.
            let keep = self.dirty.chunks.len() + 2;
            self.spare.truncate(keep.max(4));
        }
        // Every snapshot writes the superblock (clock, generation): its page
        // is made dirty now, so that the freeze finds it dirty already.
        if self.page_epoch[0] != self.epoch {
            self.touch(0);
        }
    }

    /// Abandons a frozen snapshot that could not be written (disk full, I/O
    /// error): its pages are dirty again, so the next snapshot includes them.
    pub fn thaw(&mut self) {
        if let Some(f) = self.frozen.take() {
            // Handed over or not, each frozen page is dirty again; its current
            // contents (newer than the frozen ones) go into the next snapshot.
            for p in f.pages.iter() {
                let p = p as usize;
                if self.page_epoch[p] != self.epoch {
                    self.page_epoch[p] = self.epoch;
                    self.dirty.push(p as u32, &mut self.spare);
                }
            }
        }
    }

    /// Marks every page up to the bump pointer dirty (a full snapshot, e.g.
    /// the first one of a freshly formatted heap).
    pub fn dirty_all(&mut self) {
        let pages = self.bump().div_ceil(PAGE_WORDS);
        for p in 0..pages {
            if self.page_epoch[p] != self.epoch {
                self.touch(p);
            }
        }
    }

    /// Loads page `p` from a stored image (restart), not dirtying it.
    pub fn load_page(&mut self, p: usize, data: &Block) {
        let base = p * PAGE_WORDS;
        let end = (base + PAGE_WORDS).min(self.mem.len());
        for (i, w) in (base..end).enumerate() {
            let mut b = [0u8; 8];
            b.copy_from_slice(&data[i * 8..i * 8 + 8]);
            self.mem[w] = u64::from_le_bytes(b);
        }
    }

    // ------------------------------------------------------------ allocation

    /// Allocates `size` words (at least 2, header included) and writes the
    /// header; the body is zero. Returns `None` when the heap is full (the
    /// caller collects garbage and retries).
    pub fn alloc(&mut self, class: u32, size: usize) -> Option<Ref> {
        let size = size.max(2);
        let at = self.take_chunk(size)?;
        self.set(at, header(class, size));
        let allocated = self.get(SB_ALLOCATED);
        self.set(SB_ALLOCATED, allocated + size as u64);
        Some(at as Ref)
    }

    fn take_chunk(&mut self, size: usize) -> Option<usize> {
        if size <= SMALL_MAX {
            let head = self.get(SB_FREE_SMALL + size) as usize;
            if head != 0 {
                let next = self.get(head + 1);
                self.set(SB_FREE_SMALL + size, next);
                self.zero(head, size);
                return Some(head);
            }
        }
        let bump = self.bump();
        if bump + size <= self.mem.len() {
            self.set(SB_BUMP, (bump + size) as u64);
            // The collector may have handed memory back to the bump space.
            self.zero(bump, size);
            return Some(bump);
        }
        // First fit in the large list, splitting off the rest.
        let mut prev = SB_FREE_LARGE;
        let mut cur = self.get(SB_FREE_LARGE) as usize;
        while cur != 0 {
            let csize = header_size(self.get(cur));
            let next = self.get(cur + 1);
            if csize == size || csize >= size + 2 {
                self.set(prev, next);
                if csize > size {
                    self.free_chunk(cur + size, csize - size);
                }
                self.zero(cur, size);
                return Some(cur);
            }
            prev = cur + 1;
            cur = next as usize;
        }
        // Split a bigger small chunk.
        for s in (size + 2)..=SMALL_MAX {
            let head = self.get(SB_FREE_SMALL + s) as usize;
            if head != 0 {
                let next = self.get(head + 1);
                self.set(SB_FREE_SMALL + s, next);
                self.free_chunk(head + size, s - size);
                self.zero(head, size);
                return Some(head);
            }
        }
        None
    }

    fn zero(&mut self, at: usize, size: usize) {
        for w in at..at + size {
            if self.mem[w] != 0 {
                self.set(w, 0);
            }
        }
    }

    /// Puts the chunk `at..at+size` (size >= 2) on a free list.
    pub fn free_chunk(&mut self, at: usize, size: usize) {
        debug_assert!(size >= 2);
        let list = if size <= SMALL_MAX {
            SB_FREE_SMALL + size
        } else {
            SB_FREE_LARGE
        };
        self.set(at, header(FREE_CLASS, size));
        let head = self.get(list);
        self.set(at + 1, head);
        self.set(list, at as u64);
    }

    /// Empties every free list (the sweeper rebuilds them).
    pub fn clear_free_lists(&mut self) {
        self.set(SB_FREE_LARGE, 0);
        for s in 2..=SMALL_MAX {
            if self.get(SB_FREE_SMALL + s) != 0 {
                self.set(SB_FREE_SMALL + s, 0);
            }
        }
    }
}

/// Copies page `p` of `mem` as little-endian bytes.
fn page_bytes(mem: &[u64], p: usize, out: &mut Block) {
    let base = p * PAGE_WORDS;
    let end = (base + PAGE_WORDS).min(mem.len());
    for (i, w) in mem[base..end].iter().enumerate() {
        out[i * 8..i * 8 + 8].copy_from_slice(&w.to_le_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn heap(pages: usize) -> Heap<Vec<u64>> {
        Heap::format(vec![0u64; pages * PAGE_WORDS])
    }

    fn drain(h: &mut Heap<Vec<u64>>) -> BTreeMap<u64, Box<Block>> {
        let mut out = BTreeMap::new();
        while !h.pump(3, &mut |p, b| {
            assert!(out.insert(p, b).is_none(), "page handed twice");
        }) {}
        h.committed();
        out
    }

    fn word(page: &Block, i: usize) -> u64 {
        u64::from_le_bytes(page[i * 8..i * 8 + 8].try_into().unwrap())
    }

    #[test]
    fn freeze_is_constant_and_pages_keep_their_frozen_contents() {
        let mut h = heap(16);
        for p in 1..10 {
            h.set(p * PAGE_WORDS, p as u64);
        }
        assert!(h.freeze());
        assert!(!h.freeze(), "second freeze while the first is pending");
        // Writes after the freeze: the store must still see the frozen values.
        h.set(3 * PAGE_WORDS, 333);
        h.set(12 * PAGE_WORDS, 12);
        let out = drain(&mut h);
        assert_eq!(word(&out[&3], 0), 3);
        assert_eq!(word(&out[&5], 0), 5);
        assert!(!out.contains_key(&12));
        assert_eq!(h.shadowed, 1);
        // The next snapshot has exactly the pages written since, and the
        // superblock's page, made dirty when the last one was committed.
        assert!(h.freeze());
        let out = drain(&mut h);
        assert_eq!(out.keys().copied().collect::<Vec<_>>(), vec![0, 3, 12]);
        assert_eq!(word(&out[&3], 0), 333);
    }

    #[test]
    fn thaw_keeps_pages_dirty() {
        let mut h = heap(4);
        h.set(PAGE_WORDS + 1, 9);
        let first = h.dirty_pages();
        assert!(h.freeze());
        h.thaw();
        assert_eq!(h.dirty_pages(), first);
        assert!(h.freeze());
        let out = drain(&mut h);
        assert_eq!(word(&out[&1], 1), 9);
    }

    #[test]
    fn allocation_reuses_freed_chunks() {
        let mut h = heap(4);
        let a = h.alloc(7, 4).unwrap();
        let b = h.alloc(7, 100).unwrap();
        assert_eq!(h.get(a as usize), header(7, 4));
        h.free_chunk(a as usize, 4);
        h.free_chunk(b as usize, 100);
        assert_eq!(h.alloc(8, 4), Some(a));
        // Exhaust the bump space, then the large chunk is split.
        let rest = h.capacity() - h.bump();
        h.alloc(9, rest).unwrap();
        let c = h.alloc(9, 30).unwrap();
        assert_eq!(c, b);
        let d = h.alloc(9, 70).unwrap();
        assert_eq!(d, b + 30);
        assert_eq!(h.alloc(9, 2), None);
    }
}
