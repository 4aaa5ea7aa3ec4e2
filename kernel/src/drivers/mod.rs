//! Device drivers: PCI enumeration, virtio-blk, the PS/2 keyboard and the
//! boot framebuffer.
//!
//! [`init`] runs once, with interrupts on: it walks the PCI bus, then starts
//! each driver. A device that is missing or misbehaves costs a log line and
//! its driver, never the boot.
//!
//! Where to read: `pci.rs` (configuration space, BARs), `virtio_blk.rs` with
//! `virtio_hal.rs` (the disk through the `virtio-drivers` crate),
//! `keyboard.rs` (i8042 and IRQ 1), `fb.rs` (pixels and the embedded-graphics
//! target), `bochs_vbe.rs` (mode setting without firmware), `banner.rs`.

mod banner;
mod bochs_vbe;
pub mod fb;
mod keyboard;
pub mod pci;
pub mod virtio_blk;
mod virtio_hal;

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use phantom_bootinfo::BootInfo;

pub use fb::with_framebuffer;

/// Find and start the devices.
pub fn init(bi: &BootInfo) {
    pci::scan();
    init_framebuffer(bi);
    keyboard::init();
    virtio_blk::init();
}

/// The boot loader's framebuffer when there is one, else a mode set on the
/// Bochs adapter; then the banner.
fn init_framebuffer(bi: &BootInfo) {
    let (mode, source) = match bi.framebuffer {
        Some(f) => {
            let format = fb::PixelFormat {
                red_pos: f.red_pos,
                red_size: f.red_size,
                green_pos: f.green_pos,
                green_size: f.green_size,
                blue_pos: f.blue_pos,
                blue_size: f.blue_size,
            };
            let mode =
                fb::Mode { phys: f.addr, width: f.width, height: f.height, pitch: f.pitch, bpp: f.bpp, format };
            (mode, "boot loader")
        }
        None => match bochs_vbe::set_mode() {
            Ok(Some(mode)) => (mode, "Bochs VBE"),
            Ok(None) => {
                log::info!("framebuffer: none (no boot loader framebuffer, no Bochs VBE adapter)");
                return;
            }
            Err(e) => {
                log::warn!("framebuffer: Bochs VBE: {}; no framebuffer", e);
                return;
            }
        },
    };
    if let Err(e) = fb::install(mode) {
        log::warn!(
            "framebuffer: {}x{}x{} at {:#x} from the {} refused: {}",
            mode.width,
            mode.height,
            mode.bpp,
            mode.phys,
            source,
            e
        );
        return;
    }
    with_framebuffer(|f| banner::draw(f, source));
    log::info!("framebuffer: {}x{}x{} at {:#x} ({})", mode.width, mode.height, mode.bpp, mode.phys, source);
}

/// One line per PCI function, for the console's `lspci`.
pub fn lspci() -> Vec<String> {
    pci::devices().iter().map(pci::describe).collect()
}

/// Driver self-tests, run by the `selftest` boot. The disk test exists only
/// when a disk is attached.
#[allow(clippy::type_complexity)]
pub fn selftests() -> Vec<(&'static str, Box<dyn Fn() -> Result<(), String>>)> {
    let mut tests: Vec<(&'static str, Box<dyn Fn() -> Result<(), String>>)> = Vec::new();
    if virtio_blk::is_present() {
        tests.push(("virtio_blk", Box::new(virtio_blk::selftest)));
    }
    tests
}
