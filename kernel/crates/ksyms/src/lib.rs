//! Kernel symbol table for backtraces: a plain-text format, a writer and a
//! lookup.
//!
//! # How it fits
//!
//! The build (xtask) reads the linked kernel's ELF symbols, demangles them and
//! calls [`write_table`] to produce the table text, which is embedded in or
//! loaded next to the kernel. When the kernel panics it walks the frame
//! pointers and calls [`lookup`] for each return address to print
//! `name+offset`. Because that happens in a panic handler, `lookup` needs no
//! heap, never panics, and treats the table as untrusted bytes: a line it
//! cannot parse is skipped, not fatal.
//!
//! # Format
//!
//! One symbol a line, sorted by address ascending:
//!
//! ```text
//! <address as 16 lowercase hex digits> <size as hex> <demangled name>\n
//! ffffffff80001000 1a4 phantom_kernel::main
//! ffffffff800011a4 0 syscall_entry
//! ```
//!
//! The name is the rest of the line and may contain spaces
//! (`<T as core::fmt::Debug>::fmt`). A size of 0 means "unknown" (typically an
//! assembly label); such a symbol covers addresses up to the next symbol.
//!
//! # Usage
//!
//! ```
//! use phantom_ksyms::{lookup, write_table};
//!
//! // Build side: from the ELF symbol table.
//! let mut symbols = vec![
//!     (0xffff_ffff_8000_2000, 0x80, "phantom_kernel::panic::backtrace".to_string()),
//!     (0xffff_ffff_8000_1000, 0x1a4, "phantom_kernel::main".to_string()),
//! ];
//! let table = write_table(&mut symbols);
//!
//! // Kernel side: for each return address on the stack.
//! assert_eq!(lookup(table.as_bytes(), 0xffff_ffff_8000_1010), Some(("phantom_kernel::main", 0x10)));
//! assert_eq!(lookup(table.as_bytes(), 0xffff_ffff_8000_3000), None);
//! ```
//!
//! Start reading at [`lookup`]; the line parser is [`parse_line`].

#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

/// Name and offset of the symbol containing `addr` (addr in [start, start+size), or if size is 0 the nearest preceding symbol). No alloc, never panics on a malformed table (bad lines are skipped).
///
/// If several sized symbols contain `addr`, the one starting closest below
/// it wins (the innermost); a sized symbol containing `addr` is preferred to
/// a size-0 symbol. A size-0 symbol matches only if it is the nearest symbol
/// at or below `addr`. Among symbols at the same address the first line wins.
///
/// The table must be sorted by address: the scan stops at the first symbol
/// above `addr`. An unsorted table gives wrong answers but still no panic.
pub fn lookup(table: &[u8], addr: u64) -> Option<(&str, u64)> {
    // Best sized symbol containing `addr`, and the nearest symbol at or below.
    let mut containing: Option<Symbol<'_>> = None;
    let mut nearest: Option<Symbol<'_>> = None;
    for sym in symbols(table) {
        if sym.addr > addr {
            break;
        }
        let is_better = |best: &Option<Symbol<'_>>| best.is_none_or(|b| sym.addr > b.addr);
        if sym.size != 0 && addr - sym.addr < sym.size && is_better(&containing) {
            containing = Some(sym);
        }
        if is_better(&nearest) {
            nearest = Some(sym);
        }
    }
    let sym = containing.or(nearest.filter(|s| s.size == 0))?;
    Some((sym.name, addr - sym.addr))
}

/// One parsed line of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Symbol<'a> {
    pub addr: u64,
    pub size: u64,
    pub name: &'a str,
}

/// Parse one line (without its `\n`) of the table; `None` if malformed.
///
/// Lenient where it costs nothing: fewer than 16 address digits, upper-case
/// hex and a trailing `\r` are accepted. Rejected: missing fields, non-hex
/// numbers, values over 64 bits, an empty or non-UTF-8 name.
pub fn parse_line(line: &[u8]) -> Option<Symbol<'_>> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let mut fields = line.splitn(3, |&b| b == b' ');
    let addr = parse_hex(fields.next()?)?;
    let size = parse_hex(fields.next()?)?;
    let name = core::str::from_utf8(fields.next()?).ok()?;
    if name.is_empty() {
        return None;
    }
    Some(Symbol { addr, size, name })
}

/// Iterate over the well-formed lines of a table, in table order.
pub fn symbols(table: &[u8]) -> impl Iterator<Item = Symbol<'_>> {
    table.split(|&b| b == b'\n').filter_map(parse_line)
}

fn parse_hex(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() || digits.len() > 16 {
        return None;
    }
    digits.iter().try_fold(0u64, |acc, &d| {
        let v = (d as char).to_digit(16)?;
        Some(acc << 4 | u64::from(v))
    })
}

/// Produce the table text from `(address, size, demangled name)` triples.
///
/// Sorts `symbols` in place (by address, then sized before size-0, then by
/// name), and removes from it what the table leaves out:
///
/// * a size-0 symbol at an address that already has a symbol (aliases such as
///   section-start labels add nothing to a backtrace);
/// * exact duplicates;
/// * symbols with an empty name.
///
/// Control characters in names (which would break the one-line-per-symbol
/// format) are written as `?`.
pub fn write_table(symbols: &mut Vec<(u64, u64, String)>) -> String {
    symbols.retain(|s| !s.2.is_empty());
    symbols.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then((a.1 == 0).cmp(&(b.1 == 0)))
            .then_with(|| a.2.cmp(&b.2))
            .then(a.1.cmp(&b.1))
    });
    symbols.dedup_by(|later, earlier| {
        later.0 == earlier.0 && (later.1 == 0 || (later.1 == earlier.1 && later.2 == earlier.2))
    });
    let mut out = String::with_capacity(symbols.len() * 48);
    for (addr, size, name) in symbols.iter() {
        // Writing to a String cannot fail.
        let _ = write!(out, "{addr:016x} {size:x} ");
        out.extend(name.chars().map(|c| if c.is_control() { '?' } else { c }));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests;
