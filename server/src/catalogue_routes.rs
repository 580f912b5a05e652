//! Catalogue endpoints that are not pages: photos (served with long caching), uploads of
//! photos and CSV files (multipart forms that work without JavaScript), and CSV export.

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use maillon::catalogue::{self, photo, store};
use maillon::error::ServiceError;
use maillon::i18n::Msg;
use serde::Deserialize;
use tower_sessions::Session;

use app::ssr::AppState;

use crate::paths::{IMPORT_UPLOAD, PHOTO_UPLOAD};
use crate::security::{CSRF_COOKIE, cookie};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/photos/{id}/{width}", get(serve_photo))
        .route(PHOTO_UPLOAD, post(upload_photo))
        .route(IMPORT_UPLOAD, post(upload_import))
        .route("/producteur/export.csv", get(export_csv))
        .layer(DefaultBodyLimit::max(photo::MAX_UPLOAD_BYTES + 64 * 1024))
}

async fn serve_photo(
    State(state): State<AppState>,
    Path((id, width)): Path<(i64, u32)>,
    headers: HeaderMap,
) -> Response {
    // The same address serves WebP or JPEG depending on the browser's Accept header.
    let webp = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(photo::accepts_webp);
    let cache = "public, max-age=31536000, immutable";
    let etag = |content_type: &str| format!("\"{id}-{width}-{}\"", content_type.trim_start_matches("image/"));
    let if_none_match = headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok());
    match store::photo_rendition(&state.pool, state.coop.id, id, width, webp).await {
        Ok((_, content_type, _)) if if_none_match == Some(etag(&content_type).as_str()) => (
            StatusCode::NOT_MODIFIED,
            [
                (header::ETAG, etag(&content_type)),
                (header::CACHE_CONTROL, cache.to_owned()),
                (header::VARY, "accept".to_owned()),
            ],
        )
            .into_response(),
        Ok((_, content_type, bytes)) => (
            [
                (header::ETAG, etag(&content_type)),
                (header::CONTENT_TYPE, content_type),
                (header::CACHE_CONTROL, cache.to_owned()),
                (header::VARY, "accept".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Err(ServiceError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "serving a photo");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// How a plain form is answered: back to the page with the outcome in the query string for
/// browsers, a status and message for other clients.
struct Outcome {
    html: bool,
    back: String,
}

impl Outcome {
    fn new(headers: &HeaderMap) -> Outcome {
        let html = headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"));
        Outcome {
            html,
            back: "/producteur".into(),
        }
    }

    fn fail(&self, status: StatusCode, key: &str, msg: Msg) -> Response {
        if self.html {
            let sep = if self.back.contains('?') { '&' } else { '?' };
            Redirect::to(&format!("{}{sep}{key}={msg:?}", self.back)).into_response()
        } else {
            (status, msg.text(Default::default())).into_response()
        }
    }

    fn service_error(&self, key: &str, e: ServiceError) -> Response {
        match e {
            ServiceError::Forbidden => self.fail(StatusCode::FORBIDDEN, key, Msg::ErrForbidden),
            ServiceError::NotFound => self.fail(StatusCode::NOT_FOUND, key, Msg::ErrNotFound),
            ServiceError::Invalid { msg, .. } => self.fail(StatusCode::UNPROCESSABLE_ENTITY, key, msg),
            e => {
                tracing::error!(error = %e, "upload");
                self.fail(StatusCode::INTERNAL_SERVER_ERROR, key, Msg::ErrInternal)
            }
        }
    }
}

#[derive(Default)]
struct Form {
    fields: std::collections::HashMap<String, String>,
    file: Option<Vec<u8>>,
}

async fn read_form(mut multipart: Multipart, file_field: &str) -> Result<Form, Msg> {
    let mut form = Form::default();
    while let Some(field) = multipart.next_field().await.map_err(|_| Msg::ErrPhotoTooLarge)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == file_field {
            let bytes = field.bytes().await.map_err(|_| Msg::ErrPhotoTooLarge)?;
            form.file = Some(bytes.to_vec());
        } else {
            form.fields
                .insert(name, field.text().await.map_err(|_| Msg::ErrBadRequest)?);
        }
    }
    Ok(form)
}

async fn signed_in(state: &AppState, session: &Session) -> Option<maillon::accounts::store::CurrentUser> {
    app::ssr::user_of(state, session).await.ok().flatten()
}

fn csrf_ok(headers: &HeaderMap, form: &Form) -> bool {
    match (cookie(headers, CSRF_COOKIE), form.fields.get("csrf")) {
        (Some(expected), Some(given)) => crate::security::csrf_matches(&expected, given),
        _ => false,
    }
}

async fn upload_photo(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let mut outcome = Outcome::new(&headers);
    let form = match read_form(multipart, "photo").await {
        Ok(f) => f,
        Err(msg) => return outcome.fail(StatusCode::PAYLOAD_TOO_LARGE, "photo_erreur", msg),
    };
    if let Some(back) = form
        .fields
        .get("back")
        .and_then(|b| maillon::redirect::local_path(b))
        .map(str::to_owned)
    {
        outcome.back = back;
    }
    if !csrf_ok(&headers, &form) {
        return outcome.fail(StatusCode::FORBIDDEN, "photo_erreur", Msg::ErrCsrf);
    }
    let Some(user) = signed_in(&state, &session).await else {
        return outcome.fail(StatusCode::UNAUTHORIZED, "photo_erreur", Msg::ErrSignInRequired);
    };
    let Some(target_id) = form.fields.get("target_id").and_then(|v| v.trim().parse::<i64>().ok()) else {
        return outcome.fail(StatusCode::BAD_REQUEST, "photo_erreur", Msg::ErrBadRequest);
    };
    // Both checks find the product or farm in this cooperative only: an id of another one is
    // not found, whoever asks.
    let owner = match form.fields.get("target").map(String::as_str) {
        Some("product") => store::authorize_product(&state.pool, state.coop.id, &user, target_id)
            .await
            .map(|_| store::PhotoOwner::Product(target_id)),
        Some("producer") => store::authorize_producer(&state.pool, state.coop.id, &user, target_id)
            .await
            .map(store::PhotoOwner::Producer),
        _ => return outcome.fail(StatusCode::BAD_REQUEST, "photo_erreur", Msg::ErrBadRequest),
    };
    let owner = match owner {
        Ok(owner) => owner,
        Err(e) => return outcome.service_error("photo_erreur", e),
    };
    let bytes = form.file.unwrap_or_default();
    // Decoding and resizing are CPU work: off the async runtime, a few at a time.
    let renditions = match photo::process_in_turn(bytes).await {
        Ok(r) => r,
        Err(msg) => return outcome.fail(StatusCode::UNPROCESSABLE_ENTITY, "photo_erreur", msg),
    };
    match store::add_photo(&state.pool, state.coop.id, owner, &renditions).await {
        Ok(id) if outcome.html => {
            let sep = if outcome.back.contains('?') { '&' } else { '?' };
            Redirect::to(&format!("{}{sep}photo={id}", outcome.back)).into_response()
        }
        Ok(id) => (StatusCode::CREATED, id.to_string()).into_response(),
        Err(e) => outcome.service_error("photo_erreur", e),
    }
}

async fn upload_import(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let mut outcome = Outcome::new(&headers);
    outcome.back = "/producteur/import".into();
    let form = match read_form(multipart, "file").await {
        Ok(f) => f,
        Err(msg) => return outcome.fail(StatusCode::PAYLOAD_TOO_LARGE, "erreur", msg),
    };
    let producer: Option<i64> = form.fields.get("producer").and_then(|v| v.parse().ok());
    if let Some(p) = producer {
        outcome.back = format!("/producteur/import?producteur={p}");
    }
    if !csrf_ok(&headers, &form) {
        return outcome.fail(StatusCode::FORBIDDEN, "erreur", Msg::ErrCsrf);
    }
    let Some(user) = signed_in(&state, &session).await else {
        return outcome.fail(StatusCode::UNAUTHORIZED, "erreur", Msg::ErrSignInRequired);
    };
    if !maillon::accounts::allows(&user.roles, maillon::accounts::Permission::ManageCatalogue) {
        return outcome.fail(StatusCode::FORBIDDEN, "erreur", Msg::ErrForbidden);
    }
    let farm = match store::managed_producer(&state.pool, state.coop.id, &user, producer).await {
        Ok(f) => f,
        Err(e) => return outcome.service_error("erreur", e),
    };
    let content = catalogue::csv::decode(&form.file.unwrap_or_default());
    if content.trim().is_empty() {
        return outcome.fail(StatusCode::UNPROCESSABLE_ENTITY, "erreur", Msg::ErrCsvEmpty);
    }
    match store::create_import(&state.pool, state.coop.id, farm, user.id, &content).await {
        Ok(id) => {
            let farm_param = producer.map(|p| format!("?producteur={p}")).unwrap_or_default();
            Redirect::to(&format!("/producteur/import/{id}{farm_param}")).into_response()
        }
        Err(e) => outcome.service_error("erreur", e),
    }
}

#[derive(Deserialize)]
struct ExportQuery {
    producteur: Option<i64>,
}

async fn export_csv(State(state): State<AppState>, session: Session, Query(q): Query<ExportQuery>) -> Response {
    let Some(user) = signed_in(&state, &session).await else {
        return (
            StatusCode::UNAUTHORIZED,
            Msg::ErrSignInRequired.text(Default::default()),
        )
            .into_response();
    };
    if !maillon::accounts::allows(&user.roles, maillon::accounts::Permission::ManageCatalogue) {
        return (StatusCode::FORBIDDEN, Msg::ErrForbidden.text(Default::default())).into_response();
    }
    let result = async {
        let farm = store::managed_producer(&state.pool, state.coop.id, &user, q.producteur).await?;
        store::producer_products(&state.pool, state.coop.id, farm).await
    };
    match result.await {
        Ok(products) => {
            let mut response = Response::new(Body::from(catalogue::csv::export(&products)));
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            );
            headers.insert(
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"catalogue.csv\""),
            );
            response
        }
        Err(ServiceError::Forbidden) => {
            (StatusCode::FORBIDDEN, Msg::ErrForbidden.text(Default::default())).into_response()
        }
        Err(ServiceError::NotFound) => {
            (StatusCode::NOT_FOUND, Msg::ErrNotFound.text(Default::default())).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "exporting a catalogue");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
