//! The snapshot engine: the world's heap, made durable in a [`Store`].
//!
//! A snapshot is three steps:
//!
//! 1. **Freeze** ([`World::freeze`]): with every thread between two
//!    instructions, write the threads' frames into their records and start a
//!    new write-barrier epoch. The pause is O(threads' stack depth), never
//!    O(heap): no page is copied or protected here.
//! 2. **Hand over** ([`Heap::pump`](crate::heap::Heap::pump)): the pages
//!    dirtied before the freeze go to the store in batches while programs
//!    run; a page written meanwhile is copied aside by the barrier first.
//! 3. **Commit** ([`Store::commit`]): the store writes the pages and the
//!    metadata, flushes, writes a checksummed root, flushes again. Then the
//!    world learns the snapshot is durable ([`World::snapshot_durable`]).
//!
//! If the commit fails (a full disk, an I/O error) the frozen pages become
//! dirty again ([`Heap::thaw`](crate::heap::Heap::thaw)), the programs keep
//! running, and the next snapshot tries again with everything since the last
//! durable one.
//!
//! [`Engine`] does all three in one call, for the host and for tests; the
//! kernel does step 2 in small batches between slices and step 3 on a
//! writer thread, with the same pieces.
//!
//! Restart ([`boot`], for the host and tests): the store recovers its
//! newest generation that verifies (falling back to the one before when a
//! block is damaged), the heap image is read back whole, and
//! [`World::restore`] reloads the code and the threads. The kernel does the
//! same lazily: it maps the heap's pages from the disk as they are touched
//! (`kernel/src/native_heap.rs`), so a restart costs what the world touches
//! to resume, not the size of the heap.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use phantom_store::{Block, BlockDevice, Change, Error as StoreError, RecoveryReport, Store, Verify};

use crate::heap::{Heap, Memory, PAGE_WORDS};
use crate::world::{Host, World};

/// Snapshot statistics, for `phantom stat` and the benchmarks.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    pub snapshots: u64,
    pub failed: u64,
    pub pages_written: u64,
    pub last_pause_ns: u64,
    pub max_pause_ns: u64,
    /// The last pauses (most recent last), for percentiles.
    pub pauses: Vec<u64>,
    pub last_error: Option<String>,
}

impl Stats {
    pub fn record_pause(&mut self, ns: u64) {
        self.last_pause_ns = ns;
        self.max_pause_ns = self.max_pause_ns.max(ns);
        if self.pauses.len() == 1024 {
            self.pauses.remove(0);
        }
        self.pauses.push(ns);
    }
}

/// How a world came up.
#[derive(Debug)]
pub enum Boot {
    /// The device held no store: it was formatted and a new world created.
    Fresh,
    /// The world was restored from the store.
    Restored(RecoveryReport),
}

/// A store and the pages of the heap it holds.
pub struct Engine<D: BlockDevice> {
    pub store: Store<D>,
    pub stats: Stats,
    /// Pages `0..stored_pages` may exist in the store.
    stored_pages: u64,
}

/// Brings up the world on `dev` in `mem` (zeroed, the heap's fixed size):
/// restores it from the store if the device holds one, else formats the
/// device and creates a new world. Errors name what went wrong; a device
/// that holds a damaged store is never formatted.
pub fn boot<M: Memory, D: BlockDevice>(
    mut dev: D,
    mem: M,
    host: &mut dyn Host,
) -> Result<(World<M>, Engine<D>, Boot), String> {
    let formatted = Store::is_formatted(&mut dev).map_err(|e| format!("reading the store: {e}"))?;
    if !formatted {
        let store = Store::format(dev).map_err(|e| format!("formatting the store: {e}"))?;
        let world = World::create(mem, host).map_err(|e| format!("creating the world: {e}"))?;
        let engine = Engine {
            store,
            stats: Stats::default(),
            stored_pages: 0,
        };
        return Ok((world, engine, Boot::Fresh));
    }
    // Every page is read now, so verify them all: a damaged page makes the
    // store fall back to the generation before.
    let (mut store, report) =
        Store::open_with(dev, Verify::Everything).map_err(|e| format!("opening the store: {e}"))?;
    if store.pages().next().is_none() {
        // Formatted, but the power failed before the first snapshot.
        let world = World::create(mem, host).map_err(|e| format!("creating the world: {e}"))?;
        let engine = Engine {
            store,
            stats: Stats::default(),
            stored_pages: 0,
        };
        return Ok((world, engine, Boot::Fresh));
    }
    let mut heap = Heap::attach(mem);
    let capacity_pages = heap.capacity().div_ceil(PAGE_WORDS) as u64;
    let pages: Vec<u64> = store.pages().collect();
    let mut buf: Box<Block> = Box::new([0u8; 4096]);
    let mut top = 0;
    for p in pages {
        if p >= capacity_pages {
            return Err(format!(
                "the store holds page {p}, beyond this heap's {capacity_pages} pages: give the VM more memory"
            ));
        }
        store
            .read_page(p, &mut buf)
            .map_err(|e| format!("reading page {p}: {e}"))?;
        heap.load_page(p as usize, &buf);
        top = top.max(p + 1);
    }
    let world = World::restore(heap, host).map_err(|e| format!("restoring the world: {e}"))?;
    let engine = Engine {
        store,
        stats: Stats::default(),
        stored_pages: top,
    };
    Ok((world, engine, Boot::Restored(report)))
}

impl<D: BlockDevice> Engine<D> {
    /// Takes a snapshot and waits until it is durable. Returns the
    /// generation, or the reason it failed (the world runs on either way).
    pub fn snapshot<M: Memory>(&mut self, world: &mut World<M>, host: &mut dyn Host) -> Result<u64, String> {
        let t0 = host.now_ns();
        if !world.freeze() {
            return Err("a snapshot is already being written".into());
        }
        self.stats.record_pause(host.now_ns().saturating_sub(t0));
        let mut pages = Vec::new();
        while !world.heap.pump(usize::MAX, &mut |p, b| pages.push((p, b))) {}
        self.commit(world, pages)
    }

    /// Commits pages handed over by [`Heap::pump`](crate::heap::Heap::pump)
    /// after a freeze, and ends the snapshot.
    pub fn commit<M: Memory>(&mut self, world: &mut World<M>, pages: Vec<(u64, Box<Block>)>) -> Result<u64, String> {
        let n = pages.len() as u64;
        // Pages past the heap's end hold only garbage: drop them from the store.
        let live_pages = world.heap.bump().div_ceil(PAGE_WORDS) as u64;
        let removed = live_pages..self.stored_pages.max(live_pages);
        let changes = pages
            .into_iter()
            .map(|(p, b)| Change::Owned(p, b))
            .chain(removed.map(Change::Remove));
        match self.store.commit(changes) {
            Ok(generation) => {
                self.stored_pages = live_pages;
                self.stats.snapshots += 1;
                self.stats.pages_written += n;
                self.stats.last_error = None;
                world.heap.committed();
                world.snapshot_durable();
                Ok(generation)
            }
            Err(e) => {
                world.heap.thaw();
                self.stats.failed += 1;
                let msg = match e {
                    StoreError::NoSpace => String::from(
                        "snapshot store full: snapshots stop until space is freed, programs keep running",
                    ),
                    e => format!("snapshot failed: {e}"),
                };
                self.stats.last_error = Some(msg.clone());
                Err(msg)
            }
        }
    }
}

/// A host for tests and the hosted VM: a settable clock, output collected per channel.
#[derive(Default)]
pub struct TestHost {
    pub clock: u64,
    pub out: Vec<(u32, Vec<u8>)>,
}

impl TestHost {
    pub fn output(&self, channel: u32) -> String {
        let mut s = Vec::new();
        for (c, b) in &self.out {
            if *c == channel {
                s.extend_from_slice(b);
            }
        }
        String::from_utf8_lossy(&s).into_owned()
    }
}

impl Host for TestHost {
    fn now_ns(&mut self) -> u64 {
        // Time moves on a little at every look, so sleeps end in tests.
        self.clock += 1000;
        self.clock
    }
    fn print(&mut self, channel: u32, bytes: &[u8]) {
        self.out.push((channel, bytes.to_vec()));
    }
}

/// A zeroed heap memory of `pages` pages (host).
pub fn memory(pages: usize) -> Vec<u64> {
    vec![0u64; pages * PAGE_WORDS]
}
