//! Last-minute lots on the anti-waste desk: the form that puts a cycle's surplus on sale (the
//! sale's window and pickup point asked only when the cycle has no sale on yet), and the
//! latest lots with what became of them.
// The lot's server function takes its form's fields one to one (the form posts them flat and
// the authorisation matrix names them): `#[server]` functions cannot take an allow of their own.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use maillon::i18n::Msg;
use maillon::money::format_cents;
use maillon::rescue::RescueDesk;
use maillon::rescue::lots::{LotView, Outcome};
use maillon::time::{Zone, format_local, to_local_input};

use crate::components::{Csrf, FormError, FormSuccess, outcome};
use crate::error::AppError;
use crate::i18n::{t, tf, use_locale};

/// Puts a lot on sale. `unsold_to` 0: what is not sold is lost; `pickup_point` 0: none chosen
/// (the cycle's sale is already on); `origin` "baskets": baskets nobody collected, already paid
/// to their producer. `confirm` comes from the confirmation's button.
#[server(endpoint = "put_lot_on_sale")]
pub async fn put_lot_on_sale(
    csrf: String,
    cycle_id: i64,
    variant_id: i64,
    quantity: String,
    discount: String,
    #[server(default)] sale_until: String,
    #[server(default)] pickup_until: String,
    #[server(default)] pickup_point: i64,
    unsold_to: i64,
    #[server(default)] origin: String,
    #[server(default)] confirm: String,
) -> Result<i64, AppError> {
    let _ = csrf;
    let staff = crate::ssr::require(maillon::accounts::Permission::ManageCycles).await?;
    let already_paid = match origin.as_str() {
        "" | "surplus" => false,
        "baskets" => true,
        _ => return Err(maillon::error::ServiceError::field("origin", Msg::ErrLotOrigin).into()),
    };
    if confirm != "yes" {
        return Err(maillon::error::ServiceError::invalid(Msg::LotsConfirm).into());
    }
    let lot = maillon::rescue::store::LotForm {
        cycle_id,
        variant_id,
        quantity: &quantity,
        discount: &discount,
        sale_until: &sale_until,
        pickup_until: &pickup_until,
        pickup_point: (pickup_point != 0).then_some(pickup_point),
        unsold_to: (unsold_to != 0).then_some(unsold_to),
        already_paid,
    };
    Ok(maillon::rescue::store::put_on_sale(&crate::ssr::ctx()?, &staff, &lot).await?)
}

/// The lot form for the cycle chosen on the desk, then the latest lots.
#[component]
pub fn LotsDesk(desk: RescueDesk, cycle_id: i64, zone: Zone, put: ServerAction<PutLotOnSale>) -> impl IntoView {
    let locale = use_locale();
    let tz = zone.tz();
    let variants = desk
        .cycles
        .iter()
        .find(|c| c.id == cycle_id)
        .map(|c| c.variants.clone())
        .unwrap_or_default();
    let sale = desk.open_sales.iter().find(|s| s.source_cycle_id == cycle_id).cloned();
    let window = desk.window;
    let form = if sale.is_none() && desk.pickup_points.is_empty() {
        view! { <p class="alert">{t(Msg::LotsNoPickupPoint)}</p> }.into_any()
    } else {
        view! {
            <ActionForm action=put>
                <Csrf/>
                <input type="hidden" name="cycle_id" value=cycle_id/>
                <div class="field">
                    <label for="lot-variant">{t(Msg::RescueProduct)}</label>
                    <select id="lot-variant" name="variant_id" required>
                        {variants.into_iter().map(|(id, label)| view! { <option value=id>{label}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="lot-quantity">{t(Msg::LotsUnits)}</label>
                    <input id="lot-quantity" name="quantity" type="number" inputmode="numeric" min="1" max="10000" value="1" required/>
                </div>
                <div class="field">
                    <label for="lot-discount">{t(Msg::LotsDiscount)}</label>
                    <input id="lot-discount" name="discount" type="number" inputmode="numeric" min="10" max="90" step="1" value="30" required/>
                </div>
                {match sale {
                    Some(s) => view! {
                        <p class="muted">{tf(Msg::LotsSaleOn, &[
                            ("time", &format_local(s.window.sale_until, tz, locale)),
                            ("pickup", &maillon::time::format_time(s.window.pickup_until, tz, locale)),
                        ])}</p>
                    }.into_any(),
                    None => view! {
                        <div class="field">
                            <label for="lot-sale-until">{t(Msg::LotsSaleUntil)}</label>
                            <input id="lot-sale-until" name="sale_until" type="datetime-local" required
                                value=to_local_input(window.sale_until, tz)/>
                        </div>
                        <div class="field">
                            <label for="lot-pickup-until">{t(Msg::LotsPickupUntil)}</label>
                            <input id="lot-pickup-until" name="pickup_until" type="datetime-local" required
                                value=to_local_input(window.pickup_until, tz)/>
                        </div>
                        <div class="field">
                            <label for="lot-pickup-point">{t(Msg::LotsPickupPoint)}</label>
                            <select id="lot-pickup-point" name="pickup_point" required>
                                {desk.pickup_points.iter().map(|(id, name)| view! { <option value=*id>{name.clone()}</option> }).collect_view()}
                            </select>
                        </div>
                    }.into_any(),
                }}
                <fieldset class="field">
                    <legend>{t(Msg::LotsOrigin)}</legend>
                    <label class="choice" for="lot-origin-surplus">
                        <input type="radio" id="lot-origin-surplus" name="origin" value="surplus" checked/>
                        <span>{t(Msg::LotsOriginSurplus)}</span>
                    </label>
                    <label class="choice" for="lot-origin-baskets">
                        <input type="radio" id="lot-origin-baskets" name="origin" value="baskets"/>
                        <span>{t(Msg::LotsOriginBaskets)}</span>
                    </label>
                </fieldset>
                <div class="field">
                    <label for="lot-unsold-to">{t(Msg::LotsUnsoldTo)}</label>
                    <select id="lot-unsold-to" name="unsold_to">
                        {desk.associations.iter().map(|(id, name)| view! { <option value=*id>{name.clone()}</option> }).collect_view()}
                        <option value="0">{t(Msg::LotsUnsoldLost)}</option>
                    </select>
                </div>
                <details class="confirm">
                    <summary class="button primary">{t(Msg::LotsCreate)}</summary>
                    <p>{t(Msg::LotsConfirm)}</p>
                    <button type="submit" name="confirm" value="yes" class="button primary">{t(Msg::Confirm)}</button>
                </details>
            </ActionForm>
        }
        .into_any()
    };
    view! {
        <h2 id="lots">{t(Msg::LotsTitle)}</h2>
        <p class="muted">{t(Msg::LotsHint)}</p>
        <div aria-live="polite">
            <FormError result=put.value().into()/>
            <FormSuccess result=outcome(put) msg=Msg::LotsCreated/>
        </div>
        {form}
        <LotList lots=desk.lots zone/>
    }
}

#[component]
fn LotList(lots: Vec<LotView>, zone: Zone) -> impl IntoView {
    let locale = use_locale();
    if lots.is_empty() {
        return view! { <p class="empty">{t(Msg::LotsEmpty)}</p> }.into_any();
    }
    view! {
        <ul class="order-list doc-list">
            {lots.into_iter().map(|l| {
                let line = tf(Msg::LotLine, &[
                    ("quantity", &l.quantity.to_string()),
                    ("what", &l.description),
                    ("producer", &l.producer_name),
                    ("discount", &l.discount_pct.to_string()),
                    ("price", &format_cents(l.unit_price_cents, locale)),
                ]);
                let sold = tf(Msg::LotSold, &[("sold", &l.sold.to_string()), ("quantity", &l.quantity.to_string())]);
                let (class, state) = match l.outcome() {
                    Outcome::OnSale => ("tag low", tf(Msg::LotOnSale, &[("time", &format_local(l.sale_until, zone.tz(), locale))])),
                    Outcome::SoldOut => ("tag", t(Msg::LotSoldOut).to_string()),
                    Outcome::Given { units, association } => ("tag", tf(Msg::LotGiven, &[
                        ("units", &units.to_string()),
                        ("association", &association),
                    ])),
                    Outcome::Lost { units } => ("tag", tf(Msg::LotLost, &[("units", &units.to_string())])),
                };
                view! {
                    <li>
                        <strong>{line}</strong><br/>
                        <span class="muted">{sold}</span> " " <span class=class>{state}</span>
                        {l.already_paid.then(|| view! { " " <span class="tag">{t(Msg::LotAlreadyPaid)}</span> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
