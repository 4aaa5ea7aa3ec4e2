//! Field and method descriptors (JVMS §4.3), and the class-file naming rules
//! (JVMS §4.2).
//!
//! A descriptor is the erased type of a field (`[Ljava/lang/String;`) or method
//! (`(IJLjava/lang/Object;)V`). The converter needs them parsed to know how many
//! values a call pops, how many local-variable slots the arguments fill (longs
//! and doubles take two), and what kind of value comes back. Generic signatures
//! (the `Signature` attribute) are a different syntax and are kept raw.

use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use crate::error::{Error, ErrorKind, Result};

/// The JVM's primitive types, as in descriptors and `newarray`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BaseType {
    /// `B`
    Byte,
    /// `C`
    Char,
    /// `D`
    Double,
    /// `F`
    Float,
    /// `I`
    Int,
    /// `J`
    Long,
    /// `S`
    Short,
    /// `Z`
    Boolean,
}

impl BaseType {
    /// The type of descriptor character `c`.
    pub fn from_descriptor_char(c: u8) -> Option<Self> {
        Some(match c {
            b'B' => BaseType::Byte,
            b'C' => BaseType::Char,
            b'D' => BaseType::Double,
            b'F' => BaseType::Float,
            b'I' => BaseType::Int,
            b'J' => BaseType::Long,
            b'S' => BaseType::Short,
            b'Z' => BaseType::Boolean,
            _ => return None,
        })
    }

    /// The descriptor character of this type.
    pub fn descriptor_char(self) -> char {
        match self {
            BaseType::Byte => 'B',
            BaseType::Char => 'C',
            BaseType::Double => 'D',
            BaseType::Float => 'F',
            BaseType::Int => 'I',
            BaseType::Long => 'J',
            BaseType::Short => 'S',
            BaseType::Boolean => 'Z',
        }
    }

    /// The type of `newarray`'s `atype` operand (`T_BOOLEAN` = 4 .. `T_LONG` = 11).
    pub fn from_newarray_code(code: u8) -> Option<Self> {
        Some(match code {
            4 => BaseType::Boolean,
            5 => BaseType::Char,
            6 => BaseType::Float,
            7 => BaseType::Double,
            8 => BaseType::Byte,
            9 => BaseType::Short,
            10 => BaseType::Int,
            11 => BaseType::Long,
            _ => return None,
        })
    }

    /// Local-variable (and operand-stack) slots a value takes: 2 for long and
    /// double, 1 otherwise.
    pub fn slots(self) -> u8 {
        match self {
            BaseType::Long | BaseType::Double => 2,
            _ => 1,
        }
    }
}

/// The type of a field, parameter or return value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FieldType {
    /// A primitive type.
    Base(BaseType),
    /// A class or interface, by internal name (`java/lang/String`).
    Object(String),
    /// An array of the boxed element type (which may itself be an array).
    Array(Box<FieldType>),
}

/// Arrays have at most 255 dimensions (JVMS §4.3.2).
pub const MAX_ARRAY_DIMENSIONS: usize = 255;

impl FieldType {
    /// Parses a whole field descriptor such as `I`, `Ljava/lang/String;`, `[[J`.
    pub fn parse(descriptor: &str) -> Result<Self> {
        let mut pos = 0;
        let ty = parse_field_type(descriptor, &mut pos)?;
        if pos != descriptor.len() {
            return Err(bad_descriptor(descriptor, "characters after the type"));
        }
        Ok(ty)
    }

    /// Local-variable slots a value of this type takes (2 for long and double).
    pub fn slots(&self) -> u8 {
        match self {
            FieldType::Base(base) => base.slots(),
            _ => 1,
        }
    }

    /// Whether values of this type are references (objects or arrays).
    pub fn is_reference(&self) -> bool {
        !matches!(self, FieldType::Base(_))
    }

    /// Array dimensions: 0 for a non-array, 2 for `[[I`.
    pub fn array_dimensions(&self) -> usize {
        let mut ty = self;
        let mut dims = 0;
        while let FieldType::Array(element) = ty {
            dims += 1;
            ty = element;
        }
        dims
    }
}

/// Writes the type back as a descriptor.
impl fmt::Display for FieldType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut ty = self;
        while let FieldType::Array(element) = ty {
            f.write_str("[")?;
            ty = element;
        }
        match ty {
            FieldType::Base(base) => write!(f, "{}", base.descriptor_char()),
            FieldType::Object(name) => write!(f, "L{name};"),
            // Not reached: the loop above unwrapped every array.
            FieldType::Array(_) => Ok(()),
        }
    }
}

/// A parsed method descriptor.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MethodDescriptor {
    /// Parameter types, in order (without the receiver of instance methods).
    pub params: Vec<FieldType>,
    /// The return type; `None` for `V` (void).
    pub ret: Option<FieldType>,
}

/// Parameters of a method fill at most 255 slots (JVMS §4.3.3).
pub const MAX_PARAMETER_SLOTS: u16 = 255;

impl MethodDescriptor {
    /// Parses a method descriptor such as `(I[JLjava/lang/Object;)V`.
    pub fn parse(descriptor: &str) -> Result<Self> {
        let bytes = descriptor.as_bytes();
        if bytes.first() != Some(&b'(') {
            return Err(bad_descriptor(
                descriptor,
                "a method descriptor starts with '('",
            ));
        }
        let mut pos = 1;
        let mut params = Vec::new();
        let mut slots: u16 = 0;
        loop {
            match bytes.get(pos) {
                None => return Err(bad_descriptor(descriptor, "missing ')'")),
                Some(b')') => break,
                Some(_) => {
                    let ty = parse_field_type(descriptor, &mut pos)?;
                    slots = slots.saturating_add(u16::from(ty.slots()));
                    params.push(ty);
                }
            }
        }
        if slots > MAX_PARAMETER_SLOTS {
            return Err(bad_descriptor(
                descriptor,
                "parameters take more than 255 slots",
            ));
        }
        pos += 1;
        let ret = if bytes.get(pos) == Some(&b'V') {
            pos += 1;
            None
        } else {
            Some(parse_field_type(descriptor, &mut pos)?)
        };
        if pos != bytes.len() {
            return Err(bad_descriptor(
                descriptor,
                "characters after the return type",
            ));
        }
        Ok(MethodDescriptor { params, ret })
    }

    /// Local-variable slots the arguments fill (without the receiver): the
    /// number of words a call pops, less one for instance methods.
    pub fn arg_slots(&self) -> u16 {
        // At most 255 by construction.
        self.params.iter().map(|p| u16::from(p.slots())).sum()
    }

    /// Slots the return value takes: 0 for void, 2 for long and double.
    pub fn return_slots(&self) -> u8 {
        self.ret.as_ref().map_or(0, FieldType::slots)
    }
}

/// Writes the descriptor back.
impl fmt::Display for MethodDescriptor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(")?;
        for p in &self.params {
            write!(f, "{p}")?;
        }
        f.write_str(")")?;
        match &self.ret {
            Some(ret) => write!(f, "{ret}"),
            None => f.write_str("V"),
        }
    }
}

fn bad_descriptor(descriptor: &str, reason: &'static str) -> Error {
    Error::new(ErrorKind::BadDescriptor {
        descriptor: descriptor.to_string(),
        reason,
    })
}

/// Parses the field type starting at byte `*pos` of `descriptor` and moves
/// `*pos` past it.
fn parse_field_type(descriptor: &str, pos: &mut usize) -> Result<FieldType> {
    let bytes = descriptor.as_bytes();
    let mut dims = 0;
    while bytes.get(*pos) == Some(&b'[') {
        dims += 1;
        *pos += 1;
    }
    if dims > MAX_ARRAY_DIMENSIONS {
        return Err(bad_descriptor(descriptor, "more than 255 array dimensions"));
    }
    let mut ty = match bytes.get(*pos) {
        None => return Err(bad_descriptor(descriptor, "missing type")),
        Some(b'L') => {
            let start = *pos + 1;
            let len = bytes[start..]
                .iter()
                .position(|&b| b == b';')
                .ok_or_else(|| bad_descriptor(descriptor, "class name without ';'"))?;
            // '[' and ';' are ASCII, so these are char boundaries.
            let name = &descriptor[start..start + len];
            if !is_binary_name(name) {
                return Err(bad_descriptor(descriptor, "bad class name"));
            }
            *pos = start + len + 1;
            FieldType::Object(name.to_string())
        }
        Some(&c) => {
            let base = BaseType::from_descriptor_char(c)
                .ok_or_else(|| bad_descriptor(descriptor, "unknown type character"))?;
            *pos += 1;
            FieldType::Base(base)
        }
    };
    for _ in 0..dims {
        ty = FieldType::Array(Box::new(ty));
    }
    Ok(ty)
}

/// An unqualified name (JVMS §4.2.2): non-empty, without `. ; [ /`.
pub(crate) fn is_unqualified_name(name: &str) -> bool {
    !name.is_empty() && !name.contains(['.', ';', '[', '/'])
}

/// A binary class name in internal form (`java/lang/Object`): unqualified names
/// joined by `/`.
pub(crate) fn is_binary_name(name: &str) -> bool {
    name.split('/').all(is_unqualified_name)
}

/// The name of a `CONSTANT_Class`: a binary name or an array descriptor.
pub(crate) fn is_class_constant_name(name: &str) -> bool {
    if name.starts_with('[') {
        matches!(FieldType::parse(name), Ok(FieldType::Array(_)))
    } else {
        is_binary_name(name)
    }
}

/// A method name: `<init>`, `<clinit>`, or an unqualified name without `<`, `>`.
pub(crate) fn is_method_name(name: &str) -> bool {
    name == "<init>"
        || name == "<clinit>"
        || (is_unqualified_name(name) && !name.contains(['<', '>']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    fn obj(name: &str) -> FieldType {
        FieldType::Object(name.into())
    }

    #[test]
    fn field_descriptors() {
        assert_eq!(
            FieldType::parse("I").unwrap(),
            FieldType::Base(BaseType::Int)
        );
        assert_eq!(
            FieldType::parse("Ljava/lang/String;").unwrap(),
            obj("java/lang/String")
        );
        let t = FieldType::parse("[[J").unwrap();
        assert_eq!(t.array_dimensions(), 2);
        assert_eq!(t.slots(), 1);
        assert_eq!(t.to_string(), "[[J");
        assert_eq!(FieldType::parse("D").unwrap().slots(), 2);
        let deep = "[".repeat(255) + "I";
        assert_eq!(FieldType::parse(&deep).unwrap().array_dimensions(), 255);
        for bad in [
            "",
            "V",
            "II",
            "L;",
            "Ljava/lang/String",
            "La//b;",
            "La.b;",
            "[",
            "Q",
            "[V",
        ] {
            assert!(FieldType::parse(bad).is_err(), "{bad:?} accepted");
        }
        assert!(FieldType::parse(&("[".repeat(256) + "I")).is_err());
    }

    #[test]
    fn method_descriptors() {
        let m = MethodDescriptor::parse("(IJLjava/lang/Object;[DZ)V").unwrap();
        assert_eq!(m.params.len(), 5);
        assert_eq!(m.arg_slots(), 1 + 2 + 1 + 1 + 1);
        assert_eq!(m.ret, None);
        assert_eq!(m.return_slots(), 0);
        assert_eq!(m.to_string(), "(IJLjava/lang/Object;[DZ)V");
        let m = MethodDescriptor::parse("()[Ljava/lang/String;").unwrap();
        assert_eq!(m.ret.unwrap().array_dimensions(), 1);
        assert_eq!(MethodDescriptor::parse("(D)J").unwrap().return_slots(), 2);
        let max = alloc::format!("({})V", "I".repeat(255));
        assert_eq!(MethodDescriptor::parse(&max).unwrap().arg_slots(), 255);
        let over = alloc::format!("({})V", "J".repeat(128));
        assert!(MethodDescriptor::parse(&over).is_err());
        for bad in ["", "I", "(", "(I", "()", "(V)V", "()VV", "()II", "(I)Lx"] {
            assert!(MethodDescriptor::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn names() {
        assert!(is_binary_name("java/lang/Object"));
        assert!(is_binary_name("Outer$Inner"));
        assert!(!is_binary_name("a//b") && !is_binary_name("") && !is_binary_name("a.b"));
        assert!(is_class_constant_name("[Ljava/lang/String;"));
        assert!(!is_class_constant_name("[java/lang/String"));
        assert!(is_method_name("<init>") && is_method_name("lambda$main$0"));
        assert!(!is_method_name("<foo>") && !is_method_name("a/b"));
    }
}
