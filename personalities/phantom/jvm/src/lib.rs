//! The Java side of Phantom's class-file converter.
//!
//! Java is the main source language of Phantom's native personality: programs
//! are compiled with `javac`, and a converter turns the class files into Phantom
//! bytecode. This crate is the converter's first half, which knows only the JVM:
//! it reads class files and decodes their bytecode, checking everything, so the
//! second half (which knows only Phantom) can walk a well-formed class without
//! checking anything itself. It is `no_std` + `alloc` and safe Rust, and runs
//! wherever the converter runs: on the host (`cargo xtask java`) and in the
//! kernel.
//!
//! - [`ClassFile::parse`] (`classfile.rs`) reads a class file of version 45 to 61
//!   (Java 1.1 to 17): the constant pool ([`ConstantPool`], with typed accessors
//!   that resolve an index to a class name, member reference, literal, ...),
//!   fields, methods and the attributes a converter needs.
//! - [`insn::decode`] (`insn.rs`) turns a method's code into [`Instruction`]s
//!   with branch targets resolved and checked; [`ClassFile::decode_method`] also
//!   checks the instructions' operands against the class.
//! - [`FieldType`] and [`MethodDescriptor`] (`descriptor.rs`) are parsed
//!   descriptors, with the slot counts of their values.
//! - Every problem is an [`Error`] saying what is wrong and where (class, method,
//!   bytecode offset, file offset); malformed input never panics, and lengths in
//!   the input are checked against the input before anything is allocated for
//!   them (a fuzz test holds the crate to this).
//!
//! # Usage
//!
//! ```no_run
//! # fn main() -> Result<(), phantom_jvm::Error> {
//! # let bytes: &[u8] = &[];
//! use phantom_jvm::{ClassFile, Op};
//!
//! let class = ClassFile::parse(bytes)?;
//! for method in class.methods.iter().filter(|m| m.code.is_some()) {
//!     for insn in class.decode_method(method)? {
//!         if let Op::InvokeVirtual(index) = insn.op {
//!             let callee = class.constant_pool.method_ref(index)?;
//!             // ... emit a Phantom call to callee.class, callee.name ...
//!         }
//!     }
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # Not supported
//!
//! Class files newer than Java 17 (major version 61) or using preview features;
//! the subroutine instructions `jsr`/`ret` (decoded, but [`Op::is_supported`]
//! says no, and [`ClassFile::decode_method`] rejects them from version 51 on,
//! as the JVM does; `javac` has not emitted them since Java 6). Generic signatures,
//! annotations, stack maps and other attributes are kept raw. Verification
//! beyond the static checks (types on the operand stack, stack depth) is the
//! converter's business.
//!
//! # Testing
//!
//! Unit tests build class files byte by byte (`test_class.rs`, a tiny
//! assembler); `javac_tests.rs` compiles Java sources with the host's `javac`
//! at test time (fields and constants, switches, enums, lambdas, string
//! concatenation, exceptions, `synchronized`, arrays, interfaces, nested
//! classes, Unicode strings) and checks what the converter will rely on;
//! `fuzz_tests.rs` mutates those class files thousands of times and requires
//! that nothing panics and that whatever decodes also resolves.
#![no_std]
#![deny(unsafe_code)]

extern crate alloc;
#[cfg(any(test, feature = "std"))]
extern crate std;

mod classfile;
pub mod convert;
#[cfg(any(test, feature = "std"))]
pub mod host;
mod constant_pool;
mod descriptor;
mod error;
pub mod insn;
mod mutf8;
mod reader;

#[cfg(test)]
mod fuzz_tests;
#[cfg(test)]
mod javac_tests;
#[cfg(test)]
mod java_tests;
#[cfg(test)]
mod test_class;

pub use classfile::{
    BootstrapCall, BootstrapMethod, ClassAccess, ClassFile, Code, ConstantValue, ExceptionHandler,
    FieldAccess, FieldInfo, InnerClass, LineNumber, MethodAccess, MethodInfo, RawAttribute, MAGIC,
    MAX_MAJOR_VERSION, MIN_MAJOR_VERSION,
};
pub use constant_pool::{
    Constant, ConstantPool, DynamicRef, Loadable, MemberRef, MethodHandleRef, NameAndType,
    ReferenceKind,
};
pub use descriptor::{
    BaseType, FieldType, MethodDescriptor, MAX_ARRAY_DIMENSIONS, MAX_PARAMETER_SLOTS,
};
pub use error::{Error, ErrorKind, Result};
pub use insn::{Instruction, Op};
pub use convert::{convert, ConvertError, Env, Options};
