//! Advisory file locks between processes: `fcntl`'s record locks
//! (`F_GETLK`, `F_SETLK`, `F_SETLKW` and the open-file-description forms
//! `F_OFD_*`) and `flock`, with the rules of [`crate::locks`].
//!
//! A file is named by its inode's device and number. Record locks belong to
//! a process (all its threads) and go when it closes any descriptor of the
//! file or ends; a forked child inherits none, and they survive `execve`
//! (except through close-on-exec descriptors, which release them too).
//! OFD and `flock` locks belong to the open file description: they are
//! shared by `dup` and `fork` and go with its last descriptor. The two
//! kinds of `fcntl` locks conflict with each other; `flock` locks are a
//! separate table, as on Linux. Waiting (`F_SETLKW`, `flock` without
//! `LOCK_NB`) ends when the lock is granted, with `EDEADLK` when a chain of
//! waiting processes comes back to the caller, or on a signal (restarted
//! with `SA_RESTART`).

use crate::errno::Errno;
use crate::locks::{self, Kind, LockTable, Owner, Refused, OFFSET_MAX};
use crate::posix::{Posix, SysResult, ERESTARTSYS};
use crate::process::Task;
use crate::vfs::{self, File};
use alloc::sync::{Arc, Weak};
use alloc::vec::Vec;
use spin::Mutex;

pub(crate) const F_GETLK: u32 = 5;
pub(crate) const F_SETLK: u32 = 6;
pub(crate) const F_SETLKW: u32 = 7;
pub(crate) const F_OFD_GETLK: u32 = 36;
pub(crate) const F_OFD_SETLK: u32 = 37;
pub(crate) const F_OFD_SETLKW: u32 = 38;

const F_RDLCK: i16 = 0;
const F_WRLCK: i16 = 1;
const F_UNLCK: i16 = 2;

const LOCK_SH: u32 = 1;
const LOCK_EX: u32 = 2;
const LOCK_NB: u32 = 4;
const LOCK_UN: u32 = 8;
const LOCK_MAND: u32 = 32;

/// An open file description as a lock owner. The weak reference keeps the
/// allocation (so the identity is never reused) but not the file open.
#[derive(Clone)]
pub struct FileRef(Weak<File>);

impl locks::Description for FileRef {
    fn same(&self, other: &Self) -> bool {
        Weak::ptr_eq(&self.0, &other.0)
    }

    fn alive(&self) -> bool {
        self.0.strong_count() > 0
    }
}

/// Locks by file (device, inode number).
pub type FileLocks = LockTable<(u64, u64), FileRef>;

/// The lock tables of the personality.
#[derive(Default)]
pub struct Locks {
    /// `fcntl` record locks, of processes and of open file descriptions.
    pub records: Mutex<FileLocks>,
    /// `flock` locks.
    pub flocks: Mutex<FileLocks>,
}

fn file_key(f: &File) -> (u64, u64) {
    let s = f.inode().stat();
    (s.dev, s.ino)
}

fn description(f: &Arc<File>) -> Owner<FileRef> {
    Owner::Description(FileRef(Arc::downgrade(f)))
}

/// Whether `cmd` is one of fcntl's lock commands.
pub(crate) fn is_lock_command(cmd: u32) -> bool {
    matches!(cmd, F_GETLK | F_SETLK | F_SETLKW | F_OFD_GETLK | F_OFD_SETLK | F_OFD_SETLKW)
}

impl Posix {
    /// fcntl's lock commands on `f`, descriptor `fd`; `arg` points to a
    /// `struct flock` (type, whence, start, len, pid).
    pub(crate) fn sys_fcntl_lock(&self, t: &Arc<Task>, fd: i32, f: &Arc<File>, cmd: u32, arg: u64) -> SysResult {
        if f.flags() & vfs::O_PATH != 0 {
            return Err(Errno::EBADF);
        }
        let mut raw = self.get_array::<32>(arg)?;
        let l_type = i16::from_le_bytes([raw[0], raw[1]]);
        let whence = i16::from_le_bytes([raw[2], raw[3]]);
        let field = |at: usize| i64::from_le_bytes(raw[at..at + 8].try_into().unwrap_or([0; 8]));
        let (start, len) = (field(8), field(16));
        let l_pid = i32::from_le_bytes([raw[24], raw[25], raw[26], raw[27]]);
        let ofd = matches!(cmd, F_OFD_GETLK | F_OFD_SETLK | F_OFD_SETLKW);
        let kind = match l_type {
            F_RDLCK => Ok(Some(Kind::Read)),
            F_WRLCK => Ok(Some(Kind::Write)),
            F_UNLCK => Ok(None),
            _ => Err(Errno::EINVAL),
        };
        let getlk = matches!(cmd, F_GETLK | F_OFD_GETLK);
        // F_GETLK tests a read or write lock; F_OFD_GETLK may also ask
        // (with F_UNLCK) for the description's own lock.
        if (getlk && kind.is_err()) || (cmd == F_GETLK && matches!(kind, Ok(None))) {
            return Err(Errno::EINVAL);
        }
        let size = if whence == 2 { f.stat().size } else { 0 };
        let (first, last) = locks::flock_range(whence, start, len, f.offset(), size)?;
        let kind = kind?;
        if !getlk {
            let allowed = match kind {
                Some(Kind::Read) => f.is_readable(),
                Some(Kind::Write) => f.is_writable(),
                None => true,
            };
            if !allowed {
                return Err(Errno::EBADF);
            }
        }
        if ofd && l_pid != 0 {
            return Err(Errno::EINVAL);
        }
        let owner = if ofd { description(f) } else { Owner::Process(t.pid()) };
        let key = file_key(f);
        let table = &self.locks.records;

        if getlk {
            match table.lock().test(key, &owner, kind, first, last) {
                None => raw[0..2].copy_from_slice(&F_UNLCK.to_le_bytes()),
                Some(lock) => {
                    let l_type = if lock.kind == Kind::Read { F_RDLCK } else { F_WRLCK };
                    raw[0..2].copy_from_slice(&l_type.to_le_bytes());
                    raw[2..4].copy_from_slice(&0i16.to_le_bytes()); // SEEK_SET
                    raw[8..16].copy_from_slice(&(lock.start as i64).to_le_bytes());
                    raw[16..24].copy_from_slice(&(lock.l_len() as i64).to_le_bytes());
                    raw[24..28].copy_from_slice(&lock.owner.pid().to_le_bytes());
                }
            }
            self.put(arg, &raw)?;
            return Ok(0);
        }

        if matches!(cmd, F_SETLKW | F_OFD_SETLKW) && kind.is_some() {
            self.wait_for_lock(t, table, key, &owner, kind, first, last)?;
        } else {
            match table.lock().set(key, &owner, kind, first, last, None) {
                Ok(()) => {}
                Err(Refused::Conflict(_)) => return Err(Errno::EAGAIN),
                Err(Refused::Deadlock) => return Err(Errno::EDEADLK),
            }
        }
        // What was unlocked or turned into a read lock may be what others
        // wait for.
        if table.lock().has_waiters() {
            self.host.notify();
        }
        if kind.is_some() && !ofd {
            // A process's lock must not outlive its descriptors: if another
            // thread closed this one (or the process began to exit) while
            // the lock was being taken, that close (or exit) released the
            // process's locks before this one was there to be released.
            let still_open = t.process.fds.lock().get(fd).is_ok_and(|g| Arc::ptr_eq(&g, f));
            if !still_open {
                let _ = table.lock().set(key, &owner, None, first, last, None);
                self.host.notify();
                return Err(Errno::EBADF);
            }
            if t.process.exit_status.lock().is_some() {
                table.lock().release_everywhere(&owner);
                self.host.notify();
            }
        }
        Ok(0)
    }

    /// flock(2): a shared (`LOCK_SH`) or exclusive (`LOCK_EX`) lock on the
    /// whole file for the open file description, or `LOCK_UN`; `LOCK_NB`
    /// fails with `EWOULDBLOCK` instead of waiting. Changing the kind of a
    /// lock first lets go of the old one (so a refused `LOCK_NB` change
    /// leaves none), as on Linux.
    pub(crate) fn sys_flock(&self, t: &Arc<Task>, fd: u64, op: u64) -> SysResult {
        let op = op as u32;
        if op & LOCK_MAND != 0 {
            // Linux ignores these (they never worked).
            return Ok(0);
        }
        let kind = match op & !LOCK_NB {
            LOCK_SH => Some(Kind::Read),
            LOCK_EX => Some(Kind::Write),
            LOCK_UN => None,
            _ => return Err(Errno::EINVAL),
        };
        let f = self.file(t, fd)?;
        if f.flags() & vfs::O_PATH != 0 {
            return Err(Errno::EBADF);
        }
        let owner = description(&f);
        let key = file_key(&f);
        let table = &self.locks.flocks;
        let mut locks = table.lock();
        let mut released = false;
        if let Some(held) = locks.test(key, &owner, None, 0, OFFSET_MAX) {
            if Some(held.kind) == kind {
                return Ok(0);
            }
            let _ = locks.set(key, &owner, None, 0, OFFSET_MAX, None);
            released = true;
        }
        // Granted at once (true), to wait for (false), or refused.
        let outcome = match kind {
            None => Ok(true),
            Some(_) => match locks.set(key, &owner, kind, 0, OFFSET_MAX, None) {
                Ok(()) => Ok(true),
                Err(_) if op & LOCK_NB != 0 => Err(Errno::EAGAIN),
                Err(_) => Ok(false),
            },
        };
        let wake = released && locks.has_waiters();
        drop(locks);
        if wake {
            self.host.notify();
        }
        if !outcome? {
            self.wait_for_lock(t, table, key, &owner, kind, 0, OFFSET_MAX)?;
        }
        Ok(0)
    }

    /// Wait until `owner` gets its lock: `EDEADLK` if it never could,
    /// `ERESTARTSYS` when a signal comes first.
    #[allow(clippy::too_many_arguments)]
    fn wait_for_lock(
        &self,
        t: &Arc<Task>,
        table: &Mutex<FileLocks>,
        key: (u64, u64),
        owner: &Owner<FileRef>,
        kind: Option<Kind>,
        first: u64,
        last: u64,
    ) -> Result<(), Errno> {
        let token = t.tid as u64;
        let mut outcome = None;
        self.host.wait(
            &mut || match table.lock().set(key, owner, kind, first, last, Some(token)) {
                Ok(()) => {
                    outcome = Some(Ok(()));
                    true
                }
                Err(Refused::Deadlock) => {
                    outcome = Some(Err(Errno::EDEADLK));
                    true
                }
                Err(Refused::Conflict(_)) => t.deliverable() != 0,
            },
            None,
        );
        table.lock().stop_waiting(token);
        outcome.unwrap_or(Err(ERESTARTSYS))
    }

    /// Process `pid` closed a descriptor of `f`: its record locks on that
    /// file go. Call [`Posix::locks_files_dropped`] once the files are
    /// dropped.
    /// True if a lock went.
    pub(crate) fn locks_fd_closed(&self, pid: u32, f: &File) -> bool {
        let mut locks = self.locks.records.lock();
        !locks.is_empty() && locks.release(file_key(f), &Owner::Process(pid))
    }

    /// Files were dropped: the locks of open file descriptions that are
    /// gone go too. True if a lock went; waking the waiters (`notify`) is
    /// the caller's.
    pub(crate) fn locks_files_dropped(&self) -> bool {
        let mut changed = false;
        for table in [&self.locks.records, &self.locks.flocks] {
            let mut locks = table.lock();
            if !locks.is_empty() {
                changed |= locks.purge();
            }
        }
        changed
    }

    /// Descriptors of process `pid` were closed together (`execve`'s
    /// close-on-exec): release, drop, purge.
    pub(crate) fn locks_fds_closed(&self, pid: u32, files: Vec<Arc<File>>) {
        for f in &files {
            self.locks_fd_closed(pid, f);
        }
        drop(files);
        self.locks_files_dropped();
    }

    /// `dup2`/`dup3` closed `replaced` (process `pid`'s old file at the
    /// target descriptor) to put another there.
    pub(crate) fn locks_fd_replaced(&self, pid: u32, replaced: Arc<File>) {
        let mut changed = self.locks_fd_closed(pid, &replaced);
        drop(replaced);
        changed |= self.locks_files_dropped();
        if changed {
            self.host.notify();
        }
    }

    /// Process `pid` ended (its descriptors are already dropped): all its
    /// record locks go.
    pub(crate) fn locks_process_ended(&self, pid: u32) {
        {
            let mut locks = self.locks.records.lock();
            if !locks.is_empty() {
                locks.release_everywhere(&Owner::Process(pid));
            }
        }
        self.locks_files_dropped();
    }
}
