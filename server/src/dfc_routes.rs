//! The DFC documents (`maillon::dfc`), as JSON-LD at stable addresses: each object Maillon
//! names is served at its IRI. The catalogue and the sale sessions are public like the shop
//! they describe; an id that is not a listed producer, variant or open cycle of this
//! cooperative is a 404. Orders are a platform's, with the bearer token the board issued it
//! (`maillon::accounts::platforms`): it reads its account's orders and places new ones.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use maillon::accounts::platforms::{self, Platform};
use maillon::ctx::Ctx;
use maillon::error::ServiceError;
use maillon::i18n::Msg;
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
pub const ORDERS: &str = crate::paths::DFC_ORDERS;
pub const ORDER: &str = "/dfc/orders/{order}";
pub const ORDER_LINE: &str = "/dfc/orders/{order}/lines/{variant}";

/// A posted order's document, at most: 200 lines fit many times over.
const MAX_ORDER_BYTES: usize = 256 * 1024;

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
        .route(ORDERS, get(orders).post(place_order))
        .route(ORDER, get(order))
        .route(ORDER_LINE, get(order_line))
        .layer(DefaultBodyLimit::max(MAX_ORDER_BYTES))
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

/// Orders change with every payment and collection: never cached.
fn private_json_ld(status: StatusCode, body: Value) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "application/ld+json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body.to_string(),
    )
        .into_response()
}

/// The platform the request's bearer token stands for; else a 401 that says how to
/// authenticate.
async fn platform(state: &AppState, headers: &HeaderMap) -> Result<(Ctx, Platform), Response> {
    let ctx = state.ctx();
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let found = match token {
        Some(token) => platforms::authenticate(&ctx, token)
            .await
            .map_err(|e| HttpError::from(e).into_response())?,
        None => None,
    };
    match found {
        Some(platform) => Ok((ctx, platform)),
        None => Err((
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer realm=\"dfc\"")],
            "A platform's token is required: Authorization: Bearer <token>.",
        )
            .into_response()),
    }
}

async fn orders(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, Response> {
    let (ctx, platform) = platform(&state, &headers).await?;
    let body = maillon::dfc::store::orders(&ctx, &platform)
        .await
        .map_err(|e| HttpError::from(e).into_response())?;
    Ok(private_json_ld(StatusCode::OK, body))
}

async fn order(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(order): Path<String>,
) -> Result<Response, Response> {
    let (ctx, platform) = platform(&state, &headers).await?;
    let id = id(&order).map_err(IntoResponse::into_response)?;
    let body = maillon::dfc::store::order(&ctx, &platform, id)
        .await
        .map_err(|e| HttpError::from(e).into_response())?;
    Ok(private_json_ld(StatusCode::OK, body))
}

async fn order_line(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((order, variant)): Path<(String, String)>,
) -> Result<Response, Response> {
    let (ctx, platform) = platform(&state, &headers).await?;
    let (id, variant) = (
        id(&order).map_err(IntoResponse::into_response)?,
        id(&variant).map_err(IntoResponse::into_response)?,
    );
    let body = maillon::dfc::store::order_line(&ctx, &platform, id, variant)
        .await
        .map_err(|e| HttpError::from(e).into_response())?;
    Ok(private_json_ld(StatusCode::OK, body))
}

/// Places the posted order (JSON-LD) for the platform's account: 201 with the order's document
/// and its address. The `Idempotency-Key` header (8 to 64 letters, digits or dashes) makes a
/// retried request answer with the order it made instead of a second one.
async fn place_order(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Result<Response, Response> {
    let (ctx, platform) = platform(&state, &headers).await?;
    let doc: Value = serde_json::from_slice(&body).map_err(|_| HttpError::field(Msg::ErrDfcOrder).into_response())?;
    let key = match headers.get("idempotency-key") {
        Some(key) => key
            .to_str()
            .map_err(|_| HttpError::bad_request().into_response())?
            .to_owned(),
        None => maillon::secret::random_token().replace('_', "-"),
    };
    let (id, body) = maillon::dfc::store::place(&ctx, &platform, &doc, &key)
        .await
        .map_err(|e| match e {
            ServiceError::OutOfStock(_) => HttpError::conflict().saying(Msg::ErrDfcOrderShort),
            e => HttpError::from(e),
        })
        .map_err(IntoResponse::into_response)?;
    let location = maillon::dfc::Iris::new(ctx.base_url()).order(id);
    let mut response = private_json_ld(StatusCode::CREATED, body);
    if let Ok(location) = header::HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}
