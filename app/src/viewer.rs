//! Who is reading: the signed-in person as the browser may know them, fetched once per page and
//! fetched again when someone signs in or out.

use leptos::prelude::*;
use maillon::accounts::Role;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// The signed-in person, as the browser may know them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Viewer {
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
}

#[server(endpoint = "whoami", input = leptos::server_fn::codec::GetUrl)]
pub async fn whoami() -> Result<Option<Viewer>, AppError> {
    Ok(crate::ssr::current_user().await?.map(|u| Viewer {
        name: u.name().to_owned(),
        email: u.email,
        roles: u.roles,
    }))
}

/// Bumped when someone signs in or out, so that what depends on the viewer reloads.
#[derive(Clone, Copy)]
pub struct AuthVersion(pub RwSignal<u32>);

pub fn bump_auth_version<A, T>(version: Option<AuthVersion>, action: ServerAction<A>)
where
    A: leptos::server_fn::ServerFn<Output = T, Error = AppError> + Clone + Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
{
    if let Some(AuthVersion(v)) = version {
        Effect::new(move |_| {
            if matches!(action.value().get(), Some(Ok(_))) {
                v.update(|n| *n += 1);
            }
        });
    }
}

pub type ViewerResource = Resource<Result<Option<Viewer>, AppError>>;

pub fn use_viewer() -> ViewerResource {
    expect_context::<ViewerResource>()
}
