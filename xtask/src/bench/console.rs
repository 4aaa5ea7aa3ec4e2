//! What a benchmark machine prints on its console, as it arrives: the time
//! of the boot marker, the `bench` result lines (shown as progress), and,
//! once the run is over, the results parsed out of the whole text.
//!
//! The benchmark programs print one line per result,
//!
//!     bench NAME VALUE UNIT        e.g. `bench null_syscall 410.3 ns/op`
//!     bench-error NAME WHY         when NAME could not be measured
//!
//! and anything else (`# ...` comments, the Linux kernel's own messages) is
//! ignored. Lines may end in `\r\n` (Linux's serial console does that).

use std::io::{self, Write};
use std::time::{Duration, Instant};

use super::report::Unit;

/// One result line.
#[derive(Debug, Clone, PartialEq)]
pub enum Line {
    Result {
        name: String,
        value: f64,
        unit: Unit,
    },
    Error {
        name: String,
        why: String,
    },
}

/// The result line in `line`, if it is one.
pub fn parse_line(line: &str) -> Option<Line> {
    let line = line.trim();
    if let Some(rest) = line.strip_prefix("bench-error ") {
        let (name, why) = rest.trim().split_once(' ').unwrap_or((rest.trim(), ""));
        if name.is_empty() {
            return None;
        }
        return Some(Line::Error {
            name: name.to_string(),
            why: why.trim().to_string(),
        });
    }
    let words: Vec<&str> = line.strip_prefix("bench ")?.split_whitespace().collect();
    let [name, value, unit] = words.as_slice() else {
        return None;
    };
    let value: f64 = value.parse().ok()?;
    if !value.is_finite() || value < 0.0 {
        return None;
    }
    Some(Line::Result {
        name: name.to_string(),
        value,
        unit: Unit::parse(unit)?,
    })
}

/// Every result line of a console text, in order.
pub fn parse(text: &str) -> Vec<Line> {
    text.lines().filter_map(parse_line).collect()
}

/// The result for `name` in `lines`: the last value given, else the
/// errors given for it, else `None`.
pub fn result_for(lines: &[Line], name: &str) -> Option<Result<(f64, Unit), String>> {
    let value = lines.iter().rev().find_map(|line| match line {
        Line::Result {
            name: n,
            value,
            unit,
        } if n == name => Some((*value, *unit)),
        _ => None,
    });
    if let Some(value) = value {
        return Some(Ok(value));
    }
    let errors: Vec<&str> = lines
        .iter()
        .filter_map(|line| match line {
            Line::Error { name: n, why } if n == name => Some(why.as_str()),
            _ => None,
        })
        .collect();
    if errors.is_empty() {
        None
    } else {
        Some(Err(errors.join("; ")))
    }
}

/// A console being captured: a sink for QEMU's serial output.
pub struct Console {
    /// Who is talking, for the progress lines (`Phantom`, `Linux`).
    label: &'static str,
    marker: String,
    started: Instant,
    text: Vec<u8>,
    /// Where the line being received starts in `text`.
    line_start: usize,
    marker_after: Option<Duration>,
    show_progress: bool,
}

impl Console {
    /// A console whose machine was started at `started`, waiting for a line
    /// holding `marker`. Result lines are shown on stderr when
    /// `show_progress` is set.
    pub fn new(
        label: &'static str,
        marker: &str,
        started: Instant,
        show_progress: bool,
    ) -> Console {
        Console {
            label,
            marker: marker.to_string(),
            started,
            text: Vec::new(),
            line_start: 0,
            marker_after: None,
            show_progress,
        }
    }

    /// Takes more of the output.
    pub fn feed(&mut self, bytes: &[u8]) {
        let now = Instant::now();
        self.text.extend_from_slice(bytes);
        while let Some(newline) = self.text[self.line_start..]
            .iter()
            .position(|&b| b == b'\n')
        {
            let end = self.line_start + newline;
            let line = String::from_utf8_lossy(&self.text[self.line_start..end]).into_owned();
            self.line_start = end + 1;
            self.take_line(&line, now);
        }
    }

    fn take_line(&mut self, line: &str, now: Instant) {
        if self.marker_after.is_none() && line.contains(&self.marker) {
            self.marker_after = Some(now.saturating_duration_since(self.started));
        }
        if !self.show_progress {
            return;
        }
        match parse_line(line) {
            Some(Line::Result { name, value, unit }) => {
                eprintln!(
                    "xtask: bench:   {:<8} {name:<16} {}",
                    self.label,
                    unit.show(value)
                );
            }
            Some(Line::Error { name, why }) => {
                eprintln!("xtask: bench:   {:<8} {name:<16} FAILED: {why}", self.label);
            }
            None => {}
        }
    }

    /// How long after the start the marker line arrived, if it did.
    pub fn marker_after(&self) -> Option<Duration> {
        self.marker_after
    }

    /// Everything received.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.text).into_owned()
    }
}

impl Write for Console {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.feed(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn result_and_error_lines_are_parsed() {
        assert_eq!(
            parse_line("bench null_syscall 410.3 ns/op\r"),
            Some(Line::Result {
                name: "null_syscall".into(),
                value: 410.3,
                unit: Unit::NsPerOp
            })
        );
        assert_eq!(
            parse_line("bench pipe_bandwidth 183 MB/s"),
            Some(Line::Result {
                name: "pipe_bandwidth".into(),
                value: 183.0,
                unit: Unit::MbPerS
            })
        );
        assert_eq!(
            parse_line("bench-error fork_exec /bin/true did not exit with status 0"),
            Some(Line::Error {
                name: "fork_exec".into(),
                why: "/bin/true did not exit with status 0".into()
            })
        );
        assert_eq!(
            parse_line("bench-error signal"),
            Some(Line::Error {
                name: "signal".into(),
                why: String::new()
            })
        );
        for junk in [
            "# null_syscall: 5 x 1000 ops, ns/op 1 2 3",
            "bench null_syscall fast ns/op",
            "bench null_syscall 410 ns",
            "bench null_syscall 410 ns/op extra",
            "bench null_syscall -1 ns/op",
            "bench null_syscall NaN ns/op",
            "benchmark x 1 ns/op",
            "bench-error ",
            "[    0.5] random: crng init done",
        ] {
            assert_eq!(parse_line(junk), None, "{junk}");
        }
    }

    #[test]
    fn the_last_value_wins_and_errors_are_joined() {
        let lines = parse(
            "bench a 1 ns/op\nbench-error b pipe: ENOSYS\nbench a 2 ns/op\n\
             bench-error b exit status 139\n",
        );
        assert_eq!(result_for(&lines, "a"), Some(Ok((2.0, Unit::NsPerOp))));
        assert_eq!(
            result_for(&lines, "b"),
            Some(Err("pipe: ENOSYS; exit status 139".into()))
        );
        assert_eq!(result_for(&lines, "c"), None);
    }

    #[test]
    fn the_marker_is_timed_when_its_line_is_complete() {
        let started = Instant::now();
        let mut console = Console::new("Linux", "bench-ready", started, false);
        console.feed(b"[    4.1] Run /init as init process\r\nbench-re");
        assert_eq!(console.marker_after(), None, "the line is not complete yet");
        console
            .write_all(b"ady\r\nbench a 1 ns/op\r\npartial")
            .unwrap();
        let after = console.marker_after().expect("the marker line arrived");
        assert!(after <= started.elapsed());
        console.feed(b"bench-ready\n");
        assert_eq!(console.marker_after(), Some(after), "the first one counts");
        assert!(console.text().ends_with("partialbench-ready\n"));
        assert_eq!(parse(&console.text()).len(), 1);
    }
}
