//! Rounds: the hub's vehicles going out and back. Collection rounds (first mile) visit farms to
//! pick their purchase orders up; delivery rounds (last mile) take baskets to homes and crates
//! to partner pickup points.
//!
//! The solver (`hub::planner`, server only) decides which vehicle serves which stop and in what
//! order. Everything a person sees afterwards — times, kilometres, loads, warnings after a stop
//! was moved by hand — is computed here from the stops in order, with the same distance model
//! as the solver: great-circle distance times a detour factor, at the vehicle's speed.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::impact::{DEFAULT_DETOUR_FACTOR, Vehicle};
use crate::catalogue::FieldError;
use crate::geo::{Point, haversine_km};
use crate::i18n::{Locale, Msg};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RoundKind {
    /// Farms to the hub.
    Collection,
    /// The hub to homes and pickup points.
    Delivery,
}

impl RoundKind {
    pub const ALL: [RoundKind; 2] = [RoundKind::Collection, RoundKind::Delivery];

    pub fn code(self) -> &'static str {
        match self {
            RoundKind::Collection => "collection",
            RoundKind::Delivery => "delivery",
        }
    }

    pub fn parse(code: &str) -> Option<RoundKind> {
        RoundKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            RoundKind::Collection => Msg::CollectionRounds,
            RoundKind::Delivery => Msg::DeliveryRounds,
        }
    }

    /// Minutes spent at a stop: handing a basket over at a door, unloading crates at a shop,
    /// loading a farm's order.
    pub fn service_minutes(self, what: StopRef) -> i64 {
        match (self, what) {
            (_, StopRef::Order(_)) => 3,
            (_, StopRef::PickupPoint(_)) => 10,
            (_, StopRef::Producer(_)) => 15,
        }
    }
}

/// Time at the hub between two trips of a vehicle: unloading, loading the next crates.
pub const RELOAD_MINUTES: i64 = 15;

/// Produce in crates takes about two litres per kilogram (0.5 kg per litre: vegetables, fruit,
/// bread; liquids and cheese are denser, salads lighter). Variants carry a shipping weight but
/// no volume, so volumes are estimated from weight with this figure, stated where it is used.
pub const ML_PER_GRAM: i64 = 2;

pub fn volume_ml(grams: i64) -> i64 {
    grams.max(0) * ML_PER_GRAM
}

/// What a stop is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum StopRef {
    /// A home delivery of this order.
    Order(i64),
    /// The crates of every order collected at this pickup point.
    PickupPoint(i64),
    /// This farm's purchase order.
    Producer(i64),
}

/// A place to visit, as the planner and the schedule need it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StopInput {
    pub what: StopRef,
    pub name: String,
    pub address: String,
    pub point: Point,
    /// Service must start within this window; arriving early means waiting.
    pub window_start: DateTime<Utc>,
    pub window_end: DateTime<Utc>,
    pub service_minutes: i64,
    pub grams: i64,
    pub volume_ml: i64,
}

/// A vehicle on a given day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VehicleSpec {
    pub id: i64,
    pub name: String,
    pub kind: Vehicle,
    pub capacity_kg: i32,
    pub capacity_litres: i32,
    pub speed_kmh: i32,
    pub shift_start: DateTime<Utc>,
    pub shift_end: DateTime<Utc>,
    pub max_trips: i32,
}

/// Something a person should look at in a schedule (after a stop was moved by hand, or when
/// the plan could not do better).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Warning {
    /// The stop at this position (0-based) is reached after its window closes.
    Late(usize),
    OverWeight,
    OverVolume,
    /// Back at the hub after the vehicle's shift ends.
    AfterShift,
    /// More trips than the vehicle may do in its shift.
    TooManyTrips,
}

impl Warning {
    pub fn describe(self, locale: Locale) -> String {
        match self {
            Warning::Late(i) => Msg::WarnLate.fill(locale, &[("n", &(i + 1).to_string())]),
            Warning::OverWeight => Msg::WarnOverWeight.text(locale).to_owned(),
            Warning::OverVolume => Msg::WarnOverVolume.text(locale).to_owned(),
            Warning::AfterShift => Msg::WarnAfterShift.text(locale).to_owned(),
            Warning::TooManyTrips => Msg::WarnTooManyTrips.text(locale).to_owned(),
        }
    }
}

/// One trip, timed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TripSchedule {
    pub departs_at: DateTime<Utc>,
    /// Arrival at each stop, in order.
    pub arrivals: Vec<DateTime<Utc>>,
    pub returns_at: DateTime<Utc>,
    pub distance_km: f64,
    pub grams: i64,
    pub volume_ml: i64,
    pub warnings: Vec<Warning>,
}

/// Road km between two points: great circle times the detour factor.
pub fn road_km(a: Point, b: Point) -> f64 {
    haversine_km(a, b) * DEFAULT_DETOUR_FACTOR
}

/// Driving minutes for `km` at `speed_kmh`.
pub fn drive_minutes(km: f64, speed_kmh: i32) -> f64 {
    km / f64::from(speed_kmh.max(1)) * 60.0
}

fn minutes(d: f64) -> Duration {
    Duration::milliseconds((d * 60_000.0).round() as i64)
}

/// Times, distances and loads of a vehicle's trips, each trip's stops in the given order.
///
/// A trip leaves the hub at the start of the shift (or after the previous trip's return and a
/// reload), but no earlier than needed to reach its first stop as that stop's window opens, so
/// drivers do not wait at the first door. Later early arrivals wait for their window. Nothing
/// is refused: what breaks a rule is reported in the trip's warnings.
pub fn schedule(depot: Point, vehicle: &VehicleSpec, trips: &[Vec<&StopInput>]) -> Vec<TripSchedule> {
    let mut out = Vec::with_capacity(trips.len());
    let mut ready = vehicle.shift_start;
    for (t, stops) in trips.iter().enumerate() {
        if t > 0 {
            ready += Duration::minutes(RELOAD_MINUTES);
        }
        let mut warnings = Vec::new();
        if t as i32 >= vehicle.max_trips {
            warnings.push(Warning::TooManyTrips);
        }
        let departs_at = match stops.first() {
            Some(first) => {
                let drive = minutes(drive_minutes(road_km(depot, first.point), vehicle.speed_kmh));
                ready.max(first.window_start - drive)
            }
            None => ready,
        };
        let mut at = depot;
        let mut now = departs_at;
        let mut distance_km = 0.0;
        let mut arrivals = Vec::with_capacity(stops.len());
        for (i, stop) in stops.iter().enumerate() {
            let km = road_km(at, stop.point);
            distance_km += km;
            now += minutes(drive_minutes(km, vehicle.speed_kmh));
            arrivals.push(now);
            // A second of slack absorbs rounding to the millisecond.
            if now > stop.window_end + Duration::seconds(1) {
                warnings.push(Warning::Late(i));
            }
            now = now.max(stop.window_start) + Duration::minutes(stop.service_minutes);
            at = stop.point;
        }
        let km = road_km(at, depot);
        distance_km += km;
        now += minutes(drive_minutes(km, vehicle.speed_kmh));
        let grams: i64 = stops.iter().map(|s| s.grams).sum();
        let volume: i64 = stops.iter().map(|s| s.volume_ml).sum();
        if grams > i64::from(vehicle.capacity_kg) * 1000 {
            warnings.push(Warning::OverWeight);
        }
        if volume > i64::from(vehicle.capacity_litres) * 1000 {
            warnings.push(Warning::OverVolume);
        }
        if now > vehicle.shift_end + Duration::seconds(1) {
            warnings.push(Warning::AfterShift);
        }
        out.push(TripSchedule {
            departs_at,
            arrivals,
            returns_at: now,
            distance_km,
            grams,
            volume_ml: volume,
            warnings,
        });
        ready = now;
    }
    out
}

/// Longest wait in the street worth keeping: beyond it a vehicle goes back to the hub between
/// two stops (the morning's shop drops and the evening's doorsteps become two trips).
pub const LONG_WAIT_MINUTES: i64 = 60;

/// Splits a vehicle's trips where it would wait more than [`LONG_WAIT_MINUTES`] before a stop,
/// when it may do one more trip and the split breaks no rule the plan kept: the solver counts
/// kilometres, not hours, so it happily leaves a bike at a door for half a day.
pub fn split_long_waits<'a>(
    depot: Point,
    vehicle: &VehicleSpec,
    mut trips: Vec<Vec<&'a StopInput>>,
) -> Vec<Vec<&'a StopInput>> {
    let long = Duration::minutes(LONG_WAIT_MINUTES);
    'again: while (trips.len() as i32) < vehicle.max_trips {
        let timed = schedule(depot, vehicle, &trips);
        let warnings: usize = timed.iter().map(|t| t.warnings.len()).sum();
        for (t, trip) in timed.iter().enumerate() {
            for k in 1..trips[t].len() {
                if trips[t][k].window_start - trip.arrivals[k] <= long {
                    continue;
                }
                let mut split = trips.clone();
                let tail = split[t].split_off(k);
                split.insert(t + 1, tail);
                let after: usize = schedule(depot, vehicle, &split).iter().map(|t| t.warnings.len()).sum();
                if after <= warnings {
                    trips = split;
                    continue 'again;
                }
            }
        }
        break;
    }
    trips
}

/// Fits points into a `width` × `height` drawing with `margin` around them: an equirectangular
/// projection (longitudes shrunk by the cosine of the mean latitude, north up), the same scale
/// on both axes so that distances look right. Good enough for a town or a département.
pub fn project(points: &[Point], width: f64, height: f64, margin: f64) -> Vec<(f64, f64)> {
    if points.is_empty() {
        return vec![];
    }
    let mean_lat = points.iter().map(|p| p.lat).sum::<f64>() / points.len() as f64;
    let shrink = mean_lat.to_radians().cos();
    let xs: Vec<f64> = points.iter().map(|p| p.lon * shrink).collect();
    let ys: Vec<f64> = points.iter().map(|p| p.lat).collect();
    let (min_x, max_x) = xs.iter().fold((f64::MAX, f64::MIN), |(a, b), &x| (a.min(x), b.max(x)));
    let (min_y, max_y) = ys.iter().fold((f64::MAX, f64::MIN), |(a, b), &y| (a.min(y), b.max(y)));
    let (span_x, span_y) = (max_x - min_x, max_y - min_y);
    let inner_w = (width - 2.0 * margin).max(1.0);
    let inner_h = (height - 2.0 * margin).max(1.0);
    let scale = match (span_x > 0.0, span_y > 0.0) {
        (true, true) => (inner_w / span_x).min(inner_h / span_y),
        (true, false) => inner_w / span_x,
        (false, true) => inner_h / span_y,
        (false, false) => 0.0,
    };
    // Centred in the drawing whatever the aspect ratio.
    let off_x = margin + (inner_w - span_x * scale) / 2.0;
    let off_y = margin + (inner_h - span_y * scale) / 2.0;
    xs.iter()
        .zip(&ys)
        .map(|(x, y)| (off_x + (x - min_x) * scale, off_y + (max_y - y) * scale))
        .collect()
}

/// A vehicle as staff type it in.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VehicleInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub capacity_kg: String,
    #[serde(default)]
    pub capacity_litres: String,
    #[serde(default)]
    pub speed_kmh: String,
    #[serde(default)]
    pub shift_start: String,
    #[serde(default)]
    pub shift_end: String,
    #[serde(default)]
    pub max_trips: String,
}

/// A vehicle of the cooperative, checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VehicleFields {
    pub name: String,
    pub kind: Vehicle,
    pub capacity_kg: i32,
    pub capacity_litres: i32,
    pub speed_kmh: i32,
    pub shift_start: NaiveTime,
    pub shift_end: NaiveTime,
    pub max_trips: i32,
}

/// The kinds of vehicle a hub runs itself, with their label.
pub const VEHICLE_KINDS: [(Vehicle, Msg); 3] = [
    (Vehicle::CargoBike, Msg::VehicleCargoBike),
    (Vehicle::ElectricVan, Msg::VehicleElectricVan),
    (Vehicle::DieselVan, Msg::VehicleDieselVan),
];

pub fn vehicle_label(kind: Vehicle) -> Msg {
    match kind {
        Vehicle::CargoBike => Msg::VehicleCargoBike,
        Vehicle::ElectricVan => Msg::VehicleElectricVan,
        Vehicle::DieselVan => Msg::VehicleDieselVan,
        Vehicle::Car => Msg::VehicleCar,
    }
}

fn field_error(field: &str, msg: Msg) -> FieldError {
    FieldError {
        field: field.to_owned(),
        msg,
    }
}

fn whole(raw: &str, min: i32, max: i32) -> Option<i32> {
    let digits: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    digits.parse::<i32>().ok().filter(|n| (min..=max).contains(n))
}

/// "8:00", "08:00" or "8h30".
pub fn parse_time_of_day(raw: &str) -> Option<NaiveTime> {
    let raw = raw.trim().to_ascii_lowercase().replace('h', ":");
    let raw = if raw.ends_with(':') { format!("{raw}00") } else { raw };
    NaiveTime::parse_from_str(&raw, "%H:%M").ok()
}

pub fn parse_vehicle(input: &VehicleInput) -> Result<VehicleFields, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = input.name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() || name.chars().count() > 80 {
        errors.push(field_error("name", Msg::ErrNameLength));
    }
    let kind = Vehicle::parse(input.kind.trim()).filter(|k| VEHICLE_KINDS.iter().any(|(v, _)| v == k));
    if kind.is_none() {
        errors.push(field_error("kind", Msg::ErrVehicleKind));
    }
    let mut number = |raw: &str, field: &str, min: i32, max: i32, msg: Msg| {
        let n = whole(raw, min, max);
        if n.is_none() {
            errors.push(field_error(field, msg));
        }
        n.unwrap_or(min)
    };
    let capacity_kg = number(&input.capacity_kg, "capacity_kg", 1, 2000, Msg::ErrCapacityKg);
    let capacity_litres = number(
        &input.capacity_litres,
        "capacity_litres",
        1,
        20000,
        Msg::ErrCapacityLitres,
    );
    let speed_kmh = number(&input.speed_kmh, "speed_kmh", 3, 130, Msg::ErrSpeed);
    let max_trips = if input.max_trips.trim().is_empty() {
        1
    } else {
        number(&input.max_trips, "max_trips", 1, 10, Msg::ErrMaxTrips)
    };
    let start = parse_time_of_day(&input.shift_start);
    let end = parse_time_of_day(&input.shift_end);
    match (start, end) {
        (Some(s), Some(e)) if e > s => {}
        (None, _) => errors.push(field_error("shift_start", Msg::ErrTimeOfDay)),
        (_, None) => errors.push(field_error("shift_end", Msg::ErrTimeOfDay)),
        _ => errors.push(field_error("shift_end", Msg::ErrShiftOrder)),
    }
    match (kind, start, end) {
        (Some(kind), Some(shift_start), Some(shift_end)) if errors.is_empty() => Ok(VehicleFields {
            name,
            kind,
            capacity_kg,
            capacity_litres,
            speed_kmh,
            shift_start,
            shift_end,
            max_trips,
        }),
        _ => Err(errors),
    }
}

/// The instant a local time of day falls on, on `day` in `tz` (the later one when clocks go
/// back, the first valid minute after the gap when they go forward).
pub fn at_local(day: NaiveDate, time: NaiveTime, tz: Tz) -> DateTime<Utc> {
    let local = day.and_time(time);
    match tz.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) => t.with_timezone(&Utc),
        chrono::LocalResult::Ambiguous(_, later) => later.with_timezone(&Utc),
        chrono::LocalResult::None => {
            let later = local + Duration::hours(1);
            tz.from_local_datetime(&later)
                .earliest()
                .map_or_else(|| Utc.from_utc_datetime(&local), |t| t.with_timezone(&Utc))
        }
    }
}

/// A vehicle's shift on `day`.
pub fn vehicle_on(id: i64, v: &VehicleFields, day: NaiveDate, tz: Tz) -> VehicleSpec {
    VehicleSpec {
        id,
        name: v.name.clone(),
        kind: v.kind,
        capacity_kg: v.capacity_kg,
        capacity_litres: v.capacity_litres,
        speed_kmh: v.speed_kmh,
        shift_start: at_local(day, v.shift_start, tz),
        shift_end: at_local(day, v.shift_end, tz),
        max_trips: v.max_trips,
    }
}

/// What a planning run did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanOutcome {
    pub rounds: usize,
    pub stops: usize,
    pub unassigned: usize,
}

/// A vehicle of the cooperative.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VehicleView {
    pub id: i64,
    pub fields: VehicleFields,
    pub active: bool,
}

/// Where a driver is with a stop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StopStatus {
    Planned,
    Done,
    Failed,
}

impl StopStatus {
    pub const ALL: [StopStatus; 3] = [StopStatus::Planned, StopStatus::Done, StopStatus::Failed];

    pub fn code(self) -> &'static str {
        match self {
            StopStatus::Planned => "planned",
            StopStatus::Done => "done",
            StopStatus::Failed => "failed",
        }
    }

    pub fn parse(code: &str) -> Option<StopStatus> {
        StopStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            StopStatus::Planned => Msg::StopPlanned,
            StopStatus::Done => Msg::StopDone,
            StopStatus::Failed => Msg::StopFailed,
        }
    }
}

/// How precisely a home delivery is placed on the map.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Located {
    /// The address itself.
    Address,
    /// Its delivery zone's centre: only approximate until staff place it.
    ZoneCentre,
    /// Placed by hand by staff.
    Staff,
}

impl Located {
    pub fn code(self) -> &'static str {
        match self {
            Located::Address => "address",
            Located::ZoneCentre => "zone",
            Located::Staff => "staff",
        }
    }

    pub fn parse(code: &str) -> Option<Located> {
        [Located::Address, Located::ZoneCentre, Located::Staff]
            .into_iter()
            .find(|l| l.code() == code)
    }
}

/// A stop of a planned round, as staff and drivers see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StopView {
    pub id: i64,
    pub position: i32,
    pub what: StopRef,
    pub name: String,
    pub address: String,
    /// A home delivery's phone, when the buyer gave one ("" otherwise).
    pub phone: String,
    pub point: Point,
    pub located: Option<Located>,
    pub window_start: DateTime<Utc>,
    pub window_end: DateTime<Utc>,
    pub arrives_at: DateTime<Utc>,
    pub grams: i64,
    pub volume_ml: i64,
    pub status: StopStatus,
    pub note: String,
    /// Baskets dropped (a pickup point) or handed over (a home): 1 for a home.
    pub baskets: i64,
    /// For a home delivery paid at the door: what the driver collects.
    pub due_cents: i64,
}

/// One trip of one vehicle, with its stops in order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundView {
    pub id: i64,
    pub kind: RoundKind,
    pub cycle_id: i64,
    pub vehicle_id: i64,
    pub vehicle_name: String,
    pub vehicle_kind: Vehicle,
    pub trip: i32,
    pub capacity_kg: i32,
    pub capacity_litres: i32,
    pub departs_at: DateTime<Utc>,
    pub returns_at: DateTime<Utc>,
    pub distance_km: f64,
    pub grams: i64,
    pub volume_ml: i64,
    pub warnings: Vec<Warning>,
    pub stops: Vec<StopView>,
}

/// A stop that is not on any round, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Unplanned {
    pub what: StopRef,
    pub name: String,
    pub address: String,
    /// No coordinates: the stop cannot be planned until it is placed.
    pub unlocated: bool,
    pub day: NaiveDate,
}

/// A time window: from, to.
pub type Window = (DateTime<Utc>, DateTime<Utc>);

/// How a producer's goods reach the hub for a cycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SupplyMode {
    /// The producer brings the goods to the hub within a window.
    DropOff,
    /// A collection round picks them up at the farm.
    Collection,
}

impl SupplyMode {
    pub const ALL: [SupplyMode; 2] = [SupplyMode::DropOff, SupplyMode::Collection];

    pub fn code(self) -> &'static str {
        match self {
            SupplyMode::DropOff => "drop_off",
            SupplyMode::Collection => "collection",
        }
    }

    pub fn parse(code: &str) -> Option<SupplyMode> {
        SupplyMode::ALL.into_iter().find(|m| m.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            SupplyMode::DropOff => Msg::SupplyDropOff,
            SupplyMode::Collection => Msg::SupplyCollection,
        }
    }
}

/// A producer with a purchase order in the cycle, and how the goods come.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SupplierView {
    pub producer_id: i64,
    pub farm_name: String,
    pub town: String,
    pub located: bool,
    pub grams: i64,
    pub mode: Option<SupplyMode>,
    pub drop_off: Option<Window>,
}

/// Everything on a cycle's rounds page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundsPage {
    pub cycle_id: i64,
    pub cycle_name: String,
    pub closed: bool,
    pub timezone: String,
    pub depot_name: String,
    pub depot: Point,
    pub vehicles: Vec<VehicleView>,
    pub suppliers: Vec<SupplierView>,
    pub rounds: Vec<RoundView>,
    pub unplanned: Vec<Unplanned>,
    /// Days with deliveries, and the suggested day for each kind of round.
    pub delivery_days: Vec<NaiveDate>,
    pub delivery_day: NaiveDate,
    pub collection_day: NaiveDate,
    pub impact: Option<CycleImpact>,
}

/// The cycle's kilometres and emissions against both counterfactuals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CycleImpact {
    pub hub: super::Impact,
    pub cars: super::Impact,
    /// Km producers drive to drop their goods at the hub themselves (counted in `hub`).
    pub drop_off_km: f64,
    pub rounds_km: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    const HUB: Point = Point {
        lat: 50.6297,
        lon: 3.0871,
    };

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 5, h, m, 0).unwrap()
    }

    fn bike() -> VehicleSpec {
        VehicleSpec {
            id: 1,
            name: "Vélo 1".into(),
            kind: Vehicle::CargoBike,
            capacity_kg: 100,
            capacity_litres: 300,
            speed_kmh: 15,
            shift_start: at(8, 0),
            shift_end: at(12, 0),
            max_trips: 2,
        }
    }

    fn stop(id: i64, lat: f64, lon: f64, from: DateTime<Utc>, to: DateTime<Utc>, grams: i64) -> StopInput {
        StopInput {
            what: StopRef::Order(id),
            name: format!("n° {id}"),
            address: String::new(),
            point: Point { lat, lon },
            window_start: from,
            window_end: to,
            service_minutes: 3,
            grams,
            volume_ml: volume_ml(grams),
        }
    }

    #[test]
    fn a_trip_adds_up_driving_waiting_and_service() {
        let a = stop(1, 50.6400, 3.0871, at(8, 0), at(12, 0), 10_000);
        let b = stop(2, 50.6400, 3.1000, at(10, 0), at(12, 0), 5_000);
        let v = bike();
        let s = schedule(HUB, &v, &[vec![&a, &b]]);
        assert_eq!(s.len(), 1);
        let trip = &s[0];
        let legs = [road_km(HUB, a.point), road_km(a.point, b.point), road_km(b.point, HUB)];
        assert!((trip.distance_km - legs.iter().sum::<f64>()).abs() < 1e-9);
        // The first window is open: leave at the start of the shift.
        assert_eq!(trip.departs_at, at(8, 0));
        assert_eq!(trip.arrivals[0], at(8, 0) + minutes(drive_minutes(legs[0], 15)));
        // Early at b: it waits for 10:00, serves 3 minutes, rides home.
        assert!(trip.arrivals[1] < at(10, 0));
        assert_eq!(
            trip.returns_at,
            at(10, 3) + minutes(drive_minutes(legs[2], 15)),
            "service starts when the window opens"
        );
        assert_eq!((trip.grams, trip.volume_ml), (15_000, 30_000));
        assert!(trip.warnings.is_empty(), "{:?}", trip.warnings);
    }

    #[test]
    fn a_trip_leaves_late_enough_not_to_wait_at_its_first_stop() {
        let a = stop(1, 50.6400, 3.0871, at(9, 0), at(10, 0), 1_000);
        let s = schedule(HUB, &bike(), &[vec![&a]]);
        assert_eq!(s[0].arrivals[0], at(9, 0));
        assert!(s[0].departs_at > at(8, 0));
    }

    #[test]
    fn a_second_trip_starts_after_the_first_and_a_reload() {
        let a = stop(1, 50.6400, 3.0871, at(8, 0), at(12, 0), 1_000);
        let b = stop(2, 50.6200, 3.0871, at(8, 0), at(12, 0), 1_000);
        let s = schedule(HUB, &bike(), &[vec![&a], vec![&b]]);
        assert_eq!(s[1].departs_at, s[0].returns_at + Duration::minutes(RELOAD_MINUTES));
    }

    #[test]
    fn broken_rules_are_reported_not_refused() {
        // 20 km away by cargo bike, with a window that closed before the bike can get there.
        let far = stop(1, 50.8, 3.0871, at(8, 0), at(8, 30), 160_000);
        let mut v = bike();
        v.max_trips = 1;
        v.shift_end = at(9, 0);
        let s = schedule(HUB, &v, &[vec![&far], vec![&far]]);
        let w = &s[0].warnings;
        assert!(w.contains(&Warning::Late(0)), "{w:?}");
        assert!(w.contains(&Warning::OverWeight));
        assert!(w.contains(&Warning::OverVolume));
        assert!(w.contains(&Warning::AfterShift));
        assert!(s[1].warnings.contains(&Warning::TooManyTrips));
        assert!(!s[0].warnings.contains(&Warning::TooManyTrips));
    }

    #[test]
    fn a_long_wait_becomes_a_second_trip_when_the_vehicle_may_do_one() {
        // A shop before 10:00, then a doorstep from 17:00: one trip would wait seven hours.
        let shop = stop(1, 50.6400, 3.0871, at(7, 0), at(9, 0), 10_000);
        let home = stop(2, 50.6350, 3.0800, at(16, 0), at(19, 0), 5_000);
        let mut v = bike();
        v.shift_end = at(20, 0);
        let split = split_long_waits(HUB, &v, vec![vec![&shop, &home]]);
        assert_eq!(split, vec![vec![&shop], vec![&home]]);
        let timed = schedule(HUB, &v, &split);
        assert!(timed.iter().all(|t| t.warnings.is_empty()));
        assert!(
            timed[1].departs_at > at(15, 0),
            "the second trip leaves in the afternoon"
        );
        // No second trip allowed: the wait stays.
        v.max_trips = 1;
        assert_eq!(split_long_waits(HUB, &v, vec![vec![&shop, &home]]).len(), 1);
        // Short waits are not worth a trip.
        let soon = stop(3, 50.6350, 3.0800, at(8, 30), at(19, 0), 5_000);
        v.max_trips = 3;
        assert_eq!(split_long_waits(HUB, &v, vec![vec![&shop, &soon]]).len(), 1);
    }

    #[test]
    fn the_map_keeps_proportions_and_puts_north_up() {
        let points = [
            Point { lat: 50.60, lon: 3.00 },
            Point { lat: 50.70, lon: 3.20 },
            Point { lat: 50.65, lon: 3.10 },
        ];
        let xy = project(&points, 400.0, 300.0, 20.0);
        // North is up: the northern point has the smaller y.
        assert!(xy[1].1 < xy[0].1);
        // East is right.
        assert!(xy[1].0 > xy[0].0);
        for (x, y) in &xy {
            assert!((20.0 - 1e-9..=380.0 + 1e-9).contains(x), "{x}");
            assert!((20.0 - 1e-9..=280.0 + 1e-9).contains(y), "{y}");
        }
        // Same scale on both axes: ground distance ratios survive the projection.
        let screen = |i: usize, j: usize| (xy[i].0 - xy[j].0).hypot(xy[i].1 - xy[j].1);
        let ground = |i: usize, j: usize| haversine_km(points[i], points[j]);
        let ratio = (screen(0, 1) / ground(0, 1)) / (screen(0, 2) / ground(0, 2));
        assert!((ratio - 1.0).abs() < 0.01, "{ratio}");
        // One point, or none, still draws.
        assert_eq!(project(&points[..1], 400.0, 300.0, 20.0), vec![(200.0, 150.0)]);
        assert!(project(&[], 400.0, 300.0, 20.0).is_empty());
    }

    #[test]
    fn vehicles_are_checked_field_by_field() {
        let good = VehicleInput {
            name: " Vélo  cargo 1 ".into(),
            kind: "cargo_bike".into(),
            capacity_kg: "120".into(),
            capacity_litres: "400".into(),
            speed_kmh: "15".into(),
            shift_start: "8h".into(),
            shift_end: "12:30".into(),
            max_trips: "".into(),
        };
        let v = parse_vehicle(&good).unwrap();
        assert_eq!(v.name, "Vélo cargo 1");
        assert_eq!(v.kind, Vehicle::CargoBike);
        assert_eq!(v.shift_start, NaiveTime::from_hms_opt(8, 0, 0).unwrap());
        assert_eq!(v.shift_end, NaiveTime::from_hms_opt(12, 30, 0).unwrap());
        assert_eq!(v.max_trips, 1);

        let bad = VehicleInput {
            name: "".into(),
            kind: "car".into(),
            capacity_kg: "0".into(),
            capacity_litres: "lots".into(),
            speed_kmh: "300".into(),
            shift_start: "12:00".into(),
            shift_end: "08:00".into(),
            max_trips: "11".into(),
        };
        let fields: Vec<String> = parse_vehicle(&bad).unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "name",
                "kind",
                "capacity_kg",
                "capacity_litres",
                "speed_kmh",
                "max_trips",
                "shift_end"
            ]
        );
    }

    #[test]
    fn local_shifts_follow_the_time_zone() {
        let tz = chrono_tz::Europe::Paris;
        let day = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        assert_eq!(at_local(day, NaiveTime::from_hms_opt(8, 0, 0).unwrap(), tz), at(7, 0));
        let summer = NaiveDate::from_ymd_opt(2026, 7, 4).unwrap();
        assert_eq!(
            at_local(summer, NaiveTime::from_hms_opt(8, 0, 0).unwrap(), tz),
            Utc.with_ymd_and_hms(2026, 7, 4, 6, 0, 0).unwrap()
        );
        // 02:30 does not exist on the last Sunday of March in Paris.
        let spring = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap();
        assert_eq!(
            at_local(spring, NaiveTime::from_hms_opt(2, 30, 0).unwrap(), tz),
            Utc.with_ymd_and_hms(2026, 3, 29, 1, 30, 0).unwrap()
        );
    }
}
