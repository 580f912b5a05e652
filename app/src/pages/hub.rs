//! Hub staff's side of ordering: order cycles (dates, offers, slots, opening and closing),
//! pickup points and delivery zones, and the pickup desk.

// A server function's arguments are its form's fields, one to one.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use maillon::coop::Page;
use maillon::cycles::{
    CycleDetail, CycleInput, CycleStatus, CycleSummary, DeliveryZone, MissingOffer, OfferInput, PICKUP_KINDS,
    PickupPoint, PickupPointInput, SlotInput, ZoneInput, available_actions, to_local_input,
};
use maillon::i18n::Msg;
use maillon::money::{cents_to_input, format_cents};
use maillon::orders::{DeskOrder, OrderStatus};

use crate::components::DetailedError;
use crate::components::{BackTo, Csrf, Field, FormResult, FormSuccess, Pagination, loaded, outcome};
use crate::error::AppError;
use crate::i18n::{t, tf, use_locale};

pub use crate::paths::{CYCLES, DESK, PLACES};

#[cfg(feature = "ssr")]
mod ssr {
    use maillon::accounts::Permission;

    use crate::error::AppError;
    use crate::ssr::{AppState, require, state};

    pub async fn staff() -> Result<AppState, AppError> {
        require(Permission::ManageCycles).await?;
        state()
    }

    pub fn tz(state: &AppState) -> chrono_tz::Tz {
        maillon::time::zone(&state.coop.timezone)
    }
}

#[server(endpoint = "list_cycles", input = leptos::server_fn::codec::GetUrl)]
pub async fn list_cycles(page: u32) -> Result<(Page<CycleSummary>, String), AppError> {
    let state = ssr::staff().await?;
    let cycles = maillon::cycles::store::list_cycles(&state.pool, state.coop.id, page).await?;
    Ok((cycles, state.coop.timezone.clone()))
}

#[server(endpoint = "create_cycle")]
pub async fn create_cycle(csrf: String, cycle: CycleInput) -> Result<i64, AppError> {
    let _ = csrf;
    let state = ssr::staff().await?;
    let fields = maillon::cycles::parse_cycle(&cycle, ssr::tz(&state)).map_err(crate::ssr::field_errors)?;
    let id = maillon::cycles::store::create_cycle(&state.pool, state.coop.id, &fields).await?;
    leptos_axum::redirect(&format!("{CYCLES}/{id}"));
    Ok(id)
}

#[server(endpoint = "cycle_detail", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_cycle(id: i64) -> Result<CycleDetail, AppError> {
    let state = ssr::staff().await?;
    Ok(maillon::cycles::store::cycle_detail(
        &state.pool,
        state.coop.id,
        &state.coop.timezone,
        id,
        crate::ssr::locale(),
    )
    .await?)
}

#[server(endpoint = "update_cycle")]
pub async fn update_cycle(csrf: String, id: i64, cycle: CycleInput) -> Result<(), AppError> {
    let _ = csrf;
    let state = ssr::staff().await?;
    let fields = maillon::cycles::parse_cycle(&cycle, ssr::tz(&state)).map_err(crate::ssr::field_errors)?;
    maillon::cycles::store::update_cycle(&state.pool, state.coop.id, id, &fields).await?;
    Ok(())
}

#[server(endpoint = "cycle_action")]
pub async fn act_on_cycle(csrf: String, id: i64, action: String) -> Result<CycleActionDone, AppError> {
    let _ = csrf;
    let state = ssr::staff().await?;
    let action = maillon::cycles::CycleAction::parse(&action).ok_or_else(|| AppError::BadRequest("action".into()))?;
    let (status, change) = maillon::cycles::store::act_on_cycle(
        &state.pool,
        state.coop.id,
        id,
        action,
        chrono::Utc::now(),
        &state.site.base_url,
    )
    .await?;
    Ok(CycleActionDone {
        action,
        status,
        purchase_orders: change.purchase_orders,
        unpaid_released: change.unpaid_released,
        refunds: change.refunds,
    })
}

/// What a cycle action did, said next to the buttons.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CycleActionDone {
    pub action: maillon::cycles::CycleAction,
    pub status: CycleStatus,
    pub purchase_orders: usize,
    pub unpaid_released: usize,
    pub refunds: usize,
}

impl CycleActionDone {
    fn message(&self, locale: maillon::i18n::Locale) -> String {
        use maillon::cycles::CycleAction as A;
        match self.action {
            A::CloseNow => Msg::CycleClosedDone.fill(
                locale,
                &[
                    ("po", &self.purchase_orders.to_string()),
                    ("unpaid", &self.unpaid_released.to_string()),
                ],
            ),
            A::OpenNow => Msg::CycleOpenedDone.text(locale).to_owned(),
            A::MarkDelivered => Msg::CycleDeliveredDone.fill(locale, &[("refunds", &self.refunds.to_string())]),
            A::Archive => Msg::CycleArchivedDone.text(locale).to_owned(),
            A::Schedule => Msg::CycleScheduledDone.text(locale).to_owned(),
            A::Unschedule => Msg::CycleUnscheduledDone.text(locale).to_owned(),
        }
    }
}

/// The query that tells a cycle's page it was just prepared from another week's.
const COPIED: &str = "copie";

/// "Prepare the following week": a draft copy of the cycle, its dates moved on; staff land on it.
#[server(endpoint = "duplicate_cycle")]
pub async fn duplicate_cycle(csrf: String, id: i64) -> Result<i64, AppError> {
    let _ = csrf;
    let state = ssr::staff().await?;
    let copy = maillon::cycles::store::duplicate_cycle(
        &state.pool,
        state.coop.id,
        id,
        chrono::Utc::now(),
        crate::ssr::locale(),
    )
    .await?;
    leptos_axum::redirect(&format!("{CYCLES}/{copy}?{COPIED}=1"));
    Ok(copy)
}

/// The button that prepares the following week from a cycle; `compact` in the list of cycles.
#[component]
fn DuplicateCycleForm(id: i64, #[prop(optional)] compact: bool) -> impl IntoView {
    let duplicate = ServerAction::<DuplicateCycle>::new();
    view! {
        <ActionForm action=duplicate attr:class={if compact { "inline-form" } else { "" }}>
            <Csrf/>
            <DetailedError result=duplicate.value().into()/>
            <input type="hidden" name="id" value=id/>
            {(!compact).then(|| view! { <p class="hint">{t(Msg::PrepareNextWeekHint)}</p> })}
            <button type="submit" class="button" class:small=compact>{t(Msg::PrepareNextWeek)}</button>
        </ActionForm>
    }
}

/// Said on the copy's page, once, after "prepare the following week".
#[component]
fn CycleCopiedNotice() -> impl IntoView {
    let q = use_query_map();
    move || {
        q.with(|q| q.get(COPIED).is_some())
            .then(|| view! { <p class="alert success" role="status">{t(Msg::CycleCopied)}</p> })
    }
}

#[server(endpoint = "add_producer_offers")]
pub async fn add_producer_offers(csrf: String, id: i64, producer_id: i64) -> Result<u64, AppError> {
    let _ = csrf;
    let state = ssr::staff().await?;
    Ok(maillon::cycles::store::add_producer_offers(&state.pool, state.coop.id, id, producer_id).await?)
}

#[server(endpoint = "save_offers")]
pub async fn save_offers(csrf: String, id: i64, #[server(default)] rows: Vec<OfferInput>) -> Result<(), AppError> {
    let _ = csrf;
    let state = ssr::staff().await?;
    let changes = maillon::cycles::parse_offers(&rows).map_err(crate::ssr::row_errors)?;
    maillon::cycles::store::save_offers(&state.pool, state.coop.id, id, &changes)
        .await?
        .map_err(crate::ssr::row_errors)
}

#[server(endpoint = "add_slot")]
pub async fn add_slot(csrf: String, id: i64, slot: SlotInput) -> Result<i64, AppError> {
    let _ = csrf;
    let state = ssr::staff().await?;
    let fields = maillon::cycles::parse_slot(&slot, ssr::tz(&state)).map_err(crate::ssr::field_errors)?;
    Ok(maillon::cycles::store::add_slot(&state.pool, state.coop.id, id, &fields).await?)
}

#[server(endpoint = "delete_slot")]
pub async fn delete_slot(csrf: String, slot_id: i64) -> Result<(), AppError> {
    let _ = csrf;
    let state = ssr::staff().await?;
    maillon::cycles::store::delete_slot(&state.pool, state.coop.id, slot_id).await?;
    Ok(())
}

#[server(endpoint = "places", input = leptos::server_fn::codec::GetUrl)]
pub async fn places() -> Result<(Vec<PickupPoint>, Vec<DeliveryZone>), AppError> {
    let state = ssr::staff().await?;
    Ok(maillon::cycles::store::places(&state.pool, state.coop.id).await?)
}

/// Coordinates left empty are found from the address, when a geocoder is configured.
#[server(endpoint = "save_pickup_point")]
pub async fn save_pickup_point(csrf: String, id: Option<i64>, point: PickupPointInput) -> Result<PointSaved, AppError> {
    let _ = csrf;
    let state = ssr::staff().await?;
    let draft = maillon::cycles::parse_pickup_point_draft(&point).map_err(crate::ssr::field_errors)?;
    let (id, located) = maillon::cycles::store::save_pickup_point_at_address(
        &state.pool,
        state.coop.id,
        id,
        draft,
        state.geocoder.as_ref(),
    )
    .await?;
    Ok(PointSaved { id, located })
}

/// A saved pickup point, and where the geocoder placed it when staff typed no coordinates.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PointSaved {
    pub id: i64,
    pub located: Option<maillon::geo::Point>,
}

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

#[server(endpoint = "save_zone")]
pub async fn save_zone(csrf: String, id: Option<i64>, zone: ZoneInput) -> Result<i64, AppError> {
    let _ = csrf;
    let state = ssr::staff().await?;
    let fields = maillon::cycles::parse_zone(&zone).map_err(crate::ssr::field_errors)?;
    Ok(maillon::cycles::store::save_zone(&state.pool, state.coop.id, id, &fields).await?)
}

#[server(endpoint = "set_place_active")]
pub async fn set_place_active(csrf: String, place: String, active: bool) -> Result<(), AppError> {
    let _ = csrf;
    let state = ssr::staff().await?;
    let place = maillon::cycles::Place::parse(&place).ok_or_else(|| AppError::BadRequest("place".into()))?;
    maillon::cycles::store::set_place_active(&state.pool, state.coop.id, place, active).await?;
    Ok(())
}

#[server(endpoint = "desk_orders", input = leptos::server_fn::codec::GetUrl)]
pub async fn desk_orders(
    cycle: Option<i64>,
    q: String,
    page: u32,
) -> Result<(Page<DeskOrder>, Vec<CycleSummary>, String), AppError> {
    let staff = crate::ssr::require(maillon::accounts::Permission::PickupDesk).await?;
    let state = crate::ssr::state()?;
    let cycles = maillon::cycles::store::list_cycles(&state.pool, state.coop.id, 1)
        .await?
        .items;
    let cycle = cycle.or_else(|| {
        cycles
            .iter()
            .find(|c| matches!(c.status, CycleStatus::Closed | CycleStatus::Open))
            .map(|c| c.id)
    });
    let orders = maillon::orders::store::desk_orders(&state.pool, state.coop.id, &staff, cycle, &q, page).await?;
    Ok((orders, cycles, state.coop.timezone.clone()))
}

/// Hands a basket over (`hand_over`) and/or records the payment as received (`paid`): money
/// is recorded only when staff say so.
#[server(endpoint = "record_collection")]
pub async fn record_collection(
    csrf: String,
    order_id: i64,
    #[server(default)] hand_over: Option<String>,
    #[server(default)] paid: Option<String>,
) -> Result<i64, AppError> {
    let _ = csrf;
    let staff = crate::ssr::require(maillon::accounts::Permission::PickupDesk).await?;
    let state = crate::ssr::state()?;
    maillon::orders::store::record_collection(
        &state.pool,
        state.coop.id,
        &staff,
        order_id,
        hand_over.is_some(),
        paid.is_some(),
    )
    .await?;
    Ok(order_id)
}

fn status_tag(status: CycleStatus, scheduled: bool) -> impl IntoView {
    view! {
        <span class=format!("status {}", status.code())>{t(status.label())}</span>
        {(status == CycleStatus::Draft && scheduled).then(|| view! { " " <span class="tag">{t(Msg::CycleScheduled)}</span> })}
    }
}

#[component]
pub fn CyclesPage() -> impl IntoView {
    let q = use_query_map();
    let page = Memo::new(move |_| maillon::coop::page_number(q.with(|q| q.get("page")).as_deref()));
    let create = ServerAction::<CreateCycle>::new();
    let data = Resource::new(move || page.get(), list_cycles);
    let locale = use_locale();
    view! {
        <section aria-labelledby="title">
            <h1 id="title">{t(Msg::CyclesTitle)}</h1>
            <p><a href=PLACES>{t(Msg::ManagePlaces)}</a> " · " <a href=crate::paths::VEHICLES>{t(Msg::NavVehicles)}</a> " · " <a href=DESK>{t(Msg::NavDesk)}</a></p>
            {loaded(data, move |(cycles, timezone): (Page<CycleSummary>, String)| {
                let tz = maillon::time::zone(&timezone);
                if cycles.items.is_empty() {
                    return view! { <p class="empty">{t(Msg::NoCyclesYet)}</p> }.into_any();
                }
                view! {
                    <ul class="order-list">
                        {cycles.items.iter().map(|c| view! {
                            <li class="card">
                                <a href=format!("{CYCLES}/{}", c.id)><strong>{c.name.clone()}</strong></a> " · " {status_tag(c.status, c.scheduled)}
                                <br/><small>{maillon::time::format_local(c.opens_at, tz, locale)} " → " {maillon::time::format_local(c.closes_at, tz, locale)}</small>
                                <br/><small class="muted">{tf(Msg::CycleCounts, &[("offers", &c.offers.to_string()), ("slots", &c.slots.to_string()), ("orders", &c.orders.to_string())])}</small>
                                <DuplicateCycleForm id=c.id compact=true/>
                            </li>
                        }).collect_view()}
                    </ul>
                    <Pagination page=cycles.clone() href=|p| format!("{CYCLES}?page={p}")/>
                }.into_any()
            })}
        </section>
        <section class="card" aria-labelledby="new-title">
            <h2 id="new-title">{t(Msg::NewCycle)}</h2>
            <ActionForm action=create>
                <Csrf/>
                <DetailedError result=create.value().into()/>
                <Field name="cycle[name]" label=Msg::CycleName maxlength=120/>
                <Field name="cycle[opens_at]" label=Msg::OpensAt kind="datetime-local"/>
                <Field name="cycle[closes_at]" label=Msg::ClosesAt kind="datetime-local" hint=Msg::CoopTimeHint/>
                <button type="submit" class="button primary">{t(Msg::CreateCycle)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn CyclePage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0)));
    let update = ServerAction::<UpdateCycle>::new();
    let act = ServerAction::<ActOnCycle>::new();
    let add = ServerAction::<AddProducerOffers>::new();
    let offers = ServerAction::<SaveOffers>::new();
    let slot = ServerAction::<AddSlot>::new();
    let remove = ServerAction::<DeleteSlot>::new();
    let offer_new = ServerAction::<OfferNewProducts>::new();
    let data = Resource::new(
        move || {
            (
                id.get(),
                update.version().get()
                    + act.version().get()
                    + add.version().get()
                    + offers.version().get()
                    + slot.version().get()
                    + remove.version().get()
                    + offer_new.version().get(),
            )
        },
        |(id, _)| get_cycle(id),
    );
    let actions = CycleActions {
        update,
        act,
        add,
        offers,
        slot,
        remove,
    };
    let missing = Resource::new(move || (id.get(), offer_new.version().get()), |(id, _)| not_offered(id));
    view! {
        <CycleCopiedNotice/>
        <NotOfferedNotice missing/>
        {loaded(data, move |d: CycleDetail| view! { <CycleView d actions/> })}
        <NotOfferedSection missing action=offer_new/>
    }
}

/// Server actions are `Copy`: the whole set travels into the view.
#[derive(Clone, Copy)]
struct CycleActions {
    update: ServerAction<UpdateCycle>,
    act: ServerAction<ActOnCycle>,
    add: ServerAction<AddProducerOffers>,
    offers: ServerAction<SaveOffers>,
    slot: ServerAction<AddSlot>,
    remove: ServerAction<DeleteSlot>,
}

/// Up to this many offers, the cycle page shows their table unfolded.
const FEW_OFFERS: usize = 8;

#[component]
fn CycleView(d: CycleDetail, actions: CycleActions) -> impl IntoView {
    let locale = use_locale();
    let tz = maillon::time::zone(&d.timezone);
    let c = d.cycle.clone();
    let id = c.id;
    let editable = c.status.is_editable();
    let (status, scheduled) = (c.status, c.scheduled);
    let CycleActions {
        update,
        act,
        add,
        offers,
        slot,
        remove,
    } = actions;
    view! {
        <p><a href=CYCLES>{t(Msg::CyclesTitle)}</a></p>
        <section class="card" aria-labelledby="title">
            <h1 id="title">{c.name.clone()}</h1>
            <p>{status_tag(c.status, c.scheduled)}</p>
            {(c.status != CycleStatus::Draft).then(|| {
                // After closing, the normal flow goes on with reception: that is the main button.
                let next = c.status == CycleStatus::Closed;
                view! {
                    {next.then(|| view! { <p class="hint">{t(Msg::NextStepReception)}</p> })}
                    <p class="actions">
                        <a class="button" class:primary=next class:big=next href=format!("{CYCLES}/{id}/bons")>{t(Msg::NavLogistics)}</a>
                        <a class="button" href=format!("{CYCLES}/{id}/preparation")>{t(Msg::NavPacking)}</a>
                        <a class="button" href=format!("{CYCLES}/{id}/tournees")>{t(Msg::NavRounds)}</a>
                    </p>
                }
            })}
            <p class="muted">{tf(Msg::CycleCounts, &[("offers", &c.offers.to_string()), ("slots", &c.slots.to_string()), ("orders", &c.orders.to_string())])}</p>
            <div class="actions">
                // Keyed by state and action: after an action, its opened confirmation does not
                // stay open on the next state's action in the same place.
                <For each=move || available_actions(status, scheduled) key=move |a| (status, *a) let:a>
                {{
                    // Irreversible or buyer-visible actions are never the main button: the
                    // normal flow's next step is.
                    let primary = !a.needs_confirmation() && status == CycleStatus::Draft;
                    let form = view! {
                        <ActionForm action=act>
                            <Csrf/>
                            <input type="hidden" name="id" value=id/>
                            <input type="hidden" name="action" value=a.code()/>
                            <BackTo to="cycle-action-result"/>
                            <button type="submit" class="button" class:primary=primary>{t(a.label())}</button>
                        </ActionForm>
                    };
                    if a.needs_confirmation() {
                        view! { <details class="confirm"><summary class="button">{t(a.label())}</summary><p>{t(a.confirmation())}</p>{form}</details> }.into_any()
                    } else {
                        form.into_any()
                    }
                }}
                </For>
            </div>
            <FormResult id="cycle-action-result">
                <DetailedError result=act.value().into()/>
                {move || outcome(act).get().and_then(Result::ok).map(|done| view! { <p class="alert success" role="status">{done.message(locale)}</p> })}
            </FormResult>
            <DuplicateCycleForm id/>
            {editable.then(|| view! {
                // Rarely changed once set: folded, and open again when its save said something.
                <details class="more" open=move || outcome(update).get().is_some()>
                    <summary>{t(Msg::EditCycleDetails)}</summary>
                    <ActionForm action=update>
                        <Csrf/>
                        <DetailedError result=update.value().into()/>
                        <FormSuccess result=outcome(update) msg=Msg::Saved/>
                        <input type="hidden" name="id" value=id/>
                        <Field name="cycle[name]" label=Msg::CycleName value=c.name.clone() maxlength=120/>
                        <Field name="cycle[opens_at]" label=Msg::OpensAt kind="datetime-local" value=to_local_input(c.opens_at, tz)/>
                        <Field name="cycle[closes_at]" label=Msg::ClosesAt kind="datetime-local" value=to_local_input(c.closes_at, tz) hint=Msg::CoopTimeHint/>
                        <button type="submit" class="button">{t(Msg::Save)}</button>
                    </ActionForm>
                </details>
            })}
            <nav class="in-page" aria-label=t(Msg::OnThisPage)>
                <a href="#offers-title">{tf(Msg::OffersCount, &[("n", &d.offers.len().to_string())])}</a>
                <a href="#slots-title">{tf(Msg::SlotsCount, &[("n", &d.slots.len().to_string())])}</a>
            </nav>
        </section>
        <section class="card" aria-labelledby="offers-title">
            <h2 id="offers-title">{t(Msg::Offers)}</h2>
            {(editable && !d.producers.is_empty()).then(|| view! {
                <ActionForm action=add attr:class="inline-form">
                    <Csrf/>
                    <DetailedError result=add.value().into()/>
                    {move || outcome(add).get().and_then(Result::ok).map(|n| view! { <p class="alert success" role="status">{tf(Msg::OffersAdded, &[("n", &n.to_string())])}</p> })}
                    <input type="hidden" name="id" value=id/>
                    <div class="field">
                        <label for="producer_id">{t(Msg::AddProducerRange)}</label>
                        <select id="producer_id" name="producer_id">
                            {d.producers.iter().map(|(pid, name)| view! { <option value=*pid>{name.clone()}</option> }).collect_view()}
                        </select>
                    </div>
                    <button type="submit" class="button">{t(Msg::Add)}</button>
                </ActionForm>
            })}
            {if d.offers.is_empty() {
                view! { <p class="empty">{t(Msg::NoOffersYet)}</p> }.into_any()
            } else {
                // A long list is folded: on a phone each offer takes a screen's width.
                let few = d.offers.len() <= FEW_OFFERS;
                let count = d.offers.len();
                view! {
                    <details class="more" open=move || few || outcome(offers).get().is_some()>
                    <summary>{tf(if editable { Msg::EditOffersN } else { Msg::SeeOffersN }, &[("n", &count.to_string())])}</summary>
                    <ActionForm action=offers>
                        <Csrf/>
                        <DetailedError result=offers.value().into()/>
                        <FormSuccess result=outcome(offers) msg=Msg::Saved/>
                        <input type="hidden" name="id" value=id/>
                        <div class="table-scroll" tabindex="0" role="region" aria-label=t(Msg::Offers)>
                        <table class="lines offers">
                            <thead><tr>
                                <th scope="col">{t(Msg::Item)}</th><th scope="col">{t(Msg::Sold)}</th><th scope="col">{t(Msg::CycleCap)}</th>
                                <th scope="col">{t(Msg::RetailPrice)}</th><th scope="col">{t(Msg::ProPrice)}</th><th scope="col">{t(Msg::Remove)}</th>
                            </tr></thead>
                            <tbody>
                                {d.offers.iter().enumerate().map(|(i, o)| {
                                    let label = format!("{} — {}", o.product_name, o.variant_label);
                                    view! {
                                        <tr>
                                            <td>{label.clone()}<br/><small class="muted">{o.producer_name.clone()}</small>
                                                <input type="hidden" name=format!("rows[{i}][variant_id]") value=o.variant_id/></td>
                                            <td>{o.sold}</td>
                                            <td><input class="qty" type="number" min="0" inputmode="numeric" name=format!("rows[{i}][cap]")
                                                value=o.stock_cap.map(|c| c.to_string()) disabled=!editable aria-label=format!("{} — {}", t(Msg::CycleCap), label)/></td>
                                            <td><input class="money" inputmode="decimal" name=format!("rows[{i}][retail_price]")
                                                value=o.retail_price_cents.map(|c| cents_to_input(c, locale)) placeholder=cents_to_input(o.catalogue_retail_cents, locale)
                                                disabled=!editable aria-label=format!("{} — {}", t(Msg::RetailPrice), label)/></td>
                                            <td><input class="money" inputmode="decimal" name=format!("rows[{i}][pro_price]")
                                                value=o.pro_price_cents.map(|c| cents_to_input(c, locale)) placeholder=cents_to_input(o.catalogue_pro_cents, locale)
                                                disabled=!editable aria-label=format!("{} — {}", t(Msg::ProPrice), label)/></td>
                                            <td><input type="checkbox" name=format!("rows[{i}][remove]") value="1" disabled=!editable
                                                aria-label=format!("{} — {}", t(Msg::Remove), label)/></td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                        </div>
                        <p class="hint">{t(Msg::OffersHint)}</p>
                        {editable.then(|| view! { <div class="sticky-actions"><button type="submit" class="button primary">{t(Msg::Save)}</button></div> })}
                    </ActionForm>
                    </details>
                }.into_any()
            }}
        </section>
        <section class="card" aria-labelledby="slots-title">
            <h2 id="slots-title">{t(Msg::Slots)}</h2>
            <DetailedError result=remove.value().into()/>
            {if d.slots.is_empty() {
                view! { <p class="empty">{t(Msg::NoSlotsYet)}</p> }.into_any()
            } else {
                view! {
                    <ul class="slot-list">
                        {d.slots.clone().into_iter().map(|s| view! {
                            <li>
                                <strong>{s.place_name.clone()}</strong> " · "
                                {maillon::time::format_slot(s.starts_at, s.ends_at, tz, locale)}
                                " · " {tf(Msg::SlotBooked, &[("booked", &s.booked.to_string()), ("capacity", &s.capacity.to_string())])}
                                {(editable && s.booked == 0).then(|| view! {
                                    <ActionForm action=remove attr:class="inline-form">
                                        <Csrf/>
                                        <input type="hidden" name="slot_id" value=s.id/>
                                        <button type="submit" class="button small">{t(Msg::Remove)}</button>
                                    </ActionForm>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {editable.then(|| view! {
                <details class="more" open=d.slots.is_empty()>
                <summary>{t(Msg::AddSlot)}</summary>
                <ActionForm action=slot>
                    <Csrf/>
                    <DetailedError result=slot.value().into()/>
                    <input type="hidden" name="id" value=id/>
                    <div class="field">
                        <label for="slot-place">{t(Msg::Place)}</label>
                        <select id="slot-place" name="slot[place]" required>
                            {d.pickup_points.iter().filter(|p| p.active).map(|p| view! {
                                <option value=format!("point-{}", p.id)>{format!("{} — {}", t(Msg::Pickup), p.name)}</option>
                            }).collect_view()}
                            {d.zones.iter().filter(|z| z.active).map(|z| view! {
                                <option value=format!("zone-{}", z.id)>{format!("{} — {}", t(Msg::HomeDelivery), z.name)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <Field name="slot[date]" label=Msg::Date kind="date"/>
                    <div class="two">
                        <Field name="slot[starts]" label=Msg::From kind="time"/>
                        <Field name="slot[ends]" label=Msg::To kind="time"/>
                    </div>
                    <Field name="slot[capacity]" label=Msg::CapacityOrders kind="number" value="20".to_owned()/>
                    <button type="submit" class="button primary">{t(Msg::AddSlot)}</button>
                </ActionForm>
                </details>
            })}
        </section>
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

#[component]
pub fn DeskPage() -> impl IntoView {
    let q = use_query_map();
    let query = Memo::new(move |_| {
        q.with(|q| {
            (
                q.get("cycle").and_then(|c| c.parse::<i64>().ok()),
                q.get("q").unwrap_or_default(),
                maillon::coop::page_number(q.get("page").as_deref()),
            )
        })
    });
    let collect = ServerAction::<RecordCollection>::new();
    let data = Resource::new(
        move || (query.get(), collect.version().get()),
        |((cycle, q, page), _)| desk_orders(cycle, q, page),
    );
    let locale = use_locale();
    view! {
        <h1>{t(Msg::NavDesk)}</h1>
        <p class="hint">{t(Msg::ScanHint)}</p>
        <form method="get" action=DESK class="search" role="search">
            <label for="desk-q">{t(Msg::FindOrder)}</label>
            {move || query.get().0.map(|c| view! { <input type="hidden" name="cycle" value=c/> })}
            <input id="desk-q" name="q" type="search" value=move || query.get().1 autocomplete="off"/>
            <button type="submit" class="button">{t(Msg::Search)}</button>
        </form>
        <p class="hint">{t(Msg::DeskPickupOnly)}</p>
        <div aria-live="polite"><DetailedError result=collect.value().into()/></div>
        {loaded(data, move |(orders, cycles, timezone): (Page<DeskOrder>, Vec<CycleSummary>, String)| {
            let tz = maillon::time::zone(&timezone);
            let (_, search, _) = query.get_untracked();
            view! {
                <nav class="chips" aria-label=t(Msg::CyclesTitle)>
                    {cycles.iter().filter(|c| c.status != CycleStatus::Draft).map(|c| view! {
                        <a href=format!("{DESK}?cycle={}", c.id)>{c.name.clone()}</a>
                    }).collect_view()}
                </nav>
                {if orders.items.is_empty() {
                    view! { <p class="empty">{t(Msg::NoOrdersFound)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="order-list">
                            {orders.items.clone().into_iter().map(|d| {
                                let o = d.order;
                                let due = d.due_cents;
                                let open = o.status == OrderStatus::Confirmed;
                                let ready = open && !o.collected;
                                let amount = format_cents(due, locale);
                                let order_id = o.id;
                                view! {
                                    <li class="card desk-order">
                                        <strong>{tf(Msg::OrderNumber, &[("number", &o.id.to_string())])}</strong> " · " {o.buyer_name.clone()}
                                        <br/>{o.place_name.clone()} " · " {maillon::time::format_local(o.slot_starts_at, tz, locale)}
                                        <br/><span class=format!("status {}", o.status.code())>{t(o.status.label())}</span> " · "
                                        <strong>{format_cents(o.total_cents, locale)}</strong> " · "
                                        {if due > 0 { view! { <strong class="tag low">{tf(Msg::DeskDue, &[("amount", &amount)])}</strong> }.into_any() } else { view! { <span>{t(Msg::AlreadyPaid)}</span> }.into_any() }}
                                        <details class="basket-contents" open=ready>
                                            <summary>{t(Msg::DeskBasketContents)} " (" {d.lines.iter().map(|l| l.1).sum::<i64>()} ")"</summary>
                                            <ul class="po-lines">
                                                {d.lines.into_iter().map(|(label, qty)| view! { <li>{qty} " × " {label}</li> }).collect_view()}
                                            </ul>
                                        </details>
                                        {o.collected.then(|| view! { <p class="tag">{t(Msg::Collected)}</p> })}
                                        {(open && (ready || due > 0)).then(|| view! {
                                            <ActionForm action=collect attr:class="desk-actions">
                                                <Csrf/>
                                                <input type="hidden" name="order_id" value=order_id/>
                                                <BackTo to=format!("desk-{order_id}")/>
                                                {ready.then(|| view! { <input type="hidden" name="hand_over" value="1"/> })}
                                                {match (ready, due > 0) {
                                                    (true, true) => view! {
                                                        <button type="submit" name="paid" value="1" class="button primary big">{tf(Msg::DeskPaidAndHandOver, &[("amount", &amount)])}</button>
                                                        <button type="submit" class="button">{t(Msg::DeskHandOverUnpaid)}</button>
                                                    }.into_any(),
                                                    (true, false) => view! { <button type="submit" class="button primary big">{t(Msg::HandOver)}</button> }.into_any(),
                                                    _ => view! { <button type="submit" name="paid" value="1" class="button primary big">{tf(Msg::DeskRecordPayment, &[("amount", &amount)])}</button> }.into_any(),
                                                }}
                                                <FormResult id=format!("desk-{order_id}")>
                                                    {move || (outcome(collect).get() == Some(Ok(order_id))).then(|| view! {
                                                        <p class="alert success" role="status">{tf(Msg::DeskHandedOver, &[("number", &order_id.to_string())])}</p>
                                                    })}
                                                </FormResult>
                                            </ActionForm>
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        <Pagination page=orders.clone() href=move |p| format!("{DESK}?q={}&page={p}", crate::pages::members::urlencode(&search))/>
                    }.into_any()
                }}
            }
        })}
    }
}

#[server(endpoint = "not_offered", input = leptos::server_fn::codec::GetUrl)]
pub async fn not_offered(id: i64) -> Result<(CycleSummary, Vec<MissingOffer>), AppError> {
    let state = ssr::staff().await?;
    let cycle = maillon::cycles::store::cycle(&state.pool, state.coop.id, id).await?;
    let missing =
        maillon::cycles::store::not_offered(&state.pool, state.coop.id, id, None, crate::ssr::locale()).await?;
    Ok((cycle, missing))
}

#[server(endpoint = "offer_new_products")]
pub async fn offer_new_products(
    csrf: String,
    id: i64,
    #[server(default)] variants: Vec<String>,
) -> Result<u64, AppError> {
    let _ = csrf;
    let state = ssr::staff().await?;
    let ids: Vec<i64> = variants
        .iter()
        .map(|v| v.trim().parse::<i64>())
        .collect::<Result<_, _>>()
        .map_err(|_| AppError::BadRequest("variants".into()))?;
    if ids.is_empty() || ids.len() > 1000 {
        let e = AppError::invalid(Msg::ErrChooseProducts);
        crate::ssr::set_error_status(&e);
        return Err(e);
    }
    Ok(maillon::cycles::store::offer_variants(&state.pool, state.coop.id, id, &ids).await?)
}

type Missing = Resource<Result<(CycleSummary, Vec<MissingOffer>), AppError>>;

/// At the top of the cycle's page: how many products wait to be put on sale, and where.
#[component]
fn NotOfferedNotice(missing: Missing) -> impl IntoView {
    view! {
        <Transition fallback=|| ()>
            {move || missing.get().and_then(Result::ok).and_then(|(cycle, missing)| {
                (cycle.status.is_editable() && !missing.is_empty()).then(|| view! {
                    <p class="alert warning">
                        <a href="#new-products-title">{tf(Msg::NewProductsWaiting, &[("n", &missing.len().to_string())])}</a>
                    </p>
                })
            })}
        </Transition>
    }
}

/// Products added or re-activated in the catalogue since the cycle's offers were made: they are
/// on sale nowhere until staff put them on sale here.
#[component]
fn NotOfferedSection(missing: Missing, action: ServerAction<OfferNewProducts>) -> impl IntoView {
    let data = missing;
    view! {
        {move || outcome(action).get().and_then(Result::ok).map(|n| view! {
            <p class="alert success" role="status">{tf(Msg::OffersAdded, &[("n", &n.to_string())])}</p>
        })}
        {loaded(data, move |(cycle, missing): (CycleSummary, Vec<MissingOffer>)| {
            let editable = cycle.status.is_editable();
            (editable && !missing.is_empty()).then(|| view! {
                <section class="card" aria-labelledby="new-products-title">
                    <h2 id="new-products-title">{t(Msg::NewProductsTitle)}</h2>
                    <p class="hint">{t(Msg::NewProductsHint)}</p>
                    <ActionForm action=action>
                        <Csrf/>
                        <DetailedError result=action.value().into()/>
                        <input type="hidden" name="id" value=cycle.id/>
                        <ul class="checklist">
                            {missing.into_iter().enumerate().map(|(i, m)| {
                                let fid = format!("new-{}", m.variant_id);
                                let for_id = fid.clone();
                                view! {
                                    <li>
                                        <label class="check" for=for_id>
                                            <input type="checkbox" id=fid name=format!("variants[{i}]") value=m.variant_id checked/>
                                            {maillon::catalogue::line_label(&m.product_name, &m.variant_label)}
                                            " " <small class="muted">{m.producer_name}</small>
                                        </label>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        <button type="submit" class="button primary">{t(Msg::PutOnSale)}</button>
                    </ActionForm>
                </section>
            })
        })}
    }
}
