//! Opening the card payment of an order placed to be paid by card: the Stripe Checkout page
//! the buyer is sent to. Its expiry and idempotency key come from the order's checkout attempt
//! and stock hold (`store::pending_payment`), so a retried call sends the same request and
//! finds the same page instead of making a second payment possible.

use chrono::Duration;

use crate::ctx::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::i18n::{Locale, Msg};
use crate::ids::{OrderId, UserId};
use crate::orders::store;
use crate::payments::{CheckoutLine, CheckoutRequest, Stripe};

/// How card payments are taken: the cooperative's Stripe account when it has one, and how long
/// a payment page stays open. The cooperative and its site's public address (Stripe sends the
/// buyer back there) come from the service context.
pub struct CardPayments<'a> {
    pub stripe: Option<&'a Stripe>,
    pub ttl: Duration,
}

/// The buyer's pending card order `order_id`, opened (or reopened) on Stripe Checkout: the
/// address of its payment page. The delivery fee is a line of its own, named in the buyer's
/// language.
pub async fn open(
    ctx: &Ctx,
    payments: &CardPayments<'_>,
    buyer: UserId,
    locale: Locale,
    order_id: OrderId,
) -> ServiceResult<String> {
    let stripe = payments.stripe.ok_or(ServiceError::invalid(Msg::ErrCardUnavailable))?;
    let pending = store::pending_payment(ctx, buyer, order_id, payments.ttl).await?;
    if let Some(url) = pending.session_url {
        return Ok(url);
    }
    let order_page = ctx.link(&crate::paths::order(order_id.0));
    let mut lines: Vec<CheckoutLine> = pending
        .order
        .lines
        .iter()
        .map(|l| CheckoutLine {
            name: l.label(),
            unit_amount_cents: l.unit_price_cents,
            quantity: l.quantity.unsigned_abs(),
        })
        .collect();
    if pending.order.totals.fee_cents > 0 {
        lines.push(CheckoutLine {
            name: Msg::DeliveryFee.text(locale).to_owned(),
            unit_amount_cents: pending.order.totals.fee_cents,
            quantity: 1,
        });
    }
    let fund = pending.order.solidarity;
    if fund.covered_cents > 0 {
        // The fund paid part of it: the card pays the rest, as one line (Stripe takes no
        // negative line to show the discount).
        lines = vec![CheckoutLine {
            name: Msg::OrderNumber.fill(locale, &[("number", &order_id.0.to_string())]),
            unit_amount_cents: pending.order.totals.total_cents - fund.covered_cents,
            quantity: 1,
        }];
    }
    if fund.round_up_cents > 0 {
        lines.push(CheckoutLine {
            name: Msg::RoundUpLine.text(locale).to_owned(),
            unit_amount_cents: fund.round_up_cents,
            quantity: 1,
        });
    }
    let request = CheckoutRequest {
        order_reference: order_id.to_string(),
        customer_email: Some(pending.buyer_email),
        lines,
        success_url: format!("{order_page}?paiement=ok"),
        cancel_url: order_page,
        expires_at_unix: Some(pending.session_expires_at.timestamp()),
        idempotency_key: pending.idempotency_key,
        metadata: vec![("order_id".into(), order_id.to_string())],
    };
    let session = stripe.create_checkout_session(&request).await.map_err(|e| {
        tracing::warn!(order_id = order_id.0, error = %e, "opening a Stripe Checkout session");
        ServiceError::invalid(Msg::ErrPaymentProvider)
    })?;
    store::attach_payment_session(ctx, order_id.0, &session.id, &session.url).await?;
    Ok(session.url)
}
