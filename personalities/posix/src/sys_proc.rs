//! Process system calls: clone/fork, execve, exit, wait, kill, ids, groups
//! and sessions, limits, and the first process.

use crate::errno::Errno;
use crate::host::Regs;
use crate::posix::{After, Outcome, Posix, SysResult};
use crate::process::{self, ExitStatus, Process, Task};
use crate::signal::{self, SigAction, SigInfo, NSIG};
use crate::{nr, uaccess};
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::sync::atomic::Ordering;
use spin::Mutex;

pub const CLONE_VM: u64 = 0x100;
pub const CLONE_FILES: u64 = 0x400;
pub const CLONE_SIGHAND: u64 = 0x800;
pub const CLONE_VFORK: u64 = 0x4000;
pub const CLONE_PARENT: u64 = 0x8000;
pub const CLONE_THREAD: u64 = 0x10000;
pub const CLONE_SETTLS: u64 = 0x80000;
pub const CLONE_PARENT_SETTID: u64 = 0x100000;
pub const CLONE_CHILD_CLEARTID: u64 = 0x200000;
pub const CLONE_CHILD_SETTID: u64 = 0x1000000;

/// What a wait found.
#[derive(Clone, Copy, Debug)]
enum WaitReport {
    Ended(ExitStatus),
    Stopped(u8),
    Continued,
}

const SI_TKILL: i32 = -6;
const WCONTINUED: u64 = 8;
const WNOHANG: u64 = 1;
const WNOWAIT: u64 = 0x0100_0000;
const WUNTRACED: u64 = 2;

impl Posix {
    /// Start pid 1 running `path` with `argv`/`envp`, its standard streams on
    /// `console` (a path such as /dev/console).
    pub fn start_init(self: &Arc<Self>, path: &str, argv: &[&str], envp: &[&str], console: &str) -> Result<u32, Errno> {
        let argv: Vec<Vec<u8>> = argv.iter().map(|s| s.as_bytes().to_vec()).collect();
        let envp: Vec<Vec<u8>> = envp.iter().map(|s| s.as_bytes().to_vec()).collect();
        let loaded = self.load_program("/", path, argv, envp)?;
        let mut fds = crate::vfs::FdTable::new();
        for _ in 0..3 {
            let f = self.open_path("/", console, crate::vfs::O_RDWR, 0)?;
            fds.alloc(f, 0, false)?;
        }
        let pid = self.procs.alloc_id();
        let actions = Arc::new(Mutex::new([SigAction::default(); NSIG]));
        let space = loaded.mm.space.clone();
        let p = process::new_process(&*self.host, pid, 0, pid, pid, loaded.mm, Arc::new(Mutex::new(fds)), String::from("/"), actions);
        *p.exe.lock() = loaded.exe;
        *p.comm.lock() = loaded.comm;
        *p.cmdline.lock() = loaded.argv;
        self.procs.insert(p.clone())?;
        let task = process::new_task(pid, p, 0);
        self.host.spawn_thread(space, loaded.regs, 0, task)?;
        Ok(pid)
    }

    pub(crate) fn sys_clone(&self, t: &Arc<Task>, regs: &Regs, flags: u64, stack: u64, ptid: u64, ctid: u64, tls: u64) -> SysResult {
        let mut child_regs = *regs;
        child_regs.rax = 0;
        if stack != 0 {
            child_regs.rsp = stack;
        }
        let fs_base = if flags & CLONE_SETTLS != 0 { tls } else { self.host.fs_base() };
        let id = self.procs.alloc_id();
        let parent = &t.process;
        let task = if flags & CLONE_THREAD != 0 {
            if flags & CLONE_VM == 0 || flags & CLONE_SIGHAND == 0 {
                return Err(Errno::EINVAL);
            }
            process::new_task(id, parent.clone(), t.sigmask.load(Ordering::Relaxed))
        } else {
            if self.procs.count() >= self.procs.max_processes {
                return Err(Errno::EAGAIN);
            }
            if flags & CLONE_VM != 0 && flags & CLONE_VFORK == 0 {
                // Sharing memory between processes needs a shared Mm: not yet.
                return Err(Errno::EINVAL);
            }
            let mm = parent.mm.lock().fork()?;
            let fds = if flags & CLONE_FILES != 0 {
                parent.fds.clone()
            } else {
                Arc::new(Mutex::new(parent.fds.lock().fork_copy()))
            };
            let actions = if flags & CLONE_SIGHAND != 0 {
                parent.actions.clone()
            } else {
                Arc::new(Mutex::new(*parent.actions.lock()))
            };
            let ppid = if flags & CLONE_PARENT != 0 { parent.ppid.load(Ordering::Relaxed) } else { parent.pid };
            let child = process::new_process(
                &*self.host,
                id,
                ppid,
                parent.pgid.load(Ordering::Relaxed),
                parent.sid.load(Ordering::Relaxed),
                mm,
                fds,
                parent.cwd.lock().clone(),
                actions,
            );
            child.umask.store(parent.umask.load(Ordering::Relaxed), Ordering::Relaxed);
            child.nice.store(parent.nice.load(Ordering::Relaxed), Ordering::Relaxed);
            *child.creds.lock() = parent.creds.lock().clone();
            *child.exe.lock() = parent.exe.lock().clone();
            *child.comm.lock() = parent.comm.lock().clone();
            *child.cmdline.lock() = parent.cmdline.lock().clone();
            *child.rlimits.lock() = *parent.rlimits.lock();
            self.procs.insert(child.clone())?;
            let holder = if flags & CLONE_PARENT != 0 { self.procs.get(ppid) } else { Some(parent.clone()) };
            if let Some(h) = holder {
                h.children.lock().push(child.clone());
            }
            process::new_task(id, child, t.sigmask.load(Ordering::Relaxed))
        };
        if flags & CLONE_PARENT_SETTID != 0 {
            self.put_u32(ptid, id)?;
        }
        if flags & CLONE_CHILD_CLEARTID != 0 {
            task.clear_child_tid.store(ctid, Ordering::Relaxed);
        }
        let space = task.process.mm.lock().space.clone();
        if flags & CLONE_CHILD_SETTID != 0 {
            space.write(ctid, &id.to_le_bytes())?;
        }
        let vfork = flags & CLONE_VFORK != 0;
        let child_proc = task.process.clone();
        self.host.spawn_thread(space, child_regs, fs_base, task)?;
        if vfork {
            // The parent waits until the child has exec'd or exited.
            let start = child_proc.start_ns;
            self.host.wait(&mut || child_proc.is_zombie() || child_proc.exec_count.load(Ordering::Acquire) > 0 || start == 0, None);
        }
        Ok(id as u64)
    }

    pub(crate) fn sys_clone3(&self, t: &Arc<Task>, regs: &Regs, args: u64, size: u64) -> SysResult {
        if size < 64 {
            return Err(Errno::EINVAL);
        }
        let b = self.get(args, 64)?;
        let w = |i: usize| u64::from_le_bytes(b[i * 8..i * 8 + 8].try_into().unwrap_or([0; 8]));
        let (flags, _pidfd, ctid, ptid, exit_signal, stack, stack_size, tls) = (w(0), w(1), w(2), w(3), w(4), w(5), w(6), w(7));
        let sp = if stack != 0 { stack + stack_size } else { 0 };
        self.sys_clone(t, regs, flags | (exit_signal & 0xFF), sp, ptid, ctid, tls)
    }

    pub(crate) fn sys_execve(&self, t: &Arc<Task>, regs: &mut Regs, dirfd: u64, path: u64, argv: u64, envp: u64) -> Result<(), Errno> {
        let path = self.path(path)?;
        let argv = self.string_array(argv, 32 * 1024, 2 * 1024 * 1024)?;
        let envp = self.string_array(envp, 32 * 1024, 2 * 1024 * 1024)?;
        let base = self.dir_base(t, dirfd, &path)?;
        let loaded = self.load_program(&base, &path, argv, envp)?;
        let p = &t.process;
        let space = loaded.mm.space.clone();
        *p.mm.lock() = loaded.mm;
        self.host.switch_space(space);
        self.host.set_fs_base(0);
        let closed = p.fds.lock().close_on_exec();
        self.locks_fds_closed(p.pid, closed);
        {
            let mut acts = p.actions.lock();
            for a in acts.iter_mut() {
                if a.handler != signal::SIG_IGN {
                    *a = SigAction::default();
                }
            }
        }
        *t.altstack.lock() = (0, 0, 2);
        *p.exe.lock() = loaded.exe;
        *p.comm.lock() = loaded.comm;
        *p.cmdline.lock() = loaded.argv;
        p.exec_count.fetch_add(1, Ordering::Release);
        self.host.notify();
        *regs = loaded.regs;
        Ok(())
    }

    /// exit(2): this thread ends; the last one ends the process.
    pub(crate) fn exit_thread(&self, t: &Arc<Task>, code: u8) -> Outcome {
        self.thread_cleanup(t);
        if t.process.live_tasks().iter().all(|x| Arc::ptr_eq(x, t)) {
            self.process_exit(&t.process, ExitStatus::Exited(code));
        }
        Outcome::ExitThread
    }

    pub(crate) fn exit_group(&self, t: &Arc<Task>, status: ExitStatus) -> Outcome {
        self.thread_cleanup(t);
        self.process_exit(&t.process, status);
        Outcome::ExitThread
    }

    /// CLONE_CHILD_CLEARTID: zero the word and wake a futex waiter on it.
    fn thread_cleanup(&self, t: &Arc<Task>) {
        let addr = t.clear_child_tid.swap(0, Ordering::Relaxed);
        if addr != 0 && self.host.copy_out(addr, &0u32.to_le_bytes()).is_ok() {
            let space = t.process.mm.lock().space.clone();
            if self.futex.wake(&space, addr, 1, u32::MAX) > 0 {
                self.host.notify();
            }
        }
    }

    /// Turn the process into a zombie: close its files, hand its children to
    /// init, tell the parent.
    pub fn process_exit(&self, p: &Arc<Process>, status: ExitStatus) {
        // The CPU time of the thread ending it (threads of a process are
        // not summed yet).
        p.cpu_ns.fetch_max(self.host.thread_cpu_ns(), Ordering::Relaxed);
        {
            let mut st = p.exit_status.lock();
            if st.is_some() {
                return;
            }
            *st = Some(status);
        }
        // Other threads of the process are told to die at their next return.
        for other in p.live_tasks() {
            other.pending.fetch_or(signal::bit(signal::SIGKILL), Ordering::Release);
        }
        // Drop the descriptors now (pipes see EOF) unless shared with a live process.
        let fds = core::mem::take(&mut *p.fds.lock());
        drop(fds);
        self.locks_process_ended(p.pid);
        let orphans: Vec<Arc<Process>> = core::mem::take(&mut *p.children.lock());
        if let Some(init) = self.procs.get(1).filter(|i| i.pid != p.pid) {
            for c in orphans {
                c.ppid.store(1, Ordering::Relaxed);
                init.children.lock().push(c);
            }
        }
        if p.pid == 1 {
            *self.init_status.lock() = Some(status);
        }
        let ppid = p.ppid.load(Ordering::Relaxed);
        if let Some(parent) = self.procs.get(ppid) {
            let ign = parent.actions.lock()[signal::SIGCHLD as usize].handler == signal::SIG_IGN;
            if ign {
                // Auto-reap, as SIG_IGN for SIGCHLD asks.
                parent.children.lock().retain(|c| c.pid != p.pid);
                self.procs.remove(p.pid);
            } else {
                let (code, st) = match status {
                    ExitStatus::Exited(c) => (signal::CLD_EXITED, c as i32),
                    ExitStatus::Signaled(s) => (signal::CLD_KILLED, s as i32),
                };
                parent.sig_info.lock()[signal::SIGCHLD as usize] = (p.pid, code, st);
                parent.pending.fetch_or(signal::bit(signal::SIGCHLD), Ordering::Release);
            }
        } else {
            self.procs.remove(p.pid);
        }
        self.host.notify();
    }

    /// Wait for a child matching `pid` (wait4's encoding) to end and reap it.
    /// `Ok(None)` with WNOHANG when none has ended yet.
    fn wait_child(&self, t: &Arc<Task>, pid: i32, options: u64) -> Result<Option<(u32, WaitReport)>, Errno> {
        let me = &t.process;
        let matches = |c: &Process| match pid {
            -1 => true,
            p if p > 0 => c.pid == p as u32,
            0 => c.pgid.load(Ordering::Relaxed) == me.pgid.load(Ordering::Relaxed),
            p => c.pgid.load(Ordering::Relaxed) == p.unsigned_abs(),
        };
        loop {
            let untraced = options & WUNTRACED != 0;
            let continued = options & WCONTINUED != 0;
            let reportable = |c: &Process| {
                c.is_zombie()
                    || (untraced && c.stop_report.load(Ordering::Acquire) != 0)
                    || (continued && c.cont_report.load(Ordering::Acquire))
            };
            let (found, any) = {
                let kids = me.children.lock();
                let any = kids.iter().any(|c| matches(c));
                (kids.iter().find(|c| matches(c) && reportable(c)).cloned(), any)
            };
            if let Some(c) = found {
                if options & WNOWAIT != 0 && c.is_zombie() {
                    let st = c.exit_status.lock().unwrap_or(ExitStatus::Exited(0));
                    return Ok(Some((c.pid, WaitReport::Ended(st))));
                }
                if !c.is_zombie() {
                    let sig = c.stop_report.swap(0, Ordering::AcqRel);
                    if sig != 0 {
                        return Ok(Some((c.pid, WaitReport::Stopped(sig as u8))));
                    }
                    c.cont_report.store(false, Ordering::Release);
                    return Ok(Some((c.pid, WaitReport::Continued)));
                }
                let st = c.exit_status.lock().unwrap_or(ExitStatus::Exited(0));
                me.children.lock().retain(|x| x.pid != c.pid);
                self.procs.remove(c.pid);
                let spent = c.cpu_ns.load(Ordering::Relaxed) + c.children_cpu_ns.load(Ordering::Relaxed);
                me.children_cpu_ns.fetch_add(spent, Ordering::Relaxed);
                return Ok(Some((c.pid, WaitReport::Ended(st))));
            }
            if !any {
                return Err(Errno::ECHILD);
            }
            if options & WNOHANG != 0 {
                return Ok(None);
            }
            let interrupting = || t.deliverable() & !signal::bit(signal::SIGCHLD) != 0;
            self.host.wait(&mut || me.children.lock().iter().any(|c| matches(c) && reportable(c)) || interrupting(), None);
            if interrupting() {
                return Err(crate::posix::ERESTARTSYS);
            }
        }
    }

    pub(crate) fn sys_wait4(&self, t: &Arc<Task>, pid: i32, status: u64, options: u64, rusage: u64) -> SysResult {
        if options & !(WNOHANG | WUNTRACED | WCONTINUED | 0x4000_0000 | 0x8000_0000 | 0x2000_0000) != 0 {
            return Err(Errno::EINVAL);
        }
        match self.wait_child(t, pid, options)? {
            None => Ok(0),
            Some((pid, st)) => {
                if status != 0 {
                    let w = match st {
                        WaitReport::Ended(e) => e.wstatus(),
                        WaitReport::Stopped(sig) => ((sig as i32) << 8) | 0x7F,
                        WaitReport::Continued => 0xFFFF,
                    };
                    self.put_i32(status, w)?;
                }
                if rusage != 0 {
                    self.put(rusage, &[0u8; 144])?;
                }
                Ok(pid as u64)
            }
        }
    }

    pub(crate) fn sys_waitid(&self, t: &Arc<Task>, idtype: u64, id: u64, infop: u64, options: u64) -> SysResult {
        let pid = match idtype {
            0 => -1,                      // P_ALL
            1 => id as i32,               // P_PID
            2 => -(id as i32),            // P_PGID
            _ => return Err(Errno::EINVAL),
        };
        let got = self.wait_child(t, pid, options & (WNOHANG | WUNTRACED | WNOWAIT | WCONTINUED))?;
        if infop != 0 {
            let mut b = [0u8; 128];
            if let Some((pid, st)) = got {
                b[0..4].copy_from_slice(&(signal::SIGCHLD as i32).to_le_bytes());
                let (code, val) = match st {
                    WaitReport::Ended(ExitStatus::Exited(c)) => (signal::CLD_EXITED, c as i32),
                    WaitReport::Ended(ExitStatus::Signaled(s)) => (signal::CLD_KILLED, s as i32),
                    WaitReport::Stopped(s) => (5, s as i32), // CLD_STOPPED
                    WaitReport::Continued => (6, signal::SIGCONT as i32), // CLD_CONTINUED
                };
                b[8..12].copy_from_slice(&code.to_le_bytes());
                b[16..20].copy_from_slice(&pid.to_le_bytes());
                b[24..28].copy_from_slice(&val.to_le_bytes());
            }
            self.put(infop, &b)?;
        }
        Ok(0)
    }

    pub(crate) fn sys_kill(&self, t: &Arc<Task>, pid: i32, sig: u32) -> SysResult {
        if sig as usize >= NSIG {
            return Err(Errno::EINVAL);
        }
        let targets: Vec<Arc<Process>> = match pid {
            p if p > 0 => self.procs.get(p as u32).into_iter().collect(),
            0 => {
                let g = t.process.pgid.load(Ordering::Relaxed);
                self.procs.all().into_iter().filter(|p| p.pgid.load(Ordering::Relaxed) == g).collect()
            }
            -1 => self.procs.all().into_iter().filter(|p| p.pid != 1 && p.pid != t.pid()).collect(),
            p => self.procs.all().into_iter().filter(|x| x.pgid.load(Ordering::Relaxed) == (-p) as u32).collect(),
        };
        if targets.is_empty() {
            return Err(Errno::ESRCH);
        }
        if sig != 0 {
            // A zombie still exists (its pid is taken) but gets nothing.
            for p in targets.into_iter().filter(|p| !p.is_zombie()) {
                self.post_signal(&p, sig, (t.pid(), signal::SI_USER, 0));
            }
        }
        Ok(0)
    }

    pub(crate) fn sys_tgkill(&self, _t: &Arc<Task>, tgid: u32, tid: u32, sig: u32) -> SysResult {
        if sig as usize >= NSIG {
            return Err(Errno::EINVAL);
        }
        let target = self
            .procs
            .all()
            .into_iter()
            .filter(|p| tgid == 0 || p.pid == tgid)
            .find_map(|p| p.live_tasks().into_iter().find(|x| x.tid == tid))
            .ok_or(Errno::ESRCH)?;
        if sig != 0 {
            target.process.sig_info.lock()[sig as usize] = (_t.pid(), SI_TKILL, 0);
            target.pending.fetch_or(signal::bit(sig), Ordering::Release);
            self.host.notify();
        }
        Ok(0)
    }

    /// Remove one instance of `sig` from the pending sets (a queued
    /// real-time signal stays pending for its next instance).
    pub(crate) fn take_signal(&self, t: &Arc<Task>, sig: u32) {
        let b = signal::bit(sig);
        if t.pending.fetch_and(!b, Ordering::AcqRel) & b != 0 {
            return;
        }
        let mut q = t.process.rt_queued.lock();
        if q[sig as usize] > 0 {
            q[sig as usize] -= 1;
        } else {
            t.process.pending.fetch_and(!b, Ordering::AcqRel);
        }
    }

    /// Job control: the process stops until SIGCONT (or SIGKILL). The parent
    /// learns of it through SIGCHLD and a WUNTRACED wait.
    fn stop_process(&self, t: &Arc<Task>, sig: u32) {
        let p = &t.process;
        p.stopped.store(true, Ordering::Release);
        p.stop_report.store(sig, Ordering::Release);
        if let Some(parent) = self.procs.get(p.ppid.load(Ordering::Relaxed)) {
            parent.pending.fetch_or(signal::bit(signal::SIGCHLD), Ordering::Release);
        }
        self.host.notify();
        let kill = signal::bit(signal::SIGKILL);
        self.host.wait(&mut || !p.stopped.load(Ordering::Acquire) || t.deliverable() & kill != 0 || p.is_zombie(), None);
    }

    /// Post `sig` with its siginfo (sender pid, si_code, si_status/value).
    pub fn post_signal(&self, p: &Arc<Process>, sig: u32, info: (u32, i32, i32)) {
        p.sig_info.lock()[sig as usize] = info;
        if sig >= 32 && p.pending.load(Ordering::Acquire) & signal::bit(sig) != 0 {
            p.rt_queued.lock()[sig as usize] += 1;
        }
        self.send_signal_process(p, sig);
    }

    /// Post `sig` to a process (SIGCONT/SIGKILL also resume a stopped one).
    pub fn send_signal_process(&self, p: &Arc<Process>, sig: u32) {
        if sig == signal::SIGCONT || sig == signal::SIGKILL {
            if p.stopped.swap(false, Ordering::AcqRel) && sig == signal::SIGCONT {
                p.cont_report.store(true, Ordering::Release);
                if let Some(parent) = self.procs.get(p.ppid.load(Ordering::Relaxed)) {
                    parent.pending.fetch_or(signal::bit(signal::SIGCHLD), Ordering::Release);
                }
            }
            // A stop still pending is cancelled by SIGCONT, as on Linux.
            let stops = signal::bit(signal::SIGSTOP) | signal::bit(signal::SIGTSTP) | signal::bit(signal::SIGTTIN) | signal::bit(signal::SIGTTOU);
            p.pending.fetch_and(!stops, Ordering::AcqRel);
            self.host.notify();
        }
        let act = p.actions.lock()[sig as usize];
        if act.handler == signal::SIG_IGN && sig != signal::SIGKILL && sig != signal::SIGSTOP {
            return;
        }
        if act.handler == signal::SIG_DFL && signal::default_action(sig) == signal::Default::Ignore {
            return;
        }
        p.pending.fetch_or(signal::bit(sig), Ordering::Release);
        self.host.notify();
    }

    pub(crate) fn sys_arch_prctl(&self, code: u64, addr: u64) -> SysResult {
        const ARCH_SET_GS: u64 = 0x1001;
        const ARCH_SET_FS: u64 = 0x1002;
        const ARCH_GET_FS: u64 = 0x1003;
        const ARCH_GET_GS: u64 = 0x1004;
        match code {
            ARCH_SET_FS => {
                if addr >= crate::mm::USER_TOP {
                    return Err(Errno::EPERM);
                }
                self.host.set_fs_base(addr);
                Ok(0)
            }
            ARCH_GET_FS => {
                self.put_u64(addr, self.host.fs_base())?;
                Ok(0)
            }
            ARCH_SET_GS | ARCH_GET_GS => Err(Errno::EINVAL),
            _ => Err(Errno::EINVAL),
        }
    }

    pub(crate) fn sys_setpgid(&self, t: &Arc<Task>, pid: u32, pgid: u32) -> SysResult {
        if (pgid as i32) < 0 || (pid as i32) < 0 {
            return Err(Errno::EINVAL);
        }
        let p = if pid == 0 { t.process.clone() } else { self.procs.get(pid).ok_or(Errno::ESRCH)? };
        if p.pid != t.pid() && p.ppid.load(Ordering::Relaxed) != t.pid() {
            return Err(Errno::ESRCH);
        }
        if p.pid != t.pid() && p.exec_count.load(Ordering::Relaxed) > 0 {
            return Err(Errno::EACCES); // a child that has exec'd is its own now
        }
        if p.sid.load(Ordering::Relaxed) == p.pid {
            return Err(Errno::EPERM); // a session leader cannot move
        }
        let g = if pgid == 0 { p.pid } else { pgid };
        p.pgid.store(g, Ordering::Relaxed);
        Ok(0)
    }

    pub(crate) fn sys_getpgid(&self, t: &Arc<Task>, pid: u32) -> SysResult {
        let p = if pid == 0 { t.process.clone() } else { self.procs.get(pid).ok_or(Errno::ESRCH)? };
        Ok(p.pgid.load(Ordering::Relaxed) as u64)
    }

    pub(crate) fn sys_setsid(&self, t: &Arc<Task>) -> SysResult {
        let p = &t.process;
        let me = p.pid;
        if self.procs.all().iter().any(|x| x.pid != me && x.pgid.load(Ordering::Relaxed) == me) || p.pgid.load(Ordering::Relaxed) == me {
            return Err(Errno::EPERM);
        }
        p.sid.store(me, Ordering::Relaxed);
        p.pgid.store(me, Ordering::Relaxed);
        Ok(me as u64)
    }

    pub(crate) fn sys_getsid(&self, t: &Arc<Task>, pid: u32) -> SysResult {
        let p = if pid == 0 { t.process.clone() } else { self.procs.get(pid).ok_or(Errno::ESRCH)? };
        Ok(p.sid.load(Ordering::Relaxed) as u64)
    }

    pub(crate) fn sys_getid(&self, t: &Arc<Task>, which: usize) -> u64 {
        let c = t.process.creds.lock();
        (match which {
            nr::GETUID => c.uid,
            nr::GETEUID => c.euid,
            nr::GETGID => c.gid,
            _ => c.egid,
        }) as u64
    }

    pub(crate) fn sys_setid(&self, t: &Arc<Task>, which: usize, a: [u64; 6]) -> SysResult {
        let mut c = t.process.creds.lock();
        let root = c.euid == 0;
        let v = |x: u64| (x as u32 != u32::MAX).then_some(x as u32);
        match which {
            nr::SETUID => {
                let u = a[0] as u32;
                if !root && u != c.uid && u != c.suid {
                    return Err(Errno::EPERM);
                }
                if root {
                    c.uid = u;
                    c.suid = u;
                }
                c.euid = u;
            }
            nr::SETGID => {
                let g = a[0] as u32;
                if !root && g != c.gid && g != c.sgid {
                    return Err(Errno::EPERM);
                }
                if root {
                    c.gid = g;
                    c.sgid = g;
                }
                c.egid = g;
            }
            nr::SETREUID | nr::SETRESUID => {
                if !root {
                    return Err(Errno::EPERM);
                }
                if let Some(r) = v(a[0]) {
                    c.uid = r;
                }
                if let Some(e) = v(a[1]) {
                    c.euid = e;
                }
                if which == nr::SETRESUID {
                    if let Some(s) = v(a[2]) {
                        c.suid = s;
                    }
                }
            }
            _ => {
                if !root {
                    return Err(Errno::EPERM);
                }
                if let Some(r) = v(a[0]) {
                    c.gid = r;
                }
                if let Some(e) = v(a[1]) {
                    c.egid = e;
                }
                if which == nr::SETRESGID {
                    if let Some(s) = v(a[2]) {
                        c.sgid = s;
                    }
                }
            }
        }
        Ok(0)
    }

    pub(crate) fn sys_getresid(&self, t: &Arc<Task>, which: usize, a: [u64; 6]) -> SysResult {
        let c = t.process.creds.lock().clone();
        let (r, e, s) = if which == nr::GETRESUID { (c.uid, c.euid, c.suid) } else { (c.gid, c.egid, c.sgid) };
        self.put_u32(a[0], r)?;
        self.put_u32(a[1], e)?;
        self.put_u32(a[2], s)?;
        Ok(0)
    }

    pub(crate) fn sys_getgroups(&self, t: &Arc<Task>, size: u64, list: u64) -> SysResult {
        let g = t.process.creds.lock().groups.clone();
        if size == 0 {
            return Ok(g.len() as u64);
        }
        if (size as usize) < g.len() {
            return Err(Errno::EINVAL);
        }
        let bytes: Vec<u8> = g.iter().flat_map(|x| x.to_le_bytes()).collect();
        if !bytes.is_empty() {
            self.put(list, &bytes)?;
        }
        Ok(g.len() as u64)
    }

    pub(crate) fn sys_setgroups(&self, t: &Arc<Task>, size: u64, list: u64) -> SysResult {
        if size > 65536 {
            return Err(Errno::EINVAL);
        }
        if t.process.creds.lock().euid != 0 {
            return Err(Errno::EPERM);
        }
        let b = self.get(list, size as usize * 4)?;
        let g = b.chunks(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
        t.process.creds.lock().groups = g;
        Ok(0)
    }

    pub(crate) fn sys_prlimit(&self, t: &Arc<Task>, pid: u32, res: u32, new: u64, old: u64) -> SysResult {
        if res >= 16 {
            return Err(Errno::EINVAL);
        }
        let p = if pid == 0 { t.process.clone() } else { self.procs.get(pid).ok_or(Errno::ESRCH)? };
        let cur = p.rlimits.lock()[res as usize];
        if old != 0 {
            let mut b = [0u8; 16];
            b[..8].copy_from_slice(&cur.0.to_le_bytes());
            b[8..].copy_from_slice(&cur.1.to_le_bytes());
            self.put(old, &b)?;
        }
        if new != 0 {
            let b = self.get_array::<16>(new)?;
            let soft = u64::from_le_bytes(b[..8].try_into().unwrap_or([0; 8]));
            let hard = u64::from_le_bytes(b[8..].try_into().unwrap_or([0; 8]));
            if soft > hard {
                return Err(Errno::EINVAL);
            }
            if hard > cur.1 && p.creds.lock().euid != 0 {
                return Err(Errno::EPERM);
            }
            p.rlimits.lock()[res as usize] = (soft, hard);
            if res == 7 {
                // RLIMIT_NOFILE bounds the descriptor numbers.
                p.fds.lock().set_limit(soft.min(1 << 20) as usize);
            }
        }
        Ok(0)
    }

    pub(crate) fn sys_getrusage(&self, t: &Arc<Task>, who: i64, usage: u64) -> SysResult {
        if !(-1..=1).contains(&who) {
            return Err(Errno::EINVAL);
        }
        let mut b = [0u8; 144];
        let ns = match who {
            -1 => t.process.children_cpu_ns.load(Ordering::Relaxed),
            _ => self.host.thread_cpu_ns(),
        };
        // All of it as user time: user and system time are not told apart yet.
        b[..16].copy_from_slice(&uaccess::timespec(ns / 1_000_000_000, (ns % 1_000_000_000) / 1000));
        self.put(usage, &b)?;
        Ok(0)
    }

    pub(crate) fn sys_times(&self, t: &Arc<Task>, buf: u64) -> SysResult {
        let ticks = self.host.thread_cpu_ns() / 10_000_000;
        let child_ticks = t.process.children_cpu_ns.load(Ordering::Relaxed) / 10_000_000;
        if buf != 0 {
            let mut b = [0u8; 32];
            b[..8].copy_from_slice(&ticks.to_le_bytes());
            b[16..24].copy_from_slice(&child_ticks.to_le_bytes());
            self.put(buf, &b)?;
        }
        Ok(self.host.monotonic_ns() / 10_000_000)
    }

    pub(crate) fn sys_sched_getaffinity(&self, len: u64, mask: u64) -> SysResult {
        if len < 8 {
            return Err(Errno::EINVAL);
        }
        self.put_u64(mask, 1)?;
        Ok(8)
    }

    pub(crate) fn sys_prctl(&self, t: &Arc<Task>, option: u64, arg: u64) -> SysResult {
        const PR_SET_NAME: u64 = 15;
        const PR_GET_NAME: u64 = 16;
        match option {
            PR_SET_NAME => {
                let mut name = self.host.read_cstr(arg, 64)?;
                name.truncate(15);
                *t.process.comm.lock() = name;
                Ok(0)
            }
            PR_GET_NAME => {
                let mut b = [0u8; 16];
                let n = t.process.name();
                let l = n.len().min(15);
                b[..l].copy_from_slice(&n.as_bytes()[..l]);
                self.put(arg, &b)?;
                Ok(0)
            }
            _ => Err(Errno::EINVAL),
        }
    }

    /// Signals that end or stop the process, or run a handler, at the return
    /// to user mode. `nr` is the system call being returned from (for
    /// restarts).
    pub fn deliver_signals(&self, t: &Arc<Task>, regs: &mut Regs, nr: Option<usize>) -> After {
        if t.process.is_zombie() {
            return After::ExitThread;
        }
        loop {
            let ready = t.deliverable();
            let Some(sig) = signal::first(ready) else { break };
            // Take it from whichever set holds it.
            let b = signal::bit(sig);
            self.take_signal(t, sig);
            let act = t.process.actions.lock()[sig as usize];
            let restart = nr.is_some() && regs.rax == crate::posix::ERESTARTSYS.as_return();
            if act.handler == signal::SIG_IGN && sig != signal::SIGKILL {
                continue;
            }
            if act.handler == signal::SIG_DFL || sig == signal::SIGKILL {
                match signal::default_action(sig) {
                    signal::Default::Ignore | signal::Default::Continue => continue,
                    signal::Default::Stop => {
                        self.stop_process(t, sig);
                        continue;
                    }
                    signal::Default::Terminate => {
                        self.thread_cleanup(t);
                        self.process_exit(&t.process, ExitStatus::Signaled(sig as u8));
                        return After::ExitThread;
                    }
                }
            }
            if restart {
                if act.flags & signal::SA_RESTART != 0 {
                    regs.rax = nr.unwrap_or(0) as u64;
                    regs.rip -= 2;
                } else {
                    regs.rax = Errno::EINTR.as_return();
                }
            }
            let old_mask = t.saved_mask.lock().take().unwrap_or(t.sigmask.load(Ordering::Relaxed));
            let alt = {
                let (sp, size, flags) = *t.altstack.lock();
                (act.flags & signal::SA_ONSTACK != 0 && flags == 0 && size > 0).then_some(sp + size)
            };
            let info = if sig == signal::SIGSEGV || sig == signal::SIGBUS {
                let code = t.fault_code.load(Ordering::Relaxed) as i32;
                SigInfo { signo: sig, code, addr: t.fault_addr.load(Ordering::Relaxed), ..SigInfo::default() }
            } else {
                let (pid, code, status) = t.process.sig_info.lock()[sig as usize];
                SigInfo { signo: sig, code, pid, status, ..SigInfo::default() }
            };
            if signal::setup_frame(&*self.host, regs, sig, &act, &info, old_mask, alt).is_err() {
                self.process_exit(&t.process, ExitStatus::Signaled(signal::SIGSEGV as u8));
                return After::ExitThread;
            }
            let mut mask = old_mask | act.mask;
            if act.flags & signal::SA_NODEFER == 0 {
                mask |= b;
            }
            t.sigmask.store(mask & !signal::UNBLOCKABLE, Ordering::Release);
            if act.flags & signal::SA_RESETHAND != 0 {
                t.process.actions.lock()[sig as usize] = SigAction::default();
            }
            return After::Return;
        }
        // A sigsuspend that ran no handler: its temporary mask ends here.
        if let Some(old) = t.saved_mask.lock().take() {
            t.sigmask.store(old, Ordering::Release);
        }
        // An interrupted call with no handler to run: restart it.
        if nr.is_some() && regs.rax == crate::posix::ERESTARTSYS.as_return() {
            regs.rax = nr.unwrap_or(0) as u64;
            regs.rip -= 2;
        }
        After::Return
    }
}
