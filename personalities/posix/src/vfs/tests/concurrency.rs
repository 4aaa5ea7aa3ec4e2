//! Several threads at once: no deadlock, and the tree stays a tree with
//! right link counts.

use super::*;
use alloc::collections::BTreeSet;
use alloc::format;
use std::thread;

/// Check every directory below `dir`: nlink is 2 + subdirectories, `..`
/// is the parent, and no directory is reachable twice.
fn check_tree(dir: &NodeRef, parent_ino: u64, seen: &mut BTreeSet<u64>) {
    assert!(seen.insert(dir.ino()), "a directory reachable twice");
    assert_eq!(dir.lookup("..").unwrap().ino(), parent_ino);
    let mut subdirs = 0;
    for entry in dir.readdir().unwrap() {
        if entry.kind == FileKind::Directory {
            subdirs += 1;
            check_tree(&dir.lookup(&entry.name).unwrap(), dir.ino(), seen);
        } else {
            assert_eq!(dir.lookup(&entry.name).unwrap().stat().nlink, 1);
        }
    }
    assert_eq!(dir.stat().nlink, 2 + subdirs);
}

#[test]
fn racing_renames_creations_and_removals() {
    let vfs = Arc::new(new_vfs());
    for d in ["/a", "/b", "/a/x", "/b/y"] {
        vfs.mkdir("/", d, 0o755).unwrap();
    }
    let workers: Vec<_> = (0..4u64)
        .map(|id| {
            let vfs = vfs.clone();
            thread::spawn(move || {
                let mut state = id.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
                let mut next = move || {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state as usize
                };
                let dirs = [
                    "/a", "/b", "/a/x", "/b/y", "/a/x/n1", "/b/y/n2", "/a/n3", "/b/n1",
                ];
                for _ in 0..4000 {
                    let d1 = dirs[next() % dirs.len()];
                    let d2 = dirs[next() % dirs.len()];
                    let name = ["n1", "n2", "n3"][next() % 3];
                    let (p1, p2) = (format!("{d1}/{name}"), format!("{d2}/{name}"));
                    let _ = match next() % 6 {
                        0 => vfs.mkdir("/", &p1, 0o755).map(drop),
                        1 => vfs.rmdir("/", &p1),
                        2 => vfs.rename("/", &p1, &p2),
                        3 => vfs.rename("/", d1, &p2), // whole subtrees move
                        4 => vfs.open("/", &p1, O_CREAT | O_WRONLY, 0o644).map(drop),
                        _ => vfs.unlink("/", &p1),
                    };
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    let root = vfs.root();
    check_tree(&root, root.ino(), &mut BTreeSet::new());
}
