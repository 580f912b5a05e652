//! What a page shows when it cannot show its data: sign in first, not found, or the error,
//! each with the HTTP status it calls for.

use leptos::prelude::*;
use maillon::accounts::paths;
use maillon::i18n::Msg;

use crate::error::AppError;
use crate::i18n::t;

/// Shown where a page needs a signed-in account and there is none.
#[component]
pub fn SignInRequired() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::ssr::set_error_status(&AppError::Unauthorized);
    view! {
        <section class="card narrow">
            <p class="alert error" role="alert">{t(Msg::ErrSignInRequired)}</p>
            <a class="button primary" href=paths::SIGN_IN>{t(Msg::NavSignIn)}</a>
        </section>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        options.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <section class="card narrow" aria-labelledby="title">
            <h1 id="title">{t(Msg::NotFoundTitle)}</h1>
            <p>{t(Msg::NotFoundBody)}</p>
            <a class="button primary" href="/">{t(Msg::BackHome)}</a>
        </section>
    }
}

/// What a failed page load shows: sign-in for 401, the 404 page, else the message, with the
/// HTTP status the error calls for.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::ssr::set_error_status(&error);
    match error {
        AppError::Unauthorized => view! { <SignInRequired/> }.into_any(),
        AppError::NotFound => view! { <NotFound/> }.into_any(),
        e => view! {
            <section class="card narrow">
                <p class="alert error" role="alert">{t(e.msg())}</p>
                <a class="button" href="/">{t(Msg::BackHome)}</a>
            </section>
        }
        .into_any(),
    }
}

/// A message named in a redirect's query string (by plain forms the server answers itself).
pub fn msg_from_code(code: &str) -> Option<Msg> {
    Msg::ALL.iter().copied().find(|m| format!("{m:?}") == code)
}
