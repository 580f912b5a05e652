//! Reception: what arrived for a closed cycle, the shortages shared among orders, the orders
//! adjusted and refunded, and reception as staff work it.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use super::logistics::logistics_on;
use crate::coop::Coop;
use crate::ctx::Ctx;
use crate::cycles::CycleStatus;
use crate::error::{ServiceError, ServiceResult};
use crate::hub::{CaseTolerance, Claim, Completion, ShortageRule, allocate};
use crate::i18n::Msg;
use crate::orders;
use crate::orders::PaymentMethod;
use crate::orders::mail::OrderMail;

/// What a reception changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceptionOutcome {
    /// (variant, ordered, received) for each line recorded.
    pub lines: Vec<(i64, i64, i64)>,
    /// Orders that now lack something.
    pub short_orders: usize,
    /// Variants whose new count is far below the order and was not confirmed: when not
    /// empty, nothing was recorded.
    pub to_confirm: Vec<i64>,
}

/// Records what arrived for a closed cycle, all lines at once (all or nothing). When a
/// variant came short, the shortage is shared among its orders by `rule`; each order's lines
/// and totals are adjusted and its buyer told by email. Recording again (a recount) replaces
/// the previous allocation. Card refunds wait for reception to be complete
/// ([`complete_reception`]); after that, a lower count is refunded at once and a higher one
/// shows as an amount due. A new count far below the order needs `confirmed`.
pub async fn record_reception(
    ctx: &Ctx,
    coop: &Coop,
    staff_id: i64,
    cycle_id: i64,
    counts: &[(i64, i64)],
    rule: ShortageRule,
    confirmed: bool,
) -> ServiceResult<ReceptionOutcome> {
    let base_url = ctx.base_url();
    let mut seen = std::collections::HashSet::new();
    for &(variant_id, received) in counts {
        if !(0..=crate::hub::MAX_RECEIVED_UNITS).contains(&received) {
            return Err(ServiceError::field("received", Msg::ErrReceivedRange));
        }
        if !seen.insert(variant_id) {
            return Err(ServiceError::field("received", Msg::ErrReceptionLineTwice));
        }
    }
    if counts.is_empty() {
        return Err(ServiceError::field("received", Msg::ErrReceptionEmpty));
    }
    // A cycle's purchase orders hold far fewer lines; more is a forged form.
    if counts.len() > crate::hub::MAX_RECEPTION_LINES {
        return Err(ServiceError::field("received", Msg::ErrReceptionUnknownLine));
    }
    let mut tx = ctx.pool.begin().await?;
    // Shared with other receptions, exclusive with completing it or changing the cycle.
    struct CycleRow {
        status: CycleStatus,
        reception_completed_at: Option<DateTime<Utc>>,
    }
    let row = sqlx::query_as!(
        CycleRow,
        r#"SELECT status AS "status: CycleStatus", reception_completed_at AS "reception_completed_at: DateTime<Utc>"
         FROM order_cycles WHERE coop_id = $1 AND id = $2 FOR SHARE"#,
        coop.id,
        cycle_id,
    )
    .fetch_optional(&mut *tx)
    .await?;
    let CycleRow {
        status,
        reception_completed_at: completed,
    } = row.ok_or(ServiceError::NotFound)?;
    if status != CycleStatus::Closed {
        return Err(ServiceError::invalid(Msg::ErrReceptionNeedsClosedCycle));
    }
    let variants: Vec<i64> = counts.iter().map(|c| c.0).collect();
    // Every order concerned, locked in id order like every order change, before its lines.
    sqlx::query_scalar!(
        "SELECT o.id FROM orders o WHERE o.cycle_id = $1 AND o.status = 'confirmed'
           AND EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.variant_id = ANY($2))
         ORDER BY o.id FOR UPDATE",
        cycle_id,
        &variants,
    )
    .fetch_all(&mut *tx)
    .await?;
    let previous: HashMap<i64, i64> = sqlx::query!(
        "SELECT variant_id, received FROM receptions WHERE cycle_id = $1 AND variant_id = ANY($2)",
        cycle_id,
        &variants,
    )
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(|r| (r.variant_id, r.received))
    .collect();
    let mut lines = Vec::new();
    let mut to_confirm = Vec::new();
    let mut changed_orders = std::collections::BTreeSet::new();
    let mut short = std::collections::HashSet::new();
    for &(variant_id, received) in counts {
        let claims_rows = sqlx::query_as!(
            ClaimRow,
            r#"SELECT o.id AS order_id, l.quantity, l.missing, o.pricing = 'pro' AS "pro!", v.case_size,
                    o.created_at AS "placed_at: DateTime<Utc>"
             FROM orders o JOIN order_lines l ON l.order_id = o.id JOIN variants v ON v.id = l.variant_id
             WHERE o.cycle_id = $1 AND o.status = 'confirmed' AND l.variant_id = $2
             ORDER BY o.id FOR UPDATE OF l"#,
            cycle_id,
            variant_id,
        )
        .fetch_all(&mut *tx)
        .await?;
        if claims_rows.is_empty() {
            // Not on this cycle's purchase orders: a stale form or a forged one.
            return Err(ServiceError::field("received", Msg::ErrReceptionUnknownLine));
        }
        let claims: Vec<Claim> = claims_rows
            .iter()
            .map(|r| Claim {
                order_id: r.order_id,
                quantity: r.quantity,
                step: if r.pro { i64::from(r.case_size.max(1)) } else { 1 },
                placed_at: r.placed_at,
            })
            .collect();
        let ordered: i64 = claims.iter().map(|c| c.quantity).sum();
        if !confirmed && previous.get(&variant_id) != Some(&received) && crate::hub::far_below(ordered, received) {
            to_confirm.push(variant_id);
            continue;
        }
        let allocations = allocate(received, &claims, rule);
        let before: HashMap<i64, i64> = claims_rows.iter().map(|r| (r.order_id, r.missing)).collect();
        let mut changed = Vec::new();
        for a in &allocations {
            let missing = a.missing();
            if missing > 0 {
                short.insert(a.order_id);
            }
            if before.get(&a.order_id) != Some(&missing) {
                changed.push((a.order_id, missing));
                changed_orders.insert(a.order_id);
            }
        }
        orders::store::record_missing(&mut tx, variant_id, &changed).await?;
        sqlx::query!(
            "INSERT INTO receptions (cycle_id, variant_id, coop_id, ordered, received, rule, recorded_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (cycle_id, variant_id) DO UPDATE SET ordered = EXCLUDED.ordered,
                 received = EXCLUDED.received, rule = EXCLUDED.rule, recorded_by = EXCLUDED.recorded_by,
                 recorded_at = now()",
            cycle_id,
            variant_id,
            coop.id,
            ordered,
            received,
            rule.code(),
            staff_id,
        )
        .execute(&mut *tx)
        .await?;
        lines.push((variant_id, ordered, received));
    }
    if !to_confirm.is_empty() {
        // Nothing is kept: the whole reception waits for the confirmation.
        tx.rollback().await?;
        return Ok(ReceptionOutcome {
            lines: vec![],
            short_orders: 0,
            to_confirm,
        });
    }
    for &order_id in &changed_orders {
        adjust_order(&mut tx, coop, base_url, order_id, completed.is_some(), ctx.now).await?;
    }
    tx.commit().await?;
    Ok(ReceptionOutcome {
        lines,
        short_orders: short.len(),
        to_confirm,
    })
}

/// An order's claim on a variant that came short: what it ordered, what it misses so far, and
/// what decides its share (a professional's case size, when it was placed).
struct ClaimRow {
    order_id: i64,
    quantity: i64,
    missing: i64,
    pro: bool,
    case_size: i32,
    placed_at: DateTime<Utc>,
}

/// Recomputes an order's totals from what it will really get and tells the buyer. Once
/// reception is final (`refund`), a card payment above the new total is refunded (refunds
/// already queued count); before, the refund waits for [`complete_reception`], so that a
/// recount can still raise the total of an order that cannot be charged again. A solidarity
/// order's fund part shrinks with the goods first (`orders::store::fit_fund_share`).
async fn adjust_order(
    conn: &mut PgConnection,
    coop: &Coop,
    base_url: &str,
    order_id: i64,
    refund: bool,
    at: DateTime<Utc>,
) -> ServiceResult<()> {
    orders::store::recount(conn, order_id).await?;
    orders::store::fit_fund_share(conn, order_id, at).await?;
    if refund {
        refund_overpayment(conn, coop.id, order_id).await?;
    }
    orders::store::email_order(conn, coop, base_url, order_id, OrderMail::Adjusted).await
}

/// Queues the refund of what a card order paid above its total, counting refunds not yet
/// sent. Returns the amount queued.
async fn refund_overpayment(conn: &mut PgConnection, coop_id: i64, order_id: i64) -> ServiceResult<i64> {
    struct Paid {
        payment_method: PaymentMethod,
        paid_cents: i64,
        total_cents: i64,
        pending_cents: i64,
    }
    let paid = sqlx::query_as!(
        Paid,
        r#"SELECT o.payment_method AS "payment_method: PaymentMethod", o.paid_cents, o.total_cents,
                (SELECT coalesce(sum(amount_cents), 0)::bigint FROM refunds r WHERE r.order_id = o.id AND r.done_at IS NULL)
                    AS "pending_cents!"
         FROM orders o WHERE o.id = $1"#,
        order_id,
    )
    .fetch_one(&mut *conn)
    .await?;
    let card = paid.payment_method.prepaid();
    let (owed, _) = crate::hub::AffectedOrder::settle(card, paid.total_cents, paid.paid_cents, paid.pending_cents);
    if owed > 0 {
        orders::store::queue_refund(conn, coop_id, order_id, owed, "shortage").await?;
    }
    Ok(owed)
}

/// Reception is final: the shortage refunds of card orders go out now. Later recounts refund
/// a lower count at once and show a higher one as an amount due. Doing it twice does nothing.
pub async fn complete_reception(ctx: &Ctx, staff_id: i64, cycle_id: i64) -> ServiceResult<Completion> {
    let coop_id = ctx.coop_id();
    let mut tx = ctx.pool.begin().await?;
    let status = sqlx::query_scalar!(
        r#"SELECT status AS "status: CycleStatus" FROM order_cycles WHERE coop_id = $1 AND id = $2 FOR UPDATE"#,
        coop_id,
        cycle_id,
    )
    .fetch_optional(&mut *tx)
    .await?;
    match status {
        None => return Err(ServiceError::NotFound),
        Some(CycleStatus::Closed) => {}
        Some(_) => return Err(ServiceError::invalid(Msg::ErrReceptionNeedsClosedCycle)),
    }
    let done = complete_on(&mut tx, coop_id, Some(staff_id), cycle_id).await?;
    tx.commit().await?;
    Ok(done)
}

/// [`complete_reception`] inside a transaction that holds the cycle's row lock (also used
/// when the cycle is marked delivered).
pub async fn complete_on(
    conn: &mut PgConnection,
    coop_id: i64,
    staff_id: Option<i64>,
    cycle_id: i64,
) -> ServiceResult<Completion> {
    let first = sqlx::query!(
        "UPDATE order_cycles SET reception_completed_at = now(), reception_completed_by = $3
         WHERE coop_id = $1 AND id = $2 AND reception_completed_at IS NULL",
        coop_id,
        cycle_id,
        staff_id,
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();
    let mut done = Completion {
        refunds: 0,
        refund_cents: 0,
    };
    if first == 0 {
        return Ok(done);
    }
    let orders = sqlx::query_scalar!(
        "SELECT id FROM orders WHERE cycle_id = $1 AND status = 'confirmed' AND payment_method IN ('card', 'credit')
         ORDER BY id FOR UPDATE",
        cycle_id,
    )
    .fetch_all(&mut *conn)
    .await?;
    for order_id in orders {
        let amount = refund_overpayment(conn, coop_id, order_id).await?;
        if amount > 0 {
            done.refunds += 1;
            done.refund_cents += amount;
        }
    }
    Ok(done)
}

/// An order a reception changed, with its money.
struct AffectedRow {
    id: i64,
    customer_name: String,
    payment_method: PaymentMethod,
    total_cents: i64,
    paid_cents: i64,
    missing_units: i64,
    missing_cents: i64,
    refunded_cents: i64,
    pending_cents: i64,
}

/// Reception as staff work it: purchase orders with what arrived, the orders it changed with
/// their money, and whether it is complete.
pub async fn reception(ctx: &Ctx, cycle_id: i64) -> ServiceResult<crate::hub::Reception> {
    let mut conn = ctx.pool.acquire().await?;
    let logistics = logistics_on(&mut conn, ctx.coop_id(), cycle_id, None, CaseTolerance::default()).await?;
    let completed_at = sqlx::query_scalar!(
        r#"SELECT reception_completed_at AS "reception_completed_at: DateTime<Utc>" FROM order_cycles WHERE id = $1"#,
        cycle_id,
    )
    .fetch_one(&mut *conn)
    .await?;
    let rows = sqlx::query_as!(
        AffectedRow,
        r#"SELECT o.id, CASE WHEN u.display_name = '' THEN u.email ELSE u.display_name END AS "customer_name!",
                o.payment_method AS "payment_method: PaymentMethod", o.total_cents, o.paid_cents,
                (SELECT coalesce(sum(missing), 0)::bigint FROM order_lines l WHERE l.order_id = o.id) AS "missing_units!",
                (SELECT coalesce(sum(missing * unit_price_cents), 0)::bigint FROM order_lines l WHERE l.order_id = o.id)
                    AS "missing_cents!",
                (SELECT coalesce(sum(amount_cents), 0)::bigint FROM refunds r WHERE r.order_id = o.id AND r.reason = 'shortage')
                    AS "refunded_cents!",
                (SELECT coalesce(sum(amount_cents), 0)::bigint FROM refunds r WHERE r.order_id = o.id AND r.done_at IS NULL)
                    AS "pending_cents!"
         FROM orders o JOIN users u ON u.id = o.user_id
         WHERE o.cycle_id = $1 AND o.status = 'confirmed'
           AND (EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.missing > 0)
                OR EXISTS (SELECT 1 FROM refunds r WHERE r.order_id = o.id AND r.reason = 'shortage'))
         ORDER BY o.id"#,
        cycle_id,
    )
    .fetch_all(&mut *conn)
    .await?;
    let affected = rows
        .into_iter()
        .map(|r| {
            let card = r.payment_method.prepaid();
            let (owed, due) = crate::hub::AffectedOrder::settle(card, r.total_cents, r.paid_cents, r.pending_cents);
            crate::hub::AffectedOrder {
                order_id: r.id,
                customer_name: r.customer_name,
                card,
                missing_units: r.missing_units,
                missing_cents: r.missing_cents,
                total_cents: r.total_cents,
                paid_cents: r.paid_cents,
                refunded_cents: r.refunded_cents,
                to_refund_cents: owed,
                due_cents: due,
            }
        })
        .collect();
    Ok(crate::hub::Reception {
        logistics,
        affected,
        completed_at,
    })
}
