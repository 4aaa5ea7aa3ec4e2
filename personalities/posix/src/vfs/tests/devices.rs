//! /dev: the memory devices and added devices.

use super::*;

fn with_dev() -> Vfs {
    let vfs = new_vfs();
    vfs.mkdir("/", "/dev", 0o755).unwrap();
    vfs.mount("/dev", vfs.new_devfs(7), "devtmpfs").unwrap();
    vfs
}

#[test]
fn memory_devices_behave_like_linux() {
    let vfs = with_dev();
    let mut buf = [0xffu8; 64];
    let null = vfs.open("/", "/dev/null", O_RDWR | O_TRUNC, 0).unwrap();
    assert_eq!(null.read(&mut buf).unwrap(), 0);
    assert_eq!(null.write(&[1u8; 100]).unwrap(), 100);
    assert_eq!(null.seek(0, SEEK_SET).unwrap(), 0);

    let zero = vfs.open("/", "/dev/zero", O_RDWR, 0).unwrap();
    assert_eq!(zero.read(&mut buf).unwrap(), 64);
    assert!(buf.iter().all(|&b| b == 0));
    assert_eq!(zero.write(b"ignored").unwrap(), 7);

    let full = vfs.open("/", "/dev/full", O_RDWR, 0).unwrap();
    assert_eq!(full.write(b"x"), Err(Errno::ENOSPC));
    buf.fill(1);
    assert_eq!(full.read(&mut buf).unwrap(), 64);
    assert!(buf.iter().all(|&b| b == 0));

    let urandom = vfs.open("/", "/dev/urandom", O_RDONLY, 0).unwrap();
    let mut a = [0u8; 64];
    let mut b = [0u8; 64];
    urandom.read(&mut a).unwrap();
    urandom.read(&mut b).unwrap();
    assert_ne!(a, b);
    assert!(a.iter().any(|&x| x != 0));
    let random = vfs.open("/", "/dev/random", O_RDWR, 0).unwrap();
    assert_eq!(random.read(&mut [0u8; 13]).unwrap(), 13);
    assert_eq!(random.write(b"entropy").unwrap(), 7);
}

#[test]
fn same_seed_same_stream() {
    let read = |seed| {
        let dev = devfs::new(seed);
        let node = dev.lookup("urandom").unwrap();
        let f = File::open(node, O_RDONLY, None).unwrap();
        let mut buf = [0u8; 32];
        f.read(&mut buf).unwrap();
        buf
    };
    assert_eq!(read(1), read(1));
    assert_ne!(read(1), read(2));
    assert_ne!(read(0), [0u8; 32]);
}

#[test]
fn device_numbers_and_modes() {
    let vfs = with_dev();
    let expect = [
        ("null", 1, 3),
        ("zero", 1, 5),
        ("full", 1, 7),
        ("random", 1, 8),
        ("urandom", 1, 9),
    ];
    for (name, maj, min) in expect {
        let st = vfs
            .resolve("/", &alloc::format!("/dev/{name}"), true)
            .unwrap()
            .stat();
        assert_eq!(st.mode, S_IFCHR | 0o666, "{name}");
        assert_eq!((major(st.rdev), minor(st.rdev)), (maj, min), "{name}");
    }
    assert_eq!(devfs::numbers::TTY, makedev(5, 0));
    assert_eq!(devfs::numbers::CONSOLE, makedev(5, 1));
    assert_eq!(devfs::numbers::TTYS0, makedev(4, 64));
    let names: Vec<_> = vfs
        .resolve("/", "/dev", true)
        .unwrap()
        .readdir()
        .unwrap()
        .into_iter()
        .map(|e| (e.name, e.kind))
        .collect();
    assert_eq!(names.len(), 5);
    assert!(names.iter().all(|(_, k)| *k == FileKind::CharDevice));
}

/// A stand-in for the tty, which lives elsewhere.
struct FakeTty;

impl Node for FakeTty {
    fn ino(&self) -> u64 {
        99
    }
    fn stat(&self) -> Stat {
        Stat {
            mode: S_IFCHR | 0o620,
            rdev: devfs::numbers::TTYS0,
            ..Stat::default()
        }
    }
    fn as_any(&self) -> &dyn core::any::Any {
        self
    }
    fn read_at(&self, _: u64, buf: &mut [u8]) -> Result<usize, Errno> {
        buf[0] = b'k';
        Ok(1)
    }
    fn write_at(&self, _: u64, buf: &[u8]) -> Result<usize, Errno> {
        Ok(buf.len())
    }
    fn is_seekable(&self) -> bool {
        false
    }
    fn ioctl(&self, cmd: u32, _: u64) -> Result<u64, Errno> {
        Ok(cmd as u64 + 1)
    }
}

#[test]
fn added_devices_are_reachable() {
    let vfs = with_dev();
    let dev = vfs.resolve("/", "/dev", true).unwrap();
    devfs::add_device(&dev, "ttyS0", Arc::new(FakeTty)).unwrap();
    assert_eq!(
        devfs::add_device(&dev, "ttyS0", Arc::new(FakeTty)),
        Err(Errno::EEXIST)
    );
    let tty = vfs.open("/", "/dev/ttyS0", O_RDWR, 0).unwrap();
    let st = tty.stat();
    assert_eq!((st.mode, st.rdev), (S_IFCHR | 0o620, makedev(4, 64)));
    let mut buf = [0u8; 4];
    assert_eq!(tty.read(&mut buf).unwrap(), 1);
    assert_eq!(tty.ioctl(0x5401, 0), Ok(0x5402));
    assert_eq!(err(tty.seek(0, SEEK_CUR)), Errno::ESPIPE);
    assert!(tty.io_node().as_any().is::<FakeTty>());
    // The shared registry lets a mknod elsewhere reach it too.
    vfs.mknod(
        "/",
        "/console",
        CreateKind::CharDevice {
            rdev: makedev(4, 64),
        },
        0o600,
    )
    .unwrap();
    assert_eq!(
        vfs.open("/", "/console", O_RDWR, 0)
            .unwrap()
            .read(&mut buf)
            .unwrap(),
        1
    );
    // Only tmpfs directories take devices.
    let file = vfs.open("/", "/f", O_CREAT | O_RDWR, 0o644).unwrap();
    assert_eq!(
        devfs::add_device(file.inode(), "x", Arc::new(FakeTty)),
        Err(Errno::ENOTDIR)
    );
    // Ordinary files can live in /dev (e.g. /dev/shm, /dev/pts).
    vfs.mkdir("/", "/dev/shm", 0o1777).unwrap();
    write_file(&vfs, "/dev/shm/seg", b"shared");
}
