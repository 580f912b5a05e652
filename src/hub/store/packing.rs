//! Packing lists by customer, by place and by product, and the basket checklist.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::ctx::Ctx;

use crate::error::{ServiceError, ServiceResult};
use crate::hub::{OrderForPacking, OrderLine, Packing, by_customer, by_place, by_product};

/// What a confirmed order line hands over (missing units left out), and its label.
struct LineRow {
    order_id: i64,
    variant_id: i64,
    producer_id: i64,
    quantity: i64,
    weight_grams: i32,
    label: String,
}

/// A confirmed order as the packing lists need it.
struct PackingRow {
    id: i64,
    customer_name: String,
    place_name: String,
    address: String,
    slot_start: DateTime<Utc>,
    prepared: bool,
}

/// Packing lists of a cycle by customer, by place and by product, for what will really be
/// handed over (missing units left out). Three queries, then pure grouping.
pub async fn packing(ctx: &Ctx, cycle_id: i64) -> ServiceResult<Packing> {
    let coop_id = ctx.coop_id();
    let mut conn = ctx.pool.acquire().await?;
    let cycle = sqlx::query!(
        r#"SELECT oc.name, c.timezone AS "timezone: crate::time::Zone" FROM order_cycles oc JOIN coops c ON c.id = oc.coop_id
         WHERE oc.coop_id = $1 AND oc.id = $2"#,
        coop_id,
        cycle_id,
    )
    .fetch_optional(&mut *conn)
    .await?;
    let cycle = cycle.ok_or(ServiceError::NotFound)?;
    let (cycle_name, timezone) = (cycle.name, cycle.timezone);
    let rows = sqlx::query_as!(
        LineRow,
        r#"SELECT l.order_id, l.variant_id, p.producer_id, l.quantity - l.missing AS "quantity!", v.weight_grams,
                l.product_name || ' — ' || l.variant_label AS "label!"
         FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN variants v ON v.id = l.variant_id
         JOIN products p ON p.id = v.product_id
         WHERE o.cycle_id = $1 AND o.status = 'confirmed' AND l.quantity > l.missing"#,
        cycle_id,
    )
    .fetch_all(&mut *conn)
    .await?;
    let orders = sqlx::query_as!(
        PackingRow,
        r#"SELECT o.id, CASE WHEN u.display_name = '' THEN u.email ELSE u.display_name END AS "customer_name!",
                coalesce(pp.name, z.name) AS "place_name!",
                CASE WHEN s.zone_id IS NULL THEN '' ELSE concat_ws(', ', o.delivery_address, o.delivery_postcode) END
                    AS "address!",
                s.starts_at AS "slot_start: DateTime<Utc>", o.prepared_at IS NOT NULL AS "prepared!"
         FROM orders o JOIN users u ON u.id = o.user_id JOIN slots s ON s.id = o.slot_id
         LEFT JOIN pickup_points pp ON pp.id = s.pickup_point_id LEFT JOIN delivery_zones z ON z.id = s.zone_id
         WHERE o.cycle_id = $1 AND o.status = 'confirmed'"#,
        cycle_id,
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut labels: HashMap<i64, String> = HashMap::new();
    let lines: Vec<OrderLine> = rows
        .into_iter()
        .map(
            |LineRow {
                 order_id,
                 variant_id,
                 producer_id,
                 quantity,
                 weight_grams,
                 label,
             }| {
                labels.entry(variant_id).or_insert(label);
                OrderLine {
                    order_id,
                    variant_id,
                    producer_id,
                    quantity,
                    pro: false,
                    case_size: 1,
                    unit_price_cents: 0,
                    weight_grams,
                    placed_at: Utc::now(),
                }
            },
        )
        .collect();
    let prepared = orders.iter().filter(|o| o.prepared).map(|o| o.id).collect();
    let orders: Vec<OrderForPacking> = orders
        .into_iter()
        .map(|o| OrderForPacking {
            order_id: o.id,
            customer_name: o.customer_name,
            place_name: o.place_name,
            address: o.address,
            slot_start: o.slot_start,
        })
        .collect();
    let internal = |e: crate::hub::PackingError| ServiceError::Internal(format!("packing: {e:?}"));
    let mut labels: Vec<(i64, String)> = labels.into_iter().collect();
    labels.sort();
    Ok(Packing {
        cycle_id,
        cycle_name,
        timezone,
        baskets: by_customer(&lines, &orders).map_err(internal)?,
        places: by_place(&lines, &orders).map_err(internal)?,
        products: by_product(&lines, &orders).map_err(internal)?,
        labels,
        prepared,
    })
}

/// The basket checklist's last step: the basket is ready (or not any more).
pub async fn set_prepared(ctx: &Ctx, order_id: i64, ready: bool) -> ServiceResult<()> {
    crate::error::found(crate::orders::store::set_prepared(&ctx.pool, ctx.coop_id(), order_id, ready).await?)
}
