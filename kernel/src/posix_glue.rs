//! Binding the POSIX personality (`phantom-posix`) to the kernel.
//!
//! The personality is safe, host-testable code that talks to the kernel through
//! two traits: `Host` (threads, user memory, waiting, time) and `Space` (a user
//! address space). This file implements them with the scheduler, the page
//! tables and the user-copy routine, adapts POSIX threads to the kernel's
//! `Personality` trait, provides the console terminal device, and starts the
//! first process.

use crate::arch::trap::TrapFrame;
use crate::mem::paging::{AddressSpace, Flags};
use crate::mem::{self, PAGE_SIZE};
use crate::sched::sync::WaitQueue;
use crate::sync::IrqLock;
use crate::user::{self, FaultAction, Personality, UserFault, UserSlice};
use crate::{sched, time};
use alloc::string::String;
use alloc::sync::Arc;
use core::any::Any;
use core::sync::atomic::{AtomicU64, Ordering};
use phantom_posix::errno::Errno;
use phantom_posix::host::{Host, Prot, Regs, Space, WaitEnd};
use phantom_posix::posix::{After, Posix};
use phantom_posix::process::Task;

fn errno(e: user::Errno) -> Errno {
    Errno(e.0)
}

// ---- address spaces ----

pub struct KSpace {
    space: Arc<AddressSpace>,
    /// Serialises page-table changes by threads sharing the space.
    lock: IrqLock<()>,
}

impl KSpace {
    fn new(space: Arc<AddressSpace>) -> Arc<KSpace> {
        Arc::new(KSpace { space, lock: IrqLock::new(()) })
    }
}

fn flags_for(prot: Prot) -> Flags {
    let mut f = Flags::USER;
    if prot.contains(Prot::WRITE) {
        f |= Flags::WRITABLE;
    }
    if !prot.contains(Prot::EXEC) {
        f |= Flags::NO_EXECUTE;
    }
    f
}

fn pages(va: u64, len: u64) -> impl Iterator<Item = u64> {
    let start = va & !(PAGE_SIZE - 1);
    let end = va.saturating_add(len).saturating_add(PAGE_SIZE - 1) & !(PAGE_SIZE - 1);
    (start..end).step_by(PAGE_SIZE as usize)
}

impl KSpace {
    /// Copy between kernel memory and this space through the direct map,
    /// page by page (the space need not be the active one).
    fn access(&self, va: u64, len: usize, mut f: impl FnMut(u64, usize, usize)) -> Result<(), Errno> {
        let end = va.checked_add(len as u64).ok_or(Errno::EFAULT)?;
        if end > mem::USER_END {
            return Err(Errno::EFAULT);
        }
        let mut done = 0usize;
        while done < len {
            let a = va + done as u64;
            let (pa, _) = self.space.translate(a).ok_or(Errno::EFAULT)?;
            let n = ((PAGE_SIZE - a % PAGE_SIZE) as usize).min(len - done);
            f(mem::phys_to_virt(pa), done, n);
            done += n;
        }
        Ok(())
    }
}

impl Space for KSpace {
    fn map_zero(&self, va: u64, len: u64, prot: Prot) -> Result<(), Errno> {
        let _g = self.lock.lock();
        for p in pages(va, len) {
            self.space.map_zeroed(p, flags_for(prot)).map_err(|_| Errno::ENOMEM)?;
        }
        Ok(())
    }

    fn map_cached(&self, va: u64, prot: Prot, key: [u64; 4], fill: &mut dyn FnMut() -> Result<alloc::vec::Vec<u8>, Errno>) -> Result<(), Errno> {
        let cached = PAGE_CACHE.lock().get(&key).copied();
        // `own` is a reference this call holds until the page is mapped.
        let (pa, own) = match cached {
            Some(pa) => (pa, false),
            None => {
                let data = fill()?;
                let pa = mem::user_page_alloc().ok_or(Errno::ENOMEM)?;
                let n = data.len().min(PAGE_SIZE as usize);
                // SAFETY: `pa` is a fresh frame, reached through the direct map.
                unsafe { core::ptr::copy_nonoverlapping(data.as_ptr(), mem::phys_to_virt(pa) as *mut u8, n) };
                let mut cache = PAGE_CACHE.lock();
                if cache.len() < PAGE_CACHE_MAX {
                    // The allocation's reference becomes the cache's.
                    cache.insert(key, pa);
                    (pa, false)
                } else {
                    (pa, true)
                }
            }
        };
        let r = {
            let _g = self.lock.lock();
            self.space.map_frame(va, pa, flags_for(prot - Prot::WRITE))
        };
        if own {
            mem::user_page_put(pa);
        }
        r.map_err(|_| Errno::ENOMEM)
    }

    fn map_shared(&self, va: u64, prot: Prot, object: u64, page: u64) -> Result<(), Errno> {
        let pa = {
            let mut table = SHARED_PAGES.lock();
            match table.get(&(object, page)) {
                Some(&pa) => pa,
                None => {
                    // The table holds the allocation's reference.
                    let pa = mem::user_page_alloc().ok_or(Errno::ENOMEM)?;
                    table.insert((object, page), pa);
                    pa
                }
            }
        };
        let _g = self.lock.lock();
        self.space.map_frame(va, pa, flags_for(prot) | Flags::SHARED).map_err(|_| Errno::ENOMEM)
    }

    fn unmap(&self, va: u64, len: u64) {
        let _g = self.lock.lock();
        for p in pages(va, len) {
            self.space.unmap_free(p);
        }
    }

    fn protect(&self, va: u64, len: u64, prot: Prot) {
        let _g = self.lock.lock();
        let flags = if prot.is_empty() { Flags::NO_ACCESS } else { flags_for(prot) };
        for p in pages(va, len) {
            self.space.set_flags(p, flags);
        }
    }

    fn write(&self, va: u64, data: &[u8]) -> Result<(), Errno> {
        {
            let _g = self.lock.lock();
            for p in pages(va, data.len() as u64) {
                self.space.break_cow(p).map_err(|_| Errno::ENOMEM)?;
            }
        }
        self.access(va, data.len(), |k, off, n| {
            // SAFETY: `k` is the direct-map address of a frame mapped in this
            // user space, with at least `n` bytes to the end of its page.
            unsafe { core::ptr::copy_nonoverlapping(data[off..].as_ptr(), k as *mut u8, n) }
        })
    }

    fn read(&self, va: u64, buf: &mut [u8]) -> Result<(), Errno> {
        let p = buf.as_mut_ptr();
        self.access(va, buf.len(), |k, off, n| {
            // SAFETY: as in `write`, copying the other way into `buf`.
            unsafe { core::ptr::copy_nonoverlapping(k as *const u8, p.add(off), n) }
        })
    }

    fn fork(&self) -> Result<Arc<dyn Space>, Errno> {
        let _g = self.lock.lock();
        let child = self.space.fork_cow().ok_or(Errno::ENOMEM)?;
        Ok(KSpace::new(Arc::new(child)))
    }

    fn resident_bytes(&self) -> u64 {
        self.space.user_pages().len() as u64 * PAGE_SIZE
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[repr(C, align(16))]
struct FxArea([u8; 512]);

/// Pages of program files, shared by every process that runs them (also
/// across runs, so the CPU emulator's translations of their code stay valid).
/// Keyed by file identity and offset; bounded, never evicted yet.
static PAGE_CACHE: IrqLock<alloc::collections::BTreeMap<[u64; 4], u64>> = IrqLock::new(alloc::collections::BTreeMap::new());
const PAGE_CACHE_MAX: usize = 16 * 1024; // 64 MiB

/// The pages of shared anonymous memory objects, by (object, page index).
static SHARED_PAGES: IrqLock<alloc::collections::BTreeMap<(u64, u64), u64>> = IrqLock::new(alloc::collections::BTreeMap::new());

fn kspace(s: &Arc<dyn Space>) -> Option<Arc<AddressSpace>> {
    s.as_any().downcast_ref::<KSpace>().map(|k| k.space.clone())
}

// ---- the host ----

/// Everything POSIX threads wait for is announced here; waiters re-check
/// their condition after each `notify`.
static EVENTS: WaitQueue = WaitQueue::new();
static EVENT_GEN: AtomicU64 = AtomicU64::new(0);
/// The timer service's own queue (see Host::wait_timers).
static TIMER_EVENTS: WaitQueue = WaitQueue::new();
static TIMER_GEN: AtomicU64 = AtomicU64::new(0);

pub struct KernelHost;

/// The personality instance (one for the whole machine).
static POSIX: spin::Once<Arc<Posix>> = spin::Once::new();

fn rng_next() -> u64 {
    static STATE: AtomicU64 = AtomicU64::new(0);
    let mut x = STATE.load(Ordering::Relaxed);
    if x == 0 {
        x = crate::arch::cpu::rdtsc() | 1;
    }
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    STATE.store(x, Ordering::Relaxed);
    x ^ crate::arch::cpu::rdtsc().rotate_left(32)
}

impl Host for KernelHost {
    fn new_space(&self) -> Result<Arc<dyn Space>, Errno> {
        Ok(KSpace::new(Arc::new(AddressSpace::new().ok_or(Errno::ENOMEM)?)))
    }

    fn copy_in(&self, addr: u64, buf: &mut [u8]) -> Result<(), Errno> {
        UserSlice::new(addr, buf.len()).and_then(|s| s.read(buf)).map_err(errno)
    }

    fn copy_out(&self, addr: u64, data: &[u8]) -> Result<(), Errno> {
        UserSlice::new(addr, data.len()).and_then(|s| s.write(data)).map_err(errno)
    }

    fn read_cstr(&self, addr: u64, max: usize) -> Result<String, Errno> {
        user::read_user_cstr(addr, max).map_err(errno)
    }

    fn spawn_thread(&self, space: Arc<dyn Space>, regs: Regs, fs_base: u64, task: Arc<Task>) -> Result<u64, Errno> {
        let ks = kspace(&space).ok_or(Errno::EINVAL)?;
        let px = POSIX.get().ok_or(Errno::EAGAIN)?.clone();
        let name = task.process.name();
        let pers = Arc::new(PosixThread { px, task });
        let t = user::spawn_user_frame(&name, ks, pers, to_frame(&regs), fs_base).ok_or(Errno::EAGAIN)?;
        Ok(t.id)
    }

    fn current_task(&self) -> Option<Arc<Task>> {
        let p = user::current_personality()?;
        p.as_any()?.downcast_ref::<PosixThread>().map(|t| t.task.clone())
    }

    fn switch_space(&self, space: Arc<dyn Space>) {
        if let Some(ks) = kspace(&space) {
            user::replace_space(ks);
        }
    }

    fn set_fs_base(&self, base: u64) {
        user::set_fs_base(base);
    }

    fn fs_base(&self) -> u64 {
        user::fs_base()
    }

    fn wait(&self, cond: &mut dyn FnMut() -> bool, deadline_ns: Option<u64>) -> WaitEnd {
        wait_on(&EVENTS, &EVENT_GEN, cond, deadline_ns)
    }

    fn wait_timers(&self, cond: &mut dyn FnMut() -> bool, deadline_ns: Option<u64>) -> WaitEnd {
        wait_on(&TIMER_EVENTS, &TIMER_GEN, cond, deadline_ns)
    }

    fn notify_timers(&self) {
        TIMER_GEN.fetch_add(1, Ordering::AcqRel);
        TIMER_EVENTS.wake_all();
    }

    fn notify(&self) {
        notify();
    }

    fn yield_now(&self) {
        sched::yield_now();
    }

    fn monotonic_ns(&self) -> u64 {
        time::monotonic_ns()
    }

    fn realtime(&self) -> (u64, u32) {
        time::realtime()
    }

    fn thread_cpu_ns(&self) -> u64 {
        sched::current().cpu_ticks.load(Ordering::Relaxed) * (1_000_000_000 / crate::apic::TIMER_HZ)
    }

    fn random_bytes(&self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(8) {
            let v = rng_next().to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
    }

    fn memory(&self) -> (u64, u64) {
        let (free, total) = mem::frame_stats();
        (total as u64 * PAGE_SIZE, free as u64 * PAGE_SIZE)
    }

    fn release_shared(&self, object: u64) {
        let pages: alloc::vec::Vec<u64> = {
            let mut table = SHARED_PAGES.lock();
            let keys: alloc::vec::Vec<(u64, u64)> = table.range((object, 0)..=(object, u64::MAX)).map(|(k, _)| *k).collect();
            keys.iter().filter_map(|k| table.remove(k)).collect()
        };
        for pa in pages {
            mem::user_page_put(pa);
        }
    }

    fn fpu_save(&self) -> [u8; 512] {
        let mut area = FxArea([0; 512]);
        // SAFETY: the area is 512 bytes, 16-byte aligned; the kernel does not
        // use the FPU, so the live registers are the user thread's.
        unsafe { core::arch::asm!("fxsave64 [{}]", in(reg) area.0.as_mut_ptr(), options(nostack)) };
        area.0
    }

    fn fpu_restore(&self, state: &[u8; 512]) {
        let mut area = FxArea(*state);
        // Reserved MXCSR bits would make fxrstor fault: keep only the defined ones.
        let mxcsr = u32::from_le_bytes([area.0[24], area.0[25], area.0[26], area.0[27]]) & 0xFFBF;
        area.0[24..28].copy_from_slice(&mxcsr.to_le_bytes());
        // SAFETY: aligned 512-byte FXSAVE image with a valid MXCSR; it only
        // changes this thread's FPU/SSE registers.
        unsafe { core::arch::asm!("fxrstor64 [{}]", in(reg) area.0.as_ptr(), options(nostack)) };
    }

    fn poweroff(&self) {
        crate::acpi::poweroff();
    }

    fn reboot(&self) {
        crate::acpi::reboot();
    }
}

/// Block until `cond` holds (or the deadline): `cond` takes the
/// personality's locks, so it runs with interrupts on; the generation counter
/// closes the gap between the check and the block.
fn wait_on(queue: &WaitQueue, gen: &AtomicU64, cond: &mut dyn FnMut() -> bool, deadline_ns: Option<u64>) -> WaitEnd {
    loop {
        let seen = gen.load(Ordering::Acquire);
        if cond() {
            return WaitEnd::Ready;
        }
        let changed = || gen.load(Ordering::Acquire) != seen;
        match deadline_ns {
            None => queue.wait_until(changed),
            Some(d) => {
                if !queue.wait_until_deadline(changed, d) {
                    return if cond() { WaitEnd::Ready } else { WaitEnd::TimedOut };
                }
            }
        }
    }
}

pub fn notify() {
    EVENT_GEN.fetch_add(1, Ordering::AcqRel);
    EVENTS.wake_all();
}

// ---- POSIX threads as kernel personalities ----

struct PosixThread {
    px: Arc<Posix>,
    task: Arc<Task>,
}

fn to_regs(f: &TrapFrame) -> Regs {
    Regs {
        rax: f.rax,
        rbx: f.rbx,
        rcx: f.rcx,
        rdx: f.rdx,
        rsi: f.rsi,
        rdi: f.rdi,
        rbp: f.rbp,
        rsp: f.rsp,
        r8: f.r8,
        r9: f.r9,
        r10: f.r10,
        r11: f.r11,
        r12: f.r12,
        r13: f.r13,
        r14: f.r14,
        r15: f.r15,
        rip: f.rip,
        rflags: f.rflags,
    }
}

fn to_frame(r: &Regs) -> TrapFrame {
    let mut f = TrapFrame::new_user(r.rip, r.rsp);
    write_back(r, &mut f);
    f
}

fn write_back(r: &Regs, f: &mut TrapFrame) {
    f.rax = r.rax;
    f.rbx = r.rbx;
    f.rcx = r.rcx;
    f.rdx = r.rdx;
    f.rsi = r.rsi;
    f.rdi = r.rdi;
    f.rbp = r.rbp;
    f.rsp = r.rsp;
    f.r8 = r.r8;
    f.r9 = r.r9;
    f.r10 = r.r10;
    f.r11 = r.r11;
    f.r12 = r.r12;
    f.r13 = r.r13;
    f.r14 = r.r14;
    f.r15 = r.r15;
    f.rip = r.rip;
    // Only the user-controllable flags; IF stays on.
    f.rflags = (r.rflags & 0xCD5) | 0x202;
}

impl PosixThread {
    fn finish(&self, after: After, regs: &Regs, frame: &mut TrapFrame) {
        match after {
            After::Return => write_back(regs, frame),
            After::ExitThread => user::exit_after_return(),
        }
    }
}

impl Personality for PosixThread {
    fn name(&self) -> &'static str {
        "posix"
    }

    fn syscall(&self, frame: &mut TrapFrame) {
        let mut regs = to_regs(frame);
        let after = self.px.syscall(&self.task, &mut regs);
        self.finish(after, &regs, frame);
    }

    fn fault(&self, fault: &UserFault, frame: &mut TrapFrame) -> FaultAction {
        let mut bus_error = false;
        if fault.vector == 14 {
            let e = fault.error;
            // Another thread of the process may hold the memory map (and be
            // preempted): wait for it with interrupts on, as the faulting
            // code had them. The faulting thread itself never holds it while
            // touching user memory.
            if frame.rflags & 0x200 != 0 {
                crate::arch::cpu::enable_interrupts();
            }
            let r = self.task.process.mm.lock().fault(fault.addr, e & 2 != 0, e & 0x10 != 0, e & 1 != 0);
            crate::arch::cpu::disable_interrupts();
            match r {
                Ok(()) => return FaultAction::Retry,
                Err(Errno::EIO) => bus_error = true,
                Err(_) => {}
            }
        }
        if fault.from_kernel_copy {
            return FaultAction::Fail;
        }
        log::warn!(
            "posix: pid {} ({}): {} at {:#x}, rip {:#x}, error {:#x}",
            self.task.pid(),
            self.task.process.name(),
            crate::fault::name(fault.vector),
            fault.addr,
            frame.rip,
            fault.error
        );
        let sig = match fault.vector {
            _ if bus_error => phantom_posix::signal::SIGBUS,
            0 | 16 | 19 => phantom_posix::signal::SIGFPE,
            6 => phantom_posix::signal::SIGILL,
            3 => phantom_posix::signal::SIGTRAP,
            _ => phantom_posix::signal::SIGSEGV,
        };
        let act = self.task.process.actions.lock()[sig as usize];
        let blocked = self.task.sigmask.load(Ordering::Relaxed) & phantom_posix::signal::bit(sig) != 0;
        if act.handler <= 1 || blocked {
            // Default action (or a blocked fault signal): the process dies.
            self.px.process_exit(&self.task.process, phantom_posix::process::ExitStatus::Signaled(sig as u8));
            user::exit_after_return();
            return FaultAction::Retry;
        }
        self.task.fault_addr.store(fault.addr, Ordering::Relaxed);
        // SEGV_ACCERR when a page was there but the access was not allowed.
        // BUS_ADRERR is 2 as well.
        self.task.fault_code.store(if fault.error & 1 != 0 || bus_error { 2 } else { 1 }, Ordering::Relaxed);
        self.task.pending.fetch_or(phantom_posix::signal::bit(sig), Ordering::Release);
        let mut regs = to_regs(frame);
        let after = self.px.deliver_signals(&self.task, &mut regs, None);
        self.finish(after, &regs, frame);
        FaultAction::Retry
    }

    fn as_any(&self) -> Option<&dyn Any> {
        Some(self)
    }

    fn interrupt_return(&self, frame: &mut TrapFrame) {
        if self.task.deliverable() != 0 || self.task.process.is_zombie() {
            crate::arch::cpu::enable_interrupts();
            let mut regs = to_regs(frame);
            let after = self.px.deliver_signals(&self.task, &mut regs, None);
            crate::arch::cpu::disable_interrupts();
            self.finish(after, &regs, frame);
        }
    }
}

// ---- start-up ----

/// Set up the file system from the initramfs and start the first process.
/// Returns the personality, or why it could not start.
pub fn start(initramfs: &[u8], exec: Option<String>) -> Result<Arc<Posix>, String> {
    let clock: phantom_posix::vfs::Clock = Arc::new(time::realtime);
    let vfs = phantom_posix::vfs::Vfs::new(clock);
    let n = vfs.unpack_cpio(initramfs).map_err(|e| alloc::format!("initramfs: {}", e.name()))?;
    let dev = vfs.new_devfs(rng_next());
    for name in ["console", "tty", "ttyS0"] {
        phantom_posix::vfs::devfs::add_device(&dev, name, crate::console_tty::node())
            .map_err(|e| alloc::format!("/dev/{}: {}", name, e.name()))?;
    }
    phantom_posix::vfs::devfs::add_device(&dev, "phantom", crate::native::node())
        .map_err(|e| alloc::format!("/dev/phantom: {}", e.name()))?;
    mount_on(&vfs, "/dev", dev, "devtmpfs")?;
    mount_on(&vfs, "/tmp", vfs.new_tmpfs(phantom_posix::vfs::tmpfs::Limits::default()), "tmpfs")?;
    let px = Posix::new(Arc::new(KernelHost), vfs);
    POSIX.call_once(|| px.clone());
    let proc_root = phantom_posix::procfs::new_root(&px);
    mount_on(&px.vfs, "/proc", proc_root, "proc")?;
    crate::console_tty::attach(px.clone(), exec.is_some());
    let timers = px.clone();
    sched::spawn("posix-timers", sched::Priority::High, move || timers.run_timers()).ok_or("no memory for a thread")?;
    log::info!("posix: root file system from the initramfs ({} entries), devfs on /dev, tmpfs on /tmp", n);
    let env = ["HOME=/", "PATH=/bin:/sbin:/usr/bin:/usr/sbin", "TERM=vt100", "SHELL=/bin/sh"];
    let pid = match exec {
        Some(cmd) => px.start_init("/bin/sh", &["sh", "-c", &cmd], &env, "/dev/console"),
        None => px.start_init("/bin/sh", &["-sh"], &env, "/dev/console"),
    }
    .map_err(|e| alloc::format!("cannot start /bin/sh: {}", e.name()))?;
    log::info!("posix: started /bin/sh as pid {}", pid);
    Ok(px)
}

fn mount_on(vfs: &phantom_posix::vfs::Vfs, path: &str, root: phantom_posix::vfs::NodeRef, fstype: &str) -> Result<(), String> {
    if vfs.resolve("/", path, true).is_err() {
        vfs.mkdir("/", path, 0o755).map_err(|e| alloc::format!("{}: {}", path, e.name()))?;
    }
    vfs.mount(path, root, fstype).map_err(|e| alloc::format!("mount {}: {}", path, e.name()))
}

/// Wait for pid 1 to end; returns its shell-style status.
pub fn wait_init(px: &Arc<Posix>) -> u8 {
    let mut status = None;
    KernelHost.wait(
        &mut || {
            status = *px.init_status.lock();
            status.is_some()
        },
        None,
    );
    status.map_or(0, |s| s.shell_code())
}
