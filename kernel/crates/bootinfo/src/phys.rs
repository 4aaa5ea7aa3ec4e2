//! Checked reads of little-endian values and C strings from physical memory.

use crate::{Error, PhysMemory};

/// Physical memory seen through the checks every parser needs.
pub(crate) struct Phys<'m> {
    mem: &'m dyn PhysMemory,
}

impl<'m> Phys<'m> {
    pub(crate) fn new(mem: &'m dyn PhysMemory) -> Self {
        Phys { mem }
    }

    /// `N` bytes at `addr`.
    pub(crate) fn bytes<const N: usize>(&self, addr: u64) -> Result<[u8; N], Error> {
        let mut buf = [0u8; N];
        self.fill(addr, &mut buf)?;
        Ok(buf)
    }

    pub(crate) fn fill(&self, addr: u64, buf: &mut [u8]) -> Result<(), Error> {
        // A read that would wrap around the address space is never valid.
        if addr.checked_add(buf.len() as u64).is_none() || !self.mem.read(addr, buf) {
            return Err(Error::Unreadable(addr));
        }
        Ok(())
    }

    pub(crate) fn u32(&self, addr: u64) -> Result<u32, Error> {
        self.bytes(addr).map(u32::from_le_bytes)
    }

    /// A NUL-terminated string of at most `max` bytes (excluding the NUL) at
    /// `addr`, copied into `buf`; returns the bytes before the NUL (or all
    /// `max` of them if none was found). `max` is capped at `buf.len()`.
    ///
    /// Strings are often near the end of what the loader mapped, so when one
    /// large read fails this falls back to reading a byte at a time, and only
    /// fails if a byte before the terminating NUL is unreadable.
    pub(crate) fn c_string<'b>(
        &self,
        addr: u64,
        max: usize,
        buf: &'b mut [u8],
    ) -> Result<&'b [u8], Error> {
        let max = max.min(buf.len());
        if self.fill(addr, &mut buf[..max]).is_ok() {
            let len = buf[..max].iter().position(|&b| b == 0).unwrap_or(max);
            return Ok(&buf[..len]);
        }
        for i in 0..max {
            let byte_addr = addr.checked_add(i as u64).ok_or(Error::Unreadable(addr))?;
            self.fill(byte_addr, &mut buf[i..i + 1])?;
            if buf[i] == 0 {
                return Ok(&buf[..i]);
            }
        }
        Ok(&buf[..max])
    }
}

/// `base + offset`, or an error if that leaves the address space.
pub(crate) fn offset(base: u64, offset: u64) -> Result<u64, Error> {
    base.checked_add(offset)
        .ok_or(Error::Malformed("address overflows"))
}

/// Little-endian field of a structure already copied into `bytes`. Callers
/// pass constant offsets inside fixed-size arrays; anything else reads as 0
/// rather than panicking.
pub(crate) fn u32_at(bytes: &[u8], at: usize) -> u32 {
    let mut v = [0u8; 4];
    if let Some(src) = bytes.get(at..at + 4) {
        v.copy_from_slice(src);
    }
    u32::from_le_bytes(v)
}

/// 64-bit counterpart of [`u32_at`].
pub(crate) fn u64_at(bytes: &[u8], at: usize) -> u64 {
    let mut v = [0u8; 8];
    if let Some(src) = bytes.get(at..at + 8) {
        v.copy_from_slice(src);
    }
    u64::from_le_bytes(v)
}
