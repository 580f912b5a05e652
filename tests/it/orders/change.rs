//! Changing a placed order: only the difference moves stock, cancelling gives it back, and an
//! added product goes through checkout's rules.

use super::*;

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
    store::change_order(&ctx(&pool, &coop), &buyer, placed.order_id, &change(4))
        .await
        .unwrap();
    assert_eq!(stock(&pool, v).await, 1);
    match store::change_order(&ctx(&pool, &coop), &buyer, placed.order_id, &change(7)).await {
        Err(ServiceError::OutOfStock(lines)) => assert_eq!((lines[0].wanted, lines[0].left), (7, 5)),
        other => panic!("{other:?}"),
    }
    let mut conn = pool.acquire().await.unwrap();
    let view = store::order_view(&mut conn, &ctx(&pool, &coop), placed.order_id, Some(buyer.id))
        .await
        .unwrap();
    assert_eq!(view.lines[0].quantity, 4);
    assert_eq!(view.totals.total_cents, view.lines[0].unit_price_cents * 4);
    // Another buyer may not touch it.
    let other = user(&pool, &coop, "commerce@maillon.test").await;
    assert!(matches!(
        store::cancel_order(&ctx(&pool, &coop), &other, placed.order_id).await,
        Err(ServiceError::NotFound)
    ));
    store::cancel_order(&ctx(&pool, &coop), &buyer, placed.order_id)
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
        async move { store::change_order(&ctx(&pool, &coop), &buyer, placed.order_id, &c).await }
    };
    change(adding(juice, 2)).await.unwrap();
    change(adding(v, 2)).await.unwrap();
    assert_eq!(stock(&pool, v).await, 2);
    match change(adding(v, 3)).await {
        Err(ServiceError::OutOfStock(lines)) => assert_eq!((lines[0].wanted, lines[0].left), (6, 5)),
        other => panic!("{other:?}"),
    }
    let mut conn = pool.acquire().await.unwrap();
    let order = store::order_view(&mut conn, &ctx(&pool, &coop), placed.order_id, Some(buyer.id))
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
    match store::order_again(&ctx(&pool, &coop), &buyer, placed.order_id).await {
        Err(ServiceError::Invalid { msg, .. }) => assert_eq!(msg, Msg::ErrReorderOpenCycle),
        other => panic!("{other:?}"),
    }
    // Home delivery keeps its minimum when lines go down.
    let other = user(&pool, &coop, "jules.denis@maillon.test").await;
    let delivery = delivery_slot(&pool, cycle).await;
    add(&pool, &coop, cycle, &other, juice, 10).await.unwrap();
    let home = CheckoutChoice {
        round_up: false,
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
        round_up: false,
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
        store::change_order(&ctx(&pool, &coop), &other, home.order_id, &smaller).await,
        Err(ServiceError::BelowMinimum { .. })
    ));
}
