//! One method: JVM stack code to Phantom register code.
//!
//! Registers: JVM local `i` is register `i` (a long or double takes slots `i`
//! and `i + 1`; only `i` is used). The operand stack is counted in values,
//! not slots: the value at depth `d` (0 at the bottom, a long counting one)
//! lives in register `max_locals + d`, so the arguments of a call are always
//! consecutive registers, as `call` wants them. Above the stack are scratch
//! registers for the few JVM instructions that become several Phantom ones.
//!
//! A first pass computes the value types on the stack at every instruction
//! (following branches, switches and exception handlers, where the stack is
//! the caught exception alone); the second emits code instruction by
//! instruction. Arguments arrive compacted in `r0..` (one register each), so
//! a method with long or double parameters starts with moves that spread
//! them out to their JVM slots.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

use phantom_vm::insn::{BinOp, CmpOp, Cond, Elem, Insn, Reg, SwitchTable, UnOp, NO_REG};
use phantom_vm::module::{Handler, MethodDef};
use phantom_vm::module::flags;

use super::{helper_of, kind_of, Conv};
use crate::insn::{ArithOp, ArrayKind, BitOp, IntKind, NumKind, ValueKind};
use crate::{
    BaseType, ClassFile, ConstantValue, FieldAccess, FieldType, Instruction, Loadable,
    MethodDescriptor, MethodInfo, Op,
};

/// A value on the JVM operand stack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum VT {
    I,
    J,
    F,
    D,
    A,
    /// A `new java/lang/String` not yet constructed (offset of the `new`):
    /// strings are made by a factory call at the constructor call instead.
    U(u32),
}

impl VT {
    pub(crate) fn wide(self) -> bool {
        matches!(self, VT::J | VT::D)
    }
    pub(crate) fn of(t: &FieldType) -> VT {
        match t {
            FieldType::Base(b) => match b {
                BaseType::Long => VT::J,
                BaseType::Float => VT::F,
                BaseType::Double => VT::D,
                _ => VT::I,
            },
            _ => VT::A,
        }
    }
    fn of_value(k: ValueKind) -> VT {
        match k {
            ValueKind::Int => VT::I,
            ValueKind::Long => VT::J,
            ValueKind::Float => VT::F,
            ValueKind::Double => VT::D,
            ValueKind::Reference => VT::A,
        }
    }
    fn of_num(k: NumKind) -> VT {
        match k {
            NumKind::Int => VT::I,
            NumKind::Long => VT::J,
            NumKind::Float => VT::F,
            NumKind::Double => VT::D,
        }
    }
}

/// A branch target: a bytecode offset, or a label local to the converter.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Tgt {
    Off(u32),
    Label(usize),
}

pub(crate) struct Body {
    pub nregs: u16,
    pub code: Vec<Insn>,
    pub handlers: Vec<Handler>,
    pub tables: Vec<SwitchTable>,
    pub lines: Vec<(u32, u32)>,
}

type Errs = Vec<(Option<u32>, String)>;

/// The method being converted.
pub(crate) struct M<'a, 'c> {
    pub(crate) cv: &'a mut Conv,
    pub(crate) cf: &'c ClassFile,
    pub(crate) label: String,
    insns: Vec<Instruction>,
    at: BTreeMap<u32, usize>,
    states: Vec<Option<Vec<VT>>>,
    /// Number of JVM locals (first stack register).
    pub(crate) nl: u16,
    /// First scratch register.
    tbase: u16,
    temp_next: u16,
    temp_max: u16,
    pub(crate) out: Vec<Insn>,
    tables: Vec<SwitchTable>,
    fixes: Vec<(usize, Tgt)>,
    tfixes: Vec<(usize, Option<usize>, Tgt)>,
    labels: Vec<Option<u32>>,
    errs: Errs,
    start_of: Vec<u32>,
    /// For `static synchronized` methods: the register holding the class's
    /// `Class` object, whose monitor the method holds, and where the body
    /// that releases it on every exit starts.
    sync: Option<(Reg, u32)>,
    sync_handler: Option<Handler>,
    /// Offset of the instruction being converted.
    pub(crate) off: u32,
}

pub(crate) fn elem_of_base(b: BaseType) -> Elem {
    match b {
        BaseType::Boolean | BaseType::Byte => Elem::I8,
        BaseType::Char => Elem::U16,
        BaseType::Short => Elem::I16,
        BaseType::Int => Elem::I32,
        BaseType::Long => Elem::I64,
        BaseType::Float => Elem::F32,
        BaseType::Double => Elem::F64,
    }
}

fn elem_of_array(k: ArrayKind) -> Elem {
    match k {
        ArrayKind::Int => Elem::I32,
        ArrayKind::Long => Elem::I64,
        ArrayKind::Float => Elem::F32,
        ArrayKind::Double => Elem::F64,
        ArrayKind::Reference => Elem::Ref,
        ArrayKind::ByteOrBoolean => Elem::I8,
        ArrayKind::Char => Elem::U16,
        ArrayKind::Short => Elem::I16,
    }
}

fn cond(c: crate::insn::Cond) -> Cond {
    use crate::insn::Cond as C;
    match c {
        C::Eq => Cond::Eq,
        C::Ne => Cond::Ne,
        C::Lt => Cond::Lt,
        C::Ge => Cond::Ge,
        C::Gt => Cond::Gt,
        C::Le => Cond::Le,
    }
}

fn set_target(insn: &mut Insn, to: u32) {
    match insn {
        Insn::Jmp { t } | Insn::If { t, .. } | Insn::IfZ { t, .. } | Insn::IfRef { t, .. } | Insn::IfNull { t, .. } => {
            *t = to
        }
        _ => unreachable!("not a branch: {insn:?}"),
    }
}

/// The descriptor text between the parentheses, and the return part.
pub(crate) fn split_desc(desc: &str) -> (&str, &str) {
    let close = desc.find(')').unwrap_or(desc.len());
    (&desc[1.min(desc.len())..close], &desc[(close + 1).min(desc.len())..])
}

/// How a call is made.
pub(crate) struct Plan {
    pub class: String,
    pub name: String,
    pub sig: String,
    pub virt: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum InvKind {
    Static,
    Special,
    Virtual,
    Interface,
}

impl Conv {
    /// How to call `class.name(desc)` with the given JVM invoke instruction,
    /// from code in class `from`.
    pub(crate) fn plan(&self, kind: InvKind, class: &str, name: &str, desc: &str, _from: &str) -> Result<Plan, String> {
        let (params, ret) = split_desc(desc);
        let plain = |virt: bool| Plan {
            class: class.to_string(),
            name: name.to_string(),
            sig: desc.to_string(),
            virt,
        };
        let env = &self.env;
        if kind == InvKind::Static {
            return match env.find_method(class, name, desc) {
                Some((_, f)) if !f.is_static => {
                    Err(format!("invokestatic of the instance method {class}.{name}{desc}"))
                }
                Some(_) => Ok(plain(false)),
                None => {
                    for c in env.chain(class) {
                        if let Some(h) = helper_of(&c) {
                            if let Some((_, f)) = env.find_method(h, name, desc) {
                                if f.is_static {
                                    return Ok(Plan {
                                        class: h.to_string(),
                                        name: name.to_string(),
                                        sig: desc.to_string(),
                                        virt: false,
                                    });
                                }
                            }
                        }
                    }
                    Ok(plain(false))
                }
            };
        }
        match env.find_method(class, name, desc) {
            Some((_, f)) if f.is_static => Err(format!("{class}.{name}{desc} is static, called as an instance method")),
            Some((owner, f)) => {
                let final_class = env.get(&owner).is_some_and(|c| c.is_final);
                let direct = kind == InvKind::Special || f.is_private || f.is_final || final_class;
                Ok(plain(!direct))
            }
            None => {
                for c in env.chain(class) {
                    if let Some(h) = helper_of(&c) {
                        let hsig = format!("(L{c};{params}){ret}");
                        if env.find_method(h, name, &hsig).is_some_and(|(_, f)| f.is_static) {
                            return Ok(Plan {
                                class: h.to_string(),
                                name: name.to_string(),
                                sig: hsig,
                                virt: false,
                            });
                        }
                    }
                }
                // Not found: the reference check reports it with its place.
                Ok(plain(kind != InvKind::Special))
            }
        }
    }
}

/// A `<clinit>` for a class whose only static initialisation is constants.
pub(crate) fn synthetic_clinit(cv: &mut Conv, cf: &ClassFile) -> MethodDef {
    let mut code = Vec::new();
    constant_inits(cv, cf, 0, &mut code);
    code.push(Insn::RetVoid);
    MethodDef {
        name: "<clinit>".to_string(),
        sig: "()V".to_string(),
        flags: flags::STATIC,
        nregs: 1,
        code,
        ..MethodDef::default()
    }
}

/// Stores the `ConstantValue`s of the class's static fields (`javac` leaves
/// them out of `<clinit>`).
fn constant_inits(cv: &mut Conv, cf: &ClassFile, r: Reg, code: &mut Vec<Insn>) {
    for f in &cf.fields {
        let Some(v) = &f.constant_value else { continue };
        if !f.access.contains(FieldAccess::STATIC) {
            continue;
        }
        code.push(match v {
            ConstantValue::Int(i) => Insn::ConstI { d: r, v: *i as i64 },
            ConstantValue::Long(l) => Insn::ConstI { d: r, v: *l },
            ConstantValue::Float(x) => Insn::ConstF { d: r, v: *x as f64 },
            ConstantValue::Double(x) => Insn::ConstF { d: r, v: *x },
            ConstantValue::String(s) => Insn::ConstS { d: r, s: cv.b.string(s) },
        });
        let field = cv.b.field(&cf.this_class, &f.name, kind_of(&f.field_type), true);
        code.push(Insn::PutStatic { field, s: r });
    }
}

pub(crate) fn convert_method(cv: &mut Conv, cf: &ClassFile, mi: &MethodInfo) -> Result<Body, Errs> {
    let label = format!("{}{}", mi.name, mi.descriptor);
    cv.b.set_site(&cf.this_class, &label, None);
    let insns = cf.decode_method(mi).map_err(|e| vec![(None, format!("{e}"))])?;
    let code = mi.code.as_ref().expect("method with code");
    for i in &insns {
        if !i.op.is_supported() {
            return Err(vec![(Some(i.offset), format!("`{}` (a subroutine instruction) is not supported", i.op))]);
        }
    }
    let nl = code.max_locals;
    let static_sync = mi.is_static() && mi.access.contains(crate::MethodAccess::SYNCHRONIZED);
    // Two registers for a static synchronized method's lock and its handler.
    let tbase = nl as u32 + code.max_stack as u32 + if static_sync { 2 } else { 0 };
    if tbase + 64 >= NO_REG as u32 {
        return Err(vec![(None, "too many locals and stack slots for Phantom's registers".to_string())]);
    }
    let at = insns.iter().enumerate().map(|(i, x)| (x.offset, i)).collect();
    let mut m = M {
        cv,
        cf,
        label,
        insns,
        at,
        states: Vec::new(),
        nl,
        tbase: tbase as u16,
        temp_next: tbase as u16,
        temp_max: tbase as u16,
        out: Vec::new(),
        tables: Vec::new(),
        fixes: Vec::new(),
        tfixes: Vec::new(),
        labels: Vec::new(),
        errs: Vec::new(),
        start_of: Vec::new(),
        sync: None,
        sync_handler: None,
        off: 0,
    };
    if static_sync {
        m.sync = Some((tbase as u16 - 2, 0));
    }
    m.analyze(mi)?;
    m.emit_all(mi);
    if !m.errs.is_empty() {
        return Err(m.errs);
    }
    let mut body = m.finish(mi);
    super::opt::optimize(&mut body);
    Ok(body)
}

impl<'a, 'c> M<'a, 'c> {
    pub(crate) fn err(&mut self, msg: String) {
        self.errs.push((Some(self.off), msg));
    }

    /// The register of stack value `d`.
    pub(crate) fn stk(&self, d: usize) -> Reg {
        self.nl + d as Reg
    }

    /// A scratch register, free until the next JVM instruction.
    pub(crate) fn temp(&mut self) -> Reg {
        let r = self.temp_next;
        self.temp_next += 1;
        self.temp_max = self.temp_max.max(self.temp_next);
        r
    }

    /// `n` consecutive scratch registers.
    pub(crate) fn temps(&mut self, n: usize) -> Reg {
        let r = self.temp_next;
        self.temp_next += n as u16;
        self.temp_max = self.temp_max.max(self.temp_next);
        r
    }

    pub(crate) fn emit(&mut self, i: Insn) -> usize {
        self.out.push(i);
        self.out.len() - 1
    }

    pub(crate) fn branch(&mut self, i: Insn, t: Tgt) {
        let at = self.emit(i);
        self.fixes.push((at, t));
    }

    pub(crate) fn new_label(&mut self) -> Tgt {
        self.labels.push(None);
        Tgt::Label(self.labels.len() - 1)
    }

    pub(crate) fn bind(&mut self, l: Tgt) {
        if let Tgt::Label(i) = l {
            self.labels[i] = Some(self.out.len() as u32);
        }
    }

    // ------------------------------------------------------------ analysis

    fn pool(&self) -> &'c crate::ConstantPool {
        &self.cf.constant_pool
    }

    fn analyze(&mut self, mi: &MethodInfo) -> Result<(), Errs> {
        let n = self.insns.len();
        let code = mi.code.as_ref().unwrap();
        let mut states: Vec<Option<Vec<VT>>> = vec![None; n];
        // Handlers covering each instruction.
        let mut covers: Vec<Vec<usize>> = vec![Vec::new(); n];
        for h in &code.exception_table {
            let Some(&hi) = self.at.get(&(h.handler_pc as u32)) else { continue };
            for (i, insn) in self.insns.iter().enumerate() {
                if insn.offset >= h.start_pc as u32 && insn.offset < h.end_pc as u32 {
                    covers[i].push(hi);
                }
            }
        }
        let mut work = vec![0usize];
        states[0] = Some(Vec::new());
        let mut errs = Vec::new();
        let merge = |states: &mut Vec<Option<Vec<VT>>>, to: usize, st: &[VT], work: &mut Vec<usize>| -> Result<(), String> {
            match &states[to] {
                None => {
                    states[to] = Some(st.to_vec());
                    work.push(to);
                    Ok(())
                }
                Some(old) if old.len() != st.len() => Err("the operand stack differs in depth where paths join".to_string()),
                Some(old) => {
                    for (a, b) in old.iter().zip(st) {
                        let same = a == b
                            || (matches!(a, VT::A | VT::U(_)) && matches!(b, VT::A | VT::U(_)));
                        if !same || a.wide() != b.wide() {
                            return Err("the operand stack holds different types where paths join".to_string());
                        }
                    }
                    Ok(())
                }
            }
        };
        while let Some(i) = work.pop() {
            let st = states[i].clone().unwrap();
            let off = self.insns[i].offset;
            for &h in &covers[i] {
                if let Err(e) = merge(&mut states, h, &[VT::A], &mut work) {
                    errs.push((Some(self.insns[h].offset), e));
                }
            }
            let mut after = st.clone();
            if let Err(e) = self.transfer(i, &mut after) {
                errs.push((Some(off), e));
                continue;
            }
            let op = &self.insns[i].op;
            let mut succ: Vec<usize> = op.targets().filter_map(|t| self.at.get(&t).copied()).collect();
            if op.falls_through() {
                if i + 1 >= n {
                    errs.push((Some(off), "execution falls off the end of the code".to_string()));
                    continue;
                }
                succ.push(i + 1);
            }
            for s in succ {
                if let Err(e) = merge(&mut states, s, &after, &mut work) {
                    errs.push((Some(self.insns[s].offset), e));
                }
            }
            if !errs.is_empty() {
                break;
            }
        }
        if !errs.is_empty() {
            return Err(errs);
        }
        self.states = states;
        Ok(())
    }

    fn transfer(&self, i: usize, st: &mut Vec<VT>) -> Result<(), String> {
        let pool = self.pool();
        let e = |x: crate::Error| format!("{x}");
        let off = self.insns[i].offset;
        macro_rules! pop {
            () => {
                st.pop().ok_or_else(|| "operand stack underflow".to_string())?
            };
        }
        macro_rules! popn {
            ($n:expr) => {{
                let n = $n;
                if st.len() < n {
                    return Err("operand stack underflow".to_string());
                }
                st.truncate(st.len() - n);
            }};
        }
        match &self.insns[i].op {
            Op::Nop | Op::Goto(_) | Op::IInc { .. } | Op::Return(None) | Op::Jsr(_) | Op::Ret(_) => {}
            Op::AConstNull => st.push(VT::A),
            Op::IConst(_) => st.push(VT::I),
            Op::LConst(_) => st.push(VT::J),
            Op::FConst(_) => st.push(VT::F),
            Op::DConst(_) => st.push(VT::D),
            Op::Ldc(x) | Op::Ldc2(x) => st.push(match pool.loadable(*x).map_err(e)? {
                Loadable::Int(_) => VT::I,
                Loadable::Float(_) => VT::F,
                Loadable::Long(_) => VT::J,
                Loadable::Double(_) => VT::D,
                Loadable::Dynamic(d) => VT::of(&FieldType::parse(d.descriptor).map_err(e)?),
                _ => VT::A,
            }),
            Op::Load(k, _) => st.push(VT::of_value(*k)),
            Op::Store(..) => {
                pop!();
            }
            Op::ArrayLoad(k) => {
                popn!(2);
                st.push(match k {
                    ArrayKind::Long => VT::J,
                    ArrayKind::Float => VT::F,
                    ArrayKind::Double => VT::D,
                    ArrayKind::Reference => VT::A,
                    _ => VT::I,
                });
            }
            Op::ArrayStore(_) => popn!(3),
            Op::Pop => {
                pop!();
            }
            Op::Pop2 => {
                if pop!().wide() {
                } else {
                    pop!();
                }
            }
            Op::Dup | Op::DupX1 | Op::DupX2 | Op::Dup2 | Op::Dup2X1 | Op::Dup2X2 | Op::Swap => {
                let (k, new) = dup_shape(&self.insns[i].op, st).ok_or("operand stack underflow or bad shape for a dup")?;
                let base = st.len() - k;
                let top: Vec<VT> = st[base..].to_vec();
                st.truncate(base);
                for j in new {
                    st.push(top[j]);
                }
            }
            Op::Arith(_, k) => {
                popn!(2);
                st.push(VT::of_num(*k));
            }
            Op::Neg(k) => {
                pop!();
                st.push(VT::of_num(*k));
            }
            Op::Bit(_, k) => {
                popn!(2);
                st.push(if *k == IntKind::Int { VT::I } else { VT::J });
            }
            Op::Convert(_, to) => {
                pop!();
                st.push(VT::of_num(*to));
            }
            Op::IntToByte | Op::IntToChar | Op::IntToShort => {
                pop!();
                st.push(VT::I);
            }
            Op::LCmp | Op::FCmpL | Op::FCmpG | Op::DCmpL | Op::DCmpG => {
                popn!(2);
                st.push(VT::I);
            }
            Op::If(..) | Op::IfNull(_) | Op::IfNonNull(_) => {
                pop!();
            }
            Op::IfICmp(..) | Op::IfACmpEq(_) | Op::IfACmpNe(_) => popn!(2),
            Op::TableSwitch { .. } | Op::LookupSwitch { .. } => {
                pop!();
            }
            Op::Return(Some(_)) | Op::AThrow | Op::MonitorEnter | Op::MonitorExit => {
                pop!();
            }
            Op::GetStatic(x) => {
                let f = pool.field_ref(*x).map_err(e)?;
                st.push(VT::of(&FieldType::parse(f.descriptor).map_err(e)?));
            }
            Op::PutStatic(_) => {
                pop!();
            }
            Op::GetField(x) => {
                pop!();
                let f = pool.field_ref(*x).map_err(e)?;
                st.push(VT::of(&FieldType::parse(f.descriptor).map_err(e)?));
            }
            Op::PutField(_) => popn!(2),
            Op::InvokeVirtual(x) | Op::InvokeSpecial(x) | Op::InvokeStatic(x) | Op::InvokeInterface { index: x, .. } => {
                let (r, _) = pool.any_method_ref(*x).map_err(e)?;
                let d = MethodDescriptor::parse(r.descriptor).map_err(e)?;
                popn!(d.params.len());
                if !matches!(self.insns[i].op, Op::InvokeStatic(_)) {
                    let recv = pop!();
                    if let (VT::U(tag), "<init>") = (recv, r.name) {
                        for v in st.iter_mut() {
                            if *v == VT::U(tag) {
                                *v = VT::A;
                            }
                        }
                    }
                }
                if let Some(t) = &d.ret {
                    st.push(VT::of(t));
                }
            }
            Op::InvokeDynamic(x) => {
                let site = self.cf.call_site(*x).map_err(e)?;
                let d = MethodDescriptor::parse(site.descriptor).map_err(e)?;
                popn!(d.params.len());
                if let Some(t) = &d.ret {
                    st.push(VT::of(t));
                }
            }
            Op::New(x) => {
                let c = pool.class_name(*x).map_err(e)?;
                st.push(if c == "java/lang/String" { VT::U(off) } else { VT::A });
            }
            Op::NewArray(_) | Op::ANewArray(_) => {
                pop!();
                st.push(VT::A);
            }
            Op::ArrayLength => {
                pop!();
                st.push(VT::I);
            }
            Op::CheckCast(_) => {
                pop!();
                st.push(VT::A);
            }
            Op::InstanceOf(_) => {
                pop!();
                st.push(VT::I);
            }
            Op::MultiANewArray { dimensions, .. } => {
                popn!(*dimensions as usize);
                st.push(VT::A);
            }
        }
        Ok(())
    }

    // ------------------------------------------------------------ emission

    fn emit_all(&mut self, mi: &MethodInfo) {
        let code = mi.code.as_ref().unwrap();
        // Handler entries start with `catch`.
        let mut is_handler = vec![false; self.insns.len()];
        for h in &code.exception_table {
            if let Some(&i) = self.at.get(&(h.handler_pc as u32)) {
                is_handler[i] = true;
            }
        }
        // Constants of static fields, then the arguments spread to their slots.
        if mi.name == "<clinit>" {
            let r = self.tbase;
            self.temp_max = self.temp_max.max(r + 1);
            let mut init = Vec::new();
            constant_inits(self.cv, self.cf, r, &mut init);
            self.out.extend(init);
        }
        let mut compact: Reg = 0;
        let mut slot: Reg = 0;
        let mut moves = Vec::new();
        if !mi.is_static() {
            compact = 1;
            slot = 1;
        }
        for p in &mi.method_type.params {
            if compact != slot {
                moves.push(Insn::Mov { d: slot, s: compact });
            }
            compact += 1;
            slot += p.slots() as Reg;
        }
        moves.reverse();
        self.out.extend(moves);
        // `static synchronized`: hold the monitor of the class's Class object
        // (the VM's own static locking uses the statics object, whose monitor
        // word is taken by its owner class id).
        if let Some((lock, _)) = self.sync {
            let name = self.cv.b.string(&self.cf.this_class);
            let method = self.cv.b.method("java/lang/Class", "of", "(Ljava/lang/String;)Ljava/lang/Class;");
            self.out.push(Insn::ConstS { d: lock, s: name });
            self.out.push(Insn::Call { d: lock, method, args: lock, n: 1 });
            self.out.push(Insn::MonEnter { s: lock });
            self.sync = Some((lock, self.out.len() as u32));
        }

        let mut start_of = vec![0u32; self.insns.len() + 1];
        for i in 0..self.insns.len() {
            self.off = self.insns[i].offset;
            self.cv.b.set_site(&self.cf.this_class, &self.label, Some(self.off));
            start_of[i] = self.out.len() as u32;
            let Some(st) = self.states[i].clone() else { continue };
            if is_handler[i] {
                let d = self.stk(0);
                self.emit(Insn::Catch { d });
            }
            self.temp_next = self.tbase;
            let op = self.insns[i].op.clone();
            self.emit_op(&op, &st);
        }
        start_of[self.insns.len()] = self.out.len() as u32;
        if self.out.is_empty() {
            self.out.push(Insn::RetVoid);
        }
        // The release on the way out by an exception.
        if let Some((lock, body)) = self.sync {
            let h = self.out.len() as u32;
            self.out.push(Insn::Catch { d: lock + 1 });
            self.out.push(Insn::MonExit { s: lock });
            self.out.push(Insn::Throw { s: lock + 1 });
            self.sync = Some((lock, body));
            self.sync_handler = Some(Handler {
                start: body,
                end: h,
                handler: h,
                class: None,
            });
        }
        // Branches.
        let target = |m: &Self, t: Tgt| -> u32 {
            match t {
                Tgt::Off(o) => start_of[m.at[&o]],
                Tgt::Label(l) => m.labels[l].expect("label bound"),
            }
        };
        for k in 0..self.fixes.len() {
            let (at, t) = self.fixes[k];
            let to = target(self, t);
            set_target(&mut self.out[at], to);
        }
        for k in 0..self.tfixes.len() {
            let (table, slot, t) = self.tfixes[k];
            let to = target(self, t);
            match slot {
                Some(s) => self.tables[table].targets[s] = to,
                None => self.tables[table].default = to,
            }
        }
        self.start_of = start_of;
    }

    fn finish(mut self, mi: &MethodInfo) -> Body {
        let code = mi.code.as_ref().unwrap();
        let start_of = core::mem::take(&mut self.start_of);
        let len = self.out.len() as u32;
        let mut handlers = Vec::new();
        for h in &code.exception_table {
            let idx = |o: u16| -> u32 {
                match self.at.get(&(o as u32)) {
                    Some(&i) => start_of[i],
                    None => len,
                }
            };
            let (start, end) = (idx(h.start_pc), idx(h.end_pc));
            let Some(&hi) = self.at.get(&(h.handler_pc as u32)) else { continue };
            if start >= end || self.states[hi].is_none() {
                continue;
            }
            let class = h.catch_type.as_ref().map(|c| self.cv.b.class(c));
            handlers.push(Handler {
                start,
                end,
                handler: start_of[hi],
                class,
            });
        }
        handlers.extend(self.sync_handler);
        let mut lines: Vec<(u32, u32)> = Vec::new();
        let mut ln: Vec<_> = code.line_numbers.iter().collect();
        ln.sort_by_key(|l| l.start_pc);
        for l in ln {
            if let Some(&i) = self.at.get(&(l.start_pc as u32)) {
                let pc = start_of[i];
                if pc >= len {
                    continue;
                }
                match lines.last_mut() {
                    Some(last) if last.0 == pc => last.1 = l.line as u32,
                    _ => lines.push((pc, l.line as u32)),
                }
            }
        }
        let args = mi.method_type.params.len() as u32 + !mi.is_static() as u32;
        let nregs = (self.temp_max as u32).max(args).max(1);
        Body {
            nregs: nregs as u16,
            code: self.out,
            handlers,
            tables: self.tables,
            lines,
        }
    }

    /// Emits parallel moves `dst[i] <- src[i]` (some may overlap).
    pub(crate) fn parallel_moves(&mut self, moves: &[(Reg, Reg)]) {
        let mut pending: Vec<(Reg, Reg)> = moves.iter().copied().filter(|(d, s)| d != s).collect();
        while !pending.is_empty() {
            // A move whose destination no other pending move reads.
            if let Some(k) = (0..pending.len()).find(|&k| {
                let d = pending[k].0;
                !pending.iter().enumerate().any(|(j, &(_, s))| j != k && s == d)
            }) {
                let (d, s) = pending.remove(k);
                self.emit(Insn::Mov { d, s });
            } else {
                // A cycle: park one source in a scratch register.
                let t = self.temp();
                let s0 = pending[0].1;
                self.emit(Insn::Mov { d: t, s: s0 });
                for p in pending.iter_mut() {
                    if p.1 == s0 {
                        p.1 = t;
                    }
                }
            }
        }
    }

    fn emit_op(&mut self, op: &Op, st: &[VT]) {
        let n = st.len();
        let nl = self.nl;
        let top = move |k: usize| nl + (n - k) as Reg; // k = 1 is the top
        match op {
            Op::Nop | Op::Pop | Op::Pop2 => {}
            Op::AConstNull => {
                self.emit(Insn::Null { d: self.stk(n) });
            }
            Op::IConst(v) => {
                self.emit(Insn::ConstI { d: self.stk(n), v: *v as i64 });
            }
            Op::LConst(v) => {
                self.emit(Insn::ConstI { d: self.stk(n), v: *v });
            }
            Op::FConst(v) => {
                self.emit(Insn::ConstF { d: self.stk(n), v: *v as f64 });
            }
            Op::DConst(v) => {
                self.emit(Insn::ConstF { d: self.stk(n), v: *v });
            }
            Op::Ldc(x) | Op::Ldc2(x) => {
                let d = self.stk(n);
                match self.pool().loadable(*x) {
                    Ok(Loadable::Int(v)) => {
                        self.emit(Insn::ConstI { d, v: v as i64 });
                    }
                    Ok(Loadable::Long(v)) => {
                        self.emit(Insn::ConstI { d, v });
                    }
                    Ok(Loadable::Float(v)) => {
                        self.emit(Insn::ConstF { d, v: v as f64 });
                    }
                    Ok(Loadable::Double(v)) => {
                        self.emit(Insn::ConstF { d, v });
                    }
                    Ok(Loadable::String(s)) => {
                        let s = self.cv.b.string(s);
                        self.emit(Insn::ConstS { d, s });
                    }
                    Ok(Loadable::Class(c)) => {
                        let s = self.cv.b.string(c);
                        self.emit(Insn::ConstS { d, s });
                        let method = self.cv.b.method("java/lang/Class", "of", "(Ljava/lang/String;)Ljava/lang/Class;");
                        self.emit(Insn::Call { d, method, args: d, n: 1 });
                    }
                    Ok(Loadable::MethodType(_)) => self.err("`ldc` of a MethodType is not supported".to_string()),
                    Ok(Loadable::MethodHandle(_)) => self.err("`ldc` of a MethodHandle is not supported".to_string()),
                    Ok(Loadable::Dynamic(_)) => self.err("`ldc` of a dynamically computed constant is not supported".to_string()),
                    Err(e) => self.err(format!("{e}")),
                }
            }
            Op::Load(_, i) => {
                self.emit(Insn::Mov { d: self.stk(n), s: *i });
            }
            Op::Store(_, i) => {
                self.emit(Insn::Mov { d: *i, s: top(1) });
            }
            Op::ArrayLoad(k) => {
                self.emit(Insn::ALoad { elem: elem_of_array(*k), d: top(2), a: top(2), i: top(1) });
            }
            Op::ArrayStore(k) => {
                self.emit(Insn::AStore { elem: elem_of_array(*k), a: top(3), i: top(2), s: top(1) });
            }
            Op::Dup | Op::DupX1 | Op::DupX2 | Op::Dup2 | Op::Dup2X1 | Op::Dup2X2 | Op::Swap => {
                let (k, new) = dup_shape(op, st).expect("checked by the analysis");
                let base = n - k;
                let moves: Vec<(Reg, Reg)> = new
                    .iter()
                    .enumerate()
                    .map(|(j, &src)| (self.stk(base + j), self.stk(base + src)))
                    .collect();
                self.parallel_moves(&moves);
            }
            Op::Arith(a, k) => {
                use BinOp::*;
                let op = match (a, k) {
                    (ArithOp::Add, NumKind::Int) => IAdd,
                    (ArithOp::Sub, NumKind::Int) => ISub,
                    (ArithOp::Mul, NumKind::Int) => IMul,
                    (ArithOp::Div, NumKind::Int) => IDiv,
                    (ArithOp::Rem, NumKind::Int) => IRem,
                    (ArithOp::Add, NumKind::Long) => LAdd,
                    (ArithOp::Sub, NumKind::Long) => LSub,
                    (ArithOp::Mul, NumKind::Long) => LMul,
                    (ArithOp::Div, NumKind::Long) => LDiv,
                    (ArithOp::Rem, NumKind::Long) => LRem,
                    (ArithOp::Add, NumKind::Float) => FAdd,
                    (ArithOp::Sub, NumKind::Float) => FSub,
                    (ArithOp::Mul, NumKind::Float) => FMul,
                    (ArithOp::Div, NumKind::Float) => FDiv,
                    (ArithOp::Rem, NumKind::Float) => FRem,
                    (ArithOp::Add, NumKind::Double) => DAdd,
                    (ArithOp::Sub, NumKind::Double) => DSub,
                    (ArithOp::Mul, NumKind::Double) => DMul,
                    (ArithOp::Div, NumKind::Double) => DDiv,
                    (ArithOp::Rem, NumKind::Double) => DRem,
                };
                self.emit(Insn::Bin { op, d: top(2), a: top(2), b: top(1) });
            }
            Op::Neg(k) => {
                let op = match k {
                    NumKind::Int => UnOp::INeg,
                    NumKind::Long => UnOp::LNeg,
                    NumKind::Float => UnOp::FNeg,
                    NumKind::Double => UnOp::DNeg,
                };
                self.emit(Insn::Un { op, d: top(1), s: top(1) });
            }
            Op::Bit(b, k) => {
                use BinOp::*;
                let int = *k == IntKind::Int;
                let op = match b {
                    BitOp::Shl => if int { IShl } else { LShl },
                    BitOp::Shr => if int { IShr } else { LShr },
                    BitOp::UShr => if int { IUshr } else { LUshr },
                    BitOp::And => if int { IAnd } else { LAnd },
                    BitOp::Or => if int { IOr } else { LOr },
                    BitOp::Xor => if int { IXor } else { LXor },
                };
                self.emit(Insn::Bin { op, d: top(2), a: top(2), b: top(1) });
            }
            Op::IInc { index, delta } => {
                self.emit(Insn::BinI { op: BinOp::IAdd, d: *index, a: *index, imm: *delta as i32 });
            }
            Op::Convert(from, to) => {
                use NumKind::*;
                let op = match (from, to) {
                    (Int, Long) | (Float, Double) | (Int, Int) | (Long, Long) | (Float, Float) | (Double, Double) => None,
                    (Int, Float) => Some(UnOp::I2F),
                    (Int, Double) => Some(UnOp::I2D),
                    (Long, Int) => Some(UnOp::L2I),
                    (Long, Float) => Some(UnOp::L2F),
                    (Long, Double) => Some(UnOp::L2D),
                    (Float, Int) => Some(UnOp::F2I),
                    (Float, Long) => Some(UnOp::F2L),
                    (Double, Int) => Some(UnOp::D2I),
                    (Double, Long) => Some(UnOp::D2L),
                    (Double, Float) => Some(UnOp::D2F),
                };
                if let Some(op) = op {
                    self.emit(Insn::Un { op, d: top(1), s: top(1) });
                }
            }
            Op::IntToByte => {
                self.emit(Insn::Un { op: UnOp::I2B, d: top(1), s: top(1) });
            }
            Op::IntToChar => {
                self.emit(Insn::Un { op: UnOp::I2C, d: top(1), s: top(1) });
            }
            Op::IntToShort => {
                self.emit(Insn::Un { op: UnOp::I2S, d: top(1), s: top(1) });
            }
            Op::LCmp | Op::FCmpL | Op::FCmpG | Op::DCmpL | Op::DCmpG => {
                let op = match op {
                    Op::LCmp => CmpOp::LCmp,
                    Op::FCmpL => CmpOp::FCmpL,
                    Op::FCmpG => CmpOp::FCmpG,
                    Op::DCmpL => CmpOp::DCmpL,
                    _ => CmpOp::DCmpG,
                };
                self.emit(Insn::Cmp { op, d: top(2), a: top(2), b: top(1) });
            }
            Op::If(c, t) => self.branch(Insn::IfZ { c: cond(*c), a: top(1), t: 0 }, Tgt::Off(*t)),
            Op::IfICmp(c, t) => self.branch(Insn::If { c: cond(*c), a: top(2), b: top(1), t: 0 }, Tgt::Off(*t)),
            Op::IfACmpEq(t) => self.branch(Insn::IfRef { eq: true, a: top(2), b: top(1), t: 0 }, Tgt::Off(*t)),
            Op::IfACmpNe(t) => self.branch(Insn::IfRef { eq: false, a: top(2), b: top(1), t: 0 }, Tgt::Off(*t)),
            Op::IfNull(t) => self.branch(Insn::IfNull { null: true, a: top(1), t: 0 }, Tgt::Off(*t)),
            Op::IfNonNull(t) => self.branch(Insn::IfNull { null: false, a: top(1), t: 0 }, Tgt::Off(*t)),
            Op::Goto(t) => self.branch(Insn::Jmp { t: 0 }, Tgt::Off(*t)),
            Op::Jsr(_) | Op::Ret(_) => self.err("subroutines (`jsr`/`ret`) are not supported".to_string()),
            Op::TableSwitch { default, low, targets } => {
                let table = self.tables.len();
                let keys: Vec<i32> = (0..targets.len()).map(|k| low.wrapping_add(k as i32)).collect();
                self.tables.push(SwitchTable {
                    keys,
                    targets: vec![0; targets.len()],
                    default: 0,
                });
                for (k, t) in targets.iter().enumerate() {
                    self.tfixes.push((table, Some(k), Tgt::Off(*t)));
                }
                self.tfixes.push((table, None, Tgt::Off(*default)));
                self.emit(Insn::Switch { s: top(1), table: table as u32 });
            }
            Op::LookupSwitch { default, pairs } => {
                let table = self.tables.len();
                self.tables.push(SwitchTable {
                    keys: pairs.iter().map(|p| p.0).collect(),
                    targets: vec![0; pairs.len()],
                    default: 0,
                });
                for (k, p) in pairs.iter().enumerate() {
                    self.tfixes.push((table, Some(k), Tgt::Off(p.1)));
                }
                self.tfixes.push((table, None, Tgt::Off(*default)));
                self.emit(Insn::Switch { s: top(1), table: table as u32 });
            }
            Op::Return(Some(_)) => {
                if let Some((lock, _)) = self.sync {
                    self.emit(Insn::MonExit { s: lock });
                }
                self.emit(Insn::Ret { s: top(1) });
            }
            Op::Return(None) => {
                if let Some((lock, _)) = self.sync {
                    self.emit(Insn::MonExit { s: lock });
                }
                self.emit(Insn::RetVoid);
            }
            Op::GetStatic(x) | Op::PutStatic(x) | Op::GetField(x) | Op::PutField(x) => {
                let f = match self.pool().field_ref(*x) {
                    Ok(f) => f,
                    Err(e) => return self.err(format!("{e}")),
                };
                let kind = match FieldType::parse(f.descriptor) {
                    Ok(t) => kind_of(&t),
                    Err(e) => return self.err(format!("{e}")),
                };
                let (class, name) = (f.class, f.name);
                let insn = match op {
                    Op::GetStatic(_) => Insn::GetStatic { d: self.stk(n), field: self.cv.b.field(class, name, kind, true) },
                    Op::PutStatic(_) => Insn::PutStatic { field: self.cv.b.field(class, name, kind, true), s: top(1) },
                    Op::GetField(_) => Insn::GetField { d: top(1), o: top(1), field: self.cv.b.field(class, name, kind, false) },
                    _ => Insn::PutField { o: top(2), field: self.cv.b.field(class, name, kind, false), s: top(1) },
                };
                self.emit(insn);
            }
            Op::InvokeVirtual(x) => self.invoke(InvKind::Virtual, *x, st),
            Op::InvokeSpecial(x) => self.invoke(InvKind::Special, *x, st),
            Op::InvokeStatic(x) => self.invoke(InvKind::Static, *x, st),
            Op::InvokeInterface { index, .. } => self.invoke(InvKind::Interface, *index, st),
            Op::InvokeDynamic(x) => self.invokedynamic(*x, st),
            Op::New(x) => {
                let c = match self.pool().class_name(*x) {
                    Ok(c) => c,
                    Err(e) => return self.err(format!("{e}")),
                };
                let d = self.stk(n);
                if c == "java/lang/String" {
                    // Made by a factory at the constructor call.
                    self.emit(Insn::Null { d });
                } else {
                    let class = self.cv.b.class(c);
                    self.emit(Insn::New { d, class });
                }
            }
            Op::NewArray(b) => {
                self.emit(Insn::NewArray { d: top(1), elem: elem_of_base(*b), len: top(1) });
            }
            Op::ANewArray(x) => {
                let c = match self.pool().class_name(*x) {
                    Ok(c) => c,
                    Err(e) => return self.err(format!("{e}")),
                };
                let class = self.cv.b.class(c);
                self.emit(Insn::NewRefArray { d: top(1), class, len: top(1) });
            }
            Op::ArrayLength => {
                self.emit(Insn::ArrayLen { d: top(1), a: top(1) });
            }
            Op::AThrow => {
                self.emit(Insn::Throw { s: top(1) });
            }
            Op::CheckCast(x) | Op::InstanceOf(x) => {
                let c = match self.pool().class_name(*x) {
                    Ok(c) => c,
                    Err(e) => return self.err(format!("{e}")),
                };
                let is_cast = matches!(op, Op::CheckCast(_));
                let s = top(1);
                let class = self.cv.b.class(c);
                if is_cast {
                    self.emit(Insn::CheckCast { s, class });
                } else {
                    self.emit(Insn::InstanceOf { d: s, s, class });
                }
            }
            Op::MonitorEnter => {
                self.emit(Insn::MonEnter { s: top(1) });
            }
            Op::MonitorExit => {
                self.emit(Insn::MonExit { s: top(1) });
            }
            Op::MultiANewArray { index, dimensions } => {
                let c = match self.pool().class_name(*index) {
                    Ok(c) => c.to_string(),
                    Err(e) => return self.err(format!("{e}")),
                };
                let dims = *dimensions as usize;
                if dims == 0 || c.len() <= dims || !c.as_bytes()[..dims].iter().all(|&b| b == b'[') {
                    return self.err(format!("multianewarray of {dims} dimensions on the type {c}"));
                }
                let counts: Vec<Reg> = (0..dims).map(|k| self.stk(n - dims + k)).collect();
                // Java checks every count before allocating anything.
                for &c in &counts[1..] {
                    let ok = self.new_label();
                    self.branch(Insn::IfZ { c: Cond::Ge, a: c, t: 0 }, ok);
                    let t = self.temp();
                    self.emit(Insn::NewArray { d: t, elem: Elem::I8, len: c });
                    self.bind(ok);
                }
                let r = self.temp();
                self.multi_array(&c, &counts, r);
                self.emit(Insn::Mov { d: self.stk(n - dims), s: r });
            }
        }
    }

    /// Makes an array of type `ty` (`[[I`) with the dimensions in `counts`, into `dst`.
    fn multi_array(&mut self, ty: &str, counts: &[Reg], dst: Reg) {
        let elem = &ty[1..];
        if counts.len() == 1 {
            match elem.as_bytes()[0] {
                b'L' => {
                    let class = self.cv.b.class(&elem[1..elem.len() - 1]);
                    self.emit(Insn::NewRefArray { d: dst, class, len: counts[0] });
                }
                b'[' => {
                    let class = self.cv.b.class(elem);
                    self.emit(Insn::NewRefArray { d: dst, class, len: counts[0] });
                }
                c => {
                    let b = BaseType::from_descriptor_char(c).unwrap_or(BaseType::Int);
                    self.emit(Insn::NewArray { d: dst, elem: elem_of_base(b), len: counts[0] });
                }
            }
            return;
        }
        let class = self.cv.b.class(elem);
        self.emit(Insn::NewRefArray { d: dst, class, len: counts[0] });
        let i = self.temp();
        let sub = self.temp();
        self.emit(Insn::ConstI { d: i, v: 0 });
        let top = self.new_label();
        let end = self.new_label();
        self.bind(top);
        self.branch(Insn::If { c: Cond::Ge, a: i, b: counts[0], t: 0 }, end);
        self.multi_array(elem, &counts[1..], sub);
        self.emit(Insn::AStore { elem: Elem::Ref, a: dst, i, s: sub });
        self.emit(Insn::BinI { op: BinOp::IAdd, d: i, a: i, imm: 1 });
        self.branch(Insn::Jmp { t: 0 }, top);
        self.bind(end);
    }

    fn invoke(&mut self, kind: InvKind, x: u16, st: &[VT]) {
        let n = st.len();
        let (r, _) = match self.pool().any_method_ref(x) {
            Ok(r) => r,
            Err(e) => return self.err(format!("{e}")),
        };
        let desc = match MethodDescriptor::parse(r.descriptor) {
            Ok(d) => d,
            Err(e) => return self.err(format!("{e}")),
        };
        let nparams = desc.params.len();
        let nvals = nparams + (kind != InvKind::Static) as usize;
        let base = n - nvals;
        let d = if desc.ret.is_some() { self.stk(base) } else { NO_REG };
        if kind == InvKind::Special && r.name == "<init>" {
            if let VT::U(tag) = st[base] {
                let (params, _) = split_desc(r.descriptor);
                let sig = format!("({params})Ljava/lang/String;");
                let h = helper_of("java/lang/String").unwrap();
                let method = self.cv.b.method(h, "newString", &sig);
                let res = self.stk(base);
                self.emit(Insn::Call { d: res, method, args: self.stk(base + 1), n: nparams as u16 });
                for (k, v) in st[..base].iter().enumerate() {
                    if *v == VT::U(tag) {
                        self.emit(Insn::Mov { d: self.stk(k), s: res });
                    }
                }
                return;
            }
            let method = self.cv.b.method(r.class, "<init>", r.descriptor);
            self.emit(Insn::Call { d: NO_REG, method, args: self.stk(base), n: nvals as u16 });
            return;
        }
        let from = self.cf.this_class.clone();
        let plan = match self.cv.plan(kind, r.class, r.name, r.descriptor, &from) {
            Ok(p) => p,
            Err(e) => return self.err(e),
        };
        let method = self.cv.b.method(&plan.class, &plan.name, &plan.sig);
        let args = self.stk(base);
        let n = nvals as u16;
        if plan.virt {
            self.emit(Insn::CallVirt { d, method, args, n });
        } else {
            self.emit(Insn::Call { d, method, args, n });
        }
    }
}

/// The shape of a dup/swap on stack `st`: how many values it consumes from
/// the top, and the values it leaves (indices into the consumed ones).
fn dup_shape(op: &Op, st: &[VT]) -> Option<(usize, Vec<usize>)> {
    let n = st.len();
    let w = |k: usize| -> Option<bool> { Some(st.get(n.checked_sub(k)?)?.wide()) };
    Some(match op {
        Op::Dup => {
            w(1)?;
            (1, vec![0, 0])
        }
        Op::DupX1 => {
            w(2)?;
            (2, vec![1, 0, 1])
        }
        Op::DupX2 => {
            if w(2)? {
                (2, vec![1, 0, 1])
            } else {
                w(3)?;
                (3, vec![2, 0, 1, 2])
            }
        }
        Op::Dup2 => {
            if w(1)? {
                (1, vec![0, 0])
            } else {
                w(2)?;
                (2, vec![0, 1, 0, 1])
            }
        }
        Op::Dup2X1 => {
            if w(1)? {
                w(2)?;
                (2, vec![1, 0, 1])
            } else {
                w(3)?;
                (3, vec![1, 2, 0, 1, 2])
            }
        }
        Op::Dup2X2 => {
            let (a, b) = (w(1)?, w(2)?);
            match (a, b) {
                (true, true) => (2, vec![1, 0, 1]),
                (true, false) => {
                    w(3)?;
                    (3, vec![2, 0, 1, 2])
                }
                (false, false) => {
                    if w(3)? {
                        (3, vec![1, 2, 0, 1, 2])
                    } else {
                        w(4)?;
                        (4, vec![2, 3, 0, 1, 2, 3])
                    }
                }
                (false, true) => return None,
            }
        }
        Op::Swap => {
            w(2)?;
            (2, vec![1, 0])
        }
        _ => return None,
    })
}
