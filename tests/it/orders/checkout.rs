//! Checkout: never oversold, refused whole with every short line named, once per submission
//! however often it is sent, and only for an open cycle and a slot with room.

use super::*;

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
        moved = maillon::hub::closing::advance_cycles(&pool, Utc::now(), "http://test")
            .await
            .unwrap();
        if !moved.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(moved, vec![(cycle, maillon::cycles::CycleStatus::Closed)]);
    assert!(
        maillon::hub::closing::advance_cycles(&pool, Utc::now(), "http://test")
            .await
            .unwrap()
            .is_empty()
    );
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
        round_up: false,
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
    let order = store::order_view(&mut conn, &ctx(&pool, &coop), placed.order_id, Some(buyer.id))
        .await
        .unwrap();
    assert!(order.totals.fee_cents > 0);
    assert_eq!(
        order.totals.total_cents,
        order.totals.subtotal_cents + order.totals.fee_cents
    );
    assert_eq!(order.payment_method, PaymentMethod::Pickup);
}
