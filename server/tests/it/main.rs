//! The real server over HTTP, one binary with a module per concern: each test starts the
//! `maillon` binary on a database of its own (`maillon_test_support::TestDb`, dropped when the
//! test ends) and talks to it like a browser.

mod dfc;
mod dfc_orders;
mod hostile;
mod http;
mod invoices;
mod open_data;
mod payments;
mod public_api;
mod shares;
mod trust;

use maillon_test_support::server::{self, Server};

/// Starts this package's `maillon` binary on `database_url` with the demo data.
async fn spawn(database_url: &str, env: &[(&str, String)]) -> Server {
    server::spawn(env!("CARGO_BIN_EXE_maillon"), database_url, env).await
}
