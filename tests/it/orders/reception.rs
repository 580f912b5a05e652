//! Reception and shortages: shared by the stated rule, orders adjusted, refunds only once
//! reception is complete, recorded whole or not at all.

use super::*;

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
            &maillon::ctx::Ctx::new(pool.clone(), coop.clone(), "http://test", Utc::now()),
            &coop,
            staff.id,
            cycle,
            &[(v, 3)],
            ShortageRule::EarliestFirst,
            false
        )
        .await,
        Err(ServiceError::Invalid { .. })
    ));
    maillon::hub::closing::act_on_cycle(
        &maillon::ctx::Ctx::new(pool.clone(), coop.clone(), "http://test", Utc::now()),
        cycle,
        CycleAction::CloseNow,
    )
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
    let logistics = hub::logistics(
        &maillon::ctx::Ctx::new(pool.clone(), coop.clone(), "http://test", Utc::now()),
        cycle,
        None,
        Default::default(),
    )
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
        &maillon::ctx::Ctx::new(pool.clone(), coop.clone(), "http://test", Utc::now()),
        &coop,
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
        let view = store::order_view(&mut conn, &ctx(&pool, &coop), o, None).await.unwrap();
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
        &maillon::ctx::Ctx::new(pool.clone(), coop.clone(), "http://test", Utc::now()),
        &coop,
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
    let logistics = hub::logistics(
        &maillon::ctx::Ctx::new(pool.clone(), coop.clone(), "http://test", Utc::now()),
        cycle,
        None,
        Default::default(),
    )
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
    let order = paid_card_order(&pool, &coop, cycle, slot, &buyer, (v, 2), "recount").await;
    let (paid, total) = money(&pool, order).await;
    assert_eq!(paid, total);
    let unit: i64 =
        sqlx::query_scalar("SELECT unit_price_cents FROM order_lines WHERE order_id = $1 AND variant_id = $2")
            .bind(order)
            .bind(v)
            .fetch_one(&pool)
            .await
            .unwrap();
    maillon::hub::closing::act_on_cycle(
        &maillon::ctx::Ctx::new(pool.clone(), coop.clone(), "http://test", Utc::now()),
        cycle,
        CycleAction::CloseNow,
    )
    .await
    .unwrap();
    let staff = user(&pool, &coop, "hub@maillon.test").await;
    let record = |received: i64, confirmed: bool| {
        let (pool, coop) = (pool.clone(), coop.clone());
        async move {
            hub::record_reception(
                &maillon::ctx::Ctx::new(pool.clone(), coop.clone(), "http://test", Utc::now()),
                &coop,
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
    let shown = hub::reception(
        &maillon::ctx::Ctx::new(pool.clone(), coop.clone(), "http://test", Utc::now()),
        cycle,
    )
    .await
    .unwrap();
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
    let done = hub::complete_reception(
        &maillon::ctx::Ctx::new(pool.clone(), coop.clone(), "http://test", Utc::now()),
        staff.id,
        cycle,
    )
    .await
    .unwrap();
    assert_eq!(
        done,
        Completion {
            refunds: 1,
            refund_cents: unit
        }
    );
    assert_eq!(
        hub::complete_reception(
            &maillon::ctx::Ctx::new(pool.clone(), coop.clone(), "http://test", Utc::now()),
            staff.id,
            cycle
        )
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
    let shown = hub::reception(
        &maillon::ctx::Ctx::new(pool.clone(), coop.clone(), "http://test", Utc::now()),
        cycle,
    )
    .await
    .unwrap();
    let line = shown.affected.iter().find(|a| a.order_id == order).unwrap();
    assert_eq!(
        (line.refunded_cents, line.due_cents, line.to_refund_cents),
        (unit, unit, 0)
    );
    let desk = store::desk_orders(&ctx(&pool, &coop), &staff, Some(cycle), &order.to_string(), 1)
        .await
        .unwrap();
    assert_eq!(desk.items[0].due_cents, unit);
    store::record_collection(&ctx(&pool, &coop), &staff, order, true, true)
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
    let order = paid_card_order(&pool, &coop, cycle, slot, &buyer, (v, 2), "delivered").await;
    maillon::hub::closing::act_on_cycle(&ctx(&pool, &coop), cycle, CycleAction::CloseNow)
        .await
        .unwrap();
    let staff = user(&pool, &coop, "hub@maillon.test").await;
    hub::record_reception(
        &maillon::ctx::Ctx::new(pool.clone(), coop.clone(), "http://test", Utc::now()),
        &coop,
        staff.id,
        cycle,
        &[(v, 1)],
        ShortageRule::ProRata,
        false,
    )
    .await
    .unwrap();
    assert!(store::due_refunds(&pool).await.unwrap().is_empty());
    let (_, change) = maillon::hub::closing::act_on_cycle(
        &maillon::ctx::Ctx::new(pool.clone(), coop.clone(), "http://test", Utc::now()),
        cycle,
        CycleAction::MarkDelivered,
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
            &maillon::ctx::Ctx::new(pool.clone(), coop.clone(), "http://test", Utc::now()),
            &coop,
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
    maillon::hub::closing::act_on_cycle(
        &maillon::ctx::Ctx::new(pool.clone(), coop.clone(), "http://test", Utc::now()),
        cycle,
        CycleAction::CloseNow,
    )
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
            &maillon::ctx::Ctx::new(pool.clone(), coop.clone(), "http://test", Utc::now()),
            &coop,
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
