//! Fixtures written once for Maillon's integration tests (`tests/it` and `server/tests/it`):
//!
//! - [`db::TestDb`]: a database of its own for each test, dropped when the test ends;
//! - [`demo`]: the demo cooperative and what tests pick from it (a user with roles, the open
//!   cycle, a scarce variant, a slot);
//! - [`server`]: the real `maillon` binary on a test database, and a browser-like client;
//! - [`fake_stripe`], [`smtp`]: fakes of the outside services, served on loopback;
//! - [`other_coop`]: a second cooperative, to check that tenancy holds;
//! - [`validators`]: the official XML validators (Factur-X, SEPA) run on what Maillon wrote;
//! - [`shopping`]: a cart filled and checked out, as a buyer does it.

pub mod db;
pub mod demo;
pub mod fake_stripe;
pub mod other_coop;
pub mod server;
pub mod shopping;
pub mod smtp;
pub mod validators;

pub use db::TestDb;
