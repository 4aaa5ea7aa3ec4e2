//! What a benchmark run produces: rows of Phantom against an anchor, their
//! ratio and whether it meets the target, as a markdown table and as JSON.
//!
//! The ratio is always Phantom's value over the anchor's. Whether that
//! should be small or large depends on the unit: for a time lower is
//! better (a ratio of 0.5 is twice as fast), for a rate higher is better.
//! A target is a ratio: "at most 1.0" for a time, "at least 1.0" for a
//! rate.

use std::fmt::Write;

use super::json::Json;

/// What a value measures; it decides which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Nanoseconds per operation.
    NsPerOp,
    /// Megabytes (10^6 bytes) per second.
    MbPerS,
    /// Seconds.
    Seconds,
}

/// Which way a value is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    Lower,
    Higher,
}

impl Unit {
    /// The unit as the benchmark programs print it.
    pub fn label(self) -> &'static str {
        match self {
            Unit::NsPerOp => "ns/op",
            Unit::MbPerS => "MB/s",
            Unit::Seconds => "s",
        }
    }

    pub fn parse(text: &str) -> Option<Unit> {
        [Unit::NsPerOp, Unit::MbPerS, Unit::Seconds]
            .into_iter()
            .find(|unit| unit.label() == text)
    }

    pub fn better(self) -> Better {
        match self {
            Unit::NsPerOp | Unit::Seconds => Better::Lower,
            Unit::MbPerS => Better::Higher,
        }
    }

    /// A value for people: `410 ns`, `11.8 µs`, `1.96 ms`, `183 MB/s`,
    /// `4.21 s`.
    pub fn show(self, value: f64) -> String {
        match self {
            Unit::NsPerOp if value < 1e3 => format!("{value:.0} ns"),
            Unit::NsPerOp if value < 1e5 => format!("{:.1} µs", value / 1e3),
            Unit::NsPerOp if value < 1e6 => format!("{:.0} µs", value / 1e3),
            Unit::NsPerOp => format!("{:.2} ms", value / 1e6),
            Unit::MbPerS if value < 10.0 => format!("{value:.1} MB/s"),
            Unit::MbPerS => format!("{value:.0} MB/s"),
            Unit::Seconds => format!("{value:.2} s"),
        }
    }
}

impl Better {
    fn word(self) -> &'static str {
        match self {
            Better::Lower => "lower",
            Better::Higher => "higher",
        }
    }
}

/// One measurement, or why there is none.
pub type Measured = Result<f64, String>;

/// One row: a benchmark on Phantom and on the anchor.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// A stable identifier, e.g. `null_syscall`.
    pub name: String,
    /// What was measured, for people.
    pub what: String,
    pub unit: Unit,
    pub phantom: Measured,
    pub anchor: Measured,
    /// The ratio aimed at: an upper bound when lower is better, a lower
    /// bound when higher is better.
    pub target: f64,
    /// Anything worth knowing about the numbers (e.g. the samples).
    pub note: Option<String>,
}

impl Row {
    /// Phantom's value over the anchor's, when both were measured.
    pub fn ratio(&self) -> Option<f64> {
        match (&self.phantom, &self.anchor) {
            (Ok(phantom), Ok(anchor)) if *anchor > 0.0 => Some(phantom / anchor),
            _ => None,
        }
    }

    /// Whether the ratio meets the target; `None` without a ratio.
    pub fn met(&self) -> Option<bool> {
        let ratio = self.ratio()?;
        Some(match self.unit.better() {
            Better::Lower => ratio <= self.target,
            Better::Higher => ratio >= self.target,
        })
    }

    fn target_text(&self) -> String {
        let sign = match self.unit.better() {
            Better::Lower => '≤',
            Better::Higher => '≥',
        };
        format!("{sign} {:.2}", self.target)
    }

    fn to_json(&self) -> Json {
        let value = |measured: &Measured| Json::number(measured.as_ref().ok().copied());
        let error = |measured: &Measured| match measured {
            Ok(_) => Json::Null,
            Err(why) => Json::string(why.as_str()),
        };
        Json::object([
            ("name", Json::string(self.name.as_str())),
            ("what", Json::string(self.what.as_str())),
            ("unit", Json::string(self.unit.label())),
            ("phantom", value(&self.phantom)),
            ("anchor", value(&self.anchor)),
            ("ratio", Json::number(self.ratio())),
            ("better", Json::string(self.unit.better().word())),
            ("target", Json::Number(self.target)),
            ("met", self.met().map_or(Json::Null, Json::Bool)),
            ("phantom_error", error(&self.phantom)),
            ("anchor_error", error(&self.anchor)),
            (
                "note",
                self.note.as_deref().map_or(Json::Null, Json::string),
            ),
        ])
    }
}

/// A group of rows measured against one anchor.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// What `cargo xtask bench NAME` runs, e.g. `posix`.
    pub name: &'static str,
    pub title: &'static str,
    /// The anchor's column heading, e.g. `Linux`.
    pub anchor: String,
    /// How it was measured: the anchor's full name, the machine.
    pub setup: String,
    pub rows: Vec<Row>,
}

impl Group {
    /// The group as markdown: a heading, how it was measured, the table,
    /// then the failures and notes, if any.
    pub fn markdown(&self) -> String {
        let mut out = format!("## {}: {}\n\n{}\n\n", self.name, self.title, self.setup);
        let _ = writeln!(
            out,
            "| what | Phantom | {} | ratio | better | target | met |",
            self.anchor
        );
        out.push_str("|---|---:|---:|---:|---|---|---|\n");
        let cell = |unit: Unit, measured: &Measured| match measured {
            Ok(value) => unit.show(*value),
            Err(_) => "failed".to_string(),
        };
        for row in &self.rows {
            let ratio = row.ratio().map_or("–".to_string(), show_ratio);
            let met = match row.met() {
                Some(true) => "yes",
                Some(false) => "no",
                None => "–",
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {ratio} | {} | {} | {met} |",
                row.what,
                cell(row.unit, &row.phantom),
                cell(row.unit, &row.anchor),
                row.unit.better().word(),
                row.target_text(),
            );
        }
        let mut remarks = Vec::new();
        for row in &self.rows {
            for (side, measured) in [
                ("Phantom", &row.phantom),
                (self.anchor.as_str(), &row.anchor),
            ] {
                if let Err(why) = measured {
                    remarks.push(format!("- {} on {side}: {why}", row.what));
                }
            }
            if let Some(note) = &row.note {
                remarks.push(format!("- {}: {note}", row.what));
            }
        }
        if !remarks.is_empty() {
            out.push('\n');
            for remark in remarks {
                out.push_str(&remark);
                out.push('\n');
            }
        }
        out
    }

    pub fn to_json(&self) -> Json {
        Json::object([
            ("name", Json::string(self.name)),
            ("title", Json::string(self.title)),
            ("anchor", Json::string(self.anchor.as_str())),
            ("setup", Json::string(self.setup.as_str())),
            (
                "rows",
                Json::Array(self.rows.iter().map(Row::to_json).collect()),
            ),
        ])
    }
}

/// A group that cannot run yet, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unavailable {
    pub name: &'static str,
    pub title: &'static str,
    pub why: &'static str,
}

impl Unavailable {
    pub fn markdown(&self) -> String {
        format!("## {}: {}\n\n{}\n", self.name, self.title, self.why)
    }

    pub fn to_json(&self) -> Json {
        Json::object([
            ("name", Json::string(self.name)),
            ("title", Json::string(self.title)),
            ("available", Json::Bool(false)),
            ("why", Json::string(self.why)),
        ])
    }
}

/// The results of one `cargo xtask bench`: what ran and what could not.
#[derive(Debug, Clone, PartialEq)]
pub struct Results {
    /// One line on how the run was made (quick or full, accelerator).
    pub summary: String,
    pub quick: bool,
    pub accel: &'static str,
    pub seconds: f64,
    pub groups: Vec<Group>,
    pub unavailable: Vec<Unavailable>,
}

impl Results {
    pub fn markdown(&self) -> String {
        let mut out = format!("# Phantom benchmarks\n\n{}\n", self.summary);
        for group in &self.groups {
            out.push('\n');
            out.push_str(&group.markdown());
        }
        for group in &self.unavailable {
            out.push('\n');
            out.push_str(&group.markdown());
        }
        out
    }

    pub fn to_json(&self) -> Json {
        Json::object([
            ("summary", Json::string(self.summary.as_str())),
            ("quick", Json::Bool(self.quick)),
            ("accel", Json::string(self.accel)),
            (
                "seconds",
                Json::Number((self.seconds * 10.0).round() / 10.0),
            ),
            (
                "groups",
                Json::Array(self.groups.iter().map(Group::to_json).collect()),
            ),
            (
                "unavailable",
                Json::Array(self.unavailable.iter().map(Unavailable::to_json).collect()),
            ),
        ])
    }
}

/// A ratio for people: two decimals, fewer when it is large.
pub fn show_ratio(ratio: f64) -> String {
    if ratio >= 100.0 {
        format!("{ratio:.0}")
    } else if ratio >= 10.0 {
        format!("{ratio:.1}")
    } else {
        format!("{ratio:.2}")
    }
}

/// The median of some samples (the mean of the middle two for an even
/// count); `None` for none.
pub fn median(samples: &[f64]) -> Option<f64> {
    let mut sorted: Vec<f64> = samples.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    Some(if sorted.len() % 2 == 1 {
        sorted[middle]
    } else {
        (sorted[middle - 1] + sorted[middle]) / 2.0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(unit: Unit, phantom: Measured, anchor: Measured, target: f64) -> Row {
        Row {
            name: "x".into(),
            what: "x op".into(),
            unit,
            phantom,
            anchor,
            target,
            note: None,
        }
    }

    #[test]
    fn units_parse_show_and_point_the_right_way() {
        assert_eq!(Unit::parse("ns/op"), Some(Unit::NsPerOp));
        assert_eq!(Unit::parse("MB/s"), Some(Unit::MbPerS));
        assert_eq!(Unit::parse("ms"), None);
        assert_eq!(Unit::NsPerOp.better(), Better::Lower);
        assert_eq!(Unit::MbPerS.better(), Better::Higher);
        assert_eq!(Unit::NsPerOp.show(410.3), "410 ns");
        assert_eq!(Unit::NsPerOp.show(11_800.0), "11.8 µs");
        assert_eq!(Unit::NsPerOp.show(575_000.0), "575 µs");
        assert_eq!(Unit::NsPerOp.show(1_960_000.0), "1.96 ms");
        assert_eq!(Unit::MbPerS.show(183.4), "183 MB/s");
        assert_eq!(Unit::MbPerS.show(2.25), "2.2 MB/s");
        assert_eq!(Unit::Seconds.show(4.206), "4.21 s");
    }

    #[test]
    fn ratio_is_phantom_over_anchor_and_the_target_follows_the_unit() {
        let faster = row(Unit::NsPerOp, Ok(205.0), Ok(410.0), 1.0);
        assert_eq!(faster.ratio(), Some(0.5));
        assert_eq!(faster.met(), Some(true));
        let slower = row(Unit::NsPerOp, Ok(820.0), Ok(410.0), 1.0);
        assert_eq!(slower.ratio(), Some(2.0));
        assert_eq!(slower.met(), Some(false));
        let equal = row(Unit::NsPerOp, Ok(410.0), Ok(410.0), 1.0);
        assert_eq!(equal.met(), Some(true), "equal is within 1.0x");

        let more_bandwidth = row(Unit::MbPerS, Ok(366.0), Ok(183.0), 1.0);
        assert_eq!(more_bandwidth.ratio(), Some(2.0));
        assert_eq!(more_bandwidth.met(), Some(true));
        let less_bandwidth = row(Unit::MbPerS, Ok(91.5), Ok(183.0), 1.0);
        assert_eq!(less_bandwidth.met(), Some(false));

        let boot = row(Unit::Seconds, Ok(1.0), Ok(4.0), 0.25);
        assert_eq!(boot.met(), Some(true));
        let slow_boot = row(Unit::Seconds, Ok(1.1), Ok(4.0), 0.25);
        assert_eq!(slow_boot.met(), Some(false));
    }

    #[test]
    fn a_missing_side_gives_no_ratio() {
        let failed = row(Unit::NsPerOp, Err("EFAULT".into()), Ok(410.0), 1.0);
        assert_eq!(failed.ratio(), None);
        assert_eq!(failed.met(), None);
        let zero_anchor = row(Unit::NsPerOp, Ok(1.0), Ok(0.0), 1.0);
        assert_eq!(zero_anchor.ratio(), None);
    }

    fn sample_group() -> Group {
        let mut slow = row(Unit::NsPerOp, Ok(820.0), Ok(410.0), 1.0);
        slow.what = "null syscall (getppid)".into();
        let mut failed = row(
            Unit::MbPerS,
            Err("bench-error: pipe: ENOSYS".into()),
            Ok(183.0),
            1.0,
        );
        failed.what = "pipe bandwidth".into();
        failed.note = Some("64 KiB writes".into());
        Group {
            name: "posix",
            title: "POSIX against Linux",
            anchor: "Linux".into(),
            setup: "Both under TCG.".into(),
            rows: vec![slow, failed],
        }
    }

    #[test]
    fn the_table_has_one_line_per_row_and_lists_failures() {
        let text = sample_group().markdown();
        assert!(text.starts_with("## posix: POSIX against Linux\n\nBoth under TCG.\n\n"));
        assert!(text.contains("| what | Phantom | Linux | ratio | better | target | met |\n"));
        assert!(text.contains(
            "| null syscall (getppid) | 820 ns | 410 ns | 2.00 | lower | ≤ 1.00 | no |\n"
        ));
        assert!(text.contains("| pipe bandwidth | failed | 183 MB/s | – | higher | ≥ 1.00 | – |\n"));
        assert!(text.contains("- pipe bandwidth on Phantom: bench-error: pipe: ENOSYS\n"));
        assert!(text.contains("- pipe bandwidth: 64 KiB writes\n"));
    }

    #[test]
    fn results_name_the_groups_that_cannot_run_yet() {
        let results = Results {
            summary: "Quick pass.".into(),
            quick: true,
            accel: "tcg",
            seconds: 12.34,
            groups: vec![sample_group()],
            unavailable: vec![Unavailable {
                name: "vm",
                title: "the native VM against Lua",
                why: "not available yet: needs the native personality",
            }],
        };
        let text = results.markdown();
        assert!(text.contains(
            "## vm: the native VM against Lua\n\nnot available yet: needs the native personality\n"
        ));
        let json = results.to_json().render();
        assert!(json.contains("\"ratio\": 2,"));
        assert!(json.contains("\"met\": false,"));
        assert!(json.contains("\"phantom_error\": \"bench-error: pipe: ENOSYS\""));
        assert!(json.contains("\"available\": false"));
        assert!(json.contains("\"seconds\": 12.3,"));
    }

    #[test]
    fn median_and_ratio_text() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[f64::NAN, 5.0]), Some(5.0));
        assert_eq!(show_ratio(0.254), "0.25");
        assert_eq!(show_ratio(12.34), "12.3");
        assert_eq!(show_ratio(123.4), "123");
    }
}
