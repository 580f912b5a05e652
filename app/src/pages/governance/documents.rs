//! The cooperative's legal documents, laid out for paper: the minutes (procès-verbal) of a
//! closed assembly, and the whole share register (registre des associés) with its movements.
//! Both are ordinary pages whose print style sheet drops the site's navigation and links.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use maillon::governance::colleges::format_percent;
use maillon::governance::{AssemblyStatus, MovementView, RegisterDocument};
use maillon::i18n::Msg;
use maillon::money::format_cents;
use maillon::time::{format_date, format_local};

use super::api::{get_assembly, print_register};
use super::assemblies::{Proposal, Turnout};
use crate::components::loaded;
use crate::i18n::{t, tf, use_locale};

/// The minutes of an assembly: who was convened and when, the rules, the participation per
/// college, then each proposal with its result and its number in the decisions register.
#[component]
pub fn MinutesPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0)));
    let page = Resource::new(move || id.get(), get_assembly);
    let locale = use_locale();
    view! {
        <article class="card document" aria-labelledby="title">
            {loaded(page, move |a| {
                let tz = a.zone.tz();
                let s = a.summary.clone();
                let back = view! { <p class="no-print"><a href=maillon::paths::assembly(s.id)>{s.title.clone()}</a></p> };
                let intro = tf(Msg::GovMinutesIntro, &[
                    ("coop", &a.coop_name),
                    ("kind", t(s.kind.label())),
                    ("convened", &format_date(a.convened_at.with_timezone(&tz).date_naive(), locale)),
                    ("opens", &format_local(s.opens_at, tz, locale)),
                    ("closes", &format_local(s.closes_at, tz, locale)),
                ]);
                if s.status != AssemblyStatus::Closed {
                    return view! {
                        {back}
                        <h1 id="title">{tf(Msg::GovMinutesTitle, &[("title", &s.title)])}</h1>
                        <p class="alert">{t(Msg::GovMinutesNotYet)}</p>
                    }.into_any();
                }
                let colleges = a.colleges.iter()
                    .map(|c| format!("{} {}", c.name, format_percent(c.weight_bp.max(0) as u32, locale)))
                    .collect::<Vec<_>>()
                    .join(" · ");
                let names: Vec<String> = a.colleges.iter().map(|c| c.name.clone()).collect();
                let closing = tf(Msg::GovMinutesClosing, &[("date", &format_date(s.closes_at.with_timezone(&tz).date_naive(), locale))]);
                view! {
                    {back}
                    <p class="hint no-print">{t(Msg::PrintHint)}</p>
                    <h1 id="title">{tf(Msg::GovMinutesTitle, &[("title", &s.title)])}</h1>
                    <p>{intro}</p>
                    <p>{tf(Msg::GovRule, &[("quorum", &a.quorum.label()), ("majority", t(a.majority.label()))])}</p>
                    <p>{t(Msg::GovCollegesWeights)}{maillon::i18n::colon(locale)}{colleges}</p>
                    <p>{tf(Msg::GovTurnout, &[
                        ("voted", &a.took_part.unwrap_or(0).to_string()),
                        ("members", &a.electorate.unwrap_or(0).to_string()),
                    ])}</p>
                    <Turnout turnout=a.turnout.clone()/>
                    <p class="hint">{t(Msg::GovTallyRule)}</p>
                    <h2>{t(Msg::GovAgenda)}</h2>
                    <ol class="agenda">
                        {a.proposals.iter().map(|p| view! { <Proposal p=p.clone() colleges=names.clone() locale/> }).collect_view()}
                    </ol>
                    <p>{closing}</p>
                }.into_any()
            })}
        </article>
    }
}

/// The whole share register, every member ever approved with the movements of their shares.
#[component]
pub fn RegisterPrintPage() -> impl IntoView {
    let doc = Resource::new(|| (), |_| print_register());
    view! {
        <article class="card document" aria-labelledby="title">
            <p class="no-print"><a href=maillon::paths::REGISTER>{t(Msg::GovRegisterTitle)}</a></p>
            <p class="hint no-print">{t(Msg::PrintHint)}</p>
            <h1 id="title">{t(Msg::GovRegister)}</h1>
            {loaded(doc, move |d| view! { <RegisterTable d/> })}
        </article>
    }
}

#[component]
fn RegisterTable(d: RegisterDocument) -> impl IntoView {
    let locale = use_locale();
    let tz = d.zone.tz();
    let printed = tf(
        Msg::GovRegisterPrinted,
        &[
            ("coop", &d.coop_name),
            (
                "date",
                &format_date(d.printed_at.with_timezone(&tz).date_naive(), locale),
            ),
            ("count", &d.members.len().to_string()),
        ],
    );
    // One entry per member rather than a wide table: it reads on a phone and prints as is.
    view! {
        <p>{printed}</p>
        <ol class="register-entries">
            {d.members.into_iter().map(|e| {
                let m = e.member;
                let number = m.number.unwrap_or_default().to_string();
                let college = m.college.clone().unwrap_or_default();
                view! {
                    <li class="register-entry">
                        <h2>{tf(Msg::GovRegisterEntry, &[("number", &number), ("name", &m.name)])}</h2>
                        <p>{t(m.category.label())}" · "{college}" · "{t(m.status.label())}</p>
                        <p class="muted">{m.address.clone()}</p>
                        {(!m.registration.is_empty()).then(|| view! { <p class="muted">{t(Msg::GovRegistration)}{maillon::i18n::colon(locale)}{m.registration.clone()}</p> })}
                        {(!m.representative.is_empty()).then(|| view! { <p class="muted">{t(Msg::GovRepresentative)}{maillon::i18n::colon(locale)}{m.representative.clone()}</p> })}
                        <p><strong>{t(Msg::GovSharesHeld)}{maillon::i18n::colon(locale)}{m.shares}</strong>" · "
                            {t(Msg::GovSharesPaid)}{maillon::i18n::colon(locale)}{format_cents(m.paid_cents, locale)}</p>
                        {if e.movements.is_empty() {
                            view! { <p class="muted">{t(Msg::GovNoMovements)}</p> }.into_any()
                        } else {
                            view! {
                                <MovementList movements=e.movements/>
                            }.into_any()
                        }}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// A member's share movements, one line each: date, kind, shares, amount, reference.
#[component]
pub(super) fn MovementList(movements: Vec<MovementView>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <ul class="movements" aria-label=t(Msg::GovHistory)>{movements.into_iter().map(|mv| view! {
            <li>{format_date(mv.occurred_on, locale)}" · "{t(mv.kind.label())}
                {(mv.shares > 0).then(|| format!(" · {} {}", mv.shares, t(Msg::GovSharesUnit)))}
                {(mv.cents > 0).then(|| format!(" · {}", format_cents(mv.cents, locale)))}
                " · "{mv.reference}</li>
        }).collect_view()}</ul>
    }
}
