//! A fake of the part of Stripe's HTTP API the payment gateway uses, served on loopback so
//! tests exercise the real client: form bodies in Stripe's bracket syntax, Bearer auth,
//! idempotency keys, error bodies. It also builds signed webhook events like Stripe's.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::{Form, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use hmac::{Hmac, Mac as _};
use serde_json::{Value, json};
use sha2::Sha256;
use tokio::net::TcpListener;

/// The API version the pinned async-stripe release speaks, shown on events as Stripe does.
pub const API_VERSION: &str = "2026-07-29.dahlia";

/// One request as received, before any processing, for assertions.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub path: String,
    pub idempotency_key: Option<String>,
    pub authorization: Option<String>,
    /// Decoded form pairs in the order sent, keys in bracket syntax
    /// (`line_items[0][price_data][unit_amount]`).
    pub form: Vec<(String, String)>,
}

impl Recorded {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.form.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// What the next calls should fail with, whatever they ask.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// 500 `api_error`, as when Stripe has an incident.
    ServerError,
    /// 402 `card_error` / `card_declined`.
    CardDeclined,
}

struct Stored {
    path: String,
    params: Vec<(String, String)>,
    status: StatusCode,
    body: Value,
}

struct Intent {
    amount: i64,
    refunded: i64,
}

#[derive(Default)]
struct Inner {
    requests: Vec<Recorded>,
    failures: VecDeque<Failure>,
    idempotent: HashMap<String, Stored>,
    sessions: HashMap<String, Value>,
    /// Session ids in creation order.
    session_order: Vec<String>,
    intents: HashMap<String, Intent>,
    refunds: Vec<Value>,
    next_id: u64,
}

impl Inner {
    fn id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!(
            "{prefix}{:08}{:016x}",
            self.next_id,
            self.next_id.wrapping_mul(0x9e37_79b9_7f4a_7c15)
        )
    }
}

#[derive(Clone)]
pub struct FakeStripe {
    /// What to put in `StripeConfig::api_base`.
    pub base_url: String,
    secret_key: String,
    state: Arc<Mutex<Inner>>,
}

impl FakeStripe {
    /// Serves on an ephemeral loopback port until the test's runtime ends. Requests must carry
    /// `Authorization: Bearer {secret_key}`.
    pub async fn start(secret_key: &str) -> FakeStripe {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let fake = FakeStripe {
            base_url: format!("http://{}", listener.local_addr().unwrap()),
            secret_key: secret_key.to_owned(),
            state: Arc::default(),
        };
        let app = Router::new()
            .route("/v1/checkout/sessions", post(handle))
            .route("/v1/refunds", post(handle))
            .fallback(|uri: Uri| async move {
                error(
                    StatusCode::NOT_FOUND,
                    "invalid_request_error",
                    None,
                    &format!("Unrecognized request URL (POST: {}).", uri.path()),
                )
            })
            .with_state(fake.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        fake
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.state.lock().unwrap().requests.clone()
    }

    /// The next `n` authenticated calls fail with `failure`. The failure happens in front of
    /// the API, like an outage, so it is not remembered under the idempotency key and a retry
    /// with the same key goes through.
    pub fn fail_next(&self, n: usize, failure: Failure) {
        self.state
            .lock()
            .unwrap()
            .failures
            .extend(std::iter::repeat_n(failure, n));
    }

    /// Sessions actually created, in order (replays create none).
    pub fn sessions(&self) -> Vec<Value> {
        let state = self.state.lock().unwrap();
        state
            .session_order
            .iter()
            .map(|id| state.sessions[id].clone())
            .collect()
    }

    pub fn session(&self, id: &str) -> Option<Value> {
        self.state.lock().unwrap().sessions.get(id).cloned()
    }

    /// Refunds actually created, in order.
    pub fn refunds(&self) -> Vec<Value> {
        self.state.lock().unwrap().refunds.clone()
    }

    /// What happens when the customer pays on the hosted page: the session is complete and
    /// paid, with a PaymentIntent that can then be refunded. Returns the session.
    pub fn complete_session(&self, id: &str) -> Value {
        let mut state = self.state.lock().unwrap();
        let intent = state.id("pi_");
        let session = state.sessions.get_mut(id).expect("unknown session");
        assert_eq!(session["status"], "open", "only an open session can be paid");
        let amount = session["amount_total"].as_i64().unwrap();
        session["status"] = json!("complete");
        session["payment_status"] = json!("paid");
        session["payment_intent"] = json!(intent);
        session["url"] = Value::Null;
        let session = session.clone();
        state.intents.insert(intent, Intent { amount, refunded: 0 });
        session
    }

    /// The session's `expires_at` has passed without payment. Returns the session.
    pub fn expire_session(&self, id: &str) -> Value {
        let mut state = self.state.lock().unwrap();
        let session = state.sessions.get_mut(id).expect("unknown session");
        session["status"] = json!("expired");
        session["url"] = Value::Null;
        session.clone()
    }
}

/// A `Stripe-Signature` header for `payload` as Stripe computes it.
pub fn sign(payload: &str, secret: &str, t: i64) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.{payload}").as_bytes());
    format!("t={t},v1={}", hex::encode(mac.finalize().into_bytes()))
}

pub fn completed_event(event_id: &str, session: &Value) -> String {
    event(event_id, "checkout.session.completed", session)
}

pub fn expired_event(event_id: &str, session: &Value) -> String {
    event(event_id, "checkout.session.expired", session)
}

/// An event envelope as Stripe posts it to webhook endpoints.
pub fn event(event_id: &str, kind: &str, object: &Value) -> String {
    json!({
        "id": event_id,
        "object": "event",
        "api_version": API_VERSION,
        "created": now(),
        "data": {"object": object},
        "livemode": false,
        "pending_webhooks": 1,
        "request": {"id": null, "idempotency_key": null},
        "type": kind,
    })
    .to_string()
}

pub fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64
}

async fn handle(
    State(fake): State<FakeStripe>,
    uri: Uri,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let path = uri.path().to_owned();
    let idempotency_key = header("idempotency-key");
    let authorization = header("authorization");
    let mut state = fake.state.lock().unwrap();
    state.requests.push(Recorded {
        path: path.clone(),
        idempotency_key: idempotency_key.clone(),
        authorization: authorization.clone(),
        form: form.clone(),
    });

    match authorization.as_deref().and_then(|a| a.strip_prefix("Bearer ")) {
        Some(key) if key == fake.secret_key => {}
        Some(key) => {
            let shown = format!("{}…", key.chars().take(8).collect::<String>());
            let msg = format!("Invalid API Key provided: {shown}");
            return error(StatusCode::UNAUTHORIZED, "invalid_request_error", None, &msg).into_response();
        }
        None => {
            let msg = "You did not provide an API key. You need to provide your API key in the Authorization header, \
                       using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').";
            return error(StatusCode::UNAUTHORIZED, "invalid_request_error", None, msg).into_response();
        }
    }

    if let Some(failure) = state.failures.pop_front() {
        return match failure {
            Failure::ServerError => error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "api_error",
                None,
                "An unknown error occurred",
            )
            .into_response(),
            Failure::CardDeclined => (
                StatusCode::PAYMENT_REQUIRED,
                Json(json!({"error": {
                    "type": "card_error",
                    "code": "card_declined",
                    "decline_code": "generic_decline",
                    "message": "Your card was declined.",
                    "doc_url": "https://stripe.com/docs/error-codes/card-declined",
                }})),
            )
                .into_response(),
        };
    }

    // Stripe compares parameters, not bytes: the order of form fields may differ on a retry.
    let mut params = form.clone();
    params.sort();
    if let Some(key) = &idempotency_key
        && let Some(stored) = state.idempotent.get(key)
    {
        if stored.path != path || stored.params != params {
            let msg = format!(
                "Keys for idempotent requests can only be used with the same parameters they were first used with. \
                 Try using a key other than '{key}' if you meant to execute a different request."
            );
            return error(StatusCode::BAD_REQUEST, "idempotency_error", None, &msg).into_response();
        }
        let mut response = (stored.status, Json(stored.body.clone())).into_response();
        response
            .headers_mut()
            .insert("idempotent-replayed", "true".parse().unwrap());
        return response;
    }

    let result = match path.as_str() {
        "/v1/checkout/sessions" => create_session(&mut state, &form),
        "/v1/refunds" => create_refund(&mut state, &form),
        _ => unreachable!("routed above"),
    };
    match result {
        Ok(body) => {
            // Only requests that ran are remembered: like Stripe, a request refused by
            // validation may be corrected and sent again under the same key.
            if let Some(key) = idempotency_key {
                let stored = Stored {
                    path,
                    params,
                    status: StatusCode::OK,
                    body: body.clone(),
                };
                state.idempotent.insert(key, stored);
            }
            Json(body).into_response()
        }
        Err(err) => err.into_response(),
    }
}

/// An error answered in Stripe's shape: `{"error": {"type", "message", "param"}}`.
struct ApiError {
    status: StatusCode,
    kind: &'static str,
    param: Option<String>,
    message: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({"type": self.kind, "message": self.message});
        if let Some(param) = self.param {
            body["param"] = json!(param);
        }
        (self.status, Json(json!({ "error": body }))).into_response()
    }
}

fn error(status: StatusCode, kind: &'static str, param: Option<&str>, message: &str) -> ApiError {
    ApiError {
        status,
        kind,
        param: param.map(str::to_owned),
        message: message.to_owned(),
    }
}

fn invalid(param: &str, message: &str) -> ApiError {
    error(StatusCode::BAD_REQUEST, "invalid_request_error", Some(param), message)
}

fn get<'a>(form: &'a [(String, String)], key: &str) -> Option<&'a str> {
    form.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

fn integer(form: &[(String, String)], key: &str) -> Result<Option<i64>, ApiError> {
    get(form, key)
        .map(|v| {
            v.parse::<i64>()
                .map_err(|_| invalid(key, &format!("Invalid integer: {v}")))
        })
        .transpose()
}

fn create_session(state: &mut Inner, form: &[(String, String)]) -> Result<Value, ApiError> {
    match get(form, "mode") {
        Some("payment") => {}
        Some(other) => {
            return Err(invalid(
                "mode",
                &format!("This fake only supports mode=payment, not {other}."),
            ));
        }
        None => return Err(invalid("mode", "Missing required param: mode.")),
    }
    let mut amount_total = 0i64;
    let mut i = 0;
    while form.iter().any(|(k, _)| k.starts_with(&format!("line_items[{i}]"))) {
        let item = |field: &str| format!("line_items[{i}][{field}]");
        let unit = integer(form, &item("price_data][unit_amount"))?
            .ok_or_else(|| invalid(&item("price_data][unit_amount"), "Missing required param."))?;
        let quantity =
            integer(form, &item("quantity"))?.ok_or_else(|| invalid(&item("quantity"), "Missing required param."))?;
        if get(form, &item("price_data][currency")) != Some("eur") {
            return Err(invalid(
                &item("price_data][currency"),
                "Line items must be in the session's currency.",
            ));
        }
        if get(form, &item("price_data][product_data][name")).is_none_or(str::is_empty) {
            return Err(invalid(
                &item("price_data][product_data][name"),
                "Missing required param.",
            ));
        }
        if unit < 0 || quantity < 1 {
            return Err(invalid(&item("quantity"), "Invalid positive integer."));
        }
        amount_total += unit * quantity;
        i += 1;
    }
    if i == 0 {
        return Err(invalid(
            "line_items",
            "You must provide at least one line item in payment mode.",
        ));
    }
    let created = now();
    let expires_at = integer(form, "expires_at")?.unwrap_or(created + 24 * 3600);
    if !(created + 30 * 60 - 5..=created + 24 * 3600).contains(&expires_at) {
        let msg = "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.";
        return Err(invalid("expires_at", msg));
    }
    let metadata: serde_json::Map<String, Value> = form
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("metadata[")?.strip_suffix(']')?.to_owned(), json!(v))))
        .collect();
    let id = state.id("cs_test_a1");
    // Every field async-stripe requires is present, the others mostly null: this is what a
    // hosted payment-mode session looks like right after creation.
    let mut session = json!({
        "id": id,
        "object": "checkout.session",
        "amount_subtotal": amount_total,
        "amount_total": amount_total,
        "automatic_tax": {"enabled": false, "liability": null, "provider": null, "status": null},
        "cancel_url": get(form, "cancel_url"),
        "client_reference_id": get(form, "client_reference_id"),
        "created": created,
        "currency": get(form, "currency").unwrap_or("eur"),
        "custom_fields": [],
        "custom_text": {"after_submit": null, "shipping_address": null, "submit": null, "terms_of_service_acceptance": null},
        "customer_creation": "if_required",
        "customer_email": get(form, "customer_email"),
        "discounts": [],
        "expires_at": expires_at,
        "livemode": false,
        "metadata": metadata,
        "mode": "payment",
        "payment_method_collection": "if_required",
        "payment_method_options": {},
        "payment_method_types": ["card"],
        "payment_status": "unpaid",
        "phone_number_collection": {"enabled": false},
        "shipping_options": [],
        "status": "open",
        "success_url": get(form, "success_url"),
        "total_details": {"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
        "ui_mode": "hosted",
        "url": format!("https://checkout.stripe.com/c/pay/{id}"),
    });
    // Fields a fresh hosted session has as null; kept apart to stay under `json!`'s recursion limit.
    for field in [
        "adaptive_pricing",
        "after_expiration",
        "allow_promotion_codes",
        "billing_address_collection",
        "client_secret",
        "collected_information",
        "consent",
        "consent_collection",
        "currency_conversion",
        "customer",
        "customer_details",
        "invoice",
        "invoice_creation",
        "locale",
        "payment_intent",
        "payment_link",
        "payment_method_configuration_details",
        "recovered_from",
        "saved_payment_method_options",
        "setup_intent",
        "shipping_address_collection",
        "shipping_cost",
        "submit_type",
        "subscription",
        "wallet_options",
    ] {
        session[field] = Value::Null;
    }
    state.sessions.insert(id.clone(), session.clone());
    state.session_order.push(id);
    Ok(session)
}

fn create_refund(state: &mut Inner, form: &[(String, String)]) -> Result<Value, ApiError> {
    let Some(intent_id) = get(form, "payment_intent") else {
        let msg = "One of the following params should be provided for this request: payment_intent or charge.";
        return Err(invalid("payment_intent", msg));
    };
    let amount = integer(form, "amount")?;
    let id = state.id("re_");
    let charge = state.id("ch_");
    let Some(intent) = state.intents.get_mut(intent_id) else {
        return Err(error(
            StatusCode::NOT_FOUND,
            "invalid_request_error",
            Some("payment_intent"),
            &format!("No such payment_intent: '{intent_id}'"),
        ));
    };
    let left = intent.amount - intent.refunded;
    let amount = amount.unwrap_or(left);
    if amount <= 0 {
        return Err(invalid("amount", "Invalid positive integer."));
    }
    if amount > left {
        let msg = format!(
            "Refund amount (€{:.2}) is greater than unrefunded amount on charge (€{:.2})",
            amount as f64 / 100.0,
            left as f64 / 100.0
        );
        return Err(invalid("amount", &msg));
    }
    intent.refunded += amount;
    let refund = json!({
        "id": id,
        "object": "refund",
        "amount": amount,
        "balance_transaction": null,
        "charge": charge,
        "created": now(),
        "currency": "eur",
        "destination_details": null,
        "metadata": {},
        "payment_intent": intent_id,
        "reason": null,
        "receipt_number": null,
        "source_transfer_reversal": null,
        "status": "succeeded",
        "transfer_reversal": null,
    });
    state.refunds.push(refund.clone());
    Ok(refund)
}
