//! The `vm` group: the native VM against interpreters people know.
//!
//! The programs of `bench/vm/` (fib, virtual calls, allocation, strings) in
//! Java, converted by `cargo xtask java` and run with `phantom run`, against
//! the same algorithms in Lua (`bench/vm/*.lua`) on the `lua5.4` port, both
//! in the same Phantom boot; each program times its own work (Java with
//! `System.nanoTime`, Lua with `os.clock`). `java -Xint` (the JDK's
//! interpreter, no JIT) on the host runs the Java programs too, as a
//! reference line in the notes (the host is not the guest: only the
//! Phantom/Lua ratio is a like-for-like comparison). Target: Phantom no
//! slower than Lua.

use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{Context, Result};

use super::console;
use super::machines::{GuestFile, Job, Machines, System};
use super::report::{Group, Row, Unit};
use crate::paths::Paths;
use crate::{java, ports};

pub const NAME: &str = "vm";
pub const TITLE: &str = "the native VM against Lua 5.4 (and java -Xint on the host)";

/// (name, Java class, Lua script, argument, quick argument, what).
const PROGRAMS: &[(&str, &str, &str, u32, u32, &str)] = &[
    ("fib", "Fib", "fib.lua", 27, 24, "fib(27), recursive calls"),
    ("calls", "Calls", "calls.lua", 2_000_000, 300_000, "2M virtual/method calls"),
    ("alloc", "Alloc", "alloc.lua", 1_000_000, 200_000, "1M small objects allocated"),
    ("strings", "Strings", "strings.lua", 200_000, 40_000, "200k strings built, appended and scanned"),
];

pub fn run(paths: &Paths, machines: &Machines, quick: bool) -> Result<Group> {
    let dir = paths.root.join("bench/vm");
    let sources: Vec<_> = PROGRAMS.iter().map(|p| dir.join(format!("{}.java", p.1))).collect();
    let module = java::compile(paths, &sources, "vmbench")?;
    let lua_stage = ports::ensure_built(paths, "lua5.4")?;
    let lua = std::fs::read(lua_stage.join("usr/bin/lua5.4")).context("reading the lua5.4 port's binary")?;
    let mut files = vec![
        GuestFile { path: "v/vm.phm", perm: 0o644, data: module.encode() },
        GuestFile { path: "v/lua", perm: 0o755, data: lua },
    ];
    for (_, _, script, ..) in PROGRAMS {
        let data = std::fs::read(dir.join(script)).with_context(|| format!("reading bench/vm/{script}"))?;
        let path: &'static str = Box::leak(format!("v/{script}").into_boxed_str());
        files.push(GuestFile { path, perm: 0o644, data });
    }
    let mut command = String::new();
    for &(name, class, script, full, small, _) in PROGRAMS {
        let n = if quick { small } else { full };
        command.push_str(&format!(
            "phantom run /v/vm.phm {class} {n} | sed 's/^bench /bench java_/'; \
             /v/lua /v/{script} {n} | sed 's/^bench /bench lua_/'; "
        ));
        let _ = name;
    }
    let job = Job {
        command: &command,
        files: &files,
        timeout: Duration::from_secs(if quick { 300 } else { 900 }),
        progress: true,
    };
    let run = machines.run(System::Phantom, NAME, &job)?;
    let lines = console::parse(&run.console);

    // The host's java -Xint, for reference.
    let classes = machines.dir.join("vm-classes");
    let _ = std::fs::remove_dir_all(&classes);
    let javac_ok = Command::new("javac")
        .arg("-d")
        .arg(&classes)
        .args(&sources)
        .stdin(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());

    let mut rows = Vec::new();
    for &(name, class, _, full, small, what) in PROGRAMS {
        let n = if quick { small } else { full };
        let get = |key: &str| match console::result_for(&lines, key) {
            Some(Ok((v, Unit::Seconds))) => Ok(v),
            Some(Ok((_, unit))) => Err(format!("unexpected unit {}", unit.label())),
            Some(Err(e)) => Err(e),
            None => Err(format!("no `bench {key}` line (see {}/{NAME}.phantom.out)", machines.dir.display())),
        };
        let xint = if javac_ok {
            Command::new("java")
                .args(["-Xint", "-cp"])
                .arg(&classes)
                .arg(class)
                .arg(n.to_string())
                .output()
                .ok()
                .and_then(|o| {
                    String::from_utf8_lossy(&o.stdout)
                        .lines()
                        .find_map(|l| l.strip_prefix(&format!("bench {name} ")).map(str::to_string))
                })
                .and_then(|v| v.split_whitespace().next().and_then(|x| x.parse::<f64>().ok()))
        } else {
            None
        };
        rows.push(Row {
            name: format!("vm_{name}"),
            what: format!("{what} (anchor: the same in Lua 5.4, same boot)"),
            unit: Unit::Seconds,
            phantom: get(&format!("java_{name}")),
            anchor: get(&format!("lua_{name}")),
            target: 1.0,
            note: xint.map(|x| format!("java -Xint on the host: {x:.3} s")),
        });
    }
    Ok(Group {
        name: NAME,
        title: TITLE,
        anchor: "Lua 5.4".into(),
        setup: format!(
            "Java programs of bench/vm/ converted by cargo xtask java and run with `phantom run`, against the same \
             algorithms in Lua on the lua5.4 port, in the same Phantom boot (accel {:?}); each program times its own work.",
            machines.accel
        ),
        rows,
    })
}
