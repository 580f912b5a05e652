//! Checkout: a slot, the address for home delivery, a way to pay, the total, confirmation.

use leptos::prelude::*;
use maillon::cycles::SlotView;
use maillon::i18n::Msg;
use maillon::money::format_cents;
use maillon::orders::CartView;

use super::api::Checkout;
use super::parts::ShopError;
use crate::components::{Csrf, IslandScripts};
use crate::i18n::{t, tf, use_locale};

/// The checkout form: a slot (with what it makes the basket cost), the address for home
/// delivery, a way to pay that fits the slot, the total, and confirmation. A refused checkout
/// shows it again as it was typed (the cart keeps a draft), with or without JavaScript.
#[component]
pub(super) fn CheckoutForm(
    cart: CartView,
    timezone: maillon::time::Zone,
    attempt_key: String,
    order: ServerAction<Checkout>,
) -> impl IntoView {
    use maillon::orders::{PaymentMethod, SlotQuote, quote};
    let locale = use_locale();
    let tz = timezone.tz();
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
    let credit = cart.credit_cents;
    let solidarity = cart.solidarity_cents;
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
                {(credit > 0).then(|| view! {
                    <label for="pay-credit" class="choice">
                        <input type="radio" id="pay-credit" name="payment" value=PaymentMethod::Credit.code() checked=payment == PaymentMethod::Credit/>
                        <span>{t(Msg::PayByCredit)}<small class="muted">{tf(Msg::PayByCreditBalance, &[("amount", &format_cents(credit, locale))])}</small></span>
                    </label>
                })}
            </fieldset>
            {(card || credit > 0).then(|| view! {
                <div class="field">
                    <label class="check" for="round-up">
                        <input type="checkbox" id="round-up" name="round_up" value="yes" aria-describedby="round-up-hint"/>
                        " " {t(Msg::RoundUpLabel)}
                    </label>
                    <p class="hint" id="round-up-hint">{t(Msg::RoundUpHint)}</p>
                </div>
            })}
            {(solidarity > 0).then(|| view! {
                <p class="alert success">{tf(Msg::SolidarityYouHaveIt, &[("amount", &format_cents(solidarity, locale))])}</p>
            })}
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
