//! Decoding of the JVM's "modified UTF-8" (JVMS §4.4.7) into Rust strings.
//!
//! It differs from standard UTF-8 in two ways: U+0000 is written as the two bytes
//! `C0 80` (so the encoded form has no zero byte), and characters above U+FFFF
//! are written as their UTF-16 surrogate pair, each half a 3-byte sequence (six
//! bytes in all, where UTF-8 uses four). 4-byte sequences do not exist.
//!
//! A Java string may hold a surrogate that is not part of a pair (`"\uD800"` is a
//! legal literal); a Rust `String` cannot. Such a lone surrogate decodes to
//! U+FFFD and is reported, so the caller can decide whether the loss matters
//! (it never does for names, which javac never gives lone surrogates).
//! Everything else that is not a valid encoding (a zero byte, a stray
//! continuation byte, a truncated or overlong sequence) is an error.

use alloc::string::String;

/// A decoded string, and whether a lone surrogate had to be replaced by U+FFFD.
pub(crate) fn decode(bytes: &[u8]) -> Result<(String, bool), &'static str> {
    if bytes.iter().all(|&b| (1..0x80).contains(&b)) {
        // Plain ASCII, the common case: one check, one copy.
        return Ok((String::from_utf8_lossy(bytes).into_owned(), false));
    }
    let mut out = String::with_capacity(bytes.len());
    let mut lossy = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            0x01..=0x7F => {
                out.push(char::from(b));
                i += 1;
            }
            0x00 => return Err("zero byte (U+0000 must be written as C0 80)"),
            0xC0..=0xDF => {
                let c = continuation(bytes, i + 1)?;
                let cp = (u32::from(b) & 0x1F) << 6 | c;
                if cp < 0x80 && cp != 0 {
                    return Err("overlong two-byte sequence");
                }
                out.push(char::from_u32(cp).ok_or("invalid code point")?);
                i += 2;
            }
            0xE0..=0xEF => {
                let cp = three_byte(bytes, i)?;
                match cp {
                    0xD800..=0xDBFF => {
                        // A high surrogate: a pair if a low surrogate follows.
                        let low = match bytes.get(i + 3) {
                            Some(0xED) => three_byte(bytes, i + 3).ok(),
                            _ => None,
                        };
                        match low {
                            Some(low @ 0xDC00..=0xDFFF) => {
                                let c = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                                out.push(char::from_u32(c).ok_or("invalid code point")?);
                                i += 6;
                            }
                            _ => {
                                out.push(char::REPLACEMENT_CHARACTER);
                                lossy = true;
                                i += 3;
                            }
                        }
                    }
                    0xDC00..=0xDFFF => {
                        out.push(char::REPLACEMENT_CHARACTER);
                        lossy = true;
                        i += 3;
                    }
                    _ => {
                        out.push(char::from_u32(cp).ok_or("invalid code point")?);
                        i += 3;
                    }
                }
            }
            0x80..=0xBF => return Err("continuation byte without a leading byte"),
            0xF0..=0xFF => return Err("byte 0xF0 or above (no 4-byte sequences here)"),
        }
    }
    Ok((out, lossy))
}

/// The 6 payload bits of the continuation byte at `i`.
fn continuation(bytes: &[u8], i: usize) -> Result<u32, &'static str> {
    match bytes.get(i) {
        Some(&c) if c & 0xC0 == 0x80 => Ok(u32::from(c & 0x3F)),
        Some(_) => Err("expected a continuation byte"),
        None => Err("sequence cut off at the end"),
    }
}

/// The code point (possibly a surrogate) of the 3-byte sequence at `i`.
fn three_byte(bytes: &[u8], i: usize) -> Result<u32, &'static str> {
    let cp = (u32::from(bytes[i]) & 0x0F) << 12
        | continuation(bytes, i + 1)? << 6
        | continuation(bytes, i + 2)?;
    if cp < 0x800 {
        return Err("overlong three-byte sequence");
    }
    Ok(cp)
}

/// Encodes `s` as modified UTF-8 (the inverse of [`decode`]); for tests.
#[cfg(test)]
pub(crate) fn encode(s: &str) -> alloc::vec::Vec<u8> {
    let mut out = alloc::vec::Vec::new();
    for unit in s.encode_utf16() {
        let u = u32::from(unit);
        match u {
            0x01..=0x7F => out.push(u as u8),
            0x00 | 0x80..=0x7FF => {
                out.push(0xC0 | (u >> 6) as u8);
                out.push(0x80 | (u & 0x3F) as u8);
            }
            _ => {
                out.push(0xE0 | (u >> 12) as u8);
                out.push(0x80 | ((u >> 6) & 0x3F) as u8);
                out.push(0x80 | (u & 0x3F) as u8);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_nul_two_three_and_six_byte_forms() {
        assert_eq!(decode(b"hello").unwrap(), ("hello".into(), false));
        assert_eq!(decode(&[b'a', 0xC0, 0x80, b'b']).unwrap().0, "a\0b");
        assert_eq!(decode(&[0xC3, 0xA9]).unwrap().0, "é");
        assert_eq!(decode(&[0xE2, 0x82, 0xAC]).unwrap().0, "€");
        // U+1F600 as the surrogate pair D83D DE00.
        let smiley = [0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80];
        assert_eq!(decode(&smiley).unwrap(), ("😀".into(), false));
        assert_eq!(encode("😀"), smiley);
    }

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        // High surrogate D800 followed by 'x'; then a lone low surrogate DC00.
        let bytes = [0xED, 0xA0, 0x80, b'x', 0xED, 0xB0, 0x80];
        assert_eq!(decode(&bytes).unwrap(), ("\u{FFFD}x\u{FFFD}".into(), true));
        // Two high surrogates in a row: both lone.
        let bytes = [0xED, 0xA0, 0x80, 0xED, 0xA0, 0x80];
        assert_eq!(decode(&bytes).unwrap(), ("\u{FFFD}\u{FFFD}".into(), true));
    }

    #[test]
    fn malformed_input_is_an_error() {
        for bad in [
            &[0x00][..],
            &[0x80],
            &[0xC3],
            &[0xC3, 0x41],
            &[0xC1, 0x81],
            &[0xE2, 0x82],
            &[0xE0, 0x81, 0x81],
            &[0xF0, 0x9F, 0x98, 0x80],
            &[0xFF],
        ] {
            assert!(decode(bad).is_err(), "{bad:02X?} accepted");
        }
    }

    #[test]
    fn round_trips_every_char_class() {
        let s = "a\0é€😀\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}z";
        assert_eq!(decode(&encode(s)).unwrap(), (s.into(), false));
    }
}
