//! Native methods: the internal classes through which bytecode reaches the
//! kernel (console, clock, sleep, snapshots) and the few `java/lang` methods
//! that need the VM's insides.
//!
//! A native runs between two instructions and either finishes at once or
//! asks its thread to wait ([`Outcome::Block`]); a waiting thread re-executes
//! the call when it wakes. So every native call is restartable: if a snapshot
//! is taken while a thread waits in `sleep` and the machine reboots, the
//! thread is still at the call and simply makes it again.

use alloc::string::String;
use alloc::vec::Vec;

use crate::heap::Ref;

/// What a native method did.
pub enum Outcome {
    Value(u64),
    Void,
    /// Throw a new exception of this class with this message.
    Throw(&'static str, String),
    /// Not done: wait, then execute the call again.
    Block(Wait),
}

/// Why a thread waits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wait {
    /// Until the world clock reaches this many nanoseconds.
    Until(u64),
    /// Until the next durable snapshot.
    Snapshot,
    /// Just let others run.
    Yield,
    /// Until thread `t` has ended.
    Join(u32),
}

/// What a native can do to the world.
pub trait Ctx {
    /// The world clock in nanoseconds (never goes back, also across restarts).
    fn now(&mut self) -> u64;
    /// Writes to the calling thread's output (the console or an attached terminal).
    fn print(&mut self, bytes: &[u8]);
    fn string_text(&self, r: Ref) -> String;
    /// A new string object, or `None` when the heap is full.
    fn new_string(&mut self, s: &str) -> Option<Ref>;
    fn string_hash(&self, r: Ref) -> i32;
    fn strings_equal(&self, a: Ref, b: Ref) -> bool;
    fn class_name_of(&self, r: Ref) -> String;
    /// The calling thread's wake-up token: true once, after a wait ended.
    fn woke(&mut self) -> bool;
    fn thread_id(&self) -> u32;
    /// Whether the calling thread runs a program's `main` (it was not
    /// started by `phantom/System.start`).
    fn thread_is_main(&self) -> bool;
    fn thread_done(&self, t: u32) -> bool;
    /// Starts a new thread running `run()V` of `obj`; returns its id.
    fn start_thread(&mut self, obj: Ref) -> Result<u32, &'static str>;
    /// Ends every thread of the calling thread's program (`System.exit`),
    /// the caller included, with `status`.
    fn exit_program(&mut self, status: i32);
    /// Number of durable snapshots so far.
    fn snapshots(&self) -> u64;
    fn monitor_wait(&mut self, obj: Ref, timeout_ns: u64) -> Outcome;
    fn monitor_notify(&mut self, obj: Ref, all: bool) -> Outcome;
    /// The world's persistent root object (null until set).
    fn root(&self) -> Ref;
    fn set_root(&mut self, r: Ref);

    // Strings and arrays, for the Java class library (`natives_java.rs`).

    /// The UTF-16 units of a string or a `char[]`; `None` for anything else.
    fn units(&self, r: Ref) -> Option<Vec<u16>>;
    /// A new string of UTF-16 units, or `None` when the heap is full.
    fn new_string_units(&mut self, units: &[u16]) -> Option<Ref>;
    /// A new `char[]` holding `units`, or `None` when the heap is full.
    fn new_char_array(&mut self, units: &[u16]) -> Option<Ref>;
    /// A shallow copy of an object or array (same class, same fields or
    /// elements, monitor free), or `None` when the heap is full.
    fn clone_object(&mut self, r: Ref) -> Option<Ref>;
    /// A new array of the class of array `proto` with `len` zeroed elements;
    /// `None` when `proto` is not an array or the heap is full.
    fn new_array_like(&mut self, proto: Ref, len: usize) -> Option<Ref>;
    /// `System.arraycopy`: on failure, the exception class and message to throw.
    fn array_copy(&mut self, src: Ref, src_pos: i64, dst: Ref, dst_pos: i64, len: i64) -> Result<(), (&'static str, String)>;
}

pub type Native = fn(&mut dyn Ctx, &[u64]) -> Outcome;

fn string_arg(cx: &mut dyn Ctx, r: u64) -> Result<String, Outcome> {
    if r == 0 {
        return Err(Outcome::Throw("java/lang/NullPointerException", String::new()));
    }
    Ok(cx.string_text(r))
}

fn print_string(cx: &mut dyn Ctx, a: &[u64], newline: bool) -> Outcome {
    let mut s = if a[0] == 0 {
        String::from("null")
    } else {
        cx.string_text(a[0])
    };
    if newline {
        s.push('\n');
    }
    cx.print(s.as_bytes());
    Outcome::Void
}

fn new_string_or_oom(cx: &mut dyn Ctx, s: &str) -> Outcome {
    match cx.new_string(s) {
        Some(r) => Outcome::Value(r),
        None => Outcome::Throw("java/lang/OutOfMemoryError", String::from("string")),
    }
}

fn sleep(cx: &mut dyn Ctx, a: &[u64]) -> Outcome {
    if cx.woke() {
        return Outcome::Void;
    }
    let ms = a[0] as i64;
    if ms < 0 {
        return Outcome::Throw("java/lang/IllegalArgumentException", "negative sleep".into());
    }
    let until = cx.now().saturating_add((ms as u64).saturating_mul(1_000_000));
    Outcome::Block(Wait::Until(until))
}

/// The table of natives: (class, method, descriptor, function).
const NATIVES: &[(&str, &str, &str, Native)] = &[
    ("phantom/Console", "print", "(Ljava/lang/String;)V", |cx, a| print_string(cx, a, false)),
    ("phantom/Console", "println", "(Ljava/lang/String;)V", |cx, a| print_string(cx, a, true)),
    ("phantom/Console", "printInt", "(J)V", |cx, a| {
        cx.print(alloc::format!("{}", a[0] as i64).as_bytes());
        Outcome::Void
    }),
    ("phantom/System", "nanoTime", "()J", |cx, _| Outcome::Value(cx.now())),
    ("phantom/System", "currentTimeMillis", "()J", |cx, _| Outcome::Value(cx.now() / 1_000_000)),
    ("phantom/System", "sleep", "(J)V", sleep),
    ("phantom/System", "yield", "()V", |cx, _| {
        if cx.woke() {
            Outcome::Void
        } else {
            Outcome::Block(Wait::Yield)
        }
    }),
    ("phantom/System", "snapshot", "()V", |cx, _| {
        if cx.woke() {
            Outcome::Void
        } else {
            Outcome::Block(Wait::Snapshot)
        }
    }),
    ("phantom/System", "snapshots", "()J", |cx, _| Outcome::Value(cx.snapshots())),
    ("phantom/System", "threadId", "()I", |cx, _| Outcome::Value(cx.thread_id() as u64)),
    ("phantom/System", "isMain", "()Z", |cx, _| Outcome::Value(cx.thread_is_main() as u64)),
    ("phantom/System", "root", "()Ljava/lang/Object;", |cx, _| Outcome::Value(cx.root())),
    ("phantom/System", "setRoot", "(Ljava/lang/Object;)V", |cx, a| {
        cx.set_root(a[0]);
        Outcome::Void
    }),
    ("phantom/System", "start", "(Ljava/lang/Object;)I", |cx, a| {
        if a[0] == 0 {
            return Outcome::Throw("java/lang/NullPointerException", String::new());
        }
        match cx.start_thread(a[0]) {
            Ok(t) => Outcome::Value(t as u64),
            Err(e) => Outcome::Throw("java/lang/IllegalStateException", e.into()),
        }
    }),
    ("phantom/System", "exit", "(I)V", |cx, a| {
        cx.exit_program(a[0] as i32);
        Outcome::Void
    }),
    ("phantom/System", "join", "(I)V", |cx, a| {
        let t = a[0] as u32;
        if cx.woke() || cx.thread_done(t) {
            Outcome::Void
        } else {
            Outcome::Block(Wait::Join(t))
        }
    }),
    ("java/lang/Object", "hashCode", "()I", |_, a| {
        Outcome::Value(crate::object::identity_hash(a[0]) as i64 as u64)
    }),
    ("java/lang/Object", "getClassName", "()Ljava/lang/String;", |cx, a| {
        let n = cx.class_name_of(a[0]).replace('/', ".");
        new_string_or_oom(cx, &n)
    }),
    ("java/lang/Object", "wait", "(J)V", |cx, a| {
        let ms = a[1] as i64;
        if ms < 0 {
            return Outcome::Throw("java/lang/IllegalArgumentException", "negative timeout".into());
        }
        cx.monitor_wait(a[0], (ms as u64).saturating_mul(1_000_000))
    }),
    ("java/lang/Object", "notify", "()V", |cx, a| cx.monitor_notify(a[0], false)),
    ("java/lang/Object", "notifyAll", "()V", |cx, a| cx.monitor_notify(a[0], true)),
    ("java/lang/String", "hashCode", "()I", |cx, a| Outcome::Value(cx.string_hash(a[0]) as i64 as u64)),
    ("java/lang/String", "equals", "(Ljava/lang/Object;)Z", |cx, a| {
        let eq = a[1] != 0
            && cx.class_name_of(a[1]) == "java/lang/String"
            && cx.strings_equal(a[0], a[1]);
        Outcome::Value(eq as u64)
    }),
    ("java/lang/String", "concat", "(Ljava/lang/String;)Ljava/lang/String;", |cx, a| {
        let mut s = cx.string_text(a[0]);
        match string_arg(cx, a[1]) {
            Ok(t) => s.push_str(&t),
            Err(o) => return o,
        }
        new_string_or_oom(cx, &s)
    }),
    ("java/lang/String", "valueOf", "(J)Ljava/lang/String;", |cx, a| {
        new_string_or_oom(cx, &alloc::format!("{}", a[0] as i64))
    }),
    ("java/lang/String", "valueOfDouble", "(D)Ljava/lang/String;", |cx, a| {
        new_string_or_oom(cx, &alloc::format!("{:?}", f64::from_bits(a[0])))
    }),
];

/// The native implementing `class.name(sig)`, if there is one.
pub fn find(class: &str, name: &str, sig: &str) -> Option<Native> {
    NATIVES
        .iter()
        .chain(crate::natives_java::NATIVES)
        .find(|(c, n, s, _)| *c == class && *n == name && *s == sig)
        .map(|e| e.3)
}
