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
pub const BOOT: &str = include_str!("boot.phs");

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

    // ------------------------------------------------------------ snapshots

    /// The stop-the-world part of a snapshot: writes the frames of every
    /// thread whose record is out of date into its record and the clock into
    /// the superblock, then freezes the heap. Costs O(running threads' stack
    /// depth), not O(heap): a thread that parked (sleep, join, wait, a
    /// monitor, a snapshot) wrote its record when it parked. Returns false if
    /// the previous snapshot is still being written or the heap is full.
    pub fn freeze(&mut self) -> bool {
        if self.heap.freezing() {
            return false;
        }
        for t in 0..self.threads.len() {
            if self.save_if_stale(t).is_err() {
                return false;
            }
        }
        self.heap.set(SB_CLOCK, self.last_now.get());
        let generation = self.heap.get(heap::SB_GENERATION);
        self.heap.set(heap::SB_GENERATION, generation + 1);
        let frozen = self.heap.freeze();
        if frozen {
            self.freezes += 1;
        }
        frozen
    }

    // Thread record layout ([J): id, state tag, a, b, c, channel, nframes, nregs,
    // obj, group, then (method, pc, base, lock) per frame, then the registers.
    const REC_HEAD: usize = 10;

    /// Writes thread `t`'s record unless it already holds the thread's state.
    fn save_if_stale(&mut self, t: usize) -> Result<(), Error> {
        let state = self.threads[t].state;
        if self.threads[t].saved != Some(state) {
            self.save_thread(t)?;
            self.threads[t].saved = Some(state);
        }
        Ok(())
    }

    fn save_thread(&mut self, t: usize) -> Result<(), Error> {
        let records = self.world_slot(W_THREADS);
        let slot = records as usize + object::DATA + 1 + t;
        let th = &self.threads[t];
        if let State::Done(_) = th.state {
            if self.heap.get(slot) != 0 {
                self.heap.set(slot, 0);
            }
            return Ok(());
        }
        let top = th
            .frames
            .last()
            .map_or(0, |f| f.base as usize + self.prog.methods[f.method as usize].nregs as usize);
        let need = Self::REC_HEAD + th.frames.len() * 4 + top;
        let mut rec = self.heap.get(slot);
        if rec == 0 || object::len(&self.heap, rec) < need {
            let la = self.prog.wk.long_array;
            rec = err_heap(object::new_array(&mut self.heap, la, Elem::I64, need + need / 2 + 8))?;
            self.heap.set(slot, rec);
        }
        let th = &self.threads[t];
        let (tag, a, b, c) = match th.state {
            State::Runnable => (0, 0, 0, 0),
            State::Blocked(Wait::Until(at)) => (1, at, 0, 0),
            State::Blocked(Wait::Snapshot) => (2, 0, 0, 0),
            State::Blocked(Wait::Yield) => (3, 0, 0, 0),
            State::Blocked(Wait::Join(o)) => (4, o as u64, 0, 0),
            State::Monitor(obj) => (5, obj, 0, 0),
            State::ObjWait { obj, count, .. } | State::Reacquire { obj, count } => {
                (6, obj, count as u64, 0)
            }
            State::Done(_) => unreachable!(),
        };
        // Written in place, with no allocation: this is inside the pause.
        let head = [
            th.id as u64,
            tag,
            a,
            b,
            c,
            th.channel as u64,
            th.frames.len() as u64,
            top as u64,
            th.obj,
            th.group as u64,
        ];
        let frames = th.frames.iter().flat_map(|f| [f.method as u64, f.pc as u64, f.base as u64, f.lock]);
        let words = head.into_iter().chain(frames).chain(th.regs[..top].iter().copied());
        let at = rec as usize + object::DATA;
        let heap = &mut self.heap;
        for (i, w) in words.enumerate() {
            if heap.get(at + i) != w {
                heap.set(at + i, w);
            }
        }
        Ok(())
    }

    fn decode_thread(&self, id: u32, rec: Ref) -> Result<Thread, Error> {
        let bad = Error::Corrupt("thread record");
        if rec as usize >= self.heap.bump() {
            return Err(bad);
        }
        let n = object::len(&self.heap, rec);
        let at = rec as usize + object::DATA;
        if n < Self::REC_HEAD || at + n > self.heap.capacity() {
            return Err(bad);
        }
        let w = self.heap.words(at, n);
        let nframes = w[6] as usize;
        let top = w[7] as usize;
        if Self::REC_HEAD + nframes.saturating_mul(4).saturating_add(top) > n || nframes == 0 {
            return Err(bad);
        }
        let mut frames = Vec::new();
        for f in 0..nframes {
            let i = Self::REC_HEAD + f * 4;
            let method = w[i] as u32;
            let m = self.prog.methods.get(method as usize).ok_or(Error::Corrupt("frame method"))?;
            let (pc, base) = (w[i + 1] as u32, w[i + 2] as u32);
            if pc as usize >= m.code.len() || base as usize + m.nregs as usize > top {
                return Err(Error::Corrupt("frame out of range"));
            }
            frames.push(Frame {
                method,
                pc,
                base,
                lock: w[i + 3],
            });
        }
        let regs_at = Self::REC_HEAD + nframes * 4;
        let mut regs = w[regs_at..regs_at + top].to_vec();
        regs.resize(top.max(16), 0);
        let state = match w[1] {
            0 => State::Runnable,
            // A sleeping thread sleeps again: its call is made again.
            1 | 3 => State::Runnable,
            2 => State::Blocked(Wait::Snapshot),
            4 => State::Runnable,
            5 => State::Monitor(w[2]),
            // Woken spuriously from wait(): takes the monitor back (Java allows this).
            6 => State::Reacquire {
                obj: w[2],
                count: w[3] as u32,
            },
            _ => return Err(bad),
        };
        Ok(Thread {
            id,
            regs,
            frames,
            state,
            woke: false,
            pending: 0,
            obj: w[8],
            group: w[9] as u32,
            // The terminal a program was attached to is gone after a
            // restart: its output goes to the console from now on.
            channel: 0,
            uncaught: None,
            saved: Some(state),
        })
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

    // ------------------------------------------------------------ interpreter

    /// Creates an exception of class `name` with `msg` and unwinds thread `t` to it.
    fn throw_new(&mut self, t: usize, name: &str, msg: &str) {
        let exc = self.make_exception(name, msg);
        self.unwind(t, exc);
    }

    fn make_exception(&mut self, name: &str, msg: &str) -> Ref {
        let oom = self.world_slot(W_OOM);
        let Some(&c) = self.prog.by_name.get(name) else {
            return oom;
        };
        let size = object::FIELDS + self.prog.class(c).nfields as usize;
        let Some(e) = self.alloc_or_collect(|h, _| h.alloc(c, size)) else {
            return oom;
        };
        // Keep the exception reachable while the message is allocated.
        let mo = self.prog.wk.throwable_message as usize;
        if !msg.is_empty() && mo != 0 {
            self.threads_pending_guard(e);
            let sc = self.prog.wk.string;
            if let Some(s) = self.alloc_or_collect(|h, _| object::new_string(h, sc, msg)) {
                self.heap.set(e as usize + mo, s);
            }
            self.threads_pending_guard(0);
        }
        e
    }

    /// A root for an object under construction by the VM itself.
    fn threads_pending_guard(&mut self, r: Ref) {
        self.gc.guard = r;
    }

    /// Transfers control of thread `t` to the handler for `exc`, popping
    /// frames; ends the thread if nothing catches it.
    fn unwind(&mut self, t: usize, exc: Ref) {
        // Where it was thrown (kept until it is caught or ends the thread).
        if !self.traces.contains_key(&exc) {
            if self.traces.len() >= 256 {
                self.traces.clear();
            }
            let trace = self.stack_trace(t);
            self.traces.insert(exc, trace);
        }
        let exc_class = object::class_of(&self.heap, exc);
        loop {
            let Some(fr) = self.threads[t].frames.last().copied() else {
                break;
            };
            let m = &self.prog.methods[fr.method as usize];
            let module = m.module as usize;
            let mut target = None;
            for h in m.handlers.iter() {
                if fr.pc >= h.start && fr.pc < h.end {
                    let ok = match h.class {
                        None => true,
                        Some(cr) => {
                            let c = self.prog.modules[module].classes[cr as usize];
                            self.prog.is_subtype(exc_class, c)
                        }
                    };
                    if ok {
                        target = Some(h.handler);
                        break;
                    }
                }
            }
            if let Some(h) = target {
                if m.handlers.iter().any(|x| x.handler == h && x.class.is_some()) {
                    // Caught for good (a catch-all is usually a `finally`
                    // that throws it again: keep where it came from).
                    self.traces.remove(&exc);
                }
                let th = &mut self.threads[t];
                th.pending = exc;
                th.frames.last_mut().unwrap().pc = h;
                return;
            }
            // Leaving the frame: a failing class initialiser marks its class.
            if m.name == "<clinit>" {
                let c = m.class;
                let s = self.statics_of(c);
                if s != 0 {
                    self.heap.set(s as usize + object::STATICS_INIT, INIT_FAILED);
                }
            }
            self.monitor_exit_raw(t, fr.lock);
            self.threads[t].frames.pop();
        }
        // Uncaught.
        let mut text = self.describe_exception(exc);
        if let Some(trace) = self.traces.remove(&exc) {
            text.push_str(&trace);
        }
        let th = &mut self.threads[t];
        th.state = State::Done(1);
        th.uncaught = Some(text);
        th.pending = 0;
    }

    /// `\n\tat Class.method(File.java:LINE)` for each frame of thread `t`, innermost first.
    fn stack_trace(&self, t: usize) -> String {
        let mut s = String::new();
        for f in self.threads[t].frames.iter().rev().take(64) {
            let m = &self.prog.methods[f.method as usize];
            let class = &self.prog.class(m.class).name;
            let outer = class.rsplit('/').next().unwrap_or(class);
            let file = outer.split('$').next().unwrap_or(outer);
            let place = match m.line(f.pc) {
                Some(line) => format!("{file}.java:{line}"),
                None => format!("{file}.java"),
            };
            s.push_str(&format!("\n\tat {}.{}({})", class.replace('/', "."), m.name, place));
        }
        s
    }

    fn describe_exception(&self, exc: Ref) -> String {
        let c = object::class_of(&self.heap, exc);
        let name = self.prog.class(c).name.replace('/', ".");
        let mo = self.prog.wk.throwable_message as usize;
        let msg = if mo != 0 && self.prog.is_subtype(c, self.prog.wk.throwable) {
            self.heap.get(exc as usize + mo)
        } else {
            0
        };
        if msg != 0 {
            format!("{name}: {}", object::string_text(&self.heap, msg))
        } else {
            name
        }
    }

    /// Takes one entry of `obj`'s monitor for thread `t`, if nobody else owns it.
    fn monitor_enter_raw(&mut self, t: usize, obj: Ref) -> bool {
        if obj == 0 {
            return true;
        }
        let w = self.heap.get(obj as usize + 1);
        let me = t as u64 + 1;
        if w == 0 {
            self.heap.set(obj as usize + 1, me | (1 << 32));
        } else if w & 0xffff_ffff == me {
            self.heap.set(obj as usize + 1, w + (1 << 32));
        } else {
            return false;
        }
        true
    }

    fn monitor_exit_raw(&mut self, t: usize, obj: Ref) -> bool {
        if obj == 0 {
            return true;
        }
        let w = self.heap.get(obj as usize + 1);
        if w as u32 != t as u32 + 1 {
            return false;
        }
        let count = (w >> 32) as u32;
        if count <= 1 {
            self.heap.set(obj as usize + 1, 0);
        } else {
            self.heap.set(obj as usize + 1, (w & 0xffff_ffff) | (((count - 1) as u64) << 32));
        }
        true
    }

    /// Makes sure class `c` is initialised before thread `t` uses it. Returns
    /// true if the instruction can go on now; false if frames were pushed
    /// (initialisers to run first) or the thread must wait or throw.
    fn ensure_init(&mut self, t: usize, c: ClassId) -> bool {
        let s = self.statics_of(c);
        if s == 0 || self.heap.get(s as usize + object::STATICS_INIT) == INIT_DONE {
            // No statics of its own: its superclasses still need initialising.
            return self.ensure_supers(t, c);
        }
        match self.heap.get(s as usize + object::STATICS_INIT) {
            INIT_RUNNING => {
                // Running in this thread (recursive use) is fine; in another: wait.
                let mine = self.threads[t].frames.iter().any(|f| {
                    let m = &self.prog.methods[f.method as usize];
                    m.class == c && m.name == "<clinit>"
                });
                if !mine {
                    self.threads[t].state = State::Blocked(Wait::Yield);
                }
                mine
            }
            INIT_FAILED => {
                let name = self.prog.class(c).name.replace('/', ".");
                self.throw_new(t, "java/lang/NoClassDefFoundError", &format!("could not initialise {name}"));
                false
            }
            _ => {
                self.heap.set(s as usize + object::STATICS_INIT, INIT_RUNNING);
                match self.prog.class(c).clinit {
                    Some(m) => {
                        if self.push_frame(t, m, &[]).is_err() {
                            return false;
                        }
                    }
                    None => {
                        self.heap.set(s as usize + object::STATICS_INIT, INIT_DONE);
                    }
                }
                // Superclasses first: their initialisers go on top.
                self.ensure_supers(t, c);
                false
            }
        }
    }

    fn ensure_supers(&mut self, t: usize, c: ClassId) -> bool {
        match self.prog.class(c).superclass {
            Some(s) => {
                let ss = self.statics_of(s);
                if ss != 0 && self.heap.get(ss as usize + object::STATICS_INIT) == INIT_DONE {
                    self.ensure_supers(t, s)
                } else if ss == 0 {
                    self.ensure_supers(t, s)
                } else {
                    self.ensure_init(t, s)
                }
            }
            None => true,
        }
    }

    /// Pushes a frame for `mid` with `args` in its first registers.
    fn push_frame(&mut self, t: usize, mid: MethodId, args: &[u64]) -> Result<(), ()> {
        let m = &self.prog.methods[mid as usize];
        let nregs = m.nregs as usize;
        let th = &mut self.threads[t];
        let base = th
            .frames
            .last()
            .map_or(0, |f| f.base as usize + self.prog.methods[f.method as usize].nregs as usize);
        if base + nregs > MAX_STACK || th.frames.len() >= MAX_FRAMES {
            self.throw_new(t, "java/lang/StackOverflowError", "");
            return Err(());
        }
        if th.regs.len() < base + nregs {
            th.regs.resize((base + nregs).next_power_of_two(), 0);
        }
        th.regs[base..base + args.len()].copy_from_slice(args);
        th.frames.push(Frame {
            method: mid,
            pc: 0,
            base: base as u32,
            lock: 0,
        });
        Ok(())
    }

    /// Runs thread `t` until it blocks, ends, or `budget` safepoints pass.
    fn exec(&mut self, t: usize, host: &mut dyn Host, mut budget: i64) {
        self.threads[t].saved = None;
        while budget > 0 {
            if self.threads[t].state != State::Runnable {
                break;
            }
            match self.interp(t, &mut budget) {
                Step::Continue => {}
                Step::Yield => break,
                Step::Slow(insn) => {
                    self.slow(t, insn, host);
                    if self.gc_debt >= GC_SLICE_WORDS {
                        // Time for a step of collection (see `gc_step`).
                        break;
                    }
                }
            }
        }
        // A thread that parks writes its record now, while the others run,
        // so that the snapshot pause need not (a failure to allocate the
        // record is left for the snapshot to meet).
        let parked = !matches!(
            self.threads[t].state,
            State::Runnable | State::Blocked(Wait::Yield) | State::Reacquire { .. }
        );
        if parked {
            let _ = self.save_if_stale(t);
        }
    }

    /// The instructions that need the whole world (allocation, class
    /// initialisation, natives, monitors, exceptions). Executes the
    /// instruction at the top frame's pc.
    fn slow(&mut self, t: usize, insn: Insn, host: &mut dyn Host) {
        let fr = *self.threads[t].frames.last().unwrap();
        let base = fr.base as usize;
        let mid = fr.method;
        let module = self.prog.methods[mid as usize].module as usize;
        let r = |th: &Thread, x: u16| th.regs[base + x as usize];
        match insn {
            Insn::New { d, class } => {
                let c = self.prog.modules[module].classes[class as usize];
                let cls = self.prog.class(c);
                if cls.shape != Shape::Instance || cls.flags & (flags::ABSTRACT | flags::INTERFACE) != 0 {
                    let n = cls.name.replace('/', ".");
                    self.throw_new(t, "java/lang/InstantiationError", &n);
                    return;
                }
                if !self.ensure_init(t, c) {
                    return;
                }
                let size = object::FIELDS + self.prog.class(c).nfields as usize;
                match self.alloc_or_collect(|h, _| h.alloc(c, size)) {
                    Some(o) => self.finish(t, d, o),
                    None => self.throw_oom(t),
                }
            }
            Insn::NewArray { d, elem, len } => {
                let n = r(&self.threads[t], len) as i64;
                if n < 0 {
                    self.throw_new(t, "java/lang/NegativeArraySizeException", &format!("{n}"));
                    return;
                }
                let name = match elem {
                    Elem::I8 => "[B",
                    Elem::U16 => "[C",
                    Elem::I16 => "[S",
                    Elem::I32 => "[I",
                    Elem::I64 => "[J",
                    Elem::F32 => "[F",
                    Elem::F64 => "[D",
                    Elem::Ref => "[Ljava/lang/Object;",
                };
                let c = match self.prog.by_name.get(name) {
                    Some(&c) => c,
                    None => match self.prog.resolve_class(name) {
                        Ok(c) => c,
                        Err(_) => return self.throw_oom(t),
                    },
                };
                match self.alloc_or_collect(|h, _| object::new_array(h, c, elem, n as usize)) {
                    Some(o) => self.finish(t, d, o),
                    None => self.throw_oom(t),
                }
            }
            Insn::NewRefArray { d, class, len } => {
                let n = r(&self.threads[t], len) as i64;
                if n < 0 {
                    self.throw_new(t, "java/lang/NegativeArraySizeException", &format!("{n}"));
                    return;
                }
                let ec = self.prog.modules[module].classes[class as usize];
                let Ok(c) = self.prog.array_class_of(ec) else {
                    return self.throw_oom(t);
                };
                match self.alloc_or_collect(|h, _| object::new_array(h, c, Elem::Ref, n as usize)) {
                    Some(o) => self.finish(t, d, o),
                    None => self.throw_oom(t),
                }
            }
            Insn::GetStatic { d, field } => {
                let f = self.prog.modules[module].fields[field as usize];
                if !self.ensure_init(t, f.class) {
                    return;
                }
                let s = self.statics_of(f.class);
                let v = self.heap.get(s as usize + f.offset as usize);
                self.finish(t, d, v);
            }
            Insn::PutStatic { field, s } => {
                let f = self.prog.modules[module].fields[field as usize];
                if !self.ensure_init(t, f.class) {
                    return;
                }
                let st = self.statics_of(f.class);
                let v = r(&self.threads[t], s);
                let at = st as usize + f.offset as usize;
                if f.kind == Kind::Ref {
                    self.gc.write_barrier(&self.heap, self.heap.get(at));
                }
                self.heap.set(at, v);
                self.finish(t, NO_REG, 0);
            }
            Insn::Call { d, method, args, n } | Insn::CallVirt { d, method, args, n } => {
                let virt = matches!(insn, Insn::CallVirt { .. });
                let link = self.prog.modules[module].methods[method as usize];
                let th = &self.threads[t];
                let argv: Vec<u64> = (0..n).map(|i| th.regs[base + args as usize + i as usize]).collect();
                let mut target = link.method;
                if virt || !self.prog.methods[target as usize].is_static() {
                    if argv[0] == 0 {
                        let name = self.prog.methods[target as usize].name.clone();
                        self.throw_new(t, "java/lang/NullPointerException", &format!("calling {name} on null"));
                        return;
                    }
                }
                if virt {
                    let c = object::class_of(&self.heap, argv[0]);
                    match self.prog.class(c).vtable.get(&link.selector) {
                        Some(&m) => target = m,
                        None => {
                            let name = self.prog.method_name(target);
                            self.throw_new(t, "java/lang/AbstractMethodError", &name);
                            return;
                        }
                    }
                    if self.prog.methods[target as usize].flags & flags::ABSTRACT != 0 {
                        let name = self.prog.method_name(target);
                        self.throw_new(t, "java/lang/AbstractMethodError", &name);
                        return;
                    }
                    let entry = &mut self.ic[mid as usize][fr.pc as usize];
                    entry[1] = entry[0];
                    entry[0] = (c, target);
                }
                let tm = &self.prog.methods[target as usize];
                if tm.is_static() && !self.ensure_init(t, tm.class) {
                    return;
                }
                let tm = &self.prog.methods[target as usize];
                if let Some(native) = tm.native {
                    let mut cx = NativeCx { w: self, t, host };
                    let out = native(&mut cx, &argv);
                    self.threads[t].woke = false;
                    match out {
                        Outcome::Value(v) => self.finish(t, d, v),
                        Outcome::Void => self.finish(t, d, 0),
                        Outcome::Throw(c, msg) => self.throw_new(t, c, &msg),
                        Outcome::Block(w) => {
                            if let Wait::Snapshot = w {
                                // The next freeze holds this thread's state.
                                self.snapshot_need.insert(t as u32, self.freezes + 1);
                                self.snapshot_waiters = true;
                            }
                            if self.threads[t].state == State::Runnable {
                                self.threads[t].state = State::Blocked(w);
                            }
                        }
                    }
                    return;
                }
                if tm.flags & flags::ABSTRACT != 0 {
                    let name = self.prog.method_name(target);
                    self.throw_new(t, "java/lang/AbstractMethodError", &name);
                    return;
                }
                let mut lock = 0;
                if tm.flags & flags::SYNCHRONIZED != 0 {
                    lock = if tm.is_static() { self.statics_of(tm.class) } else { argv[0] };
                    if !self.monitor_enter_raw(t, lock) {
                        self.threads[t].state = State::Monitor(lock);
                        return;
                    }
                }
                if self.push_frame(t, target, &argv).is_ok() {
                    self.threads[t].frames.last_mut().unwrap().lock = lock;
                } else {
                    self.monitor_exit_raw(t, lock);
                }
            }
            Insn::MonEnter { s } => {
                let o = r(&self.threads[t], s);
                if o == 0 {
                    return self.throw_new(t, "java/lang/NullPointerException", "synchronized on null");
                }
                if !self.monitor_enter_raw(t, o) {
                    self.threads[t].state = State::Monitor(o);
                    return;
                }
                self.finish(t, NO_REG, 0);
            }
            Insn::MonExit { s } => {
                let o = r(&self.threads[t], s);
                if o == 0 {
                    return self.throw_new(t, "java/lang/NullPointerException", "synchronized on null");
                }
                if !self.monitor_exit_raw(t, o) {
                    return self.throw_new(t, "java/lang/IllegalMonitorStateException", "not the owner");
                }
                self.finish(t, NO_REG, 0);
            }
            Insn::Throw { s } => {
                let e = r(&self.threads[t], s);
                if e == 0 {
                    return self.throw_new(t, "java/lang/NullPointerException", "throw null");
                }
                self.unwind(t, e);
            }
            Insn::ConstS { d, s } => {
                let v = self.prog.modules[module].strings[s as usize];
                self.finish(t, d, v);
            }
            _ => unreachable!("not a slow instruction: {insn:?}"),
        }
    }

    fn throw_oom(&mut self, t: usize) {
        let e = self.world_slot(W_OOM);
        self.unwind(t, e);
    }

    /// Completes the top frame's current instruction: `d = v`, pc + 1.
    fn finish(&mut self, t: usize, d: u16, v: u64) {
        let th = &mut self.threads[t];
        let f = th.frames.last_mut().unwrap();
        if d != NO_REG {
            th.regs[f.base as usize + d as usize] = v;
        }
        f.pc += 1;
    }

    /// The fast interpreter loop: runs the top frame of thread `t` until an
    /// instruction needs [`World::slow`], the budget is spent at a
    /// safepoint, or an exception is thrown.
    fn interp(&mut self, t: usize, budget: &mut i64) -> Step {
        let prog = &self.prog;
        let ic = &self.ic;
        let heap = &mut self.heap;
        let gc = &mut self.gc;
        let th = &mut self.threads[t];
        let mut fr = *th.frames.last().unwrap();
        let mut m = &prog.methods[fr.method as usize];
        let mut code: &[Insn] = &m.code;
        let mut links = &prog.modules[m.module as usize];
        let mut base = fr.base as usize;
        let mut pc = fr.pc as usize;
        // Exceptions raised inside the loop: (class, message).
        let thrown: (&'static str, String);
        macro_rules! reg {
            ($r:expr) => {
                th.regs[base + $r as usize]
            };
        }
        macro_rules! save {
            () => {{
                th.frames.last_mut().unwrap().pc = pc as u32;
            }};
        }
        macro_rules! throw {
            ($c:expr, $m:expr) => {{
                thrown = ($c, $m);
                break;
            }};
        }
        macro_rules! safepoint {
            () => {{
                *budget -= 1;
                self.counters.safepoints += 1;
                if *budget <= 0 {
                    save!();
                    return Step::Yield;
                }
            }};
        }
        loop {
            let insn = &code[pc];
            match *insn {
                Insn::Nop => pc += 1,
                Insn::ConstI { d, v } => {
                    reg!(d) = v as u64;
                    pc += 1;
                }
                Insn::ConstF { d, v } => {
                    reg!(d) = v.to_bits();
                    pc += 1;
                }
                Insn::Null { d } => {
                    reg!(d) = 0;
                    pc += 1;
                }
                Insn::Mov { d, s } => {
                    reg!(d) = reg!(s);
                    pc += 1;
                }
                Insn::Bin { op, d, a, b } => {
                    let (x, y) = (reg!(a), reg!(b));
                    match binop(op, x, y) {
                        Some(v) => reg!(d) = v,
                        None => throw!("java/lang/ArithmeticException", "/ by zero".into()),
                    }
                    pc += 1;
                }
                Insn::BinI { op, d, a, imm } => {
                    let x = reg!(a);
                    reg!(d) = binop(op, x, imm as i64 as u64).unwrap_or(0);
                    pc += 1;
                }
                Insn::Un { op, d, s } => {
                    reg!(d) = unop(op, reg!(s));
                    pc += 1;
                }
                Insn::Cmp { op, d, a, b } => {
                    reg!(d) = cmp(op, reg!(a), reg!(b)) as i64 as u64;
                    pc += 1;
                }
                Insn::Jmp { t } => {
                    if t as usize <= pc {
                        safepoint!();
                    }
                    pc = t as usize;
                }
                Insn::If { c, a, b, t } => {
                    if c.test(reg!(a) as i64, reg!(b) as i64) {
                        if t as usize <= pc {
                            safepoint!();
                        }
                        pc = t as usize;
                    } else {
                        pc += 1;
                    }
                }
                Insn::IfZ { c, a, t } => {
                    if c.test(reg!(a) as i64, 0) {
                        if t as usize <= pc {
                            safepoint!();
                        }
                        pc = t as usize;
                    } else {
                        pc += 1;
                    }
                }
                Insn::IfRef { eq, a, b, t } => {
                    if (reg!(a) == reg!(b)) == eq {
                        if t as usize <= pc {
                            safepoint!();
                        }
                        pc = t as usize;
                    } else {
                        pc += 1;
                    }
                }
                Insn::IfNull { null, a, t } => {
                    if (reg!(a) == 0) == null {
                        if t as usize <= pc {
                            safepoint!();
                        }
                        pc = t as usize;
                    } else {
                        pc += 1;
                    }
                }
                Insn::Switch { s, table } => {
                    safepoint!();
                    let key = reg!(s) as i64;
                    let tb = &m.tables[table as usize];
                    pc = match i32::try_from(key) {
                        Ok(k) => match tb.keys.binary_search(&k) {
                            Ok(i) => tb.targets[i] as usize,
                            Err(_) => tb.default as usize,
                        },
                        Err(_) => tb.default as usize,
                    };
                }
                Insn::GetField { d, o, field } => {
                    let obj = reg!(o);
                    if obj == 0 {
                        throw!("java/lang/NullPointerException", "reading a field of null".into());
                    }
                    let f = &links.fields[field as usize];
                    reg!(d) = heap.get(obj as usize + f.offset as usize);
                    pc += 1;
                }
                Insn::PutField { o, field, s } => {
                    let obj = reg!(o);
                    if obj == 0 {
                        throw!("java/lang/NullPointerException", "writing a field of null".into());
                    }
                    let f = &links.fields[field as usize];
                    let at = obj as usize + f.offset as usize;
                    if f.kind == Kind::Ref && gc.marking() {
                        gc.write_barrier(heap, heap.get(at));
                    }
                    heap.set(at, reg!(s));
                    pc += 1;
                }
                Insn::ArrayLen { d, a } => {
                    let arr = reg!(a);
                    if arr == 0 {
                        throw!("java/lang/NullPointerException", "length of null".into());
                    }
                    if !matches!(prog.class(object::class_of(heap, arr)).shape, Shape::Array(_) | Shape::RefArray(_) | Shape::Str) {
                        throw!("java/lang/ClassCastException", "length of a non-array".into());
                    }
                    reg!(d) = object::len(heap, arr) as u64;
                    pc += 1;
                }
                Insn::ALoad { elem, d, a, i } => {
                    let arr = reg!(a);
                    let idx = match element(prog, heap, arr, reg!(i), elem, false) {
                        Ok(idx) => idx,
                        Err((c, m)) => throw!(c, m),
                    };
                    reg!(d) = object::load(heap, arr, elem, idx);
                    pc += 1;
                }
                Insn::AStore { elem, a, i, s } => {
                    let arr = reg!(a);
                    let idx = match element(prog, heap, arr, reg!(i), elem, true) {
                        Ok(idx) => idx,
                        Err((c, m)) => throw!(c, m),
                    };
                    let v = reg!(s);
                    if elem == Elem::Ref {
                        let ac = object::class_of(heap, arr);
                        if let Shape::RefArray(ec) = prog.class(ac).shape {
                            if v != 0 && !prog.is_subtype(object::class_of(heap, v), ec) {
                                let n = prog.class(object::class_of(heap, v)).name.replace('/', ".");
                                throw!("java/lang/ArrayStoreException", n);
                            }
                        }
                        let at = arr as usize + object::DATA + idx;
                        if gc.marking() {
                            gc.write_barrier(heap, heap.get(at));
                        }
                    }
                    object::store(heap, arr, elem, idx, v);
                    pc += 1;
                }
                Insn::InstanceOf { d, s, class } => {
                    let o = reg!(s);
                    let c = links.classes[class as usize];
                    reg!(d) = (o != 0 && prog.is_subtype(object::class_of(heap, o), c)) as u64;
                    pc += 1;
                }
                Insn::CheckCast { s, class } => {
                    let o = reg!(s);
                    let c = links.classes[class as usize];
                    if o != 0 && !prog.is_subtype(object::class_of(heap, o), c) {
                        let from = prog.class(object::class_of(heap, o)).name.replace('/', ".");
                        let to = prog.class(c).name.replace('/', ".");
                        throw!("java/lang/ClassCastException", format!("{from} cannot be cast to {to}"));
                    }
                    pc += 1;
                }
                Insn::Catch { d } => {
                    reg!(d) = th.pending;
                    th.pending = 0;
                    pc += 1;
                }
                Insn::Call { method, args, n, .. } | Insn::CallVirt { method, args, n, .. } => {
                    safepoint!();
                    let link = links.methods[method as usize];
                    let mut target = link.method;
                    if let Insn::CallVirt { .. } = *insn {
                        let recv = reg!(args);
                        if recv == 0 {
                            save!();
                            return Step::Slow(*insn);
                        }
                        let c = object::class_of(heap, recv);
                        let cache = &ic[fr.method as usize][pc];
                        if cache[0].0 == c && c != 0 {
                            target = cache[0].1;
                        } else if cache[1].0 == c && c != 0 {
                            target = cache[1].1;
                        } else {
                            save!();
                            return Step::Slow(*insn);
                        }
                    }
                    let tm = &prog.methods[target as usize];
                    if tm.native.is_some() || tm.flags & (flags::ABSTRACT | flags::SYNCHRONIZED) != 0 {
                        save!();
                        return Step::Slow(*insn);
                    }
                    if let Insn::Call { .. } = *insn {
                        if tm.is_static() && !class_ready_fast(prog, &self.statics, heap, &mut self.ready, tm.class) {
                            save!();
                            return Step::Slow(*insn);
                        }
                        if !tm.is_static() && reg!(args) == 0 {
                            save!();
                            return Step::Slow(*insn);
                        }
                    }
                    // Inline call.
                    let new_base = base + m.nregs as usize;
                    let need = new_base + tm.nregs as usize;
                    if need > MAX_STACK || th.frames.len() >= MAX_FRAMES {
                        save!();
                        thrown = ("java/lang/StackOverflowError", String::new());
                        break;
                    }
                    if th.regs.len() < need {
                        th.regs.resize(need.next_power_of_two(), 0);
                    }
                    for i in 0..n as usize {
                        th.regs[new_base + i] = th.regs[base + args as usize + i];
                    }
                    th.frames.last_mut().unwrap().pc = pc as u32;
                    fr = Frame {
                        method: target,
                        pc: 0,
                        base: new_base as u32,
                        lock: 0,
                    };
                    th.frames.push(fr);
                    m = tm;
                    code = &m.code;
                    links = &prog.modules[m.module as usize];
                    base = new_base;
                    pc = 0;
                }
                Insn::Ret { .. } | Insn::RetVoid => {
                    let v = match *insn {
                        Insn::Ret { s } => reg!(s),
                        _ => 0,
                    };
                    if m.is_clinit || th.frames.len() == 1 || fr.lock != 0 {
                        save!();
                        return self.slow_return(t, v);
                    }
                    th.frames.pop();
                    fr = *th.frames.last().unwrap();
                    m = &prog.methods[fr.method as usize];
                    code = &m.code;
                    links = &prog.modules[m.module as usize];
                    base = fr.base as usize;
                    pc = fr.pc as usize;
                    if let Insn::Call { d, .. } | Insn::CallVirt { d, .. } = code[pc] {
                        if d != NO_REG {
                            reg!(d) = v;
                        }
                    }
                    pc += 1;
                }
                Insn::New { .. }
                | Insn::NewArray { .. }
                | Insn::NewRefArray { .. }
                | Insn::MonEnter { .. } => {
                    safepoint!();
                    save!();
                    return Step::Slow(*insn);
                }
                Insn::GetStatic { d, field } => {
                    let f = &links.fields[field as usize];
                    if !class_ready_fast(prog, &self.statics, heap, &mut self.ready, f.class) {
                        save!();
                        return Step::Slow(*insn);
                    }
                    let s = statics_ref(prog, &self.statics, f.class);
                    reg!(d) = heap.get(s as usize + f.offset as usize);
                    pc += 1;
                }
                Insn::PutStatic { .. }
                | Insn::ConstS { .. }
                | Insn::MonExit { .. }
                | Insn::Throw { .. } => {
                    save!();
                    return Step::Slow(*insn);
                }
            }
        }
        // An exception from the fast loop.
        save!();
        let (c, msg) = thrown;
        self.throw_new(t, c, &msg);
        Step::Continue
    }

    /// Returns `v` from the top frame, the general way: releases its
    /// monitor, marks a finished class initialiser, ends the thread after
    /// its last frame.
    fn slow_return(&mut self, t: usize, v: u64) -> Step {
        let fr = self.threads[t].frames.pop().unwrap();
        self.monitor_exit_raw(t, fr.lock);
        let m = &self.prog.methods[fr.method as usize];
        let clinit = m.name == "<clinit>";
        if clinit {
            let s = self.statics_of(m.class);
            if s != 0 {
                self.heap.set(s as usize + object::STATICS_INIT, INIT_DONE);
            }
        }
        if self.threads[t].frames.is_empty() && self.capture.remove(&(t as u32)) {
            let ret = m.sig.rsplit(')').next().and_then(|r| r.bytes().next()).unwrap_or(b'V');
            self.results.insert(t as u32, (v, ret));
        }
        let th = &mut self.threads[t];
        let Some(caller) = th.frames.last().copied() else {
            th.state = State::Done(0);
            return Step::Yield;
        };
        if clinit {
            // Back to the instruction that needed the class: it runs again.
            return Step::Continue;
        }
        let code = &self.prog.methods[caller.method as usize].code;
        if let Insn::Call { d, .. } | Insn::CallVirt { d, .. } = code[caller.pc as usize] {
            if d != NO_REG {
                th.regs[caller.base as usize + d as usize] = v;
            }
        }
        th.frames.last_mut().unwrap().pc += 1;
        Step::Continue
    }
}

enum Step {
    Continue,
    Yield,
    Slow(Insn),
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

#[inline]
fn statics_ref(prog: &Program, statics: &[Ref], c: ClassId) -> Ref {
    match prog.class(c).defined_by {
        Some(i) => statics[i as usize],
        None => 0,
    }
}

/// [`class_ready`] with its common case inline.
#[inline(always)]
fn class_ready_fast<M: Memory>(prog: &Program, statics: &[Ref], heap: &Heap<M>, ready: &mut Vec<bool>, c: ClassId) -> bool {
    matches!(ready.get(c as usize), Some(true)) || class_ready(prog, statics, heap, ready, c)
}

/// Whether class `c` and its superclasses are initialised (remembered in
/// `ready` once true: initialisation is never undone).
#[inline(never)]
fn class_ready<M: Memory>(prog: &Program, statics: &[Ref], heap: &Heap<M>, ready: &mut Vec<bool>, c: ClassId) -> bool {
    if !class_ready_walk(prog, statics, heap, c) {
        return false;
    }
    if ready.len() <= c as usize {
        ready.resize(prog.classes.len().max(c as usize + 1), false);
    }
    ready[c as usize] = true;
    true
}

fn class_ready_walk<M: Memory>(prog: &Program, statics: &[Ref], heap: &Heap<M>, c: ClassId) -> bool {
    let mut cur = Some(c);
    while let Some(c) = cur {
        let s = statics_ref(prog, statics, c);
        if s != 0 && heap.get(s as usize + object::STATICS_INIT) != INIT_DONE {
            return false;
        }
        cur = prog.class(c).superclass;
    }
    true
}

/// The checked index `i` into array `arr` read (or written, `write`) as
/// `elem` elements, or the exception to throw (class, message).
#[inline]
fn element<M: Memory>(
    prog: &Program,
    heap: &Heap<M>,
    arr: Ref,
    i: u64,
    elem: Elem,
    write: bool,
) -> Result<usize, (&'static str, String)> {
    if arr == 0 {
        let what = if write { "writing an element of null" } else { "reading an element of null" };
        return Err(("java/lang/NullPointerException", what.into()));
    }
    let idx = i as i64;
    let n = object::len(heap, arr);
    if idx < 0 || idx as usize >= n {
        if prog.class(object::class_of(heap, arr)).shape == Shape::Str {
            // A string's characters (String.charAt): Java's own exception.
            let idx = idx as i32;
            return Err(("java/lang/StringIndexOutOfBoundsException", format!("String index out of range: {idx}")));
        }
        return Err((
            "java/lang/ArrayIndexOutOfBoundsException",
            format!("Index {idx} out of bounds for length {n}"),
        ));
    }
    if !elem_fits(prog, heap, arr, elem, write) {
        return Err(("java/lang/ClassCastException", "wrong array type".into()));
    }
    Ok(idx as usize)
}

/// Whether array `arr` has elements of type `elem` (the verifier knows only
/// that it is a reference). Strings read like `char[]` but are immutable.
#[inline]
fn elem_fits<M: Memory>(prog: &Program, heap: &Heap<M>, arr: Ref, elem: Elem, write: bool) -> bool {
    match prog.class(object::class_of(heap, arr)).shape {
        Shape::Array(e) => e == elem,
        Shape::RefArray(_) => elem == Elem::Ref,
        Shape::Str => elem == Elem::U16 && !write,
        _ => false,
    }
}

#[inline]
fn i32v(x: u64) -> i32 {
    x as i32
}

#[inline]
fn f32v(x: u64) -> f32 {
    f64::from_bits(x) as f32
}

#[inline]
fn f64v(x: u64) -> f64 {
    f64::from_bits(x)
}

#[inline]
fn from_i32(x: i32) -> u64 {
    x as i64 as u64
}

#[inline]
fn from_f32(x: f32) -> u64 {
    (x as f64).to_bits()
}

/// Java's `fmod` semantics (`%` on floats in Rust is the same: truncated).
#[inline(always)]
fn binop(op: BinOp, a: u64, b: u64) -> Option<u64> {
    use BinOp::*;
    let (la, lb) = (a as i64, b as i64);
    Some(match op {
        IAdd => from_i32(i32v(a).wrapping_add(i32v(b))),
        ISub => from_i32(i32v(a).wrapping_sub(i32v(b))),
        IMul => from_i32(i32v(a).wrapping_mul(i32v(b))),
        IDiv => {
            if i32v(b) == 0 {
                return None;
            }
            from_i32(i32v(a).wrapping_div(i32v(b)))
        }
        IRem => {
            if i32v(b) == 0 {
                return None;
            }
            from_i32(i32v(a).wrapping_rem(i32v(b)))
        }
        IAnd => from_i32(i32v(a) & i32v(b)),
        IOr => from_i32(i32v(a) | i32v(b)),
        IXor => from_i32(i32v(a) ^ i32v(b)),
        IShl => from_i32(i32v(a).wrapping_shl(b as u32)),
        IShr => from_i32(i32v(a).wrapping_shr(b as u32)),
        IUshr => from_i32((a as u32).wrapping_shr(b as u32) as i32),
        LAdd => la.wrapping_add(lb) as u64,
        LSub => la.wrapping_sub(lb) as u64,
        LMul => la.wrapping_mul(lb) as u64,
        LDiv => {
            if lb == 0 {
                return None;
            }
            la.wrapping_div(lb) as u64
        }
        LRem => {
            if lb == 0 {
                return None;
            }
            la.wrapping_rem(lb) as u64
        }
        LAnd => a & b,
        LOr => a | b,
        LXor => a ^ b,
        LShl => la.wrapping_shl(b as u32) as u64,
        LShr => la.wrapping_shr(b as u32) as u64,
        LUshr => a.wrapping_shr(b as u32),
        FAdd => from_f32(f32v(a) + f32v(b)),
        FSub => from_f32(f32v(a) - f32v(b)),
        FMul => from_f32(f32v(a) * f32v(b)),
        FDiv => from_f32(f32v(a) / f32v(b)),
        FRem => from_f32(f32v(a) % f32v(b)),
        DAdd => (f64v(a) + f64v(b)).to_bits(),
        DSub => (f64v(a) - f64v(b)).to_bits(),
        DMul => (f64v(a) * f64v(b)).to_bits(),
        DDiv => (f64v(a) / f64v(b)).to_bits(),
        DRem => (f64v(a) % f64v(b)).to_bits(),
    })
}

#[inline(always)]
fn unop(op: UnOp, a: u64) -> u64 {
    use UnOp::*;
    match op {
        INeg => from_i32(i32v(a).wrapping_neg()),
        LNeg => (a as i64).wrapping_neg() as u64,
        FNeg => from_f32(-f32v(a)),
        DNeg => (-f64v(a)).to_bits(),
        L2I => from_i32(a as i32),
        I2F => from_f32(i32v(a) as f32),
        I2D => (i32v(a) as f64).to_bits(),
        L2F => from_f32(a as i64 as f32),
        L2D => (a as i64 as f64).to_bits(),
        F2I => from_i32(f32v(a) as i32),
        F2L => (f32v(a) as i64) as u64,
        D2I => from_i32(f64v(a) as i32),
        D2L => (f64v(a) as i64) as u64,
        F2D => a,
        D2F => from_f32(f64v(a) as f32),
        I2B => a as i8 as i64 as u64,
        I2C => a as u16 as u64,
        I2S => a as i16 as i64 as u64,
    }
}

#[inline(always)]
fn cmp(op: CmpOp, a: u64, b: u64) -> i32 {
    use core::cmp::Ordering::*;
    let ord = match op {
        CmpOp::LCmp => Some((a as i64).cmp(&(b as i64))),
        _ => f64v(a).partial_cmp(&f64v(b)),
    };
    match ord {
        Some(Less) => -1,
        Some(Equal) => 0,
        Some(Greater) => 1,
        None => {
            if matches!(op, CmpOp::FCmpG | CmpOp::DCmpG) {
                1
            } else {
                -1
            }
        }
    }
}

/// The native-call context: a world, the calling thread, the host.
struct NativeCx<'a, M: Memory> {
    w: &'a mut World<M>,
    t: usize,
    host: &'a mut dyn Host,
}

impl<M: Memory> Ctx for NativeCx<'_, M> {
    fn now(&mut self) -> u64 {
        self.w.now(self.host)
    }
    fn print(&mut self, bytes: &[u8]) {
        let ch = self.w.threads[self.t].channel;
        self.host.print(ch, bytes);
    }
    fn string_text(&self, r: Ref) -> String {
        object::string_text(&self.w.heap, r)
    }
    fn new_string(&mut self, s: &str) -> Option<Ref> {
        let sc = self.w.prog.wk.string;
        self.w.alloc_or_collect(|h, _| object::new_string(h, sc, s))
    }
    fn string_hash(&self, r: Ref) -> i32 {
        object::string_hash(&self.w.heap, r)
    }
    fn strings_equal(&self, a: Ref, b: Ref) -> bool {
        object::strings_equal(&self.w.heap, a, b)
    }
    fn class_name_of(&self, r: Ref) -> String {
        self.w.prog.class(object::class_of(&self.w.heap, r)).name.clone()
    }
    fn woke(&mut self) -> bool {
        core::mem::take(&mut self.w.threads[self.t].woke)
    }
    fn thread_id(&self) -> u32 {
        self.t as u32
    }
    fn thread_is_main(&self) -> bool {
        self.w.threads[self.t].obj == 0
    }
    fn thread_done(&self, t: u32) -> bool {
        self.w.threads.get(t as usize).is_none_or(|x| matches!(x.state, State::Done(_)))
    }
    fn start_thread(&mut self, obj: Ref) -> Result<u32, &'static str> {
        let c = object::class_of(&self.w.heap, obj);
        let sel = self.w.prog.find_selector("run", "()V").ok_or("no run()V method")?;
        let m = *self.w.prog.class(c).vtable.get(&sel).ok_or("object has no run()V method")?;
        let mut regs = vec![0u64; self.w.prog.methods[m as usize].nregs.max(1) as usize];
        regs[0] = obj;
        let ch = self.w.threads[self.t].channel;
        let group = self.w.threads[self.t].group;
        self.w.new_thread(m, regs, obj, ch, Some(group)).map_err(|_| "heap full")
    }
    fn exit_program(&mut self, status: i32) {
        let group = self.w.threads[self.t].group;
        for th in self.w.threads.iter_mut() {
            if th.group == group && !matches!(th.state, State::Done(_)) {
                th.state = State::Done(status);
                th.pending = 0;
            }
        }
    }
    fn snapshots(&self) -> u64 {
        self.w.snapshots
    }
    fn monitor_wait(&mut self, obj: Ref, timeout_ns: u64) -> Outcome {
        let w = self.w.heap.get(obj as usize + 1);
        if w as u32 != self.t as u32 + 1 {
            return Outcome::Throw("java/lang/IllegalMonitorStateException", "wait without owning".into());
        }
        let count = (w >> 32) as u32;
        self.w.heap.set(obj as usize + 1, 0);
        let until = if timeout_ns == 0 {
            None
        } else {
            Some(self.now().saturating_add(timeout_ns))
        };
        self.w.threads[self.t].state = State::ObjWait { obj, count, until };
        // The thread stays at the call; Reacquire steps over it.
        Outcome::Block(Wait::Yield)
    }
    fn monitor_notify(&mut self, obj: Ref, all: bool) -> Outcome {
        let w = self.w.heap.get(obj as usize + 1);
        if w as u32 != self.t as u32 + 1 {
            return Outcome::Throw("java/lang/IllegalMonitorStateException", "notify without owning".into());
        }
        for th in self.w.threads.iter_mut() {
            if let State::ObjWait { obj: o, count, .. } = th.state {
                if o == obj {
                    th.state = State::Reacquire { obj, count };
                    if !all {
                        break;
                    }
                }
            }
        }
        Outcome::Void
    }
    fn root(&self) -> Ref {
        self.w.world_slot(W_ROOT)
    }
    fn set_root(&mut self, r: Ref) {
        let old = self.w.world_slot(W_ROOT);
        self.w.gc.write_barrier(&self.w.heap, old);
        self.w.set_world_slot(W_ROOT, r);
    }

    // The arguments of a native stay in the caller's registers, which are
    // roots, so they survive the collections these allocations may run.

    fn units(&self, r: Ref) -> Option<Vec<u16>> {
        if r == 0 {
            return None;
        }
        match self.w.prog.class(object::class_of(&self.w.heap, r)).shape {
            Shape::Str | Shape::Array(Elem::U16) => Some(object::string_units(&self.w.heap, r)),
            _ => None,
        }
    }
    fn new_string_units(&mut self, units: &[u16]) -> Option<Ref> {
        let sc = self.w.prog.wk.string;
        self.w.alloc_or_collect(|h, _| object::new_string_units(h, sc, units))
    }
    fn new_char_array(&mut self, units: &[u16]) -> Option<Ref> {
        let c = self.w.prog.resolve_class("[C").ok()?;
        let r = self.w.alloc_or_collect(|h, _| object::new_array(h, c, Elem::U16, units.len()))?;
        for (i, &u) in units.iter().enumerate() {
            if u != 0 {
                object::store(&mut self.w.heap, r, Elem::U16, i, u as u64);
            }
        }
        Some(r)
    }
    fn clone_object(&mut self, r: Ref) -> Option<Ref> {
        let c = object::class_of(&self.w.heap, r);
        let size = object::size_of(&self.w.heap, r);
        let n = self.w.alloc_or_collect(|h, _| h.alloc(c, size))?;
        // Words 0 and 1 are the header and the monitor.
        for i in 2..size {
            let v = self.w.heap.get(r as usize + i);
            if v != 0 {
                self.w.heap.set(n as usize + i, v);
            }
        }
        Some(n)
    }
    fn new_array_like(&mut self, proto: Ref, len: usize) -> Option<Ref> {
        let c = object::class_of(&self.w.heap, proto);
        let elem = match self.w.prog.class(c).shape {
            Shape::Array(e) => e,
            Shape::RefArray(_) => Elem::Ref,
            _ => return None,
        };
        self.w.alloc_or_collect(|h, _| object::new_array(h, c, elem, len))
    }
    fn array_copy(&mut self, src: Ref, sp: i64, dst: Ref, dp: i64, len: i64) -> Result<(), (&'static str, String)> {
        const NPE: &str = "java/lang/NullPointerException";
        const ASE: &str = "java/lang/ArrayStoreException";
        const AIOOBE: &str = "java/lang/ArrayIndexOutOfBoundsException";
        if src == 0 || dst == 0 {
            return Err((NPE, String::new()));
        }
        let w = &mut *self.w;
        let prog = &w.prog;
        let heap = &mut w.heap;
        let gc = &mut w.gc;
        let sc = prog.class(object::class_of(heap, src));
        let dc = prog.class(object::class_of(heap, dst));
        let type_name = |s: Shape, n: &str| -> String {
            match s {
                Shape::Array(e) => format!("{}[]", ["byte", "char", "short", "int", "long", "float", "double", "object"][e as usize]),
                Shape::RefArray(_) => "object array[]".into(),
                _ => n.replace('/', "."),
            }
        };
        let (elem, ref_check) = match (sc.shape, dc.shape) {
            (Shape::Array(a), Shape::Array(b)) if a == b => (a, None),
            (Shape::RefArray(a), Shape::RefArray(b)) => (Elem::Ref, if prog.is_subtype(a, b) { None } else { Some(b) }),
            (Shape::Array(_) | Shape::RefArray(_), Shape::Array(_) | Shape::RefArray(_)) => {
                let msg = format!(
                    "arraycopy: type mismatch: can not copy {} into {}",
                    type_name(sc.shape, &sc.name),
                    type_name(dc.shape, &dc.name)
                );
                return Err((ASE, msg));
            }
            (Shape::Array(_) | Shape::RefArray(_), _) => {
                return Err((ASE, format!("arraycopy: destination type {} is not an array", dc.name.replace('/', "."))))
            }
            _ => return Err((ASE, format!("arraycopy: source type {} is not an array", sc.name.replace('/', ".")))),
        };
        let (sn, dn) = (object::len(heap, src) as i64, object::len(heap, dst) as i64);
        let tname = type_name(sc.shape, &sc.name);
        let bounds = |what: &str, at: i64, n: i64| {
            let shown = tname.trim_end_matches("[]");
            Err((AIOOBE, format!("arraycopy: {what} {at} out of bounds for {shown}[{n}]")))
        };
        if sp < 0 {
            return bounds("source index", sp, sn);
        }
        if dp < 0 {
            return bounds("destination index", dp, dn);
        }
        if len < 0 {
            return Err((AIOOBE, format!("arraycopy: length {len} is negative")));
        }
        if sp + len > sn {
            return bounds("last source index", sp + len, sn);
        }
        if dp + len > dn {
            return bounds("last destination index", dp + len, dn);
        }
        let (sp, dp, len) = (sp as usize, dp as usize, len as usize);
        let backwards = src == dst && sp < dp;
        for k in 0..len {
            let i = if backwards { len - 1 - k } else { k };
            let v = object::load(heap, src, elem, sp + i);
            if elem == Elem::Ref {
                if let Some(ec) = ref_check {
                    if v != 0 && !prog.is_subtype(object::class_of(heap, v), ec) {
                        let n = prog.class(object::class_of(heap, v)).name.replace('/', ".");
                        return Err((ASE, format!("arraycopy: element type mismatch: {n}")));
                    }
                }
                let at = dst as usize + object::DATA + dp + i;
                gc.write_barrier(heap, heap.get(at));
            }
            object::store(heap, dst, elem, dp + i, v);
        }
        Ok(())
    }
}
