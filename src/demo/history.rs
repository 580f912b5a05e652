//! The demo's past: last week's cycle, ordered, closed and delivered through the hub's own
//! actions, so that its orders have their invoices (a shop's with its e-invoice XML) and its
//! producers their payout statements, one of them already paid by a SEPA batch; and the
//! cooperative's legal identity and bank account.

use chrono::{Duration, Utc};
use sqlx::PgPool;

use super::data::HISTORY_ORDERS;
use super::seed::{demo_coop, place_orders};
use crate::ctx::Ctx;
use crate::cycles::CycleAction;
use crate::error::ServiceResult;

/// Seeds last week's delivered cycle with its invoices. Run after `seed_orders`.
pub async fn seed_history(pool: &PgPool, base_url: &str) -> ServiceResult<()> {
    let Some(coop) = demo_coop(pool).await? else {
        return Ok(());
    };
    // A fictitious SIREN with a valid key, and its VAT number.
    sqlx::query!(
        "INSERT INTO billing_identities (coop_id, legal_name, legal_form, street, postcode, city, siren, vat_number, registry,
                                         iban, bic)
         VALUES ($1, 'SCIC Maillon Lille Métropole', 'SCIC SAS à capital variable', '12 rue Pierre Legrand', '59800',
                 'Lille', '912345675', 'FR65912345675', 'RCS Lille Métropole', 'FR7630006000011234567890189', 'AGRIFRPP')
         ON CONFLICT (coop_id) DO NOTHING",
        coop.id,
    )
    .execute(pool)
    .await?;
    sqlx::query!(
        "UPDATE shops SET siren = '850123456' WHERE coop_id = $1 AND name = 'Épicerie Le Panier de Wazemmes'",
        coop.id
    )
    .execute(pool)
    .await?;
    let now = Utc::now();
    // Opened ten days ago, closed four days ago; baskets the day after closing, at hours a
    // van's shift covers whatever the time the demo is seeded.
    let cycle = sqlx::query_scalar!(
        "INSERT INTO order_cycles (coop_id, name, opens_at, closes_at, status, scheduled, opened_at)
         SELECT $1, 'Semaine du ' || to_char(($2::timestamptz - interval '10 days') AT TIME ZONE 'Europe/Paris', 'DD/MM'),
                $2::timestamptz - interval '10 days', $2::timestamptz - interval '4 days', 'open', true,
                $2::timestamptz - interval '10 days'
         RETURNING id",
        coop.id,
        now as _,
    )
    .fetch_one(pool)
    .await?;
    sqlx::query!(
        "INSERT INTO cycle_offers (cycle_id, variant_id, coop_id)
         SELECT $1, v.id, $2 FROM variants v JOIN products p ON p.id = v.product_id
         WHERE p.coop_id = $2 AND p.listed AND v.active",
        cycle,
        coop.id,
    )
    .execute(pool)
    .await?;
    sqlx::query!(
        "INSERT INTO slots (coop_id, cycle_id, pickup_point_id, zone_id, starts_at, ends_at, capacity)
         WITH days AS (SELECT (c.closes_at AT TIME ZONE 'Europe/Paris')::date + 1 AS day FROM order_cycles c WHERE c.id = $2)
         SELECT $1, $2, pp.id, NULL::bigint, (day + time '16:00') AT TIME ZONE 'Europe/Paris', (day + time '19:00') AT TIME ZONE 'Europe/Paris', 60
           FROM pickup_points pp, days WHERE pp.coop_id = $1 AND pp.kind IN ('hub', 'shop')
         UNION ALL
         SELECT $1, $2, NULL::bigint, z.id, (day + time '10:00') AT TIME ZONE 'Europe/Paris', (day + time '13:00') AT TIME ZONE 'Europe/Paris', 15
           FROM delivery_zones z, days WHERE z.coop_id = $1",
        coop.id,
        cycle,
    )
    .execute(pool)
    .await?;
    let at = |days_ago: i64| Ctx::new(pool.clone(), coop.clone(), base_url, now - Duration::days(days_ago));
    place_orders(&at(6), cycle, &HISTORY_ORDERS, "demo-history").await?;
    price_split(&at(5)).await?;
    crate::hub::closing::act_on_cycle(&at(4), cycle, CycleAction::CloseNow).await?;
    plan_deliveries(&at(4), cycle).await?;
    crate::hub::closing::act_on_cycle(&at(3), cycle, CycleAction::MarkDelivered).await?;
    hand_over_and_return(&at(3), &at(2), cycle).await?;
    pay_first_producer(&at(3), &at(1)).await?;
    credit_a_resident(&at(2)).await?;
    solidarity(&at(2), &at(1)).await?;
    last_minute_lots(&at(1), cycle).await?;
    rescue_surplus(&at(1), &at(0), cycle).await?;
    crate::transparency::store::refresh(&at(0)).await.map(|_| ())
}

/// The past cycle's home deliveries went out on a planned round, so that its kilometres and
/// emissions are known.
async fn plan_deliveries(closed: &Ctx, cycle: i64) -> ServiceResult<()> {
    use crate::hub::rounds::RoundKind;
    use crate::hub::store::rounds::{PlanRequest, plan_rounds};
    let vehicles = sqlx::query_scalar!(
        "SELECT id FROM vehicles WHERE coop_id = $1 AND active ORDER BY id",
        closed.coop_id()
    )
    .fetch_all(&closed.pool)
    .await?;
    let day = sqlx::query_scalar!(
        r#"SELECT (min(starts_at) AT TIME ZONE 'Europe/Paris')::date AS "day!: chrono::NaiveDate" FROM slots
           WHERE cycle_id = $1 AND zone_id IS NOT NULL"#,
        cycle
    )
    .fetch_one(&closed.pool)
    .await?;
    let request = PlanRequest {
        kind: RoundKind::Delivery,
        day,
        vehicle_ids: &vehicles,
        geocoder: None,
    };
    plan_rounds(closed, cycle, &request).await.map(|_| ())
}

/// Where prices go: of the price before VAT, 8 % to the hub's logistics, 6 % to the
/// cooperative's margin and 1 % to the solidarity fund; eggs, with thin margins, leave 5 % to
/// the hub, 5 % to the cooperative and nothing to the fund.
async fn price_split(board_day: &Ctx) -> ServiceResult<()> {
    use crate::catalogue::{Category, Split, SplitTarget, store};
    let board = demo_user(board_day, "conseil@maillon.test").await?;
    let general = Split {
        hub_bp: 800,
        coop_bp: 600,
        solidarity_bp: 100,
    };
    store::set_general_split(board_day, &board, general).await?;
    let eggs = Split {
        hub_bp: 500,
        coop_bp: 500,
        solidarity_bp: 0,
    };
    store::save_split_rule(board_day, &board, SplitTarget::Category(Category::Eggs), eggs).await
}

/// The solidarity price at 20 %; a donation of 150 €;
/// the partner association grants the status to one resident (Chloé) for three months.
async fn solidarity(board_day: &Ctx, partner_day: &Ctx) -> ServiceResult<()> {
    use crate::solidarity::store as fund;
    let board = demo_user(board_day, "conseil@maillon.test").await?;
    fund::set_rates(board_day, &board, 2000).await?;
    fund::record_donation(
        board_day,
        &board,
        15_000,
        "Don de l'association des commerçants de Wazemmes",
    )
    .await?;
    fund::add_partner(board_day, &board, super::data::PARTNER.0, super::data::PARTNER.1).await?;
    let partner = demo_user(partner_day, super::data::PARTNER.0).await?;
    let until = partner_day.today() + Duration::days(90);
    fund::grant(partner_day, &partner, "chloe.fontaine@maillon.test", until, true).await?;
    Ok(())
}

/// The day before yesterday's end, the hub put what was left of the past cycle on sale for two hours:
/// ten bags of carrots at 40 % off, whatever is not sold going to the partner association,
/// and four bags of apples at 30 % off, lost if not sold. Two residents bought seven bags;
/// the sale ended, its lots were settled, and it was marked delivered (invoices and all).
async fn last_minute_lots(day: &Ctx, cycle: i64) -> ServiceResult<()> {
    use crate::rescue::store::{LotForm, put_on_sale, settle_lots};
    let hub = demo_user(day, "hub@maillon.test").await?;
    let association = demo_user(day, super::data::PARTNER.0).await?;
    let tz = day.coop().timezone.tz();
    let window = crate::rescue::lots::default_window(day.now, tz);
    let (sale_until, pickup_until) = (
        crate::time::to_local_input(window.sale_until, tz),
        crate::time::to_local_input(window.pickup_until, tz),
    );
    let hub_point = sqlx::query_scalar!(
        "SELECT id FROM pickup_points WHERE coop_id = $1 AND kind = 'hub' AND active ORDER BY id LIMIT 1",
        day.coop_id()
    )
    .fetch_one(&day.pool)
    .await?;
    let mut sale = 0;
    for (product, size, units, discount, unsold_to) in [
        ("Carottes des sables", 500, "10", "40", Some(association.id)),
        ("Pommes Reinette de Flandre", 1000, "4", "30", None),
    ] {
        let variant = sqlx::query_scalar!(
            "SELECT o.variant_id FROM cycle_offers o JOIN variants v ON v.id = o.variant_id JOIN products p ON p.id = v.product_id
             WHERE o.cycle_id = $1 AND p.name = $2 AND v.quantity = $3",
            cycle,
            product,
            size,
        )
        .fetch_one(&day.pool)
        .await?;
        let lot = LotForm {
            cycle_id: cycle,
            variant_id: variant,
            quantity: units,
            discount,
            sale_until: &sale_until,
            pickup_until: &pickup_until,
            pickup_point: Some(hub_point),
            unsold_to,
            already_paid: false,
        };
        sale = put_on_sale(day, &hub, &lot).await?;
    }
    let bought = day.at(day.now + Duration::minutes(30));
    place_orders(&bought, sale, &super::data::LOT_ORDERS, "demo-lots").await?;
    let ended = day.at(window.sale_until);
    crate::hub::closing::act_on_cycle(&ended, sale, CycleAction::CloseNow).await?;
    settle_lots(&ended).await?;
    let collected = day.at(window.pickup_until);
    crate::hub::closing::act_on_cycle(&collected, sale, CycleAction::MarkDelivered).await?;
    Ok(())
}

/// What was left at the hub after the past cycle's pickup day, six bottles of apple juice,
/// went to the partner association, which confirmed receipt the next day.
async fn rescue_surplus(given: &Ctx, received: &Ctx, cycle: i64) -> ServiceResult<()> {
    let hub = demo_user(given, "hub@maillon.test").await?;
    let association = demo_user(given, super::data::PARTNER.0).await?;
    let juice = sqlx::query_scalar!(
        "SELECT o.variant_id FROM cycle_offers o JOIN variants v ON v.id = o.variant_id JOIN products p ON p.id = v.product_id
         WHERE o.cycle_id = $1 AND p.name = 'Jus de pomme' ORDER BY v.id LIMIT 1",
        cycle
    )
    .fetch_one(&given.pool)
    .await?;
    let donation = crate::rescue::store::Donation {
        cycle_id: cycle,
        variant_id: juice,
        quantity: "6",
        association_user_id: association.id,
    };
    let id = crate::rescue::store::donate(given, &hub, &donation).await?;
    crate::rescue::store::confirm_receipt(received, &association, id).await
}

/// Every basket was handed over and paid; two days later Hugo brought back one unit of his
/// first line, damaged: refunded to his credit, a partial credit note, the producer's part off
/// their statement.
async fn hand_over_and_return(delivered: &Ctx, later: &Ctx, cycle: i64) -> ServiceResult<()> {
    let hub = demo_user(delivered, "hub@maillon.test").await?;
    let orders = sqlx::query_scalar!("SELECT id FROM orders WHERE cycle_id = $1 ORDER BY id", cycle)
        .fetch_all(&delivered.pool)
        .await?;
    for id in orders {
        crate::orders::store::record_collection(delivered, &hub, id, true, true).await?;
    }
    let line = sqlx::query!(
        "SELECT l.order_id, l.variant_id FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN users u ON u.id = o.user_id
         WHERE o.cycle_id = $1 AND u.email = 'hugo.bernard@maillon.test' ORDER BY l.product_name LIMIT 1",
        cycle
    )
    .fetch_one(&later.pool)
    .await?;
    let request = crate::ledger::store::ReturnRequest {
        order_id: line.order_id,
        variant_id: line.variant_id,
        quantity: "1",
        reason: "Abîmé à la livraison",
    };
    crate::ledger::store::record_return(later, &hub, &request).await?;
    Ok(())
}

/// A demo account by email, with its roles.
async fn demo_user(ctx: &Ctx, email: &str) -> ServiceResult<crate::accounts::store::CurrentUser> {
    let id = sqlx::query_scalar!("SELECT id FROM users WHERE email = $1", email)
        .fetch_one(&ctx.pool)
        .await?;
    crate::accounts::store::current_user(ctx, id)
        .await?
        .ok_or(crate::error::ServiceError::NotFound)
}

/// The resident left 40 € in cash at the hub: credit to pay the next basket with.
async fn credit_a_resident(ctx: &Ctx) -> ServiceResult<()> {
    let hub = demo_user(ctx, "hub@maillon.test").await?;
    let what = crate::credit::store::StaffMove::TopUp;
    crate::credit::store::record(ctx, &hub, "habitant@maillon.test", what, 4_000, "espèces").await?;
    Ok(())
}

/// The vegetable farm gives its IBAN and is paid by a SEPA batch the day after delivery; the
/// orchard gives its IBAN afterwards, so its statement waits for the board's next batch.
async fn pay_first_producer(delivered: &Ctx, paid: &Ctx) -> ServiceResult<()> {
    let user = |email: &'static str| demo_user(delivered, email);
    let account = |holder: &str, iban: &str, bic: &str| {
        crate::ledger::bank::parse_bank_account(holder, iban, bic)
            .map_err(|(_, msg)| crate::error::ServiceError::invalid(msg))
    };
    let farmer = user("producteur@maillon.test").await?;
    let board = user("conseil@maillon.test").await?;
    crate::ledger::store::set_bank_account(
        delivered,
        &farmer,
        &account("EARL Lefebvre", "FR1420041010050500013M02606", "PSSTFRPPLIL")?,
    )
    .await?;
    let batch = crate::ledger::store::create_batch(delivered, &board, delivered.today() + Duration::days(1)).await?;
    crate::ledger::store::mark_batch_paid(paid, &board, batch).await?;
    let orchard = user("vergers@maillon.test").await?;
    crate::ledger::store::set_bank_account(
        paid,
        &orchard,
        &account("Les Vergers de la Pévèle", "BE68539007547034", "GKCCBEBB")?,
    )
    .await
}
