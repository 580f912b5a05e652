//! The `maillon solve-vrp` command: solve a Solomon file and print the routes.

use std::fmt::Write as _;
use std::path::Path;

use super::{Problem, Solution, SolveOptions, check, solomon, solve};

/// `solve-vrp` searches for the whole `seconds` it is given. An early stop once the best
/// solution stalled for two thirds of the limit cut R1_2_1 runs at 20 s, and they ended further
/// from the best-known distance than runs searching to the end (BENCHMARKS.md).
pub fn default_options(seconds: f64) -> SolveOptions {
    SolveOptions::with_seconds(seconds)
}

/// Reads, solves and checks a Solomon instance; returns one line per route (customer numbers in
/// visiting order, trips separated by `|`), then `vehicles=<n> distance=<total>`.
pub fn solve_file(path: &Path, seconds: f64) -> Result<String, String> {
    solve_file_with(path, &default_options(seconds))
}

pub fn solve_file_with(path: &Path, options: &SolveOptions) -> Result<String, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let problem = solomon::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let solution = solve(&problem, options)?;
    check(&problem, &solution).map_err(|e| format!("the solver returned an infeasible solution: {e}"))?;
    Ok(render(&problem, &solution))
}

pub fn render(problem: &Problem, solution: &Solution) -> String {
    let mut out = String::new();
    for (i, route) in solution.routes.iter().enumerate() {
        let trips: Vec<String> = route
            .trips
            .iter()
            .map(|t| {
                t.stops
                    .iter()
                    .map(|s| problem.jobs[s.job].id.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let _ = writeln!(out, "Route {}: {}", i + 1, trips.join(" | "));
    }
    if !solution.unassigned.is_empty() {
        let _ = writeln!(out, "Unassigned: {}", solution.unassigned.join(" "));
    }
    let _ = write!(
        out,
        "vehicles={} distance={:.2}",
        solution.vehicles_used, solution.total_distance
    );
    out
}
