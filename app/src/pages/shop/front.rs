//! The shop front of the open cycle: this week's products, phone first.

use leptos::prelude::*;
use maillon::catalogue::{Category, format_unit_price, line_label};
use maillon::i18n::Msg;
use maillon::money::format_cents;
use maillon::orders::Pricing;

use super::api::{AddToCart, ShopData, get_shop};
use super::parts::{AddedToast, add_button, cycle_param};
use crate::components::{Frame, loaded, photo_framed};
use crate::i18n::{t, tf, use_locale};
use crate::paths::{CART, SHOP};

#[component]
pub fn ShopPage() -> impl IntoView {
    let cycle = cycle_param();
    let add = ServerAction::<AddToCart>::new();
    let data = Resource::new(move || (cycle.get(), add.version().get()), |(c, _)| get_shop(c));
    view! {
        <AddedToast add/>
        {loaded(data, move |page: ShopData| view! { <ShopView page add/> })}
    }
}

#[component]
fn ShopView(page: ShopData, add: ServerAction<AddToCart>) -> impl IntoView {
    let locale = use_locale();
    let ShopData {
        cycles,
        front,
        timezone,
    } = page;
    let Some(front) = front else {
        return view! {
            <section class="card narrow" aria-labelledby="title">
                <h1 id="title">{t(Msg::ShopTitle)}</h1>
                <p class="empty">{t(Msg::NoOpenCycle)}</p>
                <a class="button" href=maillon::paths::CATALOGUE>{t(Msg::WholeCatalogue)}</a>
            </section>
        }
        .into_any();
    };
    let tz = timezone.tz();
    let closes = maillon::time::format_local(front.closes_at, tz, locale);
    let cycle_id = front.cycle_id;
    let pro = front.pricing == Pricing::Pro;
    let mut categories: Vec<Category> = front.products.iter().map(|p| p.category).collect();
    categories.dedup();
    let cart_href = format!("{CART}?cycle={cycle_id}");
    view! {
        <section aria-labelledby="title" class="shop">
            <div class="shop-head">
                <h1 id="title">{front.cycle_name.clone()}</h1>
                <p class="muted">{tf(Msg::OrderUntil, &[("when", &closes)])}</p>
                {pro.then(|| view! { <p class="tag">{t(Msg::ProPricesShown)}</p> })}
                <a class="button primary cart-button" href=cart_href.clone()>
                    {tf(Msg::SeeCart, &[("n", &front.cart_count.to_string())])}
                </a>
            </div>
            {(cycles.len() > 1).then(|| view! {
                <nav class="chips" aria-label=t(Msg::OpenCycles)>
                    {cycles.iter().map(|c| view! {
                        <a href=format!("{SHOP}?cycle={}", c.id) aria-current=(c.id == cycle_id).then_some("page")>{c.name.clone()}</a>
                    }).collect_view()}
                </nav>
            })}
            <nav class="chips" aria-label=t(Msg::Categories)>
                {categories.iter().map(|c| view! { <a href=format!("#cat-{}", c.code())>{t(c.label())}</a> }).collect_view()}
            </nav>
            {if front.products.is_empty() {
                view! { <p class="empty">{t(Msg::ShopEmpty)}</p> }.into_any()
            } else {
                categories.into_iter().map(|category| {
                    let products: Vec<_> = front.products.iter().filter(|p| p.category == category).cloned().collect();
                    view! {
                        <h2 id=format!("cat-{}", category.code()) class="category">{t(category.label())}</h2>
                        <ul class="shop-list">
                            {products.into_iter().map(|p| {
                                let unit = p.unit;
                                view! {
                                    <li class="card shop-item">
                                        {p.photo_id.map(|id| photo_framed(id, p.name.clone(), "6rem", Frame::Square, false))}
                                        <div class="shop-body">
                                            <h3><a href=maillon::paths::product(p.product_id)>{p.name.clone()}</a></h3>
                                            <p class="muted">{p.producer_name.clone()}</p>
                                            <ul class="variants">
                                                {p.variants.into_iter().map(|v| {
                                                    let unit_price = format_unit_price(v.price_cents, v.quantity, unit, locale);
                                                    let label = line_label(&p.name, &v.label);
                                                    view! {
                                                        <li class="variant" id=format!("v{}", v.variant_id)>
                                                            <span class="variant-name">{v.label.clone()}
                                                                {pro.then(|| view! { " " <small>{tf(Msg::CaseOf, &[("n", &v.step.to_string())])}</small> })}
                                                            </span>
                                                            <strong class="price">{format_cents(v.price_cents, locale)}</strong>
                                                            <span class="muted unit-price">{unit_price}</span>
                                                            {v.solidarity_price_cents.map(|c| view! {
                                                                <span class="tag solidarity">{tf(Msg::SolidarityPriceTag, &[("price", &format_cents(c, locale))])}</span>
                                                            })}
                                                            {v.low.map(|n| view! {
                                                                <span class="tag low">{if n == 0 { t(Msg::SoldOut).to_owned() } else { tf(Msg::OnlyNLeft, &[("n", &n.to_string())]) }}</span>
                                                            })}
                                                            {(v.in_cart > 0).then(|| view! {
                                                                <span class="in-cart">{tf(Msg::InCart, &[("n", &v.in_cart.to_string())])}</span>
                                                            })}
                                                            {add_button(add, cycle_id, &v, &label, pro, format!("{SHOP}?cycle={cycle_id}"))}
                                                        </li>
                                                    }
                                                }).collect_view()}
                                            </ul>
                                        </div>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                }).collect_view().into_any()
            }}
            <p class="sticky-cart"><a class="button primary" href=cart_href>{t(Msg::GoToCart)}</a></p>
        </section>
    }
    .into_any()
}
