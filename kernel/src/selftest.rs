//! Kernel self-tests, run inside QEMU by the `selftest` boot (see xtask).
//!
//! Each test exercises a subsystem on the real (emulated) machine and returns
//! an error string on failure. The result goes to the serial log and, through
//! isa-debug-exit, to QEMU's exit status.

use crate::arch::trap::TrapFrame;
use crate::mem::paging::{self, AddressSpace, Flags};
use crate::mem::{self, PAGE_SIZE};
use crate::sched::sync::{Condvar, Mutex, WaitQueue};
use crate::sched::{self, Priority};
use crate::sync::IrqLock;
use crate::user::{self, Errno, FaultAction, Personality, UserFault, UserSlice};
use crate::{kprintln, time};
use alloc::boxed::Box;
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicBool, AtomicU64, Ordering};

type TestResult = Result<(), String>;

fn check(cond: bool, what: &str) -> TestResult {
    if cond { Ok(()) } else { Err(String::from(what)) }
}

const TESTS: &[(&str, fn() -> TestResult)] = &[
    ("frames", frames),
    ("paging", paging_map_unmap),
    ("heap", heap),
    ("timer", timer),
    ("threads", threads),
    ("preemption", preemption),
    ("waitqueue", waitqueue),
    ("mutex_condvar", mutex_condvar),
    ("user_mode", user_mode),
    ("kernel_stack_guard", kernel_stack_guard),
];

/// Run one named test, all of them ("all"), or the deliberate fault ("fault").
/// Returns whether everything passed.
pub fn run(which: &str) -> bool {
    if which == "fault" {
        deliberate_fault();
    }
    let mut tests: Vec<(String, Box<dyn Fn() -> TestResult>)> = TESTS
        .iter()
        .map(|&(n, f)| (String::from(n), Box::new(f) as Box<dyn Fn() -> TestResult>))
        .collect();
    for (n, f) in crate::drivers::selftests() {
        tests.push((String::from(n), f));
    }
    let (mut passed, mut failed) = (0, 0);
    for (name, f) in tests.iter().filter(|(n, _)| which == "all" || n == which) {
        let t0 = time::monotonic_ns();
        match f() {
            Ok(()) => {
                passed += 1;
                kprintln!("selftest {} ... ok ({} ms)", name, (time::monotonic_ns() - t0) / 1_000_000);
            }
            Err(e) => {
                failed += 1;
                kprintln!("selftest {} ... FAILED: {}", name, e);
            }
        }
    }
    if passed + failed == 0 {
        kprintln!("selftest: no test named '{}'", which);
        failed = 1;
    }
    kprintln!("selftests: {} passed, {} failed", passed, failed);
    failed == 0
}

fn frames() -> TestResult {
    let (free0, _) = mem::frame_stats();
    let a = mem::alloc_frame().ok_or("alloc failed")?;
    let b = mem::alloc_frame().ok_or("alloc failed")?;
    check(a != b && a % PAGE_SIZE == 0 && b % PAGE_SIZE == 0, "frames not distinct and aligned")?;
    let c = mem::alloc_frames_contiguous(16, 64 * 1024).ok_or("contiguous alloc failed")?;
    check(c % (64 * 1024) == 0, "contiguous run misaligned")?;
    // Zero-filled on allocation.
    // SAFETY: `c` is 16 frames just allocated, reached through the direct map.
    let bytes = unsafe { core::slice::from_raw_parts(mem::phys_to_virt(c) as *const u8, 16 * 4096) };
    check(bytes.iter().all(|&x| x == 0), "frames not zeroed")?;
    check(mem::frame_stats().0 == free0 - 18, "free count wrong after alloc")?;
    mem::free_frame(a);
    mem::free_frame(b);
    mem::free_frames_contiguous(c, 16);
    check(mem::frame_stats().0 == free0, "free count wrong after free")
}

fn paging_map_unmap() -> TestResult {
    let va = mem::MMIO_BASE + (1 << 38); // an unused corner of the kernel half
    let pa = mem::alloc_frame().ok_or("alloc failed")?;
    paging::kernel_map(va, pa, Flags::WRITABLE | Flags::NO_EXECUTE).map_err(|e| alloc::format!("{:?}", e))?;
    // SAFETY: `va` was just mapped to a fresh frame owned by this test.
    unsafe { core::ptr::write_volatile(va as *mut u64, 0x1234_5678_9abc_def0) };
    // SAFETY: the same frame through the direct map.
    let seen = unsafe { core::ptr::read_volatile(mem::phys_to_virt(pa) as *const u64) };
    check(seen == 0x1234_5678_9abc_def0, "write not visible through the direct map")?;
    let (tpa, fl) = paging::kernel_translate(va).ok_or("translate failed")?;
    check(tpa == pa && fl.contains(Flags::NO_EXECUTE) && !fl.contains(Flags::USER), "translate wrong")?;
    check(
        paging::kernel_map(va, pa, Flags::WRITABLE) == Err(paging::MapError::AlreadyMapped),
        "double map not refused",
    )?;
    check(paging::kernel_unmap(va) == Some(pa), "unmap returned wrong frame")?;
    check(paging::kernel_translate(va).is_none(), "still mapped after unmap")?;
    mem::free_frame(pa);
    // Kernel text must not be writable, data not executable.
    let text = frames as *const () as u64;
    let (_, tf) = paging::kernel_translate(text).ok_or("text unmapped")?;
    check(!tf.contains(Flags::WRITABLE) && !tf.contains(Flags::NO_EXECUTE), "text rights wrong")?;
    static DATA: AtomicU64 = AtomicU64::new(0);
    let (_, df) = paging::kernel_translate(&DATA as *const _ as u64).ok_or("data unmapped")?;
    check(df.contains(Flags::WRITABLE) && df.contains(Flags::NO_EXECUTE), "data rights wrong")
}

fn heap() -> TestResult {
    let mut v: Vec<u64> = Vec::new();
    for i in 0..10_000u64 {
        v.push(i * 3);
    }
    check(v.iter().enumerate().all(|(i, &x)| x == i as u64 * 3), "vector contents")?;
    // Bigger than the initial heap: it must grow.
    let (_, size0) = mem::heap::stats();
    let big = vec![0xA5u8; 8 * 1024 * 1024];
    check(big.iter().all(|&b| b == 0xA5), "big allocation contents")?;
    let (_, size1) = mem::heap::stats();
    check(size1 > size0 || size0 > 8 * 1024 * 1024, "heap did not grow")?;
    drop(big);
    let boxes: Vec<Box<[u8; 100]>> = (0..1000).map(|i| Box::new([i as u8; 100])).collect();
    check(boxes.iter().enumerate().all(|(i, b)| b[99] == i as u8), "boxes")
}

fn timer() -> TestResult {
    let t0 = time::monotonic_ns();
    let ticks0 = crate::irq::ticks();
    sched::sleep_ns(50_000_000);
    let dt = time::monotonic_ns() - t0;
    let dticks = crate::irq::ticks() - ticks0;
    check(dt >= 50_000_000, "slept less than asked")?;
    check(dt < 2_000_000_000, "slept far too long")?;
    check(dticks >= 10, "timer interrupts not arriving")?;
    let (s, _) = time::realtime();
    check(s > 1_600_000_000, "RTC wall clock implausible")
}

fn threads() -> TestResult {
    static COUNT: AtomicU64 = AtomicU64::new(0);
    COUNT.store(0, Ordering::SeqCst);
    let ts: Vec<_> = (0..4)
        .map(|i| {
            sched::spawn("worker", Priority::Normal, move || {
                for _ in 0..100 {
                    COUNT.fetch_add(1, Ordering::SeqCst);
                    sched::yield_now();
                }
                sched::exit(i);
            })
            .ok_or("spawn failed")
        })
        .collect::<Result<_, _>>()?;
    for (i, t) in ts.iter().enumerate() {
        check(sched::join(t) == i as u64, "wrong exit code")?;
    }
    check(COUNT.load(Ordering::SeqCst) == 400, "lost increments")
}

fn preemption() -> TestResult {
    // A thread that never yields must not keep another of equal priority out.
    static STOP: AtomicBool = AtomicBool::new(false);
    static SPINS: AtomicU64 = AtomicU64::new(0);
    STOP.store(false, Ordering::SeqCst);
    let spinner = sched::spawn("spinner", Priority::Normal, || {
        while !STOP.load(Ordering::SeqCst) {
            SPINS.fetch_add(1, Ordering::Relaxed);
            core::hint::spin_loop();
        }
    })
    .ok_or("spawn failed")?;
    let start = time::monotonic_ns();
    // Busy-wait here too: progress on both sides needs the timer to switch.
    while time::monotonic_ns() - start < 100_000_000 {
        core::hint::spin_loop();
    }
    STOP.store(true, Ordering::SeqCst);
    sched::join(&spinner);
    check(SPINS.load(Ordering::Relaxed) > 0, "spinner never ran")
}

fn waitqueue() -> TestResult {
    static FLAG: AtomicBool = AtomicBool::new(false);
    static WQ: WaitQueue = WaitQueue::new();
    FLAG.store(false, Ordering::SeqCst);
    let waiter = sched::spawn("waiter", Priority::High, || {
        WQ.wait_until(|| FLAG.load(Ordering::SeqCst));
        sched::exit(7);
    })
    .ok_or("spawn failed")?;
    sched::sleep_ns(10_000_000);
    check(waiter.state() == sched::State::Blocked, "waiter not blocked")?;
    FLAG.store(true, Ordering::SeqCst);
    WQ.wake_all();
    check(sched::join(&waiter) == 7, "waiter exit code")
}

fn mutex_condvar() -> TestResult {
    struct Shared {
        queue: Mutex<Vec<u64>>,
        cv: Condvar,
    }
    let shared = Arc::new(Shared { queue: Mutex::new(Vec::new()), cv: Condvar::new() });
    let consumer = {
        let s = shared.clone();
        sched::spawn("consumer", Priority::Normal, move || {
            let mut sum = 0;
            let mut got = 0;
            while got < 50 {
                let mut q = s.queue.lock();
                while q.is_empty() {
                    q = s.cv.wait(q);
                }
                while let Some(x) = q.pop() {
                    sum += x;
                    got += 1;
                }
            }
            sched::exit(sum);
        })
        .ok_or("spawn failed")?
    };
    for i in 1..=50u64 {
        shared.queue.lock().push(i);
        shared.cv.notify_one();
        if i % 7 == 0 {
            sched::sleep_ns(1_000_000);
        }
    }
    let sum = sched::join(&consumer);
    // notify_all with nobody waiting must be harmless.
    shared.cv.notify_all();
    check(sum == 50 * 51 / 2, "consumer sum")
}

/// A stack overflow must hit the guard page under the stack: check the guard
/// is unmapped for a live thread's stack.
fn kernel_stack_guard() -> TestResult {
    let me = sched::current();
    let top = me.kernel_stack_top();
    let guard = top - crate::mem::kstack::STACK_PAGES * PAGE_SIZE - PAGE_SIZE;
    check(crate::mem::kstack::is_guard_page(guard), "guard page not where expected")?;
    check(paging::kernel_translate(guard).is_none(), "guard page is mapped")?;
    check(paging::kernel_translate(guard + PAGE_SIZE).is_some(), "stack bottom not mapped")
}

// ---- user mode round trip ----

/// What the test personality saw.
#[derive(Default)]
struct Seen {
    written: Vec<u8>,
    report: Option<(u64, u64, u64)>,
    fault_addr: Option<u64>,
}

struct TestPersonality {
    seen: IrqLock<Seen>,
}

impl Personality for TestPersonality {
    fn name(&self) -> &'static str {
        "selftest"
    }

    fn syscall(&self, f: &mut TrapFrame) {
        f.rax = match f.rax {
            0 => sched::exit(f.rdi),
            1 => match UserSlice::new(f.rdi, f.rsi as usize).and_then(|s| s.read_vec()) {
                Ok(v) => {
                    let n = v.len() as u64;
                    self.seen.lock().written.extend_from_slice(&v);
                    n
                }
                Err(e) => e.as_return(),
            },
            4 => {
                self.seen.lock().report = Some((f.rdi, f.rsi, f.rdx));
                0
            }
            _ => Errno::ENOSYS.as_return(),
        };
    }

    fn fault(&self, fault: &UserFault, _f: &mut TrapFrame) -> FaultAction {
        if !fault.from_kernel_copy {
            self.seen.lock().fault_addr = Some(fault.addr);
        }
        FaultAction::Fail
    }
}

core::arch::global_asm!(
    r#"
    .section .rodata.usertest, "a"
    .global user_test_start
    .global user_test_end
user_test_start:
    lea user_test_msg(%rip), %rdi
    mov $17, %rsi
    mov $1, %eax
    syscall
    mov %rax, %r12
    movabs $0xffffffff80100000, %rdi
    mov $16, %rsi
    mov $1, %eax
    syscall
    mov %rax, %r13
    mov $0x10000000, %rdi
    mov $8, %rsi
    mov $1, %eax
    syscall
    mov %rax, %r14
    mov %r12, %rdi
    mov %r13, %rsi
    mov %r14, %rdx
    mov $4, %eax
    syscall
    movq $1, 0x20000000
    ud2
user_test_msg:
    .ascii "hello from ring 3"
user_test_end:
    "#,
    options(att_syntax)
);

extern "C" {
    static user_test_start: u8;
    static user_test_end: u8;
}

fn user_mode() -> TestResult {
    const CODE: u64 = 0x40_0000;
    const STACK: u64 = 0x7FFF_0000;
    // SAFETY: linker symbols bracketing the test program in rodata.
    let code = unsafe {
        let s = core::ptr::addr_of!(user_test_start);
        let e = core::ptr::addr_of!(user_test_end);
        core::slice::from_raw_parts(s, e as usize - s as usize)
    };
    let space = Arc::new(AddressSpace::new().ok_or("no memory for an address space")?);
    let pa = space.map_new_page(CODE, false, true).map_err(|e| alloc::format!("{:?}", e))?;
    // SAFETY: `pa` is the fresh frame behind the code page, owned by `space`.
    unsafe {
        core::ptr::copy_nonoverlapping(code.as_ptr(), mem::phys_to_virt(pa) as *mut u8, code.len());
    }
    space.map_new_page(STACK, true, false).map_err(|e| alloc::format!("{:?}", e))?;
    let p = Arc::new(TestPersonality { seen: IrqLock::new(Seen::default()) });
    let t = user::spawn_user("usertest", space, p.clone(), CODE, STACK + PAGE_SIZE).ok_or("spawn failed")?;
    let code = sched::join(&t);
    let seen = p.seen.lock();
    check(seen.written == b"hello from ring 3", "write syscall did not deliver the user buffer")?;
    let efault = Errno::EFAULT.as_return();
    check(seen.report == Some((17, efault, efault)), "syscall results wrong (want 17, -EFAULT, -EFAULT)")?;
    check(seen.fault_addr == Some(0x2000_0000), "user page fault not delivered to the personality")?;
    check(code == 128 + 11, "faulting thread not ended")?;
    // A kernel address is refused before any copy.
    check(UserSlice::new(0xFFFF_8000_0000_0000, 8).is_err(), "kernel address accepted")?;
    check(UserSlice::new(u64::MAX - 4, 8).is_err(), "overflowing range accepted")
}

/// Kept out of line so the backtrace names it.
#[inline(never)]
fn read_unmapped_kernel_address() -> u64 {
    let p = 0xFFFF_9000_DEAD_0000u64 as *const u64;
    // SAFETY: not safe at all: this read is meant to fault, to show the
    // exception report.
    unsafe { core::ptr::read_volatile(p) }
}

/// Fault on purpose in a kernel thread; the report ends the boot (exit 0x11).
fn deliberate_fault() -> ! {
    kprintln!("selftest fault: reading an unmapped kernel address on purpose");
    let t = sched::spawn("faulter", Priority::Normal, || {
        let v = read_unmapped_kernel_address();
        kprintln!("read {:#x}: the fault did not happen", v);
    });
    if let Some(t) = t {
        sched::join(&t);
    }
    kprintln!("selftest fault: no exception was reported");
    crate::machine_stop(true)
}
