//! The world: heap, loaded code and threads, and the interpreter that runs them.
//!
//! Everything that must survive a restart is in the heap, reachable from the
//! *world object* (a reference array named by the superblock):
//!
//! | slot | holds                                                          |
//! |------|----------------------------------------------------------------|
//! | 0    | the loaded modules' bytes (`byte[]` each), in load order       |
//! | 1    | the statics objects, one per class with static state           |
//! | 2    | per module, the array of its interned string constants         |
//! | 3    | the thread records (`long[]` each, null for ended threads)     |
//! | 4    | the programs' persistent root object                           |
//! | 5    | the preallocated `OutOfMemoryError`                            |
//! | 6    | how many modules, from the first, are system modules           |
//!
//! Threads are multiplexed on the caller's kernel thread: [`World::run`]
//! runs one thread for a slice (a budget of safepoints), then returns, so the
//! caller can take a snapshot, collect garbage or sleep until a timer. Every
//! thread is always at an instruction boundary between slices; a thread's
//! frames are (method id, pc, base) and its registers, which a snapshot
//! writes into its record and a restart reads back.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use crate::gc::Gc;
use crate::heap::{self, Heap, Memory, Ref};
use crate::insn::{BinOp, CmpOp, Elem, Insn, Kind, UnOp, NO_REG};
use crate::module::{flags, Module};
use crate::natives::{Ctx, Outcome, Wait};
use crate::object::{self, INIT_DONE, INIT_FAILED, INIT_RUNNING};
use crate::program::{ClassId, LinkError, MethodId, Program, Shape};

mod interp;
mod native_cx;
mod snapshot;

use native_cx::NativeCx;

pub const W_MODULES: usize = 0;
pub const W_STATICS: usize = 1;
pub const W_STRINGS: usize = 2;
pub const W_THREADS: usize = 3;
pub const W_ROOT: usize = 4;
pub const W_OOM: usize = 5;
/// How many of the modules (the first ones) are system modules.
pub const W_SYSTEM: usize = 6;
const W_SLOTS: usize = 8;

/// Superblock word: the world clock (ns) at the last snapshot.
pub const SB_CLOCK: usize = 73;

/// Most registers a thread's stack may hold.
pub const MAX_STACK: usize = 1 << 20;
/// Deepest call chain.
pub const MAX_FRAMES: usize = 8192;

/// What the world needs from its host (kernel or test).
/// Words a thread may allocate before its slice ends for a collection step.
pub const GC_SLICE_WORDS: usize = 128;
/// The most work one collection step does (words).
const GC_STEP_MAX: usize = 1024;

pub trait Host {
    /// A monotonic clock in nanoseconds.
    fn now_ns(&mut self) -> u64;
    /// Output of a thread: `channel` 0 is the console.
    fn print(&mut self, channel: u32, bytes: &[u8]);
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Frame {
    pub method: MethodId,
    pub pc: u32,
    pub base: u32,
    /// The monitor a `synchronized` method holds (released when it returns).
    pub lock: Ref,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Runnable,
    /// Waiting in a native call, which is executed again on wake-up.
    Blocked(Wait),
    /// Waiting to own a monitor (the `MonEnter` is executed again).
    Monitor(Ref),
    /// In `Object.wait`: released `count` entries of `obj`'s monitor.
    ObjWait { obj: Ref, count: u32, until: Option<u64> },
    /// Notified (or timed out): takes `obj` back with `count` entries, then
    /// returns from `wait`.
    Reacquire { obj: Ref, count: u32 },
    Done(i32),
}

pub struct Thread {
    pub id: u32,
    pub regs: Vec<u64>,
    pub frames: Vec<Frame>,
    pub state: State,
    /// Set when a wait ends; the re-executed native sees it once.
    pub woke: bool,
    /// Exception travelling to a `Catch`.
    pub pending: Ref,
    /// The object whose `run()V` the thread runs (a root).
    pub obj: Ref,
    /// Where output goes (0: console).
    pub channel: u32,
    /// The program the thread belongs to: the id of the main thread that
    /// `spawn_main` made; started threads inherit it. `System.exit` ends
    /// every thread of the group.
    pub group: u32,
    /// The uncaught exception that ended the thread, as text.
    pub uncaught: Option<String>,
    /// The state last written to the thread's record, if the record still
    /// matches the thread (it has not run since): a snapshot need not save it
    /// again.
    saved: Option<State>,
}

/// Counters for `phantom stat`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Counters {
    /// Safepoints passed (calls, backward branches, allocations).
    pub safepoints: u64,
    pub slices: u64,
    pub gc_cycles: u64,
}

/// Why [`World::run`] returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Run {
    /// A thread ran for a slice.
    Ran,
    /// Nothing can run before this clock time (or ever, if `None`).
    Idle(Option<u64>),
}

pub enum Error {
    Link(LinkError),
    Decode(crate::module::Error),
    HeapFull,
    Corrupt(&'static str),
}

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Error::Link(e) => write!(f, "{e}"),
            Error::Decode(e) => write!(f, "{e}"),
            Error::HeapFull => f.write_str("the heap is full"),
            Error::Corrupt(what) => write!(f, "the stored world is damaged: {what}"),
        }
    }
}

impl core::fmt::Debug for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        core::fmt::Display::fmt(self, f)
    }
}

pub struct World<M: Memory> {
    pub heap: Heap<M>,
    pub prog: Program,
    pub threads: Vec<Thread>,
    pub gc: Gc,
    pub counters: Counters,
    /// Statics object of each class with statics (by `Class::defined_by`).
    statics: Vec<Ref>,
    world: Ref,
    cursor: usize,
    /// Inline caches of `CallVirt` sites: (method, pc) -> (receiver class, target).
    /// Two entries per site: a call site that sees two receiver classes in
    /// turn (a list of two kinds of shapes) stays cached.
    ic: Vec<Box<[[(ClassId, MethodId); 2]]>>,
    /// World clock: host clock minus this.
    clock_base: i64,
    /// Words allocated since the last collection step.
    gc_debt: usize,
    /// The latest world clock reading handed out: the clock a snapshot
    /// records (no reading in the pause; a restart continues from it, so the
    /// clock never goes back).
    last_now: core::cell::Cell<u64>,
    /// Durable snapshots so far (set by the snapshot engine).
    pub snapshots: u64,
    /// Threads waiting for the next durable snapshot.
    pub snapshot_waiters: bool,
    /// FNV-1a of each loaded module's bytes.
    module_hashes: Vec<u64>,
    /// Classes known to be initialised, superclasses included.
    ready: Vec<bool>,
    /// Where exceptions being thrown came from.
    traces: alloc::collections::BTreeMap<Ref, String>,
    /// Snapshots frozen since this world came up.
    pub freezes: u64,
    /// Threads in `System.snapshot()`: the freeze number they wait for.
    snapshot_need: alloc::collections::BTreeMap<u32, u64>,
    /// Threads made by [`World::spawn_call`] whose result is wanted.
    capture: alloc::collections::BTreeSet<u32>,
    /// Their results once they returned: the value and the first character
    /// of the method's return type (`V`, `I`, `L`, ...). Not persistent: a
    /// caller waiting for one is gone after a restart.
    pub results: alloc::collections::BTreeMap<u32, (u64, u8)>,
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3))
}

/// The boot module: `java/lang/Object`, `String`, the exceptions the VM
/// throws itself, and the internal classes of the natives.
pub const BOOT: &str = include_str!("../boot.phs");

fn err_heap<T>(o: Option<T>) -> Result<T, Error> {
    o.ok_or(Error::HeapFull)
}

impl<M: Memory> World<M> {
    /// A new, empty world on zeroed memory, with the boot module loaded.
    pub fn create(mem: M, host: &mut dyn Host) -> Result<World<M>, Error> {
        let heap = Heap::format(mem);
        let mut w = World::empty(heap, host);
        let boot = crate::asm::assemble(BOOT).map_err(|e| {
            Error::Link(LinkError(format!("boot module: {e}")))
        })?;
        // The world object needs the array class, which the boot module defines:
        // link first with a temporary world, then build the world object.
        w.load(&boot, true)?;
        w.set_world_slot(W_SYSTEM, 1);
        Ok(w)
    }

    fn empty(heap: Heap<M>, host: &mut dyn Host) -> World<M> {
        let now = host.now_ns() as i64;
        // The mark bitmap is made now, not in the first collection step.
        let mut gc = Gc::new();
        gc.prepare(&heap);
        World {
            heap,
            prog: Program::new(),
            threads: Vec::new(),
            gc,
            counters: Counters::default(),
            statics: Vec::new(),
            world: 0,
            cursor: 0,
            ic: Vec::new(),
            clock_base: now,
            gc_debt: 0,
            last_now: core::cell::Cell::new(0),
            snapshots: 0,
            snapshot_waiters: false,
            module_hashes: Vec::new(),
            ready: Vec::new(),
            traces: alloc::collections::BTreeMap::new(),
            freezes: 0,
            snapshot_need: alloc::collections::BTreeMap::new(),
            capture: alloc::collections::BTreeSet::new(),
            results: alloc::collections::BTreeMap::new(),
        }
    }

    /// The world clock in nanoseconds: continues across restarts.
    pub fn now(&self, host: &mut dyn Host) -> u64 {
        let now = ((host.now_ns() as i64 - self.clock_base).max(0) as u64).max(self.last_now.get());
        self.last_now.set(now);
        now
    }

    fn world_slot(&self, slot: usize) -> Ref {
        self.heap.get(self.world as usize + object::DATA + slot)
    }

    fn set_world_slot(&mut self, slot: usize, v: Ref) {
        self.heap.set(self.world as usize + object::DATA + slot, v);
    }

    /// Appends `v` to the growable reference array in world slot `slot`
    /// (element 0 of the array is the count).
    fn push_world(&mut self, slot: usize, v: Ref) -> Result<usize, Error> {
        let arr = self.world_slot(slot);
        let oa = self.prog.wk.object_array;
        let (arr, n) = if arr == 0 {
            let a = err_heap(object::new_array(&mut self.heap, oa, Elem::Ref, 8))?;
            self.set_world_slot(slot, a);
            (a, 0)
        } else {
            (arr, self.heap.get(arr as usize + object::DATA) as usize)
        };
        let cap = object::len(&self.heap, arr);
        let arr = if n + 1 >= cap {
            let bigger = err_heap(object::new_array(&mut self.heap, oa, Elem::Ref, cap * 2))?;
            for i in 0..cap {
                let x = self.heap.get(arr as usize + object::DATA + i);
                self.heap.set(bigger as usize + object::DATA + i, x);
            }
            self.set_world_slot(slot, bigger);
            bigger
        } else {
            arr
        };
        self.heap.set(arr as usize + object::DATA + 1 + n, v);
        self.heap.set(arr as usize + object::DATA, (n + 1) as u64);
        Ok(n)
    }

    fn world_list(&self, slot: usize) -> Vec<Ref> {
        let arr = self.world_slot(slot);
        if arr == 0 {
            return Vec::new();
        }
        let n = self.heap.get(arr as usize + object::DATA) as usize;
        (0..n)
            .map(|i| self.heap.get(arr as usize + object::DATA + 1 + i))
            .collect()
    }

    /// Loads `m`, or finds it already loaded (the same bytes): running a
    /// program twice, or again after a restart, reuses its classes and their
    /// statics.
    pub fn load_or_reuse(&mut self, m: &Module) -> Result<u32, Error> {
        let bytes = m.encode();
        let hash = fnv(&bytes);
        if let Some(i) = self.module_hashes.iter().position(|&h| h == hash) {
            return Ok(i as u32);
        }
        self.load_module(m)
    }

    /// Loads a program's module: verifies, links, and keeps its bytes in the
    /// heap so that it is loaded again after a restart. Its classes are its
    /// own: another program may have classes of the same names.
    pub fn load_module(&mut self, m: &Module) -> Result<u32, Error> {
        self.load(m, false)
    }

    /// Loads a system module (the class library): its classes are seen by
    /// every module loaded after it. System modules come before programs.
    pub fn load_library(&mut self, m: &Module) -> Result<u32, Error> {
        let system = self.world_slot(W_SYSTEM) as usize;
        if system != self.prog.modules.len() {
            return Err(Error::Link(LinkError(
                "a library must be loaded before any program".into(),
            )));
        }
        let i = self.load(m, true)?;
        self.set_world_slot(W_SYSTEM, (i + 1) as u64);
        Ok(i)
    }

    fn load(&mut self, m: &Module, system: bool) -> Result<u32, Error> {
        self.link(m, None, system)?;
        let bytes = m.encode();
        self.module_hashes.push(fnv(&bytes));
        let b_class = self.prog.resolve_class("[B").map_err(Error::Link)?;
        let arr = err_heap(object::new_array(&mut self.heap, b_class, Elem::I8, bytes.len()))?;
        for (i, chunk) in bytes.chunks(8).enumerate() {
            let mut w = [0u8; 8];
            w[..chunk.len()].copy_from_slice(chunk);
            self.heap.set(arr as usize + object::DATA + i, u64::from_le_bytes(w));
        }
        self.push_world(W_MODULES, arr)?;
        Ok(self.prog.modules.len() as u32 - 1)
    }

    /// Links `m`; `restoring` gives the interned strings of a module being
    /// reloaded after a restart.
    fn link(&mut self, m: &Module, restoring: Option<Ref>, system: bool) -> Result<(), Error> {
        let string_class = self.prog.by_name.get(crate::program::STRING).copied();
        let heap = &mut self.heap;
        let mut index = 0usize;
        let mut made: Vec<Ref> = Vec::new();
        let mut intern = |p: &mut Program, s: &str| -> Result<Ref, LinkError> {
            let i = index;
            index += 1;
            if let Some(arr) = restoring {
                if i < object::len(heap, arr) {
                    return Ok(heap.get(arr as usize + object::DATA + i));
                }
                return Err(LinkError("stored string constants do not match".into()));
            }
            let class = string_class.or_else(|| p.by_name.get(crate::program::STRING).copied());
            let class = class.ok_or_else(|| LinkError("java/lang/String is not loaded".into()))?;
            let r = object::new_string(heap, class, s)
                .ok_or_else(|| LinkError("heap full while loading a module".into()))?;
            made.push(r);
            Ok(r)
        };
        let methods_before = self.prog.methods.len();
        let with_statics_before = self.prog.with_statics.len();
        self.prog.link(m, system, &mut intern).map_err(Error::Link)?;
        for mid in methods_before..self.prog.methods.len() {
            let n = self.prog.methods[mid].code.len();
            self.ic.push(vec![[(0, 0); 2]; n].into_boxed_slice());
        }
        if self.world == 0 {
            // First module (boot): now the world object can exist.
            let oa = self.prog.wk.object_array;
            self.world = err_heap(object::new_array(&mut self.heap, oa, Elem::Ref, W_SLOTS))?;
            self.heap.set(heap::SB_WORLD, self.world);
        }
        if restoring.is_none() {
            let oa = self.prog.wk.object_array;
            let arr = err_heap(object::new_array(&mut self.heap, oa, Elem::Ref, made.len()))?;
            for (i, &r) in made.iter().enumerate() {
                self.heap.set(arr as usize + object::DATA + i, r);
            }
            self.push_world(W_STRINGS, arr)?;
            for k in with_statics_before..self.prog.with_statics.len() {
                let cid = self.prog.with_statics[k];
                let n = self.prog.class(cid).nstatics as usize;
                let s = err_heap(object::new_statics(&mut self.heap, cid, n))?;
                self.push_world(W_STATICS, s)?;
                self.statics.push(s);
            }
            if self.world_slot(W_OOM) == 0 {
                if let Some(&c) = self.prog.by_name.get("java/lang/OutOfMemoryError") {
                    let size = object::FIELDS + self.prog.class(c).nfields as usize;
                    let e = err_heap(self.heap.alloc(c, size))?;
                    self.set_world_slot(W_OOM, e);
                }
            }
        }
        Ok(())
    }

    /// Re-attaches a world to a heap image restored from a snapshot: reloads
    /// the modules from the heap (same order, so the same ids) and the
    /// threads from their records.
    pub fn restore(heap: Heap<M>, host: &mut dyn Host) -> Result<World<M>, Error> {
        heap.valid().map_err(Error::Corrupt)?;
        let mut w = World::empty(heap, host);
        let world = w.heap.get(heap::SB_WORLD);
        if world == 0 || world as usize >= w.heap.bump() {
            return Err(Error::Corrupt("no world object"));
        }
        w.world = world;
        let saved_clock = w.heap.get(SB_CLOCK) as i64;
        w.clock_base -= saved_clock;
        w.last_now.set(saved_clock as u64);
        let modules = w.world_list(W_MODULES);
        let strings = w.world_list(W_STRINGS);
        if strings.len() != modules.len() {
            return Err(Error::Corrupt("module tables disagree"));
        }
        for (i, &mb) in modules.iter().enumerate() {
            let n = object::len(&w.heap, mb);
            let mut bytes = Vec::with_capacity(n);
            for k in 0..n {
                bytes.push(object::load(&w.heap, mb, Elem::I8, k) as u8);
            }
            let m = Module::decode(&bytes).map_err(Error::Decode)?;
            let system = i < w.heap.get(w.world as usize + object::DATA + W_SYSTEM) as usize;
            w.link(&m, Some(strings[i]), system)?;
            w.module_hashes.push(fnv(&bytes));
        }
        w.statics = w.world_list(W_STATICS);
        if w.statics.len() != w.prog.with_statics.len() {
            return Err(Error::Corrupt("statics table does not match the classes"));
        }
        // Threads.
        let records = w.world_list(W_THREADS);
        for (id, &rec) in records.iter().enumerate() {
            let t = if rec == 0 {
                Thread::ended(id as u32)
            } else {
                w.decode_thread(id as u32, rec)?
            };
            if t.state == State::Blocked(Wait::Snapshot) {
                w.snapshot_need.insert(id as u32, 1);
                w.snapshot_waiters = true;
            }
            w.threads.push(t);
        }
        Ok(w)
    }

    // ------------------------------------------------------------- threads

    /// Starts a thread at static method `Class.name(sig)` with string
    /// arguments (for `main([Ljava/lang/String;)V`) or none (`()V`).
    pub fn spawn_main(
        &mut self,
        class: &str,
        args: &[&str],
        channel: u32,
    ) -> Result<u32, String> {
        let cid = self.find_class(class).ok_or_else(|| format!("class {class} not found"))?;
        self.spawn_main_of(cid, args, channel)
    }

    /// [`World::spawn_main`] for the class as module `module` sees it.
    pub fn spawn_main_in(&mut self, module: u32, class: &str, args: &[&str], channel: u32) -> Result<u32, String> {
        let cid = self
            .prog
            .class_in(module, class)
            .ok_or_else(|| format!("class {class} not found"))?;
        self.spawn_main_of(cid, args, channel)
    }

    /// Calls method `method` of an object of the world, in a new thread
    /// (the bridge's `phantom call`). `target` is `root` (the world's
    /// persistent root) or `Class.field` (a static reference field); the
    /// method is the first of that name on the object's class whose
    /// parameters are as many as `args` and each a `String`, `int`, `long`,
    /// `boolean` or `double` (the text is converted). Its result is kept in
    /// [`World::results`] when the thread returns.
    pub fn spawn_call(&mut self, target: &str, method: &str, args: &[&str], channel: u32) -> Result<u32, String> {
        let obj = if target == "root" {
            self.world_slot(W_ROOT)
        } else {
            let (class, field) = target
                .rsplit_once('.')
                .ok_or_else(|| format!("target {target}: want `root` or `Class.field`"))?;
            let class = class.replace('.', "/");
            let c = self.find_class(&class).ok_or_else(|| format!("class {class} not found"))?;
            match self.prog.class(c).statics.get(field) {
                Some(&(_, Kind::Ref)) => self.static_value(&class, field).unwrap_or(0),
                Some(_) => return Err(format!("{target} is not a reference")),
                None => return Err(format!("{class} has no static field {field}")),
            }
        };
        if obj == 0 {
            return Err(format!("{target} is null"));
        }
        let c = object::class_of(&self.heap, obj);
        let cname = self.prog.class(c).name.replace('/', ".");
        let params_of = |sig: &str| -> Option<Vec<u8>> {
            let inner = sig.strip_prefix('(')?.split(')').next()?;
            let mut out = Vec::new();
            let mut rest = inner;
            while !rest.is_empty() {
                if let Some(r) = rest.strip_prefix("Ljava/lang/String;") {
                    out.push(b'S');
                    rest = r;
                } else {
                    let k = rest.as_bytes()[0];
                    if !matches!(k, b'I' | b'J' | b'Z' | b'D') {
                        return None;
                    }
                    out.push(k);
                    rest = &rest[1..];
                }
            }
            Some(out)
        };
        let mut found = None;
        for m in &self.prog.methods {
            if m.name != method || m.is_static() {
                continue;
            }
            let Some(params) = params_of(&m.sig) else { continue };
            if params.len() != args.len() {
                continue;
            }
            let Some(sel) = self.prog.find_selector(&m.name, &m.sig) else { continue };
            if let Some(&imp) = self.prog.class(c).vtable.get(&sel) {
                found = Some((imp, params));
                break;
            }
        }
        let (mid, params) = found.ok_or_else(|| {
            format!("{cname} has no method {method} taking {} String/int/long/boolean/double arguments", args.len())
        })?;
        let nregs = self.prog.methods[mid as usize].nregs.max(1) as usize;
        let mut regs = vec![0u64; nregs.max(args.len() + 1)];
        regs[0] = obj;
        for (i, (a, k)) in args.iter().zip(&params).enumerate() {
            let kind = match k {
                b'S' => "String",
                b'I' => "int",
                b'J' => "long",
                b'Z' => "boolean",
                _ => "double",
            };
            let bad = || format!("argument {} ({a}) is not a valid {kind}", i + 1);
            regs[i + 1] = match k {
                b'S' => {
                    let sc = self.prog.wk.string;
                    self.alloc_marked(|h| object::new_string(h, sc, a)).ok_or("heap full")?
                }
                b'I' => a.parse::<i32>().map_err(|_| bad())? as i64 as u64,
                b'J' => a.parse::<i64>().map_err(|_| bad())? as u64,
                b'Z' => match *a {
                    "true" => 1,
                    "false" => 0,
                    _ => return Err(bad()),
                },
                _ => a.parse::<f64>().map_err(|_| bad())?.to_bits(),
            };
        }
        let t = self.new_thread(mid, regs, 0, channel, None).map_err(|e| format!("{e}"))?;
        self.capture.insert(t);
        Ok(t)
    }

    /// A class by name: the newest module defining it, else the system's.
    pub fn find_class(&self, class: &str) -> Option<ClassId> {
        self.prog
            .scopes
            .iter()
            .rev()
            .find_map(|s| s.get(class))
            .or_else(|| self.prog.by_name.get(class))
            .copied()
    }

    fn spawn_main_of(&mut self, cid: ClassId, args: &[&str], channel: u32) -> Result<u32, String> {
        let class = self.prog.class(cid).name.clone();
        let (mid, with_args) = if let Some(m) =
            self.prog.find_method(cid, "main", "([Ljava/lang/String;)V")
        {
            (m, true)
        } else if let Some(m) = self.prog.find_method(cid, "main", "()V") {
            (m, false)
        } else {
            return Err(format!("{class} has no static main([Ljava/lang/String;)V"));
        };
        if !self.prog.methods[mid as usize].is_static() {
            return Err(format!("{class}.main is not static"));
        }
        let mut regs = vec![0u64; self.prog.methods[mid as usize].nregs as usize];
        if with_args {
            let sa = self
                .prog
                .resolve_class("[Ljava/lang/String;")
                .map_err(|e| format!("{e}"))?;
            let arr = self.alloc_marked(|h| object::new_array(h, sa, Elem::Ref, args.len())).ok_or("heap full")?;
            regs[0] = arr;
            let sc = self.prog.wk.string;
            for (i, a) in args.iter().enumerate() {
                let s = self.alloc_marked(|h| object::new_string(h, sc, a)).ok_or("heap full")?;
                self.heap.set(arr as usize + object::DATA + i, s);
            }
        }
        self.new_thread(mid, regs, 0, channel, None).map_err(|e| format!("{e}"))
    }

    /// A new thread running `mid`; in `group`, or a group of its own.
    fn new_thread(&mut self, mid: MethodId, regs: Vec<u64>, obj: Ref, channel: u32, group: Option<u32>) -> Result<u32, Error> {
        let id = self.threads.len() as u32;
        let n = self.push_world(W_THREADS, 0)?;
        debug_assert_eq!(n, id as usize);
        self.threads.push(Thread {
            id,
            regs,
            frames: vec![Frame {
                method: mid,
                pc: 0,
                base: 0,
                lock: 0,
            }],
            state: State::Runnable,
            woke: false,
            pending: 0,
            obj,
            channel,
            group: group.unwrap_or(id),
            uncaught: None,
            saved: None,
        });
        Ok(id)
    }

    /// The value of static field `class.name`, if the class has it.
    pub fn static_value(&self, class: &str, name: &str) -> Option<u64> {
        let c = self.find_class(class)?;
        let &(off, _) = self.prog.class(c).statics.get(name)?;
        let s = self.statics_of(c);
        Some(self.heap.get(s as usize + off as usize))
    }

    /// Whether some thread is ready to run (a snapshot or a notify may have
    /// woken one since [`World::run`] last found nothing to do).
    pub fn has_runnable(&self) -> bool {
        self.threads
            .iter()
            .any(|t| matches!(t.state, State::Runnable | State::Blocked(Wait::Yield) | State::Reacquire { .. }))
    }

    /// Threads that have not ended.
    pub fn live_threads(&self) -> usize {
        self.threads.iter().filter(|t| !matches!(t.state, State::Done(_))).count()
    }

    /// Runs one runnable thread for up to `budget` safepoints.
    pub fn run(&mut self, host: &mut dyn Host, budget: u32) -> Run {
        let now = self.now(host);
        let n = self.threads.len();
        let mut earliest: Option<u64> = None;
        for k in 0..n {
            let t = (self.cursor + k) % n;
            if self.wake(t, now, &mut earliest) {
                self.cursor = (t + 1) % n.max(1);
                self.counters.slices += 1;
                self.exec(t, host, budget as i64);
                return Run::Ran;
            }
        }
        Run::Idle(earliest)
    }

    /// Decides whether thread `t` can run now, updating its state.
    fn wake(&mut self, t: usize, now: u64, earliest: &mut Option<u64>) -> bool {
        let mut soon = |at: u64| *earliest = Some(earliest.map_or(at, |e| e.min(at)));
        let state = self.threads[t].state;
        match state {
            State::Runnable => true,
            State::Done(_) => false,
            State::Blocked(Wait::Yield) => {
                self.set_woken(t);
                true
            }
            State::Blocked(Wait::Until(at)) => {
                if now >= at {
                    self.set_woken(t);
                    true
                } else {
                    soon(at);
                    false
                }
            }
            State::Blocked(Wait::Snapshot) => false,
            State::Blocked(Wait::Join(o)) => {
                let done = self.threads.get(o as usize).is_none_or(|x| matches!(x.state, State::Done(_)));
                if done {
                    self.set_woken(t);
                }
                done
            }
            State::Monitor(obj) => {
                let owner = self.monitor_owner(obj);
                if owner == 0 {
                    self.threads[t].state = State::Runnable;
                    true
                } else {
                    false
                }
            }
            State::ObjWait { obj, count, until } => match until {
                Some(at) if now >= at => {
                    self.threads[t].state = State::Reacquire { obj, count };
                    self.wake(t, now, earliest)
                }
                Some(at) => {
                    soon(at);
                    false
                }
                None => false,
            },
            State::Reacquire { obj, count } => {
                let owner = self.monitor_owner(obj);
                if owner == 0 {
                    self.heap.set(obj as usize + 1, (t as u64 + 1) | ((count as u64) << 32));
                    let th = &mut self.threads[t];
                    th.state = State::Runnable;
                    // Step over the `wait` call.
                    let f = th.frames.last_mut().expect("waiting thread has a frame");
                    f.pc += 1;
                    true
                } else {
                    false
                }
            }
        }
    }

    /// The owner (thread id + 1) of `obj`'s monitor, or 0 if it is free. A
    /// monitor whose owner has ended (`System.exit` ends threads wherever
    /// they are) is freed here.
    fn monitor_owner(&mut self, obj: Ref) -> u32 {
        let owner = self.heap.get(obj as usize + 1) as u32;
        if owner != 0 && self.threads.get(owner as usize - 1).is_none_or(|x| matches!(x.state, State::Done(_))) {
            self.heap.set(obj as usize + 1, 0);
            return 0;
        }
        owner
    }

    fn set_woken(&mut self, t: usize) {
        let th = &mut self.threads[t];
        th.state = State::Runnable;
        th.woke = true;
    }

    /// The last frozen snapshot is durable: wakes the threads that waited
    /// for one taken after their call (not those that called while it was
    /// being written: their state is not in it).
    pub fn snapshot_durable(&mut self) {
        self.snapshots += 1;
        let durable = self.freezes;
        self.release_snapshot_waiters(durable);
    }

    /// Wakes the threads waiting for snapshot number `upto` or earlier
    /// (`u64::MAX`: all, when there is no disk to wait for).
    pub fn release_snapshot_waiters(&mut self, upto: u64) {
        for t in 0..self.threads.len() {
            if self.threads[t].state == State::Blocked(Wait::Snapshot) {
                let need = self.snapshot_need.get(&(t as u32)).copied().unwrap_or(0);
                if need <= upto {
                    self.snapshot_need.remove(&(t as u32));
                    self.set_woken(t);
                }
            }
        }
        self.snapshot_waiters = !self.snapshot_need.is_empty();
    }

    // ------------------------------------------------------------------ roots

    /// Calls `f` with every root reference: the world object and every live
    /// reference in the threads' frames.
    pub fn for_each_root(&self, f: &mut dyn FnMut(Ref)) {
        f(self.world);
        if self.gc.guard != 0 {
            f(self.gc.guard);
        }
        for th in &self.threads {
            if let State::Done(_) = th.state {
                continue;
            }
            if th.obj != 0 {
                f(th.obj);
            }
            if th.pending != 0 {
                f(th.pending);
            }
            match th.state {
                State::Monitor(o) | State::ObjWait { obj: o, .. } | State::Reacquire { obj: o, .. } => {
                    f(o)
                }
                _ => {}
            }
            for fr in &th.frames {
                if fr.lock != 0 {
                    f(fr.lock);
                }
                let m = &self.prog.methods[fr.method as usize];
                for r in m.verified.refs(fr.pc) {
                    let v = th.regs[fr.base as usize + r as usize];
                    if v != 0 {
                        f(v);
                    }
                }
            }
        }
    }

    /// The statics object of class `c` (which has statics).
    fn statics_of(&self, c: ClassId) -> Ref {
        match self.prog.class(c).defined_by {
            Some(i) => self.statics[i as usize],
            None => 0,
        }
    }

    /// Runs a full garbage collection now (all threads are at safepoints).
    pub fn collect(&mut self) {
        let mut roots = Vec::new();
        self.for_each_root(&mut |r| roots.push(r));
        self.gc.full(&mut self.heap, &self.prog, &roots);
        self.counters.gc_cycles += 1;
    }

    /// Does a bounded step of incremental collection work: `budget` words,
    /// or twice what was allocated since the last step if that is more (so
    /// collection keeps pace with allocation; a slice ends early when it has
    /// allocated [`GC_SLICE_WORDS`]). Starts a cycle when enough has been
    /// allocated since the last one.
    pub fn gc_step(&mut self, budget: usize) {
        // A big allocation is paid for over several steps.
        let budget = budget.max(self.gc_debt.saturating_mul(2).min(GC_STEP_MAX));
        self.gc_debt = self.gc_debt.saturating_sub(budget / 2);
        if !self.gc.active() {
            if !self.gc.should_start(&self.heap) {
                return;
            }
            let mut roots = Vec::new();
            self.for_each_root(&mut |r| roots.push(r));
            self.gc.start(&self.heap, &roots);
            self.counters.gc_cycles += 1;
        }
        self.gc.step(&mut self.heap, &self.prog, budget);
    }

    /// Allocates outside the interpreter (for a thread about to be made,
    /// whose registers are no root yet): no collection, but a collection
    /// under way sees the object as live.
    fn alloc_marked(&mut self, alloc: impl FnOnce(&mut Heap<M>) -> Option<Ref>) -> Option<Ref> {
        let r = alloc(&mut self.heap)?;
        self.gc.allocated(r, &self.heap);
        Some(r)
    }

    /// Allocates, collecting garbage when the heap is full.
    fn alloc_or_collect(&mut self, mut alloc: impl FnMut(&mut Heap<M>, &Program) -> Option<Ref>) -> Option<Ref> {
        if let Some(r) = alloc(&mut self.heap, &self.prog) {
            self.gc.allocated(r, &self.heap);
            self.gc_debt += object::size_of(&self.heap, r);
            return Some(r);
        }
        self.collect();
        let r = alloc(&mut self.heap, &self.prog)?;
        self.gc.allocated(r, &self.heap);
        Some(r)
    }

}

impl Thread {
    /// The name Java would print: `main` for a program's main thread.
    pub fn name(&self) -> String {
        if self.obj == 0 {
            String::from("main")
        } else {
            format!("Thread-{}", self.id)
        }
    }

    fn ended(id: u32) -> Thread {
        Thread {
            id,
            regs: Vec::new(),
            frames: Vec::new(),
            state: State::Done(0),
            woke: false,
            pending: 0,
            obj: 0,
            channel: 0,
            group: id,
            uncaught: None,
            saved: None,
        }
    }
}
