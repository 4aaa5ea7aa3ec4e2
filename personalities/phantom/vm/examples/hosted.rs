//! Runs a Phantom module in a hosted world (no disk): `cargo run --release
//! --example hosted -- FILE.phs|FILE.phm CLASS [ARGS...]`, with
//! `PHANTOM_LIBRARY=target/phantom/java/java.phm` for Java programs. Prints
//! the program's output and the time it took; for trying programs and
//! measuring the interpreter on the host.

use std::time::Instant;

use phantom_vm::asm::assemble;
use phantom_vm::world::{Host, Run, State, World};

struct StdHost(Instant);

impl Host for StdHost {
    fn now_ns(&mut self) -> u64 {
        self.0.elapsed().as_nanos() as u64
    }
    fn print(&mut self, _channel: u32, bytes: &[u8]) {
        use std::io::Write;
        let _ = std::io::stdout().write_all(bytes);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: hosted FILE.phs CLASS [ARGS...]");
        std::process::exit(2);
    }
    let bytes = std::fs::read(&args[0]).expect("reading the module");
    let module = if bytes.starts_with(phantom_vm::module::MAGIC) {
        phantom_vm::module::Module::decode(&bytes).unwrap_or_else(|e| panic!("{e}"))
    } else {
        assemble(&String::from_utf8_lossy(&bytes)).unwrap_or_else(|e| panic!("{e}"))
    };
    let mut host = StdHost(Instant::now());
    let mut world = World::create(vec![0u64; 64 << 17], &mut host).expect("world");
    // The Java class library, if `cargo xtask java` has built it.
    if let Ok(lib) = std::env::var("PHANTOM_LIBRARY").map(std::fs::read) {
        let lib = phantom_vm::module::Module::decode(&lib.expect("reading the library")).expect("library");
        world.load_library(&lib).unwrap_or_else(|e| panic!("{e}"));
    }
    world.load_module(&module).unwrap_or_else(|e| panic!("{e}"));
    let argv: Vec<&str> = args[2..].iter().map(String::as_str).collect();
    let t = world.spawn_main(&args[1], &argv, 0).expect("spawn");
    let started = Instant::now();
    loop {
        match world.run(&mut host, 2000) {
            Run::Ran => {}
            Run::Idle(Some(_)) => std::thread::yield_now(),
            Run::Idle(None) => break,
        }
        world.gc_step(1 << 16);
    }
    let th = &world.threads[t as usize];
    if let Some(e) = &th.uncaught {
        eprintln!("uncaught: {e}");
    }
    eprintln!(
        "{:?} after {:.3} s, {} safepoints",
        th.state,
        started.elapsed().as_secs_f64(),
        world.counters.safepoints
    );
    std::process::exit(match th.state {
        State::Done(s) => s,
        _ => 3,
    });
}
