//! The actors directory: a search by kind, by what is shared and by distance, with a map drawn
//! on the server beside the list; an actor's page with a message form (the outbox carries it,
//! the actor's address stays hidden); and the member's own profile with its shares and needs.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use maillon::actors::{
    ActorCard, ActorKind, DISTANCES_KM, Direction, Directory, ItemCategory, ItemView, MyProfile, Origin, Placed,
    ProfileInput, Search,
};
use maillon::geo::Point;
use maillon::i18n::{Locale, Msg, colon, format_decimal};

use crate::components::{Csrf, FormError, FormSuccess, MapFigure, Pagination, loaded, outcome};
use crate::error::AppError;
use crate::i18n::{t, tf, use_locale};

#[server(endpoint = "actors_directory", input = leptos::server_fn::codec::GetUrl)]
pub async fn actors_directory(
    #[server(default)] kind: String,
    #[server(default)] shares: String,
    #[server(default)] km: String,
    page: u32,
) -> Result<Directory, AppError> {
    let user = crate::ssr::require(maillon::accounts::Permission::SignedIn).await?;
    let page = page.to_string();
    let search = Search::parse(Some(&kind), Some(&shares), Some(&km), Some(&page));
    Ok(maillon::actors::store::directory(&crate::ssr::ctx()?, &user, &search).await?)
}

#[server(endpoint = "actor_page", input = leptos::server_fn::codec::GetUrl)]
pub async fn actor_page(id: i64) -> Result<ActorCard, AppError> {
    crate::ssr::require(maillon::accounts::Permission::SignedIn).await?;
    Ok(maillon::actors::store::actor(&crate::ssr::ctx()?, id).await?)
}

#[server(endpoint = "write_to_actor")]
pub async fn write_to_actor(csrf: String, id: i64, message: String) -> Result<(), AppError> {
    let _ = csrf;
    let user = crate::ssr::require(maillon::accounts::Permission::SignedIn).await?;
    Ok(maillon::actors::store::contact(&crate::ssr::ctx()?, &user, id, &message).await?)
}

#[server(endpoint = "my_actor_profile", input = leptos::server_fn::codec::GetUrl)]
pub async fn my_actor_profile() -> Result<Option<MyProfile>, AppError> {
    let user = crate::ssr::require(maillon::accounts::Permission::SignedIn).await?;
    Ok(maillon::actors::store::my_profile(&crate::ssr::ctx()?, &user).await?)
}

#[server(endpoint = "save_actor_profile")]
pub async fn save_actor_profile(csrf: String, profile: ProfileInput) -> Result<i64, AppError> {
    let _ = csrf;
    let user = crate::ssr::require(maillon::accounts::Permission::SignedIn).await?;
    let fields = maillon::actors::parse_profile(&profile).map_err(crate::ssr::field_errors)?;
    let state = crate::ssr::state()?;
    Ok(maillon::actors::store::save_profile(&state.ctx(), &user, fields, state.geocoder.as_ref()).await?)
}

#[server(endpoint = "add_actor_item")]
pub async fn add_actor_item(
    csrf: String,
    direction: String,
    category: String,
    description: String,
    #[server(default)] availability: String,
) -> Result<i64, AppError> {
    let _ = csrf;
    let user = crate::ssr::require(maillon::accounts::Permission::SignedIn).await?;
    let item = maillon::actors::parse_item(&direction, &category, &description, &availability)
        .map_err(crate::ssr::field_errors)?;
    Ok(maillon::actors::store::add_item(&crate::ssr::ctx()?, &user, &item).await?)
}

/// Removes a share or a need. `confirm` comes from the confirmation's button.
#[server(endpoint = "remove_actor_item")]
pub async fn remove_actor_item(csrf: String, id: i64, #[server(default)] confirm: String) -> Result<(), AppError> {
    let _ = csrf;
    let user = crate::ssr::require(maillon::accounts::Permission::SignedIn).await?;
    if confirm != "yes" {
        return Err(maillon::error::ServiceError::invalid(Msg::ActorRemoveConfirm).into());
    }
    Ok(maillon::actors::store::remove_item(&crate::ssr::ctx()?, &user, id).await?)
}

fn km(distance: f64, locale: Locale) -> String {
    format_decimal(distance, if distance < 10.0 { 1 } else { 0 }, locale)
}

fn search_query() -> Memo<Search> {
    let q = use_query_map();
    Memo::new(move |_| {
        q.with(|q| {
            Search::parse(
                q.get("type").as_deref(),
                q.get("partage").as_deref(),
                q.get("km").as_deref(),
                q.get("page").as_deref(),
            )
        })
    })
}

#[component]
pub fn ActorsPage() -> impl IntoView {
    let search = search_query();
    let data = Resource::new(
        move || search.get(),
        |s| {
            let code = |c: Option<&'static str>| c.unwrap_or_default().to_owned();
            actors_directory(
                code(s.kind.map(|k| k.code())),
                code(s.shares.map(|c| c.code())),
                s.within_km.map(|k| k.to_string()).unwrap_or_default(),
                s.page,
            )
        },
    );
    view! {
        <section class="card" aria-labelledby="title">
            <h1 id="title">{t(Msg::ActorsTitle)}</h1>
            <p class="muted">{t(Msg::ActorsHint)}</p>
            <p><a href=maillon::paths::MY_ACTOR_PROFILE>{t(Msg::ActorsMyProfile)}</a></p>
            <SearchForm search=search.get_untracked()/>
            {loaded(data, move |dir: Directory| {
                let s = search.get_untracked();
                view! { <Found dir search=s/> }
            })}
        </section>
    }
}

#[component]
fn SearchForm(search: Search) -> impl IntoView {
    let locale = use_locale();
    view! {
        <form method="get" action=maillon::paths::ACTORS class="filters stacked">
            <div class="field">
                <label for="actor-kind">{t(Msg::ActorsKind)}</label>
                <select id="actor-kind" name="type">
                    <option value="">{t(Msg::ActorsKindAll)}</option>
                    {ActorKind::ALL.iter().map(|k| view! {
                        <option value=k.code() selected=search.kind == Some(*k)>{k.msg().text(locale)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="actor-shares">{t(Msg::ActorsSharing)}</label>
                <select id="actor-shares" name="partage">
                    <option value="">{t(Msg::ActorsShareAny)}</option>
                    {ItemCategory::ALL.iter().map(|c| view! {
                        <option value=c.code() selected=search.shares == Some(*c)>{c.msg().text(locale)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="actor-km">{t(Msg::ActorsDistance)}</label>
                <select id="actor-km" name="km">
                    <option value="">{t(Msg::ActorsDistanceAny)}</option>
                    {DISTANCES_KM.iter().map(|d| view! {
                        <option value=*d selected=search.within_km == Some(*d)>
                            {Msg::ActorsWithin.fill(locale, &[("km", &d.to_string())])}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button">{t(Msg::Show)}</button>
        </form>
    }
}

#[component]
fn Found(dir: Directory, search: Search) -> impl IntoView {
    let locale = use_locale();
    let no_origin = match dir.origin {
        Some(Origin::Mine(_)) => None,
        Some(Origin::Hub(_)) => Some(view! {
            <p class="muted">{t(Msg::ActorsFromHub)} " " <a href=maillon::paths::MY_ACTOR_PROFILE>{t(Msg::ActorsMyProfile)}</a></p>
        }.into_any()),
        None => Some(view! {
            <p class="alert">{t(Msg::ActorsNoOrigin)} " " <a href=maillon::paths::MY_ACTOR_PROFILE>{t(Msg::ActorsMyProfile)}</a></p>
        }.into_any()),
    };
    if dir.found.items.is_empty() {
        return view! { {no_origin} <p class="empty">{t(Msg::ActorsEmpty)}</p> }.into_any();
    }
    let total = dir.found.total.to_string();
    let first = (dir.found.page as usize - 1) * dir.found.per_page as usize + 1;
    view! {
        {no_origin}
        <p role="status">{tf(Msg::ActorsFound, &[("n", &total)])}</p>
        {(!dir.placed.is_empty()).then(|| actors_map(&dir.placed, dir.origin, locale))}
        <ol class="order-list doc-list actor-list">
            {dir.found.items.clone().into_iter().enumerate().map(|(i, a)| {
                let rank = first + i;
                view! { <li><span class="rank" aria-hidden="true">{rank}</span><ActorSummary actor=a/></li> }
            }).collect_view()}
        </ol>
        <Pagination page=dir.found href=move |p| format!("{}?{}", maillon::paths::ACTORS, search.query(p))/>
    }
    .into_any()
}

#[component]
fn ActorSummary(actor: ActorCard) -> impl IntoView {
    let locale = use_locale();
    let shares: Vec<String> = actor
        .shares()
        .map(|i| i.category.msg().text(locale).to_owned())
        .collect();
    view! {
        <div>
        <a href=maillon::paths::actor(actor.id)><strong>{actor.name.clone()}</strong></a><br/>
        <span class="muted">{actor.kind.msg().text(locale)} " · " {actor.commune.clone()}
            {actor.distance_km.map(|d| format!(" · {}", Msg::ActorsAway.fill(locale, &[("km", &km(d, locale))])))}</span>
        {(!shares.is_empty()).then(|| view! {
            <br/><span>{t(Msg::ActorShares)} {colon(locale)} {shares.join(", ")}</span>
        })}
        </div>
    }
}

/// The actors found on a plain map (no tiles: it works offline and prints), numbered as the
/// list, each a link to its page with its name as a tooltip; where distances start (the searcher, or the hub) as a
/// square.
fn actors_map(placed: &[Placed], origin: Option<Origin>, locale: Locale) -> impl IntoView + use<> {
    let (w, h) = (360.0, 260.0);
    let mut points: Vec<Point> = placed.iter().map(|p| p.point).collect();
    points.extend(origin.map(Origin::point));
    let from = match origin {
        Some(Origin::Hub(_)) => Msg::MapHub,
        _ => Msg::ActorsMapYou,
    };
    let xy = maillon::geo::project(&points, w, h, 16.0);
    let marks = placed
        .iter()
        .zip(&xy)
        .map(|(p, (x, y))| {
            view! {
                <a href=maillon::paths::actor(p.id)>
                    <title>{p.name.clone()}</title>
                    <circle cx=format!("{x:.1}") cy=format!("{y:.1}") r="8" fill="#2f5d3a" stroke="#fff" stroke-width="1"/>
                    <text x=format!("{x:.1}") y=format!("{:.1}", y + 3.5) text-anchor="middle" font-size="9" fill="#fff">{p.rank}</text>
                </a>
            }
        })
        .collect_view();
    let you = origin.map(|_| {
        let (x, y) = xy[xy.len() - 1];
        view! {
            <rect x=format!("{:.1}", x - 6.0) y=format!("{:.1}", y - 6.0) width="12" height="12" fill="#1b1b1b">
                <title>{from.text(locale)}</title>
            </rect>
        }
    });
    let label = Msg::ActorsMapLabel.fill(locale, &[("n", &placed.len().to_string())]);
    let legend = origin.map(|_| view! { <span><span class="swatch hub"></span>{from.text(locale)}</span> });
    view! {
        <MapFigure label width=w height=h legend=legend.into_any()>
            {marks}
            {you}
        </MapFigure>
    }
}

#[component]
fn Items(items: Vec<ItemView>, direction: Direction) -> impl IntoView {
    let locale = use_locale();
    let mine: Vec<ItemView> = items.into_iter().filter(|i| i.direction == direction).collect();
    (!mine.is_empty()).then(|| {
        view! {
            <h2>{t(direction.msg())}</h2>
            <ul class="order-list">
                {mine.into_iter().map(|i| view! {
                    <li><strong>{i.category.msg().text(locale)}</strong> " · " {i.description}
                        {(!i.availability.is_empty()).then(|| view! {
                            <br/><span class="muted">{t(Msg::ActorAvailability)} {colon(locale)} {i.availability.clone()}</span>
                        })}
                    </li>
                }).collect_view()}
            </ul>
        }
    })
}

#[component]
pub fn ActorPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0)));
    let data = Resource::new(move || id.get(), actor_page);
    let write = ServerAction::<WriteToActor>::new();
    view! {
        <section class="card" aria-labelledby="title">
            <p><a href=maillon::paths::ACTORS>{t(Msg::ActorBack)}</a></p>
            {loaded(data, move |a: ActorCard| {
                let locale = use_locale();
                let name = a.name.clone();
                view! {
                    <h1 id="title">{a.name.clone()}</h1>
                    <p class="muted">{a.kind.msg().text(locale)} " · " {a.commune.clone()}</p>
                    <p class="prose">{a.activity.clone()}</p>
                    <Items items=a.items.clone() direction=Direction::Share/>
                    <Items items=a.items.clone() direction=Direction::Need/>
                    <h2>{tf(Msg::ActorWriteTo, &[("name", &name)])}</h2>
                    <p class="muted">{t(Msg::ActorWriteHint)}</p>
                    <div aria-live="polite">
                        <FormError result=write.value().into()/>
                        <FormSuccess result=outcome(write) msg=Msg::ActorSent/>
                    </div>
                    <ActionForm action=write>
                        <Csrf/>
                        <input type="hidden" name="id" value=a.id/>
                        <div class="field">
                            <label for="actor-message">{t(Msg::ActorMessage)}</label>
                            <textarea id="actor-message" name="message" rows="5" minlength="10" maxlength="2000" required></textarea>
                        </div>
                        <button type="submit" class="button primary">{t(Msg::ActorSend)}</button>
                    </ActionForm>
                }
            })}
        </section>
    }
}

#[component]
pub fn MyActorProfilePage() -> impl IntoView {
    let save = ServerAction::<SaveActorProfile>::new();
    let add = ServerAction::<AddActorItem>::new();
    let remove = ServerAction::<RemoveActorItem>::new();
    let data = Resource::new(
        move || (save.version().get(), add.version().get(), remove.version().get()),
        |_| my_actor_profile(),
    );
    view! {
        <section class="card" aria-labelledby="title">
            <h1 id="title">{t(Msg::MyActorTitle)}</h1>
            <p class="muted">{t(Msg::MyActorHint)}</p>
            <div aria-live="polite">
                <FormError result=save.value().into()/>
                <FormSuccess result=outcome(save) msg=Msg::ActorSaved/>
                <FormError result=add.value().into()/>
                <FormSuccess result=outcome(add) msg=Msg::ActorItemAdded/>
                <FormError result=remove.value().into()/>
            </div>
            {loaded(data, move |mine: Option<MyProfile>| view! {
                <ProfileForm mine=mine.clone() save/>
                {mine.map(|m| view! { <ItemsEditor mine=m add remove/> })}
            })}
        </section>
    }
}

#[component]
fn ProfileForm(mine: Option<MyProfile>, save: ServerAction<SaveActorProfile>) -> impl IntoView {
    let locale = use_locale();
    let f = mine.as_ref().map(|m| m.fields.clone());
    let kind = f.as_ref().map(|f| f.kind);
    let text = |get: fn(&maillon::actors::ProfileFields) -> String| f.as_ref().map(get).unwrap_or_default();
    let (name, activity, commune) = (
        text(|f| f.name.clone()),
        text(|f| f.activity.clone()),
        text(|f| f.commune.clone()),
    );
    let position = f.as_ref().and_then(|f| f.position);
    let (lat, lon) = (
        position.map(|p| format_decimal(p.lat, 5, locale)).unwrap_or_default(),
        position.map(|p| format_decimal(p.lon, 5, locale)).unwrap_or_default(),
    );
    let published = f.as_ref().is_none_or(|f| f.published);
    view! {
        {(!published).then(|| view! { <p class="alert">{t(Msg::ActorNotListed)}</p> })}
        <ActionForm action=save>
            <Csrf/>
            <div class="field">
                <label for="profile-kind">{t(Msg::ActorsKind)}</label>
                <select id="profile-kind" name="profile[kind]" required>
                    {ActorKind::ALL.iter().map(|k| view! {
                        <option value=k.code() selected=kind == Some(*k)>{k.msg().text(locale)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="profile-name">{t(Msg::ActorName)}</label>
                <input id="profile-name" name="profile[name]" maxlength="120" required value=name/>
            </div>
            <div class="field">
                <label for="profile-activity">{t(Msg::ActorActivity)}</label>
                <textarea id="profile-activity" name="profile[activity]" rows="4" maxlength="1000" required>{activity}</textarea>
            </div>
            <div class="field">
                <label for="profile-commune">{t(Msg::ActorCommune)}</label>
                <input id="profile-commune" name="profile[commune]" maxlength="80" required autocomplete="address-level2" value=commune/>
            </div>
            <fieldset>
                <legend>{t(Msg::ActorPlace)}</legend>
                <p class="muted">{t(Msg::ActorPlaceHint)}</p>
                <div class="field">
                    <label for="profile-lat">{t(Msg::Latitude)}</label>
                    <input id="profile-lat" name="profile[latitude]" inputmode="decimal" value=lat/>
                </div>
                <div class="field">
                    <label for="profile-lon">{t(Msg::Longitude)}</label>
                    <input id="profile-lon" name="profile[longitude]" inputmode="decimal" value=lon/>
                </div>
            </fieldset>
            <label class="check" for="profile-published">
                <input id="profile-published" type="checkbox" name="profile[published]" value="on" checked=published/>
                {t(Msg::ActorPublished)}
            </label>
            <button type="submit" class="button primary">{t(Msg::Save)}</button>
        </ActionForm>
    }
}

#[component]
fn ItemsEditor(
    mine: MyProfile,
    add: ServerAction<AddActorItem>,
    remove: ServerAction<RemoveActorItem>,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <h2>{t(Msg::ActorItems)}</h2>
        {if mine.items.is_empty() {
            view! { <p class="empty">{t(Msg::ActorNoItems)}</p> }.into_any()
        } else {
            view! {
                <ul class="order-list doc-list">
                    {mine.items.into_iter().map(|i| view! {
                        <li>
                            <span class="tag">{i.direction.msg().text(locale)}</span> " "
                            <strong>{i.category.msg().text(locale)}</strong> " · " {i.description}
                            {(!i.availability.is_empty()).then(|| format!(" · {}", i.availability))}
                            <details class="confirm">
                                <summary class="button small">{t(Msg::Remove)}</summary>
                                <ActionForm action=remove>
                                    <Csrf/>
                                    <input type="hidden" name="id" value=i.id/>
                                    <p>{t(Msg::ActorRemoveConfirm)}</p>
                                    <button type="submit" name="confirm" value="yes" class="button">{t(Msg::Confirm)}</button>
                                </ActionForm>
                            </details>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <h3>{t(Msg::ActorAddTitle)}</h3>
        <ActionForm action=add>
            <Csrf/>
            <div class="field">
                <label for="item-direction">{t(Msg::ActorItemKind)}</label>
                <select id="item-direction" name="direction">
                    {Direction::ALL.iter().map(|d| view! { <option value=d.code()>{d.msg().text(locale)}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="item-category">{t(Msg::ActorItemCategory)}</label>
                <select id="item-category" name="category">
                    {ItemCategory::ALL.iter().map(|c| view! { <option value=c.code()>{c.msg().text(locale)}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="item-description">{t(Msg::ActorItemDescription)}</label>
                <input id="item-description" name="description" maxlength="200" required/>
            </div>
            <div class="field">
                <label for="item-availability">{t(Msg::ActorItemAvailability)}</label>
                <input id="item-availability" name="availability" maxlength="120"/>
            </div>
            <button type="submit" class="button">{t(Msg::ActorAddItem)}</button>
        </ActionForm>
    }
}
