//! The board's page for other platforms: a token per platform and member account, shown once
//! when issued, revoked after a confirmation. With it, the platform reads and places that
//! member's orders through the DFC API (`/dfc/orders`).

use leptos::prelude::*;
use maillon::accounts::platforms::{PLATFORM_MAX_CHARS, PlatformToken};
use maillon::i18n::Msg;
use maillon::time::{Zone, format_local};

use crate::components::{Csrf, Field, FormError, loaded};
use crate::error::AppError;
use crate::i18n::{t, tf, use_locale};

/// Where a token just issued waits, in the board member's session, for the page to show it.
#[cfg(feature = "ssr")]
const ISSUED: &str = "platform_token";

/// The page's data: the tokens, the one just issued (platform, secret) if any, the zone, and
/// the orders' address.
#[server(endpoint = "platform_tokens", input = leptos::server_fn::codec::GetUrl)]
pub async fn platform_tokens() -> Result<(Vec<PlatformToken>, Option<(String, String)>, Zone, String), AppError> {
    crate::ssr::require(maillon::accounts::Permission::Govern).await?;
    let ctx = crate::ssr::ctx()?;
    let issued = crate::ssr::take_flash(ISSUED).await?;
    let tokens = maillon::accounts::platforms::tokens(&ctx).await?;
    let orders = maillon::dfc::Iris::new(ctx.base_url()).orders();
    Ok((tokens, issued, ctx.coop().timezone, orders))
}

#[server(endpoint = "issue_platform_token")]
pub async fn issue_platform_token(csrf: String, platform: String, email: String) -> Result<(), AppError> {
    let _ = csrf;
    let user = crate::ssr::require(maillon::accounts::Permission::Govern).await?;
    let ctx = crate::ssr::ctx()?;
    let token = maillon::accounts::platforms::issue(&ctx, &user, &platform, &email).await?;
    let name = maillon::accounts::platforms::parse_platform(&platform).unwrap_or_default();
    crate::ssr::flash(ISSUED, &(name, token)).await
}

#[server(endpoint = "revoke_platform_token")]
pub async fn revoke_platform_token(
    csrf: String,
    token: i64,
    #[server(default)] confirm: String,
) -> Result<(), AppError> {
    let _ = csrf;
    let user = crate::ssr::require(maillon::accounts::Permission::Govern).await?;
    if confirm != "yes" {
        return Err(maillon::error::ServiceError::invalid(Msg::PlatformRevokeConfirm).into());
    }
    Ok(maillon::accounts::platforms::revoke(&crate::ssr::ctx()?, &user, token).await?)
}

#[component]
fn TokenList(tokens: Vec<PlatformToken>, zone: Zone, revoke: ServerAction<RevokePlatformToken>) -> impl IntoView {
    let locale = use_locale();
    if tokens.is_empty() {
        return view! { <p class="empty">{t(Msg::PlatformsEmpty)}</p> }.into_any();
    }
    let at = move |when| format_local(when, zone.tz(), locale);
    view! {
        <ul class="order-list doc-list">
            {tokens.into_iter().map(|token| view! {
                <li>
                    <strong>{token.platform.clone()}</strong>
                    <br/><span class="muted">{tf(Msg::PlatformTokenFor, &[("account", &token.account), ("issued", &at(token.issued_at))])}</span>
                    <br/><span class="muted">{match token.last_used_at {
                        Some(used) => tf(Msg::PlatformLastUsed, &[("at", &at(used))]),
                        None => t(Msg::PlatformNeverUsed).to_owned(),
                    }}</span>
                    {match token.revoked_at {
                        Some(revoked) => view! { <p class="tag low">{tf(Msg::PlatformRevoked, &[("at", &at(revoked))])}</p> }.into_any(),
                        None => view! {
                            <details class="confirm">
                                <summary class="button">{t(Msg::PlatformRevoke)}</summary>
                                <ActionForm action=revoke>
                                    <Csrf/>
                                    <input type="hidden" name="token" value=token.id/>
                                    <p>{t(Msg::PlatformRevokeConfirm)}</p>
                                    <button type="submit" name="confirm" value="yes" class="button primary">{t(Msg::Confirm)}</button>
                                </ActionForm>
                            </details>
                        }.into_any(),
                    }}
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
pub fn PlatformsPage() -> impl IntoView {
    let issue = ServerAction::<IssuePlatformToken>::new();
    let revoke = ServerAction::<RevokePlatformToken>::new();
    let data = Resource::new(
        move || issue.version().get() + revoke.version().get(),
        |_| platform_tokens(),
    );
    view! {
        <section class="card" aria-labelledby="title">
            <h1 id="title">{t(Msg::PlatformsTitle)}</h1>
            <p>{t(Msg::PlatformsHint)}</p>
            {loaded(data, move |(tokens, issued, zone, orders): (Vec<PlatformToken>, Option<(String, String)>, Zone, String)| view! {
                <p class="muted">{tf(Msg::PlatformsApi, &[("url", &orders)])}</p>
                {issued.map(|(platform, secret)| view! {
                    <div class="alert success" role="status">
                        <p>{tf(Msg::PlatformIssued, &[("platform", &platform)])}</p>
                        <p><code class="secret" id="issued-token">{secret}</code></p>
                    </div>
                })}
                <FormError result=revoke.value().into()/>
                <TokenList tokens zone revoke/>
            })}
            <h2>{t(Msg::PlatformIssue)}</h2>
            <ActionForm action=issue>
                <Csrf/>
                <FormError result=issue.value().into()/>
                <Field name="platform" label=Msg::PlatformName maxlength=PLATFORM_MAX_CHARS as u32/>
                <Field name="email" label=Msg::PlatformAccount kind="email" autocomplete="off" maxlength=254/>
                <button type="submit" class="button primary">{t(Msg::PlatformIssue)}</button>
            </ActionForm>
        </section>
    }
}
