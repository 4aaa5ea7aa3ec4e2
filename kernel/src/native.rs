//! The native personality's service: the persistent world of `phantom-vm`,
//! bound to the machine.
//!
//! - **The VM thread** owns the [`World`]. It runs the VM's threads in
//!   slices, does incremental garbage collection between slices, takes a
//!   snapshot every `snapshot_ms` (1000 by default; `snapshot_ms=N` on the
//!   kernel command line, down to 10): freeze (the only pause), then hand
//!   the frozen pages to the writer in batches between slices.
//! - **The writer thread** owns the [`Store`] on the virtio-blk disk and
//!   commits each snapshot while the VM thread goes on running programs.
//! - **`/dev/phantom`** is how the POSIX world reaches the native one (the
//!   `phantom` command): each open file is a session that sends one request
//!   and reads the answer (see [`Session`]).
//!
//! Without a disk the world lives in memory only and is lost at power-off.

use alloc::boxed::Box;
use alloc::collections::{BTreeMap, VecDeque};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::sync::{Arc, Weak};
use alloc::vec::Vec;
use core::any::Any;
use core::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};

use phantom_posix::errno::Errno;
use phantom_posix::vfs::{FileKind, Node, NodeRef, PollMask, Stat};
use phantom_store::{Block, BlockDevice, Change, DeviceError, Store};
use phantom_vm::heap::PAGE_WORDS;
use phantom_vm::module::Module;
use phantom_vm::persist;
use phantom_vm::world::{Host, Run, State, World};

use crate::drivers::virtio_blk;
use crate::native_heap;
use crate::sched::{self, sync::WaitQueue};
use crate::sync::IrqLock;
use crate::time;

/// Service settings, from the kernel command line.
#[derive(Clone, Copy, Debug)]
pub struct Config {
    /// 0: no periodic snapshots (only those programs ask for).
    pub snapshot_ms: u64,
    pub heap_mib: u64,
    /// MiB at the end of the disk kept out of the store, for measuring the
    /// raw disk (`phantom rawbench`).
    pub scratch_mib: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config { snapshot_ms: 1000, heap_mib: 64, scratch_mib: 0 }
    }
}

// ---------------------------------------------------------------- the disk

/// The virtio-blk disk as the store's device: 4 KiB blocks of 8 sectors,
/// less the scratch area at the end.
///
/// Writes to consecutive blocks are gathered into one request of up to
/// [`GATHER`] bytes: a commit allocates its blocks one after another, so
/// this turns a snapshot into a few large sequential writes. Nothing is
/// lost by holding them: a write is durable only after `flush` anyway,
/// which sends what is gathered first. A run is sent behind: the device
/// writes it while the next one is gathered (two buffers take turns).
struct Disk {
    blocks: u64,
    /// First block of the gathered run, and its bytes.
    run_start: u64,
    run: Vec<u8>,
    /// The buffer of the run sent before, back from the device.
    spare: Option<Vec<u8>>,
}

const GATHER: usize = virtio_blk::MAX_WRITE_BEHIND;

impl Disk {
    fn new(blocks: u64) -> Disk {
        Disk { blocks, run_start: 0, run: Vec::with_capacity(GATHER), spare: None }
    }

    fn send(&mut self) -> Result<(), DeviceError> {
        if self.run.is_empty() {
            return Ok(());
        }
        let next = self.spare.take().unwrap_or_else(|| Vec::with_capacity(GATHER));
        let run = core::mem::replace(&mut self.run, next);
        match virtio_blk::write_behind(self.run_start * 8, run) {
            Ok(back) => {
                self.spare = back.map(|mut b| {
                    b.clear();
                    b
                });
                Ok(())
            }
            Err(_) => Err(DeviceError::Failed("virtio-blk write failed")),
        }
    }
}

impl BlockDevice for Disk {
    fn block_count(&self) -> u64 {
        self.blocks
    }
    fn read(&mut self, block: u64, buf: &mut Block) -> Result<(), DeviceError> {
        // A read sees every earlier write.
        self.send()?;
        virtio_blk::read_block(block * 8, buf).map_err(|_| DeviceError::Failed("virtio-blk read failed"))
    }
    fn write(&mut self, block: u64, buf: &Block) -> Result<(), DeviceError> {
        if block >= self.blocks {
            return Err(DeviceError::OutOfRange(block));
        }
        let next = self.run_start + (self.run.len() / 4096) as u64;
        if self.run.is_empty() || block != next || self.run.len() >= GATHER {
            self.send()?;
            self.run_start = block;
        }
        self.run.extend_from_slice(buf);
        Ok(())
    }
    fn flush(&mut self) -> Result<(), DeviceError> {
        self.send()?;
        virtio_blk::flush().map_err(|_| DeviceError::Failed("virtio-blk flush failed"))
    }
}

// ------------------------------------------------------------- shared state

/// A request from a session, for the VM thread.
enum Request {
    Run { session: Arc<Session>, class: String, args: Vec<String>, module: Vec<u8>, detached: bool },
    /// `call TARGET METHOD ARGS...`: a method of a persistent object.
    Call { session: Arc<Session>, target: String, method: String, args: Vec<String> },
    Ps(Arc<Session>),
    Snapshot(Arc<Session>),
    Stat(Arc<Session>),
    RawBench(Arc<Session>),
}

/// Between the VM thread and the writer thread.
#[derive(Default)]
struct Handover {
    /// Pages of the snapshot being written.
    pages: VecDeque<(u64, Box<Block>)>,
    /// Page buffers written and given back, for the VM thread's next copies.
    free: Vec<Box<Block>>,
    /// A snapshot is being committed (set by the VM thread at a freeze).
    job: Option<u64>,
    /// Every page of the job has been queued.
    end: bool,
    /// The committed job's outcome (for the VM thread).
    result: Option<Result<u64, String>>,
    /// Store statistics after the last commit.
    store_stats: Option<phantom_store::Stats>,
    /// The last commit's duration (ns) and bytes written.
    last_commit: (u64, u64),
}

/// The time this thread has run (ns, from an arbitrary start): the monotonic
/// clock less the time other threads ran. Pauses and collection steps are
/// timed with it, so that a preemption in the middle does not count as the
/// snapshot's or the collector's.
fn own_clock() -> u64 {
    time::monotonic_ns().saturating_sub(sched::current_off_ns())
}

/// Collection step durations kept for `phantom stat`.
const GC_STEPS_KEPT: usize = 4096;

/// Words of collection work in one step at least (more after a slice that
/// allocated much: the VM paces collection by allocation).
const GC_STEP_WORDS: usize = 256;

/// Pages the VM thread may queue ahead of the writer.
const QUEUE_PAGES: usize = 256;

// Interrupt-safe locks: these are looked at inside wait conditions, which
// run with interrupts off and must not sleep.
static REQUESTS: IrqLock<VecDeque<Request>> = IrqLock::new(VecDeque::new());
static HANDOVER: IrqLock<Option<Handover>> = IrqLock::new(None);
/// The VM thread waits here (requests, writer progress, timers).
static VM_WAKE: WaitQueue = WaitQueue::new();
/// The writer waits here (a job, pages).
static WRITER_WAKE: WaitQueue = WaitQueue::new();
static SESSIONS: IrqLock<BTreeMap<u32, Weak<Session>>> = IrqLock::new(BTreeMap::new());
static NEXT_SESSION: AtomicU32 = AtomicU32::new(1);
static RUNNING: AtomicBool = AtomicBool::new(false);
/// The world could not come up (requests are refused; before it is up they wait).
static OFF: AtomicBool = AtomicBool::new(false);
/// Snapshots started (frozen) and made durable.
static FROZEN: AtomicU64 = AtomicU64::new(0);
static DURABLE: AtomicU64 = AtomicU64::new(0);
/// A final snapshot is wanted (power-off).
static SHUTDOWN: AtomicBool = AtomicBool::new(false);
static SHUTDOWN_DONE: WaitQueue = WaitQueue::new();
static SHUTDOWN_FLAG: AtomicBool = AtomicBool::new(false);
/// Blocks at the end of the disk outside the store.
static SCRATCH: AtomicU64 = AtomicU64::new(0);

fn handover<R>(f: impl FnOnce(&mut Handover) -> R) -> R {
    let mut h = HANDOVER.lock();
    f(h.get_or_insert_with(Handover::default))
}

fn submit(r: Request) {
    REQUESTS.lock().push_back(r);
    VM_WAKE.wake_all();
}

/// Wakes POSIX readers blocked on sessions.
fn notify_posix() {
    crate::posix_glue::notify();
}

// ----------------------------------------------------------------- sessions

/// One open file of `/dev/phantom`. The client writes a request, then reads
/// the answer until end of file:
///
/// - `run\0CLASS\0ARG\0...\0\0` then the module (binary `PHM1` or assembler
///   text): runs `CLASS.main` attached, the program's output is the answer;
///   `ioctl(fd, PHANTOM_STATUS)` gives its exit status after end of file
///   (0, or 1 with the uncaught exception printed at the end).
/// - `start\0CLASS\0ARG...\0\0` then the module: detached and persistent;
///   answers `started thread N` once a snapshot holding it is durable.
/// - `ps\0\0`, `snapshot\0\0` (answers once a snapshot taken after the
///   request is durable), `stat\0\0`.
pub struct Session {
    id: u32,
    st: IrqLock<SessionState>,
}

#[derive(Default)]
struct SessionState {
    request: Vec<u8>,
    submitted: bool,
    out: VecDeque<u8>,
    done: bool,
    status: i32,
    /// The last byte of output (0: none yet).
    last: u8,
}

/// `ioctl` on a session: the exit status of the program it ran.
pub const PHANTOM_STATUS: u32 = 0x7068_0001;
/// Most bytes a request may have (module included).
const MAX_REQUEST: usize = 16 << 20;

impl Session {
    fn push(&self, bytes: &[u8]) {
        let mut st = self.st.lock();
        st.out.extend(bytes.iter().copied());
        if let Some(&b) = bytes.last() {
            st.last = b;
        }
        drop(st);
        notify_posix();
    }
    fn finish(&self, status: i32) {
        {
            let mut st = self.st.lock();
            st.done = true;
            st.status = status;
        }
        notify_posix();
    }
    fn reply(&self, text: &str, status: i32) {
        self.push(text.as_bytes());
        self.finish(status);
    }
}

fn session(id: u32) -> Option<Arc<Session>> {
    SESSIONS.lock().get(&id).and_then(Weak::upgrade)
}

/// Parses a request's NUL-separated header and returns (fields, payload).
fn parse_request(r: &[u8]) -> Result<(Vec<String>, &[u8]), &'static str> {
    let mut fields = Vec::new();
    let mut at = 0;
    loop {
        let end = r[at..].iter().position(|&b| b == 0).ok_or("request header is not terminated")?;
        if end == 0 {
            return Ok((fields, &r[at + 1..]));
        }
        let f = core::str::from_utf8(&r[at..at + end]).map_err(|_| "request header is not UTF-8")?;
        fields.push(f.to_string());
        at += end + 1;
        if fields.len() > 4096 {
            return Err("too many arguments");
        }
    }
}

impl Session {
    /// The request is complete (first read): hand it to the VM thread.
    fn submit(self: &Arc<Session>) {
        let request = core::mem::take(&mut self.st.lock().request);
        let parsed = parse_request(&request);
        let (fields, payload) = match parsed {
            Ok(p) => p,
            Err(e) => return self.reply(&format!("phantom: {}\n", e), 2),
        };
        if OFF.load(Ordering::Relaxed) {
            return self.reply("phantom: the native world is not running (see the kernel log)\n", 2);
        }
        let me = self.clone();
        match fields.first().map(String::as_str) {
            Some(cmd @ ("run" | "start")) => {
                let Some(class) = fields.get(1) else {
                    return self.reply("phantom: no class named\n", 2);
                };
                submit(Request::Run {
                    session: me,
                    class: class.replace('.', "/"),
                    args: fields[2..].to_vec(),
                    module: payload.to_vec(),
                    detached: cmd == "start",
                });
            }
            Some("call") => {
                let (Some(target), Some(method)) = (fields.get(1), fields.get(2)) else {
                    return self.reply("phantom: call wants a target and a method\n", 2);
                };
                submit(Request::Call {
                    session: me,
                    target: target.clone(),
                    method: method.clone(),
                    args: fields[3..].to_vec(),
                });
            }
            Some("ps") => submit(Request::Ps(me)),
            Some("snapshot") => submit(Request::Snapshot(me)),
            Some("stat") => submit(Request::Stat(me)),
            Some("rawbench") => submit(Request::RawBench(me)),
            Some(other) => self.reply(&format!("phantom: unknown request '{}'\n", other), 2),
            None => self.reply("phantom: empty request\n", 2),
        }
    }
}

impl Node for Session {
    fn ino(&self) -> u64 {
        0x7068_0000 + self.id as u64
    }
    fn stat(&self) -> Stat {
        DeviceNode.stat()
    }
    fn kind(&self) -> FileKind {
        FileKind::CharDevice
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn write_at(&self, _offset: u64, data: &[u8]) -> Result<usize, Errno> {
        let mut st = self.st.lock();
        if st.submitted {
            return Err(Errno::EINVAL);
        }
        if st.request.len() + data.len() > MAX_REQUEST {
            return Err(Errno::EFBIG);
        }
        st.request.extend_from_slice(data);
        Ok(data.len())
    }
    fn read_at(&self, _offset: u64, buf: &mut [u8]) -> Result<usize, Errno> {
        let submit = {
            let mut st = self.st.lock();
            !core::mem::replace(&mut st.submitted, true)
        };
        if submit {
            let me = session(self.id).ok_or(Errno::EIO)?;
            me.submit();
        }
        let mut st = self.st.lock();
        if st.out.is_empty() {
            return if st.done { Ok(0) } else { Err(Errno::EAGAIN) };
        }
        let n = buf.len().min(st.out.len());
        for (i, b) in st.out.drain(..n).enumerate() {
            buf[i] = b;
        }
        Ok(n)
    }
    fn poll(&self) -> PollMask {
        let st = self.st.lock();
        if !st.submitted || !st.out.is_empty() || st.done {
            PollMask::IN | PollMask::OUT
        } else {
            PollMask::OUT
        }
    }
    fn is_seekable(&self) -> bool {
        false
    }
    fn ioctl(&self, cmd: u32, _arg: u64) -> Result<u64, Errno> {
        if cmd != PHANTOM_STATUS {
            return Err(Errno::ENOTTY);
        }
        let st = self.st.lock();
        if st.done {
            Ok(st.status as u64)
        } else {
            Err(Errno::EAGAIN)
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        SESSIONS.lock().remove(&self.id);
    }
}

/// `/dev/phantom` itself: every open makes a session.
struct DeviceNode;

pub fn node() -> NodeRef {
    static NODE: spin::Once<NodeRef> = spin::Once::new();
    NODE.call_once(|| Arc::new(DeviceNode)).clone()
}

impl Node for DeviceNode {
    fn ino(&self) -> u64 {
        0x7068_0000
    }
    fn stat(&self) -> Stat {
        Stat {
            ino: 0x7068_0000,
            mode: 0o020666,
            nlink: 1,
            rdev: phantom_posix::vfs::consts::makedev(10, 240),
            blksize: 4096,
            ..Stat::default()
        }
    }
    fn kind(&self) -> FileKind {
        FileKind::CharDevice
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn open(&self, _flags: u32) -> Result<Option<NodeRef>, Errno> {
        let id = NEXT_SESSION.fetch_add(1, Ordering::Relaxed);
        let s = Arc::new(Session { id, st: IrqLock::new(SessionState::default()) });
        SESSIONS.lock().insert(id, Arc::downgrade(&s));
        Ok(Some(s))
    }
}

// --------------------------------------------------------------- the host

struct KernelVmHost;

impl Host for KernelVmHost {
    fn now_ns(&mut self) -> u64 {
        time::monotonic_ns()
    }
    fn print(&mut self, channel: u32, bytes: &[u8]) {
        if channel != 0 {
            if let Some(s) = session(channel) {
                s.push(bytes);
                return;
            }
        }
        console_write(bytes);
    }
}

fn console_write(bytes: &[u8]) {
    let _ = crate::console_tty::node().write_at(0, bytes);
}

fn say(msg: &str) {
    log::info!("phantom: {}", msg);
    console_write(format!("phantom: {}\n", msg).as_bytes());
}

// -------------------------------------------------------------- start-up

/// Starts the native world (restored from the disk if there is one).
pub fn start(config: Config, initramfs: &'static [u8]) {
    LIBRARY.call_once(|| phantom_cpio::find(initramfs, LIBRARY_PATH).map(|f| f.data));
    let disk = virtio_blk::is_present();
    if sched::spawn("phantom-vm", sched::Priority::Normal, move || vm_main(config, disk)).is_none() {
        log::error!("phantom: no memory for the VM thread");
        OFF.store(true, Ordering::Relaxed);
    }
}

/// Where the image keeps the Java class library module, which a world
/// loads before its first program (not at boot: most boots run none).
const LIBRARY_PATH: &str = "lib/phantom/java.phm";
static LIBRARY: spin::Once<Option<&'static [u8]>> = spin::Once::new();

/// A new world (the boot module only).
fn new_world(mem: Mem, host: &mut KernelVmHost) -> Result<World<Mem>, String> {
    World::create(mem, host).map_err(|e| format!("{}", e))
}

/// Loads the image's class library into `world` if nothing but the boot
/// module is there yet (a library must come before any program).
fn load_library(world: &mut World<Mem>) {
    let Some(Some(bytes)) = LIBRARY.get() else { return };
    if world.prog.modules.len() != 1 {
        return;
    }
    let loaded = Module::decode(bytes)
        .map_err(|e| e.to_string())
        .and_then(|m| world.load_library(&m).map_err(|e| format!("{}", e)));
    match loaded {
        Ok(_) => log::info!("phantom: Java class library loaded ({} KiB)", bytes.len() / 1024),
        Err(e) => say(&format!("/{} not loaded: {}", LIBRARY_PATH, e)),
    }
}

/// Takes a last snapshot (when the world is on a disk) and waits for it, a
/// few seconds at most: called before power-off.
pub fn shutdown() {
    if !RUNNING.load(Ordering::Relaxed) {
        return;
    }
    SHUTDOWN.store(true, Ordering::Relaxed);
    VM_WAKE.wake_all();
    let deadline = time::monotonic_ns() + 5_000_000_000;
    SHUTDOWN_DONE.wait_until_deadline(|| SHUTDOWN_FLAG.load(Ordering::Relaxed), deadline);
}

fn vm_main(config: Config, disk: bool) {
    bring_up(config, disk);
    // Only a world that could not come up gets here: refuse what waits.
    OFF.store(true, Ordering::Relaxed);
    refuse_waiting();
}

fn refuse_waiting() {
    loop {
        let Some(r) = REQUESTS.lock().pop_front() else { return };
        let s = match r {
            Request::Run { session, .. } | Request::Call { session, .. } => session,
            Request::Ps(s) | Request::Snapshot(s) | Request::Stat(s) | Request::RawBench(s) => s,
        };
        s.reply("phantom: the native world is not running (see the kernel log)\n", 2);
    }
}

/// The heap memory type of the kernel's world: the fixed range.
type Mem = &'static mut [u64];

/// Brings the world up and runs it (does not return unless that failed).
fn bring_up(config: Config, disk: bool) {
    let mut host = KernelVmHost;
    let words = (config.heap_mib as usize) << 17;
    if !disk {
        // SAFETY: the first and only slice of the range in this boot.
        let mem = unsafe { native_heap::memory(words) };
        let world = match new_world(mem, &mut host) {
            Ok(w) => w,
            Err(e) => return say(&format!("cannot create the world: {}", e)),
        };
        log::info!("phantom: world in memory only (no disk), {} MiB heap", config.heap_mib);
        RUNNING.store(true, Ordering::Relaxed);
        Vm::new(world, host, config, None).run();
        return;
    }
    let total = virtio_blk::capacity_sectors() / 8;
    let scratch = (config.scratch_mib * 256).min(total / 2);
    SCRATCH.store(scratch, Ordering::Relaxed);
    let mut dev = Disk::new(total - scratch);
    let formatted = match Store::is_formatted(&mut dev) {
        Ok(f) => f,
        Err(e) => return say(&format!("cannot read the disk: {}; the native world is off", e)),
    };
    let mut store = if formatted {
        match Store::open(dev) {
            Ok((s, report)) => {
                for d in &report.damaged {
                    say(&format!("generation {} is damaged ({}): recovery fell back", d.generation, d.problem));
                }
                s
            }
            Err(e) => return say(&format!("cannot open the store: {}; the native world is off", e)),
        }
    } else {
        match Store::format(dev) {
            Ok(s) => s,
            Err(e) => return say(&format!("cannot format the disk: {}; the native world is off", e)),
        }
    };
    loop {
        let t0 = time::monotonic_ns();
        let fresh = store.pages().next().is_none();
        native_heap::set_pages(store.page_refs());
        // SAFETY: the first slice of the range, or a new one after the
        // previous world was dropped and the range reset (below).
        let mem = unsafe { native_heap::memory(words) };
        let result = if fresh {
            new_world(mem, &mut host)
        } else {
            World::restore(phantom_vm::heap::Heap::attach(mem), &mut host).map_err(|e| format!("{}", e))
        };
        let damaged = native_heap::damaged();
        let world = match (result, damaged) {
            (Ok(w), None) => w,
            (Err(e), None) if fresh => return say(&format!("cannot create the world: {}", e)),
            (result, damaged) => {
                let why = match (damaged, result) {
                    (Some(p), _) => format!("page {} failed its checksum", p),
                    (None, Err(e)) => e,
                    (None, Ok(_)) => unreachable!(),
                };
                match fall_back(store, &why) {
                    Some(s) => {
                        store = s;
                        continue;
                    }
                    None => return,
                }
            }
        };
        let ms = (time::monotonic_ns() - t0) / 1_000_000;
        if fresh {
            say(&format!("new world on the disk ({} MiB heap)", config.heap_mib));
        } else {
            let (_, read) = native_heap::stats();
            say(&format!(
                "world restored from generation {} in {} ms: {} threads, {} KiB of heap ({} pages read so far)",
                store.generation(),
                ms,
                world.live_threads(),
                world.heap.bump() * 8 / 1024,
                read
            ));
            native_heap::start_prefetch();
        }
        RUNNING.store(true, Ordering::Relaxed);
        let mut vm = Vm::new(world, host, config, Some(store));
        vm.run();
        // A page found damaged before the first snapshot after the restore:
        // the world restarts from the generation before.
        let Some(s) = vm.store.take() else { return };
        let page = native_heap::damaged().unwrap_or(0);
        vm.abandon();
        drop(vm);
        host = KernelVmHost;
        match fall_back(s, &format!("page {} failed its checksum", page)) {
            Some(s) => store = s,
            None => return,
        }
    }
}

/// Gives up the current generation (damaged) for the one before; the heap
/// range is emptied for the next restore.
fn fall_back(store: Store<Disk>, why: &str) -> Option<Store<Disk>> {
    let generation = store.generation();
    native_heap::stop_prefetch();
    native_heap::reset();
    match store.reject_current() {
        Ok((s, _)) => {
            say(&format!(
                "generation {} is damaged ({}): recovery fell back to generation {}",
                generation,
                why,
                s.generation()
            ));
            Some(s)
        }
        Err(e) => {
            say(&format!("generation {} is damaged ({}) and there is none to fall back to: {}", generation, why, e));
            None
        }
    }
}

struct Vm {
    world: World<Mem>,
    /// The store, until the writer takes it: after a restart, once every
    /// page of the restored generation has been read and checked.
    store: Option<Store<Disk>>,
    writer: bool,
    host: KernelVmHost,
    persistent: bool,
    interval_ns: u64,
    next_snapshot: u64,
    /// Threads run attached to a session: thread -> session.
    attached: BTreeMap<u32, Arc<Session>>,
    /// `phantom start` answers waiting for a durable snapshot: (session, thread, snapshot number).
    waiting_start: Vec<(Arc<Session>, u32, u64)>,
    /// `phantom snapshot` answers: (session, snapshot number).
    waiting_snapshot: Vec<(Arc<Session>, u64)>,
    stats: persist::Stats,
    freeze_ns: u64,
    full_reported: bool,
    pumped_all: bool,
    /// A snapshot is wanted now (a `phantom snapshot` or `start` waits for it).
    force: bool,
    /// The longest incremental collection step.
    gc_max_ns: u64,
    /// Durations of the last collection steps that did work (a ring).
    gc_steps: Vec<u64>,
    gc_step_at: usize,
    /// Time the writer spent committing and what it wrote (for the write rate).
    commit_ns: u64,
    commit_bytes: u64,
}

impl Vm {
    fn new(world: World<Mem>, host: KernelVmHost, config: Config, store: Option<Store<Disk>>) -> Vm {
        let interval_ns = if config.snapshot_ms == 0 { u64::MAX } else { config.snapshot_ms.max(10) * 1_000_000 };
        Vm {
            gc_max_ns: 0,
            gc_steps: Vec::new(),
            gc_step_at: 0,
            commit_ns: 0,
            commit_bytes: 0,
            persistent: store.is_some(),
            world,
            store,
            writer: false,
            host,
            interval_ns,
            next_snapshot: time::monotonic_ns().saturating_add(interval_ns),
            attached: BTreeMap::new(),
            waiting_start: Vec::new(),
            waiting_snapshot: Vec::new(),
            stats: persist::Stats::default(),
            freeze_ns: 0,
            full_reported: false,
            pumped_all: false,
            force: false,
        }
    }

    /// Ends every session of this world (it is being replaced).
    fn abandon(&mut self) {
        for (_, s) in core::mem::take(&mut self.attached) {
            s.reply("\nphantom: the world fell back to an older snapshot\n", 1);
        }
        for (s, _, _) in core::mem::take(&mut self.waiting_start) {
            s.reply("phantom: the world fell back to an older snapshot\n", 1);
        }
        for (s, _) in core::mem::take(&mut self.waiting_snapshot) {
            s.reply("phantom: the world fell back to an older snapshot\n", 1);
        }
    }

    /// Hands the store to the writer once the restored pages are all checked.
    fn start_writer(&mut self) {
        if self.writer || !native_heap::all_loaded() || native_heap::damaged().is_some() {
            return;
        }
        let Some(store) = self.store.take() else { return };
        let stored_pages = store.pages().last().map_or(0, |p| p + 1);
        handover(|h| h.store_stats = Some(store.stats()));
        if sched::spawn("phantom-writer", sched::Priority::Normal, move || writer_main(store, stored_pages)).is_none() {
            say("no memory for the snapshot writer; snapshots are off");
        }
        self.writer = true;
    }

    /// Runs the world; returns only when a page of the restored generation
    /// turned out damaged (before any snapshot was written on top of it).
    fn run(&mut self) {
        loop {
            if !self.writer && native_heap::damaged().is_some() {
                return;
            }
            self.start_writer();
            self.requests();
            // Run threads for a few milliseconds, pumping snapshot pages between slices.
            let slice_end = time::monotonic_ns() + 4_000_000;
            let mut idle = None;
            // Collection work goes in small steps after every slice, so that
            // none stops the programs longer than a snapshot pause.
            while time::monotonic_ns() < slice_end {
                match self.world.run(&mut self.host, 2000) {
                    Run::Ran => {}
                    Run::Idle(at) => {
                        idle = Some(at);
                        break;
                    }
                }
                self.pump();
                self.gc_step();
            }
            self.gc_step();
            self.reap();
            self.snapshots();
            if let Some(at) = idle {
                self.sleep(at);
            } else {
                sched::yield_now();
            }
        }
    }

    /// One bounded step of incremental collection, timed.
    fn gc_step(&mut self) {
        let active = self.world.gc.active();
        let g0 = own_clock();
        self.world.gc_step(GC_STEP_WORDS);
        let ns = own_clock() - g0;
        if active || self.world.gc.active() {
            self.gc_max_ns = self.gc_max_ns.max(ns);
            if self.gc_steps.len() < GC_STEPS_KEPT {
                self.gc_steps.push(ns);
            } else {
                self.gc_steps[self.gc_step_at % GC_STEPS_KEPT] = ns;
            }
            self.gc_step_at += 1;
        }
    }

    /// Waits until a request, writer progress, a VM timer or the next snapshot.
    fn sleep(&mut self, vm_deadline: Option<u64>) {
        // World-clock deadline -> monotonic time.
        let now = time::monotonic_ns();
        let world_now = self.world.now(&mut self.host);
        let mut deadline = vm_deadline.map_or(u64::MAX, |at| now + at.saturating_sub(world_now));
        if self.world.has_runnable() {
            // Woken by a snapshot or a session since the last slice.
            return;
        }
        if self.writer && self.world.heap.dirty_pages() > 0 {
            deadline = deadline.min(self.next_snapshot);
        }
        if self.writer && (self.force || self.world.snapshot_waiters) && !self.world.heap.freezing() {
            deadline = now;
        }
        if self.persistent && !self.writer {
            // Waiting for the restored pages to be checked.
            deadline = deadline.min(now + 5_000_000);
        }
        let pumping = self.world.heap.freezing() && !self.pumped_all;
        if pumping {
            deadline = deadline.min(now + 1_000_000);
        }
        let cond = || {
            !REQUESTS.lock().is_empty()
                || SHUTDOWN.load(Ordering::Relaxed)
                || handover(|h| h.result.is_some() || (pumping && h.pages.len() < QUEUE_PAGES / 2))
        };
        if deadline == u64::MAX {
            // Nothing timed: no timer entry (one per wait would pile up).
            VM_WAKE.wait_until(cond);
        } else {
            VM_WAKE.wait_until_deadline(cond, deadline);
        }
    }

    fn requests(&mut self) {
        loop {
            let Some(r) = REQUESTS.lock().pop_front() else { return };
            match r {
                Request::Run { session, class, args, module, detached } => self.start_program(session, &class, &args, &module, detached),
                Request::Call { session, target, method, args } => {
                    load_library(&mut self.world);
                    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
                    match self.world.spawn_call(&target, &method, &argv, session.id) {
                        Ok(t) => {
                            self.attached.insert(t, session);
                        }
                        Err(e) => session.reply(&format!("phantom: {}\n", e), 2),
                    }
                }
                Request::Ps(s) => {
                    let text = self.ps();
                    s.reply(&text, 0);
                }
                Request::Stat(s) => {
                    let text = self.stat();
                    s.reply(&text, 0);
                }
                Request::RawBench(s) => {
                    let (text, status) = raw_bench();
                    s.reply(&text, status);
                }
                Request::Snapshot(s) => {
                    if !self.persistent {
                        s.reply("phantom: no disk: the world is not persistent\n", 1);
                        continue;
                    }
                    // The next freeze is after this request.
                    let target = FROZEN.load(Ordering::Relaxed) + 1;
                    self.waiting_snapshot.push((s, target));
                    self.force = true;
                }
            }
        }
    }

    fn start_program(&mut self, s: Arc<Session>, class: &str, args: &[String], bytes: &[u8], detached: bool) {
        let module = if bytes.starts_with(phantom_vm::module::MAGIC) {
            Module::decode(bytes).map_err(|e| e.to_string())
        } else {
            match core::str::from_utf8(bytes) {
                Ok(text) => phantom_vm::asm::assemble(text).map_err(|e| format!("assembling: {}", e)),
                Err(_) => Err("not a Phantom module or assembler text".to_string()),
            }
        };
        let module = match module {
            Ok(m) => m,
            Err(e) => return s.reply(&format!("phantom: {}\n", e), 2),
        };
        load_library(&mut self.world);
        let index = match self.world.load_or_reuse(&module) {
            Ok(i) => i,
            Err(e) => return s.reply(&format!("phantom: {}\n", e), 2),
        };
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let channel = if detached { 0 } else { s.id };
        match self.world.spawn_main_in(index, class, &argv, channel) {
            Ok(t) => {
                if detached {
                    if self.persistent {
                        let target = FROZEN.load(Ordering::Relaxed) + 1;
                        self.waiting_start.push((s, t, target));
                        self.force = true;
                    } else {
                        s.reply(&format!("started thread {} (no disk: not persistent)\n", t), 0);
                    }
                } else {
                    self.attached.insert(t, s);
                }
            }
            Err(e) => s.reply(&format!("phantom: {}\n", e), 2),
        }
    }

    /// A `phantom call` result as text: numbers as Java prints them (near
    /// enough for doubles), a string's text, null, or the object's class.
    fn render(&self, v: u64, ret: u8) -> Option<String> {
        Some(match ret {
            b'V' => return None,
            b'Z' => (if v != 0 { "true" } else { "false" }).to_string(),
            b'C' => char::from_u32(v as u32).map_or_else(|| format!("{}", v), |c| c.to_string()),
            b'F' | b'D' => format!("{:?}", f64::from_bits(v)),
            b'L' | b'[' => {
                if v == 0 {
                    "null".to_string()
                } else if phantom_vm::object::class_of(&self.world.heap, v) == self.world.prog.wk.string {
                    phantom_vm::object::string_text(&self.world.heap, v)
                } else {
                    let c = phantom_vm::object::class_of(&self.world.heap, v);
                    format!("{}@{:x}", self.world.prog.class(c).name.replace('/', "."), v)
                }
            }
            _ => format!("{}", v as i64),
        })
    }

    /// Ends the sessions of attached threads that have ended.
    fn reap(&mut self) {
        let ended: Vec<u32> = self
            .attached
            .keys()
            .copied()
            .filter(|&t| matches!(self.world.threads[t as usize].state, State::Done(_)))
            .collect();
        for t in ended {
            let s = self.attached.remove(&t).unwrap();
            let th = &self.world.threads[t as usize];
            let status = match th.state {
                State::Done(st) => st,
                _ => 0,
            };
            if let Some(text) = &th.uncaught {
                let fresh_line = matches!(s.st.lock().last, 0 | b'\n');
                let nl = if fresh_line { "" } else { "\n" };
                s.push(format!("{}Exception in thread \"{}\" {}\n", nl, th.name(), text).as_bytes());
            }
            if let Some((v, ret)) = self.world.results.remove(&t) {
                if let Some(text) = self.render(v, ret) {
                    s.push(format!("{}\n", text).as_bytes());
                }
            }
            s.finish(status);
        }
        // Uncaught exceptions of detached threads go to the console, once.
        for th in self.world.threads.iter_mut() {
            if th.channel == 0 {
                if let Some(text) = th.uncaught.take() {
                    console_write(format!("Exception in thread \"{}\" {}\n", th.name(), text).as_bytes());
                }
            }
        }
    }

    fn snapshots(&mut self) {
        if self.persistent && !self.writer {
            // Snapshots wait until the restored pages are all checked.
            return;
        }
        if !self.persistent {
            // No disk: a program asking for a snapshot need not wait.
            if self.world.snapshot_waiters {
                self.world.release_snapshot_waiters(u64::MAX);
            }
            if SHUTDOWN.load(Ordering::Relaxed) {
                SHUTDOWN_FLAG.store(true, Ordering::Relaxed);
                SHUTDOWN_DONE.wake_all();
            }
            return;
        }
        // A finished commit.
        if let Some(result) = handover(|h| h.result.take()) {
            let (ns, bytes) = handover(|h| h.last_commit);
            if result.is_ok() {
                self.commit_ns += ns;
                self.commit_bytes += bytes;
            }
            match result {
                Ok(_) => {
                    self.world.heap.committed();
                    self.world.snapshot_durable();
                    self.stats.snapshots += 1;
                    DURABLE.store(FROZEN.load(Ordering::Relaxed), Ordering::Relaxed);
                    if self.full_reported {
                        say("snapshots resumed");
                        self.full_reported = false;
                    }
                }
                Err(e) => {
                    self.world.heap.thaw();
                    self.stats.failed += 1;
                    // The frozen snapshot is lost: nobody waits for it.
                    DURABLE.store(FROZEN.load(Ordering::Relaxed), Ordering::Relaxed);
                    if !self.full_reported {
                        say(&e);
                        self.full_reported = true;
                    }
                    self.stats.last_error = Some(e);
                }
            }
            self.answer_waiters();
        }
        let now = time::monotonic_ns();
        let due = now >= self.next_snapshot && self.world.heap.dirty_pages() > 0;
        let want = due || self.force || self.world.snapshot_waiters || SHUTDOWN.load(Ordering::Relaxed);
        if !self.world.heap.freezing() {
            if SHUTDOWN.load(Ordering::Relaxed) && self.world.heap.dirty_pages() == 0 {
                SHUTDOWN_FLAG.store(true, Ordering::Relaxed);
                SHUTDOWN_DONE.wake_all();
                return;
            }
            if want {
                self.next_snapshot = now.saturating_add(self.interval_ns);
                self.force = false;
                // A full store is retried at the normal pace, not in a loop.
                let t0 = own_clock();
                if self.world.freeze() {
                    self.freeze_ns = own_clock() - t0;
                    self.stats.record_pause(self.freeze_ns);
                    FROZEN.fetch_add(1, Ordering::Relaxed);
                    self.pumped_all = false;
                    let live = self.world.heap.bump().div_ceil(PAGE_WORDS) as u64;
                    handover(|h| {
                        h.job = Some(live);
                        h.end = false;
                    });
                    WRITER_WAKE.wake_all();
                    self.pump();
                }
            }
        } else {
            self.pump();
        }
    }

    /// Moves frozen pages to the writer while its queue has room.
    fn pump(&mut self) {
        if !self.world.heap.freezing() || self.pumped_all {
            return;
        }
        let room = handover(|h| QUEUE_PAGES.saturating_sub(h.pages.len()));
        if room == 0 {
            return;
        }
        let free = handover(|h| core::mem::take(&mut h.free));
        self.world.heap.give_blocks(free);
        let mut batch = Vec::new();
        let done = self.world.heap.pump(room, &mut |p, b| batch.push((p, b)));
        let n = batch.len() as u64;
        handover(|h| {
            h.pages.extend(batch);
            if done {
                h.end = true;
            }
        });
        self.stats.pages_written += n;
        if done {
            self.pumped_all = true;
        }
        WRITER_WAKE.wake_all();
    }

    fn answer_waiters(&mut self) {
        let durable = DURABLE.load(Ordering::Relaxed);
        let ok = self.stats.last_error.is_none();
        let mut i = 0;
        while i < self.waiting_start.len() {
            if self.waiting_start[i].2 <= durable {
                let (s, t, _) = self.waiting_start.remove(i);
                if ok {
                    s.reply(&format!("started thread {}\n", t), 0);
                } else {
                    s.reply(&format!("started thread {} (not yet durable: the last snapshot failed)\n", t), 1);
                }
            } else {
                i += 1;
            }
        }
        let mut i = 0;
        while i < self.waiting_snapshot.len() {
            if self.waiting_snapshot[i].1 <= durable {
                let (s, n) = self.waiting_snapshot.remove(i);
                if ok {
                    let text = format!(
                        "snapshot {} durable (pause {} us)\n",
                        n,
                        self.freeze_ns / 1000
                    );
                    s.reply(&text, 0);
                } else {
                    let e = self.stats.last_error.clone().unwrap_or_default();
                    s.reply(&format!("snapshot failed: {}\n", e), 1);
                }
            } else {
                i += 1;
            }
        }
        if SHUTDOWN.load(Ordering::Relaxed) && !self.world.heap.freezing() {
            SHUTDOWN_FLAG.store(true, Ordering::Relaxed);
            SHUTDOWN_DONE.wake_all();
        }
    }

    fn ps(&self) -> String {
        let mut s = String::from("  TID STATE      WHERE\n");
        for th in &self.world.threads {
            let state = match th.state {
                State::Done(_) => continue,
                State::Runnable => "run",
                State::Blocked(_) => "wait",
                State::Monitor(_) | State::Reacquire { .. } => "lock",
                State::ObjWait { .. } => "objwait",
            };
            let at = th
                .frames
                .last()
                .map(|f| self.world.prog.method_name(f.method))
                .unwrap_or_default();
            let attached = if th.channel != 0 { " (attached)" } else { "" };
            s.push_str(&format!("{:5} {:10} {}{}\n", th.id, state, at, attached));
        }
        s
    }

    fn stat(&self) -> String {
        // Microseconds with one decimal: pauses are a few of them.
        let micros = |ns: u64| format!("{}.{}", ns / 1000, ns % 1000 / 100);
        let mut pauses = self.stats.pauses.clone();
        pauses.sort_unstable();
        let pct = |p: usize| pauses.get((pauses.len().saturating_sub(1)) * p / 100).copied().unwrap_or(0);
        let heap_kib = self.world.heap.bump() * 8 / 1024;
        let mut s = format!(
            "snapshots: {} durable, {} failed, every {} ms{}\n",
            self.stats.snapshots,
            self.stats.failed,
            self.interval_ns / 1_000_000,
            if self.persistent { "" } else { " (no disk: off)" }
        );
        s.push_str(&format!(
            "pause: last {} us, median {} us, p99 {} us, max {} us\n",
            micros(self.stats.last_pause_ns),
            micros(pct(50)),
            micros(pct(99)),
            micros(self.stats.max_pause_ns)
        ));
        s.push_str(&format!(
            "written: {} pages ({} KiB), copy-on-write copies: {}\n",
            self.stats.pages_written,
            self.stats.pages_written * 4,
            self.world.heap.shadowed
        ));
        if self.commit_ns > 0 {
            s.push_str(&format!(
                "write rate: {} KB/s ({} KiB in {} ms of commits)\n",
                self.commit_bytes * 1_000_000 / self.commit_ns,
                self.commit_bytes / 1024,
                self.commit_ns / 1_000_000
            ));
        }
        if let Some(st) = handover(|h| h.store_stats) {
            s.push_str(&format!(
                "store: generation {}, {} pages, {} of {} blocks used\n",
                st.generation, st.pages, st.blocks_used, st.blocks_total
            ));
        }
        s.push_str(&format!(
            "heap: {} KiB used of {} KiB, {} GC cycles, live after last GC {} KiB\n",
            heap_kib,
            self.world.heap.capacity() * 8 / 1024,
            self.world.counters.gc_cycles,
            self.world.gc.live_words * 8 / 1024,
        ));
        let mut steps = self.gc_steps.clone();
        steps.sort_unstable();
        let at = |p: usize| steps.get(steps.len().saturating_sub(1) * p / 100).copied().unwrap_or(0);
        s.push_str(&format!(
            "gc steps: {} timed, median {} us, p99 {} us, max {} us\n",
            self.gc_step_at,
            micros(at(50)),
            micros(at(99)),
            micros(self.gc_max_ns)
        ));
        s.push_str(&format!(
            "threads: {} live; {} safepoints passed\n",
            self.world.live_threads(),
            self.world.counters.safepoints
        ));
        if let Some(e) = &self.stats.last_error {
            s.push_str(&format!("last error: {}\n", e));
        }
        s
    }
}

// ----------------------------------------------------------------- writer

fn writer_main(mut store: Store<Disk>, mut stored_pages: u64) {
    loop {
        WRITER_WAKE.wait_until(|| handover(|h| h.job.is_some()));
        let live = handover(|h| h.job.unwrap());
        let pages = core::iter::from_fn(|| loop {
            let next = handover(|h| match h.pages.pop_front() {
                Some(p) => Some(Some(p)),
                None if h.end => Some(None),
                None => None,
            });
            match next {
                Some(item) => {
                    VM_WAKE.wake_all();
                    return item.map(|(p, b)| Change::Owned(p, b));
                }
                None => WRITER_WAKE.wait_until(|| handover(|h| !h.pages.is_empty() || h.end)),
            }
        });
        let removed = (live..stored_pages.max(live)).map(Change::Remove);
        let t0 = time::monotonic_ns();
        let mut recycle = |b: Box<Block>| {
            handover(|h| {
                if h.free.len() < 2 * QUEUE_PAGES {
                    h.free.push(b);
                }
            })
        };
        let result = store.commit_recycling(pages.chain(removed), &mut recycle);
        let took = time::monotonic_ns() - t0;
        // Whatever happened, the job's pages are consumed.
        let outcome = match result {
            Ok(g) => {
                stored_pages = live;
                Ok(g)
            }
            Err(phantom_store::Error::NoSpace) => {
                Err("snapshot store full: snapshots stop until space is freed; programs keep running".to_string())
            }
            Err(e) => Err(format!("snapshot failed: {}", e)),
        };
        handover(|h| {
            h.pages.clear();
            h.job = None;
            h.end = false;
            h.result = Some(outcome);
            h.store_stats = Some(store.stats());
            h.last_commit = (took, store.stats().last_commit_blocks * 4096);
        });
        VM_WAKE.wake_all();
    }
}

/// Writes the scratch area at the end of the disk sequentially (64 KiB
/// requests, each sent while the one before is written, then a flush) and
/// reports the rate: the raw disk, measured like the store uses it.
fn raw_bench() -> (String, i32) {
    let scratch = SCRATCH.load(Ordering::Relaxed);
    if scratch == 0 {
        return ("phantom: no scratch area (boot with vmscratch=MIB)\n".to_string(), 2);
    }
    let first = virtio_blk::capacity_sectors() / 8 - scratch;
    let mut spare = Some(alloc::vec![0x5au8; GATHER]);
    let mut chunk = alloc::vec![0x5au8; GATHER];
    let blocks_per_chunk = (chunk.len() / 4096) as u64;
    let t0 = time::monotonic_ns();
    let mut b = first;
    while b + blocks_per_chunk <= first + scratch {
        let next = spare.take().unwrap_or_else(|| alloc::vec![0x5au8; GATHER]);
        match virtio_blk::write_behind(b * 8, core::mem::replace(&mut chunk, next)) {
            Ok(back) => spare = back,
            Err(e) => return (format!("phantom: raw write failed: {}\n", e), 1),
        }
        b += blocks_per_chunk;
    }
    if let Err(e) = virtio_blk::flush() {
        return (format!("phantom: flush failed: {}\n", e), 1);
    }
    let ns = (time::monotonic_ns() - t0).max(1);
    let bytes = (b - first) * 4096;
    (format!("raw write: {} KiB in {} ms: {} KB/s\n", bytes / 1024, ns / 1_000_000, bytes * 1_000_000 / ns), 0)
}
