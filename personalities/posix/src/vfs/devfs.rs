//! Devices: the registry that maps device numbers to device objects, the
//! memory devices (`null`, `zero`, `full`, `random`, `urandom`), and the
//! `/dev` directory.
//!
//! As on Linux (devtmpfs), `/dev` is a tmpfs: `/dev/null` is a tmpfs
//! character-special inode holding the number 1:3, and opening it finds the
//! device object registered under 1:3 in the [`DeviceRegistry`]. So `stat`,
//! `chmod` and `mknod` behave as usual, and a device only implements I/O.
//!
//! # Usage
//!
//! ```
//! use phantom_posix::vfs::{devfs, Vfs};
//! use alloc::sync::Arc;
//! # extern crate alloc;
//! let vfs = Vfs::new(Arc::new(|| (0, 0)));
//! vfs.mkdir("/", "/dev", 0o755).unwrap();
//! vfs.mount("/dev", vfs.new_devfs(42), "devtmpfs").unwrap();
//! // later, the kernel glue: devfs::add_device(&dev_dir, "tty", tty_node)
//! let null = vfs.open("/", "/dev/null", phantom_posix::vfs::consts::O_RDWR, 0).unwrap();
//! assert_eq!(null.write(b"gone").unwrap(), 4);
//! ```

use super::consts::*;
use super::node::*;
use super::tmpfs;
use crate::errno::Errno;
use alloc::collections::BTreeMap;
use alloc::sync::Arc;
use core::any::Any;
use spin::{Mutex, RwLock};

/// Device numbers of the well-known devices (Linux's).
pub mod numbers {
    use super::makedev;
    pub const NULL: u64 = makedev(1, 3);
    pub const ZERO: u64 = makedev(1, 5);
    pub const FULL: u64 = makedev(1, 7);
    pub const RANDOM: u64 = makedev(1, 8);
    pub const URANDOM: u64 = makedev(1, 9);
    pub const TTY: u64 = makedev(5, 0);
    pub const CONSOLE: u64 = makedev(5, 1);
    pub const TTYS0: u64 = makedev(4, 64);
}

/// Device objects by device number, consulted when a device special file
/// is opened.
#[derive(Default)]
pub struct DeviceRegistry {
    devices: RwLock<BTreeMap<u64, NodeRef>>,
}

impl DeviceRegistry {
    pub fn new() -> Arc<DeviceRegistry> {
        Arc::new(DeviceRegistry::default())
    }

    /// Register `device` under `rdev`, replacing any previous one.
    pub fn register(&self, rdev: u64, device: NodeRef) {
        self.devices.write().insert(rdev, device);
    }

    pub fn unregister(&self, rdev: u64) -> Option<NodeRef> {
        self.devices.write().remove(&rdev)
    }

    pub fn get(&self, rdev: u64) -> Option<NodeRef> {
        self.devices.read().get(&rdev).cloned()
    }
}

/// A `/dev` directory holding the memory devices, stamped with time 0.
/// The devices are registered in a registry of its own; prefer
/// [`super::Vfs::new_devfs`], which shares the namespace's registry and clock.
pub fn new(seed: u64) -> NodeRef {
    with(seed, Arc::new(|| (0, 0)), DeviceRegistry::new())
}

/// A `/dev` directory on a new tmpfs with `clock`, registering the memory
/// devices in `devices`. `seed` seeds `random` and `urandom`.
pub fn with(seed: u64, clock: Clock, devices: Arc<DeviceRegistry>) -> NodeRef {
    let dir = tmpfs::new(clock, devices, tmpfs::Limits::default());
    let rng = Arc::new(Mutex::new(Rng::new(seed)));
    let memory = [
        ("null", Memory::Null, numbers::NULL),
        ("zero", Memory::Zero, numbers::ZERO),
        ("full", Memory::Full, numbers::FULL),
        ("random", Memory::Random(rng.clone()), numbers::RANDOM),
        ("urandom", Memory::Random(rng), numbers::URANDOM),
    ];
    for (name, kind, rdev) in memory {
        let device = Arc::new(MemoryDevice {
            ino: new_anon_ino(),
            rdev,
            kind,
        });
        // A fresh directory has room for these names.
        let _ = add_device(&dir, name, device);
    }
    dir
}

/// Add device `node` to the devfs (or any tmpfs) directory `dir` as `name`:
/// register it under the `rdev` of its `stat` and make a character-special
/// inode with the permission bits of its `stat` (`0o666` if it has none).
pub fn add_device(dir: &NodeRef, name: &str, node: NodeRef) -> Result<(), Errno> {
    let devices = tmpfs::devices_of(dir).ok_or(Errno::ENOTDIR)?;
    let stat = node.stat();
    let perm = match stat.mode & S_IALLUGO {
        0 => 0o666,
        perm => perm,
    };
    dir.create(name, CreateKind::CharDevice { rdev: stat.rdev }, perm)?;
    devices.register(stat.rdev, node);
    Ok(())
}

/// A small xorshift64* generator. NOT cryptographically secure: good
/// enough for `/dev/urandom` consumers such as hash seeds and temp names,
/// until the kernel feeds real entropy (RDRAND, virtio-rng).
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        // Zero is xorshift's fixed point; splitmix the seed to avoid it.
        let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Rng((z ^ (z >> 31)) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn fill(&mut self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(8) {
            let word = self.next().to_le_bytes();
            chunk.copy_from_slice(&word[..chunk.len()]);
        }
    }

    /// Stir written bytes in, as writing to /dev/random does on Linux.
    fn mix(&mut self, data: &[u8]) {
        for chunk in data.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 ^= u64::from_le_bytes(word);
            if self.0 == 0 {
                self.0 = 1;
            }
            self.next();
        }
    }
}

enum Memory {
    Null,
    Zero,
    Full,
    Random(Arc<Mutex<Rng>>),
}

/// The memory devices of Linux's major 1.
struct MemoryDevice {
    ino: u64,
    rdev: u64,
    kind: Memory,
}

impl Node for MemoryDevice {
    fn ino(&self) -> u64 {
        self.ino
    }

    fn stat(&self) -> Stat {
        Stat {
            dev: anon_dev(),
            ino: self.ino,
            mode: S_IFCHR | 0o666,
            nlink: 1,
            rdev: self.rdev,
            blksize: 4096,
            ..Stat::default()
        }
    }

    fn kind(&self) -> FileKind {
        FileKind::CharDevice
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn read_at(&self, _offset: u64, buf: &mut [u8]) -> Result<usize, Errno> {
        match &self.kind {
            Memory::Null => Ok(0),
            Memory::Zero | Memory::Full => {
                buf.fill(0);
                Ok(buf.len())
            }
            Memory::Random(rng) => {
                rng.lock().fill(buf);
                Ok(buf.len())
            }
        }
    }

    fn write_at(&self, _offset: u64, buf: &[u8]) -> Result<usize, Errno> {
        match &self.kind {
            Memory::Full if !buf.is_empty() => Err(Errno::ENOSPC),
            Memory::Random(rng) => {
                rng.lock().mix(buf);
                Ok(buf.len())
            }
            _ => Ok(buf.len()),
        }
    }
}
