//! The class-file structure (JVMS §4) and its parser.
//!
//! [`ClassFile::parse`] reads a whole `.class` file of version 45.0 to 61.0 (Java
//! 1.1 to 17) into owned Rust values: the constant pool, the class's names and
//! flags, its fields and methods, and the attributes a converter needs, decoded
//! (`Code`, `ConstantValue`, `BootstrapMethods`, `Exceptions`, `SourceFile`,
//! `LineNumberTable`, `InnerClasses`, `NestHost`, `NestMembers`, `Signature`).
//! Every other attribute is kept as its name and bytes ([`RawAttribute`]):
//! annotations, `StackMapTable`, local-variable tables, `Record`,
//! `PermittedSubclasses`, ...
//!
//! Names and descriptors the class uses are resolved to strings while parsing,
//! and the rules that tie the parts together are checked (a method has code
//! unless it is abstract or native, a constant value fits its field, each
//! attribute's length matches its contents, every bootstrap-method index
//! exists, ...). A class that parses is therefore consistent enough for a
//! converter to walk without re-checking; bytecode is decoded on request with
//! [`ClassFile::decode_method`].
//!
//! Nothing in the input is trusted: every length is checked against the bytes
//! that are left before it is used, so a hostile file cannot make the parser
//! panic, read out of bounds or allocate more than a small multiple of its size.

use alloc::borrow::ToOwned;
use alloc::collections::BTreeSet;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use bitflags::bitflags;

use crate::constant_pool::{
    check_name, Constant, ConstantPool, DynamicRef, Loadable, MethodHandleRef,
};
use crate::descriptor::{
    is_binary_name, is_method_name, is_unqualified_name, BaseType, FieldType, MethodDescriptor,
    MAX_PARAMETER_SLOTS,
};
use crate::error::{Error, ErrorKind, Result};
use crate::insn::{self, Instruction, MAX_CODE_LENGTH};
use crate::reader::Reader;

/// The first four bytes of every class file.
pub const MAGIC: u32 = 0xCAFE_BABE;
/// The oldest class-file major version read (Java 1.1).
pub const MIN_MAJOR_VERSION: u16 = 45;
/// The newest class-file major version read (Java 17).
pub const MAX_MAJOR_VERSION: u16 = 61;

bitflags! {
    /// Access flags of a class, interface or nested class.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct ClassAccess: u16 {
        const PUBLIC = 0x0001;
        /// Nested classes only.
        const PRIVATE = 0x0002;
        /// Nested classes only.
        const PROTECTED = 0x0004;
        /// Nested classes only.
        const STATIC = 0x0008;
        const FINAL = 0x0010;
        const SUPER = 0x0020;
        const INTERFACE = 0x0200;
        const ABSTRACT = 0x0400;
        const SYNTHETIC = 0x1000;
        const ANNOTATION = 0x2000;
        const ENUM = 0x4000;
        const MODULE = 0x8000;
        const _ = !0;
    }

    /// Access flags of a field.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct FieldAccess: u16 {
        const PUBLIC = 0x0001;
        const PRIVATE = 0x0002;
        const PROTECTED = 0x0004;
        const STATIC = 0x0008;
        const FINAL = 0x0010;
        const VOLATILE = 0x0040;
        const TRANSIENT = 0x0080;
        const SYNTHETIC = 0x1000;
        const ENUM = 0x4000;
        const _ = !0;
    }

    /// Access flags of a method.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct MethodAccess: u16 {
        const PUBLIC = 0x0001;
        const PRIVATE = 0x0002;
        const PROTECTED = 0x0004;
        const STATIC = 0x0008;
        const FINAL = 0x0010;
        const SYNCHRONIZED = 0x0020;
        const BRIDGE = 0x0040;
        const VARARGS = 0x0080;
        const NATIVE = 0x0100;
        const ABSTRACT = 0x0400;
        const STRICT = 0x0800;
        const SYNTHETIC = 0x1000;
        const _ = !0;
    }
}

/// An attribute this parser does not decode: its name and contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawAttribute {
    pub name: String,
    pub data: Vec<u8>,
}

/// One entry of a method's exception table: if an exception whose class is
/// `catch_type` (any exception for `None`, as `finally` uses) is thrown by the
/// instructions in `start_pc..end_pc`, execution goes on at `handler_pc`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExceptionHandler {
    pub start_pc: u16,
    pub end_pc: u16,
    pub handler_pc: u16,
    pub catch_type: Option<String>,
}

/// A `LineNumberTable` entry: the code from `start_pc` on is from source `line`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineNumber {
    pub start_pc: u16,
    pub line: u16,
}

/// A method's `Code` attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    pub max_stack: u16,
    pub max_locals: u16,
    /// The bytecode; decode with [`ClassFile::decode_method`] or [`insn::decode`].
    pub code: Vec<u8>,
    pub exception_table: Vec<ExceptionHandler>,
    /// All `LineNumberTable` attributes of the code, concatenated.
    pub line_numbers: Vec<LineNumber>,
    /// The other attributes of the code (`StackMapTable`, `LocalVariableTable`, ...).
    pub attributes: Vec<RawAttribute>,
}

impl Code {
    /// The source line of the instruction at `offset`, if the class has line
    /// numbers.
    pub fn line_at(&self, offset: u32) -> Option<u16> {
        self.line_numbers
            .iter()
            .filter(|l| u32::from(l.start_pc) <= offset)
            .max_by_key(|l| l.start_pc)
            .map(|l| l.line)
    }
}

/// The initial value of a static field (`ConstantValue`).
#[derive(Debug, Clone, PartialEq)]
pub enum ConstantValue {
    /// For `int`, `short`, `char`, `byte` and `boolean` fields.
    Int(i32),
    Long(i64),
    Float(f32),
    Double(f64),
    /// For `String` fields.
    String(String),
}

/// A field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldInfo {
    pub access: FieldAccess,
    pub name: String,
    pub descriptor: String,
    /// `descriptor`, parsed.
    pub field_type: FieldType,
    pub constant_value: Option<ConstantValue>,
    /// The generic signature, unparsed.
    pub signature: Option<String>,
    pub attributes: Vec<RawAttribute>,
}

/// A method.
#[derive(Debug, Clone, PartialEq)]
pub struct MethodInfo {
    pub access: MethodAccess,
    pub name: String,
    pub descriptor: String,
    /// `descriptor`, parsed.
    pub method_type: MethodDescriptor,
    /// `None` exactly for abstract and native methods.
    pub code: Option<Code>,
    /// The checked exceptions it declares (`Exceptions`), as internal names.
    pub exceptions: Vec<String>,
    /// The generic signature, unparsed.
    pub signature: Option<String>,
    pub attributes: Vec<RawAttribute>,
}

impl MethodInfo {
    pub fn is_static(&self) -> bool {
        self.access.contains(MethodAccess::STATIC)
    }

    /// Local-variable slots the arguments fill on entry, including `this` for
    /// instance methods.
    pub fn entry_slots(&self) -> u16 {
        self.method_type.arg_slots() + u16::from(!self.is_static())
    }
}

/// An entry of `BootstrapMethods`: a `MethodHandle` and its static arguments,
/// as constant-pool indices (checked to be a method handle and loadable).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BootstrapMethod {
    pub method_handle: u16,
    pub arguments: Vec<u16>,
}

/// An `InnerClasses` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InnerClass {
    pub inner_class: String,
    /// `None` for local and anonymous classes.
    pub outer_class: Option<String>,
    /// The simple name; `None` for anonymous classes.
    pub inner_name: Option<String>,
    pub access: ClassAccess,
}

/// An `invokedynamic` call site or dynamic constant with its bootstrap method
/// resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct BootstrapCall<'a> {
    /// The name the bootstrap method is given (e.g. `applyAsInt`).
    pub name: &'a str,
    /// The call site's method descriptor, or the constant's field descriptor.
    pub descriptor: &'a str,
    /// The bootstrap method (e.g. `LambdaMetafactory.metafactory`).
    pub method: MethodHandleRef<'a>,
    /// Its static arguments.
    pub arguments: Vec<Loadable<'a>>,
}

/// A parsed class file.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassFile {
    pub minor_version: u16,
    pub major_version: u16,
    pub constant_pool: ConstantPool,
    pub access: ClassAccess,
    /// The internal name (`java/util/ArrayList`).
    pub this_class: String,
    /// `None` only for `java/lang/Object` and `module-info`.
    pub super_class: Option<String>,
    pub interfaces: Vec<String>,
    pub fields: Vec<FieldInfo>,
    pub methods: Vec<MethodInfo>,
    pub source_file: Option<String>,
    /// The generic signature, unparsed.
    pub signature: Option<String>,
    pub inner_classes: Vec<InnerClass>,
    pub nest_host: Option<String>,
    pub nest_members: Vec<String>,
    pub bootstrap_methods: Vec<BootstrapMethod>,
    /// The other attributes of the class.
    pub attributes: Vec<RawAttribute>,
}

impl ClassFile {
    /// Parses a class file. The whole input must be one class.
    pub fn parse(bytes: &[u8]) -> Result<ClassFile> {
        let mut r = Reader::new(bytes);
        let magic = r.u32("magic")?;
        if magic != MAGIC {
            return Err(Error::new(ErrorKind::BadMagic(magic)).at_file_offset(0));
        }
        let minor_version = r.u16("minor version")?;
        let major_version = r.u16("major version")?;
        let version_ok = (MIN_MAJOR_VERSION..=MAX_MAJOR_VERSION).contains(&major_version)
            // From Java 12 (56) on, minor 65535 marks preview features.
            && (major_version < 56 || minor_version == 0);
        if !version_ok {
            return Err(Error::new(ErrorKind::UnsupportedVersion {
                major: major_version,
                minor: minor_version,
            })
            .at_file_offset(4));
        }
        let constant_pool = ConstantPool::parse(&mut r, major_version)?;
        let access = ClassAccess::from_bits_retain(r.u16("class access flags")?);
        let at = r.offset();
        let this_class = constant_pool
            .class_name(r.u16("this_class")?)
            .and_then(|name| {
                check_name(is_binary_name(name), "class name", name)?;
                Ok(name.to_owned())
            })
            .map_err(|e| e.at_file_offset(at))?;
        // Checked after the class name is known, so errors can name the class.
        constant_pool
            .validate()
            .map_err(|e| e.in_class(&this_class))?;
        let rest = Parser {
            r,
            pool: &constant_pool,
        }
        .rest(access, &this_class)
        .map_err(|e| e.in_class(&this_class))?;
        Ok(ClassFile {
            minor_version,
            major_version,
            constant_pool,
            access,
            this_class,
            super_class: rest.super_class,
            interfaces: rest.interfaces,
            fields: rest.fields,
            methods: rest.methods,
            source_file: rest.source_file,
            signature: rest.signature,
            inner_classes: rest.inner_classes,
            nest_host: rest.nest_host,
            nest_members: rest.nest_members,
            bootstrap_methods: rest.bootstrap_methods,
            attributes: rest.attributes,
        })
    }

    pub fn is_interface(&self) -> bool {
        self.access.contains(ClassAccess::INTERFACE)
    }

    /// The method with this name and descriptor.
    pub fn method(&self, name: &str, descriptor: &str) -> Option<&MethodInfo> {
        self.methods
            .iter()
            .find(|m| m.name == name && m.descriptor == descriptor)
    }

    /// The methods with this name (overloads).
    pub fn methods_named<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s MethodInfo> + 's {
        self.methods.iter().filter(move |m| m.name == name)
    }

    /// The field with this name (fields may be overloaded by type in class
    /// files; this gives the first).
    pub fn field(&self, name: &str) -> Option<&FieldInfo> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// Decodes `method`'s bytecode and checks it against the class (see
    /// [`insn::check_method`]). An error for abstract and native methods.
    pub fn decode_method(&self, method: &MethodInfo) -> Result<Vec<Instruction>> {
        let decode = || {
            let code = method.code.as_ref().ok_or_else(|| {
                Error::malformed("the method has no code (it is abstract or native)")
            })?;
            let instructions = insn::decode(&code.code)?;
            insn::check_method(self, code, &instructions)?;
            Ok(instructions)
        };
        decode().map_err(|e: Error| {
            e.in_method(&method.name, &method.descriptor)
                .in_class(&self.this_class)
        })
    }

    /// Entry `index` of `BootstrapMethods`.
    pub fn bootstrap_method(&self, index: u16) -> Result<&BootstrapMethod> {
        self.bootstrap_methods
            .get(usize::from(index))
            .ok_or_else(|| {
                Error::malformed(format!(
                    "bootstrap method {index} does not exist (the class has {})",
                    self.bootstrap_methods.len()
                ))
                .in_class(&self.this_class)
            })
    }

    /// The `invokedynamic` call site at constant-pool `index`, with its
    /// bootstrap method and arguments resolved.
    pub fn call_site(&self, index: u16) -> Result<BootstrapCall<'_>> {
        let site = self.constant_pool.invoke_dynamic(index);
        site.and_then(|site| self.bootstrap_call(site))
            .map_err(|e| e.in_class(&self.this_class))
    }

    /// The dynamically computed constant at constant-pool `index`, with its
    /// bootstrap method and arguments resolved.
    pub fn dynamic_constant(&self, index: u16) -> Result<BootstrapCall<'_>> {
        let constant = self.constant_pool.dynamic(index);
        constant
            .and_then(|constant| self.bootstrap_call(constant))
            .map_err(|e| e.in_class(&self.this_class))
    }

    fn bootstrap_call<'s>(&'s self, site: DynamicRef<'s>) -> Result<BootstrapCall<'s>> {
        let bootstrap = self.bootstrap_method(site.bootstrap_index)?;
        let pool = &self.constant_pool;
        Ok(BootstrapCall {
            name: site.name,
            descriptor: site.descriptor,
            method: pool.method_handle(bootstrap.method_handle)?,
            arguments: bootstrap
                .arguments
                .iter()
                .map(|&a| pool.loadable(a))
                .collect::<Result<_>>()?,
        })
    }
}

/// What follows `this_class`.
struct Rest {
    super_class: Option<String>,
    interfaces: Vec<String>,
    fields: Vec<FieldInfo>,
    methods: Vec<MethodInfo>,
    source_file: Option<String>,
    signature: Option<String>,
    inner_classes: Vec<InnerClass>,
    nest_host: Option<String>,
    nest_members: Vec<String>,
    bootstrap_methods: Vec<BootstrapMethod>,
    attributes: Vec<RawAttribute>,
}

struct Parser<'a, 'p> {
    r: Reader<'a>,
    pool: &'p ConstantPool,
}

/// Stores the value of a once-only attribute, or fails on a second one.
fn once<T>(slot: &mut Option<T>, name: &str, value: T) -> Result<()> {
    if slot.is_some() {
        return Err(Error::attribute(name, "appears twice"));
    }
    *slot = Some(value);
    Ok(())
}

impl<'a, 'p> Parser<'a, 'p> {
    /// A class name at the next u16, as an owned string.
    fn class(&mut self, what: &'static str) -> Result<String> {
        let at = self.r.offset();
        let index = self.r.u16(what)?;
        self.pool
            .class_name(index)
            .map(str::to_owned)
            .map_err(|e| e.at_file_offset(at))
    }

    /// A list of class names: a u16 count, then the indices.
    fn classes(&mut self, what: &'static str) -> Result<Vec<String>> {
        let count = self.r.u16(what)?;
        let mut names = Vec::with_capacity(self.r.capacity(usize::from(count), 2));
        for _ in 0..count {
            names.push(self.class(what)?);
        }
        Ok(names)
    }

    fn utf8(&mut self, what: &'static str) -> Result<String> {
        let at = self.r.offset();
        let index = self.r.u16(what)?;
        self.pool
            .utf8(index)
            .map(str::to_owned)
            .map_err(|e| e.at_file_offset(at))
    }

    /// Reads an attribute table. `known` is given each attribute's name and a
    /// reader over its contents; it decodes the attributes it knows (and returns
    /// true), which must use up their contents exactly. The others are returned
    /// raw.
    fn attributes(
        &mut self,
        mut known: impl FnMut(&str, &mut Parser<'a, 'p>) -> Result<bool>,
    ) -> Result<Vec<RawAttribute>> {
        let count = self.r.u16("attribute count")?;
        let mut raw = Vec::new();
        for _ in 0..count {
            let name = self.utf8("attribute name")?;
            let length = self.r.u32("attribute length")?;
            let length = usize::try_from(length).unwrap_or(usize::MAX);
            let body = self.r.sub(length, "attribute")?;
            let mut parser = Parser {
                r: body,
                pool: self.pool,
            };
            let start = parser.r.offset();
            if known(&name, &mut parser).map_err(|e| e.at_file_offset(start))? {
                if !parser.r.is_empty() {
                    return Err(Error::attribute(
                        &name,
                        format!("{} bytes after its contents", parser.r.remaining()),
                    )
                    .at_file_offset(parser.r.offset()));
                }
            } else {
                let data = parser.r.bytes(parser.r.remaining(), "attribute")?.to_vec();
                raw.push(RawAttribute { name, data });
            }
        }
        Ok(raw)
    }

    fn rest(mut self, access: ClassAccess, this_class: &str) -> Result<Rest> {
        let at = self.r.offset();
        let super_index = self.r.u16("super_class")?;
        let super_class = if super_index == 0 {
            if this_class != "java/lang/Object" && !access.contains(ClassAccess::MODULE) {
                return Err(Error::malformed("the class has no superclass").at_file_offset(at));
            }
            None
        } else {
            let name = self
                .pool
                .class_name(super_index)
                .map_err(|e| e.at_file_offset(at))?;
            check_name(is_binary_name(name), "superclass name", name)?;
            Some(name.to_owned())
        };
        let interfaces = self.classes("interfaces")?;
        for name in &interfaces {
            check_name(is_binary_name(name), "interface name", name)?;
        }

        let count = self.r.u16("field count")?;
        let mut fields = Vec::with_capacity(self.r.capacity(usize::from(count), 8));
        let mut seen = BTreeSet::new();
        for _ in 0..count {
            let field = self.field()?;
            if !seen.insert((field.name.clone(), field.descriptor.clone())) {
                return Err(Error::malformed("the field is declared twice")
                    .in_field(&field.name, &field.descriptor));
            }
            fields.push(field);
        }

        let count = self.r.u16("method count")?;
        let mut methods = Vec::with_capacity(self.r.capacity(usize::from(count), 8));
        let mut seen = BTreeSet::new();
        for _ in 0..count {
            let method = self.method()?;
            if !seen.insert((method.name.clone(), method.descriptor.clone())) {
                return Err(Error::malformed("the method is declared twice")
                    .in_method(&method.name, &method.descriptor));
            }
            methods.push(method);
        }

        let mut source_file = None;
        let mut signature = None;
        let mut inner_classes = None;
        let mut nest_host = None;
        let mut nest_members = None;
        let mut bootstrap_methods = None;
        let attributes = self.attributes(|name, p| {
            match name {
                "SourceFile" => once(&mut source_file, name, p.utf8("SourceFile")?)?,
                "Signature" => once(&mut signature, name, p.utf8("Signature")?)?,
                "InnerClasses" => once(&mut inner_classes, name, p.inner_classes()?)?,
                "NestHost" => once(&mut nest_host, name, p.class("NestHost")?)?,
                "NestMembers" => once(&mut nest_members, name, p.classes("NestMembers")?)?,
                "BootstrapMethods" => once(&mut bootstrap_methods, name, p.bootstrap_methods()?)?,
                _ => return Ok(false),
            }
            Ok(true)
        })?;
        if !self.r.is_empty() {
            return Err(Error::new(ErrorKind::TrailingBytes(self.r.remaining()))
                .at_file_offset(self.r.offset()));
        }

        let bootstrap_methods = bootstrap_methods.unwrap_or_default();
        for (index, constant) in self.pool.iter() {
            if let Constant::Dynamic { bootstrap, .. } | Constant::InvokeDynamic { bootstrap, .. } =
                constant
            {
                if usize::from(*bootstrap) >= bootstrap_methods.len() {
                    return Err(Error::malformed(format!(
                        "constant-pool entry {index} ({}) names bootstrap method {bootstrap}, \
                         but the class has {}",
                        constant.kind_name(),
                        bootstrap_methods.len()
                    )));
                }
            }
        }

        Ok(Rest {
            super_class,
            interfaces,
            fields,
            methods,
            source_file,
            signature,
            inner_classes: inner_classes.unwrap_or_default(),
            nest_host,
            nest_members: nest_members.unwrap_or_default(),
            bootstrap_methods,
            attributes,
        })
    }

    fn field(&mut self) -> Result<FieldInfo> {
        let access = FieldAccess::from_bits_retain(self.r.u16("field access flags")?);
        let name = self.utf8("field name")?;
        let descriptor = self.utf8("field descriptor")?;
        let parse = |p: &mut Self| {
            check_name(is_unqualified_name(&name), "field name", &name)?;
            let field_type = FieldType::parse(&descriptor)?;
            let mut constant_value = None;
            let mut signature = None;
            let attributes = p.attributes(|attr, p| {
                match attr {
                    "ConstantValue" => {
                        let value = p.constant_value(&field_type)?;
                        once(&mut constant_value, attr, value)?;
                    }
                    "Signature" => once(&mut signature, attr, p.utf8("Signature")?)?,
                    _ => return Ok(false),
                }
                Ok(true)
            })?;
            Ok(FieldInfo {
                access,
                name: name.clone(),
                descriptor: descriptor.clone(),
                field_type,
                constant_value,
                signature,
                attributes,
            })
        };
        parse(self).map_err(|e: Error| e.in_field(&name, &descriptor))
    }

    /// A `ConstantValue` for a field of type `ty`; the constant's kind must fit.
    fn constant_value(&mut self, ty: &FieldType) -> Result<ConstantValue> {
        let at = self.r.offset();
        let index = self.r.u16("ConstantValue")?;
        let pool = self.pool;
        let value = match ty {
            FieldType::Base(BaseType::Long) => pool.long(index).map(ConstantValue::Long),
            FieldType::Base(BaseType::Float) => pool.float(index).map(ConstantValue::Float),
            FieldType::Base(BaseType::Double) => pool.double(index).map(ConstantValue::Double),
            FieldType::Base(_) => pool.integer(index).map(ConstantValue::Int),
            FieldType::Object(name) if name == "java/lang/String" => pool
                .string(index)
                .map(|s| ConstantValue::String(s.to_owned())),
            _ => Err(Error::attribute(
                "ConstantValue",
                format!("a field of type {ty} cannot have a constant value"),
            )),
        };
        value.map_err(|e| e.at_file_offset(at))
    }

    fn method(&mut self) -> Result<MethodInfo> {
        let access = MethodAccess::from_bits_retain(self.r.u16("method access flags")?);
        let name = self.utf8("method name")?;
        let descriptor = self.utf8("method descriptor")?;
        let parse = |p: &mut Self| {
            check_name(is_method_name(&name), "method name", &name)?;
            let method_type = MethodDescriptor::parse(&descriptor)?;
            if name == "<init>" && method_type.ret.is_some() {
                return Err(Error::malformed("a constructor must return void"));
            }
            let is_static = access.contains(MethodAccess::STATIC);
            let entry_slots = method_type.arg_slots() + u16::from(!is_static);
            if entry_slots > MAX_PARAMETER_SLOTS {
                return Err(Error::malformed(
                    "the parameters and `this` take more than 255 slots",
                ));
            }
            let mut code = None;
            let mut exceptions = None;
            let mut signature = None;
            let attributes = p.attributes(|attr, p| {
                match attr {
                    "Code" => once(&mut code, attr, p.code()?)?,
                    "Exceptions" => once(&mut exceptions, attr, p.classes("Exceptions")?)?,
                    "Signature" => once(&mut signature, attr, p.utf8("Signature")?)?,
                    _ => return Ok(false),
                }
                Ok(true)
            })?;
            let bodiless = access.intersects(MethodAccess::ABSTRACT | MethodAccess::NATIVE);
            match &code {
                Some(_) if bodiless => {
                    return Err(Error::malformed("an abstract or native method has code"))
                }
                None if !bodiless => {
                    return Err(Error::malformed("the method has no Code attribute"))
                }
                Some(code) if code.max_locals < entry_slots => {
                    return Err(Error::malformed(format!(
                        "max_locals {} is less than the {entry_slots} slots of the arguments",
                        code.max_locals
                    )))
                }
                _ => {}
            }
            Ok(MethodInfo {
                access,
                name: name.clone(),
                descriptor: descriptor.clone(),
                method_type,
                code,
                exceptions: exceptions.unwrap_or_default(),
                signature,
                attributes,
            })
        };
        parse(self).map_err(|e: Error| e.in_method(&name, &descriptor))
    }

    fn code(&mut self) -> Result<Code> {
        let max_stack = self.r.u16("max_stack")?;
        let max_locals = self.r.u16("max_locals")?;
        let length = self.r.u32("code_length")?;
        let length = usize::try_from(length).unwrap_or(usize::MAX);
        if length == 0 || length > MAX_CODE_LENGTH {
            return Err(Error::attribute(
                "Code",
                format!("code_length {length} is not between 1 and {MAX_CODE_LENGTH}"),
            ));
        }
        let code = self.r.bytes(length, "code")?.to_vec();

        let count = self.r.u16("exception-table length")?;
        let mut exception_table = Vec::with_capacity(self.r.capacity(usize::from(count), 8));
        for n in 0..count {
            let at = self.r.offset();
            let start_pc = self.r.u16("exception-table entry")?;
            let end_pc = self.r.u16("exception-table entry")?;
            let handler_pc = self.r.u16("exception-table entry")?;
            let catch_index = self.r.u16("exception-table entry")?;
            let (start, end, handler) = (
                usize::from(start_pc),
                usize::from(end_pc),
                usize::from(handler_pc),
            );
            if start >= end || end > length || handler >= length {
                return Err(Error::attribute(
                    "Code",
                    format!(
                        "exception-table entry {n} (start {start}, end {end}, handler {handler}) \
                         does not fit the code (length {length})"
                    ),
                )
                .at_file_offset(at));
            }
            let catch_type = match catch_index {
                0 => None,
                index => Some(
                    self.pool
                        .class_name(index)
                        .map_err(|e| e.at_file_offset(at))?
                        .to_owned(),
                ),
            };
            exception_table.push(ExceptionHandler {
                start_pc,
                end_pc,
                handler_pc,
                catch_type,
            });
        }

        let mut line_numbers = Vec::new();
        let attributes = self.attributes(|name, p| {
            if name != "LineNumberTable" {
                return Ok(false);
            }
            let count = p.r.u16("LineNumberTable length")?;
            line_numbers.reserve(p.r.capacity(usize::from(count), 4));
            for _ in 0..count {
                let start_pc = p.r.u16("LineNumberTable entry")?;
                let line = p.r.u16("LineNumberTable entry")?;
                if usize::from(start_pc) >= length {
                    return Err(Error::attribute(
                        "LineNumberTable",
                        format!("start_pc {start_pc} is past the code (length {length})"),
                    ));
                }
                line_numbers.push(LineNumber { start_pc, line });
            }
            Ok(true)
        })?;
        Ok(Code {
            max_stack,
            max_locals,
            code,
            exception_table,
            line_numbers,
            attributes,
        })
    }

    fn inner_classes(&mut self) -> Result<Vec<InnerClass>> {
        let count = self.r.u16("InnerClasses length")?;
        let mut classes = Vec::with_capacity(self.r.capacity(usize::from(count), 8));
        for _ in 0..count {
            let inner_class = self.class("InnerClasses entry")?;
            let at = self.r.offset();
            let outer = self.r.u16("InnerClasses entry")?;
            let name = self.r.u16("InnerClasses entry")?;
            let access = ClassAccess::from_bits_retain(self.r.u16("InnerClasses entry")?);
            let optional = |index: u16, get: fn(&ConstantPool, u16) -> Result<&str>| match index {
                0 => Ok(None),
                index => get(self.pool, index).map(|s| Some(s.to_owned())),
            };
            classes.push(InnerClass {
                inner_class,
                outer_class: optional(outer, ConstantPool::class_name)
                    .map_err(|e| e.at_file_offset(at))?,
                inner_name: optional(name, ConstantPool::utf8).map_err(|e| e.at_file_offset(at))?,
                access,
            });
        }
        Ok(classes)
    }

    fn bootstrap_methods(&mut self) -> Result<Vec<BootstrapMethod>> {
        let count = self.r.u16("BootstrapMethods length")?;
        let mut methods = Vec::with_capacity(self.r.capacity(usize::from(count), 4));
        for _ in 0..count {
            let at = self.r.offset();
            let method_handle = self.r.u16("bootstrap method")?;
            self.pool
                .method_handle(method_handle)
                .map_err(|e| e.at_file_offset(at))?;
            let count = self.r.u16("bootstrap arguments")?;
            let mut arguments = Vec::with_capacity(self.r.capacity(usize::from(count), 2));
            for _ in 0..count {
                let at = self.r.offset();
                let argument = self.r.u16("bootstrap argument")?;
                self.pool
                    .loadable(argument)
                    .map_err(|e| e.at_file_offset(at))?;
                arguments.push(argument);
            }
            methods.push(BootstrapMethod {
                method_handle,
                arguments,
            });
        }
        Ok(methods)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::insn::{Cond, ValueKind};
    use crate::test_class::{attribute, sample_class, ClassBuilder};
    use crate::Op;
    use alloc::string::ToString;
    use alloc::vec;

    fn parse_err(bytes: &[u8]) -> Error {
        ClassFile::parse(bytes).unwrap_err()
    }

    #[test]
    fn parses_the_sample_class() {
        let class = ClassFile::parse(&sample_class()).unwrap();
        assert_eq!(class.this_class, "t/Sample");
        assert_eq!(class.super_class.as_deref(), Some("java/lang/Object"));
        assert_eq!((class.major_version, class.minor_version), (61, 0));
        assert_eq!(class.access, ClassAccess::PUBLIC | ClassAccess::SUPER);
        assert_eq!(class.source_file.as_deref(), Some("Sample.java"));
        let answer = class.field("ANSWER").unwrap();
        assert_eq!(answer.constant_value, Some(ConstantValue::Int(42)));
        assert!(answer
            .access
            .contains(FieldAccess::STATIC | FieldAccess::FINAL));
        assert_eq!(class.field("count").unwrap().field_type.slots(), 2);

        let shape = class.method("shape", "(IJ[Ljava/lang/String;)D").unwrap();
        assert!(shape.code.is_none() && shape.access.contains(MethodAccess::ABSTRACT));
        assert_eq!(shape.entry_slots(), 5);
        assert!(class.decode_method(shape).is_err());

        let run = class.method("run", "()V").unwrap();
        let code = run.code.as_ref().unwrap();
        assert_eq!(code.max_locals, 3);
        assert_eq!(
            code.exception_table[0].catch_type.as_deref(),
            Some("java/lang/Exception")
        );
        let insns = class.decode_method(run).unwrap();
        let offsets: Vec<u32> = insns.iter().map(|i| i.offset).collect();
        assert_eq!(
            offsets,
            [0, 1, 2, 3, 24, 25, 28, 31, 32, 35, 36, 38, 41, 42, 43]
        );
        assert_eq!(insns[11].op, Op::IfICmp(Cond::Lt, 31));
        assert_eq!(insns[1].op, Op::Store(ValueKind::Int, 1));
        let Op::Ldc2(big) = insns[5].op else {
            panic!("{}", insns[5])
        };
        assert_eq!(
            class.constant_pool.loadable(big).unwrap(),
            Loadable::Long(1 << 40)
        );
        let Op::PutField(count) = insns[6].op else {
            panic!("{}", insns[6])
        };
        let field = class.constant_pool.field_ref(count).unwrap();
        assert_eq!(
            (field.class, field.name, field.descriptor),
            ("t/Sample", "count", "J")
        );
    }

    #[test]
    fn header_errors() {
        let good = sample_class();
        let e = parse_err(&[0xCA, 0xFE, 0xBA, 0xBF, 0, 0, 0, 61]);
        assert_eq!(*e.kind(), ErrorKind::BadMagic(0xCAFE_BABF));
        for (minor, major, ok) in [
            (0, 61, true),
            (3, 45, true),
            (0, 44, false),
            (0, 62, false),
            (0xFFFF, 61, false),
            (1, 56, false),
            (0xFFFF, 55, true),
        ] {
            let mut bytes = good.clone();
            bytes[4..6].copy_from_slice(&u16::to_be_bytes(minor));
            bytes[6..8].copy_from_slice(&u16::to_be_bytes(major));
            let result = ClassFile::parse(&bytes);
            assert_eq!(result.is_ok(), ok, "{major}.{minor}: {result:?}");
        }
        let mut bytes = good.clone();
        bytes.push(0);
        let e = parse_err(&bytes);
        assert_eq!(*e.kind(), ErrorKind::TrailingBytes(1));
        assert_eq!(e.class_name(), Some("t/Sample"));
        // Every proper prefix is truncated, and says so.
        for len in 0..good.len() {
            let e = parse_err(&good[..len]);
            assert!(
                matches!(e.kind(), ErrorKind::Truncated { .. }),
                "prefix {len}: {e}"
            );
        }
    }

    #[test]
    fn method_errors_name_class_method_and_offset() {
        let mut b = ClassBuilder::new("t/Bad", "java/lang/Object");
        // 0: iconst_0; 1: ifeq 3 -> inside itself; 4: return
        b.method(
            0x0009,
            "jump",
            "()V",
            0,
            &[0x03, 0x99, 0x00, 0x02, 0xB1],
            &[],
        );
        let class = ClassFile::parse(&b.build()).unwrap();
        let e = class.decode_method(&class.methods[0]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "class t/Bad, method jump()V, bytecode offset 1: offset 3 is not the start of an instruction"
        );

        let mut b = ClassBuilder::new("t/Bad", "java/lang/Object");
        let method = b.method_ref("t/Bad", "m", "()V");
        let [h, l] = method.to_be_bytes();
        // getfield naming a method; iload_1 with max_locals 1; lload_1 and lload_0
        // with max_locals 2; ldc_w of a method ref; ldc_w and ldc2_w of a long.
        b.method(0x0001, "a", "()V", 1, &[0xB4, h, l, 0xB1], &[]);
        b.method(0x0001, "b", "()V", 1, &[0x1B, 0xB1], &[]);
        b.method(0x0009, "c", "(J)V", 2, &[0x1F, 0xB1], &[]);
        b.method(0x0009, "d", "(J)V", 2, &[0x1E, 0x58, 0xB1], &[]);
        b.method(0x0009, "e", "()V", 0, &[0x13, h, l, 0xB1], &[]);
        let long = b.long(5);
        let [lh, ll] = long.to_be_bytes();
        b.method(0x0009, "f", "()V", 0, &[0x13, lh, ll, 0xB1], &[]);
        b.method(0x0009, "g", "()V", 0, &[0x14, lh, ll, 0x58, 0xB1], &[]);
        let class = ClassFile::parse(&b.build()).unwrap();
        let decode = |name: &str| class.decode_method(class.methods_named(name).next().unwrap());
        let e = decode("a").unwrap_err();
        assert_eq!(
            *e.kind(),
            ErrorKind::WrongConstant {
                index: method,
                expected: "Fieldref",
                found: "Methodref"
            }
        );
        assert_eq!(
            (e.member(), e.code_offset()),
            (Some("method a()V"), Some(0))
        );
        assert_eq!(
            *decode("b").unwrap_err().kind(),
            ErrorKind::LocalOutOfRange {
                index: 1,
                max_locals: 1
            }
        );
        assert!(decode("c").is_err()); // lload_1 needs slots 1 and 2 of 2
        assert!(decode("d").is_ok()); // lload_0 fits
        assert!(decode("e").is_err());
        assert!(decode("f")
            .unwrap_err()
            .to_string()
            .contains("ldc cannot load"));
        assert!(decode("g").is_ok());
    }

    #[test]
    fn subroutines_only_before_java_7() {
        for (major, ok) in [(50, true), (51, false)] {
            let mut b = ClassBuilder::new("t/Old", "java/lang/Object");
            b.major = major;
            // 0: jsr 4; 3: return; 4: astore_0; 5: ret 0
            b.method(
                0x0009,
                "m",
                "()V",
                1,
                &[0xA8, 0, 4, 0xB1, 0x4B, 0xA9, 0],
                &[],
            );
            let class = ClassFile::parse(&b.build()).unwrap();
            let result = class.decode_method(&class.methods[0]);
            assert_eq!(result.is_ok(), ok, "{result:?}");
            if let Ok(insns) = result {
                assert!(!insns[0].op.is_supported());
            }
        }
    }

    #[test]
    fn exception_handlers_must_be_at_instruction_boundaries() {
        let mut b = ClassBuilder::new("t/Bad", "java/lang/Object");
        // 0: sipush 1; 3: pop; 4: return; 5: astore_0; 6: return
        let code = [0x11, 0, 1, 0x57, 0xB1, 0x4B, 0xB1];
        b.method(0x0009, "ok", "()V", 1, &code, &[(0, 4, 5, 0), (0, 7, 5, 0)]);
        b.method(0x0009, "start", "()V", 1, &code, &[(1, 4, 5, 0)]);
        b.method(0x0009, "end", "()V", 1, &code, &[(0, 2, 5, 0)]);
        b.method(0x0009, "handler", "()V", 1, &code, &[(0, 4, 2, 0)]);
        let class = ClassFile::parse(&b.build()).unwrap();
        assert!(class.decode_method(&class.methods[0]).is_ok());
        for (method, message) in
            class.methods[1..]
                .iter()
                .zip(["start_pc 1", "end_pc 2", "handler_pc 2"])
        {
            let e = class.decode_method(method).unwrap_err();
            assert!(e.to_string().contains(message), "{e}");
        }
        // Ranges that do not fit the code fail at parse time.
        for handler in [(4, 4, 5, 0), (0, 8, 5, 0), (0, 4, 7, 0), (0, 4, 5, 99)] {
            let mut b = ClassBuilder::new("t/Bad", "java/lang/Object");
            b.method(0x0009, "m", "()V", 1, &code, &[handler]);
            let e = parse_err(&b.build());
            assert_eq!(e.member(), Some("method m()V"), "{e}");
        }
    }

    #[test]
    fn structural_rules() {
        let build = |f: &dyn Fn(&mut ClassBuilder)| {
            let mut b = ClassBuilder::new("t/C", "java/lang/Object");
            f(&mut b);
            ClassFile::parse(&b.build())
        };
        let ok = build(&|_| {});
        assert!(ok.is_ok(), "{ok:?}");
        type Case<'a> = (&'a str, &'a dyn Fn(&mut ClassBuilder));
        let cases: [Case; 12] = [
            ("no Code attribute", &|b| {
                b.raw_method(0x0001, "m", "()V", vec![])
            }),
            ("abstract or native method has code", &|b| {
                b.method(0x0401, "m", "()V", 1, &[0xB1], &[])
            }),
            ("declared twice", &|b| {
                b.method(0x0009, "m", "()V", 0, &[0xB1], &[]);
                b.method(0x0009, "m", "()V", 0, &[0xB1], &[]);
            }),
            ("max_locals 0", &|b| {
                b.method(0x0001, "m", "(I)V", 0, &[0xB1], &[])
            }),
            ("bad method name", &|b| {
                b.method(0x0009, "a.b", "()V", 0, &[0xB1], &[])
            }),
            ("bad descriptor", &|b| {
                b.method(0x0009, "m", "(I", 0, &[0xB1], &[])
            }),
            ("bad field name", &|b| b.field(0, "x;", "I", vec![])),
            ("cannot have a constant value", &|b| {
                let one = b.int(1);
                let cv = attribute(b, "ConstantValue", &one.to_be_bytes());
                b.field(0x0008, "x", "Ljava/lang/Object;", vec![cv]);
            }),
            ("expected a Long", &|b| {
                let one = b.int(1);
                let cv = attribute(b, "ConstantValue", &one.to_be_bytes());
                b.field(0x0008, "x", "J", vec![cv]);
            }),
            ("1 bytes after its contents", &|b| {
                let source = b.utf8("C.java");
                let mut data = source.to_be_bytes().to_vec();
                data.push(0);
                let sf = attribute(b, "SourceFile", &data);
                b.class_attribute(sf);
            }),
            ("appears twice", &|b| {
                let source = b.utf8("C.java");
                for _ in 0..2 {
                    let sf = attribute(b, "SourceFile", &source.to_be_bytes());
                    b.class_attribute(sf);
                }
            }),
            ("names bootstrap method 0, but the class has 0", &|b| {
                b.invoke_dynamic(0, "run", "()Ljava/lang/Runnable;");
            }),
        ];
        for (message, f) in cases {
            let e = build(f).unwrap_err();
            assert!(
                e.to_string().contains(message),
                "expected {message:?}, got: {e}"
            );
            assert_eq!(e.class_name(), Some("t/C"));
        }
        // No superclass is only for java/lang/Object.
        assert!(ClassFile::parse(&ClassBuilder::new("t/C", "").build()).is_err());
        assert!(ClassFile::parse(&ClassBuilder::new("java/lang/Object", "").build()).is_ok());
        // An array is not a class name.
        assert!(ClassFile::parse(&ClassBuilder::new("[I", "java/lang/Object").build()).is_err());
    }

    #[test]
    fn unknown_attributes_are_kept_raw_and_line_numbers_decoded() {
        let mut b = ClassBuilder::new("t/C", "java/lang/Object");
        let lines = attribute(&mut b, "LineNumberTable", &[0, 1, 0, 0, 0, 7]);
        let custom = attribute(&mut b, "Custom", &[1, 2, 3]);
        let code = b.code_attribute(0, &[0x00, 0xB1], &[], vec![lines, custom]);
        b.raw_method(0x0009, "m", "()V", vec![code]);
        let deprecated = attribute(&mut b, "Deprecated", &[]);
        b.class_attribute(deprecated);
        let class = ClassFile::parse(&b.build()).unwrap();
        let code = class.methods[0].code.as_ref().unwrap();
        assert_eq!(
            code.line_numbers,
            [LineNumber {
                start_pc: 0,
                line: 7
            }]
        );
        assert_eq!(code.line_at(1), Some(7));
        assert_eq!(
            code.attributes,
            [RawAttribute {
                name: "Custom".to_string(),
                data: vec![1, 2, 3]
            }]
        );
        assert_eq!(class.attributes[0].name, "Deprecated");
    }
}
