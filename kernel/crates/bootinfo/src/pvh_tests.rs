//! Host tests for the PVH parser, on hand-built `hvm_start_info` images.

extern crate std;

use std::vec;
use std::vec::Vec;

use crate::testutil::{le32, le64, MockMemory};
use crate::*;

const START: u64 = 0x7000;
const MEMMAP: u64 = 0x8000;
const MODLIST: u64 = 0x9000;
const STRINGS: u64 = 0xa000;

/// Describes an image; `build` lays it out in mock memory.
struct Pvh {
    version: u32,
    memmap: Vec<(u64, u64, u32)>,
    /// (paddr, size, cmdline)
    modules: Vec<(u64, u64, Option<Vec<u8>>)>,
    cmdline: Option<Vec<u8>>,
    rsdp: u64,
}

impl Default for Pvh {
    fn default() -> Self {
        Pvh {
            version: 1,
            memmap: vec![
                (0, 0x9fc00, 1),
                (0x9fc00, 0x400, 2),
                (0x10_0000, 0x3ff0_0000, 1),
                (0xfeff_c000, 0x4000, 2),
            ],
            modules: vec![],
            cmdline: None,
            rsdp: 0,
        }
    }
}

impl Pvh {
    fn build(&self) -> MockMemory {
        let mut strings = Vec::new();
        let mut place = |s: &Option<Vec<u8>>| -> u64 {
            match s {
                None => 0,
                Some(text) => {
                    let at = STRINGS + strings.len() as u64;
                    strings.extend_from_slice(text);
                    strings.push(0);
                    at
                }
            }
        };
        let cmdline_paddr = place(&self.cmdline);

        let mut modlist = Vec::new();
        for (paddr, size, name) in &self.modules {
            modlist.extend_from_slice(&le64(*paddr));
            modlist.extend_from_slice(&le64(*size));
            modlist.extend_from_slice(&le64(place(name)));
            modlist.extend_from_slice(&le64(0));
        }

        let mut memmap = Vec::new();
        for &(addr, size, ty) in &self.memmap {
            memmap.extend_from_slice(&le64(addr));
            memmap.extend_from_slice(&le64(size));
            memmap.extend_from_slice(&le32(ty));
            memmap.extend_from_slice(&le32(0));
        }

        let mut start = Vec::new();
        start.extend_from_slice(&le32(PVH_MAGIC));
        start.extend_from_slice(&le32(self.version));
        start.extend_from_slice(&le32(0)); // flags
        start.extend_from_slice(&le32(self.modules.len() as u32));
        start.extend_from_slice(&le64(if self.modules.is_empty() { 0 } else { MODLIST }));
        start.extend_from_slice(&le64(cmdline_paddr));
        start.extend_from_slice(&le64(self.rsdp));
        if self.version >= 1 {
            start.extend_from_slice(&le64(if self.memmap.is_empty() { 0 } else { MEMMAP }));
            start.extend_from_slice(&le32(self.memmap.len() as u32));
            start.extend_from_slice(&le32(0));
        }

        let mut mem = MockMemory::new().with(START, start);
        if !memmap.is_empty() {
            mem = mem.with(MEMMAP, memmap);
        }
        if !modlist.is_empty() {
            mem = mem.with(MODLIST, modlist);
        }
        if !strings.is_empty() {
            mem = mem.with(STRINGS, strings);
        }
        mem
    }

    fn parse(&self) -> Result<BootInfo, Error> {
        parse_pvh(START, &self.build())
    }
}

#[test]
fn parses_a_full_start_info() {
    let pvh = Pvh {
        modules: vec![
            (0x200_0000, 0x8_0000, Some(b"initramfs".to_vec())),
            (0x300_0000, 0x1000, None),
        ],
        cmdline: Some(b"console=ttyS0 quiet".to_vec()),
        rsdp: 0xf_5a40,
        ..Pvh::default()
    };
    let info = pvh.parse().unwrap();
    assert_eq!(info.protocol, Protocol::Pvh);
    assert_eq!(info.cmdline(), "console=ttyS0 quiet");
    assert_eq!(info.bootloader(), "");
    assert_eq!(info.rsdp, Some(0xf_5a40));
    assert_eq!(info.framebuffer, None);

    assert_eq!(info.regions().len(), 4);
    assert_eq!(
        info.regions()[2],
        MemRegion {
            start: 0x10_0000,
            len: 0x3ff0_0000,
            kind: RegionKind::Usable
        }
    );
    assert_eq!(info.regions()[3].kind, RegionKind::Reserved);
    assert_eq!(info.max_usable_addr(), 0x4000_0000);

    let m = info.modules();
    assert_eq!(m.len(), 2);
    assert_eq!((m[0].start, m[0].end), (0x200_0000, 0x208_0000));
    assert_eq!(m[0].cmdline(), "initramfs");
    assert_eq!(m[1].cmdline(), "");
}

#[test]
fn e820_types() {
    let pvh = Pvh {
        memmap: vec![
            (0x1000, 1, 1),
            (0x2000, 1, 2),
            (0x3000, 1, 3),
            (0x4000, 1, 4),
            (0x5000, 1, 5),
            (0x6000, 1, 7),
        ],
        ..Pvh::default()
    };
    let kinds: Vec<RegionKind> = pvh
        .parse()
        .unwrap()
        .regions()
        .iter()
        .map(|r| r.kind)
        .collect();
    use RegionKind::*;
    assert_eq!(
        kinds,
        [Usable, Reserved, AcpiReclaimable, AcpiNvs, Bad, Reserved]
    );
}

#[test]
fn bad_magic_and_unreadable() {
    let mem = Pvh::default().build();
    assert_eq!(
        parse_pvh(0x1234_0000, &mem).unwrap_err(),
        Error::Unreadable(0x1234_0000)
    );
    let mut mem = Pvh::default().build();
    mem.bytes_at(START)[0] ^= 1;
    assert_eq!(parse_pvh(START, &mem).unwrap_err(), Error::BadMagic);
    // A Multiboot2 magic is not a PVH magic.
    mem.bytes_at(START)[..4].copy_from_slice(&le32(MULTIBOOT2_MAGIC));
    assert_eq!(parse_pvh(START, &mem).unwrap_err(), Error::BadMagic);
}

#[test]
fn version_zero_has_no_memory_map() {
    let pvh = Pvh {
        version: 0,
        ..Pvh::default()
    };
    assert_eq!(pvh.parse().unwrap_err(), Error::Malformed("no memory map"));
}

#[test]
fn empty_memory_map_is_malformed() {
    let pvh = Pvh {
        memmap: vec![],
        ..Pvh::default()
    };
    assert_eq!(pvh.parse().unwrap_err(), Error::Malformed("no memory map"));
    // A pointer but no entries.
    let mut mem = Pvh::default().build();
    mem.bytes_at(START + 48)[..4].copy_from_slice(&le32(0));
    assert_eq!(
        parse_pvh(START, &mem).unwrap_err(),
        Error::Malformed("no memory map")
    );
}

#[test]
fn later_versions_are_read_as_version_one() {
    let pvh = Pvh {
        version: 2,
        ..Pvh::default()
    };
    assert_eq!(pvh.parse().unwrap().regions().len(), 4);
}

#[test]
fn version_one_structure_cut_short_is_unreadable() {
    let mut mem = Pvh::default().build();
    mem.segments[0].1.truncate(48);
    assert_eq!(
        parse_pvh(START, &mem).unwrap_err(),
        Error::Unreadable(START)
    );
}

#[test]
fn memmap_count_larger_than_memory_is_unreadable() {
    let mut mem = Pvh::default().build();
    mem.bytes_at(START + 48)[..4].copy_from_slice(&le32(5));
    assert_eq!(
        parse_pvh(START, &mem).unwrap_err(),
        Error::Unreadable(MEMMAP + 4 * 24)
    );
}

#[test]
fn excess_entries_are_ignored() {
    let pvh = Pvh {
        memmap: (0..70u64).map(|i| (i << 20, 1 << 20, 1)).collect(),
        modules: (0..10u64)
            .map(|i| (i << 24, 0x1000, Some(std::format!("m{i}").into_bytes())))
            .collect(),
        ..Pvh::default()
    };
    let info = pvh.parse().unwrap();
    assert_eq!(info.regions().len(), MAX_REGIONS);
    assert_eq!(info.regions()[MAX_REGIONS - 1].start, 63 << 20);
    assert_eq!(info.modules().len(), MAX_MODULES);
    assert_eq!(info.modules()[7].cmdline(), "m7");

    // A hostile entry count reads no more than MAX_REGIONS entries.
    let mut mem = pvh.build();
    mem.bytes_at(START + 48)[..4].copy_from_slice(&le32(u32::MAX));
    assert_eq!(parse_pvh(START, &mem).unwrap().regions().len(), MAX_REGIONS);
}

#[test]
fn modules_need_a_list_and_must_fit_the_address_space() {
    let mut mem = Pvh {
        modules: vec![(0x1000, 0x1000, None)],
        ..Pvh::default()
    }
    .build();
    mem.bytes_at(START + 16)[..8].copy_from_slice(&le64(0));
    assert!(matches!(
        parse_pvh(START, &mem).unwrap_err(),
        Error::Malformed(_)
    ));

    let pvh = Pvh {
        modules: vec![(u64::MAX - 10, 0x1000, None)],
        ..Pvh::default()
    };
    assert!(matches!(pvh.parse().unwrap_err(), Error::Malformed(_)));

    let mut mem = Pvh {
        modules: vec![(0x1000, 0x1000, None)],
        ..Pvh::default()
    }
    .build();
    mem.bytes_at(START + 12)[..4].copy_from_slice(&le32(2)); // claims two, holds one
    assert_eq!(
        parse_pvh(START, &mem).unwrap_err(),
        Error::Unreadable(MODLIST + 32)
    );
}

#[test]
fn cmdline_is_limited_to_255_bytes() {
    let pvh = Pvh {
        cmdline: Some(vec![b'x'; 1000]),
        ..Pvh::default()
    };
    assert_eq!(pvh.parse().unwrap().cmdline().len(), 255);
    let pvh = Pvh {
        cmdline: Some(vec![b'y'; 255]),
        ..Pvh::default()
    };
    assert_eq!(pvh.parse().unwrap().cmdline().len(), 255);
    let pvh = Pvh {
        cmdline: Some(b"bad \xc3\x28 utf8".to_vec()),
        ..Pvh::default()
    };
    assert_eq!(pvh.parse().unwrap().cmdline(), "bad ?( utf8");
}

#[test]
fn strings_at_the_end_of_readable_memory() {
    // The command line sits in the last bytes of a segment: the 255-byte
    // read fails, the byte-by-byte fallback finds the NUL.
    let pvh = Pvh {
        cmdline: Some(b"short".to_vec()),
        ..Pvh::default()
    };
    let info = pvh.parse().unwrap();
    assert_eq!(info.cmdline(), "short");

    // Without a NUL before the end of memory, the string is unreadable.
    let mut mem = pvh.build();
    let strings = mem.segments.iter_mut().find(|s| s.0 == STRINGS).unwrap();
    strings.1.pop();
    assert_eq!(
        parse_pvh(START, &mem).unwrap_err(),
        Error::Unreadable(STRINGS + 5)
    );

    // A command line pointer to nowhere.
    let mut mem = Pvh::default().build();
    mem.bytes_at(START + 24)[..8].copy_from_slice(&le64(0xdead_0000));
    assert_eq!(
        parse_pvh(START, &mem).unwrap_err(),
        Error::Unreadable(0xdead_0000)
    );
}

#[test]
fn module_cmdline_truncated_to_64() {
    let pvh = Pvh {
        modules: vec![(0x1000, 0x1000, Some(vec![b'n'; 100]))],
        ..Pvh::default()
    };
    assert_eq!(pvh.parse().unwrap().modules()[0].cmdline().len(), 64);
}

#[test]
fn every_byte_flip_is_handled() {
    let pvh = Pvh {
        modules: vec![(0x200_0000, 0x8_0000, Some(b"initramfs".to_vec()))],
        cmdline: Some(b"console=ttyS0".to_vec()),
        rsdp: 0xf_5a40,
        ..Pvh::default()
    };
    let base = pvh.build();
    for seg in 0..base.segments.len() {
        for pos in 0..base.segments[seg].1.len() {
            for value in [0u8, 1, 0x80, 0xff] {
                let mut mem = pvh.build();
                mem.segments[seg].1[pos] = value;
                let _ = parse_pvh(START, &mem);
            }
        }
        for len in 0..base.segments[seg].1.len() {
            let mut mem = pvh.build();
            mem.segments[seg].1.truncate(len);
            let _ = parse_pvh(START, &mem);
        }
    }
    assert!(parse_pvh(START, &base).is_ok());
}
