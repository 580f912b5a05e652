//! The board's governance pages: applications and the share register, the colleges, convening
//! an assembly, and the audit log.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use maillon::governance::colleges::format_percent;
use maillon::governance::{Category, CollegesPage, MemberView, MovementKind};
use maillon::i18n::Msg;
use maillon::money::format_cents;

use super::api::{
    ApproveMember, ConveneAssembly, DefineColleges, RecordShareMovement, RefuseMember, ReweighColleges,
    SaveGovernanceSettings, audit_log, get_colleges, governance_settings, member_register,
};
use crate::components::{Csrf, Field, FormError, FormSuccess, Pagination, loaded, outcome};
use crate::i18n::{t, tf, use_locale};

#[component]
pub fn RegisterPage() -> impl IntoView {
    let q = use_query_map();
    let page = Memo::new(move |_| q.with(|q| maillon::coop::page_number(q.get("page").as_deref())));
    let approve = ServerAction::<ApproveMember>::new();
    let refuse = ServerAction::<RefuseMember>::new();
    let record = ServerAction::<RecordShareMovement>::new();
    let data = Resource::new(
        move || {
            (
                page.get(),
                approve.version().get(),
                refuse.version().get(),
                record.version().get(),
            )
        },
        |(page, ..)| member_register(page),
    );
    let locale = use_locale();
    view! {
        <section class="card" aria-labelledby="title">
            <h1 id="title">{t(Msg::GovRegisterTitle)}</h1>
            <FormSuccess result=outcome(approve) msg=Msg::GovApproved/>
            <FormSuccess result=outcome(refuse) msg=Msg::GovRefused/>
            <FormError result=approve.value().into()/>
            <FormError result=refuse.value().into()/>
            {loaded(data, move |(applications, register)| view! {
                <h2>{t(Msg::GovApplications)}</h2>
                {if applications.is_empty() {
                    view! { <p class="empty">{t(Msg::GovNoApplications)}</p> }.into_any()
                } else {
                    view! { <ul class="list">{applications.into_iter().map(|m| view! { <Application m approve refuse/> }).collect_view()}</ul> }.into_any()
                }}
                <h2>{t(Msg::GovRegister)}</h2>
                <p class="actions"><a class="button" href=maillon::paths::REGISTER_CSV download>{t(Msg::GovRegisterCsv)}</a>
                    " "<a class="button" href=maillon::paths::REGISTER_PRINT>{t(Msg::GovRegisterPrint)}</a>
                    " "<a class="button" href=maillon::paths::COLLEGES>{t(Msg::GovCollegesTitle)}</a>
                    " "<a class="button" href=maillon::paths::AUDIT>{t(Msg::GovAuditTitle)}</a></p>
                <p class="muted">{tf(Msg::GovRegisterCount, &[("count", &register.total.to_string())])}</p>
                <div class="table-scroll" tabindex="0" role="region" aria-label=t(Msg::GovRegister)>
                    <table class="lines">
                        <thead><tr>
                            <th scope="col" class="num">{t(Msg::GovMemberNumber)}</th><th scope="col">{t(Msg::GovName)}</th>
                            <th scope="col">{t(Msg::GovCollege)}</th><th scope="col">{t(Msg::GovStatus)}</th>
                            <th scope="col" class="num">{t(Msg::GovSharesHeld)}</th><th scope="col" class="num">{t(Msg::GovSharesPaid)}</th>
                        </tr></thead>
                        <tbody>
                            {register.items.clone().into_iter().map(|m| view! {
                                <tr>
                                    <td class="num">{m.number.unwrap_or_default()}</td>
                                    <th scope="row">{m.name}{(!m.representative.is_empty()).then(|| view! { <span class="muted">" ("{m.representative.clone()}")"</span> })}</th>
                                    <td>{m.college.unwrap_or_default()}</td>
                                    <td>{t(m.status.label())}</td>
                                    <td class="num">{m.shares}</td>
                                    <td class="num">{format_cents(m.paid_cents, locale)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <Pagination page=register href=|n: u32| format!("{}?page={n}", maillon::paths::REGISTER)/>
            })}
            <h2 id="movement">{t(Msg::GovRecordMovement)}</h2>
            <ActionForm action=record>
                <Csrf/>
                <FormError result=record.value().into()/>
                <FormSuccess result=outcome(record) msg=Msg::GovMovementRecorded/>
                <Field name="number" label=Msg::GovMemberNumber kind="text" maxlength=9/>
                <div class="field">
                    <label for="field-kind">{t(Msg::GovMovement)}</label>
                    <select id="field-kind" name="kind">
                        {[MovementKind::Paid, MovementKind::Subscribed, MovementKind::TransferredIn, MovementKind::TransferredOut, MovementKind::Refunded]
                            .into_iter().map(|k| view! { <option value=k.code()>{t(k.label())}</option> }).collect_view()}
                    </select>
                </div>
                <Field name="shares" label=Msg::GovShares kind="number" required=false/>
                <Field name="amount" label=Msg::GovAmount hint=Msg::GovAmountHint required=false/>
                <Field name="reference" label=Msg::GovReference maxlength=120/>
                <Field name="on" label=Msg::GovDate kind="date"/>
                <button type="submit" class="button primary">{t(Msg::GovRecord)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn Application(
    m: MemberView,
    approve: ServerAction<ApproveMember>,
    refuse: ServerAction<RefuseMember>,
) -> impl IntoView {
    let locale = use_locale();
    let id = m.id;
    let reason_id = format!("reason-{id}");
    view! {
        <li class="member">
            <strong>{m.name.clone()}</strong>" "<span class="muted">{m.email.clone()}</span>
            <p>{t(m.category.label())}" · "{tf(Msg::GovSharesApplied, &[("count", &m.shares_applied.to_string())])}" · "{t(m.payment.label())}
               " · "{maillon::time::format_date(m.applied_at.date_naive(), locale)}</p>
            {(!m.representative.is_empty()).then(|| view! { <p>{t(Msg::GovRepresentative)}{maillon::i18n::colon(locale)}{m.representative.clone()}</p> })}
            {(!m.registration.is_empty()).then(|| view! { <p>{t(Msg::GovRegistration)}{maillon::i18n::colon(locale)}{m.registration.clone()}</p> })}
            <p class="muted">{m.address.clone()}</p>
            {(m.card_paid_cents > 0).then(|| view! {
                <p>{tf(Msg::GovCardPaidBoard, &[("amount", &format_cents(m.card_paid_cents, locale))])}</p>
            })}
            <div class="actions">
                <details class="confirm">
                    <summary class="button primary">{t(Msg::GovApprove)}</summary>
                    <ActionForm action=approve>
                        <Csrf/>
                        <input type="hidden" name="member" value=id/>
                        <p>{tf(Msg::GovApproveConfirm, &[("name", &m.name)])}</p>
                        <button type="submit" class="button primary">{t(Msg::Confirm)}</button>
                    </ActionForm>
                </details>
                <details class="confirm">
                    <summary class="button">{t(Msg::GovRefuse)}</summary>
                    <ActionForm action=refuse>
                        <Csrf/>
                        <input type="hidden" name="member" value=id/>
                        <label for=reason_id.clone()>{t(Msg::GovRefusalReason)}</label>
                        <textarea id=reason_id name="reason" required maxlength="500"></textarea>
                        <button type="submit" class="button danger">{t(Msg::GovRefuse)}</button>
                    </ActionForm>
                </details>
            </div>
        </li>
    }
}

#[component]
pub fn CollegesPage() -> impl IntoView {
    let define = ServerAction::<DefineColleges>::new();
    let reweigh = ServerAction::<ReweighColleges>::new();
    let data = Resource::new(
        move || (define.version().get(), reweigh.version().get()),
        |_| get_colleges(),
    );
    view! {
        <section class="card" aria-labelledby="title">
            <h1 id="title">{t(Msg::GovCollegesTitle)}</h1>
            <p class="muted">{t(Msg::GovCollegesRule)}</p>
            <FormSuccess result=outcome(define) msg=Msg::Saved/>
            <FormSuccess result=outcome(reweigh) msg=Msg::Saved/>
            <FormError result=define.value().into()/>
            <FormError result=reweigh.value().into()/>
            {loaded(data, move |page| view! { <Colleges page define reweigh/> })}
        </section>
        <GovernanceSettings/>
    }
}

/// What the cooperative sets: the value of a share, notice, proxies, quorums and majorities.
#[component]
fn GovernanceSettings() -> impl IntoView {
    let save = ServerAction::<SaveGovernanceSettings>::new();
    let settings = Resource::new(move || save.version().get(), |_| governance_settings());
    let locale = use_locale();
    view! {
        <section class="card narrow" aria-labelledby="rules">
            <h2 id="rules">{t(Msg::GovSettingsTitle)}</h2>
            {loaded(settings, move |s| {
                let majority = move |name: &'static str, label: Msg, current: maillon::governance::Majority| {
                    let id = format!("field-{name}");
                    view! {
                        <div class="field">
                            <label for=id.clone()>{t(label)}</label>
                            <select id=id name=name>
                                {[maillon::governance::Majority::Simple, maillon::governance::Majority::TwoThirds].into_iter().map(|m| view! {
                                    <option value=m.code() selected=m == current>{t(m.label())}</option>
                                }).collect_view()}
                            </select>
                        </div>
                    }
                };
                view! {
                    <ActionForm action=save>
                        <Csrf/>
                        <FormError result=save.value().into()/>
                        <FormSuccess result=outcome(save) msg=Msg::Saved/>
                        <Field name="share_value" label=Msg::GovShareValue value=maillon::money::cents_to_input(s.share_value_cents, locale)/>
                        <Field name="notice_days" label=Msg::GovNoticeDays kind="number" value=s.notice_days.to_string()/>
                        <Field name="max_proxies" label=Msg::GovMaxProxies kind="number" value=s.max_proxies.to_string()/>
                        <Field name="ordinary_quorum" label=Msg::GovOrdinaryQuorum value=s.ordinary_quorum.label()/>
                        {majority("ordinary_majority", Msg::GovOrdinaryMajority, s.ordinary_majority)}
                        <Field name="extraordinary_quorum" label=Msg::GovExtraordinaryQuorum value=s.extraordinary_quorum.label()/>
                        {majority("extraordinary_majority", Msg::GovExtraordinaryMajority, s.extraordinary_majority)}
                        <Field name="refund_rule" label=Msg::GovRefundRule required=false maxlength=500 value=s.refund_rule.clone()/>
                        <button type="submit" class="button primary">{t(Msg::Save)}</button>
                    </ActionForm>
                }
            })}
        </section>
    }
}

#[component]
fn Colleges(
    page: CollegesPage,
    define: ServerAction<DefineColleges>,
    reweigh: ServerAction<ReweighColleges>,
) -> impl IntoView {
    let locale = use_locale();
    if page.colleges.is_empty() {
        // The usual colleges of a food SCIC, to adjust to the statutes.
        let rows = [
            ("Producteurs", "35"),
            ("Usagers", "30"),
            ("Salariés", "15"),
            ("Partenaires", "20"),
            ("", ""),
        ];
        let default_row = |c: Category| match c {
            Category::Producer => "0",
            Category::Resident | Category::Shopkeeper => "1",
            Category::Worker => "2",
            _ => "3",
        };
        return view! {
            <ActionForm action=define>
                <Csrf/>
                <table class="lines">
                    <thead><tr><th scope="col">"#"</th><th scope="col">{t(Msg::GovCollegeName)}</th><th scope="col">{t(Msg::GovWeight)}</th></tr></thead>
                    <tbody>{rows.into_iter().enumerate().map(|(i, (name, weight))| view! {
                        <tr>
                            <td>{i + 1}</td>
                            <td><input name=format!("names[{i}]") value=name maxlength="80" aria-label=tf(Msg::GovCollegeNameN, &[("n", &(i + 1).to_string())])/></td>
                            <td><input name=format!("weights[{i}]") value=weight inputmode="decimal" size="5" aria-label=tf(Msg::GovWeightN, &[("n", &(i + 1).to_string())])/></td>
                        </tr>
                    }).collect_view()}</tbody>
                </table>
                <table class="lines">
                    <thead><tr><th scope="col">{t(Msg::GovCategory)}</th><th scope="col">{t(Msg::GovCollege)}</th><th scope="col">{t(Msg::GovMinShares)}</th></tr></thead>
                    <tbody>{Category::ALL.into_iter().enumerate().map(|(i, c)| view! {
                        <tr>
                            <th scope="row">{t(c.label())}</th>
                            <td><select name=format!("college_of[{i}]") aria-label=tf(Msg::GovCollegeOf, &[("category", t(c.label()))])>
                                <option value="">"—"</option>
                                {(0..5).map(|r| view! { <option value=r.to_string() selected=default_row(c) == r.to_string()>{r + 1}</option> }).collect_view()}
                            </select></td>
                            <td><input name=format!("minimum[{i}]") value="1" inputmode="numeric" size="4" aria-label=tf(Msg::GovMinSharesOf, &[("category", t(c.label()))])/></td>
                        </tr>
                    }).collect_view()}</tbody>
                </table>
                <button type="submit" class="button primary">{t(Msg::GovDefineColleges)}</button>
            </ActionForm>
        }.into_any();
    }
    let colleges = page.colleges.clone();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=t(Msg::GovCollegesTitle)>
        <table class="lines">
            <thead><tr><th scope="col">{t(Msg::GovCollege)}</th><th scope="col" class="num">{t(Msg::GovWeight)}</th>
                <th scope="col">{t(Msg::GovCategories)}</th><th scope="col" class="num">{t(Msg::GovMembers)}</th></tr></thead>
            <tbody>{colleges.iter().map(|c| view! {
                <tr>
                    <th scope="row">{c.name.clone()}</th>
                    <td class="num">{format_percent(c.weight_bp.max(0) as u32, locale)}</td>
                    <td>{c.categories.iter().map(|k| t(k.label())).collect::<Vec<_>>().join(", ")}</td>
                    <td class="num">{c.members}</td>
                </tr>
            }).collect_view()}</tbody>
        </table>
        </div>
        <h2>{t(Msg::GovReweigh)}</h2>
        {if page.decisions.is_empty() {
            view! { <p class="empty">{t(Msg::GovReweighNeedsDecision)}</p> }.into_any()
        } else {
            view! {
                <ActionForm action=reweigh>
                    <Csrf/>
                    <div class="field">
                        <label for="field-decision">{t(Msg::GovDecision)}</label>
                        <select id="field-decision" name="decision">
                            {page.decisions.iter().map(|d| view! {
                                <option value=d.id>{tf(Msg::GovDecisionNumber, &[("number", &d.number.to_string()), ("title", &d.proposal_title)])}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    {colleges.iter().enumerate().map(|(i, c)| {
                        let id = format!("weight-{}", c.id);
                        view! {
                            <div class="field">
                                <label for=id.clone()>{c.name.clone()}</label>
                                <input type="hidden" name=format!("ids[{i}]") value=c.id/>
                                <input id=id name=format!("weights[{i}]") inputmode="decimal" value=(c.weight_bp / 100).to_string()/>
                            </div>
                        }
                    }).collect_view()}
                    <button type="submit" class="button primary">{t(Msg::GovReweigh)}</button>
                </ActionForm>
            }.into_any()
        }}
    }.into_any()
}

#[component]
pub fn ConvenePage() -> impl IntoView {
    let convene = ServerAction::<ConveneAssembly>::new();
    view! {
        <section class="card narrow" aria-labelledby="title">
            <h1 id="title">{t(Msg::GovConvene)}</h1>
            <p class="muted">{t(Msg::GovConveneIntro)}</p>
            <ActionForm action=convene>
                <Csrf/>
                <FormError result=convene.value().into()/>
                <div class="field">
                    <label for="field-kind">{t(Msg::GovAssemblyKind)}</label>
                    <select id="field-kind" name="kind">
                        <option value="ordinary">{t(Msg::GovAssemblyOrdinary)}</option>
                        <option value="extraordinary">{t(Msg::GovAssemblyExtraordinary)}</option>
                    </select>
                </div>
                <Field name="title" label=Msg::GovAssemblyTitle maxlength=160/>
                <Field name="opens" label=Msg::GovOpens kind="datetime-local"/>
                <Field name="closes" label=Msg::GovCloses kind="datetime-local"/>
                {(0..3).map(|i| view! {
                    <fieldset>
                        <legend>{tf(Msg::GovResolutionN, &[("n", &(i + 1).to_string())])}</legend>
                        <label for=format!("t{i}")>{t(Msg::GovProposalTitle)}</label>
                        <input id=format!("t{i}") name=format!("titles[{i}]") maxlength="160" required=i == 0/>
                        <label for=format!("b{i}")>{t(Msg::GovProposalText)}</label>
                        <textarea id=format!("b{i}") name=format!("bodies[{i}]") maxlength="4000" rows="4" required=i == 0></textarea>
                        <label for=format!("o{i}")>{t(Msg::GovProposalOptions)}</label>
                        <textarea id=format!("o{i}") name=format!("options[{i}]") rows="3" aria-describedby="options-hint"></textarea>
                    </fieldset>
                }).collect_view()}
                <p class="hint" id="options-hint">{t(Msg::GovProposalOptionsHint)}</p>
                <button type="submit" class="button primary">{t(Msg::GovConvene)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let q = use_query_map();
    let page = Memo::new(move |_| {
        q.with(|q| {
            q.get("page")
                .and_then(|p| p.parse::<u32>().ok())
                .unwrap_or(0)
                .min(10_000)
        })
    });
    let data = Resource::new(move || page.get(), audit_log);
    let locale = use_locale();
    view! {
        <section class="card" aria-labelledby="title">
            <h1 id="title">{t(Msg::GovAuditTitle)}</h1>
            <p class="muted">{t(Msg::GovAuditIntro)}</p>
            {loaded(data, move |(zone, entries, more)| {
                let current = page.get_untracked();
                view! {
                    <div class="table-scroll" tabindex="0" role="region" aria-label=t(Msg::GovAuditTitle)>
                        <table class="lines">
                            <thead><tr><th scope="col">{t(Msg::GovDate)}</th><th scope="col">{t(Msg::GovWho)}</th>
                                <th scope="col">{t(Msg::GovWhat)}</th><th scope="col">{t(Msg::GovBefore)}</th><th scope="col">{t(Msg::GovAfter)}</th></tr></thead>
                            <tbody>{entries.into_iter().map(|e| view! {
                                <tr>
                                    <td>{maillon::time::format_local(e.at, zone.tz(), locale)}</td>
                                    <td>{e.actor.unwrap_or_else(|| t(Msg::GovClock).to_owned())}</td>
                                    <td>{e.action}" · "{e.subject}</td>
                                    <td><code>{e.before.unwrap_or_default()}</code></td>
                                    <td><code>{e.after.unwrap_or_default()}</code></td>
                                </tr>
                            }).collect_view()}</tbody>
                        </table>
                    </div>
                    <nav class="pagination" aria-label=t(Msg::Pagination)>
                        {(current > 0).then(|| view! { <a rel="prev" href=format!("{}?page={}", maillon::paths::AUDIT, current - 1)>{t(Msg::PagePrevious)}</a> })}
                        {more.then(|| view! { <a rel="next" href=format!("{}?page={}", maillon::paths::AUDIT, current + 1)>{t(Msg::PageNext)}</a> })}
                    </nav>
                }
            })}
        </section>
    }
}
