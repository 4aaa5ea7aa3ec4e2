//! Helpers shared by the VM's integration tests.
#![allow(dead_code)]

use phantom_vm::asm::assemble;
use phantom_vm::persist::{memory, TestHost};
use phantom_vm::world::{Run, State, World};

/// A new world of `pages` heap pages with `src` loaded.
pub fn world_with(src: &str, pages: usize) -> (World<Vec<u64>>, TestHost) {
    let mut host = TestHost::default();
    let mut w = World::create(memory(pages), &mut host).expect("world");
    let m = assemble(src).unwrap_or_else(|e| panic!("assembling: {e}"));
    w.load_module(&m).unwrap_or_else(|e| panic!("loading: {e}"));
    (w, host)
}

/// Runs every thread to the end (or `max_slices`), collecting garbage
/// between slices; returns the number of slices run.
pub fn run_all(w: &mut World<Vec<u64>>, host: &mut TestHost, max_slices: u64) -> u64 {
    let mut n = 0;
    while w.live_threads() > 0 && n < max_slices {
        match w.run(host, 64) {
            Run::Ran => {}
            Run::Idle(Some(at)) => host.clock = host.clock.max(at),
            Run::Idle(None) => break,
        }
        w.gc_step(4096);
        n += 1;
    }
    n
}

/// Loads `src`, runs `class.main`, returns (console output, exit status, uncaught text).
pub fn run_main(src: &str, class: &str) -> (String, i32, Option<String>) {
    let (mut w, mut host) = world_with(src, 512);
    let t = w.spawn_main(class, &[], 0).expect("spawn");
    run_all(&mut w, &mut host, 1_000_000);
    let th = &w.threads[t as usize];
    let status = match th.state {
        State::Done(s) => s,
        other => panic!("thread still {other:?}"),
    };
    (host.output(0), status, th.uncaught.clone())
}
