//! `maillon solve-vrp` without building the whole server:
//! `cargo run --release -p maillon --features routing --example solve_vrp -- FILE [SECONDS]`.
//! Prints the search's progress to standard error when `VRP_VERBOSE` is set, and the elapsed time.

use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next().map(PathBuf::from) else {
        eprintln!("usage: solve_vrp FILE [SECONDS]");
        std::process::exit(2);
    };
    let seconds: f64 = args.next().map_or(30.0, |s| s.parse().expect("SECONDS is a number"));
    let started = Instant::now();
    let options = maillon::routing::SolveOptions {
        verbose: std::env::var_os("VRP_VERBOSE").is_some(),
        ..maillon::routing::cli::default_options(seconds)
    };
    match maillon::routing::cli::solve_file_with(&path, &options) {
        Ok(text) => {
            println!("{text}");
            eprintln!("elapsed={:.2}s", started.elapsed().as_secs_f64());
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
