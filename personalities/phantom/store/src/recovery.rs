//! Recovery: find the newest generation that is whole, and rebuild free space.
//!
//! 1. Read the ring of root slots. A slot whose magic is ours but whose checksum
//!    fails is a torn or damaged root and is skipped; so is a root in a slot that is
//!    not `generation % ROOT_SLOTS`.
//! 2. Try the roots newest first. A generation is taken only if everything it
//!    references verifies: every map node and deferred-free block against the
//!    checksum in its pointer, every structural rule (node levels, counts, no block
//!    referenced twice, nothing out of range). The newest root's page contents are
//!    checked lazily, on read (or now, with [`Verify::Everything`]); a generation
//!    recovery falls back to has its pages checked too, because something is
//!    already wrong with this disk and a commit in flight may have reused blocks of
//!    generations older than the two it protects.
//! 3. While verifying, the blocks the generation references and its deferred-free
//!    list are claimed in a fresh [`SpaceMap`]: that *is* the free-space map.
//!
//! A device error stops recovery with that error rather than falling back: a
//! generation is given up only when the disk proves it damaged.

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::fmt;

use crate::block::BLOCK_SIZE;
use crate::deferred::Deferred;
use crate::device::BlockDevice;
use crate::error::{Corruption, Error};
use crate::pagemap::PageMap;
use crate::root::{Root, Slot, ROOT_SLOTS};
use crate::space::SpaceMap;
use crate::store::{Generation, State, Store, MIN_BLOCKS};

/// How much of a generation [`Store::open_with`] reads before trusting it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verify {
    /// Roots, map nodes and deferred-free lists: a few blocks per 256 pages.
    /// Page contents are checked when they are read.
    Metadata,
    /// Also every page's contents: a full read of the store.
    Everything,
}

/// What recovery found, for the console.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecoveryReport {
    /// The generation the store now holds.
    pub generation: Generation,
    /// Newer generations whose root was intact but which failed verification,
    /// newest first. Empty after an ordinary power cut.
    pub damaged: Vec<DamagedGeneration>,
    /// Root slots with our magic but a bad checksum (a root torn by a power cut
    /// during a commit leaves one; that is not damage to any durable generation).
    pub invalid_slots: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DamagedGeneration {
    pub generation: Generation,
    pub problem: Corruption,
}

impl fmt::Display for RecoveryReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "recovered generation {}", self.generation)?;
        for damaged in &self.damaged {
            write!(
                f,
                "; generation {} was damaged ({})",
                damaged.generation, damaged.problem
            )?;
        }
        Ok(())
    }
}

impl<D: BlockDevice> Store<D> {
    /// Whether `dev` holds a store: a root slot with an intact root. A device
    /// without one holds nothing recovery could find, and can be formatted
    /// without losing anything. (Slots with the store's magic but no intact
    /// root at all come from a power cut during [`Store::format`]: a commit
    /// writes one slot at a time and leaves the others intact.)
    pub fn is_formatted(dev: &mut D) -> Result<bool, Error> {
        let (roots, _invalid) = read_ring(dev)?;
        Ok(!roots.is_empty())
    }

    /// Opens the store on `dev` at its newest intact generation, checking metadata
    /// ([`Verify::Metadata`]).
    pub fn open(dev: D) -> Result<(Store<D>, RecoveryReport), Error> {
        Store::open_with(dev, Verify::Metadata)
    }

    /// Opens the store on `dev`, verifying each candidate generation as `verify` says.
    pub fn open_with(mut dev: D, verify: Verify) -> Result<(Store<D>, RecoveryReport), Error> {
        let (mut roots, invalid_slots) = read_ring(&mut dev)?;
        roots.sort_by_key(|(_, root)| core::cmp::Reverse(root.generation));
        let mut damaged = Vec::new();
        for (tried, (slot, root)) in roots.into_iter().enumerate() {
            let deep = verify == Verify::Everything || tried > 0;
            match load(&mut dev, slot, &root, deep) {
                Ok((state, space)) => {
                    let report = RecoveryReport {
                        generation: state.generation,
                        damaged,
                        invalid_slots,
                    };
                    let stale_slots = report
                        .damaged
                        .iter()
                        .map(|d| Root::slot(d.generation))
                        .collect();
                    let store = Store {
                        dev,
                        state,
                        space,
                        stale_slots,
                        poisoned: false,
                        last_commit_blocks: 0,
                    };
                    return Ok((store, report));
                }
                Err(Error::Corrupt(problem)) => damaged.push(DamagedGeneration {
                    generation: root.generation,
                    problem,
                }),
                Err(other) => return Err(other),
            }
        }
        match damaged.first() {
            Some(first) => Err(Error::Corrupt(first.problem)),
            None if invalid_slots > 0 => {
                Err(Error::corrupt(0, "no root slot holds an intact root"))
            }
            None => Err(Error::NotFormatted),
        }
    }
}

/// The valid roots in the ring with their slots, and the number of invalid slots.
fn read_ring<D: BlockDevice>(dev: &mut D) -> Result<(Vec<(u64, Root)>, u32), Error> {
    let mut roots = Vec::new();
    let mut invalid = 0;
    let mut buf = Box::new([0u8; BLOCK_SIZE]);
    for slot in 0..ROOT_SLOTS.min(dev.block_count()) {
        dev.read(slot, &mut buf)?;
        match Root::decode(&buf) {
            Slot::Empty => {}
            Slot::Valid(root) if Root::slot(root.generation) == slot => roots.push((slot, root)),
            Slot::Valid(_) | Slot::Invalid => invalid += 1,
        }
    }
    Ok((roots, invalid))
}

/// Verifies the generation `root` (found in `slot`) and builds its state and
/// free-space map.
fn load<D: BlockDevice>(
    dev: &mut D,
    slot: u64,
    root: &Root,
    verify_pages: bool,
) -> Result<(State, SpaceMap), Error> {
    let blocks = root.device_blocks;
    if blocks < MIN_BLOCKS || blocks > dev.block_count() {
        return Err(Error::corrupt(
            slot,
            "root: store size does not fit the device",
        ));
    }
    if root.cursor >= blocks {
        return Err(Error::corrupt(slot, "root: allocation cursor out of range"));
    }
    let mut space = SpaceMap::new(blocks);
    let map = PageMap::load(
        dev,
        root.map,
        root.map_height,
        root.pages,
        &mut space,
        verify_pages,
    )?;
    let deferred = Deferred::load(dev, root.deferred, root.deferred_count, &mut space)?;
    space.set_cursor(root.cursor);
    Ok((
        State {
            generation: root.generation,
            map,
            deferred,
        },
        space,
    ))
}
