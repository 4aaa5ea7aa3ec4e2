//! The less common file calls: advice (fadvise64, readahead), syncfs,
//! close_range, copy_file_range, memfd_create, and the old utime and
//! futimesat; and the priority calls (getpriority, setpriority).

use crate::errno::Errno;
use crate::posix::{Posix, SysResult, AT_FDCWD};
use crate::process::Task;
use crate::vfs::{self, FileKind};
use alloc::format;
use alloc::sync::Arc;
use alloc::vec;
use core::sync::atomic::Ordering;

/// Largest piece copy_file_range moves at a time.
const COPY_CHUNK: usize = 64 * 1024;

impl Posix {
    /// posix_fadvise: advice is accepted (the page cache needs none), after
    /// the checks Linux makes.
    pub(crate) fn sys_fadvise64(&self, t: &Arc<Task>, fd: u64, _off: u64, len: u64, advice: u64) -> SysResult {
        let f = self.file(t, fd)?;
        if f.inode().kind() == FileKind::Fifo {
            return Err(Errno::ESPIPE);
        }
        if advice > 5 || (len as i64) < 0 {
            return Err(Errno::EINVAL);
        }
        Ok(0)
    }

    /// readahead: nothing to do for files in memory; only regular files.
    pub(crate) fn sys_readahead(&self, t: &Arc<Task>, fd: u64) -> SysResult {
        let f = self.file(t, fd)?;
        if !f.is_readable() {
            return Err(Errno::EBADF);
        }
        if f.inode().kind() != FileKind::Regular {
            return Err(Errno::EINVAL);
        }
        Ok(0)
    }

    /// syncfs: every file system lives in memory, so there is nothing to write.
    pub(crate) fn sys_syncfs(&self, t: &Arc<Task>, fd: u64) -> SysResult {
        self.file(t, fd)?;
        Ok(0)
    }

    /// close_range(first, last, flags): closes (or, with CLOSE_RANGE_CLOEXEC,
    /// marks close-on-exec) every open descriptor in [first, last].
    /// CLOSE_RANGE_UNSHARE changes nothing: a process's table is its own
    /// unless threads share it, and they keep sharing it.
    pub(crate) fn sys_close_range(&self, t: &Arc<Task>, first: u64, last: u64, flags: u64) -> SysResult {
        const CLOSE_RANGE_UNSHARE: u64 = 1 << 1;
        const CLOSE_RANGE_CLOEXEC: u64 = 1 << 2;
        let (first, last) = (first as u32, last as u32);
        if flags & !(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC) != 0 || first > last {
            return Err(Errno::EINVAL);
        }
        let fds: alloc::vec::Vec<i32> = t
            .process
            .fds
            .lock()
            .fds()
            .into_iter()
            .filter(|&fd| (first..=last).contains(&(fd as u32)))
            .collect();
        for fd in fds {
            if flags & CLOSE_RANGE_CLOEXEC != 0 {
                let _ = t.process.fds.lock().set_cloexec(fd, true);
            } else {
                // Closed by another thread meanwhile: nothing left to do.
                let _ = self.sys_close(t, fd as u64);
            }
        }
        Ok(0)
    }

    /// copy_file_range: copies between two regular files in the kernel,
    /// from the files' offsets or from the offsets given (which are then
    /// advanced instead).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn sys_copy_file_range(
        &self,
        t: &Arc<Task>,
        in_fd: u64,
        in_off: u64,
        out_fd: u64,
        out_off: u64,
        len: u64,
        flags: u64,
    ) -> SysResult {
        if flags != 0 {
            return Err(Errno::EINVAL);
        }
        let inf = self.file(t, in_fd)?;
        let outf = self.file(t, out_fd)?;
        if !inf.is_readable() || !outf.is_writable() || outf.flags() & vfs::O_APPEND != 0 {
            return Err(Errno::EBADF);
        }
        for f in [&inf, &outf] {
            match f.inode().kind() {
                FileKind::Regular => {}
                FileKind::Directory => return Err(Errno::EISDIR),
                _ => return Err(Errno::EINVAL),
            }
        }
        let mut src = if in_off != 0 { Some(self.get_u64(in_off)?) } else { None };
        let mut dst = if out_off != 0 { Some(self.get_u64(out_off)?) } else { None };
        if src.is_some_and(|o| (o as i64) < 0) || dst.is_some_and(|o| (o as i64) < 0) {
            return Err(Errno::EINVAL);
        }
        let mut buf = vec![0u8; (len as usize).min(COPY_CHUNK)];
        let mut done = 0u64;
        while done < len {
            let want = ((len - done) as usize).min(buf.len());
            let n = match src {
                Some(o) => inf.pread(&mut buf[..want], o)?,
                None => inf.read(&mut buf[..want])?,
            };
            if n == 0 {
                break;
            }
            let w = match dst {
                Some(o) => outf.pwrite(&buf[..n], o)?,
                None => outf.write(&buf[..n])?,
            };
            src = src.map(|o| o + w as u64);
            dst = dst.map(|o| o + w as u64);
            done += w as u64;
            if w < n {
                break;
            }
        }
        if let Some(o) = src {
            self.put_u64(in_off, o)?;
        }
        if let Some(o) = dst {
            self.put_u64(out_off, o)?;
        }
        Ok(done)
    }

    /// memfd_create: an anonymous file in memory (a file of its own private
    /// tmpfs, reachable only through the descriptor and /proc/PID/fd).
    pub(crate) fn sys_memfd_create(&self, t: &Arc<Task>, name: u64, flags: u64) -> SysResult {
        const MFD_CLOEXEC: u64 = 1;
        const MFD_ALLOW_SEALING: u64 = 2;
        if flags & !(MFD_CLOEXEC | MFD_ALLOW_SEALING) != 0 {
            return Err(Errno::EINVAL);
        }
        let name = self.host.read_cstr(name, 250).map_err(|e| if e == Errno::ENAMETOOLONG { Errno::EINVAL } else { e })?;
        let dir = self.vfs.new_tmpfs(vfs::tmpfs::Limits::default());
        let node = dir.create("memfd", vfs::CreateKind::Regular, 0o777)?;
        let file = vfs::File::open(node, vfs::O_RDWR, Some(format!("/memfd:{name} (deleted)")))?;
        let fd = t.process.fds.lock().alloc(file, 0, flags & MFD_CLOEXEC != 0)?;
        Ok(fd as u64)
    }

    /// utime(path, {actime, modtime}) in whole seconds (NULL: now).
    pub(crate) fn sys_utime(&self, t: &Arc<Task>, path: u64, times: u64) -> SysResult {
        let p = self.path(path)?;
        let node = self.resolve_at(t, AT_FDCWD, &p, true, false)?;
        let (a, m) = if times == 0 {
            (vfs::SetTime::Now, vfs::SetTime::Now)
        } else {
            let b = self.get(times, 16)?;
            let sec = |o: usize| i64::from_le_bytes(b[o..o + 8].try_into().unwrap_or([0; 8]));
            (vfs::SetTime::from_linux(sec(0), 0)?, vfs::SetTime::from_linux(sec(8), 0)?)
        };
        node.set_times(a, m)?;
        Ok(0)
    }

    /// futimesat(dirfd, path, timeval[2]): utimes relative to a directory
    /// (utimes is this with AT_FDCWD).
    pub(crate) fn sys_futimesat(&self, t: &Arc<Task>, dirfd: u64, path: u64, times: u64) -> SysResult {
        if path == 0 {
            return Err(Errno::EFAULT);
        }
        let p = self.path(path)?;
        let node = self.resolve_at(t, dirfd, &p, true, false)?;
        let (a, m) = if times == 0 {
            (vfs::SetTime::Now, vfs::SetTime::Now)
        } else {
            let b = self.get(times, 32)?;
            let tv = |o: usize| {
                let sec = i64::from_le_bytes(b[o..o + 8].try_into().unwrap_or([0; 8]));
                let usec = i64::from_le_bytes(b[o + 8..o + 16].try_into().unwrap_or([0; 8]));
                if !(0..1_000_000).contains(&usec) {
                    return Err(Errno::EINVAL);
                }
                vfs::SetTime::from_linux(sec, usec * 1000)
            };
            (tv(0)?, tv(16)?)
        };
        node.set_times(a, m)?;
        Ok(0)
    }

    /// getpriority(which, who): the raw call's answer, 20 - nice (1..=40).
    /// Priorities are kept per process; PRIO_PGRP and PRIO_USER answer for
    /// the best of the matching processes.
    pub(crate) fn sys_getpriority(&self, t: &Arc<Task>, which: u64, who: u64) -> SysResult {
        let nice = self.priority_targets(t, which, who)?.iter().map(|p| p.nice.load(Ordering::Relaxed)).min();
        nice.map(|n| (20 - n) as u64).ok_or(Errno::ESRCH)
    }

    /// setpriority(which, who, nice): nice is clamped to -20..=19.
    pub(crate) fn sys_setpriority(&self, t: &Arc<Task>, which: u64, who: u64, nice: u64) -> SysResult {
        let nice = (nice as i32).clamp(-20, 19);
        let targets = self.priority_targets(t, which, who)?;
        if targets.is_empty() {
            return Err(Errno::ESRCH);
        }
        for p in targets {
            p.nice.store(nice, Ordering::Relaxed);
        }
        Ok(0)
    }

    /// sched_setscheduler / sched_setparam: there is one policy, SCHED_OTHER
    /// (BATCH and IDLE are taken as it), priority 0. A real-time policy with
    /// a valid priority gets EPERM (as for an unprivileged process on
    /// Linux); an invalid request EINVAL.
    pub(crate) fn sys_sched_set(&self, t: &Arc<Task>, pid: u64, policy: Option<u64>, param: u64) -> SysResult {
        const SCHED_OTHER: u64 = 0;
        const SCHED_FIFO: u64 = 1;
        const SCHED_RR: u64 = 2;
        const SCHED_BATCH: u64 = 3;
        const SCHED_IDLE: u64 = 5;
        const SCHED_RESET_ON_FORK: u64 = 0x4000_0000;
        if (pid as i64) < 0 || param == 0 {
            return Err(Errno::EINVAL);
        }
        let prio = self.get_u32(param)? as i32;
        if pid != 0 && self.procs.get(pid as u32).is_none() {
            return Err(Errno::ESRCH);
        }
        let _ = t;
        match policy.map(|p| p & !SCHED_RESET_ON_FORK) {
            None | Some(SCHED_OTHER) | Some(SCHED_BATCH) | Some(SCHED_IDLE) if prio == 0 => Ok(0),
            Some(SCHED_FIFO) | Some(SCHED_RR) if (1..=99).contains(&prio) => Err(Errno::EPERM),
            None => Err(Errno::EINVAL),
            _ => Err(Errno::EINVAL),
        }
    }

    /// sched_rr_get_interval: the scheduler's time slice.
    pub(crate) fn sys_sched_rr_interval(&self, t: &Arc<Task>, pid: u64, ts: u64) -> SysResult {
        if (pid as i64) < 0 {
            return Err(Errno::EINVAL);
        }
        if pid != 0 && self.procs.get(pid as u32).is_none() {
            return Err(Errno::ESRCH);
        }
        let _ = t;
        // 10 ms, as the kernel's scheduler quantum.
        let mut b = [0u8; 16];
        b[8..16].copy_from_slice(&10_000_000u64.to_le_bytes());
        self.put(ts, &b)?;
        Ok(0)
    }

    fn priority_targets(&self, t: &Arc<Task>, which: u64, who: u64) -> Result<alloc::vec::Vec<Arc<crate::process::Process>>, Errno> {
        const PRIO_PROCESS: u64 = 0;
        const PRIO_PGRP: u64 = 1;
        const PRIO_USER: u64 = 2;
        let who = who as u32;
        let all = self.procs.all();
        Ok(match which {
            PRIO_PROCESS => {
                let pid = if who == 0 { t.pid() } else { who };
                all.into_iter().filter(|p| p.pid == pid).collect()
            }
            PRIO_PGRP => {
                let pgid = if who == 0 { t.process.pgid.load(Ordering::Relaxed) } else { who };
                all.into_iter().filter(|p| p.pgid.load(Ordering::Relaxed) == pgid).collect()
            }
            // Everyone is the same user.
            PRIO_USER => all,
            _ => return Err(Errno::EINVAL),
        })
    }
}
