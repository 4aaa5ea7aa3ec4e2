//! Descriptor tables: lowest free descriptor, dup2/dup3, close-on-exec, fork.

use super::*;

fn some_file(vfs: &Vfs, name: &str) -> Arc<File> {
    vfs.open("/", name, O_CREAT | O_RDWR, 0o644).unwrap()
}

#[test]
fn lowest_free_descriptor_first() {
    let vfs = new_vfs();
    let f = some_file(&vfs, "/f");
    let mut t = FdTable::new();
    assert_eq!(t.alloc(f.clone(), 0, false), Ok(0));
    assert_eq!(t.alloc(f.clone(), 0, false), Ok(1));
    assert_eq!(t.alloc(f.clone(), 0, false), Ok(2));
    assert!(Arc::ptr_eq(&t.close(1).unwrap(), &f));
    assert_eq!(t.alloc(f.clone(), 0, false), Ok(1), "the hole is reused");
    assert_eq!(t.alloc(f.clone(), 10, false), Ok(10));
    assert_eq!(t.alloc(f.clone(), 3, false), Ok(3));
    assert_eq!(t.fds(), [0, 1, 2, 3, 10]);
    assert_eq!(t.count(), 5);
    assert_eq!(t.alloc(f.clone(), -1, false), Err(Errno::EINVAL));
    assert_eq!(t.alloc(f.clone(), 1024, false), Err(Errno::EINVAL));
    assert_eq!(t.get(4).err(), Some(Errno::EBADF));
    assert_eq!(t.get(-1).err(), Some(Errno::EBADF));
    assert_eq!(t.close(4).err(), Some(Errno::EBADF));
    assert_eq!(t.close(99999).err(), Some(Errno::EBADF));
}

#[test]
fn the_limit_gives_emfile() {
    let vfs = new_vfs();
    let f = some_file(&vfs, "/f");
    let mut t = FdTable::new();
    for fd in 0..1024 {
        assert_eq!(t.alloc(f.clone(), 0, false), Ok(fd));
    }
    assert_eq!(t.alloc(f.clone(), 0, false), Err(Errno::EMFILE));
    t.close(500).unwrap();
    assert_eq!(t.alloc(f.clone(), 600, false), Err(Errno::EMFILE));
    assert_eq!(t.alloc(f.clone(), 0, false), Ok(500));
    t.set_limit(2000);
    assert_eq!(t.alloc(f.clone(), 0, false), Ok(1024));
}

#[test]
fn dup2_dup3_and_cloexec() {
    let vfs = new_vfs();
    let a = some_file(&vfs, "/a");
    let b = some_file(&vfs, "/b");
    let mut t = FdTable::new();
    t.alloc(a.clone(), 0, true).unwrap();
    t.alloc(b.clone(), 0, false).unwrap();
    assert_eq!(t.cloexec(0), Ok(true));
    // dup2 onto an open descriptor replaces it and clears close-on-exec.
    t.set_cloexec(1, true).unwrap();
    assert_eq!(t.dup2(0, 1), Ok(1));
    assert!(Arc::ptr_eq(&t.get(1).unwrap(), &a));
    assert_eq!(t.cloexec(1), Ok(false));
    // Same descriptor: nothing happens (if it is open).
    assert_eq!(t.dup2(0, 0), Ok(0));
    assert_eq!(t.cloexec(0), Ok(true));
    assert_eq!(t.dup2(7, 7), Err(Errno::EBADF));
    assert_eq!(t.dup2(7, 1), Err(Errno::EBADF));
    assert_eq!(t.dup2(0, -1), Err(Errno::EBADF));
    assert_eq!(t.dup2(0, 1024), Err(Errno::EBADF));
    // Beyond the end of the table.
    assert_eq!(t.dup2(0, 100), Ok(100));
    assert_eq!(t.dup3(0, 0, false), Err(Errno::EINVAL));
    assert_eq!(t.dup3(0, 5, true), Ok(5));
    assert_eq!(t.cloexec(5), Ok(true));
    assert_eq!(t.dup(0, 0, false), Ok(2));
    assert_eq!(t.set_cloexec(3, true), Err(Errno::EBADF));

    let closed = t.close_on_exec();
    assert_eq!(closed.len(), 2); // 0 and 5
    assert_eq!(t.fds(), [1, 2, 100]);
    assert_eq!(t.close_all().len(), 3);
    assert_eq!(t.count(), 0);
}

#[test]
fn dup_and_fork_share_the_offset() {
    let vfs = new_vfs();
    write_file(&vfs, "/f", b"abcdef");
    let mut t = FdTable::new();
    let fd = t
        .alloc(vfs.open("/", "/f", O_RDONLY, 0).unwrap(), 0, false)
        .unwrap();
    let dup = t.dup(fd, 0, false).unwrap();
    let child = t.fork_copy();
    let mut buf = [0u8; 2];
    t.get(fd).unwrap().read(&mut buf).unwrap();
    child.get(dup).unwrap().read(&mut buf).unwrap();
    assert_eq!(&buf, b"cd");
    // The tables themselves are separate.
    t.close(fd).unwrap();
    assert!(child.get(fd).is_ok());
}

#[test]
fn closing_the_last_descriptor_closes_a_pipe_end() {
    let (r, w) = crate::pipe::new_pair();
    let mut t = FdTable::new();
    let rfd = t
        .alloc(File::open(r, O_RDONLY, None).unwrap(), 0, false)
        .unwrap();
    let wfd = t
        .alloc(File::open(w, O_WRONLY, None).unwrap(), 0, false)
        .unwrap();
    let copy = t.dup(wfd, 0, false).unwrap();
    drop(t.close(wfd).unwrap());
    let mut buf = [0u8; 1];
    assert_eq!(t.get(rfd).unwrap().read(&mut buf), Err(Errno::EAGAIN));
    drop(t.close(copy).unwrap());
    assert_eq!(t.get(rfd).unwrap().read(&mut buf), Ok(0));
}
