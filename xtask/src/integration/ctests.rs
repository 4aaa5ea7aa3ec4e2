//! `posix-c`: the C conformance programs in `tests/c` and the std Rust
//! program `tests/rust-hello`, static musl binaries that each check a group
//! of system calls and print `ok - NAME` or `FAIL - NAME (details)` per
//! check, then `N passed, M failed` (see `tests/c/README.md`).
//!
//! The host is the reference. Every program runs there first, in a fresh
//! work directory ([`host::run`]), and must pass every check: a check that
//! fails on Linux is a wrong check, and the test says so. Then all of them
//! run in one guest boot ([`guest_command`]), each from its own work
//! directory, with its output framed by marker lines that carry its status,
//! so the host can split the console ([`split_console`]).
//!
//! A check that passes on the host must pass in the guest, except those
//! named in `tests/c/known-gaps.txt` ([`KnownGaps`]): gaps in the kernel
//! that are known and not yet fixed, each with its reason. A known gap that
//! fails is reported as such; one that passes fails the test until it is
//! taken off the list, so that the list stays true. Anything else that
//! differs ([`compare`]) fails the test.
//!
//! The binaries are built into `target/phantom/ctests/` (a C program again
//! only when its source or a header changed). Each program's output on both
//! sides (`NAME.host.out`, `NAME.guest.out`), the whole console
//! (`guest.out`) and the kernel log (`kernel.log`) are kept in
//! `target/phantom/test-logs/posix-c/`.

use std::ffi::OsStr;
use std::os::unix::fs::PermissionsExt;

use super::host::{self, HostRun, GUEST_PATH};
use super::*;
use crate::build::stderr_as_stdio;
use crate::fsutil::{fingerprint, write_if_changed};
use crate::musl;

/// Where the binaries go in the guest: `/t/NAME`.
const GUEST_PROGRAMS: &str = "/t";
/// Each program's work directory in the guest is `/tmp/c/NAME`, and its
/// output goes to `/tmp/c/NAME.out`.
const GUEST_WORK: &str = "/tmp/c";
/// The start of the lines that frame each program's output on the console.
const MARKER: &str = "@@@ posix-c";
/// The most the guest may take for all the programs (about 15 s today).
const GUEST_LIMIT: Duration = Duration::from_secs(300);
/// The most one program may take on the host; the programs stop each group
/// of checks themselves after 60 s.
const HOST_LIMIT: Duration = Duration::from_secs(120);
/// `musl-gcc -static` flags for every C program.
const C_FLAGS: &[&str] = &["-O1", "-Wall"];
/// The C programs that also get `-pthread`.
const THREADED: &[&str] = &["threads"];
/// The Rust program, built with cargo from `tests/rust-hello`.
const RUST_PROGRAM: &str = "rust-hello";
/// The list of known gaps, in `tests/c`.
const KNOWN_GAPS: &str = "known-gaps.txt";
/// The most lines of differences shown for one program.
const REPORT_LINES: usize = 40;

/// Every program passes on the host, and in the guest each check that
/// passed on the host passes too, known gaps aside.
pub fn run(context: &TestContext) -> Result<()> {
    let source_dir = context.paths.root.join("tests").join("c");
    let bin_dir = context.paths.out.join("ctests");
    let programs = build_programs(context.paths, &source_dir, &bin_dir)?;
    let gaps_path = source_dir.join(KNOWN_GAPS);
    let gaps = KnownGaps::load(&gaps_path, &programs)?;
    let out = context.files_dir()?;

    let mut host_checks = Vec::new();
    for program in &programs {
        let work = out.join(format!("{program}.host-work"));
        let mut command = Command::new(bin_dir.join(program));
        command.arg(&work);
        let checks = host::run(command, &work, OsStr::new(GUEST_PATH), program, HOST_LIMIT)
            .and_then(|run| {
                write_file(&out.join(format!("{program}.host.out")), &run.output)?;
                passed_on_host(&run)
            });
        host_checks.push(checks);
    }

    let adds: Vec<AddSpec> = programs
        .iter()
        .map(|program| AddSpec {
            host: bin_dir.join(program),
            guest: format!("{}/{program}", GUEST_PROGRAMS.trim_start_matches('/')),
        })
        .collect();
    let log = out.join("kernel.log");
    let mut guest = context.exec_with(
        &guest_command(&programs),
        &adds,
        &log,
        Input::Nothing,
        GUEST_LIMIT,
    )?;
    // A guest that stopped without reporting a status (hung or crashed) is
    // run once more; the first run's log and output are kept and the rerun
    // is reported, so a rare hang shows without failing the whole suite.
    if let exec::Ending::NoStatus(why) = &guest.ending {
        let kept = out.join("kernel-first-run.log");
        std::fs::rename(&log, &kept)?;
        write_file(&out.join("guest-first-run.out"), &guest.output)?;
        println!("    FLAKY: the guest stopped without a status ({why}); its log is {}; running it again", kept.display());
        for line in guest.log_tail() {
            println!("    {line}");
        }
        guest = context.exec_with(&guest_command(&programs), &adds, &log, Input::Nothing, GUEST_LIMIT)?;
    }
    write_file(&out.join("guest.out"), &guest.output)?;
    let console = String::from_utf8_lossy(&guest.output);
    let framed = split_console(&console, &programs);

    let mut failed = Vec::new();
    for ((program, host), framed) in programs.iter().zip(&host_checks).zip(&framed) {
        if let Some(framed) = framed {
            write_file(
                &out.join(format!("{program}.guest.out")),
                framed.output.as_bytes(),
            )?;
        }
        let passed = match host {
            Ok(checks) => report(program, checks, framed.as_ref(), &gaps.of(program)),
            Err(wrong) => {
                print_part(program, "on the host", false, &format!("{wrong:#}"));
                false
            }
        };
        if !passed {
            failed.push(program.as_str());
        }
    }
    if failed.is_empty() {
        return Ok(());
    }
    guest.print_no_status();
    bail!(
        "{} of {} programs differ between guest and host: {} (kernel log: {}{}; outputs in {})",
        failed.len(),
        programs.len(),
        failed.join(", "),
        log.display(),
        guest.unimplemented_note(),
        out.display()
    );
}


/// Builds every program into `bin_dir`: each `*.c` of `source_dir` (the
/// program is the file's stem), then [`RUST_PROGRAM`]. Returns their names.
fn build_programs(paths: &Paths, source_dir: &Path, bin_dir: &Path) -> Result<Vec<String>> {
    create_dir(bin_dir)?;
    let mut headers = Vec::new();
    for header in list_files(source_dir, ".h")? {
        let path = source_dir.join(header);
        headers
            .push(std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?);
    }
    let mut programs = Vec::new();
    for source in list_files(source_dir, ".c")? {
        let name = source.trim_end_matches(".c");
        ensure!(
            is_plain_name(name),
            "{source} in {}: a program's name may have only letters, digits, `-` and `_`",
            source_dir.display()
        );
        let mut flags = C_FLAGS.to_vec();
        if THREADED.contains(&name) {
            flags.push("-pthread");
        }
        build_c(
            &source_dir.join(&source),
            &bin_dir.join(name),
            &flags,
            &headers,
        )?;
        programs.push(name.to_string());
    }
    ensure!(!programs.is_empty(), "no *.c in {}", source_dir.display());
    build_rust(paths, bin_dir)?;
    programs.push(RUST_PROGRAM.to_string());
    Ok(programs)
}

fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Compiles `source` into `program` unless the fingerprint of what goes in
/// (flags, source, headers), kept in `program.inputs`, is unchanged.
fn build_c(source: &Path, program: &Path, flags: &[&str], headers: &[Vec<u8>]) -> Result<()> {
    let text =
        std::fs::read(source).with_context(|| format!("cannot read {}", source.display()))?;
    let joined_flags = flags.join(" ");
    let inputs = fingerprint(
        [joined_flags.as_bytes(), &text]
            .into_iter()
            .chain(headers.iter().map(Vec::as_slice)),
    );
    let stamp = program.with_extension("inputs");
    let built = std::fs::read_to_string(&stamp).ok();
    if program.is_file() && built.as_deref() == Some(inputs.as_str()) {
        return Ok(());
    }
    musl::compile(source, program, flags)?;
    write_file(&stamp, inputs.as_bytes())
}

/// `cargo build` of `tests/rust-hello` for the musl target, in its own
/// target directory, and the binary copied into `bin_dir`.
fn build_rust(paths: &Paths, bin_dir: &Path) -> Result<()> {
    eprintln!(
        "xtask: building tests/{RUST_PROGRAM} ({}, release)",
        musl::RUST_TARGET
    );
    let target_dir = paths.target.join(RUST_PROGRAM);
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(paths.root.join("tests").join(RUST_PROGRAM))
        .args([
            "build",
            "--quiet",
            "--release",
            "--target",
            musl::RUST_TARGET,
        ])
        .arg("--target-dir")
        .arg(&target_dir)
        .stdin(Stdio::null())
        .stdout(stderr_as_stdio()?)
        .status()
        .context("cannot start cargo")?;
    ensure!(
        status.success(),
        "tests/{RUST_PROGRAM} did not build (cargo: {status})"
    );
    let built = target_dir
        .join(musl::RUST_TARGET)
        .join("release")
        .join(RUST_PROGRAM);
    let data = std::fs::read(&built).with_context(|| format!("cannot read {}", built.display()))?;
    let program = bin_dir.join(RUST_PROGRAM);
    write_if_changed(&program, &data)?;
    std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755))
        .with_context(|| format!("cannot make {} executable", program.display()))
}

/// The shell command that runs every program in the guest, one after the
/// other: each from its own new work directory `/tmp/c/NAME` (also its
/// argument), stdin from /dev/null, stdout and stderr into a file, so that
/// nothing depends on the console and nothing a program leaves running can
/// hold the next one up. Then the file is printed between
/// `@@@ posix-c begin NAME` and `@@@ posix-c end NAME status N`, with a
/// newline before the end marker so that it starts a line.
fn guest_command(programs: &[String]) -> String {
    let list: Vec<String> = programs.iter().map(|p| shell_quote(p)).collect();
    format!(
        "for p in {list}; do \
         mkdir -p {GUEST_WORK}/$p && cd {GUEST_WORK}/$p && \
         {GUEST_PROGRAMS}/$p {GUEST_WORK}/$p </dev/null >{GUEST_WORK}/$p.out 2>&1; \
         s=$?; cd /; echo \"{MARKER} begin $p\"; cat {GUEST_WORK}/$p.out; echo; \
         echo \"{MARKER} end $p status $s\"; done",
        list = list.join(" ")
    )
}

/// What the guest printed for one program.
#[derive(Debug, PartialEq, Eq)]
struct Framed {
    output: String,
    /// `None` if the console ends before the end marker.
    status: Option<u8>,
}

/// Each program's part of the console, in the order of `programs`; `None`
/// for a program whose begin marker is not there.
fn split_console(console: &str, programs: &[String]) -> Vec<Option<Framed>> {
    programs
        .iter()
        .map(|program| {
            let begin = format!("{MARKER} begin {program}\n");
            let start = console.find(&begin)? + begin.len();
            let rest = &console[start..];
            // The newline before the end marker is the guest command's.
            let end = format!("\n{MARKER} end {program} status ");
            let Some(at) = rest.find(&end) else {
                return Some(Framed {
                    output: rest.to_string(),
                    status: None,
                });
            };
            let after = &rest[at + end.len()..];
            let status = after.lines().next().and_then(|s| s.trim().parse().ok());
            Some(Framed {
                output: rest[..at].to_string(),
                status,
            })
        })
        .collect()
}

/// One line of a program's output, as far as the comparison cares.
#[derive(Debug, PartialEq, Eq)]
enum Line<'a> {
    /// `ok - NAME`: the name.
    Passed(&'a str),
    /// `FAIL - NAME (details)`: everything after the dash.
    Failed(&'a str),
    /// `N passed, M failed`.
    Summary(usize, usize),
    Other,
}

fn parse_line(line: &str) -> Line<'_> {
    if let Some(name) = line.strip_prefix("ok - ") {
        return Line::Passed(name);
    }
    if let Some(rest) = line.strip_prefix("FAIL - ") {
        return Line::Failed(rest);
    }
    let words: Vec<&str> = line.split(' ').collect();
    if let [passed, "passed,", failed, "failed"] = words.as_slice() {
        if let (Ok(passed), Ok(failed)) = (passed.parse(), failed.parse()) {
            return Line::Summary(passed, failed);
        }
    }
    Line::Other
}

/// The names of the checks a program passed on the host, or why it is
/// wrong on Linux: a check failed, the summary is missing or does not add
/// up, or the status is not 0.
fn passed_on_host(run: &HostRun) -> Result<Vec<String>> {
    let text = String::from_utf8_lossy(&run.output);
    let mut passed = Vec::new();
    let mut wrong = Vec::new();
    let mut summary = None;
    for line in text.lines() {
        match parse_line(line) {
            Line::Passed(name) => passed.push(name.to_string()),
            Line::Failed(_) => wrong.push(line.to_string()),
            Line::Summary(p, f) => summary = Some((p, f)),
            Line::Other => {}
        }
    }
    let failed = wrong.len();
    match summary {
        None => wrong.push("no `N passed, M failed` line".into()),
        Some(counts) if counts != (passed.len(), failed) => wrong.push(format!(
            "it says `{} passed, {} failed`, but printed {} `ok` and {failed} `FAIL` lines",
            counts.0,
            counts.1,
            passed.len()
        )),
        Some(_) => {}
    }
    if run.status != 0 {
        wrong.push(format!("status {}{}", run.status, signal_note(run.status)));
    }
    if wrong.is_empty() && passed.is_empty() {
        wrong.push("it checked nothing".into());
    }
    ensure!(
        wrong.is_empty(),
        "the test program itself is wrong: it fails on Linux\n{}",
        wrong.join("\n")
    );
    Ok(passed)
}

/// ` (signal N)` for a status a shell gives a program a signal ended.
fn signal_note(status: u8) -> String {
    if status > 128 {
        format!(" (signal {})", status - 128)
    } else {
        String::new()
    }
}

/// Compares one program and prints its line; true if it passed.
fn report(program: &str, host: &[String], guest: Option<&Framed>, gaps: &[&str]) -> bool {
    let verdict = compare(host, guest, gaps);
    let mut note = format!("{} checks", host.len());
    let passed = verdict.problems.is_empty();
    if !passed {
        note.push_str(&format!(", {} differ", verdict.problems.len()));
    }
    match verdict.known.len() {
        0 => {}
        1 => note.push_str(", 1 known gap"),
        count => note.push_str(&format!(", {count} known gaps")),
    }
    let mut details: Vec<String> = verdict
        .problems
        .iter()
        .take(REPORT_LINES)
        .cloned()
        .collect();
    if verdict.problems.len() > REPORT_LINES {
        details.push(format!(
            "... and {} more",
            verdict.problems.len() - REPORT_LINES
        ));
    }
    details.extend(
        verdict
            .known
            .iter()
            .map(|line| format!("known gap: {line}")),
    );
    print_part(program, &note, passed, &details.join("\n"));
    passed
}

/// How one program did in the guest, against the host.
#[derive(Debug, Default, PartialEq, Eq)]
struct Verdict {
    /// What differs, a line each; the program passed if there is nothing.
    problems: Vec<String>,
    /// The `FAIL` lines of known gaps.
    known: Vec<String>,
}

/// One check in the guest's output.
struct GuestCheck<'a> {
    name: &'a str,
    line: &'a str,
    passed: bool,
    /// Paired with a check of the host.
    paired: bool,
}

/// Holds the guest's output to the checks that passed on the host, with
/// `gaps` (this program's known gaps) allowed to fail. Every check must be
/// there and pass; the summary must add up; the status must be 0, or 1 if
/// known gaps failed.
fn compare(host: &[String], guest: Option<&Framed>, gaps: &[&str]) -> Verdict {
    let mut verdict = Verdict::default();
    let Some(guest) = guest else {
        verdict
            .problems
            .push("it did not run: the guest printed no begin marker for it".into());
        return verdict;
    };
    let names: Vec<&str> = host
        .iter()
        .map(String::as_str)
        .chain(gaps.iter().copied())
        .collect();
    let mut checks = Vec::new();
    let mut summary = None;
    for line in guest.output.lines() {
        let (name, passed) = match parse_line(line) {
            Line::Passed(name) => (name, true),
            Line::Failed(rest) => (failed_check(rest, &names), false),
            Line::Summary(p, f) => {
                summary = Some((p, f));
                continue;
            }
            Line::Other => continue,
        };
        checks.push(GuestCheck {
            name,
            line,
            passed,
            paired: false,
        });
    }
    let mut missing = Vec::new();
    for name in host {
        match checks.iter_mut().find(|c| !c.paired && c.name == name) {
            Some(check) => check.paired = true,
            None => missing.push(name),
        }
    }

    let problems = &mut verdict.problems;
    for check in &checks {
        let gap = gaps.contains(&check.name);
        match (check.passed, gap) {
            (true, true) => problems.push(format!(
                "fixed: `{}` passes now: remove it from tests/c/{KNOWN_GAPS}",
                check.name
            )),
            (true, false) if !check.paired => {
                problems.push(format!("not a check on the host: {}", check.line));
            }
            (true, false) => {}
            (false, true) => verdict.known.push(check.line.to_string()),
            (false, false) => problems.push(check.line.to_string()),
        }
    }
    for name in missing {
        problems.push(format!("missing: ok - {name}"));
    }
    for gap in gaps {
        if !host.iter().any(|name| name == gap) && !checks.iter().any(|c| c.name == *gap) {
            problems.push(format!(
                "`{gap}` (tests/c/{KNOWN_GAPS}) is no check it printed: remove it"
            ));
        }
    }

    let passed = checks.iter().filter(|c| c.passed).count();
    let failed = checks.len() - passed;
    match summary {
        None => problems.push("no `N passed, M failed` line: it did not finish".into()),
        Some(counts) if counts != (passed, failed) => problems.push(format!(
            "it says `{} passed, {} failed`, but printed {passed} `ok` and {failed} `FAIL` lines",
            counts.0, counts.1
        )),
        Some(_) => {}
    }
    match guest.status {
        None => problems.push("the guest stopped before it ended (no end marker)".into()),
        Some(status) => {
            let want = u8::from(failed > 0);
            if status != want {
                problems.push(format!(
                    "status {status}{}, want {want}",
                    signal_note(status)
                ));
            }
        }
    }
    verdict
}

/// The check a `FAIL - ...` line is about: the longest of `names` that the
/// line holds before its details (` (...)`), or else the whole line.
fn failed_check<'a>(rest: &'a str, names: &[&str]) -> &'a str {
    names
        .iter()
        .filter(|name| {
            rest.strip_prefix(**name)
                .is_some_and(|after| after.is_empty() || after.starts_with(" ("))
        })
        .map(|name| name.len())
        .max()
        .map_or(rest, |len| &rest[..len])
}

/// `tests/c/known-gaps.txt`: the checks that may fail in the guest.
///
/// One `PROGRAM: CHECK NAME` a line; `#` starts a comment. Each entry, or
/// group of entries on consecutive lines, has a comment line right above it
/// that says why the kernel fails it.
#[derive(Debug, Default)]
struct KnownGaps {
    /// (program, check).
    entries: Vec<(String, String)>,
}

impl KnownGaps {
    /// Reads and checks the list (no file: no gaps); every program it names
    /// must be one of `programs`.
    fn load(path: &Path, programs: &[String]) -> Result<KnownGaps> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(err) => return Err(err).with_context(|| format!("cannot read {}", path.display())),
        };
        let gaps = KnownGaps::parse(&text, programs)
            .map_err(|why| anyhow::anyhow!("{}: {why}", path.display()))?;
        Ok(gaps)
    }

    fn parse(text: &str, programs: &[String]) -> Result<KnownGaps, String> {
        let mut entries: Vec<(String, String)> = Vec::new();
        let mut has_reason = false;
        for (index, line) in text.lines().enumerate() {
            let number = index + 1;
            let line = line.trim();
            if line.is_empty() {
                has_reason = false;
                continue;
            }
            if line.starts_with('#') {
                has_reason = true;
                continue;
            }
            let Some((program, check)) = line.split_once(':') else {
                return Err(format!(
                    "line {number}: want `PROGRAM: CHECK NAME`, got `{line}`"
                ));
            };
            let (program, check) = (program.trim(), check.trim());
            if program.is_empty() || check.is_empty() {
                return Err(format!(
                    "line {number}: want `PROGRAM: CHECK NAME`, got `{line}`"
                ));
            }
            if !programs.iter().any(|p| p == program) {
                return Err(format!(
                    "line {number}: there is no program `{program}` (there are: {})",
                    programs.join(", ")
                ));
            }
            if !has_reason {
                return Err(format!(
                    "line {number}: `{line}` has no comment above it saying why it fails"
                ));
            }
            let entry = (program.to_string(), check.to_string());
            if entries.contains(&entry) {
                return Err(format!("line {number}: `{line}` is listed twice"));
            }
            entries.push(entry);
        }
        Ok(KnownGaps { entries })
    }

    /// The known gaps of `program`.
    fn of(&self, program: &str) -> Vec<&str> {
        self.entries
            .iter()
            .filter(|(p, _)| p == program)
            .map(|(_, check)| check.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn framed(output: &str, status: u8) -> Framed {
        Framed {
            output: output.to_string(),
            status: Some(status),
        }
    }

    #[test]
    fn lines_are_classified() {
        assert_eq!(
            parse_line("ok - read (2) works"),
            Line::Passed("read (2) works")
        );
        assert_eq!(parse_line("FAIL - x (got 1)"), Line::Failed("x (got 1)"));
        assert_eq!(parse_line("362 passed, 0 failed"), Line::Summary(362, 0));
        assert_eq!(parse_line("hello from Rust std"), Line::Other);
        assert_eq!(parse_line("lots passed, 0 failed"), Line::Other);
    }

    #[test]
    fn a_failure_is_named_by_the_longest_known_check() {
        let known = ["dup", "dup (twice)", "pipe"];
        assert_eq!(
            failed_check("dup (twice) (got 1, want 2)", &known),
            "dup (twice)"
        );
        assert_eq!(failed_check("dup (got 1, want 2)", &known), "dup");
        assert_eq!(failed_check("pipe", &known), "pipe");
        assert_eq!(failed_check("pipes (x)", &known), "pipes (x)");
    }

    #[test]
    fn the_console_is_split_at_the_markers() {
        let programs = names(&["a", "b", "c", "d"]);
        let console =
            "@@@ posix-c begin a\nok - x\n1 passed, 0 failed\n\n@@@ posix-c end a status 0\n\
                       noise\n@@@ posix-c begin b\nno newline\n@@@ posix-c end b status 139\n\
                       @@@ posix-c begin c\nok - y\ncut";
        assert_eq!(
            split_console(console, &programs),
            [
                Some(framed("ok - x\n1 passed, 0 failed\n", 0)),
                Some(framed("no newline", 139)),
                Some(Framed {
                    output: "ok - y\ncut".into(),
                    status: None
                }),
                None,
            ]
        );
    }

    #[test]
    fn the_guest_command_frames_every_program() {
        let command = guest_command(&names(&["files", "rust-hello"]));
        assert!(command.starts_with("for p in files rust-hello; do mkdir -p /tmp/c/$p "));
        assert!(command.contains("/t/$p /tmp/c/$p </dev/null >/tmp/c/$p.out 2>&1; s=$?;"));
        assert!(command.contains("echo \"@@@ posix-c end $p status $s\"; done"));
    }

    #[test]
    fn the_host_must_pass_everything() {
        let run = |output: &str, status| HostRun {
            output: output.as_bytes().to_vec(),
            status,
        };
        let good = passed_on_host(&run("hi\nok - a\nok - b\n2 passed, 0 failed\n", 0));
        assert_eq!(good.unwrap(), names(&["a", "b"]));
        let failing = passed_on_host(&run("ok - a\nFAIL - b (x)\n1 passed, 1 failed\n", 1));
        let err = format!("{:#}", failing.unwrap_err());
        assert!(err.contains("wrong") && err.contains("FAIL - b (x)") && err.contains("status 1"));
        assert!(passed_on_host(&run("ok - a\n", 0)).is_err(), "no summary");
        assert!(passed_on_host(&run("ok - a\n2 passed, 0 failed\n", 0)).is_err());
        assert!(passed_on_host(&run("ok - a\n1 passed, 0 failed\n", 139)).is_err());
        assert!(passed_on_host(&run("0 passed, 0 failed\n", 0)).is_err());
    }

    #[test]
    fn the_same_checks_pass() {
        let host = names(&["a", "b"]);
        let guest = framed("ok - a\nok - b\n2 passed, 0 failed\n", 0);
        assert_eq!(compare(&host, Some(&guest), &[]), Verdict::default());
    }

    #[test]
    fn known_gaps_may_fail_and_must_not_pass() {
        let host = names(&["a", "b", "c"]);
        let guest = framed("ok - a\nFAIL - b (got 1)\nok - c\n2 passed, 1 failed\n", 1);
        let verdict = compare(&host, Some(&guest), &["b"]);
        assert_eq!(verdict.problems, Vec::<String>::new());
        assert_eq!(verdict.known, ["FAIL - b (got 1)"]);

        let verdict = compare(&host, Some(&guest), &["b", "c"]);
        assert_eq!(
            verdict.problems,
            ["fixed: `c` passes now: remove it from tests/c/known-gaps.txt"]
        );
        let verdict = compare(&host, Some(&guest), &["b", "gone"]);
        assert_eq!(
            verdict.problems,
            ["`gone` (tests/c/known-gaps.txt) is no check it printed: remove it"]
        );
    }

    #[test]
    fn a_known_gap_can_be_a_section_that_died() {
        let host = names(&["a"]);
        let guest = framed(
            "ok - a\nFAIL - alt (section alt died from signal 11)\n1 passed, 1 failed\n",
            1,
        );
        let verdict = compare(&host, Some(&guest), &["alt"]);
        assert!(verdict.problems.is_empty(), "{:?}", verdict.problems);
        assert_eq!(verdict.known.len(), 1);
    }

    #[test]
    fn every_other_difference_is_a_problem() {
        let host = names(&["a", "b", "c"]);
        let guest = framed(
            "FAIL - a (got 2)\nok - b\nok - extra\n5 passed, 1 failed\n",
            0,
        );
        let verdict = compare(&host, Some(&guest), &[]);
        assert_eq!(
            verdict.problems,
            [
                "FAIL - a (got 2)",
                "not a check on the host: ok - extra",
                "missing: ok - c",
                "it says `5 passed, 1 failed`, but printed 2 `ok` and 1 `FAIL` lines",
                "status 0, want 1",
            ]
        );
        let crashed = Framed {
            output: "ok - a\n".into(),
            status: None,
        };
        let verdict = compare(&names(&["a"]), Some(&crashed), &[]);
        assert_eq!(
            verdict.problems,
            [
                "no `N passed, M failed` line: it did not finish",
                "the guest stopped before it ended (no end marker)",
            ]
        );
        let killed = framed("ok - a\n", 139);
        let verdict = compare(&names(&["a"]), Some(&killed), &[]);
        assert_eq!(verdict.problems[1], "status 139 (signal 11), want 0");
        assert_eq!(compare(&host, None, &[]).problems.len(), 1);
    }

    #[test]
    fn the_known_gaps_list_is_checked() {
        let programs = names(&["files", "mem"]);
        let text = "# why\nfiles: a check\n\n# two for one reason\nmem: x: y\nmem: z\n";
        let gaps = KnownGaps::parse(text, &programs).unwrap();
        assert_eq!(gaps.of("files"), ["a check"]);
        assert_eq!(gaps.of("mem"), ["x: y", "z"]);
        assert!(gaps.of("io").is_empty());
        let err = |text: &str| KnownGaps::parse(text, &programs).unwrap_err();
        assert!(err("files: a\n").contains("no comment above it"));
        assert!(err("# why\nfiles: a\n\nfiles: b\n").contains("line 4"));
        assert!(err("# why\nio: a\n").contains("no program `io`"));
        assert!(err("# why\nfiles a\n").contains("want `PROGRAM: CHECK NAME`"));
        assert!(err("# why\nfiles: a\nfiles: a\n").contains("twice"));
        assert!(KnownGaps::parse("", &programs).unwrap().entries.is_empty());
    }
}
