//! Crash-point tests, as SQLite's: cut the power at every write and flush boundary
//! of a workload, keeping, dropping or tearing each unflushed write, and check that
//! recovery gives back exactly one committed snapshot, no older than the last
//! commit that was acknowledged, with every page exact; then that the recovered
//! store goes on working.
//!
//! `cargo test --release -p phantom-store -- --ignored` also runs long workloads
//! (tens of thousands of crash points).

mod common;

use std::collections::BTreeMap;
use std::ops::Range;
use std::time::Instant;

use common::{apply, assert_holds, commit, random_ops, Model, Op, Rng};
use phantom_store::{
    Block, BlockDevice, CrashDisk, DeviceError, Error, MemDisk, Store, ROOT_SLOTS,
};

/// The size of a crash-point workload.
#[derive(Clone, Copy)]
struct Shape {
    disk_blocks: u64,
    commits: usize,
    /// Changes per commit are `0..max_changes`.
    max_changes: u64,
    /// Most page numbers are below this (see `common::random_pno`).
    dense: u64,
}

/// Run by `cargo test`: small enough to check every page at ~3800 crash points in
/// seconds; a dense range narrow enough that pages are often rewritten, and a disk
/// small enough that the allocator wraps around it twice or more, so that freed
/// blocks are reused while commits are in flight (and sometimes runs out of space).
const SHORT: Shape = Shape {
    disk_blocks: 160,
    commits: 40,
    max_changes: 9,
    dense: 64,
};
/// Run with `--ignored`, in release.
const LONG: Shape = Shape {
    disk_blocks: 2048,
    commits: 100,
    max_changes: 40,
    dense: 500,
};

/// The commits of a workload, generated once so every run issues the same ones.
fn workload(seed: u64, shape: Shape) -> Vec<Vec<Op>> {
    let mut rng = Rng::new(seed);
    let mut model = Model::new();
    let mut version = seed << 32;
    (0..shape.commits)
        .map(|_| {
            let n = rng.below(shape.max_changes) as usize;
            let ops = random_ops(&mut rng, n, &model, &mut version, shape.dense);
            apply(&mut model, &ops);
            ops
        })
        .collect()
}

/// One operation the store issued to its device.
enum Event {
    Write(u64, Box<Block>),
    Flush,
}

/// A device that passes everything to a `MemDisk` and records it.
struct Recorder {
    medium: MemDisk,
    log: Vec<Event>,
}

impl BlockDevice for Recorder {
    fn block_count(&self) -> u64 {
        self.medium.block_count()
    }
    fn read(&mut self, block: u64, buf: &mut Block) -> Result<(), DeviceError> {
        self.medium.read(block, buf)
    }
    fn write(&mut self, block: u64, buf: &Block) -> Result<(), DeviceError> {
        self.log.push(Event::Write(block, Box::new(*buf)));
        self.medium.write(block, buf)
    }
    fn flush(&mut self) -> Result<(), DeviceError> {
        self.log.push(Event::Flush);
        Ok(())
    }
}

/// Changes over a shared `MemDisk`, so a crash point costs what it changes rather
/// than a copy of the disk.
struct Overlay<'a> {
    base: &'a MemDisk,
    changed: BTreeMap<u64, Box<Block>>,
}

impl BlockDevice for Overlay<'_> {
    fn block_count(&self) -> u64 {
        self.base.block_count()
    }
    fn read(&mut self, block: u64, buf: &mut Block) -> Result<(), DeviceError> {
        match self.changed.get(&block) {
            Some(data) => {
                buf.copy_from_slice(&data[..]);
                Ok(())
            }
            None if block < self.block_count() => {
                buf.copy_from_slice(self.base.block(block));
                Ok(())
            }
            None => Err(DeviceError::OutOfRange(block)),
        }
    }
    fn write(&mut self, block: u64, buf: &Block) -> Result<(), DeviceError> {
        if block >= self.block_count() {
            return Err(DeviceError::OutOfRange(block));
        }
        self.changed.insert(block, Box::new(*buf));
        Ok(())
    }
    fn flush(&mut self) -> Result<(), DeviceError> {
        Ok(())
    }
}

impl Overlay<'_> {
    fn to_mem_disk(&self) -> MemDisk {
        let mut disk = self.base.clone();
        for (&block, data) in &self.changed {
            disk.block_mut(block).copy_from_slice(&data[..]);
        }
        disk
    }
}

/// A workload run once without a crash, recorded.
struct Reference {
    disk_blocks: u64,
    log: Vec<Event>,
    /// For each commit that returned (format included): how many operations had
    /// been issued, and the generation.
    acks: Vec<(usize, u64)>,
    models: BTreeMap<u64, Model>,
}

fn reference(commits: &[Vec<Op>], disk_blocks: u64) -> Reference {
    let mut recorder = Recorder {
        medium: MemDisk::new(disk_blocks),
        log: Vec::new(),
    };
    let mut store = Store::format(&mut recorder).unwrap();
    let mut acks = vec![(store.device().log.len(), 0)];
    let mut models = BTreeMap::from([(0, Model::new())]);
    let mut model = Model::new();
    for ops in commits {
        match commit(&mut store, ops) {
            Ok(generation) => {
                apply(&mut model, ops);
                acks.push((store.device().log.len(), generation));
                models.insert(generation, model.clone());
            }
            Err(Error::NoSpace) => {}
            Err(e) => panic!("{e}"),
        }
    }
    drop(store);
    Reference {
        disk_blocks,
        log: recorder.log,
        acks,
        models,
    }
}

/// Calls `at_crash(k, medium, acked)` for every boundary `k` of the reference run,
/// with the medium as a power cut just before operation `k` leaves it (cut by a
/// `CrashDisk` seeded with `seed + k`) and the last generation acknowledged by then.
///
/// This is the same as running the workload again up to `k` over a `CrashDisk`
/// (the store's operations before the crash do not depend on where it will come;
/// `replay_is_the_same_as_rerunning` checks it), in linear instead of quadratic
/// time.
fn replay(
    reference: &Reference,
    seed: u64,
    mut at_crash: impl FnMut(u64, Overlay<'_>, Option<u64>),
) {
    let mut medium = MemDisk::new(reference.disk_blocks);
    let mut pending: Vec<(u64, &Block)> = Vec::new();
    for k in 0..=reference.log.len() {
        let acked = reference
            .acks
            .iter()
            .take_while(|(done, _)| *done <= k)
            .map(|(_, g)| *g)
            .last();
        let overlay = Overlay {
            base: &medium,
            changed: BTreeMap::new(),
        };
        let mut disk = CrashDisk::new(overlay, seed + k as u64).crash_at(pending.len() as u64);
        for (block, data) in &pending {
            disk.write(*block, data).unwrap();
        }
        assert!(disk.flush().is_err(), "the power cut happens here");
        at_crash(k as u64, disk.into_disk(), acked);
        match reference.log.get(k) {
            Some(Event::Write(block, data)) => pending.push((*block, data)),
            Some(Event::Flush) => {
                for (block, data) in pending.drain(..) {
                    medium.write(block, data).unwrap();
                }
            }
            None => {}
        }
    }
}

/// Opens what the power cut left and checks it against what was committed and
/// acknowledged, then checks that the recovered store keeps working. Returns the
/// recovered generation.
fn check_recovery<D: BlockDevice>(
    medium: D,
    acked: Option<u64>,
    models: &BTreeMap<u64, Model>,
    context: &str,
) -> Option<u64> {
    let (mut store, report) = match Store::open(medium) {
        Ok(opened) => opened,
        Err(e) => {
            // Only a format that never finished may leave no store.
            assert!(
                acked.is_none(),
                "{context}: acknowledged generation {acked:?} lost: {e}"
            );
            assert!(
                matches!(e, Error::NotFormatted | Error::Corrupt(_)),
                "{context}: {e}"
            );
            return None;
        }
    };
    let generation = report.generation;
    assert!(
        report.damaged.is_empty(),
        "{context}: a power cut damaged a durable generation: {report}"
    );
    if let Some(acked) = acked {
        assert!(
            generation == acked || generation == acked + 1,
            "{context}: recovered {generation}, acknowledged {acked}"
        );
    }
    let model = models
        .get(&generation)
        .unwrap_or_else(|| panic!("{context}: generation {generation} never committed"));
    assert_holds(&mut store, model, context);

    // The recovered free-space map must protect every live block: commit on top,
    // reopen, and everything must still be there.
    let mut model = model.clone();
    let ops = [
        Op::Write(3, 1 << 60),
        Op::Write(65_540, 1 << 60),
        Op::Remove(7),
    ];
    if commit(&mut store, &ops).is_ok() {
        apply(&mut model, &ops);
    }
    let (mut store, _) = Store::open(store.into_device()).expect("reopen after recovery");
    assert_holds(
        &mut store,
        &model,
        &format!("{context}, after a commit on the recovered store"),
    );
    Some(generation)
}

#[derive(Default, Debug)]
struct Tally {
    crash_points: u64,
    /// Crashes after the root of the commit in flight reached the disk.
    in_flight_survived: u64,
    /// Crashes before the format was durable.
    not_formatted: u64,
    /// Commits of the workloads that failed with `NoSpace`.
    no_space: u64,
}

/// Crashes every workload of `seeds` at every boundary, on two threads (the
/// machines this runs on have two cores).
fn crash_everywhere(shape: Shape, seeds: Range<u64>) -> Tally {
    let workers: Vec<_> = (0..2u64)
        .map(|worker| {
            let seeds = seeds.clone();
            std::thread::spawn(move || {
                let mut tally = Tally::default();
                for seed in seeds.filter(|seed| seed % 2 == worker) {
                    let commits = workload(seed, shape);
                    let reference = reference(&commits, shape.disk_blocks);
                    let acked = reference.acks.len() - 1;
                    assert!(
                        acked > shape.commits * 3 / 4,
                        "seed {seed}: only {acked} commits fit the disk"
                    );
                    tally.no_space += (shape.commits - acked) as u64;
                    let boundaries = reference.log.len();
                    replay(&reference, seed << 32, |k, medium, acked| {
                        let context = format!("seed {seed}, crash at {k}/{boundaries}");
                        match check_recovery(medium, acked, &reference.models, &context) {
                            Some(generation) if Some(generation) > acked => {
                                tally.in_flight_survived += 1
                            }
                            Some(_) => {}
                            None => tally.not_formatted += 1,
                        }
                        tally.crash_points += 1;
                    });
                }
                tally
            })
        })
        .collect();
    let mut total = Tally::default();
    for worker in workers {
        let tally = worker.join().expect("a crash-point worker failed");
        total.crash_points += tally.crash_points;
        total.in_flight_survived += tally.in_flight_survived;
        total.not_formatted += tally.not_formatted;
        total.no_space += tally.no_space;
    }
    total
}

#[test]
fn every_crash_point_recovers_a_committed_snapshot() {
    let started = Instant::now();
    let tally = crash_everywhere(SHORT, 0..8);
    eprintln!("{tally:?} in {:.1?}", started.elapsed());
    assert!(tally.crash_points > 2000);
    assert!(tally.in_flight_survived > 0 && tally.not_formatted > 0);
}

#[test]
#[ignore = "long: run in release with --ignored"]
fn every_crash_point_of_long_workloads_recovers_a_committed_snapshot() {
    let started = Instant::now();
    let tally = crash_everywhere(LONG, 100..116);
    eprintln!("{tally:?} in {:.1?}", started.elapsed());
    assert!(tally.crash_points > 30_000);
}

#[test]
fn replay_is_the_same_as_rerunning() {
    let commits = workload(
        77,
        Shape {
            commits: 8,
            ..SHORT
        },
    );
    let reference = reference(&commits, SHORT.disk_blocks);
    let mut points = 0;
    replay(&reference, 5, |k, replayed, _| {
        // Run the workload again, for real, over a disk that loses power at `k`.
        let mut disk = CrashDisk::new(MemDisk::new(SHORT.disk_blocks), 5 + k).crash_at(k);
        let mut acked = None;
        let mut models = BTreeMap::from([(0, Model::new())]);
        if let Ok(mut store) = Store::format(&mut disk) {
            acked = Some(0);
            let mut model = Model::new();
            for ops in &commits {
                apply(&mut model, ops);
                models.insert(store.generation() + 1, model.clone());
                match commit(&mut store, ops) {
                    Ok(generation) => acked = Some(generation),
                    Err(_) => break,
                }
            }
        }
        let rerun = disk.into_disk();
        assert!(
            rerun == replayed.to_mem_disk(),
            "crash at {k}: re-run and replay differ"
        );
        check_recovery(rerun, acked, &models, &format!("crash at {k}"));
        points += 1;
    });
    assert!(points > 50, "{points}");
}

#[test]
fn open_commit_crash_cycles_keep_going_from_what_was_durable() {
    let mut rng = Rng::new(2024);
    let mut disk = Store::format(MemDisk::new(SHORT.disk_blocks))
        .unwrap()
        .into_device();
    // The models of the generations on the current chain, by generation.
    let mut chain = BTreeMap::from([(0u64, Model::new())]);
    let mut generation = 0;
    let mut version = 1 << 40;
    let mut damage_next = false;
    let (mut crashed_mid_commit, mut fallbacks) = (0, 0);
    for cycle in 0..300 {
        let context = format!("cycle {cycle}");
        // Sometimes the newest root is damaged on top of the power cut: recovery must
        // fall back one generation, which is then whole.
        let mut expected = generation;
        if damage_next && rng.percent(15) {
            disk.block_mut(generation % ROOT_SLOTS)[rng.below(4096) as usize] ^= 0x08;
            expected = generation - 1;
            fallbacks += 1;
        }
        let (store, report) = Store::open(disk).unwrap_or_else(|e| panic!("{context}: {e}"));
        assert_eq!(report.generation, expected, "{context}");
        chain.retain(|&g, _| g <= expected);
        generation = expected;

        // A few commits on a disk that loses power somewhere among them (or after).
        let mut cut = CrashDisk::new(store.into_device(), rng.next()).crash_at(rng.below(40));
        let (mut opened, _) = Store::open(&mut cut).unwrap();
        let mut acked = generation;
        for _ in 0..1 + rng.below(4) {
            let mut next = chain[&acked].clone();
            let n = rng.below(8) as usize;
            let ops = random_ops(&mut rng, n, &next, &mut version, SHORT.dense);
            apply(&mut next, &ops);
            chain.insert(acked + 1, next);
            match commit(&mut opened, &ops) {
                Ok(g) => acked = g,
                Err(Error::NoSpace) => {}
                Err(_) => break,
            }
        }
        if cut.crashed().is_some() {
            crashed_mid_commit += 1;
        }

        let (mut recovered, report) =
            Store::open(cut.into_disk()).unwrap_or_else(|e| panic!("{context}: {e}"));
        generation = report.generation;
        assert!(report.damaged.is_empty(), "{context}: {report}");
        assert!(
            generation == acked || generation == acked + 1,
            "{context}: recovered {generation}, acked {acked}"
        );
        assert_holds(&mut recovered, &chain[&generation], &context);
        // Only a generation a commit made durable in this cycle has a predecessor that
        // is whole for sure.
        damage_next = generation > expected;
        disk = recovered.into_device();
    }
    assert!(
        crashed_mid_commit > 100 && fallbacks > 5,
        "{crashed_mid_commit} crashes, {fallbacks} fallbacks"
    );
}
