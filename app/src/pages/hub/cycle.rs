//! One order cycle: its dates, offers and slots, opening and closing it, and the products
//! that wait to be put on sale in it.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use maillon::cycles::{CycleDetail, CycleStatus, CycleSummary, MissingOffer, available_actions, to_local_input};
use maillon::i18n::Msg;
use maillon::money::cents_to_input;

use super::api::{
    ActOnCycle, AddProducerOffers, AddSlot, DeleteSlot, OfferNewProducts, SaveOffers, UpdateCycle, get_cycle,
    not_offered,
};
use super::parts::{CycleCopiedNotice, DuplicateCycleForm, status_tag};
use crate::components::{BackTo, Csrf, DetailedError, Field, FormResult, FormSuccess, loaded, outcome};
use crate::error::AppError;
use crate::i18n::{t, tf, use_locale};
use crate::paths::CYCLES;

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
    let tz = d.timezone.tz();
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
            <p>{status_tag(c.status, c.scheduled)}
                {c.last_minute.then(|| view! { " " <span class="tag low">{t(Msg::LastMinuteTag)}</span> })}</p>
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
            {(!c.last_minute).then(|| view! { <DuplicateCycleForm id/> })}
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
