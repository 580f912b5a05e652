//! The CSV import: upload a file, preview its lines, confirm.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use maillon::catalogue::Stock;
use maillon::i18n::Msg;
use maillon::money::format_cents;

use super::api::{ApplyImport, ImportPreviewData, import_preview};
use super::{DASHBOARD, farm_param, with_farm};
use crate::components::{Csrf, DetailedError, RowErrors, csrf_token, loaded, outcome};
use crate::i18n::{t, tf, use_locale};

#[component]
pub fn ImportPage() -> impl IntoView {
    let farm = farm_param();
    let q = use_query_map();
    let error = move || {
        q.with(|q| q.get("erreur"))
            .and_then(|code| crate::components::msg_from_code(&code))
    };
    let address = move || q.with(|q| q.get("adresse")).unwrap_or_default();
    view! {
        <section class="card" aria-labelledby="title">
            <p class="breadcrumb"><a href=move || with_farm(DASHBOARD, farm.get())>{t(Msg::DashboardTitle)}</a></p>
            <h1 id="title">{t(Msg::ImportCsv)}</h1>
            <p>{t(Msg::ImportHint)}</p>
            <p><a href=move || with_farm(&maillon::paths::export_csv(), farm.get()) download="catalogue.csv">{t(Msg::ExportCsv)}</a></p>
            {move || error().map(|m| view! { <p class="alert error" role="alert">{t(m)}</p> })}
            <form method="post" action=maillon::paths::IMPORT_UPLOAD enctype="multipart/form-data" class="upload">
                <input type="hidden" name="csrf" value=csrf_token()/>
                {move || farm.get().map(|f| view! { <input type="hidden" name="producer" value=f/> })}
                <div class="field">
                    <label for="file">{t(Msg::CsvFile)}</label>
                    <input id="file" name="file" type="file" accept=".csv,text/csv,.json,.jsonld,application/json,application/ld+json"/>
                </div>
                <div class="field">
                    <label for="url">{t(Msg::DfcUrlLabel)}</label>
                    <input id="url" name="url" type="url" inputmode="url" autocomplete="off" maxlength=2000 placeholder="https://" value=address/>
                </div>
                <button type="submit" class="button primary">{t(Msg::Preview)}</button>
            </form>
        </section>
    }
}

#[component]
pub fn ImportPreviewPage() -> impl IntoView {
    let farm = farm_param();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0)));
    let apply = ServerAction::<ApplyImport>::new();
    let preview = Resource::new(
        move || (farm.get(), id.get(), apply.version().get()),
        |(farm, id, _)| import_preview(farm, id),
    );
    view! {
        <section class="card wide" aria-labelledby="title">
            <p class="breadcrumb"><a href=move || with_farm(DASHBOARD, farm.get())>{t(Msg::DashboardTitle)}</a></p>
            <h1 id="title">{t(Msg::ImportPreviewTitle)}</h1>
            <DetailedError result=apply.value().into()/>
            {move || outcome(apply).get().and_then(Result::ok).map(|n| view! {
                <p class="alert success" role="status">{tf(Msg::ImportApplied, &[("n", &n.to_string())])}</p>
            })}
            {loaded(preview, move |p| view! { <PreviewView preview=p apply id=id.get() farm=farm.get()/> })}
        </section>
    }
}

#[component]
fn PreviewView(
    preview: ImportPreviewData,
    apply: ServerAction<ApplyImport>,
    id: i64,
    farm: Option<i64>,
) -> impl IntoView {
    let locale = use_locale();
    if !preview.errors.is_empty() {
        return view! {
            <div class="alert error" role="alert">
                <p>{t(Msg::ImportHasErrors)}</p>
                <RowErrors errors=preview.errors/>
            </div>
            <a class="button" href=with_farm(maillon::paths::IMPORT, farm)>{t(Msg::ImportAnother)}</a>
        }
        .into_any();
    }
    let count = preview.lines.len();
    view! {
        <p>{tf(Msg::ImportSummary, &[("n", &count.to_string())])}</p>
        <div class="table-scroll" tabindex="0" role="region" aria-label=t(Msg::ImportPreviewTitle)>
            <table class="bulk">
                <thead><tr>
                    <th scope="col">{t(Msg::Line)}</th>
                    <th scope="col">{t(Msg::ProductName)}</th>
                    <th scope="col">{t(Msg::RetailPrice)}</th>
                    <th scope="col">{t(Msg::Stock)}</th>
                </tr></thead>
                <tbody>
                    {preview.lines.into_iter().map(|l| view! {
                        <tr>
                            <td>{l.line}</td>
                            <th scope="row">{format!("{} — {}", l.product, l.variant)} {l.is_new.then(|| view! { " " <span class="tag">{t(Msg::New)}</span> })}</th>
                            <td>{format_cents(l.price_cents, locale)}</td>
                            <td>{match l.stock { Stock::Finite(n) => n.to_string(), Stock::OnDemand { .. } => t(Msg::OnDemand).to_owned() }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {if preview.applied {
            view! { <p class="muted">{t(Msg::ErrImportApplied)}</p> }.into_any()
        } else {
            view! {
                <ActionForm action=apply>
                    <Csrf/>
                    {farm.map(|f| view! { <input type="hidden" name="producer" value=f/> })}
                    <input type="hidden" name="id" value=id/>
                    <button type="submit" class="button primary">{t(Msg::ConfirmImport)}</button>
                </ActionForm>
            }.into_any()
        }}
    }
    .into_any()
}
