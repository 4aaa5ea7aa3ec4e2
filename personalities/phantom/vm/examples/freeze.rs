//! Measures the snapshot pause (World::freeze) against the amount of dirty
//! heap, on the host: `cargo run --release --example freeze`.

use std::time::Instant;

use phantom_vm::persist::{memory, TestHost};
use phantom_vm::world::World;

fn main() {
    for mib in [1usize, 16, 64, 256, 512] {
        let mut host = TestHost::default();
        let mut w = World::create(memory((mib + 64) * 256), &mut host).unwrap();
        let mut times = Vec::new();
        for round in 0..5u64 {
            // Dirty `mib` MiB: one word per page.
            for p in 0..mib * 256 {
                let at = 16 * 512 + p * 512;
                w.heap.set(at, round + 1);
            }
            let t0 = Instant::now();
            assert!(w.freeze());
            times.push(t0.elapsed().as_nanos());
            while !w.heap.pump(usize::MAX, &mut |_, _| {}) {}
            w.heap.committed();
        }
        times.sort();
        println!("{mib:4} MiB dirty: freeze median {} ns, max {} ns", times[2], times[4]);
    }
}
