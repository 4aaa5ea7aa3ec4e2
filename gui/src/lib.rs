//! Phantom's windowing GUI: compositor, window manager, input (pc-keyboard, mouse),
//! fonts and a terminal emulator, drawn with embedded-graphics.
//!
//! Nothing of it exists yet; the kernel maps the boot framebuffer and draws its
//! banner on it (see `kernel/src/drivers/fb.rs` and `banner.rs`).
#![no_std]
#![deny(unsafe_code)]
