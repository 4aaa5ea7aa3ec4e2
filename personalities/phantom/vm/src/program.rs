//! Loaded code: classes, methods, and modules linked against each other.
//!
//! This is the VM's transient view of the code; the code itself persists as
//! module bytes in the heap (see `world/mod.rs`). Linking is deterministic: class
//! and method ids are handed out in load order, and array classes are
//! interned while linking, so reloading the same modules in the same order
//! after a restart gives every class and method the id it had, and the ids in
//! object headers and saved frames stay valid.

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::heap::Ref;
use crate::insn::{Elem, Insn, Kind};
use crate::module::{flags, parse_sig, Handler, Module};
use crate::natives::{self, Native};
use crate::object;
use crate::verify::{self, Verified};

pub type ClassId = u32;
pub type MethodId = u32;
pub type Selector = u32;

pub const OBJECT: &str = "java/lang/Object";
pub const STRING: &str = "java/lang/String";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Instance,
    Str,
    /// An array of primitives.
    Array(Elem),
    /// An array of references to the element class.
    RefArray(ClassId),
    /// Free chunks and statics objects (ids 0 and 1).
    Internal,
}

#[derive(Clone, Debug)]
pub struct Class {
    pub name: String,
    pub superclass: Option<ClassId>,
    pub interfaces: Vec<ClassId>,
    pub flags: u32,
    pub shape: Shape,
    /// Instance field slots, inherited ones first.
    pub nfields: u32,
    /// Word offsets (from the object start) of reference fields.
    pub ref_fields: Vec<u32>,
    /// Declared instance fields: name -> (word offset, kind).
    pub fields: BTreeMap<String, (u32, Kind)>,
    /// Static fields: name -> (word offset in the statics object, kind).
    pub statics: BTreeMap<String, (u32, Kind)>,
    pub static_refs: Vec<u32>,
    pub nstatics: u32,
    /// Methods declared here: (name, descriptor) -> id.
    pub methods: BTreeMap<(String, String), MethodId>,
    /// Virtual dispatch: selector -> implementation (inherited included).
    pub vtable: BTreeMap<Selector, MethodId>,
    pub clinit: Option<MethodId>,
    /// Index of this class's statics object in the world's statics table.
    pub defined_by: Option<u32>,
}

impl Class {
    fn internal(name: &str, shape: Shape) -> Class {
        Class {
            name: name.to_string(),
            superclass: None,
            interfaces: Vec::new(),
            flags: 0,
            shape,
            nfields: 0,
            ref_fields: Vec::new(),
            fields: BTreeMap::new(),
            statics: BTreeMap::new(),
            static_refs: Vec::new(),
            nstatics: 0,
            methods: BTreeMap::new(),
            vtable: BTreeMap::new(),
            clinit: None,
            defined_by: None,
        }
    }
    pub fn is_interface(&self) -> bool {
        self.flags & flags::INTERFACE != 0
    }
}

pub struct Method {
    pub class: ClassId,
    pub name: String,
    pub sig: String,
    pub flags: u32,
    /// Argument registers, `this` included.
    pub nargs: u16,
    pub arg_kinds: Vec<Kind>,
    pub ret: Option<Kind>,
    pub nregs: u16,
    pub code: Box<[Insn]>,
    pub handlers: Box<[Handler]>,
    pub tables: Box<[crate::insn::SwitchTable]>,
    pub lines: Box<[(u32, u32)]>,
    pub verified: Verified,
    pub module: u32,
    pub selector: Selector,
    pub native: Option<Native>,
    /// A static `<clinit>` (its return marks the class initialised).
    pub is_clinit: bool,
}

impl Method {
    pub fn is_static(&self) -> bool {
        self.flags & flags::STATIC != 0
    }
    pub fn line(&self, pc: u32) -> Option<u32> {
        let i = self.lines.partition_point(|&(p, _)| p <= pc);
        i.checked_sub(1).map(|i| self.lines[i].1)
    }
}

/// A field reference after linking.
#[derive(Clone, Copy, Debug)]
pub struct FieldLink {
    pub class: ClassId,
    pub offset: u32,
    pub kind: Kind,
    pub is_static: bool,
}

/// A method reference after linking.
#[derive(Clone, Copy, Debug)]
pub struct MethodLink {
    /// The method found by static resolution (the target of `Call`).
    pub method: MethodId,
    pub selector: Selector,
}

/// A module after linking.
pub struct Linked {
    pub name: String,
    pub classes: Vec<ClassId>,
    pub fields: Vec<FieldLink>,
    pub methods: Vec<MethodLink>,
    /// The interned string constants (objects in the heap, reachable from the world).
    pub strings: Vec<Ref>,
}

#[derive(Default)]
pub struct Program {
    pub classes: Vec<Class>,
    pub methods: Vec<Method>,
    pub modules: Vec<Linked>,
    /// Classes of the system modules (the boot module and the class
    /// library), seen by every module, and the primitive array classes.
    pub by_name: BTreeMap<String, ClassId>,
    /// Each module's own classes (empty for system modules): programs may
    /// use the same class names (every Java program has its `Main`).
    pub scopes: Vec<BTreeMap<String, ClassId>>,
    /// The names of the module being linked.
    scope: Option<BTreeMap<String, ClassId>>,
    /// Reference array classes by element class.
    arrays: BTreeMap<ClassId, ClassId>,
    selectors: BTreeMap<(String, String), Selector>,
    /// Classes whose statics object exists (in definition order); index = statics slot.
    pub with_statics: Vec<ClassId>,
    /// Well-known classes, found once the boot module is linked.
    pub wk: WellKnown,
}

#[derive(Default, Clone, Copy)]
pub struct WellKnown {
    pub object: ClassId,
    pub string: ClassId,
    pub object_array: ClassId,
    pub long_array: ClassId,
    pub throwable: ClassId,
    pub throwable_message: u32,
}

/// A link error: the module refers to something that does not exist or does not fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkError(pub String);

impl core::fmt::Display for LinkError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Program {
    pub fn new() -> Program {
        let mut p = Program::default();
        p.classes.push(Class::internal("<free>", Shape::Internal));
        p.classes.push(Class::internal("<statics>", Shape::Internal));
        p
    }

    pub fn class(&self, id: ClassId) -> &Class {
        &self.classes[id as usize]
    }

    pub fn selector(&mut self, name: &str, sig: &str) -> Selector {
        let n = self.selectors.len() as Selector;
        *self
            .selectors
            .entry((name.to_string(), sig.to_string()))
            .or_insert(n)
    }

    pub fn find_selector(&self, name: &str, sig: &str) -> Option<Selector> {
        self.selectors.get(&(name.to_string(), sig.to_string())).copied()
    }

    /// The class named `name` as module `module` sees it (its own classes,
    /// then the system's).
    pub fn class_in(&self, module: u32, name: &str) -> Option<ClassId> {
        self.scopes
            .get(module as usize)
            .and_then(|s| s.get(name))
            .or_else(|| self.by_name.get(name))
            .copied()
    }

    /// The class named `name` (in the module being linked, then the
    /// system), interning array classes on the way.
    pub fn resolve_class(&mut self, name: &str) -> Result<ClassId, LinkError> {
        if let Some(&id) = self.scope.as_ref().and_then(|s| s.get(name)) {
            return Ok(id);
        }
        if let Some(&id) = self.by_name.get(name) {
            return Ok(id);
        }
        let Some(elem) = name.strip_prefix('[') else {
            return Err(LinkError(format!("class {name} not found")));
        };
        let shape = match elem {
            "B" | "Z" => Shape::Array(Elem::I8),
            "C" => Shape::Array(Elem::U16),
            "S" => Shape::Array(Elem::I16),
            "I" => Shape::Array(Elem::I32),
            "J" => Shape::Array(Elem::I64),
            "F" => Shape::Array(Elem::F32),
            "D" => Shape::Array(Elem::F64),
            _ if elem.starts_with('[') => {
                let e = self.resolve_class(elem)?;
                return self.array_class_of(e);
            }
            _ => match elem.strip_prefix('L').and_then(|e| e.strip_suffix(';')) {
                Some(c) if !c.is_empty() => {
                    let e = self.resolve_class(c)?;
                    return self.array_class_of(e);
                }
                _ => return Err(LinkError(format!("bad array class name {name}"))),
            },
        };
        Ok(self.new_array_class(name, shape, true))
    }

    fn new_array_class(&mut self, name: &str, shape: Shape, global: bool) -> ClassId {
        let object = self.by_name.get(OBJECT).copied();
        let mut c = Class::internal(name, shape);
        c.superclass = object;
        if let Some(o) = object {
            c.vtable = self.classes[o as usize].vtable.clone();
        }
        let id = self.classes.len() as ClassId;
        self.classes.push(c);
        if global {
            self.by_name.insert(name.to_string(), id);
        }
        id
    }

    /// The array class whose elements are `elem` (interned by element class).
    pub fn array_class_of(&mut self, elem: ClassId) -> Result<ClassId, LinkError> {
        if let Some(&a) = self.arrays.get(&elem) {
            return Ok(a);
        }
        let name = &self.classes[elem as usize].name;
        let n = if name.starts_with('[') {
            format!("[{name}")
        } else {
            format!("[L{name};")
        };
        let id = self.new_array_class(&n, Shape::RefArray(elem), false);
        self.arrays.insert(elem, id);
        Ok(id)
    }

    /// Whether class `a` is `b` or a subtype of it.
    pub fn is_subtype(&self, a: ClassId, b: ClassId) -> bool {
        if a == b || b == self.wk.object {
            return true;
        }
        let (ca, cb) = (self.class(a), self.class(b));
        match (ca.shape, cb.shape) {
            (Shape::RefArray(ea), Shape::RefArray(eb)) => self.is_subtype(ea, eb),
            (Shape::RefArray(_) | Shape::Array(_), _) => false,
            _ => {
                let mut cur = Some(a);
                while let Some(c) = cur {
                    if c == b {
                        return true;
                    }
                    let cls = self.class(c);
                    if cb.is_interface() && cls.interfaces.iter().any(|&i| self.is_subtype(i, b)) {
                        return true;
                    }
                    cur = cls.superclass;
                }
                false
            }
        }
    }

    /// Links `m`: defines its classes and methods, resolves its references.
    /// `strings` interns a string constant (the world allocates it).
    /// On error nothing of the module stays defined.
    /// A system module's classes are seen by every module; a program's
    /// only by itself.
    pub fn link(
        &mut self,
        m: &Module,
        system: bool,
        strings: &mut dyn FnMut(&mut Program, &str) -> Result<Ref, LinkError>,
    ) -> Result<u32, LinkError> {
        let verified = verify::verify(m).map_err(|e| LinkError(format!("{e}")))?;
        let saved = (self.classes.len(), self.methods.len(), self.with_statics.len());
        self.scope = if system { None } else { Some(BTreeMap::new()) };
        let result = self.link_inner(m, verified, strings);
        let scope = self.scope.take().unwrap_or_default();
        match result {
            Ok(i) => {
                self.scopes.push(scope);
                Ok(i)
            }
            Err(e) => {
                let (c, me, s) = saved;
                for (id, cls) in self.classes.drain(c..).enumerate() {
                    let id = (c + id) as ClassId;
                    if self.by_name.get(&cls.name) == Some(&id) {
                        self.by_name.remove(&cls.name);
                    }
                }
                self.arrays.retain(|&e, &mut a| (e as usize) < c && (a as usize) < c);
                self.methods.truncate(me);
                self.with_statics.truncate(s);
                Err(e)
            }
        }
    }

    fn link_inner(
        &mut self,
        m: &Module,
        verified: Vec<Vec<Verified>>,
        strings: &mut dyn FnMut(&mut Program, &str) -> Result<Ref, LinkError>,
    ) -> Result<u32, LinkError> {
        let module_index = self.modules.len() as u32;
        // 1. Define the classes (ids in module order), supers first in the module.
        let first = self.classes.len() as ClassId;
        for c in &m.classes {
            let taken = self.by_name.contains_key(&c.name)
                || self.scope.as_ref().is_some_and(|s| s.contains_key(&c.name));
            if taken {
                return Err(LinkError(format!("class {} is already defined", c.name)));
            }
            let id = self.classes.len() as ClassId;
            let shape = if c.name == STRING { Shape::Str } else { Shape::Instance };
            let mut cls = Class::internal(&c.name, shape);
            cls.flags = c.flags;
            self.classes.push(cls);
            match &mut self.scope {
                Some(scope) => scope.insert(c.name.clone(), id),
                None => self.by_name.insert(c.name.clone(), id),
            };
        }
        for (i, c) in m.classes.iter().enumerate() {
            let id = first + i as ClassId;
            let sup = match &c.superclass {
                Some(s) => Some(self.resolve_class(s)?),
                None if c.name == OBJECT => None,
                None => return Err(LinkError(format!("class {} has no superclass", c.name))),
            };
            if let Some(s) = sup {
                if s >= id && s < first + m.classes.len() as ClassId {
                    return Err(LinkError(format!(
                        "class {} comes before its superclass in the module",
                        c.name
                    )));
                }
                let sc = self.class(s);
                if sc.is_interface() || sc.shape != Shape::Instance && sc.shape != Shape::Str {
                    return Err(LinkError(format!("class {} cannot extend {}", c.name, sc.name)));
                }
                if sc.flags & flags::FINAL != 0 {
                    return Err(LinkError(format!("class {} extends final {}", c.name, sc.name)));
                }
            }
            let mut ifaces = Vec::new();
            for n in &c.interfaces {
                let ic = self.resolve_class(n)?;
                if !self.class(ic).is_interface() {
                    return Err(LinkError(format!("{} implements {n}, not an interface", c.name)));
                }
                ifaces.push(ic);
            }
            // Layout: inherited fields first.
            let (mut nfields, mut ref_fields, mut vtable) = match sup {
                Some(s) => {
                    let sc = self.class(s);
                    (sc.nfields, sc.ref_fields.clone(), sc.vtable.clone())
                }
                None => (0, Vec::new(), BTreeMap::new()),
            };
            let mut fields = BTreeMap::new();
            let mut statics = BTreeMap::new();
            let mut static_refs = Vec::new();
            let mut nstatics = 0u32;
            for f in &c.fields {
                if f.is_static {
                    let off = object::STATICS_FIELDS as u32 + nstatics;
                    nstatics += 1;
                    if f.kind == Kind::Ref {
                        static_refs.push(off);
                    }
                    statics.insert(f.name.clone(), (off, f.kind));
                } else {
                    let off = object::FIELDS as u32 + nfields;
                    nfields += 1;
                    if f.kind == Kind::Ref {
                        ref_fields.push(off);
                    }
                    fields.insert(f.name.clone(), (off, f.kind));
                }
            }
            if self.class(id).shape == Shape::Str && nfields != 0 {
                return Err(LinkError("java/lang/String cannot have instance fields".into()));
            }
            // Methods.
            let mut methods = BTreeMap::new();
            let mut clinit = None;
            for (j, md) in c.methods.iter().enumerate() {
                let (args, ret) = parse_sig(&md.sig)
                    .ok_or_else(|| LinkError(format!("bad descriptor {}", md.sig)))?;
                let mut arg_kinds = Vec::new();
                if !md.is_static() {
                    arg_kinds.push(Kind::Ref);
                }
                arg_kinds.extend(args);
                let native = if md.flags & flags::NATIVE != 0 {
                    Some(natives::find(&c.name, &md.name, &md.sig).ok_or_else(|| {
                        LinkError(format!("no native {}.{}{}", c.name, md.name, md.sig))
                    })?)
                } else {
                    None
                };
                let selector = self.selector(&md.name, &md.sig);
                let mid = self.methods.len() as MethodId;
                self.methods.push(Method {
                    class: id,
                    name: md.name.clone(),
                    sig: md.sig.clone(),
                    flags: md.flags,
                    nargs: arg_kinds.len() as u16,
                    arg_kinds,
                    ret,
                    nregs: md.nregs,
                    code: md.code.clone().into_boxed_slice(),
                    handlers: md.handlers.clone().into_boxed_slice(),
                    tables: md.tables.clone().into_boxed_slice(),
                    lines: md.lines.clone().into_boxed_slice(),
                    verified: verified[i][j].clone(),
                    module: module_index,
                    selector,
                    native,
                    is_clinit: md.name == "<clinit>" && md.is_static(),
                });
                if md.name == "<clinit>" && md.is_static() {
                    clinit = Some(mid);
                }
                if !md.is_static() && md.name != "<init>" {
                    vtable.insert(selector, mid);
                }
                methods.insert((md.name.clone(), md.sig.clone()), mid);
            }
            // Interface default methods fill what the class chain lacks.
            for &ic in &ifaces {
                let defaults: Vec<(Selector, MethodId)> =
                    self.class(ic).vtable.iter().map(|(&s, &m)| (s, m)).collect();
                for (s, mid) in defaults {
                    let concrete = self.methods[mid as usize].flags & flags::ABSTRACT == 0;
                    let entry = vtable.entry(s).or_insert(mid);
                    if concrete && self.methods[*entry as usize].flags & flags::ABSTRACT != 0 {
                        *entry = mid;
                    }
                }
            }
            let static_sync = c
                .methods
                .iter()
                .any(|m| m.is_static() && m.flags & flags::SYNCHRONIZED != 0);
            let statics_slot = if nstatics > 0 || clinit.is_some() || static_sync {
                self.with_statics.push(id);
                Some(self.with_statics.len() as u32 - 1)
            } else {
                None
            };
            let cls = &mut self.classes[id as usize];
            cls.superclass = sup;
            cls.interfaces = ifaces;
            cls.nfields = nfields;
            cls.ref_fields = ref_fields;
            cls.fields = fields;
            cls.statics = statics;
            cls.static_refs = static_refs;
            cls.nstatics = nstatics;
            cls.methods = methods;
            cls.vtable = vtable;
            cls.clinit = clinit;
            cls.defined_by = statics_slot;
        }
        if let (Some(&o), Some(&s)) = (self.by_name.get(OBJECT), self.by_name.get(STRING)) {
            if self.wk.object == 0 {
                self.wk.object = o;
                self.wk.string = s;
                // Every primitive array class now, so that their ids do not
                // depend on when a program first makes one.
                for name in ["[B", "[C", "[S", "[I", "[J", "[F", "[D"] {
                    self.resolve_class(name)?;
                }
                self.wk.object_array = self.resolve_class("[Ljava/lang/Object;")?;
                self.wk.long_array = self.resolve_class("[J")?;
                self.resolve_class("[Ljava/lang/String;")?;
                if let Some(&t) = self.by_name.get("java/lang/Throwable") {
                    self.wk.throwable = t;
                    self.wk.throwable_message = self
                        .class(t)
                        .fields
                        .get("message")
                        .map(|&(off, _)| off)
                        .unwrap_or(0);
                }
            }
        }
        if self.wk.object == 0 {
            return Err(LinkError("the first module must define java/lang/Object and java/lang/String".into()));
        }
        // 2. Resolve references.
        let mut classes = Vec::new();
        for n in &m.class_refs {
            classes.push(self.resolve_class(n)?);
        }
        // Array classes of NewRefArray element classes are interned now, so their
        // ids are fixed by load order.
        for c in &m.classes {
            for md in &c.methods {
                for insn in &md.code {
                    if let Insn::NewRefArray { class, .. } = insn {
                        self.array_class_of(classes[*class as usize])?;
                    }
                }
            }
        }
        let mut fields = Vec::new();
        for f in &m.field_refs {
            let owner = classes[f.class as usize];
            let link = self.find_field(owner, &f.name, f.is_static).ok_or_else(|| {
                LinkError(format!(
                    "{}field {}.{} not found",
                    if f.is_static { "static " } else { "" },
                    self.class(owner).name,
                    f.name
                ))
            })?;
            if link.kind != f.kind {
                return Err(LinkError(format!(
                    "field {}.{} has another kind",
                    self.class(owner).name,
                    f.name
                )));
            }
            fields.push(link);
        }
        let mut methods = Vec::new();
        for r in &m.method_refs {
            let owner = classes[r.class as usize];
            let method = self.find_method(owner, &r.name, &r.sig).ok_or_else(|| {
                LinkError(format!(
                    "method {}.{}{} not found",
                    self.class(owner).name,
                    r.name,
                    r.sig
                ))
            })?;
            let selector = self.selector(&r.name, &r.sig);
            methods.push(MethodLink { method, selector });
        }
        // Static-ness of call sites must match their targets.
        for c in &m.classes {
            for md in &c.methods {
                for (pc, insn) in md.code.iter().enumerate() {
                    let (mref, n, virt) = match *insn {
                        Insn::Call { method, n, .. } => (method, n, false),
                        Insn::CallVirt { method, n, .. } => (method, n, true),
                        _ => continue,
                    };
                    let target = &self.methods[methods[mref as usize].method as usize];
                    if n != target.nargs || (virt && (target.is_static() || target.name == "<init>"))
                    {
                        return Err(LinkError(format!(
                            "{}.{}{} at pc {pc}: call does not fit {}.{}{}",
                            c.name,
                            md.name,
                            md.sig,
                            self.class(target.class).name,
                            target.name,
                            target.sig
                        )));
                    }
                }
            }
        }
        let mut interned = Vec::new();
        for s in &m.strings {
            interned.push(strings(self, s)?);
        }
        self.modules.push(Linked {
            name: m.name.clone(),
            classes,
            fields,
            methods,
            strings: interned,
        });
        Ok(module_index)
    }

    fn find_field(&self, mut class: ClassId, name: &str, is_static: bool) -> Option<FieldLink> {
        loop {
            let c = self.class(class);
            let table = if is_static { &c.statics } else { &c.fields };
            if let Some(&(offset, kind)) = table.get(name) {
                return Some(FieldLink {
                    class,
                    offset,
                    kind,
                    is_static,
                });
            }
            if is_static {
                for &i in &c.interfaces {
                    if let Some(l) = self.find_field(i, name, true) {
                        return Some(l);
                    }
                }
            }
            class = c.superclass?;
        }
    }

    /// Static resolution: the class chain, then superinterfaces.
    pub fn find_method(&self, class: ClassId, name: &str, sig: &str) -> Option<MethodId> {
        let key = (name.to_string(), sig.to_string());
        let mut cur = Some(class);
        while let Some(c) = cur {
            let cls = self.class(c);
            if let Some(&m) = cls.methods.get(&key) {
                return Some(m);
            }
            cur = cls.superclass;
        }
        let mut stack = alloc::vec![class];
        while let Some(c) = stack.pop() {
            let cls = self.class(c);
            if let Some(&m) = cls.methods.get(&key) {
                return Some(m);
            }
            stack.extend(cls.interfaces.iter().copied());
            if let Some(s) = cls.superclass {
                stack.push(s);
            }
        }
        None
    }

    /// `Class.method(sig)` for messages.
    pub fn method_name(&self, m: MethodId) -> String {
        let m = &self.methods[m as usize];
        format!("{}.{}{}", self.class(m.class).name, m.name, m.sig)
    }
}
