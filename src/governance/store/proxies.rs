//! Proxies: a member gives theirs to another member of the same college before the window
//! opens, and can take it back until then.

use sqlx::PgConnection;

use super::{current_member, settings};
use crate::ctx::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::governance::{AssemblyStatus, MemberStatus};
use crate::i18n::Msg;

/// The assembly row, locked, if it still takes proxies (its window has not opened).
async fn before_opening(conn: &mut PgConnection, ctx: &Ctx, assembly: i64) -> ServiceResult<()> {
    let status = sqlx::query_scalar!(
        r#"SELECT status AS "status: AssemblyStatus" FROM assemblies WHERE coop_id = $1 AND id = $2 FOR SHARE"#,
        ctx.coop_id(),
        assembly
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(ServiceError::NotFound)?;
    if status != AssemblyStatus::Convened {
        return Err(ServiceError::invalid(Msg::ErrProxyWindow));
    }
    Ok(())
}

/// A member gives their proxy for an assembly to another member of their college, named by
/// member number, before the window opens. The holder holds at most the number the
/// cooperative sets, and cannot pass proxies on.
pub async fn give_proxy(ctx: &Ctx, user_id: i64, assembly: i64, holder_number: &str) -> ServiceResult<()> {
    let number = crate::governance::forms::parse_member_number(holder_number)
        .ok_or(ServiceError::field("holder", Msg::ErrProxyHolder))?;
    let mut tx = ctx.pool.begin().await?;
    before_opening(&mut tx, ctx, assembly).await?;
    let Some((giver, status)) = current_member(&mut tx, ctx, user_id).await? else {
        return Err(ServiceError::invalid(Msg::ErrNotActiveMember));
    };
    if !status.votes() {
        return Err(ServiceError::invalid(Msg::ErrNotActiveMember));
    }
    // The holder's row is locked: two proxies given to them at once are counted one after
    // the other against the limit.
    let holder = sqlx::query!(
        r#"SELECT h.id, h.status AS "status: MemberStatus",
                  (SELECT college_id FROM member_categories WHERE coop_id = h.coop_id AND category = h.category) AS holder_college,
                  (SELECT mc.college_id FROM members g JOIN member_categories mc ON mc.coop_id = g.coop_id AND mc.category = g.category
                   WHERE g.id = $3) AS giver_college
           FROM members h WHERE h.coop_id = $1 AND h.number = $2 FOR UPDATE"#,
        ctx.coop_id(),
        number,
        giver
    )
    .fetch_optional(&mut *tx)
    .await?
    .filter(|h| h.status.votes() && h.id != giver)
    .ok_or(ServiceError::field("holder", Msg::ErrProxyHolder))?;
    if holder.holder_college.is_none() || holder.holder_college != holder.giver_college {
        return Err(ServiceError::field("holder", Msg::ErrProxyCollege));
    }
    let counts = sqlx::query!(
        r#"SELECT (SELECT count(*) FROM proxies WHERE assembly_id = $1 AND holder_id = $2 AND giver_id <> $3) AS "held!",
                  EXISTS (SELECT 1 FROM proxies WHERE assembly_id = $1 AND giver_id = $2) AS "holder_gave!",
                  EXISTS (SELECT 1 FROM proxies WHERE assembly_id = $1 AND holder_id = $3) AS "giver_holds!""#,
        assembly,
        holder.id,
        giver
    )
    .fetch_one(&mut *tx)
    .await?;
    if counts.holder_gave || counts.giver_holds {
        return Err(ServiceError::field("holder", Msg::ErrProxyChain));
    }
    let max = settings(&mut tx, ctx).await?.max_proxies;
    if counts.held >= i64::from(max) {
        return Err(ServiceError::field("holder", Msg::ErrProxyLimit));
    }
    sqlx::query!(
        "INSERT INTO proxies (assembly_id, giver_id, holder_id) VALUES ($1, $2, $3)
         ON CONFLICT (assembly_id, giver_id) DO UPDATE SET holder_id = EXCLUDED.holder_id",
        assembly,
        giver,
        holder.id
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Takes one's proxy back, until the window opens.
pub async fn revoke_proxy(ctx: &Ctx, user_id: i64, assembly: i64) -> ServiceResult<()> {
    let mut tx = ctx.pool.begin().await?;
    before_opening(&mut tx, ctx, assembly).await?;
    let Some((giver, _)) = current_member(&mut tx, ctx, user_id).await? else {
        return Err(ServiceError::invalid(Msg::ErrNotActiveMember));
    };
    sqlx::query!(
        "DELETE FROM proxies WHERE assembly_id = $1 AND giver_id = $2",
        assembly,
        giver
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
