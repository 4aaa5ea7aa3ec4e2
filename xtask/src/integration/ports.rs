//! Tests of the ports (`cargo xtask ports`, [`crate::ports`]): each port's
//! programs run in the guest and on the host, the same static binary on
//! both, and must agree byte for byte.
//!
//! Every port test is a [`Suite`]: the scripts `ports/PORT/tests/*.EXT`,
//! each run by one command (`lua` for `ports-lua`, busybox `sh` for the
//! others) as `RUNNER SCRIPT WORK`: from a fresh work directory WORK
//! (`/tmp/work` in the guest), stdin from /dev/null, stdout and stderr into
//! one pipe; output and exit status are compared.
//! On the host, `$PATH` is the port's `usr/bin` (so `lua` or `sqlite3` is
//! the port's own binary) and then only busybox's applets, as in the guest;
//! a script finds the files beside it through `$0`. The port (and what it
//! depends on) is built first if it is not up to date, and its files go
//! into the guest's image as they are now. Files are kept in
//! `target/phantom/test-logs/ports-NAME/`: `SCRIPT.log` (the kernel log),
//! `SCRIPT.guest.out`, `SCRIPT.host.out`.

use super::host;
use super::*;
use crate::busybox::Busybox;
use crate::{busybox, diff, ports};

/// The scripts' work directory in the guest.
const GUEST_WORK: &str = "/tmp/work";
/// The most a script may take on the host.
const HOST_LIMIT: Duration = Duration::from_secs(60);
/// Lines of diff shown for a script whose output differs.
const DIFF_LINES: usize = 40;

/// One port's test scripts and how they are run.
struct Suite {
    /// The port (`ports/PORT/`), built first if need be.
    port: &'static str,
    /// The scripts are `ports/PORT/tests/*.EXT`.
    extension: &'static str,
    /// The command that runs a script, found on `$PATH` on both sides.
    runner: &'static str,
}

/// Every Lua test script gives the same output and status in the guest as
/// with the same `lua` binary on the host.
pub fn lua(context: &TestContext) -> Result<()> {
    run_suite(
        context,
        &Suite {
            port: "lua5.4",
            extension: "lua",
            runner: "lua",
        },
    )
}

/// `ports/lua-embed/tests/*.sh`: a C program linked with the lua5.4 port's
/// `liblua.a` embeds Lua (C calls Lua, Lua calls C, scripts, errors) as on
/// the host.
pub fn lua_embed(context: &TestContext) -> Result<()> {
    run_suite(
        context,
        &Suite {
            port: "lua-embed",
            extension: "sh",
            runner: "sh",
        },
    )
}

/// `ports/sqlite3/tests/*.sh`: the `sqlite3` shell on a database file, in
/// several processes one after the other, as on the host.
pub fn sqlite(context: &TestContext) -> Result<()> {
    run_suite(
        context,
        &Suite {
            port: "sqlite3",
            extension: "sh",
            runner: "sh",
        },
    )
}

/// `ports/zlib/tests/*.sh`: zlib's programs compress, decompress and check
/// files as on the host.
pub fn zlib(context: &TestContext) -> Result<()> {
    run_suite(
        context,
        &Suite {
            port: "zlib",
            extension: "sh",
            runner: "sh",
        },
    )
}

/// `ports/make/tests/*.sh`: GNU make builds a small project (rebuilds,
/// parallel jobs, a sub-make, errors) as on the host.
pub fn make(context: &TestContext) -> Result<()> {
    run_suite(
        context,
        &Suite {
            port: "make",
            extension: "sh",
            runner: "sh",
        },
    )
}

/// `ports/wordfreq/tests/*.sh`: a Rust program, built for
/// x86_64-unknown-linux-musl by the ports machinery, as on the host.
pub fn wordfreq(context: &TestContext) -> Result<()> {
    run_suite(
        context,
        &Suite {
            port: "wordfreq",
            extension: "sh",
            runner: "sh",
        },
    )
}

/// Runs every script of `suite` in the guest and on the host, and wants the
/// same output and status from both.
fn run_suite(context: &TestContext, suite: &Suite) -> Result<()> {
    let stage = ports::ensure_built(context.paths, suite.port)?;
    let dir = context
        .paths
        .root
        .join("ports")
        .join(suite.port)
        .join("tests");
    let scripts = list_files(&dir, &format!(".{}", suite.extension))?;
    ensure!(!scripts.is_empty(), "no scripts in {}", dir.display());
    let out = context.files_dir()?;
    let guest_scripts = format!("/tests/{}", suite.port);

    let mut adds = vec![AddSpec {
        host: dir.clone(),
        guest: guest_scripts.trim_start_matches('/').to_string(),
    }];
    adds.extend(stage_adds(&stage)?);
    let host_path = host_path(context, &stage)?;

    let mut failed = Vec::new();
    for script in &scripts {
        let started = Instant::now();
        let stem = script.trim_end_matches(&format!(".{}", suite.extension));
        let file = |extension: &str| out.join(format!("{stem}.{extension}"));
        let host_work = file("host-work");
        let script_path = dir.join(script);
        // busybox's sh, as in the guest: the host's may lack `pipefail`.
        let mut command = Command::new(busybox::HOST_BINARY);
        command.args([
            "sh",
            "-c",
            &wrapper(
                suite.runner,
                script_path
                    .to_str()
                    .context("the script path is not UTF-8")?,
                host_work
                    .to_str()
                    .context("the work directory is not UTF-8")?,
            ),
        ]);
        let host = host::run(command, &host_work, &host_path, script, HOST_LIMIT)?;
        std::fs::write(file("host.out"), &host.output)?;

        // A guest run that differs is run once more: a difference that does
        // not come back is reported as a flake (with its diff, kept in
        // NAME.flaky.out), not hidden; one that comes back fails the test.
        let mut report = None;
        for attempt in 0..2 {
            let guest = context.exec(
                &wrapper(
                    suite.runner,
                    &format!("{guest_scripts}/{script}"),
                    GUEST_WORK,
                ),
                &adds,
                &file("log"),
            )?;
            std::fs::write(file("guest.out"), &guest.output)?;
            report = compare(&guest, &host, &file("log"));
            match (&report, attempt) {
                (None, 1) => println!("    {script}: FLAKY: it differed once, then matched:\n{}", first_diff(&file("flaky.out"))),
                (Some(r), 0) => {
                    std::fs::write(file("flaky.out"), r)?;
                    continue;
                }
                _ => {}
            }
            break;
        }
        let seconds = format!("{:.1} s", started.elapsed().as_secs_f64());
        print_part(
            script,
            &seconds,
            report.is_none(),
            report.as_deref().unwrap_or_default(),
        );
        if report.is_some() {
            failed.push(script.as_str());
        }
    }
    ensure!(
        failed.is_empty(),
        "{} of {} {} scripts differ between guest and host: {} (files in {})",
        failed.len(),
        scripts.len(),
        suite.port,
        failed.join(", "),
        out.display()
    );
    Ok(())
}

/// The port's files (its stage folder), for the guest's image: they go in
/// as they are now, whatever the image had.
pub(super) fn stage_adds(stage: &Path) -> Result<Vec<AddSpec>> {
    let mut adds = Vec::new();
    for entry in
        std::fs::read_dir(stage).with_context(|| format!("cannot list {}", stage.display()))?
    {
        let entry = entry?;
        adds.push(AddSpec {
            host: entry.path(),
            guest: entry.file_name().to_string_lossy().into_owned(),
        });
    }
    Ok(adds)
}

/// `$PATH` on the host: the port's `usr/bin`, then busybox's applets, as in
/// the guest.
pub(super) fn host_path(context: &TestContext, stage: &Path) -> Result<std::ffi::OsString> {
    let busybox = Busybox::load(context.paths)?;
    let mut host_path = vec![stage.join("usr").join("bin")];
    host_path.extend(busybox.host_applet_dir(&context.paths.out.join("busybox-host"))?);
    std::env::join_paths(host_path).context("the port's folder cannot go on $PATH")
}

/// The first lines of a kept difference report.
fn first_diff(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines().take(12).map(|l| format!("        {l}\n")).collect()
}

/// `None` if the guest did what the host did, else what differs: statuses,
/// a diff (host `-`, guest `+`), the system calls the kernel did not know,
/// and the log's end if the guest gave no status.
fn compare(guest: &GuestRun, host: &host::HostRun, log: &Path) -> Option<String> {
    let guest_status = match &guest.ending {
        exec::Ending::Status(status) => Some(*status),
        exec::Ending::NoStatus(_) => None,
    };
    if guest_status == Some(host.status) && guest.output == host.output {
        return None;
    }
    let mut report = vec![match &guest.ending {
        exec::Ending::Status(status) if *status == host.status => {
            format!("status {status} on both; the output differs:")
        }
        exec::Ending::Status(status) => format!("status: host {}, guest {status}", host.status),
        exec::Ending::NoStatus(why) => format!("status: host {}, guest none: {why}", host.status),
    }];
    let diff = diff::unified(&host.output, &guest.output, "host", "guest", DIFF_LINES);
    if !diff.is_empty() {
        report.push(diff);
    }
    for (message, count) in exec::unimplemented_syscalls(&guest.log_text) {
        report.push(format!("log: {message} (x{count})"));
    }
    if guest_status.is_none() {
        report.push(format!("the last lines of {}:", log.display()));
        report.extend(guest.log_tail());
    }
    Some(report.join("\n"))
}

/// The command both sides run: `RUNNER SCRIPT WORK` from a fresh WORK,
/// output through a pipe (so stdout is buffered the same way on both), the
/// status the script's.
fn wrapper(runner: &str, script: &str, work: &str) -> String {
    format!(
        "mkdir -p {work} && cd {work} && set -o pipefail && \
         {runner} {script} {work} </dev/null 2>&1 | cat",
        work = shell_quote(work),
        runner = shell_quote(runner),
        script = shell_quote(script),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wrapper_runs_the_script_in_its_work_directory() {
        assert_eq!(
            wrapper("lua", "/tests/lua5.4/basics.lua", "/tmp/work"),
            "mkdir -p /tmp/work && cd /tmp/work && set -o pipefail && \
             lua /tests/lua5.4/basics.lua /tmp/work </dev/null 2>&1 | cat"
        );
    }
}
