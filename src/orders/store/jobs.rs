//! What the clock does to orders: expiring unpaid card orders (at closing or when their hold
//! runs out) and reminding buyers the day before their slot.

use sqlx::PgConnection;

use super::change::release;
use super::queries::email_order;
use crate::coop::Coop;
use crate::ctx::Ctx;
use crate::error::ServiceResult;
use crate::orders::OrderStatus;
use crate::orders::mail::OrderMail;

/// The rule for card payments and closing: an order belongs to a cycle's purchase orders only
/// if it is paid (or to be paid at pickup) when the cycle closes. Closing releases the card
/// orders still waiting for their payment, in the closing transaction and before purchase
/// orders are made; a payment that completes later finds the order expired and is refunded
/// (see [`apply_payment_event`]), so producers are never asked for less than buyers paid for.
/// Returns how many orders were released.
pub async fn expire_pending_at_closing(conn: &mut PgConnection, cycle_id: i64, base_url: &str) -> ServiceResult<usize> {
    let coop = sqlx::query_as!(
        Coop,
        r#"SELECT c.id, c.slug, c.name, c.timezone AS "timezone: crate::time::Zone" FROM coops c JOIN order_cycles oc ON oc.coop_id = c.id WHERE oc.id = $1"#,
        cycle_id,
    )
    .fetch_one(&mut *conn)
    .await?;
    // Waits for a payment being applied right now: it confirms the order before closing.
    let due = sqlx::query!(
        "SELECT id, slot_id FROM orders WHERE cycle_id = $1 AND status = 'pending_payment' ORDER BY id FOR UPDATE",
        cycle_id,
    )
    .fetch_all(&mut *conn)
    .await?;
    for order in &due {
        release(conn, order.id, cycle_id, order.slot_id, OrderStatus::Expired).await?;
        email_order(conn, &coop, base_url, order.id, OrderMail::Expired).await?;
    }
    Ok(due.len())
}

/// A card order whose payment did not come in time.
struct Unpaid {
    id: i64,
    coop_id: i64,
    cycle_id: i64,
    slot_id: i64,
}

/// Releases the stock of card orders whose payment never came (of every cooperative: stock
/// held is stock nobody can buy), and tells the buyers of the context's cooperative. Returns
/// how many expired.
pub async fn expire_unpaid(ctx: &Ctx) -> ServiceResult<usize> {
    let mut tx = ctx.pool.begin().await?;
    let due: Vec<Unpaid> = sqlx::query_as!(
        Unpaid,
        "SELECT id, coop_id, cycle_id, slot_id FROM orders
         WHERE status = 'pending_payment' AND payment_expires_at <= $1 ORDER BY id LIMIT 200 FOR UPDATE SKIP LOCKED",
        ctx.now as _,
    )
    .fetch_all(&mut *tx)
    .await?;
    if due.is_empty() {
        return Ok(0);
    }
    let served = ctx.coop();
    for order in &due {
        release(&mut tx, order.id, order.cycle_id, order.slot_id, OrderStatus::Expired).await?;
        if order.coop_id == served.id {
            email_order(&mut tx, served, ctx.base_url(), order.id, OrderMail::Expired).await?;
        }
    }
    tx.commit().await?;
    Ok(due.len())
}

/// Reminds the context's cooperative's buyers the day before their slot (once per order).
pub async fn send_reminders(ctx: &Ctx) -> ServiceResult<usize> {
    let mut tx = ctx.pool.begin().await?;
    let due = sqlx::query!(
        "SELECT o.id, o.coop_id FROM orders o JOIN slots s ON s.id = o.slot_id
         WHERE o.status = 'confirmed' AND o.reminder_sent_at IS NULL AND o.collected_at IS NULL
           AND s.starts_at > $1 AND s.starts_at <= $1 + interval '24 hours'
         ORDER BY o.id LIMIT 500 FOR UPDATE OF o SKIP LOCKED",
        ctx.now as _,
    )
    .fetch_all(&mut *tx)
    .await?;
    if due.is_empty() {
        return Ok(0);
    }
    let served = ctx.coop();
    for order in &due {
        let order_id = order.id;
        // A cooperative this server does not serve keeps its reminders for a server that does.
        if order.coop_id != served.id {
            continue;
        }
        email_order(&mut tx, served, ctx.base_url(), order_id, OrderMail::Reminder).await?;
        sqlx::query!("UPDATE orders SET reminder_sent_at = now() WHERE id = $1", order_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(due.len())
}
