//! Card payments: the payment session of an order, its provider's events applied exactly once,
//! and the refunds sent back.

use chrono::{DateTime, Duration, Utc};
use sqlx::PgPool;

use super::change::{queue_refund, release};
use super::queries::{email_order, order_view};
use crate::ctx::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::i18n::Msg;
use crate::ids::{OrderId, UserId};
use crate::orders::mail::OrderMail;
use crate::orders::{OrderStatus, OrderView};

/// The Stripe Checkout session opened for a card order.
pub async fn attach_payment_session(ctx: &Ctx, order_id: i64, session_id: &str, url: &str) -> ServiceResult<()> {
    sqlx::query!(
        "UPDATE orders SET stripe_session_id = $3, stripe_session_url = $4 WHERE coop_id = $1 AND id = $2
           AND status = 'pending_payment'",
        ctx.coop_id(),
        order_id,
        session_id,
        url,
    )
    .execute(&ctx.pool)
    .await?;
    Ok(())
}

/// What a card order needs to open (or reopen) its payment page.
#[derive(Clone, Debug)]
pub struct PendingPayment {
    pub order: OrderView,
    pub buyer_email: String,
    /// The page opened already, if any.
    pub session_url: Option<String>,
    /// When the page to open closes, and the key it is opened under: the same on every retry
    /// while the order's hold lasts (see `payment_hold`).
    pub session_expires_at: DateTime<Utc>,
    pub idempotency_key: String,
}

/// A card order as its payment page needs it, locked.
struct PendingRow {
    status: OrderStatus,
    email: String,
    attempt_key: String,
    stripe_session_url: Option<String>,
    payment_expires_at: Option<DateTime<Utc>>,
}

/// A buyer's card order waiting for payment, with what its payment page is opened with. When
/// the order's hold is too short for Stripe to open a page any more (a retry long after the
/// checkout), the hold is renewed for `ttl`, and the page gets a new key with its new expiry.
pub async fn pending_payment(
    ctx: &Ctx,
    user_id: UserId,
    order_id: OrderId,
    ttl: Duration,
) -> ServiceResult<PendingPayment> {
    let (coop_id, now, user_id, order_id) = (ctx.coop_id(), ctx.now, user_id.0, order_id.0);
    let mut tx = ctx.pool.begin().await?;
    let row: Option<PendingRow> = sqlx::query_as!(
        PendingRow,
        r#"SELECT o.status AS "status: OrderStatus", u.email, o.attempt_key, o.stripe_session_url,
                o.payment_expires_at AS "payment_expires_at: DateTime<Utc>"
         FROM orders o JOIN users u ON u.id = o.user_id
         WHERE o.coop_id = $1 AND o.id = $2 AND o.user_id = $3 FOR UPDATE OF o"#,
        coop_id,
        order_id,
        user_id,
    )
    .fetch_optional(&mut *tx)
    .await?;
    let PendingRow {
        status,
        email: buyer_email,
        attempt_key,
        stripe_session_url: session_url,
        payment_expires_at: held_until,
    } = row.ok_or(ServiceError::NotFound)?;
    if status != OrderStatus::PendingPayment {
        return Err(ServiceError::invalid(Msg::ErrNothingToPay));
    }
    let held_until = held_until.unwrap_or(now);
    let hold = if session_url.is_some() {
        held_until
    } else {
        crate::orders::payment_hold(held_until, now, ttl)
    };
    if hold != held_until {
        sqlx::query!(
            "UPDATE orders SET payment_expires_at = $2, updated_at = now() WHERE id = $1",
            order_id,
            hold as _
        )
        .execute(&mut *tx)
        .await?;
    }
    let order = order_view(&mut tx, ctx, order_id, Some(user_id)).await?;
    tx.commit().await?;
    Ok(PendingPayment {
        order,
        buyer_email,
        session_url,
        session_expires_at: crate::orders::payment_page_expiry(hold),
        idempotency_key: crate::orders::payment_key(order_id, &attempt_key, hold),
    })
}

/// A payment event as the orders context needs it, whatever the provider's format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PaymentEvent {
    Completed {
        session_id: String,
        order_id: Option<i64>,
        payment_intent: Option<String>,
        amount_cents: Option<i64>,
        paid: bool,
    },
    Expired {
        session_id: String,
        order_id: Option<i64>,
    },
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applied {
    /// Seen before: nothing done.
    Duplicate,
    Confirmed,
    Expired,
    /// Paid for an order that no longer waited: the money goes back.
    Refunding,
    Ignored,
}

/// The order a payment event is about, locked.
struct EventOrderRow {
    id: i64,
    coop_id: i64,
    cycle_id: i64,
    status: OrderStatus,
    slot_id: i64,
    total_cents: i64,
    paid_cents: i64,
    solidarity_cents: i64,
    round_up_cents: i64,
}

/// Applies a payment event exactly once: its id is stored in the same transaction as its
/// effect, so a replay finds it and changes nothing; an event that arrives late (a completion
/// after expiry, an expiry after payment) finds the order already settled.
///
/// An event about an order of another cooperative than the context's is not found (and not
/// recorded: the server that serves it will apply it).
pub async fn apply_payment_event(
    ctx: &Ctx,
    event_id: &str,
    event_type: &str,
    event: &PaymentEvent,
) -> ServiceResult<Applied> {
    let mut tx = ctx.pool.begin().await?;
    if !crate::payments::first_delivery(&mut tx, event_id, event_type).await? {
        return Ok(Applied::Duplicate);
    }
    let (session_id, order_hint) = match event {
        PaymentEvent::Completed {
            session_id, order_id, ..
        }
        | PaymentEvent::Expired { session_id, order_id } => (session_id.as_str(), *order_id),
        PaymentEvent::Other => {
            tx.commit().await?;
            return Ok(Applied::Ignored);
        }
    };
    let row: Option<EventOrderRow> = sqlx::query_as!(
        EventOrderRow,
        r#"SELECT id, coop_id, cycle_id, status AS "status: OrderStatus", slot_id, total_cents, paid_cents,
                  solidarity_cents, round_up_cents FROM orders
         WHERE stripe_session_id = $1 OR (stripe_session_id IS NULL AND id = $2) ORDER BY id LIMIT 1 FOR UPDATE"#,
        session_id,
        order_hint,
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(EventOrderRow {
        id: order_id,
        coop_id,
        cycle_id,
        status,
        slot_id,
        total_cents: total,
        paid_cents: paid_before,
        solidarity_cents: covered,
        round_up_cents: round_up,
    }) = row
    else {
        tx.commit().await?;
        return Ok(Applied::Ignored);
    };
    sqlx::query!(
        "UPDATE stripe_events SET order_id = $2 WHERE id = $1",
        event_id,
        order_id
    )
    .execute(&mut *tx)
    .await?;
    if coop_id != ctx.coop_id() {
        return Err(ServiceError::NotFound);
    }
    let coop = ctx.coop();
    let base_url = ctx.base_url();
    let applied = match event {
        PaymentEvent::Completed {
            payment_intent,
            amount_cents,
            paid: true,
            ..
        } => {
            let amount = amount_cents.unwrap_or(total - covered + round_up);
            // The round-up is the fund's, not a payment of the order.
            let gift = if status == OrderStatus::PendingPayment {
                round_up.min(amount)
            } else {
                0
            };
            sqlx::query!(
                "UPDATE orders SET stripe_session_id = $2, stripe_payment_intent = coalesce($3, stripe_payment_intent),
                     paid_cents = paid_cents + $4, paid_at = now(), updated_at = now() WHERE id = $1",
                order_id,
                session_id,
                payment_intent.as_deref(),
                amount - gift,
            )
            .execute(&mut *tx)
            .await?;
            if status == OrderStatus::PendingPayment {
                let movement = crate::solidarity::store::Movement {
                    kind: crate::solidarity::FundKind::RoundUp,
                    amount_cents: gift,
                    order_id: Some(order_id),
                    cycle_id: None,
                    note: "",
                    recorded_by: None,
                };
                crate::solidarity::store::post(&mut tx, coop_id, &movement, ctx.now).await?;
                sqlx::query!("UPDATE orders SET status = 'confirmed' WHERE id = $1", order_id)
                    .execute(&mut *tx)
                    .await?;
                email_order(&mut tx, coop, base_url, order_id, OrderMail::Confirmed).await?;
                Applied::Confirmed
            } else if paid_before > 0 && status == OrderStatus::Confirmed {
                // A second session paid for an order already paid: give it back.
                queue_refund(&mut tx, coop_id, order_id, amount, "paid twice").await?;
                Applied::Refunding
            } else if status == OrderStatus::Confirmed {
                Applied::Ignored
            } else {
                queue_refund(&mut tx, coop_id, order_id, amount, "paid after expiry").await?;
                Applied::Refunding
            }
        }
        PaymentEvent::Expired { .. } if status == OrderStatus::PendingPayment => {
            release(&mut tx, order_id, cycle_id, slot_id, OrderStatus::Expired).await?;
            email_order(&mut tx, coop, base_url, order_id, OrderMail::Expired).await?;
            Applied::Expired
        }
        _ => Applied::Ignored,
    };
    tx.commit().await?;
    Ok(applied)
}

/// Refunds waiting to be sent to Stripe: (refund id, payment intent, amount), of orders, of
/// shares paid by card for a refused application and of credit top-ups paid twice.
pub async fn due_refunds(pool: &PgPool) -> ServiceResult<Vec<(i64, String, i64)>> {
    Ok(sqlx::query!(
        r#"SELECT r.id, coalesce(o.stripe_payment_intent, m.stripe_payment_intent, t.payment_intent) AS "payment_intent!",
                  r.amount_cents
         FROM refunds r LEFT JOIN orders o ON o.id = r.order_id LEFT JOIN members m ON m.id = r.member_id
              LEFT JOIN credit_top_ups t ON t.id = r.top_up_id
         WHERE r.done_at IS NULL AND coalesce(o.stripe_payment_intent, m.stripe_payment_intent, t.payment_intent) IS NOT NULL
         ORDER BY r.id LIMIT 50"#,
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| (r.id, r.payment_intent, r.amount_cents))
    .collect())
}

pub async fn refund_done(pool: &PgPool, refund_id: i64, stripe_refund: &str) -> ServiceResult<()> {
    let mut tx = pool.begin().await?;
    let first = sqlx::query!(
        "UPDATE refunds SET done_at = now(), stripe_refund = $2 WHERE id = $1 AND done_at IS NULL",
        refund_id,
        stripe_refund
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if first == 0 {
        return Ok(());
    }
    sqlx::query!(
        "UPDATE orders o SET paid_cents = greatest(o.paid_cents - r.amount_cents, 0), updated_at = now()
         FROM refunds r WHERE r.id = $1 AND o.id = r.order_id",
        refund_id,
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
