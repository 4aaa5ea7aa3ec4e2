//! Blocking synchronisation for threads: wait queues, a sleeping mutex and a
//! condition variable. Wake-ups may come from interrupt handlers.
//!
//! Usage:
//! ```ignore
//! static READY: AtomicBool = AtomicBool::new(false);
//! static WQ: WaitQueue = WaitQueue::new();
//! WQ.wait_until(|| READY.load(Ordering::Acquire));   // thread side
//! READY.store(true, Ordering::Release); WQ.wake_all(); // irq or other thread
//! ```

use super::{current, schedule, wake, State, ThreadRef};
use crate::arch::cpu;
use crate::sync::IrqLock;
use alloc::collections::VecDeque;
use core::cell::UnsafeCell;
use core::ops::{Deref, DerefMut};
use core::sync::atomic::{AtomicBool, AtomicU64, Ordering};

pub struct WaitQueue {
    waiters: IrqLock<VecDeque<ThreadRef>>,
}

impl Default for WaitQueue {
    fn default() -> Self {
        Self::new()
    }
}

impl WaitQueue {
    pub const fn new() -> Self {
        WaitQueue { waiters: IrqLock::new(VecDeque::new()) }
    }

    /// Block until `cond` holds. `cond` is checked with interrupts off, and the
    /// thread is queued (and marked blocked) before they come back on, so a
    /// wake-up between the check and the block is not lost.
    pub fn wait_until<F: FnMut() -> bool>(&self, mut cond: F) {
        loop {
            let was = cpu::save_and_disable();
            if cond() {
                cpu::restore(was);
                return;
            }
            {
                let me = current();
                let mut w = self.waiters.lock();
                me.set_state(State::Blocked);
                w.push_back(me);
            }
            schedule();
            cpu::restore(was);
        }
    }

    /// Like `wait_until`, giving up at the monotonic time `deadline_ns`.
    /// Returns whether `cond` held.
    pub fn wait_until_deadline<F: FnMut() -> bool>(&self, mut cond: F, deadline_ns: u64) -> bool {
        loop {
            let was = cpu::save_and_disable();
            if cond() {
                cpu::restore(was);
                return true;
            }
            if crate::time::monotonic_ns() >= deadline_ns {
                cpu::restore(was);
                return false;
            }
            super::wake_at(deadline_ns);
            {
                let me = current();
                let mut w = self.waiters.lock();
                me.set_state(State::Blocked);
                w.push_back(me);
            }
            schedule();
            // A timeout leaves us in the queue: take us out.
            let me = current();
            self.waiters.lock().retain(|t| !alloc::sync::Arc::ptr_eq(t, &me));
            cpu::restore(was);
        }
    }

    pub fn wake_one(&self) {
        let t = self.waiters.lock().pop_front();
        if let Some(t) = t {
            wake(&t);
        }
    }

    pub fn wake_all(&self) {
        let all = core::mem::take(&mut *self.waiters.lock());
        for t in all {
            wake(&t);
        }
    }
}

/// A mutex whose waiters sleep. Not for interrupt handlers (use `IrqLock`).
pub struct Mutex<T> {
    locked: AtomicBool,
    queue: WaitQueue,
    value: UnsafeCell<T>,
}

// SAFETY: access to `value` is serialised by `locked`.
unsafe impl<T: Send> Sync for Mutex<T> {}
unsafe impl<T: Send> Send for Mutex<T> {}

pub struct MutexGuard<'a, T> {
    m: &'a Mutex<T>,
}

impl<T> Mutex<T> {
    pub const fn new(value: T) -> Self {
        Mutex { locked: AtomicBool::new(false), queue: WaitQueue::new(), value: UnsafeCell::new(value) }
    }

    pub fn try_lock(&self) -> Option<MutexGuard<'_, T>> {
        self.locked
            .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
            .ok()
            .map(|_| MutexGuard { m: self })
    }

    pub fn lock(&self) -> MutexGuard<'_, T> {
        loop {
            if let Some(g) = self.try_lock() {
                return g;
            }
            self.queue.wait_until(|| !self.locked.load(Ordering::Relaxed));
        }
    }
}

impl<T> Deref for MutexGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: the guard proves the lock is held.
        unsafe { &*self.m.value.get() }
    }
}

impl<T> DerefMut for MutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: the guard proves the lock is held, and it is borrowed mutably.
        unsafe { &mut *self.m.value.get() }
    }
}

impl<T> Drop for MutexGuard<'_, T> {
    fn drop(&mut self) {
        self.m.locked.store(false, Ordering::Release);
        self.m.queue.wake_one();
    }
}

/// A condition variable for `Mutex`. Spurious wake-ups are possible, as
/// everywhere: wait in a loop on the real condition.
pub struct Condvar {
    generation: AtomicU64,
    queue: WaitQueue,
}

impl Default for Condvar {
    fn default() -> Self {
        Self::new()
    }
}

impl Condvar {
    pub const fn new() -> Self {
        Condvar { generation: AtomicU64::new(0), queue: WaitQueue::new() }
    }

    pub fn wait<'a, T>(&self, guard: MutexGuard<'a, T>) -> MutexGuard<'a, T> {
        let m = guard.m;
        let seen = self.generation.load(Ordering::Acquire);
        // Unlock and wait as one step with respect to notifiers: interrupts are
        // off from the unlock to the block, and notify bumps the generation.
        let was = cpu::save_and_disable();
        drop(guard);
        self.queue.wait_until(|| self.generation.load(Ordering::Acquire) != seen);
        cpu::restore(was);
        m.lock()
    }

    pub fn notify_one(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.queue.wake_one();
    }

    pub fn notify_all(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.queue.wake_all();
    }
}
