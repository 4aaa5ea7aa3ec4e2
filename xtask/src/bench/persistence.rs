//! The `persistence` group: the snapshot engine against the physical limit
//! and against itself at other sizes, all on Phantom, each row from boots
//! of the same kernel on the same QEMU settings (with more memory and a
//! bigger disk than the other groups, for the big heaps).
//!
//! - Snapshot pause (the stop-the-world part, measured by the kernel) with
//!   1, 16, 64, 256 and 512 MiB of dirtied objects: `bench/native/dirty.phs`
//!   dirties every page of its arrays and asks for a snapshot (its thread
//!   parks in the call), a few rounds per size. The anchor is the pause at
//!   1 MiB; target: within 2x. The pauses of the throughput runs below,
//!   which stop a running thread, are in those rows' notes.
//! - Snapshot write rate (bytes the store wrote over the time its commits
//!   took, at the biggest size) against the raw disk: `phantom rawbench`
//!   writes the disk's scratch area (outside the store) sequentially in the
//!   same boot, in 64 KiB requests and a flush. Target: at least 0.8x.
//! - Throughput of `bench/native/work.phs` (array updates and garbage) with
//!   snapshots every 1 s, 100 ms and 10 ms, against snapshots off. Target:
//!   at least 0.95x (time per iteration at most 1/0.95).
//! - Restart time (from the kernel's "world restored ... in N ms") from a
//!   store holding 512 MiB of objects, against one holding 16 MiB. Target:
//!   within 2x (restart should not grow with the heap).

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};

use super::machines::Machines;
use super::report::{median, Group, Row, Unit};
use crate::exec::{self, Exec, Input};

pub const NAME: &str = "persistence";
pub const TITLE: &str = "persistence against the physical limit (snapshot pause, write rate, restart)";

const ROUNDS: usize = 11;
const DISK_MIB: u64 = 2048;
const SCRATCH_MIB: u64 = 256;
const WORK_ITERATIONS: u64 = 1_500_000;
const TIMEOUT: Duration = Duration::from_secs(900);

fn program(paths_root: &Path, name: &str) -> Result<Vec<u8>> {
    let path = paths_root.join("bench/native").join(name);
    std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))
}

/// One boot of Phantom with `disk`, a heap of `heap_mib` and `append` on the
/// command line, running `command`; returns the console output.
fn boot(
    machines: &Machines,
    root: &Path,
    stem: &str,
    command: &str,
    disk: &Path,
    heap_mib: u64,
    append: &str,
) -> Result<String> {
    let mut image = machines.phantom.image.clone();
    for name in ["dirty.phs", "work.phs", "fill.phs"] {
        image.add_file(&format!("b/{name}"), 0o644, program(root, name)?)?;
    }
    let log = machines.dir.join(format!("{stem}.log"));
    let append = format!("quiet vmheap={heap_mib} vmscratch={SCRATCH_MIB} {append}");
    let memory_mib = (heap_mib as u32 * 5 / 4 + 384).max(512);
    let exec = Exec {
        memory_mib,
        command,
        kernel: &machines.phantom.kernel,
        image: &image,
        append: &append,
        accel: machines.accel,
        disk: Some(disk),
        timeout: TIMEOUT,
        log: &log,
    };
    let stderr = File::create(log.with_extension("stderr"))?;
    let mut out = Vec::new();
    let ending = exec.run(Input::Nothing, &mut out, stderr.into())?;
    let text = String::from_utf8_lossy(&out).into_owned();
    std::fs::write(machines.dir.join(format!("{stem}.out")), &text)?;
    match ending {
        exec::Ending::Status(0) => Ok(text),
        exec::Ending::Status(s) => anyhow::bail!("status {s}: {}", last_lines(&text)),
        exec::Ending::NoStatus(why) => anyhow::bail!("{why}: {}", last_lines(&text)),
    }
}

fn last_lines(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(3)..].join(" | ")
}

/// A fresh sparse disk image.
fn fresh_disk(machines: &Machines, name: &str) -> Result<PathBuf> {
    let path = machines.dir.join(format!("{name}.img"));
    let _ = std::fs::remove_file(&path);
    let f = File::create(&path)?;
    f.set_len(DISK_MIB << 20)?;
    Ok(path)
}

/// The number after `key` on the line that has it, e.g. `median 35 us`.
fn number_after(text: &str, line_start: &str, key: &str) -> Option<f64> {
    let line = text.lines().find(|l| l.trim_start().starts_with(line_start))?;
    let at = line.find(key)? + key.len();
    line[at..].split_whitespace().next()?.trim_end_matches(',').parse().ok()
}

fn heap_for(size_mib: u64) -> u64 {
    (size_mib + size_mib / 8 + 48).max(64)
}

struct Pause {
    median_us: f64,
    p99_us: f64,
    max_us: f64,
}

pub fn run(root: &Path, machines: &Machines, quick: bool) -> Result<Group> {
    std::fs::create_dir_all(&machines.dir)?;
    let sizes: &[u64] = if quick { &[1, 16, 64] } else { &[1, 16, 64, 256, 512] };
    let mut rows = Vec::new();

    // Pauses, and the write rate at the biggest size.
    let mut pauses: Vec<(u64, Result<Pause, String>)> = Vec::new();
    let mut rates: Option<Result<(f64, f64), String>> = None;
    let biggest = *sizes.last().unwrap();
    for &size in sizes {
        eprintln!("xtask: bench: {NAME}: {size} MiB dirty, {ROUNDS} rounds");
        let disk = fresh_disk(machines, "persistence-disk")?;
        let raw = if size == biggest { "phantom rawbench; " } else { "" };
        let command = format!("{raw}phantom run /b/dirty.phs Dirty {size} {ROUNDS} && phantom stat");
        let out = boot(machines, root, &format!("persistence-dirty-{size}"), &command, &disk, heap_for(size), "snapshot_ms=0");
        let _ = std::fs::remove_file(&disk);
        let parsed = out.map_err(|e| format!("{e:#}")).and_then(|text| {
            let p = Pause {
                median_us: number_after(&text, "pause:", "median ").ok_or("no pause in `phantom stat`")?,
                p99_us: number_after(&text, "pause:", "p99 ").ok_or("no p99")?,
                max_us: number_after(&text, "pause:", "max ").ok_or("no max")?,
            };
            if size == biggest {
                let snap = number_after(&text, "write rate:", "write rate: ").ok_or("no write rate");
                let raw = text
                    .lines()
                    .find(|l| l.starts_with("raw write:"))
                    .and_then(|l| l.rsplit(": ").next())
                    .and_then(|v| v.split_whitespace().next())
                    .and_then(|v| v.parse::<f64>().ok())
                    .ok_or("no raw write rate");
                rates = Some(match (snap, raw) {
                    (Ok(s), Ok(r)) => Ok((s / 1000.0, r / 1000.0)),
                    (Err(e), _) | (_, Err(e)) => Err(e.to_string()),
                });
            }
            Ok(p)
        });
        if let Ok(p) = &parsed {
            eprintln!(
                "xtask: bench: {NAME}: {size} MiB: pause median {} us, p99 {} us, max {} us",
                p.median_us, p.p99_us, p.max_us
            );
        }
        pauses.push((size, parsed));
    }
    let base = pauses[0].1.as_ref().map(|p| p.median_us * 1000.0).map_err(|e| e.clone());
    for (size, p) in &pauses[1..] {
        let (phantom, note) = match p {
            Ok(p) => (
                Ok(p.median_us * 1000.0),
                Some(format!("p99 {} µs, max {} µs over {} snapshots", p.p99_us, p.max_us, ROUNDS + 1)),
            ),
            Err(e) => (Err(e.clone()), None),
        };
        rows.push(Row {
            name: format!("pause_{size}mib"),
            what: format!("snapshot pause, {size} MiB dirty (anchor: 1 MiB dirty)"),
            unit: Unit::NsPerOp,
            phantom,
            anchor: base.clone(),
            target: 2.0,
            note,
        });
    }
    let (snap, raw) = match rates.unwrap_or_else(|| Err("not measured".into())) {
        Ok((s, r)) => (Ok(s), Ok(r)),
        Err(e) => (Err(e.clone()), Err(e)),
    };
    rows.push(Row {
        name: "snapshot_write_rate".into(),
        what: format!("snapshot write rate at {biggest} MiB (anchor: raw sequential write, same disk, same boot)"),
        unit: Unit::MbPerS,
        phantom: snap,
        anchor: raw,
        target: 0.8,
        note: None,
    });

    // Throughput under snapshots.
    // The pauses of these snapshots stop a thread that is running (not
    // parked as in the pause rows above): they are reported in the notes.
    let mut per_op: Vec<(u64, Result<f64, String>, Option<String>)> = Vec::new();
    for interval in [0u64, 1000, 100, 10] {
        eprintln!("xtask: bench: {NAME}: throughput, snapshots every {interval} ms (0: off)");
        let disk = fresh_disk(machines, "persistence-disk")?;
        let command = format!("phantom run /b/work.phs Work {WORK_ITERATIONS} && phantom stat");
        let out = boot(machines, root, &format!("persistence-work-{interval}"), &command, &disk, 64, &format!("snapshot_ms={interval}"));
        let _ = std::fs::remove_file(&disk);
        let note = out.as_ref().ok().and_then(|text| {
            let median = number_after(text, "pause:", "median ")?;
            let p99 = number_after(text, "pause:", "p99 ")?;
            Some(format!("pause with the worker running: median {median} µs, p99 {p99} µs"))
        });
        let value = out.map_err(|e| format!("{e:#}")).and_then(|text| {
            let ns = number_after(&text, "work:", "iterations in ").ok_or("no `work:` line")?;
            Ok(ns / WORK_ITERATIONS as f64)
        });
        per_op.push((interval, value, note));
    }
    let off = per_op[0].1.clone();
    for (interval, value, note) in &per_op[1..] {
        let label = if *interval >= 1000 { format!("{} s", interval / 1000) } else { format!("{interval} ms") };
        rows.push(Row {
            name: format!("throughput_{interval}ms"),
            what: format!("time per work iteration, snapshots every {label} (anchor: snapshots off)"),
            unit: Unit::NsPerOp,
            phantom: value.clone(),
            anchor: off.clone(),
            target: 1.0 / 0.95,
            note: note.clone(),
        });
    }

    // Restart.
    let restart_sizes: [u64; 2] = if quick { [16, 64] } else { [16, 512] };
    let mut restarts = Vec::new();
    for size in restart_sizes {
        eprintln!("xtask: bench: {NAME}: restart from a {size} MiB store");
        let disk = fresh_disk(machines, "persistence-disk")?;
        let heap = heap_for(size);
        let fill = boot(machines, root, &format!("persistence-fill-{size}"), &format!("phantom run /b/fill.phs Fill {size}"), &disk, heap, "snapshot_ms=0");
        let value = fill.map_err(|e| format!("{e:#}")).and_then(|_| {
            let mut times = Vec::new();
            for i in 0..ROUNDS {
                let text = boot(machines, root, &format!("persistence-restart-{size}-{i}"), "phantom ps", &disk, heap, "snapshot_ms=0")
                    .map_err(|e| format!("{e:#}"))?;
                let ms = text
                    .lines()
                    .find(|l| l.contains("world restored from generation"))
                    .and_then(|l| l.split(" in ").nth(1))
                    .and_then(|v| v.split_whitespace().next())
                    .and_then(|v| v.parse::<f64>().ok())
                    .ok_or("no `world restored ... in N ms` line")?;
                times.push(ms / 1000.0);
            }
            median(&times).ok_or_else(|| "no restart time".to_string())
        });
        let _ = std::fs::remove_file(&disk);
        restarts.push(value);
    }
    rows.push(Row {
        name: "restart".into(),
        what: format!(
            "restart time, {} MiB store (anchor: {} MiB store)",
            restart_sizes[1], restart_sizes[0]
        ),
        unit: Unit::Seconds,
        phantom: restarts[1].clone(),
        anchor: restarts[0].clone(),
        target: 2.0,
        note: Some("to the world resuming; pages are mapped from the disk as they are touched, the rest is read in the background".into()),
    });

    Ok(Group {
        name: NAME,
        title: TITLE,
        anchor: "anchor".into(),
        setup: format!(
            "Phantom only: each row compares Phantom with itself at another size or setting, or with the raw disk, \
             in boots of the same kernel (accel {:?}, virtio-blk on a sparse {DISK_MIB} MiB raw file, memory scaled to the heap).",
            machines.accel
        ),
        rows,
    })
}
