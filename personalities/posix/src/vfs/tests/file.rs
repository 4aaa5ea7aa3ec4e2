//! Open files: open flags, offsets, O_APPEND, seek, getdents64.

use super::*;
use alloc::string::{String, ToString};
use alloc::vec;

#[test]
fn open_flag_rules() {
    let vfs = new_vfs();
    vfs.mkdir("/", "/d", 0o755).unwrap();
    assert_eq!(err(vfs.open("/", "/f", O_RDONLY, 0)), Errno::ENOENT);
    let f = vfs
        .open("/", "/f", O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        .unwrap();
    assert_eq!(f.flags(), O_WRONLY, "open-time flags are not kept");
    assert_eq!(f.path(), Some("/f"));
    assert_eq!(f.stat().mode, S_IFREG | 0o600);
    f.write(b"content").unwrap();
    assert_eq!(
        err(vfs.open("/", "/f", O_CREAT | O_EXCL | O_WRONLY, 0o600)),
        Errno::EEXIST
    );
    // O_CREAT without O_EXCL opens what is there.
    let again = vfs.open("/", "/f", O_CREAT | O_RDONLY, 0o777).unwrap();
    assert_eq!(again.stat().mode, S_IFREG | 0o600);
    assert_eq!(again.stat().size, 7);
    // O_TRUNC.
    vfs.open("/", "/f", O_WRONLY | O_TRUNC, 0).unwrap();
    assert_eq!(again.stat().size, 0);
    // Directories.
    assert_eq!(
        err(vfs.open("/", "/f", O_RDONLY | O_DIRECTORY, 0)),
        Errno::ENOTDIR
    );
    assert_eq!(err(vfs.open("/", "/d", O_WRONLY, 0)), Errno::EISDIR);
    assert_eq!(
        err(vfs.open("/", "/d", O_RDONLY | O_CREAT, 0o644)),
        Errno::EISDIR
    );
    assert_eq!(
        err(vfs.open("/", "/d/new/", O_RDWR | O_CREAT, 0o644)),
        Errno::EISDIR
    );
    assert!(vfs.open("/", "/d", O_RDONLY | O_DIRECTORY, 0).is_ok());
    assert_eq!(err(vfs.open("/", "/f/", O_RDONLY, 0)), Errno::ENOTDIR);
    // Symlinks.
    vfs.symlink("/", "/f", "/link").unwrap();
    assert_eq!(
        err(vfs.open("/", "/link", O_RDONLY | O_NOFOLLOW, 0)),
        Errno::ELOOP
    );
    let via = vfs.open("/", "/link", O_RDONLY | O_CREAT, 0o644).unwrap();
    assert_eq!(via.stat().ino, ino_of(&vfs, "/f"));
    assert_eq!(via.path(), Some("/f"));
    let path_only = vfs.open("/", "/link", O_PATH | O_NOFOLLOW, 0).unwrap();
    assert_eq!(path_only.stat().mode & S_IFMT, S_IFLNK);
    assert_eq!(err(path_only.read(&mut [0u8; 1])), Errno::EBADF);
    // Relative to a directory's path, as the *at calls do.
    let dir = vfs.open("/", "/d", O_RDONLY | O_DIRECTORY, 0).unwrap();
    vfs.open(dir.path().unwrap(), "inner", O_CREAT | O_RDWR, 0o644)
        .unwrap();
    assert!(vfs.resolve("/", "/d/inner", true).is_ok());
}

#[test]
fn access_modes_are_enforced() {
    let vfs = new_vfs();
    write_file(&vfs, "/f", b"abc");
    let r = vfs.open("/", "/f", O_RDONLY, 0).unwrap();
    let w = vfs.open("/", "/f", O_WRONLY, 0).unwrap();
    assert_eq!(err(r.write(b"x")), Errno::EBADF);
    assert_eq!(err(r.pwrite(b"x", 0)), Errno::EBADF);
    assert_eq!(err(w.read(&mut [0u8; 1])), Errno::EBADF);
    assert_eq!(err(w.pread(&mut [0u8; 1], 0)), Errno::EBADF);
    assert_eq!(err(r.truncate(0)), Errno::EINVAL);
    assert!(r.is_readable() && !r.is_writable());
    assert!(w.is_writable() && !w.is_readable());
}

#[test]
fn offsets_append_and_positional_io() {
    let vfs = new_vfs();
    let f = vfs.open("/", "/f", O_CREAT | O_RDWR, 0o644).unwrap();
    f.write(b"hello").unwrap();
    f.write(b" world").unwrap();
    assert_eq!(f.offset(), 11);
    let mut buf = [0u8; 5];
    assert_eq!(f.pread(&mut buf, 6).unwrap(), 5);
    assert_eq!(&buf, b"world");
    assert_eq!(f.offset(), 11, "pread leaves the position");
    f.pwrite(b"J", 0).unwrap();
    assert_eq!(f.offset(), 11);
    assert_eq!(read_file(&vfs, "/f"), b"Jello world");

    // O_APPEND writes at the end, whatever the position, and moves it there.
    let a = vfs.open("/", "/f", O_WRONLY | O_APPEND, 0).unwrap();
    let other = vfs.open("/", "/f", O_WRONLY, 0).unwrap();
    other.write(b"XX").unwrap(); // someone else overwrites the start
    a.seek(0, SEEK_SET).unwrap();
    a.write(b"!").unwrap();
    assert_eq!(a.offset(), 12);
    f.write(b"++").unwrap(); // f's position was 11: overwrites the "!"
    a.write(b"?").unwrap();
    assert_eq!(read_file(&vfs, "/f"), b"XXllo world++?");
    a.pwrite(b"$", 0).unwrap(); // Linux appends with O_APPEND even here
    assert_eq!(read_file(&vfs, "/f"), b"XXllo world++?$");

    // F_SETFL changes only the status flags.
    a.set_flags(O_RDONLY | O_NONBLOCK);
    assert_eq!(a.flags(), O_WRONLY | O_NONBLOCK);
    assert!(a.is_nonblocking());
    a.write(b"@").unwrap(); // no longer appending: at its position, 14
    assert_eq!(a.offset(), 15);
    assert_eq!(read_file(&vfs, "/f"), b"XXllo world++?@");
}

#[test]
fn seek_rules() {
    let vfs = new_vfs();
    write_file(&vfs, "/f", b"0123456789");
    let f = vfs.open("/", "/f", O_RDONLY, 0).unwrap();
    assert_eq!(f.seek(3, SEEK_SET).unwrap(), 3);
    assert_eq!(f.seek(2, SEEK_CUR).unwrap(), 5);
    assert_eq!(f.seek(-1, SEEK_END).unwrap(), 9);
    assert_eq!(
        f.seek(100, SEEK_END).unwrap(),
        110,
        "past the end is allowed"
    );
    assert_eq!(f.read(&mut [0u8; 4]).unwrap(), 0);
    assert_eq!(err(f.seek(-1, SEEK_SET)), Errno::EINVAL);
    assert_eq!(err(f.seek(-200, SEEK_CUR)), Errno::EINVAL);
    assert_eq!(err(f.seek(0, 7)), Errno::EINVAL);
    assert_eq!(f.offset(), 110, "a failed seek leaves the position");
    assert_eq!(f.seek(4, SEEK_DATA).unwrap(), 4);
    assert_eq!(f.seek(4, SEEK_HOLE).unwrap(), 10);
    assert_eq!(err(f.seek(10, SEEK_DATA)), Errno::ENXIO);
    assert_eq!(err(f.seek(i64::MAX, SEEK_END)), Errno::EINVAL);

    let (r, w) = crate::pipe::new_pair();
    let r = File::open(r, O_RDONLY, None).unwrap();
    let w = File::open(w, O_WRONLY, None).unwrap();
    assert_eq!(err(r.seek(0, SEEK_SET)), Errno::ESPIPE);
    assert_eq!(err(w.pwrite(b"x", 0)), Errno::ESPIPE);
    assert_eq!(err(r.pread(&mut [0u8; 1], 0)), Errno::ESPIPE);
    w.write(b"through").unwrap();
    let mut buf = [0u8; 16];
    assert_eq!(r.read(&mut buf).unwrap(), 7);
    assert_eq!(r.offset(), 0, "pipes have no position");
}

/// Decoded `linux_dirent64` records: (ino, off, reclen, type, name).
fn decode(mut buf: &[u8]) -> Vec<(u64, u64, usize, u8, String)> {
    let mut out = Vec::new();
    while !buf.is_empty() {
        let ino = u64::from_le_bytes(buf[0..8].try_into().unwrap());
        let off = u64::from_le_bytes(buf[8..16].try_into().unwrap());
        let reclen = u16::from_le_bytes(buf[16..18].try_into().unwrap()) as usize;
        let kind = buf[18];
        let name_bytes = &buf[19..reclen];
        let nul = name_bytes
            .iter()
            .position(|&b| b == 0)
            .expect("NUL-terminated");
        assert!(name_bytes[nul..].iter().all(|&b| b == 0), "zero padding");
        let name = String::from_utf8(name_bytes[..nul].to_vec()).unwrap();
        assert_eq!(reclen % 8, 0);
        assert_eq!(reclen, (19 + name.len() + 1).next_multiple_of(8));
        out.push((ino, off, reclen, kind, name));
        buf = &buf[reclen..];
    }
    out
}

#[test]
fn getdents64_encoding() {
    let vfs = new_vfs();
    vfs.mkdir("/", "/d", 0o755).unwrap();
    vfs.mkdir("/", "/d/sub", 0o755).unwrap();
    write_file(&vfs, "/d/file", b"");
    vfs.symlink("/", "x", "/d/a_link_with_a_longer_name")
        .unwrap();
    let dir = vfs.open("/", "/d", O_RDONLY | O_DIRECTORY, 0).unwrap();
    let records = decode(&dir.getdents64(4096).unwrap());
    let names: Vec<&str> = records.iter().map(|r| r.4.as_str()).collect();
    assert_eq!(
        names,
        [".", "..", "a_link_with_a_longer_name", "file", "sub"]
    );
    assert_eq!(records[0].0, ino_of(&vfs, "/d"));
    assert_eq!(records[1].0, vfs.root().ino());
    assert_eq!(records[3].0, ino_of(&vfs, "/d/file"));
    let types: Vec<u8> = records.iter().map(|r| r.3).collect();
    assert_eq!(types, [DT_DIR, DT_DIR, DT_LNK, DT_REG, DT_DIR]);
    let offs: Vec<u64> = records.iter().map(|r| r.1).collect();
    assert_eq!(offs, [1, 2, 3, 4, 5]);
    assert_eq!(records[0].2, 24);
    assert!(dir.getdents64(4096).unwrap().is_empty(), "end of directory");
    // Rewind.
    dir.seek(0, SEEK_SET).unwrap();
    assert_eq!(decode(&dir.getdents64(4096).unwrap()).len(), 5);
}

#[test]
fn getdents64_continues_across_calls() {
    let vfs = new_vfs();
    vfs.mkdir("/", "/d", 0o755).unwrap();
    let names: Vec<String> = (0..50).map(|i| alloc::format!("entry{i:03}")).collect();
    for name in &names {
        write_file(&vfs, &alloc::format!("/d/{name}"), b"");
    }
    let dir = vfs.open("/", "/d", O_RDONLY, 0).unwrap();
    assert_eq!(
        err(dir.getdents64(10)),
        Errno::EINVAL,
        "no room for one record"
    );
    let mut seen = Vec::new();
    let mut calls = 0;
    loop {
        let chunk = dir.getdents64(100).unwrap();
        assert!(chunk.len() <= 100);
        if chunk.is_empty() {
            break;
        }
        calls += 1;
        let records = decode(&chunk);
        assert_eq!(
            records.last().unwrap().1,
            dir.offset(),
            "last d_off is the position"
        );
        seen.extend(records.into_iter().map(|r| r.4));
    }
    assert!(calls > 10);
    let mut expected = vec![".".to_string(), "..".to_string()];
    expected.extend(names);
    assert_eq!(seen, expected);
    // Seeking to a record's d_off resumes after it.
    dir.seek(2, SEEK_SET).unwrap();
    assert_eq!(decode(&dir.getdents64(4096).unwrap())[0].4, "entry000");
    // getdents on a file.
    write_file(&vfs, "/f", b"");
    let f = vfs.open("/", "/f", O_RDONLY, 0).unwrap();
    assert_eq!(err(f.getdents64(4096)), Errno::ENOTDIR);
    assert_eq!(err(dir.read(&mut [0u8; 1])), Errno::EISDIR);
    assert_eq!(err(dir.seek(0, SEEK_END)), Errno::EINVAL);
}

#[test]
fn stat_image_has_the_x86_64_layout() {
    let st = Stat {
        dev: 1,
        ino: 2,
        mode: 0o100644,
        nlink: 3,
        uid: 4,
        gid: 5,
        rdev: 6,
        size: 7,
        blksize: 8,
        blocks: 9,
        atime: Timespec::new(10, 11),
        mtime: Timespec::new(12, 13),
        ctime: Timespec::new(14, 15),
    };
    let b = st.to_bytes();
    let u64_at = |o: usize| u64::from_le_bytes(b[o..o + 8].try_into().unwrap());
    let u32_at = |o: usize| u32::from_le_bytes(b[o..o + 4].try_into().unwrap());
    assert_eq!((u64_at(0), u64_at(8), u64_at(16)), (1, 2, 3));
    assert_eq!(
        (u32_at(24), u32_at(28), u32_at(32), u32_at(36)),
        (0o100644, 4, 5, 0)
    );
    assert_eq!(
        (u64_at(40), u64_at(48), u64_at(56), u64_at(64)),
        (6, 7, 8, 9)
    );
    assert_eq!(
        (u64_at(72), u64_at(80), u64_at(88), u64_at(96)),
        (10, 11, 12, 13)
    );
    assert_eq!((u64_at(104), u64_at(112)), (14, 15));
    assert!(b[120..].iter().all(|&x| x == 0));
    assert_eq!((major(makedev(4, 64)), minor(makedev(4, 64))), (4, 64));
    assert_eq!(makedev(1, 3), 0x103);
    assert_eq!(
        (major(makedev(300, 70000)), minor(makedev(300, 70000))),
        (300, 70000)
    );
}
