//! Free space: an in-memory bitmap of the blocks that must not be overwritten.
//!
//! The bitmap is not stored on disk: recovery rebuilds it while it verifies a
//! generation, from the blocks that generation references plus its deferred-free
//! list (see the crate documentation for why). While it is being rebuilt it also
//! catches hostile disks: a block referenced twice, or out of range, is corruption.
//!
//! Allocation is next-fit from a cursor that wraps around the disk, so the blocks of
//! consecutive commits are laid out one after another and stream to the device.

use alloc::vec;
use alloc::vec::Vec;

use crate::error::Error;
use crate::root::ROOT_SLOTS;

#[derive(Clone, Debug)]
pub(crate) struct SpaceMap {
    /// One bit per block, set = in use. Bits past `blocks` in the last word are set
    /// so the allocator never returns them; `used` does not count them.
    bits: Vec<u64>,
    blocks: u64,
    used: u64,
    cursor: u64,
}

impl SpaceMap {
    /// A map of `blocks` blocks where only the root slots are in use. `blocks` must
    /// be more than `ROOT_SLOTS` and small enough to fit in memory (the caller checks
    /// it against the device).
    pub fn new(blocks: u64) -> SpaceMap {
        let words = blocks.div_ceil(64) as usize;
        let mut map = SpaceMap {
            bits: vec![0; words],
            blocks,
            used: 0,
            cursor: ROOT_SLOTS,
        };
        if !blocks.is_multiple_of(64) {
            map.bits[words - 1] = !0u64 << (blocks % 64);
        }
        for slot in 0..ROOT_SLOTS.min(blocks) {
            map.set(slot);
        }
        map
    }

    pub fn blocks(&self) -> u64 {
        self.blocks
    }

    pub fn used(&self) -> u64 {
        self.used
    }

    pub fn free(&self) -> u64 {
        self.blocks - self.used
    }

    pub fn cursor(&self) -> u64 {
        self.cursor
    }

    /// Sets the cursor; values outside the data area are moved to its start.
    pub fn set_cursor(&mut self, cursor: u64) {
        self.cursor = if (ROOT_SLOTS..self.blocks).contains(&cursor) {
            cursor
        } else {
            ROOT_SLOTS
        };
    }

    pub fn is_used(&self, block: u64) -> bool {
        block < self.blocks && self.bits[(block / 64) as usize] & (1 << (block % 64)) != 0
    }

    /// Marks `block`, found referenced on disk as `what`, as in use. A block outside
    /// the data area or already claimed means the disk is corrupt.
    pub fn claim(&mut self, block: u64, what: &'static str) -> Result<(), Error> {
        if !(ROOT_SLOTS..self.blocks).contains(&block) {
            return Err(Error::corrupt(block, what));
        }
        if self.is_used(block) {
            return Err(Error::corrupt(block, "block referenced twice"));
        }
        self.set(block);
        Ok(())
    }

    /// Takes the first free block at or after the cursor (wrapping around), unless
    /// that would leave `keep_free` blocks or fewer free.
    pub fn allocate(&mut self, keep_free: u64) -> Option<u64> {
        if self.free() <= keep_free {
            return None;
        }
        let block = self
            .find_free(self.cursor, self.blocks)
            .or_else(|| self.find_free(ROOT_SLOTS, self.cursor))?;
        self.set(block);
        self.cursor = if block + 1 < self.blocks {
            block + 1
        } else {
            ROOT_SLOTS
        };
        Some(block)
    }

    /// Returns `block` to the free pool. Freeing a free block is a no-op.
    pub fn release(&mut self, block: u64) {
        if self.is_used(block) && block >= ROOT_SLOTS {
            self.bits[(block / 64) as usize] &= !(1 << (block % 64));
            self.used -= 1;
        }
    }

    fn set(&mut self, block: u64) {
        self.bits[(block / 64) as usize] |= 1 << (block % 64);
        self.used += 1;
    }

    /// The first free block in `from..to`, a word at a time.
    fn find_free(&self, from: u64, to: u64) -> Option<u64> {
        let mut at = from;
        while at < to {
            let word = (at / 64) as usize;
            let free = !self.bits[word] & (!0u64 << (at % 64));
            if free != 0 {
                let block = word as u64 * 64 + u64::from(free.trailing_zeros());
                return (block < to).then_some(block);
            }
            at = (word as u64 + 1) * 64;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allocates_sequentially_and_wraps_around() {
        let mut map = SpaceMap::new(100);
        assert_eq!(map.used(), ROOT_SLOTS);
        let first: Vec<u64> = (0..5).map(|_| map.allocate(0).unwrap()).collect();
        assert_eq!(first, [8, 9, 10, 11, 12]);
        map.release(9);
        // Next-fit: 9 is behind the cursor, so it is reused only after wrapping.
        while map.cursor() != ROOT_SLOTS {
            map.allocate(0).unwrap();
        }
        assert_eq!(map.allocate(0), Some(9));
        assert_eq!(map.free(), 0);
        assert_eq!(map.allocate(0), None);
    }

    #[test]
    fn keeps_a_reserve_and_never_hands_out_padding() {
        let mut map = SpaceMap::new(70);
        let mut got = Vec::new();
        while let Some(block) = map.allocate(2) {
            got.push(block);
        }
        assert_eq!(got.len() as u64, 70 - ROOT_SLOTS - 2);
        while let Some(block) = map.allocate(0) {
            got.push(block);
        }
        assert!(got.iter().all(|&b| (ROOT_SLOTS..70).contains(&b)));
        assert_eq!(got.len() as u64, 70 - ROOT_SLOTS);
    }

    #[test]
    fn claims_catch_duplicates_and_out_of_range_blocks() {
        let mut map = SpaceMap::new(64);
        assert!(map.claim(20, "x").is_ok());
        assert!(map.claim(20, "x").is_err());
        assert!(map.claim(3, "x").is_err());
        assert!(map.claim(64, "x").is_err());
        assert!(map.claim(u64::MAX, "x").is_err());
    }
}
