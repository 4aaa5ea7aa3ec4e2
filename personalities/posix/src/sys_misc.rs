//! System information and control: uname, sysinfo, getrandom, reboot.

use crate::errno::Errno;
use crate::nr;
use crate::posix::{Posix, SysResult};
use crate::process::Task;
use alloc::sync::Arc;
use spin::Mutex;

static HOSTNAME: Mutex<([u8; 65], [u8; 65])> = Mutex::new((*b"phantom\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", *b"(none)\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"));

fn field(s: &[u8]) -> [u8; 65] {
    let mut f = [0u8; 65];
    let n = s.len().min(64);
    f[..n].copy_from_slice(&s[..n]);
    f
}

impl Posix {
    pub(crate) fn sys_uname(&self, buf: u64) -> SysResult {
        let (host, domain) = *HOSTNAME.lock();
        let mut b = [0u8; 65 * 6];
        let fields = [field(b"Linux"), host, field(b"6.1.0-phantom"), field(b"#1 Phantom"), field(b"x86_64"), domain];
        for (i, f) in fields.iter().enumerate() {
            b[i * 65..(i + 1) * 65].copy_from_slice(f);
        }
        self.put(buf, &b)?;
        Ok(0)
    }

    pub(crate) fn sys_sethostname(&self, t: &Arc<Task>, name: u64, len: u64, which: usize) -> SysResult {
        if len > 64 {
            return Err(Errno::EINVAL);
        }
        if t.process.creds.lock().euid != 0 {
            return Err(Errno::EPERM);
        }
        let v = self.get(name, len as usize)?;
        let mut h = HOSTNAME.lock();
        if which == nr::SETHOSTNAME {
            h.0 = field(&v);
        } else {
            h.1 = field(&v);
        }
        Ok(0)
    }

    pub(crate) fn sys_sysinfo(&self, info: u64) -> SysResult {
        let (total, free) = self.host.memory();
        let mut b = [0u8; 112];
        let up = self.host.monotonic_ns() / 1_000_000_000;
        b[0..8].copy_from_slice(&up.to_le_bytes());
        b[32..40].copy_from_slice(&total.to_le_bytes());
        b[40..48].copy_from_slice(&free.to_le_bytes());
        b[80..82].copy_from_slice(&(self.procs.count() as u16).to_le_bytes());
        b[104..108].copy_from_slice(&1u32.to_le_bytes()); // mem_unit
        self.put(info, &b)?;
        Ok(0)
    }

    pub(crate) fn sys_getrandom(&self, buf: u64, len: u64) -> SysResult {
        let n = len.min(1 << 20) as usize;
        let mut v = alloc::vec![0u8; n];
        self.host.random_bytes(&mut v);
        self.put(buf, &v)?;
        Ok(n as u64)
    }

    pub(crate) fn sys_reboot(&self, t: &Arc<Task>, cmd: u64) -> SysResult {
        const POWER_OFF: u64 = 0x4321_FEDC;
        const HALT: u64 = 0xCDEF_0123;
        const RESTART: u64 = 0x0123_4567;
        if t.process.creds.lock().euid != 0 {
            return Err(Errno::EPERM);
        }
        match cmd {
            POWER_OFF | HALT => self.host.poweroff(),
            RESTART => self.host.reboot(),
            _ => return Err(Errno::EINVAL),
        }
        Ok(0)
    }
}
