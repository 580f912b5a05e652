//! Reading rounds back: the rounds page, the cycle's impact figures and a driver's manifest.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use sqlx::PgConnection;

use super::candidates::{collection_candidates, cycle_info, delivery_candidates, depot, local_day, suppliers_on};
use super::vehicles::{VehicleRow, vehicles};
use crate::ctx::Ctx;
use crate::cycles::CycleStatus;
use crate::error::{ServiceError, ServiceResult};
use crate::geo::Point;
use crate::hub::OrderLine;
use crate::hub::impact::{Counterfactual, DEFAULT_DETOUR_FACTOR, ImpactInput, Round, Vehicle, impact};
use crate::hub::rounds::{
    CycleImpact, Located, RoundKind, RoundView, RoundsPage, StopInput, StopRef, StopStatus, StopView, SupplierView,
    SupplyMode, VehicleView, road_km, schedule, vehicle_on,
};

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
    status: StopStatus,
    note: String,
    located: Option<Located>,
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

struct RoundRow {
    id: i64,
    kind: RoundKind,
    cycle_id: i64,
    vehicle_id: i64,
    trip: i32,
    departs_at: DateTime<Utc>,
}

/// Rounds (all of a cycle, or one) with their stops and vehicles; times and warnings recomputed
/// from the stops in order, so that a stop moved by hand shows its consequences.
pub(super) async fn load_rounds(
    conn: &mut PgConnection,
    coop_id: i64,
    cycle_id: Option<i64>,
    round_id: Option<i64>,
    tz: Tz,
) -> ServiceResult<Vec<RoundView>> {
    let rounds = sqlx::query_as!(
        RoundRow,
        r#"SELECT id, kind AS "kind: RoundKind", cycle_id, vehicle_id, trip, departs_at AS "departs_at: DateTime<Utc>"
         FROM rounds
         WHERE coop_id = $1 AND ($2::bigint IS NULL OR cycle_id = $2)
           AND ($3::bigint IS NULL OR cycle_id = (SELECT cycle_id FROM rounds WHERE id = $3))
         ORDER BY kind, vehicle_id, trip, id"#,
        coop_id,
        cycle_id,
        round_id,
    )
    .fetch_all(&mut *conn)
    .await?;
    if rounds.is_empty() {
        // Nothing planned: no need of the hub (a cooperative may have none yet).
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = rounds.iter().map(|r| r.id).collect();
    let stops = sqlx::query_as!(
        StopRow,
        r#"SELECT rs.id, rs.round_id, rs.position, rs.order_id, rs.pickup_point_id, rs.producer_id, rs.name, rs.address,
                rs.latitude, rs.longitude, rs.window_start AS "window_start: DateTime<Utc>",
                rs.window_end AS "window_end: DateTime<Utc>", rs.service_minutes,
                rs.load_grams, rs.volume_ml, rs.status AS "status: StopStatus", rs.note,
                CASE WHEN o.id IS NOT NULL THEN coalesce(o.delivery_located, 'zone') END AS "located: Located",
                CASE WHEN rs.pickup_point_id IS NOT NULL THEN
                    (SELECT count(*) FROM orders po JOIN slots s ON s.id = po.slot_id
                     WHERE po.cycle_id = r.cycle_id AND po.status = 'confirmed' AND s.pickup_point_id = rs.pickup_point_id)
                     WHEN rs.order_id IS NOT NULL THEN 1 ELSE 0 END AS "baskets!",
                CASE WHEN o.payment_method = 'pickup' THEN greatest(o.total_cents - o.paid_cents, 0) ELSE 0 END
                    AS "due_cents!",
                coalesce(o.delivery_phone, '') AS "phone!"
         FROM round_stops rs JOIN rounds r ON r.id = rs.round_id LEFT JOIN orders o ON o.id = rs.order_id
         WHERE rs.round_id = ANY($1) ORDER BY rs.round_id, rs.position, rs.id"#,
        &ids,
    )
    .fetch_all(&mut *conn)
    .await?;
    let vehicle_ids: BTreeSet<i64> = rounds.iter().map(|r| r.vehicle_id).collect();
    let vehicle_ids: Vec<i64> = vehicle_ids.into_iter().collect();
    let vehicles: HashMap<i64, VehicleView> = sqlx::query_as!(
        VehicleRow,
        r#"SELECT id, name, kind AS "kind: Vehicle", capacity_kg, capacity_litres, speed_kmh,
                shift_start AS "shift_start: NaiveTime", shift_end AS "shift_end: NaiveTime", max_trips, active
         FROM vehicles WHERE id = ANY($1)"#,
        &vehicle_ids,
    )
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
                kind: r.kind,
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
                        located: s.located,
                        window_start: s.window_start,
                        window_end: s.window_end,
                        arrives_at,
                        grams: s.load_grams,
                        volume_ml: s.volume_ml,
                        status: s.status,
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
pub async fn rounds_page(ctx: &Ctx, cycle_id: i64) -> ServiceResult<RoundsPage> {
    let coop_id = ctx.coop_id();
    let mut conn = ctx.pool.acquire().await?;
    let cycle = cycle_info(&mut conn, coop_id, cycle_id).await?;
    let (depot_name, depot) = depot(&mut conn, coop_id).await?;
    let rounds = load_rounds(&mut conn, coop_id, Some(cycle_id), None, cycle.tz).await?;
    let suppliers = suppliers_on(ctx, &mut conn, cycle_id).await?;
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
    let collections = collection_candidates(ctx, &mut conn, cycle_id, collection_day, cycle.tz).await?;
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
    let vehicles = vehicles(ctx).await?;
    Ok(RoundsPage {
        cycle_id,
        cycle_name: cycle.name,
        closed: cycle.status == CycleStatus::Closed,
        timezone: crate::time::Zone(cycle.tz),
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

/// A delivered cycle's impact for the territory's figures, once it has rounds: the figures
/// the rounds page shows, and the weight its rounds carried against what their vehicles hold.
pub async fn cycle_footprint(ctx: &Ctx, cycle_id: i64) -> ServiceResult<Option<crate::hub::rounds::Footprint>> {
    let coop_id = ctx.coop_id();
    let mut conn = ctx.pool.acquire().await?;
    let cycle = cycle_info(&mut conn, coop_id, cycle_id).await?;
    let rounds = load_rounds(&mut conn, coop_id, Some(cycle_id), None, cycle.tz).await?;
    if rounds.is_empty() {
        return Ok(None);
    }
    let (_, depot) = depot(&mut conn, coop_id).await?;
    let suppliers = suppliers_on(ctx, &mut conn, cycle_id).await?;
    let impact = cycle_impact(&mut conn, cycle_id, depot, &rounds, &suppliers).await?;
    Ok(Some(crate::hub::rounds::Footprint {
        impact,
        load_grams: rounds.iter().map(|r| r.grams).sum(),
        capacity_grams: rounds.iter().map(|r| i64::from(r.capacity_kg) * 1000).sum(),
    }))
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
    /// Who buys from whom in the cycle, and where both are.
    struct Link {
        order_id: i64,
        producer_id: i64,
        farm_latitude: Option<f64>,
        farm_longitude: Option<f64>,
        customer_latitude: Option<f64>,
        customer_longitude: Option<f64>,
    }
    let rows = sqlx::query_as!(
        Link,
        "SELECT DISTINCT l.order_id, p.producer_id, pr.latitude AS farm_latitude, pr.longitude AS farm_longitude,
                coalesce(o.delivery_latitude, z.latitude, pp.latitude) AS customer_latitude,
                coalesce(o.delivery_longitude, z.longitude, pp.longitude) AS customer_longitude
         FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN variants v ON v.id = l.variant_id
         JOIN products p ON p.id = v.product_id JOIN producers pr ON pr.id = p.producer_id
         JOIN slots s ON s.id = o.slot_id LEFT JOIN pickup_points pp ON pp.id = s.pickup_point_id
         LEFT JOIN delivery_zones z ON z.id = s.zone_id
         WHERE o.cycle_id = $1 AND o.status = 'confirmed' AND l.quantity > l.missing",
        cycle_id,
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut farms = HashMap::new();
    let mut customers = HashMap::new();
    let lines: Vec<OrderLine> = rows
        .into_iter()
        .map(|link| {
            let Link {
                order_id,
                producer_id,
                farm_latitude: flat,
                farm_longitude: flon,
                customer_latitude: clat,
                customer_longitude: clon,
            } = link;
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
pub async fn manifest(ctx: &Ctx, round_id: i64) -> ServiceResult<(RoundView, crate::time::Zone, Point)> {
    let coop_id = ctx.coop_id();
    let mut conn = ctx.pool.acquire().await?;
    let timezone = ctx.coop().timezone;
    let tz = timezone.tz();
    let round = load_rounds(&mut conn, coop_id, None, Some(round_id), tz)
        .await?
        .into_iter()
        .find(|r| r.id == round_id)
        .ok_or(ServiceError::NotFound)?;
    let (_, depot) = depot(&mut conn, coop_id).await?;
    Ok((round, timezone, depot))
}
