//! The command line: `cargo xtask build | run | test | bench | ports | help`
//! and their flags.
//!
//! Parsed by hand: the grammar is small and a parser crate would be most of
//! xtask's build time. Flags take their value either as the next argument or
//! after `=` (`--timeout 30`, `--timeout=30`).

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use crate::initramfs::AddSpec;
use crate::qemu::Accel;

pub const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  build                 build the kernel, its symbol table, the initramfs and the ISO
  run                   build, then boot in QEMU (a window if there is a display)
  test [NAME]           host unit tests, then the QEMU integration tests
                        (only those whose name contains NAME, without host tests)
  bench [GROUP]         benchmarks against their anchors (Linux), as ratios; results
                        in target/bench/ (GROUP: posix, boot, vm, persistence)
  ports [NAME...]       build the ports (ports/NAME/recipe; all without NAME) into
                        target/ports/root/, which every image then includes
  java IN... -o OUT     .java/.class/.jar files and directories of them -> one
                        Phantom module OUT (.phm): `phantom run OUT Main` in the guest
  help                  this text

build and run options:
  --append CMDLINE      kernel command line (e.g. \"selftest\", \"quiet\")
  --add HOST:GUEST      put a host file or directory into the initramfs (repeatable)

run options:
  --headless            no window: serial console on stdio
  --iso                 boot the GRUB ISO (default)
  --direct              boot the kernel ELF directly (PVH), faster
  --accel auto|kvm|tcg  auto: KVM only with real vmx/svm, else TCG (default auto)
  --timeout SECONDS     stop QEMU after this long (exit status 124; 125 with --exec,
                        where the default is 120)
  --disk FILE           attach FILE as a virtio disk (64 MiB, created if missing)
  --exec CMD            run CMD with /bin/sh -c in the guest (direct boot, headless):
                        stdout is CMD's output, the exit status is CMD's, the kernel
                        log goes to target/phantom/exec.log

test options:
  --no-host             skip the host unit tests
  --accel auto|kvm|tcg  as for run

bench options:
  --quick               a short pass (fewer and shorter samples)
  --accel auto|kvm|tcg  as for run; Phantom and Linux always get the same

exit status of run: 0 when the kernel powers off or its self-tests pass,
1 when a self-test fails, 124 on --timeout, otherwise QEMU's own status.
With --exec: CMD's status, or 125 when the guest reported none (crash, timeout).
";

/// Which way the machine gets its kernel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BootPath {
    /// GRUB from `phantom.iso`, Multiboot2: what a person gets.
    Iso,
    /// QEMU loads the kernel ELF through its PVH note: fast, for tests.
    Direct,
}

/// What goes into the boot image, shared by `build` and `run`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImageOptions {
    pub append: String,
    pub adds: Vec<AddSpec>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RunOptions {
    pub image: ImageOptions,
    pub headless: bool,
    pub boot: BootPath,
    pub accel: Accel,
    pub timeout: Option<Duration>,
    pub disk: Option<PathBuf>,
    pub exec: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestOptions {
    pub filter: Option<String>,
    pub host_tests: bool,
    pub accel: Accel,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenchOptions {
    /// The one group to run (`posix`, `boot`, ...); all when `None`.
    pub group: Option<String>,
    pub quick: bool,
    pub accel: Accel,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Build(ImageOptions),
    Run(RunOptions),
    Test(TestOptions),
    Bench(BenchOptions),
    /// The ports to build; all of them when empty.
    Ports(Vec<String>),
    /// Java inputs and the module to write.
    Java { inputs: Vec<PathBuf>, output: PathBuf },
    Help,
}

/// A command line that does not parse; shown above the usage text.
#[derive(Debug, PartialEq, Eq)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.0)
    }
}

fn usage(message: impl Into<String>) -> UsageError {
    UsageError(message.into())
}

/// Parses the arguments after `cargo xtask`.
pub fn parse(args: &[String]) -> Result<Command, UsageError> {
    let Some((command, rest)) = args.split_first() else {
        return Ok(Command::Help);
    };
    let mut flags = Flags::new(rest);
    let parsed = match command.as_str() {
        "build" => Command::Build(parse_build(&mut flags)?),
        "run" => Command::Run(parse_run(&mut flags)?),
        "test" => Command::Test(parse_test(&mut flags)?),
        "bench" => Command::Bench(parse_bench(&mut flags)?),
        "ports" => Command::Ports(parse_ports(&mut flags)?),
        "java" => parse_java(&mut flags)?,
        "help" | "-h" | "--help" => Command::Help,
        other => return Err(usage(format!("unknown command `{other}`"))),
    };
    Ok(parsed)
}

fn parse_build(flags: &mut Flags) -> Result<ImageOptions, UsageError> {
    let mut image = ImageOptions::default();
    while let Some(arg) = flags.next() {
        if !parse_image_flag(&arg, flags, &mut image)? {
            return Err(unexpected("build", &arg));
        }
    }
    Ok(image)
}

fn parse_run(flags: &mut Flags) -> Result<RunOptions, UsageError> {
    let mut options = RunOptions {
        image: ImageOptions::default(),
        headless: false,
        boot: BootPath::Iso,
        accel: Accel::Auto,
        timeout: None,
        disk: None,
        exec: None,
    };
    while let Some(arg) = flags.next() {
        if parse_image_flag(&arg, flags, &mut options.image)? {
            continue;
        }
        match arg.name.as_str() {
            "--headless" => arg.no_value(&mut options.headless)?,
            "--iso" => options.boot = arg.choice(BootPath::Iso)?,
            "--direct" => options.boot = arg.choice(BootPath::Direct)?,
            "--accel" => options.accel = parse_accel(&flags.value(&arg)?)?,
            "--timeout" => options.timeout = Some(parse_timeout(&flags.value(&arg)?)?),
            "--disk" => options.disk = Some(PathBuf::from(flags.value(&arg)?)),
            "--exec" => options.exec = Some(flags.value(&arg)?),
            _ => return Err(unexpected("run", &arg)),
        }
    }
    Ok(options)
}

fn parse_test(flags: &mut Flags) -> Result<TestOptions, UsageError> {
    let mut options = TestOptions {
        filter: None,
        host_tests: true,
        accel: Accel::Auto,
    };
    let mut no_host = false;
    while let Some(arg) = flags.next() {
        match arg.name.as_str() {
            "--no-host" => arg.no_value(&mut no_host)?,
            "--accel" => options.accel = parse_accel(&flags.value(&arg)?)?,
            name if !name.starts_with('-') && options.filter.is_none() => {
                options.filter = Some(name.to_string());
            }
            _ => return Err(unexpected("test", &arg)),
        }
    }
    // A filter picks integration tests; the host tests are not among them.
    options.host_tests = !no_host && options.filter.is_none();
    Ok(options)
}

fn parse_java(flags: &mut Flags) -> Result<Command, UsageError> {
    let mut inputs = Vec::new();
    let mut output = None;
    while let Some(arg) = flags.next() {
        match arg.name.as_str() {
            "-o" | "--output" => output = Some(PathBuf::from(flags.value(&arg)?)),
            name if !name.starts_with('-') => inputs.push(PathBuf::from(name)),
            _ => return Err(unexpected("java", &arg)),
        }
    }
    let output = output.ok_or_else(|| usage("java: say where the module goes with -o FILE.phm"))?;
    if inputs.is_empty() {
        return Err(usage("java: no input (.java, .class, .jar or a directory)"));
    }
    Ok(Command::Java { inputs, output })
}

fn parse_ports(flags: &mut Flags) -> Result<Vec<String>, UsageError> {
    let mut names = Vec::new();
    while let Some(arg) = flags.next() {
        if arg.name.starts_with('-') {
            return Err(unexpected("ports", &arg));
        }
        names.push(arg.name);
    }
    Ok(names)
}

fn parse_bench(flags: &mut Flags) -> Result<BenchOptions, UsageError> {
    let mut options = BenchOptions {
        group: None,
        quick: false,
        accel: Accel::Auto,
    };
    while let Some(arg) = flags.next() {
        match arg.name.as_str() {
            "--quick" => arg.no_value(&mut options.quick)?,
            "--accel" => options.accel = parse_accel(&flags.value(&arg)?)?,
            name if !name.starts_with('-') && options.group.is_none() => {
                options.group = Some(name.to_string());
            }
            _ => return Err(unexpected("bench", &arg)),
        }
    }
    Ok(options)
}

/// Handles the flags shared by `build` and `run`; false if `arg` is not one.
fn parse_image_flag(
    arg: &Arg,
    flags: &mut Flags,
    image: &mut ImageOptions,
) -> Result<bool, UsageError> {
    match arg.name.as_str() {
        "--append" => image.append = flags.value(arg)?,
        "--add" => {
            let value = flags.value(arg)?;
            image.adds.push(AddSpec::parse(&value).map_err(usage)?);
        }
        _ => return Ok(false),
    }
    Ok(true)
}

fn parse_accel(value: &str) -> Result<Accel, UsageError> {
    value.parse().map_err(usage)
}

fn parse_timeout(value: &str) -> Result<Duration, UsageError> {
    let seconds: f64 = value.parse().map_err(|_| {
        usage(format!(
            "--timeout wants a number of seconds, not `{value}`"
        ))
    })?;
    if !(seconds > 0.0 && seconds.is_finite()) {
        return Err(usage(format!(
            "--timeout wants a positive number of seconds, not `{value}`"
        )));
    }
    Ok(Duration::from_secs_f64(seconds))
}

fn unexpected(command: &str, arg: &Arg) -> UsageError {
    if arg.name.starts_with('-') {
        usage(format!("`{command}` has no option `{}`", arg.name))
    } else {
        usage(format!(
            "unexpected argument `{}` for `{command}`",
            arg.name
        ))
    }
}

/// One argument, split at `=` when it is a `--flag=value`.
struct Arg {
    name: String,
    inline_value: Option<String>,
}

impl Arg {
    /// A flag that takes no value: sets `target`.
    fn no_value(&self, target: &mut bool) -> Result<(), UsageError> {
        if self.inline_value.is_some() {
            return Err(usage(format!("{} takes no value", self.name)));
        }
        *target = true;
        Ok(())
    }

    fn choice<T>(&self, value: T) -> Result<T, UsageError> {
        let mut unused = false;
        self.no_value(&mut unused)?;
        Ok(value)
    }
}

struct Flags<'a> {
    args: std::slice::Iter<'a, String>,
}

impl<'a> Flags<'a> {
    fn new(args: &'a [String]) -> Flags<'a> {
        Flags { args: args.iter() }
    }

    fn next(&mut self) -> Option<Arg> {
        let raw = self.args.next()?;
        match raw.split_once('=') {
            Some((name, value)) if name.starts_with("--") => Some(Arg {
                name: name.to_string(),
                inline_value: Some(value.to_string()),
            }),
            _ => Some(Arg {
                name: raw.clone(),
                inline_value: None,
            }),
        }
    }

    /// The value of `arg`: after its `=`, or the next argument.
    fn value(&mut self, arg: &Arg) -> Result<String, UsageError> {
        if let Some(value) = &arg.inline_value {
            return Ok(value.clone());
        }
        self.args
            .next()
            .cloned()
            .ok_or_else(|| usage(format!("{} needs a value", arg.name)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_words(line: &str) -> Result<Command, UsageError> {
        let args: Vec<String> = line.split_whitespace().map(String::from).collect();
        parse(&args)
    }

    fn run_options(line: &str) -> RunOptions {
        match parse_words(line) {
            Ok(Command::Run(options)) => options,
            other => panic!("`{line}` parsed to {other:?}"),
        }
    }

    fn test_options(line: &str) -> TestOptions {
        match parse_words(line) {
            Ok(Command::Test(options)) => options,
            other => panic!("`{line}` parsed to {other:?}"),
        }
    }

    #[test]
    fn no_arguments_means_help() {
        assert_eq!(parse(&[]), Ok(Command::Help));
        assert_eq!(parse_words("help"), Ok(Command::Help));
    }

    #[test]
    fn run_defaults_to_iso_auto_windowed() {
        let options = run_options("run");
        assert_eq!(options.boot, BootPath::Iso);
        assert_eq!(options.accel, Accel::Auto);
        assert!(!options.headless);
        assert_eq!(options.timeout, None);
        assert_eq!(options.image, ImageOptions::default());
    }

    #[test]
    fn run_takes_every_flag() {
        let options = run_options(
            "run --headless --direct --accel tcg --timeout 2.5 --append quiet \
             --add a.txt:/etc/a --add=b:/bin/b --disk d.img",
        );
        assert!(options.headless);
        assert_eq!(options.boot, BootPath::Direct);
        assert_eq!(options.accel, Accel::Tcg);
        assert_eq!(options.timeout, Some(Duration::from_millis(2500)));
        assert_eq!(options.image.append, "quiet");
        assert_eq!(options.image.adds.len(), 2);
        assert_eq!(options.image.adds[1].guest, "bin/b");
        assert_eq!(options.disk, Some(PathBuf::from("d.img")));
    }

    #[test]
    fn append_keeps_spaces_in_its_value() {
        let args: Vec<String> = ["run", "--append", "selftest quiet"]
            .map(String::from)
            .to_vec();
        match parse(&args) {
            Ok(Command::Run(options)) => assert_eq!(options.image.append, "selftest quiet"),
            other => panic!("{other:?}"),
        }
        let args: Vec<String> = ["run", "--append=a=b c"].map(String::from).to_vec();
        match parse(&args) {
            Ok(Command::Run(options)) => assert_eq!(options.image.append, "a=b c"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn last_boot_path_wins() {
        assert_eq!(run_options("run --direct --iso").boot, BootPath::Iso);
    }

    #[test]
    fn exec_is_parsed() {
        let args: Vec<String> = ["run", "--headless", "--exec", "echo hi"]
            .map(String::from)
            .to_vec();
        match parse(&args) {
            Ok(Command::Run(options)) => assert_eq!(options.exec.as_deref(), Some("echo hi")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bad_values_are_usage_errors() {
        assert!(parse_words("run --accel fast").is_err());
        assert!(parse_words("run --timeout soon").is_err());
        assert!(parse_words("run --timeout 0").is_err());
        assert!(parse_words("run --timeout -1").is_err());
        assert!(parse_words("run --timeout").is_err());
        assert!(parse_words("run --headless=yes").is_err());
        assert!(parse_words("run --frobnicate").is_err());
        assert!(parse_words("run stray").is_err());
        assert!(parse_words("run --add nocolon").is_err());
        assert!(parse_words("build --headless").is_err());
        assert!(parse_words("launch").is_err());
    }

    #[test]
    fn test_filter_skips_host_tests() {
        let all = test_options("test");
        assert!(all.host_tests);
        assert_eq!(all.filter, None);

        let some = test_options("test keyb");
        assert!(!some.host_tests);
        assert_eq!(some.filter.as_deref(), Some("keyb"));

        let no_host = test_options("test --no-host --accel tcg");
        assert!(!no_host.host_tests);
        assert_eq!(no_host.accel, Accel::Tcg);

        assert!(parse_words("test a b").is_err());
    }

    #[test]
    fn bench_takes_a_group_quick_and_accel() {
        match parse_words("bench") {
            Ok(Command::Bench(options)) => {
                assert_eq!(options.group, None);
                assert!(!options.quick);
                assert_eq!(options.accel, Accel::Auto);
            }
            other => panic!("{other:?}"),
        }
        match parse_words("bench posix --quick --accel=tcg") {
            Ok(Command::Bench(options)) => {
                assert_eq!(options.group.as_deref(), Some("posix"));
                assert!(options.quick);
                assert_eq!(options.accel, Accel::Tcg);
            }
            other => panic!("{other:?}"),
        }
        assert!(parse_words("bench posix boot").is_err());
        assert!(parse_words("bench --quick=yes").is_err());
        assert!(parse_words("bench --headless").is_err());
    }

    #[test]
    fn ports_takes_names_and_no_flags() {
        assert_eq!(parse_words("ports"), Ok(Command::Ports(vec![])));
        assert_eq!(
            parse_words("ports lua5.4 zlib"),
            Ok(Command::Ports(vec!["lua5.4".into(), "zlib".into()]))
        );
        assert!(parse_words("ports --quick").is_err());
    }

    #[test]
    fn build_takes_image_flags() {
        match parse_words("build --append selftest --add x:y") {
            Ok(Command::Build(image)) => {
                assert_eq!(image.append, "selftest");
                assert_eq!(image.adds.len(), 1);
            }
            other => panic!("{other:?}"),
        }
    }
}
