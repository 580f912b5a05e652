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
    last_minute: bool,
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
            last_minute: r.last_minute,
        }
    }
}

/// `sqlx::query_as!` reading [`CycleRow`]s: their columns from `order_cycles c`, then `$rest`
/// (the conditions and order), checked at build time like any literal query.
macro_rules! select_cycles {
    ($rest:literal $(, $arg:expr)* $(,)?) => {
        sqlx::query_as!(
            CycleRow,
            r#"SELECT c.id, c.name, c.opens_at AS "opens_at: DateTime<Utc>", c.closes_at AS "closes_at: DateTime<Utc>",
    c.status AS "status: CycleStatus", c.scheduled, (c.rescued_from IS NOT NULL) AS "last_minute!",
    (SELECT count(*) FROM cycle_offers o WHERE o.cycle_id = c.id) AS "offers!",
    (SELECT count(*) FROM slots s WHERE s.cycle_id = c.id) AS "slots!",
    (SELECT count(*) FROM orders r WHERE r.cycle_id = c.id AND r.status IN ('pending_payment', 'confirmed')) AS "orders!"
    FROM order_cycles c "# + $rest,
            $($arg),*
        )
    };
}

pub async fn list_cycles(ctx: &Ctx, page: u32) -> ServiceResult<Page<CycleSummary>> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    let page = crate::coop::clamp_page(page);
    let total = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM order_cycles WHERE coop_id = $1"#,
        coop_id
    )
    .fetch_one(pool)
    .await?;
    let rows = select_cycles!(
        "WHERE c.coop_id = $1 ORDER BY (c.status = 'archived'), c.opens_at DESC, c.id DESC LIMIT $2 OFFSET $3",
        coop_id,
        i64::from(CYCLES_PER_PAGE),
        crate::coop::page_offset(page, CYCLES_PER_PAGE),
    )
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
    let rows = select_cycles!(
        "WHERE c.coop_id = $1 AND c.status = 'open' AND c.closes_at > $2 ORDER BY c.closes_at, c.id",
        coop_id,
        now as _,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

pub async fn cycle(ctx: &Ctx, id: i64) -> ServiceResult<CycleSummary> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    let row = select_cycles!("WHERE c.coop_id = $1 AND c.id = $2", coop_id, id)
        .fetch_optional(pool)
        .await?;
    row.map(Into::into).ok_or(ServiceError::NotFound)
}

pub async fn create_cycle(ctx: &Ctx, fields: &CycleFields) -> ServiceResult<i64> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    Ok(sqlx::query_scalar!(
        "INSERT INTO order_cycles (coop_id, name, opens_at, closes_at) VALUES ($1, $2, $3, $4) RETURNING id",
        coop_id,
        fields.name,
        fields.opens_at as _,
        fields.closes_at as _,
    )
    .fetch_one(pool)
    .await?)
}

/// Renames or moves a cycle's window while it is a draft or open.
pub async fn update_cycle(ctx: &Ctx, id: i64, fields: &CycleFields) -> ServiceResult<()> {
    let coop_id = ctx.coop_id();
    // The status read and the update in one transaction: the row stays locked between them.
    let mut tx = ctx.pool.begin().await?;
    let status = sqlx::query_scalar!(
        r#"SELECT status AS "status: CycleStatus" FROM order_cycles WHERE coop_id = $1 AND id = $2 FOR UPDATE"#,
        coop_id,
        id,
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ServiceError::NotFound)?;
    if !status.is_editable() {
        return Err(ServiceError::invalid(Msg::ErrCycleNotEditable));
    }
    sqlx::query!(
        "UPDATE order_cycles SET name = $3, opens_at = $4, closes_at = $5 WHERE coop_id = $1 AND id = $2",
        coop_id,
        id,
        fields.name,
        fields.opens_at as _,
        fields.closes_at as _,
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

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

pub async fn cycle_detail(
    ctx: &Ctx,
    timezone: crate::time::Zone,
    id: i64,
    locale: Locale,
) -> ServiceResult<CycleDetail> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    let cycle = cycle(ctx, id).await?;
    let offers = sqlx::query_as!(
        OfferRow,
        r#"SELECT o.variant_id, p.name AS product_name, v.name AS variant_name, v.quantity, p.unit AS "unit: Unit",
                pr.farm_name AS producer_name, v.retail_price_cents AS catalogue_retail_cents,
                v.pro_price_cents AS catalogue_pro_cents, o.stock_cap, o.retail_price_cents, o.pro_price_cents, o.sold
         FROM cycle_offers o JOIN variants v ON v.id = o.variant_id JOIN products p ON p.id = v.product_id
         JOIN producers pr ON pr.id = p.producer_id
         WHERE o.cycle_id = $1 ORDER BY pr.farm_name, p.name, v.position, v.id"#,
        id,
    )
    .fetch_all(pool)
    .await?;
    let mut conn = pool.acquire().await?;
    let slots = slots(&mut conn, id).await?;
    let (pickup_points, zones) = places(ctx).await?;
    let producers = sqlx::query!(
        "SELECT pr.id, pr.farm_name FROM producers pr
         WHERE pr.coop_id = $1 AND EXISTS (SELECT 1 FROM products p WHERE p.producer_id = pr.id AND p.listed)
         ORDER BY pr.farm_name",
        coop_id,
    )
    .fetch_all(pool)
    .await?;
    Ok(CycleDetail {
        cycle,
        timezone,
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
        producers: producers.into_iter().map(|p| (p.id, p.farm_name)).collect(),
    })
}

pub(super) async fn editable_cycle(conn: &mut PgConnection, coop_id: i64, cycle_id: i64) -> ServiceResult<()> {
    let status = sqlx::query_scalar!(
        r#"SELECT status AS "status: CycleStatus" FROM order_cycles WHERE coop_id = $1 AND id = $2 FOR SHARE"#,
        coop_id,
        cycle_id,
    )
    .fetch_optional(&mut *conn)
    .await?;
    match status {
        None => Err(ServiceError::NotFound),
        Some(s) if !s.is_editable() => Err(ServiceError::invalid(Msg::ErrCycleNotEditable)),
        Some(_) => Ok(()),
    }
}

/// The cooperative's delivered cycles, each with when it closed (the transparency figures are
/// dated by it): early when staff closed it early, else as planned.
pub async fn delivered_cycles(conn: &mut PgConnection, coop_id: i64) -> ServiceResult<Vec<(i64, DateTime<Utc>)>> {
    Ok(sqlx::query!(
        r#"SELECT id, coalesce(closed_at, closes_at) AS "closed!: DateTime<Utc>" FROM order_cycles
           WHERE coop_id = $1 AND status = 'delivered' ORDER BY 2, id"#,
        coop_id
    )
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|r| (r.id, r.closed))
    .collect())
}

/// A variant a cycle offered, as a record of what happened to it names it: its producer, its
/// description, its weight and the price the cycle sold it at. `None` when the cycle did not
/// offer it (or is another cooperative's).
pub async fn offered_variant(
    conn: &mut PgConnection,
    coop_id: i64,
    cycle_id: i64,
    variant_id: i64,
) -> ServiceResult<Option<crate::cycles::OfferedFacts>> {
    Ok(sqlx::query!(
        r#"SELECT p.producer_id, p.name AS product_name, v.name AS variant_name, v.weight_grams,
                  coalesce(o.retail_price_cents, v.retail_price_cents) AS "price_cents!"
           FROM cycle_offers o JOIN variants v ON v.id = o.variant_id JOIN products p ON p.id = v.product_id
           WHERE o.coop_id = $1 AND o.cycle_id = $2 AND o.variant_id = $3"#,
        coop_id,
        cycle_id,
        variant_id
    )
    .fetch_optional(conn)
    .await?
    .map(|r| crate::cycles::OfferedFacts {
        producer_id: r.producer_id,
        description: if r.variant_name.is_empty() {
            r.product_name
        } else {
            format!("{} — {}", r.product_name, r.variant_name)
        },
        weight_grams: i64::from(r.weight_grams),
        price_cents: r.price_cents,
    }))
}

/// The cooperative's latest closed or delivered cycles, last-minute sales aside, newest first:
/// (id, name).
pub async fn ended_cycles(conn: &mut PgConnection, coop_id: i64, limit: i64) -> ServiceResult<Vec<(i64, String)>> {
    Ok(sqlx::query!(
        "SELECT id, name FROM order_cycles WHERE coop_id = $1 AND status IN ('closed', 'delivered') AND rescued_from IS NULL
         ORDER BY closes_at DESC, id DESC LIMIT $2",
        coop_id,
        limit
    )
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|r| (r.id, r.name))
    .collect())
}

/// What the cycles offered, by cycle: (cycle id, variant id, "Product — variant · producer").
pub async fn offer_labels(
    conn: &mut PgConnection,
    coop_id: i64,
    cycle_ids: &[i64],
) -> ServiceResult<Vec<(i64, i64, String)>> {
    Ok(sqlx::query!(
        r#"SELECT o.cycle_id, o.variant_id, p.name AS product_name, v.name AS variant_name, pr.farm_name
           FROM cycle_offers o JOIN variants v ON v.id = o.variant_id JOIN products p ON p.id = v.product_id
           JOIN producers pr ON pr.id = p.producer_id
           WHERE o.coop_id = $1 AND o.cycle_id = ANY($2) ORDER BY o.cycle_id, p.name, v.position, v.id"#,
        coop_id,
        cycle_ids
    )
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|r| {
        let what = if r.variant_name.is_empty() {
            r.product_name
        } else {
            format!("{} — {}", r.product_name, r.variant_name)
        };
        (r.cycle_id, r.variant_id, format!("{what} · {}", r.farm_name))
    })
    .collect())
}
