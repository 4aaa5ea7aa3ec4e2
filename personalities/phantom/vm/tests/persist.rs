//! Snapshots, restarts and power cuts, on a simulated disk.

mod common;
use common::run_all;

use phantom_store::{BlockDevice, CrashDisk, MemDisk};
use phantom_vm::asm::assemble;
use phantom_vm::heap::PAGE_WORDS;
use phantom_vm::persist::{boot, memory, Boot, Engine, TestHost};
use phantom_vm::world::{Run, World};

/// Counts forever; every count allocates a little garbage and keeps every
/// 16th count in a linked list, so snapshots carry new objects, changed
/// objects and freed memory.
const COUNTER: &str = r#"
module counter
class Node extends java/lang/Object
    field value int
    field next ref
end
class Counter extends java/lang/Object
    field static count int
    field static list ref
    method static main ()V regs 6
    loop:
        getstatic r0, Counter.count:int
        ladd r0, r0, #1
        putstatic Counter.count:int, r0
        const.i r1, 8
        newarray.i64 r2, r1
        land r3, r0, #15
        ifz.ne r3, loop
        new r4, Node
        putfield r4, Node.value:int, r0
        getstatic r5, Counter.list:ref
        putfield r4, Node.next:ref, r5
        putstatic Counter.list:ref, r4
        jmp loop
    end
end
"#;

const PAGES: usize = 64;

fn start<D: BlockDevice>(dev: D, host: &mut TestHost) -> Result<(World<Vec<u64>>, Engine<D>, Boot), String> {
    let (mut w, e, b) = boot(dev, memory(PAGES), host)?;
    if let Boot::Fresh = b {
        let m = assemble(COUNTER).unwrap();
        w.load_module(&m).map_err(|e| format!("{e}"))?;
        w.spawn_main("Counter", &[], 0)?;
    }
    Ok((w, e, b))
}

fn slices(w: &mut World<Vec<u64>>, host: &mut TestHost, n: usize) {
    for _ in 0..n {
        assert_eq!(w.run(host, 8), Run::Ran);
        w.gc_step(2048);
    }
}

fn count(w: &World<Vec<u64>>) -> u64 {
    w.static_value("Counter", "count").unwrap()
}

/// Walks the list: every node's value is a multiple of 16, descending.
fn check_list(w: &World<Vec<u64>>) -> usize {
    let c = count(w);
    let mut node = w.static_value("Counter", "list").unwrap();
    let mut expect = c - c % 16;
    // Between `putstatic count` and `putstatic list` (a safepoint at `new`,
    // where a snapshot may be taken) the newest node is not linked yet.
    let head = w.static_value("Counter", "list").unwrap();
    if c % 16 == 0 && c > 0 && (head == 0 || w.heap.get(head as usize + 2) != c) {
        expect -= 16;
    }
    let mut n = 0;
    while node != 0 {
        let v = w.heap.get(node as usize + 2);
        assert_eq!(v, expect, "list node {n}");
        expect -= 16;
        node = w.heap.get(node as usize + 3);
        n += 1;
    }
    assert_eq!(expect, 0, "list ends at 16");
    n
}

#[test]
fn restart_resumes_from_the_last_snapshot() {
    let mut host = TestHost::default();
    let (mut w, mut e, b) = start(MemDisk::new(4096), &mut host).unwrap();
    assert!(matches!(b, Boot::Fresh));
    slices(&mut w, &mut host, 200);
    e.snapshot(&mut w, &mut host).unwrap();
    let at_snapshot = count(&w);
    assert!(at_snapshot > 100);
    slices(&mut w, &mut host, 100);
    assert!(count(&w) > at_snapshot);
    // Power cut: the world is lost, the disk stays.
    let disk = e.store.into_device();
    let (mut w, mut e, b) = start(disk, &mut host).unwrap();
    assert!(matches!(b, Boot::Restored(_)), "{b:?}");
    assert_eq!(count(&w), at_snapshot);
    check_list(&w);
    slices(&mut w, &mut host, 100);
    assert!(count(&w) > at_snapshot);
    check_list(&w);
    e.snapshot(&mut w, &mut host).unwrap();
}

#[test]
fn garbage_is_collected_while_the_world_runs() {
    let mut host = TestHost::default();
    let (mut w, _e, _) = start(MemDisk::new(4096), &mut host).unwrap();
    // 64 pages = 32 Ki words; each count allocates 10 words of garbage, so
    // this run allocates many times the heap.
    slices(&mut w, &mut host, 10000);
    assert!(count(&w) * 10 > (PAGES * PAGE_WORDS * 4) as u64, "count {}", count(&w));
    assert!(w.counters.gc_cycles > 3);
    check_list(&w);
}

/// Runs the counter with snapshots on a disk that loses power at boundary
/// `k`; returns (boundaries seen, acknowledged generation, images by generation).
fn workload(
    mut disk: CrashDisk,
    rounds: usize,
) -> (CrashDisk, u64, Vec<(u64, Vec<u64>, u64)>) {
    let mut host = TestHost::default();
    let mut images = Vec::new();
    let (mut w, mut e, _) = match start(&mut disk, &mut host) {
        Ok(x) => x,
        Err(err) => {
            assert!(disk.crashed().is_some(), "boot failed without a crash: {err}");
            return (disk, 0, images);
        }
    };
    let mut acked = 0;
    for round in 0..rounds {
        slices(&mut w, &mut host, 20 + round * 7);
        let generation = e.store.generation() + 1;
        let result = e.snapshot(&mut w, &mut host);
        images.push((generation, w.heap.memory().to_vec(), count(&w)));
        match result {
            Ok(g) => {
                assert_eq!(g, generation);
                acked = g;
            }
            Err(_) => break,
        }
    }
    drop(e);
    (disk, acked, images)
}

#[test]
fn power_cuts_at_every_write_and_flush_recover_a_committed_world() {
    const ROUNDS: usize = 12;
    // Count the boundaries of a run without a crash.
    let (disk, acked, _) = workload(CrashDisk::new(MemDisk::new(2048), 1), ROUNDS);
    assert_eq!(acked, ROUNDS as u64);
    let total = disk.boundaries();
    let mut checked = 0;
    for seed in 0..4u64 {
        for k in 0..total {
            let disk = CrashDisk::new(MemDisk::new(2048), seed * 7919 + k).crash_at(k);
            // Formatting happens in `start`; a crash that early leaves a blank
            // or empty store, which boots fresh.
            let mut host = TestHost::default();
            let (disk, acked, images) = match std::panic::catch_unwind(move || workload(disk, ROUNDS)) {
                Ok(r) => r,
                Err(_) => panic!("workload panicked at crash point {k}"),
            };
            let medium = disk.into_disk();
            let (mut w, mut e, b) = start(medium, &mut host)
                .unwrap_or_else(|err| panic!("crash point {k}: no recovery: {err}"));
            match b {
                Boot::Fresh => assert_eq!(acked, 0, "crash point {k}: acknowledged snapshot lost"),
                Boot::Restored(report) => {
                    let g = report.generation;
                    assert!(g >= acked, "crash point {k}: generation {g} older than acknowledged {acked}");
                    let (_, image, c) = images
                        .iter()
                        .find(|(gen, _, _)| *gen == g)
                        .unwrap_or_else(|| panic!("crash point {k}: generation {g} was never written"));
                    // The recovered heap is exactly the frozen image, up to the heap's end.
                    let words = w.heap.bump().div_ceil(PAGE_WORDS) * PAGE_WORDS;
                    assert_eq!(&w.heap.memory()[..words], &image[..words], "crash point {k}: heap differs");
                    assert_eq!(count(&w), *c);
                    check_list(&w);
                }
            }
            // And the world goes on.
            let before = count(&w);
            slices(&mut w, &mut host, 30);
            assert!(count(&w) > before);
            e.snapshot(&mut w, &mut host).unwrap();
            checked += 1;
        }
    }
    assert!(checked > 1000, "only {checked} crash points");
}

#[test]
fn a_full_disk_stops_snapshots_and_the_world_runs_on() {
    let mut host = TestHost::default();
    // A disk with room for the first snapshot only.
    let (mut w, mut e, _) = start(MemDisk::new(120), &mut host).unwrap();
    e.snapshot(&mut w, &mut host).unwrap();
    let mut failures = 0;
    for _ in 0..20 {
        slices(&mut w, &mut host, 200);
        if let Err(msg) = e.snapshot(&mut w, &mut host) {
            assert!(msg.contains("full"), "{msg}");
            failures += 1;
        }
    }
    assert!(failures > 0, "the disk never filled");
    let c = count(&w);
    slices(&mut w, &mut host, 50);
    assert!(count(&w) > c);
    let _ = run_all;
}

/// A reference array longer than one marking piece, whose elements move
/// while it is being scanned: every node stays reachable through the
/// collections that the garbage starts.
const BIG_ARRAY: &str = r#"
module bigarray
class Node extends java/lang/Object
    field value int
end
class Big extends java/lang/Object
    field static nodes ref
    field static rounds int
    method static main ()V regs 10
        const.i r0, 5000
        newrefarray r1, Node, r0
        putstatic Big.nodes:ref, r1
        const.i r2, 0
    fill:
        if.ge r2, r0, filled
        new r3, Node
        putfield r3, Node.value:int, r2
        astore.ref r1, r2, r3
        iadd r2, r2, #1
        jmp fill
    filled:
        const.i r2, 0
    churn:
        const.i r4, 16
        newarray.i64 r5, r4
        iadd r6, r2, #2500
        irem r6, r6, r0
        aload.ref r7, r1, r2
        aload.ref r8, r1, r6
        astore.ref r1, r2, r8
        astore.ref r1, r6, r7
        iadd r2, r2, #1
        irem r2, r2, r0
        getstatic r9, Big.rounds:int
        iadd r9, r9, #1
        putstatic Big.rounds:int, r9
        jmp churn
    end
end
"#;

#[test]
fn a_big_reference_array_is_marked_in_pieces_while_it_changes() {
    let mut host = TestHost::default();
    let (mut w, _e, _) = boot(MemDisk::new(4096), memory(PAGES), &mut host).unwrap();
    w.load_module(&assemble(BIG_ARRAY).unwrap()).unwrap();
    w.spawn_main("Big", &[], 0).unwrap();
    for _ in 0..20000 {
        assert_eq!(w.run(&mut host, 8), Run::Ran);
        w.gc_step(512);
    }
    assert!(w.counters.gc_cycles > 3, "{} cycles", w.counters.gc_cycles);
    let nodes = w.static_value("Big", "nodes").unwrap() as usize;
    let mut seen = vec![false; 5000];
    for i in 0..5000 {
        let node = w.heap.get(nodes + phantom_vm::object::DATA + i) as usize;
        assert_ne!(node, 0);
        let v = w.heap.get(node + 2) as usize;
        assert!(v < 5000 && !seen[v], "element {i}: node value {v}");
        seen[v] = true;
    }
}
