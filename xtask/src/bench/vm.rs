//! The `vm` group: the native VM against interpreters people know.
//!
//! The programs of `bench/vm/` (fib, virtual calls, allocation, strings, and
//! the classic binary trees, n-body, fannkuch-redux and spectral norm) in
//! Java, converted by `cargo xtask java` and run with `phantom run`, against
//! the same algorithms in Lua (`bench/vm/*.lua`) on the `lua5.4` port, both
//! in the same Phantom boot; each program times its own work (Java with
//! `System.nanoTime`, Lua with `os.clock`). `java -Xint` (the JDK's
//! interpreter, no JIT) on the host runs the Java programs too, as a
//! reference line in the notes (the host is not the guest: only the
//! Phantom/Lua ratio is a like-for-like comparison). Target: Phantom no
//! slower than Lua.
//!
//! Each program takes its size as its argument and prints two lines,
//!
//!     result NAME TEXT          what it computed (a checksum, a value)
//!     bench NAME SECONDS s      the time of its work
//!
//! and the Java and Lua versions must print the same `result` text: a row
//! whose results differ is an error, not a number.

use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{Context, Result};

use super::console;
use super::machines::{GuestFile, Job, Machines, System};
use super::report::{Group, Measured, Row, Unit};
use crate::paths::Paths;
use crate::{java, ports};

pub const NAME: &str = "vm";
pub const TITLE: &str = "the native VM against Lua 5.4 (and java -Xint on the host)";

/// (name, Java class, Lua script, argument, quick argument, what); `{n}` in
/// what is the argument used.
const PROGRAMS: &[(&str, &str, &str, u32, u32, &str)] = &[
    ("fib", "Fib", "fib.lua", 27, 24, "fib({n}), recursive calls"),
    ("calls", "Calls", "calls.lua", 2_000_000, 300_000, "{n} virtual/method calls"),
    ("alloc", "Alloc", "alloc.lua", 1_000_000, 200_000, "{n} small objects allocated"),
    ("strings", "Strings", "strings.lua", 200_000, 40_000, "{n} strings built, appended and scanned"),
    ("binarytrees", "BinaryTrees", "binarytrees.lua", 11, 9, "binary trees, depth {n}"),
    ("nbody", "NBody", "nbody.lua", 10_000, 3_000, "n-body, 5 bodies, {n} steps"),
    ("fannkuch", "Fannkuch", "fannkuch.lua", 8, 7, "fannkuch-redux, n = {n}"),
    ("spectralnorm", "SpectralNorm", "spectralnorm.lua", 100, 60, "spectral norm, n = {n}"),
];

/// `n` for people: 2000000 is `2M`, 300000 `300k`, 27 `27`.
fn count(n: u32) -> String {
    if n >= 1_000_000 && n.is_multiple_of(100_000) {
        let m = format!("{:.1}", f64::from(n) / 1e6);
        format!("{}M", m.trim_end_matches(".0"))
    } else if n >= 10_000 && n.is_multiple_of(1_000) {
        format!("{}k", n / 1_000)
    } else {
        n.to_string()
    }
}

/// The text after `result NAME` on the last such line of `text`.
fn result_text(text: &str, name: &str) -> Option<String> {
    text.lines().rev().find_map(|line| {
        let mut words = line.trim().strip_prefix("result ")?.splitn(2, ' ');
        (words.next()? == name).then(|| words.next().unwrap_or("").trim().to_string())
    })
}

/// The rows' values: a time goes with the result printed beside it, and
/// Phantom's is an error when its result is not Lua's.
fn check(
    name: &str,
    phantom: Measured,
    java_result: Option<String>,
    anchor: Measured,
    lua_result: Option<String>,
) -> (Measured, Measured) {
    let with_result = |value: Measured, result: &Option<String>, key: &str| match (value, result) {
        (Ok(_), None) => Err(format!("no `result {key}` line")),
        (value, _) => value,
    };
    let phantom = with_result(phantom, &java_result, &format!("java_{name}"));
    let anchor = with_result(anchor, &lua_result, &format!("lua_{name}"));
    let phantom = match (phantom, &java_result, &lua_result) {
        (Ok(_), Some(java), Some(lua)) if java != lua => {
            Err(format!("wrong result: Phantom computed `{java}`, Lua `{lua}`"))
        }
        (phantom, ..) => phantom,
    };
    (phantom, anchor)
}

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
    for &(_, class, script, full, small, _) in PROGRAMS {
        let n = if quick { small } else { full };
        command.push_str(&format!(
            "phantom run /v/vm.phm {class} {n} | sed 's/^bench /bench java_/; s/^result /result java_/'; \
             /v/lua /v/{script} {n} | sed 's/^bench /bench lua_/; s/^result /result lua_/'; "
        ));
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
        // The host's time, and whether it computed what Lua did.
        let xint = if javac_ok {
            Command::new("java")
                .args(["-Xint", "-cp"])
                .arg(&classes)
                .arg(class)
                .arg(n.to_string())
                .stdin(Stdio::null())
                .output()
                .ok()
                .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        } else {
            None
        };
        let lua_result = result_text(&run.console, &format!("lua_{name}"));
        let note = xint.as_deref().and_then(|out| {
            let seconds = out
                .lines()
                .find_map(|l| l.trim().strip_prefix(&format!("bench {name} ")).map(str::to_string))
                .and_then(|v| v.split_whitespace().next().and_then(|x| x.parse::<f64>().ok()))?;
            let mut note = format!("java -Xint on the host: {seconds:.3} s");
            match (result_text(out, name), &lua_result) {
                (Some(host), Some(lua)) if host != *lua => {
                    note.push_str(&format!(" (computed `{host}`, Lua `{lua}`)"))
                }
                (None, _) => note.push_str(" (no result line)"),
                _ => {}
            }
            Some(note)
        });
        let (phantom, anchor) = check(
            name,
            get(&format!("java_{name}")),
            result_text(&run.console, &format!("java_{name}")),
            get(&format!("lua_{name}")),
            lua_result,
        );
        rows.push(Row {
            name: format!("vm_{name}"),
            what: format!("{} (anchor: the same in Lua 5.4, same boot)", what.replace("{n}", &count(n))),
            unit: Unit::Seconds,
            phantom,
            anchor,
            target: 1.0,
            note,
        });
    }
    Ok(Group {
        name: NAME,
        title: TITLE,
        anchor: "Lua 5.4".into(),
        setup: format!(
            "Java programs of bench/vm/ converted by cargo xtask java and run with `phantom run`, against the same \
             algorithms in Lua on the lua5.4 port, in the same Phantom boot (accel {:?}); each program times its own work, \
             and a row whose Java result differs from Lua's is an error.",
            machines.accel
        ),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_for_people() {
        assert_eq!(count(2_000_000), "2M");
        assert_eq!(count(1_500_000), "1.5M");
        assert_eq!(count(300_000), "300k");
        assert_eq!(count(20_000), "20k");
        assert_eq!(count(5_000), "5000");
        assert_eq!(count(27), "27");
    }

    #[test]
    fn result_lines() {
        let text = "result java_fib 196418\r\nbench java_fib 0.5 s\r\nresult java_fibx 1\n\
                    result lua_nbody -0.169075164 -0.169016441\nresult java_fib 46368\n";
        assert_eq!(result_text(text, "java_fib").as_deref(), Some("46368"));
        assert_eq!(result_text(text, "lua_nbody").as_deref(), Some("-0.169075164 -0.169016441"));
        assert_eq!(result_text(text, "lua_fib"), None);
    }

    #[test]
    fn a_result_that_differs_is_an_error() {
        let r = |s: &str| Some(s.to_string());
        let (p, a) = check("fib", Ok(1.0), r("55"), Ok(2.0), r("55"));
        assert_eq!((p, a), (Ok(1.0), Ok(2.0)));
        let (p, a) = check("fib", Ok(1.0), r("54"), Ok(2.0), r("55"));
        assert!(p.unwrap_err().contains("`54`"));
        assert_eq!(a, Ok(2.0));
        let (p, a) = check("fib", Ok(1.0), None, Ok(2.0), r("55"));
        assert!(p.unwrap_err().contains("result java_fib"));
        assert_eq!(a, Ok(2.0));
        let (p, a) = check("fib", Err("crashed".into()), None, Ok(2.0), None);
        assert_eq!(p, Err("crashed".into()));
        assert!(a.unwrap_err().contains("result lua_fib"));
    }
}
