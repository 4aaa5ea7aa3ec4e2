//! The interpreter: the fast loop, the slow instructions (allocation,
//! class initialisation, natives, monitors, exceptions) and returns.

use super::*;

impl<M: Memory> World<M> {
    // ------------------------------------------------------------ interpreter

    /// Creates an exception of class `name` with `msg` and unwinds thread `t` to it.
    pub(super) fn throw_new(&mut self, t: usize, name: &str, msg: &str) {
        let exc = self.make_exception(name, msg);
        self.unwind(t, exc);
    }

    pub(super) fn make_exception(&mut self, name: &str, msg: &str) -> Ref {
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
    pub(super) fn threads_pending_guard(&mut self, r: Ref) {
        self.gc.guard = r;
    }

    /// Transfers control of thread `t` to the handler for `exc`, popping
    /// frames; ends the thread if nothing catches it.
    pub(super) fn unwind(&mut self, t: usize, exc: Ref) {
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
    pub(super) fn stack_trace(&self, t: usize) -> String {
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

    pub(super) fn describe_exception(&self, exc: Ref) -> String {
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
    pub(super) fn monitor_enter_raw(&mut self, t: usize, obj: Ref) -> bool {
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

    pub(super) fn monitor_exit_raw(&mut self, t: usize, obj: Ref) -> bool {
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
    pub(super) fn ensure_init(&mut self, t: usize, c: ClassId) -> bool {
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

    pub(super) fn ensure_supers(&mut self, t: usize, c: ClassId) -> bool {
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
    pub(super) fn push_frame(&mut self, t: usize, mid: MethodId, args: &[u64]) -> Result<(), ()> {
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
    pub(super) fn exec(&mut self, t: usize, host: &mut dyn Host, mut budget: i64) {
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
    pub(super) fn slow(&mut self, t: usize, insn: Insn, host: &mut dyn Host) {
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

    pub(super) fn throw_oom(&mut self, t: usize) {
        let e = self.world_slot(W_OOM);
        self.unwind(t, e);
    }

    /// Completes the top frame's current instruction: `d = v`, pc + 1.
    pub(super) fn finish(&mut self, t: usize, d: u16, v: u64) {
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
    pub(super) fn interp(&mut self, t: usize, budget: &mut i64) -> Step {
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
    pub(super) fn slow_return(&mut self, t: usize, v: u64) -> Step {
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

pub(super) enum Step {
    Continue,
    Yield,
    Slow(Insn),
}

#[inline]
pub(super) fn statics_ref(prog: &Program, statics: &[Ref], c: ClassId) -> Ref {
    match prog.class(c).defined_by {
        Some(i) => statics[i as usize],
        None => 0,
    }
}

/// [`class_ready`] with its common case inline.
#[inline(always)]
pub(super) fn class_ready_fast<M: Memory>(prog: &Program, statics: &[Ref], heap: &Heap<M>, ready: &mut Vec<bool>, c: ClassId) -> bool {
    matches!(ready.get(c as usize), Some(true)) || class_ready(prog, statics, heap, ready, c)
}

/// Whether class `c` and its superclasses are initialised (remembered in
/// `ready` once true: initialisation is never undone).
#[inline(never)]
pub(super) fn class_ready<M: Memory>(prog: &Program, statics: &[Ref], heap: &Heap<M>, ready: &mut Vec<bool>, c: ClassId) -> bool {
    if !class_ready_walk(prog, statics, heap, c) {
        return false;
    }
    if ready.len() <= c as usize {
        ready.resize(prog.classes.len().max(c as usize + 1), false);
    }
    ready[c as usize] = true;
    true
}

pub(super) fn class_ready_walk<M: Memory>(prog: &Program, statics: &[Ref], heap: &Heap<M>, c: ClassId) -> bool {
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
pub(super) fn element<M: Memory>(
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
pub(super) fn elem_fits<M: Memory>(prog: &Program, heap: &Heap<M>, arr: Ref, elem: Elem, write: bool) -> bool {
    match prog.class(object::class_of(heap, arr)).shape {
        Shape::Array(e) => e == elem,
        Shape::RefArray(_) => elem == Elem::Ref,
        Shape::Str => elem == Elem::U16 && !write,
        _ => false,
    }
}

#[inline]
pub(super) fn i32v(x: u64) -> i32 {
    x as i32
}

#[inline]
pub(super) fn f32v(x: u64) -> f32 {
    f64::from_bits(x) as f32
}

#[inline]
pub(super) fn f64v(x: u64) -> f64 {
    f64::from_bits(x)
}

#[inline]
pub(super) fn from_i32(x: i32) -> u64 {
    x as i64 as u64
}

#[inline]
pub(super) fn from_f32(x: f32) -> u64 {
    (x as f64).to_bits()
}

/// Java's `fmod` semantics (`%` on floats in Rust is the same: truncated).
#[inline(always)]
pub(super) fn binop(op: BinOp, a: u64, b: u64) -> Option<u64> {
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
pub(super) fn unop(op: UnOp, a: u64) -> u64 {
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
pub(super) fn cmp(op: CmpOp, a: u64, b: u64) -> i32 {
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
