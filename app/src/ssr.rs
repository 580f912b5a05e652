//! Server-side helpers for server functions: shared state, the request's context, sessions
//! and the permission check every protected function starts with.

use axum::http::request::Parts;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use maillon::accounts::store::{CurrentUser, SignedIn, Site};
use maillon::accounts::{self, Permission};
use maillon::coop::Coop;
use maillon::i18n::Locale;
use sqlx::PgPool;
use tower_sessions::Session;

use crate::error::AppError;

/// What every request handler shares.
#[derive(Clone)]
pub struct AppState {
    pub pool: PgPool,
    pub coop: Coop,
    pub site: Site,
    pub leptos_options: LeptosOptions,
    pub sessions: SessionPolicy,
}

/// How long a session lives: idle expiry is enforced by the session store's cookie and
/// record, absolute expiry here from the time of sign-in.
#[derive(Clone, Copy, Debug)]
pub struct SessionPolicy {
    pub absolute: chrono::Duration,
}

/// Facts about the request established by the server's middleware.
#[derive(Clone, Debug)]
pub struct RequestInfo {
    pub locale: Locale,
    pub csrf_token: String,
    pub nonce: String,
    pub client_ip: String,
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or(AppError::Internal)
}

pub fn request_info() -> Option<RequestInfo> {
    use_context::<Parts>().and_then(|p| p.extensions.get::<RequestInfo>().cloned())
}

/// A plain HTML form posted to a server function (no JavaScript): it gets a redirect back to
/// the form, with the error in the URL, rather than an error status.
fn is_plain_form_post() -> bool {
    use_context::<Parts>().is_some_and(|p| {
        p.uri.path().starts_with("/api/")
            && p.headers
                .get(axum::http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("text/html"))
    })
}

/// Sets the HTTP status of a failing server function, except for plain HTML form posts: those
/// are redirected back to the form, which shows the error (progressive enhancement).
pub fn set_error_status(error: &AppError) {
    if is_plain_form_post() {
        return;
    }
    if let (Some(options), Ok(status)) = (
        use_context::<ResponseOptions>(),
        axum::http::StatusCode::from_u16(error.status()),
    ) {
        options.set_status(status);
    }
}

pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|e| {
        tracing::error!(error = %e, "no session layer");
        AppError::Internal
    })
}

const USER_ID: &str = "uid";
const PASSWORD_AT: &str = "pwd";
const SIGNED_IN_AT: &str = "since";

fn micros(at: DateTime<Utc>) -> i64 {
    at.timestamp_micros()
}

/// Starts a fresh session for the account: a new id (no fixation), the time of sign-in for
/// absolute expiry, and the password's age so that changing it ends other sessions.
pub async fn start_session(session: &Session, signed_in: &SignedIn) -> Result<(), AppError> {
    session.cycle_id().await.map_err(session_error)?;
    session.clear().await;
    session
        .insert(USER_ID, signed_in.user_id)
        .await
        .map_err(session_error)?;
    session
        .insert(PASSWORD_AT, micros(signed_in.password_changed_at))
        .await
        .map_err(session_error)?;
    session
        .insert(SIGNED_IN_AT, Utc::now().timestamp())
        .await
        .map_err(session_error)?;
    Ok(())
}

pub async fn refresh_password_mark(session: &Session, changed_at: DateTime<Utc>) -> Result<(), AppError> {
    session.cycle_id().await.map_err(session_error)?;
    session
        .insert(PASSWORD_AT, micros(changed_at))
        .await
        .map_err(session_error)
}

pub async fn end_session(session: &Session) -> Result<(), AppError> {
    session.flush().await.map_err(session_error)
}

fn session_error(e: tower_sessions::session::Error) -> AppError {
    tracing::error!(error = %e, "session store");
    AppError::Internal
}

/// The signed-in account, if the session is still valid.
pub async fn current_user() -> Result<Option<CurrentUser>, AppError> {
    user_of(&state()?, &session().await?).await
}

/// The account behind `session` (for plain axum handlers as well as server functions).
pub async fn user_of(state: &AppState, session: &Session) -> Result<Option<CurrentUser>, AppError> {
    let Some(user_id) = session.get::<i64>(USER_ID).await.map_err(session_error)? else {
        return Ok(None);
    };
    let since = session
        .get::<i64>(SIGNED_IN_AT)
        .await
        .map_err(session_error)?
        .unwrap_or(0);
    if Utc::now().timestamp() - since > state.sessions.absolute.num_seconds() {
        end_session(session).await?;
        return Ok(None);
    }
    let password_at = session.get::<i64>(PASSWORD_AT).await.map_err(session_error)?;
    let user = accounts::store::current_user(&state.pool, state.coop.id, user_id).await?;
    match user {
        Some(user) if password_at == Some(micros(user.password_changed_at)) => Ok(Some(user)),
        _ => {
            end_session(session).await?;
            Ok(None)
        }
    }
}

/// The first line of every protected server function: who is asking, and may they?
pub async fn require(permission: Permission) -> Result<CurrentUser, AppError> {
    let fail = |e: AppError| {
        set_error_status(&e);
        e
    };
    let user = current_user().await?.ok_or_else(|| fail(AppError::Unauthorized))?;
    if accounts::allows(&user.roles, permission) {
        Ok(user)
    } else {
        Err(fail(AppError::Forbidden))
    }
}

/// Rows of a bulk edit or import that failed their checks: a 422 listing each of them.
pub fn row_errors(rows: Vec<maillon::catalogue::RowError>) -> AppError {
    let e = AppError::InvalidRows { rows };
    set_error_status(&e);
    e
}

/// Fields of a form that failed their checks, reported like rows without a number.
pub fn field_errors(fields: Vec<maillon::catalogue::FieldError>) -> AppError {
    row_errors(
        fields
            .into_iter()
            .map(|f| maillon::catalogue::RowError {
                row: 0,
                field: f.field,
                msg: f.msg,
            })
            .collect(),
    )
}

/// Sets the language cookie on the response.
pub fn remember_locale(locale: Locale) -> Result<(), AppError> {
    let cookie = format!("maillon_lang={}; Path=/; Max-Age=31536000; SameSite=Lax", locale.code());
    let options = use_context::<ResponseOptions>().ok_or(AppError::Internal)?;
    options.append_header(
        axum::http::header::SET_COOKIE,
        axum::http::HeaderValue::from_str(&cookie).map_err(|_| AppError::Internal)?,
    );
    Ok(())
}
