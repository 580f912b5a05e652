//! Last-minute lots in Postgres: put on sale by hub staff (the sale opened with the first lot
//! of a cycle, audited), then settled once their sale has ended: what was not sold is given
//! to the lot's association, or counted as lost.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::{NewDonation, check_giving, insert_donation};
use crate::accounts::store::CurrentUser;
use crate::audit::{self, Entry};
use crate::ctx::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::i18n::Msg;
use crate::rescue::lots::{DESK_LOTS, LotView, OpenSale, Window, lot_price, parse_discount, parse_window};

/// A lot as staff put it on sale. The window and pickup point are read only when the cycle
/// has no sale on yet; `unsold_to` none: what is not sold is lost.
pub struct LotForm<'a> {
    pub cycle_id: i64,
    pub variant_id: i64,
    pub quantity: &'a str,
    pub discount: &'a str,
    pub sale_until: &'a str,
    pub pickup_until: &'a str,
    pub pickup_point: Option<i64>,
    pub unsold_to: Option<i64>,
    /// Baskets nobody collected, whose producer the source cycle already paid: the sale pays
    /// no producer for them.
    pub already_paid: bool,
}

/// Puts a lot of what a closed or delivered cycle offered on sale, in that cycle's last-minute
/// sale (opened now if none is on). Returns the sale's id.
pub async fn put_on_sale(ctx: &Ctx, staff: &CurrentUser, f: &LotForm<'_>) -> ServiceResult<i64> {
    let coop_id = ctx.coop_id();
    let quantity = crate::rescue::parse_quantity(f.quantity).map_err(|m| ServiceError::field("quantity", m))?;
    let discount = parse_discount(f.discount).map_err(|m| ServiceError::field("discount", m))?;
    let source = crate::cycles::store::cycle(ctx, f.cycle_id).await?;
    check_giving(&source)?;
    let mut tx = ctx.pool.begin().await?;
    // The source's row lock: two staff putting lots up at once share one sale.
    let sale = crate::cycles::store::lock_sale_of(&mut tx, coop_id, f.cycle_id, ctx.now).await?;
    let facts = crate::cycles::store::offered_variant(&mut tx, coop_id, f.cycle_id, f.variant_id)
        .await?
        .ok_or(ServiceError::field("variant_id", Msg::ErrRescueVariant))?;
    let unsold_to = match f.unsold_to {
        Some(id) => Some(
            crate::solidarity::store::partner_of(&mut tx, coop_id, id)
                .await?
                .ok_or(ServiceError::field("unsold_to", Msg::ErrRescueAssociation))?,
        ),
        None => None,
    };
    let sale = match sale {
        Some((id, _, _)) => id,
        None => {
            let window = parse_window(f.sale_until, f.pickup_until, ctx.now, ctx.coop().timezone.tz())
                .map_err(|(field, m)| ServiceError::field(field, m))?;
            let point = f
                .pickup_point
                .ok_or(ServiceError::field("pickup_point", Msg::ErrLotPickupPoint))?;
            let name: String = Msg::LotSaleName
                .fill(staff.locale, &[("cycle", &source.name)])
                .chars()
                .take(120)
                .collect();
            crate::cycles::store::open_sale(
                &mut tx,
                ctx,
                f.cycle_id,
                &name,
                (window.sale_until, window.pickup_until),
                point,
            )
            .await?
            .ok_or(ServiceError::field("pickup_point", Msg::ErrLotPickupPoint))?
        }
    };
    let price = lot_price(facts.price_cents, discount);
    if !crate::cycles::store::offer_in_sale(&mut tx, coop_id, sale, f.variant_id, quantity, price, f.already_paid)
        .await?
    {
        return Err(ServiceError::field("variant_id", Msg::ErrLotTwice));
    }
    let id = sqlx::query_scalar!(
        "INSERT INTO rescue_lots (coop_id, sale_cycle_id, source_cycle_id, variant_id, producer_id, description, quantity,
                                  discount_pct, unit_grams, unit_price_cents, unsold_to, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
        coop_id,
        sale,
        f.cycle_id,
        f.variant_id,
        facts.producer_id,
        facts.description,
        quantity,
        discount,
        facts.weight_grams,
        price,
        f.unsold_to,
        staff.id,
        ctx.now as _,
    )
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        ctx,
        Entry {
            actor: Some(staff.id),
            action: "rescue_lot",
            subject: format!("lot {id}"),
            before: None,
            after: Some(json!({
                "cycle": f.cycle_id, "sale": sale, "variant": f.variant_id, "quantity": quantity,
                "discount_pct": discount, "unit_price_cents": price, "unsold_to": unsold_to,
                "already_paid": f.already_paid,
            })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(sale)
}

struct Unsettled {
    id: i64,
    source_cycle_id: i64,
    variant_id: i64,
    producer_id: i64,
    description: String,
    quantity: i64,
    unit_grams: i64,
    /// What the sale sold of it, unpaid orders released.
    sold: i64,
    unsold_to: Option<i64>,
    association: Option<String>,
    recorded_by: Option<i64>,
}

/// Settles the lots whose sale has ended: how many were sold is fixed, and the rest goes to the
/// lot's association (a donation at the cycle's price, the association told) or is lost.
/// Run by the clock; each lot is settled once, under its row lock. Returns how many.
pub async fn settle_lots(ctx: &Ctx) -> ServiceResult<usize> {
    let coop_id = ctx.coop_id();
    let mut tx = ctx.pool.begin().await?;
    let due = sqlx::query_as!(
        Unsettled,
        r#"SELECT l.id, l.source_cycle_id, l.variant_id, l.producer_id, l.description, l.quantity, l.unit_grams,
                  coalesce(o.sold, 0) AS "sold!", l.unsold_to, sp.name AS "association?", l.recorded_by
           FROM rescue_lots l JOIN order_cycles c ON c.id = l.sale_cycle_id
           LEFT JOIN cycle_offers o ON o.cycle_id = l.sale_cycle_id AND o.variant_id = l.variant_id
           LEFT JOIN solidarity_partners sp ON sp.coop_id = l.coop_id AND sp.user_id = l.unsold_to
           WHERE l.coop_id = $1 AND l.settled_at IS NULL AND c.status IN ('closed', 'delivered', 'archived')
           ORDER BY l.id FOR UPDATE OF l SKIP LOCKED"#,
        coop_id,
    )
    .fetch_all(&mut *tx)
    .await?;
    for lot in &due {
        let sold = lot.sold.clamp(0, lot.quantity);
        let unsold = lot.quantity - sold;
        let donation = match (lot.unsold_to, &lot.association) {
            (Some(user), Some(name)) if unsold > 0 => {
                // Given at the cycle's price, as any donation of its goods.
                let price =
                    crate::cycles::store::offered_variant(&mut tx, coop_id, lot.source_cycle_id, lot.variant_id)
                        .await?
                        .map_or(0, |f| f.price_cents);
                let given = NewDonation {
                    cycle_id: lot.source_cycle_id,
                    variant_id: lot.variant_id,
                    producer_id: lot.producer_id,
                    description: &lot.description,
                    quantity: unsold,
                    grams: lot.unit_grams * unsold,
                    value_cents: price * unsold,
                    association: (user, name),
                    recorded_by: lot.recorded_by,
                };
                Some(insert_donation(&mut tx, ctx, &given).await?)
            }
            _ => None,
        };
        sqlx::query!(
            "UPDATE rescue_lots SET settled_at = $2, sold = $3, donation_id = $4 WHERE id = $1",
            lot.id,
            ctx.now as _,
            sold,
            donation,
        )
        .execute(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            ctx,
            Entry {
                actor: None,
                action: "rescue_lot_settled",
                subject: format!("lot {}", lot.id),
                before: None,
                after: Some(json!({ "sold": sold, "unsold": unsold, "donation": donation })),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(due.len())
}

/// The latest lots, newest first, with what each sold so far.
pub(super) async fn latest_lots(conn: &mut sqlx::PgConnection, coop_id: i64) -> ServiceResult<Vec<LotView>> {
    Ok(sqlx::query_as!(
        LotView,
        r#"SELECT l.id, l.sale_cycle_id, l.description, pr.farm_name AS producer_name, l.quantity,
                  coalesce(l.sold, o.sold, 0) AS "sold!", l.discount_pct, l.unit_price_cents, l.unit_grams,
                  c.closes_at AS "sale_until: DateTime<Utc>", (l.settled_at IS NOT NULL) AS "settled!",
                  sp.name AS "unsold_to?", coalesce(o.already_paid, false) AS "already_paid!"
           FROM rescue_lots l JOIN order_cycles c ON c.id = l.sale_cycle_id JOIN producers pr ON pr.id = l.producer_id
           LEFT JOIN cycle_offers o ON o.cycle_id = l.sale_cycle_id AND o.variant_id = l.variant_id
           LEFT JOIN solidarity_partners sp ON sp.coop_id = l.coop_id AND sp.user_id = l.unsold_to
           WHERE l.coop_id = $1 ORDER BY l.id DESC LIMIT $2"#,
        coop_id,
        DESK_LOTS,
    )
    .fetch_all(conn)
    .await?)
}

/// The sales on now, by the cycle their goods come from.
pub(super) async fn sales_on(
    conn: &mut sqlx::PgConnection,
    coop_id: i64,
    now: DateTime<Utc>,
) -> ServiceResult<Vec<OpenSale>> {
    Ok(crate::cycles::store::open_sales(conn, coop_id, now)
        .await?
        .into_iter()
        .map(|(id, source_cycle_id, sale_until, pickup_until)| OpenSale {
            id,
            source_cycle_id,
            window: Window {
                sale_until,
                pickup_until,
            },
        })
        .collect())
}
