//! Event objects and timers: eventfd, epoll, alarm and interval timers.

use crate::errno::Errno;
use crate::posix::{Posix, SysResult};
use crate::process::Task;
use crate::signal;
use crate::vfs::{self, File, FileKind, Node, NodeRef, PollMask, Stat};
use alloc::collections::BTreeMap;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::any::Any;
use core::sync::atomic::Ordering;
use spin::Mutex;

// ---- eventfd ----

const EFD_SEMAPHORE: u64 = 1;

struct EventFd {
    ino: u64,
    count: Mutex<u64>,
    semaphore: bool,
}

/// The parts of `Node` that eventfd and epoll objects share: anonymous
/// inodes, not files in any directory, never seekable.
macro_rules! anon_inode {
    () => {
        fn ino(&self) -> u64 {
            self.ino
        }

        fn stat(&self) -> Stat {
            Stat { ino: self.ino, mode: 0o600, nlink: 1, dev: vfs::anon_dev(), blksize: 4096, ..Stat::default() }
        }

        fn kind(&self) -> FileKind {
            FileKind::Regular
        }

        fn as_any(&self) -> &dyn Any {
            self
        }

        fn is_seekable(&self) -> bool {
            false
        }
    };
}

impl Node for EventFd {
    anon_inode!();

    fn read_at(&self, _off: u64, buf: &mut [u8]) -> Result<usize, Errno> {
        if buf.len() < 8 {
            return Err(Errno::EINVAL);
        }
        let mut c = self.count.lock();
        if *c == 0 {
            return Err(Errno::EAGAIN);
        }
        let v = if self.semaphore { 1 } else { *c };
        *c -= v;
        buf[..8].copy_from_slice(&v.to_le_bytes());
        Ok(8)
    }

    fn write_at(&self, _off: u64, buf: &[u8]) -> Result<usize, Errno> {
        let v = u64::from_le_bytes(buf.get(..8).ok_or(Errno::EINVAL)?.try_into().map_err(|_| Errno::EINVAL)?);
        if v == u64::MAX {
            return Err(Errno::EINVAL);
        }
        let mut c = self.count.lock();
        if *c > u64::MAX - 1 - v {
            return Err(Errno::EAGAIN);
        }
        *c += v;
        Ok(8)
    }

    fn poll(&self) -> PollMask {
        let c = *self.count.lock();
        let mut m = PollMask::empty();
        if c > 0 {
            m |= PollMask::IN;
        }
        if c < u64::MAX - 1 {
            m |= PollMask::OUT;
        }
        m
    }
}

// ---- epoll ----

const EPOLL_CTL_ADD: u64 = 1;
const EPOLL_CTL_DEL: u64 = 2;
const EPOLL_CTL_MOD: u64 = 3;
const EPOLLONESHOT: u32 = 1 << 30;
const EPOLLET: u32 = 1 << 31;

struct Interest {
    /// Weak: closing the last descriptor of the file takes it out of the set.
    file: alloc::sync::Weak<File>,
    events: u32,
    data: u64,
    /// EPOLLONESHOT fired: no more reports until EPOLL_CTL_MOD.
    disabled: bool,
    /// EPOLLET: what was reported last, and the file's event count then;
    /// a new edge is new readiness or a new event (more data, more room).
    last: u32,
    last_events: u64,
}

impl Interest {
    fn current(&self) -> Option<u32> {
        let f = self.file.upgrade()?;
        let want = PollMask::from_bits_truncate(self.events) | PollMask::HUP | PollMask::ERR;
        Some((f.poll() & want).bits())
    }

    fn event_count(&self) -> u64 {
        self.file.upgrade().map_or(0, |f| f.events())
    }

    /// What a wait would report now (without consuming an edge).
    fn pending(&self) -> u32 {
        if self.disabled {
            return 0;
        }
        let cur = self.current().unwrap_or(0);
        if self.events & EPOLLET == 0 {
            return cur;
        }
        if self.event_count() != self.last_events { cur } else { cur & !self.last }
    }
}

struct Epoll {
    ino: u64,
    interest: Mutex<BTreeMap<i32, Interest>>,
}

impl Epoll {
    /// Ready (fd, events, data), at most `max`, level-triggered.
    fn ready(&self, max: usize) -> Vec<(u32, u64)> {
        let mut out = Vec::new();
        let mut list = self.interest.lock();
        list.retain(|_, it| it.file.strong_count() > 0);
        for it in list.values_mut() {
            let cur = it.current().unwrap_or(0);
            let report = it.pending();
            // Readiness that went away can come back as a new edge.
            it.last &= cur;
            if out.len() >= max || report == 0 {
                continue;
            }
            out.push((if it.events & EPOLLET != 0 { cur } else { report }, it.data));
            it.last = cur;
            it.last_events = it.event_count();
            if it.events & EPOLLONESHOT != 0 {
                it.disabled = true;
            }
        }
        out
    }
}

impl Node for Epoll {
    anon_inode!();

    fn poll(&self) -> PollMask {
        let any = self.interest.lock().values().any(|it| it.pending() != 0);
        if any { PollMask::IN } else { PollMask::empty() }
    }
}

impl Posix {
    fn install(&self, t: &Arc<Task>, node: NodeRef, flags: u32) -> SysResult {
        let cloexec = flags & vfs::O_CLOEXEC != 0;
        let f = File::open(node, vfs::O_RDWR | (flags & vfs::O_NONBLOCK), None)?;
        Ok(t.process.fds.lock().alloc(f, 0, cloexec)? as u64)
    }

    pub(crate) fn sys_eventfd2(&self, t: &Arc<Task>, init: u64, flags: u64) -> SysResult {
        if flags & !(EFD_SEMAPHORE | vfs::O_CLOEXEC as u64 | vfs::O_NONBLOCK as u64) != 0 {
            return Err(Errno::EINVAL);
        }
        let node = Arc::new(EventFd { ino: vfs::new_anon_ino(), count: Mutex::new(init & 0xFFFF_FFFF), semaphore: flags & EFD_SEMAPHORE != 0 });
        self.install(t, node, flags as u32)
    }

    pub(crate) fn sys_epoll_create1(&self, t: &Arc<Task>, flags: u64) -> SysResult {
        if flags & !(vfs::O_CLOEXEC as u64) != 0 {
            return Err(Errno::EINVAL);
        }
        let node = Arc::new(Epoll { ino: vfs::new_anon_ino(), interest: Mutex::new(BTreeMap::new()) });
        self.install(t, node, flags as u32)
    }

    fn epoll_of(&self, t: &Arc<Task>, epfd: u64) -> Result<Arc<File>, Errno> {
        let f = t.process.fds.lock().get(epfd as i32)?;
        if f.inode().as_any().downcast_ref::<Epoll>().is_none() {
            return Err(Errno::EINVAL);
        }
        Ok(f)
    }

    pub(crate) fn sys_epoll_ctl(&self, t: &Arc<Task>, epfd: u64, op: u64, fd: u64, event: u64) -> SysResult {
        let ep = self.epoll_of(t, epfd)?;
        let target = t.process.fds.lock().get(fd as i32)?;
        if Arc::ptr_eq(&ep, &target) {
            return Err(Errno::EINVAL);
        }
        // Files and directories are always ready: epoll refuses them.
        let node = target.inode();
        let special = node.as_any().downcast_ref::<EventFd>().is_some() || node.as_any().downcast_ref::<Epoll>().is_some();
        if matches!(node.kind(), FileKind::Regular | FileKind::Directory) && !special {
            return Err(Errno::EPERM);
        }
        let e = ep.inode().as_any().downcast_ref::<Epoll>().ok_or(Errno::EINVAL)?;
        let (events, data) = if op != EPOLL_CTL_DEL {
            let b = self.get_array::<12>(event)?;
            (u32::from_le_bytes([b[0], b[1], b[2], b[3]]), u64::from_le_bytes(b[4..12].try_into().unwrap_or([0; 8])))
        } else {
            (0, 0)
        };
        let mut list = e.interest.lock();
        list.retain(|_, it| it.file.strong_count() > 0);
        let key = fd as i32;
        match op {
            EPOLL_CTL_ADD => {
                if list.contains_key(&key) {
                    return Err(Errno::EEXIST);
                }
                let last_events = target.events();
                list.insert(key, Interest { file: Arc::downgrade(&target), events, data, disabled: false, last: 0, last_events });
            }
            EPOLL_CTL_MOD => {
                let it = list.get_mut(&key).ok_or(Errno::ENOENT)?;
                it.events = events;
                it.data = data;
                it.disabled = false;
                it.last = 0;
                it.last_events = it.event_count();
            }
            EPOLL_CTL_DEL => {
                list.remove(&key).ok_or(Errno::ENOENT)?;
            }
            _ => return Err(Errno::EINVAL),
        }
        Ok(0)
    }

    pub(crate) fn sys_epoll_wait(&self, t: &Arc<Task>, epfd: u64, events: u64, max: u64, timeout_ms: i32) -> SysResult {
        if max == 0 || max > 65536 {
            return Err(Errno::EINVAL);
        }
        let ep = self.epoll_of(t, epfd)?;
        let e = ep.inode().as_any().downcast_ref::<Epoll>().ok_or(Errno::EINVAL)?;
        let deadline = (timeout_ms >= 0).then(|| self.host.monotonic_ns() + timeout_ms as u64 * 1_000_000);
        let mut got = e.ready(max as usize);
        if got.is_empty() && timeout_ms != 0 {
            self.host.wait(&mut || e.poll().contains(PollMask::IN) || t.deliverable() != 0, deadline);
            got = e.ready(max as usize);
            if got.is_empty() && t.deliverable() != 0 {
                return Err(Errno::EINTR);
            }
        }
        let mut out = Vec::with_capacity(got.len() * 12);
        for (ev, data) in &got {
            out.extend_from_slice(&ev.to_le_bytes());
            out.extend_from_slice(&data.to_le_bytes());
        }
        if !out.is_empty() {
            self.put(events, &out)?;
        }
        Ok(got.len() as u64)
    }

    // ---- alarm and interval timers ----

    /// Set the real-time interval timer; returns the old (remaining, interval) in ns.
    fn set_real_timer(&self, t: &Arc<Task>, value_ns: u64, interval_ns: u64) -> (u64, u64) {
        let now = self.host.monotonic_ns();
        let mut it = t.process.itimer_real.lock();
        let old = (if it.0 == 0 { 0 } else { it.0.saturating_sub(now).max(1) }, it.1);
        *it = (if value_ns == 0 { 0 } else { now + value_ns }, interval_ns);
        drop(it);
        self.timer_gen.fetch_add(1, Ordering::AcqRel);
        self.host.notify_timers();
        old
    }

    pub(crate) fn sys_alarm(&self, t: &Arc<Task>, secs: u64) -> SysResult {
        let (left, _) = self.set_real_timer(t, secs.saturating_mul(1_000_000_000), 0);
        Ok(left.div_ceil(1_000_000_000))
    }

    fn timeval_ns(b: &[u8]) -> u64 {
        let s = u64::from_le_bytes(b[..8].try_into().unwrap_or([0; 8]));
        let us = u64::from_le_bytes(b[8..16].try_into().unwrap_or([0; 8]));
        s.saturating_mul(1_000_000_000).saturating_add(us.saturating_mul(1000))
    }

    fn itimerval(interval: u64, value: u64) -> [u8; 32] {
        let mut b = [0u8; 32];
        b[..16].copy_from_slice(&crate::uaccess::timespec(interval / 1_000_000_000, interval % 1_000_000_000 / 1000));
        b[16..].copy_from_slice(&crate::uaccess::timespec(value / 1_000_000_000, value % 1_000_000_000 / 1000));
        b
    }

    pub(crate) fn sys_setitimer(&self, t: &Arc<Task>, which: u64, new: u64, old: u64) -> SysResult {
        if which > 2 {
            return Err(Errno::EINVAL);
        }
        if new != 0 {
            let b = self.get_array::<32>(new)?;
            for o in [0, 16] {
                let s = i64::from_le_bytes(b[o..o + 8].try_into().unwrap_or([0; 8]));
                let us = i64::from_le_bytes(b[o + 8..o + 16].try_into().unwrap_or([0; 8]));
                if s < 0 || !(0..1_000_000).contains(&us) {
                    return Err(Errno::EINVAL);
                }
            }
        }
        if which != 0 {
            // ITIMER_VIRTUAL and ITIMER_PROF need CPU-time accounting per process.
            return self.not_yet("setitimer(ITIMER_VIRTUAL/ITIMER_PROF)");
        }
        let (interval, value) = if new != 0 {
            let b = self.get_array::<32>(new)?;
            (Self::timeval_ns(&b[..16]), Self::timeval_ns(&b[16..]))
        } else {
            (0, 0)
        };
        let (left, ival) = self.set_real_timer(t, value, interval);
        if old != 0 {
            self.put(old, &Self::itimerval(ival, left))?;
        }
        Ok(0)
    }

    pub(crate) fn sys_getitimer(&self, t: &Arc<Task>, which: u64, cur: u64) -> SysResult {
        if which > 2 {
            return Err(Errno::EINVAL);
        }
        let (left, ival) = if which == 0 {
            let now = self.host.monotonic_ns();
            let it = *t.process.itimer_real.lock();
            (if it.0 == 0 { 0 } else { it.0.saturating_sub(now) }, it.1)
        } else {
            (0, 0)
        };
        self.put(cur, &Self::itimerval(ival, left))?;
        Ok(0)
    }

    /// The timer service: posts SIGALRM when a process's real timer expires.
    /// The kernel runs this on a thread of its own; it never returns.
    pub fn run_timers(&self) -> ! {
        loop {
            let now = self.host.monotonic_ns();
            let mut next: Option<u64> = None;
            for p in self.procs.all() {
                let fire = {
                    let mut it = p.itimer_real.lock();
                    let fire = it.0 != 0 && it.0 <= now;
                    if fire {
                        it.0 = if it.1 > 0 { now + it.1 } else { 0 };
                    }
                    if it.0 != 0 {
                        next = Some(next.map_or(it.0, |n: u64| n.min(it.0)));
                    }
                    fire
                };
                if fire {
                    self.post_signal(&p, signal::SIGALRM, (0, signal::SI_KERNEL, 0));
                }
            }
            let gen = self.timer_gen.load(Ordering::Acquire);
            self.host.wait_timers(&mut || self.timer_gen.load(Ordering::Acquire) != gen, next);
        }
    }
}
