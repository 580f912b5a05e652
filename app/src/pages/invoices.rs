//! Invoices and credit notes: the printable document a buyer downloads from their order (with
//! its EN 16931 XML for a shop), the board's list by year, and the cancellation by a credit
//! note.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use maillon::catalogue::format_vat;
use maillon::coop::Page;
use maillon::i18n::{Msg, colon};
use maillon::ledger::{InvoiceSummary, InvoiceView, Kind};
use maillon::money::format_cents;
use maillon::time::format_date;

use crate::components::{Csrf, FormError, Pagination, loaded};
use crate::error::AppError;
use crate::i18n::{t, tf, use_locale};

/// An invoice whole, and whether the viewer may cancel it (the board).
#[server(endpoint = "get_invoice", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_invoice(id: i64) -> Result<(InvoiceView, bool), AppError> {
    let user = crate::ssr::require(maillon::accounts::Permission::SignedIn).await?;
    let invoice = maillon::ledger::store::invoice(&crate::ssr::ctx()?, &user, id).await?;
    let board = maillon::accounts::allows(&user.roles, maillon::accounts::Permission::Govern);
    Ok((invoice, board))
}

/// Cancels an invoice by a credit note, then shows the credit note.
#[server(endpoint = "cancel_invoice")]
pub async fn cancel_invoice(csrf: String, id: i64, reason: String) -> Result<(), AppError> {
    let _ = csrf;
    let user = crate::ssr::require(maillon::accounts::Permission::Govern).await?;
    let note = maillon::ledger::store::cancel(&crate::ssr::ctx()?, &user, id, &reason).await?;
    leptos_axum::redirect(&maillon::paths::invoice(note));
    Ok(())
}

#[server(endpoint = "list_invoices", input = leptos::server_fn::codec::GetUrl)]
pub async fn list_invoices(year: Option<i32>, page: u32) -> Result<(i32, Page<InvoiceSummary>), AppError> {
    crate::ssr::require(maillon::accounts::Permission::Govern).await?;
    let ctx = crate::ssr::ctx()?;
    let this_year = chrono::Datelike::year(&ctx.today());
    let year = year.filter(|y| (2000..=this_year).contains(y)).unwrap_or(this_year);
    Ok((year, maillon::ledger::store::invoices(&ctx, year, page).await?))
}

/// "Facture n° 2026-000042", or the credit note's title.
pub fn number_title(kind: Kind, number: &str) -> String {
    match kind {
        Kind::Invoice => tf(Msg::InvoiceTitle, &[("number", number)]),
        Kind::CreditNote => tf(Msg::CreditNoteTitle, &[("number", number)]),
    }
}

#[component]
pub fn InvoicePage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0)));
    let cancel = ServerAction::<CancelInvoice>::new();
    let data = Resource::new(move || (id.get(), cancel.version().get()), |(id, _)| get_invoice(id));
    view! {
        <article class="card document invoice" aria-labelledby="title">
            {loaded(data, move |(invoice, board)| view! { <Invoice invoice board cancel/> })}
        </article>
    }
}

#[component]
fn Invoice(invoice: InvoiceView, board: bool, cancel: ServerAction<CancelInvoice>) -> impl IntoView {
    let locale = use_locale();
    let i = invoice;
    let number = i.number.to_string();
    let s = &i.seller;
    let terms = match (i.paid_by_card, i.business) {
        (true, false) => t(Msg::InvoiceTermsCard).to_owned(),
        (false, false) => t(Msg::InvoiceTermsPickup).to_owned(),
        (card, true) => format!(
            "{} {}",
            t(if card {
                Msg::InvoiceTermsCard
            } else {
                Msg::InvoiceTermsPickup
            }),
            t(Msg::InvoiceTermsBusiness)
        ),
    };
    let reason_id = format!("reason-{}", i.id);
    let cancellable = board && i.kind == Kind::Invoice && i.cancelled_by.is_none();
    view! {
        <p class="no-print"><a href=maillon::paths::order(i.order_id)>{tf(Msg::OrderNumber, &[("number", &i.order_id.to_string())])}</a></p>
        <p class="hint no-print">{t(Msg::PrintHint)}</p>
        <h1 id="title">{number_title(i.kind, &number)}</h1>
        {i.cancels.map(|c| view! {
            <p class="alert">{tf(if i.partial { Msg::InvoiceCorrects } else { Msg::InvoiceCancels },
                &[("number", &c.number.to_string()), ("date", &format_date(c.issued_on, locale))])}
                " " <a class="no-print" href=maillon::paths::invoice(c.id)>{number_title(Kind::Invoice, &c.number.to_string())}</a></p>
        })}
        {i.cancelled_by.map(|c| view! {
            <p class="alert error">{tf(Msg::InvoiceCancelledBy, &[("number", &c.number.to_string()), ("date", &format_date(c.issued_on, locale))])}
                " " <a class="no-print" href=maillon::paths::invoice(c.id)>{number_title(Kind::CreditNote, &c.number.to_string())}</a></p>
        })}
        {(!i.reason.is_empty()).then(|| view! { <p>{t(Msg::InvoiceReason)}{colon(locale)}{i.reason.clone()}</p> })}
        <dl class="facts">
            <dt>{t(Msg::InvoiceIssued)}</dt><dd>{format_date(i.issued_on, locale)}</dd>
            <dt>{t(Msg::InvoiceSaleDate)}</dt><dd>{format_date(i.sale_date, locale)}</dd>
            <dt>{t(Msg::InvoiceOrder)}</dt><dd>{i.order_id}</dd>
        </dl>
        <div class="parties">
            <section aria-labelledby="seller">
                <h2 id="seller">{t(Msg::InvoiceSeller)}</h2>
                <p><strong>{s.legal_name.clone()}</strong>
                    {(!s.legal_form.is_empty()).then(|| view! { <br/>{s.legal_form.clone()} })}
                    {(!s.street.is_empty()).then(|| view! { <br/>{s.street.clone()}<br/>{format!("{} {}", s.postcode, s.city)} })}
                    {(!s.siren.is_empty()).then(|| view! { <br/>{tf(Msg::InvoiceSiren, &[("siren", &s.siren)])} })}
                    {(!s.registry.is_empty()).then(|| view! { " · " {s.registry.clone()} })}
                    {(!s.vat_number.is_empty()).then(|| view! { <br/>{tf(Msg::InvoiceVatNumber, &[("number", &s.vat_number)])} })}
                </p>
            </section>
            <section aria-labelledby="buyer">
                <h2 id="buyer">{t(Msg::InvoiceBuyer)}</h2>
                <p><strong>{i.buyer_name.clone()}</strong>
                    {(!i.buyer_address.is_empty()).then(|| view! { <br/>{i.buyer_address.clone()} })}
                    {(!i.buyer_siren.is_empty()).then(|| view! { <br/>{tf(Msg::InvoiceSiren, &[("siren", &i.buyer_siren)])} })}
                </p>
            </section>
        </div>
        <ol class="invoice-lines" aria-label=t(Msg::InvoiceDescription)>
            {i.totals.lines.iter().map(|l| view! {
                <li>
                    <span class="what">{l.description.clone()}</span>
                    <span class="muted">{format!("{} × {}", l.quantity, format_cents(l.unit_price_cents, locale))}
                        " · " {t(Msg::InvoiceVatRate)} " " {format_vat(l.vat_bp, locale)}</span>
                    <span class="num">{t(Msg::InvoiceLineHt)}{colon(locale)}{format_cents(l.total_ht_cents, locale)}
                        " · " <strong>{format_cents(l.total_cents, locale)}</strong></span>
                </li>
            }).collect_view()}
        </ol>
        <table class="lines">
            <caption>{t(Msg::InvoiceVatTitle)}</caption>
            <thead><tr><th scope="col">{t(Msg::InvoiceVatRate)}</th><th scope="col" class="num">{t(Msg::InvoiceBase)}</th><th scope="col" class="num">{t(Msg::InvoiceVatAmount)}</th></tr></thead>
            <tbody>
                {i.totals.vat.iter().map(|v| view! {
                    <tr><td>{format_vat(v.vat_bp, locale)}</td><td class="num">{format_cents(v.base_cents, locale)}</td><td class="num">{format_cents(v.vat_cents, locale)}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
        <dl class="facts totals">
            <dt>{t(Msg::InvoiceTotalHt)}</dt><dd>{format_cents(i.totals.total_ht_cents, locale)}</dd>
            <dt>{t(Msg::InvoiceTotalVat)}</dt><dd>{format_cents(i.totals.total_vat_cents, locale)}</dd>
            <dt>{t(Msg::InvoiceTotalTtc)}</dt><dd>{format_cents(i.totals.total_cents, locale)}</dd>
        </dl>
        <p>{terms}</p>
        <p class="muted small">{t(Msg::InvoiceRounding)}</p>
        {i.business.then(|| view! {
            <p class="no-print"><a class="button" href=maillon::paths::invoice_xml(i.id) download>{t(Msg::InvoiceXml)}</a></p>
        })}
        {cancellable.then(|| view! {
            <details class="confirm no-print">
                <summary class="button">{t(Msg::InvoiceCancel)}</summary>
                <ActionForm action=cancel>
                    <Csrf/>
                    <FormError result=cancel.value().into()/>
                    <input type="hidden" name="id" value=i.id/>
                    <p>{t(Msg::InvoiceCancelHint)}</p>
                    <label for=reason_id.clone()>{t(Msg::InvoiceCancelReason)}</label>
                    <textarea id=reason_id name="reason" required maxlength="300"></textarea>
                    <button type="submit" class="button danger">{t(Msg::InvoiceCancel)}</button>
                </ActionForm>
            </details>
        })}
    }
}

/// The board's list of a year's invoices and credit notes.
#[component]
pub fn InvoicesPage() -> impl IntoView {
    let q = use_query_map();
    let page = Memo::new(move |_| maillon::coop::page_number(q.with(|q| q.get("page")).as_deref()));
    let year = Memo::new(move |_| q.with(|q| q.get("annee").and_then(|y| y.trim().parse::<i32>().ok())));
    let data = Resource::new(
        move || (year.get(), page.get()),
        |(year, page)| list_invoices(year, page),
    );
    let locale = use_locale();
    view! {
        <section class="card" aria-labelledby="title">
            <h1 id="title">{t(Msg::InvoicesTitle)}</h1>
            {loaded(data, move |(year, list): (i32, Page<InvoiceSummary>)| view! {
                <form method="get" class="search" action=maillon::paths::INVOICES>
                    <label for="year">{t(Msg::InvoicesYear)}</label>
                    <input id="year" name="annee" type="number" min="2000" max="2999" value=year/>
                    <button type="submit" class="button">{t(Msg::Show)}</button>
                </form>
                {if list.items.is_empty() {
                    view! { <p class="empty">{t(Msg::InvoicesEmpty)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="order-list doc-list">
                            {list.items.iter().map(|i| view! {
                                <li>
                                    <a href=maillon::paths::invoice(i.id)><strong>{number_title(i.kind, &i.number().to_string())}</strong></a>
                                    {i.cancelled.then(|| view! { " " <span class="tag low">{t(Msg::InvoiceCancelledBadge)}</span> })}
                                    <br/>{i.buyer_name.clone()} " · " {format_cents(i.total_cents, locale)}
                                </li>
                            }).collect_view()}
                        </ul>
                        <Pagination page=list.clone() href=move |p| format!("{}?annee={year}&page={p}", maillon::paths::INVOICES)/>
                    }.into_any()
                }}
            })}
        </section>
    }
}
