//! The Stripe gateway through its real HTTP client, against a fake Stripe on loopback.

use fake_stripe::{Failure, FakeStripe};
use maillon::payments::{CheckoutLine, CheckoutRequest, EventKind, PaymentError, Stripe, StripeConfig, WebhookError};
use maillon_test_support::fake_stripe;

const SECRET_KEY: &str = "sk_test_maillon";
const WEBHOOK_SECRET: &str = "whsec_maillon";

fn gateway(fake: &FakeStripe) -> Stripe {
    Stripe::new(StripeConfig {
        secret_key: SECRET_KEY.into(),
        webhook_secret: WEBHOOK_SECRET.into(),
        api_base: Some(fake.base_url.clone()),
    })
}

fn request(key: &str) -> CheckoutRequest {
    CheckoutRequest {
        order_reference: "order-42".into(),
        customer_email: Some("claire@example.org".into()),
        lines: vec![
            CheckoutLine {
                name: "Tomates anciennes (1 kg)".into(),
                unit_amount_cents: 450,
                quantity: 2,
            },
            CheckoutLine {
                name: "Miel de châtaignier & co".into(),
                unit_amount_cents: 1200,
                quantity: 1,
            },
        ],
        success_url: "https://maillon.test/commandes/42?paiement=ok&session={CHECKOUT_SESSION_ID}".into(),
        cancel_url: "https://maillon.test/panier".into(),
        expires_at_unix: Some(fake_stripe::now() + 3600),
        idempotency_key: key.into(),
        metadata: vec![("order_id".into(), "42".into()), ("attempt".into(), "1".into())],
    }
}

#[tokio::test]
async fn a_checkout_session_carries_the_order_its_lines_and_the_idempotency_key() {
    let fake = FakeStripe::start(SECRET_KEY).await;
    let req = request("order-42-attempt-1");
    let session = gateway(&fake).create_checkout_session(&req).await.unwrap();

    assert!(session.id.starts_with("cs_test_"), "{}", session.id);
    assert_eq!(session.url, format!("https://checkout.stripe.com/c/pay/{}", session.id));

    let sent = fake.requests();
    assert_eq!(sent.len(), 1);
    let sent = &sent[0];
    assert_eq!(sent.path, "/v1/checkout/sessions");
    assert_eq!(sent.idempotency_key.as_deref(), Some("order-42-attempt-1"));
    assert_eq!(sent.authorization.as_deref(), Some("Bearer sk_test_maillon"));
    let expires_at = req.expires_at_unix.unwrap().to_string();
    for (key, value) in [
        ("mode", "payment"),
        ("currency", "eur"),
        ("client_reference_id", "order-42"),
        ("customer_email", "claire@example.org"),
        ("success_url", req.success_url.as_str()),
        ("cancel_url", "https://maillon.test/panier"),
        ("expires_at", expires_at.as_str()),
        ("line_items[0][price_data][currency]", "eur"),
        ("line_items[0][price_data][unit_amount]", "450"),
        (
            "line_items[0][price_data][product_data][name]",
            "Tomates anciennes (1 kg)",
        ),
        ("line_items[0][quantity]", "2"),
        ("line_items[1][price_data][currency]", "eur"),
        ("line_items[1][price_data][unit_amount]", "1200"),
        (
            "line_items[1][price_data][product_data][name]",
            "Miel de châtaignier & co",
        ),
        ("line_items[1][quantity]", "1"),
        ("metadata[order_id]", "42"),
        ("metadata[attempt]", "1"),
    ] {
        assert_eq!(sent.get(key), Some(value), "{key} in {:?}", sent.form);
    }
    assert!(sent.get("line_items[2][quantity]").is_none());

    let stored = fake.session(&session.id).unwrap();
    assert_eq!(stored["amount_total"], 2 * 450 + 1200);
    assert_eq!(stored["client_reference_id"], "order-42");
    assert_eq!(stored["payment_status"], "unpaid");
    assert_eq!(stored["status"], "open");
    assert!(stored["payment_intent"].is_null());
}

#[tokio::test]
async fn optional_fields_are_left_to_stripe_when_absent() {
    let fake = FakeStripe::start(SECRET_KEY).await;
    let req = CheckoutRequest {
        customer_email: None,
        expires_at_unix: None,
        metadata: vec![],
        ..request("order-43-attempt-1")
    };
    gateway(&fake).create_checkout_session(&req).await.unwrap();
    let sent = &fake.requests()[0];
    for absent in ["customer_email", "expires_at", "metadata"] {
        assert!(
            !sent.form.iter().any(|(k, _)| k.starts_with(absent)),
            "{absent} in {:?}",
            sent.form
        );
    }
    assert!(fake.sessions()[0]["expires_at"].as_i64().unwrap() > fake_stripe::now() + 23 * 3600);
}

#[tokio::test]
async fn a_retry_with_the_same_key_returns_the_same_session() {
    let fake = FakeStripe::start(SECRET_KEY).await;
    let stripe = gateway(&fake);
    let req = request("order-42-attempt-1");
    let first = stripe.create_checkout_session(&req).await.unwrap();
    let again = stripe.create_checkout_session(&req).await.unwrap();
    assert_eq!(first, again);
    assert_eq!(fake.sessions().len(), 1, "the retry created nothing");
    assert_eq!(fake.requests().len(), 2);

    // A new attempt of the order (new key) is a new session.
    let second = stripe
        .create_checkout_session(&request("order-42-attempt-2"))
        .await
        .unwrap();
    assert_ne!(second.id, first.id);
    assert_eq!(fake.sessions().len(), 2);

    // Reusing a key for different contents is a bug Stripe refuses, and no retry fixes it.
    let mut changed = request("order-42-attempt-1");
    changed.lines[0].quantity = 3;
    let err = stripe.create_checkout_session(&changed).await.unwrap_err();
    assert!(
        matches!(&err, PaymentError::Rejected { status: 400, kind, .. } if kind == "idempotency_error"),
        "{err:?}"
    );
    assert!(!err.is_retryable());
    assert_eq!(fake.sessions().len(), 2);
}

#[tokio::test]
async fn card_errors_are_final_and_outages_are_retryable_with_the_same_key() {
    let fake = FakeStripe::start(SECRET_KEY).await;
    let stripe = gateway(&fake);
    let req = request("order-42-attempt-1");

    fake.fail_next(1, Failure::CardDeclined);
    let err = stripe.create_checkout_session(&req).await.unwrap_err();
    match &err {
        PaymentError::Card {
            message,
            code,
            decline_code,
        } => {
            assert_eq!(message, "Your card was declined.");
            assert_eq!(code.as_deref(), Some("card_declined"));
            assert_eq!(decline_code.as_deref(), Some("generic_decline"));
        }
        other => panic!("{other:?}"),
    }
    assert!(!err.is_retryable());

    fake.fail_next(2, Failure::ServerError);
    for _ in 0..2 {
        let err = stripe.create_checkout_session(&req).await.unwrap_err();
        assert!(matches!(err, PaymentError::Unavailable(_)), "{err:?}");
        assert!(err.is_retryable());
    }
    assert!(fake.sessions().is_empty(), "the client does not retry by itself");

    let session = stripe.create_checkout_session(&req).await.unwrap();
    assert_eq!(fake.sessions().len(), 1);
    assert_eq!(fake.requests().len(), 4);
    assert!(
        fake.requests()
            .iter()
            .all(|r| r.idempotency_key.as_deref() == Some("order-42-attempt-1"))
    );
    assert_eq!(stripe.create_checkout_session(&req).await.unwrap(), session);
}

#[tokio::test]
async fn network_failures_are_retryable_and_bad_credentials_are_not() {
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let down = Stripe::new(StripeConfig {
        secret_key: SECRET_KEY.into(),
        webhook_secret: WEBHOOK_SECRET.into(),
        api_base: Some(format!("http://127.0.0.1:{port}/")),
    });
    let err = down
        .create_checkout_session(&request("order-42-attempt-1"))
        .await
        .unwrap_err();
    assert!(matches!(err, PaymentError::Unavailable(_)), "{err:?}");

    let fake = FakeStripe::start(SECRET_KEY).await;
    let wrong_key = Stripe::new(StripeConfig {
        secret_key: "sk_test_revoked".into(),
        webhook_secret: WEBHOOK_SECRET.into(),
        api_base: Some(fake.base_url.clone()),
    });
    let err = wrong_key
        .create_checkout_session(&request("order-42-attempt-1"))
        .await
        .unwrap_err();
    assert!(matches!(err, PaymentError::Rejected { status: 401, .. }), "{err:?}");
    assert!(!err.is_retryable());

    // An unusable idempotency key never reaches Stripe.
    let err = gateway(&fake).create_checkout_session(&request("")).await.unwrap_err();
    assert!(matches!(err, PaymentError::Invalid(_)), "{err:?}");
    assert_eq!(fake.requests().len(), 1);
}

#[tokio::test]
async fn a_paid_order_is_refunded_in_parts_but_never_beyond_what_was_paid() {
    let fake = FakeStripe::start(SECRET_KEY).await;
    let stripe = gateway(&fake);
    let session = stripe
        .create_checkout_session(&request("order-42-attempt-1"))
        .await
        .unwrap();
    let paid = fake.complete_session(&session.id);
    let intent = paid["payment_intent"].as_str().unwrap();

    let refund = stripe.refund(intent, 450, "order-42-refund-line-1").await.unwrap();
    assert!(refund.starts_with("re_"), "{refund}");
    let sent = fake.requests().pop().unwrap();
    assert_eq!(sent.path, "/v1/refunds");
    assert_eq!(sent.idempotency_key.as_deref(), Some("order-42-refund-line-1"));
    assert_eq!(sent.get("payment_intent"), Some(intent));
    assert_eq!(sent.get("amount"), Some("450"));

    // A retried refund refunds once.
    assert_eq!(
        stripe.refund(intent, 450, "order-42-refund-line-1").await.unwrap(),
        refund
    );
    assert_eq!(fake.refunds().len(), 1);

    // 2100 paid, 450 refunded: 1650 left.
    let err = stripe
        .refund(intent, 1651, "order-42-refund-too-much")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, PaymentError::Rejected { status: 400, message, .. } if message.contains("greater than")),
        "{err:?}"
    );
    let rest = stripe.refund(intent, 1650, "order-42-refund-rest").await.unwrap();
    assert_ne!(rest, refund);
    assert_eq!(fake.refunds().len(), 2);

    let err = stripe.refund("pi_unknown", 100, "order-0-refund").await.unwrap_err();
    assert!(matches!(err, PaymentError::Rejected { status: 404, .. }), "{err:?}");

    fake.fail_next(1, Failure::ServerError);
    let err = stripe.refund(intent, 1, "order-42-refund-late").await.unwrap_err();
    assert!(err.is_retryable(), "{err:?}");
}

#[tokio::test]
async fn webhook_events_built_like_stripes_verify_and_parse() {
    let fake = FakeStripe::start(SECRET_KEY).await;
    let stripe = gateway(&fake);
    let now = fake_stripe::now();

    let paid_session = stripe
        .create_checkout_session(&request("order-42-attempt-1"))
        .await
        .unwrap();
    let paid = fake.complete_session(&paid_session.id);
    let payload = fake_stripe::completed_event("evt_completed", &paid);
    let event = stripe
        .verify_event(&payload, &fake_stripe::sign(&payload, WEBHOOK_SECRET, now), now)
        .unwrap();
    assert_eq!(event.id, "evt_completed");
    assert_eq!(
        event.kind,
        EventKind::CheckoutCompleted {
            session_id: paid_session.id.clone(),
            client_reference_id: Some("order-42".into()),
            payment_intent: paid["payment_intent"].as_str().map(str::to_owned),
            amount_total: Some(2100),
            paid: true,
        }
    );

    let lapsed_session = stripe
        .create_checkout_session(&request("order-42-attempt-2"))
        .await
        .unwrap();
    let lapsed = fake.expire_session(&lapsed_session.id);
    let payload = fake_stripe::expired_event("evt_expired", &lapsed);
    let event = stripe
        .verify_event(&payload, &fake_stripe::sign(&payload, WEBHOOK_SECRET, now - 10), now)
        .unwrap();
    assert_eq!(
        event.kind,
        EventKind::CheckoutExpired {
            session_id: lapsed_session.id,
            client_reference_id: Some("order-42".into()),
        }
    );

    let other = fake_stripe::event(
        "evt_other",
        "payment_intent.created",
        &serde_json::json!({"id": "pi_1"}),
    );
    let event = stripe
        .verify_event(&other, &fake_stripe::sign(&other, WEBHOOK_SECRET, now), now)
        .unwrap();
    assert_eq!(event.kind, EventKind::Other("payment_intent.created".into()));

    let signed_elsewhere = fake_stripe::sign(&payload, "whsec_someone_else", now);
    assert_eq!(
        stripe.verify_event(&payload, &signed_elsewhere, now),
        Err(WebhookError::BadSignature)
    );
    let replayed = fake_stripe::sign(&payload, WEBHOOK_SECRET, now - 3600);
    assert_eq!(
        stripe.verify_event(&payload, &replayed, now),
        Err(WebhookError::Expired)
    );
}
