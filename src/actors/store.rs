//! The directory in Postgres: `actors::store` is the only writer of `actor_profiles`,
//! `actor_items` and `actor_contacts`. A member edits only its own profile; the directory
//! lists published profiles of the served cooperative; a message goes to the outbox and
//! never shows the recipient's address to the sender.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use super::{
    ActorCard, ActorKind, Direction, Directory, ItemCategory, ItemFields, ItemView, MAX_CONTACTS_PER_DAY, MAX_ITEMS,
    MyProfile, PER_PAGE, ProfileFields, Search,
};
use crate::accounts::store::CurrentUser;
use crate::coop::Page;
use crate::ctx::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::geo::Point;
use crate::i18n::{Locale, Msg};

crate::stored_code!(ActorKind, ItemCategory, Direction);

struct ProfileRow {
    id: i64,
    kind: ActorKind,
    name: String,
    activity: String,
    commune: String,
    latitude: Option<f64>,
    longitude: Option<f64>,
    published: bool,
}

impl ProfileRow {
    fn position(&self) -> Option<Point> {
        self.latitude.zip(self.longitude).map(|(lat, lon)| Point { lat, lon })
    }

    fn card(self, items: Vec<ItemView>) -> ActorCard {
        ActorCard {
            id: self.id,
            kind: self.kind,
            position: self.position(),
            name: self.name,
            activity: self.activity,
            commune: self.commune,
            items,
            distance_km: None,
        }
    }
}

struct ItemRow {
    profile_id: i64,
    id: i64,
    direction: Direction,
    category: ItemCategory,
    description: String,
    availability: String,
}

impl From<ItemRow> for ItemView {
    fn from(r: ItemRow) -> ItemView {
        ItemView {
            id: r.id,
            direction: r.direction,
            category: r.category,
            description: r.description,
            availability: r.availability,
        }
    }
}

async fn items_of(conn: &mut PgConnection, profiles: &[i64]) -> ServiceResult<Vec<ItemRow>> {
    Ok(sqlx::query_as!(
        ItemRow,
        r#"SELECT profile_id, id, direction AS "direction: Direction", category AS "category: ItemCategory",
                  description, availability
           FROM actor_items WHERE profile_id = ANY($1) ORDER BY direction DESC, id"#,
        profiles
    )
    .fetch_all(conn)
    .await?)
}

/// Gives each profile its items, in the profiles' order.
fn with_items(rows: Vec<ProfileRow>, mut items: Vec<ItemRow>) -> Vec<ActorCard> {
    rows.into_iter()
        .map(|r| {
            let mine: Vec<ItemView> = items
                .extract_if(.., |i| i.profile_id == r.id)
                .map(ItemView::from)
                .collect();
            r.card(mine)
        })
        .collect()
}

/// The member's own profile, if it wrote one.
pub async fn my_profile(ctx: &Ctx, user: &CurrentUser) -> ServiceResult<Option<MyProfile>> {
    let mut conn = ctx.pool.acquire().await?;
    let Some(row) = sqlx::query_as!(
        ProfileRow,
        r#"SELECT id, kind AS "kind: ActorKind", name, activity, commune, latitude, longitude, published
           FROM actor_profiles WHERE coop_id = $1 AND user_id = $2"#,
        ctx.coop_id(),
        user.id
    )
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let items = items_of(&mut conn, &[row.id]).await?;
    Ok(Some(MyProfile {
        id: row.id,
        fields: ProfileFields {
            kind: row.kind,
            position: row.position(),
            name: row.name,
            activity: row.activity,
            commune: row.commune,
            published: row.published,
        },
        items: items.into_iter().map(ItemView::from).collect(),
    }))
}

/// Writes the member's profile (the first save creates it). A profile typed without
/// coordinates is placed at its commune by the geocoder, when one is configured and knows it:
/// a commune, not an address, so that a directory never points at someone's door.
pub async fn save_profile(
    ctx: &Ctx,
    user: &CurrentUser,
    mut fields: ProfileFields,
    geocoder: Option<&crate::geo::geocode::Geocoder>,
) -> ServiceResult<i64> {
    if fields.position.is_none()
        && let Some(geocoder) = geocoder
    {
        fields.position = geocoder.locate_briefly(&fields.commune, "an actor's commune").await;
    }
    let (lat, lon) = (fields.position.map(|p| p.lat), fields.position.map(|p| p.lon));
    Ok(sqlx::query_scalar!(
        "INSERT INTO actor_profiles (coop_id, user_id, kind, name, activity, commune, latitude, longitude, published, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (coop_id, user_id) DO UPDATE SET kind = $3, name = $4, activity = $5, commune = $6, latitude = $7,
             longitude = $8, published = $9, updated_at = $10
         RETURNING id",
        ctx.coop_id(),
        user.id,
        fields.kind as _,
        fields.name,
        fields.activity,
        fields.commune,
        lat,
        lon,
        fields.published,
        ctx.now as _,
    )
    .fetch_one(&ctx.pool)
    .await?)
}

/// Adds a share or a need to the member's profile, at most [`MAX_ITEMS`] of them (the
/// profile's row locked, so that two tabs cannot both add the last one).
pub async fn add_item(ctx: &Ctx, user: &CurrentUser, item: &ItemFields) -> ServiceResult<i64> {
    let mut tx = ctx.pool.begin().await?;
    let profile = sqlx::query_scalar!(
        "SELECT id FROM actor_profiles WHERE coop_id = $1 AND user_id = $2 FOR UPDATE",
        ctx.coop_id(),
        user.id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ServiceError::invalid(Msg::ErrActorNoProfile))?;
    let count = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM actor_items WHERE profile_id = $1"#,
        profile
    )
    .fetch_one(&mut *tx)
    .await?;
    if count >= MAX_ITEMS as i64 {
        return Err(ServiceError::invalid(Msg::ErrActorTooManyItems));
    }
    let id = sqlx::query_scalar!(
        "INSERT INTO actor_items (profile_id, direction, category, description, availability)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
        profile,
        item.direction as _,
        item.category as _,
        item.description,
        item.availability,
    )
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Removes one of the member's own items; another's does not exist for it.
pub async fn remove_item(ctx: &Ctx, user: &CurrentUser, id: i64) -> ServiceResult<()> {
    let removed = sqlx::query!(
        "DELETE FROM actor_items i USING actor_profiles p
         WHERE i.id = $1 AND p.id = i.profile_id AND p.coop_id = $2 AND p.user_id = $3",
        id,
        ctx.coop_id(),
        user.id
    )
    .execute(&ctx.pool)
    .await?
    .rows_affected();
    if removed == 0 {
        return Err(ServiceError::NotFound);
    }
    Ok(())
}

/// The directory: published profiles that match `search`, distances measured from the
/// searcher's own place, else from the hub. A cooperative's directory holds hundreds of actors, not
/// millions: they are read whole and filtered here, with the distance rule kept pure.
pub async fn directory(ctx: &Ctx, user: &CurrentUser, search: &Search) -> ServiceResult<Directory> {
    let mut conn = ctx.pool.acquire().await?;
    let rows = sqlx::query_as!(
        ProfileRow,
        r#"SELECT id, kind AS "kind: ActorKind", name, activity, commune, latitude, longitude, published
           FROM actor_profiles WHERE coop_id = $1 AND published ORDER BY id"#,
        ctx.coop_id(),
    )
    .fetch_all(&mut *conn)
    .await?;
    let mine = sqlx::query!(
        "SELECT latitude, longitude FROM actor_profiles WHERE coop_id = $1 AND user_id = $2",
        ctx.coop_id(),
        user.id
    )
    .fetch_optional(&mut *conn)
    .await?;
    let origin = match mine.as_ref().and_then(|m| m.latitude.zip(m.longitude)) {
        Some((lat, lon)) => Some(super::Origin::Mine(Point { lat, lon })),
        None => crate::hub::store::rounds::hub_point(&mut conn, ctx.coop_id())
            .await?
            .map(super::Origin::Hub),
    };
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let items = items_of(&mut conn, &ids).await?;
    let found = super::filter(with_items(rows, items), search, origin.map(super::Origin::point));
    let placed = found
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            c.position.map(|point| super::Placed {
                rank: i + 1,
                id: c.id,
                name: c.name.clone(),
                point,
            })
        })
        .collect();
    let page = crate::coop::clamp_page(search.page);
    let total = found.len() as u64;
    let items = found
        .into_iter()
        .skip(crate::coop::page_offset(page, PER_PAGE) as usize)
        .take(PER_PAGE as usize)
        .collect();
    Ok(Directory {
        found: Page {
            items,
            page,
            per_page: PER_PAGE,
            total,
        },
        placed,
        origin,
        has_profile: mine.is_some(),
    })
}

/// One published actor of the served cooperative.
pub async fn actor(ctx: &Ctx, id: i64) -> ServiceResult<ActorCard> {
    let mut conn = ctx.pool.acquire().await?;
    let row = sqlx::query_as!(
        ProfileRow,
        r#"SELECT id, kind AS "kind: ActorKind", name, activity, commune, latitude, longitude, published
           FROM actor_profiles WHERE coop_id = $1 AND id = $2 AND published"#,
        ctx.coop_id(),
        id
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(ServiceError::NotFound)?;
    let items = items_of(&mut conn, &[row.id]).await?;
    Ok(row.card(items.into_iter().map(ItemView::from).collect()))
}

/// Sends a member's message to a published actor through the outbox, in the actor's
/// language, with the sender's name and address so that the actor can answer (the form says
/// so); the actor's address is never shown. At most [`MAX_CONTACTS_PER_DAY`] a day per
/// sender, counted under a lock on the sender's row so that parallel posts cannot
/// pass the bound together.
pub async fn contact(ctx: &Ctx, sender: &CurrentUser, profile_id: i64, message: &str) -> ServiceResult<()> {
    let text = super::parse_message(message).map_err(|m| ServiceError::field("message", m))?;
    let mut tx = ctx.pool.begin().await?;
    sqlx::query!("SELECT id FROM users WHERE id = $1 FOR NO KEY UPDATE", sender.id)
        .fetch_optional(&mut *tx)
        .await?;
    let to = sqlx::query!(
        r#"SELECT p.user_id, u.email, u.locale AS "locale: Locale"
           FROM actor_profiles p JOIN users u ON u.id = p.user_id
           WHERE p.coop_id = $1 AND p.id = $2 AND p.published"#,
        ctx.coop_id(),
        profile_id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ServiceError::NotFound)?;
    if to.user_id == sender.id {
        return Err(ServiceError::invalid(Msg::ErrActorSelf));
    }
    let since: DateTime<Utc> = ctx.now - chrono::Duration::days(1);
    let sent = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM actor_contacts WHERE from_user = $1 AND sent_at > $2"#,
        sender.id,
        since as _,
    )
    .fetch_one(&mut *tx)
    .await?;
    if sent >= MAX_CONTACTS_PER_DAY {
        return Err(ServiceError::invalid(Msg::ErrActorTooManyContacts));
    }
    sqlx::query!(
        "INSERT INTO actor_contacts (coop_id, from_user, profile_id, sent_at) VALUES ($1, $2, $3, $4)",
        ctx.coop_id(),
        sender.id,
        profile_id,
        ctx.now as _,
    )
    .execute(&mut *tx)
    .await?;
    let email = crate::mail::templates::actor_contact(
        to.locale,
        &ctx.coop().name,
        sender.name(),
        &sender.email,
        &text,
        &ctx.link(crate::paths::ACTORS),
    );
    crate::mail::enqueue(&mut tx, Some(ctx.coop_id()), &to.email, &email).await?;
    tx.commit().await?;
    Ok(())
}
