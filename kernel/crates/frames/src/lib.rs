//! Physical frame allocator: a bitmap of 4 KiB frames over storage the kernel
//! hands in.
//!
//! # How it fits
//!
//! Early in boot the kernel knows the memory map (from `phantom-bootinfo`) but
//! has no heap yet. It reserves a static or carved-out slice of `u64` words,
//! sized with [`FrameAllocator::words_for`], builds a [`FrameAllocator`] over
//! it, adds every usable region with [`FrameAllocator::add_free_range`] and
//! takes back what is already in use (kernel image, boot modules, page tables)
//! with [`FrameAllocator::reserve_range`]. From then on page-table code and the
//! heap grow by calling [`FrameAllocator::alloc`] and
//! [`FrameAllocator::alloc_contiguous`] (DMA buffers), and give frames back
//! with [`FrameAllocator::free`].
//!
//! # Design
//!
//! The storage holds two bitmaps of equal length, one bit per frame:
//!
//! * the *free* map: bit set = the frame can be handed out;
//! * the *managed* map: bit set = the frame was added with `add_free_range`
//!   and not reserved since, i.e. it belongs to this allocator.
//!
//! The managed map is what lets [`FrameAllocator::free`] refuse to "free" a
//! frame it never owned (firmware memory, the kernel image) instead of
//! silently adding it to the pool. The free map alone would be enough for
//! allocation.
//!
//! Allocation is next-fit: a hint remembers where the last frame came from,
//! and the search skips whole words with no free bit, so a mostly-full bitmap
//! is scanned 64 frames at a time. Simple and clear over clever: there are no
//! per-size free lists.
//!
//! Frame 0 (physical 0..4096) is never handed out, even if added: a physical
//! address of 0 is too easily confused with "none".
//!
//! # Usage
//!
//! ```
//! use phantom_frames::{FrameAllocator, FRAME_SIZE};
//!
//! const MAX_PHYS: u64 = 16 << 20; // 16 MiB
//! let mut storage = [0u64; FrameAllocator::words_for(MAX_PHYS)];
//! let mut frames = FrameAllocator::new(&mut storage);
//! frames.add_free_range(0x10_0000, MAX_PHYS); // usable RAM above 1 MiB
//! frames.reserve_range(0x10_0000, 0x20_0000); // the kernel image
//! let page = frames.alloc().unwrap();
//! assert_eq!(page % FRAME_SIZE, 0);
//! frames.free(page).unwrap();
//! ```
//!
//! Start reading at [`FrameAllocator`]; the bit twiddling is in the private
//! helpers at the bottom of this file.

#![no_std]
#![forbid(unsafe_code)]

/// Size of one physical frame in bytes.
pub const FRAME_SIZE: u64 = 4096;

const BITS: usize = u64::BITS as usize;

/// A bitmap allocator of 4 KiB physical frames.
pub struct FrameAllocator<'a> {
    /// One bit per frame, set = free.
    free_map: &'a mut [u64],
    /// One bit per frame, set = owned by this allocator (added, not reserved).
    managed_map: &'a mut [u64],
    free_count: usize,
    managed_count: usize,
    /// Frame index where the next search starts (next-fit).
    hint: usize,
}

/// Why [`FrameAllocator::free`] refused an address.
#[derive(Debug, PartialEq, Eq)]
pub enum FreeError {
    /// The frame is already free (double free), or was never added to the
    /// allocator (or was reserved since).
    NotAllocated(u64),
    /// The address lies beyond the memory the bitmap covers.
    OutOfRange(u64),
    /// The address is not a multiple of [`FRAME_SIZE`].
    Misaligned(u64),
}

impl<'a> FrameAllocator<'a> {
    /// Words of storage needed to track physical memory up to `max_phys` (exclusive).
    ///
    /// This covers both bitmaps (see the crate documentation), so it is twice
    /// the number of words a single bit per frame would need.
    pub const fn words_for(max_phys: u64) -> usize {
        let frames = max_phys.div_ceil(FRAME_SIZE);
        let words_per_map = frames.div_ceil(BITS as u64);
        (words_per_map * 2) as usize
    }

    /// All frames start out used (not available) until added with add_free_range.
    ///
    /// The storage is split into two halves (free map, managed map); an odd
    /// trailing word is left unused. The covered physical range is
    /// `0..(bitmap.len() / 2) * 64 * FRAME_SIZE`. Whatever the storage held
    /// before is overwritten.
    pub fn new(bitmap: &'a mut [u64]) -> Self {
        let per_map = bitmap.len() / 2;
        let (free_map, rest) = bitmap.split_at_mut(per_map);
        let (managed_map, _odd) = rest.split_at_mut(per_map);
        free_map.fill(0);
        managed_map.fill(0);
        FrameAllocator {
            free_map,
            managed_map,
            free_count: 0,
            managed_count: 0,
            hint: 0,
        }
    }

    /// Make [start,end) available, rounded inward to whole frames; clipped to the bitmap.
    ///
    /// Frames in the range that are currently allocated become free as well.
    /// Frame 0 is never added.
    pub fn add_free_range(&mut self, start: u64, end: u64) {
        let Some(first) = frame_round_up(start) else {
            return;
        };
        let last = end / FRAME_SIZE; // exclusive
        let first = first.max(1); // frame 0 is never handed out
        let (first, last) = self.clip(first, last);
        for (word, mask) in word_masks(first, last) {
            let newly_managed = mask & !self.managed_map[word];
            let newly_free = mask & !self.free_map[word];
            self.managed_map[word] |= mask;
            self.free_map[word] |= mask;
            self.managed_count += newly_managed.count_ones() as usize;
            self.free_count += newly_free.count_ones() as usize;
        }
    }

    /// Mark [start,end) used again, rounded outward (e.g. kernel image, modules).
    ///
    /// Reserved frames leave the allocator: they stop counting in
    /// [`total_frames`](Self::total_frames), and [`free`](Self::free) refuses
    /// them with [`FreeError::NotAllocated`]. Adding them again with
    /// [`add_free_range`](Self::add_free_range) returns them to the pool.
    pub fn reserve_range(&mut self, start: u64, end: u64) {
        let first = start / FRAME_SIZE;
        let last = frame_round_up(end).unwrap_or(u64::MAX / FRAME_SIZE + 1);
        let (first, last) = self.clip(first, last);
        for (word, mask) in word_masks(first, last) {
            let lost_managed = mask & self.managed_map[word];
            let lost_free = mask & self.free_map[word];
            self.managed_map[word] &= !mask;
            self.free_map[word] &= !mask;
            self.managed_count -= lost_managed.count_ones() as usize;
            self.free_count -= lost_free.count_ones() as usize;
        }
    }

    /// Allocate one frame and return its physical address, or `None` if no
    /// frame is free.
    pub fn alloc(&mut self) -> Option<u64> {
        if self.free_count == 0 {
            return None;
        }
        // Next-fit: search from the hint to the end, then wrap around.
        let frame = self
            .next_free_from(self.hint)
            .or_else(|| self.next_free_from(0))?;
        self.free_map[frame / BITS] &= !bit(frame);
        self.free_count -= 1;
        self.hint = frame + 1;
        Some(frame_addr(frame))
    }

    /// `count` contiguous frames whose first frame is aligned to `align` bytes (power of two >= 4096).
    ///
    /// An `align` below 4096 is treated as 4096. Returns `None` if `count` is
    /// 0, `align` is not a power of two, or no such run of free frames exists.
    /// The search is first-fit from address 0, so large runs come from low
    /// memory.
    pub fn alloc_contiguous(&mut self, count: usize, align: u64) -> Option<u64> {
        if count == 0 || !align.is_power_of_two() || count > self.free_count {
            return None;
        }
        let step = usize::try_from((align / FRAME_SIZE).max(1)).ok()?;
        let capacity = self.capacity_frames();
        let mut from = 0usize;
        loop {
            // Jump over used memory a word at a time, then align the start.
            let candidate = self.next_free_from(from)?.checked_next_multiple_of(step)?;
            let end = candidate.checked_add(count)?;
            if end > capacity {
                return None;
            }
            match self.first_used_in(candidate, end) {
                None => {
                    self.set_free_bits(candidate, end, false);
                    self.free_count -= count;
                    return Some(frame_addr(candidate));
                }
                // The run is blocked: keep looking after the blocking frame.
                Some(used) => from = used + 1,
            }
        }
    }

    /// Return one frame. A double free, or freeing a frame the allocator does
    /// not own, gives [`FreeError::NotAllocated`].
    pub fn free(&mut self, phys: u64) -> Result<(), FreeError> {
        let frame = self.check_allocated(phys)?;
        self.set_free_bits(frame, frame + 1, true);
        self.free_count += 1;
        Ok(())
    }

    /// Return `count` frames starting at `phys`. Either all are freed or, on
    /// error, none are; the error names the first offending address.
    pub fn free_contiguous(&mut self, phys: u64, count: usize) -> Result<(), FreeError> {
        if count == 0 {
            return Ok(());
        }
        let first = self.check_allocated(phys)?;
        for i in 1..count {
            let addr = (i as u64)
                .checked_mul(FRAME_SIZE)
                .and_then(|off| phys.checked_add(off))
                .ok_or(FreeError::OutOfRange(u64::MAX))?;
            self.check_allocated(addr)?;
        }
        self.set_free_bits(first, first + count, true);
        self.free_count += count;
        Ok(())
    }

    /// Frames available for allocation right now.
    pub fn free_frames(&self) -> usize {
        self.free_count
    }

    /// Frames owned by the allocator, free or allocated: everything added
    /// with `add_free_range`, minus what was reserved again since.
    pub fn total_frames(&self) -> usize {
        self.managed_count
    }

    /// Whether the frame containing `phys` is free. Addresses beyond the
    /// bitmap are never free.
    pub fn is_free(&self, phys: u64) -> bool {
        match usize::try_from(phys / FRAME_SIZE) {
            Ok(frame) if frame < self.capacity_frames() => {
                self.free_map[frame / BITS] & bit(frame) != 0
            }
            _ => false,
        }
    }

    /// Physical memory covered by the bitmap, in bytes (exclusive end).
    pub fn max_phys(&self) -> u64 {
        self.capacity_frames() as u64 * FRAME_SIZE
    }

    // ---- private helpers ----

    fn capacity_frames(&self) -> usize {
        self.free_map.len() * BITS
    }

    /// Clip a frame range `[first, last)` to the bitmap, as indices.
    fn clip(&self, first: u64, last: u64) -> (usize, usize) {
        let cap = self.capacity_frames();
        let clamp = |f: u64| usize::try_from(f).map_or(cap, |f| f.min(cap));
        let (first, last) = (clamp(first), clamp(last));
        (first, last.max(first))
    }

    /// Validate that `phys` names an allocated frame of ours; return its index.
    fn check_allocated(&self, phys: u64) -> Result<usize, FreeError> {
        if !phys.is_multiple_of(FRAME_SIZE) {
            return Err(FreeError::Misaligned(phys));
        }
        let frame = usize::try_from(phys / FRAME_SIZE)
            .ok()
            .filter(|&f| f < self.capacity_frames())
            .ok_or(FreeError::OutOfRange(phys))?;
        let (word, b) = (frame / BITS, bit(frame));
        let managed = self.managed_map[word] & b != 0;
        let free = self.free_map[word] & b != 0;
        if managed && !free {
            Ok(frame)
        } else {
            Err(FreeError::NotAllocated(phys))
        }
    }

    /// Index of the first free frame at or after `frame`, skipping full words.
    fn next_free_from(&self, frame: usize) -> Option<usize> {
        let start_word = frame / BITS;
        let first_mask = !0u64 << (frame % BITS);
        (start_word..self.free_map.len()).find_map(|word| {
            let mask = if word == start_word { first_mask } else { !0 };
            let free = self.free_map[word] & mask;
            (free != 0).then(|| word * BITS + free.trailing_zeros() as usize)
        })
    }

    /// Index of the first frame in `[first, last)` that is not free, if any.
    fn first_used_in(&self, first: usize, last: usize) -> Option<usize> {
        word_masks(first, last).find_map(|(word, mask)| {
            let used = mask & !self.free_map[word];
            (used != 0).then(|| word * BITS + used.trailing_zeros() as usize)
        })
    }

    fn set_free_bits(&mut self, first: usize, last: usize, free: bool) {
        for (word, mask) in word_masks(first, last) {
            if free {
                self.free_map[word] |= mask;
            } else {
                self.free_map[word] &= !mask;
            }
        }
    }
}

impl core::fmt::Debug for FrameAllocator<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("FrameAllocator")
            .field("max_phys", &self.max_phys())
            .field("free_frames", &self.free_count)
            .field("total_frames", &self.managed_count)
            .finish()
    }
}

fn frame_addr(frame: usize) -> u64 {
    frame as u64 * FRAME_SIZE
}

fn frame_round_up(addr: u64) -> Option<u64> {
    Some(addr.checked_add(FRAME_SIZE - 1)? / FRAME_SIZE)
}

fn bit(frame: usize) -> u64 {
    1u64 << (frame % BITS)
}

/// Split the frame range `[first, last)` into (word index, bit mask) pairs.
fn word_masks(first: usize, last: usize) -> impl Iterator<Item = (usize, u64)> {
    let first_word = first / BITS;
    let end_word = last.div_ceil(BITS);
    (first_word..end_word).filter_map(move |word| {
        let lo = first.max(word * BITS) - word * BITS;
        let hi = last.min((word + 1) * BITS) - word * BITS;
        (lo < hi).then(|| (word, mask_bits(lo, hi)))
    })
}

/// Bits `lo..hi` set, for `0 <= lo < hi <= 64`.
fn mask_bits(lo: usize, hi: usize) -> u64 {
    let upto_hi = if hi == BITS {
        u64::MAX
    } else {
        (1u64 << hi) - 1
    };
    upto_hi & !((1u64 << lo) - 1)
}

#[cfg(test)]
mod tests;
