//! PCI: configuration space through the legacy I/O ports, bus enumeration,
//! and the BAR and command-register helpers drivers need.
//!
//! Configuration mechanism #1: write the address of a 32-bit configuration
//! register (bus, device, function, offset) to port 0xCF8, then read or write
//! it at port 0xCFC. It reaches the first 256 bytes of every function, which
//! is all the drivers here use, and needs no ACPI MCFG table.
//!
//! Usage:
//! ```ignore
//! pci::scan();
//! for d in pci::devices() {
//!     if d.vendor == 0x1234 && d.device == 0x1111 {
//!         let bar0 = pci::read_bar(&d, 0);
//!     }
//! }
//! ```

use crate::arch::port;
use crate::sync::IrqLock;
use alloc::string::String;
use alloc::vec::Vec;

const CONFIG_ADDRESS: u16 = 0xCF8;
const CONFIG_DATA: u16 = 0xCFC;

const OFFSET_ID: u8 = 0x00;
const OFFSET_COMMAND: u8 = 0x04;
const OFFSET_CLASS: u8 = 0x08;
const OFFSET_HEADER: u8 = 0x0C;
const OFFSET_BAR0: u8 = 0x10;
const OFFSET_INTERRUPT: u8 = 0x3C;

pub const COMMAND_IO: u16 = 1 << 0;
pub const COMMAND_MEMORY: u16 = 1 << 1;
pub const COMMAND_BUS_MASTER: u16 = 1 << 2;

/// The address/data port pair is one shared register: hold this across both.
static CONFIG_LOCK: IrqLock<()> = IrqLock::new(());

/// Functions found by [`scan`].
static DEVICES: IrqLock<Vec<Device>> = IrqLock::new(Vec::new());

/// Where a function sits on the bus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Address {
    pub bus: u8,
    pub device: u8,
    pub function: u8,
}

impl core::fmt::Display for Address {
    fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
        write!(f, "{:02x}:{:02x}.{}", self.bus, self.device, self.function)
    }
}

/// One PCI function, as read at enumeration.
#[derive(Clone, Copy, Debug)]
pub struct Device {
    pub address: Address,
    pub vendor: u16,
    pub device: u16,
    pub class: u8,
    pub subclass: u8,
    /// Header layout (0 normal, 1 PCI-to-PCI bridge, 2 CardBus), without the
    /// multi-function bit.
    pub header_type: u8,
    /// INTx pin (1 = INTA .. 4 = INTD, 0 = none) and the line firmware routed it to.
    pub interrupt_pin: u8,
    pub interrupt_line: u8,
}

impl Device {
    /// A short human name: the exact device when known, else its class.
    pub fn name(&self) -> &'static str {
        known_name(self.vendor, self.device).unwrap_or_else(|| class_name(self.class, self.subclass))
    }
}

/// A decoded base address register.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bar {
    Memory { addr: u64, size: u64, prefetchable: bool, is_64bit: bool },
    Io { port: u16, size: u32 },
}

fn config_address(a: Address, offset: u8) -> u32 {
    0x8000_0000
        | (a.bus as u32) << 16
        | ((a.device & 0x1F) as u32) << 11
        | ((a.function & 0x7) as u32) << 8
        | (offset & 0xFC) as u32
}

/// Read the 32-bit register at `offset` (rounded down to a multiple of 4).
pub fn read32(a: Address, offset: u8) -> u32 {
    let _g = CONFIG_LOCK.lock();
    port::outl(CONFIG_ADDRESS, config_address(a, offset));
    port::inl(CONFIG_DATA)
}

/// Write the 32-bit register at `offset` (rounded down to a multiple of 4).
pub fn write32(a: Address, offset: u8, value: u32) {
    let _g = CONFIG_LOCK.lock();
    port::outl(CONFIG_ADDRESS, config_address(a, offset));
    port::outl(CONFIG_DATA, value);
}

pub fn read16(a: Address, offset: u8) -> u16 {
    (read32(a, offset) >> ((offset & 2) * 8)) as u16
}

/// Write the command register (low half of 0x04) without touching the status
/// half: status bits are write-one-to-clear, so writing zeros leaves them.
pub fn write_command(a: Address, command: u16) {
    write32(a, OFFSET_COMMAND, command as u32);
}

pub fn command(a: Address) -> u16 {
    read16(a, OFFSET_COMMAND)
}

/// Turn on the given command bits (e.g. memory decoding and bus mastering).
pub fn enable(a: Address, bits: u16) {
    let c = command(a);
    if c & bits != bits {
        write_command(a, c | bits);
    }
}

/// Read function `a`'s identity, or None when nothing answers there.
fn probe(a: Address) -> Option<Device> {
    let id = read32(a, OFFSET_ID);
    let vendor = id as u16;
    if vendor == 0xFFFF || vendor == 0 {
        return None;
    }
    let class = read32(a, OFFSET_CLASS);
    let header = read32(a, OFFSET_HEADER);
    let interrupt = read32(a, OFFSET_INTERRUPT);
    Some(Device {
        address: a,
        vendor,
        device: (id >> 16) as u16,
        class: (class >> 24) as u8,
        subclass: (class >> 16) as u8,
        header_type: (header >> 16) as u8 & 0x7F,
        interrupt_pin: (interrupt >> 8) as u8,
        interrupt_line: interrupt as u8,
    })
}

/// Whether function 0 of a device says it has functions 1..7 too.
fn is_multifunction(a: Address) -> bool {
    (read32(a, OFFSET_HEADER) >> 16) & 0x80 != 0
}

/// Walk every bus, device and function; log and remember what answers.
///
/// A brute-force walk of all 256 buses is simple and finds devices behind
/// bridges without following bridge bus numbers; it costs 8192 reads.
pub fn scan() {
    let mut found = Vec::new();
    for bus in 0..=255u8 {
        for device in 0..32u8 {
            let f0 = Address { bus, device, function: 0 };
            let Some(d) = probe(f0) else { continue };
            found.push(d);
            if is_multifunction(f0) {
                for function in 1..8u8 {
                    if let Some(d) = probe(Address { bus, device, function }) {
                        found.push(d);
                    }
                }
            }
        }
    }
    for d in &found {
        log::info!("pci: {}", describe(d));
    }
    *DEVICES.lock() = found;
}

/// All functions found by [`scan`].
pub fn devices() -> Vec<Device> {
    DEVICES.lock().clone()
}

/// The first function with this vendor and one of these device IDs.
pub fn find(vendor: u16, device_ids: &[u16]) -> Option<Device> {
    DEVICES.lock().iter().find(|d| d.vendor == vendor && device_ids.contains(&d.device)).copied()
}

/// `00:02.0 1234:1111 class 03.00 Bochs VGA`
pub fn describe(d: &Device) -> String {
    let mut s = alloc::format!(
        "{} {:04x}:{:04x} class {:02x}.{:02x} {}",
        d.address,
        d.vendor,
        d.device,
        d.class,
        d.subclass,
        d.name()
    );
    if d.interrupt_pin != 0 {
        s.push_str(&alloc::format!(" (INT{} irq {})", (b'A' + d.interrupt_pin.min(4) - 1) as char, d.interrupt_line));
    }
    s
}

/// Decode BAR `index` (0..=5), sizing it by the write-all-ones probe.
///
/// Returns None for an unimplemented BAR, for the upper half of a 64-bit
/// BAR, and for a bridge's BARs beyond its two. Decoding is switched off while
/// the BAR holds the probe pattern, so the device never answers at a bogus
/// address.
pub fn read_bar(d: &Device, index: u8) -> Option<Bar> {
    let max_bars = match d.header_type {
        0 => 6,
        1 => 2,
        _ => 0,
    };
    if index >= max_bars {
        return None;
    }
    let a = d.address;
    let offset = OFFSET_BAR0 + 4 * index;
    let original = read32(a, offset);
    let is_io = original & 1 != 0;
    let is_64bit = !is_io && (original >> 1) & 3 == 2;
    if is_64bit && index + 1 >= max_bars {
        return None;
    }

    let saved_command = command(a);
    write_command(a, saved_command & !(COMMAND_IO | COMMAND_MEMORY));
    write32(a, offset, 0xFFFF_FFFF);
    let mask_low = read32(a, offset);
    write32(a, offset, original);
    let (original_high, mask_high) = if is_64bit {
        let high = read32(a, offset + 4);
        write32(a, offset + 4, 0xFFFF_FFFF);
        let mask = read32(a, offset + 4);
        write32(a, offset + 4, high);
        (high, mask)
    } else {
        (0, 0)
    };
    write_command(a, saved_command);

    if is_io {
        let mask = mask_low & !0x3;
        // The upper 16 bits may read back as zero on devices that decode
        // only 16-bit port numbers.
        let size = (!(mask | 0xFFFF_0000)).wrapping_add(1) & 0xFFFF;
        if mask == 0 || size == 0 {
            return None;
        }
        return Some(Bar::Io { port: (original & !0x3) as u16, size });
    }
    let mask = if is_64bit {
        (mask_high as u64) << 32 | (mask_low & !0xF) as u64
    } else {
        0xFFFF_FFFF_0000_0000 | (mask_low & !0xF) as u64
    };
    if mask_low & !0xF == 0 && mask_high == 0 {
        return None;
    }
    let size = (!mask).wrapping_add(1);
    let addr = (original_high as u64) << 32 | (original & !0xF) as u64;
    Some(Bar::Memory { addr, size, prefetchable: original & 0x8 != 0, is_64bit })
}

/// Every implemented BAR of `d` with its index.
pub fn bars(d: &Device) -> Vec<(u8, Bar)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < 6 {
        match read_bar(d, i) {
            Some(b @ Bar::Memory { is_64bit: true, .. }) => {
                out.push((i, b));
                i += 2;
            }
            Some(b) => {
                out.push((i, b));
                i += 1;
            }
            None => i += 1,
        }
    }
    out
}

fn known_name(vendor: u16, device: u16) -> Option<&'static str> {
    Some(match (vendor, device) {
        (0x8086, 0x29C0) => "Q35 host bridge",
        (0x8086, 0x1237) => "i440FX host bridge",
        (0x8086, 0x2918) => "ICH9 LPC bridge",
        (0x8086, 0x2922) => "ICH9 AHCI controller",
        (0x8086, 0x2930) => "ICH9 SMBus controller",
        (0x8086, 0x7000) => "PIIX3 ISA bridge",
        (0x8086, 0x7010) => "PIIX3 IDE controller",
        (0x8086, 0x7113) => "PIIX4 ACPI",
        (0x8086, 0x100E) => "e1000 network",
        (0x8086, 0x10D3) => "e1000e network",
        (0x1234, 0x1111) => "Bochs VGA",
        (0x1B36, 0x000D) => "QEMU XHCI controller",
        (0x1B36, 0x0001) => "QEMU PCI bridge",
        (0x1B36, 0x000C) => "QEMU PCIe root port",
        (0x1AF4, 0x1000 | 0x1041) => "virtio-net",
        (0x1AF4, 0x1001 | 0x1042) => "virtio-blk",
        (0x1AF4, 0x1002 | 0x1045) => "virtio-balloon",
        (0x1AF4, 0x1003 | 0x1043) => "virtio-console",
        (0x1AF4, 0x1005 | 0x1044) => "virtio-rng",
        (0x1AF4, 0x1050) => "virtio-gpu",
        (0x1AF4, 0x1052) => "virtio-input",
        _ => return None,
    })
}

fn class_name(class: u8, subclass: u8) -> &'static str {
    match (class, subclass) {
        (0x01, 0x01) => "IDE controller",
        (0x01, 0x06) => "SATA controller",
        (0x01, 0x08) => "NVMe controller",
        (0x01, _) => "storage controller",
        (0x02, _) => "network controller",
        (0x03, _) => "display controller",
        (0x04, _) => "multimedia controller",
        (0x05, _) => "memory controller",
        (0x06, 0x00) => "host bridge",
        (0x06, 0x01) => "ISA bridge",
        (0x06, 0x04) => "PCI bridge",
        (0x06, _) => "bridge",
        (0x07, _) => "communication controller",
        (0x08, _) => "system peripheral",
        (0x09, _) => "input controller",
        (0x0C, 0x03) => "USB controller",
        (0x0C, 0x05) => "SMBus controller",
        (0x0C, _) => "serial bus controller",
        _ => "device",
    }
}
