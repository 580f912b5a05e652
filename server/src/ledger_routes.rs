//! A business buyer's invoice as EN 16931 Cross-Industry-Invoice XML (the Factur-X profile),
//! for its buyer and the board.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower_sessions::Session;

use app::ssr::AppState;

use crate::http_error::HttpError;

pub fn routes() -> Router<AppState> {
    Router::new().route(maillon::paths::INVOICE_XML_PATTERN, get(invoice_xml))
}

async fn invoice_xml(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
) -> Result<Response, HttpError> {
    let user = app::ssr::user_of(&state, &session)
        .await
        .map_err(|e| HttpError::internal("reading the session", e))?
        .ok_or_else(HttpError::unauthorized)?;
    let (invoice, xml) = maillon::ledger::store::invoice_xml(&state.ctx(), &user, id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/xml; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"facture-{}.xml\"", invoice.number),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        xml,
    )
        .into_response())
}
