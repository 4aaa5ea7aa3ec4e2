//! What the converter knows about classes: the ones being converted and the
//! ones already in the world (the boot module, the class library), as far as
//! linking needs them (supertypes, members, flags).

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use phantom_vm::insn::Kind;
use phantom_vm::module::{flags, Module};

use crate::{ClassFile, FieldType, MethodAccess};

/// Where a class comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The VM's boot module (`java/lang/Object`, `String`, the throwables, `phantom/*`).
    Boot,
    /// A module loaded before (the class library).
    Loaded,
    /// Being converted now.
    Input,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MethodFlags {
    pub is_static: bool,
    pub is_abstract: bool,
    pub is_final: bool,
    pub is_private: bool,
}

#[derive(Clone, Debug)]
pub struct ClassInfo {
    pub name: String,
    pub superclass: Option<String>,
    pub interfaces: Vec<String>,
    pub is_interface: bool,
    pub is_final: bool,
    pub origin: Origin,
    pub methods: BTreeMap<(String, String), MethodFlags>,
    /// name -> (kind, static)
    pub fields: BTreeMap<String, (Kind, bool)>,
}

/// The classes a conversion can refer to.
#[derive(Clone, Debug, Default)]
pub struct Env {
    pub classes: BTreeMap<String, ClassInfo>,
}

/// The kind of a field type.
pub fn kind_of(t: &FieldType) -> Kind {
    match t {
        FieldType::Base(b) => match b {
            crate::BaseType::Float | crate::BaseType::Double => Kind::Float,
            _ => Kind::Int,
        },
        _ => Kind::Ref,
    }
}

impl Env {
    /// Only the boot module.
    pub fn boot() -> Env {
        let boot = phantom_vm::asm::assemble(phantom_vm::world::BOOT)
            .expect("the VM's boot module assembles");
        let mut env = Env::default();
        env.add_module(&boot, Origin::Boot);
        env
    }

    /// The boot module and `modules` (loaded in this order after it).
    pub fn with_modules(modules: &[&Module]) -> Env {
        let mut env = Env::boot();
        for m in modules {
            env.add_module(m, Origin::Loaded);
        }
        env
    }

    pub fn add_module(&mut self, m: &Module, origin: Origin) {
        for c in &m.classes {
            let mut methods = BTreeMap::new();
            for md in &c.methods {
                methods.insert(
                    (md.name.clone(), md.sig.clone()),
                    MethodFlags {
                        is_static: md.flags & flags::STATIC != 0,
                        is_abstract: md.flags & flags::ABSTRACT != 0,
                        is_final: md.flags & flags::FINAL != 0,
                        is_private: false,
                    },
                );
            }
            let fields = c
                .fields
                .iter()
                .map(|f| (f.name.clone(), (f.kind, f.is_static)))
                .collect();
            self.classes.insert(
                c.name.clone(),
                ClassInfo {
                    name: c.name.clone(),
                    superclass: c.superclass.clone(),
                    interfaces: c.interfaces.clone(),
                    is_interface: c.flags & flags::INTERFACE != 0,
                    is_final: c.flags & flags::FINAL != 0,
                    origin,
                    methods,
                    fields,
                },
            );
        }
    }

    pub fn add_class_file(&mut self, cf: &ClassFile) {
        let mut methods = BTreeMap::new();
        for m in &cf.methods {
            methods.insert(
                (m.name.clone(), m.descriptor.clone()),
                MethodFlags {
                    is_static: m.access.contains(MethodAccess::STATIC),
                    is_abstract: m.access.contains(MethodAccess::ABSTRACT),
                    is_final: m.access.contains(MethodAccess::FINAL),
                    is_private: m.access.contains(MethodAccess::PRIVATE),
                },
            );
        }
        let fields = cf
            .fields
            .iter()
            .map(|f| {
                (
                    f.name.clone(),
                    (kind_of(&f.field_type), f.access.contains(crate::FieldAccess::STATIC)),
                )
            })
            .collect();
        let superclass = match &cf.super_class {
            Some(s) => Some(s.clone()),
            None if cf.this_class == "java/lang/Object" => None,
            None => Some("java/lang/Object".to_string()),
        };
        self.classes.insert(
            cf.this_class.clone(),
            ClassInfo {
                name: cf.this_class.clone(),
                superclass,
                interfaces: cf.interfaces.clone(),
                is_interface: cf.is_interface(),
                is_final: cf.access.contains(crate::ClassAccess::FINAL),
                origin: Origin::Input,
                methods,
                fields,
            },
        );
    }

    pub fn get(&self, name: &str) -> Option<&ClassInfo> {
        self.classes.get(name)
    }

    /// Whether `name` is a class the world will know: one of the table, or an
    /// array of a known class or of a primitive type.
    pub fn knows(&self, name: &str) -> bool {
        match name.strip_prefix('[') {
            None => self.classes.contains_key(name),
            Some(elem) => {
                let elem = elem.trim_start_matches('[');
                match elem.as_bytes().first() {
                    Some(b'L') => elem
                        .strip_prefix('L')
                        .and_then(|e| e.strip_suffix(';'))
                        .is_some_and(|e| self.classes.contains_key(e)),
                    Some(b'B' | b'C' | b'D' | b'F' | b'I' | b'J' | b'S' | b'Z') => elem.len() == 1,
                    _ => false,
                }
            }
        }
    }

    /// The superclass of `name` (`java/lang/Object` for arrays).
    fn super_of(&self, name: &str) -> Option<String> {
        if name.starts_with('[') {
            return Some("java/lang/Object".to_string());
        }
        self.classes.get(name)?.superclass.clone()
    }

    /// Static resolution as the VM's linker does it: the class chain, then
    /// the superinterfaces. Returns the declaring class and the flags.
    pub fn find_method(&self, class: &str, name: &str, sig: &str) -> Option<(String, MethodFlags)> {
        let key = (name.to_string(), sig.to_string());
        let mut cur = Some(class.to_string());
        while let Some(c) = cur {
            if let Some(info) = self.classes.get(&c) {
                if let Some(f) = info.methods.get(&key) {
                    return Some((c, *f));
                }
            }
            cur = self.super_of(&c);
        }
        let mut stack = alloc::vec![class.to_string()];
        let mut seen = Vec::new();
        while let Some(c) = stack.pop() {
            if seen.contains(&c) {
                continue;
            }
            seen.push(c.clone());
            if let Some(info) = self.classes.get(&c) {
                if let Some(f) = info.methods.get(&key) {
                    return Some((c, *f));
                }
                stack.extend(info.interfaces.iter().cloned());
            }
            if let Some(s) = self.super_of(&c) {
                stack.push(s);
            }
        }
        None
    }

    /// The field `name` as the linker finds it from `class`: (declaring class, kind, static).
    pub fn find_field(&self, class: &str, name: &str, is_static: bool) -> Option<(String, Kind)> {
        let mut cur = Some(class.to_string());
        while let Some(c) = cur {
            let info = self.classes.get(&c)?;
            if let Some(&(k, s)) = info.fields.get(name) {
                if s == is_static {
                    return Some((c, k));
                }
            }
            if is_static {
                for i in &info.interfaces {
                    if let Some(r) = self.find_field(i, name, true) {
                        return Some(r);
                    }
                }
            }
            cur = info.superclass.clone();
        }
        None
    }

    /// `class` and its superclasses, nearest first.
    pub fn chain(&self, class: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut cur = Some(class.to_string());
        while let Some(c) = cur {
            if out.contains(&c) {
                break;
            }
            cur = self.super_of(&c);
            out.push(c);
        }
        out
    }

    /// Whether `a` is `b` or a subtype of it (classes and interfaces; not arrays).
    pub fn is_subtype(&self, a: &str, b: &str) -> bool {
        if a == b || b == "java/lang/Object" {
            return true;
        }
        let mut stack = alloc::vec![a.to_string()];
        let mut seen = Vec::new();
        while let Some(c) = stack.pop() {
            if c == b {
                return true;
            }
            if seen.contains(&c) {
                continue;
            }
            seen.push(c.clone());
            if let Some(info) = self.classes.get(&c) {
                stack.extend(info.interfaces.iter().cloned());
                if let Some(s) = &info.superclass {
                    stack.push(s.clone());
                }
            }
        }
        false
    }
}
