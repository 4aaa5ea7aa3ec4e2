//! The way in: boot headers and the 32-bit trampoline into long mode.
//!
//! Two loaders can start Phantom, and both leave the CPU in 32-bit protected mode
//! with paging off:
//! - GRUB, through the Multiboot2 header below (`eax` = magic, `ebx` = boot
//!   information). This is the bootable ISO a person runs.
//! - QEMU's `-kernel` loader, through the PVH entry note (`ebx` = `hvm_start_info`).
//!   This is the fast path the tests use: no firmware menu, no GRUB.
//!
//! The trampoline builds temporary page tables that map the first 4 GiB three
//! times (identity, the direct map at `PHYS_OFFSET`, and the kernel image at
//! `KERNEL_VMA`), enables long mode with NX, and calls `kernel_entry` in the higher
//! half with the protocol, the magic and the boot-information address. The memory
//! code replaces these tables with the real ones soon after.

use core::arch::global_asm;

/// Which loader entered the kernel (the first argument of `kernel_entry`).
pub const PROTOCOL_MULTIBOOT2: u32 = 1;
pub const PROTOCOL_PVH: u32 = 2;

global_asm!(
    r#"
    .set MB2_MAGIC, 0xE85250D6
    .set MB2_ARCH_I386, 0

    .section .multiboot2, "a"
    .p2align 3
mb2_header_start:
    .long MB2_MAGIC
    .long MB2_ARCH_I386
    .long mb2_header_end - mb2_header_start
    .long -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header_start))
    /* framebuffer request: 1024x768x32, optional */
    .p2align 3
    .short 5
    .short 1
    .long 20
    .long 1024
    .long 768
    .long 32
    /* end tag */
    .p2align 3
    .short 0
    .short 0
    .long 8
mb2_header_end:

    /* PVH: XEN_ELFNOTE_PHYS32_ENTRY (18) gives QEMU the 32-bit entry point. */
    .section .note.Xen, "a"
    .p2align 2
    .long 4
    .long 4
    .long 18
    .asciz "Xen"
    .long _start_pvh

    .section .boot.bss, "aw", @nobits
    .p2align 12
boot_pml4:      .skip 4096
boot_pdpt_low:  .skip 4096
boot_pdpt_high: .skip 4096
boot_pd:        .skip 4096 * 4
boot_stack:     .skip 4096 * 4
boot_stack_top:

    .section .boot.data, "a"
    .p2align 3
boot_gdt:
    .quad 0
    .quad 0x00AF9A000000FFFF    /* 0x08: 64-bit code */
    .quad 0x00CF92000000FFFF    /* 0x10: data */
boot_gdt_end:
boot_gdt_ptr:
    .short boot_gdt_end - boot_gdt - 1
    .long boot_gdt

    .section .boot.text, "ax"
    .code32
    .global _start_mb2
_start_mb2:
    cli
    mov $1, %edi
    mov %eax, %esi
    jmp boot_common

    .global _start_pvh
_start_pvh:
    cli
    mov $2, %edi
    mov $0x336ec578, %esi

boot_common:
    mov $boot_stack_top, %esp
    mov %ebx, %ebp

    /* PML4: identity (0), direct map (256) -> low PDPT; kernel (511) -> high PDPT. */
    mov $boot_pdpt_low, %eax
    or $3, %eax
    mov %eax, boot_pml4
    mov %eax, boot_pml4 + 256 * 8
    mov $boot_pdpt_high, %eax
    or $3, %eax
    mov %eax, boot_pml4 + 511 * 8

    /* Low PDPT: four page directories covering 0..4 GiB. */
    mov $boot_pd, %eax
    or $3, %eax
    mov %eax, boot_pdpt_low
    add $4096, %eax
    mov %eax, boot_pdpt_low + 8
    add $4096, %eax
    mov %eax, boot_pdpt_low + 16
    add $4096, %eax
    mov %eax, boot_pdpt_low + 24

    /* High PDPT: entries 510 and 511 (the top 2 GiB) -> physical 0..2 GiB. */
    mov $boot_pd, %eax
    or $3, %eax
    mov %eax, boot_pdpt_high + 510 * 8
    add $4096, %eax
    mov %eax, boot_pdpt_high + 511 * 8

    /* 2048 large (2 MiB) pages: present, writable, PS. */
    xor %ecx, %ecx
1:
    mov %ecx, %eax
    shl $21, %eax
    or $0x83, %eax
    mov %eax, boot_pd(, %ecx, 8)
    mov %ecx, %eax
    shr $11, %eax
    mov %eax, boot_pd + 4(, %ecx, 8)
    inc %ecx
    cmp $2048, %ecx
    jne 1b

    /* CR4.PAE, CR3, EFER.LME|NXE, CR0.PG|WP. */
    mov %cr4, %eax
    or $(1 << 5), %eax
    mov %eax, %cr4
    mov $boot_pml4, %eax
    mov %eax, %cr3
    mov $0xC0000080, %ecx
    rdmsr
    or $((1 << 8) | (1 << 11)), %eax
    wrmsr
    mov %cr0, %eax
    or $((1 << 31) | (1 << 16)), %eax
    mov %eax, %cr0

    lgdt boot_gdt_ptr
    ljmp $0x08, $boot_long_mode

    .code64
boot_long_mode:
    mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    xor %ax, %ax
    mov %ax, %fs
    mov %ax, %gs
    mov %edi, %edi
    mov %esi, %esi
    mov %ebp, %edx
    movabs $BOOT_STACK_TOP, %rsp
    xor %ebp, %ebp
    movabs $kernel_entry, %rax
    call *%rax
2:
    hlt
    jmp 2b
    "#,
    options(att_syntax)
);

/// The stack the kernel runs on until the scheduler gives it a guarded one.
#[repr(C, align(4096))]
pub struct BootStack([u8; 64 * 1024]);

#[no_mangle]
#[used]
static mut BOOT_STACK: BootStack = BootStack([0; 64 * 1024]);

global_asm!(
    r#"
    .section .data
    .global BOOT_STACK_TOP
    .p2align 3
BOOT_STACK_TOP = BOOT_STACK + 64 * 1024
    "#,
    options(att_syntax)
);
