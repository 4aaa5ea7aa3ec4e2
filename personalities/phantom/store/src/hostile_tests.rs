//! Hostile disks: roots, map nodes and deferred-free lists whose checksums are right
//! but whose contents are crafted. Recovery must accept every well-formed store,
//! however its blocks are laid out, and turn everything else into an error: never a
//! panic, a loop, or an opened store that misbehaves later.

use alloc::format;
use alloc::vec::Vec;

use crate::block::{checksum, Block, Kind, Ptr, BLOCK_SIZE, PTR_SIZE};
use crate::device::{BlockDevice, MemDisk};
use crate::error::Error;
use crate::root::{Root, ROOT_SLOTS};
use crate::store::{Change, Store};

const BLOCKS: u64 = 1024;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut x = self.0;
        x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        x ^ (x >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn percent(&mut self, p: u64) -> bool {
        self.below(100) < p
    }
}

/// A hand-built store: blocks are placed at random, pages hold random bytes.
struct Forger {
    rng: Rng,
    disk: MemDisk,
    /// Blocks not used yet.
    free: Vec<u64>,
    /// Pages the tree holds, with their contents' first word.
    pages: Vec<(u64, u64)>,
    /// Every block the tree references.
    used: Vec<u64>,
    /// Whether to slip in one malformed pointer somewhere.
    hostile: bool,
}

impl Forger {
    fn new(seed: u64, hostile: bool) -> Forger {
        let mut rng = Rng(seed);
        let mut free: Vec<u64> = (ROOT_SLOTS..BLOCKS).collect();
        for i in (1..free.len()).rev() {
            free.swap(i, rng.below(i as u64 + 1) as usize);
        }
        Forger {
            rng,
            disk: MemDisk::new(BLOCKS),
            free,
            pages: Vec::new(),
            used: Vec::new(),
            hostile,
        }
    }

    fn take(&mut self) -> u64 {
        let block = self.free.pop().expect("forger ran out of blocks");
        self.used.push(block);
        block
    }

    fn put(&mut self, kind: Kind, data: &Block) -> Ptr {
        let block = self.take();
        self.disk.write(block, data).unwrap();
        Ptr {
            block,
            sum: checksum(kind, data),
        }
    }

    /// A pointer that is wrong in one of the ways a hostile disk can be wrong, each
    /// with a checksum that matches what it points at.
    fn bad_ptr(&mut self, level: u32) -> Ptr {
        let blocks = self.disk.block_count();
        let any = ROOT_SLOTS + self.rng.below(blocks - ROOT_SLOTS);
        let sum_as = |disk: &MemDisk, block: u64, kind: Kind| Ptr {
            block,
            sum: checksum(kind, disk.block(block)),
        };
        match self.rng.below(7) {
            0 => Ptr {
                block: self.rng.next(),
                sum: self.rng.next(),
            },
            1 => Ptr {
                block: blocks + self.rng.below(1000),
                sum: 1,
            },
            2 => sum_as(
                &self.disk,
                self.rng.below(ROOT_SLOTS),
                Kind::MapNode(level as u8),
            ),
            3 if !self.used.is_empty() => {
                // A block the tree already uses, checksummed to pass here.
                let block = self.used[self.rng.below(self.used.len() as u64) as usize];
                sum_as(
                    &self.disk,
                    block,
                    if level == 0 {
                        Kind::Page(0)
                    } else {
                        Kind::MapNode(level as u8 - 1)
                    },
                )
            }
            4 => sum_as(&self.disk, any, Kind::MapNode(self.rng.below(8) as u8)),
            5 => sum_as(&self.disk, any, Kind::Deferred),
            _ => Ptr {
                block: 0,
                sum: self.rng.next() | 1,
            },
        }
    }

    /// Writes a random subtree at `level` under `prefix` and returns its pointer.
    fn tree(&mut self, level: u32, prefix: u64) -> Ptr {
        let mut node = [0u8; BLOCK_SIZE];
        for _ in 0..1 + self.rng.below(if level == 0 { 12 } else { 3 }) {
            let slot = self.rng.below(256) as usize;
            if node[slot * PTR_SIZE..(slot + 1) * PTR_SIZE]
                .iter()
                .any(|&b| b != 0)
            {
                continue;
            }
            let pno = (prefix << 8) | slot as u64;
            let ptr = if level == 0 {
                let mut data = [0u8; BLOCK_SIZE];
                let word = self.rng.next();
                data[..8].copy_from_slice(&word.to_le_bytes());
                self.pages.push((pno, word));
                self.put(Kind::Page(pno), &data)
            } else {
                self.tree(level - 1, pno)
            };
            ptr.encode(&mut node[slot * PTR_SIZE..]);
        }
        if self.hostile && self.rng.percent(25) {
            let slot = self.rng.below(256) as usize;
            self.bad_ptr(level).encode(&mut node[slot * PTR_SIZE..]);
        }
        self.put(Kind::MapNode(level as u8), &node)
    }

    /// A deferred-free list of `count` blocks nobody uses (or, if hostile, maybe not).
    fn deferred(&mut self, count: usize) -> Ptr {
        let mut entries: Vec<u64> = (0..count).map(|_| self.take()).collect();
        if self.hostile && self.rng.percent(30) && !entries.is_empty() {
            let at = self.rng.below(entries.len() as u64) as usize;
            entries[at] = match self.rng.below(3) {
                0 => self.used[self.rng.below(self.used.len() as u64) as usize],
                1 => self.rng.next(),
                _ => self.rng.below(ROOT_SLOTS),
            };
        }
        let mut put = |kind: Kind, data: &Block| Ok(self.put(kind, data));
        crate::deferred::Deferred::write(entries, &mut put)
            .map(|d| d.head)
            .unwrap()
    }

    /// Builds a whole store and writes its root; returns the root.
    fn store(&mut self) -> Root {
        let height = 1 + self.rng.below(4) as u32;
        let map = self.tree(height - 1, 0);
        let deferred_count = self.rng.below(600) as usize;
        let deferred = self.deferred(deferred_count);
        let mut root = Root {
            generation: self.rng.below(1000),
            device_blocks: BLOCKS,
            map,
            map_height: height,
            pages: self.pages.len() as u64,
            deferred,
            deferred_count: deferred_count as u64,
            cursor: ROOT_SLOTS + self.rng.below(BLOCKS - ROOT_SLOTS),
        };
        if self.hostile && self.rng.percent(30) {
            self.spoil_root(&mut root);
        }
        let mut block = [0u8; BLOCK_SIZE];
        root.encode(&mut block);
        self.disk
            .write(Root::slot(root.generation), &block)
            .unwrap();
        root
    }

    fn spoil_root(&mut self, root: &mut Root) {
        let edge = [0, 1, u64::MAX, u64::MAX - 1, BLOCKS, BLOCKS + 1, ROOT_SLOTS];
        let value = if self.rng.percent(50) {
            edge[self.rng.below(edge.len() as u64) as usize]
        } else {
            self.rng.next()
        };
        match self.rng.below(7) {
            0 => root.device_blocks = value,
            1 => root.map_height = value as u32,
            2 => root.pages = root.pages.wrapping_add(value % 3).wrapping_sub(1),
            3 => root.map = self.bad_ptr(root.map_height.saturating_sub(1).min(7)),
            4 => root.deferred_count = value,
            5 => root.deferred = self.bad_ptr(0),
            _ => root.cursor = value,
        }
    }
}

/// Uses an opened store every way there is; nothing may panic.
fn exercise(store: Store<MemDisk>) {
    let mut store = store;
    let pages: Vec<u64> = store.pages().collect();
    let mut buf = [0u8; BLOCK_SIZE];
    for &pno in &pages {
        let _ = store.read_page(pno, &mut buf);
    }
    let page = [5u8; BLOCK_SIZE];
    let mut changes: Vec<Change<'_>> = pages
        .iter()
        .take(3)
        .map(|&pno| Change::Remove(pno))
        .collect();
    changes.push(Change::Write(9, &page));
    if store.commit(changes).is_ok() {
        let _ = store.commit([Change::Write(1 << 30, &page)]);
        if let Ok((mut again, _)) = Store::open(store.into_device()) {
            assert!(again.read_page(9, &mut buf).is_ok());
        }
    }
}

#[test]
fn well_formed_stores_open_whatever_their_layout() {
    for seed in 0..150 {
        let mut forger = Forger::new(seed, false);
        let root = forger.store();
        let (mut store, report) =
            Store::open(forger.disk.clone()).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert_eq!(report.generation, root.generation, "seed {seed}");
        forger.pages.sort();
        let listed: Vec<u64> = store.pages().collect();
        assert_eq!(
            listed,
            forger.pages.iter().map(|p| p.0).collect::<Vec<_>>(),
            "seed {seed}"
        );
        let mut buf = [0u8; BLOCK_SIZE];
        for &(pno, word) in &forger.pages {
            assert_eq!(
                store.read_page(pno, &mut buf),
                Ok(true),
                "seed {seed}: page {pno}"
            );
            assert_eq!(buf[..8], word.to_le_bytes(), "seed {seed}: page {pno}");
        }
        // Used: the slots, every referenced block, every deferred entry.
        assert_eq!(
            store.stats().blocks_used,
            ROOT_SLOTS + forger.used.len() as u64,
            "seed {seed}"
        );

        // The store goes on from a layout it did not write: two commits make the
        // deferred blocks free, and nothing live is overwritten.
        let page = [1u8; BLOCK_SIZE];
        let writes: Vec<Change<'_>> = (0..40)
            .map(|pno| Change::Write(pno * 7 + 100_000, &page))
            .collect();
        store.commit(writes).unwrap();
        store.commit([]).unwrap();
        store.commit([Change::Write(3, &page)]).unwrap();
        let (mut store, _) = Store::open(store.into_device()).unwrap();
        for &(pno, word) in forger.pages.iter().filter(|p| p.0 != 3) {
            assert_eq!(
                store.read_page(pno, &mut buf),
                Ok(true),
                "seed {seed}: page {pno} after commits"
            );
            assert_eq!(buf[..8], word.to_le_bytes());
        }
    }
}

#[test]
fn hostile_stores_are_refused_or_harmless() {
    let (mut refused, mut opened) = (0, 0);
    for seed in 0..1500 {
        let mut forger = Forger::new(seed, true);
        forger.store();
        match Store::open(forger.disk) {
            Ok((store, _)) => {
                opened += 1;
                exercise(store);
            }
            Err(Error::Corrupt(_)) => refused += 1,
            Err(e) => panic!("seed {seed}: {e}"),
        }
    }
    assert!(
        refused > 300 && opened > 100,
        "{refused} refused, {opened} opened"
    );
}

#[test]
fn hostile_roots_over_a_real_store_never_panic() {
    let mut store = Store::format(MemDisk::new(256)).unwrap();
    let page = [3u8; BLOCK_SIZE];
    for round in 0..6u64 {
        let changes: Vec<Change<'_>> = (0..8)
            .map(|i| Change::Write(i * 37 + round, &page))
            .collect();
        store.commit(changes).unwrap();
    }
    let real = store.into_device();
    let mut rng = Rng(11);
    let mut newest = [0u8; BLOCK_SIZE];
    newest.copy_from_slice(real.block(6));
    let crate::root::Slot::Valid(root) = Root::decode(&newest) else {
        panic!("no root")
    };
    for seed in 0..600 {
        let mut forger = Forger {
            rng: Rng(seed),
            disk: real.clone(),
            free: Vec::new(),
            pages: Vec::new(),
            used: (8..20).collect(),
            hostile: true,
        };
        let mut spoiled = root;
        for _ in 0..1 + rng.below(3) {
            forger.spoil_root(&mut spoiled);
        }
        let mut block = [0u8; BLOCK_SIZE];
        spoiled.encode(&mut block);
        forger.disk.write(6, &block).unwrap();
        let context = format!("seed {seed}: {spoiled:?}");
        match Store::open(forger.disk) {
            Ok((store, report)) => {
                assert!(report.generation <= 6, "{context}");
                exercise(store);
            }
            Err(Error::Corrupt(_)) => {}
            Err(e) => panic!("{context}: {e}"),
        }
    }
}
