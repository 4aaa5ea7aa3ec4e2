//! What the POSIX personality needs from the kernel, as traits.
//!
//! The personality is safe Rust and knows nothing of page tables, stacks or
//! interrupts: the kernel implements [`Host`] (threads, user memory, waiting,
//! time) and [`Space`] (one user address space). Host unit tests implement
//! them with plain memory.

use crate::errno::Errno;
use alloc::string::String;
use alloc::sync::Arc;
use core::any::Any;

bitflags::bitflags! {
    /// Page protection, as mmap's PROT_* bits.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct Prot: u32 {
        const READ = 1;
        const WRITE = 2;
        const EXEC = 4;
    }
}

/// The user-visible registers of a thread (the kernel's trap frame, copied).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Regs {
    pub rax: u64,
    pub rbx: u64,
    pub rcx: u64,
    pub rdx: u64,
    pub rsi: u64,
    pub rdi: u64,
    pub rbp: u64,
    pub rsp: u64,
    pub r8: u64,
    pub r9: u64,
    pub r10: u64,
    pub r11: u64,
    pub r12: u64,
    pub r13: u64,
    pub r14: u64,
    pub r15: u64,
    pub rip: u64,
    pub rflags: u64,
}

/// One user address space. All addresses and lengths are page aligned.
pub trait Space: Send + Sync {
    /// Map fresh zero-filled pages over `[va, va+len)`, replacing whatever
    /// was mapped there.
    fn map_zero(&self, va: u64, len: u64, prot: Prot) -> Result<(), Errno>;
    /// Map at `va`, read-only (or `prot` without WRITE), the shared page the
    /// kernel keeps for `key`, creating it with `fill` the first time. Used
    /// for program text, so every process running a program shares its code.
    fn map_cached(&self, va: u64, prot: Prot, key: [u64; 4], fill: &mut dyn FnMut() -> Result<alloc::vec::Vec<u8>, Errno>) -> Result<(), Errno>;
    /// Map at `va` page `page` of shared memory object `object` (created
    /// zero-filled on first use), writable if `prot` says so. Such pages stay
    /// shared, not copied, across fork.
    fn map_shared(&self, va: u64, prot: Prot, object: u64, page: u64) -> Result<(), Errno>;
    /// Remove the mappings in `[va, va+len)` and free their pages.
    fn unmap(&self, va: u64, len: u64);
    /// Change the protection of mapped pages in the range (unmapped ones are skipped).
    fn protect(&self, va: u64, len: u64, prot: Prot);
    /// Write into this space (which need not be the running one), ignoring
    /// page protection: used to load programs and build stacks.
    fn write(&self, va: u64, data: &[u8]) -> Result<(), Errno>;
    fn read(&self, va: u64, buf: &mut [u8]) -> Result<(), Errno>;
    /// A private copy of every mapping (for fork).
    fn fork(&self) -> Result<Arc<dyn Space>, Errno>;
    /// Bytes of memory mapped.
    fn resident_bytes(&self) -> u64;
    fn as_any(&self) -> &dyn Any;
}

/// Why a wait ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaitEnd {
    /// The condition holds.
    Ready,
    /// The deadline passed.
    TimedOut,
}

/// Kernel services. Calls about "the current thread" act on the thread that
/// is making the system call.
pub trait Host: Send + Sync {
    fn new_space(&self) -> Result<Arc<dyn Space>, Errno>;

    /// Copy from / to the current thread's user memory (EFAULT on bad addresses).
    fn copy_in(&self, addr: u64, buf: &mut [u8]) -> Result<(), Errno>;
    fn copy_out(&self, addr: u64, data: &[u8]) -> Result<(), Errno>;
    /// A NUL-terminated string of at most `max` bytes.
    fn read_cstr(&self, addr: u64, max: usize) -> Result<String, Errno>;

    /// Start a user thread in `space` with `regs` (and FS base `fs_base`) that
    /// runs on behalf of `task`. Returns the kernel thread id.
    fn spawn_thread(&self, space: Arc<dyn Space>, regs: Regs, fs_base: u64, task: Arc<crate::process::Task>) -> Result<u64, Errno>;
    /// The POSIX task of the running thread, if it is one.
    fn current_task(&self) -> Option<Arc<crate::process::Task>>;
    /// Make `space` the current thread's address space (execve).
    fn switch_space(&self, space: Arc<dyn Space>);
    /// The FS segment base of the current thread (TLS).
    fn set_fs_base(&self, base: u64);
    fn fs_base(&self) -> u64;

    /// Block until `cond` holds or `deadline_ns` (monotonic) passes. `cond` is
    /// re-checked whenever anything calls `notify` (and at the deadline).
    fn wait(&self, cond: &mut dyn FnMut() -> bool, deadline_ns: Option<u64>) -> WaitEnd;
    /// State that waiters may look at changed.
    fn notify(&self);
    /// The same pair for the timer service alone, so that it is not woken
    /// by every `notify`.
    fn wait_timers(&self, cond: &mut dyn FnMut() -> bool, deadline_ns: Option<u64>) -> WaitEnd;
    fn notify_timers(&self);
    fn yield_now(&self);

    fn monotonic_ns(&self) -> u64;
    /// (seconds, nanoseconds) since the Unix epoch.
    fn realtime(&self) -> (u64, u32);
    /// CPU time used by the current thread, in nanoseconds.
    fn thread_cpu_ns(&self) -> u64;
    fn random_bytes(&self, buf: &mut [u8]);
    /// Physical memory: (total, free) bytes.
    fn memory(&self) -> (u64, u64);

    /// Ask the machine to power off / reboot (init's reboot(2)).
    /// The shared memory object `object` is no longer mapped anywhere: free its pages.
    fn release_shared(&self, object: u64);

    /// The current thread's FPU/SSE registers in the 512-byte FXSAVE layout,
    /// and putting them back (signal frames carry them across a handler).
    fn fpu_save(&self) -> [u8; 512];
    fn fpu_restore(&self, state: &[u8; 512]);

    fn poweroff(&self);
    fn reboot(&self);
}
