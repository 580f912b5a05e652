//! Rounds in Postgres: the cooperative's vehicles, how producers bring their goods, planning a
//! cycle's collection and delivery rounds with the solver, moving a stop by hand, the drivers'
//! manifests and the cycle's impact figures.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use sqlx::{PgConnection, PgPool};

use super::impact::{Counterfactual, DEFAULT_DETOUR_FACTOR, ImpactInput, Round, Vehicle, impact};
use super::rounds::{
    CycleImpact, Located, PlanOutcome, RoundKind, RoundView, RoundsPage, StopInput, StopRef, StopStatus, StopView,
    SupplierView, SupplyMode, Unplanned, VehicleFields, VehicleSpec, VehicleView, at_local, road_km, schedule,
    vehicle_on, volume_ml,
};
use super::{CaseTolerance, OrderLine};
use crate::accounts::store::CurrentUser;
use crate::cycles::CycleStatus;
use crate::error::{ServiceError, ServiceResult};
use crate::geo::Point;
use crate::geo::geocode::Geocoder;
use crate::i18n::Msg;

#[derive(sqlx::FromRow)]
struct VehicleRow {
    id: i64,
    name: String,
    kind: String,
    capacity_kg: i32,
    capacity_litres: i32,
    speed_kmh: i32,
    shift_start: NaiveTime,
    shift_end: NaiveTime,
    max_trips: i32,
    active: bool,
}

impl VehicleRow {
    fn view(self) -> VehicleView {
        VehicleView {
            id: self.id,
            fields: VehicleFields {
                name: self.name,
                kind: Vehicle::parse(&self.kind).unwrap_or(Vehicle::ElectricVan),
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

const VEHICLE_COLUMNS: &str =
    "id, name, kind, capacity_kg, capacity_litres, speed_kmh, shift_start, shift_end, max_trips, active";

/// The cooperative's vehicles, active ones first.
pub async fn vehicles(pool: &PgPool, coop_id: i64) -> ServiceResult<Vec<VehicleView>> {
    let rows: Vec<VehicleRow> = sqlx::query_as(&format!(
        "SELECT {VEHICLE_COLUMNS} FROM vehicles WHERE coop_id = $1 ORDER BY NOT active, name, id"
    ))
    .bind(coop_id)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(VehicleRow::view).collect())
}

pub async fn save_vehicle(pool: &PgPool, coop_id: i64, id: Option<i64>, v: &VehicleFields) -> ServiceResult<i64> {
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
pub async fn set_vehicle_active(pool: &PgPool, coop_id: i64, id: i64, active: bool) -> ServiceResult<()> {
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

struct CycleInfo {
    name: String,
    status: CycleStatus,
    closes_at: DateTime<Utc>,
    tz: Tz,
}

async fn cycle_info(conn: &mut PgConnection, coop_id: i64, cycle_id: i64) -> ServiceResult<CycleInfo> {
    let row: Option<(String, String, DateTime<Utc>, String)> = sqlx::query_as(
        "SELECT oc.name, oc.status, oc.closes_at, c.timezone FROM order_cycles oc JOIN coops c ON c.id = oc.coop_id
         WHERE oc.coop_id = $1 AND oc.id = $2",
    )
    .bind(coop_id)
    .bind(cycle_id)
    .fetch_optional(conn)
    .await?;
    let (name, status, closes_at, timezone) = row.ok_or(ServiceError::NotFound)?;
    Ok(CycleInfo {
        name,
        status: CycleStatus::parse(&status).unwrap_or(CycleStatus::Closed),
        closes_at,
        tz: crate::time::zone(&timezone),
    })
}

/// The hub every round starts from and returns to.
async fn depot(conn: &mut PgConnection, coop_id: i64) -> ServiceResult<(String, Point)> {
    let hub: Option<(String, f64, f64)> =
        sqlx::query_as("SELECT name, latitude, longitude FROM hubs WHERE coop_id = $1 ORDER BY id LIMIT 1")
            .bind(coop_id)
            .fetch_optional(conn)
            .await?;
    let (name, lat, lon) = hub.ok_or(ServiceError::invalid(Msg::ErrNoHub))?;
    Ok((name, Point { lat, lon }))
}

fn local_day(at: DateTime<Utc>, tz: Tz) -> NaiveDate {
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
struct Candidate {
    stop: Option<StopInput>,
    unplanned: Unplanned,
}

impl Candidate {
    /// A stop of `kind`; without a point it can only be listed as unplanned.
    #[allow(clippy::too_many_arguments)]
    fn new(
        kind: RoundKind,
        what: StopRef,
        name: String,
        address: String,
        point: Option<Point>,
        window: (DateTime<Utc>, DateTime<Utc>),
        grams: i64,
        day: NaiveDate,
    ) -> Candidate {
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
async fn delivery_candidates(conn: &mut PgConnection, cycle_id: i64, tz: Tz) -> ServiceResult<Vec<Candidate>> {
    #[allow(clippy::type_complexity)]
    let homes: Vec<(
        i64,
        String,
        String,
        String,
        Option<f64>,
        Option<f64>,
        DateTime<Utc>,
        DateTime<Utc>,
        i64,
    )> = sqlx::query_as(
        "SELECT o.id, CASE WHEN u.display_name = '' THEN u.email ELSE u.display_name END,
                    o.delivery_address, o.delivery_postcode,
                    coalesce(o.delivery_latitude, z.latitude), coalesce(o.delivery_longitude, z.longitude),
                    s.starts_at, s.ends_at,
                    (SELECT coalesce(sum((l.quantity - l.missing) * v.weight_grams), 0)::bigint
                       FROM order_lines l JOIN variants v ON v.id = l.variant_id WHERE l.order_id = o.id)
             FROM orders o JOIN users u ON u.id = o.user_id JOIN slots s ON s.id = o.slot_id
             JOIN delivery_zones z ON z.id = s.zone_id
             WHERE o.cycle_id = $1 AND o.status = 'confirmed' ORDER BY o.id",
    )
    .bind(cycle_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(homes.len());
    for (id, name, address, postcode, lat, lon, from, to, grams) in homes {
        let address = format!("{address}, {postcode}");
        let point = lat.zip(lon).map(|(lat, lon)| Point { lat, lon });
        let what = StopRef::Order(id);
        let day = local_day(from, tz);
        out.push(Candidate::new(
            RoundKind::Delivery,
            what,
            name,
            address,
            point,
            (from, to),
            grams,
            day,
        ));
    }
    // A pickup point gets its crates before its first slot opens; the hub itself needs none.
    #[allow(clippy::type_complexity)]
    let points: Vec<(i64, String, String, f64, f64, DateTime<Utc>, i64)> = sqlx::query_as(
        "SELECT pp.id, pp.name, pp.address, pp.latitude, pp.longitude, min(s.starts_at),
                coalesce(sum((SELECT sum((l.quantity - l.missing) * v.weight_grams)
                   FROM order_lines l JOIN variants v ON v.id = l.variant_id WHERE l.order_id = o.id)), 0)::bigint
         FROM orders o JOIN slots s ON s.id = o.slot_id JOIN pickup_points pp ON pp.id = s.pickup_point_id
         WHERE o.cycle_id = $1 AND o.status = 'confirmed' AND pp.kind <> 'hub'
         GROUP BY pp.id ORDER BY pp.name, pp.id",
    )
    .bind(cycle_id)
    .fetch_all(&mut *conn)
    .await?;
    for (id, name, address, lat, lon, first_slot, grams) in points {
        let day = local_day(first_slot, tz);
        let point = Some(Point { lat, lon });
        let window = (day_bounds(day, tz).0, first_slot);
        let what = StopRef::PickupPoint(id);
        out.push(Candidate::new(
            RoundKind::Delivery,
            what,
            name,
            address,
            point,
            window,
            grams,
            day,
        ));
    }
    Ok(out)
}

/// The farms a collection round must visit, with their purchase order's weight, on `day`.
async fn collection_candidates(
    pool: &PgPool,
    conn: &mut PgConnection,
    coop_id: i64,
    cycle_id: i64,
    day: NaiveDate,
    tz: Tz,
) -> ServiceResult<Vec<Candidate>> {
    let suppliers = suppliers_on(pool, conn, coop_id, cycle_id).await?;
    let farms: HashMap<i64, (String, Option<f64>, Option<f64>)> =
        sqlx::query_as::<_, (i64, String, Option<f64>, Option<f64>)>(
            "SELECT id, town, latitude, longitude FROM producers WHERE coop_id = $1",
        )
        .bind(coop_id)
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|(id, town, lat, lon)| (id, (town, lat, lon)))
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
                what,
                s.farm_name,
                town,
                point,
                (start, end),
                s.grams,
                day,
            )
        })
        .collect())
}

/// The producers with a purchase order in the cycle, the weight to carry and how it comes.
async fn suppliers_on(
    pool: &PgPool,
    conn: &mut PgConnection,
    coop_id: i64,
    cycle_id: i64,
) -> ServiceResult<Vec<SupplierView>> {
    let logistics = super::store::logistics(pool, coop_id, cycle_id, None, CaseTolerance::default()).await?;
    #[allow(clippy::type_complexity)]
    let rows: Vec<(
        i64,
        String,
        bool,
        Option<String>,
        Option<DateTime<Utc>>,
        Option<DateTime<Utc>>,
    )> = sqlx::query_as(
        "SELECT p.id, p.town, p.latitude IS NOT NULL, cs.mode, cs.drop_off_start, cs.drop_off_end
         FROM producers p LEFT JOIN cycle_suppliers cs ON cs.producer_id = p.id AND cs.cycle_id = $2
         WHERE p.coop_id = $1",
    )
    .bind(coop_id)
    .bind(cycle_id)
    .fetch_all(&mut *conn)
    .await?;
    let by_id: HashMap<i64, _> = rows.into_iter().map(|r| (r.0, r)).collect();
    Ok(logistics
        .purchase_orders
        .into_iter()
        .map(|po| {
            let row = by_id.get(&po.producer_id);
            SupplierView {
                producer_id: po.producer_id,
                farm_name: po.farm_name,
                town: row.map(|r| r.1.clone()).unwrap_or_default(),
                located: row.is_some_and(|r| r.2),
                grams: po.weight_grams,
                mode: row.and_then(|r| r.3.as_deref()).and_then(SupplyMode::parse),
                drop_off: row.and_then(|r| r.4.zip(r.5)),
            }
        })
        .collect())
}

/// How one producer brings their goods for a cycle: a drop-off window at the hub, or collection.
pub async fn save_supplier(
    pool: &PgPool,
    coop_id: i64,
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
    crate::error::found(
        sqlx::query(
            "INSERT INTO cycle_suppliers (cycle_id, producer_id, coop_id, mode, drop_off_start, drop_off_end)
         SELECT oc.id, p.id, $1, $4, $5, $6 FROM order_cycles oc, producers p
         WHERE oc.coop_id = $1 AND oc.id = $2 AND p.coop_id = $1 AND p.id = $3
         ON CONFLICT (cycle_id, producer_id) DO UPDATE SET mode = EXCLUDED.mode,
             drop_off_start = EXCLUDED.drop_off_start, drop_off_end = EXCLUDED.drop_off_end",
        )
        .bind(coop_id)
        .bind(cycle_id)
        .bind(producer_id)
        .bind(mode.code())
        .bind(drop_off.map(|d| d.0))
        .bind(drop_off.map(|d| d.1))
        .execute(pool)
        .await?
        .rows_affected(),
    )
}

/// Asks the geocoder for the home deliveries of the cycle that have no point yet, a few at a
/// time; what it cannot place stays at its zone's centre (and is shown as approximate). No
/// database connection is held while the geocoder answers: the pool serves others meanwhile.
async fn locate_deliveries(pool: &PgPool, cycle_id: i64, geocoder: &Geocoder) -> ServiceResult<()> {
    let missing: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT o.id, o.delivery_address, o.delivery_postcode FROM orders o JOIN slots s ON s.id = o.slot_id
         WHERE o.cycle_id = $1 AND o.status = 'confirmed' AND s.zone_id IS NOT NULL AND o.delivery_latitude IS NULL",
    )
    .bind(cycle_id)
    .fetch_all(pool)
    .await?;
    if missing.is_empty() {
        return Ok(());
    }
    let mut found = Vec::new();
    for chunk in missing.chunks(8) {
        let mut lookups = tokio::task::JoinSet::new();
        for (id, address, postcode) in chunk.iter().cloned() {
            let geocoder = geocoder.clone();
            lookups.spawn(async move { (id, geocoder.locate(&address, &postcode).await) });
        }
        while let Some(done) = lookups.join_next().await {
            match done {
                Ok((id, Ok(Some(point)))) => found.push((id, point)),
                Ok((_, Ok(None))) => {}
                Ok((id, Err(e))) => tracing::warn!(order_id = id, error = %e, "geocoding a delivery address"),
                Err(e) => tracing::warn!(error = %e, "geocoding task"),
            }
        }
    }
    sqlx::query(
        "UPDATE orders o SET delivery_latitude = x.lat, delivery_longitude = x.lon, delivery_located = 'address'
         FROM unnest($1::bigint[], $2::float8[], $3::float8[]) AS x(id, lat, lon)
         WHERE o.id = x.id AND o.delivery_latitude IS NULL",
    )
    .bind(found.iter().map(|f| f.0).collect::<Vec<_>>())
    .bind(found.iter().map(|f| f.1.lat).collect::<Vec<_>>())
    .bind(found.iter().map(|f| f.1.lon).collect::<Vec<_>>())
    .execute(pool)
    .await?;
    Ok(())
}

/// Staff place a home delivery by hand (the address was not found, or found wrong); a planned
/// stop for it moves too, and the cycle's rounds are retimed.
pub async fn place_delivery(pool: &PgPool, coop_id: i64, order_id: i64, point: Point) -> ServiceResult<()> {
    let mut tx = pool.begin().await?;
    let cycle: Option<i64> = sqlx::query_scalar(
        "UPDATE orders o SET delivery_latitude = $3, delivery_longitude = $4, delivery_located = 'staff',
             updated_at = now()
         FROM slots s WHERE o.coop_id = $1 AND o.id = $2 AND s.id = o.slot_id AND s.zone_id IS NOT NULL
         RETURNING o.cycle_id",
    )
    .bind(coop_id)
    .bind(order_id)
    .bind(point.lat)
    .bind(point.lon)
    .fetch_optional(&mut *tx)
    .await?;
    let cycle = cycle.ok_or(ServiceError::NotFound)?;
    let moved = sqlx::query("UPDATE round_stops SET latitude = $2, longitude = $3 WHERE order_id = $1")
        .bind(order_id)
        .bind(point.lat)
        .bind(point.lon)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if moved > 0 {
        retime(&mut tx, coop_id, cycle).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Plans a closed cycle's rounds of `kind` on `day` with the chosen vehicles, replacing the
/// previous plan of that kind (refused once a driver has marked a stop).
pub async fn plan_rounds(
    pool: &PgPool,
    coop_id: i64,
    cycle_id: i64,
    kind: RoundKind,
    day: NaiveDate,
    vehicle_ids: &[i64],
    geocoder: Option<&Geocoder>,
) -> ServiceResult<PlanOutcome> {
    let mut claim = PlanningClaim::take(pool, coop_id, cycle_id).await?;
    let result = plan_claimed(pool, coop_id, cycle_id, kind, day, vehicle_ids, geocoder).await;
    claim.release().await;
    result
}

/// How long a planning claim holds when its server never released it (the solver runs for
/// at most 20 seconds; geocoding requests time out well before this).
const PLANNING_CLAIM_MINUTES: i32 = 5;

/// The cycle's planning claim: taken before any work, so that parallel clicks run one solver,
/// not N; released when planning ends, or by a spawned task if the request is dropped.
struct PlanningClaim {
    pool: PgPool,
    cycle_id: i64,
    held: bool,
}

impl PlanningClaim {
    async fn take(pool: &PgPool, coop_id: i64, cycle_id: i64) -> ServiceResult<PlanningClaim> {
        let taken = sqlx::query(
            "UPDATE order_cycles SET rounds_planning_since = now()
             WHERE coop_id = $1 AND id = $2
               AND (rounds_planning_since IS NULL OR rounds_planning_since < now() - make_interval(mins => $3))",
        )
        .bind(coop_id)
        .bind(cycle_id)
        .bind(PLANNING_CLAIM_MINUTES)
        .execute(pool)
        .await?
        .rows_affected();
        if taken == 0 {
            let exists: bool =
                sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM order_cycles WHERE coop_id = $1 AND id = $2)")
                    .bind(coop_id)
                    .bind(cycle_id)
                    .fetch_one(pool)
                    .await?;
            return Err(if exists {
                ServiceError::invalid(Msg::ErrRoundsBusy)
            } else {
                ServiceError::NotFound
            });
        }
        Ok(PlanningClaim {
            pool: pool.clone(),
            cycle_id,
            held: true,
        })
    }

    async fn release(&mut self) {
        self.held = false;
        if let Err(e) = Self::clear(&self.pool, self.cycle_id).await {
            tracing::warn!(cycle_id = self.cycle_id, error = %e, "releasing the rounds planning claim");
        }
    }

    async fn clear(pool: &PgPool, cycle_id: i64) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE order_cycles SET rounds_planning_since = NULL WHERE id = $1")
            .bind(cycle_id)
            .execute(pool)
            .await
            .map(|_| ())
    }
}

impl Drop for PlanningClaim {
    fn drop(&mut self) {
        if self.held
            && let Ok(runtime) = tokio::runtime::Handle::try_current()
        {
            let (pool, cycle_id) = (self.pool.clone(), self.cycle_id);
            runtime.spawn(async move {
                let _ = PlanningClaim::clear(&pool, cycle_id).await;
            });
        }
    }
}

async fn plan_claimed(
    pool: &PgPool,
    coop_id: i64,
    cycle_id: i64,
    kind: RoundKind,
    day: NaiveDate,
    vehicle_ids: &[i64],
    geocoder: Option<&Geocoder>,
) -> ServiceResult<PlanOutcome> {
    let mut conn = pool.acquire().await?;
    let cycle = cycle_info(&mut conn, coop_id, cycle_id).await?;
    if cycle.status != CycleStatus::Closed {
        return Err(ServiceError::invalid(Msg::ErrRoundsNeedClosedCycle));
    }
    let (_, depot) = depot(&mut conn, coop_id).await?;
    let fleet: Vec<VehicleRow> = sqlx::query_as(&format!(
        "SELECT {VEHICLE_COLUMNS} FROM vehicles WHERE coop_id = $1 AND active AND id = ANY($2) ORDER BY id"
    ))
    .bind(coop_id)
    .bind(vehicle_ids)
    .fetch_all(&mut *conn)
    .await?;
    if fleet.is_empty() {
        return Err(ServiceError::field("vehicles", Msg::ErrChooseVehicle));
    }
    let fleet: Vec<VehicleSpec> = fleet
        .into_iter()
        .map(|row| {
            let v = row.view();
            vehicle_on(v.id, &v.fields, day, cycle.tz)
        })
        .collect();
    if let (RoundKind::Delivery, Some(geocoder)) = (kind, geocoder) {
        drop(conn);
        locate_deliveries(pool, cycle_id, geocoder).await?;
        conn = pool.acquire().await?;
    }
    let candidates = match kind {
        RoundKind::Delivery => delivery_candidates(&mut conn, cycle_id, cycle.tz).await?,
        RoundKind::Collection => collection_candidates(pool, &mut conn, coop_id, cycle_id, day, cycle.tz).await?,
    };
    let stops: Vec<StopInput> = candidates
        .into_iter()
        .filter(|c| c.unplanned.day == day)
        .filter_map(|c| c.stop)
        .collect();
    if stops.is_empty() {
        return Err(ServiceError::field("day", Msg::ErrNothingToPlan));
    }
    drop(conn);
    let seconds = super::planner::default_seconds(stops.len());
    let (stops, fleet, plan) = tokio::task::spawn_blocking(move || {
        let plan = super::planner::plan(depot, &stops, &fleet, seconds);
        (stops, fleet, plan)
    })
    .await
    .map_err(|e| ServiceError::Internal(format!("planner task: {e}")))?;
    let plan = plan.map_err(ServiceError::Internal)?;

    let mut tx = pool.begin().await?;
    // One planning at a time per cycle; the cycle row is the lock.
    sqlx::query("SELECT id FROM order_cycles WHERE id = $1 FOR UPDATE")
        .bind(cycle_id)
        .execute(&mut *tx)
        .await?;
    let started: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM round_stops rs JOIN rounds r ON r.id = rs.round_id
             WHERE r.cycle_id = $1 AND r.kind = $2 AND rs.status <> 'planned')",
    )
    .bind(cycle_id)
    .bind(kind.code())
    .fetch_one(&mut *tx)
    .await?;
    if started {
        return Err(ServiceError::invalid(Msg::ErrRoundsStarted));
    }
    sqlx::query("DELETE FROM rounds WHERE cycle_id = $1 AND kind = $2")
        .bind(cycle_id)
        .bind(kind.code())
        .execute(&mut *tx)
        .await?;
    let mut outcome = PlanOutcome {
        rounds: 0,
        stops: 0,
        unassigned: plan.unassigned.len(),
    };
    for vp in &plan.vehicles {
        let vehicle = &fleet[vp.vehicle];
        let trips: Vec<Vec<&StopInput>> = vp
            .trips
            .iter()
            .map(|t| t.iter().map(|&i| &stops[i]).collect())
            .collect();
        for (t, (trip, timed)) in trips.iter().zip(schedule(depot, vehicle, &trips)).enumerate() {
            let round_id: i64 = sqlx::query_scalar(
                "INSERT INTO rounds (coop_id, cycle_id, kind, vehicle_id, trip, departs_at, returns_at, distance_km)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(coop_id)
            .bind(cycle_id)
            .bind(kind.code())
            .bind(vehicle.id)
            .bind(t as i32 + 1)
            .bind(timed.departs_at)
            .bind(timed.returns_at)
            .bind(timed.distance_km)
            .fetch_one(&mut *tx)
            .await?;
            insert_stops(&mut tx, coop_id, round_id, trip, &timed.arrivals).await?;
            outcome.rounds += 1;
            outcome.stops += trip.len();
        }
    }
    tx.commit().await?;
    Ok(outcome)
}

async fn insert_stops(
    conn: &mut PgConnection,
    coop_id: i64,
    round_id: i64,
    stops: &[&StopInput],
    arrivals: &[DateTime<Utc>],
) -> ServiceResult<()> {
    let id_of = |f: fn(StopRef) -> Option<i64>| stops.iter().map(|s| f(s.what)).collect::<Vec<_>>();
    let orders = id_of(|w| if let StopRef::Order(id) = w { Some(id) } else { None });
    let points = id_of(|w| {
        if let StopRef::PickupPoint(id) = w {
            Some(id)
        } else {
            None
        }
    });
    let farms = id_of(|w| if let StopRef::Producer(id) = w { Some(id) } else { None });
    sqlx::query(
        "INSERT INTO round_stops (round_id, coop_id, position, order_id, pickup_point_id, producer_id, name, address,
             latitude, longitude, window_start, window_end, arrives_at, service_minutes, load_grams, volume_ml)
         SELECT $1, $2, x.position, x.o, x.pp, x.p, x.name, x.address, x.lat, x.lon, x.ws, x.we, x.at, x.service,
                x.grams, x.ml
         FROM unnest($3::int[], $4::bigint[], $5::bigint[], $6::bigint[], $7::text[], $8::text[], $9::float8[],
                     $10::float8[], $11::timestamptz[], $12::timestamptz[], $13::timestamptz[], $14::int[],
                     $15::bigint[], $16::bigint[])
              AS x(position, o, pp, p, name, address, lat, lon, ws, we, at, service, grams, ml)",
    )
    .bind(round_id)
    .bind(coop_id)
    .bind((1..=stops.len() as i32).collect::<Vec<_>>())
    .bind(orders)
    .bind(points)
    .bind(farms)
    .bind(stops.iter().map(|s| s.name.clone()).collect::<Vec<_>>())
    .bind(stops.iter().map(|s| s.address.clone()).collect::<Vec<_>>())
    .bind(stops.iter().map(|s| s.point.lat).collect::<Vec<_>>())
    .bind(stops.iter().map(|s| s.point.lon).collect::<Vec<_>>())
    .bind(stops.iter().map(|s| s.window_start).collect::<Vec<_>>())
    .bind(stops.iter().map(|s| s.window_end).collect::<Vec<_>>())
    .bind(arrivals)
    .bind(stops.iter().map(|s| s.service_minutes as i32).collect::<Vec<_>>())
    .bind(stops.iter().map(|s| s.grams).collect::<Vec<_>>())
    .bind(stops.iter().map(|s| s.volume_ml).collect::<Vec<_>>())
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct StopRow {
    id: i64,
    round_id: i64,
    position: i32,
    order_id: Option<i64>,
    pickup_point_id: Option<i64>,
    producer_id: Option<i64>,
    name: String,
    address: String,
    latitude: f64,
    longitude: f64,
    window_start: DateTime<Utc>,
    window_end: DateTime<Utc>,
    service_minutes: i32,
    load_grams: i64,
    volume_ml: i64,
    status: String,
    note: String,
    located: Option<String>,
    baskets: i64,
    due_cents: i64,
    phone: String,
}

impl StopRow {
    fn what(&self) -> StopRef {
        match (self.order_id, self.pickup_point_id, self.producer_id) {
            (Some(id), _, _) => StopRef::Order(id),
            (_, Some(id), _) => StopRef::PickupPoint(id),
            (_, _, Some(id)) => StopRef::Producer(id),
            _ => StopRef::Order(0),
        }
    }

    fn input(&self) -> StopInput {
        StopInput {
            what: self.what(),
            name: self.name.clone(),
            address: self.address.clone(),
            point: Point {
                lat: self.latitude,
                lon: self.longitude,
            },
            window_start: self.window_start,
            window_end: self.window_end,
            service_minutes: i64::from(self.service_minutes),
            grams: self.load_grams,
            volume_ml: self.volume_ml,
        }
    }
}

#[derive(sqlx::FromRow)]
struct RoundRow {
    id: i64,
    kind: String,
    cycle_id: i64,
    vehicle_id: i64,
    trip: i32,
    departs_at: DateTime<Utc>,
}

/// Rounds (all of a cycle, or one) with their stops and vehicles; times and warnings recomputed
/// from the stops in order, so that a stop moved by hand shows its consequences.
async fn load_rounds(
    conn: &mut PgConnection,
    coop_id: i64,
    cycle_id: Option<i64>,
    round_id: Option<i64>,
    tz: Tz,
) -> ServiceResult<Vec<RoundView>> {
    let rounds: Vec<RoundRow> = sqlx::query_as(
        "SELECT id, kind, cycle_id, vehicle_id, trip, departs_at FROM rounds
         WHERE coop_id = $1 AND ($2::bigint IS NULL OR cycle_id = $2)
           AND ($3::bigint IS NULL OR cycle_id = (SELECT cycle_id FROM rounds WHERE id = $3))
         ORDER BY kind, vehicle_id, trip, id",
    )
    .bind(coop_id)
    .bind(cycle_id)
    .bind(round_id)
    .fetch_all(&mut *conn)
    .await?;
    let ids: Vec<i64> = rounds.iter().map(|r| r.id).collect();
    let stops: Vec<StopRow> = sqlx::query_as(
        "SELECT rs.id, rs.round_id, rs.position, rs.order_id, rs.pickup_point_id, rs.producer_id, rs.name, rs.address,
                rs.latitude, rs.longitude, rs.window_start, rs.window_end, rs.service_minutes,
                rs.load_grams, rs.volume_ml, rs.status, rs.note,
                CASE WHEN o.id IS NOT NULL THEN coalesce(o.delivery_located, 'zone') END AS located,
                CASE WHEN rs.pickup_point_id IS NOT NULL THEN
                    (SELECT count(*) FROM orders po JOIN slots s ON s.id = po.slot_id
                     WHERE po.cycle_id = r.cycle_id AND po.status = 'confirmed' AND s.pickup_point_id = rs.pickup_point_id)
                     WHEN rs.order_id IS NOT NULL THEN 1 ELSE 0 END AS baskets,
                CASE WHEN o.payment_method = 'pickup' THEN greatest(o.total_cents - o.paid_cents, 0) ELSE 0 END
                    AS due_cents,
                coalesce(o.delivery_phone, '') AS phone
         FROM round_stops rs JOIN rounds r ON r.id = rs.round_id LEFT JOIN orders o ON o.id = rs.order_id
         WHERE rs.round_id = ANY($1) ORDER BY rs.round_id, rs.position, rs.id",
    )
    .bind(&ids)
    .fetch_all(&mut *conn)
    .await?;
    let vehicle_ids: BTreeSet<i64> = rounds.iter().map(|r| r.vehicle_id).collect();
    let vehicles: HashMap<i64, VehicleView> =
        sqlx::query_as::<_, VehicleRow>(&format!("SELECT {VEHICLE_COLUMNS} FROM vehicles WHERE id = ANY($1)"))
            .bind(vehicle_ids.into_iter().collect::<Vec<_>>())
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .map(|v| (v.id, v.view()))
            .collect();
    let (_, depot) = depot(conn, coop_id).await?;
    let mut by_round: HashMap<i64, Vec<StopRow>> = HashMap::new();
    for s in stops {
        by_round.entry(s.round_id).or_default().push(s);
    }
    // Each vehicle's trips of one kind are timed together: a late first trip delays the second.
    let mut out = Vec::with_capacity(rounds.len());
    let mut i = 0;
    while i < rounds.len() {
        let mut j = i;
        while j < rounds.len() && rounds[j].vehicle_id == rounds[i].vehicle_id && rounds[j].kind == rounds[i].kind {
            j += 1;
        }
        let group = &rounds[i..j];
        let vehicle = vehicles.get(&group[0].vehicle_id).ok_or(ServiceError::NotFound)?;
        let day = local_day(group[0].departs_at, tz);
        let spec = vehicle_on(vehicle.id, &vehicle.fields, day, tz);
        let inputs: Vec<Vec<StopInput>> = group
            .iter()
            .map(|r| {
                by_round
                    .get(&r.id)
                    .map_or_else(Vec::new, |s| s.iter().map(StopRow::input).collect())
            })
            .collect();
        let refs: Vec<Vec<&StopInput>> = inputs.iter().map(|t| t.iter().collect()).collect();
        for (r, timed) in group.iter().zip(schedule(depot, &spec, &refs)) {
            let rows = by_round.remove(&r.id).unwrap_or_default();
            out.push(RoundView {
                id: r.id,
                kind: RoundKind::parse(&r.kind).unwrap_or(RoundKind::Delivery),
                cycle_id: r.cycle_id,
                vehicle_id: vehicle.id,
                vehicle_name: vehicle.fields.name.clone(),
                vehicle_kind: vehicle.fields.kind,
                trip: r.trip,
                capacity_kg: vehicle.fields.capacity_kg,
                capacity_litres: vehicle.fields.capacity_litres,
                departs_at: timed.departs_at,
                returns_at: timed.returns_at,
                distance_km: timed.distance_km,
                grams: timed.grams,
                volume_ml: timed.volume_ml,
                warnings: timed.warnings,
                stops: rows
                    .into_iter()
                    .zip(timed.arrivals)
                    .map(|(s, arrives_at)| StopView {
                        id: s.id,
                        position: s.position,
                        what: s.what(),
                        point: Point {
                            lat: s.latitude,
                            lon: s.longitude,
                        },
                        located: s.located.as_deref().and_then(Located::parse),
                        window_start: s.window_start,
                        window_end: s.window_end,
                        arrives_at,
                        grams: s.load_grams,
                        volume_ml: s.volume_ml,
                        status: StopStatus::parse(&s.status).unwrap_or(StopStatus::Planned),
                        note: s.note,
                        baskets: s.baskets,
                        due_cents: s.due_cents,
                        name: s.name,
                        address: s.address,
                        phone: s.phone,
                    })
                    .collect(),
            });
        }
        i = j;
    }
    Ok(out)
}

/// Everything the rounds page of a cycle shows: vehicles, how producers bring their goods, the
/// planned rounds, what is not on any round, and the impact figures once rounds exist.
pub async fn rounds_page(pool: &PgPool, coop_id: i64, cycle_id: i64) -> ServiceResult<RoundsPage> {
    let mut conn = pool.acquire().await?;
    let cycle = cycle_info(&mut conn, coop_id, cycle_id).await?;
    let (depot_name, depot) = depot(&mut conn, coop_id).await?;
    let rounds = load_rounds(&mut conn, coop_id, Some(cycle_id), None, cycle.tz).await?;
    let suppliers = suppliers_on(pool, &mut conn, coop_id, cycle_id).await?;
    let deliveries = delivery_candidates(&mut conn, cycle_id, cycle.tz).await?;
    let mut delivery_days: Vec<NaiveDate> = deliveries.iter().map(|c| c.unplanned.day).collect();
    delivery_days.sort_unstable();
    delivery_days.dedup();
    let after_close = local_day(cycle.closes_at, cycle.tz) + Duration::days(1);
    let delivery_day = delivery_days.first().copied().unwrap_or(after_close);
    let collection_day = rounds
        .iter()
        .find(|r| r.kind == RoundKind::Collection)
        .map_or(after_close, |r| local_day(r.departs_at, cycle.tz));
    let planned: BTreeSet<StopRef> = rounds.iter().flat_map(|r| r.stops.iter().map(|s| s.what)).collect();
    let collections = collection_candidates(pool, &mut conn, coop_id, cycle_id, collection_day, cycle.tz).await?;
    let unplanned = deliveries
        .into_iter()
        .chain(collections)
        .map(|c| c.unplanned)
        .filter(|u| !planned.contains(&u.what))
        .collect();
    let impact = if rounds.is_empty() {
        None
    } else {
        Some(cycle_impact(&mut conn, cycle_id, depot, &rounds, &suppliers).await?)
    };
    let vehicles = vehicles(pool, coop_id).await?;
    Ok(RoundsPage {
        cycle_id,
        cycle_name: cycle.name,
        closed: cycle.status == CycleStatus::Closed,
        timezone: cycle.tz.name().to_owned(),
        depot_name,
        depot,
        vehicles,
        suppliers,
        rounds,
        unplanned,
        delivery_days,
        delivery_day,
        collection_day,
        impact,
    })
}

/// Kilometres and emissions of the cycle: the hub's rounds plus the producers' own trips to
/// drop goods at the hub, against every buyer's goods coming from each farm separately.
async fn cycle_impact(
    conn: &mut PgConnection,
    cycle_id: i64,
    depot: Point,
    rounds: &[RoundView],
    suppliers: &[SupplierView],
) -> ServiceResult<CycleImpact> {
    #[allow(clippy::type_complexity)]
    let rows: Vec<(i64, i64, Option<f64>, Option<f64>, Option<f64>, Option<f64>)> = sqlx::query_as(
        "SELECT DISTINCT l.order_id, p.producer_id, pr.latitude, pr.longitude,
                coalesce(o.delivery_latitude, z.latitude, pp.latitude), coalesce(o.delivery_longitude, z.longitude, pp.longitude)
         FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN variants v ON v.id = l.variant_id
         JOIN products p ON p.id = v.product_id JOIN producers pr ON pr.id = p.producer_id
         JOIN slots s ON s.id = o.slot_id LEFT JOIN pickup_points pp ON pp.id = s.pickup_point_id
         LEFT JOIN delivery_zones z ON z.id = s.zone_id
         WHERE o.cycle_id = $1 AND o.status = 'confirmed' AND l.quantity > l.missing",
    )
    .bind(cycle_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut farms = HashMap::new();
    let mut customers = HashMap::new();
    let lines: Vec<OrderLine> = rows
        .into_iter()
        .map(|(order_id, producer_id, flat, flon, clat, clon)| {
            if let Some((lat, lon)) = flat.zip(flon) {
                farms.insert(producer_id, Point { lat, lon });
            }
            if let Some((lat, lon)) = clat.zip(clon) {
                customers.insert(order_id, Point { lat, lon });
            }
            OrderLine {
                order_id,
                variant_id: 0,
                producer_id,
                quantity: 1,
                pro: false,
                case_size: 1,
                unit_price_cents: 0,
                weight_grams: 0,
                placed_at: DateTime::<Utc>::UNIX_EPOCH,
            }
        })
        .collect();
    let mut trips: Vec<Round> = rounds
        .iter()
        .map(|r| Round {
            vehicle: r.vehicle_kind,
            km: r.distance_km,
        })
        .collect();
    let rounds_km: f64 = trips.iter().map(|r| r.km).sum();
    // A producer who drops off drives a van to the hub and back.
    let mut drop_off_km = 0.0;
    for s in suppliers.iter().filter(|s| s.mode != Some(SupplyMode::Collection)) {
        if let Some(&farm) = farms.get(&s.producer_id) {
            let km = 2.0 * road_km(farm, depot);
            drop_off_km += km;
            trips.push(Round {
                vehicle: Vehicle::DieselVan,
                km,
            });
        }
    }
    let mut input = ImpactInput {
        rounds: &trips,
        lines: &lines,
        farms: &farms,
        customers: &customers,
        counterfactual: Counterfactual::ProducersDeliver,
        detour_factor: DEFAULT_DETOUR_FACTOR,
    };
    let hub = impact(&input);
    input.counterfactual = Counterfactual::CustomersCollect;
    let cars = impact(&input);
    Ok(CycleImpact {
        hub,
        cars,
        drop_off_km,
        rounds_km,
    })
}

/// One round for its driver: its stops in order, with what to hand over and collect.
pub async fn manifest(pool: &PgPool, coop_id: i64, round_id: i64) -> ServiceResult<(RoundView, String, Point)> {
    let mut conn = pool.acquire().await?;
    let timezone: String = sqlx::query_scalar("SELECT timezone FROM coops WHERE id = $1")
        .bind(coop_id)
        .fetch_one(&mut *conn)
        .await?;
    let tz = crate::time::zone(&timezone);
    let round = load_rounds(&mut conn, coop_id, None, Some(round_id), tz)
        .await?
        .into_iter()
        .find(|r| r.id == round_id)
        .ok_or(ServiceError::NotFound)?;
    let (_, depot) = depot(&mut conn, coop_id).await?;
    Ok((round, timezone, depot))
}

/// Moves a stop to `position` (1-based) of a round of the same cycle and kind, then retimes both
/// vehicles. Nothing is refused for capacity or time: the page shows the warnings instead.
pub async fn move_stop(pool: &PgPool, coop_id: i64, stop_id: i64, to_round: i64, position: i32) -> ServiceResult<()> {
    let mut tx = pool.begin().await?;
    let from: Option<(i64, i32, i64, String, String)> = sqlx::query_as(
        "SELECT rs.round_id, rs.position, r.cycle_id, r.kind, rs.status FROM round_stops rs
         JOIN rounds r ON r.id = rs.round_id WHERE rs.coop_id = $1 AND rs.id = $2 FOR UPDATE OF r",
    )
    .bind(coop_id)
    .bind(stop_id)
    .fetch_optional(&mut *tx)
    .await?;
    let (from_round, from_position, cycle_id, kind, status) = from.ok_or(ServiceError::NotFound)?;
    if status != StopStatus::Planned.code() {
        return Err(ServiceError::invalid(Msg::ErrStopAlreadyDone));
    }
    let target: Option<i64> = sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM round_stops WHERE round_id = r.id) FROM rounds r
         WHERE r.coop_id = $1 AND r.id = $2 AND r.cycle_id = $3 AND r.kind = $4 FOR UPDATE",
    )
    .bind(coop_id)
    .bind(to_round)
    .bind(cycle_id)
    .bind(&kind)
    .fetch_optional(&mut *tx)
    .await?;
    let target_len = target.ok_or(ServiceError::field("round_id", Msg::ErrChooseRound))?;
    sqlx::query("UPDATE round_stops SET position = position - 1 WHERE round_id = $1 AND position > $2")
        .bind(from_round)
        .bind(from_position)
        .execute(&mut *tx)
        .await?;
    let last = if from_round == to_round {
        target_len
    } else {
        target_len + 1
    };
    let position = i64::from(position).clamp(1, last.max(1)) as i32;
    sqlx::query("UPDATE round_stops SET position = position + 1 WHERE round_id = $1 AND position >= $2 AND id <> $3")
        .bind(to_round)
        .bind(position)
        .bind(stop_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE round_stops SET round_id = $2, position = $3 WHERE id = $1")
        .bind(stop_id)
        .bind(to_round)
        .bind(position)
        .execute(&mut *tx)
        .await?;
    // A trip left without stops is dropped; the vehicle's later trips move up.
    let emptied: Option<(i64, i32)> = sqlx::query_as(
        "DELETE FROM rounds r WHERE r.id = $1 AND NOT EXISTS (SELECT 1 FROM round_stops WHERE round_id = r.id)
         RETURNING vehicle_id, trip",
    )
    .bind(from_round)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((vehicle_id, trip)) = emptied {
        sqlx::query(
            "UPDATE rounds SET trip = trip - 1 WHERE cycle_id = $1 AND kind = $2 AND vehicle_id = $3 AND trip > $4",
        )
        .bind(cycle_id)
        .bind(&kind)
        .bind(vehicle_id)
        .bind(trip)
        .execute(&mut *tx)
        .await?;
    }
    retime(&mut tx, coop_id, cycle_id).await?;
    tx.commit().await?;
    Ok(())
}

/// Stores the recomputed times and distances of a cycle's rounds.
async fn retime(conn: &mut PgConnection, coop_id: i64, cycle_id: i64) -> ServiceResult<()> {
    let timezone: String = sqlx::query_scalar("SELECT timezone FROM coops WHERE id = $1")
        .bind(coop_id)
        .fetch_one(&mut *conn)
        .await?;
    let rounds = load_rounds(conn, coop_id, Some(cycle_id), None, crate::time::zone(&timezone)).await?;
    let stops: Vec<&StopView> = rounds.iter().flat_map(|r| &r.stops).collect();
    sqlx::query(
        "UPDATE rounds r SET departs_at = x.d, returns_at = x.r, distance_km = x.km
         FROM unnest($1::bigint[], $2::timestamptz[], $3::timestamptz[], $4::float8[]) AS x(id, d, r, km)
         WHERE r.id = x.id",
    )
    .bind(rounds.iter().map(|r| r.id).collect::<Vec<_>>())
    .bind(rounds.iter().map(|r| r.departs_at).collect::<Vec<_>>())
    .bind(rounds.iter().map(|r| r.returns_at).collect::<Vec<_>>())
    .bind(rounds.iter().map(|r| r.distance_km).collect::<Vec<_>>())
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE round_stops rs SET arrives_at = x.at FROM unnest($1::bigint[], $2::timestamptz[]) AS x(id, at)
         WHERE rs.id = x.id",
    )
    .bind(stops.iter().map(|s| s.id).collect::<Vec<_>>())
    .bind(stops.iter().map(|s| s.arrives_at).collect::<Vec<_>>())
    .execute(conn)
    .await?;
    Ok(())
}

/// A driver marks a stop delivered (or collected) or failed, with a note; or back to planned.
/// A home delivery marked done is a basket handed over, and a payment due at the door is
/// recorded when the driver says it was received.
pub async fn mark_stop(
    pool: &PgPool,
    coop_id: i64,
    driver: &CurrentUser,
    stop_id: i64,
    status: StopStatus,
    note: &str,
    paid: bool,
) -> ServiceResult<()> {
    let note = note.split_whitespace().collect::<Vec<_>>().join(" ");
    if note.chars().count() > 300 {
        return Err(ServiceError::field("note", Msg::ErrTooLong));
    }
    let mut tx = pool.begin().await?;
    let order: Option<Option<i64>> = sqlx::query_scalar(
        "UPDATE round_stops SET status = $3, note = $4, done_at = CASE WHEN $3 = 'planned' THEN NULL ELSE now() END,
             done_by = CASE WHEN $3 = 'planned' THEN NULL ELSE $5 END
         WHERE coop_id = $1 AND id = $2 RETURNING order_id",
    )
    .bind(coop_id)
    .bind(stop_id)
    .bind(status.code())
    .bind(&note)
    .bind(driver.id)
    .fetch_optional(&mut *tx)
    .await?;
    let order = order.ok_or(ServiceError::NotFound)?;
    if let Some(order_id) = order {
        match status {
            StopStatus::Done => crate::orders::store::hand_over(&mut tx, order_id, paid, driver.id).await?,
            StopStatus::Planned | StopStatus::Failed => {
                sqlx::query("UPDATE orders SET collected_at = NULL, updated_at = now() WHERE id = $1")
                    .bind(order_id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
    }
    tx.commit().await?;
    Ok(())
}
