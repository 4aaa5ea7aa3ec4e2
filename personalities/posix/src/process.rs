//! Processes and threads (tasks), and the table that holds them.
//!
//! A `Process` owns what its threads share (memory map, descriptors, current
//! directory, signal actions, credentials); a `Task` is one thread of it, run
//! by one kernel thread. Process ids are the id of the first task, as on Linux.

use crate::errno::Errno;
use crate::host::Host;
use crate::mm::Mm;
use crate::signal::{SigAction, SigSet, NSIG};
use crate::vfs::FdTable;
use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::sync::{Arc, Weak};
use alloc::vec::Vec;
use core::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use spin::Mutex;

/// How a process ended, as wait4 reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    Exited(u8),
    Signaled(u8),
}

impl ExitStatus {
    /// The `wstatus` word of wait4.
    pub fn wstatus(self) -> i32 {
        match self {
            ExitStatus::Exited(code) => (code as i32) << 8,
            ExitStatus::Signaled(sig) => sig as i32 & 0x7F,
        }
    }

    /// The shell's `$?` convention, used for the exit code of `--exec`.
    pub fn shell_code(self) -> u8 {
        match self {
            ExitStatus::Exited(c) => c,
            ExitStatus::Signaled(s) => 128u8.wrapping_add(s),
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Creds {
    pub uid: u32,
    pub euid: u32,
    pub suid: u32,
    pub gid: u32,
    pub egid: u32,
    pub sgid: u32,
    pub groups: Vec<u32>,
}

pub struct Process {
    pub pid: u32,
    pub ppid: AtomicU32,
    pub pgid: AtomicU32,
    pub sid: AtomicU32,
    pub mm: Mutex<Mm>,
    pub fds: Arc<Mutex<FdTable>>,
    pub cwd: Mutex<String>,
    pub umask: AtomicU32,
    /// The nice value (-20..=19) of getpriority/setpriority; inherited. The
    /// scheduler does not use it yet.
    pub nice: core::sync::atomic::AtomicI32,
    pub creds: Mutex<Creds>,
    /// argv of the running program, for /proc/PID/cmdline and ps.
    pub cmdline: Mutex<Vec<String>>,
    pub exe: Mutex<String>,
    /// The command name (`comm`): the last part of the path given to execve.
    pub comm: Mutex<String>,
    pub actions: Arc<Mutex<[SigAction; NSIG]>>,
    /// Signals sent to the process as a whole.
    pub pending: AtomicU64,
    pub exit_status: Mutex<Option<ExitStatus>>,
    pub children: Mutex<Vec<Arc<Process>>>,
    pub tasks: Mutex<Vec<Weak<Task>>>,
    pub start_ns: u64,
    /// Resource limits: (soft, hard) by RLIMIT_* index.
    pub rlimits: Mutex<[(u64, u64); 16]>,
    /// ITIMER_REAL / alarm: (deadline, interval) in monotonic ns; 0 = off.
    pub itimer_real: Mutex<(u64, u64)>,
    /// CPU time used, recorded when it exits, and by its reaped children.
    pub cpu_ns: AtomicU64,
    pub children_cpu_ns: AtomicU64,
    /// What the handler's siginfo says about each pending signal: the
    /// latest sender's (pid, si_code, si_status or value).
    pub sig_info: Mutex<[(u32, i32, i32); 65]>,
    /// Real-time signals (32 and up) queue: how many are pending beyond one.
    pub rt_queued: Mutex<[u32; 65]>,
    /// A stopped child was continued, not yet reported to a WCONTINUED wait.
    pub cont_report: core::sync::atomic::AtomicBool,
    /// Stopped by a job-control signal (SIGSTOP, SIGTSTP, ...).
    pub stopped: core::sync::atomic::AtomicBool,
    /// The signal that stopped it, not yet reported to a WUNTRACED wait.
    pub stop_report: AtomicU32,
    /// Bumped by every successful execve (a vfork parent waits for it).
    pub exec_count: AtomicU32,
}

impl Process {
    pub fn is_zombie(&self) -> bool {
        self.exit_status.lock().is_some()
    }

    pub fn live_tasks(&self) -> Vec<Arc<Task>> {
        self.tasks.lock().iter().filter_map(|w| w.upgrade()).collect()
    }

    pub fn name(&self) -> String {
        self.comm.lock().clone()
    }
}

pub struct Task {
    pub tid: u32,
    pub process: Arc<Process>,
    /// CLONE_CHILD_CLEARTID / set_tid_address: zeroed and futex-woken at exit.
    pub clear_child_tid: AtomicU64,
    pub sigmask: AtomicU64,
    /// Signals sent to this thread.
    pub pending: AtomicU64,
    /// (ss_sp, ss_size, ss_flags) of sigaltstack.
    pub altstack: Mutex<(u64, u64, u32)>,
    /// The address of the last memory fault, for the SIGSEGV/SIGBUS siginfo.
    pub fault_addr: AtomicU64,
    /// SEGV_MAPERR (nothing mapped) or SEGV_ACCERR (not allowed) for it.
    pub fault_code: AtomicU32,
    /// Set while the task is in rt_sigsuspend etc.: the mask to restore.
    pub saved_mask: Mutex<Option<SigSet>>,
}

impl Task {
    pub fn pid(&self) -> u32 {
        self.process.pid
    }

    /// Unblocked pending signals of the task or its process.
    pub fn deliverable(&self) -> u64 {
        (self.pending.load(Ordering::Acquire) | self.process.pending.load(Ordering::Acquire))
            & !self.sigmask.load(Ordering::Acquire)
    }
}

/// All processes, by pid.
pub struct ProcessTable {
    procs: Mutex<BTreeMap<u32, Arc<Process>>>,
    next_id: AtomicU32,
    /// Limit on live processes, so a fork bomb gets EAGAIN.
    pub max_processes: usize,
}

impl ProcessTable {
    pub fn new(max_processes: usize) -> ProcessTable {
        ProcessTable { procs: Mutex::new(BTreeMap::new()), next_id: AtomicU32::new(1), max_processes }
    }

    pub fn alloc_id(&self) -> u32 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }

    pub fn get(&self, pid: u32) -> Option<Arc<Process>> {
        self.procs.lock().get(&pid).cloned()
    }

    pub fn insert(&self, p: Arc<Process>) -> Result<(), Errno> {
        let mut t = self.procs.lock();
        if t.len() >= self.max_processes {
            return Err(Errno::EAGAIN);
        }
        t.insert(p.pid, p);
        Ok(())
    }

    pub fn remove(&self, pid: u32) {
        self.procs.lock().remove(&pid);
    }

    pub fn all(&self) -> Vec<Arc<Process>> {
        self.procs.lock().values().cloned().collect()
    }

    pub fn count(&self) -> usize {
        self.procs.lock().len()
    }
}

/// A new process with nothing in it but what is given.
#[allow(clippy::too_many_arguments)]
pub fn new_process(
    host: &dyn Host,
    pid: u32,
    ppid: u32,
    pgid: u32,
    sid: u32,
    mm: Mm,
    fds: Arc<Mutex<FdTable>>,
    cwd: String,
    actions: Arc<Mutex<[SigAction; NSIG]>>,
) -> Arc<Process> {
    Arc::new(Process {
        pid,
        ppid: AtomicU32::new(ppid),
        pgid: AtomicU32::new(pgid),
        sid: AtomicU32::new(sid),
        mm: Mutex::new(mm),
        fds,
        cwd: Mutex::new(cwd),
        umask: AtomicU32::new(0o022),
        nice: core::sync::atomic::AtomicI32::new(0),
        creds: Mutex::new(Creds::default()),
        cmdline: Mutex::new(Vec::new()),
        exe: Mutex::new(String::new()),
        comm: Mutex::new(String::new()),
        actions,
        pending: AtomicU64::new(0),
        exit_status: Mutex::new(None),
        children: Mutex::new(Vec::new()),
        tasks: Mutex::new(Vec::new()),
        start_ns: host.monotonic_ns(),
        rlimits: Mutex::new(default_rlimits()),
        exec_count: AtomicU32::new(0),
        itimer_real: Mutex::new((0, 0)),
        cpu_ns: AtomicU64::new(0),
        children_cpu_ns: AtomicU64::new(0),
        sig_info: Mutex::new([(0, 0, 0); 65]),
        rt_queued: Mutex::new([0; 65]),
        cont_report: core::sync::atomic::AtomicBool::new(false),
        stopped: core::sync::atomic::AtomicBool::new(false),
        stop_report: AtomicU32::new(0),
    })
}

pub const RLIM_INFINITY: u64 = u64::MAX;

fn default_rlimits() -> [(u64, u64); 16] {
    let mut r = [(RLIM_INFINITY, RLIM_INFINITY); 16];
    r[3] = (8 * 1024 * 1024, RLIM_INFINITY); // RLIMIT_STACK
    r[7] = (1024, 4096); // RLIMIT_NOFILE
    r[6] = (512, 512); // RLIMIT_NPROC
    r
}

pub fn new_task(tid: u32, process: Arc<Process>, sigmask: u64) -> Arc<Task> {
    let t = Arc::new(Task {
        tid,
        process: process.clone(),
        clear_child_tid: AtomicU64::new(0),
        sigmask: AtomicU64::new(sigmask),
        pending: AtomicU64::new(0),
        altstack: Mutex::new((0, 0, 2)), // SS_DISABLE
        fault_addr: AtomicU64::new(0),
        fault_code: AtomicU32::new(1),
        saved_mask: Mutex::new(None),
    });
    process.tasks.lock().push(Arc::downgrade(&t));
    t
}

