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

#[allow(dead_code)]
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
    (N, "charToString", "(C)Ljava/lang/String;", |cx, a| {
        let c = char::from_u32(a[0] as u32).unwrap_or(char::REPLACEMENT_CHARACTER);
        let mut b = [0u8; 4];
        new_string(cx, c.encode_utf8(&mut b))
    }),
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
}
