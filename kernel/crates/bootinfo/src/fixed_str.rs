//! A string in a fixed-size buffer, for names and command lines copied out of
//! boot memory before any heap exists.

use core::fmt;

/// Up to `N` bytes of valid UTF-8, stored inline.
///
/// Boot loaders hand over raw bytes; [`FixedStr::from_c_bytes`] makes them
/// text by stopping at the first NUL, replacing each invalid UTF-8 sequence
/// with `?`, and truncating at a character boundary once `N` bytes are used.
#[derive(Clone, Copy)]
pub(crate) struct FixedStr<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> FixedStr<N> {
    pub(crate) const fn empty() -> Self {
        FixedStr {
            buf: [0; N],
            len: 0,
        }
    }

    /// The text of a (possibly NUL-terminated) byte string, sanitised and
    /// truncated as described on the type.
    pub(crate) fn from_c_bytes(bytes: &[u8]) -> Self {
        let mut s = Self::empty();
        let mut rest = bytes.split(|&b| b == 0).next().unwrap_or_default();
        while !rest.is_empty() {
            match core::str::from_utf8(rest) {
                Ok(text) => {
                    s.push_str(text);
                    break;
                }
                Err(e) => {
                    let (valid, after) = rest.split_at(e.valid_up_to());
                    // `valid` is UTF-8 by the error's own account.
                    s.push_str(core::str::from_utf8(valid).unwrap_or_default());
                    match e.error_len() {
                        Some(bad) => {
                            s.push_str("?");
                            rest = after.get(bad..).unwrap_or_default();
                        }
                        // An incomplete sequence at the very end: drop it.
                        None => break,
                    }
                }
            }
        }
        s
    }

    /// Append as much of `text` as fits, cut at a character boundary.
    fn push_str(&mut self, text: &str) {
        let room = N - self.len;
        let mut take = text.len().min(room);
        while !text.is_char_boundary(take) {
            take -= 1;
        }
        self.buf[self.len..self.len + take].copy_from_slice(&text.as_bytes()[..take]);
        self.len += take;
    }

    pub(crate) fn as_str(&self) -> &str {
        // Only whole UTF-8 characters are ever pushed, so this cannot fail;
        // the fallback keeps the function total all the same.
        core::str::from_utf8(&self.buf[..self.len]).unwrap_or_default()
    }
}

impl<const N: usize> fmt::Debug for FixedStr<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::FixedStr;

    #[test]
    fn stops_at_nul() {
        assert_eq!(FixedStr::<16>::from_c_bytes(b"abc\0def").as_str(), "abc");
        assert_eq!(FixedStr::<16>::from_c_bytes(b"\0abc").as_str(), "");
        assert_eq!(FixedStr::<16>::from_c_bytes(b"").as_str(), "");
        assert_eq!(FixedStr::<16>::from_c_bytes(b"no nul").as_str(), "no nul");
    }

    #[test]
    fn truncates_at_a_char_boundary() {
        assert_eq!(FixedStr::<4>::from_c_bytes(b"abcdef").as_str(), "abcd");
        // "é" is two bytes; it does not fit after "abc" in 4 bytes.
        assert_eq!(
            FixedStr::<4>::from_c_bytes("abcé".as_bytes()).as_str(),
            "abc"
        );
        assert_eq!(
            FixedStr::<5>::from_c_bytes("abcé".as_bytes()).as_str(),
            "abcé"
        );
        assert_eq!(FixedStr::<0>::from_c_bytes(b"abc").as_str(), "");
    }

    #[test]
    fn replaces_invalid_utf8() {
        assert_eq!(
            FixedStr::<16>::from_c_bytes(b"a\xffb\xfe\xfdc").as_str(),
            "a?b??c"
        );
        // A multi-byte sequence cut off at the end is dropped.
        assert_eq!(FixedStr::<16>::from_c_bytes(b"ab\xc3").as_str(), "ab");
        assert_eq!(FixedStr::<2>::from_c_bytes(b"a\xff\xffb").as_str(), "a?");
    }

    #[test]
    fn debug_shows_the_text() {
        extern crate std;
        let s = FixedStr::<8>::from_c_bytes(b"hi");
        assert_eq!(std::format!("{s:?}"), "\"hi\"");
    }
}
