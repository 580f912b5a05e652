//! The year's accounts for the board: per delivered cycle and for the year, turnover, VAT per
//! rate, the producers' and the cooperative's shares, and the CSV for the accountant.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use maillon::catalogue::format_vat;
use maillon::i18n::Msg;
use maillon::ledger::report::{Figures, Report};
use maillon::money::format_cents;

use crate::components::loaded;
use crate::error::AppError;
use crate::i18n::{t, tf, use_locale};

#[server(endpoint = "accounts_report", input = leptos::server_fn::codec::GetUrl)]
pub async fn accounts_report(year: Option<i32>) -> Result<Report, AppError> {
    crate::ssr::require(maillon::accounts::Permission::Govern).await?;
    let ctx = crate::ssr::ctx()?;
    let this_year = chrono::Datelike::year(&ctx.today());
    let year = year.filter(|y| (2000..=this_year).contains(y)).unwrap_or(this_year);
    Ok(maillon::ledger::store::report(&ctx, year).await?)
}

#[component]
fn FiguresList(figures: Figures) -> impl IntoView {
    let locale = use_locale();
    let f = figures;
    view! {
        <dl class="facts totals">
            <dt>{t(Msg::ReportTurnover)}</dt><dd>{format_cents(f.turnover_cents, locale)}</dd>
            <dt>{t(Msg::ReportVat)}</dt><dd>{format_cents(f.vat_cents, locale)}</dd>
            <dt>{t(Msg::ReportTurnoverHt)}</dt><dd>{format_cents(f.turnover_ht_cents, locale)}</dd>
            <dt>{t(Msg::ReportProducers)}</dt><dd>{format_cents(f.producers_cents, locale)}</dd>
            <dt>{t(Msg::ReportHub)}</dt><dd>{format_cents(f.hub_cents, locale)}</dd>
            <dt>{t(Msg::ReportSolidarity)}</dt><dd>{format_cents(f.solidarity_cents, locale)}</dd>
            <dt>{t(Msg::ReportCooperative)}</dt><dd>{format_cents(f.cooperative_cents, locale)}</dd>
        </dl>
    }
}

#[component]
pub fn ReportPage() -> impl IntoView {
    let q = use_query_map();
    let year = Memo::new(move |_| q.with(|q| q.get("annee").and_then(|y| y.trim().parse::<i32>().ok())));
    let data = Resource::new(move || year.get(), accounts_report);
    let locale = use_locale();
    view! {
        <section class="card" aria-labelledby="title">
            {loaded(data, move |r: Report| view! {
                <h1 id="title">{tf(Msg::ReportTitle, &[("year", &r.year.to_string())])}</h1>
                <p class="muted">{t(Msg::ReportHint)}</p>
                <form method="get" class="search" action=maillon::paths::ACCOUNTS_REPORT>
                    <label for="year">{t(Msg::InvoicesYear)}</label>
                    <input id="year" name="annee" type="number" min="2000" max="2999" value=r.year/>
                    <button type="submit" class="button">{t(Msg::Show)}</button>
                </form>
                {if r.cycles.is_empty() {
                    view! { <p class="empty">{t(Msg::ReportEmpty)}</p> }.into_any()
                } else {
                    view! {
                        <p><a class="button" href=format!("{}?annee={}", maillon::paths::ACCOUNTS_CSV, r.year) download>{t(Msg::ReportCsv)}</a></p>
                        <h2>{t(Msg::ReportYearTotal)}</h2>
                        <FiguresList figures=r.year_figures.clone()/>
                        <table class="lines">
                            <caption>{t(Msg::InvoiceVatTitle)}</caption>
                            <thead><tr><th scope="col">{t(Msg::InvoiceVatRate)}</th><th scope="col" class="num">{t(Msg::InvoiceBase)}</th><th scope="col" class="num">{t(Msg::InvoiceVatAmount)}</th></tr></thead>
                            <tbody>
                                {r.vat.iter().map(|v| view! {
                                    <tr><td>{format_vat(v.vat_bp, locale)}</td><td class="num">{format_cents(v.base_cents, locale)}</td><td class="num">{format_cents(v.vat_cents, locale)}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        {(!r.fund.is_empty()).then(|| {
                            let (into, out) = r.fund_in_out();
                            view! {
                                <h2>{t(Msg::FundTitle)}</h2>
                                <dl class="facts">
                                    {r.fund.iter().map(|(kind, cents)| view! {
                                        <dt>{t(kind.label())}</dt><dd>{format_cents(*cents, locale)}</dd>
                                    }).collect_view()}
                                    <dt>{t(Msg::ReportFundIn)}</dt><dd><strong>{format_cents(into, locale)}</strong></dd>
                                    <dt>{t(Msg::ReportFundOut)}</dt><dd><strong>{format_cents(out, locale)}</strong></dd>
                                </dl>
                            }
                        })}
                        {r.cycles.iter().map(|c| view! {
                            <h2>{c.name.clone()}</h2>
                            <p class="muted">{tf(Msg::ReportDocuments, &[("invoices", &c.figures.invoices.to_string()), ("notes", &c.figures.credit_notes.to_string())])}</p>
                            <FiguresList figures=c.figures.clone()/>
                        }).collect_view()}
                    }.into_any()
                }}
            })}
        </section>
    }
}
