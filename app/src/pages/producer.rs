//! The producer's side: farm profile, products with variants and photos, the bulk edit screen
//! and CSV export/import. The board may manage any farm with `?producteur=ID`.

// A server function's arguments are its form's fields, one to one.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use maillon::catalogue::{
    self, Category, Label, ProducerInput, ProducerProfile, ProductDetail, ProductSummary, RowError, Stock, Unit,
};
use maillon::i18n::Msg;
use maillon::money::{cents_to_input, format_cents};
use serde::{Deserialize, Serialize};

use crate::components::photo;
use crate::components::{
    BackTo, Csrf, DetailedError, Field, FormResult, FormSuccess, RowErrors, csrf_token, loaded, outcome,
};
use crate::error::AppError;
use crate::i18n::{t, tf, use_locale};

pub use crate::paths::DASHBOARD;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub producer: Option<ProducerProfile>,
    pub products: Vec<ProductSummary>,
    /// The cycle taking orders now, and the farm's variants it does not sell.
    #[serde(default)]
    pub not_on_sale: Option<(String, Vec<i64>)>,
}

/// `?producteur=ID` when the board manages another farm, to carry along in links.
fn farm_param() -> Memo<Option<i64>> {
    let q = use_query_map();
    Memo::new(move |_| q.with(|q| q.get("producteur").and_then(|p| p.parse().ok())))
}

fn with_farm(path: &str, farm: Option<i64>) -> String {
    match farm {
        Some(id) if path.contains('?') => format!("{path}&producteur={id}"),
        Some(id) => format!("{path}?producteur={id}"),
        None => path.to_owned(),
    }
}

#[cfg(feature = "ssr")]
mod ssr {
    use maillon::accounts::{Permission, store::CurrentUser};

    use crate::error::AppError;
    use crate::ssr::{AppState, require, state};

    /// The caller and the farm whose catalogue they manage.
    pub async fn managing(producer: Option<i64>) -> Result<(AppState, CurrentUser, i64), AppError> {
        let user = require(Permission::ManageCatalogue).await?;
        let state = state()?;
        let farm = maillon::catalogue::store::managed_producer(&state.pool, state.coop.id, &user, producer).await?;
        Ok((state, user, farm))
    }
}

#[server(endpoint = "my_catalogue", input = leptos::server_fn::codec::GetUrl)]
pub async fn my_catalogue(producer: Option<i64>) -> Result<Dashboard, AppError> {
    use maillon::error::ServiceError;
    let user = crate::ssr::require(maillon::accounts::Permission::ManageCatalogue).await?;
    let state = crate::ssr::state()?;
    let farm = match catalogue::store::managed_producer(&state.pool, state.coop.id, &user, producer).await {
        Ok(id) => id,
        Err(ServiceError::NotFound) if producer.is_none() => {
            return Ok(Dashboard {
                producer: None,
                products: vec![],
                not_on_sale: None,
            });
        }
        Err(e) => return Err(e.into()),
    };
    let profile = catalogue::store::producer(&state.pool, state.coop.id, farm).await?;
    let products = catalogue::store::producer_products(&state.pool, state.coop.id, farm).await?;
    // A product added or re-activated while a cycle is open is not on sale in it until hub
    // staff offer it: the producer is told which.
    let open = maillon::cycles::store::open_cycles(&state.pool, state.coop.id, chrono::Utc::now()).await?;
    let not_on_sale = match open.first() {
        Some(cycle) => {
            let missing = maillon::cycles::store::not_offered(
                &state.pool,
                state.coop.id,
                cycle.id,
                Some(farm),
                crate::ssr::locale(),
            )
            .await?;
            Some((cycle.name.clone(), missing.into_iter().map(|m| m.variant_id).collect()))
        }
        None => None,
    };
    Ok(Dashboard {
        producer: Some(profile),
        products,
        not_on_sale,
    })
}

#[server(endpoint = "save_farm_profile")]
pub async fn save_farm_profile(csrf: String, profile: ProducerInput) -> Result<(), AppError> {
    let _ = csrf;
    let user = crate::ssr::require(maillon::accounts::Permission::ManageOwnFarm).await?;
    let state = crate::ssr::state()?;
    let parsed = catalogue::parse_producer(&profile).map_err(crate::ssr::field_errors)?;
    catalogue::store::save_producer(&state.pool, state.coop.id, user.id, &parsed).await?;
    Ok(())
}

#[server(endpoint = "product_for_edit", input = leptos::server_fn::codec::GetUrl)]
pub async fn product_for_edit(id: i64) -> Result<ProductDetail, AppError> {
    let user = crate::ssr::require(maillon::accounts::Permission::ManageCatalogue).await?;
    let state = crate::ssr::state()?;
    catalogue::store::authorize_product(&state.pool, state.coop.id, &user, id).await?;
    Ok(catalogue::store::product_detail(&state.pool, state.coop.id, id, false).await?)
}

/// One variant block of the product form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantForm {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub quantity: String,
    #[serde(default)]
    pub retail_price: String,
    #[serde(default)]
    pub pro_price: String,
    #[serde(default)]
    pub case_size: String,
    #[serde(default)]
    pub vat: String,
    #[serde(default)]
    pub weight_grams: String,
    #[serde(default)]
    pub stock_mode: String,
    #[serde(default)]
    pub stock: String,
    #[serde(default)]
    pub cap: String,
    #[serde(default)]
    pub active: Option<String>,
}

#[server(endpoint = "save_product")]
pub async fn save_product(
    csrf: String,
    producer: Option<i64>,
    product_id: Option<i64>,
    name: String,
    description: String,
    category: String,
    unit: String,
    #[server(default)] labels: Vec<String>,
    #[server(default)] active: Option<String>,
    #[server(default)] variants: Vec<VariantForm>,
) -> Result<(), AppError> {
    let _ = csrf;
    let (state, user, farm) = ssr::managing(producer).await?;
    let farm = match product_id {
        Some(id) => catalogue::store::authorize_product(&state.pool, state.coop.id, &user, id).await?,
        None => farm,
    };
    let fields = catalogue::parse_product(&name, &description, &category, &unit, &labels, active.is_some());
    let mut errors = fields.as_ref().err().cloned().unwrap_or_default();
    let mut parsed = Vec::new();
    for (i, v) in variants.iter().enumerate() {
        let input = catalogue::VariantInput {
            name: v.name.clone(),
            quantity: v.quantity.clone(),
            retail_price: v.retail_price.clone(),
            pro_price: v.pro_price.clone(),
            case_size: v.case_size.clone(),
            vat: v.vat.clone(),
            weight_grams: v.weight_grams.clone(),
            stock_mode: v.stock_mode.clone(),
            stock: v.stock.clone(),
            cap: v.cap.clone(),
            active: v.active.is_some(),
        };
        if v.id.is_empty() && input.is_blank() {
            continue;
        }
        match input.parse() {
            Ok(fields) => parsed.push((v.id.parse::<i64>().ok(), fields)),
            Err(e) => errors.extend(e.into_iter().map(|mut f| {
                f.field = format!("variants.{}.{}", i + 1, f.field);
                f
            })),
        }
    }
    if !errors.is_empty() {
        return Err(crate::ssr::field_errors(errors));
    }
    let fields = fields.map_err(crate::ssr::field_errors)?;
    let id = catalogue::store::save_product(&state.pool, state.coop.id, farm, product_id, &fields, &parsed).await?;
    leptos_axum::redirect(&with_farm(&format!("{DASHBOARD}/produits/{id}?enregistre=1"), producer));
    Ok(())
}

#[server(endpoint = "bulk_save")]
pub async fn bulk_save(
    csrf: String,
    producer: Option<i64>,
    #[server(default)] rows: Vec<catalogue::BulkRowInput>,
) -> Result<usize, AppError> {
    let _ = csrf;
    let (state, _, farm) = ssr::managing(producer).await?;
    let changes = catalogue::parse_bulk(&rows).map_err(crate::ssr::row_errors)?;
    catalogue::store::bulk_update(&state.pool, state.coop.id, farm, &changes)
        .await?
        .map_err(crate::ssr::row_errors)?;
    Ok(changes.len())
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportPreviewData {
    pub lines: Vec<PreviewLine>,
    pub errors: Vec<RowError>,
    pub applied: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PreviewLine {
    pub line: usize,
    pub is_new: bool,
    pub product: String,
    pub variant: String,
    pub price_cents: i64,
    pub stock: Stock,
    pub active: bool,
}

#[server(endpoint = "import_preview", input = leptos::server_fn::codec::GetUrl)]
pub async fn import_preview(producer: Option<i64>, id: i64) -> Result<ImportPreviewData, AppError> {
    let (state, _, farm) = ssr::managing(producer).await?;
    let (content, applied) = catalogue::store::import(&state.pool, state.coop.id, farm, id).await?;
    let locale = crate::ssr::request_info().map(|i| i.locale).unwrap_or_default();
    Ok(match catalogue::csv::parse(&content) {
        Ok(rows) => ImportPreviewData {
            lines: rows
                .into_iter()
                .map(|r| PreviewLine {
                    line: r.line,
                    is_new: r.variant_id.is_none(),
                    variant: r.variant.display_name(r.unit, locale),
                    product: r.product_name,
                    price_cents: r.variant.retail_price_cents,
                    stock: r.variant.stock,
                    active: r.variant.active,
                })
                .collect(),
            errors: vec![],
            applied,
        },
        Err(errors) => ImportPreviewData {
            lines: vec![],
            errors,
            applied,
        },
    })
}

#[server(endpoint = "apply_import")]
pub async fn apply_import(csrf: String, producer: Option<i64>, id: i64) -> Result<usize, AppError> {
    let _ = csrf;
    let (state, _, farm) = ssr::managing(producer).await?;
    catalogue::store::apply_import(&state.pool, state.coop.id, farm, id)
        .await?
        .map_err(crate::ssr::row_errors)
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let farm = farm_param();
    let data = Resource::new(move || farm.get(), my_catalogue);
    loaded(data, move |d: Dashboard| match d.producer {
        Some(p) => view! { <DashboardView producer=p products=d.products not_on_sale=d.not_on_sale farm=farm.get()/> }
            .into_any(),
        None => view! {
            <section class="card narrow">
                <h1>{t(Msg::DashboardTitle)}</h1>
                <p>{t(Msg::SetUpFarmFirst)}</p>
                <a class="button primary" href="/producteur/profil">{t(Msg::SetUpFarm)}</a>
            </section>
        }
        .into_any(),
    })
}

#[component]
fn DashboardView(
    producer: ProducerProfile,
    products: Vec<ProductSummary>,
    not_on_sale: Option<(String, Vec<i64>)>,
    farm: Option<i64>,
) -> impl IntoView {
    let locale = use_locale();
    let variants: usize = products.iter().map(|p| p.variants.len()).sum();
    let missing: std::collections::HashSet<i64> = not_on_sale
        .as_ref()
        .map(|(_, ids)| ids.iter().copied().collect())
        .unwrap_or_default();
    let missing_cycle = not_on_sale.map(|(name, _)| name).unwrap_or_default();
    view! {
        <section aria-labelledby="title">
            <h1 id="title">{producer.farm_name.clone()}</h1>
            <p class="muted">{tf(Msg::DashboardSummary, &[("products", &products.len().to_string()), ("variants", &variants.to_string())])}</p>
            {(!missing.is_empty()).then(|| view! {
                <p class="alert warning">
                    {tf(Msg::NotOnSaleInCycle, &[("cycle", &missing_cycle), ("n", &missing.len().to_string())])}
                </p>
            })}
            <nav class="actions" aria-label=t(Msg::DashboardActions)>
                <a class="button primary" href=with_farm("/producteur/produits/nouveau", farm)>{t(Msg::AddProduct)}</a>
                <a class="button" href=with_farm("/producteur/edition", farm)>{t(Msg::BulkEdit)}</a>
                <a class="button" href=with_farm("/producteur/export.csv", farm) download="catalogue.csv">{t(Msg::ExportCsv)}</a>
                <a class="button" href=with_farm("/producteur/import", farm)>{t(Msg::ImportCsv)}</a>
                {farm.is_none().then(|| view! { <a class="button" href="/producteur/bons">{t(Msg::MyPurchaseOrders)}</a> })}
                {farm.is_none().then(|| view! { <a class="button" href="/producteur/profil">{t(Msg::EditFarmProfile)}</a> })}
                <a class="button" href=format!("/producteurs/{}", producer.id)>{t(Msg::SeePublicPage)}</a>
            </nav>
            {if products.is_empty() {
                view! { <p class="empty">{t(Msg::NoProductsYet)}</p> }.into_any()
            } else {
                view! {
                    <ul class="stock-list">
                        {products.into_iter().map(|p| {
                            let unit = p.unit;
                            view! {
                                <li class="card" class:archived=!p.active>
                                    <h2 class="product-name">
                                        <a href=with_farm(&format!("/producteur/produits/{}", p.id), farm)>{p.name.clone()}</a>
                                        {(!p.active).then(|| view! { " " <span class="tag">{t(Msg::Archived)}</span> })}
                                    </h2>
                                    <ul class="variants">
                                        {p.variants.into_iter().map(|v| {
                                            let stock = match v.fields.stock {
                                                Stock::Finite(n) => tf(Msg::InStock, &[("n", &n.to_string())]),
                                                Stock::OnDemand { cap: Some(c) } => tf(Msg::OnDemandCap, &[("n", &c.to_string())]),
                                                Stock::OnDemand { cap: None } => t(Msg::OnDemand).to_owned(),
                                            };
                                            view! {
                                                <li class="variant" class:low=v.fields.stock.is_low() class:inactive=!v.fields.active>
                                                    <span class="variant-name">{v.fields.display_name(unit, locale)}</span>
                                                    <strong class="price">{format_cents(v.fields.retail_price_cents, locale)}</strong>
                                                    <span class="stock">{stock}</span>
                                                    {(!v.fields.active).then(|| view! { <span class="tag">{t(Msg::Inactive)}</span> })}
                                                    {missing.contains(&v.id).then(|| view! { <span class="tag low">{t(Msg::NotOnSaleThisWeek)}</span> })}
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn FarmProfilePage() -> impl IntoView {
    let data = Resource::new(|| (), |_| my_catalogue(None));
    let save = ServerAction::<SaveFarmProfile>::new();
    loaded(
        data,
        move |d: Dashboard| view! { <FarmProfileForm profile=d.producer save/> },
    )
}

#[component]
fn FarmProfileForm(profile: Option<ProducerProfile>, save: ServerAction<SaveFarmProfile>) -> impl IntoView {
    let value = |f: fn(&ProducerProfile) -> String| profile.as_ref().map(f).unwrap_or_default();
    let coordinate = |c: Option<f64>| c.map(|v| v.to_string()).unwrap_or_default();
    let (farm_name, town, address, story, produce, email, phone) = (
        value(|p| p.farm_name.clone()),
        value(|p| p.town.clone()),
        value(|p| p.address.clone()),
        value(|p| p.story.clone()),
        value(|p| p.produce.clone()),
        value(|p| p.contact_email.clone()),
        value(|p| p.phone.clone()),
    );
    let latitude = coordinate(profile.as_ref().and_then(|p| p.latitude));
    let longitude = coordinate(profile.as_ref().and_then(|p| p.longitude));
    let labels = profile.as_ref().map(|p| p.labels.clone()).unwrap_or_default();
    let photos = profile.map(|p| (p.id, p.farm_name, p.photo_ids));
    view! {
        <section class="card" aria-labelledby="title">
            <h1 id="title">{t(Msg::FarmProfileTitle)}</h1>
            <ActionForm action=save>
                <Csrf/>
                <DetailedError result=save.value().into()/>
                <FormSuccess result=outcome(save) msg=Msg::Saved/>
                <Field name="profile[farm_name]" label=Msg::FarmName value=farm_name maxlength=120/>
                <Field name="profile[town]" label=Msg::Town value=town maxlength=120/>
                <Field name="profile[address]" label=Msg::Address value=address required=false maxlength=300/>
                <div class="field">
                    <label for="story">{t(Msg::FarmStory)}</label>
                    <textarea id="story" name="profile[story]" rows="5" maxlength="4000">{story}</textarea>
                </div>
                <Field name="profile[produce]" label=Msg::FarmProduce value=produce required=false maxlength=300/>
                <LabelChoices name="profile[labels]" selected=labels/>
                <Field name="profile[contact_email]" label=Msg::ContactEmail kind="email" value=email required=false/>
                <Field name="profile[phone]" label=Msg::Phone kind="tel" value=phone required=false/>
                <div class="two">
                    <Field name="profile[latitude]" label=Msg::Latitude value=latitude required=false hint=Msg::CoordinatesHint/>
                    <Field name="profile[longitude]" label=Msg::Longitude value=longitude required=false/>
                </div>
                <button type="submit" class="button primary">{t(Msg::Save)}</button>
            </ActionForm>
        </section>
        {photos.map(|(id, name, ids)| view! {
            <section class="card" aria-labelledby="photos-title">
                <h2 id="photos-title">{t(Msg::Photos)}</h2>
                <PhotoList ids alt=name/>
                <PhotoUpload target="producer" target_id=id back="/producteur/profil".into()/>
            </section>
        })}
    }
}

#[component]
fn LabelChoices(name: &'static str, selected: Vec<Label>) -> impl IntoView {
    view! {
        <fieldset class="checkboxes">
            <legend>{t(Msg::QualityLabel)}</legend>
            {Label::ALL.iter().enumerate().map(|(i, l)| {
                let id = format!("{}-{}", name.replace(['[', ']'], "-"), l.code());
                let for_id = id.clone();
                view! {
                    <label for=for_id class="check">
                        <input type="checkbox" id=id name=format!("{name}[{i}]") value=l.code() checked=selected.contains(l)/>
                        {t(l.label())}
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}

#[component]
fn PhotoList(ids: Vec<i64>, alt: String) -> impl IntoView {
    if ids.is_empty() {
        return view! { <p class="empty">{t(Msg::NoPhotoYet)}</p> }.into_any();
    }
    view! {
        <div class="gallery">
            {ids.into_iter().map(|id| photo(id, alt.clone(), "(min-width: 40rem) 33vw, 50vw")).collect_view()}
        </div>
    }
    .into_any()
}

/// A plain multipart form: works without JavaScript, the server answers with a redirect.
#[component]
fn PhotoUpload(target: &'static str, target_id: i64, back: String) -> impl IntoView {
    let q = use_query_map();
    let error = move || {
        q.with(|q| q.get("photo_erreur"))
            .and_then(|code| crate::components::msg_from_code(&code))
    };
    let added = move || q.with(|q| q.get("photo").is_some());
    view! {
        {move || error().map(|m| view! { <p class="alert error" role="alert">{t(m)}</p> })}
        {move || added().then(|| view! { <p class="alert success" role="status">{t(Msg::PhotoAdded)}</p> })}
        <form method="post" action="/producteur/photos" enctype="multipart/form-data" class="upload">
            <input type="hidden" name="csrf" value=csrf_token()/>
            <input type="hidden" name="target" value=target/>
            <input type="hidden" name="target_id" value=target_id/>
            <input type="hidden" name="back" value=back/>
            <div class="field">
                <label for="photo">{t(Msg::AddPhoto)}</label>
                <input id="photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp" required aria-describedby="photo-hint"/>
                <p class="hint" id="photo-hint">{t(Msg::PhotoHint)}</p>
            </div>
            <button type="submit" class="button">{t(Msg::Upload)}</button>
        </form>
    }
}

#[component]
pub fn ProductEditPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())));
    let product = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => product_for_edit(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    loaded(product, |detail| view! { <ProductForm detail/> })
}

#[component]
fn ProductForm(detail: Option<ProductDetail>) -> impl IntoView {
    let locale = use_locale();
    let save = ServerAction::<SaveProduct>::new();
    let farm = farm_param();
    let q = use_query_map();
    let saved = move || q.with(|q| q.get("enregistre").is_some());
    let product = detail.as_ref().map(|d| d.product.clone());
    let category = product.as_ref().map(|p| p.category);
    let unit = product.as_ref().map(|p| p.unit);
    let mut variants: Vec<VariantForm> = product
        .as_ref()
        .map(|p| {
            p.variants
                .iter()
                .map(|v| {
                    let f = &v.fields;
                    let (mode, stock, cap) = match f.stock {
                        Stock::Finite(n) => ("finite", n.to_string(), String::new()),
                        Stock::OnDemand { cap } => (
                            "on_demand",
                            String::new(),
                            cap.map(|c| c.to_string()).unwrap_or_default(),
                        ),
                    };
                    VariantForm {
                        id: v.id.to_string(),
                        name: f.name.clone(),
                        quantity: f.quantity.to_string(),
                        retail_price: cents_to_input(f.retail_price_cents, locale),
                        pro_price: cents_to_input(f.pro_price_cents, locale),
                        case_size: f.case_size.to_string(),
                        vat: catalogue::format_vat(f.vat_bp, maillon::i18n::Locale::En)
                            .trim_end_matches(" %")
                            .to_owned(),
                        weight_grams: f.weight_grams.to_string(),
                        stock_mode: mode.into(),
                        stock,
                        cap,
                        active: f.active.then(|| "on".into()),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    // Room for new variants: two on a new product, one on an existing one.
    let blanks = if variants.is_empty() { 2 } else { 1 };
    for _ in 0..blanks {
        variants.push(VariantForm {
            active: Some("on".into()),
            ..Default::default()
        });
    }
    let title = if product.is_some() {
        Msg::EditProduct
    } else {
        Msg::NewProduct
    };
    let back = with_farm(DASHBOARD, farm.get_untracked());
    let product_id = product.as_ref().map(|p| p.id);
    let name = product.as_ref().map(|p| p.name.clone()).unwrap_or_default();
    let description = detail.as_ref().map(|d| d.description.clone()).unwrap_or_default();
    let labels = product.as_ref().map(|p| p.labels.clone()).unwrap_or_default();
    let active = product.as_ref().is_none_or(|p| p.active);
    let photos = detail.map(|d| (d.product.id, d.product.name, d.photo_ids));
    view! {
        <section class="card" aria-labelledby="title">
            <p class="breadcrumb"><a href=back>{t(Msg::DashboardTitle)}</a></p>
            <h1 id="title">{t(title)}</h1>
            <Show when=saved><p class="alert success" role="status">{t(Msg::Saved)}</p></Show>
            <ActionForm action=save attr:class="product-form">
                <Csrf/>
                <DetailedError result=save.value().into()/>
                {move || farm.get().map(|f| view! { <input type="hidden" name="producer" value=f/> })}
                {product_id.map(|id| view! { <input type="hidden" name="product_id" value=id/> })}
                <Field name="name" label=Msg::ProductName value=name maxlength=120/>
                <div class="field">
                    <label for="description">{t(Msg::Description)}</label>
                    <textarea id="description" name="description" rows="4" maxlength="4000">{description}</textarea>
                </div>
                <div class="two">
                    <div class="field">
                        <label for="category">{t(Msg::Category)}</label>
                        <select id="category" name="category" required>
                            {Category::ALL.iter().map(|c| view! { <option value=c.code() selected=category == Some(*c)>{t(c.label())}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="unit">{t(Msg::SoldBy)}</label>
                        <select id="unit" name="unit" required>
                            {Unit::ALL.iter().map(|u| view! { <option value=u.code() selected=unit == Some(*u)>{t(u.label())}</option> }).collect_view()}
                        </select>
                    </div>
                </div>
                <LabelChoices name="labels" selected=labels/>
                <label class="check" for="active">
                    <input type="checkbox" id="active" name="active" checked=active/>
                    {t(Msg::ProductActive)}
                </label>
                <h2>{t(Msg::Variants)}</h2>
                <p class="hint">{t(Msg::VariantsHint)}</p>
                {variants.into_iter().enumerate().map(|(i, v)| {
                    // A blank variant past the first is rarely needed: it waits, folded.
                    if v.id.is_empty() && i > 0 {
                        view! {
                            <details class="more-variant">
                                <summary>{t(Msg::AddAnotherVariant)}</summary>
                                <VariantFieldset index=i variant=v unit/>
                            </details>
                        }.into_any()
                    } else {
                        view! { <VariantFieldset index=i variant=v unit/> }.into_any()
                    }
                }).collect_view()}
                <div class="sticky-actions">
                    <button type="submit" class="button primary">{t(Msg::Save)}</button>
                </div>
            </ActionForm>
        </section>
        {photos.map(|(id, name, ids)| view! {
            <section class="card" aria-labelledby="photos-title">
                <h2 id="photos-title">{t(Msg::Photos)}</h2>
                <PhotoList ids alt=name/>
                <PhotoUpload target="product" target_id=id back=with_farm(&format!("/producteur/produits/{id}"), farm.get_untracked())/>
                <p><a href=format!("/produits/{id}")>{t(Msg::SeePublicPage)}</a></p>
            </section>
        })}
    }
}

#[component]
fn VariantFieldset(index: usize, variant: VariantForm, unit: Option<Unit>) -> impl IntoView {
    let n = index + 1;
    let name = move |field: &str| format!("variants[{index}][{field}]");
    let id = move |field: &str| format!("v{index}-{field}");
    let is_new = variant.id.is_empty();
    let legend = if is_new {
        tf(Msg::NewVariantN, &[("n", &n.to_string())])
    } else {
        tf(Msg::VariantN, &[("n", &n.to_string())])
    };
    let step = unit.map(|u| t(u.step_label())).unwrap_or(t(Msg::SmallestStep));
    let on_demand = variant.stock_mode == "on_demand";
    let input = move |field: &'static str, label: Msg, value: String, mode: &'static str| {
        view! {
            <div class="field">
                <label for=id(field)>{t(label)}</label>
                <input id=id(field) name=name(field) value=value inputmode=mode/>
            </div>
        }
    };
    view! {
        <fieldset class="variant-fields">
            <legend>{legend}</legend>
            <input type="hidden" name=name("id") value=variant.id.clone()/>
            <div class="two">
                {input("quantity", Msg::QuantityIn, variant.quantity.clone(), "numeric")}
                <p class="hint">{step}</p>
            </div>
            {input("name", Msg::VariantName, variant.name.clone(), "text")}
            <div class="two">
                {input("retail_price", Msg::RetailPrice, variant.retail_price.clone(), "decimal")}
                {input("pro_price", Msg::ProPrice, variant.pro_price.clone(), "decimal")}
            </div>
            <div class="two">
                <div class="field">
                    <label for=id("stock_mode")>{t(Msg::StockMode)}</label>
                    <select id=id("stock_mode") name=name("stock_mode")>
                        <option value="finite" selected=!on_demand>{t(Msg::StockFinite)}</option>
                        <option value="on_demand" selected=on_demand>{t(Msg::OnDemand)}</option>
                    </select>
                </div>
                {input("stock", Msg::Stock, variant.stock.clone(), "numeric")}
            </div>
            <label class="check" for=id("active")>
                <input type="checkbox" id=id("active") name=name("active") checked=variant.active.is_some()/>
                {t(Msg::VariantActive)}
            </label>
            <details class="more">
            <summary>{t(Msg::MoreVariantSettings)}</summary>
            <div class="two">
                {input("case_size", Msg::CaseSize, variant.case_size.clone(), "numeric")}
                <div class="field">
                    <label for=id("vat")>{t(Msg::Vat)}</label>
                    <select id=id("vat") name=name("vat")>
                        {catalogue::VAT_RATES_BP.iter().map(|bp| {
                            let value = catalogue::format_vat(*bp, maillon::i18n::Locale::En).trim_end_matches(" %").to_owned();
                            let selected = variant.vat == value || (variant.vat.is_empty() && *bp == 550);
                            view! { <option value=value.clone() selected=selected>{catalogue::format_vat(*bp, use_locale())}</option> }
                        }).collect_view()}
                    </select>
                </div>
            </div>
            {input("weight_grams", Msg::ShippingWeight, variant.weight_grams.clone(), "numeric")}
            {input("cap", Msg::OnDemandCapLabel, variant.cap.clone(), "numeric")}
            </details>
        </fieldset>
    }
}

#[component]
pub fn BulkEditPage() -> impl IntoView {
    let farm = farm_param();
    let data = Resource::new(move || farm.get(), my_catalogue);
    loaded(
        data,
        move |d: Dashboard| view! { <BulkForm products=d.products farm=farm.get()/> },
    )
}

#[component]
fn BulkForm(products: Vec<ProductSummary>, farm: Option<i64>) -> impl IntoView {
    let save = ServerAction::<BulkSave>::new();
    let locale = use_locale();
    let mut index = 0usize;
    let mut rows = Vec::new();
    for p in &products {
        for v in &p.variants {
            rows.push((index, p.name.clone(), v.fields.display_name(p.unit, locale), v.clone()));
            index += 1;
        }
    }
    view! {
        <section class="card wide" aria-labelledby="title">
            <p class="breadcrumb"><a href=with_farm(DASHBOARD, farm)>{t(Msg::DashboardTitle)}</a></p>
            <h1 id="title">{t(Msg::BulkEdit)}</h1>
            <p class="hint">{t(Msg::BulkHint)}</p>
            <ActionForm action=save>
                <Csrf/>
                {farm.map(|f| view! { <input type="hidden" name="producer" value=f/> })}
                <div class="table-scroll" tabindex="0" role="region" aria-label=t(Msg::BulkEdit)>
                    <table class="bulk">
                        <thead>
                            <tr>
                                <th scope="col">"#"</th>
                                <th scope="col">{t(Msg::ProductName)}</th>
                                <th scope="col">{t(Msg::RetailPrice)}</th>
                                <th scope="col">{t(Msg::Stock)}</th>
                                <th scope="col">{t(Msg::VariantActive)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {rows.into_iter().map(|(i, product, variant, v)| {
                                let label = format!("{product} — {variant}");
                                let stock = match v.fields.stock { Stock::Finite(n) => n.to_string(), Stock::OnDemand { .. } => String::new() };
                                let on_demand = matches!(v.fields.stock, Stock::OnDemand { .. });
                                view! {
                                    <tr>
                                        <td>{i + 1}</td>
                                        <th scope="row">{label.clone()}<input type="hidden" name=format!("rows[{i}][variant_id]") value=v.id/></th>
                                        <td><input name=format!("rows[{i}][retail_price]") value=cents_to_input(v.fields.retail_price_cents, locale) inputmode="decimal" size="6" aria-label=format!("{} — {label}", t(Msg::RetailPrice))/></td>
                                        <td><input name=format!("rows[{i}][stock]") value=stock inputmode="numeric" size="5" disabled=on_demand placeholder=if on_demand { t(Msg::OnDemand) } else { "" } aria-label=format!("{} — {label}", t(Msg::Stock))/></td>
                                        <td><input type="checkbox" name=format!("rows[{i}][active]") checked=v.fields.active aria-label=format!("{} — {label}", t(Msg::VariantActive))/></td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                // Beside the button, where the eye is after saving a long table on a phone.
                <FormResult id="bulk-result">
                    <DetailedError result=save.value().into()/>
                    <FormSuccess result=outcome(save) msg=Msg::AllSaved/>
                </FormResult>
                <BackTo to="bulk-result"/>
                <button type="submit" class="button primary">{t(Msg::SaveAll)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn ImportPage() -> impl IntoView {
    let farm = farm_param();
    let q = use_query_map();
    let error = move || {
        q.with(|q| q.get("erreur"))
            .and_then(|code| crate::components::msg_from_code(&code))
    };
    view! {
        <section class="card" aria-labelledby="title">
            <p class="breadcrumb"><a href=move || with_farm(DASHBOARD, farm.get())>{t(Msg::DashboardTitle)}</a></p>
            <h1 id="title">{t(Msg::ImportCsv)}</h1>
            <p>{t(Msg::ImportHint)}</p>
            <p><a href=move || with_farm("/producteur/export.csv", farm.get()) download="catalogue.csv">{t(Msg::ExportCsv)}</a></p>
            {move || error().map(|m| view! { <p class="alert error" role="alert">{t(m)}</p> })}
            <form method="post" action="/producteur/import/fichier" enctype="multipart/form-data" class="upload">
                <input type="hidden" name="csrf" value=csrf_token()/>
                {move || farm.get().map(|f| view! { <input type="hidden" name="producer" value=f/> })}
                <div class="field">
                    <label for="file">{t(Msg::CsvFile)}</label>
                    <input id="file" name="file" type="file" accept=".csv,text/csv" required/>
                </div>
                <button type="submit" class="button primary">{t(Msg::Preview)}</button>
            </form>
        </section>
    }
}

#[component]
pub fn ImportPreviewPage() -> impl IntoView {
    let farm = farm_param();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0)));
    let apply = ServerAction::<ApplyImport>::new();
    let preview = Resource::new(
        move || (farm.get(), id.get(), apply.version().get()),
        |(farm, id, _)| import_preview(farm, id),
    );
    view! {
        <section class="card wide" aria-labelledby="title">
            <p class="breadcrumb"><a href=move || with_farm(DASHBOARD, farm.get())>{t(Msg::DashboardTitle)}</a></p>
            <h1 id="title">{t(Msg::ImportPreviewTitle)}</h1>
            <DetailedError result=apply.value().into()/>
            {move || outcome(apply).get().and_then(Result::ok).map(|n| view! {
                <p class="alert success" role="status">{tf(Msg::ImportApplied, &[("n", &n.to_string())])}</p>
            })}
            {loaded(preview, move |p| view! { <PreviewView preview=p apply id=id.get() farm=farm.get()/> })}
        </section>
    }
}

#[component]
fn PreviewView(
    preview: ImportPreviewData,
    apply: ServerAction<ApplyImport>,
    id: i64,
    farm: Option<i64>,
) -> impl IntoView {
    let locale = use_locale();
    if !preview.errors.is_empty() {
        return view! {
            <div class="alert error" role="alert">
                <p>{t(Msg::ImportHasErrors)}</p>
                <RowErrors errors=preview.errors/>
            </div>
            <a class="button" href=with_farm("/producteur/import", farm)>{t(Msg::ImportAnother)}</a>
        }
        .into_any();
    }
    let count = preview.lines.len();
    view! {
        <p>{tf(Msg::ImportSummary, &[("n", &count.to_string())])}</p>
        <div class="table-scroll" tabindex="0" role="region" aria-label=t(Msg::ImportPreviewTitle)>
            <table class="bulk">
                <thead><tr>
                    <th scope="col">{t(Msg::Line)}</th>
                    <th scope="col">{t(Msg::ProductName)}</th>
                    <th scope="col">{t(Msg::RetailPrice)}</th>
                    <th scope="col">{t(Msg::Stock)}</th>
                </tr></thead>
                <tbody>
                    {preview.lines.into_iter().map(|l| view! {
                        <tr>
                            <td>{l.line}</td>
                            <th scope="row">{format!("{} — {}", l.product, l.variant)} {l.is_new.then(|| view! { " " <span class="tag">{t(Msg::New)}</span> })}</th>
                            <td>{format_cents(l.price_cents, locale)}</td>
                            <td>{match l.stock { Stock::Finite(n) => n.to_string(), Stock::OnDemand { .. } => t(Msg::OnDemand).to_owned() }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {if preview.applied {
            view! { <p class="muted">{t(Msg::ErrImportApplied)}</p> }.into_any()
        } else {
            view! {
                <ActionForm action=apply>
                    <Csrf/>
                    {farm.map(|f| view! { <input type="hidden" name="producer" value=f/> })}
                    <input type="hidden" name="id" value=id/>
                    <button type="submit" class="button primary">{t(Msg::ConfirmImport)}</button>
                </ActionForm>
            }.into_any()
        }}
    }
    .into_any()
}
