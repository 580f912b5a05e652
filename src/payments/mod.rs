//! Card payments. Stripe hosts the payment page (Checkout) so card data never reaches our
//! servers; we create a session per order attempt, learn the outcome from signed webhooks,
//! and refund through the API.

pub mod stripe;
pub mod webhook;

pub use stripe::{CheckoutLine, CheckoutRequest, CheckoutSession, PaymentError, Stripe, StripeConfig};
pub use webhook::{EventKind, WebhookError, WebhookEvent};

/// Records a Stripe event by its id, in the transaction that applies it: false when it was
/// recorded before (Stripe delivers at least once), and then nothing is to be done.
pub async fn first_delivery(
    conn: &mut sqlx::PgConnection,
    event_id: &str,
    event_type: &str,
) -> crate::error::ServiceResult<bool> {
    let fresh: Option<String> = sqlx::query_scalar!(
        r#"INSERT INTO stripe_events (id, type) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING id AS "id!""#,
        event_id,
        event_type,
    )
    .fetch_optional(conn)
    .await?;
    Ok(fresh.is_some())
}
