//! Card payments. Stripe hosts the payment page (Checkout) so card data never reaches our
//! servers; we create a session per order attempt, learn the outcome from signed webhooks,
//! and refund through the API.

pub mod stripe;
pub mod webhook;

pub use stripe::{CheckoutLine, CheckoutRequest, CheckoutSession, PaymentError, Stripe, StripeConfig};
pub use webhook::{EventKind, WebhookError, WebhookEvent};
