//! A cycle's pickup and delivery slots.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use super::*;
use crate::ctx::Ctx;
use crate::cycles::{Place, SlotFields, SlotView};
use crate::error::{ServiceError, ServiceResult};
use crate::i18n::Msg;

struct SlotRow {
    id: i64,
    pickup_point_id: Option<i64>,
    zone_id: Option<i64>,
    place_name: String,
    address: String,
    instructions: String,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    capacity: i32,
    booked: i32,
    fee_cents: i64,
    minimum_cents: i64,
}

impl From<SlotRow> for SlotView {
    fn from(r: SlotRow) -> Self {
        SlotView {
            id: r.id,
            place: match (r.pickup_point_id, r.zone_id) {
                (Some(p), _) => Place::Pickup(p),
                (None, z) => Place::Delivery(z.unwrap_or_default()),
            },
            place_name: r.place_name,
            address: r.address,
            instructions: r.instructions,
            starts_at: r.starts_at,
            ends_at: r.ends_at,
            capacity: r.capacity,
            booked: r.booked,
            fee_cents: r.fee_cents,
            minimum_cents: r.minimum_cents,
        }
    }
}

/// `sqlx::query_as!` reading [`SlotRow`]s: a slot with its place, then `$rest` (the conditions
/// and order), checked at build time like any literal query.
macro_rules! select_slots {
    ($rest:literal $(, $arg:expr)* $(,)?) => {
        sqlx::query_as!(
            SlotRow,
            r#"SELECT s.id, s.pickup_point_id, s.zone_id,
        coalesce(pp.name, z.name) AS "place_name!", coalesce(pp.address, '') AS "address!",
        coalesce(pp.instructions, '') AS "instructions!", s.starts_at AS "starts_at: DateTime<Utc>",
        s.ends_at AS "ends_at: DateTime<Utc>", s.capacity, s.booked,
        coalesce(z.fee_cents, 0) AS "fee_cents!", coalesce(z.minimum_cents, 0) AS "minimum_cents!"
    FROM slots s LEFT JOIN pickup_points pp ON pp.id = s.pickup_point_id LEFT JOIN delivery_zones z ON z.id = s.zone_id "#
                + $rest,
            $($arg),*
        )
    };
}

pub async fn slots(conn: &mut PgConnection, cycle_id: i64) -> ServiceResult<Vec<SlotView>> {
    let rows = select_slots!(
        "WHERE s.cycle_id = $1 ORDER BY s.starts_at, coalesce(pp.name, z.name), s.id",
        cycle_id
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// A slot of this cycle, or None when it belongs to another.
pub async fn cycle_slot(conn: &mut PgConnection, cycle_id: i64, slot_id: i64) -> ServiceResult<Option<SlotView>> {
    let row = select_slots!("WHERE s.id = $1 AND s.cycle_id = $2", slot_id, cycle_id)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(Into::into))
}

pub async fn slot(conn: &mut PgConnection, slot_id: i64) -> ServiceResult<SlotView> {
    let row = select_slots!("WHERE s.id = $1", slot_id).fetch_optional(conn).await?;
    row.map(Into::into).ok_or(ServiceError::NotFound)
}

pub async fn add_slot(ctx: &Ctx, cycle_id: i64, fields: &SlotFields) -> ServiceResult<i64> {
    let coop_id = ctx.coop_id();
    let mut tx = ctx.pool.begin().await?;
    editable_cycle(&mut tx, coop_id, cycle_id).await?;
    let (point, zone) = match fields.place {
        Place::Pickup(id) => (Some(id), None),
        Place::Delivery(id) => (None, Some(id)),
    };
    let known = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM pickup_points WHERE coop_id = $1 AND id = $2 AND active)
             OR EXISTS (SELECT 1 FROM delivery_zones WHERE coop_id = $1 AND id = $3 AND active) AS "known!""#,
        coop_id,
        point,
        zone,
    )
    .fetch_one(&mut *tx)
    .await?;
    if !known {
        return Err(ServiceError::field("place", Msg::ErrChoosePlace));
    }
    let id = sqlx::query_scalar!(
        "INSERT INTO slots (coop_id, cycle_id, pickup_point_id, zone_id, starts_at, ends_at, capacity)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        coop_id,
        cycle_id,
        point,
        zone,
        fields.starts_at as _,
        fields.ends_at as _,
        fields.capacity,
    )
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Removes a slot nobody booked.
pub async fn delete_slot(ctx: &Ctx, slot_id: i64) -> ServiceResult<()> {
    let coop_id = ctx.coop_id();
    let mut tx = ctx.pool.begin().await?;
    let row = sqlx::query!(
        "SELECT cycle_id, booked FROM slots WHERE coop_id = $1 AND id = $2 FOR UPDATE",
        coop_id,
        slot_id
    )
    .fetch_optional(&mut *tx)
    .await?;
    let (cycle_id, booked) = row.map(|r| (r.cycle_id, r.booked)).ok_or(ServiceError::NotFound)?;
    editable_cycle(&mut tx, coop_id, cycle_id).await?;
    let used = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM orders WHERE slot_id = $1) AS "used!""#,
        slot_id
    )
    .fetch_one(&mut *tx)
    .await?;
    if booked > 0 || used {
        return Err(ServiceError::invalid(Msg::ErrSlotHasOrders));
    }
    sqlx::query!("DELETE FROM slots WHERE id = $1", slot_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
