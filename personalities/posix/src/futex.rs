//! Futexes: threads waiting on a user memory word.
//!
//! A waiter is keyed by (address space, address). FUTEX_WAIT checks the word
//! and sleeps until a FUTEX_WAKE on the same key (or a timeout or signal).

use crate::errno::Errno;
use crate::host::{Space, WaitEnd};
use crate::posix::{Posix, SysResult, ERESTARTSYS};
use crate::process::Task;
use crate::uaccess::timespec_ns;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicBool, Ordering};
use spin::Mutex;

struct Waiter {
    space: usize,
    addr: u64,
    bitset: u32,
    woken: Arc<AtomicBool>,
}

#[derive(Default)]
pub struct Futexes {
    waiters: Mutex<Vec<Waiter>>,
}

fn key(space: &Arc<dyn Space>) -> usize {
    Arc::as_ptr(space) as *const () as usize
}

impl Futexes {
    /// Wake up to `n` waiters on (space, addr) whose bitset intersects `bitset`.
    pub fn wake(&self, space: &Arc<dyn Space>, addr: u64, n: u32, bitset: u32) -> u32 {
        let k = key(space);
        let mut woke = 0;
        let mut w = self.waiters.lock();
        w.retain(|x| {
            if woke < n && x.space == k && x.addr == addr && x.bitset & bitset != 0 {
                x.woken.store(true, Ordering::Release);
                woke += 1;
                false
            } else {
                true
            }
        });
        woke
    }

    /// Move waiters from addr to addr2 (after waking `n`).
    fn requeue(&self, space: &Arc<dyn Space>, addr: u64, n: u32, addr2: u64, limit: u32) -> u32 {
        let woke = self.wake(space, addr, n, u32::MAX);
        let k = key(space);
        let mut moved = 0;
        for x in self.waiters.lock().iter_mut() {
            if moved < limit && x.space == k && x.addr == addr {
                x.addr = addr2;
                moved += 1;
            }
        }
        woke + moved
    }
}

const FUTEX_WAIT: u64 = 0;
const FUTEX_WAKE: u64 = 1;
const FUTEX_REQUEUE: u64 = 3;
const FUTEX_CMP_REQUEUE: u64 = 4;
const FUTEX_WAIT_BITSET: u64 = 9;
const FUTEX_WAKE_BITSET: u64 = 10;
const FUTEX_CMD_MASK: u64 = 0x7F; // drops PRIVATE (128) and CLOCK_REALTIME (256)

impl Posix {
    /// Waiters were marked woken: let them see it.
    fn woke(&self, n: u32) -> u64 {
        if n > 0 {
            self.host.notify();
        }
        n as u64
    }

    pub(crate) fn sys_futex(&self, t: &Arc<Task>, uaddr: u64, op: u64, val: u64, timeout: u64, uaddr2: u64, val3: u64) -> SysResult {
        if !uaddr.is_multiple_of(4) {
            return Err(Errno::EINVAL);
        }
        let space = t.process.mm.lock().space.clone();
        match op & FUTEX_CMD_MASK {
            FUTEX_WAIT | FUTEX_WAIT_BITSET => {
                let bitset = if op & FUTEX_CMD_MASK == FUTEX_WAIT { u32::MAX } else { val3 as u32 };
                if bitset == 0 {
                    return Err(Errno::EINVAL);
                }
                let deadline = if timeout != 0 {
                    let ns = timespec_ns(&self.get_array::<16>(timeout)?)?;
                    Some(if op & FUTEX_CMD_MASK == FUTEX_WAIT { self.host.monotonic_ns().saturating_add(ns) } else { ns })
                } else {
                    None
                };
                let woken = Arc::new(AtomicBool::new(false));
                {
                    // Check the word and enqueue under the lock, so a wake
                    // between the two cannot be missed.
                    let mut w = self.futex.waiters.lock();
                    if self.get_u32(uaddr)? != val as u32 {
                        return Err(Errno::EAGAIN);
                    }
                    w.push(Waiter { space: key(&space), addr: uaddr, bitset, woken: woken.clone() });
                }
                let end = self.host.wait(&mut || woken.load(Ordering::Acquire) || t.deliverable() != 0, deadline);
                if woken.load(Ordering::Acquire) {
                    return Ok(0);
                }
                self.futex.waiters.lock().retain(|x| !Arc::ptr_eq(&x.woken, &woken));
                if end == WaitEnd::TimedOut {
                    Err(Errno::ETIMEDOUT)
                } else {
                    Err(ERESTARTSYS)
                }
            }
            FUTEX_WAKE => Ok(self.woke(self.futex.wake(&space, uaddr, val as u32, u32::MAX))),
            FUTEX_WAKE_BITSET => Ok(self.woke(self.futex.wake(&space, uaddr, val as u32, val3 as u32))),
            FUTEX_REQUEUE => Ok(self.woke(self.futex.requeue(&space, uaddr, val as u32, uaddr2, timeout as u32))),
            FUTEX_CMP_REQUEUE => {
                if self.get_u32(uaddr)? != val3 as u32 {
                    return Err(Errno::EAGAIN);
                }
                Ok(self.woke(self.futex.requeue(&space, uaddr, val as u32, uaddr2, timeout as u32)))
            }
            _ => self.not_yet("this futex operation"),
        }
    }
}
