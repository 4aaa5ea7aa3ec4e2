//! Synthetic nodes, as procfs uses them.

use super::*;
use alloc::string::{String, ToString};
use alloc::vec;
use core::sync::atomic::AtomicU32;

#[test]
fn file_content_is_snapshotted_at_open() {
    let counter = Arc::new(AtomicU32::new(0));
    let c = counter.clone();
    let node = synthetic::file(move || {
        alloc::format!("count {}\n", c.fetch_add(1, Ordering::Relaxed)).into_bytes()
    });
    let f = File::open(node.clone(), O_RDONLY, None).unwrap();
    let mut buf = [0u8; 3];
    assert_eq!(f.read(&mut buf).unwrap(), 3);
    assert_eq!(f.read(&mut buf).unwrap(), 3);
    assert_eq!(&buf, b"nt ");
    let mut rest = [0u8; 10];
    assert_eq!(f.read(&mut rest).unwrap(), 2);
    assert_eq!(&rest[..2], b"0\n");
    assert_eq!(f.read(&mut rest).unwrap(), 0);
    assert_eq!(
        counter.load(Ordering::Relaxed),
        1,
        "generated once per open"
    );
    let g = File::open(node.clone(), O_RDONLY, None).unwrap();
    assert_eq!(g.pread(&mut rest, 6).unwrap(), 2);
    assert_eq!(&rest[..1], b"1");
    assert_eq!(err(File::open(node.clone(), O_WRONLY, None)), Errno::EACCES);
    let st = node.stat();
    assert_eq!((st.mode, st.size), (S_IFREG | 0o444, 0));
}

#[test]
fn directory_and_link_from_closures() {
    let pids = Arc::new(spin::Mutex::new(vec![1u32, 7]));
    let p = pids.clone();
    let proc_root = synthetic::dir(move || {
        let mut entries: Vec<(String, NodeRef)> = p
            .lock()
            .iter()
            .map(|pid| {
                let text = alloc::format!("{pid}\n");
                let stat = synthetic::file(move || text.clone().into_bytes());
                let dir = synthetic::dir(move || vec![("stat".to_string(), stat.clone())]);
                (pid.to_string(), dir)
            })
            .collect();
        entries.push(("self".to_string(), synthetic::symlink(|| "7".to_string())));
        entries
    });
    let vfs = new_vfs();
    vfs.mkdir("/", "/proc", 0o555).unwrap();
    vfs.mount("/proc", proc_root, "proc").unwrap();
    let names: Vec<String> = vfs
        .resolve("/", "/proc", true)
        .unwrap()
        .readdir()
        .unwrap()
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert_eq!(names, ["1", "7", "self"]);
    assert_eq!(read_file(&vfs, "/proc/self/stat"), b"7\n");
    assert_eq!(vfs.normalize("/", "/proc/self").unwrap(), "/proc/7");
    assert_eq!(vfs.readlink("/", "/proc/self").unwrap(), "7");
    assert_eq!(vfs.normalize("/proc/1", "..").unwrap(), "/proc");
    pids.lock().retain(|&pid| pid != 7);
    assert_eq!(
        err(vfs.resolve("/", "/proc/self/stat", true)),
        Errno::ENOENT
    );
    assert_eq!(err(vfs.mkdir("/", "/proc/new", 0o755)), Errno::EPERM);
    assert_eq!(
        err(vfs.open("/", "/proc/x", O_CREAT | O_WRONLY, 0o644)),
        Errno::EPERM
    );
    // getdents64 works on synthetic directories too.
    let d = vfs.open("/", "/proc", O_RDONLY | O_DIRECTORY, 0).unwrap();
    assert!(!d.getdents64(4096).unwrap().is_empty());
}
