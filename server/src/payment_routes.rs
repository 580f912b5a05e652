//! Stripe's webhook: events are trusted only once their signature checks out, stored by id
//! and applied once (see `maillon::orders::store::apply_payment_event`).

use app::ssr::AppState;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use maillon::orders::store::{Applied, PaymentEvent, apply_payment_event};
use maillon::payments::{EventKind, WebhookError};

use crate::paths::WEBHOOK_PATH;

pub fn routes() -> Router<AppState> {
    Router::new().route(WEBHOOK_PATH, post(webhook))
}

fn order_id(reference: &Option<String>) -> Option<i64> {
    reference.as_deref().and_then(|r| r.parse().ok())
}

async fn webhook(State(state): State<AppState>, headers: HeaderMap, body: String) -> (StatusCode, &'static str) {
    let Some(stripe) = &state.payments else {
        return (StatusCode::NOT_FOUND, "card payments are not configured");
    };
    let signature = headers
        .get("stripe-signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let event = match stripe.verify_event(&body, signature, chrono::Utc::now().timestamp()) {
        Ok(event) => event,
        Err(WebhookError::Malformed(e)) => {
            tracing::warn!(error = %e, "malformed Stripe event");
            return (StatusCode::BAD_REQUEST, "malformed event");
        }
        Err(e) => {
            tracing::warn!(error = ?e, "refused a Stripe event");
            return (StatusCode::BAD_REQUEST, "bad signature");
        }
    };
    let (kind, payment) = match &event.kind {
        EventKind::CheckoutCompleted {
            session_id,
            client_reference_id,
            payment_intent,
            amount_total,
            paid,
        } => (
            "checkout.session.completed",
            PaymentEvent::Completed {
                session_id: session_id.clone(),
                order_id: order_id(client_reference_id),
                payment_intent: payment_intent.clone(),
                amount_cents: *amount_total,
                paid: *paid,
            },
        ),
        EventKind::CheckoutExpired {
            session_id,
            client_reference_id,
        } => (
            "checkout.session.expired",
            PaymentEvent::Expired {
                session_id: session_id.clone(),
                order_id: order_id(client_reference_id),
            },
        ),
        EventKind::Other(kind) => (kind.as_str(), PaymentEvent::Other),
    };
    let coop = state.coop.clone();
    let lookup = move |id: i64| (id == coop.id).then(|| coop.clone());
    match apply_payment_event(&state.pool, lookup, &state.site.base_url, &event.id, kind, &payment).await {
        Ok(applied) => {
            if applied != Applied::Duplicate {
                tracing::info!(event = %event.id, kind, ?applied, "Stripe event applied");
            }
            (StatusCode::OK, "ok")
        }
        Err(e) => {
            // Stripe retries non-2xx answers: nothing is lost.
            tracing::error!(event = %event.id, error = %e, "applying a Stripe event");
            (StatusCode::INTERNAL_SERVER_ERROR, "retry later")
        }
    }
}
