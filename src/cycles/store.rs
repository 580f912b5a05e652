//! Order cycles, their offers and slots, pickup points and delivery zones in Postgres.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

use super::{
    CycleAction, CycleDetail, CycleFields, CycleStatus, CycleSummary, DeliveryZone, MissingOffer, OfferChange,
    OfferView, PickupPoint, PickupPointFields, Place, SlotFields, SlotView, ZoneFields, apply_action, due_transition,
};
use crate::catalogue::{RowError, Unit};
use crate::coop::Page;
use crate::error::{ServiceError, ServiceResult};
use crate::i18n::{Locale, Msg};

pub const CYCLES_PER_PAGE: u32 = 20;

#[derive(sqlx::FromRow)]
struct CycleRow {
    id: i64,
    name: String,
    opens_at: DateTime<Utc>,
    closes_at: DateTime<Utc>,
    status: String,
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
            status: CycleStatus::parse(&r.status).unwrap_or(CycleStatus::Draft),
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

pub async fn list_cycles(pool: &PgPool, coop_id: i64, page: u32) -> ServiceResult<Page<CycleSummary>> {
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
pub async fn open_cycles(pool: &PgPool, coop_id: i64, now: DateTime<Utc>) -> ServiceResult<Vec<CycleSummary>> {
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

pub async fn cycle(pool: &PgPool, coop_id: i64, id: i64) -> ServiceResult<CycleSummary> {
    let row: Option<CycleRow> = sqlx::query_as(&format!(
        "SELECT {CYCLE_COLUMNS} FROM order_cycles c WHERE c.coop_id = $1 AND c.id = $2"
    ))
    .bind(coop_id)
    .bind(id)
    .fetch_optional(pool)
    .await?;
    row.map(Into::into).ok_or(ServiceError::NotFound)
}

pub async fn create_cycle(pool: &PgPool, coop_id: i64, fields: &CycleFields) -> ServiceResult<i64> {
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
pub async fn update_cycle(pool: &PgPool, coop_id: i64, id: i64, fields: &CycleFields) -> ServiceResult<()> {
    let status: Option<String> =
        sqlx::query_scalar("SELECT status FROM order_cycles WHERE coop_id = $1 AND id = $2 FOR UPDATE")
            .bind(coop_id)
            .bind(id)
            .fetch_optional(pool)
            .await?;
    let status = status
        .and_then(|s| CycleStatus::parse(&s))
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

/// What a change of a cycle's state did, for the staff who asked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StatusChange {
    /// Closing: purchase orders emailed to producers.
    pub purchase_orders: usize,
    /// Closing: card orders released because their payment had not come.
    pub unpaid_released: usize,
    /// Marking delivered: shortage refunds sent because reception had not been completed.
    pub refunds: usize,
}

async fn set_status(
    conn: &mut PgConnection,
    id: i64,
    status: CycleStatus,
    scheduled: bool,
    base_url: &str,
) -> ServiceResult<StatusChange> {
    sqlx::query(
        "UPDATE order_cycles SET status = $2, scheduled = $3,
             opened_at = CASE WHEN $2 = 'open' THEN now() ELSE opened_at END,
             closed_at = CASE WHEN $2 = 'closed' THEN now() ELSE closed_at END
         WHERE id = $1",
    )
    .bind(id)
    .bind(status.code())
    .bind(scheduled)
    .execute(&mut *conn)
    .await?;
    let mut change = StatusChange::default();
    match status {
        CycleStatus::Open => notify_opening(conn, id, base_url).await?,
        CycleStatus::Closed => {
            // Unpaid card orders leave first, so that purchase orders count what was paid for.
            change.unpaid_released = crate::orders::store::expire_pending_at_closing(conn, id, base_url).await?;
            change.purchase_orders = crate::hub::store::email_purchase_orders(conn, id, base_url).await?;
        }
        CycleStatus::Delivered => {
            let coop_id: i64 = sqlx::query_scalar("SELECT coop_id FROM order_cycles WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *conn)
                .await?;
            // Delivered means reception is final: refunds still waiting go out now.
            change.refunds = crate::hub::store::complete_on(conn, coop_id, None, id).await?.refunds;
        }
        _ => {}
    }
    Ok(change)
}

/// A staff action on a cycle, checked against its current state under a row lock.
pub async fn act_on_cycle(
    pool: &PgPool,
    coop_id: i64,
    id: i64,
    action: CycleAction,
    now: DateTime<Utc>,
    base_url: &str,
) -> ServiceResult<(CycleStatus, StatusChange)> {
    let mut tx = pool.begin().await?;
    let row: Option<(String, bool, DateTime<Utc>)> = sqlx::query_as(
        "SELECT status, scheduled, closes_at FROM order_cycles WHERE coop_id = $1 AND id = $2 FOR UPDATE",
    )
    .bind(coop_id)
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let (status, scheduled, closes_at) = row.ok_or(ServiceError::NotFound)?;
    let status = CycleStatus::parse(&status).ok_or(ServiceError::NotFound)?;
    let (next, scheduled) = apply_action(status, scheduled, action, closes_at, now).map_err(ServiceError::invalid)?;
    let change = set_status(&mut tx, id, next, scheduled, base_url).await?;
    tx.commit().await?;
    Ok((next, change))
}

/// Opens and closes the cycles whose time has come, in every cooperative; safe to run on
/// several servers at once (each cycle is moved under its row lock, once).
pub async fn advance_cycles(
    pool: &PgPool,
    now: DateTime<Utc>,
    base_url: &str,
) -> ServiceResult<Vec<(i64, CycleStatus)>> {
    let mut tx = pool.begin().await?;
    type Due = (i64, String, bool, DateTime<Utc>, DateTime<Utc>);
    let due: Vec<Due> = sqlx::query_as(
        "SELECT id, status, scheduled, opens_at, closes_at FROM order_cycles
         WHERE (status = 'draft' AND scheduled AND opens_at <= $1) OR (status = 'open' AND closes_at <= $1)
         ORDER BY id FOR UPDATE SKIP LOCKED",
    )
    .bind(now)
    .fetch_all(&mut *tx)
    .await?;
    let mut moved = Vec::new();
    for (id, status, scheduled, opens_at, closes_at) in due {
        let Some(status) = CycleStatus::parse(&status) else {
            continue;
        };
        if let Some(next) = due_transition(status, scheduled, opens_at, closes_at, now) {
            set_status(&mut tx, id, next, scheduled, base_url).await?;
            moved.push((id, next));
        }
    }
    tx.commit().await?;
    Ok(moved)
}

/// Queues "the cycle is open" to every member who asked for it, in their language.
async fn notify_opening(conn: &mut PgConnection, cycle_id: i64, base_url: &str) -> ServiceResult<()> {
    let (coop_id, coop_name, tz, cycle_name, closes_at): (i64, String, String, String, DateTime<Utc>) = sqlx::query_as(
        "SELECT c.id, c.name, c.timezone, oc.name, oc.closes_at
             FROM order_cycles oc JOIN coops c ON c.id = oc.coop_id WHERE oc.id = $1",
    )
    .bind(cycle_id)
    .fetch_one(&mut *conn)
    .await?;
    let tz = crate::time::zone(&tz);
    for locale in Locale::ALL {
        let closes = crate::time::format_local(closes_at, tz, locale);
        let link = format!("{base_url}/boutique");
        let email = crate::mail::templates::cycle_open(locale, &coop_name, &cycle_name, &closes, &link);
        sqlx::query(
            "INSERT INTO outbox_emails (coop_id, to_address, subject, body_text)
             SELECT $1, u.email, $2, $3 FROM memberships m JOIN users u ON u.id = m.user_id
             WHERE m.coop_id = $1 AND m.notify_cycles AND u.email_verified_at IS NOT NULL AND u.locale = $4",
        )
        .bind(coop_id)
        .bind(&email.subject)
        .bind(&email.body)
        .bind(locale.code())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// "Prepare the following week": a draft copy of a cycle of the cooperative, its times moved
/// on by whole weeks in the cooperative's zone (see `next_cycle`). It offers the same variants
/// still active and listed, with the same caps and prices, nothing sold; and has the same slots
/// at places still active, with the same capacities, nothing booked. All or nothing.
pub async fn duplicate_cycle(
    pool: &PgPool,
    coop_id: i64,
    id: i64,
    now: DateTime<Utc>,
    locale: Locale,
) -> ServiceResult<i64> {
    let mut tx = pool.begin().await?;
    let source: Option<(String, DateTime<Utc>, DateTime<Utc>, String)> = sqlx::query_as(
        "SELECT c.name, c.opens_at, c.closes_at, co.timezone FROM order_cycles c JOIN coops co ON co.id = c.coop_id
         WHERE c.coop_id = $1 AND c.id = $2 FOR SHARE OF c",
    )
    .bind(coop_id)
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let (name, opens_at, closes_at, timezone) = source.ok_or(ServiceError::NotFound)?;
    let tz = crate::time::zone(&timezone);
    let next = super::next_cycle(&name, opens_at, closes_at, now, tz, locale).map_err(ServiceError::invalid)?;
    let copy: i64 = sqlx::query_scalar(
        "INSERT INTO order_cycles (coop_id, name, opens_at, closes_at, status, scheduled)
         VALUES ($1, $2, $3, $4, 'draft', false) RETURNING id",
    )
    .bind(coop_id)
    .bind(&next.name)
    .bind(next.opens_at)
    .bind(next.closes_at)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO cycle_offers (cycle_id, variant_id, coop_id, stock_cap, retail_price_cents, pro_price_cents)
         SELECT $3, o.variant_id, o.coop_id, o.stock_cap, o.retail_price_cents, o.pro_price_cents
         FROM cycle_offers o JOIN variants v ON v.id = o.variant_id JOIN products p ON p.id = v.product_id
         WHERE o.cycle_id = $2 AND o.coop_id = $1 AND p.coop_id = $1 AND p.listed AND v.active",
    )
    .bind(coop_id)
    .bind(id)
    .bind(copy)
    .execute(&mut *tx)
    .await?;
    type SlotCopy = (Option<i64>, Option<i64>, DateTime<Utc>, DateTime<Utc>, i32);
    let slots: Vec<SlotCopy> = sqlx::query_as(
        "SELECT s.pickup_point_id, s.zone_id, s.starts_at, s.ends_at, s.capacity
         FROM slots s LEFT JOIN pickup_points pp ON pp.id = s.pickup_point_id LEFT JOIN delivery_zones z ON z.id = s.zone_id
         WHERE s.cycle_id = $2 AND s.coop_id = $1 AND coalesce(pp.active, z.active)
         ORDER BY s.starts_at, s.id",
    )
    .bind(coop_id)
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    let windows: Vec<_> = slots
        .iter()
        .map(|s| super::shift_window(s.2, s.3, next.weeks, tz))
        .collect();
    sqlx::query(
        "INSERT INTO slots (coop_id, cycle_id, pickup_point_id, zone_id, starts_at, ends_at, capacity)
         SELECT $1, $2, s.point, s.zone, s.starts, s.ends, s.capacity
         FROM unnest($3::bigint[], $4::bigint[], $5::timestamptz[], $6::timestamptz[], $7::int[])
             WITH ORDINALITY AS s(point, zone, starts, ends, capacity, n)
         ORDER BY s.n",
    )
    .bind(coop_id)
    .bind(copy)
    .bind(slots.iter().map(|s| s.0).collect::<Vec<_>>())
    .bind(slots.iter().map(|s| s.1).collect::<Vec<_>>())
    .bind(windows.iter().map(|w| w.0).collect::<Vec<_>>())
    .bind(windows.iter().map(|w| w.1).collect::<Vec<_>>())
    .bind(slots.iter().map(|s| s.4).collect::<Vec<_>>())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(copy)
}

#[derive(sqlx::FromRow)]
struct SlotRow {
    id: i64,
    pickup_point_id: Option<i64>,
    zone_id: Option<i64>,
    place_name: String,
    address: String,
    instructions: String,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    capacity: i32,
    booked: i32,
    fee_cents: i64,
    minimum_cents: i64,
}

impl From<SlotRow> for SlotView {
    fn from(r: SlotRow) -> Self {
        SlotView {
            id: r.id,
            place: match (r.pickup_point_id, r.zone_id) {
                (Some(p), _) => Place::Pickup(p),
                (None, z) => Place::Delivery(z.unwrap_or_default()),
            },
            place_name: r.place_name,
            address: r.address,
            instructions: r.instructions,
            starts_at: r.starts_at,
            ends_at: r.ends_at,
            capacity: r.capacity,
            booked: r.booked,
            fee_cents: r.fee_cents,
            minimum_cents: r.minimum_cents,
        }
    }
}

const SLOT_SELECT: &str = "SELECT s.id, s.pickup_point_id, s.zone_id,
        coalesce(pp.name, z.name) AS place_name, coalesce(pp.address, '') AS address,
        coalesce(pp.instructions, '') AS instructions, s.starts_at, s.ends_at, s.capacity, s.booked,
        coalesce(z.fee_cents, 0) AS fee_cents, coalesce(z.minimum_cents, 0) AS minimum_cents
    FROM slots s LEFT JOIN pickup_points pp ON pp.id = s.pickup_point_id LEFT JOIN delivery_zones z ON z.id = s.zone_id";

pub async fn slots(conn: &mut PgConnection, cycle_id: i64) -> ServiceResult<Vec<SlotView>> {
    let rows: Vec<SlotRow> = sqlx::query_as(&format!(
        "{SLOT_SELECT} WHERE s.cycle_id = $1 ORDER BY s.starts_at, place_name, s.id"
    ))
    .bind(cycle_id)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// A slot of this cycle, or None when it belongs to another.
pub async fn cycle_slot(conn: &mut PgConnection, cycle_id: i64, slot_id: i64) -> ServiceResult<Option<SlotView>> {
    let row: Option<SlotRow> = sqlx::query_as(&format!("{SLOT_SELECT} WHERE s.id = $1 AND s.cycle_id = $2"))
        .bind(slot_id)
        .bind(cycle_id)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(Into::into))
}

pub async fn slot(conn: &mut PgConnection, slot_id: i64) -> ServiceResult<SlotView> {
    let row: Option<SlotRow> = sqlx::query_as(&format!("{SLOT_SELECT} WHERE s.id = $1"))
        .bind(slot_id)
        .fetch_optional(conn)
        .await?;
    row.map(Into::into).ok_or(ServiceError::NotFound)
}

#[derive(sqlx::FromRow)]
struct OfferRow {
    variant_id: i64,
    product_name: String,
    variant_name: String,
    quantity: i64,
    unit: String,
    producer_name: String,
    catalogue_retail_cents: i64,
    catalogue_pro_cents: i64,
    stock_cap: Option<i64>,
    retail_price_cents: Option<i64>,
    pro_price_cents: Option<i64>,
    sold: i64,
}

/// A variant's label from its stored columns (see `catalogue::variant_name`).
pub fn variant_label(name: &str, quantity: i64, unit: &str, locale: Locale) -> String {
    crate::catalogue::variant_name(name, quantity, Unit::parse(unit).unwrap_or(Unit::Piece), locale)
}

pub async fn cycle_detail(
    pool: &PgPool,
    coop_id: i64,
    timezone: &str,
    id: i64,
    locale: Locale,
) -> ServiceResult<CycleDetail> {
    let cycle = cycle(pool, coop_id, id).await?;
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
    let (pickup_points, zones) = places(pool, coop_id).await?;
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
                variant_label: variant_label(&o.variant_name, o.quantity, &o.unit, locale),
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

async fn editable_cycle(conn: &mut PgConnection, coop_id: i64, cycle_id: i64) -> ServiceResult<()> {
    let status: Option<String> =
        sqlx::query_scalar("SELECT status FROM order_cycles WHERE coop_id = $1 AND id = $2 FOR SHARE")
            .bind(coop_id)
            .bind(cycle_id)
            .fetch_optional(&mut *conn)
            .await?;
    match status.and_then(|s| CycleStatus::parse(&s)) {
        None => Err(ServiceError::NotFound),
        Some(s) if !s.is_editable() => Err(ServiceError::invalid(Msg::ErrCycleNotEditable)),
        Some(_) => Ok(()),
    }
}

/// Offers every active variant of a producer's listed products; returns how many were added.
pub async fn add_producer_offers(pool: &PgPool, coop_id: i64, cycle_id: i64, producer_id: i64) -> ServiceResult<u64> {
    let mut tx = pool.begin().await?;
    editable_cycle(&mut tx, coop_id, cycle_id).await?;
    let added = sqlx::query(
        "INSERT INTO cycle_offers (cycle_id, variant_id, coop_id)
         SELECT $1, v.id, $2 FROM variants v JOIN products p ON p.id = v.product_id
         WHERE p.coop_id = $2 AND p.producer_id = $3 AND p.listed AND v.active
         ON CONFLICT DO NOTHING",
    )
    .bind(cycle_id)
    .bind(coop_id)
    .bind(producer_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    Ok(added)
}

/// Active variants of listed products that a cycle does not offer (one producer's, if given),
/// by producer and product. One query.
pub async fn not_offered(
    pool: &PgPool,
    coop_id: i64,
    cycle_id: i64,
    producer_id: Option<i64>,
    locale: Locale,
) -> ServiceResult<Vec<MissingOffer>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        variant_id: i64,
        product_id: i64,
        product_name: String,
        variant_name: String,
        quantity: i64,
        unit: String,
        producer_name: String,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT v.id AS variant_id, p.id AS product_id, p.name AS product_name, v.name AS variant_name, v.quantity,
                p.unit, pr.farm_name AS producer_name
         FROM variants v JOIN products p ON p.id = v.product_id JOIN producers pr ON pr.id = p.producer_id
         JOIN order_cycles c ON c.id = $2 AND c.coop_id = $1
         WHERE p.coop_id = $1 AND p.listed AND v.active AND ($3::bigint IS NULL OR p.producer_id = $3)
           AND NOT EXISTS (SELECT 1 FROM cycle_offers o WHERE o.cycle_id = c.id AND o.variant_id = v.id)
         ORDER BY pr.farm_name, p.name, p.id, v.position, v.id",
    )
    .bind(coop_id)
    .bind(cycle_id)
    .bind(producer_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| MissingOffer {
            variant_id: r.variant_id,
            product_id: r.product_id,
            variant_label: variant_label(&r.variant_name, r.quantity, &r.unit, locale),
            product_name: r.product_name,
            producer_name: r.producer_name,
        })
        .collect())
}

/// Puts these variants on sale in a cycle not closed yet, at catalogue prices; only active
/// variants of the cooperative's listed products are taken. Returns how many were added.
pub async fn offer_variants(pool: &PgPool, coop_id: i64, cycle_id: i64, variant_ids: &[i64]) -> ServiceResult<u64> {
    let mut tx = pool.begin().await?;
    editable_cycle(&mut tx, coop_id, cycle_id).await?;
    let added = sqlx::query(
        "INSERT INTO cycle_offers (cycle_id, variant_id, coop_id)
         SELECT $1, v.id, $2 FROM variants v JOIN products p ON p.id = v.product_id
         WHERE p.coop_id = $2 AND p.listed AND v.active AND v.id = ANY($3)
         ON CONFLICT DO NOTHING",
    )
    .bind(cycle_id)
    .bind(coop_id)
    .bind(variant_ids)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    Ok(added)
}

/// Saves caps, price overrides and removals of a cycle's offers: all rows or none.
pub async fn save_offers(
    pool: &PgPool,
    coop_id: i64,
    cycle_id: i64,
    changes: &[OfferChange],
) -> ServiceResult<Result<(), Vec<RowError>>> {
    let mut tx = pool.begin().await?;
    editable_cycle(&mut tx, coop_id, cycle_id).await?;
    let ids: Vec<i64> = changes.iter().map(|c| c.variant_id).collect();
    let sold: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT variant_id, sold FROM cycle_offers WHERE cycle_id = $1 AND variant_id = ANY($2)
         ORDER BY variant_id FOR UPDATE",
    )
    .bind(cycle_id)
    .bind(&ids)
    .fetch_all(&mut *tx)
    .await?;
    let sold: std::collections::HashMap<i64, i64> = sold.into_iter().collect();
    let mut errors = Vec::new();
    for (i, c) in changes.iter().enumerate() {
        let row_error = |field: &str, msg| RowError {
            row: i + 1,
            field: field.to_owned(),
            msg,
        };
        match sold.get(&c.variant_id) {
            None => errors.push(row_error("variant_id", Msg::ErrNotFound)),
            Some(&n) if c.remove && n > 0 => errors.push(row_error("remove", Msg::ErrOfferHasOrders)),
            Some(&n) if c.stock_cap.is_some_and(|cap| cap < n) => errors.push(row_error("cap", Msg::ErrCapBelowSold)),
            Some(_) => {}
        }
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let (removed, kept): (Vec<&OfferChange>, Vec<&OfferChange>) = changes.iter().partition(|c| c.remove);
    sqlx::query("DELETE FROM cycle_offers WHERE cycle_id = $1 AND variant_id = ANY($2)")
        .bind(cycle_id)
        .bind(removed.iter().map(|c| c.variant_id).collect::<Vec<_>>())
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE cycle_offers o SET stock_cap = c.cap, retail_price_cents = c.retail, pro_price_cents = c.pro
         FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[]) AS c(variant_id, cap, retail, pro)
         WHERE o.cycle_id = $1 AND o.variant_id = c.variant_id",
    )
    .bind(cycle_id)
    .bind(kept.iter().map(|c| c.variant_id).collect::<Vec<_>>())
    .bind(kept.iter().map(|c| c.stock_cap).collect::<Vec<_>>())
    .bind(kept.iter().map(|c| c.retail_price_cents).collect::<Vec<_>>())
    .bind(kept.iter().map(|c| c.pro_price_cents).collect::<Vec<_>>())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

pub async fn add_slot(pool: &PgPool, coop_id: i64, cycle_id: i64, fields: &SlotFields) -> ServiceResult<i64> {
    let mut tx = pool.begin().await?;
    editable_cycle(&mut tx, coop_id, cycle_id).await?;
    let (point, zone) = match fields.place {
        Place::Pickup(id) => (Some(id), None),
        Place::Delivery(id) => (None, Some(id)),
    };
    let known: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM pickup_points WHERE coop_id = $1 AND id = $2 AND active)
             OR EXISTS (SELECT 1 FROM delivery_zones WHERE coop_id = $1 AND id = $3 AND active)",
    )
    .bind(coop_id)
    .bind(point)
    .bind(zone)
    .fetch_one(&mut *tx)
    .await?;
    if !known {
        return Err(ServiceError::field("place", Msg::ErrChoosePlace));
    }
    let id = sqlx::query_scalar(
        "INSERT INTO slots (coop_id, cycle_id, pickup_point_id, zone_id, starts_at, ends_at, capacity)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(coop_id)
    .bind(cycle_id)
    .bind(point)
    .bind(zone)
    .bind(fields.starts_at)
    .bind(fields.ends_at)
    .bind(fields.capacity)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Removes a slot nobody booked.
pub async fn delete_slot(pool: &PgPool, coop_id: i64, slot_id: i64) -> ServiceResult<()> {
    let mut tx = pool.begin().await?;
    let row: Option<(i64, i32)> =
        sqlx::query_as("SELECT cycle_id, booked FROM slots WHERE coop_id = $1 AND id = $2 FOR UPDATE")
            .bind(coop_id)
            .bind(slot_id)
            .fetch_optional(&mut *tx)
            .await?;
    let (cycle_id, booked) = row.ok_or(ServiceError::NotFound)?;
    editable_cycle(&mut tx, coop_id, cycle_id).await?;
    let used: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM orders WHERE slot_id = $1)")
        .bind(slot_id)
        .fetch_one(&mut *tx)
        .await?;
    if booked > 0 || used {
        return Err(ServiceError::invalid(Msg::ErrSlotHasOrders));
    }
    sqlx::query("DELETE FROM slots WHERE id = $1")
        .bind(slot_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct PointRow {
    id: i64,
    name: String,
    kind: String,
    address: String,
    instructions: String,
    latitude: f64,
    longitude: f64,
    active: bool,
}

pub(crate) const ZONE_COLUMNS: &str = "id, name, postcodes, fee_cents, minimum_cents, active, latitude, longitude";

#[derive(sqlx::FromRow)]
pub(crate) struct ZoneRow {
    id: i64,
    name: String,
    postcodes: Vec<String>,
    fee_cents: i64,
    minimum_cents: i64,
    active: bool,
    latitude: Option<f64>,
    longitude: Option<f64>,
}

impl ZoneRow {
    pub(crate) fn zone(self) -> DeliveryZone {
        DeliveryZone {
            id: self.id,
            name: self.name,
            postcodes: self.postcodes,
            fee_cents: self.fee_cents,
            minimum_cents: self.minimum_cents,
            active: self.active,
            centre: self
                .latitude
                .zip(self.longitude)
                .map(|(lat, lon)| crate::geo::Point { lat, lon }),
        }
    }
}

/// The cooperative's pickup points and delivery zones, active ones first.
pub async fn places(pool: &PgPool, coop_id: i64) -> ServiceResult<(Vec<PickupPoint>, Vec<DeliveryZone>)> {
    let points: Vec<PointRow> = sqlx::query_as(
        "SELECT id, name, kind, address, instructions, latitude, longitude, active FROM pickup_points
         WHERE coop_id = $1 ORDER BY NOT active, name, id",
    )
    .bind(coop_id)
    .fetch_all(pool)
    .await?;
    let zones: Vec<ZoneRow> = sqlx::query_as(&format!(
        "SELECT {ZONE_COLUMNS} FROM delivery_zones WHERE coop_id = $1 ORDER BY NOT active, name, id"
    ))
    .bind(coop_id)
    .fetch_all(pool)
    .await?;
    Ok((
        points
            .into_iter()
            .map(|p| PickupPoint {
                id: p.id,
                name: p.name,
                kind: p.kind,
                address: p.address,
                instructions: p.instructions,
                latitude: p.latitude,
                longitude: p.longitude,
                active: p.active,
            })
            .collect(),
        zones.into_iter().map(ZoneRow::zone).collect(),
    ))
}

pub async fn save_pickup_point(
    pool: &PgPool,
    coop_id: i64,
    id: Option<i64>,
    p: &PickupPointFields,
) -> ServiceResult<i64> {
    let saved: Option<i64> = match id {
        Some(id) => sqlx::query_scalar(
            "UPDATE pickup_points SET name = $3, kind = $4, address = $5, instructions = $6, latitude = $7,
                 longitude = $8 WHERE coop_id = $1 AND id = $2 RETURNING id",
        )
        .bind(coop_id)
        .bind(id),
        None => sqlx::query_scalar(
            "INSERT INTO pickup_points (coop_id, name, kind, address, instructions, latitude, longitude)
             VALUES ($1, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(coop_id)
        .bind(None::<i64>),
    }
    .bind(&p.name)
    .bind(&p.kind)
    .bind(&p.address)
    .bind(&p.instructions)
    .bind(p.latitude)
    .bind(p.longitude)
    .fetch_optional(pool)
    .await?;
    saved.ok_or(ServiceError::NotFound)
}

/// How long staff wait for the geocoder when saving a pickup point.
const GEOCODE_WAIT: std::time::Duration = std::time::Duration::from_secs(6);

/// Saves a pickup point; one typed without coordinates is first placed from its address by the
/// geocoder, before any database connection is taken (and for at most a few seconds). Typed
/// coordinates win. Rounds need every point placed, so one the geocoder cannot place, or with no
/// geocoder configured, is refused with a message asking for its coordinates. Returns the
/// point's id and where the geocoder placed it, if it did.
pub async fn save_pickup_point_at_address(
    pool: &PgPool,
    coop_id: i64,
    id: Option<i64>,
    draft: super::PickupPointDraft,
    geocoder: Option<&crate::geo::geocode::Geocoder>,
) -> ServiceResult<(i64, Option<crate::geo::Point>)> {
    let (position, located) = match draft.position {
        Some(typed) => (typed, None),
        None => {
            let geocoder = geocoder.ok_or(ServiceError::field("latitude", Msg::ErrPointNeedsCoordinates))?;
            let found = match tokio::time::timeout(GEOCODE_WAIT, geocoder.locate_address(&draft.address)).await {
                Ok(Ok(found)) => found,
                Ok(Err(e)) => {
                    tracing::warn!(error = %e, "geocoding a pickup point");
                    None
                }
                Err(_) => {
                    tracing::warn!("geocoding a pickup point: no answer in time");
                    None
                }
            };
            let found = found.ok_or(ServiceError::field("address", Msg::ErrPointNotLocated))?;
            (found, Some(found))
        }
    };
    let id = save_pickup_point(pool, coop_id, id, &draft.at(position)).await?;
    Ok((id, located))
}

pub async fn save_zone(pool: &PgPool, coop_id: i64, id: Option<i64>, z: &ZoneFields) -> ServiceResult<i64> {
    let query = match id {
        Some(_) => {
            "UPDATE delivery_zones SET name = $3, postcodes = $4, fee_cents = $5, minimum_cents = $6, latitude = $7,
                 longitude = $8 WHERE coop_id = $1 AND id = $2 RETURNING id"
        }
        None => {
            "INSERT INTO delivery_zones (coop_id, name, postcodes, fee_cents, minimum_cents, latitude, longitude)
             SELECT $1, $3, $4, $5, $6, $7, $8 WHERE $2::bigint IS NULL RETURNING id"
        }
    };
    let saved: Option<i64> = sqlx::query_scalar(query)
        .bind(coop_id)
        .bind(id)
        .bind(&z.name)
        .bind(&z.postcodes)
        .bind(z.fee_cents)
        .bind(z.minimum_cents)
        .bind(z.centre.map(|c| c.lat))
        .bind(z.centre.map(|c| c.lon))
        .fetch_optional(pool)
        .await?;
    saved.ok_or(ServiceError::NotFound)
}

/// Withdraws a place from new slots, or brings it back; existing slots keep it.
pub async fn set_place_active(pool: &PgPool, coop_id: i64, place: Place, active: bool) -> ServiceResult<()> {
    let (table, id) = match place {
        Place::Pickup(id) => ("pickup_points", id),
        Place::Delivery(id) => ("delivery_zones", id),
    };
    crate::error::found(
        sqlx::query(&format!(
            "UPDATE {table} SET active = $3 WHERE coop_id = $1 AND id = $2"
        ))
        .bind(coop_id)
        .bind(id)
        .bind(active)
        .execute(pool)
        .await?
        .rows_affected(),
    )
}

pub async fn set_notify_cycles(pool: &PgPool, coop_id: i64, user_id: i64, notify: bool) -> ServiceResult<()> {
    sqlx::query("UPDATE memberships SET notify_cycles = $3 WHERE coop_id = $1 AND user_id = $2")
        .bind(coop_id)
        .bind(user_id)
        .bind(notify)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn notify_cycles(pool: &PgPool, coop_id: i64, user_id: i64) -> ServiceResult<bool> {
    Ok(
        sqlx::query_scalar("SELECT notify_cycles FROM memberships WHERE coop_id = $1 AND user_id = $2")
            .bind(coop_id)
            .bind(user_id)
            .fetch_optional(pool)
            .await?
            .unwrap_or(false),
    )
}
