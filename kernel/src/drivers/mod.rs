//! Device drivers: PCI enumeration, virtio-blk, the PS/2 keyboard and the
//! boot framebuffer.

use phantom_bootinfo::BootInfo;

/// Find and start the devices.
pub fn init(_bi: &BootInfo) {}

/// One line per PCI function, for the console's `lspci`.
pub fn lspci() -> alloc::vec::Vec<alloc::string::String> {
    alloc::vec::Vec::new()
}

/// Driver self-tests, run by the `selftest` boot.
#[allow(clippy::type_complexity)]
pub fn selftests() -> alloc::vec::Vec<(&'static str, alloc::boxed::Box<dyn Fn() -> Result<(), alloc::string::String>>)> {
    alloc::vec::Vec::new()
}
