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
