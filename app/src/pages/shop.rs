//! The shop front of the open cycle, the cart and checkout: phone first, and every form works
//! as a plain POST before the page hydrates.

// A server function's arguments are its form's fields, one to one.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use maillon::catalogue::{Category, format_unit_price, line_label};
use maillon::cycles::{CycleSummary, SlotView};
use maillon::i18n::Msg;
use maillon::money::format_cents;
use maillon::orders::{CartView, Pricing, ShopFront, ShopVariant, Shortage};
use serde::{Deserialize, Serialize};

use crate::components::{Csrf, IslandScripts, loaded};
use crate::components::{Frame, photo_framed};
use crate::error::AppError;
use crate::i18n::{t, tf, use_locale};

pub use crate::paths::{CART, SHOP};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShopData {
    pub cycles: Vec<CycleSummary>,
    pub front: Option<ShopFront>,
    pub timezone: String,
}

#[server(endpoint = "shop_front", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_shop(cycle: Option<i64>) -> Result<ShopData, AppError> {
    let state = crate::ssr::state()?;
    let now = chrono::Utc::now();
    let cycles = maillon::cycles::store::open_cycles(&state.pool, state.coop.id, now).await?;
    let chosen = cycle.or(cycles.first().map(|c| c.id));
    let front = match chosen {
        Some(id) => {
            let (user, owner) = crate::ssr::shopper(false).await?;
            let pricing = user.map_or(Pricing::Retail, |u| Pricing::for_roles(&u.roles));
            let locale = crate::ssr::locale();
            Some(
                maillon::orders::store::shop_front(
                    &state.pool,
                    state.coop.id,
                    id,
                    pricing,
                    owner.as_ref(),
                    None,
                    locale,
                    now,
                )
                .await?,
            )
        }
        None => None,
    };
    Ok(ShopData {
        cycles,
        front,
        timezone: state.coop.timezone.clone(),
    })
}

/// `path` with `key=value` set in its query (replacing an earlier value), its fragment kept.
pub fn with_query(path: &str, key: &str, value: &str) -> String {
    let (path, fragment) = path.split_once('#').map_or((path, None), |(p, f)| (p, Some(f)));
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let mut pairs: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && p.split('=').next() != Some(key))
        .collect();
    let pair = format!("{key}={value}");
    pairs.push(&pair);
    let mut out = format!("{path}?{}", pairs.join("&"));
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

#[server(endpoint = "add_to_cart")]
pub async fn add_to_cart(
    csrf: String,
    cycle_id: i64,
    variant_id: i64,
    quantity: i64,
    #[server(default)] back: Option<String>,
) -> Result<i64, AppError> {
    let _ = csrf;
    let state = crate::ssr::state()?;
    let (user, owner) = crate::ssr::shopper(true).await?;
    let owner = owner.ok_or(AppError::Internal)?;
    let pricing = user.map_or(Pricing::Retail, |u| Pricing::for_roles(&u.roles));
    let count = maillon::orders::store::add_to_cart(
        &state.pool,
        state.coop.id,
        cycle_id,
        &owner,
        pricing,
        variant_id,
        quantity,
        chrono::Utc::now(),
    )
    .await?;
    // Without JavaScript the page reloads: it says what happened and comes back to the product,
    // on the page the form was on (shop, catalogue or product page).
    if crate::ssr::is_plain_form_post() {
        let page = back
            .as_deref()
            .and_then(maillon::redirect::local_path)
            .map_or_else(|| format!("{SHOP}?cycle={cycle_id}"), str::to_owned);
        let page = page.split('#').next().unwrap_or_default();
        leptos_axum::redirect(&format!(
            "{}#v{variant_id}",
            with_query(page, "ajoute", &count.to_string())
        ));
    }
    Ok(count)
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CartData {
    pub cart: Option<CartView>,
    pub timezone: String,
    /// Fresh for each display of the checkout form: submitting it twice makes one order.
    pub attempt_key: String,
}

#[server(endpoint = "cart", input = leptos::server_fn::codec::GetUrl)]
pub async fn cart(cycle: Option<i64>) -> Result<CartData, AppError> {
    let state = crate::ssr::state()?;
    let now = chrono::Utc::now();
    let chosen = match cycle {
        Some(id) => Some(id),
        None => maillon::cycles::store::open_cycles(&state.pool, state.coop.id, now)
            .await?
            .first()
            .map(|c| c.id),
    };
    let cart = match chosen {
        Some(id) => {
            let (user, owner) = crate::ssr::shopper(false).await?;
            let pricing = user.map_or(Pricing::Retail, |u| Pricing::for_roles(&u.roles));
            Some(
                maillon::orders::store::cart_view(
                    &state.pool,
                    state.coop.id,
                    id,
                    owner.as_ref(),
                    pricing,
                    crate::ssr::card_payments_enabled(),
                    crate::ssr::locale(),
                    now,
                )
                .await?,
            )
        }
        None => None,
    };
    Ok(CartData {
        cart,
        timezone: state.coop.timezone.clone(),
        attempt_key: maillon::secret::random_token()[..32].replace('_', "-"),
    })
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineInput {
    #[serde(default)]
    pub variant_id: String,
    #[serde(default)]
    pub quantity: String,
}

/// Quantities typed in a form, as (variant, quantity); a blank quantity means 0.
pub fn parse_lines(lines: &[LineInput]) -> Result<Vec<(i64, i64)>, AppError> {
    lines
        .iter()
        .map(|l| {
            let variant = l
                .variant_id
                .trim()
                .parse::<i64>()
                .map_err(|_| AppError::BadRequest("variant".into()))?;
            let q = l.quantity.trim();
            let quantity = if q.is_empty() {
                0
            } else {
                q.parse::<i64>()
                    .ok()
                    .filter(|q| *q >= 0)
                    .ok_or_else(|| AppError::Invalid {
                        field: Some("quantity".into()),
                        msg: Msg::ErrOrderQuantity,
                    })?
            };
            Ok((variant, quantity))
        })
        .collect()
}

#[server(endpoint = "update_cart")]
pub async fn update_cart(
    csrf: String,
    cycle_id: i64,
    #[server(default)] lines: Vec<LineInput>,
) -> Result<(), AppError> {
    let _ = csrf;
    let state = crate::ssr::state()?;
    let (user, owner) = crate::ssr::shopper(true).await?;
    let owner = owner.ok_or(AppError::Internal)?;
    let pricing = user.map_or(Pricing::Retail, |u| Pricing::for_roles(&u.roles));
    let lines = parse_lines(&lines).inspect_err(crate::ssr::set_error_status)?;
    maillon::orders::store::set_cart(&state.pool, state.coop.id, cycle_id, &owner, pricing, &lines).await?;
    Ok(())
}

#[server(endpoint = "checkout")]
pub async fn checkout(
    csrf: String,
    cycle_id: i64,
    attempt: String,
    #[server(default)] slot: String,
    #[server(default)] address: String,
    #[server(default)] postcode: String,
    #[server(default)] phone: String,
    #[server(default)] payment: String,
) -> Result<i64, AppError> {
    use maillon::orders::OrderStatus;
    let _ = csrf;
    let user = crate::ssr::require(maillon::accounts::Permission::SignedIn).await?;
    let state = crate::ssr::state()?;
    // What is missing or unreadable is reported by the checkout, which first keeps the form.
    let choice = maillon::orders::store::CheckoutChoice {
        slot_id: slot.trim().parse::<i64>().ok(),
        address,
        postcode,
        phone,
        payment: maillon::orders::PaymentMethod::parse(payment.trim()),
        attempt_key: attempt,
    };
    let placed = maillon::orders::store::checkout(
        &state.pool,
        &state.coop,
        &state.site.base_url,
        &user,
        cycle_id,
        &choice,
        crate::ssr::card_payments_enabled(),
        crate::ssr::payment_ttl(),
        chrono::Utc::now(),
    )
    .await?;
    if placed.status == OrderStatus::PendingPayment {
        // The order is kept whatever the payment service answers: it can be paid from its page.
        match crate::ssr::open_card_payment(placed.order_id).await {
            Ok(url) => leptos_axum::redirect(&url),
            Err(_) => leptos_axum::redirect(&format!(
                "{}/{}?{}",
                crate::paths::ORDERS,
                placed.order_id,
                crate::paths::Notice::PaymentFailed.code()
            )),
        }
    } else {
        leptos_axum::redirect(&format!(
            "{}/{}?{}",
            crate::paths::ORDERS,
            placed.order_id,
            crate::paths::Notice::Placed.code()
        ));
    }
    Ok(placed.order_id)
}

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

fn cycle_param() -> Memo<Option<i64>> {
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
                <a class="button" href="/catalogue">{t(Msg::WholeCatalogue)}</a>
            </section>
        }
        .into_any();
    };
    let tz = maillon::time::zone(&timezone);
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
                                            <h3><a href=format!("/produits/{}", p.product_id)>{p.name.clone()}</a></h3>
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
    let tz = maillon::time::zone(&timezone);
    let cycle_id = cart.cycle_id;
    let pro = cart.pricing == Pricing::Pro;
    let closes = maillon::time::format_local(cart.closes_at, tz, locale);
    let sign_in = format!(
        "/connexion?suite={}",
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

/// The checkout form: a slot (with what it makes the basket cost), the address for home
/// delivery, a way to pay that fits the slot, the total, and confirmation. A refused checkout
/// shows it again as it was typed (the cart keeps a draft), with or without JavaScript.
#[component]
fn CheckoutForm(cart: CartView, timezone: String, attempt_key: String, order: ServerAction<Checkout>) -> impl IntoView {
    use maillon::orders::{PaymentMethod, SlotQuote, quote};
    let locale = use_locale();
    let tz = maillon::time::zone(&timezone);
    let subtotal = cart.subtotal_cents;
    let quotes: Vec<(SlotView, SlotQuote)> = cart.slots.iter().map(|s| (s.clone(), quote(s, subtotal))).collect();
    let usable = |s: &SlotView, q: &SlotQuote| !s.is_full() && q.missing_cents.is_none();
    let draft = cart.draft.clone();
    let drafted_slot = draft
        .slot_id
        .filter(|id| quotes.iter().any(|(s, q)| s.id == *id && usable(s, q)));
    let quoted: std::collections::HashMap<i64, SlotQuote> = quotes.iter().map(|(s, q)| (s.id, *q)).collect();
    // Paid on hand-over unless the buyer picks the card: the one choice that fits every slot.
    let payment = draft.payment.unwrap_or(PaymentMethod::Pickup);
    let card = cart.card_payments;
    let slot_text = move |s: &SlotView| maillon::time::format_slot(s.starts_at, s.ends_at, tz, locale);
    let slot_choice = move |(s, q): (SlotView, SlotQuote)| {
        let id = format!("slot-{}", s.id);
        let for_id = id.clone();
        let slot_id = s.id;
        let full = s.is_full();
        let short = q.missing_cents;
        let left = s.capacity - s.booked;
        let cost = if s.is_delivery() {
            tf(
                Msg::SlotFeeAndTotal,
                &[
                    ("fee", &format_cents(q.fee_cents, locale)),
                    ("total", &format_cents(q.total_cents, locale)),
                ],
            )
        } else {
            tf(
                Msg::SlotFreeAndTotal,
                &[("total", &format_cents(q.total_cents, locale))],
            )
        };
        let status = match (full, short) {
            (true, _) => t(Msg::SlotFull).to_owned(),
            (false, Some(missing)) => tf(
                Msg::BelowMinimumMissing,
                &[
                    ("minimum", &format_cents(s.minimum_cents, locale)),
                    ("missing", &format_cents(missing, locale)),
                ],
            ),
            (false, None) => tf(Msg::SlotPlacesLeft, &[("n", &left.to_string())]),
        };
        let unusable = full || short.is_some();
        view! {
            <label for=for_id class="choice" class:full=unusable>
                <input type="radio" id=id name="slot" value=s.id disabled=unusable required
                    data-delivery=s.is_delivery().to_string() checked=drafted_slot == Some(slot_id)/>
                <span>
                    <strong>{s.place_name.clone()}</strong> " · " {slot_text(&s)}
                    {(!s.is_delivery()).then(|| view! { <br/><small class="muted">{s.address.clone()}</small> })}
                    <br/><small>{cost}</small>
                    <br/><small class:tag=unusable class:low=unusable>{status}</small>
                </span>
            </label>
        }
    };
    let any_delivery = quotes.iter().any(|(s, q)| s.is_delivery() && usable(s, q));
    let (pickups, deliveries): (Vec<_>, Vec<_>) = quotes.into_iter().partition(|(s, _)| !s.is_delivery());
    let any_pickup = !pickups.is_empty();
    let listed_delivery = !deliveries.is_empty();
    let total = view! {
        <CheckoutTotal
            subtotal_label=t(Msg::Subtotal).to_owned()
            fee_label=t(Msg::DeliveryFee).to_owned()
            total_label=t(Msg::Total).to_owned()
            hint=t(Msg::TotalFollowsSlot).to_owned()
            subtotal=format_cents(subtotal, locale)
            quotes=quoted
                .iter()
                .map(|(id, q)| (*id, format_cents(q.fee_cents, locale), format_cents(q.total_cents, locale)))
                .collect()
            chosen=drafted_slot
        />
    };
    // Paying on hand-over reads as the chosen slot makes it: at the pickup desk, or to the driver
    // at the door (the stylesheet shows the one that fits, the neutral wording where it cannot).
    let hand_over = match (any_pickup, any_delivery) {
        (true, true) => view! {
            <span class="pay-any">{t(Msg::PayOnHandOver)}</span>
            <span class="pay-pickup"><span>{t(Msg::PayAtPickup)}</span><br/><small class="muted">{t(Msg::PayAtPickupHint)}</small></span>
            <span class="pay-delivery"><span>{t(Msg::PayOnDelivery)}</span><br/><small class="muted">{t(Msg::PayOnDeliveryHint)}</small></span>
        }
        .into_any(),
        (false, true) => view! { <span><span>{t(Msg::PayOnDelivery)}</span><br/><small class="muted">{t(Msg::PayOnDeliveryHint)}</small></span> }.into_any(),
        _ => view! { <span><span>{t(Msg::PayAtPickup)}</span><br/><small class="muted">{t(Msg::PayAtPickupHint)}</small></span> }.into_any(),
    };
    view! {
        <ActionForm action=order attr:class="checkout">
            <Csrf/>
            <ShopError result=order.value().into()/>
            <input type="hidden" name="cycle_id" value=cart.cycle_id/>
            <input type="hidden" name="attempt" value=attempt_key/>
            <fieldset class="choices">
                <legend>{t(Msg::ChooseSlot)}</legend>
                {any_pickup.then(|| view! { <p class="group">{t(Msg::Pickup)}</p> })}
                {pickups.into_iter().map(slot_choice).collect_view()}
                {listed_delivery.then(|| view! { <p class="group">{t(Msg::HomeDelivery)}</p> })}
                {deliveries.into_iter().map(slot_choice).collect_view()}
            </fieldset>
            {any_delivery.then(|| view! {
                <fieldset class="delivery-address">
                    <legend>{t(Msg::DeliveryAddress)}</legend>
                    <p class="hint" id="address-hint">{t(Msg::DeliveryAddressHint)}</p>
                    <div class="field">
                        <label for="address">{t(Msg::Address)}</label>
                        <input id="address" name="address" autocomplete="street-address" maxlength="300" aria-describedby="address-hint"
                            value=draft.address.clone()/>
                    </div>
                    <div class="field">
                        <label for="postcode">{t(Msg::Postcode)}</label>
                        <input id="postcode" name="postcode" autocomplete="postal-code" inputmode="numeric" maxlength="5"
                            value=draft.postcode.clone()/>
                    </div>
                    <div class="field">
                        <label for="phone">{t(Msg::DeliveryPhone)}</label>
                        <p class="hint" id="phone-hint">{t(Msg::DeliveryPhoneHint)}</p>
                        <input id="phone" name="phone" type="tel" autocomplete="tel" maxlength="20" aria-describedby="phone-hint"
                            value=draft.phone.clone()/>
                    </div>
                </fieldset>
            })}
            <fieldset class="choices payment">
                <legend>{t(Msg::Payment)}</legend>
                <label for="pay-pickup" class="choice">
                    <input type="radio" id="pay-pickup" name="payment" value=PaymentMethod::Pickup.code() required
                        checked=payment == PaymentMethod::Pickup/>
                    <span class="pay-hand-over">{hand_over}</span>
                </label>
                {card.then(|| view! {
                    <label for="pay-card" class="choice">
                        <input type="radio" id="pay-card" name="payment" value=PaymentMethod::Card.code() checked=payment == PaymentMethod::Card/>
                        <span>{t(Msg::PayByCard)}<small class="muted">{t(Msg::CardPayBeforeClosing)}</small></span>
                    </label>
                })}
            </fieldset>
            {total}
            <IslandScripts/>
            <button type="submit" class="button primary big" disabled=!cart.accepts_orders>{t(Msg::ConfirmOrder)}</button>
        </ActionForm>
    }
}

/// The checkout's summary: the subtotal, then the chosen slot's fee and the total. An island,
/// the cart page's only script: it follows the slot the buyer taps. Without script it shows the
/// subtotal and the hint (each slot already states its own fee and total). Texts come
/// translated from the server, so the island carries no message catalogue.
#[island]
fn CheckoutTotal(
    subtotal_label: String,
    fee_label: String,
    total_label: String,
    hint: String,
    subtotal: String,
    /// (slot, fee, total), formatted.
    quotes: Vec<(i64, String, String)>,
    chosen: Option<i64>,
) -> impl IntoView {
    let selected = RwSignal::new(chosen);
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        // The script loads once the page is idle: a slot tapped before then is read once the
        // island has hydrated as the server rendered it (an effect runs after that).
        Effect::new(move |_| {
            let checked = document()
                .query_selector("input[name=slot]:checked")
                .ok()
                .flatten()
                .and_then(|el| el.dyn_into::<web_sys::HtmlInputElement>().ok())
                .and_then(|input| input.value().parse().ok());
            if checked.is_some() && checked != selected.get_untracked() {
                selected.set(checked);
            }
        });
        let handle = window_event_listener(leptos::ev::change, move |ev| {
            let target = event_target::<web_sys::Element>(&ev);
            if target.get_attribute("name").as_deref() == Some("slot") {
                selected.set(event_target_value(&ev).parse().ok());
            }
        });
        on_cleanup(move || handle.remove());
    }
    move || {
        let quote = selected
            .get()
            .and_then(|id| quotes.iter().find(|(slot, _, _)| *slot == id).cloned());
        match quote {
            Some((_, fee, total)) => view! {
                <dl class="checkout-total" aria-live="polite">
                    <dt>{subtotal_label.clone()}</dt><dd>{subtotal.clone()}</dd>
                    <dt>{fee_label.clone()}</dt><dd>{fee}</dd>
                    <dt class="total">{total_label.clone()}</dt><dd class="total"><strong>{total}</strong></dd>
                </dl>
            }
            .into_any(),
            None => view! {
                <dl class="checkout-total" aria-live="polite">
                    <dt>{subtotal_label.clone()}</dt><dd>{subtotal.clone()}</dd>
                </dl>
                <p class="hint">{hint.clone()}</p>
            }
            .into_any(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_added_count_replaces_an_earlier_one() {
        assert_eq!(with_query("/catalogue", "ajoute", "1"), "/catalogue?ajoute=1");
        assert_eq!(
            with_query("/catalogue?q=jus&ajoute=1#v3", "ajoute", "2"),
            "/catalogue?q=jus&ajoute=2#v3"
        );
    }
}
