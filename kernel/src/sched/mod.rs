//! The scheduler: preemptive, priority round-robin, kernel threads that may
//! also run a user context.
//!
//! Every thread owns a guarded kernel stack. A switch saves the callee-saved
//! registers on the old stack and loads the new one (`switch_context`); an
//! interrupted thread's trap frame simply stays on its own stack until it runs
//! again. The timer tick wakes sleepers and, when a thread has used its
//! quantum or a higher priority became ready, asks for a reschedule that the
//! interrupt exit path performs.
//!
//! One CPU today. The run queues sit behind an `IrqLock` and the per-CPU block
//! holds what the entry code needs, which is the shape SMP will keep (one queue
//! set per CPU, with stealing).

pub mod sync;

use crate::arch::{cpu, gdt};
use crate::mem::kstack::KernelStack;
use crate::sync::IrqLock;
use alloc::boxed::Box;
use alloc::collections::{BinaryHeap, VecDeque};
use alloc::string::String;
use alloc::sync::{Arc, Weak};
use alloc::vec::Vec;
use core::arch::global_asm;
use core::cell::UnsafeCell;
use core::cmp::Reverse;
use core::sync::atomic::{AtomicBool, AtomicU64, AtomicU8, Ordering};

/// Scheduling priority: lower value runs first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum Priority {
    High = 0,
    Normal = 1,
    Low = 2,
}
const LEVELS: usize = 3;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum State {
    Running = 0,
    Ready = 1,
    Blocked = 2,
    Sleeping = 3,
    Dead = 4,
}

/// Ticks a thread may run before others of its priority get a turn.
const QUANTUM_TICKS: u32 = 10;

/// The FPU/SSE state of a thread that has run user code.
#[repr(C, align(16))]
struct FpuState([u8; 512]);

pub struct Thread {
    pub id: u64,
    pub name: String,
    pub priority: Priority,
    state: AtomicU8,
    /// Saved kernel stack pointer while not running (written by switch_context).
    saved_rsp: UnsafeCell<u64>,
    stack: KernelStack,
    entry: UnsafeCell<Option<Box<dyn FnOnce() + Send>>>,
    fpu: UnsafeCell<FpuState>,
    /// The user side, if this thread runs a user program.
    pub user: Option<crate::user::UserContext>,
    pub exit_code: AtomicU64,
    /// The thread should end when it next leaves a personality call.
    pub exit_requested: AtomicBool,
    /// Timer ticks this thread was running for (CPU time).
    pub cpu_ticks: AtomicU64,
    /// When the thread last stopped running (monotonic ns), and the total
    /// time it spent switched out since it was made: with them a thread can
    /// time its own work exactly, whatever ran in between.
    off_since: AtomicU64,
    off_ns: AtomicU64,
    /// Threads waiting in `join`.
    pub exited: sync::WaitQueue,
}

// SAFETY: the UnsafeCell fields are touched only by the scheduler with
// interrupts off (saved_rsp, fpu), or once by the thread itself at start (entry).
unsafe impl Sync for Thread {}
unsafe impl Send for Thread {}

pub type ThreadRef = Arc<Thread>;

impl Thread {
    pub fn state(&self) -> State {
        match self.state.load(Ordering::Acquire) {
            0 => State::Running,
            1 => State::Ready,
            2 => State::Blocked,
            3 => State::Sleeping,
            _ => State::Dead,
        }
    }

    fn set_state(&self, s: State) {
        self.state.store(s as u8, Ordering::Release);
    }

    pub fn kernel_stack_top(&self) -> u64 {
        self.stack.top()
    }
}

struct Sleeper {
    deadline: u64,
    seq: u64,
    thread: ThreadRef,
}

impl PartialEq for Sleeper {
    fn eq(&self, o: &Self) -> bool {
        (self.deadline, self.seq) == (o.deadline, o.seq)
    }
}
impl Eq for Sleeper {}
impl PartialOrd for Sleeper {
    fn partial_cmp(&self, o: &Self) -> Option<core::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Sleeper {
    fn cmp(&self, o: &Self) -> core::cmp::Ordering {
        (self.deadline, self.seq).cmp(&(o.deadline, o.seq))
    }
}

struct Scheduler {
    queues: [VecDeque<ThreadRef>; LEVELS],
    current: Option<ThreadRef>,
    idle: Option<ThreadRef>,
    sleepers: BinaryHeap<Reverse<Sleeper>>,
    sleep_seq: u64,
    /// Threads that exited; freed once the CPU has left their stacks.
    dead: Vec<ThreadRef>,
    all: Vec<Weak<Thread>>,
    ticks_left: u32,
    switches: u64,
}

static SCHED: IrqLock<Scheduler> = IrqLock::new(Scheduler {
    queues: [const { VecDeque::new() }; LEVELS],
    current: None,
    idle: None,
    sleepers: BinaryHeap::new(),
    sleep_seq: 0,
    dead: Vec::new(),
    all: Vec::new(),
    ticks_left: QUANTUM_TICKS,
    switches: 0,
});

static NEED_RESCHED: AtomicBool = AtomicBool::new(false);
static NEXT_ID: AtomicU64 = AtomicU64::new(1);
static STARTED: AtomicBool = AtomicBool::new(false);

global_asm!(
    r#"
    .section .text.sched, "ax"
    /* switch_context(save_old_rsp: *mut u64, new_rsp: u64) */
    .global switch_context
switch_context:
    push %rbp
    push %rbx
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, (%rdi)
    mov %rsi, %rsp
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbx
    pop %rbp
    ret

    /* First code of every new thread (see Thread stack setup in spawn). */
    .global thread_trampoline
thread_trampoline:
    xor %ebp, %ebp
    call thread_start
    ud2
    "#,
    options(att_syntax)
);

extern "C" {
    fn switch_context(save_old_rsp: *mut u64, new_rsp: u64);
    fn thread_trampoline();
}

fn new_thread(name: &str, priority: Priority, user: Option<crate::user::UserContext>) -> Option<ThreadRef> {
    let stack = KernelStack::new()?;
    // Initial stack: six callee-saved registers (zero) and a return address
    // into thread_trampoline, below a TrapFrame-sized area kept free at the
    // very top, where the trap and syscall paths put a user thread's frame.
    // The area is a multiple of 16, so the call stays 16-byte aligned.
    let top = stack.top() - core::mem::size_of::<crate::arch::trap::TrapFrame>() as u64;
    let rsp = top - 7 * 8;
    // SAFETY: the stack was just mapped for this thread and nothing runs on it.
    unsafe {
        let p = rsp as *mut u64;
        for i in 0..6 {
            p.add(i).write(0);
        }
        p.add(6).write(thread_trampoline as *const () as u64);
    }
    let t = Arc::new(Thread {
        id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        name: String::from(name),
        priority,
        state: AtomicU8::new(State::Ready as u8),
        saved_rsp: UnsafeCell::new(rsp),
        stack,
        entry: UnsafeCell::new(None),
        fpu: UnsafeCell::new(FpuState([0; 512])),
        user,
        exit_code: AtomicU64::new(0),
        exit_requested: AtomicBool::new(false),
        cpu_ticks: AtomicU64::new(0),
        off_since: AtomicU64::new(0),
        off_ns: AtomicU64::new(0),
        exited: sync::WaitQueue::new(),
    });
    // A sane initial FPU state (default control words) for user threads.
    // SAFETY: fpu is private to the new thread, not yet running.
    unsafe {
        let f = &mut (*t.fpu.get()).0;
        f[0] = 0x7F; // FCW = 0x037F
        f[1] = 0x03;
        f[24] = 0x80; // MXCSR = 0x1F80
        f[25] = 0x1F;
    }
    Some(t)
}

/// Start a kernel thread running `f`.
pub fn spawn<F: FnOnce() + Send + 'static>(name: &str, priority: Priority, f: F) -> Option<ThreadRef> {
    spawn_inner(name, priority, None, Box::new(f))
}

pub(crate) fn spawn_inner(
    name: &str,
    priority: Priority,
    user: Option<crate::user::UserContext>,
    f: Box<dyn FnOnce() + Send>,
) -> Option<ThreadRef> {
    let t = new_thread(name, priority, user)?;
    // SAFETY: the thread has not started; nobody else sees `entry` yet.
    unsafe { *t.entry.get() = Some(f) };
    let mut s = SCHED.lock();
    s.all.retain(|w| w.strong_count() > 0);
    s.all.push(Arc::downgrade(&t));
    s.queues[priority as usize].push_back(t.clone());
    if let Some(cur) = &s.current {
        if priority < cur.priority {
            NEED_RESCHED.store(true, Ordering::Relaxed);
        }
    }
    Some(t)
}

#[no_mangle]
extern "C" fn thread_start() -> ! {
    after_switch();
    cpu::enable_interrupts();
    let me = current();
    // SAFETY: only the thread itself takes its entry, once, here.
    let f = unsafe { (*me.entry.get()).take() };
    drop(me);
    if let Some(f) = f {
        f();
    }
    if current().user.is_some() {
        crate::user::enter_first();
    }
    exit(0);
}

/// The running thread.
pub fn current() -> ThreadRef {
    SCHED.lock().current.clone().expect("scheduler not started")
}

/// Nanoseconds the current thread has spent switched out (other threads
/// running) since it was made: subtracted from a wall-clock interval, it
/// leaves the time the thread itself ran.
pub fn current_off_ns() -> u64 {
    SCHED.lock().current.as_ref().map_or(0, |c| c.off_ns.load(Ordering::Relaxed))
}

pub fn try_current() -> Option<ThreadRef> {
    SCHED.try_lock().and_then(|s| s.current.clone())
}

/// Turn the boot flow into the first thread and create the idle thread.
/// `stack` becomes the boot thread's stack (it is already running on it).
pub fn init(stack: KernelStack) {
    let boot = Arc::new(Thread {
        id: 0,
        name: String::from("boot"),
        priority: Priority::Normal,
        state: AtomicU8::new(State::Running as u8),
        saved_rsp: UnsafeCell::new(0),
        stack,
        entry: UnsafeCell::new(None),
        fpu: UnsafeCell::new(FpuState([0; 512])),
        user: None,
        exit_code: AtomicU64::new(0),
        exit_requested: AtomicBool::new(false),
        cpu_ticks: AtomicU64::new(0),
        off_since: AtomicU64::new(0),
        off_ns: AtomicU64::new(0),
        exited: sync::WaitQueue::new(),
    });
    let idle = new_thread("idle", Priority::Low, None).expect("idle thread");
    // SAFETY: not yet running.
    unsafe {
        *idle.entry.get() = Some(Box::new(|| loop {
            cpu::enable_and_halt();
        }))
    };
    {
        let mut s = SCHED.lock();
        s.all.push(Arc::downgrade(&boot));
        s.all.push(Arc::downgrade(&idle));
        gdt::set_kernel_stack(boot.kernel_stack_top());
        cpu::percpu().kernel_rsp = boot.kernel_stack_top();
        s.current = Some(boot);
        s.idle = Some(idle);
    }
    STARTED.store(true, Ordering::Release);
}

/// Give up the CPU to the best ready thread (possibly the caller again).
pub fn yield_now() {
    schedule();
}

/// Pick the next thread and switch to it. The caller has already set its own
/// state (Running means "still runnable").
pub fn schedule() {
    if !STARTED.load(Ordering::Acquire) {
        return;
    }
    let was = cpu::save_and_disable();
    NEED_RESCHED.store(false, Ordering::Relaxed);
    let mut s = SCHED.lock();
    let Some(cur) = s.current.clone() else {
        drop(s);
        cpu::restore(was);
        return;
    };
    let idle = s.idle.clone().expect("idle");
    let is_idle = Arc::ptr_eq(&cur, &idle);
    match cur.state() {
        State::Running if !is_idle => {
            cur.set_state(State::Ready);
            s.queues[cur.priority as usize].push_back(cur.clone());
        }
        State::Running => cur.set_state(State::Ready),
        State::Dead => s.dead.push(cur.clone()),
        _ => {}
    }
    let next = s.queues.iter_mut().find_map(|q| q.pop_front()).unwrap_or(idle);
    next.set_state(State::Running);
    s.ticks_left = QUANTUM_TICKS;
    if Arc::ptr_eq(&next, &cur) {
        drop(s);
        cpu::restore(was);
        return;
    }
    s.switches += 1;
    let now = crate::time::monotonic_ns();
    cur.off_since.store(now, Ordering::Relaxed);
    let since = next.off_since.load(Ordering::Relaxed);
    if since != 0 {
        next.off_ns.fetch_add(now.saturating_sub(since), Ordering::Relaxed);
    }
    s.current = Some(next.clone());
    let old_rsp = cur.saved_rsp.get();
    // SAFETY: the next thread is not running, so its saved rsp is stable.
    let new_rsp = unsafe { *next.saved_rsp.get() };
    gdt::set_kernel_stack(next.kernel_stack_top());
    cpu::percpu().kernel_rsp = next.kernel_stack_top();
    if let Some(u) = &next.user {
        u.space.lock().activate();
        crate::user::write_fs_base(u.fs_base.load(Ordering::Relaxed));
    }
    if cur.user.is_some() {
        // SAFETY: the FPU area is 16-byte aligned and owned by `cur`, which is
        // the thread whose registers are live.
        unsafe { core::arch::asm!("fxsave64 [{}]", in(reg) cur.fpu.get(), options(nostack)) };
    }
    if next.user.is_some() {
        // SAFETY: as above, for the thread about to run.
        unsafe { core::arch::asm!("fxrstor64 [{}]", in(reg) next.fpu.get(), options(nostack)) };
    }
    // The Arcs stay alive in the scheduler (current, a queue, `dead` or a wait
    // queue), so the raw stack pointers stay valid across the switch.
    drop(cur);
    drop(next);
    drop(s); // still interrupts-off: `was` is restored below, after the switch
    // SAFETY: old_rsp points into a Thread kept alive by the scheduler; new_rsp
    // is a stack prepared by new_thread or saved by an earlier switch.
    unsafe { switch_context(old_rsp, new_rsp) };
    after_switch();
    cpu::restore(was);
}

/// Runs on the new thread right after a switch: free threads that died.
fn after_switch() {
    let dead = core::mem::take(&mut SCHED.lock().dead);
    drop(dead);
}

/// Mark `t` runnable (no-op unless it is blocked or sleeping).
pub fn wake(t: &ThreadRef) {
    let mut s = SCHED.lock();
    let st = t.state();
    if st == State::Blocked || st == State::Sleeping {
        t.set_state(State::Ready);
        s.queues[t.priority as usize].push_back(t.clone());
        if let Some(c) = &s.current {
            if t.priority < c.priority || s.idle.as_ref().is_some_and(|i| Arc::ptr_eq(i, c)) {
                NEED_RESCHED.store(true, Ordering::Relaxed);
            }
        }
    }
}

/// Sleep until the monotonic clock reaches `deadline_ns`.
pub fn sleep_until(deadline_ns: u64) {
    let was = cpu::save_and_disable();
    if crate::time::monotonic_ns() < deadline_ns {
        {
            let mut s = SCHED.lock();
            let cur = s.current.clone().expect("current");
            cur.set_state(State::Sleeping);
            s.sleep_seq += 1;
            let seq = s.sleep_seq;
            s.sleepers.push(Reverse(Sleeper { deadline: deadline_ns, seq, thread: cur }));
        }
        schedule();
    }
    cpu::restore(was);
}

/// Ask the tick to wake the current thread (whatever it blocks on) at
/// `deadline_ns`. For timed waits: a stale alarm only causes a spurious
/// wake-up, which every wait loop tolerates.
pub(crate) fn wake_at(deadline_ns: u64) {
    let mut s = SCHED.lock();
    let cur = s.current.clone().expect("current");
    s.sleep_seq += 1;
    let seq = s.sleep_seq;
    s.sleepers.push(Reverse(Sleeper { deadline: deadline_ns, seq, thread: cur }));
}

pub fn sleep_ns(ns: u64) {
    sleep_until(crate::time::monotonic_ns().saturating_add(ns));
}

/// End the current thread.
pub fn exit(code: u64) -> ! {
    cpu::disable_interrupts();
    let me = current();
    me.exit_code.store(code, Ordering::Relaxed);
    me.set_state(State::Dead);
    me.exited.wake_all();
    drop(me);
    schedule();
    unreachable!("a dead thread was scheduled");
}

/// Wait for `t` to exit and return its exit code.
pub fn join(t: &ThreadRef) -> u64 {
    t.exited.wait_until(|| t.state() == State::Dead);
    t.exit_code.load(Ordering::Relaxed)
}

/// Called from the timer interrupt.
pub fn tick(now_ns: u64) {
    let mut s = SCHED.lock();
    if let Some(c) = &s.current {
        c.cpu_ticks.fetch_add(1, Ordering::Relaxed);
    }
    while let Some(Reverse(top)) = s.sleepers.peek() {
        if top.deadline > now_ns {
            break;
        }
        let Some(Reverse(sl)) = s.sleepers.pop() else { break };
        let st = sl.thread.state();
        if st == State::Sleeping || st == State::Blocked {
            sl.thread.set_state(State::Ready);
            let p = sl.thread.priority as usize;
            s.queues[p].push_back(sl.thread);
            NEED_RESCHED.store(true, Ordering::Relaxed);
        }
    }
    if s.ticks_left > 0 {
        s.ticks_left -= 1;
    }
    if s.ticks_left == 0 && s.queues.iter().any(|q| !q.is_empty()) {
        NEED_RESCHED.store(true, Ordering::Relaxed);
    }
}

/// Called at the end of an interrupt: switch if the tick or a wake-up asked.
pub fn preempt_point() {
    if NEED_RESCHED.load(Ordering::Relaxed) {
        schedule();
    }
}

pub struct ThreadInfo {
    pub id: u64,
    pub name: String,
    pub state: State,
    pub priority: Priority,
    pub user: bool,
}

pub fn list() -> Vec<ThreadInfo> {
    let s = SCHED.lock();
    s.all
        .iter()
        .filter_map(|w| w.upgrade())
        .map(|t| ThreadInfo { id: t.id, name: t.name.clone(), state: t.state(), priority: t.priority, user: t.user.is_some() })
        .collect()
}

pub fn switch_count() -> u64 {
    SCHED.lock().switches
}
