//! The board's settings of the cooperative: how prices split (the general rule and its rules
//! per category or producer), and its legal identity on invoices.
// A server function takes its form's fields one by one.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use maillon::catalogue::{Category, Split, SplitRule, SplitRules, SplitTarget};
#[cfg(feature = "ssr")]
use maillon::error::ServiceError;
use maillon::i18n::{Locale, Msg};

use crate::components::{Csrf, Field, FormError, FormSuccess, loaded, outcome};
use crate::error::AppError;
use crate::i18n::{t, tf};

/// The split of prices and what its rules may name: the cooperative's producers.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SplitSettings {
    pub rules: SplitRules,
    pub producers: Vec<(i64, String)>,
}

#[server(endpoint = "get_settings", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_settings() -> Result<SplitSettings, AppError> {
    crate::ssr::require(maillon::accounts::Permission::ManageSettings).await?;
    let ctx = crate::ssr::ctx()?;
    Ok(SplitSettings {
        rules: maillon::catalogue::store::rules(&ctx).await?,
        producers: maillon::catalogue::store::producer_names(&ctx).await?,
    })
}

#[server(endpoint = "save_settings")]
pub async fn save_settings(
    csrf: String,
    #[server(default)] hub: String,
    coop: String,
    #[server(default)] solidarity: String,
) -> Result<(), AppError> {
    let _ = csrf;
    let user = crate::ssr::require(maillon::accounts::Permission::ManageSettings).await?;
    let split = Split::parse(&hub, &coop, &solidarity).map_err(|(f, m)| ServiceError::field(f, m))?;
    Ok(maillon::catalogue::store::set_general_split(&crate::ssr::ctx()?, &user, split).await?)
}

#[server(endpoint = "save_split_rule")]
pub async fn save_split_rule(
    csrf: String,
    target: String,
    #[server(default)] hub: String,
    coop: String,
    #[server(default)] solidarity: String,
) -> Result<(), AppError> {
    let _ = csrf;
    let user = crate::ssr::require(maillon::accounts::Permission::ManageSettings).await?;
    let target = SplitTarget::parse(&target).ok_or_else(|| ServiceError::field("target", Msg::ErrSplitTarget))?;
    let split = Split::parse(&hub, &coop, &solidarity).map_err(|(f, m)| ServiceError::field(f, m))?;
    Ok(maillon::catalogue::store::save_split_rule(&crate::ssr::ctx()?, &user, target, split).await?)
}

/// Deletes a rule. `confirm` comes from the confirmation's button.
#[server(endpoint = "delete_split_rule")]
pub async fn delete_split_rule(csrf: String, id: i64, #[server(default)] confirm: String) -> Result<(), AppError> {
    let _ = csrf;
    let user = crate::ssr::require(maillon::accounts::Permission::ManageSettings).await?;
    if confirm != "yes" {
        return Err(ServiceError::invalid(Msg::SplitDeleteConfirm).into());
    }
    Ok(maillon::catalogue::store::delete_split_rule(&crate::ssr::ctx()?, &user, id).await?)
}

/// "12,5" from 1250 basis points, as the form shows a percentage.
fn percent_input(bp: i32, locale: Locale) -> String {
    maillon::catalogue::format_vat(bp, locale)
        .trim_end_matches(" %")
        .to_owned()
}

/// "hub 8 % · marge 6 % · solidarité 1 % · producteur 85 % (du HT)".
fn parts(split: Split, locale: Locale) -> String {
    let f = |bp| maillon::catalogue::format_vat(bp, locale);
    tf(
        Msg::SplitRuleParts,
        &[
            ("hub", &f(split.hub_bp)),
            ("coop", &f(split.coop_bp)),
            ("solidarity", &f(split.solidarity_bp)),
            ("producer", &f(10_000 - split.total_bp())),
        ],
    )
}

fn target_name(rule: &SplitRule) -> String {
    match rule.target {
        SplitTarget::Category(c) => tf(Msg::SplitTargetCategory, &[("name", t(c.label()))]),
        SplitTarget::Producer(_) => tf(
            Msg::SplitTargetProducer,
            &[("name", rule.producer_name.as_deref().unwrap_or_default())],
        ),
    }
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let save = ServerAction::<SaveSettings>::new();
    let save_rule = ServerAction::<SaveSplitRule>::new();
    let delete = ServerAction::<DeleteSplitRule>::new();
    let locale = crate::i18n::use_locale();
    let settings = Resource::new(
        move || save.version().get() + save_rule.version().get() + delete.version().get(),
        |_| get_settings(),
    );
    view! {
        <section class="card narrow" aria-labelledby="title">
            <h1 id="title">{t(Msg::SettingsTitle)}</h1>
            <h2>{t(Msg::SplitTitle)}</h2>
            <p class="muted">{t(Msg::SplitHint)}</p>
            {loaded(settings, move |s: SplitSettings| {
                let general = s.rules.general;
                let rules = s.rules.rules.clone();
                view! {
                    <h3>{t(Msg::SplitGeneral)}</h3>
                    <ActionForm action=save>
                        <Csrf/>
                        <FormError result=save.value().into()/>
                        <FormSuccess result=outcome(save) msg=Msg::Saved/>
                        <Field name="hub" label=Msg::HubShareLabel maxlength=6 value=percent_input(general.hub_bp, locale)/>
                        <Field name="coop" label=Msg::CoopShareLabel maxlength=6 value=percent_input(general.coop_bp, locale)/>
                        <Field name="solidarity" label=Msg::SolidarityShareLabel maxlength=6
                            value=percent_input(general.solidarity_bp, locale)/>
                        <p class="muted">{parts(general, locale)}</p>
                        <button type="submit" class="button primary">{t(Msg::Save)}</button>
                    </ActionForm>
                    <h3>{t(Msg::SplitRulesTitle)}</h3>
                    <FormError result=delete.value().into()/>
                    {if rules.is_empty() {
                        view! { <p class="empty">{t(Msg::SplitRulesEmpty)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="order-list doc-list">
                                {rules.into_iter().map(|r| view! {
                                    <li>
                                        <strong>{target_name(&r)}</strong><br/>
                                        <span class="muted">{parts(r.split, locale)}</span>
                                        <ActionForm action=delete>
                                            <Csrf/>
                                            <input type="hidden" name="id" value=r.id/>
                                            <details class="confirm">
                                                <summary class="button">{t(Msg::SplitDelete)}</summary>
                                                <p>{t(Msg::SplitDeleteConfirm)}</p>
                                                <button type="submit" name="confirm" value="yes" class="button primary">{t(Msg::Confirm)}</button>
                                            </details>
                                        </ActionForm>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    <h3>{t(Msg::SplitAddTitle)}</h3>
                    <ActionForm action=save_rule>
                        <Csrf/>
                        <FormError result=save_rule.value().into()/>
                        <FormSuccess result=outcome(save_rule) msg=Msg::SplitRuleSaved/>
                        <div class="field">
                            <label for="rule-target">{t(Msg::SplitTargetLabel)}</label>
                            <select id="rule-target" name="target" required>
                                <optgroup label=t(Msg::Category)>
                                    {Category::ALL.iter().map(|c| view! {
                                        <option value=SplitTarget::Category(*c).code()>{t(c.label())}</option>
                                    }).collect_view()}
                                </optgroup>
                                <optgroup label=t(Msg::SplitProducers)>
                                    {s.producers.iter().map(|(id, name)| view! {
                                        <option value=SplitTarget::Producer(*id).code()>{name.clone()}</option>
                                    }).collect_view()}
                                </optgroup>
                            </select>
                        </div>
                        <RuleField id="rule-hub" name="hub" label=Msg::HubShareLabel/>
                        <RuleField id="rule-coop" name="coop" label=Msg::CoopShareLabel/>
                        <RuleField id="rule-solidarity" name="solidarity" label=Msg::SolidarityShareLabel/>
                        <button type="submit" class="button primary">{t(Msg::SplitAddTitle)}</button>
                    </ActionForm>
                }
            })}
        </section>
        <BillingIdentity/>
        <crate::pages::transparency::LicenceSettings/>
    }
}

/// A share of the rule form: its own id, as the general form above has the same names.
#[component]
fn RuleField(id: &'static str, name: &'static str, label: Msg) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{t(label)}</label>
            <input id=id name=name type="text" inputmode="decimal" maxlength=6 required={name == "coop"}/>
        </div>
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
