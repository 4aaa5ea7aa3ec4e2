//! The constant pool (JVMS §4.4): every name, descriptor, literal and symbolic
//! reference a class uses, addressed by 16-bit index from the rest of the file
//! and from the bytecode.
//!
//! Entries are stored as read, indices and all ([`Constant`]), in a vector where
//! index `i` is entry `i`: slot 0 and the slot after each long or double are
//! [`Constant::Unusable`]. After reading, [`ConstantPool::validate`] follows every
//! reference between entries once (a class names a `Utf8`, a field reference a
//! class and a name-and-type with a field descriptor, a method handle a member of
//! the right kind, ...), so a class that parses has a consistent pool. The typed
//! accessors ([`ConstantPool::class_name`], [`ConstantPool::method_ref`], ...)
//! still check every index they are given, because indices also come from
//! bytecode, and return an error naming the index and the kinds involved.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::descriptor::{
    is_class_constant_name, is_method_name, is_unqualified_name, FieldType, MethodDescriptor,
};
use crate::error::{Error, ErrorKind, Result};
use crate::mutf8;
use crate::reader::Reader;

/// One constant-pool entry, with its references as raw indices.
#[derive(Debug, Clone, PartialEq)]
pub enum Constant {
    /// Index 0, and the index after a long or double: no entry.
    Unusable,
    /// `CONSTANT_Utf8`. `lossy` is set when the Java string held a lone surrogate,
    /// which `text` has as U+FFFD.
    Utf8 { text: String, lossy: bool },
    /// `CONSTANT_Integer`
    Integer(i32),
    /// `CONSTANT_Float` (bit pattern preserved, NaNs included).
    Float(f32),
    /// `CONSTANT_Long` (takes two slots)
    Long(i64),
    /// `CONSTANT_Double` (takes two slots)
    Double(f64),
    /// `CONSTANT_Class`: a class, interface or array type.
    Class { name: u16 },
    /// `CONSTANT_String`: a `java.lang.String` literal.
    String { utf8: u16 },
    /// `CONSTANT_Fieldref`
    FieldRef { class: u16, name_and_type: u16 },
    /// `CONSTANT_Methodref`
    MethodRef { class: u16, name_and_type: u16 },
    /// `CONSTANT_InterfaceMethodref`
    InterfaceMethodRef { class: u16, name_and_type: u16 },
    /// `CONSTANT_NameAndType`
    NameAndType { name: u16, descriptor: u16 },
    /// `CONSTANT_MethodHandle`
    MethodHandle { kind: ReferenceKind, reference: u16 },
    /// `CONSTANT_MethodType`
    MethodType { descriptor: u16 },
    /// `CONSTANT_Dynamic` (a constant computed by a bootstrap method, Java 11+)
    Dynamic { bootstrap: u16, name_and_type: u16 },
    /// `CONSTANT_InvokeDynamic` (a call site of `invokedynamic`)
    InvokeDynamic { bootstrap: u16, name_and_type: u16 },
    /// `CONSTANT_Module` (only in `module-info.class`)
    Module { name: u16 },
    /// `CONSTANT_Package` (only in `module-info.class`)
    Package { name: u16 },
}

impl Constant {
    /// The kind of entry, as error messages name it.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Constant::Unusable => "unusable slot",
            Constant::Utf8 { .. } => "Utf8",
            Constant::Integer(_) => "Integer",
            Constant::Float(_) => "Float",
            Constant::Long(_) => "Long",
            Constant::Double(_) => "Double",
            Constant::Class { .. } => "Class",
            Constant::String { .. } => "String",
            Constant::FieldRef { .. } => "Fieldref",
            Constant::MethodRef { .. } => "Methodref",
            Constant::InterfaceMethodRef { .. } => "InterfaceMethodref",
            Constant::NameAndType { .. } => "NameAndType",
            Constant::MethodHandle { .. } => "MethodHandle",
            Constant::MethodType { .. } => "MethodType",
            Constant::Dynamic { .. } => "Dynamic",
            Constant::InvokeDynamic { .. } => "InvokeDynamic",
            Constant::Module { .. } => "Module",
            Constant::Package { .. } => "Package",
        }
    }
}

/// The kind of a method handle (JVMS §5.4.3.5), `reference_kind` 1 to 9.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReferenceKind {
    GetField = 1,
    GetStatic = 2,
    PutField = 3,
    PutStatic = 4,
    InvokeVirtual = 5,
    InvokeStatic = 6,
    InvokeSpecial = 7,
    NewInvokeSpecial = 8,
    InvokeInterface = 9,
}

impl ReferenceKind {
    /// The kind with number `n`.
    pub fn from_u8(n: u8) -> Option<Self> {
        use ReferenceKind::*;
        Some(match n {
            1 => GetField,
            2 => GetStatic,
            3 => PutField,
            4 => PutStatic,
            5 => InvokeVirtual,
            6 => InvokeStatic,
            7 => InvokeSpecial,
            8 => NewInvokeSpecial,
            9 => InvokeInterface,
            _ => return None,
        })
    }

    /// Whether the handle reads or writes a field (kinds 1 to 4).
    pub fn is_field(self) -> bool {
        (self as u8) <= 4
    }
}

/// A name and a descriptor (`CONSTANT_NameAndType`), resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameAndType<'a> {
    pub name: &'a str,
    pub descriptor: &'a str,
}

/// A field or method reference, resolved: the class (internal name or, for
/// methods such as `clone` on arrays, an array descriptor), the member's name and
/// its descriptor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemberRef<'a> {
    pub class: &'a str,
    pub name: &'a str,
    pub descriptor: &'a str,
}

/// A method handle, resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MethodHandleRef<'a> {
    pub kind: ReferenceKind,
    pub member: MemberRef<'a>,
    /// Whether `member` is an `InterfaceMethodref`.
    pub is_interface: bool,
}

/// A `CONSTANT_Dynamic` or `CONSTANT_InvokeDynamic`, resolved except for the
/// bootstrap method, which is an index into the class's `BootstrapMethods`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DynamicRef<'a> {
    pub bootstrap_index: u16,
    pub name: &'a str,
    pub descriptor: &'a str,
}

/// A constant that `ldc`, `ldc_w`, `ldc2_w` or a bootstrap argument can load.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Loadable<'a> {
    Int(i32),
    Float(f32),
    Long(i64),
    Double(f64),
    /// A string literal.
    String(&'a str),
    /// A `java.lang.Class` (internal name or array descriptor).
    Class(&'a str),
    /// A `java.lang.invoke.MethodType`, by method descriptor.
    MethodType(&'a str),
    MethodHandle(MethodHandleRef<'a>),
    Dynamic(DynamicRef<'a>),
}

impl Loadable<'_> {
    /// Stack slots the loaded value takes (2 for long and double, also when
    /// computed by a dynamic constant): `ldc2_w` loads these, `ldc` the others.
    pub fn slots(&self) -> u8 {
        match self {
            Loadable::Long(_) | Loadable::Double(_) => 2,
            Loadable::Dynamic(d) if matches!(d.descriptor, "J" | "D") => 2,
            _ => 1,
        }
    }
}

/// A class's constant pool.
#[derive(Debug, Clone, PartialEq)]
pub struct ConstantPool {
    /// Entry `i` at index `i`; `entries[0]` is unusable.
    entries: Vec<Constant>,
    /// The class-file major version, which decides what some entries may be.
    major: u16,
}

// Tags (JVMS table 4.4-B) and the first major version that has them.
const UTF8: u8 = 1;
const INTEGER: u8 = 3;
const FLOAT: u8 = 4;
const LONG: u8 = 5;
const DOUBLE: u8 = 6;
const CLASS: u8 = 7;
const STRING: u8 = 8;
const FIELDREF: u8 = 9;
const METHODREF: u8 = 10;
const INTERFACE_METHODREF: u8 = 11;
const NAME_AND_TYPE: u8 = 12;
const METHOD_HANDLE: u8 = 15;
const METHOD_TYPE: u8 = 16;
const DYNAMIC: u8 = 17;
const INVOKE_DYNAMIC: u8 = 18;
const MODULE: u8 = 19;
const PACKAGE: u8 = 20;
const JAVA_7: u16 = 51;
const JAVA_8: u16 = 52;
const JAVA_9: u16 = 53;
const JAVA_11: u16 = 55;

impl ConstantPool {
    /// Reads `constant_pool_count` and the entries. Only the entries' own format
    /// is checked here; call [`validate`](Self::validate) for the references.
    pub(crate) fn parse(r: &mut Reader<'_>, major: u16) -> Result<Self> {
        let count = r.u16("constant-pool count")?;
        if count == 0 {
            return Err(Error::malformed("constant_pool_count is 0").at_file_offset(r.offset()));
        }
        // Every entry takes at least 3 bytes (a tag and a u16).
        let mut entries = Vec::with_capacity(1 + r.capacity(usize::from(count), 3));
        entries.push(Constant::Unusable);
        let mut index: u16 = 1;
        while index < count {
            let start = r.offset();
            let constant = parse_entry(r, index, major).map_err(|e| e.at_file_offset(start))?;
            let wide = matches!(constant, Constant::Long(_) | Constant::Double(_));
            entries.push(constant);
            index += 1;
            if wide {
                if index >= count {
                    return Err(Error::malformed(alloc::format!(
                        "the long or double at constant-pool index {} needs two slots, \
                         but the pool ends after one",
                        index - 1
                    ))
                    .at_file_offset(start));
                }
                entries.push(Constant::Unusable);
                index += 1;
            }
        }
        Ok(ConstantPool { entries, major })
    }

    /// A pool with the given entries (entry 0 first, which should be
    /// [`Constant::Unusable`]) for a class of version `major`; not validated.
    pub fn from_entries(entries: Vec<Constant>, major: u16) -> Self {
        ConstantPool { entries, major }
    }

    /// `constant_pool_count`: one more than the highest index.
    pub fn count(&self) -> usize {
        self.entries.len()
    }

    /// The usable entries with their indices.
    pub fn iter(&self) -> impl Iterator<Item = (u16, &Constant)> {
        (0u16..)
            .zip(&self.entries)
            .filter(|(_, c)| !matches!(c, Constant::Unusable))
    }

    /// The entry at `index`; an error for index 0, an index past the end, or the
    /// slot after a long or double.
    pub fn get(&self, index: u16) -> Result<&Constant> {
        match self.entries.get(usize::from(index)) {
            Some(Constant::Unusable) if index != 0 => {
                Err(Error::new(ErrorKind::UnusableConstant { index }))
            }
            Some(c) if index != 0 => Ok(c),
            _ => Err(Error::new(ErrorKind::ConstantIndex {
                index,
                count: u16::try_from(self.entries.len()).unwrap_or(u16::MAX),
            })),
        }
    }

    /// The entry at `index` mapped by `f`, or a wrong-kind error naming `expected`.
    fn typed<'s, T>(
        &'s self,
        index: u16,
        expected: &'static str,
        f: impl FnOnce(&'s Constant) -> Option<T>,
    ) -> Result<T> {
        let c = self.get(index)?;
        f(c).ok_or_else(|| {
            Error::new(ErrorKind::WrongConstant {
                index,
                expected,
                found: c.kind_name(),
            })
        })
    }

    /// The text of the `Utf8` entry at `index`.
    pub fn utf8(&self, index: u16) -> Result<&str> {
        self.typed(index, "Utf8", |c| match c {
            Constant::Utf8 { text, .. } => Some(text.as_str()),
            _ => None,
        })
    }

    /// The name of the `Class` entry at `index`: an internal name
    /// (`java/lang/Object`) or an array descriptor (`[I`).
    pub fn class_name(&self, index: u16) -> Result<&str> {
        let name = self.typed(index, "Class", |c| match c {
            Constant::Class { name } => Some(*name),
            _ => None,
        })?;
        self.utf8(name)
    }

    /// The `NameAndType` entry at `index`.
    pub fn name_and_type(&self, index: u16) -> Result<NameAndType<'_>> {
        let (name, descriptor) = self.typed(index, "NameAndType", |c| match c {
            Constant::NameAndType { name, descriptor } => Some((*name, *descriptor)),
            _ => None,
        })?;
        Ok(NameAndType {
            name: self.utf8(name)?,
            descriptor: self.utf8(descriptor)?,
        })
    }

    fn member(&self, class: u16, name_and_type: u16) -> Result<MemberRef<'_>> {
        let nat = self.name_and_type(name_and_type)?;
        Ok(MemberRef {
            class: self.class_name(class)?,
            name: nat.name,
            descriptor: nat.descriptor,
        })
    }

    /// The `Fieldref` entry at `index`.
    pub fn field_ref(&self, index: u16) -> Result<MemberRef<'_>> {
        let (class, nat) = self.typed(index, "Fieldref", |c| match c {
            Constant::FieldRef {
                class,
                name_and_type,
            } => Some((*class, *name_and_type)),
            _ => None,
        })?;
        self.member(class, nat)
    }

    /// The `Methodref` entry at `index`.
    pub fn method_ref(&self, index: u16) -> Result<MemberRef<'_>> {
        let (class, nat) = self.typed(index, "Methodref", |c| match c {
            Constant::MethodRef {
                class,
                name_and_type,
            } => Some((*class, *name_and_type)),
            _ => None,
        })?;
        self.member(class, nat)
    }

    /// The `InterfaceMethodref` entry at `index`.
    pub fn interface_method_ref(&self, index: u16) -> Result<MemberRef<'_>> {
        let (class, nat) = self.typed(index, "InterfaceMethodref", |c| match c {
            Constant::InterfaceMethodRef {
                class,
                name_and_type,
            } => Some((*class, *name_and_type)),
            _ => None,
        })?;
        self.member(class, nat)
    }

    /// The `Methodref` or `InterfaceMethodref` entry at `index`, and whether it is
    /// the latter: what `invokestatic` and `invokespecial` may name (interface
    /// methods only from class-file version 52, Java 8).
    pub fn any_method_ref(&self, index: u16) -> Result<(MemberRef<'_>, bool)> {
        let allow_interface = self.major >= JAVA_8;
        let expected = if allow_interface {
            "Methodref or InterfaceMethodref"
        } else {
            "Methodref"
        };
        let (class, nat, is_interface) = self.typed(index, expected, |c| match c {
            Constant::MethodRef {
                class,
                name_and_type,
            } => Some((*class, *name_and_type, false)),
            Constant::InterfaceMethodRef {
                class,
                name_and_type,
            } if allow_interface => Some((*class, *name_and_type, true)),
            _ => None,
        })?;
        Ok((self.member(class, nat)?, is_interface))
    }

    /// The text of the `String` entry at `index`.
    pub fn string(&self, index: u16) -> Result<&str> {
        let utf8 = self.typed(index, "String", |c| match c {
            Constant::String { utf8 } => Some(*utf8),
            _ => None,
        })?;
        self.utf8(utf8)
    }

    /// The `Integer` entry at `index`.
    pub fn integer(&self, index: u16) -> Result<i32> {
        self.typed(index, "Integer", |c| match c {
            Constant::Integer(v) => Some(*v),
            _ => None,
        })
    }

    /// The `Float` entry at `index`.
    pub fn float(&self, index: u16) -> Result<f32> {
        self.typed(index, "Float", |c| match c {
            Constant::Float(v) => Some(*v),
            _ => None,
        })
    }

    /// The `Long` entry at `index`.
    pub fn long(&self, index: u16) -> Result<i64> {
        self.typed(index, "Long", |c| match c {
            Constant::Long(v) => Some(*v),
            _ => None,
        })
    }

    /// The `Double` entry at `index`.
    pub fn double(&self, index: u16) -> Result<f64> {
        self.typed(index, "Double", |c| match c {
            Constant::Double(v) => Some(*v),
            _ => None,
        })
    }

    /// The method descriptor of the `MethodType` entry at `index`.
    pub fn method_type(&self, index: u16) -> Result<&str> {
        let descriptor = self.typed(index, "MethodType", |c| match c {
            Constant::MethodType { descriptor } => Some(*descriptor),
            _ => None,
        })?;
        self.utf8(descriptor)
    }

    /// The `MethodHandle` entry at `index`, with the rules that tie its kind to
    /// the member it names (JVMS §4.4.8) checked.
    pub fn method_handle(&self, index: u16) -> Result<MethodHandleRef<'_>> {
        let (kind, reference) = self.typed(index, "MethodHandle", |c| match c {
            Constant::MethodHandle { kind, reference } => Some((*kind, *reference)),
            _ => None,
        })?;
        use ReferenceKind::*;
        let (member, is_interface) = match kind {
            GetField | GetStatic | PutField | PutStatic => (self.field_ref(reference)?, false),
            InvokeVirtual | NewInvokeSpecial => (self.method_ref(reference)?, false),
            InvokeStatic | InvokeSpecial => self.any_method_ref(reference)?,
            InvokeInterface => (self.interface_method_ref(reference)?, true),
        };
        let is_init = member.name == "<init>";
        let name_fits_kind = kind.is_field() || (kind == NewInvokeSpecial) == is_init;
        if !name_fits_kind || member.name == "<clinit>" {
            return Err(Error::malformed(alloc::format!(
                "method handle {index} of kind {kind:?} may not name method {}",
                member.name
            )));
        }
        Ok(MethodHandleRef {
            kind,
            member,
            is_interface,
        })
    }

    fn dynamic_entry(&self, index: u16, expected: &'static str) -> Result<DynamicRef<'_>> {
        let want_call_site = expected == "InvokeDynamic";
        let (bootstrap_index, nat) = self.typed(index, expected, |c| match c {
            Constant::InvokeDynamic {
                bootstrap,
                name_and_type,
            } if want_call_site => Some((*bootstrap, *name_and_type)),
            Constant::Dynamic {
                bootstrap,
                name_and_type,
            } if !want_call_site => Some((*bootstrap, *name_and_type)),
            _ => None,
        })?;
        let nat = self.name_and_type(nat)?;
        Ok(DynamicRef {
            bootstrap_index,
            name: nat.name,
            descriptor: nat.descriptor,
        })
    }

    /// The `InvokeDynamic` entry at `index` (a call site; its descriptor is a
    /// method descriptor).
    pub fn invoke_dynamic(&self, index: u16) -> Result<DynamicRef<'_>> {
        self.dynamic_entry(index, "InvokeDynamic")
    }

    /// The `Dynamic` entry at `index` (a dynamically computed constant; its
    /// descriptor is a field descriptor).
    pub fn dynamic(&self, index: u16) -> Result<DynamicRef<'_>> {
        self.dynamic_entry(index, "Dynamic")
    }

    /// The name of the `Module` entry at `index`.
    pub fn module_name(&self, index: u16) -> Result<&str> {
        let name = self.typed(index, "Module", |c| match c {
            Constant::Module { name } => Some(*name),
            _ => None,
        })?;
        self.utf8(name)
    }

    /// The name of the `Package` entry at `index`.
    pub fn package_name(&self, index: u16) -> Result<&str> {
        let name = self.typed(index, "Package", |c| match c {
            Constant::Package { name } => Some(*name),
            _ => None,
        })?;
        self.utf8(name)
    }

    /// The loadable constant at `index` (JVMS §4.4, table 4.4-C).
    pub fn loadable(&self, index: u16) -> Result<Loadable<'_>> {
        let wrong = |found: &'static str| {
            Error::new(ErrorKind::WrongConstant {
                index,
                expected: "loadable constant",
                found,
            })
        };
        Ok(match self.get(index)? {
            Constant::Integer(v) => Loadable::Int(*v),
            Constant::Float(v) => Loadable::Float(*v),
            Constant::Long(v) => Loadable::Long(*v),
            Constant::Double(v) => Loadable::Double(*v),
            Constant::String { utf8 } => Loadable::String(self.utf8(*utf8)?),
            Constant::Class { name } => Loadable::Class(self.utf8(*name)?),
            Constant::MethodType { .. } => Loadable::MethodType(self.method_type(index)?),
            Constant::MethodHandle { .. } => Loadable::MethodHandle(self.method_handle(index)?),
            Constant::Dynamic { .. } => Loadable::Dynamic(self.dynamic(index)?),
            other => return Err(wrong(other.kind_name())),
        })
    }

    /// Checks every reference between entries, and the names and descriptors
    /// they lead to. Bootstrap-method indices are checked by the class, which
    /// has the `BootstrapMethods` attribute.
    pub(crate) fn validate(&self) -> Result<()> {
        for (index, constant) in self.iter() {
            self.validate_entry(index, constant)
                .map_err(|e| match e.kind() {
                    // Say which entry led to the bad one.
                    ErrorKind::BadName { .. } | ErrorKind::BadDescriptor { .. } => e,
                    _ => Error::malformed(alloc::format!(
                        "constant-pool entry {index} ({}): {e}",
                        constant.kind_name()
                    )),
                })?;
        }
        Ok(())
    }

    fn validate_entry(&self, index: u16, constant: &Constant) -> Result<()> {
        match constant {
            Constant::Unusable
            | Constant::Utf8 { .. }
            | Constant::Integer(_)
            | Constant::Float(_)
            | Constant::Long(_)
            | Constant::Double(_) => {}
            Constant::Class { .. } => {
                let name = self.class_name(index)?;
                check_name(
                    is_class_constant_name(name) || name == "module-info",
                    "class name",
                    name,
                )?;
            }
            Constant::String { .. } => {
                self.string(index)?;
            }
            Constant::NameAndType { .. } => {
                self.name_and_type(index)?;
            }
            Constant::FieldRef { .. } => {
                let member = self.field_ref(index)?;
                check_name(is_unqualified_name(member.name), "field name", member.name)?;
                FieldType::parse(member.descriptor)?;
            }
            Constant::MethodRef { .. } | Constant::InterfaceMethodRef { .. } => {
                let member = match constant {
                    Constant::MethodRef { .. } => self.method_ref(index)?,
                    _ => self.interface_method_ref(index)?,
                };
                check_method_ref(member)?;
            }
            Constant::MethodHandle { .. } => {
                self.method_handle(index)?;
            }
            Constant::MethodType { .. } => {
                MethodDescriptor::parse(self.method_type(index)?)?;
            }
            Constant::Dynamic { .. } => {
                let d = self.dynamic(index)?;
                check_name(is_unqualified_name(d.name), "dynamic constant name", d.name)?;
                FieldType::parse(d.descriptor)?;
            }
            Constant::InvokeDynamic { .. } => {
                let d = self.invoke_dynamic(index)?;
                check_name(is_unqualified_name(d.name), "call-site name", d.name)?;
                MethodDescriptor::parse(d.descriptor)?;
            }
            Constant::Module { .. } => {
                self.module_name(index)?;
            }
            Constant::Package { .. } => {
                self.package_name(index)?;
            }
        }
        Ok(())
    }
}

/// The name and descriptor a method reference may have (JVMS §4.4.2): `<init>`
/// returns void, `<clinit>` is never referenced.
fn check_method_ref(member: MemberRef<'_>) -> Result<()> {
    check_name(
        is_method_name(member.name) && member.name != "<clinit>",
        "method name",
        member.name,
    )?;
    let descriptor = MethodDescriptor::parse(member.descriptor)?;
    if member.name == "<init>" && descriptor.ret.is_some() {
        return Err(Error::malformed(alloc::format!(
            "constructor reference {}.<init>{} does not return void",
            member.class,
            member.descriptor
        )));
    }
    Ok(())
}

pub(crate) fn check_name(ok: bool, what: &'static str, name: &str) -> Result<()> {
    if ok {
        Ok(())
    } else {
        Err(Error::new(ErrorKind::BadName {
            what,
            name: name.to_string(),
        }))
    }
}

/// Reads the entry at `index` (its tag first).
fn parse_entry(r: &mut Reader<'_>, index: u16, major: u16) -> Result<Constant> {
    let tag = r.u8("constant tag")?;
    let since = match tag {
        METHOD_HANDLE | METHOD_TYPE | INVOKE_DYNAMIC => JAVA_7,
        MODULE | PACKAGE => JAVA_9,
        DYNAMIC => JAVA_11,
        _ => 0,
    };
    if major < since {
        return Err(Error::new(ErrorKind::UnknownConstantTag { index, tag }));
    }
    let what = "constant-pool entry";
    Ok(match tag {
        UTF8 => {
            let len = r.u16("Utf8 length")?;
            let bytes = r.bytes(usize::from(len), "Utf8 constant")?;
            let (text, lossy) = mutf8::decode(bytes)
                .map_err(|reason| Error::new(ErrorKind::BadUtf8 { index, reason }))?;
            Constant::Utf8 { text, lossy }
        }
        INTEGER => Constant::Integer(r.u32(what)? as i32),
        FLOAT => Constant::Float(f32::from_bits(r.u32(what)?)),
        LONG => Constant::Long(r.u64(what)? as i64),
        DOUBLE => Constant::Double(f64::from_bits(r.u64(what)?)),
        CLASS => Constant::Class { name: r.u16(what)? },
        STRING => Constant::String { utf8: r.u16(what)? },
        FIELDREF | METHODREF | INTERFACE_METHODREF => {
            let class = r.u16(what)?;
            let name_and_type = r.u16(what)?;
            match tag {
                FIELDREF => Constant::FieldRef {
                    class,
                    name_and_type,
                },
                METHODREF => Constant::MethodRef {
                    class,
                    name_and_type,
                },
                _ => Constant::InterfaceMethodRef {
                    class,
                    name_and_type,
                },
            }
        }
        NAME_AND_TYPE => Constant::NameAndType {
            name: r.u16(what)?,
            descriptor: r.u16(what)?,
        },
        METHOD_HANDLE => {
            let kind = r.u8(what)?;
            let kind = ReferenceKind::from_u8(kind).ok_or_else(|| {
                Error::malformed(alloc::format!(
                    "method handle {index} has reference kind {kind} (valid: 1 to 9)"
                ))
            })?;
            Constant::MethodHandle {
                kind,
                reference: r.u16(what)?,
            }
        }
        METHOD_TYPE => Constant::MethodType {
            descriptor: r.u16(what)?,
        },
        DYNAMIC | INVOKE_DYNAMIC => {
            let bootstrap = r.u16(what)?;
            let name_and_type = r.u16(what)?;
            if tag == DYNAMIC {
                Constant::Dynamic {
                    bootstrap,
                    name_and_type,
                }
            } else {
                Constant::InvokeDynamic {
                    bootstrap,
                    name_and_type,
                }
            }
        }
        MODULE => Constant::Module { name: r.u16(what)? },
        PACKAGE => Constant::Package { name: r.u16(what)? },
        _ => return Err(Error::new(ErrorKind::UnknownConstantTag { index, tag })),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn utf8(s: &str) -> Constant {
        Constant::Utf8 {
            text: s.into(),
            lossy: false,
        }
    }

    /// 1 Utf8 "java/lang/Object", 2 Class 1, 3 Utf8 "x", 4 Utf8 "I",
    /// 5 NameAndType 3 4, 6 Fieldref 2 5, 7 Long, 8 unusable, 9 String 3,
    /// 10 Utf8 "(I)V", 11 Utf8 "m", 12 NameAndType 11 10, 13 Methodref 2 12,
    /// 14 MethodHandle InvokeVirtual 13, 15 InterfaceMethodref 2 12.
    fn pool(major: u16) -> ConstantPool {
        ConstantPool::from_entries(
            vec![
                Constant::Unusable,
                utf8("java/lang/Object"),
                Constant::Class { name: 1 },
                utf8("x"),
                utf8("I"),
                Constant::NameAndType {
                    name: 3,
                    descriptor: 4,
                },
                Constant::FieldRef {
                    class: 2,
                    name_and_type: 5,
                },
                Constant::Long(-1),
                Constant::Unusable,
                Constant::String { utf8: 3 },
                utf8("(I)V"),
                utf8("m"),
                Constant::NameAndType {
                    name: 11,
                    descriptor: 10,
                },
                Constant::MethodRef {
                    class: 2,
                    name_and_type: 12,
                },
                Constant::MethodHandle {
                    kind: ReferenceKind::InvokeVirtual,
                    reference: 13,
                },
                Constant::InterfaceMethodRef {
                    class: 2,
                    name_and_type: 12,
                },
            ],
            major,
        )
    }

    #[test]
    fn typed_accessors_resolve_references() {
        let p = pool(52);
        p.validate().unwrap();
        assert_eq!(p.class_name(2).unwrap(), "java/lang/Object");
        let f = p.field_ref(6).unwrap();
        assert_eq!(
            (f.class, f.name, f.descriptor),
            ("java/lang/Object", "x", "I")
        );
        assert_eq!(p.long(7).unwrap(), -1);
        assert_eq!(p.string(9).unwrap(), "x");
        assert_eq!(p.method_ref(13).unwrap().name, "m");
        let h = p.method_handle(14).unwrap();
        assert_eq!(h.kind, ReferenceKind::InvokeVirtual);
        assert_eq!(h.member.descriptor, "(I)V");
        assert!(p.any_method_ref(15).unwrap().1);
        assert_eq!(p.loadable(9).unwrap(), Loadable::String("x"));
        assert_eq!(p.loadable(7).unwrap().slots(), 2);
        assert_eq!(p.iter().count(), 14);
    }

    #[test]
    fn bad_indices_and_kinds_are_typed_errors() {
        let p = pool(52);
        assert!(matches!(
            p.get(0).unwrap_err().kind(),
            ErrorKind::ConstantIndex {
                index: 0,
                count: 16
            }
        ));
        assert!(matches!(
            p.utf8(16).unwrap_err().kind(),
            ErrorKind::ConstantIndex { index: 16, .. }
        ));
        assert!(matches!(
            p.long(8).unwrap_err().kind(),
            ErrorKind::UnusableConstant { index: 8 }
        ));
        let e = p.class_name(1).unwrap_err();
        assert_eq!(
            *e.kind(),
            ErrorKind::WrongConstant {
                index: 1,
                expected: "Class",
                found: "Utf8"
            }
        );
        assert_eq!(
            e.to_string(),
            "constant-pool entry 1 is a Utf8, expected a Class"
        );
        assert!(p.method_ref(6).is_err());
        assert!(p.integer(7).is_err());
        assert!(p.loadable(5).is_err());
        // Before Java 8, invokestatic cannot name an interface method.
        assert!(pool(51).any_method_ref(15).is_err());
    }

    #[test]
    fn validation_follows_references() {
        let mut entries = pool(52).entries;
        entries[5] = Constant::NameAndType {
            name: 3,
            descriptor: 3, // "x" is not a descriptor
        };
        let e = ConstantPool::from_entries(entries, 52)
            .validate()
            .unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::BadDescriptor { .. }), "{e}");

        let mut entries = pool(52).entries;
        entries[14] = Constant::MethodHandle {
            kind: ReferenceKind::GetField,
            reference: 13,
        };
        let e = ConstantPool::from_entries(entries, 52)
            .validate()
            .unwrap_err();
        assert!(e.to_string().contains("entry 14 (MethodHandle)"), "{e}");
    }

    #[test]
    fn parses_entries_and_rejects_bad_ones() {
        // count 4: Utf8 "A", Long (two slots).
        let bytes = [0, 4, 1, 0, 1, b'A', 5, 0, 0, 0, 0, 0, 0, 0, 42];
        let p = ConstantPool::parse(&mut Reader::new(&bytes), 52).unwrap();
        assert_eq!(p.count(), 4);
        assert_eq!(p.long(2).unwrap(), 42);
        // A long in the last slot.
        let bytes = [0, 3, 1, 0, 1, b'A', 5, 0, 0, 0, 0, 0, 0, 0, 42];
        assert!(ConstantPool::parse(&mut Reader::new(&bytes), 52).is_err());
        // Unknown tag 2, and MethodType before Java 7.
        assert!(ConstantPool::parse(&mut Reader::new(&[0, 2, 2, 0, 0]), 52).is_err());
        let e = ConstantPool::parse(&mut Reader::new(&[0, 2, 16, 0, 1]), 50).unwrap_err();
        assert_eq!(e.file_offset(), Some(2));
        // Bad modified UTF-8 names its entry.
        let e = ConstantPool::parse(&mut Reader::new(&[0, 2, 1, 0, 1, 0]), 52).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::BadUtf8 { index: 1, .. }));
        // A method handle kind of 10.
        assert!(ConstantPool::parse(&mut Reader::new(&[0, 2, 15, 10, 0, 1]), 52).is_err());
    }
}
