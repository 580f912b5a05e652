//! What a cycle's rounds must serve: its home deliveries and its collections from producers (how
//! each producer brings their goods), with the cycle, its depot and its days.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use sqlx::PgConnection;

use crate::ctx::Ctx;
use crate::cycles::CycleStatus;
use crate::error::{ServiceError, ServiceResult};
use crate::geo::Point;
use crate::hub::CaseTolerance;
use crate::hub::rounds::{RoundKind, StopInput, StopRef, SupplierView, SupplyMode, Unplanned, at_local, volume_ml};
use crate::i18n::Msg;

pub(super) struct CycleInfo {
    pub(super) name: String,
    pub(super) status: CycleStatus,
    pub(super) closes_at: DateTime<Utc>,
    pub(super) tz: Tz,
}

struct CycleRow {
    name: String,
    status: CycleStatus,
    closes_at: DateTime<Utc>,
    timezone: crate::time::Zone,
}

pub(super) async fn cycle_info(conn: &mut PgConnection, coop_id: i64, cycle_id: i64) -> ServiceResult<CycleInfo> {
    let row = sqlx::query_as!(
        CycleRow,
        r#"SELECT oc.name, oc.status AS "status: CycleStatus", oc.closes_at AS "closes_at: DateTime<Utc>", c.timezone AS "timezone: crate::time::Zone"
         FROM order_cycles oc JOIN coops c ON c.id = oc.coop_id
         WHERE oc.coop_id = $1 AND oc.id = $2"#,
        coop_id,
        cycle_id,
    )
    .fetch_optional(conn)
    .await?;
    let row = row.ok_or(ServiceError::NotFound)?;
    Ok(CycleInfo {
        name: row.name,
        status: row.status,
        closes_at: row.closes_at,
        tz: row.timezone.tz(),
    })
}

struct HubRow {
    name: String,
    latitude: f64,
    longitude: f64,
}

/// Where the cooperative's hub stands, if it has one (the directory measures distances from
/// it for members who have not placed themselves).
pub async fn hub_point(conn: &mut PgConnection, coop_id: i64) -> ServiceResult<Option<Point>> {
    match depot(conn, coop_id).await {
        Ok((_, point)) => Ok(Some(point)),
        Err(ServiceError::Invalid { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The hub every round starts from and returns to.
pub(super) async fn depot(conn: &mut PgConnection, coop_id: i64) -> ServiceResult<(String, Point)> {
    let hub = sqlx::query_as!(
        HubRow,
        "SELECT name, latitude, longitude FROM hubs WHERE coop_id = $1 ORDER BY id LIMIT 1",
        coop_id,
    )
    .fetch_optional(conn)
    .await?;
    let hub = hub.ok_or(ServiceError::invalid(Msg::ErrNoHub))?;
    Ok((
        hub.name,
        Point {
            lat: hub.latitude,
            lon: hub.longitude,
        },
    ))
}

pub(super) fn local_day(at: DateTime<Utc>, tz: Tz) -> NaiveDate {
    at.with_timezone(&tz).date_naive()
}

fn day_bounds(day: NaiveDate, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let midnight = NaiveTime::MIN;
    (
        at_local(day, midnight, tz),
        at_local(day + Duration::days(1), midnight, tz),
    )
}

/// A stop that can be planned, or why not.
pub(super) struct Candidate {
    pub(super) stop: Option<StopInput>,
    pub(super) unplanned: Unplanned,
}

/// Where and when a stop would be, and what it carries, before it is known to be plannable.
struct Place {
    what: StopRef,
    name: String,
    address: String,
    point: Option<Point>,
    window: (DateTime<Utc>, DateTime<Utc>),
    grams: i64,
    day: NaiveDate,
}

impl Candidate {
    /// A stop of `kind`; without a point it can only be listed as unplanned.
    fn new(kind: RoundKind, place: Place) -> Candidate {
        let Place {
            what,
            name,
            address,
            point,
            window,
            grams,
            day,
        } = place;
        Candidate {
            stop: point.map(|point| StopInput {
                what,
                name: name.clone(),
                address: address.clone(),
                point,
                window_start: window.0,
                window_end: window.1,
                service_minutes: kind.service_minutes(what),
                grams,
                volume_ml: volume_ml(grams),
            }),
            unplanned: Unplanned {
                what,
                name,
                address,
                unlocated: point.is_none(),
                day,
            },
        }
    }
}

/// Home deliveries and pickup-point drops of a closed cycle, each on the day it is due.
pub(super) async fn delivery_candidates(
    conn: &mut PgConnection,
    cycle_id: i64,
    tz: Tz,
) -> ServiceResult<Vec<Candidate>> {
    let homes = sqlx::query_as!(
        HomeRow,
        r#"SELECT o.id, CASE WHEN u.display_name = '' THEN u.email ELSE u.display_name END AS "name!",
                    o.delivery_address AS address, o.delivery_postcode AS postcode,
                    coalesce(o.delivery_latitude, z.latitude) AS latitude,
                    coalesce(o.delivery_longitude, z.longitude) AS longitude,
                    s.starts_at AS "starts_at: DateTime<Utc>", s.ends_at AS "ends_at: DateTime<Utc>",
                    (SELECT coalesce(sum((l.quantity - l.missing) * v.weight_grams), 0)::bigint
                       FROM order_lines l JOIN variants v ON v.id = l.variant_id WHERE l.order_id = o.id) AS "grams!"
             FROM orders o JOIN users u ON u.id = o.user_id JOIN slots s ON s.id = o.slot_id
             JOIN delivery_zones z ON z.id = s.zone_id
             WHERE o.cycle_id = $1 AND o.status = 'confirmed' ORDER BY o.id"#,
        cycle_id,
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(homes.len());
    for HomeRow {
        id,
        name,
        address,
        postcode,
        latitude: lat,
        longitude: lon,
        starts_at: from,
        ends_at: to,
        grams,
    } in homes
    {
        let address = format!("{address}, {postcode}");
        let point = lat.zip(lon).map(|(lat, lon)| Point { lat, lon });
        let what = StopRef::Order(id);
        let day = local_day(from, tz);
        out.push(Candidate::new(
            RoundKind::Delivery,
            Place {
                what,
                name,
                address,
                point,
                window: (from, to),
                grams,
                day,
            },
        ));
    }
    // A pickup point gets its crates before its first slot opens; the hub itself needs none.
    let points = sqlx::query_as!(
        PickupRow,
        r#"SELECT pp.id, pp.name, pp.address, pp.latitude, pp.longitude, min(s.starts_at) AS "first_slot!: DateTime<Utc>",
                coalesce(sum((SELECT sum((l.quantity - l.missing) * v.weight_grams)
                   FROM order_lines l JOIN variants v ON v.id = l.variant_id WHERE l.order_id = o.id)), 0)::bigint
                   AS "grams!"
         FROM orders o JOIN slots s ON s.id = o.slot_id JOIN pickup_points pp ON pp.id = s.pickup_point_id
         WHERE o.cycle_id = $1 AND o.status = 'confirmed' AND pp.kind <> 'hub'
         GROUP BY pp.id ORDER BY pp.name, pp.id"#,
        cycle_id,
    )
    .fetch_all(&mut *conn)
    .await?;
    for p in points {
        let day = local_day(p.first_slot, tz);
        let point = Some(Point {
            lat: p.latitude,
            lon: p.longitude,
        });
        let window = (day_bounds(day, tz).0, p.first_slot);
        let what = StopRef::PickupPoint(p.id);
        out.push(Candidate::new(
            RoundKind::Delivery,
            Place {
                what,
                name: p.name,
                address: p.address,
                point,
                window,
                grams: p.grams,
                day,
            },
        ));
    }
    Ok(out)
}

/// A home delivery of the cycle: who, where (the zone's centre when the address is not
/// placed), when, and the weight of the basket.
struct HomeRow {
    id: i64,
    name: String,
    address: String,
    postcode: String,
    latitude: Option<f64>,
    longitude: Option<f64>,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    grams: i64,
}

/// A farm and where it is.
struct FarmRow {
    id: i64,
    town: String,
    latitude: Option<f64>,
    longitude: Option<f64>,
}

/// A pickup point with confirmed orders in the cycle: its first slot and the weight it takes.
struct PickupRow {
    id: i64,
    name: String,
    address: String,
    latitude: f64,
    longitude: f64,
    first_slot: DateTime<Utc>,
    grams: i64,
}

/// The farms a collection round must visit, with their purchase order's weight, on `day`.
pub(super) async fn collection_candidates(
    ctx: &Ctx,
    conn: &mut PgConnection,
    cycle_id: i64,
    day: NaiveDate,
    tz: Tz,
) -> ServiceResult<Vec<Candidate>> {
    let coop_id = ctx.coop_id();
    let suppliers = suppliers_on(ctx, conn, cycle_id).await?;
    let farms: HashMap<i64, (String, Option<f64>, Option<f64>)> = sqlx::query_as!(
        FarmRow,
        "SELECT id, town, latitude, longitude FROM producers WHERE coop_id = $1",
        coop_id,
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|f| (f.id, (f.town, f.latitude, f.longitude)))
    .collect();
    let (start, end) = day_bounds(day, tz);
    Ok(suppliers
        .into_iter()
        .filter(|s| s.mode == Some(SupplyMode::Collection) && s.grams > 0)
        .map(|s| {
            let (town, lat, lon) = farms.get(&s.producer_id).cloned().unwrap_or_default();
            let point = lat.zip(lon).map(|(lat, lon)| Point { lat, lon });
            let what = StopRef::Producer(s.producer_id);
            Candidate::new(
                RoundKind::Collection,
                Place {
                    what,
                    name: s.farm_name,
                    address: town,
                    point,
                    window: (start, end),
                    grams: s.grams,
                    day,
                },
            )
        })
        .collect())
}

/// A producer, where it is, and how it brings its goods for the cycle (if said).
struct SupplierRow {
    id: i64,
    town: String,
    located: bool,
    mode: Option<SupplyMode>,
    drop_off_start: Option<DateTime<Utc>>,
    drop_off_end: Option<DateTime<Utc>>,
}

/// The producers with a purchase order in the cycle, the weight to carry and how it comes.
pub(super) async fn suppliers_on(
    ctx: &Ctx,
    conn: &mut PgConnection,
    cycle_id: i64,
) -> ServiceResult<Vec<SupplierView>> {
    let coop_id = ctx.coop_id();
    let logistics = crate::hub::store::logistics(ctx, cycle_id, None, CaseTolerance::default()).await?;
    let rows = sqlx::query_as!(
        SupplierRow,
        r#"SELECT p.id, p.town, p.latitude IS NOT NULL AS "located!", cs.mode AS "mode?: SupplyMode",
                cs.drop_off_start AS "drop_off_start?: DateTime<Utc>", cs.drop_off_end AS "drop_off_end?: DateTime<Utc>"
         FROM producers p LEFT JOIN cycle_suppliers cs ON cs.producer_id = p.id AND cs.cycle_id = $2
         WHERE p.coop_id = $1"#,
        coop_id,
        cycle_id,
    )
    .fetch_all(&mut *conn)
    .await?;
    let by_id: HashMap<i64, _> = rows.into_iter().map(|r| (r.id, r)).collect();
    Ok(logistics
        .purchase_orders
        .into_iter()
        .map(|po| {
            let row = by_id.get(&po.producer_id);
            SupplierView {
                producer_id: po.producer_id,
                farm_name: po.farm_name,
                town: row.map(|r| r.town.clone()).unwrap_or_default(),
                located: row.is_some_and(|r| r.located),
                grams: po.weight_grams,
                mode: row.and_then(|r| r.mode),
                drop_off: row.and_then(|r| r.drop_off_start.zip(r.drop_off_end)),
            }
        })
        .collect())
}

/// How one producer brings their goods for a cycle: a drop-off window at the hub, or collection.
pub async fn save_supplier(
    ctx: &Ctx,
    cycle_id: i64,
    producer_id: i64,
    mode: SupplyMode,
    drop_off: Option<(DateTime<Utc>, DateTime<Utc>)>,
) -> ServiceResult<()> {
    let drop_off = match mode {
        SupplyMode::Collection => None,
        SupplyMode::DropOff => {
            let (from, to) = drop_off.ok_or(ServiceError::field("drop_off_start", Msg::ErrDropOffWindow))?;
            if to <= from {
                return Err(ServiceError::field("drop_off_end", Msg::ErrDropOffWindow));
            }
            Some((from, to))
        }
    };
    // `as _` on times: the macros would take `time`'s type for them; ours are chrono's.
    crate::error::found(
        sqlx::query!(
            "INSERT INTO cycle_suppliers (cycle_id, producer_id, coop_id, mode, drop_off_start, drop_off_end)
         SELECT oc.id, p.id, $1, $4, $5, $6 FROM order_cycles oc, producers p
         WHERE oc.coop_id = $1 AND oc.id = $2 AND p.coop_id = $1 AND p.id = $3
         ON CONFLICT (cycle_id, producer_id) DO UPDATE SET mode = EXCLUDED.mode,
             drop_off_start = EXCLUDED.drop_off_start, drop_off_end = EXCLUDED.drop_off_end",
            ctx.coop_id(),
            cycle_id,
            producer_id,
            mode.code(),
            drop_off.map(|d| d.0) as _,
            drop_off.map(|d| d.1) as _,
        )
        .execute(&ctx.pool)
        .await?
        .rows_affected(),
    )
}
