//! Tests on real class files: Java sources compiled with the host's `javac`
//! (`--release 17`) into a temporary directory at test time, then parsed, every
//! method decoded, and the parts that matter to the converter checked.
//!
//! Without `javac` these tests print a skip line and return; with it, any
//! compile error fails the test.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::string::{String, ToString};
use std::sync::OnceLock;
use std::vec::Vec;
use std::{eprintln, format, fs, vec};

use crate::insn::{ArithOp, ArrayKind, NumKind, ValueKind};
use crate::{
    BaseType, ClassAccess, ClassFile, Constant, ConstantValue, FieldAccess, FieldType, Loadable,
    MethodAccess, MethodDescriptor, Op, ReferenceKind,
};

/// Compiles `sources` (file name, text) and returns every class file produced,
/// by internal name. `None` (after printing why) when there is no `javac`.
fn compile(sources: &[(&str, &str)]) -> Option<BTreeMap<String, Vec<u8>>> {
    let dir = std::env::temp_dir().join(format!("phantom-jvm-test-{}", std::process::id()));
    let src = dir.join("src");
    let out = dir.join("out");
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&src).unwrap();
    fs::create_dir_all(&out).unwrap();
    let mut command = Command::new("javac");
    command
        .args(["--release", "17", "-encoding", "UTF-8", "-d"])
        .arg(&out);
    for (name, text) in sources {
        let path = src.join(name);
        fs::write(&path, text).unwrap();
        command.arg(path);
    }
    let output = match command.output() {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let _ = fs::remove_dir_all(&dir);
            return None;
        }
        Err(e) => panic!("cannot run javac: {e}"),
    };
    assert!(
        output.status.success(),
        "javac failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut classes = BTreeMap::new();
    collect(&out, &out, &mut classes);
    fs::remove_dir_all(&dir).unwrap();
    assert!(!classes.is_empty(), "javac produced no class files");
    Some(classes)
}

/// The class files of all the sources below, compiled once (one `javac` run
/// for all tests: the JVM takes a second to start), by internal name. `None`,
/// after printing a skip line for `test`, when there is no `javac`.
pub(crate) fn class_files(test: &str) -> Option<&'static BTreeMap<String, Vec<u8>>> {
    static COMPILED: OnceLock<Option<BTreeMap<String, Vec<u8>>>> = OnceLock::new();
    let compiled = COMPILED.get_or_init(|| compile(&all_sources())).as_ref();
    if compiled.is_none() {
        eprintln!("SKIPPED {test}: javac not found on PATH, no class files to test");
    }
    compiled
}

fn collect(root: &Path, dir: &Path, classes: &mut BTreeMap<String, Vec<u8>>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path: PathBuf = entry.unwrap().path();
        if path.is_dir() {
            collect(root, &path, classes);
        } else if path.extension().is_some_and(|e| e == "class") {
            let name = path.strip_prefix(root).unwrap().with_extension("");
            let name = name
                .to_str()
                .unwrap()
                .replace(std::path::MAIN_SEPARATOR, "/");
            classes.insert(name, fs::read(&path).unwrap());
        }
    }
}

/// All classes parsed; asserts every class parses and every method with code
/// decodes and checks.
fn load(test: &str) -> Option<BTreeMap<String, ClassFile>> {
    let classes = class_files(test)?;
    Some(
        classes
            .iter()
            .map(|(name, bytes)| {
                let class = ClassFile::parse(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(&class.this_class, name);
                assert_eq!(class.major_version, 61);
                for method in class.methods.iter().filter(|m| m.code.is_some()) {
                    class
                        .decode_method(method)
                        .unwrap_or_else(|e| panic!("{e}"));
                }
                (name.clone(), class)
            })
            .collect(),
    )
}

/// The decoded instructions of the method called `name` (the first overload).
fn ops(class: &ClassFile, name: &str) -> Vec<Op> {
    let method = class
        .methods_named(name)
        .next()
        .unwrap_or_else(|| panic!("{} has no method {name}", class.this_class));
    class
        .decode_method(method)
        .unwrap()
        .into_iter()
        .map(|i| i.op)
        .collect()
}

fn count(ops: &[Op], f: impl Fn(&Op) -> bool) -> usize {
    ops.iter().filter(|op| f(op)).count()
}

/// The call sites of the `invokedynamic`s in `ops`.
fn call_sites<'c>(class: &'c ClassFile, ops: &[Op]) -> Vec<crate::BootstrapCall<'c>> {
    ops.iter()
        .filter_map(|op| match op {
            Op::InvokeDynamic(index) => Some(class.call_site(*index).unwrap()),
            _ => None,
        })
        .collect()
}

pub(crate) const FIELDS: &str = r#"
public class Fields {
    public static final int ANSWER = 42;
    public static final long BIG = 1234567890123L;
    public static final double PI = 3.141592653589793;
    public static final float HALF = 0.5f;
    public static final String NAME = "phantom";
    public static final boolean FLAG = true;
    public static final char LETTER = 'x';
    static int counter;
    static long[] table;
    static final java.util.List<String> NAMES = new java.util.ArrayList<>();
    private final float ratio;
    protected volatile double level;
    transient Object cache;

    static {
        counter = ANSWER + 1;
        table = new long[] { 1L << 40, -5L, BIG };
    }

    public Fields(float ratio) { this.ratio = ratio; }

    long mix(long a, double b, int c) {
        counter++;
        level = b * ratio;
        return a + (long) b + c + 123456789012L;
    }
}
"#;

#[test]
fn fields_static_init_and_wide_constants() {
    let Some(classes) = load("fields") else {
        return;
    };
    let class = &classes["Fields"];
    assert_eq!(class.source_file.as_deref(), Some("Fields.java"));
    let constant = |name: &str| class.field(name).unwrap().constant_value.clone();
    assert_eq!(constant("ANSWER"), Some(ConstantValue::Int(42)));
    assert_eq!(
        constant("BIG"),
        Some(ConstantValue::Long(1_234_567_890_123))
    );
    assert_eq!(
        constant("PI"),
        Some(ConstantValue::Double(core::f64::consts::PI))
    );
    assert_eq!(constant("HALF"), Some(ConstantValue::Float(0.5)));
    assert_eq!(
        constant("NAME"),
        Some(ConstantValue::String("phantom".into()))
    );
    assert_eq!(constant("FLAG"), Some(ConstantValue::Int(1)));
    assert_eq!(constant("LETTER"), Some(ConstantValue::Int('x' as i32)));
    assert_eq!(constant("counter"), None);
    let names = class.field("NAMES").unwrap();
    assert_eq!(
        names.signature.as_deref(),
        Some("Ljava/util/List<Ljava/lang/String;>;")
    );
    assert_eq!(
        class.field("table").unwrap().field_type,
        FieldType::parse("[J").unwrap()
    );
    let level = class.field("level").unwrap();
    assert_eq!(level.access, FieldAccess::PROTECTED | FieldAccess::VOLATILE);
    assert_eq!(level.field_type.slots(), 2);
    assert!(class
        .field("cache")
        .unwrap()
        .access
        .contains(FieldAccess::TRANSIENT));

    // The static initialiser: counter = 43 (folded), table = new long[3] {...}.
    let clinit = class.method("<clinit>", "()V").unwrap();
    assert!(clinit.is_static());
    let init = ops(class, "<clinit>");
    let pool = &class.constant_pool;
    // NAMES is initialised first (source order), then the static block runs.
    let at = init.iter().position(|op| *op == Op::IConst(43)).unwrap();
    let Op::PutStatic(counter) = init[at + 1] else {
        panic!("{init:?}")
    };
    let counter = pool.field_ref(counter).unwrap();
    assert_eq!(
        (counter.class, counter.name, counter.descriptor),
        ("Fields", "counter", "I")
    );
    assert!(init.contains(&Op::NewArray(BaseType::Long)));
    let longs: Vec<i64> = init
        .iter()
        .filter_map(|op| match op {
            Op::Ldc2(i) => Some(pool.long(*i).unwrap()),
            _ => None,
        })
        .collect();
    assert_eq!(longs, [1 << 40, -5, 1_234_567_890_123]);

    // A method with long and double arguments: slots and wide locals.
    let mix = class.method("mix", "(JDI)J").unwrap();
    assert_eq!(mix.method_type.arg_slots(), 5);
    assert_eq!(mix.entry_slots(), 6);
    assert_eq!(mix.method_type.return_slots(), 2);
    let code = ops(class, "mix");
    assert!(code.contains(&Op::Load(ValueKind::Long, 1)));
    assert!(code.contains(&Op::Load(ValueKind::Double, 3)));
    assert!(code.contains(&Op::Load(ValueKind::Int, 5)));
    assert!(code.contains(&Op::Convert(NumKind::Double, NumKind::Long)));
    assert!(code.contains(&Op::Arith(ArithOp::Add, NumKind::Long)));
    assert!(code.contains(&Op::Return(Some(ValueKind::Long))));
    assert!(code
        .iter()
        .any(|op| matches!(op, Op::Ldc2(i) if pool.long(*i) == Ok(123_456_789_012))));
    assert!(code.iter().any(|op| matches!(op, Op::PutField(i)
        if pool.field_ref(*i).unwrap().name == "level")));

    // The constructor calls Object's.
    let ctor = ops(class, "<init>");
    let Op::InvokeSpecial(object_init) = ctor[1] else {
        panic!("{ctor:?}")
    };
    let (object_init, is_interface) = pool.any_method_ref(object_init).unwrap();
    assert_eq!(
        (object_init.class, object_init.name),
        ("java/lang/Object", "<init>")
    );
    assert!(!is_interface);
}

pub(crate) const SWITCHES: &str = r#"
public class Switches {
    static int word(String k) {
        switch (k) {
            case "alpha": return 1;
            case "beta": return 2;
            case "gamma": return 3;
            default: return 0;
        }
    }
    static int dense(int x) {
        switch (x) { case 1: return 10; case 2: return 20; case 3: return 30; case 4: return 40; default: return -1; }
    }
    static int sparse(int x) {
        switch (x) { case -1000: return 1; case 0: return 2; case 1000000: return 3; default: return 0; }
    }
}
"#;

/// `String.hashCode`.
fn java_hash(s: &str) -> i32 {
    s.encode_utf16()
        .fold(0i32, |h, c| h.wrapping_mul(31).wrapping_add(i32::from(c)))
}

#[test]
fn switches() {
    let Some(classes) = load("switches") else {
        return;
    };
    let class = &classes["Switches"];
    let pool = &class.constant_pool;

    // A string switch: hashCode, a lookupswitch on the hashes, equals, then a
    // tableswitch on the case number.
    let word = ops(class, "word");
    let calls: Vec<&str> = word
        .iter()
        .filter_map(|op| match op {
            Op::InvokeVirtual(i) => Some(pool.method_ref(*i).unwrap().name),
            _ => None,
        })
        .collect();
    assert_eq!(calls, ["hashCode", "equals", "equals", "equals"]);
    let keys: Vec<i32> = word
        .iter()
        .find_map(|op| match op {
            Op::LookupSwitch { pairs, .. } => Some(pairs.iter().map(|p| p.0).collect()),
            _ => None,
        })
        .unwrap();
    let mut expected: Vec<i32> = ["alpha", "beta", "gamma"]
        .iter()
        .map(|s| java_hash(s))
        .collect();
    expected.sort();
    assert_eq!(keys, expected);
    assert!(word
        .iter()
        .any(|op| matches!(op, Op::TableSwitch { low: 0, targets, .. } if targets.len() == 3)));

    let dense = ops(class, "dense");
    let Op::TableSwitch {
        low,
        targets,
        default,
    } = &dense[1]
    else {
        panic!("{dense:?}")
    };
    assert_eq!((*low, targets.len()), (1, 4));
    assert!(targets.iter().all(|t| t != default));

    let sparse = ops(class, "sparse");
    let Op::LookupSwitch { pairs, .. } = &sparse[1] else {
        panic!("{sparse:?}")
    };
    assert_eq!(
        pairs.iter().map(|p| p.0).collect::<Vec<_>>(),
        [-1000, 0, 1_000_000]
    );
}

pub(crate) const COLOR: &str = r#"
public enum Color {
    RED, GREEN, BLUE;
    Color next() { return values()[(ordinal() + 1) % values().length]; }
}
"#;

#[test]
fn enums() {
    let Some(classes) = load("enum") else { return };
    let class = &classes["Color"];
    assert!(class
        .access
        .contains(ClassAccess::ENUM | ClassAccess::FINAL));
    assert_eq!(class.super_class.as_deref(), Some("java/lang/Enum"));
    assert_eq!(
        class.signature.as_deref(),
        Some("Ljava/lang/Enum<LColor;>;")
    );
    for name in ["RED", "GREEN", "BLUE"] {
        let field = class.field(name).unwrap();
        assert!(field
            .access
            .contains(FieldAccess::ENUM | FieldAccess::STATIC | FieldAccess::FINAL));
        assert_eq!(field.field_type, FieldType::Object("Color".into()));
    }
    let values = class.field("$VALUES").unwrap();
    assert!(values.access.contains(FieldAccess::SYNTHETIC));
    assert_eq!(values.descriptor, "[LColor;");

    // values() clones the array: a method reference on an array class.
    let pool = &class.constant_pool;
    let clone = ops(class, "values")
        .iter()
        .find_map(|op| match op {
            Op::InvokeVirtual(i) => Some(pool.method_ref(*i).unwrap()),
            _ => None,
        })
        .unwrap();
    assert_eq!(
        (clone.class, clone.name, clone.descriptor),
        ("[LColor;", "clone", "()Ljava/lang/Object;")
    );
    let value_of = class
        .method("valueOf", "(Ljava/lang/String;)LColor;")
        .unwrap();
    assert!(value_of.is_static());

    let init = ops(class, "<clinit>");
    assert_eq!(
        count(
            &init,
            |op| matches!(op, Op::New(i) if pool.class_name(*i) == Ok("Color"))
        ),
        3
    );
    let strings: Vec<&str> = init
        .iter()
        .filter_map(|op| match op {
            Op::Ldc(i) => pool.string(*i).ok(),
            _ => None,
        })
        .collect();
    assert_eq!(strings, ["RED", "GREEN", "BLUE"]);
    assert!(ops(class, "next").contains(&Op::Arith(ArithOp::Rem, NumKind::Int)));
}

pub(crate) const LAMBDAS: &str = r#"
import java.util.function.*;
public class Lambdas {
    static IntBinaryOperator adder() { return (a, b) -> a + b; }
    static Function<String, Integer> length() { return String::length; }
    static Runnable counter(int[] box) { return () -> box[0]++; }
    static Supplier<Lambdas> maker() { return Lambdas::new; }
}
"#;

const METAFACTORY_DESCRIPTOR: &str = "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;\
     Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;\
     Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/CallSite;";

#[test]
fn lambdas_use_invokedynamic_and_the_metafactory() {
    let Some(classes) = load("lambdas") else {
        return;
    };
    let class = &classes["Lambdas"];
    assert_eq!(class.bootstrap_methods.len(), 4);

    let adder = ops(class, "adder");
    assert!(matches!(
        adder[..],
        [Op::InvokeDynamic(_), Op::Return(Some(ValueKind::Reference))]
    ));
    let site = &call_sites(class, &adder)[0];
    assert_eq!(site.name, "applyAsInt");
    assert_eq!(site.descriptor, "()Ljava/util/function/IntBinaryOperator;");
    assert_eq!(site.method.kind, ReferenceKind::InvokeStatic);
    assert_eq!(
        site.method.member.class,
        "java/lang/invoke/LambdaMetafactory"
    );
    assert_eq!(site.method.member.name, "metafactory");
    assert_eq!(site.method.member.descriptor, METAFACTORY_DESCRIPTOR);
    let [Loadable::MethodType(erased), Loadable::MethodHandle(body), Loadable::MethodType(exact)] =
        site.arguments[..]
    else {
        panic!("{:?}", site.arguments)
    };
    assert_eq!((erased, exact), ("(II)I", "(II)I"));
    assert_eq!(body.kind, ReferenceKind::InvokeStatic);
    assert_eq!(
        (body.member.class, body.member.descriptor),
        ("Lambdas", "(II)I")
    );
    // The lambda's body is a private static synthetic method of the class.
    let lambda = class.method(body.member.name, "(II)I").unwrap();
    assert!(lambda
        .access
        .contains(MethodAccess::PRIVATE | MethodAccess::STATIC | MethodAccess::SYNTHETIC));
    assert_eq!(
        ops(class, body.member.name),
        [
            Op::Load(ValueKind::Int, 0),
            Op::Load(ValueKind::Int, 1),
            Op::Arith(ArithOp::Add, NumKind::Int),
            Op::Return(Some(ValueKind::Int)),
        ]
    );

    // A method reference: the handle names String.length directly.
    let site = &call_sites(class, &ops(class, "length"))[0];
    let Loadable::MethodHandle(handle) = site.arguments[1] else {
        panic!()
    };
    assert_eq!(handle.kind, ReferenceKind::InvokeVirtual);
    assert_eq!(
        (handle.member.class, handle.member.name),
        ("java/lang/String", "length")
    );

    // A capturing lambda takes the captured array as a call-site argument.
    let counter = ops(class, "counter");
    assert_eq!(
        call_sites(class, &counter)[0].descriptor,
        "([I)Ljava/lang/Runnable;"
    );
    assert_eq!(counter[0], Op::Load(ValueKind::Reference, 0));

    // A constructor reference.
    let site = &call_sites(class, &ops(class, "maker"))[0];
    let Loadable::MethodHandle(handle) = site.arguments[1] else {
        panic!()
    };
    assert_eq!(handle.kind, ReferenceKind::NewInvokeSpecial);
    assert_eq!(handle.member.name, "<init>");

    // Lambdas need MethodHandles.Lookup in InnerClasses.
    let lookup = class
        .inner_classes
        .iter()
        .find(|c| c.inner_class == "java/lang/invoke/MethodHandles$Lookup")
        .unwrap();
    assert_eq!(
        lookup.outer_class.as_deref(),
        Some("java/lang/invoke/MethodHandles")
    );
    assert_eq!(lookup.inner_name.as_deref(), Some("Lookup"));
}

pub(crate) const CONCAT: &str = r#"
public class Concat {
    static String greet(String name, int n, long big, char c) {
        return "Hello, " + name + "! n=" + n + big + c;
    }
}
"#;

#[test]
fn string_concatenation_uses_make_concat_with_constants() {
    let Some(classes) = load("concat") else {
        return;
    };
    let class = &classes["Concat"];
    let greet = ops(class, "greet");
    assert!(matches!(
        greet[..],
        [
            Op::Load(ValueKind::Reference, 0),
            Op::Load(ValueKind::Int, 1),
            Op::Load(ValueKind::Long, 2),
            Op::Load(ValueKind::Int, 4),
            Op::InvokeDynamic(_),
            Op::Return(Some(ValueKind::Reference)),
        ]
    ));
    let site = &call_sites(class, &greet)[0];
    assert_eq!(site.name, "makeConcatWithConstants");
    assert_eq!(site.descriptor, "(Ljava/lang/String;IJC)Ljava/lang/String;");
    let descriptor = MethodDescriptor::parse(site.descriptor).unwrap();
    assert_eq!(descriptor.arg_slots(), 5);
    assert_eq!(
        site.method.member.class,
        "java/lang/invoke/StringConcatFactory"
    );
    assert_eq!(site.method.member.name, "makeConcatWithConstants");
    assert_eq!(
        site.arguments,
        [Loadable::String("Hello, \u{1}! n=\u{1}\u{1}\u{1}")]
    );
}

pub(crate) const EXCEPTIONS: &str = r#"
import java.io.IOException;
public class Exceptions {
    static int divide(int x) throws IOException {
        try {
            if (x < 0) throw new IllegalArgumentException("negative");
            return 10 / x;
        } catch (ArithmeticException | IllegalArgumentException e) {
            return -1;
        } finally {
            System.out.println("done");
        }
    }
}
"#;

#[test]
fn try_catch_finally() {
    let Some(classes) = load("exceptions") else {
        return;
    };
    let class = &classes["Exceptions"];
    let pool = &class.constant_pool;
    let method = class.method("divide", "(I)I").unwrap();
    assert_eq!(method.exceptions, ["java/io/IOException"]);
    let code = method.code.as_ref().unwrap();
    let catch_types: Vec<Option<&str>> = code
        .exception_table
        .iter()
        .map(|h| h.catch_type.as_deref())
        .collect();
    assert_eq!(
        catch_types[..2],
        [
            Some("java/lang/ArithmeticException"),
            Some("java/lang/IllegalArgumentException")
        ]
    );
    assert!(
        catch_types[2..].iter().all(Option::is_none),
        "{catch_types:?}"
    );
    let multi = &code.exception_table[..2];
    assert_eq!(multi[0].handler_pc, multi[1].handler_pc);
    assert_eq!(
        (multi[0].start_pc, multi[0].end_pc),
        (multi[1].start_pc, multi[1].end_pc)
    );

    let insns = class.decode_method(method).unwrap();
    let at = |pc: u16| &insns.iter().find(|i| i.offset == u32::from(pc)).unwrap().op;
    // The catch block and the finally handler start by storing the exception.
    assert!(matches!(
        at(multi[0].handler_pc),
        Op::Store(ValueKind::Reference, _)
    ));
    assert!(matches!(
        at(code.exception_table[2].handler_pc),
        Op::Store(ValueKind::Reference, _)
    ));
    let ops: Vec<Op> = insns.into_iter().map(|i| i.op).collect();
    assert!(ops.contains(&Op::Arith(ArithOp::Div, NumKind::Int)));
    assert!(ops.iter().any(|op| matches!(op, Op::New(i)
        if pool.class_name(*i) == Ok("java/lang/IllegalArgumentException"))));
    // Thrown once by the code, and rethrown by the finally handler.
    assert_eq!(count(&ops, |op| *op == Op::AThrow), 2);
    // finally is inlined on each path: println is called three times.
    let println = |op: &Op| matches!(op, Op::InvokeVirtual(i) if pool.method_ref(*i).unwrap().name == "println");
    assert_eq!(count(&ops, println), 3);
    assert!(code.line_at(0).is_some());
}

pub(crate) const SYNC: &str = r#"
public class Sync {
    private final Object lock = new Object();
    private int n;
    int inc() { synchronized (lock) { return ++n; } }
    synchronized void touch() { n = 0; }
}
"#;

#[test]
fn synchronized_blocks_and_methods() {
    let Some(classes) = load("sync") else { return };
    let class = &classes["Sync"];
    let inc = ops(class, "inc");
    assert_eq!(count(&inc, |op| *op == Op::MonitorEnter), 1);
    // One exit on the normal path, one in the handler that rethrows.
    assert_eq!(count(&inc, |op| *op == Op::MonitorExit), 2);
    let code = class.method("inc", "()I").unwrap().code.as_ref().unwrap();
    assert!(!code.exception_table.is_empty());
    assert!(code.exception_table.iter().all(|h| h.catch_type.is_none()));

    let touch = class.method("touch", "()V").unwrap();
    assert!(touch.access.contains(MethodAccess::SYNCHRONIZED));
    assert_eq!(count(&ops(class, "touch"), |op| *op == Op::MonitorEnter), 0);
}

pub(crate) const GRIDS: &str = r#"
public class Grids {
    static int[][][] cube(int a, int b) { return new int[a][b][3]; }
    static String[][] rows(int n) { return new String[n][]; }
    static byte[] bytes() { return new byte[4]; }
    static boolean[] flags() { return new boolean[2]; }
    static int sum(int[][] g) { int s = 0; for (int[] row : g) for (int v : row) s += v; return s; }
    static void fill(char[] cs, double[] ds) { cs[0] = 'a'; ds[1] = 2.5; }
}
"#;

#[test]
fn arrays_of_all_shapes() {
    let Some(classes) = load("grids") else { return };
    let class = &classes["Grids"];
    let pool = &class.constant_pool;
    let cube = class.method("cube", "(II)[[[I").unwrap();
    let ret = cube.method_type.ret.as_ref().unwrap();
    assert_eq!(ret.array_dimensions(), 3);
    assert_eq!(*ret, FieldType::parse("[[[I").unwrap());
    let Some(Op::MultiANewArray {
        index,
        dimensions: 3,
    }) = ops(class, "cube")
        .into_iter()
        .find(|op| matches!(op, Op::MultiANewArray { .. }))
    else {
        panic!()
    };
    assert_eq!(pool.class_name(index).unwrap(), "[[[I");

    let rows = ops(class, "rows");
    let Op::ANewArray(index) = rows[1] else {
        panic!("{rows:?}")
    };
    assert_eq!(pool.class_name(index).unwrap(), "[Ljava/lang/String;");
    assert!(ops(class, "bytes").contains(&Op::NewArray(BaseType::Byte)));
    assert!(ops(class, "flags").contains(&Op::NewArray(BaseType::Boolean)));

    let sum = ops(class, "sum");
    assert_eq!(count(&sum, |op| *op == Op::ArrayLength), 2);
    assert!(sum.contains(&Op::ArrayLoad(ArrayKind::Reference)));
    assert!(sum.contains(&Op::ArrayLoad(ArrayKind::Int)));
    assert!(sum.iter().any(|op| matches!(op, Op::IInc { .. })));
    assert!(sum.iter().any(|op| matches!(op, Op::Goto(_))));

    let fill = ops(class, "fill");
    assert!(fill.contains(&Op::ArrayStore(ArrayKind::Char)));
    assert!(fill.contains(&Op::ArrayStore(ArrayKind::Double)));
    assert!(fill
        .iter()
        .any(|op| matches!(op, Op::Ldc2(i) if pool.double(*i) == Ok(2.5))));
}

pub(crate) const SHAPE: &str = r#"
public interface Shape {
    double area();
    default String describe() { return "area " + area(); }
    static Shape unit() { return () -> 1.0; }
}

class UseShape {
    static double twice() { Shape s = Shape.unit(); return s.area() + s.describe().length(); }
}
"#;

#[test]
fn interfaces_with_default_and_static_methods() {
    let Some(classes) = load("shape") else { return };
    let shape = &classes["Shape"];
    assert!(shape.is_interface());
    assert!(shape.access.contains(ClassAccess::ABSTRACT));
    assert_eq!(shape.super_class.as_deref(), Some("java/lang/Object"));
    let area = shape.method("area", "()D").unwrap();
    assert!(area.code.is_none() && area.access.contains(MethodAccess::ABSTRACT));
    let describe = ops(shape, "describe");
    let Some(Op::InvokeInterface { index, count: 1 }) = describe
        .iter()
        .find(|op| matches!(op, Op::InvokeInterface { .. }))
        .cloned()
    else {
        panic!("{describe:?}")
    };
    let area_ref = shape.constant_pool.interface_method_ref(index).unwrap();
    assert_eq!((area_ref.class, area_ref.name), ("Shape", "area"));
    assert_eq!(
        call_sites(shape, &describe)[0].name,
        "makeConcatWithConstants"
    );
    // The lambda implements Shape itself.
    let site = &call_sites(shape, &ops(shape, "unit"))[0];
    assert_eq!((site.name, site.descriptor), ("area", "()LShape;"));

    // Calling the interface's static method: invokestatic on an InterfaceMethodref.
    let user = &classes["UseShape"];
    let twice = ops(user, "twice");
    let Op::InvokeStatic(unit_index) = twice[0] else {
        panic!("{twice:?}")
    };
    let (unit, is_interface) = user.constant_pool.any_method_ref(unit_index).unwrap();
    assert!(is_interface);
    assert_eq!(
        (unit.class, unit.name, unit.descriptor),
        ("Shape", "unit", "()LShape;")
    );
    assert!(user.constant_pool.method_ref(unit_index).is_err());
    assert_eq!(
        count(&twice, |op| matches!(
            op,
            Op::InvokeInterface { count: 1, .. }
        )),
        2
    );
    assert!(twice.contains(&Op::Convert(NumKind::Int, NumKind::Double)));
}

pub(crate) const OUTER: &str = r#"
public class Outer {
    private int secret = 7;
    class Inner { int peek() { return secret; } }
    static class Nested {}
    Object anon() { return new Object() { public String toString() { return "anon"; } }; }
}
"#;

#[test]
fn nested_classes_and_nestmates() {
    let Some(classes) = load("outer") else { return };
    let outer = &classes["Outer"];
    let mut members = outer.nest_members.clone();
    members.sort();
    assert_eq!(members, ["Outer$1", "Outer$Inner", "Outer$Nested"]);
    let inner = &classes["Outer$Inner"];
    assert_eq!(inner.nest_host.as_deref(), Some("Outer"));
    let entry = inner
        .inner_classes
        .iter()
        .find(|c| c.inner_class == "Outer$Inner")
        .unwrap();
    assert_eq!(
        (entry.outer_class.as_deref(), entry.inner_name.as_deref()),
        (Some("Outer"), Some("Inner"))
    );
    let anon = outer
        .inner_classes
        .iter()
        .find(|c| c.inner_class == "Outer$1")
        .unwrap();
    assert_eq!(
        (anon.outer_class.as_deref(), anon.inner_name.as_deref()),
        (None, None)
    );
    let nested = outer
        .inner_classes
        .iter()
        .find(|c| c.inner_class == "Outer$Nested")
        .unwrap();
    assert!(nested.access.contains(ClassAccess::STATIC));
    // Nestmates read private fields directly (Java 11+), no accessor methods.
    let peek = ops(inner, "peek");
    assert!(peek.iter().any(|op| matches!(op, Op::GetField(i)
        if inner.constant_pool.field_ref(*i).unwrap().name == "secret")));
    assert!(inner
        .field("this$0")
        .unwrap()
        .access
        .contains(FieldAccess::SYNTHETIC));
    assert_eq!(
        outer
            .methods
            .iter()
            .filter(|m| m.name.starts_with("access$"))
            .count(),
        0
    );
}

pub(crate) const STRINGS: &str = "
public class Strings {
    static final String NUL = \"a\\0b\";
    static final String MIXED = \"\u{e9}\u{20ac}\u{1F600}\";
    static final String LONE = \"x\\uD800y\";
}
";

#[test]
fn modified_utf8_from_javac() {
    let Some(classes) = load("strings") else {
        return;
    };
    let class = &classes["Strings"];
    let value = |name: &str| match class.field(name).unwrap().constant_value.clone() {
        Some(ConstantValue::String(s)) => s,
        other => panic!("{other:?}"),
    };
    assert_eq!(value("NUL"), "a\0b");
    assert_eq!(value("MIXED"), "é€😀");
    assert_eq!(value("LONE"), "x\u{FFFD}y");
    let lossy: Vec<&str> = class
        .constant_pool
        .iter()
        .filter_map(|(_, c)| match c {
            Constant::Utf8 { text, lossy: true } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(lossy, ["x\u{FFFD}y"]);
}

/// Every source of this file, for the fuzz test.
pub(crate) fn all_sources() -> Vec<(&'static str, &'static str)> {
    vec![
        ("Fields.java", FIELDS),
        ("Switches.java", SWITCHES),
        ("Color.java", COLOR),
        ("Lambdas.java", LAMBDAS),
        ("Concat.java", CONCAT),
        ("Exceptions.java", EXCEPTIONS),
        ("Sync.java", SYNC),
        ("Grids.java", GRIDS),
        ("Shape.java", SHAPE),
        ("Outer.java", OUTER),
        ("Strings.java", STRINGS),
    ]
}

#[test]
fn every_error_message_is_located() {
    // Damage a real method's code and check the message names all of it.
    let Some(classes) = class_files("located") else {
        return;
    };
    let bytes = &classes["Concat"];
    let class = ClassFile::parse(bytes).unwrap();
    let descriptor = "(Ljava/lang/String;IJC)Ljava/lang/String;";
    let greet = class.method("greet", descriptor).unwrap();
    let indy = class
        .decode_method(greet)
        .unwrap()
        .into_iter()
        .find(|i| matches!(i.op, Op::InvokeDynamic(_)))
        .unwrap()
        .offset as usize;
    let code = &greet.code.as_ref().unwrap().code;
    let at = bytes
        .windows(code.len())
        .position(|w| w == &code[..])
        .unwrap();
    let mut damaged = bytes.clone();
    damaged[at + indy] = 0xFE; // impdep1
    let class = ClassFile::parse(&damaged).unwrap();
    let e = class
        .decode_method(class.method("greet", descriptor).unwrap())
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("class Concat, method greet{descriptor}, bytecode offset {indy}: unknown or reserved opcode 0xFE")
    );
}
