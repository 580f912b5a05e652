//! Vehicles: the form staff fill in, its parsing, and a vehicle's shift on a given day.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::schedule::VehicleSpec;
use crate::catalogue::FieldError;
use crate::hub::impact::Vehicle;
use crate::i18n::Msg;

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
