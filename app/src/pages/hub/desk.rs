//! The pickup desk: find a customer's order, hand the basket over, record the payment.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use maillon::coop::Page;
use maillon::cycles::{CycleStatus, CycleSummary};
use maillon::i18n::Msg;
use maillon::money::format_cents;
use maillon::orders::{DeskOrder, OrderStatus};

use super::api::{RecordCollection, desk_orders};
use crate::components::{BackTo, Csrf, DetailedError, FormResult, Pagination, loaded, outcome};
use crate::i18n::{t, tf, use_locale};
use crate::paths::DESK;

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
        {loaded(data, move |(orders, cycles, timezone): (Page<DeskOrder>, Vec<CycleSummary>, maillon::time::Zone)| {
            let tz = timezone.tz();
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
