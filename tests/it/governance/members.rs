//! Applications and the share register: the board decides, member numbers have no gaps, the
//! ledger never goes negative, a leaving member leaves once refunded, and the register's CSV
//! keeps formulas as text.

use chrono::{Duration, Utc};
use maillon::error::ServiceError;
use maillon::governance::MemberStatus;
use maillon::governance::store as gov;
use maillon::i18n::Msg;
use maillon_test_support::TestDb;
use maillon_test_support::demo::user;

use super::{governed, invalid, member};

#[tokio::test]
async fn applications_are_decided_by_the_board_and_shares_follow_the_ledger() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let ctx = governed(&pool).await;
    let (board, _) = member(&pool, "conseil@maillon.test").await;
    let applications = gov::applications(&ctx).await.unwrap();
    assert_eq!(applications.len(), 1, "the demo's pending application");
    let pending = &applications[0];
    // Refusing needs a reason; approving gives the next number and subscribes the shares.
    assert!(matches!(
        gov::refuse(&ctx, board, pending.id, " ").await,
        Err(ServiceError::Invalid { .. })
    ));
    let number = gov::approve(&ctx, board, pending.id).await.unwrap();
    assert_eq!(number, 15);
    assert_eq!(
        invalid(gov::approve(&ctx, board, pending.id).await),
        Msg::ErrApplicationDecided
    );
    let m = gov::member_of(&ctx, pending.id).await.unwrap();
    assert_eq!((m.status, m.shares, m.paid_cents), (MemberStatus::Active, 1, 0));
    // The applicant is told, by email in their language.
    let welcome: String =
        sqlx::query_scalar("SELECT subject FROM outbox_emails WHERE to_address = $1 ORDER BY id DESC LIMIT 1")
            .bind(&pending.email)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(welcome.contains("sociétaire n° 15"), "{welcome}");

    let coop = ctx.coop().clone();
    // A refused applicant reads the reason in their mailbox.
    let amadou = user(&pool, &coop, "amadou.diallo@maillon.test").await;
    let refused = gov::apply(
        &ctx,
        amadou.id,
        &application(["resident", "Amadou Diallo", "", "", "2 rue Y", "1", "transfer"]),
        false,
    )
    .await
    .unwrap();
    gov::refuse(&ctx, board, refused, "Hors du territoire de la coopérative")
        .await
        .unwrap();
    let told: String = sqlx::query_scalar("SELECT body_text FROM outbox_emails WHERE to_address = $1")
        .bind("amadou.diallo@maillon.test")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(told.contains("Hors du territoire de la coopérative"), "{told}");

    // An applicant whose name is a spreadsheet formula stays text in the register's CSV.
    let paul = user(&pool, &coop, "paul.roussel@maillon.test").await;
    let id = gov::apply(
        &ctx,
        paul.id,
        &application(["resident", "=HYPERLINK(\"http://x\")", "", "", "1 rue X", "1", "cheque"]),
        false,
    )
    .await
    .unwrap();
    assert_eq!(
        invalid(
            gov::apply(
                &ctx,
                paul.id,
                &application(["resident", "Paul", "", "", "1 rue X", "1", "cheque"]),
                false
            )
            .await
        ),
        Msg::ErrAlreadyMember
    );
    gov::approve(&ctx, board, id).await.unwrap();
    let csv = gov::register_csv(&ctx).await.unwrap();
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    // A category the cooperative did not open, or fewer shares than its minimum: refused.
    let zoe = user(&pool, &coop, "zoe.lemaire@maillon.test").await;
    assert!(matches!(
        gov::apply(
            &ctx,
            zoe.id,
            &application(["producer", "Ferme", "", "Zoé", "x", "1", "transfer"]),
            false
        )
        .await,
        Err(ServiceError::Invalid {
            field: Some("shares"),
            ..
        })
    ));
    // Paying by card, when the cooperative takes no cards: refused on the field.
    assert!(matches!(
        gov::apply(
            &ctx,
            zoe.id,
            &application(["resident", "Zoé", "", "", "x", "1", "card"]),
            false
        )
        .await,
        Err(ServiceError::Invalid {
            field: Some("payment"),
            ..
        })
    ));

    // Paying, then leaving: the refund of every share makes the member leave; no refund can
    // take more than is held.
    let today = Utc::now().date_naive().format("%Y-%m-%d").to_string();
    gov::record_movement(&ctx, board, id, "paid", "", "20", "CHQ-1", &today)
        .await
        .unwrap();
    assert_eq!(
        invalid(gov::record_movement(&ctx, board, id, "refunded", "2", "40", "VIR-9", &today).await),
        Msg::ErrShareHoldingNegative
    );
    let future = (Utc::now() + Duration::days(3))
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    assert!(matches!(
        gov::record_movement(&ctx, board, id, "paid", "", "20", "CHQ-2", &future).await,
        Err(ServiceError::Invalid { field: Some("on"), .. })
    ));
    gov::request_leave(&ctx, paul.id).await.unwrap();
    gov::record_movement(&ctx, board, id, "refunded", "1", "20", "VIR-10", &today)
        .await
        .unwrap();
    let left = gov::member_of(&ctx, id).await.unwrap();
    assert_eq!((left.status, left.shares, left.paid_cents), (MemberStatus::Left, 0, 0));
    // Holding = sum of the movements, for every member.
    let mismatched: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM members m WHERE m.number IS NOT NULL AND (SELECT coalesce(sum(CASE
             WHEN kind IN ('subscribed', 'transferred_in') THEN shares
             WHEN kind IN ('transferred_out', 'refunded') THEN -shares ELSE 0 END), 0)
             FROM share_movements s WHERE s.member_id = m.id) < 0",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(mismatched, 0);
}

/// An application form from its fields in the form's order.
fn application<'a>(f: [&'a str; 7]) -> maillon::governance::forms::ApplicationForm<'a> {
    let [category, name, registration, representative, address, shares, payment] = f;
    maillon::governance::forms::ApplicationForm {
        category,
        name,
        registration,
        representative,
        address,
        shares,
        payment,
    }
}
