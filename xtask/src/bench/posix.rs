//! The `posix` group: `bench/lmbench.c`, built static with musl, run on
//! Phantom and on Linux in the same machine, one row per benchmark.
//!
//! The program runs once per benchmark (a shell loop), so a benchmark that
//! crashes on one system costs only its own row. Targets: every row within
//! 1.0x of Linux, equal or better.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result};

use super::console;
use super::machines::{GuestFile, Job, Machines, Run, System};
use super::report::{Better, Group, Row, Unit};
use crate::fsutil::create_dir;
use crate::musl;
use crate::paths::Paths;

pub const NAME: &str = "posix";
pub const TITLE: &str = "POSIX against Linux (lmbench-style microbenchmarks)";
/// Where the program is in both guests.
const GUEST_PROGRAM: &str = "bin/lmbench";
/// The ratio aimed at: Phantom no slower than Linux.
const TARGET: f64 = 1.0;
/// The boots, in order: each system twice, so that a change in the host's
/// load during the run (it is shared) weighs on both alike.
const ORDER: &[System] = &[
    System::Linux,
    System::Phantom,
    System::Phantom,
    System::Linux,
];
/// How long one system may take for the whole suite.
const TIMEOUT_QUICK: Duration = Duration::from_secs(300);
const TIMEOUT_FULL: Duration = Duration::from_secs(1200);

/// One benchmark of `bench/lmbench.c`.
pub struct Benchmark {
    /// Its name in the program and in the results.
    pub name: &'static str,
    /// What it measures, for the table.
    pub what: &'static str,
    pub unit: Unit,
}

const fn ns(name: &'static str, what: &'static str) -> Benchmark {
    Benchmark {
        name,
        what,
        unit: Unit::NsPerOp,
    }
}

/// Every benchmark, in the order they run.
pub const BENCHMARKS: &[Benchmark] = &[
    ns("null_syscall", "null syscall (getppid)"),
    ns("getpid", "getpid (syscall(SYS_getpid))"),
    ns("open_close", "open+close of a tmpfs file"),
    ns("stat", "stat of a tmpfs file"),
    ns("read_4k", "4 KiB read (pread, tmpfs)"),
    ns("write_4k", "4 KiB write (pwrite, tmpfs)"),
    ns("fork_exit", "fork+exit+wait"),
    ns("fork_exec", "fork+exec(/bin/true, busybox)+wait"),
    ns("pipe_latency", "pipe round trip, 1 byte each way"),
    Benchmark {
        name: "pipe_bandwidth",
        what: "pipe bandwidth, 64 KiB writes",
        unit: Unit::MbPerS,
    },
    ns("page_fault", "anonymous page fault (write)"),
    ns("mmap_munmap", "mmap+munmap of 1 MiB (untouched)"),
    ns("signal", "signal round trip (kill self, handler)"),
];

/// Runs the suite on both systems, twice each, in the order [`ORDER`], and
/// makes the rows from the best value of each system.
pub fn run(paths: &Paths, machines: &Machines, quick: bool) -> Result<Group> {
    let program = build_program(paths)?;
    let data =
        std::fs::read(&program).with_context(|| format!("cannot read {}", program.display()))?;
    let files = [GuestFile {
        path: GUEST_PROGRAM,
        perm: 0o755,
        data,
    }];
    let command = suite_command(quick);
    let timeout = if quick { TIMEOUT_QUICK } else { TIMEOUT_FULL };
    let mut phantom = Vec::new();
    let mut linux = Vec::new();
    for (index, &system) in ORDER.iter().enumerate() {
        eprintln!(
            "xtask: bench: {NAME}: {} (run {} of {}) ...",
            system.label(),
            index + 1,
            ORDER.len()
        );
        let name = format!("{NAME}-{}", index + 1);
        let job = Job {
            command: &command,
            files: &files,
            timeout,
            progress: true,
        };
        let run = machines.run(system, &name, &job)?;
        if let Err(why) = &run.status {
            eprintln!(
                "xtask: bench: {NAME}: {} did not finish: {why}",
                system.label()
            );
        }
        match system {
            System::Phantom => phantom.push(run),
            System::Linux => linux.push(run),
        }
    }
    let (samples, seconds) = if quick { (3, "0.05 s") } else { (5, "0.3 s") };
    Ok(Group {
        name: NAME,
        title: TITLE,
        anchor: "Linux".to_string(),
        setup: format!(
            "Phantom against {}, each booted in the same QEMU machine (q35, {}, 1 CPU, \
             512 MiB, no network, `quiet`) with the same static busybox, running one \
             static musl program (`bench/lmbench.c`{}). Each value is the best of {} \
             timed runs of about {seconds} each, over {} boots of each system. \
             Ratio = Phantom / Linux.",
            machines.linux.describe(),
            accel_text(machines),
            if quick { " --quick" } else { "" },
            samples * phantom.len(),
            phantom.len(),
        ),
        rows: rows(&phantom, &linux),
    })
}

fn accel_text(machines: &Machines) -> &'static str {
    match machines.accel {
        crate::qemu::Accel::Kvm => "KVM, -cpu host",
        _ => "TCG, -cpu max",
    }
}

/// The shell command both systems run: the program once per benchmark; a
/// run that dies says so (the program reports its own errors).
fn suite_command(quick: bool) -> String {
    let names: Vec<&str> = BENCHMARKS.iter().map(|b| b.name).collect();
    let quick = if quick { " --quick" } else { "" };
    format!(
        "for b in {}; do /{GUEST_PROGRAM}{quick} $b || echo \"bench-error $b exit status $?\"; done",
        names.join(" ")
    )
}

/// One row per benchmark, from each system's runs.
fn rows(phantom: &[Run], linux: &[Run]) -> Vec<Row> {
    BENCHMARKS
        .iter()
        .map(|bench| Row {
            name: bench.name.to_string(),
            what: bench.what.to_string(),
            unit: bench.unit,
            phantom: measured(phantom, bench),
            anchor: measured(linux, bench),
            target: TARGET,
            note: None,
        })
        .collect()
}

/// The best value for `bench` over some runs of one system, or why there
/// is none.
fn measured(runs: &[Run], bench: &Benchmark) -> Result<f64, String> {
    let mut best: Option<f64> = None;
    let mut problems: Vec<String> = Vec::new();
    for run in runs {
        match console::result_for(&console::parse(&run.console), bench.name) {
            Some(Ok((value, unit))) if unit == bench.unit => {
                best = Some(match (best, bench.unit.better()) {
                    (None, _) => value,
                    (Some(old), Better::Lower) => old.min(value),
                    (Some(old), Better::Higher) => old.max(value),
                });
            }
            Some(Ok((_, unit))) => problems.push(format!(
                "reported in {}, expected {}",
                unit.label(),
                bench.unit.label()
            )),
            Some(Err(why)) => problems.push(why),
            None => problems.push(match &run.status {
                Ok(status) => format!("no result (the suite exited with status {status})"),
                Err(why) => format!("no result: {why}"),
            }),
        }
    }
    match best {
        Some(value) => Ok(value),
        None if problems.is_empty() => Err("not run".to_string()),
        None => {
            problems.dedup();
            Err(problems.join("; "))
        }
    }
}

/// Compiles `bench/lmbench.c` into `target/phantom/bench/lmbench`.
fn build_program(paths: &Paths) -> Result<PathBuf> {
    let source = paths.root.join("bench").join("lmbench.c");
    let dir = paths.out.join("bench");
    create_dir(&dir)?;
    let program = dir.join("lmbench");
    musl::compile(&source, &program, &["-O2", "-Wall", "-Wextra"])?;
    Ok(program)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(console: &str, status: Result<u8, String>) -> Run {
        Run {
            console: console.to_string(),
            marker_after: None,
            status,
        }
    }

    /// Every benchmark in the table is one the program has, under the same
    /// name, with the same unit.
    #[test]
    fn the_table_matches_the_program() {
        let source = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../bench/lmbench.c"),
        )
        .unwrap();
        for bench in BENCHMARKS {
            let unit = match bench.unit {
                Unit::MbPerS => "MB_PER_S",
                _ => "NS_PER_OP",
            };
            let entry = format!("{{\"{}\", bench_{}, {unit},", bench.name, bench.name);
            assert!(source.contains(&entry), "lmbench.c lacks {entry}");
        }
        let entries = source.matches("{\"").count();
        assert_eq!(
            entries,
            BENCHMARKS.len(),
            "lmbench.c has benchmarks the table lacks"
        );
    }

    #[test]
    fn the_command_runs_each_benchmark_once() {
        let command = suite_command(true);
        assert!(command.starts_with("for b in null_syscall getpid open_close "));
        assert!(
            command.contains("/bin/lmbench --quick $b || echo \"bench-error $b exit status $?\"")
        );
        assert!(!suite_command(false).contains("--quick"));
    }

    #[test]
    fn rows_pair_the_two_runs() {
        let linux = run(
            "bench null_syscall 400 ns/op\r\nbench pipe_bandwidth 200 MB/s\r\n",
            Ok(0),
        );
        let phantom = run(
            "bench null_syscall 800 ns/op\nbench-error pipe_bandwidth pipe: Function not implemented\n\
             bench-error pipe_bandwidth exit status 1\nbench getpid 5 MB/s\n",
            Err("no exit status within 300 s".into()),
        );
        let rows = rows(&[phantom], &[linux]);
        assert_eq!(rows.len(), BENCHMARKS.len());
        let row = |name: &str| rows.iter().find(|r| r.name == name).unwrap();
        assert_eq!(row("null_syscall").ratio(), Some(2.0));
        assert_eq!(row("null_syscall").met(), Some(false));
        assert_eq!(
            row("pipe_bandwidth").phantom,
            Err("pipe: Function not implemented; exit status 1".into())
        );
        assert_eq!(row("pipe_bandwidth").anchor, Ok(200.0));
        assert_eq!(
            row("getpid").phantom,
            Err("reported in MB/s, expected ns/op".into())
        );
        assert_eq!(
            row("getpid").anchor,
            Err("no result (the suite exited with status 0)".into())
        );
        assert_eq!(
            row("signal").phantom,
            Err("no result: no exit status within 300 s".into())
        );
    }

    /// Over several runs the best value counts: the lowest time, the
    /// highest rate; a run that failed does not spoil one that worked.
    #[test]
    fn the_best_of_several_runs_counts() {
        let runs = [
            run(
                "bench null_syscall 500 ns/op\nbench pipe_bandwidth 150 MB/s\n",
                Ok(0),
            ),
            run(
                "bench null_syscall 400 ns/op\nbench pipe_bandwidth 120 MB/s\n",
                Ok(0),
            ),
            run(
                "bench-error null_syscall crashed\n",
                Err("timed out".into()),
            ),
        ];
        let bench = |name: &str| BENCHMARKS.iter().find(|b| b.name == name).unwrap();
        assert_eq!(measured(&runs, bench("null_syscall")), Ok(400.0));
        assert_eq!(measured(&runs, bench("pipe_bandwidth")), Ok(150.0));
        assert_eq!(
            measured(&runs[2..], bench("null_syscall")),
            Err("crashed".into())
        );
        assert_eq!(
            measured(&runs[..2], bench("signal")),
            Err("no result (the suite exited with status 0)".into())
        );
        assert_eq!(measured(&[], bench("signal")), Err("not run".into()));
    }
}
