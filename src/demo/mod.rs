//! A believable cooperative to try Maillon with: a hub in Lille, eight farms of the
//! Métropole, two pickup points, three shops, a dozen residents and one account per role.
//!
//! `data` holds what the demo is made of, `seed` writes it; `history` adds last week's
//! delivered cycle with its invoices, `governance` the members and assemblies, `actors` the
//! actors directory.

mod actors;
mod data;
mod governance;
mod history;
mod seed;

use crate::accounts::Role;

/// Every demo account uses this password (they live on `.test` addresses, which never route).
pub const PASSWORD: &str = "maillon-demo-2026";

/// The accounts printed at start, one per role.
pub const ROLE_ACCOUNTS: [(Role, &str); 6] = [
    (Role::Board, "conseil@maillon.test"),
    (Role::HubStaff, "hub@maillon.test"),
    (Role::Producer, "producteur@maillon.test"),
    (Role::Shopkeeper, "commerce@maillon.test"),
    (Role::Resident, "habitant@maillon.test"),
    (Role::LocalAuthority, LOCAL_AUTHORITY),
];

/// The local authority's partner: reads the value chains (and is in the actors directory).
pub const LOCAL_AUTHORITY: &str = "collectivite@maillon.test";

pub use governance::seed_governance;
pub use history::seed_history;
pub use seed::{seed, seed_orders, seed_photos};
