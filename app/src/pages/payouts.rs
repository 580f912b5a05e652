//! Producers' payout statements: a producer's list with where they are paid, one statement
//! (printable), and the board's page that batches the transfers into a SEPA file and records
//! that the bank paid them.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use maillon::catalogue::format_vat;
use maillon::coop::Page;
use maillon::i18n::{Msg, colon};
use maillon::ledger::{BankAccount, BatchSummary, PayoutSummary, PayoutView};
use maillon::money::format_cents;
use maillon::time::{Zone, format_date};

use crate::components::{Csrf, Field, FormError, FormSuccess, Pagination, loaded, outcome};
use crate::error::AppError;
use crate::i18n::{t, tf, use_locale};

#[server(endpoint = "my_statements", input = leptos::server_fn::codec::GetUrl)]
pub async fn my_statements(page: u32) -> Result<(Page<PayoutSummary>, Option<BankAccount>, Zone), AppError> {
    let user = crate::ssr::require(maillon::accounts::Permission::ManageOwnFarm).await?;
    let ctx = crate::ssr::ctx()?;
    let list = maillon::ledger::store::my_payouts(&ctx, &user, page).await?;
    let account = maillon::ledger::store::bank_account(&ctx, &user).await?;
    Ok((list, account, ctx.coop().timezone))
}

#[server(endpoint = "save_bank_account")]
pub async fn save_bank_account(csrf: String, holder: String, iban: String, bic: String) -> Result<(), AppError> {
    let _ = csrf;
    let user = crate::ssr::require(maillon::accounts::Permission::ManageOwnFarm).await?;
    let account = maillon::ledger::bank::parse_bank_account(&holder, &iban, &bic)
        .map_err(|(field, msg)| maillon::error::ServiceError::field(field, msg))?;
    Ok(maillon::ledger::store::set_bank_account(&crate::ssr::ctx()?, &user, &account).await?)
}

#[server(endpoint = "get_statement", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_statement(id: i64) -> Result<(PayoutView, Zone), AppError> {
    let user = crate::ssr::require(maillon::accounts::Permission::SignedIn).await?;
    let ctx = crate::ssr::ctx()?;
    Ok((
        maillon::ledger::store::payout(&ctx, &user, id).await?,
        ctx.coop().timezone,
    ))
}

#[server(endpoint = "board_payouts", input = leptos::server_fn::codec::GetUrl)]
pub async fn board_payouts(page: u32) -> Result<(Page<PayoutSummary>, Vec<BatchSummary>, Zone), AppError> {
    crate::ssr::require(maillon::accounts::Permission::Govern).await?;
    let ctx = crate::ssr::ctx()?;
    let list = maillon::ledger::store::payouts(&ctx, None, page).await?;
    Ok((list, maillon::ledger::store::batches(&ctx).await?, ctx.coop().timezone))
}

#[server(endpoint = "create_payout_batch")]
pub async fn create_payout_batch(csrf: String, execution: String) -> Result<(), AppError> {
    let _ = csrf;
    let user = crate::ssr::require(maillon::accounts::Permission::Govern).await?;
    let day = chrono::NaiveDate::parse_from_str(execution.trim(), "%Y-%m-%d")
        .map_err(|_| maillon::error::ServiceError::field("execution", Msg::ErrExecutionDate))?;
    maillon::ledger::store::create_batch(&crate::ssr::ctx()?, &user, day).await?;
    Ok(())
}

/// `confirm` comes from the confirmation's button: without it, nothing happens.
#[server(endpoint = "mark_batch_paid")]
pub async fn mark_batch_paid(csrf: String, batch: i64, #[server(default)] confirm: String) -> Result<(), AppError> {
    let _ = csrf;
    let user = crate::ssr::require(maillon::accounts::Permission::Govern).await?;
    if confirm != "yes" {
        return Err(maillon::error::ServiceError::invalid(Msg::PayoutsPaidConfirm).into());
    }
    Ok(maillon::ledger::store::mark_batch_paid(&crate::ssr::ctx()?, &user, batch).await?)
}

fn status(p: &PayoutSummary, tz: chrono_tz::Tz, locale: maillon::i18n::Locale) -> String {
    match p.paid_at {
        Some(at) => tf(
            Msg::PayoutPaidOn,
            &[("date", &format_date(at.with_timezone(&tz).date_naive(), locale))],
        ),
        None if p.batch_id.is_some() => t(Msg::PayoutInBatch).to_owned(),
        None => t(Msg::PayoutUnpaid).to_owned(),
    }
}

#[component]
fn StatementList(list: Page<PayoutSummary>, zone: Zone, farm: bool, href: fn(u32) -> String) -> impl IntoView {
    let locale = use_locale();
    let tz = zone.tz();
    if list.items.is_empty() {
        return view! { <p class="empty">{t(Msg::PayoutsEmpty)}</p> }.into_any();
    }
    view! {
        <ul class="order-list doc-list">
            {list.items.iter().map(|p| view! {
                <li>
                    // The board looks for a farm; a farm for a week.
                    <a href=maillon::paths::statement(p.id)><strong>{if farm {
                        tf(Msg::PayoutTitle, &[("cycle", &p.cycle_name)])
                    } else {
                        p.farm_name.clone()
                    }}</strong></a>
                    {(!farm).then(|| view! { <br/>{p.cycle_name.clone()} })}
                    <br/><strong>{format_cents(p.payout_cents, locale)}</strong> " · " {status(p, tz, locale)}
                    {(!farm && !p.has_bank_account && p.paid_at.is_none()).then(|| view! { " · " <span class="tag low">{t(Msg::PayoutNoBankAccount)}</span> })}
                </li>
            }).collect_view()}
        </ul>
        <Pagination page=list.clone() href=href/>
    }
    .into_any()
}

/// A producer's statements, and where they are paid.
#[component]
pub fn MyStatementsPage() -> impl IntoView {
    let q = use_query_map();
    let page = Memo::new(move |_| maillon::coop::page_number(q.with(|q| q.get("page")).as_deref()));
    let save = ServerAction::<SaveBankAccount>::new();
    let data = Resource::new(
        move || (page.get(), save.version().get()),
        |(page, _)| my_statements(page),
    );
    view! {
        <section class="card" aria-labelledby="title">
            <h1 id="title">{t(Msg::PayoutsMine)}</h1>
            <p class="muted">{t(Msg::PayoutsMineHint)}</p>
            {loaded(data, move |(list, account, zone)| {
                let account = account.unwrap_or_default();
                let missing = account.iban.is_empty();
                view! {
                    <StatementList list zone farm=true href=|p| format!("{}?page={p}", maillon::paths::MY_STATEMENTS)/>
                    <h2>{t(Msg::BankAccountTitle)}</h2>
                    {missing.then(|| view! { <p class="alert">{t(Msg::BankAccountMissing)}</p> })}
                    <ActionForm action=save>
                        <Csrf/>
                        <FormError result=save.value().into()/>
                        <FormSuccess result=outcome(save) msg=Msg::Saved/>
                        <Field name="holder" label=Msg::AccountHolderLabel maxlength=70 value=account.holder/>
                        <Field name="iban" label=Msg::IbanLabel maxlength=42 autocomplete="off"
                            value=maillon::ledger::bank::format_iban(&account.iban)/>
                        <Field name="bic" label=Msg::BicLabel maxlength=11 autocomplete="off" value=account.bic/>
                        <button type="submit" class="button primary">{t(Msg::Save)}</button>
                    </ActionForm>
                }
            })}
        </section>
    }
}

/// One statement, laid out for paper.
#[component]
pub fn StatementPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0)));
    let data = Resource::new(move || id.get(), get_statement);
    let locale = use_locale();
    view! {
        <article class="card document" aria-labelledby="title">
            {loaded(data, move |(p, zone): (PayoutView, Zone)| {
                let tz = zone.tz();
                let s = &p.statement;
                view! {
                    <p class="hint no-print">{t(Msg::PrintHint)}</p>
                    <h1 id="title">{tf(Msg::PayoutTitle, &[("cycle", &p.cycle_name)])}</h1>
                    <p><strong>{p.farm_name.clone()}</strong></p>
                    <dl class="facts">
                        <dt>{t(Msg::PayoutDrawnUp)}</dt><dd>{format_date(p.created_at.with_timezone(&tz).date_naive(), locale)}</dd>
                        <dt>{t(Msg::PayoutStatus)}</dt><dd>{match p.paid_at {
                            Some(at) => tf(Msg::PayoutPaidOn, &[("date", &format_date(at.with_timezone(&tz).date_naive(), locale))]),
                            None if p.batch_id.is_some() => t(Msg::PayoutInBatch).to_owned(),
                            None => t(Msg::PayoutUnpaid).to_owned(),
                        }}</dd>
                    </dl>
                    <ol class="invoice-lines" aria-label=t(Msg::PayoutLines)>
                        {s.lines.iter().map(|l| view! {
                            <li>
                                <span class="what">{l.description.clone()}</span>
                                <span class="muted">{tf(Msg::PayoutDelivered, &[("delivered", &l.delivered.to_string()), ("ordered", &l.ordered.to_string())])}
                                    " · " {format_cents(l.unit_price_cents, locale)} " · " {t(Msg::InvoiceVatRate)} " " {format_vat(l.vat_bp, locale)}</span>
                                <span>{tf(Msg::PayoutPerUnit, &[("amount", &format_cents(l.unit_payout_cents, locale))])}
                                    " · " <strong>{format_cents(l.payout_cents, locale)}</strong></span>
                            </li>
                        }).collect_view()}
                    </ol>
                    <dl class="facts totals">
                        <dt>{t(Msg::PayoutSales)}</dt><dd>{format_cents(s.sales_cents, locale)}</dd>
                        <dt>{t(Msg::PayoutVat)}</dt><dd>{format!("−\u{a0}{}", format_cents(s.vat_cents, locale))}</dd>
                        {(s.hub_cents > 0).then(|| view! {
                            <dt>{t(Msg::PayoutHub)}</dt><dd>{format!("−\u{a0}{}", format_cents(s.hub_cents, locale))}</dd>
                        })}
                        <dt>{t(Msg::PayoutCommission)}</dt><dd>{format!("−\u{a0}{}", format_cents(s.commission_cents, locale))}</dd>
                        {(s.solidarity_cents > 0).then(|| view! {
                            <dt>{t(Msg::PayoutSolidarity)}</dt><dd>{format!("−\u{a0}{}", format_cents(s.solidarity_cents, locale))}</dd>
                        })}
                        <dt>{t(Msg::PayoutNet)}</dt><dd>{format_cents(s.payout_cents, locale)}</dd>
                    </dl>
                    {(!p.returns.is_empty()).then(|| view! {
                        <h2>{t(Msg::ReturnDeducted)}</h2>
                        <ul class="plain">
                            {p.returns.iter().map(|r| view! {
                                <li>{tf(Msg::ReturnDeductedItem, &[
                                    ("quantity", &r.quantity.to_string()),
                                    ("what", &r.description),
                                    ("order", &r.order_id.to_string()),
                                    ("amount", &format_cents(r.producer_cents, locale)),
                                ])} " · " {r.reason.clone()}</li>
                            }).collect_view()}
                        </ul>
                        <dl class="facts totals">
                            <dt>{t(Msg::PayoutNetAfterReturns)}</dt><dd>{format_cents(s.payout_cents - p.returns_cents, locale)}</dd>
                        </dl>
                    })}
                    {(s.missing_units > 0).then(|| view! { <p>{tf(Msg::PayoutMissing, &[("n", &s.missing_units.to_string())])}</p> })}
                    <p class="muted small">{t(Msg::PayoutRule)}{colon(locale)}{t(Msg::PayoutRuleText)}</p>
                }
            })}
        </article>
    }
}

/// The board's page: statements (unpaid first), the batch of transfers to prepare, the
/// batches with their SEPA file and their payment.
#[component]
pub fn PayoutsPage() -> impl IntoView {
    let q = use_query_map();
    let page = Memo::new(move |_| maillon::coop::page_number(q.with(|q| q.get("page")).as_deref()));
    let create = ServerAction::<CreatePayoutBatch>::new();
    let paid = ServerAction::<MarkBatchPaid>::new();
    let data = Resource::new(
        move || (page.get(), create.version().get() + paid.version().get()),
        |(page, _)| board_payouts(page),
    );
    let locale = use_locale();
    view! {
        <section class="card" aria-labelledby="title">
            <h1 id="title">{t(Msg::PayoutsTitle)}</h1>
            <p class="muted">{t(Msg::PayoutsHint)}</p>
            <FormError result=create.value().into()/>
            <FormError result=paid.value().into()/>
            <FormSuccess result=outcome(create) msg=Msg::PayoutBatchCreated/>
            <FormSuccess result=outcome(paid) msg=Msg::PayoutBatchPaid/>
            {loaded(data, move |(list, batches, zone): (Page<PayoutSummary>, Vec<BatchSummary>, Zone)| {
                let tz = zone.tz();
                let tomorrow = (chrono::Utc::now().with_timezone(&tz).date_naive() + chrono::Duration::days(1)).format("%Y-%m-%d").to_string();
                view! {
                    <StatementList list zone farm=false href=|p| format!("{}?page={p}", maillon::paths::PAYOUTS)/>
                    <h2>{t(Msg::PayoutBatchTitle)}</h2>
                    <details class="confirm">
                        <summary class="button primary">{t(Msg::PayoutBatchCreate)}</summary>
                        <ActionForm action=create>
                            <Csrf/>
                            <p>{t(Msg::PayoutBatchHint)}</p>
                            <label for="execution">{t(Msg::PayoutExecution)}</label>
                            <input id="execution" name="execution" type="date" required value=tomorrow/>
                            <button type="submit" class="button primary">{t(Msg::PayoutBatchCreate)}</button>
                        </ActionForm>
                    </details>
                    {if batches.is_empty() {
                        view! { <p class="empty">{t(Msg::PayoutBatchesEmpty)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="order-list doc-list">
                                {batches.into_iter().map(|b| view! {
                                    <li>
                                        <strong>{tf(Msg::PayoutBatch, &[("id", &b.id.to_string())])}</strong>
                                        " · " {tf(Msg::PayoutBatchCount, &[("count", &b.count.to_string())])}
                                        " · " <strong>{format_cents(b.total_cents, locale)}</strong>
                                        <br/>{tf(Msg::PayoutExecutionOn, &[("date", &format_date(b.execution_date, locale))])}
                                        <br/><a href=maillon::paths::batch_xml(b.id) download>{t(Msg::PayoutBatchFile)}</a>
                                        {match b.paid_at {
                                            Some(at) => view! { <p>{tf(Msg::PayoutPaidOn, &[("date", &format_date(at.with_timezone(&tz).date_naive(), locale))])}</p> }.into_any(),
                                            None => view! {
                                                <details class="confirm">
                                                    <summary class="button">{t(Msg::PayoutMarkPaid)}</summary>
                                                    <ActionForm action=paid>
                                                        <Csrf/>
                                                        <input type="hidden" name="batch" value=b.id/>
                                                        <p>{t(Msg::PayoutsPaidConfirm)}</p>
                                                        <button type="submit" name="confirm" value="yes" class="button primary">{t(Msg::Confirm)}</button>
                                                    </ActionForm>
                                                </details>
                                            }.into_any(),
                                        }}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                }
            })}
        </section>
    }
}
