//! Time: a monotonic nanosecond clock from the TSC (calibrated against the
//! PIT), and wall-clock time from the CMOS real-time clock read at boot.

use crate::arch::{cpu, port};
use core::sync::atomic::{AtomicU64, Ordering};

static TSC_BASE: AtomicU64 = AtomicU64::new(0);
/// Nanoseconds per TSC tick as a 32.32 fixed-point number.
static NS_PER_TICK_FP: AtomicU64 = AtomicU64::new(0);
/// Unix time (seconds) at monotonic 0.
static BOOT_EPOCH: AtomicU64 = AtomicU64::new(0);

const PIT_HZ: u64 = 1_193_182;

/// Busy-wait about `ms` milliseconds on PIT channel 2 (works before interrupts).
fn pit_wait_ms(ms: u64) {
    let count = (PIT_HZ * ms / 1000) as u16;
    // Gate channel 2 on, speaker off.
    port::outb(0x61, (port::inb(0x61) & !0x02) | 0x01);
    port::outb(0x43, 0b1011_0000); // channel 2, lobyte/hibyte, mode 0
    port::outb(0x42, count as u8);
    port::outb(0x42, (count >> 8) as u8);
    // Restart the count by toggling the gate.
    let g = port::inb(0x61) & !0x01;
    port::outb(0x61, g);
    port::outb(0x61, g | 0x01);
    let mut spins = 0u64;
    while port::inb(0x61) & 0x20 == 0 && spins < 100_000_000 {
        spins += 1;
    }
}

/// Measure the TSC rate. Takes about 25 ms.
pub fn init() {
    let t0 = cpu::rdtsc();
    pit_wait_ms(25);
    let t1 = cpu::rdtsc();
    let hz = (t1 - t0).max(1) * 40;
    NS_PER_TICK_FP.store(((1_000_000_000u128 << 32) / hz as u128) as u64, Ordering::Relaxed);
    TSC_BASE.store(t0, Ordering::Relaxed);
    BOOT_EPOCH.store(read_rtc(), Ordering::Relaxed);
    log::info!("time: TSC {} MHz, wall clock {}", hz / 1_000_000, DateTime::from_unix(BOOT_EPOCH.load(Ordering::Relaxed)));
}

/// Nanoseconds since `init` (0 before it).
pub fn monotonic_ns() -> u64 {
    let fp = NS_PER_TICK_FP.load(Ordering::Relaxed);
    if fp == 0 {
        return 0;
    }
    let d = cpu::rdtsc().saturating_sub(TSC_BASE.load(Ordering::Relaxed));
    ((d as u128 * fp as u128) >> 32) as u64
}

/// Busy-wait (for drivers before the scheduler runs).
pub fn spin_ns(ns: u64) {
    let end = monotonic_ns() + ns;
    while monotonic_ns() < end {
        core::hint::spin_loop();
    }
}

/// Wall-clock time: (seconds, nanoseconds) since the Unix epoch.
pub fn realtime() -> (u64, u32) {
    let ns = monotonic_ns();
    (BOOT_EPOCH.load(Ordering::Relaxed) + ns / 1_000_000_000, (ns % 1_000_000_000) as u32)
}

fn cmos(reg: u8) -> u8 {
    port::outb(0x70, reg | 0x80); // keep NMIs masked while selecting
    port::inb(0x71)
}

/// Read the RTC (twice until stable, as it may tick mid-read) as Unix time.
fn read_rtc() -> u64 {
    let read = || {
        let mut spins = 0;
        while cmos(0x0A) & 0x80 != 0 && spins < 1_000_000 {
            spins += 1;
        }
        [cmos(0x00), cmos(0x02), cmos(0x04), cmos(0x07), cmos(0x08), cmos(0x09), cmos(0x32)]
    };
    let mut a = read();
    loop {
        let b = read();
        if a == b {
            break;
        }
        a = b;
    }
    let status_b = cmos(0x0B);
    let bcd = status_b & 0x04 == 0;
    let conv = |v: u8| if bcd { (v & 0x0F) + (v >> 4) * 10 } else { v };
    let [s, m, h, d, mo, y, c] = a;
    let pm = h & 0x80 != 0;
    let mut hour = conv(h & 0x7F);
    if status_b & 0x02 == 0 {
        // 12-hour mode
        hour %= 12;
        if pm {
            hour += 12;
        }
    }
    let century = if c != 0 && conv(c) >= 19 { conv(c) as u64 } else { 20 };
    let year = century * 100 + conv(y) as u64;
    days_from_civil(year as i64, conv(mo) as u32, conv(d) as u32) * 86400
        + hour as u64 * 3600
        + conv(m) as u64 * 60
        + conv(s) as u64
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> u64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146097 + doe - 719468).max(0) as u64
}

/// A broken-down UTC time for printing.
pub struct DateTime {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

impl DateTime {
    pub fn from_unix(t: u64) -> DateTime {
        let days = (t / 86400) as i64;
        let rem = t % 86400;
        let z = days + 719468;
        let era = z.div_euclid(146097);
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + if month <= 2 { 1 } else { 0 };
        DateTime {
            year,
            month,
            day,
            hour: (rem / 3600) as u32,
            minute: (rem % 3600 / 60) as u32,
            second: (rem % 60) as u32,
        }
    }
}

impl core::fmt::Display for DateTime {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}
