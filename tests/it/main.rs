//! Maillon's integration tests, one binary with a module per context, against a real
//! PostgreSQL (`scripts/with-postgres.sh`): each test gets a database of its own, dropped when
//! it ends (`maillon_test_support::TestDb`). Shared fixtures live in `test-support/`.

mod accounts;
mod actors;
mod catalogue;
mod credit;
mod cycles;
mod governance;
mod ledger;
mod lots;
mod orders;
mod outbox;
mod payments;
mod rescue;
mod rounds;
mod solidarity;
mod stored_codes;
mod transparency;
mod trust;
mod value_chains;
mod vrp_solomon;
