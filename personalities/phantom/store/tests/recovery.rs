//! Recovery from damaged disks: fallback to the previous generation when the newest
//! one is damaged, and errors (never panics) for garbage.

mod common;

use std::collections::BTreeMap;

use common::{apply, assert_holds, commit, page, random_ops, Model, Op, Rng};
use phantom_store::{BlockDevice, Error, MemDisk, Store, Verify, BLOCK_SIZE, ROOT_SLOTS};

/// A store with generations 1..=`generations` of random changes, the model of each
/// generation, and the blocks the last commit wrote: (root slot, page blocks,
/// metadata blocks).
struct History {
    disk: MemDisk,
    models: BTreeMap<u64, Model>,
    last_pages: Vec<(u64, u64)>,
    last_metadata: Vec<u64>,
}

fn history(seed: u64, generations: u64) -> History {
    let mut rng = Rng::new(seed);
    let mut store = Store::format(MemDisk::new(1024)).unwrap();
    let mut model = Model::new();
    let mut models = BTreeMap::from([(0, Model::new())]);
    let mut version = 0;
    let mut before = store.device().clone();
    let mut last_ops = Vec::new();
    for generation in 1..=generations {
        before = store.device().clone();
        let n = 1 + rng.below(20) as usize;
        last_ops = random_ops(&mut rng, n, &model, &mut version, 400);
        assert_eq!(commit(&mut store, &last_ops), Ok(generation));
        apply(&mut model, &last_ops);
        models.insert(generation, model.clone());
    }
    let disk = store.into_device();
    let mut last_pages = Vec::new();
    let mut last_metadata = Vec::new();
    for block in ROOT_SLOTS..disk.block_count() {
        if disk.block(block) == before.block(block) {
            continue;
        }
        let written = last_ops.iter().find_map(|op| match *op {
            Op::Write(pno, version) if disk.block(block) == &page(pno, version)[..] => Some(pno),
            _ => None,
        });
        match written {
            Some(pno) => last_pages.push((block, pno)),
            None => last_metadata.push(block),
        }
    }
    History {
        disk,
        models,
        last_pages,
        last_metadata,
    }
}

fn flip(disk: &mut MemDisk, block: u64, at: usize) {
    disk.block_mut(block)[at % BLOCK_SIZE] ^= 0x40;
}

#[test]
fn a_damaged_newest_root_falls_back_to_the_previous_generation() {
    let History {
        mut disk, models, ..
    } = history(1, 5);
    flip(&mut disk, 5 % ROOT_SLOTS, 100);
    let (mut store, report) = Store::open(disk).unwrap();
    assert_eq!(report.generation, 4);
    assert_eq!(report.invalid_slots, 1);
    assert!(report.damaged.is_empty());
    assert_holds(&mut store, &models[&4], "fallen back");
    // Life goes on: the next commit is generation 5 again, in the same slot.
    assert_eq!(commit(&mut store, &[Op::Write(77, 1_000)]), Ok(5));
    let (mut store, report) = Store::open(store.into_device()).unwrap();
    assert_eq!((report.generation, report.invalid_slots), (5, 0));
    let mut model = models[&4].clone();
    model.insert(77, 1_000);
    assert_holds(&mut store, &model, "after the next commit");
}

#[test]
fn every_damaged_metadata_block_of_the_newest_generation_is_caught() {
    for seed in 0..6 {
        let history = history(seed, 8);
        assert!(!history.last_metadata.is_empty());
        for &block in &history.last_metadata {
            for at in [0, 1234, 4095] {
                let mut disk = history.disk.clone();
                flip(&mut disk, block, at);
                let (mut store, report) = Store::open(disk).unwrap();
                let context = format!("seed {seed}, block {block}, byte {at}");
                assert_eq!(report.generation, 7, "{context}");
                assert_eq!(report.damaged.len(), 1, "{context}");
                assert_eq!(report.damaged[0].generation, 8, "{context}");
                assert_eq!(report.damaged[0].problem.block, block, "{context}");
                assert!(
                    report
                        .to_string()
                        .starts_with("recovered generation 7; generation 8 was damaged (block "),
                    "{report}"
                );
                assert_holds(&mut store, &history.models[&7], &context);
            }
        }
    }
}

#[test]
fn two_damaged_generations_fall_back_two_and_never_come_back() {
    let history = history(3, 6);
    // Generation 6's metadata and generation 5's root are damaged.
    let mut disk = history.disk.clone();
    for block in history.last_metadata {
        flip(&mut disk, block, 9);
    }
    flip(&mut disk, 5 % ROOT_SLOTS, 200);
    let (mut store, report) = Store::open(disk).unwrap();
    assert_eq!(report.generation, 4);
    assert_eq!(
        report
            .damaged
            .iter()
            .map(|d| d.generation)
            .collect::<Vec<_>>(),
        [6]
    );
    assert_holds(&mut store, &history.models[&4], "two back");
    // The next commit is generation 5; generation 6's damaged root is zeroed with it,
    // so a later recovery cannot pick the abandoned generation 6.
    assert_eq!(commit(&mut store, &[Op::Remove(0)]), Ok(5));
    let mut model = history.models[&4].clone();
    model.remove(&0);
    let (mut store, report) = Store::open(store.into_device()).unwrap();
    assert_eq!(
        (
            report.generation,
            report.damaged.len(),
            report.invalid_slots
        ),
        (5, 0, 0)
    );
    assert_holds(&mut store, &model, "after the commit");
}

#[test]
fn a_damaged_page_is_caught_on_read_or_by_a_full_verification() {
    let history = history(4, 5);
    let (block, pno) = *history.last_pages.last().unwrap();
    let mut disk = history.disk.clone();
    flip(&mut disk, block, 3000);

    let (mut store, report) = Store::open(disk.clone()).unwrap();
    assert_eq!(
        report.generation, 5,
        "metadata verification does not read pages"
    );
    let mut buf = [0u8; BLOCK_SIZE];
    assert!(matches!(store.read_page(pno, &mut buf), Err(Error::Corrupt(c)) if c.block == block));

    let (mut store, report) = Store::open_with(disk, Verify::Everything).unwrap();
    assert_eq!(report.generation, 4);
    assert_eq!(report.damaged[0].generation, 5);
    assert_holds(&mut store, &history.models[&4], "full verification");
}

#[test]
fn garbage_disks_give_errors() {
    let mut rng = Rng::new(99);
    for seed in 0..400 {
        let blocks = rng.below(40);
        let extra = if rng.percent(30) {
            rng.below(BLOCK_SIZE as u64) as usize
        } else {
            0
        };
        let mut bytes = vec![0u8; blocks as usize * BLOCK_SIZE + extra];
        let zeros = rng.percent(10);
        if !zeros {
            for b in &mut bytes {
                *b = rng.next() as u8;
            }
        }
        match Store::open(MemDisk::from_bytes(bytes)) {
            Err(Error::NotFormatted) => {}
            Err(e) => assert!(!zeros, "seed {seed}: zeros gave {e}"),
            Ok(_) => panic!("seed {seed}: garbage opened"),
        }
    }
}

#[test]
fn damaged_or_truncated_stores_open_to_a_committed_generation_or_fail() {
    let history = history(5, 12);
    let mut rng = Rng::new(5);
    let mut opened = 0;
    for round in 0..300 {
        let mut bytes = history.disk.bytes().to_vec();
        match round % 3 {
            0 => bytes.truncate(rng.below(bytes.len() as u64) as usize),
            1 => {
                // Garbage over a run of blocks.
                let start = rng.below(history.disk.block_count()) as usize * BLOCK_SIZE;
                let len = (1 + rng.below(8) as usize) * BLOCK_SIZE;
                for b in bytes.iter_mut().skip(start).take(len) {
                    *b = rng.next() as u8;
                }
            }
            _ => {
                for _ in 0..1 + rng.below(40) {
                    let at = rng.below(bytes.len() as u64) as usize;
                    bytes[at] ^= 1 << rng.below(8);
                }
            }
        }
        let Ok((mut store, report)) = Store::open(MemDisk::from_bytes(bytes)) else {
            continue;
        };
        opened += 1;
        // Whatever verified is exactly a committed generation; a damaged page can
        // only show up as an error on read.
        let model = &history.models[&report.generation];
        assert!(store.pages().eq(model.keys().copied()), "round {round}");
        let mut buf = [0u8; BLOCK_SIZE];
        for (&pno, &version) in model {
            match store.read_page(pno, &mut buf) {
                Ok(true) => assert!(
                    buf[..] == page(pno, version)[..],
                    "round {round}: page {pno}"
                ),
                Err(Error::Corrupt(_)) => {}
                other => panic!("round {round}: page {pno}: {other:?}"),
            }
        }
        // And the store goes on from there.
        let _ = commit(&mut store, &[Op::Write(1, 1), Op::Remove(2)]);
    }
    assert!(opened > 100, "most damage should be survivable: {opened}");
}
