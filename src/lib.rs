//! Maillon: the domain of a cooperative short-circuit marketplace.
//!
//! Pure rules compile everywhere (server and wasm); persistence and side effects
//! sit behind the `ssr` feature, one module per bounded context.
//!
//! # Dependency order
//!
//! A module uses only the modules below it (ARCHITECTURE.md; `scripts/check-structure.py`,
//! run by `make lint`, fails on an import against this order):
//!
//! ```text
//! demo                                                    (assembles everything)
//! transparency the public figures and open data, computed once per cycle
//! actors       the actors directory: profiles, shares and needs, messages, the map
//! rescue       donations of what is left to partner food-aid associations
//! hub          purchase orders, reception, packing, rounds; handles closed cycles
//! ledger       invoices and credit notes, numbered without gaps, with their e-invoice XML
//! orders       carts, checkout, changes, payment, the pickup desk; sole writer of orders
//! solidarity   solidarity statuses and prices, the public solidarity fund
//! credit       members' credit: top-ups, refunds to credit, payments at checkout
//! cycles       order cycles, offers, slots, pickup points, delivery zones
//! catalogue    producers, products, variants, photos, imports
//! governance   members and shares, colleges, assemblies, secret votes, decisions register
//! coop         the cooperative, its accounts, roles and settings; sign-up
//! accounts     users, passwords, sessions, tokens, permissions
//! leaves       geo money time i18n ids paths ctx audit error db mail jobs payments shortage
//!              redirect rate_limit secret spreadsheet
//! ```
//!
//! `routing` (the vehicle-routing solver) uses `geo` only. A lower context that must cause
//! work in a higher one enqueues a job in its transaction (closing a cycle: `hub::closing`).

pub mod accounts;
pub mod actors;
pub mod audit;
pub mod catalogue;
pub mod coop;
pub mod credit;
pub mod cycles;
pub mod geo;
pub mod governance;
pub mod hub;
pub mod i18n;
pub mod ids;
pub mod ledger;
pub mod money;
pub mod orders;
pub mod paths;
pub mod rate_limit;
pub mod redirect;
pub mod rescue;
pub mod shortage;
pub mod solidarity;
pub mod time;
pub mod transparency;

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
pub mod dfc;
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
