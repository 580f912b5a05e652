//! "Prepare the following week" against a real PostgreSQL, on the demo: a draft copy of a cycle
//! with its offers and slots, times moved on by whole weeks in the cooperative's zone, nothing
//! sold or booked; another cooperative's cycle is not found.

use super::ctx;
use chrono::{Duration, Utc};
use maillon::ctx::Ctx;
use maillon::cycles::store as cycles;
use maillon::cycles::{CycleFields, CycleStatus, shift_weeks, shift_window};
use maillon::error::ServiceError;
use maillon::i18n::{Locale, Msg};
use maillon_test_support::TestDb;
use maillon_test_support::demo::demo;
use maillon_test_support::other_coop;
use sqlx::PgPool;

type Offer = (i64, Option<i64>, Option<i64>, Option<i64>, i64);

async fn offers(pool: &PgPool, cycle: i64) -> Vec<Offer> {
    sqlx::query_as(
        "SELECT variant_id, stock_cap, retail_price_cents, pro_price_cents, sold FROM cycle_offers
         WHERE cycle_id = $1 ORDER BY variant_id",
    )
    .bind(cycle)
    .fetch_all(pool)
    .await
    .unwrap()
}

type Slot = (
    Option<i64>,
    Option<i64>,
    chrono::DateTime<Utc>,
    chrono::DateTime<Utc>,
    i32,
    i32,
);

async fn slots(pool: &PgPool, cycle: i64) -> Vec<Slot> {
    sqlx::query_as(
        "SELECT pickup_point_id, zone_id, starts_at, ends_at, capacity, booked FROM slots
         WHERE cycle_id = $1 ORDER BY starts_at, pickup_point_id, zone_id",
    )
    .bind(cycle)
    .fetch_all(pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn the_following_week_is_a_draft_with_the_same_offers_and_slots() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let tz = coop.timezone.tz();
    let now = Utc::now();
    let source = cycles::open_cycles(&Ctx::new(pool.clone(), coop.clone(), "http://test", now))
        .await
        .unwrap()[0]
        .clone();
    // This week has sold and booked, staff capped and repriced an offer, a variant was withdrawn.
    let variants: Vec<i64> =
        sqlx::query_scalar("SELECT variant_id FROM cycle_offers WHERE cycle_id = $1 ORDER BY variant_id LIMIT 2")
            .bind(source.id)
            .fetch_all(&pool)
            .await
            .unwrap();
    let (capped, withdrawn) = (variants[0], variants[1]);
    sqlx::query(
        "UPDATE cycle_offers SET stock_cap = 40, sold = 7, retail_price_cents = 333, pro_price_cents = 300
         WHERE cycle_id = $1 AND variant_id = $2",
    )
    .bind(source.id)
    .bind(capped)
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query("UPDATE variants SET active = false WHERE id = $1")
        .bind(withdrawn)
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("UPDATE slots SET booked = 3 WHERE cycle_id = $1")
        .bind(source.id)
        .execute(&pool)
        .await
        .unwrap();

    let copy = cycles::duplicate_cycle(
        &Ctx::new(pool.clone(), coop.clone(), "http://test", now),
        source.id,
        Locale::Fr,
    )
    .await
    .unwrap();
    assert_ne!(copy, source.id);
    let c = cycles::cycle(&ctx(&pool, &coop), copy).await.unwrap();
    assert_eq!((c.status, c.scheduled), (CycleStatus::Draft, false));
    // The demo's cycle closes within the week: one week on, at the same local times.
    assert_eq!(c.opens_at, shift_weeks(source.opens_at, 1, tz));
    assert_eq!(c.closes_at, shift_weeks(source.closes_at, 1, tz));
    assert_eq!(
        c.closes_at.with_timezone(&tz).time(),
        source.closes_at.with_timezone(&tz).time()
    );
    assert!(source.name.starts_with("Semaine du "), "{}", source.name);
    assert_eq!(
        c.name,
        format!("Semaine du {}", c.opens_at.with_timezone(&tz).format("%d/%m"))
    );

    let expected: Vec<Offer> = offers(&pool, source.id)
        .await
        .into_iter()
        .filter(|o| o.0 != withdrawn)
        .map(|(v, cap, retail, pro, _)| (v, cap, retail, pro, 0))
        .collect();
    let copied = offers(&pool, copy).await;
    assert_eq!(copied, expected);
    let offered = copied.len() as i64;
    assert!(copied.contains(&(capped, Some(40), Some(333), Some(300), 0)));

    let expected: Vec<Slot> = slots(&pool, source.id)
        .await
        .into_iter()
        .map(|(point, zone, starts, ends, capacity, booked)| {
            assert_eq!(booked, 3);
            let (starts, ends) = shift_window(starts, ends, 1, tz);
            (point, zone, starts, ends, capacity, 0)
        })
        .collect();
    assert_eq!(expected.len(), 3);
    assert_eq!(slots(&pool, copy).await, expected);
    let listed = cycles::cycle(&ctx(&pool, &coop), copy).await.unwrap();
    assert_eq!((listed.offers, listed.slots, listed.orders), (offered, 3, 0));
}

#[tokio::test]
async fn a_cycle_left_weeks_ago_is_copied_to_the_coming_week() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let tz = coop.timezone.tz();
    let now = Utc::now();
    let old = cycles::create_cycle(
        &ctx(&pool, &coop),
        &CycleFields {
            name: "Paniers d'été".into(),
            opens_at: now - Duration::days(25),
            closes_at: now - Duration::days(22),
        },
    )
    .await
    .unwrap();
    let point: i64 = sqlx::query_scalar("SELECT min(id) FROM pickup_points WHERE coop_id = $1 AND active")
        .bind(coop.id)
        .fetch_one(&pool)
        .await
        .unwrap();
    let withdrawn: i64 = sqlx::query_scalar("SELECT max(id) FROM pickup_points WHERE coop_id = $1")
        .bind(coop.id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_ne!(point, withdrawn);
    for p in [point, withdrawn] {
        sqlx::query(
            "INSERT INTO slots (coop_id, cycle_id, pickup_point_id, starts_at, ends_at, capacity)
             VALUES ($1, $2, $3, now() - interval '21 days', now() - interval '21 days' + interval '2 hours', 25)",
        )
        .bind(coop.id)
        .bind(old)
        .bind(p)
        .execute(&pool)
        .await
        .unwrap();
    }
    sqlx::query("UPDATE pickup_points SET active = false WHERE id = $1")
        .bind(withdrawn)
        .execute(&pool)
        .await
        .unwrap();

    let copy = cycles::duplicate_cycle(
        &Ctx::new(pool.clone(), coop.clone(), "http://test", now),
        old,
        Locale::Fr,
    )
    .await
    .unwrap();
    let c = cycles::cycle(&ctx(&pool, &coop), copy).await.unwrap();
    let source = cycles::cycle(&ctx(&pool, &coop), old).await.unwrap();
    // Closed 22 days ago: three weeks on is still past, four weeks on is to come.
    assert_eq!(c.closes_at, shift_weeks(source.closes_at, 4, tz));
    assert_eq!(c.opens_at, shift_weeks(source.opens_at, 4, tz));
    assert!(c.closes_at > now);
    assert_eq!(c.name, "Paniers d'été (copie)");
    let copied = slots(&pool, copy).await;
    assert_eq!(copied.len(), 1, "a withdrawn place gets no new slot");
    assert_eq!((copied[0].0, copied[0].4, copied[0].5), (Some(point), 25, 0));

    // A cycle more than a year old is not carried forward.
    sqlx::query("UPDATE order_cycles SET opens_at = now() - interval '400 days', closes_at = now() - interval '399 days' WHERE id = $1")
        .bind(old)
        .execute(&pool)
        .await
        .unwrap();
    let refused = cycles::duplicate_cycle(
        &Ctx::new(pool.clone(), coop.clone(), "http://test", now),
        old,
        Locale::Fr,
    )
    .await;
    assert!(
        matches!(
            refused,
            Err(ServiceError::Invalid {
                msg: Msg::ErrCycleTooOldToCopy,
                ..
            })
        ),
        "{refused:?}"
    );
}

#[tokio::test]
async fn another_cooperatives_cycle_is_not_found() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let other = other_coop::create(&pool).await;
    let untouched = other_coop::fingerprint(&pool, other.id).await;
    let before: i64 = sqlx::query_scalar("SELECT count(*) FROM order_cycles")
        .fetch_one(&pool)
        .await
        .unwrap();
    for cycle in [other.open_cycle, other.closed_cycle] {
        let refused = cycles::duplicate_cycle(&ctx(&pool, &coop), cycle, Locale::Fr).await;
        assert!(matches!(refused, Err(ServiceError::NotFound)), "{refused:?}");
    }
    let ours = cycles::open_cycles(&ctx(&pool, &coop)).await.unwrap()[0].id;
    let refused = cycles::duplicate_cycle(
        &ctx(&pool, &maillon::coop::store::by_id(&pool, other.id).await.unwrap()),
        ours,
        Locale::Fr,
    )
    .await;
    assert!(matches!(refused, Err(ServiceError::NotFound)), "{refused:?}");
    let after: i64 = sqlx::query_scalar("SELECT count(*) FROM order_cycles")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(after, before);
    assert_eq!(other_coop::fingerprint(&pool, other.id).await, untouched);
}
