//! Buying as the integration tests do it: a request context, a cart filled, a checkout at the
//! cycle's pickup slot.

use chrono::{Duration, Utc};
use maillon::accounts::store::CurrentUser;
use maillon::coop::Coop;
use maillon::ctx::Ctx;
use maillon::error::ServiceError;
use maillon::orders::store::{self as orders, CartOwner, CheckoutChoice, Placed};
use maillon::orders::{PaymentMethod, Pricing};
use sqlx::PgPool;

use crate::demo::pickup_slot;

/// A request's context for `coop`, now.
pub fn ctx(pool: &PgPool, coop: &Coop) -> Ctx {
    Ctx::new(pool.clone(), coop.clone(), "http://test", Utc::now())
}

/// Adds `q` units of variant `v` to the buyer's cart of `cycle`, at their prices.
pub async fn fill_cart(pool: &PgPool, coop: &Coop, cycle: i64, buyer: &CurrentUser, v: i64, q: i64) {
    orders::add_to_cart(
        &ctx(pool, coop),
        maillon::ids::CycleId(cycle),
        &CartOwner::User(buyer.id),
        Pricing::for_roles(&buyer.roles),
        maillon::ids::VariantId(v),
        q,
    )
    .await
    .unwrap();
}

/// Checks the buyer's cart of `cycle` out at its first pickup slot, paying by `method`,
/// rounding up or not; `key` names the attempt (the same key twice is one checkout).
pub async fn checkout(
    pool: &PgPool,
    coop: &Coop,
    (cycle, buyer): (i64, &CurrentUser),
    method: PaymentMethod,
    round_up: bool,
    key: &str,
) -> Result<Placed, ServiceError> {
    let choice = CheckoutChoice {
        round_up,
        slot_id: Some(pickup_slot(pool, cycle).await),
        address: String::new(),
        postcode: String::new(),
        phone: String::new(),
        payment: Some(method),
        attempt_key: format!("attempt-{key}"),
    };
    orders::checkout(&ctx(pool, coop), buyer, cycle, &choice, true, Duration::minutes(40)).await
}
