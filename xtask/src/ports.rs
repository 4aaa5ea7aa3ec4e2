//! `cargo xtask ports [NAME...]`: build third-party programs for Phantom from
//! Debian source packages (or sources kept in the port's folder), one small
//! recipe per port (`ports/NAME/recipe`, format in `ports/README.md`).
//!
//! Each port goes through five steps, each named in progress lines and in
//! errors ("port lua5.4: build failed ..."):
//!
//! 1. **fetch**: `apt-get source --download-only NAME=VERSION` into
//!    `target/ports/src/`, skipped when the `.dsc` is already there (for a
//!    `source DIR` recipe: read `ports/NAME/DIR`);
//! 2. **unpack**: `dpkg-source --skip-patches -x` (or a copy of
//!    `ports/NAME/DIR`) into a fresh `target/ports/work/NAME/`;
//! 3. **patch**: the Debian patches the recipe names, then the port's own
//!    `ports/NAME/*.patch` in name order, all with `patch -p1`;
//! 4. **build**: the recipe's `build` lines with `sh -e`, `CC` set to
//!    `ports/bin/phantom-cc` (musl-gcc, static), output in
//!    `target/ports/logs/NAME.log`;
//! 5. **install**: the `install` and `symlink` lines into
//!    `target/ports/stage/NAME/`, which replaces the previous stage only
//!    once everything worked; then `target/ports/root/` is assembled anew
//!    from all stages.
//!
//! Before those, the ports it `depends` on are built (the same way), and the
//! host commands it names (`host-tool`) are checked for, and installed with
//! apt-get as root. Steps 2-5 are skipped when a stamp (a fingerprint of the
//! recipe, its patches, the `.dsc` or the port's own sources, `phantom-cc`
//! and the stamps of the ports it depends on) matches the last successful build. A failed port leaves its previous
//! stage, and so the previous image, intact. The image builder
//! ([`crate::build`]) puts `target/ports/root/` into every initramfs when it
//! exists.
//!
//! A port can be a library for other ports: its `dev` lines put headers and
//! static libraries into `target/ports/dev/NAME/` (`include/`, `lib/`), not
//! into the image. A port that `depends` on it is built after it, and its
//! build sees the `dev` files of all the ports it depends on (directly or
//! not) through `PHANTOM_SYSROOT`, which `phantom-cc` turns into `-I` and
//! `-L` flags. `target/ports/sdk/` holds every port's `dev` files together,
//! for building programs by hand.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{anyhow, bail, Context, Result};

use crate::fsutil::{create_dir, fingerprint, fresh_dir, tail_lines, write_if_changed};
use crate::initramfs::{normalize_guest_path, AddSpec, Initramfs};
use crate::paths::Paths;
use crate::{musl, prereq};

/// The recipe file in each port folder.
const RECIPE_FILE: &str = "recipe";
/// The deb-src entry added when `apt-get source` has none to use; the same
/// mirror and suites as the image's own `debian.sources`.
const DEB_SRC_FILE: &str = "/etc/apt/sources.list.d/phantom-src.sources";
const DEB_SRC_ENTRY: &str = "\
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
";

/// One port, as its recipe describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipe {
    /// Where the sources come from.
    pub source: Source,
    /// Patches from the package's `debian/patches/`, in order.
    pub debian_patches: Vec<String>,
    /// Ports to build first, whose `dev` files this build uses.
    pub depends: Vec<String>,
    /// Commands the build runs on the host, each with the Debian package
    /// that has it.
    pub host_tools: Vec<(String, String)>,
    /// Shell lines, run in order with `sh -e` in the unpacked source.
    pub build: Vec<String>,
    /// What goes into the image.
    pub installs: Vec<Install>,
    /// What other ports' builds get (only [`Install::File`]): headers and
    /// static libraries, with paths relative to the sysroot.
    pub devs: Vec<Install>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A Debian source package and its exact version (`debian`).
    Debian { package: String, version: String },
    /// A folder in the port's own folder, `ports/NAME/DIR` (`source`).
    Local(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Install {
    /// A built file or folder (relative to the source tree) and its guest path.
    File { from: String, to: String },
    /// A symbolic link at `path` pointing to `target`.
    Symlink { path: String, target: String },
}

impl Recipe {
    /// Parses a recipe: one `KEY VALUE` per line, `#` comments, blank lines.
    pub fn parse(text: &str) -> Result<Recipe, String> {
        let mut source = None;
        let mut recipe = Recipe {
            source: Source::Local(String::new()),
            debian_patches: Vec::new(),
            depends: Vec::new(),
            host_tools: Vec::new(),
            build: Vec::new(),
            installs: Vec::new(),
            devs: Vec::new(),
        };
        for (index, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let at = |message: String| format!("line {}: {message}", index + 1);
            let (key, value) = line
                .split_once(char::is_whitespace)
                .map(|(key, value)| (key, value.trim()))
                .ok_or_else(|| at(format!("`{line}` has no value")))?;
            let words: Vec<&str> = value.split_whitespace().collect();
            match (key, words.as_slice()) {
                ("debian" | "source", _) if source.is_some() => {
                    return Err(at("a second `debian` or `source` line".to_string()))
                }
                ("debian", [package, version]) => {
                    source = Some(Source::Debian {
                        package: package.to_string(),
                        version: version.to_string(),
                    })
                }
                ("source", [dir]) => {
                    source = Some(Source::Local(normalize_guest_path(dir).map_err(at)?))
                }
                ("debian-patch", [patch]) => recipe.debian_patches.push(patch.to_string()),
                ("depends", [_, ..]) => {
                    for port in words {
                        if port.contains('/') || port.starts_with('.') {
                            return Err(at(format!("`{port}` is not a port name")));
                        }
                        recipe.depends.push(port.to_string());
                    }
                }
                ("host-tool", [command, package]) => recipe
                    .host_tools
                    .push((command.to_string(), package.to_string())),
                ("build", _) => recipe.build.push(value.to_string()),
                ("install", [from, to]) => recipe.installs.push(Install::File {
                    from: from.to_string(),
                    to: normalize_guest_path(to).map_err(at)?,
                }),
                ("symlink", [path, target]) => recipe.installs.push(Install::Symlink {
                    path: normalize_guest_path(path).map_err(at)?,
                    target: target.to_string(),
                }),
                ("dev", [from, to]) => recipe.devs.push(Install::File {
                    from: from.to_string(),
                    to: normalize_guest_path(to).map_err(at)?,
                }),
                (
                    "debian" | "source" | "debian-patch" | "depends" | "host-tool" | "install"
                    | "symlink" | "dev",
                    _,
                ) => return Err(at(format!("`{key}` has the wrong number of values"))),
                _ => return Err(at(format!("unknown key `{key}`"))),
            }
        }
        recipe.source = source.ok_or("no `debian PACKAGE VERSION` or `source DIR` line")?;
        if matches!(recipe.source, Source::Local(_)) && !recipe.debian_patches.is_empty() {
            return Err("`debian-patch` needs a `debian` source package".to_string());
        }
        if recipe.installs.is_empty() && recipe.devs.is_empty() {
            return Err("installs nothing (no `install` or `dev` line)".to_string());
        }
        Ok(recipe)
    }
}

/// The `.dsc` file name `apt-get source` leaves (epochs are not in file names).
fn dsc_name(package: &str, version: &str) -> String {
    let version = version.split_once(':').map_or(version, |(_, v)| v);
    format!("{package}_{version}.dsc")
}

/// Where the ports machinery keeps its work, all under `target/ports/`.
struct PortDirs {
    recipes: PathBuf,
    downloads: PathBuf,
    work: PathBuf,
    stage: PathBuf,
    /// Each port's `dev` files: `dev/NAME/`.
    dev: PathBuf,
    /// The `dev` files a build sees (those of its dependencies): `sysroot/NAME/`.
    sysroot: PathBuf,
    /// Every port's `dev` files together.
    sdk: PathBuf,
    logs: PathBuf,
    root: PathBuf,
}

impl PortDirs {
    fn new(paths: &Paths) -> PortDirs {
        let top = paths.target.join("ports");
        PortDirs {
            recipes: paths.root.join("ports"),
            downloads: top.join("src"),
            work: top.join("work"),
            stage: top.join("stage"),
            dev: top.join("dev"),
            sysroot: top.join("sysroot"),
            sdk: top.join("sdk"),
            logs: top.join("logs"),
            root: root(paths),
        }
    }
}

/// The tree of built ports that goes into every image: `target/ports/root/`.
pub fn root(paths: &Paths) -> PathBuf {
    paths.target.join("ports").join("root")
}

/// Puts the built ports (`target/ports/root/`), if any, into the image.
pub fn add_to_image(paths: &Paths, image: &mut Initramfs) -> Result<()> {
    let root = root(paths);
    if !root.is_dir() {
        return Ok(());
    }
    let entries = fs::read_dir(&root).with_context(|| format!("cannot list {}", root.display()))?;
    for entry in entries {
        let entry = entry?;
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            bail!("{} is not a UTF-8 name", entry.path().display());
        };
        image.add_host(&AddSpec {
            host: entry.path(),
            guest: name,
        })?;
    }
    Ok(())
}

/// `cargo xtask ports [NAME...]`: builds the named ports, or all of them.
pub fn run(paths: &Paths, names: &[String]) -> Result<i32> {
    ensure_tools()?;
    let dirs = PortDirs::new(paths);
    if let Some(unknown) = names
        .iter()
        .find(|name| !dirs.recipes.join(name).join(RECIPE_FILE).is_file())
    {
        let known = all_ports(&dirs.recipes)?;
        return Err(crate::Exit::new(
            2,
            format!("no port `{unknown}` (there are: {})", known.join(", ")),
        )
        .into());
    }
    let names = if names.is_empty() {
        all_ports(&dirs.recipes)?
    } else {
        names.to_vec()
    };
    let mut builder = Builder::new(paths, dirs);
    for name in &names {
        // Failures are printed, and counted below with those of dependencies.
        let _ = builder.port(name);
    }
    let failed = builder.failed();
    let dirs = builder.dirs;
    assemble_root(&dirs)?;
    if !failed.is_empty() {
        return Err(crate::Exit::new(
            1,
            format!(
                "ports that failed: {} (the image keeps their previous build, if any)",
                failed.join(", ")
            ),
        )
        .into());
    }
    eprintln!("xtask: ports installed in {}", dirs.root.display());
    Ok(0)
}

/// Builds one port unless it is up to date (for tests): the stage
/// directory of its files, laid out as in the guest.
pub fn ensure_built(paths: &Paths, name: &str) -> Result<PathBuf> {
    ensure_tools()?;
    let mut builder = Builder::new(paths, PortDirs::new(paths));
    let built = builder.port(name);
    assemble_root(&builder.dirs)?;
    built.with_context(|| format!("port {name}"))?;
    Ok(builder.dirs.stage.join(name))
}

fn ensure_tools() -> Result<()> {
    let mut missing = Vec::new();
    for (command, package) in [
        (musl::GCC, musl::PACKAGE),
        ("dpkg-source", "dpkg-dev"),
        ("patch", "patch"),
    ] {
        if prereq::find_command(command).is_none() {
            missing.push(package);
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    if !prereq::is_root() {
        bail!(
            "ports need the packages {} (apt-get install them)",
            missing.join(" ")
        );
    }
    prereq::apt_install(&missing)
}

/// Every folder under `ports/` that has a recipe, sorted.
fn all_ports(recipes: &Path) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in
        fs::read_dir(recipes).with_context(|| format!("cannot list {}", recipes.display()))?
    {
        let entry = entry?;
        if entry.path().join(RECIPE_FILE).is_file() {
            if let Some(name) = entry.file_name().to_str() {
                names.push(name.to_string());
            }
        }
    }
    names.sort();
    Ok(names)
}

enum Outcome {
    /// Built, in that many seconds (not counting its dependencies).
    Built(f64),
    UpToDate,
}

/// Builds ports, each at most once per run, dependencies first.
struct Builder<'a> {
    paths: &'a Paths,
    dirs: PortDirs,
    /// The ports being built, outermost first: a dependency cycle shows here.
    building: Vec<String>,
    /// The ports dealt with in this run: their dependencies, or `None` if
    /// they failed.
    done: BTreeMap<String, Option<Vec<String>>>,
}

impl<'a> Builder<'a> {
    fn new(paths: &'a Paths, dirs: PortDirs) -> Builder<'a> {
        Builder {
            paths,
            dirs,
            building: Vec::new(),
            done: BTreeMap::new(),
        }
    }

    /// Builds port `name`, the ports it depends on first, unless it is up
    /// to date; prints how that went, failures included.
    fn port(&mut self, name: &str) -> Result<()> {
        if let Some(done) = self.done.get(name) {
            return match done {
                Some(_) => Ok(()),
                None => Err(anyhow!("port {name} failed")),
            };
        }
        if self.building.iter().any(|port| port == name) {
            bail!(
                "the ports depend on each other: {} -> {name}",
                self.building.join(" -> ")
            );
        }
        self.building.push(name.to_string());
        let result = self.build_port(name);
        self.building.pop();
        match result {
            Ok((outcome, depends)) => {
                match outcome {
                    Outcome::Built(seconds) => {
                        eprintln!("xtask: port {name}: built in {seconds:.1} s")
                    }
                    Outcome::UpToDate => eprintln!("xtask: port {name}: up to date"),
                }
                self.done.insert(name.to_string(), Some(depends));
                Ok(())
            }
            Err(err) => {
                eprintln!("xtask: port {name}: {err:#}");
                self.done.insert(name.to_string(), None);
                Err(err)
            }
        }
    }

    /// The ports that failed in this run, dependencies included.
    fn failed(&self) -> Vec<String> {
        let failed = self.done.iter().filter(|(_, done)| done.is_none());
        failed.map(|(name, _)| name.clone()).collect()
    }

    /// Every port `name` depends on, directly or not (all built by now).
    fn all_depends(&self, name: &str) -> Vec<String> {
        let mut all: Vec<String> = Vec::new();
        let mut todo = vec![name.to_string()];
        while let Some(port) = todo.pop() {
            for dep in self.done.get(&port).cloned().flatten().unwrap_or_default() {
                if !all.contains(&dep) {
                    todo.push(dep.clone());
                    all.push(dep);
                }
            }
        }
        all
    }

    /// Builds one port whose dependencies are built: what happened, and the
    /// ports it depends on.
    fn build_port(&mut self, name: &str) -> Result<(Outcome, Vec<String>)> {
        let dirs = &self.dirs;
        let port_dir = dirs.recipes.join(name);
        let recipe_path = port_dir.join(RECIPE_FILE);
        let recipe_text = fs::read_to_string(&recipe_path)
            .with_context(|| format!("recipe: no {}", recipe_path.display()))?;
        let recipe = Recipe::parse(&recipe_text)
            .map_err(|why| anyhow!("recipe: {}: {why}", recipe_path.display()))?;

        let mut inputs = vec![recipe_text.into_bytes()];
        for dep in &recipe.depends {
            if !self.dirs.recipes.join(dep).join(RECIPE_FILE).is_file() {
                bail!("depends failed: there is no port `{dep}`");
            }
            if self.building.iter().any(|port| port == dep) {
                bail!(
                    "depends failed: the ports depend on each other: {} -> {dep}",
                    self.building.join(" -> ")
                );
            }
            // The dependency's own failure is printed under its name.
            self.port(dep)
                .map_err(|_| anyhow!("depends failed: port {dep} did not build"))?;
            let stamp_file = self.dirs.stage.join(format!("{dep}.stamp"));
            inputs.push(read(&stamp_file)?);
        }
        let mut sysroots = Vec::new();
        for dep in self.all_depends_of(&recipe) {
            sysroots.push(self.dirs.dev.join(dep));
        }
        let started = Instant::now();
        let dirs = &self.dirs;
        host_tools(&recipe).context("host-tool failed")?;
        let origin = match &recipe.source {
            Source::Debian { package, version } => {
                let dsc = fetch(dirs, name, package, version).context("fetch failed")?;
                inputs.push(read(&dsc)?);
                dsc
            }
            Source::Local(dir) => {
                let dir = port_dir.join(dir);
                inputs.push(tree_contents(&dir).context("fetch failed")?);
                dir
            }
        };

        let cc = self.paths.root.join("ports").join("bin").join("phantom-cc");
        let own_patches = own_patches(&port_dir)?;
        inputs.push(read(&cc)?);
        for patch in &own_patches {
            inputs.push(read(patch)?);
        }
        let stamp = fingerprint(inputs.iter().map(Vec::as_slice));
        let stage = dirs.stage.join(name);
        let dev = dirs.dev.join(name);
        let stamp_file = dirs.stage.join(format!("{name}.stamp"));
        if stage.is_dir() && fs::read_to_string(&stamp_file).is_ok_and(|old| old == stamp) {
            return Ok((Outcome::UpToDate, recipe.depends));
        }

        let source = dirs.work.join(name);
        progress(name, "unpack", &origin.display().to_string());
        match &recipe.source {
            Source::Debian { .. } => unpack(&origin, &source),
            Source::Local(_) => fresh_dir(&source).and_then(|()| copy_tree(&origin, &source)),
        }
        .context("unpack failed")?;
        apply_patches(name, &recipe, &source, &own_patches).context("patch failed")?;
        let log = dirs.logs.join(format!("{name}.log"));
        let sysroot = if recipe.depends.is_empty() {
            None
        } else {
            let sysroot = dirs.sysroot.join(name);
            fresh_dir(&sysroot)?;
            for dev in &sysroots {
                if dev.is_dir() {
                    copy_tree(dev, &sysroot)?;
                }
            }
            Some(sysroot)
        };
        progress(name, "build", &format!("log in {}", log.display()));
        build(&recipe, &source, &cc, sysroot.as_deref(), &log).context("build failed")?;
        progress(name, "install", &format!("into {}", stage.display()));
        let new_stage = dirs.stage.join(format!("{name}.new"));
        let new_dev = dirs.dev.join(format!("{name}.new"));
        install(&recipe.installs, &source, &new_stage).context("install failed")?;
        install(&recipe.devs, &source, &new_dev).context("install failed (dev)")?;
        // Only now does the new build replace the old one.
        for (new, old) in [(&new_stage, &stage), (&new_dev, &dev)] {
            if old.exists() {
                fs::remove_dir_all(old)
                    .with_context(|| format!("cannot remove {}", old.display()))?;
            }
            fs::rename(new, old).with_context(|| format!("cannot rename to {}", old.display()))?;
        }
        write_if_changed(&stamp_file, stamp.as_bytes())?;
        let seconds = started.elapsed().as_secs_f64();
        Ok((Outcome::Built(seconds), recipe.depends))
    }

    /// [`Builder::all_depends`] of a port whose direct dependencies are built.
    fn all_depends_of(&self, recipe: &Recipe) -> Vec<String> {
        let mut all = Vec::new();
        for dep in &recipe.depends {
            for port in std::iter::once(dep.clone()).chain(self.all_depends(dep)) {
                if !all.contains(&port) {
                    all.push(port);
                }
            }
        }
        all
    }
}

/// Checks that the commands the build runs on the host are there, and
/// installs their packages (as root) when they are not.
fn host_tools(recipe: &Recipe) -> Result<()> {
    let missing: Vec<&str> = recipe
        .host_tools
        .iter()
        .filter(|(command, _)| prereq::find_command(command).is_none())
        .map(|(_, package)| package.as_str())
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    if !prereq::is_root() {
        bail!(
            "the build needs the packages {} (apt-get install them)",
            missing.join(" ")
        );
    }
    prereq::apt_install(&missing)
}

fn progress(name: &str, step: &str, detail: &str) {
    eprintln!("xtask: port {name}: {step}: {detail}");
}

fn read(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

/// The port's own patches, `ports/NAME/*.patch`, in name order.
fn own_patches(port_dir: &Path) -> Result<Vec<PathBuf>> {
    let mut patches = Vec::new();
    for entry in
        fs::read_dir(port_dir).with_context(|| format!("cannot list {}", port_dir.display()))?
    {
        let path = entry?.path();
        if path.extension().is_some_and(|ext| ext == "patch") {
            patches.push(path);
        }
    }
    patches.sort();
    Ok(patches)
}

/// The paths and contents of every file under `dir`, in name order, as one
/// byte string (for the fingerprint of a port's own sources).
fn tree_contents(dir: &Path) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let mut entries: Vec<_> = fs::read_dir(dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .collect::<Result<_, _>>()?;
    entries.sort_by_key(fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        bytes.extend_from_slice(entry.file_name().as_encoded_bytes());
        bytes.push(0);
        let inner = if entry.file_type()?.is_dir() {
            tree_contents(&path)?
        } else {
            read(&path)?
        };
        bytes.extend_from_slice(&inner.len().to_le_bytes());
        bytes.extend_from_slice(&inner);
    }
    Ok(bytes)
}

/// Downloads the source package unless its `.dsc` is already there.
fn fetch(dirs: &PortDirs, name: &str, package: &str, version: &str) -> Result<PathBuf> {
    let dsc = dirs.downloads.join(dsc_name(package, version));
    if dsc.is_file() {
        return Ok(dsc);
    }
    create_dir(&dirs.downloads)?;
    let spec = format!("{package}={version}");
    progress(name, "fetch", &format!("apt-get source {spec}"));
    let attempt = || -> Result<(bool, String)> {
        let output = Command::new("apt-get")
            .args(["source", "--download-only", "-q", &spec])
            .current_dir(&dirs.downloads)
            .stdin(Stdio::null())
            .output()
            .context("cannot start apt-get")?;
        let text = String::from_utf8_lossy(&output.stderr).into_owned()
            + &String::from_utf8_lossy(&output.stdout);
        Ok((output.status.success(), text))
    };
    let (mut ok, mut text) = attempt()?;
    if !ok && text.contains("deb-src") {
        if !prereq::is_root() {
            bail!(
                "apt has no deb-src entry; as root, add {DEB_SRC_FILE} with\n{DEB_SRC_ENTRY}and run apt-get update"
            );
        }
        eprintln!(
            "xtask: adding {DEB_SRC_FILE} (Debian source packages) and running apt-get update"
        );
        fs::write(DEB_SRC_FILE, DEB_SRC_ENTRY)
            .with_context(|| format!("cannot write {DEB_SRC_FILE}"))?;
        let status = Command::new("apt-get")
            .args(["update", "-q"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .status()
            .context("cannot start apt-get")?;
        if !status.success() {
            bail!("apt-get update failed ({status})");
        }
        (ok, text) = attempt()?;
    }
    if !ok || !dsc.is_file() {
        bail!(
            "apt-get source {spec} did not give {}:\n{}",
            dsc.display(),
            tail_lines(&text, 10).join("\n")
        );
    }
    Ok(dsc)
}

/// `dpkg-source -x` without Debian's patches (the recipe picks those).
fn unpack(dsc: &Path, source: &Path) -> Result<()> {
    fresh_dir(source)?;
    fs::remove_dir(source).with_context(|| format!("cannot clear {}", source.display()))?;
    let output = Command::new("dpkg-source")
        .args(["--skip-patches", "--no-check", "-x"])
        .arg(dsc)
        .arg(source)
        .stdin(Stdio::null())
        .output()
        .context("cannot start dpkg-source")?;
    if !output.status.success() {
        bail!(
            "dpkg-source -x {} ({}):\n{}",
            dsc.display(),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(())
}

fn apply_patches(name: &str, recipe: &Recipe, source: &Path, own: &[PathBuf]) -> Result<()> {
    let debian = recipe
        .debian_patches
        .iter()
        .map(|patch| source.join("debian").join("patches").join(patch));
    for patch in debian.chain(own.iter().cloned()) {
        progress(name, "patch", &patch.display().to_string());
        let file =
            fs::File::open(&patch).with_context(|| format!("no patch {}", patch.display()))?;
        let output = Command::new("patch")
            .args(["-p1", "--forward", "--batch"])
            .current_dir(source)
            .stdin(file)
            .output()
            .context("cannot start patch")?;
        if !output.status.success() {
            bail!(
                "{} does not apply:\n{}",
                patch.display(),
                String::from_utf8_lossy(&output.stdout)
            );
        }
    }
    Ok(())
}

/// Runs the recipe's build lines with `sh -e`; their output goes to `log`.
/// `sysroot`, the `dev` files of the ports it depends on, becomes
/// `PHANTOM_SYSROOT`.
fn build(
    recipe: &Recipe,
    source: &Path,
    cc: &Path,
    sysroot: Option<&Path>,
    log: &Path,
) -> Result<()> {
    create_dir(log.parent().context("log has no parent")?)?;
    let log_file =
        fs::File::create(log).with_context(|| format!("cannot write {}", log.display()))?;
    let bin = cc.parent().context("phantom-cc has no folder")?;
    let path = match std::env::var_os("PATH") {
        Some(old) => {
            let mut dirs = vec![bin.to_path_buf()];
            dirs.extend(std::env::split_paths(&old));
            std::env::join_paths(dirs)?
        }
        None => bin.as_os_str().to_owned(),
    };
    let mut command = Command::new("sh");
    command
        .args(["-e", "-x", "-c", &recipe.build.join("\n")])
        .current_dir(source)
        .env("CC", cc)
        .env("PATH", path)
        .env_remove("PHANTOM_SYSROOT");
    if let Some(sysroot) = sysroot {
        command.env("PHANTOM_SYSROOT", sysroot);
    }
    let status = command
        .stdin(Stdio::null())
        .stdout(log_file.try_clone()?)
        .stderr(log_file)
        .status()
        .context("cannot start sh")?;
    if !status.success() {
        let text = fs::read_to_string(log).unwrap_or_default();
        bail!(
            "the build commands failed ({status}); the end of {}:\n{}",
            log.display(),
            tail_lines(&text, 15).join("\n")
        );
    }
    Ok(())
}

/// Puts `items` into a fresh `stage` directory.
fn install(items: &[Install], source: &Path, stage: &Path) -> Result<()> {
    fresh_dir(stage)?;
    for item in items {
        match item {
            Install::File { from, to } => {
                let from = source.join(from);
                let to = stage.join(to);
                create_dir(to.parent().context("no parent")?)?;
                if from.is_dir() {
                    copy_tree(&from, &to)?;
                    continue;
                }
                fs::copy(&from, &to).with_context(|| {
                    format!("cannot copy {} to {}", from.display(), to.display())
                })?;
            }
            Install::Symlink { path, target } => {
                let path = stage.join(path);
                create_dir(path.parent().context("no parent")?)?;
                std::os::unix::fs::symlink(target, &path)
                    .with_context(|| format!("cannot make the link {}", path.display()))?;
            }
        }
    }
    Ok(())
}

/// Rebuilds `target/ports/root/` from every port's stage, and
/// `target/ports/sdk/` from every port's `dev` files.
fn assemble_root(dirs: &PortDirs) -> Result<()> {
    for (parts, whole) in [(&dirs.stage, &dirs.root), (&dirs.dev, &dirs.sdk)] {
        if !parts.is_dir() {
            continue;
        }
        fresh_dir(whole)?;
        for entry in fs::read_dir(parts)? {
            let part = entry?.path();
            let is_part = part.is_dir() && part.extension().is_none_or(|ext| ext != "new");
            if is_part {
                copy_tree(&part, whole)?;
            }
        }
    }
    Ok(())
}

fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    create_dir(to)?;
    for entry in fs::read_dir(from).with_context(|| format!("cannot list {}", from.display()))? {
        let entry = entry?;
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type()?;
        if kind.is_dir() {
            copy_tree(&source, &target)?;
        } else if kind.is_symlink() {
            let _ = fs::remove_file(&target);
            std::os::unix::fs::symlink(fs::read_link(&source)?, &target)?;
        } else {
            fs::copy(&source, &target)
                .with_context(|| format!("cannot copy {}", source.display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_recipe() {
        let recipe = Recipe::parse(
            "# a comment\n\
             debian lua5.4 5.4.4-3+deb12u1\n\
             debian-patch 0004-fix.patch\n\
             build cd src && $CC -o lua *.c\n\
             install src/lua /usr/bin/lua5.4\n\
             symlink /usr/bin/lua lua5.4\n",
        )
        .unwrap();
        assert_eq!(
            recipe.source,
            Source::Debian {
                package: "lua5.4".into(),
                version: "5.4.4-3+deb12u1".into()
            }
        );
        assert_eq!(recipe.debian_patches, ["0004-fix.patch"]);
        assert_eq!(recipe.build, ["cd src && $CC -o lua *.c"]);
        assert_eq!(
            recipe.installs,
            [
                Install::File {
                    from: "src/lua".into(),
                    to: "usr/bin/lua5.4".into()
                },
                Install::Symlink {
                    path: "usr/bin/lua".into(),
                    target: "lua5.4".into()
                },
            ]
        );
        assert_eq!(
            dsc_name("lua5.4", "5.4.4-3+deb12u1"),
            "lua5.4_5.4.4-3+deb12u1.dsc"
        );
    }

    #[test]
    fn bad_recipes_say_why() {
        assert!(Recipe::parse("install a /b\n")
            .unwrap_err()
            .contains("debian"));
        assert!(Recipe::parse("debian x 1\n")
            .unwrap_err()
            .contains("installs nothing"));
        assert!(Recipe::parse("debian x\n").unwrap_err().contains("line 1"));
        assert!(Recipe::parse("debian x 1\nfrob y\n")
            .unwrap_err()
            .contains("unknown key"));
        assert!(Recipe::parse("debian x 1\ninstall a ../b\n").is_err());
    }

    #[test]
    fn epochs_are_not_in_file_names() {
        assert_eq!(dsc_name("zlib", "1:1.2.13-1"), "zlib_1.2.13-1.dsc");
    }

    #[test]
    fn parses_dependencies_host_tools_and_dev_files() {
        let recipe = Recipe::parse(
            "debian sqlite3 3.40.1-2\n\
             depends zlib other\n\
             host-tool tclsh tcl\n\
             dev libz.a /lib/libz.a\n",
        )
        .unwrap();
        assert_eq!(recipe.depends, ["zlib", "other"]);
        assert_eq!(recipe.host_tools, [("tclsh".into(), "tcl".into())]);
        assert!(recipe.installs.is_empty());
        assert_eq!(
            recipe.devs,
            [Install::File {
                from: "libz.a".into(),
                to: "lib/libz.a".into()
            }]
        );
        assert!(Recipe::parse("debian x 1\ndepends ../y\ninstall a /b\n")
            .unwrap_err()
            .contains("not a port name"));
        assert!(Recipe::parse("debian x 1\nhost-tool tclsh\ninstall a /b\n")
            .unwrap_err()
            .contains("wrong number"));
    }

    #[test]
    fn sources_can_be_the_ports_own() {
        let recipe =
            Recipe::parse("source src\nbuild $CC -o hi hi.c\ninstall hi /usr/bin/hi\n").unwrap();
        assert_eq!(recipe.source, Source::Local("src".into()));
        assert!(Recipe::parse("source ../x\ninstall a /b\n").is_err());
        assert!(Recipe::parse("source src\ndebian x 1\ninstall a /b\n")
            .unwrap_err()
            .contains("second"));
        assert!(Recipe::parse("source src\ndebian-patch p\ninstall a /b\n")
            .unwrap_err()
            .contains("debian-patch"));
    }

    #[test]
    fn every_recipe_parses_and_depends_on_ports_that_exist() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ports");
        let ports = all_ports(&dir).unwrap();
        assert!(ports.contains(&"lua5.4".to_string()));
        for port in &ports {
            let text = fs::read_to_string(dir.join(port).join(RECIPE_FILE)).unwrap();
            let recipe = Recipe::parse(&text).unwrap_or_else(|why| panic!("{port}: {why}"));
            for dep in &recipe.depends {
                assert!(
                    ports.contains(dep),
                    "{port} depends on a missing port {dep}"
                );
            }
        }
    }
}
