//! Changing a placed order (quantities, added products, its slot), cancelling it with its
//! refund, and ordering a past order again.

use std::collections::HashMap;

use sqlx::PgConnection;

use super::cart::{CartOwner, set_cart};
use super::checkout::{book_slot, insert_lines, move_stock};
use super::queries::{email_order, order_view};
use super::rows::{LockedOrder, lock_order, offered, open_cycle};
use crate::accounts::store::CurrentUser;
use crate::ctx::Ctx;
use crate::cycles::Place;
use crate::error::{ServiceError, ServiceResult};
use crate::i18n::{Locale, Msg};
use crate::orders::mail::OrderMail;
use crate::orders::{
    OrderStatus, PaymentMethod, Pricing, Shortage, check_quantity, delivery_fee, shortages, stock_deltas, totals,
};

/// What a change to an order asks for: new quantities (0 removes a line), units to add on top
/// of what the order holds (a product added to a placed order), and perhaps a slot.
#[derive(Clone, Debug, Default)]
pub struct OrderChange {
    pub lines: Vec<(i64, i64)>,
    pub add: Vec<(i64, i64)>,
    pub slot_id: Option<i64>,
}

/// A line of a placed order with the price it was ordered at.
struct PricedLine {
    variant_id: i64,
    quantity: i64,
    unit_price_cents: i64,
}

/// The names a line was ordered under.
struct LineName {
    variant_id: i64,
    product_name: String,
    variant_label: String,
}

/// The order's lines once the change applies: new quantities replace old ones, added units come
/// on top, lines at 0 go; sorted by variant id. An order left empty is refused (cancel instead).
fn changed_lines(old_lines: &[(i64, i64)], change: &OrderChange) -> ServiceResult<Vec<(i64, i64)>> {
    let mut new_lines: HashMap<i64, i64> = old_lines.iter().copied().collect();
    for &(v, q) in &change.lines {
        if q < 0 {
            return Err(ServiceError::field("quantity", Msg::ErrOrderQuantity));
        }
        new_lines.insert(v, q);
    }
    for &(v, q) in &change.add {
        if !(1..=crate::orders::MAX_LINE_QUANTITY).contains(&q) {
            return Err(ServiceError::field("quantity", Msg::ErrOrderQuantity));
        }
        *new_lines.entry(v).or_default() += q;
    }
    let mut new_lines: Vec<(i64, i64)> = new_lines.into_iter().filter(|(_, q)| *q > 0).collect();
    new_lines.sort_unstable();
    if new_lines.is_empty() {
        return Err(ServiceError::invalid(Msg::ErrOrderEmptyUseCancel));
    }
    Ok(new_lines)
}

/// Moves a locked order to another slot of its cycle: both slots locked in id order, a place
/// taken in the new one (of the same kind: pickup point or the same delivery zone) and given
/// back in the old one.
async fn move_slot(conn: &mut PgConnection, order_id: i64, order: &LockedOrder, slot_id: i64) -> ServiceResult<()> {
    let (first, second) = (slot_id.min(order.slot_id), slot_id.max(order.slot_id));
    sqlx::query_scalar!(
        "SELECT id FROM slots WHERE id IN ($1, $2) ORDER BY id FOR UPDATE",
        first,
        second
    )
    .fetch_all(&mut *conn)
    .await?;
    let current = crate::cycles::store::slot(conn, order.slot_id).await?;
    let slot = book_slot(conn, order.cycle_id, slot_id).await?;
    if current.place != slot.place && (current.is_delivery() || slot.is_delivery()) {
        return Err(ServiceError::field("slot", Msg::ErrSlotSameKind));
    }
    sqlx::query!("UPDATE slots SET booked = booked - 1 WHERE id = $1", order.slot_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query!("UPDATE orders SET slot_id = $2 WHERE id = $1", order_id, slot_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// An order change once checked: the order's new lines, what moves in stock, the price of each
/// line and the new subtotal.
struct Revision {
    lines: Vec<(i64, i64)>,
    deltas: Vec<(i64, i64)>,
    prices: HashMap<i64, i64>,
    subtotal: i64,
}

/// Changes an order's quantities, adds products to it or moves its slot while its cycle takes
/// orders, under the rules of checkout (what is left, whole cases, the slot's room, the delivery
/// minimum): only the difference moves in stock, under the same locks. Card orders, already
/// paid for a set amount, may change slot but not quantities (cancel and order again instead).
pub async fn change_order(ctx: &Ctx, user: &CurrentUser, order_id: i64, change: &OrderChange) -> ServiceResult<()> {
    let coop_id = ctx.coop_id();
    let mut tx = ctx.pool.begin().await?;
    let order = lock_order(&mut tx, coop_id, order_id, Some(user.id)).await?;
    if !order.status.holds_stock() {
        return Err(ServiceError::invalid(Msg::ErrOrderNotEditable));
    }
    open_cycle(&mut tx, coop_id, order.cycle_id, ctx.now).await?;
    let old = priced_lines(&mut tx, order_id).await?;
    let old_lines: Vec<(i64, i64)> = old.iter().map(|l| (l.variant_id, l.quantity)).collect();
    let new_lines = changed_lines(&old_lines, change)?;
    let deltas = stock_deltas(&old_lines, &new_lines);
    if deltas.is_empty() && change.slot_id.is_none_or(|s| s == order.slot_id) {
        return Ok(());
    }
    if !deltas.is_empty() && (order.payment_method.prepaid() || order.solidarity_cents > 0) {
        return Err(ServiceError::invalid(Msg::ErrCardOrderQuantities));
    }
    let revision = checked_change(&mut tx, &order, &old, new_lines, deltas, user.locale).await?;
    if let Some(slot_id) = change.slot_id.filter(|s| *s != order.slot_id) {
        move_slot(&mut tx, order_id, &order, slot_id).await?;
    }
    let fee = changed_fee(&mut tx, coop_id, &order, change.slot_id, revision.subtotal).await?;
    if !revision.deltas.is_empty() {
        rewrite_lines(&mut tx, coop_id, order_id, order.cycle_id, &revision, user.locale).await?;
    }
    set_totals(&mut tx, order_id, revision.subtotal, fee).await?;
    let coop = ctx.coop();
    email_order(&mut tx, coop, ctx.base_url(), order_id, OrderMail::Changed).await?;
    tx.commit().await?;
    Ok(())
}

/// The lines of a placed order with the prices they were ordered at, by variant id.
async fn priced_lines(conn: &mut PgConnection, order_id: i64) -> ServiceResult<Vec<PricedLine>> {
    Ok(sqlx::query_as!(
        PricedLine,
        "SELECT variant_id, quantity, unit_price_cents FROM order_lines WHERE order_id = $1 ORDER BY variant_id",
        order_id,
    )
    .fetch_all(conn)
    .await?)
}

/// A change's checks, on the offers whose stock it moves, locked: what it takes is left (a
/// shortage counts what the order already holds), changed lines come in whole cases for
/// shopkeepers. Lines the order had keep their price, new ones take today's.
async fn checked_change(
    conn: &mut PgConnection,
    order: &LockedOrder,
    old: &[PricedLine],
    lines: Vec<(i64, i64)>,
    deltas: Vec<(i64, i64)>,
    locale: Locale,
) -> ServiceResult<Revision> {
    let ids: Vec<i64> = deltas.iter().map(|(v, _)| *v).collect();
    let offers = offered(conn, order.cycle_id, &ids, true, locale).await?;
    let held: HashMap<i64, i64> = old.iter().map(|l| (l.variant_id, l.quantity)).collect();
    let taken: Vec<(i64, i64)> = deltas.iter().copied().filter(|(_, d)| *d > 0).collect();
    let short: Vec<Shortage> = shortages(&taken, &offers)
        .into_iter()
        .map(|s| {
            let holds = held.get(&s.variant_id).copied().unwrap_or(0);
            Shortage {
                wanted: s.wanted + holds,
                left: s.left + holds,
                ..s
            }
        })
        .collect();
    if !short.is_empty() {
        return Err(ServiceError::OutOfStock(short));
    }
    for (v, q) in &lines {
        let case_size = offers.get(v).map(|o| o.case_size).unwrap_or(1);
        if held.get(v) != Some(q) {
            check_quantity(order.pricing, case_size, *q).map_err(|m| ServiceError::field("quantity", m))?;
        }
    }
    let mut prices: HashMap<i64, i64> = old.iter().map(|l| (l.variant_id, l.unit_price_cents)).collect();
    for o in offers.values() {
        prices.entry(o.variant_id).or_insert(o.price(order.pricing));
    }
    let subtotal = totals(lines.iter().map(|(v, q)| (prices[v], *q)), 0).subtotal_cents;
    Ok(Revision {
        lines,
        deltas,
        prices,
        subtotal,
    })
}

/// The order's delivery fee once changed: its (perhaps new) slot's zone fee for the new
/// subtotal when delivered, else the fee it had.
async fn changed_fee(
    conn: &mut PgConnection,
    coop_id: i64,
    order: &LockedOrder,
    slot_id: Option<i64>,
    subtotal: i64,
) -> ServiceResult<i64> {
    let slot = crate::cycles::store::slot(conn, slot_id.unwrap_or(order.slot_id)).await?;
    let Place::Delivery(zone_id) = slot.place else {
        return Ok(order.fee_cents);
    };
    let zone = crate::cycles::store::zone(conn, coop_id, zone_id).await?;
    Ok(delivery_fee(&zone, &order.postcode, subtotal)?)
}

/// Moves the change's stock and writes the order's lines again, at the change's prices.
async fn rewrite_lines(
    conn: &mut PgConnection,
    coop_id: i64,
    order_id: i64,
    cycle_id: i64,
    revision: &Revision,
    locale: Locale,
) -> ServiceResult<()> {
    let ids: Vec<i64> = revision.lines.iter().map(|(v, _)| *v).collect();
    let mut offers = offered(conn, cycle_id, &ids, false, locale).await?;
    move_stock(conn, cycle_id, &revision.deltas).await?;
    // Lines keep the name they were ordered under.
    let kept_names: Vec<LineName> = sqlx::query_as!(
        LineName,
        "SELECT variant_id, product_name, variant_label FROM order_lines WHERE order_id = $1",
        order_id
    )
    .fetch_all(&mut *conn)
    .await?;
    for kept in kept_names {
        if let Some(o) = offers.get_mut(&kept.variant_id) {
            o.product_name = kept.product_name;
            o.variant_label = kept.variant_label;
        }
    }
    sqlx::query!("DELETE FROM order_lines WHERE order_id = $1", order_id)
        .execute(&mut *conn)
        .await?;
    insert_lines(
        conn,
        coop_id,
        order_id,
        &revision.lines,
        &offers,
        &revision.prices,
        locale,
    )
    .await
}

/// The order's amounts once changed.
async fn set_totals(conn: &mut PgConnection, order_id: i64, subtotal: i64, fee: i64) -> ServiceResult<()> {
    sqlx::query!(
        "UPDATE orders SET subtotal_cents = $2, fee_cents = $3, total_cents = $2::bigint + $3::bigint, updated_at = now() WHERE id = $1",
        order_id,
        subtotal,
        fee,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Gives back an order's stock and slot place and sets its new status.
pub(super) async fn release(
    conn: &mut PgConnection,
    order_id: i64,
    cycle_id: i64,
    slot_id: i64,
    status: OrderStatus,
) -> ServiceResult<()> {
    let lines: Vec<(i64, i64)> = sqlx::query!(
        r#"SELECT variant_id, -quantity AS "given_back!" FROM order_lines WHERE order_id = $1 ORDER BY variant_id"#,
        order_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|l| (l.variant_id, l.given_back))
    .collect();
    let ids: Vec<i64> = lines.iter().map(|(v, _)| *v).collect();
    // Same lock order as checkout: variants and offers by id, then the slot.
    sqlx::query_scalar!(
        "SELECT v.id FROM variants v JOIN cycle_offers o ON o.variant_id = v.id AND o.cycle_id = $1
         WHERE v.id = ANY($2) ORDER BY v.id FOR NO KEY UPDATE OF v, o",
        cycle_id,
        &ids[..],
    )
    .fetch_all(&mut *conn)
    .await?;
    move_stock(conn, cycle_id, &lines).await?;
    sqlx::query!("UPDATE slots SET booked = booked - 1 WHERE id = $1", slot_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query!(
        "UPDATE orders SET status = $2, updated_at = now() WHERE id = $1",
        order_id,
        status.code()
    )
    .execute(&mut *conn)
    .await?;
    give_back_to_fund(conn, order_id).await
}

/// Reception found units of a solidarity order missing: the fund's part shrinks with the goods
/// (`solidarity::fitted_cover`), the difference goes back to it, and the order counts that
/// much less as paid, so a prepaid buyer is refunded only their own part and a buyer paying
/// at the desk pays their part of what comes. Only ever gives back: a later recount that finds
/// goods after all leaves the fund's part as it is, and the buyer pays the rest.
pub(crate) async fn fit_fund_share(
    conn: &mut PgConnection,
    order_id: i64,
    at: chrono::DateTime<chrono::Utc>,
) -> ServiceResult<i64> {
    let o = sqlx::query!(
        r#"SELECT o.coop_id, o.solidarity_cents,
                  (SELECT coalesce(sum(unit_price_cents * quantity), 0) FROM order_lines WHERE order_id = o.id)::bigint AS "ordered!",
                  (SELECT coalesce(sum(unit_price_cents * (quantity - missing)), 0) FROM order_lines WHERE order_id = o.id)::bigint
                      AS "delivered!"
           FROM orders o WHERE o.id = $1"#,
        order_id
    )
    .fetch_one(&mut *conn)
    .await?;
    let back = o.solidarity_cents - crate::solidarity::fitted_cover(o.solidarity_cents, o.ordered, o.delivered);
    if back <= 0 {
        return Ok(0);
    }
    sqlx::query!(
        "UPDATE orders SET solidarity_cents = solidarity_cents - $2, paid_cents = greatest(paid_cents - $2, 0), updated_at = now()
         WHERE id = $1",
        order_id,
        back
    )
    .execute(&mut *conn)
    .await?;
    let movement = crate::solidarity::store::Movement {
        kind: crate::solidarity::FundKind::Return,
        amount_cents: back,
        order_id: Some(order_id),
        cycle_id: None,
        note: "",
        recorded_by: None,
    };
    crate::solidarity::store::post(conn, o.coop_id, &movement, at).await?;
    Ok(back)
}

/// What the solidarity fund paid towards an order that will not be served goes back to it; the
/// order no longer counts it as paid.
async fn give_back_to_fund(conn: &mut PgConnection, order_id: i64) -> ServiceResult<()> {
    let Some(o) = sqlx::query!(
        "UPDATE orders SET paid_cents = greatest(paid_cents - solidarity_cents, 0) WHERE id = $1 AND solidarity_cents > 0
         RETURNING coop_id, solidarity_cents",
        order_id
    )
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(());
    };
    let back = crate::solidarity::store::Movement {
        kind: crate::solidarity::FundKind::Return,
        amount_cents: o.solidarity_cents,
        order_id: Some(order_id),
        cycle_id: None,
        note: "",
        recorded_by: None,
    };
    crate::solidarity::store::post(conn, o.coop_id, &back, chrono::Utc::now()).await?;
    Ok(())
}

/// Cancels an order while its cycle takes orders; a card or credit payment already made is
/// refunded.
pub async fn cancel_order(ctx: &Ctx, user: &CurrentUser, order_id: i64) -> ServiceResult<()> {
    let coop_id = ctx.coop_id();
    let mut tx = ctx.pool.begin().await?;
    let order = lock_order(&mut tx, coop_id, order_id, Some(user.id)).await?;
    if !order.status.holds_stock() {
        return Err(ServiceError::invalid(Msg::ErrOrderNotEditable));
    }
    open_cycle(&mut tx, coop_id, order.cycle_id, ctx.now).await?;
    release(&mut tx, order_id, order.cycle_id, order.slot_id, OrderStatus::Cancelled).await?;
    // What the buyer paid; the solidarity fund's part went back to it with the release.
    let paid = sqlx::query_scalar!("SELECT paid_cents FROM orders WHERE id = $1", order_id)
        .fetch_one(&mut *tx)
        .await?;
    if paid > 0 && order.payment_method.prepaid() {
        queue_refund(&mut tx, coop_id, order_id, paid, "cancelled").await?;
    }
    let coop = ctx.coop();
    email_order(&mut tx, coop, ctx.base_url(), order_id, OrderMail::Cancelled).await?;
    tx.commit().await?;
    Ok(())
}

/// Gives `amount` of an order's payment back: to the buyer's credit, at once, for an order not
/// paid by card (by credit, or at the desk: a return after delivery) or a buyer who chose credit
/// for refunds; otherwise queued for the card (sent by the worker, which lowers what the order
/// paid when Stripe confirms).
pub(crate) async fn queue_refund(
    conn: &mut PgConnection,
    coop_id: i64,
    order_id: i64,
    amount: i64,
    reason: &str,
) -> ServiceResult<()> {
    let order = sqlx::query!(
        r#"SELECT o.user_id, o.payment_method AS "payment_method: PaymentMethod",
                  coalesce(a.refunds_to_credit, false) AS "prefers_credit!"
           FROM orders o LEFT JOIN credit_accounts a ON a.coop_id = o.coop_id AND a.user_id = o.user_id
           WHERE o.id = $1"#,
        order_id
    )
    .fetch_one(&mut *conn)
    .await?;
    let to_credit = order.payment_method != PaymentMethod::Card || order.prefers_credit;
    if to_credit {
        let posting = crate::credit::store::Posting {
            kind: crate::credit::EntryKind::Refund,
            amount_cents: amount,
            order_id: Some(order_id),
            reason,
            recorded_by: None,
        };
        crate::credit::store::post(conn, coop_id, order.user_id, &posting, chrono::Utc::now()).await?;
        sqlx::query!(
            "UPDATE orders SET paid_cents = greatest(paid_cents - $2, 0), updated_at = now() WHERE id = $1",
            order_id,
            amount
        )
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query!(
        "INSERT INTO refunds (coop_id, order_id, amount_cents, reason, to_credit, done_at)
         VALUES ($1, $2, $3, $4, $5, CASE WHEN $5 THEN now() END)",
        coop_id,
        order_id,
        amount,
        reason,
        to_credit,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Puts a past order's lines into the cart of the open cycle, as far as that cycle offers them
/// (whole cases for shopkeepers, no more than is left). Returns the cycle and how many lines
/// made it.
pub async fn order_again(ctx: &Ctx, user: &CurrentUser, order_id: i64) -> ServiceResult<(i64, usize)> {
    let mut conn = ctx.pool.acquire().await?;
    let past = order_view(&mut conn, ctx, order_id, Some(user.id)).await?;
    // An order of a cycle still open is changed, not ordered again into a second basket.
    if !past.reorderable {
        return Err(ServiceError::invalid(Msg::ErrReorderOpenCycle));
    }
    let cycles = crate::cycles::store::open_cycles(ctx).await?;
    let cycle = cycles.first().ok_or(ServiceError::invalid(Msg::ErrNoOpenCycle))?;
    let ids: Vec<i64> = past.lines.iter().map(|l| l.variant_id).collect();
    let offers = offered(&mut conn, cycle.id, &ids, false, user.locale).await?;
    let pricing = Pricing::for_roles(&user.roles);
    let mut lines = Vec::new();
    for l in &past.lines {
        let Some(o) = offers.get(&l.variant_id).filter(|o| o.active) else {
            continue;
        };
        let step = o.step(pricing);
        let mut q = l.quantity.div_euclid(step).max(1) * step;
        if let Some(left) = o.left() {
            q = q.min(left - left % step);
        }
        if q > 0 {
            lines.push((l.variant_id, q));
        }
    }
    drop(conn);
    set_cart(ctx, cycle.id, &CartOwner::User(user.id), pricing, &lines).await?;
    Ok((cycle.id, lines.len()))
}
