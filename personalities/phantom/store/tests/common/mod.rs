//! Helpers shared by the store's integration tests: a seeded random generator, page
//! contents that name their page and version, and a model of what a store holds.
#![allow(dead_code)]

use std::collections::BTreeMap;

use phantom_store::{Block, BlockDevice, Change, Error, Store, BLOCK_SIZE};

/// splitmix64: small, seedable, good enough to pick workloads.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut x = self.0;
        x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        x ^ (x >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    pub fn percent(&mut self, p: u64) -> bool {
        self.below(100) < p
    }
}

/// The contents of page `pno` at `version`: the two numbers, then bytes derived
/// from them, so a misplaced, stale or torn page is never mistaken for the right one.
pub fn page(pno: u64, version: u64) -> Box<Block> {
    let mut data = Box::new([0u8; BLOCK_SIZE]);
    data[0..8].copy_from_slice(&pno.to_le_bytes());
    data[8..16].copy_from_slice(&version.to_le_bytes());
    let mut x =
        pno.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ version.wrapping_mul(0xc2b2_ae3d_27d4_eb4f) | 1;
    for word in data[16..].chunks_mut(8) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        word.copy_from_slice(&x.to_le_bytes());
    }
    data
}

/// What a store should hold: page number -> version of its contents.
pub type Model = BTreeMap<u64, u64>;

#[derive(Clone, Copy, Debug)]
pub enum Op {
    Write(u64, u64),
    Remove(u64),
}

pub fn apply(model: &mut Model, ops: &[Op]) {
    for op in ops {
        match *op {
            Op::Write(pno, version) => {
                model.insert(pno, version);
            }
            Op::Remove(pno) => {
                model.remove(&pno);
            }
        }
    }
}

/// Commits `ops` to `store`.
pub fn commit<D: BlockDevice>(store: &mut Store<D>, ops: &[Op]) -> Result<u64, Error> {
    let pages: Vec<Option<Box<Block>>> = ops
        .iter()
        .map(|op| match *op {
            Op::Write(pno, version) => Some(page(pno, version)),
            Op::Remove(_) => None,
        })
        .collect();
    let changes = ops.iter().zip(&pages).map(|(op, data)| match (*op, data) {
        (Op::Write(pno, _), Some(data)) => Change::Write(pno, data),
        (Op::Write(pno, _) | Op::Remove(pno), _) => Change::Remove(pno),
    });
    store.commit(changes)
}

/// Checks that `store` holds exactly the pages of `model`, with exact contents.
pub fn assert_holds<D: BlockDevice>(store: &mut Store<D>, model: &Model, context: &str) {
    let pages: Vec<u64> = store.pages().collect();
    let expected: Vec<u64> = model.keys().copied().collect();
    assert_eq!(pages, expected, "{context}: page numbers");
    assert_eq!(
        store.stats().pages,
        model.len() as u64,
        "{context}: page count"
    );
    let mut buf = [0u8; BLOCK_SIZE];
    for (&pno, &version) in model {
        match store.read_page(pno, &mut buf) {
            Ok(true) => assert!(
                buf[..] == page(pno, version)[..],
                "{context}: page {pno} contents"
            ),
            other => panic!("{context}: page {pno}: {other:?}"),
        }
    }
}

/// A page number: mostly below `dense`, sometimes in a second cluster, rarely far
/// away (so map trees get 3 and 4 levels).
pub fn random_pno(rng: &mut Rng, dense: u64) -> u64 {
    match rng.below(20) {
        0 => rng.below(1 << 26),
        1..=4 => 65_536 + rng.below(dense / 8 + 1),
        _ => rng.below(dense),
    }
}

/// `n` random changes against `model`: mostly writes (page numbers as
/// [`random_pno`] picks them), some removals of present pages. `version` numbers
/// every write uniquely.
pub fn random_ops(
    rng: &mut Rng,
    n: usize,
    model: &Model,
    version: &mut u64,
    dense: u64,
) -> Vec<Op> {
    let mut ops = Vec::with_capacity(n);
    for _ in 0..n {
        if !model.is_empty() && rng.percent(20) {
            let nth = rng.below(model.len() as u64) as usize;
            let pno = *model.keys().nth(nth).unwrap();
            ops.push(Op::Remove(pno));
        } else {
            *version += 1;
            ops.push(Op::Write(random_pno(rng, dense), *version));
        }
    }
    ops
}
