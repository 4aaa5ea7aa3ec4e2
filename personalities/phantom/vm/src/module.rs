//! Modules: the unit of code the VM loads (a `.phm` file), and its binary form.
//!
//! A module defines classes with their fields and methods, and refers to
//! classes, fields, methods and strings (its own or other modules') through
//! tables of symbolic references, which the VM resolves when it links the
//! module. Names follow the JVM: classes are `java/lang/String`, method
//! signatures are descriptors such as `(ILjava/lang/String;)V`; a descriptor
//! fixes each argument's [`Kind`] and the result's.
//!
//! The binary form is `PHM1`, then the tables in order, with unsigned LEB128
//! numbers, zigzag for signed ones, length-prefixed UTF-8 strings, and every
//! instruction as an opcode byte and its operands. [`Module::decode`] checks
//! every length and index against the input and returns an [`Error`] for
//! anything malformed; it never panics. Decoding does not verify the code:
//! that is [`crate::verify`].

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::insn::{BinOp, CmpOp, Cond, Elem, Insn, Kind, Reg, SwitchTable, UnOp};

pub const MAGIC: &[u8; 4] = b"PHM1";

/// Method and class flags.
pub mod flags {
    pub const STATIC: u32 = 1;
    pub const NATIVE: u32 = 2;
    pub const ABSTRACT: u32 = 4;
    pub const INTERFACE: u32 = 8;
    pub const SYNCHRONIZED: u32 = 16;
    pub const FINAL: u32 = 32;
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Module {
    pub name: String,
    /// String constants (`ConstS`).
    pub strings: Vec<String>,
    pub classes: Vec<ClassDef>,
    /// Class names referred to by `New`, `CheckCast`, `InstanceOf`,
    /// `NewRefArray`, handlers, and by field and method references.
    pub class_refs: Vec<String>,
    pub field_refs: Vec<FieldRef>,
    pub method_refs: Vec<MethodRef>,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct ClassDef {
    pub name: String,
    /// `None` only for the root class `java/lang/Object`.
    pub superclass: Option<String>,
    pub interfaces: Vec<String>,
    pub flags: u32,
    pub fields: Vec<FieldDef>,
    pub methods: Vec<MethodDef>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldDef {
    pub name: String,
    pub kind: Kind,
    pub is_static: bool,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct MethodDef {
    pub name: String,
    /// JVM method descriptor, e.g. `(IJ)Ljava/lang/String;`.
    pub sig: String,
    pub flags: u32,
    /// Registers in a frame (arguments included; `this` is `r0` of an instance method).
    pub nregs: u16,
    pub code: Vec<Insn>,
    pub handlers: Vec<Handler>,
    pub tables: Vec<SwitchTable>,
    /// (first instruction index, source line) pairs, ascending.
    pub lines: Vec<(u32, u32)>,
}

/// `pc` in `start..end` throwing an instance of `class` (a class ref, or any
/// throwable when `None`) continues at `handler`, whose first instruction is
/// a `Catch`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Handler {
    pub start: u32,
    pub end: u32,
    pub handler: u32,
    pub class: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldRef {
    /// Index into `class_refs`.
    pub class: u32,
    pub name: String,
    pub kind: Kind,
    pub is_static: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MethodRef {
    /// Index into `class_refs`.
    pub class: u32,
    pub name: String,
    pub sig: String,
}

impl MethodDef {
    pub fn is_static(&self) -> bool {
        self.flags & flags::STATIC != 0
    }
    pub fn has_code(&self) -> bool {
        self.flags & (flags::NATIVE | flags::ABSTRACT) == 0
    }
}

/// Parses a method descriptor into argument kinds (without `this`) and the
/// result kind (`None` for `V`).
pub fn parse_sig(sig: &str) -> Option<(Vec<Kind>, Option<Kind>)> {
    let b = sig.as_bytes();
    if b.first() != Some(&b'(') {
        return None;
    }
    let mut i = 1;
    let mut args = Vec::new();
    loop {
        match b.get(i)? {
            b')' => {
                i += 1;
                break;
            }
            _ => {
                let (k, next) = parse_field_type(b, i)?;
                args.push(k);
                i = next;
            }
        }
    }
    let ret = if b.get(i) == Some(&b'V') && i + 1 == b.len() {
        None
    } else {
        let (k, next) = parse_field_type(b, i)?;
        if next != b.len() {
            return None;
        }
        Some(k)
    };
    Some((args, ret))
}

/// The kind of the field type starting at `b[i]`, and the index after it.
fn parse_field_type(b: &[u8], mut i: usize) -> Option<(Kind, usize)> {
    let mut array = false;
    while b.get(i) == Some(&b'[') {
        array = true;
        i += 1;
    }
    let kind = match b.get(i)? {
        b'B' | b'C' | b'I' | b'J' | b'S' | b'Z' => Kind::Int,
        b'F' | b'D' => Kind::Float,
        b'L' => {
            let end = b[i..].iter().position(|&c| c == b';')?;
            if end < 2 {
                return None;
            }
            i += end;
            Kind::Ref
        }
        _ => return None,
    };
    Some((if array { Kind::Ref } else { kind }, i + 1))
}

/// What went wrong decoding a module, and where (byte offset).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub offset: usize,
    pub what: &'static str,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "malformed module at byte {}: {}", self.offset, self.what)
    }
}

// ---------------------------------------------------------------- encoding

struct Out(Vec<u8>);

impl Out {
    fn u(&mut self, mut v: u64) {
        loop {
            let byte = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.0.push(byte);
                return;
            }
            self.0.push(byte | 0x80);
        }
    }
    fn i(&mut self, v: i64) {
        self.u(((v << 1) ^ (v >> 63)) as u64);
    }
    fn b(&mut self, v: u8) {
        self.0.push(v);
    }
    fn s(&mut self, s: &str) {
        self.u(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }
    fn kind(&mut self, k: Kind) {
        self.b(k as u8);
    }
    fn r(&mut self, r: Reg) {
        self.u(r as u64);
    }
}

impl Module {
    /// The module in its binary form.
    pub fn encode(&self) -> Vec<u8> {
        let mut o = Out(Vec::new());
        o.0.extend_from_slice(MAGIC);
        o.s(&self.name);
        o.u(self.strings.len() as u64);
        for s in &self.strings {
            o.s(s);
        }
        o.u(self.class_refs.len() as u64);
        for s in &self.class_refs {
            o.s(s);
        }
        o.u(self.field_refs.len() as u64);
        for f in &self.field_refs {
            o.u(f.class as u64);
            o.s(&f.name);
            o.kind(f.kind);
            o.b(f.is_static as u8);
        }
        o.u(self.method_refs.len() as u64);
        for m in &self.method_refs {
            o.u(m.class as u64);
            o.s(&m.name);
            o.s(&m.sig);
        }
        o.u(self.classes.len() as u64);
        for c in &self.classes {
            o.s(&c.name);
            o.s(c.superclass.as_deref().unwrap_or(""));
            o.u(c.interfaces.len() as u64);
            for i in &c.interfaces {
                o.s(i);
            }
            o.u(c.flags as u64);
            o.u(c.fields.len() as u64);
            for f in &c.fields {
                o.s(&f.name);
                o.kind(f.kind);
                o.b(f.is_static as u8);
            }
            o.u(c.methods.len() as u64);
            for m in &c.methods {
                encode_method(&mut o, m);
            }
        }
        o.0
    }

    /// Parses a module from its binary form.
    pub fn decode(bytes: &[u8]) -> Result<Module, Error> {
        let mut r = In { b: bytes, at: 0 };
        if bytes.get(..4) != Some(MAGIC.as_slice()) {
            return Err(r.err("not a Phantom module (bad magic)"));
        }
        r.at = 4;
        let name = r.s()?;
        let mut m = Module {
            name,
            ..Module::default()
        };
        let n = r.count(1)?;
        for _ in 0..n {
            m.strings.push(r.s()?);
        }
        let n = r.count(1)?;
        for _ in 0..n {
            m.class_refs.push(r.s()?);
        }
        let n = r.count(4)?;
        for _ in 0..n {
            let class = r.u32()?;
            let name = r.s()?;
            let kind = r.kind()?;
            let is_static = r.flag()?;
            m.field_refs.push(FieldRef {
                class,
                name,
                kind,
                is_static,
            });
        }
        let n = r.count(3)?;
        for _ in 0..n {
            let class = r.u32()?;
            let name = r.s()?;
            let sig = r.s()?;
            m.method_refs.push(MethodRef { class, name, sig });
        }
        let n = r.count(5)?;
        for _ in 0..n {
            let name = r.s()?;
            let sup = r.s()?;
            let mut c = ClassDef {
                name,
                superclass: if sup.is_empty() { None } else { Some(sup) },
                ..ClassDef::default()
            };
            let k = r.count(1)?;
            for _ in 0..k {
                c.interfaces.push(r.s()?);
            }
            c.flags = r.u32()?;
            let k = r.count(3)?;
            for _ in 0..k {
                let name = r.s()?;
                let kind = r.kind()?;
                let is_static = r.flag()?;
                c.fields.push(FieldDef {
                    name,
                    kind,
                    is_static,
                });
            }
            let k = r.count(6)?;
            for _ in 0..k {
                c.methods.push(decode_method(&mut r)?);
            }
            m.classes.push(c);
        }
        if r.at != bytes.len() {
            return Err(r.err("trailing bytes after the last class"));
        }
        Ok(m)
    }
}

fn encode_method(o: &mut Out, m: &MethodDef) {
    o.s(&m.name);
    o.s(&m.sig);
    o.u(m.flags as u64);
    o.u(m.nregs as u64);
    o.u(m.code.len() as u64);
    for insn in &m.code {
        encode_insn(o, insn);
    }
    o.u(m.handlers.len() as u64);
    for h in &m.handlers {
        o.u(h.start as u64);
        o.u(h.end as u64);
        o.u(h.handler as u64);
        o.u(h.class.map_or(0, |c| c as u64 + 1));
    }
    o.u(m.tables.len() as u64);
    for t in &m.tables {
        o.u(t.keys.len() as u64);
        for (&k, &tg) in t.keys.iter().zip(&t.targets) {
            o.i(k as i64);
            o.u(tg as u64);
        }
        o.u(t.default as u64);
    }
    o.u(m.lines.len() as u64);
    for &(pc, line) in &m.lines {
        o.u(pc as u64);
        o.u(line as u64);
    }
}

fn decode_method(r: &mut In) -> Result<MethodDef, Error> {
    let name = r.s()?;
    let sig = r.s()?;
    let flags = r.u32()?;
    let nregs = r.reg()?;
    let mut m = MethodDef {
        name,
        sig,
        flags,
        nregs,
        ..MethodDef::default()
    };
    let n = r.count(1)?;
    for _ in 0..n {
        m.code.push(decode_insn(r)?);
    }
    let n = r.count(4)?;
    for _ in 0..n {
        let start = r.u32()?;
        let end = r.u32()?;
        let handler = r.u32()?;
        let class = match r.u32()? {
            0 => None,
            c => Some(c - 1),
        };
        m.handlers.push(Handler {
            start,
            end,
            handler,
            class,
        });
    }
    let n = r.count(2)?;
    for _ in 0..n {
        let k = r.count(2)?;
        let mut t = SwitchTable::default();
        for _ in 0..k {
            let key = r.i()?;
            let key = i32::try_from(key).map_err(|_| r.err("switch key out of range"))?;
            t.keys.push(key);
            t.targets.push(r.u32()?);
        }
        t.default = r.u32()?;
        m.tables.push(t);
    }
    let n = r.count(2)?;
    for _ in 0..n {
        let pc = r.u32()?;
        let line = r.u32()?;
        m.lines.push((pc, line));
    }
    Ok(m)
}

// Opcodes of the binary form.
const OP_NOP: u8 = 0;
const OP_CONSTI: u8 = 1;
const OP_CONSTF: u8 = 2;
const OP_CONSTS: u8 = 3;
const OP_NULL: u8 = 4;
const OP_MOV: u8 = 5;
const OP_BIN: u8 = 6;
const OP_BINI: u8 = 7;
const OP_UN: u8 = 8;
const OP_CMP: u8 = 9;
const OP_JMP: u8 = 10;
const OP_IF: u8 = 11;
const OP_IFZ: u8 = 12;
const OP_IFREF: u8 = 13;
const OP_IFNULL: u8 = 14;
const OP_SWITCH: u8 = 15;
const OP_NEW: u8 = 16;
const OP_GETFIELD: u8 = 17;
const OP_PUTFIELD: u8 = 18;
const OP_GETSTATIC: u8 = 19;
const OP_PUTSTATIC: u8 = 20;
const OP_NEWARRAY: u8 = 21;
const OP_NEWREFARRAY: u8 = 22;
const OP_ARRAYLEN: u8 = 23;
const OP_ALOAD: u8 = 24;
const OP_ASTORE: u8 = 25;
const OP_INSTANCEOF: u8 = 26;
const OP_CHECKCAST: u8 = 27;
const OP_CALL: u8 = 28;
const OP_CALLVIRT: u8 = 29;
const OP_RET: u8 = 30;
const OP_RETVOID: u8 = 31;
const OP_THROW: u8 = 32;
const OP_CATCH: u8 = 33;
const OP_MONENTER: u8 = 34;
const OP_MONEXIT: u8 = 35;

fn encode_insn(o: &mut Out, insn: &Insn) {
    match *insn {
        Insn::Nop => o.b(OP_NOP),
        Insn::ConstI { d, v } => {
            o.b(OP_CONSTI);
            o.r(d);
            o.i(v);
        }
        Insn::ConstF { d, v } => {
            o.b(OP_CONSTF);
            o.r(d);
            o.0.extend_from_slice(&v.to_bits().to_le_bytes());
        }
        Insn::ConstS { d, s } => {
            o.b(OP_CONSTS);
            o.r(d);
            o.u(s as u64);
        }
        Insn::Null { d } => {
            o.b(OP_NULL);
            o.r(d);
        }
        Insn::Mov { d, s } => {
            o.b(OP_MOV);
            o.r(d);
            o.r(s);
        }
        Insn::Bin { op, d, a, b } => {
            o.b(OP_BIN);
            o.b(op as u8);
            o.r(d);
            o.r(a);
            o.r(b);
        }
        Insn::BinI { op, d, a, imm } => {
            o.b(OP_BINI);
            o.b(op as u8);
            o.r(d);
            o.r(a);
            o.i(imm as i64);
        }
        Insn::Un { op, d, s } => {
            o.b(OP_UN);
            o.b(op as u8);
            o.r(d);
            o.r(s);
        }
        Insn::Cmp { op, d, a, b } => {
            o.b(OP_CMP);
            o.b(op as u8);
            o.r(d);
            o.r(a);
            o.r(b);
        }
        Insn::Jmp { t } => {
            o.b(OP_JMP);
            o.u(t as u64);
        }
        Insn::If { c, a, b, t } => {
            o.b(OP_IF);
            o.b(c as u8);
            o.r(a);
            o.r(b);
            o.u(t as u64);
        }
        Insn::IfZ { c, a, t } => {
            o.b(OP_IFZ);
            o.b(c as u8);
            o.r(a);
            o.u(t as u64);
        }
        Insn::IfRef { eq, a, b, t } => {
            o.b(OP_IFREF);
            o.b(eq as u8);
            o.r(a);
            o.r(b);
            o.u(t as u64);
        }
        Insn::IfNull { null, a, t } => {
            o.b(OP_IFNULL);
            o.b(null as u8);
            o.r(a);
            o.u(t as u64);
        }
        Insn::Switch { s, table } => {
            o.b(OP_SWITCH);
            o.r(s);
            o.u(table as u64);
        }
        Insn::New { d, class } => {
            o.b(OP_NEW);
            o.r(d);
            o.u(class as u64);
        }
        Insn::GetField { d, o: obj, field } => {
            o.b(OP_GETFIELD);
            o.r(d);
            o.r(obj);
            o.u(field as u64);
        }
        Insn::PutField { o: obj, field, s } => {
            o.b(OP_PUTFIELD);
            o.r(obj);
            o.u(field as u64);
            o.r(s);
        }
        Insn::GetStatic { d, field } => {
            o.b(OP_GETSTATIC);
            o.r(d);
            o.u(field as u64);
        }
        Insn::PutStatic { field, s } => {
            o.b(OP_PUTSTATIC);
            o.u(field as u64);
            o.r(s);
        }
        Insn::NewArray { d, elem, len } => {
            o.b(OP_NEWARRAY);
            o.b(elem.code());
            o.r(d);
            o.r(len);
        }
        Insn::NewRefArray { d, class, len } => {
            o.b(OP_NEWREFARRAY);
            o.r(d);
            o.u(class as u64);
            o.r(len);
        }
        Insn::ArrayLen { d, a } => {
            o.b(OP_ARRAYLEN);
            o.r(d);
            o.r(a);
        }
        Insn::ALoad { elem, d, a, i } => {
            o.b(OP_ALOAD);
            o.b(elem.code());
            o.r(d);
            o.r(a);
            o.r(i);
        }
        Insn::AStore { elem, a, i, s } => {
            o.b(OP_ASTORE);
            o.b(elem.code());
            o.r(a);
            o.r(i);
            o.r(s);
        }
        Insn::InstanceOf { d, s, class } => {
            o.b(OP_INSTANCEOF);
            o.r(d);
            o.r(s);
            o.u(class as u64);
        }
        Insn::CheckCast { s, class } => {
            o.b(OP_CHECKCAST);
            o.r(s);
            o.u(class as u64);
        }
        Insn::Call { d, method, args, n } => {
            o.b(OP_CALL);
            o.r(d);
            o.u(method as u64);
            o.r(args);
            o.u(n as u64);
        }
        Insn::CallVirt { d, method, args, n } => {
            o.b(OP_CALLVIRT);
            o.r(d);
            o.u(method as u64);
            o.r(args);
            o.u(n as u64);
        }
        Insn::Ret { s } => {
            o.b(OP_RET);
            o.r(s);
        }
        Insn::RetVoid => o.b(OP_RETVOID),
        Insn::Throw { s } => {
            o.b(OP_THROW);
            o.r(s);
        }
        Insn::Catch { d } => {
            o.b(OP_CATCH);
            o.r(d);
        }
        Insn::MonEnter { s } => {
            o.b(OP_MONENTER);
            o.r(s);
        }
        Insn::MonExit { s } => {
            o.b(OP_MONEXIT);
            o.r(s);
        }
    }
}

fn decode_insn(r: &mut In) -> Result<Insn, Error> {
    let op = r.byte()?;
    Ok(match op {
        OP_NOP => Insn::Nop,
        OP_CONSTI => Insn::ConstI {
            d: r.reg()?,
            v: r.i()?,
        },
        OP_CONSTF => {
            let d = r.reg()?;
            let bytes = r.take(8)?;
            let mut b = [0u8; 8];
            b.copy_from_slice(bytes);
            Insn::ConstF {
                d,
                v: f64::from_bits(u64::from_le_bytes(b)),
            }
        }
        OP_CONSTS => Insn::ConstS {
            d: r.reg()?,
            s: r.u32()?,
        },
        OP_NULL => Insn::Null { d: r.reg()? },
        OP_MOV => Insn::Mov {
            d: r.reg()?,
            s: r.reg()?,
        },
        OP_BIN => Insn::Bin {
            op: r.binop()?,
            d: r.reg()?,
            a: r.reg()?,
            b: r.reg()?,
        },
        OP_BINI => Insn::BinI {
            op: r.binop()?,
            d: r.reg()?,
            a: r.reg()?,
            imm: i32::try_from(r.i()?).map_err(|_| r.err("immediate out of range"))?,
        },
        OP_UN => Insn::Un {
            op: UnOp::from_code(r.byte()?).ok_or_else(|| r.err("unknown unary operation"))?,
            d: r.reg()?,
            s: r.reg()?,
        },
        OP_CMP => Insn::Cmp {
            op: CmpOp::from_code(r.byte()?).ok_or_else(|| r.err("unknown comparison"))?,
            d: r.reg()?,
            a: r.reg()?,
            b: r.reg()?,
        },
        OP_JMP => Insn::Jmp { t: r.u32()? },
        OP_IF => Insn::If {
            c: r.cond()?,
            a: r.reg()?,
            b: r.reg()?,
            t: r.u32()?,
        },
        OP_IFZ => Insn::IfZ {
            c: r.cond()?,
            a: r.reg()?,
            t: r.u32()?,
        },
        OP_IFREF => Insn::IfRef {
            eq: r.flag()?,
            a: r.reg()?,
            b: r.reg()?,
            t: r.u32()?,
        },
        OP_IFNULL => Insn::IfNull {
            null: r.flag()?,
            a: r.reg()?,
            t: r.u32()?,
        },
        OP_SWITCH => Insn::Switch {
            s: r.reg()?,
            table: r.u32()?,
        },
        OP_NEW => Insn::New {
            d: r.reg()?,
            class: r.u32()?,
        },
        OP_GETFIELD => Insn::GetField {
            d: r.reg()?,
            o: r.reg()?,
            field: r.u32()?,
        },
        OP_PUTFIELD => Insn::PutField {
            o: r.reg()?,
            field: r.u32()?,
            s: r.reg()?,
        },
        OP_GETSTATIC => Insn::GetStatic {
            d: r.reg()?,
            field: r.u32()?,
        },
        OP_PUTSTATIC => Insn::PutStatic {
            field: r.u32()?,
            s: r.reg()?,
        },
        OP_NEWARRAY => Insn::NewArray {
            elem: r.elem()?,
            d: r.reg()?,
            len: r.reg()?,
        },
        OP_NEWREFARRAY => Insn::NewRefArray {
            d: r.reg()?,
            class: r.u32()?,
            len: r.reg()?,
        },
        OP_ARRAYLEN => Insn::ArrayLen {
            d: r.reg()?,
            a: r.reg()?,
        },
        OP_ALOAD => Insn::ALoad {
            elem: r.elem()?,
            d: r.reg()?,
            a: r.reg()?,
            i: r.reg()?,
        },
        OP_ASTORE => Insn::AStore {
            elem: r.elem()?,
            a: r.reg()?,
            i: r.reg()?,
            s: r.reg()?,
        },
        OP_INSTANCEOF => Insn::InstanceOf {
            d: r.reg()?,
            s: r.reg()?,
            class: r.u32()?,
        },
        OP_CHECKCAST => Insn::CheckCast {
            s: r.reg()?,
            class: r.u32()?,
        },
        OP_CALL | OP_CALLVIRT => {
            let d = r.reg()?;
            let method = r.u32()?;
            let args = r.reg()?;
            let n = r.reg()?;
            if op == OP_CALL {
                Insn::Call { d, method, args, n }
            } else {
                Insn::CallVirt { d, method, args, n }
            }
        }
        OP_RET => Insn::Ret { s: r.reg()? },
        OP_RETVOID => Insn::RetVoid,
        OP_THROW => Insn::Throw { s: r.reg()? },
        OP_CATCH => Insn::Catch { d: r.reg()? },
        OP_MONENTER => Insn::MonEnter { s: r.reg()? },
        OP_MONEXIT => Insn::MonExit { s: r.reg()? },
        _ => return Err(Error {
            offset: r.at - 1,
            what: "unknown opcode",
        }),
    })
}

struct In<'a> {
    b: &'a [u8],
    at: usize,
}

impl In<'_> {
    fn err(&self, what: &'static str) -> Error {
        Error {
            offset: self.at,
            what,
        }
    }
    fn byte(&mut self) -> Result<u8, Error> {
        let v = *self.b.get(self.at).ok_or_else(|| self.err("unexpected end"))?;
        self.at += 1;
        Ok(v)
    }
    fn take(&mut self, n: usize) -> Result<&[u8], Error> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.b.len());
        let end = end.ok_or_else(|| self.err("unexpected end"))?;
        let s = &self.b[self.at..end];
        self.at = end;
        Ok(s)
    }
    fn u(&mut self) -> Result<u64, Error> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            let bits = (byte & 0x7f) as u64;
            if shift == 63 && bits > 1 {
                return Err(self.err("number too large"));
            }
            v |= bits << shift;
            if byte & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(self.err("number too long"))
    }
    fn i(&mut self) -> Result<i64, Error> {
        let u = self.u()?;
        Ok((u >> 1) as i64 ^ -((u & 1) as i64))
    }
    fn u32(&mut self) -> Result<u32, Error> {
        let v = self.u()?;
        u32::try_from(v).map_err(|_| self.err("number out of range"))
    }
    fn reg(&mut self) -> Result<Reg, Error> {
        let v = self.u()?;
        Reg::try_from(v).map_err(|_| self.err("register number out of range"))
    }
    /// A count of items each taking at least `min` bytes: bounded by the input left.
    fn count(&mut self, min: usize) -> Result<usize, Error> {
        let v = self.u()?;
        let left = (self.b.len() - self.at) / min.max(1);
        if v > left as u64 {
            return Err(self.err("count larger than the rest of the module"));
        }
        Ok(v as usize)
    }
    fn s(&mut self) -> Result<String, Error> {
        let n = self.count(1)?;
        let bytes = self.take(n)?;
        core::str::from_utf8(bytes)
            .map(String::from)
            .map_err(|_| self.err("string is not UTF-8"))
    }
    fn flag(&mut self) -> Result<bool, Error> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(self.err("flag is not 0 or 1")),
        }
    }
    fn kind(&mut self) -> Result<Kind, Error> {
        match self.byte()? {
            0 => Ok(Kind::Int),
            1 => Ok(Kind::Float),
            2 => Ok(Kind::Ref),
            _ => Err(self.err("unknown kind")),
        }
    }
    fn binop(&mut self) -> Result<BinOp, Error> {
        BinOp::from_code(self.byte()?).ok_or_else(|| self.err("unknown binary operation"))
    }
    fn cond(&mut self) -> Result<Cond, Error> {
        Cond::from_code(self.byte()?).ok_or_else(|| self.err("unknown condition"))
    }
    fn elem(&mut self) -> Result<Elem, Error> {
        Elem::from_code(self.byte()?).ok_or_else(|| self.err("unknown element type"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec;

    fn sample() -> Module {
        Module {
            name: "demo".to_string(),
            strings: vec!["hello".to_string()],
            class_refs: vec!["Demo".to_string(), "java/lang/Object".to_string()],
            field_refs: vec![FieldRef {
                class: 0,
                name: "count".to_string(),
                kind: Kind::Int,
                is_static: true,
            }],
            method_refs: vec![MethodRef {
                class: 0,
                name: "f".to_string(),
                sig: "(J)J".to_string(),
            }],
            classes: vec![ClassDef {
                name: "Demo".to_string(),
                superclass: Some("java/lang/Object".to_string()),
                interfaces: vec![],
                flags: 0,
                fields: vec![FieldDef {
                    name: "count".to_string(),
                    kind: Kind::Int,
                    is_static: true,
                }],
                methods: vec![MethodDef {
                    name: "f".to_string(),
                    sig: "(J)J".to_string(),
                    flags: flags::STATIC,
                    nregs: 3,
                    code: vec![
                        Insn::ConstI { d: 1, v: -5 },
                        Insn::ConstF { d: 2, v: 1.5 },
                        Insn::Bin {
                            op: BinOp::LAdd,
                            d: 1,
                            a: 0,
                            b: 1,
                        },
                        Insn::Switch { s: 1, table: 0 },
                        Insn::Ret { s: 1 },
                    ],
                    handlers: vec![Handler {
                        start: 0,
                        end: 2,
                        handler: 4,
                        class: None,
                    }],
                    tables: vec![SwitchTable {
                        keys: vec![-1, 7],
                        targets: vec![4, 4],
                        default: 4,
                    }],
                    lines: vec![(0, 10)],
                }],
            }],
        }
    }

    #[test]
    fn round_trip() {
        let m = sample();
        let bytes = m.encode();
        assert_eq!(Module::decode(&bytes).unwrap(), m);
    }

    #[test]
    fn every_truncation_is_an_error() {
        let bytes = sample().encode();
        for len in 0..bytes.len() {
            assert!(Module::decode(&bytes[..len]).is_err(), "prefix {len} decoded");
        }
    }

    #[test]
    fn signatures() {
        assert_eq!(parse_sig("()V"), Some((vec![], None)));
        assert_eq!(
            parse_sig("(I[JLjava/lang/String;D)Ljava/lang/Object;"),
            Some((vec![Kind::Int, Kind::Ref, Kind::Ref, Kind::Float], Some(Kind::Ref)))
        );
        assert_eq!(parse_sig("(L;)V"), None);
        assert_eq!(parse_sig("(I"), None);
        assert_eq!(parse_sig("()VV"), None);
        assert_eq!(parse_sig("(Q)V"), None);
    }
}
