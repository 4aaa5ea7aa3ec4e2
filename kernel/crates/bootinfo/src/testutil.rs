//! Test helpers: a Vec-backed physical memory and image builders.

extern crate std;

use std::vec::Vec;

use crate::PhysMemory;

/// Physical memory made of separate readable segments; everything else is
/// unreadable. A read must fall entirely inside one segment.
#[derive(Default)]
pub struct MockMemory {
    pub segments: Vec<(u64, Vec<u8>)>,
}

impl MockMemory {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with(mut self, base: u64, bytes: Vec<u8>) -> Self {
        self.segments.push((base, bytes));
        self
    }

    /// Mutable access to the bytes at `phys`, for corrupting an image.
    pub fn bytes_at(&mut self, phys: u64) -> &mut [u8] {
        let (base, bytes) = self
            .segments
            .iter_mut()
            .find(|(base, bytes)| phys >= *base && phys - *base < bytes.len() as u64)
            .expect("address not in any segment");
        &mut bytes[(phys - *base) as usize..]
    }
}

impl PhysMemory for MockMemory {
    fn read(&self, phys: u64, buf: &mut [u8]) -> bool {
        for (base, bytes) in &self.segments {
            let Some(off) = phys.checked_sub(*base) else {
                continue;
            };
            let Ok(off) = usize::try_from(off) else {
                continue;
            };
            if let Some(src) = off
                .checked_add(buf.len())
                .and_then(|end| bytes.get(off..end))
            {
                buf.copy_from_slice(src);
                return true;
            }
        }
        false
    }
}

pub fn le32(v: u32) -> [u8; 4] {
    v.to_le_bytes()
}

pub fn le64(v: u64) -> [u8; 8] {
    v.to_le_bytes()
}

/// Builds a Multiboot2 information block tag by tag.
#[derive(Default)]
pub struct Mb2Builder {
    tags: Vec<u8>,
}

impl Mb2Builder {
    pub fn new() -> Self {
        Self::default()
    }

    /// A tag with `size = 8 + payload.len()`, padded to 8 bytes.
    pub fn tag(self, kind: u32, payload: &[u8]) -> Self {
        self.tag_with_size(kind, 8 + payload.len() as u32, payload)
    }

    /// A tag whose size field says `size`, whatever the payload.
    pub fn tag_with_size(mut self, kind: u32, size: u32, payload: &[u8]) -> Self {
        self.tags.extend_from_slice(&le32(kind));
        self.tags.extend_from_slice(&le32(size));
        self.tags.extend_from_slice(payload);
        while !self.tags.len().is_multiple_of(8) {
            self.tags.push(0);
        }
        self
    }

    pub fn string(self, kind: u32, text: &[u8]) -> Self {
        let mut payload = text.to_vec();
        payload.push(0);
        self.tag(kind, &payload)
    }

    pub fn module(self, start: u32, end: u32, name: &[u8]) -> Self {
        let mut payload = Vec::new();
        payload.extend_from_slice(&le32(start));
        payload.extend_from_slice(&le32(end));
        payload.extend_from_slice(name);
        payload.push(0);
        self.tag(3, &payload)
    }

    /// A memory map tag of `(base, length, type)` entries of `entry_size` bytes.
    pub fn memory_map_sized(self, entry_size: u32, entries: &[(u64, u64, u32)]) -> Self {
        let mut payload = Vec::new();
        payload.extend_from_slice(&le32(entry_size));
        payload.extend_from_slice(&le32(0));
        for &(base, len, ty) in entries {
            let start = payload.len();
            payload.extend_from_slice(&le64(base));
            payload.extend_from_slice(&le64(len));
            payload.extend_from_slice(&le32(ty));
            payload.resize(start + entry_size as usize, 0);
        }
        self.tag(6, &payload)
    }

    pub fn memory_map(self, entries: &[(u64, u64, u32)]) -> Self {
        self.memory_map_sized(24, entries)
    }

    /// The usual QEMU-like map: low memory, the BIOS hole, and 128 MiB.
    pub fn default_memory_map(self) -> Self {
        self.memory_map(&[
            (0, 0x9fc00, 1),
            (0x9fc00, 0x400, 2),
            (0xf0000, 0x10000, 2),
            (0x10_0000, 0x7ee_0000, 1),
            (0x7fe_0000, 0x2_0000, 3),
        ])
    }

    /// The information block: header, the tags, an end tag.
    pub fn finish(self) -> Vec<u8> {
        self.tag(0, &[]).finish_without_end()
    }

    pub fn finish_without_end(self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(&le32(8 + self.tags.len() as u32));
        out.extend_from_slice(&le32(0));
        out.extend_from_slice(&self.tags);
        out
    }
}
