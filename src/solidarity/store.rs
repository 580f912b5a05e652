//! The solidarity fund, statuses and partner associations in Postgres. `solidarity::store` is
//! the only writer of `solidarity_funds`, `solidarity_entries`, `solidarity_grants` and
//! `solidarity_partners`. Every movement of the fund goes through [`post`], one conditional
//! `UPDATE` of the fund's row: movements queue on it, and one that would take the balance below
//! zero is not written.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;
use sqlx::PgConnection;

use super::{Fund, FundEntryView, FundKind, GrantView, PartnerView, Rates};
use crate::accounts::store::CurrentUser;
use crate::audit::{self, Entry};
use crate::catalogue::Category;
use crate::coop::{Page, page_offset};
use crate::ctx::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::i18n::Msg;

crate::stored_code!(FundKind);

pub const PER_PAGE: u32 = 30;

/// One movement of the fund.
#[derive(Clone, Debug)]
pub struct Movement<'a> {
    pub kind: FundKind,
    /// Positive feeds the fund, negative takes from it.
    pub amount_cents: i64,
    pub order_id: Option<i64>,
    pub cycle_id: Option<i64>,
    pub note: &'a str,
    pub recorded_by: Option<i64>,
}

/// Applies a movement to the cooperative's fund in the caller's transaction. Returns the new
/// balance, or None, with nothing written, when it would go below zero.
pub async fn post(
    conn: &mut PgConnection,
    coop_id: i64,
    movement: &Movement<'_>,
    at: DateTime<Utc>,
) -> ServiceResult<Option<i64>> {
    if movement.amount_cents == 0 {
        return Ok(Some(balance(conn, coop_id).await?));
    }
    sqlx::query!(
        "INSERT INTO solidarity_funds (coop_id) VALUES ($1) ON CONFLICT DO NOTHING",
        coop_id
    )
    .execute(&mut *conn)
    .await?;
    let Some(balance) = sqlx::query_scalar!(
        "UPDATE solidarity_funds SET balance_cents = balance_cents + $2
         WHERE coop_id = $1 AND balance_cents + $2 >= 0 RETURNING balance_cents",
        coop_id,
        movement.amount_cents,
    )
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    sqlx::query!(
        "INSERT INTO solidarity_entries (coop_id, kind, amount_cents, balance_cents, order_id, cycle_id, note, recorded_by, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        coop_id,
        movement.kind as FundKind,
        movement.amount_cents,
        balance,
        movement.order_id,
        movement.cycle_id,
        movement.note,
        movement.recorded_by,
        at as _,
    )
    .execute(&mut *conn)
    .await?;
    Ok(Some(balance))
}

/// The fund's balance (zero before its first movement).
pub async fn balance(conn: &mut PgConnection, coop_id: i64) -> ServiceResult<i64> {
    Ok(
        sqlx::query_scalar!("SELECT balance_cents FROM solidarity_funds WHERE coop_id = $1", coop_id)
            .fetch_optional(conn)
            .await?
            .unwrap_or(0),
    )
}

/// Pays what it can of a discount of `wanted_cents` towards an order, inside the checkout's
/// transaction: the fund's row is locked, the amount covered decided on the balance it holds
/// then, and taken. Returns the amount covered (0 when the fund is empty).
pub async fn take_discount(
    conn: &mut PgConnection,
    coop_id: i64,
    order_id: i64,
    wanted_cents: i64,
    at: DateTime<Utc>,
) -> ServiceResult<i64> {
    if wanted_cents <= 0 {
        return Ok(0);
    }
    let held = sqlx::query_scalar!(
        "SELECT balance_cents FROM solidarity_funds WHERE coop_id = $1 FOR UPDATE",
        coop_id
    )
    .fetch_optional(&mut *conn)
    .await?
    .unwrap_or(0);
    let covered = super::covered(wanted_cents, held);
    let movement = Movement {
        kind: FundKind::Discount,
        amount_cents: -covered,
        order_id: Some(order_id),
        cycle_id: None,
        note: "",
        recorded_by: None,
    };
    post(conn, coop_id, &movement, at)
        .await?
        .ok_or(ServiceError::Internal("the locked fund changed".into()))?;
    Ok(covered)
}

/// The cooperative's solidarity discounts (general and per category), and the contribution of
/// its general price split (the fund's share of sales; `catalogue::store::split_rules` has the
/// rules per category or producer).
pub async fn rates(conn: &mut PgConnection, coop_id: i64) -> ServiceResult<(Rates, i32)> {
    let r = sqlx::query!(
        "SELECT solidarity_bp, contribution_bp FROM coops WHERE id = $1",
        coop_id
    )
    .fetch_one(&mut *conn)
    .await?;
    let mut by_category = sqlx::query!(
        r#"SELECT category AS "category: Category", rate_bp FROM solidarity_category_rates WHERE coop_id = $1"#,
        coop_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|c| (c.category, c.rate_bp))
    .collect::<Vec<_>>();
    by_category.sort();
    let rates = Rates {
        general_bp: r.solidarity_bp,
        by_category,
    };
    Ok((rates, r.contribution_bp))
}

/// The board sets the general discount, audited.
pub async fn set_rates(ctx: &Ctx, board: &CurrentUser, rate_bp: i32) -> ServiceResult<()> {
    let mut tx = ctx.pool.begin().await?;
    let old_rate = sqlx::query_scalar!(
        "SELECT solidarity_bp FROM coops WHERE id = $1 FOR NO KEY UPDATE",
        ctx.coop_id()
    )
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query!(
        "UPDATE coops SET solidarity_bp = $2 WHERE id = $1",
        ctx.coop_id(),
        rate_bp
    )
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        ctx,
        Entry {
            actor: Some(board.id),
            action: "solidarity_rates",
            subject: "solidarity".into(),
            before: Some(json!({ "discount_bp": old_rate })),
            after: Some(json!({ "discount_bp": rate_bp })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The board gives a category a discount of its own, or with None gives it back the general
/// one; audited.
pub async fn set_category_rate(
    ctx: &Ctx,
    board: &CurrentUser,
    category: Category,
    rate_bp: Option<i32>,
) -> ServiceResult<()> {
    let mut tx = ctx.pool.begin().await?;
    // The cooperative's row, as the general rate takes it: two changes at once wait in turn.
    sqlx::query!("SELECT id FROM coops WHERE id = $1 FOR NO KEY UPDATE", ctx.coop_id())
        .fetch_one(&mut *tx)
        .await?;
    let old = sqlx::query_scalar!(
        "DELETE FROM solidarity_category_rates WHERE coop_id = $1 AND category = $2 RETURNING rate_bp",
        ctx.coop_id(),
        category as _,
    )
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(rate) = rate_bp {
        sqlx::query!(
            "INSERT INTO solidarity_category_rates (coop_id, category, rate_bp) VALUES ($1, $2, $3)",
            ctx.coop_id(),
            category as _,
            rate,
        )
        .execute(&mut *tx)
        .await?;
    }
    audit::record(
        &mut tx,
        ctx,
        Entry {
            actor: Some(board.id),
            action: "solidarity_rates",
            subject: format!("solidarity {}", category.code()),
            before: Some(json!({ "category": category.code(), "discount_bp": old })),
            after: Some(json!({ "category": category.code(), "discount_bp": rate_bp })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The discounts a member pays at today, if they hold a solidarity status (None otherwise).
pub async fn member_rates(
    conn: &mut PgConnection,
    coop_id: i64,
    user_id: i64,
    today: NaiveDate,
) -> ServiceResult<Option<Rates>> {
    let holds = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM solidarity_grants g WHERE g.coop_id = $1 AND g.user_id = $2
                 AND g.revoked_at IS NULL AND g.starts_on <= $3 AND g.ends_on >= $3) AS "holds!""#,
        coop_id,
        user_id,
        today as _,
    )
    .fetch_one(&mut *conn)
    .await?;
    if !holds {
        return Ok(None);
    }
    let (rates, _) = rates(conn, coop_id).await?;
    Ok(rates.any().then_some(rates))
}

/// A donation received by the cooperative for the fund, recorded by the board.
pub async fn record_donation(ctx: &Ctx, board: &CurrentUser, cents: i64, note: &str) -> ServiceResult<i64> {
    let mut tx = ctx.pool.begin().await?;
    let movement = Movement {
        kind: FundKind::Donation,
        amount_cents: cents,
        order_id: None,
        cycle_id: None,
        note,
        recorded_by: Some(board.id),
    };
    let balance = post(&mut tx, ctx.coop_id(), &movement, ctx.now)
        .await?
        .ok_or(ServiceError::Internal("a donation lowered the fund".into()))?;
    audit::record(
        &mut tx,
        ctx,
        Entry {
            actor: Some(board.id),
            action: "solidarity_donation",
            subject: "solidarity fund".into(),
            before: None,
            after: Some(json!({ "cents": cents, "balance_cents": balance, "note": note })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(balance)
}

/// The fund as anyone reads it: balance, rates, how many members hold a status, movements
/// without names.
pub async fn fund(ctx: &Ctx, page: u32) -> ServiceResult<Fund> {
    let mut conn = ctx.pool.acquire().await?;
    let balance_cents = balance(&mut conn, ctx.coop_id()).await?;
    let (rates, contribution_bp) = rates(&mut conn, ctx.coop_id()).await?;
    let today = ctx.today();
    let members = sqlx::query_scalar!(
        r#"SELECT count(DISTINCT user_id) AS "n!" FROM solidarity_grants
           WHERE coop_id = $1 AND revoked_at IS NULL AND starts_on <= $2 AND ends_on >= $2"#,
        ctx.coop_id(),
        today as _,
    )
    .fetch_one(&mut *conn)
    .await?;
    let rows = sqlx::query!(
        r#"SELECT kind AS "kind: FundKind", amount_cents, balance_cents, at AS "at: DateTime<Utc>",
                  count(*) OVER () AS "total!"
           FROM solidarity_entries WHERE coop_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3"#,
        ctx.coop_id(),
        i64::from(PER_PAGE),
        page_offset(page, PER_PAGE),
    )
    .fetch_all(&mut *conn)
    .await?;
    let total = rows.first().map_or(0, |r| r.total);
    let entries = rows
        .into_iter()
        .map(|r| FundEntryView {
            kind: r.kind,
            amount_cents: r.amount_cents,
            balance_cents: r.balance_cents,
            at: r.at,
        })
        .collect();
    Ok(Fund {
        balance_cents,
        rates,
        contribution_bp,
        members,
        entries: Page::new(entries, page, PER_PAGE, total),
    })
}

/// The association `user_id` acts for, if it is a partner of the cooperative.
pub async fn partner_of(conn: &mut PgConnection, coop_id: i64, user_id: i64) -> ServiceResult<Option<String>> {
    Ok(sqlx::query_scalar!(
        "SELECT name FROM solidarity_partners WHERE coop_id = $1 AND user_id = $2",
        coop_id,
        user_id
    )
    .fetch_optional(conn)
    .await?)
}

/// Grants a solidarity status from today to `ends_on` to the member with this email: by the
/// board, or by a partner association (`as_partner`), whose grants are its own. Audited.
pub async fn grant(
    ctx: &Ctx,
    by: &CurrentUser,
    email: &str,
    ends_on: NaiveDate,
    as_partner: bool,
) -> ServiceResult<i64> {
    let mut tx = ctx.pool.begin().await?;
    let partner = if as_partner {
        partner_of(&mut tx, ctx.coop_id(), by.id)
            .await?
            .ok_or(ServiceError::Forbidden)?;
        Some(by.id)
    } else {
        None
    };
    let (member, member_email) = crate::accounts::store::member_by_email(&mut tx, ctx.coop_id(), email).await?;
    let id = sqlx::query_scalar!(
        "INSERT INTO solidarity_grants (coop_id, user_id, granted_by, partner_user_id, starts_on, ends_on, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        ctx.coop_id(),
        member,
        by.id,
        partner,
        ctx.today() as _,
        ends_on as _,
        ctx.now as _,
    )
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        ctx,
        Entry {
            actor: Some(by.id),
            action: "solidarity_grant",
            subject: format!("solidarity {member_email}"),
            before: None,
            after: Some(json!({ "grant": id, "until": ends_on.to_string(), "partner": partner.is_some() })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Ends a status early: the board any, a partner its own. Audited.
pub async fn revoke(ctx: &Ctx, by: &CurrentUser, grant_id: i64, as_partner: bool) -> ServiceResult<()> {
    let mut tx = ctx.pool.begin().await?;
    let done = sqlx::query_scalar!(
        "UPDATE solidarity_grants SET revoked_at = $4 WHERE coop_id = $1 AND id = $2 AND revoked_at IS NULL
           AND (NOT $3 OR partner_user_id = $5) RETURNING id",
        ctx.coop_id(),
        grant_id,
        as_partner,
        ctx.now as _,
        by.id,
    )
    .fetch_optional(&mut *tx)
    .await?;
    done.ok_or(ServiceError::NotFound)?;
    audit::record(
        &mut tx,
        ctx,
        Entry {
            actor: Some(by.id),
            action: "solidarity_revoke",
            subject: format!("solidarity grant {grant_id}"),
            before: None,
            after: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Statuses still running or ended in the last month, newest first: all for the board, its own
/// for a partner (`partner`: its account).
pub async fn grants(ctx: &Ctx, partner: Option<i64>, page: u32) -> ServiceResult<Page<GrantView>> {
    let since = ctx.today() - chrono::Duration::days(31);
    let rows = sqlx::query!(
        r#"SELECT g.id, coalesce(nullif(u.display_name, ''), u.email) AS "member!", u.email,
                  g.starts_on AS "starts_on: NaiveDate", g.ends_on AS "ends_on: NaiveDate", p.name AS "partner?",
                  g.revoked_at IS NOT NULL AS "revoked!", count(*) OVER () AS "total!"
           FROM solidarity_grants g JOIN users u ON u.id = g.user_id
                LEFT JOIN solidarity_partners p ON p.coop_id = g.coop_id AND p.user_id = g.partner_user_id
           WHERE g.coop_id = $1 AND ($2::bigint IS NULL OR g.partner_user_id = $2) AND g.ends_on >= $3
           ORDER BY g.id DESC LIMIT $4 OFFSET $5"#,
        ctx.coop_id(),
        partner,
        since as _,
        i64::from(PER_PAGE),
        page_offset(page, PER_PAGE),
    )
    .fetch_all(&ctx.pool)
    .await?;
    let total = rows.first().map_or(0, |r| r.total);
    let items = rows
        .into_iter()
        .map(|r| GrantView {
            id: r.id,
            member: r.member,
            email: r.email,
            starts_on: r.starts_on,
            ends_on: r.ends_on,
            partner: r.partner,
            revoked: r.revoked,
        })
        .collect();
    Ok(Page::new(items, page, PER_PAGE, total))
}

/// The board names an account the partner association `name` acts through. Audited.
pub async fn add_partner(ctx: &Ctx, board: &CurrentUser, email: &str, name: &str) -> ServiceResult<()> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() || name.chars().count() > 120 {
        return Err(ServiceError::field("name", Msg::ErrPartnerName));
    }
    let mut tx = ctx.pool.begin().await?;
    let (user, user_email) = crate::accounts::store::member_by_email(&mut tx, ctx.coop_id(), email).await?;
    sqlx::query!(
        "INSERT INTO solidarity_partners (coop_id, user_id, name, added_by, added_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (coop_id, user_id) DO UPDATE SET name = $3",
        ctx.coop_id(),
        user,
        name,
        board.id,
        ctx.now as _,
    )
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        ctx,
        Entry {
            actor: Some(board.id),
            action: "solidarity_partner",
            subject: format!("partner {user_email}"),
            before: None,
            after: Some(json!({ "name": name })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn partners(ctx: &Ctx) -> ServiceResult<Vec<PartnerView>> {
    Ok(sqlx::query_as!(
        PartnerView,
        "SELECT p.user_id, p.name, u.email FROM solidarity_partners p JOIN users u ON u.id = p.user_id
         WHERE p.coop_id = $1 ORDER BY lower(p.name) LIMIT 200",
        ctx.coop_id()
    )
    .fetch_all(&ctx.pool)
    .await?)
}

/// The fund's contribution from a delivered cycle's sales (`contribution_cents`, the solidarity
/// part of its producers' statements), given once per cycle. Returns what was given.
pub async fn give_margin_share(
    conn: &mut PgConnection,
    coop_id: i64,
    cycle_id: i64,
    contribution_cents: i64,
    at: DateTime<Utc>,
) -> ServiceResult<i64> {
    let given = sqlx::query_scalar!(
        "SELECT EXISTS (SELECT 1 FROM solidarity_entries WHERE coop_id = $1 AND cycle_id = $2 AND kind = 'margin') AS \"given!\"",
        coop_id,
        cycle_id
    )
    .fetch_one(&mut *conn)
    .await?;
    let cents = contribution_cents;
    if given || cents <= 0 {
        return Ok(0);
    }
    let movement = Movement {
        kind: FundKind::Margin,
        amount_cents: cents,
        order_id: None,
        cycle_id: Some(cycle_id),
        note: "",
        recorded_by: None,
    };
    post(conn, coop_id, &movement, at).await?;
    Ok(cents)
}

/// The fund's movements of `year` (in the cooperative's time zone), summed by kind.
pub async fn year_totals(
    conn: &mut PgConnection,
    coop_id: i64,
    year: i32,
    zone: crate::time::Zone,
) -> ServiceResult<Vec<(FundKind, i64)>> {
    Ok(sqlx::query!(
        r#"SELECT kind AS "kind: FundKind", sum(amount_cents)::bigint AS "cents!" FROM solidarity_entries
           WHERE coop_id = $1 AND extract(year FROM at AT TIME ZONE $3)::int = $2
           GROUP BY kind ORDER BY min(id)"#,
        coop_id,
        year,
        zone.tz().name(),
    )
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|r| (r.kind, r.cents))
    .collect())
}

/// What came into the fund for a cycle and what went out of it (a positive amount): the
/// margin share given at its delivery, and the movements of its orders.
pub async fn cycle_in_out(
    conn: &mut PgConnection,
    coop_id: i64,
    cycle_id: i64,
    order_ids: &[i64],
) -> ServiceResult<(i64, i64)> {
    let r = sqlx::query!(
        r#"SELECT coalesce(sum(amount_cents) FILTER (WHERE amount_cents > 0), 0)::bigint AS "into!",
                  coalesce(-sum(amount_cents) FILTER (WHERE amount_cents < 0), 0)::bigint AS "out!"
           FROM solidarity_entries WHERE coop_id = $1 AND (cycle_id = $2 OR order_id = ANY($3))"#,
        coop_id,
        cycle_id,
        order_ids,
    )
    .fetch_one(conn)
    .await?;
    Ok((r.into, r.out))
}
