//! Errors are values: every way the device or the disk contents can fail.

use core::fmt;

/// A failure reported by a [`BlockDevice`](crate::BlockDevice).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeviceError {
    /// The block number is past the end of the device.
    OutOfRange(u64),
    /// The device failed the operation (I/O error, device gone, ...).
    Failed(&'static str),
}

impl fmt::Display for DeviceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeviceError::OutOfRange(block) => {
                write!(f, "block {block} is past the end of the device")
            }
            DeviceError::Failed(what) => write!(f, "device error: {what}"),
        }
    }
}

/// Something on disk that is not what the store wrote: a checksum mismatch or a
/// structure that breaks the format's rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Corruption {
    /// The block where it was found (0..8 for root slots).
    pub block: u64,
    /// What is wrong, e.g. "map node checksum mismatch".
    pub what: &'static str,
}

impl fmt::Display for Corruption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "block {}: {}", self.block, self.what)
    }
}

/// Everything the store can fail with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    /// The device failed; nothing durable was lost.
    Device(DeviceError),
    /// No root slot holds a store (a blank or foreign disk): format it.
    NotFormatted,
    /// Roots exist but no generation verifies (the first problem found is given),
    /// or a page's contents fail their checksum on read.
    Corrupt(Corruption),
    /// The disk is full. The store is still at the generation it was before the
    /// commit; commit again later, after removing pages, to make room.
    NoSpace,
    /// The device cannot hold a store (too small), or a limit of the format was hit.
    Unsupported(&'static str),
    /// A commit failed after its root was written, so this `Store` no longer knows
    /// which generation is durable. Reads still see the last acknowledged one;
    /// reopen the device with [`Store::open`](crate::Store::open) to commit again.
    Poisoned,
}

impl From<DeviceError> for Error {
    fn from(e: DeviceError) -> Self {
        Error::Device(e)
    }
}

impl Error {
    pub(crate) fn corrupt(block: u64, what: &'static str) -> Error {
        Error::Corrupt(Corruption { block, what })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Device(e) => write!(f, "{e}"),
            Error::NotFormatted => write!(f, "no snapshot store on this device"),
            Error::Corrupt(c) => write!(f, "snapshot store corrupt: {c}"),
            Error::NoSpace => write!(f, "snapshot store full"),
            Error::Unsupported(what) => write!(f, "unsupported: {what}"),
            Error::Poisoned => write!(f, "a commit failed half-way; reopen the store"),
        }
    }
}
