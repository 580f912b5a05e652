//! Top-ups paid by card: the member is sent to a Stripe Checkout page for the amount, and
//! Stripe's signed event credits it once. A second payment of the same top-up goes back to the
//! card.

use sqlx::PgConnection;

use super::{Posting, post};
use crate::accounts::store::CurrentUser;
use crate::credit::EntryKind;
use crate::ctx::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::i18n::{Locale, Msg};
use crate::payments::{CheckoutLine, CheckoutRequest, Stripe};

/// What Stripe's `client_reference_id` carries for a top-up's payment page.
pub const TOP_UP_PREFIX: &str = "avoir-";
/// Unpaid top-ups a member may have opened in a day: each one asks Stripe for a page.
const OPEN_PER_DAY: i64 = 5;

/// The top-up a Stripe reference names, if it names one.
pub fn top_up_of(reference: Option<&str>) -> Option<i64> {
    reference?.strip_prefix(TOP_UP_PREFIX)?.parse().ok()
}

/// The payment page of a card top-up of `amount_cents` for the signed-in member: the page
/// opened in the last day for the same amount and still unpaid if there is one (a second click
/// opens no second payment), else a new one.
pub async fn open_top_up(
    ctx: &Ctx,
    stripe: Option<&Stripe>,
    user: &CurrentUser,
    amount_cents: i64,
    locale: Locale,
) -> ServiceResult<String> {
    let stripe = stripe.ok_or(ServiceError::invalid(Msg::ErrCardUnavailable))?;
    let mut conn = ctx.pool.acquire().await?;
    let since = ctx.now - chrono::Duration::hours(23);
    let open = sqlx::query!(
        "SELECT amount_cents, stripe_session_url FROM credit_top_ups
         WHERE coop_id = $1 AND user_id = $2 AND paid_at IS NULL AND created_at > $3 ORDER BY id DESC",
        ctx.coop_id(),
        user.id,
        since as _,
    )
    .fetch_all(&mut *conn)
    .await?;
    if let Some(url) = open
        .iter()
        .find(|t| t.amount_cents == amount_cents)
        .and_then(|t| t.stripe_session_url.clone())
    {
        return Ok(url);
    }
    if open.len() as i64 >= OPEN_PER_DAY {
        return Err(ServiceError::invalid(Msg::ErrTooManyTopUps));
    }
    let id = sqlx::query_scalar!(
        "INSERT INTO credit_top_ups (coop_id, user_id, amount_cents, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        ctx.coop_id(),
        user.id,
        amount_cents,
        ctx.now as _,
    )
    .fetch_one(&mut *conn)
    .await?;
    let page = ctx.link(crate::paths::MY_CREDIT);
    let request = CheckoutRequest {
        order_reference: format!("{TOP_UP_PREFIX}{id}"),
        customer_email: Some(user.email.clone()),
        lines: vec![CheckoutLine {
            name: Msg::CreditTopUpLine.fill(locale, &[("coop", &ctx.coop().name)]),
            unit_amount_cents: amount_cents,
            quantity: 1,
        }],
        success_url: format!("{page}?recharge=ok"),
        cancel_url: page,
        expires_at_unix: None,
        idempotency_key: format!("maillon-top-up-{id}"),
        metadata: vec![("top_up_id".into(), id.to_string())],
    };
    let session = stripe.create_checkout_session(&request).await.map_err(|e| {
        tracing::warn!(top_up_id = id, error = %e, "opening a Stripe Checkout session for a top-up");
        ServiceError::invalid(Msg::ErrTopUpProvider)
    })?;
    sqlx::query!(
        "UPDATE credit_top_ups SET stripe_session_id = $2, stripe_session_url = $3 WHERE id = $1",
        id,
        session.id,
        session.url
    )
    .execute(&mut *conn)
    .await?;
    Ok(session.url)
}

/// What Stripe says about a top-up's payment page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TopUpEvent {
    Paid {
        payment_intent: Option<String>,
        amount_cents: i64,
    },
    Expired,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TopUpApplied {
    Duplicate,
    Credited,
    /// Paid again for a top-up already credited: the money goes back to the card.
    Refunding,
    Ignored,
}

/// Applies a Stripe event about top-up `top_up_id` exactly once (its id is stored in the same
/// transaction as its effect). A top-up of another cooperative is not found here.
pub async fn apply_top_up_event(
    ctx: &Ctx,
    event_id: &str,
    event_type: &str,
    top_up_id: i64,
    event: &TopUpEvent,
) -> ServiceResult<TopUpApplied> {
    let mut tx = ctx.pool.begin().await?;
    if !crate::payments::first_delivery(&mut tx, event_id, event_type).await? {
        return Ok(TopUpApplied::Duplicate);
    }
    let row = sqlx::query!(
        "SELECT user_id, paid_at IS NOT NULL AS \"paid!\" FROM credit_top_ups WHERE coop_id = $1 AND id = $2 FOR UPDATE",
        ctx.coop_id(),
        top_up_id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ServiceError::NotFound)?;
    let applied = match event {
        TopUpEvent::Expired => {
            sqlx::query!(
                "UPDATE credit_top_ups SET stripe_session_url = NULL WHERE id = $1 AND paid_at IS NULL",
                top_up_id
            )
            .execute(&mut *tx)
            .await?;
            TopUpApplied::Ignored
        }
        TopUpEvent::Paid { amount_cents, .. } if *amount_cents <= 0 => TopUpApplied::Ignored,
        TopUpEvent::Paid {
            payment_intent,
            amount_cents,
        } => {
            sqlx::query!(
                "UPDATE credit_top_ups SET payment_intent = coalesce(payment_intent, $2), paid_at = coalesce(paid_at, $3),
                     stripe_session_url = NULL WHERE id = $1",
                top_up_id,
                payment_intent.as_deref(),
                ctx.now as _,
            )
            .execute(&mut *tx)
            .await?;
            if row.paid {
                refund_card(&mut tx, ctx.coop_id(), top_up_id, *amount_cents).await?;
                TopUpApplied::Refunding
            } else {
                let posting = Posting {
                    kind: EntryKind::TopUpCard,
                    amount_cents: *amount_cents,
                    order_id: None,
                    reason: "",
                    recorded_by: None,
                };
                post(&mut tx, ctx.coop_id(), row.user_id, &posting, ctx.now).await?;
                TopUpApplied::Credited
            }
        }
    };
    tx.commit().await?;
    Ok(applied)
}

async fn refund_card(conn: &mut PgConnection, coop_id: i64, top_up_id: i64, cents: i64) -> ServiceResult<()> {
    sqlx::query!(
        "INSERT INTO refunds (coop_id, top_up_id, amount_cents, reason) VALUES ($1, $2, $3, 'top-up paid twice')",
        coop_id,
        top_up_id,
        cents,
    )
    .execute(conn)
    .await?;
    Ok(())
}
