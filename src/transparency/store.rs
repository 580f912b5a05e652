//! The figures in Postgres: computed per delivered cycle from what each context owns (orders
//! served, invoices and statements, rounds, the fund) and stored in `transparency_cycles`
//! and `transparency_years`, which only this module writes. The clock calls [`refresh`]:
//! cycles delivered since, and cycles whose money changed after delivery (a return, a credit
//! note), are computed again; the current year's people and fund figures every few minutes.
//! The page and the open data read the stored rows only ([`transparency`]).

use std::collections::{BTreeSet, HashMap};

use chrono::{Datelike, Duration};
use sqlx::PgConnection;

use super::{CycleRecord, Figures, Licence, Transparency, YearPeople, publish};
use crate::ctx::Ctx;
use crate::error::{ServiceError, ServiceResult};

crate::stored_code!(Licence);

/// How old the current year's people and fund figures may grow before they are read again.
const YEAR_REFRESH_MINUTES: i64 = 10;

/// Computes what is missing or out of date; returns how many cycles were computed.
pub async fn refresh(ctx: &Ctx) -> ServiceResult<usize> {
    let coop_id = ctx.coop_id();
    let mut conn = ctx.pool.acquire().await?;
    let delivered = crate::cycles::store::delivered_cycles(&mut conn, coop_id).await?;
    // Counts of each cycle's changes after delivery, read before its figures: a change that
    // commits while they are computed makes the counts differ at the next pass.
    let mut changes: HashMap<i64, i64> = HashMap::new();
    for (cycle, n) in crate::ledger::store::corrections(&mut conn, coop_id)
        .await?
        .into_iter()
        .chain(crate::rescue::store::receipts(&mut conn, coop_id).await?)
    {
        *changes.entry(cycle).or_default() += n;
    }
    let seen: HashMap<i64, i64> = sqlx::query!(
        "SELECT cycle_id, changes FROM transparency_cycles WHERE coop_id = $1",
        coop_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| (r.cycle_id, r.changes))
    .collect();
    let count = |cycle: &i64| changes.get(cycle).copied().unwrap_or(0);
    let due: BTreeSet<i64> = delivered
        .iter()
        .map(|(id, _)| *id)
        .filter(|id| seen.get(id) != Some(&count(id)))
        .collect();
    let zone = ctx.coop().timezone.tz();
    let mut years: BTreeSet<i32> = BTreeSet::new();
    let hub = if due.is_empty() {
        None
    } else {
        crate::hub::store::rounds::hub_point(&mut conn, coop_id).await?
    };
    for (cycle, closes_at) in delivered.iter().filter(|(id, _)| due.contains(id)) {
        let closed_on = closes_at.with_timezone(&zone).date_naive();
        let figures = cycle_figures(ctx, &mut conn, *cycle).await?;
        store_flows(&mut conn, coop_id, (*cycle, closed_on), hub).await?;
        store_cycle(&mut conn, ctx, (*cycle, count(cycle)), closed_on, &figures).await?;
        years.insert(closed_on.year());
    }
    let this_year = ctx.today().year();
    let current_stale = sqlx::query_scalar!(
        "SELECT computed_at < $3 FROM transparency_years WHERE coop_id = $1 AND year = $2",
        coop_id,
        this_year,
        (ctx.now - Duration::minutes(YEAR_REFRESH_MINUTES)) as _,
    )
    .fetch_optional(&mut *conn)
    .await?
    .flatten()
    .unwrap_or(true);
    if current_stale {
        years.insert(this_year);
    }
    for year in years {
        let ids: Vec<i64> = delivered
            .iter()
            .filter(|(_, at)| at.with_timezone(&zone).year() == year)
            .map(|(id, _)| *id)
            .collect();
        store_year(&mut conn, ctx, year, &ids).await?;
    }
    Ok(due.len())
}

/// One cycle's figures, from the functions of the contexts that own them.
async fn cycle_figures(ctx: &Ctx, conn: &mut PgConnection, cycle_id: i64) -> ServiceResult<Figures> {
    let coop_id = ctx.coop_id();
    let served = crate::orders::store::served(conn, coop_id, &[cycle_id]).await?;
    let (turnover_cents, producers_cents) = crate::ledger::store::cycle_money(conn, coop_id, cycle_id).await?;
    let orders = crate::orders::store::confirmed_order_ids(conn, coop_id, cycle_id).await?;
    let (fund_in_cents, fund_out_cents) =
        crate::solidarity::store::cycle_in_out(conn, coop_id, cycle_id, &orders).await?;
    let (rescued_grams, rescued_cents) = crate::rescue::store::cycle_rescued(conn, coop_id, cycle_id).await?;
    let mut f = Figures {
        cycles: 1,
        orders: served.orders,
        households: served.households,
        producers: served.producers,
        turnover_cents,
        producers_cents,
        delivered_grams: served.delivered_grams,
        fund_in_cents,
        fund_out_cents,
        rescued_grams,
        rescued_cents,
        ..Figures::default()
    };
    if let Some(fp) = crate::hub::store::rounds::cycle_footprint(ctx, cycle_id).await? {
        let thousandths = |x: f64| (x * 1000.0).round().max(0.0) as i64;
        f.hub_m = thousandths(fp.impact.hub.hub_km);
        f.hub_g_co2e = thousandths(fp.impact.hub.hub_kg_co2e);
        f.alone_m = thousandths(fp.impact.hub.counterfactual_km);
        f.alone_g_co2e = thousandths(fp.impact.hub.counterfactual_kg_co2e);
        f.cars_m = thousandths(fp.impact.cars.counterfactual_km);
        f.cars_g_co2e = thousandths(fp.impact.cars.counterfactual_kg_co2e);
        f.load_grams = fp.load_grams;
        f.capacity_grams = fp.capacity_grams;
    }
    Ok(f)
}

/// Stores a cycle's figures with the count of its changes they include.
async fn store_cycle(
    conn: &mut PgConnection,
    ctx: &Ctx,
    (cycle_id, changes): (i64, i64),
    closed_on: chrono::NaiveDate,
    f: &Figures,
) -> ServiceResult<()> {
    sqlx::query!(
        "INSERT INTO transparency_cycles (cycle_id, coop_id, year, closed_on, orders, households, producers, turnover_cents,
                                          producers_cents, delivered_grams, hub_m, hub_g_co2e, alone_m, alone_g_co2e, cars_m,
                                          cars_g_co2e, load_grams, capacity_grams, fund_in_cents, fund_out_cents, computed_at,
                                          rescued_grams, rescued_cents, changes)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23,
                 $24)
         ON CONFLICT (cycle_id) DO UPDATE SET
             orders = $5, households = $6, producers = $7, turnover_cents = $8, producers_cents = $9,
             delivered_grams = $10, hub_m = $11, hub_g_co2e = $12, alone_m = $13, alone_g_co2e = $14, cars_m = $15,
             cars_g_co2e = $16, load_grams = $17, capacity_grams = $18, fund_in_cents = $19, fund_out_cents = $20,
             computed_at = $21, rescued_grams = $22, rescued_cents = $23, changes = $24",
        cycle_id,
        ctx.coop_id(),
        closed_on.year(),
        closed_on as _,
        f.orders,
        f.households,
        f.producers,
        f.turnover_cents,
        f.producers_cents,
        f.delivered_grams,
        f.hub_m,
        f.hub_g_co2e,
        f.alone_m,
        f.alone_g_co2e,
        f.cars_m,
        f.cars_g_co2e,
        f.load_grams,
        f.capacity_grams,
        f.fund_in_cents,
        f.fund_out_cents,
        ctx.now as _,
        f.rescued_grams,
        f.rescued_cents,
        changes,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Stores what went where in a cycle (its flows computed again replace the old ones).
async fn store_flows(
    conn: &mut PgConnection,
    coop_id: i64,
    (cycle_id, closed_on): (i64, chrono::NaiveDate),
    hub: Option<crate::geo::Point>,
) -> ServiceResult<()> {
    let facts = crate::orders::store::cycle_flows(conn, coop_id, cycle_id).await?;
    sqlx::query!(
        "DELETE FROM transparency_flows WHERE coop_id = $1 AND cycle_id = $2",
        coop_id,
        cycle_id
    )
    .execute(&mut *conn)
    .await?;
    let metres = |f: &crate::orders::store::FlowFacts| {
        hub.zip(f.producer_at)
            .map(|(h, p)| (crate::hub::rounds::road_km(p, h) * 1000.0).round() as i64)
    };
    let destination = |f: &crate::orders::store::FlowFacts| match (&f.pickup_address, &f.zone_name) {
        (Some(address), _) => super::flows::commune_of(address),
        (None, Some(zone)) => zone.clone(),
        (None, None) => String::new(),
    };
    let producers: Vec<i64> = facts.iter().map(|f| f.producer_id).collect();
    let towns: Vec<String> = facts.iter().map(|f| f.producer_town.clone()).collect();
    let distances: Vec<Option<i64>> = facts.iter().map(metres).collect();
    let categories: Vec<String> = facts.iter().map(|f| f.category.clone()).collect();
    let destinations: Vec<String> = facts.iter().map(destination).collect();
    let grams: Vec<i64> = facts.iter().map(|f| f.grams).collect();
    let cents: Vec<i64> = facts.iter().map(|f| f.cents).collect();
    let households: Vec<i64> = facts.iter().map(|f| f.households).collect();
    sqlx::query!(
        "INSERT INTO transparency_flows (coop_id, cycle_id, closed_on, producer_id, producer_town, producer_m, category,
                                         destination, grams, cents, households)
         SELECT $1, $2, $3, * FROM unnest($4::bigint[], $5::text[], $6::bigint[], $7::text[], $8::text[], $9::bigint[],
                                          $10::bigint[], $11::bigint[])",
        coop_id,
        cycle_id,
        closed_on as _,
        &producers,
        &towns,
        &distances as &[Option<i64>],
        &categories,
        &destinations,
        &grams,
        &cents,
        &households,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The value chains of the delivered cycles closed from `from` to `to` (dates in the
/// cooperative's zone), added up from the stored flows: a few hundred rows a year.
pub async fn value_chains(
    ctx: &Ctx,
    (from, to): (chrono::NaiveDate, chrono::NaiveDate),
    others: &str,
) -> ServiceResult<super::flows::ValueChains> {
    let flows = sqlx::query_as!(
        super::flows::Flow,
        "SELECT cycle_id, producer_id, producer_town, producer_m, category, destination, grams, cents, households
         FROM transparency_flows WHERE coop_id = $1 AND closed_on BETWEEN $2 AND $3",
        ctx.coop_id(),
        from as _,
        to as _,
    )
    .fetch_all(&ctx.pool)
    .await?;
    Ok(super::flows::ValueChains {
        from: Some(from),
        to: Some(to),
        ..super::flows::add_up(&flows, others)
    })
}

async fn store_year(conn: &mut PgConnection, ctx: &Ctx, year: i32, cycle_ids: &[i64]) -> ServiceResult<()> {
    let coop_id = ctx.coop_id();
    let people = crate::orders::store::served(conn, coop_id, cycle_ids).await?;
    let fund = crate::solidarity::store::year_totals(conn, coop_id, year, ctx.coop().timezone).await?;
    let fund_in: i64 = fund.iter().map(|(_, c)| (*c).max(0)).sum();
    let fund_out: i64 = fund.iter().map(|(_, c)| (-*c).max(0)).sum();
    sqlx::query!(
        "INSERT INTO transparency_years (coop_id, year, households, producers, fund_in_cents, fund_out_cents, computed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (coop_id, year) DO UPDATE SET households = $3, producers = $4, fund_in_cents = $5,
             fund_out_cents = $6, computed_at = $7",
        coop_id,
        year,
        people.households,
        people.producers,
        fund_in,
        fund_out,
        ctx.now as _,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The published figures: every year with delivered cycles, newest first, and the licence.
/// Two statements, whatever the number of cycles.
pub async fn transparency(ctx: &Ctx) -> ServiceResult<Transparency> {
    let coop_id = ctx.coop_id();
    let mut conn = ctx.pool.acquire().await?;
    let cycles = sqlx::query!(
        r#"SELECT t.cycle_id, t.year, t.closed_on AS "closed_on: chrono::NaiveDate", t.orders, t.households, t.producers, t.turnover_cents,
                  t.producers_cents, t.delivered_grams, t.hub_m, t.hub_g_co2e, t.alone_m, t.alone_g_co2e, t.cars_m,
                  t.cars_g_co2e, t.load_grams, t.capacity_grams, t.fund_in_cents, t.fund_out_cents, t.rescued_grams,
                  t.rescued_cents
           FROM transparency_cycles t WHERE t.coop_id = $1 ORDER BY t.year DESC, t.closed_on, t.cycle_id"#,
        coop_id
    )
    .fetch_all(&mut *conn)
    .await?;
    let years = sqlx::query!(
        r#"SELECT y.year, y.households, y.producers, y.fund_in_cents, y.fund_out_cents
           FROM transparency_years y WHERE y.coop_id = $1 ORDER BY y.year DESC"#,
        coop_id
    )
    .fetch_all(&mut *conn)
    .await?;
    let (licence, value_chains_open) = open_data(&mut conn, coop_id).await?;
    let years = years
        .into_iter()
        .filter_map(|y| {
            let records: Vec<CycleRecord> = cycles
                .iter()
                .filter(|c| c.year == y.year)
                .map(|c| CycleRecord {
                    cycle_id: c.cycle_id,
                    closed_on: c.closed_on,
                    figures: Figures {
                        cycles: 1,
                        orders: c.orders,
                        households: c.households,
                        producers: c.producers,
                        turnover_cents: c.turnover_cents,
                        producers_cents: c.producers_cents,
                        delivered_grams: c.delivered_grams,
                        hub_m: c.hub_m,
                        hub_g_co2e: c.hub_g_co2e,
                        alone_m: c.alone_m,
                        alone_g_co2e: c.alone_g_co2e,
                        cars_m: c.cars_m,
                        cars_g_co2e: c.cars_g_co2e,
                        load_grams: c.load_grams,
                        capacity_grams: c.capacity_grams,
                        fund_in_cents: c.fund_in_cents,
                        fund_out_cents: c.fund_out_cents,
                        rescued_grams: c.rescued_grams,
                        rescued_cents: c.rescued_cents,
                    },
                })
                .collect();
            // A year row without delivered cycles (the current one, early on) shows nothing.
            (!records.is_empty()).then(|| {
                publish(
                    y.year,
                    records,
                    YearPeople {
                        households: y.households,
                        producers: y.producers,
                    },
                    (y.fund_in_cents, y.fund_out_cents),
                )
            })
        })
        .collect();
    Ok(Transparency {
        coop_name: ctx.coop().name.clone(),
        licence,
        value_chains_open,
        years,
    })
}

/// The open data's licence, and whether the value chains are open data too.
async fn open_data(conn: &mut PgConnection, coop_id: i64) -> ServiceResult<(Licence, bool)> {
    let r = sqlx::query!(
        r#"SELECT open_data_licence AS "l: Licence", value_chains_open FROM coops WHERE id = $1"#,
        coop_id
    )
    .fetch_optional(conn)
    .await?
    .ok_or(ServiceError::NotFound)?;
    Ok((r.l, r.value_chains_open))
}

/// The board chooses the open data's licence, and whether the value chains are open data
/// too; audited.
pub async fn set_open_data(
    ctx: &Ctx,
    board: &crate::accounts::store::CurrentUser,
    licence: Licence,
    value_chains_open: bool,
) -> ServiceResult<()> {
    let mut tx = ctx.pool.begin().await?;
    let before = sqlx::query!(
        r#"SELECT open_data_licence AS "l: Licence", value_chains_open FROM coops WHERE id = $1 FOR NO KEY UPDATE"#,
        ctx.coop_id()
    )
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query!(
        "UPDATE coops SET open_data_licence = $2, value_chains_open = $3 WHERE id = $1",
        ctx.coop_id(),
        licence.code(),
        value_chains_open,
    )
    .execute(&mut *tx)
    .await?;
    crate::audit::record(
        &mut tx,
        ctx,
        crate::audit::Entry {
            actor: Some(board.id),
            action: "open_data_licence",
            subject: "coop".into(),
            before: Some(serde_json::json!({ "licence": before.l.code(), "value_chains": before.value_chains_open })),
            after: Some(serde_json::json!({ "licence": licence.code(), "value_chains": value_chains_open })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The value chains as open data, per year, producers' commune, category and destination,
/// only the rows [`super::flows::publishable`] keeps, from published cycles only (of
/// [`super::MIN_HOUSEHOLDS`] households or more); `None` unless the board opened them.
pub async fn open_flows(ctx: &Ctx) -> ServiceResult<Option<(Licence, Vec<super::flows::OpenFlow>)>> {
    let mut conn = ctx.pool.acquire().await?;
    let (licence, open) = open_data(&mut conn, ctx.coop_id()).await?;
    if !open {
        return Ok(None);
    }
    let rows = sqlx::query_as!(
        super::flows::OpenFlow,
        r#"SELECT t.year, f.producer_town AS origin, f.category, f.destination, sum(f.grams)::bigint AS "grams!",
                  sum(f.cents)::bigint AS "cents!", sum(f.households)::bigint AS "households!"
           FROM transparency_flows f JOIN transparency_cycles t ON t.cycle_id = f.cycle_id AND t.households >= $2
           WHERE f.coop_id = $1 GROUP BY t.year, f.producer_town, f.category, f.destination"#,
        ctx.coop_id(),
        super::MIN_HOUSEHOLDS,
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(Some((licence, super::flows::publishable(rows))))
}
