//! PVH boot: the Xen `hvm_start_info` structure, which QEMU (`-kernel` with a
//! PVH ELF note), Firecracker and Xen pass in EBX.
//!
//! ```text
//!  0 u32 magic            16 u64 modlist_paddr     40 u64 memmap_paddr   (version >= 1)
//!  4 u32 version          24 u64 cmdline_paddr     48 u32 memmap_entries (version >= 1)
//!  8 u32 flags            32 u64 rsdp_paddr        52 u32 reserved       (version >= 1)
//! 12 u32 nr_modules
//! ```
//!
//! Module entries are `u64 paddr, u64 size, u64 cmdline_paddr, u64 reserved`;
//! memory map entries are E820 style, `u64 addr, u64 size, u32 type, u32
//! reserved`. Every pointer is physical; 0 means "absent".

use crate::phys::{offset, u32_at, u64_at, Phys};
use crate::{BootInfo, Error, FixedStr, MemRegion, PhysMemory, Protocol, RegionKind};

/// `hvm_start_info.magic`: "xEn3" with the top bit of the `x` set.
pub const PVH_MAGIC: u32 = 0x336e_c578;

const START_INFO_V0_LEN: usize = 40;
const START_INFO_V1_LEN: usize = 56;
const MODULE_ENTRY_LEN: u64 = 32;
const MEMMAP_ENTRY_LEN: u64 = 24;
/// The command line is read up to this many bytes (before its NUL).
const CMDLINE_MAX: usize = 255;

/// Parse the `hvm_start_info` at `start_info_phys`.
///
/// Version 0 has no memory map, and neither does a version-1 structure
/// whose `memmap_paddr` or `memmap_entries` is 0: both give
/// `Error::Malformed("no memory map")`. Only the first [`MAX_REGIONS`]
/// memory map entries and [`MAX_MODULES`] modules are read; the rest are
/// ignored. Entries of length 0 are dropped. The boot loader
/// name is left empty: PVH does not carry one.
///
/// [`MAX_REGIONS`]: crate::MAX_REGIONS
/// [`MAX_MODULES`]: crate::MAX_MODULES
pub fn parse_pvh(start_info_phys: u64, mem: &dyn PhysMemory) -> Result<BootInfo, Error> {
    let phys = Phys::new(mem);
    let v0: [u8; START_INFO_V0_LEN] = phys.bytes(start_info_phys)?;
    if u32_at(&v0, 0) != PVH_MAGIC {
        return Err(Error::BadMagic);
    }
    let version = u32_at(&v0, 4);
    if version == 0 {
        return Err(Error::Malformed("no memory map"));
    }
    let v1: [u8; START_INFO_V1_LEN] = phys.bytes(start_info_phys)?;
    let nr_modules = u32_at(&v1, 12);
    let modlist_paddr = u64_at(&v1, 16);
    let cmdline_paddr = u64_at(&v1, 24);
    let rsdp_paddr = u64_at(&v1, 32);
    let memmap_paddr = u64_at(&v1, 40);
    let memmap_entries = u32_at(&v1, 48);

    let mut info = BootInfo::new(Protocol::Pvh);
    if memmap_paddr == 0 || memmap_entries == 0 {
        return Err(Error::Malformed("no memory map"));
    }
    // Only the first MAX_REGIONS entries are looked at, which also bounds
    // the work a hostile entry count can cause.
    for i in 0..u64::from(memmap_entries).min(crate::MAX_REGIONS as u64) {
        let entry: [u8; MEMMAP_ENTRY_LEN as usize] =
            phys.bytes(offset(memmap_paddr, i * MEMMAP_ENTRY_LEN)?)?;
        let region = MemRegion {
            start: u64_at(&entry, 0),
            len: u64_at(&entry, 8),
            kind: RegionKind::from_e820(u32_at(&entry, 16)),
        };
        info.push_region(region);
    }

    if nr_modules != 0 && modlist_paddr == 0 {
        return Err(Error::Malformed("modules without a module list"));
    }
    for i in 0..u64::from(nr_modules).min(crate::MAX_MODULES as u64) {
        let entry: [u8; MODULE_ENTRY_LEN as usize] =
            phys.bytes(offset(modlist_paddr, i * MODULE_ENTRY_LEN)?)?;
        let start = u64_at(&entry, 0);
        let end = start
            .checked_add(u64_at(&entry, 8))
            .ok_or(Error::Malformed("module runs past the address space"))?;
        let mut name = [0u8; crate::MODULE_CMDLINE_CAP];
        let name = optional_c_string(&phys, u64_at(&entry, 16), &mut name)?;
        info.push_module(start, end, name);
    }

    let mut cmdline = [0u8; CMDLINE_MAX];
    info.cmdline = FixedStr::from_c_bytes(optional_c_string(&phys, cmdline_paddr, &mut cmdline)?);
    info.rsdp = (rsdp_paddr != 0).then_some(rsdp_paddr);
    Ok(info)
}

/// The string at `paddr`, up to `buf.len()` bytes; empty if `paddr` is 0.
fn optional_c_string<'b>(
    phys: &Phys<'_>,
    paddr: u64,
    buf: &'b mut [u8],
) -> Result<&'b [u8], Error> {
    if paddr == 0 {
        return Ok(&[]);
    }
    let max = buf.len();
    phys.c_string(paddr, max, buf)
}
