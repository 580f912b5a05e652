//! The signed-in person's own page: roles, password change, sign-out.

use leptos::prelude::*;
use maillon::accounts::paths;
use maillon::i18n::Msg;

use crate::components::{Csrf, Field, FormError, FormSuccess, outcome};
use crate::error::AppError;
use crate::i18n::t;
use crate::viewer::{AuthVersion, Viewer, bump_auth_version, use_viewer};

#[server(endpoint = "sign_out")]
pub async fn sign_out(csrf: String) -> Result<(), AppError> {
    let _ = csrf;
    let session = crate::ssr::session().await?;
    crate::ssr::end_session(&session).await?;
    leptos_axum::redirect("/");
    Ok(())
}

#[server(endpoint = "change_password")]
pub async fn change_password(csrf: String, current_password: String, new_password: String) -> Result<(), AppError> {
    let _ = csrf;
    let user = crate::ssr::require(maillon::accounts::Permission::SignedIn).await?;
    let ctx = crate::ssr::ctx()?;
    let changed_at = maillon::accounts::store::change_password(&ctx, user.id, &current_password, &new_password).await?;
    let session = crate::ssr::session().await?;
    crate::ssr::refresh_password_mark(&session, changed_at).await
}

#[server(endpoint = "cycle_notifications", input = leptos::server_fn::codec::GetUrl)]
pub async fn cycle_notifications() -> Result<bool, AppError> {
    let user = crate::ssr::require(maillon::accounts::Permission::SignedIn).await?;
    let state = crate::ssr::state()?;
    Ok(maillon::cycles::store::notify_cycles(&state.ctx(), user.id).await?)
}

#[server(endpoint = "set_cycle_notifications")]
pub async fn set_cycle_notifications(csrf: String, #[server(default)] notify: Option<String>) -> Result<(), AppError> {
    let _ = csrf;
    let user = crate::ssr::require(maillon::accounts::Permission::SignedIn).await?;
    let state = crate::ssr::state()?;
    maillon::cycles::store::set_notify_cycles(&state.ctx(), user.id, notify.is_some()).await?;
    Ok(())
}

/// The sign-out button, in the header and on the account page.
#[component]
pub fn SignOutForm() -> impl IntoView {
    let action = ServerAction::<SignOut>::new();
    bump_auth_version(use_context::<AuthVersion>(), action);
    view! {
        <ActionForm action=action attr:class="inline">
            <Csrf/>
            <button type="submit" class="link-button">{t(Msg::SignOut)}</button>
        </ActionForm>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let viewer = use_viewer();
    view! {
        <Transition fallback=|| view! { <p>{t(Msg::Loading)}</p> }>
            {move || viewer.get().map(|v| match v {
                Ok(Some(viewer)) => view! { <Account viewer/> }.into_any(),
                Ok(None) => view! { <crate::components::SignInRequired/> }.into_any(),
                Err(e) => view! { <p class="alert error" role="alert">{t(e.msg())}</p> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn Account(viewer: Viewer) -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    let roles = viewer.roles.clone();
    view! {
        <section class="card" aria-labelledby="title">
            <h1 id="title">{t(Msg::AccountTitle)}</h1>
            <p class="identity"><strong>{viewer.name.clone()}</strong> <span class="muted">{viewer.email.clone()}</span></p>
            <h2>{t(Msg::AccountRoles)}</h2>
            {if roles.is_empty() {
                view! { <p class="empty">{t(Msg::AccountNoRoles)}</p> }.into_any()
            } else {
                view! {
                    <ul class="chips">
                        {roles.into_iter().map(|r| view! { <li class="chip">{t(r.label())}</li> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <SignOutForm/>
        </section>
        <Notifications/>
        <section class="card" aria-labelledby="password-title">
            <h2 id="password-title">{t(Msg::ChangePasswordTitle)}</h2>
            <ActionForm action=change>
                <Csrf/>
                <FormError result=change.value().into()/>
                <FormSuccess result=outcome(change) msg=Msg::PasswordChanged/>
                <Field name="current_password" label=Msg::CurrentPassword kind="password" autocomplete="current-password"/>
                <Field name="new_password" label=Msg::NewPassword kind="password" autocomplete="new-password" hint=Msg::PasswordHint minlength=12 maxlength=128/>
                <button type="submit" class="button">{t(Msg::ChangePasswordSubmit)}</button>
            </ActionForm>
        </section>
        <p class="aside"><a href=paths::RESET_REQUEST>{t(Msg::ForgotPassword)}</a></p>
    }
}

#[component]
fn Notifications() -> impl IntoView {
    let save = ServerAction::<SetCycleNotifications>::new();
    let current = Resource::new(move || save.version().get(), |_| cycle_notifications());
    view! {
        <section class="card" aria-labelledby="notify-title">
            <h2 id="notify-title">{t(Msg::Notifications)}</h2>
            <ActionForm action=save>
                <Csrf/>
                <FormError result=save.value().into()/>
                <FormSuccess result=outcome(save) msg=Msg::Saved/>
                <Transition fallback=|| ()>
                    {move || current.get().and_then(Result::ok).map(|on| view! {
                        <label class="check" for="notify">
                            <input type="checkbox" id="notify" name="notify" value="1" checked=on/>
                            {t(Msg::NotifyCycleOpen)}
                        </label>
                    })}
                </Transition>
                <button type="submit" class="button">{t(Msg::Save)}</button>
            </ActionForm>
        </section>
    }
}
