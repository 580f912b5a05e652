//! Reading orders: one order whole, a buyer's list or a desk's search, and the order emails.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use crate::coop::{Coop, Page};
use crate::ctx::Ctx;
use crate::cycles::{CycleStatus, accepts_orders};
use crate::error::{ServiceError, ServiceResult};
use crate::i18n::Locale;
use crate::orders::mail;
use crate::orders::mail::OrderMail;
use crate::orders::{OrderLineView, OrderStatus, OrderSummary, OrderView, PaymentMethod, Pricing, Solidarity, Totals};

/// Where an order's money goes, each line at the cooperative's split for its product, for
/// the units the buyer kept: `returned` gives the units of a variant that came back.
pub async fn where_money_goes(
    ctx: &Ctx,
    order: &OrderView,
    returned: impl Fn(i64) -> i64,
) -> ServiceResult<crate::catalogue::PriceShare> {
    let mut conn = ctx.pool.acquire().await?;
    let rules = crate::catalogue::store::split_rules(&mut conn, ctx.coop_id()).await?;
    let ids: Vec<i64> = order.lines.iter().map(|l| l.variant_id).collect();
    let products = sqlx::query!(
        r#"SELECT v.id, p.category AS "category: crate::catalogue::Category", p.producer_id
           FROM variants v JOIN products p ON p.id = v.product_id WHERE v.id = ANY($1) AND p.coop_id = $2"#,
        &ids,
        ctx.coop_id()
    )
    .fetch_all(&mut *conn)
    .await?;
    let splits: std::collections::HashMap<i64, crate::catalogue::Split> = products
        .into_iter()
        .map(|r| (r.id, rules.for_product(r.category, r.producer_id)))
        .collect();
    Ok(crate::orders::order_share(
        &order.lines,
        order.totals.fee_cents,
        |v| splits.get(&v).copied().unwrap_or(rules.general),
        returned,
    ))
}

struct OrderRow {
    id: i64,
    cycle_id: i64,
    cycle_name: String,
    cycle_status: CycleStatus,
    cycle_closes_at: DateTime<Utc>,
    status: OrderStatus,
    pricing: Pricing,
    slot_id: i64,
    delivery_address: String,
    delivery_postcode: String,
    payment_method: PaymentMethod,
    subtotal_cents: i64,
    fee_cents: i64,
    total_cents: i64,
    paid_cents: i64,
    paid_at: Option<DateTime<Utc>>,
    collected_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    buyer_name: String,
    timezone: crate::time::Zone,
    solidarity_cents: i64,
    solidarity_wanted_cents: i64,
    round_up_cents: i64,
}

/// A line of an order, with its variant's case size.
struct LineRow {
    variant_id: i64,
    product_name: String,
    variant_label: String,
    quantity: i64,
    unit_price_cents: i64,
    case_size: i32,
    missing: i64,
    vat_bp: i32,
}

/// An order, whole. `user_id` restricts it to its buyer (None: staff, already authorised).
pub async fn order_view(
    conn: &mut PgConnection,
    ctx: &Ctx,
    order_id: i64,
    user_id: Option<i64>,
) -> ServiceResult<OrderView> {
    order_view_at(conn, ctx.coop_id(), order_id, user_id, ctx.now).await
}

async fn order_view_at(
    conn: &mut PgConnection,
    coop_id: i64,
    order_id: i64,
    user_id: Option<i64>,
    now: DateTime<Utc>,
) -> ServiceResult<OrderView> {
    let row: Option<OrderRow> = sqlx::query_as!(
        OrderRow,
        r#"SELECT o.id, o.cycle_id, c.name AS cycle_name, c.status AS "cycle_status: CycleStatus",
                c.closes_at AS "cycle_closes_at: DateTime<Utc>",
                o.status AS "status: OrderStatus", o.pricing AS "pricing: Pricing", o.slot_id, o.delivery_address,
                o.delivery_postcode, o.payment_method AS "payment_method: PaymentMethod",
                o.subtotal_cents, o.fee_cents, o.total_cents, o.paid_cents, o.paid_at AS "paid_at: DateTime<Utc>",
                o.collected_at AS "collected_at: DateTime<Utc>", o.created_at AS "created_at: DateTime<Utc>",
                CASE WHEN u.display_name = '' THEN u.email ELSE u.display_name END AS "buyer_name!", co.timezone AS "timezone: crate::time::Zone",
                o.solidarity_cents, o.solidarity_wanted_cents, o.round_up_cents
         FROM orders o JOIN order_cycles c ON c.id = o.cycle_id JOIN users u ON u.id = o.user_id
         JOIN coops co ON co.id = o.coop_id
         WHERE o.coop_id = $1 AND o.id = $2 AND ($3::bigint IS NULL OR o.user_id = $3)"#,
        coop_id,
        order_id,
        user_id,
    )
    .fetch_optional(&mut *conn)
    .await?;
    let r = row.ok_or(ServiceError::NotFound)?;
    let lines: Vec<LineRow> = sqlx::query_as!(
        LineRow,
        "SELECT l.variant_id, l.product_name, l.variant_label, l.quantity, l.unit_price_cents, v.case_size, l.missing, l.vat_bp
         FROM order_lines l JOIN variants v ON v.id = l.variant_id WHERE l.order_id = $1 ORDER BY l.product_name, l.variant_id",
        order_id,
    )
    .fetch_all(&mut *conn)
    .await?;
    let slot = crate::cycles::store::slot(conn, r.slot_id).await?;
    let pricing = r.pricing;
    let status = r.status;
    let cycle_status = r.cycle_status;
    Ok(OrderView {
        id: r.id,
        cycle_id: r.cycle_id,
        cycle_name: r.cycle_name,
        cycle_status,
        status,
        pricing,
        slot,
        delivery_address: r.delivery_address,
        delivery_postcode: r.delivery_postcode,
        payment_method: r.payment_method,
        lines: lines
            .into_iter()
            .map(|l| OrderLineView {
                variant_id: l.variant_id,
                product_name: l.product_name,
                variant_label: l.variant_label,
                quantity: l.quantity,
                unit_price_cents: l.unit_price_cents,
                step: crate::orders::step(pricing, l.case_size),
                missing: l.missing,
                vat_bp: l.vat_bp,
            })
            .collect(),
        totals: Totals {
            subtotal_cents: r.subtotal_cents,
            fee_cents: r.fee_cents,
            total_cents: r.total_cents,
        },
        paid_cents: r.paid_cents,
        paid_at: r.paid_at,
        collected_at: r.collected_at,
        created_at: r.created_at,
        editable: status.holds_stock() && accepts_orders(cycle_status, r.cycle_closes_at, now),
        reorderable: !accepts_orders(cycle_status, r.cycle_closes_at, now),
        buyer_name: r.buyer_name,
        timezone: r.timezone,
        solidarity: Solidarity {
            covered_cents: r.solidarity_cents,
            wanted_cents: r.solidarity_wanted_cents,
            round_up_cents: r.round_up_cents,
        },
    })
}

/// Queues an email about an order to its buyer, in their language, inside the caller's
/// transaction (so it is sent if and only if the change is committed).
pub(crate) async fn email_order(
    conn: &mut PgConnection,
    coop: &Coop,
    base_url: &str,
    order_id: i64,
    kind: OrderMail,
) -> ServiceResult<()> {
    let order = order_view_at(conn, coop.id, order_id, None, Utc::now()).await?;
    let buyer = sqlx::query!(
        r#"SELECT u.email, u.locale AS "locale: Locale" FROM orders o JOIN users u ON u.id = o.user_id WHERE o.id = $1"#,
        order_id,
    )
    .fetch_one(&mut *conn)
    .await?;
    queue_order_mail(conn, coop, base_url, &order, &buyer.email, buyer.locale, kind).await
}

pub(super) async fn queue_order_mail(
    conn: &mut PgConnection,
    coop: &Coop,
    base_url: &str,
    order: &OrderView,
    to: &str,
    locale: Locale,
    kind: OrderMail,
) -> ServiceResult<()> {
    let link = format!("{}{}", base_url.trim_end_matches('/'), crate::paths::order(order.id));
    let message = mail::order(kind, locale, &coop.name, order, &link);
    crate::mail::enqueue(conn, Some(coop.id), to, &message).await?;
    Ok(())
}

pub async fn my_orders(ctx: &Ctx, user_id: i64, page: u32) -> ServiceResult<Page<OrderSummary>> {
    let filter = OrderFilter {
        buyer: Some(user_id),
        ..OrderFilter::default()
    };
    list_orders(ctx, &filter, page).await
}

pub const ORDERS_PER_PAGE: u32 = 20;

struct SummaryRow {
    id: i64,
    cycle_name: String,
    status: OrderStatus,
    total_cents: i64,
    paid_cents: i64,
    payment_method: PaymentMethod,
    slot_starts_at: DateTime<Utc>,
    place_name: String,
    buyer_name: String,
    collected: bool,
    created_at: DateTime<Utc>,
}

/// Which orders a list shows: a buyer's own, or those staff look up at a pickup desk (by
/// number, name or email; a shopkeeper sees only their shop's pickup point; `desk`: pickup
/// points only).
#[derive(Clone, Debug, Default)]
pub(super) struct OrderFilter<'a> {
    pub(super) buyer: Option<i64>,
    pub(super) cycle_id: Option<i64>,
    pub(super) search: &'a str,
    pub(super) shopkeeper: Option<i64>,
    pub(super) desk: bool,
}

/// A query (`query_scalar` or `query_as` with its row) of `$select`, then the FROM and WHERE a
/// list of orders and its count share (binds $1 to $7, as [`list_orders`] gives them), then `$rest`.
macro_rules! filtered_orders {
    ($query:ident, $($row:ident,)? $select:literal, $rest:literal $(, $arg:expr)* $(,)?) => {
        sqlx::$query!(
            $($row,)?
            $select + "
         FROM orders o JOIN users u ON u.id = o.user_id JOIN order_cycles c ON c.id = o.cycle_id
            JOIN slots s ON s.id = o.slot_id LEFT JOIN pickup_points pp ON pp.id = s.pickup_point_id
            LEFT JOIN delivery_zones z ON z.id = s.zone_id
         WHERE o.coop_id = $1 AND ($2::bigint IS NULL OR o.user_id = $2) AND ($3::bigint IS NULL OR o.cycle_id = $3)
            AND ($4::bigint IS NULL OR o.id = $4)
            AND ($5::text IS NULL OR maillon_fold(u.display_name) LIKE maillon_fold($5) OR lower(u.email) LIKE lower($5))
            AND ($6::bigint IS NULL OR pp.shop_id IN (SELECT id FROM shops WHERE user_id = $6))
            AND ($2::bigint IS NOT NULL OR o.status IN ('confirmed', 'pending_payment'))
            AND (NOT $7 OR s.pickup_point_id IS NOT NULL)" + $rest,
            $($arg),*
        )
    };
}

/// Orders, newest first, as `filter` chooses them.
pub(super) async fn list_orders(ctx: &Ctx, filter: &OrderFilter<'_>, page: u32) -> ServiceResult<Page<OrderSummary>> {
    let OrderFilter {
        buyer,
        cycle_id,
        search,
        shopkeeper,
        desk,
    } = *filter;
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    let page = crate::coop::clamp_page(page);
    let search = search.trim();
    let number = search.trim_start_matches('#').parse::<i64>().ok();
    let text = (!search.is_empty() && number.is_none()).then(|| {
        format!(
            "%{}%",
            search.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
        )
    });
    let text = text.as_deref();
    let total: i64 = filtered_orders!(
        query_scalar,
        r#"SELECT count(*) AS "count!""#,
        "",
        coop_id,
        buyer,
        cycle_id,
        number,
        text,
        shopkeeper,
        desk
    )
    .fetch_one(pool)
    .await?;
    let rows: Vec<SummaryRow> = filtered_orders!(
        query_as,
        SummaryRow,
        r#"SELECT o.id, c.name AS cycle_name, o.status AS "status: OrderStatus", o.total_cents, o.paid_cents,
                o.payment_method AS "payment_method: PaymentMethod", s.starts_at AS "slot_starts_at: DateTime<Utc>",
                coalesce(pp.name, z.name) AS "place_name!",
                CASE WHEN u.display_name = '' THEN u.email ELSE u.display_name END AS "buyer_name!",
                o.collected_at IS NOT NULL AS "collected!", o.created_at AS "created_at: DateTime<Utc>""#,
        " ORDER BY o.created_at DESC, o.id DESC LIMIT $8 OFFSET $9",
        coop_id,
        buyer,
        cycle_id,
        number,
        text,
        shopkeeper,
        desk,
        i64::from(ORDERS_PER_PAGE),
        crate::coop::page_offset(page, ORDERS_PER_PAGE),
    )
    .fetch_all(pool)
    .await?;
    Ok(Page {
        items: rows
            .into_iter()
            .map(|r| OrderSummary {
                id: r.id,
                cycle_name: r.cycle_name,
                status: r.status,
                total_cents: r.total_cents,
                paid_cents: r.paid_cents,
                payment_method: r.payment_method,
                slot_starts_at: r.slot_starts_at,
                place_name: r.place_name,
                buyer_name: r.buyer_name,
                collected: r.collected,
                created_at: r.created_at,
            })
            .collect(),
        page,
        per_page: ORDERS_PER_PAGE,
        total: total as u64,
    })
}
