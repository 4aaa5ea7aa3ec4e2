//! Crash-point tests, as SQLite's: cut the power at every write and flush boundary
//! of a workload, keeping, dropping or tearing each unflushed write, and check that
//! recovery gives back exactly one committed snapshot, no older than the last
//! commit that was acknowledged.

mod common;

use std::collections::BTreeMap;
use std::time::Instant;

use common::{apply, assert_holds, commit, random_ops, Model, Op, Rng};
use phantom_store::{
    Block, BlockDevice, CrashDisk, DeviceError, Error, MemDisk, Store, ROOT_SLOTS,
};

/// Small enough that the workload also wraps around the disk and reuses blocks.
const DISK_BLOCKS: u64 = 384;
/// Most pages are below this: pages are often rewritten, and the live set stays
/// small enough to check in full at every crash point.
const DENSE: u64 = 120;

/// The commits of a workload, generated once so every re-run issues the same ones.
fn workload(seed: u64, commits: usize) -> Vec<Vec<Op>> {
    let mut rng = Rng::new(seed);
    let mut model = Model::new();
    let mut version = seed << 32;
    (0..commits)
        .map(|_| {
            let n = rng.below(9) as usize;
            let ops = random_ops(&mut rng, n, &model, &mut version, DENSE);
            apply(&mut model, &ops);
            ops
        })
        .collect()
}

/// What a run of the workload got done before the power failed.
struct Run {
    /// The last generation whose commit returned: durable, promised to the caller.
    acked: Option<u64>,
    /// The model of every generation a commit was attempted for.
    models: BTreeMap<u64, Model>,
}

/// Formats a store on `disk` and runs `commits`, stopping at the first device error.
fn run(disk: &mut CrashDisk, commits: &[Vec<Op>]) -> Run {
    let mut run = Run {
        acked: None,
        models: BTreeMap::new(),
    };
    run.models.insert(0, Model::new());
    let Ok(mut store) = Store::format(disk) else {
        return run;
    };
    run.acked = Some(0);
    let mut model = Model::new();
    for ops in commits {
        let mut next = model.clone();
        apply(&mut next, ops);
        run.models.insert(store.generation() + 1, next.clone());
        match commit(&mut store, ops) {
            Ok(generation) => {
                run.acked = Some(generation);
                model = next;
            }
            Err(Error::NoSpace) => {}
            Err(_) => break,
        }
    }
    run
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

/// A workload run once without a crash, recorded.
struct Reference {
    log: Vec<Event>,
    /// For each commit that returned (format included): how many operations had
    /// been issued, and the generation.
    acks: Vec<(usize, u64)>,
    models: BTreeMap<u64, Model>,
}

fn reference(commits: &[Vec<Op>]) -> Reference {
    let mut recorder = Recorder {
        medium: MemDisk::new(DISK_BLOCKS),
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
        log: recorder.log,
        acks,
        models,
    }
}

/// Calls `at_crash(k, medium, acked)` for every boundary `k` of the reference run,
/// with the medium as a power cut just before operation `k` leaves it (cut by a
/// `CrashDisk` seeded with `seed + k`) and the last generation acknowledged by then.
///
/// This is the same as re-running the workload up to `k` over a `CrashDisk` (the
/// store's operations before the crash do not depend on where it will happen;
/// `replay_is_the_same_as_rerunning` checks it), in linear instead of quadratic time.
fn replay(reference: &Reference, seed: u64, mut at_crash: impl FnMut(u64, MemDisk, Option<u64>)) {
    let mut medium = MemDisk::new(DISK_BLOCKS);
    let mut pending: Vec<(u64, &Block)> = Vec::new();
    for k in 0..=reference.log.len() {
        let acked = reference
            .acks
            .iter()
            .take_while(|(done, _)| *done <= k)
            .map(|(_, g)| *g)
            .last();
        let mut disk =
            CrashDisk::new(medium.clone(), seed + k as u64).crash_at(pending.len() as u64);
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
fn check_recovery(
    medium: MemDisk,
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

#[test]
fn every_crash_point_recovers_a_committed_snapshot() {
    let started = Instant::now();
    // Two workers (the machines this runs on have two cores), four workloads each.
    let workers: Vec<_> = (0..2u64)
        .map(|worker| {
            std::thread::spawn(move || {
                let (mut crash_points, mut in_flight_survived, mut not_formatted) = (0, 0, 0);
                for seed in (0..8).filter(|seed| seed % 2 == worker) {
                    let commits = workload(seed, 30);
                    let reference = reference(&commits);
                    assert_eq!(
                        reference.acks.last().map(|a| a.1),
                        Some(30),
                        "seed {seed}: the workload must fit"
                    );
                    let boundaries = reference.log.len();
                    replay(&reference, seed << 32, |k, medium, acked| {
                        let context = format!("seed {seed}, crash at {k}/{boundaries}");
                        match check_recovery(medium, acked, &reference.models, &context) {
                            Some(generation) if Some(generation) > acked => in_flight_survived += 1,
                            Some(_) => {}
                            None => not_formatted += 1,
                        }
                        crash_points += 1;
                    });
                }
                (crash_points, in_flight_survived, not_formatted)
            })
        })
        .collect();
    let (mut crash_points, mut in_flight_survived, mut not_formatted) = (0, 0, 0);
    for worker in workers {
        let (points, survived, unformatted) = worker.join().expect("a crash-point worker failed");
        crash_points += points;
        in_flight_survived += survived;
        not_formatted += unformatted;
    }
    eprintln!(
        "{crash_points} crash points ({in_flight_survived} kept the commit in flight, \
         {not_formatted} cut the format short) in {:.1?}",
        started.elapsed()
    );
    assert!(crash_points > 2000);
    assert!(in_flight_survived > 0 && not_formatted > 0);
}

#[test]
fn replay_is_the_same_as_rerunning() {
    let commits = workload(77, 8);
    let reference = reference(&commits);
    let mut points = 0;
    replay(&reference, 5, |k, replayed, _| {
        let mut disk = CrashDisk::new(MemDisk::new(DISK_BLOCKS), 5 + k).crash_at(k);
        let run = run(&mut disk, &commits);
        assert!(
            disk.into_disk() == replayed,
            "crash at {k}: re-run and replay differ"
        );
        check_recovery(replayed, run.acked, &run.models, &format!("crash at {k}"));
        points += 1;
    });
    assert!(points > 50, "{points}");
}

#[test]
fn open_commit_crash_cycles_keep_going_from_what_was_durable() {
    let mut rng = Rng::new(2024);
    let mut disk = Store::format(MemDisk::new(DISK_BLOCKS))
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
        if damage_next && generation > 0 && rng.percent(15) {
            disk.block_mut(generation % ROOT_SLOTS)[rng.below(4096) as usize] ^= 0x08;
            expected = generation - 1;
            fallbacks += 1;
        }
        let (store, report) = Store::open(disk).unwrap_or_else(|e| panic!("{context}: {e}"));
        assert_eq!(report.generation, expected, "{context}");
        chain.retain(|&g, _| g <= expected);
        generation = expected;
        let mut store = store.into_device();

        // A few commits on a disk that loses power somewhere among them (or after).
        let mut cut = CrashDisk::new(store, rng.next()).crash_at(rng.below(40));
        let (mut opened, _) = Store::open(&mut cut).unwrap();
        let mut acked = generation;
        for _ in 0..1 + rng.below(4) {
            let mut next = chain[&acked].clone();
            let n = rng.below(8) as usize;
            let ops = random_ops(&mut rng, n, &next, &mut version, DENSE);
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
        store = cut.into_disk();

        let (mut recovered, report) =
            Store::open(store).unwrap_or_else(|e| panic!("{context}: {e}"));
        generation = report.generation;
        assert!(report.damaged.is_empty(), "{context}: {report}");
        assert!(
            generation == acked || generation == acked + 1,
            "{context}: recovered {generation}, acked {acked}"
        );
        assert_holds(&mut recovered, &chain[&generation], &context);
        // Only a generation a commit made durable in this cycle has a whole
        // predecessor to fall back to for sure.
        damage_next = generation > expected;
        disk = recovered.into_device();
    }
    assert!(
        crashed_mid_commit > 100 && fallbacks > 5,
        "{crashed_mid_commit} crashes, {fallbacks} fallbacks"
    );
}
