//! Object layout in the heap.
//!
//! Every object starts with two words: the header (class id in the low 32
//! bits, size in words in the high 32) and the monitor word (owning thread
//! id + 1 in the low 32 bits, recursion count in the high 32; 0 when free).
//!
//! | shape        | words after the two header words                        |
//! |--------------|---------------------------------------------------------|
//! | instance     | one word per field (ints, float bits, references)       |
//! | string       | length in UTF-16 units, then the units, 4 per word      |
//! | array        | length, then elements packed by [`Elem::size`]          |
//! | statics      | owning class, init state, fields                        |
//! | free chunk   | (header word 1 is the next free chunk)                  |
//!
//! Objects never move (the collector is mark-sweep), so an object's identity
//! hash is derived from its address.

use alloc::string::String;
use alloc::vec::Vec;

use crate::heap::{header_class, header_size, Heap, Memory, Ref};
use crate::insn::Elem;

/// Class id of free chunks.
pub const FREE: u32 = 0;
/// Class id of the per-class objects that hold static fields.
pub const STATICS: u32 = 1;

/// Index of the first field of an instance.
pub const FIELDS: usize = 2;
/// Index of the length word of arrays and strings.
pub const LEN: usize = 2;
/// Index of the first element of arrays and strings.
pub const DATA: usize = 3;
/// Index of the owning class id in a statics object (word 1 is its
/// monitor, which `static synchronized` methods lock).
pub const STATICS_OWNER: usize = 2;
/// Index of the initialisation state in a statics object.
pub const STATICS_INIT: usize = 3;
/// Index of the first static field in a statics object.
pub const STATICS_FIELDS: usize = 4;

/// Class initialisation states (in the statics object, so they persist).
pub const INIT_NONE: u64 = 0;
pub const INIT_RUNNING: u64 = 1;
pub const INIT_DONE: u64 = 2;
pub const INIT_FAILED: u64 = 3;

#[inline]
pub fn class_of<M: Memory>(h: &Heap<M>, r: Ref) -> u32 {
    header_class(h.get(r as usize))
}

#[inline]
pub fn size_of<M: Memory>(h: &Heap<M>, r: Ref) -> usize {
    header_size(h.get(r as usize))
}

/// Words an array of `len` elements takes.
pub fn array_words(elem: Elem, len: usize) -> Option<usize> {
    let bytes = len.checked_mul(elem.size())?;
    DATA.checked_add(bytes.div_ceil(8))
}

#[inline]
pub fn len<M: Memory>(h: &Heap<M>, r: Ref) -> usize {
    h.get(r as usize + LEN) as usize
}

/// Reads element `i` (in bounds) of a primitive or reference array, as a
/// register value (sign- or zero-extended integer, f64 bits, or reference).
#[inline]
pub fn load<M: Memory>(h: &Heap<M>, r: Ref, elem: Elem, i: usize) -> u64 {
    let base = r as usize + DATA;
    match elem {
        Elem::I64 | Elem::F64 | Elem::Ref => h.get(base + i),
        _ => {
            let size = elem.size();
            let bit = i * size * 8;
            let w = h.get(base + bit / 64) >> (bit % 64);
            match elem {
                Elem::I8 => w as u8 as i8 as i64 as u64,
                Elem::U16 => w as u16 as u64,
                Elem::I16 => w as u16 as i16 as i64 as u64,
                Elem::I32 => w as u32 as i32 as i64 as u64,
                Elem::F32 => (f32::from_bits(w as u32) as f64).to_bits(),
                _ => unreachable!(),
            }
        }
    }
}

/// Writes element `i` (in bounds) from a register value.
#[inline]
pub fn store<M: Memory>(h: &mut Heap<M>, r: Ref, elem: Elem, i: usize, v: u64) {
    let base = r as usize + DATA;
    match elem {
        Elem::I64 | Elem::F64 | Elem::Ref => h.set(base + i, v),
        _ => {
            let size = elem.size();
            let bits = if elem == Elem::F32 {
                (f64::from_bits(v) as f32).to_bits() as u64
            } else {
                v
            };
            let mask = if size == 4 { 0xffff_ffffu64 } else { (1u64 << (size * 8)) - 1 };
            let bit = i * size * 8;
            let w = base + bit / 64;
            let shift = bit % 64;
            let old = h.get(w);
            h.set(w, (old & !(mask << shift)) | ((bits & mask) << shift));
        }
    }
}

/// Allocates an array of `len` elements of class `class` (zeroed).
pub fn new_array<M: Memory>(h: &mut Heap<M>, class: u32, elem: Elem, len: usize) -> Option<Ref> {
    let words = array_words(elem, len)?;
    if words > u32::MAX as usize {
        return None;
    }
    let r = h.alloc(class, words)?;
    h.set(r as usize + LEN, len as u64);
    Some(r)
}

/// Allocates a string object (class `class`) holding `units`.
pub fn new_string_units<M: Memory>(h: &mut Heap<M>, class: u32, units: &[u16]) -> Option<Ref> {
    let r = new_array(h, class, Elem::U16, units.len())?;
    for (i, &u) in units.iter().enumerate() {
        if u != 0 {
            store(h, r, Elem::U16, i, u as u64);
        }
    }
    Some(r)
}

pub fn new_string<M: Memory>(h: &mut Heap<M>, class: u32, s: &str) -> Option<Ref> {
    let units: Vec<u16> = s.encode_utf16().collect();
    new_string_units(h, class, &units)
}

/// The UTF-16 units of a string object.
pub fn string_units<M: Memory>(h: &Heap<M>, r: Ref) -> Vec<u16> {
    (0..len(h, r)).map(|i| load(h, r, Elem::U16, i) as u16).collect()
}

/// A string object as Rust text (unpaired surrogates become U+FFFD).
pub fn string_text<M: Memory>(h: &Heap<M>, r: Ref) -> String {
    char::decode_utf16(string_units(h, r))
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// Java's `String.hashCode`.
pub fn string_hash<M: Memory>(h: &Heap<M>, r: Ref) -> i32 {
    let mut hash = 0i32;
    for i in 0..len(h, r) {
        hash = hash.wrapping_mul(31).wrapping_add(load(h, r, Elem::U16, i) as i32);
    }
    hash
}

pub fn strings_equal<M: Memory>(h: &Heap<M>, a: Ref, b: Ref) -> bool {
    let n = len(h, a);
    if n != len(h, b) {
        return false;
    }
    let words = n.div_ceil(4);
    h.words(a as usize + DATA, words) == h.words(b as usize + DATA, words)
}

/// Allocates a statics object for class `owner` with `n` field slots.
pub fn new_statics<M: Memory>(h: &mut Heap<M>, owner: u32, n: usize) -> Option<Ref> {
    let r = h.alloc(STATICS, STATICS_FIELDS + n)?;
    h.set(r as usize + STATICS_OWNER, owner as u64);
    Some(r)
}

/// Identity hash of an object (stable: objects do not move).
pub fn identity_hash(r: Ref) -> i32 {
    let x = r.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (x >> 33) as i32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::heap::PAGE_WORDS;
    use alloc::vec;

    #[test]
    fn packed_elements_round_trip() {
        let mut h = Heap::format(vec![0u64; 4 * PAGE_WORDS]);
        for elem in Elem::ALL {
            let a = new_array(&mut h, 9, elem, 13).unwrap();
            let vals: [u64; 3] = match elem {
                Elem::I8 => [(-5i64) as u64, 127, (-128i64) as u64],
                Elem::U16 => [65535, 0, 4660],
                Elem::I16 => [(-32768i64) as u64, 32767, 1],
                Elem::I32 => [(-1i64) as u64, i32::MAX as u64, (i32::MIN as i64) as u64],
                Elem::I64 | Elem::Ref => [u64::MAX, 1 << 40, 7],
                Elem::F32 => [1.5f64.to_bits(), (-0.25f64).to_bits(), 3.0f64.to_bits()],
                Elem::F64 => [0.1f64.to_bits(), f64::MAX.to_bits(), 2.0f64.to_bits()],
            };
            for i in 0..13 {
                store(&mut h, a, elem, i, vals[i % 3]);
            }
            for i in 0..13 {
                assert_eq!(load(&h, a, elem, i), vals[i % 3], "{elem:?}[{i}]");
            }
        }
    }

    #[test]
    fn strings() {
        let mut h = Heap::format(vec![0u64; 4 * PAGE_WORDS]);
        let a = new_string(&mut h, 5, "héllo 🌍").unwrap();
        let b = new_string(&mut h, 5, "héllo 🌍").unwrap();
        assert_eq!(string_text(&h, a), "héllo 🌍");
        assert!(strings_equal(&h, a, b));
        let c = new_string(&mut h, 5, "hello").unwrap();
        assert!(!strings_equal(&h, a, c));
        assert_eq!(string_hash(&h, c), 99162322); // "hello".hashCode() in Java
    }
}
