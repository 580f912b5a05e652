//! A round's timetable from its stops in order: distances, driving times, loads, warnings, long
//! waits split into trips, and the map's projection.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::geo::{Point, haversine_km};
use crate::hub::impact::{DEFAULT_DETOUR_FACTOR, Vehicle};
use crate::i18n::{Locale, Msg};

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

pub(super) fn minutes(d: f64) -> Duration {
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
