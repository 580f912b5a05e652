//! Returns after delivery: the buyer refunded, the invoice corrected by a partial credit note,
//! the producer's part off their statement (or their next one once it is batched), never more
//! than was handed over, even with two returns at once.

use super::*;
use maillon::ledger::store::ReturnRequest;

async fn producer_of(pool: &PgPool, v: i64) -> i64 {
    sqlx::query_scalar("SELECT p.producer_id FROM variants v JOIN products p ON p.id = v.product_id WHERE v.id = $1")
        .bind(v)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn credit(pool: &PgPool, user: i64) -> i64 {
    sqlx::query_scalar("SELECT coalesce((SELECT balance_cents FROM credit_accounts WHERE user_id = $1), 0)")
        .bind(user)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn take_back(c: &Ctx, staff: &CurrentUser, order: i64, v: i64, quantity: &str) -> Result<i64, ServiceError> {
    let request = ReturnRequest {
        order_id: order,
        variant_id: v,
        quantity,
        reason: "Abîmé au transport",
    };
    ledger::record_return(c, staff, &request).await
}

/// An order of `q` units of `v` delivered and paid at the desk.
async fn delivered_and_paid(pool: &PgPool, coop: &Coop, buyer: &CurrentUser, v: i64, q: i64, key: &str) -> (i64, i64) {
    let cycle = open_cycle(pool, coop).await;
    let id = order(pool, coop, cycle, buyer, v, q, key).await;
    deliver(pool, coop, cycle).await;
    (cycle, id)
}

async fn pay(pool: &PgPool, coop: &Coop, staff: &CurrentUser, order: i64) {
    store::record_collection(&ctx(pool, coop), staff, order, false, true)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_return_refunds_the_buyer_corrects_the_invoice_and_comes_off_the_statement() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let cycle = open_cycle(&pool, &coop).await;
    let v = scarce(&pool, cycle, 50).await;
    let buyer = residents(&pool, &coop, 1).await.remove(0);
    let (_, id) = delivered_and_paid(&pool, &coop, &buyer, v, 3, "r1").await;
    let c = ctx(&pool, &coop);
    let staff = user(&pool, &coop, "hub@maillon.test").await;
    let board = user(&pool, &coop, "conseil@maillon.test").await;

    // Not paid yet: the desk takes the payment first.
    let refused = take_back(&c, &staff, id, v, "1").await;
    assert!(
        matches!(
            refused,
            Err(ServiceError::Invalid {
                msg: maillon::i18n::Msg::ErrReturnNotPaid,
                ..
            })
        ),
        "{refused:?}"
    );
    pay(&pool, &coop, &staff, id).await;
    let unit: i64 = sqlx::query_scalar("SELECT unit_price_cents FROM order_lines WHERE order_id = $1")
        .bind(id)
        .fetch_one(&pool)
        .await
        .unwrap();
    let before = credit(&pool, buyer.id).await;
    take_back(&c, &staff, id, v, "2").await.unwrap();
    // Paid at the desk: refunded to the buyer's credit at once.
    assert_eq!(credit(&pool, buyer.id).await, before + 2 * unit);

    // A partial credit note corrects the invoice; the invoice is not cancelled whole.
    let notes: Vec<(i64, i64, bool)> = sqlx::query_as(
        "SELECT id, total_cents, partial FROM invoices WHERE order_id = $1 AND kind = 'credit_note' ORDER BY id",
    )
    .bind(id)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!((notes[0].1, notes[0].2), (2 * unit, true));
    let note = ledger::invoice(&c, &board, notes[0].0).await.unwrap();
    assert!(note.partial && note.cancels.is_some());
    assert!(note.reason.starts_with("Retour : "));
    let invoice_id = note.cancels.unwrap().id;
    let invoice = ledger::invoice(&c, &board, invoice_id).await.unwrap();
    assert!(invoice.cancelled_by.is_none());
    // Cancelling it whole now would credit the returned units twice.
    assert!(matches!(
        ledger::cancel(&c, &board, invoice_id, "erreur").await,
        Err(ServiceError::Invalid {
            msg: maillon::i18n::Msg::ErrInvoiceHasReturns,
            ..
        })
    ));

    // The producer's part comes off their statement, which now pays less.
    let statement: i64 = sqlx::query_scalar("SELECT id FROM payouts WHERE producer_id = $1 ORDER BY id DESC LIMIT 1")
        .bind(producer_of(&pool, v).await)
        .fetch_one(&pool)
        .await
        .unwrap();
    let view = ledger::payout(&c, &board, statement).await.unwrap();
    assert_eq!(view.returns.len(), 1);
    let unit_payout = view
        .statement
        .lines
        .iter()
        .find(|l| l.unit_price_cents == unit)
        .unwrap()
        .unit_payout_cents;
    assert_eq!(view.returns_cents, 2 * unit_payout);
    let listed = ledger::payouts(&c, None, 1).await.unwrap();
    let net = listed.items.iter().find(|p| p.id == statement).unwrap().payout_cents;
    assert_eq!(net, view.statement.payout_cents - 2 * unit_payout);

    // One unit is left to return, and no more.
    assert!(matches!(
        take_back(&c, &staff, id, v, "2").await,
        Err(ServiceError::Invalid {
            field: Some("quantity"),
            ..
        })
    ));
    take_back(&c, &staff, id, v, "1").await.unwrap();
    let desk = ledger::order_returns(&c, id).await.unwrap();
    assert_eq!(desk.refused, None);
    assert_eq!(desk.lines[0].returnable(), 0);
    assert_eq!(desk.returns.len(), 2);
    assert_eq!(credit(&pool, buyer.id).await, before + 3 * unit);
    let audited: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'order_returned'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(audited, 2);
}

#[tokio::test]
async fn two_returns_of_the_last_unit_at_once_give_one() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let cycle = open_cycle(&pool, &coop).await;
    let v = scarce(&pool, cycle, 50).await;
    let buyer = residents(&pool, &coop, 1).await.remove(0);
    let (_, id) = delivered_and_paid(&pool, &coop, &buyer, v, 1, "r2").await;
    let staff = user(&pool, &coop, "hub@maillon.test").await;
    pay(&pool, &coop, &staff, id).await;
    let c = ctx(&pool, &coop);
    let (a, b) = tokio::join!(take_back(&c, &staff, id, v, "1"), take_back(&c, &staff, id, v, "1"));
    assert_eq!(
        [a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count(),
        1,
        "{a:?} {b:?}"
    );
    let returned: i64 =
        sqlx::query_scalar("SELECT coalesce(sum(quantity), 0)::bigint FROM order_returns WHERE order_id = $1")
            .bind(id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(returned, 1);
    let notes: i64 = sqlx::query_scalar("SELECT count(*) FROM invoices WHERE order_id = $1 AND kind = 'credit_note'")
        .bind(id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(notes, 1, "no credit note for the refused return: its number went back");
}

#[tokio::test]
async fn a_return_after_the_statement_is_batched_comes_off_the_next_one() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let first = open_cycle(&pool, &coop).await;
    let v = scarce(&pool, first, 50).await;
    let producer = producer_of(&pool, v).await;
    let buyer = residents(&pool, &coop, 1).await.remove(0);
    let (_, id) = delivered_and_paid(&pool, &coop, &buyer, v, 2, "r3").await;
    let staff = user(&pool, &coop, "hub@maillon.test").await;
    pay(&pool, &coop, &staff, id).await;
    // The statement is in a transfer batch already.
    let batch: i64 = sqlx::query_scalar(
        "INSERT INTO payout_batches (coop_id, created_at, execution_date, total_cents) VALUES ($1, now(), current_date, 1)
         RETURNING id",
    )
    .bind(coop.id)
    .fetch_one(&pool)
    .await
    .unwrap();
    sqlx::query("UPDATE payouts SET batch_id = $1 WHERE producer_id = $2")
        .bind(batch)
        .bind(producer)
        .execute(&pool)
        .await
        .unwrap();
    let c = ctx(&pool, &coop);
    // The longest reason allowed fits the credit note's reason after "Retour : ".
    let reason = "é".repeat(maillon::ledger::returns::MAX_REASON_CHARS);
    let request = ReturnRequest {
        order_id: id,
        variant_id: v,
        quantity: "1",
        reason: &reason,
    };
    ledger::record_return(&c, &staff, &request).await.unwrap();
    let waiting: Option<i64> = sqlx::query_scalar("SELECT payout_id FROM order_returns WHERE order_id = $1")
        .bind(id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(waiting, None, "a batched statement pays what the bank was told");

    // The producer's next delivered cycle takes it off.
    let next = copy_of_cycle(&pool, first, 1).await;
    let other = residents(&pool, &coop, 2).await.remove(1);
    order(&pool, &coop, next, &other, v, 3, "r4").await;
    deliver(&pool, &coop, next).await;
    let (statement, deducted): (i64, Option<i64>) = sqlx::query_as(
        "SELECT p.id, r.payout_id FROM payouts p, order_returns r WHERE p.cycle_id = $1 AND p.producer_id = $2 AND r.order_id = $3",
    )
    .bind(next)
    .bind(producer)
    .bind(id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(deducted, Some(statement));
    let board = user(&pool, &coop, "conseil@maillon.test").await;
    let view = ledger::payout(&c, &board, statement).await.unwrap();
    assert_eq!(view.returns.len(), 1);
    assert!(view.returns_cents > 0 && view.returns_cents < view.statement.payout_cents);
}
