//! Panics and backtraces.
//!
//! The kernel is built with frame pointers, so a backtrace follows the `rbp`
//! chain; each step is checked against the page tables before it is read, so
//! a corrupt chain ends the trace instead of faulting again. Names come from
//! the symbol table xtask puts in the initramfs (`boot/kernel.sym`).

use crate::serial::SerialWriter;
use core::fmt::Write;
use core::sync::atomic::{AtomicUsize, Ordering};

static SYMS_PTR: AtomicUsize = AtomicUsize::new(0);
static SYMS_LEN: AtomicUsize = AtomicUsize::new(0);

pub fn set_symbols(table: &'static [u8]) {
    SYMS_PTR.store(table.as_ptr() as usize, Ordering::Relaxed);
    SYMS_LEN.store(table.len(), Ordering::Release);
}

fn symbols() -> &'static [u8] {
    let len = SYMS_LEN.load(Ordering::Acquire);
    let ptr = SYMS_PTR.load(Ordering::Relaxed);
    if ptr == 0 {
        return &[];
    }
    // SAFETY: set_symbols stored a 'static slice's pointer and length.
    unsafe { core::slice::from_raw_parts(ptr as *const u8, len) }
}

/// "name+0xoff" for a code address, if the table knows it.
pub fn symbolize(addr: u64) -> Option<(&'static str, u64)> {
    phantom_ksyms::lookup(symbols(), addr)
}

fn readable(va: u64) -> bool {
    va.is_multiple_of(8)
        && va >= crate::mem::PHYS_OFFSET
        && crate::mem::paging::kernel_translate(va).is_some()
        && crate::mem::paging::kernel_translate(va + 8).is_some()
}

/// Print the call chain starting at `rip` with frame pointer `rbp`.
pub fn backtrace(rip: u64, mut rbp: u64) {
    let w = &mut SerialWriter;
    let _ = writeln!(w, "backtrace:");
    let mut print = |i: usize, pc: u64| {
        match symbolize(pc) {
            Some((name, off)) => {
                let _ = writeln!(w, "  #{:<2} {:#018x} {}+{:#x}", i, pc, name, off);
            }
            None => {
                let _ = writeln!(w, "  #{:<2} {:#018x} ?", i, pc);
            }
        }
    };
    print(0, rip);
    for i in 1..32 {
        if rbp == 0 || !readable(rbp) {
            break;
        }
        // SAFETY: `rbp` and `rbp + 8` were checked to be mapped kernel memory.
        let (next, ret) = unsafe { (*(rbp as *const u64), *((rbp + 8) as *const u64)) };
        if ret == 0 {
            break;
        }
        print(i, ret.saturating_sub(1));
        if next <= rbp {
            break;
        }
        rbp = next;
    }
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    crate::arch::cpu::disable_interrupts();
    let w = &mut SerialWriter;
    let _ = writeln!(w, "\n*** KERNEL PANIC: {}", info);
    if let Some(t) = crate::sched::try_current() {
        let _ = writeln!(w, "    thread {} '{}'", t.id, t.name);
    }
    let (rbp, rsp): (u64, u64);
    // SAFETY: reading the current frame and stack pointer.
    unsafe { core::arch::asm!("mov {}, rbp; mov {}, rsp", out(reg) rbp, out(reg) rsp) };
    let _ = writeln!(w, "    RSP={:#018x} RBP={:#018x}", rsp, rbp);
    backtrace(panic as *const () as u64, rbp);
    crate::machine_stop(true);
}
