//! Pictures of the demo's products, drawn here: a still life per product on a wooden table
//! (shaded fruit and vegetables, bottles, jars, loaves, cheese, eggs, meat), so that the demo
//! shows what a shop with photos looks like without shipping anyone's photographs. Each picture
//! is drawn from the product's name, the same every time, and then goes through the upload
//! pipeline like a producer's photo.

use image::{ImageEncoder, Rgb, RgbImage};

use crate::catalogue::Category;

const WIDTH: u32 = 960;
const HEIGHT: u32 = 720;
/// Where the table starts, from the top, in fractions of the height.
const TABLE: f32 = 0.56;

/// A colour as red, green and blue.
type Colour = [f32; 3];

/// What a product looks like, roughly.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Subject {
    /// Round produce: apples, potatoes, squash.
    Round {
        colour: Colour,
        count: usize,
        size: f32,
    },
    /// Pears: a small ball on a big one.
    Pear(Colour),
    /// Long produce lying on the table: leeks, carrots, endives.
    Long {
        colour: Colour,
        tip: Colour,
        count: usize,
    },
    Bottle {
        glass: Colour,
        label: Colour,
        count: usize,
    },
    Jar {
        body: Colour,
        lid: Colour,
        count: usize,
    },
    Loaf(Colour),
    Wedge(Colour),
    Block(Colour),
    Eggs,
    Steaks,
    Sausages,
    Parcel,
}

/// The subject of a product's picture, from its name and category.
fn subject(name: &str, category: Category) -> Subject {
    let n = name.to_lowercase();
    let has = |w: &str| n.contains(w);
    if has("poireau") {
        Subject::Long {
            colour: [0.93, 0.95, 0.86],
            tip: [0.25, 0.55, 0.25],
            count: 3,
        }
    } else if has("carotte") {
        Subject::Long {
            colour: [0.93, 0.50, 0.12],
            tip: [0.30, 0.60, 0.22],
            count: 5,
        }
    } else if has("endive") {
        Subject::Long {
            colour: [0.97, 0.96, 0.85],
            tip: [0.86, 0.90, 0.45],
            count: 4,
        }
    } else if has("poire") {
        Subject::Pear([0.72, 0.70, 0.25])
    } else if has("pomme de terre") || has("pommes de terre") {
        Subject::Round {
            colour: [0.82, 0.68, 0.42],
            count: 6,
            size: 0.09,
        }
    } else if has("pomme") && !has("jus") {
        Subject::Round {
            colour: [0.78, 0.22, 0.16],
            count: 5,
            size: 0.10,
        }
    } else if has("potimarron") || has("courge") {
        Subject::Round {
            colour: [0.90, 0.42, 0.10],
            count: 1,
            size: 0.22,
        }
    } else if has("œuf") || has("oeuf") {
        Subject::Eggs
    } else if has("steak") {
        Subject::Steaks
    } else if has("saucisse") {
        Subject::Sausages
    } else if has("colis") {
        Subject::Parcel
    } else if has("poule") {
        Subject::Loaf([0.93, 0.84, 0.70])
    } else if has("jus") {
        Subject::Bottle {
            glass: [0.86, 0.62, 0.20],
            label: [0.95, 0.92, 0.80],
            count: 2,
        }
    } else if has("cidre") {
        Subject::Bottle {
            glass: [0.20, 0.36, 0.18],
            label: [0.93, 0.86, 0.62],
            count: 1,
        }
    } else if has("bière ambrée") || has("biere ambree") {
        Subject::Bottle {
            glass: [0.45, 0.22, 0.08],
            label: [0.85, 0.55, 0.20],
            count: 3,
        }
    } else if has("bière") || has("biere") {
        Subject::Bottle {
            glass: [0.42, 0.24, 0.08],
            label: [0.96, 0.85, 0.40],
            count: 3,
        }
    } else if has("limonade") {
        Subject::Bottle {
            glass: [0.80, 0.90, 0.86],
            label: [0.95, 0.88, 0.30],
            count: 2,
        }
    } else if has("lait") && !has("riz") {
        Subject::Bottle {
            glass: [0.97, 0.97, 0.95],
            label: [0.25, 0.45, 0.75],
            count: 1,
        }
    } else if has("tomme") {
        Subject::Wedge([0.96, 0.86, 0.55])
    } else if has("beurre") {
        Subject::Block([0.98, 0.90, 0.55])
    } else if has("pain d'épices") || has("pain d’épices") {
        Subject::Block([0.62, 0.36, 0.16])
    } else if has("brioche") {
        Subject::Loaf([0.85, 0.55, 0.20])
    } else if has("pain") {
        Subject::Loaf([0.72, 0.48, 0.24])
    } else if has("terrine") {
        Subject::Jar {
            body: [0.62, 0.38, 0.30],
            lid: [0.80, 0.25, 0.20],
            count: 1,
        }
    } else if has("yaourt") || has("fromage frais") || has("faisselle") || has("crème") || has("riz au lait") {
        Subject::Jar {
            body: [0.97, 0.96, 0.92],
            lid: [0.35, 0.55, 0.80],
            count: 3,
        }
    } else {
        match category {
            Category::Fruits => Subject::Round {
                colour: [0.85, 0.55, 0.15],
                count: 5,
                size: 0.1,
            },
            Category::Vegetables => Subject::Round {
                colour: [0.35, 0.60, 0.25],
                count: 4,
                size: 0.1,
            },
            Category::Drinks => Subject::Bottle {
                glass: [0.3, 0.4, 0.3],
                label: [0.9, 0.9, 0.8],
                count: 2,
            },
            _ => Subject::Jar {
                body: [0.85, 0.75, 0.55],
                lid: [0.55, 0.35, 0.25],
                count: 2,
            },
        }
    }
}

/// A small deterministic generator, seeded by the product's name.
struct Dice(u64);

impl Dice {
    fn new(name: &str) -> Self {
        // FNV-1a: the same name always gives the same picture.
        let seed = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
        Dice(seed | 1)
    }

    /// A number in [0, 1).
    fn next(&mut self) -> f32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 40) as f32 / (1u64 << 24) as f32
    }

    fn between(&mut self, low: f32, high: f32) -> f32 {
        low + (high - low) * self.next()
    }
}

struct Canvas {
    pixels: Vec<Colour>,
}

impl Canvas {
    fn new() -> Self {
        Canvas {
            pixels: vec![[0.0; 3]; (WIDTH * HEIGHT) as usize],
        }
    }

    fn get(&self, x: u32, y: u32) -> Colour {
        self.pixels[(y * WIDTH + x) as usize]
    }

    fn set(&mut self, x: u32, y: u32, c: Colour) {
        self.pixels[(y * WIDTH + x) as usize] = c;
    }

    /// Calls `paint` for every pixel of a box (in fractions of the width), clipped.
    fn each(&mut self, x0: f32, y0: f32, x1: f32, y1: f32, mut paint: impl FnMut(f32, f32, Colour) -> Option<Colour>) {
        let w = WIDTH as f32;
        let clip = |v: f32, max: u32| (v * w).clamp(0.0, max as f32) as u32;
        for y in clip(y0, HEIGHT)..clip(y1, HEIGHT) {
            for x in clip(x0, WIDTH)..clip(x1, WIDTH) {
                let (fx, fy) = ((x as f32 + 0.5) / w, (y as f32 + 0.5) / w);
                if let Some(c) = paint(fx, fy, self.get(x, y)) {
                    self.set(x, y, c);
                }
            }
        }
    }

    /// A plaster wall and a wooden table, lit from the upper left.
    fn background(&mut self, dice: &mut Dice) {
        let wall = [0.93, 0.90, 0.84];
        let wood = [0.55, 0.36, 0.20];
        let phase = dice.between(0.0, std::f32::consts::TAU);
        let table_y = TABLE * HEIGHT as f32;
        for y in 0..HEIGHT {
            for x in 0..WIDTH {
                let (fx, fy) = (x as f32 / WIDTH as f32, y as f32 / HEIGHT as f32);
                let c = if (y as f32) < table_y {
                    let light = 1.04 - 0.18 * ((fx - 0.2).powi(2) + (fy - 0.1).powi(2)).sqrt();
                    scale(wall, light)
                } else {
                    let plank = ((y as f32 - table_y) / 46.0).floor();
                    let grain = 0.06 * ((fx * 40.0 + plank * 3.1 + phase).sin() * (fx * 7.0 + plank).cos());
                    let seam = if (y as f32 - table_y) % 46.0 < 2.0 { 0.75 } else { 1.0 };
                    let depth = 0.85 + 0.25 * fy;
                    scale(wood, (depth + grain) * seam * (1.05 - 0.2 * fx))
                };
                self.set(x, y, c);
            }
        }
    }

    /// A soft shadow on the table under an object.
    fn shadow(&mut self, cx: f32, cy: f32, rx: f32, ry: f32) {
        self.each(cx - rx * 1.4, cy - ry * 1.4, cx + rx * 1.6, cy + ry * 1.6, |x, y, c| {
            let d = ((x - cx - rx * 0.15) / rx).powi(2) + ((y - cy) / ry).powi(2);
            (d < 1.8).then(|| scale(c, 0.55 + 0.45 * (d / 1.8).min(1.0)))
        });
    }

    /// A shaded ellipse, turned by `angle` (radians), lit from the upper left.
    fn ellipse(&mut self, cx: f32, cy: f32, rx: f32, ry: f32, angle: f32, colour: Colour) {
        let (sin, cos) = angle.sin_cos();
        let r = rx.max(ry);
        self.each(cx - r, cy - r, cx + r, cy + r, |x, y, c| {
            let (dx, dy) = (x - cx, y - cy);
            let (u, v) = ((dx * cos + dy * sin) / rx, (-dx * sin + dy * cos) / ry);
            let d = u * u + v * v;
            if d > 1.0 {
                return None;
            }
            let shade = 1.18 - 0.5 * ((u + 0.35).powi(2) + (v + 0.45).powi(2)).sqrt();
            let highlight = (1.0 - ((u + 0.4).powi(2) + (v + 0.5).powi(2)) * 9.0).max(0.0) * 0.35;
            let edge = ((1.0 - d) * 12.0).min(1.0);
            Some(mix(c, add(scale(colour, shade), highlight), edge))
        });
    }

    /// A shaded upright box with rounded corners, like a bottle's body or a jar.
    fn cylinder(&mut self, x0: f32, y0: f32, x1: f32, y1: f32, radius: f32, colour: Colour) {
        self.each(x0, y0, x1, y1, |x, y, c| {
            let cx = x.clamp(x0 + radius, x1 - radius);
            let cy = y.clamp(y0 + radius, y1 - radius);
            let d = ((x - cx).powi(2) + (y - cy).powi(2)).sqrt();
            if d > radius {
                return None;
            }
            let across = (x - x0) / (x1 - x0);
            let shade = 0.72 + 0.5 * (1.0 - (across - 0.3).abs() * 1.6).max(0.0);
            let glint = if (across - 0.22).abs() < 0.035 { 0.25 } else { 0.0 };
            Some(mix(
                c,
                add(scale(colour, shade), glint),
                ((radius - d) * WIDTH as f32 / 1.5).min(1.0),
            ))
        });
    }

    /// A flat-shaded triangle (a cheese wedge's face).
    fn triangle(&mut self, a: (f32, f32), b: (f32, f32), t: (f32, f32), colour: Colour) {
        let (x0, x1) = (a.0.min(b.0).min(t.0), a.0.max(b.0).max(t.0));
        let (y0, y1) = (a.1.min(b.1).min(t.1), a.1.max(b.1).max(t.1));
        let side = |p: (f32, f32), q: (f32, f32), x: f32, y: f32| (q.0 - p.0) * (y - p.1) - (q.1 - p.1) * (x - p.0);
        self.each(x0, y0, x1, y1, |x, y, _| {
            let (s1, s2, s3) = (side(a, b, x, y), side(b, t, x, y), side(t, a, x, y));
            let inside = (s1 >= 0.0 && s2 >= 0.0 && s3 >= 0.0) || (s1 <= 0.0 && s2 <= 0.0 && s3 <= 0.0);
            inside.then(|| scale(colour, 1.0 - 0.25 * (y - y0) / (y1 - y0 + 1e-3)))
        });
    }

    fn to_image(&self) -> RgbImage {
        RgbImage::from_fn(WIDTH, HEIGHT, |x, y| {
            let c = self.get(x, y);
            Rgb(c.map(|v| (v.clamp(0.0, 1.0).powf(1.0 / 1.1) * 255.0).round() as u8))
        })
    }
}

fn scale(c: Colour, k: f32) -> Colour {
    c.map(|v| v * k)
}

fn add(c: Colour, k: f32) -> Colour {
    c.map(|v| v + k)
}

fn mix(under: Colour, over: Colour, alpha: f32) -> Colour {
    [0, 1, 2].map(|i| under[i] * (1.0 - alpha) + over[i] * alpha)
}

/// Where the objects stand on the table, from the top, in fractions of the width (the picture
/// is 0.75 of its width tall, the table's edge at 0.42).
const FLOOR: f32 = 0.56;

fn draw(canvas: &mut Canvas, subject: Subject, dice: &mut Dice) {
    let floor = FLOOR;
    match subject {
        Subject::Round { colour, count, size } => {
            for i in 0..count {
                let row = if count > 3 && i >= count / 2 { 1.0 } else { 0.0 };
                let per_row = if count > 3 { count.div_ceil(2) } else { count };
                let k = if row > 0.0 { i - count / 2 } else { i };
                let spread = 0.62 / per_row as f32;
                let cx = 0.5 - spread * (per_row as f32 - 1.0) / 2.0
                    + spread * k as f32
                    + dice.between(-0.02, 0.02)
                    + row * spread / 2.0;
                let r = size * dice.between(0.9, 1.1);
                let cy = floor + 0.02 + row * 0.09 - r * 0.6;
                let tint = dice.between(0.88, 1.08);
                canvas.shadow(cx, cy + r * 0.85, r * 1.05, r * 0.3);
                canvas.ellipse(cx, cy, r, r * 0.92, 0.0, scale(colour, tint));
                if count > 1 {
                    canvas.ellipse(cx + r * 0.05, cy - r * 0.9, r * 0.05, r * 0.16, 0.3, [0.35, 0.25, 0.12]);
                }
            }
        }
        Subject::Pear(colour) => {
            for i in 0..3 {
                let cx = 0.32 + 0.18 * i as f32 + dice.between(-0.015, 0.015);
                let cy = floor - 0.02 + if i == 1 { 0.04 } else { 0.0 };
                canvas.shadow(cx, cy + 0.09, 0.1, 0.03);
                canvas.ellipse(cx, cy, 0.085, 0.095, 0.0, colour);
                canvas.ellipse(cx - 0.01, cy - 0.1, 0.05, 0.07, -0.15, colour);
                canvas.ellipse(cx - 0.015, cy - 0.18, 0.006, 0.03, -0.3, [0.35, 0.25, 0.12]);
            }
        }
        Subject::Long { colour, tip, count } => {
            for i in 0..count {
                let cy = floor - 0.01 + 0.05 * i as f32 - 0.025 * count as f32 + dice.between(-0.01, 0.01);
                let angle = dice.between(-0.12, 0.08);
                let length = dice.between(0.3, 0.36);
                let thick = if count > 3 { 0.028 } else { 0.045 };
                canvas.shadow(0.5, cy + thick * 1.3, length, thick * 0.6);
                canvas.ellipse(0.47, cy, length, thick, angle, colour);
                let (s, c) = angle.sin_cos();
                let (tx, ty) = (0.47 - length * 0.95 * c, cy - length * 0.95 * s);
                canvas.ellipse(tx - 0.05 * c, ty - 0.05 * s, 0.09, thick * 0.9, angle - 0.15, tip);
            }
        }
        Subject::Bottle { glass, label, count } => {
            for i in 0..count {
                let cx = 0.5 + 0.17 * (i as f32 - (count as f32 - 1.0) / 2.0);
                let (w, h) = if count > 2 { (0.065, 0.3) } else { (0.085, 0.34) };
                let bottom = floor + 0.04 + dice.between(-0.01, 0.01);
                canvas.shadow(cx, bottom, w * 1.3, 0.025);
                canvas.cylinder(cx - w, bottom - h, cx + w, bottom, 0.02, glass);
                canvas.cylinder(
                    cx - w * 0.32,
                    bottom - h - 0.13,
                    cx + w * 0.32,
                    bottom - h + 0.02,
                    0.01,
                    glass,
                );
                canvas.cylinder(
                    cx - w * 0.36,
                    bottom - h - 0.145,
                    cx + w * 0.36,
                    bottom - h - 0.12,
                    0.004,
                    [0.75, 0.72, 0.66],
                );
                canvas.cylinder(
                    cx - w * 0.98,
                    bottom - h * 0.62,
                    cx + w * 0.98,
                    bottom - h * 0.28,
                    0.002,
                    label,
                );
            }
        }
        Subject::Jar { body, lid, count } => {
            for i in 0..count {
                let cx = 0.5 + 0.2 * (i as f32 - (count as f32 - 1.0) / 2.0);
                let w = if count > 1 { 0.075 } else { 0.12 };
                let h = if count > 1 { 0.15 } else { 0.2 };
                let bottom = floor + 0.04 + 0.02 * (i % 2) as f32;
                canvas.shadow(cx, bottom, w * 1.3, 0.025);
                canvas.cylinder(cx - w, bottom - h, cx + w, bottom, 0.015, body);
                canvas.cylinder(
                    cx - w * 1.04,
                    bottom - h - 0.03,
                    cx + w * 1.04,
                    bottom - h + 0.01,
                    0.008,
                    lid,
                );
            }
        }
        Subject::Loaf(colour) => {
            let (cx, cy) = (0.5, floor - 0.03);
            canvas.shadow(cx, cy + 0.1, 0.3, 0.05);
            canvas.ellipse(cx, cy, 0.3, 0.14, 0.0, colour);
            for k in 0..3 {
                let x = cx - 0.14 + 0.14 * k as f32;
                canvas.ellipse(x, cy - 0.05, 0.06, 0.012, -0.5, scale(colour, 1.35));
            }
        }
        Subject::Wedge(colour) => {
            let (cx, cy) = (0.5, floor + 0.02);
            canvas.shadow(cx, cy + 0.03, 0.28, 0.04);
            canvas.triangle((cx - 0.28, cy), (cx + 0.26, cy), (cx + 0.1, cy - 0.22), colour);
            canvas.triangle(
                (cx - 0.28, cy),
                (cx + 0.1, cy - 0.22),
                (cx - 0.2, cy - 0.25),
                scale(colour, 1.1),
            );
            canvas.cylinder(cx - 0.28, cy - 0.03, cx + 0.26, cy + 0.01, 0.004, [0.80, 0.62, 0.30]);
            for _ in 0..6 {
                let (x, y) = (cx + dice.between(-0.15, 0.12), cy - dice.between(0.03, 0.12));
                canvas.ellipse(x, y, 0.012, 0.009, 0.0, scale(colour, 0.82));
            }
        }
        Subject::Block(colour) => {
            let (cx, cy) = (0.5, floor + 0.02);
            canvas.shadow(cx, cy, 0.22, 0.04);
            canvas.cylinder(cx - 0.2, cy - 0.14, cx + 0.2, cy, 0.015, colour);
            canvas.cylinder(cx - 0.2, cy - 0.16, cx + 0.2, cy - 0.12, 0.01, scale(colour, 1.15));
        }
        Subject::Eggs => {
            canvas.shadow(0.5, floor + 0.05, 0.33, 0.04);
            canvas.cylinder(0.18, floor - 0.03, 0.82, floor + 0.05, 0.01, [0.72, 0.66, 0.55]);
            for i in 0..6 {
                let cx = 0.25 + 0.1 * i as f32;
                let tint = dice.between(0.9, 1.05);
                canvas.ellipse(cx, floor - 0.07, 0.042, 0.058, 0.0, scale([0.93, 0.80, 0.62], tint));
            }
        }
        Subject::Steaks => {
            canvas.shadow(0.5, floor + 0.04, 0.34, 0.05);
            canvas.ellipse(0.5, floor + 0.01, 0.34, 0.07, 0.0, [0.92, 0.92, 0.88]);
            for i in 0..3 {
                let cx = 0.32 + 0.18 * i as f32;
                canvas.ellipse(cx, floor - 0.01, 0.08, 0.045, 0.0, [0.62, 0.16, 0.14]);
            }
        }
        Subject::Sausages => {
            for i in 0..4 {
                let cy = floor - 0.04 + 0.04 * i as f32;
                canvas.shadow(0.5, cy + 0.025, 0.28, 0.015);
                canvas.ellipse(
                    0.5 + dice.between(-0.02, 0.02),
                    cy,
                    0.27,
                    0.026,
                    dice.between(-0.05, 0.05),
                    [0.70, 0.36, 0.26],
                );
            }
        }
        Subject::Parcel => {
            canvas.shadow(0.5, floor + 0.05, 0.3, 0.05);
            canvas.cylinder(0.22, floor - 0.2, 0.78, floor + 0.05, 0.01, [0.76, 0.62, 0.42]);
            canvas.cylinder(0.22, floor - 0.12, 0.78, floor - 0.1, 0.002, [0.93, 0.90, 0.82]);
            canvas.ellipse(0.5, floor - 0.2, 0.2, 0.03, 0.0, [0.62, 0.18, 0.15]);
        }
    }
}

/// A picture of the product as a PNG file, 960 × 720.
pub fn picture(name: &str, category: Category) -> Vec<u8> {
    let mut dice = Dice::new(name);
    let mut canvas = Canvas::new();
    canvas.background(&mut dice);
    draw(&mut canvas, subject(name, category), &mut dice);
    let image = canvas.to_image();
    let mut bytes = Vec::new();
    image::codecs::png::PngEncoder::new(&mut bytes)
        .write_image(image.as_raw(), WIDTH, HEIGHT, image::ExtendedColorType::Rgb8)
        .expect("a PNG of a picture in memory");
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_product_gets_its_own_picture_every_time() {
        let apples = picture("Pommes Reinette de Flandre", Category::Fruits);
        assert_eq!(
            apples,
            picture("Pommes Reinette de Flandre", Category::Fruits),
            "drawn the same every time"
        );
        assert_ne!(apples, picture("Poires Conférence", Category::Fruits));
        let decoded = image::load_from_memory(&apples).unwrap().to_rgb8();
        assert_eq!(decoded.dimensions(), (WIDTH, HEIGHT));
        // Something stands on the table: the middle is not the bare wall or wood.
        let middle = decoded.get_pixel(WIDTH / 2, (HEIGHT as f32 * 0.62) as u32).0;
        assert!(middle[0] > middle[1] + 60, "a red apple in the middle: {middle:?}");
        // And the upload pipeline takes it like a producer's photo.
        let renditions = crate::catalogue::photo::process(&apples).unwrap();
        assert!(renditions.len() >= 3);
    }

    #[test]
    fn every_demo_product_has_a_subject_of_its_own_kind() {
        assert!(matches!(
            subject("Jus de pomme", Category::Drinks),
            Subject::Bottle { .. }
        ));
        assert!(matches!(
            subject("Pommes de terre Charlotte", Category::Vegetables),
            Subject::Round { .. }
        ));
        assert!(matches!(subject("Pain d'épices", Category::Grocery), Subject::Block(_)));
        assert!(matches!(subject("Riz au lait", Category::Dairy), Subject::Jar { .. }));
        assert!(matches!(
            subject("Lait entier", Category::Dairy),
            Subject::Bottle { .. }
        ));
    }
}
