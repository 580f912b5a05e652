//! Ordering against a real PostgreSQL: checkouts that never oversell, shortages reported per
//! line, full slots, closed cycles, order changes and cancellations that give stock back,
//! carts that survive sign-in, and payment events applied exactly once.

use chrono::{Duration, Utc};
use maillon::accounts::store::CurrentUser;
use maillon::coop::Coop;
use maillon::cycles::CycleAction;
use maillon::cycles::store as cycles;
use maillon::error::ServiceError;
use maillon::i18n::Msg;
use maillon::orders::store::{self, Applied, CartOwner, CheckoutChoice, OrderChange, PaymentEvent};
use maillon::orders::{OrderStatus, PaymentMethod, Pricing};
use maillon_test_support::TestDb;
use maillon_test_support::demo::{delivery_slot, demo, open_cycle, pickup_slot, residents, scarce, user};
use sqlx::PgPool;

fn choice(slot_id: i64, key: &str) -> CheckoutChoice {
    CheckoutChoice {
        slot_id: Some(slot_id),
        address: String::new(),
        postcode: String::new(),
        phone: String::new(),
        payment: Some(PaymentMethod::Pickup),
        attempt_key: key.to_owned(),
    }
}

async fn add(
    pool: &PgPool,
    coop: &Coop,
    cycle: i64,
    u: &CurrentUser,
    variant: i64,
    q: i64,
) -> Result<i64, ServiceError> {
    store::add_to_cart(
        pool,
        coop.id,
        cycle,
        &CartOwner::User(u.id),
        Pricing::for_roles(&u.roles),
        variant,
        q,
        Utc::now(),
    )
    .await
}

async fn checkout(
    pool: &PgPool,
    coop: &Coop,
    cycle: i64,
    u: &CurrentUser,
    c: &CheckoutChoice,
) -> Result<store::Placed, ServiceError> {
    store::checkout(
        pool,
        coop,
        "http://test",
        u,
        cycle,
        c,
        true,
        Duration::minutes(40),
        Utc::now(),
    )
    .await
}

async fn stock(pool: &PgPool, variant: i64) -> i64 {
    sqlx::query_scalar("SELECT stock FROM variants WHERE id = $1")
        .bind(variant)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn sold_in_orders(pool: &PgPool, variant: i64) -> i64 {
    sqlx::query_scalar(
        "SELECT coalesce(sum(l.quantity), 0)::bigint FROM order_lines l JOIN orders o ON o.id = l.order_id
         WHERE l.variant_id = $1 AND o.status IN ('confirmed', 'pending_payment')",
    )
    .bind(variant)
    .fetch_one(pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn concurrent_checkouts_sell_exactly_the_stock() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let cycle = open_cycle(&pool, &coop).await;
    let variant = scarce(&pool, cycle, 5).await;
    let slot = pickup_slot(&pool, cycle).await;
    let buyers = residents(&pool, &coop, 12).await;
    // Everyone fills a cart while there is stock, then all check out at once.
    for b in &buyers {
        add(&pool, &coop, cycle, b, variant, 1).await.unwrap();
    }
    let mut tasks = Vec::new();
    for (i, b) in buyers.into_iter().enumerate() {
        let (pool, coop) = (pool.clone(), coop.clone());
        tasks.push(tokio::spawn(async move {
            checkout(&pool, &coop, cycle, &b, &choice(slot, &format!("attempt-{i:04}"))).await
        }));
    }
    let (mut won, mut lost) = (0, 0);
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => won += 1,
            Err(ServiceError::OutOfStock(lines)) => {
                assert_eq!(lines.len(), 1);
                assert_eq!((lines[0].variant_id, lines[0].wanted, lines[0].left), (variant, 1, 0));
                lost += 1;
            }
            Err(e) => panic!("unexpected {e:?}"),
        }
    }
    assert_eq!((won, lost), (5, 7));
    assert_eq!(stock(&pool, variant).await, 0);
    assert_eq!(sold_in_orders(&pool, variant).await, 5);
    let sold: i64 = sqlx::query_scalar("SELECT sold FROM cycle_offers WHERE cycle_id = $1 AND variant_id = $2")
        .bind(cycle)
        .bind(variant)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(sold, 5);
}

#[tokio::test]
async fn a_short_checkout_reports_every_line_and_reserves_nothing() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let cycle = open_cycle(&pool, &coop).await;
    let slot = pickup_slot(&pool, cycle).await;
    let buyer = user(&pool, &coop, "habitant@maillon.test").await;
    let a = scarce(&pool, cycle, 3).await;
    let b: i64 = sqlx::query_scalar(
        "SELECT v.id FROM cycle_offers o JOIN variants v ON v.id = o.variant_id
         WHERE o.cycle_id = $1 AND v.stock_mode = 'finite' AND v.case_size = 1 AND v.id <> $2 ORDER BY v.id LIMIT 1",
    )
    .bind(cycle)
    .bind(a)
    .fetch_one(&pool)
    .await
    .unwrap();
    sqlx::query("UPDATE variants SET stock = 10 WHERE id = $1")
        .bind(b)
        .execute(&pool)
        .await
        .unwrap();
    add(&pool, &coop, cycle, &buyer, a, 3).await.unwrap();
    add(&pool, &coop, cycle, &buyer, b, 2).await.unwrap();
    // Someone else's stock change between cart and checkout.
    sqlx::query("UPDATE variants SET stock = 1 WHERE id = $1")
        .bind(a)
        .execute(&pool)
        .await
        .unwrap();
    let before_slot: i32 = sqlx::query_scalar("SELECT booked FROM slots WHERE id = $1")
        .bind(slot)
        .fetch_one(&pool)
        .await
        .unwrap();
    match checkout(&pool, &coop, cycle, &buyer, &choice(slot, "attempt-short")).await {
        Err(ServiceError::OutOfStock(lines)) => {
            assert_eq!(lines.len(), 1);
            assert_eq!((lines[0].variant_id, lines[0].wanted, lines[0].left), (a, 3, 1));
            assert!(!lines[0].label.is_empty());
        }
        other => panic!("expected out of stock, got {other:?}"),
    }
    assert_eq!(
        (stock(&pool, a).await, stock(&pool, b).await),
        (1, 10),
        "nothing reserved"
    );
    let after_slot: i32 = sqlx::query_scalar("SELECT booked FROM slots WHERE id = $1")
        .bind(slot)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(before_slot, after_slot);
    let orders: i64 = sqlx::query_scalar("SELECT count(*) FROM orders")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(orders, 0);
    // Adding more than is left is refused up front too.
    assert!(matches!(
        add(&pool, &coop, cycle, &buyer, a, 5).await,
        Err(ServiceError::OutOfStock(_))
    ));
}

#[tokio::test]
async fn a_double_submission_makes_one_order_and_one_email() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let cycle = open_cycle(&pool, &coop).await;
    let slot = pickup_slot(&pool, cycle).await;
    let buyer = user(&pool, &coop, "habitant@maillon.test").await;
    let v = scarce(&pool, cycle, 10).await;
    add(&pool, &coop, cycle, &buyer, v, 2).await.unwrap();
    let c = choice(slot, "same-attempt-1");
    let first = checkout(&pool, &coop, cycle, &buyer, &c).await.unwrap();
    let second = checkout(&pool, &coop, cycle, &buyer, &c).await.unwrap();
    assert_eq!(first, second);
    assert_eq!(first.status, OrderStatus::Confirmed);
    assert_eq!(stock(&pool, v).await, 8);
    let mails: Vec<String> =
        sqlx::query_scalar("SELECT subject FROM outbox_emails WHERE to_address = 'habitant@maillon.test'")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(mails.len(), 1);
    assert!(mails[0].contains(&format!("n° {}", first.order_id)), "{mails:?}");
}

#[tokio::test]
async fn full_slots_and_closed_cycles_refuse_orders() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let cycle = open_cycle(&pool, &coop).await;
    let slot = pickup_slot(&pool, cycle).await;
    let buyer = user(&pool, &coop, "habitant@maillon.test").await;
    let v = scarce(&pool, cycle, 10).await;
    add(&pool, &coop, cycle, &buyer, v, 1).await.unwrap();
    sqlx::query("UPDATE slots SET capacity = 1, booked = 1 WHERE id = $1")
        .bind(slot)
        .execute(&pool)
        .await
        .unwrap();
    match checkout(&pool, &coop, cycle, &buyer, &choice(slot, "attempt-full")).await {
        Err(ServiceError::Invalid { msg, .. }) => assert_eq!(msg, Msg::ErrSlotFull),
        other => panic!("{other:?}"),
    }
    assert_eq!(stock(&pool, v).await, 10);
    sqlx::query("UPDATE slots SET capacity = 10 WHERE id = $1")
        .bind(slot)
        .execute(&pool)
        .await
        .unwrap();
    // Closing time has passed but the clock has not run yet: refused all the same.
    sqlx::query("UPDATE order_cycles SET closes_at = now() - interval '1 second', opens_at = now() - interval '1 day' WHERE id = $1")
        .bind(cycle)
        .execute(&pool)
        .await
        .unwrap();
    match checkout(&pool, &coop, cycle, &buyer, &choice(slot, "attempt-late")).await {
        Err(ServiceError::Invalid { msg, .. }) => assert_eq!(msg, Msg::ErrCycleClosed),
        other => panic!("{other:?}"),
    }
    // The refused checkout's transaction is rolled back when its connection goes back to the
    // pool; until then the clock skips the row it still locks (SKIP LOCKED) and simply tries
    // again on its next tick, as it does here.
    let mut moved = Vec::new();
    for _ in 0..100 {
        moved = cycles::advance_cycles(&pool, Utc::now(), "http://test").await.unwrap();
        if !moved.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(moved, vec![(cycle, maillon::cycles::CycleStatus::Closed)]);
    assert!(
        cycles::advance_cycles(&pool, Utc::now(), "http://test")
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn scheduled_cycles_open_on_time_and_tell_members_who_asked() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let fields = maillon::cycles::CycleFields {
        name: "Semaine suivante".into(),
        opens_at: Utc::now() + Duration::hours(1),
        closes_at: Utc::now() + Duration::days(3),
    };
    let id = cycles::create_cycle(&pool, coop.id, &fields).await.unwrap();
    let buyer = user(&pool, &coop, "habitant@maillon.test").await;
    cycles::set_notify_cycles(&pool, coop.id, buyer.id, true).await.unwrap();
    cycles::act_on_cycle(&pool, coop.id, id, CycleAction::Schedule, Utc::now(), "http://test")
        .await
        .unwrap();
    assert!(
        cycles::advance_cycles(&pool, Utc::now(), "http://test")
            .await
            .unwrap()
            .is_empty(),
        "not yet"
    );
    let moved = cycles::advance_cycles(&pool, Utc::now() + Duration::hours(2), "http://test")
        .await
        .unwrap();
    assert_eq!(moved, vec![(id, maillon::cycles::CycleStatus::Open)]);
    let mails: Vec<(String, String)> =
        sqlx::query_as("SELECT to_address, subject FROM outbox_emails WHERE subject LIKE '%Semaine suivante%'")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(
        mails,
        vec![(
            "habitant@maillon.test".to_owned(),
            format!("Les commandes sont ouvertes : Semaine suivante — {}", coop.name)
        )]
    );
}

#[tokio::test]
async fn changes_and_cancellations_move_only_the_difference() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let cycle = open_cycle(&pool, &coop).await;
    let slot = pickup_slot(&pool, cycle).await;
    let buyer = user(&pool, &coop, "habitant@maillon.test").await;
    let v = scarce(&pool, cycle, 5).await;
    add(&pool, &coop, cycle, &buyer, v, 2).await.unwrap();
    let placed = checkout(&pool, &coop, cycle, &buyer, &choice(slot, "attempt-change"))
        .await
        .unwrap();
    assert_eq!(stock(&pool, v).await, 3);
    let change = |q| OrderChange {
        lines: vec![(v, q)],
        add: vec![],
        slot_id: None,
    };
    store::change_order(
        &pool,
        &coop,
        "http://test",
        &buyer,
        placed.order_id,
        &change(4),
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(stock(&pool, v).await, 1);
    match store::change_order(
        &pool,
        &coop,
        "http://test",
        &buyer,
        placed.order_id,
        &change(7),
        Utc::now(),
    )
    .await
    {
        Err(ServiceError::OutOfStock(lines)) => assert_eq!((lines[0].wanted, lines[0].left), (7, 5)),
        other => panic!("{other:?}"),
    }
    let mut conn = pool.acquire().await.unwrap();
    let view = store::order_view(&mut conn, coop.id, placed.order_id, Some(buyer.id), Utc::now())
        .await
        .unwrap();
    assert_eq!(view.lines[0].quantity, 4);
    assert_eq!(view.totals.total_cents, view.lines[0].unit_price_cents * 4);
    // Another buyer may not touch it.
    let other = user(&pool, &coop, "commerce@maillon.test").await;
    assert!(matches!(
        store::cancel_order(&pool, &coop, "http://test", &other, placed.order_id, Utc::now()).await,
        Err(ServiceError::NotFound)
    ));
    store::cancel_order(&pool, &coop, "http://test", &buyer, placed.order_id, Utc::now())
        .await
        .unwrap();
    assert_eq!(stock(&pool, v).await, 5);
    let booked: i32 = sqlx::query_scalar("SELECT booked FROM slots WHERE id = $1")
        .bind(slot)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(booked, 0);
    let subjects: Vec<String> =
        sqlx::query_scalar("SELECT subject FROM outbox_emails WHERE to_address = 'habitant@maillon.test' ORDER BY id")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(subjects.len(), 3, "confirmed, changed, cancelled: {subjects:?}");
    assert!(subjects[2].contains("annulée"));
}

#[tokio::test]
async fn shopkeepers_buy_whole_cases_at_pro_prices() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let cycle = open_cycle(&pool, &coop).await;
    let slot = pickup_slot(&pool, cycle).await;
    let shop = user(&pool, &coop, "commerce@maillon.test").await;
    let (v, case_size, pro): (i64, i32, i64) = sqlx::query_as(
        "SELECT v.id, v.case_size, v.pro_price_cents FROM cycle_offers o JOIN variants v ON v.id = o.variant_id
         WHERE o.cycle_id = $1 AND v.case_size > 1 AND v.stock_mode = 'on_demand' ORDER BY v.id LIMIT 1",
    )
    .bind(cycle)
    .fetch_one(&pool)
    .await
    .unwrap();
    match add(&pool, &coop, cycle, &shop, v, 1).await {
        Err(ServiceError::Invalid { msg, .. }) => assert_eq!(msg, Msg::ErrCaseMultiple),
        other => panic!("{other:?}"),
    }
    add(&pool, &coop, cycle, &shop, v, i64::from(case_size)).await.unwrap();
    let placed = checkout(&pool, &coop, cycle, &shop, &choice(slot, "attempt-pro"))
        .await
        .unwrap();
    let mut conn = pool.acquire().await.unwrap();
    let view = store::order_view(&mut conn, coop.id, placed.order_id, None, Utc::now())
        .await
        .unwrap();
    assert_eq!(view.pricing, Pricing::Pro);
    assert_eq!(view.lines[0].unit_price_cents, pro);
    assert_eq!(view.totals.total_cents, pro * i64::from(case_size));
}

#[tokio::test]
async fn a_cart_started_before_sign_in_follows_the_account() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let cycle = open_cycle(&pool, &coop).await;
    let buyer = user(&pool, &coop, "habitant@maillon.test").await;
    let v = scarce(&pool, cycle, 10).await;
    let anon = CartOwner::Anon("browser-token-1234".into());
    store::add_to_cart(&pool, coop.id, cycle, &anon, Pricing::Retail, v, 3, Utc::now())
        .await
        .unwrap();
    store::adopt_carts(&pool, "browser-token-1234", buyer.id).await.unwrap();
    let cart = store::cart_view(
        &pool,
        coop.id,
        cycle,
        Some(&CartOwner::User(buyer.id)),
        Pricing::Retail,
        false,
        Default::default(),
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(cart.lines.len(), 1);
    assert_eq!((cart.lines[0].variant_id, cart.lines[0].quantity), (v, 3));
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM carts WHERE anon_token IS NOT NULL")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(left, 0);
}

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
    store::attach_payment_session(&pool, coop.id, placed.order_id, "cs_test_1", "https://pay/1")
        .await
        .unwrap();
    let lookup = |id: i64| (id == coop.id).then(|| coop.clone());
    let completed = PaymentEvent::Completed {
        session_id: "cs_test_1".into(),
        order_id: Some(placed.order_id),
        payment_intent: Some("pi_1".into()),
        amount_cents: None,
        paid: true,
    };
    let apply = |id: &'static str, e: PaymentEvent| {
        let pool = pool.clone();
        async move {
            store::apply_payment_event(&pool, lookup, "http://test", id, "t", &e)
                .await
                .unwrap()
        }
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
    store::attach_payment_session(&pool, coop.id, late.order_id, "cs_test_2", "https://pay/2")
        .await
        .unwrap();
    let expired = store::expire_unpaid(&pool, lookup, "http://test", Utc::now() + Duration::minutes(41))
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
async fn the_pickup_desk_records_payment_and_collection() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let cycle = open_cycle(&pool, &coop).await;
    let slot = pickup_slot(&pool, cycle).await;
    let buyer = user(&pool, &coop, "habitant@maillon.test").await;
    let v = scarce(&pool, cycle, 4).await;
    add(&pool, &coop, cycle, &buyer, v, 1).await.unwrap();
    let placed = checkout(&pool, &coop, cycle, &buyer, &choice(slot, "attempt-desk"))
        .await
        .unwrap();
    let hub = user(&pool, &coop, "hub@maillon.test").await;
    let found = store::desk_orders(&pool, coop.id, &hub, Some(cycle), &placed.order_id.to_string(), 1)
        .await
        .unwrap();
    assert_eq!(found.items.len(), 1);
    let by_name = store::desk_orders(&pool, coop.id, &hub, Some(cycle), "habitant@", 1)
        .await
        .unwrap();
    assert_eq!(by_name.items[0].order.id, placed.order_id);
    // The hub's slot is not the shopkeeper's pickup point.
    let shop = user(&pool, &coop, "commerce@maillon.test").await;
    assert!(matches!(
        store::record_collection(&pool, coop.id, &shop, placed.order_id, true, true).await,
        Err(ServiceError::Forbidden)
    ));
    store::record_collection(&pool, coop.id, &hub, placed.order_id, true, true)
        .await
        .unwrap();
    let (paid, total, collected): (i64, i64, bool) =
        sqlx::query_as("SELECT paid_cents, total_cents, collected_at IS NOT NULL FROM orders WHERE id = $1")
            .bind(placed.order_id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(paid, total);
    assert!(collected);
}

#[tokio::test]
async fn a_shortage_is_shared_by_the_stated_rule_and_orders_adjusted() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    use maillon::hub::{ShortageRule, store as hub};
    let coop = demo(&pool).await;
    let cycle = open_cycle(&pool, &coop).await;
    let slot = pickup_slot(&pool, cycle).await;
    let v = scarce(&pool, cycle, 10).await;
    let buyers = residents(&pool, &coop, 3).await;
    let mut orders = Vec::new();
    for (i, b) in buyers.iter().enumerate() {
        add(&pool, &coop, cycle, b, v, 2).await.unwrap();
        orders.push(
            checkout(&pool, &coop, cycle, b, &choice(slot, &format!("attempt-short-{i}")))
                .await
                .unwrap()
                .order_id,
        );
    }
    let staff = user(&pool, &coop, "hub@maillon.test").await;
    // Reception waits for the cycle to close.
    assert!(matches!(
        hub::record_reception(
            &pool,
            &coop,
            "http://test",
            staff.id,
            cycle,
            &[(v, 3)],
            ShortageRule::EarliestFirst,
            false
        )
        .await,
        Err(ServiceError::Invalid { .. })
    ));
    cycles::act_on_cycle(&pool, coop.id, cycle, CycleAction::CloseNow, Utc::now(), "http://test")
        .await
        .unwrap();
    let purchase_orders: i64 =
        sqlx::query_scalar("SELECT count(*) FROM outbox_emails WHERE subject LIKE 'Bon de commande%'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(
        purchase_orders >= 1,
        "producers get their purchase order when the cycle closes"
    );
    let logistics = hub::logistics(&pool, coop.id, cycle, None, Default::default())
        .await
        .unwrap();
    let line = logistics
        .purchase_orders
        .iter()
        .flat_map(|po| &po.lines)
        .find(|l| l.variant_id == v)
        .unwrap();
    assert_eq!(line.line.ordered_units, 6);
    let outcome = hub::record_reception(
        &pool,
        &coop,
        "http://test",
        staff.id,
        cycle,
        &[(v, 3)],
        ShortageRule::EarliestFirst,
        false,
    )
    .await
    .unwrap();
    assert_eq!((outcome.lines.clone(), outcome.short_orders), (vec![(v, 6, 3)], 2));
    let mut conn = pool.acquire().await.unwrap();
    let mut missing = Vec::new();
    for &o in &orders {
        let view = store::order_view(&mut conn, coop.id, o, None, Utc::now())
            .await
            .unwrap();
        let l = view.lines.iter().find(|l| l.variant_id == v).unwrap();
        assert_eq!(
            view.totals.subtotal_cents,
            view.lines.iter().map(|l| l.amount_cents()).sum::<i64>()
        );
        missing.push(l.missing);
    }
    assert_eq!(missing, [0, 1, 2], "earliest orders are served first");
    let adjusted: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox_emails WHERE subject LIKE '%ajustée%'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(adjusted, 2);
    // A recount that finds everything puts the orders back as they were.
    hub::record_reception(
        &pool,
        &coop,
        "http://test",
        staff.id,
        cycle,
        &[(v, 6)],
        ShortageRule::ProRata,
        false,
    )
    .await
    .unwrap();
    let still_missing: i64 =
        sqlx::query_scalar("SELECT coalesce(sum(missing), 0)::bigint FROM order_lines WHERE variant_id = $1")
            .bind(v)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(still_missing, 0);
    let logistics = hub::logistics(&pool, coop.id, cycle, None, Default::default())
        .await
        .unwrap();
    let line = logistics
        .purchase_orders
        .iter()
        .flat_map(|po| &po.lines)
        .find(|l| l.variant_id == v)
        .unwrap();
    assert_eq!(line.received, Some(6));
    assert!(hub::purchase_orders_csv(&logistics).lines().count() > 1);
}

/// A card order of `q` units of `v` at a pickup slot, paid through its payment event.
#[allow(clippy::too_many_arguments)]
async fn paid_card_order(
    pool: &PgPool,
    coop: &Coop,
    cycle: i64,
    slot: i64,
    buyer: &CurrentUser,
    v: i64,
    q: i64,
    key: &str,
) -> i64 {
    add(pool, coop, cycle, buyer, v, q).await.unwrap();
    let mut c = choice(slot, &format!("attempt-{key}"));
    c.payment = Some(PaymentMethod::Card);
    let placed = checkout(pool, coop, cycle, buyer, &c).await.unwrap();
    assert_eq!(placed.status, OrderStatus::PendingPayment);
    let session = format!("cs_test_{key}");
    store::attach_payment_session(pool, coop.id, placed.order_id, &session, "https://pay/x")
        .await
        .unwrap();
    let lookup = |id: i64| (id == coop.id).then(|| coop.clone());
    let paid = PaymentEvent::Completed {
        session_id: session,
        order_id: Some(placed.order_id),
        payment_intent: Some(format!("pi_{key}")),
        amount_cents: None,
        paid: true,
    };
    let applied = store::apply_payment_event(pool, lookup, "http://test", &format!("evt_{key}"), "t", &paid)
        .await
        .unwrap();
    assert_eq!(applied, Applied::Confirmed);
    placed.order_id
}

async fn money(pool: &PgPool, order: i64) -> (i64, i64) {
    sqlx::query_as("SELECT paid_cents, total_cents FROM orders WHERE id = $1")
        .bind(order)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn shortage_refunds_wait_until_reception_is_complete_and_a_late_recount_is_due() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    use maillon::hub::{Completion, ShortageRule, store as hub};
    let coop = demo(&pool).await;
    let cycle = open_cycle(&pool, &coop).await;
    let slot = pickup_slot(&pool, cycle).await;
    let v = scarce(&pool, cycle, 10).await;
    let buyer = user(&pool, &coop, "habitant@maillon.test").await;
    let order = paid_card_order(&pool, &coop, cycle, slot, &buyer, v, 2, "recount").await;
    let (paid, total) = money(&pool, order).await;
    assert_eq!(paid, total);
    let unit: i64 =
        sqlx::query_scalar("SELECT unit_price_cents FROM order_lines WHERE order_id = $1 AND variant_id = $2")
            .bind(order)
            .bind(v)
            .fetch_one(&pool)
            .await
            .unwrap();
    cycles::act_on_cycle(&pool, coop.id, cycle, CycleAction::CloseNow, Utc::now(), "http://test")
        .await
        .unwrap();
    let staff = user(&pool, &coop, "hub@maillon.test").await;
    let record = |received: i64, confirmed: bool| {
        let (pool, coop) = (pool.clone(), coop.clone());
        async move {
            hub::record_reception(
                &pool,
                &coop,
                "http://test",
                staff.id,
                cycle,
                &[(v, received)],
                ShortageRule::ProRata,
                confirmed,
            )
            .await
            .unwrap()
        }
    };
    let missing = || async {
        sqlx::query_scalar::<_, i64>("SELECT missing FROM order_lines WHERE order_id = $1 AND variant_id = $2")
            .bind(order)
            .bind(v)
            .fetch_one(&pool)
            .await
            .unwrap()
    };

    // Nothing of 2 is far below the order: nothing is recorded until staff confirm it.
    assert_eq!(record(0, false).await.to_confirm, vec![v]);
    assert_eq!(missing().await, 0);
    assert_eq!(record(0, true).await.short_orders, 1);
    assert_eq!(missing().await, 2);
    assert_eq!(money(&pool, order).await, (paid, total - 2 * unit));
    assert!(
        store::due_refunds(&pool).await.unwrap().is_empty(),
        "no refund reaches Stripe before reception is complete"
    );
    let shown = hub::reception(&pool, coop.id, cycle).await.unwrap();
    let line = shown.affected.iter().find(|a| a.order_id == order).unwrap();
    assert_eq!(
        (line.to_refund_cents, line.due_cents, line.missing_cents),
        (2 * unit, 0, 2 * unit)
    );
    assert!(shown.completed_at.is_none());

    // The recount finds both: the order is whole again, nothing refunded, nothing owed.
    record(2, false).await;
    assert_eq!(money(&pool, order).await, (paid, total));
    assert!(store::due_refunds(&pool).await.unwrap().is_empty());

    // One really is missing; reception complete: that one goes back, once.
    record(1, false).await;
    let done = hub::complete_reception(&pool, coop.id, staff.id, cycle).await.unwrap();
    assert_eq!(
        done,
        Completion {
            refunds: 1,
            refund_cents: unit
        }
    );
    assert_eq!(
        hub::complete_reception(&pool, coop.id, staff.id, cycle)
            .await
            .unwrap()
            .refunds,
        0
    );
    let refunds = store::due_refunds(&pool).await.unwrap();
    assert_eq!(refunds.len(), 1);
    assert_eq!((refunds[0].1.as_str(), refunds[0].2), ("pi_recount", unit));
    store::refund_done(&pool, refunds[0].0, "re_1").await.unwrap();

    // A late recount finds the unit after all: the card cannot be charged again, so staff see
    // what is due, and the desk collects it.
    record(2, false).await;
    assert!(store::due_refunds(&pool).await.unwrap().is_empty());
    let shown = hub::reception(&pool, coop.id, cycle).await.unwrap();
    let line = shown.affected.iter().find(|a| a.order_id == order).unwrap();
    assert_eq!(
        (line.refunded_cents, line.due_cents, line.to_refund_cents),
        (unit, unit, 0)
    );
    let desk = store::desk_orders(&pool, coop.id, &staff, Some(cycle), &order.to_string(), 1)
        .await
        .unwrap();
    assert_eq!(desk.items[0].due_cents, unit);
    store::record_collection(&pool, coop.id, &staff, order, true, true)
        .await
        .unwrap();
    assert_eq!(money(&pool, order).await, (total, total));
    // And a lower count after completion is refunded at once.
    record(1, false).await;
    let refunds = store::due_refunds(&pool).await.unwrap();
    assert_eq!(refunds.iter().map(|r| r.2).collect::<Vec<_>>(), vec![unit]);
}

#[tokio::test]
async fn marking_a_cycle_delivered_completes_reception() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    use maillon::hub::{ShortageRule, store as hub};
    let coop = demo(&pool).await;
    let cycle = open_cycle(&pool, &coop).await;
    let slot = pickup_slot(&pool, cycle).await;
    let v = scarce(&pool, cycle, 10).await;
    let buyer = user(&pool, &coop, "habitant@maillon.test").await;
    let order = paid_card_order(&pool, &coop, cycle, slot, &buyer, v, 2, "delivered").await;
    cycles::act_on_cycle(&pool, coop.id, cycle, CycleAction::CloseNow, Utc::now(), "http://test")
        .await
        .unwrap();
    let staff = user(&pool, &coop, "hub@maillon.test").await;
    hub::record_reception(
        &pool,
        &coop,
        "http://test",
        staff.id,
        cycle,
        &[(v, 1)],
        ShortageRule::ProRata,
        false,
    )
    .await
    .unwrap();
    assert!(store::due_refunds(&pool).await.unwrap().is_empty());
    let (_, change) = cycles::act_on_cycle(
        &pool,
        coop.id,
        cycle,
        CycleAction::MarkDelivered,
        Utc::now(),
        "http://test",
    )
    .await
    .unwrap();
    assert_eq!(change.refunds, 1);
    let refunds = store::due_refunds(&pool).await.unwrap();
    assert_eq!(refunds.len(), 1);
    let (paid, total) = money(&pool, order).await;
    assert_eq!(refunds[0].2, paid - total);
    assert!(matches!(
        hub::record_reception(
            &pool,
            &coop,
            "http://test",
            staff.id,
            cycle,
            &[(v, 2)],
            ShortageRule::ProRata,
            false
        )
        .await,
        Err(ServiceError::Invalid {
            msg: Msg::ErrReceptionNeedsClosedCycle,
            ..
        })
    ));
}

#[tokio::test]
async fn a_reception_is_recorded_whole_or_not_at_all() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    use maillon::hub::{ShortageRule, store as hub};
    let coop = demo(&pool).await;
    let cycle = open_cycle(&pool, &coop).await;
    let slot = pickup_slot(&pool, cycle).await;
    let v = scarce(&pool, cycle, 10).await;
    let buyer = user(&pool, &coop, "habitant@maillon.test").await;
    add(&pool, &coop, cycle, &buyer, v, 4).await.unwrap();
    checkout(&pool, &coop, cycle, &buyer, &choice(slot, "attempt-whole"))
        .await
        .unwrap();
    cycles::act_on_cycle(&pool, coop.id, cycle, CycleAction::CloseNow, Utc::now(), "http://test")
        .await
        .unwrap();
    let staff = user(&pool, &coop, "hub@maillon.test").await;
    let other: i64 = sqlx::query_scalar("SELECT max(id) FROM variants WHERE id <> $1")
        .bind(v)
        .fetch_one(&pool)
        .await
        .unwrap();
    let recorded = || async {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM receptions WHERE cycle_id = $1")
            .bind(cycle)
            .fetch_one(&pool)
            .await
            .unwrap()
    };
    // A good line and one that is not on the purchase orders: neither is kept.
    let too_many: Vec<(i64, i64)> = (0..=maillon::hub::MAX_RECEPTION_LINES as i64)
        .map(|i| (v + i, 1))
        .collect();
    for bad in [
        vec![(v, 3), (other, 1)],
        vec![(v, 3), (v, 2)],
        vec![(v, -1)],
        vec![(v, 1_000_001)],
        vec![],
        too_many,
    ] {
        let refused = hub::record_reception(
            &pool,
            &coop,
            "http://test",
            staff.id,
            cycle,
            &bad,
            ShortageRule::ProRata,
            true,
        )
        .await;
        assert!(
            matches!(refused, Err(ServiceError::Invalid { .. })),
            "{bad:?}: {refused:?}"
        );
        assert_eq!(recorded().await, 0, "{bad:?}");
    }
}

#[tokio::test]
async fn the_desk_lists_pickup_baskets_with_their_contents_and_takes_money_only_when_told() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    maillon::demo::seed_orders(&pool, "http://test").await.unwrap();
    let cycle = open_cycle(&pool, &coop).await;
    cycles::act_on_cycle(&pool, coop.id, cycle, CycleAction::CloseNow, Utc::now(), "http://test")
        .await
        .unwrap();
    let hub = user(&pool, &coop, "hub@maillon.test").await;
    let (at_points, at_home): (i64, i64) = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE s.pickup_point_id IS NOT NULL), count(*) FILTER (WHERE s.zone_id IS NOT NULL)
         FROM orders o JOIN slots s ON s.id = o.slot_id WHERE o.cycle_id = $1 AND o.status = 'confirmed'",
    )
    .bind(cycle)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(at_home > 0 && at_points > 0);
    let desk = store::desk_orders(&pool, coop.id, &hub, Some(cycle), "", 1)
        .await
        .unwrap();
    assert_eq!(
        desk.total as i64, at_points,
        "home deliveries are not handed over at a desk"
    );
    for d in &desk.items {
        assert!(!d.lines.is_empty(), "the basket's contents are shown");
        let units: i64 =
            sqlx::query_scalar("SELECT sum(quantity - missing)::bigint FROM order_lines WHERE order_id = $1")
                .bind(d.order.id)
                .fetch_one(&pool)
                .await
                .unwrap();
        assert_eq!(d.lines.iter().map(|l| l.1).sum::<i64>(), units);
    }
    let at_pickup = desk
        .items
        .iter()
        .find(|d| d.order.payment_method == PaymentMethod::Pickup && d.order.total_cents > 0)
        .unwrap();
    assert_eq!(at_pickup.due_cents, at_pickup.order.total_cents);
    let id = at_pickup.order.id;
    // Handed over without saying the money came: none is recorded.
    store::record_collection(&pool, coop.id, &hub, id, true, false)
        .await
        .unwrap();
    let (paid, total) = money(&pool, id).await;
    assert_eq!(paid, 0);
    let again = store::desk_orders(&pool, coop.id, &hub, Some(cycle), &id.to_string(), 1)
        .await
        .unwrap();
    assert!(again.items[0].order.collected);
    assert_eq!(again.items[0].due_cents, total);
    // Paid afterwards: recorded once, whatever the number of taps.
    for _ in 0..2 {
        store::record_collection(&pool, coop.id, &hub, id, false, true)
            .await
            .unwrap();
    }
    assert_eq!(money(&pool, id).await, (total, total));
    // A shopkeeper's desk sees their own shop's baskets only, and no label QR of another's.
    let shop = user(&pool, &coop, "commerce@maillon.test").await;
    let theirs = store::desk_orders(&pool, coop.id, &shop, Some(cycle), "", 1)
        .await
        .unwrap();
    assert!(theirs.items.iter().all(|d| d.order.id != id));
    assert!(matches!(
        store::desk_order_cycle(&pool, coop.id, &shop, id).await,
        Err(ServiceError::Forbidden)
    ));
    assert_eq!(store::desk_order_cycle(&pool, coop.id, &hub, id).await.unwrap(), cycle);
    if let Some(own) = theirs.items.first() {
        assert_eq!(
            store::desk_order_cycle(&pool, coop.id, &shop, own.order.id)
                .await
                .unwrap(),
            cycle
        );
    }
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
    store::attach_payment_session(&pool, coop.id, placed.order_id, "cs_test_late", "https://pay/late")
        .await
        .unwrap();
    let (_, change) = cycles::act_on_cycle(&pool, coop.id, cycle, CycleAction::CloseNow, Utc::now(), "http://test")
        .await
        .unwrap();
    assert_eq!(change.unpaid_released, 1);
    assert_eq!(stock(&pool, v).await, 10, "its stock is released");
    let lookup = |id: i64| (id == coop.id).then(|| coop.clone());
    let paid = PaymentEvent::Completed {
        session_id: "cs_test_late".into(),
        order_id: Some(placed.order_id),
        payment_intent: Some("pi_late".into()),
        amount_cents: Some(placed_total(&pool, placed.order_id).await),
        paid: true,
    };
    let applied = store::apply_payment_event(&pool, lookup, "http://test", "evt_late", "t", &paid)
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
    let logistics = hub::logistics(&pool, coop.id, cycle, None, Default::default())
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

async fn placed_total(pool: &PgPool, order: i64) -> i64 {
    money(pool, order).await.1
}

/// A named variant of the open cycle: (variant, product name), e.g. the "Bouteille" of apple juice.
async fn named_variant(pool: &PgPool, cycle: i64, name: &str) -> (i64, String) {
    sqlx::query_as(
        "SELECT v.id, p.name FROM cycle_offers o JOIN variants v ON v.id = o.variant_id JOIN products p ON p.id = v.product_id
         WHERE o.cycle_id = $1 AND v.name = $2 ORDER BY v.id LIMIT 1",
    )
    .bind(cycle)
    .bind(name)
    .fetch_one(pool)
    .await
    .unwrap()
}

async fn cart_of(pool: &PgPool, coop: &Coop, cycle: i64, u: &CurrentUser) -> maillon::orders::CartView {
    let owner = CartOwner::User(u.id);
    store::cart_view(
        pool,
        coop.id,
        cycle,
        Some(&owner),
        Pricing::Retail,
        false,
        u.locale,
        Utc::now(),
    )
    .await
    .unwrap()
}

/// Two submissions of one checkout form that race (a double tap, or a plain form sent again
/// while the first is still running): the second waits for the first and lands on its order.
#[tokio::test]
async fn a_second_submission_racing_the_first_lands_on_its_order() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let cycle = open_cycle(&pool, &coop).await;
    let slot = pickup_slot(&pool, cycle).await;
    let buyer = user(&pool, &coop, "habitant@maillon.test").await;
    let v = scarce(&pool, cycle, 10).await;
    add(&pool, &coop, cycle, &buyer, v, 2).await.unwrap();
    // Holding the slot's row keeps the first checkout from committing until both are under way.
    let mut blocker = pool.begin().await.unwrap();
    sqlx::query("SELECT id FROM slots WHERE id = $1 FOR UPDATE")
        .bind(slot)
        .execute(&mut *blocker)
        .await
        .unwrap();
    let waiting = |n: i64| {
        let pool = pool.clone();
        async move {
            for _ in 0..200 {
                let blocked: i64 = sqlx::query_scalar(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
                )
                .fetch_one(&pool)
                .await
                .unwrap();
                if blocked >= n {
                    return;
                }
                tokio::time::sleep(std::time::Duration::from_millis(25)).await;
            }
            panic!("{n} checkouts never queued");
        }
    };
    let c = choice(slot, "raced-attempt-1");
    let run = |c: CheckoutChoice| {
        let (pool, coop, buyer) = (pool.clone(), coop.clone(), buyer.clone());
        tokio::spawn(async move { checkout(&pool, &coop, cycle, &buyer, &c).await })
    };
    let first = run(c.clone());
    waiting(1).await;
    let second = run(c.clone());
    waiting(2).await;
    blocker.commit().await.unwrap();
    let first = first.await.unwrap().expect("the first submission makes the order");
    let second = second.await.unwrap().expect("the second lands on it, not on an error");
    assert_eq!(first, second);
    assert_eq!(stock(&pool, v).await, 8, "stock moved once");
    let orders: i64 = sqlx::query_scalar("SELECT count(*) FROM orders WHERE user_id = $1")
        .bind(buyer.id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(orders, 1);
}

/// A refused checkout keeps what was typed (for the form shown again) and names the delivery
/// minimum and what is missing; the fee is in the total.
#[tokio::test]
async fn a_refused_checkout_keeps_the_form_and_says_what_is_missing() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let cycle = open_cycle(&pool, &coop).await;
    let delivery = delivery_slot(&pool, cycle).await;
    let buyer = user(&pool, &coop, "habitant@maillon.test").await;
    let v = scarce(&pool, cycle, 10).await;
    add(&pool, &coop, cycle, &buyer, v, 1).await.unwrap();
    let subtotal = cart_of(&pool, &coop, cycle, &buyer).await.subtotal_cents;
    let minimum: i64 = sqlx::query_scalar(
        "SELECT z.minimum_cents FROM slots s JOIN delivery_zones z ON z.id = s.zone_id WHERE s.id = $1",
    )
    .bind(delivery)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(subtotal < minimum, "the demo's minimum is above one unit");
    let typed = CheckoutChoice {
        slot_id: Some(delivery),
        address: "14 rue de Gand".into(),
        postcode: "59800".into(),
        phone: String::new(),
        payment: Some(PaymentMethod::Pickup),
        attempt_key: "attempt-minimum".into(),
    };
    match checkout(&pool, &coop, cycle, &buyer, &typed).await {
        Err(ServiceError::BelowMinimum {
            minimum_cents,
            missing_cents,
        }) => assert_eq!((minimum_cents, missing_cents), (minimum, minimum - subtotal)),
        other => panic!("{other:?}"),
    }
    let draft = cart_of(&pool, &coop, cycle, &buyer).await.draft;
    assert_eq!(draft.slot_id, Some(delivery));
    assert_eq!(
        (draft.address.as_str(), draft.postcode.as_str()),
        ("14 rue de Gand", "59800")
    );
    assert_eq!(draft.payment, Some(PaymentMethod::Pickup));
    // Enough in the basket now: the same form goes through.
    let units = (minimum - subtotal) / subtotal + 1;
    add(&pool, &coop, cycle, &buyer, v, units).await.unwrap();
    let placed = checkout(&pool, &coop, cycle, &buyer, &typed).await.unwrap();
    let mut conn = pool.acquire().await.unwrap();
    let order = store::order_view(&mut conn, coop.id, placed.order_id, Some(buyer.id), Utc::now())
        .await
        .unwrap();
    assert!(order.totals.fee_cents > 0);
    assert_eq!(
        order.totals.total_cents,
        order.totals.subtotal_cents + order.totals.fee_cents
    );
    assert_eq!(order.payment_method, PaymentMethod::Pickup);
}

/// A named variant keeps its size on order lines, on the order and in packing lists, where the
/// product is named once.
#[tokio::test]
async fn order_lines_show_the_variant_name_and_size_once() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let cycle = open_cycle(&pool, &coop).await;
    let slot = pickup_slot(&pool, cycle).await;
    let buyer = user(&pool, &coop, "habitant@maillon.test").await;
    let (v, product) = named_variant(&pool, cycle, "Bouteille").await;
    assert_eq!(product, "Jus de pomme");
    add(&pool, &coop, cycle, &buyer, v, 1).await.unwrap();
    let cart = cart_of(&pool, &coop, cycle, &buyer).await;
    assert_eq!(cart.lines[0].label(), "Jus de pomme — Bouteille · 1 L");
    let front = store::shop_front(
        &pool,
        coop.id,
        cycle,
        Pricing::Retail,
        None,
        None,
        buyer.locale,
        Utc::now(),
    )
    .await
    .unwrap();
    let shown = front
        .products
        .iter()
        .flat_map(|p| &p.variants)
        .find(|sv| sv.variant_id == v)
        .unwrap();
    assert_eq!(shown.label, "Bouteille · 1 L");
    let placed = checkout(&pool, &coop, cycle, &buyer, &choice(slot, "attempt-sizes"))
        .await
        .unwrap();
    let mut conn = pool.acquire().await.unwrap();
    let order = store::order_view(&mut conn, coop.id, placed.order_id, Some(buyer.id), Utc::now())
        .await
        .unwrap();
    assert_eq!(order.lines[0].variant_label, "Bouteille · 1 L");
    assert_eq!(order.lines[0].label(), "Jus de pomme — Bouteille · 1 L");
    let packing = maillon::hub::store::packing(&pool, coop.id, cycle).await.unwrap();
    let label = packing.labels.iter().find(|(id, _)| *id == v).map(|(_, l)| l.as_str());
    assert_eq!(label, Some("Jus de pomme — Bouteille · 1 L"));
}

/// A product added to a placed order goes through checkout's rules: what is left, and for home
/// delivery the zone's minimum; card orders keep their contents; only past cycles are ordered again.
#[tokio::test]
async fn products_are_added_to_a_placed_order_under_checkout_rules() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let cycle = open_cycle(&pool, &coop).await;
    let slot = pickup_slot(&pool, cycle).await;
    let buyer = user(&pool, &coop, "habitant@maillon.test").await;
    let v = scarce(&pool, cycle, 5).await;
    let (juice, _) = named_variant(&pool, cycle, "Bouteille").await;
    add(&pool, &coop, cycle, &buyer, v, 1).await.unwrap();
    let placed = checkout(&pool, &coop, cycle, &buyer, &choice(slot, "attempt-add"))
        .await
        .unwrap();
    let adding = |variant, q| OrderChange {
        lines: vec![],
        add: vec![(variant, q)],
        slot_id: None,
    };
    let change = |c: OrderChange| {
        let (pool, coop, buyer) = (pool.clone(), coop.clone(), buyer.clone());
        async move { store::change_order(&pool, &coop, "http://test", &buyer, placed.order_id, &c, Utc::now()).await }
    };
    change(adding(juice, 2)).await.unwrap();
    change(adding(v, 2)).await.unwrap();
    assert_eq!(stock(&pool, v).await, 2);
    match change(adding(v, 3)).await {
        Err(ServiceError::OutOfStock(lines)) => assert_eq!((lines[0].wanted, lines[0].left), (6, 5)),
        other => panic!("{other:?}"),
    }
    let mut conn = pool.acquire().await.unwrap();
    let order = store::order_view(&mut conn, coop.id, placed.order_id, Some(buyer.id), Utc::now())
        .await
        .unwrap();
    let quantities: Vec<(i64, i64)> = order.lines.iter().map(|l| (l.variant_id, l.quantity)).collect();
    assert!(
        quantities.contains(&(v, 3)) && quantities.contains(&(juice, 2)),
        "{quantities:?}"
    );
    assert_eq!(
        order.totals.total_cents,
        order.lines.iter().map(|l| l.amount_cents()).sum::<i64>()
    );
    // The open cycle's own order is changed, not ordered again into a second basket.
    assert!(!order.reorderable);
    match store::order_again(&pool, &coop, &buyer, placed.order_id, Utc::now()).await {
        Err(ServiceError::Invalid { msg, .. }) => assert_eq!(msg, Msg::ErrReorderOpenCycle),
        other => panic!("{other:?}"),
    }
    // Home delivery keeps its minimum when lines go down.
    let other = user(&pool, &coop, "jules.denis@maillon.test").await;
    let delivery = delivery_slot(&pool, cycle).await;
    add(&pool, &coop, cycle, &other, juice, 10).await.unwrap();
    let home = CheckoutChoice {
        slot_id: Some(delivery),
        address: "7 place du Concert".into(),
        postcode: "59800".into(),
        phone: "06 12".into(),
        payment: Some(PaymentMethod::Pickup),
        attempt_key: "attempt-home".into(),
    };
    // A phone number the driver could not call is refused, by its field.
    match checkout(&pool, &coop, cycle, &other, &home).await {
        Err(ServiceError::Invalid { field, .. }) => assert_eq!(field, Some("phone")),
        other => panic!("a short phone number was taken: {other:?}"),
    }
    let home = CheckoutChoice {
        phone: "06 12 34 56 78".into(),
        ..home
    };
    let home = checkout(&pool, &coop, cycle, &other, &home).await.unwrap();
    let phone: String = sqlx::query_scalar("SELECT delivery_phone FROM orders WHERE id = $1")
        .bind(home.order_id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(phone, "0612345678", "the driver's sheet gets the number, compact");
    let smaller = OrderChange {
        lines: vec![(juice, 1)],
        add: vec![],
        slot_id: None,
    };
    assert!(matches!(
        store::change_order(&pool, &coop, "http://test", &other, home.order_id, &smaller, Utc::now()).await,
        Err(ServiceError::BelowMinimum { .. })
    ));
}

/// A product a producer adds while a cycle is open is not on sale in it, and the producer and
/// hub staff can see it; once staff offer it, the shop sells it.
#[tokio::test]
async fn a_product_added_during_a_cycle_waits_for_staff_to_offer_it() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    use maillon::catalogue::{self, VariantFields};
    let coop = demo(&pool).await;
    let cycle = open_cycle(&pool, &coop).await;
    let farm: i64 = sqlx::query_scalar(
        "SELECT p.id FROM producers p JOIN users u ON u.id = p.user_id WHERE u.email = 'producteur@maillon.test'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(
        cycles::not_offered(&pool, coop.id, cycle, Some(farm), Default::default())
            .await
            .unwrap()
            .is_empty()
    );
    let fields = catalogue::parse_product("Miel de trèfle", "", "epicerie", "g", &[], true).unwrap();
    let variant = VariantFields {
        name: "Pot".into(),
        quantity: 250,
        retail_price_cents: 650,
        pro_price_cents: 550,
        case_size: 6,
        vat_bp: 550,
        weight_grams: 400,
        stock: catalogue::Stock::Finite(12),
        active: true,
    };
    let product = catalogue::store::save_product(&pool, coop.id, farm, None, &fields, &[(None, variant)])
        .await
        .unwrap();
    let missing = cycles::not_offered(&pool, coop.id, cycle, Some(farm), Default::default())
        .await
        .unwrap();
    assert_eq!(missing.len(), 1);
    assert_eq!(
        (missing[0].product_id, missing[0].variant_label.as_str()),
        (product, "Pot · 250 g")
    );
    let on_sale = |pool: PgPool| async move {
        store::on_sale(
            &pool,
            coop.id,
            &[product],
            Pricing::Retail,
            None,
            Default::default(),
            Utc::now(),
        )
        .await
        .unwrap()
        .unwrap()
        .products
    };
    assert!(on_sale(pool.clone()).await.is_empty(), "not in this week's shop yet");
    let added = cycles::offer_variants(&pool, coop.id, cycle, &[missing[0].variant_id])
        .await
        .unwrap();
    assert_eq!(added, 1);
    let sold = on_sale(pool.clone()).await;
    assert_eq!(sold.len(), 1);
    assert_eq!(sold[0].variants[0].label, "Pot · 250 g");
    assert!(
        cycles::not_offered(&pool, coop.id, cycle, None, Default::default())
            .await
            .unwrap()
            .is_empty()
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
    let placed = store::checkout(
        &pool,
        &coop,
        "http://test",
        &buyer,
        cycle,
        &c,
        true,
        Duration::minutes(40),
        placed_at,
    )
    .await
    .unwrap();
    let open = |minutes: i64| {
        let pool = pool.clone();
        async move {
            store::pending_payment(
                &pool,
                coop.id,
                buyer.id,
                placed.order_id,
                Duration::minutes(40),
                placed_at + Duration::minutes(minutes),
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
