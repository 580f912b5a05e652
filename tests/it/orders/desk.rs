//! The pickup desk: baskets with their contents, payment and collection recorded when told.

use super::*;

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
    let found = store::desk_orders(&ctx(&pool, &coop), &hub, Some(cycle), &placed.order_id.to_string(), 1)
        .await
        .unwrap();
    assert_eq!(found.items.len(), 1);
    let by_name = store::desk_orders(&ctx(&pool, &coop), &hub, Some(cycle), "habitant@", 1)
        .await
        .unwrap();
    assert_eq!(by_name.items[0].order.id, placed.order_id);
    // The hub's slot is not the shopkeeper's pickup point.
    let shop = user(&pool, &coop, "commerce@maillon.test").await;
    assert!(matches!(
        store::record_collection(&ctx(&pool, &coop), &shop, placed.order_id, true, true).await,
        Err(ServiceError::Forbidden)
    ));
    store::record_collection(&ctx(&pool, &coop), &hub, placed.order_id, true, true)
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
async fn the_desk_lists_pickup_baskets_with_their_contents_and_takes_money_only_when_told() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    maillon::demo::seed_orders(&pool, "http://test").await.unwrap();
    let cycle = open_cycle(&pool, &coop).await;
    maillon::hub::closing::act_on_cycle(
        &maillon::ctx::Ctx::new(pool.clone(), coop.clone(), "http://test", Utc::now()),
        cycle,
        CycleAction::CloseNow,
    )
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
    let desk = store::desk_orders(&ctx(&pool, &coop), &hub, Some(cycle), "", 1)
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
    store::record_collection(&ctx(&pool, &coop), &hub, id, true, false)
        .await
        .unwrap();
    let (paid, total) = money(&pool, id).await;
    assert_eq!(paid, 0);
    let again = store::desk_orders(&ctx(&pool, &coop), &hub, Some(cycle), &id.to_string(), 1)
        .await
        .unwrap();
    assert!(again.items[0].order.collected);
    assert_eq!(again.items[0].due_cents, total);
    // Paid afterwards: recorded once, whatever the number of taps.
    for _ in 0..2 {
        store::record_collection(&ctx(&pool, &coop), &hub, id, false, true)
            .await
            .unwrap();
    }
    assert_eq!(money(&pool, id).await, (total, total));
    // A shopkeeper's desk sees their own shop's baskets only, and no label QR of another's.
    let shop = user(&pool, &coop, "commerce@maillon.test").await;
    let theirs = store::desk_orders(&ctx(&pool, &coop), &shop, Some(cycle), "", 1)
        .await
        .unwrap();
    assert!(theirs.items.iter().all(|d| d.order.id != id));
    assert!(matches!(
        store::desk_order_cycle(&ctx(&pool, &coop), &shop, id).await,
        Err(ServiceError::Forbidden)
    ));
    assert_eq!(
        store::desk_order_cycle(&ctx(&pool, &coop), &hub, id).await.unwrap(),
        cycle
    );
    if let Some(own) = theirs.items.first() {
        assert_eq!(
            store::desk_order_cycle(&ctx(&pool, &coop), &shop, own.order.id)
                .await
                .unwrap(),
            cycle
        );
    }
}
