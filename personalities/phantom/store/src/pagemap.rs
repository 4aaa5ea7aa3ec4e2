//! The page map: a copy-on-write radix tree from page number to the page's block.
//!
//! Every node is one block of 256 [`Ptr`]s (16 bytes each); a level consumes 8 bits
//! of the page number, leaves (level 0) point at page contents, inner nodes at
//! nodes one level down. A tree of height `h` holds page numbers below `256^h`:
//! 3 levels for 16 Mi pages (64 GiB of heap), at most 8 for any `u64`.
//!
//! The same copy-on-write happens in memory and on disk. Nodes are shared through
//! `Arc`: a commit clones the committed tree's root (cheap) and changes the clone,
//! copying each node on the way to a changed page (`Arc::make_mut`), so the
//! committed tree is untouched until the commit succeeds and is simply dropped if
//! it fails. A copied node forgets its block (it must be written anew) and hands the
//! old block to the deferred-free list. Writing the tree writes exactly the copied
//! nodes, children before parents: O(changed pages × height) blocks.

use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec::Vec;

use crate::block::{checksum, Block, Kind, Ptr, BLOCK_SIZE, PTR_SIZE};
use crate::device::BlockDevice;
use crate::error::Error;
use crate::space::SpaceMap;

const FANOUT: usize = BLOCK_SIZE / PTR_SIZE;
/// Tallest possible tree: 8 levels of 8 bits cover every `u64`.
pub(crate) const MAX_HEIGHT: u32 = 8;

#[derive(Clone, Default)]
pub(crate) struct PageMap {
    root: Option<Arc<Node>>,
    height: u32,
    len: u64,
}

#[derive(Clone)]
struct Node {
    /// Where this node is on disk; null while it exists only in memory.
    disk: Ptr,
    body: Body,
}

#[derive(Clone)]
enum Body {
    Inner(Box<[Option<Arc<Node>>; FANOUT]>),
    Leaf(Box<[Ptr; FANOUT]>),
}

impl Node {
    fn empty(level: u32) -> Node {
        let body = if level == 0 {
            Body::Leaf(Box::new([Ptr::NULL; FANOUT]))
        } else {
            Body::Inner(Box::new(core::array::from_fn(|_| None)))
        };
        Node {
            disk: Ptr::NULL,
            body,
        }
    }

    fn is_empty(&self) -> bool {
        match &self.body {
            Body::Inner(children) => children.iter().all(Option::is_none),
            Body::Leaf(pages) => pages.iter().all(|p| p.is_null()),
        }
    }
}

/// The 8 bits of `pno` that index a node at `level`.
fn digit(pno: u64, level: u32) -> usize {
    ((pno >> (8 * level)) & 0xff) as usize
}

/// Whether a tree of `height` levels can hold `pno`.
fn fits(pno: u64, height: u32) -> bool {
    height >= MAX_HEIGHT || pno >> (8 * height) == 0
}

/// Makes `node` private to the tree being changed and marks it for rewriting: its
/// old block, if it had one, is no longer referenced by the new generation.
fn touch<'a>(node: &'a mut Arc<Node>, freed: &mut Vec<u64>) -> &'a mut Node {
    let node = Arc::make_mut(node);
    if !node.disk.is_null() {
        freed.push(node.disk.block);
        node.disk = Ptr::NULL;
    }
    node
}

impl PageMap {
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn height(&self) -> u32 {
        self.height
    }

    /// The root node's pointer. Only meaningful after [`PageMap::write`].
    pub fn root_ptr(&self) -> Ptr {
        self.root.as_ref().map_or(Ptr::NULL, |root| root.disk)
    }

    pub fn get(&self, pno: u64) -> Option<Ptr> {
        if !fits(pno, self.height) {
            return None;
        }
        let mut node = self.root.as_deref()?;
        let mut level = self.height.checked_sub(1)?;
        loop {
            match &node.body {
                Body::Leaf(pages) => {
                    let ptr = pages[digit(pno, level)];
                    return (!ptr.is_null()).then_some(ptr);
                }
                Body::Inner(children) => {
                    node = children[digit(pno, level)].as_deref()?;
                    level = level.checked_sub(1)?;
                }
            }
        }
    }

    /// Points `pno` at `ptr`; returns what it pointed at before. Blocks of nodes that
    /// must be rewritten go to `freed`.
    pub fn insert(&mut self, pno: u64, ptr: Ptr, freed: &mut Vec<u64>) -> Option<Ptr> {
        if self.root.is_none() {
            self.height = (1..=MAX_HEIGHT)
                .find(|&h| fits(pno, h))
                .unwrap_or(MAX_HEIGHT);
            self.root = Some(Arc::new(Node::empty(self.height - 1)));
        }
        while !fits(pno, self.height) {
            let mut grown = Node::empty(self.height);
            if let Body::Inner(children) = &mut grown.body {
                children[0] = self.root.take();
            }
            self.root = Some(Arc::new(grown));
            self.height += 1;
        }
        let root = self.root.as_mut()?;
        let old = insert_at(root, self.height - 1, pno, ptr, freed);
        if old.is_none() {
            self.len += 1;
        }
        old
    }

    /// Removes `pno`; returns what it pointed at. Nodes left empty are dropped.
    pub fn remove(&mut self, pno: u64, freed: &mut Vec<u64>) -> Option<Ptr> {
        self.get(pno)?;
        let root = self.root.as_mut()?;
        let (old, now_empty) = remove_at(root, self.height - 1, pno, freed);
        if now_empty {
            // The emptied root's block (if any) went to `freed` when it was touched.
            self.root = None;
            self.height = 0;
        }
        self.len -= 1;
        self.shrink(freed);
        old
    }

    /// Drops root levels that only lead to child 0, so a tree that once held a far
    /// page does not make every later commit rewrite a long path.
    fn shrink(&mut self, freed: &mut Vec<u64>) {
        while self.height > 1 {
            let Some(root) = self.root.as_deref() else {
                return;
            };
            let Body::Inner(children) = &root.body else {
                return;
            };
            if children[1..].iter().any(Option::is_some) {
                return;
            }
            if !root.disk.is_null() {
                freed.push(root.disk.block);
            }
            self.root = children[0].clone();
            self.height -= 1;
        }
    }

    /// Writes every node changed since the tree was last written, children first.
    /// `put` allocates a block for a node, writes it and returns its pointer.
    pub fn write(
        &mut self,
        put: &mut dyn FnMut(Kind, &Block) -> Result<Ptr, Error>,
    ) -> Result<(), Error> {
        if let Some(root) = self.root.as_mut() {
            let mut scratch = Box::new([0u8; BLOCK_SIZE]);
            write_node(root, self.height - 1, put, &mut scratch)?;
        }
        Ok(())
    }

    /// Every block the tree references: its nodes and its pages.
    #[cfg(test)]
    pub fn blocks(&self) -> Vec<u64> {
        fn walk(node: &Node, out: &mut Vec<u64>) {
            out.push(node.disk.block);
            match &node.body {
                Body::Inner(children) => {
                    children.iter().flatten().for_each(|child| walk(child, out))
                }
                Body::Leaf(pages) => {
                    out.extend(pages.iter().filter(|p| !p.is_null()).map(|p| p.block))
                }
            }
        }
        let mut out = Vec::new();
        if let Some(root) = self.root.as_deref() {
            walk(root, &mut out);
        }
        out
    }

    /// Page numbers in increasing order.
    pub fn iter(&self) -> Pages<'_> {
        let mut stack = Vec::new();
        if let Some(root) = self.root.as_deref() {
            stack.push((root, 0u64, 0usize));
        }
        Pages { stack }
    }

    /// Reads and verifies the tree at `root` (`height` levels, `pages` entries),
    /// claiming every node and page block in `space`. With `verify_pages`, every
    /// page's contents are read and checked too.
    pub fn load<D: BlockDevice>(
        dev: &mut D,
        root: Ptr,
        height: u32,
        pages: u64,
        space: &mut SpaceMap,
        verify_pages: bool,
    ) -> Result<PageMap, Error> {
        if height > MAX_HEIGHT || root.is_null() != (height == 0) || (height == 0) != (pages == 0) {
            return Err(Error::corrupt(root.block, "root: page map shape"));
        }
        if root.is_null() {
            return Ok(PageMap::default());
        }
        let mut loader = Loader {
            dev,
            space,
            verify_pages,
            count: 0,
            buf: Box::new([0; BLOCK_SIZE]),
        };
        let node = loader.node(root, height - 1, 0)?;
        if loader.count != pages {
            return Err(Error::corrupt(
                root.block,
                "root: page count disagrees with the map",
            ));
        }
        Ok(PageMap {
            root: Some(node),
            height,
            len: pages,
        })
    }
}

fn insert_at(
    node: &mut Arc<Node>,
    level: u32,
    pno: u64,
    ptr: Ptr,
    freed: &mut Vec<u64>,
) -> Option<Ptr> {
    let node = touch(node, freed);
    let at = digit(pno, level);
    match &mut node.body {
        Body::Leaf(pages) => {
            let old = core::mem::replace(&mut pages[at], ptr);
            (!old.is_null()).then_some(old)
        }
        Body::Inner(children) => {
            let child = children[at].get_or_insert_with(|| Arc::new(Node::empty(level - 1)));
            insert_at(child, level - 1, pno, ptr, freed)
        }
    }
}

/// Removes `pno` below `node` (the caller knows it is present); returns the old
/// pointer and whether `node` is now empty.
fn remove_at(
    node: &mut Arc<Node>,
    level: u32,
    pno: u64,
    freed: &mut Vec<u64>,
) -> (Option<Ptr>, bool) {
    let node = touch(node, freed);
    let at = digit(pno, level);
    let old = match &mut node.body {
        Body::Leaf(pages) => {
            let old = core::mem::replace(&mut pages[at], Ptr::NULL);
            (!old.is_null()).then_some(old)
        }
        Body::Inner(children) => match children[at].as_mut() {
            Some(child) => {
                let (old, child_empty) = remove_at(child, level - 1, pno, freed);
                if child_empty {
                    children[at] = None;
                }
                old
            }
            None => None,
        },
    };
    (old, node.is_empty())
}

fn write_node(
    node: &mut Arc<Node>,
    level: u32,
    put: &mut dyn FnMut(Kind, &Block) -> Result<Ptr, Error>,
    scratch: &mut Block,
) -> Result<Ptr, Error> {
    if !node.disk.is_null() {
        return Ok(node.disk);
    }
    // A node without a block was created or copied by this commit: it is not shared.
    let node = Arc::make_mut(node);
    if let Body::Inner(children) = &mut node.body {
        for child in children.iter_mut().flatten() {
            write_node(child, level - 1, put, scratch)?;
        }
    }
    scratch.fill(0);
    for at in 0..FANOUT {
        let ptr = match &node.body {
            Body::Inner(children) => children[at].as_ref().map_or(Ptr::NULL, |child| child.disk),
            Body::Leaf(pages) => pages[at],
        };
        ptr.encode(&mut scratch[at * PTR_SIZE..]);
    }
    node.disk = put(Kind::MapNode(level as u8), scratch)?;
    Ok(node.disk)
}

struct Loader<'a, D> {
    dev: &'a mut D,
    space: &'a mut SpaceMap,
    verify_pages: bool,
    count: u64,
    buf: Box<Block>,
}

impl<D: BlockDevice> Loader<'_, D> {
    /// Loads the node at `ptr`, at `level`, whose pages all start with `prefix`.
    /// Recursion is at most `MAX_HEIGHT` deep; every block is claimed once, so a
    /// hostile disk cannot make the walk loop or revisit.
    fn node(&mut self, ptr: Ptr, level: u32, prefix: u64) -> Result<Arc<Node>, Error> {
        self.space
            .claim(ptr.block, "map node pointer out of range")?;
        self.dev.read(ptr.block, &mut self.buf)?;
        if checksum(Kind::MapNode(level as u8), &self.buf[..]) != ptr.sum {
            return Err(Error::corrupt(ptr.block, "map node checksum mismatch"));
        }
        let mut ptrs = Box::new([Ptr::NULL; FANOUT]);
        for (at, slot) in ptrs.iter_mut().enumerate() {
            *slot = Ptr::decode(&self.buf[at * PTR_SIZE..])
                .ok_or(Error::corrupt(ptr.block, "map node: malformed pointer"))?;
        }
        if ptrs.iter().all(|p| p.is_null()) {
            return Err(Error::corrupt(ptr.block, "map node: empty"));
        }
        let body = if level == 0 {
            for (at, page) in ptrs.iter().enumerate().filter(|(_, p)| !p.is_null()) {
                self.page((prefix << 8) | at as u64, *page)?;
            }
            Body::Leaf(ptrs)
        } else {
            let mut children: Box<[Option<Arc<Node>>; FANOUT]> =
                Box::new(core::array::from_fn(|_| None));
            for (at, child) in ptrs.iter().enumerate().filter(|(_, p)| !p.is_null()) {
                children[at] = Some(self.node(*child, level - 1, (prefix << 8) | at as u64)?);
            }
            Body::Inner(children)
        };
        Ok(Arc::new(Node { disk: ptr, body }))
    }

    fn page(&mut self, pno: u64, ptr: Ptr) -> Result<(), Error> {
        self.space.claim(ptr.block, "page pointer out of range")?;
        self.count += 1;
        if self.verify_pages {
            self.dev.read(ptr.block, &mut self.buf)?;
            if checksum(Kind::Page(pno), &self.buf[..]) != ptr.sum {
                return Err(Error::corrupt(ptr.block, "page checksum mismatch"));
            }
        }
        Ok(())
    }
}

/// Iterator over the page numbers of a generation, in increasing order
/// ([`Store::pages`](crate::Store::pages)).
pub struct Pages<'a> {
    /// Nodes being walked: the node, the page-number prefix above it, the next slot.
    stack: Vec<(&'a Node, u64, usize)>,
}

impl Iterator for Pages<'_> {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        loop {
            let (node, prefix, at) = self.stack.last_mut()?;
            if *at == FANOUT {
                self.stack.pop();
                continue;
            }
            let slot = *at;
            *at += 1;
            let (node, prefix) = (*node, *prefix);
            match &node.body {
                Body::Leaf(pages) if !pages[slot].is_null() => {
                    return Some((prefix << 8) | slot as u64)
                }
                Body::Leaf(_) => {}
                Body::Inner(children) => {
                    if let Some(child) = children[slot].as_deref() {
                        self.stack.push((child, (prefix << 8) | slot as u64, 0));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::collections::BTreeMap;

    fn ptr(n: u64) -> Ptr {
        Ptr {
            block: n + 1000,
            sum: n,
        }
    }

    #[test]
    fn insert_get_remove_and_iterate_in_order() {
        let mut map = PageMap::default();
        let mut freed = Vec::new();
        let mut model = BTreeMap::new();
        let keys = [
            0u64,
            1,
            255,
            256,
            65_535,
            65_536,
            131_071,
            1 << 40,
            u64::MAX,
            7,
        ];
        for (i, &k) in keys.iter().enumerate() {
            assert_eq!(map.insert(k, ptr(i as u64), &mut freed), None);
            model.insert(k, ptr(i as u64));
        }
        assert_eq!(map.height(), MAX_HEIGHT);
        assert_eq!(map.len(), keys.len() as u64);
        assert_eq!(map.insert(7, ptr(99), &mut freed), Some(ptr(9)));
        model.insert(7, ptr(99));
        for (&k, &p) in &model {
            assert_eq!(map.get(k), Some(p));
        }
        assert_eq!(map.get(2), None);
        assert_eq!(map.get(1 << 41), None);
        assert!(map.iter().eq(model.keys().copied()));
        for &k in &keys {
            assert_eq!(map.remove(k, &mut freed), model.remove(&k));
            assert_eq!(map.remove(k, &mut freed), None);
            assert!(map.iter().eq(model.keys().copied()));
            if model.keys().all(|&k| k < 1 << 24) {
                // The far pages are gone: the tree is only as tall as it needs to be.
                assert!(map.height() <= 3, "height {}", map.height());
            }
            for (&k, &p) in &model {
                assert_eq!(map.get(k), Some(p));
            }
        }
        assert_eq!(map.len(), 0);
        assert_eq!(map.height(), 0);
        assert!(freed.is_empty(), "nothing was on disk");
    }

    #[test]
    fn a_change_copies_only_its_path_and_leaves_the_old_tree_intact() {
        let mut map = PageMap::default();
        let mut freed = Vec::new();
        for pno in 0..70_000 {
            map.insert(pno, ptr(pno), &mut freed);
        }
        let mut next_block = 10;
        let mut written = 0;
        let mut put = |_kind: Kind, _b: &Block| {
            next_block += 1;
            written += 1;
            Ok(Ptr {
                block: next_block,
                sum: 1,
            })
        };
        map.write(&mut put).unwrap();
        // 70_000 pages: 274 leaves, 2 inner nodes at level 1, one root.
        assert_eq!(written, 274 + 2 + 1);
        let committed = map.clone();
        map.insert(5, ptr(5_000_000), &mut freed);
        map.remove(69_999, &mut freed);
        // Two leaves, one level-1 node for each, one root: five old blocks are freed.
        assert_eq!(freed.len(), 5);
        assert_eq!(committed.get(5), Some(ptr(5)));
        assert_eq!(committed.get(69_999), Some(ptr(69_999)));
        assert_eq!(map.get(5), Some(ptr(5_000_000)));
        let mut rewritten = 0;
        map.write(&mut |_, _| {
            rewritten += 1;
            Ok(Ptr {
                block: 999_999 + rewritten,
                sum: 1,
            })
        })
        .unwrap();
        assert_eq!(rewritten, 5);
    }
}
