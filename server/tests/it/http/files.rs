//! Photos, CSV exports and basket labels: each belongs to its owner, and CSV cells are safe.

use super::*;

#[tokio::test]
async fn photos_are_uploaded_by_their_owner_only_and_served_with_long_caching() {
    let test_db = TestDb::empty().await;
    let db = test_db.url.clone();
    let server = spawn(&db, &[]).await;
    let pool = sqlx::PgPool::connect(&db).await.unwrap();
    let product: i64 = sqlx::query_scalar(
        "SELECT min(p.id) FROM products p JOIN producers f ON f.id = p.producer_id JOIN users u ON u.id = f.user_id
         WHERE u.email = 'producteur@maillon.test'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let product = product.to_string();

    let anonymous = Browser::open(&server).await;
    assert_eq!(
        upload(&anonymous, &server.base, "product", &product, png())
            .await
            .status(),
        401
    );
    let other_farm = Browser::open(&server).await;
    other_farm
        .sign_in(&server.base, "vergers@maillon.test", DEMO_PASSWORD)
        .await;
    assert_eq!(
        upload(&other_farm, &server.base, "product", &product, png())
            .await
            .status(),
        403
    );

    let owner = Browser::open(&server).await;
    owner
        .sign_in(&server.base, "producteur@maillon.test", DEMO_PASSWORD)
        .await;
    let not_a_photo = upload(
        &owner,
        &server.base,
        "product",
        &product,
        b"%PDF-1.4 pretending".to_vec(),
    )
    .await;
    assert_eq!(not_a_photo.status(), 422);
    assert!(not_a_photo.text().await.unwrap().contains("JPEG, PNG ou WebP"));
    let created = upload(&owner, &server.base, "product", &product, png()).await;
    assert_eq!(created.status(), 201);
    let photo = created.text().await.unwrap();

    let served = anonymous.get(&server.base, &format!("/photos/{photo}/640")).await;
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "image/jpeg");
    assert!(
        served.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    let etag = served.headers()["etag"].clone();
    let again = anonymous
        .http
        .get(format!("{}/photos/{photo}/640", server.base))
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(served.headers()["vary"], "accept");
    // A browser that takes WebP gets the WebP rendition at the same address.
    let webp = anonymous
        .http
        .get(format!("{}/photos/{photo}/640", server.base))
        .header("accept", "image/avif,image/webp,image/apng,image/*,*/*;q=0.8")
        .send()
        .await
        .unwrap();
    assert_eq!(webp.status(), 200);
    assert_eq!(webp.headers()["content-type"], "image/webp");
    assert_eq!(webp.headers()["vary"], "accept");
    assert_ne!(webp.headers()["etag"], served.headers()["etag"]);
    let bytes = webp.bytes().await.unwrap();
    assert_eq!(&bytes[..4], b"RIFF");
    assert_eq!(&bytes[8..12], b"WEBP");
    let page = anonymous
        .get(&server.base, &format!("/produits/{product}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!("/photos/{photo}/640")));
    // Responsive: every stored width offered, the frame's proportions set, nothing shifts.
    assert!(page.contains(&format!(
        "/photos/{photo}/320 320w, /photos/{photo}/640 640w, /photos/{photo}/1280 1280w"
    )));
    assert!(page.contains("width=\"640\" height=\"480\""));
}

#[tokio::test]
async fn the_csv_export_belongs_to_its_farm() {
    let test_db = TestDb::empty().await;
    let db = test_db.url.clone();
    let server = spawn(&db, &[]).await;
    let resident = Browser::open(&server).await;
    resident
        .sign_in(&server.base, "habitant@maillon.test", DEMO_PASSWORD)
        .await;
    assert_eq!(resident.get(&server.base, "/producteur/export.csv").await.status(), 403);
    let producer = Browser::open(&server).await;
    producer
        .sign_in(&server.base, "producteur@maillon.test", DEMO_PASSWORD)
        .await;
    let export = producer.get(&server.base, "/producteur/export.csv").await;
    assert_eq!(export.status(), 200);
    assert!(
        export.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = export.text().await.unwrap();
    assert!(
        csv.contains("Poireaux") && !csv.contains("Pommes Reinette"),
        "only the producer's own products"
    );
}

/// Every CSV export neutralises cells a spreadsheet would run as formulas.
#[tokio::test]
async fn csv_exports_are_safe_from_formula_injection() {
    let test_db = TestDb::empty().await;
    let db = test_db.url.clone();
    let server = spawn(&db, &[]).await;
    let pool = sqlx::PgPool::connect(&db).await.unwrap();
    let farm: i64 = sqlx::query_scalar(
        "SELECT p.id FROM producers p JOIN users u ON u.id = p.user_id WHERE u.email = 'producteur@maillon.test'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let formula = "=HYPERLINK(\"http://evil.example\";\"Cliquez\")";
    sqlx::query("UPDATE producers SET farm_name = $2 WHERE id = $1")
        .bind(farm)
        .bind("@SUM(1+1)*cmd|' /C calc'!A0")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("UPDATE products SET name = $2 WHERE producer_id = $1")
        .bind(farm)
        .bind(formula)
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query(
        "UPDATE order_lines l SET product_name = $2 FROM variants v JOIN products p ON p.id = v.product_id
         WHERE v.id = l.variant_id AND p.producer_id = $1",
    )
    .bind(farm)
    .bind(formula)
    .execute(&pool)
    .await
    .unwrap();
    let cycle: i64 = sqlx::query_scalar("SELECT min(id) FROM order_cycles WHERE status = 'open'")
        .fetch_one(&pool)
        .await
        .unwrap();

    let producer = Browser::open(&server).await;
    producer
        .sign_in(&server.base, "producteur@maillon.test", DEMO_PASSWORD)
        .await;
    let hub = Browser::open(&server).await;
    hub.sign_in(&server.base, "hub@maillon.test", DEMO_PASSWORD).await;
    for (browser, path) in [
        (&producer, "/producteur/export.csv".to_owned()),
        (&hub, format!("/hub/cycles/{cycle}/bons.csv")),
    ] {
        let response = browser.get(&server.base, &path).await;
        assert_eq!(response.status(), 200, "{path}");
        let csv = response.text().await.unwrap();
        assert!(csv.contains("'=HYPERLINK"), "{path}: {csv:.400}");
        for cell in csv_cells(csv.trim_start_matches('\u{feff}')) {
            assert!(
                !cell.starts_with(['=', '+', '@', '\t', '\r']),
                "{path}: a cell starts a formula: {cell}"
            );
        }
    }
}

/// The cells of a `;`-separated CSV text, quotes removed.
fn csv_cells(text: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ';' | '\n' if !quoted => cells.push(std::mem::take(&mut cell)),
            c => cell.push(c),
        }
    }
    cells.push(cell);
    cells
}

#[tokio::test]
async fn a_basket_label_qr_is_scoped_like_the_pickup_desk() {
    let test_db = TestDb::empty().await;
    let db = test_db.url.clone();
    let server = spawn(&db, &[]).await;
    let pool = sqlx::PgPool::connect(&db).await.unwrap();
    // The demo's orders collected at the partner shop, and one collected elsewhere.
    let shop_order: i64 = sqlx::query_scalar(
        "SELECT min(o.id) FROM orders o JOIN slots s ON s.id = o.slot_id JOIN pickup_points pp ON pp.id = s.pickup_point_id
         JOIN shops sh ON sh.id = pp.shop_id JOIN users u ON u.id = sh.user_id WHERE u.email = 'commerce@maillon.test'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let other_order: i64 = sqlx::query_scalar(
        "SELECT min(o.id) FROM orders o JOIN slots s ON s.id = o.slot_id LEFT JOIN pickup_points pp ON pp.id = s.pickup_point_id
         WHERE pp.shop_id IS NULL OR pp.shop_id NOT IN
             (SELECT sh.id FROM shops sh JOIN users u ON u.id = sh.user_id WHERE u.email = 'commerce@maillon.test')",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let qr = |order: i64| format!("/hub/etiquettes/{order}/qr.svg");
    let shopkeeper = Browser::open(&server).await;
    shopkeeper
        .sign_in(&server.base, "commerce@maillon.test", DEMO_PASSWORD)
        .await;
    assert_eq!(shopkeeper.get(&server.base, &qr(shop_order)).await.status(), 200);
    assert_eq!(
        shopkeeper.get(&server.base, &qr(other_order)).await.status(),
        403,
        "a shopkeeper gets no QR code of another place's basket"
    );
    let hub = Browser::open(&server).await;
    hub.sign_in(&server.base, "hub@maillon.test", DEMO_PASSWORD).await;
    assert_eq!(hub.get(&server.base, &qr(other_order)).await.status(), 200);
    assert_eq!(hub.get(&server.base, &qr(shop_order)).await.status(), 200);
    assert_eq!(hub.get(&server.base, &qr(999_999)).await.status(), 404);
}
