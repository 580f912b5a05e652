//! A product and its variants, created or edited in one form.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use maillon::catalogue::{self, Category, ProductDetail, Stock, Unit};
use maillon::i18n::Msg;
use maillon::money::cents_to_input;

use super::api::{SaveProduct, VariantForm, product_for_edit};
use super::parts::{LabelChoices, PhotoList, PhotoUpload};
use super::{DASHBOARD, farm_param, with_farm};
use crate::components::{Csrf, DetailedError, Field, loaded};
use crate::i18n::{t, tf, use_locale};

#[component]
pub fn ProductEditPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())));
    let product = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => product_for_edit(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    loaded(product, |detail| view! { <ProductForm detail/> })
}

#[component]
fn ProductForm(detail: Option<ProductDetail>) -> impl IntoView {
    let locale = use_locale();
    let save = ServerAction::<SaveProduct>::new();
    let farm = farm_param();
    let q = use_query_map();
    let saved = move || q.with(|q| q.get("enregistre").is_some());
    let product = detail.as_ref().map(|d| d.product.clone());
    let category = product.as_ref().map(|p| p.category);
    let unit = product.as_ref().map(|p| p.unit);
    let mut variants: Vec<VariantForm> = product
        .as_ref()
        .map(|p| {
            p.variants
                .iter()
                .map(|v| {
                    let f = &v.fields;
                    let (mode, stock, cap) = match f.stock {
                        Stock::Finite(n) => ("finite", n.to_string(), String::new()),
                        Stock::OnDemand { cap } => (
                            "on_demand",
                            String::new(),
                            cap.map(|c| c.to_string()).unwrap_or_default(),
                        ),
                    };
                    VariantForm {
                        id: v.id.to_string(),
                        name: f.name.clone(),
                        quantity: f.quantity.to_string(),
                        retail_price: cents_to_input(f.retail_price_cents, locale),
                        pro_price: cents_to_input(f.pro_price_cents, locale),
                        case_size: f.case_size.to_string(),
                        vat: catalogue::format_vat(f.vat_bp, maillon::i18n::Locale::En)
                            .trim_end_matches(" %")
                            .to_owned(),
                        weight_grams: f.weight_grams.to_string(),
                        stock_mode: mode.into(),
                        stock,
                        cap,
                        active: f.active.then(|| "on".into()),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    // Room for new variants: two on a new product, one on an existing one.
    let blanks = if variants.is_empty() { 2 } else { 1 };
    for _ in 0..blanks {
        variants.push(VariantForm {
            active: Some("on".into()),
            ..Default::default()
        });
    }
    let title = if product.is_some() {
        Msg::EditProduct
    } else {
        Msg::NewProduct
    };
    let back = with_farm(DASHBOARD, farm.get_untracked());
    let product_id = product.as_ref().map(|p| p.id);
    let name = product.as_ref().map(|p| p.name.clone()).unwrap_or_default();
    let description = detail.as_ref().map(|d| d.description.clone()).unwrap_or_default();
    let labels = product.as_ref().map(|p| p.labels.clone()).unwrap_or_default();
    let active = product.as_ref().is_none_or(|p| p.active);
    let photos = detail.map(|d| (d.product.id, d.product.name, d.photo_ids));
    view! {
        <section class="card" aria-labelledby="title">
            <p class="breadcrumb"><a href=back>{t(Msg::DashboardTitle)}</a></p>
            <h1 id="title">{t(title)}</h1>
            <Show when=saved><p class="alert success" role="status">{t(Msg::Saved)}</p></Show>
            <ActionForm action=save attr:class="product-form">
                <Csrf/>
                <DetailedError result=save.value().into()/>
                {move || farm.get().map(|f| view! { <input type="hidden" name="producer" value=f/> })}
                {product_id.map(|id| view! { <input type="hidden" name="product_id" value=id/> })}
                <Field name="name" label=Msg::ProductName value=name maxlength=120/>
                <div class="field">
                    <label for="description">{t(Msg::Description)}</label>
                    <textarea id="description" name="description" rows="4" maxlength="4000">{description}</textarea>
                </div>
                <div class="two">
                    <div class="field">
                        <label for="category">{t(Msg::Category)}</label>
                        <select id="category" name="category" required>
                            {Category::ALL.iter().map(|c| view! { <option value=c.code() selected=category == Some(*c)>{t(c.label())}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="unit">{t(Msg::SoldBy)}</label>
                        <select id="unit" name="unit" required>
                            {Unit::ALL.iter().map(|u| view! { <option value=u.code() selected=unit == Some(*u)>{t(u.label())}</option> }).collect_view()}
                        </select>
                    </div>
                </div>
                <LabelChoices name="labels" selected=labels/>
                <label class="check" for="active">
                    <input type="checkbox" id="active" name="active" checked=active/>
                    {t(Msg::ProductActive)}
                </label>
                <h2>{t(Msg::Variants)}</h2>
                <p class="hint">{t(Msg::VariantsHint)}</p>
                {variants.into_iter().enumerate().map(|(i, v)| {
                    // A blank variant past the first is rarely needed: it waits, folded.
                    if v.id.is_empty() && i > 0 {
                        view! {
                            <details class="more-variant">
                                <summary>{t(Msg::AddAnotherVariant)}</summary>
                                <VariantFieldset index=i variant=v unit/>
                            </details>
                        }.into_any()
                    } else {
                        view! { <VariantFieldset index=i variant=v unit/> }.into_any()
                    }
                }).collect_view()}
                <div class="sticky-actions">
                    <button type="submit" class="button primary">{t(Msg::Save)}</button>
                </div>
            </ActionForm>
        </section>
        {photos.map(|(id, name, ids)| view! {
            <section class="card" aria-labelledby="photos-title">
                <h2 id="photos-title">{t(Msg::Photos)}</h2>
                <PhotoList ids alt=name/>
                <PhotoUpload target="product" target_id=id back=with_farm(&maillon::paths::edit_product(id), farm.get_untracked())/>
                <p><a href=maillon::paths::product(id)>{t(Msg::SeePublicPage)}</a></p>
            </section>
        })}
    }
}

#[component]
fn VariantFieldset(index: usize, variant: VariantForm, unit: Option<Unit>) -> impl IntoView {
    let n = index + 1;
    let name = move |field: &str| format!("variants[{index}][{field}]");
    let id = move |field: &str| format!("v{index}-{field}");
    let is_new = variant.id.is_empty();
    let legend = if is_new {
        tf(Msg::NewVariantN, &[("n", &n.to_string())])
    } else {
        tf(Msg::VariantN, &[("n", &n.to_string())])
    };
    let step = unit.map(|u| t(u.step_label())).unwrap_or(t(Msg::SmallestStep));
    let on_demand = variant.stock_mode == "on_demand";
    let input = move |field: &'static str, label: Msg, value: String, mode: &'static str| {
        view! {
            <div class="field">
                <label for=id(field)>{t(label)}</label>
                <input id=id(field) name=name(field) value=value inputmode=mode/>
            </div>
        }
    };
    view! {
        <fieldset class="variant-fields">
            <legend>{legend}</legend>
            <input type="hidden" name=name("id") value=variant.id.clone()/>
            <div class="two">
                {input("quantity", Msg::QuantityIn, variant.quantity.clone(), "numeric")}
                <p class="hint">{step}</p>
            </div>
            {input("name", Msg::VariantName, variant.name.clone(), "text")}
            <div class="two">
                {input("retail_price", Msg::RetailPrice, variant.retail_price.clone(), "decimal")}
                {input("pro_price", Msg::ProPrice, variant.pro_price.clone(), "decimal")}
            </div>
            <div class="two">
                <div class="field">
                    <label for=id("stock_mode")>{t(Msg::StockMode)}</label>
                    <select id=id("stock_mode") name=name("stock_mode")>
                        <option value="finite" selected=!on_demand>{t(Msg::StockFinite)}</option>
                        <option value="on_demand" selected=on_demand>{t(Msg::OnDemand)}</option>
                    </select>
                </div>
                {input("stock", Msg::Stock, variant.stock.clone(), "numeric")}
            </div>
            <label class="check" for=id("active")>
                <input type="checkbox" id=id("active") name=name("active") checked=variant.active.is_some()/>
                {t(Msg::VariantActive)}
            </label>
            <details class="more">
            <summary>{t(Msg::MoreVariantSettings)}</summary>
            <div class="two">
                {input("case_size", Msg::CaseSize, variant.case_size.clone(), "numeric")}
                <div class="field">
                    <label for=id("vat")>{t(Msg::Vat)}</label>
                    <select id=id("vat") name=name("vat")>
                        {catalogue::VAT_RATES_BP.iter().map(|bp| {
                            let value = catalogue::format_vat(*bp, maillon::i18n::Locale::En).trim_end_matches(" %").to_owned();
                            let selected = variant.vat == value || (variant.vat.is_empty() && *bp == 550);
                            view! { <option value=value.clone() selected=selected>{catalogue::format_vat(*bp, use_locale())}</option> }
                        }).collect_view()}
                    </select>
                </div>
            </div>
            {input("weight_grams", Msg::ShippingWeight, variant.weight_grams.clone(), "numeric")}
            {input("cap", Msg::OnDemandCapLabel, variant.cap.clone(), "numeric")}
            </details>
        </fieldset>
    }
}
