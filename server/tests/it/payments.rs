//! Card payments through the real server and a fake Stripe on loopback: checkout opens a Stripe
//! Checkout session with an idempotency key, the signed webhook confirms the order once, and
//! forged or replayed events change nothing.

use maillon_test_support::TestDb;
use maillon_test_support::demo::DEMO_PASSWORD;
use maillon_test_support::fake_stripe::{self, FakeStripe};
use maillon_test_support::server::{Browser, Server};

use crate::spawn;

pub(crate) const SECRET: &str = "sk_test_maillon";
pub(crate) const WEBHOOK_SECRET: &str = "whsec_maillon_test";

/// The server with card payments, on the fake Stripe.
pub(crate) async fn spawn_with_stripe(db: &str, stripe: &FakeStripe) -> Server {
    spawn(
        db,
        &[
            ("MAILLON_STRIPE_SECRET_KEY", SECRET.to_owned()),
            ("MAILLON_STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET.to_owned()),
            ("MAILLON_STRIPE_API_BASE", stripe.base_url.clone()),
        ],
    )
    .await
}

#[tokio::test]
async fn a_card_order_is_confirmed_once_by_its_signed_webhook() {
    let stripe = FakeStripe::start(SECRET).await;
    let test_db = TestDb::empty().await;
    let db = test_db.url.clone();
    let server = spawn_with_stripe(&db, &stripe).await;
    let pool = sqlx::PgPool::connect(&db).await.unwrap();
    let (cycle, variant, slot): (i64, i64, i64) = sqlx::query_as(
        "SELECT o.cycle_id, v.id, (SELECT min(s.id) FROM slots s WHERE s.cycle_id = o.cycle_id AND s.pickup_point_id IS NOT NULL)
         FROM cycle_offers o JOIN order_cycles c ON c.id = o.cycle_id JOIN variants v ON v.id = o.variant_id
         WHERE c.status = 'open' AND v.stock_mode = 'finite' AND v.case_size = 1 ORDER BY v.id LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    sqlx::query("UPDATE variants SET stock = 10 WHERE id = $1")
        .bind(variant)
        .execute(&pool)
        .await
        .unwrap();
    let browser = Browser::open(&server).await;
    browser
        .sign_in(&server.base, "habitant@maillon.test", DEMO_PASSWORD)
        .await;
    let (cycle_s, variant_s, slot_s) = (cycle.to_string(), variant.to_string(), slot.to_string());
    let added = browser
        .post(
            &server.base,
            "add_to_cart",
            &[("cycle_id", &cycle_s), ("variant_id", &variant_s), ("quantity", "2")],
        )
        .await;
    assert_eq!(added.status(), 200);
    let checkout = [
        ("cycle_id", cycle_s.as_str()),
        ("attempt", "card-attempt-0001"),
        ("slot", slot_s.as_str()),
        ("payment", "card"),
    ];
    let first = browser.post(&server.base, "checkout", &checkout).await;
    assert!(
        first.status().is_redirection() || first.status().is_success(),
        "{}",
        first.status()
    );
    // The same form sent twice: one order, one Stripe session.
    let again = browser.post(&server.base, "checkout", &checkout).await;
    assert!(again.status().is_redirection() || again.status().is_success());
    let sessions = stripe.sessions();
    assert_eq!(sessions.len(), 1, "one session for one order attempt");
    let requests = stripe.requests();
    let key = requests[0].idempotency_key.clone().unwrap();
    assert!(key.contains("card-attempt-0001"), "{key}");
    assert!(
        requests
            .iter()
            .all(|r| r.idempotency_key.as_deref() == Some(key.as_str()))
    );
    let session_id = sessions[0]["id"].as_str().unwrap().to_owned();
    let (order, status): (i64, String) = sqlx::query_as("SELECT id, status FROM orders WHERE stripe_session_id = $1")
        .bind(&session_id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(status, "pending_payment");
    assert_eq!(sessions[0]["client_reference_id"], order.to_string());

    let webhook = |payload: String, signature: String| {
        let base = server.base.clone();
        async move {
            reqwest::Client::new()
                .post(format!("{base}/stripe/webhook"))
                .header("stripe-signature", signature)
                .header("content-type", "application/json")
                .body(payload)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    let paid = stripe.complete_session(&session_id);
    let event = fake_stripe::completed_event("evt_paid_1", &paid);
    let forged = fake_stripe::sign(&event, "whsec_someone_else", fake_stripe::now());
    assert_eq!(webhook(event.clone(), forged).await, 400, "a forged event is refused");
    let status: String = sqlx::query_scalar("SELECT status FROM orders WHERE id = $1")
        .bind(order)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(status, "pending_payment");
    let signed = fake_stripe::sign(&event, WEBHOOK_SECRET, fake_stripe::now());
    assert_eq!(webhook(event.clone(), signed.clone()).await, 200);
    assert_eq!(webhook(event.clone(), signed).await, 200, "a replay is acknowledged");
    let (status, paid_cents, total): (String, i64, i64) =
        sqlx::query_as("SELECT status, paid_cents, total_cents FROM orders WHERE id = $1")
            .bind(order)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(status, "confirmed");
    assert_eq!(paid_cents, total, "paid once, not twice");
    let confirmations: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM outbox_emails WHERE to_address = 'habitant@maillon.test' AND subject LIKE $1",
    )
    .bind(format!("Commande n° {order} confirmée%"))
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(confirmations, 1);
    let events: i64 = sqlx::query_scalar("SELECT count(*) FROM stripe_events")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(events, 1);
}

/// The rule for a card payment that completes after the cycle closed: the order was released
/// at closing, the payment is refunded, and the purchase order (page, CSV, email) and the
/// orders agree on what producers bring.
#[tokio::test]
async fn a_card_payment_completed_after_closing_is_refunded_and_purchase_orders_agree() {
    let stripe = FakeStripe::start(SECRET).await;
    let test_db = TestDb::empty().await;
    let db = test_db.url.clone();
    let server = spawn_with_stripe(&db, &stripe).await;
    let pool = sqlx::PgPool::connect(&db).await.unwrap();
    let (cycle, variant, slot): (i64, i64, i64) = sqlx::query_as(
        "SELECT o.cycle_id, v.id, (SELECT min(s.id) FROM slots s WHERE s.cycle_id = o.cycle_id AND s.pickup_point_id IS NOT NULL)
         FROM cycle_offers o JOIN order_cycles c ON c.id = o.cycle_id JOIN variants v ON v.id = o.variant_id
         WHERE c.status = 'open' AND v.stock_mode = 'finite' AND v.case_size = 1 ORDER BY v.id LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    sqlx::query("UPDATE variants SET stock = 10 WHERE id = $1")
        .bind(variant)
        .execute(&pool)
        .await
        .unwrap();
    let buyer = Browser::open(&server).await;
    buyer
        .sign_in(&server.base, "habitant@maillon.test", DEMO_PASSWORD)
        .await;
    let (cycle_s, variant_s, slot_s) = (cycle.to_string(), variant.to_string(), slot.to_string());
    buyer
        .post(
            &server.base,
            "add_to_cart",
            &[("cycle_id", &cycle_s), ("variant_id", &variant_s), ("quantity", "2")],
        )
        .await;
    // The rule is stated where the buyer chooses to pay by card.
    let cart = buyer.get(&server.base, "/panier").await.text().await.unwrap();
    assert!(
        cart.contains("un paiement qui arrive après la clôture est refusé et remboursé"),
        "{cart}"
    );
    let placed = buyer
        .post(
            &server.base,
            "checkout",
            &[
                ("cycle_id", cycle_s.as_str()),
                ("attempt", "card-after-closing-01"),
                ("slot", slot_s.as_str()),
                ("payment", "card"),
            ],
        )
        .await;
    assert!(placed.status().is_redirection() || placed.status().is_success());
    let session_id = stripe.sessions()[0]["id"].as_str().unwrap().to_owned();
    let (order, label): (i64, String) = sqlx::query_as(
        "SELECT o.id, l.product_name || ' — ' || l.variant_label FROM orders o JOIN order_lines l ON l.order_id = o.id
         WHERE o.stripe_session_id = $1 AND l.variant_id = $2",
    )
    .bind(&session_id)
    .bind(variant)
    .fetch_one(&pool)
    .await
    .unwrap();

    // Staff close the cycle while the card payment is still pending.
    let staff = Browser::open(&server).await;
    staff.sign_in(&server.base, "hub@maillon.test", DEMO_PASSWORD).await;
    let closed = staff
        .post(&server.base, "cycle_action", &[("id", &cycle_s), ("action", "close")])
        .await;
    assert_eq!(closed.status(), 200);
    let said = closed.text().await.unwrap();
    assert!(said.contains("\"unpaid_released\":1"), "{said}");

    // Stripe confirms the payment minutes later.
    let paid = stripe.complete_session(&session_id);
    let event = fake_stripe::completed_event("evt_paid_after_closing", &paid);
    let signature = fake_stripe::sign(&event, WEBHOOK_SECRET, fake_stripe::now());
    let status = reqwest::Client::new()
        .post(format!("{}/stripe/webhook", server.base))
        .header("stripe-signature", signature)
        .header("content-type", "application/json")
        .body(event)
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 200);
    let (status, total): (String, i64) = sqlx::query_as("SELECT status, total_cents FROM orders WHERE id = $1")
        .bind(order)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(status, "expired", "the order left the cycle at closing");
    let refunded: i64 =
        sqlx::query_scalar("SELECT coalesce(sum(amount_cents), 0)::bigint FROM refunds WHERE order_id = $1")
            .bind(order)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(refunded, total, "the late payment goes back in full");

    // What the cycle's orders hold of the variant…
    let ordered: i64 = sqlx::query_scalar(
        "SELECT coalesce(sum(l.quantity), 0)::bigint FROM order_lines l JOIN orders o ON o.id = l.order_id
         WHERE o.cycle_id = $1 AND o.status = 'confirmed' AND l.variant_id = $2",
    )
    .bind(cycle)
    .bind(variant)
    .fetch_one(&pool)
    .await
    .unwrap();
    // …is what the page shows,
    let page: serde_json::Value = serde_json::from_str(
        &staff
            .get(&server.base, &format!("/api/cycle_logistics?id={cycle}"))
            .await
            .text()
            .await
            .unwrap(),
    )
    .unwrap();
    let on_page: i64 = page["logistics"]["purchase_orders"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|po| po["lines"].as_array().unwrap().iter())
        .filter(|l| l["variant_id"] == variant)
        .map(|l| l["line"]["ordered_units"].as_i64().unwrap())
        .sum();
    assert_eq!(on_page, ordered);
    // …what the CSV says,
    let csv = staff
        .get(&server.base, &format!("/hub/cycles/{cycle}/bons.csv"))
        .await
        .text()
        .await
        .unwrap();
    let in_csv: i64 = csv
        .lines()
        .filter(|row| row.contains(&format!("\"{label}\"")))
        .map(|row| row.split(';').nth(3).unwrap().parse::<i64>().unwrap())
        .sum();
    assert_eq!(in_csv, ordered, "{csv}");
    // …and what the producer was emailed at closing.
    let bodies: Vec<String> =
        sqlx::query_scalar("SELECT body_text FROM outbox_emails WHERE subject LIKE 'Bon de commande%'")
            .fetch_all(&pool)
            .await
            .unwrap();
    let suffix = format!(" × {label}");
    let emailed: i64 = bodies
        .iter()
        .flat_map(|b| b.lines())
        .filter(|l| l.starts_with("- ") && l.ends_with(&suffix))
        .map(|l| l[2..l.len() - suffix.len()].trim().parse::<i64>().unwrap())
        .sum();
    assert_eq!(emailed, ordered);
}

/// Stripe remembers an idempotency key with the parameters it first came with. A buyer who
/// retries paying long after checkout (the first answer lost, the page never shown) gets a
/// payment page, not a refusal: a retry soon after sends the very same request, a later one a
/// new request under a new key, with the order's stock held for the new page.
#[tokio::test]
async fn a_card_payment_retried_minutes_later_still_opens_a_payment_page() {
    let stripe = FakeStripe::start(SECRET).await;
    let test_db = TestDb::empty().await;
    let db = test_db.url.clone();
    let server = spawn_with_stripe(&db, &stripe).await;
    let pool = sqlx::PgPool::connect(&db).await.unwrap();
    let (cycle, variant, slot): (i64, i64, i64) = sqlx::query_as(
        "SELECT o.cycle_id, v.id, (SELECT min(s.id) FROM slots s WHERE s.cycle_id = o.cycle_id AND s.pickup_point_id IS NOT NULL)
         FROM cycle_offers o JOIN order_cycles c ON c.id = o.cycle_id JOIN variants v ON v.id = o.variant_id
         WHERE c.status = 'open' AND v.stock_mode = 'finite' AND v.case_size = 1 ORDER BY v.id LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let browser = Browser::open(&server).await;
    browser
        .sign_in(&server.base, "habitant@maillon.test", DEMO_PASSWORD)
        .await;
    let (cycle_s, variant_s, slot_s) = (cycle.to_string(), variant.to_string(), slot.to_string());
    browser
        .post(
            &server.base,
            "add_to_cart",
            &[("cycle_id", &cycle_s), ("variant_id", &variant_s), ("quantity", "1")],
        )
        .await;
    let placed = browser
        .post(
            &server.base,
            "checkout",
            &[
                ("cycle_id", cycle_s.as_str()),
                ("attempt", "late-retry-0001"),
                ("slot", slot_s.as_str()),
                ("payment", "card"),
            ],
        )
        .await;
    assert!(placed.status().is_success() || placed.status().is_redirection());
    let order: i64 = sqlx::query_scalar("SELECT id FROM orders WHERE attempt_key = 'late-retry-0001'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(stripe.sessions().len(), 1);
    // The answer to that request was lost (the page never reached the buyer) and ten minutes
    // go by before they press "Payer".
    sqlx::query(
        "UPDATE orders SET stripe_session_id = NULL, stripe_session_url = NULL,
             payment_expires_at = payment_expires_at - interval '10 minutes', created_at = created_at - interval '10 minutes'
         WHERE id = $1",
    )
    .bind(order)
    .execute(&pool)
    .await
    .unwrap();
    // A renewed hold runs from now: past the second of the first one, so that its key differs.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let order_s = order.to_string();
    let pay_form = [("id", order_s.as_str())];
    let pay = || browser.post(&server.base, "pay_order", &pay_form);
    let retried = pay().await;
    let status = retried.status();
    let location = retried
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = retried.text().await.unwrap();
    assert!(
        location.starts_with("https://checkout.stripe.com/"),
        "a payment page, not a refusal: {status} {body}"
    );
    assert_eq!(
        stripe.sessions().len(),
        2,
        "a new page under a new key: {:?}",
        stripe
            .requests()
            .iter()
            .map(|r| (&r.idempotency_key, r.get("expires_at")))
            .collect::<Vec<_>>()
    );
    let held: bool =
        sqlx::query_scalar("SELECT payment_expires_at > now() + interval '35 minutes' FROM orders WHERE id = $1")
            .bind(order)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(held, "the stock is held for as long as the new page lives");
    // Lost once more, retried at once: the same request again, so the same page.
    sqlx::query("UPDATE orders SET stripe_session_id = NULL, stripe_session_url = NULL WHERE id = $1")
        .bind(order)
        .execute(&pool)
        .await
        .unwrap();
    let again = pay().await;
    let again_location = again
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert_eq!(again_location, location);
    assert_eq!(stripe.sessions().len(), 2, "a replay creates no page");
    let keys: Vec<String> = stripe
        .requests()
        .iter()
        .filter_map(|r| r.idempotency_key.clone())
        .collect();
    assert_eq!(keys.len(), 3);
    assert_ne!(keys[0], keys[1]);
    assert_eq!(keys[1], keys[2]);
    // And the buyer can pay.
    let session_id = stripe.sessions()[1]["id"].as_str().unwrap().to_owned();
    let paid = stripe.complete_session(&session_id);
    let event = fake_stripe::completed_event("evt_late_paid", &paid);
    let signature = fake_stripe::sign(&event, WEBHOOK_SECRET, fake_stripe::now());
    let hook = reqwest::Client::new()
        .post(format!("{}/stripe/webhook", server.base))
        .header("stripe-signature", signature)
        .header("content-type", "application/json")
        .body(event)
        .send()
        .await
        .unwrap();
    assert_eq!(hook.status(), 200);
    let status: String = sqlx::query_scalar("SELECT status FROM orders WHERE id = $1")
        .bind(order)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(status, "confirmed");
}
