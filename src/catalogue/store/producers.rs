//! Farms: their profiles, and who may manage a farm's catalogue.

use crate::ctx::Ctx;

use crate::accounts::{Role, store::CurrentUser};
use crate::catalogue::ProducerProfile;
use crate::error::{ServiceError, ServiceResult};

struct ProducerRow {
    id: i64,
    farm_name: String,
    town: String,
    address: String,
    story: String,
    produce: String,
    labels: Vec<crate::catalogue::Label>,
    contact_email: String,
    phone: String,
    latitude: Option<f64>,
    longitude: Option<f64>,
    photo_ids: Vec<i64>,
}

/// `sqlx::query_as!` reading a [`ProducerRow`] from `producers`, then `$rest` (the conditions),
/// checked at build time like any literal query.
macro_rules! select_producer {
    ($rest:literal $(, $arg:expr)* $(,)?) => {
        sqlx::query_as!(
            ProducerRow,
            r#"SELECT id, farm_name, town, address, story, produce, labels AS "labels: Vec<crate::catalogue::Label>",
    contact_email, phone, latitude, longitude,
    coalesce(array(SELECT ph.id FROM photos ph WHERE ph.producer_id = producers.id ORDER BY ph.position, ph.id), '{}')
        AS "photo_ids!"
    FROM producers "# + $rest,
            $($arg),*
        )
    };
}

impl From<ProducerRow> for ProducerProfile {
    fn from(r: ProducerRow) -> Self {
        ProducerProfile {
            id: r.id,
            farm_name: r.farm_name,
            town: r.town,
            address: r.address,
            story: r.story,
            produce: r.produce,
            labels: r.labels,
            contact_email: r.contact_email,
            phone: r.phone,
            latitude: r.latitude,
            longitude: r.longitude,
            photo_ids: r.photo_ids,
        }
    }
}

pub async fn producer(ctx: &Ctx, producer_id: i64) -> ServiceResult<ProducerProfile> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    select_producer!("WHERE coop_id = $1 AND id = $2", coop_id, producer_id)
        .fetch_optional(pool)
        .await?
        .map(Into::into)
        .ok_or(ServiceError::NotFound)
}

/// The farm of a producer account, if they have set it up.
pub async fn producer_of(ctx: &Ctx, user_id: i64) -> ServiceResult<Option<ProducerProfile>> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    Ok(
        select_producer!("WHERE coop_id = $1 AND user_id = $2", coop_id, user_id)
            .fetch_optional(pool)
            .await?
            .map(Into::into),
    )
}

/// Creates the farm of `user_id`, or updates it. Returns its id.
pub async fn save_producer(ctx: &Ctx, user_id: i64, p: &ProducerProfile) -> ServiceResult<i64> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    let codes: Vec<String> = p.labels.iter().map(|l| l.code().to_owned()).collect();
    Ok(sqlx::query_scalar!(
        "INSERT INTO producers (coop_id, user_id, farm_name, town, address, story, produce, labels, contact_email, phone, latitude, longitude)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (coop_id, user_id) WHERE user_id IS NOT NULL DO UPDATE SET
           farm_name = EXCLUDED.farm_name, town = EXCLUDED.town, address = EXCLUDED.address, story = EXCLUDED.story,
           produce = EXCLUDED.produce, labels = EXCLUDED.labels, contact_email = EXCLUDED.contact_email,
           phone = EXCLUDED.phone, latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude
         RETURNING id",
        coop_id,
        user_id,
        p.farm_name,
        p.town,
        p.address,
        p.story,
        p.produce,
        &codes[..],
        p.contact_email,
        p.phone,
        p.latitude,
        p.longitude
    )
    .fetch_one(pool)
    .await?)
}

/// The farm whose catalogue `user` may manage: their own, or — for the board — any.
pub async fn managed_producer(ctx: &Ctx, user: &CurrentUser, requested: Option<i64>) -> ServiceResult<i64> {
    match requested {
        Some(id) if user.roles.contains(&Role::Board) => producer(ctx, id).await.map(|p| p.id),
        Some(id) => match producer_of(ctx, user.id).await? {
            Some(own) if own.id == id && user.roles.contains(&Role::Producer) => Ok(id),
            _ => Err(ServiceError::Forbidden),
        },
        None if user.roles.contains(&Role::Producer) => producer_of(ctx, user.id)
            .await?
            .map(|p| p.id)
            .ok_or(ServiceError::NotFound),
        None => Err(ServiceError::Forbidden),
    }
}

/// Who may edit a product: the producer who owns it, and the board. Returns its producer.
pub async fn authorize_product(ctx: &Ctx, user: &CurrentUser, product_id: i64) -> ServiceResult<i64> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    let owner = sqlx::query!(
        "SELECT pr.id, pr.user_id FROM products p JOIN producers pr ON pr.id = p.producer_id WHERE p.coop_id = $1 AND p.id = $2",
        coop_id,
        product_id
    )
    .fetch_optional(pool)
    .await?
    .ok_or(ServiceError::NotFound)?;
    let is_owner = owner.user_id == Some(user.id) && user.roles.contains(&Role::Producer);
    if is_owner || user.roles.contains(&Role::Board) {
        Ok(owner.id)
    } else {
        Err(ServiceError::Forbidden)
    }
}

/// Who may change a farm's photos: its producer, and the board. The farm must be of this
/// cooperative. Returns its id.
pub async fn authorize_producer(ctx: &Ctx, user: &CurrentUser, producer_id: i64) -> ServiceResult<i64> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    let owner: Option<i64> = sqlx::query_scalar!(
        "SELECT user_id FROM producers WHERE coop_id = $1 AND id = $2",
        coop_id,
        producer_id
    )
    .fetch_optional(pool)
    .await?
    .ok_or(ServiceError::NotFound)?;
    let is_owner = owner == Some(user.id) && user.roles.contains(&Role::Producer);
    if is_owner || user.roles.contains(&Role::Board) {
        Ok(producer_id)
    } else {
        Err(ServiceError::Forbidden)
    }
}
