//! Rounds: the hub's vehicles, how each producer's goods come to the hub, collection and
//! delivery rounds planned by the solver and drawn on a map, moved by hand, and the drivers'
//! manifests on a phone. Also the cycle's kilometres and emissions against driving alone.

// A server function's arguments are its form's fields, one to one.
#![allow(clippy::too_many_arguments)]

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use maillon::geo::Point;
use maillon::hub::rounds::{
    CycleImpact, Located, RoundView, RoundsPage as RoundsData, StopStatus, SupplierView, SupplyMode, Unplanned,
    VehicleView,
};
use maillon::hub::{RoundKind, StopRef, VEHICLE_KINDS, VehicleInput, project, vehicle_label};
use maillon::i18n::{Locale, Msg, format_decimal};
use maillon::money::format_cents;

use crate::components::DetailedError;
use crate::components::{BackTo, Csrf, Field, FormResult, FormSuccess, loaded, outcome};
use crate::error::AppError;
use crate::i18n::{t, tf, use_locale};

pub use crate::paths::VEHICLES;

#[cfg(feature = "ssr")]
mod ssr {
    use maillon::accounts::Permission;
    use maillon::accounts::store::CurrentUser;

    use crate::error::AppError;
    use crate::ssr::{AppState, require, state};

    pub async fn staff() -> Result<(AppState, CurrentUser), AppError> {
        let user = require(Permission::ManageCycles).await?;
        Ok((state()?, user))
    }

    pub fn invalid(field: &str, msg: maillon::i18n::Msg) -> AppError {
        let e = AppError::Invalid {
            field: Some(field.into()),
            msg,
        };
        crate::ssr::set_error_status(&e);
        e
    }
}

#[server(endpoint = "list_vehicles", input = leptos::server_fn::codec::GetUrl)]
pub async fn list_vehicles() -> Result<Vec<VehicleView>, AppError> {
    let (state, _) = ssr::staff().await?;
    Ok(maillon::hub::rounds_store::vehicles(&state.pool, state.coop.id).await?)
}

#[server(endpoint = "save_vehicle")]
pub async fn save_vehicle(csrf: String, id: Option<i64>, vehicle: VehicleInput) -> Result<i64, AppError> {
    let _ = csrf;
    let (state, _) = ssr::staff().await?;
    let fields = maillon::hub::parse_vehicle(&vehicle).map_err(crate::ssr::field_errors)?;
    Ok(maillon::hub::rounds_store::save_vehicle(&state.pool, state.coop.id, id, &fields).await?)
}

#[server(endpoint = "set_vehicle_active")]
pub async fn set_vehicle_active(csrf: String, id: i64, active: bool) -> Result<(), AppError> {
    let _ = csrf;
    let (state, _) = ssr::staff().await?;
    Ok(maillon::hub::rounds_store::set_vehicle_active(&state.pool, state.coop.id, id, active).await?)
}

#[server(endpoint = "cycle_rounds", input = leptos::server_fn::codec::GetUrl)]
pub async fn cycle_rounds(id: i64) -> Result<RoundsData, AppError> {
    let (state, _) = ssr::staff().await?;
    Ok(maillon::hub::rounds_store::rounds_page(&state.pool, state.coop.id, id).await?)
}

#[server(endpoint = "save_supplier")]
pub async fn save_supplier(
    csrf: String,
    cycle_id: i64,
    producer_id: i64,
    mode: String,
    #[server(default)] drop_off_start: String,
    #[server(default)] drop_off_end: String,
) -> Result<(), AppError> {
    let _ = csrf;
    let (state, _) = ssr::staff().await?;
    let mode = SupplyMode::parse(&mode).ok_or_else(|| ssr::invalid("mode", Msg::ErrBadRequest))?;
    let tz = maillon::time::zone(&state.coop.timezone);
    let window = match (
        maillon::cycles::parse_local(&drop_off_start, tz),
        maillon::cycles::parse_local(&drop_off_end, tz),
    ) {
        (Some(from), Some(to)) => Some((from, to)),
        _ => None,
    };
    Ok(
        maillon::hub::rounds_store::save_supplier(&state.pool, state.coop.id, cycle_id, producer_id, mode, window)
            .await?,
    )
}

#[server(endpoint = "plan_rounds")]
pub async fn plan_rounds(
    csrf: String,
    cycle_id: i64,
    kind: String,
    day: String,
    #[server(default)] vehicles: BTreeMap<String, String>,
) -> Result<maillon::hub::rounds::PlanOutcome, AppError> {
    let _ = csrf;
    let (state, _) = ssr::staff().await?;
    let kind = RoundKind::parse(&kind).ok_or_else(|| ssr::invalid("kind", Msg::ErrBadRequest))?;
    let day = NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d").map_err(|_| ssr::invalid("day", Msg::ErrDate))?;
    let ids: Vec<i64> = vehicles.keys().filter_map(|k| k.parse().ok()).collect();
    Ok(maillon::hub::rounds_store::plan_rounds(
        &state.pool,
        state.coop.id,
        cycle_id,
        kind,
        day,
        &ids,
        state.geocoder.as_ref(),
    )
    .await?)
}

#[server(endpoint = "move_stop")]
pub async fn move_stop(csrf: String, stop_id: i64, round_id: i64, position: String) -> Result<(), AppError> {
    let _ = csrf;
    let (state, _) = ssr::staff().await?;
    let position = position
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|p| *p >= 1)
        .ok_or_else(|| ssr::invalid("position", Msg::ErrPosition))?;
    Ok(maillon::hub::rounds_store::move_stop(&state.pool, state.coop.id, stop_id, round_id, position).await?)
}

#[server(endpoint = "place_delivery")]
pub async fn place_delivery(csrf: String, order_id: i64, latitude: String, longitude: String) -> Result<(), AppError> {
    let _ = csrf;
    let (state, _) = ssr::staff().await?;
    let lat =
        maillon::cycles::parse_coordinate(&latitude, 90.0).ok_or_else(|| ssr::invalid("latitude", Msg::ErrLatitude))?;
    let lon = maillon::cycles::parse_coordinate(&longitude, 180.0)
        .ok_or_else(|| ssr::invalid("longitude", Msg::ErrLongitude))?;
    Ok(maillon::hub::rounds_store::place_delivery(&state.pool, state.coop.id, order_id, Point { lat, lon }).await?)
}

#[server(endpoint = "round_manifest", input = leptos::server_fn::codec::GetUrl)]
pub async fn round_manifest(id: i64) -> Result<(RoundView, String, Point), AppError> {
    let (state, _) = ssr::staff().await?;
    Ok(maillon::hub::rounds_store::manifest(&state.pool, state.coop.id, id).await?)
}

#[server(endpoint = "mark_stop")]
pub async fn mark_stop(
    csrf: String,
    stop_id: i64,
    status: String,
    #[server(default)] note: String,
    #[server(default)] paid: Option<String>,
) -> Result<(), AppError> {
    let _ = csrf;
    let (state, user) = ssr::staff().await?;
    let status = StopStatus::parse(&status).ok_or_else(|| ssr::invalid("status", Msg::ErrBadRequest))?;
    Ok(maillon::hub::rounds_store::mark_stop(
        &state.pool,
        state.coop.id,
        &user,
        stop_id,
        status,
        &note,
        paid.is_some(),
    )
    .await?)
}

/// A vehicle's shift time, as the language writes it.
fn clock(at: chrono::NaiveTime, locale: Locale) -> String {
    use chrono::Timelike;
    maillon::time::format_clock(at.hour(), at.minute(), locale)
}

fn kg(grams: i64, locale: Locale) -> String {
    format_decimal(grams as f64 / 1000.0, 1, locale)
}

fn litres(ml: i64, locale: Locale) -> String {
    format_decimal(ml as f64 / 1000.0, 0, locale)
}

/// "arrives 08:13 · window 17:00–20:00", or "· before 10:00" for a drop due by a time.
fn stop_times(arrives: DateTime<Utc>, from: DateTime<Utc>, to: DateTime<Utc>, tz: Tz, locale: Locale) -> String {
    let local = from.with_timezone(&tz);
    if local.time() == chrono::NaiveTime::MIN {
        Msg::StopBefore.fill(
            locale,
            &[
                ("at", &maillon::time::format_time(arrives, tz, locale)),
                ("to", &maillon::time::format_time(to, tz, locale)),
            ],
        )
    } else {
        Msg::StopTimes.fill(
            locale,
            &[
                ("at", &maillon::time::format_time(arrives, tz, locale)),
                ("from", &maillon::time::format_time(from, tz, locale)),
                ("to", &maillon::time::format_time(to, tz, locale)),
            ],
        )
    }
}

/// One colour per round, told apart by hue and also by the number on each stop (the same
/// colours as `.c0`…`.c7` in the style sheet: the page's CSP allows no inline styles).
const ROUND_COLOURS: [&str; 8] = [
    "#2f5d3a", "#b5542a", "#2d5c8a", "#8a2d6f", "#8a6d1f", "#1f7a7a", "#5a3d99", "#6b6b6b",
];

fn colour(i: usize) -> &'static str {
    ROUND_COLOURS[i % ROUND_COLOURS.len()]
}

/// The hub and the rounds' stops on a plain map (no tiles: it works offline and prints), each
/// round a coloured loop from the hub with its stops numbered in visiting order.
fn rounds_map(depot: Point, rounds: &[RoundView], locale: Locale) -> impl IntoView + use<> {
    let (w, h) = (360.0, 300.0);
    let mut points = vec![depot];
    points.extend(rounds.iter().flat_map(|r| r.stops.iter().map(|s| s.point)));
    let xy = project(&points, w, h, 18.0);
    let hub = xy[0];
    let mut next = 1;
    let mut loops = Vec::new();
    let mut marks = Vec::new();
    for (i, r) in rounds.iter().enumerate() {
        let stops: Vec<(f64, f64)> = xy[next..next + r.stops.len()].to_vec();
        next += r.stops.len();
        let path: Vec<String> = std::iter::once(hub)
            .chain(stops.iter().copied())
            .chain(std::iter::once(hub))
            .map(|(x, y)| format!("{x:.1},{y:.1}"))
            .collect();
        loops.push(view! { <polyline points=path.join(" ") fill="none" stroke=colour(i) stroke-width="2" stroke-linejoin="round" opacity="0.8"/> });
        for (n, (x, y)) in stops.into_iter().enumerate() {
            marks.push(view! {
                <g>
                    <circle cx=format!("{x:.1}") cy=format!("{y:.1}") r="7" fill=colour(i) stroke="#fff" stroke-width="1"/>
                    <text x=format!("{x:.1}") y=format!("{:.1}", y + 3.5) text-anchor="middle" font-size="9" fill="#fff">{n + 1}</text>
                </g>
            });
        }
    }
    let label = Msg::MapLabel.fill(locale, &[("n", &rounds.len().to_string())]);
    let aria = label.clone();
    view! {
        <figure class="round-map">
            <svg viewBox=format!("0 0 {w} {h}") role="img" aria-label=aria xmlns="http://www.w3.org/2000/svg">
                <title>{label}</title>
                <rect width=w height=h fill="#f4f1e8"/>
                {loops}
                {marks}
                <rect x=format!("{:.1}", hub.0 - 8.0) y=format!("{:.1}", hub.1 - 8.0) width="16" height="16" fill="#1b1b1b"/>
                <text x=format!("{:.1}", hub.0) y=format!("{:.1}", hub.1 + 4.0) text-anchor="middle" font-size="10" fill="#fff">"H"</text>
            </svg>
            <figcaption class="legend">
                <span><span class="swatch hub"></span>{Msg::MapHub.text(locale)}</span>
                {rounds.iter().enumerate().map(|(i, r)| view! {
                    <span><span class=format!("swatch c{}", i % ROUND_COLOURS.len())></span>
                        {Msg::RoundName.fill(locale, &[("vehicle", &r.vehicle_name), ("trip", &r.trip.to_string())])}</span>
                }).collect_view()}
            </figcaption>
        </figure>
    }
}

#[component]
pub fn VehiclesPage() -> impl IntoView {
    let save = ServerAction::<SaveVehicle>::new();
    let toggle = ServerAction::<SetVehicleActive>::new();
    let data = Resource::new(
        move || save.version().get() + toggle.version().get(),
        |_| list_vehicles(),
    );
    let locale = use_locale();
    view! {
        <p><a href=crate::paths::CYCLES>{t(Msg::CyclesTitle)}</a></p>
        <h1>{t(Msg::VehiclesTitle)}</h1>
        <p class="hint">{t(Msg::VehiclesHint)}</p>
        {loaded(data, move |vehicles: Vec<VehicleView>| view! {
            <section class="card" aria-labelledby="fleet-title">
                <h2 id="fleet-title">{t(Msg::Fleet)}</h2>
                {if vehicles.is_empty() { view! { <p class="empty">{t(Msg::NoVehiclesYet)}</p> }.into_any() } else {
                    view! { <ul class="slot-list">
                        {vehicles.into_iter().map(|v| {
                            let f = &v.fields;
                            let summary = Msg::VehicleSummary.fill(locale, &[
                                ("kg", &f.capacity_kg.to_string()), ("litres", &f.capacity_litres.to_string()),
                                ("speed", &f.speed_kmh.to_string()), ("start", &clock(f.shift_start, locale)),
                                ("end", &clock(f.shift_end, locale)), ("trips", &f.max_trips.to_string()),
                            ]);
                            view! {
                                <li class:inactive=!v.active>
                                    <strong>{f.name.clone()}</strong> " · " {vehicle_label(f.kind).text(locale)}
                                    <br/><small class="muted">{summary}</small>
                                    <ActionForm action=toggle attr:class="inline-form">
                                        <Csrf/>
                                        <input type="hidden" name="id" value=v.id/>
                                        <input type="hidden" name="active" value=(!v.active).to_string()/>
                                        <button type="submit" class="button small">{if v.active { t(Msg::Withdraw) } else { t(Msg::Restore) }}</button>
                                    </ActionForm>
                                </li>
                            }
                        }).collect_view()}
                    </ul> }.into_any()
                }}
            </section>
        })}
        <section class="card" aria-labelledby="new-vehicle">
            <h2 id="new-vehicle">{t(Msg::NewVehicle)}</h2>
            <ActionForm action=save>
                <Csrf/>
                <DetailedError result=save.value().into()/>
                <FormSuccess result=outcome(save) msg=Msg::Saved/>
                <Field name="vehicle[name]" label=Msg::VehicleName maxlength=80/>
                <div class="field">
                    <label for="vehicle-kind">{t(Msg::VehicleKind)}</label>
                    <select id="vehicle-kind" name="vehicle[kind]">
                        {VEHICLE_KINDS.iter().map(|(k, m)| view! { <option value=k.code()>{t(*m)}</option> }).collect_view()}
                    </select>
                </div>
                <div class="two">
                    <Field name="vehicle[capacity_kg]" label=Msg::CapacityKg kind="number"/>
                    <Field name="vehicle[capacity_litres]" label=Msg::CapacityLitres kind="number"/>
                </div>
                <div class="two">
                    <Field name="vehicle[speed_kmh]" label=Msg::SpeedKmh kind="number" hint=Msg::SpeedHint/>
                    <Field name="vehicle[max_trips]" label=Msg::MaxTrips kind="number" required=false value="1"/>
                </div>
                <div class="two">
                    <Field name="vehicle[shift_start]" label=Msg::ShiftStart kind="time"/>
                    <Field name="vehicle[shift_end]" label=Msg::ShiftEnd kind="time"/>
                </div>
                <button type="submit" class="button primary">{t(Msg::Save)}</button>
            </ActionForm>
        </section>
    }
}

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
    let tz = maillon::time::zone(&d.timezone);
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
            <p class="no-print"><a class="button small" href=format!("/hub/tournees/{round_id}")>{t(Msg::Manifest)}</a></p>
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

#[component]
pub fn ManifestPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0)));
    let mark = ServerAction::<MarkStop>::new();
    let data = Resource::new(move || (id.get(), mark.version().get()), |(id, _)| round_manifest(id));
    let locale = use_locale();
    view! {
        <DetailedError result=mark.value().into()/>
        {loaded(data, move |(r, timezone, depot): (RoundView, String, Point)| {
            let tz = maillon::time::zone(&timezone);
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
