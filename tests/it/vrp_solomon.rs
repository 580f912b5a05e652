//! Solomon C101 from the shared benchmark data, solved briefly: feasibility and quality bounds.
//! The instance is not in the repository; without it the test says so and passes.

use std::path::PathBuf;

use maillon::routing::{SolveOptions, check, solomon, solve};

const BEST_KNOWN_DISTANCE: f64 = 828.94;

#[test]
fn c101_is_solved_close_to_the_best_known() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/vrp/c101.txt");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("skipped: {} is absent", path.display());
        return;
    };
    let problem = solomon::parse(&text).expect("c101 parses");
    assert_eq!(problem.jobs.len(), 100);
    let options = SolveOptions {
        max_seconds: 10.0,
        max_generations: Some(500),
        ..SolveOptions::default()
    };
    let solution = solve(&problem, &options).expect("c101 solves");
    check(&problem, &solution).expect("the solution is feasible");
    assert!(solution.unassigned.is_empty(), "{:?}", solution.unassigned);
    assert!(solution.vehicles_used <= 10, "{} vehicles", solution.vehicles_used);
    assert!(
        solution.total_distance <= BEST_KNOWN_DISTANCE * 1.05,
        "distance {:.2} is more than 5 % above {BEST_KNOWN_DISTANCE}",
        solution.total_distance
    );
}
