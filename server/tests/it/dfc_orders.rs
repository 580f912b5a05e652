//! DFC orders through the real server on the demo: the board issues a platform a token for a
//! member's account; the platform posts an order the official connector wrote, reads it back
//! through the connector (states, lines, prices and quantities equal the database's), and
//! loses access once the board revokes the token.

use maillon_test_support::TestDb;
use maillon_test_support::demo::DEMO_PASSWORD;
use maillon_test_support::server::Browser;
use maillon_test_support::validators::{dfc_as, dfc_order};
use serde_json::Value;

const PLATFORM: &str = "CoopCircuits";
const ACCOUNT: &str = "habitant@maillon.test";

/// The secret the board's page shows once after issuing, if it shows one.
async fn shown_token(board: &Browser, base: &str) -> Option<String> {
    let page = board.get(base, maillon::paths::PLATFORMS).await.text().await.unwrap();
    assert!(page.contains(PLATFORM), "the page lists the token");
    maillon_test_support::server::issued_token(&page)
}

fn hundredths(v: &Value) -> i64 {
    (v.as_f64().unwrap() * 100.0).round() as i64
}

/// The last part of a vocabulary term, whichever way the connector wrote it.
fn term(v: &Value) -> &str {
    v.as_str().unwrap().rsplit(['#', ':']).next().unwrap()
}

#[tokio::test]
async fn a_platform_places_and_reads_orders_with_the_token_the_board_issued() {
    let db = TestDb::migrated().await;
    let server = crate::spawn(&db.url, &[]).await;
    let pool = db.pool();
    let base = server.base.clone();
    let http = reqwest::Client::new();

    let board = Browser::open(&server).await;
    board.sign_in(&base, "conseil@maillon.test", DEMO_PASSWORD).await;
    // A name on two lines, and an email of nobody here, are refused.
    for (platform, email) in [("A\nB", ACCOUNT), (PLATFORM, "personne@ailleurs.test")] {
        let refused = board
            .post(
                &base,
                "issue_platform_token",
                &[("platform", platform), ("email", email)],
            )
            .await;
        assert_eq!(refused.status(), 422);
    }
    let issued = board
        .post(
            &base,
            "issue_platform_token",
            &[("platform", PLATFORM), ("email", ACCOUNT)],
        )
        .await;
    assert_eq!(issued.status(), 200, "{}", issued.text().await.unwrap());
    let token = shown_token(&board, &base).await.expect("the token, once");
    assert!(shown_token(&board, &base).await.is_none(), "never twice");
    let stored: Vec<u8> = sqlx::query_scalar("SELECT token_hash FROM dfc_tokens")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_ne!(stored, token.as_bytes(), "only its hash is kept");

    // Without the token, or with another, orders are not there.
    let orders = format!("{base}/dfc/orders");
    for auth in [None, Some("Bearer nope"), Some("Basic Zm9vOmJhcg==")] {
        let mut request = http.get(&orders);
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 401, "{auth:?}");
        assert!(response.headers().contains_key("www-authenticate"));
    }

    // The open sale session and two of its offers with stock to spare.
    let (cycle,): (i64,) = sqlx::query_as(
        "SELECT id FROM order_cycles WHERE status = 'open' AND closes_at > now() ORDER BY closes_at, id LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let offered: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT o.variant_id, v.stock FROM cycle_offers o JOIN variants v ON v.id = o.variant_id
         JOIN products p ON p.id = v.product_id
         WHERE o.cycle_id = $1 AND p.active AND v.active AND v.stock_mode = 'finite' AND o.stock_cap IS NULL
           AND v.stock >= 3
         ORDER BY o.variant_id LIMIT 2",
    )
    .bind(cycle)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(offered.len(), 2, "two offers to order");
    let session = format!("{base}/dfc/sale-sessions/{cycle}");
    let offer = |v: i64| format!("{session}/offers/{v}");
    let post = |body: String, key: &'static str| {
        http.post(&orders)
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "application/ld+json")
            .header("idempotency-key", key)
            .body(body)
            .send()
    };

    // More than is left: refused, nothing reserved.
    let (first, left) = offered[0];
    let too_many = dfc_order(&session, &[(offer(first), left + 1)]);
    let refused = post(too_many, "too-many-0001").await.unwrap();
    assert_eq!(refused.status(), 409);
    // Not an order of ours: a clear 422.
    let elsewhere = dfc_order("https://ailleurs.test/dfc/sale-sessions/1", &[(offer(first), 1)]);
    assert_eq!(post(elsewhere, "elsewhere-01").await.unwrap().status(), 422);
    assert_eq!(post("{".into(), "broken-json1").await.unwrap().status(), 422);

    let body = dfc_order(&session, &[(offer(first), 2), (offer(offered[1].0), 1)]);
    let placed = post(body.clone(), "platform-order-1").await.unwrap();
    assert_eq!(placed.status(), 201);
    let location = placed.headers()["location"].to_str().unwrap().to_owned();
    // The same request again (a retry) finds the same order.
    let again = post(body, "platform-order-1").await.unwrap();
    assert_eq!(again.headers()["location"].to_str().unwrap(), location);
    let id: i64 = location.rsplit('/').next().unwrap().parse().unwrap();
    let (status, method, mine): (String, String, bool) = sqlx::query_as(
        "SELECT o.status, o.payment_method, u.email = $2 FROM orders o JOIN users u ON u.id = o.user_id WHERE o.id = $1",
    )
    .bind(id)
    .bind(ACCOUNT)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((status.as_str(), method.as_str(), mine), ("confirmed", "pickup", true));
    let now: i64 = sqlx::query_scalar("SELECT stock FROM variants WHERE id = $1")
        .bind(first)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(now, left - 2, "two taken, once");

    // The connector reads the order, and the listing, as the database holds them.
    let one = format!("/dfc/orders/{id}");
    let alone = format!("{one}/lines/{first}");
    let report = dfc_as(
        &base,
        &["/dfc/orders".to_owned(), one.clone(), alone.clone()],
        Some(&token),
    );
    // A line alone at its IRI is the same line.
    let read_alone = report[&alone].as_array().unwrap();
    assert_eq!(read_alone.len(), 1);
    assert!(report[&one].as_array().unwrap().contains(&read_alone[0]));
    let read = report[&one].as_array().unwrap();
    assert_eq!(read.len(), 3, "the order and its two lines");
    let order = read.iter().find(|o| o["type"] == "dfc-b:Order").unwrap();
    assert_eq!(order["number"], id.to_string());
    assert_eq!(order["saleSession"], session);
    assert_eq!(term(&order["orderStatus"]), "Complete");
    assert_eq!(term(&order["paymentStatus"]), "Unpaid");
    assert_eq!(term(&order["fulfilmentStatus"]), "Unfulfilled");
    assert_eq!(order["lines"].as_array().unwrap().len(), 2);
    let lines: Vec<(i64, i64, i64, i32)> = sqlx::query_as(
        "SELECT variant_id, quantity, unit_price_cents, vat_bp FROM order_lines WHERE order_id = $1 ORDER BY variant_id",
    )
    .bind(id)
    .fetch_all(&pool)
    .await
    .unwrap();
    for (variant, quantity, price, vat) in lines {
        let line = read
            .iter()
            .find(|o| o["type"] == "dfc-b:OrderLine" && o["offer"] == offer(variant))
            .unwrap();
        assert_eq!(line["quantity"].as_i64(), Some(quantity));
        assert_eq!(hundredths(&line["price"]["value"]), price);
        assert_eq!(hundredths(&line["price"]["vatRate"]), i64::from(vat));
        assert_eq!(line["order"], format!("{base}{one}"));
    }
    let listed = report["/dfc/orders"].as_array().unwrap();
    let of_account: i64 =
        sqlx::query_scalar("SELECT count(*) FROM orders o JOIN users u ON u.id = o.user_id WHERE u.email = $1")
            .bind(ACCOUNT)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(
        listed.iter().filter(|o| o["type"] == "dfc-b:Order").count() as i64,
        of_account.min(100)
    );

    // Another member's order is not found.
    let other: i64 =
        sqlx::query_scalar("SELECT min(o.id) FROM orders o JOIN users u ON u.id = o.user_id WHERE u.email <> $1")
            .bind(ACCOUNT)
            .fetch_one(&pool)
            .await
            .unwrap();
    let theirs = http
        .get(format!("{base}/dfc/orders/{other}"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(theirs.status(), 404);

    // Revoked (after a confirmation): the token opens nothing any more.
    let token_id: String = sqlx::query_scalar("SELECT id::text FROM dfc_tokens")
        .fetch_one(&pool)
        .await
        .unwrap();
    let unconfirmed = board
        .post(&base, "revoke_platform_token", &[("token", &token_id)])
        .await;
    assert_eq!(unconfirmed.status(), 422);
    let revoked = board
        .post(
            &base,
            "revoke_platform_token",
            &[("token", &token_id), ("confirm", "yes")],
        )
        .await;
    assert_eq!(revoked.status(), 200);
    let closed = http.get(&orders).bearer_auth(&token).send().await.unwrap();
    assert_eq!(closed.status(), 401);
    let audited: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE action IN ('platform_token_issued', 'platform_token_revoked')",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(audited, 2);
}
