//! A second cooperative beside the demo one, with a bit of everything (a member who is its
//! producer, a product on offer in an open and a closed cycle, places, an order, a round, an
//! import, a photo), for tests checking that one cooperative's people cannot reach it. Every
//! name in it contains MARKER, so that a leak shows in any answer.

use sqlx::PgPool;

pub const MARKER: &str = "Quetzal";
pub const MEMBER_EMAIL: &str = "membre.quetzal@autre.test";

#[derive(Clone, Debug)]
pub struct OtherCoop {
    pub id: i64,
    /// A member of this cooperative only.
    pub member: i64,
    pub farm: i64,
    pub product: i64,
    pub variant: i64,
    pub open_cycle: i64,
    pub closed_cycle: i64,
    pub slot: i64,
    pub point: i64,
    pub zone: i64,
    pub order: i64,
    pub vehicle: i64,
    pub round: i64,
    pub stop: i64,
    pub import: i64,
    pub photo: i64,
}

async fn id(pool: &PgPool, sql: &str, binds: &[i64]) -> i64 {
    let mut query = sqlx::query_scalar::<_, i64>(sql);
    for b in binds {
        query = query.bind(*b);
    }
    query.fetch_one(pool).await.unwrap()
}

pub async fn create(pool: &PgPool) -> OtherCoop {
    let coop = id(
        pool,
        "INSERT INTO coops (slug, name) VALUES ('quetzal', 'Coopérative Quetzal') RETURNING id",
        &[],
    )
    .await;
    let member = id(
        pool,
        "INSERT INTO users (email, password_hash, display_name, email_verified_at)
         VALUES ('membre.quetzal@autre.test', 'not a hash', 'Membre Quetzal', now()) RETURNING id",
        &[],
    )
    .await;
    sqlx::query("INSERT INTO memberships (coop_id, user_id) VALUES ($1, $2)")
        .bind(coop)
        .bind(member)
        .execute(pool)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO member_roles (coop_id, user_id, role) SELECT $1, $2, unnest(ARRAY['resident', 'producer', 'board'])",
    )
    .bind(coop)
    .bind(member)
    .execute(pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO hubs (coop_id, name, address, latitude, longitude) VALUES ($1, 'Hub Quetzal', '1 place Quetzal', 50.6, 3.0)",
    )
    .bind(coop)
    .execute(pool)
    .await
    .unwrap();
    let farm = id(
        pool,
        "INSERT INTO producers (coop_id, user_id, farm_name, town, latitude, longitude)
         VALUES ($1, $2, 'Ferme Quetzal', 'Quetzalville', 50.7, 3.1) RETURNING id",
        &[coop, member],
    )
    .await;
    let product = id(
        pool,
        "INSERT INTO products (coop_id, producer_id, name, category, unit, description)
         VALUES ($1, $2, 'Navets Quetzal', 'legumes', 'kg', 'Les navets de Quetzal') RETURNING id",
        &[coop, farm],
    )
    .await;
    let variant = id(
        pool,
        "INSERT INTO variants (coop_id, product_id, name, quantity, retail_price_cents, pro_price_cents, vat_bp,
                               stock_mode, stock, weight_grams)
         VALUES ($1, $2, 'Botte Quetzal', 1000, 300, 250, 550, 'finite', 50, 1000) RETURNING id",
        &[coop, product],
    )
    .await;
    let point = id(
        pool,
        "INSERT INTO pickup_points (coop_id, name, kind, address, latitude, longitude)
         VALUES ($1, 'Point Quetzal', 'hub', '1 place Quetzal', 50.6, 3.0) RETURNING id",
        &[coop],
    )
    .await;
    let zone = id(
        pool,
        "INSERT INTO delivery_zones (coop_id, name, postcodes, fee_cents, latitude, longitude)
         VALUES ($1, 'Zone Quetzal', '{59999}', 300, 50.6, 3.0) RETURNING id",
        &[coop],
    )
    .await;
    let open_cycle = id(
        pool,
        "INSERT INTO order_cycles (coop_id, name, opens_at, closes_at, status, opened_at)
         VALUES ($1, 'Cycle Quetzal ouvert', now() - interval '1 day', now() + interval '3 days', 'open', now())
         RETURNING id",
        &[coop],
    )
    .await;
    let closed_cycle = id(
        pool,
        "INSERT INTO order_cycles (coop_id, name, opens_at, closes_at, status, opened_at, closed_at)
         VALUES ($1, 'Cycle Quetzal clos', now() - interval '3 days', now() - interval '1 hour', 'closed',
                 now() - interval '3 days', now() - interval '1 hour')
         RETURNING id",
        &[coop],
    )
    .await;
    for cycle in [open_cycle, closed_cycle] {
        sqlx::query("INSERT INTO cycle_offers (cycle_id, variant_id, coop_id) VALUES ($1, $2, $3)")
            .bind(cycle)
            .bind(variant)
            .bind(coop)
            .execute(pool)
            .await
            .unwrap();
    }
    sqlx::query(
        "INSERT INTO slots (coop_id, cycle_id, pickup_point_id, starts_at, ends_at, capacity)
         VALUES ($1, $2, $3, now() + interval '4 days', now() + interval '4 days 2 hours', 10)",
    )
    .bind(coop)
    .bind(open_cycle)
    .bind(point)
    .execute(pool)
    .await
    .unwrap();
    let slot = id(
        pool,
        "INSERT INTO slots (coop_id, cycle_id, zone_id, starts_at, ends_at, capacity, booked)
         VALUES ($1, $2, $3, now() + interval '1 day', now() + interval '1 day 3 hours', 10, 1) RETURNING id",
        &[coop, closed_cycle, zone],
    )
    .await;
    let order = id(
        pool,
        "INSERT INTO orders (coop_id, cycle_id, user_id, status, pricing, slot_id, payment_method, subtotal_cents,
                             total_cents, attempt_key, delivery_address, delivery_postcode)
         VALUES ($1, $2, $3, 'confirmed', 'retail', $4, 'pickup', 600, 600, 'quetzal-attempt-1', '2 rue Quetzal', '59999')
         RETURNING id",
        &[coop, closed_cycle, member, slot],
    )
    .await;
    sqlx::query(
        "INSERT INTO order_lines (order_id, variant_id, coop_id, product_name, variant_label, quantity, unit_price_cents, vat_bp)
         VALUES ($1, $2, $3, 'Navets Quetzal', 'Botte Quetzal', 2, 300, 550)",
    )
    .bind(order)
    .bind(variant)
    .bind(coop)
    .execute(pool)
    .await
    .unwrap();
    let vehicle = id(
        pool,
        "INSERT INTO vehicles (coop_id, name, kind, capacity_kg, capacity_litres, speed_kmh, shift_start, shift_end)
         VALUES ($1, 'Vélo Quetzal', 'cargo_bike', 100, 300, 15, '08:00', '12:00') RETURNING id",
        &[coop],
    )
    .await;
    let round = id(
        pool,
        "INSERT INTO rounds (coop_id, cycle_id, kind, vehicle_id, trip, departs_at, returns_at, distance_km)
         VALUES ($1, $2, 'delivery', $3, 1, now() + interval '1 day', now() + interval '1 day 2 hours', 5) RETURNING id",
        &[coop, closed_cycle, vehicle],
    )
    .await;
    let stop = id(
        pool,
        "INSERT INTO round_stops (round_id, coop_id, position, order_id, name, address, latitude, longitude,
                                  window_start, window_end, arrives_at, service_minutes, load_grams, volume_ml)
         VALUES ($1, $2, 1, $3, 'Membre Quetzal', '2 rue Quetzal', 50.6, 3.0, now() + interval '1 day',
                 now() + interval '1 day 3 hours', now() + interval '1 day', 5, 2000, 4000) RETURNING id",
        &[round, coop, order],
    )
    .await;
    let import = id(
        pool,
        "INSERT INTO csv_imports (coop_id, producer_id, created_by, content)
         VALUES ($1, $2, $3, 'produit;categorie;unite;declinaison;quantite;prix;tva;stock_mode;stock;actif
Navets Quetzal;legumes;kg;;1000;2,40;5,5;fini;30;oui
') RETURNING id",
        &[coop, farm, member],
    )
    .await;
    let photo = id(
        pool,
        "INSERT INTO photos (coop_id, product_id) VALUES ($1, $2) RETURNING id",
        &[coop, product],
    )
    .await;
    sqlx::query(
        "INSERT INTO photo_renditions (photo_id, coop_id, width, height, content_type, bytes)
         VALUES ($1, $2, 320, 200, 'image/jpeg', '\\xffd8ffd9')",
    )
    .bind(photo)
    .bind(coop)
    .execute(pool)
    .await
    .unwrap();
    OtherCoop {
        id: coop,
        member,
        farm,
        product,
        variant,
        open_cycle,
        closed_cycle,
        slot,
        point,
        zone,
        order,
        vehicle,
        round,
        stop,
        import,
        photo,
    }
}

/// Tables whose rows belong to one cooperative (`coop_id`).
const TENANT_TABLES: [&str; 22] = [
    "memberships",
    "member_roles",
    "hubs",
    "producers",
    "products",
    "variants",
    "photos",
    "photo_renditions",
    "csv_imports",
    "pickup_points",
    "delivery_zones",
    "order_cycles",
    "cycle_offers",
    "slots",
    "carts",
    "orders",
    "order_lines",
    "receptions",
    "refunds",
    "vehicles",
    "cycle_suppliers",
    "rounds",
];

/// A digest of every row of the cooperative (and of its round stops and carts' lines): equal
/// before and after, nothing of it changed.
pub async fn fingerprint(pool: &PgPool, coop: i64) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut tables: Vec<&str> = TENANT_TABLES.to_vec();
    tables.push("round_stops");
    for table in tables {
        let digest: Option<String> = sqlx::query_scalar(&format!(
            "SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM {table} t WHERE coop_id = $1"
        ))
        .bind(coop)
        .fetch_one(pool)
        .await
        .unwrap();
        out.push((table.to_owned(), digest.unwrap_or_default()));
    }
    let lines: Option<String> = sqlx::query_scalar(
        "SELECT md5(string_agg(l::text, '|' ORDER BY l::text)) FROM cart_lines l JOIN carts c ON c.id = l.cart_id
         WHERE c.coop_id = $1",
    )
    .bind(coop)
    .fetch_one(pool)
    .await
    .unwrap();
    out.push(("cart_lines".to_owned(), lines.unwrap_or_default()));
    out
}

/// Rows of one cooperative that point at another's: each is a breach of tenancy.
pub async fn cross_tenant_rows(pool: &PgPool) -> Vec<String> {
    const CHECKS: &[(&str, &str)] = &[
        (
            "products.producer_id",
            "SELECT t.id FROM products t JOIN producers r ON r.id = t.producer_id WHERE r.coop_id <> t.coop_id",
        ),
        (
            "variants.product_id",
            "SELECT t.id FROM variants t JOIN products r ON r.id = t.product_id WHERE r.coop_id <> t.coop_id",
        ),
        (
            "photos.product_id",
            "SELECT t.id FROM photos t JOIN products r ON r.id = t.product_id WHERE r.coop_id <> t.coop_id",
        ),
        (
            "photos.producer_id",
            "SELECT t.id FROM photos t JOIN producers r ON r.id = t.producer_id WHERE r.coop_id <> t.coop_id",
        ),
        (
            "csv_imports.producer_id",
            "SELECT t.id FROM csv_imports t JOIN producers r ON r.id = t.producer_id WHERE r.coop_id <> t.coop_id",
        ),
        (
            "cycle_offers.cycle_id",
            "SELECT t.variant_id FROM cycle_offers t JOIN order_cycles r ON r.id = t.cycle_id WHERE r.coop_id <> t.coop_id",
        ),
        (
            "cycle_offers.variant_id",
            "SELECT t.variant_id FROM cycle_offers t JOIN variants r ON r.id = t.variant_id WHERE r.coop_id <> t.coop_id",
        ),
        (
            "slots.cycle_id",
            "SELECT t.id FROM slots t JOIN order_cycles r ON r.id = t.cycle_id WHERE r.coop_id <> t.coop_id",
        ),
        (
            "slots.pickup_point_id",
            "SELECT t.id FROM slots t JOIN pickup_points r ON r.id = t.pickup_point_id WHERE r.coop_id <> t.coop_id",
        ),
        (
            "slots.zone_id",
            "SELECT t.id FROM slots t JOIN delivery_zones r ON r.id = t.zone_id WHERE r.coop_id <> t.coop_id",
        ),
        (
            "carts.cycle_id",
            "SELECT t.id FROM carts t JOIN order_cycles r ON r.id = t.cycle_id WHERE r.coop_id <> t.coop_id",
        ),
        (
            "cart_lines.variant_id",
            "SELECT t.cart_id FROM cart_lines t JOIN carts c ON c.id = t.cart_id JOIN variants r ON r.id = t.variant_id WHERE r.coop_id <> c.coop_id",
        ),
        (
            "orders.cycle_id",
            "SELECT t.id FROM orders t JOIN order_cycles r ON r.id = t.cycle_id WHERE r.coop_id <> t.coop_id",
        ),
        (
            "orders.slot_id",
            "SELECT t.id FROM orders t JOIN slots r ON r.id = t.slot_id WHERE r.coop_id <> t.coop_id",
        ),
        (
            "order_lines.variant_id",
            "SELECT t.order_id FROM order_lines t JOIN variants r ON r.id = t.variant_id WHERE r.coop_id <> t.coop_id",
        ),
        (
            "receptions.cycle_id",
            "SELECT t.variant_id FROM receptions t JOIN order_cycles r ON r.id = t.cycle_id WHERE r.coop_id <> t.coop_id",
        ),
        (
            "receptions.variant_id",
            "SELECT t.variant_id FROM receptions t JOIN variants r ON r.id = t.variant_id WHERE r.coop_id <> t.coop_id",
        ),
        (
            "cycle_suppliers.cycle_id",
            "SELECT t.producer_id FROM cycle_suppliers t JOIN order_cycles r ON r.id = t.cycle_id WHERE r.coop_id <> t.coop_id",
        ),
        (
            "cycle_suppliers.producer_id",
            "SELECT t.producer_id FROM cycle_suppliers t JOIN producers r ON r.id = t.producer_id WHERE r.coop_id <> t.coop_id",
        ),
        (
            "rounds.cycle_id",
            "SELECT t.id FROM rounds t JOIN order_cycles r ON r.id = t.cycle_id WHERE r.coop_id <> t.coop_id",
        ),
        (
            "rounds.vehicle_id",
            "SELECT t.id FROM rounds t JOIN vehicles r ON r.id = t.vehicle_id WHERE r.coop_id <> t.coop_id",
        ),
        (
            "round_stops.round_id",
            "SELECT t.id FROM round_stops t JOIN rounds r ON r.id = t.round_id WHERE r.coop_id <> t.coop_id",
        ),
        (
            "round_stops.order_id",
            "SELECT t.id FROM round_stops t JOIN orders r ON r.id = t.order_id WHERE r.coop_id <> t.coop_id",
        ),
        (
            "round_stops.pickup_point_id",
            "SELECT t.id FROM round_stops t JOIN pickup_points r ON r.id = t.pickup_point_id WHERE r.coop_id <> t.coop_id",
        ),
        (
            "round_stops.producer_id",
            "SELECT t.id FROM round_stops t JOIN producers r ON r.id = t.producer_id WHERE r.coop_id <> t.coop_id",
        ),
        (
            "refunds.order_id",
            "SELECT t.id FROM refunds t JOIN orders r ON r.id = t.order_id WHERE r.coop_id <> t.coop_id",
        ),
        (
            "orders.user_id not a member",
            "SELECT t.id FROM orders t WHERE NOT EXISTS (SELECT 1 FROM memberships m WHERE m.coop_id = t.coop_id AND m.user_id = t.user_id)",
        ),
    ];
    let mut out = Vec::new();
    for (what, sql) in CHECKS {
        let ids: Vec<i64> = sqlx::query_scalar(sql).fetch_all(pool).await.unwrap();
        if !ids.is_empty() {
            out.push(format!("{what}: {ids:?}"));
        }
    }
    out
}

/// The cooperatives the account is a member of.
pub async fn memberships(pool: &PgPool, user: i64) -> Vec<i64> {
    sqlx::query_scalar("SELECT coop_id FROM memberships WHERE user_id = $1 ORDER BY coop_id")
        .bind(user)
        .fetch_all(pool)
        .await
        .unwrap()
}
