//! Photos: the bytes are checked to be a JPEG, PNG or WebP image (whatever the file is called),
//! turned upright from their EXIF orientation, and resized server-side to a few widths.
//!
//! A small file can claim a huge picture (a 389 KB PNG of 10,000 × 10,000 pixels decodes to
//! hundreds of megabytes): the dimensions are read from the header first and refused above
//! [`MAX_PIXELS`], the decoder's allocations are capped, the decoded picture is first brought
//! down to twice the largest width by a fast area average before the fine filter, and only
//! [`PARALLEL`] photos are processed at once.

use std::io::Cursor;
use std::sync::atomic::{AtomicUsize, Ordering};

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder as _, ImageFormat, ImageReader, Limits};
use tokio::sync::Semaphore;

use crate::i18n::Msg;

pub const MAX_UPLOAD_BYTES: usize = 8 * 1024 * 1024;
/// The most pixels a photo may have: 40 megapixels, more than phones save by default.
pub const MAX_PIXELS: u64 = 40_000_000;
/// The longest side accepted (a panorama), whatever the pixel count.
const MAX_SIDE: u32 = 12_000;
/// What the decoder may allocate: the largest photo with four bytes a pixel, and some room.
const MAX_DECODE_BYTES: u64 = 4 * MAX_PIXELS + 16 * 1024 * 1024;
/// The widths served; a photo narrower than one of them is kept at its own width instead.
pub const WIDTHS: [u32; 3] = [320, 640, 1280];
/// The fine filter starts from at most this many pixels across: twice the largest width.
const WORKING_SIDE: u32 = 2 * WIDTHS[2];
const JPEG_QUALITY: u8 = 82;
/// Photos processed at the same time; the others wait their turn.
pub const PARALLEL: usize = 2;

static TURNS: Semaphore = Semaphore::const_new(PARALLEL);
static ACTIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
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

/// Checks and resizes an upload on the blocking pool, [`PARALLEL`] at a time at most.
pub async fn process_in_turn(bytes: Vec<u8>) -> Result<Vec<Rendition>, Msg> {
    let turn = TURNS.acquire().await.map_err(|_| Msg::ErrInternal)?;
    // The turn moves into the blocking task: if the request is dropped meanwhile, the work
    // still counts until it ends.
    tokio::task::spawn_blocking(move || {
        let _turn = turn;
        let now = ACTIVE.fetch_add(1, Ordering::SeqCst) + 1;
        PEAK.fetch_max(now, Ordering::SeqCst);
        let result = process(&bytes);
        ACTIVE.fetch_sub(1, Ordering::SeqCst);
        result
    })
    .await
    .unwrap_or(Err(Msg::ErrPhotoUnreadable))
}

/// The most photos [`process_in_turn`] has had under way at once since the process started.
pub fn peak_in_progress() -> usize {
    PEAK.load(Ordering::SeqCst)
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
    // The header alone says how big the picture is: refuse before decoding anything.
    let (width, height) = ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|_| Msg::ErrPhotoUnreadable)?;
    if width == 0 || height == 0 {
        return Err(Msg::ErrPhotoUnreadable);
    }
    if u64::from(width) * u64::from(height) > MAX_PIXELS || width.max(height) > MAX_SIDE {
        return Err(Msg::ErrPhotoTooManyPixels);
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| Msg::ErrPhotoUnreadable)?;
    let orientation = decoder.orientation().map_err(|_| Msg::ErrPhotoUnreadable)?;
    let decoded = DynamicImage::from_decoder(decoder).map_err(|_| Msg::ErrPhotoUnreadable)?;
    // A fast area average first (each pixel read once), so that the fine filter, whose cost
    // grows with the reduction, starts from at most WORKING_SIDE pixels across, whatever the
    // photo's size. Across as it will be shown, once turned upright.
    let turned = matches!(
        orientation,
        Orientation::Rotate90 | Orientation::Rotate270 | Orientation::Rotate90FlipH | Orientation::Rotate270FlipH
    );
    let across = if turned { decoded.height() } else { decoded.width() };
    let mut image = if across > WORKING_SIDE {
        let scaled = |side: u32| ((u64::from(side) * u64::from(WORKING_SIDE)) / u64::from(across)).max(1) as u32;
        decoded.thumbnail_exact(scaled(decoded.width()), scaled(decoded.height()))
    } else {
        decoded
    };
    image.apply_orientation(orientation);
    let image = DynamicImage::ImageRgb8(image.to_rgb8());

    let mut widths: Vec<u32> = WIDTHS.iter().map(|w| (*w).min(image.width())).collect();
    widths.dedup();
    // Largest first, each from the one before: every step halves the picture at most.
    let mut source = image;
    let mut by_width = Vec::with_capacity(widths.len());
    for width in widths.into_iter().rev() {
        if width != source.width() {
            let height = ((u64::from(source.height()) * u64::from(width)) / u64::from(source.width())).max(1) as u32;
            source = source.resize_exact(width, height, image::imageops::FilterType::Lanczos3);
        }
        let mut jpeg = Vec::new();
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, JPEG_QUALITY);
        source
            .write_with_encoder(encoder)
            .map_err(|_| Msg::ErrPhotoUnreadable)?;
        // Lossy WebP (libwebp): the `image` crate only encodes lossless WebP, larger than JPEG.
        let rgb = source.to_rgb8();
        let webp = webp::Encoder::from_rgb(rgb.as_raw(), rgb.width(), rgb.height())
            .encode(WEBP_QUALITY)
            .to_vec();
        by_width.push([
            Rendition {
                width,
                height: source.height(),
                content_type: JPEG,
                bytes: jpeg,
            },
            Rendition {
                width,
                height: source.height(),
                content_type: WEBP,
                bytes: webp,
            },
        ]);
    }
    Ok(by_width.into_iter().rev().flatten().collect())
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

    /// A PNG of `side` × `side` black pixels at one bit a pixel: a few kilobytes of file for
    /// a picture of hundreds of megabytes once decoded.
    fn bomb(side: u32) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, side, side);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::One);
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder.write_header().unwrap();
        writer
            .write_image_data(&vec![0u8; (side as usize).div_ceil(8) * side as usize])
            .unwrap();
        writer.finish().unwrap();
        out
    }

    #[test]
    fn an_image_bomb_is_refused_from_its_header_without_decoding() {
        let file = bomb(10_000);
        assert!(file.len() < MAX_UPLOAD_BYTES, "{} bytes", file.len());
        let started = std::time::Instant::now();
        assert_eq!(process(&file), Err(Msg::ErrPhotoTooManyPixels));
        assert!(
            started.elapsed() < std::time::Duration::from_secs(1),
            "refused in {:?}",
            started.elapsed()
        );
        // A long side alone is refused too, however few pixels it has.
        assert_eq!(
            process(&encoded(MAX_SIDE + 1, 2, ImageFormat::Png)),
            Err(Msg::ErrPhotoTooManyPixels)
        );
    }

    #[test]
    fn a_large_photo_is_resized_from_a_reduced_copy_keeping_proportions() {
        let renditions = process(&encoded(3000, 2000, ImageFormat::Png)).unwrap();
        let jpeg = |r: &&Rendition| r.content_type == JPEG;
        let sizes: Vec<(u32, u32)> = renditions.iter().filter(jpeg).map(|r| (r.width, r.height)).collect();
        assert_eq!(sizes, [(320, 213), (640, 426), (1280, 853)]);
        // A tall panorama keeps its width.
        let tall = process(&encoded(900, 5000, ImageFormat::Png)).unwrap();
        let widths: Vec<u32> = tall.iter().filter(jpeg).map(|r| r.width).collect();
        assert_eq!(widths, [320, 640, 900]);
    }

    #[test]
    fn only_a_few_photos_are_processed_at_once() {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(4)
            .enable_all()
            .build()
            .unwrap();
        let photo = encoded(1000, 750, ImageFormat::Png);
        let results = runtime.block_on(async {
            let tasks: Vec<_> = (0..6).map(|_| tokio::spawn(process_in_turn(photo.clone()))).collect();
            let mut results = Vec::new();
            for t in tasks {
                results.push(t.await.unwrap());
            }
            results
        });
        assert!(results.iter().all(Result::is_ok));
        let peak = peak_in_progress();
        assert!((1..=PARALLEL).contains(&peak), "{peak} photos were processed at once");
    }

    #[test]
    fn the_right_width_is_served() {
        assert_eq!(pick_width(&[320, 640, 1280], 600), Some(640));
        assert_eq!(pick_width(&[320, 400], 1280), Some(400));
        assert_eq!(pick_width(&[320, 640], 10), Some(320));
        assert_eq!(pick_width(&[], 10), None);
    }
}
