//! Last-minute sales: an order cycle opened at once for a few hours, selling what is left of
//! another cycle at the hub, with one pickup slot the same day. The anti-waste desk
//! (`rescue`) decides what goes on sale; this module writes the cycle, its offers and slot.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use crate::ctx::Ctx;
use crate::error::ServiceResult;

/// A sale's slot takes at most this many orders.
const SALE_ORDERS: i32 = 1_000;

/// Locks the cycle `source` (so that sales of its goods are opened one at a time) and returns
/// its sale still on at `now`, if any: (id, sale end, pickup end).
pub async fn lock_sale_of(
    conn: &mut PgConnection,
    coop_id: i64,
    source: i64,
    now: DateTime<Utc>,
) -> ServiceResult<Option<(i64, DateTime<Utc>, DateTime<Utc>)>> {
    sqlx::query!(
        "SELECT id FROM order_cycles WHERE coop_id = $1 AND id = $2 FOR UPDATE",
        coop_id,
        source
    )
    .fetch_optional(&mut *conn)
    .await?;
    Ok(open_sales(conn, coop_id, now)
        .await?
        .into_iter()
        .rev()
        .find(|(_, from, _, _)| *from == source)
        .map(|(id, _, sale_until, pickup_until)| (id, sale_until, pickup_until)))
}

/// The sales still on, with the cycle their goods come from: (id, source, sale end, pickup end).
pub async fn open_sales(
    conn: &mut PgConnection,
    coop_id: i64,
    now: DateTime<Utc>,
) -> ServiceResult<Vec<(i64, i64, DateTime<Utc>, DateTime<Utc>)>> {
    Ok(sqlx::query!(
        r#"SELECT c.id, c.rescued_from AS "source!", c.closes_at AS "closes_at: DateTime<Utc>",
                  max(s.ends_at) AS "pickup_until!: DateTime<Utc>"
           FROM order_cycles c JOIN slots s ON s.cycle_id = c.id
           WHERE c.coop_id = $1 AND c.rescued_from IS NOT NULL AND c.status = 'open' AND c.closes_at > $2
           GROUP BY c.id ORDER BY c.closes_at, c.id"#,
        coop_id,
        now as _,
    )
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|r| (r.id, r.source, r.closes_at, r.pickup_until))
    .collect())
}

/// Opens a sale of `source`'s goods now until `sale_until`, collected at an active pickup point
/// of the cooperative until `pickup_until`, and tells the members who asked to know when a
/// cycle opens (queued in the caller's transaction). None when the pickup point is not one.
pub async fn open_sale(
    conn: &mut PgConnection,
    ctx: &Ctx,
    source: i64,
    name: &str,
    (sale_until, pickup_until): (DateTime<Utc>, DateTime<Utc>),
    pickup_point_id: i64,
) -> ServiceResult<Option<i64>> {
    let (coop_id, now) = (ctx.coop_id(), ctx.now);
    let usable = sqlx::query_scalar!(
        "SELECT id FROM pickup_points WHERE coop_id = $1 AND id = $2 AND active",
        coop_id,
        pickup_point_id
    )
    .fetch_optional(&mut *conn)
    .await?;
    if usable.is_none() {
        return Ok(None);
    }
    let id = sqlx::query_scalar!(
        "INSERT INTO order_cycles (coop_id, name, opens_at, closes_at, status, opened_at, rescued_from)
         VALUES ($1, $2, $3, $4, 'open', $3, $5) RETURNING id",
        coop_id,
        name,
        now as _,
        sale_until as _,
        source,
    )
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query!(
        "INSERT INTO slots (coop_id, cycle_id, pickup_point_id, starts_at, ends_at, capacity)
         VALUES ($1, $2, $3, $4, $5, $6)",
        coop_id,
        id,
        pickup_point_id,
        now as _,
        pickup_until as _,
        SALE_ORDERS,
    )
    .execute(&mut *conn)
    .await?;
    // Members who asked to be told when a cycle opens are told of the sale too.
    super::notifications::notify_opening(conn, id, ctx.base_url()).await?;
    Ok(Some(id))
}

/// Offers `units` of a variant in a sale at `price_cents` for everyone. False when the sale
/// already offers it.
pub async fn offer_in_sale(
    conn: &mut PgConnection,
    coop_id: i64,
    sale: i64,
    variant_id: i64,
    units: i64,
    price_cents: i64,
    already_paid: bool,
) -> ServiceResult<bool> {
    Ok(sqlx::query!(
        "INSERT INTO cycle_offers (cycle_id, variant_id, coop_id, stock_cap, retail_price_cents, pro_price_cents, already_paid)
         VALUES ($1, $2, $3, $4, $5, $5, $6) ON CONFLICT DO NOTHING",
        sale,
        variant_id,
        coop_id,
        units,
        price_cents,
        already_paid,
    )
    .execute(conn)
    .await?
    .rows_affected()
        == 1)
}
