//! The shop front of the open cycle, the cart and checkout: phone first, and every form works
//! as a plain POST before the page hydrates.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use maillon::catalogue::{Category, format_unit_price};
use maillon::cycles::{CycleSummary, SlotView};
use maillon::i18n::Msg;
use maillon::money::format_cents;
use maillon::orders::{CartView, Pricing, ShopFront, Shortage};
use serde::{Deserialize, Serialize};

use crate::components::{Csrf, loaded};
use crate::error::AppError;
use crate::i18n::{t, tf, use_locale};
use crate::pages::catalogue::{Frame, photo_framed};

pub const SHOP: &str = "/boutique";
pub const CART: &str = "/panier";

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

#[server(endpoint = "add_to_cart")]
pub async fn add_to_cart(csrf: String, cycle_id: i64, variant_id: i64, quantity: i64) -> Result<i64, AppError> {
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
    // Without JavaScript the page reloads: it says what happened and comes back to the product.
    if crate::ssr::is_plain_form_post() {
        leptos_axum::redirect(&format!("{SHOP}?cycle={cycle_id}&ajoute={count}#v{variant_id}"));
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
    #[server(default)] payment: String,
) -> Result<i64, AppError> {
    use maillon::orders::OrderStatus;
    let _ = csrf;
    let user = crate::ssr::require(maillon::accounts::Permission::SignedIn).await?;
    let state = crate::ssr::state()?;
    let slot_id = slot.trim().parse::<i64>().map_err(|_| {
        let e = AppError::Invalid {
            field: Some("slot".into()),
            msg: Msg::ErrChooseSlot,
        };
        crate::ssr::set_error_status(&e);
        e
    })?;
    let choice = maillon::orders::store::CheckoutChoice {
        slot_id,
        address,
        postcode,
        payment: maillon::orders::PaymentMethod::parse(&payment).unwrap_or(maillon::orders::PaymentMethod::Pickup),
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
            Err(_) => leptos_axum::redirect(&format!("/commandes/{}?paiement=erreur", placed.order_id)),
        }
    } else {
        leptos_axum::redirect(&format!("/commandes/{}?confirmee=1", placed.order_id));
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
    move || {
        result.get().and_then(Result::err).map(|e| {
            let lines = match &e {
                AppError::OutOfStock { lines } => lines.clone(),
                _ => vec![],
            };
            view! {
                <div class="alert error" role="alert">
                    <p>{t(e.msg())}</p>
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

#[component]
pub fn ShopPage() -> impl IntoView {
    let cycle = cycle_param();
    let add = ServerAction::<AddToCart>::new();
    let data = Resource::new(move || (cycle.get(), add.version().get()), |(c, _)| get_shop(c));
    let q = use_query_map();
    let added = Memo::new(move |_| q.with(|q| q.get("ajoute").and_then(|n| n.parse::<i64>().ok())));
    view! {
        <div class="toast" aria-live="polite">
            <ShopError result=add.value().into()/>
            {move || add.value().get().and_then(Result::ok).or_else(|| added.get()).map(|n| view! {
                <p class="alert success">{tf(Msg::AddedToCart, &[("n", &n.to_string())])}</p>
            })}
        </div>
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
                <a class="button" href="/catalogue">{t(Msg::SeeCatalogue)}</a>
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
                                                    let sold_out = v.low == Some(0);
                                                    let unit_price = format_unit_price(v.price_cents, v.quantity, unit, locale);
                                                    let label = format!("{} — {}", p.name, v.label);
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
                                                            <ActionForm action=add attr:class="add">
                                                                <Csrf/>
                                                                <input type="hidden" name="cycle_id" value=cycle_id/>
                                                                <input type="hidden" name="variant_id" value=v.variant_id/>
                                                                <input type="hidden" name="quantity" value=v.step/>
                                                                <button type="submit" class="button small" disabled=sold_out
                                                                    aria-label=tf(Msg::AddItemToCart, &[("item", &label)])>
                                                                    {if pro { t(Msg::AddCase) } else { t(Msg::Add) }}
                                                                </button>
                                                            </ActionForm>
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
    let (pickups, deliveries): (Vec<SlotView>, Vec<SlotView>) =
        cart.slots.iter().cloned().partition(|s| !s.is_delivery());
    let slot_text = move |s: &SlotView| {
        format!(
            "{} – {}",
            maillon::time::format_local(s.starts_at, tz, locale),
            s.ends_at.with_timezone(&tz).format("%H:%M")
        )
    };
    let sign_in = format!(
        "/connexion?suite={}",
        crate::pages::members::urlencode(&format!("{CART}?cycle={cycle_id}"))
    );
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
                                        <label for=id.clone()>{l.variant_label.clone()}</label>
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
            {if !cart.signed_in {
                view! {
                    <p>{t(Msg::SignInToOrder)}</p>
                    <a class="button primary" href=sign_in>{t(Msg::NavSignIn)}</a>
                }.into_any()
            } else if cart.slots.is_empty() {
                view! { <p class="empty">{t(Msg::NoSlots)}</p> }.into_any()
            } else {
                let slot_choice = move |s: SlotView| {
                    let id = format!("slot-{}", s.id);
                    let for_id = id.clone();
                    let full = s.is_full();
                    let left = s.capacity - s.booked;
                    let extra = if s.is_delivery() {
                        tf(Msg::DeliveryFeeIs, &[("fee", &format_cents(s.fee_cents, locale)), ("min", &format_cents(s.minimum_cents, locale))])
                    } else {
                        s.address.clone()
                    };
                    view! {
                        <label for=for_id class="choice" class:full=full>
                            <input type="radio" id=id name="slot" value=s.id disabled=full required/>
                            <span>
                                <strong>{s.place_name.clone()}</strong> " · " {slot_text(&s)}
                                <br/><small class="muted">{extra}</small>
                                <br/><small>{if full { t(Msg::SlotFull).to_owned() } else { tf(Msg::SlotPlacesLeft, &[("n", &left.to_string())]) }}</small>
                            </span>
                        </label>
                    }
                };
                view! {
                    <ActionForm action=order>
                        <Csrf/>
                        <ShopError result=order.value().into()/>
                        <input type="hidden" name="cycle_id" value=cycle_id/>
                        <input type="hidden" name="attempt" value=attempt_key/>
                        <fieldset class="choices">
                            <legend>{t(Msg::ChooseSlot)}</legend>
                            {(!pickups.is_empty()).then(|| view! { <p class="group">{t(Msg::Pickup)}</p> })}
                            {pickups.into_iter().map(slot_choice).collect_view()}
                            {(!deliveries.is_empty()).then(|| view! { <p class="group">{t(Msg::HomeDelivery)}</p> })}
                            {deliveries.into_iter().map(slot_choice).collect_view()}
                        </fieldset>
                        {(!cart.slots.iter().all(|s| !s.is_delivery())).then(|| view! {
                            <fieldset>
                                <legend>{t(Msg::DeliveryAddress)}</legend>
                                <p class="hint" id="address-hint">{t(Msg::DeliveryAddressHint)}</p>
                                <div class="field">
                                    <label for="address">{t(Msg::Address)}</label>
                                    <input id="address" name="address" autocomplete="street-address" maxlength="300" aria-describedby="address-hint"/>
                                </div>
                                <div class="field">
                                    <label for="postcode">{t(Msg::Postcode)}</label>
                                    <input id="postcode" name="postcode" autocomplete="postal-code" inputmode="numeric" maxlength="5"/>
                                </div>
                            </fieldset>
                        })}
                        <fieldset class="choices">
                            <legend>{t(Msg::Payment)}</legend>
                            <label for="pay-pickup" class="choice">
                                <input type="radio" id="pay-pickup" name="payment" value="pickup" checked/>
                                <span>{t(Msg::PayAtPickup)}</span>
                            </label>
                            {cart.card_payments.then(|| view! {
                                <label for="pay-card" class="choice">
                                    <input type="radio" id="pay-card" name="payment" value="card"/>
                                    <span>{t(Msg::PayByCard)}</span>
                                </label>
                            })}
                        </fieldset>
                        <p class="total">{t(Msg::Subtotal)} " : " <strong>{format_cents(cart.subtotal_cents, locale)}</strong></p>
                        <button type="submit" class="button primary big" disabled=!cart.accepts_orders>{t(Msg::ConfirmOrder)}</button>
                    </ActionForm>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}
