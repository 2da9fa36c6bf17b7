//! The badge images the fake serves in demo mode: a hexagon in a colour drawn from the
//! image's id, so each template has its own and the same id always gives the same PNG.
//!
//! Part of the fake server; depends on the `image` crate only.

use std::io::Cursor;

use image::{ImageFormat, Rgba, RgbaImage};

/// Width and height of a served image, in pixels.
const SIDE: u32 = 128;

/// The PNG for image `id`.
pub(super) fn badge_png(id: &str) -> Vec<u8> {
    let [red, green, blue] = colour_of(id);
    let centre = f64::from(SIDE) / 2.0;
    let outer = centre - 4.0;
    let inner = outer - 9.0;
    let picture = RgbaImage::from_fn(SIDE, SIDE, |x, y| {
        let dx = f64::from(x) + 0.5 - centre;
        let dy = f64::from(y) + 0.5 - centre;
        if !in_hexagon(dx, dy, outer) {
            return Rgba([0, 0, 0, 0]);
        }
        if !in_hexagon(dx, dy, inner) {
            return Rgba([250, 250, 250, 255]);
        }
        // Lighter towards the top, as if lit from above.
        let light = (0.5 - dy / (2.0 * inner)).clamp(0.0, 1.0);
        Rgba([
            shade(red, light),
            shade(green, light),
            shade(blue, light),
            255,
        ])
    });
    let mut png = Cursor::new(Vec::new());
    picture
        .write_to(&mut png, ImageFormat::Png)
        .expect("a PNG encodes into memory");
    png.into_inner()
}

/// Whether the point (`dx`, `dy`) from the centre is inside a pointy-top hexagon of
/// circumradius `radius`.
fn in_hexagon(dx: f64, dy: f64, radius: f64) -> bool {
    let (dx, dy) = (dx.abs(), dy.abs());
    dx <= radius * 3f64.sqrt() / 2.0 && dy + dx / 3f64.sqrt() <= radius
}

/// A saturated colour for `id`, the same on every run.
fn colour_of(id: &str) -> [u8; 3] {
    // FNV-1a: stable across runs and platforms, unlike the standard library's hasher.
    let hash = id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    let palette = [
        [0x1f, 0x6f, 0xb2],
        [0x2e, 0x8b, 0x57],
        [0xc0, 0x5a, 0x1c],
        [0x7b, 0x3f, 0xa0],
        [0xb2, 0x2d, 0x4a],
        [0x0f, 0x86, 0x8c],
        [0x8a, 0x6d, 0x1d],
        [0x3d, 0x4e, 0xa8],
    ];
    let index = usize::try_from(hash % palette.len() as u64).unwrap_or_default();
    palette.get(index).copied().unwrap_or([0x55, 0x55, 0x55])
}

/// `channel` lightened by up to a third as `light` goes from 0 to 1.
fn shade(channel: u8, light: f64) -> u8 {
    let lifted = f64::from(channel) + (255.0 - f64::from(channel)) * light / 3.0;
    // The value stays within 0..=255 by construction.
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "in 0..=255"
    )]
    let value = lifted.round() as u8;
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_id_gives_one_decodable_png() {
        let png = badge_png("b6b1f0a4");
        assert_eq!(png, badge_png("b6b1f0a4"), "the same id, the same bytes");
        let decoded = image::load_from_memory_with_format(&png, ImageFormat::Png).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (SIDE, SIDE));
        let corner = decoded.to_rgba8().get_pixel(0, 0).0;
        assert_eq!(corner[3], 0, "outside the hexagon is transparent");
    }
}
