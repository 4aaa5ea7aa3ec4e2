//! The native personality in the guest, driven through the `phantom` command.
//!
//! - `native-run`: `phantom run` of an assembler program: its output, exit
//!   status 0; an uncaught exception gives status 1 and the exception's text;
//!   a module the verifier rejects and a missing class give status 2 and a
//!   message; `phantom ps` and `phantom stat` answer.
//! - `native-persist`: a counter started with `phantom start` on a disk;
//!   QEMU is killed with SIGKILL at random moments (snapshots every 50 ms, so
//!   often in the middle of one), dozens of times in a row. After every
//!   reboot the count goes on from at least the last value the program
//!   reported durable (it calls `phantom/System.snapshot()` every 20 counts
//!   and then prints `durable N`), never from zero, with no count skipped
//!   or repeated within a boot.
//! - `native-fallback`: page 0 of the newest generation is damaged on the
//!   disk; the next boot says the generation is damaged, falls back to the
//!   one before, and the counter runs on.
//!
//! Files are kept in `target/phantom/test-logs/NAME/`.

use std::io::{Seek, SeekFrom, Write};

use super::*;
use crate::initramfs::Initramfs;

const PROGRAMS: &str = "tests/native";
/// Reboots in `native-persist`.
const KILLS: usize = 24;

fn program(context: &TestContext, name: &str, guest: &str) -> Result<AddSpec> {
    let host = context.paths.root.join(PROGRAMS).join(name);
    AddSpec::parse(&format!("{}:{guest}", host.display())).map_err(|e| anyhow::anyhow!(e))
}

pub fn run(context: &TestContext) -> Result<()> {
    let adds = [
        program(context, "hello.phs", "/n/hello.phs")?,
        program(context, "bad.phs", "/n/bad.phs")?,
    ];
    let command = "phantom run /n/hello.phs Hello a b; echo \"status=$?\"; \
                   phantom run /n/hello.phs Hello boom; echo \"status=$?\"; \
                   phantom run /n/bad.phs Bad; echo \"status=$?\"; \
                   phantom run /n/hello.phs Nope; echo \"status=$?\"; \
                   phantom ps; phantom stat";
    let run = context.exec(command, &adds, &context.log())?;
    let status = run.status()?;
    let out = String::from_utf8_lossy(&run.output).into_owned();
    ensure!(status == 0, "status {status}; output:\n{out}");
    let want = [
        "args:2 a b\nfib(20)=6765\nstatus=0\n",
        "args:1 boom\nException in thread \"main\" java.lang.IllegalStateException: boom was asked for\n\tat Hello.main(Hello.java)\nstatus=1\n",
        "phantom: Bad.main()V at pc 0: register r1 read before it is set\nstatus=2\n",
        "phantom: class Nope not found\nstatus=2\n",
        "  TID STATE      WHERE\n",
        "snapshots: 0 durable, 0 failed",
        "heap: ",
    ];
    let mut at = 0;
    for w in want {
        match out[at..].find(w) {
            Some(i) => at += i + w.len(),
            None => bail!("the output lacks {w:?} (after byte {at}):\n{out}"),
        }
    }
    Ok(())
}

/// A small xorshift generator for the kill times (seeded from the clock;
/// the seed is in the log).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// The `count N` and `durable N` values in `text`, in order: (is_durable, N).
fn counts(text: &str) -> Vec<(bool, u64)> {
    let mut v = Vec::new();
    // A line cut by the kill (no newline yet) says nothing reliable.
    let complete = &text[..text.rfind('\n').map_or(0, |i| i + 1)];
    for line in complete.lines() {
        let line = line.trim_end_matches('\r');
        // The shell's prompt may share the line (the counter writes to the
        // console while the shell waits there).
        for (word, durable) in [("count ", false), ("durable ", true)] {
            if let Some(at) = line.find(word) {
                if let Ok(n) = line[at + word.len()..].trim().parse() {
                    v.push((durable, n));
                }
            }
        }
    }
    v
}

/// An initramfs with the counter in it, and a direct-boot machine on `disk`.
/// A program that counts, prints `count N`, and every 20 counts asks for a
/// snapshot and prints `durable N`; `start` starts it with `phantom start`.
pub struct Counter {
    pub add: AddSpec,
    pub start: String,
}

fn assembler_counter(context: &TestContext) -> Result<Counter> {
    Ok(Counter {
        add: program(context, "counter.phs", "/c.phs")?,
        start: "phantom start /c.phs Counter".into(),
    })
}

/// A direct-boot machine on `disk` with the counter in its image. With
/// `start`, the boot runs the start command as its first process (instead
/// of an interactive shell, which can swallow typed input while it asks
/// the terminal where the cursor is), then waits.
fn counter_machine(context: &TestContext, dir: &Path, disk: &Path, counter: &Counter, start: bool) -> Result<QemuConfig> {
    let mut image: Initramfs = context.built.image.clone();
    image.add_host(&counter.add)?;
    let name = if start {
        image.add_file(crate::exec::EXEC_FILE, 0o644, format!("{}; sleep 600\n", counter.start).into_bytes())?;
        "initramfs-start.cpio"
    } else {
        "initramfs.cpio"
    };
    let initramfs = dir.join(name);
    std::fs::write(&initramfs, image.to_cpio())?;
    let mut config = context.machine(Boot::Direct {
        kernel: context.built.kernel.clone(),
        initramfs,
        cmdline: "snapshot_ms=50".into(),
    });
    config.disk = Some(disk.to_path_buf());
    Ok(config)
}

fn fresh_disk(dir: &Path) -> Result<PathBuf> {
    let disk = dir.join("disk.img");
    let _ = std::fs::remove_file(&disk);
    disk::ensure_user_disk(&disk)?;
    Ok(disk)
}

/// Boots with the start command, waits until the counter has reported
/// `durable`s, then pulls the plug.
fn first_boot(config: &QemuConfig, log: &Path, durables: usize) -> Result<String> {
    let mut vm = Vm::start(config, log, TEST_LIMIT)?;
    let mut at = vm.wait_for("started thread", 0)?;
    for _ in 0..durables {
        at = vm.wait_for("durable", at)?;
        at = vm.wait_for("\n", at)?;
    }
    ensure!(vm.output().contains("new world on the disk"), "the first boot did not make a new world");
    vm.kill();
    Ok(vm.output())
}

pub fn persist(context: &TestContext) -> Result<()> {
    let counter = assembler_counter(context)?;
    persist_with(context, &counter, KILLS)
}

/// The kill test for any counter program, with `kills` reboots.
pub fn persist_with(context: &TestContext, counter: &Counter, kills: usize) -> Result<()> {
    let dir = context.files_dir()?;
    let disk = fresh_disk(&dir)?;
    let first = counter_machine(context, &dir, &disk, counter, true)?;
    let config = counter_machine(context, &dir, &disk, counter, false)?;
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
        | 1;
    let mut rng = Rng(seed);
    let mut notes = std::fs::File::create(dir.join("kills.txt"))?;
    writeln!(notes, "seed {seed}")?;

    let out = first_boot(&first, &dir.join("boot-00.log"), 1)?;
    let mut durable = last_durable(&out).context("no `durable` before the first kill")?;
    let mut highest = highest_count(&out);
    for round in 1..=kills {
        let log = dir.join(format!("boot-{round:02}.log"));
        let mut vm = Vm::start(&config, &log, TEST_LIMIT)?;
        let restored = vm.wait_for("world restored from generation", 0)?;
        // Run between 0.2 and 1.5 s after the restore, then pull the plug.
        let ms = 200 + rng.next() % 1300;
        std::thread::sleep(Duration::from_millis(ms));
        vm.kill();
        let text = vm.output();
        let after = &text[restored..];
        let seen = counts(after);
        let first = seen.iter().find(|(d, _)| !d).map(|&(_, n)| n);
        writeln!(notes, "round {round}: killed after {ms} ms; first count {first:?}, last durable before {durable}")?;
        let Some(first) = first else {
            // Killed before the counter printed again: nothing to compare.
            continue;
        };
        ensure!(
            first > durable,
            "round {round}: the count went on from {first}, but {durable} had been reported durable (log {})",
            log.display()
        );
        // Counts printed just before a kill may never reach the serial port,
        // so the count may go on from a little past the last one seen.
        ensure!(first <= highest + 20, "round {round}: count {first} is far ahead of anything counted before ({highest})");
        // Within a boot the count only goes up (a line split by the
        // shell's prompt may be lost, so not always by exactly one).
        let plain: Vec<u64> = seen.iter().filter(|(d, _)| !d).map(|&(_, n)| n).collect();
        for pair in plain.windows(2) {
            ensure!(pair[1] > pair[0], "round {round}: count {} followed {} (log {})", pair[1], pair[0], log.display());
        }
        if let Some(d) = last_durable(after) {
            durable = durable.max(d);
        }
        highest = highest.max(highest_count(after));
    }
    ensure!(durable >= 40, "the counter reached only {durable} durable in {kills} boots");
    Ok(())
}

fn last_durable(text: &str) -> Option<u64> {
    counts(text).iter().rev().find(|(d, _)| *d).map(|&(_, n)| n)
}

fn highest_count(text: &str) -> u64 {
    counts(text).iter().map(|&(_, n)| n).max().unwrap_or(0)
}

pub fn fallback(context: &TestContext) -> Result<()> {
    let dir = context.files_dir()?;
    let disk = fresh_disk(&dir)?;
    let counter = assembler_counter(context)?;
    let first = counter_machine(context, &dir, &disk, &counter, true)?;
    let config = counter_machine(context, &dir, &disk, &counter, false)?;
    first_boot(&first, &dir.join("boot-1.log"), 3)?;
    // Damage page 0 of the newest generation (it changes in every snapshot,
    // so the generation before has its own copy).
    let (generation, block) = {
        let file = phantom_store::FileDisk::open(&disk)?;
        let (store, _) = phantom_store::Store::open(file).map_err(|e| anyhow::anyhow!("{e}"))?;
        let block = store.page_block(0).context("the store has no page 0")?;
        (store.generation(), block)
    };
    let mut f = std::fs::OpenOptions::new().write(true).open(&disk)?;
    f.seek(SeekFrom::Start(block * 4096 + 100))?;
    f.write_all(b"damaged by native-fallback")?;
    drop(f);
    let mut vm = Vm::start(&config, &dir.join("boot-2.log"), TEST_LIMIT)?;
    let at = vm.wait_for(&format!("generation {generation} is damaged"), 0)?;
    let at = vm.wait_for(&format!("world restored from generation {}", generation - 1), at)?;
    let at = vm.wait_for("count", at)?;
    vm.wait_for("count", at)?;
    vm.kill();
    Ok(())
}

/// `phantom call`: a Java object made the world's root by one program is
/// called by name from the shell (its output, its result, errors), and
/// again after a reboot from the same disk, where it still holds its state.
pub fn call(context: &TestContext) -> Result<()> {
    let dir = context.files_dir()?;
    let disk = fresh_disk(&dir)?;
    let source = context.paths.root.join("tests/java/Notes.java");
    let module = crate::java::compile(context.paths, &[source], "notes")?;
    let phm = dir.join("notes.phm");
    std::fs::write(&phm, module.encode())?;
    let adds = [AddSpec::parse(&format!("{}:/t/notes.phm", phm.display())).map_err(|e| anyhow::anyhow!(e))?];
    let first = "phantom run /t/notes.phm Notes && phantom call root add milk && \
                 phantom call root add eggs && phantom call Notes.book size && \
                 phantom call root get 1 && phantom call root has milk && \
                 phantom call root total 40 -5 && phantom call root print && phantom snapshot >/dev/null";
    let second = "phantom call root all; phantom call Notes.book add tea; \
                  phantom call root get 5; echo \"status=$?\"; \
                  phantom call root nosuch; echo \"status=$?\"; \
                  phantom call root get x; echo \"status=$?\"; \
                  phantom call Nope.book size; echo \"status=$?\"";
    let mut outs = Vec::new();
    for (i, command) in [first, second].iter().enumerate() {
        let run = context.exec_on_disk(command, &adds, &dir.join(format!("boot-{}.log", i + 1)), &disk)?;
        let status = run.status()?;
        let out = String::from_utf8_lossy(&run.output).into_owned();
        ensure!(status == 0, "boot {}: status {status}; output:\n{out}", i + 1);
        outs.push(out);
    }
    let want_first = "notes ready\n1\n2\n2\neggs\ntrue\n37\n- milk\n- eggs\n";
    let fresh = "phantom: new world on the disk (64 MiB heap)\n";
    ensure!(
        outs[0] == format!("{fresh}{want_first}"),
        "first boot: want {:?}, got {:?}",
        format!("{fresh}{want_first}"),
        outs[0]
    );
    let want_second = [
        "milk,eggs\n3\n",
        "Exception in thread \"main\" java.lang.IndexOutOfBoundsException",
        "status=1\n",
        "phantom: Notes has no method nosuch taking 0 String/int/long/boolean/double arguments\nstatus=2\n",
        "phantom: argument 1 (x) is not a valid int\nstatus=2\n",
        "phantom: class Nope not found\nstatus=2\n",
    ];
    let mut at = 0;
    for w in want_second {
        match outs[1][at..].find(w) {
            Some(i) => at += i + w.len(),
            None => bail!("the second boot's output lacks {w:?} (after byte {at}):\n{}", outs[1]),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::counts;

    #[test]
    fn counts_read_whole_lines_only() {
        let text = "count 1\r\n/ # \x1b[6ncount 2\ndurable 2\ncount 3\ncount 4";
        assert_eq!(counts(text), vec![(false, 1), (false, 2), (true, 2), (false, 3)]);
        assert!(counts("count 47").is_empty());
    }
}
