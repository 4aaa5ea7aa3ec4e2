//! Natives behind the Java class library (`java/lang/Math`, `System.arraycopy`,
//! number formatting and parsing, ...): the part of the library that needs
//! the VM's insides or is faster in Rust. Same contract as [`crate::natives`].

use crate::natives::Native;

/// (class, method, descriptor, function), consulted after [`crate::natives`]'s table.
pub const NATIVES: &[(&str, &str, &str, Native)] = &[];
