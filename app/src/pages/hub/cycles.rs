//! The list of order cycles, and a new cycle's form.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use maillon::coop::Page;
use maillon::cycles::CycleSummary;
use maillon::i18n::Msg;

use super::api::{CreateCycle, list_cycles};
use super::parts::{DuplicateCycleForm, status_tag};
use crate::components::{Csrf, DetailedError, Field, Pagination, loaded};
use crate::i18n::{t, tf, use_locale};
use crate::paths::{CYCLES, DESK, PLACES};

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
            {loaded(data, move |(cycles, timezone): (Page<CycleSummary>, maillon::time::Zone)| {
                let tz = timezone.tz();
                if cycles.items.is_empty() {
                    return view! { <p class="empty">{t(Msg::NoCyclesYet)}</p> }.into_any();
                }
                view! {
                    <ul class="order-list">
                        {cycles.items.iter().map(|c| view! {
                            <li class="card">
                                <a href=format!("{CYCLES}/{}", c.id)><strong>{c.name.clone()}</strong></a> " · " {status_tag(c.status, c.scheduled)}
                                {c.last_minute.then(|| view! { " " <span class="tag low">{t(Msg::LastMinuteTag)}</span> })}
                                <br/><small>{maillon::time::format_local(c.opens_at, tz, locale)} " → " {maillon::time::format_local(c.closes_at, tz, locale)}</small>
                                <br/><small class="muted">{tf(Msg::CycleCounts, &[("offers", &c.offers.to_string()), ("slots", &c.slots.to_string()), ("orders", &c.orders.to_string())])}</small>
                                {(!c.last_minute).then(|| view! { <DuplicateCycleForm id=c.id compact=true/> })}
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
