//! Pickup points against a real PostgreSQL and a local fake geocoder: coordinates left empty
//! are found from the address, typed ones win, and a point nobody could place is refused with a
//! message asking for its coordinates (rounds need every point placed).

use maillon_test_support::TestDb;
use maillon_test_support::demo::demo;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::ctx;
use maillon::coop::Coop;
use maillon::cycles::store as cycles;
use maillon::cycles::{PickupPointInput, parse_pickup_point_draft};
use maillon::error::ServiceError;
use maillon::geo::Point;
use maillon::geo::geocode::Geocoder;
use maillon::i18n::Msg;
use sqlx::PgPool;

/// A geocoder speaking the Base Adresse Nationale's protocol that knows one street; it counts
/// the questions it is asked.
async fn fake_geocoder() -> (String, Arc<AtomicUsize>) {
    use axum::extract::{Query, State};
    use axum::http::StatusCode;
    async fn search(
        State(asked): State<Arc<AtomicUsize>>,
        Query(q): Query<HashMap<String, String>>,
    ) -> (StatusCode, String) {
        asked.fetch_add(1, Ordering::SeqCst);
        let address = q.get("q").cloned().unwrap_or_default();
        let one = q.get("limit").map(String::as_str) == Some("1");
        match (
            address.contains("rue de la Monnaie"),
            q.get("postcode").map(String::as_str),
        ) {
            (true, Some("59800")) if one => (
                StatusCode::OK,
                r#"{"type":"FeatureCollection","features":[{"type":"Feature",
                    "geometry":{"type":"Point","coordinates":[3.0633,50.6405]},"properties":{"score":0.91}}]}"#
                    .into(),
            ),
            _ if address.contains("panne") => (StatusCode::INTERNAL_SERVER_ERROR, String::new()),
            _ => (StatusCode::OK, r#"{"type":"FeatureCollection","features":[]}"#.into()),
        }
    }
    let asked = Arc::new(AtomicUsize::new(0));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = axum::Router::new()
        .route("/search/", axum::routing::get(search))
        .with_state(asked.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), asked)
}

fn point(address: &str, latitude: &str, longitude: &str) -> PickupPointInput {
    PickupPointInput {
        name: "Épicerie du Vieux-Lille".into(),
        kind: "shop".into(),
        address: address.into(),
        instructions: "Au comptoir".into(),
        latitude: latitude.into(),
        longitude: longitude.into(),
    }
}

async fn stored(pool: &PgPool, id: i64) -> (String, f64, f64) {
    sqlx::query_as("SELECT address, latitude, longitude FROM pickup_points WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn count(pool: &PgPool, coop: &Coop) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM pickup_points WHERE coop_id = $1")
        .bind(coop.id)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_pickup_point_without_coordinates_is_placed_from_its_address() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let (url, asked) = fake_geocoder().await;
    let geocoder = Geocoder::new(&url).unwrap();
    let address = "3 rue de la Monnaie, 59800 Lille";

    let draft = parse_pickup_point_draft(&point(address, "", "")).unwrap();
    let (id, located) = cycles::save_pickup_point_at_address(&ctx(&pool, &coop), None, draft, Some(&geocoder))
        .await
        .unwrap();
    let expected = Point {
        lat: 50.6405,
        lon: 3.0633,
    };
    assert_eq!(located, Some(expected));
    assert_eq!(stored(&pool, id).await, (address.to_owned(), 50.6405, 3.0633));
    assert_eq!(asked.load(Ordering::SeqCst), 1);

    // Typed coordinates win, and the geocoder is not even asked.
    let draft = parse_pickup_point_draft(&point(address, "50,6300", "3.0500")).unwrap();
    let (typed, located) = cycles::save_pickup_point_at_address(&ctx(&pool, &coop), None, draft, Some(&geocoder))
        .await
        .unwrap();
    assert_eq!(located, None);
    assert_eq!(stored(&pool, typed).await.1, 50.63);
    assert_eq!(asked.load(Ordering::SeqCst), 1);

    // Editing the point: its new address placed anew.
    sqlx::query("UPDATE pickup_points SET latitude = 0, longitude = 0 WHERE id = $1")
        .bind(id)
        .execute(&pool)
        .await
        .unwrap();
    let draft = parse_pickup_point_draft(&point(address, "", "")).unwrap();
    let (same, _) = cycles::save_pickup_point_at_address(&ctx(&pool, &coop), Some(id), draft, Some(&geocoder))
        .await
        .unwrap();
    assert_eq!((same, stored(&pool, id).await.1), (id, 50.6405));

    // The placed point serves slots and rounds like any other.
    let (points, _) = cycles::places(&ctx(&pool, &coop)).await.unwrap();
    let listed = points.iter().find(|p| p.id == id).unwrap();
    assert_eq!(
        (listed.latitude, listed.longitude, listed.active),
        (50.6405, 3.0633, true)
    );
}

#[tokio::test]
async fn a_pickup_point_nobody_can_place_asks_for_its_coordinates() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let before = count(&pool, &coop).await;
    let (url, _) = fake_geocoder().await;
    let geocoder = Geocoder::new(&url).unwrap();
    // A listener that is closed at once: the geocoder is down.
    let gone = {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let down = Geocoder::new(&gone).unwrap();
    let cases: [(&str, Option<&Geocoder>, &str, Msg); 4] = [
        (
            "Lieu-dit Nulle Part, 59999 Ailleurs",
            Some(&geocoder),
            "address",
            Msg::ErrPointNotLocated,
        ),
        (
            "En panne, 59800 Lille",
            Some(&geocoder),
            "address",
            Msg::ErrPointNotLocated,
        ),
        (
            "3 rue de la Monnaie, 59800 Lille",
            Some(&down),
            "address",
            Msg::ErrPointNotLocated,
        ),
        (
            "3 rue de la Monnaie, 59800 Lille",
            None,
            "latitude",
            Msg::ErrPointNeedsCoordinates,
        ),
    ];
    for (address, geocoder, field, msg) in cases {
        let draft = parse_pickup_point_draft(&point(address, "", "")).unwrap();
        let refused = cycles::save_pickup_point_at_address(&ctx(&pool, &coop), None, draft, geocoder).await;
        match refused {
            Err(ServiceError::Invalid { field: Some(f), msg: m }) => assert_eq!((f, m), (field, msg), "{address}"),
            other => panic!("{address}: {other:?}"),
        }
    }
    assert_eq!(count(&pool, &coop).await, before, "nothing saved");
    // Without a geocoder, typed coordinates still do.
    let draft = parse_pickup_point_draft(&point("Lieu-dit Nulle Part", "50.7", "3.1")).unwrap();
    cycles::save_pickup_point_at_address(&ctx(&pool, &coop), None, draft, None)
        .await
        .unwrap();
    assert_eq!(count(&pool, &coop).await, before + 1);
}
