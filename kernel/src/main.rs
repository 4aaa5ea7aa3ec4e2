//! The Phantom kernel.
//!
//! One kernel, two personalities: a persistent managed-object world
//! (`personalities/phantom`) and a Linux-compatible POSIX world
//! (`personalities/posix`). This crate is the machine-facing core they stand
//! on: boot, memory, interrupts, time, threads, user mode, and drivers.
//!
//! Where to start reading: `boot.rs` (how the CPU gets here), then
//! [`kernel_entry`] below, which brings the subsystems up in order. Nearly all
//! `unsafe` code of the system is in this crate, each block with a `SAFETY`
//! comment; logic that is not hardware glue lives in host-tested crates under
//! `kernel/crates/` (boot information, frame allocator, cpio, symbol table).
//!
//! Principles: simple, plainly named pieces over clever ones; errors are
//! values; nothing that comes from outside the kernel (boot data, devices,
//! user programs) may panic it.
#![no_std]
#![no_main]

extern crate alloc;

mod acpi;
mod apic;
mod arch;
mod boot;
mod console;
mod console_tty;
mod drivers;
mod fault;
mod irq;
mod klog;
mod mem;
mod panic;
mod posix_glue;
mod sched;
mod selftest;
mod native;
mod native_heap;
mod serial;
mod sync;
mod time;
mod user;

use arch::cpu;
use core::sync::atomic::{AtomicBool, Ordering};
use phantom_bootinfo::{BootInfo, PhysMemory};

/// Set when the command line asks for the self-test run: failures then end
/// QEMU with a failure status instead of halting.
static TEST_MODE: AtomicBool = AtomicBool::new(false);

/// isa-debug-exit: QEMU exits with (value << 1) | 1.
pub const EXIT_SUCCESS: u8 = 0x10;
pub const EXIT_FAILURE: u8 = 0x11;

pub fn qemu_exit(code: u8) {
    arch::port::outb(0xF4, code);
}

/// Stop after a fatal error: in a test boot, tell QEMU it failed.
pub fn machine_stop(failed: bool) -> ! {
    if TEST_MODE.load(Ordering::Relaxed) {
        qemu_exit(if failed { EXIT_FAILURE } else { EXIT_SUCCESS });
    }
    serial::write_bytes(b"system halted\n");
    cpu::halt_forever()
}

/// Boot-time reads of physical memory go through the boot page tables'
/// direct map of the first 4 GiB.
struct BootPhys;

impl PhysMemory for BootPhys {
    fn read(&self, phys: u64, buf: &mut [u8]) -> bool {
        let Some(end) = phys.checked_add(buf.len() as u64) else { return false };
        if end > 0x1_0000_0000 {
            return false;
        }
        // SAFETY: the boot tables map physical 0..4 GiB at PHYS_OFFSET, and the
        // range was checked to lie inside it. Reading RAM or ROM has no effect.
        unsafe {
            core::ptr::copy_nonoverlapping(mem::phys_to_virt(phys) as *const u8, buf.as_mut_ptr(), buf.len());
        }
        true
    }
}

/// The kernel command line, parsed.
pub struct Cmdline {
    pub selftest: Option<&'static str>,
    pub quiet: bool,
    /// `console=kernel`: the kernel console even if /bin/sh exists.
    pub kernel_console: bool,
    /// `snapshot_ms=N` and `vmheap=MIB`: the native world's settings.
    pub native: native::Config,
}

fn parse_cmdline(s: &'static str) -> Cmdline {
    let mut c = Cmdline { selftest: None, quiet: false, kernel_console: false, native: native::Config::default() };
    for w in s.split_ascii_whitespace() {
        match w {
            "selftest" => c.selftest = Some("all"),
            "quiet" => c.quiet = true,
            "console=kernel" => c.kernel_console = true,
            "log=ttyS1" => serial::log_to_com2(),
            _ => {
                if let Some(name) = w.strip_prefix("selftest=") {
                    c.selftest = Some(name);
                }
                if let Some(ms) = w.strip_prefix("snapshot_ms=").and_then(|v| v.parse().ok()) {
                    c.native.snapshot_ms = ms;
                }
                if let Some(mib) = w.strip_prefix("vmheap=").and_then(|v| v.parse().ok()) {
                    c.native.heap_mib = mib;
                }
                if let Some(mib) = w.strip_prefix("vmscratch=").and_then(|v| v.parse().ok()) {
                    c.native.scratch_mib = mib;
                }
            }
        }
    }
    c
}

static mut BOOT_INFO: Option<BootInfo> = None;

#[no_mangle]
extern "C" fn kernel_entry(protocol: u32, magic: u32, info: u32) -> ! {
    serial::init();
    let parsed = match protocol {
        boot::PROTOCOL_MULTIBOOT2 => phantom_bootinfo::parse_multiboot2(magic, info as u64, &BootPhys),
        boot::PROTOCOL_PVH => phantom_bootinfo::parse_pvh(info as u64, &BootPhys),
        _ => Err(phantom_bootinfo::Error::BadMagic),
    };
    let bi = match parsed {
        Ok(b) => b,
        Err(e) => {
            kprintln!("boot: cannot read the boot information: {:?}", e);
            cpu::halt_forever();
        }
    };
    // SAFETY: written once here, before anything reads it; read-only afterwards.
    let bi: &'static BootInfo = unsafe {
        let slot = &mut *core::ptr::addr_of_mut!(BOOT_INFO);
        *slot = Some(bi);
        slot.as_ref().expect("just set")
    };
    let cmdline = parse_cmdline(bi.cmdline());
    TEST_MODE.store(cmdline.selftest.is_some(), Ordering::Relaxed);
    klog::init(if cmdline.quiet { log::LevelFilter::Warn } else { log::LevelFilter::Info });
    kprintln!("\nPhantom {} (x86_64) booting", env!("CARGO_PKG_VERSION"));
    log::info!(
        "boot: {} via {:?}, cmdline '{}', {} memory regions, {} module(s)",
        if bi.bootloader().is_empty() { "QEMU" } else { bi.bootloader() },
        bi.protocol,
        bi.cmdline(),
        bi.regions().len(),
        bi.modules().len()
    );

    arch::gdt::init();
    arch::trap::init();
    let features = cpu::init_bsp();
    log::info!(
        "cpu: GDT, TSS with IST stacks, IDT loaded; SMEP {}, SMAP {}",
        if features.smep { "on" } else { "absent" },
        if features.smap { "on" } else { "absent" }
    );

    if let Err(e) = mem::init_frames(bi) {
        kprintln!("mem: {}", e);
        machine_stop(true);
    }
    // All RAM, and at least the low 4 GiB (ACPI tables and other firmware data).
    let direct_end = bi.max_usable_addr().max(0x1_0000_0000);
    if let Err(e) = mem::paging::init(direct_end) {
        kprintln!("mem: cannot build the kernel page tables: {:?}", e);
        machine_stop(true);
    }
    log::info!("paging: kernel page tables active (direct map of {} MiB, W^X image, NX data)", direct_end >> 20);
    if let Err(e) = mem::heap::init() {
        kprintln!("heap: {}", e);
        machine_stop(true);
    }
    log::info!("heap: {} KiB initial", mem::heap::stats().1 / 1024);
    mem::init_page_refs();

    // Leave the boot stack for a guarded one; the boot flow becomes thread 0.
    let stack = mem::kstack::KernelStack::new().expect("boot thread stack");
    let top = stack.top();
    // SAFETY (in switch_stack): the stack is fresh and mapped; we never return to the old one.
    unsafe { switch_stack(top, stack, bi, cmdline) }
}

/// Move onto `stack` and continue in `kernel_main`.
unsafe fn switch_stack(top: u64, stack: mem::kstack::KernelStack, bi: &'static BootInfo, cmdline: Cmdline) -> ! {
    struct Args {
        stack: Option<mem::kstack::KernelStack>,
        bi: Option<&'static BootInfo>,
        cmdline: Option<Cmdline>,
    }
    static mut ARGS: Args = Args { stack: None, bi: None, cmdline: None };
    extern "C" fn trampoline() -> ! {
        // SAFETY: written just before the jump, read once here.
        let a = unsafe { &mut *core::ptr::addr_of_mut!(ARGS) };
        kernel_main(a.stack.take().expect("stack"), a.bi.expect("boot info"), a.cmdline.take().expect("cmdline"))
    }
    // SAFETY: single-threaded boot; ARGS is handed to `trampoline` only.
    unsafe {
        let a = &mut *core::ptr::addr_of_mut!(ARGS);
        a.stack = Some(stack);
        a.bi = Some(bi);
        a.cmdline = Some(cmdline);
        core::arch::asm!("mov rsp, {}", "xor ebp, ebp", "call {}", in(reg) top, sym trampoline, options(noreturn));
    }
}

fn kernel_main(stack: mem::kstack::KernelStack, bi: &'static BootInfo, cmdline: Cmdline) -> ! {
    sched::init(stack);
    time::init();

    let platform = match acpi::init(bi.rsdp) {
        Ok(p) => p,
        Err(e) => {
            log::warn!("acpi: {}; using PC defaults", e);
            acpi::Platform { local_apic: 0xFEE0_0000, io_apic: 0xFEC0_0000, cpus: 1 }
        }
    };
    if let Err(e) = apic::init(platform.local_apic, platform.io_apic) {
        kprintln!("apic: {}", e);
        machine_stop(true);
    }
    arch::trap::init_syscall();
    apic::start_timer();
    cpu::enable_interrupts();
    log::info!("sched: preemptive scheduler running ({} Hz tick)", apic::TIMER_HZ);

    let initramfs = bi.modules().first().map(|m| {
        // SAFETY: the module's frames were reserved at boot and are never freed,
        // and the direct map covers them; nothing writes to them.
        unsafe {
            core::slice::from_raw_parts(mem::phys_to_virt(m.start) as *const u8, (m.end - m.start) as usize)
        }
    });
    match initramfs {
        Some(image) => {
            let files = phantom_cpio::entries(image).filter(|e| e.is_ok()).count();
            log::info!("initramfs: {} KiB, {} entries", image.len() / 1024, files);
            match phantom_cpio::find(image, "boot/kernel.sym") {
                Some(e) => {
                    panic::set_symbols(e.data);
                    log::info!("initramfs: kernel symbols loaded ({} KiB)", e.data.len() / 1024);
                }
                None => log::warn!("initramfs: no boot/kernel.sym, backtraces will have no names"),
            }
        }
        None => log::warn!("initramfs: none given by the boot loader"),
    }

    drivers::init(bi);

    if let Some(which) = cmdline.selftest {
        let ok = selftest::run(which);
        qemu_exit(if ok { EXIT_SUCCESS } else { EXIT_FAILURE });
        cpu::halt_forever();
    }
    if let Some(image) = initramfs.filter(|i| !cmdline.kernel_console && phantom_cpio::find(i, "bin/sh").is_some()) {
        native::start(cmdline.native, image);
        run_posix(image);
    }
    console::run()
}

/// Run the POSIX world: /bin/sh as pid 1 (or `sh -c` with the command in
/// /etc/phantom-exec), then power off when it ends.
fn run_posix(image: &'static [u8]) {
    let exec = phantom_cpio::find(image, "etc/phantom-exec")
        .map(|e| alloc::string::String::from_utf8_lossy(e.data).trim_end_matches('\n').into());
    match posix_glue::start(image, exec) {
        Ok(px) => {
            console::enable_input();
            let status = posix_glue::wait_init(&px);
            log::info!("posix: init exited with status {}", status);
            native::shutdown();
            kprintln_log(status);
            sched::sleep_ns(10_000_000);
            acpi::poweroff();
            machine_stop(status != 0);
        }
        Err(e) => log::error!("posix: {}; falling back to the kernel console", e),
    }
}

/// The line xtask reads to learn the exit status of `--exec` (on the log port).
fn kprintln_log(status: u8) {
    kprintln!("phantom: exit status {}", status);
}
