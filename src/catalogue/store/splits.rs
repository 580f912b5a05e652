//! Where prices go: the cooperative's general split and its rules per category or producer,
//! each change written to the audit log.

use serde_json::json;
use sqlx::PgConnection;

use crate::accounts::store::CurrentUser;
use crate::audit::{self, Entry};
use crate::catalogue::{Category, Split, SplitRule, SplitRules, SplitTarget};
use crate::ctx::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::i18n::Msg;

/// The cooperative's rules, read in two queries.
pub async fn split_rules(conn: &mut PgConnection, coop_id: i64) -> ServiceResult<SplitRules> {
    let general = sqlx::query!(
        "SELECT hub_bp, commission_bp, contribution_bp FROM coops WHERE id = $1",
        coop_id
    )
    .fetch_one(&mut *conn)
    .await?;
    let rows = sqlx::query!(
        r#"SELECT s.id, s.category AS "category?: Category", s.producer_id, p.farm_name AS "farm_name?", s.hub_bp, s.coop_bp, s.solidarity_bp
         FROM price_splits s LEFT JOIN producers p ON p.id = s.producer_id
         WHERE s.coop_id = $1 ORDER BY s.producer_id NULLS FIRST, s.category, p.farm_name"#,
        coop_id
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut rules = Vec::with_capacity(rows.len());
    for r in rows {
        let target = match (r.category, r.producer_id) {
            (Some(category), None) => SplitTarget::Category(category),
            (None, Some(id)) => SplitTarget::Producer(id),
            _ => {
                return Err(ServiceError::Internal(
                    "a price split names neither a category nor a producer".into(),
                ));
            }
        };
        rules.push(SplitRule {
            id: r.id,
            target,
            producer_name: r.farm_name,
            split: Split {
                hub_bp: r.hub_bp,
                coop_bp: r.coop_bp,
                solidarity_bp: r.solidarity_bp,
            },
        });
    }
    Ok(SplitRules {
        general: Split {
            hub_bp: general.hub_bp,
            coop_bp: general.commission_bp,
            solidarity_bp: general.contribution_bp,
        },
        rules,
    })
}

pub async fn rules(ctx: &Ctx) -> ServiceResult<SplitRules> {
    let mut conn = ctx.pool.acquire().await?;
    split_rules(&mut conn, ctx.coop_id()).await
}

/// The cooperative's producers, by name, for the rule form.
pub async fn producer_names(ctx: &Ctx) -> ServiceResult<Vec<(i64, String)>> {
    Ok(sqlx::query!(
        "SELECT id, farm_name FROM producers WHERE coop_id = $1 ORDER BY farm_name, id",
        ctx.coop_id()
    )
    .fetch_all(&ctx.pool)
    .await?
    .into_iter()
    .map(|r| (r.id, r.farm_name))
    .collect())
}

/// Serialises changes of the rules of a cooperative (two boards saving the same rule at once
/// would both insert it). `NO KEY UPDATE` does not hold up rows that merely reference the
/// cooperative, such as new orders.
async fn lock_rules(conn: &mut PgConnection, coop_id: i64) -> ServiceResult<()> {
    sqlx::query!("SELECT id FROM coops WHERE id = $1 FOR NO KEY UPDATE", coop_id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(())
}

fn bounded(split: Split) -> ServiceResult<()> {
    let each = [split.hub_bp, split.coop_bp, split.solidarity_bp];
    if each.iter().any(|bp| !(0..=Split::MAX_TOTAL_BP).contains(bp)) {
        return Err(ServiceError::field("coop", Msg::ErrSharePercent));
    }
    if split.total_bp() > Split::MAX_TOTAL_BP {
        return Err(ServiceError::field("coop", Msg::ErrSplitTotal));
    }
    Ok(())
}

/// Sets the general rule.
pub async fn set_general_split(ctx: &Ctx, board: &CurrentUser, split: Split) -> ServiceResult<()> {
    bounded(split)?;
    let mut tx = ctx.pool.begin().await?;
    lock_rules(&mut tx, ctx.coop_id()).await?;
    let before = split_rules(&mut tx, ctx.coop_id()).await?.general;
    sqlx::query!(
        "UPDATE coops SET hub_bp = $2, commission_bp = $3, contribution_bp = $4 WHERE id = $1",
        ctx.coop_id(),
        split.hub_bp,
        split.coop_bp,
        split.solidarity_bp
    )
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        ctx,
        entry(board, "price_split_set", "general".into(), Some(before), Some(split)),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

fn entry(
    board: &CurrentUser,
    action: &'static str,
    subject: String,
    before: Option<Split>,
    after: Option<Split>,
) -> Entry<'static> {
    Entry {
        actor: Some(board.id),
        action,
        subject,
        before: before.map(|s| json!(s)),
        after: after.map(|s| json!(s)),
    }
}

/// Adds a rule for a category or one of the cooperative's producers, or replaces its rule.
pub async fn save_split_rule(ctx: &Ctx, board: &CurrentUser, target: SplitTarget, split: Split) -> ServiceResult<()> {
    bounded(split)?;
    let coop_id = ctx.coop_id();
    let mut tx = ctx.pool.begin().await?;
    lock_rules(&mut tx, coop_id).await?;
    let (category, producer) = match target {
        SplitTarget::Category(c) => (Some(c.code()), None),
        SplitTarget::Producer(id) => {
            let ours = sqlx::query_scalar!("SELECT id FROM producers WHERE id = $1 AND coop_id = $2", id, coop_id)
                .fetch_optional(&mut *tx)
                .await?;
            (
                None,
                Some(ours.ok_or_else(|| ServiceError::field("target", Msg::ErrSplitTarget))?),
            )
        }
    };
    let before = split_rules(&mut tx, coop_id)
        .await?
        .rules
        .into_iter()
        .find(|r| r.target == target)
        .map(|r| r.split);
    // Replace, then insert: the partial unique indexes keep one rule per target.
    sqlx::query!(
        "DELETE FROM price_splits WHERE coop_id = $1 AND (category = $2 OR producer_id = $3)",
        coop_id,
        category,
        producer
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO price_splits (coop_id, category, producer_id, hub_bp, coop_bp, solidarity_bp)
         VALUES ($1, $2, $3, $4, $5, $6)",
        coop_id,
        category,
        producer,
        split.hub_bp,
        split.coop_bp,
        split.solidarity_bp
    )
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        ctx,
        entry(board, "price_split_set", target.code(), before, Some(split)),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes one of the cooperative's rules; another cooperative's is not found.
pub async fn delete_split_rule(ctx: &Ctx, board: &CurrentUser, id: i64) -> ServiceResult<()> {
    let mut tx = ctx.pool.begin().await?;
    lock_rules(&mut tx, ctx.coop_id()).await?;
    let rule = split_rules(&mut tx, ctx.coop_id())
        .await?
        .rules
        .into_iter()
        .find(|r| r.id == id)
        .ok_or(ServiceError::NotFound)?;
    sqlx::query!(
        "DELETE FROM price_splits WHERE id = $1 AND coop_id = $2",
        id,
        ctx.coop_id()
    )
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        ctx,
        entry(board, "price_split_deleted", rule.target.code(), Some(rule.split), None),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
