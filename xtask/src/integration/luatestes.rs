//! `ports-lua-testes`: Lua's own test suite run with the `lua5.4` port, in
//! the guest and, with the same static binary, on the host.
//!
//! The suite is the `testes/` folder of Lua 5.4.8 (Debian's `lua5.4` source
//! package has none), taken from the source archive of the Python package
//! lupa 2.8, which bundles it: downloaded once with curl into
//! `target/ports/src/` ([`fetch`]), its SHA-256 checked, and unpacked into
//! the test's folder at every run. The interpreter is 5.4.4, so some checks
//! of the 5.4.8 suite fail on Linux too.
//!
//! The cases ([`cases`]) are the files that `all.lua` runs, in its order,
//! each on its own: `lua FILE`, with every check on (all.lua's defaults,
//! "for Linux": `_port` and `_soft` unset), stdin an empty pipe, from a
//! fresh copy of the suite's folder. `big.lua` runs inside a coroutine, as
//! all.lua runs it. A file with checks that `_port=true` leaves out (the
//! non-portable ones: locales, C modules, popen, large dates) runs a second
//! time with `_port=true` (case `FILE _port`), so that a failure in a
//! non-portable check does not hide the rest of the file. Not run:
//! `all.lua` itself (it stops at the first file that fails), `heavy.lua`
//! (not part of all.lua: it allocates until memory runs out),
//! `bwcoercion.lua` and `tracegc.lua` (modules the tests load), and the C
//! modules of `libs/` (a static binary cannot load them; the tests that
//! want them say so and go on, or fail).
//!
//! One shell script ([`script`]) runs every case one after the other and
//! prints each one's output between marker lines that carry its status; the
//! same script runs on the host (busybox `sh`, the guest's environment, the
//! port's `lua` by its full path) and in one guest boot. A case's result
//! ([`outcome`]) is `ok` (status 0), or its status and the interpreter's
//! error message with the line of the file that led to it, or the signal
//! that ended it. Every case must have the same result in the guest as on
//! the host, whether that is `ok` or a failure (a file that fails on Linux
//! must fail at the same check in the guest), except the cases of
//! `ports/lua5.4/testes-known-gaps.txt` ([`KnownGaps`]), each with the
//! result it has in the guest and a comment that says why; a known gap
//! whose guest result changes, or agrees with the host now, fails the test
//! until the list is brought up to date.
//!
//! Kept in `target/phantom/test-logs/ports-lua-testes/`: the unpacked suite
//! (`testes/`), the script (`run.sh`), each case's output on both sides
//! (`FILE.host.out`, `FILE.guest.out`; `FILE-_port.*` for the second runs),
//! the whole guest console (`guest.out`) and the kernel log (`kernel.log`).

use std::fmt::Write as _;

use super::host;
use super::ports::{host_path, stage_adds};
use super::*;
use crate::{busybox, ports, prereq};

/// Where the suite comes from: lupa 2.8's source archive on PyPI.
const SUITE_URL: &str = "https://files.pythonhosted.org/packages/c3/a6/0f869fbb07c393f15473b1eefefb7b5bec162fb7481803d040ed4dc46002/lupa-2.8.tar.gz";
/// Its SHA-256.
const SUITE_SHA256: &str = "d8022641b9ec8ecf2c5ecbe9f47e5a70e0b87c4b5ae921b92cb02a638e0acd08";
/// The name it is kept under in `target/ports/src/`.
const SUITE_ARCHIVE: &str = "lupa-2.8.tar.gz";
/// The suite's folder in the archive.
const SUITE_IN_ARCHIVE: &str = "lupa-2.8/third-party/lua54/testes";
/// The port whose `lua` runs the suite.
const PORT: &str = "lua5.4";
/// The list of known gaps, in `ports/lua5.4/`.
const KNOWN_GAPS: &str = "testes-known-gaps.txt";
/// The file of the suite that runs all the others.
const ALL: &str = "all.lua";
/// The file all.lua runs as a coroutine (it yields).
const COROUTINE_FILE: &str = "big.lua";
/// What a file starts with when `_port=true` skips all of it.
const SKIPPED_WHOLE: &str = "if _port then return end";
/// The start of the lines that frame each case's output.
const MARKER: &str = "@@@ lua-testes";
/// The most one case may take (on the host or in the guest) before it is
/// killed; the slowest takes about 4 s in the guest.
const CASE_LIMIT_SECONDS: u32 = 60;
/// The most all the cases may take in the guest (about 30 s today) and on
/// the host (about 5 s).
const GUEST_LIMIT: Duration = Duration::from_secs(300);
const HOST_LIMIT: Duration = Duration::from_secs(300);
/// The suite, the script and the scratch folder in the guest.
const GUEST_SUITE: &str = "/tests/lua-testes";
const GUEST_SCRIPT: &str = "/tests/lua-testes.sh";
const GUEST_WORK: &str = "/tmp/lua-testes";
/// The port's `lua` in the guest.
const GUEST_LUA: &str = "/usr/bin/lua";
/// The widest a result is shown in the summary table.
const COLUMN: usize = 50;
/// Lines of a differing case's guest output shown.
const OUTPUT_LINES: usize = 8;

/// Every case of Lua's suite has the same result in the guest as on the
/// host, known gaps aside.
pub fn run(context: &TestContext) -> Result<()> {
    let stage = ports::ensure_built(context.paths, PORT)?;
    let archive = fetch(context.paths)?;
    let out = context.files_dir()?;
    let suite = unpack(&archive, &out)?;
    let cases = cases(&suite)?;
    let gaps_path = context.paths.root.join("ports").join(PORT).join(KNOWN_GAPS);
    let names: Vec<&str> = cases.iter().map(|case| case.name.as_str()).collect();
    let gaps = KnownGaps::load(&gaps_path, &names)?;
    let script_path = out.join("run.sh");
    write_file(&script_path, script(&cases).as_bytes())?;

    // `lua` by its full path on both sides, as the tests that start it
    // again want (main.lua runs it with an empty environment, where only
    // the default $PATH is searched).
    let host_lua = stage.join("usr").join("bin").join("lua");
    let mut command = Command::new(busybox::HOST_BINARY);
    command
        .arg("sh")
        .arg(&script_path)
        .arg(&host_lua)
        .arg(&suite)
        .arg(out.join("host-work"));
    let host = host::run(
        command,
        &out.join("host-work"),
        &host_path(context, &stage)?,
        "Lua's test suite",
        HOST_LIMIT,
    )?;
    write_file(&out.join("host.out"), &host.output)?;
    let host_cases = split_console(&String::from_utf8_lossy(&host.output), cases.len());

    let mut adds = vec![
        AddSpec {
            host: suite.clone(),
            guest: GUEST_SUITE.trim_start_matches('/').to_string(),
        },
        AddSpec {
            host: script_path.clone(),
            guest: GUEST_SCRIPT.trim_start_matches('/').to_string(),
        },
    ];
    adds.extend(stage_adds(&stage)?);
    let log = out.join("kernel.log");
    let guest = context.exec_with(
        &format!("sh {GUEST_SCRIPT} {GUEST_LUA} {GUEST_SUITE} {GUEST_WORK}"),
        &adds,
        &log,
        Input::Nothing,
        GUEST_LIMIT,
    )?;
    write_file(&out.join("guest.out"), &guest.output)?;
    let guest_cases = split_console(&String::from_utf8_lossy(&guest.output), cases.len());

    let mut rows = Vec::new();
    for ((case, host), guest) in cases.iter().zip(&host_cases).zip(&guest_cases) {
        for (side, framed) in [("host", host), ("guest", guest)] {
            if let Some(framed) = framed {
                write_file(
                    &out.join(format!("{}.{side}.out", case.file_stem())),
                    framed.output.as_bytes(),
                )?;
            }
        }
        let host_lua = host_lua.to_string_lossy();
        let host = outcome(host.as_ref(), &host_lua);
        let guest_result = outcome(guest.as_ref(), GUEST_LUA);
        let verdict = judge(&host, &guest_result, gaps.of(&case.name));
        rows.push(Row {
            name: &case.name,
            host,
            guest: guest_result,
            verdict,
            output: guest.as_ref().map(|framed| framed.output.as_str()),
        });
    }
    print_table(&rows);

    ensure!(
        rows.iter().any(|row| row.host == OK),
        "no case passed on the host: is the port's `lua` broken? (outputs in {})",
        out.display()
    );
    let failed: Vec<&str> = rows
        .iter()
        .filter(|row| !row.verdict.passed())
        .map(|row| row.name)
        .collect();
    if failed.is_empty() {
        return Ok(());
    }
    guest.print_no_status();
    bail!(
        "{} of {} cases differ between guest and host: {} (kernel log: {}{}; outputs in {})",
        failed.len(),
        cases.len(),
        failed.join(", "),
        log.display(),
        guest.unimplemented_note(),
        out.display()
    );
}


/// The suite's archive in `target/ports/src/`, downloaded if it is not
/// there yet. A kept archive is never downloaded again: if its checksum is
/// wrong, the error says to remove it.
fn fetch(paths: &Paths) -> Result<PathBuf> {
    let downloads = paths.target.join("ports").join("src");
    create_dir(&downloads)?;
    let archive = downloads.join(SUITE_ARCHIVE);
    if archive.is_file() {
        let sum = sha256(&archive)?;
        ensure!(
            sum == SUITE_SHA256,
            "{} has SHA-256 {sum}, want {SUITE_SHA256}: remove it to download it again from {SUITE_URL}",
            archive.display()
        );
        return Ok(archive);
    }
    ensure_curl()?;
    eprintln!("xtask: downloading Lua's test suite (lupa 2.8's sources) from {SUITE_URL}");
    let partial = downloads.join(format!("{SUITE_ARCHIVE}.part"));
    let _ = std::fs::remove_file(&partial);
    let output = Command::new("curl")
        .args([
            "--fail",
            "--silent",
            "--show-error",
            "--location",
            "--retry",
            "2",
            "--connect-timeout",
            "30",
            "--max-time",
            "600",
            "--output",
        ])
        .arg(&partial)
        .arg(SUITE_URL)
        .stdin(Stdio::null())
        .output()
        .context("cannot start curl")?;
    if !output.status.success() {
        let _ = std::fs::remove_file(&partial);
        bail!(
            "cannot download Lua's test suite from {SUITE_URL} (curl: {}: {}); \
             or put that file at {} by hand",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim(),
            archive.display()
        );
    }
    let sum = sha256(&partial)?;
    if sum != SUITE_SHA256 {
        let _ = std::fs::remove_file(&partial);
        bail!("{SUITE_URL} gave a file with SHA-256 {sum}, want {SUITE_SHA256}");
    }
    std::fs::rename(&partial, &archive).with_context(|| {
        format!(
            "cannot rename {} to {}",
            partial.display(),
            archive.display()
        )
    })?;
    Ok(archive)
}

/// curl, installed with apt-get when it is missing and we are root.
fn ensure_curl() -> Result<()> {
    if prereq::find_command("curl").is_some() {
        return Ok(());
    }
    ensure!(
        prereq::is_root(),
        "downloading Lua's test suite needs curl: apt-get install curl"
    );
    prereq::apt_install(&["curl"])
}

/// The SHA-256 of `file`, in hex, from `sha256sum`.
fn sha256(file: &Path) -> Result<String> {
    let output = Command::new("sha256sum")
        .arg(file)
        .stdin(Stdio::null())
        .output()
        .context("cannot start sha256sum")?;
    ensure!(
        output.status.success(),
        "sha256sum {}: {}",
        file.display(),
        String::from_utf8_lossy(&output.stderr).trim()
    );
    let text = String::from_utf8_lossy(&output.stdout);
    first_word_hex(&text).with_context(|| format!("sha256sum printed `{}`", text.trim()))
}

/// The 64 hex digits that start `sha256sum`'s answer.
fn first_word_hex(text: &str) -> Option<String> {
    let word = text.split_whitespace().next()?;
    (word.len() == 64 && word.chars().all(|c| c.is_ascii_hexdigit()))
        .then(|| word.to_ascii_lowercase())
}

/// Unpacks the suite's folder from `archive` into `into/testes`; returns
/// that folder.
fn unpack(archive: &Path, into: &Path) -> Result<PathBuf> {
    let components = SUITE_IN_ARCHIVE.split('/').count() - 1;
    let output = Command::new("tar")
        .arg("-xzf")
        .arg(archive)
        .arg("-C")
        .arg(into)
        .arg(format!("--strip-components={components}"))
        .arg(SUITE_IN_ARCHIVE)
        .stdin(Stdio::null())
        .output()
        .context("cannot start tar")?;
    ensure!(
        output.status.success(),
        "cannot unpack {SUITE_IN_ARCHIVE} from {}: {}",
        archive.display(),
        String::from_utf8_lossy(&output.stderr).trim()
    );
    let suite = into.join("testes");
    ensure!(
        suite.join(ALL).is_file(),
        "{} has no {SUITE_IN_ARCHIVE}/{ALL}",
        archive.display()
    );
    Ok(suite)
}

/// One run of `lua`.
#[derive(Debug, PartialEq, Eq)]
struct Case {
    /// `FILE`, or `FILE _port` for the run with `_port=true`.
    name: String,
    /// `lua`'s arguments.
    args: Vec<String>,
}

impl Case {
    /// The start of the names of this case's files: `FILE` or `FILE-_port`.
    fn file_stem(&self) -> String {
        self.name.replace(' ', "-")
    }
}

/// The cases of the suite in folder `suite`.
fn cases(suite: &Path) -> Result<Vec<Case>> {
    let read = |name: &str| {
        let path = suite.join(name);
        std::fs::read(&path)
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .with_context(|| format!("cannot read {}", path.display()))
    };
    let files = files_of_all(&read(ALL)?);
    ensure!(!files.is_empty(), "{ALL} runs no test file");
    let mut cases = Vec::new();
    for file in files {
        let text = read(&file)?;
        cases.extend(cases_of(&file, &text));
    }
    Ok(cases)
}

/// The test files `all.lua` (its text) runs, in order: every quoted
/// `NAME.lua` in it (but itself), once.
fn files_of_all(all: &str) -> Vec<String> {
    let name_char = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let mut files: Vec<String> = Vec::new();
    for (at, _) in all.match_indices(".lua") {
        let end = at + ".lua".len();
        let Some(quote) = all[end..]
            .chars()
            .next()
            .filter(|c| *c == '\'' || *c == '"')
        else {
            continue;
        };
        let stem_start = all[..at]
            .char_indices()
            .rev()
            .take_while(|(_, c)| name_char(*c))
            .last()
            .map_or(at, |(index, _)| index);
        if stem_start == at || !all[..stem_start].ends_with(quote) {
            continue;
        }
        let file = &all[stem_start..end];
        if file != ALL && !files.iter().any(|f| f == file) {
            files.push(file.to_string());
        }
    }
    files
}

/// The cases of one test file, `text` its contents.
fn cases_of(file: &str, text: &str) -> Vec<Case> {
    let strings = |args: &[&str]| args.iter().map(|a| a.to_string()).collect();
    let full = if file == COROUTINE_FILE {
        // As all.lua runs it: it yields twice, with 'b' and then 'a'.
        let run = format!(
            "local f = coroutine.wrap(assert(loadfile('{file}'))) \
             assert(f() == 'b') assert(f() == 'a')"
        );
        strings(&["-e", &run])
    } else {
        strings(&[file])
    };
    let mut cases = vec![Case {
        name: file.to_string(),
        args: full,
    }];
    if text.contains("_port") && !text.contains(SKIPPED_WHOLE) {
        cases.push(Case {
            name: format!("{file} _port"),
            args: strings(&["-e", "_port=true", file]),
        });
    }
    cases
}

/// The shell script that runs every case, run as `sh SCRIPT LUA SUITE
/// WORK` with LUA the interpreter's full path: each from a fresh copy of SUITE in `WORK/run`, stdin an empty pipe,
/// stdout and stderr into `WORK/out`, killed after [`CASE_LIMIT_SECONDS`];
/// then the output between `@@@ lua-testes begin N` and
/// `@@@ lua-testes end N status S` (N: the case's index), with a newline
/// before the end marker so that it starts a line.
fn script(cases: &[Case]) -> String {
    let mut text = format!(
        "# Lua's test suite, one case at a time: sh run.sh LUA SUITE WORK\n\
         lua=$1 suite=$2 work=$3\n\
         run() {{\n\
         \tn=$1; shift\n\
         \trm -rf \"$work/run\" && mkdir -p \"$work/run\" && cp -r \"$suite/.\" \"$work/run/\" \
         && cd \"$work/run\" || exit 1\n\
         \t: | timeout -s KILL {CASE_LIMIT_SECONDS} \"$lua\" \"$@\" >\"$work/out\" 2>&1\n\
         \ts=$?\n\
         \tcd /\n\
         \techo \"{MARKER} begin $n\"\n\
         \tcat \"$work/out\"\n\
         \techo\n\
         \techo \"{MARKER} end $n status $s\"\n\
         }}\n"
    );
    for (index, case) in cases.iter().enumerate() {
        let args: Vec<String> = case.args.iter().map(|a| shell_quote(a)).collect();
        let _ = writeln!(text, "run {index} {}", args.join(" "));
    }
    text
}

/// What one side printed for one case.
#[derive(Debug, PartialEq, Eq)]
struct Framed {
    output: String,
    /// `None` if the console ends before the end marker.
    status: Option<u8>,
}

/// Each case's part of the console, by index; `None` for a case whose
/// begin marker is not there.
fn split_console(console: &str, count: usize) -> Vec<Option<Framed>> {
    (0..count)
        .map(|index| {
            let begin = format!("{MARKER} begin {index}\n");
            let start = console.find(&begin)? + begin.len();
            let rest = &console[start..];
            // The newline before the end marker is the script's.
            let end = format!("\n{MARKER} end {index} status ");
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

/// The result of a case that passed.
const OK: &str = "ok";

/// A case's result, as compared: `ok`; `status N: MESSAGE` with the
/// interpreter's error message (the last line that starts with `LUA: `,
/// LUA the interpreter's name as it was run) and, when the traceback under
/// it names another place in the file's main chunk, `(from FILE:LINE)`
/// (the check that called a failing helper); `status N` without a
/// message; `signal N` when a signal ended it (a shell's status 128 + N; 9
/// is also the time limit); or why there is none.
fn outcome(framed: Option<&Framed>, lua: &str) -> String {
    let Some(framed) = framed else {
        return "did not run (no begin marker)".into();
    };
    let Some(status) = framed.status else {
        return "did not finish (no end marker)".into();
    };
    if status == 0 {
        return OK.into();
    }
    if status > 128 {
        return format!("signal {}", status - 128);
    }
    let prefix = format!("{lua}: ");
    let lines: Vec<&str> = framed.output.lines().collect();
    let Some(at) = lines.iter().rposition(|line| line.starts_with(&prefix)) else {
        return format!("status {status}");
    };
    let message = lines[at][prefix.len()..].trim_end();
    let caller = lines[at + 1..]
        .iter()
        .find_map(|line| line.trim().strip_suffix(": in main chunk"))
        .filter(|place| !message.starts_with(&format!("{place}:")));
    match caller {
        Some(place) => format!("status {status}: {message} (from {place})"),
        None => format!("status {status}: {message}"),
    }
}

/// How a case did in the guest, against the host.
#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    /// The same result.
    Same,
    /// A known gap, failing as the list says.
    Known,
    /// A different result, not a known gap.
    Differs,
    /// A known gap with the host's result now: off the list with it.
    Fixed,
    /// A known gap whose guest result is not the one listed.
    GapChanged(String),
}

impl Verdict {
    fn passed(&self) -> bool {
        matches!(self, Verdict::Same | Verdict::Known)
    }

    fn word(&self) -> String {
        match self {
            Verdict::Same => "same".into(),
            Verdict::Known => "known gap".into(),
            Verdict::Differs => "DIFFERS".into(),
            Verdict::Fixed => format!("FIXED: remove it from ports/{PORT}/{KNOWN_GAPS}"),
            Verdict::GapChanged(listed) => {
                format!("CHANGED: ports/{PORT}/{KNOWN_GAPS} says `{listed}`")
            }
        }
    }
}

/// The verdict on a case with these results on the host and in the guest,
/// and `gap`, the guest's result if it is a known gap.
fn judge(host: &str, guest: &str, gap: Option<&str>) -> Verdict {
    match gap {
        None if host == guest => Verdict::Same,
        None => Verdict::Differs,
        Some(_) if host == guest => Verdict::Fixed,
        Some(listed) if listed == guest => Verdict::Known,
        Some(listed) => Verdict::GapChanged(listed.to_string()),
    }
}

/// One line of the summary.
struct Row<'a> {
    name: &'a str,
    host: String,
    guest: String,
    verdict: Verdict,
    /// The guest's output for the case, if it printed one.
    output: Option<&'a str>,
}

/// Prints the table (case, host result, guest result, verdict), then, for
/// each case that did not pass, the full results and the end of its guest
/// output.
fn print_table(rows: &[Row]) {
    let width = rows.iter().map(|row| row.name.len()).max().unwrap_or(4);
    println!(
        "    {:width$}  {:COLUMN$}  {:COLUMN$}  verdict",
        "case", "host", "guest"
    );
    for row in rows {
        println!(
            "    {:width$}  {:COLUMN$}  {:COLUMN$}  {}",
            row.name,
            clip(&row.host),
            clip(&row.guest),
            row.verdict.word()
        );
    }
    let same = rows.iter().filter(|r| r.verdict == Verdict::Same).count();
    let passed_both = rows
        .iter()
        .filter(|r| r.host == OK && r.guest == OK)
        .count();
    let known = rows.iter().filter(|r| r.verdict == Verdict::Known).count();
    println!(
        "    {} cases: {same} agree ({passed_both} of them pass), {known} known gaps, {} differ",
        rows.len(),
        rows.iter().filter(|r| !r.verdict.passed()).count()
    );
    for row in rows.iter().filter(|row| !row.verdict.passed()) {
        println!("    {}:", row.name);
        println!("        host:  {}", row.host);
        println!("        guest: {}", row.guest);
        if let Some(output) = row.output {
            for line in tail_lines(output, OUTPUT_LINES) {
                println!("        | {line}");
            }
        }
    }
}

/// `text` cut to [`COLUMN`] characters, with `...` if it was longer.
fn clip(text: &str) -> String {
    if text.chars().count() <= COLUMN {
        return text.to_string();
    }
    let kept: String = text.chars().take(COLUMN - 3).collect();
    format!("{kept}...")
}

/// `ports/lua5.4/testes-known-gaps.txt`: the cases whose guest result may
/// differ from the host's, each with that result.
///
/// One `CASE: GUEST RESULT` a line (`files.lua: status 1: files.lua:762:
/// assertion failed!`); `#` starts a comment. Each entry, or group of
/// entries on consecutive lines, has a comment line right above it that
/// says why.
#[derive(Debug, Default)]
struct KnownGaps {
    /// (case, its result in the guest).
    entries: Vec<(String, String)>,
}

impl KnownGaps {
    /// Reads and checks the list (no file: no gaps); every case it names
    /// must be one of `cases`.
    fn load(path: &Path, cases: &[&str]) -> Result<KnownGaps> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(err) => return Err(err).with_context(|| format!("cannot read {}", path.display())),
        };
        KnownGaps::parse(&text, cases).map_err(|why| anyhow::anyhow!("{}: {why}", path.display()))
    }

    fn parse(text: &str, cases: &[&str]) -> Result<KnownGaps, String> {
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
            let wrong = || format!("line {number}: want `CASE: GUEST RESULT`, got `{line}`");
            let (case, result) = line.split_once(':').ok_or_else(wrong)?;
            let (case, result) = (case.trim(), result.trim());
            if case.is_empty() || result.is_empty() {
                return Err(wrong());
            }
            if !cases.contains(&case) {
                return Err(format!(
                    "line {number}: there is no case `{case}` (there are: {})",
                    cases.join(", ")
                ));
            }
            if !has_reason {
                return Err(format!(
                    "line {number}: `{line}` has no comment above it saying why"
                ));
            }
            if entries.iter().any(|(c, _)| c == case) {
                return Err(format!("line {number}: `{case}` is listed twice"));
            }
            entries.push((case.to_string(), result.to_string()));
        }
        Ok(KnownGaps { entries })
    }

    /// The listed guest result of `case`, if it is a known gap.
    fn of(&self, case: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(c, _)| c == case)
            .map(|(_, result)| result.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framed(output: &str, status: u8) -> Framed {
        Framed {
            output: output.to_string(),
            status: Some(status),
        }
    }

    #[test]
    fn the_files_are_those_all_lua_runs_in_its_order() {
        let all = "dofile('main.lua')\nreport\"gc.lua\"\nlocal f = loadfile('gc.lua')\n\
                   olddofile('strings.lua') -- see 'notes.txt'\n\
                   local fname = T and \"time-debug.txt\" or \"time.txt\"\n\
                   dofile(\"files.lua\")  dofile('all.lua') dofile('.lua')";
        assert_eq!(
            files_of_all(all),
            ["main.lua", "gc.lua", "strings.lua", "files.lua"]
        );
        assert!(files_of_all("print('hello')").is_empty());
    }

    #[test]
    fn a_file_with_non_portable_checks_runs_twice() {
        assert_eq!(
            cases_of("pm.lua", "print'testing pattern matching'"),
            [Case {
                name: "pm.lua".into(),
                args: vec!["pm.lua".into()],
            }]
        );
        let files = cases_of("files.lua", "if not _port then x() end");
        assert_eq!(files.len(), 2);
        assert_eq!(files[1].name, "files.lua _port");
        assert_eq!(files[1].args, ["-e", "_port=true", "files.lua"]);
        assert_eq!(files[1].file_stem(), "files.lua-_port");
        // _port=true would run nothing of it.
        let main = cases_of("main.lua", "# comment\nif _port then return end\n");
        assert_eq!(main.len(), 1);
        let big = cases_of("big.lua", "if _soft then return 'a' end");
        assert_eq!(big[0].args[0], "-e");
        assert!(big[0].args[1].contains("coroutine.wrap(assert(loadfile('big.lua')))"));
    }

    #[test]
    fn the_script_frames_every_case() {
        let mut cases = cases_of("pm.lua", "");
        cases.extend(cases_of("files.lua", "_port"));
        let text = script(&cases);
        assert!(text.contains("\n\t: | timeout -s KILL 60 \"$lua\" \"$@\" >\"$work/out\" 2>&1\n"));
        assert!(text.contains("echo \"@@@ lua-testes end $n status $s\""));
        assert!(text.ends_with("run 0 pm.lua\nrun 1 files.lua\nrun 2 -e _port=true files.lua\n"));
        let big = script(&cases_of("big.lua", ""));
        assert!(big.contains("run 0 -e 'local f = coroutine.wrap("));
    }

    #[test]
    fn the_console_is_split_at_the_markers() {
        let console = "@@@ lua-testes begin 0\nOK\n\n@@@ lua-testes end 0 status 0\n\
                       Segmentation fault\n@@@ lua-testes begin 1\ntesting\n\n\
                       @@@ lua-testes end 1 status 139\n@@@ lua-testes begin 2\ncut";
        assert_eq!(
            split_console(console, 4),
            [
                Some(framed("OK\n", 0)),
                Some(framed("testing\n", 139)),
                Some(Framed {
                    output: "cut".into(),
                    status: None
                }),
                None,
            ]
        );
    }

    #[test]
    fn results_name_the_error_and_where_it_was_called() {
        let ok = |output: &str, status| outcome(Some(&framed(output, status)), "/usr/bin/lua");
        assert_eq!(ok("OK\n", 0), "ok");
        let direct =
            "testing closures\n/usr/bin/lua: closure.lua:8: attempt to index a number value\n\
                      stack traceback:\n\tclosure.lua:8: in local 'aux'\n\
                      \tclosure.lua:9: in main chunk\n\t[C]: in ?\n";
        assert_eq!(
            ok(direct, 1),
            "status 1: closure.lua:8: attempt to index a number value (from closure.lua:9)"
        );
        let in_main = "/usr/bin/lua: pm.lua:5: assertion failed!\nstack traceback:\n\
                       \t[C]: in function 'assert'\n\tpm.lua:5: in main chunk\n";
        assert_eq!(ok(in_main, 1), "status 1: pm.lua:5: assertion failed!");
        let child_then_main = "/usr/bin/lua: child error\n\tx.lua:1: in main chunk\n\
                               /usr/bin/lua: main.lua:67: exit\nstack traceback:\n\
                               \t[C]: in function 'assert'\n\tmain.lua:67: in local 'RUN'\n\
                               \tmain.lua:230: in main chunk\n";
        assert_eq!(
            ok(child_then_main, 1),
            "status 1: main.lua:67: exit (from main.lua:230)"
        );
        assert_eq!(ok("lua: a.lua:1: elsewhere\n", 1), "status 1");
        assert_eq!(ok("x\n", 3), "status 3");
        assert_eq!(ok("testing\n", 139), "signal 11");
        let cut = Framed {
            output: String::new(),
            status: None,
        };
        assert_eq!(outcome(Some(&cut), "lua"), "did not finish (no end marker)");
        assert_eq!(outcome(None, "lua"), "did not run (no begin marker)");
    }

    #[test]
    fn guest_and_host_are_judged_with_the_known_gaps() {
        assert_eq!(judge("ok", "ok", None), Verdict::Same);
        assert_eq!(judge("status 1: a", "status 1: a", None), Verdict::Same);
        assert_eq!(judge("ok", "status 1: b", None), Verdict::Differs);
        assert_eq!(judge("status 1: a", "ok", None), Verdict::Differs);
        assert_eq!(
            judge("ok", "status 1: b", Some("status 1: b")),
            Verdict::Known
        );
        assert_eq!(judge("ok", "ok", Some("status 1: b")), Verdict::Fixed);
        assert_eq!(
            judge("ok", "signal 11", Some("status 1: b")),
            Verdict::GapChanged("status 1: b".into())
        );
        assert!(Verdict::Known.passed() && Verdict::Same.passed());
        assert!(!Verdict::Fixed.passed() && !Verdict::Differs.passed());
    }

    #[test]
    fn the_known_gaps_list_is_checked() {
        let cases = ["files.lua", "files.lua _port", "db.lua"];
        let text = "# why\nfiles.lua: status 1: files.lua:762: assertion failed!\n\n\
                    # another reason\nfiles.lua _port: signal 11\n";
        let gaps = KnownGaps::parse(text, &cases).unwrap();
        assert_eq!(
            gaps.of("files.lua"),
            Some("status 1: files.lua:762: assertion failed!")
        );
        assert_eq!(gaps.of("files.lua _port"), Some("signal 11"));
        assert_eq!(gaps.of("db.lua"), None);
        let err = |text: &str| KnownGaps::parse(text, &cases).unwrap_err();
        assert!(err("db.lua: ok\n").contains("no comment above it"));
        assert!(err("# why\ndb.lua: ok\n\ndb.lua: x\n").contains("line 4"));
        assert!(err("# why\nio.lua: ok\n").contains("no case `io.lua`"));
        assert!(err("# why\ndb.lua\n").contains("want `CASE: GUEST RESULT`"));
        assert!(err("# why\ndb.lua:\n").contains("want `CASE: GUEST RESULT`"));
        assert!(err("# why\ndb.lua: a\ndb.lua: b\n").contains("twice"));
        assert!(KnownGaps::parse("", &cases).unwrap().entries.is_empty());
    }

    #[test]
    fn results_are_clipped_for_the_table() {
        assert_eq!(clip("ok"), "ok");
        let long = "status 1: files.lua:762: assertion failed! and then some more";
        let clipped = clip(long);
        assert_eq!(clipped.chars().count(), COLUMN);
        assert!(clipped.ends_with("..."));
    }

    #[test]
    fn sha256sum_answers_are_read() {
        let line = format!("{SUITE_SHA256}  /x/lupa-2.8.tar.gz\n");
        assert_eq!(first_word_hex(&line).as_deref(), Some(SUITE_SHA256));
        assert_eq!(first_word_hex("sha256sum: x: No such file"), None);
        assert_eq!(first_word_hex(""), None);
    }
}
