//! `cargo xtask bench`: Phantom measured side by side with its anchors, in
//! the same run, on the same machine, with the same QEMU settings, and
//! reported as ratios (absolute times on a shared host drift; ratios made
//! in one run hold up better).
//!
//! The groups, each runnable alone with `cargo xtask bench GROUP`:
//!
//! - [`posix`]: lmbench-style microbenchmarks (`bench/lmbench.c`) on
//!   Phantom's POSIX personality against Debian's Linux kernel;
//! - [`boot`]: power-on to the first user process, against the same Linux;
//! - [`persistence`]: snapshot pause against heap size, snapshot write rate
//!   against the raw disk, throughput under snapshots, restart time;
//! - [`vm`]: Java programs on the native VM against the same in Lua 5.4 on
//!   Phantom, with `java -Xint` on the host as a reference line.
//!
//! The anchor machine is built by [`crate::linux`]; both systems are booted
//! by [`machines`]; [`console`] reads what they print, and [`report`] turns
//! the rows into `target/bench/GROUP.{md,json}` and the combined
//! `target/bench/results.{md,json}`. The markdown is also printed on
//! stdout; progress goes to stderr. A benchmark reports, it does not fail:
//! a missed target is a "no" in the table, and a measurement that could not
//! be made says why.

mod boot;
mod console;
mod json;
mod machines;
mod persistence;
mod posix;
mod report;
mod vm;

use std::path::Path;
use std::time::Instant;

use anyhow::Result;

use crate::build::{self, Want};
use crate::busybox::Busybox;
use crate::cli::{BenchOptions, ImageOptions};
use crate::fsutil::write_if_changed;
use crate::paths::Paths;
use crate::qemu::{self, Accel};
use crate::{linux, prereq, Exit};
use machines::Machines;
use report::{Group, Results, Unavailable};


/// The groups that cannot run yet.
const UNAVAILABLE: &[Unavailable] = &[];

/// The groups that run, in order.
const RUNNABLE: &[&str] = &[posix::NAME, boot::NAME, vm::NAME, persistence::NAME];

pub fn run(paths: &Paths, options: &BenchOptions) -> Result<i32> {
    let (runnable, unavailable) = select(options.group.as_deref())?;
    let started = Instant::now();
    let accel = if runnable.is_empty() {
        options.accel.resolve()
    } else {
        qemu::resolve_and_report(options.accel)
    };
    let mut groups: Vec<Group> = Vec::new();
    if !runnable.is_empty() {
        let machines = prepare(paths, accel)?;
        for name in &runnable {
            eprintln!("xtask: bench: group {name}");
            let group = match *name {
                posix::NAME => posix::run(paths, &machines, options.quick)?,
                persistence::NAME => persistence::run(&paths.root, &machines, options.quick)?,
                vm::NAME => vm::run(paths, &machines, options.quick)?,
                _ => boot::run(&machines)?,
            };
            write_group(&paths.target.join("bench"), &group)?;
            groups.push(group);
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let results = Results {
        summary: format!(
            "{} pass, accelerator {}, {:.0} s in all. Ratio = Phantom / anchor; \
             \"better\" says which way the ratio should go; \"met\" compares it with \
             the target.",
            if options.quick { "Quick" } else { "Full" },
            accel_name(accel),
            seconds
        ),
        quick: options.quick,
        accel: accel_name(accel),
        seconds,
        groups,
        unavailable,
    };
    let dir = paths.target.join("bench");
    write_if_changed(&dir.join("results.md"), results.markdown().as_bytes())?;
    write_if_changed(
        &dir.join("results.json"),
        results.to_json().render().as_bytes(),
    )?;
    print!("{}", results.markdown());
    eprintln!(
        "xtask: bench: results in {}/results.{{md,json}}",
        dir.display()
    );
    Ok(0)
}

/// The runnable groups and the unavailable ones that `group` picks (all
/// when `None`); an unknown name is a usage error.
fn select(group: Option<&str>) -> Result<(Vec<&'static str>, Vec<Unavailable>)> {
    let Some(group) = group else {
        return Ok((RUNNABLE.to_vec(), UNAVAILABLE.to_vec()));
    };
    if let Some(&name) = RUNNABLE.iter().find(|&&name| name == group) {
        return Ok((vec![name], Vec::new()));
    }
    if let Some(unavailable) = UNAVAILABLE.iter().find(|u| u.name == group) {
        return Ok((Vec::new(), vec![unavailable.clone()]));
    }
    let all: Vec<&str> = RUNNABLE
        .iter()
        .copied()
        .chain(UNAVAILABLE.iter().map(|u| u.name))
        .collect();
    Err(Exit::new(
        2,
        format!(
            "no benchmark group `{group}` (there are: {})",
            all.join(", ")
        ),
    )
    .into())
}

/// Builds Phantom (direct boot) and gets Debian's kernel and busybox.
fn prepare(paths: &Paths, accel: Accel) -> Result<Machines> {
    prereq::ensure(paths)?;
    let phantom = build::build_all(paths, &ImageOptions::default(), Want::DirectBoot)?;
    let linux = linux::kernel(paths)?;
    eprintln!(
        "xtask: bench: anchor {} ({})",
        linux.describe(),
        linux.vmlinuz.display()
    );
    Ok(Machines {
        phantom,
        busybox: Busybox::load(paths)?,
        linux,
        accel,
        dir: paths.out.join("bench"),
    })
}

fn write_group(dir: &Path, group: &Group) -> Result<()> {
    write_if_changed(
        &dir.join(format!("{}.md", group.name)),
        group.markdown().as_bytes(),
    )?;
    write_if_changed(
        &dir.join(format!("{}.json", group.name)),
        group.to_json().render().as_bytes(),
    )?;
    Ok(())
}

fn accel_name(accel: Accel) -> &'static str {
    match accel {
        Accel::Kvm => "KVM",
        _ => "TCG",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_picks_one_group() {
        let (runnable, unavailable) = select(None).unwrap();
        assert_eq!(runnable, ["posix", "boot", "vm", "persistence"]);
        assert!(unavailable.is_empty());

        let (runnable, _) = select(Some("persistence")).unwrap();
        assert_eq!(runnable, ["persistence"]);

        let (runnable, unavailable) = select(Some("boot")).unwrap();
        assert_eq!(runnable, ["boot"]);
        assert!(unavailable.is_empty());

        let (runnable, _) = select(Some("vm")).unwrap();
        assert_eq!(runnable, ["vm"]);

        let err = select(Some("lua")).unwrap_err();
        let exit = err.downcast_ref::<Exit>().unwrap();
        assert_eq!(exit.code, 2);
        assert!(exit.message.contains("posix, boot, vm, persistence"));
    }
}
