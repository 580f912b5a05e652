//! Bad input of each kind gets its own status and a message.

use super::*;

/// A PNG of 10,000 × 10,000 black pixels at one bit a pixel: a small file, a huge picture.
fn image_bomb() -> Vec<u8> {
    let side = 10_000u32;
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

async fn upload(
    browser: &Browser,
    base: &str,
    path: &str,
    fields: &[(&str, String)],
    file: (&str, Vec<u8>),
) -> (u16, String) {
    let mut form = reqwest::multipart::Form::new().text("csrf", browser.csrf.clone());
    for (k, v) in fields {
        form = form.text(k.to_string(), v.clone());
    }
    form = form.part(
        file.0.to_owned(),
        reqwest::multipart::Part::bytes(file.1).file_name("upload"),
    );
    let response = browser
        .http
        .post(format!("{base}{path}"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// The items of issue 12 one by one: each bad input gets its 4xx and its message.
#[tokio::test]
async fn bad_input_gets_the_right_status_and_a_message() {
    let test_db = TestDb::empty().await;
    let db = test_db.url.clone();
    let server = spawn(&db, &[]).await;
    let pool = sqlx::PgPool::connect(&db).await.unwrap();
    let ids = Ids::of_demo(&pool).await;
    let anonymous = Browser::open(&server).await;

    // An error built by hand in a server function keeps its status.
    let response = anonymous.post(&server.base, "set_locale", &[("locale", "xx")]).await;
    assert_eq!(response.status(), 400);
    assert!(response.text().await.unwrap().contains("BadRequest"));
    // Page numbers beyond any list, and NUL characters.
    for path in [
        "/catalogue?page=100000000",
        "/api/catalogue?query[page]=4294967295&query[per_page]=4294967295&query[search]=",
    ] {
        assert_eq!(anonymous.get(&server.base, path).await.status(), 200, "{path}");
    }
    let nul = anonymous.get(&server.base, "/catalogue?q=a%00b").await;
    assert_eq!(nul.status(), 400);
    assert!(
        nul.text()
            .await
            .unwrap()
            .contains("La demande n'a pas pu être comprise")
    );

    let shopkeeper = Browser::open(&server).await;
    shopkeeper
        .sign_in(&server.base, "commerce@maillon.test", DEMO_PASSWORD)
        .await;
    let huge = shopkeeper
        .post(
            &server.base,
            "add_to_cart",
            &[
                ("cycle_id", &ids.fill("CYCLE")),
                ("variant_id", &ids.fill("VARIANT")),
                ("quantity", "9223372036854775807"),
            ],
        )
        .await;
    assert_eq!(huge.status(), 422);
    assert!(huge.text().await.unwrap().contains("ErrOrderQuantity"));

    let producer = Browser::open(&server).await;
    producer
        .sign_in(&server.base, "producteur@maillon.test", DEMO_PASSWORD)
        .await;
    let too_long = "a".repeat(maillon::catalogue::csv::MAX_IMPORT_CHARS + 1).into_bytes();
    let (status, body) = upload(
        &producer,
        &server.base,
        "/producteur/import/fichier",
        &[],
        ("file", too_long),
    )
    .await;
    assert_eq!(
        (status, body.contains("2 millions de caractères")),
        (422, true),
        "{body}"
    );

    let started = std::time::Instant::now();
    let target = [("target", "product".to_owned()), ("target_id", ids.fill("PRODUCT"))];
    let (status, body) = upload(
        &producer,
        &server.base,
        "/producteur/photos",
        &target,
        ("photo", image_bomb()),
    )
    .await;
    assert_eq!((status, body.contains("40 millions de pixels")), (422, true), "{body}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "an image bomb is refused at once, not decoded ({:?})",
        started.elapsed()
    );
    for (target_id, expected) in [("abc", 400), ("", 400), ("999999", 404), ("-1", 404)] {
        let fields = [("target", "producer".to_owned()), ("target_id", target_id.to_owned())];
        let (status, _) = upload(
            &producer,
            &server.base,
            "/producteur/photos",
            &fields,
            ("photo", small_png()),
        )
        .await;
        assert_eq!(status, expected, "target_id={target_id:?}");
    }
}
