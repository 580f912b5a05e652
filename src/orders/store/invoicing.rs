//! What the ledger invoices when a cycle is delivered: its confirmed orders as delivered (units
//! missing at reception left out), with their buyer. Read here so that `orders::store` stays
//! the only reader of orders' rows.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use crate::error::ServiceResult;

/// A line as delivered: units missing at reception left out.
#[derive(Clone, Debug)]
pub struct DeliveredLine {
    /// The product and its variant, "Miel — Pot · 250 g".
    pub description: String,
    pub quantity: i64,
    pub unit_price_cents: i64,
    pub vat_bp: i32,
}

/// A confirmed order of a delivered cycle, as its invoice states it.
#[derive(Clone, Debug)]
pub struct Delivered {
    pub order_id: i64,
    pub buyer_user_id: i64,
    /// The shop's name for a business buyer, else the person's name (or email).
    pub buyer_name: String,
    /// The shop's address, or the delivery address of a home delivery; else empty.
    pub buyer_address: String,
    pub buyer_siren: String,
    /// Bought at trade prices by a shop.
    pub business: bool,
    pub paid_by_card: bool,
    /// When the basket was to be collected or delivered: the date of sale.
    pub handed_over_at: DateTime<Utc>,
    pub fee_cents: i64,
    pub lines: Vec<DeliveredLine>,
}

/// The cycle's confirmed orders with what they really got, by order id, except `skip`
/// (orders already invoiced).
pub(crate) async fn delivered_orders(
    conn: &mut PgConnection,
    cycle_id: i64,
    skip: &[i64],
) -> ServiceResult<Vec<Delivered>> {
    let orders = sqlx::query!(
        r#"SELECT o.id, o.user_id, o.pricing = 'pro' AS "business!", o.payment_method = 'card' AS "card!",
                  s.starts_at AS "starts_at: DateTime<Utc>", o.fee_cents,
                  coalesce(sh.name, CASE WHEN u.display_name = '' THEN u.email ELSE u.display_name END) AS "buyer_name!",
                  coalesce(sh.address, CASE WHEN o.delivery_address = '' THEN ''
                       ELSE o.delivery_address || CASE WHEN o.delivery_postcode = '' THEN '' ELSE ', ' || o.delivery_postcode END END)
                      AS "buyer_address!",
                  coalesce(sh.siren, '') AS "buyer_siren!"
           FROM orders o
           JOIN users u ON u.id = o.user_id
           JOIN slots s ON s.id = o.slot_id
           LEFT JOIN LATERAL (SELECT name, address, siren FROM shops
                              WHERE coop_id = o.coop_id AND user_id = o.user_id AND o.pricing = 'pro'
                              ORDER BY id LIMIT 1) sh ON true
           WHERE o.cycle_id = $1 AND o.status = 'confirmed' AND NOT (o.id = ANY($2))
           ORDER BY o.id"#,
        cycle_id,
        skip,
    )
    .fetch_all(&mut *conn)
    .await?;
    let lines = sqlx::query!(
        "SELECT l.order_id, l.product_name, l.variant_label, l.quantity - l.missing AS \"quantity!\",
                l.unit_price_cents, l.vat_bp
         FROM order_lines l JOIN orders o ON o.id = l.order_id
         WHERE o.cycle_id = $1 AND o.status = 'confirmed' AND l.quantity > l.missing
         ORDER BY l.order_id, l.product_name, l.variant_label",
        cycle_id,
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut lines = lines.into_iter().peekable();
    let mut delivered = Vec::with_capacity(orders.len());
    for o in orders {
        let mut of_order = Vec::new();
        while let Some(l) = lines.peek() {
            if l.order_id > o.id {
                break;
            }
            let l = lines.next().expect("peeked");
            if l.order_id == o.id {
                of_order.push(DeliveredLine {
                    description: if l.variant_label.is_empty() {
                        l.product_name
                    } else {
                        format!("{} — {}", l.product_name, l.variant_label)
                    },
                    quantity: l.quantity,
                    unit_price_cents: l.unit_price_cents,
                    vat_bp: l.vat_bp,
                });
            }
        }
        delivered.push(Delivered {
            order_id: o.id,
            buyer_user_id: o.user_id,
            buyer_name: o.buyer_name,
            buyer_address: o.buyer_address,
            buyer_siren: o.buyer_siren,
            business: o.business,
            paid_by_card: o.card,
            handed_over_at: o.starts_at,
            fee_cents: o.fee_cents,
            lines: of_order,
        });
    }
    Ok(delivered)
}
