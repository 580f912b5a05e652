//! The cooperative's vehicles: listed, saved, set aside.

use chrono::NaiveTime;

use crate::ctx::Ctx;

use crate::error::{ServiceError, ServiceResult};
use crate::hub::impact::Vehicle;
use crate::hub::rounds::{VehicleFields, VehicleView};

/// A vehicle as stored; read by the queries below and by planning and the rounds page, each
/// selecting the same columns.
pub(super) struct VehicleRow {
    pub(super) id: i64,
    pub(super) name: String,
    pub(super) kind: Vehicle,
    pub(super) capacity_kg: i32,
    pub(super) capacity_litres: i32,
    pub(super) speed_kmh: i32,
    pub(super) shift_start: NaiveTime,
    pub(super) shift_end: NaiveTime,
    pub(super) max_trips: i32,
    pub(super) active: bool,
}

impl VehicleRow {
    pub(super) fn view(self) -> VehicleView {
        VehicleView {
            id: self.id,
            fields: VehicleFields {
                name: self.name,
                kind: self.kind,
                capacity_kg: self.capacity_kg,
                capacity_litres: self.capacity_litres,
                speed_kmh: self.speed_kmh,
                shift_start: self.shift_start,
                shift_end: self.shift_end,
                max_trips: self.max_trips,
            },
            active: self.active,
        }
    }
}

/// The cooperative's vehicles, active ones first.
pub async fn vehicles(ctx: &Ctx) -> ServiceResult<Vec<VehicleView>> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    let rows = sqlx::query_as!(
        VehicleRow,
        r#"SELECT id, name, kind AS "kind: Vehicle", capacity_kg, capacity_litres, speed_kmh,
                shift_start AS "shift_start: NaiveTime", shift_end AS "shift_end: NaiveTime", max_trips, active
         FROM vehicles WHERE coop_id = $1 ORDER BY NOT active, name, id"#,
        coop_id,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(VehicleRow::view).collect())
}

pub async fn save_vehicle(ctx: &Ctx, id: Option<i64>, v: &VehicleFields) -> ServiceResult<i64> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    // `as _` on times: the macros would take `time`'s type for them; ours are chrono's.
    let saved = match id {
        Some(id) => {
            sqlx::query_scalar!(
                "UPDATE vehicles SET name = $3, kind = $4, capacity_kg = $5, capacity_litres = $6, speed_kmh = $7,
                     shift_start = $8, shift_end = $9, max_trips = $10 WHERE coop_id = $1 AND id = $2 RETURNING id",
                coop_id,
                id,
                v.name,
                v.kind.code(),
                v.capacity_kg,
                v.capacity_litres,
                v.speed_kmh,
                v.shift_start as _,
                v.shift_end as _,
                v.max_trips,
            )
            .fetch_optional(pool)
            .await?
        }
        None => {
            sqlx::query_scalar!(
                "INSERT INTO vehicles (coop_id, name, kind, capacity_kg, capacity_litres, speed_kmh, shift_start,
                     shift_end, max_trips)
                 SELECT $1, $3, $4, $5, $6, $7, $8, $9, $10 WHERE $2::bigint IS NULL RETURNING id",
                coop_id,
                id,
                v.name,
                v.kind.code(),
                v.capacity_kg,
                v.capacity_litres,
                v.speed_kmh,
                v.shift_start as _,
                v.shift_end as _,
                v.max_trips,
            )
            .fetch_optional(pool)
            .await?
        }
    };
    saved.ok_or(ServiceError::NotFound)
}

/// Takes a vehicle out of planning (in repair, sold) or brings it back; planned rounds keep it.
pub async fn set_vehicle_active(ctx: &Ctx, id: i64, active: bool) -> ServiceResult<()> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    crate::error::found(
        sqlx::query!(
            "UPDATE vehicles SET active = $3 WHERE coop_id = $1 AND id = $2",
            coop_id,
            id,
            active
        )
        .execute(pool)
        .await?
        .rows_affected(),
    )
}
