//! Java programs run on Phantom and on the host's JVM, outputs compared.
//!
//! Each program is a directory under `tests/java/` with a `Main` class. The
//! test compiles it with the host's `javac`, runs it with `java` for the
//! expected output, converts it (over the class library, built once from
//! `lib/`), runs it in a hosted world and compares standard output byte for
//! byte. Without `javac` or `java` the tests print a skip line and pass.

use std::path::PathBuf;
use std::process::Command;
use std::string::{String, ToString};
use std::sync::OnceLock;
use std::vec::Vec;
use std::{eprintln, format, fs};

use phantom_vm::module::Module;
use phantom_vm::persist::{memory, TestHost};
use phantom_vm::world::{Run, State, World};

use crate::convert::{convert, Env, Options};
use crate::host;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("phantom-java-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// The class library, built once; `None` when there is no `javac`.
pub(crate) fn library() -> Option<&'static Module> {
    static LIB: OnceLock<Option<Module>> = OnceLock::new();
    LIB.get_or_init(|| {
        let dir = scratch("lib");
        let r = match host::build_library(&dir) {
            Ok(m) => Some(m),
            Err(e) if e.contains("javac not found") => None,
            Err(e) => panic!("building the class library:\n{e}"),
        };
        let _ = fs::remove_dir_all(&dir);
        r
    })
    .as_ref()
}

fn programs_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/java")
}

/// Runs `class.main` of `app` over the library; returns (output, exit status, uncaught exception).
pub(crate) fn run_phantom(lib: &Module, app: &Module, class: &str, max_slices: u64) -> (String, i32, Option<String>) {
    let mut host = TestHost::default();
    let mut w = World::create(memory(16384), &mut host).expect("world");
    w.load_library(lib).unwrap_or_else(|e| panic!("loading the class library: {e}"));
    w.load_module(app).unwrap_or_else(|e| panic!("loading the program: {e}"));
    let t = w.spawn_main(class, &[], 0).expect("spawn main");
    let mut n = 0;
    while w.live_threads() > 0 && n < max_slices {
        match w.run(&mut host, 20_000) {
            Run::Ran => {}
            Run::Idle(Some(at)) => host.clock = host.clock.max(at),
            Run::Idle(None) => break,
        }
        w.gc_step(8192);
        n += 1;
    }
    let th = &w.threads[t as usize];
    let status = match th.state {
        State::Done(s) => s,
        other => panic!("main thread still {other:?} after {n} slices; output so far:\n{}", host.output(0)),
    };
    (host.output(0), status, th.uncaught.clone())
}

/// Compiles, runs on the JVM and on Phantom, compares.
fn check_program(name: &str) {
    let Some(lib) = library() else {
        eprintln!("SKIPPED {name}: javac not found on PATH");
        return;
    };
    let src = programs_dir().join(name);
    let dir = scratch(name);
    let classes = dir.join("classes");
    let sources = host::java_files(&src);
    assert!(!sources.is_empty(), "no sources in {}", src.display());
    let app = host::build_program(&sources, &classes, lib, name).unwrap_or_else(|e| panic!("{name}:\n{e}"));
    let expected = match Command::new("java").arg("-cp").arg(&classes).arg("Main").output() {
        Ok(o) => o,
        Err(_) => {
            eprintln!("SKIPPED {name}: java not found on PATH");
            return;
        }
    };
    let want = String::from_utf8_lossy(&expected.stdout).into_owned();
    let (got, status, uncaught) = run_phantom(lib, &app, "Main", 2_000_000);
    let _ = fs::remove_dir_all(&dir);
    if got != want {
        let mut report = String::new();
        for (i, (a, b)) in want.lines().zip(got.lines()).enumerate() {
            if a != b {
                report = format!("first difference at line {}:\n  java:    {a}\n  phantom: {b}", i + 1);
                break;
            }
        }
        if report.is_empty() {
            report = format!("java printed {} lines, phantom {}", want.lines().count(), got.lines().count());
        }
        panic!(
            "{name}: output differs ({report})\nuncaught on phantom: {uncaught:?}\n--- java:\n{want}\n--- phantom:\n{got}"
        );
    }
    let java_status = expected.status.code().unwrap_or(-1);
    assert_eq!(status, java_status, "{name}: exit status (phantom uncaught: {uncaught:?})");
}

/// Converts the classes of a Java source given inline (for error tests).
fn convert_source(name: &str, files: &[(&str, &str)]) -> Option<Result<Module, Vec<crate::ConvertError>>> {
    let lib = library()?;
    let dir = scratch(name);
    let mut paths = Vec::new();
    for (f, text) in files {
        let p = dir.join(f);
        fs::write(&p, text).unwrap();
        paths.push(p);
    }
    let out = dir.join("classes");
    host::javac(&paths, &out, None).unwrap_or_else(|e| panic!("{e}"));
    let classes = host::read_classes(&out).unwrap();
    let env = Env::with_modules(&[lib]);
    let r = convert(&classes, &env, &Options::default());
    let _ = fs::remove_dir_all(&dir);
    Some(r)
}

#[test]
fn the_library_converts_and_loads() {
    let Some(lib) = library() else {
        eprintln!("SKIPPED the_library_converts_and_loads: javac not found on PATH");
        return;
    };
    let mut host = TestHost::default();
    let mut w = World::create(memory(4096), &mut host).expect("world");
    w.load_library(lib).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn hello() {
    check_program("hello");
}

#[test]
fn unsupported_constructs_are_reported_with_their_place() {
    let src = r#"
public class Main {
    public static void main(String[] args) throws Exception {
        java.lang.invoke.MethodHandle h = java.lang.invoke.MethodHandles.lookup()
            .findStatic(Main.class, "f", java.lang.invoke.MethodType.methodType(void.class));
        System.out.println(new java.io.FileReader("notes.txt").read());
    }
    static void f() {}
}
"#;
    let Some(r) = convert_source("unsupported", &[("Main.java", src)]) else {
        eprintln!("SKIPPED unsupported_constructs_are_reported_with_their_place: javac not found on PATH");
        return;
    };
    let errs = r.expect_err("converts");
    let text: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
    assert!(
        text.iter().any(|t| t.starts_with("Main.main([Ljava/lang/String;)V at offset ")
            && t.contains("java/io/FileReader")),
        "{text:#?}"
    );
    for e in &errs {
        assert_eq!(e.class, "Main");
        assert!(e.offset.is_some(), "{e}");
    }
}

#[test]
fn arith() {
    check_program("arith");
}

#[test]
fn strings() {
    check_program("strings");
}

#[test]
fn objects() {
    check_program("objects");
}

#[test]
fn exceptions() {
    check_program("exceptions");
}

#[test]
fn arrays() {
    check_program("arrays");
}

#[test]
fn switches() {
    check_program("switches");
}

#[test]
fn collections() {
    check_program("collections");
}

#[test]
fn lambdas() {
    check_program("lambdas");
}

#[test]
fn threads() {
    check_program("threads");
}

#[test]
fn exit() {
    check_program("exit");
}

#[test]
fn streams() {
    check_program("streams");
}

#[test]
fn text() {
    check_program("text");
}

#[test]
fn concurrent() {
    check_program("concurrent");
}

#[test]
fn utilities() {
    check_program("utilities");
}

#[test]
fn bignum() {
    check_program("bignum");
}

#[test]
fn regex() {
    check_program("regex");
}

#[test]
fn io() {
    check_program("io");
}

/// Compiles and converts an inline program (its classes in `files`).
fn build_source(lib: &Module, name: &str, files: &[(&str, &str)]) -> Module {
    let dir = scratch(name);
    let mut paths = Vec::new();
    for (f, text) in files {
        let p = dir.join(f);
        fs::write(&p, text).unwrap();
        paths.push(p);
    }
    let app = host::build_program(&paths, &dir.join("classes"), lib, name).unwrap_or_else(|e| panic!("{name}:\n{e}"));
    let _ = fs::remove_dir_all(&dir);
    app
}

/// Two programs run one after the other in one world, each with an enum
/// `Main$Shade` of its own: the class library knows classes by name, and
/// the second program's constants must replace the first's.
#[test]
fn same_named_enums_of_two_programs_in_one_world() {
    let Some(lib) = library() else {
        eprintln!("SKIPPED same_named_enums_of_two_programs_in_one_world: javac not found on PATH");
        return;
    };
    let first = r#"
import java.util.*;
public class Main {
    enum Shade { LIGHT, DARK, GREY }
    public static void main(String[] args) {
        System.out.println(Shade.valueOf("DARK").ordinal() + " " + EnumSet.allOf(Shade.class) + " " + Enum.valueOf(Shade.class, "GREY"));
    }
}
"#;
    let second = r#"
import java.util.*;
public class Main {
    enum Shade { DARK, LIGHT }
    public static void main(String[] args) {
        System.out.println(Shade.valueOf("DARK").ordinal() + " " + EnumSet.allOf(Shade.class) + " " + new EnumMap<Shade, Integer>(Map.of(Shade.LIGHT, 1)));
    }
}
"#;
    let a = build_source(lib, "enums-a", &[("Main.java", first)]);
    let b = build_source(lib, "enums-b", &[("Main.java", second)]);
    let mut host = TestHost::default();
    let mut w = World::create(memory(16384), &mut host).expect("world");
    w.load_library(lib).unwrap_or_else(|e| panic!("loading the class library: {e}"));
    for app in [&a, &b] {
        w.load_module(app).unwrap_or_else(|e| panic!("loading the program: {e}"));
        let t = w.spawn_main("Main", &[], 0).expect("spawn main");
        let mut n = 0;
        while !matches!(w.threads[t as usize].state, State::Done(_)) && n < 100_000 {
            match w.run(&mut host, 20_000) {
                Run::Ran => {}
                Run::Idle(Some(at)) => host.clock = host.clock.max(at),
                Run::Idle(None) => break,
            }
            n += 1;
        }
        assert_eq!(w.threads[t as usize].uncaught, None);
    }
    assert_eq!(host.output(0), "1 [LIGHT, DARK, GREY] GREY\n0 [DARK, LIGHT] {LIGHT=1}\n");
}

