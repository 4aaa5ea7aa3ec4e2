//! Tests of the ports (`cargo xtask ports`, [`crate::ports`]): each port's
//! programs run in the guest and on the host, the same static binary on
//! both, and must agree byte for byte.
//!
//! `ports-lua` runs every `ports/lua5.4/tests/*.lua` with the port's `lua`:
//! from a fresh work directory (its path is the script's `arg[1]`), stdin
//! from /dev/null, stdout and stderr into one pipe; output and exit status
//! are compared. The port is built first if it is not up to date (cached:
//! about 10 s the first time, nothing after). Files are kept in
//! `target/phantom/test-logs/ports-lua/`: `NAME.log` (the kernel log),
//! `NAME.guest.out`, `NAME.host.out`.

use std::ffi::OsStr;

use super::host;
use super::*;
use crate::{busybox, diff, ports};

/// Where the test scripts go in the guest.
const GUEST_SCRIPTS: &str = "/tests/lua";
/// The scripts' work directory in the guest.
const GUEST_WORK: &str = "/tmp/work";
/// The most a script may take on the host.
const HOST_LIMIT: Duration = Duration::from_secs(60);
/// Lines of diff shown for a script whose output differs.
const DIFF_LINES: usize = 40;

/// Every Lua test script gives the same output and status in the guest as
/// with the same `lua` binary on the host.
pub fn lua(context: &TestContext) -> Result<()> {
    let stage = ports::ensure_built(context.paths, "lua5.4")?;
    let host_lua = stage.join("usr/bin/lua5.4");
    let dir = context.paths.root.join("ports/lua5.4/tests");
    let mut scripts = Vec::new();
    for entry in
        std::fs::read_dir(&dir).with_context(|| format!("cannot list {}", dir.display()))?
    {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.ends_with(".lua") {
            scripts.push(name);
        }
    }
    scripts.sort();
    ensure!(!scripts.is_empty(), "no scripts in {}", dir.display());
    let out = context.files_dir()?;
    // The port's files go in as they are now, whatever the image had.
    let adds = [
        AddSpec {
            host: dir.clone(),
            guest: GUEST_SCRIPTS.trim_start_matches('/').to_string(),
        },
        AddSpec {
            host: stage.join("usr"),
            guest: "usr".to_string(),
        },
    ];

    let mut failed = Vec::new();
    for script in &scripts {
        let stem = script.trim_end_matches(".lua");
        let file = |extension: &str| out.join(format!("{stem}.{extension}"));
        let guest_script = format!("{GUEST_SCRIPTS}/{script}");
        let guest = context.exec(
            &wrapper("lua", &guest_script, GUEST_WORK),
            &adds,
            &file("log"),
        )?;
        let host_work = file("host-work");
        let host_work_text = host_work
            .to_str()
            .context("the work directory is not UTF-8")?;
        let script_path = dir.join(script);
        // busybox's sh, as in the guest: the host's may lack `pipefail`.
        let mut command = Command::new(busybox::HOST_BINARY);
        command.args([
            "sh",
            "-c",
            &wrapper(
                host_lua.to_str().context("the lua path is not UTF-8")?,
                script_path
                    .to_str()
                    .context("the script path is not UTF-8")?,
                host_work_text,
            ),
        ]);
        let host = host::run(
            command,
            &host_work,
            OsStr::new("/usr/bin:/bin"),
            script,
            HOST_LIMIT,
        )?;
        std::fs::write(file("guest.out"), &guest.output)?;
        std::fs::write(file("host.out"), &host.output)?;

        let guest_status = match &guest.ending {
            exec::Ending::Status(status) => Some(*status),
            exec::Ending::NoStatus(_) => None,
        };
        if guest_status == Some(host.status) && guest.output == host.output {
            println!("  {script} ... ok");
            continue;
        }
        println!(
            "  {script} ... FAILED: status host {}, guest {guest_status:?}",
            host.status
        );
        println!(
            "{}",
            diff::unified(&host.output, &guest.output, "host", "guest", DIFF_LINES)
        );
        failed.push(script.as_str());
    }
    ensure!(
        failed.is_empty(),
        "{} of {} Lua scripts differ between guest and host: {} (files in {})",
        failed.len(),
        scripts.len(),
        failed.join(", "),
        out.display()
    );
    Ok(())
}

/// The command both sides run: `lua SCRIPT WORK` from a fresh WORK, output
/// through a pipe (so stdout is buffered the same way on both), the status
/// the script's.
fn wrapper(lua: &str, script: &str, work: &str) -> String {
    format!(
        "mkdir -p {work} && cd {work} && set -o pipefail && \
         {lua} {script} {work} </dev/null 2>&1 | cat"
    )
}
