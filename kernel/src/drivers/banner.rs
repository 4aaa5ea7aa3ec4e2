//! The boot banner: what the screen shows until a GUI takes it over.

use super::fb::Framebuffer;
use embedded_graphics::mono_font::ascii::FONT_10X20;
use embedded_graphics::mono_font::MonoTextStyle;
use embedded_graphics::pixelcolor::Rgb888;
use embedded_graphics::prelude::{DrawTarget, OriginDimensions, Pixel, Point, Primitive, Size};
use embedded_graphics::primitives::{PrimitiveStyle, Rectangle};
use embedded_graphics::text::{Alignment, Text};
use embedded_graphics::Drawable;

const BACKGROUND: Rgb888 = Rgb888::new(0x12, 0x16, 0x24);
const TITLE: Rgb888 = Rgb888::new(0xE8, 0xEC, 0xF4);
const ACCENT: Rgb888 = Rgb888::new(0x6C, 0x8E, 0xF5);
const DETAIL: Rgb888 = Rgb888::new(0x9A, 0xA4, 0xB8);

/// Draws onto the target with every pixel blown up to a `factor`-sized
/// square: large text from a small bitmap font.
struct Scaled<'a, D> {
    target: &'a mut D,
    factor: u32,
}

impl<D: DrawTarget<Color = Rgb888> + OriginDimensions> OriginDimensions for Scaled<'_, D> {
    fn size(&self) -> Size {
        self.target.size() / self.factor
    }
}

impl<D: DrawTarget<Color = Rgb888> + OriginDimensions> DrawTarget for Scaled<'_, D> {
    type Color = Rgb888;
    type Error = D::Error;

    fn draw_iter<I>(&mut self, pixels: I) -> Result<(), Self::Error>
    where
        I: IntoIterator<Item = Pixel<Rgb888>>,
    {
        let f = self.factor;
        for Pixel(p, colour) in pixels {
            let square = Rectangle::new(p * f as i32, Size::new(f, f));
            self.target.fill_solid(&square, colour)?;
        }
        Ok(())
    }
}

/// Clear the screen and draw the name, version and screen mode.
pub fn draw(fb: &mut Framebuffer, source: &str) {
    let mode = fb.mode();
    let (w, h) = (mode.width as i32, mode.height as i32);
    let _ = fb.clear(BACKGROUND);

    let factor = if w >= 800 { 4 } else { 2 };
    let title_y = h / 2 - 20;
    {
        let mut big = Scaled { target: &mut *fb, factor };
        let style = MonoTextStyle::new(&FONT_10X20, TITLE);
        let at = Point::new(w / 2 / factor as i32, title_y / factor as i32);
        let _ = Text::with_alignment("Phantom", at, style, Alignment::Center).draw(&mut big);
    }

    let rule = Rectangle::new(Point::new(w / 2 - 160, title_y + 24), Size::new(320, 3));
    let _ = rule.into_styled(PrimitiveStyle::with_fill(ACCENT)).draw(fb);

    let small = MonoTextStyle::new(&FONT_10X20, DETAIL);
    let version = alloc::format!("version {} (x86_64) - kernel ready", env!("CARGO_PKG_VERSION"));
    let _ = Text::with_alignment(&version, Point::new(w / 2, title_y + 64), small, Alignment::Center).draw(fb);
    let screen = alloc::format!("{}x{}x{} framebuffer ({})", mode.width, mode.height, mode.bpp, source);
    let _ = Text::with_alignment(&screen, Point::new(w / 2, title_y + 92), small, Alignment::Center).draw(fb);
}
