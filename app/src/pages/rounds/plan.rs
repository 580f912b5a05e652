//! A cycle's rounds: how each producer's goods come to the hub, collection and delivery rounds
//! planned by the solver and drawn on a map, stops moved by hand, and the cycle's impact.

use chrono::NaiveDate;
use chrono_tz::Tz;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use maillon::hub::rounds::{
    CycleImpact, Located, RoundView, RoundsPage as RoundsData, StopStatus, SupplierView, SupplyMode, Unplanned,
    VehicleView,
};
use maillon::hub::{RoundKind, StopRef, vehicle_label};
use maillon::i18n::{Locale, Msg, format_decimal};

use super::api::{MoveStop, PlaceDelivery, PlanRounds, SaveSupplier, cycle_rounds};
use super::parts::{ROUND_COLOURS, kg, litres, rounds_map, stop_times};
use crate::components::{BackTo, Csrf, DetailedError, FormResult, loaded, outcome};
use crate::i18n::{t, tf, use_locale};
use crate::paths::VEHICLES;

#[derive(Clone, Copy)]
struct RoundActions {
    /// One per kind of round, so that each form's messages stay beside it.
    plan: ServerAction<PlanRounds>,
    plan_collection: ServerAction<PlanRounds>,
    supplier: ServerAction<SaveSupplier>,
    moved: ServerAction<MoveStop>,
    placed: ServerAction<PlaceDelivery>,
}

#[component]
pub fn RoundsPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0)));
    let actions = RoundActions {
        plan: ServerAction::<PlanRounds>::new(),
        plan_collection: ServerAction::<PlanRounds>::new(),
        supplier: ServerAction::<SaveSupplier>::new(),
        moved: ServerAction::<MoveStop>::new(),
        placed: ServerAction::<PlaceDelivery>::new(),
    };
    let data = Resource::new(
        move || {
            (
                id.get(),
                actions.plan.version().get()
                    + actions.plan_collection.version().get()
                    + actions.supplier.version().get()
                    + actions.moved.version().get()
                    + actions.placed.version().get(),
            )
        },
        |(id, _)| cycle_rounds(id),
    );
    view! {
        <DetailedError result=actions.supplier.value().into()/>
        <DetailedError result=actions.moved.value().into()/>
        <DetailedError result=actions.placed.value().into()/>
        {loaded(data, move |d: RoundsData| view! { <RoundsView d actions/> })}
    }
}

#[component]
fn RoundsView(d: RoundsData, actions: RoundActions) -> impl IntoView {
    let locale = use_locale();
    let tz = d.timezone.tz();
    let cycle_id = d.cycle_id;
    let section = |kind: RoundKind| {
        let rounds: Vec<RoundView> = d.rounds.iter().filter(|r| r.kind == kind).cloned().collect();
        let unplanned: Vec<Unplanned> = d
            .unplanned
            .iter()
            .filter(|u| {
                matches!(
                    (kind, u.what),
                    (RoundKind::Collection, StopRef::Producer(_))
                        | (RoundKind::Delivery, StopRef::Order(_) | StopRef::PickupPoint(_))
                )
            })
            .cloned()
            .collect();
        let day = match kind {
            RoundKind::Collection => d.collection_day,
            RoundKind::Delivery => d.delivery_day,
        };
        let anchor = kind.code();
        view! {
            <section class="card" aria-labelledby=format!("{anchor}-title") id=anchor>
                <h2 id=format!("{anchor}-title")>{t(kind.label())}</h2>
                {(kind == RoundKind::Collection).then(|| suppliers_form(cycle_id, d.suppliers.clone(), tz, actions.supplier, locale))}
                {d.closed.then(|| plan_form(cycle_id, kind, day, &d.vehicles, &d.delivery_days, if kind == RoundKind::Collection { actions.plan_collection } else { actions.plan }, locale))}
                {if rounds.is_empty() {
                    view! { <p class="empty">{t(Msg::NoRoundsYet)}</p> }.into_any()
                } else {
                    view! {
                        {rounds_map(d.depot, &rounds, locale)}
                        {rounds.iter().enumerate().map(|(i, r)| round_card(i, r, &rounds, tz, actions, locale)).collect_view()}
                    }.into_any()
                }}
                {(!unplanned.is_empty()).then(|| view! {
                    <h3>{t(Msg::Unplanned)}</h3>
                    <ul class="po-lines">
                        {unplanned.into_iter().map(|u| view! {
                            <li>
                                <strong>{u.name}</strong> " · " {u.address} " · " {maillon::time::format_date(u.day, locale)}
                                {u.unlocated.then(|| view! { <br/><small class="tag low">{t(Msg::Unlocated)}</small> })}
                                {match u.what { StopRef::Order(id) => Some(place_form(id, actions.placed)), _ => None }}
                            </li>
                        }).collect_view()}
                    </ul>
                })}
            </section>
        }
    };
    view! {
        <p class="no-print"><a href=format!("{}/{cycle_id}", crate::paths::CYCLES)>{d.cycle_name.clone()}</a></p>
        <h1>{t(Msg::RoundsTitle)} " — " {d.cycle_name.clone()}</h1>
        {(!d.closed).then(|| view! { <p class="alert">{t(Msg::ErrRoundsNeedClosedCycle)}</p> })}
        <p class="hint">{tf(Msg::RoundsHint, &[("hub", &d.depot_name)])} " " <a href=VEHICLES>{t(Msg::VehiclesTitle)}</a></p>
        {section(RoundKind::Collection)}
        {section(RoundKind::Delivery)}
        {d.impact.map(|i| impact_card(&i, locale))}
    }
}

fn suppliers_form(
    cycle_id: i64,
    suppliers: Vec<SupplierView>,
    tz: Tz,
    action: ServerAction<SaveSupplier>,
    locale: Locale,
) -> impl IntoView {
    if suppliers.is_empty() {
        return view! { <p class="empty">{t(Msg::NoPurchaseOrders)}</p> }.into_any();
    }
    view! {
        <h3>{t(Msg::SuppliersTitle)}</h3>
        <ul class="po-lines">
            {suppliers.into_iter().map(|s| {
                let pid = s.producer_id;
                let (from, to) = s.drop_off.map_or((String::new(), String::new()), |(a, b)| {
                    (maillon::cycles::to_local_input(a, tz), maillon::cycles::to_local_input(b, tz))
                });
                let mode_id = format!("mode-{pid}");
                let current = match (s.mode, s.drop_off) {
                    (None, _) => Msg::SupplyUndecided.text(locale).to_owned(),
                    (Some(SupplyMode::DropOff), Some((a, b))) => Msg::DropOffWindow.fill(locale, &[
                        ("day", &maillon::time::format_date(a.with_timezone(&tz).date_naive(), locale)), ("from", &maillon::time::format_time(a, tz, locale)), ("to", &maillon::time::format_time(b, tz, locale))]),
                    (Some(m), _) => m.label().text(locale).to_owned(),
                };
                view! {
                    <li>
                        <strong>{s.farm_name.clone()}</strong> " · " {s.town.clone()} " · " {kg(s.grams, locale)} " kg"
                        {(!s.located).then(|| view! { <br/><small class="tag low">{t(Msg::FarmUnlocated)}</small> })}
                        <br/><small>{current}</small>
                        <details class="move">
                        <summary>{t(Msg::Change)}</summary>
                        <ActionForm action=action attr:class="supplier">
                            <Csrf/>
                            <input type="hidden" name="cycle_id" value=cycle_id/>
                            <input type="hidden" name="producer_id" value=pid/>
                            <label for=mode_id.clone()>{t(Msg::SupplyModeLabel)}</label>
                            <select id=mode_id name="mode">
                                {SupplyMode::ALL.into_iter().map(|m| view! {
                                    <option value=m.code() selected=s.mode == Some(m)>{t(m.label())}</option>
                                }).collect_view()}
                            </select>
                            <div class="two">
                                <div class="field">
                                    <label for=format!("drop-from-{pid}")>{t(Msg::DropOffFrom)}</label>
                                    <input id=format!("drop-from-{pid}") type="datetime-local" name="drop_off_start" value=from/>
                                </div>
                                <div class="field">
                                    <label for=format!("drop-to-{pid}")>{t(Msg::DropOffTo)}</label>
                                    <input id=format!("drop-to-{pid}") type="datetime-local" name="drop_off_end" value=to/>
                                </div>
                            </div>
                            <button type="submit" class="button small">{t(Msg::Save)}</button>
                        </ActionForm>
                        </details>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

fn plan_form(
    cycle_id: i64,
    kind: RoundKind,
    day: NaiveDate,
    vehicles: &[VehicleView],
    days: &[NaiveDate],
    action: ServerAction<PlanRounds>,
    locale: Locale,
) -> impl IntoView + use<> {
    let active: Vec<VehicleView> = vehicles.iter().filter(|v| v.active).cloned().collect();
    let code = kind.code();
    let day_id = format!("day-{code}");
    let days_hint = (kind == RoundKind::Delivery && !days.is_empty()).then(|| {
        Msg::DeliveryDays.fill(
            locale,
            &[(
                "days",
                &days
                    .iter()
                    .map(|d| maillon::time::format_date(*d, locale))
                    .collect::<Vec<_>>()
                    .join(", "),
            )],
        )
    });
    view! {
        <ActionForm action=action attr:class="plan">
            <Csrf/>
            <input type="hidden" name="cycle_id" value=cycle_id/>
            <input type="hidden" name="kind" value=code/>
            <BackTo to=format!("plan-{code}-result")/>
            <div class="field">
                <label for=day_id.clone()>{t(Msg::PlanDay)}</label>
                <input id=day_id type="date" name="day" value=day.format("%Y-%m-%d").to_string() required/>
                {days_hint.map(|h| view! { <p class="hint">{h}</p> })}
            </div>
            <fieldset>
                <legend>{t(Msg::PlanVehicles)}</legend>
                {if active.is_empty() {
                    view! { <p class="empty">{t(Msg::NoVehiclesYet)} " " <a href=VEHICLES>{t(Msg::VehiclesTitle)}</a></p> }.into_any()
                } else {
                    active.into_iter().map(|v| {
                        let id = format!("{code}-vehicle-{}", v.id);
                        let for_id = id.clone();
                        view! {
                            <label class="check" for=for_id>
                                <input type="checkbox" id=id name=format!("vehicles[{}]", v.id) value="on" checked/>
                                {v.fields.name.clone()} " · " {vehicle_label(v.fields.kind).text(locale)}
                            </label>
                        }
                    }).collect_view().into_any()
                }}
            </fieldset>
            <p class="hint">{t(Msg::PlanHint)}</p>
            <button type="submit" class="button primary">{t(Msg::PlanRounds)}</button>
            <FormResult id=format!("plan-{code}-result")>
                <DetailedError result=action.value().into()/>
                {move || outcome(action).get().and_then(Result::ok).map(|o| view! {
                    <p class="alert success" role="status">{Msg::PlanDone.fill(locale, &[("rounds", &o.rounds.to_string()), ("stops", &o.stops.to_string()), ("unassigned", &o.unassigned.to_string())])}</p>
                })}
            </FormResult>
        </ActionForm>
    }
}

fn round_card(
    index: usize,
    r: &RoundView,
    all: &[RoundView],
    tz: Tz,
    actions: RoundActions,
    locale: Locale,
) -> impl IntoView + use<> {
    let RoundActions { moved, placed, .. } = actions;
    let summary = Msg::RoundSummary.fill(
        locale,
        &[
            ("depart", &maillon::time::format_time(r.departs_at, tz, locale)),
            ("back", &maillon::time::format_time(r.returns_at, tz, locale)),
            ("km", &format_decimal(r.distance_km, 1, locale)),
            ("kg", &kg(r.grams, locale)),
            ("cap_kg", &r.capacity_kg.to_string()),
            ("litres", &litres(r.volume_ml, locale)),
            ("cap_litres", &r.capacity_litres.to_string()),
        ],
    );
    let targets: Vec<(i64, String)> = all
        .iter()
        .map(|o| {
            (
                o.id,
                Msg::RoundName.fill(locale, &[("vehicle", &o.vehicle_name), ("trip", &o.trip.to_string())]),
            )
        })
        .collect();
    let round_id = r.id;
    view! {
        <article class=format!("card round c{}", index % ROUND_COLOURS.len())>
            <h3>{Msg::RoundName.fill(locale, &[("vehicle", &r.vehicle_name), ("trip", &r.trip.to_string())])}
                " · " <small>{vehicle_label(r.vehicle_kind).text(locale)}</small></h3>
            <p class="muted">{summary}</p>
            {(!r.warnings.is_empty()).then(|| view! {
                <ul class="warnings" role="status">
                    {r.warnings.iter().map(|w| view! { <li class="tag low">{w.describe(locale)}</li> }).collect_view()}
                </ul>
            })}
            <p class="no-print"><a class="button small" href=maillon::paths::manifest(round_id)>{t(Msg::Manifest)}</a></p>
            <ol class="stops">
                {r.stops.clone().into_iter().map(|s| {
                    let sid = s.id;
                    let targets = targets.clone();
                    let select_id = format!("move-{sid}");
                    let pos_id = format!("pos-{sid}");
                    view! {
                        <li class=format!("stop {}", s.status.code())>
                            <strong>{s.name.clone()}</strong> " · " {s.address.clone()}
                            <br/><small>{stop_times(s.arrives_at, s.window_start, s.window_end, tz, locale)}
                                " · " {kg(s.grams, locale)} " kg"
                                {(s.status != StopStatus::Planned).then(|| format!(" · {}", s.status.label().text(locale)))}</small>
                            {(s.located == Some(Located::ZoneCentre)).then(|| view! { <br/><small class="tag low">{t(Msg::ApproxLocation)}</small> })}
                            {match s.what { StopRef::Order(id) if s.status == StopStatus::Planned => Some(place_form(id, placed)), _ => None }}
                            {(s.status == StopStatus::Planned).then(|| view! {
                                <details class="move no-print">
                                    <summary>{t(Msg::MoveStop)}</summary>
                                    <ActionForm action=moved attr:class="inline-form">
                                        <Csrf/>
                                        <input type="hidden" name="stop_id" value=sid/>
                                        <label for=select_id.clone()>{t(Msg::MoveTo)}</label>
                                        <select id=select_id name="round_id">
                                            {targets.iter().map(|(id, name)| view! { <option value=*id selected=*id == round_id>{name.clone()}</option> }).collect_view()}
                                        </select>
                                        <label for=pos_id.clone()>{t(Msg::AtPosition)}</label>
                                        <input id=pos_id class="qty" type="number" inputmode="numeric" min="1" name="position" value=s.position/>
                                        <button type="submit" class="button small">{t(Msg::MoveStop)}</button>
                                    </ActionForm>
                                </details>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </article>
    }
}

/// For a home delivery the geocoder could not place: coordinates typed by staff (read off any
/// map), which also move the stop on a planned round.
fn place_form(order_id: i64, action: ServerAction<PlaceDelivery>) -> impl IntoView {
    let (lat, lon) = (format!("lat-{order_id}"), format!("lon-{order_id}"));
    view! {
        <details class="move no-print">
            <summary>{t(Msg::PlaceByHand)}</summary>
            <ActionForm action=action attr:class="inline-form">
                <Csrf/>
                <input type="hidden" name="order_id" value=order_id/>
                <label for=lat.clone()>{t(Msg::Latitude)}</label>
                <input id=lat class="money" name="latitude" inputmode="decimal" required/>
                <label for=lon.clone()>{t(Msg::Longitude)}</label>
                <input id=lon class="money" name="longitude" inputmode="decimal" required/>
                <button type="submit" class="button small">{t(Msg::Save)}</button>
            </ActionForm>
            <p class="hint">{t(Msg::CoordinatesHint)}</p>
        </details>
    }
}

fn impact_card(i: &CycleImpact, locale: Locale) -> impl IntoView + use<> {
    let row = |km: f64, co2: f64| {
        Msg::ImpactFigures.fill(
            locale,
            &[
                ("km", &format_decimal(km, 1, locale)),
                ("co2", &format_decimal(co2, 1, locale)),
            ],
        )
    };
    view! {
        <section class="card" aria-labelledby="impact-title">
            <h2 id="impact-title">{t(Msg::ImpactTitle)}</h2>
            <dl class="impact">
                <dt>{t(Msg::ImpactHub)}</dt>
                <dd><strong>{row(i.hub.hub_km, i.hub.hub_kg_co2e)}</strong>
                    <br/><small>{Msg::ImpactHubDetail.fill(locale, &[("rounds", &format_decimal(i.rounds_km, 1, locale)), ("drop", &format_decimal(i.drop_off_km, 1, locale))])}</small></dd>
                <dt>{t(Msg::ImpactVans)}</dt>
                <dd>{row(i.hub.counterfactual_km, i.hub.counterfactual_kg_co2e)}</dd>
                <dt>{t(Msg::ImpactCars)}</dt>
                <dd>{row(i.cars.counterfactual_km, i.cars.counterfactual_kg_co2e)}</dd>
            </dl>
            <p>{Msg::ImpactSaved.fill(locale, &[("km", &format_decimal(i.hub.saved_km(), 1, locale)), ("co2", &format_decimal(i.hub.saved_kg_co2e(), 1, locale))])}</p>
            {(i.hub.unlocated_trips > 0).then(|| view! { <p class="hint">{Msg::ImpactUnlocated.fill(locale, &[("n", &i.hub.unlocated_trips.to_string())])}</p> })}
            <p class="hint">{t(Msg::ImpactAssumptions)}</p>
        </section>
    }
}
