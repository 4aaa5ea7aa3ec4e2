//! A bounds-checked big-endian reader over the class-file bytes.
//!
//! Every read names what it reads, so a short file gives an error such as
//! "truncated field count: needs 2 bytes, only 1 left" at the exact file offset.
//! Attributes are read through [`Reader::sub`], a reader limited to the
//! attribute's declared length, so a lying length can never make a parser read
//! past its attribute, and leftover bytes are detected.

use crate::error::{Error, ErrorKind, Result};

#[derive(Clone)]
pub(crate) struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    /// File offset of `data[0]`, for error locations.
    base: usize,
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Reader {
            data,
            pos: 0,
            base: 0,
        }
    }

    /// Byte offset of the next read in the class file.
    pub fn offset(&self) -> usize {
        self.base.saturating_add(self.pos)
    }

    pub fn remaining(&self) -> usize {
        self.data.len() - self.pos
    }

    pub fn is_empty(&self) -> bool {
        self.remaining() == 0
    }

    /// The next `n` bytes, consumed.
    pub fn bytes(&mut self, n: usize, what: &'static str) -> Result<&'a [u8]> {
        if n > self.remaining() {
            return Err(Error::new(ErrorKind::Truncated {
                what,
                needed: n,
                available: self.remaining(),
            })
            .at_file_offset(self.offset()));
        }
        let start = self.pos;
        self.pos += n;
        Ok(&self.data[start..self.pos])
    }

    /// A reader over the next `n` bytes, which are consumed from this one.
    pub fn sub(&mut self, n: usize, what: &'static str) -> Result<Reader<'a>> {
        let base = self.offset();
        let data = self.bytes(n, what)?;
        Ok(Reader { data, pos: 0, base })
    }

    pub fn u8(&mut self, what: &'static str) -> Result<u8> {
        Ok(self.bytes(1, what)?[0])
    }

    pub fn u16(&mut self, what: &'static str) -> Result<u16> {
        let b = self.bytes(2, what)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    pub fn u32(&mut self, what: &'static str) -> Result<u32> {
        let b = self.bytes(4, what)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub fn u64(&mut self, what: &'static str) -> Result<u64> {
        let hi = self.u32(what)?;
        let lo = self.u32(what)?;
        Ok(u64::from(hi) << 32 | u64::from(lo))
    }

    /// A capacity for `count` items of at least `min_size` bytes each that the
    /// remaining input can actually hold: a huge count in a short file must not
    /// allocate anything big before the reads fail.
    pub fn capacity(&self, count: usize, min_size: usize) -> usize {
        count.min(self.remaining() / min_size.max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_big_endian_and_reports_truncation_with_offset() {
        let data = [0xCA, 0xFE, 0xBA, 0xBE, 0, 1, 2];
        let mut r = Reader::new(&data);
        assert_eq!(r.u32("magic").unwrap(), 0xCAFE_BABE);
        let mut sub = r.sub(2, "attr").unwrap();
        assert_eq!(sub.u16("x").unwrap(), 1);
        assert!(sub.is_empty());
        let err = sub.u8("y").unwrap_err();
        assert_eq!(err.file_offset(), Some(6));
        let err = r.u16("count").unwrap_err();
        assert_eq!(
            *err.kind(),
            ErrorKind::Truncated {
                what: "count",
                needed: 2,
                available: 1
            }
        );
        assert_eq!(r.capacity(1_000_000, 1), 1);
    }
}
