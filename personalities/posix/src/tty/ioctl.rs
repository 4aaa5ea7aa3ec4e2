//! The tty ioctls and the job-control state behind them: the session that owns
//! the terminal and its foreground process group (`drivers/tty/tty_jobctrl.c`,
//! `tty_io.c` and `tty_ioctl.c` in Linux).
//!
//! Memory stays with the dispatcher: it copies in [`ioctl_in_len`] bytes from the
//! user pointer, calls [`Tty::ioctl`], and copies [`IoctlOut::out`] back to it.

use super::{PgrpSignal, Termios, Tty, Winsize};
use crate::errno::Errno;
use crate::signal::{SIGCONT, SIGHUP};
use alloc::vec::Vec;

// ioctl requests.
pub const TCGETS: u32 = 0x5401;
pub const TCSETS: u32 = 0x5402;
pub const TCSETSW: u32 = 0x5403;
pub const TCSETSF: u32 = 0x5404;
pub const TCSBRK: u32 = 0x5409;
pub const TCXONC: u32 = 0x540A;
pub const TCFLSH: u32 = 0x540B;
pub const TIOCSCTTY: u32 = 0x540E;
pub const TIOCGPGRP: u32 = 0x540F;
pub const TIOCSPGRP: u32 = 0x5410;
pub const TIOCOUTQ: u32 = 0x5411;
pub const TIOCGWINSZ: u32 = 0x5413;
pub const TIOCSWINSZ: u32 = 0x5414;
pub const FIONREAD: u32 = 0x541B;
pub const TIOCNOTTY: u32 = 0x5422;
pub const TIOCGSID: u32 = 0x5429;
// TCFLSH arguments.
pub const TCIFLUSH: u64 = 0;
pub const TCOFLUSH: u64 = 1;
pub const TCIOFLUSH: u64 = 2;
// TCXONC arguments.
pub const TCOOFF: u64 = 0;
pub const TCOON: u64 = 1;
pub const TCIOFF: u64 = 2;
pub const TCION: u64 = 3;

/// Who is calling an ioctl, for the job-control requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Caller {
    pub pid: i32,
    pub pgrp: i32,
    pub sid: i32,
    /// The caller has a controlling terminal (this one or another).
    pub has_ctty: bool,
    /// The caller may steal a terminal (`CAP_SYS_ADMIN`).
    pub privileged: bool,
}

/// A change of controlling terminal the process table must record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CttyChange {
    /// This tty is now the controlling tty of the caller's session; if it was
    /// stolen, the processes of session `stolen_from` lose it.
    Acquired { stolen_from: Option<i32> },
    /// Every process of this session loses its controlling tty.
    ReleasedSession(i32),
    /// Only the caller loses its controlling tty.
    ReleasedCaller,
}

/// The result of a successful ioctl.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IoctlOut {
    /// The syscall's return value.
    pub ret: u64,
    /// Bytes to copy out to the user pointer in the argument (empty: none).
    pub out: Vec<u8>,
    /// Signals to deliver to process groups.
    pub signals: Vec<PgrpSignal>,
    pub ctty: Option<CttyChange>,
    /// Readers should re-check (termios or the queue changed).
    pub wake_readers: bool,
}

/// How many bytes an ioctl reads from the user pointer in its argument; the
/// dispatcher copies them in and passes them as `arg_in`.
pub fn ioctl_in_len(cmd: u32) -> usize {
    match cmd {
        TCSETS | TCSETSW | TCSETSF => Termios::SIZE,
        TIOCSWINSZ => 8,
        TIOCSPGRP => 4,
        _ => 0,
    }
}

impl Tty {
    /// Makes this the controlling tty of `sid` with `pgrp` in the foreground
    /// (what TIOCSCTTY, or a session leader opening it without O_NOCTTY, does).
    pub fn attach(&mut self, sid: i32, pgrp: i32) {
        self.session = Some(sid);
        self.fg_pgrp = Some(pgrp);
    }

    /// The session lets go (its leader exited or called TIOCNOTTY): SIGHUP and
    /// SIGCONT for the foreground group, and the tty belongs to nobody.
    pub fn detach(&mut self) -> Vec<PgrpSignal> {
        let fg = self.fg_pgrp.take();
        self.session = None;
        fg.map(|pgrp| {
            [SIGHUP, SIGCONT]
                .iter()
                .map(|&signal| PgrpSignal { pgrp, signal })
                .collect()
        })
        .unwrap_or_default()
    }

    /// The caller's controlling tty is this one.
    fn is_ctty_of(&self, caller: &Caller) -> bool {
        caller.has_ctty && self.session == Some(caller.sid)
    }

    /// A process of this tty's session that is not in the foreground: its reads
    /// should get SIGTTIN and its writes (with TOSTOP) and settings changes
    /// SIGTTOU, which the dispatcher checks before calling in here.
    pub fn is_background(&self, caller: &Caller) -> bool {
        self.is_ctty_of(caller) && self.fg_pgrp.is_some_and(|fg| fg != caller.pgrp)
    }

    /// The tty ioctls. `arg` is the raw argument (a value for TCFLSH, TCXONC,
    /// TIOCSCTTY), `arg_in` the [`ioctl_in_len`] bytes the dispatcher read from the
    /// pointer in it, and `pgrp_session` tells the session of a process group
    /// (`None` if there is no such group). Unknown requests are `ENOTTY`.
    pub fn ioctl(
        &mut self,
        cmd: u32,
        arg: u64,
        arg_in: &[u8],
        caller: &Caller,
        pgrp_session: &dyn Fn(i32) -> Option<i32>,
    ) -> Result<IoctlOut, Errno> {
        let mut r = IoctlOut::default();
        let int_in = || {
            arg_in
                .get(..4)
                .map(|b| i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .ok_or(Errno::EFAULT)
        };
        match cmd {
            TCGETS => r.out = self.get_termios().to_vec(),
            TCSETS | TCSETSW | TCSETSF => {
                let t = Termios::from_bytes(arg_in).ok_or(Errno::EFAULT)?;
                if cmd == TCSETSF {
                    self.flush_input();
                }
                self.apply_termios(t);
                r.wake_readers = true;
            }
            TIOCGWINSZ => r.out = self.winsize.to_bytes().to_vec(),
            TIOCSWINSZ => {
                let ws = Winsize::from_bytes(arg_in).ok_or(Errno::EFAULT)?;
                r.signals.extend(self.set_winsize(ws));
            }
            FIONREAD => r.out = (self.available() as i32).to_le_bytes().to_vec(),
            TIOCOUTQ => r.out = 0i32.to_le_bytes().to_vec(),
            TCSBRK => {}
            TCFLSH => match arg {
                TCIFLUSH | TCIOFLUSH => {
                    self.flush_input();
                    r.wake_readers = true;
                }
                TCOFLUSH => {}
                _ => return Err(Errno::EINVAL),
            },
            TCXONC => match arg {
                TCOOFF => self.stopped = true,
                TCOON => self.stopped = false,
                TCIOFF | TCION => {}
                _ => return Err(Errno::EINVAL),
            },
            TIOCGPGRP => {
                if !self.is_ctty_of(caller) {
                    return Err(Errno::ENOTTY);
                }
                r.out = self.fg_pgrp.unwrap_or(0).to_le_bytes().to_vec();
            }
            TIOCSPGRP => {
                if !self.is_ctty_of(caller) {
                    return Err(Errno::ENOTTY);
                }
                let pgrp = int_in()?;
                if pgrp < 0 {
                    return Err(Errno::EINVAL);
                }
                match pgrp_session(pgrp) {
                    None => return Err(Errno::ESRCH),
                    Some(sid) if sid != caller.sid => return Err(Errno::EPERM),
                    Some(_) => self.fg_pgrp = Some(pgrp),
                }
            }
            TIOCGSID => {
                let sid = self
                    .session
                    .filter(|_| self.is_ctty_of(caller))
                    .ok_or(Errno::ENOTTY)?;
                r.out = sid.to_le_bytes().to_vec();
            }
            TIOCSCTTY => {
                let leader = caller.pid == caller.sid;
                if leader && self.session == Some(caller.sid) {
                    return Ok(r);
                }
                if !leader || caller.has_ctty {
                    return Err(Errno::EPERM);
                }
                let stolen_from = self.session;
                if stolen_from.is_some() && !(arg == 1 && caller.privileged) {
                    return Err(Errno::EPERM);
                }
                self.attach(caller.sid, caller.pgrp);
                r.ctty = Some(CttyChange::Acquired { stolen_from });
            }
            TIOCNOTTY => {
                if !self.is_ctty_of(caller) {
                    return Err(Errno::ENOTTY);
                }
                if caller.pid == caller.sid {
                    r.signals = self.detach();
                    r.ctty = Some(CttyChange::ReleasedSession(caller.sid));
                } else {
                    r.ctty = Some(CttyChange::ReleasedCaller);
                }
            }
            _ => return Err(Errno::ENOTTY),
        }
        Ok(r)
    }
}
