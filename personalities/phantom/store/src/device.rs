//! The narrow trait the store writes through, and an in-memory device.
//!
//! The kernel implements [`BlockDevice`] over virtio-blk; hosted runs use
//! [`FileDisk`](crate::FileDisk) (feature `std`), tests [`MemDisk`] and
//! [`CrashDisk`](crate::CrashDisk).

use alloc::vec;
use alloc::vec::Vec;

use crate::block::{Block, BLOCK_SIZE};
use crate::error::DeviceError;

/// A disk of 4096-byte blocks.
///
/// Writes may sit in a volatile cache and reach the medium in any order, or not at
/// all, until [`flush`](BlockDevice::flush) returns: only then is everything written
/// before it durable. A write may also be torn by a power cut. The store is built to
/// survive exactly that.
pub trait BlockDevice {
    /// Number of blocks on the device.
    fn block_count(&self) -> u64;
    /// Reads block `block` into `buf`.
    fn read(&mut self, block: u64, buf: &mut Block) -> Result<(), DeviceError>;
    /// Writes `buf` to block `block` (durable only after the next flush).
    fn write(&mut self, block: u64, buf: &Block) -> Result<(), DeviceError>;
    /// Makes every write issued before this call durable.
    fn flush(&mut self) -> Result<(), DeviceError>;
}

impl<D: BlockDevice + ?Sized> BlockDevice for &mut D {
    fn block_count(&self) -> u64 {
        (**self).block_count()
    }
    fn read(&mut self, block: u64, buf: &mut Block) -> Result<(), DeviceError> {
        (**self).read(block, buf)
    }
    fn write(&mut self, block: u64, buf: &Block) -> Result<(), DeviceError> {
        (**self).write(block, buf)
    }
    fn flush(&mut self) -> Result<(), DeviceError> {
        (**self).flush()
    }
}

/// A disk in memory, for tests. Every write is durable at once. Its bytes are open
/// to tests that flip bits or fill it with garbage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemDisk {
    bytes: Vec<u8>,
}

impl MemDisk {
    /// A zeroed disk of `blocks` blocks.
    pub fn new(blocks: u64) -> MemDisk {
        let len = usize::try_from(blocks)
            .unwrap_or(usize::MAX)
            .saturating_mul(BLOCK_SIZE);
        MemDisk {
            bytes: vec![0; len],
        }
    }

    /// A disk holding `bytes`; a partial block at the end is not part of the disk.
    pub fn from_bytes(bytes: Vec<u8>) -> MemDisk {
        MemDisk { bytes }
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn bytes_mut(&mut self) -> &mut [u8] {
        &mut self.bytes
    }

    /// The bytes of block `block`. Panics past the end (tests only).
    pub fn block(&self, block: u64) -> &[u8] {
        let at = block as usize * BLOCK_SIZE;
        &self.bytes[at..at + BLOCK_SIZE]
    }

    /// The bytes of block `block`, to corrupt. Panics past the end (tests only).
    pub fn block_mut(&mut self, block: u64) -> &mut [u8] {
        let at = block as usize * BLOCK_SIZE;
        &mut self.bytes[at..at + BLOCK_SIZE]
    }

    fn range(&self, block: u64) -> Result<core::ops::Range<usize>, DeviceError> {
        if block >= self.block_count() {
            return Err(DeviceError::OutOfRange(block));
        }
        let at = block as usize * BLOCK_SIZE;
        Ok(at..at + BLOCK_SIZE)
    }
}

impl BlockDevice for MemDisk {
    fn block_count(&self) -> u64 {
        (self.bytes.len() / BLOCK_SIZE) as u64
    }

    fn read(&mut self, block: u64, buf: &mut Block) -> Result<(), DeviceError> {
        let range = self.range(block)?;
        buf.copy_from_slice(&self.bytes[range]);
        Ok(())
    }

    fn write(&mut self, block: u64, buf: &Block) -> Result<(), DeviceError> {
        let range = self.range(block)?;
        self.bytes[range].copy_from_slice(buf);
        Ok(())
    }

    fn flush(&mut self) -> Result<(), DeviceError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mem_disk_reads_what_was_written_and_refuses_out_of_range() {
        let mut disk = MemDisk::new(4);
        assert_eq!(disk.block_count(), 4);
        let block = [9u8; BLOCK_SIZE];
        disk.write(3, &block).unwrap();
        let mut back = [0u8; BLOCK_SIZE];
        disk.read(3, &mut back).unwrap();
        assert_eq!(back, block);
        assert_eq!(disk.read(4, &mut back), Err(DeviceError::OutOfRange(4)));
        assert_eq!(
            disk.write(u64::MAX, &block),
            Err(DeviceError::OutOfRange(u64::MAX))
        );
    }

    #[test]
    fn partial_trailing_block_is_not_part_of_the_disk() {
        let disk = MemDisk::from_bytes(vec![0; BLOCK_SIZE * 2 + 100]);
        assert_eq!(disk.block_count(), 2);
    }
}
