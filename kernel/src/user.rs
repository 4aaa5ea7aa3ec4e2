//! User mode: threads that run ring-3 code in their own address space, the
//! point where a personality plugs in, and the only way the kernel touches
//! user memory.
//!
//! A personality (POSIX, or a test one) implements [`Personality`]: it gets
//! every `syscall` of its threads and every fault they take. User memory is
//! reached only through [`UserSlice`] / [`read_user_cstr`]: an address from
//! user space is an allegation, checked against the user half and copied by
//! one assembly routine whose faults are caught and turned into `EFAULT`.

use crate::arch::trap::{self, TrapFrame};
use crate::mem::paging::AddressSpace;
use crate::mem::{PAGE_SIZE, USER_END};
use crate::sched::{self, Priority, ThreadRef};
use alloc::boxed::Box;
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;
use crate::sync::IrqLock;
use core::arch::global_asm;
use core::sync::atomic::{AtomicU64, Ordering};

/// A Linux errno value (positive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Errno(pub i32);

impl Errno {
    pub const EFAULT: Errno = Errno(14);
    pub const EINVAL: Errno = Errno(22);
    pub const ENOSYS: Errno = Errno(38);
    pub const ENAMETOOLONG: Errno = Errno(36);

    /// The value a syscall returns in rax: -errno.
    pub fn as_return(self) -> u64 {
        (-(self.0 as i64)) as u64
    }
}

/// What a user fault comes to.
pub struct UserFault {
    pub vector: u64,
    pub error: u64,
    /// The faulting address for page faults (CR2).
    pub addr: u64,
    /// True if the fault came from a kernel access to user memory (a copy).
    pub from_kernel_copy: bool,
}

pub enum FaultAction {
    /// The personality fixed the mapping (demand paging, copy-on-write): retry.
    Retry,
    /// The access is invalid: a user fault ends the thread (or the
    /// personality delivered a signal by rewriting the frame and returns
    /// Retry); a kernel copy fails with EFAULT.
    Fail,
}

/// The interface between the kernel and a personality.
pub trait Personality: Send + Sync {
    fn name(&self) -> &'static str;
    /// Handle the system call in `frame` (number in rax, arguments in rdi, rsi,
    /// rdx, r10, r8, r9) and put the result in `frame.rax`.
    fn syscall(&self, frame: &mut TrapFrame);
    /// A fault in one of this personality's threads or in a copy on its behalf.
    fn fault(&self, fault: &UserFault, frame: &mut TrapFrame) -> FaultAction;
    /// Called before an interrupt returns to this personality's user code
    /// (a chance to deliver signals or end the thread).
    fn interrupt_return(&self, _frame: &mut TrapFrame) {}
    /// For the personality to find its own per-thread object again.
    fn as_any(&self) -> Option<&dyn core::any::Any> {
        None
    }
}

/// The user half of a thread.
pub struct UserContext {
    /// Replaced by execve; read by the scheduler at every switch.
    pub space: IrqLock<Arc<AddressSpace>>,
    pub personality: Arc<dyn Personality>,
    /// The FS segment base (thread-local storage), restored at every switch.
    pub fs_base: AtomicU64,
    /// The registers of the first entry to user mode.
    pub entry_frame: IrqLock<Option<TrapFrame>>,
}

/// Start a thread that enters ring 3 at `rip` with stack `rsp` in `space`.
pub fn spawn_user(
    name: &str,
    space: Arc<AddressSpace>,
    personality: Arc<dyn Personality>,
    rip: u64,
    rsp: u64,
) -> Option<ThreadRef> {
    spawn_user_frame(name, space, personality, TrapFrame::new_user(rip, rsp), 0)
}

/// Start a user thread with a whole register set (fork, clone).
pub fn spawn_user_frame(
    name: &str,
    space: Arc<AddressSpace>,
    personality: Arc<dyn Personality>,
    frame: TrapFrame,
    fs_base: u64,
) -> Option<ThreadRef> {
    let mut f = frame;
    f.cs = crate::arch::gdt::USER_CS as u64;
    f.ss = crate::arch::gdt::USER_DS as u64;
    f.rflags = (f.rflags & 0xCD5) | 0x202;
    let ctx = UserContext {
        space: IrqLock::new(space),
        personality,
        fs_base: AtomicU64::new(fs_base),
        entry_frame: IrqLock::new(Some(f)),
    };
    // The thread starts in `enter_first`, which holds no references while
    // it drops to ring 3 (a closure's captures would never be freed).
    sched::spawn_inner(name, Priority::Normal, Some(ctx), Box::new(|| {}))
}

/// The first entry of a user thread into ring 3 (called by the scheduler
/// when a new user thread starts, after its kernel-side closure ran).
pub fn enter_first() -> ! {
    let me = sched::current();
    let (frame, top) = {
        let u = me.user.as_ref().expect("a user thread");
        u.space.lock().activate();
        write_fs_base(u.fs_base.load(Ordering::Relaxed));
        (u.entry_frame.lock().take().expect("entered once"), me.kernel_stack_top())
    };
    drop(me);
    // The frame sits at the top of the kernel stack, where the trap and
    // syscall paths will build theirs from now on.
    let slot = (top - core::mem::size_of::<TrapFrame>() as u64) as *mut TrapFrame;
    // SAFETY: the top of this thread's own kernel stack is kept free for
    // exactly this frame (see sched::new_thread), aligned and mapped.
    unsafe { slot.write(frame) };
    // SAFETY: just written.
    trap::enter_user(unsafe { &*slot })
}

/// Make `space` the current thread's address space (execve).
pub fn replace_space(space: Arc<AddressSpace>) {
    let me = sched::current();
    if let Some(u) = &me.user {
        // Swap and load CR3 under the lock (interrupts off): a switch away
        // and back in between would otherwise load the old space again.
        let old = {
            let mut cur = u.space.lock();
            space.activate();
            core::mem::replace(&mut *cur, space)
        };
        drop(old);
    }
}

/// Set the current thread's FS base (arch_prctl).
pub fn set_fs_base(base: u64) {
    let me = sched::current();
    if let Some(u) = &me.user {
        u.fs_base.store(base, Ordering::Relaxed);
        write_fs_base(base);
    }
}

pub fn fs_base() -> u64 {
    sched::current().user.as_ref().map_or(0, |u| u.fs_base.load(Ordering::Relaxed))
}

pub fn write_fs_base(base: u64) {
    // SAFETY: FS is not used by the kernel; the value only affects user code.
    unsafe { x86::msr::wrmsr(x86::msr::IA32_FS_BASE, base) }
}

/// Resolve a write fault on a copy-on-write page of the current space.
pub fn break_cow(addr: u64) -> bool {
    let Some(me) = sched::try_current() else { return false };
    let Some(u) = &me.user else { return false };
    let space = u.space.lock().clone();
    let r = space.break_cow(addr & !(PAGE_SIZE - 1));
    matches!(r, Ok(true))
}

/// Before an interrupt returns to user mode.
pub fn interrupt_return(frame: &mut TrapFrame) {
    if let Some(p) = current_personality() {
        p.interrupt_return(frame);
    }
    exit_if_requested();
}

pub fn current_personality() -> Option<Arc<dyn Personality>> {
    sched::try_current().and_then(|t| t.user.as_ref().map(|u| u.personality.clone()))
}

/// Called by a personality (which must then return): end the current thread
/// as soon as the personality's call has returned. Ending it from inside the
/// call would strand the references the call holds on the thread's stack.
pub fn exit_after_return() {
    sched::current().exit_requested.store(true, Ordering::Release);
}

/// If the personality asked for it, end the thread now (no references held).
fn exit_if_requested() {
    let requested = sched::current().exit_requested.load(Ordering::Acquire);
    if requested {
        crate::arch::cpu::enable_interrupts();
        sched::exit(0);
    }
}

/// Entry from `syscall_entry` (interrupts off on arrival).
pub fn syscall(frame: &mut TrapFrame) {
    crate::arch::cpu::enable_interrupts();
    match current_personality() {
        Some(p) => p.syscall(frame),
        None => frame.rax = Errno::ENOSYS.as_return(),
    }
    exit_if_requested();
    crate::arch::cpu::disable_interrupts();
    sched::preempt_point();
}

/// An exception taken in ring 3.
pub fn user_exception(frame: &mut TrapFrame, cr2: u64) {
    let fault = UserFault { vector: frame.vector, error: frame.error, addr: cr2, from_kernel_copy: false };
    let (action, who) = match current_personality() {
        Some(p) => (p.fault(&fault, frame), p.name()),
        None => (FaultAction::Fail, "no personality"),
    };
    exit_if_requested();
    if let FaultAction::Fail = action {
        log::warn!(
            "user: {} thread {} killed by {} at rip {:#x} (addr {:#x})",
            who,
            sched::current().id,
            crate::fault::name(frame.vector),
            frame.rip,
            cr2
        );
        crate::arch::cpu::enable_interrupts();
        sched::exit(128 + 11);
    }
    sched::preempt_point();
}

// copy_user(dst, src, len) -> bytes NOT copied (0 on success).
// A fault on the `rep movsb` lands in fixup_user_copy_fault, which resumes at
// user_copy_fault with rcx = bytes left.
global_asm!(
    r#"
    .section .text.usercopy, "ax"
    .global user_copy
user_copy:
    mov %rdx, %rcx
    cmpb $0, SMAP_ENABLED(%rip)
    je 1f
    stac
1:
    .global user_copy_insn
user_copy_insn:
    rep movsb
    xor %eax, %eax
    jmp 2f
    .global user_copy_fault
user_copy_fault:
    mov %rcx, %rax
2:
    cmpb $0, SMAP_ENABLED(%rip)
    je 3f
    clac
3:
    ret
    "#,
    options(att_syntax)
);

extern "C" {
    fn user_copy(dst: *mut u8, src: *const u8, len: usize) -> usize;
    static user_copy_insn: u8;
    static user_copy_fault: u8;
}

/// Called for kernel-mode page faults: if the fault is in `user_copy` on a
/// user address, let the personality resolve it, or make the copy fail.
pub fn fixup_user_copy_fault(frame: &mut TrapFrame, cr2: u64) -> bool {
    let insn = core::ptr::addr_of!(user_copy_insn) as u64;
    if frame.rip != insn {
        return false;
    }
    if cr2 < USER_END {
        if let Some(p) = current_personality() {
            let f = UserFault { vector: 14, error: frame.error, addr: cr2, from_kernel_copy: true };
            if let FaultAction::Retry = p.fault(&f, frame) {
                return true;
            }
        }
    }
    frame.rip = core::ptr::addr_of!(user_copy_fault) as u64;
    true
}

/// A range of user memory named by a user program: not trusted until copied.
#[derive(Clone, Copy, Debug)]
pub struct UserSlice {
    addr: u64,
    len: usize,
}

impl UserSlice {
    /// Fails with EFAULT unless the whole range lies in the user half.
    pub fn new(addr: u64, len: usize) -> Result<UserSlice, Errno> {
        let end = addr.checked_add(len as u64).ok_or(Errno::EFAULT)?;
        if end > USER_END {
            return Err(Errno::EFAULT);
        }
        Ok(UserSlice { addr, len })
    }

    /// Copy the user bytes into `buf` (which must be exactly `len` long).
    pub fn read(&self, buf: &mut [u8]) -> Result<(), Errno> {
        if buf.len() != self.len {
            return Err(Errno::EINVAL);
        }
        // SAFETY: `buf` is a valid kernel buffer of `len` bytes; the source is
        // in the user half (checked in `new`) and any fault there is caught by
        // fixup_user_copy_fault.
        let left = unsafe { user_copy(buf.as_mut_ptr(), self.addr as *const u8, self.len) };
        if left == 0 { Ok(()) } else { Err(Errno::EFAULT) }
    }

    pub fn read_vec(&self) -> Result<Vec<u8>, Errno> {
        let mut v = vec![0u8; self.len];
        self.read(&mut v)?;
        Ok(v)
    }

    /// Copy `data` (exactly `len` bytes) out to user memory.
    pub fn write(&self, data: &[u8]) -> Result<(), Errno> {
        if data.len() != self.len {
            return Err(Errno::EINVAL);
        }
        // SAFETY: as in `read`, with the user range as destination.
        let left = unsafe { user_copy(self.addr as *mut u8, data.as_ptr(), self.len) };
        if left == 0 { Ok(()) } else { Err(Errno::EFAULT) }
    }
}

/// A NUL-terminated user string of at most `max` bytes (without the NUL).
pub fn read_user_cstr(addr: u64, max: usize) -> Result<String, Errno> {
    // Short pieces, never crossing a page (so a string that ends just before
    // an unmapped page is still readable): most strings are paths and short.
    const PIECE: u64 = 128;
    let mut out = Vec::new();
    let mut a = addr;
    let mut buf = [0u8; PIECE as usize];
    loop {
        let n = (PIECE - (a % PIECE)).min(PAGE_SIZE - (a % PAGE_SIZE)) as usize;
        UserSlice::new(a, n)?.read(&mut buf[..n])?;
        if let Some(z) = buf[..n].iter().position(|&b| b == 0) {
            out.extend_from_slice(&buf[..z]);
            if out.len() > max {
                return Err(Errno::ENAMETOOLONG);
            }
            return String::from_utf8(out).map_err(|_| Errno::EINVAL);
        }
        out.extend_from_slice(&buf[..n]);
        if out.len() > max {
            return Err(Errno::ENAMETOOLONG);
        }
        a += n as u64;
    }
}
