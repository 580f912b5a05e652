//! The `maillon solve-vrp` command: solve a Solomon file and print the routes.

use std::fmt::Write as _;
use std::io::Read as _;
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

/// The largest instance file read: a file of `solomon::MAX_CUSTOMERS` customers is about 150 KB.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// The file's text, read no further than [`MAX_FILE_BYTES`] (whatever it is: a device, a pipe).
fn read_bounded(path: &Path) -> Result<String, String> {
    let cannot = |e: std::io::Error| format!("cannot read {}: {e}", path.display());
    let file = std::fs::File::open(path).map_err(cannot)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(cannot)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "{} is larger than {} MB: not a routing instance this command solves",
            path.display(),
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    String::from_utf8(bytes).map_err(|_| format!("{} is not a text file", path.display()))
}

pub fn solve_file_with(path: &Path, options: &SolveOptions) -> Result<String, String> {
    let text = read_bounded(path)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_read_no_further_than_the_limit() {
        let path = std::env::temp_dir().join(format!("maillon-vrp-{}.txt", std::process::id()));
        std::fs::write(&path, vec![b' '; MAX_FILE_BYTES as usize + 1]).unwrap();
        let e = solve_file(&path, 1.0).unwrap_err();
        std::fs::remove_file(&path).unwrap();
        assert!(e.contains("larger than 4 MB"), "{e}");
        let e = read_bounded(Path::new("/dev/zero")).unwrap_err();
        assert!(e.contains("larger than"), "{e}");
    }
}
