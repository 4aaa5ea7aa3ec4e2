//! The deferred-free list: blocks a generation stopped using but must not yet reuse.
//!
//! Generation `g`'s list holds the blocks generation `g-1` referenced and `g` does
//! not (old page versions, removed pages, replaced map nodes, `g-1`'s own list). They
//! stay untouched while `g` is the newest durable generation, because recovery may
//! still fall back to `g-1`; commit `g+1` marks them free once it is durable, so
//! commit `g+2` is the first to overwrite them.
//!
//! On disk the list is a chain of blocks, written tail first so that each block can
//! carry its successor's pointer and checksum:
//!
//! | bytes | field |
//! |---|---|
//! | 0..16 | next block (`Ptr`, null in the last block) |
//! | 16..20 | number of entries in this block |
//! | 24.. | entries, `u64` block numbers, up to 509 |

use alloc::boxed::Box;
use alloc::vec::Vec;

use crate::block::{
    checksum, get_u32, get_u64, put_u32, put_u64, Block, Kind, Ptr, BLOCK_SIZE, PTR_SIZE,
};
use crate::device::BlockDevice;
use crate::error::Error;
use crate::space::SpaceMap;

const HEADER: usize = 24;
const PER_BLOCK: usize = (BLOCK_SIZE - HEADER) / 8;

/// One generation's deferred-free list and where it is stored.
#[derive(Clone, Debug, Default)]
pub(crate) struct Deferred {
    /// The blocks to free when the next generation is durable.
    pub entries: Vec<u64>,
    /// The blocks the list itself occupies (referenced by this generation).
    pub chain: Vec<u64>,
    pub head: Ptr,
}

impl Deferred {
    /// Writes `entries` as a new chain through `put` (which allocates and writes).
    pub fn write(
        entries: Vec<u64>,
        put: &mut dyn FnMut(Kind, &Block) -> Result<Ptr, Error>,
    ) -> Result<Deferred, Error> {
        let mut chain = Vec::new();
        let mut next = Ptr::NULL;
        let mut buf = Box::new([0u8; BLOCK_SIZE]);
        for chunk in entries.chunks(PER_BLOCK).rev() {
            buf.fill(0);
            next.encode(&mut buf[..PTR_SIZE]);
            put_u32(&mut buf[..], 16, chunk.len() as u32);
            for (i, &block) in chunk.iter().enumerate() {
                put_u64(&mut buf[..], HEADER + 8 * i, block);
            }
            next = put(Kind::Deferred, &buf)?;
            chain.push(next.block);
        }
        chain.reverse();
        Ok(Deferred {
            entries,
            chain,
            head: next,
        })
    }

    /// Reads and verifies a list of `count` entries at `head`, claiming its blocks
    /// and its entries in `space`. Run it after the page map is loaded: an entry must
    /// not be a block the generation still references.
    pub fn load<D: BlockDevice>(
        dev: &mut D,
        head: Ptr,
        count: u64,
        space: &mut SpaceMap,
    ) -> Result<Deferred, Error> {
        if head.is_null() != (count == 0) || count > space.blocks() {
            return Err(Error::corrupt(head.block, "root: deferred-free list shape"));
        }
        let mut list = Deferred {
            entries: Vec::new(),
            chain: Vec::new(),
            head,
        };
        let mut buf = Box::new([0u8; BLOCK_SIZE]);
        let mut at = head;
        let mut remaining = count;
        // Each block holds exactly `min(remaining, PER_BLOCK)` entries, so the walk
        // ends after count / PER_BLOCK blocks whatever the disk says.
        while remaining > 0 {
            space.claim(at.block, "deferred-free pointer out of range")?;
            dev.read(at.block, &mut buf)?;
            if checksum(Kind::Deferred, &buf[..]) != at.sum {
                return Err(Error::corrupt(
                    at.block,
                    "deferred-free block checksum mismatch",
                ));
            }
            let here = remaining.min(PER_BLOCK as u64);
            if u64::from(get_u32(&buf[..], 16)) != here {
                return Err(Error::corrupt(
                    at.block,
                    "deferred-free block: wrong entry count",
                ));
            }
            for i in 0..here as usize {
                let block = get_u64(&buf[..], HEADER + 8 * i);
                space.claim(block, "deferred-free entry out of range")?;
                list.entries.push(block);
            }
            list.chain.push(at.block);
            remaining -= here;
            let next = Ptr::decode(&buf[..PTR_SIZE])
                .ok_or(Error::corrupt(at.block, "deferred-free: malformed pointer"))?;
            if next.is_null() != (remaining == 0) {
                return Err(Error::corrupt(
                    at.block,
                    "deferred-free: chain length disagrees with the root",
                ));
            }
            at = next;
        }
        Ok(list)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::MemDisk;

    #[test]
    fn round_trip_over_several_blocks() {
        let mut disk = MemDisk::new(3000);
        let entries: Vec<u64> = (2000..2990).collect();
        let mut next_block = 100;
        let list = Deferred::write(entries.clone(), &mut |kind, buf| {
            next_block += 1;
            disk.write(next_block, buf)?;
            Ok(Ptr {
                block: next_block,
                sum: checksum(kind, buf),
            })
        })
        .unwrap();
        assert_eq!(list.chain.len(), 2);
        let mut space = SpaceMap::new(3000);
        let back = Deferred::load(&mut disk, list.head, entries.len() as u64, &mut space).unwrap();
        assert_eq!(back.entries, entries);
        assert_eq!(back.chain, list.chain);
        assert!(space.is_used(2000) && space.is_used(list.chain[0]));

        // A count that disagrees with the chain is corruption, in both directions.
        let mut space = SpaceMap::new(3000);
        assert!(
            Deferred::load(&mut disk, list.head, entries.len() as u64 - 1, &mut space).is_err()
        );
        let mut space = SpaceMap::new(3000);
        assert!(
            Deferred::load(&mut disk, list.head, entries.len() as u64 + 1, &mut space).is_err()
        );
    }
}
