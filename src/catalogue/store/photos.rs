//! Photos of products and farms, and the cooperative's commission.

use crate::ctx::Ctx;

use crate::error::{ServiceError, ServiceResult};

/// Where a photo belongs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhotoOwner {
    Product(i64),
    Producer(i64),
}

pub async fn add_photo(
    ctx: &Ctx,
    owner: PhotoOwner,
    renditions: &[crate::catalogue::photo::Rendition],
) -> ServiceResult<i64> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    let (product_id, producer_id) = match owner {
        PhotoOwner::Product(id) => (Some(id), None),
        PhotoOwner::Producer(id) => (None, Some(id)),
    };
    let mut tx = pool.begin().await?;
    let photo_id = sqlx::query_scalar!(
        "INSERT INTO photos (coop_id, product_id, producer_id, position)
         VALUES ($1, $2, $3, (SELECT count(*) FROM photos WHERE product_id IS NOT DISTINCT FROM $2 AND producer_id IS NOT DISTINCT FROM $3))
         RETURNING id",
        coop_id,
        product_id,
        producer_id
    )
    .fetch_one(&mut *tx)
    .await?;
    for r in renditions {
        sqlx::query!(
            "INSERT INTO photo_renditions (photo_id, coop_id, width, height, content_type, bytes) VALUES ($1, $2, $3, $4, $5, $6)",
            photo_id,
            coop_id,
            r.width as i32,
            r.height as i32,
            r.content_type,
            &r.bytes[..]
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(photo_id)
}

/// One stored rendition of a photo, as served.
#[derive(Debug)]
pub struct StoredRendition {
    pub width: i32,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// The best rendition of a photo of the cooperative for a width, as WebP when the browser takes it and the photo has one (photos stored before WebP
/// renditions have none).
pub async fn photo_rendition(ctx: &Ctx, photo_id: i64, wanted: u32, webp: bool) -> ServiceResult<StoredRendition> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    let widths = sqlx::query_scalar!(
        "SELECT DISTINCT width FROM photo_renditions WHERE photo_id = $1 AND coop_id = $2",
        photo_id,
        coop_id
    )
    .fetch_all(pool)
    .await?;
    let available: Vec<u32> = widths.iter().map(|w| *w as u32).collect();
    let width = crate::catalogue::photo::pick_width(&available, wanted).ok_or(ServiceError::NotFound)? as i32;
    Ok(sqlx::query_as!(
        StoredRendition,
        "SELECT width, content_type, bytes FROM photo_renditions
         WHERE photo_id = $1 AND width = $2 AND (content_type <> $3 OR $4)
         ORDER BY content_type = $3 DESC LIMIT 1",
        photo_id,
        width,
        crate::catalogue::photo::WEBP,
        webp
    )
    .fetch_one(pool)
    .await?)
}
