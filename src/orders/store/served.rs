//! What the territory's figures need of a set of delivered cycles: how many orders were
//! served, to how many households, from how many producers, and the weight handed over.
//! Counts only, never who: the transparency context publishes them.

use sqlx::PgConnection;

use crate::error::ServiceResult;

/// Confirmed orders of the cycles with something delivered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Served {
    pub orders: i64,
    /// Distinct buyers over all the cycles given.
    pub households: i64,
    /// Distinct producers with something delivered.
    pub producers: i64,
    /// Units delivered (missing ones left out) times their variant's weight.
    pub delivered_grams: i64,
}

pub async fn served(conn: &mut PgConnection, coop_id: i64, cycle_ids: &[i64]) -> ServiceResult<Served> {
    let r = sqlx::query!(
        r#"SELECT count(DISTINCT o.id) AS "orders!", count(DISTINCT o.user_id) AS "households!",
                  count(DISTINCT p.producer_id) AS "producers!",
                  coalesce(sum((l.quantity - l.missing)::bigint * v.weight_grams), 0)::bigint AS "grams!"
           FROM orders o JOIN order_lines l ON l.order_id = o.id AND l.quantity > l.missing
           JOIN variants v ON v.id = l.variant_id JOIN products p ON p.id = v.product_id
           WHERE o.coop_id = $1 AND o.cycle_id = ANY($2) AND o.status = 'confirmed'"#,
        coop_id,
        cycle_ids,
    )
    .fetch_one(conn)
    .await?;
    Ok(Served {
        orders: r.orders,
        households: r.households,
        producers: r.producers,
        delivered_grams: r.grams,
    })
}

/// The cycle's confirmed orders, by id (to find what else refers to them, never who placed them).
pub async fn confirmed_order_ids(conn: &mut PgConnection, coop_id: i64, cycle_id: i64) -> ServiceResult<Vec<i64>> {
    Ok(sqlx::query_scalar!(
        "SELECT id FROM orders WHERE coop_id = $1 AND cycle_id = $2 AND status = 'confirmed' ORDER BY id",
        coop_id,
        cycle_id
    )
    .fetch_all(conn)
    .await?)
}

/// What went where in a cycle, for the value chains: per producer, product category and
/// destination (a pickup point's address, or a delivery zone's name), the weight and the
/// price of what was delivered, and to how many households. Counts only, never who.
#[derive(Clone, Debug, PartialEq)]
pub struct FlowFacts {
    pub producer_id: i64,
    pub producer_town: String,
    pub producer_at: Option<crate::geo::Point>,
    pub category: String,
    pub pickup_address: Option<String>,
    pub zone_name: Option<String>,
    pub grams: i64,
    pub cents: i64,
    pub households: i64,
}

pub async fn cycle_flows(conn: &mut PgConnection, coop_id: i64, cycle_id: i64) -> ServiceResult<Vec<FlowFacts>> {
    let rows = sqlx::query!(
        r#"SELECT p.producer_id, pr.town, pr.latitude, pr.longitude, p.category, pp.address AS "pickup_address?",
                  z.name AS "zone_name?",
                  sum((l.quantity - l.missing)::bigint * v.weight_grams)::bigint AS "grams!",
                  sum((l.quantity - l.missing)::bigint * l.unit_price_cents)::bigint AS "cents!",
                  count(DISTINCT o.user_id) AS "households!"
           FROM orders o JOIN order_lines l ON l.order_id = o.id AND l.quantity > l.missing
           JOIN variants v ON v.id = l.variant_id JOIN products p ON p.id = v.product_id
           JOIN producers pr ON pr.id = p.producer_id JOIN slots s ON s.id = o.slot_id
           LEFT JOIN pickup_points pp ON pp.id = s.pickup_point_id LEFT JOIN delivery_zones z ON z.id = s.zone_id
           WHERE o.coop_id = $1 AND o.cycle_id = $2 AND o.status = 'confirmed'
           GROUP BY p.producer_id, pr.town, pr.latitude, pr.longitude, p.category, pp.address, z.name"#,
        coop_id,
        cycle_id,
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| FlowFacts {
            producer_id: r.producer_id,
            producer_town: r.town,
            producer_at: r
                .latitude
                .zip(r.longitude)
                .map(|(lat, lon)| crate::geo::Point { lat, lon }),
            category: r.category,
            pickup_address: r.pickup_address,
            zone_name: r.zone_name,
            grams: r.grams,
            cents: r.cents,
            households: r.households,
        })
        .collect())
}
