//! Clocks and sleeping.

use crate::errno::Errno;
use crate::host::WaitEnd;
use crate::posix::{Posix, SysResult};
use crate::process::Task;
use crate::uaccess::{timespec, timespec_ns};
use alloc::sync::Arc;

const CLOCK_REALTIME: u64 = 0;
const CLOCK_MONOTONIC: u64 = 1;
const CLOCK_PROCESS_CPUTIME_ID: u64 = 2;
const CLOCK_THREAD_CPUTIME_ID: u64 = 3;
const CLOCK_MONOTONIC_RAW: u64 = 4;
const CLOCK_REALTIME_COARSE: u64 = 5;
const CLOCK_MONOTONIC_COARSE: u64 = 6;
const CLOCK_BOOTTIME: u64 = 7;
const TIMER_ABSTIME: u64 = 1;

impl Posix {
    /// Wall-clock nanoseconds, with any clock_settime adjustment.
    pub fn realtime_ns(&self) -> u64 {
        let (s, ns) = self.host.realtime();
        let hw = s * 1_000_000_000 + ns as u64;
        hw.saturating_add_signed(self.realtime_offset.load(core::sync::atomic::Ordering::Relaxed))
    }

    /// Nanoseconds on `clock`.
    fn clock_ns(&self, clock: u64) -> Result<u64, Errno> {
        Ok(match clock {
            CLOCK_REALTIME | CLOCK_REALTIME_COARSE => self.realtime_ns(),
            CLOCK_MONOTONIC | CLOCK_MONOTONIC_RAW | CLOCK_MONOTONIC_COARSE | CLOCK_BOOTTIME => self.host.monotonic_ns(),
            CLOCK_PROCESS_CPUTIME_ID | CLOCK_THREAD_CPUTIME_ID => self.host.thread_cpu_ns(),
            _ => return Err(Errno::EINVAL),
        })
    }

    pub(crate) fn sys_clock_gettime(&self, _t: &Arc<Task>, clock: u64, ts: u64) -> SysResult {
        let ns = self.clock_ns(clock)?;
        self.put(ts, &timespec(ns / 1_000_000_000, ns % 1_000_000_000))?;
        Ok(0)
    }

    /// clock_settime: CLOCK_REALTIME only, by root; the offset from the
    /// hardware clock is kept by the personality.
    pub(crate) fn sys_clock_settime(&self, t: &Arc<Task>, clock: u64, ts: u64) -> SysResult {
        if clock != CLOCK_REALTIME {
            return Err(Errno::EINVAL);
        }
        let want = timespec_ns(&self.get_array::<16>(ts)?)?;
        if t.process.creds.lock().euid != 0 {
            return Err(Errno::EPERM);
        }
        let (s, ns) = self.host.realtime();
        let now = s * 1_000_000_000 + ns as u64;
        self.realtime_offset.store(want as i64 - now as i64, core::sync::atomic::Ordering::Relaxed);
        Ok(0)
    }

    pub(crate) fn sys_clock_getres(&self, clock: u64, ts: u64) -> SysResult {
        self.clock_ns(clock)?;
        if ts != 0 {
            self.put(ts, &timespec(0, 1))?;
        }
        Ok(0)
    }

    pub(crate) fn sys_gettimeofday(&self, tv: u64) -> SysResult {
        if tv != 0 {
            let ns = self.realtime_ns();
            self.put(tv, &timespec(ns / 1_000_000_000, ns % 1_000_000_000 / 1000))?;
        }
        Ok(0)
    }

    pub(crate) fn sys_time(&self, t: u64) -> SysResult {
        let s = self.realtime_ns() / 1_000_000_000;
        if t != 0 {
            self.put_u64(t, s)?;
        }
        Ok(s)
    }

    /// nanosleep and clock_nanosleep; a signal ends the sleep with EINTR and
    /// the time left.
    pub(crate) fn sys_nanosleep(&self, t: &Arc<Task>, clock: u64, flags: u64, req: u64, rem: u64) -> SysResult {
        let want = timespec_ns(&self.get_array::<16>(req)?)?;
        let now_clock = self.clock_ns(clock)?;
        let duration = if flags & TIMER_ABSTIME != 0 { want.saturating_sub(now_clock) } else { want };
        let start = self.host.monotonic_ns();
        let deadline = start.saturating_add(duration);
        if self.host.wait(&mut || t.deliverable() != 0, Some(deadline)) == WaitEnd::TimedOut {
            return Ok(0);
        }
        if t.deliverable() == 0 {
            return Ok(0);
        }
        if rem != 0 && flags & TIMER_ABSTIME == 0 {
            let left = deadline.saturating_sub(self.host.monotonic_ns());
            self.put(rem, &timespec(left / 1_000_000_000, left % 1_000_000_000))?;
        }
        Err(Errno::EINTR)
    }
}
