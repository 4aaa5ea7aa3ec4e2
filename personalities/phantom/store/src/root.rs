//! The root: one block that names a whole generation, kept in a ring of slots.
//!
//! Generation `g` is written to slot `g % ROOT_SLOTS` (blocks `0..ROOT_SLOTS`), so a
//! commit overwrites the oldest root and never the newest ones. A root is a whole
//! block of its own: a torn root write can damage only the root being written.

use crate::block::{checksum, get_u32, get_u64, put_u32, put_u64, Block, Kind, Ptr, BLOCK_SIZE};

/// Number of root slots at the start of the disk.
pub const ROOT_SLOTS: u64 = 8;

const MAGIC: [u8; 8] = *b"PHNTMSTR";
const VERSION: u32 = 1;
const SUM_AT: usize = BLOCK_SIZE - 8;

/// A decoded root. Its fields are checked against the device and each other by
/// recovery, not here: a root whose checksum matches may still be hostile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Root {
    pub generation: u64,
    /// Blocks the store spans (it may be less than the device has).
    pub device_blocks: u64,
    pub map: Ptr,
    pub map_height: u32,
    pub pages: u64,
    /// Head of the deferred-free list: blocks the previous generation used and this
    /// one does not, reusable once the next generation is durable.
    pub deferred: Ptr,
    pub deferred_count: u64,
    /// Where the next allocation looks first.
    pub cursor: u64,
}

/// What a root slot holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Slot {
    /// No store's root (never written, zeroed, or another format).
    Empty,
    /// Our magic, but the checksum or the version does not match: a torn or damaged
    /// root.
    Invalid,
    Valid(Root),
}

impl Root {
    pub fn slot(generation: u64) -> u64 {
        generation % ROOT_SLOTS
    }

    pub fn encode(&self, out: &mut Block) {
        out.fill(0);
        out[0..8].copy_from_slice(&MAGIC);
        put_u32(out, 8, VERSION);
        put_u32(out, 12, BLOCK_SIZE as u32);
        put_u64(out, 16, self.generation);
        put_u64(out, 24, self.device_blocks);
        self.map.encode(&mut out[32..48]);
        put_u32(out, 48, self.map_height);
        put_u64(out, 56, self.pages);
        self.deferred.encode(&mut out[64..80]);
        put_u64(out, 80, self.deferred_count);
        put_u64(out, 88, self.cursor);
        let sum = checksum(Kind::Root, &out[..SUM_AT]);
        put_u64(out, SUM_AT, sum);
    }

    pub fn decode(block: &Block) -> Slot {
        if block[0..8] != MAGIC {
            return Slot::Empty;
        }
        if get_u64(block, SUM_AT) != checksum(Kind::Root, &block[..SUM_AT])
            || get_u32(block, 8) != VERSION
            || get_u32(block, 12) != BLOCK_SIZE as u32
        {
            return Slot::Invalid;
        }
        let (Some(map), Some(deferred)) =
            (Ptr::decode(&block[32..48]), Ptr::decode(&block[64..80]))
        else {
            return Slot::Invalid;
        };
        Slot::Valid(Root {
            generation: get_u64(block, 16),
            device_blocks: get_u64(block, 24),
            map,
            map_height: get_u32(block, 48),
            pages: get_u64(block, 56),
            deferred,
            deferred_count: get_u64(block, 80),
            cursor: get_u64(block, 88),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Root {
        Root {
            generation: 17,
            device_blocks: 1000,
            map: Ptr { block: 12, sum: 34 },
            map_height: 2,
            pages: 300,
            deferred: Ptr { block: 56, sum: 78 },
            deferred_count: 9,
            cursor: 100,
        }
    }

    #[test]
    fn round_trip() {
        let mut block = [0u8; BLOCK_SIZE];
        sample().encode(&mut block);
        assert_eq!(Root::decode(&block), Slot::Valid(sample()));
    }

    #[test]
    fn any_flipped_byte_invalidates_and_zeros_are_empty() {
        let mut block = [0u8; BLOCK_SIZE];
        assert_eq!(Root::decode(&block), Slot::Empty);
        sample().encode(&mut block);
        for at in (8..BLOCK_SIZE).step_by(97) {
            let mut bad = block;
            bad[at] ^= 0x10;
            assert_eq!(Root::decode(&bad), Slot::Invalid, "byte {at}");
        }
    }
}
