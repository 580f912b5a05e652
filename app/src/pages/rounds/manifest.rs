//! A driver's manifest on a phone: the round's stops in order, each marked done or not.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use maillon::geo::Point;
use maillon::hub::rounds::{Located, RoundView, StopStatus};
use maillon::hub::{RoundKind, StopRef};
use maillon::i18n::{Msg, format_decimal};
use maillon::money::format_cents;

use super::api::{MarkStop, round_manifest};
use super::parts::{kg, rounds_map, stop_times};
use crate::components::{Csrf, DetailedError, loaded};
use crate::i18n::{t, tf, use_locale};

#[component]
pub fn ManifestPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0)));
    let mark = ServerAction::<MarkStop>::new();
    let data = Resource::new(move || (id.get(), mark.version().get()), |(id, _)| round_manifest(id));
    let locale = use_locale();
    view! {
        <DetailedError result=mark.value().into()/>
        {loaded(data, move |(r, timezone, depot): (RoundView, maillon::time::Zone, Point)| {
            let tz = timezone.tz();
            let done = r.stops.iter().filter(|s| s.status != StopStatus::Planned).count();
            let is_delivery = r.kind == RoundKind::Delivery;
            view! {
                <p class="no-print"><a href=format!("{}/{}/tournees", crate::paths::CYCLES, r.cycle_id)>{t(Msg::RoundsTitle)}</a></p>
                <h1>{Msg::RoundName.fill(locale, &[("vehicle", &r.vehicle_name), ("trip", &r.trip.to_string())])}</h1>
                <p class="muted">{t(r.kind.label())} " · " {Msg::ManifestSummary.fill(locale, &[
                    ("depart", &maillon::time::format_time(r.departs_at, tz, locale)), ("back", &maillon::time::format_time(r.returns_at, tz, locale)),
                    ("km", &format_decimal(r.distance_km, 1, locale)), ("done", &done.to_string()), ("stops", &r.stops.len().to_string())])}</p>
                {rounds_map(depot, std::slice::from_ref(&r), locale)}
                <ol class="manifest">
                    {r.stops.iter().map(|s| {
                        let sid = s.id;
                        let map_link = format!("https://www.openstreetmap.org/?mlat={:.5}&mlon={:.5}#map=18/{:.5}/{:.5}", s.point.lat, s.point.lon, s.point.lat, s.point.lon);
                        let note_id = format!("note-{sid}");
                        let paid_id = format!("paid-{sid}");
                        let what = match s.what {
                            StopRef::Order(n) => tf(Msg::OrderNumber, &[("number", &n.to_string())]),
                            StopRef::PickupPoint(_) => tf(Msg::BasketsToDrop, &[("n", &s.baskets.to_string())]),
                            StopRef::Producer(_) => tf(Msg::ToCollectKg, &[("kg", &kg(s.grams, locale))]),
                        };
                        let due = (s.due_cents > 0).then_some(s.due_cents);
                        view! {
                            <li class=format!("card stop {}", s.status.code())>
                                <h2>{s.position} ". " {s.name.clone()}</h2>
                                <p>{s.address.clone()} " · " <a href=map_link rel="noopener" target="_blank">{t(Msg::OpenMap)}</a></p>
                                {(!s.phone.is_empty()).then(|| view! {
                                    <p><a class="button" href=format!("tel:{}", s.phone)>{tf(Msg::CallBuyer, &[("phone", &s.phone)])}</a></p>
                                })}
                                <p class="muted">{what} " · " {stop_times(s.arrives_at, s.window_start, s.window_end, tz, locale)}</p>
                                {(s.located == Some(Located::ZoneCentre)).then(|| view! { <p class="tag low">{t(Msg::ApproxLocation)}</p> })}
                                {(!s.note.is_empty()).then(|| view! { <p class="muted">{t(Msg::NoteLabel)} {maillon::i18n::colon(locale)} {s.note.clone()}</p> })}
                                {if s.status == StopStatus::Planned {
                                    view! {
                                        <ActionForm action=mark attr:class="mark-done">
                                            <Csrf/>
                                            <input type="hidden" name="stop_id" value=sid/>
                                            <input type="hidden" name="status" value="done"/>
                                            {due.map(|cents| view! {
                                                <label class="check" for=paid_id.clone()>
                                                    <input type="checkbox" id=paid_id.clone() name="paid" value="1"/>
                                                    {tf(Msg::PaymentReceived, &[("amount", &format_cents(cents, locale))])}
                                                </label>
                                            })}
                                            <button type="submit" class="button primary big">{if is_delivery { t(Msg::MarkDelivered) } else { t(Msg::MarkCollected) }}</button>
                                        </ActionForm>
                                        <details class="fail">
                                            <summary class="button">{t(Msg::MarkFailed)}</summary>
                                            <ActionForm action=mark>
                                                <Csrf/>
                                                <input type="hidden" name="stop_id" value=sid/>
                                                <input type="hidden" name="status" value="failed"/>
                                                <label for=note_id.clone()>{t(Msg::NoteLabel)}</label>
                                                <input id=note_id type="text" name="note" maxlength="300"/>
                                                <button type="submit" class="button big">{t(Msg::MarkFailed)}</button>
                                            </ActionForm>
                                        </details>
                                    }.into_any()
                                } else {
                                    view! {
                                        <p><span class=format!("status {}", s.status.code())>{t(s.status.label())}</span></p>
                                        <ActionForm action=mark>
                                            <Csrf/>
                                            <input type="hidden" name="stop_id" value=sid/>
                                            <input type="hidden" name="status" value="planned"/>
                                            <button type="submit" class="button small">{t(Msg::UndoStop)}</button>
                                        </ActionForm>
                                    }.into_any()
                                }}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            }
        })}
    }
}
