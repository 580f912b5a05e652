//! The pickup desk: finding orders, handing baskets over and recording payments received.

use std::collections::HashMap;

use sqlx::PgConnection;

use super::queries::{OrderFilter, list_orders};
use super::rows::lock_order;
use crate::accounts::store::CurrentUser;
use crate::coop::Page;
use crate::ctx::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::i18n::Msg;
use crate::ids::{OrderId, UserId};
use crate::orders::{DeskOrder, OrderStatus};

/// What is in an order's basket: a line's name and the units it will hand over.
struct BasketLine {
    order_id: i64,
    label: String,
    quantity: i64,
}

/// Pickup desk: the orders of a cycle collected at a pickup point (a shopkeeper: their own
/// shop's), found by number, name or email, each with what is in its basket and what is left
/// to pay. Home deliveries are handed over from the drivers' manifests, not here.
pub async fn desk_orders(
    ctx: &Ctx,
    staff: &CurrentUser,
    cycle_id: Option<i64>,
    search: &str,
    page: u32,
) -> ServiceResult<Page<DeskOrder>> {
    let pool = &ctx.pool;
    let filter = OrderFilter {
        buyer: None,
        cycle_id,
        search,
        shopkeeper: desk_scope(staff),
        desk: true,
    };
    let orders = list_orders(ctx, &filter, page).await?;
    let ids: Vec<i64> = orders.items.iter().map(|o| o.id).collect();
    let lines: Vec<BasketLine> = sqlx::query_as!(
        BasketLine,
        r#"SELECT order_id, product_name || ' — ' || variant_label AS "label!", quantity - missing AS "quantity!"
         FROM order_lines
         WHERE order_id = ANY($1) AND quantity > missing ORDER BY order_id, product_name, variant_label"#,
        &ids,
    )
    .fetch_all(pool)
    .await?;
    let pending: HashMap<i64, i64> = sqlx::query!(
        r#"SELECT order_id AS "order_id!", sum(amount_cents)::bigint AS "pending!" FROM refunds
         WHERE order_id = ANY($1) AND done_at IS NULL GROUP BY order_id"#,
        &ids,
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| (r.order_id, r.pending))
    .collect();
    let mut by_order: HashMap<i64, Vec<(String, i64)>> = HashMap::new();
    for line in lines {
        by_order
            .entry(line.order_id)
            .or_default()
            .push((line.label, line.quantity));
    }
    Ok(Page {
        items: orders
            .items
            .into_iter()
            .map(|o| DeskOrder {
                due_cents: amount_due(o.total_cents, o.paid_cents, pending.get(&o.id).copied().unwrap_or(0)),
                lines: by_order.remove(&o.id).unwrap_or_default(),
                order: o,
            })
            .collect(),
        page: orders.page,
        per_page: orders.per_page,
        total: orders.total,
    })
}

/// Which order a basket label's QR code opens, for staff allowed at that order's pickup desk
/// (a shopkeeper: only their own shop's orders). Returns the order's cycle.
pub async fn desk_order_cycle(ctx: &Ctx, staff: &CurrentUser, order_id: i64) -> ServiceResult<i64> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    let order = sqlx::query!(
        "SELECT cycle_id, slot_id FROM orders WHERE coop_id = $1 AND id = $2",
        coop_id,
        order_id
    )
    .fetch_optional(pool)
    .await?
    .ok_or(ServiceError::NotFound)?;
    let (cycle_id, slot_id) = (order.cycle_id, order.slot_id);
    if let Some(shopkeeper) = desk_scope(staff) {
        let mut conn = pool.acquire().await?;
        if !at_shop(&mut conn, slot_id, shopkeeper).await? {
            return Err(ServiceError::Forbidden);
        }
    }
    Ok(cycle_id)
}

async fn at_shop(conn: &mut PgConnection, slot_id: i64, shopkeeper: i64) -> ServiceResult<bool> {
    Ok(sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM slots s JOIN pickup_points pp ON pp.id = s.pickup_point_id
             JOIN shops sh ON sh.id = pp.shop_id WHERE s.id = $1 AND sh.user_id = $2) AS "at_shop!""#,
        slot_id,
        shopkeeper,
    )
    .fetch_one(conn)
    .await?)
}

/// Hub staff and the board see every pickup point; a shopkeeper only their shop's.
fn desk_scope(staff: &CurrentUser) -> Option<i64> {
    use crate::accounts::Role;
    let all = staff.roles.contains(&Role::HubStaff) || staff.roles.contains(&Role::Board);
    (!all).then_some(staff.id)
}

/// Staff hand a basket over and/or record a payment received: the basket is marked collected
/// when `hand_over`, and `paid` records what was left to pay as received. Shopkeepers may do
/// it only at their own shop's pickup point.
pub async fn record_collection(
    ctx: &Ctx,
    staff: &CurrentUser,
    order_id: i64,
    hand_over: bool,
    paid: bool,
) -> ServiceResult<()> {
    let mut tx = ctx.pool.begin().await?;
    let order = lock_order(&mut tx, ctx.coop_id(), order_id, None).await?;
    if let Some(shopkeeper) = desk_scope(staff)
        && !at_shop(&mut tx, order.slot_id, shopkeeper).await?
    {
        return Err(ServiceError::Forbidden);
    }
    if order.status != OrderStatus::Confirmed {
        return Err(ServiceError::invalid(Msg::ErrOrderNotCollectable));
    }
    if hand_over {
        self::hand_over(&mut tx, OrderId(order_id), paid, UserId(staff.id)).await?;
    } else if paid {
        record_payment(&mut tx, order_id, staff.id).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// What is left to pay on an order, refunds not yet sent counted.
pub fn amount_due(total_cents: i64, paid_cents: i64, pending_refunds_cents: i64) -> i64 {
    (total_cents - (paid_cents - pending_refunds_cents)).max(0)
}

/// The basket is in the buyer's hands (at a desk or at their door); `paid` records what was
/// left to pay as received (the whole total at pickup; for a card order, what a recount
/// after its refunds added).
pub(crate) async fn hand_over(
    conn: &mut PgConnection,
    order_id: OrderId,
    paid: bool,
    staff_id: UserId,
) -> ServiceResult<()> {
    let (order_id, staff_id) = (order_id.0, staff_id.0);
    sqlx::query!(
        "UPDATE orders SET collected_at = coalesce(collected_at, now()), updated_at = now() WHERE id = $1",
        order_id
    )
    .execute(&mut *conn)
    .await?;
    if paid {
        record_payment(conn, order_id, staff_id).await?;
    }
    Ok(())
}

async fn record_payment(conn: &mut PgConnection, order_id: i64, staff_id: i64) -> ServiceResult<()> {
    sqlx::query!(
        "UPDATE orders o SET paid_cents = o.paid_cents + d.due, paid_at = now(), payment_recorded_by = $2,
             updated_at = now()
         FROM (SELECT greatest(o2.total_cents - o2.paid_cents
                   + (SELECT coalesce(sum(amount_cents), 0) FROM refunds r WHERE r.order_id = o2.id AND r.done_at IS NULL), 0)::bigint AS due
               FROM orders o2 WHERE o2.id = $1) d
         WHERE o.id = $1 AND d.due > 0",
        order_id,
        staff_id,
    )
    .execute(conn)
    .await?;
    Ok(())
}
