//! The territory's figures from real deliveries: computed once per delivered cycle, computed
//! again after a return, a cycle of fewer than five households kept out, and the year's
//! households counted once each.

use maillon::ledger::store::{ReturnRequest, record_return};
use maillon::orders::store::record_collection;
use maillon::transparency::store::{refresh, transparency};
use maillon_test_support::TestDb;
use maillon_test_support::demo::{copy_of_cycle, demo, open_cycle, residents, scarce, user};
use maillon_test_support::shopping::ctx;

use crate::ledger::{deliver, order};

#[tokio::test]
async fn figures_follow_deliveries_and_returns_and_hide_small_cycles() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let big = open_cycle(&pool, &coop).await;
    let small = copy_of_cycle(&pool, big, 1).await;
    let v = scarce(&pool, big, 100).await;
    let (unit, weight): (i64, i32) =
        sqlx::query_as("SELECT retail_price_cents, weight_grams FROM variants WHERE id = $1")
            .bind(v)
            .fetch_one(&pool)
            .await
            .unwrap();
    let buyers = residents(&pool, &coop, 7).await;
    assert_eq!(buyers.len(), 7, "the demo has seven residents");
    let mut big_orders = Vec::new();
    for (i, b) in buyers[..6].iter().enumerate() {
        big_orders.push(order(&pool, &coop, big, b, v, 2, &format!("big{i}")).await);
    }
    for (i, b) in buyers[5..].iter().enumerate() {
        order(&pool, &coop, small, b, v, 1, &format!("small{i}")).await;
    }
    deliver(&pool, &coop, big).await;
    deliver(&pool, &coop, small).await;

    // A cooperative that has not placed its hub yet (no rounds either) still has figures.
    sqlx::query("DELETE FROM hubs").execute(&pool).await.unwrap();
    let c = ctx(&pool, &coop);
    assert_eq!(refresh(&c).await.unwrap(), 2, "both delivered cycles computed");
    assert_eq!(refresh(&c).await.unwrap(), 0, "nothing changed: nothing computed again");

    let t = transparency(&c).await.unwrap();
    assert_eq!(t.years.len(), 1);
    let year = &t.years[0];
    let row = |id: i64| year.cycles.iter().find(|r| r.cycle_id == id).expect("the cycle's row");
    let f = row(big).figures.clone().expect("six households: published");
    assert_eq!((f.orders, f.households), (6, 6));
    assert_eq!(f.turnover_cents, 12 * unit, "twelve units invoiced");
    assert!(f.producers_cents > 0 && f.producers_cents < f.turnover_cents);
    assert_eq!(f.delivered_grams, 12 * i64::from(weight));
    assert!(row(small).figures.is_none(), "two households: not published");
    // Closed early by staff: dated the day it closed, not the day it was planned to close.
    let planned: chrono::DateTime<chrono::Utc> = sqlx::query_scalar("SELECT closes_at FROM order_cycles WHERE id = $1")
        .bind(big)
        .fetch_one(&pool)
        .await
        .unwrap();
    let zone = c.coop().timezone.tz();
    assert_ne!(
        planned.with_timezone(&zone).date_naive(),
        c.today(),
        "planned for another day"
    );
    assert_eq!(row(big).closed_on, c.today());
    assert_eq!(year.suppressed, 1);
    let total = year.total.clone().expect("seven households in the year");
    assert_eq!(total.households, 7, "the year counts each household once");
    assert_eq!(
        total.turnover_cents, f.turnover_cents,
        "the hidden cycle is not in the total"
    );

    // A unit comes back: the cycle is computed again, its turnover one unit lower.
    let staff = user(&pool, &coop, "hub@maillon.test").await;
    record_collection(&c, &staff, big_orders[0], false, true).await.unwrap();
    let request = ReturnRequest {
        order_id: big_orders[0],
        variant_id: v,
        quantity: "1",
        reason: "Abîmé",
    };
    record_return(&ctx(&pool, &coop), &staff, &request).await.unwrap();
    assert_eq!(
        refresh(&ctx(&pool, &coop)).await.unwrap(),
        1,
        "the corrected cycle only"
    );
    let t = transparency(&c).await.unwrap();
    let after = t.years[0]
        .cycles
        .iter()
        .find(|r| r.cycle_id == big)
        .and_then(|r| r.figures.clone())
        .unwrap();
    assert_eq!(after.turnover_cents, 11 * unit);
    assert!(after.producers_cents < f.producers_cents);
}
