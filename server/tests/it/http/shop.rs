//! The shop over HTTP: the opening rush never oversells, and trade prices and exact stock are
//! not public.

use super::*;

/// The opening rush in miniature, through the real request path: many signed-in buyers check
/// out the last units of a variant at once. Exactly the stock is sold, nobody gets a 5xx, and
/// every loser is told which line ran out.
#[tokio::test]
async fn concurrent_checkouts_over_http_never_oversell() {
    const STOCK: i64 = 3;
    let test_db = TestDb::empty().await;
    let db = test_db.url.clone();
    let server = spawn(&db, &[]).await;
    let pool = sqlx::PgPool::connect(&db).await.unwrap();
    let (cycle, variant, slot): (i64, i64, i64) = sqlx::query_as(
        "SELECT o.cycle_id, v.id, (SELECT min(s.id) FROM slots s WHERE s.cycle_id = o.cycle_id AND s.pickup_point_id IS NOT NULL)
         FROM cycle_offers o JOIN order_cycles c ON c.id = o.cycle_id JOIN variants v ON v.id = o.variant_id
         WHERE c.status = 'open' AND v.stock_mode = 'finite' AND v.case_size = 1 ORDER BY v.id LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    sqlx::query("UPDATE variants SET stock = $2 WHERE id = $1")
        .bind(variant)
        .bind(STOCK)
        .execute(&pool)
        .await
        .unwrap();
    let emails: Vec<String> = sqlx::query_scalar(
        "SELECT u.email FROM users u JOIN member_roles r ON r.user_id = u.id AND r.role = 'resident' ORDER BY u.id LIMIT 10",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(emails.len(), 10);
    let mut buyers = Vec::new();
    for email in &emails {
        let browser = Browser::open(&server).await;
        browser.sign_in(&server.base, email, DEMO_PASSWORD).await;
        let added = browser
            .post(
                &server.base,
                "add_to_cart",
                &[
                    ("cycle_id", &cycle.to_string()),
                    ("variant_id", &variant.to_string()),
                    ("quantity", "1"),
                ],
            )
            .await;
        assert_eq!(added.status(), 200, "{email} adds to cart");
        buyers.push(browser);
    }
    let base = server.base.clone();
    let tasks: Vec<_> = buyers
        .into_iter()
        .enumerate()
        .map(|(i, browser)| {
            let base = base.clone();
            tokio::spawn(async move {
                let response = browser
                    .post(
                        &base,
                        "checkout",
                        &[
                            ("cycle_id", cycle.to_string().as_str()),
                            ("attempt", format!("rush-attempt-{i:04}").as_str()),
                            ("slot", slot.to_string().as_str()),
                            ("payment", "pickup"),
                        ],
                    )
                    .await;
                let status = response.status().as_u16();
                (status, response.text().await.unwrap())
            })
        })
        .collect();
    let (mut won, mut lost) = (0, 0);
    for t in tasks {
        let (status, body) = t.await.unwrap();
        match status {
            200 | 302 | 303 => won += 1,
            409 => {
                assert!(body.contains("OutOfStock"), "{body}");
                assert!(body.contains(&format!("\"variant_id\":{variant}")), "{body}");
                lost += 1;
            }
            other => panic!("unexpected {other}: {body}"),
        }
    }
    assert_eq!((won, lost), (STOCK, 10 - STOCK));
    let stock: i64 = sqlx::query_scalar("SELECT stock FROM variants WHERE id = $1")
        .bind(variant)
        .fetch_one(&pool)
        .await
        .unwrap();
    let sold: i64 = sqlx::query_scalar(
        "SELECT coalesce(sum(quantity), 0)::bigint FROM order_lines l JOIN orders o ON o.id = l.order_id
         WHERE l.variant_id = $1 AND o.status = 'confirmed'",
    )
    .bind(variant)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((stock, sold), (0, STOCK));
}

/// Trade prices and exact stock are for shopkeepers and producers: anonymous visitors and
/// residents get retail prices and "only N left", in the product's data as on its page.
#[tokio::test]
async fn trade_prices_and_exact_stock_are_not_public() {
    let test_db = TestDb::empty().await;
    let db = test_db.url.clone();
    let server = spawn(&db, &[]).await;
    let pool = sqlx::PgPool::connect(&db).await.unwrap();
    // A product whose variant has distinctive trade terms and stock.
    let (product, variant): (i64, i64) = sqlx::query_as(
        "SELECT p.id, min(v.id) FROM products p JOIN variants v ON v.product_id = p.id
         WHERE p.listed AND v.active GROUP BY p.id ORDER BY p.id LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    sqlx::query(
        "UPDATE variants SET retail_price_cents = 1777, pro_price_cents = 98765, case_size = 37, stock_mode = 'finite',
                            stock = 43219 WHERE id = $1",
    )
    .bind(variant)
    .execute(&pool)
    .await
    .unwrap();
    let secrets = [
        "98765",
        "987,65",
        "43219",
        "pro_price",
        "case_size",
        "\"stock\"",
        "colis de 37",
    ];
    for (who, email) in [("anonymous", None), ("resident", Some("habitant@maillon.test"))] {
        let browser = Browser::open(&server).await;
        if let Some(email) = email {
            browser.sign_in(&server.base, email, DEMO_PASSWORD).await;
        }
        for path in [format!("/api/product?id={product}"), format!("/produits/{product}")] {
            let response = browser.get(&server.base, &path).await;
            assert_eq!(response.status(), 200, "{who} {path}");
            let body = response.text().await.unwrap();
            assert!(
                body.contains("1777") || body.contains("17,77"),
                "{who} {path} shows the retail price"
            );
            for secret in secrets {
                assert!(!body.contains(secret), "{who} {path} shows {secret}");
            }
        }
    }
    let shopkeeper = Browser::open(&server).await;
    shopkeeper
        .sign_in(&server.base, "commerce@maillon.test", DEMO_PASSWORD)
        .await;
    let data = shopkeeper
        .get(&server.base, &format!("/api/product?id={product}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        data.contains("\"pro_price_cents\":98765") && data.contains("\"case_size\":37"),
        "{data}"
    );
    assert!(!data.contains("43219"), "not even shopkeepers see the exact stock");
    let page = shopkeeper
        .get(&server.base, &format!("/produits/{product}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Prix pro 987,65") && page.contains("colis de 37"),
        "the page shows the trade terms"
    );
}
