//! The bulk edit screen: every variant's price, stock and status in one table.

use leptos::prelude::*;
use maillon::catalogue::{ProductSummary, Stock};
use maillon::i18n::Msg;
use maillon::money::cents_to_input;

use super::api::{BulkSave, Dashboard, my_catalogue};
use super::{DASHBOARD, farm_param, with_farm};
use crate::components::{BackTo, Csrf, DetailedError, FormResult, FormSuccess, loaded, outcome};
use crate::i18n::{t, use_locale};

#[component]
pub fn BulkEditPage() -> impl IntoView {
    let farm = farm_param();
    let data = Resource::new(move || farm.get(), my_catalogue);
    loaded(
        data,
        move |d: Dashboard| view! { <BulkForm products=d.products farm=farm.get()/> },
    )
}

#[component]
fn BulkForm(products: Vec<ProductSummary>, farm: Option<i64>) -> impl IntoView {
    let save = ServerAction::<BulkSave>::new();
    let locale = use_locale();
    let mut index = 0usize;
    let mut rows = Vec::new();
    for p in &products {
        for v in &p.variants {
            rows.push((index, p.name.clone(), v.fields.display_name(p.unit, locale), v.clone()));
            index += 1;
        }
    }
    view! {
        <section class="card wide" aria-labelledby="title">
            <p class="breadcrumb"><a href=with_farm(DASHBOARD, farm)>{t(Msg::DashboardTitle)}</a></p>
            <h1 id="title">{t(Msg::BulkEdit)}</h1>
            <p class="hint">{t(Msg::BulkHint)}</p>
            <ActionForm action=save>
                <Csrf/>
                {farm.map(|f| view! { <input type="hidden" name="producer" value=f/> })}
                <div class="table-scroll" tabindex="0" role="region" aria-label=t(Msg::BulkEdit)>
                    <table class="bulk">
                        <thead>
                            <tr>
                                <th scope="col">"#"</th>
                                <th scope="col">{t(Msg::ProductName)}</th>
                                <th scope="col">{t(Msg::RetailPrice)}</th>
                                <th scope="col">{t(Msg::Stock)}</th>
                                <th scope="col">{t(Msg::VariantActive)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {rows.into_iter().map(|(i, product, variant, v)| {
                                let label = format!("{product} — {variant}");
                                let stock = match v.fields.stock { Stock::Finite(n) => n.to_string(), Stock::OnDemand { .. } => String::new() };
                                let on_demand = matches!(v.fields.stock, Stock::OnDemand { .. });
                                view! {
                                    <tr>
                                        <td>{i + 1}</td>
                                        <th scope="row">{label.clone()}<input type="hidden" name=format!("rows[{i}][variant_id]") value=v.id/></th>
                                        <td><input name=format!("rows[{i}][retail_price]") value=cents_to_input(v.fields.retail_price_cents, locale) inputmode="decimal" size="6" aria-label=format!("{} — {label}", t(Msg::RetailPrice))/></td>
                                        <td><input name=format!("rows[{i}][stock]") value=stock inputmode="numeric" size="5" disabled=on_demand placeholder=if on_demand { t(Msg::OnDemand) } else { "" } aria-label=format!("{} — {label}", t(Msg::Stock))/></td>
                                        <td><input type="checkbox" name=format!("rows[{i}][active]") checked=v.fields.active aria-label=format!("{} — {label}", t(Msg::VariantActive))/></td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                // Beside the button, where the eye is after saving a long table on a phone.
                <FormResult id="bulk-result">
                    <DetailedError result=save.value().into()/>
                    <FormSuccess result=outcome(save) msg=Msg::AllSaved/>
                </FormResult>
                <BackTo to="bulk-result"/>
                <button type="submit" class="button primary">{t(Msg::SaveAll)}</button>
            </ActionForm>
        </section>
    }
}
