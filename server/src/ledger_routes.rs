//! A business buyer's invoice as EN 16931 Cross-Industry-Invoice XML (the Factur-X profile),
//! for its buyer and the board; for the board, a batch of payouts as a SEPA credit transfer
//! file and the year's accounts as CSV.

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
        .route(maillon::paths::ACCOUNTS_CSV, get(accounts_csv))
}

#[derive(serde::Deserialize)]
struct YearQuery {
    annee: Option<String>,
}

/// The year's accounts for the accountant; a year that is not one is a 400.
async fn accounts_csv(
    State(state): State<AppState>,
    session: Session,
    axum::extract::Query(query): axum::extract::Query<YearQuery>,
) -> Result<Response, HttpError> {
    let user = signed_in(&state, &session).await?;
    if !maillon::accounts::allows(&user.roles, maillon::accounts::Permission::Govern) {
        return Err(HttpError::forbidden());
    }
    let ctx = state.ctx();
    let year = match query.annee.as_deref().map(str::trim) {
        None | Some("") => chrono::Datelike::year(&ctx.today()),
        Some(raw) => raw
            .parse::<i32>()
            .ok()
            .filter(|y| (2000..=2999).contains(y))
            .ok_or_else(HttpError::bad_request)?,
    };
    let report = maillon::ledger::store::report(&ctx, year).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"comptes-{year}.csv\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        maillon::ledger::report::report_csv(&report),
    )
        .into_response())
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
