//! CPU exceptions: user faults go to the thread's personality, a fault in the
//! user-copy routine fails that copy with EFAULT, anything else in the kernel
//! is reported (registers, the faulting address, a symbolised backtrace) and
//! stops the machine.

use crate::arch::cpu;
use crate::arch::trap::TrapFrame;
use crate::serial::SerialWriter;
use core::fmt::Write;
use core::sync::atomic::{AtomicBool, Ordering};

const NAMES: [&str; 32] = [
    "divide error", "debug", "NMI", "breakpoint", "overflow", "bound range exceeded",
    "invalid opcode", "device not available", "double fault", "coprocessor segment overrun",
    "invalid TSS", "segment not present", "stack-segment fault", "general protection fault",
    "page fault", "reserved", "x87 floating-point error", "alignment check", "machine check",
    "SIMD floating-point error", "virtualization exception", "control protection exception",
    "reserved", "reserved", "reserved", "reserved", "reserved", "reserved",
    "hypervisor injection exception", "VMM communication exception", "security exception",
    "reserved",
];

pub fn name(vector: u64) -> &'static str {
    NAMES.get(vector as usize).copied().unwrap_or("unknown")
}

static IN_FATAL: AtomicBool = AtomicBool::new(false);

pub fn exception(frame: &mut TrapFrame) {
    match frame.vector {
        2 => {
            log::warn!("fault: NMI at {:#x}", frame.rip);
            return;
        }
        3 if !frame.from_user() => {
            log::info!("fault: breakpoint at {:#x}", frame.rip);
            return;
        }
        _ => {}
    }
    let cr2 = if frame.vector == 14 { cpu::read_cr2() } else { 0 };
    // A write to a present user page: copy-on-write, whoever wrote.
    if frame.vector == 14 && frame.error & 3 == 3 && cr2 < crate::mem::USER_END && crate::user::break_cow(cr2) {
        return;
    }
    if frame.from_user() {
        crate::user::user_exception(frame, cr2);
        return;
    }
    if frame.vector == 14 && crate::user::fixup_user_copy_fault(frame, cr2) {
        return;
    }
    // The native world's heap is mapped on first touch.
    if frame.vector == 14 && frame.error & 1 == 0 && crate::native_heap::fault(cr2) {
        return;
    }
    fatal(frame, cr2);
}

fn fatal(frame: &TrapFrame, cr2: u64) -> ! {
    cpu::disable_interrupts();
    if IN_FATAL.swap(true, Ordering::SeqCst) {
        crate::machine_stop(true);
    }
    let w = &mut SerialWriter;
    let _ = writeln!(w, "\n*** KERNEL EXCEPTION: {} (vector {}, error {:#x})", name(frame.vector), frame.vector, frame.error);
    if frame.vector == 14 {
        let e = frame.error;
        let _ = writeln!(
            w,
            "    CR2={:#018x} ({} {} in {} mode{})",
            cr2,
            if e & 1 != 0 { "protection violation on" } else { "not-present page on" },
            if e & 0x10 != 0 { "instruction fetch" } else if e & 2 != 0 { "write" } else { "read" },
            if e & 4 != 0 { "user" } else { "kernel" },
            if crate::mem::kstack::is_guard_page(cr2) { ", kernel stack overflow: guard page" } else { "" }
        );
    }
    if let Some(t) = crate::sched::try_current() {
        let _ = writeln!(w, "    thread {} '{}'", t.id, t.name);
    }
    dump_registers(frame);
    crate::panic::backtrace(frame.rip, frame.rbp);
    crate::machine_stop(true);
}

pub fn dump_registers(f: &TrapFrame) {
    let w = &mut SerialWriter;
    let _ = writeln!(w, "    RIP={:#018x} RSP={:#018x} RFLAGS={:#010x} CS={:#x} SS={:#x}", f.rip, f.rsp, f.rflags, f.cs, f.ss);
    let _ = writeln!(w, "    RAX={:#018x} RBX={:#018x} RCX={:#018x} RDX={:#018x}", f.rax, f.rbx, f.rcx, f.rdx);
    let _ = writeln!(w, "    RSI={:#018x} RDI={:#018x} RBP={:#018x} R8 ={:#018x}", f.rsi, f.rdi, f.rbp, f.r8);
    let _ = writeln!(w, "    R9 ={:#018x} R10={:#018x} R11={:#018x} R12={:#018x}", f.r9, f.r10, f.r11, f.r12);
    let _ = writeln!(w, "    R13={:#018x} R14={:#018x} R15={:#018x} CR3={:#018x}", f.r13, f.r14, f.r15, cpu::read_cr3());
}
