//! The solidarity price: the fund's public page (balance and movements, no names), the board's
//! page (rates, donations, statuses, partner associations) and a partner association's page
//! (the statuses it granted).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use maillon::catalogue::Category;
use maillon::catalogue::format_vat;
use maillon::coop::Page;
use maillon::i18n::Msg;
use maillon::money::format_cents;
use maillon::solidarity::{Fund, GrantView, PartnerView, Rates};
use maillon::time::{Zone, format_date, format_local};

use crate::components::{Csrf, Field, FormError, FormSuccess, Pagination, loaded, outcome};
use crate::error::AppError;
use crate::i18n::{t, tf, use_locale};

/// The fund as anyone reads it, and whether the reader acts for a partner association.
#[server(endpoint = "solidarity_fund", input = leptos::server_fn::codec::GetUrl)]
pub async fn solidarity_fund(page: u32) -> Result<(Fund, bool, Zone), AppError> {
    let ctx = crate::ssr::ctx()?;
    let partner = match crate::ssr::current_user().await? {
        Some(user) => {
            let mut conn = ctx.pool.acquire().await.map_err(maillon::error::ServiceError::from)?;
            maillon::solidarity::store::partner_of(&mut conn, ctx.coop_id(), user.id)
                .await?
                .is_some()
        }
        None => false,
    };
    let fund = maillon::solidarity::store::fund(&ctx, page).await?;
    Ok((fund, partner, ctx.coop().timezone))
}

/// What the board's page shows: the rates, the statuses, the partner associations.
#[server(endpoint = "solidarity_board", input = leptos::server_fn::codec::GetUrl)]
pub async fn solidarity_board(page: u32) -> Result<((Rates, i32), Page<GrantView>, Vec<PartnerView>), AppError> {
    crate::ssr::require(maillon::accounts::Permission::Govern).await?;
    let ctx = crate::ssr::ctx()?;
    let mut conn = ctx.pool.acquire().await.map_err(maillon::error::ServiceError::from)?;
    let rates = maillon::solidarity::store::rates(&mut conn, ctx.coop_id()).await?;
    drop(conn);
    let grants = maillon::solidarity::store::grants(&ctx, None, page).await?;
    Ok((rates, grants, maillon::solidarity::store::partners(&ctx).await?))
}

#[server(endpoint = "save_solidarity_rates")]
pub async fn save_solidarity_rates(csrf: String, rate: String) -> Result<(), AppError> {
    use maillon::error::ServiceError;
    let _ = csrf;
    let user = crate::ssr::require(maillon::accounts::Permission::Govern).await?;
    let rate = maillon::solidarity::parse_rate(&rate).map_err(|m| ServiceError::field("rate", m))?;
    Ok(maillon::solidarity::store::set_rates(&crate::ssr::ctx()?, &user, rate).await?)
}

/// A category's own discount; a blank rate gives it back the general discount, once confirmed.
#[server(endpoint = "save_solidarity_category")]
pub async fn save_solidarity_category(
    csrf: String,
    category: String,
    #[server(default)] rate: String,
    #[server(default)] confirm: String,
) -> Result<(), AppError> {
    use maillon::error::ServiceError;
    let _ = csrf;
    let user = crate::ssr::require(maillon::accounts::Permission::Govern).await?;
    let category = Category::parse(&category).ok_or(ServiceError::field("category", Msg::ErrCategory))?;
    let rate = match rate.trim() {
        "" if confirm == "yes" => None,
        "" => return Err(ServiceError::invalid(Msg::SolidarityCategoryResetConfirm).into()),
        raw => Some(maillon::solidarity::parse_rate(raw).map_err(|m| ServiceError::field("rate", m))?),
    };
    Ok(maillon::solidarity::store::set_category_rate(&crate::ssr::ctx()?, &user, category, rate).await?)
}

#[server(endpoint = "record_donation")]
pub async fn record_donation(
    csrf: String,
    amount: String,
    #[server(default)] note: String,
    #[server(default)] confirm: String,
) -> Result<(), AppError> {
    use maillon::error::ServiceError;
    let _ = csrf;
    let user = crate::ssr::require(maillon::accounts::Permission::Govern).await?;
    let cents = maillon::solidarity::parse_donation(&amount).map_err(|m| ServiceError::field("amount", m))?;
    let note = maillon::credit::parse_reason(&note, false).map_err(|m| ServiceError::field("note", m))?;
    if confirm != "yes" {
        return Err(ServiceError::invalid(Msg::CreditRecordConfirm).into());
    }
    maillon::solidarity::store::record_donation(&crate::ssr::ctx()?, &user, cents, &note).await?;
    Ok(())
}

/// Grants the status: as the board (a year at most) or as a partner association (six months).
#[server(endpoint = "grant_solidarity")]
pub async fn grant_solidarity(csrf: String, email: String, until: String) -> Result<(), AppError> {
    use maillon::error::ServiceError;
    let _ = csrf;
    let user = crate::ssr::require(maillon::accounts::Permission::SignedIn).await?;
    let ctx = crate::ssr::ctx()?;
    let board = maillon::accounts::allows(&user.roles, maillon::accounts::Permission::Govern);
    let max = if board {
        maillon::solidarity::BOARD_GRANT_DAYS
    } else {
        maillon::solidarity::PARTNER_GRANT_DAYS
    };
    let until =
        maillon::solidarity::parse_until(&until, ctx.today(), max).map_err(|m| ServiceError::field("until", m))?;
    maillon::solidarity::store::grant(&ctx, &user, &email, until, !board).await?;
    Ok(())
}

#[server(endpoint = "revoke_solidarity")]
pub async fn revoke_solidarity(csrf: String, grant: i64, #[server(default)] confirm: String) -> Result<(), AppError> {
    let _ = csrf;
    let user = crate::ssr::require(maillon::accounts::Permission::SignedIn).await?;
    if confirm != "yes" {
        return Err(maillon::error::ServiceError::invalid(Msg::SolidarityRevokeConfirm).into());
    }
    let board = maillon::accounts::allows(&user.roles, maillon::accounts::Permission::Govern);
    Ok(maillon::solidarity::store::revoke(&crate::ssr::ctx()?, &user, grant, !board).await?)
}

#[server(endpoint = "add_partner")]
pub async fn add_partner(csrf: String, email: String, name: String) -> Result<(), AppError> {
    let _ = csrf;
    let user = crate::ssr::require(maillon::accounts::Permission::Govern).await?;
    Ok(maillon::solidarity::store::add_partner(&crate::ssr::ctx()?, &user, &email, &name).await?)
}

/// A partner association's statuses: 403 for an account that acts for none.
#[server(endpoint = "partner_grants", input = leptos::server_fn::codec::GetUrl)]
pub async fn partner_grants(page: u32) -> Result<(String, Page<GrantView>), AppError> {
    let user = crate::ssr::require(maillon::accounts::Permission::SignedIn).await?;
    let ctx = crate::ssr::ctx()?;
    let mut conn = ctx.pool.acquire().await.map_err(maillon::error::ServiceError::from)?;
    let name = maillon::solidarity::store::partner_of(&mut conn, ctx.coop_id(), user.id)
        .await?
        .ok_or(maillon::error::ServiceError::Forbidden)?;
    drop(conn);
    Ok((
        name,
        maillon::solidarity::store::grants(&ctx, Some(user.id), page).await?,
    ))
}

fn page_of() -> Memo<u32> {
    let q = use_query_map();
    Memo::new(move |_| maillon::coop::page_number(q.with(|q| q.get("page")).as_deref()))
}

/// The statuses, each with its period, who granted it and a confirmed withdrawal.
#[component]
fn GrantList(list: Page<GrantView>, revoke: ServerAction<RevokeSolidarity>, href: fn(u32) -> String) -> impl IntoView {
    let locale = use_locale();
    if list.items.is_empty() {
        return view! { <p class="empty">{t(Msg::SolidarityGrantsEmpty)}</p> }.into_any();
    }
    view! {
        <ul class="order-list doc-list">
            {list.items.clone().into_iter().map(|g| view! {
                <li>
                    <strong>{g.member}</strong> " · " {tf(Msg::SolidarityGrantPeriod, &[
                        ("from", &format_date(g.starts_on, locale)),
                        ("until", &format_date(g.ends_on, locale)),
                    ])}
                    <br/><span class="muted">{g.email} " · " {match &g.partner {
                        Some(p) => tf(Msg::SolidarityGrantedBy, &[("partner", p)]),
                        None => t(Msg::SolidarityGrantedByBoard).to_owned(),
                    }}</span>
                    {if g.revoked {
                        view! { <p class="tag low">{t(Msg::SolidarityRevoked)}</p> }.into_any()
                    } else {
                        view! {
                            <details class="confirm">
                                <summary class="button">{t(Msg::SolidarityRevoke)}</summary>
                                <ActionForm action=revoke>
                                    <Csrf/>
                                    <input type="hidden" name="grant" value=g.id/>
                                    <p>{t(Msg::SolidarityRevokeConfirm)}</p>
                                    <button type="submit" name="confirm" value="yes" class="button primary">{t(Msg::Confirm)}</button>
                                </ActionForm>
                            </details>
                        }.into_any()
                    }}
                </li>
            }).collect_view()}
        </ul>
        <Pagination page=list.clone() href=href/>
    }
    .into_any()
}

/// A grant form: a member's email and the last day.
#[component]
fn GrantForm(grant: ServerAction<GrantSolidarity>) -> impl IntoView {
    view! {
        <h2>{t(Msg::SolidarityGrantTitle)}</h2>
        <ActionForm action=grant>
            <Csrf/>
            <FormError result=grant.value().into()/>
            <FormSuccess result=outcome(grant) msg=Msg::Saved/>
            <Field name="email" label=Msg::CreditMemberEmail kind="email" autocomplete="off" maxlength=254/>
            <Field name="until" label=Msg::SolidarityGrantUntil kind="date"/>
            <button type="submit" class="button primary">{t(Msg::SolidarityGrantTitle)}</button>
        </ActionForm>
    }
}

/// "12,5" from 1250 basis points, as a form shows a percentage.
fn percent(bp: i32, locale: maillon::i18n::Locale) -> String {
    format_vat(bp, locale).trim_end_matches(" %").to_owned()
}

/// The categories with a discount of their own, each given back the general one after a
/// confirmation, and the form that sets one.
#[component]
fn CategoryRates(rates: Rates, save: ServerAction<SaveSolidarityCategory>) -> impl IntoView {
    let locale = use_locale();
    let own = rates.by_category.clone();
    view! {
        <h2>{t(Msg::SolidarityCategoryTitle)}</h2>
        <p class="muted">{t(Msg::SolidarityCategoryHint)}</p>
        <FormError result=save.value().into()/>
        {if own.is_empty() {
            view! { <p class="empty">{t(Msg::SolidarityCategoryEmpty)}</p> }.into_any()
        } else {
            view! {
                <ul class="order-list">
                    {own.into_iter().map(|(c, rate)| view! {
                        <li>
                            <strong>{tf(Msg::FundCategoryRate, &[("category", t(c.label())), ("rate", &format_vat(rate, locale))])}</strong>
                            <ActionForm action=save>
                                <Csrf/>
                                <input type="hidden" name="category" value=c.code()/>
                                <details class="confirm">
                                    <summary class="button">{t(Msg::SolidarityCategoryReset)}</summary>
                                    <p>{t(Msg::SolidarityCategoryResetConfirm)}</p>
                                    <button type="submit" name="confirm" value="yes" class="button primary">{t(Msg::Confirm)}</button>
                                </details>
                            </ActionForm>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <ActionForm action=save>
            <Csrf/>
            <FormSuccess result=outcome(save) msg=Msg::Saved/>
            <div class="field">
                <label for="solidarity-category">{t(Msg::Category)}</label>
                <select id="solidarity-category" name="category" required>
                    {Category::ALL.iter().map(|c| view! { <option value=c.code()>{t(c.label())}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="solidarity-category-rate">{t(Msg::SolidarityCategoryRate)}</label>
                <input id="solidarity-category-rate" name="rate" type="text" inputmode="decimal" maxlength=6 required/>
            </div>
            <button type="submit" class="button">{t(Msg::SolidarityCategorySave)}</button>
        </ActionForm>
    }
}

/// The fund, public: its balance, its rates, how many members hold a status, its movements.
#[component]
pub fn FundPage() -> impl IntoView {
    let page = page_of();
    let data = Resource::new(move || page.get(), solidarity_fund);
    let locale = use_locale();
    view! {
        <section class="card" aria-labelledby="title">
            <h1 id="title">{t(Msg::FundTitle)}</h1>
            <p class="muted">{t(Msg::FundHint)}</p>
            {loaded(data, move |(fund, partner, zone): (Fund, bool, Zone)| {
                let tz = zone.tz();
                let entries = fund.entries.clone();
                view! {
                    <p class="total">{t(Msg::FundBalance)}{maillon::i18n::colon(locale)}<strong>{format_cents(fund.balance_cents, locale)}</strong></p>
                    <ul class="plain">
                        <li>{tf(Msg::FundRate, &[("rate", &format_vat(fund.rates.general_bp, locale))])}</li>
                        {fund.rates.by_category.iter().map(|(c, rate)| view! {
                            <li>{tf(Msg::FundCategoryRate, &[("category", t(c.label())), ("rate", &format_vat(*rate, locale))])}</li>
                        }).collect_view()}
                        <li>{tf(Msg::FundMarginShare, &[("rate", &format_vat(fund.contribution_bp, locale))])}</li>
                        <li>{tf(Msg::FundMembers, &[("n", &fund.members.to_string())])}</li>
                    </ul>
                    {partner.then(|| view! { <p><a href=maillon::paths::PARTNER>{t(Msg::NavPartner)}</a></p> })}
                    <h2>{t(Msg::FundEntries)}</h2>
                    {if entries.items.is_empty() {
                        view! { <p class="empty">{t(Msg::FundEntriesEmpty)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="order-list doc-list">
                                {entries.items.iter().map(|e| view! {
                                    <li>
                                        <strong>{t(e.kind.label())}</strong> " · " <strong>{crate::pages::credit::signed(e.amount_cents, locale)}</strong>
                                        <br/><span class="muted">{format_local(e.at, tz, locale)} " · "
                                            {tf(Msg::CreditBalanceAfter, &[("amount", &format_cents(e.balance_cents, locale))])}</span>
                                    </li>
                                }).collect_view()}
                            </ul>
                            <Pagination page=entries href=|p| format!("{}?page={p}", maillon::paths::FUND)/>
                        }.into_any()
                    }}
                }
            })}
        </section>
    }
}

/// The board's page: the discount, donations, statuses, partners (the contribution of sales is
/// part of the price split, on the settings page).
#[component]
pub fn SolidarityBoardPage() -> impl IntoView {
    let page = page_of();
    let rates = ServerAction::<SaveSolidarityRates>::new();
    let category = ServerAction::<SaveSolidarityCategory>::new();
    let donation = ServerAction::<RecordDonation>::new();
    let grant = ServerAction::<GrantSolidarity>::new();
    let revoke = ServerAction::<RevokeSolidarity>::new();
    let partner = ServerAction::<AddPartner>::new();
    let data = Resource::new(
        move || {
            let v = rates.version().get()
                + category.version().get()
                + grant.version().get()
                + revoke.version().get()
                + partner.version().get();
            (page.get(), v)
        },
        |(page, _)| solidarity_board(page),
    );
    let locale = use_locale();
    view! {
        <section class="card" aria-labelledby="title">
            <h1 id="title">{t(Msg::SolidarityBoardTitle)}</h1>
            <p><a href=maillon::paths::FUND>{t(Msg::FundTitle)}</a></p>
            {loaded(data, move |((current, contribution), grants, partners): ((Rates, i32), Page<GrantView>, Vec<PartnerView>)| view! {
                <ActionForm action=rates>
                    <Csrf/>
                    <FormError result=rates.value().into()/>
                    <FormSuccess result=outcome(rates) msg=Msg::Saved/>
                    <Field name="rate" label=Msg::SolidarityRateLabel maxlength=6 value=percent(current.general_bp, locale)/>
                    <button type="submit" class="button">{t(Msg::Save)}</button>
                </ActionForm>
                <CategoryRates rates=current save=category/>
                <p>{tf(Msg::FundMarginShare, &[("rate", &format_vat(contribution, locale))])} " "
                    <a href=maillon::paths::SETTINGS>{t(Msg::SolidaritySplitLink)}</a></p>
                <GrantForm grant/>
                <h2>{t(Msg::SolidarityGrantsTitle)}</h2>
                <FormError result=revoke.value().into()/>
                <GrantList list=grants revoke href=|p| format!("{}?page={p}", maillon::paths::SOLIDARITY_BOARD)/>
                <h2>{t(Msg::SolidarityPartnersTitle)}</h2>
                <p class="muted">{t(Msg::SolidarityPartnersHint)}</p>
                {if partners.is_empty() {
                    view! { <p class="empty">{t(Msg::SolidarityPartnersEmpty)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="order-list">
                            {partners.into_iter().map(|p| view! { <li><strong>{p.name}</strong><br/><span class="muted">{p.email}</span></li> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <ActionForm action=partner>
                    <Csrf/>
                    <FormError result=partner.value().into()/>
                    <FormSuccess result=outcome(partner) msg=Msg::Saved/>
                    <Field name="name" label=Msg::SolidarityPartnerName maxlength=120/>
                    <Field name="email" label=Msg::SolidarityPartnerAccount kind="email" autocomplete="off" maxlength=254/>
                    <button type="submit" class="button">{t(Msg::SolidarityPartnerAdd)}</button>
                </ActionForm>
            })}
            <h2>{t(Msg::SolidarityDonationTitle)}</h2>
            <ActionForm action=donation>
                <Csrf/>
                <FormError result=donation.value().into()/>
                <FormSuccess result=outcome(donation) msg=Msg::Saved/>
                <Field name="amount" label=Msg::SolidarityDonationAmount maxlength=12/>
                <Field name="note" label=Msg::CreditNoteLabel required=false maxlength=300/>
                <details class="confirm">
                    <summary class="button">{t(Msg::Record)}</summary>
                    <p>{t(Msg::CreditRecordConfirm)}</p>
                    <button type="submit" name="confirm" value="yes" class="button primary">{t(Msg::Confirm)}</button>
                </details>
            </ActionForm>
        </section>
    }
}

/// A partner association's page: grant the status to people it follows, see its own grants.
#[component]
pub fn PartnerPage() -> impl IntoView {
    let page = page_of();
    let grant = ServerAction::<GrantSolidarity>::new();
    let revoke = ServerAction::<RevokeSolidarity>::new();
    let data = Resource::new(
        move || (page.get(), grant.version().get() + revoke.version().get()),
        |(page, _)| partner_grants(page),
    );
    view! {
        <section class="card" aria-labelledby="title">
            {loaded(data, move |(name, grants): (String, Page<GrantView>)| view! {
                <h1 id="title">{tf(Msg::PartnerTitle, &[("name", &name)])}</h1>
                <p class="muted">{t(Msg::PartnerHint)}</p>
                <p><a class="button" href=maillon::paths::ASSOCIATION_DONATIONS>{t(Msg::RescueDonations)}</a></p>
                <GrantForm grant/>
                <h2>{t(Msg::SolidarityGrantsTitle)}</h2>
                <FormError result=revoke.value().into()/>
                <GrantList list=grants revoke href=|p| format!("{}?page={p}", maillon::paths::PARTNER)/>
            })}
        </section>
    }
}
