//! Applications, the board's decisions on them, leaving, and the share register.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;
use sqlx::PgConnection;

use super::{current_member, settings};
use crate::audit::{self, Entry};
use crate::ctx::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::governance::forms::{Application, ApplicationForm, SharePayment};
use crate::governance::{
    Category, CategoryRule, Holding, MemberStatus, MemberView, MovementKind, MovementView, MyMembership,
};
use crate::i18n::{Locale, Msg};

/// The categories open to applications (those the board put in a college).
pub(super) async fn category_rules(conn: &mut PgConnection, ctx: &Ctx) -> ServiceResult<Vec<CategoryRule>> {
    let rows = sqlx::query!(
        r#"SELECT mc.category AS "category: Category", c.name AS college, mc.min_shares
           FROM member_categories mc JOIN colleges c ON c.id = mc.college_id
           WHERE mc.coop_id = $1 ORDER BY c.position, mc.category"#,
        ctx.coop_id()
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| CategoryRule {
            category: r.category,
            college: r.college,
            min_shares: r.min_shares,
        })
        .collect())
}

/// Applies to become a member, from the fields of the form. One application or membership at
/// a time per account. Paying by card is offered when the cooperative takes cards.
pub async fn apply(ctx: &Ctx, user_id: i64, form: &ApplicationForm<'_>, cards_taken: bool) -> ServiceResult<i64> {
    let mut tx = ctx.pool.begin().await?;
    let rules = category_rules(&mut tx, ctx).await?;
    let min = |c: Category| rules.iter().find(|r| r.category == c).map(|r| i64::from(r.min_shares));
    let app: Application = crate::governance::parse_application(form, |c| min(c).unwrap_or(1))
        .map_err(|(field, msg)| ServiceError::field(field, msg))?;
    if min(app.category).is_none() {
        return Err(ServiceError::field("category", Msg::ErrMemberCategoryClosed));
    }
    if app.payment == SharePayment::Card && !cards_taken {
        return Err(ServiceError::field("payment", Msg::ErrCardUnavailable));
    }
    if current_member(&mut tx, ctx, user_id).await?.is_some() {
        return Err(ServiceError::invalid(Msg::ErrAlreadyMember));
    }
    let id = sqlx::query_scalar!(
        "INSERT INTO members (coop_id, user_id, category, name, registration, representative, address, status,
                              payment, shares_applied, applied_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'applied', $8, $9, $10)
         ON CONFLICT DO NOTHING RETURNING id",
        ctx.coop_id(),
        user_id,
        app.category as _,
        app.name,
        app.registration,
        app.representative,
        app.address,
        app.payment as _,
        app.shares as i32,
        ctx.now as _,
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ServiceError::invalid(Msg::ErrAlreadyMember))?;
    audit::record(
        &mut tx,
        ctx,
        Entry {
            actor: Some(user_id),
            action: "member_applied",
            subject: format!("member {id}"),
            before: None,
            after: Some(json!({ "category": app.category.code(), "shares": app.shares, "name": app.name })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

async fn lock_member(conn: &mut PgConnection, ctx: &Ctx, member_id: i64) -> ServiceResult<(MemberStatus, i32, i64)> {
    let r = sqlx::query!(
        r#"SELECT status AS "status: MemberStatus", shares_applied, user_id FROM members
           WHERE coop_id = $1 AND id = $2 FOR UPDATE"#,
        ctx.coop_id(),
        member_id
    )
    .fetch_optional(conn)
    .await?
    .ok_or(ServiceError::NotFound)?;
    Ok((r.status, r.shares_applied, r.user_id))
}

/// The board approves an application: the applicant becomes a member with the next member
/// number (no gaps), the shares applied for are subscribed in the register, and the new
/// member is told by email.
pub async fn approve(ctx: &Ctx, actor: i64, member_id: i64) -> ServiceResult<i32> {
    let mut tx = ctx.pool.begin().await?;
    let (status, shares, _) = lock_member(&mut tx, ctx, member_id).await?;
    if status != MemberStatus::Applied {
        return Err(ServiceError::invalid(Msg::ErrApplicationDecided));
    }
    settings(&mut tx, ctx).await?;
    let number = sqlx::query_scalar!(
        "UPDATE governance_settings SET next_member_number = next_member_number + 1 WHERE coop_id = $1
         RETURNING next_member_number - 1",
        ctx.coop_id()
    )
    .fetch_one(&mut *tx)
    .await?
    .unwrap_or(1);
    sqlx::query!(
        "UPDATE members SET status = 'active', number = $2, decided_at = $3, decided_by = $4 WHERE id = $1",
        member_id,
        number,
        ctx.now as _,
        actor
    )
    .execute(&mut *tx)
    .await?;
    insert_movement(
        &mut tx,
        ctx,
        Some(actor),
        member_id,
        MovementKind::Subscribed,
        i64::from(shares),
        0,
        &format!("adhésion n° {number}"),
        ctx.today(),
    )
    .await?;
    // Shares paid by card when applying enter the register with the approval.
    let card = sqlx::query!(
        r#"SELECT card_paid_cents, card_paid_on AS "card_paid_on: NaiveDate", stripe_payment_intent FROM members WHERE id = $1"#,
        member_id
    )
    .fetch_one(&mut *tx)
    .await?;
    if card.card_paid_cents > 0 {
        let reference = super::card::card_reference(card.stripe_payment_intent.as_deref());
        let on = card.card_paid_on.unwrap_or_else(|| ctx.today());
        insert_movement(
            &mut tx,
            ctx,
            Some(actor),
            member_id,
            MovementKind::Paid,
            0,
            card.card_paid_cents,
            &reference,
            on,
        )
        .await?;
    }
    tell_applicant(&mut tx, ctx, member_id, |locale, coop, link| {
        crate::mail::templates::membership_approved(locale, coop, number, link)
    })
    .await?;
    audit::record(
        &mut tx,
        ctx,
        Entry {
            actor: Some(actor),
            action: "member_approved",
            subject: format!("member {member_id}"),
            before: Some(json!({ "status": status.code() })),
            after: Some(json!({ "status": "active", "number": number })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(number)
}

/// Queues the board's decision to the applicant, in their language, with a link to their
/// membership page: `mail` writes it from (language, cooperative, link).
async fn tell_applicant(
    conn: &mut PgConnection,
    ctx: &Ctx,
    member_id: i64,
    mail: impl FnOnce(Locale, &str, &str) -> crate::mail::Email,
) -> ServiceResult<()> {
    let r = sqlx::query!(
        r#"SELECT u.email, u.locale AS "locale: Locale" FROM members m JOIN users u ON u.id = m.user_id WHERE m.id = $1"#,
        member_id
    )
    .fetch_one(&mut *conn)
    .await?;
    let email = mail(r.locale, &ctx.coop().name, &ctx.link(crate::paths::MEMBERSHIP));
    crate::mail::enqueue(conn, Some(ctx.coop_id()), &r.email, &email).await?;
    Ok(())
}

/// The board refuses an application, with the reason the applicant will read on their page
/// and in an email.
pub async fn refuse(ctx: &Ctx, actor: i64, member_id: i64, reason: &str) -> ServiceResult<()> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(ServiceError::field("reason", Msg::ErrRefusalReason));
    }
    let mut tx = ctx.pool.begin().await?;
    let (status, _, _) = lock_member(&mut tx, ctx, member_id).await?;
    if status != MemberStatus::Applied {
        return Err(ServiceError::invalid(Msg::ErrApplicationDecided));
    }
    // Shares paid by card go back to the card.
    let paid = sqlx::query_scalar!("SELECT card_paid_cents FROM members WHERE id = $1", member_id)
        .fetch_one(&mut *tx)
        .await?;
    if paid > 0 {
        super::card::queue_refund(&mut tx, ctx, member_id, paid, "application refused").await?;
    }
    sqlx::query!(
        "UPDATE members SET status = 'refused', refusal_reason = $2, decided_at = $3, decided_by = $4 WHERE id = $1",
        member_id,
        reason,
        ctx.now as _,
        actor
    )
    .execute(&mut *tx)
    .await?;
    tell_applicant(&mut tx, ctx, member_id, |locale, coop, link| {
        crate::mail::templates::membership_refused(locale, coop, reason, paid > 0, link)
    })
    .await?;
    audit::record(
        &mut tx,
        ctx,
        Entry {
            actor: Some(actor),
            action: "member_refused",
            subject: format!("member {member_id}"),
            before: Some(json!({ "status": status.code() })),
            after: Some(json!({ "status": "refused", "reason": reason })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A member asks to leave. They stay a member (and vote) until the board records the refund
/// of their shares, under the rule the cooperative sets.
pub async fn request_leave(ctx: &Ctx, user_id: i64) -> ServiceResult<()> {
    let mut tx = ctx.pool.begin().await?;
    let Some((member_id, MemberStatus::Active)) = current_member(&mut tx, ctx, user_id).await? else {
        return Err(ServiceError::invalid(Msg::ErrNotActiveMember));
    };
    sqlx::query!(
        "UPDATE members SET status = 'leaving', leave_requested_at = $2 WHERE id = $1 AND status = 'active'",
        member_id,
        ctx.now as _
    )
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        ctx,
        Entry {
            actor: Some(user_id),
            action: "member_leaving",
            subject: format!("member {member_id}"),
            before: Some(json!({ "status": "active" })),
            after: Some(json!({ "status": "leaving" })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn insert_movement(
    conn: &mut PgConnection,
    ctx: &Ctx,
    actor: Option<i64>,
    member_id: i64,
    kind: MovementKind,
    shares: i64,
    cents: i64,
    reference: &str,
    on: NaiveDate,
) -> ServiceResult<()> {
    let moves = movements_in(&mut *conn, member_id).await?;
    let holding = Holding::of(moves.iter().map(|m| (m.kind, i64::from(m.shares), m.cents)))
        .ok_or_else(|| ServiceError::Internal(format!("member {member_id}: stored movements refused")))?;
    let after = holding.apply(kind, shares, cents).map_err(ServiceError::invalid)?;
    let shares = i32::try_from(shares).map_err(|_| ServiceError::field("shares", Msg::ErrShareCount))?;
    sqlx::query!(
        "INSERT INTO share_movements (coop_id, member_id, kind, shares, cents, reference, occurred_on, recorded_at, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        ctx.coop_id(),
        member_id,
        kind as _,
        shares,
        cents,
        reference,
        on as _,
        ctx.now as _,
        actor
    )
    .execute(&mut *conn)
    .await?;
    audit::record(
        conn,
        ctx,
        Entry {
            actor,
            action: "share_movement",
            subject: format!("member {member_id}"),
            before: Some(json!({ "shares": holding.shares, "paid_cents": holding.paid_cents })),
            after: Some(json!({ "kind": kind.code(), "reference": reference, "shares": after.shares, "paid_cents": after.paid_cents })),
        },
    )
    .await?;
    Ok(())
}

/// The board records a movement of a member's shares (money received, shares transferred or
/// refunded), with its date and reference. Refusing anything that would make the holding
/// negative; a leaving member whose shares are all refunded has left.
#[allow(clippy::too_many_arguments)]
pub async fn record_movement(
    ctx: &Ctx,
    actor: i64,
    member_id: i64,
    kind: &str,
    shares: &str,
    amount: &str,
    reference: &str,
    on: &str,
) -> ServiceResult<()> {
    let kind = MovementKind::parse(kind).ok_or(ServiceError::field("kind", Msg::ErrShareMovement))?;
    let shares: i64 = match shares.trim() {
        "" => 0,
        s if s.len() <= 6 && s.bytes().all(|b| b.is_ascii_digit()) => s.parse().unwrap_or(0),
        _ => return Err(ServiceError::field("shares", Msg::ErrShareCount)),
    };
    if shares > crate::governance::forms::MAX_SHARES {
        return Err(ServiceError::field("shares", Msg::ErrShareCount));
    }
    let cents = match amount.trim() {
        "" => Some(0),
        typed => crate::money::parse_cents(typed).filter(|c| (0..=100_000_000).contains(c)),
    }
    .ok_or(ServiceError::field("amount", Msg::ErrShareAmount))?;
    let reference = reference.split_whitespace().collect::<Vec<_>>().join(" ");
    if reference.is_empty() || reference.chars().count() > 120 {
        return Err(ServiceError::field("reference", Msg::ErrShareReference));
    }
    let on = NaiveDate::parse_from_str(on.trim(), "%Y-%m-%d")
        .ok()
        .filter(|d| *d <= ctx.now.date_naive() && *d >= NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default())
        .ok_or(ServiceError::field("on", Msg::ErrShareDate))?;
    let mut tx = ctx.pool.begin().await?;
    let (status, _, _) = lock_member(&mut tx, ctx, member_id).await?;
    if !matches!(status, MemberStatus::Active | MemberStatus::Leaving) {
        return Err(ServiceError::invalid(Msg::ErrNotActiveMember));
    }
    insert_movement(
        &mut tx,
        ctx,
        Some(actor),
        member_id,
        kind,
        shares,
        cents,
        &reference,
        on,
    )
    .await?;
    if status == MemberStatus::Leaving && kind == MovementKind::Refunded {
        let left = movements_in(&mut tx, member_id).await?;
        let holding = Holding::of(left.iter().map(|m| (m.kind, i64::from(m.shares), m.cents))).unwrap_or_default();
        if holding.shares == 0 {
            sqlx::query!(
                "UPDATE members SET status = 'left', left_at = $2 WHERE id = $1",
                member_id,
                ctx.now as _
            )
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// A card payment that arrived after the approval, entered in the register by Stripe's event
/// (no one recorded it).
pub(super) async fn register_card_payment(
    conn: &mut PgConnection,
    ctx: &Ctx,
    member_id: i64,
    cents: i64,
    reference: &str,
    on: NaiveDate,
) -> ServiceResult<()> {
    insert_movement(conn, ctx, None, member_id, MovementKind::Paid, 0, cents, reference, on).await
}

async fn movements_in(conn: &mut PgConnection, member_id: i64) -> ServiceResult<Vec<MovementView>> {
    Ok(sqlx::query_as!(
        MovementView,
        r#"SELECT kind AS "kind: MovementKind", shares, cents, reference, occurred_on AS "occurred_on: NaiveDate"
           FROM share_movements WHERE member_id = $1 ORDER BY occurred_on, id"#,
        member_id
    )
    .fetch_all(conn)
    .await?)
}

/// A member's movements, for the board (any member of the cooperative).
pub async fn movements_of(ctx: &Ctx, member_id: i64) -> ServiceResult<(MemberView, Vec<MovementView>)> {
    let member = member_of(ctx, member_id).await?;
    let mut conn = ctx.pool.acquire().await?;
    Ok((member, movements_in(&mut conn, member_id).await?))
}

/// The member with this number (as the board types it), or a field error.
pub async fn member_by_number(ctx: &Ctx, number: &str) -> ServiceResult<i64> {
    let number = crate::governance::forms::parse_member_number(number)
        .ok_or(ServiceError::field("number", Msg::ErrMemberNumber))?;
    sqlx::query_scalar!(
        "SELECT id FROM members WHERE coop_id = $1 AND number = $2",
        ctx.coop_id(),
        number
    )
    .fetch_optional(&ctx.pool)
    .await?
    .ok_or(ServiceError::field("number", Msg::ErrMemberNumber))
}

pub async fn member_of(ctx: &Ctx, member_id: i64) -> ServiceResult<MemberView> {
    member_views!(
        "members m",
        "WHERE m.coop_id = $1 AND m.id = $2",
        ctx.coop_id(),
        member_id
    )
    .fetch_optional(&ctx.pool)
    .await?
    .ok_or(ServiceError::NotFound)
}

/// The applications waiting for the board, oldest first.
pub async fn applications(ctx: &Ctx) -> ServiceResult<Vec<MemberView>> {
    Ok(member_views!(
        "members m",
        "WHERE m.coop_id = $1 AND m.status = 'applied' ORDER BY m.applied_at, m.id LIMIT 200",
        ctx.coop_id()
    )
    .fetch_all(&ctx.pool)
    .await?)
}

/// My membership: the rules to apply, or where my application or membership stands, with my
/// holding and its history.
pub async fn my_membership(ctx: &Ctx, user_id: i64, cards: bool) -> ServiceResult<MyMembership> {
    let mut conn = ctx.pool.acquire().await?;
    let settings = settings(&mut conn, ctx).await?;
    let categories = category_rules(&mut conn, ctx).await?;
    // The current membership, else the last refused application (to show its reason).
    let member = member_views!(
        "members m",
        "WHERE m.coop_id = $1 AND m.user_id = $2
         ORDER BY (m.status IN ('applied', 'active', 'leaving')) DESC, m.id DESC LIMIT 1",
        ctx.coop_id(),
        user_id
    )
    .fetch_optional(&mut *conn)
    .await?;
    let movements = match &member {
        Some(m) => movements_in(&mut conn, m.id).await?,
        None => Vec::new(),
    };
    Ok(MyMembership {
        member,
        movements,
        settings,
        categories,
        zone: ctx.coop().timezone,
        cards,
    })
}
