//! Phantom's Java converter: `javac`'s class files to Phantom modules.
//!
//! Java is the main source language of Phantom's native personality: programs
//! are compiled with the JDK's `javac`, and this crate turns the class files
//! into one Phantom module (register bytecode, `phantom_vm::module`). It is
//! `no_std` + `alloc` and safe Rust; the host-only helpers (running `javac`,
//! building the class library) are in `host` (feature `std`).
//!
//! The first half knows only the JVM: it reads class files and decodes their
//! bytecode, checking everything.
//!
//! - [`ClassFile::parse`] (`classfile.rs`) reads a class file of version 45 to 61
//!   (Java 1.1 to 17): the constant pool ([`ConstantPool`], with typed accessors
//!   that resolve an index to a class name, member reference, literal, ...),
//!   fields, methods and the attributes a converter needs.
//! - [`insn::decode`] (`insn.rs`) turns a method's code into [`Instruction`]s
//!   with branch targets resolved and checked; [`ClassFile::decode_method`] also
//!   checks the instructions' operands against the class.
//! - [`FieldType`] and [`MethodDescriptor`] (`descriptor.rs`) are parsed
//!   descriptors, with the slot counts of their values.
//! - Every problem is an [`Error`] saying what is wrong and where (class, method,
//!   bytecode offset, file offset); malformed input never panics, and lengths in
//!   the input are checked against the input before anything is allocated for
//!   them (a fuzz test holds the crate to this).
//!
//! The second half, [`convert()`] (`convert/`), produces the module:
//!
//! - Registers: JVM local `i` is register `i` (a long or double uses the
//!   first of its two slots); the operand stack is counted in values, so the
//!   value at depth `d` is register `max_locals + d` and call arguments are
//!   consecutive registers. A pass over the code (branches, switches and
//!   exception handlers, where the stack is the exception alone) gives the
//!   stack's types at every instruction; then each instruction becomes one
//!   or a few Phantom instructions. Arguments arrive compacted (one register
//!   each) and are moved to their JVM slots first.
//! - Everything `javac` emits: int/long/float/double arithmetic and
//!   conversions with Java's semantics (the VM's `I*` ops wrap and re-extend,
//!   division by zero throws), comparisons and branches, `tableswitch` and
//!   `lookupswitch` (also `switch` on strings, enums and switch expressions),
//!   fields (static fields are the persistent roots; `ConstantValue`s are
//!   stored by `<clinit>`), all array kinds including `multianewarray`, the
//!   four `invoke`s, `checkcast`/`instanceof`, `athrow` and exception
//!   tables (try/catch/finally, try-with-resources), `monitorenter`/`exit`,
//!   `synchronized` methods, `ldc` of int/float/long/double/String/Class,
//!   and `invokedynamic` for string concatenation (`String.valueOf` and
//!   `concat` calls), lambdas and method references (a class per call site
//!   capturing the arguments in fields, with boxing/unboxing/widening
//!   adapters, `altMetafactory` markers and bridges) and records'
//!   `toString`/`equals`/`hashCode` (`ObjectMethods`).
//! - The boot module's classes (`java/lang/Object`, `String`, `Throwable`,
//!   the exceptions) cannot be redefined: members they lack are mapped to
//!   static helpers of the class library (`s.indexOf(c)` becomes
//!   `phantom/lang/StringMethods.indexOf(s, c)`, `new String(chars)` becomes
//!   `StringMethods.newString(chars)`, `o.getClass()` and array `clone()`
//!   go to `phantom/lang/ObjectMethods`, `e.printStackTrace()` to
//!   `ThrowableMethods`; see [`convert::HELPERS`]). `static synchronized`
//!   methods lock their class's `Class` object in their own code.
//! - Every class, field and method the module refers to must exist in the
//!   module or the environment ([`Env`]: the boot module and the class
//!   library); anything else, and every construct the converter does not
//!   handle, is a [`ConvertError`] naming the class, the method and the
//!   bytecode offset. The output is run through the VM's verifier, so a
//!   class file whose code is not type-correct is reported, not loaded.
//!
//! # The class library (`lib/`)
//!
//! Java sources compiled by the host's `javac` as a patch of `java.base`
//! (`--patch-module java.base=lib`, so they replace the JDK's classes for
//! that compilation) and converted by this crate with
//! [`Options::skip_defined`] (the declarations of the boot module's classes
//! in `lib/phantom/*.java` are for `javac` only): `host::build_library`.
//! Programs are compiled against the real JDK and run over it, so the
//! library keeps the JDK's signatures. The module is loaded into a world
//! after the boot module. Natives it needs (number formatting and parsing,
//! string searching, `System.arraycopy`, `Math`) are in the VM's
//! `natives_java.rs`.
//!
//! - `java.lang`: StringBuilder, StringBuffer, Integer, Long, Short, Byte,
//!   Double, Float, Boolean, Character, Number, Math, StrictMath (part),
//!   System (out/err print/println/printf/format, currentTimeMillis,
//!   nanoTime, arraycopy, identityHashCode, getProperty, exit), Runtime,
//!   Thread (start, join, sleep, currentThread, names, uncaught-exception
//!   handlers; interrupt only sets the flag), ThreadLocal, Runnable,
//!   Iterable, Comparable and CharSequence (in the boot module, with String
//!   implementing them), Cloneable, AutoCloseable, Enum (valueOf by name),
//!   Record, Class (names, enum constants; no reflection), the exceptions
//!   beyond the boot module's (NumberFormatException,
//!   StringIndexOutOfBoundsException, AssertionError, ...), and all of
//!   String's methods through `phantom/lang/StringMethods` (split,
//!   replaceAll and matches with the library's regex engine, format,
//!   chars, lines, indent, stripIndent, translateEscapes).
//! - `java.util`: ArrayList, LinkedList, Vector, Stack, HashMap (the JDK's
//!   layout, so the same iteration order), LinkedHashMap, HashSet,
//!   LinkedHashSet, TreeMap, TreeSet, ArrayDeque, PriorityQueue (the JDK's
//!   heap, same order), EnumMap, EnumSet, BitSet, the collection interfaces
//!   and abstract classes, List/Set/Map.of, Arrays, Collections (with
//!   synchronized views), Comparator, Iterator, PrimitiveIterator, Objects,
//!   Optional and OptionalInt/Long/Double, the summary statistics, Random
//!   (the JDK's generator and bounded/stream algorithms), Scanner (strings
//!   and streams), StringJoiner, Locale (ignored).
//! - `java.util.stream`: Stream, IntStream, LongStream, DoubleStream and
//!   Collectors, as sequential pipelines pulled element by element
//!   (`parallel()` only sets a flag; `count()` of a sized stream does not
//!   run the pipeline, as the JDK's does not; sums of doubles are
//!   compensated as the JDK's).
//! - `java.util.regex`: Pattern, Matcher, MatchResult over
//!   `phantom/lang/Regex` (groups, named groups, lookaround, flags i/m/s;
//!   no back-references).
//! - `java.util.concurrent`: atomics (AtomicInteger/Long/Boolean/Reference,
//!   arrays, LongAdder), locks (ReentrantLock with conditions,
//!   ReentrantReadWriteLock), ConcurrentHashMap (the JDK's table growth, so
//!   the same iteration order), CopyOnWriteArrayList/Set,
//!   ConcurrentLinkedQueue, the blocking queues, CountDownLatch,
//!   CyclicBarrier, Semaphore, TimeUnit, executors (ThreadPoolExecutor,
//!   Executors, FutureTask) and CompletableFuture, on the library's
//!   threads and monitors.
//! - `java.util.function`: the functional interfaces.
//! - `java.math`: BigInteger, BigDecimal, MathContext, RoundingMode.
//! - `java.io`: PrintStream, PrintWriter, StringWriter, StringReader,
//!   BufferedReader/Writer, InputStreamReader, OutputStreamWriter, byte
//!   array streams, InputStream (standard input gives end of file),
//!   Serializable, Closeable, IOException; `java.nio.charset`: Charset and
//!   StandardCharsets (UTF-8, ISO-8859-1, US-ASCII).
//!
//! # Not supported yet
//!
//! Standard input, files and sockets, `java.time`, reflection,
//! `MethodHandle`s and `ldc` of method types/handles, dynamic constants,
//! `invokedynamic` with other bootstrap methods (e.g. Java 21 pattern
//! switches), Java serialisation, stack traces (`getStackTrace` is empty),
//! `String.CASE_INSENSITIVE_ORDER` and other static fields of boot
//! classes, members of CharSequence beyond the boot module's (`chars()` on
//! a CharSequence-typed value), `Object.clone()` of instances (arrays and
//! `Cloneable` objects are copied), typed arrays from
//! `Class.getEnumConstants()` (it gives an `Object[]`), identity hash codes
//! equal to the JDK's (so hash-ordered sets of objects without `hashCode`
//! iterate in another order), date formats, and class files newer than
//! Java 17. System.err goes to the same console as System.out.
//!
//! # Usage
//!
//! ```no_run
//! # fn main() -> Result<(), phantom_jvm::Error> {
//! # let bytes: &[u8] = &[];
//! use phantom_jvm::{ClassFile, Op};
//!
//! let class = ClassFile::parse(bytes)?;
//! for method in class.methods.iter().filter(|m| m.code.is_some()) {
//!     for insn in class.decode_method(method)? {
//!         if let Op::InvokeVirtual(index) = insn.op {
//!             let callee = class.constant_pool.method_ref(index)?;
//!             // ... emit a Phantom call to callee.class, callee.name ...
//!         }
//!     }
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # Not supported by the decoder
//!
//! Class files newer than Java 17 (major version 61) or using preview features;
//! the subroutine instructions `jsr`/`ret` (decoded, but [`Op::is_supported`]
//! says no, and [`ClassFile::decode_method`] rejects them from version 51 on,
//! as the JVM does; `javac` has not emitted them since Java 6). Generic signatures,
//! annotations, stack maps and other attributes are kept raw.
//!
//! # Testing
//!
//! Unit tests build class files byte by byte (`test_class.rs`, a tiny
//! assembler); `javac_tests.rs` compiles Java sources with the host's `javac`
//! at test time (fields and constants, switches, enums, lambdas, string
//! concatenation, exceptions, `synchronized`, arrays, interfaces, nested
//! classes, Unicode strings) and checks what the converter will rely on;
//! `fuzz_tests.rs` mutates those class files thousands of times and requires
//! that nothing panics, that whatever decodes also resolves, and that
//! whatever converts also verifies. `java_tests.rs` runs Java programs
//! (`tests/java/*/Main.java`: arithmetic, strings, objects, exceptions,
//! arrays, switches, collections, lambdas and records, threads, streams,
//! text and formatting, java.util.concurrent, utilities, big numbers,
//! regular expressions, java.io) compiled by
//! `javac`, on the host's `java` and in a hosted Phantom world over the class
//! library, and requires the same output byte for byte; without `javac` or
//! `java` they print a skip line.
#![no_std]
#![deny(unsafe_code)]

extern crate alloc;
#[cfg(any(test, feature = "std"))]
extern crate std;

mod classfile;
pub mod convert;
#[cfg(any(test, feature = "std"))]
pub mod host;
mod constant_pool;
mod descriptor;
mod error;
pub mod insn;
mod mutf8;
mod reader;

#[cfg(test)]
mod fuzz_tests;
#[cfg(test)]
mod javac_tests;
#[cfg(test)]
mod java_tests;
#[cfg(test)]
mod test_class;

pub use classfile::{
    BootstrapCall, BootstrapMethod, ClassAccess, ClassFile, Code, ConstantValue, ExceptionHandler,
    FieldAccess, FieldInfo, InnerClass, LineNumber, MethodAccess, MethodInfo, RawAttribute, MAGIC,
    MAX_MAJOR_VERSION, MIN_MAJOR_VERSION,
};
pub use constant_pool::{
    Constant, ConstantPool, DynamicRef, Loadable, MemberRef, MethodHandleRef, NameAndType,
    ReferenceKind,
};
pub use descriptor::{
    BaseType, FieldType, MethodDescriptor, MAX_ARRAY_DIMENSIONS, MAX_PARAMETER_SLOTS,
};
pub use error::{Error, ErrorKind, Result};
pub use insn::{Instruction, Op};
pub use convert::{convert, ConvertError, Env, Options};
