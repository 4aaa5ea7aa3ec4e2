//! Blocks, block pointers and checksums: the vocabulary every on-disk structure uses.
//!
//! A pointer to a block carries the checksum of what the block must contain (ZFS
//! style), so a block that was torn, never written, overwritten or written elsewhere
//! is caught by whoever follows the pointer. The checksum is seeded with what the
//! block is (a root, a map node of a given level, the data of a given page, a
//! deferred-free block), so a block of one kind can never pass for another.

use xxhash_rust::xxh64::xxh64;

/// Size of a block, and of a page: 4 KiB.
pub const BLOCK_SIZE: usize = 4096;

/// One block (or page) of bytes.
pub type Block = [u8; BLOCK_SIZE];

/// Bytes a [`Ptr`] takes on disk.
pub(crate) const PTR_SIZE: usize = 16;

/// Where a block is and what it must hash to. Block 0 is a root slot, never the
/// target of a pointer, so `block == 0` means "no block".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Ptr {
    pub block: u64,
    pub sum: u64,
}

impl Ptr {
    pub const NULL: Ptr = Ptr { block: 0, sum: 0 };

    pub fn is_null(self) -> bool {
        self.block == 0
    }

    /// Writes the pointer into `out[..16]`.
    pub fn encode(self, out: &mut [u8]) {
        put_u64(out, 0, self.block);
        put_u64(out, 8, self.sum);
    }

    /// Reads a pointer from `bytes[..16]`; `None` for a malformed null pointer
    /// (block 0 with a non-zero checksum), which only a damaged disk holds.
    pub fn decode(bytes: &[u8]) -> Option<Ptr> {
        let ptr = Ptr {
            block: get_u64(bytes, 0),
            sum: get_u64(bytes, 8),
        };
        if ptr.block == 0 && ptr.sum != 0 {
            return None;
        }
        Some(ptr)
    }
}

/// What a block is; part of its checksum's seed.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Kind {
    Root,
    /// The contents of page `pno`.
    Page(u64),
    /// A page-map node at `level` (0 = leaf).
    MapNode(u8),
    /// A block of the deferred-free list.
    Deferred,
}

/// The checksum of `bytes` as a block of kind `kind`.
pub(crate) fn checksum(kind: Kind, bytes: &[u8]) -> u64 {
    let (tag, detail) = match kind {
        Kind::Root => (1, 0),
        Kind::Page(pno) => (2, pno),
        Kind::MapNode(level) => (3, u64::from(level)),
        Kind::Deferred => (4, 0),
    };
    xxh64(bytes, mix(mix(tag) ^ detail))
}

/// splitmix64's finaliser: spreads a small tag over all 64 seed bits.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Little-endian u64 at `bytes[at..at + 8]`; the caller keeps `at` in bounds.
pub(crate) fn get_u64(bytes: &[u8], at: usize) -> u64 {
    let mut le = [0u8; 8];
    le.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(le)
}

pub(crate) fn put_u64(bytes: &mut [u8], at: usize, value: u64) {
    bytes[at..at + 8].copy_from_slice(&value.to_le_bytes());
}

pub(crate) fn get_u32(bytes: &[u8], at: usize) -> u32 {
    let mut le = [0u8; 4];
    le.copy_from_slice(&bytes[at..at + 4]);
    u32::from_le_bytes(le)
}

pub(crate) fn put_u32(bytes: &mut [u8], at: usize, value: u32) {
    bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_seed_differently() {
        let bytes = [7u8; BLOCK_SIZE];
        let sums = [
            checksum(Kind::Root, &bytes),
            checksum(Kind::Page(0), &bytes),
            checksum(Kind::Page(1), &bytes),
            checksum(Kind::MapNode(0), &bytes),
            checksum(Kind::MapNode(1), &bytes),
            checksum(Kind::Deferred, &bytes),
        ];
        for (i, a) in sums.iter().enumerate() {
            for b in &sums[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }

    #[test]
    fn pointer_round_trip_and_malformed_null() {
        let mut bytes = [0u8; PTR_SIZE];
        let ptr = Ptr {
            block: 42,
            sum: 0xdead_beef,
        };
        ptr.encode(&mut bytes);
        assert_eq!(Ptr::decode(&bytes), Some(ptr));
        Ptr { block: 0, sum: 1 }.encode(&mut bytes);
        assert_eq!(Ptr::decode(&bytes), None);
        Ptr::NULL.encode(&mut bytes);
        assert_eq!(Ptr::decode(&bytes), Some(Ptr::NULL));
    }
}
