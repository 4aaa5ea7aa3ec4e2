//! What natives see of the world: [`Ctx`] for a calling thread.

use super::*;

/// The native-call context: a world, the calling thread, the host.
pub(super) struct NativeCx<'a, M: Memory> {
    pub(super) w: &'a mut World<M>,
    pub(super) t: usize,
    pub(super) host: &'a mut dyn Host,
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
