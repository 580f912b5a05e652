//! Photos: the bytes are checked to be a JPEG, PNG or WebP image (whatever the file is called),
//! turned upright from their EXIF orientation, and resized server-side to a few widths.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder as _, ImageFormat, ImageReader, Limits};

use crate::i18n::Msg;

pub const MAX_UPLOAD_BYTES: usize = 8 * 1024 * 1024;
const MAX_SIDE: u32 = 10_000;
/// The widths served; a photo narrower than one of them is kept at its own width instead.
pub const WIDTHS: [u32; 3] = [320, 640, 1280];
const JPEG_QUALITY: u8 = 82;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendition {
    pub width: u32,
    pub height: u32,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// Checks and resizes an upload; the error says what to tell the person.
pub fn process(bytes: &[u8]) -> Result<Vec<Rendition>, Msg> {
    if bytes.is_empty() {
        return Err(Msg::ErrPhotoMissing);
    }
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(Msg::ErrPhotoTooLarge);
    }
    let format = image::guess_format(bytes).map_err(|_| Msg::ErrPhotoFormat)?;
    if !matches!(format, ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP) {
        return Err(Msg::ErrPhotoFormat);
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| Msg::ErrPhotoUnreadable)?;
    let orientation = decoder.orientation().map_err(|_| Msg::ErrPhotoUnreadable)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(|_| Msg::ErrPhotoUnreadable)?;
    image.apply_orientation(orientation);
    let image = DynamicImage::ImageRgb8(image.to_rgb8());

    let mut widths: Vec<u32> = WIDTHS.iter().map(|w| (*w).min(image.width())).collect();
    widths.dedup();
    widths
        .into_iter()
        .map(|width| {
            let resized = if width == image.width() {
                image.clone()
            } else {
                let height = ((u64::from(image.height()) * u64::from(width)) / u64::from(image.width())).max(1) as u32;
                image.resize_exact(width, height, image::imageops::FilterType::Lanczos3)
            };
            let mut out = Vec::new();
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
            resized
                .write_with_encoder(encoder)
                .map_err(|_| Msg::ErrPhotoUnreadable)?;
            Ok(Rendition {
                width,
                height: resized.height(),
                content_type: "image/jpeg",
                bytes: out,
            })
        })
        .collect()
}

/// The rendition to serve for a requested width: the smallest at least as wide, else the largest.
pub fn pick_width(available: &[u32], wanted: u32) -> Option<u32> {
    let mut sorted = available.to_vec();
    sorted.sort_unstable();
    sorted.iter().copied().find(|w| *w >= wanted).or(sorted.last().copied())
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageBuffer, Rgb};

    fn encoded(width: u32, height: u32, format: ImageFormat) -> Vec<u8> {
        let img = ImageBuffer::from_fn(width, height, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 120]));
        let mut out = Cursor::new(Vec::new());
        DynamicImage::ImageRgb8(img).write_to(&mut out, format).unwrap();
        out.into_inner()
    }

    #[test]
    fn large_photos_get_every_width_keeping_proportions() {
        let renditions = process(&encoded(2000, 1000, ImageFormat::Png)).unwrap();
        let sizes: Vec<(u32, u32)> = renditions.iter().map(|r| (r.width, r.height)).collect();
        assert_eq!(sizes, [(320, 160), (640, 320), (1280, 640)]);
        for r in &renditions {
            assert_eq!(image::guess_format(&r.bytes).unwrap(), ImageFormat::Jpeg);
        }
    }

    #[test]
    fn small_photos_are_not_enlarged() {
        let renditions = process(&encoded(400, 300, ImageFormat::Jpeg)).unwrap();
        let widths: Vec<u32> = renditions.iter().map(|r| r.width).collect();
        assert_eq!(widths, [320, 400]);
    }

    #[test]
    fn webp_is_accepted() {
        assert!(process(&encoded(50, 50, ImageFormat::WebP)).is_ok());
    }

    #[test]
    fn the_content_is_checked_not_the_name() {
        assert_eq!(process(b""), Err(Msg::ErrPhotoMissing));
        assert_eq!(process(b"%PDF-1.7 not a photo at all"), Err(Msg::ErrPhotoFormat));
        assert_eq!(process(&encoded(20, 20, ImageFormat::Gif)), Err(Msg::ErrPhotoFormat));
        let mut truncated = encoded(300, 300, ImageFormat::Png);
        truncated.truncate(100);
        assert_eq!(process(&truncated), Err(Msg::ErrPhotoUnreadable));
        assert_eq!(process(&vec![0xFF; MAX_UPLOAD_BYTES + 1]), Err(Msg::ErrPhotoTooLarge));
    }

    #[test]
    fn the_right_width_is_served() {
        assert_eq!(pick_width(&[320, 640, 1280], 600), Some(640));
        assert_eq!(pick_width(&[320, 400], 1280), Some(400));
        assert_eq!(pick_width(&[320, 640], 10), Some(320));
        assert_eq!(pick_width(&[], 10), None);
    }
}
