use super::*;

fn window(start: f64, end: f64) -> TimeWindow {
    TimeWindow::new(start, end)
}

fn job(id: &str, location: usize, demand: Vec<i32>, window: TimeWindow) -> Job {
    Job {
        id: id.into(),
        location,
        demand,
        service: 0.0,
        window,
    }
}

/// Depot at the origin, one customer at each cardinal point 10 away.
fn diamond(capacity: i32, vehicles: usize) -> Problem {
    let points = [(0.0, 0.0), (10.0, 0.0), (0.0, 10.0), (-10.0, 0.0), (0.0, -10.0)];
    Problem {
        matrix: TravelMatrix::euclidean(&points),
        depot: Depot {
            location: 0,
            window: window(0.0, 1000.0),
        },
        jobs: (1..=4)
            .map(|i| job(&i.to_string(), i, vec![1], window(0.0, 1000.0)))
            .collect(),
        vehicles: vec![VehicleType::new("van", vehicles, vec![capacity], window(0.0, 1000.0))],
    }
}

fn quick() -> SolveOptions {
    SolveOptions {
        max_seconds: 5.0,
        max_generations: Some(200),
        repeatable: true,
        ..SolveOptions::default()
    }
}

fn solve_checked(problem: &Problem, options: &SolveOptions) -> Solution {
    let solution = solve(problem, options).expect("solves");
    check(problem, &solution).unwrap_or_else(|e| panic!("infeasible: {e}\n{solution:#?}"));
    solution
}

fn ids(problem: &Problem, trip: &Trip) -> Vec<String> {
    trip.stops.iter().map(|s| problem.jobs[s.job].id.clone()).collect()
}

#[test]
fn tiny_instance_reaches_the_obvious_optimum() {
    let p = diamond(4, 2);
    let s = solve_checked(&p, &quick());
    assert_eq!(s.vehicles_used, 1, "{s:#?}");
    assert!(s.unassigned.is_empty());
    // Out to one corner, three sides of length 10·√2 round the diamond, and back.
    assert!(
        (s.total_distance - (20.0 + 30.0 * std::f64::consts::SQRT_2)).abs() < 1e-9,
        "{}",
        s.total_distance
    );
    let order = ids(&p, &s.routes[0].trips[0]);
    assert_eq!(order.len(), 4);
    // Going round, never across: consecutive customers are neighbours on the diamond.
    let pos: Vec<usize> = order.iter().map(|id| id.parse().unwrap()).collect();
    for pair in pos.windows(2) {
        assert_ne!(pair[0].abs_diff(pair[1]), 2, "crosses the depot: {order:?}");
    }
}

#[test]
fn capacity_forces_a_second_vehicle() {
    let p = diamond(2, 3);
    let s = solve_checked(&p, &quick());
    assert_eq!(s.vehicles_used, 2);
    // Two loops out to neighbouring customers: 10 + 10·√2 + 10 each.
    let expected = 2.0 * (20.0 + 10.0 * std::f64::consts::SQRT_2);
    assert!((s.total_distance - expected).abs() < 1e-9, "{}", s.total_distance);
    for route in &s.routes {
        assert_eq!(route.trips[0].load, vec![2]);
    }
}

#[test]
fn time_windows_order_the_visits_and_exclude_the_unreachable() {
    // On a line: customer 1 at x=2 must be served late, customer 2 at x=4 early; customer 3
    // at x=100 closes before anyone can get there.
    let points = [(0.0, 0.0), (2.0, 0.0), (4.0, 0.0), (100.0, 0.0)];
    let p = Problem {
        matrix: TravelMatrix::euclidean(&points),
        depot: Depot {
            location: 0,
            window: window(0.0, 500.0),
        },
        jobs: vec![
            Job {
                service: 3.0,
                ..job("late", 1, vec![1], window(50.0, 60.0))
            },
            Job {
                service: 3.0,
                ..job("early", 2, vec![1], window(0.0, 5.0))
            },
            job("far", 3, vec![1], window(0.0, 50.0)),
        ],
        vehicles: vec![VehicleType::new("bike", 1, vec![10], window(0.0, 500.0))],
    };
    let s = solve_checked(&p, &quick());
    assert_eq!(s.unassigned, vec!["far".to_string()]);
    let trip = &s.routes[0].trips[0];
    assert_eq!(ids(&p, trip), ["early", "late"]);
    assert_eq!(trip.stops[0].arrival, 4.0);
    assert_eq!(trip.stops[1].arrival, 9.0);
    assert_eq!(trip.stops[1].service_start, 50.0);
    assert_eq!(trip.arrival, 55.0);
    assert_eq!(s.total_distance, 8.0);
}

#[test]
fn several_load_dimensions_are_respected() {
    // [kg, litres]: two heavy small parcels and two light bulky ones; a vehicle takes 10 of each,
    // so each vehicle must mix one heavy and one bulky parcel.
    let points = [(0.0, 0.0), (1.0, 0.0), (2.0, 0.0), (-1.0, 0.0), (-2.0, 0.0)];
    let p = Problem {
        matrix: TravelMatrix::euclidean(&points),
        depot: Depot {
            location: 0,
            window: window(0.0, 100.0),
        },
        jobs: vec![
            job("h1", 1, vec![6, 1], window(0.0, 100.0)),
            job("h2", 2, vec![6, 1], window(0.0, 100.0)),
            job("b1", 3, vec![1, 6], window(0.0, 100.0)),
            job("b2", 4, vec![1, 6], window(0.0, 100.0)),
        ],
        vehicles: vec![VehicleType::new("cargo-bike", 3, vec![10, 10], window(0.0, 100.0))],
    };
    let s = solve_checked(&p, &quick());
    assert_eq!(s.vehicles_used, 2);
    assert!(s.unassigned.is_empty());
    for route in &s.routes {
        assert_eq!(route.trips[0].load, vec![7, 7]);
    }
}

#[test]
fn a_vehicle_can_reload_at_the_depot_for_a_second_trip() {
    let mut p = diamond(2, 1);
    p.vehicles[0].max_trips = 3;
    p.vehicles[0].reload_duration = 15.0;
    let s = solve_checked(&p, &quick());
    assert!(s.unassigned.is_empty(), "{s:#?}");
    assert_eq!(s.vehicles_used, 1);
    let route = &s.routes[0];
    assert_eq!(route.trips.len(), 2, "{route:#?}");
    assert!(route.trips.iter().all(|t| t.load == vec![2]));
    assert_eq!(route.trips[1].departure, route.trips[0].arrival + 15.0);
}

#[test]
fn without_reloads_the_fleet_limit_leaves_jobs_unassigned() {
    let s = solve_checked(&diamond(2, 1), &quick());
    assert_eq!(s.vehicles_used, 1);
    assert_eq!(s.unassigned.len(), 2);
}

#[test]
fn real_coordinates_work_through_the_haversine_matrix() {
    // A cargo-bike round from a Lille hub, times in minutes at 15 km/h with a 1.3 detour.
    let points = [
        GeoPoint {
            lat: 50.6330,
            lon: 3.0586,
        },
        GeoPoint {
            lat: 50.6366,
            lon: 3.0635,
        },
        GeoPoint {
            lat: 50.6292,
            lon: 3.0573,
        },
        GeoPoint {
            lat: 50.6412,
            lon: 3.0549,
        },
        GeoPoint {
            lat: 50.6270,
            lon: 3.0700,
        },
    ];
    let mut bike = VehicleType::new("cargo-bike", 2, vec![120, 200], window(480.0, 720.0));
    bike.duration_scale = 1.0;
    let p = Problem {
        matrix: TravelMatrix::haversine(&points, 1.3, 15.0).unwrap(),
        depot: Depot {
            location: 0,
            window: window(420.0, 1200.0),
        },
        jobs: (1..5)
            .map(|i| Job {
                service: 5.0,
                ..job(&format!("order-{i}"), i, vec![20, 30], window(480.0, 600.0))
            })
            .collect(),
        vehicles: vec![bike],
    };
    let s = solve_checked(&p, &quick());
    assert_eq!(s.vehicles_used, 1);
    assert!(s.unassigned.is_empty());
    assert_eq!(s.routes[0].trips[0].departure, 480.0);
    assert!(
        s.total_distance > 2.0 && s.total_distance < 8.0,
        "{} km",
        s.total_distance
    );
}

#[test]
fn check_catches_broken_solutions() {
    let p = diamond(2, 3);
    let good = solve_checked(&p, &quick());

    let mut s = good.clone();
    s.total_distance += 1.0;
    assert!(check(&p, &s).unwrap_err().contains("total distance"));

    let mut s = good.clone();
    let stop = s.routes[1].trips[0].stops.pop().unwrap();
    s.routes[0].trips[0].stops.push(stop);
    assert!(check(&p, &s).is_err());

    let mut s = good.clone();
    s.routes[0].trips[0].stops.pop();
    assert!(check(&p, &s).is_err());

    let mut more = p.clone();
    more.jobs.push(job("5", 1, vec![1], window(0.0, 1000.0)));
    assert!(check(&more, &good).unwrap_err().contains("neither served nor reported"));

    let mut s = good.clone();
    s.unassigned.push(p.jobs[0].id.clone());
    assert!(check(&p, &s).unwrap_err().contains("both served"));

    let mut tight = p.clone();
    tight.jobs[0].window = window(0.0, 1.0);
    let err = check(&tight, &good).unwrap_err();
    assert!(err.contains("after its window ends"), "{err}");
}

/// xorshift64*: enough randomness to vary instances, with no extra dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> f64 {
        (self.next() % n) as f64
    }
}

fn random_problem(seed: u64) -> Problem {
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let n = 6 + rng.below(7) as usize;
    let points: Vec<(f64, f64)> = (0..=n).map(|_| (rng.below(100), rng.below(100))).collect();
    let jobs = (1..=n)
        .map(|i| {
            let start = rng.below(300);
            let width = 20.0 + rng.below(200);
            Job {
                id: format!("c{i}"),
                location: i,
                demand: vec![1 + rng.below(15) as i32, rng.below(10) as i32],
                service: rng.below(20),
                window: window(start, start + width),
            }
        })
        .collect();
    let mut small = VehicleType::new("bike", 2, vec![20, 15], window(0.0, 600.0));
    small.duration_scale = 1.5;
    small.max_trips = 1 + rng.below(2) as usize;
    small.reload_duration = 10.0;
    let van = VehicleType {
        fixed_cost: 50.0,
        ..VehicleType::new("van", 1, vec![40, 40], window(60.0, 500.0))
    };
    Problem {
        matrix: TravelMatrix::euclidean(&points),
        depot: Depot {
            location: 0,
            window: window(0.0, 550.0),
        },
        jobs,
        vehicles: vec![small, van],
    }
}

#[test]
fn random_small_instances_give_checked_solutions() {
    for seed in 1..=6 {
        let p = random_problem(seed);
        p.validate().unwrap();
        let options = SolveOptions {
            max_seconds: 2.0,
            max_generations: Some(100),
            ..quick()
        };
        let s = solve_checked(&p, &options);
        let served: usize = s.routes.iter().flat_map(|r| &r.trips).map(|t| t.stops.len()).sum();
        assert_eq!(served + s.unassigned.len(), p.jobs.len(), "seed {seed}");
    }
}

#[test]
fn invalid_problems_are_rejected_with_a_reason() {
    let mut p = diamond(2, 1);
    p.jobs[0].demand = vec![1, 2];
    assert!(solve(&p, &quick()).unwrap_err().contains("dimensions"));
    let mut p = diamond(2, 1);
    p.jobs[1].id = "1".into();
    assert!(solve(&p, &quick()).unwrap_err().contains("used twice"));
    let mut p = diamond(2, 1);
    p.jobs[0].location = 99;
    assert!(solve(&p, &quick()).unwrap_err().contains("outside"));
    assert!(
        solve(
            &diamond(2, 1),
            &SolveOptions {
                max_seconds: 0.0,
                ..quick()
            }
        )
        .is_err()
    );
}

#[test]
fn cli_prints_routes_then_the_summary_line() {
    let dir = std::env::temp_dir().join(format!("maillon-vrp-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("diamond.txt");
    let text = "DIAMOND\n\nVEHICLE\nNUMBER CAPACITY\n 3 2\n\nCUSTOMER\nCUST NO. XCOORD. YCOORD. DEMAND READY DUE SERVICE\n\n\
                0 0 0 0 0 1000 0\n1 10 0 1 0 1000 0\n2 0 10 1 0 1000 0\n3 -10 0 1 0 1000 0\n4 0 -10 1 0 1000 0\n";
    std::fs::write(&path, text).unwrap();
    let out = cli::solve_file_with(&path, &quick()).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(
        lines[0].starts_with("Route 1: ") && lines[1].starts_with("Route 2: "),
        "{out}"
    );
    assert_eq!(lines[2], "vehicles=2 distance=68.28");
    let err = cli::solve_file(&dir.join("missing.txt"), 1.0).unwrap_err();
    assert!(err.contains("cannot read"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}
