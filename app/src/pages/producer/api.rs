//! The producer's server functions: the farm's catalogue, its profile, products and their
//! variants, the bulk edit and the CSV import.

// A server function's arguments are its form's fields, one to one.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use maillon::catalogue::{self, ProducerInput, ProducerProfile, ProductDetail, ProductSummary, RowError, Stock};
use serde::{Deserialize, Serialize};

use crate::error::AppError;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub producer: Option<ProducerProfile>,
    pub products: Vec<ProductSummary>,
    /// The cycle taking orders now, and the farm's variants it does not sell.
    #[serde(default)]
    pub not_on_sale: Option<(String, Vec<i64>)>,
}

#[cfg(feature = "ssr")]
mod ssr {
    use maillon::accounts::{Permission, store::CurrentUser};
    use maillon::ctx::Ctx;

    use crate::error::AppError;
    use crate::ssr::{ctx, require};

    /// The request's context, the caller and the farm whose catalogue they manage.
    pub async fn managing(producer: Option<i64>) -> Result<(Ctx, CurrentUser, i64), AppError> {
        let user = require(Permission::ManageCatalogue).await?;
        let ctx = ctx()?;
        let farm = maillon::catalogue::store::managed_producer(&ctx, &user, producer).await?;
        Ok((ctx, user, farm))
    }
}

#[server(endpoint = "my_catalogue", input = leptos::server_fn::codec::GetUrl)]
pub async fn my_catalogue(producer: Option<i64>) -> Result<Dashboard, AppError> {
    use maillon::error::ServiceError;
    let user = crate::ssr::require(maillon::accounts::Permission::ManageCatalogue).await?;
    let state = crate::ssr::state()?;
    let ctx = state.ctx();
    let farm = match catalogue::store::managed_producer(&ctx, &user, producer).await {
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
    let profile = catalogue::store::producer(&ctx, farm).await?;
    let products = catalogue::store::producer_products(&ctx, farm).await?;
    // A product added or re-activated while a cycle is open is not on sale in it until hub
    // staff offer it: the producer is told which.
    let open = maillon::cycles::store::open_cycles(&state.ctx()).await?;
    let not_on_sale = match open.first() {
        Some(cycle) => {
            let missing =
                maillon::cycles::store::not_offered(&state.ctx(), cycle.id, Some(farm), crate::ssr::locale()).await?;
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
    let parsed = catalogue::parse_producer(&profile).map_err(crate::ssr::field_errors)?;
    catalogue::store::save_producer(&crate::ssr::ctx()?, user.id, &parsed).await?;
    Ok(())
}

#[server(endpoint = "product_for_edit", input = leptos::server_fn::codec::GetUrl)]
pub async fn product_for_edit(id: i64) -> Result<ProductDetail, AppError> {
    let user = crate::ssr::require(maillon::accounts::Permission::ManageCatalogue).await?;
    let ctx = crate::ssr::ctx()?;
    catalogue::store::authorize_product(&ctx, &user, id).await?;
    Ok(catalogue::store::product_detail(&ctx, id, false).await?)
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

impl VariantForm {
    /// The block as the catalogue reads it (a ticked box sends "on").
    pub fn into_block(self) -> catalogue::product_form::VariantBlock {
        catalogue::product_form::VariantBlock {
            id: self.id,
            input: catalogue::VariantInput {
                name: self.name,
                quantity: self.quantity,
                retail_price: self.retail_price,
                pro_price: self.pro_price,
                case_size: self.case_size,
                vat: self.vat,
                weight_grams: self.weight_grams,
                stock_mode: self.stock_mode,
                stock: self.stock,
                cap: self.cap,
                active: self.active.is_some(),
            },
        }
    }
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
    let (ctx, user, farm) = ssr::managing(producer).await?;
    let farm = match product_id {
        Some(id) => catalogue::store::authorize_product(&ctx, &user, id).await?,
        None => farm,
    };
    let form = catalogue::product_form::ProductForm {
        name: &name,
        description: &description,
        category: &category,
        unit: &unit,
        labels: &labels,
        active: active.is_some(),
    };
    let blocks: Vec<_> = variants.into_iter().map(VariantForm::into_block).collect();
    let (fields, parsed) = catalogue::product_form::parse(&form, &blocks).map_err(crate::ssr::field_errors)?;
    let id = catalogue::store::save_product(&ctx, farm, product_id, &fields, &parsed).await?;
    leptos_axum::redirect(&super::with_farm(
        &format!("{}/produits/{id}?enregistre=1", crate::paths::DASHBOARD),
        producer,
    ));
    Ok(())
}

#[server(endpoint = "bulk_save")]
pub async fn bulk_save(
    csrf: String,
    producer: Option<i64>,
    #[server(default)] rows: Vec<catalogue::BulkRowInput>,
) -> Result<usize, AppError> {
    let _ = csrf;
    let (ctx, _, farm) = ssr::managing(producer).await?;
    let changes = catalogue::parse_bulk(&rows).map_err(crate::ssr::row_errors)?;
    catalogue::store::bulk_update(&ctx, farm, &changes)
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
    let (ctx, _, farm) = ssr::managing(producer).await?;
    let (content, applied) = catalogue::store::import(&ctx, farm, id).await?;
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
    let (ctx, _, farm) = ssr::managing(producer).await?;
    catalogue::store::apply_import(&ctx, farm, id)
        .await?
        .map_err(crate::ssr::row_errors)
}
