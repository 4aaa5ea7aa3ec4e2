//! The personality instance: global state and the system-call dispatcher.
//!
//! The kernel calls [`Posix::syscall`] for every `syscall` a POSIX thread
//! makes, with the thread's registers; the handler's result goes back in rax
//! (negative errno on failure). Handlers are grouped by subject in the `sys_*`
//! modules. An unknown or unimplemented call gives ENOSYS and one log line
//! naming it.

use crate::errno::Errno;
use crate::host::{Host, Regs};
use crate::nr;
use crate::process::{ExitStatus, ProcessTable, Task};
use crate::vfs::Vfs;
use alloc::collections::BTreeSet;
use alloc::sync::Arc;
use spin::Mutex;

/// What the kernel should do with the thread after a system call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum After {
    /// Return to user mode with the (possibly changed) registers.
    Return,
    /// End this thread (the process may live on).
    ExitThread,
}

/// Internal: a blocking call was interrupted and may be restarted.
pub const ERESTARTSYS: Errno = Errno(512);

pub type SysResult = Result<u64, Errno>;

pub struct Posix {
    /// This instance, for closures that outlive a call (procfs).
    pub me: alloc::sync::Weak<Posix>,
    pub host: Arc<dyn Host>,
    pub vfs: Vfs,
    pub procs: ProcessTable,
    pub futex: crate::futex::Futexes,
    /// Advisory file locks (fcntl record locks, flock).
    pub locks: crate::sys_locks::Locks,
    /// clock_settime's adjustment of the wall clock, in ns.
    pub realtime_offset: core::sync::atomic::AtomicI64,
    /// Numbers for shared anonymous memory objects.
    pub next_shared_id: core::sync::atomic::AtomicU64,
    /// Bumped when a process timer changes (wakes the timer service).
    pub timer_gen: core::sync::atomic::AtomicU64,
    /// How pid 1 ended, once it has.
    pub init_status: Mutex<Option<ExitStatus>>,
    unimplemented_logged: Mutex<BTreeSet<usize>>,
}

impl Posix {
    pub fn new(host: Arc<dyn Host>, vfs: Vfs) -> Arc<Posix> {
        Arc::new_cyclic(|me| Posix {
            me: me.clone(),
            host,
            vfs,
            procs: ProcessTable::new(256),
            futex: crate::futex::Futexes::default(),
            locks: Default::default(),
            timer_gen: core::sync::atomic::AtomicU64::new(0),
            next_shared_id: core::sync::atomic::AtomicU64::new(1),
            realtime_offset: core::sync::atomic::AtomicI64::new(0),
            init_status: Mutex::new(None),
            unimplemented_logged: Mutex::new(BTreeSet::new()),
        })
    }

    /// The pid of the process making the current call, if any.
    pub fn current_pid(&self) -> Option<u32> {
        self.host.current_task().map(|t| t.pid())
    }

    /// Handle one system call of `task`. Signals are delivered before the
    /// return to user mode.
    pub fn syscall(&self, task: &Arc<Task>, regs: &mut Regs) -> After {
        let nr = regs.rax as usize;
        let a = [regs.rdi, regs.rsi, regs.rdx, regs.r10, regs.r8, regs.r9];
        let result = self.dispatch(task, regs, nr, a);
        match result {
            Ok(Outcome::Value(v)) => regs.rax = v,
            Ok(Outcome::Regs) => {}
            Ok(Outcome::ExitThread) => return After::ExitThread,
            Err(e) => regs.rax = e.as_return(),
        }
        self.deliver_signals(task, regs, Some(nr))
    }

    fn unimplemented(&self, nr: usize) -> SysResult {
        if self.unimplemented_logged.lock().insert(nr) {
            log::warn!("posix: unimplemented syscall {} ({}) answered ENOSYS", nr::name(nr), nr);
        }
        Err(Errno::ENOSYS)
    }

    fn dispatch(&self, t: &Arc<Task>, regs: &mut Regs, nr: usize, a: [u64; 6]) -> Result<Outcome, Errno> {
        use Outcome::Value as V;
        let r = match nr {
            // files
            nr::READ => V(self.sys_read(t, a[0], a[1], a[2])?),
            nr::WRITE => V(self.sys_write(t, a[0], a[1], a[2])?),
            nr::READV => V(self.sys_readv(t, a[0], a[1], a[2], None)?),
            nr::WRITEV => V(self.sys_writev(t, a[0], a[1], a[2], None)?),
            nr::PREADV => V(self.sys_readv(t, a[0], a[1], a[2], Some(a[3]))?),
            nr::PWRITEV => V(self.sys_writev(t, a[0], a[1], a[2], Some(a[3]))?),
            nr::PREAD64 => V(self.sys_pread(t, a[0], a[1], a[2], a[3])?),
            nr::PWRITE64 => V(self.sys_pwrite(t, a[0], a[1], a[2], a[3])?),
            nr::OPEN => V(self.sys_openat(t, AT_FDCWD, a[0], a[1], a[2])?),
            nr::OPENAT => V(self.sys_openat(t, a[0], a[1], a[2], a[3])?),
            nr::CREAT => V(self.sys_openat(t, AT_FDCWD, a[0], 0o1101, a[1])?),
            nr::CLOSE => V(self.sys_close(t, a[0])?),
            nr::LSEEK => V(self.sys_lseek(t, a[0], a[1], a[2])?),
            nr::STAT => V(self.sys_fstatat(t, AT_FDCWD, a[0], a[1], 0)?),
            nr::LSTAT => V(self.sys_fstatat(t, AT_FDCWD, a[0], a[1], AT_SYMLINK_NOFOLLOW)?),
            nr::FSTAT => V(self.sys_fstat(t, a[0], a[1])?),
            nr::NEWFSTATAT => V(self.sys_fstatat(t, a[0], a[1], a[2], a[3])?),
            nr::STATX => V(self.sys_statx(t, a[0], a[1], a[2], a[4])?),
            nr::GETDENTS64 => V(self.sys_getdents64(t, a[0], a[1], a[2])?),
            nr::DUP => V(self.sys_dup(t, a[0])?),
            nr::DUP2 => V(self.sys_dup3(t, a[0], a[1], 0, true)?),
            nr::DUP3 => V(self.sys_dup3(t, a[0], a[1], a[2], false)?),
            nr::FCNTL => V(self.sys_fcntl(t, a[0], a[1], a[2])?),
            nr::IOCTL => V(self.sys_ioctl(t, a[0], a[1], a[2])?),
            nr::PIPE => V(self.sys_pipe2(t, a[0], 0)?),
            nr::PIPE2 => V(self.sys_pipe2(t, a[0], a[1])?),
            nr::ACCESS => V(self.sys_faccessat(t, AT_FDCWD, a[0], a[1])?),
            nr::FACCESSAT | nr::FACCESSAT2 => V(self.sys_faccessat(t, a[0], a[1], a[2])?),
            nr::MKDIR => V(self.sys_mkdirat(t, AT_FDCWD, a[0], a[1])?),
            nr::MKDIRAT => V(self.sys_mkdirat(t, a[0], a[1], a[2])?),
            nr::MKNOD => V(self.sys_mknodat(t, AT_FDCWD, a[0], a[1])?),
            nr::MKNODAT => V(self.sys_mknodat(t, a[0], a[1], a[2])?),
            nr::RMDIR => V(self.sys_unlinkat(t, AT_FDCWD, a[0], AT_REMOVEDIR)?),
            nr::UNLINK => V(self.sys_unlinkat(t, AT_FDCWD, a[0], 0)?),
            nr::UNLINKAT => V(self.sys_unlinkat(t, a[0], a[1], a[2])?),
            nr::RENAME => V(self.sys_renameat(t, AT_FDCWD, a[0], AT_FDCWD, a[1])?),
            nr::RENAMEAT | nr::RENAMEAT2 => V(self.sys_renameat(t, a[0], a[1], a[2], a[3])?),
            nr::LINK => V(self.sys_linkat(t, AT_FDCWD, a[0], AT_FDCWD, a[1])?),
            nr::LINKAT => V(self.sys_linkat(t, a[0], a[1], a[2], a[3])?),
            nr::SYMLINK => V(self.sys_symlinkat(t, a[0], AT_FDCWD, a[1])?),
            nr::SYMLINKAT => V(self.sys_symlinkat(t, a[0], a[1], a[2])?),
            nr::READLINK => V(self.sys_readlinkat(t, AT_FDCWD, a[0], a[1], a[2])?),
            nr::READLINKAT => V(self.sys_readlinkat(t, a[0], a[1], a[2], a[3])?),
            nr::CHMOD => V(self.sys_fchmodat(t, AT_FDCWD, a[0], a[1])?),
            nr::FCHMODAT => V(self.sys_fchmodat(t, a[0], a[1], a[2])?),
            nr::FCHMOD => V(self.sys_fchmod(t, a[0], a[1])?),
            nr::CHOWN | nr::LCHOWN => V(self.sys_fchownat(t, AT_FDCWD, a[0], a[1], a[2])?),
            nr::FCHOWNAT => V(self.sys_fchownat(t, a[0], a[1], a[2], a[3])?),
            nr::FCHOWN => V(self.sys_fchown(t, a[0], a[1], a[2])?),
            nr::UTIMENSAT => V(self.sys_utimensat(t, a[0], a[1], a[2], a[3])?),
            nr::TRUNCATE => V(self.sys_truncate(t, a[0], a[1])?),
            nr::FTRUNCATE => V(self.sys_ftruncate(t, a[0], a[1])?),
            nr::CHDIR => V(self.sys_chdir(t, a[0])?),
            nr::FCHDIR => V(self.sys_fchdir(t, a[0])?),
            nr::GETCWD => V(self.sys_getcwd(t, a[0], a[1])?),
            nr::UMASK => V(t.process.umask.swap(a[0] as u32 & 0o777, core::sync::atomic::Ordering::Relaxed) as u64),
            nr::SENDFILE => V(self.sys_sendfile(t, a[0], a[1], a[2], a[3])?),
            nr::FSYNC | nr::FDATASYNC => V(self.sys_fsync(t, a[0])?),
            nr::SYNC => V(0),
            nr::STATFS => V(self.sys_statfs(t, Some(a[0]), None, a[1])?),
            nr::FSTATFS => V(self.sys_statfs(t, None, Some(a[0]), a[1])?),
            nr::POLL => V(self.sys_poll(t, a[0], a[1], timeout_ms(a[2] as i32))?),
            nr::PPOLL => V(self.sys_ppoll(t, a[0], a[1], a[2], a[3])?),
            nr::SELECT => V(self.sys_select(t, a[0], a[1], a[2], a[3], a[4], false)?),
            nr::PSELECT6 => V(self.sys_select(t, a[0], a[1], a[2], a[3], a[4], true)?),
            nr::EVENTFD => V(self.sys_eventfd2(t, a[0], 0)?),
            nr::EVENTFD2 => V(self.sys_eventfd2(t, a[0], a[1])?),
            nr::EPOLL_CREATE => V(if (a[0] as i32) <= 0 { Err(Errno::EINVAL)? } else { self.sys_epoll_create1(t, 0)? }),
            nr::EPOLL_CREATE1 => V(self.sys_epoll_create1(t, a[0])?),
            nr::EPOLL_CTL => V(self.sys_epoll_ctl(t, a[0], a[1], a[2], a[3])?),
            nr::EPOLL_WAIT | nr::EPOLL_PWAIT => V(self.sys_epoll_wait(t, a[0], a[1], a[2], a[3] as i32)?),
            nr::MOUNT => V(self.sys_mount(t, a[0], a[1], a[2])?),
            nr::UMOUNT2 => V(self.sys_umount(t, a[0])?),
            // memory
            nr::BRK => V(self.sys_brk(t, a[0])),
            nr::MMAP => V(self.sys_mmap(t, a[0], a[1], a[2], a[3], a[4], a[5])?),
            nr::MUNMAP => V(self.sys_munmap(t, a[0], a[1])?),
            nr::MPROTECT => V(self.sys_mprotect(t, a[0], a[1], a[2])?),
            nr::MADVISE => V(self.sys_madvise(t, a[0], a[1], a[2])?),
            nr::MREMAP => V(self.sys_mremap(t, a[0], a[1], a[2], a[3])?),
            // processes
            nr::GETPID => V(t.pid() as u64),
            nr::GETTID => V(t.tid as u64),
            nr::GETPPID => V(t.process.ppid.load(core::sync::atomic::Ordering::Relaxed) as u64),
            nr::FORK => V(self.sys_clone(t, regs, SIGCHLD_FLAG, 0, 0, 0, 0)?),
            nr::VFORK => V(self.sys_clone(t, regs, 0x4000 | 0x100 | SIGCHLD_FLAG, 0, 0, 0, 0)?),
            nr::CLONE => V(self.sys_clone(t, regs, a[0], a[1], a[2], a[3], a[4])?),
            nr::CLONE3 => V(self.sys_clone3(t, regs, a[0], a[1])?),
            nr::EXECVE => {
                self.sys_execve(t, regs, AT_FDCWD, a[0], a[1], a[2])?;
                Outcome::Regs
            }
            nr::EXECVEAT => {
                self.sys_execve(t, regs, a[0], a[1], a[2], a[3])?;
                Outcome::Regs
            }
            nr::EXIT => return Ok(self.exit_thread(t, a[0] as u8)),
            nr::EXIT_GROUP => return Ok(self.exit_group(t, ExitStatus::Exited(a[0] as u8))),
            nr::WAIT4 => V(self.sys_wait4(t, a[0] as i64 as i32, a[1], a[2], a[3])?),
            nr::WAITID => V(self.sys_waitid(t, a[0], a[1], a[2], a[3])?),
            nr::KILL => V(self.sys_kill(t, a[0] as i64 as i32, a[1] as u32)?),
            nr::TKILL => V(self.sys_tgkill(t, 0, a[0] as u32, a[1] as u32)?),
            nr::TGKILL => V(self.sys_tgkill(t, a[0] as u32, a[1] as u32, a[2] as u32)?),
            nr::SET_TID_ADDRESS => {
                t.clear_child_tid.store(a[0], core::sync::atomic::Ordering::Relaxed);
                V(t.tid as u64)
            }
            nr::SET_ROBUST_LIST => V(0),
            nr::GET_ROBUST_LIST => V(0),
            nr::ARCH_PRCTL => V(self.sys_arch_prctl(a[0], a[1])?),
            nr::FUTEX => V(self.sys_futex(t, a[0], a[1], a[2], a[3], a[4], a[5])?),
            nr::SETPGID => V(self.sys_setpgid(t, a[0] as u32, a[1] as u32)?),
            nr::GETPGID => V(self.sys_getpgid(t, a[0] as u32)?),
            nr::GETPGRP => V(t.process.pgid.load(core::sync::atomic::Ordering::Relaxed) as u64),
            nr::SETSID => V(self.sys_setsid(t)?),
            nr::GETSID => V(self.sys_getsid(t, a[0] as u32)?),
            nr::GETUID | nr::GETEUID | nr::GETGID | nr::GETEGID => V(self.sys_getid(t, nr)),
            nr::SETUID | nr::SETGID | nr::SETREUID | nr::SETREGID | nr::SETRESUID | nr::SETRESGID => {
                V(self.sys_setid(t, nr, a)?)
            }
            nr::GETRESUID | nr::GETRESGID => V(self.sys_getresid(t, nr, a)?),
            nr::GETGROUPS => V(self.sys_getgroups(t, a[0], a[1])?),
            nr::SETGROUPS => V(self.sys_setgroups(t, a[0], a[1])?),
            nr::PRLIMIT64 => V(self.sys_prlimit(t, a[0] as u32, a[1] as u32, a[2], a[3])?),
            nr::GETRLIMIT => V(self.sys_prlimit(t, 0, a[0] as u32, 0, a[1])?),
            nr::SETRLIMIT => V(self.sys_prlimit(t, 0, a[0] as u32, a[1], 0)?),
            nr::GETRUSAGE => V(self.sys_getrusage(t, a[0] as i64, a[1])?),
            nr::TIMES => V(self.sys_times(t, a[0])?),
            nr::SCHED_YIELD => {
                self.host.yield_now();
                V(0)
            }
            nr::SCHED_GETAFFINITY => V(self.sys_sched_getaffinity(a[1], a[2])?),
            nr::SCHED_SETAFFINITY => V(0),
            nr::PRCTL => V(self.sys_prctl(t, a[0], a[1])?),
            // signals
            nr::RT_SIGACTION => V(self.sys_rt_sigaction(t, a[0] as u32, a[1], a[2], a[3])?),
            nr::RT_SIGPROCMASK => V(self.sys_rt_sigprocmask(t, a[0], a[1], a[2], a[3])?),
            nr::RT_SIGRETURN => {
                self.sys_rt_sigreturn(t, regs)?;
                return Ok(Outcome::Regs);
            }
            nr::RT_SIGPENDING => V(self.sys_rt_sigpending(t, a[0], a[1])?),
            nr::RT_SIGSUSPEND => V(self.sys_rt_sigsuspend(t, a[0], a[1])?),
            nr::RT_SIGTIMEDWAIT => V(self.sys_rt_sigtimedwait(t, a[0], a[1], a[2], a[3])?),
            nr::SIGALTSTACK => V(self.sys_sigaltstack(t, a[0], a[1], regs.rsp)?),
            nr::RT_SIGQUEUEINFO => V(self.sys_rt_sigqueueinfo(t, a[0] as u32, a[1] as u32, a[2])?),
            nr::PAUSE => V(self.sys_pause(t)?),
            nr::ALARM => V(self.sys_alarm(t, a[0])?),
            nr::SETITIMER => V(self.sys_setitimer(t, a[0], a[1], a[2])?),
            nr::GETITIMER => V(self.sys_getitimer(t, a[0], a[1])?),
            // time
            nr::CLOCK_GETTIME => V(self.sys_clock_gettime(t, a[0], a[1])?),
            nr::CLOCK_SETTIME => V(self.sys_clock_settime(t, a[0], a[1])?),
            nr::CLOCK_GETRES => V(self.sys_clock_getres(a[0], a[1])?),
            nr::GETTIMEOFDAY => V(self.sys_gettimeofday(a[0])?),
            nr::TIME => V(self.sys_time(a[0])?),
            nr::NANOSLEEP => V(self.sys_nanosleep(t, 1, 0, a[0], a[1])?),
            nr::CLOCK_NANOSLEEP => V(self.sys_nanosleep(t, a[0], a[1], a[2], a[3])?),
            // system
            nr::UNAME => V(self.sys_uname(a[0])?),
            nr::SYSINFO => V(self.sys_sysinfo(a[0])?),
            nr::GETRANDOM => V(self.sys_getrandom(a[0], a[1])?),
            nr::REBOOT => V(self.sys_reboot(t, a[2])?),
            nr::SETHOSTNAME | nr::SETDOMAINNAME => V(self.sys_sethostname(t, a[0], a[1], nr)?),
            nr::FLOCK => V(self.sys_flock(t, a[0], a[1])?),
            nr::FALLOCATE => V(self.sys_fallocate(t, a[0], a[1], a[2], a[3])?),
            nr::UTIMES => V(self.sys_utimes(t, a[0], a[1])?),
            nr::MSYNC => V(self.sys_msync(t, a[0], a[1])?),
            // Memory is never swapped out, so every page is as good as locked.
            nr::MLOCK | nr::MUNLOCK | nr::MLOCKALL | nr::MUNLOCKALL => V(0),
            nr::GETCPU => V(self.sys_getcpu(a[0], a[1])?),
            // One scheduling policy (SCHED_OTHER, priority 0) for everyone.
            nr::SCHED_GETSCHEDULER => V(0),
            nr::SCHED_GETPARAM => V(self.put_u32(a[1], 0).map(|_| 0)?),
            nr::SCHED_GET_PRIORITY_MAX | nr::SCHED_GET_PRIORITY_MIN => V(0),
            nr::PERSONALITY => V(if a[0] as u32 == 0xFFFF_FFFF || a[0] == 0 { 0 } else { Err(Errno::EINVAL)? }),
            nr::FADVISE64 => V(self.sys_fadvise64(t, a[0], a[1], a[2], a[3])?),
            nr::READAHEAD => V(self.sys_readahead(t, a[0])?),
            nr::SYNCFS => V(self.sys_syncfs(t, a[0])?),
            nr::CLOSE_RANGE => V(self.sys_close_range(t, a[0], a[1], a[2])?),
            nr::COPY_FILE_RANGE => V(self.sys_copy_file_range(t, a[0], a[1], a[2], a[3], a[4], a[5])?),
            nr::MEMFD_CREATE => V(self.sys_memfd_create(t, a[0], a[1])?),
            nr::UTIME => V(self.sys_utime(t, a[0], a[1])?),
            nr::FUTIMESAT => V(self.sys_futimesat(t, a[0], a[1], a[2])?),
            nr::GETPRIORITY => V(self.sys_getpriority(t, a[0], a[1])?),
            nr::SETPRIORITY => V(self.sys_setpriority(t, a[0], a[1], a[2])?),
            // SCHED_OTHER only: setting it (priority 0) is accepted.
            nr::SCHED_SETSCHEDULER => V(self.sys_sched_set(t, a[0], Some(a[1]), a[2])?),
            nr::SCHED_SETPARAM => V(self.sys_sched_set(t, a[0], None, a[1])?),
            nr::SCHED_RR_GET_INTERVAL => V(self.sys_sched_rr_interval(t, a[0], a[1])?),
            nr::RSEQ => Err(Errno::ENOSYS)?,
            nr::MEMBARRIER => Err(Errno::ENOSYS)?,
            _ => V(self.unimplemented(nr)?),
        };
        Ok(r)
    }
}

pub enum Outcome {
    Value(u64),
    /// The handler wrote the registers itself (execve, sigreturn).
    Regs,
    ExitThread,
}

pub const AT_FDCWD: u64 = (-100i64) as u64;
pub const AT_SYMLINK_NOFOLLOW: u64 = 0x100;
pub const AT_REMOVEDIR: u64 = 0x200;
pub const AT_EMPTY_PATH: u64 = 0x1000;
const SIGCHLD_FLAG: u64 = 17;

/// A poll timeout in ms (negative: forever) as an optional duration in ns.
pub fn timeout_ms(ms: i32) -> Option<u64> {
    (ms >= 0).then(|| ms as u64 * 1_000_000)
}
