//! The cooperative's pickup points and delivery zones.

use crate::ctx::Ctx;

use crate::cycles::{DeliveryZone, PickupPoint, PickupPointFields, Place, ZoneFields};
use crate::error::{ServiceError, ServiceResult};
use crate::i18n::Msg;

struct PointRow {
    id: i64,
    name: String,
    kind: String,
    address: String,
    instructions: String,
    latitude: f64,
    longitude: f64,
    active: bool,
}

struct ZoneRow {
    id: i64,
    name: String,
    postcodes: Vec<String>,
    fee_cents: i64,
    minimum_cents: i64,
    active: bool,
    latitude: Option<f64>,
    longitude: Option<f64>,
}

impl ZoneRow {
    fn zone(self) -> DeliveryZone {
        DeliveryZone {
            id: self.id,
            name: self.name,
            postcodes: self.postcodes,
            fee_cents: self.fee_cents,
            minimum_cents: self.minimum_cents,
            active: self.active,
            centre: self
                .latitude
                .zip(self.longitude)
                .map(|(lat, lon)| crate::geo::Point { lat, lon }),
        }
    }
}

/// One delivery zone of the cooperative.
pub async fn zone(conn: &mut sqlx::PgConnection, coop_id: i64, zone_id: i64) -> ServiceResult<DeliveryZone> {
    let row = sqlx::query_as!(
        ZoneRow,
        "SELECT id, name, postcodes, fee_cents, minimum_cents, active, latitude, longitude
         FROM delivery_zones WHERE coop_id = $1 AND id = $2",
        coop_id,
        zone_id,
    )
    .fetch_optional(conn)
    .await?;
    Ok(row.ok_or(ServiceError::NotFound)?.zone())
}

/// The cooperative's pickup points and delivery zones, active ones first.
pub async fn places(ctx: &Ctx) -> ServiceResult<(Vec<PickupPoint>, Vec<DeliveryZone>)> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    let points = sqlx::query_as!(
        PointRow,
        "SELECT id, name, kind, address, instructions, latitude, longitude, active FROM pickup_points
         WHERE coop_id = $1 ORDER BY NOT active, name, id",
        coop_id,
    )
    .fetch_all(pool)
    .await?;
    let zones = sqlx::query_as!(
        ZoneRow,
        "SELECT id, name, postcodes, fee_cents, minimum_cents, active, latitude, longitude
         FROM delivery_zones WHERE coop_id = $1 ORDER BY NOT active, name, id",
        coop_id,
    )
    .fetch_all(pool)
    .await?;
    Ok((
        points
            .into_iter()
            .map(|p| PickupPoint {
                id: p.id,
                name: p.name,
                kind: p.kind,
                address: p.address,
                instructions: p.instructions,
                latitude: p.latitude,
                longitude: p.longitude,
                active: p.active,
            })
            .collect(),
        zones.into_iter().map(ZoneRow::zone).collect(),
    ))
}

pub async fn save_pickup_point(ctx: &Ctx, id: Option<i64>, p: &PickupPointFields) -> ServiceResult<i64> {
    let coop_id = ctx.coop_id();
    let saved = match id {
        Some(id) => {
            sqlx::query_scalar!(
                "UPDATE pickup_points SET name = $3, kind = $4, address = $5, instructions = $6, latitude = $7,
                     longitude = $8 WHERE coop_id = $1 AND id = $2 RETURNING id",
                coop_id,
                id,
                p.name,
                p.kind,
                p.address,
                p.instructions,
                p.latitude,
                p.longitude,
            )
            .fetch_optional(&ctx.pool)
            .await?
        }
        None => {
            sqlx::query_scalar!(
                "INSERT INTO pickup_points (coop_id, name, kind, address, instructions, latitude, longitude)
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                coop_id,
                p.name,
                p.kind,
                p.address,
                p.instructions,
                p.latitude,
                p.longitude,
            )
            .fetch_optional(&ctx.pool)
            .await?
        }
    };
    saved.ok_or(ServiceError::NotFound)
}

/// Saves a pickup point; one typed without coordinates is first placed from its address by the
/// geocoder, before any database connection is taken (and for at most a few seconds). Typed
/// coordinates win. Rounds need every point placed, so one the geocoder cannot place, or with no
/// geocoder configured, is refused with a message asking for its coordinates. Returns the
/// point's id and where the geocoder placed it, if it did.
pub async fn save_pickup_point_at_address(
    ctx: &Ctx,
    id: Option<i64>,
    draft: crate::cycles::PickupPointDraft,
    geocoder: Option<&crate::geo::geocode::Geocoder>,
) -> ServiceResult<(i64, Option<crate::geo::Point>)> {
    let (position, located) = match draft.position {
        Some(typed) => (typed, None),
        None => {
            let geocoder = geocoder.ok_or(ServiceError::field("latitude", Msg::ErrPointNeedsCoordinates))?;
            let found = geocoder.locate_briefly(&draft.address, "a pickup point").await;
            let found = found.ok_or(ServiceError::field("address", Msg::ErrPointNotLocated))?;
            (found, Some(found))
        }
    };
    let id = save_pickup_point(ctx, id, &draft.at(position)).await?;
    Ok((id, located))
}

pub async fn save_zone(ctx: &Ctx, id: Option<i64>, z: &ZoneFields) -> ServiceResult<i64> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    let (latitude, longitude) = (z.centre.map(|c| c.lat), z.centre.map(|c| c.lon));
    let saved = match id {
        Some(id) => {
            sqlx::query_scalar!(
                "UPDATE delivery_zones SET name = $3, postcodes = $4, fee_cents = $5, minimum_cents = $6, latitude = $7,
                     longitude = $8 WHERE coop_id = $1 AND id = $2 RETURNING id",
                coop_id,
                id,
                z.name,
                &z.postcodes,
                z.fee_cents,
                z.minimum_cents,
                latitude,
                longitude,
            )
            .fetch_optional(pool)
            .await?
        }
        None => {
            sqlx::query_scalar!(
                "INSERT INTO delivery_zones (coop_id, name, postcodes, fee_cents, minimum_cents, latitude, longitude)
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                coop_id,
                z.name,
                &z.postcodes,
                z.fee_cents,
                z.minimum_cents,
                latitude,
                longitude,
            )
            .fetch_optional(pool)
            .await?
        }
    };
    saved.ok_or(ServiceError::NotFound)
}

/// Withdraws a place from new slots, or brings it back; existing slots keep it.
pub async fn set_place_active(ctx: &Ctx, place: Place, active: bool) -> ServiceResult<()> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    let updated = match place {
        Place::Pickup(id) => {
            sqlx::query!(
                "UPDATE pickup_points SET active = $3 WHERE coop_id = $1 AND id = $2",
                coop_id,
                id,
                active,
            )
            .execute(pool)
            .await?
        }
        Place::Delivery(id) => {
            sqlx::query!(
                "UPDATE delivery_zones SET active = $3 WHERE coop_id = $1 AND id = $2",
                coop_id,
                id,
                active,
            )
            .execute(pool)
            .await?
        }
    };
    crate::error::found(updated.rows_affected())
}
