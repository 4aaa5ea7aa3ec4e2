//! `invokedynamic`: what `javac` uses it for, done ahead of time.
//!
//! - `StringConcatFactory.makeConcatWithConstants`: the recipe becomes a
//!   chain of `String.valueOf` conversions and `String.concat` calls.
//! - `LambdaMetafactory.metafactory` / `altMetafactory`: a class is made per
//!   call site, implementing the functional interface; it keeps the captured
//!   values in fields and its method adapts the arguments (casts, boxing,
//!   unboxing, widening) and calls the target method.
//! - `ObjectMethods.bootstrap` (records' `toString`, `equals`, `hashCode`):
//!   code over the record's components.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

use phantom_vm::insn::{BinOp, Cond, Insn, Reg, NO_REG};
use phantom_vm::module::{flags, ClassDef, FieldDef, MethodDef};

use super::method::{split_desc, InvKind, M, VT};
use super::{kind_of, Conv};
use crate::{BaseType, FieldType, Loadable, MethodDescriptor, MethodHandleRef, ReferenceKind};

const FLAG_SERIALIZABLE: i32 = 1;
const FLAG_MARKERS: i32 = 2;
const FLAG_BRIDGES: i32 = 4;

/// The box class of a primitive type.
pub(crate) fn box_of(b: BaseType) -> &'static str {
    match b {
        BaseType::Boolean => "java/lang/Boolean",
        BaseType::Byte => "java/lang/Byte",
        BaseType::Char => "java/lang/Character",
        BaseType::Short => "java/lang/Short",
        BaseType::Int => "java/lang/Integer",
        BaseType::Long => "java/lang/Long",
        BaseType::Float => "java/lang/Float",
        BaseType::Double => "java/lang/Double",
    }
}

fn unbox_name(b: BaseType) -> &'static str {
    match b {
        BaseType::Boolean => "booleanValue",
        BaseType::Byte => "byteValue",
        BaseType::Char => "charValue",
        BaseType::Short => "shortValue",
        BaseType::Int => "intValue",
        BaseType::Long => "longValue",
        BaseType::Float => "floatValue",
        BaseType::Double => "doubleValue",
    }
}

fn prim_of_box(class: &str) -> Option<BaseType> {
    Some(match class {
        "java/lang/Boolean" => BaseType::Boolean,
        "java/lang/Byte" => BaseType::Byte,
        "java/lang/Character" => BaseType::Char,
        "java/lang/Short" => BaseType::Short,
        "java/lang/Integer" => BaseType::Int,
        "java/lang/Long" => BaseType::Long,
        "java/lang/Float" => BaseType::Float,
        "java/lang/Double" => BaseType::Double,
        _ => return None,
    })
}

/// Code emission into a plain instruction list (the bodies of synthetic
/// methods, which have no branches).
pub(crate) struct Code<'a> {
    pub cv: &'a mut Conv,
    pub code: Vec<Insn>,
    pub next: Reg,
    pub max: Reg,
    pub errs: Vec<String>,
}

impl<'a> Code<'a> {
    pub fn new(cv: &'a mut Conv, first_free: Reg) -> Code<'a> {
        Code {
            cv,
            code: Vec::new(),
            next: first_free,
            max: first_free,
            errs: Vec::new(),
        }
    }
    pub fn reg(&mut self) -> Reg {
        let r = self.next;
        self.next += 1;
        self.max = self.max.max(self.next);
        r
    }
    pub fn emit(&mut self, i: Insn) {
        self.code.push(i);
    }
    pub fn finish(self) -> (Vec<Insn>, Reg, Vec<String>) {
        (self.code, self.max, self.errs)
    }

    /// A call planned like the JVM instruction `kind` would make it.
    #[allow(clippy::too_many_arguments)]
    pub fn call(&mut self, kind: InvKind, class: &str, name: &str, desc: &str, d: Reg, args: Reg, n: u16, from: &str) {
        match self.cv.plan(kind, class, name, desc, from) {
            Ok(p) => {
                let method = self.cv.b.method(&p.class, &p.name, &p.sig);
                self.emit(if p.virt {
                    Insn::CallVirt { d, method, args, n }
                } else {
                    Insn::Call { d, method, args, n }
                });
            }
            Err(e) => self.errs.push(e),
        }
    }

    /// Converts the value in `s` of type `from` to type `to` into `d`
    /// (boxing, unboxing, widening; reference casts are not checked).
    /// `hint` is the instantiated type, which names the box when `from` is
    /// erased to `Object`.
    pub fn adapt(&mut self, s: Reg, from: &FieldType, to: &FieldType, hint: Option<&FieldType>, d: Reg, site: &str) {
        match (from, to) {
            (FieldType::Base(f), FieldType::Base(t)) => self.widen(s, *f, *t, d),
            (FieldType::Base(f), _) => {
                // Box: to the box of the hint if it is a box of another type.
                let target = match hint {
                    Some(FieldType::Object(c)) => prim_of_box(c).unwrap_or(*f),
                    _ => match to {
                        FieldType::Object(c) => prim_of_box(c).unwrap_or(*f),
                        _ => *f,
                    },
                };
                let t = self.reg();
                self.widen(s, *f, target, t);
                let bx = box_of(target);
                let desc = format!("({}){}", target.descriptor_char(), FieldType::Object(bx.to_string()));
                self.call(InvKind::Static, bx, "valueOf", &desc, d, t, 1, site);
            }
            (_, FieldType::Base(t)) => {
                // Unbox: with the box the value is known to be.
                let src = match (hint, from) {
                    (Some(FieldType::Object(c)), _) if prim_of_box(c).is_some() => prim_of_box(c).unwrap(),
                    (_, FieldType::Object(c)) if prim_of_box(c).is_some() => prim_of_box(c).unwrap(),
                    _ => *t,
                };
                let bx = box_of(src);
                let class = self.cv.b.class(bx);
                self.emit(Insn::CheckCast { s, class });
                let tmp = self.reg();
                let desc = format!("(){}", src.descriptor_char());
                self.call(InvKind::Virtual, bx, unbox_name(src), &desc, tmp, s, 1, site);
                self.widen(tmp, src, *t, d);
            }
            _ => {
                if s != d {
                    self.emit(Insn::Mov { d, s });
                }
            }
        }
    }

    /// Primitive widening (and identity) conversions.
    pub fn widen(&mut self, s: Reg, from: BaseType, to: BaseType, d: Reg) {
        use phantom_vm::insn::UnOp;
        use BaseType::*;
        let is_int = |b: BaseType| matches!(b, Boolean | Byte | Char | Short | Int);
        let op = match (from, to) {
            (a, b) if a == b => None,
            (a, b) if is_int(a) && is_int(b) => None,
            (a, Long) if is_int(a) => None,
            (a, Float) if is_int(a) => Some(UnOp::I2F),
            (a, Double) if is_int(a) => Some(UnOp::I2D),
            (Long, Float) => Some(UnOp::L2F),
            (Long, Double) => Some(UnOp::L2D),
            (Float, Double) => None,
            (a, b) => {
                self.errs.push(format!("cannot convert {} to {}", a.descriptor_char(), b.descriptor_char()));
                None
            }
        };
        match op {
            Some(op) => self.emit(Insn::Un { op, d, s }),
            None if s != d => self.emit(Insn::Mov { d, s }),
            None => {}
        }
    }
}

impl M<'_, '_> {
    pub(crate) fn invokedynamic(&mut self, x: u16, st: &[VT]) {
        let site = match self.cf.call_site(x) {
            Ok(s) => s,
            Err(e) => return self.err(format!("{e}")),
        };
        let desc = match MethodDescriptor::parse(site.descriptor) {
            Ok(d) => d,
            Err(e) => return self.err(format!("{e}")),
        };
        let bsm = &site.method.member;
        let base = st.len() - desc.params.len();
        match (bsm.class, bsm.name) {
            ("java/lang/invoke/StringConcatFactory", "makeConcatWithConstants") => {
                let recipe = match site.arguments.first() {
                    Some(Loadable::String(s)) => *s,
                    _ => return self.err("makeConcatWithConstants without a recipe".to_string()),
                };
                self.concat(recipe, &site.arguments[1..], &desc, base);
            }
            ("java/lang/invoke/StringConcatFactory", "makeConcat") => {
                let recipe = "\u{1}".repeat(desc.params.len());
                self.concat(&recipe, &[], &desc, base);
            }
            ("java/lang/invoke/LambdaMetafactory", "metafactory" | "altMetafactory") => {
                let args = site.arguments.clone();
                self.lambda(site.name, &desc, &args, bsm.name == "altMetafactory", base);
            }
            ("java/lang/runtime/ObjectMethods", "bootstrap") => {
                let args = site.arguments.clone();
                self.record_method(site.name, &desc, &args, base);
            }
            (c, n) => self.err(format!("invokedynamic with the bootstrap method {c}.{n} is not supported")),
        }
    }

    /// String concatenation: each piece to a string, then `concat`.
    fn concat(&mut self, recipe: &str, constants: &[Loadable], desc: &MethodDescriptor, base: usize) {
        let acc = self.temps(2);
        let piece = acc + 1;
        let mut have = false;
        let mut lit = String::new();
        let mut arg = 0usize;
        let mut constant = 0usize;
        let mut pieces: Vec<Result<String, usize>> = Vec::new();
        for ch in recipe.chars() {
            match ch {
                '\u{1}' => {
                    if !lit.is_empty() {
                        pieces.push(Ok(core::mem::take(&mut lit)));
                    }
                    pieces.push(Err(arg));
                    arg += 1;
                }
                '\u{2}' => {
                    match constants.get(constant) {
                        Some(Loadable::String(s)) => lit.push_str(s),
                        Some(Loadable::Int(i)) => lit.push_str(&format!("{i}")),
                        Some(Loadable::Long(i)) => lit.push_str(&format!("{i}")),
                        Some(other) => {
                            return self.err(format!("string concatenation constant {other:?} is not supported"))
                        }
                        None => return self.err("string concatenation recipe names a missing constant".to_string()),
                    }
                    constant += 1;
                }
                c => lit.push(c),
            }
        }
        if !lit.is_empty() {
            pieces.push(Ok(lit));
        }
        let from = self.cf.this_class.clone();
        for p in pieces {
            let into = if have { piece } else { acc };
            match p {
                Ok(text) => {
                    let s = self.cv.b.string(&text);
                    self.emit(Insn::ConstS { d: into, s });
                }
                Err(k) => {
                    let Some(t) = desc.params.get(k) else {
                        return self.err("string concatenation recipe has more arguments than the call site".to_string());
                    };
                    let sig = match t {
                        FieldType::Base(BaseType::Byte | BaseType::Short | BaseType::Int) => "(I)Ljava/lang/String;",
                        FieldType::Base(BaseType::Long) => "(J)Ljava/lang/String;",
                        FieldType::Base(BaseType::Char) => "(C)Ljava/lang/String;",
                        FieldType::Base(BaseType::Boolean) => "(Z)Ljava/lang/String;",
                        FieldType::Base(BaseType::Float) => "(F)Ljava/lang/String;",
                        FieldType::Base(BaseType::Double) => "(D)Ljava/lang/String;",
                        _ => "(Ljava/lang/Object;)Ljava/lang/String;",
                    };
                    let src = self.stk(base + k);
                    match self.cv.plan(InvKind::Static, "java/lang/String", "valueOf", sig, &from) {
                        Ok(p) => {
                            let method = self.cv.b.method(&p.class, &p.name, &p.sig);
                            self.emit(Insn::Call { d: into, method, args: src, n: 1 });
                        }
                        Err(e) => return self.err(e),
                    }
                }
            }
            if have {
                let method = self.cv.b.method("java/lang/String", "concat", "(Ljava/lang/String;)Ljava/lang/String;");
                self.emit(Insn::Call { d: acc, method, args: acc, n: 2 });
            }
            have = true;
        }
        if !have {
            let s = self.cv.b.string("");
            self.emit(Insn::ConstS { d: acc, s });
        }
        self.emit(Insn::Mov { d: self.stk(base), s: acc });
    }

    /// A lambda or method reference: a new class per call site.
    fn lambda(&mut self, sam_name: &str, desc: &MethodDescriptor, args: &[Loadable], alt: bool, base: usize) {
        let (sam_type, implm, inst_type) = match args {
            [Loadable::MethodType(s), Loadable::MethodHandle(h), Loadable::MethodType(i), ..] => (*s, *h, *i),
            _ => return self.err("LambdaMetafactory with unexpected arguments".to_string()),
        };
        let Some(FieldType::Object(iface)) = &desc.ret else {
            return self.err("LambdaMetafactory call site does not return an interface".to_string());
        };
        let mut interfaces = vec![iface.clone()];
        let mut bridges: Vec<String> = Vec::new();
        if alt {
            let fl = match args.get(3) {
                Some(Loadable::Int(f)) => *f,
                _ => 0,
            };
            let mut k = 4;
            if fl & FLAG_SERIALIZABLE != 0 {
                interfaces.push("java/io/Serializable".to_string());
            }
            if fl & FLAG_MARKERS != 0 {
                let count = match args.get(k) {
                    Some(Loadable::Int(c)) => *c as usize,
                    _ => 0,
                };
                for a in args.iter().skip(k + 1).take(count) {
                    if let Loadable::Class(c) = a {
                        if !interfaces.iter().any(|i| i == c) {
                            interfaces.push(c.to_string());
                        }
                    }
                }
                k += 1 + count;
            }
            if fl & FLAG_BRIDGES != 0 {
                let count = match args.get(k) {
                    Some(Loadable::Int(c)) => *c as usize,
                    _ => 0,
                };
                for a in args.iter().skip(k + 1).take(count) {
                    if let Loadable::MethodType(t) = a {
                        if *t != sam_type {
                            bridges.push(t.to_string());
                        }
                    }
                }
            }
        }
        let outer = self.cf.this_class.clone();
        let count = self.cv.lambdas.entry(outer.clone()).or_insert(0);
        let name = format!("{outer}$$Lambda${count}");
        *count += 1;
        let made = make_lambda_class(self.cv, &name, &interfaces, sam_name, sam_type, &bridges, &implm, inst_type, desc, &outer);
        match made {
            Ok(def) => self.cv.b.synthetic.push(def),
            Err(e) => return self.err(e),
        }
        let ds = desc_string(desc);
        let (params, _) = split_desc(&ds);
        let sig = format!("({params})L{name};");
        let method = self.cv.b.method(&name, "$new", &sig);
        let args = self.stk(base);
        self.emit(Insn::Call { d: self.stk(base), method, args, n: desc.params.len() as u16 });
    }

    /// `toString`, `hashCode` or `equals` of a record.
    fn record_method(&mut self, name: &str, desc: &MethodDescriptor, args: &[Loadable], base: usize) {
        let (Some(Loadable::Class(rec)), Some(Loadable::String(names))) = (args.first(), args.get(1)) else {
            return self.err("ObjectMethods.bootstrap with unexpected arguments".to_string());
        };
        let rec = rec.to_string();
        let names: Vec<&str> = if names.is_empty() { Vec::new() } else { names.split(';').collect() };
        let mut getters = Vec::new();
        for a in &args[2..] {
            match a {
                Loadable::MethodHandle(h) if h.kind == ReferenceKind::GetField => {
                    getters.push((h.member.name.to_string(), h.member.descriptor.to_string()))
                }
                _ => return self.err("ObjectMethods.bootstrap with a getter that is not a field".to_string()),
            }
        }
        let this = self.stk(base);
        let from = self.cf.this_class.clone();
        let simple = rec.rsplit(['/', '$']).next().unwrap_or(&rec).to_string();
        match name {
            "toString" => {
                // Rec[a=1, b=x]
                let acc = self.temps(2);
                let piece = acc + 1;
                let s = self.cv.b.string(&format!("{simple}["));
                self.emit(Insn::ConstS { d: acc, s });
                let concat = self.cv.b.method("java/lang/String", "concat", "(Ljava/lang/String;)Ljava/lang/String;");
                for (k, (f, fd)) in getters.iter().enumerate() {
                    let label = format!("{}{}=", if k > 0 { ", " } else { "" }, names.get(k).copied().unwrap_or(f));
                    let s = self.cv.b.string(&label);
                    self.emit(Insn::ConstS { d: piece, s });
                    self.emit(Insn::Call { d: acc, method: concat, args: acc, n: 2 });
                    let t = match FieldType::parse(fd) {
                        Ok(t) => t,
                        Err(e) => return self.err(format!("{e}")),
                    };
                    let v = self.temp();
                    let field = self.cv.b.field(&rec, f, kind_of(&t), false);
                    self.emit(Insn::GetField { d: v, o: this, field });
                    let sig = match &t {
                        FieldType::Base(BaseType::Byte | BaseType::Short | BaseType::Int) => "(I)Ljava/lang/String;".to_string(),
                        FieldType::Base(b) => format!("({})Ljava/lang/String;", b.descriptor_char()),
                        _ => "(Ljava/lang/Object;)Ljava/lang/String;".to_string(),
                    };
                    match self.cv.plan(InvKind::Static, "java/lang/String", "valueOf", &sig, &from) {
                        Ok(p) => {
                            let method = self.cv.b.method(&p.class, &p.name, &p.sig);
                            self.emit(Insn::Call { d: piece, method, args: v, n: 1 });
                        }
                        Err(e) => return self.err(e),
                    }
                    self.emit(Insn::Call { d: acc, method: concat, args: acc, n: 2 });
                }
                let s = self.cv.b.string("]");
                self.emit(Insn::ConstS { d: piece, s });
                self.emit(Insn::Call { d: acc, method: concat, args: acc, n: 2 });
                self.emit(Insn::Mov { d: this, s: acc });
            }
            "hashCode" => {
                let h = self.temp();
                let v = self.temp();
                self.emit(Insn::ConstI { d: h, v: 0 });
                for (f, fd) in &getters {
                    let t = match FieldType::parse(fd) {
                        Ok(t) => t,
                        Err(e) => return self.err(format!("{e}")),
                    };
                    let field = self.cv.b.field(&rec, f, kind_of(&t), false);
                    self.emit(Insn::GetField { d: v, o: this, field });
                    let (class, sig) = match &t {
                        FieldType::Base(b) => (box_of(*b), format!("({})I", b.descriptor_char())),
                        _ => ("java/util/Objects", "(Ljava/lang/Object;)I".to_string()),
                    };
                    match self.cv.plan(InvKind::Static, class, "hashCode", &sig, &from) {
                        Ok(p) => {
                            let method = self.cv.b.method(&p.class, &p.name, &p.sig);
                            self.emit(Insn::Call { d: v, method, args: v, n: 1 });
                        }
                        Err(e) => return self.err(e),
                    }
                    self.emit(Insn::BinI { op: BinOp::IMul, d: h, a: h, imm: 31 });
                    self.emit(Insn::Bin { op: BinOp::IAdd, d: h, a: h, b: v });
                }
                self.emit(Insn::Mov { d: this, s: h });
            }
            "equals" => {
                // this, other: same class and every component equal.
                let other = self.stk(base + 1);
                let res = self.temp();
                let a = self.temps(2);
                let b = a + 1;
                let no = self.new_label();
                let done = self.new_label();
                let class = self.cv.b.class(&rec);
                self.emit(Insn::InstanceOf { d: res, s: other, class });
                self.branch(Insn::IfZ { c: Cond::Eq, a: res, t: 0 }, no);
                for (f, fd) in &getters {
                    let t = match FieldType::parse(fd) {
                        Ok(t) => t,
                        Err(e) => return self.err(format!("{e}")),
                    };
                    let field = self.cv.b.field(&rec, f, kind_of(&t), false);
                    self.emit(Insn::GetField { d: a, o: this, field });
                    self.emit(Insn::GetField { d: b, o: other, field });
                    match &t {
                        FieldType::Base(BaseType::Float | BaseType::Double) => {
                            let (class, sig) = match &t {
                                FieldType::Base(BaseType::Float) => ("java/lang/Float", "(FF)I"),
                                _ => ("java/lang/Double", "(DD)I"),
                            };
                            match self.cv.plan(InvKind::Static, class, "compare", sig, &from) {
                                Ok(p) => {
                                    let method = self.cv.b.method(&p.class, &p.name, &p.sig);
                                    self.emit(Insn::Call { d: res, method, args: a, n: 2 });
                                }
                                Err(e) => return self.err(e),
                            }
                            self.branch(Insn::IfZ { c: Cond::Ne, a: res, t: 0 }, no);
                        }
                        FieldType::Base(_) => self.branch(Insn::If { c: Cond::Ne, a, b, t: 0 }, no),
                        _ => {
                            match self.cv.plan(InvKind::Static, "java/util/Objects", "equals", "(Ljava/lang/Object;Ljava/lang/Object;)Z", &from) {
                                Ok(p) => {
                                    let method = self.cv.b.method(&p.class, &p.name, &p.sig);
                                    self.emit(Insn::Call { d: res, method, args: a, n: 2 });
                                }
                                Err(e) => return self.err(e),
                            }
                            self.branch(Insn::IfZ { c: Cond::Eq, a: res, t: 0 }, no);
                        }
                    }
                }
                self.emit(Insn::ConstI { d: res, v: 1 });
                self.branch(Insn::Jmp { t: 0 }, done);
                self.bind(no);
                self.emit(Insn::ConstI { d: res, v: 0 });
                self.bind(done);
                self.emit(Insn::Mov { d: this, s: res });
            }
            other => self.err(format!("ObjectMethods.bootstrap for `{other}` is not supported")),
        }
        let _ = desc;
    }
}

fn desc_string(d: &MethodDescriptor) -> String {
    format!("{d}")
}

/// Makes the class of a lambda call site.
#[allow(clippy::too_many_arguments)]
fn make_lambda_class(
    cv: &mut Conv,
    name: &str,
    interfaces: &[String],
    sam_name: &str,
    sam_type: &str,
    bridges: &[String],
    implm: &MethodHandleRef,
    inst_type: &str,
    site: &MethodDescriptor,
    outer: &str,
) -> Result<ClassDef, String> {
    let e = |x: crate::Error| format!("{x}");
    let caps = &site.params;
    let fields: Vec<FieldDef> = caps
        .iter()
        .enumerate()
        .map(|(i, t)| FieldDef {
            name: format!("c{i}"),
            kind: kind_of(t),
            is_static: false,
        })
        .collect();
    // $new: allocate and fill.
    let mut code = Vec::new();
    let obj = caps.len() as Reg;
    let class = cv.b.class(name);
    code.push(Insn::New { d: obj, class });
    for (i, t) in caps.iter().enumerate() {
        let field = cv.b.field(name, &format!("c{i}"), kind_of(t), false);
        code.push(Insn::PutField { o: obj, field, s: i as Reg });
    }
    code.push(Insn::Ret { s: obj });
    let ds = desc_string(site);
    let (cparams, _) = split_desc(&ds);
    let mut methods = vec![MethodDef {
        name: "$new".to_string(),
        sig: format!("({cparams})L{name};"),
        flags: flags::STATIC,
        nregs: caps.len() as u16 + 1,
        code,
        ..MethodDef::default()
    }];
    let inst = MethodDescriptor::parse(inst_type).map_err(e)?;
    let mut sigs = vec![sam_type.to_string()];
    sigs.extend(bridges.iter().cloned());
    for sig in sigs {
        let sam = MethodDescriptor::parse(&sig).map_err(e)?;
        let body = lambda_body(cv, name, caps, &sam, &inst, implm, outer)?;
        methods.push(MethodDef {
            name: sam_name.to_string(),
            sig: sig.clone(),
            flags: 0,
            nregs: body.1,
            code: body.0,
            ..MethodDef::default()
        });
    }
    Ok(ClassDef {
        name: name.to_string(),
        superclass: Some("java/lang/Object".to_string()),
        interfaces: interfaces.to_vec(),
        flags: flags::FINAL,
        fields,
        methods,
    })
}

/// The body of the functional method: captured values and arguments,
/// adapted, into the target.
fn lambda_body(
    cv: &mut Conv,
    name: &str,
    caps: &[FieldType],
    sam: &MethodDescriptor,
    inst: &MethodDescriptor,
    implm: &MethodHandleRef,
    outer: &str,
) -> Result<(Vec<Insn>, u16), String> {
    let e = |x: crate::Error| format!("{x}");
    let target = MethodDescriptor::parse(implm.member.descriptor).map_err(e)?;
    let kind = implm.kind;
    // The target's full parameter list (receiver first for instance methods).
    let mut tparams: Vec<FieldType> = Vec::new();
    let has_recv = matches!(kind, ReferenceKind::InvokeVirtual | ReferenceKind::InvokeInterface | ReferenceKind::InvokeSpecial);
    if has_recv {
        tparams.push(FieldType::Object(implm.member.class.to_string()));
    }
    tparams.extend(target.params.iter().cloned());
    let ncaps = caps.len();
    if ncaps + sam.params.len() != tparams.len() {
        return Err(format!(
            "lambda target {}.{}{} does not take the {} captured and {} passed values",
            implm.member.class,
            implm.member.name,
            implm.member.descriptor,
            ncaps,
            sam.params.len()
        ));
    }
    // r0 = this, r1.. = the functional method's arguments.
    let first = 1 + sam.params.len() as Reg;
    let mut c = Code::new(cv, first);
    let newobj = c.reg();
    let args = c.next;
    c.next += tparams.len() as Reg;
    c.max = c.max.max(c.next);
    for (i, t) in caps.iter().enumerate() {
        let field = c.cv.b.field(name, &format!("c{i}"), kind_of(t), false);
        c.emit(Insn::GetField { d: args + i as Reg, o: 0, field });
    }
    for (j, from) in sam.params.iter().enumerate() {
        let to = &tparams[ncaps + j];
        c.adapt(1 + j as Reg, from, to, inst.params.get(j), args + (ncaps + j) as Reg, outer);
    }
    let n = tparams.len() as u16;
    let (class, mname, mdesc) = (implm.member.class, implm.member.name, implm.member.descriptor);
    // The value the target produces, and its type.
    let res = c.reg();
    let rtype: Option<FieldType> = match kind {
        ReferenceKind::InvokeStatic => {
            let d = if target.ret.is_some() { res } else { NO_REG };
            c.call(InvKind::Static, class, mname, mdesc, d, args, n, outer);
            target.ret.clone()
        }
        ReferenceKind::InvokeVirtual | ReferenceKind::InvokeInterface | ReferenceKind::InvokeSpecial => {
            let d = if target.ret.is_some() { res } else { NO_REG };
            let private = c.cv.env.find_method(class, mname, mdesc).is_some_and(|(_, f)| f.is_private);
            let k = match kind {
                ReferenceKind::InvokeInterface => InvKind::Interface,
                ReferenceKind::InvokeSpecial => InvKind::Special,
                _ if private => InvKind::Special,
                _ => InvKind::Virtual,
            };
            c.call(k, class, mname, mdesc, d, args, n, outer);
            target.ret.clone()
        }
        ReferenceKind::NewInvokeSpecial => {
            if class == "java/lang/String" {
                let (params, _) = split_desc(mdesc);
                let sig = format!("({params})Ljava/lang/String;");
                let method = c.cv.b.method("phantom/lang/StringMethods", "newString", &sig);
                c.emit(Insn::Call { d: res, method, args, n });
            } else {
                // The object goes just before the arguments.
                let cls = c.cv.b.class(class);
                c.emit(Insn::New { d: newobj, class: cls });
                let method = c.cv.b.method(class, "<init>", mdesc);
                c.emit(Insn::Call { d: NO_REG, method, args: newobj, n: n + 1 });
                c.emit(Insn::Mov { d: res, s: newobj });
            }
            Some(FieldType::Object(class.to_string()))
        }
        other => return Err(format!("lambda target of kind {other:?} is not supported")),
    };
    match (&sam.ret, rtype) {
        (None, _) => c.emit(Insn::RetVoid),
        (Some(_), None) => return Err("a lambda whose target returns nothing must return nothing".to_string()),
        (Some(want), Some(have)) => {
            let out = c.reg();
            c.adapt(res, &have, want, inst.ret.as_ref(), out, outer);
            c.emit(Insn::Ret { s: out });
        }
    }
    let (code, max, errs) = c.finish();
    if let Some(e) = errs.into_iter().next() {
        return Err(e);
    }
    let _ = newobj;
    Ok((code, max))
}

