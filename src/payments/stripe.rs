//! The Stripe gateway: Checkout Sessions for paying an order, refunds, and webhook events.
//!
//! Every call carries an idempotency key derived by the caller from the order attempt, so a
//! call retried after a timeout or a 5xx can never create a second session or refund twice.
//! The client never retries by itself: the caller decides, with the same key.

use std::collections::HashMap;
use std::fmt;
use std::time::Duration;

use stripe::{ApiErrorsType, Client, ClientBuilder, IdempotencyKey, RequestStrategy, StripeError, StripeRequest as _};
use stripe_checkout::CheckoutSessionMode;
use stripe_checkout::checkout_session::{
    CreateCheckoutSession, CreateCheckoutSessionLineItems, CreateCheckoutSessionLineItemsPriceData, ProductData,
};
use stripe_core::refund::CreateRefund;
use stripe_types::Currency;

use super::webhook::{self, WebhookError, WebhookEvent};

/// Stripe's own API. Tests point `api_base` at a fake on loopback instead.
pub const DEFAULT_API_BASE: &str = "https://api.stripe.com/";

/// Without a timeout the client would wait forever on a silent connection, holding the
/// customer's checkout request open; Stripe answers well within this.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Clone)]
pub struct StripeConfig {
    /// `sk_live_…` or `sk_test_…`.
    pub secret_key: String,
    /// `whsec_…`, the signing secret of the webhook endpoint.
    pub webhook_secret: String,
    /// `None` for Stripe itself.
    pub api_base: Option<String>,
}

// Written by hand so that secrets never end up in logs.
impl fmt::Debug for StripeConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StripeConfig")
            .field("api_base", &self.api_base)
            .finish_non_exhaustive()
    }
}

/// One line of the payment page. Amounts are in euro cents, tax included.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckoutLine {
    pub name: String,
    pub unit_amount_cents: i64,
    pub quantity: u64,
}

#[derive(Clone, Debug)]
pub struct CheckoutRequest {
    /// Sent as `client_reference_id`, and found again on the webhook event.
    pub order_reference: String,
    /// Prefills the payment page and is where Stripe sends its receipt.
    pub customer_email: Option<String>,
    pub lines: Vec<CheckoutLine>,
    pub success_url: String,
    pub cancel_url: String,
    /// Stripe accepts 30 minutes to 24 hours from now; its default is 24 hours.
    pub expires_at_unix: Option<i64>,
    pub idempotency_key: String,
    pub metadata: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckoutSession {
    /// `cs_…`
    pub id: String,
    /// The hosted payment page to send the customer to.
    pub url: String,
}

#[derive(Debug, thiserror::Error)]
pub enum PaymentError {
    /// The card was declined or cannot be charged. `message` is Stripe's, meant for the customer.
    #[error("card error: {message}")]
    Card {
        message: String,
        code: Option<String>,
        decline_code: Option<String>,
    },
    /// Stripe refused the request (4xx): invalid parameters, unknown object, reused
    /// idempotency key with other parameters… Sending it again gives the same answer.
    #[error("Stripe refused the request ({status} {kind}): {message}")]
    Rejected {
        status: u16,
        kind: String,
        code: Option<String>,
        message: String,
    },
    /// Stripe could not be reached, timed out, was rate limiting or failed (5xx), or answered
    /// something unreadable (typically an error page from a proxy in front of it). The outcome
    /// is unknown: send the same request again with the same idempotency key.
    #[error("Stripe unavailable: {0}")]
    Unavailable(String),
    /// The request could not be built (bad idempotency key, bad configuration) or Stripe's
    /// answer lacks what we asked for: a bug on our side, and retrying will not help.
    #[error("invalid payment request: {0}")]
    Invalid(String),
}

impl PaymentError {
    /// Whether sending the same request again (same idempotency key) may succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(self, PaymentError::Unavailable(_))
    }
}

impl From<StripeError> for PaymentError {
    fn from(err: StripeError) -> Self {
        match err {
            StripeError::Stripe(api, status) => {
                let api = *api;
                let kind = api.type_.as_str().to_owned();
                let message = api.message.unwrap_or_else(|| kind.clone());
                let code = api.code.map(|c| c.as_str().to_owned());
                // 409 (a concurrent request holds the same idempotency key), 429 and 5xx are
                // Stripe's documented transient statuses.
                if matches!(status, 409 | 429) || status >= 500 {
                    PaymentError::Unavailable(format!("{status} {kind}: {message}"))
                } else if api.type_ == ApiErrorsType::CardError {
                    PaymentError::Card {
                        message,
                        code,
                        decline_code: api.decline_code,
                    }
                } else {
                    PaymentError::Rejected {
                        status,
                        kind,
                        code,
                        message,
                    }
                }
            }
            // The library reports a non-JSON error body this way, losing its status: a gateway
            // error page is the likely cause, and a retry with the same key is harmless.
            StripeError::JSONDeserialize(msg) => PaymentError::Unavailable(format!("unreadable response: {msg}")),
            StripeError::ClientError(msg) => PaymentError::Unavailable(msg),
            StripeError::Timeout => PaymentError::Unavailable("timed out".to_owned()),
            StripeError::ConfigError(msg) => PaymentError::Invalid(msg),
        }
    }
}

/// A Stripe account, cheap to clone (the HTTP client is shared).
#[derive(Clone)]
pub struct Stripe {
    client: Client,
    webhook_secret: String,
}

impl fmt::Debug for Stripe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stripe").finish_non_exhaustive()
    }
}

impl Stripe {
    /// # Panics
    /// When the secret key is not a valid header value or `api_base` is not a URL: the
    /// configuration is read at startup, where failing loudly is what we want.
    pub fn new(cfg: StripeConfig) -> Self {
        Self::try_new(cfg).unwrap_or_else(|e| panic!("invalid Stripe configuration: {e}"))
    }

    pub fn try_new(cfg: StripeConfig) -> Result<Self, PaymentError> {
        // The client appends `v1/…` to the base as is: without the slash, the path would be
        // glued to the last segment of the base.
        let mut api_base = cfg.api_base.unwrap_or_else(|| DEFAULT_API_BASE.to_owned());
        if !api_base.ends_with('/') {
            api_base.push('/');
        }
        let client = ClientBuilder::new(cfg.secret_key)
            .url(api_base)
            .timeout(REQUEST_TIMEOUT)
            .app_info("Maillon", Some(env!("CARGO_PKG_VERSION").to_owned()), None)
            .build()?;
        Ok(Stripe {
            client,
            webhook_secret: cfg.webhook_secret,
        })
    }

    /// Creates a Stripe Checkout Session (mode payment, currency eur) for one order attempt.
    pub async fn create_checkout_session(&self, req: &CheckoutRequest) -> Result<CheckoutSession, PaymentError> {
        let lines: Vec<CreateCheckoutSessionLineItems> = req
            .lines
            .iter()
            .map(|line| {
                // Prices are sent inline rather than as Stripe Price objects: the catalogue
                // lives in our database and changes often, Stripe only needs the amounts.
                let mut price = CreateCheckoutSessionLineItemsPriceData::new(Currency::EUR);
                price.unit_amount = Some(line.unit_amount_cents);
                price.product_data = Some(ProductData::new(line.name.clone()));
                let mut item = CreateCheckoutSessionLineItems::new();
                item.price_data = Some(price);
                item.quantity = Some(line.quantity);
                item
            })
            .collect();
        let mut create = CreateCheckoutSession::new()
            .mode(CheckoutSessionMode::Payment)
            .currency(Currency::EUR)
            .line_items(lines)
            .client_reference_id(req.order_reference.clone())
            .success_url(req.success_url.clone())
            .cancel_url(req.cancel_url.clone());
        if let Some(email) = &req.customer_email {
            create = create.customer_email(email.clone());
        }
        if let Some(expires_at) = req.expires_at_unix {
            create = create.expires_at(expires_at);
        }
        if !req.metadata.is_empty() {
            create = create.metadata(req.metadata.iter().cloned().collect::<HashMap<_, _>>());
        }
        let session = create
            .customize()
            .request_strategy(idempotent(&req.idempotency_key)?)
            .send(&self.client)
            .await?;
        let url = session
            .url
            .ok_or_else(|| PaymentError::Invalid(format!("session {} has no payment page URL", session.id)))?;
        Ok(CheckoutSession {
            id: session.id.to_string(),
            url,
        })
    }

    /// Refunds part or all of a payment; returns the refund's id (`re_…`).
    pub async fn refund(
        &self,
        payment_intent: &str,
        amount_cents: i64,
        idempotency_key: &str,
    ) -> Result<String, PaymentError> {
        let refund = CreateRefund::new()
            .payment_intent(payment_intent)
            .amount(amount_cents)
            .customize()
            .request_strategy(idempotent(idempotency_key)?)
            .send(&self.client)
            .await?;
        Ok(refund.id.to_string())
    }

    /// Verifies the `Stripe-Signature` header (HMAC-SHA256 over `"{t}.{payload}"`, any of its
    /// `v1` signatures, timestamp within 300 s of `now_unix`) and parses the event.
    pub fn verify_event(
        &self,
        payload: &str,
        signature_header: &str,
        now_unix: i64,
    ) -> Result<WebhookEvent, WebhookError> {
        webhook::verify_event(payload, signature_header, &self.webhook_secret, now_unix)
    }
}

/// One attempt, with the caller's key: retries belong to the caller, who knows whether the
/// customer is still waiting.
fn idempotent(key: &str) -> Result<RequestStrategy, PaymentError> {
    let key = IdempotencyKey::new(key).map_err(|e| PaymentError::Invalid(e.to_string()))?;
    Ok(RequestStrategy::Idempotent(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(api_base: &str) -> StripeConfig {
        StripeConfig {
            secret_key: "sk_test_x".into(),
            webhook_secret: "whsec_x".into(),
            api_base: Some(api_base.into()),
        }
    }

    #[test]
    fn the_gateway_can_be_shared_by_the_server_tasks() {
        fn shared<T: Clone + Send + Sync + 'static>(_: &T) {}
        fn spawnable<F: Future + Send>(_: F) {}
        let stripe = Stripe::new(config("http://127.0.0.1:9"));
        shared(&stripe);
        let req = CheckoutRequest {
            order_reference: "o".into(),
            customer_email: None,
            lines: vec![],
            success_url: "https://s".into(),
            cancel_url: "https://c".into(),
            expires_at_unix: None,
            idempotency_key: "k".into(),
            metadata: vec![],
        };
        spawnable(stripe.create_checkout_session(&req));
        spawnable(stripe.refund("pi_1", 1, "k"));
    }

    #[test]
    fn configuration_errors_surface_at_startup_and_secrets_stay_out_of_logs() {
        assert!(matches!(
            Stripe::try_new(config("http://not a host/")),
            Err(PaymentError::Invalid(_))
        ));
        let debug = format!("{:?} {:?}", config("http://x"), Stripe::new(config("http://x")));
        assert!(!debug.contains("sk_test_x") && !debug.contains("whsec_x"), "{debug}");
    }
}
