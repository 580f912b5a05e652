//! The demo cooperative (`maillon::demo::seed`) and what tests pick from it.

use chrono::Utc;
use maillon::accounts::store::{self as accounts, CurrentUser};
use maillon::coop::Coop;
use sqlx::PgPool;

/// The demo password of every demo account.
pub const DEMO_PASSWORD: &str = "maillon-demo-2026";

/// Seeds the demo (members with roles, farms, products, an open cycle with slots) and returns
/// its cooperative.
pub async fn demo(pool: &PgPool) -> Coop {
    maillon::demo::seed(pool).await.unwrap();
    maillon::coop::store::default_coop(pool).await.unwrap().unwrap()
}

/// A cooperative and nothing else: the first account to sign up becomes its board.
pub async fn bare_coop(pool: &PgPool) -> Coop {
    maillon::coop::store::ensure_default_coop(pool, "test", "Coop de test")
        .await
        .unwrap()
}

/// The member with this address, with their roles in `coop`.
pub async fn user(pool: &PgPool, coop: &Coop, email: &str) -> CurrentUser {
    let id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(pool)
        .await
        .unwrap();
    let ctx = maillon::ctx::Ctx::new(pool.clone(), coop.clone(), "", Utc::now());
    accounts::current_user(&ctx, id).await.unwrap().unwrap()
}

/// The first `n` residents of the demo.
pub async fn residents(pool: &PgPool, coop: &Coop, n: usize) -> Vec<CurrentUser> {
    let emails: Vec<String> = sqlx::query_scalar(
        "SELECT u.email FROM users u JOIN member_roles r ON r.user_id = u.id AND r.role = 'resident' ORDER BY u.id LIMIT $1",
    )
    .bind(n as i64)
    .fetch_all(pool)
    .await
    .unwrap();
    let mut out = Vec::new();
    for e in emails {
        out.push(user(pool, coop, &e).await);
    }
    out
}

/// The demo's open cycle.
pub async fn open_cycle(pool: &PgPool, coop: &Coop) -> i64 {
    maillon::cycles::store::open_cycles(&maillon::ctx::Ctx::new(pool.clone(), coop.clone(), "", Utc::now()))
        .await
        .unwrap()[0]
        .id
}

/// A finite variant of the open cycle, its stock set to `stock`.
pub async fn scarce(pool: &PgPool, cycle: i64, stock: i64) -> i64 {
    let id: i64 = sqlx::query_scalar(
        "SELECT v.id FROM cycle_offers o JOIN variants v ON v.id = o.variant_id
         WHERE o.cycle_id = $1 AND v.stock_mode = 'finite' AND v.case_size = 1 ORDER BY v.id LIMIT 1",
    )
    .bind(cycle)
    .fetch_one(pool)
    .await
    .unwrap();
    sqlx::query("UPDATE variants SET stock = $2 WHERE id = $1")
        .bind(id)
        .bind(stock)
        .execute(pool)
        .await
        .unwrap();
    id
}

/// A slot of the cycle at a pickup point.
pub async fn pickup_slot(pool: &PgPool, cycle: i64) -> i64 {
    sqlx::query_scalar("SELECT id FROM slots WHERE cycle_id = $1 AND pickup_point_id IS NOT NULL ORDER BY id LIMIT 1")
        .bind(cycle)
        .fetch_one(pool)
        .await
        .unwrap()
}

/// A home-delivery slot of the cycle.
pub async fn delivery_slot(pool: &PgPool, cycle: i64) -> i64 {
    sqlx::query_scalar("SELECT id FROM slots WHERE cycle_id = $1 AND zone_id IS NOT NULL ORDER BY id LIMIT 1")
        .bind(cycle)
        .fetch_one(pool)
        .await
        .unwrap()
}

/// A new open cycle named after cycle `from` and `n`, with its offers and slots: for work
/// spread over several cycles at once.
pub async fn copy_of_cycle(pool: &PgPool, from: i64, n: usize) -> i64 {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO order_cycles (coop_id, name, opens_at, closes_at, status, scheduled, opened_at)
         SELECT coop_id, name || ' ' || $2, opens_at, closes_at, 'open', true, opened_at FROM order_cycles WHERE id = $1
         RETURNING id",
    )
    .bind(from)
    .bind(n.to_string())
    .fetch_one(pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO cycle_offers (cycle_id, variant_id, coop_id) SELECT $2, variant_id, coop_id FROM cycle_offers WHERE cycle_id = $1",
    )
    .bind(from)
    .bind(id)
    .execute(pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO slots (coop_id, cycle_id, pickup_point_id, zone_id, starts_at, ends_at, capacity)
         SELECT coop_id, $2, pickup_point_id, zone_id, starts_at, ends_at, capacity FROM slots WHERE cycle_id = $1",
    )
    .bind(from)
    .bind(id)
    .execute(pool)
    .await
    .unwrap();
    id
}
