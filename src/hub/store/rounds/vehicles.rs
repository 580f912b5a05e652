//! The cooperative's vehicles: listed, saved, set aside.

use chrono::NaiveTime;

use crate::ctx::Ctx;

use crate::error::{ServiceError, ServiceResult};
use crate::hub::impact::Vehicle;
use crate::hub::rounds::{VehicleFields, VehicleView};

#[derive(sqlx::FromRow)]
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

pub(super) const VEHICLE_COLUMNS: &str =
    "id, name, kind, capacity_kg, capacity_litres, speed_kmh, shift_start, shift_end, max_trips, active";

/// The cooperative's vehicles, active ones first.
pub async fn vehicles(ctx: &Ctx) -> ServiceResult<Vec<VehicleView>> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    let rows: Vec<VehicleRow> = sqlx::query_as(&format!(
        "SELECT {VEHICLE_COLUMNS} FROM vehicles WHERE coop_id = $1 ORDER BY NOT active, name, id"
    ))
    .bind(coop_id)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(VehicleRow::view).collect())
}

pub async fn save_vehicle(ctx: &Ctx, id: Option<i64>, v: &VehicleFields) -> ServiceResult<i64> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    let query = match id {
        Some(_) => {
            "UPDATE vehicles SET name = $3, kind = $4, capacity_kg = $5, capacity_litres = $6, speed_kmh = $7,
                 shift_start = $8, shift_end = $9, max_trips = $10 WHERE coop_id = $1 AND id = $2 RETURNING id"
        }
        None => {
            "INSERT INTO vehicles (coop_id, name, kind, capacity_kg, capacity_litres, speed_kmh, shift_start,
                 shift_end, max_trips)
             SELECT $1, $3, $4, $5, $6, $7, $8, $9, $10 WHERE $2::bigint IS NULL RETURNING id"
        }
    };
    let saved: Option<i64> = sqlx::query_scalar(query)
        .bind(coop_id)
        .bind(id)
        .bind(&v.name)
        .bind(v.kind.code())
        .bind(v.capacity_kg)
        .bind(v.capacity_litres)
        .bind(v.speed_kmh)
        .bind(v.shift_start)
        .bind(v.shift_end)
        .bind(v.max_trips)
        .fetch_optional(pool)
        .await?;
    saved.ok_or(ServiceError::NotFound)
}

/// Takes a vehicle out of planning (in repair, sold) or brings it back; planned rounds keep it.
pub async fn set_vehicle_active(ctx: &Ctx, id: i64, active: bool) -> ServiceResult<()> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    crate::error::found(
        sqlx::query("UPDATE vehicles SET active = $3 WHERE coop_id = $1 AND id = $2")
            .bind(coop_id)
            .bind(id)
            .bind(active)
            .execute(pool)
            .await?
            .rows_affected(),
    )
}
