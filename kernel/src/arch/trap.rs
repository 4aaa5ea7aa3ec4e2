//! Interrupt, exception and system-call entry.
//!
//! Every way into the kernel from an interrupt or `syscall` builds the same
//! `TrapFrame` on the kernel stack, so user context always has one shape: the
//! scheduler, fault handlers and personalities read and write registers there.
//!
//! The 256 vector stubs are generated in assembly, 16 bytes apart: each pushes a
//! zero error code where the CPU does not push one, then its vector number, and
//! jumps to `trap_common`, which saves the general registers, calls
//! [`trap_dispatch`], restores and returns with `iretq`.

use super::gdt;
use core::arch::global_asm;

/// The saved user or kernel context at a trap, lowest address first.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct TrapFrame {
    pub r15: u64,
    pub r14: u64,
    pub r13: u64,
    pub r12: u64,
    pub r11: u64,
    pub r10: u64,
    pub r9: u64,
    pub r8: u64,
    pub rbp: u64,
    pub rdi: u64,
    pub rsi: u64,
    pub rdx: u64,
    pub rcx: u64,
    pub rbx: u64,
    pub rax: u64,
    pub vector: u64,
    pub error: u64,
    pub rip: u64,
    pub cs: u64,
    pub rflags: u64,
    pub rsp: u64,
    pub ss: u64,
}

impl TrapFrame {
    pub fn from_user(&self) -> bool {
        self.cs & 3 == 3
    }

    /// A fresh ring-3 context starting at `rip` with stack `rsp`, interrupts on.
    pub fn new_user(rip: u64, rsp: u64) -> Self {
        TrapFrame {
            rip,
            rsp,
            cs: gdt::USER_CS as u64,
            ss: gdt::USER_DS as u64,
            rflags: 0x202,
            ..Default::default()
        }
    }
}

/// The vector number the syscall path stores in its frame.
pub const SYSCALL_VECTOR: u64 = 0x100;

global_asm!(
    r#"
    .section .text.trap, "ax"
    .p2align 4
    .global trap_stubs
trap_stubs:
    .set vec, 0
    .rept 256
    .p2align 4
    .if (vec == 8) || ((vec >= 10) && (vec <= 14)) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
    .else
    push $0
    .endif
    push $vec
    jmp trap_common
    .set vec, vec + 1
    .endr

    .p2align 4
trap_common:
    testb $3, 24(%rsp)
    jz 1f
    swapgs
1:
    push %rax
    push %rbx
    push %rcx
    push %rdx
    push %rsi
    push %rdi
    push %rbp
    push %r8
    push %r9
    push %r10
    push %r11
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, %rdi
    cld
    call trap_dispatch
    .global trap_restore
trap_restore:
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rbp
    pop %rdi
    pop %rsi
    pop %rdx
    pop %rcx
    pop %rbx
    pop %rax
    testb $3, 24(%rsp)
    jz 2f
    swapgs
2:
    add $16, %rsp
    iretq

    /* syscall: rcx = user rip, r11 = user rflags, IF cleared by FMASK. */
    .p2align 4
    .global syscall_entry
syscall_entry:
    swapgs
    mov %rsp, %gs:16
    mov %gs:8, %rsp
    push ${user_ds}
    push %gs:16
    push %r11
    push ${user_cs}
    push %rcx
    push $0
    push ${syscall_vector}
    push %rax
    push %rbx
    push %rcx
    push %rdx
    push %rsi
    push %rdi
    push %rbp
    push %r8
    push %r9
    push %r10
    push %r11
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, %rdi
    cld
    call syscall_dispatch
    cli
    /* sysret loads rip from rcx and rflags from r11, so it can only return
       to a frame whose rcx and r11 hold exactly those (as after an ordinary
       system call), with a canonical rip and the user selectors. A frame
       rewritten by rt_sigreturn or execve leaves through iretq, which
       restores every register. */
    mov 17*8(%rsp), %rcx
    cmp 12*8(%rsp), %rcx
    jne trap_restore
    shr $47, %rcx
    jnz trap_restore
    mov 19*8(%rsp), %r11
    cmp 4*8(%rsp), %r11
    jne trap_restore
    cmpq ${user_cs}, 18*8(%rsp)
    jne trap_restore
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rbp
    pop %rdi
    pop %rsi
    pop %rdx
    pop %rcx
    pop %rbx
    pop %rax
    add $16, %rsp
    mov (%rsp), %rcx
    mov 16(%rsp), %r11
    mov 24(%rsp), %rsp
    swapgs
    sysretq

    /* enter_user(frame): continue at a prepared TrapFrame (first entry to ring 3). */
    .global enter_user_frame
enter_user_frame:
    mov %rdi, %rsp
    jmp trap_restore
    "#,
    user_ds = const gdt::USER_DS as u64,
    user_cs = const gdt::USER_CS as u64,
    syscall_vector = const SYSCALL_VECTOR,
    options(att_syntax)
);

extern "C" {
    static trap_stubs: u8;
    fn syscall_entry();
    fn enter_user_frame(frame: *const TrapFrame) -> !;
}

#[repr(C)]
#[derive(Clone, Copy)]
struct IdtEntry {
    offset_low: u16,
    selector: u16,
    ist: u8,
    type_attr: u8,
    offset_mid: u16,
    offset_high: u32,
    reserved: u32,
}

static mut IDT: [IdtEntry; 256] = [IdtEntry {
    offset_low: 0,
    selector: 0,
    ist: 0,
    type_attr: 0,
    offset_mid: 0,
    offset_high: 0,
    reserved: 0,
}; 256];

pub fn init() {
    // SAFETY: runs once on the boot CPU with interrupts disabled; every entry
    // points at a stub in `trap_stubs`, which all end in `trap_common`.
    unsafe {
        let base = core::ptr::addr_of!(trap_stubs) as u64;
        let idt = &mut *core::ptr::addr_of_mut!(IDT);
        for (vector, e) in idt.iter_mut().enumerate() {
            let handler = base + 16 * vector as u64;
            let ist = match vector {
                2 => gdt::IST_NMI,
                8 => gdt::IST_DOUBLE_FAULT,
                18 => gdt::IST_MACHINE_CHECK,
                _ => 0,
            };
            *e = IdtEntry {
                offset_low: handler as u16,
                selector: gdt::KERNEL_CS,
                ist,
                // present, interrupt gate (IF cleared on entry); DPL 3 for int3
                // so a user breakpoint is a trap and not a #GP.
                type_attr: if vector == 3 { 0xEE } else { 0x8E },
                offset_mid: (handler >> 16) as u16,
                offset_high: (handler >> 32) as u32,
                reserved: 0,
            };
        }
        x86::dtables::lidt(&x86::dtables::DescriptorTablePointer::new(&*idt));
    }
}

/// Program the `syscall` MSRs: entry point, selectors, and the flags masked on
/// entry (IF, TF, DF, AC, so the entry path runs with interrupts off).
pub fn init_syscall() {
    use x86::msr::*;
    // SAFETY: the GDT layout matches the selectors STAR derives (see gdt.rs)
    // and `syscall_entry` saves a full TrapFrame on the per-thread kernel stack.
    unsafe {
        wrmsr(IA32_EFER, rdmsr(IA32_EFER) | 1); // SCE
        // syscall: CS = STAR[47:32], SS = that + 8.
        // sysret: CS = STAR[63:48] + 16, SS = STAR[63:48] + 8, both with RPL 3.
        let star = (0x10u64 << 48) | ((gdt::KERNEL_CS as u64) << 32);
        wrmsr(IA32_STAR, star);
        wrmsr(IA32_LSTAR, syscall_entry as *const () as u64);
        wrmsr(IA32_FMASK, (1 << 9) | (1 << 8) | (1 << 10) | (1 << 18));
    }
}

/// Leave the kernel for ring 3 with the given context. Used for the first
/// entry of a user thread; later returns go through the trap/syscall exits.
pub fn enter_user(frame: &TrapFrame) -> ! {
    super::cpu::disable_interrupts();
    // SAFETY: `frame` lies on the current thread's kernel stack (the caller
    // builds it there); its selectors are the user ones from TrapFrame::new_user,
    // so iretq drops to ring 3 and the kernel stack is reused from rsp0 later.
    unsafe { enter_user_frame(frame) }
}

#[no_mangle]
extern "C" fn trap_dispatch(frame: &mut TrapFrame) {
    match frame.vector {
        0..=31 => crate::fault::exception(frame),
        0xFF => {} // spurious: no EOI
        v => crate::irq::dispatch(v as u8, frame),
    }
}

#[no_mangle]
extern "C" fn syscall_dispatch(frame: &mut TrapFrame) {
    crate::user::syscall(frame);
}
