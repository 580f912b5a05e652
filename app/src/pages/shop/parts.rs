//! What the shop, the cart and the catalogue share: short lines of a refused order, the "add"
//! button and its notice, and the address a plain form comes back to.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use maillon::i18n::Msg;
use maillon::orders::{ShopVariant, Shortage};

use super::api::AddToCart;
use crate::components::Csrf;
use crate::error::AppError;
use crate::i18n::{t, tf, use_locale};
use crate::paths::CART;

/// Short lines of a failed checkout or cart change, each with what is left.
#[component]
pub fn ShortageList(lines: Vec<Shortage>) -> impl IntoView {
    view! {
        <ul class="row-errors">
            {lines.into_iter().map(|s| {
                let msg = if s.left == 0 {
                    tf(Msg::SoldOutLine, &[("item", &s.label)])
                } else {
                    tf(Msg::OnlyLeftLine, &[("item", &s.label), ("n", &s.left.to_string())])
                };
                view! { <li>{msg}</li> }
            }).collect_view()}
        </ul>
    }
}

/// The error of a shop form, with short lines listed.
#[component]
pub fn ShopError<T: Clone + Send + Sync + 'static>(result: Signal<Option<Result<T, AppError>>>) -> impl IntoView {
    let locale = use_locale();
    move || {
        result.get().and_then(Result::err).map(|e| {
            let lines = match &e {
                AppError::OutOfStock { lines } => lines.clone(),
                _ => vec![],
            };
            view! {
                <div class="alert error" role="alert">
                    <p>{e.text(locale)}</p>
                    {(!lines.is_empty()).then(|| view! { <ShortageList lines/> })}
                </div>
            }
        })
    }
}

pub(super) fn cycle_param() -> Memo<Option<i64>> {
    let q = use_query_map();
    Memo::new(move |_| q.with(|q| q.get("cycle").and_then(|c| c.parse().ok())))
}

/// What the last "Ajouter" did, on whichever page it was: sent by script, the action's result;
/// sent as a plain form, the `ajoute` count the page was sent back with.
#[component]
pub fn AddedToast(add: ServerAction<AddToCart>) -> impl IntoView {
    let q = use_query_map();
    let added = Memo::new(move |_| q.with(|q| q.get("ajoute").and_then(|n| n.parse::<i64>().ok())));
    view! {
        <div class="toast" aria-live="polite">
            <ShopError result=add.value().into()/>
            {move || add.value().get().and_then(Result::ok).or_else(|| added.get()).map(|n| view! {
                <p class="alert success">{tf(Msg::AddedToCart, &[("n", &n.to_string())])} " "
                    <a href=CART>{t(Msg::GoToCart)}</a></p>
            })}
        </div>
    }
}

/// The "Ajouter" button of a variant on sale, a form that works without JavaScript: sent by
/// script it updates the page; sent plainly it comes back to `back`, which says so.
pub fn add_button(
    add: ServerAction<AddToCart>,
    cycle_id: i64,
    v: &ShopVariant,
    item: &str,
    pro: bool,
    back: String,
) -> impl IntoView {
    let sold_out = v.low == Some(0);
    let (variant_id, step) = (v.variant_id, v.step);
    let aria = tf(Msg::AddItemToCart, &[("item", item)]);
    let text = if pro { t(Msg::AddCase) } else { t(Msg::Add) };
    view! {
        <ActionForm action=add attr:class="add">
            <Csrf/>
            <input type="hidden" name="cycle_id" value=cycle_id/>
            <input type="hidden" name="variant_id" value=variant_id/>
            <input type="hidden" name="quantity" value=step/>
            <input type="hidden" name="back" value=back.clone()/>
            <button type="submit" class="button small" disabled=sold_out aria-label=aria.clone()>{text}</button>
        </ActionForm>
    }
}

/// This page's own address, for a plain form to come back to.
pub fn here() -> String {
    let location = leptos_router::hooks::use_location();
    let (path, search) = (location.pathname.get_untracked(), location.search.get_untracked());
    if search.is_empty() {
        path
    } else {
        format!("{path}?{}", search.trim_start_matches('?'))
    }
}
