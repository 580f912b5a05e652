//! Returns after delivery: in one transaction, the buyer's refund, the solidarity fund's part
//! back, a partial credit note on the invoice and the producer's deduction from a statement.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use crate::accounts::store::CurrentUser;
use crate::audit::{self, Entry};
use crate::coop::{Page, page_offset};
use crate::ctx::Ctx;
use crate::cycles::CycleStatus;
use crate::error::{ServiceError, ServiceResult};
use crate::ledger::Number;
use crate::ledger::invoice::LineInput;
use crate::ledger::returns::{
    OrderReturns, ReturnView, ReturnableLine, parse_quantity, parse_reason, refusal, share_refund,
};
use crate::orders::OrderStatus;

pub const RETURNS_PER_PAGE: u32 = 30;

/// The order as the returns desk needs it, its row locked when `lock`.
struct Returnable {
    cycle_id: i64,
    cycle_name: String,
    buyer_name: String,
    user_id: i64,
    subtotal_cents: i64,
    solidarity_cents: i64,
    refused: Option<crate::ledger::returns::NoReturn>,
    invoice_id: Option<i64>,
}

async fn returnable(conn: &mut PgConnection, coop_id: i64, order_id: i64, lock: bool) -> ServiceResult<Returnable> {
    // Locks first, then reads: what is read is what the transaction keeps. The invoice is
    // locked as a cancellation locks it.
    if lock {
        sqlx::query!(
            "SELECT id FROM orders WHERE coop_id = $1 AND id = $2 FOR UPDATE",
            coop_id,
            order_id
        )
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(ServiceError::NotFound)?;
        sqlx::query!(
            "SELECT id FROM invoices WHERE order_id = $1 AND kind = 'invoice' FOR UPDATE",
            order_id
        )
        .fetch_optional(&mut *conn)
        .await?;
    }
    let o = sqlx::query!(
        r#"SELECT o.cycle_id, c.name AS cycle_name,
                  CASE WHEN u.display_name = '' THEN u.email ELSE u.display_name END AS "buyer_name!", o.user_id, o.status AS "status: OrderStatus",
                  c.status AS "cycle_status: CycleStatus", o.paid_cents, o.total_cents, o.subtotal_cents, o.solidarity_cents,
                  (SELECT coalesce(sum(r.amount_cents), 0) FROM refunds r WHERE r.order_id = o.id AND r.done_at IS NULL)::bigint
                      AS "pending!",
                  (SELECT coalesce(sum(r.amount_cents), 0) FROM order_returns r WHERE r.order_id = o.id)::bigint AS "returned!"
           FROM orders o JOIN order_cycles c ON c.id = o.cycle_id JOIN users u ON u.id = o.user_id
           WHERE o.coop_id = $1 AND o.id = $2"#,
        coop_id,
        order_id,
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(ServiceError::NotFound)?;
    // The invoice in force: not cancelled whole.
    let invoice_id = sqlx::query_scalar!(
        "SELECT i.id FROM invoices i WHERE i.order_id = $1 AND i.kind = 'invoice'
           AND NOT EXISTS (SELECT 1 FROM invoices c WHERE c.cancels = i.id AND NOT c.partial)",
        order_id
    )
    .fetch_optional(&mut *conn)
    .await?;
    let delivered = matches!(o.cycle_status, CycleStatus::Delivered | CycleStatus::Archived);
    Ok(Returnable {
        cycle_id: o.cycle_id,
        cycle_name: o.cycle_name,
        buyer_name: o.buyer_name,
        user_id: o.user_id,
        subtotal_cents: o.subtotal_cents,
        solidarity_cents: o.solidarity_cents,
        // Paid: refunds not yet sent deducted, and what earlier returns gave back no longer owed.
        refused: refusal(
            o.status == OrderStatus::Confirmed,
            delivered,
            o.paid_cents - o.pending,
            o.total_cents - o.returned,
            invoice_id.is_some(),
        ),
        invoice_id,
    })
}

/// An order's lines as handed over, with what came back of each.
async fn lines(conn: &mut PgConnection, order_id: i64) -> ServiceResult<Vec<(ReturnableLine, i64, i32)>> {
    Ok(sqlx::query!(
        r#"SELECT l.variant_id, l.product_name, l.variant_label, l.unit_price_cents, l.vat_bp, p.producer_id,
                  (l.quantity - l.missing) AS "delivered!",
                  (SELECT coalesce(sum(r.quantity), 0) FROM order_returns r WHERE r.order_id = l.order_id AND r.variant_id = l.variant_id)::bigint
                      AS "returned!"
           FROM order_lines l JOIN variants v ON v.id = l.variant_id JOIN products p ON p.id = v.product_id
           WHERE l.order_id = $1 ORDER BY l.product_name, l.variant_id"#,
        order_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| {
        let line = ReturnableLine {
            variant_id: r.variant_id,
            description: crate::orders::store::describe(r.product_name, &r.variant_label),
            unit_price_cents: r.unit_price_cents,
            delivered: r.delivered,
            returned: r.returned,
        };
        (line, r.producer_id, r.vat_bp)
    })
    .collect())
}

struct ReturnRow {
    id: i64,
    order_id: i64,
    variant_id: i64,
    description: String,
    quantity: i64,
    amount_cents: i64,
    refund_cents: i64,
    producer_cents: i64,
    reason: String,
    recorded_at: DateTime<Utc>,
    credit_note_id: i64,
    year: i32,
    number: i32,
    total: i64,
}

impl From<ReturnRow> for ReturnView {
    fn from(r: ReturnRow) -> ReturnView {
        ReturnView {
            id: r.id,
            order_id: r.order_id,
            variant_id: r.variant_id,
            description: r.description,
            quantity: r.quantity,
            amount_cents: r.amount_cents,
            refund_cents: r.refund_cents,
            producer_cents: r.producer_cents,
            reason: r.reason,
            recorded_at: r.recorded_at,
            credit_note_id: r.credit_note_id,
            credit_note: Number {
                year: r.year,
                number: r.number,
            }
            .to_string(),
        }
    }
}

macro_rules! select_returns {
    ($rest:literal $(, $arg:expr)* $(,)?) => {
        sqlx::query_as!(
            ReturnRow,
            r#"SELECT r.id, r.order_id, r.variant_id, r.description, r.quantity, r.amount_cents, r.refund_cents, r.producer_cents, r.reason,
                      r.recorded_at AS "recorded_at: DateTime<Utc>", r.credit_note_id, n.year, n.number,
                      count(*) OVER () AS "total!"
               FROM order_returns r JOIN invoices n ON n.id = r.credit_note_id "# + $rest,
            $($arg),*
        )
    };
}

/// An order at the returns desk (hub staff and the board).
pub async fn order_returns(ctx: &Ctx, order_id: i64) -> ServiceResult<OrderReturns> {
    let mut conn = ctx.pool.acquire().await?;
    let o = returnable(&mut conn, ctx.coop_id(), order_id, false).await?;
    let lines = lines(&mut conn, order_id)
        .await?
        .into_iter()
        .map(|(l, _, _)| l)
        .collect();
    Ok(OrderReturns {
        order_id,
        buyer_name: o.buyer_name,
        cycle_name: o.cycle_name,
        lines,
        returns: returns_of_order(&mut conn, ctx.coop_id(), order_id).await?,
        refused: o.refused,
    })
}

/// An order's returns, oldest first (the caller has checked who may read the order).
pub async fn returns_of_order(conn: &mut PgConnection, coop_id: i64, order_id: i64) -> ServiceResult<Vec<ReturnView>> {
    Ok(select_returns!(
        "WHERE r.coop_id = $1 AND r.order_id = $2 ORDER BY r.id",
        coop_id,
        order_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(ReturnView::from)
    .collect())
}

/// The returns a statement deducts, oldest first.
pub(super) async fn returns_of_statement(conn: &mut PgConnection, payout_id: i64) -> ServiceResult<Vec<ReturnView>> {
    Ok(select_returns!("WHERE r.payout_id = $1 ORDER BY r.id", payout_id)
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(ReturnView::from)
        .collect())
}

/// The cooperative's returns, newest first.
pub async fn recent_returns(ctx: &Ctx, page: u32) -> ServiceResult<Page<ReturnView>> {
    let rows = select_returns!(
        "WHERE r.coop_id = $1 ORDER BY r.id DESC LIMIT $2 OFFSET $3",
        ctx.coop_id(),
        i64::from(RETURNS_PER_PAGE),
        page_offset(page, RETURNS_PER_PAGE),
    )
    .fetch_all(&ctx.pool)
    .await?;
    let total = rows.first().map_or(0, |r| r.total);
    Ok(Page::new(
        rows.into_iter().map(ReturnView::from).collect(),
        page,
        RETURNS_PER_PAGE,
        total,
    ))
}

/// What a return asks for, as typed at the desk.
pub struct ReturnRequest<'a> {
    pub order_id: i64,
    pub variant_id: i64,
    pub quantity: &'a str,
    pub reason: &'a str,
}

/// Takes back `quantity` units of a line of a delivered, paid order: refunds the buyer (to
/// credit, or queued for the card), gives the solidarity fund its share back, corrects the
/// invoice by a partial credit note and deducts the producer's part from their statement of
/// that cycle (or their next one if it is already batched). One transaction; the order's and
/// the invoice's rows are locked, so two returns of the last unit give one. Returns its id.
pub async fn record_return(ctx: &Ctx, staff: &CurrentUser, request: &ReturnRequest<'_>) -> ServiceResult<i64> {
    let coop_id = ctx.coop_id();
    let reason = parse_reason(request.reason).map_err(|m| ServiceError::field("reason", m))?;
    let mut tx = ctx.pool.begin().await?;
    let o = returnable(&mut tx, coop_id, request.order_id, true).await?;
    if let Some(refused) = o.refused {
        return Err(ServiceError::invalid(refused.msg()));
    }
    let invoice_id = o
        .invoice_id
        .ok_or(ServiceError::Internal("an invoiced order without invoice".into()))?;
    let (line, producer_id, vat_bp) = lines(&mut tx, request.order_id)
        .await?
        .into_iter()
        .find(|(l, _, _)| l.variant_id == request.variant_id)
        .ok_or(ServiceError::NotFound)?;
    let quantity =
        parse_quantity(request.quantity, line.returnable()).map_err(|m| ServiceError::field("quantity", m))?;
    let amount = quantity * line.unit_price_cents;
    let back: i64 = sqlx::query_scalar!(
        r#"SELECT coalesce(sum(fund_cents), 0)::bigint AS "back!" FROM order_returns WHERE order_id = $1"#,
        request.order_id
    )
    .fetch_one(&mut *tx)
    .await?;
    let (refund, fund) = share_refund(amount, o.solidarity_cents, o.subtotal_cents, back);

    let note_line = LineInput {
        description: line.description.clone(),
        quantity,
        unit_price_cents: line.unit_price_cents,
        vat_bp,
    };
    let note_reason = format!("Retour : {reason}");
    let (note_id, note) = super::issue::credit_part(&mut tx, ctx, staff, invoice_id, note_line, &note_reason).await?;
    if refund > 0 {
        crate::orders::store::queue_refund(&mut tx, coop_id, request.order_id, refund, "return").await?;
    }
    if fund > 0 {
        give_back(&mut tx, ctx, request.order_id, fund).await?;
    }
    let (producer_cents, payout_id) =
        deduction(&mut tx, coop_id, o.cycle_id, producer_id, &line, quantity, vat_bp).await?;
    let id = sqlx::query_scalar!(
        "INSERT INTO order_returns (coop_id, order_id, cycle_id, variant_id, producer_id, description, quantity, unit_price_cents,
                                    vat_bp, amount_cents, refund_cents, fund_cents, producer_cents, reason, credit_note_id,
                                    payout_id, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id",
        coop_id,
        request.order_id,
        o.cycle_id,
        request.variant_id,
        producer_id,
        line.description,
        quantity,
        line.unit_price_cents,
        vat_bp,
        amount,
        refund,
        fund,
        producer_cents,
        reason,
        note_id,
        payout_id,
        staff.id,
        ctx.now as _,
    )
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        ctx,
        Entry {
            actor: Some(staff.id),
            action: "order_returned",
            subject: format!("order {}", request.order_id),
            before: None,
            after: Some(serde_json::json!({
                "line": line.description, "quantity": quantity, "amount_cents": amount, "refund_cents": refund,
                "fund_cents": fund, "producer_cents": producer_cents, "credit_note": note.to_string(), "buyer": o.user_id,
            })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The solidarity fund's part of a return goes back to it; the order counts it paid no more.
async fn give_back(conn: &mut PgConnection, ctx: &Ctx, order_id: i64, fund: i64) -> ServiceResult<()> {
    let back = crate::solidarity::store::Movement {
        kind: crate::solidarity::FundKind::Return,
        amount_cents: fund,
        order_id: Some(order_id),
        cycle_id: None,
        note: "",
        recorded_by: None,
    };
    crate::solidarity::store::post(conn, ctx.coop_id(), &back, ctx.now).await?;
    sqlx::query!(
        "UPDATE orders SET paid_cents = greatest(paid_cents - $2, 0), updated_at = now() WHERE id = $1",
        order_id,
        fund
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The producer's part of the returned units (as their statement paid it, or by the rule in
/// force if it has no such line), and the statement it comes off: theirs for the cycle while
/// it is in no batch and still pays that much, else none yet (their next one takes it).
async fn deduction(
    conn: &mut PgConnection,
    coop_id: i64,
    cycle_id: i64,
    producer_id: i64,
    line: &ReturnableLine,
    quantity: i64,
    vat_bp: i32,
) -> ServiceResult<(i64, Option<i64>)> {
    let statement = sqlx::query!(
        "SELECT p.id, p.payout_cents - payout_returns(p.id)
                    AS \"net!\",
                p.batch_id IS NULL AND p.paid_at IS NULL AS \"open!\",
                (SELECT l.unit_payout_cents FROM payout_lines l
                  WHERE l.payout_id = p.id AND l.description = $3 AND l.unit_price_cents = $4 LIMIT 1) AS unit_payout
         FROM payouts p WHERE p.cycle_id = $1 AND p.producer_id = $2 FOR UPDATE",
        cycle_id,
        producer_id,
        line.description,
        line.unit_price_cents,
    )
    .fetch_optional(&mut *conn)
    .await?;
    let unit = match statement.as_ref().and_then(|s| s.unit_payout) {
        Some(unit) => unit,
        None => {
            let rules = crate::catalogue::store::split_rules(conn, coop_id).await?;
            let category = sqlx::query_scalar!(
                r#"SELECT category AS "category: crate::catalogue::Category" FROM products p JOIN variants v ON v.product_id = p.id
                   WHERE v.id = $1"#,
                line.variant_id
            )
            .fetch_one(&mut *conn)
            .await?;
            let split = rules.for_product(category, producer_id);
            crate::catalogue::price_share(line.unit_price_cents, vat_bp, split).producer_cents
        }
    };
    let cents = quantity * unit;
    let payout = statement.filter(|s| s.open && s.net >= cents).map(|s| s.id);
    Ok((cents, payout))
}

/// Deducts a producer's returns waiting for a statement from `payout_id`, just drawn up, as far
/// as its `payout_cents` goes, oldest first.
pub(super) async fn deduct_waiting(
    conn: &mut PgConnection,
    coop_id: i64,
    producer_id: i64,
    payout_id: i64,
    payout_cents: i64,
) -> ServiceResult<()> {
    sqlx::query!(
        "UPDATE order_returns r SET payout_id = $4
         FROM (SELECT id, (sum(producer_cents) OVER (ORDER BY id))::bigint AS running FROM order_returns
               WHERE coop_id = $1 AND producer_id = $2 AND payout_id IS NULL) w
         WHERE r.id = w.id AND w.running <= $3",
        coop_id,
        producer_id,
        payout_cents,
        payout_id,
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}
