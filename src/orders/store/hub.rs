//! The writes the hub asks of orders, so that `orders::store` stays the only writer of orders,
//! their lines and refunds: units missing at reception, an order recounted from what it will
//! really get, delivery points found or placed by hand, a basket prepared or not handed over.
//! Each takes the caller's connection or transaction: locks and atomicity stay the caller's.

use sqlx::{PgConnection, PgExecutor};

use crate::error::ServiceResult;
use crate::geo::Point;

/// Records how many units of a variant each of these orders will miss, as (order, missing).
pub(crate) async fn record_missing(
    conn: &mut PgConnection,
    variant_id: i64,
    changed: &[(i64, i64)],
) -> ServiceResult<()> {
    let orders: Vec<i64> = changed.iter().map(|c| c.0).collect();
    let missing: Vec<i64> = changed.iter().map(|c| c.1).collect();
    sqlx::query!(
        "UPDATE order_lines l SET missing = c.missing
             FROM unnest($2::bigint[], $3::bigint[]) AS c(order_id, missing)
             WHERE l.order_id = c.order_id AND l.variant_id = $1",
        variant_id,
        &orders,
        &missing,
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Recomputes an order's subtotal and total from what its lines will really hand over.
pub(crate) async fn recount(conn: &mut PgConnection, order_id: i64) -> ServiceResult<()> {
    sqlx::query!(
        "UPDATE orders o SET subtotal_cents = s.subtotal, total_cents = s.subtotal + o.fee_cents, updated_at = now()
         FROM (SELECT coalesce(sum(unit_price_cents * (quantity - missing)), 0)::bigint AS subtotal
               FROM order_lines WHERE order_id = $1) s
         WHERE o.id = $1",
        order_id,
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Stores the points the geocoder found for home deliveries, as (order, point), leaving alone
/// those that got a point meanwhile.
pub(crate) async fn locate<'e>(db: impl PgExecutor<'e>, found: &[(i64, Point)]) -> ServiceResult<()> {
    let ids: Vec<i64> = found.iter().map(|f| f.0).collect();
    let lats: Vec<f64> = found.iter().map(|f| f.1.lat).collect();
    let lons: Vec<f64> = found.iter().map(|f| f.1.lon).collect();
    sqlx::query!(
        "UPDATE orders o SET delivery_latitude = x.lat, delivery_longitude = x.lon, delivery_located = 'address'
         FROM unnest($1::bigint[], $2::float8[], $3::float8[]) AS x(id, lat, lon)
         WHERE o.id = x.id AND o.delivery_latitude IS NULL",
        &ids,
        &lats,
        &lons,
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Staff place a home delivery by hand. Returns the order's cycle, or None when there is no
/// such home delivery in the cooperative.
pub(crate) async fn place_by_staff(
    conn: &mut PgConnection,
    coop_id: i64,
    order_id: i64,
    point: Point,
) -> ServiceResult<Option<i64>> {
    Ok(sqlx::query_scalar!(
        r#"UPDATE orders o SET delivery_latitude = $3, delivery_longitude = $4, delivery_located = 'staff',
             updated_at = now()
         FROM slots s WHERE o.coop_id = $1 AND o.id = $2 AND s.id = o.slot_id AND s.zone_id IS NOT NULL
         RETURNING o.cycle_id AS "cycle_id!""#,
        coop_id,
        order_id,
        point.lat,
        point.lon,
    )
    .fetch_optional(&mut *conn)
    .await?)
}

/// The basket did not reach the buyer after all (a stop set back to planned, or failed).
pub(crate) async fn not_handed_over(conn: &mut PgConnection, order_id: i64) -> ServiceResult<()> {
    sqlx::query!(
        "UPDATE orders SET collected_at = NULL, updated_at = now() WHERE id = $1",
        order_id
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The basket checklist's last step: a confirmed order's basket is ready (or not any more).
/// Returns how many orders changed (0: not found, not the cooperative's, or not confirmed).
pub(crate) async fn set_prepared<'e>(
    db: impl PgExecutor<'e>,
    coop_id: i64,
    order_id: i64,
    ready: bool,
) -> ServiceResult<u64> {
    Ok(sqlx::query!(
        "UPDATE orders SET prepared_at = CASE WHEN $3 THEN now() END WHERE coop_id = $1 AND id = $2 AND status = 'confirmed'",
        coop_id,
        order_id,
        ready,
    )
    .execute(db)
    .await?
    .rows_affected())
}
