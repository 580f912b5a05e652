//! Stored codes against a real PostgreSQL: a code the enum does not know is an error when it is
//! read, never a silent default.

use maillon::hub::{RoundKind, ShortageRule};
use maillon::orders::{OrderStatus, PaymentMethod, Pricing};
use maillon_test_support::TestDb;

#[tokio::test]
async fn an_unknown_order_status_in_the_database_is_an_error_when_read() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let mut conn = pool.acquire().await.unwrap();
    sqlx::query("CREATE TEMPORARY TABLE stored (status text NOT NULL)")
        .execute(&mut *conn)
        .await
        .unwrap();
    sqlx::query("INSERT INTO stored (status) VALUES ('shipped')")
        .execute(&mut *conn)
        .await
        .unwrap();
    let read = sqlx::query_scalar::<_, OrderStatus>("SELECT status FROM stored")
        .fetch_one(&mut *conn)
        .await;
    let err = read.expect_err("an unknown status must not decode");
    assert!(matches!(err, sqlx::Error::ColumnDecode { .. }), "{err:?}");
    assert!(err.to_string().contains("shipped"), "{err}");
}

#[tokio::test]
async fn known_codes_round_trip_through_the_database() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    for status in OrderStatus::ALL {
        let back: OrderStatus = sqlx::query_scalar("SELECT $1::text")
            .bind(status)
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(back, status);
    }
    let (pricing, method, kind, rule): (Pricing, PaymentMethod, RoundKind, ShortageRule) =
        sqlx::query_as("SELECT 'pro'::text, 'card'::text, $1::text, $2::text")
            .bind(RoundKind::Delivery)
            .bind(ShortageRule::ALL[0])
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(
        (pricing, method, kind, rule),
        (
            Pricing::Pro,
            PaymentMethod::Card,
            RoundKind::Delivery,
            ShortageRule::ALL[0]
        )
    );
}

#[tokio::test]
async fn a_cooperative_whose_stored_zone_is_unknown_is_an_error_not_paris() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    sqlx::query("INSERT INTO coops (slug, name, timezone, is_default) VALUES ('mars', 'Mars', 'Mars/Olympus', true)")
        .execute(&pool)
        .await
        .unwrap();
    let read = maillon::coop::store::default_coop(&pool).await;
    let err = read.expect_err("an unknown zone must not decode");
    assert!(err.to_string().contains("Mars/Olympus"), "{err}");
    sqlx::query("UPDATE coops SET timezone = 'Europe/Brussels'")
        .execute(&pool)
        .await
        .unwrap();
    let coop = maillon::coop::store::default_coop(&pool)
        .await
        .unwrap()
        .expect("the cooperative");
    assert_eq!(coop.timezone.tz(), chrono_tz::Europe::Brussels);
}
