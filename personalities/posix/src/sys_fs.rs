//! File system calls: descriptors, reading and writing (with blocking on
//! pipes and terminals), paths, metadata, directories, polling.

use crate::errno::Errno;
use crate::posix::{Posix, SysResult, AT_EMPTY_PATH, AT_FDCWD, AT_REMOVEDIR, AT_SYMLINK_NOFOLLOW, ERESTARTSYS};
use crate::process::Task;
use crate::vfs::{self, CreateKind, File, FileKind, NodeRef, PollMask};
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;
use core::sync::atomic::Ordering;

/// Largest single transfer handled in one go (callers loop for more).
const IO_CHUNK: usize = 1 << 20;

impl Posix {
    pub(crate) fn file(&self, t: &Arc<Task>, fd: u64) -> Result<Arc<File>, Errno> {
        t.process.fds.lock().get(fd as i32)
    }

    /// The directory a relative path in an *at call starts from, as a path.
    pub(crate) fn dir_base(&self, t: &Arc<Task>, dirfd: u64, path: &str) -> Result<String, Errno> {
        if path.starts_with('/') || dirfd == AT_FDCWD || dirfd as i32 == AT_FDCWD as i32 {
            return Ok(t.process.cwd.lock().clone());
        }
        let f = self.file(t, dirfd)?;
        if f.inode().kind() != FileKind::Directory {
            return Err(Errno::ENOTDIR);
        }
        f.path().map(String::from).ok_or(Errno::ENOTDIR)
    }

    pub(crate) fn resolve_at(&self, t: &Arc<Task>, dirfd: u64, path: &str, follow: bool, empty_ok: bool) -> Result<NodeRef, Errno> {
        if path.is_empty() {
            if empty_ok {
                return Ok(self.file(t, dirfd)?.inode().clone());
            }
            return Err(Errno::ENOENT);
        }
        let base = self.dir_base(t, dirfd, path)?;
        self.vfs.resolve(&base, path, follow)
    }

    /// Open `path` (relative to `cwd`) as an open file description.
    pub fn open_path(&self, cwd: &str, path: &str, flags: u32, mode: u32) -> Result<Arc<File>, Errno> {
        self.vfs.open(cwd, path, flags, mode)
    }

    /// `path` made absolute against the directory an *at call names.
    fn at_path(&self, t: &Arc<Task>, dirfd: u64, path: &str) -> Result<String, Errno> {
        if path.starts_with('/') {
            return Ok(String::from(path));
        }
        let base = self.dir_base(t, dirfd, path)?;
        let mut p = base;
        if !p.ends_with('/') {
            p.push('/');
        }
        p.push_str(path);
        Ok(p)
    }

    pub(crate) fn sys_openat(&self, t: &Arc<Task>, dirfd: u64, path: u64, flags: u64, mode: u64) -> SysResult {
        let path = self.path(path)?;
        let base = self.dir_base(t, dirfd, &path)?;
        let umask = t.process.umask.load(Ordering::Relaxed);
        let flags = flags as u32;
        let f = self.open_path(&base, &path, flags, mode as u32 & !umask)?;
        if f.inode().kind() == FileKind::Fifo {
            self.fifo_rendezvous(t, &f)?;
        }
        let fd = t.process.fds.lock().alloc(f, 0, flags & vfs::O_CLOEXEC != 0)?;
        Ok(fd as u64)
    }

    /// Opening a FIFO waits for the other side: a reader for a writer and a
    /// writer for a reader (O_NONBLOCK: readers go on, writers get ENXIO).
    fn fifo_rendezvous(&self, t: &Arc<Task>, f: &Arc<File>) -> Result<(), Errno> {
        let Some(end) = f.io_node().as_any().downcast_ref::<crate::pipe::PipeEnd>() else { return Ok(()) };
        let pipe = end.pipe().clone();
        self.host.notify(); // the other side may be waiting for us
        let nonblock = f.flags() & vfs::O_NONBLOCK != 0;
        if end.is_reader() && end.is_writer() {
            return Ok(());
        }
        if end.is_writer() {
            if pipe.readers() == 0 && nonblock {
                return Err(Errno::ENXIO);
            }
            self.host.wait(&mut || pipe.readers() > 0 || t.deliverable() != 0, None);
            return if pipe.readers() > 0 { Ok(()) } else { Err(Errno::EINTR) };
        }
        if nonblock {
            return Ok(());
        }
        let seen = pipe.writer_opens();
        self.host.wait(&mut || pipe.writers() > 0 || pipe.writer_opens() != seen || t.deliverable() != 0, None);
        if pipe.writers() > 0 || pipe.writer_opens() != seen { Ok(()) } else { Err(Errno::EINTR) }
    }

    pub(crate) fn sys_close(&self, t: &Arc<Task>, fd: u64) -> SysResult {
        let f = t.process.fds.lock().close(fd as i32)?;
        self.locks_fd_closed(t.pid(), &f);
        drop(f);
        self.locks_files_dropped();
        self.host.notify();
        Ok(0)
    }

    /// Run `op` on a file, waiting while it would block (unless O_NONBLOCK).
    fn blocking<R>(&self, t: &Arc<Task>, f: &Arc<File>, want: PollMask, mut op: impl FnMut() -> Result<R, Errno>) -> Result<R, Errno> {
        loop {
            match op() {
                Err(Errno::EAGAIN) if f.flags() & vfs::O_NONBLOCK == 0 => {
                    let ready = want | PollMask::HUP | PollMask::ERR;
                    self.host.wait(&mut || f.poll().intersects(ready) || t.deliverable() != 0, None);
                    if t.deliverable() != 0 && !f.poll().intersects(ready) {
                        return Err(ERESTARTSYS);
                    }
                }
                r => return r,
            }
        }
    }

    /// Check that a read's destination exists before anything is consumed
    /// (bytes taken from a pipe or a file offset moved cannot be given back).
    fn probe_destination(&self, buf: u64, len: u64) -> Result<(), Errno> {
        if len == 0 {
            return Ok(());
        }
        let mut b = [0u8; 1];
        self.host.copy_in(buf, &mut b)?;
        self.host.copy_in(buf.checked_add(len - 1).ok_or(Errno::EFAULT)?, &mut b)
    }

    pub(crate) fn sys_read(&self, t: &Arc<Task>, fd: u64, buf: u64, len: u64) -> SysResult {
        let f = self.file(t, fd)?;
        self.probe_destination(buf, len.min(IO_CHUNK as u64))?;
        let mut kbuf = vec![0u8; (len as usize).min(IO_CHUNK)];
        let n = self.blocking(t, &f, PollMask::IN, || f.read(&mut kbuf))?;
        self.put_data(buf, &kbuf[..n])?;
        if f.inode().kind() != FileKind::Regular {
            self.host.notify();
        }
        Ok(n as u64)
    }

    fn put_data(&self, addr: u64, data: &[u8]) -> Result<(), Errno> {
        if data.is_empty() {
            return Ok(());
        }
        self.host.copy_out(addr, data)
    }

    fn write_file(&self, t: &Arc<Task>, f: &Arc<File>, data: &[u8]) -> SysResult {
        let r = self.blocking(t, f, PollMask::OUT, || f.write(data));
        if f.inode().kind() != FileKind::Regular {
            self.host.notify();
        }
        match r {
            Err(Errno::EPIPE) => {
                t.pending.fetch_or(crate::signal::bit(crate::signal::SIGPIPE), Ordering::Release);
                Err(Errno::EPIPE)
            }
            r => r.map(|n| n as u64),
        }
    }

    pub(crate) fn sys_write(&self, t: &Arc<Task>, fd: u64, buf: u64, len: u64) -> SysResult {
        let f = self.file(t, fd)?;
        let data = self.get(buf, (len as usize).min(IO_CHUNK))?;
        self.write_file(t, &f, &data)
    }

    fn iovecs(&self, iov: u64, cnt: u64) -> Result<Vec<(u64, u64)>, Errno> {
        if cnt > 1024 {
            return Err(Errno::EINVAL);
        }
        let raw = self.get(iov, cnt as usize * 16)?;
        Ok(raw
            .chunks(16)
            .map(|c| {
                let b = u64::from_le_bytes(c[..8].try_into().unwrap_or([0; 8]));
                let l = u64::from_le_bytes(c[8..].try_into().unwrap_or([0; 8]));
                (b, l)
            })
            .collect())
    }

    pub(crate) fn sys_readv(&self, t: &Arc<Task>, fd: u64, iov: u64, cnt: u64, off: Option<u64>) -> SysResult {
        let f = self.file(t, fd)?;
        let vecs = self.iovecs(iov, cnt)?;
        for &(b, l) in &vecs {
            self.probe_destination(b, l.min(IO_CHUNK as u64))?;
        }
        let total: u64 = vecs.iter().map(|v| v.1).sum();
        let mut kbuf = vec![0u8; (total as usize).min(IO_CHUNK)];
        let n = match off {
            Some(o) => f.pread(&mut kbuf, o)?,
            None => self.blocking(t, &f, PollMask::IN, || f.read(&mut kbuf))?,
        };
        // As in sys_read: a writer may be waiting for the room this made
        // (musl's stdio reads with readv).
        if off.is_none() && f.inode().kind() != FileKind::Regular {
            self.host.notify();
        }
        let mut done = 0;
        for (b, l) in vecs {
            if done >= n {
                break;
            }
            let k = (l as usize).min(n - done);
            self.put_data(b, &kbuf[done..done + k])?;
            done += k;
        }
        Ok(n as u64)
    }

    pub(crate) fn sys_writev(&self, t: &Arc<Task>, fd: u64, iov: u64, cnt: u64, off: Option<u64>) -> SysResult {
        let f = self.file(t, fd)?;
        let mut data = Vec::new();
        for (b, l) in self.iovecs(iov, cnt)? {
            if data.len() + l as usize > IO_CHUNK {
                return Err(Errno::EINVAL);
            }
            data.extend_from_slice(&self.get(b, l as usize)?);
        }
        match off {
            Some(o) => Ok(f.pwrite(&data, o)? as u64),
            None => self.write_file(t, &f, &data),
        }
    }

    pub(crate) fn sys_pread(&self, t: &Arc<Task>, fd: u64, buf: u64, len: u64, off: u64) -> SysResult {
        let f = self.file(t, fd)?;
        if (off as i64) < 0 {
            return Err(Errno::EINVAL);
        }
        let mut kbuf = vec![0u8; (len as usize).min(IO_CHUNK)];
        let n = f.pread(&mut kbuf, off)?;
        self.put_data(buf, &kbuf[..n])?;
        Ok(n as u64)
    }

    pub(crate) fn sys_pwrite(&self, t: &Arc<Task>, fd: u64, buf: u64, len: u64, off: u64) -> SysResult {
        let f = self.file(t, fd)?;
        if (off as i64) < 0 {
            return Err(Errno::EINVAL);
        }
        let data = self.get(buf, (len as usize).min(IO_CHUNK))?;
        Ok(f.pwrite(&data, off)? as u64)
    }

    pub(crate) fn sys_lseek(&self, t: &Arc<Task>, fd: u64, off: u64, whence: u64) -> SysResult {
        let f = self.file(t, fd)?;
        if f.inode().kind() == FileKind::CharDevice && f.seek(0, vfs::SEEK_CUR).is_ok() {
            // Seekable character devices (null, zero, ...) stay at 0, as on Linux.
            return f.seek(0, vfs::SEEK_SET);
        }
        f.seek(off as i64, whence as u32)
    }

    pub(crate) fn sys_fstat(&self, t: &Arc<Task>, fd: u64, st: u64) -> SysResult {
        let s = self.file(t, fd)?.inode().stat();
        self.put(st, &s.to_bytes())?;
        Ok(0)
    }

    pub(crate) fn sys_fstatat(&self, t: &Arc<Task>, dirfd: u64, path: u64, st: u64, flags: u64) -> SysResult {
        if flags & !(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | 0x800) != 0 {
            return Err(Errno::EINVAL);
        }
        let path = self.path(path)?;
        let node = self.resolve_at(t, dirfd, &path, flags & AT_SYMLINK_NOFOLLOW == 0, flags & AT_EMPTY_PATH != 0)?;
        self.put(st, &node.stat().to_bytes())?;
        Ok(0)
    }

    pub(crate) fn sys_statx(&self, t: &Arc<Task>, dirfd: u64, path: u64, flags: u64, buf: u64) -> SysResult {
        let path = self.path(path)?;
        let node = self.resolve_at(t, dirfd, &path, flags & AT_SYMLINK_NOFOLLOW == 0, flags & AT_EMPTY_PATH != 0)?;
        let s = node.stat();
        let mut b = [0u8; 256];
        let put32 = |b: &mut [u8; 256], o: usize, v: u32| b[o..o + 4].copy_from_slice(&v.to_le_bytes());
        let put64 = |b: &mut [u8; 256], o: usize, v: u64| b[o..o + 8].copy_from_slice(&v.to_le_bytes());
        put32(&mut b, 0, 0x7FF); // STATX_BASIC_STATS
        put32(&mut b, 4, s.blksize as u32);
        put32(&mut b, 16, s.nlink as u32);
        put32(&mut b, 20, s.uid);
        put32(&mut b, 24, s.gid);
        b[28..30].copy_from_slice(&(s.mode as u16).to_le_bytes());
        put64(&mut b, 32, s.ino);
        put64(&mut b, 40, s.size);
        put64(&mut b, 48, s.blocks);
        for (o, ts) in [(64, s.atime), (96, s.ctime), (112, s.mtime)] {
            put64(&mut b, o, ts.sec);
            put32(&mut b, o + 8, ts.nsec);
        }
        put32(&mut b, 128, vfs::consts::major(s.rdev));
        put32(&mut b, 132, vfs::consts::minor(s.rdev));
        put32(&mut b, 136, vfs::consts::major(s.dev));
        put32(&mut b, 140, vfs::consts::minor(s.dev));
        self.put(buf, &b)?;
        Ok(0)
    }

    pub(crate) fn sys_getdents64(&self, t: &Arc<Task>, fd: u64, buf: u64, len: u64) -> SysResult {
        let f = self.file(t, fd)?;
        self.probe_destination(buf, len.min(IO_CHUNK as u64))?;
        let data = f.getdents64(len as usize)?;
        self.put_data(buf, &data)?;
        Ok(data.len() as u64)
    }

    pub(crate) fn sys_dup(&self, t: &Arc<Task>, fd: u64) -> SysResult {
        let mut fds = t.process.fds.lock();
        let f = fds.get(fd as i32)?;
        Ok(fds.alloc(f, 0, false)? as u64)
    }

    pub(crate) fn sys_dup3(&self, t: &Arc<Task>, old: u64, new: u64, flags: u64, is_dup2: bool) -> SysResult {
        let mut fds = t.process.fds.lock();
        let f = fds.get(old as i32)?;
        if old == new {
            return if is_dup2 { Ok(new) } else { Err(Errno::EINVAL) };
        }
        if flags & !(vfs::O_CLOEXEC as u64) != 0 {
            return Err(Errno::EINVAL);
        }
        let replaced = fds.get(new as i32).ok();
        fds.dup3(old as i32, new as i32, flags & vfs::O_CLOEXEC as u64 != 0)?;
        drop(fds);
        drop(f);
        if let Some(replaced) = replaced {
            self.locks_fd_replaced(t.pid(), replaced);
        }
        Ok(new)
    }

    pub(crate) fn sys_fcntl(&self, t: &Arc<Task>, fd: u64, cmd: u64, arg: u64) -> SysResult {
        if crate::sys_locks::is_lock_command(cmd as u32) {
            let f = self.file(t, fd)?;
            return self.sys_fcntl_lock(t, fd as i32, &f, cmd as u32, arg);
        }
        let mut fds = t.process.fds.lock();
        let f = fds.get(fd as i32)?;
        match cmd as u32 {
            vfs::F_DUPFD | vfs::F_DUPFD_CLOEXEC => {
                Ok(fds.alloc(f, arg as i32, cmd as u32 == vfs::F_DUPFD_CLOEXEC)? as u64)
            }
            vfs::F_GETFD => Ok(fds.cloexec(fd as i32)? as u64),
            vfs::F_SETFD => {
                fds.set_cloexec(fd as i32, arg & 1 != 0)?;
                Ok(0)
            }
            vfs::F_GETFL => Ok(f.flags() as u64),
            vfs::F_SETFL => {
                f.set_flags(arg as u32);
                Ok(0)
            }
            1024 | 1025 => Ok(0), // F_SETLEASE / F_GETLEASE
            1031 => Ok(65536),    // F_SETPIPE_SZ
            1032 => Ok(65536),    // F_GETPIPE_SZ
            _ => Err(Errno::EINVAL),
        }
    }

    pub(crate) fn sys_ioctl(&self, t: &Arc<Task>, fd: u64, cmd: u64, arg: u64) -> SysResult {
        let f = self.file(t, fd)?;
        const FIONBIO: u64 = 0x5421;
        const FIONREAD: u64 = 0x541B;
        const FIOCLEX: u64 = 0x5451;
        const FIONCLEX: u64 = 0x5450;
        match cmd {
            FIONBIO => {
                let on = self.get_u32(arg)? != 0;
                let fl = f.flags();
                f.set_flags(if on { fl | vfs::O_NONBLOCK } else { fl & !vfs::O_NONBLOCK });
                Ok(0)
            }
            FIONREAD if f.io_node().as_any().downcast_ref::<crate::pipe::PipeEnd>().is_some() => {
                let n = f.io_node().as_any().downcast_ref::<crate::pipe::PipeEnd>().map_or(0, |p| p.pipe().len());
                self.put_u32(arg, n as u32)?;
                Ok(0)
            }
            FIOCLEX | FIONCLEX => {
                t.process.fds.lock().set_cloexec(fd as i32, cmd == FIOCLEX)?;
                Ok(0)
            }
            _ => f.ioctl(cmd as u32, arg),
        }
    }

    pub(crate) fn sys_pipe2(&self, t: &Arc<Task>, fds_addr: u64, flags: u64) -> SysResult {
        let flags = flags as u32;
        if flags & !(vfs::O_CLOEXEC | vfs::O_NONBLOCK | vfs::O_DIRECT) != 0 {
            return Err(Errno::EINVAL);
        }
        let (r, w) = crate::pipe::new_pair();
        let name = alloc::format!("pipe:[{}]", r.ino());
        let rf = File::open(r, vfs::O_RDONLY | (flags & vfs::O_NONBLOCK), Some(name.clone()))?;
        let wf = File::open(w, vfs::O_WRONLY | (flags & vfs::O_NONBLOCK), Some(name))?;
        let cloexec = flags & vfs::O_CLOEXEC != 0;
        let (a, b) = {
            let mut fds = t.process.fds.lock();
            let a = fds.alloc(rf, 0, cloexec)?;
            match fds.alloc(wf, 0, cloexec) {
                Ok(b) => (a, b),
                Err(e) => {
                    let _ = fds.close(a);
                    return Err(e);
                }
            }
        };
        let mut out = [0u8; 8];
        out[..4].copy_from_slice(&a.to_le_bytes());
        out[4..].copy_from_slice(&b.to_le_bytes());
        if let Err(e) = self.put(fds_addr, &out) {
            let mut fds = t.process.fds.lock();
            let _ = fds.close(a);
            let _ = fds.close(b);
            return Err(e);
        }
        Ok(0)
    }

    pub(crate) fn sys_faccessat(&self, t: &Arc<Task>, dirfd: u64, path: u64, mode: u64) -> SysResult {
        if mode & !7 != 0 {
            return Err(Errno::EINVAL);
        }
        let path = self.path(path)?;
        let node = self.resolve_at(t, dirfd, &path, true, false)?;
        if mode & 1 != 0 {
            // X_OK: some execute bit (root may execute anything marked executable).
            let m = node.stat().mode;
            if node.kind() != FileKind::Directory && m & 0o111 == 0 {
                return Err(Errno::EACCES);
            }
        }
        Ok(0)
    }

    pub(crate) fn sys_mkdirat(&self, t: &Arc<Task>, dirfd: u64, path: u64, mode: u64) -> SysResult {
        let path = self.path(path)?;
        let p = self.at_path(t, dirfd, &path)?;
        let umask = t.process.umask.load(Ordering::Relaxed);
        self.vfs.mkdir("/", &p, mode as u32 & 0o7777 & !umask)?;
        Ok(0)
    }

    pub(crate) fn sys_mknodat(&self, t: &Arc<Task>, dirfd: u64, path: u64, mode: u64) -> SysResult {
        let path = self.path(path)?;
        let p = self.at_path(t, dirfd, &path)?;
        let kind = match mode as u32 & vfs::S_IFMT {
            vfs::S_IFIFO => CreateKind::Fifo,
            0 | vfs::S_IFREG => CreateKind::Regular,
            _ => return Err(Errno::EPERM),
        };
        let umask = t.process.umask.load(Ordering::Relaxed);
        self.vfs.mknod("/", &p, kind, mode as u32 & 0o7777 & !umask)?;
        Ok(0)
    }

    pub(crate) fn sys_unlinkat(&self, t: &Arc<Task>, dirfd: u64, path: u64, flags: u64) -> SysResult {
        if flags & !AT_REMOVEDIR != 0 {
            return Err(Errno::EINVAL);
        }
        let path = self.path(path)?;
        let p = self.at_path(t, dirfd, &path)?;
        if flags & AT_REMOVEDIR != 0 {
            self.vfs.rmdir("/", &p)?;
        } else {
            self.vfs.unlink("/", &p)?;
        }
        Ok(0)
    }

    pub(crate) fn sys_renameat(&self, t: &Arc<Task>, olddir: u64, old: u64, newdir: u64, new: u64) -> SysResult {
        let old = self.path(old)?;
        let new = self.path(new)?;
        let o = self.at_path(t, olddir, &old)?;
        let n = self.at_path(t, newdir, &new)?;
        self.vfs.rename("/", &o, &n)?;
        Ok(0)
    }

    pub(crate) fn sys_linkat(&self, t: &Arc<Task>, olddir: u64, old: u64, newdir: u64, new: u64) -> SysResult {
        let old = self.path(old)?;
        let new = self.path(new)?;
        let o = self.at_path(t, olddir, &old)?;
        let n = self.at_path(t, newdir, &new)?;
        self.vfs.link("/", &o, &n, false)?;
        Ok(0)
    }

    pub(crate) fn sys_symlinkat(&self, t: &Arc<Task>, target: u64, newdir: u64, new: u64) -> SysResult {
        let target = self.path(target)?;
        let new = self.path(new)?;
        let n = self.at_path(t, newdir, &new)?;
        self.vfs.symlink("/", &target, &n)?;
        Ok(0)
    }

    pub(crate) fn sys_readlinkat(&self, t: &Arc<Task>, dirfd: u64, path: u64, buf: u64, len: u64) -> SysResult {
        let path = self.path(path)?;
        if len == 0 {
            return Err(Errno::EINVAL);
        }
        let node = self.resolve_at(t, dirfd, &path, false, false)?;
        let target = node.readlink()?;
        let n = target.len().min(len as usize);
        self.put_data(buf, &target.as_bytes()[..n])?;
        Ok(n as u64)
    }

    pub(crate) fn sys_fchmodat(&self, t: &Arc<Task>, dirfd: u64, path: u64, mode: u64) -> SysResult {
        let path = self.path(path)?;
        self.resolve_at(t, dirfd, &path, true, false)?.set_mode(mode as u32 & 0o7777)?;
        Ok(0)
    }

    pub(crate) fn sys_fchmod(&self, t: &Arc<Task>, fd: u64, mode: u64) -> SysResult {
        self.file(t, fd)?.inode().set_mode(mode as u32 & 0o7777)?;
        Ok(0)
    }

    fn owner_arg(x: u64) -> Option<u32> {
        (x as u32 != u32::MAX).then_some(x as u32)
    }

    pub(crate) fn sys_fchownat(&self, t: &Arc<Task>, dirfd: u64, path: u64, uid: u64, gid: u64) -> SysResult {
        let path = self.path(path)?;
        self.resolve_at(t, dirfd, &path, true, false)?.set_owner(Self::owner_arg(uid), Self::owner_arg(gid))?;
        Ok(0)
    }

    pub(crate) fn sys_fchown(&self, t: &Arc<Task>, fd: u64, uid: u64, gid: u64) -> SysResult {
        self.file(t, fd)?.inode().set_owner(Self::owner_arg(uid), Self::owner_arg(gid))?;
        Ok(0)
    }

    pub(crate) fn sys_utimensat(&self, t: &Arc<Task>, dirfd: u64, path: u64, times: u64, flags: u64) -> SysResult {
        let node = if path == 0 {
            self.file(t, dirfd)?.inode().clone()
        } else {
            let p = self.path(path)?;
            self.resolve_at(t, dirfd, &p, flags & AT_SYMLINK_NOFOLLOW == 0, flags & AT_EMPTY_PATH != 0)?
        };
        let (a, m) = if times == 0 {
            (vfs::SetTime::Now, vfs::SetTime::Now)
        } else {
            let b = self.get(times, 32)?;
            let ts = |o: usize| {
                let sec = i64::from_le_bytes(b[o..o + 8].try_into().unwrap_or([0; 8]));
                let nsec = i64::from_le_bytes(b[o + 8..o + 16].try_into().unwrap_or([0; 8]));
                vfs::SetTime::from_linux(sec, nsec)
            };
            (ts(0)?, ts(16)?)
        };
        node.set_times(a, m)?;
        Ok(0)
    }

    pub(crate) fn sys_truncate(&self, t: &Arc<Task>, path: u64, len: u64) -> SysResult {
        if (len as i64) < 0 {
            return Err(Errno::EINVAL);
        }
        let path = self.path(path)?;
        let node = self.resolve_at(t, AT_FDCWD, &path, true, false)?;
        if node.kind() == FileKind::Directory {
            return Err(Errno::EISDIR);
        }
        node.truncate(len)?;
        Ok(0)
    }

    pub(crate) fn sys_ftruncate(&self, t: &Arc<Task>, fd: u64, len: u64) -> SysResult {
        let f = self.file(t, fd)?;
        if (len as i64) < 0 {
            return Err(Errno::EINVAL);
        }
        if !f.is_writable() {
            return Err(Errno::EINVAL);
        }
        f.truncate(len)?;
        Ok(0)
    }

    pub(crate) fn sys_chdir(&self, t: &Arc<Task>, path: u64) -> SysResult {
        let path = self.path(path)?;
        let cwd = t.process.cwd.lock().clone();
        let node = self.vfs.resolve(&cwd, &path, true)?;
        if node.kind() != FileKind::Directory {
            return Err(Errno::ENOTDIR);
        }
        *t.process.cwd.lock() = self.vfs.normalize(&cwd, &path)?;
        Ok(0)
    }

    pub(crate) fn sys_fchdir(&self, t: &Arc<Task>, fd: u64) -> SysResult {
        let f = self.file(t, fd)?;
        if f.inode().kind() != FileKind::Directory {
            return Err(Errno::ENOTDIR);
        }
        *t.process.cwd.lock() = f.path().map(String::from).ok_or(Errno::ENOTDIR)?;
        Ok(0)
    }

    pub(crate) fn sys_getcwd(&self, t: &Arc<Task>, buf: u64, size: u64) -> SysResult {
        let mut cwd = t.process.cwd.lock().clone().into_bytes();
        cwd.push(0);
        if cwd.len() as u64 > size {
            return Err(Errno::ERANGE);
        }
        self.put(buf, &cwd)?;
        Ok(cwd.len() as u64)
    }

    pub(crate) fn sys_sendfile(&self, t: &Arc<Task>, out_fd: u64, in_fd: u64, off_ptr: u64, count: u64) -> SysResult {
        let inf = self.file(t, in_fd)?;
        let outf = self.file(t, out_fd)?;
        if !inf.is_readable() || !outf.is_writable() {
            return Err(Errno::EBADF);
        }
        let mut buf = vec![0u8; (count as usize).min(IO_CHUNK)];
        let start = if off_ptr != 0 { Some(self.get_u64(off_ptr)?) } else { None };
        let n = match start {
            Some(off) => inf.pread(&mut buf, off)?,
            None => self.blocking(t, &inf, PollMask::IN, || inf.read(&mut buf))?,
        };
        // A writer may be waiting for the room this made in an input pipe
        // (the output's side is notified by write_file only when it is not
        // a regular file).
        if start.is_none() && inf.inode().kind() != FileKind::Regular {
            self.host.notify();
        }
        if n == 0 {
            return Ok(0);
        }
        let written = match self.write_file(t, &outf, &buf[..n]) {
            Ok(w) => w as usize,
            Err(e) => {
                // Nothing went out: give the input back.
                if start.is_none() && inf.inode().is_seekable() {
                    let _ = inf.seek(-(n as i64), vfs::SEEK_CUR);
                }
                return Err(e);
            }
        };
        // Only what was written counts as consumed from the input.
        match start {
            Some(off) => self.put_u64(off_ptr, off + written as u64)?,
            None if written < n && inf.inode().is_seekable() => {
                inf.seek(-((n - written) as i64), vfs::SEEK_CUR)?;
            }
            None => {}
        }
        Ok(written as u64)
    }

    pub(crate) fn sys_fsync(&self, t: &Arc<Task>, fd: u64) -> SysResult {
        self.file(t, fd)?;
        Ok(0)
    }

    pub(crate) fn sys_statfs(&self, t: &Arc<Task>, path: Option<u64>, fd: Option<u64>, buf: u64) -> SysResult {
        if let Some(p) = path {
            let p = self.path(p)?;
            self.resolve_at(t, AT_FDCWD, &p, true, false)?;
        }
        if let Some(fd) = fd {
            self.file(t, fd)?;
        }
        let (total, free) = self.host.memory();
        let mut b = [0u8; 120];
        let w = |b: &mut [u8; 120], i: usize, v: u64| b[i * 8..i * 8 + 8].copy_from_slice(&v.to_le_bytes());
        w(&mut b, 0, 0x0102_1994); // TMPFS_MAGIC
        w(&mut b, 1, 4096);
        w(&mut b, 2, total / 4096);
        w(&mut b, 3, free / 4096);
        w(&mut b, 4, free / 4096);
        w(&mut b, 5, 1 << 20);
        w(&mut b, 6, 1 << 20);
        w(&mut b, 8, 255);
        w(&mut b, 9, 4096);
        self.put(buf, &b)?;
        Ok(0)
    }

    pub(crate) fn sys_mount(&self, t: &Arc<Task>, _src: u64, target: u64, fstype: u64) -> SysResult {
        if t.process.creds.lock().euid != 0 {
            return Err(Errno::EPERM);
        }
        let target = self.path(target)?;
        let fstype = self.path(fstype)?;
        let cwd = t.process.cwd.lock().clone();
        let path = self.vfs.normalize(&cwd, &target)?;
        let root = match fstype.as_str() {
            "tmpfs" => self.vfs.new_tmpfs(crate::vfs::tmpfs::Limits::default()),
            "proc" => crate::procfs::new_root(self),
            "devtmpfs" | "sysfs" | "devpts" => return Err(Errno::ENODEV),
            _ => return Err(Errno::ENODEV),
        };
        self.vfs.mount(&path, root, &fstype)?;
        Ok(0)
    }

    pub(crate) fn sys_umount(&self, t: &Arc<Task>, target: u64) -> SysResult {
        if t.process.creds.lock().euid != 0 {
            return Err(Errno::EPERM);
        }
        let target = self.path(target)?;
        let cwd = t.process.cwd.lock().clone();
        let path = self.vfs.normalize(&cwd, &target)?;
        self.vfs.umount(&path)?;
        Ok(0)
    }

    /// fallocate mode 0: make sure the file is at least `off + len` long.
    pub(crate) fn sys_fallocate(&self, t: &Arc<Task>, fd: u64, mode: u64, off: u64, len: u64) -> SysResult {
        let f = self.file(t, fd)?;
        if mode != 0 {
            return Err(Errno::EOPNOTSUPP);
        }
        if len == 0 || (off as i64) < 0 || (len as i64) < 0 {
            return Err(Errno::EINVAL);
        }
        if !f.is_writable() {
            return Err(Errno::EBADF);
        }
        let end = off.checked_add(len).ok_or(Errno::EFBIG)?;
        if end > f.inode().stat().size {
            f.truncate(end)?;
        }
        Ok(0)
    }

    /// utimes: like utimensat with microseconds, or "now" with a null pointer.
    pub(crate) fn sys_utimes(&self, t: &Arc<Task>, path: u64, times: u64) -> SysResult {
        self.sys_futimesat(t, AT_FDCWD, path, times)
    }

    /// msync: private mappings have nothing to write back; the range must be mapped.
    pub(crate) fn sys_msync(&self, t: &Arc<Task>, addr: u64, len: u64) -> SysResult {
        if !addr.is_multiple_of(crate::mm::PAGE) {
            return Err(Errno::EINVAL);
        }
        let end = addr.checked_add(len).ok_or(Errno::ENOMEM)?;
        let mm = t.process.mm.lock();
        let mut at = addr;
        while at < end {
            at = mm.find(at).ok_or(Errno::ENOMEM)?.end;
        }
        Ok(0)
    }

    /// getcpu: one CPU, one node.
    pub(crate) fn sys_getcpu(&self, cpu: u64, node: u64) -> SysResult {
        if cpu != 0 {
            self.put_u32(cpu, 0)?;
        }
        if node != 0 {
            self.put_u32(node, 0)?;
        }
        Ok(0)
    }
}
