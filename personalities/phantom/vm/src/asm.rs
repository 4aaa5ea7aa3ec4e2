//! A text form of modules: [`assemble`] turns it into a [`Module`],
//! [`disassemble`] prints any module in it, and the output assembles back to
//! an identical module (same tables, same indices, bit-exact floats).
//!
//! # Syntax
//!
//! One statement per line. `;` or `#` at the start of a word (at the start of
//! a line, or after a space or a comma) begins a comment that runs to the end
//! of the line; inside a word, as in `Ljava/lang/String;`, they are ordinary
//! characters. Operands are separated by commas and/or spaces.
//!
//! ```text
//! module demo                              ; the module's name
//!
//! class Demo extends java/lang/Object      ; [extends S] [implements I J ...]
//!     field static calls int               ; field [static] NAME int|float|ref
//!     field value int
//!
//!     ; method [MODIFIERS] NAME DESCRIPTOR regs N ... end
//!     method static fib (I)I regs 3
//!         .line 10                         ; source line of the next instruction
//!         getstatic r1, Demo.calls:int
//!         iadd r1, r1, #1                  ; immediate form (BinI)
//!         putstatic Demo.calls:int, r1
//!         const.i r1, 2
//!         if.lt r0, r1, small
//!         isub r1, r0, #1
//!         call r1, Demo.fib(I)I, r1, 1     ; dest, method, first arg, arg count
//!         isub r2, r0, #2
//!         call r2, Demo.fib(I)I, r2, 1
//!         iadd r1, r1, r2
//!         ret r1
//!     small:
//!         ret r0
//!     end
//!
//!     method static safeDiv (II)I regs 3
//!         .catch try done handler java/lang/ArithmeticException
//!     try:
//!         idiv r2, r0, r1
//!     done:
//!         ret r2
//!     handler:
//!         catch r2
//!         const.i r2, 0
//!         ret r2
//!     end
//!
//!     method native now ()J                ; no `regs`: no body, no `end`
//! end
//! ```
//!
//! ## Declarations
//!
//! * `module NAME` names the module (at most once; default `""`).
//! * `class NAME [extends SUPER] [implements I1 I2 ...] [MODIFIERS]` ... `end`.
//!   Without `extends` the class has no superclass (only `java/lang/Object`).
//! * `field [static] NAME int|float|ref` inside a class.
//! * `method [MODIFIERS] NAME DESCRIPTOR [regs N [unchecked]]`. With `regs N`
//!   the method has a body (labels, instructions, directives) closed by
//!   `end`; without it, it has no body and no `end`, which is only allowed
//!   for `native` and `abstract` methods. Register operands are checked
//!   against `N` unless the header says `unchecked` (which the disassembler
//!   writes only for broken methods, so that they too round-trip).
//! * MODIFIERS (classes and methods): `static native abstract interface
//!   synchronized final`, and `flags N` for raw flag bits.
//!
//! ## Operands
//!
//! * Registers `r0` .. `r65534`; `_` is [`NO_REG`] (a dropped call result).
//! * Integers in decimal or `0x` hex, with an optional sign.
//! * Floats (`const.f`): `1.5`, `-0.0`, `1e300`, `inf`, `-inf`, `nan`, or the
//!   exact bits `bits:0x7ff8000000000001` (any NaN payload).
//! * Strings `"..."` with the escapes `\n \t \r \0 \\ \" \u{HEX}`.
//! * Names (classes, fields, methods, descriptors) are written bare, or as a
//!   string literal when they contain spaces, commas, quotes or characters
//!   that would be ambiguous in their position (the disassembler quotes
//!   exactly when needed).
//! * Labels: `name:` on its own line or before an instruction defines a label
//!   at the next instruction (a label after the last instruction denotes the
//!   end of the code, as needed for `.catch` ranges). Branch operands are
//!   label names or `@N` (instruction index N).
//! * References are written symbolically and interned into the module's
//!   tables (reusing an equal entry if there is one):
//!   classes `java/lang/String`; fields `Demo.value:int` (static or not
//!   according to the instruction); methods `Demo.fib(I)I`; strings
//!   `"hello"`. `@N` refers to entry N of the relevant table directly, and
//!   `@N.value:int` / `@N.fib(I)I` name the class of a field or method by
//!   its `class_refs` index.
//!
//! ## Instructions
//!
//! ```text
//! nop                         const.i rD, INT         const.f rD, FLOAT
//! const.s rD, "str"           null rD                 mov rD, rS
//! iadd rD, rA, rB   (every BinOp name)    iadd rD, rA, #IMM   (BinI; `#` optional)
//! ineg rD, rS       (every UnOp name)     lcmp rD, rA, rB     (every CmpOp name)
//! jmp L                       if.COND rA, rB, L       ifz.COND rA, L
//!     (COND: eq ne lt ge gt le)
//! ifref.eq rA, rB, L          ifref.ne rA, rB, L      ifnull rA, L    ifnonnull rA, L
//! switch rS { 1: L1, 5: L5, default: L0 }   (keys sorted; may span lines)
//! switch rS, @N               (switch table N of the method)
//! new rD, CLASS               getfield rD, rO, FIELD  putfield rO, FIELD, rS
//! getstatic rD, FIELD         putstatic FIELD, rS
//! newarray.ELEM rD, rLen      newrefarray rD, CLASS, rLen     arraylen rD, rA
//!     (ELEM: i8 u16 i16 i32 i64 f32 f64 ref)
//! aload.ELEM rD, rA, rI       astore.ELEM rA, rI, rS
//! instanceof rD, rS, CLASS    checkcast rS, CLASS
//! call rD|_, METHOD, rArgs, N     callvirt rD|_, METHOD, rArgs, N
//! ret rS      ret             throw rS        catch rD
//! monenter rS                 monexit rS
//! ```
//!
//! ## Directives
//!
//! * `.catch START END HANDLER [CLASS]`: instructions `START..END` are
//!   covered by the handler at `HANDLER` (labels or `@N`), for throwables of
//!   `CLASS` (any when omitted). Handlers keep the order they are written in.
//! * `.line N` records source line N for the next instruction; `.line N @PC`
//!   records it for instruction PC.
//! * `.table { KEY: L, ..., default: L }` appends a switch table to the
//!   method exactly as written (for `switch rS, @N`).
//! * Before the classes, `.string "s"`, `.classref NAME`,
//!   `.fieldref [static] CLASS.NAME:KIND` and `.methodref CLASS.NAME DESC`
//!   append entries to the module's tables without looking for equal ones.
//!   The disassembler writes them only when the tables are not what inline
//!   interning would produce (unused or duplicate entries, odd order).

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;
use core::cell::Cell;
use core::fmt::{self, Write};

use crate::insn::{BinOp, CmpOp, Cond, Elem, Insn, Kind, Reg, SwitchTable, UnOp, NO_REG};
use crate::module::{flags, ClassDef, FieldDef, FieldRef, Handler, MethodDef, MethodRef, Module};

/// An assembly error: the (1-based) source line and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AsmError {
    pub line: usize,
    pub msg: String,
}

impl fmt::Display for AsmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.msg)
    }
}

impl core::error::Error for AsmError {}

type Res<T> = Result<T, String>;

// ------------------------------------------------------------------ tables

/// A table whose entries are interned: `lookup` finds the first equal entry
/// (or the index a new one would get), `push` appends without looking.
struct Pool<T: Ord + Clone> {
    items: Vec<T>,
    first: BTreeMap<T, u32>,
}

impl<T: Ord + Clone> Pool<T> {
    fn new() -> Self {
        Pool {
            items: Vec::new(),
            first: BTreeMap::new(),
        }
    }
    fn lookup(&self, v: &T) -> u32 {
        self.first
            .get(v)
            .copied()
            .unwrap_or(self.items.len() as u32)
    }
    fn push(&mut self, v: T) -> u32 {
        let i = self.items.len() as u32;
        self.first.entry(v.clone()).or_insert(i);
        self.items.push(v);
        i
    }
    fn intern(&mut self, v: T) -> u32 {
        match self.first.get(&v) {
            Some(&i) => i,
            None => self.push(v),
        }
    }
}

type FieldKey = (u32, String, Kind, bool);
type MethodKey = (u32, String, String);

/// The module's reference tables while they are being built (assembler) or
/// replayed (disassembler, to decide what can be written symbolically).
struct Tables {
    strings: Pool<String>,
    classes: Pool<String>,
    fields: Pool<FieldKey>,
    methods: Pool<MethodKey>,
}

impl Tables {
    fn new() -> Self {
        Tables {
            strings: Pool::new(),
            classes: Pool::new(),
            fields: Pool::new(),
            methods: Pool::new(),
        }
    }

    fn of(m: &Module) -> Self {
        let mut t = Tables::new();
        for s in &m.strings {
            t.strings.push(s.clone());
        }
        for s in &m.class_refs {
            t.classes.push(s.clone());
        }
        for f in &m.field_refs {
            t.fields.push(field_key(f));
        }
        for r in &m.method_refs {
            t.methods.push(method_key(r));
        }
        t
    }

    fn matches(&self, m: &Module) -> bool {
        self.strings.items == m.strings
            && self.classes.items == m.class_refs
            && self.fields.items.len() == m.field_refs.len()
            && self
                .fields
                .items
                .iter()
                .zip(&m.field_refs)
                .all(|(k, f)| *k == field_key(f))
            && self.methods.items.len() == m.method_refs.len()
            && self
                .methods
                .items
                .iter()
                .zip(&m.method_refs)
                .all(|(k, r)| *k == method_key(r))
    }

    fn store(self, m: &mut Module) {
        m.strings = self.strings.items;
        m.class_refs = self.classes.items;
        m.field_refs = self
            .fields
            .items
            .into_iter()
            .map(|(class, name, kind, is_static)| FieldRef {
                class,
                name,
                kind,
                is_static,
            })
            .collect();
        m.method_refs = self
            .methods
            .items
            .into_iter()
            .map(|(class, name, sig)| MethodRef { class, name, sig })
            .collect();
    }
}

fn field_key(f: &FieldRef) -> FieldKey {
    (f.class, f.name.clone(), f.kind, f.is_static)
}

fn method_key(r: &MethodRef) -> MethodKey {
    (r.class, r.name.clone(), r.sig.clone())
}

// ------------------------------------------------------------------ lexing

const FLAG_WORDS: [(u32, &str); 6] = [
    (flags::STATIC, "static"),
    (flags::NATIVE, "native"),
    (flags::ABSTRACT, "abstract"),
    (flags::INTERFACE, "interface"),
    (flags::SYNCHRONIZED, "synchronized"),
    (flags::FINAL, "final"),
];

/// Words with a meaning in headers; names equal to them are quoted.
const KEYWORDS: [&str; 17] = [
    "module",
    "class",
    "end",
    "field",
    "method",
    "extends",
    "implements",
    "static",
    "native",
    "abstract",
    "interface",
    "synchronized",
    "final",
    "flags",
    "regs",
    "unchecked",
    "default",
];

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\x0b' | b'\x0c')
}

/// Cuts a comment off a physical line (not inside strings).
fn strip_comment(line: &str) -> &str {
    let b = line.as_bytes();
    let mut i = 0;
    let mut in_str = false;
    while i < b.len() {
        let c = b[i];
        if in_str {
            if c == b'\\' {
                i += 1;
            } else if c == b'"' {
                in_str = false;
            }
        } else if c == b'"' {
            in_str = true;
        } else if (c == b';' || c == b'#') && (i == 0 || is_ws(b[i - 1]) || b[i - 1] == b',') {
            let imm = c == b'#' && matches!(b.get(i + 1), Some(b'0'..=b'9' | b'-' | b'+'));
            if !imm {
                return &line[..i];
            }
        }
        i += 1;
    }
    line
}

/// Whether a (comment-free) line leaves a `{` open.
fn brace_open(s: &str) -> bool {
    let b = s.as_bytes();
    let (mut depth, mut in_str, mut i) = (0i32, false, 0);
    while i < b.len() {
        match (in_str, b[i]) {
            (true, b'\\') => i += 1,
            (true, b'"') => in_str = false,
            (false, b'"') => in_str = true,
            (false, b'{') => depth += 1,
            (false, b'}') => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    depth > 0
}

/// Splits a logical line into words; a `{ ... }` group is one word.
fn tokenize(s: &str) -> Res<Vec<&str>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        while i < b.len() && (is_ws(b[i]) || b[i] == b',') {
            i += 1;
        }
        if i == b.len() {
            return Ok(out);
        }
        let start = i;
        if b[i] == b'{' {
            let mut in_str = false;
            loop {
                i += 1;
                match b.get(i) {
                    None => return Err("unclosed `{`".to_string()),
                    Some(b'\\') if in_str => i += 1,
                    Some(b'"') => in_str = !in_str,
                    Some(b'}') if !in_str => break,
                    _ => {}
                }
            }
            i += 1;
            out.push(&s[start..i]);
            continue;
        }
        if b[i] == b'}' {
            return Err("unexpected `}`".to_string());
        }
        while i < b.len() && !is_ws(b[i]) && !matches!(b[i], b',' | b'{' | b'}') {
            if b[i] == b'"' {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                if i >= b.len() {
                    return Err("unterminated string".to_string());
                }
            }
            i += 1;
        }
        out.push(&s[start..i]);
    }
}

/// Parses a string literal at the start of `s`; returns it and the rest.
fn string_lit(s: &str) -> Res<(String, &str)> {
    let mut chars = s.char_indices();
    if chars.next().map(|(_, c)| c) != Some('"') {
        return Err(format!("expected a string literal, found `{s}`"));
    }
    let mut out = String::new();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Ok((out, &s[i + 1..])),
            '\\' => {
                let (_, e) = chars.next().ok_or("unterminated string")?;
                match e {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    '0' => out.push('\0'),
                    '\\' => out.push('\\'),
                    '"' => out.push('"'),
                    'u' => {
                        if chars.next().map(|(_, c)| c) != Some('{') {
                            return Err("expected `{` after `\\u`".to_string());
                        }
                        let mut hex = String::new();
                        loop {
                            match chars.next() {
                                Some((_, '}')) => break,
                                Some((_, h)) if h.is_ascii_hexdigit() && hex.len() < 6 => {
                                    hex.push(h)
                                }
                                _ => return Err("bad `\\u{...}` escape".to_string()),
                            }
                        }
                        let v =
                            u32::from_str_radix(&hex, 16).map_err(|_| "bad `\\u{...}` escape")?;
                        out.push(
                            char::from_u32(v)
                                .ok_or_else(|| format!("`\\u{{{hex}}}` is not a character"))?,
                        );
                    }
                    other => return Err(format!("unknown escape `\\{other}`")),
                }
            }
            c => out.push(c),
        }
    }
    Err("unterminated string".to_string())
}

/// A whole word that is a name: bare or one string literal.
fn name(tok: &str) -> Res<String> {
    if tok.starts_with('"') {
        let (s, rest) = string_lit(tok)?;
        if !rest.is_empty() {
            return Err(format!("unexpected `{rest}` after string"));
        }
        Ok(s)
    } else {
        Ok(tok.to_string())
    }
}

/// One part of a composite reference (`CLASS.NAME:KIND`, `CLASS.NAME(DESC)`).
enum Part {
    Name(String),
    Raw(u32),
}

/// Reads a part of `s` ending before the first byte in `stops` (or at the
/// end); returns it and the rest.
fn part<'a>(s: &'a str, stops: &[u8], what: &str) -> Res<(Part, &'a str)> {
    if s.starts_with('"') {
        let (n, rest) = string_lit(s)?;
        return Ok((Part::Name(n), rest));
    }
    let end = s
        .bytes()
        .position(|b| b == b'"' || stops.contains(&b))
        .unwrap_or(s.len());
    let p = &s[..end];
    if p.is_empty() {
        return Err(format!("missing {what}"));
    }
    if let Some(n) = p.strip_prefix('@') {
        return Ok((Part::Raw(uint(n, u32::MAX as u64)? as u32), &s[end..]));
    }
    Ok((Part::Name(p.to_string()), &s[end..]))
}

/// `@N` as a whole word.
fn raw(tok: &str) -> Option<Res<u32>> {
    let n = tok.strip_prefix('@')?;
    Some(uint(n, u32::MAX as u64).map(|v| v as u32))
}

fn uint(s: &str, max: u64) -> Res<u64> {
    let v = int(s)?;
    if v < 0 || v as u64 > max {
        return Err(format!("number `{s}` out of range (0..={max})"));
    }
    Ok(v as u64)
}

fn int(s: &str) -> Res<i64> {
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (radix, digits) = match digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        Some(h) => (16, h),
        None => (10, digits),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return Err(format!("bad number `{s}`"));
    }
    let mag =
        u64::from_str_radix(digits, radix).map_err(|_| format!("number `{s}` out of range"))?;
    if neg {
        if mag > 1u64 << 63 {
            return Err(format!("number `{s}` out of range"));
        }
        Ok((mag as i64).wrapping_neg())
    } else {
        i64::try_from(mag).map_err(|_| format!("number `{s}` out of range"))
    }
}

fn float(s: &str) -> Res<f64> {
    if let Some(b) = s.strip_prefix("bits:") {
        let hex = b.strip_prefix("0x").or_else(|| b.strip_prefix("0X"));
        let v = hex
            .filter(|h| !h.is_empty() && h.bytes().all(|c| c.is_ascii_hexdigit()))
            .and_then(|h| u64::from_str_radix(h, 16).ok())
            .ok_or_else(|| {
                format!("bad float bits `{s}` (bits:0x followed by up to 16 hex digits)")
            })?;
        return Ok(f64::from_bits(v));
    }
    match s {
        "nan" | "NaN" => Ok(f64::NAN),
        "inf" | "+inf" => Ok(f64::INFINITY),
        "-inf" => Ok(f64::NEG_INFINITY),
        _ => {
            let ok = !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b));
            match s.parse::<f64>() {
                Ok(v) if ok => Ok(v),
                _ => Err(format!("bad float `{s}`")),
            }
        }
    }
}

fn kind_word(s: &str) -> Res<Kind> {
    match s {
        "int" => Ok(Kind::Int),
        "float" => Ok(Kind::Float),
        "ref" => Ok(Kind::Ref),
        _ => Err(format!("bad kind `{s}` (int, float or ref)")),
    }
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Int => "int",
        Kind::Float => "float",
        Kind::Ref => "ref",
    }
}

fn is_label_name(s: &str) -> bool {
    let mut c = s.chars();
    matches!(c.next(), Some(f) if f.is_ascii_alphabetic() || f == '_' || f == '$')
        && c.all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '_' | '$' | '.'))
}

fn is_reg_word(s: &str) -> bool {
    s == "_"
        || s.strip_prefix('r')
            .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

// --------------------------------------------------------------- assembler

/// Where a label is used, to patch it once the method is complete.
#[derive(Clone, Copy)]
enum Site {
    Insn(usize),
    Table(usize, usize),
    Default(usize),
    Start(usize),
    End(usize),
    Handler(usize),
}

struct MethodAsm {
    def: MethodDef,
    checked: bool,
    line: usize,
    labels: BTreeMap<String, (u32, usize)>,
    fixups: Vec<(Site, String, usize)>,
}

struct ClassAsm {
    def: ClassDef,
    line: usize,
}

struct Asm {
    module: Module,
    named: bool,
    tables: Tables,
    class: Option<ClassAsm>,
    method: Option<MethodAsm>,
    line: usize,
}

/// Assembles a module from its text form (see the module documentation).
pub fn assemble(src: &str) -> Result<Module, AsmError> {
    let mut a = Asm {
        module: Module::default(),
        named: false,
        tables: Tables::new(),
        class: None,
        method: None,
        line: 0,
    };
    let mut lines = src.lines().enumerate();
    while let Some((n, raw_line)) = lines.next() {
        a.line = n + 1;
        let mut text = String::from(strip_comment(raw_line));
        while brace_open(&text) {
            match lines.next() {
                Some((_, more)) => {
                    text.push(' ');
                    text.push_str(strip_comment(more));
                }
                None => break,
            }
        }
        let toks = tokenize(&text).map_err(|msg| AsmError { line: a.line, msg })?;
        if toks.is_empty() {
            continue;
        }
        a.statement(&toks)
            .map_err(|msg| AsmError { line: a.line, msg })?;
    }
    if let Some(m) = &a.method {
        return Err(AsmError {
            line: m.line,
            msg: format!("method `{}` has no `end`", m.def.name),
        });
    }
    if let Some(c) = &a.class {
        return Err(AsmError {
            line: c.line,
            msg: format!("class `{}` has no `end`", c.def.name),
        });
    }
    let mut module = a.module;
    a.tables.store(&mut module);
    Ok(module)
}

fn want(toks: &[&str], n: usize) -> Res<()> {
    if toks.len() - 1 != n {
        let s = if n == 1 { "" } else { "s" };
        return Err(format!(
            "`{}` takes {n} operand{s}, found {}",
            toks[0],
            toks.len() - 1
        ));
    }
    Ok(())
}

/// Parses modifiers starting at `toks[i]`; returns the flags and the index
/// of the first word that is not one.
fn modifiers(toks: &[&str], mut i: usize, mut f: u32) -> Res<(u32, usize)> {
    loop {
        let Some(&t) = toks.get(i) else {
            return Ok((f, i));
        };
        if let Some(&(bit, _)) = FLAG_WORDS.iter().find(|(_, w)| *w == t) {
            f |= bit;
            i += 1;
        } else if t == "flags" {
            let v = toks.get(i + 1).ok_or("`flags` needs a number")?;
            f |= uint(v, u32::MAX as u64)? as u32;
            i += 2;
        } else {
            return Ok((f, i));
        }
    }
}

impl Asm {
    fn statement(&mut self, toks: &[&str]) -> Res<()> {
        let head = toks[0];
        if let Some(label) = head.strip_suffix(':').filter(|_| !head.starts_with('"')) {
            let Some(m) = self.method.as_mut() else {
                return Err(format!("label `{label}` outside a method body"));
            };
            if !is_label_name(label) {
                return Err(format!("bad label name `{label}`"));
            }
            let pc = m.def.code.len() as u32;
            if let Some(&(_, prev)) = m.labels.get(label) {
                return Err(format!("label `{label}` already defined at line {prev}"));
            }
            m.labels.insert(label.to_string(), (pc, self.line));
            return if toks.len() > 1 {
                self.statement(&toks[1..])
            } else {
                Ok(())
            };
        }
        if self.method.is_some() {
            if matches!(head, "method" | "class" | "field" | "module") {
                let name = &self.m().def.name;
                return Err(format!(
                    "`{head}` inside the body of method `{name}` (missing `end`?)"
                ));
            }
            return match head {
                "end" => {
                    want(toks, 0)?;
                    self.end_method()
                }
                ".catch" => self.catch_directive(toks),
                ".line" => self.line_directive(toks),
                ".table" => {
                    want(toks, 1)?;
                    self.table(toks[1], false).map(|_| ())
                }
                _ => self.insn(toks),
            };
        }
        if self.class.is_some() {
            return match head {
                "field" => self.field(toks),
                "method" => self.method_header(toks),
                "end" => {
                    want(toks, 0)?;
                    let c = self.class.take().expect("class is open");
                    self.module.classes.push(c.def);
                    Ok(())
                }
                "class" => Err("classes do not nest: `end` the previous class first".to_string()),
                _ => Err(format!(
                    "expected `field`, `method` or `end` in a class, found `{head}`"
                )),
            };
        }
        match head {
            "module" => {
                want(toks, 1)?;
                if self.named {
                    return Err("the module is already named".to_string());
                }
                self.named = true;
                self.module.name = name(toks[1])?;
                Ok(())
            }
            "class" => self.class_header(toks),
            ".string" => {
                want(toks, 1)?;
                let (s, rest) = string_lit(toks[1])?;
                if !rest.is_empty() {
                    return Err(format!("unexpected `{rest}` after string"));
                }
                self.tables.strings.push(s);
                Ok(())
            }
            ".classref" => {
                want(toks, 1)?;
                let n = name(toks[1])?;
                self.tables.classes.push(n);
                Ok(())
            }
            ".fieldref" => {
                let is_static = toks.get(1) == Some(&"static");
                want(toks, 1 + is_static as usize)?;
                let key = self.field_key(toks[toks.len() - 1], is_static)?;
                self.tables.fields.push(key);
                Ok(())
            }
            ".methodref" => {
                want(toks, 1)?;
                let key = self.method_key(toks[1])?;
                self.tables.methods.push(key);
                Ok(())
            }
            "end" => Err("`end` without a class or method".to_string()),
            "field" | "method" => Err(format!("`{head}` outside a class")),
            _ => Err(format!(
                "unknown directive `{head}` (expected `module` or `class`)"
            )),
        }
    }

    fn class_header(&mut self, toks: &[&str]) -> Res<()> {
        let cname = name(toks.get(1).ok_or("`class` needs a name")?)?;
        let mut c = ClassDef {
            name: cname,
            ..ClassDef::default()
        };
        let mut i = 2;
        while i < toks.len() {
            match toks[i] {
                "extends" => {
                    if c.superclass.is_some() {
                        return Err("more than one `extends`".to_string());
                    }
                    c.superclass = Some(name(toks.get(i + 1).ok_or("`extends` needs a class")?)?);
                    i += 2;
                }
                "implements" => {
                    i += 1;
                    while i < toks.len() && !KEYWORDS.contains(&toks[i]) {
                        c.interfaces.push(name(toks[i])?);
                        i += 1;
                    }
                }
                _ => {
                    let (f, next) = modifiers(toks, i, c.flags)?;
                    if next == i {
                        return Err(format!("unexpected `{}` in class header", toks[i]));
                    }
                    c.flags = f;
                    i = next;
                }
            }
        }
        self.class = Some(ClassAsm {
            def: c,
            line: self.line,
        });
        Ok(())
    }

    fn field(&mut self, toks: &[&str]) -> Res<()> {
        let is_static = toks.get(1) == Some(&"static");
        let i = 1 + is_static as usize;
        if toks.len() != i + 2 {
            return Err("expected `field [static] NAME int|float|ref`".to_string());
        }
        let f = FieldDef {
            name: name(toks[i])?,
            kind: kind_word(toks[i + 1])?,
            is_static,
        };
        self.class
            .as_mut()
            .expect("class is open")
            .def
            .fields
            .push(f);
        Ok(())
    }

    fn method_header(&mut self, toks: &[&str]) -> Res<()> {
        let (fl, i) = modifiers(toks, 1, 0)?;
        if toks.len() < i + 2 {
            return Err("expected `method [MODIFIERS] NAME DESCRIPTOR [regs N]`".to_string());
        }
        let def = MethodDef {
            name: name(toks[i])?,
            sig: name(toks[i + 1])?,
            flags: fl,
            ..MethodDef::default()
        };
        let rest = &toks[i + 2..];
        if rest.is_empty() {
            if fl & (flags::NATIVE | flags::ABSTRACT) == 0 {
                return Err(format!(
                    "method `{}` needs `regs N` and a body (only native and abstract methods have none)",
                    def.name
                ));
            }
            self.class
                .as_mut()
                .expect("class is open")
                .def
                .methods
                .push(def);
            return Ok(());
        }
        if rest[0] != "regs"
            || rest.len() < 2
            || rest.len() > 3
            || (rest.len() == 3 && rest[2] != "unchecked")
        {
            return Err(format!(
                "expected `regs N [unchecked]`, found `{}`",
                rest.join(" ")
            ));
        }
        let nregs = uint(rest[1], u16::MAX as u64)? as u16;
        self.method = Some(MethodAsm {
            def: MethodDef { nregs, ..def },
            checked: rest.len() == 2,
            line: self.line,
            labels: BTreeMap::new(),
            fixups: Vec::new(),
        });
        Ok(())
    }

    fn end_method(&mut self) -> Res<()> {
        let mut m = self.method.take().expect("method is open");
        for (site, label, line) in core::mem::take(&mut m.fixups) {
            let Some(&(pc, _)) = m.labels.get(&label) else {
                self.line = line;
                return Err(format!("undefined label `{label}`"));
            };
            let d = &mut m.def;
            match site {
                Site::Insn(i) => match &mut d.code[i] {
                    Insn::Jmp { t }
                    | Insn::If { t, .. }
                    | Insn::IfZ { t, .. }
                    | Insn::IfRef { t, .. }
                    | Insn::IfNull { t, .. } => *t = pc,
                    _ => unreachable!("fixup on an instruction without a target"),
                },
                Site::Table(t, i) => d.tables[t].targets[i] = pc,
                Site::Default(t) => d.tables[t].default = pc,
                Site::Start(h) => d.handlers[h].start = pc,
                Site::End(h) => d.handlers[h].end = pc,
                Site::Handler(h) => d.handlers[h].handler = pc,
            }
        }
        self.class
            .as_mut()
            .expect("class is open")
            .def
            .methods
            .push(m.def);
        Ok(())
    }

    fn m(&mut self) -> &mut MethodAsm {
        self.method.as_mut().expect("method is open")
    }

    /// A branch target: a label (patched at `end`) or `@N`.
    fn target(&mut self, tok: &str, site: Site) -> Res<u32> {
        if let Some(pc) = raw(tok) {
            return pc;
        }
        if !is_label_name(tok) {
            return Err(format!("bad branch target `{tok}` (a label or @N)"));
        }
        let line = self.line;
        self.m().fixups.push((site, tok.to_string(), line));
        Ok(0)
    }

    fn reg_any(&mut self, tok: &str, allow_none: bool) -> Res<Reg> {
        if !is_reg_word(tok) {
            return Err(format!("expected a register, found `{tok}`"));
        }
        let m = self.m();
        if tok == "_" {
            if m.checked && !allow_none {
                return Err("`_` (no register) is only allowed as a call destination".to_string());
            }
            return Ok(NO_REG);
        }
        let v: u64 = tok[1..].parse().unwrap_or(u64::MAX);
        if v >= NO_REG as u64 {
            return Err(format!("register `{tok}` out of range (r0..r65534)"));
        }
        if m.checked && v >= m.def.nregs as u64 {
            return Err(format!(
                "register `{tok}` out of range: the method has regs {}",
                m.def.nregs
            ));
        }
        Ok(v as Reg)
    }

    fn reg(&mut self, tok: &str) -> Res<Reg> {
        self.reg_any(tok, false)
    }

    fn class_ref(&mut self, tok: &str) -> Res<u32> {
        match raw(tok) {
            Some(v) => v,
            None => {
                let n = name(tok)?;
                Ok(self.tables.classes.intern(n))
            }
        }
    }

    fn class_part(&mut self, p: Part) -> u32 {
        match p {
            Part::Raw(c) => c,
            Part::Name(n) => self.tables.classes.intern(n),
        }
    }

    fn field_key(&mut self, tok: &str, is_static: bool) -> Res<FieldKey> {
        let (c, rest) = part(tok, b".", "class name")?;
        let rest = rest.strip_prefix('.').ok_or_else(|| {
            format!("expected a field reference `CLASS.NAME:KIND`, found `{tok}`")
        })?;
        let (n, rest) = part(rest, b":", "field name")?;
        let Part::Name(n) = n else {
            return Err(format!("bad field name in `{tok}`"));
        };
        let kind = kind_word(
            rest.strip_prefix(':')
                .ok_or_else(|| format!("missing `:KIND` in `{tok}`"))?,
        )?;
        let c = self.class_part(c);
        Ok((c, n, kind, is_static))
    }

    fn field_ref(&mut self, tok: &str, is_static: bool) -> Res<u32> {
        if let Some(v) = raw(tok).filter(|_| !tok.contains('.')) {
            return v;
        }
        let key = self.field_key(tok, is_static)?;
        Ok(self.tables.fields.intern(key))
    }

    fn method_key(&mut self, tok: &str) -> Res<MethodKey> {
        let (c, rest) = part(tok, b".", "class name")?;
        let rest = rest.strip_prefix('.').ok_or_else(|| {
            format!("expected a method reference `CLASS.NAME(DESC)`, found `{tok}`")
        })?;
        let (n, rest) = part(rest, b"(", "method name")?;
        let Part::Name(n) = n else {
            return Err(format!("bad method name in `{tok}`"));
        };
        let sig = if rest.starts_with('"') {
            name(rest)?
        } else if rest.is_empty() {
            return Err(format!("missing descriptor in `{tok}`"));
        } else {
            rest.to_string()
        };
        let c = self.class_part(c);
        Ok((c, n, sig))
    }

    fn method_ref(&mut self, tok: &str) -> Res<u32> {
        if let Some(v) = raw(tok).filter(|_| !tok.contains('.')) {
            return v;
        }
        let key = self.method_key(tok)?;
        Ok(self.tables.methods.intern(key))
    }

    fn string_ref(&mut self, tok: &str) -> Res<u32> {
        match raw(tok) {
            Some(v) => v,
            None => {
                let (s, rest) = string_lit(tok)?;
                if !rest.is_empty() {
                    return Err(format!("unexpected `{rest}` after string"));
                }
                Ok(self.tables.strings.intern(s))
            }
        }
    }

    /// Parses `{ k: L, ..., default: L }` into a new table of the method;
    /// `sort` orders the keys (inline switches).
    fn table(&mut self, group: &str, sort: bool) -> Res<u32> {
        let inner = group
            .strip_prefix('{')
            .and_then(|g| g.strip_suffix('}'))
            .ok_or_else(|| {
                format!("expected `{{ KEY: LABEL, ..., default: LABEL }}`, found `{group}`")
            })?;
        let mut entries: Vec<(i32, &str)> = Vec::new();
        let mut default = None;
        for e in inner.split(',') {
            let e = e.trim_matches(|c: char| c.is_ascii_whitespace());
            if e.is_empty() {
                continue;
            }
            let (k, t) = e
                .split_once(':')
                .ok_or_else(|| format!("expected `KEY: LABEL`, found `{e}`"))?;
            let (k, t) = (k.trim(), t.trim());
            if k == "default" {
                if default.is_some() {
                    return Err("switch has two defaults".to_string());
                }
                default = Some(t);
            } else {
                let v = int(k)?;
                let v = i32::try_from(v)
                    .map_err(|_| format!("switch key `{k}` out of range for i32"))?;
                entries.push((v, t));
            }
        }
        let default = default.ok_or("switch has no `default`")?;
        if sort {
            entries.sort_by_key(|e| e.0);
            if let Some(w) = entries.windows(2).find(|w| w[0].0 == w[1].0) {
                return Err(format!("duplicate switch key {}", w[0].0));
            }
        }
        let ti = self.m().def.tables.len();
        self.m().def.tables.push(SwitchTable::default());
        let mut table = SwitchTable {
            keys: entries.iter().map(|e| e.0).collect(),
            targets: vec![0; entries.len()],
            default: 0,
        };
        for (i, &(_, t)) in entries.iter().enumerate() {
            table.targets[i] = self.target(t, Site::Table(ti, i))?;
        }
        table.default = self.target(default, Site::Default(ti))?;
        self.m().def.tables[ti] = table;
        Ok(ti as u32)
    }

    fn catch_directive(&mut self, toks: &[&str]) -> Res<()> {
        if toks.len() != 4 && toks.len() != 5 {
            return Err("expected `.catch START END HANDLER [CLASS]`".to_string());
        }
        let h = self.m().def.handlers.len();
        let start = self.target(toks[1], Site::Start(h))?;
        let end = self.target(toks[2], Site::End(h))?;
        let handler = self.target(toks[3], Site::Handler(h))?;
        let class = match toks.get(4) {
            Some(t) => Some(self.class_ref(t)?),
            None => None,
        };
        self.m().def.handlers.push(Handler {
            start,
            end,
            handler,
            class,
        });
        Ok(())
    }

    fn line_directive(&mut self, toks: &[&str]) -> Res<()> {
        if toks.len() != 2 && toks.len() != 3 {
            return Err("expected `.line N [@PC]`".to_string());
        }
        let line = uint(toks[1], u32::MAX as u64)? as u32;
        let pc = match toks.get(2) {
            Some(t) => raw(t).ok_or_else(|| format!("expected `@PC`, found `{t}`"))??,
            None => self.m().def.code.len() as u32,
        };
        self.m().def.lines.push((pc, line));
        Ok(())
    }

    fn insn(&mut self, toks: &[&str]) -> Res<()> {
        let mn = toks[0];
        let ops = &toks[1..];
        let (base, suffix) = match mn.split_once('.') {
            Some((b, s)) => (b, Some(s)),
            None => (mn, None),
        };
        let at = self.m().def.code.len();
        let here = Site::Insn(at);
        let cond = |s: Option<&str>| -> Res<Cond> {
            let s = s.ok_or_else(|| {
                format!("`{mn}` needs a condition: {base}.eq, .ne, .lt, .ge, .gt or .le")
            })?;
            Cond::ALL
                .iter()
                .copied()
                .find(|c| c.name() == s)
                .ok_or_else(|| format!("unknown condition `{s}` in `{mn}`"))
        };
        let elem = |s: Option<&str>| -> Res<Elem> {
            let s = s.ok_or_else(|| format!("`{mn}` needs an element type: {base}.i8, .u16, .i16, .i32, .i64, .f32, .f64 or .ref"))?;
            Elem::ALL
                .iter()
                .copied()
                .find(|e| e.name() == s)
                .ok_or_else(|| format!("unknown element type `{s}` in `{mn}`"))
        };
        let no_suffix = || -> Res<()> {
            match suffix {
                Some(_) => Err(format!("unknown instruction `{mn}`")),
                None => Ok(()),
            }
        };
        let insn = match base {
            "nop" => {
                no_suffix()?;
                want(toks, 0)?;
                Insn::Nop
            }
            "const" => {
                want(toks, 2)?;
                let d = self.reg(ops[0])?;
                match suffix {
                    Some("i") => Insn::ConstI { d, v: int(ops[1])? },
                    Some("f") => Insn::ConstF {
                        d,
                        v: float(ops[1])?,
                    },
                    Some("s") => Insn::ConstS {
                        d,
                        s: self.string_ref(ops[1])?,
                    },
                    _ => {
                        return Err(format!(
                            "unknown instruction `{mn}` (const.i, const.f or const.s)"
                        ))
                    }
                }
            }
            "null" => {
                no_suffix()?;
                want(toks, 1)?;
                Insn::Null {
                    d: self.reg(ops[0])?,
                }
            }
            "mov" => {
                no_suffix()?;
                want(toks, 2)?;
                Insn::Mov {
                    d: self.reg(ops[0])?,
                    s: self.reg(ops[1])?,
                }
            }
            "jmp" => {
                no_suffix()?;
                want(toks, 1)?;
                Insn::Jmp {
                    t: self.target(ops[0], here)?,
                }
            }
            "if" => {
                let c = cond(suffix)?;
                want(toks, 3)?;
                Insn::If {
                    c,
                    a: self.reg(ops[0])?,
                    b: self.reg(ops[1])?,
                    t: self.target(ops[2], here)?,
                }
            }
            "ifz" => {
                let c = cond(suffix)?;
                want(toks, 2)?;
                Insn::IfZ {
                    c,
                    a: self.reg(ops[0])?,
                    t: self.target(ops[1], here)?,
                }
            }
            "ifref" => {
                let eq = match suffix {
                    Some("eq") => true,
                    Some("ne") => false,
                    _ => return Err(format!("unknown instruction `{mn}` (ifref.eq or ifref.ne)")),
                };
                want(toks, 3)?;
                Insn::IfRef {
                    eq,
                    a: self.reg(ops[0])?,
                    b: self.reg(ops[1])?,
                    t: self.target(ops[2], here)?,
                }
            }
            "ifnull" | "ifnonnull" => {
                no_suffix()?;
                want(toks, 2)?;
                Insn::IfNull {
                    null: base == "ifnull",
                    a: self.reg(ops[0])?,
                    t: self.target(ops[1], here)?,
                }
            }
            "switch" => {
                no_suffix()?;
                if ops.len() != 2 {
                    return Err(format!(
                        "`switch` takes a register and `{{ KEY: LABEL, ..., default: LABEL }}` or `@N`, found {} operands",
                        ops.len()
                    ));
                }
                let s = self.reg(ops[0])?;
                let table = match raw(ops[1]) {
                    Some(v) => v?,
                    None => self.table(ops[1], true)?,
                };
                Insn::Switch { s, table }
            }
            "new" => {
                no_suffix()?;
                want(toks, 2)?;
                Insn::New {
                    d: self.reg(ops[0])?,
                    class: self.class_ref(ops[1])?,
                }
            }
            "getfield" => {
                no_suffix()?;
                want(toks, 3)?;
                Insn::GetField {
                    d: self.reg(ops[0])?,
                    o: self.reg(ops[1])?,
                    field: self.field_ref(ops[2], false)?,
                }
            }
            "putfield" => {
                no_suffix()?;
                want(toks, 3)?;
                Insn::PutField {
                    o: self.reg(ops[0])?,
                    field: self.field_ref(ops[1], false)?,
                    s: self.reg(ops[2])?,
                }
            }
            "getstatic" => {
                no_suffix()?;
                want(toks, 2)?;
                Insn::GetStatic {
                    d: self.reg(ops[0])?,
                    field: self.field_ref(ops[1], true)?,
                }
            }
            "putstatic" => {
                no_suffix()?;
                want(toks, 2)?;
                Insn::PutStatic {
                    field: self.field_ref(ops[0], true)?,
                    s: self.reg(ops[1])?,
                }
            }
            "newarray" => {
                let elem = elem(suffix)?;
                want(toks, 2)?;
                Insn::NewArray {
                    d: self.reg(ops[0])?,
                    elem,
                    len: self.reg(ops[1])?,
                }
            }
            "newrefarray" => {
                no_suffix()?;
                want(toks, 3)?;
                Insn::NewRefArray {
                    d: self.reg(ops[0])?,
                    class: self.class_ref(ops[1])?,
                    len: self.reg(ops[2])?,
                }
            }
            "arraylen" => {
                no_suffix()?;
                want(toks, 2)?;
                Insn::ArrayLen {
                    d: self.reg(ops[0])?,
                    a: self.reg(ops[1])?,
                }
            }
            "aload" => {
                let elem = elem(suffix)?;
                want(toks, 3)?;
                Insn::ALoad {
                    elem,
                    d: self.reg(ops[0])?,
                    a: self.reg(ops[1])?,
                    i: self.reg(ops[2])?,
                }
            }
            "astore" => {
                let elem = elem(suffix)?;
                want(toks, 3)?;
                Insn::AStore {
                    elem,
                    a: self.reg(ops[0])?,
                    i: self.reg(ops[1])?,
                    s: self.reg(ops[2])?,
                }
            }
            "instanceof" => {
                no_suffix()?;
                want(toks, 3)?;
                Insn::InstanceOf {
                    d: self.reg(ops[0])?,
                    s: self.reg(ops[1])?,
                    class: self.class_ref(ops[2])?,
                }
            }
            "checkcast" => {
                no_suffix()?;
                want(toks, 2)?;
                Insn::CheckCast {
                    s: self.reg(ops[0])?,
                    class: self.class_ref(ops[1])?,
                }
            }
            "call" | "callvirt" => {
                no_suffix()?;
                want(toks, 4)?;
                let d = self.reg_any(ops[0], true)?;
                let method = self.method_ref(ops[1])?;
                let n = uint(ops[3], u16::MAX as u64)? as u16;
                let args = self.reg_any(ops[2], n == 0)?;
                let m = self.m();
                if m.checked && n > 0 && args as u32 + n as u32 > m.def.nregs as u32 {
                    return Err(format!(
                        "arguments r{}..r{} out of range: the method has regs {}",
                        args,
                        args as u32 + n as u32 - 1,
                        m.def.nregs
                    ));
                }
                if base == "call" {
                    Insn::Call { d, method, args, n }
                } else {
                    Insn::CallVirt { d, method, args, n }
                }
            }
            "ret" => {
                no_suffix()?;
                match ops.len() {
                    0 => Insn::RetVoid,
                    1 => Insn::Ret {
                        s: self.reg(ops[0])?,
                    },
                    n => return Err(format!("`ret` takes 0 or 1 operands, found {n}")),
                }
            }
            "throw" | "catch" | "monenter" | "monexit" => {
                no_suffix()?;
                want(toks, 1)?;
                let r = self.reg(ops[0])?;
                match base {
                    "throw" => Insn::Throw { s: r },
                    "catch" => Insn::Catch { d: r },
                    "monenter" => Insn::MonEnter { s: r },
                    _ => Insn::MonExit { s: r },
                }
            }
            _ => {
                if let Some(op) = BinOp::ALL.iter().copied().find(|o| o.name() == mn) {
                    want(toks, 3)?;
                    let d = self.reg(ops[0])?;
                    let a = self.reg(ops[1])?;
                    if is_reg_word(ops[2]) {
                        Insn::Bin {
                            op,
                            d,
                            a,
                            b: self.reg(ops[2])?,
                        }
                    } else {
                        let s = ops[2].strip_prefix('#').unwrap_or(ops[2]);
                        let v = int(s)?;
                        let imm = i32::try_from(v)
                            .map_err(|_| format!("immediate `{s}` out of range for i32"))?;
                        Insn::BinI { op, d, a, imm }
                    }
                } else if let Some(op) = UnOp::ALL.iter().copied().find(|o| o.name() == mn) {
                    want(toks, 2)?;
                    Insn::Un {
                        op,
                        d: self.reg(ops[0])?,
                        s: self.reg(ops[1])?,
                    }
                } else if let Some(op) = CmpOp::ALL.iter().copied().find(|o| o.name() == mn) {
                    want(toks, 3)?;
                    Insn::Cmp {
                        op,
                        d: self.reg(ops[0])?,
                        a: self.reg(ops[1])?,
                        b: self.reg(ops[2])?,
                    }
                } else {
                    return Err(format!("unknown instruction `{mn}`"));
                }
            }
        };
        self.m().def.code.push(insn);
        Ok(())
    }
}

// ------------------------------------------------------------ disassembler

/// Whether `s` must be written as a string literal to read back as a name
/// (`extra`: characters that end a name in this position).
fn needs_quote(s: &str, extra: &[char]) -> bool {
    s.is_empty()
        || s.starts_with(['@', ';', '#', '"'])
        || s.ends_with(':')
        || KEYWORDS.contains(&s)
        || s.chars().any(|c| {
            c.is_whitespace()
                || c.is_control()
                || matches!(c, ',' | '"' | '{' | '}' | '\\')
                || extra.contains(&c)
        })
}

fn quoted(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\t' => o.push_str("\\t"),
            '\r' => o.push_str("\\r"),
            '\0' => o.push_str("\\0"),
            c if c.is_control() => {
                let _ = write!(o, "\\u{{{:x}}}", c as u32);
            }
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

fn name_text(s: &str, extra: &[char]) -> String {
    if needs_quote(s, extra) {
        quoted(s)
    } else {
        s.to_string()
    }
}

fn float_text(v: f64) -> String {
    if v.is_nan() {
        if v.to_bits() == f64::NAN.to_bits() {
            "nan".to_string()
        } else {
            format!("bits:0x{:016x}", v.to_bits())
        }
    } else {
        format!("{v:?}")
    }
}

fn flags_text(f: u32) -> String {
    let mut o = String::new();
    let mut rest = f;
    for (bit, w) in FLAG_WORDS {
        if f & bit != 0 {
            o.push_str(w);
            o.push(' ');
            rest &= !bit;
        }
    }
    if rest != 0 {
        let _ = write!(o, "flags 0x{rest:x} ");
    }
    o
}

/// Prints references, replaying the assembler's interning so that each one
/// is written symbolically exactly when that reads back as the same index.
struct Dis<'a> {
    m: &'a Module,
    t: Tables,
}

impl Dis<'_> {
    fn class_sym(&self, c: u32) -> Option<&str> {
        let n = self.m.class_refs.get(c as usize)?;
        (self.t.classes.lookup(n) == c).then_some(n.as_str())
    }

    fn class(&mut self, c: u32) -> String {
        match self.class_sym(c) {
            Some(n) => {
                let s = name_text(n, &[]);
                self.t.classes.intern(n.to_string());
                s
            }
            None => format!("@{c}"),
        }
    }

    /// The class part of a field or method reference (interned if symbolic).
    fn class_part(&mut self, c: u32) -> String {
        match self.class_sym(c) {
            Some(n) => {
                let s = name_text(n, &['.', '(', ':']);
                self.t.classes.intern(n.to_string());
                s
            }
            None => format!("@{c}"),
        }
    }

    fn field(&mut self, i: u32, is_static: bool) -> String {
        let Some(f) = self.m.field_refs.get(i as usize) else {
            return format!("@{i}");
        };
        if f.is_static != is_static || self.t.fields.lookup(&field_key(f)) != i {
            return format!("@{i}");
        }
        let c = self.class_part(f.class);
        self.t.fields.intern(field_key(f));
        format!(
            "{c}.{}:{}",
            name_text(&f.name, &[':', '(']),
            kind_name(f.kind)
        )
    }

    fn field_decl(&mut self, f: &FieldRef) -> String {
        let c = self.class_part(f.class);
        let st = if f.is_static { "static " } else { "" };
        format!(
            "{st}{c}.{}:{}",
            name_text(&f.name, &[':', '(']),
            kind_name(f.kind)
        )
    }

    fn method(&mut self, i: u32) -> String {
        let Some(r) = self.m.method_refs.get(i as usize) else {
            return format!("@{i}");
        };
        if self.t.methods.lookup(&method_key(r)) != i {
            return format!("@{i}");
        }
        self.t.methods.intern(method_key(r));
        self.method_text(r)
    }

    fn method_text(&mut self, r: &MethodRef) -> String {
        let c = self.class_part(r.class);
        let sig = if r.sig.starts_with('(') && !needs_quote(&r.sig, &[]) {
            r.sig.clone()
        } else {
            quoted(&r.sig)
        };
        format!("{c}.{}{sig}", name_text(&r.name, &[':', '(']))
    }

    fn string(&mut self, i: u32) -> String {
        match self.m.strings.get(i as usize) {
            Some(s) if self.t.strings.lookup(s) == i => {
                self.t.strings.intern(s.clone());
                quoted(s)
            }
            _ => format!("@{i}"),
        }
    }

    fn module(&mut self, o: &mut String, preamble: bool) {
        let m = self.m;
        let _ = writeln!(o, "module {}", name_text(&m.name, &[]));
        if preamble {
            o.push('\n');
            for s in &m.strings {
                let _ = writeln!(o, ".string {}", quoted(s));
            }
            for c in &m.class_refs {
                let _ = writeln!(o, ".classref {}", name_text(c, &[]));
            }
            for f in &m.field_refs {
                let s = self.field_decl(f);
                let _ = writeln!(o, ".fieldref {s}");
            }
            for r in &m.method_refs {
                let s = self.method_text(r);
                let _ = writeln!(o, ".methodref {s}");
            }
        }
        for c in &m.classes {
            o.push('\n');
            let _ = write!(o, "class {}", name_text(&c.name, &[]));
            if let Some(s) = &c.superclass {
                let _ = write!(o, " extends {}", name_text(s, &[]));
            }
            if !c.interfaces.is_empty() {
                o.push_str(" implements");
                for i in &c.interfaces {
                    let _ = write!(o, " {}", name_text(i, &[]));
                }
            }
            let fl = flags_text(c.flags);
            if !fl.is_empty() {
                let _ = write!(o, " {}", fl.trim_end());
            }
            o.push('\n');
            for f in &c.fields {
                let st = if f.is_static { "static " } else { "" };
                let _ = writeln!(
                    o,
                    "    field {st}{} {}",
                    name_text(&f.name, &[]),
                    kind_name(f.kind)
                );
            }
            for (i, meth) in c.methods.iter().enumerate() {
                if i > 0 || !c.fields.is_empty() {
                    o.push('\n');
                }
                self.method_def(o, meth);
            }
            o.push_str("end\n");
        }
    }

    fn method_def(&mut self, o: &mut String, md: &MethodDef) {
        let head = format!(
            "    method {}{} {}",
            flags_text(md.flags),
            name_text(&md.name, &[]),
            name_text(&md.sig, &[])
        );
        let bodiless = md.flags & (flags::NATIVE | flags::ABSTRACT) != 0
            && md.nregs == 0
            && md.code.is_empty()
            && md.handlers.is_empty()
            && md.tables.is_empty()
            && md.lines.is_empty();
        if bodiless {
            o.push_str(&head);
            o.push('\n');
            return;
        }
        let len = md.code.len();
        let mut body = String::new();
        // Whether every register fits `regs N` (else the header says `unchecked`).
        let body_ok = Cell::new(true);
        let nregs = md.nregs;
        let reg = |r: Reg, none_ok: bool| -> String {
            if r == NO_REG {
                body_ok.set(body_ok.get() && none_ok);
                "_".to_string()
            } else {
                body_ok.set(body_ok.get() && r < nregs);
                format!("r{r}")
            }
        };

        // Labels for every target inside 0..=len.
        let mut is_label = vec![false; len + 1];
        let mut mark = |t: u32| {
            if (t as usize) <= len {
                is_label[t as usize] = true;
            }
        };
        for insn in &md.code {
            if let Some(t) = insn.target() {
                mark(t);
            }
        }
        for t in &md.tables {
            t.targets.iter().for_each(|&x| mark(x));
            mark(t.default);
        }
        for h in &md.handlers {
            mark(h.start);
            mark(h.end);
            mark(h.handler);
        }
        let mut names = vec![u32::MAX; len + 1];
        let mut next = 0;
        for (pc, &l) in is_label.iter().enumerate() {
            if l {
                names[pc] = next;
                next += 1;
            }
        }
        let tgt = |t: u32| -> String {
            match names.get(t as usize) {
                Some(&n) if n != u32::MAX => format!("L{n}"),
                _ => format!("@{t}"),
            }
        };
        let table_text = |t: &SwitchTable| -> String {
            let mut s = String::from("{ ");
            for (k, &x) in t.keys.iter().zip(&t.targets) {
                let _ = write!(s, "{k}: {}, ", tgt(x));
            }
            let _ = write!(s, "default: {} }}", tgt(t.default));
            s
        };

        // Inline switch tables when each is used once, in order, with sorted keys.
        let switches: Vec<u32> = md
            .code
            .iter()
            .filter_map(|i| match i {
                Insn::Switch { table, .. } => Some(*table),
                _ => None,
            })
            .collect();
        let inline_tables = switches.len() == md.tables.len()
            && switches.iter().enumerate().all(|(i, &t)| t as usize == i)
            && md
                .tables
                .iter()
                .all(|t| t.keys.len() == t.targets.len() && t.keys.windows(2).all(|w| w[0] < w[1]));
        // Interleaved `.line`s when sorted by pc.
        let inline_lines = md.lines.windows(2).all(|w| w[0].0 <= w[1].0)
            && md.lines.iter().all(|l| l.0 as usize <= len);

        for h in &md.handlers {
            let _ = write!(
                body,
                "        .catch {} {} {}",
                tgt(h.start),
                tgt(h.end),
                tgt(h.handler)
            );
            if let Some(c) = h.class {
                let s = self.class(c);
                let _ = write!(body, " {s}");
            }
            body.push('\n');
        }
        if !inline_tables {
            for t in &md.tables {
                let _ = writeln!(body, "        .table {}", table_text(t));
            }
        }
        if !inline_lines {
            for &(pc, line) in &md.lines {
                let _ = writeln!(body, "        .line {line} @{pc}");
            }
        }
        let mut li = 0;
        for (pc, &label) in names.iter().enumerate() {
            if inline_lines {
                while li < md.lines.len() && md.lines[li].0 as usize == pc {
                    let _ = writeln!(body, "        .line {}", md.lines[li].1);
                    li += 1;
                }
            }
            if label != u32::MAX {
                let _ = writeln!(body, "    L{label}:");
            }
            let Some(insn) = md.code.get(pc) else { break };
            body.push_str("        ");
            let b = &mut body;
            match *insn {
                Insn::Nop => b.push_str("nop"),
                Insn::ConstI { d, v } => {
                    let _ = write!(b, "const.i {}, {v}", reg(d, false));
                }
                Insn::ConstF { d, v } => {
                    let _ = write!(b, "const.f {}, {}", reg(d, false), float_text(v));
                }
                Insn::ConstS { d, s } => {
                    let _ = write!(b, "const.s {}, {}", reg(d, false), self.string(s));
                }
                Insn::Null { d } => {
                    let _ = write!(b, "null {}", reg(d, false));
                }
                Insn::Mov { d, s } => {
                    let _ = write!(b, "mov {}, {}", reg(d, false), reg(s, false));
                }
                Insn::Bin { op, d, a, b: rb } => {
                    let _ = write!(
                        b,
                        "{} {}, {}, {}",
                        op.name(),
                        reg(d, false),
                        reg(a, false),
                        reg(rb, false)
                    );
                }
                Insn::BinI { op, d, a, imm } => {
                    let _ = write!(
                        b,
                        "{} {}, {}, #{imm}",
                        op.name(),
                        reg(d, false),
                        reg(a, false)
                    );
                }
                Insn::Un { op, d, s } => {
                    let _ = write!(b, "{} {}, {}", op.name(), reg(d, false), reg(s, false));
                }
                Insn::Cmp { op, d, a, b: rb } => {
                    let _ = write!(
                        b,
                        "{} {}, {}, {}",
                        op.name(),
                        reg(d, false),
                        reg(a, false),
                        reg(rb, false)
                    );
                }
                Insn::Jmp { t } => {
                    let _ = write!(b, "jmp {}", tgt(t));
                }
                Insn::If { c, a, b: rb, t } => {
                    let _ = write!(
                        b,
                        "if.{} {}, {}, {}",
                        c.name(),
                        reg(a, false),
                        reg(rb, false),
                        tgt(t)
                    );
                }
                Insn::IfZ { c, a, t } => {
                    let _ = write!(b, "ifz.{} {}, {}", c.name(), reg(a, false), tgt(t));
                }
                Insn::IfRef { eq, a, b: rb, t } => {
                    let c = if eq { "eq" } else { "ne" };
                    let _ = write!(
                        b,
                        "ifref.{c} {}, {}, {}",
                        reg(a, false),
                        reg(rb, false),
                        tgt(t)
                    );
                }
                Insn::IfNull { null, a, t } => {
                    let m = if null { "ifnull" } else { "ifnonnull" };
                    let _ = write!(b, "{m} {}, {}", reg(a, false), tgt(t));
                }
                Insn::Switch { s, table } => {
                    let _ = write!(b, "switch {}", reg(s, false));
                    if inline_tables {
                        let _ = write!(b, " {}", table_text(&md.tables[table as usize]));
                    } else {
                        let _ = write!(b, ", @{table}");
                    }
                }
                Insn::New { d, class } => {
                    let _ = write!(b, "new {}, {}", reg(d, false), self.class(class));
                }
                Insn::GetField { d, o: ob, field } => {
                    let _ = write!(
                        b,
                        "getfield {}, {}, {}",
                        reg(d, false),
                        reg(ob, false),
                        self.field(field, false)
                    );
                }
                Insn::PutField { o: ob, field, s } => {
                    let _ = write!(
                        b,
                        "putfield {}, {}, {}",
                        reg(ob, false),
                        self.field(field, false),
                        reg(s, false)
                    );
                }
                Insn::GetStatic { d, field } => {
                    let _ = write!(
                        b,
                        "getstatic {}, {}",
                        reg(d, false),
                        self.field(field, true)
                    );
                }
                Insn::PutStatic { field, s } => {
                    let _ = write!(
                        b,
                        "putstatic {}, {}",
                        self.field(field, true),
                        reg(s, false)
                    );
                }
                Insn::NewArray { d, elem, len } => {
                    let _ = write!(
                        b,
                        "newarray.{} {}, {}",
                        elem.name(),
                        reg(d, false),
                        reg(len, false)
                    );
                }
                Insn::NewRefArray { d, class, len } => {
                    let _ = write!(
                        b,
                        "newrefarray {}, {}, {}",
                        reg(d, false),
                        self.class(class),
                        reg(len, false)
                    );
                }
                Insn::ArrayLen { d, a } => {
                    let _ = write!(b, "arraylen {}, {}", reg(d, false), reg(a, false));
                }
                Insn::ALoad { elem, d, a, i } => {
                    let _ = write!(
                        b,
                        "aload.{} {}, {}, {}",
                        elem.name(),
                        reg(d, false),
                        reg(a, false),
                        reg(i, false)
                    );
                }
                Insn::AStore { elem, a, i, s } => {
                    let _ = write!(
                        b,
                        "astore.{} {}, {}, {}",
                        elem.name(),
                        reg(a, false),
                        reg(i, false),
                        reg(s, false)
                    );
                }
                Insn::InstanceOf { d, s, class } => {
                    let _ = write!(
                        b,
                        "instanceof {}, {}, {}",
                        reg(d, false),
                        reg(s, false),
                        self.class(class)
                    );
                }
                Insn::CheckCast { s, class } => {
                    let _ = write!(b, "checkcast {}, {}", reg(s, false), self.class(class));
                }
                Insn::Call { d, method, args, n } | Insn::CallVirt { d, method, args, n } => {
                    let mn = if matches!(insn, Insn::Call { .. }) {
                        "call"
                    } else {
                        "callvirt"
                    };
                    if n > 0 && args as u32 + n as u32 > nregs as u32 {
                        body_ok.set(false);
                    }
                    let d = reg(d, true);
                    let a = reg(args, n == 0);
                    let _ = write!(b, "{mn} {d}, {}, {a}, {n}", self.method(method));
                }
                Insn::Ret { s } => {
                    let _ = write!(b, "ret {}", reg(s, false));
                }
                Insn::RetVoid => b.push_str("ret"),
                Insn::Throw { s } => {
                    let _ = write!(b, "throw {}", reg(s, false));
                }
                Insn::Catch { d } => {
                    let _ = write!(b, "catch {}", reg(d, false));
                }
                Insn::MonEnter { s } => {
                    let _ = write!(b, "monenter {}", reg(s, false));
                }
                Insn::MonExit { s } => {
                    let _ = write!(b, "monexit {}", reg(s, false));
                }
            }
            body.push('\n');
        }
        let unchecked = if body_ok.get() { "" } else { " unchecked" };
        let _ = writeln!(o, "{head} regs {nregs}{unchecked}");
        o.push_str(&body);
        o.push_str("    end\n");
    }
}

/// Prints a module in the text form; [`assemble`] reads it back into an
/// identical module.
pub fn disassemble(m: &Module) -> String {
    // First try with every reference inline; if replaying that does not
    // rebuild the module's tables exactly, declare the tables up front.
    let mut d = Dis {
        m,
        t: Tables::new(),
    };
    let mut out = String::new();
    d.module(&mut out, false);
    if d.t.matches(m) {
        return out;
    }
    let mut d = Dis {
        m,
        t: Tables::of(m),
    };
    let mut out = String::new();
    d.module(&mut out, true);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    const FIB: &str = r#"
; Recursive Fibonacci with a call counter and a division guarded by a handler.
module demo

class Demo extends java/lang/Object
    field static calls int
    field value int

    method static fib (I)I regs 3
        .line 10
        getstatic r1, Demo.calls:int
        iadd r1, r1, #1
        putstatic Demo.calls:int, r1
        const.i r1, 2
        if.lt r0, r1, small
        .line 11
        isub r1, r0, #1
        call r1, Demo.fib(I)I, r1, 1
        isub r2, r0, 2
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

    method <init> ()V regs 1
        call _, java/lang/Object.<init>()V, r0, 1
        ret
    end

    method native now ()J
    method abstract synchronized todo (Ljava/lang/String;)V
end
"#;

    const ALL: &str = r#"
module "every instruction"

class "odd name" extends java/lang/Object implements java/lang/Runnable "with space" final flags 0x100
    field static s ref
    field "a,b" float

    method final static all ([Ljava/lang/String;)V regs 8
        .catch a b h
        .catch a b h java/lang/Throwable
    a:  nop
        const.i r1, -9223372036854775808
        const.i r1, 0x7fffffffffffffff
        const.f r2, 1.5
        const.f r2, -0.0
        const.f r2, inf
        const.f r2, -inf
        const.f r2, nan
        const.f r2, bits:0x7ff0000000000001
        const.f r2, 1e-300
        const.s r3, "tab\there \"q\" \\ \u{1F600} \u{7}"
        const.s r3, ""
        null r3
        mov r4, r3
        iadd r1, r1, r1
        dmul r2, r2, r2
        ishl r1, r1, #-3
        fadd r2, r2, #7
        ineg r1, r1
        d2l r1, r2
        i2s r1, r1
        lcmp r1, r1, r1
        dcmpg r1, r2, r2
        jmp a
        if.le r1, r1, a
        ifz.ne r1, b
        ifref.eq r3, r4, a
        ifref.ne r3, r4, a
        ifnull r3, a
        ifnonnull r3, a
        switch r1 {
            5: a,    ; keys are sorted
            -1: b,
            default: a }
        switch r1 { default: b }
        new r3, "odd name"
        getfield r1, r3, "odd name"."a,b":float
        putfield r3, "odd name"."a,b":float, r2
        getstatic r3, "odd name".s:ref
        putstatic "odd name".s:ref, r3
        newarray.i8 r3, r1
        newarray.u16 r3, r1
        newarray.f64 r3, r1
        newrefarray r3, java/lang/String, r1
        arraylen r1, r3
        aload.i32 r1, r3, r1
        aload.ref r3, r3, r1
        astore.i16 r3, r1, r1
        astore.f32 r3, r1, r2
        instanceof r1, r3, java/lang/String
        checkcast r3, "[Ljava/lang/String;"
        call _, "odd name".all([Ljava/lang/String;)V, r3, 1
        callvirt r1, java/lang/Object.hashCode()I, r3, 1
        call _, "odd name"."we(ird"")V", r0, 0
        monenter r3
        monexit r3
        throw r3
    b:  ret
    h:  catch r5
        ret r5
        ret
    end
end

class java/lang/Object
end
"#;

    fn round_trip(m: &Module) {
        let text = disassemble(m);
        let back = assemble(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(
            back.encode(),
            m.encode(),
            "round trip changed the module:\n{text}"
        );
        assert_eq!(disassemble(&back), text);
    }

    #[test]
    fn fib_example() {
        let m = assemble(FIB).unwrap();
        assert_eq!(m.name, "demo");
        assert_eq!(m.classes.len(), 1);
        let c = &m.classes[0];
        assert_eq!(c.superclass.as_deref(), Some("java/lang/Object"));
        assert_eq!(c.fields.len(), 2);
        assert_eq!(c.methods.len(), 5);
        let fib = &c.methods[0];
        assert_eq!(fib.flags, flags::STATIC);
        assert_eq!(fib.nregs, 3);
        assert_eq!(fib.code.len(), 12);
        assert_eq!(
            fib.code[1],
            Insn::BinI {
                op: BinOp::IAdd,
                d: 1,
                a: 1,
                imm: 1
            }
        );
        assert_eq!(
            fib.code[4],
            Insn::If {
                c: Cond::Lt,
                a: 0,
                b: 1,
                t: 11
            }
        );
        assert_eq!(
            fib.code[7],
            Insn::BinI {
                op: BinOp::ISub,
                d: 2,
                a: 0,
                imm: 2
            }
        );
        assert_eq!(fib.lines, vec![(0, 10), (5, 11)]);
        assert_eq!(
            m.class_refs,
            vec!["Demo", "java/lang/ArithmeticException", "java/lang/Object"]
        );
        assert_eq!(m.field_refs.len(), 1);
        assert!(m.field_refs[0].is_static);
        assert_eq!(m.method_refs.len(), 2);
        assert_eq!(
            fib.code[6],
            Insn::Call {
                d: 1,
                method: 0,
                args: 1,
                n: 1
            }
        );
        let div = &c.methods[1];
        assert_eq!(
            div.handlers,
            vec![Handler {
                start: 0,
                end: 1,
                handler: 2,
                class: Some(1)
            }]
        );
        let init = &c.methods[2];
        assert_eq!(
            init.code[0],
            Insn::Call {
                d: NO_REG,
                method: 1,
                args: 0,
                n: 1
            }
        );
        assert_eq!(init.code[1], Insn::RetVoid);
        assert_eq!(c.methods[3].flags, flags::NATIVE);
        assert_eq!(c.methods[4].flags, flags::ABSTRACT | flags::SYNCHRONIZED);
        assert!(c.methods[4].code.is_empty());
        round_trip(&m);
    }

    #[test]
    fn every_instruction() {
        let m = assemble(ALL).unwrap();
        let c = &m.classes[0];
        assert_eq!(c.name, "odd name");
        assert_eq!(c.interfaces, vec!["java/lang/Runnable", "with space"]);
        assert_eq!(c.flags, flags::FINAL | 0x100);
        assert_eq!(c.fields[1].name, "a,b");
        assert_eq!(m.classes[1].superclass, None);
        let code = &c.methods[0].code;
        let mut seen = Vec::new();
        for i in code {
            let k = core::mem::discriminant(i);
            if !seen.contains(&k) {
                seen.push(k);
            }
        }
        assert_eq!(seen.len(), 36, "every Insn variant appears");
        assert_eq!(m.strings[0], "tab\there \"q\" \\ \u{1F600} \u{7}");
        match code[7] {
            Insn::ConstF { v, .. } => assert_eq!(v.to_bits(), f64::NAN.to_bits()),
            ref i => panic!("{i:?}"),
        }
        match code[8] {
            Insn::ConstF { v, .. } => assert_eq!(v.to_bits(), 0x7ff0000000000001),
            ref i => panic!("{i:?}"),
        }
        let t = &c.methods[0].tables[0];
        assert_eq!(t.keys, vec![-1, 5]);
        assert_eq!(t.targets, vec![c.methods[0].code.len() as u32 - 4, 0]);
        assert_eq!(m.method_refs[2].name, "we(ird");
        assert_eq!(m.method_refs[2].sig, ")V");
        round_trip(&m);
    }

    #[test]
    fn round_trip_through_binary() {
        for src in [FIB, ALL] {
            let m = assemble(src).unwrap();
            let decoded = Module::decode(&m.encode()).unwrap();
            let text = disassemble(&decoded);
            let again = assemble(&text).unwrap();
            assert_eq!(again.encode(), m.encode());
            if src == FIB {
                assert_eq!(again, m);
            }
        }
    }

    #[test]
    fn odd_tables_round_trip() {
        // Tables that inline interning would not produce: duplicates, unused
        // entries, out-of-range indices, shared and unsorted switch tables,
        // unsorted lines, broken registers, odd flags and names.
        let mut m = assemble(FIB).unwrap();
        m.strings = vec!["x".to_string(), "x".to_string(), "unused".to_string()];
        m.class_refs.push("Demo".to_string());
        m.class_refs.push("".to_string());
        m.field_refs.push(FieldRef {
            class: 3,
            name: "calls".to_string(),
            kind: Kind::Int,
            is_static: true,
        });
        m.field_refs.push(FieldRef {
            class: 99,
            name: ":".to_string(),
            kind: Kind::Ref,
            is_static: false,
        });
        m.method_refs.push(MethodRef {
            class: 0,
            name: "fib".to_string(),
            sig: "(I)I".to_string(),
        });
        m.method_refs.push(MethodRef {
            class: 4,
            name: "".to_string(),
            sig: "I".to_string(),
        });
        let fib = &mut m.classes[0].methods[0];
        fib.code.push(Insn::ConstS { d: 1, s: 1 });
        fib.code.push(Insn::ConstS { d: 1, s: 7 });
        fib.code.push(Insn::GetStatic { d: 1, field: 1 });
        fib.code.push(Insn::GetField {
            d: 1,
            o: 0,
            field: 0,
        });
        fib.code.push(Insn::GetField {
            d: 1,
            o: 0,
            field: 2,
        });
        fib.code.push(Insn::Call {
            d: 1,
            method: 2,
            args: 0,
            n: 1,
        });
        fib.code.push(Insn::Call {
            d: 1,
            method: 3,
            args: 70,
            n: 0,
        });
        fib.code.push(Insn::CallVirt {
            d: 1,
            method: 9,
            args: 2,
            n: 5,
        });
        fib.code.push(Insn::New {
            d: NO_REG,
            class: 3,
        });
        fib.code.push(Insn::Switch { s: 0, table: 1 });
        fib.code.push(Insn::Switch { s: 0, table: 1 });
        fib.code.push(Insn::Switch { s: 0, table: 5 });
        fib.code.push(Insn::Jmp { t: 1000 });
        fib.tables = vec![
            SwitchTable {
                keys: vec![3, 1, 1],
                targets: vec![0, 1, 2000],
                default: 3,
            },
            SwitchTable {
                keys: vec![],
                targets: vec![],
                default: 0,
            },
        ];
        fib.lines = vec![(5, 1), (0, 2), (999, 3)];
        fib.handlers.push(Handler {
            start: 5,
            end: 4000,
            handler: 1,
            class: Some(42),
        });
        fib.flags |= 0x8000_0000;
        m.classes[0].methods[1].code.push(Insn::ConstF {
            d: 0,
            v: f64::from_bits(0xfff8_0000_0000_0001),
        });
        m.classes[0].methods[3].nregs = 2;
        m.classes[0].methods[4].code.push(Insn::Nop);
        m.classes[0].superclass = Some(String::new());
        m.classes[0].name = "end".to_string();
        m.name = String::new();
        round_trip(&m);
        let text = disassemble(&m);
        assert!(text.contains(".string \"x\"\n.string \"x\""), "{text}");
        assert!(text.contains("unchecked"), "{text}");

        // Each rearrangement separately, so the inline form is exercised too.
        let mut m2 = assemble(FIB).unwrap();
        m2.classes[0].methods[0].lines.reverse();
        round_trip(&m2);
        let mut m3 = assemble(FIB).unwrap();
        m3.method_refs.swap(0, 1);
        round_trip(&m3);
        let empty = Module::default();
        round_trip(&empty);
    }

    #[test]
    fn floats_are_exact() {
        let vals = [
            0.0,
            -0.0,
            1.0,
            0.1,
            -1e-320,
            f64::MIN_POSITIVE,
            f64::MAX,
            f64::MIN,
            f64::EPSILON,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            -f64::NAN,
            f64::from_bits(0x7ff0_0000_0000_0001),
            core::f64::consts::PI,
            123456789.0e10,
        ];
        for v in vals {
            let s = float_text(v);
            assert_eq!(float(&s).unwrap().to_bits(), v.to_bits(), "{s}");
        }
    }

    #[test]
    fn comments_and_layout() {
        let src = "# hash comment\n  module m ; trailing\nclass A extends B;x\n method static f ()V regs 1 # c\n l: ret ; done\n end\nend";
        let m = assemble(src).unwrap();
        // `B;x` is a name: `;` inside a word is not a comment.
        assert_eq!(m.classes[0].superclass.as_deref(), Some("B;x"));
        assert_eq!(m.classes[0].methods[0].code, vec![Insn::RetVoid]);
        // Descriptors keep their semicolons.
        let m = assemble("class A\nmethod static f (Ljava/lang/String;)V regs 1\ncall _, A.f(Ljava/lang/String;)V, r0, 1 ;c\nret\nend\nend").unwrap();
        assert_eq!(m.method_refs[0].sig, "(Ljava/lang/String;)V");
    }

    fn err(src: &str) -> AsmError {
        match assemble(src) {
            Ok(m) => panic!("assembled: {m:?}"),
            Err(e) => e,
        }
    }

    fn in_method(body: &str) -> String {
        format!("class A\n  method static f (I)I regs 4\n{body}\n  end\nend\n")
    }

    #[test]
    fn errors() {
        let cases: &[(&str, usize, &str)] = &[
            ("frob r1, r2", 3, "unknown instruction `frob`"),
            ("iadd.x r1, r2, r3", 3, "unknown instruction `iadd.x`"),
            ("if.xx r1, r2, l", 3, "unknown condition `xx`"),
            ("newarray.q r1, r2", 3, "unknown element type `q`"),
            ("iadd r1, r2", 3, "`iadd` takes 3 operands, found 2"),
            ("ret r1, r2", 3, "`ret` takes 0 or 1 operands"),
            ("jmp nowhere", 3, "undefined label `nowhere`"),
            ("x:\nx: ret r0", 4, "label `x` already defined at line 3"),
            (
                "mov r1, r4",
                3,
                "register `r4` out of range: the method has regs 4",
            ),
            (
                "mov r1, r65535",
                3,
                "register `r65535` out of range (r0..r65534)",
            ),
            ("mov r1, x1", 3, "expected a register, found `x1`"),
            (
                "mov _, r1",
                3,
                "`_` (no register) is only allowed as a call destination",
            ),
            ("const.i r1, 12x", 3, "bad number `12x`"),
            ("const.i r1, 9223372036854775808", 3, "out of range"),
            (
                "iadd r1, r1, #4294967296",
                3,
                "immediate `4294967296` out of range for i32",
            ),
            ("const.f r1, 1.2.3", 3, "bad float `1.2.3`"),
            ("const.s r1, \"abc", 3, "unterminated string"),
            ("const.s r1, \"\\q\"", 3, "unknown escape `\\q`"),
            (
                "switch r1 { 1: a, 1: b, default: c }",
                3,
                "duplicate switch key 1",
            ),
            ("switch r1 { 1: a }", 3, "switch has no `default`"),
            ("switch r1 {\n 1: a,\n", 3, "unclosed"),
            (
                "call r1, A.f(I)I, r3, 2",
                3,
                "arguments r3..r4 out of range",
            ),
            ("getfield r1, r0, A.x", 3, "missing `:KIND`"),
            ("getfield r1, r0, A.x:long", 3, "bad kind `long`"),
            ("call r1, A.f, r0, 1", 3, "missing descriptor"),
            (
                ".catch a b",
                3,
                "expected `.catch START END HANDLER [CLASS]`",
            ),
            ("jmp 5", 3, "bad branch target `5`"),
        ];
        for &(body, line, msg) in cases {
            let e = err(&in_method(body));
            assert_eq!(e.line, line, "{body}: {e}");
            assert!(e.msg.contains(msg), "{body}: got `{e}`, wanted `{msg}`");
        }
        let top: &[(&str, usize, &str)] = &[
            ("class A\n method f ()V\nend", 2, "needs `regs N`"),
            (
                "class A\n method static f ()V regs 1\n ret",
                2,
                "method `f` has no `end`",
            ),
            ("class A\n", 1, "class `A` has no `end`"),
            ("end", 1, "`end` without a class or method"),
            ("module a\nmodule b", 2, "already named"),
            ("class A\n field x long\nend", 2, "bad kind"),
            ("class A bogus\nend", 1, "unexpected `bogus`"),
            ("ret", 1, "unknown directive `ret`"),
            ("class A\n l: nop\nend", 2, "outside a method"),
            (
                "class A\n method f ()V regs 1\n ret\n method g ()V regs 1\n",
                4,
                "inside the body of method `f` (missing `end`?)",
            ),
            (
                "class A\n method f ()D regs 1\n const.f r0, bits:12\n",
                3,
                "bad float bits",
            ),
        ];
        for &(src, line, msg) in top {
            let e = err(src);
            assert_eq!(e.line, line, "{src}: {e}");
            assert!(e.msg.contains(msg), "{src}: got `{e}`, wanted `{msg}`");
        }
        assert_eq!(
            err(&in_method("nop\n  frob")).to_string(),
            "line 4: unknown instruction `frob`"
        );
    }

    #[test]
    fn unchecked_methods_accept_any_register() {
        let m = assemble("class A\n method f ()V regs 1 unchecked\n mov r5, _\n ret\n end\nend")
            .unwrap();
        assert_eq!(
            m.classes[0].methods[0].code[0],
            Insn::Mov { d: 5, s: NO_REG }
        );
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
    fn decoded_garbage_round_trips() {
        // Whatever a mutated binary decodes to, the text form reproduces it.
        let seeds: Vec<Vec<u8>> = [FIB, ALL, include_str!("boot.phs")]
            .iter()
            .map(|s| assemble(s).unwrap().encode())
            .collect();
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut decoded = 0;
        for round in 0..4000 {
            // The boot module is large: every tenth round.
            let k = if round % 10 == 0 { 2 } else { round % 2 };
            let mut b = seeds[k].clone();
            for _ in 0..1 + rng.below(3) {
                let i = rng.below(b.len());
                match rng.below(6) {
                    0 => b[i] = rng.next() as u8,
                    1 => b[i] = rng.below(8) as u8,
                    2 => b[i] ^= 1 << rng.below(8),
                    3 => {
                        let n = rng.below(4).min(b.len() - i);
                        b.drain(i..i + n);
                    }
                    4 => {
                        let other = &seeds[rng.below(seeds.len())];
                        let s = rng.below(other.len());
                        let n = rng.below(16).min(other.len() - s);
                        let piece = other[s..s + n].to_vec();
                        b.splice(i..i, piece);
                    }
                    _ => b.insert(i, rng.next() as u8),
                }
            }
            if let Ok(m) = Module::decode(&b) {
                decoded += 1;
                round_trip(&m);
            }
        }
        assert!(decoded > 300, "only {decoded} mutants decoded");
    }

    #[test]
    fn boot_module_round_trips() {
        let m = assemble(include_str!("boot.phs")).unwrap();
        round_trip(&m);
        let text = disassemble(&m);
        assert!(
            !text.contains(".classref"),
            "boot's tables are what inline references give"
        );
    }
}
