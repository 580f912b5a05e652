//! Writing products and variants: the product form and the bulk edit, all rows or none.

use sqlx::PgConnection;

use crate::ctx::Ctx;

use crate::catalogue::{BulkChange, ProductFields, RowError, Stock, VariantFields};
use crate::error::{ServiceError, ServiceResult};
use crate::i18n::Msg;

pub(super) async fn write_variant(
    conn: &mut PgConnection,
    coop_id: i64,
    product_id: i64,
    id: Option<i64>,
    position: i32,
    v: &VariantFields,
) -> ServiceResult<Option<i64>> {
    let (mode, stock, cap) = match v.stock {
        Stock::Finite(n) => ("finite", n, None),
        Stock::OnDemand { cap } => ("on_demand", 0, cap),
    };
    Ok(match id {
        Some(id) => {
            sqlx::query_scalar!(
                "UPDATE variants SET name = $3, quantity = $4, retail_price_cents = $5, pro_price_cents = $6, case_size = $7,
                    vat_bp = $8, weight_grams = $9, stock_mode = $10, stock = $11, on_demand_cap = $12, active = $13, position = $14
                 WHERE id = $15 AND product_id = $2 AND coop_id = $1 RETURNING id",
                coop_id,
                product_id,
                v.name,
                v.quantity,
                v.retail_price_cents,
                v.pro_price_cents,
                v.case_size,
                v.vat_bp,
                v.weight_grams,
                mode,
                stock,
                cap,
                v.active,
                position,
                id,
            )
            .fetch_optional(conn)
            .await?
        }
        None => {
            sqlx::query_scalar!(
                "INSERT INTO variants (coop_id, product_id, name, quantity, retail_price_cents, pro_price_cents, case_size, vat_bp,
                    weight_grams, stock_mode, stock, on_demand_cap, active, position)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
                coop_id,
                product_id,
                v.name,
                v.quantity,
                v.retail_price_cents,
                v.pro_price_cents,
                v.case_size,
                v.vat_bp,
                v.weight_grams,
                mode,
                stock,
                cap,
                v.active,
                position,
            )
            .fetch_optional(conn)
            .await?
        }
    })
}

/// Creates (`product_id` = None) or updates a product with its variants, all or nothing.
/// Variants with an id must already belong to the product; those without are added.
pub async fn save_product(
    ctx: &Ctx,
    producer_id: i64,
    product_id: Option<i64>,
    fields: &ProductFields,
    variants: &[(Option<i64>, VariantFields)],
) -> ServiceResult<i64> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    if variants.is_empty() {
        return Err(ServiceError::field("variants", Msg::ErrNoVariant));
    }
    let codes: Vec<String> = fields.labels.iter().map(|l| l.code().to_owned()).collect();
    let mut tx = pool.begin().await?;
    let id: i64 = match product_id {
        Some(id) => sqlx::query_scalar!(
            "UPDATE products SET name = $3, description = $4, category = $5, unit = $6, labels = $7, active = $8,
                updated_at = now() WHERE coop_id = $1 AND id = $2 AND producer_id = $9 RETURNING id",
            coop_id,
            id,
            fields.name,
            fields.description,
            fields.category.code(),
            fields.unit.code(),
            &codes[..],
            fields.active,
            producer_id
        )
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(ServiceError::NotFound)?,
        None => {
            sqlx::query_scalar!(
                "INSERT INTO products (coop_id, producer_id, name, description, category, unit, labels, active)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                coop_id,
                producer_id,
                fields.name,
                fields.description,
                fields.category.code(),
                fields.unit.code(),
                &codes[..],
                fields.active
            )
            .fetch_one(&mut *tx)
            .await?
        }
    };
    for (position, (variant_id, v)) in variants.iter().enumerate() {
        if write_variant(&mut tx, coop_id, id, *variant_id, position as i32, v)
            .await?
            .is_none()
        {
            return Err(ServiceError::field("variants", Msg::ErrNotYourVariant));
        }
    }
    tx.commit().await?;
    Ok(id)
}

/// Applies a bulk edit in one statement inside one transaction. If any variant is not the
/// producer's, nothing is saved and its row is reported.
pub async fn bulk_update(
    ctx: &Ctx,
    producer_id: i64,
    changes: &[BulkChange],
) -> ServiceResult<Result<(), Vec<RowError>>> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    let ids: Vec<i64> = changes.iter().map(|c| c.variant_id).collect();
    let mut tx = pool.begin().await?;
    // Products before their variants, each in id order, as every edit locks them: concurrent
    // edits cannot deadlock.
    sqlx::query_scalar!(
        "SELECT p.id FROM products p WHERE p.coop_id = $2 AND p.producer_id = $3
           AND p.id IN (SELECT v.product_id FROM variants v WHERE v.id = ANY($1))
         ORDER BY p.id FOR UPDATE",
        &ids[..],
        coop_id,
        producer_id
    )
    .fetch_all(&mut *tx)
    .await?;
    let owned = sqlx::query_scalar!(
        "SELECT v.id FROM variants v JOIN products p ON p.id = v.product_id
         WHERE v.id = ANY($1) AND p.producer_id = $2 AND v.coop_id = $3 ORDER BY v.id FOR UPDATE OF v",
        &ids[..],
        producer_id,
        coop_id
    )
    .fetch_all(&mut *tx)
    .await?;
    let owned: std::collections::HashSet<i64> = owned.into_iter().collect();
    let errors: Vec<RowError> = changes
        .iter()
        .enumerate()
        .filter(|(_, c)| !owned.contains(&c.variant_id))
        .map(|(i, _)| RowError {
            row: i + 1,
            field: "variant_id".into(),
            msg: Msg::ErrNotYourVariant,
            label: String::new(),
        })
        .collect();
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let prices: Vec<i64> = changes.iter().map(|c| c.retail_price_cents).collect();
    let stocks: Vec<Option<i64>> = changes.iter().map(|c| c.stock).collect();
    let active: Vec<bool> = changes.iter().map(|c| c.active).collect();
    sqlx::query!(
        "UPDATE variants v SET retail_price_cents = c.price,
            stock = CASE WHEN v.stock_mode = 'finite' AND c.stock IS NOT NULL THEN c.stock ELSE v.stock END,
            active = c.active
         FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::boolean[]) AS c(id, price, stock, active)
         WHERE v.id = c.id",
        &ids[..],
        &prices[..],
        &stocks[..] as _,
        &active[..]
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}
