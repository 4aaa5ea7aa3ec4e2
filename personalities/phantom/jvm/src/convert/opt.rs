//! Peephole clean-up of a converted method.
//!
//! The converter gives every JVM stack slot its own register, so a JVM
//! `iload; iconst; isub` becomes `mov t, local; const.i u, 1; isub t, t, u`.
//! This pass folds such pairs of neighbouring instructions, using register
//! liveness (exception edges included):
//!
//! - `mov t, s` followed by an instruction reading `t`, after which `t` is
//!   dead: the reader reads `s`, the move goes;
//! - `const.i t, k` followed by an integer operation on `t` (`t` dead after):
//!   the immediate form `op d, a, #k`;
//! - an instruction writing `t` followed by `mov x, t` (`t` dead after): the
//!   instruction writes `x`, the move goes.
//!
//! The second instruction of a pair is never a branch target, so no path
//! enters between the two. Branch targets, switch tables, handler ranges and
//! the line table are renumbered after the removals. The verifier checks
//! the result like any other module.

use alloc::vec;
use alloc::vec::Vec;

use phantom_vm::insn::{BinOp, Insn, Reg, SwitchTable, NO_REG};
use phantom_vm::module::Handler;

use super::method::Body;

/// Rewrites `body` in place until no pair folds (a few rounds at most).
pub(crate) fn optimize(body: &mut Body) {
    for _ in 0..8 {
        if !round(body) {
            break;
        }
    }
}

/// Calls `f` on each register operand an instruction reads, except a call's
/// argument window (which cannot be renamed one register at a time).
fn each_read(i: &mut Insn, f: &mut impl FnMut(&mut Reg)) {
    match i {
        Insn::Mov { s, .. }
        | Insn::Un { s, .. }
        | Insn::Ret { s }
        | Insn::Throw { s }
        | Insn::MonEnter { s }
        | Insn::MonExit { s }
        | Insn::PutStatic { s, .. }
        | Insn::InstanceOf { s, .. }
        | Insn::CheckCast { s, .. }
        | Insn::Switch { s, .. } => f(s),
        Insn::Bin { a, b, .. } | Insn::Cmp { a, b, .. } | Insn::If { a, b, .. } | Insn::IfRef { a, b, .. } => {
            f(a);
            f(b);
        }
        Insn::BinI { a, .. } | Insn::IfZ { a, .. } | Insn::IfNull { a, .. } | Insn::ArrayLen { a, .. } => f(a),
        Insn::GetField { o, .. } => f(o),
        Insn::PutField { o, s, .. } => {
            f(o);
            f(s);
        }
        Insn::NewArray { len, .. } | Insn::NewRefArray { len, .. } => f(len),
        Insn::ALoad { a, i, .. } => {
            f(a);
            f(i);
        }
        Insn::AStore { a, i, s, .. } => {
            f(a);
            f(i);
            f(s);
        }
        Insn::Call { .. }
        | Insn::CallVirt { .. }
        | Insn::Nop
        | Insn::ConstI { .. }
        | Insn::ConstF { .. }
        | Insn::ConstS { .. }
        | Insn::Null { .. }
        | Insn::Jmp { .. }
        | Insn::New { .. }
        | Insn::GetStatic { .. }
        | Insn::RetVoid
        | Insn::Catch { .. } => {}
    }
}

/// Registers an instruction reads. `fixed` says they include a call's
/// argument window, which cannot be renamed.
fn reads(i: &Insn, out: &mut Vec<Reg>, fixed: &mut bool) {
    *fixed = false;
    match *i {
        Insn::Call { args, n, .. } | Insn::CallVirt { args, n, .. } => {
            *fixed = true;
            out.extend((0..n).map(|k| args + k));
        }
        mut other => each_read(&mut other, &mut |r| out.push(*r)),
    }
}

/// The register operand an instruction writes, if it has one (a call's is
/// `NO_REG` when the result is dropped).
fn dest(i: &mut Insn) -> Option<&mut Reg> {
    match i {
        Insn::ConstI { d, .. }
        | Insn::ConstF { d, .. }
        | Insn::ConstS { d, .. }
        | Insn::Null { d }
        | Insn::Mov { d, .. }
        | Insn::Bin { d, .. }
        | Insn::BinI { d, .. }
        | Insn::Un { d, .. }
        | Insn::Cmp { d, .. }
        | Insn::New { d, .. }
        | Insn::GetField { d, .. }
        | Insn::GetStatic { d, .. }
        | Insn::NewArray { d, .. }
        | Insn::NewRefArray { d, .. }
        | Insn::ArrayLen { d, .. }
        | Insn::ALoad { d, .. }
        | Insn::InstanceOf { d, .. }
        | Insn::Catch { d }
        | Insn::Call { d, .. }
        | Insn::CallVirt { d, .. } => Some(d),
        _ => None,
    }
}

/// The register an instruction writes, if any.
fn writes(i: &Insn) -> Option<Reg> {
    dest(&mut i.clone()).copied().filter(|&d| d != NO_REG)
}

/// Changes the register an instruction writes.
fn set_write(i: &mut Insn, to: Reg) {
    if let Some(d) = dest(i) {
        *d = to;
    }
}

/// Renames every read of `from` to `to` (not in a call's argument window).
fn rename_reads(i: &mut Insn, from: Reg, to: Reg) {
    each_read(i, &mut |r| {
        if *r == from {
            *r = to;
        }
    });
}

fn commutative(op: BinOp) -> bool {
    use BinOp::*;
    matches!(op, IAdd | IMul | IAnd | IOr | IXor | LAdd | LMul | LAnd | LOr | LXor)
}

/// Whether `op` has an immediate form (integer, cannot throw).
fn has_imm(op: BinOp) -> bool {
    op.kind() == phantom_vm::insn::Kind::Int && !op.can_throw()
}

/// A set of registers.
#[derive(Clone, PartialEq)]
struct Set(Vec<u64>);

impl Set {
    fn new(n: usize) -> Set {
        Set(vec![0; n.div_ceil(64)])
    }
    fn has(&self, r: Reg) -> bool {
        let r = r as usize;
        self.0.get(r / 64).is_some_and(|w| w & (1 << (r % 64)) != 0)
    }
    fn add(&mut self, r: Reg) {
        let r = r as usize;
        if let Some(w) = self.0.get_mut(r / 64) {
            *w |= 1 << (r % 64);
        }
    }
    fn remove(&mut self, r: Reg) {
        let r = r as usize;
        if let Some(w) = self.0.get_mut(r / 64) {
            *w &= !(1 << (r % 64));
        }
    }
    fn union(&mut self, o: &Set) {
        for (a, b) in self.0.iter_mut().zip(&o.0) {
            *a |= b;
        }
    }
}

/// Successors of each instruction, exception edges included.
fn successors(body: &Body) -> Vec<Vec<u32>> {
    let n = body.code.len();
    let mut succ: Vec<Vec<u32>> = vec![Vec::new(); n];
    for (pc, i) in body.code.iter().enumerate() {
        let s = &mut succ[pc];
        if i.falls_through() && pc + 1 < n {
            s.push(pc as u32 + 1);
        }
        if let Some(t) = i.target() {
            s.push(t);
        }
        if let Insn::Switch { table, .. } = i {
            if let Some(t) = body.tables.get(*table as usize) {
                s.extend(t.targets.iter().copied());
                s.push(t.default);
            }
        }
        for h in &body.handlers {
            if (h.start..h.end).contains(&(pc as u32)) {
                s.push(h.handler);
            }
        }
    }
    succ
}

/// Registers live after each instruction.
fn live_out(body: &Body, succ: &[Vec<u32>]) -> Vec<Set> {
    let n = body.code.len();
    let nregs = body.nregs as usize + 1;
    let mut live_in = vec![Set::new(nregs); n];
    let mut out = vec![Set::new(nregs); n];
    let mut buf = Vec::new();
    let mut fixed = false;
    let mut changed = true;
    while changed {
        changed = false;
        for pc in (0..n).rev() {
            let mut o = Set::new(nregs);
            for &s in &succ[pc] {
                if let Some(l) = live_in.get(s as usize) {
                    o.union(l);
                }
            }
            let mut l = o.clone();
            let i = &body.code[pc];
            if let Some(d) = writes(i) {
                l.remove(d);
            }
            buf.clear();
            reads(i, &mut buf, &mut fixed);
            for &r in &buf {
                l.add(r);
            }
            if l != live_in[pc] {
                live_in[pc] = l;
                changed = true;
            }
            out[pc] = o;
        }
    }
    out
}

/// One round of folding; true if anything changed.
fn round(body: &mut Body) -> bool {
    let n = body.code.len();
    if n < 2 {
        return false;
    }
    let mut target = vec![false; n + 1];
    for i in &body.code {
        if let Some(t) = i.target() {
            target[t as usize] = true;
        }
    }
    for t in &body.tables {
        for &x in t.targets.iter().chain(core::iter::once(&t.default)) {
            target[x as usize] = true;
        }
    }
    for h in &body.handlers {
        target[h.handler as usize] = true;
        // A handler range's edges matter to liveness only; its start and
        // end need no instruction boundary of their own.
    }
    let mut covered = vec![false; n];
    for h in &body.handlers {
        for c in covered.iter_mut().take(h.end as usize).skip(h.start as usize) {
            *c = true;
        }
    }
    let succ = successors(body);
    let live = live_out(body, &succ);
    let mut gone = vec![false; n];
    let mut buf = Vec::new();
    let mut fixed = false;
    let mut pc = 0;
    while pc + 1 < n {
        let j = pc + 1;
        if target[j] || !body.code[pc].falls_through() {
            pc += 1;
            continue;
        }
        // `t` holds no value anyone needs after `j`, except one `j` writes.
        let dead_after_j = |t: Reg, code: &[Insn]| !live[j].has(t) || writes(&code[j]) == Some(t);
        let (a, b) = (body.code[pc], body.code[j]);
        let mut done = false;
        match (a, b) {
            (Insn::Mov { d: t, s }, _) if t != s => {
                // The first reader of `t` within a few instructions of the
                // same block, with neither `t` nor `s` written before it.
                let mut k = j;
                while k < n && k < pc + 16 && !(k > j && target[k]) {
                    buf.clear();
                    reads(&body.code[k], &mut buf, &mut fixed);
                    if buf.contains(&t) {
                        let dead = !live[k].has(t) || writes(&body.code[k]) == Some(t);
                        if !fixed && dead {
                            rename_reads(&mut body.code[k], t, s);
                            gone[pc] = true;
                            pc = k;
                        }
                        break;
                    }
                    // Passing over an instruction: it must not write either
                    // register, nor branch or throw anywhere `t` may be read.
                    let w = writes(&body.code[k]);
                    let only_next = body.code[k].falls_through() && body.code[k].target().is_none();
                    if w == Some(t) || w == Some(s) || !only_next || covered[k] {
                        break;
                    }
                    k += 1;
                }
                if gone[pc.min(j - 1)] {
                    pc += 1;
                    continue;
                }
            }
            (Insn::ConstI { d: t, v }, Insn::Bin { op, d, a: x, b: y })
                if has_imm(op) && i32::try_from(v).is_ok() && dead_after_j(t, &body.code) =>
            {
                let imm = v as i32;
                if y == t && x != t {
                    body.code[j] = Insn::BinI { op, d, a: x, imm };
                    done = true;
                } else if x == t && y != t && commutative(op) {
                    body.code[j] = Insn::BinI { op, d, a: y, imm };
                    done = true;
                }
            }
            _ => {}
        }
        if !done {
            if let (Some(t), Insn::Mov { d: x, s }) = (writes(&a), b) {
                if s == t && x != t && !live[j].has(t) {
                    set_write(&mut body.code[pc], x);
                    gone[j] = true;
                    pc += 2;
                    continue;
                }
            }
        }
        if done {
            gone[pc] = true;
            pc += 2;
        } else {
            pc += 1;
        }
    }
    // Self-moves do nothing.
    for (k, i) in body.code.iter().enumerate() {
        if let Insn::Mov { d, s } = i {
            if d == s {
                gone[k] = true;
            }
        }
    }
    if !gone.iter().any(|&g| g) {
        return false;
    }
    compact(body, &gone);
    true
}

/// Removes the instructions marked `gone` and renumbers every pc reference:
/// a reference to a removed instruction goes to the next one kept.
fn compact(body: &mut Body, gone: &[bool]) {
    let n = body.code.len();
    let mut map = vec![0u32; n + 1];
    let mut next = 0u32;
    for k in 0..n {
        map[k] = next;
        if !gone[k] {
            next += 1;
        }
    }
    map[n] = next;
    let m = |x: u32| map[x as usize];
    let mut code = Vec::with_capacity(next as usize);
    for (k, mut i) in body.code.drain(..).enumerate() {
        if gone[k] {
            continue;
        }
        match &mut i {
            Insn::Jmp { t } | Insn::If { t, .. } | Insn::IfZ { t, .. } | Insn::IfRef { t, .. } | Insn::IfNull { t, .. } => {
                *t = m(*t)
            }
            _ => {}
        }
        code.push(i);
    }
    body.code = code;
    for t in body.tables.iter_mut() {
        let SwitchTable { targets, default, .. } = t;
        for x in targets.iter_mut() {
            *x = m(*x);
        }
        *default = m(*default);
    }
    let handlers: Vec<Handler> = body
        .handlers
        .iter()
        .map(|h| Handler { start: m(h.start), end: m(h.end), handler: m(h.handler), class: h.class })
        .filter(|h| h.start < h.end)
        .collect();
    body.handlers = handlers;
    let mut lines: Vec<(u32, u32)> = Vec::new();
    for &(pc, line) in &body.lines {
        let pc = m(pc);
        if pc >= next {
            continue;
        }
        match lines.last_mut() {
            Some(last) if last.0 == pc => last.1 = line,
            _ => lines.push((pc, line)),
        }
    }
    body.lines = lines;
}

#[cfg(test)]
mod tests {
    use super::*;
    use phantom_vm::insn::Cond;

    fn body(code: Vec<Insn>) -> Body {
        Body { nregs: 8, code, handlers: Vec::new(), tables: Vec::new(), lines: vec![(0, 1)] }
    }

    #[test]
    fn stack_moves_and_constants_fold() {
        // r1 = r0 - 1, written JVM-style through stack registers.
        let mut b = body(vec![
            Insn::Mov { d: 1, s: 0 },
            Insn::ConstI { d: 2, v: 1 },
            Insn::Bin { op: BinOp::ISub, d: 1, a: 1, b: 2 },
            Insn::Mov { d: 3, s: 1 },
            Insn::Ret { s: 3 },
        ]);
        optimize(&mut b);
        assert_eq!(
            b.code,
            vec![Insn::BinI { op: BinOp::ISub, d: 1, a: 0, imm: 1 }, Insn::Ret { s: 1 }]
        );
    }

    #[test]
    fn a_move_read_on_a_branch_path_stays() {
        // r7 is read at pc 4, reached by the branch at pc 1: the move at pc 0
        // must stay, although pc 2 reads r7 on the fall-through path.
        let mut b = body(vec![
            Insn::Mov { d: 7, s: 1 },
            Insn::IfZ { c: Cond::Ne, a: 0, t: 4 },
            Insn::Mov { d: 1, s: 7 },
            Insn::Jmp { t: 5 },
            Insn::Mov { d: 1, s: 7 },
            Insn::Ret { s: 1 },
        ]);
        let before = b.code.clone();
        optimize(&mut b);
        assert_eq!(b.code[0], before[0]);
        assert!(b.code.iter().filter(|i| matches!(i, Insn::Mov { d: 7, .. })).count() == 1);
    }

    #[test]
    fn targets_handlers_and_lines_are_renumbered() {
        let neg = phantom_vm::insn::UnOp::INeg;
        let mut b = body(vec![
            Insn::Mov { d: 1, s: 0 },
            Insn::Un { op: neg, d: 2, s: 1 },
            Insn::IfZ { c: Cond::Eq, a: 2, t: 4 },
            Insn::Ret { s: 2 },
            Insn::Ret { s: 0 },
            Insn::Catch { d: 3 },
            Insn::Ret { s: 3 },
        ]);
        b.handlers.push(Handler { start: 1, end: 3, handler: 5, class: None });
        b.lines = vec![(0, 10), (2, 11), (5, 12)];
        optimize(&mut b);
        assert_eq!(b.code.len(), 6);
        assert_eq!(b.code[0], Insn::Un { op: neg, d: 2, s: 0 });
        assert_eq!(b.code[1], Insn::IfZ { c: Cond::Eq, a: 2, t: 3 });
        assert_eq!(b.handlers, vec![Handler { start: 0, end: 2, handler: 4, class: None }]);
        assert_eq!(b.lines, vec![(0, 10), (1, 11), (4, 12)]);
    }
}
