//! The transparency figures at scale: a year of 52 delivered cycles of 2,000 orders each
//! (104,000 orders from 2,000 households and 200 producers), each invoiced and with its
//! statements drawn up by the ledger's own functions; then timed: computing every cycle's
//! figures (what the clock does once per delivery), a pass of the clock with nothing to do
//! (every five seconds) and one that counts the year's households again (every ten
//! minutes), reading the published figures as the page and the open data do, writing the
//! CSV and the JSON, and reading a year's value chains as their page does.
//!
//! scripts/bench-transparency.sh (a throwaway PostgreSQL), or
//! cargo run --release -p maillon --features ssr --example bench_transparency -- <database url> [cycles] [orders]
//!
//! Written in bulk SQL with fixed choices, as `bench_ledger`: 200 producers in 20 communes
//! with 5 products each (one variant of 500 g to 2 kg, seven categories), each household
//! orders once per cycle at one of five pickup points, 1 to 8 lines.
//! No rounds are planned (the planner has its own benchmark), so each cycle's footprint is
//! read and found empty.

use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use maillon::ctx::Ctx;
use maillon::ledger::store as ledger;
use sqlx::PgPool;

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::main]
async fn main() {
    let url = std::env::args().nth(1).expect("a database URL");
    let cycles: i64 = std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(52);
    let households: i64 = std::env::args().nth(3).and_then(|a| a.parse().ok()).unwrap_or(2_000);
    let pool = PgPool::connect(&url).await.expect("the database");
    maillon::db::MIGRATOR.run(&pool).await.expect("migrations");
    let coop = maillon::coop::store::ensure_default_coop(&pool, "bench", "Coop de mesure")
        .await
        .unwrap();
    let start = Instant::now();
    let setup = [
        "INSERT INTO billing_identities (coop_id, legal_name, legal_form, street, postcode, city, siren, vat_number)
         VALUES ($1, 'SCIC de mesure', 'SCIC SAS à capital variable', '1 rue de la Mesure', '59000', 'Lille', '912345675', 'FR65912345675')",
        "INSERT INTO producers (coop_id, farm_name, town, latitude, longitude)
         SELECT $1, 'Ferme ' || g, 'Commune ' || g % 20, 50.2 + (g % 20) * 0.04, 2.7 + (g % 20) * 0.03
         FROM generate_series(1, 200) g",
        "INSERT INTO products (coop_id, producer_id, name, category, unit)
         SELECT $1, p.id, 'Produit ' || p.id || '-' || g,
                (ARRAY['legumes', 'fruits', 'produits-laitiers', 'viande', 'oeufs', 'pain', 'epicerie'])[1 + (p.id + g) % 7], 'kg'
         FROM producers p, generate_series(1, 5) g WHERE p.coop_id = $1",
        "INSERT INTO variants (coop_id, product_id, quantity, retail_price_cents, pro_price_cents, vat_bp, stock_mode, weight_grams)
         SELECT $1, id, 1000, 150 + (id * 37) % 1200, 120 + (id * 37) % 1000, CASE WHEN id % 4 = 0 THEN 2000 ELSE 550 END, 'on_demand',
                500 + (id * 53) % 1500
         FROM products WHERE coop_id = $1",
        "INSERT INTO hubs (coop_id, name, address, latitude, longitude) VALUES ($1, 'Hub', '1 rue du Hub, 59000 Lille', 50.63, 3.06)",
        "INSERT INTO pickup_points (coop_id, name, kind, address, latitude, longitude)
         VALUES ($1, 'Hub', 'hub', '1 rue du Hub, 59000 Lille', 50.63, 3.06),
                ($1, 'Épicerie', 'shop', '2 rue du Commerce, 59100 Roubaix', 50.69, 3.18),
                ($1, 'Café', 'shop', '3 place du Marché, 59200 Tourcoing', 50.72, 3.16),
                ($1, 'Mairie', 'other', '4 rue de la Mairie, 59650 Villeneuve d''Ascq', 50.62, 3.14),
                ($1, 'Ferme', 'other', '5 chemin des Prés, 59160 Lomme', 50.64, 2.99)",
    ];
    for sql in setup {
        sqlx::query(sql).bind(coop.id).execute(&pool).await.unwrap();
    }
    sqlx::query(
        "WITH u AS (
             INSERT INTO users (email, password_hash, display_name, email_verified_at)
             SELECT 'b' || g || '@bench', 'x', 'Acheteur ' || g, now() FROM generate_series(1, $2) g RETURNING id)
         INSERT INTO memberships (coop_id, user_id) SELECT $1, id FROM u",
    )
    .bind(coop.id)
    .bind(households)
    .execute(&pool)
    .await
    .unwrap();
    let first_close = Utc.with_ymd_and_hms(2026, 1, 6, 18, 0, 0).unwrap();
    let mut ids = Vec::new();
    for c in 0..cycles {
        let closes = first_close + chrono::Duration::weeks(c);
        let cycle: i64 = sqlx::query_scalar(
            "INSERT INTO order_cycles (coop_id, name, opens_at, closes_at, status, opened_at, closed_at)
             VALUES ($1, 'Semaine ' || $2, $3 - interval '6 days', $3, 'delivered', $3 - interval '6 days', $3)
             RETURNING id",
        )
        .bind(coop.id)
        .bind(c + 1)
        .bind(closes)
        .fetch_one(&pool)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO slots (coop_id, cycle_id, pickup_point_id, starts_at, ends_at, capacity)
             SELECT $1, $2, pp.id, $3 + interval '1 day', $3 + interval '26 hours', 10000 FROM pickup_points pp WHERE pp.coop_id = $1",
        )
        .bind(coop.id)
        .bind(cycle)
        .bind(closes)
        .execute(&pool)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO orders (coop_id, cycle_id, user_id, status, pricing, slot_id, payment_method, subtotal_cents, total_cents, attempt_key)
             SELECT $1, s.cycle_id, m.user_id, 'confirmed', 'retail', s.id, 'pickup', 0, 0, 'bench-' || s.cycle_id || '-' || m.user_id
             FROM memberships m
             CROSS JOIN LATERAL (SELECT id, cycle_id FROM slots WHERE cycle_id = $2 ORDER BY id OFFSET m.user_id % 5 LIMIT 1) s
             WHERE m.coop_id = $1",
        )
        .bind(coop.id)
        .bind(cycle)
        .execute(&pool)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO order_lines (order_id, variant_id, coop_id, product_name, variant_label, quantity, unit_price_cents, vat_bp, missing)
             SELECT o.id, v.id, $1, p.name, '1 kg', 1 + (o.id + g) % 3, v.retail_price_cents, v.vat_bp, 0
             FROM orders o
             CROSS JOIN LATERAL generate_series(1, 1 + o.id % 8) g
             JOIN variants v ON v.id = (SELECT min(id) FROM variants WHERE coop_id = $1) + (o.id * 7 + g * 131) % 1000
             JOIN products p ON p.id = v.product_id
             WHERE o.cycle_id = $2",
        )
        .bind(coop.id)
        .bind(cycle)
        .execute(&pool)
        .await
        .unwrap();
        sqlx::query(
            "UPDATE orders o SET subtotal_cents = s.t, total_cents = s.t
             FROM (SELECT l.order_id, sum(l.unit_price_cents * l.quantity)::bigint t FROM order_lines l
                   JOIN orders x ON x.id = l.order_id WHERE x.cycle_id = $1 GROUP BY l.order_id) s
             WHERE s.order_id = o.id",
        )
        .bind(cycle)
        .execute(&pool)
        .await
        .unwrap();
        let mut tx = pool.begin().await.unwrap();
        let at = closes + chrono::Duration::days(2);
        ledger::issue_for_cycle(&mut tx, coop.id, cycle, at).await.unwrap();
        ledger::draw_up_for_cycle(&mut tx, coop.id, cycle, at).await.unwrap();
        tx.commit().await.unwrap();
        ids.push(cycle);
    }
    sqlx::query("ANALYZE").execute(&pool).await.unwrap();
    let (orders, lines): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM orders WHERE coop_id = $1), (SELECT count(*) FROM order_lines WHERE coop_id = $1)",
    )
    .bind(coop.id)
    .fetch_one(&pool)
    .await
    .unwrap();
    println!(
        "setup: {cycles} delivered cycles, {orders} orders, {lines} lines, invoiced with statements, in {} s",
        start.elapsed().as_secs()
    );

    let ctx = Ctx::new(pool.clone(), coop.clone(), "http://bench", Utc::now());
    let start = Instant::now();
    let computed = maillon::transparency::store::refresh(&ctx).await.unwrap();
    let all = start.elapsed();
    assert_eq!(computed as i64, cycles);
    println!(
        "computing every cycle's figures: {computed} cycles in {} ms ({} ms per cycle)",
        ms(all),
        ms(all / computed.max(1) as u32)
    );
    let mut idle = Vec::new();
    for _ in 0..50 {
        let t = Instant::now();
        assert_eq!(maillon::transparency::store::refresh(&ctx).await.unwrap(), 0);
        idle.push(t.elapsed());
    }
    idle.sort();
    println!(
        "a clock pass with nothing to compute (50 passes): p50 {} ms, p95 {} ms",
        ms(percentile(&idle, 0.5)),
        ms(percentile(&idle, 0.95))
    );
    let mut years = Vec::new();
    for i in 1..=5 {
        let later = ctx.at(ctx.now + chrono::Duration::minutes(11 * i));
        let t = Instant::now();
        assert_eq!(maillon::transparency::store::refresh(&later).await.unwrap(), 0);
        years.push(t.elapsed());
    }
    years.sort();
    println!(
        "a clock pass that counts the year's households again (every ten minutes; 5 passes): p50 {} ms, max {} ms",
        ms(percentile(&years, 0.5)),
        ms(years[years.len() - 1])
    );
    let mut reads = Vec::new();
    let mut files = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        let data = maillon::transparency::store::transparency(&ctx).await.unwrap();
        reads.push(t.elapsed());
        let t = Instant::now();
        let csv = maillon::transparency::csv(&data);
        let json = maillon::transparency::json(&data, "http://bench/donnees");
        files.push(t.elapsed());
        std::hint::black_box((csv, json));
    }
    reads.sort();
    files.sort();
    println!(
        "reading the published figures (200 reads): p50 {} ms, p95 {} ms (target p95 < 50 ms)",
        ms(percentile(&reads, 0.5)),
        ms(percentile(&reads, 0.95))
    );
    println!(
        "writing the CSV and the JSON from them: p50 {} ms, p95 {} ms",
        ms(percentile(&files, 0.5)),
        ms(percentile(&files, 0.95))
    );
    let year = (
        chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
    );
    let (flows,): (i64,) = sqlx::query_as("SELECT count(*) FROM transparency_flows")
        .fetch_one(&pool)
        .await
        .unwrap();
    let mut chains = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        let v = maillon::transparency::store::value_chains(&ctx, year, "")
            .await
            .unwrap();
        chains.push(t.elapsed());
        assert_eq!(v.cycles, cycles);
        std::hint::black_box(v);
    }
    chains.sort();
    println!(
        "reading a year's value chains from its {flows} stored flows (200 reads): p50 {} ms, p95 {} ms (target p95 < 50 ms)",
        ms(percentile(&chains, 0.5)),
        ms(percentile(&chains, 0.95))
    );
}
