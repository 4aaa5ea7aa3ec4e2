//! tmpfs: create, unlink, rmdir, rename rules, links, limits, metadata.

use super::*;
use alloc::string::String;
use alloc::vec;

#[test]
fn create_and_remove_with_linux_errors() {
    let vfs = new_vfs();
    vfs.mkdir("/", "/d", 0o755).unwrap();
    write_file(&vfs, "/d/f", b"x");
    assert_eq!(err(vfs.mkdir("/", "/d", 0o755)), Errno::EEXIST);
    assert_eq!(err(vfs.mkdir("/", "/d/f", 0o755)), Errno::EEXIST);
    assert_eq!(err(vfs.mkdir("/", "/d/.", 0o755)), Errno::EEXIST);
    assert_eq!(err(vfs.mkdir("/", "/", 0o755)), Errno::EEXIST);
    assert_eq!(err(vfs.mkdir("/", "/nope/x", 0o755)), Errno::ENOENT);
    vfs.mkdir("/", "/d/sub/", 0o755).unwrap(); // trailing slash is fine

    assert_eq!(err(vfs.unlink("/", "/d")), Errno::EISDIR);
    assert_eq!(err(vfs.unlink("/", "/d/missing")), Errno::ENOENT);
    assert_eq!(err(vfs.unlink("/", "/d/f/")), Errno::ENOTDIR);
    assert_eq!(err(vfs.rmdir("/", "/d/f")), Errno::ENOTDIR);
    assert_eq!(err(vfs.rmdir("/", "/d")), Errno::ENOTEMPTY);
    assert_eq!(err(vfs.rmdir("/", "/d/.")), Errno::EINVAL);
    assert_eq!(err(vfs.rmdir("/", "/d/sub/..")), Errno::ENOTEMPTY);
    vfs.unlink("/", "/d/f").unwrap();
    vfs.rmdir("/", "/d/sub/").unwrap();
    vfs.rmdir("/", "/d").unwrap();
    assert!(vfs.root().readdir().unwrap().is_empty());
}

#[test]
fn directory_link_counts() {
    let vfs = new_vfs();
    assert_eq!(nlink(&vfs, "/"), 2);
    vfs.mkdir("/", "/a", 0o755).unwrap();
    assert_eq!((nlink(&vfs, "/"), nlink(&vfs, "/a")), (3, 2));
    vfs.mkdir("/", "/a/x", 0o755).unwrap();
    vfs.mkdir("/", "/a/y", 0o755).unwrap();
    write_file(&vfs, "/a/file", b"");
    assert_eq!(
        nlink(&vfs, "/a"),
        4,
        "2 + two subdirectories, files do not count"
    );
    vfs.rmdir("/", "/a/y").unwrap();
    assert_eq!(nlink(&vfs, "/a"), 3);
    // Moving a directory moves its `..` link.
    vfs.mkdir("/", "/b", 0o755).unwrap();
    vfs.rename("/", "/a/x", "/b/x").unwrap();
    assert_eq!((nlink(&vfs, "/a"), nlink(&vfs, "/b")), (2, 3));
    assert_eq!(
        vfs.resolve("/", "/b/x/..", true).unwrap().ino(),
        ino_of(&vfs, "/b")
    );
    assert_eq!(
        vfs.resolve("/", "/b/x", true)
            .unwrap()
            .lookup("..")
            .unwrap()
            .ino(),
        ino_of(&vfs, "/b")
    );
    // A removed directory reports no links and refuses new entries.
    let x = vfs.resolve("/", "/b/x", true).unwrap();
    vfs.rmdir("/", "/b/x").unwrap();
    assert_eq!(x.stat().nlink, 0);
    assert_eq!(
        err(x.create("new", CreateKind::Regular, 0o644)),
        Errno::ENOENT
    );
    assert_eq!(nlink(&vfs, "/b"), 2);
}

#[test]
fn hard_links_share_the_inode() {
    let vfs = new_vfs();
    write_file(&vfs, "/f", b"shared");
    vfs.mkdir("/", "/d", 0o755).unwrap();
    vfs.link("/", "/f", "/d/g", true).unwrap();
    assert_eq!(ino_of(&vfs, "/f"), ino_of(&vfs, "/d/g"));
    assert_eq!((nlink(&vfs, "/f"), nlink(&vfs, "/d/g")), (2, 2));
    write_file(&vfs, "/d/g", b"changed");
    assert_eq!(read_file(&vfs, "/f"), b"changed");
    assert_eq!(err(vfs.link("/", "/f", "/d/g", true)), Errno::EEXIST);
    assert_eq!(err(vfs.link("/", "/d", "/d2", true)), Errno::EPERM);
    assert_eq!(err(vfs.link("/", "/missing", "/x", true)), Errno::ENOENT);
    // link() to a symlink: with follow the target, without the link itself.
    vfs.symlink("/", "/f", "/s").unwrap();
    vfs.link("/", "/s", "/via_follow", true).unwrap();
    vfs.link("/", "/s", "/via_nofollow", false).unwrap();
    assert_eq!(ino_of(&vfs, "/via_follow"), ino_of(&vfs, "/f"));
    assert_eq!(ino_of(&vfs, "/via_nofollow"), ino_of(&vfs, "/s"));
    vfs.unlink("/", "/f").unwrap();
    assert_eq!(nlink(&vfs, "/d/g"), 2);
    assert_eq!(read_file(&vfs, "/d/g"), b"changed");
}

#[test]
fn an_unlinked_open_file_lives_on() {
    let vfs = new_vfs();
    write_file(&vfs, "/tmpfile", b"still here");
    let f = vfs.open("/", "/tmpfile", O_RDWR, 0).unwrap();
    vfs.unlink("/", "/tmpfile").unwrap();
    assert_eq!(f.stat().nlink, 0);
    let mut buf = [0u8; 32];
    assert_eq!(f.read(&mut buf).unwrap(), 10);
    assert_eq!(&buf[..10], b"still here");
    // Linking it back in is refused, as Linux does without O_TMPFILE.
    assert_eq!(err(vfs.root().link("back", f.inode())), Errno::ENOENT);
}

#[test]
fn rename_replacement_rules() {
    let vfs = new_vfs();
    write_file(&vfs, "/f1", b"one");
    write_file(&vfs, "/f2", b"two");
    for d in ["/d1", "/d2", "/full", "/full/inner"] {
        vfs.mkdir("/", d, 0o755).unwrap();
    }
    let f2 = vfs.resolve("/", "/f2", true).unwrap();
    // File over file: the old one loses its name.
    vfs.rename("/", "/f1", "/f2").unwrap();
    assert_eq!(read_file(&vfs, "/f2"), b"one");
    assert_eq!(err(vfs.resolve("/", "/f1", true)), Errno::ENOENT);
    assert_eq!(f2.stat().nlink, 0);
    // Mismatched kinds.
    assert_eq!(err(vfs.rename("/", "/f2", "/d1")), Errno::EISDIR);
    assert_eq!(err(vfs.rename("/", "/d1", "/f2")), Errno::ENOTDIR);
    assert_eq!(err(vfs.rename("/", "/f2/", "/x")), Errno::ENOTDIR);
    // Directory over an empty directory is fine, over a full one not.
    assert_eq!(err(vfs.rename("/", "/d1", "/full")), Errno::ENOTEMPTY);
    let links_before = nlink(&vfs, "/");
    vfs.rename("/", "/d1", "/d2").unwrap();
    assert_eq!(nlink(&vfs, "/"), links_before - 1);
    assert_eq!(err(vfs.resolve("/", "/d1", true)), Errno::ENOENT);
    // Into itself.
    assert_eq!(
        err(vfs.rename("/", "/full", "/full/inner/x")),
        Errno::EINVAL
    );
    assert_eq!(err(vfs.rename("/", "/full", "/full/x")), Errno::EINVAL);
    // A directory over its own ancestor.
    assert_eq!(
        err(vfs.rename("/", "/full/inner", "/full")),
        Errno::ENOTEMPTY
    );
    vfs.mkdir("/", "/full/inner/deeper", 0o755).unwrap();
    let deeper_over_ancestor = vfs.rename("/", "/full/inner/deeper", "/full");
    assert_eq!(err(deeper_over_ancestor), Errno::ENOTEMPTY);
    vfs.rmdir("/", "/full/inner/deeper").unwrap();
    // Missing source, dots.
    assert_eq!(err(vfs.rename("/", "/none", "/x")), Errno::ENOENT);
    assert_eq!(err(vfs.rename("/", "/full/.", "/x")), Errno::EBUSY);
    // Two names of one file: nothing happens.
    vfs.link("/", "/f2", "/f3", true).unwrap();
    vfs.rename("/", "/f2", "/f3").unwrap();
    assert_eq!((nlink(&vfs, "/f2"), nlink(&vfs, "/f3")), (2, 2));
    vfs.rename("/", "/f2", "/f2").unwrap();
    // Within one directory.
    vfs.rename("/", "/full/inner", "/full/renamed").unwrap();
    assert!(vfs.resolve("/", "/full/renamed", true).is_ok());
    assert_eq!(nlink(&vfs, "/full"), 3);
}

#[test]
fn sparse_growth_and_truncate() {
    let vfs = new_vfs();
    let f = vfs.open("/", "/sparse", O_CREAT | O_RDWR, 0o644).unwrap();
    assert_eq!(f.pwrite(b"end", 10).unwrap(), 3);
    assert_eq!(f.stat().size, 13);
    assert_eq!(read_file(&vfs, "/sparse"), b"\0\0\0\0\0\0\0\0\0\0end");
    f.truncate(4).unwrap();
    assert_eq!(read_file(&vfs, "/sparse"), b"\0\0\0\0");
    f.truncate(6).unwrap();
    assert_eq!(read_file(&vfs, "/sparse"), b"\0\0\0\0\0\0");
    assert_eq!(f.stat().blocks, 8);
    // Reading past the end is EOF, not an error.
    assert_eq!(f.pread(&mut [0u8; 4], 100).unwrap(), 0);
}

#[test]
fn size_limits_give_efbig_and_enospc() {
    let vfs = new_vfs();
    let limits = tmpfs::Limits {
        max_file_size: 100,
        capacity: 150,
    };
    vfs.mkdir("/", "/small", 0o755).unwrap();
    let fs = vfs.new_tmpfs(limits);
    vfs.mount("/small", fs.clone(), "tmpfs").unwrap();
    let a = vfs.open("/", "/small/a", O_CREAT | O_RDWR, 0o644).unwrap();
    assert_eq!(err(a.pwrite(b"x", 100)), Errno::EFBIG);
    assert_eq!(err(a.truncate(101)), Errno::EFBIG);
    // A write crossing the size limit is cut short.
    assert_eq!(a.pwrite(&[1u8; 50], 90).unwrap(), 10);
    assert_eq!(tmpfs::bytes_used(&fs), Some(100));
    let b = vfs.open("/", "/small/b", O_CREAT | O_RDWR, 0o644).unwrap();
    // 50 bytes of capacity left: a longer write takes what fits.
    assert_eq!(b.write(&[2u8; 80]).unwrap(), 50);
    assert_eq!(err(b.write(&[2u8; 1])), Errno::ENOSPC);
    assert_eq!(err(b.truncate(60)), Errno::ENOSPC);
    // Overwriting in place needs no room.
    assert_eq!(b.pwrite(&[3u8; 10], 0).unwrap(), 10);
    // Space comes back when the last reference to an unlinked file goes.
    vfs.unlink("/", "/small/a").unwrap();
    assert_eq!(tmpfs::bytes_used(&fs), Some(150));
    drop(a);
    assert_eq!(tmpfs::bytes_used(&fs), Some(50));
    b.truncate(0).unwrap();
    assert_eq!(tmpfs::bytes_used(&fs), Some(0));
}

#[test]
fn metadata_times_mode_owner() {
    let vfs = new_vfs();
    vfs.mkdir("/", "/d", 0o750).unwrap();
    let d = vfs.resolve("/", "/d", true).unwrap();
    let st = d.stat();
    assert_eq!(st.mode, S_IFDIR | 0o750);
    assert_eq!(st.size, 2 * 20);
    assert_eq!(st.blksize, 4096);
    assert!(st.mtime.sec >= 1000);
    let before = d.stat().mtime;
    write_file(&vfs, "/d/f", b"abc");
    assert!(d.stat().mtime > before, "a new entry changes the directory");
    let f = vfs.resolve("/", "/d/f", true).unwrap();
    let st = f.stat();
    assert_eq!(
        (st.mode, st.size, st.nlink, st.uid, st.gid),
        (S_IFREG | 0o644, 3, 1, 0, 0)
    );
    assert_eq!(st.dev, d.stat().dev);
    assert_ne!(st.ino, d.stat().ino);

    f.set_mode(0o4755 | S_IFDIR).unwrap();
    assert_eq!(f.stat().mode, S_IFREG | 0o4755, "the type stays");
    f.set_owner(Some(1000), None).unwrap();
    assert_eq!((f.stat().uid, f.stat().gid), (1000, 0));
    f.set_owner(None, Some(50)).unwrap();
    assert_eq!((f.stat().uid, f.stat().gid), (1000, 50));

    let at = Timespec::new(42, 7);
    f.set_times(SetTime::At(at), SetTime::Omit).unwrap();
    let st = f.stat();
    assert_eq!(st.atime, at);
    assert_ne!(st.mtime, at);
    f.set_times(SetTime::Omit, SetTime::Now).unwrap();
    assert!(f.stat().mtime > st.mtime);
    assert!(f.stat().ctime >= f.stat().mtime);
    assert_eq!(f.stat().atime, at);
    assert_eq!(SetTime::from_linux(5, UTIME_OMIT as i64), Ok(SetTime::Omit));
    assert_eq!(SetTime::from_linux(5, UTIME_NOW as i64), Ok(SetTime::Now));
    assert_eq!(SetTime::from_linux(5, 1_000_000_000), Err(Errno::EINVAL));

    let other_fs = vfs.new_tmpfs(Default::default());
    assert_ne!(other_fs.stat().dev, d.stat().dev);
}

#[test]
fn listing_is_sorted_with_kinds_and_unique_inodes() {
    let vfs = new_vfs();
    vfs.mkdir("/", "/dir", 0o755).unwrap();
    write_file(&vfs, "/b_file", b"");
    vfs.symlink("/", "dir", "/c_link").unwrap();
    vfs.mknod("/", "/a_fifo", CreateKind::Fifo, 0o600).unwrap();
    let list = vfs.root().readdir().unwrap();
    let summary: Vec<(String, FileKind)> = list.iter().map(|e| (e.name.clone(), e.kind)).collect();
    assert_eq!(
        summary,
        vec![
            ("a_fifo".into(), FileKind::Fifo),
            ("b_file".into(), FileKind::Regular),
            ("c_link".into(), FileKind::Symlink),
            ("dir".into(), FileKind::Directory),
        ]
    );
    let mut inos: Vec<u64> = list.iter().map(|e| e.ino).collect();
    inos.push(vfs.root().ino());
    inos.sort();
    inos.dedup();
    assert_eq!(inos.len(), 5);
    assert_eq!(vfs.resolve("/", "/c_link", false).unwrap().stat().size, 3);
}

#[test]
fn fifo_in_tmpfs_connects_its_openers() {
    let vfs = new_vfs();
    vfs.mknod("/", "/fifo", CreateKind::Fifo, 0o644).unwrap();
    assert_eq!(
        vfs.resolve("/", "/fifo", true).unwrap().stat().mode,
        S_IFIFO | 0o644
    );
    assert_eq!(
        err(vfs.open("/", "/fifo", O_WRONLY | O_NONBLOCK, 0)),
        Errno::ENXIO
    );
    let reader = vfs.open("/", "/fifo", O_RDONLY | O_NONBLOCK, 0).unwrap();
    let mut buf = [0u8; 8];
    // No writer yet: EOF, as on Linux for a non-blocking reader.
    assert_eq!(reader.read(&mut buf).unwrap(), 0);
    let writer = vfs.open("/", "/fifo", O_WRONLY, 0).unwrap();
    assert_eq!(reader.read(&mut buf), Err(Errno::EAGAIN));
    assert_eq!(writer.write(b"ping").unwrap(), 4);
    assert!(reader.poll().contains(PollMask::IN));
    assert_eq!(reader.read(&mut buf).unwrap(), 4);
    assert_eq!(&buf[..4], b"ping");
    assert_eq!(err(reader.seek(0, SEEK_SET)), Errno::ESPIPE);
    assert_eq!(reader.stat().mode & S_IFMT, S_IFIFO);
    assert_eq!(reader.stat().ino, ino_of(&vfs, "/fifo"));
    drop(reader);
    assert_eq!(writer.write(b"x"), Err(Errno::EPIPE));
    // The fifo end can be found for the blocking-open protocol.
    let end = writer
        .io_node()
        .as_any()
        .downcast_ref::<crate::pipe::PipeEnd>()
        .unwrap();
    assert_eq!(end.pipe().readers(), 0);
}

#[test]
fn device_nodes_reach_registered_devices() {
    let vfs = new_vfs();
    let null_dev = makedev(1, 3);
    vfs.mknod(
        "/",
        "/mynull",
        CreateKind::CharDevice { rdev: null_dev },
        0o666,
    )
    .unwrap();
    assert_eq!(err(vfs.open("/", "/mynull", O_RDWR, 0)), Errno::ENXIO);
    let dev = vfs.new_devfs(1); // registers the memory devices
    drop(dev);
    let f = vfs.open("/", "/mynull", O_RDWR, 0).unwrap();
    assert_eq!(f.write(b"swallowed").unwrap(), 9);
    assert_eq!(f.read(&mut [0u8; 4]).unwrap(), 0);
    let st = f.stat();
    assert_eq!((st.mode, st.rdev), (S_IFCHR | 0o666, null_dev));
    assert_eq!(st.ino, ino_of(&vfs, "/mynull"));
}
