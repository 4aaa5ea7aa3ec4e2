//! The terminal line discipline: Linux's `n_tty`, without any device.
//!
//! A [`Tty`] sits between a character device (the console, a serial port, a
//! terminal window) and the processes that read and write it. The device side calls
//! [`Tty::input`] for every byte that arrives and sends the returned echo bytes back
//! to the screen; it sends what programs write through [`Tty::output`]. The syscall
//! side calls [`Tty::read`] (which answers `EAGAIN` when the reader has to wait) and
//! [`Tty::ioctl`]. Signals raised by the keyboard (`^C`, `^\`, `^Z`) come back as
//! values for the caller to deliver; nothing here blocks, sleeps or touches memory
//! outside itself, so all of it is tested on the host.
//!
//! The termios layout, flag bits, control-character indices and ioctl numbers are
//! Linux x86-64's (`asm-generic/termbits.h`, `asm-generic/ioctls.h`); the editing
//! rules follow `drivers/tty/n_tty.c`. The settings types are in `tty/termios.rs`,
//! the ioctls and job control (session, foreground group) in `tty/ioctl.rs`.
//!
//! Where Phantom differs from n_tty, on purpose:
//! - backspace (`^H`) erases like VERASE while VERASE is DEL, since terminals send
//!   either for the same key (type `^V^H` for a literal one);
//! - an input newline is echoed as a newline in raw mode too (n_tty shows `^J` for
//!   a `\n` that did not come from ICRNL);
//! - "control character" means ASCII 0..=31 and 127 (n_tty's Latin-1 table also
//!   counts 128..=159, which would mangle UTF-8 echo);
//! - not done: ECHOPRT, PARMRK, break conditions, `TCGETS2`, packet mode, and the
//!   SIGTTIN/SIGTTOU checks for background processes, which belong to the caller
//!   (see [`Tty::is_background`]).
//!
//! Usage:
//! ```ignore
//! let mut tty = Tty::new();
//! for byte in keyboard_bytes {
//!     let fx = tty.input(byte);
//!     screen.write(&fx.echo);
//!     if let Some(s) = fx.signal { kill_pgrp(s.pgrp, s.signal) }
//!     if fx.wake_readers { wake(tty_readers) }
//! }
//! screen.write(&tty.output(b"hello\n")); // "hello\r\n"
//! ```

mod ioctl;
mod termios;

pub use ioctl::*;
pub use termios::*;

use crate::errno::Errno;
use crate::signal::{SIGINT, SIGQUIT, SIGTSTP, SIGWINCH};
use alloc::collections::VecDeque;
use alloc::vec::Vec;

/// Longest line canonical mode accepts (Linux's n_tty buffer less the newline).
pub const MAX_CANON: usize = 4095;
/// Most unread input kept; bytes beyond it are dropped.
pub const MAX_INPUT: usize = 64 * 1024;

/// A signal for every process in a process group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PgrpSignal {
    pub pgrp: i32,
    pub signal: u32,
}

/// What one input byte caused.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InputEffects {
    /// Bytes to send back to the device (already through output processing).
    pub echo: Vec<u8>,
    /// A keyboard signal for the foreground process group (none without one).
    pub signal: Option<PgrpSignal>,
    /// Input became readable (a line, raw bytes or an end of file): wake readers.
    pub wake_readers: bool,
    /// IXON flow control: `Some(true)` when `^S` stopped output, `Some(false)` when
    /// it was restarted. Writers may hold output while [`Tty::output_stopped`].
    pub flow: Option<bool>,
}

/// How a non-canonical reader should wait, from `VMIN` and `VTIME`
/// (`VTIME` is in tenths of a second).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadTimeout {
    /// Wait until [`Tty::read`] stops answering `EAGAIN` (canonical mode, or `VTIME` 0).
    None,
    /// `VMIN` 0: give up after this many tenths of a second in all, then call
    /// [`Tty::read_expired`].
    Overall(u8),
    /// `VMIN` > 0: once a byte has arrived, give up after this many tenths of a
    /// second without another and call [`Tty::read_expired`].
    InterByte(u8),
}

fn is_cntrl(c: u8) -> bool {
    c < 0x20 || c == 0x7f
}

/// One terminal: settings, job-control owner and the input queue.
#[derive(Clone, Debug)]
pub struct Tty {
    termios: Termios,
    winsize: Winsize,
    fg_pgrp: Option<i32>,
    session: Option<i32>,
    /// Bytes readers may take: completed lines (canonical) or raw input.
    ready: VecDeque<u8>,
    /// Canonical line ends in `ready`, as absolute byte counts (see `taken`); a
    /// mark at the current read position with no bytes before it is an EOF.
    marks: VecDeque<u64>,
    /// Bytes ever taken out of `ready`, so marks stay valid while it drains.
    taken: u64,
    /// The canonical line being edited.
    line: Vec<u8>,
    /// The previous byte was VLNEXT: take the next one literally.
    lnext: bool,
    /// Output stopped by VSTOP (IXON).
    stopped: bool,
    /// Screen column after our output and echo (for tab erasing).
    column: usize,
    /// Column where the line being edited started.
    canon_column: usize,
}

impl Default for Tty {
    fn default() -> Tty {
        Tty::new()
    }
}

impl Tty {
    /// A console: [`Termios::console`], 24x80, no session yet.
    pub fn new() -> Tty {
        Tty {
            termios: Termios::console(),
            winsize: Winsize {
                rows: 24,
                cols: 80,
                xpixel: 0,
                ypixel: 0,
            },
            fg_pgrp: None,
            session: None,
            ready: VecDeque::new(),
            marks: VecDeque::new(),
            taken: 0,
            line: Vec::new(),
            lnext: false,
            stopped: false,
            column: 0,
            canon_column: 0,
        }
    }

    fn lflag(&self, f: u32) -> bool {
        self.termios.c_lflag & f != 0
    }

    fn iflag(&self, f: u32) -> bool {
        self.termios.c_iflag & f != 0
    }

    fn oflag(&self, f: u32) -> bool {
        self.termios.c_oflag & f != 0
    }

    /// Whether `c` is the (enabled) control character at `index`.
    fn is(&self, c: u8, index: usize) -> bool {
        let v = self.termios.c_cc[index];
        v != VDISABLE && v == c
    }

    /// VERASE, or backspace (^H) while VERASE is DEL. Linux would insert a ^H;
    /// Phantom's terminals may send either key, and both should erase.
    fn is_erase(&self, c: u8) -> bool {
        self.is(c, VERASE) || (c == 0x08 && self.termios.c_cc[VERASE] == 0x7f)
    }

    fn canonical(&self) -> bool {
        self.lflag(ICANON)
    }

    // ---- input -------------------------------------------------------------

    /// Processes one byte from the device.
    pub fn input(&mut self, byte: u8) -> InputEffects {
        let mut fx = InputEffects::default();
        let mut c = byte;
        if self.iflag(ISTRIP) {
            c &= 0x7f;
        }
        if self.iflag(IUCLC) && self.lflag(IEXTEN) {
            c = c.to_ascii_lowercase();
        }
        if self.lnext {
            self.lnext = false;
            self.regular(c, &mut fx);
            return fx;
        }
        if self.iflag(IXON) {
            if self.is(c, VSTART) {
                self.set_stopped(false, &mut fx);
                return fx;
            }
            if self.is(c, VSTOP) {
                self.set_stopped(true, &mut fx);
                return fx;
            }
        }
        if self.lflag(ISIG) {
            let signal = [(VINTR, SIGINT), (VQUIT, SIGQUIT), (VSUSP, SIGTSTP)]
                .iter()
                .find(|&&(i, _)| self.is(c, i));
            if let Some(&(_, signal)) = signal {
                self.signal_char(c, signal, &mut fx);
                return fx;
            }
        }
        if self.stopped && self.iflag(IXON) && self.iflag(IXANY) {
            self.set_stopped(false, &mut fx);
        }
        if c == b'\r' {
            if self.iflag(IGNCR) {
                return fx;
            }
            if self.iflag(ICRNL) {
                c = b'\n';
            }
        } else if c == b'\n' && self.iflag(INLCR) {
            c = b'\r';
        }
        if self.canonical() {
            self.canonical_char(c, &mut fx);
        } else {
            self.regular(c, &mut fx);
        }
        fx
    }

    fn set_stopped(&mut self, stopped: bool, fx: &mut InputEffects) {
        if self.stopped != stopped {
            self.stopped = stopped;
            fx.flow = Some(stopped);
        }
    }

    /// VINTR, VQUIT or VSUSP with ISIG: flush (unless NOFLSH), signal the
    /// foreground group, echo the character.
    fn signal_char(&mut self, c: u8, signal: u32, fx: &mut InputEffects) {
        if !self.lflag(NOFLSH) {
            self.flush_input();
        }
        fx.signal = self.fg_pgrp.map(|pgrp| PgrpSignal { pgrp, signal });
        if self.iflag(IXON) {
            self.set_stopped(false, fx);
        }
        if self.lflag(ECHO) {
            self.echo_char(c, &mut fx.echo);
        }
    }

    /// The canonical-mode specials: erase, kill, word erase, literal next,
    /// reprint, and the line terminators.
    fn canonical_char(&mut self, c: u8, fx: &mut InputEffects) {
        let iexten = self.lflag(IEXTEN);
        let echo = self.lflag(ECHO);
        if self.is_erase(c) || self.is(c, VKILL) || (iexten && self.is(c, VWERASE)) {
            self.erase(c, &mut fx.echo);
        } else if iexten && self.is(c, VLNEXT) {
            self.lnext = true;
            if echo && self.lflag(ECHOCTL) {
                self.emit_all(b"^\x08", &mut fx.echo);
            }
        } else if iexten && echo && self.is(c, VREPRINT) {
            self.echo_char(c, &mut fx.echo);
            self.emit(b'\n', &mut fx.echo);
            for i in 0..self.line.len() {
                self.echo_char(self.line[i], &mut fx.echo);
            }
        } else if c == b'\n' {
            if echo || self.lflag(ECHONL) {
                self.emit(b'\n', &mut fx.echo);
            }
            self.finish_line(Some(c), fx);
        } else if self.is(c, VEOF) {
            self.finish_line(None, fx);
        } else if self.is(c, VEOL) || (iexten && self.is(c, VEOL2)) {
            if echo {
                self.echo_char(c, &mut fx.echo);
            }
            self.finish_line(Some(c), fx);
        } else {
            self.regular(c, fx);
        }
    }

    /// Queue space is gone: drop the byte (ringing the bell with IMAXBEL).
    fn full(&self) -> bool {
        let queued = self.ready.len() + self.line.len();
        queued >= MAX_INPUT
            || self.marks.len() >= MAX_INPUT
            || (self.canonical() && self.line.len() >= MAX_CANON)
    }

    /// An ordinary byte: echo it and add it to the line (canonical) or make it
    /// readable at once (raw).
    fn regular(&mut self, c: u8, fx: &mut InputEffects) {
        if self.full() {
            if self.iflag(IMAXBEL) {
                self.emit(0x07, &mut fx.echo);
            }
            return;
        }
        if self.lflag(ECHO) {
            if self.line.is_empty() {
                self.canon_column = self.column;
            }
            if c == b'\n' {
                self.emit(c, &mut fx.echo);
            } else {
                self.echo_char(c, &mut fx.echo);
            }
        }
        if self.canonical() {
            self.line.push(c);
        } else {
            self.ready.push_back(c);
            fx.wake_readers = true;
        }
    }

    /// Moves the edited line (plus its terminator, if it is kept) to the readable
    /// queue. A VEOF on an empty line thus leaves a zero-length line: end of file.
    fn finish_line(&mut self, terminator: Option<u8>, fx: &mut InputEffects) {
        if self.ready.len() + self.line.len() >= MAX_INPUT || self.marks.len() >= MAX_INPUT {
            return;
        }
        self.ready.extend(self.line.drain(..));
        if let Some(t) = terminator {
            self.ready.push_back(t);
        }
        self.marks.push_back(self.taken + self.ready.len() as u64);
        self.canon_column = self.column;
        fx.wake_readers = true;
    }

    /// VERASE (one character), VWERASE (one word) and VKILL (the whole line),
    /// with the echo ECHOE/ECHOK/ECHOKE ask for.
    fn erase(&mut self, c: u8, echo: &mut Vec<u8>) {
        #[derive(PartialEq)]
        enum Kind {
            Char,
            Word,
            Line,
        }
        if self.line.is_empty() {
            return;
        }
        let kind = if self.is_erase(c) {
            Kind::Char
        } else if self.is(c, VWERASE) {
            Kind::Word
        } else {
            Kind::Line
        };
        let echoing = self.lflag(ECHO);
        let visual_kill = echoing && self.lflag(ECHOK) && self.lflag(ECHOKE) && self.lflag(ECHOE);
        if kind == Kind::Line && !visual_kill {
            self.line.clear();
            if echoing {
                self.echo_char(c, echo);
                if self.lflag(ECHOK) {
                    self.emit(b'\n', echo);
                }
            }
            return;
        }
        let mut seen_word = false;
        while !self.line.is_empty() {
            // One character: with IUTF8, the continuation bytes go with their lead.
            let mut start = self.line.len() - 1;
            while self.iflag(IUTF8) && start > 0 && self.line[start] & 0xc0 == 0x80 {
                start -= 1;
            }
            let ch = self.line[start];
            if kind == Kind::Word {
                if ch.is_ascii_alphanumeric() || ch == b'_' {
                    seen_word = true;
                } else if seen_word {
                    break;
                }
            }
            self.line.truncate(start);
            if echoing {
                if kind == Kind::Char && !self.lflag(ECHOE) {
                    let erase = self.termios.c_cc[VERASE];
                    self.echo_char(erase, echo);
                } else if ch == b'\t' {
                    self.erase_tab(echo);
                } else {
                    let width = if !is_cntrl(ch) {
                        1
                    } else if self.lflag(ECHOCTL) {
                        2
                    } else {
                        0
                    };
                    for _ in 0..width {
                        self.emit_all(b"\x08 \x08", echo);
                    }
                }
            }
            if kind == Kind::Char {
                break;
            }
        }
    }

    /// Backs up over a tab: as many columns as it took, found by measuring the
    /// line from the previous tab (or the line's start column).
    fn erase_tab(&mut self, echo: &mut Vec<u8>) {
        let mut width = 0;
        let mut after_tab = false;
        for &ch in self.line.iter().rev() {
            if ch == b'\t' {
                after_tab = true;
                break;
            } else if is_cntrl(ch) {
                if self.lflag(ECHOCTL) {
                    width += 2;
                }
            } else if !(self.iflag(IUTF8) && ch & 0xc0 == 0x80) {
                width += 1;
            }
        }
        if !after_tab {
            width += self.canon_column;
        }
        for _ in 0..8 - (width & 7) {
            self.emit(0x08, echo);
        }
    }

    /// Echoes one input character: control characters as `^X` with ECHOCTL.
    fn echo_char(&mut self, c: u8, echo: &mut Vec<u8>) {
        if self.lflag(ECHOCTL) && is_cntrl(c) && c != b'\t' && c != b'\n' {
            echo.extend_from_slice(&[b'^', c ^ 0x40]);
            self.column += 2;
        } else {
            self.emit(c, echo);
        }
    }

    fn flush_input(&mut self) {
        self.taken += self.ready.len() as u64;
        self.ready.clear();
        self.marks.clear();
        self.line.clear();
        self.lnext = false;
    }

    // ---- reading ------------------------------------------------------------

    /// Takes input for a `read`. Canonical: at most one line (the rest of a long
    /// line comes with the next read); `Ok(0)` for a VEOF on an empty line.
    /// Non-canonical: what is there once `min(VMIN, buf.len())` bytes are; with
    /// `VMIN` and `VTIME` both 0, whatever is there, possibly nothing.
    /// `EAGAIN` means the reader must wait (see [`Tty::read_timeout`]) and retry.
    pub fn read(&mut self, buf: &mut [u8]) -> Result<usize, Errno> {
        if buf.is_empty() {
            return Ok(0);
        }
        if self.canonical() {
            let end = *self.marks.front().ok_or(Errno::EAGAIN)?;
            let n = ((end - self.taken) as usize).min(buf.len());
            self.take(&mut buf[..n]);
            if self.taken == end {
                self.marks.pop_front();
            }
            return Ok(n);
        }
        let (vmin, vtime) = (self.termios.c_cc[VMIN] as usize, self.termios.c_cc[VTIME]);
        let have = self.ready.len();
        if have == 0 {
            return if vmin == 0 && vtime == 0 {
                Ok(0)
            } else {
                Err(Errno::EAGAIN)
            };
        }
        if have < vmin.min(buf.len()) {
            return Err(Errno::EAGAIN);
        }
        Ok(self.read_expired(buf))
    }

    /// A non-canonical read whose `VTIME` timer ran out: whatever is there.
    pub fn read_expired(&mut self, buf: &mut [u8]) -> usize {
        let n = self.ready.len().min(buf.len());
        self.take(&mut buf[..n]);
        n
    }

    fn take(&mut self, buf: &mut [u8]) {
        let n = buf.len();
        for (dst, src) in buf.iter_mut().zip(self.ready.drain(..n)) {
            *dst = src;
        }
        self.taken += n as u64;
    }

    /// How a reader that got `EAGAIN` should wait.
    pub fn read_timeout(&self) -> ReadTimeout {
        let (vmin, vtime) = (self.termios.c_cc[VMIN], self.termios.c_cc[VTIME]);
        match (self.canonical(), vmin, vtime) {
            (true, _, _) | (_, _, 0) => ReadTimeout::None,
            (false, 0, t) => ReadTimeout::Overall(t),
            (false, _, t) => ReadTimeout::InterByte(t),
        }
    }

    /// Whether `poll` should report the tty readable (Linux's
    /// `input_available_p`: a complete line, or `VMIN` bytes when `VTIME` is 0).
    pub fn readable(&self) -> bool {
        if self.canonical() {
            return !self.marks.is_empty();
        }
        let (vmin, vtime) = (self.termios.c_cc[VMIN] as usize, self.termios.c_cc[VTIME]);
        let need = if vtime == 0 && vmin > 0 { vmin } else { 1 };
        self.ready.len() >= need
    }

    /// Bytes a reader can take now (`FIONREAD`).
    pub fn available(&self) -> usize {
        self.ready.len()
    }

    // ---- output -------------------------------------------------------------

    /// What the device should show for bytes a program wrote (OPOST processing:
    /// ONLCR, OCRNL, ONOCR, ONLRET, OLCUC, tab expansion).
    pub fn output(&mut self, data: &[u8]) -> Vec<u8> {
        if !self.oflag(OPOST) {
            return data.to_vec();
        }
        let mut out = Vec::with_capacity(data.len() + data.len() / 8);
        self.emit_all(data, &mut out);
        out
    }

    fn emit_all(&mut self, data: &[u8], out: &mut Vec<u8>) {
        for &c in data {
            self.emit(c, out);
        }
    }

    /// One byte through output processing (Linux's `do_output_char`), keeping
    /// track of the column.
    fn emit(&mut self, c: u8, out: &mut Vec<u8>) {
        if !self.oflag(OPOST) {
            out.push(c);
            return;
        }
        let mut c = c;
        match c {
            b'\n' => {
                if self.oflag(ONLRET) {
                    self.column = 0;
                }
                if self.oflag(ONLCR) {
                    self.column = 0;
                    self.canon_column = 0;
                    out.extend_from_slice(b"\r\n");
                    return;
                }
                self.canon_column = self.column;
            }
            b'\r' => {
                if self.oflag(ONOCR) && self.column == 0 {
                    return;
                }
                if self.oflag(OCRNL) {
                    c = b'\n';
                    if self.oflag(ONLRET) {
                        self.column = 0;
                        self.canon_column = 0;
                    }
                } else {
                    self.column = 0;
                    self.canon_column = 0;
                }
            }
            b'\t' => {
                let spaces = 8 - (self.column & 7);
                self.column += spaces;
                if self.termios.c_oflag & TABDLY == XTABS {
                    out.resize(out.len() + spaces, b' ');
                    return;
                }
            }
            0x08 => self.column = self.column.saturating_sub(1),
            _ if !is_cntrl(c) => {
                if self.oflag(OLCUC) {
                    c = c.to_ascii_uppercase();
                }
                if !(self.iflag(IUTF8) && c & 0xc0 == 0x80) {
                    self.column += 1;
                }
            }
            _ => {}
        }
        out.push(c);
    }

    /// Output is stopped by VSTOP (or TCXONC TCOOFF) until VSTART.
    pub fn output_stopped(&self) -> bool {
        self.stopped
    }

    // ---- settings and job control ---------------------------------------------

    pub fn termios(&self) -> Termios {
        self.termios
    }

    /// `TCGETS`.
    pub fn get_termios(&self) -> [u8; Termios::SIZE] {
        self.termios.to_bytes()
    }

    /// `TCSETS`: `EFAULT` if fewer than 36 bytes are given.
    pub fn set_termios(&mut self, bytes: &[u8]) -> Result<(), Errno> {
        let t = Termios::from_bytes(bytes).ok_or(Errno::EFAULT)?;
        self.apply_termios(t);
        Ok(())
    }

    /// Switches settings. Leaving canonical mode makes the half-edited line
    /// readable; entering it turns unread raw input into one readable line (as
    /// n_tty does).
    pub fn apply_termios(&mut self, t: Termios) {
        let was = self.canonical();
        self.termios = t;
        match (was, self.canonical()) {
            (true, false) => {
                self.ready.extend(self.line.drain(..));
                self.marks.clear();
            }
            (false, true) if !self.ready.is_empty() => {
                self.marks.push_back(self.taken + self.ready.len() as u64)
            }
            _ => {}
        }
        self.lnext = false;
    }

    pub fn winsize(&self) -> Winsize {
        self.winsize
    }

    /// Sets the window size; `SIGWINCH` for the foreground group if it changed.
    pub fn set_winsize(&mut self, ws: Winsize) -> Option<PgrpSignal> {
        if ws == self.winsize {
            return None;
        }
        self.winsize = ws;
        self.fg_pgrp.map(|pgrp| PgrpSignal {
            pgrp,
            signal: SIGWINCH,
        })
    }

    pub fn foreground(&self) -> Option<i32> {
        self.fg_pgrp
    }

    pub fn set_foreground(&mut self, pgrp: Option<i32>) {
        self.fg_pgrp = pgrp;
    }

    pub fn session(&self) -> Option<i32> {
        self.session
    }
}

#[cfg(test)]
mod tests;
