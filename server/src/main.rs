//! `maillon`: the server of the Maillon cooperative marketplace.
//!
//! Modules depend on each other one way, from the top down, and never on one above them:
//! `main` → `commands` → `startup` → `router` → the plain routes (`catalogue_routes`,
//! `hub_routes`, `governance_routes`, `ledger_routes`, `open_data_routes`, `payment_routes`, `public_api`) → `security` → `http_error`, `paths`, `assets`. `cli` (the
//! options) is read by the first three; `worker` and `embedded_pg` stand apart, used by
//! `startup` and `main`.

mod assets;
mod catalogue_routes;
mod cli;
mod commands;
mod dfc_routes;
mod embedded_pg;
mod governance_routes;
mod http_error;
mod hub_routes;
mod ledger_routes;
mod open_data_routes;
mod paths;
mod payment_routes;
mod public_api;
mod router;
mod security;
mod startup;
mod worker;

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::embedded_pg::EmbeddedPostgres;

// Server-side rendering allocates many small strings; glibc's allocator spent about 40 % of
// the catalogue page's time (perf), mimalloc much less (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_sessions=warn"));
    if std::env::var("MAILLON_LOG_FORMAT").as_deref() == Ok("json") {
        tracing_subscriber::fmt().with_env_filter(filter).json().init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).compact().init();
    }
}

/// The database to use: `DATABASE_URL`, or the local cluster, started if needed.
async fn database(cli: &Cli) -> anyhow::Result<(String, Option<EmbeddedPostgres>, bool)> {
    if let Some(url) = &cli.database_url {
        return Ok((url.clone(), None, false));
    }
    let pg = EmbeddedPostgres::new(&cli.data_dir)?;
    let fresh = !pg.data_dir().join("PG_VERSION").is_file();
    let started = pg.start()?;
    embedded_pg::ensure_database(&pg, "maillon").await?;
    let url = pg.url("maillon");
    Ok((url, started.then_some(pg), fresh))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    init_tracing();
    let cli = Cli::parse();
    if let Some(Command::ServerFns) = cli.command {
        let mut fns: Vec<String> = leptos::server_fn::axum::server_fn_paths()
            .map(|(path, method)| format!("{method} {path}"))
            .collect();
        fns.sort();
        println!("{}", fns.join("\n"));
        return Ok(());
    }
    // Before `database`: solving must not start or need a PostgreSQL cluster.
    if let Some(Command::SolveVrp { file, seconds }) = &cli.command {
        let text = maillon::routing::cli::solve_file(file, *seconds).map_err(|e| anyhow::anyhow!(e))?;
        println!("{text}");
        return Ok(());
    }
    let (url, owned_pg, fresh) = database(&cli).await?;
    let result = commands::run(&cli, &url, fresh).await;
    if let Some(pg) = owned_pg {
        pg.stop();
    }
    result
}
