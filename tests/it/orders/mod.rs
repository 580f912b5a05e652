//! Ordering against a real PostgreSQL: checkouts that never oversell, shortages reported per
//! line, full slots, closed cycles, order changes and cancellations that give stock back,
//! carts that survive sign-in, and payment events applied exactly once.

use chrono::{Duration, Utc};
use maillon::accounts::store::CurrentUser;
use maillon::coop::Coop;
use maillon::ctx::Ctx;
use maillon::cycles::CycleAction;
use maillon::cycles::store as cycles;
use maillon::error::ServiceError;
use maillon::i18n::Msg;
use maillon::orders::store::{self, Applied, CartOwner, CheckoutChoice, OrderChange, PaymentEvent};
use maillon::orders::{OrderStatus, PaymentMethod, Pricing};
use maillon_test_support::TestDb;
use maillon_test_support::demo::{delivery_slot, demo, open_cycle, pickup_slot, residents, scarce, user};
use sqlx::PgPool;

mod cart;
mod change;
mod checkout;
mod desk;
mod payment;
mod reception;

/// The service context of a request to the test's cooperative, now.
fn ctx(pool: &PgPool, coop: &Coop) -> Ctx {
    Ctx::new(pool.clone(), coop.clone(), "http://test", Utc::now())
}

fn choice(slot_id: i64, key: &str) -> CheckoutChoice {
    CheckoutChoice {
        round_up: false,
        slot_id: Some(slot_id),
        address: String::new(),
        postcode: String::new(),
        phone: String::new(),
        payment: Some(PaymentMethod::Pickup),
        attempt_key: key.to_owned(),
    }
}

async fn add(
    pool: &PgPool,
    coop: &Coop,
    cycle: i64,
    u: &CurrentUser,
    variant: i64,
    q: i64,
) -> Result<i64, ServiceError> {
    store::add_to_cart(
        &ctx(pool, coop),
        maillon::ids::CycleId(cycle),
        &CartOwner::User(u.id),
        Pricing::for_roles(&u.roles),
        maillon::ids::VariantId(variant),
        q,
    )
    .await
}

async fn checkout(
    pool: &PgPool,
    coop: &Coop,
    cycle: i64,
    u: &CurrentUser,
    c: &CheckoutChoice,
) -> Result<store::Placed, ServiceError> {
    store::checkout(&ctx(pool, coop), u, cycle, c, true, Duration::minutes(40)).await
}

async fn stock(pool: &PgPool, variant: i64) -> i64 {
    sqlx::query_scalar("SELECT stock FROM variants WHERE id = $1")
        .bind(variant)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn sold_in_orders(pool: &PgPool, variant: i64) -> i64 {
    sqlx::query_scalar(
        "SELECT coalesce(sum(l.quantity), 0)::bigint FROM order_lines l JOIN orders o ON o.id = l.order_id
         WHERE l.variant_id = $1 AND o.status IN ('confirmed', 'pending_payment')",
    )
    .bind(variant)
    .fetch_one(pool)
    .await
    .unwrap()
}

/// A card order of `q` units of `v` (`line`) at a pickup slot, paid through its payment event.
async fn paid_card_order(
    pool: &PgPool,
    coop: &Coop,
    cycle: i64,
    slot: i64,
    buyer: &CurrentUser,
    (v, q): (i64, i64),
    key: &str,
) -> i64 {
    add(pool, coop, cycle, buyer, v, q).await.unwrap();
    let mut c = choice(slot, &format!("attempt-{key}"));
    c.payment = Some(PaymentMethod::Card);
    let placed = checkout(pool, coop, cycle, buyer, &c).await.unwrap();
    assert_eq!(placed.status, OrderStatus::PendingPayment);
    let session = format!("cs_test_{key}");
    store::attach_payment_session(&ctx(pool, coop), placed.order_id, &session, "https://pay/x")
        .await
        .unwrap();
    let paid = PaymentEvent::Completed {
        session_id: session,
        order_id: Some(placed.order_id),
        payment_intent: Some(format!("pi_{key}")),
        amount_cents: None,
        paid: true,
    };
    let applied = store::apply_payment_event(&ctx(pool, coop), &format!("evt_{key}"), "t", &paid)
        .await
        .unwrap();
    assert_eq!(applied, Applied::Confirmed);
    placed.order_id
}

async fn money(pool: &PgPool, order: i64) -> (i64, i64) {
    sqlx::query_as("SELECT paid_cents, total_cents FROM orders WHERE id = $1")
        .bind(order)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn placed_total(pool: &PgPool, order: i64) -> i64 {
    money(pool, order).await.1
}

/// A named variant of the open cycle: (variant, product name), e.g. the "Bouteille" of apple juice.
async fn named_variant(pool: &PgPool, cycle: i64, name: &str) -> (i64, String) {
    sqlx::query_as(
        "SELECT v.id, p.name FROM cycle_offers o JOIN variants v ON v.id = o.variant_id JOIN products p ON p.id = v.product_id
         WHERE o.cycle_id = $1 AND v.name = $2 ORDER BY v.id LIMIT 1",
    )
    .bind(cycle)
    .bind(name)
    .fetch_one(pool)
    .await
    .unwrap()
}

async fn cart_of(pool: &PgPool, coop: &Coop, cycle: i64, u: &CurrentUser) -> maillon::orders::CartView {
    let owner = CartOwner::User(u.id);
    store::cart_view(&ctx(pool, coop), cycle, Some(&owner), Pricing::Retail, false, u.locale)
        .await
        .unwrap()
}
