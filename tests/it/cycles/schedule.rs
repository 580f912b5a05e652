//! A scheduled cycle opens on time and tells the members who asked.

use super::ctx;
use chrono::{Duration, Utc};
use maillon::cycles::CycleAction;
use maillon::cycles::store as cycles;
use maillon_test_support::TestDb;
use maillon_test_support::demo::{demo, user};

#[tokio::test]
async fn scheduled_cycles_open_on_time_and_tell_members_who_asked() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let fields = maillon::cycles::CycleFields {
        name: "Semaine suivante".into(),
        opens_at: Utc::now() + Duration::hours(1),
        closes_at: Utc::now() + Duration::days(3),
    };
    let id = cycles::create_cycle(&ctx(&pool, &coop), &fields).await.unwrap();
    let buyer = user(&pool, &coop, "habitant@maillon.test").await;
    cycles::set_notify_cycles(&ctx(&pool, &coop), buyer.id, true)
        .await
        .unwrap();
    maillon::hub::closing::act_on_cycle(&ctx(&pool, &coop), id, CycleAction::Schedule)
        .await
        .unwrap();
    assert!(
        maillon::hub::closing::advance_cycles(&pool, Utc::now(), "http://test")
            .await
            .unwrap()
            .is_empty(),
        "not yet"
    );
    let moved = maillon::hub::closing::advance_cycles(&pool, Utc::now() + Duration::hours(2), "http://test")
        .await
        .unwrap();
    assert_eq!(moved, vec![(id, maillon::cycles::CycleStatus::Open)]);
    let mails: Vec<(String, String)> =
        sqlx::query_as("SELECT to_address, subject FROM outbox_emails WHERE subject LIKE '%Semaine suivante%'")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(
        mails,
        vec![(
            "habitant@maillon.test".to_owned(),
            format!("Les commandes sont ouvertes : Semaine suivante — {}", coop.name)
        )]
    );
}
