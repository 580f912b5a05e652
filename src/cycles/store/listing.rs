//! Reading cycles: the staff list, the open ones, one cycle and its staff page; creating and
//! editing one.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

use crate::ctx::Ctx;

use super::*;
use crate::catalogue::Unit;
use crate::coop::Page;
use crate::cycles::{CycleDetail, CycleFields, CycleStatus, CycleSummary, OfferView};
use crate::error::{ServiceError, ServiceResult};
use crate::i18n::{Locale, Msg};

pub const CYCLES_PER_PAGE: u32 = 20;

#[derive(sqlx::FromRow)]
struct CycleRow {
    id: i64,
    name: String,
    opens_at: DateTime<Utc>,
    closes_at: DateTime<Utc>,
    status: CycleStatus,
    scheduled: bool,
    offers: i64,
    slots: i64,
    orders: i64,
}

impl From<CycleRow> for CycleSummary {
    fn from(r: CycleRow) -> Self {
        CycleSummary {
            id: r.id,
            name: r.name,
            opens_at: r.opens_at,
            closes_at: r.closes_at,
            status: r.status,
            scheduled: r.scheduled,
            offers: r.offers,
            slots: r.slots,
            orders: r.orders,
        }
    }
}

const CYCLE_COLUMNS: &str = "c.id, c.name, c.opens_at, c.closes_at, c.status, c.scheduled,
    (SELECT count(*) FROM cycle_offers o WHERE o.cycle_id = c.id) AS offers,
    (SELECT count(*) FROM slots s WHERE s.cycle_id = c.id) AS slots,
    (SELECT count(*) FROM orders r WHERE r.cycle_id = c.id AND r.status IN ('pending_payment', 'confirmed')) AS orders";

pub async fn list_cycles(ctx: &Ctx, page: u32) -> ServiceResult<Page<CycleSummary>> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    let page = crate::coop::clamp_page(page);
    let total: i64 = sqlx::query_scalar("SELECT count(*) FROM order_cycles WHERE coop_id = $1")
        .bind(coop_id)
        .fetch_one(pool)
        .await?;
    let rows: Vec<CycleRow> = sqlx::query_as(&format!(
        "SELECT {CYCLE_COLUMNS} FROM order_cycles c WHERE c.coop_id = $1
         ORDER BY (c.status = 'archived'), c.opens_at DESC, c.id DESC LIMIT $2 OFFSET $3"
    ))
    .bind(coop_id)
    .bind(i64::from(CYCLES_PER_PAGE))
    .bind(crate::coop::page_offset(page, CYCLES_PER_PAGE))
    .fetch_all(pool)
    .await?;
    Ok(Page {
        items: rows.into_iter().map(Into::into).collect(),
        page,
        per_page: CYCLES_PER_PAGE,
        total: total as u64,
    })
}

/// Cycles taking orders now (usually one), soonest closing first.
pub async fn open_cycles(ctx: &Ctx) -> ServiceResult<Vec<CycleSummary>> {
    open_cycles_at(&ctx.pool, ctx.coop_id(), ctx.now).await
}

/// [`open_cycles`] for the services of other contexts that do not hold a [`Ctx`] yet.
pub(crate) async fn open_cycles_at(
    pool: &PgPool,
    coop_id: i64,
    now: DateTime<Utc>,
) -> ServiceResult<Vec<CycleSummary>> {
    let rows: Vec<CycleRow> = sqlx::query_as(&format!(
        "SELECT {CYCLE_COLUMNS} FROM order_cycles c
         WHERE c.coop_id = $1 AND c.status = 'open' AND c.closes_at > $2 ORDER BY c.closes_at, c.id"
    ))
    .bind(coop_id)
    .bind(now)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

pub async fn cycle(ctx: &Ctx, id: i64) -> ServiceResult<CycleSummary> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    let row: Option<CycleRow> = sqlx::query_as(&format!(
        "SELECT {CYCLE_COLUMNS} FROM order_cycles c WHERE c.coop_id = $1 AND c.id = $2"
    ))
    .bind(coop_id)
    .bind(id)
    .fetch_optional(pool)
    .await?;
    row.map(Into::into).ok_or(ServiceError::NotFound)
}

pub async fn create_cycle(ctx: &Ctx, fields: &CycleFields) -> ServiceResult<i64> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    Ok(sqlx::query_scalar(
        "INSERT INTO order_cycles (coop_id, name, opens_at, closes_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(coop_id)
    .bind(&fields.name)
    .bind(fields.opens_at)
    .bind(fields.closes_at)
    .fetch_one(pool)
    .await?)
}

/// Renames or moves a cycle's window while it is a draft or open.
pub async fn update_cycle(ctx: &Ctx, id: i64, fields: &CycleFields) -> ServiceResult<()> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    let status: CycleStatus =
        sqlx::query_scalar("SELECT status FROM order_cycles WHERE coop_id = $1 AND id = $2 FOR UPDATE")
            .bind(coop_id)
            .bind(id)
            .fetch_optional(pool)
            .await?
            .ok_or(ServiceError::NotFound)?;
    if !status.is_editable() {
        return Err(ServiceError::invalid(Msg::ErrCycleNotEditable));
    }
    sqlx::query("UPDATE order_cycles SET name = $3, opens_at = $4, closes_at = $5 WHERE coop_id = $1 AND id = $2")
        .bind(coop_id)
        .bind(id)
        .bind(&fields.name)
        .bind(fields.opens_at)
        .bind(fields.closes_at)
        .execute(pool)
        .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct OfferRow {
    variant_id: i64,
    product_name: String,
    variant_name: String,
    quantity: i64,
    unit: Unit,
    producer_name: String,
    catalogue_retail_cents: i64,
    catalogue_pro_cents: i64,
    stock_cap: Option<i64>,
    retail_price_cents: Option<i64>,
    pro_price_cents: Option<i64>,
    sold: i64,
}

/// A variant's label from its stored columns (see `catalogue::variant_name`), for rows that
/// still read the unit as text (orders); rows of this crate decode it to a `Unit` and call
/// `catalogue::variant_name`.
pub fn variant_label(name: &str, quantity: i64, unit: &str, locale: Locale) -> String {
    crate::catalogue::variant_name(name, quantity, Unit::parse(unit).unwrap_or(Unit::Piece), locale)
}

pub async fn cycle_detail(ctx: &Ctx, timezone: &str, id: i64, locale: Locale) -> ServiceResult<CycleDetail> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    let cycle = cycle(ctx, id).await?;
    let offers: Vec<OfferRow> = sqlx::query_as(
        "SELECT o.variant_id, p.name AS product_name, v.name AS variant_name, v.quantity, p.unit,
                pr.farm_name AS producer_name, v.retail_price_cents AS catalogue_retail_cents,
                v.pro_price_cents AS catalogue_pro_cents, o.stock_cap, o.retail_price_cents, o.pro_price_cents, o.sold
         FROM cycle_offers o JOIN variants v ON v.id = o.variant_id JOIN products p ON p.id = v.product_id
         JOIN producers pr ON pr.id = p.producer_id
         WHERE o.cycle_id = $1 ORDER BY pr.farm_name, p.name, v.position, v.id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let mut conn = pool.acquire().await?;
    let slots = slots(&mut conn, id).await?;
    let (pickup_points, zones) = places(ctx).await?;
    let producers: Vec<(i64, String)> = sqlx::query_as(
        "SELECT pr.id, pr.farm_name FROM producers pr
         WHERE pr.coop_id = $1 AND EXISTS (SELECT 1 FROM products p WHERE p.producer_id = pr.id AND p.listed)
         ORDER BY pr.farm_name",
    )
    .bind(coop_id)
    .fetch_all(pool)
    .await?;
    Ok(CycleDetail {
        cycle,
        timezone: timezone.to_owned(),
        offers: offers
            .into_iter()
            .map(|o| OfferView {
                variant_id: o.variant_id,
                variant_label: crate::catalogue::variant_name(&o.variant_name, o.quantity, o.unit, locale),
                product_name: o.product_name,
                producer_name: o.producer_name,
                catalogue_retail_cents: o.catalogue_retail_cents,
                catalogue_pro_cents: o.catalogue_pro_cents,
                stock_cap: o.stock_cap,
                retail_price_cents: o.retail_price_cents,
                pro_price_cents: o.pro_price_cents,
                sold: o.sold,
            })
            .collect(),
        slots,
        pickup_points,
        zones,
        producers,
    })
}

pub(super) async fn editable_cycle(conn: &mut PgConnection, coop_id: i64, cycle_id: i64) -> ServiceResult<()> {
    let status: Option<CycleStatus> =
        sqlx::query_scalar("SELECT status FROM order_cycles WHERE coop_id = $1 AND id = $2 FOR SHARE")
            .bind(coop_id)
            .bind(cycle_id)
            .fetch_optional(&mut *conn)
            .await?;
    match status {
        None => Err(ServiceError::NotFound),
        Some(s) if !s.is_editable() => Err(ServiceError::invalid(Msg::ErrCycleNotEditable)),
        Some(_) => Ok(()),
    }
}
