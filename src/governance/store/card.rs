//! Shares paid by card when applying: the applicant is sent to a Stripe Checkout page for the
//! shares applied for, Stripe's signed event records the payment on the application once, and
//! the board's decision settles it: approving enters it in the share register (`approve`),
//! refusing sends it back to the card (`refuse`).

use serde_json::json;
use sqlx::PgConnection;

use super::settings;
use crate::audit::{self, Entry};
use crate::ctx::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::governance::MemberStatus;
use crate::governance::forms::SharePayment;
use crate::i18n::{Locale, Msg};
use crate::payments::{CheckoutLine, CheckoutRequest, Stripe};

/// What Stripe's `client_reference_id` carries for an application's payment page, so that the
/// webhook can tell it from an order's (whose reference is the order id alone).
pub const REFERENCE_PREFIX: &str = "adhesion-";

/// The application a Stripe reference names, if it names one.
pub fn application_of(reference: Option<&str>) -> Option<i64> {
    reference?.strip_prefix(REFERENCE_PREFIX)?.parse().ok()
}

/// The register's reference for a card payment: the payment's id at Stripe.
pub fn card_reference(payment_intent: Option<&str>) -> String {
    match payment_intent {
        Some(pi) => format!("carte {pi}"),
        None => "carte".to_owned(),
    }
}

/// The signed-in applicant's card application, to pay: its Stripe Checkout page, opened now or
/// before (the same page while it lasts; a new one, under a new key, once it expired).
pub async fn open_share_payment(
    ctx: &Ctx,
    stripe: Option<&Stripe>,
    user_id: i64,
    locale: Locale,
) -> ServiceResult<String> {
    let stripe = stripe.ok_or(ServiceError::invalid(Msg::ErrCardUnavailable))?;
    let mut conn = ctx.pool.acquire().await?;
    let value = settings(&mut conn, ctx).await?.share_value_cents;
    let row = sqlx::query!(
        r#"SELECT m.id, m.status AS "status: MemberStatus", m.payment AS "payment: SharePayment", m.shares_applied,
                  m.card_paid_cents, m.card_attempts, m.stripe_session_url, u.email
           FROM members m JOIN users u ON u.id = m.user_id
           WHERE m.coop_id = $1 AND m.user_id = $2 AND m.status IN ('applied', 'active', 'leaving')"#,
        ctx.coop_id(),
        user_id
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(ServiceError::invalid(Msg::ErrNoSharesToPay))?;
    if row.status != MemberStatus::Applied || row.payment != SharePayment::Card {
        return Err(ServiceError::invalid(Msg::ErrNoSharesToPay));
    }
    if row.card_paid_cents > 0 {
        return Err(ServiceError::invalid(Msg::ErrSharesPaid));
    }
    if let Some(url) = row.stripe_session_url {
        return Ok(url);
    }
    let page = ctx.link(crate::paths::MEMBERSHIP);
    let request = CheckoutRequest {
        order_reference: format!("{REFERENCE_PREFIX}{}", row.id),
        customer_email: Some(row.email),
        lines: vec![CheckoutLine {
            name: Msg::GovSharesLine.fill(locale, &[("coop", &ctx.coop().name)]),
            unit_amount_cents: value,
            quantity: row.shares_applied.max(1) as u64,
        }],
        success_url: format!("{page}?paiement=ok"),
        cancel_url: page,
        expires_at_unix: None,
        idempotency_key: format!("maillon-shares-{}-{}", row.id, row.card_attempts),
        metadata: vec![("member_id".into(), row.id.to_string())],
    };
    let session = stripe.create_checkout_session(&request).await.map_err(|e| {
        tracing::warn!(member_id = row.id, error = %e, "opening a Stripe Checkout session for shares");
        ServiceError::invalid(Msg::ErrSharePaymentProvider)
    })?;
    sqlx::query!(
        "UPDATE members SET stripe_session_id = $2, stripe_session_url = $3, card_attempts = card_attempts + 1
         WHERE id = $1 AND status = 'applied' AND card_paid_cents = 0",
        row.id,
        session.id,
        session.url
    )
    .execute(&mut *conn)
    .await?;
    Ok(session.url)
}

/// What Stripe says about an application's payment page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareEvent {
    Paid {
        session_id: String,
        payment_intent: Option<String>,
        amount_cents: i64,
    },
    Expired {
        session_id: String,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShareApplied {
    Duplicate,
    /// Held on the application until the board decides.
    Held,
    /// The member was approved before paying: the payment is in the register.
    Registered,
    /// Paid twice, or for an application already refused: the money goes back.
    Refunding,
    /// A page expired: the next attempt opens a new one.
    Reopenable,
    Ignored,
}

/// Applies a Stripe event about application `member_id` exactly once (its id is stored in the
/// same transaction as its effect). An event about another cooperative's application is not
/// found here.
pub async fn apply_share_event(
    ctx: &Ctx,
    event_id: &str,
    event_type: &str,
    member_id: i64,
    event: &ShareEvent,
) -> ServiceResult<ShareApplied> {
    let mut tx = ctx.pool.begin().await?;
    if !crate::payments::first_delivery(&mut tx, event_id, event_type).await? {
        return Ok(ShareApplied::Duplicate);
    }
    let Some(m) = sqlx::query!(
        r#"SELECT status AS "status: MemberStatus", stripe_session_id, card_paid_cents FROM members
           WHERE coop_id = $1 AND id = $2 FOR UPDATE"#,
        ctx.coop_id(),
        member_id
    )
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Err(ServiceError::NotFound);
    };
    let applied = match event {
        ShareEvent::Expired { session_id } => {
            if m.stripe_session_id.as_deref() == Some(session_id) && m.card_paid_cents == 0 {
                sqlx::query!(
                    "UPDATE members SET stripe_session_id = NULL, stripe_session_url = NULL WHERE id = $1",
                    member_id
                )
                .execute(&mut *tx)
                .await?;
                ShareApplied::Reopenable
            } else {
                ShareApplied::Ignored
            }
        }
        ShareEvent::Paid {
            payment_intent,
            amount_cents,
            ..
        } => {
            let amount = (*amount_cents).max(0);
            if amount == 0 {
                ShareApplied::Ignored
            } else if m.card_paid_cents > 0 || matches!(m.status, MemberStatus::Refused | MemberStatus::Left) {
                sqlx::query!(
                    "UPDATE members SET stripe_payment_intent = coalesce(stripe_payment_intent, $2) WHERE id = $1",
                    member_id,
                    payment_intent.as_deref()
                )
                .execute(&mut *tx)
                .await?;
                queue_refund(&mut tx, ctx, member_id, amount, "shares paid twice or after refusal").await?;
                ShareApplied::Refunding
            } else {
                let today = ctx.today();
                sqlx::query!(
                    "UPDATE members SET card_paid_cents = $2, stripe_payment_intent = $3, card_paid_on = $4,
                         stripe_session_url = NULL WHERE id = $1",
                    member_id,
                    amount,
                    payment_intent.as_deref(),
                    today as _
                )
                .execute(&mut *tx)
                .await?;
                audit::record(
                    &mut tx,
                    ctx,
                    Entry {
                        actor: None,
                        action: "shares_paid_by_card",
                        subject: format!("member {member_id}"),
                        before: None,
                        after: Some(json!({ "cents": amount, "payment_intent": payment_intent })),
                    },
                )
                .await?;
                if m.status == MemberStatus::Applied {
                    ShareApplied::Held
                } else {
                    let reference = card_reference(payment_intent.as_deref());
                    super::members::register_card_payment(&mut tx, ctx, member_id, amount, &reference, today).await?;
                    ShareApplied::Registered
                }
            }
        }
    };
    tx.commit().await?;
    Ok(applied)
}

/// The money of an application paid by card goes back to the card (sent by the worker).
pub(super) async fn queue_refund(
    conn: &mut PgConnection,
    ctx: &Ctx,
    member_id: i64,
    cents: i64,
    reason: &str,
) -> ServiceResult<()> {
    sqlx::query!(
        "INSERT INTO refunds (coop_id, member_id, amount_cents, reason) VALUES ($1, $2, $3, $4)",
        ctx.coop_id(),
        member_id,
        cents,
        reason
    )
    .execute(&mut *conn)
    .await?;
    audit::record(
        conn,
        ctx,
        Entry {
            actor: None,
            action: "shares_card_refund",
            subject: format!("member {member_id}"),
            before: None,
            after: Some(json!({ "cents": cents, "reason": reason })),
        },
    )
    .await?;
    Ok(())
}
