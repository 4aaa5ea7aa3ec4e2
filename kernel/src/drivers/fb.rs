//! The linear framebuffer: a mapped block of pixels and an embedded-graphics
//! `DrawTarget` over it.
//!
//! It comes from the boot loader (GRUB's Multiboot2 framebuffer tag) or from
//! the Bochs VBE display adapter (see [`super::bochs_vbe`]). Pixels of 16, 24
//! or 32 bits are packed from `Rgb888` using the colour positions the source
//! reported, so any channel order works. The framebuffer lives in a static;
//! [`with_framebuffer`] lends it out, so the GUI can take it over later. The
//! lock is a sleeping one: threads only, never an interrupt handler.
//!
//! Usage:
//! ```ignore
//! fb::with_framebuffer(|fb| fb.clear(Rgb888::BLACK));
//! ```

use crate::sched::sync::Mutex;
use embedded_graphics::pixelcolor::{Rgb888, RgbColor};
use embedded_graphics::prelude::{DrawTarget, OriginDimensions, Pixel, Point, Size};
use embedded_graphics::primitives::Rectangle;

/// Where each colour channel sits in a pixel, from bit 0.
#[derive(Clone, Copy, Debug)]
pub struct PixelFormat {
    pub red_pos: u8,
    pub red_size: u8,
    pub green_pos: u8,
    pub green_size: u8,
    pub blue_pos: u8,
    pub blue_size: u8,
}

/// A framebuffer's geometry, as a boot loader or adapter describes it.
#[derive(Clone, Copy, Debug)]
pub struct Mode {
    pub phys: u64,
    pub width: u32,
    pub height: u32,
    /// Bytes from one row to the next.
    pub pitch: u32,
    pub bpp: u8,
    pub format: PixelFormat,
}

impl Mode {
    /// Refuse geometry the drawing code cannot honour safely.
    fn check(&self) -> Result<(), &'static str> {
        if !matches!(self.bpp, 16 | 24 | 32) {
            return Err("only 16, 24 and 32 bits per pixel are supported");
        }
        if self.width == 0 || self.height == 0 || self.width > 16384 || self.height > 16384 {
            return Err("implausible size");
        }
        if (self.pitch as u64) < self.width as u64 * (self.bpp as u64 / 8) {
            return Err("pitch shorter than a row");
        }
        // 16- and 32-bit pixels are written as whole words, which must be aligned.
        let align = if self.bpp == 24 { 1 } else { self.bpp as u64 / 8 };
        if !self.phys.is_multiple_of(align) || !(self.pitch as u64).is_multiple_of(align) {
            return Err("pixels not aligned to their size");
        }
        let f = &self.format;
        for (pos, size) in [(f.red_pos, f.red_size), (f.green_pos, f.green_size), (f.blue_pos, f.blue_size)] {
            if size == 0 || size > 8 || pos as u32 + size as u32 > self.bpp as u32 {
                return Err("colour channel outside the pixel");
            }
        }
        Ok(())
    }

    pub fn len(&self) -> u64 {
        self.pitch as u64 * self.height as u64
    }
}

pub struct Framebuffer {
    mode: Mode,
    /// Virtual address of the mapped pixels: `mode.len()` writable bytes.
    base: u64,
    bytes_per_pixel: usize,
}

static FRAMEBUFFER: Mutex<Option<Framebuffer>> = Mutex::new(None);

/// Map the framebuffer described by `mode` and make it the screen.
pub fn install(mode: Mode) -> Result<(), &'static str> {
    mode.check()?;
    let base = crate::mem::mmio::map(mode.phys, mode.len(), true).map_err(|_| "cannot map the framebuffer")?;
    let fb = Framebuffer { mode, base, bytes_per_pixel: mode.bpp as usize / 8 };
    *FRAMEBUFFER.lock() = Some(fb);
    Ok(())
}

/// Run `f` with the framebuffer, if there is one.
pub fn with_framebuffer<R>(f: impl FnOnce(&mut Framebuffer) -> R) -> Option<R> {
    FRAMEBUFFER.lock().as_mut().map(f)
}

impl Framebuffer {
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// `colour` as the bytes of one pixel, in a little-endian word.
    fn pack(&self, colour: Rgb888) -> u32 {
        let f = &self.mode.format;
        let channel = |value: u8, pos: u8, size: u8| ((value >> (8 - size)) as u32) << pos;
        channel(colour.r(), f.red_pos, f.red_size)
            | channel(colour.g(), f.green_pos, f.green_size)
            | channel(colour.b(), f.blue_pos, f.blue_size)
    }

    /// Write a packed pixel at (x, y). Callers keep x < width and y < height.
    fn put(&mut self, x: u32, y: u32, pixel: u32) {
        debug_assert!(x < self.mode.width && y < self.mode.height);
        let offset = y as u64 * self.mode.pitch as u64 + x as u64 * self.bytes_per_pixel as u64;
        let p = (self.base + offset) as *mut u8;
        // SAFETY: x < width and y < height, and `Mode::check` made sure a row of
        // `width` pixels fits in `pitch`, so the pixel's bytes lie inside the
        // `pitch * height` bytes mapped writable at `base`. For 16 and 32 bits
        // the base and pitch are multiples of the pixel size (also checked), so
        // the word write is aligned. Volatile: this is the display's memory.
        unsafe {
            match self.bytes_per_pixel {
                4 => core::ptr::write_volatile(p as *mut u32, pixel),
                2 => core::ptr::write_volatile(p as *mut u16, pixel as u16),
                _ => {
                    core::ptr::write_volatile(p, pixel as u8);
                    core::ptr::write_volatile(p.add(1), (pixel >> 8) as u8);
                    core::ptr::write_volatile(p.add(2), (pixel >> 16) as u8);
                }
            }
        }
    }

    /// The part of `area` on the screen, as (x0, y0, x1, y1) exclusive, or
    /// None when nothing of it is.
    fn clip(&self, area: &Rectangle) -> Option<(u32, u32, u32, u32)> {
        let r = area.intersection(&Rectangle::new(Point::zero(), self.size()));
        let br = r.bottom_right()?;
        Some((r.top_left.x as u32, r.top_left.y as u32, br.x as u32 + 1, br.y as u32 + 1))
    }
}

impl OriginDimensions for Framebuffer {
    fn size(&self) -> Size {
        Size::new(self.mode.width, self.mode.height)
    }
}

impl DrawTarget for Framebuffer {
    type Color = Rgb888;
    type Error = core::convert::Infallible;

    fn draw_iter<I>(&mut self, pixels: I) -> Result<(), Self::Error>
    where
        I: IntoIterator<Item = Pixel<Rgb888>>,
    {
        let (w, h) = (self.mode.width as i32, self.mode.height as i32);
        for Pixel(p, colour) in pixels {
            if (0..w).contains(&p.x) && (0..h).contains(&p.y) {
                let packed = self.pack(colour);
                self.put(p.x as u32, p.y as u32, packed);
            }
        }
        Ok(())
    }

    fn fill_contiguous<I>(&mut self, area: &Rectangle, colours: I) -> Result<(), Self::Error>
    where
        I: IntoIterator<Item = Rgb888>,
    {
        // Colours come row by row over the whole area; the clipped parts are
        // consumed and dropped.
        let Some((x0, y0, x1, y1)) = self.clip(area) else { return Ok(()) };
        let mut colours = colours.into_iter();
        let (ax, ay) = (area.top_left.x, area.top_left.y);
        for y in ay..ay + area.size.height as i32 {
            for x in ax..ax + area.size.width as i32 {
                let Some(colour) = colours.next() else { return Ok(()) };
                let inside = x >= x0 as i32 && x < x1 as i32 && y >= y0 as i32 && y < y1 as i32;
                if inside {
                    let packed = self.pack(colour);
                    self.put(x as u32, y as u32, packed);
                }
            }
        }
        Ok(())
    }

    fn fill_solid(&mut self, area: &Rectangle, colour: Rgb888) -> Result<(), Self::Error> {
        let Some((x0, y0, x1, y1)) = self.clip(area) else { return Ok(()) };
        let packed = self.pack(colour);
        for y in y0..y1 {
            for x in x0..x1 {
                self.put(x, y, packed);
            }
        }
        Ok(())
    }

    fn clear(&mut self, colour: Rgb888) -> Result<(), Self::Error> {
        self.fill_solid(&Rectangle::new(Point::zero(), self.size()), colour)
    }
}
