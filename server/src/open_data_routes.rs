//! The open data files: the transparency figures as CSV and JSON at stable addresses, for
//! anyone (no session), under the cooperative's licence, and the value chains as CSV when the
//! board publishes them. Read from the stored figures only.

use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use app::ssr::AppState;

use crate::http_error::HttpError;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(maillon::paths::OPEN_DATA_CSV, get(csv))
        .route(maillon::paths::OPEN_DATA_JSON, get(json))
        .route(maillon::paths::OPEN_DATA_FLOWS_CSV, get(flows_csv))
}

/// Open data may be cached a few minutes by anyone: the figures change once per delivery.
const CACHE: &str = "public, max-age=300";

async fn csv(State(state): State<AppState>) -> Result<Response, HttpError> {
    let data = maillon::transparency::store::transparency(&state.ctx()).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"transparence.csv\""),
            (header::CACHE_CONTROL, CACHE),
        ],
        maillon::transparency::csv(&data),
    )
        .into_response())
}

async fn json(State(state): State<AppState>) -> Result<Response, HttpError> {
    let ctx = state.ctx();
    let data = maillon::transparency::store::transparency(&ctx).await?;
    let body = maillon::transparency::json(&data, &ctx.link(maillon::paths::OPEN_DATA));
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, CACHE),
        ],
        body.to_string(),
    )
        .into_response())
}

/// The value chains, only when the board publishes them (404 otherwise).
async fn flows_csv(State(state): State<AppState>) -> Result<Response, HttpError> {
    let (_, rows) = maillon::transparency::store::open_flows(&state.ctx())
        .await?
        .ok_or_else(HttpError::not_found)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"filieres.csv\""),
            (header::CACHE_CONTROL, CACHE),
        ],
        maillon::transparency::flows::open_csv(&rows),
    )
        .into_response())
}
