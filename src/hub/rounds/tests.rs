//! Tests of the rounds' pure rules: schedules, warnings, waits, vehicles and the map.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};

use super::schedule::minutes;
use super::*;
use crate::geo::Point;
use crate::hub::impact::Vehicle;

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
