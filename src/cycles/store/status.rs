//! Moving a cycle through its life: staff actions and the clock.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

use super::*;
use crate::cycles::{CycleAction, CycleStatus, apply_action, due_transition};
use crate::error::{ServiceError, ServiceResult};

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
