//! The store's behaviour through its public API: commits, reads, generations,
//! removal, free-space reuse and a full disk.

mod common;

use common::{apply, assert_holds, commit, page, random_ops, Model, Op, Rng};
use phantom_store::{Change, Error, MemDisk, Store, BLOCK_SIZE, MIN_BLOCKS};

fn reopen(store: Store<MemDisk>) -> Store<MemDisk> {
    let (store, report) = Store::open(store.into_device()).expect("reopen");
    assert!(
        report.damaged.is_empty() && report.invalid_slots == 0,
        "{report:?}"
    );
    store
}

#[test]
fn format_then_open_gives_an_empty_generation_zero() {
    let store = Store::format(MemDisk::new(64)).unwrap();
    assert_eq!(store.generation(), 0);
    let (store, report) = Store::open(store.into_device()).unwrap();
    assert_eq!(report.generation, 0);
    assert_eq!(report.to_string(), "recovered generation 0");
    assert_eq!(store.pages().count(), 0);
    let stats = store.stats();
    assert_eq!(
        (
            stats.generation,
            stats.pages,
            stats.blocks_total,
            stats.blocks_used
        ),
        (0, 0, 64, 8)
    );
}

#[test]
fn too_small_or_blank_devices_are_refused() {
    assert!(matches!(
        Store::format(MemDisk::new(MIN_BLOCKS - 1)),
        Err(Error::Unsupported(_))
    ));
    assert!(matches!(
        Store::open(MemDisk::new(100)),
        Err(Error::NotFormatted)
    ));
    assert!(matches!(
        Store::open(MemDisk::new(0)),
        Err(Error::NotFormatted)
    ));
}

#[test]
fn pages_read_back_after_commit_and_after_reopen() {
    let mut store = Store::format(MemDisk::new(256)).unwrap();
    let ops = [
        Op::Write(0, 1),
        Op::Write(5, 2),
        Op::Write(300, 3),
        Op::Write(1 << 40, 4),
    ];
    assert_eq!(commit(&mut store, &ops), Ok(1));
    let mut model = Model::new();
    apply(&mut model, &ops);
    assert_holds(&mut store, &model, "after commit");
    let mut buf = [0xaau8; BLOCK_SIZE];
    assert_eq!(store.read_page(6, &mut buf), Ok(false));
    assert_eq!(
        buf, [0xaa; BLOCK_SIZE],
        "absent page leaves the buffer alone"
    );
    assert!(store.contains(300) && !store.contains(301));
    let mut store = reopen(store);
    assert_eq!(store.generation(), 1);
    assert_holds(&mut store, &model, "after reopen");
}

#[test]
fn later_changes_to_a_page_in_one_commit_win() {
    let mut store = Store::format(MemDisk::new(128)).unwrap();
    let ops = [
        Op::Write(1, 1),
        Op::Write(1, 2),
        Op::Write(2, 3),
        Op::Remove(2),
        Op::Remove(9),
        Op::Write(3, 4),
    ];
    commit(&mut store, &ops).unwrap();
    let mut model = Model::new();
    apply(&mut model, &ops);
    assert_eq!(model, Model::from([(1, 2), (3, 4)]));
    assert_holds(&mut store, &model, "committed");
    let used = store.stats().blocks_used;
    // The overwritten and removed versions were never durable: they are free already.
    // Used: 8 slots, 2 pages, one leaf.
    assert_eq!(used, 8 + 2 + 1);
    let mut store = reopen(store);
    assert_holds(&mut store, &model, "reopened");
}

#[test]
fn removal_makes_pages_absent_in_the_new_generation_only() {
    let mut store = Store::format(MemDisk::new(256)).unwrap();
    let mut model = Model::new();
    let writes: Vec<Op> = (0..40).map(|pno| Op::Write(pno * 3, pno)).collect();
    commit(&mut store, &writes).unwrap();
    apply(&mut model, &writes);
    let removals: Vec<Op> = (0..40)
        .filter(|p| p % 2 == 0)
        .map(|pno| Op::Remove(pno * 3))
        .collect();
    commit(&mut store, &removals).unwrap();
    apply(&mut model, &removals);
    assert_holds(&mut store, &model, "after removal");
    assert!(!store.contains(0) && store.contains(3));
    // Removing everything leaves an empty map.
    let all: Vec<Op> = model.keys().map(|&pno| Op::Remove(pno)).collect();
    commit(&mut store, &all).unwrap();
    let mut store = reopen(store);
    assert_eq!(store.pages().count(), 0);
    assert_eq!(store.generation(), 3);
    assert_holds(&mut store, &Model::new(), "empty");
}

#[test]
fn many_generations_with_random_changes_and_reopens() {
    let mut rng = Rng::new(7);
    let mut store = Store::format(MemDisk::new(2048)).unwrap();
    let mut model = Model::new();
    let mut version = 0;
    for round in 1..=300u64 {
        let n = rng.below(12) as usize;
        let ops = random_ops(&mut rng, n, &model, &mut version, 400);
        assert_eq!(commit(&mut store, &ops), Ok(round));
        apply(&mut model, &ops);
        if round % 20 == 0 {
            assert_holds(&mut store, &model, &format!("generation {round}"));
        }
        if round % 50 == 0 {
            store = reopen(store);
            assert_holds(&mut store, &model, &format!("reopened at {round}"));
        }
    }
    assert!(
        model.len() > 100,
        "the workload should build up pages: {}",
        model.len()
    );
}

#[test]
fn a_small_commit_writes_its_pages_and_one_path_of_the_map() {
    let mut store = Store::format(MemDisk::new(4096)).unwrap();
    // Two clusters far apart: a three-level map.
    let ops: Vec<Op> = (0..600)
        .chain(70_000..70_600)
        .map(|pno| Op::Write(pno, 1))
        .collect();
    commit(&mut store, &ops).unwrap();
    let first = store.stats();
    // 1200 pages, 6 leaves, 2 level-1 nodes, a root, the root slot.
    assert_eq!(first.last_commit_blocks, 1200 + 6 + 2 + 1 + 1);
    commit(&mut store, &[Op::Write(70_001, 2)]).unwrap();
    // The page, a leaf, a level-1 node, the map root, a deferred-free block (the
    // four replaced blocks), the root slot.
    assert_eq!(store.stats().last_commit_blocks, 6);
    assert_eq!(store.stats().last_commit_bytes, 6 * 4096);
    // An empty commit writes the deferred-free list (the previous one's block) and
    // the root; once that settles, only the root.
    commit(&mut store, &[]).unwrap();
    assert_eq!(store.stats().last_commit_blocks, 2);
}

#[test]
fn rewriting_the_same_pages_forever_reuses_space() {
    // A commit needs room for three versions of the 40 pages (the two generations
    // recovery may need, and the new one): 160 blocks are enough only with reuse.
    let mut store = Store::format(MemDisk::new(160)).unwrap();
    let mut model = Model::new();
    let mut peak = 0;
    for round in 0..400u64 {
        let ops: Vec<Op> = (0..40).map(|pno| Op::Write(pno, round)).collect();
        commit(&mut store, &ops).unwrap_or_else(|e| panic!("round {round}: {e}"));
        apply(&mut model, &ops);
        peak = peak.max(store.stats().blocks_used);
    }
    // The slots, two generations' pages, leaves and deferred-free blocks.
    assert!(peak <= 8 + 2 * (40 + 1 + 1), "peak use {peak}");
    let mut store = reopen(store);
    assert_holds(&mut store, &model, "after 400 rewrites");
}

#[test]
fn a_full_disk_fails_the_commit_and_keeps_the_previous_generation() {
    let mut store = Store::format(MemDisk::new(200)).unwrap();
    let mut model = Model::new();
    let mut next_pno = 0;
    // Fill it ten pages at a time, then one at a time.
    let mut failed_at = 0;
    for batch in [10, 1] {
        failed_at = loop {
            let ops: Vec<Op> = (next_pno..next_pno + batch)
                .map(|pno| Op::Write(pno, 1))
                .collect();
            let before = store.stats();
            match commit(&mut store, &ops) {
                Ok(_) => {
                    apply(&mut model, &ops);
                    next_pno += batch;
                }
                Err(Error::NoSpace) => {
                    assert_eq!(
                        store.stats(),
                        before,
                        "the failed commit's blocks are free again"
                    );
                    break before.generation;
                }
                Err(e) => panic!("{e}"),
            }
        };
    }
    assert!(
        model.len() >= 150,
        "the disk should fill up first: {} pages",
        model.len()
    );
    assert_holds(&mut store, &model, "after NoSpace");
    // The disk holds the previous generation too.
    let (mut reopened, report) = Store::open(store.device().clone()).unwrap();
    assert_eq!(report.generation, failed_at);
    assert_holds(&mut reopened, &model, "reopened after NoSpace");
    // It keeps failing while full, without harm.
    assert_eq!(
        commit(&mut store, &[Op::Write(9999, 1)]),
        Err(Error::NoSpace)
    );
    assert_eq!(store.generation(), failed_at);

    // Removing pages makes room: the removal commit may use the reserve, and the
    // freed blocks are reusable two generations later.
    let removals: Vec<Op> = (0..80).map(Op::Remove).collect();
    commit(&mut store, &removals).unwrap();
    apply(&mut model, &removals);
    commit(&mut store, &[]).unwrap();
    let ops: Vec<Op> = (5000..5050).map(|pno| Op::Write(pno, 2)).collect();
    commit(&mut store, &ops).unwrap();
    apply(&mut model, &ops);
    let mut store = reopen(store);
    assert_holds(&mut store, &model, "after making room");
}

#[test]
fn a_commit_larger_than_the_disk_fails_cleanly() {
    let mut store = Store::format(MemDisk::new(100)).unwrap();
    commit(&mut store, &[Op::Write(1, 1), Op::Write(2, 1)]).unwrap();
    let before = store.stats();
    let huge: Vec<Op> = (0..500).map(|pno| Op::Write(pno, 2)).collect();
    assert_eq!(commit(&mut store, &huge), Err(Error::NoSpace));
    assert_eq!(store.stats(), before);
    let mut model = Model::from([(1, 1), (2, 1)]);
    assert_holds(&mut store, &model, "after the failed commit");
    commit(&mut store, &[Op::Write(3, 3)]).unwrap();
    model.insert(3, 3);
    let mut store = reopen(store);
    assert_holds(&mut store, &model, "after the next commit");
}

#[test]
fn a_device_error_during_commit_leaves_the_store_usable() {
    use phantom_store::CrashDisk;
    // A CrashDisk that fails at its first write: the commit fails before any root
    // write, so the store is unchanged (and the device is dead for good here, so
    // reads fail too, as they should).
    let mut store = Store::format(MemDisk::new(64)).unwrap();
    commit(&mut store, &[Op::Write(1, 1)]).unwrap();
    let (store, _) = Store::open(CrashDisk::new(store.into_device(), 1).crash_at(0)).unwrap();
    let mut store = store;
    assert!(matches!(
        commit(&mut store, &[Op::Write(2, 2)]),
        Err(Error::Device(_))
    ));
    assert_eq!(store.generation(), 1);
    assert!(store.contains(1) && !store.contains(2));
}

#[test]
fn change_can_be_built_from_any_iterator() {
    let mut store = Store::format(MemDisk::new(64)).unwrap();
    let a = page(1, 1);
    let b = page(2, 1);
    let mut changes = vec![Change::Write(1, &a), Change::Write(2, &b)].into_iter();
    let dynamic: &mut dyn Iterator<Item = Change<'_>> = &mut changes;
    assert_eq!(store.commit(dynamic), Ok(1));
    assert_eq!(store.commit(std::iter::once(Change::Remove(1))), Ok(2));
    assert_holds(&mut store, &Model::from([(2, 1)]), "after dyn commits");
}

#[test]
fn page_refs_read_pages_without_the_store_and_reject_current_falls_back() {
    use phantom_store::{BlockDevice, Change, MemDisk, Store};
    let mut store = Store::format(MemDisk::new(256)).unwrap();
    let a = [1u8; 4096];
    let b = [2u8; 4096];
    store.commit([Change::Write(5, &a)]).unwrap();
    store.commit([Change::Write(5, &b), Change::Write(6, &a)]).unwrap();
    let refs = store.page_refs();
    assert_eq!(refs.iter().map(|r| r.0).collect::<Vec<_>>(), vec![5, 6]);
    let mut disk = store.into_device();
    let mut buf = Box::new([0u8; 4096]);
    disk.read(refs[0].1.block, &mut buf).unwrap();
    assert!(refs[0].1.check(5, &buf));
    assert!(!refs[0].1.check(6, &buf), "the checksum is bound to the page number");
    buf[7] ^= 1;
    assert!(!refs[0].1.check(5, &buf));
    // Generation 2 turns out damaged: back to generation 1.
    let (store, _) = Store::open(disk).unwrap();
    let (mut store, report) = store.reject_current().unwrap();
    assert_eq!(report.generation, 1);
    store.read_page(5, &mut buf).unwrap();
    assert_eq!(buf[0], 1);
    assert!(!store.contains(6));
}
