//! Members' credit: a member's statement (balance, movements, top-up by card, where refunds
//! go), and the page where hub staff record money received and the board adjusts a credit.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use maillon::coop::Page;
use maillon::credit::{AccountSummary, EntryKind, Statement};
use maillon::i18n::Msg;
use maillon::money::format_cents;
use maillon::time::{Zone, format_local};

use crate::components::{Csrf, Field, FormError, FormSuccess, Pagination, loaded, outcome};
use crate::error::AppError;
use crate::i18n::{t, tf, use_locale};

#[server(endpoint = "my_credit", input = leptos::server_fn::codec::GetUrl)]
pub async fn my_credit(page: u32) -> Result<(Statement, bool, Zone), AppError> {
    let user = crate::ssr::require(maillon::accounts::Permission::SignedIn).await?;
    let ctx = crate::ssr::ctx()?;
    let statement = maillon::credit::store::statement(&ctx, user.id, page).await?;
    Ok((statement, crate::ssr::card_payments_enabled(), ctx.coop().timezone))
}

/// Opens a Stripe Checkout page for a top-up of `amount` and sends the member there.
#[server(endpoint = "top_up_credit")]
pub async fn top_up_credit(csrf: String, amount: String) -> Result<(), AppError> {
    let _ = csrf;
    crate::ssr::require(maillon::accounts::Permission::SignedIn).await?;
    let cents =
        maillon::credit::parse_card_top_up(&amount).map_err(|m| maillon::error::ServiceError::field("amount", m))?;
    let url = crate::ssr::open_top_up(cents).await?;
    leptos_axum::redirect(&url);
    Ok(())
}

#[server(endpoint = "set_refund_choice")]
pub async fn set_refund_choice(csrf: String, refunds: String) -> Result<(), AppError> {
    let _ = csrf;
    let user = crate::ssr::require(maillon::accounts::Permission::SignedIn).await?;
    let to_credit = match refunds.as_str() {
        "credit" => true,
        "card" => false,
        _ => return Err(maillon::error::ServiceError::invalid(Msg::ErrBadRequest).into()),
    };
    Ok(maillon::credit::store::set_refunds_to_credit(&crate::ssr::ctx()?, user.id, to_credit).await?)
}

/// The members' accounts, and whether the reader (board) may adjust them.
#[server(endpoint = "credit_accounts", input = leptos::server_fn::codec::GetUrl)]
pub async fn credit_accounts(page: u32) -> Result<(Page<AccountSummary>, bool), AppError> {
    let user = crate::ssr::require(maillon::accounts::Permission::ManageCycles).await?;
    let board = maillon::accounts::allows(&user.roles, maillon::accounts::Permission::Govern);
    Ok((
        maillon::credit::store::accounts(&crate::ssr::ctx()?, page).await?,
        board,
    ))
}

/// Money received at the hub for a member. `confirm` comes from the confirmation's button.
#[server(endpoint = "record_top_up")]
pub async fn record_top_up(
    csrf: String,
    email: String,
    amount: String,
    #[server(default)] note: String,
    #[server(default)] confirm: String,
) -> Result<(), AppError> {
    use maillon::error::ServiceError;
    let _ = csrf;
    let user = crate::ssr::require(maillon::accounts::Permission::ManageCycles).await?;
    let cents = maillon::credit::parse_top_up(&amount).map_err(|m| ServiceError::field("amount", m))?;
    let note = maillon::credit::parse_reason(&note, false).map_err(|m| ServiceError::field("note", m))?;
    if confirm != "yes" {
        return Err(ServiceError::invalid(Msg::CreditRecordConfirm).into());
    }
    let what = maillon::credit::store::StaffMove::TopUp;
    maillon::credit::store::record(&crate::ssr::ctx()?, &user, &email, what, cents, &note).await?;
    Ok(())
}

/// The board's correction of a member's credit, with its reason.
#[server(endpoint = "adjust_credit")]
pub async fn adjust_credit(
    csrf: String,
    member: String,
    change: String,
    reason: String,
    #[server(default)] confirm: String,
) -> Result<(), AppError> {
    use maillon::error::ServiceError;
    let _ = csrf;
    let user = crate::ssr::require(maillon::accounts::Permission::Govern).await?;
    let cents = maillon::credit::parse_adjustment(&change).map_err(|m| ServiceError::field("change", m))?;
    let reason = maillon::credit::parse_reason(&reason, true).map_err(|m| ServiceError::field("reason", m))?;
    if confirm != "yes" {
        return Err(ServiceError::invalid(Msg::CreditAdjustConfirm).into());
    }
    let what = maillon::credit::store::StaffMove::Adjustment;
    maillon::credit::store::record(&crate::ssr::ctx()?, &user, &member, what, cents, &reason).await?;
    Ok(())
}

/// A signed amount as a statement shows it: "+ 20,00 €", "− 12,40 €".
pub(crate) fn signed(cents: i64, locale: maillon::i18n::Locale) -> String {
    let sign = if cents < 0 { "−" } else { "+" };
    format!("{sign}\u{a0}{}", format_cents(cents.abs(), locale))
}

/// A member's credit: balance, movements, top-up by card, where refunds go.
#[component]
pub fn MyCreditPage() -> impl IntoView {
    let q = use_query_map();
    let page = Memo::new(move |_| maillon::coop::page_number(q.with(|q| q.get("page")).as_deref()));
    let paid = Memo::new(move |_| q.with(|q| q.get("recharge").as_deref() == Some("ok")));
    let top_up = ServerAction::<TopUpCredit>::new();
    let choice = ServerAction::<SetRefundChoice>::new();
    let data = Resource::new(
        move || (page.get(), choice.version().get()),
        |(page, _)| my_credit(page),
    );
    let locale = use_locale();
    view! {
        <section class="card" aria-labelledby="title">
            <h1 id="title">{t(Msg::CreditTitle)}</h1>
            <p class="muted">{t(Msg::CreditHint)}</p>
            {move || paid.get().then(|| view! { <p class="alert success" role="status">{t(Msg::CreditTopUpDone)}</p> })}
            {loaded(data, move |(s, card, zone): (Statement, bool, Zone)| {
                let tz = zone.tz();
                let to_credit = s.refunds_to_credit;
                view! {
                    <p class="total">{t(Msg::CreditBalance)}{maillon::i18n::colon(locale)}<strong>{format_cents(s.balance_cents, locale)}</strong></p>
                    {card.then(|| view! {
                        <h2>{t(Msg::CreditTopUpTitle)}</h2>
                        <ActionForm action=top_up>
                            <Csrf/>
                            <FormError result=top_up.value().into()/>
                            <Field name="amount" label=Msg::CreditTopUpAmount kind="text" maxlength=10 value="20"/>
                            <button type="submit" class="button primary">{t(Msg::CreditTopUpButton)}</button>
                        </ActionForm>
                    })}
                    <p class="hint">{t(Msg::CreditTopUpAtHub)}</p>
                    <h2>{t(Msg::CreditEntries)}</h2>
                    {if s.entries.items.is_empty() {
                        view! { <p class="empty">{t(Msg::CreditEntriesEmpty)}</p> }.into_any()
                    } else {
                        let entries = s.entries.clone();
                        view! {
                            <ul class="order-list doc-list">
                                {entries.items.iter().map(|e| view! {
                                    <li>
                                        <strong>{t(e.kind.label())}</strong> " · " <strong>{signed(e.amount_cents, locale)}</strong>
                                        <br/><span class="muted">{format_local(e.at, tz, locale)} " · "
                                            {tf(Msg::CreditBalanceAfter, &[("amount", &format_cents(e.balance_cents, locale))])}</span>
                                        {e.order_id.map(|id| view! { <br/><a href=maillon::paths::order(id)>{tf(Msg::OrderNumber, &[("number", &id.to_string())])}</a> })}
                                        {(matches!(e.kind, EntryKind::Adjustment | EntryKind::TopUpHub) && !e.reason.is_empty())
                                            .then(|| view! { <br/><span>{e.reason.clone()}</span> })}
                                    </li>
                                }).collect_view()}
                            </ul>
                            <Pagination page=entries href=|p| format!("{}?page={p}", maillon::paths::MY_CREDIT)/>
                        }.into_any()
                    }}
                    <h2>{t(Msg::CreditRefundChoice)}</h2>
                    <ActionForm action=choice>
                        <Csrf/>
                        <FormError result=choice.value().into()/>
                        <FormSuccess result=outcome(choice) msg=Msg::Saved/>
                        <fieldset class="choices">
                            <legend class="visually-hidden">{t(Msg::CreditRefundChoice)}</legend>
                            <label for="refunds-card" class="choice">
                                <input type="radio" id="refunds-card" name="refunds" value="card" checked=!to_credit/>
                                <span>{t(Msg::CreditRefundsToCard)}</span>
                            </label>
                            <label for="refunds-credit" class="choice">
                                <input type="radio" id="refunds-credit" name="refunds" value="credit" checked=to_credit/>
                                <span>{t(Msg::CreditRefundsToCredit)}</span>
                            </label>
                        </fieldset>
                        <p class="hint">{t(Msg::CreditRefundsHint)}</p>
                        <button type="submit" class="button">{t(Msg::Save)}</button>
                    </ActionForm>
                }
            })}
        </section>
    }
}

/// Hub staff record money received for a member; the board adjusts a credit, with a reason.
#[component]
pub fn CreditAccountsPage() -> impl IntoView {
    let q = use_query_map();
    let page = Memo::new(move |_| maillon::coop::page_number(q.with(|q| q.get("page")).as_deref()));
    let record = ServerAction::<RecordTopUp>::new();
    let adjust = ServerAction::<AdjustCredit>::new();
    let data = Resource::new(
        move || (page.get(), record.version().get() + adjust.version().get()),
        |(page, _)| credit_accounts(page),
    );
    let locale = use_locale();
    view! {
        <section class="card" aria-labelledby="title">
            <h1 id="title">{t(Msg::CreditAccountsTitle)}</h1>
            <p class="muted">{t(Msg::CreditAccountsHint)}</p>
            <h2>{t(Msg::CreditRecordTopUp)}</h2>
            <ActionForm action=record>
                <Csrf/>
                <FormError result=record.value().into()/>
                <FormSuccess result=outcome(record) msg=Msg::Saved/>
                <Field name="email" label=Msg::CreditMemberEmail kind="email" autocomplete="off" maxlength=254/>
                <Field name="amount" label=Msg::CreditAmountLabel maxlength=10/>
                <Field name="note" label=Msg::CreditNoteLabel required=false maxlength=300/>
                <details class="confirm">
                    <summary class="button primary">{t(Msg::Record)}</summary>
                    <p>{t(Msg::CreditRecordConfirm)}</p>
                    <button type="submit" name="confirm" value="yes" class="button primary">{t(Msg::Confirm)}</button>
                </details>
            </ActionForm>
            {loaded(data, move |(list, board): (Page<AccountSummary>, bool)| view! {
                {board.then(|| view! {
                    <h2>{t(Msg::CreditAdjustTitle)}</h2>
                    <ActionForm action=adjust>
                        <Csrf/>
                        <FormError result=adjust.value().into()/>
                        <FormSuccess result=outcome(adjust) msg=Msg::Saved/>
                        <Field name="member" label=Msg::CreditMemberEmail kind="email" autocomplete="off" maxlength=254/>
                        <Field name="change" label=Msg::CreditAdjustAmount maxlength=11/>
                        <Field name="reason" label=Msg::CreditReasonLabel maxlength=300/>
                        <details class="confirm">
                            <summary class="button">{t(Msg::CreditAdjustTitle)}</summary>
                            <p>{t(Msg::CreditAdjustConfirm)}</p>
                            <button type="submit" name="confirm" value="yes" class="button primary">{t(Msg::Confirm)}</button>
                        </details>
                    </ActionForm>
                })}
                <h2>{t(Msg::CreditBalance)}</h2>
                {if list.items.is_empty() {
                    view! { <p class="empty">{t(Msg::CreditAccountsEmpty)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="order-list doc-list">
                            {list.items.iter().map(|a| view! {
                                <li><strong>{a.name.clone()}</strong> " · " <strong>{format_cents(a.balance_cents, locale)}</strong>
                                    <br/><span class="muted">{a.email.clone()}</span></li>
                            }).collect_view()}
                        </ul>
                        <Pagination page=list.clone() href=|p| format!("{}?page={p}", maillon::paths::CREDIT_ACCOUNTS)/>
                    }.into_any()
                }}
            })}
        </section>
    }
}
