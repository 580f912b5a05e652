//! A buyer's orders: history, one order with its changes, cancellation, ordering again and
//! paying a card order.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use maillon::coop::Page;
use maillon::i18n::Msg;
use maillon::money::format_cents;
use maillon::orders::{OrderStatus, OrderSummary, OrderView, ShopProduct};

use crate::components::{Csrf, Pagination, loaded};
use crate::error::AppError;
use crate::i18n::{t, tf, use_locale};
use crate::pages::shop::{LineInput, ShopError};

pub use crate::paths::{Notice, ORDERS};

#[server(endpoint = "my_orders", input = leptos::server_fn::codec::GetUrl)]
pub async fn my_orders(page: u32) -> Result<(Page<OrderSummary>, maillon::time::Zone), AppError> {
    let user = crate::ssr::require(maillon::accounts::Permission::SignedIn).await?;
    let state = crate::ssr::state()?;
    let orders = maillon::orders::store::my_orders(&state.ctx(), user.id, page).await?;
    Ok((orders, state.coop.timezone))
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OrderData {
    pub order: OrderView,
    /// Slots the order may move to (same kind, same cycle).
    pub slots: Vec<maillon::cycles::SlotView>,
    /// What may be added to the order: its cycle's products on sale, at its prices.
    pub addable: Vec<ShopProduct>,
    /// The order's invoice and credit notes, once its cycle is delivered.
    pub invoices: Vec<maillon::ledger::InvoiceSummary>,
    /// Where its money goes: producers, the cooperative, VAT.
    pub share: maillon::catalogue::PriceShare,
    /// What came back after delivery, refunded.
    pub returns: Vec<maillon::ledger::returns::ReturnView>,
}

#[server(endpoint = "order", input = leptos::server_fn::codec::GetUrl)]
pub async fn order(id: i64) -> Result<OrderData, AppError> {
    let user = crate::ssr::require(maillon::accounts::Permission::SignedIn).await?;
    let ctx = crate::ssr::ctx()?;
    let mut conn = ctx.pool.acquire().await.map_err(maillon::error::ServiceError::from)?;
    let order = maillon::orders::store::order_view(&mut conn, &ctx, id, Some(user.id)).await?;
    let slots = if order.editable {
        maillon::cycles::store::slots(&mut conn, order.cycle_id)
            .await?
            .into_iter()
            .filter(|s| s.place == order.slot.place || (!s.is_delivery() && !order.slot.is_delivery()))
            .collect()
    } else {
        vec![]
    };
    drop(conn);
    // Card orders are paid for a set amount: they change slot, not contents.
    let addable = if order.editable && !order.fixed_contents() {
        maillon::orders::store::shop_front(&ctx, order.cycle_id, order.pricing, None, None, crate::ssr::locale())
            .await
            .map(|front| front.products)
            .unwrap_or_default()
    } else {
        vec![]
    };
    let invoices = maillon::ledger::store::order_invoices(&ctx, user.id, id).await?;
    let mut conn = ctx.pool.acquire().await.map_err(maillon::error::ServiceError::from)?;
    // order_view above found the order as the user's own.
    let returns = maillon::ledger::store::returns_of_order(&mut conn, ctx.coop_id(), id).await?;
    drop(conn);
    let returned = |variant: i64| {
        returns
            .iter()
            .filter(|r| r.variant_id == variant)
            .map(|r| r.quantity)
            .sum()
    };
    let share = maillon::orders::store::where_money_goes(&ctx, &order, returned).await?;
    Ok(OrderData {
        order,
        slots,
        addable,
        invoices,
        share,
        returns,
    })
}

#[server(endpoint = "change_order")]
pub async fn change_order(
    csrf: String,
    id: i64,
    #[server(default)] lines: Vec<LineInput>,
    #[server(default)] slot: Option<i64>,
) -> Result<(), AppError> {
    let _ = csrf;
    let user = crate::ssr::require(maillon::accounts::Permission::SignedIn).await?;
    let ctx = crate::ssr::ctx()?;
    let lines = crate::pages::shop::parse_lines(&lines).inspect_err(crate::ssr::set_error_status)?;
    let change = maillon::orders::store::OrderChange {
        lines,
        add: vec![],
        slot_id: slot,
    };
    maillon::orders::store::change_order(&ctx, &user, id, &change).await?;
    leptos_axum::redirect(&format!("{ORDERS}/{id}?{}", Notice::Changed.code()));
    Ok(())
}

/// Adds a product to a placed order, under the rules of checkout (see `change_order`).
#[server(endpoint = "add_to_order")]
pub async fn add_to_order(csrf: String, id: i64, variant_id: String, quantity: String) -> Result<(), AppError> {
    let _ = csrf;
    let user = crate::ssr::require(maillon::accounts::Permission::SignedIn).await?;
    let ctx = crate::ssr::ctx()?;
    let parsed = crate::pages::shop::parse_lines(&[LineInput { variant_id, quantity }])
        .inspect_err(crate::ssr::set_error_status)?;
    let change = maillon::orders::store::OrderChange {
        lines: vec![],
        add: parsed,
        slot_id: None,
    };
    maillon::orders::store::change_order(&ctx, &user, id, &change).await?;
    leptos_axum::redirect(&format!("{ORDERS}/{id}?{}", Notice::Added.code()));
    Ok(())
}

#[server(endpoint = "cancel_order")]
pub async fn cancel_order(csrf: String, id: i64) -> Result<(), AppError> {
    let _ = csrf;
    let user = crate::ssr::require(maillon::accounts::Permission::SignedIn).await?;
    maillon::orders::store::cancel_order(&crate::ssr::ctx()?, &user, id).await?;
    leptos_axum::redirect(&format!("{ORDERS}/{id}?{}", Notice::Cancelled.code()));
    Ok(())
}

#[server(endpoint = "order_again")]
pub async fn order_again(csrf: String, id: i64) -> Result<usize, AppError> {
    let _ = csrf;
    let user = crate::ssr::require(maillon::accounts::Permission::SignedIn).await?;
    let (cycle, lines) = maillon::orders::store::order_again(&crate::ssr::ctx()?, &user, id).await?;
    leptos_axum::redirect(&format!("{}?cycle={cycle}", crate::paths::CART));
    Ok(lines)
}

#[server(endpoint = "pay_order")]
pub async fn pay_order(csrf: String, id: i64) -> Result<(), AppError> {
    let _ = csrf;
    crate::ssr::require(maillon::accounts::Permission::SignedIn).await?;
    let url = crate::ssr::open_card_payment(id).await?;
    leptos_axum::redirect(&url);
    Ok(())
}

#[component]
pub fn OrdersPage() -> impl IntoView {
    let q = use_query_map();
    let page = Memo::new(move |_| maillon::coop::page_number(q.with(|q| q.get("page")).as_deref()));
    let data = Resource::new(move || page.get(), my_orders);
    let locale = use_locale();
    loaded(
        data,
        move |(orders, timezone): (Page<OrderSummary>, maillon::time::Zone)| {
            let tz = timezone.tz();
            view! {
                <section aria-labelledby="title">
                    <h1 id="title">{t(Msg::MyOrders)}</h1>
                    {if orders.items.is_empty() {
                        view! {
                            <p class="empty">{t(Msg::NoOrdersYet)}</p>
                            <a class="button primary" href=crate::paths::SHOP>{t(Msg::NavShop)}</a>
                        }.into_any()
                    } else {
                        view! {
                            <ul class="order-list">
                                {orders.items.iter().map(|o| view! {
                                    <li class="card">
                                        <a href=format!("{ORDERS}/{}", o.id)><strong>{tf(Msg::OrderNumber, &[("number", &o.id.to_string())])}</strong></a>
                                        " · " <span class=format!("status {}", o.status.code())>{t(o.status.label())}</span>
                                        <br/>{o.cycle_name.clone()} " · " {o.place_name.clone()} " · "
                                        {maillon::time::format_local(o.slot_starts_at, tz, locale)}
                                        <br/><strong>{format_cents(o.total_cents, locale)}</strong>
                                    </li>
                                }).collect_view()}
                            </ul>
                            <Pagination page=orders.clone() href=|p| format!("{ORDERS}?page={p}")/>
                        }.into_any()
                    }}
                </section>
            }
        },
    )
}

#[component]
pub fn OrderPage() -> impl IntoView {
    let params = use_params_map();
    let q = use_query_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0)));
    let change = ServerAction::<ChangeOrder>::new();
    let add = ServerAction::<AddToOrder>::new();
    let cancel = ServerAction::<CancelOrder>::new();
    let again = ServerAction::<OrderAgain>::new();
    let pay = ServerAction::<PayOrder>::new();
    let data = Resource::new(
        move || {
            (
                id.get(),
                change.version().get() + add.version().get() + cancel.version().get(),
            )
        },
        |(id, _)| order(id),
    );
    // A new submission makes what the others said stale: one message, about the last action.
    Effect::new(move |_| {
        let pending = [
            change.pending().get(),
            add.pending().get(),
            cancel.pending().get(),
            again.pending().get(),
            pay.pending().get(),
        ];
        if pending.contains(&true) {
            if !pending[0] {
                change.value().set(None);
            }
            if !pending[1] {
                add.value().set(None);
            }
            if !pending[2] {
                cancel.value().set(None);
            }
            if !pending[3] {
                again.value().set(None);
            }
            if !pending[4] {
                pay.value().set(None);
            }
        }
    });
    // A refused action speaks for itself next to its form: the notice of an earlier one would
    // contradict it.
    let failed = move || {
        q.with(|q| q.get("__err").is_some())
            || [
                change.value().with(|v| matches!(v, Some(Err(_)))),
                add.value().with(|v| matches!(v, Some(Err(_)))),
                cancel.value().with(|v| matches!(v, Some(Err(_)))),
                pay.value().with(|v| matches!(v, Some(Err(_)))),
            ]
            .contains(&true)
    };
    let actions = OrderActions {
        change,
        add,
        cancel,
        again,
        pay,
    };
    view! {
        {loaded(data, move |page: OrderData| {
            let status = page.order.status;
            let notice = move || {
                q.with(Notice::from_query)
                    .filter(|n| n.fits(status) && !failed())
                    .map(|n| {
                        if n == Notice::PaymentFailed {
                            view! { <p class="alert error" role="alert">{t(n.msg())}</p> }.into_any()
                        } else {
                            view! { <p class="alert success" role="status">{t(n.msg())}</p> }.into_any()
                        }
                    })
            };
            view! {
                {notice}
                <OrderDetail page actions/>
            }
        })}
    }
}

/// Server actions are `Copy`: the whole set travels into the view.
#[derive(Clone, Copy)]
struct OrderActions {
    change: ServerAction<ChangeOrder>,
    add: ServerAction<AddToOrder>,
    cancel: ServerAction<CancelOrder>,
    again: ServerAction<OrderAgain>,
    pay: ServerAction<PayOrder>,
}

#[component]
fn OrderDetail(page: OrderData, actions: OrderActions) -> impl IntoView {
    let locale = use_locale();
    let OrderActions {
        change,
        add,
        cancel,
        again,
        pay,
    } = actions;
    let OrderData {
        order: o,
        slots,
        addable,
        invoices,
        share,
        returns,
    } = page;
    let tz = o.timezone.tz();
    let when = maillon::time::format_slot(o.slot.starts_at, o.slot.ends_at, tz, locale);
    let id = o.id;
    let delivery = o.slot.is_delivery();
    let place = if delivery {
        tf(
            Msg::DeliveryTo,
            &[("address", &format!("{} {}", o.delivery_address, o.delivery_postcode))],
        )
    } else {
        format!("{} — {}", o.slot.place_name, o.slot.address)
    };
    let fund = o.solidarity;
    let buyer_pays = o.buyer_pays_cents();
    let (fixed, prepaid) = (o.fixed_contents(), o.payment_method.prepaid());
    let paid_text = match (o.payment_method, (o.paid_cents - fund.covered_cents).max(0)) {
        (method, 0) => t(method.label_for(delivery)).to_owned(),
        (_, paid) => tf(Msg::PaidAmount, &[("amount", &format_cents(paid, locale))]),
    };
    view! {
        <section class="card" aria-labelledby="title">
            <h1 id="title">{tf(Msg::OrderNumber, &[("number", &id.to_string())])}</h1>
            <p><span class=format!("status {}", o.status.code())>{t(o.status.label())}</span> " · " {o.cycle_name.clone()}</p>
            <p><strong>{place}</strong><br/>{when}
                {(!o.slot.instructions.is_empty()).then(|| view! { <br/><small class="muted">{o.slot.instructions.clone()}</small> })}
            </p>
            {o.collected_at.map(|_| view! { <p class="tag">{t(Msg::Collected)}</p> })}
            <table class="lines">
                <caption class="visually-hidden">{t(Msg::OrderLines)}</caption>
                <thead><tr><th scope="col">{t(Msg::Item)}</th><th scope="col">{t(Msg::Quantity)}</th><th scope="col">{t(Msg::Amount)}</th></tr></thead>
                <tbody>
                    {o.lines.iter().map(|l| view! {
                        <tr>
                            <td>{l.label()}
                                {(l.missing > 0).then(|| view! { <br/><small class="tag low">{tf(Msg::Missing, &[("n", &l.missing.to_string())])}</small> })}
                            </td>
                            <td>{l.quantity}</td>
                            <td class="amount">{format_cents(l.amount_cents(), locale)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
                <tfoot>
                    {(o.totals.fee_cents > 0).then(|| view! {
                        <tr><th scope="row" colspan="2">{t(Msg::DeliveryFee)}</th><td class="amount">{format_cents(o.totals.fee_cents, locale)}</td></tr>
                    })}
                    <tr><th scope="row" colspan="2">{t(Msg::Total)}</th><td class="amount"><strong>{format_cents(o.totals.total_cents, locale)}</strong></td></tr>
                    {(fund.covered_cents > 0).then(|| view! {
                        <tr><th scope="row" colspan="2">{t(Msg::SolidarityDiscountLine)}</th><td class="amount">{format!("−\u{a0}{}", format_cents(fund.covered_cents, locale))}</td></tr>
                    })}
                    {(fund.round_up_cents > 0).then(|| view! {
                        <tr><th scope="row" colspan="2">{t(Msg::RoundUpLine)}</th><td class="amount">{format!("+\u{a0}{}", format_cents(fund.round_up_cents, locale))}</td></tr>
                    })}
                    {(fund.covered_cents > 0 || fund.round_up_cents > 0).then(|| view! {
                        <tr><th scope="row" colspan="2">{t(Msg::YouPay)}</th><td class="amount"><strong>{format_cents(buyer_pays, locale)}</strong></td></tr>
                    })}
                </tfoot>
            </table>
            {(fund.wanted_cents > fund.covered_cents).then(|| view! {
                <p class="alert">{if fund.covered_cents == 0 {
                    t(Msg::SolidarityEmptyFund).to_owned()
                } else {
                    tf(Msg::SolidarityPartial, &[
                        ("covered", &format_cents(fund.covered_cents, locale)),
                        ("wanted", &format_cents(fund.wanted_cents, locale)),
                    ])
                }}</p>
            })}
            <p class="muted">{paid_text}</p>
            {(share.price_cents > 0).then(|| view! {
                <section class="share" aria-labelledby="share-title">
                    <h2 id="share-title">{t(Msg::WhereMoneyGoes)}</h2>
                    <crate::pages::catalogue::ShareList share/>
                    <p class="hint">{t(Msg::OrderShareExplained)}</p>
                </section>
            })}
            {(!returns.is_empty()).then(|| view! {
                <h2>{t(Msg::ReturnsTitle)}</h2>
                <crate::pages::returns::ReturnList list=returns zone=o.timezone/>
            })}
            <OrderInvoices invoices/>
            {(o.status == OrderStatus::PendingPayment).then(|| view! {
                <ActionForm action=pay>
                    <Csrf/>
                    <ShopError result=pay.value().into()/>
                    <input type="hidden" name="id" value=id/>
                    <p class="hint">{t(Msg::CardPayBeforeClosing)}</p>
                    <button type="submit" class="button primary big">{t(Msg::PayNow)}</button>
                </ActionForm>
            })}
        </section>
        {o.editable.then(|| {
            let (card, prepaid) = (fixed, prepaid);
            let current_slot = o.slot.id;
            view! {
                <section class="card" aria-labelledby="change-title">
                    <h2 id="change-title">{t(Msg::ChangeOrder)}</h2>
                    <ActionForm action=change>
                        <Csrf/>
                        <ShopError result=change.value().into()/>
                        <input type="hidden" name="id" value=id/>
                        {(!card).then(|| view! {
                            <fieldset>
                                <legend>{t(Msg::Quantities)}</legend>
                                {o.lines.iter().enumerate().map(|(i, l)| {
                                    let fid = format!("q-{}", l.variant_id);
                                    view! {
                                        <div class="field inline">
                                            <label for=fid.clone()>{l.label()}</label>
                                            <input type="hidden" name=format!("lines[{i}][variant_id]") value=l.variant_id/>
                                            <input id=fid class="qty" type="number" inputmode="numeric" min="0" step=l.step
                                                name=format!("lines[{i}][quantity]") value=l.quantity/>
                                        </div>
                                    }
                                }).collect_view()}
                            </fieldset>
                        })}
                        {(slots.len() > 1).then(|| view! {
                            <div class="field">
                                <label for="slot">{t(Msg::Slot)}</label>
                                <select id="slot" name="slot">
                                    {slots.iter().map(|s| {
                                        let label = format!("{} · {}{}", s.place_name, maillon::time::format_local(s.starts_at, tz, locale),
                                            if s.is_full() && s.id != current_slot { format!(" ({})", t(Msg::SlotFull)) } else { String::new() });
                                        view! { <option value=s.id selected=s.id == current_slot disabled=s.is_full() && s.id != current_slot>{label}</option> }
                                    }).collect_view()}
                                </select>
                            </div>
                        })}
                        <button type="submit" class="button">{t(Msg::SaveChanges)}</button>
                    </ActionForm>
                    {(!addable.is_empty()).then(|| view! { <AddProductForm id addable=addable.clone() add/> })}
                    {card.then(|| view! { <p class="hint">{t(Msg::CardOrderFixedHint)}</p> })}
                    <details class="danger">
                        <summary>{t(Msg::CancelOrder)}</summary>
                        <ActionForm action=cancel>
                            <Csrf/>
                            <ShopError result=cancel.value().into()/>
                            <input type="hidden" name="id" value=id/>
                            <p>{if prepaid { t(Msg::CancelCardWarning) } else { t(Msg::CancelWarning) }}</p>
                            <button type="submit" class="button danger">{t(Msg::ConfirmCancel)}</button>
                        </ActionForm>
                    </details>
                </section>
            }
        })}
        <section class="card">
            {o.reorderable.then(|| view! {
                <ActionForm action=again>
                    <Csrf/>
                    <ShopError result=again.value().into()/>
                    <input type="hidden" name="id" value=id/>
                    <button type="submit" class="button">{t(Msg::OrderAgain)}</button>
                </ActionForm>
            })}
            <p><a href=ORDERS>{t(Msg::AllMyOrders)}</a></p>
        </section>
    }
}

/// Adds one of the cycle's products to a placed order: a product, how many, and the same
/// checks as at checkout on the server.
#[component]
fn AddProductForm(id: i64, addable: Vec<ShopProduct>, add: ServerAction<AddToOrder>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <div class="add-to-order">
        <h3 id="add-title">{t(Msg::AddToOrderTitle)}</h3>
        <ActionForm action=add attr:aria-labelledby="add-title">
            <Csrf/>
            <ShopError result=add.value().into()/>
            <input type="hidden" name="id" value=id/>
            <div class="field">
                <label for="add-variant">{t(Msg::Item)}</label>
                <select id="add-variant" name="variant_id" required>
                    {addable.into_iter().map(|p| view! {
                        <optgroup label=p.name.clone()>
                            {p.variants.into_iter().map(|v| {
                                let sold_out = v.low == Some(0);
                                let text = format!("{} — {} — {}", p.name, v.label, format_cents(v.price_cents, locale));
                                view! { <option value=v.variant_id disabled=sold_out>{text}</option> }
                            }).collect_view()}
                        </optgroup>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="add-quantity">{t(Msg::Quantity)}</label>
                <input id="add-quantity" name="quantity" class="qty" type="number" inputmode="numeric" min="1" value="1" required/>
            </div>
            <button type="submit" class="button">{t(Msg::AddToOrder)}</button>
        </ActionForm>
        </div>
    }
}

/// The order's invoice and credit notes, each a printable page; a shop's also as e-invoice XML.
#[component]
fn OrderInvoices(invoices: Vec<maillon::ledger::InvoiceSummary>) -> impl IntoView {
    (!invoices.is_empty()).then(|| {
        view! {
            <h2>{t(Msg::OrderInvoices)}</h2>
            <ul class="invoice-links">
                {invoices.into_iter().map(|i| {
                    let title = crate::pages::invoices::number_title(i.kind, &i.number().to_string());
                    view! {
                        <li>
                            <a href=maillon::paths::invoice(i.id)>{title}</a>
                            {i.cancelled.then(|| view! { " " <span class="tag low">{t(Msg::InvoiceCancelledBadge)}</span> })}
                            {i.business.then(|| view! { " · " <a href=maillon::paths::invoice_xml(i.id) download>{t(Msg::InvoiceXml)}</a> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
    })
}
