//! Cycles: preparing the following week, and the places orders are collected from.

mod copy;
mod places;
mod schedule;

use maillon::ctx::Ctx;
use sqlx::PgPool;

/// The service context of a test: the cooperative served, now.
fn ctx(pool: &PgPool, coop: &maillon::coop::Coop) -> Ctx {
    Ctx::new(pool.clone(), coop.clone(), "http://test", chrono::Utc::now())
}
