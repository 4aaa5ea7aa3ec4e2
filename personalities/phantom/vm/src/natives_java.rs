//! Natives behind the Java class library (`java/lang/Math`, `System.arraycopy`,
//! number formatting and parsing, ...): the part of the library that needs
//! the VM's insides or is faster in Rust. Same contract as [`crate::natives`].
//!
//! The library declares them in `phantom/lang/Natives` (Java source in
//! `personalities/phantom/jvm/lib`).

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::natives::{Ctx, Native, Outcome};

const N: &str = "phantom/lang/Natives";

fn f64_arg(a: u64) -> f64 {
    f64::from_bits(a)
}

fn new_string(cx: &mut dyn Ctx, s: &str) -> Outcome {
    match cx.new_string(s) {
        Some(r) => Outcome::Value(r),
        None => Outcome::Throw("java/lang/OutOfMemoryError", String::from("string")),
    }
}

fn npe() -> Outcome {
    Outcome::Throw("java/lang/NullPointerException", String::new())
}

/// The shortest decimal digits of `x` (finite, positive) that read back as
/// `x` at its precision, and the decimal exponent of the first digit:
/// `x = d.ddd × 10^e`.
fn digits(sci: &str) -> (Vec<u8>, i32) {
    // `sci` is Rust's `{:e}` form, e.g. `1.2345e-5` or `7e0`.
    let (mant, exp) = sci.split_once('e').unwrap_or((sci, "0"));
    let digits: Vec<u8> = mant.bytes().filter(|b| b.is_ascii_digit()).collect();
    let mut d = digits;
    while d.len() > 1 && d.last() == Some(&b'0') {
        d.pop();
    }
    (d, exp.parse().unwrap_or(0))
}

/// Java's `Double.toString` / `Float.toString` layout of the digits.
fn java_layout(neg: bool, d: &[u8], e: i32) -> String {
    let mut s = String::new();
    if neg {
        s.push('-');
    }
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    if (-3..7).contains(&e) {
        if e >= 0 {
            let int_len = e as usize + 1;
            if d.len() <= int_len {
                s.push_str(&text(d));
                for _ in d.len()..int_len {
                    s.push('0');
                }
                s.push_str(".0");
            } else {
                s.push_str(&text(&d[..int_len]));
                s.push('.');
                s.push_str(&text(&d[int_len..]));
            }
        } else {
            s.push_str("0.");
            for _ in 0..(-e - 1) {
                s.push('0');
            }
            s.push_str(&text(d));
        }
    } else {
        s.push(d[0] as char);
        s.push('.');
        if d.len() > 1 {
            s.push_str(&text(&d[1..]));
        } else {
            s.push('0');
        }
        s.push('E');
        s.push_str(&format!("{e}"));
    }
    s
}

/// `Double.toString(x)`.
pub fn double_to_string(x: f64) -> String {
    if x.is_nan() {
        return "NaN".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0.0" } else { "0.0" }.to_string();
    }
    let (d, e) = digits(&format!("{:e}", x.abs()));
    java_layout(x < 0.0, &d, e)
}

/// `Float.toString(x)`.
pub fn float_to_string(x: f32) -> String {
    if x.is_nan() {
        return "NaN".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0.0" } else { "0.0" }.to_string();
    }
    let (d, e) = digits(&format!("{:e}", x.abs()));
    java_layout(x < 0.0, &d, e)
}

const SIOOBE: &str = "java/lang/StringIndexOutOfBoundsException";
const NFE: &str = "java/lang/NumberFormatException";

/// The UTF-16 units of a string argument (null throws).
fn units(cx: &mut dyn Ctx, r: u64) -> Result<Vec<u16>, Outcome> {
    if r == 0 {
        return Err(npe());
    }
    cx.units(r).ok_or_else(|| Outcome::Throw("java/lang/ClassCastException", "not a string".into()))
}

fn new_units(cx: &mut dyn Ctx, u: &[u16]) -> Outcome {
    match cx.new_string_units(u) {
        Some(r) => Outcome::Value(r),
        None => Outcome::Throw("java/lang/OutOfMemoryError", String::from("string")),
    }
}

macro_rules! try_units {
    ($cx:expr, $r:expr) => {
        match units($cx, $r) {
            Ok(u) => u,
            Err(o) => return o,
        }
    };
}

fn text(u: &[u16]) -> String {
    char::decode_utf16(u.iter().copied())
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

fn find(hay: &[u16], needle: &[u16], from: usize) -> Option<usize> {
    if needle.is_empty() {
        return (from <= hay.len()).then_some(from);
    }
    if needle.len() > hay.len() {
        return None;
    }
    (from..=hay.len() - needle.len()).find(|&i| hay[i..i + needle.len()] == *needle)
}

fn rfind(hay: &[u16], needle: &[u16], from: i64) -> i64 {
    if from < 0 || needle.len() > hay.len() {
        return -1;
    }
    let start = (from as usize).min(hay.len() - needle.len());
    (0..=start).rev().find(|&i| hay[i..i + needle.len()] == *needle).map_or(-1, |i| i as i64)
}

/// The units of code point `cp`.
fn cp_units(cp: u32) -> Vec<u16> {
    match char::from_u32(cp) {
        Some(c) => {
            let mut b = [0u16; 2];
            c.encode_utf16(&mut b).to_vec()
        }
        None => alloc::vec![cp as u16],
    }
}

fn fold_upper(u: u16) -> u16 {
    char::from_u32(u as u32)
        .and_then(|c| {
            let mut up = c.to_uppercase();
            let first = up.next()?;
            (up.next().is_none() && (first as u32) < 0x10000).then_some(first as u16)
        })
        .unwrap_or(u)
}

fn fold_lower(u: u16) -> u16 {
    char::from_u32(u as u32)
        .and_then(|c| {
            let mut lo = c.to_lowercase();
            let first = lo.next()?;
            (lo.next().is_none() && (first as u32) < 0x10000).then_some(first as u16)
        })
        .unwrap_or(u)
}

/// Java's `compareToIgnoreCase` / `equalsIgnoreCase` per-char folding.
fn fold(u: u16) -> u16 {
    fold_lower(fold_upper(u))
}

fn compare(a: &[u16], b: &[u16], ignore_case: bool) -> i32 {
    for (&x, &y) in a.iter().zip(b) {
        let (x, y) = if ignore_case { (fold(x), fold(y)) } else { (x, y) };
        if x != y {
            return x as i32 - y as i32;
        }
    }
    a.len() as i32 - b.len() as i32
}

/// Java's grammar for `Double.parseDouble` (decimal forms), or `None`.
fn java_float_text(s: &str) -> Option<&str> {
    let t = s.trim_matches(|c: char| c <= ' ');
    let body = t.strip_prefix(['+', '-']).unwrap_or(t);
    if body == "NaN" || body == "Infinity" {
        return Some(t);
    }
    let body = body.strip_suffix(['f', 'F', 'd', 'D']).unwrap_or(body);
    let b = body.as_bytes();
    let mut i = 0;
    let mut digits = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
        digits += 1;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
            digits += 1;
        }
    }
    if digits == 0 {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let e0 = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == e0 {
            return None;
        }
    }
    (i == b.len()).then_some(t)
}

fn parse_java_double(s: &str) -> Result<f64, Outcome> {
    let bad = || {
        let t = s.trim_matches(|c: char| c <= ' ');
        let msg = if t.is_empty() { "empty String".to_string() } else { format!("For input string: \"{s}\"") };
        Outcome::Throw(NFE, msg)
    };
    let t = java_float_text(s).ok_or_else(bad)?;
    let neg = t.starts_with('-');
    let body = t.trim_start_matches(['+', '-']);
    let v = match body {
        "NaN" => f64::NAN,
        "Infinity" => f64::INFINITY,
        _ => body.trim_end_matches(['f', 'F', 'd', 'D']).parse::<f64>().map_err(|_| bad())?,
    };
    Ok(if neg { -v } else { v })
}

/// Rounds the decimal digits `d` (value `0.d × 10^(e+1)`) half-up to `keep`
/// digits; returns the digits and the possibly bumped exponent.
fn round_half_up(d: &[u8], e: i32, keep: i64) -> (Vec<u8>, i32) {
    if keep < 0 {
        return (alloc::vec![b'0'], e);
    }
    let keep = keep as usize;
    if d.len() <= keep {
        return (d.to_vec(), e);
    }
    let mut out: Vec<u8> = d[..keep].to_vec();
    if d[keep] >= b'5' {
        let mut i = keep;
        loop {
            if i == 0 {
                out.insert(0, b'1');
                return (out, e + 1);
            }
            i -= 1;
            if out[i] == b'9' {
                out[i] = b'0';
            } else {
                out[i] += 1;
                break;
            }
        }
    }
    if out.is_empty() {
        out.push(b'0');
    }
    (out, e)
}

/// `String.format("%.Nf", x)`: Java rounds the shortest decimal digits half-up.
pub fn format_fixed(x: f64, prec: usize) -> String {
    if x.is_nan() {
        return "NaN".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
    }
    let neg = x.is_sign_negative();
    let (d, e) = if x == 0.0 { (alloc::vec![b'0'], 0) } else { digits(&format!("{:e}", x.abs())) };
    // Digits kept: those before the point (e + 1) and `prec` after.
    let (d, e) = round_half_up(&d, e, e as i64 + 1 + prec as i64);
    let mut s = String::new();
    if neg {
        s.push('-');
    }
    let digit = |i: i64| -> char {
        if i >= 0 && (i as usize) < d.len() {
            d[i as usize] as char
        } else {
            '0'
        }
    };
    if e < 0 {
        s.push('0');
    } else {
        for i in 0..=e as i64 {
            s.push(digit(i));
        }
    }
    if prec > 0 {
        s.push('.');
        for k in 1..=prec as i64 {
            s.push(digit(e as i64 + k));
        }
    }
    s
}

/// `String.format("%.Ne", x)`: `d.ddde+XX`.
pub fn format_sci(x: f64, prec: usize) -> String {
    if x.is_nan() {
        return "NaN".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
    }
    let neg = x.is_sign_negative();
    let (d, e) = if x == 0.0 { (alloc::vec![b'0'], 0) } else { digits(&format!("{:e}", x.abs())) };
    let (d, e) = round_half_up(&d, e, 1 + prec as i64);
    let mut s = String::new();
    if neg {
        s.push('-');
    }
    s.push(d[0] as char);
    if prec > 0 {
        s.push('.');
        for k in 1..=prec {
            s.push(*d.get(k).unwrap_or(&b'0') as char);
        }
    }
    let e = if x == 0.0 { 0 } else { e };
    s.push_str(&format!("e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs()));
    s
}

/// `Character` properties of code point `cp` (beyond ASCII): 0 isLetter,
/// 1 isDigit, 3 isWhitespace, 4 isUpperCase, 5 isLowerCase, 6 toUpperCase,
/// 7 toLowerCase, 8 isAlphabetic, 9 digit value.
fn char_prop(cp: u32, what: u64) -> i32 {
    let Some(c) = char::from_u32(cp) else {
        return if what == 6 || what == 7 { cp as i32 } else { 0 };
    };
    let single = |mut it: core::iter::Peekable<core::char::ToUppercase>| -> i32 {
        match (it.next(), it.peek()) {
            (Some(x), None) => x as i32,
            _ => cp as i32,
        }
    };
    match what {
        0 | 8 => c.is_alphabetic() as i32,
        1 => (c.is_ascii_digit() || is_unicode_decimal(c)) as i32,
        3 => (c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}')) as i32,
        4 => c.is_uppercase() as i32,
        5 => c.is_lowercase() as i32,
        6 => single(c.to_uppercase().peekable()),
        7 => {
            let mut it = c.to_lowercase();
            match (it.next(), it.next()) {
                (Some(x), None) => x as i32,
                _ => cp as i32,
            }
        }
        9 => decimal_value(c).unwrap_or(-1),
        _ => 0,
    }
}

/// Decimal digits of the common Unicode scripts (category Nd blocks of ten).
const DIGIT_ZEROS: &[u32] = &[
    0x30, 0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6,
    0xe50, 0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0xff10,
];

fn decimal_value(c: char) -> Option<i32> {
    let u = c as u32;
    DIGIT_ZEROS.iter().find(|&&z| u >= z && u < z + 10).map(|&z| (u - z) as i32)
}

fn is_unicode_decimal(c: char) -> bool {
    decimal_value(c).is_some()
}

fn math1(a: &[u64], f: fn(f64) -> f64) -> Outcome {
    Outcome::Value(f(f64_arg(a[0])).to_bits())
}

fn math2(a: &[u64], f: fn(f64, f64) -> f64) -> Outcome {
    Outcome::Value(f(f64_arg(a[0]), f64_arg(a[1])).to_bits())
}

const MATH: &str = "java/lang/Math";

/// (class, method, descriptor, function), consulted after [`crate::natives`]'s table.
pub const NATIVES: &[(&str, &str, &str, Native)] = &[
    (N, "doubleToString", "(D)Ljava/lang/String;", |cx, a| {
        let s = double_to_string(f64_arg(a[0]));
        new_string(cx, &s)
    }),
    (N, "floatToString", "(F)Ljava/lang/String;", |cx, a| {
        let s = float_to_string(f64_arg(a[0]) as f32);
        new_string(cx, &s)
    }),
    (N, "charToString", "(C)Ljava/lang/String;", |cx, a| new_units(cx, &[a[0] as u16])),
    (N, "codePointToString", "(I)Ljava/lang/String;", |cx, a| new_units(cx, &cp_units(a[0] as u32))),
    (N, "newString", "([CII)Ljava/lang/String;", |cx, a| {
        let u = try_units!(cx, a[0]);
        let (off, count) = (a[1] as i64, a[2] as i64);
        if off < 0 || count < 0 || off + count > u.len() as i64 {
            let msg = format!("offset {off}, count {count}, length {}", u.len());
            return Outcome::Throw(SIOOBE, msg);
        }
        new_units(cx, &u[off as usize..(off + count) as usize])
    }),
    (N, "toCharArray", "(Ljava/lang/String;)[C", |cx, a| {
        let u = try_units!(cx, a[0]);
        match cx.new_char_array(&u) {
            Some(r) => Outcome::Value(r),
            None => Outcome::Throw("java/lang/OutOfMemoryError", String::from("char[]")),
        }
    }),
    (N, "substring", "(Ljava/lang/String;II)Ljava/lang/String;", |cx, a| {
        let u = try_units!(cx, a[0]);
        let (b, e) = (a[1] as i64, a[2] as i64);
        if b < 0 || e > u.len() as i64 || b > e {
            let msg = format!("begin {b}, end {e}, length {}", u.len());
            return Outcome::Throw(SIOOBE, msg);
        }
        if b == 0 && e == u.len() as i64 {
            return Outcome::Value(a[0]);
        }
        new_units(cx, &u[b as usize..e as usize])
    }),
    (N, "indexOf", "(Ljava/lang/String;Ljava/lang/String;I)I", |cx, a| {
        let h = try_units!(cx, a[0]);
        let n = try_units!(cx, a[1]);
        let from = (a[2] as i64).clamp(0, h.len() as i64) as usize;
        Outcome::Value(find(&h, &n, from).map_or(-1i64, |i| i as i64) as u64)
    }),
    (N, "lastIndexOf", "(Ljava/lang/String;Ljava/lang/String;I)I", |cx, a| {
        let h = try_units!(cx, a[0]);
        let n = try_units!(cx, a[1]);
        Outcome::Value(rfind(&h, &n, a[2] as i64) as u64)
    }),
    (N, "indexOfChar", "(Ljava/lang/String;II)I", |cx, a| {
        let h = try_units!(cx, a[0]);
        let n = cp_units(a[1] as u32);
        let from = (a[2] as i64).clamp(0, h.len() as i64) as usize;
        if from >= h.len() {
            return Outcome::Value(-1i64 as u64);
        }
        Outcome::Value(find(&h, &n, from).map_or(-1i64, |i| i as i64) as u64)
    }),
    (N, "lastIndexOfChar", "(Ljava/lang/String;II)I", |cx, a| {
        let h = try_units!(cx, a[0]);
        let n = cp_units(a[1] as u32);
        Outcome::Value(rfind(&h, &n, a[2] as i64) as u64)
    }),
    (N, "compare", "(Ljava/lang/String;Ljava/lang/String;Z)I", |cx, a| {
        let x = try_units!(cx, a[0]);
        let y = try_units!(cx, a[1]);
        Outcome::Value(compare(&x, &y, a[2] != 0) as i64 as u64)
    }),
    (N, "regionMatches", "(Ljava/lang/String;ZILjava/lang/String;II)Z", |cx, a| {
        let s = try_units!(cx, a[0]);
        let ic = a[1] != 0;
        let to = a[2] as i64;
        let o = try_units!(cx, a[3]);
        let (oo, len) = (a[4] as i64, a[5] as i64);
        if to < 0 || oo < 0 || to + len > s.len() as i64 || oo + len > o.len() as i64 {
            return Outcome::Value(0);
        }
        if len <= 0 {
            return Outcome::Value(1);
        }
        let (x, y) = (&s[to as usize..(to + len) as usize], &o[oo as usize..(oo + len) as usize]);
        let eq = x.iter().zip(y).all(|(&p, &q)| p == q || (ic && fold(p) == fold(q)));
        Outcome::Value(eq as u64)
    }),
    (N, "toUpperCase", "(Ljava/lang/String;)Ljava/lang/String;", |cx, a| {
        let u = try_units!(cx, a[0]);
        let t = text(&u).to_uppercase();
        new_string(cx, &t)
    }),
    (N, "toLowerCase", "(Ljava/lang/String;)Ljava/lang/String;", |cx, a| {
        let u = try_units!(cx, a[0]);
        let t = text(&u).to_lowercase();
        new_string(cx, &t)
    }),
    (N, "trim", "(Ljava/lang/String;I)Ljava/lang/String;", |cx, a| {
        // mode: 0 trim (<= ' '), 1 strip, 2 stripLeading, 3 stripTrailing (whitespace)
        let u = try_units!(cx, a[0]);
        let mode = a[1];
        let ws = |c: u16| -> bool {
            if mode == 0 {
                c <= b' ' as u16
            } else {
                char::from_u32(c as u32).is_some_and(|c| c.is_whitespace())
            }
        };
        let mut b = 0;
        let mut e = u.len();
        if mode != 3 {
            while b < e && ws(u[b]) {
                b += 1;
            }
        }
        if mode != 2 {
            while e > b && ws(u[e - 1]) {
                e -= 1;
            }
        }
        if b == 0 && e == u.len() {
            return Outcome::Value(a[0]);
        }
        new_units(cx, &u[b..e])
    }),
    (N, "replaceChar", "(Ljava/lang/String;CC)Ljava/lang/String;", |cx, a| {
        let u = try_units!(cx, a[0]);
        let (f, t) = (a[1] as u16, a[2] as u16);
        let r: Vec<u16> = u.iter().map(|&c| if c == f { t } else { c }).collect();
        new_units(cx, &r)
    }),
    (N, "replace", "(Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;", |cx, a| {
        let u = try_units!(cx, a[0]);
        let f = try_units!(cx, a[1]);
        let t = try_units!(cx, a[2]);
        let mut out = Vec::new();
        if f.is_empty() {
            for &c in &u {
                out.extend_from_slice(&t);
                out.push(c);
            }
            out.extend_from_slice(&t);
        } else {
            let mut i = 0;
            while i < u.len() {
                if u[i..].starts_with(&f) {
                    out.extend_from_slice(&t);
                    i += f.len();
                } else {
                    out.push(u[i]);
                    i += 1;
                }
            }
        }
        new_units(cx, &out)
    }),
    (N, "repeat", "(Ljava/lang/String;I)Ljava/lang/String;", |cx, a| {
        let u = try_units!(cx, a[0]);
        let n = a[1] as i64;
        if n < 0 {
            return Outcome::Throw("java/lang/IllegalArgumentException", format!("count is negative: {n}"));
        }
        if (u.len() as u64).saturating_mul(n as u64) > (1 << 28) {
            return Outcome::Throw("java/lang/OutOfMemoryError", "Repeating string is too long".into());
        }
        let out = u.repeat(n as usize);
        new_units(cx, &out)
    }),
    (N, "parseDouble", "(Ljava/lang/String;)D", |cx, a| {
        let u = try_units!(cx, a[0]);
        match parse_java_double(&text(&u)) {
            Ok(v) => Outcome::Value(v.to_bits()),
            Err(o) => o,
        }
    }),
    (N, "parseFloat", "(Ljava/lang/String;)F", |cx, a| {
        let u = try_units!(cx, a[0]);
        let s = text(&u);
        match parse_java_double(&s) {
            Ok(v) => {
                let body = s.trim_matches(|c: char| c <= ' ');
                let body = body.trim_end_matches(['f', 'F', 'd', 'D']);
                let f = body.trim_start_matches('+').parse::<f32>().unwrap_or(v as f32);
                let f = if v.is_nan() { f32::NAN } else if v.is_infinite() { v as f32 } else { f };
                Outcome::Value((f as f64).to_bits())
            }
            Err(o) => o,
        }
    }),
    (N, "formatFixed", "(DI)Ljava/lang/String;", |cx, a| {
        let s = format_fixed(f64_arg(a[0]), (a[1] as i64).clamp(0, 400) as usize);
        new_string(cx, &s)
    }),
    (N, "formatSci", "(DI)Ljava/lang/String;", |cx, a| {
        let s = format_sci(f64_arg(a[0]), (a[1] as i64).clamp(0, 400) as usize);
        new_string(cx, &s)
    }),
    (N, "clone", "(Ljava/lang/Object;)Ljava/lang/Object;", |cx, a| {
        if a[0] == 0 {
            return npe();
        }
        match cx.clone_object(a[0]) {
            Some(r) => Outcome::Value(r),
            None => Outcome::Throw("java/lang/OutOfMemoryError", String::from("clone")),
        }
    }),
    (N, "newArrayLike", "(Ljava/lang/Object;I)Ljava/lang/Object;", |cx, a| {
        if a[0] == 0 {
            return npe();
        }
        let n = a[1] as i64;
        if n < 0 {
            return Outcome::Throw("java/lang/NegativeArraySizeException", format!("{n}"));
        }
        match cx.new_array_like(a[0], n as usize) {
            Some(r) => Outcome::Value(r),
            None => Outcome::Throw("java/lang/OutOfMemoryError", String::from("array")),
        }
    }),
    (N, "identityHashCode", "(Ljava/lang/Object;)I", |_, a| {
        Outcome::Value(if a[0] == 0 { 0 } else { crate::object::identity_hash(a[0]) as i64 as u64 })
    }),
    (N, "className", "(Ljava/lang/Object;)Ljava/lang/String;", |cx, a| {
        if a[0] == 0 {
            return npe();
        }
        let n = cx.class_name_of(a[0]);
        new_string(cx, &n)
    }),
    ("java/lang/System", "arraycopy", "(Ljava/lang/Object;ILjava/lang/Object;II)V", |cx, a| {
        match cx.array_copy(a[0], a[1] as i64, a[2], a[3] as i64, a[4] as i64) {
            Ok(()) => Outcome::Void,
            Err((c, m)) => Outcome::Throw(c, m),
        }
    }),
    ("java/lang/Double", "doubleToRawLongBits", "(D)J", |_, a| Outcome::Value(a[0])),
    ("java/lang/Double", "longBitsToDouble", "(J)D", |_, a| Outcome::Value(a[0])),
    ("java/lang/Float", "floatToRawIntBits", "(F)I", |_, a| {
        Outcome::Value((f64_arg(a[0]) as f32).to_bits() as i32 as i64 as u64)
    }),
    ("java/lang/Float", "intBitsToFloat", "(I)F", |_, a| {
        Outcome::Value((f32::from_bits(a[0] as u32) as f64).to_bits())
    }),
    ("java/lang/String", "compareTo", "(Ljava/lang/Object;)I", |cx, a| {
        let x = try_units!(cx, a[0]);
        if a[1] == 0 {
            return npe();
        }
        let Some(y) = cx.units(a[1]).filter(|_| cx.class_name_of(a[1]) == "java/lang/String") else {
            let n = cx.class_name_of(a[1]).replace('/', ".");
            return Outcome::Throw("java/lang/ClassCastException", format!("class {n} cannot be cast to class java.lang.String"));
        };
        Outcome::Value(compare(&x, &y, false) as i64 as u64)
    }),
    ("java/lang/String", "subSequence", "(II)Ljava/lang/CharSequence;", |cx, a| {
        let u = try_units!(cx, a[0]);
        let (b, e) = (a[1] as i64, a[2] as i64);
        if b < 0 || e > u.len() as i64 || b > e {
            let msg = format!("begin {b}, end {e}, length {}", u.len());
            return Outcome::Throw(SIOOBE, msg);
        }
        new_units(cx, &u[b as usize..e as usize])
    }),
    ("java/lang/Character", "prop", "(II)I", |_, a| Outcome::Value(char_prop(a[0] as u32, a[1]) as i64 as u64)),
    (MATH, "sqrt", "(D)D", |_, a| math1(a, libm::sqrt)),
    (MATH, "cbrt", "(D)D", |_, a| math1(a, libm::cbrt)),
    (MATH, "sin", "(D)D", |_, a| math1(a, libm::sin)),
    (MATH, "cos", "(D)D", |_, a| math1(a, libm::cos)),
    (MATH, "tan", "(D)D", |_, a| math1(a, libm::tan)),
    (MATH, "asin", "(D)D", |_, a| math1(a, libm::asin)),
    (MATH, "acos", "(D)D", |_, a| math1(a, libm::acos)),
    (MATH, "atan", "(D)D", |_, a| math1(a, libm::atan)),
    (MATH, "sinh", "(D)D", |_, a| math1(a, libm::sinh)),
    (MATH, "cosh", "(D)D", |_, a| math1(a, libm::cosh)),
    (MATH, "tanh", "(D)D", |_, a| math1(a, libm::tanh)),
    (MATH, "exp", "(D)D", |_, a| math1(a, libm::exp)),
    (MATH, "expm1", "(D)D", |_, a| math1(a, libm::expm1)),
    (MATH, "log", "(D)D", |_, a| math1(a, libm::log)),
    (MATH, "log10", "(D)D", |_, a| math1(a, libm::log10)),
    (MATH, "log1p", "(D)D", |_, a| math1(a, libm::log1p)),
    (MATH, "floor", "(D)D", |_, a| math1(a, libm::floor)),
    (MATH, "ceil", "(D)D", |_, a| math1(a, libm::ceil)),
    (MATH, "rint", "(D)D", |_, a| math1(a, libm::rint)),
    (MATH, "atan2", "(DD)D", |_, a| math2(a, libm::atan2)),
    (MATH, "hypot", "(DD)D", |_, a| math2(a, libm::hypot)),
    (MATH, "pow", "(DD)D", |_, a| math2(a, libm::pow)),
    (MATH, "IEEEremainder", "(DD)D", |_, a| math2(a, libm::remainder)),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_print_like_java() {
        for (x, want) in [
            (1.0, "1.0"),
            (0.1 + 0.2, "0.30000000000000004"),
            (100.0, "100.0"),
            (1e7, "1.0E7"),
            (9999999.0, "9999999.0"),
            (0.001, "0.001"),
            (0.0001, "1.0E-4"),
            (1.5e-5, "1.5E-5"),
            (-2.5, "-2.5"),
            (123456.789, "123456.789"),
            (1e21, "1.0E21"),
            (f64::MAX, "1.7976931348623157E308"),
            (f64::MIN_POSITIVE, "2.2250738585072014E-308"),
            (3.141592653589793, "3.141592653589793"),
        ] {
            assert_eq!(double_to_string(x), want, "{x}");
        }
        assert_eq!(float_to_string(0.1), "0.1");
        assert_eq!(float_to_string(1.0 / 3.0), "0.33333334");
        assert_eq!(float_to_string(1e10), "1.0E10");
    }

    #[test]
    fn fixed_and_scientific_formats_round_like_java() {
        assert_eq!(format_fixed(0.125, 2), "0.13");
        assert_eq!(format_fixed(1.005, 2), "1.01");
        assert_eq!(format_fixed(3.14159, 2), "3.14");
        assert_eq!(format_fixed(-0.04, 1), "-0.0");
        assert_eq!(format_fixed(9.999, 2), "10.00");
        assert_eq!(format_fixed(1e20, 1), "100000000000000000000.0");
        assert_eq!(format_fixed(0.0005, 3), "0.001");
        assert_eq!(format_fixed(0.0004, 3), "0.000");
        assert_eq!(format_fixed(2.5, 0), "3");
        assert_eq!(format_fixed(123.0, 0), "123");
        assert_eq!(format_sci(12345.678, 2), "1.23e+04");
        assert_eq!(format_sci(0.00012, 3), "1.200e-04");
        assert_eq!(format_sci(0.0, 1), "0.0e+00");
    }
}
