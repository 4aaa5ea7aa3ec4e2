//! Commit: make a set of page changes durable as the next generation, atomically.
//!
//! 1. Each written page goes to a free block (next-fit, so a commit streams).
//! 2. The changed paths of the page map are copied and written, children first.
//! 3. The blocks this generation stops using (old page versions, removed pages,
//!    replaced nodes, the previous deferred-free list) become its deferred-free
//!    list, written as a new chain.
//! 4. Flush. Nothing written so far is referenced by a durable root.
//! 5. The new root goes to slot `generation % 8`, overwriting the oldest root.
//! 6. Flush. The generation is durable; the previous generation's deferred-free
//!    blocks become free.
//!
//! No block that the last two durable generations reference is written, so a
//! power cut anywhere leaves the previous generation (and the one before it) whole.
//! If anything fails before step 5, the in-memory state is rolled back and the
//! store stays at the previous generation; a failure in steps 5-6 poisons it.

use alloc::boxed::Box;
use alloc::vec::Vec;

use crate::block::{checksum, Block, Kind, Ptr, BLOCK_SIZE};
use crate::deferred::Deferred;
use crate::device::BlockDevice;
use crate::error::Error;
use crate::root::Root;
use crate::space::SpaceMap;
use crate::store::{Change, Generation, State, Store};

/// Allocates blocks for one commit and writes them, remembering what it took.
struct Writer<'a, D> {
    dev: &'a mut D,
    space: &'a mut SpaceMap,
    /// Free blocks allocation must leave alone.
    keep_free: u64,
    allocated: Vec<u64>,
    written: u64,
}

impl<D: BlockDevice> Writer<'_, D> {
    fn put(&mut self, kind: Kind, data: &Block) -> Result<Ptr, Error> {
        let block = self.space.allocate(self.keep_free).ok_or(Error::NoSpace)?;
        self.allocated.push(block);
        self.dev.write(block, data)?;
        self.written += 1;
        Ok(Ptr {
            block,
            sum: checksum(kind, data),
        })
    }
}

impl<D: BlockDevice> Store<D> {
    /// Makes `changes` durable as generation `generation() + 1` and returns it once
    /// it is durable (after the second flush). Later changes to the same page win.
    ///
    /// A commit that writes pages fails with [`Error::NoSpace`] rather than use the
    /// last [`Stats::blocks_reserved`](crate::Stats) free blocks; a commit that only
    /// removes pages may use them, so a full store can always shrink. Blocks freed by
    /// generation `g` are reused from generation `g + 2` on. On any error before the
    /// root is written (`NoSpace`, a device error) the store is unchanged, still at
    /// the previous generation.
    pub fn commit<'a>(
        &mut self,
        changes: impl IntoIterator<Item = Change<'a>>,
    ) -> Result<Generation, Error> {
        self.commit_recycling(changes, &mut drop)
    }

    /// [`Store::commit`], handing each [`Change::Owned`] buffer to `recycle`
    /// once its page is written (a caller can reuse it for the next copy
    /// instead of allocating one).
    pub fn commit_recycling<'a>(
        &mut self,
        changes: impl IntoIterator<Item = Change<'a>>,
        recycle: &mut dyn FnMut(Box<Block>),
    ) -> Result<Generation, Error> {
        if self.poisoned {
            return Err(Error::Poisoned);
        }
        let generation = self
            .state
            .generation
            .checked_add(1)
            .ok_or(Error::Unsupported("generation overflow"))?;
        let cursor = self.space.cursor();
        let reserve = self.reserve();
        let mut writer = Writer {
            dev: &mut self.dev,
            space: &mut self.space,
            keep_free: 0,
            allocated: Vec::new(),
            written: 0,
        };
        let result = build(
            &self.state,
            &self.stale_slots,
            generation,
            changes,
            reserve,
            &mut writer,
            recycle,
        );
        let (allocated, written) = (writer.allocated, writer.written);
        let next = match result {
            Ok(next) => next,
            Err(e) => {
                // Nothing durable refers to the blocks this commit took: hand them back.
                for block in allocated {
                    self.space.release(block);
                }
                self.space.set_cursor(cursor);
                return Err(e);
            }
        };
        let mut root = Box::new([0u8; BLOCK_SIZE]);
        let previous = core::mem::replace(&mut self.state, next);
        self.root().encode(&mut root);
        let durable = self
            .dev
            .write(Root::slot(generation), &root)
            .and_then(|()| self.dev.flush());
        if let Err(e) = durable {
            // The root may or may not have reached the disk: this store can no longer
            // tell which generation a reboot would find.
            self.state = previous;
            self.poisoned = true;
            return Err(e.into());
        }
        for &block in &previous.deferred.entries {
            self.space.release(block);
        }
        self.stale_slots.clear();
        self.last_commit_blocks = written + 1;
        Ok(generation)
    }
}

/// Steps 1-4: writes everything of the new generation but its root.
fn build<'a, D: BlockDevice>(
    committed: &State,
    stale_slots: &[u64],
    generation: Generation,
    changes: impl IntoIterator<Item = Change<'a>>,
    reserve: u64,
    writer: &mut Writer<'_, D>,
    recycle: &mut dyn FnMut(Box<Block>),
) -> Result<State, Error> {
    let mut next = committed.clone();
    next.generation = generation;
    let mut freed = Vec::new();
    for change in changes {
        let (pno, old) = match change {
            Change::Write(pno, data) => {
                writer.keep_free = reserve;
                let ptr = writer.put(Kind::Page(pno), data)?;
                (pno, next.map.insert(pno, ptr, &mut freed))
            }
            Change::Owned(pno, data) => {
                writer.keep_free = reserve;
                let ptr = writer.put(Kind::Page(pno), &data)?;
                recycle(data);
                (pno, next.map.insert(pno, ptr, &mut freed))
            }
            Change::Remove(pno) => (pno, next.map.remove(pno, &mut freed)),
        };
        match old {
            // The durable generation's block: keep it until the next one is durable.
            Some(old) if committed.map.get(pno) == Some(old) => freed.push(old.block),
            // A block this commit wrote and now overwrote: no root ever saw it.
            Some(old) => writer.space.release(old.block),
            None => {}
        }
    }
    next.map.write(&mut |kind, data| writer.put(kind, data))?;
    freed.extend_from_slice(&committed.deferred.chain);
    next.deferred = Deferred::write(freed, &mut |kind, data| writer.put(kind, data))?;
    let zeros = Box::new([0u8; BLOCK_SIZE]);
    for &slot in stale_slots {
        writer.dev.write(slot, &zeros)?;
    }
    writer.dev.flush()?;
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::MemDisk;
    use crate::error::DeviceError;
    use crate::root::ROOT_SLOTS;
    use alloc::collections::BTreeSet;

    /// A disk that remembers which blocks were written.
    struct Spy {
        disk: MemDisk,
        written: Vec<u64>,
    }

    impl BlockDevice for Spy {
        fn block_count(&self) -> u64 {
            self.disk.block_count()
        }
        fn read(&mut self, block: u64, buf: &mut Block) -> Result<(), DeviceError> {
            self.disk.read(block, buf)
        }
        fn write(&mut self, block: u64, buf: &Block) -> Result<(), DeviceError> {
            self.written.push(block);
            self.disk.write(block, buf)
        }
        fn flush(&mut self) -> Result<(), DeviceError> {
            Ok(())
        }
    }

    fn referenced<D: BlockDevice>(store: &Store<D>) -> BTreeSet<u64> {
        let mut blocks: BTreeSet<u64> = store.state.map.blocks().into_iter().collect();
        blocks.extend(&store.state.deferred.chain);
        blocks
    }

    /// The invariant recovery's fallback rests on: commit `g + 1` writes no block of
    /// generation `g` or `g - 1`, whether it succeeds or runs out of space. A small
    /// disk makes the allocator wrap around and reuse blocks all the time.
    #[test]
    fn a_commit_never_writes_blocks_of_the_two_newest_generations() {
        let mut store = Store::format(Spy {
            disk: MemDisk::new(60),
            written: Vec::new(),
        })
        .unwrap();
        let (mut previous, mut current) = (BTreeSet::new(), BTreeSet::new());
        let mut x = 12345u64;
        let mut random = move |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        let page = [9u8; BLOCK_SIZE];
        let (mut committed, mut full) = (0, 0);
        for round in 0..2000 {
            let changes: Vec<Change<'_>> = (0..random(12))
                .map(|_| {
                    if random(4) == 0 {
                        Change::Remove(random(40))
                    } else {
                        Change::Write(random(40), &page)
                    }
                })
                .collect();
            store.dev.written.clear();
            let result = store.commit(changes);
            for block in store.dev.written.iter().filter(|&&b| b >= ROOT_SLOTS) {
                assert!(
                    !current.contains(block) && !previous.contains(block),
                    "round {round}: block {block}"
                );
            }
            match result {
                Ok(_) => {
                    committed += 1;
                    previous = core::mem::replace(&mut current, referenced(&store));
                }
                Err(Error::NoSpace) => full += 1,
                Err(e) => panic!("{e}"),
            }
            // Everything either generation references is marked in use.
            assert!(
                current
                    .iter()
                    .chain(&previous)
                    .all(|&b| store.space.is_used(b)),
                "round {round}"
            );
        }
        assert!(
            committed > 1000 && full > 10,
            "{committed} commits, {full} full"
        );
    }
}
