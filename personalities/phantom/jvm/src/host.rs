//! Host side of the converter (feature `std`): running `javac`, reading
//! class files from directories and jars' worth of files, and building the
//! Java class library module from the sources in `lib/`.
//!
//! The class library is Java compiled by the host's `javac` as a patch of
//! the `java.base` module (`--patch-module java.base=lib`), so its
//! `java.lang.StringBuilder` and `java.util.ArrayList` replace the JDK's for
//! the compilation, then converted with [`Options::skip_defined`] (the
//! declarations of the boot module's classes in `lib/phantom/*.java` are
//! there for `javac` only).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::string::{String, ToString};
use std::vec::Vec;
use std::format;

use phantom_vm::module::Module;

use crate::convert::{convert, Env, Options};
use crate::ClassFile;

/// The Java sources of the class library.
pub fn library_sources_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("lib")
}

/// Why `javac` did not produce class files.
#[derive(Debug)]
pub enum JavacError {
    /// There is no `javac` on `PATH`.
    Missing,
    /// It ran and failed (its diagnostics).
    Failed(String),
}

impl core::fmt::Display for JavacError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            JavacError::Missing => f.write_str("javac not found on PATH"),
            JavacError::Failed(e) => write!(f, "javac failed:\n{e}"),
        }
    }
}

/// Every `.java` file under `dir`, sorted.
pub fn java_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    walk(dir, &mut |p| {
        if p.extension().is_some_and(|e| e == "java") {
            out.push(p.to_path_buf());
        }
    });
    out.sort();
    out
}

fn walk(dir: &Path, f: &mut dyn FnMut(&Path)) {
    let Ok(rd) = fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, f);
        } else {
            f(&p);
        }
    }
}

/// Compiles `sources` into `out` with `javac` (Java 17). With
/// `patch_base`, the sources are compiled as part of `java.base`.
pub fn javac(sources: &[PathBuf], out: &Path, patch_base: Option<&Path>) -> Result<(), JavacError> {
    fs::create_dir_all(out).map_err(|e| JavacError::Failed(format!("{}: {e}", out.display())))?;
    let mut cmd = Command::new("javac");
    cmd.args(["-encoding", "UTF-8", "-nowarn", "-XDuseUnsharedTable=true", "-d"]).arg(out);
    match patch_base {
        Some(dir) => {
            cmd.arg("--patch-module").arg(format!("java.base={}", dir.display()));
        }
        None => {
            cmd.args(["--release", "17"]);
        }
    }
    cmd.args(sources);
    let output = match cmd.output() {
        Ok(o) => o,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(JavacError::Missing),
        Err(e) => return Err(JavacError::Failed(format!("cannot run javac: {e}"))),
    };
    if !output.status.success() {
        let mut msg = String::from_utf8_lossy(&output.stderr).into_owned();
        msg.push_str(&String::from_utf8_lossy(&output.stdout));
        return Err(JavacError::Failed(msg));
    }
    Ok(())
}

/// Parses every `.class` file under `dir`.
pub fn read_classes(dir: &Path) -> Result<Vec<ClassFile>, String> {
    let mut files = Vec::new();
    walk(dir, &mut |p| {
        if p.extension().is_some_and(|e| e == "class") {
            files.push(p.to_path_buf());
        }
    });
    let mut out = Vec::new();
    for f in files {
        let bytes = fs::read(&f).map_err(|e| format!("{}: {e}", f.display()))?;
        out.push(ClassFile::parse(&bytes).map_err(|e| format!("{}: {e}", f.display()))?);
    }
    Ok(out)
}

/// Converts the classes, or all the errors as one text.
pub fn convert_classes(classes: &[ClassFile], env: &Env, opts: &Options) -> Result<Module, String> {
    convert(classes, env, opts).map_err(|errs| {
        let mut s = String::new();
        for e in errs {
            s.push_str(&format!("{e}\n"));
        }
        s
    })
}

/// Compiles and converts the class library (sources in `lib/`), using
/// `work` as scratch space.
pub fn build_library(work: &Path) -> Result<Module, String> {
    let src = library_sources_dir();
    let out = work.join("lib-classes");
    let _ = fs::remove_dir_all(&out);
    javac(&java_files(&src), &out, Some(&src)).map_err(|e| format!("{e}"))?;
    let classes = read_classes(&out)?;
    let opts = Options {
        name: "java".to_string(),
        skip_defined: true,
    };
    convert_classes(&classes, &Env::boot(), &opts)
}

/// Compiles `sources` (Java 17, against the JDK) into `out` and converts
/// them into a module named `name` to run over the boot module and `library`.
pub fn build_program(sources: &[PathBuf], out: &Path, library: &Module, name: &str) -> Result<Module, String> {
    let _ = fs::remove_dir_all(out);
    javac(sources, out, None).map_err(|e| format!("{e}"))?;
    let classes = read_classes(out)?;
    let env = Env::with_modules(&[library]);
    let opts = Options {
        name: name.to_string(),
        skip_defined: false,
    };
    convert_classes(&classes, &env, &opts)
}
