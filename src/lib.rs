//! Maillon: the domain of a cooperative short-circuit marketplace.
//!
//! Pure rules compile everywhere (server and wasm); persistence and side effects
//! sit behind the `ssr` feature, one module per bounded context.

pub mod accounts;
pub mod catalogue;
pub mod coop;
pub mod cycles;
pub mod geo;
pub mod hub;
pub mod i18n;
pub mod money;
pub mod orders;
pub mod paths;
pub mod rate_limit;
pub mod redirect;
pub mod shortage;
pub mod time;

#[cfg(feature = "routing")]
pub mod routing;

#[cfg(feature = "ssr")]
pub mod ctx;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod demo_art;
#[cfg(feature = "ssr")]
pub mod error;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod mail;
#[cfg(feature = "ssr")]
pub mod payments;
#[cfg(feature = "ssr")]
pub mod secret;
#[cfg(feature = "ssr")]
pub mod spreadsheet;
