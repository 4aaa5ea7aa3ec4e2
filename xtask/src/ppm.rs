//! Just enough of the PPM (P6) format to judge a QEMU `screendump`.

use anyhow::{bail, Context, Result};

/// A decoded picture: width, height and 8-bit RGB triples.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    pub width: usize,
    pub height: usize,
    pub rgb: Vec<[u8; 3]>,
}

impl Picture {
    /// The share of pixels, 0.0 to 1.0, that are not pure black.
    pub fn non_black_fraction(&self) -> f64 {
        if self.rgb.is_empty() {
            return 0.0;
        }
        let lit = self.rgb.iter().filter(|px| **px != [0, 0, 0]).count();
        lit as f64 / self.rgb.len() as f64
    }
}

/// Parses a binary PPM: `P6`, width, height, maxval (whitespace and `#`
/// comments between them), one whitespace byte, then the samples (one byte
/// each, or two big-endian bytes when maxval > 255, scaled to 8 bits).
pub fn parse(bytes: &[u8]) -> Result<Picture> {
    let mut header = Header { bytes, pos: 0 };
    if header.token()? != b"P6" {
        bail!("not a binary PPM (P6) file");
    }
    let width = header.number().context("bad width")?;
    let height = header.number().context("bad height")?;
    let maxval = header.number().context("bad maxval")?;
    if maxval == 0 || maxval > 65535 {
        bail!("bad maxval {maxval}");
    }
    // Exactly one whitespace byte ends the header.
    let data = &bytes[header.pos + 1..];
    let sample_size = if maxval > 255 { 2 } else { 1 };
    let pixels = width.checked_mul(height).context("picture too large")?;
    let needed = pixels * 3 * sample_size;
    if data.len() < needed {
        bail!(
            "truncated PPM: {width}x{height} needs {needed} bytes of samples, has {}",
            data.len()
        );
    }
    let sample = |index: usize| -> u8 {
        let value = if sample_size == 1 {
            data[index] as usize
        } else {
            (data[2 * index] as usize) << 8 | data[2 * index + 1] as usize
        };
        (value * 255 / maxval) as u8
    };
    let rgb = (0..pixels)
        .map(|p| [sample(3 * p), sample(3 * p + 1), sample(3 * p + 2)])
        .collect();
    Ok(Picture { width, height, rgb })
}

struct Header<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Header<'a> {
    /// The next whitespace-separated token, skipping `#` comments; leaves
    /// `pos` on the byte right after it.
    fn token(&mut self) -> Result<&'a [u8]> {
        loop {
            match self.bytes.get(self.pos) {
                None => bail!("truncated PPM header"),
                Some(b'#') => {
                    while self.bytes.get(self.pos).is_some_and(|&b| b != b'\n') {
                        self.pos += 1;
                    }
                }
                Some(b) if b.is_ascii_whitespace() => self.pos += 1,
                Some(_) => break,
            }
        }
        let start = self.pos;
        while self
            .bytes
            .get(self.pos)
            .is_some_and(|b| !b.is_ascii_whitespace())
        {
            self.pos += 1;
        }
        if self.pos >= self.bytes.len() {
            bail!("truncated PPM header");
        }
        Ok(&self.bytes[start..self.pos])
    }

    fn number(&mut self) -> Result<usize> {
        let token = self.token()?;
        let text = std::str::from_utf8(token)
            .ok()
            .filter(|t| t.bytes().all(|b| b.is_ascii_digit()));
        text.and_then(|t| t.parse().ok())
            .with_context(|| format!("`{}` is not a number", String::from_utf8_lossy(token)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_small_picture() {
        let mut file = b"P6\n# made by hand\n2 2\n255\n".to_vec();
        file.extend_from_slice(&[0, 0, 0, 255, 0, 0, 0, 0, 0, 1, 2, 3]);
        let picture = parse(&file).unwrap();
        assert_eq!((picture.width, picture.height), (2, 2));
        assert_eq!(picture.rgb[1], [255, 0, 0]);
        assert_eq!(picture.rgb[3], [1, 2, 3]);
        assert_eq!(picture.non_black_fraction(), 0.5);
    }

    #[test]
    fn sample_data_may_start_with_whitespace_bytes() {
        // The first sample is 0x0A (a newline byte): only one whitespace byte
        // after maxval belongs to the header.
        let mut file = b"P6 1 1 255\n".to_vec();
        file.extend_from_slice(&[b'\n', b' ', 0]);
        assert_eq!(parse(&file).unwrap().rgb, vec![[10, 32, 0]]);
    }

    #[test]
    fn sixteen_bit_samples_are_scaled() {
        let mut file = b"P6 1 1 65535\n".to_vec();
        file.extend_from_slice(&[0xff, 0xff, 0x00, 0x00, 0x80, 0x00]);
        assert_eq!(parse(&file).unwrap().rgb, vec![[255, 0, 127]]);
    }

    #[test]
    fn rejects_bad_files() {
        assert!(parse(b"P3 1 1 255\n0 0 0").is_err());
        assert!(parse(b"P6 2 2 255\n\0\0\0").is_err());
        assert!(parse(b"P6 2").is_err());
        assert!(parse(b"P6 x 2 255\n").is_err());
        assert!(parse(b"").is_err());
    }

    #[test]
    fn all_black_is_zero() {
        let mut file = b"P6 4 1 255\n".to_vec();
        file.extend_from_slice(&[0; 12]);
        assert_eq!(parse(&file).unwrap().non_black_fraction(), 0.0);
    }
}
