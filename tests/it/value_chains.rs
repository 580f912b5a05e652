//! Value chains from real deliveries: the flows of a delivered cycle are stored with its
//! figures, add up to what was delivered, are not counted twice when computed again, and a
//! period without deliveries is empty.

use chrono::Duration;
use maillon::transparency::Licence;
use maillon::transparency::store::{open_flows, refresh, set_open_data, value_chains};
use maillon_test_support::TestDb;
use maillon_test_support::demo::{demo, open_cycle, residents, scarce, user};
use maillon_test_support::shopping::ctx;

use crate::ledger::{deliver, order};

#[tokio::test]
async fn a_delivered_cycle_flows_from_its_producers_communes_to_its_destinations() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let c = ctx(&pool, &coop);
    let cycle = open_cycle(&pool, &coop).await;
    let v = scarce(&pool, cycle, 100).await;
    let (unit, weight, town): (i64, i32, String) = sqlx::query_as(
        "SELECT v.retail_price_cents, v.weight_grams, pr.town FROM variants v JOIN products p ON p.id = v.product_id
         JOIN producers pr ON pr.id = p.producer_id WHERE v.id = $1",
    )
    .bind(v)
    .fetch_one(&pool)
    .await
    .unwrap();
    for (i, b) in residents(&pool, &coop, 6).await.iter().enumerate() {
        order(&pool, &coop, cycle, b, v, 2, &format!("vc{i}")).await;
    }
    deliver(&pool, &coop, cycle).await;
    refresh(&c).await.unwrap();

    // The test cycle closes in the days to come.
    let year = (c.today() - Duration::days(300), c.today() + Duration::days(60));
    let chains = value_chains(&c, year, "").await.unwrap();
    let grams = 12 * i64::from(weight);
    assert_eq!((chains.cycles, chains.grams, chains.cents), (1, grams, 12 * unit));
    assert_eq!(chains.origins.len(), 1);
    assert_eq!(chains.origins[0].name, town);
    assert_eq!(chains.destinations.iter().map(|d| d.grams).sum::<i64>(), grams);
    assert!(chains.destinations.iter().all(|d| !d.name.is_empty()));
    // The demo's farms are all within 50 km of the hub in Fives, and placed.
    assert_eq!((chains.local_grams, chains.unplaced_grams), ([grams, grams], 0));
    assert!(
        chains.supply_m > 0 && chains.supply_m < 2 * 100_000,
        "{}",
        chains.supply_m
    );

    // Computed again (as after a return), the cycle's flows replace the old ones.
    sqlx::query("DELETE FROM transparency_cycles")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(refresh(&c).await.unwrap(), 1);
    assert_eq!(value_chains(&c, year, "").await.unwrap().grams, grams);

    let before = (c.today() - Duration::days(400), c.today() - Duration::days(100));
    assert_eq!(value_chains(&c, before, "").await.unwrap().grams, 0);

    // Open data only once the board publishes it (audited): the six households' row.
    assert_eq!(open_flows(&c).await.unwrap(), None);
    let board = user(&pool, &coop, "conseil@maillon.test").await;
    set_open_data(&c, &board, Licence::Odbl1, true).await.unwrap();
    let (licence, rows) = open_flows(&c).await.unwrap().expect("published");
    assert_eq!(licence, Licence::Odbl1);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(
        (rows[0].grams, rows[0].households, rows[0].origin.as_str()),
        (grams, 6, town.as_str())
    );
    let audited: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'open_data_licence'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(audited, 1);
}
