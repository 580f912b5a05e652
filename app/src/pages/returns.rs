//! Returns after delivery, for hub staff and the board: find a delivered order, take back
//! units of a line (the buyer refunded, the invoice corrected, the producer's part deducted),
//! and the latest returns.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use maillon::coop::Page;
use maillon::i18n::Msg;
use maillon::ledger::returns::{OrderReturns, ReturnView};
use maillon::money::format_cents;
use maillon::time::{Zone, format_local};

use crate::components::{Csrf, FormError, FormSuccess, Pagination, loaded, outcome};
use crate::error::AppError;
use crate::i18n::{t, tf, use_locale};
use crate::pages::invoices::number_title;
use maillon::ledger::Kind;

/// The order asked for, if any, and the latest returns.
#[server(endpoint = "returns_desk", input = leptos::server_fn::codec::GetUrl)]
pub async fn returns_desk(
    order: Option<i64>,
    page: u32,
) -> Result<(Option<OrderReturns>, Page<ReturnView>, Zone), AppError> {
    crate::ssr::require(maillon::accounts::Permission::ManageCycles).await?;
    let ctx = crate::ssr::ctx()?;
    let found = match order {
        Some(id) => Some(maillon::ledger::store::order_returns(&ctx, id).await?),
        None => None,
    };
    let recent = maillon::ledger::store::recent_returns(&ctx, page).await?;
    Ok((found, recent, ctx.coop().timezone))
}

/// Takes back units of an order's line. `confirm` comes from the confirmation's button.
#[server(endpoint = "record_return")]
pub async fn record_return(
    csrf: String,
    order_id: i64,
    variant_id: i64,
    quantity: String,
    reason: String,
    #[server(default)] confirm: String,
) -> Result<i64, AppError> {
    let _ = csrf;
    let staff = crate::ssr::require(maillon::accounts::Permission::ManageCycles).await?;
    if confirm != "yes" {
        return Err(maillon::error::ServiceError::invalid(Msg::ReturnsConfirm).into());
    }
    let request = maillon::ledger::store::ReturnRequest {
        order_id,
        variant_id,
        quantity: &quantity,
        reason: &reason,
    };
    Ok(maillon::ledger::store::record_return(&crate::ssr::ctx()?, &staff, &request).await?)
}

#[component]
pub fn ReturnsPage() -> impl IntoView {
    let q = use_query_map();
    let query = Memo::new(move |_| {
        q.with(|q| {
            (
                q.get("commande")
                    .and_then(|c| c.trim().trim_start_matches('#').parse::<i64>().ok()),
                maillon::coop::page_number(q.get("page").as_deref()),
            )
        })
    });
    let record = ServerAction::<RecordReturn>::new();
    let data = Resource::new(
        move || (query.get(), record.version().get()),
        |((order, page), _)| returns_desk(order, page),
    );
    view! {
        <section class="card" aria-labelledby="title">
            <h1 id="title">{t(Msg::ReturnsTitle)}</h1>
            <p class="muted">{t(Msg::ReturnsHint)}</p>
            <form method="get" action=maillon::paths::RETURNS class="search" role="search">
                <label for="returns-order">{t(Msg::ReturnsFind)}</label>
                <input id="returns-order" name="commande" type="search" inputmode="numeric" autocomplete="off"
                    value=move || query.get().0.map(|o| o.to_string()).unwrap_or_default()/>
                <button type="submit" class="button">{t(Msg::Search)}</button>
            </form>
            <div aria-live="polite">
                <FormError result=record.value().into()/>
                <FormSuccess result=outcome(record) msg=Msg::ReturnsRecorded/>
            </div>
            {loaded(data, move |(found, recent, zone): (Option<OrderReturns>, Page<ReturnView>, Zone)| view! {
                {found.map(|o| view! { <OrderToReturn order=o record/> })}
                <h2>{t(Msg::ReturnsRecent)}</h2>
                {if recent.items.is_empty() {
                    view! { <p class="empty">{t(Msg::ReturnsNone)}</p> }.into_any()
                } else {
                    view! {
                        <ReturnList list=recent.items.clone() zone desk=true/>
                        <Pagination page=recent href=|p| format!("{}?page={p}", maillon::paths::RETURNS)/>
                    }.into_any()
                }}
            })}
        </section>
    }
}

/// A found order: why it takes no return, or a form per line that still has units to return.
#[component]
fn OrderToReturn(order: OrderReturns, record: ServerAction<RecordReturn>) -> impl IntoView {
    let locale = use_locale();
    let order_id = order.order_id;
    view! {
        <h2>{tf(Msg::ReturnsOrder, &[("number", &order_id.to_string()), ("buyer", &order.buyer_name), ("cycle", &order.cycle_name)])}</h2>
        {match order.refused {
            Some(why) => view! { <p class="alert">{t(why.msg())}</p> }.into_any(),
            None => view! {
                <ul class="order-list doc-list">
                    {order.lines.into_iter().map(|l| {
                        let left = l.returnable();
                        let qty_id = format!("qty-{}", l.variant_id);
                        let reason_id = format!("reason-{}", l.variant_id);
                        view! {
                            <li>
                                <strong>{l.description.clone()}</strong> " · " {format_cents(l.unit_price_cents, locale)}<br/>
                                <span class="muted">{tf(Msg::ReturnsLine, &[("delivered", &l.delivered.to_string()), ("returned", &l.returned.to_string())])}</span>
                                {if left == 0 {
                                    view! { <p class="muted">{t(Msg::ReturnsNothingLeft)}</p> }.into_any()
                                } else {
                                    view! {
                                        <ActionForm action=record>
                                            <Csrf/>
                                            <input type="hidden" name="order_id" value=order_id/>
                                            <input type="hidden" name="variant_id" value=l.variant_id/>
                                            <div class="field">
                                                <label for=qty_id.clone()>{t(Msg::ReturnsQuantity)}</label>
                                                <input id=qty_id name="quantity" type="number" inputmode="numeric" min="1" max=left value="1" required/>
                                            </div>
                                            <div class="field">
                                                <label for=reason_id.clone()>{t(Msg::ReturnsReason)}</label>
                                                <input id=reason_id name="reason" type="text" maxlength="280" required/>
                                            </div>
                                            <details class="confirm">
                                                <summary class="button">{t(Msg::ReturnsRecord)}</summary>
                                                <p>{t(Msg::ReturnsConfirm)}</p>
                                                <button type="submit" name="confirm" value="yes" class="button primary">{t(Msg::Confirm)}</button>
                                            </details>
                                        </ActionForm>
                                    }.into_any()
                                }}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}

/// Returns, each with its amount, its refund and its credit note; at the returns desk
/// (`desk`), with a link to its order there.
#[component]
pub fn ReturnList(list: Vec<ReturnView>, zone: Zone, #[prop(optional)] desk: bool) -> impl IntoView {
    let locale = use_locale();
    let tz = zone.tz();
    view! {
        <ul class="order-list doc-list">
            {list.into_iter().map(|r| view! {
                <li>
                    {tf(Msg::ReturnItem, &[
                        ("quantity", &r.quantity.to_string()),
                        ("what", &r.description),
                        ("amount", &format_cents(r.amount_cents, locale)),
                        ("refund", &format_cents(r.refund_cents, locale)),
                    ])}
                    <br/><span class="muted">{format_local(r.recorded_at, tz, locale)} " · " {r.reason.clone()} " · "
                        <a href=maillon::paths::invoice(r.credit_note_id)>{number_title(Kind::CreditNote, &r.credit_note)}</a>
                        {desk.then(|| view! {
                            " · " <a href=format!("{}?commande={}", maillon::paths::RETURNS, r.order_id)>
                                {tf(Msg::OrderNumber, &[("number", &r.order_id.to_string())])}</a>
                        })}</span>
                </li>
            }).collect_view()}
        </ul>
    }
}
