//! What the `virtio-drivers` crate needs from the kernel: DMA memory, device
//! memory mappings, buffer sharing ([`KernelHal`]) and PCI configuration
//! access through the I/O ports ([`PortConfigAccess`]).
//!
//! Sharing a buffer hands the device its physical address. A buffer that is
//! physically contiguous (kernel image, direct map, or heap/stack pages that
//! happen to be adjacent) is given as it is; any other buffer is copied
//! through a fresh contiguous "bounce" allocation, because heap and stack
//! pages are mapped one by one and need not be adjacent in physical memory.

use super::pci;
use crate::mem::{self, PAGE_SIZE};
use core::ptr::NonNull;
use virtio_drivers::transport::pci::bus::{ConfigurationAccess, DeviceFunction};
use virtio_drivers::{BufferDirection, Hal, PhysAddr};

pub struct KernelHal;

fn pages_for(len: usize) -> usize {
    len.div_ceil(PAGE_SIZE as usize)
}

/// The physical address of `[va, va+len)` if it is one contiguous run.
fn contiguous_phys(va: u64, len: usize) -> Option<u64> {
    let start = mem::virt_to_phys(va)?;
    let mut page = (va & !(PAGE_SIZE - 1)) + PAGE_SIZE;
    while page < va + len as u64 {
        if mem::virt_to_phys(page)? != start + (page - va) {
            return None;
        }
        page += PAGE_SIZE;
    }
    Some(start)
}

// SAFETY: dma_alloc returns zeroed, page-aligned frames that nothing else
// owns until dma_dealloc; mmio_phys_to_virt returns a dedicated uncached
// mapping of device memory; share/unshare give the device only memory that
// belongs to the buffer or to a bounce allocation made for it.
unsafe impl Hal for KernelHal {
    fn dma_alloc(pages: usize, _direction: BufferDirection) -> (PhysAddr, NonNull<u8>) {
        match mem::alloc_frames_contiguous(pages, PAGE_SIZE) {
            Some(pa) => match NonNull::new(mem::phys_to_virt(pa) as *mut u8) {
                Some(va) => (pa, va),
                None => (0, NonNull::dangling()),
            },
            // The crate treats physical address 0 as an allocation failure.
            None => (0, NonNull::dangling()),
        }
    }

    unsafe fn dma_dealloc(paddr: PhysAddr, _vaddr: NonNull<u8>, pages: usize) -> i32 {
        mem::free_frames_contiguous(paddr, pages);
        0
    }

    unsafe fn mmio_phys_to_virt(paddr: PhysAddr, size: usize) -> NonNull<u8> {
        // The virtio-blk driver maps every memory BAR before it builds the
        // transport, and `mmio::map` returns the existing mapping for any
        // range inside one, so this cannot fail for the regions the crate asks for.
        let va = crate::mem::mmio::map(paddr, size as u64, false)
            .unwrap_or_else(|e| panic!("virtio: device memory {:#x} not mapped: {:?}", paddr, e));
        NonNull::new(va as *mut u8).unwrap_or_else(|| panic!("virtio: null mapping"))
    }

    unsafe fn share(buffer: NonNull<[u8]>, direction: BufferDirection) -> PhysAddr {
        let va = buffer.as_ptr() as *mut u8 as u64;
        let len = buffer.len();
        if let Some(pa) = contiguous_phys(va, len) {
            return pa;
        }
        // Running out of memory here is a kernel-wide condition, not device
        // input, and the crate gives no way to fail a share.
        let bounce = mem::alloc_frames_contiguous(pages_for(len), PAGE_SIZE)
            .unwrap_or_else(|| panic!("virtio: out of memory for a {} byte bounce buffer", len));
        if direction != BufferDirection::DeviceToDriver {
            // SAFETY: the caller guarantees `buffer` is valid for reads of
            // `len` bytes; the bounce frames are fresh, at least `len` long,
            // and reached through the direct map.
            unsafe {
                core::ptr::copy_nonoverlapping(va as *const u8, mem::phys_to_virt(bounce) as *mut u8, len);
            }
        }
        bounce
    }

    unsafe fn unshare(paddr: PhysAddr, buffer: NonNull<[u8]>, direction: BufferDirection) {
        let va = buffer.as_ptr() as *mut u8 as u64;
        let len = buffer.len();
        if mem::virt_to_phys(va) == Some(paddr) {
            return; // shared in place
        }
        if direction != BufferDirection::DriverToDevice {
            // SAFETY: `paddr` is the bounce allocation made by `share` for this
            // buffer (at least `len` bytes); the caller guarantees `buffer` is
            // valid for writes and not used elsewhere during this call.
            unsafe {
                core::ptr::copy_nonoverlapping(mem::phys_to_virt(paddr) as *const u8, va as *mut u8, len);
            }
        }
        mem::free_frames_contiguous(paddr, pages_for(len));
    }
}

/// PCI configuration space for the crate, through [`pci::read32`] and
/// [`pci::write32`] (which serialise the port pair themselves).
pub struct PortConfigAccess;

fn address(f: DeviceFunction) -> pci::Address {
    pci::Address { bus: f.bus, device: f.device, function: f.function }
}

impl ConfigurationAccess for PortConfigAccess {
    fn read_word(&self, f: DeviceFunction, offset: u8) -> u32 {
        pci::read32(address(f), offset)
    }

    fn write_word(&mut self, f: DeviceFunction, offset: u8, data: u32) {
        pci::write32(address(f), offset, data)
    }

    unsafe fn unsafe_clone(&self) -> Self {
        PortConfigAccess
    }
}
