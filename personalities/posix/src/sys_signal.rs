//! Signal system calls.

use crate::errno::Errno;
use crate::host::{Regs, WaitEnd};
use crate::posix::{Posix, SysResult, ERESTARTSYS};
use crate::process::Task;
use crate::signal::{self, SigAction, NSIG, UNBLOCKABLE};
use crate::uaccess;
use alloc::sync::Arc;
use core::sync::atomic::Ordering;

impl Posix {
    pub(crate) fn sys_rt_sigaction(&self, t: &Arc<Task>, sig: u32, act: u64, old: u64, size: u64) -> SysResult {
        if size != 8 || sig == 0 || sig as usize >= NSIG {
            return Err(Errno::EINVAL);
        }
        let new = if act != 0 { Some(SigAction::from_bytes(&self.get_array::<32>(act)?)) } else { None };
        if new.is_some() && (sig == signal::SIGKILL || sig == signal::SIGSTOP) {
            return Err(Errno::EINVAL);
        }
        let prev = t.process.actions.lock()[sig as usize];
        if old != 0 {
            self.put(old, &prev.to_bytes())?;
        }
        if let Some(mut n) = new {
            n.mask &= !UNBLOCKABLE;
            t.process.actions.lock()[sig as usize] = n;
            // Setting SIG_IGN discards a pending instance.
            if n.handler == signal::SIG_IGN {
                t.process.pending.fetch_and(!signal::bit(sig), Ordering::AcqRel);
            }
        }
        Ok(0)
    }

    pub(crate) fn sys_rt_sigprocmask(&self, t: &Arc<Task>, how: u64, set: u64, old: u64, size: u64) -> SysResult {
        if size != 8 {
            return Err(Errno::EINVAL);
        }
        let cur = t.sigmask.load(Ordering::Relaxed);
        if set != 0 {
            let s = self.get_u64(set)?;
            let new = match how {
                0 => cur | s,  // SIG_BLOCK
                1 => cur & !s, // SIG_UNBLOCK
                2 => s,        // SIG_SETMASK
                _ => return Err(Errno::EINVAL),
            };
            t.sigmask.store(new & !UNBLOCKABLE, Ordering::Release);
        }
        if old != 0 {
            self.put_u64(old, cur)?;
        }
        Ok(0)
    }

    pub(crate) fn sys_rt_sigreturn(&self, t: &Arc<Task>, regs: &mut Regs) -> Result<(), Errno> {
        let mask = signal::restore_frame(&*self.host, regs)?;
        t.sigmask.store(mask & !UNBLOCKABLE, Ordering::Release);
        Ok(())
    }

    pub(crate) fn sys_rt_sigpending(&self, t: &Arc<Task>, set: u64, size: u64) -> SysResult {
        if size != 8 {
            return Err(Errno::EINVAL);
        }
        let p = (t.pending.load(Ordering::Relaxed) | t.process.pending.load(Ordering::Relaxed)) & t.sigmask.load(Ordering::Relaxed);
        self.put_u64(set, p)?;
        Ok(0)
    }

    /// rt_sigqueueinfo: a signal with the sender's own siginfo (sigqueue).
    pub(crate) fn sys_rt_sigqueueinfo(&self, t: &Arc<Task>, pid: u32, sig: u32, info: u64) -> SysResult {
        if sig == 0 || sig as usize >= NSIG {
            return Err(Errno::EINVAL);
        }
        let b = self.get_array::<128>(info)?;
        let code = i32::from_le_bytes([b[8], b[9], b[10], b[11]]);
        // Only the kernel may claim kernel codes (SI_USER and above) for another process.
        if code >= 0 && pid != t.pid() {
            return Err(Errno::EPERM);
        }
        let value = i32::from_le_bytes([b[24], b[25], b[26], b[27]]);
        let p = self.procs.get(pid).ok_or(Errno::ESRCH)?;
        self.post_signal(&p, sig, (t.pid(), code, value));
        Ok(0)
    }

    /// Wait with `mask` in force until a signal is delivered (always EINTR).
    pub(crate) fn sys_rt_sigsuspend(&self, t: &Arc<Task>, set: u64, size: u64) -> SysResult {
        if size != 8 {
            return Err(Errno::EINVAL);
        }
        let mask = self.get_u64(set)?;
        let old = t.sigmask.swap(mask & !UNBLOCKABLE, Ordering::AcqRel);
        *t.saved_mask.lock() = Some(old);
        self.host.wait(&mut || t.deliverable() != 0, None);
        Err(Errno::EINTR)
    }

    pub(crate) fn sys_pause(&self, t: &Arc<Task>) -> SysResult {
        self.host.wait(&mut || t.deliverable() != 0, None);
        Err(Errno::EINTR)
    }

    pub(crate) fn sys_rt_sigtimedwait(&self, t: &Arc<Task>, set: u64, info: u64, timeout: u64, size: u64) -> SysResult {
        if size != 8 {
            return Err(Errno::EINVAL);
        }
        let want = self.get_u64(set)? & !UNBLOCKABLE;
        let deadline = if timeout != 0 {
            Some(self.host.monotonic_ns() + uaccess::timespec_ns(&self.get_array::<16>(timeout)?)?)
        } else {
            None
        };
        let pending = || (t.pending.load(Ordering::Acquire) | t.process.pending.load(Ordering::Acquire)) & want;
        if pending() == 0 && self.host.wait(&mut || pending() != 0 || t.deliverable() != 0, deadline) == WaitEnd::TimedOut {
            return Err(Errno::EAGAIN);
        }
        let Some(sig) = signal::first(pending()) else { return Err(ERESTARTSYS) };
        self.take_signal(t, sig);
        if info != 0 {
            let (pid, code, status) = t.process.sig_info.lock()[sig as usize];
            let mut i = [0u8; 128];
            i[..4].copy_from_slice(&sig.to_le_bytes());
            i[8..12].copy_from_slice(&code.to_le_bytes());
            i[16..20].copy_from_slice(&pid.to_le_bytes());
            i[24..28].copy_from_slice(&status.to_le_bytes());
            self.put(info, &i)?;
        }
        Ok(sig as u64)
    }

    pub(crate) fn sys_sigaltstack(&self, t: &Arc<Task>, new: u64, old: u64, sp: u64) -> SysResult {
        let cur = *t.altstack.lock();
        let on_stack = cur.2 == 0 && sp > cur.0 && sp <= cur.0 + cur.1;
        if on_stack && new != 0 {
            return Err(Errno::EPERM);
        }
        if old != 0 {
            let mut b = [0u8; 24];
            b[..8].copy_from_slice(&cur.0.to_le_bytes());
            let flags = if on_stack { 1 } else { cur.2 }; // SS_ONSTACK
            b[8..12].copy_from_slice(&flags.to_le_bytes());
            b[16..].copy_from_slice(&cur.1.to_le_bytes());
            self.put(old, &b)?;
        }
        if new != 0 {
            let b = self.get_array::<24>(new)?;
            let sp = u64::from_le_bytes(b[..8].try_into().unwrap_or([0; 8]));
            let flags = u32::from_le_bytes(b[8..12].try_into().unwrap_or([0; 4]));
            let size = u64::from_le_bytes(b[16..].try_into().unwrap_or([0; 8]));
            if flags & !2 != 0 {
                return Err(Errno::EINVAL);
            }
            if flags != 2 && size < 2048 {
                return Err(Errno::ENOMEM);
            }
            *t.altstack.lock() = (sp, size, flags);
        }
        Ok(0)
    }

    /// A call that exists but whose machinery is not built yet: ENOSYS, logged once.
    pub(crate) fn not_yet(&self, what: &str) -> SysResult {
        log::warn!("posix: {} is not implemented yet (ENOSYS)", what);
        Err(Errno::ENOSYS)
    }
}
