//! Checkout's money step: paying from the buyer's credit, and the solidarity fund's part.

use sqlx::PgConnection;

use super::NewOrder;
use crate::ctx::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::i18n::Msg;
use crate::orders::{PaymentMethod, Solidarity};

/// Pays an order from the buyer's credit, in the checkout's transaction: refused, and the whole
/// checkout with it, when the balance does not cover the total. Two checkouts spending the same
/// credit queue on the account's row; the second sees what the first left.
pub(super) async fn pay_by_credit(
    conn: &mut PgConnection,
    ctx: &Ctx,
    user_id: i64,
    order_id: i64,
    total: i64,
) -> ServiceResult<()> {
    let posting = crate::credit::store::Posting {
        kind: crate::credit::EntryKind::Payment,
        amount_cents: -total,
        order_id: Some(order_id),
        reason: "",
        recorded_by: None,
    };
    crate::credit::store::post(conn, ctx.coop_id(), user_id, &posting, ctx.now)
        .await?
        .map(|_| ())
        .ok_or(ServiceError::field("payment", Msg::ErrCreditShort))
}

/// Checkout's step with the solidarity fund, in its transaction, after the stock and slot are
/// taken: the fund pays what it can of the solidarity discount (the buyer is told when it could
/// not pay it all), the buyer's credit pays the rest when they pay by credit, round-up included;
/// the round-up reaches the fund just after, with others (`collect_round_ups`: only discounts,
/// decided against the balance, lock the fund's row here), and a card's when the card payment
/// arrives. Returns what the order has been paid so far, and the fund's part in it.
pub(super) async fn with_fund(
    conn: &mut PgConnection,
    ctx: &Ctx,
    user_id: i64,
    order_id: i64,
    order: &NewOrder,
) -> ServiceResult<(i64, Solidarity)> {
    use crate::solidarity::{round_up_cents, store as fund};
    let (coop_id, now) = (ctx.coop_id(), ctx.now);
    let covered = fund::take_discount(conn, coop_id, order_id, order.solidarity_wanted, now).await?;
    let due = order.totals.total_cents - covered;
    let round_up = if order.round_up { round_up_cents(due) } else { 0 };
    let mut paid = covered;
    if order.method == PaymentMethod::Credit {
        pay_by_credit(conn, ctx, user_id, order_id, due + round_up).await?;
        paid += due;
    }
    let pending = order.method == PaymentMethod::Credit && round_up > 0;
    sqlx::query!(
        "UPDATE orders SET solidarity_cents = $2, solidarity_wanted_cents = $3, round_up_cents = $4, paid_cents = $5,
             paid_at = CASE WHEN $5::bigint > 0 THEN $6::timestamptz END, round_up_pending = $7
         WHERE id = $1",
        order_id,
        covered,
        order.solidarity_wanted,
        round_up,
        paid,
        now as _,
        pending,
    )
    .execute(conn)
    .await?;
    let solidarity = Solidarity {
        covered_cents: covered,
        wanted_cents: order.solidarity_wanted,
        round_up_cents: round_up,
    };
    Ok((paid, solidarity))
}

/// How many round-ups one pass gives the fund at most.
const ROUND_UPS_PER_PASS: i64 = 500;

/// Gives the solidarity fund the round-ups of credit checkouts waiting for it, in one
/// transaction that locks the fund's row once for all of them (one movement each, with its
/// order for the books). Orders another pass holds are left to it. Returns how many.
pub async fn collect_round_ups(
    pool: &sqlx::PgPool,
    coop_id: i64,
    at: chrono::DateTime<chrono::Utc>,
) -> ServiceResult<usize> {
    use crate::solidarity::{FundKind, store as fund};
    let mut tx = pool.begin().await?;
    let due = sqlx::query!(
        "SELECT id, round_up_cents FROM orders WHERE coop_id = $1 AND round_up_pending
         ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED",
        coop_id,
        ROUND_UPS_PER_PASS,
    )
    .fetch_all(&mut *tx)
    .await?;
    for d in &due {
        let gift = fund::Movement {
            kind: FundKind::RoundUp,
            amount_cents: d.round_up_cents,
            order_id: Some(d.id),
            cycle_id: None,
            note: "",
            recorded_by: None,
        };
        fund::post(&mut tx, coop_id, &gift, at).await?;
    }
    let ids: Vec<i64> = due.iter().map(|d| d.id).collect();
    sqlx::query!("UPDATE orders SET round_up_pending = false WHERE id = ANY($1)", &ids)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(due.len())
}
