//! Platforms' access: the board issues a token to another food platform (Open Food Network,
//! CoopCircuits…) acting for one member account, the enterprise whose orders it places and
//! reads through the DFC API. A token is a random secret shown once; only its SHA-256 is kept,
//! so the table holds nothing a reader could replay. Revoking is immediate and audited.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::i18n::Msg;

pub const PLATFORM_MAX_CHARS: usize = 80;
/// The tokens the board's page lists, newest first.
pub const LISTED: i64 = 100;

/// A token as the board sees it: never the secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlatformToken {
    pub id: i64,
    pub platform: String,
    /// The account the platform acts for.
    pub account: String,
    pub issued_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A platform's name: trimmed, 1 to 80 characters, no control character.
pub fn parse_platform(raw: &str) -> Result<String, Msg> {
    let name = raw.trim();
    if name.is_empty() || name.chars().count() > PLATFORM_MAX_CHARS || name.chars().any(char::is_control) {
        return Err(Msg::ErrPlatformName);
    }
    Ok(name.to_owned())
}

#[cfg(feature = "ssr")]
pub use store::*;

#[cfg(feature = "ssr")]
mod store {
    use serde_json::json;

    use super::{LISTED, PlatformToken, parse_platform};
    use crate::accounts::store::{CurrentUser, current_user, member_by_email};
    use crate::audit::{self, Entry};
    use crate::ctx::Ctx;
    use crate::error::{ServiceError, ServiceResult};
    use crate::secret;

    /// Longer than any token issued: refused before hashing.
    const TOKEN_MAX_CHARS: usize = 128;

    /// A platform authenticated by its token: the account it acts for.
    #[derive(Clone, Debug)]
    pub struct Platform {
        pub token_id: i64,
        pub name: String,
        pub account: CurrentUser,
    }

    /// Issues a token for `platform` acting for the member with this email; returns the secret,
    /// which is not kept.
    pub async fn issue(ctx: &Ctx, board: &CurrentUser, platform: &str, email: &str) -> ServiceResult<String> {
        let platform = parse_platform(platform).map_err(|m| ServiceError::field("platform", m))?;
        let mut tx = ctx.pool.begin().await?;
        let (account, account_email) = member_by_email(&mut tx, ctx.coop_id(), email).await?;
        let token = secret::random_token();
        let id = sqlx::query_scalar!(
            "INSERT INTO dfc_tokens (coop_id, platform, user_id, token_hash, issued_by, issued_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            ctx.coop_id(),
            platform,
            account,
            secret::token_hash(&token),
            board.id,
            ctx.now as _,
        )
        .fetch_one(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            ctx,
            Entry {
                actor: Some(board.id),
                action: "platform_token_issued",
                subject: format!("platform token {id}"),
                before: None,
                after: Some(json!({ "platform": platform, "account": account_email })),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(token)
    }

    /// Revokes a token of this cooperative; revoking it again changes nothing.
    pub async fn revoke(ctx: &Ctx, board: &CurrentUser, id: i64) -> ServiceResult<()> {
        let mut tx = ctx.pool.begin().await?;
        let revoked = sqlx::query!(
            "UPDATE dfc_tokens SET revoked_at = $3, revoked_by = $4
             WHERE coop_id = $1 AND id = $2 AND revoked_at IS NULL RETURNING platform",
            ctx.coop_id(),
            id,
            ctx.now as _,
            board.id,
        )
        .fetch_optional(&mut *tx)
        .await?;
        let Some(revoked) = revoked else {
            let exists = sqlx::query_scalar!(
                r#"SELECT count(*) AS "n!" FROM dfc_tokens WHERE coop_id = $1 AND id = $2"#,
                ctx.coop_id(),
                id
            )
            .fetch_one(&mut *tx)
            .await?;
            return if exists > 0 {
                Ok(())
            } else {
                Err(ServiceError::NotFound)
            };
        };
        audit::record(
            &mut tx,
            ctx,
            Entry {
                actor: Some(board.id),
                action: "platform_token_revoked",
                subject: format!("platform token {id}"),
                before: Some(json!({ "platform": revoked.platform })),
                after: None,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The newest tokens, revoked ones included.
    pub async fn tokens(ctx: &Ctx) -> ServiceResult<Vec<PlatformToken>> {
        Ok(sqlx::query_as!(
            PlatformToken,
            r#"SELECT t.id, t.platform, u.email AS account, t.issued_at AS "issued_at: _",
                      t.last_used_at AS "last_used_at: _", t.revoked_at AS "revoked_at: _"
               FROM dfc_tokens t JOIN users u ON u.id = t.user_id
               WHERE t.coop_id = $1 ORDER BY t.issued_at DESC, t.id DESC LIMIT $2"#,
            ctx.coop_id(),
            LISTED
        )
        .fetch_all(&ctx.pool)
        .await?)
    }

    /// The platform a bearer token stands for: none when it is unknown, revoked, of another
    /// cooperative, or its account is no longer a member here.
    pub async fn authenticate(ctx: &Ctx, token: &str) -> ServiceResult<Option<Platform>> {
        if token.is_empty() || token.len() > TOKEN_MAX_CHARS {
            return Ok(None);
        }
        let Some(row) = sqlx::query!(
            "SELECT id, platform, user_id FROM dfc_tokens
             WHERE coop_id = $1 AND token_hash = $2 AND revoked_at IS NULL",
            ctx.coop_id(),
            secret::token_hash(token)
        )
        .fetch_optional(&ctx.pool)
        .await?
        else {
            return Ok(None);
        };
        let Some(account) = current_user(ctx, row.user_id).await? else {
            return Ok(None);
        };
        // When it was last used, to the minute: a busy platform does not write on every call.
        sqlx::query!(
            "UPDATE dfc_tokens SET last_used_at = $2
             WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2::timestamptz - interval '1 minute')",
            row.id,
            ctx.now as _
        )
        .execute(&ctx.pool)
        .await?;
        Ok(Some(Platform {
            token_id: row.id,
            name: row.platform,
            account,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_platform_is_named_in_one_short_line() {
        assert_eq!(parse_platform("  Open Food Network "), Ok("Open Food Network".into()));
        assert_eq!(parse_platform("   "), Err(Msg::ErrPlatformName));
        assert_eq!(parse_platform(&"x".repeat(81)), Err(Msg::ErrPlatformName));
        assert_eq!(parse_platform(&"é".repeat(80)), Ok("é".repeat(80)));
        assert_eq!(parse_platform("a\nb"), Err(Msg::ErrPlatformName));
    }
}
