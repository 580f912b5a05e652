//! Rounds planned by the vehicle-routing solver: which vehicle serves which stop, on which of
//! its trips, in what order. Times are minutes from the earliest shift start; distances are road
//! km estimated like everywhere else in the hub ([`super::rounds::road_km`]).

use chrono::{DateTime, Utc};

use super::impact::DEFAULT_DETOUR_FACTOR;
use super::rounds::{RELOAD_MINUTES, StopInput, VehicleSpec, schedule, split_long_waits};
use crate::geo::Point;
use crate::routing::{self, Depot, Job, Objective, Problem, SolveOptions, TimeWindow, TravelMatrix, VehicleType};

/// The speed the travel matrix is computed at; each vehicle scales it by its own speed.
const MATRIX_KMH: f64 = 60.0;

/// A vehicle's trips, each the indices of its stops in visiting order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VehiclePlan {
    /// Index into the vehicles given to [`plan`].
    pub vehicle: usize,
    pub trips: Vec<Vec<usize>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub vehicles: Vec<VehiclePlan>,
    /// Stops no vehicle could take (too heavy, out of reach within the shifts or windows).
    pub unassigned: Vec<usize>,
    pub distance_km: f64,
}

/// How long the solver may search for `stops` stops: a couple of seconds for a town's evening,
/// up to 20 s for several hundred stops. It stops earlier when the plan stops improving.
pub fn default_seconds(stops: usize) -> f64 {
    (stops as f64 / 15.0).clamp(2.0, 20.0)
}

fn minutes_since(origin: DateTime<Utc>, at: DateTime<Utc>) -> f64 {
    (at - origin).num_milliseconds() as f64 / 60_000.0
}

/// Fewest vehicles first (fewer drivers to find), then the shortest distance, within capacities
/// (kg and litres), time windows and shifts, several trips per vehicle from the hub.
pub fn plan(depot: Point, stops: &[StopInput], vehicles: &[VehicleSpec], seconds: f64) -> Result<Plan, String> {
    if stops.is_empty() || vehicles.is_empty() {
        return Ok(Plan {
            vehicles: vec![],
            unassigned: (0..stops.len()).collect(),
            distance_km: 0.0,
        });
    }
    let origin = vehicles.iter().map(|v| v.shift_start).min().unwrap_or_else(Utc::now);
    let end = vehicles.iter().map(|v| v.shift_end).max().unwrap_or(origin);
    let mut points = Vec::with_capacity(stops.len() + 1);
    points.push(depot);
    points.extend(stops.iter().map(|s| s.point));
    let matrix = TravelMatrix::haversine(&points, DEFAULT_DETOUR_FACTOR, MATRIX_KMH)?;
    let jobs = stops
        .iter()
        .enumerate()
        .map(|(i, s)| Job {
            id: i.to_string(),
            location: i + 1,
            // Grams and decilitres: both fit the solver's 32-bit loads for any real vehicle.
            demand: vec![clamp_i32(s.grams), clamp_i32((s.volume_ml.max(0) + 99) / 100)],
            service: s.service_minutes as f64,
            window: TimeWindow::new(
                minutes_since(origin, s.window_start),
                minutes_since(origin, s.window_end).max(minutes_since(origin, s.window_start)),
            ),
        })
        .collect();
    let fleet = vehicles
        .iter()
        .map(|v| {
            let mut t = VehicleType::new(
                v.id.to_string(),
                1,
                vec![v.capacity_kg * 1000, v.capacity_litres * 10],
                TimeWindow::new(minutes_since(origin, v.shift_start), minutes_since(origin, v.shift_end)),
            );
            t.duration_scale = MATRIX_KMH / f64::from(v.speed_kmh.max(1));
            t.max_trips = v.max_trips.max(1) as usize;
            t.reload_duration = RELOAD_MINUTES as f64;
            t
        })
        .collect();
    let problem = Problem {
        matrix,
        depot: Depot {
            location: 0,
            window: TimeWindow::new(0.0, minutes_since(origin, end)),
        },
        jobs,
        vehicles: fleet,
    };
    let options = SolveOptions {
        objective: Objective::FewestVehiclesThenCost,
        stagnation_seconds: Some(((seconds / 2.0).ceil() as usize).max(1)),
        ..SolveOptions::with_seconds(seconds)
    };
    let solution = routing::solve(&problem, &options)?;
    routing::check(&problem, &solution).map_err(|e| format!("the solver returned an infeasible plan: {e}"))?;
    // Back to the hub rather than a long wait in the street, where the vehicle may.
    let mut distance_km = 0.0;
    let vehicles = solution
        .routes
        .iter()
        .map(|r| {
            let vehicle = &vehicles[r.vehicle_type];
            let trips: Vec<Vec<&StopInput>> = r
                .trips
                .iter()
                .map(|t| t.stops.iter().map(|s| &stops[s.job]).collect())
                .collect();
            let trips = split_long_waits(depot, vehicle, trips);
            distance_km += schedule(depot, vehicle, &trips)
                .iter()
                .map(|t| t.distance_km)
                .sum::<f64>();
            let index = |s: &StopInput| stops.iter().position(|o| std::ptr::eq(o, s)).unwrap_or(0);
            VehiclePlan {
                vehicle: r.vehicle_type,
                trips: trips.iter().map(|t| t.iter().map(|s| index(s)).collect()).collect(),
            }
        })
        .collect();
    let unassigned = solution
        .unassigned
        .iter()
        .filter_map(|id| id.parse::<usize>().ok())
        .collect();
    Ok(Plan {
        vehicles,
        unassigned,
        distance_km,
    })
}

fn clamp_i32(v: i64) -> i32 {
    v.clamp(0, i64::from(i32::MAX)) as i32
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::super::rounds::{StopRef, Warning, volume_ml};
    use super::*;
    use crate::hub::Vehicle;

    const HUB: Point = Point {
        lat: 50.6297,
        lon: 3.0871,
    };

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 5, h, m, 0).unwrap()
    }

    fn bike(id: i64, max_trips: i32) -> VehicleSpec {
        VehicleSpec {
            id,
            name: format!("Vélo {id}"),
            kind: Vehicle::CargoBike,
            capacity_kg: 60,
            capacity_litres: 200,
            speed_kmh: 15,
            shift_start: at(15, 0),
            shift_end: at(20, 0),
            max_trips,
        }
    }

    /// Twelve homes on a ring around the hub, 5 kg each, half in an early window.
    fn homes() -> Vec<StopInput> {
        (0..12)
            .map(|i| {
                let angle = f64::from(i) * std::f64::consts::TAU / 12.0;
                let (from, to) = if i % 2 == 0 {
                    (at(16, 0), at(18, 0))
                } else {
                    (at(17, 0), at(19, 0))
                };
                StopInput {
                    what: StopRef::Order(i64::from(i)),
                    name: format!("n° {i}"),
                    address: String::new(),
                    point: Point {
                        lat: HUB.lat + 0.02 * angle.sin(),
                        lon: HUB.lon + 0.03 * angle.cos(),
                    },
                    window_start: from,
                    window_end: to,
                    service_minutes: 3,
                    grams: 5_000,
                    volume_ml: volume_ml(5_000),
                }
            })
            .collect()
    }

    #[test]
    fn every_stop_is_served_within_capacity_windows_and_shifts() {
        let stops = homes();
        let fleet = [bike(1, 2), bike(2, 2)];
        let plan = plan(HUB, &stops, &fleet, 2.0).unwrap();
        assert!(plan.unassigned.is_empty(), "{:?}", plan.unassigned);
        let mut served: Vec<usize> = plan.vehicles.iter().flat_map(|v| v.trips.concat()).collect();
        served.sort_unstable();
        assert_eq!(served, (0..12).collect::<Vec<_>>());
        let mut km = 0.0;
        for v in &plan.vehicles {
            let trips: Vec<Vec<&StopInput>> = v.trips.iter().map(|t| t.iter().map(|&i| &stops[i]).collect()).collect();
            for trip in schedule(HUB, &fleet[v.vehicle], &trips) {
                // 60 kg a trip: at most 12 baskets of 5 kg, and the schedule agrees with the solver.
                assert!(trip.warnings.is_empty(), "{:?}", trip.warnings);
                km += trip.distance_km;
            }
        }
        assert!((km - plan.distance_km).abs() < 1e-6, "{km} vs {}", plan.distance_km);
    }

    #[test]
    fn a_stop_too_heavy_for_every_vehicle_is_left_out() {
        let mut stops = homes();
        stops[3].grams = 500_000;
        let plan = plan(HUB, &stops, &[bike(1, 3)], 2.0).unwrap();
        assert_eq!(plan.unassigned, vec![3]);
    }

    #[test]
    fn several_trips_let_one_bike_do_more_than_its_load() {
        // 12 × 5 kg on a 30 kg bike: at least two trips.
        let stops = homes();
        let mut small = bike(1, 3);
        small.capacity_kg = 30;
        small.shift_end = at(23, 0);
        let stops: Vec<StopInput> = stops
            .into_iter()
            .map(|mut s| {
                s.window_end = at(22, 0);
                s
            })
            .collect();
        let plan = plan(HUB, &stops, &[small.clone()], 2.0).unwrap();
        assert!(plan.unassigned.is_empty());
        assert_eq!(plan.vehicles.len(), 1);
        assert!(plan.vehicles[0].trips.len() >= 2);
        let trips: Vec<Vec<&StopInput>> = plan.vehicles[0]
            .trips
            .iter()
            .map(|t| t.iter().map(|&i| &stops[i]).collect())
            .collect();
        let timed = schedule(HUB, &small, &trips);
        assert!(timed.iter().all(|t| !t.warnings.contains(&Warning::OverWeight)));
        assert!(timed[1].departs_at >= timed[0].returns_at + Duration::minutes(RELOAD_MINUTES));
    }

    #[test]
    fn nothing_to_plan_is_not_an_error() {
        assert!(plan(HUB, &[], &[bike(1, 1)], 1.0).unwrap().vehicles.is_empty());
        assert_eq!(plan(HUB, &homes(), &[], 1.0).unwrap().unassigned.len(), 12);
    }
}
