//! The error every server function returns. It travels to the browser as JSON and is shown
//! there in the reader's language; on the server it also sets the HTTP status.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use maillon::i18n::Msg;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("invalid: {msg:?}")]
    Invalid { field: Option<String>, msg: Msg },
    #[error("sign-in required")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("too many attempts")]
    TooManyAttempts,
    /// Too many costly requests (sign-ups, sign-ins, password resets) from one client address.
    #[error("too many requests")]
    TooManyRequests,
    #[error("bad request: {0}")]
    BadRequest(String),
    /// Some rows (or fields) of a larger form are wrong; nothing was saved.
    #[error("invalid rows")]
    InvalidRows { rows: Vec<maillon::catalogue::RowError> },
    /// Some lines ask for more than is left; nothing was reserved.
    #[error("out of stock")]
    OutOfStock { lines: Vec<maillon::orders::Shortage> },
    /// Some counts of a reception are far below the order: nothing was recorded; the form
    /// comes back with the counts as entered (`counts`: variant, received) and those to
    /// confirm (`lines`), also without JavaScript.
    #[error("reception to confirm")]
    ConfirmReception { counts: Vec<(i64, i64)>, lines: Vec<i64> },
    /// Home delivery needs a bigger basket: how much, and how much is missing.
    #[error("below the delivery minimum")]
    BelowMinimum { minimum_cents: i64, missing_cents: i64 },
    #[error("internal error")]
    Internal,
}

impl AppError {
    pub fn invalid(msg: Msg) -> Self {
        AppError::Invalid { field: None, msg }
    }

    /// What to tell the person.
    pub fn msg(&self) -> Msg {
        match self {
            AppError::Invalid { msg, .. } => *msg,
            AppError::Unauthorized => Msg::ErrSignInRequired,
            AppError::Forbidden => Msg::ErrForbidden,
            AppError::NotFound => Msg::ErrNotFound,
            AppError::TooManyAttempts => Msg::ErrTooManyAttempts,
            AppError::TooManyRequests => Msg::ErrTooManyRequests,
            AppError::BadRequest(_) => Msg::ErrBadRequest,
            AppError::InvalidRows { .. } => Msg::ErrSomeRowsInvalid,
            AppError::OutOfStock { .. } => Msg::ErrOutOfStock,
            AppError::ConfirmReception { .. } => Msg::ErrConfirmReception,
            AppError::BelowMinimum { .. } => Msg::ErrBelowMinimumBy,
            AppError::Internal => Msg::ErrInternal,
        }
    }

    /// What to tell the person, with the figures the message names.
    pub fn text(&self, locale: maillon::i18n::Locale) -> String {
        use maillon::money::format_cents;
        match self {
            AppError::BelowMinimum {
                minimum_cents,
                missing_cents,
            } => self.msg().fill(
                locale,
                &[
                    ("minimum", &format_cents(*minimum_cents, locale)),
                    ("missing", &format_cents(*missing_cents, locale)),
                ],
            ),
            _ => self.msg().text(locale).to_owned(),
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            AppError::Invalid { .. } | AppError::InvalidRows { .. } | AppError::BelowMinimum { .. } => 422,
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::TooManyAttempts | AppError::TooManyRequests => 429,
            AppError::OutOfStock { .. } | AppError::ConfirmReception { .. } => 409,
            AppError::BadRequest(_) => 400,
            AppError::Internal => 500,
        }
    }

    /// The form field this error is about, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::Invalid { field, .. } => field.as_deref(),
            AppError::BelowMinimum { .. } => Some("slot"),
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        let error = match value {
            ServerFnErrorErr::Args(e) | ServerFnErrorErr::Deserialization(e) | ServerFnErrorErr::MissingArg(e) => {
                AppError::BadRequest(e)
            }
            ServerFnErrorErr::Request(e) | ServerFnErrorErr::Response(e) => AppError::BadRequest(e),
            _ => AppError::Internal,
        };
        #[cfg(feature = "ssr")]
        set_error_status(&error);
        error
    }
}

#[cfg(feature = "ssr")]
impl From<maillon::error::ServiceError> for AppError {
    fn from(error: maillon::error::ServiceError) -> Self {
        use maillon::error::ServiceError;
        let app = match error {
            ServiceError::Invalid { field, msg } => AppError::Invalid {
                field: field.map(str::to_owned),
                msg,
            },
            ServiceError::Unauthorized => AppError::Unauthorized,
            ServiceError::Forbidden => AppError::Forbidden,
            ServiceError::NotFound => AppError::NotFound,
            ServiceError::TooManyAttempts => AppError::TooManyAttempts,
            ServiceError::OutOfStock(lines) => AppError::OutOfStock { lines },
            ServiceError::BelowMinimum {
                minimum_cents,
                missing_cents,
            } => AppError::BelowMinimum {
                minimum_cents,
                missing_cents,
            },
            ServiceError::Db(e) => {
                tracing::error!(error = %e, "database error");
                AppError::Internal
            }
            ServiceError::Internal(e) => {
                tracing::error!(error = %e, "internal error");
                AppError::Internal
            }
        };
        set_error_status(&app);
        app
    }
}

/// A plain HTML form posted to a server function (no JavaScript): it gets a redirect back to
/// the form, with the error in the URL, rather than an error status.
#[cfg(feature = "ssr")]
pub fn is_plain_form_post() -> bool {
    leptos::prelude::use_context::<axum::http::request::Parts>().is_some_and(|p| {
        p.uri.path().starts_with("/api/")
            && p.headers
                .get(axum::http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("text/html"))
    })
}

/// Sets the HTTP status of a failing server function, except for plain HTML form posts: those
/// are redirected back to the form, which shows the error (progressive enhancement).
#[cfg(feature = "ssr")]
pub fn set_error_status(error: &AppError) {
    if is_plain_form_post() {
        return;
    }
    if let (Some(options), Ok(status)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        axum::http::StatusCode::from_u16(error.status()),
    ) {
        options.set_status(status);
    }
}
