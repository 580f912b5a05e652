pub mod account;
pub mod actors;
pub mod auth;
pub mod catalogue;
pub mod credit;
pub mod governance;
pub mod hub;
pub mod invoices;
pub mod logistics;
pub mod lots;
pub mod members;
pub mod orders;
pub mod payouts;
pub mod platforms;
pub mod producer;
pub mod reports;
pub mod rescue;
pub mod returns;
pub mod rounds;
pub mod settings;
pub mod shop;
pub mod solidarity;
pub mod territory;
pub mod transparency;

use leptos::prelude::*;
use maillon::accounts::paths;
use maillon::coop::Showcase;
use maillon::i18n::Msg;

use crate::error::AppError;
use crate::i18n::{t, tf};
use crate::viewer::use_viewer;

#[server(endpoint = "showcase", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_showcase() -> Result<Showcase, AppError> {
    Ok(maillon::coop::store::showcase(&crate::ssr::ctx()?).await?)
}

#[component]
pub fn HomePage() -> impl IntoView {
    let showcase = Resource::new(|| (), |_| get_showcase());
    let viewer = use_viewer();
    view! {
        <section class="hero" aria-labelledby="title">
            <Transition fallback=|| ()>
                {move || showcase.get().and_then(Result::ok).map(|s| view! { <h1 id="title">{s.coop_name}</h1> })}
            </Transition>
            <p class="lead">{t(Msg::Tagline)}</p>
            // This week's products are the open cycle's shop; the catalogue lists every product,
            // on sale this week or not.
            <p class="actions"><a class="button primary big" href=maillon::paths::SHOP>{t(Msg::SeeCatalogue)}</a> <a class="button" href=maillon::paths::CATALOGUE>{t(Msg::WholeCatalogue)}</a></p>
            <Transition fallback=|| ()>
                {move || viewer.get().map(|v| match v {
                    Ok(Some(v)) => view! { <p class="hello">{tf(Msg::HomeHello, &[("name", &v.name)])}</p> }.into_any(),
                    _ => view! { <a class="button primary" href=paths::SIGN_UP>{t(Msg::HomeJoin)}</a> }.into_any(),
                })}
            </Transition>
        </section>
        {crate::components::loaded(showcase, |s| view! { <ShowcaseView showcase=s/> })}
    }
}

#[component]
fn ShowcaseView(showcase: Showcase) -> impl IntoView {
    let Showcase {
        hub,
        producers,
        pickup_points,
        ..
    } = showcase;
    view! {
        <section aria-labelledby="producers-title">
            <h2 id="producers-title">{t(Msg::HomeProducers)}</h2>
            {if producers.is_empty() {
                view! { <p class="empty">{t(Msg::HomeEmptyProducers)}</p> }.into_any()
            } else {
                view! {
                    <ul class="cards">
                        {producers.into_iter().map(|p| view! {
                            <li class="card producer">
                                <h3><a href=maillon::paths::producer(p.id)>{p.farm_name}</a></h3>
                                <p class="muted">{p.town}</p>
                                <p>{p.story}</p>
                                <p class="produce">{p.produce}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="pickup-title">
            <h2 id="pickup-title">{t(Msg::HomePickupPoints)}</h2>
            {if pickup_points.is_empty() {
                view! { <p class="empty">{t(Msg::HomeEmptyPickupPoints)}</p> }.into_any()
            } else {
                view! {
                    <ul class="cards">
                        {pickup_points.into_iter().map(|p| view! {
                            <li class="card">
                                <h3>{p.name}</h3>
                                <p>{p.address}</p>
                                <p class="muted">{p.instructions}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        {hub.map(|h| view! {
            <section aria-labelledby="hub-title">
                <h2 id="hub-title">{t(Msg::HomeHub)}</h2>
                <p><strong>{h.name}</strong> " — " {h.address}</p>
            </section>
        })}
    }
}
