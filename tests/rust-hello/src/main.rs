//! rust-hello: a small std Rust program that exercises what Rust programs
//! need from Phantom's POSIX personality: stdout, environment variables,
//! threads, a Mutex (futexes), files in a scratch directory, and spawning a
//! child process with its output captured through a pipe.
//!
//! Usage: rust-hello [DIR]   (a scratch directory; default /tmp)
//!
//! Prints `ok - NAME` or `FAIL - NAME (details)` per check and finally
//! `N passed, M failed`, like the C tests in tests/c; exits 0 when all passed.
//! Build: cargo build --release --target x86_64-unknown-linux-musl

use std::env;
use std::fs;
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;

/// Counts results and prints one line per check.
#[derive(Default)]
struct Checks {
    passed: u32,
    failed: u32,
}

impl Checks {
    fn check(&mut self, name: &str, ok: bool, details: impl FnOnce() -> String) {
        if ok {
            self.passed += 1;
            println!("ok - {name}");
        } else {
            self.failed += 1;
            println!("FAIL - {name} ({})", details());
        }
    }

    fn done(&self) -> i32 {
        println!("{} passed, {} failed", self.passed, self.failed);
        if self.failed == 0 {
            0
        } else {
            1
        }
    }
}

fn main() {
    let mut c = Checks::default();
    let dir = env::args().nth(1).unwrap_or_else(|| "/tmp".to_string());

    println!("hello from Rust std");
    c.check("println reached stdout", true, String::new);

    // Environment: set by this program, then read back; PATH-like lookups.
    env::set_var("PHANTOM_RUST_TEST", "value-42");
    let v = env::var("PHANTOM_RUST_TEST");
    c.check("env::var reads a variable back", v.as_deref() == Ok("value-42"), || format!("{v:?}"));
    let missing = env::var("PHANTOM_SURELY_UNSET_VARIABLE");
    c.check("env::var of an unset variable is an error", missing.is_err(), || format!("{missing:?}"));
    let args: Vec<String> = env::args().collect();
    c.check("env::args has the program name", !args.is_empty() && !args[0].is_empty(), || format!("{args:?}"));

    // Threads and a Mutex: 4 threads x 10000 increments.
    let counter = Arc::new(Mutex::new(0u64));
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let counter = Arc::clone(&counter);
            thread::spawn(move || {
                for _ in 0..10_000 {
                    *counter.lock().unwrap() += 1;
                }
                i * 10
            })
        })
        .collect();
    let returned: Vec<u64> = handles.into_iter().map(|h| h.join().unwrap_or(999)).collect();
    let total = *counter.lock().unwrap();
    c.check("4 threads x 10000 Mutex increments", total == 40_000, || format!("got {total}"));
    c.check("thread join returns each thread's value", returned == vec![0, 10, 20, 30], || format!("{returned:?}"));
    let named = thread::Builder::new().name("worker".into()).spawn(|| thread::current().name().map(String::from));
    let name = named.map(|h| h.join().ok().flatten());
    c.check("named thread sees its name", matches!(&name, Ok(Some(n)) if n == "worker"), || format!("{name:?}"));

    // Files: write, append, read, metadata, directory listing, remove.
    let path = format!("{dir}/rust-hello.txt");
    let wrote = fs::write(&path, b"first line\n");
    c.check("fs::write", wrote.is_ok(), || format!("{wrote:?}"));
    let appended = fs::OpenOptions::new().append(true).open(&path).and_then(|mut f| f.write_all(b"second line\n"));
    c.check("append with OpenOptions", appended.is_ok(), || format!("{appended:?}"));
    let text = fs::read_to_string(&path);
    c.check("fs::read_to_string reads both lines", text.as_deref().ok() == Some("first line\nsecond line\n"), || format!("{text:?}"));
    let len = fs::metadata(&path).map(|m| (m.len(), m.is_file()));
    c.check("metadata: length 23, a file", matches!(len, Ok((23, true))), || format!("{len:?}"));
    let sub = format!("{dir}/rust-hello-dir");
    let _ = fs::remove_dir_all(&sub);
    let made = fs::create_dir(&sub).and_then(|_| {
        for i in 0..5 {
            fs::write(format!("{sub}/f{i}"), i.to_string())?;
        }
        Ok(())
    });
    c.check("create_dir and 5 files", made.is_ok(), || format!("{made:?}"));
    let mut names: Vec<String> = fs::read_dir(&sub)
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    c.check("read_dir lists the 5 files", names == ["f0", "f1", "f2", "f3", "f4"], || format!("{names:?}"));
    let renamed = fs::rename(format!("{sub}/f0"), format!("{sub}/g0")).and_then(|_| fs::read_to_string(format!("{sub}/g0")));
    c.check("rename keeps contents", renamed.as_deref().ok() == Some("0"), || format!("{renamed:?}"));
    let err = fs::read(format!("{dir}/no-such-file")).map_err(|e| e.kind());
    c.check("reading a missing file is NotFound", err == Err(std::io::ErrorKind::NotFound), || format!("{err:?}"));
    let removed = fs::remove_dir_all(&sub).and_then(|_| fs::remove_file(&path));
    c.check("remove_dir_all and remove_file", removed.is_ok(), || format!("{removed:?}"));
    let gone = fs::metadata(&path).is_err() && fs::metadata(&sub).is_err();
    c.check("removed paths are gone", gone, String::new);

    // Processes: run /bin/echo hi and capture its output.
    let out = Command::new("/bin/echo").arg("hi").output();
    match &out {
        Ok(o) => {
            c.check("Command /bin/echo hi runs", true, String::new);
            c.check("its exit status is success", o.status.success(), || format!("{:?}", o.status));
            c.check("its stdout is \"hi\\n\"", o.stdout == b"hi\n", || format!("{:?}", String::from_utf8_lossy(&o.stdout)));
        }
        Err(e) => {
            let e = e.to_string();
            c.check("Command /bin/echo hi runs", false, || e.clone());
            c.check("its exit status is success", false, || e.clone());
            c.check("its stdout is \"hi\\n\"", false, || e.clone());
        }
    }
    let status = Command::new("/bin/sh").args(["-c", "exit 3"]).status();
    c.check("sh -c 'exit 3' gives exit code 3", status.as_ref().ok().and_then(|s| s.code()) == Some(3), || format!("{status:?}"));
    let piped = Command::new("/bin/sh")
        .args(["-c", "read line; echo \"got $line\""])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            child.stdin.take().unwrap().write_all(b"ping\n")?;
            let mut s = String::new();
            child.stdout.take().unwrap().read_to_string(&mut s)?;
            child.wait()?;
            Ok(s)
        });
    c.check("child's stdin and stdout through pipes", piped.as_deref().ok() == Some("got ping\n"), || format!("{piped:?}"));
    let env_child = Command::new("/bin/sh").args(["-c", "echo $PHANTOM_RUST_TEST"]).output();
    c.check(
        "child inherits the environment",
        env_child.as_ref().map(|o| o.stdout.as_slice()).ok() == Some(b"value-42\n"),
        || format!("{env_child:?}"),
    );
    let missing = Command::new("/no/such/program").status().map_err(|e| e.kind());
    c.check("spawning a missing program is NotFound", matches!(missing, Err(std::io::ErrorKind::NotFound)), || format!("{missing:?}"));

    std::process::exit(c.done());
}
