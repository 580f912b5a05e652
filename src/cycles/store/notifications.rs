//! Telling members a cycle is open, and who asked to be told.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use crate::ctx::Ctx;
use crate::error::ServiceResult;
use crate::i18n::Locale;

/// Queues "the cycle is open" to every member who asked for it, in their language.
pub(super) async fn notify_opening(conn: &mut PgConnection, cycle_id: i64, base_url: &str) -> ServiceResult<()> {
    struct Opening {
        coop_id: i64,
        coop_name: String,
        timezone: crate::time::Zone,
        cycle_name: String,
        closes_at: DateTime<Utc>,
    }
    let Opening {
        coop_id,
        coop_name,
        timezone: tz,
        cycle_name,
        closes_at,
    } = sqlx::query_as!(
        Opening,
        r#"SELECT c.id AS coop_id, c.name AS coop_name, c.timezone AS "timezone: crate::time::Zone", oc.name AS cycle_name,
                  oc.closes_at AS "closes_at: DateTime<Utc>"
             FROM order_cycles oc JOIN coops c ON c.id = oc.coop_id WHERE oc.id = $1"#,
        cycle_id,
    )
    .fetch_one(&mut *conn)
    .await?;
    let tz = tz.tz();
    for locale in Locale::ALL {
        let closes = crate::time::format_local(closes_at, tz, locale);
        let link = format!("{base_url}{}", crate::paths::SHOP);
        let email = crate::mail::templates::cycle_open(locale, &coop_name, &cycle_name, &closes, &link);
        sqlx::query!(
            "INSERT INTO outbox_emails (coop_id, to_address, subject, body_text)
             SELECT $1, u.email, $2, $3 FROM memberships m JOIN users u ON u.id = m.user_id
             WHERE m.coop_id = $1 AND m.notify_cycles AND u.email_verified_at IS NOT NULL AND u.locale = $4",
            coop_id,
            email.subject,
            email.body,
            locale.code(),
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub async fn set_notify_cycles(ctx: &Ctx, user_id: i64, notify: bool) -> ServiceResult<()> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    sqlx::query!(
        "UPDATE memberships SET notify_cycles = $3 WHERE coop_id = $1 AND user_id = $2",
        coop_id,
        user_id,
        notify
    )
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn notify_cycles(ctx: &Ctx, user_id: i64) -> ServiceResult<bool> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    Ok(sqlx::query_scalar!(
        "SELECT notify_cycles FROM memberships WHERE coop_id = $1 AND user_id = $2",
        coop_id,
        user_id
    )
    .fetch_optional(pool)
    .await?
    .unwrap_or(false))
}
