//! The public read API beside the pages: the open catalogue, the open cycles and the pickup
//! points as JSON, for anyone (no session), described by the OpenAPI document served at
//! `/v1/openapi.json` (`server/src/openapi.json`). The test suite checks that the document is
//! valid and that every path it describes answers as described. Each response is shaped here
//! from the services' own views; nothing personal is in them (producers are businesses,
//! pickup points public places).

use axum::Json;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};

use app::ssr::AppState;
use maillon::catalogue::{CatalogueQuery, Category, Stock};

use crate::http_error::HttpError;

pub const OPENAPI: &str = "/v1/openapi.json";
pub const CATALOGUE: &str = "/v1/catalogue";
pub const CYCLES: &str = "/v1/cycles";
pub const PICKUP_POINTS: &str = "/v1/points-de-retrait";

/// The document, as written by hand beside the code it describes.
const DOCUMENT: &str = include_str!("openapi.json");

/// Public data may be cached a minute by anyone.
const CACHE: &str = "public, max-age=60";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(OPENAPI, get(openapi))
        .route(CATALOGUE, get(catalogue))
        .route(CYCLES, get(cycles))
        .route(PICKUP_POINTS, get(pickup_points))
}

fn cached(body: Value) -> Response {
    ([(header::CACHE_CONTROL, CACHE)], Json(body)).into_response()
}

async fn openapi() -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, CACHE),
        ],
        DOCUMENT,
    )
        .into_response()
}

#[derive(serde::Deserialize)]
struct CatalogueParams {
    page: Option<String>,
    categorie: Option<String>,
}

/// A page of the catalogue, at retail prices; a page or a category that is not one is a 400.
async fn catalogue(
    State(state): State<AppState>,
    Query(params): Query<CatalogueParams>,
) -> Result<Response, HttpError> {
    let page = match params.page.as_deref().map(str::trim) {
        None | Some("") => 1,
        Some(raw) => raw
            .parse::<u32>()
            .ok()
            .filter(|p| (1..=10_000).contains(p))
            .ok_or_else(HttpError::bad_request)?,
    };
    let category = match params.categorie.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => Some(Category::parse(raw).ok_or_else(HttpError::bad_request)?),
    };
    let query = CatalogueQuery {
        category,
        page,
        ..CatalogueQuery::default()
    };
    let found = maillon::catalogue::store::catalogue(&state.ctx(), &query).await?;
    let products: Vec<Value> = found
        .items
        .iter()
        .map(|p| {
            json!({
                "id": p.id,
                "nom": p.name,
                "producteur": { "id": p.producer_id, "nom": p.producer_name },
                "categorie": p.category.code(),
                "unite": p.unit.code(),
                "labels": p.labels.iter().map(|l| l.code()).collect::<Vec<_>>(),
                "variantes": p.variants.iter().filter(|v| v.fields.active).map(|v| json!({
                    "id": v.id,
                    "libelle": v.fields.name,
                    "quantite": v.fields.quantity,
                    "prix_ttc_centimes": v.fields.retail_price_cents,
                    "tva_points_de_base": v.fields.vat_bp,
                    "poids_grammes": v.fields.weight_grams,
                    "colisage": v.fields.case_size,
                    "sur_commande": matches!(v.fields.stock, Stock::OnDemand { .. }),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(cached(json!({
        "page": found.page,
        "par_page": found.per_page,
        "total": found.total,
        "produits": products,
    })))
}

/// The cycles open to orders now.
async fn cycles(State(state): State<AppState>) -> Result<Response, HttpError> {
    let open = maillon::cycles::store::open_cycles(&state.ctx()).await?;
    Ok(cached(json!({
        "cycles": open.iter().map(|c| json!({
            "id": c.id,
            "nom": c.name,
            "ouverture": c.opens_at.to_rfc3339(),
            "cloture": c.closes_at.to_rfc3339(),
            "statut": c.status.code(),
        })).collect::<Vec<_>>(),
    })))
}

/// The active pickup points, with their coordinates.
async fn pickup_points(State(state): State<AppState>) -> Result<Response, HttpError> {
    let (points, _) = maillon::cycles::store::places(&state.ctx()).await?;
    Ok(cached(json!({
        "points": points.iter().filter(|p| p.active).map(|p| json!({
            "id": p.id,
            "nom": p.name,
            "type": p.kind,
            "adresse": p.address,
            "consignes": p.instructions,
            "latitude": p.latitude,
            "longitude": p.longitude,
        })).collect::<Vec<_>>(),
    })))
}
