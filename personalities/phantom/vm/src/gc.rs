//! The garbage collector: incremental mark-sweep, non-moving, cycle-safe.
//!
//! **Why this design.** Persistence rules out a copying collector whose every
//! cycle would rewrite (and so re-snapshot) the whole live heap, and the
//! snapshot pause rules out a long stop-the-world. So:
//!
//! - Mark bits live in a side bitmap outside the heap: marking never dirties
//!   a page, and never reaches the disk.
//! - Marking is incremental and snapshot-at-the-beginning (Yuasa): a cycle
//!   starts by shading the roots (the world object and the live references
//!   in thread frames, O(stack depth), like a snapshot's pause); after that,
//!   the interpreter shades the old value of every reference it overwrites
//!   in the heap, and objects allocated during the cycle are born marked. So
//!   everything reachable when the cycle began is marked, whatever the
//!   program does meanwhile, and the rest is garbage, cycles included.
//! - Sweeping is incremental too: it walks the heap in address order,
//!   coalesces dead objects and free chunks into free chunks, rebuilds the
//!   free lists (which live in the heap and persist), and clears mark bits
//!   behind it. Freed memory is reused, so garbage does not live on in later
//!   snapshots beyond the pages that held it.
//!
//! Each step does bounded work between two slices of the interpreter; only a
//! full heap forces a whole cycle at once ([`Gc::full`]).

use alloc::vec::Vec;

use crate::heap::{self, header_class, header_size, Heap, Memory, Ref};
use crate::object;
use crate::program::{Program, Shape};

enum Phase {
    Idle,
    Mark,
    /// Sweep position, and the start of the current run of free words.
    Sweep { cursor: usize, run: Option<usize> },
}

/// Elements of a reference array scanned in one go: a longer array is
/// scanned in pieces, so that no step is longer for a big array.
const ARRAY_PIECE: usize = 1024;

pub struct Gc {
    bits: Vec<u64>,
    grey: Vec<Ref>,
    /// A reference array being scanned in pieces, and the next element.
    /// (Elements stored meanwhile need nothing: the barrier shades the
    /// values they overwrite, and the new ones were reachable anyway.)
    partial: Option<(Ref, usize)>,
    phase: Phase,
    /// `SB_ALLOCATED` when the last cycle ended.
    allocated_at_end: u64,
    /// Words live after the last cycle.
    pub live_words: u64,
    /// Words freed by the last cycle.
    pub freed_words: u64,
    /// An object the VM is building (a root while it allocates more).
    pub guard: Ref,
}

impl Default for Gc {
    fn default() -> Self {
        Gc::new()
    }
}

impl Gc {
    pub fn new() -> Gc {
        Gc {
            bits: Vec::new(),
            grey: Vec::new(),
            partial: None,
            phase: Phase::Idle,
            allocated_at_end: 0,
            live_words: 0,
            freed_words: 0,
            guard: 0,
        }
    }

    #[inline]
    pub fn marking(&self) -> bool {
        matches!(self.phase, Phase::Mark)
    }

    pub fn active(&self) -> bool {
        !matches!(self.phase, Phase::Idle)
    }

    #[inline]
    fn is_marked(&self, r: Ref) -> bool {
        let r = r as usize;
        self.bits.get(r / 64).is_some_and(|w| w & (1 << (r % 64)) != 0)
    }

    #[inline]
    fn set_mark(&mut self, r: Ref) {
        let r = r as usize;
        self.bits[r / 64] |= 1 << (r % 64);
    }

    #[inline]
    fn clear_mark(&mut self, r: usize) {
        self.bits[r / 64] &= !(1 << (r % 64));
    }

    /// Shades `r` (the SATB barrier and root marking).
    #[inline]
    pub fn write_barrier<M: Memory>(&mut self, heap: &Heap<M>, old: Ref) {
        if self.marking() && old != 0 {
            self.shade(heap, old);
        }
    }

    fn shade<M: Memory>(&mut self, heap: &Heap<M>, r: Ref) {
        if (r as usize) < heap::HEAP_START || r as usize >= heap.bump() {
            return;
        }
        if !self.is_marked(r) {
            self.set_mark(r);
            self.grey.push(r);
        }
    }

    /// Tells the collector about a new object: born marked while a cycle
    /// could otherwise free it.
    #[inline]
    pub fn allocated<M: Memory>(&mut self, r: Ref, heap: &Heap<M>) {
        match self.phase {
            Phase::Idle => {}
            Phase::Mark => {
                self.ensure_bits(heap);
                self.set_mark(r);
            }
            Phase::Sweep { cursor, .. } => {
                if r as usize >= cursor {
                    self.ensure_bits(heap);
                    self.set_mark(r);
                }
            }
        }
    }

    /// Makes the mark bitmap for `heap` (otherwise made by the first cycle).
    pub fn prepare<M: Memory>(&mut self, heap: &Heap<M>) {
        self.ensure_bits(heap);
    }

    fn ensure_bits<M: Memory>(&mut self, heap: &Heap<M>) {
        let need = heap.capacity().div_ceil(64);
        if self.bits.len() < need {
            self.bits.resize(need, 0);
        }
    }

    /// Whether enough has been allocated since the last cycle to start one:
    /// half the live data or an eighth of the heap, whichever is more.
    pub fn should_start<M: Memory>(&self, heap: &Heap<M>) -> bool {
        let since = heap.get(heap::SB_ALLOCATED).saturating_sub(self.allocated_at_end);
        let trigger = (self.live_words / 2).max(heap.capacity() as u64 / 8);
        since >= trigger
    }

    /// Starts a cycle by shading the roots.
    pub fn start<M: Memory>(&mut self, heap: &Heap<M>, roots: &[Ref]) {
        debug_assert!(!self.active());
        self.ensure_bits(heap);
        self.phase = Phase::Mark;
        for &r in roots {
            self.shade(heap, r);
        }
        if self.guard != 0 {
            self.shade(heap, self.guard);
        }
    }

    /// Does up to about `budget` words of work. Returns true when the cycle
    /// has ended.
    pub fn step<M: Memory>(&mut self, heap: &mut Heap<M>, prog: &Program, budget: usize) -> bool {
        let mut work = 0usize;
        loop {
            match self.phase {
                Phase::Idle => return true,
                Phase::Mark => {
                    loop {
                        if let Some((r, from)) = self.partial.take() {
                            work += self.scan_elements(heap, r, from);
                        } else if let Some(r) = self.grey.pop() {
                            work += self.scan(heap, prog, r);
                        } else {
                            break;
                        }
                        if work >= budget {
                            return false;
                        }
                    }
                    heap.clear_free_lists();
                    self.live_words = 0;
                    self.freed_words = 0;
                    self.phase = Phase::Sweep {
                        cursor: heap::HEAP_START,
                        run: None,
                    };
                }
                Phase::Sweep { mut cursor, mut run } => {
                    let end = heap.bump();
                    while cursor < end && work < budget {
                        let h = heap.get(cursor);
                        let size = header_size(h);
                        if size < 2 || cursor + size > end {
                            // Never expected: a damaged header. Stop sweeping here
                            // rather than free memory that may be live.
                            run = None;
                            cursor = end;
                            break;
                        }
                        if self.is_marked(cursor as Ref) {
                            self.clear_mark(cursor);
                            if let Some(s) = run.take() {
                                self.emit(heap, s, cursor);
                            }
                            self.live_words += size as u64;
                        } else {
                            if header_class(h) != object::FREE {
                                self.freed_words += size as u64;
                            }
                            run.get_or_insert(cursor);
                        }
                        cursor += size;
                        work += 1 + size / 64;
                    }
                    if let Some(s) = run.take() {
                        self.emit(heap, s, cursor);
                    }
                    if cursor >= heap.bump() {
                        self.phase = Phase::Idle;
                        self.allocated_at_end = heap.get(heap::SB_ALLOCATED);
                        return true;
                    }
                    self.phase = Phase::Sweep { cursor, run: None };
                    return false;
                }
            }
        }
    }

    /// A run of free words `from..to` becomes a free chunk (or returns to
    /// the bump space when it ends the heap).
    fn emit<M: Memory>(&mut self, heap: &mut Heap<M>, from: usize, to: usize) {
        if to == heap.bump() {
            heap.set(heap::SB_BUMP, from as u64);
        } else {
            heap.free_chunk(from, to - from);
        }
    }

    /// Marks the children of `r`; returns the work done.
    fn scan<M: Memory>(&mut self, heap: &Heap<M>, prog: &Program, r: Ref) -> usize {
        let at = r as usize;
        let class = object::class_of(heap, r);
        if class == object::STATICS {
            let owner = heap.get(at + object::STATICS_OWNER) as usize;
            if let Some(c) = prog.classes.get(owner) {
                for &off in &c.static_refs {
                    let v = heap.get(at + off as usize);
                    if v != 0 {
                        self.shade(heap, v);
                    }
                }
                return 1 + c.static_refs.len();
            }
            return 1;
        }
        let Some(c) = prog.classes.get(class as usize) else {
            return 1;
        };
        match c.shape {
            Shape::Instance => {
                for &off in &c.ref_fields {
                    let v = heap.get(at + off as usize);
                    if v != 0 {
                        self.shade(heap, v);
                    }
                }
                1 + c.ref_fields.len()
            }
            Shape::RefArray(_) => 1 + self.scan_elements(heap, r, 0),
            _ => 1,
        }
    }

    /// Collects everything now: finishes the running cycle, then runs a
    /// whole new one (used when an allocation finds the heap full).
    /// Shades the elements of reference array `r` from `from` on, at most
    /// [`ARRAY_PIECE`] of them; the rest is left in `partial`.
    fn scan_elements<M: Memory>(&mut self, heap: &Heap<M>, r: Ref, from: usize) -> usize {
        let n = object::len(heap, r);
        let to = n.min(from.saturating_add(ARRAY_PIECE));
        let at = r as usize + object::DATA;
        for i in from..to {
            let v = heap.get(at + i);
            if v != 0 {
                self.shade(heap, v);
            }
        }
        if to < n {
            self.partial = Some((r, to));
        }
        to.saturating_sub(from)
    }

    pub fn full<M: Memory>(&mut self, heap: &mut Heap<M>, prog: &Program, roots: &[Ref]) {
        while !self.step(heap, prog, usize::MAX) {}
        self.start(heap, roots);
        while !self.step(heap, prog, usize::MAX) {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::heap::PAGE_WORDS;
    use alloc::vec;

    #[test]
    fn bitmap_marks() {
        let mut g = Gc::new();
        let h = Heap::format(vec![0u64; 2 * PAGE_WORDS]);
        g.ensure_bits(&h);
        assert!(!g.is_marked(100));
        g.set_mark(100);
        assert!(g.is_marked(100));
        g.clear_mark(100);
        assert!(!g.is_marked(100));
    }
}
