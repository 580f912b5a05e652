//! The audit log: who did what, when, with the state before and after. Append-only: the
//! database refuses to update, delete or truncate it (migration `governance`), so an entry
//! written in a transaction that commits stays. Role grants and revocations, membership
//! decisions, share movements, college changes, assembly convocations and results write here,
//! in the transaction of the change they record.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use serde_json::Value;
#[cfg(feature = "ssr")]
use sqlx::PgConnection;

#[cfg(feature = "ssr")]
use crate::ctx::Ctx;
#[cfg(feature = "ssr")]
use crate::error::ServiceResult;

#[cfg(feature = "ssr")]
/// One change to record. `subject` names what changed ("member 12", "college Producteurs").
pub struct Entry<'a> {
    pub actor: Option<i64>,
    pub action: &'a str,
    pub subject: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

#[cfg(feature = "ssr")]
pub async fn record(conn: &mut PgConnection, ctx: &Ctx, entry: Entry<'_>) -> ServiceResult<()> {
    record_for(conn, ctx.coop_id(), ctx.now, entry).await
}

#[cfg(feature = "ssr")]
/// Records for a cooperative without a request's context (a job run for it).
pub async fn record_for(
    conn: &mut PgConnection,
    coop_id: i64,
    at: DateTime<Utc>,
    entry: Entry<'_>,
) -> ServiceResult<()> {
    sqlx::query!(
        "INSERT INTO audit_log (coop_id, at, actor_user_id, action, subject, before, after)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        coop_id,
        at as _,
        entry.actor,
        entry.action,
        entry.subject,
        entry.before,
        entry.after,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// An entry as the board reads it: the actor by name (or email), the states as JSON text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntryView {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: Option<String>,
    pub action: String,
    pub subject: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

pub const PER_PAGE: i64 = 50;

#[cfg(feature = "ssr")]
/// The cooperative's log, newest first, `PER_PAGE` entries from `page` (0-based), and whether
/// there are older ones.
pub async fn list(ctx: &Ctx, page: u32) -> ServiceResult<(Vec<EntryView>, bool)> {
    let offset = i64::from(page.min(10_000)) * PER_PAGE;
    let mut rows = sqlx::query_as!(
        EntryView,
        r#"SELECT a.id, a.at AS "at: DateTime<Utc>",
                  CASE WHEN u.id IS NULL THEN NULL WHEN u.display_name = '' THEN u.email ELSE u.display_name END AS actor,
                  a.action, a.subject, a.before::text AS before, a.after::text AS after
           FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id
           WHERE a.coop_id = $1 ORDER BY a.id DESC LIMIT $2 OFFSET $3"#,
        ctx.coop_id(),
        PER_PAGE + 1,
        offset,
    )
    .fetch_all(&ctx.pool)
    .await?;
    let more = rows.len() as i64 > PER_PAGE;
    rows.truncate(PER_PAGE as usize);
    Ok((rows, more))
}
