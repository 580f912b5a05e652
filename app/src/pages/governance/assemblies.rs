//! General assemblies as members see them: the list, one assembly (agenda, proxies, the vote,
//! then the results drawn as bars with their tables) and the decisions register.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use maillon::governance::colleges::format_percent;
use maillon::governance::{
    AssemblyPage, AssemblyStatus, CollegeTurnout, MyPart, ProposalKind, ProposalView, Represented,
};
use maillon::i18n::{Locale, Msg};
use maillon::time::format_local;

use super::api::{CastVote, GiveProxy, RevokeProxy, get_assembly, list_assemblies, list_decisions};
use crate::components::{Csrf, FormError, FormSuccess, loaded, outcome};
use crate::i18n::{t, tf, use_locale};
use crate::viewer::use_viewer;

#[component]
pub fn AssembliesPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| list_assemblies());
    let locale = use_locale();
    let viewer = use_viewer();
    let board = move || {
        viewer
            .get()
            .and_then(Result::ok)
            .flatten()
            .is_some_and(|v| v.roles.contains(&maillon::accounts::Role::Board))
    };
    view! {
        <section class="card" aria-labelledby="title">
            <h1 id="title">{t(Msg::GovAssembliesTitle)}</h1>
            <p class="actions">
                <a class="button" href=maillon::paths::DECISIONS>{t(Msg::GovDecisionsTitle)}</a>
                <Transition fallback=|| ()>
                    {move || board().then(|| view! { <a class="button primary" href=maillon::paths::NEW_ASSEMBLY>{t(Msg::GovConvene)}</a> })}
                </Transition>
            </p>
            {loaded(list, move |(zone, list)| {
                let tz = zone.tz();
                if list.is_empty() {
                    return view! { <p class="empty">{t(Msg::GovNoAssemblies)}</p> }.into_any();
                }
                view! {
                    <ul class="list">
                        {list.into_iter().map(|a| {
                            let when = tf(Msg::GovWindow, &[
                                ("opens", &format_local(a.opens_at, tz, locale)),
                                ("closes", &format_local(a.closes_at, tz, locale)),
                            ]);
                            view! {
                                <li>
                                    <a href=maillon::paths::assembly(a.id)><strong>{a.title}</strong></a>
                                    <span class="tag">{t(a.status.label())}</span>
                                    <p class="muted">{t(a.kind.label())}" · "{when}</p>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
        </section>
    }
}

#[component]
pub fn AssemblyDetailPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0)));
    let vote = ServerAction::<CastVote>::new();
    let give = ServerAction::<GiveProxy>::new();
    let revoke = ServerAction::<RevokeProxy>::new();
    let page = Resource::new(
        move || {
            (
                id.get(),
                vote.version().get(),
                give.version().get(),
                revoke.version().get(),
            )
        },
        |(id, ..)| get_assembly(id),
    );
    view! {
        <section class="card" aria-labelledby="title">
            <FormSuccess result=outcome(vote) msg=Msg::GovVoted/>
            <FormSuccess result=outcome(give) msg=Msg::GovProxyGiven/>
            <FormSuccess result=outcome(revoke) msg=Msg::GovProxyRevoked/>
            <FormError result=vote.value().into()/>
            <FormError result=give.value().into()/>
            <FormError result=revoke.value().into()/>
            {loaded(page, move |a| view! { <Assembly a vote give revoke/> })}
        </section>
    }
}

fn option_label(p: &ProposalView, o: usize) -> String {
    match p.kind {
        ProposalKind::Motion => t(if o == 0 { Msg::GovFor } else { Msg::GovAgainst }).to_owned(),
        ProposalKind::Choice => p.options.get(o).cloned().unwrap_or_default(),
    }
}

#[component]
fn Assembly(
    a: AssemblyPage,
    vote: ServerAction<CastVote>,
    give: ServerAction<GiveProxy>,
    revoke: ServerAction<RevokeProxy>,
) -> impl IntoView {
    let locale = use_locale();
    let tz = a.zone.tz();
    let s = a.summary.clone();
    let when = tf(
        Msg::GovWindow,
        &[
            ("opens", &format_local(s.opens_at, tz, locale)),
            ("closes", &format_local(s.closes_at, tz, locale)),
        ],
    );
    let rule = tf(
        Msg::GovRule,
        &[("quorum", &a.quorum.label()), ("majority", t(a.majority.label()))],
    );
    let colleges = a
        .colleges
        .iter()
        .map(|c| format!("{} {}", c.name, format_percent(c.weight_bp.max(0) as u32, locale)))
        .collect::<Vec<_>>()
        .join(" · ");
    let closed = s.status == AssemblyStatus::Closed;
    view! {
        <h1 id="title">{s.title.clone()}</h1>
        <p><span class="tag">{t(s.status.label())}</span>" "{t(s.kind.label())}</p>
        <p>{when}</p>
        <p class="muted">{rule}</p>
        <p class="muted">{t(Msg::GovCollegesWeights)}{maillon::i18n::colon(locale)}{colleges}</p>
        {closed.then(|| {
            let took = a.took_part.unwrap_or(0);
            let of = a.electorate.unwrap_or(0);
            view! {
                <p>{tf(Msg::GovTurnout, &[("voted", &took.to_string()), ("members", &of.to_string())])}</p>
                <Turnout turnout=a.turnout.clone()/>
                <p class="hint">{t(Msg::GovTallyRule)}</p>
                <p><a class="button" href=maillon::paths::minutes(s.id)>{t(Msg::GovMinutes)}</a></p>
            }
        })}
        <h2>{t(Msg::GovAgenda)}</h2>
        <ol class="agenda">
            {a.proposals.iter().map(|p| view! { <Proposal p=p.clone() colleges=a.colleges.iter().map(|c| c.name.clone()).collect() locale/> }).collect_view()}
        </ol>
        // After the agenda: the texts are read before the ballot.
        {a.me.clone().map(|me| view! { <MyPartView a=a.clone() me vote give revoke/> })}
    }
}

/// Who took part, per college, out of who could.
#[component]
pub(super) fn Turnout(turnout: Vec<CollegeTurnout>) -> impl IntoView {
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=t(Msg::GovTurnoutByCollege)>
            <table class="lines">
                <caption>{t(Msg::GovTurnoutByCollege)}</caption>
                <thead><tr><th scope="col">{t(Msg::GovCollege)}</th><th scope="col" class="num">{t(Msg::GovVotedCount)}</th><th scope="col" class="num">{t(Msg::GovElectorate)}</th></tr></thead>
                <tbody>{turnout.into_iter().map(|c| view! {
                    <tr><th scope="row">{c.name}</th><td class="num">{c.voted}</td><td class="num">{c.electorate}</td></tr>
                }).collect_view()}</tbody>
            </table>
        </div>
    }
}

#[component]
pub(super) fn Proposal(p: ProposalView, colleges: Vec<String>, locale: Locale) -> impl IntoView {
    let result = p.result.clone();
    view! {
        <li class="proposal">
            <h3>{p.title.clone()}</h3>
            {p.decision.map(|n| view! { <p class="muted">{tf(Msg::GovDecisionNo, &[("number", &n.to_string())])}</p> })}
            <p class="prewrap">{p.body.clone()}</p>
            {(p.kind == ProposalKind::Choice).then(|| view! {
                <ul class="chips">{p.options.iter().map(|o| view! { <li class="chip">{o.clone()}</li> }).collect_view()}</ul>
            })}
            {result.map(|r| {
                let verdict = if r.adopted { Msg::GovAdoptedTitle } else { Msg::GovRejectedTitle };
                let quorum = if r.quorum_reached { Msg::GovQuorumReached } else { Msg::GovQuorumMissed };
                let options = p.option_count();
                view! {
                    <p class=if r.adopted { "verdict adopted" } else { "verdict rejected" }><strong>{t(verdict)}</strong>" · "{t(quorum)}</p>
                    <div class="bars" role="img" aria-label=t(Msg::GovWeightedResult)>
                        {(0..options).map(|o| {
                            let bp = r.weighted_bp.get(o).copied().unwrap_or(0);
                            view! {
                                <div class="bar-row">
                                    <span class="bar-label">{option_label(&p, o)}</span>
                                    // Drawn in SVG: its width is an attribute, which the CSP (no inline styles) allows.
                                    <svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
                                        <rect width=format!("{}", (bp / 100).max(1)) height="10"></rect>
                                    </svg>
                                    <span class="bar-value">{format_percent(bp, locale)}</span>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                    <div class="table-scroll" tabindex="0" role="region" aria-label=t(Msg::GovResultByCollege)>
                    <table class="lines">
                        <caption>{t(Msg::GovResultByCollege)}</caption>
                        <thead><tr>
                            <th scope="col">{t(Msg::GovCollege)}</th>
                            {(0..options).map(|o| view! { <th scope="col" class="num">{option_label(&p, o)}</th> }).collect_view()}
                            <th scope="col" class="num">{t(Msg::GovAbstain)}</th>
                        </tr></thead>
                        <tbody>
                            {r.colleges.iter().zip(colleges.iter()).map(|(c, name)| view! {
                                <tr>
                                    <th scope="row">{name.clone()}{(!c.counted).then(|| view! { <span class="muted">" ("{t(Msg::GovNotCounted)}")"</span> })}</th>
                                    {c.votes.iter().zip(&c.shares_bp).map(|(v, bp)| view! {
                                        <td class="num">{*v}" ("{format_percent(*bp, locale)}")"</td>
                                    }).collect_view()}
                                    <td class="num">{c.abstentions}</td>
                                </tr>
                            }).collect_view()}
                            <tr>
                                <th scope="row">{t(Msg::GovWeightedResult)}</th>
                                {r.weighted_bp.iter().map(|bp| view! { <td class="num">{format_percent(*bp, locale)}</td> }).collect_view()}
                                <td></td>
                            </tr>
                        </tbody>
                    </table>
                    </div>
                }
            })}
        </li>
    }
}

#[component]
fn MyPartView(
    a: AssemblyPage,
    me: MyPart,
    vote: ServerAction<CastVote>,
    give: ServerAction<GiveProxy>,
    revoke: ServerAction<RevokeProxy>,
) -> impl IntoView {
    let id = a.summary.id;
    let status = a.summary.status;
    let number = me.number.map(|n| n.to_string()).unwrap_or_default();
    let proxy_to = me.proxy_to.clone();
    view! {
        <section class="my-part" aria-labelledby="my-part">
            <h2 id="my-part">{t(Msg::GovMyPart)}</h2>
            <p class="muted">{tf(Msg::GovMeIn, &[("number", &number), ("college", &me.college.clone().unwrap_or_default())])}</p>
            {match (status, proxy_to) {
                (AssemblyStatus::Convened, Some((name, n))) => view! {
                    <p>{tf(Msg::GovProxyTo, &[("name", &name), ("number", &n.to_string())])}</p>
                    <ActionForm action=revoke>
                        <Csrf/>
                        <input type="hidden" name="assembly" value=id/>
                        <button type="submit" class="button">{t(Msg::GovProxyRevoke)}</button>
                    </ActionForm>
                }.into_any(),
                (AssemblyStatus::Convened, None) => view! {
                    <p>{t(Msg::GovVoteOpensLater)}</p>
                    {(me.proxies_held > 0).then(|| view! { <p>{tf(Msg::GovProxiesHeld, &[("count", &me.proxies_held.to_string())])}</p> })}
                    <ActionForm action=give attr:class="inline">
                        <Csrf/>
                        <input type="hidden" name="assembly" value=id/>
                        <label for="holder">{tf(Msg::GovProxyGive, &[("max", &a.max_proxies.to_string())])}</label>
                        <input id="holder" name="holder" inputmode="numeric" required maxlength="9"/>
                        <button type="submit" class="button">{t(Msg::GovProxyGiveButton)}</button>
                    </ActionForm>
                }.into_any(),
                (AssemblyStatus::Open, _) => {
                    let nothing = me.votes_for.is_empty();
                    view! {
                        {me.votes_for.clone().into_iter().map(|r| view! { <Ballot r proposals=a.proposals.clone() assembly=id vote/> }).collect_view()}
                        {nothing.then(|| view! { <p>{t(Msg::GovNothingToVote)}</p> })}
                    }.into_any()
                }
                (AssemblyStatus::Closed, _) => view! { <p>{t(Msg::GovClosedNote)}</p> }.into_any(),
            }}
        </section>
    }
}

/// One ballot: the signed-in member's own, or one they hold by proxy. Abstention is checked
/// by default, so that every proposal is answered; the vote asks for confirmation (it is final).
#[component]
fn Ballot(r: Represented, proposals: Vec<ProposalView>, assembly: i64, vote: ServerAction<CastVote>) -> impl IntoView {
    if r.voted {
        let msg = if r.is_me {
            t(Msg::GovYouVoted).to_owned()
        } else {
            tf(Msg::GovVotedFor, &[("name", &r.name)])
        };
        return view! { <p class="alert success">{msg}</p> }.into_any();
    }
    let heading = if r.is_me {
        t(Msg::GovYourBallot).to_owned()
    } else {
        tf(Msg::GovBallotFor, &[("name", &r.name)])
    };
    view! {
        <ActionForm action=vote attr:class="ballot">
            <Csrf/>
            <h3>{heading}</h3>
            <input type="hidden" name="assembly" value=assembly/>
            <input type="hidden" name="member" value=r.member_id/>
            {proposals.into_iter().enumerate().map(|(i, p)| {
                let name = format!("choices[{i}]");
                view! {
                    <fieldset>
                        <legend>{format!("{}. {}", p.position, p.title)}</legend>
                        {(0..p.option_count()).map(|o| view! {
                            <label class="choice"><input type="radio" name=name.clone() value=o.to_string()/>{option_label(&p, o)}</label>
                        }).collect_view()}
                        <label class="choice"><input type="radio" name=name.clone() value="abstain" checked/>{t(Msg::GovAbstain)}</label>
                    </fieldset>
                }
            }).collect_view()}
            <details class="confirm">
                <summary class="button primary">{t(Msg::GovVote)}</summary>
                <p>{t(Msg::GovVoteFinal)}</p>
                <button type="submit" class="button primary">{t(Msg::GovVoteConfirm)}</button>
            </details>
        </ActionForm>
    }
    .into_any()
}

#[component]
pub fn DecisionsPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| list_decisions());
    let locale = use_locale();
    view! {
        <section class="card" aria-labelledby="title">
            <h1 id="title">{t(Msg::GovDecisionsTitle)}</h1>
            <p class="muted">{t(Msg::GovDecisionsIntro)}</p>
            {loaded(list, move |list| {
                if list.is_empty() {
                    return view! { <p class="empty">{t(Msg::GovNoDecisions)}</p> }.into_any();
                }
                view! {
                    <ol class="decisions">
                        {list.into_iter().map(|d| {
                            let verdict = if d.adopted { Msg::GovAdoptedTitle } else { Msg::GovRejectedTitle };
                            view! {
                                <li value=d.number>
                                    <h2>{tf(Msg::GovDecisionNumber, &[("number", &d.number.to_string()), ("title", &d.proposal_title)])}</h2>
                                    <p class="muted"><a href=maillon::paths::assembly(d.assembly_id)>{d.assembly_title}</a>" · "
                                        {maillon::time::format_date(d.decided_at.date_naive(), locale)}</p>
                                    <p class="prewrap">{d.body}</p>
                                    <p><strong>{t(verdict)}</strong>{d.chosen.map(|c| format!(" : {c}"))}</p>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            })}
        </section>
    }
}
