//! Invoices against a real PostgreSQL: issued when a cycle is delivered, one per order with
//! what was really delivered, numbered without gaps or duplicates under concurrent issuing,
//! cancelled by a credit note and never changed, readable by their buyer and the board only.

use chrono::{Datelike, Utc};
use maillon::accounts::store::CurrentUser;
use maillon::coop::Coop;
use maillon::ctx::Ctx;
use maillon::cycles::CycleAction;
use maillon::error::ServiceError;
use maillon::ledger::Kind;
use maillon::ledger::store as ledger;
use maillon::orders::PaymentMethod;
use maillon::orders::store;
use maillon_test_support::TestDb;
use maillon_test_support::demo::{copy_of_cycle, demo, open_cycle, residents, scarce, user};
use maillon_test_support::shopping::{checkout, ctx, fill_cart};
use sqlx::PgPool;

mod payouts;
mod returns;

/// An order of `q` units of `v`, paid at pickup.
pub(crate) async fn order(
    pool: &PgPool,
    coop: &Coop,
    cycle: i64,
    buyer: &CurrentUser,
    v: i64,
    q: i64,
    key: &str,
) -> i64 {
    fill_cart(pool, coop, cycle, buyer, v, q).await;
    checkout(pool, coop, (cycle, buyer), PaymentMethod::Pickup, false, key)
        .await
        .unwrap()
        .order_id
}

pub(crate) async fn deliver(pool: &PgPool, coop: &Coop, cycle: i64) -> usize {
    let c = ctx(pool, coop);
    maillon::hub::closing::act_on_cycle(&c, cycle, CycleAction::CloseNow)
        .await
        .unwrap();
    maillon::hub::closing::act_on_cycle(&c, cycle, CycleAction::MarkDelivered)
        .await
        .unwrap()
        .1
        .invoices
}

#[tokio::test]
async fn a_delivered_cycle_invoices_what_each_order_really_got() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let cycle = open_cycle(&pool, &coop).await;
    let v = scarce(&pool, cycle, 50).await;
    let buyers = residents(&pool, &coop, 2).await;
    let first = order(&pool, &coop, cycle, &buyers[0], v, 3, "a").await;
    let second = order(&pool, &coop, cycle, &buyers[1], v, 1, "b").await;
    let shop = user(&pool, &coop, "commerce@maillon.test").await;
    let business = order(&pool, &coop, cycle, &shop, v, 2, "c").await;
    sqlx::query("UPDATE shops SET siren = '404833048' WHERE user_id = $1")
        .bind(shop.id)
        .execute(&pool)
        .await
        .unwrap();
    let c = ctx(&pool, &coop);
    maillon::hub::closing::act_on_cycle(&c, cycle, CycleAction::CloseNow)
        .await
        .unwrap();
    // Two units never arrived: the first buyer's invoice bills the one delivered.
    sqlx::query("UPDATE order_lines SET missing = 2 WHERE order_id = $1")
        .bind(first)
        .execute(&pool)
        .await
        .unwrap();
    let issued = maillon::hub::closing::act_on_cycle(&c, cycle, CycleAction::MarkDelivered)
        .await
        .unwrap()
        .1
        .invoices;
    assert_eq!(issued, 3);
    let unit: i64 = sqlx::query_scalar("SELECT unit_price_cents FROM order_lines WHERE order_id = $1")
        .bind(first)
        .fetch_one(&pool)
        .await
        .unwrap();
    let of = |order: i64, buyer: &CurrentUser| {
        let (c, buyer) = (c.clone(), buyer.clone());
        async move {
            let list = ledger::order_invoices(&c, buyer.id, order).await.unwrap();
            assert_eq!(list.len(), 1);
            ledger::invoice(&c, &buyer, list[0].id).await.unwrap()
        }
    };
    let invoice = of(first, &buyers[0]).await;
    assert_eq!(invoice.kind, Kind::Invoice);
    assert_eq!(invoice.totals.lines[0].quantity, 1);
    assert_eq!(invoice.totals.total_cents, unit);
    assert_eq!(invoice.totals.total_ht_cents + invoice.totals.total_vat_cents, unit);
    assert!(!invoice.business);
    let numbers: Vec<i32> = [invoice.number.number, of(second, &buyers[1]).await.number.number, {
        let b = of(business, &shop).await;
        assert!(b.business, "a shop buying at trade prices gets a business invoice");
        assert_eq!(b.buyer_siren, "404833048");
        b.number.number
    }]
    .to_vec();
    let mut sorted = numbers.clone();
    sorted.sort_unstable();
    assert_eq!(sorted[2] - sorted[0], 2, "three consecutive numbers: {numbers:?}");
    assert_eq!(
        invoice.number.year,
        Utc::now().with_timezone(&coop.timezone.tz()).year()
    );

    // Another buyer, or a stranger, is told it does not exist; the board may read it.
    assert!(matches!(
        ledger::invoice(&c, &buyers[1], invoice.id).await,
        Err(ServiceError::NotFound)
    ));
    let board = user(&pool, &coop, "conseil@maillon.test").await;
    assert_eq!(ledger::invoice(&c, &board, invoice.id).await.unwrap().id, invoice.id);
    // A resident's invoice has no XML; a shop's has.
    assert!(matches!(
        ledger::invoice_xml(&c, &buyers[0], invoice.id).await,
        Err(ServiceError::NotFound)
    ));

    // Delivering again issues nothing more; the audit log says what was issued.
    assert_eq!(
        ledger::issue_for_cycle(&mut pool.acquire().await.unwrap(), coop.id, cycle, Utc::now())
            .await
            .unwrap(),
        0
    );
    let audited: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'invoices_issued' AND subject = $1")
            .bind(format!("cycle {cycle}"))
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(audited, 1);
}

#[tokio::test]
async fn a_credit_note_cancels_an_invoice_once_and_nothing_is_ever_changed() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let cycle = open_cycle(&pool, &coop).await;
    let v = scarce(&pool, cycle, 50).await;
    let buyer = residents(&pool, &coop, 1).await.remove(0);
    let o = order(&pool, &coop, cycle, &buyer, v, 2, "n").await;
    assert_eq!(deliver(&pool, &coop, cycle).await, 1);
    let c = ctx(&pool, &coop);
    let invoice = ledger::order_invoices(&c, buyer.id, o).await.unwrap().remove(0);
    let board = user(&pool, &coop, "conseil@maillon.test").await;
    assert!(matches!(
        ledger::cancel(&c, &board, invoice.id, "   ").await,
        Err(ServiceError::Invalid {
            field: Some("reason"),
            ..
        })
    ));
    let note = ledger::cancel(&c, &board, invoice.id, "Commande annulée après livraison")
        .await
        .unwrap();
    let note = ledger::invoice(&c, &buyer, note).await.unwrap();
    assert_eq!(note.kind, Kind::CreditNote);
    assert_eq!(
        note.number.number,
        invoice.number + 1,
        "the credit note takes the next number"
    );
    assert_eq!(note.cancels.unwrap().id, invoice.id);
    assert_eq!(note.totals.total_cents, invoice.total_cents);
    let cancelled = ledger::invoice(&c, &buyer, invoice.id).await.unwrap();
    assert_eq!(cancelled.cancelled_by.unwrap().id, note.id);
    assert!(matches!(
        ledger::cancel(&c, &board, invoice.id, "Encore").await,
        Err(ServiceError::Invalid { .. })
    ));
    assert!(matches!(
        ledger::cancel(&c, &board, note.id, "Un avoir ne s'annule pas").await,
        Err(ServiceError::NotFound)
    ));
    // The database refuses to change or delete what was issued.
    for sql in [
        "UPDATE invoices SET total_cents = 0, total_ht_cents = 0, total_vat_cents = 0 WHERE id = $1",
        "DELETE FROM invoices WHERE id = $1",
        "DELETE FROM invoice_lines WHERE invoice_id = $1",
    ] {
        assert!(sqlx::query(sql).bind(invoice.id).execute(&pool).await.is_err(), "{sql}");
    }
    let audited: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'invoice_cancelled'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(audited, 1);

    // The year's accounts: the credit note cancels the invoice's turnover; the producer's
    // statement stands, so the cooperative bears it.
    let report = ledger::report(&c, invoice.year).await.unwrap();
    let line = report.cycles.iter().find(|r| r.cycle_id == cycle).unwrap();
    assert_eq!((line.figures.invoices, line.figures.credit_notes), (1, 1));
    assert_eq!(line.figures.turnover_cents, 0);
    let paid: i64 =
        sqlx::query_scalar("SELECT coalesce(sum(payout_cents), 0)::bigint FROM payouts WHERE cycle_id = $1")
            .bind(cycle)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(paid > 0);
    assert_eq!(line.figures.producers_cents, paid);
    assert_eq!(line.figures.cooperative_cents, -paid);
    assert!(report.vat.iter().all(|v| v.base_cents == 0 && v.vat_cents == 0));
}

/// Cycles delivered at the same time, and credit notes issued meanwhile, share one sequence:
/// every number from the first to the last is taken exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_issuing_leaves_no_gap_and_no_duplicate() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let base = open_cycle(&pool, &coop).await;
    let v = scarce(&pool, base, 10_000).await;
    let buyers = residents(&pool, &coop, 3).await;
    let mut cycles = Vec::new();
    for n in 0..8 {
        let cycle = copy_of_cycle(&pool, base, n).await;
        for (i, b) in buyers.iter().enumerate() {
            order(&pool, &coop, cycle, b, v, 1, &format!("{n}-{i}")).await;
        }
        maillon::hub::closing::act_on_cycle(&ctx(&pool, &coop), cycle, CycleAction::CloseNow)
            .await
            .unwrap();
        cycles.push(cycle);
    }
    let tasks: Vec<_> = cycles
        .iter()
        .map(|&cycle| {
            let c = ctx(&pool, &coop);
            tokio::spawn(async move {
                maillon::hub::closing::act_on_cycle(&c, cycle, CycleAction::MarkDelivered)
                    .await
                    .unwrap()
                    .1
                    .invoices
            })
        })
        .collect();
    let mut issued = 0;
    for t in tasks {
        issued += t.await.unwrap();
    }
    assert_eq!(issued, 8 * 3);
    let numbers: Vec<i32> = sqlx::query_scalar("SELECT number FROM invoices WHERE coop_id = $1 ORDER BY number")
        .bind(coop.id)
        .fetch_all(&pool)
        .await
        .unwrap();
    let expected: Vec<i32> = (1..=numbers.len() as i32).collect();
    assert_eq!(numbers, expected);
    let last: i32 = sqlx::query_scalar("SELECT last_number FROM invoice_counters WHERE coop_id = $1")
        .bind(coop.id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(last as usize, numbers.len());
}

#[tokio::test]
async fn the_board_sets_a_checked_legal_identity_that_new_invoices_state() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let board = user(&pool, &coop, "conseil@maillon.test").await;
    let c = ctx(&pool, &coop);
    let identity = maillon::ledger::parse_identity(&maillon::ledger::identity::IdentityForm {
        legal_name: "SCIC Maillon Lille Métropole",
        legal_form: "SCIC SAS à capital variable",
        street: "12 rue Pierre Legrand",
        postcode: "59800",
        city: "Lille",
        siren: "404833048",
        vat_number: "FR83404833048",
        registry: "RCS Lille Métropole",
        iban: "FR76 3000 6000 0112 3456 7890 189",
        bic: "AGRIFRPP",
    })
    .unwrap();
    ledger::set_identity(&c, &board, &identity).await.unwrap();
    assert_eq!(ledger::identity(&c).await.unwrap(), Some(identity.clone()));
    let cycle = open_cycle(&pool, &coop).await;
    let v = scarce(&pool, cycle, 50).await;
    let buyer = residents(&pool, &coop, 1).await.remove(0);
    let o = order(&pool, &coop, cycle, &buyer, v, 1, "id").await;
    deliver(&pool, &coop, cycle).await;
    let summary = ledger::order_invoices(&c, buyer.id, o).await.unwrap().remove(0);
    assert_eq!(ledger::invoice(&c, &buyer, summary.id).await.unwrap().seller, identity);
    let page = ledger::invoices(&c, summary.year, 1).await.unwrap();
    assert_eq!(page.items[0].id, summary.id);
}
