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
/// libwebp's quality scale; 78 looks like the JPEG at 82 for about a third fewer bytes.
const WEBP_QUALITY: f32 = 78.0;
pub const JPEG: &str = "image/jpeg";
pub const WEBP: &str = "image/webp";

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
    let mut renditions = Vec::with_capacity(widths.len() * 2);
    for width in widths {
        let resized = if width == image.width() {
            image.clone()
        } else {
            let height = ((u64::from(image.height()) * u64::from(width)) / u64::from(image.width())).max(1) as u32;
            image.resize_exact(width, height, image::imageops::FilterType::Lanczos3)
        };
        let mut jpeg = Vec::new();
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, JPEG_QUALITY);
        resized
            .write_with_encoder(encoder)
            .map_err(|_| Msg::ErrPhotoUnreadable)?;
        // Lossy WebP (libwebp): the `image` crate only encodes lossless WebP, larger than JPEG.
        let rgb = resized.to_rgb8();
        let webp = webp::Encoder::from_rgb(rgb.as_raw(), rgb.width(), rgb.height())
            .encode(WEBP_QUALITY)
            .to_vec();
        renditions.push(Rendition {
            width,
            height: resized.height(),
            content_type: JPEG,
            bytes: jpeg,
        });
        renditions.push(Rendition {
            width,
            height: resized.height(),
            content_type: WEBP,
            bytes: webp,
        });
    }
    Ok(renditions)
}

/// Whether a browser's `Accept` header takes WebP images (every current browser says so).
pub fn accepts_webp(accept: &str) -> bool {
    accept
        .split(',')
        .filter_map(|part| {
            let mut fields = part.split(';').map(str::trim);
            let kind = fields.next()?;
            let refused = fields.any(|f| f.replace(' ', "") == "q=0");
            Some((kind, refused))
        })
        .any(|(kind, refused)| kind.eq_ignore_ascii_case(WEBP) && !refused)
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
        let sizes: Vec<(u32, u32, &str)> = renditions.iter().map(|r| (r.width, r.height, r.content_type)).collect();
        assert_eq!(
            sizes,
            [
                (320, 160, JPEG),
                (320, 160, WEBP),
                (640, 320, JPEG),
                (640, 320, WEBP),
                (1280, 640, JPEG),
                (1280, 640, WEBP)
            ]
        );
        for r in &renditions {
            let format = if r.content_type == JPEG {
                ImageFormat::Jpeg
            } else {
                ImageFormat::WebP
            };
            assert_eq!(image::guess_format(&r.bytes).unwrap(), format);
            let decoded = image::load_from_memory_with_format(&r.bytes, format).unwrap();
            assert_eq!((decoded.width(), decoded.height()), (r.width, r.height));
        }
    }

    #[test]
    fn webp_is_smaller_than_jpeg_for_a_photo_like_image() {
        // Smooth gradients with a little noise, like a photo rather than a flat drawing.
        let img = ImageBuffer::from_fn(1280, 960, |x, y| {
            let n = ((x * 7919 + y * 104_729) % 23) as u8;
            Rgb([
                ((x / 5) % 256) as u8 ^ n,
                ((y / 4) % 256) as u8,
                (((x + y) / 9) % 256) as u8,
            ])
        });
        let mut png = Cursor::new(Vec::new());
        DynamicImage::ImageRgb8(img)
            .write_to(&mut png, ImageFormat::Png)
            .unwrap();
        let renditions = process(&png.into_inner()).unwrap();
        for pair in renditions.chunks(2) {
            assert_eq!((pair[0].content_type, pair[1].content_type), (JPEG, WEBP));
            assert!(pair[1].bytes.len() < pair[0].bytes.len(), "width {}", pair[0].width);
        }
    }

    #[test]
    fn browsers_that_take_webp_are_recognised() {
        assert!(accepts_webp(
            "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8"
        ));
        assert!(accepts_webp("image/WebP;q=0.9"));
        assert!(!accepts_webp("image/png,image/*;q=0.8,*/*;q=0.5"));
        assert!(!accepts_webp("image/webp;q=0, image/jpeg"));
        assert!(!accepts_webp(""));
    }

    #[test]
    fn small_photos_are_not_enlarged() {
        let renditions = process(&encoded(400, 300, ImageFormat::Jpeg)).unwrap();
        let widths: Vec<u32> = renditions.iter().map(|r| r.width).collect();
        assert_eq!(widths, [320, 320, 400, 400]);
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
