//! The cart: its lines, changed in place, and the way to checkout.

use leptos::prelude::*;
use maillon::i18n::Msg;
use maillon::money::format_cents;
use maillon::orders::Pricing;

use super::api::{CartData, Checkout, UpdateCart, cart};
use super::checkout::CheckoutForm;
use super::parts::{ShopError, cycle_param};
use crate::components::{Csrf, loaded};
use crate::i18n::{t, tf, use_locale};
use crate::paths::{CART, SHOP};

#[component]
pub fn CartPage() -> impl IntoView {
    let cycle = cycle_param();
    let update = ServerAction::<UpdateCart>::new();
    let order = ServerAction::<Checkout>::new();
    let data = Resource::new(move || (cycle.get(), update.version().get()), |(c, _)| cart(c));
    view! {
        {loaded(data, move |page: CartData| view! { <CartContent page update order/> })}
    }
}

#[component]
fn CartContent(page: CartData, update: ServerAction<UpdateCart>, order: ServerAction<Checkout>) -> impl IntoView {
    let locale = use_locale();
    let CartData {
        cart,
        timezone,
        attempt_key,
    } = page;
    let Some(cart) = cart.filter(|c| !c.lines.is_empty()) else {
        return view! {
            <section class="card narrow" aria-labelledby="title">
                <h1 id="title">{t(Msg::CartTitle)}</h1>
                // A checkout refused because the cycle just closed comes back to an empty cart.
                <ShopError result=order.value().into()/>
                <p class="empty">{t(Msg::CartEmptyState)}</p>
                <a class="button primary" href=SHOP>{t(Msg::BackToShop)}</a>
            </section>
        }
        .into_any();
    };
    let tz = timezone.tz();
    let cycle_id = cart.cycle_id;
    let pro = cart.pricing == Pricing::Pro;
    let closes = maillon::time::format_local(cart.closes_at, tz, locale);
    let sign_in = format!(
        "{}?suite={}",
        maillon::paths::SIGN_IN,
        crate::pages::members::urlencode(&format!("{CART}?cycle={cycle_id}"))
    );
    let checkout = if !cart.signed_in {
        view! {
            <p>{t(Msg::SignInToOrder)}</p>
            <a class="button primary" href=sign_in>{t(Msg::NavSignIn)}</a>
        }
        .into_any()
    } else if cart.slots.is_empty() {
        view! { <p class="empty">{t(Msg::NoSlots)}</p> }.into_any()
    } else {
        view! { <CheckoutForm cart=cart.clone() timezone attempt_key order/> }.into_any()
    };
    view! {
        <section class="card" aria-labelledby="title">
            <h1 id="title">{t(Msg::CartTitle)}</h1>
            <p class="muted">{cart.cycle_name.clone()} " · " {tf(Msg::OrderUntil, &[("when", &closes)])}</p>
            {pro.then(|| view! { <p class="tag">{t(Msg::ProPricesShown)}</p> })}
            {(!cart.accepts_orders).then(|| view! { <p class="alert error" role="alert">{t(Msg::ErrCycleClosed)}</p> })}
            <ActionForm action=update attr:class="cart-lines">
                <Csrf/>
                <ShopError result=update.value().into()/>
                <input type="hidden" name="cycle_id" value=cycle_id/>
                <table class="lines">
                    <caption class="visually-hidden">{t(Msg::CartTitle)}</caption>
                    <thead><tr><th scope="col">{t(Msg::Item)}</th><th scope="col">{t(Msg::Quantity)}</th><th scope="col">{t(Msg::Amount)}</th></tr></thead>
                    <tbody>
                        {cart.lines.iter().enumerate().map(|(i, l)| {
                            let id = format!("qty-{}", l.variant_id);
                            let warn = l.left.filter(|left| *left < l.quantity);
                            view! {
                                <tr>
                                    <td>
                                        <label for=id.clone()>{l.label()}</label>
                                        <br/><small class="muted">{format_cents(l.unit_price_cents, locale)}</small>
                                        {(l.solidarity_bp > 0).then(|| view! { " " <small class="tag solidarity">{tf(Msg::SolidarityLineRate, &[("rate", &maillon::catalogue::format_vat(l.solidarity_bp, locale))])}</small> })}
                                        {warn.map(|n| view! { <br/><small class="tag low">{if n == 0 { t(Msg::SoldOut).to_owned() } else { tf(Msg::OnlyNLeft, &[("n", &n.to_string())]) }}</small> })}
                                    </td>
                                    <td>
                                        <input type="hidden" name=format!("lines[{i}][variant_id]") value=l.variant_id/>
                                        <input id=id class="qty" type="number" inputmode="numeric" name=format!("lines[{i}][quantity]")
                                            min="0" step=l.step value=l.quantity/>
                                    </td>
                                    <td class="amount">{format_cents(l.unit_price_cents * l.quantity, locale)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                    <tfoot><tr><th scope="row" colspan="2">{t(Msg::Subtotal)}</th><td class="amount">{format_cents(cart.subtotal_cents, locale)}</td></tr></tfoot>
                </table>
                <p class="hint">{t(Msg::CartQuantityHint)}</p>
                <button type="submit" class="button">{t(Msg::UpdateCart)}</button>
            </ActionForm>
        </section>
        <section class="card" aria-labelledby="checkout-title">
            <h2 id="checkout-title">{t(Msg::Checkout)}</h2>
            {checkout}
        </section>
    }
    .into_any()
}
