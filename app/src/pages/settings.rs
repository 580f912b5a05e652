//! The board's settings of the cooperative: the commission, and its legal identity on invoices.
// A server function takes its form's fields one by one.
#![allow(clippy::too_many_arguments)]

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
        <BillingIdentity/>
    }
}

#[server(endpoint = "get_billing_identity", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_billing_identity() -> Result<Option<maillon::ledger::Identity>, AppError> {
    crate::ssr::require(maillon::accounts::Permission::ManageSettings).await?;
    Ok(maillon::ledger::store::identity(&crate::ssr::ctx()?).await?)
}

#[server(endpoint = "save_billing_identity")]
pub async fn save_billing_identity(
    csrf: String,
    legal_name: String,
    legal_form: String,
    street: String,
    postcode: String,
    city: String,
    siren: String,
    #[server(default)] vat_number: String,
    #[server(default)] registry: String,
    #[server(default)] iban: String,
    #[server(default)] bic: String,
) -> Result<(), AppError> {
    let _ = csrf;
    let user = crate::ssr::require(maillon::accounts::Permission::ManageSettings).await?;
    let form = maillon::ledger::identity::IdentityForm {
        legal_name: &legal_name,
        legal_form: &legal_form,
        street: &street,
        postcode: &postcode,
        city: &city,
        siren: &siren,
        vat_number: &vat_number,
        registry: &registry,
        iban: &iban,
        bic: &bic,
    };
    let identity = maillon::ledger::parse_identity(&form)
        .map_err(|(field, msg)| maillon::error::ServiceError::field(field, msg))?;
    Ok(maillon::ledger::store::set_identity(&crate::ssr::ctx()?, &user, &identity).await?)
}

/// The cooperative's legal identity as its invoices state it.
#[component]
fn BillingIdentity() -> impl IntoView {
    let save = ServerAction::<SaveBillingIdentity>::new();
    let identity = Resource::new(move || save.version().get(), |_| get_billing_identity());
    view! {
        <section class="card narrow" aria-labelledby="billing">
            <h2 id="billing">{t(Msg::BillingTitle)}</h2>
            <p class="muted">{t(Msg::BillingHint)}</p>
            {loaded(identity, move |identity| {
                let missing = identity.is_none();
                let i = identity.unwrap_or_default();
                view! {
                    {missing.then(|| view! { <p class="alert">{t(Msg::BillingMissing)}</p> })}
                    <ActionForm action=save>
                        <Csrf/>
                        <FormError result=save.value().into()/>
                        <FormSuccess result=outcome(save) msg=Msg::Saved/>
                        <Field name="legal_name" label=Msg::LegalNameLabel maxlength=120 value=i.legal_name/>
                        <Field name="legal_form" label=Msg::LegalFormLabel maxlength=120
                            value=if missing { "SCIC SAS à capital variable".to_owned() } else { i.legal_form }/>
                        <Field name="street" label=Msg::StreetLabel autocomplete="street-address" maxlength=200 value=i.street/>
                        <Field name="postcode" label=Msg::PostcodeLabel autocomplete="postal-code" maxlength=6 value=i.postcode/>
                        <Field name="city" label=Msg::CityLabel autocomplete="address-level2" maxlength=80 value=i.city/>
                        <Field name="siren" label=Msg::SirenLabel maxlength=11 value=i.siren/>
                        <Field name="vat_number" label=Msg::VatNumberLabel required=false maxlength=16 value=i.vat_number/>
                        <Field name="registry" label=Msg::RegistryLabel required=false maxlength=120 value=i.registry/>
                        <Field name="iban" label=Msg::CoopIbanLabel required=false maxlength=42 autocomplete="off"
                            value=maillon::ledger::bank::format_iban(&i.iban)/>
                        <Field name="bic" label=Msg::CoopBicLabel required=false maxlength=11 autocomplete="off" value=i.bic/>
                        <button type="submit" class="button primary">{t(Msg::Save)}</button>
                    </ActionForm>
                }
            })}
        </section>
    }
}
