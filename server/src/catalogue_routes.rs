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

use crate::http_error::HttpError;
use crate::paths::{IMPORT_UPLOAD, PHOTO_UPLOAD};
use crate::security::{CSRF_COOKIE, cookie};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(maillon::paths::PHOTO_PATTERN, get(serve_photo))
        .route(PHOTO_UPLOAD, post(upload_photo))
        .route(IMPORT_UPLOAD, post(upload_import))
        .route(&maillon::paths::export_csv(), get(export_csv))
        .layer(DefaultBodyLimit::max(photo::MAX_UPLOAD_BYTES + 64 * 1024))
}

async fn serve_photo(
    State(state): State<AppState>,
    Path((id, width)): Path<(i64, u32)>,
    headers: HeaderMap,
) -> Result<Response, HttpError> {
    // The same address serves WebP or JPEG depending on the browser's Accept header.
    let webp = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(photo::accepts_webp);
    let cache = "public, max-age=31536000, immutable";
    let etag = |content_type: &str| format!("\"{id}-{width}-{}\"", content_type.trim_start_matches("image/"));
    let if_none_match = headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok());
    let store::StoredRendition {
        content_type, bytes, ..
    } = store::photo_rendition(&state.ctx(), id, width, webp).await?;
    let etag = etag(&content_type);
    if if_none_match == Some(etag.as_str()) {
        return Ok((
            StatusCode::NOT_MODIFIED,
            [
                (header::ETAG, etag),
                (header::CACHE_CONTROL, cache.to_owned()),
                (header::VARY, "accept".to_owned()),
            ],
        )
            .into_response());
    }
    Ok((
        [
            (header::ETAG, etag),
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, cache.to_owned()),
            (header::VARY, "accept".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

/// How a plain form is answered: back to the page with the outcome in the query string for
/// browsers, a status and message for other clients.
struct Outcome {
    html: bool,
    back: String,
}

impl Outcome {
    fn new(headers: &HeaderMap, back: &str) -> Outcome {
        let html = headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"));
        Outcome {
            html,
            back: back.into(),
        }
    }

    /// A failed upload: its message (what the status means when it has none, else "internal
    /// error") goes back to the page under `key`, or to the client with the status.
    fn failed(&self, key: &str, error: HttpError) -> Response {
        let error = error.explained();
        let msg = error.msg().unwrap_or(Msg::ErrInternal);
        if self.html {
            let sep = if self.back.contains('?') { '&' } else { '?' };
            Redirect::to(&format!("{}{sep}{key}={msg:?}", self.back)).into_response()
        } else {
            error.saying(msg).into_response()
        }
    }
}

#[derive(Default)]
struct Form {
    fields: std::collections::HashMap<String, String>,
    file: Option<Vec<u8>>,
}

async fn read_form(mut multipart: Multipart, file_field: &str) -> Result<Form, HttpError> {
    let too_large = |msg| HttpError::too_large().saying(msg);
    let mut form = Form::default();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| too_large(Msg::ErrPhotoTooLarge))?
    {
        let name = field.name().unwrap_or_default().to_owned();
        if name == file_field {
            let bytes = field.bytes().await.map_err(|_| too_large(Msg::ErrPhotoTooLarge))?;
            form.file = Some(bytes.to_vec());
        } else {
            form.fields
                .insert(name, field.text().await.map_err(|_| too_large(Msg::ErrBadRequest))?);
        }
    }
    Ok(form)
}

/// `path` with one more query parameter, its value percent-encoded.
fn with_query(path: &str, key: &str, value: &str) -> String {
    let sep = if path.contains('?') { '&' } else { '?' };
    let mut encoded = String::with_capacity(value.len() * 3);
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("{path}{sep}{key}={encoded}")
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
    let mut outcome = Outcome::new(&headers, maillon::paths::DASHBOARD);
    match add_photo(&state, &session, &headers, multipart, &mut outcome).await {
        Ok(response) => response,
        Err(e) => outcome.failed("photo_erreur", e),
    }
}

async fn add_photo(
    state: &AppState,
    session: &Session,
    headers: &HeaderMap,
    multipart: Multipart,
    outcome: &mut Outcome,
) -> Result<Response, HttpError> {
    let bad_request = || HttpError::bad_request().saying(Msg::ErrBadRequest);
    let form = read_form(multipart, "photo").await?;
    if let Some(back) = form
        .fields
        .get("back")
        .and_then(|b| maillon::redirect::local_path(b))
        .map(str::to_owned)
    {
        outcome.back = back;
    }
    if !csrf_ok(headers, &form) {
        return Err(HttpError::forbidden().saying(Msg::ErrCsrf));
    }
    let user = signed_in(state, session).await.ok_or_else(HttpError::unauthorized)?;
    let target_id = form
        .fields
        .get("target_id")
        .and_then(|v| v.trim().parse::<i64>().ok())
        .ok_or_else(bad_request)?;
    let target = form.fields.get("target").map(String::as_str).unwrap_or_default();
    let ctx = state.ctx();
    let owner = catalogue::ownership::photo_owner(&ctx, &user, target, target_id)
        .await?
        .ok_or_else(bad_request)?;
    let bytes = form.file.unwrap_or_default();
    // Decoding and resizing are CPU work: off the async runtime, a few at a time.
    let renditions = photo::process_in_turn(bytes).await.map_err(HttpError::field)?;
    let id = store::add_photo(&ctx, owner, &renditions).await?;
    Ok(if outcome.html {
        let sep = if outcome.back.contains('?') { '&' } else { '?' };
        Redirect::to(&format!("{}{sep}photo={id}", outcome.back)).into_response()
    } else {
        (StatusCode::CREATED, id.to_string()).into_response()
    })
}

async fn upload_import(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let mut outcome = Outcome::new(&headers, maillon::paths::IMPORT);
    match create_import(&state, &session, &headers, multipart, &mut outcome).await {
        Ok(response) => response,
        Err(e) => outcome.failed("erreur", e),
    }
}

async fn create_import(
    state: &AppState,
    session: &Session,
    headers: &HeaderMap,
    multipart: Multipart,
    outcome: &mut Outcome,
) -> Result<Response, HttpError> {
    let form = read_form(multipart, "file").await?;
    let producer: Option<i64> = form.fields.get("producer").and_then(|v| v.parse().ok());
    if let Some(p) = producer {
        outcome.back = format!("{}?producteur={p}", maillon::paths::IMPORT);
    }
    if !csrf_ok(headers, &form) {
        return Err(HttpError::forbidden().saying(Msg::ErrCsrf));
    }
    let user = signed_in(state, session).await.ok_or_else(HttpError::unauthorized)?;
    let ctx = state.ctx();
    let farm = catalogue::ownership::managed_farm(&ctx, &user, producer).await?;
    let file = form.file.unwrap_or_default();
    let url = form.fields.get("url").map(|u| u.trim()).unwrap_or_default();
    // A file chosen wins; else the DFC catalogue at the address given.
    let content = if file.is_empty() && !url.is_empty() {
        // Back to the form with the address as typed, should it fail (if it is not too long to).
        if url.chars().count() <= maillon::dfc::fetch::MAX_URL_CHARS {
            outcome.back = with_query(&outcome.back, "adresse", url);
        }
        let fetched = state.fetcher.fetch(url).await.map_err(HttpError::field)?;
        if !maillon::dfc::import::is_dfc(&fetched) {
            return Err(HttpError::field(Msg::ErrDfcUnreadable));
        }
        fetched
    } else {
        catalogue::csv::decode(&file)
    };
    if content.trim().is_empty() {
        return Err(HttpError::field(Msg::ErrCsvEmpty));
    }
    // A DFC catalogue goes through the same preview, as the lines it gives.
    let content = if maillon::dfc::import::is_dfc(&content) {
        maillon::dfc::import::to_csv(&content).map_err(HttpError::field)?
    } else {
        content
    };
    let id = store::create_import(&ctx, farm, user.id, &content).await?;
    let farm_param = producer.map(|p| format!("?producteur={p}")).unwrap_or_default();
    Ok(Redirect::to(&format!("{}{farm_param}", maillon::paths::import_preview(id))).into_response())
}

#[derive(Deserialize)]
struct ExportQuery {
    producteur: Option<i64>,
}

async fn export_csv(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<ExportQuery>,
) -> Result<Response, HttpError> {
    let explained = |e: ServiceError| HttpError::from(e).explained();
    let user = signed_in(&state, &session)
        .await
        .ok_or_else(|| HttpError::unauthorized().explained())?;
    let ctx = state.ctx();
    let farm = catalogue::ownership::managed_farm(&ctx, &user, q.producteur)
        .await
        .map_err(explained)?;
    let products = store::producer_products(&ctx, farm).await.map_err(explained)?;
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
    Ok(response)
}
