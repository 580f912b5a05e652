//! Server-side helpers for server functions: shared state, the request's context, sessions
//! and the permission check every protected function starts with.

use std::sync::{Arc, Mutex};

use axum::http::request::Parts;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use maillon::accounts::store::{CurrentUser, SignedIn, Site};
use maillon::accounts::{self, Permission};
use maillon::coop::Coop;
use maillon::i18n::Locale;
use maillon::orders::store::CartOwner;
use maillon::rate_limit::{RateLimiter, client_key};
use sqlx::PgPool;
use tower_sessions::{Expiry, Session};

use crate::error::AppError;
pub use crate::error::{is_plain_form_post, set_error_status};

/// What every request handler shares.
#[derive(Clone)]
pub struct AppState {
    pub pool: PgPool,
    pub coop: Coop,
    pub site: Site,
    pub leptos_options: LeptosOptions,
    pub sessions: SessionPolicy,
    /// Card payments through Stripe, when its keys are configured.
    pub payments: Option<maillon::payments::Stripe>,
    /// How long a card order holds its stock while waiting for payment.
    pub payment_ttl: chrono::Duration,
    /// Places delivery addresses on the map, when a geocoder is configured.
    pub geocoder: Option<maillon::geo::geocode::Geocoder>,
    /// Reads a producer's DFC catalogue from the address they give, bounded.
    pub fetcher: maillon::dfc::fetch::Fetcher,
    /// How many password-hashing requests each client address may make.
    pub client_limits: ClientLimits,
}

/// How long a session lives: idle expiry is enforced by the session store's cookie and
/// record (moved forward as the session is used, see `user_of`), absolute expiry here from the
/// time of sign-in.
#[derive(Clone, Copy, Debug)]
pub struct SessionPolicy {
    pub idle: chrono::Duration,
    pub absolute: chrono::Duration,
}

/// Sign-ups, sign-ins and password resets each cost an argon2 hash (19 MiB, a core for tens of
/// milliseconds), and anyone can ask for them: each client address gets a small allowance.
#[derive(Clone, Debug)]
pub struct ClientLimits(Arc<Mutex<RateLimiter>>);

impl ClientLimits {
    /// Clients remembered at most (about 100 bytes each).
    pub const MAX_CLIENTS: usize = 100_000;

    /// `burst` requests at once per client address, `burst` more per `period`.
    pub fn new(burst: u32, period: std::time::Duration) -> ClientLimits {
        ClientLimits(Arc::new(Mutex::new(RateLimiter::new(burst, period, Self::MAX_CLIENTS))))
    }

    pub fn allow(&self, client_ip: &str) -> bool {
        let key = client_key(client_ip);
        let mut limiter = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        limiter.check(&key, std::time::Instant::now())
    }
}

/// The first line of a server function that hashes a password for anyone: refuses the client
/// address (429) once it has used its allowance.
pub fn limit_client() -> Result<(), AppError> {
    let state = state()?;
    let ip = request_info().map(|i| i.client_ip).unwrap_or_default();
    if state.client_limits.allow(&ip) {
        Ok(())
    } else {
        tracing::warn!(client = %ip, "too many password-hashing requests from one address");
        let e = AppError::TooManyRequests;
        set_error_status(&e);
        Err(e)
    }
}

/// Facts about the request established by the server's middleware.
#[derive(Clone, Debug)]
pub struct RequestInfo {
    pub locale: Locale,
    /// The language the reader chose on this browser (its cookie), if any.
    pub chosen_locale: Option<Locale>,
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

impl AppState {
    /// The service context of a request: the served cooperative, the site's address, now.
    pub fn ctx(&self) -> maillon::ctx::Ctx {
        maillon::ctx::Ctx::new(
            self.pool.clone(),
            self.coop.clone(),
            &self.site.base_url,
            chrono::Utc::now(),
        )
    }
}

/// The service context of the request being served (`maillon::ctx::Ctx`).
pub fn ctx() -> Result<maillon::ctx::Ctx, AppError> {
    Ok(state()?.ctx())
}

pub fn request_info() -> Option<RequestInfo> {
    use_context::<Parts>().and_then(|p| p.extensions.get::<RequestInfo>().cloned())
}

pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|e| {
        tracing::error!(error = %e, "no session layer");
        AppError::Internal
    })
}

/// Shown once on the next page of this session, then forgotten: a secret the page displays
/// (never in an address, where logs and history would keep it).
pub async fn flash<T: serde::Serialize>(key: &str, value: &T) -> Result<(), AppError> {
    session().await?.insert(key, value).await.map_err(session_error)
}

/// What `flash` kept under `key`, taken out of the session.
pub async fn take_flash<T: serde::de::DeserializeOwned>(key: &str) -> Result<Option<T>, AppError> {
    session().await?.remove(key).await.map_err(session_error)
}

const USER_ID: &str = "uid";
/// A browser's cart before sign-in is found by this random token kept in its session.
const CART: &str = "cart";
const PASSWORD_AT: &str = "pwd";
const SIGNED_IN_AT: &str = "since";
/// When the session was last saved to move its idle expiry forward.
const TOUCHED_AT: &str = "seen";

fn micros(at: DateTime<Utc>) -> i64 {
    at.timestamp_micros()
}

/// Starts a fresh session for the account: a new id (no fixation), the time of sign-in for
/// absolute expiry, and the password's age so that changing it ends other sessions.
pub async fn start_session(session: &Session, signed_in: &SignedIn) -> Result<(), AppError> {
    let cart = session.get::<String>(CART).await.map_err(session_error)?;
    session.cycle_id().await.map_err(session_error)?;
    session.clear().await;
    // What the browser put in its cart before signing in is now the account's.
    if let Some(token) = cart {
        maillon::orders::store::adopt_carts(&state()?.pool, &token, signed_in.user_id).await?;
    }
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
    let now = Utc::now().timestamp();
    if now - since > state.sessions.absolute.num_seconds() {
        end_session(session).await?;
        return Ok(None);
    }
    let password_at = session.get::<i64>(PASSWORD_AT).await.map_err(session_error)?;
    let user = accounts::store::current_user(&state.ctx(), user_id).await?;
    match user {
        Some(user) if password_at == Some(micros(user.password_changed_at)) => {
            touch(state, session, since, now).await?;
            Ok(Some(user))
        }
        _ => {
            end_session(session).await?;
            Ok(None)
        }
    }
}

/// A session in use stays open: reading does not save a session, so now and then (see
/// `maillon::accounts::session_needs_touch`) it is saved with its expiry moved to a full idle
/// window from now, never past the absolute end.
async fn touch(state: &AppState, session: &Session, since: i64, now: i64) -> Result<(), AppError> {
    let touched = session
        .get::<i64>(TOUCHED_AT)
        .await
        .map_err(session_error)?
        .unwrap_or(since);
    if !accounts::session_needs_touch(touched, now, state.sessions.idle) {
        return Ok(());
    }
    let end = (now + state.sessions.idle.num_seconds()).min(since + state.sessions.absolute.num_seconds());
    let end = tower_sessions::cookie::time::OffsetDateTime::from_unix_timestamp(end).map_err(|e| {
        tracing::error!(error = %e, "session expiry");
        AppError::Internal
    })?;
    session.set_expiry(Some(Expiry::AtDateTime(end)));
    session.insert(TOUCHED_AT, now).await.map_err(session_error)
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
                label: String::new(),
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

/// Who is shopping: the account if signed in, and whose cart it is (the account's, else this
/// browser session's, created on demand).
pub async fn shopper(create: bool) -> Result<(Option<CurrentUser>, Option<CartOwner>), AppError> {
    let state = state()?;
    let session = session().await?;
    if let Some(user) = user_of(&state, &session).await? {
        let owner = CartOwner::User(user.id);
        return Ok((Some(user), Some(owner)));
    }
    match session.get::<String>(CART).await.map_err(session_error)? {
        Some(token) => Ok((None, Some(CartOwner::Anon(token)))),
        None if create => {
            let token = maillon::secret::random_token();
            session.insert(CART, &token).await.map_err(session_error)?;
            Ok((None, Some(CartOwner::Anon(token))))
        }
        None => Ok((None, None)),
    }
}

/// The reader's language for this request.
pub fn locale() -> Locale {
    request_info().map(|i| i.locale).unwrap_or_default()
}

pub fn card_payments_enabled() -> bool {
    state().is_ok_and(|s| s.payments.is_some())
}

pub fn payment_ttl() -> chrono::Duration {
    state().map_or(chrono::Duration::minutes(40), |s| s.payment_ttl)
}

/// Opens (or reopens) the Stripe Checkout page of the signed-in applicant's shares, paid by card
/// (`maillon::governance::store::open_share_payment`), and returns its address.
pub async fn open_share_payment() -> Result<String, AppError> {
    let state = state()?;
    let user = current_user().await?.ok_or_else(|| {
        set_error_status(&AppError::Unauthorized);
        AppError::Unauthorized
    })?;
    Ok(
        maillon::governance::store::open_share_payment(&state.ctx(), state.payments.as_ref(), user.id, user.locale)
            .await?,
    )
}

/// Opens the Stripe Checkout page of a credit top-up of `cents` for the signed-in member
/// (`maillon::credit::store::open_top_up`) and returns its address.
pub async fn open_top_up(cents: i64) -> Result<String, AppError> {
    let state = state()?;
    let user = current_user().await?.ok_or_else(|| {
        set_error_status(&AppError::Unauthorized);
        AppError::Unauthorized
    })?;
    let locale = user.locale;
    Ok(maillon::credit::store::open_top_up(&state.ctx(), state.payments.as_ref(), &user, cents, locale).await?)
}

/// Opens (or reopens) the Stripe Checkout page of the signed-in buyer's pending card order and
/// returns its address (`maillon::orders::card_payment`).
pub async fn open_card_payment(order_id: i64) -> Result<String, AppError> {
    let state = state()?;
    let user = current_user().await?.ok_or_else(|| {
        set_error_status(&AppError::Unauthorized);
        AppError::Unauthorized
    })?;
    let payments = maillon::orders::card_payment::CardPayments {
        stripe: state.payments.as_ref(),
        ttl: state.payment_ttl,
    };
    Ok(maillon::orders::card_payment::open(
        &state.ctx(),
        &payments,
        maillon::ids::UserId(user.id),
        user.locale,
        maillon::ids::OrderId(order_id),
    )
    .await?)
}

/// Gives the solidarity fund the round-ups of credit checkouts, just after the checkout and
/// one pass at a time in this process, so that checkouts never queue on the fund's row; the
/// clock collects what a pass missed.
pub fn collect_round_ups_soon() {
    use std::sync::atomic::{AtomicBool, Ordering};
    static RUNNING: AtomicBool = AtomicBool::new(false);
    let Ok(state) = state() else {
        return;
    };
    if RUNNING.swap(true, Ordering::AcqRel) {
        return;
    }
    tokio::spawn(async move {
        loop {
            match maillon::orders::store::collect_round_ups(&state.pool, state.coop.id, chrono::Utc::now()).await {
                Ok(0) => break,
                Ok(_) => continue,
                Err(e) => {
                    tracing::error!(error = %e, "giving round-ups to the solidarity fund");
                    break;
                }
            }
        }
        RUNNING.store(false, Ordering::Release);
    });
}
