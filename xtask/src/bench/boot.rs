//! The `boot` group: power-on to the first user process, Phantom against
//! Linux, in the same machine.
//!
//! "Power-on" is just before xtask starts QEMU; "the first user process"
//! is the moment its first line, [`MARKER`], arrives on the host from the
//! serial port: Phantom's `/bin/sh` (pid 1) and Linux's `/init` (a busybox
//! shell script) both print it as their first action. Each system boots
//! [`BOOTS`] times, alternating, and the median counts. Target: Phantom in
//! at most a quarter of Linux's time.
//!
//! [`MARKER`]: super::machines::MARKER

use std::time::Duration;

use anyhow::Result;

use super::machines::{Job, Machines, System};
use super::report::{median, Group, Row, Unit};

pub const NAME: &str = "boot";
pub const TITLE: &str = "boot time: power-on to the first user process";
/// Boots per system; the median counts.
const BOOTS: usize = 3;
/// Phantom's time over Linux's, at most.
const TARGET: f64 = 0.25;
/// The most one boot may take (Linux needs about 4 s under TCG).
const TIMEOUT: Duration = Duration::from_secs(90);

pub fn run(machines: &Machines) -> Result<Group> {
    let mut phantom = Vec::new();
    let mut linux = Vec::new();
    let mut failures: Vec<String> = Vec::new();
    let job = Job {
        command: "true",
        files: &[],
        timeout: TIMEOUT,
        progress: false,
    };
    for boot in 1..=BOOTS {
        for system in [System::Linux, System::Phantom] {
            let run = machines.run(system, NAME, &job)?;
            match run.marker_after {
                Some(after) => {
                    let seconds = after.as_secs_f64();
                    eprintln!(
                        "xtask: bench: {NAME}: {} boot {boot}/{BOOTS}: {seconds:.2} s",
                        system.label()
                    );
                    match system {
                        System::Phantom => phantom.push(seconds),
                        System::Linux => linux.push(seconds),
                    }
                }
                None => {
                    let why = run
                        .status
                        .err()
                        .unwrap_or_else(|| "the command ran but the marker never came".into());
                    eprintln!(
                        "xtask: bench: {NAME}: {} boot {boot}/{BOOTS}: no marker: {why}",
                        system.label()
                    );
                    failures.push(format!("{} boot {boot}: {why}", system.label()));
                }
            }
        }
    }
    Ok(Group {
        name: NAME,
        title: TITLE,
        anchor: "Linux".to_string(),
        setup: format!(
            "Phantom (`run --exec`, direct PVH boot) against {} (QEMU's Linux loader, \
             busybox initramfs), both with `quiet`, in the same QEMU machine: from \
             just before QEMU starts to the first user process's first line on the \
             serial port, timed on the host; median of {BOOTS} boots each.",
            machines.linux.describe()
        ),
        rows: vec![row(&phantom, &linux, &failures)],
    })
}

/// The row: the medians, with every sample in the note.
fn row(phantom: &[f64], linux: &[f64], failures: &[String]) -> Row {
    let value = |samples: &[f64], system: System| {
        median(samples).ok_or_else(|| {
            let why: Vec<&str> = failures
                .iter()
                .filter(|f| f.starts_with(system.label()))
                .map(String::as_str)
                .collect();
            format!(
                "no boot reached the first user process ({})",
                why.join("; ")
            )
        })
    };
    let list = |samples: &[f64]| {
        samples
            .iter()
            .map(|s| format!("{s:.2}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Row {
        name: "boot".to_string(),
        what: format!("power-on to first user process (median of {BOOTS})"),
        unit: Unit::Seconds,
        phantom: value(phantom, System::Phantom),
        anchor: value(linux, System::Linux),
        target: TARGET,
        note: Some(format!(
            "boots in seconds: Phantom {}; Linux {}",
            list(phantom),
            list(linux)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_row_takes_medians_and_keeps_the_samples() {
        let row = row(&[1.2, 0.9, 1.0], &[4.4, 4.1, 4.2], &[]);
        assert_eq!(row.phantom, Ok(1.0));
        assert_eq!(row.anchor, Ok(4.2));
        assert_eq!(row.met(), Some(true));
        assert_eq!(
            row.note.as_deref(),
            Some("boots in seconds: Phantom 1.20, 0.90, 1.00; Linux 4.40, 4.10, 4.20")
        );
    }

    #[test]
    fn a_system_that_never_booted_has_no_value() {
        let failures = vec!["Phantom boot 1: timed out".to_string()];
        let row = row(&[], &[4.0], &failures);
        assert_eq!(
            row.phantom,
            Err("no boot reached the first user process (Phantom boot 1: timed out)".into())
        );
        assert_eq!(row.ratio(), None);
    }
}
