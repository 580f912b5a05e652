//! Shares paid by card when applying, through the real server and a fake Stripe on loopback:
//! applying sends the applicant to a Checkout page for the shares, the signed webhook records
//! the payment once, approving enters it in the share register, and refusing sends it back to
//! the card.

use std::time::Duration;

use maillon_test_support::TestDb;
use maillon_test_support::demo::DEMO_PASSWORD;
use maillon_test_support::fake_stripe::{self, FakeStripe};
use maillon_test_support::server::{Browser, Server};
use sqlx::PgPool;

use crate::payments::{SECRET, WEBHOOK_SECRET, spawn_with_stripe};

async fn webhook(server: &Server, payload: &str) -> u16 {
    reqwest::Client::new()
        .post(format!("{}/stripe/webhook", server.base))
        .header(
            "stripe-signature",
            fake_stripe::sign(payload, WEBHOOK_SECRET, fake_stripe::now()),
        )
        .header("content-type", "application/json")
        .body(payload.to_owned())
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// Signs in `email`, applies for `shares` shares paid by card, and returns the browser, the
/// application's id and the Checkout session the applicant was sent to.
async fn apply_by_card(
    server: &Server,
    pool: &PgPool,
    stripe: &FakeStripe,
    email: &str,
    shares: &str,
) -> (Browser, i64, serde_json::Value) {
    let browser = Browser::open(server).await;
    browser.sign_in(&server.base, email, DEMO_PASSWORD).await;
    let form = browser
        .get(&server.base, "/cooperative/adhesion")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        form.contains(r#"value="card""#),
        "the form offers the card when the cooperative takes cards"
    );
    let applied = browser
        .post(
            &server.base,
            "apply_membership",
            &[
                ("category", "resident"),
                ("name", "Camille Devos"),
                ("address", "3 rue de Béthune, 59000 Lille"),
                ("shares", shares),
                ("payment", "card"),
            ],
        )
        .await;
    // A hydrated form is answered 200 with the address to go to (a plain form, 302).
    assert!(applied.status().is_success(), "{}", applied.status());
    let location = applied.headers()["location"].to_str().unwrap().to_owned();
    let member: i64 = sqlx::query_scalar(
        "SELECT m.id FROM members m JOIN users u ON u.id = m.user_id WHERE u.email = $1 AND m.status = 'applied'",
    )
    .bind(email)
    .fetch_one(pool)
    .await
    .unwrap();
    let session = stripe
        .sessions()
        .into_iter()
        .find(|s| s["client_reference_id"] == format!("adhesion-{member}"))
        .expect("a Checkout session for the application");
    assert_eq!(location, session["url"].as_str().unwrap(), "sent to the payment page");
    (browser, member, session)
}

#[tokio::test]
async fn shares_paid_by_card_enter_the_register_on_approval_and_go_back_to_the_card_on_refusal() {
    let stripe = FakeStripe::start(SECRET).await;
    let test_db = TestDb::empty().await;
    let db = test_db.url.clone();
    let server = spawn_with_stripe(&db, &stripe).await;
    let pool = PgPool::connect(&db).await.unwrap();
    let outsiders: Vec<String> = sqlx::query_scalar(
        "SELECT u.email FROM users u WHERE u.email LIKE '%@maillon.test'
           AND NOT EXISTS (SELECT 1 FROM members m WHERE m.user_id = u.id) ORDER BY u.id LIMIT 2",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(outsiders.len(), 2, "two demo accounts that are not members");
    let value: i64 = sqlx::query_scalar("SELECT share_value_cents FROM governance_settings")
        .fetch_one(&pool)
        .await
        .unwrap();

    let (applicant, member, session) = apply_by_card(&server, &pool, &stripe, &outsiders[0], "3").await;
    assert_eq!(session["amount_total"].as_i64(), Some(3 * value), "{session}");
    let key = stripe.requests()[0].idempotency_key.clone().unwrap();
    assert_eq!(key, format!("maillon-shares-{member}-0"));
    // Asking again before paying opens the same page, not a second one.
    let again = applicant.post(&server.base, "pay_shares", &[]).await;
    assert_eq!(again.headers()["location"], session["url"].as_str().unwrap());
    assert_eq!(stripe.sessions().len(), 1);

    let paid = stripe.complete_session(session["id"].as_str().unwrap());
    let event = fake_stripe::completed_event("evt_shares_1", &paid);
    assert_eq!(webhook(&server, &event).await, 200);
    assert_eq!(webhook(&server, &event).await, 200, "a replay is acknowledged");
    let held: i64 = sqlx::query_scalar("SELECT card_paid_cents FROM members WHERE id = $1")
        .bind(member)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(held, 3 * value, "held once on the application");
    let movements: i64 = sqlx::query_scalar("SELECT count(*) FROM share_movements WHERE member_id = $1")
        .bind(member)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(movements, 0, "nothing in the register before the board approves");
    let paid_again = applicant.post(&server.base, "pay_shares", &[]).await;
    assert_eq!(paid_again.status(), 422, "paid shares cannot be paid twice");

    let board = Browser::open(&server).await;
    board.sign_in(&server.base, "conseil@maillon.test", DEMO_PASSWORD).await;
    let page = board
        .get(&server.base, "/conseil/societaires")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Payé par carte"),
        "the board sees the payment before deciding"
    );
    let member_s = member.to_string();
    let approved = board
        .post(&server.base, "approve_member", &[("member", &member_s)])
        .await;
    assert_eq!(approved.status(), 200);
    let register: Vec<(String, i64, String)> =
        sqlx::query_as("SELECT kind, cents, reference FROM share_movements WHERE member_id = $1 ORDER BY id")
            .bind(member)
            .fetch_all(&pool)
            .await
            .unwrap();
    let intent = paid["payment_intent"].as_str().unwrap();
    assert_eq!(register.len(), 2, "{register:?}");
    assert_eq!(register[0].0, "subscribed");
    assert_eq!(
        (register[1].0.as_str(), register[1].1, register[1].2.as_str()),
        ("paid", 3 * value, format!("carte {intent}").as_str())
    );

    // A second applicant pays, and the board refuses: the money goes back to the card.
    let (_, refused, session) = apply_by_card(&server, &pool, &stripe, &outsiders[1], "1").await;
    let paid = stripe.complete_session(session["id"].as_str().unwrap());
    assert_eq!(
        webhook(&server, &fake_stripe::completed_event("evt_shares_2", &paid)).await,
        200
    );
    let refused_s = refused.to_string();
    let refusal = board
        .post(
            &server.base,
            "refuse_member",
            &[("member", &refused_s), ("reason", "Hors du territoire")],
        )
        .await;
    assert_eq!(refusal.status(), 200);
    let queued: i64 = sqlx::query_scalar("SELECT amount_cents FROM refunds WHERE member_id = $1")
        .bind(refused)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(queued, value);
    // The clock sends it to Stripe, against the payment of the shares.
    let intent = paid["payment_intent"].as_str().unwrap().to_owned();
    let mut sent = Vec::new();
    for _ in 0..60 {
        sent = stripe.refunds();
        if !sent.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0]["payment_intent"], intent);
    assert_eq!(sent[0]["amount"].as_i64(), Some(value));
}
