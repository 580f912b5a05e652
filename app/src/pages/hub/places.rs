//! Pickup points and delivery zones.

use leptos::prelude::*;
use maillon::cycles::{DeliveryZone, PICKUP_KINDS, PickupPoint};
use maillon::i18n::Msg;
use maillon::money::format_cents;

use super::api::{PointSaved, SavePickupPoint, SaveZone, SetPlaceActive, places};
use crate::components::{Csrf, DetailedError, Field, FormSuccess, loaded, outcome};
use crate::error::AppError;
use crate::i18n::{t, tf, use_locale};
use crate::paths::CYCLES;

/// Says where the address was placed, for staff to check.
#[component]
fn PointLocatedNotice(result: Signal<Option<Result<PointSaved, AppError>>>) -> impl IntoView {
    let locale = use_locale();
    move || {
        result.get().and_then(Result::ok).and_then(|saved| saved.located).map(|p| {
            let (lat, lon) = (
                maillon::i18n::format_decimal(p.lat, 5, locale),
                maillon::i18n::format_decimal(p.lon, 5, locale),
            );
            view! { <p class="alert success" role="status">{tf(Msg::PointLocated, &[("lat", &lat), ("lon", &lon)])}</p> }
        })
    }
}

#[component]
pub fn PlacesPage() -> impl IntoView {
    let point = ServerAction::<SavePickupPoint>::new();
    let zone = ServerAction::<SaveZone>::new();
    let toggle = ServerAction::<SetPlaceActive>::new();
    let data = Resource::new(
        move || point.version().get() + zone.version().get() + toggle.version().get(),
        |_| places(),
    );
    let locale = use_locale();
    view! {
        <p><a href=CYCLES>{t(Msg::CyclesTitle)}</a></p>
        <h1>{t(Msg::PlacesTitle)}</h1>
        {loaded(data, move |(points, zones): (Vec<PickupPoint>, Vec<DeliveryZone>)| view! {
            <section class="card" aria-labelledby="points-title">
                <h2 id="points-title">{t(Msg::PickupPoints)}</h2>
                {if points.is_empty() { view! { <p class="empty">{t(Msg::HomeEmptyPickupPoints)}</p> }.into_any() } else {
                    view! { <ul class="slot-list">
                        {points.clone().into_iter().map(|p| view! {
                            <li class:inactive=!p.active>
                                <strong>{p.name.clone()}</strong> " · " {p.address.clone()}
                                <ActionForm action=toggle attr:class="inline-form">
                                    <Csrf/>
                                    <input type="hidden" name="place" value=format!("point-{}", p.id)/>
                                    <input type="hidden" name="active" value=(!p.active).to_string()/>
                                    <button type="submit" class="button small">{if p.active { t(Msg::Withdraw) } else { t(Msg::Restore) }}</button>
                                </ActionForm>
                            </li>
                        }).collect_view()}
                    </ul> }.into_any()
                }}
                <h3>{t(Msg::NewPickupPoint)}</h3>
                <ActionForm action=point>
                    <Csrf/>
                    <DetailedError result=point.value().into()/>
                    <FormSuccess result=outcome(point) msg=Msg::Saved/>
                    <PointLocatedNotice result=outcome(point)/>
                    <Field name="point[name]" label=Msg::PlaceName maxlength=120/>
                    <div class="field">
                        <label for="point-kind">{t(Msg::PlaceKind)}</label>
                        <select id="point-kind" name="point[kind]">
                            {PICKUP_KINDS.iter().map(|(k, m)| view! { <option value=*k>{t(*m)}</option> }).collect_view()}
                        </select>
                    </div>
                    <Field name="point[address]" label=Msg::Address maxlength=300/>
                    <Field name="point[instructions]" label=Msg::Instructions required=false maxlength=1000/>
                    <div class="two">
                        <Field name="point[latitude]" label=Msg::Latitude required=false hint=Msg::PickupCoordinatesHint/>
                        <Field name="point[longitude]" label=Msg::Longitude required=false/>
                    </div>
                    <button type="submit" class="button primary">{t(Msg::Save)}</button>
                </ActionForm>
            </section>
            <section class="card" aria-labelledby="zones-title">
                <h2 id="zones-title">{t(Msg::DeliveryZones)}</h2>
                {if zones.is_empty() { view! { <p class="empty">{t(Msg::NoZonesYet)}</p> }.into_any() } else {
                    view! { <ul class="slot-list">
                        {zones.clone().into_iter().map(|z| view! {
                            <li class:inactive=!z.active>
                                <strong>{z.name.clone()}</strong> " · " {z.postcodes.join(", ")} " · "
                                {tf(Msg::DeliveryFeeIs, &[("fee", &format_cents(z.fee_cents, locale)), ("min", &format_cents(z.minimum_cents, locale))])}
                                <ActionForm action=toggle attr:class="inline-form">
                                    <Csrf/>
                                    <input type="hidden" name="place" value=format!("zone-{}", z.id)/>
                                    <input type="hidden" name="active" value=(!z.active).to_string()/>
                                    <button type="submit" class="button small">{if z.active { t(Msg::Withdraw) } else { t(Msg::Restore) }}</button>
                                </ActionForm>
                            </li>
                        }).collect_view()}
                    </ul> }.into_any()
                }}
                <h3>{t(Msg::NewZone)}</h3>
                <ActionForm action=zone>
                    <Csrf/>
                    <DetailedError result=zone.value().into()/>
                    <FormSuccess result=outcome(zone) msg=Msg::Saved/>
                    <Field name="zone[name]" label=Msg::PlaceName maxlength=80/>
                    <Field name="zone[postcodes]" label=Msg::Postcodes hint=Msg::PostcodesHint/>
                    <div class="two">
                        <Field name="zone[fee]" label=Msg::DeliveryFee/>
                        <Field name="zone[minimum]" label=Msg::MinimumOrder required=false/>
                    </div>
                    <div class="two">
                        <Field name="zone[latitude]" label=Msg::Latitude required=false hint=Msg::ZoneCentreHint/>
                        <Field name="zone[longitude]" label=Msg::Longitude required=false/>
                    </div>
                    <button type="submit" class="button primary">{t(Msg::Save)}</button>
                </ActionForm>
            </section>
        })}
    }
}
