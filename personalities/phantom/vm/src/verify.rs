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
/// `nregs.div_ceil(64)`): 8 MiB, e.g. 65536 instructions with 1024
/// registers. Larger methods are rejected, and so are methods whose
/// instructions × covering handlers × register words exceed it.
pub const MAX_MAP_WORDS: usize = 1 << 20;

/// The largest total of the reference maps of one module, in words (64 MiB):
/// with [`MAX_MAP_WORDS`], bounds the memory a hostile module can make the
/// verifier allocate.
pub const MAX_MODULE_MAP_WORDS: usize = 1 << 23;

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
        self.row(pc)
            .iter()
            .enumerate()
            .flat_map(|(i, &w)| Bits { w, base: i * 64 })
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

const KNOWN_FLAGS: u32 = flags::STATIC
    | flags::NATIVE
    | flags::ABSTRACT
    | flags::INTERFACE
    | flags::SYNCHRONIZED
    | flags::FINAL;

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
    let mut total = 0usize;
    for c in &m.classes {
        let mut v = Vec::with_capacity(c.methods.len());
        for md in &c.methods {
            let words = md
                .code
                .len()
                .saturating_mul((md.nregs as usize).div_ceil(64));
            total = total.saturating_add(words);
            if total > MAX_MODULE_MAP_WORDS {
                return Err(method_err(
                    c,
                    md,
                    None,
                    "the module's reference maps would be too large (too many instructions × registers)".to_string(),
                ));
            }
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
    let c = m
        .class_refs
        .get(f.class as usize)
        .map_or("?", |s| s.as_str());
    let k = match f.kind {
        Kind::Int => "int",
        Kind::Float => "float",
        Kind::Ref => "ref",
    };
    format!("{c}.{}:{k}", f.name)
}

fn method_text(m: &Module, i: u32) -> String {
    let r = &m.method_refs[i as usize];
    let c = m
        .class_refs
        .get(r.class as usize)
        .map_or("?", |s| s.as_str());
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
            return Err(module_err(format!(
                "method reference {i} has an empty name"
            )));
        }
        let sig = parse_sig(&r.sig).ok_or_else(|| {
            module_err(format!(
                "method reference {} has a bad descriptor",
                method_text(m, i as u32)
            ))
        })?;
        msigs.push(sig);
    }
    let mut names = BTreeSet::new();
    for c in &m.classes {
        if c.name.is_empty() {
            return Err(module_err("a class has an empty name".to_string()));
        }
        if !names.insert(c.name.as_str()) {
            return Err(class_err(
                c,
                "class defined twice in the module".to_string(),
            ));
        }
        if c.superclass.as_deref() == Some("") || c.interfaces.iter().any(|i| i.is_empty()) {
            return Err(class_err(
                c,
                "empty superclass or interface name".to_string(),
            ));
        }
        if c.flags & !KNOWN_FLAGS != 0 {
            return Err(class_err(
                c,
                format!("unknown flags {:#x}", c.flags & !KNOWN_FLAGS),
            ));
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
                return Err(method_err(
                    c,
                    md,
                    None,
                    format!("unknown flags {:#x}", md.flags & !KNOWN_FLAGS),
                ));
            }
            let abs = md.flags & flags::ABSTRACT != 0;
            if abs
                && md.flags & (flags::STATIC | flags::NATIVE | flags::FINAL | flags::SYNCHRONIZED)
                    != 0
            {
                return Err(err(
                    "an abstract method cannot be static, native, final or synchronized",
                ));
            }
            if md.has_code() {
                if md.code.is_empty() {
                    return Err(err(
                        "method has no code (and is neither native nor abstract)",
                    ));
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
            return Err(self.err(
                pc,
                format!("flows into the `catch` at pc {to}, which only an exception may reach"),
            ));
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
        return Err(merr(
            None,
            format!("too large to verify ({len} instructions × {nregs} registers)"),
        ));
    }
    let (args, result) =
        parse_sig(&md.sig).ok_or_else(|| merr(None, "bad method descriptor".to_string()))?;

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
            return Err(merr(
                Some(h.handler),
                format!("handler {i} does not start with `catch`"),
            ));
        }
        if let Some(k) = h.class {
            if k as usize >= m.class_refs.len() {
                return Err(merr(
                    None,
                    format!("handler {i} names class reference {k} out of range"),
                ));
            }
        }
    }
    for (i, t) in md.tables.iter().enumerate() {
        if t.keys.len() != t.targets.len() {
            return Err(merr(
                None,
                format!(
                    "switch table {i} has {} keys but {} targets",
                    t.keys.len(),
                    t.targets.len()
                ),
            ));
        }
        if let Some(k) = t.keys.windows(2).find(|k| k[0] >= k[1]) {
            return Err(merr(
                None,
                format!(
                    "switch table {i}: keys not strictly ascending ({} then {})",
                    k[0], k[1]
                ),
            ));
        }
        if let Some(&x) = t
            .targets
            .iter()
            .chain([&t.default])
            .find(|&&x| x as usize >= len)
        {
            return Err(merr(
                None,
                format!("switch table {i}: target {x} out of range of the {len} instructions"),
            ));
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
    // Exception edges: for every pc, the distinct handlers covering it
    // (`catch_at[catch_off[pc]..catch_off[pc + 1]]`). Ranges of handlers
    // sharing an entry are united first, so `catch (A | B e)` and javac's
    // repeated `finally` entries cost one edge.
    let mut ranges: Vec<(u32, u32, u32)> = md
        .handlers
        .iter()
        .map(|h| (h.handler, h.start, h.end))
        .collect();
    ranges.sort_unstable();
    let mut spans: Vec<(u32, u32, u32)> = Vec::with_capacity(ranges.len());
    for (t, s, e) in ranges {
        match spans.last_mut() {
            Some(last) if last.0 == t && s <= last.2 => last.2 = last.2.max(e),
            _ => spans.push((t, s, e)),
        }
    }
    let pairs: usize = spans.iter().map(|&(_, s, e)| (e - s) as usize).sum();
    if pairs.saturating_mul(w.max(1)) > MAX_MAP_WORDS {
        return Err(merr(
            None,
            format!("too many exception handlers to verify ({pairs} instruction-handler pairs)"),
        ));
    }
    let mut catch_off = vec![0u32; len + 1];
    for &(_, s, e) in &spans {
        for n in &mut catch_off[s as usize + 1..e as usize + 1] {
            *n += 1;
        }
    }
    for pc in 0..len {
        catch_off[pc + 1] += catch_off[pc];
    }
    let mut catch_at = vec![0u32; pairs];
    let mut fill: Vec<u32> = catch_off[..len].to_vec();
    for &(t, s, e) in &spans {
        for pc in s as usize..e as usize {
            catch_at[fill[pc] as usize] = t;
            fill[pc] += 1;
        }
    }
    drop(fill);
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
        return Err(f.err(
            0,
            "the method starts with a `catch`, which only an exception may reach".to_string(),
        ));
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
            // The state at entry of `pc` flows to its handlers (an
            // instruction that throws has not written its destination).
            for &t in &catch_at[catch_off[pc] as usize..catch_off[pc + 1] as usize] {
                f.edge(t, &cur);
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
                return Err(f.err(
                    p,
                    format!(
                        "flows into the `catch` at pc {next}, which only an exception may reach"
                    ),
                ));
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
            return Err(format!(
                "register r{r} out of range (the method has {nregs} registers)"
            ));
        }
        Ok(())
    };
    let target = |t: u32| -> Result<(), String> {
        if t as usize >= len {
            return Err(format!(
                "branch target {t} out of range of the {len} instructions"
            ));
        }
        Ok(())
    };
    let class = |k: u32| -> Result<(), String> {
        if k as usize >= m.class_refs.len() {
            return Err(format!(
                "class reference {k} out of range ({} entries)",
                m.class_refs.len()
            ));
        }
        Ok(())
    };
    let field = |i: u32, want_static: bool| -> Result<(), String> {
        let f = m.field_refs.get(i as usize).ok_or_else(|| {
            format!(
                "field reference {i} out of range ({} entries)",
                m.field_refs.len()
            )
        })?;
        if f.is_static != want_static {
            let (is, use_) = if f.is_static {
                ("static", "instance")
            } else {
                ("instance", "static")
            };
            return Err(format!(
                "{use_} access to the {is} field {}",
                field_text(m, f)
            ));
        }
        Ok(())
    };
    match *insn {
        Insn::Nop | Insn::RetVoid => {}
        Insn::ConstI { d, .. } | Insn::ConstF { d, .. } | Insn::Null { d } | Insn::Catch { d } => {
            reg(d)?
        }
        Insn::ConstS { d, s } => {
            reg(d)?;
            if s as usize >= m.strings.len() {
                return Err(format!(
                    "string {s} out of range ({} entries)",
                    m.strings.len()
                ));
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
                return Err(format!(
                    "switch table {table} out of range ({} tables)",
                    md.tables.len()
                ));
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
            let (params, ret) = ctx.msigs.get(method as usize).ok_or_else(|| {
                format!(
                    "method reference {method} out of range ({} entries)",
                    m.method_refs.len()
                )
            })?;
            let k = params.len();
            let ok = if virt {
                n as usize == k + 1
            } else {
                n as usize == k || n as usize == k + 1
            };
            if !ok {
                let takes = if virt {
                    format!("{} with the receiver", k + 1)
                } else {
                    format!("{k}, or {} with a receiver", k + 1)
                };
                return Err(format!(
                    "call of {} passes {n} arguments; it takes {takes}",
                    method_text(m, method)
                ));
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
        return Err(format!(
            "`ret` without a value in a method returning {}",
            kind_name(Some(k))
        ));
    }
    Ok(())
}

/// Applies `insn` to the state `st`, checking its operands' kinds (its
/// structure was checked by [`check_insn`]).
fn step(
    ctx: &Ctx,
    insn: &Insn,
    st: &mut [u64],
    w: usize,
    result: Option<Kind>,
) -> Result<(), String> {
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
            return Err(format!(
                "register r{r} holds {}, expected {}",
                kind_name(Some(got)),
                kind_name(Some(k))
            ));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::asm::assemble;
    use crate::insn::SwitchTable;
    use crate::module::{FieldRef, Handler, MethodRef};
    use alloc::string::ToString;
    use alloc::vec;

    const DEMO: &str = r#"
module demo

class Demo extends java/lang/Object
    field static calls int
    field value int
    field name ref

    method <init> ()V regs 1
        call _, java/lang/Object.<init>()V, r0, 1
        ret
    end

    method static fib (I)I regs 3
        getstatic r1, Demo.calls:int
        iadd r1, r1, #1
        putstatic Demo.calls:int, r1
        const.i r1, 2
        if.lt r0, r1, small
        isub r1, r0, #1
        call r1, Demo.fib(I)I, r1, 1
        isub r2, r0, #2
        call r2, Demo.fib(I)I, r2, 1
        iadd r1, r1, r2
        ret r1
    small:
        ret r0
    end

    method static safeDiv (II)I regs 3
        .catch try done handler java/lang/ArithmeticException
    try:
        idiv r2, r0, r1
    done:
        ret r2
    handler:
        catch r2
        const.i r2, 0
        ret r2
    end

    method getValue ()I regs 2
        getfield r1, r0, Demo.value:int
        ret r1
    end

    method setName (Ljava/lang/String;)V regs 2
        putfield r0, Demo.name:ref, r1
        ret
    end

    method native now ()J
    method abstract todo (Ljava/lang/String;)V
end

class Loops extends java/lang/Object
    ; sum of a[i] * 0.5 over a double[]
    method static sum ([D)D regs 6
        const.f r1, 0.0
        const.i r2, 0
        arraylen r3, r0
        const.f r5, 0.5
    top:
        if.ge r2, r3, out
        aload.f64 r4, r0, r2
        dmul r4, r4, r5
        dadd r1, r1, r4
        iadd r2, r2, #1
        jmp top
    out:
        ret r1
    end

    method static classify (I)Ljava/lang/String; regs 2
        switch r0 { 1: one, 2: two, default: other }
    one:
        const.s r1, "one"
        ret r1
    two:
        const.s r1, "two"
        ret r1
    other:
        null r1
        ret r1
    end

    method static sync (Ljava/lang/Object;)I regs 4
        monenter r0
        .catch a b h
    a:
        callvirt r1, java/lang/Object.hashCode()I, r0, 1
        monexit r0
    b:
        ret r1
    h:
        catch r2
        monexit r0
        throw r2
    end

    method static misc (Ljava/lang/Object;J)V regs 8
        instanceof r3, r0, java/lang/String
        ifz.eq r3, skip
        checkcast r0, java/lang/String
    skip:
        l2i r4, r1
        newrefarray r5, java/lang/String, r4
        astore.ref r5, r4, r0
        newarray.i8 r6, r4
        i2d r7, r1
        d2f r7, r7
        dcmpl r3, r7, r7
        ifnull r0, done
        ifref.eq r0, r5, done
        mov r6, r0
    done:
        nop
        ret
    end
end
"#;

    fn method<'a>(m: &'a Module, class: &str, name: &str) -> (usize, usize, &'a MethodDef) {
        for (ci, c) in m.classes.iter().enumerate() {
            for (mi, md) in c.methods.iter().enumerate() {
                if c.name == class && md.name == name {
                    return (ci, mi, md);
                }
            }
        }
        panic!("no {class}.{name}");
    }

    fn refs(v: &Verified, pc: u32) -> Vec<Reg> {
        v.refs(pc).collect()
    }

    #[test]
    fn valid_modules_verify() {
        let m = assemble(DEMO).unwrap();
        let v = verify(&m).unwrap();
        assert_eq!(v.len(), m.classes.len());
        for (c, vc) in m.classes.iter().zip(&v) {
            assert_eq!(vc.len(), c.methods.len());
            for (md, vm) in c.methods.iter().zip(vc) {
                assert_eq!(vm.len(), md.code.len(), "{}", md.name);
                if md.has_code() {
                    assert_eq!(vm.nregs(), md.nregs);
                } else {
                    assert!(vm.is_empty());
                }
            }
        }
        let (ci, mi, _) = method(&m, "Demo", "setName");
        assert_eq!(refs(&v[ci][mi], 0), vec![0, 1]);
        let (ci, mi, _) = method(&m, "Loops", "sync");
        // The handler sees the object in r0 and nothing else; r2 after `catch`.
        assert_eq!(refs(&v[ci][mi], 4), vec![0]);
        assert_eq!(refs(&v[ci][mi], 5), vec![0, 2]);
    }

    #[test]
    fn asm_doc_example_verifies() {
        let doc: String = include_str!("asm.rs")
            .lines()
            .filter_map(|l| l.strip_prefix("//!"))
            .map(|l| alloc::format!("{}\n", l.strip_prefix(' ').unwrap_or(l)))
            .collect();
        let example = doc
            .split("```text\n")
            .nth(1)
            .unwrap()
            .split("```")
            .next()
            .unwrap();
        let m = assemble(example).unwrap();
        assert_eq!(m.classes[0].methods.len(), 3);
        verify(&m).unwrap();
    }

    #[test]
    fn boot_module_verifies() {
        let m = assemble(include_str!("boot.phs")).unwrap();
        verify(&m).unwrap();
    }

    #[test]
    fn reference_maps_with_loop_and_join() {
        let src = r#"
class T extends java/lang/Object
    method static loop (I)Ljava/lang/Object; regs 4
        null r1              ; 0
        const.i r2, 0        ; 1
    top:
        ifz.le r0, done      ; 2: joins the entry and the back edge
        new r3, T            ; 3
        mov r1, r3           ; 4
        isub r0, r0, #1      ; 5
        jmp top              ; 6
    done:
        ret r1               ; 7
        nop                  ; 8: unreachable
    end

    method join (I)I regs 3
        ifz.eq r1, other     ; 0
        null r2              ; 1
        jmp out              ; 2
    other:
        const.i r2, 5        ; 3
        mov r2, r0           ; 4
    out:
        ret r1               ; 5: r2 is a ref on one path only
    end

    method static wide ()V regs 130
        null r129
        null r64
        const.i r129, 1
        ret
    end
end
"#;
        let m = assemble(src).unwrap();
        let v = verify(&m).unwrap();
        let lp = &v[0][0];
        assert_eq!(refs(lp, 0), vec![]);
        assert_eq!(refs(lp, 1), vec![1]);
        assert_eq!(refs(lp, 2), vec![1], "r3 is unset at the loop head");
        assert!(!lp.is_ref(2, 3));
        assert!(!lp.is_ref(2, 2));
        assert_eq!(refs(lp, 3), vec![1]);
        assert_eq!(refs(lp, 4), vec![1, 3]);
        assert_eq!(refs(lp, 5), vec![1, 3]);
        assert_eq!(refs(lp, 6), vec![1, 3]);
        assert_eq!(refs(lp, 7), vec![1]);
        assert_eq!(refs(lp, 8), vec![], "unreachable code has an empty map");
        assert_eq!(refs(lp, 9), vec![], "out of range");
        assert!(!lp.is_ref(100, 1));
        let j = &v[0][1];
        assert_eq!(refs(j, 0), vec![0]);
        assert_eq!(refs(j, 2), vec![0, 2]);
        assert_eq!(refs(j, 4), vec![0]);
        assert_eq!(refs(j, 5), vec![0, 2], "both paths leave a reference in r2");
        let wd = &v[0][2];
        assert_eq!(refs(wd, 1), vec![129]);
        assert_eq!(refs(wd, 2), vec![64, 129]);
        assert_eq!(refs(wd, 3), vec![64]);
        assert!(wd.is_ref(3, 64) && !wd.is_ref(3, 129) && !wd.is_ref(3, 200));
        assert_eq!(wd.row(3).len(), 3);
    }

    fn wrap(body: &str) -> String {
        format!(
            "module t\nclass Demo extends java/lang/Object\n field static count int\n field value int\n field name ref\n{body}\nend\n"
        )
    }

    fn rejects(body: &str, want: &str) -> VerifyError {
        let m = assemble(&wrap(body)).unwrap_or_else(|e| panic!("{e}\n{body}"));
        match verify(&m) {
            Ok(_) => panic!("verified:\n{body}"),
            Err(e) => {
                let s = e.to_string();
                assert!(s.contains(want), "got `{s}`, wanted `{want}`\n{body}");
                e
            }
        }
    }

    #[test]
    fn display() {
        let e = rejects(
            "method static fib (I)I regs 4\n const.i r1, 1\n const.i r2, 2\n nop\n nop\n nop\n nop\n nop\n \
             iadd r1, r1, r3\n ret r1\n end",
            "",
        );
        assert_eq!(
            e.to_string(),
            "Demo.fib(I)I at pc 7: register r3 read before it is set"
        );
        assert_eq!(e.pc, Some(7));
        assert_eq!(e.class, "Demo");
        assert_eq!(e.method, "fib(I)I");
    }

    #[test]
    fn kind_rules() {
        let cases: &[(&str, &str)] = &[
            ("mov r1, r2\n ret", "register r2 read before it is set"),
            (
                "ifz.eq r0, a\n const.i r1, 1\n jmp b\n a: null r1\n b: mov r2, r1\n ret",
                "register r1 is read where it is unset on some path or holds different kinds",
            ),
            (
                "dadd r1, r0, r0\n ret",
                "register r0 holds an int, expected a float",
            ),
            (
                "null r1\n iadd r1, r1, #1\n ret",
                "register r1 holds a reference, expected an int",
            ),
            ("idiv r1, r0, #2\n ret", "`idiv` has no immediate form"),
            (
                "const.f r1, 1.0\n fadd r1, r1, #2\n ret",
                "`fadd` has no immediate form",
            ),
            (
                "const.f r1, 1.0\n i2f r1, r1\n ret",
                "holds a float, expected an int",
            ),
            (
                "const.f r1, 1.0\n lcmp r2, r1, r1\n ret",
                "holds a float, expected an int",
            ),
            ("dcmpg r2, r0, r0\n ret", "holds an int, expected a float"),
            (
                "null r1\n if.eq r0, r1, x\n x: ret",
                "holds a reference, expected an int",
            ),
            (
                "const.f r1, 1.0\n ifz.eq r1, x\n x: ret",
                "holds a float, expected an int",
            ),
            (
                "null r1\n ifref.eq r0, r1, x\n x: ret",
                "r0 holds an int, expected a reference",
            ),
            (
                "ifnull r0, x\n x: ret",
                "r0 holds an int, expected a reference",
            ),
            (
                "null r1\n switch r1 { default: x }\n x: ret",
                "holds a reference, expected an int",
            ),
            (
                "getfield r1, r0, Demo.value:int\n ret",
                "r0 holds an int, expected a reference",
            ),
            (
                "new r1, Demo\n putfield r1, Demo.value:int, r1\n ret",
                "r1 holds a reference, expected an int",
            ),
            (
                "const.f r1, 1.0\n putstatic Demo.count:int, r1\n ret",
                "holds a float, expected an int",
            ),
            (
                "const.f r1, 1.0\n newarray.i32 r2, r1\n ret",
                "holds a float, expected an int",
            ),
            (
                "null r1\n newrefarray r2, Demo, r1\n ret",
                "holds a reference, expected an int",
            ),
            (
                "null r1\n null r2\n aload.i32 r3, r1, r2\n ret",
                "r2 holds a reference, expected an int",
            ),
            (
                "aload.i32 r3, r0, r0\n ret",
                "r0 holds an int, expected a reference",
            ),
            (
                "null r1\n astore.f64 r1, r0, r0\n ret",
                "r0 holds an int, expected a float",
            ),
            (
                "arraylen r1, r0\n ret",
                "holds an int, expected a reference",
            ),
            (
                "instanceof r1, r0, Demo\n ret",
                "holds an int, expected a reference",
            ),
            (
                "checkcast r0, Demo\n ret",
                "holds an int, expected a reference",
            ),
            ("throw r0", "holds an int, expected a reference"),
            ("monenter r0\n ret", "holds an int, expected a reference"),
            ("monexit r0\n ret", "holds an int, expected a reference"),
            ("catch r1\n ret", "starts with a `catch`"),
        ];
        for &(body, want) in cases {
            rejects(&format!("method static f (I)V regs 4\n{body}\n end"), want);
        }
    }

    #[test]
    fn field_rules() {
        rejects("method f ()V regs 2\n getfield r1, r0, @0\n ret\n end\n method g ()V regs 1\n getstatic r0, Demo.count:int\n ret\n end",
            "instance access to the static field Demo.count:int");
        rejects(
            "method f ()V regs 2\n getfield r1, r0, Demo.value:int\n getstatic r1, @0\n ret\n end",
            "static access to the instance field Demo.value:int",
        );
        rejects(
            "method f ()V regs 2\n getfield r1, r0, @7\n ret\n end",
            "field reference 7 out of range",
        );
        rejects("method f ()V regs 2\n getfield r1, r0, Demo.value:int\n putfield r0, Demo.name:ref, r1\n ret\n end",
            "r1 holds an int, expected a reference");
    }

    #[test]
    fn call_rules() {
        let cases: &[(&str, &str)] = &[
            (
                "call r1, Demo.f(I)I, r0, 3",
                "passes 3 arguments; it takes 1, or 2 with a receiver",
            ),
            (
                "callvirt r1, Demo.f(I)I, r0, 1",
                "passes 1 arguments; it takes 2 with the receiver",
            ),
            (
                "callvirt r1, Demo.f(I)I, r0, 2",
                "r0 holds an int, expected a reference",
            ),
            (
                "const.f r1, 1.0\n call r1, Demo.f(I)I, r1, 1",
                "r1 holds a float, expected an int",
            ),
            (
                "call r1, Demo.g(IJ)V, r0, 2",
                "which returns nothing, is stored in r1",
            ),
            (
                "call _, Demo.f(I)I, r3, 1",
                "register r3 read before it is set",
            ),
            ("call _, @9, r0, 1", "method reference 9 out of range"),
        ];
        for &(body, want) in cases {
            rejects(
                &format!("method static f (I)I regs 4 unchecked\n{body}\n ret r0\n end"),
                want,
            );
        }
        rejects(
            "method static f (I)I regs 4 unchecked\n call _, Demo.f(I)I, r3, 2\n ret r0\n end",
            "argument registers r3..r4 out of range",
        );
        // A dropped result, and a result register taking the result's kind.
        let ok = wrap("method static f (I)I regs 4\n call _, Demo.f(I)I, r0, 1\n const.f r1, 1.0\n call r1, Demo.f(I)I, r0, 1\n iadd r1, r1, r1\n ret r1\n end");
        verify(&assemble(&ok).unwrap()).unwrap();
    }

    #[test]
    fn return_rules() {
        rejects(
            "method static f ()I regs 2\n const.f r1, 1.0\n ret r1\n end",
            "r1 holds a float, expected an int",
        );
        rejects(
            "method static f ()I regs 2\n ret\n end",
            "`ret` without a value in a method returning an int",
        );
        rejects(
            "method static f ()V regs 2\n const.i r1, 0\n ret r1\n end",
            "`ret` with a value in a method returning void",
        );
        rejects(
            "method static f ()Ljava/lang/String; regs 2\n const.i r1, 0\n ret r1\n end",
            "holds an int, expected a reference",
        );
    }

    #[test]
    fn control_rules() {
        let cases: &[(&str, &str)] = &[
            ("jmp @9", "branch target 9 out of range"),
            ("ifz.eq r0, @4", "branch target 4 out of range"),
            ("nop", "falls off the end of the code"),
            (
                "ifz.eq r0, x\n x: nop",
                "at pc 1: execution falls off the end",
            ),
            ("switch r0, @0", "switch table 0 out of range"),
            (
                ".table { 2: x, 1: x, default: x }\n switch r0, @0\n x: ret",
                "keys not strictly ascending (2 then 1)",
            ),
            (
                ".table { 1: x, 1: x, default: x }\n switch r0, @0\n x: ret",
                "keys not strictly ascending (1 then 1)",
            ),
            (
                "switch r0 { 1: @7, default: x }\n x: ret",
                "target 7 out of range",
            ),
            (
                "switch r0 { default: @7 }\n x: ret",
                "target 7 out of range",
            ),
            (
                ".catch a b @0\n a: nop\n b: ret",
                "handler 0 does not start with `catch`",
            ),
            (
                ".catch b a h\n a: nop\n b: ret\n h: catch r1\n ret",
                "handler 0 (1..0 -> 2) out of range",
            ),
            (
                ".catch a a h\n a: nop\n b: ret\n h: catch r1\n ret",
                "out of range",
            ),
            (
                ".catch a @9 h\n a: nop\n b: ret\n h: catch r1\n ret",
                "out of range",
            ),
            (
                ".catch a b @9\n a: nop\n b: ret\n h: catch r1\n ret",
                "out of range",
            ),
            (
                ".catch a b h @5\n a: nop\n b: ret\n h: catch r1\n ret",
                "class reference 5 out of range",
            ),
            (
                ".catch a b h\n a: nop\n b: nop\n h: catch r1\n ret",
                "at pc 1: flows into the `catch` at pc 2",
            ),
            (
                ".catch a b h\n a: jmp h\n b: ret\n h: catch r1\n ret",
                "at pc 0: flows into the `catch` at pc 2",
            ),
            (
                ".catch a b h\n a: nop\n b: switch r0 { default: h }\n h: catch r1\n ret",
                "flows into the `catch`",
            ),
        ];
        for &(body, want) in cases {
            rejects(&format!("method static f (I)V regs 4\n{body}\n end"), want);
        }
        // A Catch that nothing reaches is fine, and so is a handler covering
        // its own catch.
        let ok =
            wrap("method static f (I)V regs 4\n .catch a b a\n ret\n a: catch r1\n b: ret\n end");
        verify(&assemble(&ok).unwrap()).unwrap();
    }

    #[test]
    fn handler_state_is_the_join_of_the_range() {
        let src = wrap(
            "method static f (I)V regs 4\n .catch a b h\n a: null r1\n const.i r2, 0\n null r2\n b: ret\n \
             h: catch r3\n mov r1, r1\n ret\n end",
        );
        let m = assemble(&src).unwrap();
        // r1 is unset at the entry of pc 0, which is in the range.
        let e = verify(&m).unwrap_err();
        assert!(
            e.to_string()
                .contains("at pc 5: register r1 is read where it is unset on some path"),
            "{e}"
        );
        let src = wrap(
            "method static f (I)V regs 4\n null r1\n .catch a b h\n a: const.i r2, 0\n null r2\n b: ret\n \
             h: catch r3\n mov r1, r1\n ret\n end",
        );
        let m = assemble(&src).unwrap();
        let v = verify(&m).unwrap();
        let (ci, mi, _) = method(&m, "Demo", "f");
        assert_eq!(
            refs(&v[ci][mi], 4),
            vec![1],
            "r2 is an int at pc 1 and a ref at pc 2"
        );
        assert_eq!(refs(&v[ci][mi], 5), vec![1, 3]);
    }

    #[test]
    fn structure_rules() {
        let cases: &[(&str, &str)] = &[
            ("method static f ()V regs 2 unchecked\n mov r1, r2\n ret\n end", "register r2 out of range (the method has 2 registers)"),
            ("method static f ()V regs 2 unchecked\n null _\n ret\n end", "`_` (no register) used as an operand"),
            ("method static f ()V regs 2\n const.s r1, @3\n ret\n end", "string 3 out of range"),
            ("method static f ()V regs 2\n new r1, @3\n ret\n end", "class reference 3 out of range"),
            ("method static f ()V regs 2\n instanceof r1, r1, @3\n ret\n end", "class reference 3 out of range"),
            ("method static f ()V regs 2\n checkcast r1, @3\n ret\n end", "class reference 3 out of range"),
            ("method static f ()V regs 2\n newrefarray r1, @3, r1\n ret\n end", "class reference 3 out of range"),
            ("method static f ()V regs 0\n end", "method has no code"),
            ("method static f (IJ)V regs 1\n ret\n end", "1 registers cannot hold 2 arguments"),
            ("method f (IJ)V regs 2\n ret\n end", "2 registers cannot hold 3 arguments"),
            ("method static f (I\n", "bad method descriptor"),
            ("method native f ()V regs 1\n ret\n end", "native and abstract methods have no code"),
            ("method static abstract f ()V", "an abstract method cannot be static"),
            ("method native abstract f ()V", "an abstract method cannot be"),
            ("method flags 0x40 f ()V regs 1\n ret\n end", "unknown flags 0x40"),
            ("method static f ()V regs 1\n ret\n end\n method static f ()V regs 1\n ret\n end", "method defined twice"),
            ("method static f ()V regs 1\n ret\n end\n method static f ()I regs 1\n const.i r0, 1\n ret r0\n end", ""),
        ];
        for &(body, want) in cases {
            let body = body.replace("method static f (I\n", "method static native f (I\n");
            if want.is_empty() {
                verify(&assemble(&wrap(&body)).unwrap()).unwrap();
            } else {
                rejects(&body, want);
            }
        }
        rejects(
            "field x int\n field x float",
            "Demo: field `x` defined twice",
        );
        let dup = "class A extends java/lang/Object\nend\nclass A extends java/lang/Object\nend\n";
        let e = verify(&assemble(dup).unwrap()).unwrap_err();
        assert_eq!(e.to_string(), "A: class defined twice in the module");
        let flags = "class A extends java/lang/Object flags 0x1000\nend\n";
        assert!(verify(&assemble(flags).unwrap())
            .unwrap_err()
            .msg
            .contains("unknown flags"));
        let anon = "class \"\" extends java/lang/Object\nend\n";
        assert!(verify(&assemble(anon).unwrap())
            .unwrap_err()
            .msg
            .contains("empty name"));
    }

    #[test]
    fn reference_table_rules() {
        let mut m = assemble(DEMO).unwrap();
        verify(&m).unwrap();
        m.field_refs.push(FieldRef {
            class: 99,
            name: "x".to_string(),
            kind: Kind::Int,
            is_static: false,
        });
        let e = verify(&m).unwrap_err();
        assert!(e.msg.contains("names class reference 99"), "{e}");
        assert_eq!(e.to_string().split(':').next(), Some("module"));
        m.field_refs.pop();
        m.method_refs.push(MethodRef {
            class: 0,
            name: "x".to_string(),
            sig: "(I".to_string(),
        });
        assert!(verify(&m).unwrap_err().msg.contains("bad descriptor"));
        m.method_refs.pop();
        m.class_refs.push(String::new());
        assert!(verify(&m).unwrap_err().msg.contains("empty name"));
        m.class_refs.pop();
        // A switch table with mismatched keys and targets (not expressible in text).
        let (ci, mi, _) = method(&m, "Loops", "classify");
        m.classes[ci].methods[mi].tables[0] = SwitchTable {
            keys: vec![1, 2],
            targets: vec![1],
            default: 1,
        };
        assert!(verify(&m).unwrap_err().msg.contains("2 keys but 1 targets"));
        m.classes[ci].methods[mi].tables[0].keys.pop();
        verify(&m).unwrap();
        m.classes[ci].methods[mi].handlers.push(Handler {
            start: 0,
            end: 1,
            handler: 0,
            class: None,
        });
        assert!(verify(&m)
            .unwrap_err()
            .msg
            .contains("does not start with `catch`"));
    }

    #[test]
    fn large_method_is_fast() {
        // 20000 instructions, 300 registers, a loop around everything and a
        // handler over half of it.
        let mut src =
            String::from("class Big extends java/lang/Object\n method static f (I)I regs 300\n");
        src.push_str(" .catch a b h\n null r299\n top:\n");
        for i in 0..5000 {
            let r = 1 + i % 290;
            if i == 2500 {
                src.push_str(" a:\n");
            }
            src.push_str(&format!(" const.i r{r}, {i}\n iadd r{r}, r{r}, r0\n null r{}\n ifz.eq r{r}, skip{i}\n skip{i}:\n", r + 1));
        }
        src.push_str(
            " b:\n isub r0, r0, #1\n ifz.gt r0, top\n ret r0\n h:\n catch r1\n ret r0\n end\nend\n",
        );
        let m = assemble(&src).unwrap();
        assert!(m.classes[0].methods[0].code.len() > 20000);
        let t = std::time::Instant::now();
        let v = verify(&m).unwrap();
        let took = t.elapsed();
        assert!(v[0][0].is_ref(1, 299));
        std::eprintln!("large method verified in {took:?}");
        assert!(took.as_secs() < 20, "verification took {took:?}");
    }

    fn static_method(nregs: u16, code: Vec<Insn>) -> Module {
        Module {
            classes: vec![ClassDef {
                name: "L".to_string(),
                superclass: Some("java/lang/Object".to_string()),
                methods: vec![MethodDef {
                    name: "f".to_string(),
                    sig: "()V".to_string(),
                    flags: flags::STATIC,
                    nregs,
                    code,
                    ..MethodDef::default()
                }],
                ..ClassDef::default()
            }],
            ..Module::default()
        }
    }

    #[test]
    fn limits() {
        let mut code = vec![Insn::Nop; 2000];
        code.push(Insn::RetVoid);
        let e = verify(&static_method(u16::MAX, code.clone())).unwrap_err();
        assert!(e.msg.contains("too large to verify"), "{e}");
        verify(&static_method(1000, code.clone())).unwrap();

        // 600 distinct handlers covering 401 instructions, with 65535 registers.
        let mut code = vec![Insn::Nop; 400];
        code.push(Insn::RetVoid);
        for _ in 0..600 {
            code.push(Insn::Catch { d: 0 });
        }
        code.push(Insn::RetVoid);
        let mut m = static_method(u16::MAX, code);
        m.classes[0].methods[0].handlers = (0..600)
            .map(|i| Handler {
                start: 0,
                end: 401,
                handler: 401 + i,
                class: None,
            })
            .collect();
        let e = verify(&m).unwrap_err();
        assert!(e.msg.contains("too many exception handlers"), "{e}");
        // Handlers sharing an entry count once.
        for h in &mut m.classes[0].methods[0].handlers {
            h.handler = 401;
        }
        m.classes[0].methods[0].code[402] = Insn::RetVoid;
        let v = verify(&m).unwrap();
        assert_eq!(v[0][0].refs(401).collect::<Vec<_>>(), vec![]);
        assert_eq!(v[0][0].refs(402).collect::<Vec<_>>(), vec![0]);
        assert_eq!(v[0][0].refs(403).collect::<Vec<_>>(), vec![], "unreachable");

        // Many methods, each within bounds, but too much together.
        let mut code = vec![Insn::Nop; 900];
        code.push(Insn::RetVoid);
        let mut m = static_method(u16::MAX, code);
        let one = m.classes[0].methods[0].clone();
        for i in 0..12 {
            let mut md = one.clone();
            md.name = format!("f{i}");
            m.classes[0].methods.push(md);
        }
        let e = verify(&m).unwrap_err();
        assert!(e.msg.contains("reference maps would be too large"), "{e}");
    }

    /// xorshift64*
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }
    }

    #[test]
    fn fuzz_decode_and_verify() {
        let sources = [DEMO, include_str!("boot.phs")];
        let mut seeds = Vec::new();
        for src in sources {
            let m = assemble(src).unwrap();
            verify(&m).unwrap();
            seeds.push(m.encode());
        }
        // Per-class slices of the seeds, for splicing.
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        let (mut decoded, mut verified) = (0, 0);
        for round in 0..20000 {
            let mut b = seeds[round % seeds.len()].clone();
            let edits = 1 + rng.below(4);
            for _ in 0..edits {
                if b.is_empty() {
                    break;
                }
                let i = rng.below(b.len());
                match rng.below(8) {
                    0 => b[i] = rng.next() as u8,
                    1 | 2 => b[i] = rng.below(6) as u8,
                    3 => b[i] ^= 1 << rng.below(8),
                    4 => b.truncate(i.max(4)),
                    5 => {
                        let n = rng.below(8).min(b.len() - i);
                        b.drain(i..i + n);
                    }
                    6 => {
                        let other = &seeds[rng.below(seeds.len())];
                        let s = rng.below(other.len());
                        let n = rng.below(32).min(other.len() - s);
                        let piece: Vec<u8> = other[s..s + n].to_vec();
                        b.splice(i..i, piece);
                    }
                    _ => {
                        let v = rng.next() as u8;
                        b.insert(i, v);
                    }
                }
            }
            if let Ok(m) = Module::decode(&b) {
                decoded += 1;
                if verify(&m).is_ok() {
                    verified += 1;
                }
            }
        }
        std::eprintln!("{decoded} mutants decoded, {verified} verified");
        assert!(decoded > 500, "only {decoded} of the mutants decoded");
        assert!(
            verified > 0 && verified < decoded,
            "{verified} of {decoded} verified"
        );
    }
}
