//! "Prepare the following week": copying a cycle with its offers and slots.

use chrono::{DateTime, Utc};

use crate::ctx::Ctx;

use crate::error::{ServiceError, ServiceResult};
use crate::i18n::{Locale, Msg};

/// "Prepare the following week": a draft copy of a cycle of the cooperative, its times moved
/// on by whole weeks in the cooperative's zone (see `next_cycle`). It offers the same variants
/// still active and listed, with the same caps and prices, nothing sold; and has the same slots
/// at places still active, with the same capacities, nothing booked. All or nothing.
pub async fn duplicate_cycle(ctx: &Ctx, id: i64, locale: Locale) -> ServiceResult<i64> {
    let (coop_id, now) = (ctx.coop_id(), ctx.now);
    let mut tx = ctx.pool.begin().await?;
    struct Source {
        name: String,
        last_minute: bool,
        opens_at: DateTime<Utc>,
        closes_at: DateTime<Utc>,
        timezone: crate::time::Zone,
    }
    let source = sqlx::query_as!(
        Source,
        r#"SELECT c.name, (c.rescued_from IS NOT NULL) AS "last_minute!", c.opens_at AS "opens_at: DateTime<Utc>", c.closes_at AS "closes_at: DateTime<Utc>", co.timezone AS "timezone: crate::time::Zone"
         FROM order_cycles c JOIN coops co ON co.id = c.coop_id
         WHERE c.coop_id = $1 AND c.id = $2 FOR SHARE OF c"#,
        coop_id,
        id,
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Source {
        name,
        last_minute,
        opens_at,
        closes_at,
        timezone,
    } = source.ok_or(ServiceError::NotFound)?;
    // A last-minute sale's offers are lots at their discount, of goods at the hub: copied, they
    // would sell a producer's goods at that discount.
    if last_minute {
        return Err(ServiceError::invalid(Msg::ErrDuplicateSale));
    }
    let tz = timezone.tz();
    let next = crate::cycles::next_cycle(&name, opens_at, closes_at, now, tz, locale).map_err(ServiceError::invalid)?;
    let copy = sqlx::query_scalar!(
        "INSERT INTO order_cycles (coop_id, name, opens_at, closes_at, status, scheduled)
         VALUES ($1, $2, $3, $4, 'draft', false) RETURNING id",
        coop_id,
        next.name,
        next.opens_at as _,
        next.closes_at as _,
    )
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO cycle_offers (cycle_id, variant_id, coop_id, stock_cap, retail_price_cents, pro_price_cents)
         SELECT $3, o.variant_id, o.coop_id, o.stock_cap, o.retail_price_cents, o.pro_price_cents
         FROM cycle_offers o JOIN variants v ON v.id = o.variant_id JOIN products p ON p.id = v.product_id
         WHERE o.cycle_id = $2 AND o.coop_id = $1 AND p.coop_id = $1 AND p.listed AND v.active",
        coop_id,
        id,
        copy,
    )
    .execute(&mut *tx)
    .await?;
    struct SlotCopy {
        pickup_point_id: Option<i64>,
        zone_id: Option<i64>,
        starts_at: DateTime<Utc>,
        ends_at: DateTime<Utc>,
        capacity: i32,
    }
    let slots = sqlx::query_as!(
        SlotCopy,
        r#"SELECT s.pickup_point_id, s.zone_id, s.starts_at AS "starts_at: DateTime<Utc>",
                s.ends_at AS "ends_at: DateTime<Utc>", s.capacity
         FROM slots s LEFT JOIN pickup_points pp ON pp.id = s.pickup_point_id LEFT JOIN delivery_zones z ON z.id = s.zone_id
         WHERE s.cycle_id = $2 AND s.coop_id = $1 AND coalesce(pp.active, z.active)
         ORDER BY s.starts_at, s.id"#,
        coop_id,
        id,
    )
    .fetch_all(&mut *tx)
    .await?;
    let windows: Vec<_> = slots
        .iter()
        .map(|s| crate::cycles::shift_window(s.starts_at, s.ends_at, next.weeks, tz))
        .collect();
    let points: Vec<Option<i64>> = slots.iter().map(|s| s.pickup_point_id).collect();
    let zones: Vec<Option<i64>> = slots.iter().map(|s| s.zone_id).collect();
    let starts: Vec<DateTime<Utc>> = windows.iter().map(|w| w.0).collect();
    let ends: Vec<DateTime<Utc>> = windows.iter().map(|w| w.1).collect();
    let capacities: Vec<i32> = slots.iter().map(|s| s.capacity).collect();
    sqlx::query!(
        "INSERT INTO slots (coop_id, cycle_id, pickup_point_id, zone_id, starts_at, ends_at, capacity)
         SELECT $1, $2, s.point, s.zone, s.starts, s.ends, s.capacity
         FROM unnest($3::bigint[], $4::bigint[], $5::timestamptz[], $6::timestamptz[], $7::int[])
             WITH ORDINALITY AS s(point, zone, starts, ends, capacity, n)
         ORDER BY s.n",
        coop_id,
        copy,
        &points as _,
        &zones as _,
        &starts as _,
        &ends as _,
        &capacities,
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(copy)
}
