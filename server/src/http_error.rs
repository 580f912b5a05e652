//! The one way a plain route (one that is not a server function) fails: an [`HttpError`]
//! carries its status and what it says, so a handler returns `Result<_, HttpError>` and uses
//! `?`. A service's error becomes one through `From`, each variant with its status.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maillon::error::ServiceError;
use maillon::i18n::{Locale, Msg};

/// An error of a plain route, as the HTTP answer it becomes.
#[derive(Debug)]
pub struct HttpError {
    status: StatusCode,
    said: Said,
}

/// The body of the answer: nothing (the status says it all), a message in the reader's
/// language, or a fixed text for machines (Stripe).
#[derive(Debug)]
enum Said {
    Nothing,
    Msg(Msg, Locale),
    Text(&'static str),
}

impl HttpError {
    fn new(status: StatusCode) -> HttpError {
        HttpError {
            status,
            said: Said::Nothing,
        }
    }

    /// 400: a request no form of this site sends.
    pub fn bad_request() -> HttpError {
        HttpError::new(StatusCode::BAD_REQUEST)
    }

    /// 422: a field's value is refused, for the reason `msg` gives.
    pub fn field(msg: Msg) -> HttpError {
        HttpError::new(StatusCode::UNPROCESSABLE_ENTITY).saying(msg)
    }

    /// 401: signing in is needed.
    pub fn unauthorized() -> HttpError {
        HttpError::new(StatusCode::UNAUTHORIZED)
    }

    /// 403: signed in, but not allowed.
    pub fn forbidden() -> HttpError {
        HttpError::new(StatusCode::FORBIDDEN)
    }

    /// 404: nothing here, or nothing this cooperative may see.
    pub fn not_found() -> HttpError {
        HttpError::new(StatusCode::NOT_FOUND)
    }

    /// 409: the request contradicts the state of what it is about.
    pub fn conflict() -> HttpError {
        HttpError::new(StatusCode::CONFLICT)
    }

    /// 413: a body larger than the route takes.
    pub fn too_large() -> HttpError {
        HttpError::new(StatusCode::PAYLOAD_TOO_LARGE)
    }

    /// 429: too many requests from one client; try again later.
    pub fn too_many_requests() -> HttpError {
        HttpError::new(StatusCode::TOO_MANY_REQUESTS)
    }

    /// 500, logged here with what failed; its detail never reaches the client.
    pub fn internal(what: &str, error: impl std::fmt::Display) -> HttpError {
        tracing::error!(error = %error, "{what}");
        HttpError::new(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// The same status, saying `msg` (in the default language unless [`in_locale`](Self::in_locale)).
    pub fn saying(self, msg: Msg) -> HttpError {
        HttpError {
            said: Said::Msg(msg, Locale::default()),
            ..self
        }
    }

    /// The same status and message, in `locale`.
    pub fn in_locale(self, locale: Locale) -> HttpError {
        match self.said {
            Said::Msg(msg, _) => HttpError {
                said: Said::Msg(msg, locale),
                ..self
            },
            _ => self,
        }
    }

    /// The same status, saying a fixed text (for machines rather than people).
    pub fn text(self, text: &'static str) -> HttpError {
        HttpError {
            said: Said::Text(text),
            ..self
        }
    }

    /// The same status, saying what it means to people when nothing more precise is said:
    /// sign in, forbidden, not found. Other statuses are left as they are.
    pub fn explained(self) -> HttpError {
        let msg = match self.status {
            StatusCode::UNAUTHORIZED => Msg::ErrSignInRequired,
            StatusCode::FORBIDDEN => Msg::ErrForbidden,
            StatusCode::NOT_FOUND => Msg::ErrNotFound,
            _ => return self,
        };
        match self.said {
            Said::Nothing => self.saying(msg),
            _ => self,
        }
    }

    #[cfg(test)]
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The message it says, if it says one.
    pub fn msg(&self) -> Option<Msg> {
        match self.said {
            Said::Msg(msg, _) => Some(msg),
            _ => None,
        }
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        match self.said {
            Said::Nothing => self.status.into_response(),
            Said::Msg(msg, locale) => (self.status, msg.text(locale)).into_response(),
            Said::Text(text) => (self.status, text).into_response(),
        }
    }
}

impl From<ServiceError> for HttpError {
    fn from(error: ServiceError) -> HttpError {
        match error {
            ServiceError::Invalid { msg, .. } => HttpError::field(msg),
            ServiceError::BelowMinimum { .. } => HttpError::field(Msg::ErrBelowMinimum),
            ServiceError::Unauthorized => HttpError::unauthorized(),
            ServiceError::Forbidden => HttpError::forbidden(),
            ServiceError::NotFound => HttpError::not_found(),
            ServiceError::TooManyAttempts => HttpError::too_many_requests(),
            ServiceError::OutOfStock(_) => HttpError::conflict(),
            e @ (ServiceError::Db(_) | ServiceError::Internal(_)) => HttpError::internal("a plain route", e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_service_error_keeps_its_status() {
        let status = |e: ServiceError| HttpError::from(e).status();
        assert_eq!(status(ServiceError::NotFound), StatusCode::NOT_FOUND);
        assert_eq!(status(ServiceError::Forbidden), StatusCode::FORBIDDEN);
        assert_eq!(status(ServiceError::Unauthorized), StatusCode::UNAUTHORIZED);
        assert_eq!(
            status(ServiceError::invalid(Msg::ErrCsvEmpty)),
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(
            status(ServiceError::Internal("x".into())),
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }

    #[test]
    fn explained_says_what_the_status_means_and_nothing_for_a_500() {
        assert_eq!(HttpError::not_found().explained().msg(), Some(Msg::ErrNotFound));
        assert_eq!(
            HttpError::field(Msg::ErrCsvEmpty).explained().msg(),
            Some(Msg::ErrCsvEmpty)
        );
        assert_eq!(HttpError::internal("test", "boom").explained().msg(), None);
    }
}
