//! What the ledger needs when a cycle is delivered: its confirmed orders as delivered (units
//! missing at reception left out) with their buyer, to invoice them, and what each producer
//! sold, for their statements. Read here so that `orders::store` stays the only reader of
//! orders' rows.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use crate::error::ServiceResult;

/// A line's product and variant as a document names them: "Miel — Pot · 250 g".
pub(crate) fn describe(product: String, variant: &str) -> String {
    if variant.is_empty() {
        product
    } else {
        format!("{product} — {variant}")
    }
}

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
           -- A shopkeeper's first shop, joined by hash: one pass over shops, not one per order.
           LEFT JOIN (SELECT DISTINCT ON (user_id) user_id, name, address, siren FROM shops
                      WHERE coop_id = (SELECT coop_id FROM order_cycles WHERE id = $1) ORDER BY user_id, id) sh
                  ON sh.user_id = o.user_id AND o.pricing = 'pro'
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
                    description: describe(l.product_name, &l.variant_label),
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

/// What a delivered cycle sold of one variant at one price, for its producer's statement.
#[derive(Clone, Debug)]
pub struct SoldVariant {
    pub producer_id: i64,
    pub farm_name: String,
    pub category: crate::catalogue::Category,
    /// "Miel — Pot · 250 g".
    pub description: String,
    pub unit_price_cents: i64,
    pub vat_bp: i32,
    pub ordered: i64,
    /// Ordered minus missing at reception.
    pub delivered: i64,
}

/// The cycle's name, and its confirmed orders summed per producer, variant and price paid
/// (retail and trade prices apart), by producer. A last-minute sale's offers of baskets nobody
/// collected are left out: their producer was paid by the cycle they came from.
pub(crate) async fn sold_by_producer(
    conn: &mut PgConnection,
    cycle_id: i64,
) -> ServiceResult<(String, Vec<SoldVariant>)> {
    let cycle_name = sqlx::query_scalar!("SELECT name FROM order_cycles WHERE id = $1", cycle_id)
        .fetch_one(&mut *conn)
        .await?;
    let rows = sqlx::query!(
        r#"SELECT p.producer_id, f.farm_name, p.category AS "category: crate::catalogue::Category", l.product_name, l.variant_label, l.unit_price_cents, l.vat_bp,
                  sum(l.quantity)::bigint AS "ordered!", sum(l.quantity - l.missing)::bigint AS "delivered!"
           FROM order_lines l
           JOIN orders o ON o.id = l.order_id
           JOIN variants v ON v.id = l.variant_id
           JOIN products p ON p.id = v.product_id
           JOIN producers f ON f.id = p.producer_id
           WHERE o.cycle_id = $1 AND o.status = 'confirmed'
             AND NOT EXISTS (SELECT 1 FROM cycle_offers co
                             WHERE co.cycle_id = o.cycle_id AND co.variant_id = l.variant_id AND co.already_paid)
           GROUP BY p.producer_id, f.farm_name, p.category, l.variant_id, l.product_name, l.variant_label, l.unit_price_cents, l.vat_bp
           ORDER BY p.producer_id, l.product_name, l.variant_label, l.unit_price_cents"#,
        cycle_id,
    )
    .fetch_all(&mut *conn)
    .await?;
    let sold = rows
        .into_iter()
        .map(|r| SoldVariant {
            producer_id: r.producer_id,
            farm_name: r.farm_name,
            category: r.category,
            description: describe(r.product_name, &r.variant_label),
            unit_price_cents: r.unit_price_cents,
            vat_bp: r.vat_bp,
            ordered: r.ordered,
            delivered: r.delivered,
        })
        .collect();
    Ok((cycle_name, sold))
}
