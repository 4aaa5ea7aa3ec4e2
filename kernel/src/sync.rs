//! Locks for kernel data shared with interrupt handlers.
//!
//! `IrqLock` is a spinlock that also masks interrupts on this CPU while it is
//! held, so an interrupt handler can never spin on a lock its own CPU holds. It
//! is the low-level lock under the scheduler, the frame allocator, the heap and
//! the page tables. Sleeping locks for threads are in `sched::sync`.

use crate::arch::cpu;
use core::ops::{Deref, DerefMut};

pub struct IrqLock<T> {
    inner: spin::Mutex<T>,
}

pub struct IrqLockGuard<'a, T> {
    guard: core::mem::ManuallyDrop<spin::MutexGuard<'a, T>>,
    irq_was_enabled: bool,
}

impl<T> IrqLock<T> {
    pub const fn new(value: T) -> Self {
        IrqLock { inner: spin::Mutex::new(value) }
    }

    pub fn lock(&self) -> IrqLockGuard<'_, T> {
        let was = cpu::save_and_disable();
        IrqLockGuard { guard: core::mem::ManuallyDrop::new(self.inner.lock()), irq_was_enabled: was }
    }

    /// For the panic path: the lock may be held by the code that panicked.
    pub fn try_lock(&self) -> Option<IrqLockGuard<'_, T>> {
        let was = cpu::save_and_disable();
        match self.inner.try_lock() {
            Some(g) => Some(IrqLockGuard { guard: core::mem::ManuallyDrop::new(g), irq_was_enabled: was }),
            None => {
                cpu::restore(was);
                None
            }
        }
    }
}

impl<T> Deref for IrqLockGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.guard
    }
}

impl<T> DerefMut for IrqLockGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.guard
    }
}

impl<T> Drop for IrqLockGuard<'_, T> {
    fn drop(&mut self) {
        // SAFETY: the guard is dropped exactly once, here, before interrupts
        // are restored, so the lock is free before a handler can run.
        unsafe { core::mem::ManuallyDrop::drop(&mut self.guard) };
        cpu::restore(self.irq_was_enabled);
    }
}
