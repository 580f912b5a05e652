//! The parts every form is built from: labelled fields, the result of the last submission
//! (its error, its success, its rows or fields at fault) and where a plain post comes back to.

use leptos::prelude::*;
use maillon::catalogue::RowError;
use maillon::i18n::Msg;

use crate::error::AppError;
use crate::i18n::{t, tf, use_locale};

/// The error of the last submission of a form, announced to screen readers.
#[component]
pub fn FormError<T: Clone + Send + Sync + 'static>(result: Signal<Option<Result<T, AppError>>>) -> impl IntoView {
    move || {
        result.get().and_then(Result::err).map(|e| {
            view! { <p class="alert error" role="alert">{t(e.msg())}</p> }
        })
    }
}

/// The result of the last submission of `action`'s form. Driven by script (inside an island)
/// it is the action's value. A plain form post, which is how every form outside an island is
/// sent, comes back to its page with the result in the address (`__path` and `__ok` or
/// `__err`, see `form_errors_back` in server/src/security.rs); it is read from there, so the
/// page says what happened either way.
pub fn outcome<S>(action: ServerAction<S>) -> Signal<Option<Result<S::Output, AppError>>>
where
    S: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + serde::de::DeserializeOwned + 'static,
{
    #[cfg(feature = "ssr")]
    let sent_back: Option<S::Output> = leptos_router::hooks::use_query_map().with_untracked(|q| {
        (q.get("__path").as_deref() == Some(S::PATH))
            .then(|| q.get("__ok"))
            .flatten()
            .and_then(|json| serde_json::from_str(&json).ok())
    });
    #[cfg(not(feature = "ssr"))]
    let sent_back: Option<S::Output> = None;
    Signal::derive(move || action.value().get().or_else(|| sent_back.clone().map(Ok)))
}

/// Inside a form: a plain post comes back to its page scrolled to the element `to`, where the
/// form says what happened (see `form_errors_back` in server/src/security.rs).
#[component]
pub fn BackTo(#[prop(into)] to: String) -> impl IntoView {
    view! { <input type="hidden" name="__anchor" value=to/> }
}

/// Where a form says what happened: announced to screen readers, and the place a plain post
/// comes back to (give the form a `BackTo` with the same id).
#[component]
pub fn FormResult(#[prop(into)] id: String, children: Children) -> impl IntoView {
    // Forms of one function on one page (a plan per round kind) share its result in the
    // address: a plain post names its form (`__form`), and only that form shows it.
    #[cfg(feature = "ssr")]
    let other_form = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("__form").is_some_and(|f| f != id));
    #[cfg(not(feature = "ssr"))]
    let other_form = false;
    view! { <div aria-live="polite" class="form-result" id=id>{(!other_form).then(children)}</div> }
}

/// A success notice shown once the last submission of a form went through.
#[component]
pub fn FormSuccess<T: Clone + Send + Sync + 'static>(
    result: Signal<Option<Result<T, AppError>>>,
    msg: Msg,
) -> impl IntoView {
    move || {
        result.get().and_then(Result::ok).map(|_| {
            view! { <p class="alert success" role="status">{t(msg)}</p> }
        })
    }
}

/// A labelled input with an optional hint tied to it for screen readers.
#[component]
pub fn Field(
    name: &'static str,
    label: Msg,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] hint: Option<Msg>,
    #[prop(default = true)] required: bool,
    #[prop(optional)] minlength: Option<u32>,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(optional, into)] value: Option<String>,
) -> impl IntoView {
    let id = format!("field-{name}");
    let hint_id = format!("{id}-hint");
    let described = hint.map(|_| hint_id.clone());
    view! {
        <div class="field">
            <label for=id.clone()>{t(label)}</label>
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                required=required
                minlength=minlength
                maxlength=maxlength
                value=value
                aria-describedby=described
            />
            {hint.map(|h| view! { <p class="hint" id=hint_id>{t(h)}</p> })}
        </div>
    }
}

/// A form field's name as people read it, e.g. "Variant 2 — Retail price".
fn describe_field(field: &str) -> Option<String> {
    let label = |name: &str| -> Option<Msg> {
        Some(match name {
            "name" => Msg::ProductName,
            "description" => Msg::Description,
            "category" | "categorie" => Msg::Category,
            "unit" | "unite" => Msg::SoldBy,
            "labels" => Msg::QualityLabel,
            "variants" | "variant_id" => Msg::Variants,
            "quantity" | "quantite" => Msg::QuantityIn,
            "retail_price" | "prix" => Msg::RetailPrice,
            "pro_price" | "prix_pro" => Msg::ProPrice,
            "case_size" | "colisage" => Msg::CaseSize,
            "vat" | "tva" => Msg::Vat,
            "weight_grams" | "poids_g" => Msg::ShippingWeight,
            "stock" | "stock_mode" | "plafond" => Msg::Stock,
            "farm_name" => Msg::FarmName,
            "town" => Msg::Town,
            "address" => Msg::Address,
            "story" => Msg::FarmStory,
            "produce" => Msg::FarmProduce,
            "contact_email" => Msg::ContactEmail,
            "phone" => Msg::Phone,
            "latitude" => Msg::Latitude,
            "longitude" => Msg::Longitude,
            _ => return None,
        })
    };
    let parts: Vec<&str> = field.split('.').collect();
    match parts.as_slice() {
        ["variants", n, name] => Some(format!("{} — {}", tf(Msg::VariantN, &[("n", n)]), t(label(name)?))),
        [name] if !name.is_empty() => label(name)
            .map(|m| t(m).to_owned())
            .or_else(|| Some((*name).to_owned())),
        _ => None,
    }
}

/// Row errors of a bulk edit or import, as a list people can act on.
#[component]
pub fn RowErrors(errors: Vec<RowError>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <ul class="row-errors">
            {errors.into_iter().map(|e| {
                let row = (e.row > 0).then(|| {
                    let named = if e.label.is_empty() { String::new() } else { format!(" ({})", e.label) };
                    tf(Msg::RowNumber, &[("row", &e.row.to_string())]) + &named + " — "
                });
                let field = describe_field(&e.field).map(|f| f + maillon::i18n::colon(locale));
                view! { <li><strong>{row}</strong>{field}{t(e.msg)}</li> }
            }).collect_view()}
        </ul>
    }
}

/// The error of a form submission, with its rows or fields listed when there are some.
#[component]
pub fn DetailedError<T: Clone + Send + Sync + 'static>(result: Signal<Option<Result<T, AppError>>>) -> impl IntoView {
    move || {
        result.get().and_then(Result::err).map(|e| {
            let rows = match &e {
                AppError::InvalidRows { rows } => rows.clone(),
                _ => vec![],
            };
            view! {
                <div class="alert error" role="alert">
                    <p>{t(e.msg())}</p>
                    {(!rows.is_empty()).then(|| view! { <RowErrors errors=rows/> })}
                </div>
            }
        })
    }
}
