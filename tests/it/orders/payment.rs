//! Card payments: events applied once in any order, unpaid orders released at closing and a
//! late payment refunded, one valid payment key across retries.

use super::*;

#[tokio::test]
async fn payment_events_apply_once_whatever_their_order() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let cycle = open_cycle(&pool, &coop).await;
    let slot = pickup_slot(&pool, cycle).await;
    let buyer = user(&pool, &coop, "habitant@maillon.test").await;
    let v = scarce(&pool, cycle, 4).await;
    add(&pool, &coop, cycle, &buyer, v, 1).await.unwrap();
    let mut c = choice(slot, "attempt-card-1");
    c.payment = Some(PaymentMethod::Card);
    let placed = checkout(&pool, &coop, cycle, &buyer, &c).await.unwrap();
    assert_eq!(placed.status, OrderStatus::PendingPayment);
    assert_eq!(stock(&pool, v).await, 3, "a pending card order holds its stock");
    store::attach_payment_session(&ctx(&pool, &coop), placed.order_id, "cs_test_1", "https://pay/1")
        .await
        .unwrap();
    let served = ctx(&pool, &coop);
    let completed = PaymentEvent::Completed {
        session_id: "cs_test_1".into(),
        order_id: Some(placed.order_id),
        payment_intent: Some("pi_1".into()),
        amount_cents: None,
        paid: true,
    };
    let apply = |id: &'static str, e: PaymentEvent| {
        let ctx = served.clone();
        async move { store::apply_payment_event(&ctx, id, "t", &e).await.unwrap() }
    };
    assert_eq!(apply("evt_1", completed.clone()).await, Applied::Confirmed);
    assert_eq!(apply("evt_1", completed.clone()).await, Applied::Duplicate);
    let expired = PaymentEvent::Expired {
        session_id: "cs_test_1".into(),
        order_id: Some(placed.order_id),
    };
    assert_eq!(
        apply("evt_2", expired).await,
        Applied::Ignored,
        "a late expiry changes nothing"
    );
    let (status, paid): (String, i64) = sqlx::query_as("SELECT status, paid_cents FROM orders WHERE id = $1")
        .bind(placed.order_id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(status, "confirmed");
    assert!(paid > 0);
    assert_eq!(stock(&pool, v).await, 3);

    // An unpaid order expires and gives its stock back; a payment arriving after is refunded.
    add(&pool, &coop, cycle, &buyer, v, 2).await.unwrap();
    c.attempt_key = "attempt-card-2".into();
    let late = checkout(&pool, &coop, cycle, &buyer, &c).await.unwrap();
    assert_eq!(stock(&pool, v).await, 1);
    store::attach_payment_session(&ctx(&pool, &coop), late.order_id, "cs_test_2", "https://pay/2")
        .await
        .unwrap();
    let expired = store::expire_unpaid(&served.at(Utc::now() + Duration::minutes(41)))
        .await
        .unwrap();
    assert_eq!(expired, 1);
    assert_eq!(stock(&pool, v).await, 3);
    let paid_late = PaymentEvent::Completed {
        session_id: "cs_test_2".into(),
        order_id: Some(late.order_id),
        payment_intent: Some("pi_2".into()),
        amount_cents: Some(500),
        paid: true,
    };
    assert_eq!(apply("evt_3", paid_late).await, Applied::Refunding);
    let refunds = store::due_refunds(&pool).await.unwrap();
    assert_eq!(refunds.len(), 1);
    assert_eq!((refunds[0].1.as_str(), refunds[0].2), ("pi_2", 500));
    store::refund_done(&pool, refunds[0].0, "re_1").await.unwrap();
    store::refund_done(&pool, refunds[0].0, "re_1").await.unwrap();
    assert!(store::due_refunds(&pool).await.unwrap().is_empty());
}

#[tokio::test]
async fn closing_releases_unpaid_card_orders_and_a_later_payment_is_refunded() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    use maillon::hub::store as hub;
    let coop = demo(&pool).await;
    let cycle = open_cycle(&pool, &coop).await;
    let slot = pickup_slot(&pool, cycle).await;
    let v = scarce(&pool, cycle, 10).await;
    let buyer = user(&pool, &coop, "habitant@maillon.test").await;
    add(&pool, &coop, cycle, &buyer, v, 3).await.unwrap();
    let mut c = choice(slot, "attempt-late-card");
    c.payment = Some(PaymentMethod::Card);
    let placed = checkout(&pool, &coop, cycle, &buyer, &c).await.unwrap();
    store::attach_payment_session(&ctx(&pool, &coop), placed.order_id, "cs_test_late", "https://pay/late")
        .await
        .unwrap();
    let (_, change) = maillon::hub::closing::act_on_cycle(
        &maillon::ctx::Ctx::new(pool.clone(), coop.clone(), "http://test", Utc::now()),
        cycle,
        CycleAction::CloseNow,
    )
    .await
    .unwrap();
    assert_eq!(change.unpaid_released, 1);
    assert_eq!(stock(&pool, v).await, 10, "its stock is released");
    let paid = PaymentEvent::Completed {
        session_id: "cs_test_late".into(),
        order_id: Some(placed.order_id),
        payment_intent: Some("pi_late".into()),
        amount_cents: Some(placed_total(&pool, placed.order_id).await),
        paid: true,
    };
    let applied = store::apply_payment_event(&ctx(&pool, &coop), "evt_late", "t", &paid)
        .await
        .unwrap();
    assert_eq!(applied, Applied::Refunding);
    let status: String = sqlx::query_scalar("SELECT status FROM orders WHERE id = $1")
        .bind(placed.order_id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(status, "expired");
    let refunds = store::due_refunds(&pool).await.unwrap();
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0].2, placed_total(&pool, placed.order_id).await);
    // What producers were asked for is what buyers paid for: nothing of this order.
    let logistics = hub::logistics(
        &maillon::ctx::Ctx::new(pool.clone(), coop.clone(), "http://test", Utc::now()),
        cycle,
        None,
        Default::default(),
    )
    .await
    .unwrap();
    assert!(
        logistics
            .purchase_orders
            .iter()
            .flat_map(|po| &po.lines)
            .all(|l| l.variant_id != v)
    );
}

/// A card order's payment page is opened under a key that comes with the same parameters on
/// every retry; once Stripe would refuse a page that short, the hold is renewed with a new key.
#[tokio::test]
async fn a_card_order_keeps_a_valid_payment_key_across_retries() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let cycle = open_cycle(&pool, &coop).await;
    let slot = pickup_slot(&pool, cycle).await;
    let buyer = user(&pool, &coop, "habitant@maillon.test").await;
    let v = scarce(&pool, cycle, 4).await;
    add(&pool, &coop, cycle, &buyer, v, 1).await.unwrap();
    let mut c = choice(slot, "attempt-retry-1");
    c.payment = Some(PaymentMethod::Card);
    let placed_at = chrono::SubsecRound::trunc_subsecs(Utc::now(), 6);
    let at = ctx(&pool, &coop).at(placed_at);
    let placed = store::checkout(&at, &buyer, cycle, &c, true, Duration::minutes(40))
        .await
        .unwrap();
    let open = |minutes: i64| {
        let ctx = at.at(placed_at + Duration::minutes(minutes));
        async move {
            store::pending_payment(
                &ctx,
                maillon::ids::UserId(buyer.id),
                maillon::ids::OrderId(placed.order_id),
                Duration::minutes(40),
            )
            .await
            .unwrap()
        }
    };
    let first = open(0).await;
    let soon = open(4).await;
    assert_eq!(
        (&first.idempotency_key, first.session_expires_at),
        (&soon.idempotency_key, soon.session_expires_at)
    );
    assert_eq!(first.session_expires_at, placed_at + Duration::minutes(35));
    let later = open(10).await;
    assert_ne!(later.idempotency_key, first.idempotency_key);
    assert_eq!(later.session_expires_at, placed_at + Duration::minutes(45));
    let held: chrono::DateTime<Utc> = sqlx::query_scalar("SELECT payment_expires_at FROM orders WHERE id = $1")
        .bind(placed.order_id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(
        held,
        placed_at + Duration::minutes(50),
        "the stock is held until the page closes, and then some"
    );
    assert_eq!(open(12).await.idempotency_key, later.idempotency_key);
}
