//! Per-CPU state, interrupt-flag control and CPU feature setup.

use core::arch::asm;
use x86::msr;

/// Data the assembly entry paths reach through `%gs` while in the kernel.
/// The field offsets are part of the syscall entry code: keep them in sync.
#[repr(C)]
pub struct PerCpu {
    /// gs:0, the address of this structure.
    pub self_ptr: u64,
    /// gs:8, the top of the running thread's kernel stack (loaded on `syscall`).
    pub kernel_rsp: u64,
    /// gs:16, scratch for the user stack pointer during `syscall` entry.
    pub user_rsp: u64,
    /// gs:24, this CPU's number.
    pub cpu_id: u64,
}

static mut BSP_PERCPU: PerCpu = PerCpu { self_ptr: 0, kernel_rsp: 0, user_rsp: 0, cpu_id: 0 };

/// Whether SMAP is on: the user-copy routine brackets its accesses with stac/clac then.
#[no_mangle]
pub static mut SMAP_ENABLED: u8 = 0;

pub struct Features {
    pub smep: bool,
    pub smap: bool,
    pub pge: bool,
    pub fxsr: bool,
}

pub fn features() -> Features {
    let id = x86::cpuid::CpuId::new();
    let ext = id.get_extended_feature_info();
    let basic = id.get_feature_info();
    Features {
        smep: ext.as_ref().is_some_and(|e| e.has_smep()),
        smap: ext.as_ref().is_some_and(|e| e.has_smap()),
        pge: basic.as_ref().is_some_and(|f| f.has_pge()),
        fxsr: basic.as_ref().is_some_and(|f| f.has_fxsave_fxstor()),
    }
}

/// Point GS at the boot CPU's per-CPU block and turn on the CPU features the
/// kernel relies on: global pages, SSE state for user programs, SMEP and SMAP.
pub fn init_bsp() -> Features {
    // SAFETY: single-threaded boot; BSP_PERCPU lives forever and only this CPU uses it.
    unsafe {
        let p = core::ptr::addr_of_mut!(BSP_PERCPU);
        (*p).self_ptr = p as u64;
        msr::wrmsr(msr::IA32_GS_BASE, p as u64);
        msr::wrmsr(msr::IA32_KERNEL_GSBASE, 0);
    }
    let f = features();
    // SAFETY: enabling features the CPU reports; the kernel never touches user
    // memory except through the stac/clac-bracketed copy routine (SMAP) and never
    // executes user pages (SMEP). OSFXSR lets user code use SSE; the kernel is
    // built soft-float and does not touch vector registers.
    unsafe {
        use x86::controlregs::{cr0, cr0_write, cr4, cr4_write, Cr0, Cr4};
        let mut c4 = cr4();
        if f.pge {
            c4 |= Cr4::CR4_ENABLE_GLOBAL_PAGES;
        }
        if f.fxsr {
            c4 |= Cr4::CR4_ENABLE_SSE | Cr4::CR4_UNMASKED_SSE;
        }
        if f.smep {
            c4 |= Cr4::CR4_ENABLE_SMEP;
        }
        if f.smap {
            c4 |= Cr4::CR4_ENABLE_SMAP;
            SMAP_ENABLED = 1;
        }
        cr4_write(c4);
        let mut c0 = cr0();
        c0.remove(Cr0::CR0_EMULATE_COPROCESSOR);
        c0 |= Cr0::CR0_MONITOR_COPROCESSOR | Cr0::CR0_WRITE_PROTECT;
        cr0_write(c0);
    }
    f
}

pub fn percpu() -> &'static mut PerCpu {
    // SAFETY: GS base was set by init_bsp to this CPU's block, which lives
    // forever; only the owning CPU touches it, with interrupts disabled where a
    // field is read-modify-written.
    unsafe {
        let p: u64;
        asm!("mov {}, gs:0", out(reg) p, options(nostack, readonly, preserves_flags));
        &mut *(p as *mut PerCpu)
    }
}

pub fn interrupts_enabled() -> bool {
    let flags: u64;
    // SAFETY: reading RFLAGS has no side effects.
    unsafe { asm!("pushfq; pop {}", out(reg) flags, options(nomem, preserves_flags)) };
    flags & (1 << 9) != 0
}

pub fn disable_interrupts() {
    // SAFETY: masking interrupts cannot break memory safety.
    unsafe { asm!("cli", options(nomem, nostack)) }
}

pub fn enable_interrupts() {
    // SAFETY: handlers are installed before the first `sti` (see main).
    unsafe { asm!("sti", options(nomem, nostack)) }
}

/// Sleep until the next interrupt, with interrupts enabled (atomically, so a
/// wake-up that arrives between the check and the halt is not lost).
pub fn enable_and_halt() {
    // SAFETY: `sti; hlt` is the standard idle sequence.
    unsafe { asm!("sti; hlt", options(nomem, nostack)) }
}

pub fn halt_forever() -> ! {
    loop {
        disable_interrupts();
        // SAFETY: halting with interrupts off stops this CPU for good.
        unsafe { asm!("hlt", options(nomem, nostack)) }
    }
}

pub fn rdtsc() -> u64 {
    // SAFETY: rdtsc has no side effects.
    unsafe { core::arch::x86_64::_rdtsc() }
}

pub fn read_cr2() -> u64 {
    // SAFETY: reading CR2 has no side effects.
    unsafe { x86::controlregs::cr2() as u64 }
}

pub fn read_cr3() -> u64 {
    // SAFETY: reading CR3 has no side effects.
    unsafe { x86::controlregs::cr3() }
}

/// Save interrupt state and disable; `restore` puts it back.
pub fn save_and_disable() -> bool {
    let was = interrupts_enabled();
    disable_interrupts();
    was
}

pub fn restore(was_enabled: bool) {
    if was_enabled {
        enable_interrupts();
    }
}
