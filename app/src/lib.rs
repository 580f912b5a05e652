//! Maillon's user interface: routes, pages and the thin server functions behind them.
//!
//! Modules depend on each other one way, from the top down, and never on one above them:
//! this root (routes, header, footer) → `pages` (one module or folder per area; among them
//! `catalogue` and `orders` use `shop`'s cart pieces, and several use `members::urlencode`)
//! → `components` (`forms`, `status`) and `viewer` → `i18n` → `ssr` → `error`; `paths` (the
//! pages' addresses) and `assets` depend on no other module of the crate.

#[cfg(feature = "ssr")]
pub mod assets;
pub mod components;
pub mod error;
pub mod i18n;
pub mod pages;
pub mod paths;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod viewer;

use leptos::prelude::*;
use leptos_meta::{Title, provide_meta_context};
use leptos_router::SsrMode;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use maillon::accounts::{Role, paths as account_paths};
use maillon::i18n::{Locale, Msg};

use crate::components::NotFound;
use crate::components::{Csrf, provide_csrf};
use crate::error::AppError;
use crate::i18n::{provide_locale, t, use_locale};
use crate::pages::HomePage;
use crate::pages::account::{AccountPage, SignOutForm};
use crate::pages::actors::{ActorPage, ActorsPage, MyActorProfilePage};
use crate::pages::auth::{
    ResetPage, ResetRequestPage, ResetSentPage, SignInPage, SignUpPage, SignUpSentPage, VerifyPage,
};
use crate::pages::catalogue::{CataloguePage, ProducerPage, ProductPage};
use crate::pages::credit::{CreditAccountsPage, MyCreditPage};
use crate::pages::governance::{
    AssembliesPage, AssemblyDetailPage, AuditPage, CollegesPage, ConvenePage, DecisionsPage, MembershipPage,
    MinutesPage, RegisterPage, RegisterPrintPage,
};
use crate::pages::hub::{CyclePage, CyclesPage, DeskPage, PlacesPage};
use crate::pages::invoices::{InvoicePage, InvoicesPage};
use crate::pages::logistics::{LogisticsPage, MyPurchaseOrdersPage, PackingPage};
use crate::pages::members::MembersPage;
use crate::pages::orders::{OrderPage, OrdersPage};
use crate::pages::payouts::{MyStatementsPage, PayoutsPage, StatementPage};
use crate::pages::platforms::PlatformsPage;
use crate::pages::producer::{
    BulkEditPage, DashboardPage, FarmProfilePage, ImportPage, ImportPreviewPage, ProductEditPage,
};
use crate::pages::reports::ReportPage;
use crate::pages::rescue::{AssociationDonationsPage, RescuePage};
use crate::pages::returns::ReturnsPage;
use crate::pages::rounds::{ManifestPage, RoundsPage, VehiclesPage};
use crate::pages::settings::SettingsPage;
use crate::pages::shop::{CartPage, ShopPage};
use crate::pages::solidarity::{FundPage, PartnerPage, SolidarityBoardPage};
use crate::pages::territory::ValueChainsPage;
use crate::pages::transparency::{OpenDataPage, TransparencyPage};
pub use crate::viewer::{AuthVersion, Viewer, ViewerResource, bump_auth_version, use_viewer, whoami};

/// Remembers the language in a cookie (and on the account when signed in), then sends the
/// reader back to the page they were on.
#[server(endpoint = "set_locale")]
pub async fn set_locale(csrf: String, locale: String) -> Result<(), AppError> {
    let _ = csrf;
    let locale = Locale::parse(&locale).ok_or_else(|| AppError::BadRequest("unknown locale".into()))?;
    if let Some(user) = crate::ssr::current_user().await? {
        let state = crate::ssr::state()?;
        maillon::accounts::store::set_locale(&state.ctx(), user.id, locale).await?;
    }
    crate::ssr::remember_locale(locale)
}

#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    // Islands mode: pages are rendered on the server and nothing outside an `#[island]` is
    // hydrated, so no resource's data is serialised into the page and no script is sent to a
    // page without islands (ARCHITECTURE.md, "Sober pages").
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let stylesheet = assets::href(&options, assets::Asset::Css);
    let locale = provide_locale();
    provide_csrf();
    view! {
        <!DOCTYPE html>
        <html lang=locale.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="csrf-token" content=crate::components::csrf_token()/>
                <meta name="theme-color" content="#2f5d3a"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="stylesheet" id="leptos" href=stylesheet/>
                <AutoReload options/>
                <leptos_meta::MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_locale();
    provide_csrf();
    let version = AuthVersion(RwSignal::new(0));
    provide_context(version);
    let viewer: ViewerResource = Resource::new(move || version.0.get(), |_| whoami());
    provide_context(viewer);

    view! {
        <Title text=t(Msg::AppName)/>
        <Router>
            <a class="skip-link" href="#main">{t(Msg::SkipToContent)}</a>
            <Header/>
            // Pages render whole on the server (SsrMode::Async): complete without JavaScript,
            // and with the right HTTP status (401, 403) once their data is known.
            <main id="main" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/inscription") view=SignUpPage ssr=SsrMode::Async/>
                    <Route path=path!("/inscription/envoye") view=SignUpSentPage ssr=SsrMode::Async/>
                    <Route path=path!("/compte/verifier") view=VerifyPage ssr=SsrMode::Async/>
                    <Route path=path!("/connexion") view=SignInPage ssr=SsrMode::Async/>
                    <Route path=path!("/mot-de-passe/oubli") view=ResetRequestPage ssr=SsrMode::Async/>
                    <Route path=path!("/mot-de-passe/envoye") view=ResetSentPage ssr=SsrMode::Async/>
                    <Route path=path!("/mot-de-passe/nouveau") view=ResetPage ssr=SsrMode::Async/>
                    <Route path=path!("/compte") view=AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/conseil/membres") view=MembersPage ssr=SsrMode::Async/>
                    <Route path=path!("/conseil/reglages") view=SettingsPage ssr=SsrMode::Async/>
                    <Route path=path!("/catalogue") view=CataloguePage ssr=SsrMode::Async/>
                    <Route path=path!("/produits/:id") view=ProductPage ssr=SsrMode::Async/>
                    <Route path=path!("/producteurs/:id") view=ProducerPage ssr=SsrMode::Async/>
                    <Route path=path!("/producteur") view=DashboardPage ssr=SsrMode::Async/>
                    <Route path=path!("/producteur/profil") view=FarmProfilePage ssr=SsrMode::Async/>
                    <Route path=path!("/producteur/produits/nouveau") view=ProductEditPage ssr=SsrMode::Async/>
                    <Route path=path!("/producteur/produits/:id") view=ProductEditPage ssr=SsrMode::Async/>
                    <Route path=path!("/producteur/edition") view=BulkEditPage ssr=SsrMode::Async/>
                    <Route path=path!("/producteur/import") view=ImportPage ssr=SsrMode::Async/>
                    <Route path=path!("/producteur/import/:id") view=ImportPreviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/boutique") view=ShopPage ssr=SsrMode::Async/>
                    <Route path=path!("/panier") view=CartPage ssr=SsrMode::Async/>
                    <Route path=path!("/commandes") view=OrdersPage ssr=SsrMode::Async/>
                    <Route path=path!("/commandes/:id") view=OrderPage ssr=SsrMode::Async/>
                    <Route path=path!("/hub/cycles") view=CyclesPage ssr=SsrMode::Async/>
                    <Route path=path!("/hub/cycles/:id") view=CyclePage ssr=SsrMode::Async/>
                    <Route path=path!("/hub/lieux") view=PlacesPage ssr=SsrMode::Async/>
                    <Route path=path!("/hub/cycles/:id/bons") view=LogisticsPage ssr=SsrMode::Async/>
                    <Route path=path!("/hub/cycles/:id/preparation") view=PackingPage ssr=SsrMode::Async/>
                    <Route path=path!("/hub/cycles/:id/tournees") view=RoundsPage ssr=SsrMode::Async/>
                    <Route path=path!("/hub/tournees/:id") view=ManifestPage ssr=SsrMode::Async/>
                    <Route path=path!("/hub/vehicules") view=VehiclesPage ssr=SsrMode::Async/>
                    <Route path=path!("/producteur/bons") view=MyPurchaseOrdersPage ssr=SsrMode::Async/>
                    <Route path=path!("/retrait") view=DeskPage ssr=SsrMode::Async/>
                    <Route path=path!("/cooperative/adhesion") view=MembershipPage ssr=SsrMode::Async/>
                    <Route path=path!("/cooperative/assemblees") view=AssembliesPage ssr=SsrMode::Async/>
                    <Route path=path!("/cooperative/assemblees/:id") view=AssemblyDetailPage ssr=SsrMode::Async/>
                    <Route path=path!("/cooperative/assemblees/:id/proces-verbal") view=MinutesPage ssr=SsrMode::Async/>
                    <Route path=path!("/cooperative/deliberations") view=DecisionsPage ssr=SsrMode::Async/>
                    <Route path=path!("/conseil/societaires") view=RegisterPage ssr=SsrMode::Async/>
                    <Route path=path!("/conseil/societaires/registre") view=RegisterPrintPage ssr=SsrMode::Async/>
                    <Route path=path!("/conseil/colleges") view=CollegesPage ssr=SsrMode::Async/>
                    <Route path=path!("/conseil/assemblees/nouvelle") view=ConvenePage ssr=SsrMode::Async/>
                    <Route path=path!("/conseil/journal") view=AuditPage ssr=SsrMode::Async/>
                    <Route path=path!("/factures/:id") view=InvoicePage ssr=SsrMode::Async/>
                    <Route path=path!("/conseil/factures") view=InvoicesPage ssr=SsrMode::Async/>
                    <Route path=path!("/producteur/releves") view=MyStatementsPage ssr=SsrMode::Async/>
                    <Route path=path!("/releves/:id") view=StatementPage ssr=SsrMode::Async/>
                    <Route path=path!("/conseil/versements") view=PayoutsPage ssr=SsrMode::Async/>
                    <Route path=path!("/conseil/comptes") view=ReportPage ssr=SsrMode::Async/>
                    <Route path=path!("/compte/avoir") view=MyCreditPage ssr=SsrMode::Async/>
                    <Route path=path!("/hub/avoirs") view=CreditAccountsPage ssr=SsrMode::Async/>
                    <Route path=path!("/hub/retours") view=ReturnsPage ssr=SsrMode::Async/>
                    <Route path=path!("/solidarite") view=FundPage ssr=SsrMode::Async/>
                    <Route path=path!("/conseil/solidarite") view=SolidarityBoardPage ssr=SsrMode::Async/>
                    <Route path=path!("/conseil/plateformes") view=PlatformsPage ssr=SsrMode::Async/>
                    <Route path=path!("/solidarite/association") view=PartnerPage ssr=SsrMode::Async/>
                    <Route path=path!("/transparence") view=TransparencyPage ssr=SsrMode::Async/>
                    <Route path=path!("/donnees") view=OpenDataPage ssr=SsrMode::Async/>
                    <Route path=path!("/hub/anti-gaspi") view=RescuePage ssr=SsrMode::Async/>
                    <Route path=path!("/solidarite/association/dons") view=AssociationDonationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/acteurs") view=ActorsPage ssr=SsrMode::Async/>
                    <Route path=path!("/acteurs/:id") view=ActorPage ssr=SsrMode::Async/>
                    <Route path=path!("/compte/acteur") view=MyActorProfilePage ssr=SsrMode::Async/>
                    <Route path=path!("/territoire/filieres") view=ValueChainsPage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <Footer/>
        </Router>
    }
}

#[component]
fn Header() -> impl IntoView {
    let viewer = use_viewer();
    view! {
        <header class="site-header">
            <a class="brand" href="/">{t(Msg::AppName)}</a>
            <nav aria-label=t(Msg::MainNav)>
                <ul>
                    <Transition fallback=|| ()>
                        {move || viewer.get().map(|v| match v {
                            Ok(Some(v)) => {
                                let board = v.roles.contains(&Role::Board);
                                let producer = v.roles.contains(&Role::Producer);
                                let hub = board || v.roles.contains(&Role::HubStaff);
                                let desk = hub || v.roles.contains(&Role::Shopkeeper);
                                let chains = hub || v.roles.contains(&Role::LocalAuthority);
                                view! {
                                    <li><a href=maillon::paths::SHOP>{t(Msg::NavShop)}</a></li>
                                    <li><a href=maillon::paths::ORDERS>{t(Msg::NavMyOrders)}</a></li>
                                    <li><a href=maillon::paths::MY_CREDIT>{t(Msg::NavCredit)}</a></li>
                                    <li><a href=maillon::paths::CATALOGUE>{t(Msg::NavCatalogue)}</a></li>
                                    {hub.then(|| view! { <li><a href=maillon::paths::CYCLES>{t(Msg::NavCycles)}</a></li> })}
                                    {hub.then(|| view! { <li><a href=maillon::paths::CREDIT_ACCOUNTS>{t(Msg::NavCreditAccounts)}</a></li> })}
                                    {hub.then(|| view! { <li><a href=maillon::paths::RETURNS>{t(Msg::NavReturns)}</a></li> })}
                                    {hub.then(|| view! { <li><a href=maillon::paths::RESCUE>{t(Msg::RescueTitle)}</a></li> })}
                                    {desk.then(|| view! { <li><a href=maillon::paths::DESK>{t(Msg::NavDesk)}</a></li> })}
                                    {producer.then(|| view! { <li><a href=maillon::paths::DASHBOARD>{t(Msg::NavMyFarm)}</a></li> })}
                                    {producer.then(|| view! { <li><a href=maillon::paths::MY_STATEMENTS>{t(Msg::NavStatements)}</a></li> })}
                                    <li><a href=maillon::paths::MEMBERSHIP>{t(Msg::NavCooperative)}</a></li>
                                    <li><a href=maillon::paths::ACTORS>{t(Msg::NavActors)}</a></li>
                                    {chains.then(|| view! { <li><a href=maillon::paths::VALUE_CHAINS>{t(Msg::NavValueChains)}</a></li> })}
                                    {board.then(|| view! { <li><a href=account_paths::MEMBERS>{t(Msg::NavMembers)}</a></li> })}
                                    {board.then(|| view! { <li><a href=maillon::paths::REGISTER>{t(Msg::NavRegister)}</a></li> })}
                                    {board.then(|| view! { <li><a href=maillon::paths::INVOICES>{t(Msg::NavInvoices)}</a></li> })}
                                    {board.then(|| view! { <li><a href=maillon::paths::PAYOUTS>{t(Msg::NavPayouts)}</a></li> })}
                                    {board.then(|| view! { <li><a href=maillon::paths::ACCOUNTS_REPORT>{t(Msg::NavReport)}</a></li> })}
                                    {board.then(|| view! { <li><a href=maillon::paths::SOLIDARITY_BOARD>{t(Msg::NavFund)}</a></li> })}
                                    {board.then(|| view! { <li><a href=maillon::paths::PLATFORMS>{t(Msg::NavPlatforms)}</a></li> })}
                                    {board.then(|| view! { <li><a href=account_paths::SETTINGS>{t(Msg::NavSettings)}</a></li> })}
                                    <li><a href=account_paths::ACCOUNT>{t(Msg::NavAccount)}</a></li>
                                    <li><SignOutForm/></li>
                                }.into_any()
                            }
                            _ => view! {
                                <li><a href=maillon::paths::SHOP>{t(Msg::NavShop)}</a></li>
                                <li><a href=maillon::paths::CATALOGUE>{t(Msg::NavCatalogue)}</a></li>
                                <li><a href=account_paths::SIGN_IN>{t(Msg::NavSignIn)}</a></li>
                                <li><a class="button small" href=account_paths::SIGN_UP>{t(Msg::NavSignUp)}</a></li>
                            }.into_any(),
                        })}
                    </Transition>
                </ul>
            </nav>
        </header>
    }
}

#[component]
fn Footer() -> impl IntoView {
    let current = use_locale();
    view! {
        <footer class="site-footer">
            <p>{t(Msg::FooterCoop)} " " <a href=maillon::paths::FUND>{t(Msg::FundTitle)}</a>
                " · " <a href=maillon::paths::TRANSPARENCY>{t(Msg::TransparencyTitle)}</a></p>
            // A plain form: changing language reloads the page in the new language.
            <form method="post" action="/api/set_locale" class="language">
                <Csrf/>
                <label for="locale">{t(Msg::Language)}</label>
                <select id="locale" name="locale">
                    {Locale::ALL.into_iter().map(|l| view! {
                        <option value=l.code() selected=l == current lang=l.code()>{l.native_name()}</option>
                    }).collect_view()}
                </select>
                <button type="submit" class="button small">{t(Msg::ChangeLanguage)}</button>
            </form>
        </footer>
    }
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // Lets end-to-end tests wait until a page's islands are driven by script.
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-hydrated", "");
    }
}

#[cfg(test)]
mod tests {
    /// The router's `path!` needs literals; this keeps them and `maillon::paths` the same list.
    #[test]
    fn the_router_serves_exactly_the_paths_of_maillon_paths() {
        let source = include_str!("lib.rs");
        let mut routed: Vec<&str> = source
            .split("path=path!(\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        let mut known = maillon::paths::ROUTES.to_vec();
        routed.sort_unstable();
        known.sort_unstable();
        assert_eq!(routed, known);
    }
}
