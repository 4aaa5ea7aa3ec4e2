//! The GDT, the TSS and its interrupt stacks.
//!
//! Layout (fixed by `syscall`/`sysret`, which derive selectors from STAR):
//! 0x08 kernel code, 0x10 kernel data, 0x18 user data, 0x20 user code, 0x28 TSS.

use x86::bits64::task::TaskStateSegment;
use x86::dtables::{lgdt, DescriptorTablePointer};
use x86::segmentation::SegmentSelector;
use x86::Ring;

pub const KERNEL_CS: u16 = 0x08;
pub const KERNEL_DS: u16 = 0x10;
pub const USER_DS: u16 = 0x18 | 3;
pub const USER_CS: u16 = 0x20 | 3;
const TSS_SEL: u16 = 0x28;

/// IST slots (1-based as the IDT counts them).
pub const IST_DOUBLE_FAULT: u8 = 1;
pub const IST_NMI: u8 = 2;
pub const IST_MACHINE_CHECK: u8 = 3;

const IST_STACK_SIZE: usize = 16 * 1024;

#[repr(C, align(16))]
struct IstStack([u8; IST_STACK_SIZE]);

static mut IST_STACKS: [IstStack; 3] = [const { IstStack([0; IST_STACK_SIZE]) }; 3];
static mut TSS: TaskStateSegment = TaskStateSegment::new();
static mut GDT: [u64; 7] = [
    0,
    0x00AF_9A00_0000_FFFF, // kernel code: present, DPL0, long mode
    0x00CF_9200_0000_FFFF, // kernel data
    0x00CF_F200_0000_FFFF, // user data, DPL3
    0x00AF_FA00_0000_FFFF, // user code, DPL3, long mode
    0,                     // TSS low (filled in init)
    0,                     // TSS high
];

pub fn init() {
    // SAFETY: runs once on the boot CPU before interrupts are enabled; the
    // statics are not yet referenced by anything else. The descriptors written
    // are valid for long mode and the segment reloads match them.
    unsafe {
        let tss = &mut *core::ptr::addr_of_mut!(TSS);
        let stacks = &*core::ptr::addr_of!(IST_STACKS);
        for (i, s) in stacks.iter().enumerate() {
            let top = s.0.as_ptr() as u64 + IST_STACK_SIZE as u64;
            tss.set_ist(i, top);
        }
        tss.iomap_base = core::mem::size_of::<TaskStateSegment>() as u16;
        let base = tss as *const _ as u64;
        let limit = (core::mem::size_of::<TaskStateSegment>() - 1) as u64;
        let gdt = &mut *core::ptr::addr_of_mut!(GDT);
        gdt[5] = (limit & 0xFFFF)
            | ((base & 0xFF_FFFF) << 16)
            | (0x89 << 40) // present, 64-bit available TSS
            | (((limit >> 16) & 0xF) << 48)
            | (((base >> 24) & 0xFF) << 56);
        gdt[6] = base >> 32;
        lgdt(&DescriptorTablePointer::new_from_slice(&gdt[..]));
        x86::segmentation::load_ss(SegmentSelector::from_raw(KERNEL_DS));
        x86::segmentation::load_ds(SegmentSelector::from_raw(KERNEL_DS));
        x86::segmentation::load_es(SegmentSelector::from_raw(KERNEL_DS));
        reload_cs();
        x86::task::load_tr(SegmentSelector::from_raw(TSS_SEL));
    }
}

/// Far-return into the new kernel code segment.
unsafe fn reload_cs() {
    // SAFETY (caller): the GDT just loaded has a 64-bit code segment at KERNEL_CS.
    unsafe {
        core::arch::asm!(
            "push {sel}",
            "lea {tmp}, [rip + 2f]",
            "push {tmp}",
            "retfq",
            "2:",
            sel = const KERNEL_CS as u64,
            tmp = lateout(reg) _,
        );
    }
}

/// The stack the CPU switches to on an interrupt or exception from user mode.
pub fn set_kernel_stack(top: u64) {
    // SAFETY: the TSS is per-CPU and only written with interrupts disabled by
    // the scheduler on this CPU; the CPU reads rsp0 only on a privilege change.
    unsafe {
        (*core::ptr::addr_of_mut!(TSS)).set_rsp(Ring::Ring0, top);
    }
}
