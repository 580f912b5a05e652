//! Anti-waste donations: only from a closed or delivered cycle, of what it offered, to a
//! partner association; told by email; confirmed once by that association alone; and the
//! kilograms rescued reach the transparency figures once received.

use maillon::error::ServiceError;
use maillon::i18n::Msg;
use maillon::rescue::store::{Donation, association_donations, confirm_receipt, desk, donate};
use maillon_test_support::TestDb;
use maillon_test_support::demo::{demo, open_cycle, residents, scarce, user};
use maillon_test_support::shopping::ctx;

use crate::ledger::{deliver, order};

fn field(result: Result<i64, ServiceError>) -> Option<Msg> {
    match result {
        Err(ServiceError::Invalid { msg, .. }) => Some(msg),
        _ => None,
    }
}

#[tokio::test]
async fn a_donation_is_given_from_an_ended_cycle_and_confirmed_once_by_its_association() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let c = ctx(&pool, &coop);
    let cycle = open_cycle(&pool, &coop).await;
    let v = scarce(&pool, cycle, 100).await;
    let (price, weight): (i64, i32) =
        sqlx::query_as("SELECT retail_price_cents, weight_grams FROM variants WHERE id = $1")
            .bind(v)
            .fetch_one(&pool)
            .await
            .unwrap();
    let staff = user(&pool, &coop, "hub@maillon.test").await;
    let board = user(&pool, &coop, "conseil@maillon.test").await;
    let people = residents(&pool, &coop, 7).await;
    let (association, stranger) = (&people[5], &people[6]);
    maillon::solidarity::store::add_partner(&c, &board, &association.email, "Le Relais")
        .await
        .unwrap();
    let give = |quantity: &'static str, to: i64, cycle_id: i64| Donation {
        cycle_id,
        variant_id: v,
        quantity,
        association_user_id: to,
    };

    // Not while the cycle takes orders.
    assert_eq!(
        field(donate(&c, &staff, &give("2", association.id, cycle)).await),
        Some(Msg::ErrRescueCycle)
    );
    for (i, b) in people[..5].iter().enumerate() {
        order(&pool, &coop, cycle, b, v, 1, &format!("r{i}")).await;
    }
    deliver(&pool, &coop, cycle).await;
    // Bounded, to a partner only, of what the cycle offered.
    for bad in ["0", "10001", "abc"] {
        assert_eq!(
            field(donate(&c, &staff, &give(bad, association.id, cycle)).await),
            Some(Msg::ErrRescueQuantity)
        );
    }
    assert_eq!(
        field(donate(&c, &staff, &give("2", stranger.id, cycle)).await),
        Some(Msg::ErrRescueAssociation)
    );
    let other = Donation {
        variant_id: 0,
        ..give("2", association.id, cycle)
    };
    assert_eq!(field(donate(&c, &staff, &other).await), Some(Msg::ErrRescueVariant));

    let id = donate(&c, &staff, &give("3", association.id, cycle)).await.unwrap();
    let told: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM outbox_emails WHERE to_address = $1 AND body_text LIKE '%/solidarite/association/dons%'",
    )
    .bind(&association.email)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(told, 1, "the association is told by email");
    let d = desk(&c, 1).await.unwrap();
    assert_eq!(d.donations.items.len(), 1);
    assert_eq!(d.donations.items[0].grams, 3 * i64::from(weight));
    assert_eq!(d.donations.items[0].value_cents, 3 * price);
    assert_eq!(d.by_association[0].name, "Le Relais");
    assert_eq!(d.by_producer[0].grams, 3 * i64::from(weight));

    // Not received yet: nothing rescued in the figures.
    maillon::transparency::store::refresh(&c).await.unwrap();
    let figures = |t: maillon::transparency::Transparency| t.years[0].cycles[0].figures.clone().unwrap();
    let before = figures(maillon::transparency::store::transparency(&c).await.unwrap());
    assert_eq!(before.rescued_grams, 0);

    // Only the association confirms; twice is once.
    assert!(matches!(
        confirm_receipt(&c, stranger, id).await,
        Err(ServiceError::NotFound)
    ));
    assert!(matches!(
        association_donations(&c, stranger, 1).await,
        Err(ServiceError::Forbidden)
    ));
    confirm_receipt(&c, association, id).await.unwrap();
    let first: chrono::DateTime<chrono::Utc> =
        sqlx::query_scalar("SELECT received_at FROM rescue_donations WHERE id = $1")
            .bind(id)
            .fetch_one(&pool)
            .await
            .unwrap();
    confirm_receipt(&ctx(&pool, &coop), association, id).await.unwrap();
    let again: chrono::DateTime<chrono::Utc> =
        sqlx::query_scalar("SELECT received_at FROM rescue_donations WHERE id = $1")
            .bind(id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(first, again);
    let (name, list) = association_donations(&c, association, 1).await.unwrap();
    assert_eq!((name.as_str(), list.items.len()), ("Le Relais", 1));

    // Received: the cycle's figures are computed again with the kilograms rescued.
    assert_eq!(
        maillon::transparency::store::refresh(&ctx(&pool, &coop)).await.unwrap(),
        1
    );
    let after = figures(maillon::transparency::store::transparency(&c).await.unwrap());
    assert_eq!(after.rescued_grams, 3 * i64::from(weight));
    assert_eq!(after.rescued_cents, 3 * price);
}
