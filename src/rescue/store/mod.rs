//! Donations in Postgres: `rescue::store` is the only writer of `rescue_donations` (and, in
//! `lots`, of `rescue_lots`). A donation is recorded by hub staff (audited, the association
//! told through the outbox, in one transaction) and confirmed once by its association.

mod lots;
pub use lots::*;

use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::PgConnection;

use super::{DonationView, PER_PAGE, RescueDesk, Rescued};
use crate::accounts::store::CurrentUser;
use crate::audit::{self, Entry};
use crate::coop::{Page, page_offset};
use crate::ctx::Ctx;
use crate::cycles::CycleStatus;
use crate::error::{ServiceError, ServiceResult};
use crate::i18n::{Locale, Msg};

/// How many recent cycles the desk offers to give from.
const DESK_CYCLES: i64 = 6;

/// A donation as staff record it.
pub struct Donation<'a> {
    pub cycle_id: i64,
    pub variant_id: i64,
    pub quantity: &'a str,
    pub association_user_id: i64,
}

struct Row {
    id: i64,
    cycle_name: String,
    description: String,
    producer_name: String,
    association_name: String,
    quantity: i64,
    grams: i64,
    value_cents: i64,
    recorded_at: DateTime<Utc>,
    received_at: Option<DateTime<Utc>>,
    total: i64,
}

impl From<Row> for DonationView {
    fn from(r: Row) -> DonationView {
        DonationView {
            id: r.id,
            cycle_name: r.cycle_name,
            description: r.description,
            producer_name: r.producer_name,
            association: r.association_name,
            quantity: r.quantity,
            grams: r.grams,
            value_cents: r.value_cents,
            recorded_at: r.recorded_at,
            received_at: r.received_at,
        }
    }
}

macro_rules! select_donations {
    ($rest:literal $(, $arg:expr)* $(,)?) => {
        sqlx::query_as!(
            Row,
            r#"SELECT d.id, c.name AS cycle_name, d.description, pr.farm_name AS producer_name, d.association_name,
                      d.quantity, d.grams, d.value_cents, d.recorded_at AS "recorded_at: DateTime<Utc>",
                      d.received_at AS "received_at: DateTime<Utc>", count(*) OVER () AS "total!"
               FROM rescue_donations d JOIN order_cycles c ON c.id = d.cycle_id JOIN producers pr ON pr.id = d.producer_id "#
                + $rest,
            $($arg),*
        )
    };
}

fn page_of(rows: Vec<Row>, page: u32) -> Page<DonationView> {
    let total = rows.first().map_or(0, |r| r.total as u64);
    Page {
        items: rows.into_iter().map(DonationView::from).collect(),
        page,
        per_page: PER_PAGE,
        total,
    }
}

/// The hub's anti-waste desk.
pub async fn desk(ctx: &Ctx, page: u32) -> ServiceResult<RescueDesk> {
    let coop_id = ctx.coop_id();
    let page = crate::coop::clamp_page(page);
    let mut conn = ctx.pool.acquire().await?;
    let ended = crate::cycles::store::ended_cycles(&mut conn, coop_id, DESK_CYCLES).await?;
    let ids: Vec<i64> = ended.iter().map(|(id, _)| *id).collect();
    let offers = crate::cycles::store::offer_labels(&mut conn, coop_id, &ids).await?;
    let cycles = ended
        .into_iter()
        .map(|(id, name)| {
            let variants = offers
                .iter()
                .filter(|(c, _, _)| *c == id)
                .map(|(_, v, label)| (*v, label.clone()))
                .collect();
            super::GivingCycle { id, name, variants }
        })
        .collect();
    let lots = latest_lots(&mut conn, coop_id).await?;
    let open_sales = sales_on(&mut conn, coop_id, ctx.now).await?;
    drop(conn);
    let pickup_points = crate::cycles::store::places(ctx)
        .await?
        .0
        .into_iter()
        .filter(|p| p.active)
        .map(|p| (p.id, p.name))
        .collect();
    let associations = crate::solidarity::store::partners(ctx)
        .await?
        .into_iter()
        .map(|p| (p.user_id, p.name))
        .collect();
    let rows = select_donations!(
        "WHERE d.coop_id = $1 ORDER BY d.id DESC LIMIT $2 OFFSET $3",
        coop_id,
        i64::from(PER_PAGE),
        page_offset(page, PER_PAGE),
    )
    .fetch_all(&ctx.pool)
    .await?;
    let by_producer = sqlx::query_as!(
        Rescued,
        r#"SELECT pr.farm_name AS name, count(*) AS "donations!", sum(d.grams)::bigint AS "grams!",
                  sum(d.value_cents)::bigint AS "value_cents!"
           FROM (SELECT producer_id, grams, value_cents FROM rescue_donations WHERE coop_id = $1
                 UNION ALL
                 SELECT producer_id, sold * unit_grams, sold * unit_price_cents FROM rescue_lots
                 WHERE coop_id = $1 AND sold > 0) d
           JOIN producers pr ON pr.id = d.producer_id
           GROUP BY pr.id, pr.farm_name ORDER BY 3 DESC, 1"#,
        coop_id
    )
    .fetch_all(&ctx.pool)
    .await?;
    let by_association = sqlx::query_as!(
        Rescued,
        r#"SELECT d.association_name AS name, count(*) AS "donations!", sum(d.grams)::bigint AS "grams!",
                  sum(d.value_cents)::bigint AS "value_cents!"
           FROM rescue_donations d WHERE d.coop_id = $1
           GROUP BY d.association_user_id, d.association_name ORDER BY 3 DESC, 1"#,
        coop_id
    )
    .fetch_all(&ctx.pool)
    .await?;
    Ok(RescueDesk {
        cycles,
        associations,
        donations: page_of(rows, page),
        by_producer,
        by_association,
        lots,
        open_sales,
        pickup_points,
        window: crate::rescue::lots::default_window(ctx.now, ctx.coop().timezone.tz()),
    })
}

/// Records a donation of what a closed or delivered cycle offered to a partner association:
/// its weight and value fixed now, audited, the association told by email.
pub async fn donate(ctx: &Ctx, staff: &CurrentUser, d: &Donation<'_>) -> ServiceResult<i64> {
    let coop_id = ctx.coop_id();
    let quantity = super::parse_quantity(d.quantity).map_err(|m| ServiceError::field("quantity", m))?;
    let cycle = crate::cycles::store::cycle(ctx, d.cycle_id).await?;
    check_giving(&cycle)?;
    let mut tx = ctx.pool.begin().await?;
    let facts = crate::cycles::store::offered_variant(&mut tx, coop_id, d.cycle_id, d.variant_id)
        .await?
        .ok_or(ServiceError::field("variant_id", Msg::ErrRescueVariant))?;
    let association = crate::solidarity::store::partner_of(&mut tx, coop_id, d.association_user_id)
        .await?
        .ok_or(ServiceError::field("association", Msg::ErrRescueAssociation))?;
    let grams = facts.weight_grams * quantity;
    let value_cents = facts.price_cents * quantity;
    let given = NewDonation {
        cycle_id: d.cycle_id,
        variant_id: d.variant_id,
        producer_id: facts.producer_id,
        description: &facts.description,
        quantity,
        grams,
        value_cents,
        association: (d.association_user_id, &association),
        recorded_by: Some(staff.id),
    };
    let id = insert_donation(&mut tx, ctx, &given).await?;
    audit::record(
        &mut tx,
        ctx,
        Entry {
            actor: Some(staff.id),
            action: "rescue_donation",
            subject: format!("donation {id}"),
            before: None,
            after: Some(json!({
                "cycle": d.cycle_id, "variant": d.variant_id, "quantity": quantity, "grams": grams,
                "value_cents": value_cents, "association": association,
            })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Only a closed or delivered cycle's goods are given or sold off, and not a last-minute sale's:
/// what it did not sell is given when it ends.
pub(super) fn check_giving(cycle: &crate::cycles::CycleSummary) -> ServiceResult<()> {
    if cycle.last_minute || !matches!(cycle.status, CycleStatus::Closed | CycleStatus::Delivered) {
        return Err(ServiceError::invalid(Msg::ErrRescueCycle));
    }
    Ok(())
}

/// A donation about to be written, its weight and value fixed.
pub(super) struct NewDonation<'a> {
    pub cycle_id: i64,
    pub variant_id: i64,
    pub producer_id: i64,
    pub description: &'a str,
    pub quantity: i64,
    pub grams: i64,
    pub value_cents: i64,
    /// The association's account and name.
    pub association: (i64, &'a str),
    pub recorded_by: Option<i64>,
}

/// Writes a donation and tells its association through the outbox, in the caller's transaction.
pub(super) async fn insert_donation(conn: &mut PgConnection, ctx: &Ctx, d: &NewDonation<'_>) -> ServiceResult<i64> {
    let id = sqlx::query_scalar!(
        "INSERT INTO rescue_donations (coop_id, cycle_id, variant_id, producer_id, description, quantity, grams, value_cents,
                                       association_user_id, association_name, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        ctx.coop_id(),
        d.cycle_id,
        d.variant_id,
        d.producer_id,
        d.description,
        d.quantity,
        d.grams,
        d.value_cents,
        d.association.0,
        d.association.1,
        d.recorded_by,
        ctx.now as _,
    )
    .fetch_one(&mut *conn)
    .await?;
    tell_association(conn, ctx, d.association.0, d.description, d.quantity).await?;
    Ok(id)
}

async fn tell_association(
    conn: &mut PgConnection,
    ctx: &Ctx,
    user_id: i64,
    description: &str,
    quantity: i64,
) -> ServiceResult<()> {
    let r = sqlx::query!(
        r#"SELECT email, locale AS "locale: Locale" FROM users WHERE id = $1"#,
        user_id
    )
    .fetch_one(&mut *conn)
    .await?;
    let what = format!("{quantity} × {description}");
    let email = crate::mail::templates::donation_waiting(
        r.locale,
        &ctx.coop().name,
        &what,
        &ctx.link(crate::paths::ASSOCIATION_DONATIONS),
    );
    crate::mail::enqueue(conn, Some(ctx.coop_id()), &r.email, &email).await?;
    Ok(())
}

/// The donations made to the association the user acts for, newest first; 403 for others.
pub async fn association_donations(
    ctx: &Ctx,
    user: &CurrentUser,
    page: u32,
) -> ServiceResult<(String, Page<DonationView>)> {
    let page = crate::coop::clamp_page(page);
    let mut conn = ctx.pool.acquire().await?;
    let name = crate::solidarity::store::partner_of(&mut conn, ctx.coop_id(), user.id)
        .await?
        .ok_or(ServiceError::Forbidden)?;
    let rows = select_donations!(
        "WHERE d.coop_id = $1 AND d.association_user_id = $2 ORDER BY d.id DESC LIMIT $3 OFFSET $4",
        ctx.coop_id(),
        user.id,
        i64::from(PER_PAGE),
        page_offset(page, PER_PAGE),
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok((name, page_of(rows, page)))
}

/// The association confirms it received a donation: once (a second confirmation changes
/// nothing); another's donation does not exist for it.
pub async fn confirm_receipt(ctx: &Ctx, user: &CurrentUser, id: i64) -> ServiceResult<()> {
    let received = sqlx::query_scalar!(
        r#"UPDATE rescue_donations SET received_at = coalesce(received_at, $4)
           WHERE coop_id = $1 AND id = $2 AND association_user_id = $3 RETURNING id"#,
        ctx.coop_id(),
        id,
        user.id,
        ctx.now as _,
    )
    .fetch_optional(&ctx.pool)
    .await?;
    received.map(|_| ()).ok_or(ServiceError::NotFound)
}

/// What a cycle's received donations and sold lots weigh and are worth: the food it rescued
/// (lots at what they sold for).
pub async fn cycle_rescued(conn: &mut PgConnection, coop_id: i64, cycle_id: i64) -> ServiceResult<(i64, i64)> {
    let r = sqlx::query!(
        r#"SELECT coalesce(sum(grams), 0)::bigint AS "grams!", coalesce(sum(cents), 0)::bigint AS "cents!"
           FROM (SELECT grams, value_cents AS cents FROM rescue_donations
                 WHERE coop_id = $1 AND cycle_id = $2 AND received_at IS NOT NULL
                 UNION ALL
                 SELECT sold * unit_grams, sold * unit_price_cents FROM rescue_lots
                 WHERE coop_id = $1 AND source_cycle_id = $2 AND settled_at IS NOT NULL) x"#,
        coop_id,
        cycle_id
    )
    .fetch_one(conn)
    .await?;
    Ok((r.grams, r.cents))
}

/// How many donations of each cycle were received and lots settled: counts only grow (a
/// receipt and a settlement are final).
pub async fn receipts(conn: &mut PgConnection, coop_id: i64) -> ServiceResult<Vec<(i64, i64)>> {
    Ok(sqlx::query!(
        r#"SELECT cycle_id AS "cycle_id!", count(*) AS "received!"
           FROM (SELECT cycle_id FROM rescue_donations WHERE coop_id = $1 AND received_at IS NOT NULL
                 UNION ALL
                 SELECT source_cycle_id FROM rescue_lots WHERE coop_id = $1 AND settled_at IS NOT NULL) x
           GROUP BY cycle_id"#,
        coop_id,
    )
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|r| (r.cycle_id, r.received))
    .collect())
}
