//! Accounts in Postgres: sign-up with email verification, sign-in with throttling, password
//! reset and change. No answer tells whether an address has an account.

use chrono::{DateTime, Duration, Utc};
use sqlx::{PgConnection, PgPool};

use crate::ctx::Ctx;

use super::{Email, NewPassword, Role, password, paths};
use crate::error::{ServiceError, ServiceResult};
use crate::i18n::{Locale, Msg};
use crate::mail::{self, templates};
use crate::secret;

// A stored role or language decodes to its enum; an unknown one is an error, not a default.
crate::stored_code!(Role, Locale);

pub const VERIFY_TTL: Duration = Duration::hours(24);
pub const RESET_TTL: Duration = Duration::hours(1);
/// Failed sign-ins tolerated per account, then per client address, within the window.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_ADDRESS: i64 = 30;
pub const FAILURE_WINDOW: Duration = Duration::minutes(15);
/// Emails anyone can trigger by typing an address go to it at most once per this long, per kind.
pub const ACCOUNT_EMAIL_INTERVAL: Duration = Duration::minutes(5);
/// Namespace of the advisory locks that serialise sign-in attempts on one key.
const THROTTLE_LOCK_CLASS: i32 = 0x7369_676e; // "sign"

/// Where email links point to, e.g. `http://127.0.0.1:3000`: the site's settings, from which
/// each request's [`Ctx`] takes its base URL.
#[derive(Clone, Debug)]
pub struct Site {
    pub base_url: String,
}

/// An emailed link carrying a token: `path?token=…` on the site of `ctx`.
fn token_link(ctx: &Ctx, path: &str, token: &str) -> String {
    format!("{}?token={token}", ctx.link(path))
}

#[derive(Clone, Debug)]
pub struct SignedIn {
    pub user_id: i64,
    pub password_changed_at: DateTime<Utc>,
}

/// The signed-in person as the pages need them.
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub locale: Locale,
    pub password_changed_at: DateTime<Utc>,
    pub roles: Vec<Role>,
}

impl CurrentUser {
    /// The name to show: the display name, else the email address.
    pub fn name(&self) -> &str {
        if self.display_name.is_empty() {
            &self.email
        } else {
            &self.display_name
        }
    }
}

struct Credentials {
    id: i64,
    password_hash: String,
    email_verified_at: Option<DateTime<Utc>>,
    password_changed_at: DateTime<Utc>,
    locale: Locale,
    /// Whether the account is a member of the cooperative signed in to.
    member: bool,
}

struct UserRow {
    id: i64,
    email: String,
    display_name: String,
    locale: Locale,
    password_changed_at: DateTime<Utc>,
    roles: Vec<Role>,
}

fn email_key(email: &Email) -> String {
    format!("email:{}", email.normalized())
}

async fn issue_token(
    conn: &mut PgConnection,
    ctx: &Ctx,
    user_id: i64,
    purpose: &str,
    ttl: Duration,
) -> ServiceResult<String> {
    let token = secret::random_token();
    let expires_at = ctx.now + ttl;
    // `as _`: the macros would take a timestamp for `time`'s type; ours are chrono's.
    sqlx::query!(
        "INSERT INTO account_tokens (user_id, purpose, token_hash, expires_at) VALUES ($1, $2, $3, $4)",
        user_id,
        purpose,
        secret::token_hash(&token),
        expires_at as _
    )
    .execute(conn)
    .await?;
    Ok(token)
}

/// The account of a valid token, without using it up.
async fn token_user(pool: &PgPool, token: &str, purpose: &str) -> ServiceResult<i64> {
    sqlx::query_scalar!(
        "SELECT user_id FROM account_tokens
         WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()",
        secret::token_hash(token.trim()),
        purpose
    )
    .fetch_optional(pool)
    .await?
    .ok_or(ServiceError::invalid(Msg::ErrTokenInvalid))
}

/// Whether an email of `kind` may go to the account now, and if so records that it does. One
/// conditional upsert: of parallel requests, one only gets `true`, on any server. Call it in
/// the transaction that enqueues the email.
async fn claim_account_email(conn: &mut PgConnection, user_id: i64, kind: &str) -> ServiceResult<bool> {
    let claimed = sqlx::query_scalar!(
        "INSERT INTO account_emails_sent (user_id, kind, sent_at) VALUES ($1, $2, now())
         ON CONFLICT (user_id, kind) DO UPDATE SET sent_at = EXCLUDED.sent_at
         WHERE account_emails_sent.sent_at <= now() - make_interval(secs => $3)
         RETURNING user_id",
        user_id,
        kind,
        ACCOUNT_EMAIL_INTERVAL.num_seconds() as f64
    )
    .fetch_optional(conn)
    .await?;
    Ok(claimed.is_some())
}

/// Marks a token used and returns its account, or fails if it is unknown, used or expired.
async fn consume_token(conn: &mut PgConnection, token: &str, purpose: &str) -> ServiceResult<i64> {
    sqlx::query_scalar!(
        "UPDATE account_tokens SET used_at = now()
         WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
         RETURNING user_id",
        secret::token_hash(token.trim()),
        purpose
    )
    .fetch_optional(conn)
    .await?
    .ok_or(ServiceError::invalid(Msg::ErrTokenInvalid))
}

// Signing up makes a member of a cooperative: it lives in `coop::store`, which calls the two
// halves below.

/// Creates the account and returns its id, or, when the address already has one, tells its
/// owner by email (at most once per few minutes) and returns `None`. Call it in the sign-up's
/// transaction; a new account then gets its verification link from [`send_verification`].
pub async fn register(
    conn: &mut PgConnection,
    ctx: &Ctx,
    email: &Email,
    hash: &str,
    name: &str,
    locale: Locale,
) -> ServiceResult<Option<i64>> {
    let inserted = sqlx::query_scalar!(
        "INSERT INTO users (email, password_hash, display_name, locale) VALUES ($1, $2, $3, $4)
         ON CONFLICT ((lower(email))) DO NOTHING RETURNING id",
        email.as_str(),
        hash,
        name,
        locale.code()
    )
    .fetch_optional(&mut *conn)
    .await?;
    if inserted.is_none() {
        let owner = sqlx::query!(
            r#"SELECT id, locale AS "locale: Locale" FROM users WHERE lower(email) = $1"#,
            email.normalized()
        )
        .fetch_one(&mut *conn)
        .await?;
        let (owner, owner_locale) = (owner.id, owner.locale);
        // Someone typing the address again and again does not flood its owner.
        if claim_account_email(conn, owner, "account_exists").await? {
            let name = ctx.coop().name.clone();
            let message = templates::account_exists(owner_locale, &name, &ctx.link(paths::RESET_REQUEST));
            mail::enqueue(conn, Some(ctx.coop_id()), email.as_str(), &message).await?;
        }
    }
    Ok(inserted)
}

/// Queues the verification link of a new account.
pub async fn send_verification(
    conn: &mut PgConnection,
    ctx: &Ctx,
    user_id: i64,
    email: &Email,
    locale: Locale,
) -> ServiceResult<()> {
    claim_account_email(conn, user_id, "verify_email").await?;
    let token = issue_token(conn, ctx, user_id, "verify_email", VERIFY_TTL).await?;
    let name = ctx.coop().name.clone();
    let message = templates::verify_email(locale, &name, &token_link(ctx, paths::VERIFY, &token));
    mail::enqueue(conn, Some(ctx.coop_id()), email.as_str(), &message).await?;
    Ok(())
}

pub async fn verify_email(ctx: &Ctx, token: &str) -> ServiceResult<()> {
    let mut tx = ctx.pool.begin().await?;
    let user_id = consume_token(&mut tx, token, "verify_email").await?;
    sqlx::query!(
        "UPDATE users SET email_verified_at = coalesce(email_verified_at, now()) WHERE id = $1",
        user_id
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Reserves an attempt under each key before the password is checked: it is recorded as a
/// failure now (and forgotten if the password turns out right), or refused if a key already
/// has its limit of failures in the window. Attempts on a key are serialised by an advisory
/// lock held until the reservation commits, so parallel attempts cannot all read the count
/// before any of them adds to it. Returns the reserved rows.
async fn reserve_attempt(ctx: &Ctx, limits: &[(String, i64)]) -> ServiceResult<Vec<i64>> {
    let mut tx = ctx.pool.begin().await?;
    let mut keys: Vec<&str> = limits.iter().map(|(k, _)| k.as_str()).collect();
    keys.sort_unstable(); // always the same order: no deadlock between two attempts
    for key in &keys {
        // Runtime query: it returns `void`, a column type the checked macros cannot describe.
        sqlx::query("SELECT pg_advisory_xact_lock($1, hashtext($2))")
            .bind(THROTTLE_LOCK_CLASS)
            .bind(key)
            .execute(&mut *tx)
            .await?;
    }
    let since = ctx.now - FAILURE_WINDOW;
    for (key, limit) in limits {
        let count = sqlx::query_scalar!(
            r#"SELECT count(*) AS "count!" FROM sign_in_failures WHERE key = $1 AND at > $2"#,
            key,
            since as _
        )
        .fetch_one(&mut *tx)
        .await?;
        if count >= *limit {
            return Err(ServiceError::TooManyAttempts);
        }
    }
    let keys: Vec<String> = keys.into_iter().map(str::to_owned).collect();
    let ids = sqlx::query_scalar!(
        "INSERT INTO sign_in_failures (key) SELECT unnest($1::text[]) RETURNING id",
        &keys[..]
    )
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(ids)
}

/// Checks the password of a member of the cooperative of `ctx`. Failures are counted per address and per client;
/// past the limit every attempt is refused for a while, whether the account exists or not. An
/// account that is not a member of the cooperative is answered like a wrong password.
pub async fn sign_in(ctx: &Ctx, raw_email: &str, raw_password: &str, client_ip: &str) -> ServiceResult<SignedIn> {
    let pool = &ctx.pool;
    let email = Email::parse(raw_email).map_err(|m| ServiceError::field("email", m))?;
    let account_key = email_key(&email);
    let ip_key = format!("ip:{client_ip}");
    let limits = [
        (account_key.clone(), MAX_FAILURES_PER_ACCOUNT),
        (ip_key.clone(), MAX_FAILURES_PER_ADDRESS),
    ];
    let reserved = reserve_attempt(ctx, &limits).await?;

    let row = sqlx::query_as!(
        Credentials,
        r#"SELECT u.id, u.password_hash, u.email_verified_at AS "email_verified_at: DateTime<Utc>",
                u.password_changed_at AS "password_changed_at: DateTime<Utc>", u.locale AS "locale: Locale",
                EXISTS (SELECT 1 FROM memberships m WHERE m.coop_id = $2 AND m.user_id = u.id) AS "member!"
         FROM users u WHERE lower(u.email) = $1"#,
        email.normalized(),
        ctx.coop_id()
    )
    .fetch_optional(pool)
    .await?;
    let stored = row.as_ref().map(|r| r.password_hash.clone());
    let ok = password::verify(raw_password.to_owned(), stored).await?;

    let Some(Credentials {
        id: user_id,
        email_verified_at: verified_at,
        password_changed_at,
        locale,
        ..
    }) = row.filter(|r| ok && r.member)
    else {
        // The reserved attempt stays as a failure.
        return Err(ServiceError::invalid(Msg::ErrBadCredentials));
    };
    sqlx::query!(
        "DELETE FROM sign_in_failures WHERE key = $1 OR id = ANY($2)",
        account_key,
        &reserved[..]
    )
    .execute(pool)
    .await?;

    if verified_at.is_none() {
        // The password was right: say so, and send the link again (once per few minutes at most).
        let mut tx = pool.begin().await?;
        if claim_account_email(&mut tx, user_id, "verify_email").await? {
            let token = issue_token(&mut tx, ctx, user_id, "verify_email", VERIFY_TTL).await?;
            let name = ctx.coop().name.clone();
            let message = templates::verify_email(locale, &name, &token_link(ctx, paths::VERIFY, &token));
            mail::enqueue(&mut tx, Some(ctx.coop_id()), email.as_str(), &message).await?;
        }
        tx.commit().await?;
        return Err(ServiceError::invalid(Msg::ErrEmailNotVerified));
    }
    Ok(SignedIn {
        user_id,
        password_changed_at,
    })
}

/// Sends a reset link if the address has an account; the caller answers the same either way.
pub async fn request_password_reset(ctx: &Ctx, raw_email: &str) -> ServiceResult<()> {
    let email = Email::parse(raw_email).map_err(|m| ServiceError::field("email", m))?;
    let mut tx = ctx.pool.begin().await?;
    let user = sqlx::query!(
        r#"SELECT id, locale AS "locale: Locale" FROM users WHERE lower(email) = $1"#,
        email.normalized()
    )
    .fetch_optional(&mut *tx)
    .await?
    .map(|u| (u.id, u.locale));
    // One link per few minutes at most: someone else typing the address cannot flood its owner.
    // The answer is the same whether a link went out or not.
    if let Some((user_id, locale)) = user
        && claim_account_email(&mut tx, user_id, "reset_password").await?
    {
        let token = issue_token(&mut tx, ctx, user_id, "reset_password", RESET_TTL).await?;
        let name = ctx.coop().name.clone();
        let message = templates::reset_password(locale, &name, &token_link(ctx, paths::RESET, &token));
        mail::enqueue(&mut tx, Some(ctx.coop_id()), email.as_str(), &message).await?;
    }
    tx.commit().await?;
    Ok(())
}

async fn set_password(conn: &mut PgConnection, user_id: i64, hash: &str) -> ServiceResult<(String, Locale)> {
    let row = sqlx::query!(
        r#"UPDATE users SET password_hash = $2, password_changed_at = clock_timestamp() WHERE id = $1
           RETURNING email, locale AS "locale: Locale""#,
        user_id,
        hash
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok((row.email, row.locale))
}

/// Sets a new password from an emailed link. The link proves the address, so it also verifies
/// it; every other open session of the account ends (see `CurrentUser::password_changed_at`).
pub async fn reset_password(ctx: &Ctx, token: &str, raw_password: &str) -> ServiceResult<()> {
    let pool = &ctx.pool;
    let new_password = NewPassword::parse(raw_password).map_err(|m| ServiceError::field("password", m))?;
    // The link first: hashing costs 19 MiB and a core, not to be spent on a made-up token.
    token_user(pool, token, "reset_password").await?;
    let hash = password::hash(new_password.expose().to_owned()).await?;
    let mut tx = pool.begin().await?;
    let user_id = consume_token(&mut tx, token, "reset_password").await?;
    let (email, locale) = set_password(&mut tx, user_id, &hash).await?;
    sqlx::query!(
        "UPDATE users SET email_verified_at = coalesce(email_verified_at, now()) WHERE id = $1",
        user_id
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "UPDATE account_tokens SET used_at = now() WHERE user_id = $1 AND purpose = 'reset_password' AND used_at IS NULL",
        user_id
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "DELETE FROM sign_in_failures WHERE key = $1",
        format!("email:{}", email.to_lowercase())
    )
    .execute(&mut *tx)
    .await?;
    let name = ctx.coop().name.clone();
    let message = templates::password_changed(locale, &name, &ctx.link(paths::RESET_REQUEST));
    mail::enqueue(&mut tx, Some(ctx.coop_id()), &email, &message).await?;
    tx.commit().await?;
    Ok(())
}

/// Changes the password of a signed-in account after checking the current one. Returns the
/// new `password_changed_at`, which the caller stores in its own session to keep it open.
pub async fn change_password(ctx: &Ctx, user_id: i64, current: &str, raw_new: &str) -> ServiceResult<DateTime<Utc>> {
    let pool = &ctx.pool;
    let new_password = NewPassword::parse(raw_new).map_err(|m| ServiceError::field("new_password", m))?;
    let stored = sqlx::query_scalar!("SELECT password_hash FROM users WHERE id = $1", user_id)
        .fetch_optional(pool)
        .await?
        .ok_or(ServiceError::Unauthorized)?;
    if !password::verify(current.to_owned(), Some(stored)).await? {
        return Err(ServiceError::field("current_password", Msg::ErrCurrentPasswordWrong));
    }
    let hash = password::hash(new_password.expose().to_owned()).await?;
    let mut tx = pool.begin().await?;
    let (email, locale) = set_password(&mut tx, user_id, &hash).await?;
    let changed_at = sqlx::query_scalar!(
        r#"SELECT password_changed_at AS "changed_at: DateTime<Utc>" FROM users WHERE id = $1"#,
        user_id
    )
    .fetch_one(&mut *tx)
    .await?;
    let name = ctx.coop().name.clone();
    let message = templates::password_changed(locale, &name, &ctx.link(paths::RESET_REQUEST));
    mail::enqueue(&mut tx, Some(ctx.coop_id()), &email, &message).await?;
    tx.commit().await?;
    Ok(changed_at)
}

/// The member of this cooperative with this email address (any case), and that address.
pub async fn member_by_email(conn: &mut PgConnection, coop_id: i64, email: &str) -> ServiceResult<(i64, String)> {
    sqlx::query!(
        "SELECT u.id, u.email FROM users u JOIN memberships m ON m.user_id = u.id AND m.coop_id = $1
         WHERE lower(u.email) = lower($2)",
        coop_id,
        email.trim()
    )
    .fetch_optional(conn)
    .await?
    .map(|r| (r.id, r.email))
    .ok_or(ServiceError::field("email", Msg::ErrCreditNoMember))
}

/// The account behind a session, with its roles in the cooperative of `ctx`; `None` when the
/// account is gone or is not a member of that cooperative (a session opened elsewhere does
/// nothing here).
pub async fn current_user(ctx: &Ctx, user_id: i64) -> ServiceResult<Option<CurrentUser>> {
    let row = sqlx::query_as!(
        UserRow,
        r#"SELECT u.id, u.email, u.display_name, u.locale AS "locale: Locale",
                u.password_changed_at AS "password_changed_at: DateTime<Utc>",
                coalesce(array_agg(r.role ORDER BY r.role) FILTER (WHERE r.role IS NOT NULL), '{}')
                    AS "roles!: Vec<Role>"
         FROM users u
         JOIN memberships m ON m.user_id = u.id AND m.coop_id = $1
         LEFT JOIN member_roles r ON r.user_id = u.id AND r.coop_id = $1
         WHERE u.id = $2 GROUP BY u.id"#,
        ctx.coop_id(),
        user_id
    )
    .fetch_optional(&ctx.pool)
    .await?;
    Ok(row.map(|row| CurrentUser {
        id: row.id,
        email: row.email,
        display_name: row.display_name,
        locale: row.locale,
        password_changed_at: row.password_changed_at,
        roles: row.roles,
    }))
}

pub async fn set_locale(ctx: &Ctx, user_id: i64, locale: Locale) -> ServiceResult<()> {
    sqlx::query!("UPDATE users SET locale = $2 WHERE id = $1", user_id, locale.code())
        .execute(&ctx.pool)
        .await?;
    Ok(())
}

/// Forgets failures older than the throttling window and tokens long expired. Accounts and
/// their throttling records belong to the platform, not to one cooperative: this takes the
/// pool, not a [`Ctx`].
pub async fn purge_expired(pool: &PgPool) -> ServiceResult<u64> {
    let before = Utc::now() - FAILURE_WINDOW;
    let failures = sqlx::query!("DELETE FROM sign_in_failures WHERE at < $1", before as _)
        .execute(pool)
        .await?
        .rows_affected();
    let tokens = sqlx::query!("DELETE FROM account_tokens WHERE expires_at < now() - interval '7 days'")
        .execute(pool)
        .await?
        .rows_affected();
    Ok(failures + tokens)
}
