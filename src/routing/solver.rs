//! Translation of our [`Problem`] into vrp-core's model, the search itself, and the way back.

use std::ops::Mul;
use std::sync::Arc;

use vrp_core::construction::features::{
    CapacityFeatureBuilder, MinimizeUnassignedBuilder, ReloadFeatureFactory, TransportFeatureBuilder,
    create_minimize_tours_feature,
};
use vrp_core::models::common::{Demand, LoadOps, MultiDimLoad, SingleDimLoad, TimeWindow as CoreWindow};
use vrp_core::models::problem::{
    Job as CoreJob, MatrixData, SimpleActivityCost, Single, SingleBuilder, TransportCost, Vehicle, VehicleBuilder,
    VehicleDetailBuilder, create_matrix_transport_cost,
};
use vrp_core::models::solution::Route as CoreRoute;
use vrp_core::models::{Extras, Feature, Goal, GoalContextBuilder, ProblemBuilder};
use vrp_core::prelude::{Environment, Float, GenericResult, InfoLogger, Solver, VrpConfigBuilder};
use vrp_core::rosomaxa::evolution::TelemetryMode;
use vrp_core::rosomaxa::population::{Rosomaxa, RosomaxaConfig};
use vrp_core::rosomaxa::utils::{DefaultRandom, Parallelism, TimeQuota};
use vrp_core::solver::{HeuristicFilterExtraProperty, HeuristicFilterFn, RefinementContext, TargetPopulation};

use super::{Problem, Route, Solution, Stop, TravelCosts, Trip};

/// What to minimise, in order of priority. Unassigned jobs always come first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Objective {
    /// Fewer vehicles, then lower cost: the hierarchical objective of the VRPTW literature.
    #[default]
    FewestVehiclesThenCost,
    /// Lowest cost (distance, time and fixed costs of the vehicle types) whatever the fleet.
    Cost,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SolveOptions {
    /// Wall-clock budget of the search; it stops earlier when it stagnates.
    pub max_seconds: f64,
    pub max_generations: Option<usize>,
    /// Use vrp-core's fixed-seed generator instead of a random seed. vrp-core 1.25 does not take a
    /// seed value, and with several threads or a time limit runs still differ: this only reduces
    /// the variance between runs of tests.
    pub repeatable: bool,
    /// Solutions mutated in parallel per generation (on rayon's global pool); `None`: one per core.
    pub threads: Option<usize>,
    pub objective: Objective,
    /// Stop early when the best solution has not improved for this many seconds.
    pub stagnation_seconds: Option<usize>,
    /// Print vrp-core's progress (generations, best costs) to standard error.
    pub verbose: bool,
}

impl SolveOptions {
    pub fn with_seconds(max_seconds: f64) -> Self {
        Self {
            max_seconds,
            ..Self::default()
        }
    }
}

impl Default for SolveOptions {
    fn default() -> Self {
        Self {
            max_seconds: 30.0,
            max_generations: None,
            repeatable: false,
            threads: None,
            objective: Objective::default(),
            stagnation_seconds: None,
            verbose: false,
        }
    }
}

/// Which of our entities a vrp-core job or vehicle stands for; kept in vrp-core's dimensions.
struct OurJobKey;
#[derive(Clone, Copy)]
enum OurJob {
    Customer(usize),
    /// A return to the depot between two trips, usable only by this vehicle (global index).
    Reload(usize),
}
struct OurVehicleKey;
#[derive(Clone, Copy)]
struct OurVehicle {
    vehicle_type: usize,
    instance: usize,
    global: usize,
}

fn our_job(single: &Single) -> Option<OurJob> {
    single.dimens.get_value::<OurJobKey, OurJob>().copied()
}

fn our_vehicle(vehicle: &Vehicle) -> OurVehicle {
    *vehicle
        .dimens
        .get_value::<OurVehicleKey, OurVehicle>()
        .expect("every vehicle is built with its reference")
}

fn is_reload(single: &Single) -> bool {
    matches!(our_job(single), Some(OurJob::Reload(_)))
}

/// Solves the problem within the options' limits. Errors mean the problem is invalid or vrp-core
/// failed; jobs that fit no vehicle are reported in [`Solution::unassigned`] instead.
pub fn solve(problem: &Problem, options: &SolveOptions) -> Result<Solution, String> {
    problem.validate()?;
    if !(options.max_seconds.is_finite() && options.max_seconds > 0.0) {
        return Err(format!("the time limit must be positive, got {}", options.max_seconds));
    }
    if problem.jobs.is_empty() {
        return Ok(Solution {
            routes: vec![],
            unassigned: vec![],
            total_distance: 0.0,
            vehicles_used: 0,
        });
    }
    // Single-dimension loads are cheaper for vrp-core than its fixed 8-slot multi-dimension loads.
    let result = if problem.dimensions() == 1 {
        run::<SingleDimLoad>(problem, options, |v| SingleDimLoad::new(v[0]))
    } else {
        run::<MultiDimLoad>(problem, options, |v| MultiDimLoad::new(v.to_vec()))
    };
    result.map_err(|e| format!("vehicle routing failed: {e}"))
}

fn run<T>(problem: &Problem, options: &SolveOptions, load: fn(&[i32]) -> T) -> GenericResult<Solution>
where
    T: LoadOps + Mul<Float, Output = T> + Copy,
{
    let matrix = &problem.matrix;
    let transport = create_matrix_transport_cost(vec![MatrixData::new(
        0,
        None,
        matrix.durations().to_vec(),
        matrix.distances().to_vec(),
    )])?;
    let depot = &problem.depot;

    let mut jobs = Vec::with_capacity(problem.jobs.len());
    for (i, job) in problem.jobs.iter().enumerate() {
        let demand = Demand {
            pickup: (T::default(), T::default()),
            delivery: (load(&job.demand), T::default()),
        };
        jobs.push(
            SingleBuilder::default()
                .id(&job.id)
                .demand(demand)
                .location(job.location)?
                .duration(job.service)?
                .times(vec![CoreWindow::new(job.window.start, job.window.end)])?
                .dimension(|d| d.set_value::<OurJobKey, _>(OurJob::Customer(i)))
                .build_as_job()?,
        );
    }

    let mut vehicles = Vec::new();
    let mut has_reloads = false;
    for (t, vt) in problem.vehicles.iter().enumerate() {
        let start = vt.shift.start.max(depot.window.start);
        let end = vt.shift.end.min(depot.window.end);
        if start > end {
            continue;
        }
        for instance in 0..vt.count {
            let global = vehicles.len();
            let reference = OurVehicle {
                vehicle_type: t,
                instance,
                global,
            };
            let mut vehicle = VehicleBuilder::default()
                .id(&format!("{}#{}", vt.id, instance + 1))
                .add_detail(
                    VehicleDetailBuilder::default()
                        .set_start_location(depot.location)
                        .set_start_time(start)
                        .set_end_location(depot.location)
                        .set_end_time(end)
                        .build()?,
                )
                .capacity(load(&vt.capacity))
                .set_distance_cost(vt.cost_per_distance)
                .dimension(|d| d.set_value::<OurVehicleKey, _>(reference))
                .build()?;
            // Waiting and service are not paid by the hour in our model: only driving is.
            vehicle.costs.per_driving_time = vt.cost_per_time;
            vehicle.costs.fixed = vt.fixed_cost;
            vehicle.profile.scale = vt.duration_scale;
            vehicles.push(vehicle);

            for _ in 1..vt.max_trips {
                has_reloads = true;
                jobs.push(
                    SingleBuilder::default()
                        .id(&format!("reload {}#{}", vt.id, instance + 1))
                        .location(depot.location)?
                        .duration(vt.reload_duration)?
                        .times(vec![CoreWindow::new(depot.window.start, depot.window.end)])?
                        .dimension(|d| d.set_value::<OurJobKey, _>(OurJob::Reload(global)))
                        .build_as_job()?,
                );
            }
        }
    }
    if vehicles.is_empty() {
        return Ok(Solution {
            routes: vec![],
            unassigned: problem.jobs.iter().map(|j| j.id.clone()).collect(),
            total_distance: 0.0,
            vehicles_used: 0,
        });
    }

    let goal = goal::<T>(transport.clone(), has_reloads, options.objective)?;
    let core_problem = Arc::new(
        ProblemBuilder::default()
            .add_jobs(jobs.into_iter())
            .add_vehicles(vehicles.into_iter())
            .with_goal(goal)
            .with_transport_cost(transport)
            .with_extras(extras()?)
            .with_logger(Arc::new(|_: &str| {}))
            .build()?,
    );

    let threads = options
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let environment = Arc::new(Environment::new(
        if options.repeatable {
            Arc::new(DefaultRandom::new_repeatable())
        } else {
            Arc::new(DefaultRandom::default())
        },
        // The quota also interrupts a generation under way, so the limit holds within a fraction of a second.
        Some(Arc::new(TimeQuota::new(options.max_seconds))),
        Parallelism::new_with_cpus(threads.max(1)),
        logger(options.verbose),
        false,
    ));
    let telemetry = || {
        if options.verbose {
            TelemetryMode::OnlyLogging {
                logger: logger(true),
                log_best: 100,
                log_population: 1000,
            }
        } else {
            TelemetryMode::None
        }
    };
    // vrp-core's default rosomaxa population explores for 90 % of the time limit; budgets of
    // seconds need to exploit sooner: 0.5 gave the best distances on R1_2_1 in 30 s (BENCHMARKS.md).
    let mut rosomaxa = RosomaxaConfig::new_with_defaults(threads.clamp(1, 8));
    rosomaxa.exploration_ratio = 0.5;
    let population: TargetPopulation =
        Box::new(Rosomaxa::new(core_problem.goal.clone(), environment.clone(), rosomaxa)?);
    let context = RefinementContext::new(core_problem.clone(), population, telemetry(), environment.clone());
    let mut config = VrpConfigBuilder::new(core_problem.clone())
        .set_environment(environment)
        .set_telemetry_mode(telemetry())
        .prebuild()?
        .with_context(context)
        .with_max_time(Some(options.max_seconds.ceil() as usize))
        .with_max_generations(options.max_generations);
    if let Some(seconds) = options.stagnation_seconds {
        // Stops once the best solution's costs varied less than this over the last period.
        config = config.with_min_cv(Some(("period".to_string(), seconds, 1e-6, true)), "min_cv".to_string());
    }
    let solution = Solver::new(core_problem, config.build()?).solve()?;

    let mut routes: Vec<Route> = solution
        .routes
        .iter()
        .filter_map(|r| convert_route(problem, r))
        .collect();
    routes.sort_by_key(|r| (r.vehicle_type, r.vehicle));
    let total_distance = routes.iter().map(|r| r.distance).sum();
    let unassigned = solution
        .unassigned
        .iter()
        .filter_map(|(job, _)| job.as_single().and_then(|s| our_job(s)))
        .filter_map(|j| match j {
            OurJob::Customer(i) => Some(problem.jobs[i].id.clone()),
            OurJob::Reload(_) => None,
        })
        .collect();
    Ok(Solution {
        vehicles_used: routes.len(),
        routes,
        unassigned,
        total_distance,
    })
}

/// The goal of vrp-scientific's Solomon reader: minimise unassigned jobs, then tours, then cost,
/// with cost-only as alternative goal so the search also explores solutions with more vehicles.
fn goal<T>(
    transport: Arc<dyn TransportCost>,
    has_reloads: bool,
    objective: Objective,
) -> GenericResult<vrp_core::models::GoalContext>
where
    T: LoadOps + Mul<Float, Output = T> + Copy,
{
    let capacity = if has_reloads {
        // Consider a reload once the vehicle is 90 % full, as vrp-pragmatic does.
        ReloadFeatureFactory::<T>::new("capacity")
            .set_load_schedule_threshold(|capacity: &T| *capacity * 0.9)
            .set_is_reload_single(is_reload)
            .set_belongs_to_route(|route: &CoreRoute, job: &CoreJob| {
                job.as_single().and_then(|s| our_job(s)).is_some_and(|j| match j {
                    OurJob::Reload(global) => our_vehicle(&route.actor.vehicle).global == global,
                    OurJob::Customer(_) => false,
                })
            })
            .build_simple()?
    } else {
        CapacityFeatureBuilder::<T>::new("capacity").build()?
    };
    let features: Vec<Feature> = vec![
        MinimizeUnassignedBuilder::new("min_unassigned").build()?,
        create_minimize_tours_feature("min_tours")?,
        TransportFeatureBuilder::new("min_cost")
            .set_time_constrained(true)
            .set_transport_cost(transport)
            .set_activity_cost(Arc::new(SimpleActivityCost::default()))
            .build_minimize_cost()?,
        capacity,
    ];
    let vehicles_first = ["min_unassigned", "min_tours", "min_cost"];
    let cost_only = ["min_unassigned", "min_cost"];
    let (main, alternative) = match objective {
        Objective::FewestVehiclesThenCost => (&vehicles_first[..], &cost_only[..]),
        Objective::Cost => (&cost_only[..], &vehicles_first[..]),
    };
    GoalContextBuilder::with_features(&features)?
        .set_main_goal(Goal::subset_of(&features, main)?)
        .add_alternative_goal(Goal::subset_of(&features, alternative)?, 0.1)
        .build()
}

fn logger(verbose: bool) -> InfoLogger {
    if verbose {
        Arc::new(|message: &str| eprintln!("{message}"))
    } else {
        Arc::new(|_: &str| {})
    }
}

fn extras() -> GenericResult<Extras> {
    let mut extras = Extras::default();
    // Departure is fixed at the shift start: rescheduling it would only shift our reported times.
    let filter: HeuristicFilterFn = Arc::new(|name: &str| name != "local_reschedule_departure");
    extras.set_heuristic_filter(Arc::new(filter));
    Ok(extras)
}

fn convert_route(problem: &Problem, route: &CoreRoute) -> Option<Route> {
    let vehicle = our_vehicle(&route.actor.vehicle);
    let vt = &problem.vehicles[vehicle.vehicle_type];
    let dims = vt.capacity.len();
    let matrix = &problem.matrix;
    let depot = problem.depot.location;

    let mut trips = Vec::new();
    let mut current = Trip {
        departure: 0.0,
        stops: vec![],
        arrival: 0.0,
        load: vec![0; dims],
    };
    let mut distance = 0.0;
    let mut at = depot;
    for activity in route.tour.all_activities() {
        let loc = activity.place.location;
        distance += matrix.distance(at, loc);
        at = loc;
        match activity.job.as_ref().and_then(|j| our_job(j)) {
            Some(OurJob::Customer(i)) => {
                let job = &problem.jobs[i];
                current.stops.push(Stop {
                    job: i,
                    arrival: activity.schedule.arrival,
                    service_start: activity.schedule.departure - job.service,
                    departure: activity.schedule.departure,
                });
                for (l, d) in current.load.iter_mut().zip(&job.demand) {
                    *l += d;
                }
            }
            // The tour start (no job) and reloads open a trip; the tour end and reloads close one.
            Some(OurJob::Reload(_)) | None => {
                if !current.stops.is_empty() {
                    current.arrival = activity.schedule.arrival;
                    let next = Trip {
                        departure: activity.schedule.departure,
                        stops: vec![],
                        arrival: 0.0,
                        load: vec![0; dims],
                    };
                    trips.push(std::mem::replace(&mut current, next));
                } else {
                    current.departure = activity.schedule.departure;
                }
            }
        }
    }
    (!trips.is_empty()).then_some(Route {
        vehicle_type: vehicle.vehicle_type,
        vehicle: vehicle.instance,
        trips,
        distance,
    })
}
