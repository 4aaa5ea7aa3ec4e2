//! A device backed by a host file (feature `std`): the hosted VM's store, and
//! `cargo xtask run --disk FILE`'s image seen from the host.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use crate::block::{Block, BLOCK_SIZE};
use crate::device::BlockDevice;
use crate::error::DeviceError;

/// A file as a block device. `flush` is `fsync` (`sync_data`).
#[derive(Debug)]
pub struct FileDisk {
    file: File,
    blocks: u64,
}

impl FileDisk {
    /// Creates (or truncates) `path` as a zeroed disk of `blocks` blocks.
    pub fn create(path: &Path, blocks: u64) -> std::io::Result<FileDisk> {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(path)?;
        file.set_len(blocks.saturating_mul(BLOCK_SIZE as u64))?;
        Ok(FileDisk { file, blocks })
    }

    /// Opens an existing disk file; a partial block at its end is not used.
    pub fn open(path: &Path) -> std::io::Result<FileDisk> {
        let file = OpenOptions::new().read(true).write(true).open(path)?;
        let blocks = file.metadata()?.len() / BLOCK_SIZE as u64;
        Ok(FileDisk { file, blocks })
    }

    fn seek_to(&mut self, block: u64) -> Result<(), DeviceError> {
        if block >= self.blocks {
            return Err(DeviceError::OutOfRange(block));
        }
        self.file
            .seek(SeekFrom::Start(block * BLOCK_SIZE as u64))
            .map_err(|_| DeviceError::Failed("seek"))?;
        Ok(())
    }
}

impl BlockDevice for FileDisk {
    fn block_count(&self) -> u64 {
        self.blocks
    }

    fn read(&mut self, block: u64, buf: &mut Block) -> Result<(), DeviceError> {
        self.seek_to(block)?;
        self.file
            .read_exact(buf)
            .map_err(|_| DeviceError::Failed("read"))
    }

    fn write(&mut self, block: u64, buf: &Block) -> Result<(), DeviceError> {
        self.seek_to(block)?;
        self.file
            .write_all(buf)
            .map_err(|_| DeviceError::Failed("write"))
    }

    fn flush(&mut self) -> Result<(), DeviceError> {
        self.file
            .sync_data()
            .map_err(|_| DeviceError::Failed("fsync"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Change, Store};

    #[test]
    fn a_store_in_a_file_survives_closing_and_reopening() {
        let path =
            std::env::temp_dir().join(format!("phantom-store-test-{}.img", std::process::id()));
        let page = [0x5au8; BLOCK_SIZE];
        {
            let disk = FileDisk::create(&path, 64).unwrap();
            assert_eq!(disk.block_count(), 64);
            let mut store = Store::format(disk).unwrap();
            store.commit([Change::Write(7, &page)]).unwrap();
        }
        let (mut store, report) = Store::open(FileDisk::open(&path).unwrap()).unwrap();
        assert_eq!(report.generation, 1);
        let mut buf = [0u8; BLOCK_SIZE];
        assert_eq!(store.read_page(7, &mut buf), Ok(true));
        assert_eq!(buf, page);
        let mut disk = store.into_device();
        assert_eq!(disk.read(64, &mut buf), Err(DeviceError::OutOfRange(64)));
        std::fs::remove_file(&path).unwrap();
    }
}
