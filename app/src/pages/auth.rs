//! Signing up, confirming the address, signing in and resetting a forgotten password.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use maillon::accounts::paths;
use maillon::i18n::Msg;

use crate::components::{Csrf, Field, FormError};
use crate::error::AppError;
use crate::i18n::t;
use crate::viewer::{AuthVersion, bump_auth_version};

#[server(endpoint = "sign_up")]
pub async fn sign_up(csrf: String, email: String, password: String, display_name: String) -> Result<(), AppError> {
    let _ = csrf; // checked by the CSRF middleware
    crate::ssr::limit_client()?;
    let ctx = crate::ssr::ctx()?;
    let locale = crate::ssr::request_info().map(|i| i.locale).unwrap_or_default();
    maillon::coop::store::sign_up(&ctx, &email, &password, &display_name, locale).await?;
    leptos_axum::redirect(paths::SIGN_UP_SENT);
    Ok(())
}

#[server(endpoint = "verify_email")]
pub async fn verify_email(csrf: String, token: String) -> Result<(), AppError> {
    let _ = csrf;
    maillon::accounts::store::verify_email(&crate::ssr::ctx()?, &token).await?;
    leptos_axum::redirect(&format!("{}?verified=1", paths::SIGN_IN));
    Ok(())
}

#[server(endpoint = "sign_in")]
pub async fn sign_in(
    csrf: String,
    email: String,
    password: String,
    #[server(default)] next: Option<String>,
) -> Result<(), AppError> {
    let _ = csrf;
    crate::ssr::limit_client()?;
    let ctx = crate::ssr::ctx()?;
    let info = crate::ssr::request_info();
    let ip = info.as_ref().map(|i| i.client_ip.clone()).unwrap_or_default();
    let signed_in = maillon::accounts::store::sign_in(&ctx, &email, &password, &ip).await?;
    let session = crate::ssr::session().await?;
    crate::ssr::start_session(&session, &signed_in).await?;
    // The language chosen on this browser is kept, and becomes the account's; without a choice
    // here, the one made on another device follows the account.
    match info.and_then(|i| i.chosen_locale) {
        Some(chosen) => maillon::accounts::store::set_locale(&ctx, signed_in.user_id, chosen).await?,
        None => {
            if let Some(user) = maillon::accounts::store::current_user(&ctx, signed_in.user_id).await? {
                crate::ssr::remember_locale(user.locale)?;
            }
        }
    }
    // Back to where signing in was asked for: a path of this site only.
    let next = next.as_deref().and_then(maillon::redirect::local_path);
    leptos_axum::redirect(next.unwrap_or(paths::ACCOUNT));
    Ok(())
}

#[server(endpoint = "request_password_reset")]
pub async fn request_password_reset(csrf: String, email: String) -> Result<(), AppError> {
    let _ = csrf;
    crate::ssr::limit_client()?;
    maillon::accounts::store::request_password_reset(&crate::ssr::ctx()?, &email).await?;
    leptos_axum::redirect(paths::RESET_SENT);
    Ok(())
}

#[server(endpoint = "reset_password")]
pub async fn reset_password(csrf: String, token: String, password: String) -> Result<(), AppError> {
    let _ = csrf;
    crate::ssr::limit_client()?;
    maillon::accounts::store::reset_password(&crate::ssr::ctx()?, &token, &password).await?;
    leptos_axum::redirect(&format!("{}?reset=1", paths::SIGN_IN));
    Ok(())
}

fn query(name: &'static str) -> Memo<String> {
    let q = use_query_map();
    Memo::new(move |_| q.with(|q| q.get(name).unwrap_or_default()))
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    let action = ServerAction::<SignUp>::new();
    view! {
        <section class="card narrow" aria-labelledby="title">
            <h1 id="title">{t(Msg::SignUpTitle)}</h1>
            <ActionForm action=action>
                <Csrf/>
                <FormError result=action.value().into()/>
                <Field name="email" label=Msg::Email kind="email" autocomplete="email"/>
                <Field name="password" label=Msg::Password kind="password" autocomplete="new-password" hint=Msg::PasswordHint minlength=12 maxlength=128/>
                <Field name="display_name" label=Msg::DisplayName autocomplete="name" required=false maxlength=80/>
                <button type="submit" class="button primary">{t(Msg::SignUpSubmit)}</button>
            </ActionForm>
            <p class="aside">{t(Msg::AlreadyHaveAccount)} " " <a href=paths::SIGN_IN>{t(Msg::NavSignIn)}</a></p>
        </section>
    }
}

#[component]
fn Notice(title: Msg, body: Msg) -> impl IntoView {
    view! {
        <section class="card narrow" aria-labelledby="title">
            <h1 id="title">{t(title)}</h1>
            <p role="status">{t(body)}</p>
        </section>
    }
}

#[component]
pub fn SignUpSentPage() -> impl IntoView {
    view! { <Notice title=Msg::SignUpSentTitle body=Msg::SignUpSentBody/> }
}

#[component]
pub fn ResetSentPage() -> impl IntoView {
    view! { <Notice title=Msg::SignUpSentTitle body=Msg::ResetSentBody/> }
}

/// The emailed link opens this page; confirming is a POST, so mail scanners that follow
/// links do not use up the token.
#[component]
pub fn VerifyPage() -> impl IntoView {
    let action = ServerAction::<VerifyEmail>::new();
    let token = query("token");
    view! {
        <section class="card narrow" aria-labelledby="title">
            <h1 id="title">{t(Msg::VerifyTitle)}</h1>
            <p>{t(Msg::VerifyBody)}</p>
            <ActionForm action=action>
                <Csrf/>
                <FormError result=action.value().into()/>
                <input type="hidden" name="token" value=move || token.get()/>
                <button type="submit" class="button primary">{t(Msg::VerifySubmit)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let version = use_context::<AuthVersion>();
    bump_auth_version(version, action);
    let verified = query("verified");
    let reset = query("reset");
    let next = query("suite");
    view! {
        <section class="card narrow" aria-labelledby="title">
            <h1 id="title">{t(Msg::SignInTitle)}</h1>
            <Show when=move || !verified.get().is_empty()>
                <p class="alert success" role="status">{t(Msg::VerifyDone)}</p>
            </Show>
            <Show when=move || !reset.get().is_empty()>
                <p class="alert success" role="status">{t(Msg::ResetDone)}</p>
            </Show>
            <ActionForm action=action>
                <Csrf/>
                <FormError result=action.value().into()/>
                <Field name="email" label=Msg::Email kind="email" autocomplete="email"/>
                <Field name="password" label=Msg::Password kind="password" autocomplete="current-password"/>
                {move || {
                    let next = next.get();
                    (!next.is_empty()).then(|| view! { <input type="hidden" name="next" value=next/> })
                }}
                <button type="submit" class="button primary">{t(Msg::SignInSubmit)}</button>
            </ActionForm>
            <p class="aside"><a href=paths::RESET_REQUEST>{t(Msg::ForgotPassword)}</a></p>
            <p class="aside">{t(Msg::NoAccountYet)} " " <a href=paths::SIGN_UP>{t(Msg::NavSignUp)}</a></p>
        </section>
    }
}

#[component]
pub fn ResetRequestPage() -> impl IntoView {
    let action = ServerAction::<RequestPasswordReset>::new();
    view! {
        <section class="card narrow" aria-labelledby="title">
            <h1 id="title">{t(Msg::ResetRequestTitle)}</h1>
            <p>{t(Msg::ResetRequestBody)}</p>
            <ActionForm action=action>
                <Csrf/>
                <FormError result=action.value().into()/>
                <Field name="email" label=Msg::Email kind="email" autocomplete="email"/>
                <button type="submit" class="button primary">{t(Msg::ResetRequestSubmit)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn ResetPage() -> impl IntoView {
    let action = ServerAction::<ResetPassword>::new();
    let token = query("token");
    view! {
        <section class="card narrow" aria-labelledby="title">
            <h1 id="title">{t(Msg::ResetTitle)}</h1>
            <ActionForm action=action>
                <Csrf/>
                <FormError result=action.value().into()/>
                <input type="hidden" name="token" value=move || token.get()/>
                <Field name="password" label=Msg::NewPassword kind="password" autocomplete="new-password" hint=Msg::PasswordHint minlength=12 maxlength=128/>
                <button type="submit" class="button primary">{t(Msg::ResetSubmit)}</button>
            </ActionForm>
        </section>
    }
}
