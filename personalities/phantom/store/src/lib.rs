//! Phantom's snapshot store: durable, atomic generations of 4 KiB pages on a disk.
//!
//! The native personality keeps every object in one persistent heap made of pages.
//! The snapshot engine periodically hands the pages dirtied since the last snapshot
//! to this store, which makes them durable *atomically*: after a power cut,
//! [`Store::open`] gives back exactly the pages of the last durable snapshot, and the
//! world resumes. The store knows nothing of objects: it maps page numbers (`u64`)
//! to page contents, one generation at a time. It is `no_std` + `alloc` and safe
//! Rust; the kernel reaches the disk through the [`BlockDevice`] trait.
//!
//! Start reading at `store.rs` (the type), then `commit.rs` and `recovery.rs` (the
//! two algorithms that matter); `pagemap.rs`, `deferred.rs`, `space.rs` and
//! `root.rs` are the structures they use.
//!
//! # Usage
//!
//! ```
//! use phantom_store::{Change, MemDisk, Store};
//!
//! let mut store = Store::format(MemDisk::new(1024))?;
//! let page = [7u8; 4096];
//! let generation = store.commit([Change::Write(42, &page), Change::Remove(3)])?;
//! assert_eq!(generation, 1);
//!
//! // ... power cut; on the next boot:
//! let (mut store, report) = Store::open(store.into_device())?;
//! assert_eq!(report.generation, 1); // the console prints `report`
//! let mut buf = [0u8; 4096];
//! assert!(store.read_page(42, &mut buf)?);
//! assert_eq!(buf, page);
//! # Ok::<(), phantom_store::Error>(())
//! ```
//!
//! # Design
//!
//! **Copy-on-write, then one root write.** A commit never writes a block that a
//! durable generation references. It writes the new page contents and the new
//! metadata to free blocks, flushes, writes a root naming them into a ring of root
//! slots, and flushes again; only then does [`Store::commit`] return. Before the
//! root write the new generation does not exist; after it, it is complete. This is
//! ZFS's uberblock ring and LMDB's meta pages, with eight slots.
//!
//! **Checksums in pointers.** Every pointer carries the 64-bit checksum of the
//! block it points to (ZFS style), seeded with what the block is: a torn, stale,
//! misdirected or bit-rotted block fails when it is followed, and no block can pass
//! for one of another kind. A generation whose whole metadata verifies therefore is
//! exactly the generation that was committed. The checksum is XXH64 (the
//! `xxhash-rust` crate): plain 64-bit integer arithmetic, about 10 GB/s on one core,
//! and as fast on the kernel's target, which has no SIMD registers, as anywhere.
//!
//! **Recovery falls back.** [`Store::open`] takes the newest root that verifies and
//! whose map and lists verify; if the newest generation is damaged, it takes the one
//! before and says so in a [`RecoveryReport`]. Once a commit succeeds after such a
//! fallback, the rejected roots are zeroed so they can never come back.
//!
//! **The page map is a radix tree** of 256-way nodes (one block each): 3 levels for
//! up to 16 Mi pages, growing and shrinking with the highest page number. A commit
//! rewrites only the paths to changed pages, so it
//! writes each changed page once plus at most `changed × height` nodes (in
//! practice far fewer, as neighbouring pages share nodes). In memory the tree is
//! shared copy-on-write (`Arc`) between the durable generation and the commit being
//! built, so a failed commit is rolled back by dropping it.
//!
//! **Free space is derived, not stored.** Recovery must read every map node to
//! verify a generation anyway, and the nodes name every block the generation uses;
//! so it rebuilds the free-space bitmap while it verifies, instead of reading a
//! persisted bitmap that would have to be rewritten (copy-on-write, with its own
//! metadata) on every commit and could disagree with the map. What the map cannot
//! tell is which blocks the *previous* generation still needs (recovery may fall
//! back to it), so each root points to a **deferred-free list**: the blocks the
//! previous generation used and this one does not. They are released when the next
//! generation is durable, so blocks freed by generation `g` are reused from `g + 2`
//! on, and a fallback always finds the previous generation whole. Allocation is
//! next-fit from a cursor kept in the root, so commits are laid out one after
//! another around the disk and stream.
//!
//! **A full disk is a value.** A commit that writes pages fails with
//! [`Error::NoSpace`] when it would eat into a small reserve (about 1% of the disk),
//! leaving the store at the previous generation; a commit that only removes pages
//! may use the reserve, so the caller can always free space and go on.
//!
//! **Hostile disks.** Every field read from disk is checked before use; the walk of
//! a generation claims each block once (a block referenced twice is corruption), so
//! no disk content can make the store panic, loop or allocate more than the device
//! size warrants.
//!
//! # On-disk format (version 1, little-endian, 4096-byte blocks)
//!
//! | blocks | contents |
//! |---|---|
//! | 0..8 | root slots; generation `g` in slot `g % 8` |
//! | 8.. | pages, map nodes, deferred-free blocks, allocated as needed |
//!
//! A pointer (`Ptr`, 16 bytes) is the block number (`u64`, 0 = none) then the
//! XXH64 checksum of the block's contents (`u64`).
//!
//! | root bytes | field |
//! |---|---|
//! | 0..8 | magic `PHNTMSTR` |
//! | 8..12, 12..16 | format version (1), block size (4096) |
//! | 16..24 | generation |
//! | 24..32 | blocks the store spans |
//! | 32..48, 48..52 | page-map root `Ptr`, tree height (0 = empty, at most 8) |
//! | 56..64 | number of pages |
//! | 64..80, 80..88 | deferred-free list head `Ptr`, number of entries |
//! | 88..96 | allocation cursor |
//! | 4088..4096 | checksum of bytes 0..4088 |
//!
//! A map node is 256 `Ptr`s, indexed by 8 bits of the page number (the top bits at
//! the root); at level 0 they point to page contents. A deferred-free block is a
//! `Ptr` to the next block, an entry count (`u32` at 16), and up to 509 `u64` block
//! numbers from byte 24. Checksum seeds distinguish roots, pages (per page number),
//! map nodes (per level) and deferred-free blocks.
//!
//! # Testing
//!
//! [`CrashDisk`] is a disk with a volatile write cache that loses power at a chosen
//! write or flush boundary, keeping, dropping or tearing each unflushed write. The
//! crash-point tests (`tests/crash_points.rs`) run workloads, cut the power at
//! every boundary in turn (about 3800 in `cargo test`; about 45 000 more with
//! `cargo test --release -p phantom-store -- --ignored`), and check that recovery
//! yields exactly one committed snapshot, no older than the last acknowledged
//! commit, with every page exact, and that the store goes on from there.
//! `tests/recovery.rs` damages disks on purpose, `src/hostile_tests.rs` crafts
//! disks whose checksums are right and whose contents are not.
#![cfg_attr(not(any(test, feature = "std")), no_std)]
#![forbid(unsafe_code)]

extern crate alloc;

mod block;
mod commit;
mod crash_disk;
mod deferred;
mod device;
mod error;
#[cfg(any(test, feature = "std"))]
mod file_disk;
#[cfg(test)]
mod hostile_tests;
mod pagemap;
mod recovery;
mod root;
mod space;
mod store;

pub use block::{Block, BLOCK_SIZE};
pub use crash_disk::{CrashDisk, CrashOutcome};
pub use device::{BlockDevice, MemDisk};
pub use error::{Corruption, DeviceError, Error};
#[cfg(any(test, feature = "std"))]
pub use file_disk::FileDisk;
pub use pagemap::Pages;
pub use recovery::{DamagedGeneration, RecoveryReport, Verify};
pub use root::ROOT_SLOTS;
pub use store::{Change, Generation, PageRef, Stats, Store, MIN_BLOCKS};
