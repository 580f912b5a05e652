//! The timing of a card payment: how long its page lives, how long the order is held, and the
//! page's idempotency key.

use chrono::{DateTime, Utc};

/// A card order's payment page closes this long before the order gives its stock back, so
/// that no payment can land after the release.
pub const PAYMENT_PAGE_MARGIN_MINUTES: i64 = 5;
/// Stripe opens a payment page only if it lives at least 30 minutes; one more for the journey.
pub const PAYMENT_PAGE_MIN_MINUTES: i64 = 31;

/// When the payment page of a card order held until `hold_until` closes.
pub fn payment_page_expiry(hold_until: DateTime<Utc>) -> DateTime<Utc> {
    hold_until - chrono::Duration::minutes(PAYMENT_PAGE_MARGIN_MINUTES)
}

/// How long a card order must be held when its payment page is opened `now`: its own hold as
/// long as a page closing before it still lives long enough for Stripe; otherwise a new hold of
/// `ttl` from now (never too short for Stripe). A hold that changes nothing keeps the page's
/// parameters, and so its idempotency key, the same on every retry.
pub fn payment_hold(hold_until: DateTime<Utc>, now: DateTime<Utc>, ttl: chrono::Duration) -> DateTime<Utc> {
    let shortest = now + chrono::Duration::minutes(PAYMENT_PAGE_MIN_MINUTES + PAYMENT_PAGE_MARGIN_MINUTES);
    if hold_until >= shortest {
        hold_until
    } else {
        (now + ttl).max(shortest)
    }
}

/// The idempotency key of a payment page. Stripe answers a repeated key with the page it made
/// the first time and refuses one sent with other parameters: the page's expiry derives from the
/// hold, so a key always comes with the same parameters, and a renewed hold gets a new key.
pub fn payment_key(order_id: i64, attempt_key: &str, hold_until: DateTime<Utc>) -> String {
    format!("maillon-order-{order_id}-{attempt_key}-{}", hold_until.timestamp())
}
