//! The DFC documents (`maillon::dfc`), as JSON-LD at stable addresses, for anyone: each
//! object Maillon names is served at its IRI. Public like the shop they describe; an id that
//! is not a listed producer, variant or open cycle of this cooperative is a 404.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::Value;

use app::ssr::AppState;
use maillon::dfc::{Iris, Part};

use crate::http_error::HttpError;

pub const ENTERPRISES: &str = "/dfc/enterprises";
pub const COOPERATIVE: &str = "/dfc/enterprises/cooperative";
pub const ENTERPRISE: &str = "/dfc/enterprises/{producer}";
pub const CATALOG: &str = "/dfc/enterprises/{producer}/catalog";
pub const ENTERPRISE_PART: &str = "/dfc/enterprises/{producer}/{part}/{variant}";
pub const SALE_SESSIONS: &str = "/dfc/sale-sessions";
pub const SALE_SESSION: &str = "/dfc/sale-sessions/{cycle}";
pub const SESSION_OFFER: &str = "/dfc/sale-sessions/{cycle}/offers/{variant}";

/// Stock changes with every order: a minute at most.
const CACHE: &str = "public, max-age=60";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(ENTERPRISES, get(enterprises))
        .route(COOPERATIVE, get(cooperative))
        .route(ENTERPRISE, get(enterprise))
        .route(CATALOG, get(enterprise))
        .route(ENTERPRISE_PART, get(enterprise_part))
        .route(SALE_SESSIONS, get(sale_sessions))
        .route(SALE_SESSION, get(sale_session))
        .route(SESSION_OFFER, get(session_offer))
}

fn json_ld(body: Value) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/ld+json"),
            (header::CACHE_CONTROL, CACHE),
        ],
        body.to_string(),
    )
        .into_response()
}

/// An id in an address: a positive number, else nothing is there.
fn id(raw: &str) -> Result<i64, HttpError> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(HttpError::not_found)
}

async fn enterprises(State(state): State<AppState>) -> Result<Response, HttpError> {
    Ok(json_ld(maillon::dfc::store::enterprises(&state.ctx()).await?))
}

async fn cooperative(State(state): State<AppState>) -> Response {
    let ctx = state.ctx();
    json_ld(maillon::dfc::enterprises(
        &Iris::new(ctx.base_url()),
        &ctx.coop().name,
        &[],
    ))
}

/// A producer's enterprise with its catalogue; its catalog's IRI serves the same document.
async fn enterprise(State(state): State<AppState>, Path(producer): Path<String>) -> Result<Response, HttpError> {
    let producer = id(&producer)?;
    Ok(json_ld(maillon::dfc::store::catalogue(&state.ctx(), producer).await?))
}

async fn enterprise_part(
    State(state): State<AppState>,
    Path((producer, part, variant)): Path<(String, String, String)>,
) -> Result<Response, HttpError> {
    let (producer, variant) = (id(&producer)?, id(&variant)?);
    let part = Part::parse(&part).ok_or_else(HttpError::not_found)?;
    Ok(json_ld(
        maillon::dfc::store::catalogue_part(&state.ctx(), producer, part, variant).await?,
    ))
}

async fn sale_sessions(State(state): State<AppState>) -> Result<Response, HttpError> {
    Ok(json_ld(maillon::dfc::store::sale_sessions(&state.ctx()).await?))
}

async fn sale_session(State(state): State<AppState>, Path(cycle): Path<String>) -> Result<Response, HttpError> {
    let cycle = id(&cycle)?;
    Ok(json_ld(maillon::dfc::store::sale_session(&state.ctx(), cycle).await?))
}

async fn session_offer(
    State(state): State<AppState>,
    Path((cycle, variant)): Path<(String, String)>,
) -> Result<Response, HttpError> {
    let (cycle, variant) = (id(&cycle)?, id(&variant)?);
    Ok(json_ld(
        maillon::dfc::store::sale_session_offer(&state.ctx(), cycle, variant).await?,
    ))
}
