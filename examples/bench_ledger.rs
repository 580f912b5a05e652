//! Invoices and statements at scale: a delivered cycle of 20,000 orders from 200 producers
//! invoiced in one transaction (numbers, lines, VAT per rate, the audit entry), the 200
//! producers' payout statements drawn up, then invoices read whole and written as EN 16931
//! XML, and a SEPA batch of the 200 transfers written.
//!
//! scripts/bench-ledger.sh (a throwaway PostgreSQL), or
//! cargo run --release -p maillon --features ssr --example bench_ledger -- <database url> [orders]
//!
//! The cycle is written in bulk SQL with fixed choices: 200 producers with 5 products each
//! (one variant, VAT 5.5 % or 20 %), 20,000 buyers with one order each of 1 to 8 lines, one
//! order in ten from a shop, one line in fifty short of a unit at reception. What is timed goes
//! through the services: `ledger::store::issue_for_cycle` as the delivery job runs it, then
//! 200 invoices read by their buyer, then their XML.

use std::time::{Duration, Instant};

use chrono::Utc;
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
    let orders: i64 = std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let pool = PgPool::connect(&url).await.expect("the database");
    maillon::db::MIGRATOR.run(&pool).await.expect("migrations");
    let coop = maillon::coop::store::ensure_default_coop(&pool, "bench", "Coop de mesure")
        .await
        .unwrap();
    let start = Instant::now();
    let setup = [
        "INSERT INTO billing_identities (coop_id, legal_name, legal_form, street, postcode, city, siren, vat_number)
         VALUES ($1, 'SCIC de mesure', 'SCIC SAS à capital variable', '1 rue de la Mesure', '59000', 'Lille', '912345675', 'FR65912345675')",
        "INSERT INTO producers (coop_id, farm_name, town) SELECT $1, 'Ferme ' || g, 'Lille' FROM generate_series(1, 200) g",
        "INSERT INTO products (coop_id, producer_id, name, category, unit)
         SELECT $1, p.id, 'Produit ' || p.id || '-' || g, 'legumes', 'kg' FROM producers p, generate_series(1, 5) g WHERE p.coop_id = $1",
        "INSERT INTO variants (coop_id, product_id, quantity, retail_price_cents, pro_price_cents, vat_bp, stock_mode)
         SELECT $1, id, 1000, 150 + (id * 37) % 1200, 120 + (id * 37) % 1000, CASE WHEN id % 4 = 0 THEN 2000 ELSE 550 END, 'on_demand'
         FROM products WHERE coop_id = $1",
        "INSERT INTO pickup_points (coop_id, name, kind, address, latitude, longitude)
         VALUES ($1, 'Hub', 'hub', '1 rue du Hub, 59000 Lille', 50.63, 3.06)",
        "INSERT INTO order_cycles (coop_id, name, opens_at, closes_at, status, opened_at, closed_at)
         VALUES ($1, 'Semaine de mesure', now() - interval '9 days', now() - interval '2 days', 'closed', now() - interval '9 days', now() - interval '2 days')",
        "INSERT INTO slots (coop_id, cycle_id, pickup_point_id, starts_at, ends_at, capacity)
         SELECT $1, c.id, pp.id, now() - interval '1 day', now() - interval '20 hours', 10000
         FROM order_cycles c, pickup_points pp WHERE c.coop_id = $1 AND pp.coop_id = $1",
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
    .bind(orders)
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO shops (coop_id, user_id, name, address, siren)
         SELECT $1, user_id, 'Épicerie ' || user_id, '1 rue du Commerce, 59000 Lille', '850123456'
         FROM memberships WHERE coop_id = $1 AND user_id % 10 = 0",
    )
    .bind(coop.id)
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO orders (coop_id, cycle_id, user_id, status, pricing, slot_id, payment_method, subtotal_cents, total_cents, attempt_key)
         SELECT $1, s.cycle_id, m.user_id, 'confirmed', CASE WHEN m.user_id % 10 = 0 THEN 'pro' ELSE 'retail' END, s.id,
                CASE WHEN m.user_id % 3 = 0 THEN 'card' ELSE 'pickup' END, 0, 0, 'bench-order-' || m.user_id
         FROM memberships m, slots s WHERE m.coop_id = $1 AND s.coop_id = $1",
    )
    .bind(coop.id)
    .execute(&pool)
    .await
    .unwrap();
    // 1 to 8 lines per order, from variants spread over every producer.
    sqlx::query(
        "INSERT INTO order_lines (order_id, variant_id, coop_id, product_name, variant_label, quantity, unit_price_cents, vat_bp, missing)
         SELECT o.id, v.id, $1, p.name, '1 kg', 1 + (o.id + g) % 3,
                CASE WHEN o.pricing = 'pro' THEN v.pro_price_cents ELSE v.retail_price_cents END, v.vat_bp,
                CASE WHEN (o.id + g) % 50 = 0 THEN 1 ELSE 0 END
         FROM orders o
         CROSS JOIN LATERAL generate_series(1, 1 + o.id % 8) g
         JOIN variants v ON v.id = (SELECT min(id) FROM variants WHERE coop_id = $1) + (o.id * 7 + g * 131) % 1000
         JOIN products p ON p.id = v.product_id
         WHERE o.coop_id = $1",
    )
    .bind(coop.id)
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query(
        "UPDATE orders o SET subtotal_cents = s.t, total_cents = s.t
         FROM (SELECT order_id, sum(unit_price_cents * (quantity - missing))::bigint t FROM order_lines GROUP BY order_id) s
         WHERE s.order_id = o.id",
    )
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query("ANALYZE").execute(&pool).await.unwrap();
    let (cycle, lines): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT id FROM order_cycles WHERE coop_id = $1), (SELECT count(*) FROM order_lines WHERE coop_id = $1)",
    )
    .bind(coop.id)
    .fetch_one(&pool)
    .await
    .unwrap();
    println!(
        "setup: {orders} orders, {lines} lines, 200 producers, in {} ms",
        ms(start.elapsed())
    );

    let mut tx = pool.begin().await.unwrap();
    let start = Instant::now();
    let issued = ledger::issue_for_cycle(&mut tx, coop.id, cycle, Utc::now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let issuing = start.elapsed();
    assert_eq!(issued as i64, orders);
    println!(
        "issuing the invoices of the cycle: {issued} invoices in {} ms",
        ms(issuing)
    );

    let mut tx = pool.begin().await.unwrap();
    let start = Instant::now();
    let drawn = ledger::draw_up_for_cycle(&mut tx, coop.id, cycle, Utc::now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let drawing = start.elapsed();
    assert_eq!(drawn, 200);
    println!(
        "drawing up the producers' statements: {drawn} statements in {} ms",
        ms(drawing)
    );
    println!(
        "statements and invoices of the cycle: {} ms (target < 2000 ms)",
        ms(issuing + drawing)
    );

    let ctx = Ctx::new(pool.clone(), coop.clone(), "http://bench", Utc::now());
    let sample: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT id, buyer_user_id FROM invoices WHERE coop_id = $1 AND business ORDER BY random() LIMIT 200",
    )
    .bind(coop.id)
    .fetch_all(&pool)
    .await
    .unwrap();
    let mut reads = Vec::new();
    let mut xmls = Vec::new();
    for (id, buyer) in &sample {
        let user = maillon::accounts::store::current_user(&ctx, *buyer)
            .await
            .unwrap()
            .unwrap();
        let t = Instant::now();
        let invoice = ledger::invoice(&ctx, &user, *id).await.unwrap();
        reads.push(t.elapsed());
        let t = Instant::now();
        let xml = maillon::ledger::cii::invoice_xml(&invoice, maillon::ledger::payment_terms_fr(&invoice));
        xmls.push(t.elapsed());
        std::hint::black_box(xml);
    }
    sqlx::query(
        "INSERT INTO bank_accounts (producer_id, coop_id, holder, iban, bic)
         SELECT id, coop_id, farm_name, 'FR1420041010050500013M02606', 'PSSTFRPPLIL' FROM producers WHERE coop_id = $1",
    )
    .bind(coop.id)
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query(
        "UPDATE billing_identities SET iban = 'FR7630006000011234567890189', bic = 'AGRIFRPP' WHERE coop_id = $1",
    )
    .bind(coop.id)
    .execute(&pool)
    .await
    .unwrap();
    let board: i64 = sqlx::query_scalar("SELECT user_id FROM memberships WHERE coop_id = $1 LIMIT 1")
        .bind(coop.id)
        .fetch_one(&pool)
        .await
        .unwrap();
    let board = maillon::accounts::store::current_user(&ctx, board)
        .await
        .unwrap()
        .unwrap();
    let batch = ledger::create_batch(&ctx, &board, ctx.today() + chrono::Duration::days(1))
        .await
        .unwrap();
    let start = Instant::now();
    let (_, sepa) = ledger::batch_file(&ctx, batch).await.unwrap();
    println!(
        "the SEPA file of the 200 transfers: {} ms, {} bytes",
        ms(start.elapsed()),
        sepa.len()
    );
    reads.sort();
    xmls.sort();
    println!(
        "one invoice read whole by its buyer (200 shops' invoices): p50 {} ms, p95 {} ms",
        ms(percentile(&reads, 0.5)),
        ms(percentile(&reads, 0.95))
    );
    println!(
        "its EN 16931 XML written: p50 {} ms, p95 {} ms",
        ms(percentile(&xmls, 0.5)),
        ms(percentile(&xmls, 0.95))
    );
}
