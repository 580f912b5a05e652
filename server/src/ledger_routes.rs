//! A business buyer's invoice as EN 16931 Cross-Industry-Invoice XML (the Factur-X profile),
//! for its buyer and the board; a batch of payouts as a SEPA credit transfer file, for the
//! board.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower_sessions::Session;

use app::ssr::AppState;

use crate::http_error::HttpError;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(maillon::paths::INVOICE_XML_PATTERN, get(invoice_xml))
        .route(maillon::paths::BATCH_XML_PATTERN, get(batch_xml))
}

async fn signed_in(state: &AppState, session: &Session) -> Result<maillon::accounts::store::CurrentUser, HttpError> {
    app::ssr::user_of(state, session)
        .await
        .map_err(|e| HttpError::internal("reading the session", e))?
        .ok_or_else(HttpError::unauthorized)
}

async fn batch_xml(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
) -> Result<Response, HttpError> {
    let user = signed_in(&state, &session).await?;
    if !maillon::accounts::allows(&user.roles, maillon::accounts::Permission::Govern) {
        return Err(HttpError::forbidden());
    }
    let (name, xml) = maillon::ledger::store::batch_file(&state.ctx(), id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/xml; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        xml,
    )
        .into_response())
}

async fn invoice_xml(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
) -> Result<Response, HttpError> {
    let user = signed_in(&state, &session).await?;
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
