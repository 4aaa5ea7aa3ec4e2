//! /proc: process and system information, generated when read.

use crate::posix::Posix;
use crate::process::Process;
use crate::vfs::{synthetic, NodeRef};
use alloc::format;
use alloc::string::String;
use alloc::sync::{Arc, Weak};
use alloc::vec;
use alloc::vec::Vec;
use core::fmt::Write;
use core::sync::atomic::Ordering;

fn text(f: impl Fn() -> String + Send + Sync + 'static) -> NodeRef {
    synthetic::file(move || f().into_bytes())
}

/// The root directory of a proc mount.
pub fn new_root(px: &Posix) -> NodeRef {
    let me: Weak<Posix> = px.me.clone();
    synthetic::dir(move || {
        let Some(px) = me.upgrade() else { return Vec::new() };
        let mut entries: Vec<(String, NodeRef)> = Vec::new();
        for p in px.procs.all() {
            entries.push((format!("{}", p.pid), process_dir(&px, &p)));
        }
        let w = Arc::downgrade(&px);
        entries.push((String::from("self"), synthetic::symlink(move || self_pid(&w))));
        let w = Arc::downgrade(&px);
        entries.push((String::from("meminfo"), text(move || meminfo(&w))));
        let w = Arc::downgrade(&px);
        entries.push((String::from("uptime"), text(move || uptime(&w))));
        let w = Arc::downgrade(&px);
        entries.push((String::from("mounts"), text(move || mounts(&w))));
        entries.push((String::from("cpuinfo"), text(cpuinfo)));
        entries.push((String::from("version"), text(|| String::from("Linux version 6.1.0-phantom (Phantom) #1\n"))));
        entries
    })
}

fn self_pid(px: &Weak<Posix>) -> String {
    px.upgrade().and_then(|p| p.current_pid()).map_or(String::from("0"), |pid| format!("{}", pid))
}

fn process_dir(px: &Arc<Posix>, p: &Arc<Process>) -> NodeRef {
    let wp = Arc::downgrade(p);
    let wx = Arc::downgrade(px);
    synthetic::dir(move || {
        let Some(p) = wp.upgrade() else { return Vec::new() };
        let mut v: Vec<(String, NodeRef)> = Vec::new();
        let a = Arc::downgrade(&p);
        v.push((String::from("cmdline"), synthetic::file(move || a.upgrade().map_or(Vec::new(), |p| cmdline(&p)))));
        let a = Arc::downgrade(&p);
        let x = wx.clone();
        v.push((String::from("stat"), text(move || a.upgrade().map_or(String::new(), |p| stat(&p, &x)))));
        let a = Arc::downgrade(&p);
        let x = wx.clone();
        v.push((String::from("status"), text(move || a.upgrade().map_or(String::new(), |p| status(&p, &x)))));
        let a = Arc::downgrade(&p);
        v.push((String::from("maps"), text(move || a.upgrade().map_or(String::new(), |p| p.mm.lock().maps_text()))));
        let a = Arc::downgrade(&p);
        v.push((String::from("comm"), text(move || a.upgrade().map_or(String::new(), |p| format!("{}\n", p.name())))));
        let a = Arc::downgrade(&p);
        v.push((String::from("cwd"), synthetic::symlink(move || a.upgrade().map_or(String::new(), |p| p.cwd.lock().clone()))));
        let a = Arc::downgrade(&p);
        v.push((String::from("exe"), synthetic::symlink(move || a.upgrade().map_or(String::new(), |p| p.exe.lock().clone()))));
        let a = Arc::downgrade(&p);
        v.push((String::from("fd"), synthetic::dir(move || a.upgrade().map_or(Vec::new(), |p| fd_links(&p)))));
        v
    })
}

fn fd_links(p: &Arc<Process>) -> Vec<(String, NodeRef)> {
    let fds = p.fds.lock();
    fds.iter()
        .map(|(fd, f)| {
            let target = String::from(f.path().unwrap_or("anon_inode:[unknown]"));
            (format!("{}", fd), synthetic::symlink(move || target.clone()))
        })
        .collect()
}

fn cmdline(p: &Process) -> Vec<u8> {
    let mut out = Vec::new();
    for a in p.cmdline.lock().iter() {
        out.extend_from_slice(a.as_bytes());
        out.push(0);
    }
    out
}

/// The reader itself is running; others are asleep (or zombies, or stopped).
fn state_char(p: &Process, running: bool) -> char {
    if p.is_zombie() {
        'Z'
    } else if p.stopped.load(Ordering::Relaxed) {
        'T'
    } else if running {
        'R'
    } else {
        'S'
    }
}

fn state_name(c: char) -> &'static str {
    match c {
        'R' => "R (running)",
        'Z' => "Z (zombie)",
        'T' => "T (stopped)",
        _ => "S (sleeping)",
    }
}

fn is_reader(p: &Process, px: &Weak<Posix>) -> bool {
    px.upgrade().and_then(|x| x.current_pid()) == Some(p.pid)
}

fn stat(p: &Process, px: &Weak<Posix>) -> String {
    let start_ticks = p.start_ns / 10_000_000;
    let vsz: u64 = p.mm.lock().vmas().map(|v| v.end - v.start).sum();
    let rss = p.mm.lock().space.resident_bytes() / 4096;
    format!(
        "{} ({}) {} {} {} {} 0 0 0 0 0 0 0 0 0 0 20 0 {} 0 {} {} {} 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n",
        p.pid,
        p.name(),
        state_char(p, is_reader(p, px)),
        p.ppid.load(Ordering::Relaxed),
        p.pgid.load(Ordering::Relaxed),
        p.sid.load(Ordering::Relaxed),
        p.live_tasks().len(),
        start_ticks,
        vsz,
        rss
    )
}

fn status(p: &Process, px: &Weak<Posix>) -> String {
    let c = p.creds.lock().clone();
    let vsz: u64 = p.mm.lock().vmas().map(|v| v.end - v.start).sum();
    let rss = p.mm.lock().space.resident_bytes();
    let mut s = String::new();
    let _ = write!(
        s,
        "Name:\t{}\nState:\t{}\nTgid:\t{}\nPid:\t{}\nPPid:\t{}\nUid:\t{}\t{}\t{}\t{}\nGid:\t{}\t{}\t{}\t{}\nVmSize:\t{} kB\nVmRSS:\t{} kB\nThreads:\t{}\n",
        p.name(),
        state_name(state_char(p, is_reader(p, px))),
        p.pid,
        p.pid,
        p.ppid.load(Ordering::Relaxed),
        c.uid, c.euid, c.suid, c.euid,
        c.gid, c.egid, c.sgid, c.egid,
        vsz / 1024,
        rss / 1024,
        p.live_tasks().len()
    );
    s
}

fn meminfo(px: &Weak<Posix>) -> String {
    let (total, free) = px.upgrade().map_or((0, 0), |p| p.host.memory());
    format!("MemTotal:       {:8} kB\nMemFree:        {:8} kB\nMemAvailable:   {:8} kB\nBuffers:               0 kB\nCached:                0 kB\nSwapTotal:             0 kB\nSwapFree:              0 kB\n", total / 1024, free / 1024, free / 1024)
}

fn uptime(px: &Weak<Posix>) -> String {
    let ns = px.upgrade().map_or(0, |p| p.host.monotonic_ns());
    format!("{}.{:02} 0.00\n", ns / 1_000_000_000, ns % 1_000_000_000 / 10_000_000)
}

fn mounts(px: &Weak<Posix>) -> String {
    let mut s = String::new();
    if let Some(p) = px.upgrade() {
        for (path, fstype) in p.vfs.mounts() {
            let _ = writeln!(s, "{} {} {} rw 0 0", fstype, path, fstype);
        }
    }
    s
}

fn cpuinfo() -> String {
    let mut s = String::new();
    let lines = vec![
        "processor\t: 0",
        "vendor_id\t: Phantom",
        "model name\t: x86-64 processor (QEMU)",
        "flags\t\t: fpu tsc cx8 cmov mmx fxsr sse sse2 syscall nx lm",
        "",
    ];
    for l in lines {
        let _ = writeln!(s, "{}", l);
    }
    s
}
