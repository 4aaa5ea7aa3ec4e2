//! The crate's one error type.
//!
//! Class files come from outside (a user's `javac`, a download, a damaged disk), so
//! every way one can be malformed is an [`Error`] value, never a panic. An error
//! says *what* is wrong ([`ErrorKind`]) and *where*: the class, the field or method,
//! the bytecode offset and the byte offset in the class file, as far as they are
//! known where the problem is found. Context is added on the way out
//! ([`Error::in_class`], [`Error::in_method`], ...), so the innermost, most precise
//! location wins and outer layers only fill in what is still missing.

use alloc::boxed::Box;
use alloc::string::{String, ToString};
use core::fmt;

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = core::result::Result<T, E>;

/// What is wrong with a class file or its bytecode.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input ends before a structure it announces.
    Truncated {
        /// The structure being read.
        what: &'static str,
        /// Bytes it needs.
        needed: usize,
        /// Bytes that are left.
        available: usize,
    },
    /// The file does not start with `0xCAFEBABE`.
    BadMagic(u32),
    /// A class-file version this crate does not read.
    UnsupportedVersion { major: u16, minor: u16 },
    /// Bytes follow the last attribute of the class.
    TrailingBytes(usize),
    /// A constant-pool index is 0 or not below the pool's count.
    ConstantIndex { index: u16, count: u16 },
    /// A constant-pool index names the unusable slot after a long or double.
    UnusableConstant { index: u16 },
    /// A constant-pool entry has a tag this crate does not know (or one that is
    /// not allowed at this class-file version).
    UnknownConstantTag { index: u16, tag: u8 },
    /// A constant-pool entry is not of the kind its use requires.
    WrongConstant {
        index: u16,
        expected: &'static str,
        found: &'static str,
    },
    /// A `CONSTANT_Utf8` entry is not valid modified UTF-8.
    BadUtf8 { index: u16, reason: &'static str },
    /// A field or method descriptor is malformed.
    BadDescriptor {
        descriptor: String,
        reason: &'static str,
    },
    /// A class, field or method name breaks the class-file naming rules.
    BadName { what: &'static str, name: String },
    /// A known attribute is malformed.
    BadAttribute { name: String, reason: String },
    /// Any other structural rule of the class-file format is broken.
    Malformed(String),
    /// An opcode that is unassigned or reserved (`breakpoint`, `impdep1/2`).
    UnknownOpcode(u8),
    /// An instruction operand is invalid (a bad `newarray` type, a zero count, ...).
    BadOperand(String),
    /// A branch leads outside the code.
    BranchOutside { target: i64, code_length: usize },
    /// A branch (or exception-table entry) leads into the middle of an instruction.
    NotInstructionStart { target: u32 },
    /// A local-variable index is not below the method's `max_locals`.
    LocalOutOfRange { index: u32, max_locals: u16 },
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ErrorKind::*;
        match self {
            Truncated {
                what,
                needed,
                available,
            } => write!(
                f,
                "truncated {what}: needs {needed} bytes, only {available} left"
            ),
            BadMagic(magic) => write!(
                f,
                "not a class file: magic is 0x{magic:08X}, expected 0xCAFEBABE"
            ),
            UnsupportedVersion { major, minor } => write!(
                f,
                "unsupported class-file version {major}.{minor} (this converter reads \
                 45.0 to 61.0, Java 1.1 to 17, without preview features)"
            ),
            TrailingBytes(n) => write!(f, "{n} unexpected bytes after the end of the class"),
            ConstantIndex { index, count } => write!(
                f,
                "constant-pool index {index} is out of range (the pool has entries 1 to {})",
                count.saturating_sub(1)
            ),
            UnusableConstant { index } => write!(
                f,
                "constant-pool index {index} is the unusable slot after a long or double"
            ),
            UnknownConstantTag { index, tag } => {
                write!(f, "constant-pool entry {index} has unknown tag {tag}")
            }
            WrongConstant {
                index,
                expected,
                found,
            } => write!(
                f,
                "constant-pool entry {index} is a {found}, expected a {expected}"
            ),
            BadUtf8 { index, reason } => write!(
                f,
                "constant-pool entry {index} is not valid modified UTF-8: {reason}"
            ),
            BadDescriptor { descriptor, reason } => {
                write!(f, "bad descriptor {descriptor:?}: {reason}")
            }
            BadName { what, name } => write!(f, "bad {what} {name:?}"),
            BadAttribute { name, reason } => write!(f, "bad {name} attribute: {reason}"),
            Malformed(message) | BadOperand(message) => f.write_str(message),
            UnknownOpcode(op) => write!(f, "unknown or reserved opcode 0x{op:02X}"),
            BranchOutside {
                target,
                code_length,
            } => write!(
                f,
                "branch target {target} is outside the code (length {code_length})"
            ),
            NotInstructionStart { target } => {
                write!(f, "offset {target} is not the start of an instruction")
            }
            LocalOutOfRange { index, max_locals } => write!(
                f,
                "local variable {index} is out of range (max_locals is {max_locals})"
            ),
        }
    }
}

/// An error with its location. Boxed, so `Result`s stay one word wide.
#[derive(Clone, PartialEq, Eq)]
pub struct Error(Box<Inner>);

#[derive(Clone, PartialEq, Eq)]
struct Inner {
    kind: ErrorKind,
    class: Option<String>,
    /// `method name(descriptor)` or `field name descriptor`, ready to print.
    member: Option<String>,
    code_offset: Option<u32>,
    file_offset: Option<usize>,
}

impl Error {
    /// An error of `kind` with no location yet.
    pub fn new(kind: ErrorKind) -> Self {
        Error(Box::new(Inner {
            kind,
            class: None,
            member: None,
            code_offset: None,
            file_offset: None,
        }))
    }

    /// Shorthand for [`ErrorKind::Malformed`].
    pub(crate) fn malformed(message: impl ToString) -> Self {
        Self::new(ErrorKind::Malformed(message.to_string()))
    }

    /// Shorthand for [`ErrorKind::BadAttribute`].
    pub(crate) fn attribute(name: &str, reason: impl ToString) -> Self {
        Self::new(ErrorKind::BadAttribute {
            name: name.to_string(),
            reason: reason.to_string(),
        })
    }

    /// What is wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// The class (internal name, `a/b/C`) the error is in, when known.
    pub fn class_name(&self) -> Option<&str> {
        self.0.class.as_deref()
    }

    /// The field or method the error is in, when known, e.g. `method run()V`.
    pub fn member(&self) -> Option<&str> {
        self.0.member.as_deref()
    }

    /// The bytecode offset (from the start of the method's code), when known.
    pub fn code_offset(&self) -> Option<u32> {
        self.0.code_offset
    }

    /// The byte offset in the class file, when known.
    pub fn file_offset(&self) -> Option<usize> {
        self.0.file_offset
    }

    /// Says the error is in class `name`, unless a class is already known.
    pub fn in_class(mut self, name: &str) -> Self {
        self.0.class.get_or_insert_with(|| name.to_string());
        self
    }

    /// Says the error is in method `name` with `descriptor`, unless a member is
    /// already known.
    pub fn in_method(mut self, name: &str, descriptor: &str) -> Self {
        if self.0.member.is_none() {
            self.0.member = Some(alloc::format!("method {name}{descriptor}"));
        }
        self
    }

    /// Says the error is in field `name` with `descriptor`, unless a member is
    /// already known.
    pub fn in_field(mut self, name: &str, descriptor: &str) -> Self {
        if self.0.member.is_none() {
            self.0.member = Some(alloc::format!("field {name} {descriptor}"));
        }
        self
    }

    /// Says the error is at bytecode offset `offset`, unless one is already known.
    pub fn at_code_offset(mut self, offset: u32) -> Self {
        self.0.code_offset.get_or_insert(offset);
        self
    }

    /// Says the error is at byte `offset` of the class file, unless one is known.
    pub fn at_file_offset(mut self, offset: usize) -> Self {
        self.0.file_offset.get_or_insert(offset);
        self
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error::new(kind)
    }
}

/// `class a/B, method run()V, bytecode offset 12, file offset 345: <what>`.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.0;
        let mut any = false;
        let mut sep = |f: &mut fmt::Formatter<'_>| {
            let s = if any { ", " } else { "" };
            any = true;
            f.write_str(s)
        };
        if let Some(class) = &inner.class {
            sep(f)?;
            write!(f, "class {class}")?;
        }
        if let Some(member) = &inner.member {
            sep(f)?;
            f.write_str(member)?;
        }
        if let Some(offset) = inner.code_offset {
            sep(f)?;
            write!(f, "bytecode offset {offset}")?;
        }
        if let Some(offset) = inner.file_offset {
            sep(f)?;
            write!(f, "file offset {offset}")?;
        }
        if any {
            f.write_str(": ")?;
        }
        write!(f, "{}", inner.kind)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Error({self})")
    }
}

impl core::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn message_names_every_known_location() {
        let e = Error::new(ErrorKind::UnknownOpcode(0xCB))
            .at_code_offset(7)
            .in_method("run", "()V")
            .in_class("a/B")
            .in_class("ignored/Outer")
            .at_code_offset(99);
        assert_eq!(
            e.to_string(),
            "class a/B, method run()V, bytecode offset 7: unknown or reserved opcode 0xCB"
        );
        assert_eq!(e.code_offset(), Some(7));
        assert_eq!(e.class_name(), Some("a/B"));
        assert_eq!(
            Error::new(ErrorKind::TrailingBytes(3)).to_string(),
            "3 unexpected bytes after the end of the class"
        );
        assert_eq!(core::mem::size_of::<Result<()>>(), 8);
    }
}
