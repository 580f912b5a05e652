//! What a cycle offers: adding variants, caps and price overrides.

use crate::ctx::Ctx;

use super::*;
use crate::catalogue::RowError;
use crate::cycles::{MissingOffer, OfferChange};
use crate::error::ServiceResult;
use crate::i18n::{Locale, Msg};

/// Offers every active variant of a producer's listed products; returns how many were added.
pub async fn add_producer_offers(ctx: &Ctx, cycle_id: i64, producer_id: i64) -> ServiceResult<u64> {
    let coop_id = ctx.coop_id();
    let mut tx = ctx.pool.begin().await?;
    editable_cycle(&mut tx, coop_id, cycle_id).await?;
    let added = sqlx::query!(
        "INSERT INTO cycle_offers (cycle_id, variant_id, coop_id)
         SELECT $1, v.id, $2 FROM variants v JOIN products p ON p.id = v.product_id
         WHERE p.coop_id = $2 AND p.producer_id = $3 AND p.listed AND v.active
         ON CONFLICT DO NOTHING",
        cycle_id,
        coop_id,
        producer_id,
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    Ok(added)
}

/// Active variants of listed products that a cycle does not offer (one producer's, if given),
/// by producer and product. One query.
pub async fn not_offered(
    ctx: &Ctx,
    cycle_id: i64,
    producer_id: Option<i64>,
    locale: Locale,
) -> ServiceResult<Vec<MissingOffer>> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    struct Row {
        variant_id: i64,
        product_id: i64,
        product_name: String,
        variant_name: String,
        quantity: i64,
        unit: crate::catalogue::Unit,
        producer_name: String,
    }
    let rows = sqlx::query_as!(
        Row,
        r#"SELECT v.id AS variant_id, p.id AS product_id, p.name AS product_name, v.name AS variant_name, v.quantity,
                p.unit AS "unit: crate::catalogue::Unit", pr.farm_name AS producer_name
         FROM variants v JOIN products p ON p.id = v.product_id JOIN producers pr ON pr.id = p.producer_id
         JOIN order_cycles c ON c.id = $2 AND c.coop_id = $1
         WHERE p.coop_id = $1 AND p.listed AND v.active AND ($3::bigint IS NULL OR p.producer_id = $3)
           AND NOT EXISTS (SELECT 1 FROM cycle_offers o WHERE o.cycle_id = c.id AND o.variant_id = v.id)
         ORDER BY pr.farm_name, p.name, p.id, v.position, v.id"#,
        coop_id,
        cycle_id,
        producer_id,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| MissingOffer {
            variant_id: r.variant_id,
            product_id: r.product_id,
            variant_label: crate::catalogue::variant_name(&r.variant_name, r.quantity, r.unit, locale),
            product_name: r.product_name,
            producer_name: r.producer_name,
        })
        .collect())
}

/// Puts these variants on sale in a cycle not closed yet, at catalogue prices; only active
/// variants of the cooperative's listed products are taken. Returns how many were added.
pub async fn offer_variants(ctx: &Ctx, cycle_id: i64, variant_ids: &[i64]) -> ServiceResult<u64> {
    let coop_id = ctx.coop_id();
    let mut tx = ctx.pool.begin().await?;
    editable_cycle(&mut tx, coop_id, cycle_id).await?;
    let added = sqlx::query!(
        "INSERT INTO cycle_offers (cycle_id, variant_id, coop_id)
         SELECT $1, v.id, $2 FROM variants v JOIN products p ON p.id = v.product_id
         WHERE p.coop_id = $2 AND p.listed AND v.active AND v.id = ANY($3)
         ON CONFLICT DO NOTHING",
        cycle_id,
        coop_id,
        variant_ids,
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    Ok(added)
}

/// Saves caps, price overrides and removals of a cycle's offers: all rows or none.
pub async fn save_offers(
    ctx: &Ctx,
    cycle_id: i64,
    changes: &[OfferChange],
) -> ServiceResult<Result<(), Vec<RowError>>> {
    let coop_id = ctx.coop_id();
    let mut tx = ctx.pool.begin().await?;
    editable_cycle(&mut tx, coop_id, cycle_id).await?;
    let ids: Vec<i64> = changes.iter().map(|c| c.variant_id).collect();
    let sold = sqlx::query!(
        "SELECT variant_id, sold FROM cycle_offers WHERE cycle_id = $1 AND variant_id = ANY($2)
         ORDER BY variant_id FOR UPDATE",
        cycle_id,
        &ids,
    )
    .fetch_all(&mut *tx)
    .await?;
    let sold: std::collections::HashMap<i64, i64> = sold.into_iter().map(|r| (r.variant_id, r.sold)).collect();
    let mut errors = Vec::new();
    for (i, c) in changes.iter().enumerate() {
        let row_error = |field: &str, msg| RowError {
            row: i + 1,
            field: field.to_owned(),
            msg,
            label: String::new(),
        };
        match sold.get(&c.variant_id) {
            None => errors.push(row_error("variant_id", Msg::ErrNotFound)),
            Some(&n) if c.remove && n > 0 => errors.push(row_error("remove", Msg::ErrOfferHasOrders)),
            Some(&n) if c.stock_cap.is_some_and(|cap| cap < n) => errors.push(row_error("cap", Msg::ErrCapBelowSold)),
            Some(_) => {}
        }
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let (removed, kept): (Vec<&OfferChange>, Vec<&OfferChange>) = changes.iter().partition(|c| c.remove);
    let removed: Vec<i64> = removed.iter().map(|c| c.variant_id).collect();
    sqlx::query!(
        "DELETE FROM cycle_offers WHERE cycle_id = $1 AND variant_id = ANY($2)",
        cycle_id,
        &removed,
    )
    .execute(&mut *tx)
    .await?;
    let kept_ids: Vec<i64> = kept.iter().map(|c| c.variant_id).collect();
    let caps: Vec<Option<i64>> = kept.iter().map(|c| c.stock_cap).collect();
    let retail: Vec<Option<i64>> = kept.iter().map(|c| c.retail_price_cents).collect();
    let pro: Vec<Option<i64>> = kept.iter().map(|c| c.pro_price_cents).collect();
    sqlx::query!(
        "UPDATE cycle_offers o SET stock_cap = c.cap, retail_price_cents = c.retail, pro_price_cents = c.pro
         FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[]) AS c(variant_id, cap, retail, pro)
         WHERE o.cycle_id = $1 AND o.variant_id = c.variant_id",
        cycle_id,
        &kept_ids,
        &caps as _,
        &retail as _,
        &pro as _,
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}
