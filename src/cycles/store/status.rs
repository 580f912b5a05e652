//! Moving a cycle through its life: staff actions and the clock. Closing and delivering a cycle
//! set off work in other contexts (orders released, purchase orders, refunds): the change of
//! state queues a job for it in the same transaction, which the hub handles
//! (`hub::closing`), so that cycles depend on nobody above them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;

use super::*;
use crate::ctx::Ctx;
use crate::cycles::{CycleAction, CycleStatus, apply_action, due_transition};
use crate::error::{ServiceError, ServiceResult};

/// The job a cycle's closing leaves: release the unpaid orders, email the purchase orders.
pub const CYCLE_CLOSED_JOB: &str = "cycle_closed";
/// The job a cycle's delivery leaves: reception is final, refunds still waiting go out.
pub const CYCLE_DELIVERED_JOB: &str = "cycle_delivered";

/// The payload of a cycle's job: which cycle, and the site's address for the links of the
/// emails it sends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CycleEvent {
    pub cycle_id: i64,
    pub base_url: String,
}

/// Queues a cycle's job, once per cycle and kind. Returns its id.
async fn queue_event(conn: &mut PgConnection, kind: &str, cycle_id: i64, base_url: &str) -> ServiceResult<Option<i64>> {
    let payload = CycleEvent {
        cycle_id,
        base_url: base_url.to_owned(),
    };
    let payload = serde_json::to_value(payload).map_err(|e| ServiceError::Internal(e.to_string()))?;
    crate::jobs::enqueue(conn, kind, payload, Utc::now(), Some(&format!("{kind}:{cycle_id}"))).await
}

/// Records the new state, and when the cycle opened or closed (`at`: the moment staff acted,
/// or the planned time the clock acted on); returns the job it leaves for the hub, if any.
async fn set_status(
    conn: &mut PgConnection,
    id: i64,
    (status, scheduled): (CycleStatus, bool),
    at: DateTime<Utc>,
    base_url: &str,
) -> ServiceResult<Option<i64>> {
    sqlx::query!(
        "UPDATE order_cycles SET status = $2, scheduled = $3,
             opened_at = CASE WHEN $2 = 'open' THEN $4 ELSE opened_at END,
             closed_at = CASE WHEN $2 = 'closed' THEN $4 ELSE closed_at END
         WHERE id = $1",
        id,
        status.code(),
        scheduled,
        at as _,
    )
    .execute(&mut *conn)
    .await?;
    match status {
        CycleStatus::Open => {
            notify_opening(conn, id, base_url).await?;
            Ok(None)
        }
        CycleStatus::Closed => queue_event(conn, CYCLE_CLOSED_JOB, id, base_url).await,
        CycleStatus::Delivered => queue_event(conn, CYCLE_DELIVERED_JOB, id, base_url).await,
        _ => Ok(None),
    }
}

/// A staff action on a cycle, in the caller's transaction, checked against its current state
/// under a row lock. Returns the new state and the job it left for the hub, if any.
pub async fn apply_cycle_action(
    conn: &mut PgConnection,
    ctx: &Ctx,
    id: i64,
    action: CycleAction,
) -> ServiceResult<(CycleStatus, Option<i64>)> {
    let (coop_id, now, base_url) = (ctx.coop_id(), ctx.now, ctx.base_url());

    struct State {
        status: CycleStatus,
        scheduled: bool,
        closes_at: DateTime<Utc>,
    }
    let row = sqlx::query_as!(
        State,
        r#"SELECT status AS "status: CycleStatus", scheduled, closes_at AS "closes_at: DateTime<Utc>" FROM order_cycles
           WHERE coop_id = $1 AND id = $2 FOR UPDATE"#,
        coop_id,
        id,
    )
    .fetch_optional(&mut *conn)
    .await?;
    let State {
        status,
        scheduled,
        closes_at,
    } = row.ok_or(ServiceError::NotFound)?;
    let (next, scheduled) = apply_action(status, scheduled, action, closes_at, now).map_err(ServiceError::invalid)?;
    let job = set_status(conn, id, (next, scheduled), now, base_url).await?;
    Ok((next, job))
}

/// Moves the cycles whose time has come, in every cooperative, in the caller's transaction;
/// safe to run on several servers at once (each cycle is moved under its row lock, once).
/// Returns each cycle moved, its new state and the job it left for the hub, if any.
pub async fn move_due_cycles(
    conn: &mut PgConnection,
    now: DateTime<Utc>,
    base_url: &str,
) -> ServiceResult<Vec<(i64, CycleStatus, Option<i64>)>> {
    struct Due {
        id: i64,
        status: CycleStatus,
        scheduled: bool,
        opens_at: DateTime<Utc>,
        closes_at: DateTime<Utc>,
    }
    let due = sqlx::query_as!(
        Due,
        r#"SELECT id, status AS "status: CycleStatus", scheduled, opens_at AS "opens_at: DateTime<Utc>",
                  closes_at AS "closes_at: DateTime<Utc>" FROM order_cycles
           WHERE (status = 'draft' AND scheduled AND opens_at <= $1) OR (status = 'open' AND closes_at <= $1)
           ORDER BY id FOR UPDATE SKIP LOCKED"#,
        now as _,
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut moved = Vec::new();
    for Due {
        id,
        status,
        scheduled,
        opens_at,
        closes_at,
    } in due
    {
        if let Some(next) = due_transition(status, scheduled, opens_at, closes_at, now) {
            // On time: at the planned opening or closing, whenever the clock came by.
            let at = if next == CycleStatus::Open { opens_at } else { closes_at };
            let job = set_status(conn, id, (next, scheduled), at, base_url).await?;
            moved.push((id, next, job));
        }
    }
    Ok(moved)
}
