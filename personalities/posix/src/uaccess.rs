//! Small helpers for reading and writing user memory through the host.

use crate::errno::Errno;
use crate::posix::Posix;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

/// Longest path a user may pass (PATH_MAX).
pub const PATH_MAX: usize = 4096;

impl Posix {
    pub fn put(&self, addr: u64, data: &[u8]) -> Result<(), Errno> {
        if addr == 0 {
            return Err(Errno::EFAULT);
        }
        self.host.copy_out(addr, data)
    }

    pub fn put_u32(&self, addr: u64, v: u32) -> Result<(), Errno> {
        self.put(addr, &v.to_le_bytes())
    }

    pub fn put_i32(&self, addr: u64, v: i32) -> Result<(), Errno> {
        self.put(addr, &v.to_le_bytes())
    }

    pub fn put_u64(&self, addr: u64, v: u64) -> Result<(), Errno> {
        self.put(addr, &v.to_le_bytes())
    }

    pub fn get(&self, addr: u64, len: usize) -> Result<Vec<u8>, Errno> {
        if len == 0 {
            return Ok(Vec::new());
        }
        if addr == 0 {
            return Err(Errno::EFAULT);
        }
        let mut v = vec![0u8; len];
        self.host.copy_in(addr, &mut v)?;
        Ok(v)
    }

    pub fn get_array<const N: usize>(&self, addr: u64) -> Result<[u8; N], Errno> {
        if addr == 0 {
            return Err(Errno::EFAULT);
        }
        let mut b = [0u8; N];
        self.host.copy_in(addr, &mut b)?;
        Ok(b)
    }

    pub fn get_u64(&self, addr: u64) -> Result<u64, Errno> {
        Ok(u64::from_le_bytes(self.get_array::<8>(addr)?))
    }

    pub fn get_u32(&self, addr: u64) -> Result<u32, Errno> {
        Ok(u32::from_le_bytes(self.get_array::<4>(addr)?))
    }

    pub fn path(&self, addr: u64) -> Result<String, Errno> {
        if addr == 0 {
            return Err(Errno::EFAULT);
        }
        self.host.read_cstr(addr, PATH_MAX - 1)
    }

    /// A NULL-terminated array of string pointers (argv, envp).
    pub fn string_array(&self, addr: u64, max_count: usize, max_total: usize) -> Result<Vec<Vec<u8>>, Errno> {
        let mut out = Vec::new();
        if addr == 0 {
            return Ok(out);
        }
        let mut total = 0;
        for i in 0..=max_count {
            let p = self.get_u64(addr + 8 * i as u64)?;
            if p == 0 {
                return Ok(out);
            }
            let s = self.host.read_cstr(p, max_total).map_err(|e| if e == Errno::ENAMETOOLONG { Errno::E2BIG } else { e })?;
            total += s.len() + 1;
            if total > max_total {
                return Err(Errno::E2BIG);
            }
            out.push(s.into_bytes());
        }
        Err(Errno::E2BIG)
    }
}

/// Encode a `struct timespec`.
pub fn timespec(sec: u64, nsec: u64) -> [u8; 16] {
    let mut b = [0u8; 16];
    b[..8].copy_from_slice(&sec.to_le_bytes());
    b[8..].copy_from_slice(&nsec.to_le_bytes());
    b
}

/// Decode a `struct timespec` into nanoseconds (EINVAL if malformed).
pub fn timespec_ns(b: &[u8; 16]) -> Result<u64, Errno> {
    let sec = i64::from_le_bytes(b[..8].try_into().map_err(|_| Errno::EINVAL)?);
    let nsec = i64::from_le_bytes(b[8..].try_into().map_err(|_| Errno::EINVAL)?);
    if sec < 0 || !(0..1_000_000_000).contains(&nsec) {
        return Err(Errno::EINVAL);
    }
    Ok((sec as u64).saturating_mul(1_000_000_000).saturating_add(nsec as u64))
}
