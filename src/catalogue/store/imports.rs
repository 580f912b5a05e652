//! CSV imports: kept for their preview, then applied all lines or none.

use std::collections::HashMap;

use crate::ctx::Ctx;

use super::*;
use crate::catalogue::RowError;
use crate::catalogue::csv::ImportRow;
use crate::error::{ServiceError, ServiceResult};
use crate::i18n::Msg;

/// Keeps an uploaded file for its preview; a file longer than the table holds is refused.
pub async fn create_import(ctx: &Ctx, producer_id: i64, user_id: i64, content: &str) -> ServiceResult<i64> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    if content.chars().count() > crate::catalogue::csv::MAX_IMPORT_CHARS {
        return Err(ServiceError::field("file", Msg::ErrCsvTooLarge));
    }
    Ok(sqlx::query_scalar!(
        "INSERT INTO csv_imports (coop_id, producer_id, created_by, content) VALUES ($1, $2, $3, $4) RETURNING id",
        coop_id,
        producer_id,
        user_id,
        content
    )
    .fetch_one(pool)
    .await?)
}

/// An uploaded import and whether it was applied, if it belongs to the producer.
pub async fn import(ctx: &Ctx, producer_id: i64, import_id: i64) -> ServiceResult<(String, bool)> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    sqlx::query!(
        r#"SELECT content, applied_at IS NOT NULL AS "applied!" FROM csv_imports
           WHERE coop_id = $1 AND producer_id = $2 AND id = $3"#,
        coop_id,
        producer_id,
        import_id
    )
    .fetch_optional(pool)
    .await?
    .map(|r| (r.content, r.applied))
    .ok_or(ServiceError::NotFound)
}

/// Applies an import: every line is checked again, then all are saved in one transaction, or
/// none if any line is wrong. Returns how many lines were applied.
pub async fn apply_import(ctx: &Ctx, producer_id: i64, import_id: i64) -> ServiceResult<Result<usize, Vec<RowError>>> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    let mut tx = pool.begin().await?;
    let (content, applied) = sqlx::query!(
        r#"SELECT content, applied_at IS NOT NULL AS "applied!" FROM csv_imports
           WHERE coop_id = $1 AND producer_id = $2 AND id = $3 FOR UPDATE"#,
        coop_id,
        producer_id,
        import_id
    )
    .fetch_optional(&mut *tx)
    .await?
    .map(|r| (r.content, r.applied))
    .ok_or(ServiceError::NotFound)?;
    if applied {
        return Err(ServiceError::invalid(Msg::ErrImportApplied));
    }
    let rows = match crate::catalogue::csv::parse(&content) {
        Ok(rows) => rows,
        Err(errors) => return Ok(Err(errors)),
    };
    let mut errors = Vec::new();
    // The farm's products are locked, in id order, before any of their variants is written, as
    // every edit does: an import and an edit at once cannot deadlock.
    let mut products: HashMap<String, i64> = sqlx::query!(
        r#"SELECT lower(name) AS "name!", id FROM products WHERE coop_id = $1 AND producer_id = $2 ORDER BY id FOR UPDATE"#,
        coop_id,
        producer_id
    )
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(|p| (p.name, p.id))
    .collect();
    for ImportRow {
        line,
        variant_id,
        product_name,
        category,
        unit,
        variant,
    } in &rows
    {
        let product_id = match variant_id {
            Some(id) => {
                sqlx::query_scalar!(
                    "SELECT v.product_id FROM variants v JOIN products p ON p.id = v.product_id
                 WHERE v.id = $1 AND p.producer_id = $2 AND v.coop_id = $3",
                    id,
                    producer_id,
                    coop_id
                )
                .fetch_optional(&mut *tx)
                .await?
            }
            None => match products.get(&product_name.to_lowercase()) {
                Some(id) => Some(*id),
                None => {
                    let id = sqlx::query_scalar!(
                        "INSERT INTO products (coop_id, producer_id, name, category, unit) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                        coop_id,
                        producer_id,
                        product_name,
                        category.code(),
                        unit.code()
                    )
                    .fetch_one(&mut *tx)
                    .await?;
                    products.insert(product_name.to_lowercase(), id);
                    Some(id)
                }
            },
        };
        let Some(product_id) = product_id else {
            errors.push(RowError {
                row: *line,
                field: "variant_id".into(),
                msg: Msg::ErrNotYourVariant,
                label: product_name.clone(),
            });
            continue;
        };
        let position = if variant_id.is_some() {
            sqlx::query_scalar!("SELECT position FROM variants WHERE id = $1", *variant_id)
                .fetch_one(&mut *tx)
                .await?
        } else {
            sqlx::query_scalar!(
                r#"SELECT coalesce(max(position) + 1, 0) AS "position!" FROM variants WHERE product_id = $1"#,
                product_id
            )
            .fetch_one(&mut *tx)
            .await?
        };
        write_variant(&mut tx, coop_id, product_id, *variant_id, position, variant).await?;
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    sqlx::query!("UPDATE csv_imports SET applied_at = now() WHERE id = $1", import_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Ok(rows.len()))
}
