//! A disk that loses power on cue, for crash-point tests (as SQLite's crash tests do).
//!
//! `CrashDisk` wraps a device that stands for the durable medium (a [`MemDisk`]
//! unless said otherwise). Writes go to a volatile cache until `flush`. Every write and every flush is a *boundary*,
//! numbered from 0; with [`crash_at(k)`](CrashDisk::crash_at) the power fails just
//! before boundary `k` would happen: each write still in the cache is then, by a
//! seeded random choice, kept, dropped or torn (a prefix of the new contents
//! followed by garbage), and every later operation fails. [`into_disk`]
//! (CrashDisk::into_disk) gives back the medium as the next boot would find it.
//!
//! Usage, in a test: run a workload once to count its boundaries, then for every
//! `k` run it again over `CrashDisk::new(disk, seed).crash_at(k)` and check what
//! [`Store::open`](crate::Store::open) recovers from `into_disk()`.

use alloc::boxed::Box;
use alloc::vec::Vec;

use crate::block::{Block, BLOCK_SIZE};
use crate::device::{BlockDevice, MemDisk};
use crate::error::DeviceError;

/// What happened to the cached writes when the power failed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CrashOutcome {
    pub kept: u64,
    pub dropped: u64,
    pub torn: u64,
}

/// A medium behind a volatile write cache that can lose power at a chosen
/// boundary. See the module documentation.
#[derive(Debug)]
pub struct CrashDisk<D = MemDisk> {
    medium: D,
    cache: Vec<(u64, Box<Block>)>,
    boundaries: u64,
    crash_at: Option<u64>,
    crashed: Option<CrashOutcome>,
    rng: u64,
}

const POWER_CUT: DeviceError = DeviceError::Failed("power cut");

impl<D: BlockDevice> CrashDisk<D> {
    /// Wraps `medium`; `seed` drives the keep/drop/tear choices. No crash is
    /// planned until [`crash_at`](CrashDisk::crash_at).
    pub fn new(medium: D, seed: u64) -> CrashDisk<D> {
        CrashDisk {
            medium,
            cache: Vec::new(),
            boundaries: 0,
            crash_at: None,
            crashed: None,
            rng: seed ^ 0x2545_f491_4f6c_dd1d,
        }
    }

    /// Plans the power failure just before boundary `k` (0 = before the first
    /// write or flush).
    pub fn crash_at(mut self, k: u64) -> CrashDisk<D> {
        self.crash_at = Some(k);
        self
    }

    /// Write and flush boundaries passed so far.
    pub fn boundaries(&self) -> u64 {
        self.boundaries
    }

    /// What the power failure did, once it happened.
    pub fn crashed(&self) -> Option<CrashOutcome> {
        self.crashed
    }

    /// Cuts the power now (if it is still on) and returns the medium as a reboot
    /// finds it.
    pub fn into_disk(mut self) -> D {
        self.power_cut();
        self.medium
    }

    fn power_cut(&mut self) {
        if self.crashed.is_some() {
            return;
        }
        let mut outcome = CrashOutcome::default();
        for (block, data) in core::mem::take(&mut self.cache) {
            match self.next_random() % 3 {
                0 => {
                    outcome.kept += 1;
                    self.land(block, &data);
                }
                1 => outcome.dropped += 1,
                _ => {
                    outcome.torn += 1;
                    let prefix = (self.next_random() % BLOCK_SIZE as u64) as usize;
                    let mut torn = *data;
                    for chunk in torn[prefix..].chunks_mut(8) {
                        let garbage = self.next_random().to_le_bytes();
                        chunk.copy_from_slice(&garbage[..chunk.len()]);
                    }
                    self.land(block, &torn);
                }
            }
        }
        self.crashed = Some(outcome);
    }

    /// Puts `data` on the medium. Writes reach the cache only if they are in range,
    /// so the medium has no reason to refuse them.
    fn land(&mut self, block: u64, data: &Block) {
        let landed = self.medium.write(block, data);
        debug_assert!(landed.is_ok(), "{landed:?}");
    }

    /// Counts one boundary, or fails if the power is (or now goes) out.
    fn boundary(&mut self) -> Result<(), DeviceError> {
        if self.crashed.is_some() {
            return Err(POWER_CUT);
        }
        if self.crash_at == Some(self.boundaries) {
            self.power_cut();
            return Err(POWER_CUT);
        }
        self.boundaries += 1;
        Ok(())
    }

    fn next_random(&mut self) -> u64 {
        // xorshift64*: enough for choosing outcomes, and reproducible from the seed.
        self.rng ^= self.rng >> 12;
        self.rng ^= self.rng << 25;
        self.rng ^= self.rng >> 27;
        self.rng.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

impl<D: BlockDevice> BlockDevice for CrashDisk<D> {
    fn block_count(&self) -> u64 {
        self.medium.block_count()
    }

    fn read(&mut self, block: u64, buf: &mut Block) -> Result<(), DeviceError> {
        if self.crashed.is_some() {
            return Err(POWER_CUT);
        }
        match self.cache.iter().rev().find(|(b, _)| *b == block) {
            Some((_, data)) => {
                buf.copy_from_slice(&data[..]);
                Ok(())
            }
            None => self.medium.read(block, buf),
        }
    }

    fn write(&mut self, block: u64, buf: &Block) -> Result<(), DeviceError> {
        if block >= self.block_count() {
            return Err(DeviceError::OutOfRange(block));
        }
        self.boundary()?;
        self.cache.push((block, Box::new(*buf)));
        Ok(())
    }

    fn flush(&mut self) -> Result<(), DeviceError> {
        self.boundary()?;
        for (block, data) in core::mem::take(&mut self.cache) {
            self.land(block, &data);
        }
        self.medium.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fill(byte: u8) -> Block {
        [byte; BLOCK_SIZE]
    }

    #[test]
    fn flushed_writes_survive_and_reads_see_the_cache() {
        let mut disk = CrashDisk::new(MemDisk::new(4), 1).crash_at(2);
        disk.write(1, &fill(1)).unwrap();
        disk.flush().unwrap();
        let mut buf = fill(0);
        assert_eq!(disk.write(2, &fill(2)), Err(POWER_CUT));
        assert_eq!(disk.read(1, &mut buf), Err(POWER_CUT));
        assert_eq!(disk.boundaries(), 2);
        let medium = disk.into_disk();
        assert_eq!(medium.block(1), &fill(1)[..]);
        assert_eq!(medium.block(2), &fill(0)[..]);

        let mut disk = CrashDisk::new(MemDisk::new(4), 1);
        disk.write(3, &fill(3)).unwrap();
        disk.read(3, &mut buf).unwrap();
        assert_eq!(buf, fill(3));
    }

    #[test]
    fn unflushed_writes_are_kept_dropped_or_torn() {
        let mut total = CrashOutcome::default();
        for seed in 0..20 {
            let mut disk = CrashDisk::new(MemDisk::new(8), seed).crash_at(7);
            for block in 0..7 {
                disk.write(block, &fill(0xaa)).unwrap();
            }
            assert!(disk.flush().is_err());
            let outcome = disk.crashed().unwrap();
            assert_eq!(outcome.kept + outcome.dropped + outcome.torn, 7);
            let medium = disk.into_disk();
            let intact = (0..7)
                .filter(|&b| medium.block(b) == &fill(0xaa)[..])
                .count() as u64;
            let blank = (0..7).filter(|&b| medium.block(b) == &fill(0)[..]).count() as u64;
            assert!(intact >= outcome.kept && blank >= outcome.dropped);
            total.kept += outcome.kept;
            total.dropped += outcome.dropped;
            total.torn += outcome.torn;
        }
        assert!(
            total.kept > 10 && total.dropped > 10 && total.torn > 10,
            "{total:?}"
        );
    }
}
