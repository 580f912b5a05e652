//! Stripe's webhook: events are trusted only once their signature checks out, stored by id
//! and applied once (see `maillon::orders::store::apply_payment_event`).

use app::ssr::AppState;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use maillon::credit::store::{self as credit, TopUpApplied, TopUpEvent};
use maillon::governance::store::{self as gov, ShareApplied, ShareEvent};
use maillon::orders::store::{Applied, PaymentEvent, apply_payment_event};
use maillon::payments::{EventKind, WebhookError, WebhookEvent};

use crate::http_error::HttpError;
use crate::paths::WEBHOOK_PATH;

pub fn routes() -> Router<AppState> {
    Router::new().route(WEBHOOK_PATH, post(webhook))
}

/// An event about the payment page of a membership application (its reference says so), applied
/// by the governance context; None for any other event.
async fn share_event(state: &AppState, event: &WebhookEvent) -> Result<Option<ShareApplied>, HttpError> {
    let (kind, member, share) = match &event.kind {
        EventKind::CheckoutCompleted {
            session_id,
            client_reference_id,
            payment_intent,
            amount_total,
            paid: true,
        } => (
            "checkout.session.completed",
            gov::application_of(client_reference_id.as_deref()),
            ShareEvent::Paid {
                session_id: session_id.clone(),
                payment_intent: payment_intent.clone(),
                amount_cents: amount_total.unwrap_or(0),
            },
        ),
        EventKind::CheckoutExpired {
            session_id,
            client_reference_id,
        } => (
            "checkout.session.expired",
            gov::application_of(client_reference_id.as_deref()),
            ShareEvent::Expired {
                session_id: session_id.clone(),
            },
        ),
        _ => return Ok(None),
    };
    let Some(member) = member else { return Ok(None) };
    // As for orders, an error (another cooperative's application included) is answered with a
    // 5xx: Stripe sends the event again, and nothing was recorded.
    gov::apply_share_event(&state.ctx(), &event.id, kind, member, &share)
        .await
        .map(Some)
        .map_err(|e| HttpError::internal(&format!("applying Stripe event {}", event.id), e).text("retry later"))
}

/// An event about the payment page of a credit top-up (its reference says so), applied by the
/// credit context; None for any other event.
async fn top_up_event(state: &AppState, event: &WebhookEvent) -> Result<Option<TopUpApplied>, HttpError> {
    let (kind, top_up, applied) = match &event.kind {
        EventKind::CheckoutCompleted {
            client_reference_id,
            payment_intent,
            amount_total,
            paid: true,
            ..
        } => (
            "checkout.session.completed",
            credit::top_up_of(client_reference_id.as_deref()),
            TopUpEvent::Paid {
                payment_intent: payment_intent.clone(),
                amount_cents: amount_total.unwrap_or(0),
            },
        ),
        EventKind::CheckoutExpired {
            client_reference_id, ..
        } => (
            "checkout.session.expired",
            credit::top_up_of(client_reference_id.as_deref()),
            TopUpEvent::Expired,
        ),
        _ => return Ok(None),
    };
    let Some(top_up) = top_up else { return Ok(None) };
    credit::apply_top_up_event(&state.ctx(), &event.id, kind, top_up, &applied)
        .await
        .map(Some)
        .map_err(|e| HttpError::internal(&format!("applying Stripe event {}", event.id), e).text("retry later"))
}

fn order_id(reference: &Option<String>) -> Option<i64> {
    reference.as_deref().and_then(|r| r.parse().ok())
}

async fn webhook(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: String,
) -> Result<(StatusCode, &'static str), HttpError> {
    let stripe = state
        .payments
        .as_ref()
        .ok_or_else(|| HttpError::not_found().text("card payments are not configured"))?;
    let signature = headers
        .get("stripe-signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let event = stripe
        .verify_event(&body, signature, chrono::Utc::now().timestamp())
        .map_err(|e| match e {
            WebhookError::Malformed(e) => {
                tracing::warn!(error = %e, "malformed Stripe event");
                HttpError::bad_request().text("malformed event")
            }
            e => {
                tracing::warn!(error = ?e, "refused a Stripe event");
                HttpError::bad_request().text("bad signature")
            }
        })?;
    if let Some(applied) = top_up_event(&state, &event).await? {
        tracing::info!(event = %event.id, ?applied, "Stripe event applied to a credit top-up");
        return Ok((StatusCode::OK, "ok"));
    }
    if let Some(applied) = share_event(&state, &event).await? {
        tracing::info!(event = %event.id, ?applied, "Stripe event applied to an application's shares");
        return Ok((StatusCode::OK, "ok"));
    }
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
    let applied = apply_payment_event(&state.ctx(), &event.id, kind, &payment)
        .await
        .map_err(|e| {
            // Stripe retries non-2xx answers: nothing is lost.
            HttpError::internal(&format!("applying Stripe event {}", event.id), e).text("retry later")
        })?;
    if applied != Applied::Duplicate {
        tracing::info!(event = %event.id, kind, ?applied, "Stripe event applied");
    }
    Ok((StatusCode::OK, "ok"))
}
