//! The producer's dashboard: the farm's products, their stock, and what the open cycle does not
//! sell yet.

use leptos::prelude::*;
use maillon::catalogue::{ProducerProfile, ProductSummary, Stock};
use maillon::i18n::Msg;
use maillon::money::format_cents;

use super::api::{Dashboard, my_catalogue};
use super::{farm_param, with_farm};
use crate::components::loaded;
use crate::i18n::{t, tf, use_locale};

#[component]
pub fn DashboardPage() -> impl IntoView {
    let farm = farm_param();
    let data = Resource::new(move || farm.get(), my_catalogue);
    loaded(data, move |d: Dashboard| match d.producer {
        Some(p) => view! { <DashboardView producer=p products=d.products not_on_sale=d.not_on_sale farm=farm.get()/> }
            .into_any(),
        None => view! {
            <section class="card narrow">
                <h1>{t(Msg::DashboardTitle)}</h1>
                <p>{t(Msg::SetUpFarmFirst)}</p>
                <a class="button primary" href=maillon::paths::FARM_PROFILE>{t(Msg::SetUpFarm)}</a>
            </section>
        }
        .into_any(),
    })
}

#[component]
fn DashboardView(
    producer: ProducerProfile,
    products: Vec<ProductSummary>,
    not_on_sale: Option<(String, Vec<i64>)>,
    farm: Option<i64>,
) -> impl IntoView {
    let locale = use_locale();
    let variants: usize = products.iter().map(|p| p.variants.len()).sum();
    let missing: std::collections::HashSet<i64> = not_on_sale
        .as_ref()
        .map(|(_, ids)| ids.iter().copied().collect())
        .unwrap_or_default();
    let missing_cycle = not_on_sale.map(|(name, _)| name).unwrap_or_default();
    view! {
        <section aria-labelledby="title">
            <h1 id="title">{producer.farm_name.clone()}</h1>
            <p class="muted">{tf(Msg::DashboardSummary, &[("products", &products.len().to_string()), ("variants", &variants.to_string())])}</p>
            {(!missing.is_empty()).then(|| view! {
                <p class="alert warning">
                    {tf(Msg::NotOnSaleInCycle, &[("cycle", &missing_cycle), ("n", &missing.len().to_string())])}
                </p>
            })}
            <nav class="actions" aria-label=t(Msg::DashboardActions)>
                <a class="button primary" href=with_farm(maillon::paths::NEW_PRODUCT, farm)>{t(Msg::AddProduct)}</a>
                <a class="button" href=with_farm(maillon::paths::BULK_EDIT, farm)>{t(Msg::BulkEdit)}</a>
                <a class="button" href=with_farm(&maillon::paths::export_csv(), farm) download="catalogue.csv">{t(Msg::ExportCsv)}</a>
                <a class="button" href=with_farm(maillon::paths::IMPORT, farm)>{t(Msg::ImportCsv)}</a>
                {farm.is_none().then(|| view! { <a class="button" href=maillon::paths::MY_PURCHASE_ORDERS>{t(Msg::MyPurchaseOrders)}</a> })}
                {farm.is_none().then(|| view! { <a class="button" href=maillon::paths::FARM_PROFILE>{t(Msg::EditFarmProfile)}</a> })}
                <a class="button" href=maillon::paths::producer(producer.id)>{t(Msg::SeePublicPage)}</a>
            </nav>
            {if products.is_empty() {
                view! { <p class="empty">{t(Msg::NoProductsYet)}</p> }.into_any()
            } else {
                view! {
                    <ul class="stock-list">
                        {products.into_iter().map(|p| {
                            let unit = p.unit;
                            view! {
                                <li class="card" class:archived=!p.active>
                                    <h2 class="product-name">
                                        <a href=with_farm(&maillon::paths::edit_product(p.id), farm)>{p.name.clone()}</a>
                                        {(!p.active).then(|| view! { " " <span class="tag">{t(Msg::Archived)}</span> })}
                                    </h2>
                                    <ul class="variants">
                                        {p.variants.into_iter().map(|v| {
                                            let stock = match v.fields.stock {
                                                Stock::Finite(n) => tf(Msg::InStock, &[("n", &n.to_string())]),
                                                Stock::OnDemand { cap: Some(c) } => tf(Msg::OnDemandCap, &[("n", &c.to_string())]),
                                                Stock::OnDemand { cap: None } => t(Msg::OnDemand).to_owned(),
                                            };
                                            view! {
                                                <li class="variant" class:low=v.fields.stock.is_low() class:inactive=!v.fields.active>
                                                    <span class="variant-name">{v.fields.display_name(unit, locale)}</span>
                                                    <strong class="price">{format_cents(v.fields.retail_price_cents, locale)}</strong>
                                                    <span class="stock">{stock}</span>
                                                    {(!v.fields.active).then(|| view! { <span class="tag">{t(Msg::Inactive)}</span> })}
                                                    {missing.contains(&v.id).then(|| view! { <span class="tag low">{t(Msg::NotOnSaleThisWeek)}</span> })}
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
