//! Anti-waste: hub staff give what is left of a cycle to a partner food-aid association (the
//! cycle chosen first, then its product, so that it works without script), and see what was
//! rescued by producer and by association; the association confirms receipt from its phone.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use maillon::coop::Page;
use maillon::i18n::{Locale, Msg};
use maillon::money::format_cents;
use maillon::rescue::{DonationView, RescueDesk, Rescued};
use maillon::time::{Zone, format_local};

use crate::components::{Csrf, FormError, FormSuccess, Pagination, loaded, outcome};
use crate::error::AppError;
use crate::i18n::{t, tf, use_locale};
use crate::pages::lots::{LotsDesk, PutLotOnSale};

#[server(endpoint = "anti_waste_desk", input = leptos::server_fn::codec::GetUrl)]
pub async fn anti_waste_desk(page: u32) -> Result<(RescueDesk, Zone), AppError> {
    crate::ssr::require(maillon::accounts::Permission::ManageCycles).await?;
    let ctx = crate::ssr::ctx()?;
    Ok((maillon::rescue::store::desk(&ctx, page).await?, ctx.coop().timezone))
}

/// Records a donation. `confirm` comes from the confirmation's button.
#[server(endpoint = "record_donation_to_association")]
pub async fn record_donation_to_association(
    csrf: String,
    cycle_id: i64,
    variant_id: i64,
    quantity: String,
    association: i64,
    #[server(default)] confirm: String,
) -> Result<i64, AppError> {
    let _ = csrf;
    let staff = crate::ssr::require(maillon::accounts::Permission::ManageCycles).await?;
    if confirm != "yes" {
        return Err(maillon::error::ServiceError::invalid(Msg::RescueConfirm).into());
    }
    let donation = maillon::rescue::store::Donation {
        cycle_id,
        variant_id,
        quantity: &quantity,
        association_user_id: association,
    };
    Ok(maillon::rescue::store::donate(&crate::ssr::ctx()?, &staff, &donation).await?)
}

#[server(endpoint = "association_donations", input = leptos::server_fn::codec::GetUrl)]
pub async fn association_donations(page: u32) -> Result<(String, Page<DonationView>, Zone), AppError> {
    let user = crate::ssr::require(maillon::accounts::Permission::SignedIn).await?;
    let ctx = crate::ssr::ctx()?;
    let (name, list) = maillon::rescue::store::association_donations(&ctx, &user, page).await?;
    Ok((name, list, ctx.coop().timezone))
}

#[server(endpoint = "confirm_donation")]
pub async fn confirm_donation(csrf: String, id: i64, #[server(default)] confirm: String) -> Result<(), AppError> {
    let _ = csrf;
    let user = crate::ssr::require(maillon::accounts::Permission::SignedIn).await?;
    if confirm != "yes" {
        return Err(maillon::error::ServiceError::invalid(Msg::DonationsConfirmQuestion).into());
    }
    Ok(maillon::rescue::store::confirm_receipt(&crate::ssr::ctx()?, &user, id).await?)
}

fn kg(grams: i64, locale: Locale) -> String {
    maillon::money::format_thousandths(grams, locale)
}

fn page_query() -> Memo<(Option<i64>, u32)> {
    let q = use_query_map();
    Memo::new(move |_| {
        q.with(|q| {
            (
                q.get("cycle").and_then(|c| c.trim().parse::<i64>().ok()),
                maillon::coop::page_number(q.get("page").as_deref()),
            )
        })
    })
}

#[component]
pub fn RescuePage() -> impl IntoView {
    let query = page_query();
    let record = ServerAction::<RecordDonationToAssociation>::new();
    let put = ServerAction::<PutLotOnSale>::new();
    let data = Resource::new(
        move || (query.get().1, record.version().get(), put.version().get()),
        |(page, _, _)| anti_waste_desk(page),
    );
    view! {
        <section class="card" aria-labelledby="title">
            <h1 id="title">{t(Msg::RescueTitle)}</h1>
            <p class="muted">{t(Msg::RescueHint)}</p>
            <div aria-live="polite">
                <FormError result=record.value().into()/>
                <FormSuccess result=outcome(record) msg=Msg::RescueDonated/>
            </div>
            {loaded(data, move |(desk, zone): (RescueDesk, Zone)| {
                let chosen = query.get_untracked().0;
                let cycle_id = desk.cycles.iter().find(|c| Some(c.id) == chosen).or(desk.cycles.first()).map(|c| c.id);
                view! {
                    <GiveForm desk=desk.clone() chosen record/>
                    {cycle_id.map(|cycle_id| view! { <LotsDesk desk=desk.clone() cycle_id zone put/> })}
                    <h2>{t(Msg::RescueDonations)}</h2>
                    <DonationList list=desk.donations.clone() zone confirm=None/>
                    <Totals title=Msg::RescueByProducer rows=desk.by_producer.clone()/>
                    <Totals title=Msg::RescueByAssociation rows=desk.by_association.clone()/>
                }
            })}
        </section>
    }
}

/// The cycle to give from (a plain GET form), then the donation's form for its products.
#[component]
fn GiveForm(desk: RescueDesk, chosen: Option<i64>, record: ServerAction<RecordDonationToAssociation>) -> impl IntoView {
    if desk.cycles.is_empty() {
        return view! { <p class="empty">{t(Msg::RescueNoCycle)}</p> }.into_any();
    }
    if desk.associations.is_empty() {
        return view! { <p class="alert">{t(Msg::RescueNoAssociation)}</p> }.into_any();
    }
    let giving = desk
        .cycles
        .iter()
        .find(|c| Some(c.id) == chosen)
        .unwrap_or(&desk.cycles[0])
        .clone();
    let (cycle_id, variants) = (giving.id, giving.variants);
    view! {
        <h2>{t(Msg::RescueGive)}</h2>
        <form method="get" action=maillon::paths::RESCUE class="search">
            <label for="rescue-cycle">{t(Msg::RescueCycle)}</label>
            <select id="rescue-cycle" name="cycle">
                {desk.cycles.iter().map(|c| view! {
                    <option value=c.id selected=c.id == cycle_id>{c.name.clone()}</option>
                }).collect_view()}
            </select>
            <button type="submit" class="button">{t(Msg::Show)}</button>
        </form>
        <ActionForm action=record>
            <Csrf/>
            <input type="hidden" name="cycle_id" value=cycle_id/>
            <div class="field">
                <label for="rescue-variant">{t(Msg::RescueProduct)}</label>
                <select id="rescue-variant" name="variant_id" required>
                    {variants.into_iter().map(|(id, label)| view! { <option value=id>{label}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="rescue-quantity">{t(Msg::RescueQuantity)}</label>
                <input id="rescue-quantity" name="quantity" type="number" inputmode="numeric" min="1" max="10000" value="1" required/>
            </div>
            <div class="field">
                <label for="rescue-association">{t(Msg::RescueAssociation)}</label>
                <select id="rescue-association" name="association" required>
                    {desk.associations.iter().map(|(id, name)| view! { <option value=*id>{name.clone()}</option> }).collect_view()}
                </select>
            </div>
            <details class="confirm">
                <summary class="button primary">{t(Msg::RescueGive)}</summary>
                <p>{t(Msg::RescueConfirm)}</p>
                <button type="submit" name="confirm" value="yes" class="button primary">{t(Msg::Confirm)}</button>
            </details>
        </ActionForm>
    }
    .into_any()
}

/// Donations, newest first; with `confirm`, the association's button to confirm receipt.
#[component]
fn DonationList(list: Page<DonationView>, zone: Zone, confirm: Option<ServerAction<ConfirmDonation>>) -> impl IntoView {
    let locale = use_locale();
    if list.items.is_empty() {
        return view! { <p class="empty">{t(Msg::RescueEmpty)}</p> }.into_any();
    }
    let href = if confirm.is_some() {
        |p| format!("{}?page={p}", maillon::paths::ASSOCIATION_DONATIONS)
    } else {
        |p| format!("{}?page={p}", maillon::paths::RESCUE)
    };
    view! {
        <ul class="order-list doc-list">
            {list.items.clone().into_iter().map(|d| {
                let line = tf(Msg::RescueDonationLine, &[
                    ("quantity", &d.quantity.to_string()),
                    ("what", &d.description),
                    ("producer", &d.producer_name),
                    ("kg", &kg(d.grams, locale)),
                    ("value", &format_cents(d.value_cents, locale)),
                ]);
                view! {
                    <li>
                        <strong>{line}</strong><br/>
                        <span class="muted">{d.association.clone()} " · " {d.cycle_name.clone()} " · "
                            {format_local(d.recorded_at, zone.tz(), locale)}</span><br/>
                        {match d.received_at {
                            Some(at) => view! {
                                <span class="tag ok">{tf(Msg::RescueReceived, &[("date", &format_local(at, zone.tz(), locale))])}</span>
                            }.into_any(),
                            None => match confirm {
                                Some(action) => view! {
                                    <details class="confirm">
                                        <summary class="button primary">{t(Msg::DonationsConfirm)}</summary>
                                        <ActionForm action=action>
                                            <Csrf/>
                                            <input type="hidden" name="id" value=d.id/>
                                            <p>{t(Msg::DonationsConfirmQuestion)}</p>
                                            <button type="submit" name="confirm" value="yes" class="button primary">{t(Msg::Confirm)}</button>
                                        </ActionForm>
                                    </details>
                                }.into_any(),
                                None => view! { <span class="tag low">{t(Msg::RescueWaiting)}</span> }.into_any(),
                            },
                        }}
                    </li>
                }
            }).collect_view()}
        </ul>
        <Pagination page=list href=href/>
    }
    .into_any()
}

#[component]
fn Totals(title: Msg, rows: Vec<Rescued>) -> impl IntoView {
    let locale = use_locale();
    (!rows.is_empty()).then(|| {
        view! {
            <h2>{t(title)}</h2>
            <ul class="order-list">
                {rows.into_iter().map(|r| view! {
                    <li><strong>{r.name}</strong> " · " {tf(Msg::RescueLine, &[
                        ("n", &r.donations.to_string()),
                        ("kg", &kg(r.grams, locale)),
                        ("value", &format_cents(r.value_cents, locale)),
                    ])}</li>
                }).collect_view()}
            </ul>
        }
    })
}

/// The association's donations, each confirmed once collected.
#[component]
pub fn AssociationDonationsPage() -> impl IntoView {
    let query = page_query();
    let confirm = ServerAction::<ConfirmDonation>::new();
    let data = Resource::new(
        move || (query.get().1, confirm.version().get()),
        |(page, _)| association_donations(page),
    );
    view! {
        <section class="card" aria-labelledby="title">
            <FormError result=confirm.value().into()/>
            {loaded(data, move |(name, list, zone): (String, Page<DonationView>, Zone)| view! {
                <h1 id="title">{tf(Msg::DonationsTitle, &[("name", &name)])}</h1>
                <p class="muted">{t(Msg::DonationsHint)}</p>
                <DonationList list zone confirm=Some(confirm)/>
            })}
        </section>
    }
}
