//! Whose catalogue a request may change, for the routes that are not server functions (photo
//! uploads, CSV import and export): the farm a producer manages (the board: any farm), and the
//! product or farm a photo is for. A product or farm of another cooperative is not found,
//! whoever asks.

use super::store::{self, PhotoOwner};
use crate::accounts::store::CurrentUser;
use crate::accounts::{Permission, allows};
use crate::ctx::Ctx;
use crate::error::{ServiceError, ServiceResult};

/// The farm whose catalogue `user` manages: their own, or `requested` for the board.
pub async fn managed_farm(ctx: &Ctx, user: &CurrentUser, requested: Option<i64>) -> ServiceResult<i64> {
    if !allows(&user.roles, Permission::ManageCatalogue) {
        return Err(ServiceError::Forbidden);
    }
    store::managed_producer(ctx, user, requested).await
}

/// What a photo is for (`target` "product" or "producer", and its id), once `user` may change
/// it; `None` for a target that is neither.
pub async fn photo_owner(
    ctx: &Ctx,
    user: &CurrentUser,
    target: &str,
    target_id: i64,
) -> ServiceResult<Option<PhotoOwner>> {
    Ok(Some(match target {
        "product" => {
            store::authorize_product(ctx, user, target_id).await?;
            PhotoOwner::Product(target_id)
        }
        "producer" => PhotoOwner::Producer(store::authorize_producer(ctx, user, target_id).await?),
        _ => return Ok(None),
    }))
}
