//! The service context: what every service needs to know about the request it serves, built
//! once per request by the UI crate (`app::ssr::ctx`) and by the workers for each cooperative
//! they serve, and passed to services instead of a pool, a cooperative id, a base URL and a
//! time.
//!
//! Tenancy cannot be forgotten: the cooperative comes from the context, not from an argument a
//! caller could take from the request.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;

/// The cooperative a context serves: its id (tenancy), and the name and time zone its emails
/// and views show. Read once (at start-up, or by a worker), never again per request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Coop {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub timezone: crate::time::Zone,
}

#[derive(Clone, Debug)]
pub struct Ctx {
    pub pool: PgPool,
    coop: Coop,
    base_url: String,
    /// The clock's reading for this request: every rule applied to it sees the same time.
    pub now: DateTime<Utc>,
}

impl Ctx {
    /// `base_url` is the site's public address, without a trailing slash (links in emails).
    pub fn new(pool: PgPool, coop: Coop, base_url: &str, now: DateTime<Utc>) -> Ctx {
        Ctx {
            pool,
            coop,
            base_url: base_url.trim_end_matches('/').to_owned(),
            now,
        }
    }

    /// The cooperative served: every query of a tenant-owned table filters on it.
    pub fn coop_id(&self) -> i64 {
        self.coop.id
    }

    /// The cooperative's name and time zone, as read when the context was built.
    pub fn coop(&self) -> &Coop {
        &self.coop
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// An absolute link to a path of the site (`/commandes/12`), for emails.
    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// Today in the cooperative's time zone (how registers date what happens now).
    pub fn today(&self) -> NaiveDate {
        self.now.with_timezone(&self.coop.timezone.tz()).date_naive()
    }

    /// The same context at another time (the clock's jobs, tests).
    pub fn at(&self, now: DateTime<Utc>) -> Ctx {
        Ctx { now, ..self.clone() }
    }
}
