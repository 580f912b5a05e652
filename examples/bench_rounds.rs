//! Benchmark (not a test) of delivery-round planning, as the hub runs it from the rounds page:
//! `cargo run --release -p maillon --features routing --example bench_rounds -- [STOPS...]` (100 and 300 by default).
//!
//! A generated evening of home deliveries around a Lille hub (fixed seed): stops spread over a
//! disc of 6 km, each in one of three two-hour delivery slots between 16:00 and 22:00, baskets of
//! 3 to 12 kg; a fleet of electric cargo bikes (120 kg, 400 L, 15 km/h, up to three trips) and
//! two small electric vans (500 kg, 3,300 L, 25 km/h, two trips). The planner gets the time
//! budget the app gives it for that many stops; every plan is re-timed by `hub::schedule` and
//! must break no rule (capacity, windows, shifts, trips).

use std::time::Instant;

use chrono::{DateTime, Duration, TimeZone, Utc};
use maillon::geo::Point;
use maillon::hub::planner::{default_seconds, plan};
use maillon::hub::{StopInput, StopRef, Vehicle, VehicleSpec, schedule};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const HUB: Point = Point {
    lat: 50.6297,
    lon: 3.0871,
};

fn at(h: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 5, 0, 0, 0).unwrap() + Duration::hours(h)
}

fn stops(n: usize, rng: &mut StdRng) -> Vec<StopInput> {
    (0..n)
        .map(|i| {
            // Uniform over the disc: radius from the square root.
            let r_km = 6.0 * rng.gen_range(0.0f64..1.0).sqrt();
            let angle = rng.gen_range(0.0..std::f64::consts::TAU);
            let lat = HUB.lat + r_km * angle.sin() / 111.2;
            let lon = HUB.lon + r_km * angle.cos() / (111.2 * HUB.lat.to_radians().cos());
            let slot = rng.gen_range(0..3i64);
            let grams = rng.gen_range(3_000..=12_000);
            StopInput {
                what: StopRef::Order(i as i64),
                name: format!("n° {i}"),
                address: String::new(),
                point: Point { lat, lon },
                window_start: at(15 + 2 * slot),
                window_end: at(17 + 2 * slot),
                service_minutes: 3,
                grams,
                volume_ml: maillon::hub::rounds::volume_ml(grams),
            }
        })
        .collect()
}

fn fleet(bikes: usize) -> Vec<VehicleSpec> {
    let mut out: Vec<VehicleSpec> = (0..bikes)
        .map(|i| VehicleSpec {
            id: i as i64 + 1,
            name: format!("Vélo-cargo {}", i + 1),
            kind: Vehicle::CargoBike,
            capacity_kg: 120,
            capacity_litres: 400,
            speed_kmh: 15,
            shift_start: at(14),
            shift_end: at(22),
            max_trips: 3,
        })
        .collect();
    for i in 0..2 {
        out.push(VehicleSpec {
            id: 100 + i,
            name: format!("Utilitaire électrique {}", i + 1),
            kind: Vehicle::ElectricVan,
            capacity_kg: 500,
            capacity_litres: 3300,
            speed_kmh: 25,
            shift_start: at(14),
            shift_end: at(22),
            max_trips: 2,
        });
    }
    out
}

fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![100, 300] } else { sizes };
    println!(
        "| stops | bikes + vans available | budget (s) | wall time (s) | vehicles used | trips | unassigned | distance (km) | rule broken |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for n in sizes {
        let mut rng = StdRng::seed_from_u64(48);
        let stops = stops(n, &mut rng);
        let vehicles = fleet(n.div_ceil(15));
        let budget = default_seconds(n);
        let started = Instant::now();
        let planned = plan(HUB, &stops, &vehicles, budget).expect("plan");
        let wall = started.elapsed().as_secs_f64();
        let mut trips = 0;
        let mut broken = 0;
        let mut km = 0.0;
        for v in &planned.vehicles {
            let t: Vec<Vec<&StopInput>> = v.trips.iter().map(|t| t.iter().map(|&i| &stops[i]).collect()).collect();
            for timed in schedule(HUB, &vehicles[v.vehicle], &t) {
                trips += 1;
                broken += timed.warnings.len();
                km += timed.distance_km;
            }
        }
        println!(
            "| {n} | {} + 2 | {budget:.1} | {wall:.1} | {} | {trips} | {} | {km:.1} | {broken} |",
            vehicles.len() - 2,
            planned.vehicles.len(),
            planned.unassigned.len(),
        );
    }
}
