//! After a cycle closes: producer purchase orders (staff see all, a producer their own), and
//! reception at the hub, line by line on a phone, which shares any shortage fairly.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use maillon::hub::{AffectedOrder, Logistics, PoView, Reception, ShortageRule};
use maillon::i18n::Msg;
use maillon::money::format_cents;

use crate::components::DetailedError;
use crate::components::{BackTo, Csrf, FormResult, loaded, outcome};
use crate::error::AppError;
use crate::i18n::{t, tf, use_locale};

#[server(endpoint = "cycle_logistics", input = leptos::server_fn::codec::GetUrl)]
pub async fn cycle_logistics(id: i64) -> Result<Reception, AppError> {
    crate::ssr::require(maillon::accounts::Permission::ManageCycles).await?;
    let state = crate::ssr::state()?;
    Ok(maillon::hub::store::reception(&state.ctx(), id).await?)
}

/// One line of the reception form.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct ReceptionLineInput {
    pub variant_id: i64,
    pub received: String,
}

/// What a recorded reception did, for the message next to the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReceptionSaved {
    pub lines: usize,
    pub short_orders: usize,
}

/// The whole reception at once: every line is checked, then all are recorded or none.
#[server(endpoint = "record_reception")]
pub async fn record_reception(
    csrf: String,
    cycle_id: i64,
    #[server(default)] lines: Vec<ReceptionLineInput>,
    rule: String,
    #[server(default)] confirm: Option<String>,
) -> Result<ReceptionSaved, AppError> {
    let _ = csrf;
    let staff = crate::ssr::require(maillon::accounts::Permission::ManageCycles).await?;
    let state = crate::ssr::state()?;
    let mut counts = Vec::with_capacity(lines.len());
    let mut rows = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        match line.received.trim().parse::<i64>() {
            Ok(n) if (0..=maillon::hub::MAX_RECEIVED_UNITS).contains(&n) => counts.push((line.variant_id, n)),
            _ => rows.push(maillon::catalogue::RowError {
                row: i + 1,
                field: "received".into(),
                msg: Msg::ErrReceivedRange,
                label: String::new(),
            }),
        }
    }
    if !rows.is_empty() {
        let e = AppError::InvalidRows { rows };
        crate::ssr::set_error_status(&e);
        return Err(e);
    }
    let rule = ShortageRule::parse(&rule).unwrap_or(ShortageRule::ProRata);
    let outcome = maillon::hub::store::record_reception(
        &state.ctx(),
        &state.coop,
        staff.id,
        cycle_id,
        &counts,
        rule,
        confirm.is_some(),
    )
    .await?;
    if !outcome.to_confirm.is_empty() {
        let e = AppError::ConfirmReception {
            counts,
            lines: outcome.to_confirm,
        };
        crate::ssr::set_error_status(&e);
        return Err(e);
    }
    Ok(ReceptionSaved {
        lines: outcome.lines.len(),
        short_orders: outcome.short_orders,
    })
}

/// Reception is final: shortage refunds of card orders go out.
#[server(endpoint = "complete_reception")]
pub async fn complete_reception(csrf: String, cycle_id: i64) -> Result<maillon::hub::Completion, AppError> {
    let _ = csrf;
    let staff = crate::ssr::require(maillon::accounts::Permission::ManageCycles).await?;
    let state = crate::ssr::state()?;
    Ok(maillon::hub::store::complete_reception(&state.ctx(), staff.id, cycle_id).await?)
}

/// A producer's purchase orders for the cooperative's recent cycles (drafts aside).
#[server(endpoint = "my_purchase_orders", input = leptos::server_fn::codec::GetUrl)]
pub async fn my_purchase_orders() -> Result<Vec<Logistics>, AppError> {
    let user = crate::ssr::require(maillon::accounts::Permission::ManageOwnFarm).await?;
    let state = crate::ssr::state()?;
    let farm = maillon::catalogue::store::producer_of(&state.ctx(), user.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let cycles = maillon::cycles::store::list_cycles(&state.ctx(), 1).await?.items;
    let mut out = Vec::new();
    for c in cycles
        .iter()
        .filter(|c| c.status != maillon::cycles::CycleStatus::Draft)
        .take(5)
    {
        out.push(maillon::hub::store::logistics(&state.ctx(), c.id, Some(farm.id), Default::default()).await?);
    }
    Ok(out)
}

/// The reception inputs of a purchase order's lines: where their numbering starts in the
/// whole form, the counts to show (as entered, when the form comes back to be confirmed) and
/// the lines to confirm.
#[derive(Clone)]
struct ReceptionInputs {
    first: usize,
    counts: std::collections::HashMap<i64, i64>,
    flagged: Vec<i64>,
}

fn po_card(
    po: PoView,
    tz: chrono_tz::Tz,
    locale: maillon::i18n::Locale,
    inputs: Option<ReceptionInputs>,
) -> impl IntoView {
    let kg = maillon::i18n::format_decimal(po.weight_grams as f64 / 1000.0, 1, locale);
    let supply = po.supply.map(|(mode, window)| match window {
        Some((from, to)) => Msg::DropOffWindow.fill(
            locale,
            &[
                (
                    "day",
                    &maillon::time::format_date(from.with_timezone(&tz).date_naive(), locale),
                ),
                ("from", &maillon::time::format_time(from, tz, locale)),
                ("to", &maillon::time::format_time(to, tz, locale)),
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
                {po.lines.into_iter().enumerate().map(|(i, l)| {
                    let to_bring = l.line.brought_units();
                    let detail = (l.line.case_size > 1).then(|| tf(Msg::CasesLoose, &[("cases", &l.line.cases.to_string()), ("loose", &l.line.loose_units.to_string())]));
                    let input = inputs.clone().map(|inputs| {
                        let n = inputs.first + i;
                        let id = format!("received-{}", l.variant_id);
                        let flagged = inputs.flagged.contains(&l.variant_id);
                        let value = inputs.counts.get(&l.variant_id).copied().or(l.received).unwrap_or(to_bring);
                        let warn_id = format!("far-{}", l.variant_id);
                        view! {
                            <div class="reception" class:flagged=flagged>
                                <input type="hidden" name=format!("lines[{n}][variant_id]") value=l.variant_id/>
                                <label for=id.clone()>{t(Msg::Received)}</label>
                                <input id=id class="qty big" type="number" inputmode="numeric" min="0" max=maillon::hub::MAX_RECEIVED_UNITS
                                    name=format!("lines[{n}][received]") value=value
                                    aria-describedby=flagged.then(|| warn_id.clone()) aria-invalid=flagged.then_some("true")/>
                                {flagged.then(|| view! { <p id=warn_id class="field-error">{t(Msg::FarBelowLine)}</p> })}
                            </div>
                        }
                    });
                    view! {
                        <li class="po-line">
                            <strong>{l.label.clone()}</strong>
                            <span>{t(Msg::Ordered)} {maillon::i18n::colon(locale)} {l.line.ordered_units} " · " {t(Msg::ToBring)} {maillon::i18n::colon(locale)} <strong>{to_bring}</strong></span>
                            {detail.map(|d| view! { <small class="muted">{d}</small> })}
                            {l.received.map(|r| view! { <span class="tag" class:low=r < l.line.ordered_units>{tf(Msg::ReceivedOf, &[("n", &r.to_string())])}</span> })}
                            {input}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// The orders reception changed: what each lacks and where its money stands.
fn affected_orders(affected: Vec<AffectedOrder>, locale: maillon::i18n::Locale) -> impl IntoView {
    let money = move |c: i64| format_cents(c, locale);
    view! {
        <section class="card" aria-labelledby="affected-title" id="affected">
            <h2 id="affected-title">{t(Msg::AffectedOrdersTitle)}</h2>
            {if affected.is_empty() {
                view! { <p class="empty">{t(Msg::NoAffectedOrders)}</p> }.into_any()
            } else {
                view! {
                    <ul class="order-list affected">
                        {affected.into_iter().map(|a| view! {
                            <li>
                                <strong>{tf(Msg::OrderNumber, &[("number", &a.order_id.to_string())])}</strong> " · " {a.customer_name.clone()}
                                <br/>{tf(Msg::AffectedMissing, &[("units", &a.missing_units.to_string()), ("amount", &money(a.missing_cents)), ("total", &money(a.total_cents))])}
                                {if a.card {
                                    view! {
                                        {(a.refunded_cents > 0).then(|| view! { <br/><span>{tf(Msg::AffectedRefunded, &[("amount", &money(a.refunded_cents))])}</span> })}
                                        {(a.to_refund_cents > 0).then(|| view! { <br/><span class="tag">{tf(Msg::AffectedToRefund, &[("amount", &money(a.to_refund_cents))])}</span> })}
                                        {(a.due_cents > 0).then(|| view! { <br/><strong class="tag low">{tf(Msg::AffectedDue, &[("amount", &money(a.due_cents))])}</strong> })}
                                    }.into_any()
                                } else {
                                    view! { <br/><span>{tf(Msg::AffectedAtPickup, &[("amount", &money(a.total_cents))])}</span> }.into_any()
                                }}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn LogisticsPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0)));
    let record = ServerAction::<RecordReception>::new();
    let complete = ServerAction::<CompleteReception>::new();
    let data = Resource::new(
        move || (id.get(), record.version().get() + complete.version().get()),
        |(id, _)| cycle_logistics(id),
    );
    let locale = use_locale();
    view! {
        {loaded(data, move |r: Reception| {
            let l = r.logistics;
            let closed = l.status == maillon::cycles::CycleStatus::Closed;
            let tz = l.timezone.tz();
            let cycle_id = l.cycle_id;
            let (counts, flagged) = match record.value().get() {
                Some(Err(AppError::ConfirmReception { counts, lines })) => (counts.into_iter().collect(), lines),
                _ => (Default::default(), vec![]),
            };
            let to_confirm = !flagged.is_empty();
            let has_lines = l.purchase_orders.iter().any(|po| !po.lines.is_empty());
            let mut first = 0;
            let cards = l.purchase_orders.into_iter().map(|po| {
                let inputs = closed.then(|| ReceptionInputs { first, counts: std::collections::HashMap::clone(&counts), flagged: flagged.clone() });
                first += po.lines.len();
                po_card(po, tz, locale, inputs)
            }).collect_view();
            let completed = r.completed_at.map(|at| tf(Msg::ReceptionCompletedAt, &[("when", &maillon::time::format_local(at, tz, locale))]));
            view! {
                <p class="no-print"><a href=maillon::paths::cycle(cycle_id)>{l.cycle_name.clone()}</a></p>
                <h1>{t(Msg::PurchaseOrders)} " — " {l.cycle_name.clone()}</h1>
                <p class="hint">{l.tolerance.describe(locale)}</p>
                <p class="no-print"><a class="button" href=maillon::paths::purchase_orders_csv(cycle_id) download="bons-de-commande.csv">{t(Msg::ExportCsv2)}</a></p>
                <p class="hint no-print">{t(Msg::PrintHint)}</p>
                {if !has_lines {
                    view! { <p class="empty">{t(Msg::NoPurchaseOrders)}</p> }.into_any()
                } else if closed {
                    view! {
                        <ActionForm action=record attr:class="reception-form" attr:id="reception">
                            <Csrf/>
                            <BackTo to="reception-result"/>
                            <input type="hidden" name="cycle_id" value=cycle_id/>
                            {cards}
                            <section class="card no-print">
                                <fieldset class="choices">
                                    <legend>{t(Msg::ShortageRuleLabel)}</legend>
                                    {ShortageRule::ALL.into_iter().map(|rule| {
                                        let rid = format!("rule-{}", rule.code());
                                        let hid = format!("{rid}-hint");
                                        let (for_id, described) = (rid.clone(), hid.clone());
                                        view! {
                                            <label for=for_id class="choice">
                                                <input type="radio" id=rid name="rule" value=rule.code() checked=rule == ShortageRule::ProRata aria-describedby=described/>
                                                <span><strong>{t(rule.label())}</strong><br/><small id=hid class="muted">{rule.explain(locale)}</small></span>
                                            </label>
                                        }
                                    }).collect_view()}
                                </fieldset>
                                {to_confirm.then(|| view! {
                                    <label class="check" for="confirm-far-below">
                                        <input type="checkbox" id="confirm-far-below" name="confirm" value="1"/>
                                        {t(Msg::ConfirmFarBelow)}
                                    </label>
                                })}
                                <FormResult id="reception-result">
                                    <DetailedError result=record.value().into()/>
                                    {move || outcome(record).get().and_then(Result::ok).map(|saved| view! {
                                        <p class="alert success" role="status">{tf(Msg::ReceptionSavedCount, &[("lines", &saved.lines.to_string()), ("orders", &saved.short_orders.to_string())])}</p>
                                    })}
                                </FormResult>
                                <button type="submit" class="button primary big">{t(Msg::SaveReception)}</button>
                            </section>
                        </ActionForm>
                        {affected_orders(r.affected.clone(), locale)}
                        <section class="card no-print" aria-labelledby="complete-title">
                            <h2 id="complete-title">{t(Msg::CompleteReception)}</h2>
                            <p class="hint">{t(Msg::CompleteReceptionHint)}</p>
                            {match completed.clone() {
                                Some(done) => view! { <p><strong>{done}</strong></p> }.into_any(),
                                None => view! {
                                    <details class="confirm">
                                        <summary class="button">{t(Msg::CompleteReception)}</summary>
                                        <p>{t(Msg::ConfirmCompleteReception)}</p>
                                        <ActionForm action=complete>
                                            <Csrf/>
                                            <input type="hidden" name="cycle_id" value=cycle_id/>
                                            <BackTo to="complete-result"/>
                                            <button type="submit" class="button primary">{t(Msg::CompleteReception)}</button>
                                        </ActionForm>
                                    </details>
                                }.into_any(),
                            }}
                            <FormResult id="complete-result">
                                <DetailedError result=complete.value().into()/>
                                {move || outcome(complete).get().and_then(Result::ok).map(|c| view! {
                                    <p class="alert success" role="status">{tf(Msg::ReceptionCompletedNow, &[("n", &c.refunds.to_string()), ("amount", &format_cents(c.refund_cents, locale))])}</p>
                                })}
                            </FormResult>
                        </section>
                    }.into_any()
                } else {
                    view! {
                        {cards}
                        {completed.map(|done| view! { <p class="hint">{done}</p> })}
                        {affected_orders(r.affected.clone(), locale)}
                    }.into_any()
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
                {c.purchase_orders.into_iter().map(|po| po_card(po, c.timezone.tz(), locale, None)).collect_view()}
            }).collect_view().into_any()
        })}
    }
}

#[server(endpoint = "packing_lists", input = leptos::server_fn::codec::GetUrl)]
pub async fn packing_lists(id: i64) -> Result<maillon::hub::Packing, AppError> {
    crate::ssr::require(maillon::accounts::Permission::ManageCycles).await?;
    let state = crate::ssr::state()?;
    Ok(maillon::hub::store::packing(&state.ctx(), id).await?)
}

#[server(endpoint = "mark_basket_ready")]
pub async fn mark_basket_ready(csrf: String, order_id: i64, ready: bool) -> Result<(), AppError> {
    let _ = csrf;
    crate::ssr::require(maillon::accounts::Permission::ManageCycles).await?;
    let state = crate::ssr::state()?;
    maillon::hub::store::set_prepared(&state.ctx(), order_id, ready).await?;
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
            let tz = p.timezone.tz();
            let labels: std::collections::HashMap<i64, String> = p.labels.iter().cloned().collect();
            let label = move |v: i64| labels.get(&v).cloned().unwrap_or_default();
            let base = maillon::paths::packing(p.cycle_id);
            let tab = |key: &'static str, msg: Msg| {
                let current = by.get_untracked() == key;
                view! { <a href=format!("{base}?par={key}") aria-current=current.then_some("page")>{t(msg)}</a> }
            };
            let body = match by.get_untracked().as_str() {
                "lieu" => p.places.clone().into_iter().map(|place| view! {
                    <section class="card">
                        <h2>{place.place_name.clone()}</h2>
                        <p class="muted">{tf(Msg::PackingCounts, &[("orders", &place.order_count.to_string()), ("units", &place.units.to_string()), ("kg", &maillon::i18n::format_decimal(place.weight_grams as f64 / 1000.0, 1, locale))])}</p>
                        <ul class="po-lines">
                            {place.baskets.into_iter().map(|b| view! {
                                <li>{tf(Msg::OrderNumber, &[("number", &b.order_id.to_string())])} " · " {b.customer_name.clone()} " · " {tf(Msg::ItemsCount, &[("n", &b.units.to_string())])}</li>
                            }).collect_view()}
                        </ul>
                    </section>
                }).collect_view().into_any(),
                "produit" => view! {
                    <section class="card">
                        <ul class="po-lines">
                            {p.products.clone().into_iter().map(|pr| view! {
                                <li>
                                    <strong>{label(pr.variant_id)}</strong> {maillon::i18n::colon(locale)} {tf(Msg::ItemsCount, &[("n", &pr.units.to_string())])}
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
                                <img class="label-qr" src=maillon::paths::label_qr(b.order_id) width="96" height="96"
                                    alt=tf(Msg::LabelQrAlt, &[("number", &b.order_id.to_string())])/>
                                <strong class="label-number">{tf(Msg::ShortNumber, &[("n", &b.order_id.to_string())])}</strong>
                                <span class="label-name">{b.customer_name.clone()}</span>
                                <span>{b.place_name.clone()}</span>
                                {(!b.address.is_empty()).then(|| view! { <span class="label-address">{b.address.clone()}</span> })}
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
                <p class="no-print"><a href=maillon::paths::cycle(p.cycle_id)>{p.cycle_name.clone()}</a></p>
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
