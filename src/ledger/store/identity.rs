//! The cooperative's legal identity on its invoices.

use sqlx::PgExecutor;

use crate::accounts::store::CurrentUser;
use crate::audit::{self, Entry};
use crate::ctx::Ctx;
use crate::error::ServiceResult;
use crate::ledger::Identity;

/// The identity set by the board, if any.
pub(super) async fn identity_of<'e>(db: impl PgExecutor<'e>, coop_id: i64) -> ServiceResult<Option<Identity>> {
    Ok(sqlx::query_as!(
        Identity,
        "SELECT legal_name, legal_form, street, postcode, city, siren, vat_number, registry, iban, bic
         FROM billing_identities WHERE coop_id = $1",
        coop_id,
    )
    .fetch_optional(db)
    .await?)
}

/// The identity the board set, or None.
pub async fn identity(ctx: &Ctx) -> ServiceResult<Option<Identity>> {
    identity_of(&ctx.pool, ctx.coop_id()).await
}

/// Sets the identity invoices issued from now on state; audited with what it was before.
pub async fn set_identity(ctx: &Ctx, actor: &CurrentUser, identity: &Identity) -> ServiceResult<()> {
    let mut tx = ctx.pool.begin().await?;
    let before = identity_of(&mut *tx, ctx.coop_id()).await?;
    sqlx::query!(
        "INSERT INTO billing_identities (coop_id, legal_name, legal_form, street, postcode, city, siren, vat_number, registry,
                                         iban, bic, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (coop_id) DO UPDATE SET legal_name = $2, legal_form = $3, street = $4, postcode = $5, city = $6,
             siren = $7, vat_number = $8, registry = $9, iban = $10, bic = $11, updated_at = $12",
        ctx.coop_id(),
        identity.legal_name,
        identity.legal_form,
        identity.street,
        identity.postcode,
        identity.city,
        identity.siren,
        identity.vat_number,
        identity.registry,
        identity.iban,
        identity.bic,
        ctx.now as _,
    )
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        ctx,
        Entry {
            actor: Some(actor.id),
            action: "billing_identity_set",
            subject: "billing identity".into(),
            before: before.map(|b| serde_json::json!(b)),
            after: Some(serde_json::json!(identity)),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
