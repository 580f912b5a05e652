//! The board's settings of the cooperative.

use leptos::prelude::*;
use maillon::i18n::Msg;

use crate::components::{Csrf, Field, FormError, FormSuccess, loaded, outcome};
use crate::error::AppError;
use crate::i18n::t;

#[server(endpoint = "get_settings", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_settings() -> Result<i32, AppError> {
    crate::ssr::require(maillon::accounts::Permission::ManageSettings).await?;
    Ok(maillon::catalogue::store::commission_bp(&crate::ssr::ctx()?).await?)
}

#[server(endpoint = "save_settings")]
pub async fn save_settings(csrf: String, commission: String) -> Result<(), AppError> {
    let _ = csrf;
    crate::ssr::require(maillon::accounts::Permission::ManageSettings).await?;
    let bp = maillon::money::parse_cents(&commission.replace('%', ""))
        .and_then(|v| i32::try_from(v).ok())
        .ok_or_else(|| maillon::error::ServiceError::field("commission", Msg::ErrCommission))?;
    Ok(maillon::catalogue::store::set_commission_bp(&crate::ssr::ctx()?, bp).await?)
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let save = ServerAction::<SaveSettings>::new();
    let locale = crate::i18n::use_locale();
    let settings = Resource::new(move || save.version().get(), |_| get_settings());
    view! {
        <section class="card narrow" aria-labelledby="title">
            <h1 id="title">{t(Msg::SettingsTitle)}</h1>
            {loaded(settings, move |bp| view! {
                        <ActionForm action=save>
                            <Csrf/>
                            <FormError result=save.value().into()/>
                            <FormSuccess result=outcome(save) msg=Msg::Saved/>
                            <Field name="commission" label=Msg::CommissionLabel hint=Msg::CommissionHint
                                value=maillon::money::cents_to_input(i64::from(bp), locale).trim_end_matches('0').trim_end_matches([',', '.']).to_owned()/>
                            <button type="submit" class="button primary">{t(Msg::Save)}</button>
                        </ActionForm>
            })}
        </section>
    }
}
