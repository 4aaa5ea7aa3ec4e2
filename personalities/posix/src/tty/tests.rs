//! Line-discipline tests: each types keys and checks echo, reads and signals
//! against what Linux's n_tty does with the same settings.

use super::*;
use alloc::vec;

/// Types `keys`, returning the echo and the signals raised.
fn typ(tty: &mut Tty, keys: &[u8]) -> (Vec<u8>, Vec<PgrpSignal>) {
    let mut echo = Vec::new();
    let mut sigs = Vec::new();
    for &k in keys {
        let fx = tty.input(k);
        echo.extend(fx.echo);
        sigs.extend(fx.signal);
    }
    (echo, sigs)
}

fn read_all(tty: &mut Tty) -> Result<Vec<u8>, Errno> {
    let mut buf = [0u8; 256];
    let n = tty.read(&mut buf)?;
    Ok(buf[..n].to_vec())
}

fn raw(tty: &mut Tty, vmin: u8, vtime: u8) {
    let mut t = tty.termios();
    t.c_lflag &= !(ICANON | ECHO);
    t.c_cc[VMIN] = vmin;
    t.c_cc[VTIME] = vtime;
    tty.apply_termios(t);
}

#[test]
fn defaults_match_linux_console() {
    let t = Termios::console();
    assert_eq!(t.c_iflag, 0o2400);
    assert_eq!(t.c_oflag, 0o5);
    assert_eq!(t.c_cflag, 0o2277);
    assert_eq!(t.c_lflag, 0o105073);
    assert_eq!(
        &t.c_cc[..17],
        b"\x03\x1c\x7f\x15\x04\x00\x01\x00\x11\x13\x1a\x00\x12\x0f\x17\x16\x00"
    );
    let tty = Tty::new();
    assert_eq!(
        tty.winsize(),
        Winsize {
            rows: 24,
            cols: 80,
            xpixel: 0,
            ypixel: 0
        }
    );
    assert_eq!(tty.foreground(), None);
}

#[test]
fn termios_round_trip() {
    let mut tty = Tty::new();
    let bytes = tty.get_termios();
    assert_eq!(bytes.len(), 36);
    assert_eq!(&bytes[0..4], &0o2400u32.to_le_bytes());
    assert_eq!(bytes[17 + VMIN], 1);
    assert_eq!(Termios::from_bytes(&bytes), Some(tty.termios()));
    let mut t = tty.termios();
    t.c_lflag = ISIG;
    t.c_cc[VINTR] = 0x07;
    t.c_line = 3;
    tty.set_termios(&t.to_bytes()).unwrap();
    assert_eq!(tty.termios(), t);
    assert_eq!(tty.get_termios(), t.to_bytes());
    assert_eq!(tty.set_termios(&[0; 35]), Err(Errno::EFAULT));
    let ws = Winsize {
        rows: 50,
        cols: 132,
        xpixel: 1,
        ypixel: 2,
    };
    assert_eq!(Winsize::from_bytes(&ws.to_bytes()), Some(ws));
}

#[test]
fn canonical_line_with_icrnl_and_echo() {
    let mut tty = Tty::new();
    let (echo, _) = typ(&mut tty, b"ls -l");
    assert_eq!(echo, b"ls -l");
    assert_eq!(read_all(&mut tty), Err(Errno::EAGAIN));
    assert!(!tty.readable());
    let fx = tty.input(b'\r');
    assert_eq!(fx.echo, b"\r\n");
    assert!(fx.wake_readers);
    assert!(tty.readable());
    assert_eq!(tty.available(), 6);
    assert_eq!(read_all(&mut tty).unwrap(), b"ls -l\n");
    assert_eq!(read_all(&mut tty), Err(Errno::EAGAIN));
}

#[test]
fn one_line_per_read_and_partial_reads() {
    let mut tty = Tty::new();
    typ(&mut tty, b"first\rsecond\r");
    let mut small = [0u8; 3];
    assert_eq!(tty.read(&mut small), Ok(3));
    assert_eq!(&small, b"fir");
    assert_eq!(read_all(&mut tty).unwrap(), b"st\n");
    assert_eq!(read_all(&mut tty).unwrap(), b"second\n");
    assert_eq!(tty.read(&mut []), Ok(0));
}

#[test]
fn erase_kill_and_word_erase() {
    let mut tty = Tty::new();
    let (echo, _) = typ(&mut tty, b"abc\x7f");
    assert_eq!(echo, b"abc\x08 \x08");
    let (echo, _) = typ(&mut tty, b"\x08"); // ^H erases too
    assert_eq!(echo, b"\x08 \x08");
    typ(&mut tty, b"\x15"); // ^U: the rest ("a")
    typ(&mut tty, b"foo bar  \x17"); // ^W: "bar  "
    typ(&mut tty, b"\r");
    assert_eq!(read_all(&mut tty).unwrap(), b"foo \n");

    let (echo, _) = typ(&mut tty, b"xyz\x15");
    assert_eq!(echo, b"xyz\x08 \x08\x08 \x08\x08 \x08");
    // Erasing on an empty line does nothing.
    assert_eq!(typ(&mut tty, b"\x7f\x15\x17").0, b"");
    // A control character echoed as ^X takes two columns to erase.
    let (echo, _) = typ(&mut tty, b"\x01\x7f");
    assert_eq!(echo, b"^A\x08 \x08\x08 \x08");
}

#[test]
fn kill_without_echoke_echoes_kill_char_and_newline() {
    let mut tty = Tty::new();
    let mut t = tty.termios();
    t.c_lflag &= !ECHOKE;
    tty.apply_termios(t);
    let (echo, _) = typ(&mut tty, b"ab\x15");
    assert_eq!(echo, b"ab^U\r\n");
    // Without ECHOE, erase echoes the erase character.
    t.c_lflag &= !ECHOE;
    tty.apply_termios(t);
    let (echo, _) = typ(&mut tty, b"c\x7f");
    assert_eq!(echo, b"c^?");
}

#[test]
fn tab_erase_backs_up_to_the_tab_start() {
    let mut tty = Tty::new();
    let (echo, _) = typ(&mut tty, b"a\tb\x7f\x7f");
    assert_eq!(echo, b"a\tb\x08 \x08\x08\x08\x08\x08\x08\x08\x08");
}

#[test]
fn utf8_erase_takes_whole_characters() {
    let mut tty = Tty::new();
    let mut t = tty.termios();
    t.c_iflag |= IUTF8;
    tty.apply_termios(t);
    let (echo, _) = typ(&mut tty, "aé\x7f\r".as_bytes());
    assert_eq!(echo, "aé\x08 \x08\r\n".as_bytes());
    assert_eq!(read_all(&mut tty).unwrap(), b"a\n");
}

#[test]
fn eof_semantics() {
    let mut tty = Tty::new();
    let (echo, _) = typ(&mut tty, b"\x04");
    assert_eq!(echo, b"", "^D is not echoed");
    assert_eq!(
        read_all(&mut tty),
        Ok(vec![]),
        "^D on an empty line is end of file"
    );
    assert_eq!(read_all(&mut tty), Err(Errno::EAGAIN), "and is consumed");
    typ(&mut tty, b"abc\x04");
    assert_eq!(
        read_all(&mut tty).unwrap(),
        b"abc",
        "^D pushes a pending line without newline"
    );
    assert_eq!(read_all(&mut tty), Err(Errno::EAGAIN));
    typ(&mut tty, b"\x04\x04");
    assert_eq!(read_all(&mut tty), Ok(vec![]));
    assert_eq!(read_all(&mut tty), Ok(vec![]));
}

#[test]
fn veol_completes_a_line() {
    let mut tty = Tty::new();
    let mut t = tty.termios();
    t.c_cc[VEOL] = b';';
    tty.apply_termios(t);
    typ(&mut tty, b"a;b");
    assert_eq!(read_all(&mut tty).unwrap(), b"a;");
    // A NUL byte is not VEOL even though disabled entries are 0.
    typ(&mut tty, b"\0\r");
    assert_eq!(read_all(&mut tty).unwrap(), b"b\0\n");
}

#[test]
fn keyboard_signals() {
    let mut tty = Tty::new();
    tty.set_foreground(Some(42));
    typ(&mut tty, b"pending");
    let fx = tty.input(0x03);
    assert_eq!(
        fx.signal,
        Some(PgrpSignal {
            pgrp: 42,
            signal: 2
        })
    );
    assert_eq!(fx.echo, b"^C");
    typ(&mut tty, b"\r");
    assert_eq!(
        read_all(&mut tty).unwrap(),
        b"\n",
        "^C flushed the pending line"
    );
    assert_eq!(
        typ(&mut tty, b"\x1c").1,
        [PgrpSignal {
            pgrp: 42,
            signal: 3
        }]
    );
    assert_eq!(
        typ(&mut tty, b"\x1a").1,
        [PgrpSignal {
            pgrp: 42,
            signal: 20
        }]
    );
    // NOFLSH keeps the input; no foreground group means no signal.
    let mut t = tty.termios();
    t.c_lflag |= NOFLSH;
    tty.apply_termios(t);
    tty.set_foreground(None);
    typ(&mut tty, b"kept");
    assert!(typ(&mut tty, b"\x03").1.is_empty());
    typ(&mut tty, b"\r");
    assert_eq!(read_all(&mut tty).unwrap(), b"kept\n");
    // Without ISIG, ^C is an ordinary character.
    t.c_lflag &= !ISIG;
    tty.apply_termios(t);
    tty.set_foreground(Some(42));
    assert_eq!(typ(&mut tty, b"\x03\r"), (b"^C\r\n".to_vec(), vec![]));
    assert_eq!(read_all(&mut tty).unwrap(), b"\x03\n");
}

#[test]
fn literal_next_and_reprint() {
    let mut tty = Tty::new();
    tty.set_foreground(Some(1));
    let (echo, sigs) = typ(&mut tty, b"\x16\x03");
    assert_eq!(echo, b"^\x08^C");
    assert!(sigs.is_empty());
    let (echo, _) = typ(&mut tty, b"x\x12");
    assert_eq!(echo, b"x^R\r\n^Cx");
    typ(&mut tty, b"\r");
    assert_eq!(read_all(&mut tty).unwrap(), b"\x03x\n");
}

#[test]
fn input_newline_translation() {
    let mut tty = Tty::new();
    let mut t = tty.termios();
    t.c_iflag = IGNCR;
    tty.apply_termios(t);
    typ(&mut tty, b"a\r\n");
    assert_eq!(read_all(&mut tty).unwrap(), b"a\n");
    t.c_iflag = INLCR;
    tty.apply_termios(t);
    raw(&mut tty, 1, 0);
    typ(&mut tty, b"\n\r");
    assert_eq!(read_all(&mut tty).unwrap(), b"\r\r");
}

#[test]
fn echo_flags() {
    let mut tty = Tty::new();
    let mut t = tty.termios();
    t.c_lflag &= !ECHO;
    tty.apply_termios(t);
    assert_eq!(typ(&mut tty, b"secret\r").0, b"");
    t.c_lflag |= ECHONL;
    tty.apply_termios(t);
    assert_eq!(typ(&mut tty, b"pw\r").0, b"\r\n");
    t.c_lflag |= ECHO;
    t.c_lflag &= !ECHOCTL;
    tty.apply_termios(t);
    assert_eq!(typ(&mut tty, b"\x01").0, b"\x01");
}

#[test]
fn raw_mode_reads() {
    let mut tty = Tty::new();
    raw(&mut tty, 1, 0);
    assert_eq!(read_all(&mut tty), Err(Errno::EAGAIN));
    assert_eq!(tty.read_timeout(), ReadTimeout::None);
    let fx = tty.input(b'q');
    assert!(fx.wake_readers);
    assert_eq!(fx.echo, b"", "ECHO is off");
    assert_eq!(read_all(&mut tty).unwrap(), b"q");
    // Erase and ^D are plain bytes in raw mode; \r still becomes \n (ICRNL).
    typ(&mut tty, b"\x7f\x04\r");
    assert_eq!(read_all(&mut tty).unwrap(), b"\x7f\x04\n");

    raw(&mut tty, 3, 0);
    typ(&mut tty, b"ab");
    assert!(!tty.readable());
    assert_eq!(read_all(&mut tty), Err(Errno::EAGAIN));
    let mut one = [0u8; 1];
    assert_eq!(
        tty.read(&mut one),
        Ok(1),
        "VMIN is capped by the buffer size"
    );
    typ(&mut tty, b"cd");
    assert!(tty.readable());
    assert_eq!(read_all(&mut tty).unwrap(), b"bcd");

    raw(&mut tty, 0, 0);
    assert_eq!(read_all(&mut tty), Ok(vec![]), "VMIN=0 VTIME=0 polls");
    raw(&mut tty, 0, 5);
    assert_eq!(tty.read_timeout(), ReadTimeout::Overall(5));
    assert_eq!(read_all(&mut tty), Err(Errno::EAGAIN));
    assert_eq!(tty.read_expired(&mut [0u8; 4]), 0);
    raw(&mut tty, 4, 2);
    assert_eq!(tty.read_timeout(), ReadTimeout::InterByte(2));
    typ(&mut tty, b"xy");
    assert_eq!(read_all(&mut tty), Err(Errno::EAGAIN));
    let mut buf = [0u8; 8];
    assert_eq!(tty.read_expired(&mut buf), 2);
    assert_eq!(&buf[..2], b"xy");
}

#[test]
fn raw_echo_and_signals_still_work() {
    let mut tty = Tty::new();
    let mut t = tty.termios();
    t.c_lflag &= !ICANON;
    tty.apply_termios(t);
    tty.set_foreground(Some(7));
    assert_eq!(typ(&mut tty, b"a\x01\r").0, b"a^A\r\n");
    assert_eq!(
        typ(&mut tty, b"\x03").1,
        [PgrpSignal { pgrp: 7, signal: 2 }]
    );
    assert_eq!(tty.available(), 0, "the signal flushed the queue");
}

#[test]
fn switching_modes_keeps_input() {
    let mut tty = Tty::new();
    typ(&mut tty, b"half");
    raw(&mut tty, 1, 0);
    assert_eq!(read_all(&mut tty).unwrap(), b"half");
    typ(&mut tty, b"xy");
    let mut t = tty.termios();
    t.c_lflag |= ICANON;
    tty.apply_termios(t);
    assert_eq!(
        read_all(&mut tty).unwrap(),
        b"xy",
        "raw input becomes one line"
    );
    assert_eq!(read_all(&mut tty), Err(Errno::EAGAIN));
}

#[test]
fn output_processing() {
    let mut tty = Tty::new();
    assert_eq!(tty.output(b"a\nb\n"), b"a\r\nb\r\n");
    let mut t = tty.termios();
    t.c_oflag |= XTABS | OLCUC;
    tty.apply_termios(t);
    assert_eq!(tty.output(b"ab\tc"), b"AB      C");
    t.c_oflag = OPOST | ONLCR;
    tty.apply_termios(t);
    tty.output(b"\n"); // back to column 0
    t.c_oflag = OPOST | ONOCR;
    tty.apply_termios(t);
    assert_eq!(
        tty.output(b"\rx\r"),
        b"x\r",
        "ONOCR drops a CR at column 0 only"
    );
    t.c_oflag = OPOST | OCRNL;
    tty.apply_termios(t);
    assert_eq!(tty.output(b"a\r"), b"a\n");
    t.c_oflag = 0;
    tty.apply_termios(t);
    assert_eq!(tty.output(b"a\n"), b"a\n");
}

#[test]
fn flow_control() {
    let mut tty = Tty::new();
    assert_eq!(tty.input(0x13).flow, Some(true));
    assert!(tty.output_stopped());
    assert_eq!(tty.input(0x13).flow, None);
    assert_eq!(tty.input(0x11).flow, Some(false));
    assert!(!tty.output_stopped());
    assert_eq!(tty.available(), 0, "flow characters are not input");
}

#[test]
fn queue_is_bounded() {
    let mut tty = Tty::new();
    for _ in 0..MAX_CANON + 10 {
        tty.input(b'x');
    }
    tty.input(b'\r');
    assert_eq!(tty.available(), MAX_CANON + 1);
    raw(&mut tty, 1, 0);
    for _ in 0..MAX_INPUT * 2 {
        tty.input(b'y');
    }
    assert_eq!(tty.available(), MAX_INPUT);
}

#[test]
fn random_input_never_panics() {
    let mut tty = Tty::new();
    tty.set_foreground(Some(1));
    let mut x = 0x1234_5678_9abc_def1u64;
    let mut buf = [0u8; 64];
    for i in 0..200_000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let _ = tty.input(x as u8);
        if i % 7 == 0 {
            let _ = tty.read(&mut buf[..(x >> 20) as usize % 64]);
        }
        if i % 5003 == 0 {
            let mut t = tty.termios();
            t.c_lflag ^= (x >> 32) as u32 & (ICANON | ECHO | ISIG | IEXTEN | ECHOCTL);
            t.c_iflag ^= (x >> 40) as u32 & (IUTF8 | ICRNL | IXON);
            t.c_cc[VMIN] = (x >> 48) as u8 % 4;
            tty.apply_termios(t);
        }
        assert!(tty.available() <= MAX_INPUT + MAX_CANON + 1);
    }
}

// ---- ioctls ---------------------------------------------------------------

fn caller(pid: i32, pgrp: i32, sid: i32, has_ctty: bool) -> Caller {
    Caller {
        pid,
        pgrp,
        sid,
        has_ctty,
        privileged: false,
    }
}

/// Process groups 10 and 11 are in session 10; 20 is in session 20.
fn sessions(pgrp: i32) -> Option<i32> {
    match pgrp {
        10 | 11 => Some(10),
        20 => Some(20),
        _ => None,
    }
}

fn ioctl(tty: &mut Tty, cmd: u32, arg: u64, arg_in: &[u8], c: &Caller) -> Result<IoctlOut, Errno> {
    tty.ioctl(cmd, arg, arg_in, c, &sessions)
}

#[test]
fn ioctl_settings() {
    let mut tty = Tty::new();
    let c = caller(10, 10, 10, false);
    assert_eq!(ioctl_in_len(TCSETSF), 36);
    assert_eq!(ioctl_in_len(TIOCSWINSZ), 8);
    assert_eq!(ioctl_in_len(TIOCSPGRP), 4);
    assert_eq!(ioctl_in_len(TCGETS), 0);
    let got = ioctl(&mut tty, TCGETS, 0, &[], &c).unwrap();
    assert_eq!(got.out, tty.get_termios());
    typ(&mut tty, b"line\r");
    assert_eq!(
        ioctl(&mut tty, FIONREAD, 0, &[], &c).unwrap().out,
        5i32.to_le_bytes()
    );
    let mut t = tty.termios();
    t.c_lflag &= !ECHO;
    let r = ioctl(&mut tty, TCSETSF, 0, &t.to_bytes(), &c).unwrap();
    assert!(r.wake_readers);
    assert_eq!(tty.termios(), t);
    assert_eq!(tty.available(), 0, "TCSETSF flushes input");
    assert_eq!(
        ioctl(&mut tty, TCSETS, 0, &[0; 10], &c).unwrap_err(),
        Errno::EFAULT
    );
    assert_eq!(
        ioctl(&mut tty, TCFLSH, 9, &[], &c).unwrap_err(),
        Errno::EINVAL
    );
    assert_eq!(
        ioctl(&mut tty, 0x5490, 0, &[], &c).unwrap_err(),
        Errno::ENOTTY
    );
    assert_eq!(
        ioctl(&mut tty, TIOCGWINSZ, 0, &[], &c).unwrap().out,
        [24, 0, 80, 0, 0, 0, 0, 0]
    );
}

#[test]
fn ioctl_job_control() {
    let mut tty = Tty::new();
    let leader = caller(10, 10, 10, false);
    let member = caller(12, 11, 10, true);
    let stranger = caller(20, 20, 20, false);
    // Not anyone's controlling tty yet.
    assert_eq!(
        ioctl(&mut tty, TIOCGPGRP, 0, &[], &member).unwrap_err(),
        Errno::ENOTTY
    );
    assert_eq!(
        ioctl(&mut tty, TIOCSCTTY, 0, &[], &member).unwrap_err(),
        Errno::EPERM,
        "not a session leader"
    );
    let r = ioctl(&mut tty, TIOCSCTTY, 0, &[], &leader).unwrap();
    assert_eq!(r.ctty, Some(CttyChange::Acquired { stolen_from: None }));
    assert_eq!((tty.session(), tty.foreground()), (Some(10), Some(10)));
    let leader = Caller {
        has_ctty: true,
        ..leader
    };
    assert_eq!(
        ioctl(&mut tty, TIOCSCTTY, 0, &[], &leader).unwrap().ctty,
        None,
        "already ours"
    );
    assert_eq!(
        ioctl(&mut tty, TIOCSCTTY, 1, &[], &stranger).unwrap_err(),
        Errno::EPERM,
        "taken"
    );
    let admin = Caller {
        privileged: true,
        ..stranger
    };
    let mut stolen = tty.clone();
    let r = ioctl(&mut stolen, TIOCSCTTY, 1, &[], &admin).unwrap();
    assert_eq!(
        r.ctty,
        Some(CttyChange::Acquired {
            stolen_from: Some(10)
        })
    );

    assert_eq!(
        ioctl(&mut tty, TIOCGPGRP, 0, &[], &member).unwrap().out,
        10i32.to_le_bytes()
    );
    assert_eq!(
        ioctl(&mut tty, TIOCGSID, 0, &[], &member).unwrap().out,
        10i32.to_le_bytes()
    );
    assert!(tty.is_background(&member));
    assert!(!tty.is_background(&leader));
    ioctl(&mut tty, TIOCSPGRP, 0, &11i32.to_le_bytes(), &member).unwrap();
    assert_eq!(tty.foreground(), Some(11));
    assert!(!tty.is_background(&member));
    assert_eq!(
        ioctl(&mut tty, TIOCSPGRP, 0, &20i32.to_le_bytes(), &member).unwrap_err(),
        Errno::EPERM
    );
    assert_eq!(
        ioctl(&mut tty, TIOCSPGRP, 0, &99i32.to_le_bytes(), &member).unwrap_err(),
        Errno::ESRCH
    );
    assert_eq!(
        ioctl(&mut tty, TIOCSPGRP, 0, &(-1i32).to_le_bytes(), &member).unwrap_err(),
        Errno::EINVAL
    );
    assert_eq!(
        ioctl(&mut tty, TIOCSPGRP, 0, &[1, 0], &member).unwrap_err(),
        Errno::EFAULT
    );
    assert_eq!(
        ioctl(&mut tty, TIOCSPGRP, 0, &10i32.to_le_bytes(), &stranger).unwrap_err(),
        Errno::ENOTTY
    );

    // A window change signals the foreground group, but only when it changes.
    let ws = Winsize {
        rows: 40,
        cols: 100,
        xpixel: 0,
        ypixel: 0,
    }
    .to_bytes();
    assert_eq!(
        ioctl(&mut tty, TIOCSWINSZ, 0, &ws, &member)
            .unwrap()
            .signals,
        [PgrpSignal {
            pgrp: 11,
            signal: 28
        }]
    );
    assert!(ioctl(&mut tty, TIOCSWINSZ, 0, &ws, &member)
        .unwrap()
        .signals
        .is_empty());
    assert_eq!(tty.winsize().cols, 100);

    // TIOCNOTTY: a member leaves alone; the leader takes the session with it.
    assert_eq!(
        ioctl(&mut tty, TIOCNOTTY, 0, &[], &member).unwrap().ctty,
        Some(CttyChange::ReleasedCaller)
    );
    let r = ioctl(&mut tty, TIOCNOTTY, 0, &[], &leader).unwrap();
    assert_eq!(r.ctty, Some(CttyChange::ReleasedSession(10)));
    assert_eq!(
        r.signals,
        [
            PgrpSignal {
                pgrp: 11,
                signal: 1
            },
            PgrpSignal {
                pgrp: 11,
                signal: 18
            }
        ]
    );
    assert_eq!((tty.session(), tty.foreground()), (None, None));
}
