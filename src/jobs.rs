//! Background jobs in Postgres, safe with several servers: a job is claimed with
//! `FOR UPDATE SKIP LOCKED` inside the transaction that runs it, so it runs once; a periodic
//! job carries a `dedupe_key` naming its period, so it exists once however many servers
//! schedule it.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool, Postgres, Transaction};

use crate::error::ServiceResult;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub payload: serde_json::Value,
    pub attempts: i32,
}

/// Queues a job; with a `dedupe_key` already used, does nothing and returns `None`.
pub async fn enqueue(
    conn: &mut PgConnection,
    kind: &str,
    payload: serde_json::Value,
    run_at: DateTime<Utc>,
    dedupe_key: Option<&str>,
) -> ServiceResult<Option<i64>> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO jobs (kind, payload, run_at, dedupe_key) VALUES ($1, $2, $3, $4)
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
        kind,
        payload,
        run_at as _,
        dedupe_key,
    )
    .fetch_optional(conn)
    .await?)
}

/// The key of a periodic job for the period containing `now`, e.g. `purge@29405040`.
pub fn period_key(kind: &str, now: DateTime<Utc>, period_secs: i64) -> String {
    format!("{kind}@{}", now.timestamp().div_euclid(period_secs))
}

/// Claims the next due job. The row stays locked until the returned transaction ends: call
/// [`finish`] or [`fail`] with it.
pub async fn claim(pool: &PgPool) -> ServiceResult<Option<(Transaction<'static, Postgres>, Job)>> {
    let mut tx = pool.begin().await?;
    let job = sqlx::query_as!(
        Job,
        "SELECT id, kind, payload, attempts FROM jobs WHERE done_at IS NULL AND run_at <= now()
         ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED",
    )
    .fetch_optional(&mut *tx)
    .await?;
    Ok(job.map(|job| (tx, job)))
}

/// Claims one job, due or not, in the caller's transaction: `None` when it is done or another
/// transaction holds it. Mark it [`done`] in the same transaction, so that it runs once —
/// this is how a job queued in a transaction is run at once by the code that queued it.
pub async fn claim_by_id(conn: &mut PgConnection, id: i64) -> ServiceResult<Option<Job>> {
    Ok(sqlx::query_as!(
        Job,
        "SELECT id, kind, payload, attempts FROM jobs WHERE id = $1 AND done_at IS NULL FOR UPDATE SKIP LOCKED",
        id,
    )
    .fetch_optional(conn)
    .await?)
}

/// Marks a claimed job done, in the transaction that claimed it.
pub async fn done(conn: &mut PgConnection, job: &Job) -> ServiceResult<()> {
    sqlx::query!(
        "UPDATE jobs SET done_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = $1",
        job.id
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn finish(mut tx: Transaction<'static, Postgres>, job: &Job) -> ServiceResult<()> {
    done(&mut tx, job).await?;
    tx.commit().await?;
    Ok(())
}

/// Records the failure and pushes the job back with a growing delay.
pub async fn fail(mut tx: Transaction<'static, Postgres>, job: &Job, error: &str) -> ServiceResult<()> {
    let delay = crate::mail::backoff(job.attempts + 1);
    sqlx::query!(
        "UPDATE jobs SET attempts = attempts + 1, last_error = $2, run_at = now() + make_interval(secs => $3) WHERE id = $1",
        job.id,
        error,
        delay.as_secs_f64(),
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn period_keys_change_once_per_period() {
        let t = |s| Utc.timestamp_opt(s, 0).unwrap();
        assert_eq!(period_key("purge", t(3600), 3600), period_key("purge", t(7199), 3600));
        assert_ne!(period_key("purge", t(7199), 3600), period_key("purge", t(7200), 3600));
        assert_ne!(period_key("a", t(0), 60), period_key("b", t(0), 60));
    }
}
