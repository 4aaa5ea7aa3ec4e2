//! The kernel console: input from the serial port and the keyboard, line
//! editing, and a few commands to look at the running system. It is what
//! `cargo xtask run` shows until the POSIX personality brings a shell.

use crate::sched::sync::WaitQueue;
use crate::sync::IrqLock;
use crate::{kprint, kprintln};
use alloc::collections::VecDeque;
use alloc::string::String;

static INPUT: IrqLock<VecDeque<u8>> = IrqLock::new(VecDeque::new());
static INPUT_READY: WaitQueue = WaitQueue::new();
const INPUT_MAX: usize = 4096;

/// Queue a byte of input (called from interrupt handlers).
pub fn input_byte(b: u8) {
    if crate::console_tty::input_byte(b) {
        return;
    }
    {
        let mut q = INPUT.lock();
        if q.len() < INPUT_MAX {
            q.push_back(b);
        }
    }
    INPUT_READY.wake_all();
}

/// Move received bytes from the UART to whoever takes console input. When
/// the terminal's queue is full, the bytes stay in the UART and the receive
/// interrupt is off until the terminal has drained (see console_tty).
pub fn serial_irq() {
    while crate::console_tty::accepting() {
        match crate::serial::try_read_byte() {
            Some(b) => input_byte(b),
            None => return,
        }
    }
    crate::serial::set_rx_irq(false);
}

/// Block until a byte of input arrives.
pub fn read_byte() -> u8 {
    loop {
        if let Some(b) = INPUT.lock().pop_front() {
            return b;
        }
        INPUT_READY.wait_until(|| !INPUT.lock().is_empty());
    }
}

fn read_line() -> String {
    let mut line = String::new();
    loop {
        match read_byte() {
            b'\r' | b'\n' => {
                kprintln!();
                return line;
            }
            0x08 | 0x7F
                if line.pop().is_some() => {
                    kprint!("\x08 \x08");
                }
            0x15 => {
                // ^U: erase the line
                for _ in 0..line.len() {
                    kprint!("\x08 \x08");
                }
                line.clear();
            }
            b if (0x20..0x7F).contains(&b) => {
                line.push(b as char);
                kprint!("{}", b as char);
            }
            _ => {}
        }
    }
}

const HELP: &str = "commands: help, uptime, date, mem, threads, lspci, poweroff, reboot";

/// Take serial input by interrupt from now on.
pub fn enable_input() {
    crate::irq::register_isa(4, serial_irq);
    crate::serial::enable_rx_irq();
    serial_irq(); // anything typed before the IRQ was on
}

pub fn run() -> ! {
    enable_input();
    log::info!("console: ready; type 'help'");
    loop {
        kprint!("phantom> ");
        let line = read_line();
        let mut words = line.split_ascii_whitespace();
        match words.next() {
            None => {}
            Some("help") => kprintln!("{}", HELP),
            Some("uptime") => {
                let ns = crate::time::monotonic_ns();
                kprintln!(
                    "uptime: {}.{:03} s, {} timer ticks, {} context switches",
                    ns / 1_000_000_000,
                    ns % 1_000_000_000 / 1_000_000,
                    crate::irq::ticks(),
                    crate::sched::switch_count()
                );
            }
            Some("date") => {
                let (s, _) = crate::time::realtime();
                kprintln!("{}", crate::time::DateTime::from_unix(s));
            }
            Some("mem") => {
                let (free, total) = crate::mem::frame_stats();
                let (used, size) = crate::mem::heap::stats();
                kprintln!(
                    "frames: {} MiB free of {} MiB; heap: {} KiB used of {} KiB",
                    (free * 4096) >> 20,
                    (total * 4096) >> 20,
                    used / 1024,
                    size / 1024
                );
            }
            Some("threads") => {
                kprintln!("  ID  PRIO    STATE     MODE    NAME");
                for t in crate::sched::list() {
                    kprintln!(
                        "{:4}  {:<6}  {:<8}  {:<6}  {}",
                        t.id,
                        alloc::format!("{:?}", t.priority),
                        alloc::format!("{:?}", t.state),
                        if t.user { "user" } else { "kernel" },
                        t.name
                    );
                }
            }
            Some("lspci") => {
                for l in crate::drivers::lspci() {
                    kprintln!("{}", l);
                }
            }
            Some("poweroff") => {
                kprintln!("powering off");
                crate::acpi::poweroff();
            }
            Some("reboot") => crate::acpi::reboot(),
            Some(other) => kprintln!("unknown command '{}'; {}", other, HELP),
        }
    }
}
