//! The virtio block device: a disk QEMU attaches with `-device virtio-blk-pci`.
//!
//! The `virtio-drivers` crate speaks the protocol (modern virtio through the
//! PCI capabilities, which QEMU's transitional device also offers); this file
//! finds the device, hands the crate the kernel's services
//! ([`super::virtio_hal`]) and offers sector reads and writes. Requests are
//! completed by polling the used ring: the calling thread yields until the
//! device answers. One write may be left in flight ([`write_behind`]) while
//! its caller prepares the next; every other request completes it first, so
//! the device never holds more than one request and completions come in
//! order.
//!
//! Usage:
//! ```ignore
//! let mut sector = [0u8; 512];
//! virtio_blk::read_block(0, &mut sector)?;
//! ```

use super::pci::{self, Bar};
use super::virtio_hal::{KernelHal, PortConfigAccess};
use crate::sched::sync::Mutex;
use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use virtio_drivers::device::blk::{BlkReq, BlkResp, VirtIOBlk, SECTOR_SIZE};
use virtio_drivers::transport::pci::bus::{DeviceFunction, PciRoot};
use virtio_drivers::transport::pci::PciTransport;

const VIRTIO_VENDOR: u16 = 0x1AF4;
/// Transitional and modern virtio-blk device IDs.
const BLK_DEVICE_IDS: [u16; 2] = [0x1001, 0x1042];
/// Largest transfer sent in one request; longer ones are split.
const MAX_SECTORS_PER_REQUEST: usize = 128;

pub const SECTOR: usize = SECTOR_SIZE;

type Blk = VirtIOBlk<KernelHal, PciTransport>;

/// The device and the write left in flight, if any.
struct Disk {
    blk: Blk,
    pending: Option<Pending>,
    /// A write-behind that failed, reported by the next `write_behind` or
    /// `flush` (a read that completes it must not swallow the error).
    failed: Option<String>,
}

/// A submitted write: its request, response and data stay here, at fixed
/// heap addresses, until the device has answered.
struct Pending {
    token: u16,
    sector: u64,
    req: Box<BlkReq>,
    resp: Box<BlkResp>,
    buf: Vec<u8>,
}

/// The disk, once found. A sleeping lock: requests poll for a while and
/// nothing touches the device from interrupt context.
static DISK: Mutex<Option<Disk>> = Mutex::new(None);

impl Disk {
    /// Waits for the write in flight, if any, and gives its buffer back.
    fn settle(&mut self) -> Option<Vec<u8>> {
        let mut p = self.pending.take()?;
        while self.blk.peek_used() != Some(p.token) {
            crate::sched::yield_now();
        }
        // SAFETY: the buffers the request was submitted with, unmoved (they
        // are heap allocations owned by `p`), and the request has completed.
        let r = unsafe { self.blk.complete_write_blocks(p.token, &p.req, &p.buf, &mut p.resp) };
        if let Err(e) = r {
            self.failed.get_or_insert(format!("write of sector {}: {}", p.sector, e));
        }
        Some(p.buf)
    }
}

/// Find the first virtio-blk function and bring it up. A machine without
/// one gets a single log line.
pub fn init() {
    let Some(dev) = pci::find(VIRTIO_VENDOR, &BLK_DEVICE_IDS) else {
        log::info!("virtio-blk: no disk attached");
        return;
    };
    match start(&dev) {
        Ok(blk) => {
            let sectors = blk.capacity();
            log::info!(
                "virtio-blk: {} MiB ({} sectors{}) at {}",
                (sectors * SECTOR as u64) >> 20,
                sectors,
                if blk.readonly() { ", read-only" } else { "" },
                dev.address
            );
            *DISK.lock() = Some(Disk { blk, pending: None, failed: None });
        }
        Err(e) => log::warn!("virtio-blk: {}: {}; disk skipped", dev.address, e),
    }
}

fn start(dev: &pci::Device) -> Result<Blk, String> {
    // Map each memory BAR whole, so the crate's later look-ups of the
    // regions inside them only find existing mappings (see virtio_hal).
    for (index, bar) in pci::bars(dev) {
        if let Bar::Memory { addr, size, .. } = bar {
            if addr == 0 {
                continue; // unassigned; the crate refuses it if it is needed
            }
            crate::mem::mmio::map(addr, size, false)
                .map_err(|e| format!("cannot map BAR{} ({:#x}, {} bytes): {:?}", index, addr, size, e))?;
        }
    }
    pci::enable(dev.address, pci::COMMAND_MEMORY | pci::COMMAND_BUS_MASTER);
    let mut root = PciRoot::new(PortConfigAccess);
    let function = DeviceFunction { bus: dev.address.bus, device: dev.address.device, function: dev.address.function };
    let transport = PciTransport::new::<KernelHal, _>(&mut root, function).map_err(|e| format!("transport: {}", e))?;
    let mut blk = Blk::new(transport).map_err(|e| format!("device setup: {}", e))?;
    // Completion is polled; keep the (unrouted) INTx line quiet.
    blk.disable_interrupts();
    Ok(blk)
}

pub fn is_present() -> bool {
    DISK.lock().is_some()
}

/// Size of the disk in 512-byte sectors (0 without a disk).
pub fn capacity_sectors() -> u64 {
    DISK.lock().as_ref().map_or(0, |d| d.blk.capacity())
}

/// Check a transfer of `len` bytes at `sector` against the disk.
fn check_range(blk: &Blk, sector: u64, len: usize) -> Result<(), String> {
    if len == 0 || !len.is_multiple_of(SECTOR) {
        return Err(format!("buffer of {} bytes is not a whole number of sectors", len));
    }
    let count = (len / SECTOR) as u64;
    match sector.checked_add(count) {
        Some(end) if end <= blk.capacity() => Ok(()),
        _ => Err(format!("sectors {}..+{} lie beyond the disk's {}", sector, count, blk.capacity())),
    }
}

/// Read `buf.len() / 512` sectors starting at `sector`.
pub fn read_block(sector: u64, buf: &mut [u8]) -> Result<(), String> {
    let mut disk = DISK.lock();
    let disk = disk.as_mut().ok_or("no virtio disk")?;
    disk.settle();
    let blk = &mut disk.blk;
    check_range(blk, sector, buf.len())?;
    for (i, chunk) in buf.chunks_mut(MAX_SECTORS_PER_REQUEST * SECTOR).enumerate() {
        let at = sector + (i * MAX_SECTORS_PER_REQUEST) as u64;
        blk.read_blocks(at as usize, chunk).map_err(|e| format!("read of sector {}: {}", at, e))?;
    }
    Ok(())
}

/// Write `buf.len() / 512` sectors starting at `sector`, and flush.
pub fn write_block(sector: u64, buf: &[u8]) -> Result<(), String> {
    write_unflushed(sector, buf)?;
    flush()
}

/// Make every write issued so far durable (a virtio FLUSH request).
pub fn flush() -> Result<(), String> {
    let mut disk = DISK.lock();
    let disk = disk.as_mut().ok_or("no virtio disk")?;
    disk.settle();
    if let Some(e) = disk.failed.take() {
        return Err(e);
    }
    disk.blk.flush().map_err(|e| format!("flush: {}", e))
}

/// Write `buf.len() / 512` sectors starting at `sector`; durable only after
/// the next [`flush`] (the device may cache it).
pub fn write_unflushed(sector: u64, buf: &[u8]) -> Result<(), String> {
    let mut disk = DISK.lock();
    let disk = disk.as_mut().ok_or("no virtio disk")?;
    disk.settle();
    if let Some(e) = disk.failed.take() {
        return Err(e);
    }
    let blk = &mut disk.blk;
    if blk.readonly() {
        return Err(String::from("the disk is read-only"));
    }
    check_range(blk, sector, buf.len())?;
    for (i, chunk) in buf.chunks(MAX_SECTORS_PER_REQUEST * SECTOR).enumerate() {
        let at = sector + (i * MAX_SECTORS_PER_REQUEST) as u64;
        write_yielding(blk, at, chunk).map_err(|e| format!("write of sector {}: {}", at, e))?;
    }
    Ok(())
}

/// Submits a write of `buf` (at most [`MAX_WRITE_BEHIND`] bytes) at `sector`
/// and returns without waiting for it: the caller prepares the next one
/// while the device works. The write before it is completed first; its
/// buffer comes back for reuse. Durable only after [`flush`], which also
/// reports a failure of the last write.
pub fn write_behind(sector: u64, buf: Vec<u8>) -> Result<Option<Vec<u8>>, String> {
    let mut disk = DISK.lock();
    let disk = disk.as_mut().ok_or("no virtio disk")?;
    let back = disk.settle();
    if let Some(e) = disk.failed.take() {
        return Err(e);
    }
    if disk.blk.readonly() {
        return Err(String::from("the disk is read-only"));
    }
    check_range(&disk.blk, sector, buf.len())?;
    if buf.len() > MAX_WRITE_BEHIND {
        return Err(format!("a write-behind of {} bytes is over {}", buf.len(), MAX_WRITE_BEHIND));
    }
    let mut req = Box::new(BlkReq::default());
    let mut resp = Box::new(BlkResp::default());
    // SAFETY: `req`, `resp` and `buf` are heap allocations that move into
    // `disk.pending` unchanged and stay there, untouched, until `settle`
    // sees the request complete; the disk's lock orders every request.
    let token = unsafe { disk.blk.write_blocks_nb(sector as usize, &mut req, &buf, &mut resp) }
        .map_err(|e| format!("write of sector {}: {}", sector, e))?;
    disk.pending = Some(Pending { token, sector, req, resp, buf });
    Ok(back)
}

/// The largest [`write_behind`]: one device request.
pub const MAX_WRITE_BEHIND: usize = MAX_SECTORS_PER_REQUEST * SECTOR;

/// One write request; while the device works, other threads run (the
/// completion is polled, so spinning would take their time).
fn write_yielding(blk: &mut Blk, sector: u64, chunk: &[u8]) -> Result<(), virtio_drivers::Error> {
    let mut req = BlkReq::default();
    let mut resp = BlkResp::default();
    // SAFETY: `req`, `chunk` and `resp` live until the request completes
    // below and are not touched meanwhile; nothing else is queued, as the
    // disk's lock is held throughout.
    let token = unsafe { blk.write_blocks_nb(sector as usize, &mut req, chunk, &mut resp)? };
    while blk.peek_used() != Some(token) {
        crate::sched::yield_now();
    }
    // SAFETY: the same buffers as the request above, which has completed.
    unsafe { blk.complete_write_blocks(token, &req, chunk, &mut resp) }
}

// ---- self-test ----

/// Written at the start of the self-test disk by xtask (sector 0).
const TEST_DISK_MAGIC: &[u8] = b"PHANTOM-SELFTEST-DISK";
/// Sector 1 of the self-test disk is filled with this.
const TEST_DISK_FILL: u8 = 0xA5;
/// What the test writes at the start of sector 2 (xtask checks it afterwards).
const TEST_DISK_WRITTEN: &[u8] = b"PHANTOM-WROTE-THIS";

/// Read the self-test disk's known sectors, then write sector 2 and read it
/// back. Writes only when sector 0 proves this is the test disk.
pub fn selftest() -> Result<(), String> {
    let mut s0 = alloc::vec![0u8; SECTOR];
    read_block(0, &mut s0)?;
    if !s0.starts_with(TEST_DISK_MAGIC) {
        return Err(String::from("sector 0 lacks the self-test magic; not the test disk, nothing written"));
    }
    let mut s1 = alloc::vec![0u8; SECTOR];
    read_block(1, &mut s1)?;
    if !s1.iter().all(|&b| b == TEST_DISK_FILL) {
        return Err(String::from("sector 1 is not all 0xA5"));
    }

    // Two sectors into a buffer that straddles a page boundary: shared in
    // place or bounced, the bytes must be the same.
    let mut big = alloc::vec![0u8; 3 * 4096];
    let boundary = 2 * 4096 - big.as_ptr() as usize % 4096; // a page boundary inside `big`
    let straddle = boundary - SECTOR;
    read_block(0, &mut big[straddle..straddle + 2 * SECTOR])?;
    if big[straddle..straddle + SECTOR] != s0[..] || big[straddle + SECTOR..straddle + 2 * SECTOR] != s1[..] {
        return Err(String::from("a read across a page boundary differs from single-sector reads"));
    }

    let mut s2 = alloc::vec![0u8; SECTOR];
    s2[..TEST_DISK_WRITTEN.len()].copy_from_slice(TEST_DISK_WRITTEN);
    write_block(2, &s2)?;
    let mut back = alloc::vec![0xFFu8; SECTOR];
    read_block(2, &mut back)?;
    if back != s2 {
        return Err(String::from("sector 2 read back differs from what was written"));
    }
    // Out-of-range and partial-sector requests are refused, not sent.
    if read_block(capacity_sectors(), &mut back).is_ok() {
        return Err(String::from("a read past the end was accepted"));
    }
    if read_block(0, &mut back[..100]).is_ok() {
        return Err(String::from("a partial-sector read was accepted"));
    }
    Ok(())
}
