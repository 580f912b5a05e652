//! Stripe webhook events: signature check and the few event types we act on.
//!
//! The signature is checked by hand rather than with async-stripe's webhook crate: that crate
//! pulls in every Stripe event type (a large compile) and reads the clock itself, whereas we
//! pass `now` so the check is testable. Only the fields we use are parsed, so new fields or
//! event types from Stripe never break the endpoint.

use hmac::{Hmac, Mac as _};
use serde::Deserialize;
use sha2::Sha256;

/// Stripe's own libraries accept events signed up to five minutes ago; older ones are
/// treated as replays.
pub const TOLERANCE_SECONDS: i64 = 300;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookEvent {
    /// `evt_…`: Stripe delivers at least once, so handlers deduplicate on it.
    pub id: String,
    pub created: i64,
    pub kind: EventKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// `checkout.session.completed`: the customer finished the payment page. With delayed
    /// payment methods the money may not be there yet: look at `paid`.
    CheckoutCompleted {
        session_id: String,
        client_reference_id: Option<String>,
        payment_intent: Option<String>,
        amount_total: Option<i64>,
        /// `payment_status == "paid"`.
        paid: bool,
    },
    /// `checkout.session.expired`: the payment page can no longer be used.
    CheckoutExpired {
        session_id: String,
        client_reference_id: Option<String>,
    },
    /// Any other type, by name: acknowledged and ignored.
    Other(String),
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum WebhookError {
    /// Missing or unparsable header, or no `v1` signature matches: not from Stripe.
    #[error("invalid webhook signature")]
    BadSignature,
    /// Correctly signed but outside the tolerance: possibly a replay.
    #[error("webhook timestamp outside tolerance")]
    Expired,
    /// Signed by Stripe but not the JSON we expect.
    #[error("malformed webhook event: {0}")]
    Malformed(String),
}

/// Checks `signature_header` (`t=…,v1=…[,v1=…][,v0=…]`) against `secret`, then parses the event.
pub fn verify_event(
    payload: &str,
    signature_header: &str,
    secret: &str,
    now_unix: i64,
) -> Result<WebhookEvent, WebhookError> {
    let mut timestamp: Option<&str> = None;
    let mut signatures = Vec::new();
    for part in signature_header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", t)) => timestamp = Some(t),
            // Several v1 entries appear while a secret is being rolled; other schemes (v0 is
            // for test-mode only) are ignored as Stripe's libraries do.
            Some(("v1", sig)) => signatures.push(sig),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(WebhookError::BadSignature)?;
    let t: i64 = timestamp.parse().map_err(|_| WebhookError::BadSignature)?;

    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC accepts keys of any length");
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(payload.as_bytes());
    // `verify_slice` compares in constant time, so the response time does not reveal how
    // much of a forged signature was right.
    let signed = signatures
        .iter()
        .filter_map(|sig| hex::decode(sig).ok())
        .any(|sig| mac.clone().verify_slice(&sig).is_ok());
    if !signed {
        return Err(WebhookError::BadSignature);
    }
    // Both directions: a timestamp far in the future is as suspicious as an old one.
    if (now_unix - t).abs() > TOLERANCE_SECONDS {
        return Err(WebhookError::Expired);
    }
    parse_event(payload)
}

#[derive(Deserialize)]
struct RawEvent {
    id: String,
    created: i64,
    #[serde(rename = "type")]
    kind: String,
    data: RawData,
}

#[derive(Deserialize)]
struct RawData {
    object: serde_json::Value,
}

#[derive(Deserialize)]
struct RawSession {
    id: String,
    client_reference_id: Option<String>,
    payment_intent: Option<IdOrObject>,
    amount_total: Option<i64>,
    payment_status: Option<String>,
}

/// Stripe sends related objects as their id unless asked to expand them.
#[derive(Deserialize)]
#[serde(untagged)]
enum IdOrObject {
    Id(String),
    Object { id: String },
}

impl IdOrObject {
    fn into_id(self) -> String {
        match self {
            IdOrObject::Id(id) | IdOrObject::Object { id } => id,
        }
    }
}

fn parse_event(payload: &str) -> Result<WebhookEvent, WebhookError> {
    let raw: RawEvent = serde_json::from_str(payload).map_err(|e| WebhookError::Malformed(e.to_string()))?;
    let session = |object: serde_json::Value| -> Result<RawSession, WebhookError> {
        serde_json::from_value(object).map_err(|e| WebhookError::Malformed(format!("{}: {e}", raw.kind)))
    };
    let kind = match raw.kind.as_str() {
        "checkout.session.completed" => {
            let s = session(raw.data.object)?;
            EventKind::CheckoutCompleted {
                session_id: s.id,
                client_reference_id: s.client_reference_id,
                payment_intent: s.payment_intent.map(IdOrObject::into_id),
                amount_total: s.amount_total,
                paid: s.payment_status.as_deref() == Some("paid"),
            }
        }
        "checkout.session.expired" => {
            let s = session(raw.data.object)?;
            EventKind::CheckoutExpired {
                session_id: s.id,
                client_reference_id: s.client_reference_id,
            }
        }
        _ => EventKind::Other(raw.kind.clone()),
    };
    Ok(WebhookEvent {
        id: raw.id,
        created: raw.created,
        kind,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_test_secret";
    const NOW: i64 = 1_760_000_000;

    fn signature(payload: &str, secret: &str, t: i64) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(format!("{t}.{payload}").as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    fn header(payload: &str, secret: &str, t: i64) -> String {
        format!("t={t},v1={}", signature(payload, secret, t))
    }

    fn completed() -> String {
        serde_json::json!({
            "id": "evt_1",
            "object": "event",
            "type": "checkout.session.completed",
            "created": NOW - 2,
            "livemode": false,
            "data": {"object": {
                "id": "cs_test_1",
                "object": "checkout.session",
                "client_reference_id": "order-42-1",
                "payment_intent": "pi_1",
                "amount_total": 1250,
                "payment_status": "paid",
                "status": "complete",
                "metadata": {}
            }}
        })
        .to_string()
    }

    #[test]
    fn a_correctly_signed_completed_event_is_parsed() {
        let payload = completed();
        let event = verify_event(&payload, &header(&payload, SECRET, NOW - 1), SECRET, NOW).unwrap();
        assert_eq!(
            event,
            WebhookEvent {
                id: "evt_1".into(),
                created: NOW - 2,
                kind: EventKind::CheckoutCompleted {
                    session_id: "cs_test_1".into(),
                    client_reference_id: Some("order-42-1".into()),
                    payment_intent: Some("pi_1".into()),
                    amount_total: Some(1250),
                    paid: true,
                }
            }
        );
    }

    #[test]
    fn tampered_payload_wrong_secret_or_missing_header_are_rejected() {
        let payload = completed();
        let good = header(&payload, SECRET, NOW);
        let tampered = payload.replace("1250", "1");
        assert_eq!(
            verify_event(&tampered, &good, SECRET, NOW),
            Err(WebhookError::BadSignature)
        );
        assert_eq!(
            verify_event(&payload, &header(&payload, "whsec_other", NOW), SECRET, NOW),
            Err(WebhookError::BadSignature)
        );
        // The signed timestamp is part of the MAC: it cannot be moved to pass the tolerance.
        let moved = good.replacen(&format!("t={NOW}"), &format!("t={}", NOW + 1), 1);
        assert_eq!(
            verify_event(&payload, &moved, SECRET, NOW),
            Err(WebhookError::BadSignature)
        );
        for bad in [
            "",
            "garbage",
            &format!("t={NOW}"),
            &format!("v1={}", signature(&payload, SECRET, NOW)),
            &format!("t=soon,v1={}", signature(&payload, SECRET, NOW)),
            &format!("t={NOW},v1=not-hex"),
            &format!("t={NOW},v0={}", signature(&payload, SECRET, NOW)),
        ] {
            assert_eq!(
                verify_event(&payload, bad, SECRET, NOW),
                Err(WebhookError::BadSignature),
                "{bad}"
            );
        }
    }

    #[test]
    fn events_outside_the_tolerance_are_refused_as_replays() {
        let payload = completed();
        let at = |t: i64| verify_event(&payload, &header(&payload, SECRET, t), SECRET, NOW);
        assert!(at(NOW - TOLERANCE_SECONDS).is_ok());
        assert_eq!(at(NOW - TOLERANCE_SECONDS - 1), Err(WebhookError::Expired));
        assert!(at(NOW + TOLERANCE_SECONDS).is_ok());
        assert_eq!(at(NOW + TOLERANCE_SECONDS + 1), Err(WebhookError::Expired));
    }

    #[test]
    fn any_matching_v1_signature_is_enough_during_secret_rotation() {
        let payload = completed();
        let old = signature(&payload, "whsec_old", NOW);
        let new = signature(&payload, SECRET, NOW);
        let rolled = format!("t={NOW},v1={old},v1={new},v0=deadbeef");
        assert!(verify_event(&payload, &rolled, SECRET, NOW).is_ok());
        assert!(verify_event(&payload, &rolled, "whsec_old", NOW).is_ok());
        assert_eq!(
            verify_event(&payload, &rolled, "whsec_third", NOW),
            Err(WebhookError::BadSignature)
        );
    }

    #[test]
    fn expired_sessions_and_unknown_types_are_parsed_without_their_full_schema() {
        let expired = r#"{"id":"evt_2","object":"event","type":"checkout.session.expired","created":5,
            "data":{"object":{"id":"cs_test_2","object":"checkout.session","client_reference_id":null,
            "payment_intent":null,"amount_total":900,"payment_status":"unpaid","status":"expired"}}}"#;
        let event = verify_event(expired, &header(expired, SECRET, NOW), SECRET, NOW).unwrap();
        assert_eq!(
            event.kind,
            EventKind::CheckoutExpired {
                session_id: "cs_test_2".into(),
                client_reference_id: None
            }
        );

        let unknown = r#"{"id":"evt_3","object":"event","type":"charge.dispute.created","created":6,
            "data":{"object":{"id":"dp_1","object":"dispute","amount":1000}}}"#;
        let event = verify_event(unknown, &header(unknown, SECRET, NOW), SECRET, NOW).unwrap();
        assert_eq!(event.kind, EventKind::Other("charge.dispute.created".into()));
    }

    #[test]
    fn unpaid_completions_expanded_intents_and_bad_json_are_handled() {
        let payload = r#"{"id":"evt_4","type":"checkout.session.completed","created":7,"data":{"object":
            {"id":"cs_test_4","payment_intent":{"id":"pi_4","object":"payment_intent"},"amount_total":100,
             "payment_status":"unpaid"}}}"#;
        let event = verify_event(payload, &header(payload, SECRET, NOW), SECRET, NOW).unwrap();
        let EventKind::CheckoutCompleted {
            payment_intent, paid, ..
        } = event.kind
        else {
            panic!("{event:?}")
        };
        assert_eq!(payment_intent.as_deref(), Some("pi_4"));
        assert!(!paid);

        for bad in [
            "not json",
            r#"{"id":"evt_5","type":"checkout.session.completed","created":8,"data":{"object":{"object":"x"}}}"#,
        ] {
            assert!(matches!(
                verify_event(bad, &header(bad, SECRET, NOW), SECRET, NOW),
                Err(WebhookError::Malformed(_))
            ));
        }
    }
}
