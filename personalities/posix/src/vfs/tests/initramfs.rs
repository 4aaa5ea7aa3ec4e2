//! Unpacking a cpio newc initramfs.

use super::*;
use alloc::format;
use alloc::string::String;

#[test]
fn unpacks_dirs_files_symlinks_and_missing_parents() {
    let mut w = phantom_cpio::Writer::new();
    w.add_dir(".", 0o755);
    w.add_dir("bin", 0o755);
    w.add_file("bin/busybox", 0o755, b"\x7fELF busybox");
    w.add_symlink("bin/sh", "busybox");
    w.add_file("etc/init.d/rcS", 0o700, b"#!/bin/sh\n"); // no etc/ entries
    w.add_dir("./tmp", 0o1777);
    w.add_file("/empty", 0o600, b"");
    w.add_symlink("lib", "usr/lib");
    w.add_dir("usr", 0o755);
    w.add_dir("usr/lib", 0o755);
    w.add_file("lib/libc.so", 0o644, b"libc"); // through the symlink
    let archive = w.finish();

    let vfs = new_vfs();
    assert_eq!(vfs.unpack_cpio(&archive).unwrap(), 11);
    assert_eq!(read_file(&vfs, "/bin/sh"), b"\x7fELF busybox");
    assert_eq!(vfs.readlink("/", "/bin/sh").unwrap(), "busybox");
    let st = vfs.resolve("/", "/bin/busybox", true).unwrap().stat();
    assert_eq!((st.mode, st.size, st.mtime.sec), (S_IFREG | 0o755, 12, 0));
    assert_eq!(read_file(&vfs, "/etc/init.d/rcS"), b"#!/bin/sh\n");
    assert_eq!(
        vfs.resolve("/", "/etc", true).unwrap().stat().mode,
        S_IFDIR | 0o755
    );
    assert_eq!(
        vfs.resolve("/", "/tmp", true).unwrap().stat().mode,
        S_IFDIR | 0o1777
    );
    assert_eq!(vfs.resolve("/", "/empty", true).unwrap().stat().size, 0);
    assert_eq!(read_file(&vfs, "/usr/lib/libc.so"), b"libc");
    assert_eq!(nlink(&vfs, "/"), 2 + 4); // bin, etc, tmp, usr
}

#[test]
fn later_entries_replace_earlier_ones() {
    let mut w = phantom_cpio::Writer::new();
    w.add_file("f", 0o644, b"old");
    w.add_dir("d", 0o700);
    w.add_file("d/x", 0o644, b"x");
    w.add_file("f", 0o600, b"new");
    w.add_dir("d", 0o755); // merges
    let vfs = new_vfs();
    vfs.unpack_cpio(&w.finish()).unwrap();
    assert_eq!(read_file(&vfs, "/f"), b"new");
    assert_eq!(
        vfs.resolve("/", "/f", true).unwrap().stat().mode,
        S_IFREG | 0o600
    );
    assert_eq!(read_file(&vfs, "/d/x"), b"x");
    assert_eq!(
        vfs.resolve("/", "/d", true).unwrap().stat().mode,
        S_IFDIR | 0o755
    );
}

/// One newc entry, by hand (the Writer has no hard links or owners).
/// `fields` are ino, mode, uid, nlink and mtime; gid is always 7.
fn entry(out: &mut Vec<u8>, fields: [u32; 5], name: &str, data: &[u8]) {
    let [ino, mode, uid, nlink, mtime] = fields;
    let header = format!(
        "070701{ino:08x}{mode:08x}{uid:08x}{:08x}{nlink:08x}{mtime:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}",
        7, data.len(), 0, 0, 0, 0, name.len() + 1, 0
    );
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(name.as_bytes());
    out.push(0);
    while !out.len().is_multiple_of(4) {
        out.push(0);
    }
    out.extend_from_slice(data);
    while !out.len().is_multiple_of(4) {
        out.push(0);
    }
}

#[test]
fn hard_links_owners_and_times() {
    let mut a = Vec::new();
    // GNU cpio stores a hard-linked file's data with its last name only.
    entry(&mut a, [5, S_IFREG | 0o755, 0, 2, 100], "bin/one", b"");
    entry(
        &mut a,
        [5, S_IFREG | 0o755, 0, 2, 100],
        "bin/two",
        b"payload",
    );
    entry(
        &mut a,
        [6, S_IFREG | 0o644, 1000, 1, 1_700_000_000],
        "home/user/notes",
        b"n",
    );
    entry(&mut a, [7, S_IFIFO | 0o600, 0, 1, 0], "run/fifo", b"");
    entry(&mut a, [8, S_IFCHR | 0o600, 0, 1, 0], "dev/console", b"");
    entry(&mut a, [0, 0, 0, 1, 0], "TRAILER!!!", b"");
    let vfs = new_vfs();
    assert_eq!(
        vfs.unpack_cpio(&a).unwrap(),
        4,
        "the device entry is skipped"
    );
    assert_eq!(ino_of(&vfs, "/bin/one"), ino_of(&vfs, "/bin/two"));
    assert_eq!(nlink(&vfs, "/bin/one"), 2);
    assert_eq!(read_file(&vfs, "/bin/one"), b"payload");
    let st = vfs.resolve("/", "/home/user/notes", true).unwrap().stat();
    assert_eq!((st.uid, st.gid, st.mtime.sec), (1000, 7, 1_700_000_000));
    assert_eq!(
        vfs.resolve("/", "/run/fifo", true).unwrap().kind(),
        FileKind::Fifo
    );
    assert_eq!(err(vfs.resolve("/", "/dev/console", true)), Errno::ENOENT);
}

#[test]
fn malformed_archives_fail_cleanly() {
    let mut w = phantom_cpio::Writer::new();
    w.add_file("good", 0o644, b"ok");
    w.add_file("cut", 0o644, b"this will be truncated");
    let archive = w.finish();
    let vfs = new_vfs();
    let cut = &archive[..archive.len() - 40];
    assert_eq!(vfs.unpack_cpio(cut), Err(Errno::EINVAL));
    assert_eq!(read_file(&vfs, "/good"), b"ok", "what came before stays");
    assert_eq!(vfs.unpack_cpio(b"garbage"), Err(Errno::EINVAL));
    // A file where a directory is needed.
    let mut w = phantom_cpio::Writer::new();
    w.add_file("good/below", 0o644, b"");
    assert_eq!(vfs.unpack_cpio(&w.finish()), Err(Errno::ENOTDIR));
    let _: String = String::new();
}
