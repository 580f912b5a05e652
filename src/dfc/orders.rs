//! Orders through DFC: a platform acting for a member account reads that account's orders, each
//! with its lines, and places new ones on the cooperative's open sale sessions. An order names
//! its sale session (`dfc-b:belongsTo`); each line names an offer of that session
//! (`dfc-b:concerns`) and how many of it (`dfc-b:quantity`, whole units of the variant). The
//! states follow the DFC vocabulary: held while a card payment is awaited, complete once
//! confirmed, cancelled (or expired); paid or unpaid; fulfilled once collected.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Value, json};

use super::import::{Graph, number, prop, reference as refers_to};
use super::{Iris, document, price, reference};
use crate::i18n::Msg;
use crate::orders::{MAX_LINE_QUANTITY, OrderStatus};

/// Lines an order posted by a platform may have.
pub const MAX_LINES: usize = 200;

/// An order as the platform reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderDoc {
    pub id: i64,
    pub cycle_id: i64,
    pub created_at: DateTime<Utc>,
    pub status: OrderStatus,
    pub paid: bool,
    pub collected: bool,
    pub lines: Vec<LineDoc>,
}

/// A line: the variant, its name as ordered, how many, and the unit price paid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineDoc {
    pub variant_id: i64,
    pub label: String,
    pub quantity: i64,
    pub unit_price_cents: i64,
    pub vat_bp: i32,
}

/// The DFC order state of an order's status.
pub fn order_state(status: OrderStatus) -> &'static str {
    match status {
        OrderStatus::PendingPayment => "dfc-v:Held",
        OrderStatus::Confirmed => "dfc-v:Complete",
        OrderStatus::Cancelled | OrderStatus::Expired => "dfc-v:Cancelled",
    }
}

fn date(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The order and its lines.
fn order_nodes(iris: &Iris, order: &OrderDoc) -> Vec<Value> {
    let o = order.id;
    let mut nodes = vec![json!({
        "@id": iris.order(o),
        "@type": "dfc-b:Order",
        "dfc-b:orderNumber": o.to_string(),
        "dfc-b:date": date(order.created_at),
        "dfc-b:belongsTo": reference(&iris.sale_session(order.cycle_id)),
        "dfc-b:soldBy": reference(&iris.cooperative()),
        "dfc-b:hasOrderStatus": reference(order_state(order.status)),
        "dfc-b:hasPaymentStatus": reference(if order.paid { "dfc-v:Paid" } else { "dfc-v:Unpaid" }),
        "dfc-b:hasFulfilmentStatus": reference(if order.collected { "dfc-v:Fulfilled" } else { "dfc-v:Unfulfilled" }),
        "dfc-b:hasPart": super::references(order.lines.iter().map(|l| iris.order_line(o, l.variant_id))),
    })];
    nodes.extend(order.lines.iter().map(|l| {
        json!({
            "@id": iris.order_line(o, l.variant_id),
            "@type": "dfc-b:OrderLine",
            "dfc-b:description": l.label,
            "dfc-b:quantity": l.quantity,
            "dfc-b:concerns": reference(&iris.session_offer(order.cycle_id, l.variant_id)),
            "dfc-b:hasPrice": price(l.unit_price_cents, l.vat_bp),
            "dfc-b:partOf": reference(&iris.order(o)),
        })
    }));
    nodes
}

/// One order with its lines, as a document.
pub fn order(iris: &Iris, order: &OrderDoc) -> Value {
    document(order_nodes(iris, order))
}

/// One line of an order, alone, as a document (what its IRI serves).
pub fn line(iris: &Iris, order: &OrderDoc, variant: i64) -> Option<Value> {
    let position = order.lines.iter().position(|l| l.variant_id == variant)?;
    let nodes = order_nodes(iris, order);
    nodes.into_iter().nth(1 + position).map(|node| document(vec![node]))
}

/// Orders with their lines, as one document.
pub fn orders(iris: &Iris, orders: &[OrderDoc]) -> Value {
    document(orders.iter().flat_map(|o| order_nodes(iris, o)).collect())
}

/// What a platform asks to buy: a sale session and, per variant, how many.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wanted {
    pub cycle_id: i64,
    pub lines: Vec<(i64, i64)>,
}

/// The id an IRI of ours ends with, after `prefix/`.
fn id_after(iri: &str, prefix: &str) -> Option<i64> {
    iri.strip_prefix(prefix)?
        .strip_prefix('/')?
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
}

/// Reads the order a platform posted: one `dfc-b:Order` of one of our sale sessions, whose
/// lines (its `dfc-b:hasPart`, else every order line of the document) each concern an offer of
/// that session, once, for a whole number of units.
pub fn parse_order(iris: &Iris, doc: &Value) -> Result<Wanted, Msg> {
    let graph = Graph::new(doc);
    let mut found = graph.of_type("Order");
    let (Some(order), None) = (found.next(), found.next()) else {
        return Err(Msg::ErrDfcOrder);
    };
    let session = refers_to(prop(order, "belongsTo")).ok_or(Msg::ErrDfcOrderSession)?;
    let cycle_id = id_after(session, &iris.sale_sessions()).ok_or(Msg::ErrDfcOrderSession)?;
    let lines: Vec<_> = match prop(order, "hasPart") {
        Some(Value::Array(parts)) => parts.iter().map(|p| graph.follow(Some(p))).collect(),
        Some(part) => vec![graph.follow(Some(part))],
        None => graph.of_type("OrderLine").map(Some).collect(),
    };
    if lines.is_empty() || lines.len() > MAX_LINES {
        return Err(Msg::ErrDfcOrderLines);
    }
    let offers = iris.sale_session(cycle_id) + "/offers";
    let mut wanted: Vec<(i64, i64)> = Vec::with_capacity(lines.len());
    for line in lines {
        let line = line.ok_or(Msg::ErrDfcOrderLine)?;
        let variant = refers_to(prop(line, "concerns"))
            .and_then(|offer| id_after(offer, &offers))
            .ok_or(Msg::ErrDfcOrderLine)?;
        let quantity = number(prop(line, "quantity"))
            .filter(|q| q.fract() == 0.0 && (1.0..=MAX_LINE_QUANTITY as f64).contains(q))
            .ok_or(Msg::ErrOrderQuantity)? as i64;
        if wanted.iter().any(|(v, _)| *v == variant) {
            return Err(Msg::ErrDfcOrderLine);
        }
        wanted.push((variant, quantity));
    }
    Ok(Wanted {
        cycle_id,
        lines: wanted,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iris() -> Iris {
        Iris::new("https://maillon.test")
    }

    fn posted(session: &str, lines: Value) -> Value {
        let mut graph = vec![json!({
            "@id": "_:o", "@type": "dfc-b:Order", "dfc-b:belongsTo": session,
            "dfc-b:hasPart": lines.as_array().unwrap().iter().enumerate().map(|(i, _)| format!("_:l{i}")).collect::<Vec<_>>(),
        })];
        for (i, l) in lines.as_array().unwrap().iter().enumerate() {
            graph.push(json!({ "@id": format!("_:l{i}"), "@type": "dfc-b:OrderLine",
                "dfc-b:concerns": l[0], "dfc-b:quantity": l[1] }));
        }
        json!({ "@context": super::super::CONTEXT, "@graph": graph })
    }

    const SESSION: &str = "https://maillon.test/dfc/sale-sessions/7";

    #[test]
    fn a_posted_order_names_offers_of_one_session_in_whole_units() {
        let doc = posted(
            SESSION,
            json!([
                [format!("{SESSION}/offers/12"), 3],
                [format!("{SESSION}/offers/40"), "2"]
            ]),
        );
        assert_eq!(
            parse_order(&iris(), &doc),
            Ok(Wanted {
                cycle_id: 7,
                lines: vec![(12, 3), (40, 2)]
            })
        );
        // The full IRI of a property, and a reference as an object, read the same.
        let full = json!({ "@graph": [
            { "@type": "https://github.com/datafoodconsortium/ontology/releases/latest/download/DFC_BusinessOntology.owl#Order",
              "dfc-b:belongsTo": { "@id": SESSION } },
            { "@type": "dfc-b:OrderLine", "dfc-b:concerns": { "@id": format!("{SESSION}/offers/5") },
              "dfc-b:quantity": { "@value": 1 } },
        ]});
        assert_eq!(
            parse_order(&iris(), &full),
            Ok(Wanted {
                cycle_id: 7,
                lines: vec![(5, 1)]
            })
        );
    }

    #[test]
    fn anything_else_is_refused_with_its_reason() {
        let offer = |s: &str, v: i64| format!("{s}/offers/{v}");
        for (doc, msg) in [
            (json!({ "@graph": [] }), Msg::ErrDfcOrder),
            (
                json!([{ "@type": "dfc-b:Order" }, { "@type": "dfc-b:Order" }]),
                Msg::ErrDfcOrder,
            ),
            (
                posted(
                    "https://elsewhere.test/dfc/sale-sessions/7",
                    json!([[offer(SESSION, 1), 1]]),
                ),
                Msg::ErrDfcOrderSession,
            ),
            (
                posted(
                    "https://maillon.test/dfc/sale-sessions/x",
                    json!([[offer(SESSION, 1), 1]]),
                ),
                Msg::ErrDfcOrderSession,
            ),
            (posted(SESSION, json!([])), Msg::ErrDfcOrderLines),
            // An offer of another session, or of a producer's catalogue.
            (
                posted(
                    SESSION,
                    json!([[offer("https://maillon.test/dfc/sale-sessions/8", 1), 1]]),
                ),
                Msg::ErrDfcOrderLine,
            ),
            (
                posted(SESSION, json!([["https://maillon.test/dfc/enterprises/3/offers/1", 1]])),
                Msg::ErrDfcOrderLine,
            ),
            (
                posted(SESSION, json!([[offer(SESSION, 1), 1], [offer(SESSION, 1), 2]])),
                Msg::ErrDfcOrderLine,
            ),
            (posted(SESSION, json!([[offer(SESSION, 1), 0]])), Msg::ErrOrderQuantity),
            (
                posted(SESSION, json!([[offer(SESSION, 1), 1.5]])),
                Msg::ErrOrderQuantity,
            ),
            (
                posted(SESSION, json!([[offer(SESSION, 1), 10_001]])),
                Msg::ErrOrderQuantity,
            ),
            (
                posted(SESSION, json!([[offer(SESSION, 1), "NaN"]])),
                Msg::ErrOrderQuantity,
            ),
        ] {
            assert_eq!(parse_order(&iris(), &doc), Err(msg), "{doc}");
        }
        let many: Vec<Value> = (1..=201).map(|v| json!([offer(SESSION, v), 1])).collect();
        assert_eq!(
            parse_order(&iris(), &posted(SESSION, Value::Array(many))),
            Err(Msg::ErrDfcOrderLines)
        );
    }

    #[test]
    fn an_order_is_written_with_its_lines_and_states() {
        let at = DateTime::parse_from_rfc3339("2026-12-08T09:30:00Z").unwrap().to_utc();
        let sample = OrderDoc {
            id: 41,
            cycle_id: 7,
            created_at: at,
            status: OrderStatus::Confirmed,
            paid: false,
            collected: false,
            lines: vec![LineDoc {
                variant_id: 12,
                label: "Pommes — 1 kg".into(),
                quantity: 3,
                unit_price_cents: 320,
                vat_bp: 550,
            }],
        };
        let doc = order(&iris(), &sample);
        let graph = doc["@graph"].as_array().unwrap();
        assert_eq!(graph.len(), 2);
        assert_eq!(graph[0]["@id"], "https://maillon.test/dfc/orders/41");
        assert_eq!(graph[0]["dfc-b:hasOrderStatus"]["@id"], "dfc-v:Complete");
        assert_eq!(graph[0]["dfc-b:hasPaymentStatus"]["@id"], "dfc-v:Unpaid");
        assert_eq!(graph[0]["dfc-b:date"], "2026-12-08T09:30:00Z");
        assert_eq!(graph[1]["dfc-b:concerns"]["@id"], format!("{SESSION}/offers/12"));
        assert_eq!(graph[1]["dfc-b:hasPrice"]["dfc-b:value"], 3.2);
        // What Maillon writes, it reads back as the same order.
        let alone = line(&iris(), &sample, 12).unwrap();
        assert_eq!(alone["@graph"][0], graph[1]);
        assert_eq!(line(&iris(), &sample, 13), None);
        let again = parse_order(&iris(), &doc).unwrap();
        assert_eq!(
            again,
            Wanted {
                cycle_id: 7,
                lines: vec![(12, 3)]
            }
        );
        assert_eq!(order_state(OrderStatus::PendingPayment), "dfc-v:Held");
        assert_eq!(order_state(OrderStatus::Expired), "dfc-v:Cancelled");
    }
}
