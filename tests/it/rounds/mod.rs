//! Rounds against a real PostgreSQL, on the demo's residents' orders: delivery rounds that
//! serve every home and pickup point within the vehicles' limits, a stop moved by hand,
//! drivers marking stops (a basket handed over, a payment received), collection rounds for the
//! farms the hub picks up from, and the cycle's impact figures.

use chrono::{NaiveDate, Utc};
use maillon::accounts::store::{self as accounts, CurrentUser};
use maillon::coop::Coop;
use maillon::ctx::Ctx;
use maillon::cycles::CycleAction;
use maillon::cycles::store as cycles;
use maillon::error::ServiceError;
use maillon::hub::rounds::{StopStatus, SupplyMode};
use maillon::hub::rounds_store as rounds;
use maillon::hub::{RoundKind, StopRef};
use maillon::i18n::Msg;
use maillon_test_support::TestDb;
use sqlx::PgPool;

/// The service context of a test: the cooperative served, now.
fn ctx(pool: &PgPool, coop: &maillon::coop::Coop) -> Ctx {
    Ctx::new(pool.clone(), coop.clone(), "http://test", Utc::now())
}

/// The demo with its residents' orders, the cycle closed.
async fn closed_demo(pool: &PgPool) -> (Coop, i64) {
    maillon::demo::seed(pool).await.unwrap();
    maillon::demo::seed_orders(pool, "http://test").await.unwrap();
    let coop = maillon::coop::store::default_coop(pool).await.unwrap().unwrap();
    let cycle = cycles::open_cycles(&ctx(pool, &coop)).await.unwrap()[0].id;
    let page = rounds::rounds_page(&ctx(pool, &coop), cycle).await.unwrap();
    assert!(!page.closed);
    let refused = plan(pool, &coop, cycle, RoundKind::Delivery, page.delivery_day, &[1]).await;
    assert!(
        matches!(
            refused,
            Err(ServiceError::Invalid {
                msg: Msg::ErrRoundsNeedClosedCycle,
                ..
            })
        ),
        "{refused:?}"
    );
    maillon::hub::closing::act_on_cycle(&ctx(pool, &coop), cycle, CycleAction::CloseNow)
        .await
        .unwrap();
    (coop, cycle)
}

async fn plan(
    pool: &PgPool,
    coop: &Coop,
    cycle: i64,
    kind: RoundKind,
    day: NaiveDate,
    vehicles: &[i64],
) -> Result<maillon::hub::rounds::PlanOutcome, ServiceError> {
    rounds::plan_rounds(
        &ctx(pool, coop),
        cycle,
        &rounds::PlanRequest {
            kind,
            day,
            vehicle_ids: vehicles,
            geocoder: None,
        },
    )
    .await
}

async fn hub_staff(pool: &PgPool, coop: &Coop) -> CurrentUser {
    let id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'hub@maillon.test'")
        .fetch_one(pool)
        .await
        .unwrap();
    let ctx = maillon::ctx::Ctx::new(pool.clone(), coop.clone(), "", Utc::now());
    accounts::current_user(&ctx, id).await.unwrap().unwrap()
}

async fn fleet(pool: &PgPool, coop: &Coop, kind: &str) -> Vec<i64> {
    sqlx::query_scalar("SELECT id FROM vehicles WHERE coop_id = $1 AND kind = $2 ORDER BY id")
        .bind(coop.id)
        .bind(kind)
        .fetch_all(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn delivery_rounds_serve_every_home_and_pickup_point() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let (coop, cycle) = closed_demo(&pool).await;
    let page = rounds::rounds_page(&ctx(&pool, &coop), cycle).await.unwrap();
    assert!(page.closed);
    assert!(page.rounds.is_empty() && page.impact.is_none());
    // Six homes and the partner shop, all due the day after closing.
    assert_eq!(page.delivery_days, vec![page.delivery_day]);
    let due: Vec<StopRef> = page
        .unplanned
        .iter()
        .map(|u| u.what)
        .filter(|w| !matches!(w, StopRef::Producer(_)))
        .collect();
    assert_eq!(due.iter().filter(|w| matches!(w, StopRef::Order(_))).count(), 6);
    assert_eq!(due.iter().filter(|w| matches!(w, StopRef::PickupPoint(_))).count(), 1);

    let bikes = fleet(&pool, &coop, "cargo_bike").await;
    let outcome = plan(&pool, &coop, cycle, RoundKind::Delivery, page.delivery_day, &bikes)
        .await
        .unwrap();
    assert_eq!((outcome.stops, outcome.unassigned), (7, 0), "{outcome:?}");

    let page = rounds::rounds_page(&ctx(&pool, &coop), cycle).await.unwrap();
    let delivery: Vec<_> = page.rounds.iter().filter(|r| r.kind == RoundKind::Delivery).collect();
    assert_eq!(delivery.len(), outcome.rounds);
    let mut served: Vec<StopRef> = delivery.iter().flat_map(|r| r.stops.iter().map(|s| s.what)).collect();
    served.sort();
    let mut expected = due.clone();
    expected.sort();
    assert_eq!(served, expected);
    for r in &delivery {
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        assert!(r.grams <= i64::from(r.capacity_kg) * 1000);
        for s in &r.stops {
            assert!(s.arrives_at <= s.window_end, "stop {} arrives after its window", s.name);
            // The driver's sheet has the phone the demo's home buyers gave at checkout.
            let home = matches!(s.what, StopRef::Order(_));
            assert_eq!(!s.phone.is_empty(), home, "stop {}: phone {:?}", s.name, s.phone);
        }
        let positions: Vec<i32> = r.stops.iter().map(|s| s.position).collect();
        assert_eq!(positions, (1..=r.stops.len() as i32).collect::<Vec<_>>());
    }
    assert!(page.unplanned.iter().all(|u| matches!(u.what, StopRef::Producer(_))));
    let impact = page.impact.expect("impact once rounds exist");
    assert!(impact.rounds_km > 0.0);
    assert!(impact.hub.counterfactual_km > impact.rounds_km, "{impact:?}");
    // Nobody decided how producers come yet: each is counted as driving to the hub.
    assert!(impact.drop_off_km > 0.0);

    // Move the last stop of the first round to the front of the last round.
    let first = delivery[0];
    let last = delivery[delivery.len() - 1];
    let moved = first.stops.last().unwrap();
    rounds::move_stop(&ctx(&pool, &coop), moved.id, last.id, 1)
        .await
        .unwrap();
    let page = rounds::rounds_page(&ctx(&pool, &coop), cycle).await.unwrap();
    let target = page.rounds.iter().find(|r| r.id == last.id).unwrap();
    assert_eq!(target.stops[0].id, moved.id);
    assert_eq!(target.stops[0].position, 1);
    for r in &page.rounds {
        let positions: Vec<i32> = r.stops.iter().map(|s| s.position).collect();
        assert_eq!(
            positions,
            (1..=r.stops.len() as i32).collect::<Vec<_>>(),
            "positions stay 1..n"
        );
    }
    let stored: (f64,) = sqlx::query_as("SELECT distance_km FROM rounds WHERE id = $1")
        .bind(last.id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(
        (stored.0 - target.distance_km).abs() < 1e-9,
        "moving a stop retimes the stored round"
    );
    // Another cycle's round is not a target.
    assert!(
        rounds::move_stop(&ctx(&pool, &coop), moved.id, 999_999, 1)
            .await
            .is_err()
    );

    // The driver hands a basket over at a door and takes the payment.
    let driver = hub_staff(&pool, &coop).await;
    let home = target
        .stops
        .iter()
        .find(|s| matches!(s.what, StopRef::Order(_)))
        .unwrap();
    let StopRef::Order(order_id) = home.what else {
        unreachable!()
    };
    assert!(home.due_cents > 0);
    rounds::mark_stop(&ctx(&pool, &coop), &driver, home.id, StopStatus::Done, "", true)
        .await
        .unwrap();
    let (collected, paid, total): (bool, i64, i64) =
        sqlx::query_as("SELECT collected_at IS NOT NULL, paid_cents, total_cents FROM orders WHERE id = $1")
            .bind(order_id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(collected);
    assert_eq!(paid, total);
    let (manifest, _, _) = rounds::manifest(&ctx(&pool, &coop), target.id).await.unwrap();
    let done = manifest.stops.iter().find(|s| s.id == home.id).unwrap();
    assert_eq!((done.status, done.due_cents), (StopStatus::Done, 0));
    // A marked stop stays where it is, and the plan can no longer be recomputed.
    assert!(matches!(
        rounds::move_stop(&ctx(&pool, &coop), home.id, first.id, 1).await,
        Err(ServiceError::Invalid {
            msg: Msg::ErrStopAlreadyDone,
            ..
        })
    ));
    assert!(matches!(
        plan(&pool, &coop, cycle, RoundKind::Delivery, page.delivery_day, &bikes).await,
        Err(ServiceError::Invalid {
            msg: Msg::ErrRoundsStarted,
            ..
        })
    ));
    // Undo, then a failure with a note: the basket is not handed over.
    rounds::mark_stop(
        &ctx(&pool, &coop),
        &driver,
        home.id,
        StopStatus::Failed,
        "  personne  au rendez-vous ",
        false,
    )
    .await
    .unwrap();
    let (collected, note): (bool, String) = sqlx::query_as(
        "SELECT o.collected_at IS NOT NULL, rs.note FROM round_stops rs JOIN orders o ON o.id = rs.order_id WHERE rs.id = $1",
    )
    .bind(home.id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(!collected);
    assert_eq!(note, "personne au rendez-vous");
}

#[tokio::test]
async fn collection_rounds_visit_the_farms_the_hub_picks_up_from() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let (coop, cycle) = closed_demo(&pool).await;
    let page = rounds::rounds_page(&ctx(&pool, &coop), cycle).await.unwrap();
    assert!(page.suppliers.len() >= 3, "{:?}", page.suppliers);
    assert!(page.suppliers.iter().all(|s| s.grams > 0 && s.mode.is_none()));
    // Nothing to collect until someone is put on a collection round.
    let van = fleet(&pool, &coop, "electric_van").await;
    assert!(matches!(
        plan(&pool, &coop, cycle, RoundKind::Collection, page.collection_day, &van).await,
        Err(ServiceError::Invalid {
            msg: Msg::ErrNothingToPlan,
            ..
        })
    ));
    let (collected, dropping) = page.suppliers.split_at(page.suppliers.len() - 1);
    for s in collected {
        rounds::save_supplier(&ctx(&pool, &coop), cycle, s.producer_id, SupplyMode::Collection, None)
            .await
            .unwrap();
    }
    // A drop-off needs its window, in the right order.
    let d = &dropping[0];
    let at = |h| chrono::TimeZone::from_utc_datetime(&Utc, &page.collection_day.and_hms_opt(h, 0, 0).unwrap());
    assert!(
        rounds::save_supplier(&ctx(&pool, &coop), cycle, d.producer_id, SupplyMode::DropOff, None)
            .await
            .is_err()
    );
    assert!(
        rounds::save_supplier(
            &ctx(&pool, &coop),
            cycle,
            d.producer_id,
            SupplyMode::DropOff,
            Some((at(10), at(8)))
        )
        .await
        .is_err()
    );
    rounds::save_supplier(
        &ctx(&pool, &coop),
        cycle,
        d.producer_id,
        SupplyMode::DropOff,
        Some((at(8), at(10))),
    )
    .await
    .unwrap();
    // The producer's purchase order says when to come; the collected ones say collection.
    let pos = maillon::hub::store::logistics(&ctx(&pool, &coop), cycle, None, Default::default())
        .await
        .unwrap()
        .purchase_orders;
    let po = |id: i64| pos.iter().find(|p| p.producer_id == id).unwrap().supply;
    assert_eq!(po(d.producer_id), Some((SupplyMode::DropOff, Some((at(8), at(10))))));
    assert_eq!(po(collected[0].producer_id), Some((SupplyMode::Collection, None)));
    assert!(
        plan(&pool, &coop, cycle, RoundKind::Collection, page.collection_day, &[])
            .await
            .is_err()
    );

    let outcome = plan(&pool, &coop, cycle, RoundKind::Collection, page.collection_day, &van)
        .await
        .unwrap();
    assert_eq!((outcome.stops, outcome.unassigned), (collected.len(), 0));
    let page = rounds::rounds_page(&ctx(&pool, &coop), cycle).await.unwrap();
    let farms: Vec<StopRef> = page
        .rounds
        .iter()
        .filter(|r| r.kind == RoundKind::Collection)
        .flat_map(|r| r.stops.iter().map(|s| s.what))
        .collect();
    assert_eq!(farms.len(), collected.len());
    assert!(
        collected
            .iter()
            .all(|s| farms.contains(&StopRef::Producer(s.producer_id)))
    );
    let impact = page.impact.unwrap();
    // One producer still drives to the hub and back.
    assert!(impact.drop_off_km > 0.0);
    assert!((impact.hub.hub_km - impact.rounds_km - impact.drop_off_km).abs() < 1e-6);
    // Planning again replaces the plan rather than adding to it.
    plan(&pool, &coop, cycle, RoundKind::Collection, page.collection_day, &van)
        .await
        .unwrap();
    let count: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM round_stops rs JOIN rounds r ON r.id = rs.round_id WHERE r.cycle_id = $1 AND r.kind = 'collection'",
    )
    .bind(cycle)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(count as usize, collected.len());
    // A day without anything due.
    let empty = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
    assert!(
        plan(&pool, &coop, cycle, RoundKind::Delivery, empty, &van)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn vehicles_are_saved_and_withdrawn() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    maillon::demo::seed(&pool).await.unwrap();
    let coop = maillon::coop::store::default_coop(&pool).await.unwrap().unwrap();
    let input = maillon::hub::VehicleInput {
        name: "Triporteur".into(),
        kind: "cargo_bike".into(),
        capacity_kg: "80".into(),
        capacity_litres: "250".into(),
        speed_kmh: "12".into(),
        shift_start: "09:00".into(),
        shift_end: "13:00".into(),
        max_trips: "2".into(),
    };
    let fields = maillon::hub::parse_vehicle(&input).unwrap();
    let id = rounds::save_vehicle(&ctx(&pool, &coop), None, &fields).await.unwrap();
    rounds::set_vehicle_active(&ctx(&pool, &coop), id, false).await.unwrap();
    let all = rounds::vehicles(&ctx(&pool, &coop)).await.unwrap();
    let saved = all.iter().find(|v| v.id == id).unwrap();
    assert_eq!(saved.fields, fields);
    assert!(!saved.active);
    assert!(
        all.iter().take_while(|v| v.active).count() >= 3,
        "active vehicles come first"
    );
    assert!(matches!(
        rounds::set_vehicle_active(
            &Ctx::new(
                pool.clone(),
                maillon::coop::Coop {
                    id: coop.id + 1,
                    ..coop.clone()
                },
                "http://test",
                Utc::now()
            ),
            id,
            true
        )
        .await,
        Err(ServiceError::NotFound)
    ));
}

#[tokio::test]
async fn parallel_clicks_on_compute_rounds_run_one_solver() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let (coop, cycle) = closed_demo(&pool).await;
    let page = rounds::rounds_page(&ctx(&pool, &coop), cycle).await.unwrap();
    let bikes = fleet(&pool, &coop, "cargo_bike").await;
    let (a, b, c) = tokio::join!(
        plan(&pool, &coop, cycle, RoundKind::Delivery, page.delivery_day, &bikes),
        plan(&pool, &coop, cycle, RoundKind::Delivery, page.delivery_day, &bikes),
        plan(&pool, &coop, cycle, RoundKind::Delivery, page.delivery_day, &bikes),
    );
    let results = [a, b, c];
    let planned = results.iter().filter(|r| r.is_ok()).count();
    let busy = results
        .iter()
        .filter(|r| {
            matches!(
                r,
                Err(ServiceError::Invalid {
                    msg: Msg::ErrRoundsBusy,
                    ..
                })
            )
        })
        .count();
    assert_eq!((planned, busy), (1, 2), "{results:?}");
    // The claim is released: the next click plans again.
    plan(&pool, &coop, cycle, RoundKind::Delivery, page.delivery_day, &bikes)
        .await
        .unwrap();
    // A claim left by a server that died no longer counts after a few minutes.
    sqlx::query("UPDATE order_cycles SET rounds_planning_since = now() - interval '6 minutes' WHERE id = $1")
        .bind(cycle)
        .execute(&pool)
        .await
        .unwrap();
    plan(&pool, &coop, cycle, RoundKind::Delivery, page.delivery_day, &bikes)
        .await
        .unwrap();
}

mod geocoding;
