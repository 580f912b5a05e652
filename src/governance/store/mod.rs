//! Governance services and their SQL. The governance context owns its tables (members,
//! share_movements, colleges, member_categories, assemblies and what hangs off them,
//! decisions) and writes the audit log (`crate::audit`) in the transaction of each change.

use sqlx::PgConnection;

use super::forms::SharePayment;
use super::{
    AssemblyKind, AssemblyStatus, Category, Majority, MemberStatus, MovementKind, ProposalKind, Quorum, Settings,
};
use crate::ctx::Ctx;
use crate::error::{ServiceError, ServiceResult};

macro_rules! member_views {
    // `$from` names the members read (`members m`, or a page of them as `m`): the sums of
    // their movements are computed for those rows only.
    ($from:literal, $where:literal, $($arg:expr),* $(,)?) => {
        sqlx::query_as!(
            MemberView,
            r#"SELECT m.id, m.number, m.name, u.email, m.category AS "category: Category",
                      m.status AS "status: MemberStatus", m.registration, m.representative, m.address,
                      m.shares_applied, m.payment AS "payment: SharePayment",
                      m.card_paid_cents, m.card_paid_on AS "card_paid_on: NaiveDate",
                      m.applied_at AS "applied_at: DateTime<Utc>", m.refusal_reason,
                      coalesce(h.shares, 0) AS "shares!", coalesce(h.paid_cents, 0) AS "paid_cents!",
                      c.name AS "college?"
               FROM "# + $from + r#" JOIN users u ON u.id = m.user_id
               LEFT JOIN LATERAL (
                   SELECT sum(CASE WHEN s.kind IN ('subscribed', 'transferred_in') THEN s.shares
                                   WHEN s.kind IN ('transferred_out', 'refunded') THEN -s.shares ELSE 0 END)::bigint AS shares,
                          sum(CASE WHEN s.kind IN ('paid', 'transferred_in') THEN s.cents
                                   WHEN s.kind IN ('refunded', 'transferred_out') THEN -s.cents ELSE 0 END)::bigint AS paid_cents
                   FROM share_movements s WHERE s.member_id = m.id) h ON true
               LEFT JOIN member_categories mc ON mc.coop_id = m.coop_id AND mc.category = m.category
               LEFT JOIN colleges c ON c.id = mc.college_id
               "# + $where,
            $($arg),*
        )
    };
}

mod assemblies;
mod card;
mod colleges;
mod members;
mod proxies;
mod register;
mod votes;

pub use assemblies::{advance_assemblies, assembly_page, convene, list_assemblies};
pub use card::{REFERENCE_PREFIX, ShareApplied, ShareEvent, application_of, apply_share_event, open_share_payment};
pub use colleges::{CollegeDef, colleges_page, define_colleges, reweigh_colleges};
pub use members::{
    applications, apply, approve, member_by_number, member_of, movements_of, my_membership, record_movement, refuse,
    request_leave,
};
pub use proxies::{give_proxy, revoke_proxy};
pub use register::{register, register_csv, register_document};
pub use votes::{decisions, vote};

crate::stored_code!(
    Category,
    MemberStatus,
    MovementKind,
    SharePayment,
    AssemblyKind,
    AssemblyStatus,
    Majority,
    ProposalKind
);

/// The cooperative's governance settings, created with the defaults the first time.
pub async fn settings(conn: &mut PgConnection, ctx: &Ctx) -> ServiceResult<Settings> {
    // Read first: the row is written once, the first time a cooperative needs it.
    let r = loop {
        let row = sqlx::query!(
            r#"SELECT share_value_cents, notice_days, max_proxies,
                      ordinary_quorum_num, ordinary_quorum_den, ordinary_majority AS "ordinary_majority: Majority",
                      extraordinary_quorum_num, extraordinary_quorum_den,
                      extraordinary_majority AS "extraordinary_majority: Majority", refund_rule
               FROM governance_settings WHERE coop_id = $1"#,
            ctx.coop_id()
        )
        .fetch_optional(&mut *conn)
        .await?;
        match row {
            Some(r) => break r,
            None => {
                sqlx::query!(
                    "INSERT INTO governance_settings (coop_id) VALUES ($1) ON CONFLICT DO NOTHING",
                    ctx.coop_id()
                )
                .execute(&mut *conn)
                .await?;
            }
        }
    };
    Ok(Settings {
        share_value_cents: r.share_value_cents,
        notice_days: r.notice_days,
        max_proxies: r.max_proxies,
        ordinary_quorum: quorum(r.ordinary_quorum_num, r.ordinary_quorum_den)?,
        ordinary_majority: r.ordinary_majority,
        extraordinary_quorum: quorum(r.extraordinary_quorum_num, r.extraordinary_quorum_den)?,
        extraordinary_majority: r.extraordinary_majority,
        refund_rule: r.refund_rule,
    })
}

/// The board changes the governance settings: the value of a share, the notice before a
/// vote opens, proxies per holder, each kind of assembly's quorum and majority, the refund
/// rule. Fields as typed; each is checked and named in its error.
pub async fn save_settings(ctx: &Ctx, actor: i64, fields: [&str; 8]) -> ServiceResult<()> {
    use crate::governance::forms::parse_quorum;
    use crate::i18n::Msg;
    let [value, notice, proxies, oq, om, eq, em, rule] = fields;
    let value = crate::money::parse_cents(value)
        .filter(|c| (100..=1_000_000).contains(c))
        .ok_or(ServiceError::field("share_value", Msg::ErrShareValue))?;
    let notice: i32 = notice
        .trim()
        .parse()
        .ok()
        .filter(|d| (0..=90).contains(d))
        .ok_or(ServiceError::field("notice_days", Msg::ErrNoticeDays))?;
    let proxies: i32 = proxies
        .trim()
        .parse()
        .ok()
        .filter(|p| (0..=10).contains(p))
        .ok_or(ServiceError::field("max_proxies", Msg::ErrMaxProxies))?;
    let oq = parse_quorum(oq).ok_or(ServiceError::field("ordinary_quorum", Msg::ErrQuorum))?;
    let eq = parse_quorum(eq).ok_or(ServiceError::field("extraordinary_quorum", Msg::ErrQuorum))?;
    let om = Majority::parse(om).ok_or(ServiceError::field("ordinary_majority", Msg::ErrMajority))?;
    let em = Majority::parse(em).ok_or(ServiceError::field("extraordinary_majority", Msg::ErrMajority))?;
    let rule = rule.trim();
    if rule.chars().count() > 500 {
        return Err(ServiceError::field("refund_rule", Msg::ErrRefundRule));
    }
    let mut tx = ctx.pool.begin().await?;
    let before = settings(&mut tx, ctx).await?;
    sqlx::query!(
        "UPDATE governance_settings SET share_value_cents = $2, notice_days = $3, max_proxies = $4,
             ordinary_quorum_num = $5, ordinary_quorum_den = $6, ordinary_majority = $7,
             extraordinary_quorum_num = $8, extraordinary_quorum_den = $9, extraordinary_majority = $10, refund_rule = $11
         WHERE coop_id = $1",
        ctx.coop_id(),
        value,
        notice,
        proxies,
        oq.num as i32,
        oq.den as i32,
        om as _,
        eq.num as i32,
        eq.den as i32,
        em as _,
        rule
    )
    .execute(&mut *tx)
    .await?;
    let after = settings(&mut tx, ctx).await?;
    crate::audit::record(
        &mut tx,
        ctx,
        crate::audit::Entry {
            actor: Some(actor),
            action: "governance_settings",
            subject: "settings".into(),
            before: serde_json::to_value(&before).ok(),
            after: serde_json::to_value(&after).ok(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The settings, for the board's form.
pub async fn get_settings(ctx: &Ctx) -> ServiceResult<Settings> {
    let mut conn = ctx.pool.acquire().await?;
    settings(&mut conn, ctx).await
}

fn quorum(num: i32, den: i32) -> ServiceResult<Quorum> {
    Quorum::new(num.max(0) as u32, den.max(0) as u32)
        .map_err(|_| ServiceError::Internal(format!("stored quorum {num}/{den}")))
}

/// Members entitled to vote and the board read the assemblies and the decisions register;
/// anyone else is refused.
pub async fn member_or_board(ctx: &Ctx, viewer: i64, is_board: bool) -> ServiceResult<()> {
    if is_board {
        return Ok(());
    }
    let mut conn = ctx.pool.acquire().await?;
    match current_member(&mut conn, ctx, viewer).await? {
        Some((_, status)) if status.votes() => Ok(()),
        _ => Err(ServiceError::Forbidden),
    }
}

/// The signed-in account's current membership in the cooperative (applied, active or leaving).
pub(crate) async fn current_member(
    conn: &mut PgConnection,
    ctx: &Ctx,
    user_id: i64,
) -> ServiceResult<Option<(i64, MemberStatus)>> {
    Ok(sqlx::query!(
        r#"SELECT id, status AS "status: MemberStatus" FROM members
           WHERE coop_id = $1 AND user_id = $2 AND status IN ('applied', 'active', 'leaving')"#,
        ctx.coop_id(),
        user_id
    )
    .fetch_optional(conn)
    .await?
    .map(|r| (r.id, r.status)))
}
