//! The Bochs VBE display adapter (PCI 1234:1111: QEMU's `-vga std`, also
//! `-device bochs-display`): set a linear-framebuffer mode without firmware.
//!
//! Used when the boot loader gave no framebuffer (the PVH direct boot). The
//! adapter's "DISPI" registers are 16-bit and reached either through the I/O
//! ports 0x1CE (index) and 0x1CF (data), or, on adapters without VGA ports,
//! through BAR2 at offset 0x500. The pixels are in BAR0.

use super::fb::{Mode, PixelFormat};
use super::pci::{self, Bar};
use crate::arch::port;

const VENDOR: u16 = 0x1234;
const DEVICE: u16 = 0x1111;

const INDEX_PORT: u16 = 0x01CE;
const DATA_PORT: u16 = 0x01CF;
/// Offset of the DISPI registers in the MMIO BAR (BAR2).
const MMIO_DISPI_OFFSET: u64 = 0x500;

const REG_ID: u16 = 0;
const REG_XRES: u16 = 1;
const REG_YRES: u16 = 2;
const REG_BPP: u16 = 3;
const REG_ENABLE: u16 = 4;
const REG_VIRT_WIDTH: u16 = 6;
const REG_X_OFFSET: u16 = 8;
const REG_Y_OFFSET: u16 = 9;

/// IDs 0xB0C0..=0xB0C5; 32-bit pixels need at least 0xB0C2.
const ID_MIN_32BPP: u16 = 0xB0C2;
const ID_MAX: u16 = 0xB0C5;
const ENABLED: u16 = 0x01;
const LINEAR_FRAMEBUFFER: u16 = 0x40;

pub const WIDTH: u16 = 1024;
pub const HEIGHT: u16 = 768;
const BPP: u16 = 32;

/// How the DISPI registers are reached.
enum Registers {
    Ports,
    /// Virtual address of the first DISPI register.
    Mmio(u64),
}

impl Registers {
    fn read(&self, index: u16) -> u16 {
        match *self {
            Registers::Ports => {
                port::outw(INDEX_PORT, index);
                port::inw(DATA_PORT)
            }
            // SAFETY: `base` maps the adapter's register BAR from offset 0x500
            // (checked to hold the 0x20 bytes of DISPI registers, uncached),
            // and index < 16 stays inside them.
            Registers::Mmio(base) => unsafe {
                core::ptr::read_volatile((base + 2 * (index as u64 & 0xF)) as *const u16)
            },
        }
    }

    fn write(&self, index: u16, value: u16) {
        match *self {
            Registers::Ports => {
                port::outw(INDEX_PORT, index);
                port::outw(DATA_PORT, value);
            }
            // SAFETY: as for `read`.
            Registers::Mmio(base) => unsafe {
                core::ptr::write_volatile((base + 2 * (index as u64 & 0xF)) as *mut u16, value)
            },
        }
    }

    fn id_ok(&self) -> bool {
        (ID_MIN_32BPP..=ID_MAX).contains(&self.read(REG_ID))
    }
}

/// Find the registers: the VGA ports when they answer, else BAR2.
fn registers(dev: &pci::Device) -> Result<Registers, &'static str> {
    if Registers::Ports.id_ok() {
        return Ok(Registers::Ports);
    }
    if let Some(Bar::Memory { addr, size, .. }) = pci::read_bar(dev, 2) {
        if addr != 0 && size >= MMIO_DISPI_OFFSET + 0x20 {
            let base = crate::mem::mmio::map(addr + MMIO_DISPI_OFFSET, 0x20, false)
                .map_err(|_| "cannot map the register BAR")?;
            let regs = Registers::Mmio(base);
            if regs.id_ok() {
                return Ok(regs);
            }
        }
    }
    Err("no DISPI registers with 32-bit support")
}

/// Set 1024x768x32 on the adapter if there is one; the framebuffer's mode.
/// `Ok(None)` when the machine has no such adapter.
pub fn set_mode() -> Result<Option<Mode>, &'static str> {
    let Some(dev) = pci::find(VENDOR, &[DEVICE]) else { return Ok(None) };
    let (phys, size) = match pci::read_bar(&dev, 0) {
        Some(Bar::Memory { addr, size, .. }) if addr != 0 => (addr, size),
        _ => return Err("BAR0 (video memory) is not assigned"),
    };
    let pitch = WIDTH as u64 * (BPP as u64 / 8);
    if size < pitch * HEIGHT as u64 {
        return Err("too little video memory for 1024x768x32");
    }
    pci::enable(dev.address, pci::COMMAND_MEMORY | pci::COMMAND_IO);
    let regs = registers(&dev)?;

    // The mode registers only take effect while the adapter is disabled.
    regs.write(REG_ENABLE, 0);
    regs.write(REG_XRES, WIDTH);
    regs.write(REG_YRES, HEIGHT);
    regs.write(REG_BPP, BPP);
    regs.write(REG_VIRT_WIDTH, WIDTH);
    regs.write(REG_X_OFFSET, 0);
    regs.write(REG_Y_OFFSET, 0);
    regs.write(REG_ENABLE, ENABLED | LINEAR_FRAMEBUFFER);

    if regs.read(REG_XRES) != WIDTH || regs.read(REG_YRES) != HEIGHT || regs.read(REG_BPP) != BPP {
        return Err("the adapter refused 1024x768x32");
    }
    // The row length the adapter settled on (it may round the virtual width up).
    let pitch = regs.read(REG_VIRT_WIDTH).max(WIDTH) as u32 * (BPP as u32 / 8);
    if pitch as u64 * HEIGHT as u64 > size {
        return Err("the adapter's row length does not fit its video memory");
    }
    Ok(Some(Mode {
        phys,
        width: WIDTH as u32,
        height: HEIGHT as u32,
        pitch,
        bpp: BPP as u8,
        // 32-bit pixels are little-endian xRGB: blue in the lowest byte.
        format: PixelFormat { red_pos: 16, red_size: 8, green_pos: 8, green_size: 8, blue_pos: 0, blue_size: 8 },
    }))
}
