//! `cargo xtask java IN... -o OUT.phm`: Java programs for the native world.
//!
//! The inputs may mix `.java` sources (compiled here with the JDK's `javac`
//! against the class files and jars given beside them), `.class` files,
//! `.jar` archives (unpacked with the JDK's `jar`) and directories holding
//! any of these. Everything is converted by `phantom-jvm` into one module,
//! checked by the VM's verifier, and written to OUT; what cannot be
//! converted is reported with its class, method and bytecode offset.
//!
//! Programs are converted against the Java class library (the Java sources
//! in `personalities/phantom/jvm/lib`), which is itself converted into
//! `target/phantom/java/java.phm` when its sources change; every image
//! carries it as `/lib/phantom/java.phm`, and a world loads it before its
//! first program.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::SystemTime;

use anyhow::{bail, Context, Result};
use phantom_jvm::{ClassFile, Env, Options};
use phantom_vm::module::Module;

use crate::build::stderr_as_stdio;
use crate::paths::Paths;

/// The Debian package with `javac` and `jar`.
pub const PACKAGE: &str = "openjdk-17-jdk-headless";

fn work_dir(paths: &Paths) -> PathBuf {
    paths.out.join("java")
}

fn newest(dir: &Path) -> SystemTime {
    let mut latest = SystemTime::UNIX_EPOCH;
    let Ok(entries) = fs::read_dir(dir) else { return latest };
    for entry in entries.flatten() {
        let path = entry.path();
        let t = if path.is_dir() {
            newest(&path)
        } else {
            entry.metadata().and_then(|m| m.modified()).unwrap_or(SystemTime::UNIX_EPOCH)
        };
        latest = latest.max(t);
    }
    latest
}

/// The class library module (built when its sources or the converter are
/// newer than it).
pub fn library(paths: &Paths) -> Result<(PathBuf, Module)> {
    let dir = work_dir(paths);
    fs::create_dir_all(&dir)?;
    let out = dir.join("java.phm");
    let sources = phantom_jvm::host::library_sources_dir();
    // The converter is part of this program: a newer xtask may convert
    // differently, so it counts as a source too.
    let exe = std::env::current_exe().and_then(fs::metadata).and_then(|m| m.modified()).ok();
    let fresh = fs::metadata(&out)
        .and_then(|m| m.modified())
        .is_ok_and(|t| t >= newest(&sources) && exe.is_none_or(|e| t >= e));
    if fresh {
        let bytes = fs::read(&out)?;
        if let Ok(m) = Module::decode(&bytes) {
            return Ok((out, m));
        }
    }
    eprintln!("xtask: building the Java class library ({})", sources.display());
    // A work folder of this process's own (two builds at once must not mix
    // their class files), and the module written under a temporary name,
    // then renamed: a reader sees the old library or the new, whole.
    let work = dir.join(format!("lib-work-{}", std::process::id()));
    let built = phantom_jvm::host::build_library(&work);
    let _ = fs::remove_dir_all(&work);
    let module = built.map_err(|e| anyhow::anyhow!("the Java class library did not build:\n{e}"))?;
    let tmp = dir.join(format!("java.phm.{}", std::process::id()));
    fs::write(&tmp, module.encode()).with_context(|| format!("cannot write {}", tmp.display()))?;
    fs::rename(&tmp, &out).with_context(|| format!("cannot write {}", out.display()))?;
    Ok((out, module))
}

/// Converts `inputs` into one module named `name`.
pub fn compile(paths: &Paths, inputs: &[PathBuf], name: &str) -> Result<Module> {
    let (_, lib) = library(paths)?;
    let work = work_dir(paths).join(format!("build-{}", std::process::id()));
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work)?;
    let result = compile_in(&work, inputs, name, &lib);
    let _ = fs::remove_dir_all(&work);
    result
}

fn compile_in(work: &Path, inputs: &[PathBuf], name: &str, lib: &Module) -> Result<Module> {
    let mut sources = Vec::new();
    let mut class_files = Vec::new();
    let mut class_path = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        if !input.exists() {
            bail!("{}: no such file or directory", input.display());
        }
        let mut found = Vec::new();
        collect(input, &mut found);
        if found.is_empty() {
            bail!("{}: no .java, .class or .jar file in it", input.display());
        }
        for f in found {
            match f.extension().and_then(|e| e.to_str()) {
                Some("java") => sources.push(f),
                Some("class") => {
                    class_files.push(f);
                    if input.is_dir() && !class_path.contains(input) {
                        class_path.push(input.clone());
                    }
                }
                Some("jar") => {
                    let into = work.join(format!("jar-{i}-{}", class_path.len()));
                    fs::create_dir_all(&into)?;
                    let status = Command::new("jar")
                        .arg("xf")
                        .arg(fs::canonicalize(&f)?)
                        .current_dir(&into)
                        .stdin(Stdio::null())
                        .stdout(stderr_as_stdio()?)
                        .status()
                        .context("cannot start `jar` (the JDK's)")?;
                    if !status.success() {
                        bail!("{}: `jar xf` failed ({status})", f.display());
                    }
                    let mut inside = Vec::new();
                    collect(&into, &mut inside);
                    class_files.extend(inside.into_iter().filter(|p| p.extension().is_some_and(|e| e == "class")));
                    class_path.push(f.clone());
                }
                _ => {}
            }
        }
    }
    if !sources.is_empty() {
        // The Phantom extras (`phantom.System`: snapshot control, the
        // persistent root; `phantom.Console`) for javac to compile against;
        // the VM defines them.
        let api = work.join("api");
        let api_sources = [
            phantom_jvm::host::library_sources_dir().join("phantom/System.java"),
            phantom_jvm::host::library_sources_dir().join("phantom/Console.java"),
        ];
        let ok = Command::new("javac")
            .args(["-encoding", "UTF-8", "--release", "17", "-nowarn", "-d"])
            .arg(&api)
            .args(&api_sources)
            .stdin(Stdio::null())
            .stdout(stderr_as_stdio()?)
            .status()
            .context("cannot start javac")?
            .success();
        if !ok {
            bail!("javac failed on the phantom API declarations");
        }
        class_path.push(api);
        let out = work.join("classes");
        fs::create_dir_all(&out)?;
        let mut cmd = Command::new("javac");
        cmd.args(["-encoding", "UTF-8", "--release", "17", "-d"]).arg(&out);
        if !class_path.is_empty() {
            let cp: Vec<String> = class_path.iter().map(|p| p.display().to_string()).collect();
            cmd.arg("-cp").arg(cp.join(":"));
        }
        cmd.args(&sources);
        let status = cmd
            .stdin(Stdio::null())
            .stdout(stderr_as_stdio()?)
            .status()
            .context("cannot start javac (install the JDK: apt-get install openjdk-17-jdk-headless)")?;
        if !status.success() {
            bail!("javac failed ({status})");
        }
        let mut compiled = Vec::new();
        collect(&out, &mut compiled);
        class_files.extend(compiled.into_iter().filter(|p| p.extension().is_some_and(|e| e == "class")));
    }
    let mut classes = Vec::new();
    for f in &class_files {
        let bytes = fs::read(f).with_context(|| format!("cannot read {}", f.display()))?;
        let class = ClassFile::parse(&bytes).map_err(|e| anyhow::anyhow!("{}: {e}", f.display()))?;
        classes.push(class);
    }
    let env = Env::with_modules(&[lib]);
    let options = Options {
        name: name.to_string(),
        skip_defined: false,
    };
    phantom_jvm::host::convert_classes(&classes, &env, &options)
        .map_err(|e| anyhow::anyhow!("cannot convert:\n{}", e.trim_end()))
}

/// Files under `path` (or `path` itself), sorted.
fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let Ok(entries) = fs::read_dir(path) else { return };
        let mut all: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        all.sort();
        for p in all {
            collect(&p, out);
        }
    } else {
        out.push(path.to_path_buf());
    }
}

pub fn run(paths: &Paths, inputs: &[PathBuf], output: &Path) -> Result<i32> {
    crate::prereq::ensure(paths)?;
    let name = output
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "app".into());
    let module = compile(paths, inputs, &name)?;
    let bytes = module.encode();
    fs::write(output, &bytes).with_context(|| format!("cannot write {}", output.display()))?;
    eprintln!(
        "xtask: wrote {} ({} classes, {} KiB); run it in the guest with `phantom run {} CLASS`",
        output.display(),
        module.classes.len(),
        bytes.len().div_ceil(1024),
        output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    );
    Ok(0)
}
