//! Card payments through the real server and a fake Stripe on loopback: checkout opens a Stripe
//! Checkout session with an idempotency key, the signed webhook confirms the order once, and
//! forged or replayed events change nothing.

mod common;
#[path = "../../tests/support/fake_stripe.rs"]
mod fake_stripe;

use common::{Browser, DEMO_PASSWORD, fresh_database, spawn};
use fake_stripe::FakeStripe;

const SECRET: &str = "sk_test_maillon";
const WEBHOOK_SECRET: &str = "whsec_maillon_test";

#[tokio::test]
async fn a_card_order_is_confirmed_once_by_its_signed_webhook() {
    let stripe = FakeStripe::start(SECRET).await;
    let db = fresh_database().await;
    let server = spawn(
        &db,
        &[
            ("MAILLON_STRIPE_SECRET_KEY", SECRET.to_owned()),
            ("MAILLON_STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET.to_owned()),
            ("MAILLON_STRIPE_API_BASE", stripe.base_url.clone()),
        ],
    )
    .await;
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
        "SELECT count(*) FROM outbox_emails WHERE to_address = 'habitant@maillon.test' AND subject LIKE '%confirmée%'",
    )
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
