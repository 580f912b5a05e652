//! Writing the demo into the database: the cooperative, its accounts, farms, catalogue, places,
//! open cycle, orders and photos.

use sqlx::PgPool;

use super::PASSWORD;
use super::data::{DEMO_ORDERS, DemoOrder, DemoProduct, FARMS, PARTNER, PRODUCE, RESIDENTS, SHOPS};
use crate::accounts::{Role, password};
use crate::catalogue::{self, Stock, VariantFields};
use crate::coop::{Coop, store as coop_store};
use crate::ctx::Ctx;
use crate::error::ServiceError;
use crate::error::ServiceResult;

pub(super) async fn account(ctx: &Ctx, hash: &str, email: &str, name: &str, roles: &[Role]) -> ServiceResult<i64> {
    let pool = &ctx.pool;
    let id = sqlx::query_scalar!(
        "INSERT INTO users (email, password_hash, display_name, email_verified_at) VALUES ($1, $2, $3, now())
         ON CONFLICT ((lower(email))) DO UPDATE SET display_name = EXCLUDED.display_name RETURNING id",
        email,
        hash,
        name,
    )
    .fetch_one(pool)
    .await?;
    let mut conn = pool.acquire().await?;
    coop_store::join(&mut conn, ctx, id, roles, None).await?;
    Ok(id)
}

async fn seed_produce(ctx: &Ctx, producer_id: i64, produce: &[DemoProduct]) -> ServiceResult<()> {
    for (name, category, unit, labels, description, variants) in produce {
        let fields = catalogue::parse_product(
            name,
            description,
            category,
            unit,
            &labels.iter().map(|l| l.to_string()).collect::<Vec<_>>(),
            true,
        )
        .map_err(|e| ServiceError::Internal(format!("demo product {name}: {e:?}")))?;
        let unit = fields.unit;
        let variants: Vec<(Option<i64>, VariantFields)> = variants
            .iter()
            .map(|(vname, quantity, retail, pro, case_size, stock)| {
                let vat_bp = if *category == "boissons" && name.starts_with("Bi") || name.starts_with("Cidre") {
                    2000
                } else {
                    550
                };
                let stock = match stock {
                    Some(n) => Stock::Finite(*n),
                    None => Stock::OnDemand { cap: Some(40) },
                };
                let weight = match unit.measure() {
                    catalogue::Measure::Count => 150 * *quantity as i32,
                    _ => (*quantity as i32) + 50,
                };
                let fields = VariantFields {
                    name: vname.to_string(),
                    quantity: *quantity,
                    retail_price_cents: *retail,
                    pro_price_cents: *pro,
                    case_size: *case_size,
                    vat_bp,
                    weight_grams: weight,
                    stock,
                    active: true,
                };
                (None, fields)
            })
            .collect();
        catalogue::store::save_product(ctx, producer_id, None, &fields, &variants).await?;
    }
    Ok(())
}

/// Seeds the demo cooperative unless it is there already; returns whether it seeded.
/// On a database without any cooperative the demo becomes the default one.
pub async fn seed(pool: &PgPool) -> ServiceResult<bool> {
    let exists = sqlx::query_scalar!(r#"SELECT EXISTS (SELECT 1 FROM coops WHERE slug = 'lille') AS "exists!""#)
        .fetch_one(pool)
        .await?;
    if exists {
        return Ok(false);
    }
    let created = sqlx::query!(
        "INSERT INTO coops (slug, name, is_demo, is_default)
         VALUES ('lille', 'Maillon Lille Métropole', true, NOT EXISTS (SELECT 1 FROM coops WHERE is_default))
         RETURNING id, name",
    )
    .fetch_one(pool)
    .await?;
    let coop = Coop {
        id: created.id,
        slug: "lille".into(),
        name: created.name,
        timezone: crate::time::Zone(crate::time::DEFAULT_ZONE),
    };
    let hash = password::hash(PASSWORD.to_owned()).await?;
    // The seed sends no email: its context needs no site address.
    let ctx = Ctx::new(pool.clone(), coop.clone(), "", chrono::Utc::now());

    account(
        &ctx,
        &hash,
        "conseil@maillon.test",
        "Claire Dubois",
        &[Role::Board, Role::Resident],
    )
    .await?;
    account(&ctx, &hash, "hub@maillon.test", "Karim Benali", &[Role::HubStaff]).await?;
    for (farm, produce) in FARMS.iter().zip(PRODUCE) {
        let user_id = account(&ctx, &hash, farm.owner.0, farm.owner.1, &[Role::Producer]).await?;
        let producer_id = sqlx::query_scalar!(
            "INSERT INTO producers (coop_id, user_id, farm_name, town, story, produce, latitude, longitude)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            coop.id,
            user_id,
            farm.name,
            farm.town,
            farm.story,
            farm.produce,
            farm.lat,
            farm.lon,
        )
        .fetch_one(pool)
        .await?;
        seed_produce(&ctx, producer_id, produce).await?;
    }
    for shop in &SHOPS {
        let user_id = account(&ctx, &hash, shop.owner.0, shop.owner.1, &[Role::Shopkeeper]).await?;
        sqlx::query!(
            "INSERT INTO shops (coop_id, user_id, name, address, latitude, longitude) VALUES ($1, $2, $3, $4, $5, $6)",
            coop.id,
            user_id,
            shop.name,
            shop.address,
            shop.lat,
            shop.lon,
        )
        .execute(pool)
        .await?;
    }
    for (email, name) in RESIDENTS {
        account(&ctx, &hash, email, name, &[Role::Resident]).await?;
    }
    // The account a partner association acts through (made a partner by `seed_history`).
    account(&ctx, &hash, PARTNER.0, PARTNER.1, &[Role::Resident]).await?;
    super::actors::seed_actors(&ctx, &hash).await?;

    sqlx::query!(
        "INSERT INTO hubs (coop_id, name, address, latitude, longitude)
         VALUES ($1, 'Hub Maillon Fives', '12 rue Pierre Legrand, 59800 Lille', 50.6297, 3.0871)",
        coop.id,
    )
    .execute(pool)
    .await?;
    sqlx::query!(
        "INSERT INTO pickup_points (coop_id, name, kind, address, instructions, latitude, longitude) VALUES
         ($1, 'Hub Maillon Fives', 'hub', '12 rue Pierre Legrand, 59800 Lille',
          'Entrée par la cour, sonnette « Maillon ». Le vendredi de 16 h à 19 h.', 50.6297, 3.0871),
         ($1, 'Épicerie Le Panier de Wazemmes', 'shop', '38 rue des Sarrazins, 59000 Lille',
          'Demandez votre panier au comptoir, aux heures d''ouverture de l''épicerie.', 50.6255, 3.0520)",
        coop.id,
    )
    .execute(pool)
    .await?;
    seed_cycle(pool, coop.id).await?;
    // The hub's fleet: two cargo bikes for the town, an electric van for the farms.
    sqlx::query!(
        "INSERT INTO vehicles (coop_id, name, kind, capacity_kg, capacity_litres, speed_kmh, shift_start, shift_end, max_trips)
         VALUES ($1, 'Vélo-cargo 1', 'cargo_bike', 120, 400, 15, '08:00', '20:30', 3),
                ($1, 'Vélo-cargo 2', 'cargo_bike', 120, 400, 15, '08:00', '20:30', 3),
                ($1, 'Kangoo électrique', 'electric_van', 500, 3300, 30, '07:00', '19:00', 2)",
        coop.id,
    )
    .execute(pool)
    .await?;
    Ok(true)
}

/// Orders from the demo's residents in the open cycle, placed through the shop's own cart and
/// checkout (stock, slots and confirmation emails as for anyone), paid at pickup; home
/// deliveries carry their address's coordinates as a geocoder would have found them. Closing
/// the demo cycle then gives the hub purchase orders, baskets and rounds to work on.
pub async fn seed_orders(pool: &PgPool, base_url: &str) -> ServiceResult<()> {
    let Some(coop) = demo_coop(pool).await? else {
        return Ok(());
    };
    let cycle = sqlx::query_scalar!(
        "SELECT id FROM order_cycles WHERE coop_id = $1 AND status = 'open' ORDER BY id LIMIT 1",
        coop.id,
    )
    .fetch_optional(pool)
    .await?;
    let Some(cycle) = cycle else {
        return Ok(());
    };
    let ctx = Ctx::new(pool.clone(), coop, base_url, chrono::Utc::now());
    place_orders(&ctx, cycle, &DEMO_ORDERS, "demo-order").await
}

/// The demo cooperative, if it was seeded.
pub(super) async fn demo_coop(pool: &PgPool) -> ServiceResult<Option<Coop>> {
    let coop = sqlx::query!("SELECT id, name FROM coops WHERE slug = 'lille'")
        .fetch_optional(pool)
        .await?;
    Ok(coop.map(|c| Coop {
        id: c.id,
        slug: "lille".into(),
        name: c.name,
        timezone: crate::time::Zone(crate::time::DEFAULT_ZONE),
    }))
}

/// Places `orders` in `cycle` at the context's time through the cart and checkout, paid at
/// pickup, at the price each buyer's roles give (a shop buys at trade prices).
pub(super) async fn place_orders(ctx: &Ctx, cycle: i64, orders: &[DemoOrder], key: &str) -> ServiceResult<()> {
    use crate::orders::store::{CartOwner, CheckoutChoice, add_to_cart, checkout};
    use crate::orders::{PaymentMethod, Pricing};
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    for (n, order) in orders.iter().enumerate() {
        let user_id = sqlx::query_scalar!("SELECT id FROM users WHERE email = $1", order.email)
            .fetch_one(pool)
            .await?;
        let user = crate::accounts::store::current_user(ctx, user_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        for (product, quantity, units) in order.basket {
            let variant = sqlx::query_scalar!(
                "SELECT v.id FROM variants v JOIN products p ON p.id = v.product_id
                 WHERE p.coop_id = $1 AND p.name = $2 AND v.quantity = $3",
                coop_id,
                product,
                quantity,
            )
            .fetch_one(pool)
            .await?;
            add_to_cart(
                ctx,
                crate::ids::CycleId(cycle),
                &CartOwner::User(user_id),
                Pricing::for_roles(&user.roles),
                crate::ids::VariantId(variant),
                *units,
            )
            .await?;
        }
        let slot = sqlx::query_scalar!(
            "SELECT s.id FROM slots s LEFT JOIN pickup_points pp ON pp.id = s.pickup_point_id
             WHERE s.cycle_id = $1 AND CASE WHEN $2 THEN s.zone_id IS NOT NULL ELSE pp.kind = $3 END
             ORDER BY s.starts_at LIMIT 1",
            cycle,
            order.delivery.is_some(),
            order.pickup,
        )
        .fetch_one(pool)
        .await?;
        let (address, postcode) = order.delivery.map_or(("", ""), |d| (d.0, d.1));
        let choice = CheckoutChoice {
            round_up: false,
            slot_id: Some(slot),
            address: address.into(),
            postcode: postcode.into(),
            phone: if address.is_empty() {
                String::new()
            } else {
                format!("06 12 34 {:02} {:02}", n % 100, (n * 7) % 100)
            },
            payment: Some(PaymentMethod::Pickup),
            attempt_key: format!("{key}-{n:04}"),
        };
        let placed = checkout(ctx, &user, cycle, &choice, false, chrono::Duration::minutes(40)).await?;
        if let Some((_, _, lat, lon)) = order.delivery {
            crate::orders::store::locate(pool, &[(placed.order_id, crate::geo::Point { lat, lon })]).await?;
        }
    }
    Ok(())
}

/// An open order cycle to try the shop with: the week's whole catalogue, pickup at the hub
/// and at the partner shop the day after closing, home delivery in central Lille.
async fn seed_cycle(pool: &PgPool, coop_id: i64) -> ServiceResult<()> {
    let mut tx = pool.begin().await?;
    sqlx::query!(
        "UPDATE pickup_points pp SET shop_id = s.id FROM shops s
         WHERE pp.coop_id = $1 AND s.coop_id = $1 AND pp.kind = 'shop' AND s.name = pp.name",
        coop_id,
    )
    .execute(&mut *tx)
    .await?;
    let zone = sqlx::query_scalar!(
        "INSERT INTO delivery_zones (coop_id, name, postcodes, fee_cents, minimum_cents, latitude, longitude)
         VALUES ($1, 'Lille centre', '{59000,59800,59160,59260}', 400, 2500, 50.6330, 3.0630) RETURNING id",
        coop_id,
    )
    .fetch_one(&mut *tx)
    .await?;
    // Closes in six days at 20:00 Paris time; baskets the next day.
    let cycle = sqlx::query_scalar!(
        "INSERT INTO order_cycles (coop_id, name, opens_at, closes_at, status, scheduled, opened_at)
         SELECT $1, 'Semaine du ' || to_char(now() AT TIME ZONE 'Europe/Paris', 'DD/MM'), now() - interval '1 hour',
                ((date_trunc('day', now() AT TIME ZONE 'Europe/Paris') + interval '6 days 20 hours') AT TIME ZONE 'Europe/Paris'),
                'open', true, now()
         RETURNING id",
        coop_id,
    )
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO cycle_offers (cycle_id, variant_id, coop_id)
         SELECT $1, v.id, $2 FROM variants v JOIN products p ON p.id = v.product_id
         WHERE p.coop_id = $2 AND p.listed AND v.active",
        cycle,
        coop_id,
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO slots (coop_id, cycle_id, pickup_point_id, zone_id, starts_at, ends_at, capacity)
         SELECT $1, $2, pp.id, NULL::bigint, c.closes_at + interval '20 hours', c.closes_at + interval '23 hours', 60
           FROM pickup_points pp, order_cycles c WHERE pp.coop_id = $1 AND pp.kind = 'hub' AND c.id = $2
         UNION ALL
         SELECT $1, $2, pp.id, NULL::bigint, c.closes_at + interval '14 hours', c.closes_at + interval '23 hours', 30
           FROM pickup_points pp, order_cycles c WHERE pp.coop_id = $1 AND pp.kind = 'shop' AND c.id = $2
         UNION ALL
         SELECT $1, $2, NULL::bigint, $3, c.closes_at + interval '21 hours', c.closes_at + interval '24 hours', 15
           FROM order_cycles c WHERE c.id = $2",
        coop_id,
        cycle,
        zone,
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Gives each product of the demo cooperative without a photo a picture drawn for it
/// (`demo_art`), processed like an upload. Run by `make run` and `maillon seed-demo`, not by
/// the tests' demo, which does not need them. Returns how many were added.
pub async fn seed_photos(pool: &PgPool) -> ServiceResult<usize> {
    struct Undrawn {
        id: i64,
        coop_id: i64,
        name: String,
        category: catalogue::Category,
    }
    let products = sqlx::query_as!(
        Undrawn,
        r#"SELECT p.id, p.coop_id, p.name, p.category AS "category: catalogue::Category"
         FROM products p JOIN coops c ON c.id = p.coop_id
         WHERE c.is_demo AND NOT EXISTS (SELECT 1 FROM photos f WHERE f.product_id = p.id)
         ORDER BY p.id"#,
    )
    .fetch_all(pool)
    .await?;
    for Undrawn {
        id,
        coop_id,
        name,
        category,
    } in &products
    {
        let picture = crate::demo_art::picture(name, *category);
        let renditions = catalogue::photo::process_in_turn(picture)
            .await
            .map_err(|e| ServiceError::Internal(format!("demo photo of {name}: {e:?}")))?;
        let coop = coop_store::by_id(pool, *coop_id).await?;
        let ctx = Ctx::new(pool.clone(), coop, "", chrono::Utc::now());
        catalogue::store::add_photo(&ctx, catalogue::store::PhotoOwner::Product(*id), &renditions).await?;
    }
    Ok(products.len())
}
