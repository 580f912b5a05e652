//! The colleges: defined once by the board (as the statutes set them), their weights changed
//! afterwards only by applying an adopted decision of a general assembly.

use serde_json::json;

use crate::audit::{self, Entry};
use crate::ctx::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::governance::colleges::parse_percent;
use crate::governance::{Category, CollegeView, CollegesPage, DecisionView, check_weights};
use crate::i18n::Msg;

/// One college as the board defines it: its name, its weight as typed ("30" %), the
/// categories voting in it with their minimum number of shares.
pub struct CollegeDef {
    pub name: String,
    pub weight: String,
    pub categories: Vec<(Category, i32)>,
}

pub async fn colleges_page(ctx: &Ctx) -> ServiceResult<CollegesPage> {
    let rows = sqlx::query!(
        r#"SELECT c.id, c.name, c.weight_bp,
                  coalesce(array_agg(mc.category ORDER BY mc.category) FILTER (WHERE mc.category IS NOT NULL), '{}') AS "categories!: Vec<Category>",
                  (SELECT count(*) FROM members m JOIN member_categories x ON x.coop_id = m.coop_id AND x.category = m.category
                   WHERE m.coop_id = c.coop_id AND x.college_id = c.id AND m.status IN ('active', 'leaving')) AS "members!"
           FROM colleges c LEFT JOIN member_categories mc ON mc.college_id = c.id
           WHERE c.coop_id = $1 GROUP BY c.id ORDER BY c.position"#,
        ctx.coop_id()
    )
    .fetch_all(&ctx.pool)
    .await?;
    let colleges = rows
        .into_iter()
        .map(|r| CollegeView {
            id: r.id,
            name: r.name,
            weight_bp: r.weight_bp,
            categories: r.categories,
            members: r.members,
        })
        .collect();
    let decisions = super::votes::decisions(ctx)
        .await?
        .into_iter()
        .filter(|d| d.adopted)
        .collect::<Vec<DecisionView>>();
    let unused = sqlx::query_scalar!(
        "SELECT id FROM decisions WHERE coop_id = $1 AND adopted AND applied_to_colleges_at IS NULL",
        ctx.coop_id()
    )
    .fetch_all(&ctx.pool)
    .await?;
    Ok(CollegesPage {
        colleges,
        decisions: decisions.into_iter().filter(|d| unused.contains(&d.id)).collect(),
    })
}

fn weights_of(typed: &[&str]) -> ServiceResult<Vec<u32>> {
    let weights: Vec<u32> = typed
        .iter()
        .map(|w| parse_percent(w).ok_or(ServiceError::field("weight", Msg::ErrCollegeWeightRange)))
        .collect::<Result<_, _>>()?;
    check_weights(&weights).map_err(|m| ServiceError::field("weight", m))?;
    Ok(weights)
}

/// Defines the colleges of a cooperative that has none yet (the statutes' colleges). Every
/// category goes to at most one college; the weights follow the SCIC rule.
pub async fn define_colleges(ctx: &Ctx, actor: i64, defs: &[CollegeDef]) -> ServiceResult<()> {
    let typed: Vec<&str> = defs.iter().map(|d| d.weight.as_str()).collect();
    let weights = weights_of(&typed)?;
    let mut seen = Vec::new();
    for d in defs {
        let n = d.name.trim().chars().count();
        if n == 0 || n > 80 {
            return Err(ServiceError::field("name", Msg::ErrCollegeName));
        }
        for (c, min) in &d.categories {
            if seen.contains(c) || !(1..=10_000).contains(min) {
                return Err(ServiceError::field("categories", Msg::ErrCollegeCategories));
            }
            seen.push(*c);
        }
    }
    let mut tx = ctx.pool.begin().await?;
    // One definition at a time: the settings row is the cooperative's governance lock.
    super::settings(&mut tx, ctx).await?;
    sqlx::query!(
        "SELECT coop_id FROM governance_settings WHERE coop_id = $1 FOR UPDATE",
        ctx.coop_id()
    )
    .fetch_one(&mut *tx)
    .await?;
    let exists = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM colleges WHERE coop_id = $1) AS "e!""#,
        ctx.coop_id()
    )
    .fetch_one(&mut *tx)
    .await?;
    if exists {
        return Err(ServiceError::invalid(Msg::ErrCollegesDefined));
    }
    for (i, (d, w)) in defs.iter().zip(&weights).enumerate() {
        let id = sqlx::query_scalar!(
            "INSERT INTO colleges (coop_id, name, weight_bp, position) VALUES ($1, $2, $3, $4) RETURNING id",
            ctx.coop_id(),
            d.name.trim(),
            *w as i32,
            i as i32
        )
        .fetch_one(&mut *tx)
        .await?;
        for (c, min) in &d.categories {
            sqlx::query!(
                "INSERT INTO member_categories (coop_id, category, college_id, min_shares) VALUES ($1, $2, $3, $4)",
                ctx.coop_id(),
                *c as _,
                id,
                min
            )
            .execute(&mut *tx)
            .await?;
        }
    }
    audit::record(
        &mut tx,
        ctx,
        Entry {
            actor: Some(actor),
            action: "colleges_defined",
            subject: "colleges".into(),
            before: None,
            after: Some(json!(
                defs.iter()
                    .zip(&weights)
                    .map(|(d, w)| json!({ "name": d.name.trim(), "weight_bp": w,
                    "categories": d.categories.iter().map(|(c, _)| c.code()).collect::<Vec<_>>() }))
                    .collect::<Vec<_>>()
            )),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Changes the colleges' weights as an adopted decision says: `weights` are the new weights
/// typed per college id, `decision` the register entry that adopted them (used once).
pub async fn reweigh_colleges(ctx: &Ctx, actor: i64, weights: &[(i64, String)], decision: i64) -> ServiceResult<()> {
    let mut tx = ctx.pool.begin().await?;
    let current = sqlx::query!(
        "SELECT id, name, weight_bp FROM colleges WHERE coop_id = $1 ORDER BY position FOR UPDATE",
        ctx.coop_id()
    )
    .fetch_all(&mut *tx)
    .await?;
    if current.is_empty()
        || weights.len() != current.len()
        || current.iter().any(|c| !weights.iter().any(|(id, _)| *id == c.id))
    {
        return Err(ServiceError::field("weight", Msg::ErrCollegeWeightSum));
    }
    let ordered: Vec<&str> = current
        .iter()
        .map(|c| {
            weights
                .iter()
                .find(|(id, _)| *id == c.id)
                .map(|(_, w)| w.as_str())
                .unwrap_or("")
        })
        .collect();
    let new = weights_of(&ordered)?;
    let used = sqlx::query!(
        "UPDATE decisions SET applied_to_colleges_at = $3
         WHERE coop_id = $1 AND id = $2 AND adopted AND applied_to_colleges_at IS NULL",
        ctx.coop_id(),
        decision,
        ctx.now as _
    )
    .execute(&mut *tx)
    .await?;
    if used.rows_affected() == 0 {
        return Err(ServiceError::field("decision", Msg::ErrCollegeDecision));
    }
    for (c, w) in current.iter().zip(&new) {
        sqlx::query!("UPDATE colleges SET weight_bp = $2 WHERE id = $1", c.id, *w as i32)
            .execute(&mut *tx)
            .await?;
    }
    audit::record(
        &mut tx,
        ctx,
        Entry {
            actor: Some(actor),
            action: "colleges_reweighed",
            subject: format!("decision {decision}"),
            before: Some(json!(
                current
                    .iter()
                    .map(|c| json!({ "name": c.name, "weight_bp": c.weight_bp }))
                    .collect::<Vec<_>>()
            )),
            after: Some(json!(
                current
                    .iter()
                    .zip(&new)
                    .map(|(c, w)| json!({ "name": c.name, "weight_bp": w }))
                    .collect::<Vec<_>>()
            )),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
