//! The console terminal (`/dev/console`, `/dev/tty`, `/dev/ttyS0`): the POSIX
//! personality's line discipline (`phantom_posix::tty`) on the serial port.
//!
//! Input bytes arrive in interrupt context and are only queued there; a
//! kernel thread feeds them to the line discipline (which takes locks and may
//! signal a process group), echoes, and wakes readers.

use crate::sched::sync::WaitQueue;
use crate::sync::IrqLock;
use crate::user::UserSlice;
use alloc::collections::VecDeque;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::any::Any;
use core::sync::atomic::{AtomicBool, Ordering};
use phantom_posix::errno::Errno;
use phantom_posix::posix::Posix;
use phantom_posix::tty::{Caller, PgrpSignal, Tty};
use phantom_posix::vfs::{FileKind, Node, NodeRef, PollMask, Stat};

static RAW: IrqLock<VecDeque<u8>> = IrqLock::new(VecDeque::new());
/// Bytes the interrupt handler may queue before it stops taking input.
const RAW_MAX: usize = 4096;
static RAW_READY: WaitQueue = WaitQueue::new();
static ATTACHED: AtomicBool = AtomicBool::new(false);
static TTY: spin::Mutex<Option<Tty>> = spin::Mutex::new(None);
static PX: spin::Once<Arc<Posix>> = spin::Once::new();

/// Take console input from now on (instead of the kernel console). In
/// `plain` mode (running one command for the harness) the terminal neither
/// echoes nor rewrites output, so the port carries exactly what programs write.
pub fn attach(px: Arc<Posix>, plain: bool) {
    PX.call_once(|| px);
    let mut tty = Tty::new();
    // The console is the controlling terminal of pid 1's session.
    tty.attach(1, 1);
    if plain {
        let mut t = tty.termios();
        t.c_oflag &= !phantom_posix::tty::OPOST;
        t.c_lflag &= !phantom_posix::tty::ECHO;
        tty.apply_termios(t);
    }
    *TTY.lock() = Some(tty);
    ATTACHED.store(true, Ordering::Release);
    crate::sched::spawn("tty", crate::sched::Priority::High, input_thread);
}

/// Whether the interrupt handler may read another byte for the console.
pub fn accepting() -> bool {
    !ATTACHED.load(Ordering::Acquire) || RAW.lock().len() < RAW_MAX
}

/// From the serial/keyboard interrupt: true if the terminal took the byte.
pub fn input_byte(b: u8) -> bool {
    if !ATTACHED.load(Ordering::Acquire) {
        return false;
    }
    RAW.lock().push_back(b);
    RAW_READY.wake_all();
    true
}

/// The line discipline has room for more input.
fn tty_has_room() -> bool {
    TTY.lock().as_ref().is_none_or(|t| t.available() + 256 < phantom_posix::tty::MAX_INPUT)
}

fn input_thread() {
    loop {
        RAW_READY.wait_until(|| !RAW.lock().is_empty() && tty_has_room());
        while tty_has_room() {
            let Some(b) = RAW.lock().pop_front() else { break };
            let effects = match TTY.lock().as_mut() {
                Some(t) => t.input(b),
                None => continue,
            };
            crate::serial::write_raw(&effects.echo);
            if let Some(s) = effects.signal {
                signal_group(s);
            }
        }
        crate::posix_glue::notify();
        if RAW.lock().len() < RAW_MAX / 2 {
            // Room again: take what waited in the UART, and interrupts again.
            crate::console::serial_irq();
            crate::serial::set_rx_irq(true);
        }
    }
}

fn signal_group(s: PgrpSignal) {
    if let Some(px) = PX.get() {
        for p in px.procs.all() {
            if p.pgid.load(Ordering::Relaxed) as i32 == s.pgrp {
                px.post_signal(&p, s.signal, (0, phantom_posix::signal::SI_KERNEL, 0));
            }
        }
    }
}

struct ConsoleNode;

pub fn node() -> NodeRef {
    static NODE: spin::Once<NodeRef> = spin::Once::new();
    NODE.call_once(|| Arc::new(ConsoleNode)).clone()
}

impl Node for ConsoleNode {
    fn ino(&self) -> u64 {
        1
    }

    fn stat(&self) -> Stat {
        Stat {
            ino: 1,
            mode: 0o020620,
            nlink: 1,
            rdev: phantom_posix::vfs::consts::makedev(5, 1),
            blksize: 1024,
            ..Stat::default()
        }
    }

    fn kind(&self) -> FileKind {
        FileKind::CharDevice
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn read_at(&self, _offset: u64, buf: &mut [u8]) -> Result<usize, Errno> {
        let r = TTY.lock().as_mut().ok_or(Errno::EIO)?.read(buf);
        // Room in the line discipline: let the input thread go on.
        RAW_READY.wake_all();
        r
    }

    fn write_at(&self, _offset: u64, data: &[u8]) -> Result<usize, Errno> {
        let out = TTY.lock().as_mut().map(|t| t.output(data));
        match out {
            Some(o) => crate::serial::write_raw(&o),
            None => crate::serial::write_raw(data),
        }
        Ok(data.len())
    }

    fn poll(&self) -> PollMask {
        let readable = TTY.lock().as_ref().is_some_and(|t| t.readable());
        if readable { PollMask::IN | PollMask::OUT } else { PollMask::OUT }
    }

    fn is_seekable(&self) -> bool {
        false
    }

    fn ioctl(&self, cmd: u32, arg: u64) -> Result<u64, Errno> {
        use phantom_posix::host::Host;
        let n = phantom_posix::tty::ioctl_in_len(cmd);
        let arg_in = if n > 0 { UserSlice::new(arg, n).and_then(|s| s.read_vec()).map_err(|e| Errno(e.0))? } else { Vec::new() };
        let task = crate::posix_glue::KernelHost.current_task();
        let caller = match &task {
            Some(t) => Caller {
                pid: t.pid() as i32,
                pgrp: t.process.pgid.load(Ordering::Relaxed) as i32,
                sid: t.process.sid.load(Ordering::Relaxed) as i32,
                has_ctty: true,
                privileged: t.process.creds.lock().euid == 0,
            },
            None => Caller { pid: 0, pgrp: 0, sid: 0, has_ctty: false, privileged: true },
        };
        let session_of = |pgrp: i32| -> Option<i32> {
            let px = PX.get()?;
            px.procs.all().into_iter().find(|p| p.pgid.load(Ordering::Relaxed) as i32 == pgrp).map(|p| p.sid.load(Ordering::Relaxed) as i32)
        };
        let out = TTY.lock().as_mut().ok_or(Errno::EIO)?.ioctl(cmd, arg, &arg_in, &caller, &session_of)?;
        if !out.out.is_empty() {
            UserSlice::new(arg, out.out.len()).and_then(|s| s.write(&out.out)).map_err(|e| Errno(e.0))?;
        }
        for s in out.signals {
            signal_group(s);
        }
        crate::posix_glue::notify();
        Ok(out.ret)
    }
}
