//! The store: one durable generation of pages, read from and committed to a device.
//!
//! Opening (recovery) is in `recovery.rs`, committing in `commit.rs`; this file holds
//! the type, formatting and reading.

use alloc::boxed::Box;
use alloc::vec::Vec;

use crate::block::{checksum, Block, Kind, BLOCK_SIZE};
use crate::deferred::Deferred;
use crate::device::BlockDevice;
use crate::error::Error;
use crate::pagemap::{PageMap, Pages};
use crate::recovery::RecoveryReport;
use crate::root::{Root, ROOT_SLOTS};
use crate::space::SpaceMap;

/// A generation number: 0 for a fresh store, one more for each commit.
pub type Generation = u64;

/// Smallest device the store accepts: the root ring plus room for a few commits.
pub const MIN_BLOCKS: u64 = 2 * ROOT_SLOTS;

/// One change of a commit.
#[derive(Clone, Debug)]
pub enum Change<'a> {
    /// Page `pno` now holds these bytes (it is created if it was absent).
    Write(u64, &'a Block),
    /// The same, with the bytes handed over: a commit streams its changes, so
    /// a caller can produce page copies one by one without keeping them all.
    Owned(u64, Box<Block>),
    /// Page `pno` is gone (nothing happens if it was absent).
    Remove(u64),
}

/// A page's place on the device (see [`Store::page_refs`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageRef {
    pub block: u64,
    sum: u64,
}

impl PageRef {
    /// Whether `data`, read from [`PageRef::block`], is page `pno` as committed.
    pub fn check(&self, pno: u64, data: &Block) -> bool {
        checksum(Kind::Page(pno), &data[..]) == self.sum
    }
}

/// Counters for `phantom stat` and benchmarks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub generation: Generation,
    pub pages: u64,
    pub blocks_total: u64,
    /// Blocks the durable generation and the one before it hold, plus root slots.
    pub blocks_used: u64,
    pub blocks_free: u64,
    /// Free blocks that only commits without page writes may use (see
    /// [`Store::commit`]).
    pub blocks_reserved: u64,
    /// Blocks the last successful commit wrote, its root included.
    pub last_commit_blocks: u64,
    pub last_commit_bytes: u64,
}

/// What the store knows about one generation. Cloning it is cheap: the page map is
/// shared copy-on-write.
#[derive(Clone, Default)]
pub(crate) struct State {
    pub generation: Generation,
    pub map: PageMap,
    pub deferred: Deferred,
}

/// A snapshot store on a [`BlockDevice`]. See the crate documentation.
pub struct Store<D: BlockDevice> {
    pub(crate) dev: D,
    /// The last durable generation.
    pub(crate) state: State,
    /// Blocks `state` and the generation before it use.
    pub(crate) space: SpaceMap,
    /// Root slots holding generations newer than `state` that recovery rejected; the
    /// next commit zeroes them, so a rejected generation can never come back.
    pub(crate) stale_slots: Vec<u64>,
    pub(crate) poisoned: bool,
    pub(crate) last_commit_blocks: u64,
}

impl<D: BlockDevice> Store<D> {
    /// Makes an empty store (generation 0) on `dev`, losing whatever it held.
    pub fn format(mut dev: D) -> Result<Store<D>, Error> {
        let blocks = dev.block_count();
        if blocks < MIN_BLOCKS {
            return Err(Error::Unsupported("device too small for a snapshot store"));
        }
        // Clear the whole ring first, so no root of an earlier store survives next
        // to the new one.
        let mut buf = Box::new([0u8; BLOCK_SIZE]);
        for slot in 0..ROOT_SLOTS {
            dev.write(slot, &buf)?;
        }
        dev.flush()?;
        let mut store = Store {
            dev,
            state: State::default(),
            space: SpaceMap::new(blocks),
            stale_slots: Vec::new(),
            poisoned: false,
            last_commit_blocks: 0,
        };
        store.root().encode(&mut buf);
        store.dev.write(Root::slot(0), &buf)?;
        store.dev.flush()?;
        Ok(store)
    }

    /// The generation the store holds: the last durable one.
    pub fn generation(&self) -> Generation {
        self.state.generation
    }

    /// Reads page `pno` into `buf`; `Ok(false)` (and `buf` untouched) if there is no
    /// such page. A page whose contents fail their checksum is an error.
    pub fn read_page(&mut self, pno: u64, buf: &mut Block) -> Result<bool, Error> {
        let Some(ptr) = self.state.map.get(pno) else {
            return Ok(false);
        };
        let mut data = Box::new([0u8; BLOCK_SIZE]);
        self.dev.read(ptr.block, &mut data)?;
        if checksum(Kind::Page(pno), &data[..]) != ptr.sum {
            return Err(Error::corrupt(ptr.block, "page checksum mismatch"));
        }
        buf.copy_from_slice(&data[..]);
        Ok(true)
    }

    /// The block holding page `pno` in the current generation (for tools and
    /// tests that damage a store on purpose).
    pub fn page_block(&self, pno: u64) -> Option<u64> {
        self.state.map.get(pno).map(|ptr| ptr.block)
    }

    /// Where every page of the current generation is, for reading pages
    /// later without the store (lazy loading at restart). A block stays
    /// valid as long as no commit has replaced its page.
    pub fn page_refs(&self) -> Vec<(u64, PageRef)> {
        self.state
            .map
            .iter()
            .filter_map(|pno| self.state.map.get(pno).map(|ptr| (pno, PageRef { block: ptr.block, sum: ptr.sum })))
            .collect()
    }

    /// Declares the current generation damaged (one of its pages failed its
    /// checksum when it was read) before any commit was made on top of it:
    /// its root slot is cleared, and the store opens again at the
    /// generation before, which is intact (its blocks are kept until a
    /// commit after the current one).
    pub fn reject_current(mut self) -> Result<(Store<D>, RecoveryReport), Error> {
        let zeros = Box::new([0u8; BLOCK_SIZE]);
        let slot = Root::slot(self.state.generation);
        self.dev.write(slot, &zeros)?;
        self.dev.flush()?;
        Store::open(self.dev)
    }

    /// Whether page `pno` exists, without reading it.
    pub fn contains(&self, pno: u64) -> bool {
        self.state.map.get(pno).is_some()
    }

    /// The page numbers present, in increasing order.
    pub fn pages(&self) -> Pages<'_> {
        self.state.map.iter()
    }

    pub fn stats(&self) -> Stats {
        Stats {
            generation: self.state.generation,
            pages: self.state.map.len(),
            blocks_total: self.space.blocks(),
            blocks_used: self.space.used(),
            blocks_free: self.space.free(),
            blocks_reserved: self.reserve(),
            last_commit_blocks: self.last_commit_blocks,
            last_commit_bytes: self.last_commit_blocks * BLOCK_SIZE as u64,
        }
    }

    pub fn device(&self) -> &D {
        &self.dev
    }

    /// Gives the device back (the store is durable as of its last commit).
    pub fn into_device(self) -> D {
        self.dev
    }

    /// Free blocks a commit that writes pages must leave untouched, so that a commit
    /// that only removes pages can always be written: about 1% of the disk.
    pub(crate) fn reserve(&self) -> u64 {
        ROOT_SLOTS + self.space.blocks() / 128
    }

    /// The root describing `state` as it is now.
    pub(crate) fn root(&self) -> Root {
        Root {
            generation: self.state.generation,
            device_blocks: self.space.blocks(),
            map: self.state.map.root_ptr(),
            map_height: self.state.map.height(),
            pages: self.state.map.len(),
            deferred: self.state.deferred.head,
            deferred_count: self.state.deferred.entries.len() as u64,
            cursor: self.space.cursor(),
        }
    }
}
