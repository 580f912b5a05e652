//! The share register (registre des associés) as a CSV file, for the board.

use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use maillon::accounts::{Permission, allows};
use tower_sessions::Session;

use app::ssr::AppState;

use crate::http_error::HttpError;

pub fn routes() -> Router<AppState> {
    Router::new().route(maillon::paths::REGISTER_CSV, get(register_csv))
}

async fn register_csv(State(state): State<AppState>, session: Session) -> Result<Response, HttpError> {
    let user = app::ssr::user_of(&state, &session)
        .await
        .map_err(|e| HttpError::internal("reading the session", e))?
        .ok_or_else(HttpError::unauthorized)?;
    if !allows(&user.roles, Permission::Govern) {
        return Err(HttpError::forbidden());
    }
    let csv = maillon::governance::store::register_csv(&state.ctx()).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"registre-des-associes.csv\"",
            ),
        ],
        csv,
    )
        .into_response())
}
