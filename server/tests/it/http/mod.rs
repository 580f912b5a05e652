//! The real server over HTTP: authorisation matrix, CSRF, headers, account enumeration, and
//! two servers sharing one database.

mod files;
mod forms;
mod matrix;
mod roles;
mod security;
mod shop;

use std::time::Duration;

use maillon_test_support::TestDb;
use maillon_test_support::demo::DEMO_PASSWORD;
use maillon_test_support::server::Browser;
use maillon_test_support::{other_coop, smtp};
use matrix::*;

use crate::spawn;

/// The values of the MATRIX's upper-case names.
type Ids = std::collections::HashMap<&'static str, String>;

async fn demo_ids(pool: &sqlx::PgPool) -> Ids {
    let target: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'jules.denis@maillon.test'")
        .fetch_one(pool)
        .await
        .unwrap();
    let farm: i64 = sqlx::query_scalar(
        "SELECT p.id FROM producers p JOIN users u ON u.id = p.user_id WHERE u.email = 'producteur@maillon.test'",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    let product: i64 = sqlx::query_scalar("SELECT min(id) FROM products WHERE producer_id = $1")
        .bind(farm)
        .fetch_one(pool)
        .await
        .unwrap();
    let (cycle, variant): (i64, i64) = sqlx::query_as(
        "SELECT o.cycle_id, min(o.variant_id) FROM cycle_offers o JOIN order_cycles c ON c.id = o.cycle_id
         WHERE c.status = 'open' GROUP BY o.cycle_id LIMIT 1",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    let none = "999999".to_owned();
    Ids::from([
        ("USER", target.to_string()),
        ("FARM", farm.to_string()),
        ("PRODUCT", product.to_string()),
        ("CYCLE", cycle.to_string()),
        ("VARIANT", variant.to_string()),
        ("ORDER", none.clone()),
        ("SLOT", none.clone()),
        ("STOP", none.clone()),
        ("ROUND", none.clone()),
        ("VEHICLE", none.clone()),
        ("IMPORT", none),
        ("POINT", "point-999999".to_owned()),
    ])
}

fn png() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(800, 600, image::Rgb([90, 140, 60]));
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut out, image::ImageFormat::Png)
        .unwrap();
    out.into_inner()
}

async fn upload(browser: &Browser, base: &str, target: &str, id: &str, bytes: Vec<u8>) -> reqwest::Response {
    let form = reqwest::multipart::Form::new()
        .text("csrf", browser.csrf.clone())
        .text("target", target.to_owned())
        .text("target_id", id.to_owned())
        .part("photo", reqwest::multipart::Part::bytes(bytes).file_name("photo.png"));
    browser
        .http
        .post(format!("{base}/producteur/photos"))
        .multipart(form)
        .send()
        .await
        .unwrap()
}
