//! The load-time verifier: proves a module's code type-safe before it runs.
//!
//! [`verify`] checks the module's structure (names, descriptors, flags, that
//! every table index is in range) and runs a data-flow pass over every method
//! with code. The pass tracks the kind of each register ([`Kind::Int`],
//! [`Kind::Float`], [`Kind::Ref`] or unset) at the entry of every
//! instruction; where control flow joins, registers with different kinds
//! become unset. Every instruction must find its operands set and of the
//! right kind, so the interpreter never confuses an integer with a
//! reference, and never reads a register no path has written.
//!
//! The result, per method, is a [`Verified`]: for every instruction the set
//! of registers that hold references at its entry, which is how the garbage
//! collector finds the references in suspended frames.
//!
//! # Cost
//!
//! States are bit planes (`nregs.div_ceil(64)` words each), kept only at the
//! starts of basic blocks; a join is a few word operations per 64 registers.
//! Kinds only go down, so each block is revisited at most a few times per
//! register (in practice once or twice per loop): the pass is linear-ish in
//! code size × registers / 64. The result map is one bitset per instruction,
//! bounded by [`MAX_MAP_WORDS`].

use alloc::collections::{BTreeSet, BinaryHeap};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;
use core::cmp::Reverse;
use core::fmt;

use crate::insn::{Insn, Kind, Reg, NO_REG};
use crate::module::{flags, parse_sig, ClassDef, FieldRef, MethodDef, Module};

/// The largest reference map of one method, in 64-bit words (instructions ×
/// `nregs.div_ceil(64)`): 32 MiB. Larger methods are rejected.
pub const MAX_MAP_WORDS: usize = 1 << 22;

/// What the verifier proved about one method: which registers hold
/// references at the entry of each instruction.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Verified {
    nregs: u16,
    len: u32,
    /// `len` rows of `nregs.div_ceil(64)` words; bit `r` of a row is set when
    /// register `r` holds a reference. Unreachable instructions have no bits.
    map: Vec<u64>,
}

impl Verified {
    fn words(&self) -> usize {
        (self.nregs as usize).div_ceil(64)
    }

    /// Registers of the method.
    pub fn nregs(&self) -> u16 {
        self.nregs
    }

    /// Instructions covered (the code length; 0 for native and abstract methods).
    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The bitset of reference registers at the entry of `pc` (empty when
    /// `pc` is out of range).
    pub fn row(&self, pc: u32) -> &[u64] {
        let w = self.words();
        if pc >= self.len {
            return &[];
        }
        &self.map[pc as usize * w..][..w]
    }

    /// Whether register `r` holds a reference at the entry of `pc`.
    pub fn is_ref(&self, pc: u32, r: Reg) -> bool {
        self.row(pc)
            .get(r as usize / 64)
            .is_some_and(|w| w >> (r % 64) & 1 != 0)
    }

    /// The registers holding references at the entry of `pc`, ascending.
    pub fn refs(&self, pc: u32) -> impl Iterator<Item = Reg> + '_ {
        self.row(pc).iter().enumerate().flat_map(|(i, &w)| Bits { w, base: i * 64 })
    }
}

struct Bits {
    w: u64,
    base: usize,
}

impl Iterator for Bits {
    type Item = Reg;
    fn next(&mut self) -> Option<Reg> {
        if self.w == 0 {
            return None;
        }
        let b = self.w.trailing_zeros() as usize;
        self.w &= self.w - 1;
        Some((self.base + b) as Reg)
    }
}

/// Why a module was rejected, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyError {
    /// The class (empty for module-level problems such as a bad reference table).
    pub class: String,
    /// The method's name and descriptor, e.g. `fib(I)I` (empty for class-level problems).
    pub method: String,
    pub pc: Option<u32>,
    pub msg: String,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.class.is_empty(), self.method.is_empty()) {
            (true, _) => f.write_str("module")?,
            (false, true) => f.write_str(&self.class)?,
            (false, false) => write!(f, "{}.{}", self.class, self.method)?,
        }
        if let Some(pc) = self.pc {
            write!(f, " at pc {pc}")?;
        }
        write!(f, ": {}", self.msg)
    }
}

impl core::error::Error for VerifyError {}

fn module_err(msg: String) -> VerifyError {
    VerifyError {
        class: String::new(),
        method: String::new(),
        pc: None,
        msg,
    }
}

fn class_err(c: &ClassDef, msg: String) -> VerifyError {
    VerifyError {
        class: c.name.clone(),
        method: String::new(),
        pc: None,
        msg,
    }
}

fn method_err(c: &ClassDef, m: &MethodDef, pc: Option<u32>, msg: String) -> VerifyError {
    VerifyError {
        class: c.name.clone(),
        method: format!("{}{}", m.name, m.sig),
        pc,
        msg,
    }
}

const KNOWN_FLAGS: u32 =
    flags::STATIC | flags::NATIVE | flags::ABSTRACT | flags::INTERFACE | flags::SYNCHRONIZED | flags::FINAL;

fn kind_name(k: Option<Kind>) -> &'static str {
    match k {
        Some(Kind::Int) => "an int",
        Some(Kind::Float) => "a float",
        Some(Kind::Ref) => "a reference",
        None => "nothing",
    }
}

/// A method descriptor: argument kinds (without `this`) and result.
type Sig = (Vec<Kind>, Option<Kind>);

/// The module with its method references' descriptors parsed once.
struct Ctx<'a> {
    m: &'a Module,
    msigs: Vec<Sig>,
}

/// Verifies a module: per class and per method, in module order, what the
/// garbage collector needs to know (an empty [`Verified`] for native and
/// abstract methods).
pub fn verify(m: &Module) -> Result<Vec<Vec<Verified>>, VerifyError> {
    let ctx = check_module(m)?;
    let mut out = Vec::with_capacity(m.classes.len());
    for c in &m.classes {
        let mut v = Vec::with_capacity(c.methods.len());
        for md in &c.methods {
            v.push(if md.has_code() {
                verify_method(&ctx, c, md)?
            } else {
                Verified::default()
            });
        }
        out.push(v);
    }
    Ok(out)
}

fn field_text(m: &Module, f: &FieldRef) -> String {
    let c = m.class_refs.get(f.class as usize).map_or("?", |s| s.as_str());
    let k = match f.kind {
        Kind::Int => "int",
        Kind::Float => "float",
        Kind::Ref => "ref",
    };
    format!("{c}.{}:{k}", f.name)
}

fn method_text(m: &Module, i: u32) -> String {
    let r = &m.method_refs[i as usize];
    let c = m.class_refs.get(r.class as usize).map_or("?", |s| s.as_str());
    format!("{c}.{}{}", r.name, r.sig)
}

fn check_module(m: &Module) -> Result<Ctx<'_>, VerifyError> {
    let nclasses = m.class_refs.len();
    for (i, c) in m.class_refs.iter().enumerate() {
        if c.is_empty() {
            return Err(module_err(format!("class reference {i} has an empty name")));
        }
    }
    for (i, f) in m.field_refs.iter().enumerate() {
        if f.class as usize >= nclasses {
            return Err(module_err(format!(
                "field reference {i} ({}) names class reference {}, but there are {nclasses}",
                f.name, f.class
            )));
        }
        if f.name.is_empty() {
            return Err(module_err(format!("field reference {i} has an empty name")));
        }
    }
    let mut msigs = Vec::with_capacity(m.method_refs.len());
    for (i, r) in m.method_refs.iter().enumerate() {
        if r.class as usize >= nclasses {
            return Err(module_err(format!(
                "method reference {i} ({}{}) names class reference {}, but there are {nclasses}",
                r.name, r.sig, r.class
            )));
        }
        if r.name.is_empty() {
            return Err(module_err(format!("method reference {i} has an empty name")));
        }
        let sig = parse_sig(&r.sig)
            .ok_or_else(|| module_err(format!("method reference {} has a bad descriptor", method_text(m, i as u32))))?;
        msigs.push(sig);
    }
    let mut names = BTreeSet::new();
    for c in &m.classes {
        if c.name.is_empty() {
            return Err(module_err("a class has an empty name".to_string()));
        }
        if !names.insert(c.name.as_str()) {
            return Err(class_err(c, "class defined twice in the module".to_string()));
        }
        if c.superclass.as_deref() == Some("") || c.interfaces.iter().any(|i| i.is_empty()) {
            return Err(class_err(c, "empty superclass or interface name".to_string()));
        }
        if c.flags & !KNOWN_FLAGS != 0 {
            return Err(class_err(c, format!("unknown flags {:#x}", c.flags & !KNOWN_FLAGS)));
        }
        let mut fields = BTreeSet::new();
        for f in &c.fields {
            if f.name.is_empty() {
                return Err(class_err(c, "a field has an empty name".to_string()));
            }
            if !fields.insert(f.name.as_str()) {
                return Err(class_err(c, format!("field `{}` defined twice", f.name)));
            }
        }
        let mut methods = BTreeSet::new();
        for md in &c.methods {
            let err = |msg: &str| method_err(c, md, None, msg.to_string());
            if md.name.is_empty() {
                return Err(err("empty method name"));
            }
            if !methods.insert((md.name.as_str(), md.sig.as_str())) {
                return Err(err("method defined twice"));
            }
            let Some((args, _)) = parse_sig(&md.sig) else {
                return Err(err("bad method descriptor"));
            };
            if md.flags & !KNOWN_FLAGS != 0 {
                return Err(method_err(c, md, None, format!("unknown flags {:#x}", md.flags & !KNOWN_FLAGS)));
            }
            let abs = md.flags & flags::ABSTRACT != 0;
            if abs && md.flags & (flags::STATIC | flags::NATIVE | flags::FINAL | flags::SYNCHRONIZED) != 0 {
                return Err(err("an abstract method cannot be static, native, final or synchronized"));
            }
            if md.has_code() {
                if md.code.is_empty() {
                    return Err(err("method has no code (and is neither native nor abstract)"));
                }
                let need = args.len() + !md.is_static() as usize;
                if (md.nregs as usize) < need {
                    return Err(method_err(
                        c,
                        md,
                        None,
                        format!("{} registers cannot hold {need} arguments", md.nregs),
                    ));
                }
            } else if !md.code.is_empty() || !md.handlers.is_empty() || !md.tables.is_empty() {
                return Err(err("native and abstract methods have no code"));
            }
        }
    }
    Ok(Ctx { m, msigs })
}

// ------------------------------------------------------------- data flow

// A state is three bit planes of `w` words each: `a` and `b` encode the
// kind (Int = a, Float = b, Ref = a and b, unset = neither) and `s` records
// that some path has set the register (for a precise error message).

fn get(st: &[u64], w: usize, r: Reg) -> Option<Kind> {
    let (i, sh) = (r as usize / 64, r % 64);
    match (st[i] >> sh & 1, st[w + i] >> sh & 1) {
        (0, 0) => None,
        (1, 0) => Some(Kind::Int),
        (0, _) => Some(Kind::Float),
        _ => Some(Kind::Ref),
    }
}

fn set(st: &mut [u64], w: usize, r: Reg, k: Kind) {
    let (i, bit) = (r as usize / 64, 1u64 << (r % 64));
    let (a, b) = match k {
        Kind::Int => (true, false),
        Kind::Float => (false, true),
        Kind::Ref => (true, true),
    };
    if a {
        st[i] |= bit;
    } else {
        st[i] &= !bit;
    }
    if b {
        st[w + i] |= bit;
    } else {
        st[w + i] &= !bit;
    }
    st[2 * w + i] |= bit;
}

/// Merges `from` into `into`; whether `into` changed.
fn merge(into: &mut [u64], from: &[u64], w: usize) -> bool {
    let mut changed = false;
    for i in 0..w {
        let (a, b, s) = (into[i], into[w + i], into[2 * w + i]);
        let same = !(a ^ from[i]) & !(b ^ from[w + i]);
        let (na, nb, ns) = (a & same, b & same, s | from[2 * w + i]);
        changed |= na != a || nb != b || ns != s;
        into[i] = na;
        into[w + i] = nb;
        into[2 * w + i] = ns;
    }
    changed
}

struct Flow<'a> {
    c: &'a ClassDef,
    md: &'a MethodDef,
    w: usize,
    /// pc -> block slot, `u32::MAX` when `pc` does not start a block.
    slot: Vec<u32>,
    /// slot -> pc
    start: Vec<u32>,
    states: Vec<u64>,
    reached: Vec<bool>,
    queued: Vec<bool>,
    work: BinaryHeap<Reverse<u32>>,
}

impl Flow<'_> {
    fn err(&self, pc: u32, msg: String) -> VerifyError {
        method_err(self.c, self.md, Some(pc), msg)
    }

    /// Flows `st` into the block starting at `to`.
    fn edge(&mut self, to: u32, st: &[u64]) {
        let s = self.slot[to as usize] as usize;
        let sw = 3 * self.w;
        let into = &mut self.states[s * sw..][..sw];
        let changed = if self.reached[s] {
            merge(into, st, self.w)
        } else {
            self.reached[s] = true;
            into.copy_from_slice(st);
            true
        };
        if changed && !self.queued[s] {
            self.queued[s] = true;
            self.work.push(Reverse(s as u32));
        }
    }

    /// A normal (non-exceptional) edge from `pc` to `to`, which must not be
    /// a handler's `Catch`.
    fn jump(&mut self, pc: u32, to: u32, st: &[u64]) -> Result<(), VerifyError> {
        if matches!(self.md.code[to as usize], Insn::Catch { .. }) {
            return Err(self.err(pc, format!("flows into the `catch` at pc {to}, which only an exception may reach")));
        }
        self.edge(to, st);
        Ok(())
    }
}

fn verify_method(ctx: &Ctx, c: &ClassDef, md: &MethodDef) -> Result<Verified, VerifyError> {
    let m = ctx.m;
    let code = &md.code;
    let len = code.len();
    let nregs = md.nregs;
    let w = (nregs as usize).div_ceil(64);
    let merr = |pc: Option<u32>, msg: String| method_err(c, md, pc, msg);
    if len > u32::MAX as usize / 2 || len.saturating_mul(w) > MAX_MAP_WORDS {
        return Err(merr(None, format!("too large to verify ({len} instructions × {nregs} registers)")));
    }
    let (args, result) = parse_sig(&md.sig).ok_or_else(|| merr(None, "bad method descriptor".to_string()))?;

    // Structure: handlers, tables, and every instruction's operands.
    for (i, h) in md.handlers.iter().enumerate() {
        if h.start >= h.end || h.end as usize > len || h.handler as usize >= len {
            return Err(merr(
                None,
                format!(
                    "handler {i} ({}..{} -> {}) out of range of the {len} instructions",
                    h.start, h.end, h.handler
                ),
            ));
        }
        if !matches!(code[h.handler as usize], Insn::Catch { .. }) {
            return Err(merr(Some(h.handler), format!("handler {i} does not start with `catch`")));
        }
        if let Some(k) = h.class {
            if k as usize >= m.class_refs.len() {
                return Err(merr(None, format!("handler {i} names class reference {k} out of range")));
            }
        }
    }
    for (i, t) in md.tables.iter().enumerate() {
        if t.keys.len() != t.targets.len() {
            return Err(merr(None, format!("switch table {i} has {} keys but {} targets", t.keys.len(), t.targets.len())));
        }
        if let Some(k) = t.keys.windows(2).find(|k| k[0] >= k[1]) {
            return Err(merr(None, format!("switch table {i}: keys not strictly ascending ({} then {})", k[0], k[1])));
        }
        if let Some(&x) = t.targets.iter().chain([&t.default]).find(|&&x| x as usize >= len) {
            return Err(merr(None, format!("switch table {i}: target {x} out of range of the {len} instructions")));
        }
    }
    for (pc, insn) in code.iter().enumerate() {
        check_insn(ctx, md, insn, result).map_err(|msg| merr(Some(pc as u32), msg))?;
    }

    // Blocks start at pc 0, at branch and switch targets and at handlers.
    let mut slot = vec![u32::MAX; len];
    slot[0] = 0;
    for insn in code {
        if let Some(t) = insn.target() {
            slot[t as usize] = 0;
        }
        if let Insn::Switch { table, .. } = insn {
            let t = &md.tables[*table as usize];
            for &x in t.targets.iter().chain([&t.default]) {
                slot[x as usize] = 0;
            }
        }
    }
    for h in &md.handlers {
        slot[h.handler as usize] = 0;
    }
    let mut start = Vec::new();
    for (pc, s) in slot.iter_mut().enumerate() {
        if *s == 0 {
            *s = start.len() as u32;
            start.push(pc as u32);
        }
    }
    let mut covered = vec![false; len];
    for h in &md.handlers {
        covered[h.start as usize..h.end as usize].fill(true);
    }
    let sw = 3 * w;
    let nblocks = start.len();
    let mut f = Flow {
        c,
        md,
        w,
        slot,
        start,
        states: vec![0; nblocks * sw],
        reached: vec![false; nblocks],
        queued: vec![false; nblocks],
        work: BinaryHeap::new(),
    };

    // Entry: `this`, then the arguments.
    let mut cur = vec![0u64; sw];
    let mut r: Reg = 0;
    if !md.is_static() {
        set(&mut cur, w, 0, Kind::Ref);
        r = 1;
    }
    for &k in &args {
        set(&mut cur, w, r, k);
        r += 1;
    }
    if matches!(code[0], Insn::Catch { .. }) {
        return Err(f.err(0, "the method starts with a `catch`, which only an exception may reach".to_string()));
    }
    f.edge(0, &cur);

    let mut map = vec![0u64; len * w];
    while let Some(Reverse(s)) = f.work.pop() {
        let s = s as usize;
        f.queued[s] = false;
        cur.copy_from_slice(&f.states[s * sw..][..sw]);
        let mut pc = f.start[s] as usize;
        loop {
            let row = &mut map[pc * w..][..w];
            for (i, x) in row.iter_mut().enumerate() {
                *x = cur[i] & cur[w + i];
            }
            if covered[pc] {
                for h in &md.handlers {
                    if (h.start as usize..h.end as usize).contains(&pc) {
                        // The state at entry of `pc` (an instruction that
                        // throws has not written its destination).
                        f.edge(h.handler, &cur);
                    }
                }
            }
            let insn = code[pc];
            step(ctx, &insn, &mut cur, w, result).map_err(|msg| f.err(pc as u32, msg))?;
            let p = pc as u32;
            if let Some(t) = insn.target() {
                f.jump(p, t, &cur)?;
            }
            if let Insn::Switch { table, .. } = insn {
                let t = &md.tables[table as usize];
                for &x in t.targets.iter().chain([&t.default]) {
                    f.jump(p, x, &cur)?;
                }
            }
            if !insn.falls_through() {
                break;
            }
            let next = pc + 1;
            if next == len {
                return Err(f.err(p, "execution falls off the end of the code".to_string()));
            }
            if f.slot[next] != u32::MAX {
                f.jump(p, next as u32, &cur)?;
                break;
            }
            if matches!(code[next], Insn::Catch { .. }) {
                return Err(f.err(p, format!("flows into the `catch` at pc {next}, which only an exception may reach")));
            }
            pc = next;
        }
    }
    Ok(Verified {
        nregs,
        len: len as u32,
        map,
    })
}

/// Checks what does not depend on register kinds: register numbers, table
/// indices, targets, field and call shapes. Runs on every instruction,
/// reachable or not.
fn check_insn(ctx: &Ctx, md: &MethodDef, insn: &Insn, result: Option<Kind>) -> Result<(), String> {
    let m = ctx.m;
    let len = md.code.len();
    let nregs = md.nregs;
    let reg = |r: Reg| -> Result<(), String> {
        if r >= nregs {
            if r == NO_REG {
                return Err("`_` (no register) used as an operand".to_string());
            }
            return Err(format!("register r{r} out of range (the method has {nregs} registers)"));
        }
        Ok(())
    };
    let target = |t: u32| -> Result<(), String> {
        if t as usize >= len {
            return Err(format!("branch target {t} out of range of the {len} instructions"));
        }
        Ok(())
    };
    let class = |k: u32| -> Result<(), String> {
        if k as usize >= m.class_refs.len() {
            return Err(format!("class reference {k} out of range ({} entries)", m.class_refs.len()));
        }
        Ok(())
    };
    let field = |i: u32, want_static: bool| -> Result<(), String> {
        let f = m
            .field_refs
            .get(i as usize)
            .ok_or_else(|| format!("field reference {i} out of range ({} entries)", m.field_refs.len()))?;
        if f.is_static != want_static {
            let (is, use_) = if f.is_static { ("static", "instance") } else { ("instance", "static") };
            return Err(format!("{use_} access to the {is} field {}", field_text(m, f)));
        }
        Ok(())
    };
    match *insn {
        Insn::Nop | Insn::RetVoid => {}
        Insn::ConstI { d, .. } | Insn::ConstF { d, .. } | Insn::Null { d } | Insn::Catch { d } => reg(d)?,
        Insn::ConstS { d, s } => {
            reg(d)?;
            if s as usize >= m.strings.len() {
                return Err(format!("string {s} out of range ({} entries)", m.strings.len()));
            }
        }
        Insn::Mov { d, s } | Insn::Un { d, s, .. } | Insn::ArrayLen { d, a: s } => {
            reg(d)?;
            reg(s)?;
        }
        Insn::Bin { d, a, b, .. } | Insn::Cmp { d, a, b, .. } => {
            reg(d)?;
            reg(a)?;
            reg(b)?;
        }
        Insn::BinI { op, d, a, .. } => {
            reg(d)?;
            reg(a)?;
            if op.kind() != Kind::Int || op.can_throw() {
                return Err(format!("`{}` has no immediate form", op.name()));
            }
        }
        Insn::Jmp { t } => target(t)?,
        Insn::If { a, b, t, .. } | Insn::IfRef { a, b, t, .. } => {
            reg(a)?;
            reg(b)?;
            target(t)?;
        }
        Insn::IfZ { a, t, .. } | Insn::IfNull { a, t, .. } => {
            reg(a)?;
            target(t)?;
        }
        Insn::Switch { s, table } => {
            reg(s)?;
            if table as usize >= md.tables.len() {
                return Err(format!("switch table {table} out of range ({} tables)", md.tables.len()));
            }
        }
        Insn::New { d, class: k } => {
            reg(d)?;
            class(k)?;
        }
        Insn::GetField { d, o, field: i } => {
            reg(d)?;
            reg(o)?;
            field(i, false)?;
        }
        Insn::PutField { o, field: i, s } => {
            reg(o)?;
            reg(s)?;
            field(i, false)?;
        }
        Insn::GetStatic { d: r, field: i } | Insn::PutStatic { field: i, s: r } => {
            reg(r)?;
            field(i, true)?;
        }
        Insn::NewArray { d, len, .. } => {
            reg(d)?;
            reg(len)?;
        }
        Insn::NewRefArray { d, class: k, len } => {
            reg(d)?;
            reg(len)?;
            class(k)?;
        }
        Insn::ALoad { d: x, a, i, .. } | Insn::AStore { a, i, s: x, .. } => {
            reg(x)?;
            reg(a)?;
            reg(i)?;
        }
        Insn::InstanceOf { d, s, class: k } => {
            reg(d)?;
            reg(s)?;
            class(k)?;
        }
        Insn::CheckCast { s, class: k } => {
            reg(s)?;
            class(k)?;
        }
        Insn::Call { d, method, args, n } | Insn::CallVirt { d, method, args, n } => {
            let virt = matches!(insn, Insn::CallVirt { .. });
            let (params, ret) = ctx
                .msigs
                .get(method as usize)
                .ok_or_else(|| format!("method reference {method} out of range ({} entries)", m.method_refs.len()))?;
            let k = params.len();
            let ok = if virt { n as usize == k + 1 } else { n as usize == k || n as usize == k + 1 };
            if !ok {
                let takes = if virt {
                    format!("{} with the receiver", k + 1)
                } else {
                    format!("{k}, or {} with a receiver", k + 1)
                };
                return Err(format!("call of {} passes {n} arguments; it takes {takes}", method_text(m, method)));
            }
            if n > 0 && args as u32 + n as u32 > nregs as u32 {
                return Err(format!(
                    "argument registers r{args}..r{} out of range (the method has {nregs} registers)",
                    args as u32 + n as u32 - 1
                ));
            }
            if d != NO_REG {
                reg(d)?;
                if ret.is_none() {
                    return Err(format!(
                        "the result of {}, which returns nothing, is stored in r{d}",
                        method_text(m, method)
                    ));
                }
            }
        }
        Insn::Ret { s } => {
            reg(s)?;
            if result.is_none() {
                return Err("`ret` with a value in a method returning void".to_string());
            }
        }
        Insn::Throw { s } | Insn::MonEnter { s } | Insn::MonExit { s } => reg(s)?,
    }
    if let (Insn::RetVoid, Some(k)) = (insn, result) {
        return Err(format!("`ret` without a value in a method returning {}", kind_name(Some(k))));
    }
    Ok(())
}

/// Applies `insn` to the state `st`, checking its operands' kinds (its
/// structure was checked by [`check_insn`]).
fn step(ctx: &Ctx, insn: &Insn, st: &mut [u64], w: usize, result: Option<Kind>) -> Result<(), String> {
    let m = ctx.m;
    let read = |st: &[u64], r: Reg| -> Result<Kind, String> {
        get(st, w, r).ok_or_else(|| {
            let i = r as usize / 64;
            if st[2 * w + i] >> (r % 64) & 1 != 0 {
                format!("register r{r} is read where it is unset on some path or holds different kinds on different paths")
            } else {
                format!("register r{r} read before it is set")
            }
        })
    };
    let need = |st: &[u64], r: Reg, k: Kind| -> Result<(), String> {
        let got = read(st, r)?;
        if got != k {
            return Err(format!("register r{r} holds {}, expected {}", kind_name(Some(got)), kind_name(Some(k))));
        }
        Ok(())
    };
    match *insn {
        Insn::Nop | Insn::Jmp { .. } | Insn::RetVoid => {}
        Insn::ConstI { d, .. } => set(st, w, d, Kind::Int),
        Insn::ConstF { d, .. } => set(st, w, d, Kind::Float),
        Insn::ConstS { d, .. } | Insn::Null { d } | Insn::Catch { d } => set(st, w, d, Kind::Ref),
        Insn::Mov { d, s } => {
            let k = read(st, s)?;
            set(st, w, d, k);
        }
        Insn::Bin { op, d, a, b } => {
            let k = op.kind();
            need(st, a, k)?;
            need(st, b, k)?;
            set(st, w, d, k);
        }
        Insn::BinI { d, a, .. } => {
            need(st, a, Kind::Int)?;
            set(st, w, d, Kind::Int);
        }
        Insn::Un { op, d, s } => {
            let (from, to) = op.kinds();
            need(st, s, from)?;
            set(st, w, d, to);
        }
        Insn::Cmp { op, d, a, b } => {
            let k = op.operand_kind();
            need(st, a, k)?;
            need(st, b, k)?;
            set(st, w, d, Kind::Int);
        }
        Insn::If { a, b, .. } => {
            need(st, a, Kind::Int)?;
            need(st, b, Kind::Int)?;
        }
        Insn::IfZ { a, .. } | Insn::Switch { s: a, .. } => need(st, a, Kind::Int)?,
        Insn::IfRef { a, b, .. } => {
            need(st, a, Kind::Ref)?;
            need(st, b, Kind::Ref)?;
        }
        Insn::IfNull { a, .. }
        | Insn::CheckCast { s: a, .. }
        | Insn::Throw { s: a }
        | Insn::MonEnter { s: a }
        | Insn::MonExit { s: a } => need(st, a, Kind::Ref)?,
        Insn::New { d, .. } => set(st, w, d, Kind::Ref),
        Insn::GetField { d, o, field } => {
            need(st, o, Kind::Ref)?;
            set(st, w, d, m.field_refs[field as usize].kind);
        }
        Insn::PutField { o, field, s } => {
            need(st, o, Kind::Ref)?;
            need(st, s, m.field_refs[field as usize].kind)?;
        }
        Insn::GetStatic { d, field } => set(st, w, d, m.field_refs[field as usize].kind),
        Insn::PutStatic { field, s } => need(st, s, m.field_refs[field as usize].kind)?,
        Insn::NewArray { d, len, .. } | Insn::NewRefArray { d, len, .. } => {
            need(st, len, Kind::Int)?;
            set(st, w, d, Kind::Ref);
        }
        Insn::ArrayLen { d, a } => {
            need(st, a, Kind::Ref)?;
            set(st, w, d, Kind::Int);
        }
        Insn::ALoad { elem, d, a, i } => {
            need(st, a, Kind::Ref)?;
            need(st, i, Kind::Int)?;
            set(st, w, d, elem.kind());
        }
        Insn::AStore { elem, a, i, s } => {
            need(st, a, Kind::Ref)?;
            need(st, i, Kind::Int)?;
            need(st, s, elem.kind())?;
        }
        Insn::InstanceOf { d, s, .. } => {
            need(st, s, Kind::Ref)?;
            set(st, w, d, Kind::Int);
        }
        Insn::Call { d, method, args, n } | Insn::CallVirt { d, method, args, n } => {
            let (params, ret) = &ctx.msigs[method as usize];
            let recv = n as usize - params.len();
            if recv == 1 {
                need(st, args, Kind::Ref)?;
            }
            for (i, &k) in params.iter().enumerate() {
                need(st, args + (recv + i) as Reg, k)?;
            }
            if let (Some(k), true) = (ret, d != NO_REG) {
                set(st, w, d, *k);
            }
        }
        Insn::Ret { s } => {
            if let Some(k) = result {
                need(st, s, k)?;
            }
        }
    }
    Ok(())
}
