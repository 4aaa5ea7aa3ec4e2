//! Boot information parser: turns what the boot loader left in memory into
//! one [`BootInfo`], before any heap exists.
//!
//! # How it fits
//!
//! Phantom is entered by one of two boot protocols:
//!
//! * **Multiboot2** (GRUB, and QEMU with a Multiboot2 loader): the loader
//!   passes a magic number and the physical address of a tagged information
//!   block; see [`parse_multiboot2`] in `multiboot2.rs`.
//! * **PVH** (QEMU `-kernel`, Firecracker, Xen): the loader passes the
//!   physical address of an `hvm_start_info` structure; see [`parse_pvh`] in
//!   `pvh.rs`.
//!
//! The kernel's entry code calls the matching parser and from then on only
//! looks at the protocol-neutral [`BootInfo`]: the memory map feeds the frame
//! allocator (`phantom-frames`), the modules hold the initramfs
//! (`phantom-cpio`), the framebuffer and RSDP go to the console and ACPI code.
//!
//! The parsers read memory only through the [`PhysMemory`] trait, and treat
//! everything they read as an untrusted allegation: every size and address is
//! checked, and malformed input gives an [`Error`], never a panic. That keeps
//! this crate free of `unsafe` and lets the host tests feed it hand-built
//! images.
//!
//! Everything is stored in fixed-capacity arrays. When the loader reports more
//! than [`MAX_REGIONS`] memory regions or [`MAX_MODULES`] modules, the first
//! ones are kept and the rest ignored; strings longer than their buffer are
//! truncated (at a character boundary), and bytes that are not UTF-8 become
//! `?`.
//!
//! # Usage
//!
//! ```
//! use phantom_bootinfo::{parse_multiboot2, PhysMemory, RegionKind, MULTIBOOT2_MAGIC};
//!
//! /// Physical memory as the kernel sees it; here, a byte slice at address 0.
//! struct DirectMap<'a>(&'a [u8]);
//!
//! impl PhysMemory for DirectMap<'_> {
//!     fn read(&self, phys: u64, buf: &mut [u8]) -> bool {
//!         let Ok(start) = usize::try_from(phys) else { return false };
//!         match start.checked_add(buf.len()).and_then(|end| self.0.get(start..end)) {
//!             Some(src) => { buf.copy_from_slice(src); true }
//!             None => false,
//!         }
//!     }
//! }
//!
//! // A Multiboot2 block: header, one memory map entry, the end tag.
//! let mut block = Vec::new();
//! for word in [56u32, 0, 6, 40, 24, 0] { block.extend(word.to_le_bytes()); }
//! for word in [0x10_0000u64, 0x100_0000] { block.extend(word.to_le_bytes()); }
//! for word in [1u32, 0, 0, 8] { block.extend(word.to_le_bytes()); }
//!
//! // The Multiboot2 entry stub passes EAX (magic) and EBX (address); the PVH
//! // entry stub would call `parse_pvh(ebx, &mem)` instead.
//! let info = parse_multiboot2(MULTIBOOT2_MAGIC, 0, &DirectMap(&block)).unwrap();
//! for region in info.regions().iter().filter(|r| r.kind == RegionKind::Usable) {
//!     assert_eq!((region.start, region.end()), (0x10_0000, 0x110_0000));
//! }
//! assert_eq!(info.max_usable_addr(), 0x110_0000);
//! ```
//!
//! Start reading at [`BootInfo`], then the parser for your protocol.

#![no_std]
#![forbid(unsafe_code)]

mod fixed_str;
mod multiboot2;
#[cfg(test)]
mod multiboot2_tests;
mod phys;
mod pvh;
#[cfg(test)]
mod pvh_tests;
#[cfg(test)]
mod testutil;

use core::fmt;

use fixed_str::FixedStr;

pub use multiboot2::{parse_multiboot2, MULTIBOOT2_MAGIC};
pub use pvh::{parse_pvh, PVH_MAGIC};

/// Read access to physical memory, provided by the kernel (or a test mock).
pub trait PhysMemory {
    /// Read physical memory at `phys` into `buf`; false if not readable.
    fn read(&self, phys: u64, buf: &mut [u8]) -> bool;
}

/// Most memory regions a [`BootInfo`] keeps.
pub const MAX_REGIONS: usize = 64;
/// Most boot modules a [`BootInfo`] keeps.
pub const MAX_MODULES: usize = 8;

const CMDLINE_CAP: usize = 256;
const BOOTLOADER_CAP: usize = 64;
const MODULE_CMDLINE_CAP: usize = 64;

/// Which boot protocol the kernel was entered by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    Multiboot2,
    Pvh,
}

/// What a physical memory region may be used for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegionKind {
    /// Free RAM.
    Usable,
    /// Anything the firmware keeps for itself, and unknown types.
    Reserved,
    /// Holds ACPI tables; usable once they have been read.
    AcpiReclaimable,
    /// ACPI non-volatile storage; must be preserved.
    AcpiNvs,
    /// Defective RAM.
    Bad,
}

impl RegionKind {
    /// The region type shared by the Multiboot2 memory map and E820 (PVH).
    fn from_e820(ty: u32) -> Self {
        match ty {
            1 => RegionKind::Usable,
            3 => RegionKind::AcpiReclaimable,
            4 => RegionKind::AcpiNvs,
            5 => RegionKind::Bad,
            _ => RegionKind::Reserved,
        }
    }
}

/// A physical memory region, `[start, start + len)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemRegion {
    pub start: u64,
    pub len: u64,
    pub kind: RegionKind,
}

impl MemRegion {
    /// Exclusive end address, saturating at `u64::MAX`.
    pub fn end(&self) -> u64 {
        self.start.saturating_add(self.len)
    }
}

/// A boot module (e.g. the initramfs), `[start, end)` in physical memory.
#[derive(Clone, Copy, Debug)]
pub struct Module {
    pub start: u64,
    pub end: u64,
    cmdline: FixedStr<MODULE_CMDLINE_CAP>,
}

impl Module {
    /// The module's command line (often its file name), at most 64 bytes.
    pub fn cmdline(&self) -> &str {
        self.cmdline.as_str()
    }

    /// Size in bytes.
    pub fn len(&self) -> u64 {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    const EMPTY: Module = Module {
        start: 0,
        end: 0,
        cmdline: FixedStr::empty(),
    };
}

/// A linear RGB framebuffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Framebuffer {
    /// Physical address.
    pub addr: u64,
    /// Bytes per scan line.
    pub pitch: u32,
    pub width: u32,
    pub height: u32,
    /// Bits per pixel.
    pub bpp: u8,
    pub red_pos: u8,
    pub red_size: u8,
    pub green_pos: u8,
    pub green_size: u8,
    pub blue_pos: u8,
    pub blue_size: u8,
}

/// Everything the kernel learns from its boot loader, protocol-neutral.
#[derive(Clone, Copy)]
pub struct BootInfo {
    pub protocol: Protocol,
    /// Only RGB framebuffers are reported; text mode and palettes give `None`.
    pub framebuffer: Option<Framebuffer>,
    /// Physical address of the ACPI RSDP.
    pub rsdp: Option<u64>,
    regions: [MemRegion; MAX_REGIONS],
    region_count: usize,
    modules: [Module; MAX_MODULES],
    module_count: usize,
    cmdline: FixedStr<CMDLINE_CAP>,
    bootloader: FixedStr<BOOTLOADER_CAP>,
}

impl BootInfo {
    fn new(protocol: Protocol) -> Self {
        const NO_REGION: MemRegion = MemRegion {
            start: 0,
            len: 0,
            kind: RegionKind::Reserved,
        };
        BootInfo {
            protocol,
            framebuffer: None,
            rsdp: None,
            regions: [NO_REGION; MAX_REGIONS],
            region_count: 0,
            modules: [Module::EMPTY; MAX_MODULES],
            module_count: 0,
            cmdline: FixedStr::empty(),
            bootloader: FixedStr::empty(),
        }
    }

    /// The memory map, in the order the boot loader gave it. Empty regions
    /// are left out.
    pub fn regions(&self) -> &[MemRegion] {
        &self.regions[..self.region_count]
    }

    pub fn modules(&self) -> &[Module] {
        &self.modules[..self.module_count]
    }

    /// The kernel command line, at most 256 bytes.
    pub fn cmdline(&self) -> &str {
        self.cmdline.as_str()
    }

    /// The boot loader's name, at most 64 bytes; empty for PVH, which has none.
    pub fn bootloader(&self) -> &str {
        self.bootloader.as_str()
    }

    /// Highest end address of any Usable region.
    ///
    /// 0 if there is none; saturates at `u64::MAX`.
    pub fn max_usable_addr(&self) -> u64 {
        self.regions()
            .iter()
            .filter(|r| r.kind == RegionKind::Usable)
            .map(MemRegion::end)
            .max()
            .unwrap_or(0)
    }

    /// Keep a region unless it is empty; ignored once the array is full.
    fn push_region(&mut self, region: MemRegion) {
        if region.len == 0 {
            return;
        }
        if let Some(slot) = self.regions.get_mut(self.region_count) {
            *slot = region;
            self.region_count += 1;
        }
    }

    fn clear_regions(&mut self) {
        self.region_count = 0;
    }

    /// Keep a module; ignored once the array is full.
    fn push_module(&mut self, start: u64, end: u64, cmdline: &[u8]) {
        if let Some(slot) = self.modules.get_mut(self.module_count) {
            *slot = Module {
                start,
                end,
                cmdline: FixedStr::from_c_bytes(cmdline),
            };
            self.module_count += 1;
        }
    }
}

impl fmt::Debug for BootInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BootInfo")
            .field("protocol", &self.protocol)
            .field("bootloader", &self.bootloader())
            .field("cmdline", &self.cmdline())
            .field("framebuffer", &self.framebuffer)
            .field("rsdp", &self.rsdp)
            .field("regions", &self.regions())
            .field("modules", &self.modules())
            .finish()
    }
}

/// Why the boot information could not be parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    /// The magic number does not match the protocol.
    BadMagic,
    /// Physical memory at this address could not be read.
    Unreadable(u64),
    /// A structure runs past the end of the data that holds it.
    Truncated,
    /// The data is inconsistent; the text says how.
    Malformed(&'static str),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::BadMagic => f.write_str("bad boot protocol magic"),
            Error::Unreadable(addr) => write!(f, "boot information unreadable at {addr:#x}"),
            Error::Truncated => f.write_str("boot information truncated"),
            Error::Malformed(why) => write!(f, "malformed boot information: {why}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_kinds() {
        assert_eq!(RegionKind::from_e820(1), RegionKind::Usable);
        assert_eq!(RegionKind::from_e820(2), RegionKind::Reserved);
        assert_eq!(RegionKind::from_e820(3), RegionKind::AcpiReclaimable);
        assert_eq!(RegionKind::from_e820(4), RegionKind::AcpiNvs);
        assert_eq!(RegionKind::from_e820(5), RegionKind::Bad);
        assert_eq!(RegionKind::from_e820(0), RegionKind::Reserved);
        assert_eq!(RegionKind::from_e820(12), RegionKind::Reserved);
    }

    #[test]
    fn fixed_capacity_and_max_usable() {
        let mut info = BootInfo::new(Protocol::Pvh);
        assert_eq!(info.max_usable_addr(), 0);
        info.push_region(MemRegion {
            start: 0,
            len: 0,
            kind: RegionKind::Usable,
        });
        assert!(info.regions().is_empty(), "empty regions are skipped");
        for i in 0..MAX_REGIONS as u64 {
            let kind = if i % 2 == 0 {
                RegionKind::Usable
            } else {
                RegionKind::Reserved
            };
            info.push_region(MemRegion {
                start: i << 20,
                len: 1 << 20,
                kind,
            });
        }
        info.push_region(MemRegion {
            start: 1 << 40,
            len: 1,
            kind: RegionKind::Usable,
        });
        assert_eq!(info.regions().len(), MAX_REGIONS);
        assert_eq!(info.max_usable_addr(), 63 << 20);

        for i in 0..MAX_MODULES as u64 {
            info.push_module(i, i + 1, b"m\0");
        }
        info.push_module(100, 101, b"");
        assert_eq!(info.modules().len(), MAX_MODULES);
        assert_eq!(info.modules()[3].len(), 1);
        assert_eq!(info.modules()[3].cmdline(), "m");
    }

    #[test]
    fn max_usable_saturates() {
        let mut info = BootInfo::new(Protocol::Pvh);
        info.push_region(MemRegion {
            start: u64::MAX - 1,
            len: 10,
            kind: RegionKind::Usable,
        });
        assert_eq!(info.max_usable_addr(), u64::MAX);
    }

    #[test]
    fn debug_and_display_do_not_dump_buffers() {
        extern crate std;
        let info = BootInfo::new(Protocol::Multiboot2);
        let text = std::format!("{info:?}");
        assert!(text.contains("regions: []"), "{text}");
        assert_eq!(
            std::format!("{}", Error::Malformed("why")),
            "malformed boot information: why"
        );
    }
}
