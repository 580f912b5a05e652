//! The public catalogue: browse by category and producer, search, filter by label; product
//! and producer pages with unit prices and where the money goes.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use maillon::catalogue::{
    self, CardVariant, CatalogueQuery, Category, Label, ProducerProfile, ProductCard, PublicProduct,
};
use maillon::coop::Page;
use maillon::i18n::{Locale, Msg};
use maillon::money::format_cents;
use maillon::orders::{Pricing, ShopFront, ShopVariant};
use serde::{Deserialize, Serialize};

use crate::components::{Pagination, loaded};
use crate::error::AppError;
use crate::i18n::{t, tf, use_locale};
use crate::pages::shop::{AddToCart, AddedToast, add_button, here};

pub use crate::paths::CATALOGUE;

/// A page of the catalogue, and what of it is on sale this week.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CatalogueData {
    pub page: Page<ProductCard>,
    pub sale: Option<ShopFront>,
}

#[cfg(feature = "ssr")]
mod ssr {
    use maillon::orders::{Pricing, ShopFront};

    use crate::error::AppError;

    /// What of these products the open cycle sells, at the visitor's prices, with their cart.
    pub async fn on_sale(products: &[i64]) -> Result<Option<ShopFront>, AppError> {
        let ctx = crate::ssr::ctx()?;
        let (user, owner) = crate::ssr::shopper(false).await?;
        let pricing = user.map_or(Pricing::Retail, |u| Pricing::for_roles(&u.roles));
        Ok(maillon::orders::store::on_sale(&ctx, products, pricing, owner.as_ref(), crate::ssr::locale()).await?)
    }
}

#[server(endpoint = "catalogue", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_catalogue(query: CatalogueQuery) -> Result<CatalogueData, AppError> {
    let page = catalogue::store::catalogue(&crate::ssr::ctx()?, &query).await?;
    let ids: Vec<i64> = page.items.iter().map(|p| p.id).collect();
    Ok(CatalogueData {
        sale: ssr::on_sale(&ids).await?,
        page: Page {
            items: page.items.into_iter().map(ProductCard::from).collect(),
            page: page.page,
            per_page: page.per_page,
            total: page.total,
        },
    })
}

/// Public: retail prices and "only N left" for everyone; shopkeepers also get their trade terms.
#[server(endpoint = "product", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_product(id: i64) -> Result<(PublicProduct, Option<ShopFront>), AppError> {
    let ctx = crate::ssr::ctx()?;
    let shopkeeper = crate::ssr::current_user()
        .await?
        .is_some_and(|u| u.roles.contains(&maillon::accounts::Role::Shopkeeper));
    let detail = catalogue::store::public_product(&ctx, id, shopkeeper).await?;
    Ok((detail, ssr::on_sale(&[id]).await?))
}

#[server(endpoint = "producer", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_producer(id: i64) -> Result<(ProducerProfile, CatalogueData), AppError> {
    let ctx = crate::ssr::ctx()?;
    let profile = catalogue::store::producer(&ctx, id).await?;
    let query = CatalogueQuery {
        producer_id: Some(id),
        per_page: catalogue::CATALOGUE_MAX_PER_PAGE,
        ..Default::default()
    };
    let page = catalogue::store::catalogue(&ctx, &query).await?;
    let ids: Vec<i64> = page.items.iter().map(|p| p.id).collect();
    Ok((
        profile,
        CatalogueData {
            sale: ssr::on_sale(&ids).await?,
            page: Page {
                items: page.items.into_iter().map(ProductCard::from).collect(),
                page: page.page,
                per_page: page.per_page,
                total: page.total,
            },
        },
    ))
}

/// How a page offers to buy what is on sale: the cycle, the buyer's pricing, each variant on
/// sale by id, the add action and where a plain form comes back to.
#[derive(Clone)]
struct Sale {
    cycle_id: i64,
    pro: bool,
    variants: std::collections::HashMap<i64, ShopVariant>,
    add: ServerAction<AddToCart>,
    back: String,
}

impl Sale {
    fn new(front: Option<ShopFront>, add: ServerAction<AddToCart>) -> Option<Sale> {
        front.map(|f| Sale {
            cycle_id: f.cycle_id,
            pro: f.pricing == Pricing::Pro,
            variants: f
                .products
                .into_iter()
                .flat_map(|p| p.variants)
                .map(|v| (v.variant_id, v))
                .collect(),
            add,
            back: here(),
        })
    }

    fn sells(&self, product: &[i64]) -> bool {
        product.iter().any(|id| self.variants.contains_key(id))
    }
}

// One column on phones, two from 40rem, three from 60rem (style/main.css, `.cards`).
const GRID_SIZES: &str = "(min-width: 60rem) 33vw, (min-width: 40rem) 50vw, 100vw";
// Two columns on phones, three from 40rem (`.gallery`).
const GALLERY_SIZES: &str = "(min-width: 40rem) 33vw, 50vw";

use crate::components::{Frame, photo, photo_framed};

fn query_string(q: &CatalogueQuery, page: u32) -> String {
    let mut parts = Vec::new();
    if !q.search.is_empty() {
        parts.push(format!("q={}", crate::pages::members::urlencode(&q.search)));
    }
    if let Some(c) = q.category {
        parts.push(format!("categorie={}", c.code()));
    }
    if let Some(l) = q.label {
        parts.push(format!("label={}", l.code()));
    }
    if let Some(p) = q.producer_id {
        parts.push(format!("producteur={p}"));
    }
    if q.per_page != 0 {
        parts.push(format!("par_page={}", q.per_page));
    }
    parts.push(format!("page={page}"));
    format!("{CATALOGUE}?{}", parts.join("&"))
}

#[component]
pub fn CataloguePage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| {
        params.with(|p| CatalogueQuery {
            category: p.get("categorie").and_then(|c| Category::parse(&c)),
            producer_id: p.get("producteur").and_then(|id| id.parse().ok()),
            search: p.get("q").unwrap_or_default(),
            label: p.get("label").and_then(|l| Label::parse(&l)),
            page: maillon::coop::page_number(p.get("page").as_deref()),
            per_page: p.get("par_page").and_then(|n| n.parse().ok()).unwrap_or(0),
        })
    });
    let add = ServerAction::<AddToCart>::new();
    let products = Resource::new(move || (query.get(), add.version().get()), |(q, _)| get_catalogue(q));
    view! {
        <AddedToast add/>
        <section aria-labelledby="title">
            <h1 id="title">{t(Msg::CatalogueTitle)}</h1>
            <form method="get" action=CATALOGUE role="search" class="filters">
                <div class="field">
                    <label for="q">{t(Msg::CatalogueSearch)}</label>
                    <input id="q" name="q" type="search" value=move || query.get().search placeholder=t(Msg::CatalogueSearchHint)/>
                </div>
                <div class="field">
                    <label for="categorie">{t(Msg::Category)}</label>
                    <select id="categorie" name="categorie">
                        <option value="">{t(Msg::AllCategories)}</option>
                        {Category::ALL.iter().map(|c| view! {
                            <option value=c.code() selected=move || query.get().category == Some(*c)>{t(c.label())}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="label">{t(Msg::QualityLabel)}</label>
                    <select id="label" name="label">
                        <option value="">{t(Msg::AllLabels)}</option>
                        {Label::ALL.iter().map(|l| view! {
                            <option value=l.code() selected=move || query.get().label == Some(*l)>{t(l.label())}</option>
                        }).collect_view()}
                    </select>
                </div>
                {move || query.get().producer_id.map(|id| view! { <input type="hidden" name="producteur" value=id/> })}
                <button type="submit" class="button primary">{t(Msg::Search)}</button>
            </form>
            <nav class="category-links" aria-label=t(Msg::Categories)>
                <ul class="chips">
                    {Category::ALL.iter().map(|c| view! {
                        <li><a class="chip" href=format!("{CATALOGUE}?categorie={}", c.code())>{t(c.label())}</a></li>
                    }).collect_view()}
                </ul>
            </nav>
            {loaded(products, move |data: CatalogueData| view! { <ProductGrid data query=query.get() add/> })}
        </section>
    }
}

#[component]
fn ProductGrid(data: CatalogueData, query: CatalogueQuery, add: ServerAction<AddToCart>) -> impl IntoView {
    let CatalogueData { mut page, sale } = data;
    if page.items.is_empty() {
        return view! { <p class="empty">{t(Msg::CatalogueEmpty)}</p> }.into_any();
    }
    let locale = use_locale();
    let count = tf(Msg::ProductsCount, &[("count", &page.total.to_string())]);
    let items = std::mem::take(&mut page.items);
    let sale = Sale::new(sale, add);
    view! {
        <p class="muted" role="status">{count}</p>
        <ul class="cards products">{items.into_iter().enumerate().map(|(i, p)| product_card(p, locale, sale.as_ref(), i == 0)).collect_view()}</ul>
        <Pagination page href=move |n| query_string(&query, n)/>
    }
    .into_any()
}

// The grid can hold hundreds of products and thousands of variants: its pieces are plain
// functions given the locale, not components each looking it up.
// The first card's photo is on a phone's first screen: it loads at once, the others lazily.
fn product_card(product: ProductCard, locale: Locale, sale: Option<&Sale>, first: bool) -> impl IntoView {
    let href = maillon::paths::product(product.id);
    let unit = product.unit;
    let ids: Vec<i64> = product.variants.iter().map(|v| v.id).collect();
    let not_on_sale = sale.is_some_and(|s| !s.sells(&ids));
    let name = product.name.clone();
    view! {
        <li class="card product">
            {product.photo_id.map(|id| photo_framed(id, product.name.clone(), GRID_SIZES, Frame::Landscape, first))}
            {product.photo_id.is_none().then(|| view! {
                <div class="photo placeholder" aria-hidden="true">{product.category.label().text(locale)}</div>
            })}
            <h2 class="product-name"><a href=href>{product.name}</a></h2>
            <p class="muted"><a href=maillon::paths::producer(product.producer_id)>{product.producer_name}</a></p>
            {labels_list(product.labels, locale)}
            {not_on_sale.then(|| view! { <p class="tag">{Msg::NotOnSaleThisWeek.text(locale)}</p> })}
            <ul class="variants">{product.variants.into_iter().map(|v| variant_line(v, unit, locale, &name, sale)).collect_view()}</ul>
        </li>
    }
}

pub fn labels_list(labels: Vec<Label>, locale: Locale) -> impl IntoView {
    (!labels.is_empty()).then(|| {
        view! {
            <ul class="labels" aria-label=Msg::QualityLabel.text(locale)>
                {labels.into_iter().map(|l| view! { <li class="tag">{l.label().text(locale)}</li> }).collect_view()}
            </ul>
        }
    })
}

/// A variant's name, price, unit price and a warning when few are left; when it is on sale
/// this week, the buyer's price, what is in their cart and the button to add it.
fn variant_line(
    f: CardVariant,
    unit: catalogue::Unit,
    locale: Locale,
    product: &str,
    sale: Option<&Sale>,
) -> impl IntoView {
    let on_sale = sale.and_then(|s| s.variants.get(&f.id).map(|v| (s, v)));
    let name = f.display_name(unit, locale);
    let price = on_sale.map_or(f.retail_price_cents, |(_, v)| v.price_cents);
    let few = on_sale.map_or(f.few_left, |(_, v)| v.low);
    let low = few.map(|n| match n {
        0 => Msg::SoldOut.text(locale).to_owned(),
        n => Msg::OnlyLeft.fill(locale, &[("n", &n.to_string())]),
    });
    let trade = f.trade.map(|t| {
        Msg::TradeTermsLine.fill(
            locale,
            &[
                ("price", &format_cents(t.pro_price_cents, locale)),
                ("n", &t.case_size.to_string()),
            ],
        )
    });
    let item = catalogue::line_label(product, &name);
    view! {
        <li class="variant" id=format!("v{}", f.id)>
            <span class="variant-name">{name}</span>
            <strong class="price">{format_cents(price, locale)}</strong>
            <span class="unit-price">{catalogue::format_unit_price(price, f.quantity, unit, locale)}</span>
            {low.map(|l| view! { <span class="tag low">{l}</span> })}
            {trade.map(|t| view! { <span class="trade">{t}</span> })}
            {on_sale.map(|(s, v)| view! {
                {(v.in_cart > 0).then(|| view! { <span class="in-cart">{Msg::InCart.fill(locale, &[("n", &v.in_cart.to_string())])}</span> })}
                {add_button(s.add, s.cycle_id, v, &item, s.pro, s.back.clone())}
            })}
        </li>
    }
}

#[component]
pub fn ProductPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0)));
    let add = ServerAction::<AddToCart>::new();
    let product = Resource::new(move || (id.get(), add.version().get()), |(id, _)| get_product(id));
    view! {
        <AddedToast add/>
        {loaded(product, move |(detail, sale): (PublicProduct, Option<ShopFront>)| view! { <ProductView detail sale add/> })}
    }
}

#[component]
fn ProductView(detail: PublicProduct, sale: Option<ShopFront>, add: ServerAction<AddToCart>) -> impl IntoView {
    let locale = use_locale();
    let sale = Sale::new(sale, add);
    let PublicProduct {
        card: product,
        description,
        producer_town,
        photo_ids,
        share,
    } = detail;
    let unit = product.unit;
    let ids: Vec<i64> = product.variants.iter().map(|v| v.id).collect();
    let not_on_sale = sale.as_ref().is_some_and(|s| !s.sells(&ids));
    let share = share
        .zip(product.variants.first().map(|v| v.display_name(unit, locale)))
        .map(|(s, name)| (name, s));
    view! {
        <article class="card" aria-labelledby="title">
            <p class="breadcrumb"><a href=format!("{CATALOGUE}?categorie={}", product.category.code())>{t(product.category.label())}</a></p>
            <h1 id="title">{product.name.clone()}</h1>
            <p>
                {t(Msg::From)} " " <a href=maillon::paths::producer(product.producer_id)>{product.producer_name.clone()}</a>
                " — " {producer_town}
            </p>
            {labels_list(product.labels.clone(), locale)}
            <div class="gallery">
                {photo_ids.into_iter().enumerate().map(|(i, id)| photo_framed(id, product.name.clone(), GALLERY_SIZES, Frame::Landscape, i == 0)).collect_view()}
            </div>
            {(!description.is_empty()).then(|| view! { <p class="description">{description}</p> })}
            <h2>{t(Msg::Variants)}</h2>
            {not_on_sale.then(|| view! { <p class="tag">{t(Msg::NotOnSaleThisWeek)}</p> })}
            {if product.variants.is_empty() {
                view! { <p class="empty">{t(Msg::NoVariantAvailable)}</p> }.into_any()
            } else {
                let name = product.name.clone();
                view! {
                    <ul class="variants">
                        {product.variants.into_iter().map(|v| variant_line(v, unit, locale, &name, sale.as_ref())).collect_view()}
                    </ul>
                }.into_any()
            }}
            {share.map(|(name, s)| view! {
                <section class="share" aria-labelledby="share-title">
                    <h2 id="share-title">{t(Msg::WhereMoneyGoes)}</h2>
                    <p class="muted">{tf(Msg::WhereMoneyGoesFor, &[("variant", &name), ("price", &format_cents(s.price_cents, locale))])}</p>
                    <ShareList share=s/>
                    <p class="hint">{t(Msg::ShareExplained)}</p>
                </section>
            })}
        </article>
    }
}

#[component]
pub fn ProducerPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0)));
    let add = ServerAction::<AddToCart>::new();
    let producer = Resource::new(move || (id.get(), add.version().get()), |(id, _)| get_producer(id));
    view! {
        <AddedToast add/>
        {loaded(producer, move |(profile, data): (ProducerProfile, CatalogueData)| view! { <ProducerView profile data add/> })}
    }
}

#[component]
fn ProducerView(profile: ProducerProfile, data: CatalogueData, add: ServerAction<AddToCart>) -> impl IntoView {
    let locale = use_locale();
    let products = data.page.items;
    let sale = Sale::new(data.sale, add);
    let name = profile.farm_name.clone();
    view! {
        <article class="card" aria-labelledby="title">
            <h1 id="title">{profile.farm_name.clone()}</h1>
            <p class="muted">{profile.town.clone()} {(!profile.address.is_empty()).then(|| format!(" — {}", profile.address))}</p>
            {labels_list(profile.labels.clone(), locale)}
            <div class="gallery">
                {profile.photo_ids.iter().map(|id| photo(*id, name.clone(), GALLERY_SIZES)).collect_view()}
            </div>
            {(!profile.story.is_empty()).then(|| view! { <p class="description">{profile.story.clone()}</p> })}
            {(!profile.produce.is_empty()).then(|| view! { <p class="produce">{profile.produce.clone()}</p> })}
            {(!profile.contact_email.is_empty() || !profile.phone.is_empty()).then(|| view! {
                <h2>{t(Msg::Contact)}</h2>
                <ul class="contact">
                    {(!profile.contact_email.is_empty()).then(|| view! { <li><a href=format!("mailto:{}", profile.contact_email)>{profile.contact_email.clone()}</a></li> })}
                    {(!profile.phone.is_empty()).then(|| view! { <li><a href=format!("tel:{}", profile.phone.replace(' ', ""))>{profile.phone.clone()}</a></li> })}
                </ul>
            })}
        </article>
        <section aria-labelledby="products-title">
            <h2 id="products-title">{t(Msg::ItsProducts)}</h2>
            {if products.is_empty() {
                view! { <p class="empty">{t(Msg::CatalogueEmpty)}</p> }.into_any()
            } else {
                view! { <ul class="cards products">{products.into_iter().enumerate().map(|(i, p)| product_card(p, locale, sale.as_ref(), i == 0)).collect_view()}</ul> }.into_any()
            }}
        </section>
    }
}

/// Where the euros of a price go, in euros and percent: the product page's, an order's.
#[component]
pub fn ShareList(share: maillon::catalogue::PriceShare) -> impl IntoView {
    let locale = use_locale();
    let s = share;
    let percent = |part: i64| {
        if s.price_cents == 0 {
            0
        } else {
            maillon::money::mul_div_round(part, 100, s.price_cents)
        }
    };
    // A share the split gives nothing is left out; the producer, the cooperative and VAT are
    // always said.
    let part = move |label: Msg, cents: i64, shown: bool| {
        shown.then(|| {
            view! {
                <dt>{t(label)}</dt>
                <dd>{format_cents(cents, locale)} " (" {percent(cents)} " %)"</dd>
            }
        })
    };
    view! {
        <dl class="share-list">
            <dt>{t(Msg::ShareProducer)}</dt>
            <dd><strong>{format_cents(s.producer_cents, locale)}</strong> " (" {percent(s.producer_cents)} " %)"</dd>
            {part(Msg::ShareHub, s.hub_cents, s.hub_cents > 0)}
            {part(Msg::ShareCoop, s.coop_cents, true)}
            {part(Msg::ShareSolidarity, s.solidarity_cents, s.solidarity_cents > 0)}
            {part(Msg::ShareVat, s.vat_cents, true)}
        </dl>
    }
}
