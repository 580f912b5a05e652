//! After a cycle closes: producer purchase orders (staff see all, a producer their own), and
//! reception at the hub, line by line on a phone, which shares any shortage fairly.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use maillon::hub::{Logistics, PoView, ShortageRule};
use maillon::i18n::Msg;
use maillon::money::format_cents;

use crate::components::{Csrf, loaded, outcome};
use crate::error::AppError;
use crate::i18n::{t, tf, use_locale};
use crate::pages::producer::DetailedError;

#[server(endpoint = "cycle_logistics", input = leptos::server_fn::codec::GetUrl)]
pub async fn cycle_logistics(id: i64) -> Result<Logistics, AppError> {
    crate::ssr::require(maillon::accounts::Permission::ManageCycles).await?;
    let state = crate::ssr::state()?;
    Ok(maillon::hub::store::logistics(&state.pool, state.coop.id, id, None, Default::default()).await?)
}

#[server(endpoint = "record_reception")]
pub async fn record_reception(
    csrf: String,
    cycle_id: i64,
    variant_id: i64,
    received: String,
    rule: String,
) -> Result<(), AppError> {
    let _ = csrf;
    let staff = crate::ssr::require(maillon::accounts::Permission::ManageCycles).await?;
    let state = crate::ssr::state()?;
    let received = received.trim().parse::<i64>().ok().filter(|r| *r >= 0).ok_or_else(|| {
        let e = AppError::Invalid {
            field: Some("received".into()),
            msg: Msg::ErrStock,
        };
        crate::ssr::set_error_status(&e);
        e
    })?;
    let rule = ShortageRule::parse(&rule).unwrap_or(ShortageRule::ProRata);
    maillon::hub::store::record_reception(
        &state.pool,
        &state.coop,
        &state.site.base_url,
        staff.id,
        cycle_id,
        variant_id,
        received,
        rule,
    )
    .await?;
    Ok(())
}

/// A producer's purchase orders for the cooperative's recent cycles (drafts aside).
#[server(endpoint = "my_purchase_orders", input = leptos::server_fn::codec::GetUrl)]
pub async fn my_purchase_orders() -> Result<Vec<Logistics>, AppError> {
    let user = crate::ssr::require(maillon::accounts::Permission::ManageOwnFarm).await?;
    let state = crate::ssr::state()?;
    let farm = maillon::catalogue::store::producer_of(&state.pool, state.coop.id, user.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let cycles = maillon::cycles::store::list_cycles(&state.pool, state.coop.id, 1)
        .await?
        .items;
    let mut out = Vec::new();
    for c in cycles
        .iter()
        .filter(|c| c.status != maillon::cycles::CycleStatus::Draft)
        .take(5)
    {
        out.push(
            maillon::hub::store::logistics(&state.pool, state.coop.id, c.id, Some(farm.id), Default::default()).await?,
        );
    }
    Ok(out)
}

fn po_card(
    po: PoView,
    tz: chrono_tz::Tz,
    locale: maillon::i18n::Locale,
    reception: Option<(i64, ServerAction<RecordReception>)>,
) -> impl IntoView {
    let kg = format!("{:.1}", po.weight_grams as f64 / 1000.0);
    let supply = po.supply.map(|(mode, window)| match window {
        Some((from, to)) => Msg::DropOffWindow.fill(
            locale,
            &[
                (
                    "day",
                    &maillon::time::format_date(from.with_timezone(&tz).date_naive(), locale),
                ),
                ("from", &from.with_timezone(&tz).format("%H:%M").to_string()),
                ("to", &to.with_timezone(&tz).format("%H:%M").to_string()),
            ],
        ),
        None => mode.label().text(locale).to_owned(),
    });
    view! {
        <section class="card po" aria-labelledby=format!("po-{}", po.producer_id)>
            <h2 id=format!("po-{}", po.producer_id)>{po.farm_name.clone()}</h2>
            <p class="muted">{tf(Msg::PoSummary, &[("units", &po.brought_units.to_string()), ("kg", &kg), ("amount", &format_cents(po.amount_cents, locale))])}</p>
            {supply.map(|s| view! { <p><strong>{s}</strong></p> })}
            <ul class="po-lines">
                {po.lines.into_iter().map(|l| {
                    let to_bring = l.line.brought_units();
                    let detail = (l.line.case_size > 1).then(|| tf(Msg::CasesLoose, &[("cases", &l.line.cases.to_string()), ("loose", &l.line.loose_units.to_string())]));
                    view! {
                        <li class="po-line">
                            <strong>{l.label.clone()}</strong>
                            <span>{t(Msg::Ordered)} " : " {l.line.ordered_units} " · " {t(Msg::ToBring)} " : " <strong>{to_bring}</strong></span>
                            {detail.map(|d| view! { <small class="muted">{d}</small> })}
                            {l.received.map(|r| view! { <span class="tag" class:low=r < l.line.ordered_units>{tf(Msg::ReceivedOf, &[("n", &r.to_string())])}</span> })}
                            {reception.map(|(cycle_id, action)| {
                                let id = format!("received-{}", l.variant_id);
                                view! {
                                    <ActionForm action=action attr:class="reception">
                                        <Csrf/>
                                        <input type="hidden" name="cycle_id" value=cycle_id/>
                                        <input type="hidden" name="variant_id" value=l.variant_id/>
                                        <label for=id.clone()>{t(Msg::Received)}</label>
                                        <input id=id class="qty big" type="number" inputmode="numeric" min="0" name="received"
                                            value=l.received.unwrap_or(to_bring)/>
                                        <select name="rule" aria-label=t(Msg::ShortageRuleLabel)>
                                            {ShortageRule::ALL.into_iter().map(|r| view! { <option value=r.code()>{r.explain(locale)}</option> }).collect_view()}
                                        </select>
                                        <button type="submit" class="button primary big">{t(Msg::RecordReception)}</button>
                                    </ActionForm>
                                }
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
pub fn LogisticsPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0)));
    let record = ServerAction::<RecordReception>::new();
    let data = Resource::new(
        move || (id.get(), record.version().get()),
        |(id, _)| cycle_logistics(id),
    );
    let locale = use_locale();
    view! {
        <DetailedError result=record.value().into()/>
        {move || outcome(record).get().and_then(Result::ok).map(|_| view! { <p class="alert success" role="status">{t(Msg::ReceptionRecorded)}</p> })}
        {loaded(data, move |l: Logistics| {
            let closed = l.status == maillon::cycles::CycleStatus::Closed;
            let tz = maillon::time::zone(&l.timezone);
            let cycle_id = l.cycle_id;
            view! {
                <p class="no-print"><a href=format!("/hub/cycles/{cycle_id}")>{l.cycle_name.clone()}</a></p>
                <h1>{t(Msg::PurchaseOrders)} " — " {l.cycle_name.clone()}</h1>
                <p class="hint">{l.tolerance.describe(locale)}</p>
                <p class="no-print"><a class="button" href=format!("/hub/cycles/{cycle_id}/bons.csv") download="bons-de-commande.csv">{t(Msg::ExportCsv2)}</a></p>
                <p class="hint no-print">{t(Msg::PrintHint)}</p>
                {if l.purchase_orders.is_empty() {
                    view! { <p class="empty">{t(Msg::NoPurchaseOrders)}</p> }.into_any()
                } else {
                    l.purchase_orders.into_iter().map(|po| po_card(po, tz, locale, closed.then_some((cycle_id, record)))).collect_view().into_any()
                }}
            }
        })}
    }
}

#[component]
pub fn MyPurchaseOrdersPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| my_purchase_orders());
    let locale = use_locale();
    view! {
        <h1>{t(Msg::MyPurchaseOrders)}</h1>
        {loaded(data, move |cycles: Vec<Logistics>| {
            if cycles.iter().all(|c| c.purchase_orders.is_empty()) {
                return view! { <p class="empty">{t(Msg::NoPurchaseOrders)}</p> }.into_any();
            }
            cycles.into_iter().filter(|c| !c.purchase_orders.is_empty()).map(|c| view! {
                <h2>{c.cycle_name.clone()} " · " {t(c.status.label())}</h2>
                <p class="hint">{c.tolerance.describe(locale)}</p>
                {c.purchase_orders.into_iter().map(|po| po_card(po, maillon::time::zone(&c.timezone), locale, None)).collect_view()}
            }).collect_view().into_any()
        })}
    }
}

#[server(endpoint = "packing_lists", input = leptos::server_fn::codec::GetUrl)]
pub async fn packing_lists(id: i64) -> Result<maillon::hub::Packing, AppError> {
    crate::ssr::require(maillon::accounts::Permission::ManageCycles).await?;
    let state = crate::ssr::state()?;
    Ok(maillon::hub::store::packing(&state.pool, state.coop.id, id).await?)
}

#[server(endpoint = "mark_basket_ready")]
pub async fn mark_basket_ready(csrf: String, order_id: i64, ready: bool) -> Result<(), AppError> {
    let _ = csrf;
    crate::ssr::require(maillon::accounts::Permission::ManageCycles).await?;
    let state = crate::ssr::state()?;
    maillon::hub::store::set_prepared(&state.pool, state.coop.id, order_id, ready).await?;
    Ok(())
}

/// Packing lists by customer (with the basket checklist), by place and by product, and
/// printable basket labels; the print style sheet keeps only the chosen list.
#[component]
pub fn PackingPage() -> impl IntoView {
    let params = use_params_map();
    let q = leptos_router::hooks::use_query_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0)));
    let by = Memo::new(move |_| q.with(|q| q.get("par").unwrap_or_else(|| "client".into())));
    let ready = ServerAction::<MarkBasketReady>::new();
    let data = Resource::new(move || (id.get(), ready.version().get()), |(id, _)| packing_lists(id));
    let locale = use_locale();
    view! {
        <DetailedError result=ready.value().into()/>
        {loaded(data, move |p: maillon::hub::Packing| {
            let tz = maillon::time::zone(&p.timezone);
            let labels: std::collections::HashMap<i64, String> = p.labels.iter().cloned().collect();
            let label = move |v: i64| labels.get(&v).cloned().unwrap_or_default();
            let base = format!("/hub/cycles/{}/preparation", p.cycle_id);
            let tab = |key: &'static str, msg: Msg| {
                let current = by.get_untracked() == key;
                view! { <a href=format!("{base}?par={key}") aria-current=current.then_some("page")>{t(msg)}</a> }
            };
            let body = match by.get_untracked().as_str() {
                "lieu" => p.places.clone().into_iter().map(|place| view! {
                    <section class="card">
                        <h2>{place.place_name.clone()}</h2>
                        <p class="muted">{tf(Msg::PackingCounts, &[("orders", &place.order_count.to_string()), ("units", &place.units.to_string()), ("kg", &format!("{:.1}", place.weight_grams as f64 / 1000.0))])}</p>
                        <ul class="po-lines">
                            {place.baskets.into_iter().map(|b| view! {
                                <li>{tf(Msg::OrderNumber, &[("number", &b.order_id.to_string())])} " · " {b.customer_name.clone()} " · " {b.units} " u."</li>
                            }).collect_view()}
                        </ul>
                    </section>
                }).collect_view().into_any(),
                "produit" => view! {
                    <section class="card">
                        <ul class="po-lines">
                            {p.products.clone().into_iter().map(|pr| view! {
                                <li>
                                    <strong>{label(pr.variant_id)}</strong> " : " {pr.units}
                                    <br/><small class="muted">{pr.places.iter().map(|pl| format!("{} {}", pl.place_name, pl.units)).collect::<Vec<_>>().join(" · ")}</small>
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                }.into_any(),
                "etiquettes" => view! {
                    <div class="labels-sheet">
                        {p.baskets.clone().into_iter().map(|b| view! {
                            <div class="basket-label">
                                <img class="label-qr" src=format!("/hub/etiquettes/{}/qr.svg", b.order_id) width="96" height="96"
                                    alt=tf(Msg::LabelQrAlt, &[("number", &b.order_id.to_string())])/>
                                <strong class="label-number">{format!("n° {}", b.order_id)}</strong>
                                <span class="label-name">{b.customer_name.clone()}</span>
                                <span>{b.place_name.clone()}</span>
                                <span>{maillon::time::format_local(b.slot_start, tz, locale)}</span>
                                <span>{tf(Msg::ItemsCount, &[("n", &b.units.to_string())])}</span>
                            </div>
                        }).collect_view()}
                    </div>
                }.into_any(),
                _ => p.baskets.clone().into_iter().map(|b| {
                    let done = p.prepared.contains(&b.order_id);
                    let order_id = b.order_id;
                    view! {
                        <section class="card basket" class:done=done>
                            <h2>{tf(Msg::OrderNumber, &[("number", &b.order_id.to_string())])} " · " {b.customer_name.clone()}</h2>
                            <p class="muted">{b.place_name.clone()} " · " {maillon::time::format_local(b.slot_start, tz, locale)}</p>
                            <ul class="checklist">
                                {b.lines.into_iter().map(|l| {
                                    let cid = format!("tick-{}-{}", order_id, l.variant_id);
                                    let for_id = cid.clone();
                                    view! {
                                        <li><label class="check" for=for_id><input type="checkbox" id=cid checked=done/>
                                            {l.quantity} " × " {label(l.variant_id)}</label></li>
                                    }
                                }).collect_view()}
                            </ul>
                            <ActionForm action=ready>
                                <Csrf/>
                                <input type="hidden" name="order_id" value=order_id/>
                                <input type="hidden" name="ready" value=(!done).to_string()/>
                                <button type="submit" class="button big" class:primary=!done>
                                    {if done { t(Msg::BasketNotReady) } else { t(Msg::BasketReady) }}
                                </button>
                            </ActionForm>
                        </section>
                    }
                }).collect_view().into_any(),
            };
            view! {
                <p class="no-print"><a href=format!("/hub/cycles/{}", p.cycle_id)>{p.cycle_name.clone()}</a></p>
                <h1>{t(Msg::PackingTitle)} " — " {p.cycle_name.clone()}</h1>
                <nav class="chips no-print" aria-label=t(Msg::PackingTitle)>
                    {tab("client", Msg::ByCustomer)}
                    {tab("lieu", Msg::ByPlace)}
                    {tab("produit", Msg::ByProduct)}
                    {tab("etiquettes", Msg::Labels)}
                </nav>
                <p class="hint no-print">{t(Msg::PrintHint)}</p>
                {if p.baskets.is_empty() { view! { <p class="empty">{t(Msg::NoPurchaseOrders)}</p> }.into_any() } else { body }}
            }
        })}
    }
}
