//! Placing home deliveries on the map: the geocoder at planning, by hand, and without holding
//! a database connection while it answers.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;

/// A geocoder speaking the Base Adresse Nationale's protocol on loopback: it knows the 59800
/// addresses and fails on everything else.
async fn fake_geocoder() -> String {
    use axum::extract::Query;
    use axum::http::StatusCode;
    async fn search(Query(q): Query<std::collections::HashMap<String, String>>) -> (StatusCode, String) {
        match q.get("postcode").map(String::as_str) {
            Some("59800") if q.get("limit").map(String::as_str) == Some("1") => (
                StatusCode::OK,
                r#"{"type":"FeatureCollection","features":[{"type":"Feature",
                    "geometry":{"type":"Point","coordinates":[3.0700,50.6400]},"properties":{"score":0.93}}]}"#
                    .into(),
            ),
            _ => (StatusCode::INTERNAL_SERVER_ERROR, String::new()),
        }
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = axum::Router::new().route("/search/", axum::routing::get(search));
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

#[tokio::test]
async fn addresses_are_geocoded_at_planning_or_placed_by_hand() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let (coop, cycle) = closed_demo(&pool).await;
    // Two home deliveries nobody has placed yet: one the geocoder knows, one it fails on.
    let known: i64 = sqlx::query_scalar("SELECT min(id) FROM orders WHERE delivery_postcode = '59800'")
        .fetch_one(&pool)
        .await
        .unwrap();
    let unknown: i64 = sqlx::query_scalar("SELECT min(id) FROM orders WHERE delivery_postcode = '59000'")
        .fetch_one(&pool)
        .await
        .unwrap();
    sqlx::query(
        "UPDATE orders SET delivery_latitude = NULL, delivery_longitude = NULL, delivery_located = NULL
         WHERE id = ANY($1)",
    )
    .bind(vec![known, unknown])
    .execute(&pool)
    .await
    .unwrap();
    let geocoder = maillon::geo::geocode::Geocoder::new(&fake_geocoder().await).unwrap();
    let page = rounds::rounds_page(&ctx(&pool, &coop), cycle).await.unwrap();
    let bikes = fleet(&pool, &coop, "cargo_bike").await;
    let outcome = rounds::plan_rounds(
        &ctx(&pool, &coop),
        cycle,
        &rounds::PlanRequest {
            kind: RoundKind::Delivery,
            day: page.delivery_day,
            vehicle_ids: &bikes,
            geocoder: Some(&geocoder),
        },
    )
    .await
    .unwrap();
    assert_eq!(outcome.unassigned, 0);
    let located = |id: i64| {
        let pool = pool.clone();
        async move {
            sqlx::query_as::<_, (Option<f64>, Option<f64>, Option<String>)>(
                "SELECT delivery_latitude, delivery_longitude, delivery_located FROM orders WHERE id = $1",
            )
            .bind(id)
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    assert_eq!(located(known).await, (Some(50.64), Some(3.07), Some("address".into())));
    assert_eq!(
        located(unknown).await,
        (None, None, None),
        "a failed lookup leaves the order as it was"
    );
    let page = rounds::rounds_page(&ctx(&pool, &coop), cycle).await.unwrap();
    let stop_of = |page: &maillon::hub::rounds::RoundsPage, id: i64| {
        page.rounds
            .iter()
            .flat_map(|r| r.stops.iter())
            .find(|s| s.what == StopRef::Order(id))
            .cloned()
            .unwrap()
    };
    let approx = stop_of(&page, unknown);
    assert_eq!(approx.located, Some(maillon::hub::rounds::Located::ZoneCentre));
    assert_eq!(
        (approx.point.lat, approx.point.lon),
        (50.6330, 3.0630),
        "the zone's centre"
    );

    let here = maillon::geo::Point {
        lat: 50.6250,
        lon: 3.0500,
    };
    rounds::place_delivery(&ctx(&pool, &coop), unknown, here).await.unwrap();
    assert_eq!(located(unknown).await, (Some(50.625), Some(3.05), Some("staff".into())));
    let page = rounds::rounds_page(&ctx(&pool, &coop), cycle).await.unwrap();
    let placed = stop_of(&page, unknown);
    assert_eq!(
        (placed.point, placed.located),
        (here, Some(maillon::hub::rounds::Located::Staff))
    );
    // Only home deliveries of the cooperative can be placed.
    let pickup: i64 = sqlx::query_scalar("SELECT min(id) FROM orders WHERE delivery_postcode = ''")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(matches!(
        rounds::place_delivery(&ctx(&pool, &coop), pickup, here).await,
        Err(ServiceError::NotFound)
    ));
}

/// A geocoder that answers only once it could take a connection from `pool` itself.
async fn geocoder_needing(pool: PgPool) -> String {
    use axum::extract::{Query, State};
    use axum::http::StatusCode;
    async fn search(
        State(pool): State<PgPool>,
        Query(q): Query<std::collections::HashMap<String, String>>,
    ) -> (StatusCode, String) {
        if pool.acquire().await.is_err() || q.get("postcode").map(String::as_str) != Some("59800") {
            return (StatusCode::INTERNAL_SERVER_ERROR, String::new());
        }
        (
            StatusCode::OK,
            r#"{"type":"FeatureCollection","features":[{"type":"Feature",
                "geometry":{"type":"Point","coordinates":[3.0700,50.6400]},"properties":{"score":0.93}}]}"#
                .into(),
        )
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = axum::Router::new()
        .route("/search/", axum::routing::get(search))
        .with_state(pool);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

#[tokio::test]
async fn geocoding_holds_no_database_connection_while_it_waits() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let (coop, cycle) = closed_demo(&pool).await;
    let known: i64 = sqlx::query_scalar("SELECT min(id) FROM orders WHERE delivery_postcode = '59800'")
        .fetch_one(&pool)
        .await
        .unwrap();
    sqlx::query(
        "UPDATE orders SET delivery_latitude = NULL, delivery_longitude = NULL, delivery_located = NULL WHERE id = $1",
    )
    .bind(known)
    .execute(&pool)
    .await
    .unwrap();
    // One connection for everybody: planning and the geocoder's own need share it.
    let single = sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .acquire_timeout(std::time::Duration::from_secs(2))
        .connect_with((*pool.connect_options()).clone())
        .await
        .unwrap();
    let geocoder = maillon::geo::geocode::Geocoder::new(&geocoder_needing(single.clone()).await).unwrap();
    let page = rounds::rounds_page(&ctx(&pool, &coop), cycle).await.unwrap();
    let bikes = fleet(&pool, &coop, "cargo_bike").await;
    rounds::plan_rounds(
        &ctx(&single, &coop),
        cycle,
        &rounds::PlanRequest {
            kind: RoundKind::Delivery,
            day: page.delivery_day,
            vehicle_ids: &bikes,
            geocoder: Some(&geocoder),
        },
    )
    .await
    .unwrap();
    let located: Option<String> = sqlx::query_scalar("SELECT delivery_located FROM orders WHERE id = $1")
        .bind(known)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(
        located.as_deref(),
        Some("address"),
        "the geocoder could use the pool meanwhile"
    );
}

/// A geocoder that answers nothing until released, counting the requests it holds.
async fn held_geocoder() -> (String, Arc<AtomicUsize>, Arc<tokio::sync::Notify>) {
    let asked = Arc::new(AtomicUsize::new(0));
    let release = Arc::new(tokio::sync::Notify::new());
    let (a, r) = (asked.clone(), release.clone());
    let app = axum::Router::new().route(
        "/search/",
        axum::routing::get(move || {
            let (a, r) = (a.clone(), r.clone());
            async move {
                let released = r.notified();
                a.fetch_add(1, Ordering::SeqCst);
                released.await;
                axum::Json(serde_json::json!({ "features": [] }))
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, asked, release)
}

#[tokio::test]
async fn forms_wait_for_the_geocoder_a_few_at_a_time_and_the_others_save_without_it() {
    use maillon::geo::geocode::{FORM_CALLS_AT_ONCE, Geocoder};
    let (url, asked, release) = held_geocoder().await;
    let geocoder = Geocoder::new(&url).unwrap();
    let waiting: Vec<_> = (0..FORM_CALLS_AT_ONCE)
        .map(|_| {
            let g = geocoder.clone();
            tokio::spawn(async move { g.locate_briefly("Lille", "a test").await })
        })
        .collect();
    // Every one of them is at the geocoder (a bounded wait: it never needs long).
    for _ in 0..200 {
        if asked.load(Ordering::SeqCst) == FORM_CALLS_AT_ONCE {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert_eq!(asked.load(Ordering::SeqCst), FORM_CALLS_AT_ONCE);
    // One more form does not wait, and does not ask.
    assert_eq!(geocoder.locate_briefly("Lille", "a test").await, None);
    assert_eq!(asked.load(Ordering::SeqCst), FORM_CALLS_AT_ONCE);
    release.notify_waiters();
    for w in waiting {
        assert_eq!(w.await.unwrap(), None, "the geocoder knew nothing");
    }
    // Their turns are given back.
    let again = tokio::spawn({
        let g = geocoder.clone();
        async move { g.locate_briefly("Lille", "a test").await }
    });
    for _ in 0..200 {
        if asked.load(Ordering::SeqCst) == FORM_CALLS_AT_ONCE + 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert_eq!(asked.load(Ordering::SeqCst), FORM_CALLS_AT_ONCE + 1);
    release.notify_waiters();
    assert_eq!(again.await.unwrap(), None);
}
