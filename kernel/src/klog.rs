//! The kernel log: the `log` crate's records, timestamped, on the serial port.

use crate::serial::SerialWriter;
use crate::sync::IrqLock;
use core::fmt::Write;
use log::{Level, LevelFilter, Log, Metadata, Record};

struct Logger;
static LOGGER: Logger = Logger;
/// Held while one line is written, so lines from threads and interrupts do
/// not interleave.
static LINE: IrqLock<()> = IrqLock::new(());

impl Log for Logger {
    fn enabled(&self, m: &Metadata) -> bool {
        m.level() <= log::max_level()
    }

    fn log(&self, r: &Record) {
        if !self.enabled(r.metadata()) {
            return;
        }
        let ns = crate::time::monotonic_ns();
        let level = match r.level() {
            Level::Error => "ERROR",
            Level::Warn => "WARN ",
            Level::Info => "INFO ",
            Level::Debug => "DEBUG",
            Level::Trace => "TRACE",
        };
        let _g = LINE.lock();
        let _ = writeln!(
            SerialWriter,
            "[{:5}.{:06}] {} {}",
            ns / 1_000_000_000,
            (ns % 1_000_000_000) / 1000,
            level,
            r.args()
        );
    }

    fn flush(&self) {}
}

/// Hold this to write to the serial port without splitting a log line.
pub fn line_lock() -> crate::sync::IrqLockGuard<'static, ()> {
    LINE.lock()
}

pub fn init(level: LevelFilter) {
    let _ = log::set_logger(&LOGGER);
    log::set_max_level(level);
}

/// Print without a log prefix (console output, reports), one call = one unbroken piece.
pub fn print(args: core::fmt::Arguments) {
    let _g = LINE.lock();
    let _ = SerialWriter.write_fmt(args);
}

#[macro_export]
macro_rules! kprint {
    ($($arg:tt)*) => { $crate::klog::print(format_args!($($arg)*)) };
}

#[macro_export]
macro_rules! kprintln {
    () => { $crate::klog::print(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::klog::print(format_args!("{}\n", format_args!($($arg)*))) };
}
