//! What the hub does when a cycle closes or is delivered. Cycles queue a job in the
//! transaction that changes their state (`cycles::store::CYCLE_CLOSED_JOB`,
//! `CYCLE_DELIVERED_JOB`); this module handles it: on closing, unpaid card orders give their
//! stock back, then producers get their purchase orders; on delivery, reception becomes final
//! and refunds still waiting go out, then each order delivered gets its invoice and each
//! producer their payout statement.
//!
//! The staff action and the clock run here too: they change the cycle and handle its job in
//! one transaction, so what staff see (how many orders released, purchase orders, refunds) is
//! what was done. A job left by any other path is run by the worker. Either way the job is
//! claimed and marked done in the transaction that does the work: a cycle is processed once.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

use crate::ctx::Ctx;
use crate::cycles::store::{CYCLE_CLOSED_JOB, CYCLE_DELIVERED_JOB, CycleEvent, apply_cycle_action, move_due_cycles};
use crate::cycles::{CycleAction, CycleStatus};
use crate::error::{ServiceError, ServiceResult};
use crate::jobs::{self, Job};

/// What a change of a cycle's state did, for the staff who asked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StatusChange {
    /// Closing: purchase orders emailed to producers.
    pub purchase_orders: usize,
    /// Closing: card orders released because their payment had not come.
    pub unpaid_released: usize,
    /// Marking delivered: shortage refunds sent because reception had not been completed.
    pub refunds: usize,
    /// Marking delivered: invoices issued for the orders delivered.
    pub invoices: usize,
    /// Marking delivered: producers' payout statements drawn up.
    pub statements: usize,
}

/// Whether a job is a cycle's, handled here.
pub fn handles(kind: &str) -> bool {
    kind == CYCLE_CLOSED_JOB || kind == CYCLE_DELIVERED_JOB
}

/// Does a cycle's job in the caller's transaction; `now` dates what it issues (invoices,
/// statements): the reading of the clock that changed the cycle.
async fn handle(conn: &mut PgConnection, job: &Job, now: DateTime<Utc>) -> ServiceResult<StatusChange> {
    let event: CycleEvent = serde_json::from_value(job.payload.clone())
        .map_err(|e| ServiceError::Internal(format!("job {} payload: {e}", job.id)))?;
    let (id, base_url) = (event.cycle_id, event.base_url.as_str());
    let mut change = StatusChange::default();
    match job.kind.as_str() {
        CYCLE_CLOSED_JOB => {
            // Unpaid card orders leave first, so that purchase orders count what was paid for.
            change.unpaid_released = crate::orders::store::expire_pending_at_closing(conn, id, base_url).await?;
            change.purchase_orders = crate::hub::store::email_purchase_orders(conn, id, base_url).await?;
        }
        CYCLE_DELIVERED_JOB => {
            let coop_id = sqlx::query_scalar!("SELECT coop_id FROM order_cycles WHERE id = $1", id)
                .fetch_one(&mut *conn)
                .await?;
            // Delivered means reception is final: refunds still waiting go out now.
            change.refunds = crate::hub::store::complete_on(conn, coop_id, None, id).await?.refunds;
            // What was delivered is final: each order gets its invoice.
            change.invoices = crate::ledger::store::issue_for_cycle(conn, coop_id, id, now).await?;
            // And each producer gets the statement of what they will be paid.
            change.statements = crate::ledger::store::draw_up_for_cycle(conn, coop_id, id, now).await?;
            // The solidarity fund gets its share of the cooperative's margin on them.
            crate::ledger::store::give_margin_share(conn, coop_id, id, now).await?;
        }
        other => return Err(ServiceError::Internal(format!("not a cycle job: {other}"))),
    }
    Ok(change)
}

/// Runs, in the caller's transaction, a job that transaction just queued: claimed, handled and
/// marked done together.
async fn run_queued(conn: &mut PgConnection, job: Option<i64>, now: DateTime<Utc>) -> ServiceResult<StatusChange> {
    let Some(job) = job else {
        return Ok(StatusChange::default());
    };
    let Some(job) = jobs::claim_by_id(conn, job).await? else {
        return Ok(StatusChange::default());
    };
    let change = handle(conn, &job, now).await?;
    jobs::done(conn, &job).await?;
    Ok(change)
}

/// The worker's side: handles a cycle's job it claimed, inside a savepoint of the claim's
/// transaction, so that a failure leaves that transaction able to record it for a retry.
pub async fn run_claimed(conn: &mut PgConnection, job: &Job) -> ServiceResult<StatusChange> {
    let mut savepoint = sqlx::Connection::begin(&mut *conn).await?;
    let change = handle(&mut savepoint, job, Utc::now()).await?;
    savepoint.commit().await?;
    Ok(change)
}

/// A staff action on a cycle, checked against its current state under a row lock, with what it
/// sets off in the hub, all or nothing.
pub async fn act_on_cycle(ctx: &Ctx, id: i64, action: CycleAction) -> ServiceResult<(CycleStatus, StatusChange)> {
    let mut tx = ctx.pool.begin().await?;
    let (next, job) = apply_cycle_action(&mut tx, ctx, id, action).await?;
    let change = run_queued(&mut tx, job, ctx.now).await?;
    tx.commit().await?;
    Ok((next, change))
}

/// Opens and closes the cycles whose time has come, in every cooperative, with what closing
/// sets off; safe to run on several servers at once (each cycle is moved under its row lock,
/// once). It serves every cooperative at once, so it takes the pool, not one cooperative's
/// [`Ctx`]; the jobs it queues carry the site's address for their emails.
pub async fn advance_cycles(
    pool: &PgPool,
    now: DateTime<Utc>,
    base_url: &str,
) -> ServiceResult<Vec<(i64, CycleStatus)>> {
    let mut tx = pool.begin().await?;
    let moved = move_due_cycles(&mut tx, now, base_url).await?;
    for (_, _, job) in &moved {
        run_queued(&mut tx, *job, now).await?;
    }
    tx.commit().await?;
    Ok(moved.into_iter().map(|(id, status, _)| (id, status)).collect())
}
