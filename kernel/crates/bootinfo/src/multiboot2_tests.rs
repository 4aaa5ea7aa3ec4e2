//! Host tests for the Multiboot2 parser, on hand-built information blocks.

extern crate std;

use std::vec;
use std::vec::Vec;

use crate::testutil::{le32, le64, Mb2Builder, MockMemory};
use crate::*;

const INFO: u64 = 0x9000;

fn parse(image: Vec<u8>) -> Result<BootInfo, Error> {
    let mem = MockMemory::new().with(INFO, image);
    parse_multiboot2(MULTIBOOT2_MAGIC, INFO, &mem)
}

fn rgb_framebuffer_payload(fb_type: u8) -> Vec<u8> {
    let mut p = Vec::new();
    p.extend_from_slice(&le64(0xfd00_0000)); // @8 addr
    p.extend_from_slice(&le32(4096)); // @16 pitch
    p.extend_from_slice(&le32(1024)); // @20 width
    p.extend_from_slice(&le32(768)); // @24 height
    p.extend_from_slice(&[32, fb_type, 0, 0]); // @28 bpp, @29 type, @30 reserved
    p.extend_from_slice(&[16, 8, 8, 8, 0, 8]); // @32 colour info
    p
}

#[test]
fn parses_a_full_information_block() {
    let image = Mb2Builder::new()
        .string(1, b"console=ttyS0 init=/bin/init")
        .string(2, b"GRUB 2.12")
        .module(0x20_0000, 0x28_0000, b"initramfs.cpio")
        .module(0x30_0000, 0x30_1000, b"")
        .default_memory_map()
        .tag(8, &rgb_framebuffer_payload(1))
        .tag(14, &[0xaa; 20])
        .tag(15, &[0xbb; 36])
        .finish();
    let info = parse(image.clone()).unwrap();

    assert_eq!(info.protocol, Protocol::Multiboot2);
    assert_eq!(info.cmdline(), "console=ttyS0 init=/bin/init");
    assert_eq!(info.bootloader(), "GRUB 2.12");

    assert_eq!(info.modules().len(), 2);
    assert_eq!(
        (info.modules()[0].start, info.modules()[0].end),
        (0x20_0000, 0x28_0000)
    );
    assert_eq!(info.modules()[0].cmdline(), "initramfs.cpio");
    assert_eq!(info.modules()[0].len(), 0x8_0000);
    assert_eq!(info.modules()[1].cmdline(), "");

    let regions = info.regions();
    assert_eq!(regions.len(), 5);
    assert_eq!(
        regions[0],
        MemRegion {
            start: 0,
            len: 0x9fc00,
            kind: RegionKind::Usable
        }
    );
    assert_eq!(regions[1].kind, RegionKind::Reserved);
    assert_eq!(regions[4].kind, RegionKind::AcpiReclaimable);
    assert_eq!(info.max_usable_addr(), 0x7fe_0000);

    assert_eq!(
        info.framebuffer,
        Some(Framebuffer {
            addr: 0xfd00_0000,
            pitch: 4096,
            width: 1024,
            height: 768,
            bpp: 32,
            red_pos: 16,
            red_size: 8,
            green_pos: 8,
            green_size: 8,
            blue_pos: 0,
            blue_size: 8,
        })
    );

    // The RSDP is the copy inside tag 15: find that tag's offset by hand.
    let new_tag = find_tag(&image, 15).unwrap();
    assert_eq!(info.rsdp, Some(INFO + new_tag as u64 + 8));
}

/// Offset of the first tag of `kind` in an image (test-side walker).
fn find_tag(image: &[u8], kind: u32) -> Option<usize> {
    let mut pos = 8;
    while pos + 8 <= image.len() {
        let ty = u32::from_le_bytes(image[pos..pos + 4].try_into().unwrap());
        let size = u32::from_le_bytes(image[pos + 4..pos + 8].try_into().unwrap()) as usize;
        if ty == kind {
            return Some(pos);
        }
        if ty == 0 {
            return None;
        }
        pos = (pos + size + 7) & !7;
    }
    None
}

#[test]
fn prefers_the_new_rsdp_whatever_the_order() {
    let image = Mb2Builder::new()
        .tag(15, &[0; 36])
        .tag(14, &[0; 20])
        .default_memory_map()
        .finish();
    let expected = INFO + find_tag(&image, 15).unwrap() as u64 + 8;
    assert_eq!(parse(image).unwrap().rsdp, Some(expected));

    let image = Mb2Builder::new()
        .default_memory_map()
        .tag(14, &[0; 20])
        .finish();
    let expected = INFO + find_tag(&image, 14).unwrap() as u64 + 8;
    assert_eq!(parse(image).unwrap().rsdp, Some(expected));

    let image = Mb2Builder::new().default_memory_map().finish();
    assert_eq!(parse(image).unwrap().rsdp, None);
}

#[test]
fn minimal_block_has_defaults() {
    let info = parse(Mb2Builder::new().default_memory_map().finish()).unwrap();
    assert_eq!(info.cmdline(), "");
    assert_eq!(info.bootloader(), "");
    assert!(info.modules().is_empty());
    assert_eq!(info.framebuffer, None);
}

#[test]
fn bad_magic() {
    let mem = MockMemory::new().with(INFO, Mb2Builder::new().default_memory_map().finish());
    assert_eq!(
        parse_multiboot2(0x2bad_b002, INFO, &mem).unwrap_err(),
        Error::BadMagic
    );
}

#[test]
fn total_size_limits() {
    let mut small = Mb2Builder::new().default_memory_map().finish();
    small[0..4].copy_from_slice(&le32(7));
    assert!(matches!(parse(small).unwrap_err(), Error::Malformed(_)));

    let mut huge = Mb2Builder::new().default_memory_map().finish();
    huge[0..4].copy_from_slice(&le32((1 << 20) + 1));
    assert!(matches!(parse(huge).unwrap_err(), Error::Malformed(_)));

    // Exactly 8: a header with no room for even the end tag.
    let mut empty = Mb2Builder::new().finish();
    empty[0..4].copy_from_slice(&le32(8));
    assert_eq!(parse(empty).unwrap_err(), Error::Truncated);
}

#[test]
fn tag_running_past_total_size_is_truncated() {
    let mut image = Mb2Builder::new()
        .default_memory_map()
        .string(1, b"hello")
        .finish();
    // Shrink total_size so that the cmdline tag sticks out of it.
    let cut = find_tag(&image, 1).unwrap() + 10;
    image[0..4].copy_from_slice(&le32(cut as u32));
    assert_eq!(parse(image).unwrap_err(), Error::Truncated);
}

#[test]
fn tag_size_below_eight_is_malformed() {
    let image = Mb2Builder::new()
        .default_memory_map()
        .tag_with_size(1, 4, &[0; 8])
        .finish();
    assert!(matches!(parse(image).unwrap_err(), Error::Malformed(_)));
}

#[test]
fn missing_end_tag_is_truncated() {
    let image = Mb2Builder::new().default_memory_map().finish_without_end();
    assert_eq!(parse(image).unwrap_err(), Error::Truncated);
}

#[test]
fn unreadable_memory() {
    let image = Mb2Builder::new().default_memory_map().finish();
    let mem = MockMemory::new().with(INFO, image.clone());
    assert_eq!(
        parse_multiboot2(MULTIBOOT2_MAGIC, 0x5000, &mem).unwrap_err(),
        Error::Unreadable(0x5000)
    );
    assert_eq!(
        parse_multiboot2(MULTIBOOT2_MAGIC, u64::MAX - 1, &mem).unwrap_err(),
        Error::Unreadable(u64::MAX - 1)
    );
    // total_size claims more than the loader actually left readable.
    let cut = image[..image.len() - 8].to_vec();
    assert!(matches!(parse(cut).unwrap_err(), Error::Unreadable(_)));
}

#[test]
fn no_memory_map_is_malformed() {
    let image = Mb2Builder::new().string(1, b"x").finish();
    assert_eq!(parse(image).unwrap_err(), Error::Malformed("no memory map"));
}

#[test]
fn unknown_tags_are_skipped() {
    let image = Mb2Builder::new()
        .tag(4, &[0; 8]) // basic meminfo
        .tag(21, &le32(0x10_0000)) // load base address
        .tag(0xdead, &[1, 2, 3]) // made up, odd size
        .default_memory_map()
        .string(1, b"after unknown tags")
        .finish();
    let info = parse(image).unwrap();
    assert_eq!(info.cmdline(), "after unknown tags");
    assert_eq!(info.regions().len(), 5);
}

#[test]
fn non_rgb_framebuffer_is_none_and_short_tags_are_malformed() {
    for fb_type in [0u8, 2] {
        let image = Mb2Builder::new()
            .default_memory_map()
            .tag(8, &rgb_framebuffer_payload(fb_type))
            .finish();
        assert_eq!(parse(image).unwrap().framebuffer, None);
    }
    // An EGA text framebuffer tag need not carry colour info.
    let image = Mb2Builder::new()
        .default_memory_map()
        .tag(8, &rgb_framebuffer_payload(2)[..24])
        .finish();
    assert_eq!(parse(image).unwrap().framebuffer, None);
    // An RGB one must.
    let image = Mb2Builder::new()
        .default_memory_map()
        .tag(8, &rgb_framebuffer_payload(1)[..27])
        .finish();
    assert!(matches!(parse(image).unwrap_err(), Error::Malformed(_)));
    let image = Mb2Builder::new()
        .default_memory_map()
        .tag(8, &rgb_framebuffer_payload(1)[..20])
        .finish();
    assert!(matches!(parse(image).unwrap_err(), Error::Malformed(_)));
    // Short ACPI tags and module tags are malformed too.
    let image = Mb2Builder::new()
        .default_memory_map()
        .tag(15, &[0; 20])
        .finish();
    assert!(matches!(parse(image).unwrap_err(), Error::Malformed(_)));
    let image = Mb2Builder::new()
        .default_memory_map()
        .tag(14, &[0; 8])
        .finish();
    assert!(matches!(parse(image).unwrap_err(), Error::Malformed(_)));
    let image = Mb2Builder::new()
        .default_memory_map()
        .tag(3, &[0; 4])
        .finish();
    assert!(matches!(parse(image).unwrap_err(), Error::Malformed(_)));
}

#[test]
fn memory_map_entry_sizes() {
    // Larger entries (a future entry version) are stepped over correctly.
    let entries = [
        (0x1000, 0x1000, 1),
        (0x10_0000, 0x10_0000, 1),
        (0x20_0000, 0x1000, 4),
    ];
    let info = parse(Mb2Builder::new().memory_map_sized(40, &entries).finish()).unwrap();
    assert_eq!(info.regions().len(), 3);
    assert_eq!(info.regions()[2].kind, RegionKind::AcpiNvs);
    assert_eq!(info.max_usable_addr(), 0x20_0000);
    // Too small an entry size is malformed.
    let image = Mb2Builder::new().memory_map_sized(16, &[]).finish();
    assert!(matches!(parse(image).unwrap_err(), Error::Malformed(_)));
    let image = Mb2Builder::new().tag(6, &le32(24)).finish();
    assert!(matches!(parse(image).unwrap_err(), Error::Malformed(_)));
    // Zero entries: an empty map, not an error.
    let info = parse(Mb2Builder::new().memory_map(&[]).finish()).unwrap();
    assert!(info.regions().is_empty());
    assert_eq!(info.max_usable_addr(), 0);
}

#[test]
fn all_region_types() {
    let entries = [
        (0x1000, 1, 1),
        (0x2000, 1, 2),
        (0x3000, 1, 3),
        (0x4000, 1, 4),
        (0x5000, 1, 5),
        (0x6000, 1, 99),
    ];
    let info = parse(Mb2Builder::new().memory_map(&entries).finish()).unwrap();
    let kinds: Vec<RegionKind> = info.regions().iter().map(|r| r.kind).collect();
    use RegionKind::*;
    assert_eq!(
        kinds,
        [Usable, Reserved, AcpiReclaimable, AcpiNvs, Bad, Reserved]
    );
}

#[test]
fn excess_regions_and_modules_are_ignored() {
    let entries: Vec<(u64, u64, u32)> = (0..100u64).map(|i| (i << 20, 1 << 20, 1)).collect();
    let mut b = Mb2Builder::new().memory_map(&entries);
    for i in 0..12u32 {
        b = b.module(
            i << 16,
            (i << 16) + 0x100,
            std::format!("mod{i}").as_bytes(),
        );
    }
    let info = parse(b.finish()).unwrap();
    assert_eq!(info.regions().len(), MAX_REGIONS);
    assert_eq!(info.regions()[63].start, 63 << 20);
    assert_eq!(info.modules().len(), MAX_MODULES);
    assert_eq!(info.modules()[7].cmdline(), "mod7");
}

#[test]
fn empty_regions_are_dropped() {
    let info = parse(
        Mb2Builder::new()
            .memory_map(&[(0, 0, 1), (0x1000, 0x1000, 1)])
            .finish(),
    )
    .unwrap();
    assert_eq!(
        info.regions(),
        &[MemRegion {
            start: 0x1000,
            len: 0x1000,
            kind: RegionKind::Usable
        }]
    );
}

#[test]
fn last_memory_map_wins() {
    let image = Mb2Builder::new()
        .memory_map(&[(0, 0x1000, 1), (0x1000, 0x1000, 1)])
        .memory_map(&[(0x10_0000, 0x1000, 1)])
        .finish();
    let info = parse(image).unwrap();
    assert_eq!(info.regions().len(), 1);
    assert_eq!(info.regions()[0].start, 0x10_0000);
}

#[test]
fn module_end_before_start_is_malformed() {
    let image = Mb2Builder::new()
        .default_memory_map()
        .module(0x2000, 0x1000, b"backwards")
        .finish();
    assert_eq!(
        parse(image).unwrap_err(),
        Error::Malformed("module ends before it starts")
    );
}

#[test]
fn strings_are_truncated_and_sanitised() {
    let long = [b'a'; 400];
    let image = Mb2Builder::new()
        .default_memory_map()
        .string(1, &long)
        .string(2, b"loader \xff\xfe name")
        .module(0, 0x1000, &[b'm'; 100])
        .finish();
    let info = parse(image).unwrap();
    assert_eq!(info.cmdline().len(), 256);
    assert_eq!(info.bootloader(), "loader ?? name");
    assert_eq!(info.modules()[0].cmdline().len(), 64);

    // A string tag with no NUL takes the whole payload.
    let image = Mb2Builder::new()
        .default_memory_map()
        .tag(1, b"no-nul")
        .finish();
    assert_eq!(parse(image).unwrap().cmdline(), "no-nul");
    // An empty string tag (header only).
    let image = Mb2Builder::new().default_memory_map().tag(1, b"").finish();
    assert_eq!(parse(image).unwrap().cmdline(), "");
}

#[test]
fn every_prefix_and_byte_flip_is_handled() {
    let image = Mb2Builder::new()
        .string(1, b"console=ttyS0")
        .string(2, b"GRUB")
        .module(0x20_0000, 0x28_0000, b"initramfs")
        .default_memory_map()
        .tag(8, &rgb_framebuffer_payload(1))
        .tag(14, &[0; 20])
        .tag(15, &[0; 36])
        .finish();
    // Prefixes: the readable memory stops short of what total_size claims,
    // and total_size itself shrinks to match.
    for len in 0..image.len() {
        let _ = parse(image[..len].to_vec());
        let mut shrunk = image.clone();
        shrunk[0..4].copy_from_slice(&le32(len as u32));
        let _ = parse(shrunk);
    }
    for pos in 0..image.len() {
        for value in [0u8, 1, 7, 8, 0x80, 0xff, image[pos] ^ 0x10] {
            let mut bad = image.clone();
            bad[pos] = value;
            let _ = parse(bad);
        }
    }
    // Random multi-byte damage.
    let mut x = 0xcafe_f00d_1234_5678u64;
    let mut rand = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for _ in 0..3000 {
        let mut bad = image.clone();
        for _ in 0..(rand() % 6 + 1) {
            let pos = (rand() as usize) % bad.len();
            bad[pos] = rand() as u8;
        }
        let _ = parse(bad);
    }
    // And the image itself still parses.
    assert!(parse(image).is_ok());
}

#[test]
fn huge_counts_do_not_loop_forever() {
    // A memory map tag as large as total_size allows, full of zero entries.
    let payload = vec![0u8; (1 << 20) - 64];
    let mut p = Vec::new();
    p.extend_from_slice(&le32(24));
    p.extend_from_slice(&le32(0));
    p.extend_from_slice(&payload);
    let info = parse(Mb2Builder::new().tag(6, &p).finish()).unwrap();
    assert!(info.regions().is_empty());
}
