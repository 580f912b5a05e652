//! Member credit in Postgres. `credit::store` is the only writer of `credit_accounts`,
//! `credit_entries` and `credit_top_ups`. Every movement goes through [`post`]: one conditional
//! `UPDATE` of the account's row, which waits for any other movement of the same account and
//! refuses one that would take the balance below zero, then the entry with the balance it left.

mod card;

use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::PgConnection;

pub use card::{TOP_UP_PREFIX, TopUpApplied, TopUpEvent, apply_top_up_event, open_top_up, top_up_of};

use super::{AccountSummary, EntryKind, EntryView, Statement};
use crate::accounts::store::CurrentUser;
use crate::audit::{self, Entry};
use crate::coop::{Page, page_offset};
use crate::ctx::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::i18n::Msg;

crate::stored_code!(EntryKind);

pub const PER_PAGE: u32 = 30;

/// One movement of a member's credit.
#[derive(Clone, Debug)]
pub struct Posting<'a> {
    pub kind: EntryKind,
    /// Positive brings credit, negative spends it.
    pub amount_cents: i64,
    pub order_id: Option<i64>,
    pub reason: &'a str,
    pub recorded_by: Option<i64>,
}

/// Applies a movement to a member's account (opened at zero if it has none), in the caller's
/// transaction. Returns the new balance, or None, with nothing written, when the movement would
/// overdraw the account. Concurrent movements of one account queue on its row: the condition is
/// checked again on the row as the previous one left it.
pub async fn post(
    conn: &mut PgConnection,
    coop_id: i64,
    user_id: i64,
    posting: &Posting<'_>,
    at: DateTime<Utc>,
) -> ServiceResult<Option<i64>> {
    sqlx::query!(
        "INSERT INTO credit_accounts (coop_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        coop_id,
        user_id
    )
    .execute(&mut *conn)
    .await?;
    let Some(balance) = sqlx::query_scalar!(
        "UPDATE credit_accounts SET balance_cents = balance_cents + $3
         WHERE coop_id = $1 AND user_id = $2 AND balance_cents + $3 >= 0 RETURNING balance_cents",
        coop_id,
        user_id,
        posting.amount_cents,
    )
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    sqlx::query!(
        "INSERT INTO credit_entries (coop_id, user_id, kind, amount_cents, balance_cents, order_id, reason, recorded_by, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        coop_id,
        user_id,
        posting.kind as EntryKind,
        posting.amount_cents,
        balance,
        posting.order_id,
        posting.reason,
        posting.recorded_by,
        at as _,
    )
    .execute(&mut *conn)
    .await?;
    Ok(Some(balance))
}

/// A member's balance and refund choice (zero and card when they never had credit).
pub async fn balance(conn: &mut PgConnection, coop_id: i64, user_id: i64) -> ServiceResult<(i64, bool)> {
    Ok(sqlx::query!(
        "SELECT balance_cents, refunds_to_credit FROM credit_accounts WHERE coop_id = $1 AND user_id = $2",
        coop_id,
        user_id
    )
    .fetch_optional(conn)
    .await?
    .map_or((0, false), |r| (r.balance_cents, r.refunds_to_credit)))
}

/// The signed-in member's credit: balance, refund choice and a page of entries, newest first.
pub async fn statement(ctx: &Ctx, user_id: i64, page: u32) -> ServiceResult<Statement> {
    let mut conn = ctx.pool.acquire().await?;
    let (balance_cents, refunds_to_credit) = balance(&mut conn, ctx.coop_id(), user_id).await?;
    let rows = sqlx::query!(
        r#"SELECT id, kind AS "kind: EntryKind", amount_cents, balance_cents, order_id, reason,
                  at AS "at: DateTime<Utc>", count(*) OVER () AS "total!"
           FROM credit_entries WHERE coop_id = $1 AND user_id = $2 ORDER BY id DESC LIMIT $3 OFFSET $4"#,
        ctx.coop_id(),
        user_id,
        i64::from(PER_PAGE),
        page_offset(page, PER_PAGE),
    )
    .fetch_all(&mut *conn)
    .await?;
    let total = rows.first().map_or(0, |r| r.total);
    let entries = rows
        .into_iter()
        .map(|r| EntryView {
            id: r.id,
            kind: r.kind,
            amount_cents: r.amount_cents,
            balance_cents: r.balance_cents,
            order_id: r.order_id,
            reason: r.reason,
            at: r.at,
        })
        .collect();
    Ok(Statement {
        balance_cents,
        refunds_to_credit,
        entries: Page::new(entries, page, PER_PAGE, total),
    })
}

/// The member's choice for refunds of card orders: to their credit (true) or to the card.
pub async fn set_refunds_to_credit(ctx: &Ctx, user_id: i64, to_credit: bool) -> ServiceResult<()> {
    sqlx::query!(
        "INSERT INTO credit_accounts (coop_id, user_id, refunds_to_credit) VALUES ($1, $2, $3)
         ON CONFLICT (coop_id, user_id) DO UPDATE SET refunds_to_credit = $3",
        ctx.coop_id(),
        user_id,
        to_credit
    )
    .execute(&ctx.pool)
    .await?;
    Ok(())
}

/// What staff record for a member: money received at the hub (a top-up) or the board's
/// correction (an adjustment, either way, with a reason).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StaffMove {
    TopUp,
    Adjustment,
}

/// Records a top-up received at the hub or a board adjustment for the member with this email,
/// with its audit entry. An adjustment that would overdraw the account is refused.
pub async fn record(
    ctx: &Ctx,
    staff: &CurrentUser,
    email: &str,
    what: StaffMove,
    amount_cents: i64,
    reason: &str,
) -> ServiceResult<i64> {
    let mut tx = ctx.pool.begin().await?;
    let (member, member_email) = crate::accounts::store::member_by_email(&mut tx, ctx.coop_id(), email).await?;
    let (kind, action) = match what {
        StaffMove::TopUp => (EntryKind::TopUpHub, "credit_top_up"),
        StaffMove::Adjustment => (EntryKind::Adjustment, "credit_adjustment"),
    };
    let posting = Posting {
        kind,
        amount_cents,
        order_id: None,
        reason,
        recorded_by: Some(staff.id),
    };
    let balance = post(&mut tx, ctx.coop_id(), member, &posting, ctx.now)
        .await?
        .ok_or(ServiceError::field("amount", Msg::ErrCreditOverdraw))?;
    audit::record(
        &mut tx,
        ctx,
        Entry {
            actor: Some(staff.id),
            action,
            subject: format!("credit {member_email}"),
            before: Some(json!({ "balance_cents": balance - amount_cents })),
            after: Some(json!({ "balance_cents": balance, "cents": amount_cents, "reason": reason })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(balance)
}

/// The members who have a credit account, by name, with their balance.
pub async fn accounts(ctx: &Ctx, page: u32) -> ServiceResult<Page<AccountSummary>> {
    let rows = sqlx::query!(
        r#"SELECT a.user_id, u.display_name, u.email, a.balance_cents, count(*) OVER () AS "total!"
           FROM credit_accounts a JOIN users u ON u.id = a.user_id
           WHERE a.coop_id = $1 AND EXISTS (SELECT 1 FROM credit_entries e WHERE e.coop_id = a.coop_id AND e.user_id = a.user_id)
           ORDER BY lower(coalesce(nullif(u.display_name, ''), u.email)), a.user_id LIMIT $2 OFFSET $3"#,
        ctx.coop_id(),
        i64::from(PER_PAGE),
        page_offset(page, PER_PAGE),
    )
    .fetch_all(&ctx.pool)
    .await?;
    let total = rows.first().map_or(0, |r| r.total);
    let items = rows
        .into_iter()
        .map(|r| AccountSummary {
            user_id: r.user_id,
            name: if r.display_name.is_empty() {
                r.email.clone()
            } else {
                r.display_name
            },
            email: r.email,
            balance_cents: r.balance_cents,
        })
        .collect();
    Ok(Page::new(items, page, PER_PAGE, total))
}
