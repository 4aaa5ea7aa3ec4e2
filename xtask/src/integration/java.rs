//! `java-persist`: a Java program whose thread sleeps and loops, started
//! with `phantom start`, goes on across SIGKILLs of QEMU and reboots with its
//! state (a static field) intact: the kill test of `native-persist` with
//! `tests/java/Counter.java` and 8 kills.
//!
//! `java-programs`: Java programs, compiled by the JDK's `javac`, converted
//! by `cargo xtask java` and run in the guest with `phantom run`, give the
//! same output and exit status as `java` on the host.
//!
//! Each directory of `personalities/phantom/jvm/tests/java/` is one program
//! (`Main.java`; arithmetic, strings, objects, exceptions, arrays, switches,
//! collections, lambdas, threads, streams, text and formatting,
//! java.util.concurrent, utilities, big numbers, regular expressions,
//! java.io, and the classic benchmarks binary-trees, n-body, fannkuch-redux
//! and spectral-norm at small sizes). One boot runs them all, each framed by
//! marker lines. Files are kept in `target/phantom/test-logs/java-programs/`:
//! `NAME.phm`, `NAME.host.out`, `NAME.guest.out`.

use super::*;
use crate::{diff, java};

const PROGRAMS: &str = "personalities/phantom/jvm/tests/java";
const MARK: &str = "=== java-programs";

pub fn programs(context: &TestContext) -> Result<()> {
    let dir = context.files_dir()?;
    let root = context.paths.root.join(PROGRAMS);
    let mut names: Vec<String> = std::fs::read_dir(&root)
        .with_context(|| format!("cannot list {}", root.display()))?
        .flatten()
        .filter(|e| e.path().join("Main.java").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    ensure!(!names.is_empty(), "no programs in {}", root.display());
    let mut adds = Vec::new();
    let mut host_out = Vec::new();
    let mut command = String::new();
    for name in &names {
        let source = root.join(name).join("Main.java");
        let module = java::compile(context.paths, &[source.clone()], name)?;
        let phm = dir.join(format!("{name}.phm"));
        std::fs::write(&phm, module.encode())?;
        adds.push(AddSpec::parse(&format!("{}:/j/{name}.phm", phm.display())).map_err(|e| anyhow::anyhow!(e))?);
        // The host: the same source with the JDK.
        let classes = dir.join(format!("{name}.classes"));
        let _ = std::fs::remove_dir_all(&classes);
        let ok = Command::new("javac")
            .args(["-encoding", "UTF-8", "-d"])
            .arg(&classes)
            .arg(&source)
            .stdin(Stdio::null())
            .status()?
            .success();
        ensure!(ok, "javac failed on {}", source.display());
        let out = Command::new("java")
            .arg("-cp")
            .arg(&classes)
            .arg("Main")
            .stdin(Stdio::null())
            .output()
            .context("cannot run java")?;
        let mut text = out.stdout;
        text.extend_from_slice(&out.stderr);
        std::fs::write(dir.join(format!("{name}.host.out")), &text)?;
        host_out.push((String::from_utf8_lossy(&text).into_owned(), out.status.code().unwrap_or(-1)));
        command.push_str(&format!("echo '{MARK} {name}'; phantom run /j/{name}.phm Main 2>&1; echo \"{MARK} status $?\"; "));
    }
    let run = context.exec_with(&command, &adds, &context.log(), crate::exec::Input::Nothing, Duration::from_secs(240))?;
    run.status()?;
    let guest = String::from_utf8_lossy(&run.output).into_owned();
    let mut failures = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let start = format!("{MARK} {name}\n");
        let Some(at) = guest.find(&start) else {
            failures.push(format!("{name}: no output at all"));
            continue;
        };
        let body = &guest[at + start.len()..];
        let end = body.find(&format!("{MARK} status ")).unwrap_or(body.len());
        let out = &body[..end];
        let status: i32 = body[end..]
            .strip_prefix(&format!("{MARK} status "))
            .and_then(|r| r.lines().next())
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(-1);
        std::fs::write(dir.join(format!("{name}.guest.out")), out)?;
        let (want, want_status) = &host_out[i];
        if out != want || status != *want_status {
            let d = diff::unified(want.as_bytes(), out.as_bytes(), "java", "phantom", 30);
            failures.push(format!("{name}: status {status} (java: {want_status}), output differs:\n{d}"));
        } else {
            println!("    {name} ... ok ({} lines)", out.lines().count());
        }
    }
    if !failures.is_empty() {
        bail!("{} of {} programs differ from java:\n{}", failures.len(), names.len(), failures.join("\n"));
    }
    Ok(())
}

pub fn persist(context: &TestContext) -> Result<()> {
    let source = context.paths.root.join("tests/java/Counter.java");
    let module = java::compile(context.paths, &[source], "counter")?;
    let phm = context.paths.test_logs().join("java-counter.phm");
    std::fs::write(&phm, module.encode())?;
    let counter = super::native::Counter {
        add: AddSpec::parse(&format!("{}:/jc.phm", phm.display())).map_err(|e| anyhow::anyhow!(e))?,
        start: "phantom start /jc.phm Counter".into(),
    };
    super::native::persist_with(context, &counter, 8)
}
