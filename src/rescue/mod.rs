//! Anti-waste: after reception, or at the end of a pickup day, hub staff give what is left of
//! a cycle (surplus, baskets never collected) to a partner food-aid association, which
//! confirms receipt from its phone. Each donation keeps its weight and its value at the
//! cycle's price, so the kilograms and euros rescued add up per cycle, per producer and per
//! association, and the transparency figures publish them.
//!
//! Before giving, staff may sell it as last-minute lots (`lots`).
//!
//! Pure: the form's checks and the totals. `store` writes `rescue_donations` and
//! `rescue_lots`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::i18n::Msg;

pub mod lots;
#[cfg(feature = "ssr")]
pub mod store;

/// At most this many units in one donation: a crate of 10,000 pieces is already a lorry.
pub const MAX_UNITS: i64 = 10_000;

pub const PER_PAGE: u32 = 30;

/// The units given: a whole number from 1 to [`MAX_UNITS`].
pub fn parse_quantity(raw: &str) -> Result<i64, Msg> {
    raw.trim()
        .parse::<i64>()
        .ok()
        .filter(|q| (1..=MAX_UNITS).contains(q))
        .ok_or(Msg::ErrRescueQuantity)
}

/// A donation as staff and its association see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DonationView {
    pub id: i64,
    pub cycle_name: String,
    pub description: String,
    pub producer_name: String,
    pub association: String,
    pub quantity: i64,
    pub grams: i64,
    pub value_cents: i64,
    pub recorded_at: DateTime<Utc>,
    pub received_at: Option<DateTime<Utc>>,
}

/// Kilograms and euros rescued under one name (a producer, an association).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rescued {
    pub name: String,
    pub donations: i64,
    pub grams: i64,
    pub value_cents: i64,
}

/// A cycle whose goods may be given, with the variants it offered: (id, "Product — variant ·
/// producer").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GivingCycle {
    pub id: i64,
    pub name: String,
    pub variants: Vec<(i64, String)>,
}

/// What the hub's anti-waste page shows: the cycles whose goods may be given, the partner
/// associations, the latest donations, and the totals of every donation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RescueDesk {
    /// Closed or delivered cycles, newest first.
    pub cycles: Vec<GivingCycle>,
    pub associations: Vec<(i64, String)>,
    pub donations: crate::coop::Page<DonationView>,
    pub by_producer: Vec<Rescued>,
    pub by_association: Vec<Rescued>,
    /// The latest last-minute lots, newest first.
    pub lots: Vec<lots::LotView>,
    /// The last-minute sales still on: a new lot of their cycle joins them.
    pub open_sales: Vec<lots::OpenSale>,
    /// Where a new sale's lots are collected: (id, name).
    pub pickup_points: Vec<(i64, String)>,
    /// The window the form suggests for a new sale.
    pub window: lots::Window,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_are_whole_and_bounded() {
        assert_eq!(parse_quantity(" 3 "), Ok(3));
        assert_eq!(parse_quantity("10000"), Ok(MAX_UNITS));
        for bad in ["0", "-2", "10001", "1.5", "", "x", "99999999999999999999"] {
            assert_eq!(parse_quantity(bad), Err(Msg::ErrRescueQuantity), "{bad}");
        }
    }
}
