//! Cooperatives, memberships and roles in Postgres.

use sqlx::{PgConnection, PgPool};

use super::{Coop, MemberRow, Page, Place, ProducerCard, Showcase};
use crate::accounts::{Email, NewPassword, Role, parse_display_name, password};
use crate::ctx::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::i18n::{Locale, Msg};

pub const MEMBERS_PER_PAGE: u32 = 25;

/// Creates the account, or, when the address already has one, tells its owner by email.
/// Either way the caller gets the same answer. The first account of an install becomes
/// board of the default cooperative; every new account joins it as a resident.
pub async fn sign_up(
    ctx: &Ctx,
    raw_email: &str,
    raw_password: &str,
    raw_name: &str,
    locale: Locale,
) -> ServiceResult<()> {
    let email = Email::parse(raw_email).map_err(|m| ServiceError::field("email", m))?;
    let new_password = NewPassword::parse(raw_password).map_err(|m| ServiceError::field("password", m))?;
    let name = parse_display_name(raw_name).map_err(|m| ServiceError::field("display_name", m))?;
    // Hash even when the address is taken, so both cases take the same time.
    let hash = password::hash(new_password.expose().to_owned()).await?;

    let mut tx = ctx.pool.begin().await?;
    let accounts = crate::accounts::store::register(&mut tx, ctx, &email, &hash, &name, locale).await?;
    if let Some(user_id) = accounts {
        join(&mut tx, ctx, user_id, &[Role::Resident], None).await?;
        make_first_board(&mut tx, ctx, user_id).await?;
        crate::accounts::store::send_verification(&mut tx, ctx, user_id, &email, locale).await?;
    }
    tx.commit().await?;
    Ok(())
}

pub async fn default_coop(pool: &PgPool) -> ServiceResult<Option<Coop>> {
    Ok(sqlx::query_as!(
        Coop,
        r#"SELECT id, slug, name, timezone AS "timezone: crate::time::Zone" FROM coops WHERE is_default"#
    )
    .fetch_optional(pool)
    .await?)
}

/// A cooperative by its id (a worker or a command serving it).
pub async fn by_id(pool: &PgPool, id: i64) -> ServiceResult<Coop> {
    sqlx::query_as!(
        Coop,
        r#"SELECT id, slug, name, timezone AS "timezone: crate::time::Zone" FROM coops WHERE id = $1"#,
        id
    )
    .fetch_optional(pool)
    .await?
    .ok_or(ServiceError::NotFound)
}

/// The default cooperative, created with `name` on a fresh install.
pub async fn ensure_default_coop(pool: &PgPool, slug: &str, name: &str) -> ServiceResult<Coop> {
    sqlx::query!(
        "INSERT INTO coops (slug, name, is_default) VALUES ($1, $2, true) ON CONFLICT DO NOTHING",
        slug,
        name
    )
    .execute(pool)
    .await?;
    default_coop(pool)
        .await?
        .ok_or_else(|| ServiceError::Internal("default cooperative missing".into()))
}

/// Adds the account to the cooperative of `ctx` (if not yet a member) with the given roles.
pub async fn join(
    conn: &mut PgConnection,
    ctx: &Ctx,
    user_id: i64,
    roles: &[Role],
    granted_by: Option<i64>,
) -> ServiceResult<()> {
    let coop_id = ctx.coop_id();
    sqlx::query!(
        "INSERT INTO memberships (coop_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        coop_id,
        user_id
    )
    .execute(&mut *conn)
    .await?;
    let codes: Vec<String> = roles.iter().map(|r| r.code().to_owned()).collect();
    sqlx::query!(
        "INSERT INTO member_roles (coop_id, user_id, role, granted_by)
         SELECT $1, $2, unnest($3::text[]), $4 ON CONFLICT DO NOTHING",
        coop_id,
        user_id,
        &codes[..],
        granted_by
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn has_board(conn: &mut PgConnection, coop_id: i64) -> ServiceResult<bool> {
    Ok(sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM member_roles WHERE coop_id = $1 AND role = 'board') AS "exists!""#,
        coop_id
    )
    .fetch_one(conn)
    .await?)
}

/// Makes `user_id` board if the cooperative has no board member yet. The cooperative row is
/// locked so that two first sign-ups at once cannot both become board: `FOR NO KEY UPDATE`,
/// which the key-share locks taken by the memberships just inserted (their foreign key to
/// the cooperative) do not conflict with; `FOR UPDATE` did, and parallel sign-ups each
/// holding one and waiting for the other's deadlocked. A board, once there, is never left
/// empty (`revoke_role`), so the common case takes no lock.
pub async fn make_first_board(conn: &mut PgConnection, ctx: &Ctx, user_id: i64) -> ServiceResult<bool> {
    let coop_id = ctx.coop_id();
    if has_board(&mut *conn, coop_id).await? {
        return Ok(false);
    }
    sqlx::query_scalar!("SELECT id FROM coops WHERE id = $1 FOR NO KEY UPDATE", coop_id)
        .fetch_optional(&mut *conn)
        .await?;
    if has_board(&mut *conn, coop_id).await? {
        return Ok(false);
    }
    join(conn, ctx, user_id, &[Role::Board], None).await?;
    Ok(true)
}

/// Grants a role to a member of the cooperative. Accounts of the platform that are not its
/// members are not found: the board of one cooperative cannot reach into another's.
pub async fn grant_role(ctx: &Ctx, actor_id: i64, user_id: i64, role: Role) -> ServiceResult<()> {
    let mut tx = ctx.pool.begin().await?;
    let member = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM memberships WHERE coop_id = $1 AND user_id = $2) AS "member!""#,
        ctx.coop_id(),
        user_id
    )
    .fetch_one(&mut *tx)
    .await?;
    if !member {
        return Err(ServiceError::NotFound);
    }
    join(&mut tx, ctx, user_id, &[role], Some(actor_id)).await?;
    crate::audit::record(
        &mut tx,
        ctx,
        crate::audit::Entry {
            actor: Some(actor_id),
            action: "role_granted",
            subject: format!("user {user_id}"),
            before: None,
            after: Some(serde_json::json!({ "role": role.code() })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Revokes a role; the last board member cannot lose the board role.
pub async fn revoke_role(ctx: &Ctx, actor_id: i64, user_id: i64, role: Role) -> ServiceResult<()> {
    let coop_id = ctx.coop_id();
    let mut tx = ctx.pool.begin().await?;
    if role == Role::Board {
        // Lock the board rows so two revocations at once cannot leave nobody on the board.
        let board: Vec<i64> = sqlx::query_scalar!(
            "SELECT user_id FROM member_roles WHERE coop_id = $1 AND role = 'board' ORDER BY user_id FOR UPDATE",
            coop_id
        )
        .fetch_all(&mut *tx)
        .await?;
        if board == [user_id] {
            return Err(ServiceError::invalid(Msg::ErrLastBoard));
        }
    }
    sqlx::query!(
        "DELETE FROM member_roles WHERE coop_id = $1 AND user_id = $2 AND role = $3",
        coop_id,
        user_id,
        role.code()
    )
    .execute(&mut *tx)
    .await?;
    crate::audit::record(
        &mut tx,
        ctx,
        crate::audit::Entry {
            actor: Some(actor_id),
            action: "role_revoked",
            subject: format!("user {user_id}"),
            before: Some(serde_json::json!({ "role": role.code() })),
            after: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Members of the cooperative, filtered by name or email, a page at a time.
pub async fn list_members(ctx: &Ctx, query: &str, page: u32) -> ServiceResult<Page<MemberRow>> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    let pattern = format!(
        "%{}%",
        query
            .trim()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    let page = super::clamp_page(page);
    let total = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.coop_id = $1 AND (u.email ILIKE $2 OR u.display_name ILIKE $2)"#,
        coop_id,
        pattern
    )
    .fetch_one(pool)
    .await?;
    let mut items = sqlx::query_as!(
        MemberRow,
        r#"SELECT u.id AS user_id, u.email, u.display_name, u.email_verified_at IS NOT NULL AS "verified!",
                coalesce(array_agg(r.role ORDER BY r.role) FILTER (WHERE r.role IS NOT NULL), '{}')
                    AS "roles!: Vec<Role>"
         FROM memberships m
         JOIN users u ON u.id = m.user_id
         LEFT JOIN member_roles r ON r.coop_id = m.coop_id AND r.user_id = m.user_id
         WHERE m.coop_id = $1 AND (u.email ILIKE $2 OR u.display_name ILIKE $2)
         GROUP BY u.id
         ORDER BY lower(coalesce(nullif(u.display_name, ''), u.email)), u.id
         LIMIT $3 OFFSET $4"#,
        coop_id,
        pattern,
        i64::from(MEMBERS_PER_PAGE),
        super::page_offset(page, MEMBERS_PER_PAGE)
    )
    .fetch_all(pool)
    .await?;
    for row in &mut items {
        row.roles.sort();
    }
    Ok(Page {
        items,
        page,
        per_page: MEMBERS_PER_PAGE,
        total: total as u64,
    })
}

/// The public face of the cooperative: its name, hub, producers and pickup points.
pub async fn showcase(ctx: &Ctx) -> ServiceResult<Showcase> {
    let pool = &ctx.pool;
    let coop_id = ctx.coop_id();
    let coop_name = sqlx::query_scalar!("SELECT name FROM coops WHERE id = $1", coop_id)
        .fetch_one(pool)
        .await?;
    let hub = sqlx::query_as!(
        Place,
        r#"SELECT name, address, '' AS "instructions!" FROM hubs WHERE coop_id = $1 ORDER BY id LIMIT 1"#,
        coop_id
    )
    .fetch_optional(pool)
    .await?;
    let producers = sqlx::query_as!(
        ProducerCard,
        "SELECT id, farm_name, town, story, produce FROM producers WHERE coop_id = $1 ORDER BY farm_name",
        coop_id
    )
    .fetch_all(pool)
    .await?;
    let pickup_points = sqlx::query_as!(
        Place,
        "SELECT name, address, instructions FROM pickup_points WHERE coop_id = $1 ORDER BY name",
        coop_id
    )
    .fetch_all(pool)
    .await?;
    Ok(Showcase {
        coop_name,
        hub,
        producers,
        pickup_points,
    })
}

/// A verified account with the board role, for setting up a fresh install from the shell.
pub async fn create_board_account(ctx: &Ctx, email: &str, name: &str, password: &str) -> ServiceResult<i64> {
    let email = crate::accounts::Email::parse(email).map_err(|m| ServiceError::field("email", m))?;
    let name = crate::accounts::parse_display_name(name).map_err(|m| ServiceError::field("display_name", m))?;
    let hash = crate::accounts::password::hash(password.to_owned()).await?;
    let mut tx = ctx.pool.begin().await?;
    let user_id = sqlx::query_scalar!(
        "INSERT INTO users (email, password_hash, display_name, email_verified_at) VALUES ($1, $2, $3, now())
         ON CONFLICT ((lower(email))) DO UPDATE SET password_hash = EXCLUDED.password_hash,
             email_verified_at = coalesce(users.email_verified_at, now()), password_changed_at = clock_timestamp()
         RETURNING id",
        email.as_str(),
        hash,
        name
    )
    .fetch_one(&mut *tx)
    .await?;
    join(&mut tx, ctx, user_id, &[Role::Board], None).await?;
    tx.commit().await?;
    Ok(user_id)
}
