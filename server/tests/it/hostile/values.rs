//! The hostile values sent to every field and page, and the files some forms take.

pub(super) fn hostile_values() -> Vec<String> {
    let mut values: Vec<String> = [
        "",
        "0",
        "-1",
        "-9223372036854775808",
        "9223372036854775807",
        "99999999999999999999999",
        "100000000",
        "4294967296",
        "1e308",
        "NaN",
        "abc",
        "\u{0}\u{1b}[2J\r\n\t",
        "=cmd|'/c calc'!A0",
        "%",
        "../../etc/passwd",
        "true",
    ]
    .iter()
    .map(|v| (*v).to_owned())
    .collect();
    values.push("é".repeat(3000));
    values
}

/// Fewer values for pages: each is a whole server-side render.
pub(super) fn hostile_page_values() -> Vec<String> {
    let mut values: Vec<String> = [
        "-1",
        "99999999999999999999999",
        "100000000",
        "abc",
        "\u{0}\r\n",
        "%",
        "=1+1",
    ]
    .iter()
    .map(|v| (*v).to_owned())
    .collect();
    values.push("x".repeat(3000));
    values
}

pub(super) const CSV: &str = "produit;categorie;unite;declinaison;quantite;prix;tva;stock_mode;stock;actif\n\
                   Carottes;legumes;kg;;1000;2,40;5,5;fini;30;oui\n";

pub(super) fn small_png() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(40, 30, image::Rgb([90, 140, 60]));
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut out, image::ImageFormat::Png)
        .unwrap();
    out.into_inner()
}
