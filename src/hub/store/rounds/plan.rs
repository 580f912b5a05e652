//! Planning a cycle's rounds: placing deliveries on the map, claiming the planning so that it
//! runs once, solving, and writing the stops.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use sqlx::{PgConnection, PgPool};

use super::candidates::{collection_candidates, cycle_info, delivery_candidates, depot};
use super::stops::retime;
use super::vehicles::VehicleRow;
use crate::ctx::Ctx;
use crate::cycles::CycleStatus;
use crate::error::{ServiceError, ServiceResult};
use crate::geo::Point;
use crate::geo::geocode::Geocoder;
use crate::hub::impact::Vehicle;
use crate::hub::rounds::{PlanOutcome, RoundKind, StopInput, StopRef, VehicleSpec, schedule, vehicle_on};
use crate::i18n::Msg;

/// Asks the geocoder for the home deliveries of the cycle that have no point yet, a few at a
/// time; what it cannot place stays at its zone's centre (and is shown as approximate). No
/// database connection is held while the geocoder answers: the pool serves others meanwhile.
async fn locate_deliveries(pool: &PgPool, cycle_id: i64, geocoder: &Geocoder) -> ServiceResult<()> {
    #[derive(Clone)]
    struct Missing {
        id: i64,
        delivery_address: String,
        delivery_postcode: String,
    }
    let missing = sqlx::query_as!(
        Missing,
        "SELECT o.id, o.delivery_address, o.delivery_postcode FROM orders o JOIN slots s ON s.id = o.slot_id
         WHERE o.cycle_id = $1 AND o.status = 'confirmed' AND s.zone_id IS NOT NULL AND o.delivery_latitude IS NULL",
        cycle_id,
    )
    .fetch_all(pool)
    .await?;
    if missing.is_empty() {
        return Ok(());
    }
    let mut found = Vec::new();
    for chunk in missing.chunks(8) {
        let mut lookups = tokio::task::JoinSet::new();
        for Missing {
            id,
            delivery_address: address,
            delivery_postcode: postcode,
        } in chunk.iter().cloned()
        {
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
    crate::orders::store::locate(pool, &found).await
}

/// Staff place a home delivery by hand (the address was not found, or found wrong); a planned
/// stop for it moves too, and the cycle's rounds are retimed.
pub async fn place_delivery(ctx: &Ctx, order_id: i64, point: Point) -> ServiceResult<()> {
    let coop_id = ctx.coop_id();
    let mut tx = ctx.pool.begin().await?;
    let cycle = crate::orders::store::place_by_staff(&mut tx, coop_id, order_id, point).await?;
    let cycle = cycle.ok_or(ServiceError::NotFound)?;
    let moved = sqlx::query!(
        "UPDATE round_stops SET latitude = $2, longitude = $3 WHERE order_id = $1",
        order_id,
        point.lat,
        point.lon,
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if moved > 0 {
        retime(&mut tx, coop_id, cycle).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// What staff ask the planner for: rounds of `kind` on `day` with these vehicles, and the
/// geocoder that places home deliveries first, when one is configured.
#[derive(Clone, Copy)]
pub struct PlanRequest<'a> {
    pub kind: RoundKind,
    pub day: NaiveDate,
    pub vehicle_ids: &'a [i64],
    pub geocoder: Option<&'a Geocoder>,
}

/// Plans a closed cycle's rounds of `kind` on `day` with the chosen vehicles, replacing the
/// previous plan of that kind (refused once a driver has marked a stop).
pub async fn plan_rounds(ctx: &Ctx, cycle_id: i64, what: &PlanRequest<'_>) -> ServiceResult<PlanOutcome> {
    let mut claim = PlanningClaim::take(&ctx.pool, ctx.coop_id(), cycle_id).await?;
    let result = plan_claimed(ctx, cycle_id, what).await;
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
        let taken = sqlx::query!(
            "UPDATE order_cycles SET rounds_planning_since = now()
             WHERE coop_id = $1 AND id = $2
               AND (rounds_planning_since IS NULL OR rounds_planning_since < now() - make_interval(mins => $3))",
            coop_id,
            cycle_id,
            PLANNING_CLAIM_MINUTES,
        )
        .execute(pool)
        .await?
        .rows_affected();
        if taken == 0 {
            let exists = sqlx::query_scalar!(
                r#"SELECT EXISTS (SELECT 1 FROM order_cycles WHERE coop_id = $1 AND id = $2) AS "exists!""#,
                coop_id,
                cycle_id,
            )
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
        sqlx::query!(
            "UPDATE order_cycles SET rounds_planning_since = NULL WHERE id = $1",
            cycle_id
        )
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

async fn plan_claimed(ctx: &Ctx, cycle_id: i64, what: &PlanRequest<'_>) -> ServiceResult<PlanOutcome> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    let &PlanRequest {
        kind,
        day,
        vehicle_ids,
        geocoder,
    } = what;
    let mut conn = pool.acquire().await?;
    let cycle = cycle_info(&mut conn, coop_id, cycle_id).await?;
    if cycle.status != CycleStatus::Closed {
        return Err(ServiceError::invalid(Msg::ErrRoundsNeedClosedCycle));
    }
    let (_, depot) = depot(&mut conn, coop_id).await?;
    let fleet = sqlx::query_as!(
        VehicleRow,
        r#"SELECT id, name, kind AS "kind: Vehicle", capacity_kg, capacity_litres, speed_kmh,
                shift_start AS "shift_start: NaiveTime", shift_end AS "shift_end: NaiveTime", max_trips, active
         FROM vehicles WHERE coop_id = $1 AND active AND id = ANY($2) ORDER BY id"#,
        coop_id,
        vehicle_ids,
    )
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
        RoundKind::Collection => collection_candidates(ctx, &mut conn, cycle_id, day, cycle.tz).await?,
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
    let seconds = crate::hub::planner::default_seconds(stops.len());
    let (stops, fleet, plan) = tokio::task::spawn_blocking(move || {
        let plan = crate::hub::planner::plan(depot, &stops, &fleet, seconds);
        (stops, fleet, plan)
    })
    .await
    .map_err(|e| ServiceError::Internal(format!("planner task: {e}")))?;
    let plan = plan.map_err(ServiceError::Internal)?;

    let mut tx = pool.begin().await?;
    // One planning at a time per cycle; the cycle row is the lock.
    sqlx::query_scalar!("SELECT id FROM order_cycles WHERE id = $1 FOR UPDATE", cycle_id)
        .fetch_optional(&mut *tx)
        .await?;
    let started = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM round_stops rs JOIN rounds r ON r.id = rs.round_id
             WHERE r.cycle_id = $1 AND r.kind = $2 AND rs.status <> 'planned') AS "started!""#,
        cycle_id,
        kind.code(),
    )
    .fetch_one(&mut *tx)
    .await?;
    if started {
        return Err(ServiceError::invalid(Msg::ErrRoundsStarted));
    }
    sqlx::query!(
        "DELETE FROM rounds WHERE cycle_id = $1 AND kind = $2",
        cycle_id,
        kind.code()
    )
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
            let trip_number = t as i32 + 1;
            // `as _` on times: the macros would take `time`'s type for them; ours are chrono's.
            let round_id = sqlx::query_scalar!(
                "INSERT INTO rounds (coop_id, cycle_id, kind, vehicle_id, trip, departs_at, returns_at, distance_km)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                coop_id,
                cycle_id,
                kind.code(),
                vehicle.id,
                trip_number,
                timed.departs_at as _,
                timed.returns_at as _,
                timed.distance_km,
            )
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
    let positions: Vec<i32> = (1..=stops.len() as i32).collect();
    let names: Vec<String> = stops.iter().map(|s| s.name.clone()).collect();
    let addresses: Vec<String> = stops.iter().map(|s| s.address.clone()).collect();
    let lats: Vec<f64> = stops.iter().map(|s| s.point.lat).collect();
    let lons: Vec<f64> = stops.iter().map(|s| s.point.lon).collect();
    let window_starts: Vec<DateTime<Utc>> = stops.iter().map(|s| s.window_start).collect();
    let window_ends: Vec<DateTime<Utc>> = stops.iter().map(|s| s.window_end).collect();
    let service: Vec<i32> = stops.iter().map(|s| s.service_minutes as i32).collect();
    let grams: Vec<i64> = stops.iter().map(|s| s.grams).collect();
    let volumes: Vec<i64> = stops.iter().map(|s| s.volume_ml).collect();
    // `as _`: arrays with NULLs (a stop is one of order, pickup point or farm), and chrono times
    // where the macros would take `time`'s type.
    sqlx::query!(
        "INSERT INTO round_stops (round_id, coop_id, position, order_id, pickup_point_id, producer_id, name, address,
             latitude, longitude, window_start, window_end, arrives_at, service_minutes, load_grams, volume_ml)
         SELECT $1, $2, x.position, x.o, x.pp, x.p, x.name, x.address, x.lat, x.lon, x.ws, x.we, x.at, x.service,
                x.grams, x.ml
         FROM unnest($3::int[], $4::bigint[], $5::bigint[], $6::bigint[], $7::text[], $8::text[], $9::float8[],
                     $10::float8[], $11::timestamptz[], $12::timestamptz[], $13::timestamptz[], $14::int[],
                     $15::bigint[], $16::bigint[])
              AS x(position, o, pp, p, name, address, lat, lon, ws, we, at, service, grams, ml)",
        round_id,
        coop_id,
        &positions,
        &orders as _,
        &points as _,
        &farms as _,
        &names,
        &addresses,
        &lats,
        &lons,
        &window_starts as _,
        &window_ends as _,
        arrivals as _,
        &service,
        &grams,
        &volumes,
    )
    .execute(conn)
    .await?;
    Ok(())
}
