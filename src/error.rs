//! The one error type of the services. Its variants say what the caller should be told;
//! database and internal failures are logged by the layer that answers, never shown.

use crate::i18n::Msg;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Bad input, with the message to show (and the form field when there is one).
    #[error("invalid input: {msg:?}")]
    Invalid { field: Option<&'static str>, msg: Msg },
    #[error("sign-in required")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("too many attempts")]
    TooManyAttempts,
    /// Some lines ask for more than is left; nothing was reserved.
    #[error("out of stock")]
    OutOfStock(Vec<crate::shortage::Shortage>),
    /// Home delivery needs a bigger basket: the buyer is told the minimum and what is missing.
    #[error("below the delivery minimum")]
    BelowMinimum { minimum_cents: i64, missing_cents: i64 },
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error("internal error: {0}")]
    Internal(String),
}

impl ServiceError {
    pub fn invalid(msg: Msg) -> Self {
        ServiceError::Invalid { field: None, msg }
    }

    pub fn field(field: &'static str, msg: Msg) -> Self {
        ServiceError::Invalid {
            field: Some(field),
            msg,
        }
    }
}

pub type ServiceResult<T> = Result<T, ServiceError>;

/// An update of one row by id that changed nothing: the row is not there (or not the caller's).
pub fn found(rows_affected: u64) -> ServiceResult<()> {
    if rows_affected == 0 {
        Err(ServiceError::NotFound)
    } else {
        Ok(())
    }
}
