//! The converter's second half: class files to one Phantom [`Module`].
//!
//! [`convert`] takes parsed class files (a program, or the class library) and
//! an [`Env`] describing the classes already in the world, and produces a
//! module the VM's verifier accepts, or every problem found, each naming the
//! class, the method and the bytecode offset.
//!
//! The per-method translation is in `method.rs`, `invokedynamic` (string
//! concatenation, lambdas, records) in `indy.rs`.

mod env;
mod indy;
mod method;
mod opt;

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use phantom_vm::insn::{Insn, Kind};
use phantom_vm::module::{flags, ClassDef, FieldDef, FieldRef, MethodDef, MethodRef, Module};

pub use env::{kind_of, ClassInfo, Env, MethodFlags, Origin};

use crate::{ClassAccess, ClassFile, FieldAccess, MethodAccess};

/// Something the converter cannot translate, and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConvertError {
    /// The class (internal name).
    pub class: String,
    /// The method's name and descriptor (`main([Ljava/lang/String;)V`), empty
    /// for class-level problems.
    pub method: String,
    /// The bytecode offset of the instruction.
    pub offset: Option<u32>,
    pub msg: String,
}

impl fmt::Display for ConvertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.class)?;
        if !self.method.is_empty() {
            write!(f, ".{}", self.method)?;
        }
        if let Some(o) = self.offset {
            write!(f, " at offset {o}")?;
        }
        write!(f, ": {}", self.msg)
    }
}

impl core::error::Error for ConvertError {}

/// How to convert.
#[derive(Clone, Debug)]
pub struct Options {
    /// The module's name.
    pub name: String,
    /// Classes of the input that the environment already defines (the boot
    /// module's `java/lang/Object`, `phantom/Console`, ...) are declarations
    /// for `javac` only: skip them instead of reporting them. The class
    /// library sets this; programs do not.
    pub skip_defined: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            name: "app".to_string(),
            skip_defined: false,
        }
    }
}

/// Library classes that stand in for members the boot module's classes lack:
/// a call of `java/lang/String.indexOf(I)I`, which the boot module does not
/// define, becomes a call of the static `phantom/lang/StringMethods.indexOf(Ljava/lang/String;I)I`.
pub const HELPERS: &[(&str, &str)] = &[
    ("java/lang/String", "phantom/lang/StringMethods"),
    ("java/lang/Throwable", "phantom/lang/ThrowableMethods"),
    ("java/lang/Object", "phantom/lang/ObjectMethods"),
];

/// The helper class for members of boot class `class`.
pub fn helper_of(class: &str) -> Option<&'static str> {
    HELPERS.iter().find(|(c, _)| *c == class).map(|(_, h)| *h)
}

/// Where a reference was first used, for error messages.
#[derive(Clone, Debug)]
struct Site {
    class: String,
    method: String,
    offset: Option<u32>,
}

/// The module being built: interned tables and the classes so far.
pub(crate) struct Builder {
    m: Module,
    strings: BTreeMap<String, u32>,
    class_refs: BTreeMap<String, u32>,
    field_refs: BTreeMap<(u32, String, bool), u32>,
    method_refs: BTreeMap<(u32, String, String), u32>,
    class_sites: BTreeMap<u32, Site>,
    field_sites: BTreeMap<u32, Site>,
    method_sites: BTreeMap<u32, Site>,
    /// Classes made by the converter (lambdas).
    synthetic: Vec<ClassDef>,
    site: Site,
}

impl Builder {
    fn new(name: &str) -> Builder {
        Builder {
            m: Module {
                name: name.to_string(),
                ..Module::default()
            },
            strings: BTreeMap::new(),
            class_refs: BTreeMap::new(),
            field_refs: BTreeMap::new(),
            method_refs: BTreeMap::new(),
            class_sites: BTreeMap::new(),
            field_sites: BTreeMap::new(),
            method_sites: BTreeMap::new(),
            synthetic: Vec::new(),
            site: Site {
                class: String::new(),
                method: String::new(),
                offset: None,
            },
        }
    }

    pub(crate) fn string(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.strings.get(s) {
            return i;
        }
        let i = self.m.strings.len() as u32;
        self.m.strings.push(s.to_string());
        self.strings.insert(s.to_string(), i);
        i
    }

    pub(crate) fn class(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.class_refs.get(name) {
            return i;
        }
        let i = self.m.class_refs.len() as u32;
        self.m.class_refs.push(name.to_string());
        self.class_refs.insert(name.to_string(), i);
        self.class_sites.insert(i, self.site.clone());
        i
    }

    pub(crate) fn field(&mut self, class: &str, name: &str, kind: Kind, is_static: bool) -> u32 {
        let c = self.class(class);
        let key = (c, name.to_string(), is_static);
        if let Some(&i) = self.field_refs.get(&key) {
            return i;
        }
        let i = self.m.field_refs.len() as u32;
        self.m.field_refs.push(FieldRef {
            class: c,
            name: name.to_string(),
            kind,
            is_static,
        });
        self.field_refs.insert(key, i);
        self.field_sites.insert(i, self.site.clone());
        i
    }

    pub(crate) fn method(&mut self, class: &str, name: &str, sig: &str) -> u32 {
        let c = self.class(class);
        let key = (c, name.to_string(), sig.to_string());
        if let Some(&i) = self.method_refs.get(&key) {
            return i;
        }
        let i = self.m.method_refs.len() as u32;
        self.m.method_refs.push(MethodRef {
            class: c,
            name: name.to_string(),
            sig: sig.to_string(),
        });
        self.method_refs.insert(key, i);
        self.method_sites.insert(i, self.site.clone());
        i
    }

    fn set_site(&mut self, class: &str, method: &str, offset: Option<u32>) {
        self.site = Site {
            class: class.to_string(),
            method: method.to_string(),
            offset,
        };
    }
}

/// The converter's state across classes.
pub(crate) struct Conv {
    pub(crate) env: Env,
    pub(crate) b: Builder,
    pub(crate) errors: Vec<ConvertError>,
    /// Number of lambda classes made per outer class.
    pub(crate) lambdas: BTreeMap<String, u32>,
}

/// Converts `classes` into one module. `env` holds the classes already in
/// the world (at least the boot module: [`Env::boot`]).
pub fn convert(classes: &[ClassFile], env: &Env, opts: &Options) -> Result<Module, Vec<ConvertError>> {
    let mut env = env.clone();
    let mut errors = Vec::new();
    let mut input: Vec<&ClassFile> = Vec::new();
    let mut names = BTreeSet::new();
    for cf in classes {
        let err = |msg: String| ConvertError {
            class: cf.this_class.clone(),
            method: String::new(),
            offset: None,
            msg,
        };
        if cf.access.contains(ClassAccess::MODULE) || cf.this_class.ends_with("module-info") {
            continue;
        }
        if !names.insert(cf.this_class.clone()) {
            errors.push(err("the class is given twice".to_string()));
            continue;
        }
        if let Some(info) = env.get(&cf.this_class) {
            if opts.skip_defined {
                continue;
            }
            let by = match info.origin {
                Origin::Boot => "the VM's boot module",
                _ => "a module already loaded (the class library)",
            };
            errors.push(err(format!("the class is already defined by {by}")));
            continue;
        }
        input.push(cf);
    }
    for cf in &input {
        env.add_class_file(cf);
    }
    let mut cv = Conv {
        env,
        b: Builder::new(&opts.name),
        errors,
        lambdas: BTreeMap::new(),
    };
    let mut defs = Vec::new();
    for cf in &input {
        defs.push(cv.class(cf));
    }
    defs.append(&mut cv.b.synthetic);
    let defs = order_classes(defs);
    cv.b.m.classes = defs;
    cv.check_references();
    if cv.errors.is_empty() {
        // What javac emits always verifies; a class file whose code is not
        // type-correct (hand-made or damaged) is caught here, not at load.
        if let Err(e) = phantom_vm::verify::verify(&cv.b.m) {
            cv.errors.push(ConvertError {
                class: e.class.clone(),
                method: e.method.clone(),
                offset: None,
                msg: format!(
                    "the converted code does not verify (the class file's code is not type-correct): {}{}",
                    e.pc.map(|p| format!("at Phantom pc {p}: ")).unwrap_or_default(),
                    e.msg
                ),
            });
        }
    }
    if cv.errors.is_empty() {
        Ok(cv.b.m)
    } else {
        Err(cv.errors)
    }
}

/// Superclasses and interfaces before the classes that use them (the linker
/// requires it within a module); otherwise input order.
fn order_classes(defs: Vec<ClassDef>) -> Vec<ClassDef> {
    let index: BTreeMap<String, usize> = defs.iter().enumerate().map(|(i, c)| (c.name.clone(), i)).collect();
    let mut done = alloc::vec![false; defs.len()];
    let mut visiting = alloc::vec![false; defs.len()];
    let mut order = Vec::with_capacity(defs.len());
    fn visit(
        i: usize,
        defs: &[ClassDef],
        index: &BTreeMap<String, usize>,
        done: &mut [bool],
        visiting: &mut [bool],
        order: &mut Vec<usize>,
    ) {
        if done[i] || visiting[i] {
            return;
        }
        visiting[i] = true;
        let c = &defs[i];
        for dep in c.superclass.iter().chain(c.interfaces.iter()) {
            if let Some(&j) = index.get(dep) {
                visit(j, defs, index, done, visiting, order);
            }
        }
        visiting[i] = false;
        done[i] = true;
        order.push(i);
    }
    for i in 0..defs.len() {
        visit(i, &defs, &index, &mut done, &mut visiting, &mut order);
    }
    let mut slots: Vec<Option<ClassDef>> = defs.into_iter().map(Some).collect();
    order.into_iter().map(|i| slots[i].take().unwrap()).collect()
}

impl Conv {
    pub(crate) fn error(&mut self, class: &str, method: &str, offset: Option<u32>, msg: String) {
        self.errors.push(ConvertError {
            class: class.to_string(),
            method: method.to_string(),
            offset,
            msg,
        });
    }

    fn class(&mut self, cf: &ClassFile) -> ClassDef {
        let mut flags_ = 0;
        if cf.is_interface() {
            flags_ |= flags::INTERFACE | flags::ABSTRACT;
        } else if cf.access.contains(ClassAccess::ABSTRACT) {
            flags_ |= flags::ABSTRACT;
        }
        if cf.access.contains(ClassAccess::FINAL) {
            flags_ |= flags::FINAL;
        }
        let superclass = match &cf.super_class {
            Some(s) => Some(s.clone()),
            None if cf.this_class == "java/lang/Object" => None,
            None => Some("java/lang/Object".to_string()),
        };
        let fields = cf
            .fields
            .iter()
            .map(|f| FieldDef {
                name: f.name.clone(),
                kind: kind_of(&f.field_type),
                is_static: f.access.contains(FieldAccess::STATIC),
            })
            .collect();
        let mut methods = Vec::new();
        let has_constants = cf
            .fields
            .iter()
            .any(|f| f.access.contains(FieldAccess::STATIC) && f.constant_value.is_some());
        let mut has_clinit = false;
        for mi in &cf.methods {
            // Deserialisation of lambdas (Phantom has no Java serialisation).
            if mi.name == "$deserializeLambda$" {
                continue;
            }
            if mi.name == "<clinit>" {
                has_clinit = true;
            }
            if let Some(md) = self.method(cf, mi) {
                methods.push(md);
            }
        }
        if has_constants && !has_clinit {
            methods.push(method::synthetic_clinit(self, cf));
        }
        ClassDef {
            name: cf.this_class.clone(),
            superclass,
            interfaces: cf.interfaces.clone(),
            flags: flags_,
            fields,
            methods,
        }
    }

    fn method(&mut self, cf: &ClassFile, mi: &crate::MethodInfo) -> Option<MethodDef> {
        let mut fl = 0;
        if mi.access.contains(MethodAccess::STATIC) {
            fl |= flags::STATIC;
        }
        if mi.access.contains(MethodAccess::NATIVE) {
            fl |= flags::NATIVE;
        }
        if mi.access.contains(MethodAccess::ABSTRACT) {
            fl |= flags::ABSTRACT;
        }
        // Static ones are locked by their code (see method.rs).
        if mi.access.contains(MethodAccess::SYNCHRONIZED) && fl & (flags::ABSTRACT | flags::STATIC) == 0 {
            fl |= flags::SYNCHRONIZED;
        }
        if mi.access.contains(MethodAccess::FINAL) && fl & flags::ABSTRACT == 0 {
            fl |= flags::FINAL;
        }
        let mut md = MethodDef {
            name: mi.name.clone(),
            sig: mi.descriptor.clone(),
            flags: fl,
            ..MethodDef::default()
        };
        if mi.code.is_none() {
            return Some(md);
        }
        let label = format!("{}{}", mi.name, mi.descriptor);
        match method::convert_method(self, cf, mi) {
            Ok(body) => {
                md.nregs = body.nregs;
                md.code = body.code;
                md.handlers = body.handlers;
                md.tables = body.tables;
                md.lines = body.lines;
                Some(md)
            }
            Err(errs) => {
                for (offset, msg) in errs {
                    self.error(&cf.this_class, &label, offset, msg);
                }
                // Keep the module well-formed for whoever looks at it anyway.
                md.nregs = (mi.method_type.params.len() + 1) as u16;
                md.code = alloc::vec![Insn::Null { d: 0 }, Insn::Throw { s: 0 }];
                Some(md)
            }
        }
    }

    /// Checks that every class, field and method the module refers to exists
    /// in the module or the environment, with a fitting shape.
    fn check_references(&mut self) {
        // The module's own classes, including synthetic ones, are known by now.
        let mut env = self.env.clone();
        let own = Module {
            classes: self.b.m.classes.clone(),
            ..Module::default()
        };
        // Input classes are already in the environment (with private flags);
        // add only what the converter made.
        for c in &own.classes {
            if env.get(&c.name).is_none() {
                env.add_module(
                    &Module {
                        classes: alloc::vec![c.clone()],
                        ..Module::default()
                    },
                    Origin::Input,
                );
            }
        }
        let m = &self.b.m;
        let mut errs = Vec::new();
        let mut missing_classes = BTreeSet::new();
        for (i, name) in m.class_refs.iter().enumerate() {
            if !env.knows(name) {
                let site = &self.b.class_sites[&(i as u32)];
                missing_classes.insert(name.clone());
                errs.push((site.clone(), format!("class {name} is not in Phantom's class library")));
            }
        }
        for (i, f) in m.field_refs.iter().enumerate() {
            let owner = &m.class_refs[f.class as usize];
            if missing_classes.contains(owner) {
                continue;
            }
            let site = &self.b.field_sites[&(i as u32)];
            match env.find_field(owner, &f.name, f.is_static) {
                None => errs.push((
                    site.clone(),
                    format!(
                        "{}field {owner}.{} is not in Phantom's class library",
                        if f.is_static { "static " } else { "" },
                        f.name
                    ),
                )),
                Some((_, k)) if k != f.kind => {
                    errs.push((site.clone(), format!("field {owner}.{} has another type", f.name)))
                }
                _ => {}
            }
        }
        for (i, r) in m.method_refs.iter().enumerate() {
            let owner = &m.class_refs[r.class as usize];
            if missing_classes.contains(owner) {
                continue;
            }
            if env.find_method(owner, &r.name, &r.sig).is_none() {
                let site = &self.b.method_sites[&(i as u32)];
                errs.push((
                    site.clone(),
                    format!("method {owner}.{}{} is not in Phantom's class library", r.name, r.sig),
                ));
            }
        }
        for (site, msg) in errs {
            self.error(&site.class, &site.method, site.offset, msg);
        }
    }
}
