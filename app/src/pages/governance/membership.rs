//! My membership: apply to become a member, or see my number, college, shares and their
//! history, and ask to leave.

use leptos::prelude::*;
use maillon::governance::{MemberStatus, MyMembership, forms::SharePayment};
use maillon::i18n::Msg;
use maillon::money::format_cents;

use super::api::{ApplyMembership, LeaveCooperative, PayShares, get_membership};
use super::documents::MovementList;
use crate::components::{Csrf, Field, FormError, FormSuccess, loaded, outcome};
use crate::i18n::{t, tf, use_locale};

#[component]
pub fn MembershipPage() -> impl IntoView {
    let apply = ServerAction::<ApplyMembership>::new();
    let leave = ServerAction::<LeaveCooperative>::new();
    let pay = ServerAction::<PayShares>::new();
    let q = leptos_router::hooks::use_query_map();
    let back_from_stripe = move || q.with(|q| q.get("paiement").as_deref() == Some("ok"));
    let mine = Resource::new(
        move || (apply.version().get(), leave.version().get()),
        |_| get_membership(),
    );
    view! {
        <section class="card narrow" aria-labelledby="title">
            <h1 id="title">{t(Msg::GovMembershipTitle)}</h1>
            <FormSuccess result=outcome(apply) msg=Msg::GovApplied/>
            <FormSuccess result=outcome(leave) msg=Msg::GovLeaveRequested/>
            <FormError result=pay.value().into()/>
            {move || back_from_stripe().then(|| view! { <p class="alert success" role="status">{t(Msg::GovCardReturn)}</p> })}
            {loaded(mine, move |m| view! { <Membership m apply leave pay/> })}
        </section>
    }
}

#[component]
fn Membership(
    m: MyMembership,
    apply: ServerAction<ApplyMembership>,
    leave: ServerAction<LeaveCooperative>,
    pay: ServerAction<PayShares>,
) -> impl IntoView {
    let locale = use_locale();
    match m.member.clone() {
        Some(member) if member.status != MemberStatus::Refused && member.status != MemberStatus::Left => {
            // An applicant holds nothing yet: what they applied for is what they will owe.
            let applied = member.status == MemberStatus::Applied;
            let shares = if applied {
                i64::from(member.shares_applied)
            } else {
                member.shares
            };
            // A card payment made when applying enters the register with the approval.
            let paid = member.paid_cents + if applied { member.card_paid_cents } else { 0 };
            let due = (shares * m.settings.share_value_cents - paid).max(0);
            let number = member.number.map(|n| n.to_string()).unwrap_or_else(|| "—".into());
            view! {
                <p class="lead">{t(member.status.label())}</p>
                <dl class="facts">
                    <dt>{t(Msg::GovMemberNumber)}</dt><dd>{number}</dd>
                    <dt>{t(Msg::GovCategory)}</dt><dd>{t(member.category.label())}</dd>
                    <dt>{t(Msg::GovCollege)}</dt><dd>{member.college.clone().unwrap_or_default()}</dd>
                    <dt>{t(if applied { Msg::GovSharesAppliedFor } else { Msg::GovSharesHeld })}</dt><dd>{shares}</dd>
                    <dt>{t(Msg::GovSharesPaid)}</dt><dd>{format_cents(paid, locale)}</dd>
                    <dt>{t(Msg::GovSharesDue)}</dt><dd>{format_cents(due, locale)}</dd>
                </dl>
                {applied.then(|| view! { <p>{t(Msg::GovApplicationWaiting)}</p> })}
                {match (applied, member.payment, member.card_paid_on) {
                    (false, ..) => ().into_any(),
                    (true, SharePayment::Card, Some(on)) => view! {
                        <p>{tf(Msg::GovCardPaid, &[
                            ("amount", &format_cents(member.card_paid_cents, locale)),
                            ("date", &maillon::time::format_date(on, locale)),
                        ])}</p>
                    }.into_any(),
                    (true, SharePayment::Card, None) => view! {
                        <p>{t(Msg::GovCardPending)}</p>
                        <ActionForm action=pay>
                            <Csrf/>
                            <button type="submit" class="button primary">{tf(Msg::GovPayShares, &[("amount", &format_cents(due, locale))])}</button>
                        </ActionForm>
                    }.into_any(),
                    (true, p, _) => view! { <p class="hint">{t(p.label())}{" · "}{t(Msg::GovPaymentHint)}</p> }.into_any(),
                }}
                {(!m.movements.is_empty()).then(|| view! {
                    <h2>{t(Msg::GovHistory)}</h2>
                    <MovementList movements=m.movements.clone()/>
                })}
                {member.status.votes().then(|| view! {
                    <p><a class="button" href=maillon::paths::ASSEMBLIES>{t(Msg::GovSeeAssemblies)}</a></p>
                })}
                {(member.status == MemberStatus::Active).then(|| view! {
                    <details class="danger">
                        <summary>{t(Msg::GovLeave)}</summary>
                        <ActionForm action=leave>
                            <Csrf/>
                            <FormError result=leave.value().into()/>
                            <p>{t(Msg::GovLeaveWarning)}</p>
                            {(!m.settings.refund_rule.is_empty()).then(|| view! { <p class="hint">{m.settings.refund_rule.clone()}</p> })}
                            <button type="submit" class="button danger" name="confirm" value="yes">{t(Msg::GovLeaveConfirm)}</button>
                        </ActionForm>
                    </details>
                })}
            }
            .into_any()
        }
        refused => {
            let reason = refused
                .filter(|r| r.status == MemberStatus::Refused)
                .map(|r| (r.refusal_reason, r.card_paid_cents > 0));
            let value = format_cents(m.settings.share_value_cents, locale);
            view! {
                <p>{tf(Msg::GovApplyIntro, &[("value", &value)])}</p>
                {reason.map(|(r, card)| view! {
                    <p class="alert">{tf(Msg::GovRefusedBecause, &[("reason", &r)])}</p>
                    {card.then(|| view! { <p>{t(Msg::GovCardRefunded)}</p> })}
                })}
                {if m.categories.is_empty() {
                    view! { <p class="empty">{t(Msg::GovNoCategories)}</p> }.into_any()
                } else {
                    view! {
                        <ActionForm action=apply>
                            <Csrf/>
                            <FormError result=apply.value().into()/>
                            <div class="field">
                                <label for="field-category">{t(Msg::GovCategory)}</label>
                                <select id="field-category" name="category" required>
                                    {m.categories.iter().map(|c| {
                                        let label = tf(Msg::GovCategoryOption, &[
                                            ("category", t(c.category.label())),
                                            ("college", &c.college),
                                            ("min", &c.min_shares.to_string()),
                                        ]);
                                        view! { <option value=c.category.code()>{label}</option> }
                                    }).collect_view()}
                                </select>
                            </div>
                            <Field name="name" label=Msg::GovName hint=Msg::GovNameHint maxlength=120/>
                            <Field name="registration" label=Msg::GovRegistration required=false maxlength=20/>
                            <Field name="representative" label=Msg::GovRepresentative hint=Msg::GovRepresentativeHint required=false maxlength=120/>
                            <Field name="address" label=Msg::GovAddress autocomplete="street-address" maxlength=300/>
                            <Field name="shares" label=Msg::GovShares kind="number" value="1".to_string()/>
                            <fieldset>
                                <legend>{t(Msg::GovPayment)}</legend>
                                {[SharePayment::Card, SharePayment::Transfer, SharePayment::Cheque]
                                    .into_iter()
                                    .filter(|p| m.cards || *p != SharePayment::Card)
                                    .enumerate()
                                    .map(|(i, p)| view! {
                                    <label class="choice"><input type="radio" name="payment" value=p.code() checked=i == 0/>{t(p.label())}</label>
                                }).collect_view()}
                                <p class="hint">{t(if m.cards { Msg::GovPaymentHintCard } else { Msg::GovPaymentHint })}</p>
                            </fieldset>
                            <button type="submit" class="button primary">{t(Msg::GovApply)}</button>
                        </ActionForm>
                    }.into_any()
                }}
            }
            .into_any()
        }
    }
}
