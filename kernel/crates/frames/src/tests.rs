extern crate std;

use super::*;
use std::collections::HashSet;
use std::vec;
use std::vec::Vec;

const MIB: u64 = 1 << 20;

fn storage(max_phys: u64) -> Vec<u64> {
    // Fill with garbage: `new` must not trust what the storage held.
    vec![0xdead_beef_dead_beef; FrameAllocator::words_for(max_phys)]
}

#[test]
fn words_for_covers_both_maps() {
    assert_eq!(FrameAllocator::words_for(0), 0);
    assert_eq!(FrameAllocator::words_for(1), 2);
    assert_eq!(FrameAllocator::words_for(64 * FRAME_SIZE), 2);
    assert_eq!(FrameAllocator::words_for(64 * FRAME_SIZE + 1), 4);
    assert_eq!(
        FrameAllocator::words_for(4 << 30),
        2 * (4 << 30) / 4096 / 64
    );
    // Usable in a const context, for a static bitmap.
    const WORDS: usize = FrameAllocator::words_for(16 * MIB);
    let mut s = [0u64; WORDS];
    let f = FrameAllocator::new(&mut s);
    assert_eq!(f.max_phys(), 16 * MIB);
}

#[test]
fn starts_empty() {
    let mut s = storage(MIB);
    let mut f = FrameAllocator::new(&mut s);
    assert_eq!(f.free_frames(), 0);
    assert_eq!(f.total_frames(), 0);
    assert!(!f.is_free(0x1000));
    assert_eq!(f.alloc(), None);
    assert_eq!(f.alloc_contiguous(1, FRAME_SIZE), None);
}

#[test]
fn alloc_until_empty_without_duplicates() {
    let mut s = storage(4 * MIB);
    let mut f = FrameAllocator::new(&mut s);
    f.add_free_range(0, 4 * MIB);
    let expected = (4 * MIB / FRAME_SIZE - 1) as usize; // minus frame 0
    assert_eq!(f.total_frames(), expected);
    assert_eq!(f.free_frames(), expected);

    let mut seen = HashSet::new();
    while let Some(p) = f.alloc() {
        assert_eq!(p % FRAME_SIZE, 0);
        assert!((FRAME_SIZE..4 * MIB).contains(&p), "{p:#x}");
        assert!(!f.is_free(p));
        assert!(seen.insert(p), "duplicate {p:#x}");
    }
    assert_eq!(seen.len(), expected);
    assert_eq!(f.free_frames(), 0);
    assert_eq!(f.total_frames(), expected);
    assert_eq!(f.alloc(), None);
}

#[test]
fn frame_zero_is_never_handed_out() {
    let mut s = storage(MIB);
    let mut f = FrameAllocator::new(&mut s);
    f.add_free_range(0, 2 * FRAME_SIZE);
    assert!(!f.is_free(0));
    assert_eq!(f.total_frames(), 1);
    assert_eq!(f.alloc(), Some(FRAME_SIZE));
    assert_eq!(f.alloc(), None);
    assert_eq!(f.free(0), Err(FreeError::NotAllocated(0)));
    f.add_free_range(0, 2 * FRAME_SIZE);
    assert_eq!(f.alloc_contiguous(1, FRAME_SIZE), Some(FRAME_SIZE));
}

#[test]
fn free_and_realloc() {
    let mut s = storage(MIB);
    let mut f = FrameAllocator::new(&mut s);
    f.add_free_range(0x1000, 0x5000); // frames 1..=4
    let a: Vec<u64> = (0..4).map(|_| f.alloc().unwrap()).collect();
    assert_eq!(f.alloc(), None);
    f.free(a[2]).unwrap();
    assert_eq!(f.free_frames(), 1);
    assert!(f.is_free(a[2]));
    assert_eq!(f.alloc(), Some(a[2]));
    for &p in &a {
        f.free(p).unwrap();
    }
    assert_eq!(f.free_frames(), 4);
    assert_eq!(f.total_frames(), 4);
}

#[test]
fn next_fit_moves_forward_and_wraps() {
    let mut s = storage(MIB);
    let mut f = FrameAllocator::new(&mut s);
    f.add_free_range(0, MIB);
    let first = f.alloc().unwrap();
    let second = f.alloc().unwrap();
    assert!(second > first);
    f.free(first).unwrap();
    // Next-fit keeps going forward rather than reusing `first` at once...
    let third = f.alloc().unwrap();
    assert!(third > second);
    // ...but wraps around to it once the rest is used up.
    let mut last = None;
    while let Some(p) = f.alloc() {
        last = Some(p);
    }
    assert_eq!(last, Some(first));
}

#[test]
fn double_free_and_bad_addresses() {
    let mut s = storage(MIB);
    let mut f = FrameAllocator::new(&mut s);
    f.add_free_range(0, MIB);
    let p = f.alloc().unwrap();
    assert_eq!(f.free(p), Ok(()));
    assert_eq!(f.free(p), Err(FreeError::NotAllocated(p)));
    assert_eq!(f.free(p + 8), Err(FreeError::Misaligned(p + 8)));
    assert_eq!(f.free(MIB), Err(FreeError::OutOfRange(MIB)));
    assert_eq!(f.free(!0xfff), Err(FreeError::OutOfRange(!0xfff)));
    assert_eq!(f.free_frames(), f.total_frames());
}

#[test]
fn free_of_never_added_or_reserved_frame_is_refused() {
    let mut s = storage(MIB);
    let mut f = FrameAllocator::new(&mut s);
    f.add_free_range(0x10000, 0x20000);
    assert_eq!(f.free(0x8000), Err(FreeError::NotAllocated(0x8000)));
    let p = f.alloc().unwrap();
    f.reserve_range(p, p + FRAME_SIZE);
    assert_eq!(f.free(p), Err(FreeError::NotAllocated(p)));
    assert_eq!(f.free_frames(), 15);
    assert_eq!(f.total_frames(), 15);
}

#[test]
fn add_rounds_inward_and_reserve_rounds_outward() {
    let mut s = storage(MIB);
    let mut f = FrameAllocator::new(&mut s);
    f.add_free_range(0x1001, 0x4fff); // only frames 2 and 3 are whole
    assert_eq!(f.total_frames(), 2);
    assert!(!f.is_free(0x1000));
    assert!(f.is_free(0x2000));
    assert!(f.is_free(0x3fff));
    assert!(!f.is_free(0x4000));

    f.add_free_range(0x1000, 0x1fff); // less than a frame: nothing
    assert_eq!(f.total_frames(), 2);
    f.add_free_range(0x5000, 0x4000); // empty range
    assert_eq!(f.total_frames(), 2);

    f.reserve_range(0x3fff, 0x4001); // touches frames 3 and 4
    assert!(f.is_free(0x2000));
    assert!(!f.is_free(0x3000));
    assert_eq!(f.total_frames(), 1);
    assert_eq!(f.free_frames(), 1);
}

#[test]
fn reserve_inside_a_free_range() {
    let mut s = storage(4 * MIB);
    let mut f = FrameAllocator::new(&mut s);
    f.add_free_range(MIB, 4 * MIB);
    let kernel = (MIB + 0x5000, MIB + 0x2_3456);
    f.reserve_range(kernel.0, kernel.1);
    let reserved = (0x2_4000 - 0x5000) / FRAME_SIZE;
    let total = 3 * MIB / FRAME_SIZE - reserved;
    assert_eq!(f.total_frames() as u64, total);
    assert_eq!(f.free_frames() as u64, total);
    while let Some(p) = f.alloc() {
        assert!(
            p < kernel.0 || p >= MIB + 0x2_4000,
            "{p:#x} is in the reserved range"
        );
    }
    // Reserving twice, or reserving unmanaged memory, changes nothing.
    f.reserve_range(kernel.0, kernel.1);
    f.reserve_range(0, MIB);
    assert_eq!(f.total_frames() as u64, total);
    // Adding the range back returns it to the pool.
    f.add_free_range(kernel.0 & !0xfff, MIB + 0x2_4000);
    assert_eq!(f.free_frames() as u64, reserved);
    assert_eq!(f.total_frames() as u64, total + reserved);
}

#[test]
fn adding_twice_does_not_double_count() {
    let mut s = storage(MIB);
    let mut f = FrameAllocator::new(&mut s);
    f.add_free_range(0x10000, 0x20000);
    f.add_free_range(0x18000, 0x30000);
    assert_eq!(f.total_frames(), 32);
    assert_eq!(f.free_frames(), 32);
}

#[test]
fn ranges_are_clipped_to_the_bitmap() {
    let mut s = storage(MIB);
    let mut f = FrameAllocator::new(&mut s);
    f.add_free_range(MIB - 0x2000, u64::MAX);
    assert_eq!(f.total_frames(), 2);
    f.add_free_range(2 * MIB, 3 * MIB);
    assert_eq!(f.total_frames(), 2);
    f.reserve_range(MIB - 0x1000, u64::MAX);
    assert_eq!(f.total_frames(), 1);
    assert!(!f.is_free(u64::MAX));
    f.reserve_range(u64::MAX - 5, u64::MAX);
    f.add_free_range(u64::MAX - 5, u64::MAX);
    assert_eq!(f.total_frames(), 1);
}

#[test]
fn odd_storage_length_and_empty_storage() {
    let mut s = [0u64; 3];
    let mut f = FrameAllocator::new(&mut s);
    assert_eq!(f.max_phys(), 64 * FRAME_SIZE);
    f.add_free_range(0, u64::MAX);
    assert_eq!(f.total_frames(), 63);

    let mut none: [u64; 0] = [];
    let mut f = FrameAllocator::new(&mut none);
    f.add_free_range(0, u64::MAX);
    assert_eq!(f.alloc(), None);
    assert_eq!(f.alloc_contiguous(1, 4096), None);
    assert_eq!(f.free(0x1000), Err(FreeError::OutOfRange(0x1000)));
}

#[test]
fn contiguous_alignment() {
    let mut s = storage(8 * MIB);
    let mut f = FrameAllocator::new(&mut s);
    f.add_free_range(0x3000, 8 * MIB);
    for align in [4096u64, 0x2000, 0x10000, 0x20_0000] {
        let p = f.alloc_contiguous(3, align).unwrap();
        assert_eq!(p % align, 0, "align {align:#x}");
        for i in 0..3 {
            assert!(!f.is_free(p + i * FRAME_SIZE));
        }
    }
    // Alignment below a frame means frame alignment.
    assert!(f.alloc_contiguous(1, 16).is_some());
    assert_eq!(f.alloc_contiguous(1, 0), None);
    assert_eq!(f.alloc_contiguous(1, 0x3000), None); // not a power of two
    assert_eq!(f.alloc_contiguous(0, 4096), None);
}

#[test]
fn contiguous_across_word_boundaries() {
    let mut s = storage(2 * MIB);
    let mut f = FrameAllocator::new(&mut s);
    // Frames 60..70 straddle the boundary between word 0 and word 1.
    f.add_free_range(60 * FRAME_SIZE, 70 * FRAME_SIZE);
    assert_eq!(f.alloc_contiguous(11, 4096), None);
    let p = f.alloc_contiguous(10, 4096).unwrap();
    assert_eq!(p, 60 * FRAME_SIZE);
    assert_eq!(f.free_frames(), 0);
    f.free_contiguous(p, 10).unwrap();
    assert_eq!(f.free_frames(), 10);

    // A run spanning several whole words.
    f.add_free_range(100 * FRAME_SIZE, 300 * FRAME_SIZE);
    let p = f.alloc_contiguous(200, 4096).unwrap();
    assert_eq!(p, 100 * FRAME_SIZE);
}

#[test]
fn contiguous_skips_holes() {
    let mut s = storage(MIB);
    let mut f = FrameAllocator::new(&mut s);
    f.add_free_range(0, MIB);
    // Punch a hole every 8 frames up to frame 128.
    for i in (8..128).step_by(8) {
        f.reserve_range(i * FRAME_SIZE, (i + 1) * FRAME_SIZE);
    }
    // The first gap of 8 is frames 121..=128, past the last hole.
    let p = f.alloc_contiguous(8, 4096).unwrap();
    assert_eq!(p, 121 * FRAME_SIZE);
    let q = f.alloc_contiguous(7, 4096).unwrap();
    assert_eq!(q, FRAME_SIZE); // frames 1..=7 fit before the first hole
                               // Aligned to 64 frames: 64 is a hole and 128 is taken by `p`.
    let r = f.alloc_contiguous(2, 64 * FRAME_SIZE).unwrap();
    assert_eq!(r, 192 * FRAME_SIZE);
}

#[test]
fn contiguous_larger_than_memory() {
    let mut s = storage(MIB);
    let mut f = FrameAllocator::new(&mut s);
    f.add_free_range(0, MIB);
    assert_eq!(f.alloc_contiguous(256, 4096), None); // frame 0 is missing
    assert_eq!(f.alloc_contiguous(usize::MAX, 4096), None);
    assert_eq!(f.alloc_contiguous(255, 4096), Some(FRAME_SIZE));
    assert_eq!(f.alloc_contiguous(1, 1 << 63), None);
}

#[test]
fn free_contiguous_is_all_or_nothing() {
    let mut s = storage(MIB);
    let mut f = FrameAllocator::new(&mut s);
    f.add_free_range(0, MIB);
    let p = f.alloc_contiguous(4, 4096).unwrap();
    f.free(p + 2 * FRAME_SIZE).unwrap();
    let before = f.free_frames();
    assert_eq!(
        f.free_contiguous(p, 4),
        Err(FreeError::NotAllocated(p + 2 * FRAME_SIZE))
    );
    assert_eq!(f.free_frames(), before);
    assert!(!f.is_free(p));
    assert_eq!(f.free_contiguous(p, 2), Ok(()));
    assert_eq!(f.free_contiguous(p + 3 * FRAME_SIZE, 1), Ok(()));
    assert_eq!(f.free_contiguous(p, 0), Ok(()));
    assert_eq!(f.free_frames(), f.total_frames());
    assert_eq!(f.free_contiguous(1, 1), Err(FreeError::Misaligned(1)));
    assert_eq!(
        f.free_contiguous(MIB - FRAME_SIZE, 2),
        Err(FreeError::NotAllocated(MIB - FRAME_SIZE))
    );
    let last = f.alloc_contiguous(1, 4096).unwrap();
    let _ = last;
    assert!(matches!(
        f.free_contiguous(!0xfff, usize::MAX),
        Err(FreeError::OutOfRange(_))
    ));
}

#[test]
fn counts_stay_consistent_under_a_random_workload() {
    // A small deterministic PRNG (xorshift) drives a mix of operations; after
    // each one the counters must agree with a recount of the bitmap.
    let mut s = storage(2 * MIB);
    let mut f = FrameAllocator::new(&mut s);
    f.add_free_range(0, 2 * MIB);
    let mut held: Vec<(u64, usize)> = Vec::new();
    let mut x = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for _ in 0..5000 {
        match next() % 4 {
            0 => {
                if let Some(p) = f.alloc() {
                    held.push((p, 1));
                }
            }
            1 => {
                let count = (next() % 20 + 1) as usize;
                let align = FRAME_SIZE << (next() % 5);
                if let Some(p) = f.alloc_contiguous(count, align) {
                    assert_eq!(p % align, 0);
                    held.push((p, count));
                }
            }
            _ => {
                if !held.is_empty() {
                    let (p, n) = held.swap_remove((next() as usize) % held.len());
                    f.free_contiguous(p, n).unwrap();
                }
            }
        }
        let recount = (0..2 * MIB)
            .step_by(FRAME_SIZE as usize)
            .filter(|&p| f.is_free(p))
            .count();
        assert_eq!(recount, f.free_frames());
        let held_frames: usize = held.iter().map(|h| h.1).sum();
        assert_eq!(f.free_frames() + held_frames, f.total_frames());
    }
    // No frame is held twice.
    let mut all = HashSet::new();
    for &(p, n) in &held {
        for i in 0..n as u64 {
            assert!(all.insert(p + i * FRAME_SIZE));
        }
    }
}
