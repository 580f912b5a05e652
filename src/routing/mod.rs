//! Vehicle routing: planning the hub's delivery rounds (cargo bikes, electric vans).
//!
//! Our own problem and solution types keep the rest of Maillon independent from the solver
//! library (vrp-core): the solver is one function, [`solve`], and every solution it returns can be
//! verified by [`check`], which recomputes distances, loads and times from the problem alone.
//!
//! Locations are indices into the problem's [`TravelMatrix`]; the matrix is built from planar
//! coordinates (benchmarks), from latitude/longitude with a detour factor, or from any
//! [`TravelCosts`] source such as a routing engine.

pub mod cli;
pub mod matrix;
pub mod solomon;
mod solver;

pub use matrix::{GeoPoint, TravelCosts, TravelMatrix, haversine_km};
pub use solver::{Objective, SolveOptions, solve};

/// vrp-core keeps loads in fixed arrays of this many dimensions.
pub const MAX_LOAD_DIMENSIONS: usize = 8;

/// Closed interval of time, in the problem's time unit (minutes for real rounds).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeWindow {
    pub start: f64,
    pub end: f64,
}

impl TimeWindow {
    pub fn new(start: f64, end: f64) -> Self {
        Self { start, end }
    }
}

/// Where every round starts and ends, and when it is open.
#[derive(Debug, Clone, PartialEq)]
pub struct Depot {
    pub location: usize,
    pub window: TimeWindow,
}

/// A customer to deliver.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub id: String,
    pub location: usize,
    /// One amount per capacity dimension, e.g. `[kg, litres]`.
    pub demand: Vec<i32>,
    /// Time spent at the customer.
    pub service: f64,
    /// The vehicle must arrive within it; arriving early means waiting for its start.
    pub window: TimeWindow,
}

/// A kind of vehicle in the fleet and how many of it there are.
#[derive(Debug, Clone, PartialEq)]
pub struct VehicleType {
    pub id: String,
    pub count: usize,
    /// Same dimensions as the jobs' demand.
    pub capacity: Vec<i32>,
    pub shift: TimeWindow,
    /// Multiplies the matrix durations: 1.5 for a cargo bike when the matrix was made for a van.
    pub duration_scale: f64,
    pub cost_per_distance: f64,
    pub cost_per_time: f64,
    /// Cost of taking one more vehicle out.
    pub fixed_cost: f64,
    /// Trips from the depot within one shift; above 1 the vehicle comes back to reload.
    pub max_trips: usize,
    /// Time spent at the depot between two trips.
    pub reload_duration: f64,
}

impl VehicleType {
    /// A vehicle doing one trip, paid by the distance only (as in the benchmarks).
    pub fn new(id: impl Into<String>, count: usize, capacity: Vec<i32>, shift: TimeWindow) -> Self {
        Self {
            id: id.into(),
            count,
            capacity,
            shift,
            duration_scale: 1.0,
            cost_per_distance: 1.0,
            cost_per_time: 0.0,
            fixed_cost: 0.0,
            max_trips: 1,
            reload_duration: 0.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub matrix: TravelMatrix,
    pub depot: Depot,
    pub jobs: Vec<Job>,
    pub vehicles: Vec<VehicleType>,
}

impl Problem {
    /// Number of capacity dimensions (taken from the first vehicle type).
    pub fn dimensions(&self) -> usize {
        self.vehicles.first().map_or(0, |v| v.capacity.len())
    }

    /// Rejects problems the solver cannot represent, with a message naming the culprit.
    pub fn validate(&self) -> Result<(), String> {
        let size = self.matrix.size();
        let dims = self.dimensions();
        if self.vehicles.is_empty() {
            return Err("the problem has no vehicle type".into());
        }
        if dims == 0 || dims > MAX_LOAD_DIMENSIONS {
            return Err(format!(
                "capacity needs 1 to {MAX_LOAD_DIMENSIONS} dimensions, got {dims}"
            ));
        }
        if self.depot.location >= size {
            return Err(format!(
                "depot location {} is outside the {size}-location matrix",
                self.depot.location
            ));
        }
        check_window("depot", &self.depot.window)?;
        let mut ids = std::collections::HashSet::new();
        for job in &self.jobs {
            if !ids.insert(job.id.as_str()) {
                return Err(format!("job id {} is used twice", job.id));
            }
            if job.location >= size {
                return Err(format!(
                    "job {}: location {} is outside the {size}-location matrix",
                    job.id, job.location
                ));
            }
            if job.demand.len() != dims {
                return Err(format!(
                    "job {}: demand has {} dimensions, vehicles {dims}",
                    job.id,
                    job.demand.len()
                ));
            }
            if job.demand.iter().any(|d| *d < 0) {
                return Err(format!("job {}: negative demand", job.id));
            }
            if !(job.service.is_finite() && job.service >= 0.0) {
                return Err(format!("job {}: invalid service duration {}", job.id, job.service));
            }
            check_window(&format!("job {}", job.id), &job.window)?;
        }
        for v in &self.vehicles {
            if v.capacity.len() != dims {
                return Err(format!(
                    "vehicle type {}: capacity has {} dimensions, expected {dims}",
                    v.id,
                    v.capacity.len()
                ));
            }
            if v.capacity.iter().any(|c| *c < 0) {
                return Err(format!("vehicle type {}: negative capacity", v.id));
            }
            if !(v.duration_scale.is_finite() && v.duration_scale > 0.0) {
                return Err(format!("vehicle type {}: duration scale must be positive", v.id));
            }
            if v.max_trips == 0 {
                return Err(format!("vehicle type {}: max_trips must be at least 1", v.id));
            }
            let costs = [v.cost_per_distance, v.cost_per_time, v.fixed_cost, v.reload_duration];
            if costs.iter().any(|c| !(c.is_finite() && *c >= 0.0)) {
                return Err(format!(
                    "vehicle type {}: costs and reload duration must be non-negative",
                    v.id
                ));
            }
            check_window(&format!("vehicle type {}", v.id), &v.shift)?;
        }
        Ok(())
    }
}

fn check_window(what: &str, w: &TimeWindow) -> Result<(), String> {
    if w.start.is_finite() && w.end.is_finite() && w.start <= w.end {
        Ok(())
    } else {
        Err(format!("{what}: invalid time window [{}, {}]", w.start, w.end))
    }
}

/// A visit to a customer.
#[derive(Debug, Clone, PartialEq)]
pub struct Stop {
    /// Index into [`Problem::jobs`].
    pub job: usize,
    pub arrival: f64,
    /// `max(arrival, window start)`: earlier arrivals wait.
    pub service_start: f64,
    pub departure: f64,
}

/// One loop from the depot back to the depot.
#[derive(Debug, Clone, PartialEq)]
pub struct Trip {
    pub departure: f64,
    pub stops: Vec<Stop>,
    /// Arrival back at the depot.
    pub arrival: f64,
    /// Total demand carried on this trip, per dimension.
    pub load: Vec<i32>,
}

/// The work of one vehicle over its shift.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    /// Index into [`Problem::vehicles`].
    pub vehicle_type: usize,
    /// Which of the `count` vehicles of that type (0-based).
    pub vehicle: usize,
    pub trips: Vec<Trip>,
    pub distance: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Solution {
    pub routes: Vec<Route>,
    /// Ids of the jobs no vehicle could take.
    pub unassigned: Vec<String>,
    pub total_distance: f64,
    pub vehicles_used: usize,
}

/// Times and distances are recomputed in f64 along the same path as the solver, but sums may be
/// taken in another order.
const EPS: f64 = 1e-6;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= EPS * a.abs().max(b.abs()).max(1.0)
}

/// Verifies a solution against its problem without trusting anything the solver computed:
/// every job served once or reported unassigned, fleet size, capacity per trip, time windows,
/// shift ends, and the reported times, loads and distances.
pub fn check(problem: &Problem, solution: &Solution) -> Result<(), String> {
    problem.validate()?;
    let mut served = vec![false; problem.jobs.len()];
    let mut used = std::collections::HashSet::new();
    let mut total = 0.0;
    let depot = &problem.depot;
    for (r, route) in solution.routes.iter().enumerate() {
        let name = format!("route {}", r + 1);
        let vt = problem
            .vehicles
            .get(route.vehicle_type)
            .ok_or_else(|| format!("{name}: unknown vehicle type {}", route.vehicle_type))?;
        if route.vehicle >= vt.count {
            return Err(format!(
                "{name}: vehicle {} of type {} but only {} exist",
                route.vehicle, vt.id, vt.count
            ));
        }
        if !used.insert((route.vehicle_type, route.vehicle)) {
            return Err(format!(
                "{name}: vehicle {} of type {} is used twice",
                route.vehicle, vt.id
            ));
        }
        if route.trips.is_empty() || route.trips.iter().any(|t| t.stops.is_empty()) {
            return Err(format!("{name}: has an empty trip"));
        }
        if route.trips.len() > vt.max_trips {
            return Err(format!(
                "{name}: {} trips, vehicle type {} allows {}",
                route.trips.len(),
                vt.id,
                vt.max_trips
            ));
        }
        let travel = |from: usize, to: usize| problem.matrix.duration(from, to) * vt.duration_scale;
        let closing = vt.shift.end.min(depot.window.end);
        let mut time = vt.shift.start.max(depot.window.start);
        let mut distance = 0.0;
        for (t, trip) in route.trips.iter().enumerate() {
            let name = format!("{name} trip {}", t + 1);
            if t > 0 {
                // Reloading happens at the depot, during its opening hours.
                time = time.max(depot.window.start) + vt.reload_duration;
            }
            if !close(trip.departure, time) {
                return Err(format!(
                    "{name}: reported departure {} but it can leave at {time}",
                    trip.departure
                ));
            }
            let mut at = depot.location;
            let mut load = vec![0; vt.capacity.len()];
            for stop in &trip.stops {
                let job = problem
                    .jobs
                    .get(stop.job)
                    .ok_or_else(|| format!("{name}: unknown job {}", stop.job))?;
                if std::mem::replace(&mut served[stop.job], true) {
                    return Err(format!("job {} is served twice", job.id));
                }
                time += travel(at, job.location);
                distance += problem.matrix.distance(at, job.location);
                at = job.location;
                if time > job.window.end + EPS * time.abs().max(1.0) {
                    return Err(format!(
                        "{name}: arrives at job {} at {time}, after its window ends at {}",
                        job.id, job.window.end
                    ));
                }
                if !close(stop.arrival, time) {
                    return Err(format!(
                        "{name}: job {} reported arrival {} but computed {time}",
                        job.id, stop.arrival
                    ));
                }
                time = time.max(job.window.start);
                if !close(stop.service_start, time) {
                    return Err(format!(
                        "{name}: job {} reported service start {} but computed {time}",
                        job.id, stop.service_start
                    ));
                }
                time += job.service;
                if !close(stop.departure, time) {
                    return Err(format!(
                        "{name}: job {} reported departure {} but computed {time}",
                        job.id, stop.departure
                    ));
                }
                for (l, d) in load.iter_mut().zip(&job.demand) {
                    *l += d;
                }
            }
            time += travel(at, depot.location);
            distance += problem.matrix.distance(at, depot.location);
            if time > closing + EPS * time.abs().max(1.0) {
                return Err(format!(
                    "{name}: back at the depot at {time}, after the shift or depot closes at {closing}"
                ));
            }
            if !close(trip.arrival, time) {
                return Err(format!("{name}: reported return {} but computed {time}", trip.arrival));
            }
            if let Some(dim) = (0..load.len()).find(|&i| load[i] > vt.capacity[i]) {
                return Err(format!(
                    "{name}: load {:?} exceeds capacity {:?} (dimension {dim})",
                    load, vt.capacity
                ));
            }
            if trip.load != load {
                return Err(format!(
                    "{name}: reported load {:?} but the stops add up to {load:?}",
                    trip.load
                ));
            }
        }
        if !close(route.distance, distance) {
            return Err(format!(
                "{name}: reported distance {} but computed {distance}",
                route.distance
            ));
        }
        total += distance;
    }
    let ids: std::collections::HashMap<&str, usize> = problem
        .jobs
        .iter()
        .enumerate()
        .map(|(i, j)| (j.id.as_str(), i))
        .collect();
    for id in &solution.unassigned {
        let i = *ids
            .get(id.as_str())
            .ok_or_else(|| format!("unassigned job {id} is not in the problem"))?;
        if std::mem::replace(&mut served[i], true) {
            return Err(format!(
                "job {id} is both served and reported unassigned (or reported twice)"
            ));
        }
    }
    if let Some(i) = served.iter().position(|s| !s) {
        return Err(format!(
            "job {} is neither served nor reported unassigned",
            problem.jobs[i].id
        ));
    }
    if solution.vehicles_used != solution.routes.len() {
        return Err(format!(
            "{} vehicles reported used but {} routes",
            solution.vehicles_used,
            solution.routes.len()
        ));
    }
    if !close(solution.total_distance, total) {
        return Err(format!(
            "reported total distance {} but computed {total}",
            solution.total_distance
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
