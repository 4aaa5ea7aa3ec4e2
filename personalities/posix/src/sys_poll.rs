//! Waiting on several descriptors: poll, ppoll, select, pselect6.

use crate::errno::Errno;
use crate::posix::{Posix, SysResult};
use crate::process::Task;
use crate::uaccess::timespec_ns;
use crate::vfs::{File, PollMask};
use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;

impl Posix {
    /// Wait until one of `fds` (fd, wanted events) is ready; returns revents.
    fn poll_fds(&self, t: &Arc<Task>, fds: &[(i32, PollMask)], timeout_ns: Option<u64>) -> Result<Vec<PollMask>, Errno> {
        let files: Vec<Option<Arc<File>>> = {
            let table = t.process.fds.lock();
            fds.iter().map(|(fd, _)| if *fd < 0 { None } else { table.get(*fd).ok() }).collect()
        };
        let check = || -> Vec<PollMask> {
            fds.iter()
                .zip(files.iter())
                .map(|((fd, want), f)| match f {
                    None if *fd >= 0 => PollMask::NVAL,
                    None => PollMask::empty(),
                    Some(f) => f.poll() & (*want | PollMask::HUP | PollMask::ERR),
                })
                .collect()
        };
        let deadline = timeout_ns.map(|ns| self.host.monotonic_ns().saturating_add(ns));
        let mut result = check();
        if result.iter().all(|r| r.is_empty()) && timeout_ns != Some(0) {
            self.host.wait(
                &mut || {
                    result = check();
                    result.iter().any(|r| !r.is_empty()) || t.deliverable() != 0
                },
                deadline,
            );
            if result.iter().all(|r| r.is_empty()) && t.deliverable() != 0 {
                return Err(Errno::EINTR);
            }
        }
        Ok(result)
    }

    pub(crate) fn sys_poll(&self, t: &Arc<Task>, fds: u64, n: u64, timeout_ns: Option<u64>) -> SysResult {
        if n > t.process.fds.lock().limit() as u64 {
            return Err(Errno::EINVAL);
        }
        let mut raw = self.get(fds, n as usize * 8)?;
        let want: Vec<(i32, PollMask)> = raw
            .chunks(8)
            .map(|c| {
                let fd = i32::from_le_bytes([c[0], c[1], c[2], c[3]]);
                let ev = u16::from_le_bytes([c[4], c[5]]);
                (fd, PollMask::from_bits_truncate(ev as u32))
            })
            .collect();
        let got = self.poll_fds(t, &want, timeout_ns)?;
        let mut ready = 0;
        for (i, r) in got.iter().enumerate() {
            raw[i * 8 + 6..i * 8 + 8].copy_from_slice(&(r.bits() as u16).to_le_bytes());
            if !r.is_empty() {
                ready += 1;
            }
        }
        if !raw.is_empty() {
            self.put(fds, &raw)?;
        }
        Ok(ready)
    }

    pub(crate) fn sys_ppoll(&self, t: &Arc<Task>, fds: u64, n: u64, ts: u64, _mask: u64) -> SysResult {
        let timeout = if ts == 0 { None } else { Some(timespec_ns(&self.get_array::<16>(ts)?)?) };
        self.sys_poll(t, fds, n, timeout)
    }

    pub(crate) fn sys_select(&self, t: &Arc<Task>, n: u64, rd: u64, wr: u64, ex: u64, tmo: u64, pselect: bool) -> SysResult {
        if n > 1024 {
            return Err(Errno::EINVAL);
        }
        let bytes = n.div_ceil(64) as usize * 8;
        let load = |a: u64| -> Result<Vec<u8>, Errno> { if a == 0 { Ok(vec![0; bytes]) } else { self.get(a, bytes) } };
        let (r, w, e) = (load(rd)?, load(wr)?, load(ex)?);
        let isset = |s: &[u8], i: usize| s[i / 8] & (1 << (i % 8)) != 0;
        let mut want = Vec::new();
        for i in 0..n as usize {
            let mut m = PollMask::empty();
            if isset(&r, i) {
                m |= PollMask::IN;
            }
            if isset(&w, i) {
                m |= PollMask::OUT;
            }
            if isset(&e, i) {
                m |= PollMask::PRI;
            }
            if !m.is_empty() {
                want.push((i as i32, m));
            }
        }
        let timeout = if tmo == 0 {
            None
        } else if pselect {
            Some(timespec_ns(&self.get_array::<16>(tmo)?)?)
        } else {
            let b = self.get_array::<16>(tmo)?;
            let sec = i64::from_le_bytes(b[..8].try_into().unwrap_or([0; 8]));
            let usec = i64::from_le_bytes(b[8..].try_into().unwrap_or([0; 8]));
            if sec < 0 || !(0..1_000_000).contains(&usec) {
                return Err(Errno::EINVAL);
            }
            Some((sec as u64).saturating_mul(1_000_000_000).saturating_add(usec as u64 * 1000))
        };
        let start = self.host.monotonic_ns();
        let got = self.poll_fds(t, &want, timeout)?;
        if let (Some(total), false) = (timeout, tmo == 0 || pselect) {
            // select (not pselect) tells how much of the timeout is left.
            let left = total.saturating_sub(self.host.monotonic_ns() - start);
            self.put(tmo, &crate::uaccess::timespec(left / 1_000_000_000, left % 1_000_000_000 / 1000))?;
        }
        let (mut ro, mut wo, mut eo) = (vec![0u8; bytes], vec![0u8; bytes], vec![0u8; bytes]);
        let mut count = 0;
        for ((fd, m), g) in want.iter().zip(got.iter()) {
            if g.contains(PollMask::NVAL) {
                return Err(Errno::EBADF);
            }
            let i = *fd as usize;
            let mut hit = |set: &mut Vec<u8>, bit: PollMask, extra: PollMask| {
                if m.contains(bit) && g.intersects(bit | extra) {
                    set[i / 8] |= 1 << (i % 8);
                    count += 1;
                }
            };
            hit(&mut ro, PollMask::IN, PollMask::HUP | PollMask::ERR);
            hit(&mut wo, PollMask::OUT, PollMask::ERR);
            hit(&mut eo, PollMask::PRI, PollMask::empty());
        }
        for (a, s) in [(rd, &ro), (wr, &wo), (ex, &eo)] {
            if a != 0 {
                self.put(a, s)?;
            }
        }
        Ok(count)
    }
}
