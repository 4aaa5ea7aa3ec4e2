//! Multiboot2 boot information.
//!
//! The loader leaves `u32 total_size, u32 reserved` followed by tags, each
//! `u32 type, u32 size, payload`, starting 8-byte aligned, ending with a tag
//! of type 0. Tags we do not know are skipped by their size.

use crate::phys::{offset, u32_at, u64_at, Phys};
use crate::{BootInfo, Error, FixedStr, Framebuffer, MemRegion, PhysMemory, Protocol, RegionKind};

/// The value in EAX when a Multiboot2 loader enters the kernel.
pub const MULTIBOOT2_MAGIC: u32 = 0x36d7_6289;

/// Larger than any real information block; a bigger `total_size` is garbage.
const MAX_TOTAL_SIZE: u64 = 1 << 20;

const TAG_END: u32 = 0;
const TAG_CMDLINE: u32 = 1;
const TAG_BOOTLOADER: u32 = 2;
const TAG_MODULE: u32 = 3;
const TAG_MEMORY_MAP: u32 = 6;
const TAG_FRAMEBUFFER: u32 = 8;
const TAG_ACPI_OLD: u32 = 14;
const TAG_ACPI_NEW: u32 = 15;

/// Size of a memory map entry as this parser reads it:
/// `u64 base, u64 length, u32 type, u32 reserved`.
const MMAP_ENTRY_LEN: u64 = 24;
/// Framebuffer type with direct RGB colour.
const FB_TYPE_RGB: u8 = 1;
/// Size of an ACPI 1.0 RSDP, the least an ACPI tag can hold.
const RSDP_V1_LEN: u64 = 20;
/// Size of an ACPI 2.0+ XSDP.
const RSDP_V2_LEN: u64 = 36;

/// One tag: where it is and how big it says it is (header included).
#[derive(Clone, Copy)]
struct Tag {
    addr: u64,
    size: u64,
}

impl Tag {
    /// Physical address of the byte at `off` from the tag start.
    fn at(&self, off: u64) -> Result<u64, Error> {
        offset(self.addr, off)
    }

    fn require(&self, min_size: u64, what: &'static str) -> Result<(), Error> {
        if self.size < min_size {
            return Err(Error::Malformed(what));
        }
        Ok(())
    }
}

/// Parse the Multiboot2 information block at `info_phys`.
///
/// `magic` is the value the loader passed in EAX; anything but
/// [`MULTIBOOT2_MAGIC`] gives [`Error::BadMagic`]. Besides the structural
/// checks (`total_size` within 8..=1 MiB, tags of at least 8 bytes that stay
/// inside `total_size`, an end tag), a tag too short for its fixed fields is
/// [`Error::Malformed`], and so is an information block without a memory map:
/// the kernel cannot run without one.
///
/// Only the first [`MAX_REGIONS`](crate::MAX_REGIONS) memory map entries and
/// [`MAX_MODULES`](crate::MAX_MODULES) modules are kept; entries of length 0
/// are dropped. If several memory map tags appear, the last one wins; if several
/// framebuffer tags, likewise. The RSDP is the address of the copy inside
/// the information block, preferring the ACPI 2.0 copy (tag 15) over the
/// 1.0 one (tag 14).
pub fn parse_multiboot2(
    magic: u32,
    info_phys: u64,
    mem: &dyn PhysMemory,
) -> Result<BootInfo, Error> {
    if magic != MULTIBOOT2_MAGIC {
        return Err(Error::BadMagic);
    }
    let phys = Phys::new(mem);
    let total_size = u64::from(phys.u32(info_phys)?);
    if !(8..=MAX_TOTAL_SIZE).contains(&total_size) {
        return Err(Error::Malformed("total_size out of range"));
    }

    let mut info = BootInfo::new(Protocol::Multiboot2);
    let mut rsdp_old = None;
    let mut rsdp_new = None;
    let mut have_memory_map = false;
    let mut pos = 8u64;
    loop {
        if pos.saturating_add(8) > total_size {
            return Err(Error::Truncated); // no room left for the end tag
        }
        let addr = offset(info_phys, pos)?;
        let header: [u8; 8] = phys.bytes(addr)?;
        let (kind, size) = (u32_at(&header, 0), u64::from(u32_at(&header, 4)));
        if size < 8 {
            return Err(Error::Malformed("tag size below 8"));
        }
        if pos + size > total_size {
            return Err(Error::Truncated);
        }
        let tag = Tag { addr, size };
        match kind {
            TAG_END => break,
            TAG_CMDLINE => info.cmdline = tag_string(&phys, tag)?,
            TAG_BOOTLOADER => info.bootloader = tag_string(&phys, tag)?,
            TAG_MODULE => parse_module(&phys, tag, &mut info)?,
            TAG_MEMORY_MAP => {
                parse_memory_map(&phys, tag, &mut info)?;
                have_memory_map = true;
            }
            TAG_FRAMEBUFFER => info.framebuffer = parse_framebuffer(&phys, tag)?,
            TAG_ACPI_OLD => {
                tag.require(8 + RSDP_V1_LEN, "ACPI old RSDP tag too short")?;
                rsdp_old = Some(tag.at(8)?);
            }
            TAG_ACPI_NEW => {
                tag.require(8 + RSDP_V2_LEN, "ACPI new RSDP tag too short")?;
                rsdp_new = Some(tag.at(8)?);
            }
            _ => {}
        }
        // The next tag starts at the next multiple of 8 (pos + size <= 1 MiB).
        pos = (pos + size + 7) & !7;
    }

    if !have_memory_map {
        return Err(Error::Malformed("no memory map"));
    }
    info.rsdp = rsdp_new.or(rsdp_old);
    Ok(info)
}

/// A tag whose payload is a NUL-terminated string (command line, loader name).
fn tag_string<const N: usize>(phys: &Phys<'_>, tag: Tag) -> Result<FixedStr<N>, Error> {
    let mut buf = [0u8; N];
    let len = (tag.size - 8).min(N as u64) as usize;
    phys.fill(tag.at(8)?, &mut buf[..len])?;
    Ok(FixedStr::from_c_bytes(&buf[..len]))
}

/// Tag 3: `u32 mod_start, u32 mod_end, string`.
fn parse_module(phys: &Phys<'_>, tag: Tag, info: &mut BootInfo) -> Result<(), Error> {
    tag.require(16, "module tag too short")?;
    let fields: [u8; 8] = phys.bytes(tag.at(8)?)?;
    let (start, end) = (u64::from(u32_at(&fields, 0)), u64::from(u32_at(&fields, 4)));
    if end < start {
        return Err(Error::Malformed("module ends before it starts"));
    }
    let mut name = [0u8; crate::MODULE_CMDLINE_CAP];
    let len = (tag.size - 16).min(name.len() as u64) as usize;
    phys.fill(tag.at(16)?, &mut name[..len])?;
    info.push_module(start, end, &name[..len]); // ignored beyond MAX_MODULES
    Ok(())
}

/// Tag 6: `u32 entry_size, u32 entry_version`, then entries of `entry_size`
/// bytes, each starting `u64 base, u64 length, u32 type`.
fn parse_memory_map(phys: &Phys<'_>, tag: Tag, info: &mut BootInfo) -> Result<(), Error> {
    tag.require(16, "memory map tag too short")?;
    let entry_size = u64::from(phys.u32(tag.at(8)?)?);
    if entry_size < MMAP_ENTRY_LEN {
        return Err(Error::Malformed("memory map entry size below 24"));
    }
    info.clear_regions();
    // Only the first MAX_REGIONS entries are read; the rest are ignored.
    let count = ((tag.size - 16) / entry_size).min(crate::MAX_REGIONS as u64);
    for i in 0..count {
        let entry: [u8; MMAP_ENTRY_LEN as usize] = phys.bytes(tag.at(16 + i * entry_size)?)?;
        let region = MemRegion {
            start: u64_at(&entry, 0),
            len: u64_at(&entry, 8),
            kind: RegionKind::from_e820(u32_at(&entry, 16)),
        };
        info.push_region(region);
    }
    Ok(())
}

/// Tag 8: framebuffer; only the RGB type is reported.
fn parse_framebuffer(phys: &Phys<'_>, tag: Tag) -> Result<Option<Framebuffer>, Error> {
    tag.require(32, "framebuffer tag too short")?;
    let common: [u8; 24] = phys.bytes(tag.at(8)?)?;
    let fb_type = common[21];
    if fb_type != FB_TYPE_RGB {
        return Ok(None);
    }
    tag.require(38, "RGB framebuffer tag too short")?;
    let colour: [u8; 6] = phys.bytes(tag.at(32)?)?;
    Ok(Some(Framebuffer {
        addr: u64_at(&common, 0),
        pitch: u32_at(&common, 8),
        width: u32_at(&common, 12),
        height: u32_at(&common, 16),
        bpp: common[20],
        red_pos: colour[0],
        red_size: colour[1],
        green_pos: colour[2],
        green_size: colour[3],
        blue_pos: colour[4],
        blue_size: colour[5],
    }))
}
